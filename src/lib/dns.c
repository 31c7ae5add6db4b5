/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/dns.c - asynchronous DNS on the event loop (c-ares 1.18 API,
 *  answers read with ldns)
 *
 *  The only file that includes <ares.h>, and the one place where ARES_*
 *  statuses become dc_status_t (house style rules 5 and 11).
 *
 *  Exactly once: a request's user callback runs only through req_finish(),
 *  which sets req->done first and never runs for a done request. c-ares'
 *  own callback (which 1.18 cannot cancel) only drops its reference
 *  (in_ares) when the request is already done. Every path that may run a
 *  user callback holds d->busy; dc_dns_destroy() from inside such a path
 *  finishes every request at once but leaves the channel and the memory to
 *  the outermost frame (dns_leave), so no frame resumes on freed memory.
 */
#include "dns.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/select.h> /* ares.h 1.18 uses fd_set without including it */

#define CARES_NO_DEPRECATED
#include <ares.h>
#include <ldns/ldns.h>

#if ARES_VERSION < 0x011201
#  error "c-ares 1.18.1 or newer is required"
#endif

/* RFC 6891 §6.2.5 and the DNS flag day 2020: a payload size that avoids IP
 * fragmentation. */
#define DNS_EDNS_PAYLOAD 1232
#define DNS_OPT_RR_LEN   11 /* root name, type, class, TTL, RDLEN=0 */
#define DNS_CLASS_IN     1
#define DNS_TYPE_OPT     41

enum req_kind { REQ_QUERY, REQ_RESOLVE };

struct dc_dns_req {
  struct dc_dns     *d;
  struct dc_dns_req *prev;
  struct dc_dns_req *next;
  enum req_kind      kind;
  dc_dns_answer_cb   answer_cb;
  dc_dns_addr_cb     addr_cb;
  void              *ud;
  int                port;      /* resolve: set in every address */
  uint16_t           qid;       /* query: the DNS ID we chose */
  bool               done;      /* the user callback has run (or is running) */
  bool               in_ares;   /* c-ares still owes us its callback */
  bool               in_submit; /* inside ares_send/ares_getaddrinfo */
  /* A result that must not be delivered re-entrantly (IP literal, or c-ares
   * answering inside the submitting call): kept here, delivered from the
   * loop by this zero-delay timer. */
  struct dc_timer          defer;
  dc_status_t              st;
  unsigned char           *bytes;
  size_t                   len;
  struct sockaddr_storage *addrs;
  size_t                   naddrs;
};

struct dc_dns {
  struct dc_loop    *loop; /* NULL once detached (dc_dns_destroy) */
  ares_channel       channel;
  struct dc_timer    timer; /* c-ares' next timeout */
  struct dc_dns_req *reqs;  /* every live request */
  int               *fds;   /* sockets c-ares asked us to watch */
  size_t             nfds;
  size_t             capfds;
  unsigned           busy;   /* frames that may run user callbacks */
  bool               zombie; /* dc_dns_destroy called, free when !busy */
  uint32_t           rng;    /* fallback when getrandom() fails */
};

/* ---- status mapping: the one c-ares boundary ---------------------------- */

static dc_status_t map_ares(int st)
{
  switch (st) {
    case ARES_SUCCESS:
      return DC_OK;
    case ARES_ETIMEOUT:
      return DC_ETIMEOUT;
    case ARES_ENODATA:
    case ARES_ENOTFOUND:
    case ARES_ENONAME:
      return DC_ENOTFOUND;
    /* No usable answer from any server: refused, failing or garbage. */
    case ARES_ECONNREFUSED:
    case ARES_ESERVFAIL:
    case ARES_EREFUSED:
    case ARES_ENOTIMP:
    case ARES_EFORMERR:
    case ARES_EBADRESP:
    case ARES_EOF:
      return DC_ENETWORK;
    case ARES_EBADQUERY:
    case ARES_EBADNAME:
    case ARES_EBADFAMILY:
    case ARES_EBADSTR:
    case ARES_EBADFLAGS:
    case ARES_EBADHINTS:
    case ARES_ESERVICE:
      return DC_EINVAL;
    case ARES_ENOMEM:
      return DC_ENOMEM;
    case ARES_EDESTRUCTION:
    case ARES_ECANCELLED:
      return DC_ECANCELLED;
    case ARES_EFILE:
      return DC_EIO;
    case ARES_ENOTINITIALIZED:
    case ARES_ELOADIPHLPAPI:
    case ARES_EADDRGETNETWORKPARAMS:
      return DC_EINTERNAL;
  }
  return DC_EINTERNAL; /* a code newer than this file */
}

