/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_whoisnet.c - one WHOIS exchange on the event loop,
 *  against a WHOIS server and a tiny DNS server that live in this test and
 *  are serviced from the same dc_loop (single-threaded)
 */
#include "netfake.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"
#include "loop.h"
#include "netopts.h"
#include "whoisnet.h"

#define MAX_CONNS   64
#define CHUNKS      64
#define CHUNK_BYTES 16
#define LONG_QUERY  ((size_t)4 * 1024 * 1024)

/* ---- a WHOIS server on 127.0.0.1 ----------------------------------------
 * "echo X": "you asked: X\n"; "big": the cap plus 4 KiB; "exact": the cap;
 * "silent": nothing, ever; "reset": RST; "chunks": CHUNKS pieces of
 * CHUNK_BYTES, one per ms; anything longer than 1000 bytes: "len=N\n". */

struct srv;

struct conn {
  struct srv     *s;
  int             fd;
  char           *in;
  size_t          inlen;
  size_t          incap;
  char           *out;
  size_t          outlen;
  size_t          outoff;
  bool            responded;
  int             chunk;
  struct dc_timer tick;
};

struct srv {
  struct dc_loop *loop;
  int             lfd;
  int             port;
  int             accepted;
  int             queries;
  char            last_query[256];
  struct conn    *conns[MAX_CONNS];
};

static void conn_close(struct conn *c)
{
  struct srv *s = c->s;
  size_t      i;

  for (i = 0; i < MAX_CONNS; i++) {
    if (s->conns[i] == c) {
      s->conns[i] = NULL;
    }
  }
  dc_loop_timer_stop(s->loop, &c->tick);
  (void)dc_loop_watch(s->loop, c->fd, 0, NULL, NULL);
  (void)close(c->fd);
  free(c->in);
  free(c->out);
  free(c);
}

static void conn_io(void *ud, int fd, unsigned events);

/* Send what is left; close when all is out (RFC 3912). */
static void conn_flush(struct conn *c, bool close_after)
{
  ssize_t n;

  while (c->outoff < c->outlen) {
    n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      assert_int_equal(
          dc_loop_watch(c->s->loop, c->fd, DC_IO_WRITE, conn_io, c), DC_OK);
      return;
    }
    if (n <= 0) {
      conn_close(c);
      return;
    }
    c->outoff += (size_t)n;
  }
  if (close_after) {
    conn_close(c);
  }
}

static void conn_reply(struct conn *c, const char *data, size_t len)
{
  c->out = malloc(len > 0 ? len : 1);
  assert_non_null(c->out);
  memcpy(c->out, data, len);
  c->outlen = len;
  c->outoff = 0;
  conn_flush(c, true);
}

static void on_tick(void *ud)
{
  struct conn *c = ud;
  char         piece[CHUNK_BYTES];
  ssize_t      n;

  memset(piece, 'a' + c->chunk % 26, sizeof(piece));
  n = send(c->fd, piece, sizeof(piece), MSG_NOSIGNAL);
  assert_int_equal(n, (ssize_t)sizeof(piece));
  c->chunk++;
  if (c->chunk == CHUNKS) {
    conn_close(c);
    return;
  }
  dc_loop_timer_start(c->s->loop, &c->tick, 1, on_tick, c);
}

static void conn_route(struct conn *c, const char *q, size_t qlen)
{
  char          line[300];
  char         *big;
  struct linger lg;
  size_t        n;

  if (qlen > 1000) {
    (void)snprintf(line, sizeof(line), "len=%zu\n", qlen);
    conn_reply(c, line, strlen(line));
  } else if (strncmp(q, "echo ", 5) == 0) {
    (void)snprintf(line, sizeof(line), "you asked: %s\n", q + 5);
    conn_reply(c, line, strlen(line));
  } else if (strcmp(q, "big") == 0 || strcmp(q, "exact") == 0) {
    n   = DC_WHOIS_MAX_REPLY + (strcmp(q, "big") == 0 ? 4096u : 0u);
    big = malloc(n);
    assert_non_null(big);
    memset(big, 'w', n);
    conn_reply(c, big, n);
    free(big);
  } else if (strcmp(q, "silent") == 0) {
    /* Never answers. */
  } else if (strcmp(q, "reset") == 0) {
    lg.l_onoff  = 1;
    lg.l_linger = 0;
    assert_int_equal(setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)),
                     0);
    conn_close(c); /* close() with zero linger sends RST */
  } else if (strcmp(q, "chunks") == 0) {
    dc_loop_timer_start(c->s->loop, &c->tick, 1, on_tick, c);
  } else {
    conn_reply(c, "unknown\n", 8);
  }
}

