/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_dns.c - DNS on the loop against a responder inside the
 *  test (127.0.0.1, ephemeral port, serviced from the same loop), answer
 *  parsing and address classes
 *
 *  Zone of the responder (names under .test):
 *    a.test       A 192.0.2.1 (AAAA: NOERROR, no data)
 *    host.test    A 192.0.2.7 and AAAA 2001:db8::7
 *    signed.test  A 192.0.2.9, plus an RRSIG when the query has DO
 *    nx.test      NXDOMAIN (SOA in AUTHORITY)
 *    sf.test      SERVFAIL
 *    drop.test    never answered
 */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "dns.h"
#include "loop.h"

/* ---- the responder ------------------------------------------------------- */

struct responder {
  struct dc_loop *l;
  int             fd;
  int             port;
  int             nqueries;
  bool            last_do; /* DO bit of the last query */
  int             last_qtype;
};

static void push_rr(ldns_pkt *p, ldns_pkt_section sec, const char *text)
{
  ldns_rr *rr = NULL;
  assert_int_equal(ldns_rr_new_frm_str(&rr, text, 300, NULL, NULL),
                   LDNS_STATUS_OK);
  assert_true(ldns_pkt_push_rr(p, sec, rr));
}

static void responder_cb(void *ud, int fd, unsigned events)
{
  struct responder       *s = ud;
  unsigned char           buf[4096];
  struct sockaddr_storage from;
  socklen_t               fromlen = sizeof(from);
  ssize_t                 n;
  ldns_pkt               *q    = NULL;
  ldns_pkt               *resp = NULL;
  ldns_rr                *qrr;
  char                   *qname;
  ldns_rr_type            qt;
  uint8_t                *wire = NULL;
  size_t                  wlen = 0;

  (void)events;
  n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
  if (n <= 0) {
    return;
  }
  assert_int_equal(ldns_wire2pkt(&q, buf, (size_t)n), LDNS_STATUS_OK);
  s->nqueries++;
  s->last_do = ldns_pkt_edns_do(q);
  qrr        = ldns_rr_list_rr(ldns_pkt_question(q), 0);
  assert_non_null(qrr);
  qname         = ldns_rdf2str(ldns_rr_owner(qrr));
  qt            = ldns_rr_get_type(qrr);
  s->last_qtype = (int)qt;

  if (strcmp(qname, "drop.test.") == 0) {
    goto done;
  }
  resp = ldns_pkt_new();
  assert_non_null(resp);
  ldns_pkt_set_id(resp, ldns_pkt_id(q));
  ldns_pkt_set_qr(resp, true);
  ldns_pkt_set_rd(resp, ldns_pkt_rd(q));
  ldns_pkt_set_ra(resp, true);
  assert_true(
      ldns_pkt_push_rr(resp, LDNS_SECTION_QUESTION, ldns_rr_clone(qrr)));
  if (ldns_pkt_edns(q)) {
    ldns_pkt_set_edns_udp_size(resp, 1232);
    ldns_pkt_set_edns_do(resp, ldns_pkt_edns_do(q));
  }
  if (strcmp(qname, "a.test.") == 0 && qt == LDNS_RR_TYPE_A) {
    push_rr(resp, LDNS_SECTION_ANSWER, "a.test. 300 IN A 192.0.2.1");
  } else if (strcmp(qname, "host.test.") == 0 && qt == LDNS_RR_TYPE_A) {
    push_rr(resp, LDNS_SECTION_ANSWER, "host.test. 300 IN A 192.0.2.7");
  } else if (strcmp(qname, "host.test.") == 0 && qt == LDNS_RR_TYPE_AAAA) {
    push_rr(resp, LDNS_SECTION_ANSWER, "host.test. 300 IN AAAA 2001:db8::7");
  } else if (strcmp(qname, "signed.test.") == 0 && qt == LDNS_RR_TYPE_A) {
    push_rr(resp, LDNS_SECTION_ANSWER, "signed.test. 300 IN A 192.0.2.9");
    if (ldns_pkt_edns_do(q)) {
      push_rr(resp, LDNS_SECTION_ANSWER,
              "signed.test. 300 IN RRSIG A 13 2 300 20300101000000 "
              "20200101000000 12345 test. AAECAwQFBgcICQ==");
    }
  } else if (strcmp(qname, "nx.test.") == 0) {
    ldns_pkt_set_rcode(resp, LDNS_RCODE_NXDOMAIN);
    ldns_pkt_set_aa(resp, true);
    push_rr(resp, LDNS_SECTION_AUTHORITY,
            "test. 300 IN SOA ns.test. host.test. 1 7200 3600 1209600 300");
  } else if (strcmp(qname, "sf.test.") == 0) {
    ldns_pkt_set_rcode(resp, LDNS_RCODE_SERVFAIL);
  }
  assert_int_equal(ldns_pkt2wire(&wire, resp, &wlen), LDNS_STATUS_OK);
  assert_int_equal(sendto(fd, wire, wlen, 0, (struct sockaddr *)&from, fromlen),
                   (ssize_t)wlen);
done:
  free(wire);
  free(qname);
  ldns_pkt_free(resp);
  ldns_pkt_free(q);
}