/* ---- the loop side: sockets and the timeout ----------------------------- */

static void dns_io_cb(void *ud, int fd, unsigned events);
static void dns_timer_cb(void *ud);
static void dns_free(struct dc_dns *d);

static void dns_enter(struct dc_dns *d)
{
  d->busy++;
}

/* Leave a frame; the last one out of a destroyed object frees it. The
 * caller must not touch d (or its requests) afterwards. */
static void dns_leave(struct dc_dns *d)
{
  d->busy--;
  if (d->busy == 0 && d->zombie) {
    dns_free(d);
  }
}

/* After every c-ares step: its next timeout drives our timer. */
static void dns_rearm(struct dc_dns *d)
{
  struct timeval  tv;
  struct timeval *tvp;
  uint64_t        ms;

  if (d->loop == NULL || d->channel == NULL) {
    return;
  }
  tvp = ares_timeout(d->channel, NULL, &tv);
  if (tvp == NULL) {
    dc_loop_timer_stop(d->loop, &d->timer);
    return;
  }
  /* Round up: firing a little late is fine, early would only spin. */
  ms = (uint64_t)tvp->tv_sec * 1000u + ((uint64_t)tvp->tv_usec + 999u) / 1000u;
  dc_loop_timer_start(d->loop, &d->timer, ms, dns_timer_cb, d);
}

static bool fds_add(struct dc_dns *d, int fd)
{
  size_t i;
  int   *nf;

  for (i = 0; i < d->nfds; i++) {
    if (d->fds[i] == fd) {
      return true;
    }
  }
  if (d->nfds == d->capfds) {
    size_t ncap = d->capfds == 0 ? 8 : d->capfds * 2;
    nf          = dc_realloc(d->fds, ncap * sizeof(*nf));
    if (nf == NULL) {
      return false;
    }
    d->fds    = nf;
    d->capfds = ncap;
  }
  d->fds[d->nfds++] = fd;
  return true;
}

static void fds_del(struct dc_dns *d, int fd)
{
  size_t i;
  for (i = 0; i < d->nfds; i++) {
    if (d->fds[i] == fd) {
      d->fds[i] = d->fds[--d->nfds];
      return;
    }
  }
}

/* ARES_OPT_SOCK_STATE_CB: c-ares says what it waits for on a socket; both
 * flags 0 means it is about to close it. */
static void dns_sock_state_cb(void *data, ares_socket_t fd, int readable,
                              int writable)
{
  struct dc_dns *d      = data;
  unsigned       events = 0;

  if (d->loop == NULL) {
    return; /* detached: ares_destroy() closes what is left */
  }
  if (readable != 0) {
    events |= DC_IO_READ;
  }
  if (writable != 0) {
    events |= DC_IO_WRITE;
  }
  if (events == 0) {
    (void)dc_loop_watch(d->loop, fd, 0, NULL, NULL);
    fds_del(d, fd);
    return;
  }
  if (!fds_add(d, fd) ||
      dc_loop_watch(d->loop, fd, events, dns_io_cb, d) != DC_OK) {
    /* Out of memory: the socket goes unwatched and its queries end by
     * c-ares' own timeout, which needs no allocation. */
    fds_del(d, fd);
    (void)dc_loop_watch(d->loop, fd, 0, NULL, NULL);
  }
}

static void dns_io_cb(void *ud, int fd, unsigned events)
{
  struct dc_dns *d  = ud;
  ares_socket_t  rd = ARES_SOCKET_BAD;
  ares_socket_t  wr = ARES_SOCKET_BAD;

  if ((events & (DC_IO_READ | DC_IO_ERROR)) != 0) {
    rd = fd;
  }
  if ((events & (DC_IO_WRITE | DC_IO_ERROR)) != 0) {
    wr = fd;
  }
  dns_enter(d);
  ares_process_fd(d->channel, rd, wr);
  dns_rearm(d);
  dns_leave(d);
}

