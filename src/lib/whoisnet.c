/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/whoisnet.c - one WHOIS exchange (RFC 3912) on the event loop
 *
 *  A request walks KICK or RESOLVE -> CONNECT -> WRITE -> READ and ends in
 *  req_complete(), the only place its callback runs. Nothing here happens
 *  inside the caller's dc_whois_exchange(): even an IP literal or a refusal
 *  starts from a 0 ms loop timer, so the callback always comes from the
 *  loop. One loop timer per request carries the deadline of the whole
 *  exchange (resolve, connect, write, read).
 */
#include "whoisnet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "text.h"

#define WHOIS_PORT       43
#define WHOIS_MAX_ADDRS  16
#define WHOIS_READ_CHUNK 16384

enum wq_phase {
  WQ_KICK,    /* literal address: r->timer (0 ms) starts the connect */
  WQ_RESOLVE, /* dc_dns_resolve() in flight */
  WQ_CONNECT, /* non-blocking connect() in progress on r->fd */
  WQ_WRITE,   /* sending "query\r\n", maybe in pieces */
  WQ_READ,    /* reading until the server closes */
  WQ_FAILING  /* refused at start; r->timer (0 ms) delivers it */
};

struct dc_whoisnet {
  struct dc_loop          *loop;
  struct dc_dns           *dns;  /* borrowed; NULL: literals only */
  const struct dc_netopts *opts; /* borrowed; may be NULL */
  struct dc_whois_req     *reqs; /* every request not yet completed */
  unsigned                 busy; /* dispatch depth; free deferred */
  bool                     dying;
};

struct dc_whois_req {
  struct dc_whoisnet     *w;
  struct dc_whois_req    *prev;
  struct dc_whois_req    *next;
  dc_whois_cb             cb;
  void                   *ud;
  enum wq_phase           phase;
  int                     timeout_ms;
  uint64_t                deadline; /* monotonic ms */
  char                   *server;   /* as given, for messages */
  char                   *target;   /* where to connect (no brackets) */
  int                     target_port;
  bool                    exempt;    /* private addresses allowed */
  bool                    resolving; /* the dns callback is still due */
  struct dc_dns_req      *dnsreq;
  struct dc_timer         timer;
  struct sockaddr_storage addrs[WHOIS_MAX_ADDRS];
  size_t                  naddrs;
  size_t                  next_addr;
  size_t                  tried; /* addresses a connect was tried on */
  int                     fd;    /* -1: none */
  int                     last_errno;
  char                    cur[INET6_ADDRSTRLEN]; /* address of r->fd */
  char                    refused[INET6_ADDRSTRLEN];
  char                   *out; /* "query\r\n" */
  size_t                  outlen;
  size_t                  outoff;
  dc_status_t             fail_st;
  struct dc_buf           reply;
  char                    msg[384];
};

static void req_complete(struct dc_whois_req *r, dc_status_t st);
static void on_fd(void *ud, int fd, unsigned events);

/* ---- small helpers ------------------------------------------------------ */

