/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/http.c - HTTP GET on the event loop (libcurl multi-socket)
 *
 *  One CURLM per struct dc_http. curl says which sockets to watch
 *  (CURLMOPT_SOCKETFUNCTION) and when to be called back
 *  (CURLMOPT_TIMERFUNCTION); both become dc_loop watchers and one loop
 *  timer, and every event goes back in through curl_multi_socket_action()
 *  (the shape of curl's docs/examples/ephiperfifo.c). Those two callbacks
 *  and the write and header callbacks only record state. Requests complete
 *  after curl_multi_socket_action() has returned, while the queue of
 *  curl_multi_info_read() is drained, so a user callback never runs inside
 *  curl and may call dc_http_get/cancel/destroy.
 *
 *  curl never resolves a name itself. Each hop's host (or its --connect-to
 *  target) goes through dc_dns_resolve() first, and curl gets the addresses
 *  as CURLOPT_RESOLVE entries. That is why redirects are followed here and
 *  not by curl: CURLOPT_FOLLOWLOCATION would resolve the new host on curl's
 *  own resolver thread.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "text.h"

#if LIBCURL_VERSION_NUM < 0x075500
#  error "libcurl >= 7.85.0 is needed (CURLOPT_PROTOCOLS_STR)"
#endif

_Static_assert(sizeof(curl_off_t) == sizeof(int64_t), "64-bit curl_off_t");

#define HTTP_STR_(x) #x
#define HTTP_STR(x)  HTTP_STR_(x)
#define HTTP_USER_AGENT                                                        \
  "domcheck/" HTTP_STR(DC_VERSION_MAJOR) "." HTTP_STR(                         \
      DC_VERSION_MINOR) "." HTTP_STR(DC_VERSION_PATCH)

#define HTTP_MAX_REDIRS 3
#define HTTP_MAX_ADDRS  16 /* addresses handed to curl per host */
#define HTTP_RETRY_MAX  INT64_C(2147483647) /* clamp for Retry-After */
#define HTTP_MSG_LEN    (CURL_ERROR_SIZE + 320)

enum req_phase {
  RQ_RESOLVE,  /* dc_dns_resolve() in flight; r->timer is the deadline */
  RQ_TRANSFER, /* easy handle in the multi; CURLOPT_TIMEOUT_MS is */
  RQ_FAILING   /* refused at start; r->timer (0 ms) delivers the failure */
};

struct dc_http {
  struct dc_loop          *loop;
  struct dc_dns           *dns;  /* borrowed; NULL: IP literals only */
  const struct dc_netopts *opts; /* borrowed; may be NULL */
  CURLM                   *multi;
  struct curl_slist       *headers; /* Accept:, shared by every handle */
  struct dc_timer          timer;   /* the CURLMOPT_TIMERFUNCTION timer */
  struct dc_http_req      *reqs;    /* every request not yet completed */
  unsigned                 busy;    /* dispatch depth; free deferred */
  bool                     in_curl; /* inside a curl_multi_* call */
  bool                     dying;   /* dc_http_destroy() has begun */
};

struct dc_http_req {
  struct dc_http     *h;
  struct dc_http_req *prev;
  struct dc_http_req *next;
  dc_http_cb          cb;
  void               *ud;
  enum req_phase      phase;
  int                 timeout_ms;
  uint64_t            deadline; /* monotonic ms, whole request */
  int                 redirects;
  char               *url;      /* this hop */
  char               *url_host; /* the URL's host as curl sees it */
  char               *target;   /* where to connect (no brackets) */
  int                 port;     /* the URL's port */
  int                 target_port;
  bool                exempt;    /* private addresses allowed */
  bool                resolving; /* the dns callback is still due */
  struct dc_dns_req  *dnsreq;
  struct dc_timer     timer;
  CURL               *easy;
  struct curl_slist  *resolve;
  struct curl_slist  *connect_to;
  struct dc_buf       body;
  dc_status_t         body_st; /* why the write callback stopped */
  dc_status_t         fail_st; /* RQ_FAILING: what to deliver */
  bool                has_retry_after;
  char                retry_after[64]; /* raw value, last response */
  char                curl_err[CURL_ERROR_SIZE];
  char                msg[HTTP_MSG_LEN];
};

/* The only global state: curl_global_init() runs once per process. */
static pthread_once_t http_once      = PTHREAD_ONCE_INIT;
static CURLcode       http_global_rc = CURLE_FAILED_INIT;