static void conn_io(void *ud, int fd, unsigned events)
{
  struct conn *c = ud;
  char        *nl;
  char        *ni;
  ssize_t      n;

  (void)fd;
  if (c->responded) {
    if ((events & DC_IO_WRITE) != 0) {
      conn_flush(c, true);
    }
    return;
  }
  for (;;) {
    if (c->incap - c->inlen < 65536) {
      ni = realloc(c->in, c->incap + 65536 + 1);
      assert_non_null(ni);
      c->in = ni;
      c->incap += 65536;
    }
    n = recv(c->fd, c->in + c->inlen, c->incap - c->inlen, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    }
    if (n <= 0) {
      conn_close(c);
      return;
    }
    c->inlen += (size_t)n;
    c->in[c->inlen] = '\0';
    nl              = strstr(c->in, "\r\n");
    if (nl != NULL) {
      break;
    }
  }
  /* The query ends in exactly one CRLF and nothing follows it. */
  assert_true(nl + 2 == c->in + c->inlen);
  *nl = '\0';
  c->s->queries++;
  (void)snprintf(c->s->last_query, sizeof(c->s->last_query), "%s", c->in);
  assert_int_equal(dc_loop_watch(c->s->loop, c->fd, 0, NULL, NULL), DC_OK);
  c->responded = true;
  conn_route(c, c->in, (size_t)(nl - c->in));
}

static void srv_accept(void *ud, int fd, unsigned events)
{
  struct srv  *s = ud;
  struct conn *c;
  size_t       i;
  int          cfd;

  (void)events;
  for (;;) {
    cfd = accept(fd, NULL, NULL);
    if (cfd < 0) {
      return;
    }
    nf_set_nonblock(cfd);
    c = calloc(1, sizeof(*c));
    assert_non_null(c);
    c->s  = s;
    c->fd = cfd;
    for (i = 0; i < MAX_CONNS && s->conns[i] != NULL; i++) {
    }
    assert_true(i < MAX_CONNS);
    s->conns[i] = c;
    s->accepted++;
    assert_int_equal(dc_loop_watch(s->loop, cfd, DC_IO_READ, conn_io, c),
                     DC_OK);
  }
}

static void srv_start(struct srv *s, struct dc_loop *loop)
{
  memset(s, 0, sizeof(*s));
  s->loop = loop;
  s->lfd  = nf_listen_on(SOCK_STREAM, &s->port);
  assert_int_equal(dc_loop_watch(loop, s->lfd, DC_IO_READ, srv_accept, s),
                   DC_OK);
}

static void srv_stop(struct srv *s)
{
  size_t i;
  for (i = 0; i < MAX_CONNS; i++) {
    if (s->conns[i] != NULL) {
      conn_close(s->conns[i]);
    }
  }
  (void)dc_loop_watch(s->loop, s->lfd, 0, NULL, NULL);
  (void)close(s->lfd);
}

/* ---- fixture ------------------------------------------------------------ */

struct got {
  int                  calls;
  dc_status_t          st;
  char                *data;
  size_t               len;
  char                 error[512];
  uint64_t             at;
  struct fx           *f;
  int                  action;
  struct dc_whois_req *other;
};

struct fx {
  struct dc_loop      *loop;
  struct dc_dns       *dns;
  struct dc_whoisnet  *w;
  struct dc_netopts    opts;
  struct dc_connect_to rule;
  struct srv           srv;
  struct nf_dns        fdns;
  int                  completed;
  struct got           gots[16]; /* owned: outlive the test function */
  size_t               ngots;
};

enum { ACT_NONE, ACT_DESTROY, ACT_CANCEL_OTHER };

static void on_reply(void *ud, dc_status_t st, const char *data, size_t len,
                     const char *error)
{
  struct got *g = ud;
  struct fx  *f = g->f;

  g->calls++;
  g->st = st;
  g->at = nf_mono_ms();
  assert_non_null(data);
  assert_true((st == DC_OK) == (error == NULL));
  free(g->data);
  g->data = malloc(len + 1);
  assert_non_null(g->data);
  memcpy(g->data, data, len);
  g->data[len] = '\0';
  g->len       = len;
  (void)snprintf(g->error, sizeof(g->error), "%s", error != NULL ? error : "");
  f->completed++;
  if (g->action == ACT_DESTROY) {
    dc_whoisnet_destroy(f->w);
    f->w = NULL;
  } else if (g->action == ACT_CANCEL_OTHER) {
    dc_whois_cancel(f->w, g->other);
  }
}