static int udp_bound(int *port)
{
  struct sockaddr_in sin;
  socklen_t          len = sizeof(sin);
  int                fd  = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

  assert_true(fd >= 0);
  memset(&sin, 0, sizeof(sin));
  sin.sin_family      = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
  *port = ntohs(sin.sin_port);
  return fd;
}

static void responder_start(struct responder *s, struct dc_loop *l)
{
  memset(s, 0, sizeof(*s));
  s->l  = l;
  s->fd = udp_bound(&s->port);
  assert_int_equal(dc_loop_watch(l, s->fd, DC_IO_READ, responder_cb, s), DC_OK);
}

static void responder_stop(struct responder *s)
{
  assert_int_equal(dc_loop_watch(s->l, s->fd, 0, NULL, NULL), DC_OK);
  (void)close(s->fd);
}

/* ---- fixtures and callbacks ---------------------------------------------- */

struct fx {
  struct dc_loop  *l;
  struct dc_dns   *d;
  struct responder srv;
  char             server[64];
};

static void fx_open(struct fx *f, int timeout_ms, int tries)
{
  const char *servers[1];

  memset(f, 0, sizeof(*f));
  assert_int_equal(dc_loop_create(&f->l), DC_OK);
  responder_start(&f->srv, f->l);
  (void)snprintf(f->server, sizeof(f->server), "127.0.0.1:%d", f->srv.port);
  servers[0] = f->server;
  assert_int_equal(dc_dns_create(&f->d, f->l, servers, 1, timeout_ms, tries),
                   DC_OK);
}

static void fx_close(struct fx *f)
{
  dc_dns_destroy(f->d);
  responder_stop(&f->srv);
  /* Everything of the resolver is gone from the loop. */
  assert_int_equal(dc_loop_pending(f->l), 0);
  dc_loop_destroy(f->l);
}

static uint64_t now_ms(void)
{
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Run the loop until *calls reaches want or max_ms passed. */
static void run_until(struct dc_loop *l, const int *calls, int want, int max_ms)
{
  uint64_t end = now_ms() + (uint64_t)max_ms;
  while (*calls < want && now_ms() < end) {
    assert_int_equal(dc_loop_run_once(l, 50), DC_OK);
  }
}

/* Run for a while whatever happens (to see that nothing else fires). */
static void run_for(struct dc_loop *l, int ms)
{
  uint64_t end = now_ms() + (uint64_t)ms;
  while (now_ms() < end) {
    assert_int_equal(dc_loop_run_once(l, 20), DC_OK);
  }
}

struct qrec {
  int                  calls;
  dc_status_t          st;
  struct dc_dns_answer ans;
  dc_status_t          parse_st;
  /* optional actions inside the callback */
  struct dc_dns      *destroy;
  struct dc_dns      *cancel_d;
  struct dc_dns_req **cancel_req;
};

static void query_cb(void *ud, dc_status_t st, const unsigned char *answer,
                     size_t len)
{
  struct qrec *r = ud;
  r->calls++;
  r->st = st;
  if (st == DC_OK) {
    assert_non_null(answer);
    r->parse_st = dc_dns_parse(answer, len, LDNS_RR_TYPE_A, &r->ans);
  } else {
    assert_null(answer);
    assert_int_equal(len, 0);
  }
  if (r->cancel_d != NULL) {
    dc_dns_cancel(r->cancel_d, *r->cancel_req);
  }
  if (r->destroy != NULL) {
    dc_dns_destroy(r->destroy);
  }
}

struct arec {
  int                     calls;
  dc_status_t             st;
  struct sockaddr_storage addrs[8];
  size_t                  n;
};

static void addr_cb(void *ud, dc_status_t st,
                    const struct sockaddr_storage *addrs, size_t n)
{
  struct arec *r = ud;
  size_t       i;
  r->calls++;
  r->st = st;
  r->n  = n;
  if (st == DC_OK) {
    assert_true(n >= 1);
    assert_non_null(addrs);
  } else {
    assert_int_equal(n, 0);
  }
  for (i = 0; i < n && i < DC_ARRAY_LEN(r->addrs); i++) {
    r->addrs[i] = addrs[i];
  }
}

static bool has_addr(const struct arec *r, int family, const char *text,
                     int port)
{
  size_t i;
  for (i = 0; i < r->n; i++) {
    char buf[INET6_ADDRSTRLEN];
    if (r->addrs[i].ss_family != family) {
      continue;
    }
    if (family == AF_INET) {
      const struct sockaddr_in *sin = (const void *)&r->addrs[i];
      (void)inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf));
      if (strcmp(buf, text) == 0 && ntohs(sin->sin_port) == port) {
        return true;
      }
    } else {
      const struct sockaddr_in6 *sin6 = (const void *)&r->addrs[i];
      (void)inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof(buf));
      if (strcmp(buf, text) == 0 && ntohs(sin6->sin6_port) == port) {
        return true;
      }
    }
  }
  return false;
}