static void http_global_init(void)
{
  http_global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void req_complete(struct dc_http_req *r, dc_status_t st, long code);
static dc_status_t hop_start(struct dc_http_req *r, const char *url);

/* ---- small helpers ------------------------------------------------------ */

static void req_msg(struct dc_http_req *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void req_oom(struct dc_http_req *r)
{
  (void)snprintf(r->msg, sizeof(r->msg), "out of memory");
}

static void req_msg(struct dc_http_req *r, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  /* ap was started just above: a clang 14 analyzer false positive. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  (void)vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
  va_end(ap);
}

/* s as a numeric IPv4 or IPv6 address (no brackets) with port. */
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

static const char *addr_text(const struct sockaddr_storage *ss, char *out,
                             size_t len)
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
  return out;
}

/* Owned copy of host without the brackets of an IPv6 literal. */
static char *strip_brackets(const char *host)
{
  size_t n = strlen(host);

  if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
    return dc_strndup(host + 1, n - 2);
  }
  return dc_strdup(host);
}

static uint64_t req_remaining(const struct dc_http_req *r)
{
  uint64_t now = dc_loop_now(r->h->loop);
  return r->deadline > now ? r->deadline - now : 0;
}

/* Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date; seconds
 * from now, -1 when it is neither. */
static int64_t parse_retry_after(const char *v, int64_t now)
{
  int64_t secs = 0;
  time_t  t;
  size_t  i;

  if (v[0] >= '0' && v[0] <= '9') {
    for (i = 0; v[i] >= '0' && v[i] <= '9'; i++) {
      if (secs < HTTP_RETRY_MAX) {
        secs = secs * 10 + (v[i] - '0');
      }
    }
    if (v[i] != '\0') {
      return -1;
    }
    return secs < HTTP_RETRY_MAX ? secs : HTTP_RETRY_MAX;
  }
  /* curl_getdate() is a pure parser (IMF-fixdate, RFC 850, asctime). */
  t = curl_getdate(v, NULL);
  if (t == (time_t)-1) {
    return -1;
  }
  secs = (int64_t)t - now;
  if (secs < 0) {
    return 0;
  }
  return secs < HTTP_RETRY_MAX ? secs : HTTP_RETRY_MAX;
}

static bool is_redirect(long code)
{
  return code == 301 || code == 302 || code == 303 || code == 307 ||
         code == 308;
}

/* ---- request list and teardown ------------------------------------------ */

static void req_link(struct dc_http_req *r)
{
  struct dc_http *h = r->h;

  r->prev = NULL;
  r->next = h->reqs;
  if (h->reqs != NULL) {
    h->reqs->prev = r;
  }
  h->reqs = r;
}

static void req_unlink(struct dc_http_req *r)
{
  struct dc_http *h = r->h;

  if (r->prev != NULL) {
    r->prev->next = r->next;
  } else if (h->reqs == r) {
    h->reqs = r->next;
  }
  if (r->next != NULL) {
    r->next->prev = r->prev;
  }
  r->prev = NULL;
  r->next = NULL;
}

/* Take the easy handle out of the multi; nothing of this hop remains. */
static void transfer_stop(struct dc_http_req *r)
{
  struct dc_http *h = r->h;

  if (r->easy != NULL) {
    h->in_curl = true;
    (void)curl_multi_remove_handle(h->multi, r->easy);
    h->in_curl = false;
    curl_easy_cleanup(r->easy);
    r->easy = NULL;
  }
  curl_slist_free_all(r->resolve);
  r->resolve = NULL;
  curl_slist_free_all(r->connect_to);
  r->connect_to = NULL;
}

/* Afterwards no path leads back to r: no dns callback, no timer, no easy
 * handle (so no CURLMSG_DONE either: curl_multi_remove_handle drops it). */
static void req_teardown(struct dc_http_req *r)
{
  struct dc_http *h = r->h;

  if (r->resolving) {
    /* Clear the flag first: the DC_ECANCELLED callback that
     * dc_dns_cancel() fires before returning is ours and is ignored. */
    r->resolving = false;
    dc_dns_cancel(h->dns, r->dnsreq);
  }
  r->dnsreq = NULL;
  dc_loop_timer_stop(h->loop, &r->timer);
  transfer_stop(r);
}

static void req_free(struct dc_http_req *r)
{
  if (r == NULL) {
    return;
  }
  req_teardown(r);
  dc_buf_free(&r->body);
  dc_free(r->url);
  dc_free(r->url_host);
  dc_free(r->target);
  dc_free(r);
}

static void http_free(struct dc_http *h)
{
  if (h == NULL) {
    return;
  }
  DC_REQUIRE(h->reqs == NULL);
  if (h->multi != NULL) {
    /* May call the socket callback for connections it closes. */
    h->in_curl = true;
    (void)curl_multi_cleanup(h->multi);
    h->in_curl = false;
  }
  dc_loop_timer_stop(h->loop, &h->timer);
  curl_slist_free_all(h->headers);
  dc_free(h);
}

/* Every entry from the loop or from the API that can run a user callback
 * holds h busy, so a dc_http_destroy() from inside that callback only
 * cancels, and the outermost frame frees h on its way out. */
static void http_hold(struct dc_http *h)
{
  h->busy++;
}

static void http_release(struct dc_http *h)
{
  h->busy--;
  if (h->busy == 0 && h->dying) {
    http_free(h);
  }
}

/* The only place a user callback runs; once per request by construction:
 * r is unlinked and torn down first, so nothing can reach it again. */
static void req_complete(struct dc_http_req *r, dc_status_t st, long code)
{
  struct dc_http     *h     = r->h;
  char               *ctype = NULL;
  char               *ct    = NULL;
  struct dc_http_resp resp;

  /* Never from inside curl: curl_multi_* are not re-entrant. */
  DC_REQUIRE(!h->in_curl);
  if (r->easy != NULL &&
      curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK &&
      ct != NULL) {
    ctype = dc_strdup(ct);
  }
  req_unlink(r);
  req_teardown(r);

  memset(&resp, 0, sizeof(resp));
  resp.st          = st;
  resp.status      = code;
  resp.body        = r->body.data != NULL ? r->body.data : "";
  resp.len         = r->body.len;
  resp.retry_after = -1;
  if (r->has_retry_after) {
    resp.retry_after = parse_retry_after(r->retry_after, (int64_t)time(NULL));
  }
  resp.content_type = ctype;
  resp.error        = st == DC_OK ? NULL : r->msg;
  r->cb(r->ud, &resp);

  dc_free(ctype);
  req_free(r);
}

/* ---- curl callbacks: record state, never complete ----------------------- */

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
  struct dc_http_req *r = ud;
  size_t              n = size * nmemb;
  size_t              room;
  dc_status_t         st;

  st = dc_buf_append(&r->body, p, n);
  if (st == DC_OK) {
    return n;
  }
  if (st == DC_ETOOBIG) {
    /* Keep what fits, so the caller sees exactly max_bytes. */
    room = r->body.max - r->body.len;
    (void)dc_buf_append(&r->body, p, room < n ? room : n);
  }
  r->body_st = st;
  return 0; /* != n: curl stops with CURLE_WRITE_ERROR */
}