static void req_msg(struct dc_whois_req *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void req_oom(struct dc_whois_req *r)
{
  (void)snprintf(r->msg, sizeof(r->msg), "out of memory");
}

static void req_msg(struct dc_whois_req *r, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  /* ap was started just above: a clang 14 analyzer false positive. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  (void)vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
  va_end(ap);
}

/* dc_net_errno_text, else the C library's words. */
static const char *errno_text(int e, char *buf, size_t len)
{
  const char *t = dc_net_errno_text(e);
  if (t != NULL) {
    return t;
  }
  if (strerror_r(e, buf, len) != 0) {
    (void)snprintf(buf, len, "error %d", e);
  }
  return buf;
}

static bool parse_ip(const char *s, int port, struct sockaddr_storage *ss)
{
  struct sockaddr_in  *sin  = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

  memset(ss, 0, sizeof(*ss));
  if (inet_pton(AF_INET, s, &sin->sin_addr) == 1) {
    sin->sin_family = AF_INET;
    sin->sin_port   = htons((uint16_t)port);
    return true;
  }
  memset(ss, 0, sizeof(*ss));
  if (inet_pton(AF_INET6, s, &sin6->sin6_addr) == 1) {
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port   = htons((uint16_t)port);
    return true;
  }
  return false;
}

static void addr_text(const struct sockaddr_storage *ss, char *out, size_t len)
{
  const void *a = NULL;

  if (ss->ss_family == AF_INET) {
    a = &((const struct sockaddr_in *)ss)->sin_addr;
  } else if (ss->ss_family == AF_INET6) {
    a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
  }
  if (a == NULL || inet_ntop(ss->ss_family, a, out, (socklen_t)len) == NULL) {
    (void)snprintf(out, len, "?");
  }
}

static char *strip_brackets(const char *host)
{
  size_t n = strlen(host);

  if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
    return dc_strndup(host + 1, n - 2);
  }
  return dc_strdup(host);
}

static bool parse_port(const char *s, int *port)
{
  char *end = NULL;
  long  v;

  if (s[0] < '0' || s[0] > '9') {
    return false;
  }
  errno = 0;
  v     = strtol(s, &end, 10);
  if (errno != 0 || *end != '\0' || v < 1 || v > 65535) {
    return false;
  }
  *port = (int)v;
  return true;
}

/* "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address (more
 * than one colon: no port). *host is owned, lower case, no brackets. */
static dc_status_t parse_server(const char *s, char **host, int *port)
{
  const char *close;
  const char *colon;
  char       *h  = NULL;
  dc_status_t st = DC_EINVAL;

  *host = NULL;
  *port = WHOIS_PORT;
  if (s[0] == '[') {
    close = strchr(s, ']');
    if (close == NULL || close == s + 1) {
      goto done;
    }
    if (close[1] != '\0' && (close[1] != ':' || !parse_port(close + 2, port))) {
      goto done;
    }
    h = dc_strndup(s + 1, (size_t)(close - s - 1));
  } else {
    colon = strchr(s, ':');
    if (colon != NULL && strchr(colon + 1, ':') == NULL) {
      if (colon == s || !parse_port(colon + 1, port)) {
        goto done;
      }
      h = dc_strndup(s, (size_t)(colon - s));
    } else {
      h = dc_strdup(s);
    }
  }
  if (h == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  if (h[0] == '\0') {
    goto done;
  }
  dc_ascii_lower(h);
  *host = h;
  h     = NULL;
  st    = DC_OK;
done:
  dc_free(h);
  return st;
}

static uint64_t req_remaining(const struct dc_whois_req *r)
{
  uint64_t now = dc_loop_now(r->w->loop);
  return r->deadline > now ? r->deadline - now : 0;
}

/* ---- request list and teardown ------------------------------------------ */

static void req_link(struct dc_whois_req *r)
{
  struct dc_whoisnet *w = r->w;

  r->prev = NULL;
  r->next = w->reqs;
  if (w->reqs != NULL) {
    w->reqs->prev = r;
  }
  w->reqs = r;
}

static void req_unlink(struct dc_whois_req *r)
{
  struct dc_whoisnet *w = r->w;

  if (r->prev != NULL) {
    r->prev->next = r->next;
  } else if (w->reqs == r) {
    w->reqs = r->next;
  }
  if (r->next != NULL) {
    r->next->prev = r->prev;
  }
  r->prev = NULL;
  r->next = NULL;
}

static void close_fd(struct dc_whois_req *r)
{
  if (r->fd >= 0) {
    (void)dc_loop_watch(r->w->loop, r->fd, 0, NULL, NULL);
    (void)close(r->fd);
    r->fd = -1;
  }
}

/* Afterwards nothing leads back to r: no dns callback, timer or fd. */
static void req_teardown(struct dc_whois_req *r)
{
  if (r->resolving) {
    /* Clear first: the DC_ECANCELLED callback dc_dns_cancel() fires
     * before it returns is ours and is ignored. */
    r->resolving = false;
    dc_dns_cancel(r->w->dns, r->dnsreq);
  }
  r->dnsreq = NULL;
  dc_loop_timer_stop(r->w->loop, &r->timer);
  close_fd(r);
}

static void req_free(struct dc_whois_req *r)
{
  if (r == NULL) {
    return;
  }
  req_teardown(r);
  dc_buf_free(&r->reply);
  dc_free(r->server);
  dc_free(r->target);
  dc_free(r->out);
  dc_free(r);
}

static void whois_hold(struct dc_whoisnet *w)
{
  w->busy++;
}

/* A dc_whoisnet_destroy() from inside a callback only cancels; the
 * outermost dispatch frame frees w on its way out. */
static void whois_release(struct dc_whoisnet *w)
{
  w->busy--;
  if (w->busy == 0 && w->dying) {
    DC_REQUIRE(w->reqs == NULL);
    dc_free(w);
  }
}

/* The only place a callback runs: r is unlinked and torn down first, so
 * nothing can reach it a second time. */
static void req_complete(struct dc_whois_req *r, dc_status_t st)
{
  req_unlink(r);
  req_teardown(r);
  r->cb(r->ud, st, r->reply.data != NULL ? r->reply.data : "", r->reply.len,
        st == DC_OK ? NULL : r->msg);
  req_free(r);
}

/* ---- the exchange -----------------------------------------------------------
 */

static void do_read(struct dc_whois_req *r)
{
  char        buf[WHOIS_READ_CHUNK];
  char        ebuf[128];
  ssize_t     n;
  size_t      room;
  dc_status_t st;

  for (;;) {
    n = recv(r->fd, buf, sizeof(buf), 0);
    if (n == 0) {
      req_complete(r, DC_OK); /* RFC 3912: the server closes when done */
      return;
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return;
      }
      req_msg(r, "reading from %s (%s port %d): %s", r->server, r->cur,
              r->target_port, errno_text(errno, ebuf, sizeof(ebuf)));
      req_complete(r, DC_ENETWORK);
      return;
    }
    st = dc_buf_append(&r->reply, buf, (size_t)n);
    if (st == DC_ETOOBIG) {
      room = r->reply.max - r->reply.len;
      (void)dc_buf_append(&r->reply, buf, room);
      req_msg(r, "reply from %s larger than %zu bytes: cut", r->server,
              DC_WHOIS_MAX_REPLY);
      req_complete(r, DC_ETOOBIG);
      return;
    }
    if (st != DC_OK) {
      req_oom(r);
      req_complete(r, st);
      return;
    }
  }
}

static void do_write(struct dc_whois_req *r)
{
  char        ebuf[128];
  ssize_t     n;
  dc_status_t st;

  while (r->outoff < r->outlen) {
    /* MSG_NOSIGNAL: a peer that closed must not raise SIGPIPE. */
    n = send(r->fd, r->out + r->outoff, r->outlen - r->outoff, MSG_NOSIGNAL);
    if (n >= 0) {
      r->outoff += (size_t)n;
      continue;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      st = dc_loop_watch(r->w->loop, r->fd, DC_IO_WRITE, on_fd, r);
      if (st != DC_OK) {
        req_msg(r, "watching %s: %s", r->server, dc_strerror(st));
        req_complete(r, st);
      }
      return;
    }
    req_msg(r, "sending to %s (%s port %d): %s", r->server, r->cur,
            r->target_port, errno_text(errno, ebuf, sizeof(ebuf)));
    req_complete(r, DC_ENETWORK);
    return;
  }
  r->phase = WQ_READ;
  st       = dc_loop_watch(r->w->loop, r->fd, DC_IO_READ, on_fd, r);
  if (st != DC_OK) {
    req_msg(r, "watching %s: %s", r->server, dc_strerror(st));
    req_complete(r, st);
  }
}

static int open_socket(int family)
{
  int fd;
  int fl;

#ifdef SOCK_NONBLOCK
  fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
  fd = socket(family, SOCK_STREAM, 0);
#endif
  if (fd < 0) {
    return -1;
  }
  fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
      fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
    fl = errno;
    (void)close(fd);
    errno = fl;
    return -1;
  }
  return fd;
}