static void dns_timer_cb(void *ud)
{
  struct dc_dns *d = ud;

  dns_enter(d);
  ares_process_fd(d->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  dns_rearm(d);
  dns_leave(d);
}

/* ---- requests ----------------------------------------------------------- */

static void req_clear_result(struct dc_dns_req *r)
{
  dc_free(r->bytes);
  dc_free(r->addrs);
  r->bytes  = NULL;
  r->len    = 0;
  r->addrs  = NULL;
  r->naddrs = 0;
}

static void req_unlink_free(struct dc_dns_req *r)
{
  struct dc_dns *d = r->d;

  if (d->loop != NULL) {
    dc_loop_timer_stop(d->loop, &r->defer);
  }
  if (r->prev != NULL) {
    r->prev->next = r->next;
  } else {
    d->reqs = r->next;
  }
  if (r->next != NULL) {
    r->next->prev = r->prev;
  }
  req_clear_result(r);
  dc_free(r);
}

/* Free r once nobody refers to it any more. */
static void req_release(struct dc_dns_req *r)
{
  if (r->done && !r->in_ares && !dc_timer_active(&r->defer)) {
    req_unlink_free(r);
  }
}

/* The only place a user callback runs. Call inside dns_enter/dns_leave;
 * r stays allocated until the caller's req_release(). */
static void req_finish(struct dc_dns_req *r, dc_status_t st,
                       const unsigned char *bytes, size_t len,
                       const struct sockaddr_storage *addrs, size_t naddrs)
{
  if (r->done) {
    return;
  }
  r->done = true;
  if (r->d->loop != NULL) {
    dc_loop_timer_stop(r->d->loop, &r->defer);
  }
  if (r->kind == REQ_QUERY) {
    r->answer_cb(r->ud, st, st == DC_OK ? bytes : NULL, st == DC_OK ? len : 0);
  } else {
    r->addr_cb(r->ud, st, st == DC_OK ? addrs : NULL, st == DC_OK ? naddrs : 0);
  }
}

static void req_defer_cb(void *ud)
{
  struct dc_dns_req *r = ud;
  struct dc_dns     *d = r->d;

  dns_enter(d);
  req_finish(r, r->st, r->bytes, r->len, r->addrs, r->naddrs);
  req_clear_result(r);
  req_release(r);
  dns_leave(d);
}

/* Keep a result for delivery from the loop (never re-entrantly). The data
 * is copied; when that fails the request ends with DC_ENOMEM instead. */
static void req_defer(struct dc_dns_req *r, dc_status_t st,
                      const unsigned char *bytes, size_t len,
                      const struct sockaddr_storage *addrs, size_t naddrs)
{
  req_clear_result(r);
  r->st = st;
  if (st == DC_OK && bytes != NULL && len > 0) {
    r->bytes = dc_malloc(len);
    if (r->bytes == NULL) {
      r->st = DC_ENOMEM;
    } else {
      memcpy(r->bytes, bytes, len);
      r->len = len;
    }
  }
  if (st == DC_OK && addrs != NULL && naddrs > 0) {
    r->addrs = dc_calloc(naddrs, sizeof(*addrs));
    if (r->addrs == NULL) {
      r->st = DC_ENOMEM;
    } else {
      memcpy(r->addrs, addrs, naddrs * sizeof(*addrs));
      r->naddrs = naddrs;
    }
  }
  dc_loop_timer_start(r->d->loop, &r->defer, 0, req_defer_cb, r);
}

static dc_status_t req_new(struct dc_dns *d, enum req_kind kind,
                           struct dc_dns_req **out)
{
  struct dc_dns_req *r = dc_calloc(1, sizeof(*r));

  *out = NULL;
  if (r == NULL) {
    return DC_ENOMEM;
  }
  r->d    = d;
  r->kind = kind;
  r->next = d->reqs;
  if (d->reqs != NULL) {
    d->reqs->prev = r;
  }
  d->reqs = r;
  *out    = r;
  return DC_OK;
}

/* ---- queries: raw answers ----------------------------------------------- */

static void query_cb(void *arg, int status, int timeouts, unsigned char *abuf,
                     int alen)
{
  struct dc_dns_req *r = arg;
  dc_status_t        st;

  (void)timeouts;
  r->in_ares = false;
  if (r->done) {
    req_release(r); /* cancelled earlier: c-ares is done with it now */
    return;
  }
  /* Any answer a server gave (NXDOMAIN included) is DC_OK with the bytes;
   * with ares_send() c-ares keeps SERVFAIL/REFUSED/NOTIMP to try the next
   * server and reports them without an answer when all failed. */
  if (abuf != NULL && alen > 0) {
    st = DC_OK;
  } else {
    st = map_ares(status);
    if (st == DC_OK || st == DC_ENOTFOUND) {
      st = DC_ENETWORK; /* "success" without an answer */
    }
  }
  if (r->in_submit) {
    req_defer(r, st, abuf, alen > 0 ? (size_t)alen : 0, NULL, 0);
    return;
  }
  req_finish(r, st, abuf, alen > 0 ? (size_t)alen : 0, NULL, 0);
  req_release(r);
}

static uint16_t dns_random16(struct dc_dns *d)
{
  uint16_t v;
  if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v)) {
    return v;
  }
  /* xorshift32: only when the kernel cannot give randomness at all. */
  d->rng ^= d->rng << 13;
  d->rng ^= d->rng >> 17;
  d->rng ^= d->rng << 5;
  return (uint16_t)(d->rng >> 8);
}