static size_t on_header(char *p, size_t size, size_t nitems, void *ud)
{
  static const char   name[] = "retry-after:";
  struct dc_http_req *r      = ud;
  size_t              n      = size * nitems;
  size_t              i      = sizeof(name) - 1;
  size_t              end    = n;
  size_t              len;

  if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
    r->has_retry_after = false; /* a new response (1xx before it) */
  } else if (n > i && strncasecmp(p, name, i) == 0) {
    while (i < n && (p[i] == ' ' || p[i] == '\t')) {
      i++;
    }
    while (end > i && (p[end - 1] == '\r' || p[end - 1] == '\n' ||
                       p[end - 1] == ' ' || p[end - 1] == '\t')) {
      end--;
    }
    len = end - i;
    if (len >= sizeof(r->retry_after)) {
      len = sizeof(r->retry_after) - 1;
    }
    memcpy(r->retry_after, p + i, len);
    r->retry_after[len] = '\0';
    r->has_retry_after  = true;
  }
  return n;
}

static void on_curl_timer(void *ud);
static void on_sock_event(void *ud, int fd, unsigned events);

static int curl_sock_cb(CURL *easy, curl_socket_t s, int what, void *userp,
                        void *socketp)
{
  struct dc_http *h  = userp;
  unsigned        ev = 0;
  dc_status_t     st;

  (void)easy;
  (void)socketp;
  switch (what) {
    case CURL_POLL_IN:
      ev = DC_IO_READ;
      break;
    case CURL_POLL_OUT:
      ev = DC_IO_WRITE;
      break;
    case CURL_POLL_INOUT:
      ev = DC_IO_READ | DC_IO_WRITE;
      break;
    default: /* CURL_POLL_REMOVE */
      ev = 0;
      break;
  }
  if (ev == 0) {
    (void)dc_loop_watch(h->loop, s, 0, NULL, NULL);
    return 0;
  }
  st = dc_loop_watch(h->loop, s, ev, on_sock_event, h);
  return st == DC_OK ? 0 : -1;
}