static void run_until(struct fx *f, int want, int max_ms)
{
  uint64_t end = nf_mono_ms() + (uint64_t)max_ms;
  while (f->completed < want && nf_mono_ms() < end) {
    assert_int_equal(dc_loop_run_once(f->loop, 20), DC_OK);
  }
}

static void run_for(struct fx *f, int ms)
{
  uint64_t end = nf_mono_ms() + (uint64_t)ms;
  while (nf_mono_ms() < end) {
    assert_int_equal(dc_loop_run_once(f->loop, 10), DC_OK);
  }
}

static int setup(void **state)
{
  struct fx  *f = calloc(1, sizeof(*f));
  char        server[64];
  const char *servers[1];

  assert_non_null(f);
  assert_int_equal(dc_loop_create(&f->loop), DC_OK);
  srv_start(&f->srv, f->loop);
  nf_dns_start(&f->fdns, f->loop);
  (void)snprintf(server, sizeof(server), "127.0.0.1:%d", f->fdns.port);
  servers[0] = server;
  assert_int_equal(dc_dns_create(&f->dns, f->loop, servers, 1, 1000, 1), DC_OK);
  f->opts.allow_private = true;
  assert_int_equal(dc_whoisnet_create(&f->w, f->loop, f->dns, &f->opts), DC_OK);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fx *f = *state;
  size_t     i;

  dc_whoisnet_destroy(f->w);
  dc_dns_destroy(f->dns);
  srv_stop(&f->srv);
  nf_dns_stop(&f->fdns);
  dc_connect_to_clear(&f->rule);
  dc_loop_destroy(f->loop);
  for (i = 0; i < f->ngots; i++) {
    free(f->gots[i].data);
  }
  free(f);
  return 0;
}

/* A zeroed result record owned by the fixture. */
static struct got *new_got(struct fx *f)
{
  struct got *g;
  assert_true(f->ngots < DC_ARRAY_LEN(f->gots));
  g    = &f->gots[f->ngots++];
  g->f = f;
  return g;
}

/* Query the test server at 127.0.0.1:port. */
static void ask(struct fx *f, const char *query, int timeout_ms, struct got *g,
                struct dc_whois_req **req)
{
  char server[64];

  (void)snprintf(server, sizeof(server), "127.0.0.1:%d", f->srv.port);
  assert_int_equal(
      dc_whois_exchange(f->w, server, query, timeout_ms, on_reply, g, req),
      DC_OK);
}

/* Rule "prefix:port", e.g. "whois.example.test:43:127.0.0.1" + port. */
static void use_rule(struct fx *f, const char *prefix, int port)
{
  char spec[128];
  (void)snprintf(spec, sizeof(spec), "%s:%d", prefix, port);
  assert_int_equal(dc_connect_to_parse(&f->rule, spec), DC_OK);
  f->opts.connect_to  = &f->rule;
  f->opts.nconnect_to = 1;
}

/* ---- tests ------------------------------------------------------------------
 */

static void test_echo(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);

  ask(f, "echo example.test", 2000, g, NULL);
  assert_int_equal(g->calls, 0); /* never from inside dc_whois_exchange */
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_string_equal(g->data, "you asked: example.test\n");
  assert_string_equal(f->srv.last_query, "echo example.test");
  run_for(f, 30);
  assert_int_equal(g->calls, 1);
}

static void test_too_big(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);

  ask(f, "big", 5000, a, NULL);
  ask(f, "exact", 5000, b, NULL);
  run_until(f, 2, 6000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_ETOOBIG);
  assert_int_equal(a->len, DC_WHOIS_MAX_REPLY); /* what came, to the cap */
  assert_int_equal(a->data[0], 'w');
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_OK); /* exactly the cap is fine */
  assert_int_equal(b->len, DC_WHOIS_MAX_REPLY);
}

static void test_timeout(void **state)
{
  struct fx  *f     = *state;
  struct got *g     = new_got(f);
  uint64_t    start = nf_mono_ms();

  ask(f, "silent", 300, g, NULL);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_ETIMEOUT);
  assert_true(g->at - start >= 290);
  assert_true(g->at - start <= 300 + 400);
  assert_non_null(strstr(g->error, "timed out"));
  run_for(f, 50);
  assert_int_equal(g->calls, 1);
}

static void test_closed_port(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);
  char        server[64];

  (void)snprintf(server, sizeof(server), "127.0.0.1:%d", nf_closed_port());
  assert_int_equal(
      dc_whois_exchange(f->w, server, "x", 2000, on_reply, g, NULL), DC_OK);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_ENETWORK);
  assert_non_null(strstr(g->error, "connection refused"));
}