/* ---- queries ------------------------------------------------------------- */

static void test_query_a(void **state)
{
  struct fx          f;
  struct qrec        r;
  struct dc_dns_req *req = NULL;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&r, 0, sizeof(r));
  assert_int_equal(
      dc_dns_query(f.d, "a.test", LDNS_RR_TYPE_A, false, query_cb, &r, &req),
      DC_OK);
  assert_non_null(req);
  assert_int_equal(r.calls, 0); /* never from inside the call */
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_OK);
  assert_int_equal(r.parse_st, DC_OK);
  assert_int_equal(r.ans.rcode, 0);
  assert_int_equal(r.ans.n_answer, 1);
  assert_false(r.ans.has_rrsig);
  assert_false(f.srv.last_do);
  dc_dns_answer_clear(&r.ans);
  fx_close(&f);
}

static void test_query_dnssec_ok(void **state)
{
  struct fx   f;
  struct qrec r;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_query(f.d, "signed.test", LDNS_RR_TYPE_A, true,
                                query_cb, &r, NULL),
                   DC_OK);
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_OK);
  assert_true(f.srv.last_do); /* the DO bit went out */
  assert_int_equal(r.ans.n_answer, 1);
  assert_true(r.ans.has_rrsig);
  dc_dns_answer_clear(&r.ans);

  /* Without DO: no RRSIG. */
  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_query(f.d, "signed.test", LDNS_RR_TYPE_A, false,
                                query_cb, &r, NULL),
                   DC_OK);
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_false(f.srv.last_do);
  assert_int_equal(r.ans.n_answer, 1);
  assert_false(r.ans.has_rrsig);
  dc_dns_answer_clear(&r.ans);
  fx_close(&f);
}

static void test_query_nxdomain(void **state)
{
  struct fx   f;
  struct qrec r;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&r, 0, sizeof(r));
  assert_int_equal(
      dc_dns_query(f.d, "nx.test", LDNS_RR_TYPE_NS, false, query_cb, &r, NULL),
      DC_OK);
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_OK); /* an answer, whatever its rcode */
  assert_int_equal(r.parse_st, DC_OK);
  assert_int_equal(r.ans.rcode, LDNS_RCODE_NXDOMAIN);
  assert_true(r.ans.authoritative);
  assert_int_equal(r.ans.n_answer, 0);
  assert_int_equal(r.ans.names.n, 0);
  dc_dns_answer_clear(&r.ans);
  fx_close(&f);
}

/* c-ares tries every server on SERVFAIL and reports no answer at all. */
static void test_query_servfail(void **state)
{
  struct fx   f;
  struct qrec r;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&r, 0, sizeof(r));
  assert_int_equal(
      dc_dns_query(f.d, "sf.test", LDNS_RR_TYPE_A, false, query_cb, &r, NULL),
      DC_OK);
  run_until(f.l, &r.calls, 1, 5000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_ENETWORK);
  fx_close(&f);
}

static void test_query_timeout(void **state)
{
  struct fx   f;
  struct qrec r;
  uint64_t    t0;
  uint64_t    took;

  (void)state;
  /* 200 ms per try, 2 tries: c-ares doubles the wait for the second try
   * (200 + 400 ms) */
  fx_open(&f, 200, 2);
  memset(&r, 0, sizeof(r));
  t0 = now_ms();
  assert_int_equal(
      dc_dns_query(f.d, "drop.test", LDNS_RR_TYPE_A, false, query_cb, &r, NULL),
      DC_OK);
  run_until(f.l, &r.calls, 1, 5000);
  took = now_ms() - t0;
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_ETIMEOUT);
  assert_true(took < 600 + 1000);
  assert_int_equal(f.srv.nqueries, 2); /* both tries reached the server */
  run_for(f.l, 100);
  assert_int_equal(r.calls, 1);
  fx_close(&f);
}

/* Nobody listens: on loopback the kernel answers with ICMP port
 * unreachable, the connected UDP socket gets ECONNREFUSED, and c-ares
 * reports ARES_ECONNREFUSED once every try failed: DC_ENETWORK, quickly. */