static int curl_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
  struct dc_http *h = userp;

  (void)multi;
  if (timeout_ms < 0) {
    dc_loop_timer_stop(h->loop, &h->timer);
  } else {
    dc_loop_timer_start(h->loop, &h->timer, (uint64_t)timeout_ms, on_curl_timer,
                        h);
  }
  return 0;
}

/* ---- completion of a transfer ---------------------------------------------
 */

static dc_status_t map_result(struct dc_http_req *r, CURLcode rc)
{
  long        oserr = 0;
  const char *detail =
      r->curl_err[0] != '\0' ? r->curl_err : curl_easy_strerror(rc);
  const char *text;

  (void)curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &oserr);
  text = dc_net_errno_text(oserr);
  switch (rc) {
    case CURLE_OK:
      return DC_OK;
    case CURLE_OPERATION_TIMEDOUT:
      req_msg(r, "%s: timed out after %d ms", r->url, r->timeout_ms);
      return DC_ETIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      req_msg(r, "%s port %d: %s", r->target, r->target_port,
              text != NULL ? text : detail);
      return DC_ENETWORK;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      req_msg(r, "%s: TLS: %s", r->url_host, detail);
      return DC_ENETWORK;
    case CURLE_WRITE_ERROR:
      if (r->body_st == DC_ETOOBIG) {
        req_msg(r, "%s: body larger than %zu bytes", r->url, r->body.max);
        return DC_ETOOBIG;
      }
      if (r->body_st == DC_ENOMEM) {
        req_oom(r);
        return DC_ENOMEM;
      }
      req_msg(r, "%s: %s", r->url, detail);
      return DC_EIO;
    case CURLE_FILESIZE_EXCEEDED:
      req_msg(r, "%s: body larger than %zu bytes", r->url, r->body.max);
      return DC_ETOOBIG;
    case CURLE_OUT_OF_MEMORY:
      req_oom(r);
      return DC_ENOMEM;
    default:
      req_msg(r, "%s: %s", r->url, detail);
      return DC_EIO;
  }
}

/* A hop finished: follow a redirect or complete. Runs from the drain,
 * outside curl. */
static void transfer_done(struct dc_http_req *r, CURLcode rc)
{
  long        code = 0;
  char       *loc  = NULL;
  char       *next = NULL;
  dc_status_t st;

  (void)curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
  if (rc != CURLE_OK || !is_redirect(code) ||
      curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK ||
      loc == NULL) {
    st = map_result(r, rc);
    req_complete(r, st, code);
    return;
  }
  if (r->redirects >= HTTP_MAX_REDIRS) {
    req_msg(r, "%s: more than %d redirects", r->url, HTTP_MAX_REDIRS);
    req_complete(r, DC_EIO, code);
    return;
  }
  next = dc_strdup(loc); /* loc belongs to the easy handle */
  if (next == NULL) {
    req_oom(r);
    req_complete(r, DC_ENOMEM, code);
    return;
  }
  transfer_stop(r);
  r->redirects++;
  st = hop_start(r, next);
  dc_free(next);
  if (st != DC_OK) {
    req_complete(r, st, 0);
  }
}

/* Read every finished transfer; a user callback may cancel another request
 * (its queued message goes with curl_multi_remove_handle) or destroy h. */
static void http_drain(struct dc_http *h)
{
  CURLMsg            *m;
  CURL               *easy;
  CURLcode            rc;
  struct dc_http_req *r;
  char               *priv;
  int                 left;

  while (!h->dying) {
    m = curl_multi_info_read(h->multi, &left);
    if (m == NULL) {
      break;
    }
    if (m->msg != CURLMSG_DONE) {
      continue;
    }
    easy = m->easy_handle;
    rc   = m->data.result;
    priv = NULL;
    (void)curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    r = (struct dc_http_req *)(void *)priv;
    if (r == NULL || r->easy != easy) {
      continue;
    }
    transfer_done(r, rc);
  }
}