static void test_reset(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);

  ask(f, "reset", 2000, g, NULL);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_ENETWORK);
  assert_non_null(strstr(g->error, "reset"));
}

static void test_chunks(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);
  size_t      i;

  ask(f, "chunks", 3000, g, NULL);
  run_until(f, 1, 4000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_int_equal(g->len, CHUNKS * CHUNK_BYTES);
  for (i = 0; i < g->len; i++) {
    assert_int_equal(g->data[i], 'a' + (int)(i / CHUNK_BYTES) % 26);
  }
}

static void test_partial_writes(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);
  char       *q = malloc(LONG_QUERY + 1);
  char        want[64];

  /* Far more than a socket buffer: send() takes it in pieces. */
  assert_non_null(q);
  memset(q, 'q', LONG_QUERY);
  q[LONG_QUERY] = '\0';
  ask(f, q, 5000, g, NULL);
  free(q);
  run_until(f, 1, 6000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  (void)snprintf(want, sizeof(want), "len=%zu\n", LONG_QUERY);
  assert_string_equal(g->data, want);
}

static void test_connect_to(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);

  /* The rule, not allow_private, lets 127.0.0.1 through. */
  f->opts.allow_private = false;
  use_rule(f, "whois.example.test:43:127.0.0.1", f->srv.port);
  assert_int_equal(dc_whois_exchange(f->w, "whois.example.test:43",
                                     "echo mapped", 2000, on_reply, g, NULL),
                   DC_OK);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_string_equal(g->data, "you asked: mapped\n");
  assert_int_equal(f->fdns.queries, 0); /* no resolving at all */
}

static void test_private_refused(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);
  char        server[64];

  f->opts.allow_private = false;
  ask(f, "echo no", 2000, a, NULL); /* 127.0.0.1, no rule */
  (void)snprintf(server, sizeof(server), "whois.test:%d", f->srv.port);
  assert_int_equal(
      dc_whois_exchange(f->w, server, "echo no", 2000, on_reply, b, NULL),
      DC_OK);
  assert_int_equal(a->calls, 0); /* delivered from the loop */
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_EINVAL);
  assert_non_null(strstr(a->error, "private"));
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_EINVAL);
  assert_non_null(strstr(b->error, "private"));
  assert_int_equal(f->srv.accepted, 0);
}

static void test_resolve(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);
  struct got *c = new_got(f);
  char        server[64];
  uint64_t    start;

  (void)snprintf(server, sizeof(server), "whois.test:%d", f->srv.port);
  assert_int_equal(
      dc_whois_exchange(f->w, server, "echo named", 2000, on_reply, a, NULL),
      DC_OK);
  assert_int_equal(
      dc_whois_exchange(f->w, "nx.test", "echo x", 2000, on_reply, b, NULL),
      DC_OK);
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_OK);
  assert_string_equal(a->data, "you asked: named\n");
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_ENOTFOUND);

  /* One deadline covers the resolve step too. */
  start = nf_mono_ms();
  assert_int_equal(
      dc_whois_exchange(f->w, "silent.test", "echo x", 200, on_reply, c, NULL),
      DC_OK);
  run_until(f, 3, 3000);
  assert_int_equal(c->calls, 1);
  assert_int_equal(c->st, DC_ETIMEOUT);
  assert_true(c->at - start <= 200 + 300);
}

static void test_cancel(void **state)
{
  struct fx           *f = *state;
  struct got          *a = new_got(f);
  struct got          *b = new_got(f);
  struct dc_whois_req *ra;

  ask(f, "silent", 3000, a, &ra);
  ask(f, "echo other", 3000, b, NULL);
  while (f->srv.queries < 1) {
    assert_int_equal(dc_loop_run_once(f->loop, 20), DC_OK);
  }
  dc_whois_cancel(f->w, ra);
  assert_int_equal(a->calls, 1); /* before dc_whois_cancel returned */
  assert_int_equal(a->st, DC_ECANCELLED);
  run_until(f, 2, 3000);
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_OK);
  run_for(f, 30);
  assert_int_equal(a->calls, 1);
}

static void test_destroy_pending(void **state)
{
  struct fx  *f = *state;
  struct got *g[5];
  size_t      i;

  for (i = 0; i < 5; i++) {
    g[i] = new_got(f);
  }
  for (i = 0; i < 3; i++) {
    ask(f, "silent", 3000, g[i], NULL);
  }
  /* g[3] is still resolving */
  assert_int_equal(
      dc_whois_exchange(f->w, "silent.test", "x", 3000, on_reply, g[3], NULL),
      DC_OK);
  while (f->srv.queries < 3) {
    assert_int_equal(dc_loop_run_once(f->loop, 20), DC_OK);
  }
  ask(f, "silent", 3000, g[4], NULL); /* not yet kicked off by the loop */
  dc_whoisnet_destroy(f->w);
  f->w = NULL;
  for (i = 0; i < 5; i++) {
    assert_int_equal(g[i]->calls, 1);
    assert_int_equal(g[i]->st, DC_ECANCELLED);
  }
  run_for(f, 50);
  for (i = 0; i < 5; i++) {
    assert_int_equal(g[i]->calls, 1);
  }
}