static void test_query_refused_port(void **state)
{
  struct dc_loop *l = NULL;
  struct dc_dns  *d = NULL;
  struct qrec     r;
  char            server[64];
  const char     *servers[1];
  int             port;
  uint64_t        t0;

  (void)state;
  (void)close(udp_bound(&port)); /* a port just freed */
  (void)snprintf(server, sizeof(server), "127.0.0.1:%d", port);
  servers[0] = server;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  assert_int_equal(dc_dns_create(&d, l, servers, 1, 2000, 2), DC_OK);
  memset(&r, 0, sizeof(r));
  t0 = now_ms();
  assert_int_equal(
      dc_dns_query(d, "a.test", LDNS_RR_TYPE_A, false, query_cb, &r, NULL),
      DC_OK);
  run_until(l, &r.calls, 1, 8000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_ENETWORK);
  assert_true(now_ms() - t0 < 2000); /* well before the first timeout */
  dc_dns_destroy(d);
  assert_int_equal(dc_loop_pending(l), 0);
  dc_loop_destroy(l);
}

static void test_query_bad_args(void **state)
{
  struct fx          f;
  struct qrec        r;
  struct arec        ar;
  struct dc_dns_req *req = NULL;
  char               name[80];

  (void)state;
  fx_open(&f, 1000, 1);
  memset(&r, 0, sizeof(r));
  memset(&ar, 0, sizeof(ar));
  /* A 70-byte label (RFC 1035 2.3.4: 63 at most). On a non-OK return
   * the callback never fires and no request is handed out. */
  memset(name, 'x', 70);
  memcpy(name + 70, ".test", 6);
  req = (struct dc_dns_req *)&r;
  assert_int_equal(
      dc_dns_query(f.d, name, LDNS_RR_TYPE_A, false, query_cb, &r, &req),
      DC_EINVAL);
  assert_null(req);
  assert_int_equal(dc_dns_query(f.d, NULL, 1, false, query_cb, &r, NULL),
                   DC_EINVAL);
  assert_int_equal(dc_dns_query(f.d, "a.test", 1, false, NULL, &r, NULL),
                   DC_EINVAL);
  assert_int_equal(
      dc_dns_query(f.d, "a.test", 65536, false, query_cb, &r, NULL), DC_EINVAL);
  assert_int_equal(dc_dns_resolve(f.d, "", 43, addr_cb, &ar, NULL), DC_EINVAL);
  assert_int_equal(dc_dns_resolve(f.d, "a.test", 70000, addr_cb, &ar, NULL),
                   DC_EINVAL);
  assert_int_equal(dc_dns_resolve(f.d, "a.test", 43, NULL, &ar, NULL),
                   DC_EINVAL);
  run_for(f.l, 50);
  assert_int_equal(r.calls, 0);
  assert_int_equal(ar.calls, 0);
  assert_int_equal(f.srv.nqueries, 0);
  dc_dns_cancel(f.d, NULL); /* harmless */
  fx_close(&f);
}

/* ---- resolve ------------------------------------------------------------- */

static void test_resolve_literal(void **state)
{
  struct fx          f;
  struct arec        r;
  struct dc_dns_req *req = NULL;

  (void)state;
  fx_open(&f, 1000, 1);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_resolve(f.d, "192.0.2.55", 43, addr_cb, &r, &req),
                   DC_OK);
  assert_non_null(req);
  assert_int_equal(r.calls, 0); /* not re-entrantly */
  assert_int_equal(dc_loop_run_once(f.l, -1), DC_OK);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_OK);
  assert_int_equal(r.n, 1);
  assert_true(has_addr(&r, AF_INET, "192.0.2.55", 43));

  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_resolve(f.d, "[2001:db8::1]", 443, addr_cb, &r, NULL),
                   DC_OK);
  assert_int_equal(r.calls, 0);
  run_until(f.l, &r.calls, 1, 1000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.n, 1);
  assert_true(has_addr(&r, AF_INET6, "2001:db8::1", 443));

  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_resolve(f.d, "::1", 43, addr_cb, &r, NULL), DC_OK);
  run_until(f.l, &r.calls, 1, 1000);
  assert_int_equal(r.calls, 1);
  assert_true(has_addr(&r, AF_INET6, "::1", 43));
  assert_int_equal(f.srv.nqueries, 0); /* no DNS for literals */
  fx_close(&f);
}