/* After curl_multi_socket_action() returned. */
static void http_after_action(struct dc_http *h)
{
  long ms = -1;

  /* Our clock counts whole ms, curl's microseconds: if the loop timer
   * fired a hair before curl's own deadline, curl reports no change and
   * would never ask again; re-arm from curl_multi_timeout() then. */
  if (!dc_timer_active(&h->timer) &&
      curl_multi_timeout(h->multi, &ms) == CURLM_OK && ms >= 0) {
    dc_loop_timer_start(h->loop, &h->timer, (uint64_t)ms, on_curl_timer, h);
  }
  http_drain(h);
}

static void http_action(struct dc_http *h, curl_socket_t s, int flags)
{
  int running = 0;

  http_hold(h);
  h->in_curl = true;
  (void)curl_multi_socket_action(h->multi, s, flags, &running);
  h->in_curl = false;
  http_after_action(h);
  http_release(h);
}

static void on_sock_event(void *ud, int fd, unsigned events)
{
  struct dc_http *h     = ud;
  int             flags = 0;

  if ((events & DC_IO_READ) != 0) {
    flags |= CURL_CSELECT_IN;
  }
  if ((events & DC_IO_WRITE) != 0) {
    flags |= CURL_CSELECT_OUT;
  }
  if ((events & DC_IO_ERROR) != 0) {
    flags |= CURL_CSELECT_ERR;
  }
  http_action(h, fd, flags);
}

static void on_curl_timer(void *ud)
{
  http_action(ud, CURL_SOCKET_TIMEOUT, 0);
}

/* ---- starting a hop -------------------------------------------------------
 */

static dc_status_t easy_setup(struct dc_http_req *r, CURL *e, long left_ms)
{
  struct dc_http *h  = r->h;
  CURLcode        rc = CURLE_OK;

  rc = curl_easy_setopt(e, CURLOPT_URL, r->url);
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)r);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
  if (rc == CURLE_OK) {
    /* Redirects are followed by transfer_done(), each hop resolved by us. */
    rc = curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  }
  if (rc == CURLE_OK) {
    /* A proxy from the environment would be resolved by curl itself. */
    rc = curl_easy_setopt(e, CURLOPT_PROXY, "");
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, left_ms);
  }
  if (rc == CURLE_OK) {
    /* Our CURLOPT_RESOLVE entries are permanent (no '+'): they never age
     * out between loading and connecting, and each hop loads its own,
     * replacing older ones. Anything curl resolved itself (it should not)
     * is not kept for reuse. */
    rc = curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  }
  if (rc == CURLE_OK && r->resolve != NULL) {
    rc = curl_easy_setopt(e, CURLOPT_RESOLVE, r->resolve);
  }
  if (rc == CURLE_OK && r->connect_to != NULL) {
    rc = curl_easy_setopt(e, CURLOPT_CONNECT_TO, r->connect_to);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_HTTPHEADER, h->headers);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_USERAGENT, HTTP_USER_AGENT);
  }
  if (rc == CURLE_OK) {
    /* Decoded bytes count against the cap: no decompression bomb. */
    rc = curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  }
  if (rc == CURLE_OK && r->body.max <= (size_t)INT64_MAX) {
    /* Refused at once when Content-Length already says too much. */
    rc =
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->body.max);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)r);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)r);
  }
  if (rc == CURLE_OK) {
    rc = curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->curl_err);
  }
  if (rc == CURLE_OK) {
    return DC_OK;
  }
  req_msg(r, "curl_easy_setopt: %s", curl_easy_strerror(rc));
  return rc == CURLE_OUT_OF_MEMORY ? DC_ENOMEM : DC_EINTERNAL;
}

/* One CURLOPT_RESOLVE entry for name, with the allowed addresses. */
static dc_status_t resolve_entry(struct dc_http_req *r, const char *name,
                                 const struct sockaddr_storage *addrs, size_t n)
{
  struct dc_buf      line;
  struct curl_slist *l;
  char               txt[INET6_ADDRSTRLEN];
  char               refused[INET6_ADDRSTRLEN] = "";
  size_t             used                      = 0;
  size_t             i;
  dc_status_t        st;

  dc_buf_init(&line, 4096);
  st = dc_buf_printf(&line, "%s:%d:", name, r->target_port);
  for (i = 0; i < n && used < HTTP_MAX_ADDRS && st == DC_OK; i++) {
    (void)addr_text(&addrs[i], txt, sizeof(txt));
    if (!r->exempt && dc_addr_is_private(&addrs[i])) {
      (void)snprintf(refused, sizeof(refused), "%s", txt);
      continue;
    }
    st =
        dc_buf_printf(&line, addrs[i].ss_family == AF_INET6 ? "%s[%s]" : "%s%s",
                      used > 0 ? "," : "", txt);
    used++;
  }
  if (st != DC_OK) {
    req_oom(r);
    goto done;
  }
  if (used == 0) {
    req_msg(r, "%s resolves to private address %s only: refused", name,
            refused[0] != '\0' ? refused : "?");
    st = DC_EINVAL;
    goto done;
  }
  l = curl_slist_append(r->resolve, line.data);
  if (l == NULL) {
    req_oom(r);
    st = DC_ENOMEM;
    goto done;
  }
  r->resolve = l;
done:
  dc_buf_free(&line);
  return st;
}