static void test_destroy_from_callback(void **state)
{
  struct fx           *f = *state;
  struct got          *a = new_got(f);
  struct got          *b = new_got(f);
  struct got          *c = new_got(f);
  struct got          *d = new_got(f);
  struct got          *e = new_got(f);
  struct dc_whois_req *rb;

  /* a cancels b from its callback; d destroys everything from its own. */
  ask(f, "silent", 3000, b, &rb);
  a->action = ACT_CANCEL_OTHER;
  a->other  = rb;
  ask(f, "echo a", 3000, a, NULL);
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_OK);
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_ECANCELLED);

  ask(f, "silent", 3000, c, NULL);
  d->action = ACT_DESTROY;
  ask(f, "echo d", 3000, d, NULL);
  ask(f, "silent", 3000, e, NULL);
  run_until(f, 5, 3000);
  assert_null(f->w);
  assert_int_equal(c->calls, 1);
  assert_int_equal(c->st, DC_ECANCELLED);
  assert_int_equal(d->calls, 1);
  assert_int_equal(d->st, DC_OK);
  assert_int_equal(e->calls, 1);
  assert_int_equal(e->st, DC_ECANCELLED);
  run_for(f, 30);
  assert_int_equal(f->completed, 5);
}

static void test_bad_args(void **state)
{
  struct fx           *f   = *state;
  struct got          *g   = new_got(f);
  struct dc_whois_req *req = (struct dc_whois_req *)(void *)g;

  assert_int_equal(
      dc_whois_exchange(f->w, "whois.test", "a\r\nb", 1000, on_reply, g, &req),
      DC_EINVAL);
  assert_null(req);
  assert_int_equal(
      dc_whois_exchange(f->w, "[::1", "x", 1000, on_reply, g, NULL), DC_EINVAL);
  assert_int_equal(
      dc_whois_exchange(f->w, "whois.test:0", "x", 1000, on_reply, g, NULL),
      DC_EINVAL);
  assert_int_equal(
      dc_whois_exchange(f->w, "whois.test:x", "x", 1000, on_reply, g, NULL),
      DC_EINVAL);
  assert_int_equal(dc_whois_exchange(f->w, ":43", "x", 1000, on_reply, g, NULL),
                   DC_EINVAL);
  assert_int_equal(
      dc_whois_exchange(f->w, "whois.test", "x", 0, on_reply, g, NULL),
      DC_EINVAL);
  run_for(f, 30);
  assert_int_equal(g->calls, 0);
}

static void test_ipv6_literal(void **state)
{
  struct fx          *f = *state;
  struct got         *g = new_got(f);
  struct sockaddr_in6 sin6;
  socklen_t           len = sizeof(sin6);
  char                server[64];
  int                 fd = socket(AF_INET6, SOCK_STREAM, 0);

  /* A closed port on ::1: "[v6]:port" parsing and an IPv6 connect. */
  if (fd < 0) {
    skip();
  }
  memset(&sin6, 0, sizeof(sin6));
  sin6.sin6_family = AF_INET6;
  sin6.sin6_addr   = in6addr_loopback;
  if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) != 0) {
    (void)close(fd);
    skip();
  }
  assert_int_equal(getsockname(fd, (struct sockaddr *)&sin6, &len), 0);
  (void)close(fd);
  (void)snprintf(server, sizeof(server), "[::1]:%d", ntohs(sin6.sin6_port));
  assert_int_equal(
      dc_whois_exchange(f->w, server, "x", 2000, on_reply, g, NULL), DC_OK);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_ENETWORK);
  assert_non_null(strstr(g->error, "::1"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_echo, setup, teardown),
      cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
      cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
      cmocka_unit_test_setup_teardown(test_closed_port, setup, teardown),
      cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
      cmocka_unit_test_setup_teardown(test_chunks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_partial_writes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_connect_to, setup, teardown),
      cmocka_unit_test_setup_teardown(test_private_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
      cmocka_unit_test_setup_teardown(test_destroy_pending, setup, teardown),
      cmocka_unit_test_setup_teardown(test_destroy_from_callback, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_bad_args, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ipv6_literal, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