static void test_resolve_server(void **state)
{
  struct fx   f;
  struct arec r;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_resolve(f.d, "host.test", 43, addr_cb, &r, NULL),
                   DC_OK);
  assert_int_equal(r.calls, 0);
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_OK);
  assert_int_equal(r.n, 2);
  assert_true(has_addr(&r, AF_INET, "192.0.2.7", 43));
  assert_true(has_addr(&r, AF_INET6, "2001:db8::7", 43));

  /* Only an A record. */
  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_resolve(f.d, "a.test", 4343, addr_cb, &r, NULL),
                   DC_OK);
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_OK);
  assert_int_equal(r.n, 1);
  assert_true(has_addr(&r, AF_INET, "192.0.2.1", 4343));

  /* NXDOMAIN. */
  memset(&r, 0, sizeof(r));
  assert_int_equal(dc_dns_resolve(f.d, "nx.test", 43, addr_cb, &r, NULL),
                   DC_OK);
  run_until(f.l, &r.calls, 1, 3000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_ENOTFOUND);
  fx_close(&f);
}

static void test_resolve_timeout(void **state)
{
  struct fx   f;
  struct arec r;
  uint64_t    t0;

  (void)state;
  fx_open(&f, 200, 1);
  memset(&r, 0, sizeof(r));
  t0 = now_ms();
  assert_int_equal(dc_dns_resolve(f.d, "drop.test", 43, addr_cb, &r, NULL),
                   DC_OK);
  run_until(f.l, &r.calls, 1, 5000);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.st, DC_ETIMEOUT);
  assert_true(now_ms() - t0 < 200 + 1000);
  fx_close(&f);
}

/* ---- cancel and destroy -------------------------------------------------- */

static void test_cancel_one_of_two(void **state)
{
  struct fx          f;
  struct qrec        r1;
  struct qrec        r2;
  struct arec        r3;
  struct dc_dns_req *q1 = NULL;
  struct dc_dns_req *q2 = NULL;
  struct dc_dns_req *q3 = NULL;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&r1, 0, sizeof(r1));
  memset(&r2, 0, sizeof(r2));
  memset(&r3, 0, sizeof(r3));
  assert_int_equal(
      dc_dns_query(f.d, "a.test", LDNS_RR_TYPE_A, false, query_cb, &r1, &q1),
      DC_OK);
  assert_int_equal(dc_dns_query(f.d, "signed.test", LDNS_RR_TYPE_A, false,
                                query_cb, &r2, &q2),
                   DC_OK);
  assert_int_equal(dc_dns_resolve(f.d, "192.0.2.1", 43, addr_cb, &r3, &q3),
                   DC_OK);
  dc_dns_cancel(f.d, q2);
  assert_int_equal(r2.calls, 1); /* before cancel returned */
  assert_int_equal(r2.st, DC_ECANCELLED);
  dc_dns_cancel(f.d, q3); /* a literal waiting for the loop */
  assert_int_equal(r3.calls, 1);
  assert_int_equal(r3.st, DC_ECANCELLED);
  run_until(f.l, &r1.calls, 1, 3000);
  assert_int_equal(r1.calls, 1);
  assert_int_equal(r1.st, DC_OK);
  assert_int_equal(r1.ans.n_answer, 1);
  /* The server answered both; the late answer for q2 is dropped. */
  run_until(f.l, &f.srv.nqueries, 2, 1000);
  run_for(f.l, 100);
  assert_int_equal(f.srv.nqueries, 2);
  assert_int_equal(r1.calls, 1);
  assert_int_equal(r2.calls, 1);
  assert_int_equal(r3.calls, 1);
  dc_dns_answer_clear(&r1.ans);
  fx_close(&f);
}

static void test_destroy_pending(void **state)
{
  struct fx   f;
  struct qrec q[3];
  struct arec a[2];
  size_t      i;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(q, 0, sizeof(q));
  memset(a, 0, sizeof(a));
  for (i = 0; i < DC_ARRAY_LEN(q); i++) {
    assert_int_equal(dc_dns_query(f.d, "drop.test", LDNS_RR_TYPE_A, i == 1,
                                  query_cb, &q[i], NULL),
                     DC_OK);
  }
  assert_int_equal(dc_dns_resolve(f.d, "drop.test", 43, addr_cb, &a[0], NULL),
                   DC_OK);
  run_until(f.l, &f.srv.nqueries, 5, 1000); /* all sent */
  assert_int_equal(f.srv.nqueries, 5);      /* 3 + A and AAAA */
  /* A literal, still waiting for the next loop iteration. */
  assert_int_equal(
      dc_dns_resolve(f.d, "198.51.100.1", 43, addr_cb, &a[1], NULL), DC_OK);
  dc_dns_destroy(f.d);
  for (i = 0; i < DC_ARRAY_LEN(q); i++) {
    assert_int_equal(q[i].calls, 1);
    assert_int_equal(q[i].st, DC_ECANCELLED);
  }
  for (i = 0; i < DC_ARRAY_LEN(a); i++) {
    assert_int_equal(a[i].calls, 1);
    assert_int_equal(a[i].st, DC_ECANCELLED);
  }
  /* Only the responder is left on the loop; nothing fires later. */
  assert_int_equal(dc_loop_pending(f.l), 1);
  run_for(f.l, 100);
  for (i = 0; i < DC_ARRAY_LEN(q); i++) {
    assert_int_equal(q[i].calls, 1);
  }
  f.d = NULL;
  fx_close(&f);
}