/* An ID unpredictable off-path (RFC 5452 §9.2) and unique among our own
 * queries in flight (c-ares matches answers by ID first). */
static uint16_t pick_qid(struct dc_dns *d)
{
  uint16_t id = 0;
  int      tries;

  for (tries = 0; tries < 16; tries++) {
    const struct dc_dns_req *r;
    bool                     used = false;
    id                            = dns_random16(d);
    for (r = d->reqs; r != NULL; r = r->next) {
      if (r->kind == REQ_QUERY && r->in_ares && r->qid == id) {
        used = true;
        break;
      }
    }
    if (!used) {
      break;
    }
  }
  return id;
}

dc_status_t dc_dns_query(struct dc_dns *d, const char *name, int rrtype,
                         bool dnssec_ok, dc_dns_answer_cb cb, void *ud,
                         struct dc_dns_req **req)
{
  dc_status_t        status;
  struct dc_dns_req *r    = NULL;
  unsigned char     *qbuf = NULL;
  int                qlen = 0;
  int                rc;
  unsigned char     *opt;

  if (req != NULL) {
    *req = NULL;
  }
  if (d == NULL || name == NULL || cb == NULL || rrtype < 0 || rrtype > 65535) {
    return DC_EINVAL;
  }
  if (d->zombie) {
    return DC_ECANCELLED;
  }
  status = req_new(d, REQ_QUERY, &r);
  if (status != DC_OK) {
    goto done;
  }
  r->answer_cb = cb;
  r->ud        = ud;
  r->qid       = pick_qid(d);
  /* c-ares 1.18's ares_create_query() has no DO parameter and ares_query()
   * adds an OPT RR without it. So we build the query (RD=1, OPT with our
   * payload size as the last 11 bytes, where c-ares' FORMERR fallback
   * expects it) and set DO (RFC 3225) ourselves, then ares_send() it. */
  rc = ares_create_query(name, DNS_CLASS_IN, rrtype, r->qid, 1, &qbuf, &qlen,
                         DNS_EDNS_PAYLOAD);
  if (rc != ARES_SUCCESS) {
    status = map_ares(rc);
    goto done;
  }
  if (qlen < 12 + DNS_OPT_RR_LEN) {
    status = DC_EINTERNAL;
    goto done;
  }
  opt = qbuf + qlen - DNS_OPT_RR_LEN;
  if (opt[0] != 0 || opt[1] != 0 || opt[2] != DNS_TYPE_OPT) {
    status = DC_EINTERNAL;
    goto done;
  }
  if (dnssec_ok) {
    opt[7] |= 0x80; /* TTL = ext-RCODE, VERSION, DO|Z, Z */
  }
  r->in_ares   = true;
  r->in_submit = true;
  dns_enter(d);
  ares_send(d->channel, qbuf, qlen, query_cb, r);
  r->in_submit = false;
  dns_rearm(d);
  if (req != NULL) {
    *req = r;
  }
  r      = NULL; /* owned by the channel and the loop now */
  status = DC_OK;
  dns_leave(d);
done:
  if (qbuf != NULL) {
    ares_free_string(qbuf);
  }
  if (r != NULL) {
    r->done = true;
    req_release(r);
  }
  return status;
}

/* ---- resolve: addresses of a host --------------------------------------- */