/* addrs: what dc_dns_resolve() found for r->target (n 0: a literal). */
static dc_status_t transfer_start(struct dc_http_req            *r,
                                  const struct sockaddr_storage *addrs,
                                  size_t                         n)
{
  struct dc_http *h    = r->h;
  uint64_t        left = req_remaining(r);
  size_t          tlen = strlen(r->target);
  char           *bare = NULL;
  CURL           *e    = NULL;
  CURLMcode       mrc;
  dc_status_t     st = DC_OK;

  if (left == 0) {
    req_msg(r, "%s: timed out after %d ms", r->url, r->timeout_ms);
    st = DC_ETIMEOUT;
    goto done;
  }
  if (n > 0) {
    st = resolve_entry(r, r->target, addrs, n);
    if (st == DC_OK && tlen > 1 && r->target[tlen - 1] == '.') {
      /* Whichever form of an absolute name curl looks up, it is there. */
      bare = dc_strndup(r->target, tlen - 1);
      st   = bare == NULL ? DC_ENOMEM : resolve_entry(r, bare, addrs, n);
    }
    if (st != DC_OK) {
      goto done;
    }
  }
  e = curl_easy_init();
  if (e == NULL) {
    req_oom(r);
    st = DC_ENOMEM;
    goto done;
  }
  dc_buf_reset(&r->body);
  r->body_st         = DC_OK;
  r->has_retry_after = false;
  r->curl_err[0]     = '\0';
  st                 = easy_setup(r, e, (long)left);
  if (st != DC_OK) {
    goto done;
  }
  h->in_curl = true;
  mrc        = curl_multi_add_handle(h->multi, e);
  h->in_curl = false;
  if (mrc != CURLM_OK) {
    req_msg(r, "curl_multi_add_handle: %s", curl_multi_strerror(mrc));
    st = mrc == CURLM_OUT_OF_MEMORY ? DC_ENOMEM : DC_EINTERNAL;
    goto done;
  }
  r->easy  = e;
  e        = NULL;
  r->phase = RQ_TRANSFER;
done:
  curl_easy_cleanup(e);
  dc_free(bare);
  return st;
}

static void on_req_timer(void *ud)
{
  struct dc_http_req *r = ud;
  struct dc_http     *h = r->h;

  http_hold(h);
  if (r->phase == RQ_FAILING) {
    req_complete(r, r->fail_st, 0);
  } else {
    req_msg(r, "%s: timed out after %d ms resolving %s", r->url, r->timeout_ms,
            r->target);
    req_complete(r, DC_ETIMEOUT, 0);
  }
  http_release(h);
}

static void on_resolved(void *ud, dc_status_t st,
                        const struct sockaddr_storage *addrs, size_t n)
{
  struct dc_http_req *r = ud;
  struct dc_http     *h = r->h;

  if (!r->resolving) {
    return; /* our own dc_dns_cancel() from req_teardown() */
  }
  r->resolving = false;
  r->dnsreq    = NULL;
  http_hold(h);
  dc_loop_timer_stop(h->loop, &r->timer);
  if (st == DC_OK && n == 0) {
    st = DC_ENOTFOUND;
  }
  if (st == DC_OK) {
    st = transfer_start(r, addrs, n);
  } else if (st == DC_ETIMEOUT) {
    req_msg(r, "%s: timed out resolving %s", r->url, r->target);
  } else if (st == DC_ECANCELLED) {
    req_msg(r, "%s: resolver shut down", r->url);
  } else if (st == DC_ENOMEM) {
    req_oom(r);
  } else {
    req_msg(r, "could not resolve host %s: %s", r->target, dc_strerror(st));
    st = DC_ENETWORK;
  }
  if (st != DC_OK) {
    req_complete(r, st, 0);
  }
  http_release(h);
}