/* Try the remaining addresses in turn; completes r when none connects. */
static void connect_next(struct dc_whois_req *r)
{
  const struct sockaddr_storage *a;
  socklen_t                      alen;
  char                           ebuf[128];
  dc_status_t                    st;
  int                            rc;

  while (r->next_addr < r->naddrs) {
    a = &r->addrs[r->next_addr++];
    if (!r->exempt && dc_addr_is_private(a)) {
      addr_text(a, r->refused, sizeof(r->refused));
      continue;
    }
    addr_text(a, r->cur, sizeof(r->cur));
    r->tried++;
    r->fd = open_socket(a->ss_family);
    if (r->fd < 0) {
      r->last_errno = errno;
      continue;
    }
    alen = a->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                    : sizeof(struct sockaddr_in);
    rc   = connect(r->fd, (const struct sockaddr *)a, alen);
    if (rc == 0) {
      r->phase = WQ_WRITE;
      do_write(r);
      return;
    }
    if (errno == EINPROGRESS || errno == EINTR) {
      r->phase = WQ_CONNECT;
      st       = dc_loop_watch(r->w->loop, r->fd, DC_IO_WRITE, on_fd, r);
      if (st != DC_OK) {
        req_msg(r, "watching %s: %s", r->server, dc_strerror(st));
        req_complete(r, st);
      }
      return;
    }
    r->last_errno = errno;
    close_fd(r);
  }
  if (r->tried == 0) {
    req_msg(r,
            "%s resolves to private address %s only: refused "
            "(no --connect-to rule)",
            r->server, r->refused[0] != '\0' ? r->refused : "?");
    req_complete(r, DC_EINVAL);
    return;
  }
  req_msg(r, "connect to %s (%s port %d): %s", r->server, r->cur,
          r->target_port, errno_text(r->last_errno, ebuf, sizeof(ebuf)));
  req_complete(r, DC_ENETWORK);
}