/* A callback destroys the resolver (inside c-ares' processing) while other
 * requests are pending, and another cancels a sibling. */
static void test_destroy_from_callback(void **state)
{
  struct fx          f;
  struct qrec        first;
  struct qrec        other;
  struct qrec        sib;
  struct arec        lit;
  struct dc_dns_req *sib_req = NULL;

  (void)state;
  fx_open(&f, 1000, 2);
  memset(&first, 0, sizeof(first));
  memset(&other, 0, sizeof(other));
  memset(&sib, 0, sizeof(sib));
  memset(&lit, 0, sizeof(lit));
  assert_int_equal(dc_dns_query(f.d, "drop.test", LDNS_RR_TYPE_A, false,
                                query_cb, &sib, &sib_req),
                   DC_OK);
  assert_int_equal(dc_dns_query(f.d, "drop.test", LDNS_RR_TYPE_A, false,
                                query_cb, &other, NULL),
                   DC_OK);
  first.cancel_d   = f.d;
  first.cancel_req = &sib_req;
  first.destroy    = f.d;
  assert_int_equal(dc_dns_query(f.d, "a.test", LDNS_RR_TYPE_A, false, query_cb,
                                &first, NULL),
                   DC_OK);
  run_until(f.l, &first.calls, 1, 3000);
  assert_int_equal(first.calls, 1);
  assert_int_equal(first.st, DC_OK);
  assert_int_equal(sib.calls, 1);
  assert_int_equal(sib.st, DC_ECANCELLED);
  assert_int_equal(other.calls, 1);
  assert_int_equal(other.st, DC_ECANCELLED);
  assert_int_equal(dc_loop_pending(f.l), 1); /* the responder */
  run_for(f.l, 100);
  assert_int_equal(first.calls + sib.calls + other.calls, 3);
  dc_dns_answer_clear(&first.ans);
  f.d = NULL;
  fx_close(&f);
}

static void test_create_args(void **state)
{
  static const char *const good[] = {"127.0.0.1", "127.0.0.1:5353", "[::1]:53",
                                     "::1", "[2001:db8::1]"};
  static const char *const bad[]  = {
       "nonsense", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:",
       "[::1",     "[::1]x",      "[::1]:",          "300.1.1.1",
       "",         "[]:53",       "127.0.0.1:53x",   "host.example:53"};
  struct dc_loop *l = NULL;
  struct dc_dns  *d = NULL;
  size_t          i;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  for (i = 0; i < DC_ARRAY_LEN(good); i++) {
    assert_int_equal(dc_dns_create(&d, l, &good[i], 1, 1000, 1), DC_OK);
    dc_dns_destroy(d);
  }
  for (i = 0; i < DC_ARRAY_LEN(bad); i++) {
    d = (struct dc_dns *)l;
    if (dc_dns_create(&d, l, &bad[i], 1, 1000, 1) != DC_EINVAL) {
      fail_msg("accepted server \"%s\"", bad[i]);
    }
    assert_null(d);
  }
  assert_int_equal(dc_dns_create(&d, NULL, NULL, 0, 0, 0), DC_EINVAL);
  /* The system's configuration. */
  assert_int_equal(dc_dns_create(&d, l, NULL, 0, 0, 0), DC_OK);
  dc_dns_destroy(d);
  dc_dns_destroy(NULL);
  assert_int_equal(dc_loop_pending(l), 0);
  dc_loop_destroy(l);
}

/* ---- parsing ------------------------------------------------------------- */

/* Wire form of a packet built from presentation-format records. */
static uint8_t *build(size_t *len, bool qr, int rcode, bool aa,
                      const char *question, const char *const *an, size_t nan,
                      const char *const *ns, size_t nns)
{
  ldns_pkt *p = ldns_pkt_new();
  uint8_t  *w = NULL;
  size_t    i;

  assert_non_null(p);
  ldns_pkt_set_id(p, 0x1234);
  ldns_pkt_set_qr(p, qr);
  ldns_pkt_set_aa(p, aa);
  ldns_pkt_set_rcode(p, (uint8_t)rcode);
  if (question != NULL) {
    ldns_rr *q = NULL;
    assert_int_equal(ldns_rr_new_question_frm_str(&q, question, NULL, NULL),
                     LDNS_STATUS_OK);
    assert_true(ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION, q));
  }
  for (i = 0; i < nan; i++) {
    push_rr(p, LDNS_SECTION_ANSWER, an[i]);
  }
  for (i = 0; i < nns; i++) {
    push_rr(p, LDNS_SECTION_AUTHORITY, ns[i]);
  }
  push_rr(p, LDNS_SECTION_ADDITIONAL, "ns1.example.cn. 300 IN A 192.0.2.53");
  assert_int_equal(ldns_pkt2wire(&w, p, len), LDNS_STATUS_OK);
  ldns_pkt_free(p);
  return w;
}