static void set_port(struct sockaddr_storage *ss, int port)
{
  if (ss->ss_family == AF_INET) {
    ((struct sockaddr_in *)(void *)ss)->sin_port = htons((uint16_t)port);
  } else if (ss->ss_family == AF_INET6) {
    ((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons((uint16_t)port);
  }
}

static void addrinfo_cb(void *arg, int status, int timeouts,
                        struct ares_addrinfo *res)
{
  struct dc_dns_req         *r = arg;
  struct ares_addrinfo_node *node;
  struct sockaddr_storage   *addrs = NULL;
  size_t                     n     = 0;
  size_t                     i     = 0;
  dc_status_t                st;

  (void)timeouts;
  r->in_ares = false;
  if (r->done) {
    req_release(r);
    goto done;
  }
  st = map_ares(status);
  if (st == DC_EINVAL) {
    st = DC_ENOTFOUND; /* a name that cannot exist does not resolve */
  }
  if (st == DC_OK) {
    for (node = res != NULL ? res->nodes : NULL; node != NULL;
         node = node->ai_next) {
      if (node->ai_addr != NULL &&
          (node->ai_family == AF_INET || node->ai_family == AF_INET6) &&
          node->ai_addrlen <= sizeof(struct sockaddr_storage)) {
        n++;
      }
    }
    if (n == 0) {
      st = DC_ENOTFOUND;
    }
  }
  if (st == DC_OK) {
    addrs = dc_calloc(n, sizeof(*addrs));
    if (addrs == NULL) {
      st = DC_ENOMEM;
    }
  }
  if (st == DC_OK) {
    for (node = res->nodes; node != NULL; node = node->ai_next) {
      if (node->ai_addr != NULL &&
          (node->ai_family == AF_INET || node->ai_family == AF_INET6) &&
          node->ai_addrlen <= sizeof(struct sockaddr_storage)) {
        memcpy(&addrs[i], node->ai_addr, node->ai_addrlen);
        addrs[i].ss_family = (sa_family_t)node->ai_family;
        set_port(&addrs[i], r->port);
        i++;
      }
    }
  }
  if (r->in_submit) {
    req_defer(r, st, NULL, 0, addrs, n);
    goto done;
  }
  req_finish(r, st, NULL, 0, addrs, n);
  req_release(r);
done:
  dc_free(addrs);
  if (res != NULL) {
    ares_freeaddrinfo(res);
  }
}

/* "192.0.2.1", "2001:db8::1" or "[2001:db8::1]" into ss. */
static bool parse_literal(const char *host, struct sockaddr_storage *ss)
{
  char   buf[INET6_ADDRSTRLEN + 1];
  size_t n = strlen(host);

  memset(ss, 0, sizeof(*ss));
  if (inet_pton(AF_INET, host, &((struct sockaddr_in *)(void *)ss)->sin_addr) ==
      1) {
    ss->ss_family = AF_INET;
    return true;
  }
  if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(buf)) {
    memcpy(buf, host + 1, n - 2);
    buf[n - 2] = '\0';
    host       = buf;
  }
  if (inet_pton(AF_INET6, host,
                &((struct sockaddr_in6 *)(void *)ss)->sin6_addr) == 1) {
    ss->ss_family = AF_INET6;
    return true;
  }
  return false;
}

dc_status_t dc_dns_resolve(struct dc_dns *d, const char *host, int port,
                           dc_dns_addr_cb cb, void *ud, struct dc_dns_req **req)
{
  dc_status_t                status;
  struct dc_dns_req         *r = NULL;
  struct sockaddr_storage    lit;
  struct ares_addrinfo_hints hints;

  if (req != NULL) {
    *req = NULL;
  }
  if (d == NULL || host == NULL || host[0] == '\0' || cb == NULL || port < 0 ||
      port > 65535) {
    return DC_EINVAL;
  }
  if (d->zombie) {
    return DC_ECANCELLED;
  }
  status = req_new(d, REQ_RESOLVE, &r);
  if (status != DC_OK) {
    goto done;
  }
  r->addr_cb = cb;
  r->ud      = ud;
  r->port    = port;
  if (parse_literal(host, &lit)) {
    set_port(&lit, port);
    req_defer(r, DC_OK, NULL, 0, &lit, 1); /* next loop iteration */
  } else {
    memset(&hints, 0, sizeof(hints));
    hints.ai_family   = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; /* one node per address */
    r->in_ares        = true;
    r->in_submit      = true;
    dns_enter(d);
    ares_getaddrinfo(d->channel, host, NULL, &hints, addrinfo_cb, r);
    r->in_submit = false;
    dns_rearm(d);
    dns_leave(d); /* not zombie: nothing ran a user callback */
  }
  if (req != NULL) {
    *req = r;
  }
  r      = NULL;
  status = DC_OK;
done:
  if (r != NULL) {
    r->done = true;
    req_release(r);
  }
  return status;
}

/* ---- cancel, create, destroy -------------------------------------------- */

void dc_dns_cancel(struct dc_dns *d, struct dc_dns_req *req)
{
  if (d == NULL || req == NULL || req->done) {
    return;
  }
  dns_enter(d);
  req_finish(req, DC_ECANCELLED, NULL, 0, NULL, 0);
  req_clear_result(req);
  /* c-ares 1.18 cannot drop one query: its callback comes later and only
   * frees the request (query_cb/addrinfo_cb see done). */
  req_release(req);
  dns_leave(d);
}

static void dns_free(struct dc_dns *d)
{
  struct dc_dns_req *r;

  /* Every request is done: c-ares' EDESTRUCTION callbacks only free. */
  if (d->channel != NULL) {
    ares_destroy(d->channel);
    d->channel = NULL;
  }
  while (d->reqs != NULL) {
    r          = d->reqs;
    r->in_ares = false;
    r->done    = true;
    req_unlink_free(r);
  }
  dc_free(d->fds);
  dc_free(d);
}

/* Stop using the loop: the owner may destroy it right after
 * dc_dns_destroy() returns, while an outer frame still runs. */
static void dns_detach(struct dc_dns *d)
{
  struct dc_dns_req *r;
  size_t             i;

  if (d->loop == NULL) {
    return;
  }
  for (i = 0; i < d->nfds; i++) {
    (void)dc_loop_watch(d->loop, d->fds[i], 0, NULL, NULL);
  }
  d->nfds = 0;
  dc_loop_timer_stop(d->loop, &d->timer);
  for (r = d->reqs; r != NULL; r = r->next) {
    dc_loop_timer_stop(d->loop, &r->defer);
  }
  d->loop = NULL;
}

void dc_dns_destroy(struct dc_dns *d)
{
  struct dc_dns_req *r;

  if (d == NULL || d->zombie) {
    return;
  }
  d->zombie = true; /* no new requests from the callbacks below */
  dns_enter(d);
  /* Each callback may cancel or finish others: rescan from the head after
   * every one, never holding a request across a callback. */
  for (;;) {
    for (r = d->reqs; r != NULL && r->done; r = r->next) {
    }
    if (r == NULL) {
      break;
    }
    req_finish(r, DC_ECANCELLED, NULL, 0, NULL, 0);
  }
  dns_detach(d);
  dns_leave(d); /* frees now, or when the outermost frame leaves */
}

static void dns_library_init(void)
{
  (void)ares_library_init(ARES_LIB_INIT_ALL);
}

/* "ADDR", "ADDR:PORT", "[V6]:PORT" or a bare IPv6 address. */
static dc_status_t parse_server(const char *s, struct ares_addr_port_node *n)
{
  char        host[INET6_ADDRSTRLEN + 1];
  const char *port = NULL;
  const char *colon;
  size_t      hl;
  long        v = 0;

  memset(n, 0, sizeof(*n));
  if (s[0] == '[') {
    const char *e = strchr(s, ']');
    if (e == NULL) {
      return DC_EINVAL;
    }
    hl = (size_t)(e - s - 1);
    if (e[1] == ':') {
      port = e + 2;
    } else if (e[1] != '\0') {
      return DC_EINVAL;
    }
    s++;
  } else {
    colon = strchr(s, ':');
    if (colon != NULL && strchr(colon + 1, ':') == NULL) {
      hl   = (size_t)(colon - s); /* exactly one ':' : IPv4 with a port */
      port = colon + 1;
    } else {
      hl = strlen(s); /* none, or a bare IPv6 address */
    }
  }
  if (hl == 0 || hl >= sizeof(host)) {
    return DC_EINVAL;
  }
  memcpy(host, s, hl);
  host[hl] = '\0';
  if (inet_pton(AF_INET, host, &n->addr.addr4) == 1) {
    n->family = AF_INET;
  } else if (inet_pton(AF_INET6, host, &n->addr.addr6) == 1) {
    n->family = AF_INET6;
  } else {
    return DC_EINVAL;
  }
  if (port == NULL) {
    v = 53;
  } else {
    size_t i;
    if (port[0] == '\0' || strlen(port) > 5) {
      return DC_EINVAL;
    }
    for (i = 0; port[i] != '\0'; i++) {
      if (port[i] < '0' || port[i] > '9') {
        return DC_EINVAL;
      }
      v = v * 10 + (port[i] - '0');
    }
    if (v < 1 || v > 65535) {
      return DC_EINVAL;
    }
  }
  n->udp_port = (int)v;
  n->tcp_port = (int)v;
  return DC_OK;
}

dc_status_t dc_dns_create(struct dc_dns **out, struct dc_loop *loop,
                          const char *const *servers, size_t nservers,
                          int timeout_ms, int tries)
{
  static pthread_once_t       once = PTHREAD_ONCE_INIT;
  dc_status_t                 status;
  struct dc_dns              *d     = NULL;
  struct ares_addr_port_node *nodes = NULL;
  struct ares_options         opts;
  char                        lookups[] = "b";
  int                         optmask;
  int                         rc;
  size_t                      i;

  if (out == NULL || loop == NULL || (nservers > 0 && servers == NULL)) {
    return DC_EINVAL;
  }
  *out = NULL;
  if (nservers > 0) {
    nodes = dc_calloc(nservers, sizeof(*nodes));
    if (nodes == NULL) {
      status = DC_ENOMEM;
      goto done;
    }
    for (i = 0; i < nservers; i++) {
      status =
          servers[i] == NULL ? DC_EINVAL : parse_server(servers[i], &nodes[i]);
      if (status != DC_OK) {
        goto done;
      }
      nodes[i].next = i + 1 < nservers ? &nodes[i + 1] : NULL;
    }
  }
  if (pthread_once(&once, dns_library_init) != 0) {
    status = DC_EINTERNAL;
    goto done;
  }
  d = dc_calloc(1, sizeof(*d));
  if (d == NULL) {
    status = DC_ENOMEM;
    goto done;
  }
  d->loop = loop;
  d->rng  = (uint32_t)time(NULL) ^ (uint32_t)(uintptr_t)d;
  if (d->rng == 0) {
    d->rng = 0x9e3779b9u;
  }

  memset(&opts, 0, sizeof(opts));
  /* EDNS (RFC 6891) so answers up to DNS_EDNS_PAYLOAD come over UDP; no
   * search list: we always ask for the name as given. */
  opts.flags              = ARES_FLAG_EDNS | ARES_FLAG_NOSEARCH;
  opts.ednspsz            = DNS_EDNS_PAYLOAD;
  opts.sock_state_cb      = dns_sock_state_cb;
  opts.sock_state_cb_data = d;
  opts.domains            = NULL;
  opts.ndomains           = 0;
  optmask = ARES_OPT_FLAGS | ARES_OPT_EDNSPSZ | ARES_OPT_SOCK_STATE_CB |
            ARES_OPT_DOMAINS;
  if (timeout_ms > 0) {
    opts.timeout = timeout_ms;
    optmask |= ARES_OPT_TIMEOUTMS;
  }
  if (tries > 0) {
    opts.tries = tries;
    optmask |= ARES_OPT_TRIES;
  }
  if (nservers > 0) {
    /* Our own servers: addresses come from them, not /etc/hosts. */
    opts.lookups = lookups;
    optmask |= ARES_OPT_LOOKUPS;
  }
  rc = ares_init_options(&d->channel, &opts, optmask);
  if (rc != ARES_SUCCESS) {
    d->channel = NULL;
    status     = map_ares(rc);
    goto done;
  }
  if (nodes != NULL) {
    rc = ares_set_servers_ports(d->channel, nodes);
    if (rc != ARES_SUCCESS) {
      status = map_ares(rc);
      goto done;
    }
  }
  *out   = d;
  d      = NULL;
  status = DC_OK;
done:
  if (d != NULL) {
    d->loop = NULL;
    dns_free(d);
  }
  dc_free(nodes);
  return status;
}

/* ---- reading answers (ldns) --------------------------------------------- */

void dc_dns_answer_clear(struct dc_dns_answer *a)
{
  if (a == NULL) {
    return;
  }
  dc_strlist_clear(&a->names);
  memset(a, 0, sizeof(*a));
}

/* A domain name rdf as lower-case text without the final dot; root gives
 * the empty string. */
static dc_status_t push_name(struct dc_strlist *l, const ldns_rdf *rdf)
{
  char       *s;
  size_t      n;
  size_t      i;
  dc_status_t status = DC_OK;

  if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME) {
    return DC_OK;
  }
  s = ldns_rdf2str(rdf);
  if (s == NULL) {
    return DC_ENOMEM;
  }
  n = strlen(s);
  if (n > 0 && s[n - 1] == '.') {
    s[--n] = '\0';
  }
  for (i = 0; i < n; i++) {
    if (s[i] >= 'A' && s[i] <= 'Z') {
      s[i] = (char)(s[i] - 'A' + 'a');
    }
  }
  /* Root as a target means nothing to follow. */
  if (n > 0 && !dc_strlist_contains(l, s)) {
    status = dc_strlist_push(l, s);
  }
  free(s); /* ldns allocates with malloc */
  return status;
}