/* Deliver st from the loop, never from inside the caller's call. */
static void req_fail_soon(struct dc_http_req *r, dc_status_t st)
{
  r->phase   = RQ_FAILING;
  r->fail_st = st;
  dc_loop_timer_start(r->h->loop, &r->timer, 0, on_req_timer, r);
}

static dc_status_t connect_to_entry(struct dc_http_req *r)
{
  struct dc_buf      line;
  struct curl_slist *l;
  bool               v6 = strchr(r->target, ':') != NULL;
  dc_status_t        st;

  /* CURLOPT_CONNECT_TO matches the URL's host with its brackets. */
  dc_buf_init(&line, 4096);
  st = dc_buf_printf(&line, "%s:%d:%s%s%s:%d", r->url_host, r->port,
                     v6 ? "[" : "", r->target, v6 ? "]" : "", r->target_port);
  if (st == DC_OK) {
    l = curl_slist_append(NULL, line.data);
    if (l == NULL) {
      st = DC_ENOMEM;
    }
    r->connect_to = l;
  }
  if (st != DC_OK) {
    req_oom(r);
  }
  dc_buf_free(&line);
  return st;
}

/* Parse url, apply --connect-to, then resolve or start. A returned error
 * means nothing is under way (r->msg says why); refusals by policy are
 * delivered through the callback instead. */
static dc_status_t hop_start(struct dc_http_req *r, const char *url)
{
  struct dc_http         *h       = r->h;
  CURLU                  *u       = NULL;
  char                   *scheme  = NULL;
  char                   *host    = NULL;
  char                   *portstr = NULL;
  char                   *bare    = NULL;
  const char             *addr    = NULL;
  const unsigned char    *p;
  struct sockaddr_storage ss;
  char                   *end  = NULL;
  long                    port = 0;
  int                     cport;
  bool                    matched = false;
  dc_status_t             st      = DC_EINVAL;

  dc_free(r->url);
  dc_free(r->url_host);
  dc_free(r->target);
  r->url_host = NULL;
  r->target   = NULL;
  r->url      = dc_strdup(url);
  u           = curl_url();
  if (r->url == NULL || u == NULL) {
    req_oom(r);
    st = DC_ENOMEM;
    goto done;
  }
  if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_PORT, &portstr, CURLU_DEFAULT_PORT) !=
          CURLUE_OK) {
    req_msg(r, "malformed URL: %.200s", url);
    goto done;
  }
  if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
    req_msg(r, "not an http or https URL: %.200s", url);
    goto done;
  }
  errno = 0;
  port  = strtol(portstr, &end, 10);
  if (errno != 0 || end == portstr || *end != '\0' || port < 1 ||
      port > 65535) {
    req_msg(r, "bad port in URL: %.200s", url);
    goto done;
  }
  for (p = (const unsigned char *)host; *p != '\0'; p++) {
    if (*p >= 0x80) {
      /* curl would convert it itself (IDN) and miss our entries. */
      req_msg(r, "host is not an A-label: %.200s", host);
      goto done;
    }
  }
  r->port     = (int)port;
  r->url_host = dc_strdup(host);
  bare        = strip_brackets(host);
  if (r->url_host == NULL || bare == NULL) {
    req_oom(r);
    st = DC_ENOMEM;
    goto done;
  }
  dc_ascii_lower(r->url_host);
  dc_ascii_lower(bare);

  addr  = bare;
  cport = r->port;
  if (h->opts != NULL) {
    matched = dc_connect_to_apply(h->opts, bare, r->port, &addr, &cport);
  }
  /* An address named by a --connect-to rule is the user's own choice. */
  r->exempt =
      (h->opts != NULL && h->opts->allow_private) || (matched && addr != bare);
  r->target      = strip_brackets(addr);
  r->target_port = cport > 0 ? cport : r->port;
  if (r->target == NULL) {
    req_oom(r);
    st = DC_ENOMEM;
    goto done;
  }
  if (matched) {
    st = connect_to_entry(r);
    if (st != DC_OK) {
      goto done;
    }
  }

  if (parse_ip(r->target, r->target_port, &ss)) {
    if (!r->exempt && dc_addr_is_private(&ss)) {
      req_msg(r, "%s: private address %s refused", r->url, r->target);
      req_fail_soon(r, DC_EINVAL);
      st = DC_OK;
      goto done;
    }
    /* A literal: curl converts it without resolving. */
    st = transfer_start(r, NULL, 0);
    goto done;
  }
  if (h->dns == NULL) {
    req_msg(r, "%s: no resolver for %s", r->url, r->target);
    st = DC_EINVAL;
    goto done;
  }
  r->phase     = RQ_RESOLVE;
  r->resolving = true;
  st = dc_dns_resolve(h->dns, r->target, r->target_port, on_resolved, r,
                      &r->dnsreq);
  if (st != DC_OK) {
    r->resolving = false;
    r->dnsreq    = NULL;
    req_msg(r, "resolving %s: %s", r->target, dc_strerror(st));
    goto done;
  }
  /* CURLOPT_TIMEOUT_MS covers the transfer; this covers the resolve. */
  dc_loop_timer_start(h->loop, &r->timer, req_remaining(r), on_req_timer, r);