static void on_fd(void *ud, int fd, unsigned events)
{
  struct dc_whois_req *r   = ud;
  struct dc_whoisnet  *w   = r->w;
  int                  err = 0;
  socklen_t            len = sizeof(err);

  (void)events; /* errors surface through SO_ERROR, send() and recv() */
  if (fd != r->fd) {
    return;
  }
  whois_hold(w);
  switch (r->phase) {
    case WQ_CONNECT:
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
        err = errno;
      }
      if (err != 0) {
        r->last_errno = err;
        close_fd(r);
        connect_next(r);
        break;
      }
      r->phase = WQ_WRITE;
      do_write(r);
      break;
    case WQ_WRITE:
      do_write(r);
      break;
    case WQ_READ:
      do_read(r);
      break;
    default:
      break;
  }
  whois_release(w);
}

static void on_timer(void *ud)
{
  struct dc_whois_req *r = ud;
  struct dc_whoisnet  *w = r->w;

  whois_hold(w);
  switch (r->phase) {
    case WQ_KICK:
      dc_loop_timer_start(w->loop, &r->timer, req_remaining(r), on_timer, r);
      connect_next(r);
      break;
    case WQ_FAILING:
      req_complete(r, r->fail_st);
      break;
    case WQ_RESOLVE:
      req_msg(r, "timed out after %d ms resolving %s", r->timeout_ms,
              r->target);
      req_complete(r, DC_ETIMEOUT);
      break;
    case WQ_CONNECT:
      req_msg(r, "timed out after %d ms connecting to %s (%s port %d)",
              r->timeout_ms, r->server, r->cur, r->target_port);
      req_complete(r, DC_ETIMEOUT);
      break;
    default:
      req_msg(r, "timed out after %d ms waiting for %s (%zu bytes came)",
              r->timeout_ms, r->server, r->reply.len);
      req_complete(r, DC_ETIMEOUT);
      break;
  }
  whois_release(w);
}

static void on_resolved(void *ud, dc_status_t st,
                        const struct sockaddr_storage *addrs, size_t n)
{
  struct dc_whois_req *r = ud;
  struct dc_whoisnet  *w = r->w;
  size_t               i;

  if (!r->resolving) {
    return; /* our own dc_dns_cancel() from req_teardown() */
  }
  r->resolving = false;
  r->dnsreq    = NULL;
  whois_hold(w);
  if (st == DC_OK && n == 0) {
    st = DC_ENOTFOUND;
  }
  switch (st) {
    case DC_OK:
      for (i = 0; i < n && i < WHOIS_MAX_ADDRS; i++) {
        r->addrs[i] = addrs[i];
      }
      r->naddrs    = i;
      r->next_addr = 0;
      connect_next(r);
      break;
    case DC_ENOTFOUND:
      req_msg(r, "whois server %s does not resolve", r->target);
      req_complete(r, DC_ENOTFOUND);
      break;
    case DC_ETIMEOUT:
      req_msg(r, "timed out resolving %s", r->target);
      req_complete(r, DC_ETIMEOUT);
      break;
    case DC_ECANCELLED:
      req_msg(r, "resolving %s: resolver shut down", r->target);
      req_complete(r, DC_ECANCELLED);
      break;
    case DC_ENOMEM:
      req_oom(r);
      req_complete(r, DC_ENOMEM);
      break;
    default:
      req_msg(r, "resolving %s: %s", r->target, dc_strerror(st));
      req_complete(r, DC_ENETWORK);
      break;
  }
  whois_release(w);
}

/* Server string, --connect-to, policy: r->target, r->exempt, and either a
 * literal in r->addrs or nothing (a name to resolve). */