static dc_status_t collect_names(struct dc_strlist *l, const ldns_rr_list *rrs)
{
  size_t      i;
  dc_status_t status = DC_OK;

  for (i = 0; i < ldns_rr_list_rr_count(rrs) && status == DC_OK; i++) {
    const ldns_rr *rr = ldns_rr_list_rr(rrs, i);
    ldns_rr_type   t  = ldns_rr_get_type(rr);
    if (t == LDNS_RR_TYPE_NS || t == LDNS_RR_TYPE_CNAME) {
      status = push_name(l, ldns_rr_rdf(rr, 0));
    }
  }
  return status;
}

dc_status_t dc_dns_parse(const unsigned char *wire, size_t len, int rrtype,
                         struct dc_dns_answer *out)
{
  dc_status_t   status;
  ldns_pkt     *pkt = NULL;
  ldns_rr_list *an;
  size_t        i;

  if (out == NULL) {
    return DC_EINVAL;
  }
  memset(out, 0, sizeof(*out));
  if (wire == NULL || len < 12) {
    return DC_EFORMAT;
  }
  if (ldns_wire2pkt(&pkt, wire, len) != LDNS_STATUS_OK) {
    pkt    = NULL;
    status = DC_EFORMAT;
    goto done;
  }
  if (!ldns_pkt_qr(pkt)) {
    status = DC_EFORMAT; /* a query, not an answer */
    goto done;
  }
  /* RFC 6891 §6.1.3: the OPT RR holds the upper 8 bits of the RCODE. */
  out->rcode = (int)ldns_pkt_get_rcode(pkt);
  if (ldns_pkt_edns(pkt)) {
    out->rcode |= (int)ldns_pkt_edns_extended_rcode(pkt) << 4;
  }
  out->authoritative = ldns_pkt_aa(pkt);
  an                 = ldns_pkt_answer(pkt);
  for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
    const ldns_rr *rr = ldns_rr_list_rr(an, i);
    ldns_rr_type   t  = ldns_rr_get_type(rr);
    if ((int)t == rrtype) {
      out->n_answer++;
    } else if (t == LDNS_RR_TYPE_RRSIG) {
      const ldns_rdf *cov = ldns_rr_rrsig_typecovered(rr);
      if (cov != NULL && (int)ldns_rdf2rr_type(cov) == rrtype) {
        out->has_rrsig = true;
      }
    }
  }
  status = collect_names(&out->names, an);
  if (status == DC_OK && out->names.n == 0) {
    status = collect_names(&out->names, ldns_pkt_authority(pkt));
  }