done:
  curl_free(scheme);
  curl_free(host);
  curl_free(portstr);
  curl_url_cleanup(u);
  dc_free(bare);
  return st;
}

/* ---- API ------------------------------------------------------------------
 */

dc_status_t dc_http_create(struct dc_http **out, struct dc_loop *loop,
                           struct dc_dns *dns, const struct dc_netopts *opts)
{
  struct dc_http *h  = NULL;
  dc_status_t     st = DC_EINVAL;
  CURLMcode       mrc;

  if (out == NULL || loop == NULL) {
    goto done;
  }
  *out = NULL;
  if (pthread_once(&http_once, http_global_init) != 0 ||
      http_global_rc != CURLE_OK) {
    st = DC_EINTERNAL;
    goto done;
  }
  h = dc_calloc(1, sizeof(*h));
  if (h == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  h->loop    = loop;
  h->dns     = dns;
  h->opts    = opts;
  h->multi   = curl_multi_init();
  h->headers = curl_slist_append(
      NULL, "Accept: application/rdap+json, application/json");
  if (h->multi == NULL || h->headers == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  mrc = curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, curl_sock_cb);
  if (mrc == CURLM_OK) {
    mrc = curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, (void *)h);
  }
  if (mrc == CURLM_OK) {
    mrc = curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, curl_timer_cb);
  }
  if (mrc == CURLM_OK) {
    mrc = curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, (void *)h);
  }
  if (mrc != CURLM_OK) {
    st = DC_EINTERNAL;
    goto done;
  }
  *out = h;
  h    = NULL;
  st   = DC_OK;
done:
  http_free(h);
  return st;
}

void dc_http_destroy(struct dc_http *h)
{
  struct dc_http_req *r;

  if (h == NULL || h->dying) {
    return;
  }
  DC_REQUIRE(!h->in_curl);
  h->dying = true;
  http_hold(h);
  /* Callbacks may cancel other requests; dc_http_get() now refuses. */
  while (h->reqs != NULL) {
    r = h->reqs;
    req_msg(r, "%s: HTTP client destroyed", r->url);
    req_complete(r, DC_ECANCELLED, 0);
  }
  http_release(h); /* frees h unless a dispatch frame above still holds it */
}

dc_status_t dc_http_get(struct dc_http *h, const char *url, int timeout_ms,
                        size_t max_bytes, dc_http_cb cb, void *ud,
                        struct dc_http_req **req)
{
  struct dc_http_req *r  = NULL;
  dc_status_t         st = DC_EINVAL;

  if (req != NULL) {
    *req = NULL;
  }
  if (h == NULL || url == NULL || cb == NULL || timeout_ms <= 0) {
    goto done;
  }
  if (DC_FAILS_ASSERT(!h->in_curl)) {
    st = DC_EINTERNAL;
    goto done;
  }
  if (h->dying) {
    st = DC_ECANCELLED;
    goto done;
  }
  r = dc_calloc(1, sizeof(*r));
  if (r == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  r->h          = h;
  r->cb         = cb;
  r->ud         = ud;
  r->timeout_ms = timeout_ms;
  r->deadline   = dc_loop_now(h->loop) + (uint64_t)timeout_ms;
  dc_buf_init(&r->body, max_bytes > 0 ? max_bytes : (size_t)DC_MAX_EVIDENCE);
  st = hop_start(r, url);
  if (st != DC_OK) {
    goto done;
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

void dc_http_cancel(struct dc_http *h, struct dc_http_req *req)
{
  if (h == NULL || req == NULL || DC_FAILS_ASSERT(req->h == h) ||
      DC_FAILS_ASSERT(!h->in_curl)) {
    return;
  }
  http_hold(h);
  req_msg(req, "%s: cancelled", req->url);
  req_complete(req, DC_ECANCELLED, 0);
  http_release(h);
}