static void test_parse_referral(void **state)
{
  static const char *const ns[] = {
      "example.cn. 86400 IN NS NS1.Example.CN.",
      "example.cn. 86400 IN NS ns2.example.net.",
      "example.cn. 86400 IN NS ns1.example.cn.", /* duplicate */
      "example.cn. 86400 IN DS 12345 13 2 "
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  };
  struct dc_dns_answer a;
  uint8_t             *w;
  size_t               len = 0;

  (void)state;
  w = build(&len, true, 0, false, "example.cn. IN NS", NULL, 0, ns,
            DC_ARRAY_LEN(ns));
  assert_int_equal(dc_dns_parse(w, len, LDNS_RR_TYPE_NS, &a), DC_OK);
  assert_int_equal(a.rcode, 0);
  assert_false(a.authoritative);
  assert_int_equal(a.n_answer, 0);
  assert_int_equal(a.names.n, 2);
  assert_string_equal(a.names.v[0], "ns1.example.cn");
  assert_string_equal(a.names.v[1], "ns2.example.net");
  assert_false(a.has_rrsig);
  dc_dns_answer_clear(&a);
  assert_int_equal(a.names.n, 0);
  free(w);
}

static void test_parse_answer_names_first(void **state)
{
  static const char *const an[] = {
      "www.example.cn. 300 IN CNAME Edge.CDN.example.",
      "edge.cdn.example. 300 IN A 192.0.2.80",
      "edge.cdn.example. 300 IN A 192.0.2.81",
      "edge.cdn.example. 300 IN RRSIG A 13 3 300 20300101000000 "
      "20200101000000 4242 cdn.example. AAECAwQFBgcICQ==",
      "www.example.cn. 300 IN RRSIG CNAME 13 3 300 20300101000000 "
      "20200101000000 4242 example.cn. AAECAwQFBgcICQ==",
  };
  static const char *const ns[] = {"example.cn. 300 IN NS ns1.example.cn."};
  struct dc_dns_answer     a;
  uint8_t                 *w;
  size_t                   len = 0;

  (void)state;
  w = build(&len, true, 0, true, "www.example.cn. IN A", an, DC_ARRAY_LEN(an),
            ns, DC_ARRAY_LEN(ns));
  assert_int_equal(dc_dns_parse(w, len, LDNS_RR_TYPE_A, &a), DC_OK);
  assert_true(a.authoritative);
  assert_int_equal(a.n_answer, 2);
  assert_true(a.has_rrsig);
  assert_int_equal(a.names.n, 1); /* ANSWER wins over AUTHORITY */
  assert_string_equal(a.names.v[0], "edge.cdn.example");
  dc_dns_answer_clear(&a);

  /* The RRSIG covers A, not MX. */
  assert_int_equal(dc_dns_parse(w, len, LDNS_RR_TYPE_MX, &a), DC_OK);
  assert_int_equal(a.n_answer, 0);
  assert_false(a.has_rrsig);
  dc_dns_answer_clear(&a);
  free(w);
}

/* A reply written out byte by byte: a.test A 192.0.2.1, NXDOMAIN-free. */
static const unsigned char hand_reply[] = {
    0x12, 0x34, 0x85, 0x80, /* ID, QR AA RD RA, NOERROR */
    0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 'a',  0x04, 't',
    'e',  's',  't',  0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 192,  0,    2,    1,
};

static void test_parse_hand_built_and_truncated(void **state)
{
  struct dc_dns_answer a;
  unsigned char        query[sizeof(hand_reply)];
  size_t               cut;

  (void)state;
  assert_int_equal(
      dc_dns_parse(hand_reply, sizeof(hand_reply), LDNS_RR_TYPE_A, &a), DC_OK);
  assert_int_equal(a.rcode, 0);
  assert_true(a.authoritative);
  assert_int_equal(a.n_answer, 1);
  assert_int_equal(a.names.n, 0);
  dc_dns_answer_clear(&a);

  /* Every strict prefix is malformed. */
  for (cut = 0; cut < sizeof(hand_reply); cut++) {
    if (dc_dns_parse(hand_reply, cut, LDNS_RR_TYPE_A, &a) != DC_EFORMAT) {
      fail_msg("prefix of %zu bytes accepted", cut);
    }
    assert_int_equal(a.names.n, 0);
  }
  /* A query (QR clear) is not an answer. */
  memcpy(query, hand_reply, sizeof(query));
  query[2] &= 0x7f;
  assert_int_equal(dc_dns_parse(query, sizeof(query), LDNS_RR_TYPE_A, &a),
                   DC_EFORMAT);
  /* A compression pointer loop. */
  memcpy(query, hand_reply, sizeof(query));
  query[24] = 0xc0;
  query[25] = 24;
  assert_int_equal(dc_dns_parse(query, sizeof(query), LDNS_RR_TYPE_A, &a),
                   DC_EFORMAT);
}