done:
  if (pkt != NULL) {
    ldns_pkt_free(pkt);
  }
  if (status != DC_OK) {
    dc_dns_answer_clear(out);
  }
  return status;
}

/* ---- address classes ---------------------------------------------------- */

static bool v4_is_private(const unsigned char *a)
{
  return a[0] == 0 ||                            /* "this" network */
         a[0] == 10 ||                           /* RFC 1918 */
         a[0] == 127 ||                          /* loopback */
         (a[0] == 100 && (a[1] & 0xc0) == 64) || /* RFC 6598 CGNAT */
         (a[0] == 169 && a[1] == 254) ||         /* link-local */
         (a[0] == 172 && (a[1] & 0xf0) == 16) || /* RFC 1918 */
         (a[0] == 192 && a[1] == 168) ||         /* RFC 1918 */
         a[0] >= 224;                            /* multicast, reserved */
}

bool dc_addr_is_private(const struct sockaddr_storage *ss)
{
  static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0,    0,
                                             0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char nat64[12]    = {0, 0x64, 0xff, 0x9b, 0, 0,
                                             0, 0,    0,    0,    0, 0};
  static const unsigned char zero[16]     = {0};
  const unsigned char       *a;

  if (ss == NULL) {
    return true;
  }
  if (ss->ss_family == AF_INET) {
    a = (const unsigned char *)&((const struct sockaddr_in *)(const void *)ss)
            ->sin_addr;
    return v4_is_private(a);
  }
  if (ss->ss_family != AF_INET6) {
    return true; /* not somewhere a referral may send us */
  }
  a = ((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr.s6_addr;
  if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1)) {
    return true; /* :: and ::1 */
  }
  if (memcmp(a, v4mapped, 12) == 0 || memcmp(a, nat64, 12) == 0) {
    return v4_is_private(a + 12); /* ::ffff:a.b.c.d, 64:ff9b::a.b.c.d */
  }
  return (a[0] & 0xfe) == 0xfc ||                   /* fc00::/7 ULA */
         (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || /* fe80::/10 */
         (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) || /* fec0::/10 site */
         a[0] == 0xff;                              /* multicast */
}