static dc_status_t req_target(struct dc_whois_req *r, const char *server)
{
  struct dc_whoisnet *w    = r->w;
  char               *host = NULL;
  const char         *addr;
  int                 port;
  int                 cport;
  bool                matched = false;
  dc_status_t         st;

  st = parse_server(server, &host, &port);
  if (st != DC_OK) {
    goto done;
  }
  addr  = host;
  cport = port;
  if (w->opts != NULL) {
    matched = dc_connect_to_apply(w->opts, host, port, &addr, &cport);
  }
  /* An address a --connect-to rule names is the user's own choice. */
  r->exempt =
      (w->opts != NULL && w->opts->allow_private) || (matched && addr != host);
  r->target      = strip_brackets(addr);
  r->target_port = cport > 0 ? cport : port;
  if (r->target == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  if (parse_ip(r->target, r->target_port, &r->addrs[0])) {
    r->naddrs = 1;
  }
done:
  dc_free(host);
  return st;
}

/* ---- API ------------------------------------------------------------------
 */

dc_status_t dc_whoisnet_create(struct dc_whoisnet **out, struct dc_loop *loop,
                               struct dc_dns           *dns,
                               const struct dc_netopts *opts)
{
  struct dc_whoisnet *w  = NULL;
  dc_status_t         st = DC_EINVAL;

  if (out == NULL || loop == NULL) {
    goto done;
  }
  *out = NULL;
  w    = dc_calloc(1, sizeof(*w));
  if (w == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  w->loop = loop;
  w->dns  = dns;
  w->opts = opts;
  *out    = w;
  st      = DC_OK;
done:
  return st;
}

void dc_whoisnet_destroy(struct dc_whoisnet *w)
{
  struct dc_whois_req *r;

  if (w == NULL || w->dying) {
    return;
  }
  w->dying = true;
  whois_hold(w);
  /* Callbacks may cancel other requests; dc_whois_exchange() refuses. */
  while (w->reqs != NULL) {
    r = w->reqs;
    req_msg(r, "query to %s: WHOIS client destroyed", r->server);
    req_complete(r, DC_ECANCELLED);
  }
  whois_release(w); /* frees w unless a dispatch frame still holds it */
}

dc_status_t dc_whois_exchange(struct dc_whoisnet *w, const char *server,
                              const char *query, int timeout_ms, dc_whois_cb cb,
                              void *ud, struct dc_whois_req **req)
{
  struct dc_whois_req *r  = NULL;
  dc_status_t          st = DC_EINVAL;
  size_t               qlen;

  if (req != NULL) {
    *req = NULL;
  }
  if (w == NULL || server == NULL || query == NULL || cb == NULL ||
      timeout_ms <= 0) {
    goto done;
  }
  if (w->dying) {
    st = DC_ECANCELLED;
    goto done;
  }
  /* A CR or LF would smuggle a second query line to the server. */
  if (strpbrk(query, "\r\n") != NULL) {
    goto done;
  }
  r = dc_calloc(1, sizeof(*r));
  if (r == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  r->w          = w;
  r->cb         = cb;
  r->ud         = ud;
  r->fd         = -1;
  r->timeout_ms = timeout_ms;
  r->deadline   = dc_loop_now(w->loop) + (uint64_t)timeout_ms;
  dc_buf_init(&r->reply, (size_t)DC_WHOIS_MAX_REPLY);
  qlen      = strlen(query);
  r->server = dc_strdup(server);
  r->out    = dc_malloc(qlen + 3);
  if (r->server == NULL || r->out == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  memcpy(r->out, query, qlen);
  memcpy(r->out + qlen, "\r\n", 3);
  r->outlen = qlen + 2;

  st = req_target(r, server);
  if (st != DC_OK) {
    goto done;
  }
  if (r->naddrs == 1) {
    if (!r->exempt && dc_addr_is_private(&r->addrs[0])) {
      req_msg(r, "%s is a private address: refused (no --connect-to rule)",
              r->target);
      r->phase   = WQ_FAILING;
      r->fail_st = DC_EINVAL;
    } else {
      r->phase = WQ_KICK;
    }
    dc_loop_timer_start(w->loop, &r->timer, 0, on_timer, r);
  } else {
    if (w->dns == NULL) {
      st = DC_EINVAL;
      goto done;
    }
    r->phase     = WQ_RESOLVE;
    r->resolving = true;
    st = dc_dns_resolve(w->dns, r->target, r->target_port, on_resolved, r,
                        &r->dnsreq);
    if (st != DC_OK) {
      r->resolving = false;
      r->dnsreq    = NULL;
      goto done;
    }
    dc_loop_timer_start(w->loop, &r->timer, (uint64_t)timeout_ms, on_timer, r);
  }
  req_link(r);
  if (req != NULL) {
    *req = r;
  }
  r = NULL;
done:
  req_free(r);
  return st;
}

void dc_whois_cancel(struct dc_whoisnet *w, struct dc_whois_req *req)
{
  if (w == NULL || req == NULL || DC_FAILS_ASSERT(req->w == w)) {
    return;
  }
  whois_hold(w);
  req_msg(req, "query to %s: cancelled", req->server);
  req_complete(req, DC_ECANCELLED);
  whois_release(w);
}