static void test_parse_garbage(void **state)
{
  static const char    text[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html";
  unsigned char        rnd[512];
  struct dc_dns_answer a;
  size_t               i;
  int                  round;

  (void)state;
  assert_int_equal(dc_dns_parse((const unsigned char *)text, sizeof(text) - 1,
                                LDNS_RR_TYPE_A, &a),
                   DC_EFORMAT);
  assert_int_equal(dc_dns_parse(NULL, 0, LDNS_RR_TYPE_A, &a), DC_EFORMAT);
  assert_int_equal(
      dc_dns_parse(hand_reply, sizeof(hand_reply), LDNS_RR_TYPE_A, NULL),
      DC_EINVAL);
  /* Random bytes never crash it (whatever the verdict). */
  srand(7);
  for (round = 0; round < 2000; round++) {
    size_t n = (size_t)(rand() % (int)sizeof(rnd));
    for (i = 0; i < n; i++) {
      rnd[i] = (unsigned char)rand();
    }
    if (dc_dns_parse(rnd, n, LDNS_RR_TYPE_A, &a) == DC_OK) {
      dc_dns_answer_clear(&a);
    }
  }
}

/* ---- address classes ----------------------------------------------------- */

static void test_addr_is_private(void **state)
{
  static const struct {
    const char *addr;
    bool        priv;
  } v[] = {
      {"127.0.0.1", true},
      {"127.255.255.254", true},
      {"10.1.2.3", true},
      {"172.16.0.1", true},
      {"172.31.255.255", true},
      {"172.32.0.1", false},
      {"172.15.255.255", false},
      {"192.168.1.1", true},
      {"192.169.1.1", false},
      {"169.254.169.254", true},
      {"100.64.0.1", true},
      {"100.127.255.255", true},
      {"100.128.0.1", false},
      {"100.63.255.255", false},
      {"0.0.0.0", true},
      {"224.0.0.1", true},
      {"255.255.255.255", true},
      {"8.8.8.8", false},
      {"203.119.25.1", false},
      {"::", true},
      {"::1", true},
      {"fc00::1", true},
      {"fd12:3456::1", true},
      {"fe80::1", true},
      {"febf::1", true},
      {"ff02::1", true},
      {"::ffff:127.0.0.1", true},
      {"::ffff:10.0.0.1", true},
      {"::ffff:8.8.8.8", false},
      {"64:ff9b::192.168.0.1", true},
      {"64:ff9b::8.8.4.4", false},
      {"2001:db8::1", false},
      {"2400:3200::1", false},
      {"::2", false},
  };
  size_t i;

  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(v); i++) {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    if (strchr(v[i].addr, ':') != NULL) {
      struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;
      s6->sin6_family         = AF_INET6;
      assert_int_equal(inet_pton(AF_INET6, v[i].addr, &s6->sin6_addr), 1);
    } else {
      struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;
      s4->sin_family         = AF_INET;
      assert_int_equal(inet_pton(AF_INET, v[i].addr, &s4->sin_addr), 1);
    }
    if (dc_addr_is_private(&ss) != v[i].priv) {
      fail_msg("%s: expected %s", v[i].addr, v[i].priv ? "private" : "public");
    }
  }
  {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    ss.ss_family = AF_UNIX;
    assert_true(dc_addr_is_private(&ss));
    assert_true(dc_addr_is_private(NULL));
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_query_a),
      cmocka_unit_test(test_query_dnssec_ok),
      cmocka_unit_test(test_query_nxdomain),
      cmocka_unit_test(test_query_servfail),
      cmocka_unit_test(test_query_timeout),
      cmocka_unit_test(test_query_refused_port),
      cmocka_unit_test(test_query_bad_args),
      cmocka_unit_test(test_resolve_literal),
      cmocka_unit_test(test_resolve_server),
      cmocka_unit_test(test_resolve_timeout),
      cmocka_unit_test(test_cancel_one_of_two),
      cmocka_unit_test(test_destroy_pending),
      cmocka_unit_test(test_destroy_from_callback),
      cmocka_unit_test(test_create_args),
      cmocka_unit_test(test_parse_referral),
      cmocka_unit_test(test_parse_answer_names_first),
      cmocka_unit_test(test_parse_hand_built_and_truncated),
      cmocka_unit_test(test_parse_garbage),
      cmocka_unit_test(test_addr_is_private),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
