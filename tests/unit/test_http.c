/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_http.c - HTTP GET on the event loop, against a tiny
 *  HTTP/1.1 server and a tiny DNS server that live in this test and are
 *  serviced from the same dc_loop (single-threaded)
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
#include "http.h"
#include "loop.h"
#include "netopts.h"

#define MAX_CONNS 64
#define BIG_BODY  5000

/* ---- a tiny HTTP/1.1 server on 127.0.0.1 ------------------------------- */

struct srv;

struct conn {
  struct srv     *s;
  int             fd;
  char            in[8192];
  size_t          inlen;
  char           *out;
  size_t          outlen;
  size_t          outoff;
  bool            responded;
  struct dc_timer delay; /* /delay answers late */
};

struct srv {
  struct dc_loop *loop;
  int             lfd;
  int             port;
  int             accepted;
  int             requests;
  char            last_req[8192];
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
  dc_loop_timer_stop(s->loop, &c->delay);
  (void)dc_loop_watch(s->loop, c->fd, 0, NULL, NULL);
  (void)close(c->fd);
  free(c->out);
  free(c);
}

static void conn_io(void *ud, int fd, unsigned events);

/* Send what is left; close when all is out (Connection: close). */
static void conn_flush(struct conn *c)
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
  conn_close(c);
}

static void conn_respond(struct conn *c, const char *status, const char *extra,
                         const char *body, size_t blen, bool with_length)
{
  char   head[1024];
  int    n;
  size_t total;

  n = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nConnection: close\r\n%s",
               status, extra);
  assert_true(n > 0 && (size_t)n < sizeof(head));
  if (with_length) {
    n += snprintf(head + n, sizeof(head) - (size_t)n, "Content-Length: %zu\r\n",
                  blen);
  }
  n += snprintf(head + n, sizeof(head) - (size_t)n, "\r\n");
  total  = (size_t)n + blen;
  c->out = malloc(total);
  assert_non_null(c->out);
  memcpy(c->out, head, (size_t)n);
  if (blen > 0) {
    memcpy(c->out + n, body, blen);
  }
  c->outlen    = total;
  c->outoff    = 0;
  c->responded = true;
  conn_flush(c);
}

static const char ok_body[] =
    "{\"objectClassName\":\"domain\",\"ldhName\":\"example.test\"}";

static void respond_ok(struct conn *c)
{
  conn_respond(c, "200 OK", "Content-Type: application/rdap+json\r\n", ok_body,
               strlen(ok_body), true);
}

static void on_delay(void *ud)
{
  respond_ok(ud);
}

static void conn_route(struct conn *c, const char *path)
{
  char        extra[256];
  char        date[64];
  char       *big;
  time_t      t;
  struct tm   tm;
  struct srv *s = c->s;

  if (strcmp(path, "/ok") == 0) {
    respond_ok(c);
  } else if (strcmp(path, "/notfound") == 0) {
    conn_respond(c, "404 Not Found", "Content-Type: application/json\r\n",
                 "{\"errorCode\":404}", 17, true);
  } else if (strcmp(path, "/ratelimit") == 0) {
    conn_respond(c, "429 Too Many Requests", "Retry-After: 120\r\n", "", 0,
                 true);
  } else if (strcmp(path, "/ratelimit-date") == 0) {
    t = time(NULL) + 120;
    assert_non_null(gmtime_r(&t, &tm));
    assert_true(strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm) >
                0);
    (void)snprintf(extra, sizeof(extra), "Retry-After: %s\r\n", date);
    conn_respond(c, "429 Too Many Requests", extra, "", 0, true);
  } else if (strcmp(path, "/slow") == 0) {
    /* Never answers. */
  } else if (strcmp(path, "/delay") == 0) {
    dc_loop_timer_start(s->loop, &c->delay, 150, on_delay, c);
  } else if (strcmp(path, "/big") == 0 || strcmp(path, "/big-cl") == 0) {
    big = malloc(BIG_BODY);
    assert_non_null(big);
    memset(big, 'x', BIG_BODY);
    conn_respond(c, "200 OK", "", big, BIG_BODY, strcmp(path, "/big-cl") == 0);
    free(big);
  } else if (strcmp(path, "/redirect") == 0) {
    conn_respond(c, "302 Found", "Location: /ok\r\n", "", 0, true);
  } else if (strcmp(path, "/redirect-host") == 0) {
    (void)snprintf(extra, sizeof(extra),
                   "Location: http://rdap.example.test/ok\r\n");
    conn_respond(c, "301 Moved Permanently", extra, "", 0, true);
  } else if (strcmp(path, "/loop") == 0) {
    conn_respond(c, "302 Found", "Location: /loop\r\n", "", 0, true);
  } else if (strcmp(path, "/ftp") == 0) {
    conn_respond(c, "302 Found", "Location: ftp://127.0.0.1/x\r\n", "", 0,
                 true);
  } else if (strcmp(path, "/private") == 0) {
    conn_respond(c, "302 Found", "Location: http://127.0.0.1:9/x\r\n", "", 0,
                 true);
  } else {
    conn_respond(c, "400 Bad Request", "", "", 0, true);
  }
}

static void conn_io(void *ud, int fd, unsigned events)
{
  struct conn *c = ud;
  char         path[256];
  char        *end;
  ssize_t      n;

  (void)fd;
  if (c->responded) {
    if ((events & DC_IO_WRITE) != 0) {
      conn_flush(c);
    }
    return;
  }
  n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - 1 - c->inlen, 0);
  if (n <= 0) {
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    }
    conn_close(c);
    return;
  }
  c->inlen += (size_t)n;
  c->in[c->inlen] = '\0';
  end             = strstr(c->in, "\r\n\r\n");
  if (end == NULL) {
    return;
  }
  c->s->requests++;
  (void)snprintf(c->s->last_req, sizeof(c->s->last_req), "%.*s",
                 (int)(end - c->in), c->in);
  assert_int_equal(sscanf(c->in, "GET %255s HTTP/1.1", path), 1);
  /* Stop reading: a client hang-up shows later as EOF is not needed. */
  assert_int_equal(dc_loop_watch(c->s->loop, c->fd, 0, NULL, NULL), DC_OK);
  c->responded = true;
  conn_route(c, path);
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
  int                 calls;
  dc_status_t         st;
  long                status;
  char                body[8192];
  size_t              len;
  int64_t             retry_after;
  char                ctype[128];
  char                error[512];
  uint64_t            at;
  struct fx          *f;
  int                 action; /* what the callback does, see on_resp */
  struct dc_http_req *other;
};

struct fx {
  struct dc_loop      *loop;
  struct dc_dns       *dns;
  struct dc_http      *http;
  struct dc_netopts    opts;
  struct dc_connect_to rule;
  struct srv           srv;
  struct nf_dns        fdns;
  int                  completed;
  struct got           chained;
  struct got           gots[24]; /* owned: outlive the test function */
  size_t               ngots;
};

enum { ACT_NONE, ACT_DESTROY, ACT_CANCEL_OTHER, ACT_CHAIN };

static void on_resp(void *ud, const struct dc_http_resp *r)
{
  struct got *g = ud;
  struct fx  *f = g->f;
  char        url[128];

  g->calls++;
  g->st          = r->st;
  g->status      = r->status;
  g->retry_after = r->retry_after;
  g->at          = nf_mono_ms();
  assert_non_null(r->body);
  assert_true(r->len < sizeof(g->body));
  memcpy(g->body, r->body, r->len);
  g->body[r->len] = '\0';
  g->len          = r->len;
  (void)snprintf(g->ctype, sizeof(g->ctype), "%s",
                 r->content_type != NULL ? r->content_type : "");
  (void)snprintf(g->error, sizeof(g->error), "%s",
                 r->error != NULL ? r->error : "");
  assert_true((r->st == DC_OK) == (r->error == NULL));
  f->completed++;
  if (g->action == ACT_DESTROY) {
    dc_http_destroy(f->http);
    f->http = NULL;
  } else if (g->action == ACT_CANCEL_OTHER) {
    dc_http_cancel(f->http, g->other);
  } else if (g->action == ACT_CHAIN) {
    (void)snprintf(url, sizeof(url), "http://127.0.0.1:%d/ok", f->srv.port);
    f->chained.f = f;
    assert_int_equal(
        dc_http_get(f->http, url, 2000, 0, on_resp, &f->chained, NULL), DC_OK);
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
  assert_int_equal(dc_http_create(&f->http, f->loop, f->dns, &f->opts), DC_OK);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fx *f = *state;
  dc_http_destroy(f->http);
  dc_dns_destroy(f->dns);
  srv_stop(&f->srv);
  nf_dns_stop(&f->fdns);
  dc_connect_to_clear(&f->rule);
  dc_loop_destroy(f->loop);
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

static void get(struct fx *f, const char *path, int timeout_ms, size_t max,
                struct got *g, struct dc_http_req **req)
{
  char url[256];
  g->f = f;
  (void)snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", f->srv.port, path);
  assert_int_equal(dc_http_get(f->http, url, timeout_ms, max, on_resp, g, req),
                   DC_OK);
}

/* ---- tests ------------------------------------------------------------------
 */

static void test_ok_json(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);

  get(f, "/ok", 2000, 0, g, NULL);
  assert_int_equal(g->calls, 0); /* never from inside dc_http_get */
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_int_equal(g->status, 200);
  assert_string_equal(g->body, ok_body);
  assert_int_equal(g->len, strlen(ok_body));
  assert_string_equal(g->ctype, "application/rdap+json");
  assert_true(g->retry_after == -1);
  assert_non_null(strstr(f->srv.last_req,
                         "Accept: application/rdap+json, application/json"));
  assert_non_null(strstr(f->srv.last_req, "User-Agent: domcheck/"));
  run_for(f, 50);
  assert_int_equal(g->calls, 1);
}

static void test_404(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);

  get(f, "/notfound", 2000, 0, g, NULL);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_int_equal(g->status, 404);
  assert_string_equal(g->body, "{\"errorCode\":404}");
}

static void test_429_retry_after(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);

  get(f, "/ratelimit", 2000, 0, a, NULL);
  get(f, "/ratelimit-date", 2000, 0, b, NULL);
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_OK);
  assert_int_equal(a->status, 429);
  assert_true(a->retry_after == 120);
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->status, 429);
  /* An HTTP-date 120 s ahead; whole seconds, a little clock slack. */
  assert_true(b->retry_after >= 115 && b->retry_after <= 121);
}

static void test_deadline(void **state)
{
  struct fx  *f     = *state;
  struct got *g     = new_got(f);
  uint64_t    start = nf_mono_ms();

  get(f, "/slow", 300, 0, g, NULL);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_ETIMEOUT);
  assert_true(g->at - start >= 290);
  assert_true(g->at - start <= 300 + 400);
  assert_non_null(strstr(g->error, "timed out"));
  run_for(f, 100);
  assert_int_equal(g->calls, 1);
}

static void test_too_big(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);

  get(f, "/big", 2000, 1000, a, NULL);    /* close-delimited body */
  get(f, "/big-cl", 2000, 1000, b, NULL); /* Content-Length says it */
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_ETOOBIG);
  assert_int_equal(a->len, 1000); /* cut at the cap */
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_ETOOBIG);
  assert_true(b->len <= 1000);
}

static void test_closed_port(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);
  char        url[128];

  (void)snprintf(url, sizeof(url), "http://127.0.0.1:%d/ok", nf_closed_port());
  assert_int_equal(dc_http_get(f->http, url, 2000, 0, on_resp, g, NULL), DC_OK);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_ENETWORK);
  assert_non_null(strstr(g->error, "connection refused"));
}

static void test_connect_to(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);
  char        spec[128];

  /* The rule, not allow_private, lets 127.0.0.1 through. */
  f->opts.allow_private = false;
  (void)snprintf(spec, sizeof(spec), "rdap.example.test:80:127.0.0.1:%d",
                 f->srv.port);
  assert_int_equal(dc_connect_to_parse(&f->rule, spec), DC_OK);
  f->opts.connect_to  = &f->rule;
  f->opts.nconnect_to = 1;
  assert_int_equal(dc_http_get(f->http, "http://rdap.example.test/ok", 2000, 0,
                               on_resp, g, NULL),
                   DC_OK);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_int_equal(g->status, 200);
  assert_non_null(strstr(f->srv.last_req, "Host: rdap.example.test"));
  assert_int_equal(f->fdns.queries, 0); /* no resolving at all */
}

static void test_redirect(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);

  get(f, "/redirect", 2000, 0, g, NULL);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_int_equal(g->status, 200);
  assert_string_equal(g->body, ok_body);
  assert_int_equal(f->srv.requests, 2);
  assert_non_null(strstr(f->srv.last_req, "GET /ok "));
}

static void test_redirect_other_host(void **state)
{
  struct fx  *f = *state;
  struct got *g = new_got(f);
  char        spec[128];

  /* The second hop's host is mapped by a rule, as the first is not. */
  (void)snprintf(spec, sizeof(spec), "rdap.example.test:80:127.0.0.1:%d",
                 f->srv.port);
  assert_int_equal(dc_connect_to_parse(&f->rule, spec), DC_OK);
  f->opts.connect_to  = &f->rule;
  f->opts.nconnect_to = 1;
  get(f, "/redirect-host", 2000, 0, g, NULL);
  run_until(f, 1, 3000);
  assert_int_equal(g->calls, 1);
  assert_int_equal(g->st, DC_OK);
  assert_int_equal(g->status, 200);
  assert_non_null(strstr(f->srv.last_req, "Host: rdap.example.test"));
}

static void test_redirect_limits(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);

  get(f, "/loop", 2000, 0, a, NULL);
  get(f, "/ftp", 2000, 0, b, NULL);
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_EIO);
  assert_non_null(strstr(a->error, "redirects"));
  assert_int_equal(f->srv.requests, 1 + 1 + 3); /* /ftp + /loop x4 */
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_EINVAL);
}

static void test_private_refused(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);
  struct got *c = new_got(f);
  char        url[128];

  f->opts.allow_private = false;
  get(f, "/ok", 2000, 0, a, NULL);
  (void)snprintf(url, sizeof(url), "http://rdap.test:%d/ok", f->srv.port);
  assert_int_equal(dc_http_get(f->http, url, 2000, 0, on_resp, b, NULL), DC_OK);
  /* A rule sends the first hop to the server (allowed: the rule says so),
   * which redirects to 127.0.0.1:9: refused, no rule made that one. */
  {
    char spec[128];
    (void)snprintf(spec, sizeof(spec), "public.example:80:127.0.0.1:%d",
                   f->srv.port);
    assert_int_equal(dc_connect_to_parse(&f->rule, spec), DC_OK);
    f->opts.connect_to  = &f->rule;
    f->opts.nconnect_to = 1;
  }
  assert_int_equal(dc_http_get(f->http, "http://public.example/private", 2000,
                               0, on_resp, c, NULL),
                   DC_OK);
  assert_int_equal(a->calls, 0); /* delivered from the loop */
  run_until(f, 3, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_EINVAL);
  assert_non_null(strstr(a->error, "private"));
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_EINVAL);
  assert_non_null(strstr(b->error, "private"));
  assert_int_equal(c->calls, 1);
  assert_int_equal(c->st, DC_EINVAL);
  assert_int_equal(f->srv.requests, 1); /* only /private reached it */
}

static void test_resolve(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);
  struct got *c = new_got(f);
  char        url[128];
  uint64_t    start;

  /* rdap.test comes from our DNS server, reaches curl as CURLOPT_RESOLVE;
   * curl resolving it by itself would fail. */
  (void)snprintf(url, sizeof(url), "http://rdap.test:%d/ok", f->srv.port);
  assert_int_equal(dc_http_get(f->http, url, 2000, 0, on_resp, a, NULL), DC_OK);
  (void)snprintf(url, sizeof(url), "http://nx.test:%d/ok", f->srv.port);
  assert_int_equal(dc_http_get(f->http, url, 2000, 0, on_resp, b, NULL), DC_OK);
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_OK);
  assert_int_equal(a->status, 200);
  assert_non_null(strstr(f->srv.last_req, "Host: rdap.test"));
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_ENETWORK);
  assert_non_null(strstr(b->error, "resolve"));

  /* The deadline covers the resolve step. */
  (void)snprintf(url, sizeof(url), "http://silent.test:%d/ok", f->srv.port);
  start = nf_mono_ms();
  assert_int_equal(dc_http_get(f->http, url, 200, 0, on_resp, c, NULL), DC_OK);
  run_until(f, 3, 3000);
  assert_int_equal(c->calls, 1);
  assert_int_equal(c->st, DC_ETIMEOUT);
  assert_true(c->at - start <= 200 + 300);
}

static void test_concurrent(void **state)
{
  struct fx  *f = *state;
  struct got *g[20];
  size_t      i;

  for (i = 0; i < 20; i++) {
    g[i] = new_got(f);
    get(f, i % 2 == 0 ? "/ok" : "/notfound", 3000, 0, g[i], NULL);
  }
  run_until(f, 20, 5000);
  for (i = 0; i < 20; i++) {
    assert_int_equal(g[i]->calls, 1);
    assert_int_equal(g[i]->st, DC_OK);
    assert_int_equal(g[i]->status, i % 2 == 0 ? 200 : 404);
  }
  assert_int_equal(f->srv.requests, 20);
}

static void test_cancel_one(void **state)
{
  struct fx          *f = *state;
  struct got         *a = new_got(f);
  struct got         *b = new_got(f);
  struct dc_http_req *ra;

  get(f, "/slow", 3000, 0, a, &ra);
  get(f, "/delay", 3000, 0, b, NULL);
  while (f->srv.requests < 2) {
    assert_int_equal(dc_loop_run_once(f->loop, 20), DC_OK);
  }
  dc_http_cancel(f->http, ra);
  assert_int_equal(a->calls, 1); /* before dc_http_cancel returned */
  assert_int_equal(a->st, DC_ECANCELLED);
  run_until(f, 2, 3000);
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_OK);
  assert_int_equal(b->status, 200);
  run_for(f, 50);
  assert_int_equal(a->calls, 1);
}

static void test_destroy_pending(void **state)
{
  struct fx  *f = *state;
  struct got *g[4];
  char        url[128];
  size_t      i;

  for (i = 0; i < 4; i++) {
    g[i] = new_got(f);
  }
  for (i = 0; i < 3; i++) {
    get(f, "/slow", 3000, 0, g[i], NULL);
  }
  /* One still resolving. */
  g[3]->f = f;
  (void)snprintf(url, sizeof(url), "http://silent.test:%d/ok", f->srv.port);
  assert_int_equal(dc_http_get(f->http, url, 3000, 0, on_resp, g[3], NULL),
                   DC_OK);
  while (f->srv.requests < 3) {
    assert_int_equal(dc_loop_run_once(f->loop, 20), DC_OK);
  }
  dc_http_destroy(f->http);
  f->http = NULL;
  for (i = 0; i < 4; i++) {
    assert_int_equal(g[i]->calls, 1);
    assert_int_equal(g[i]->st, DC_ECANCELLED);
  }
  run_for(f, 50);
  for (i = 0; i < 4; i++) {
    assert_int_equal(g[i]->calls, 1);
  }
}

static void test_destroy_from_callback(void **state)
{
  struct fx  *f = *state;
  struct got *a = new_got(f);
  struct got *b = new_got(f);
  struct got *c = new_got(f);

  a->action = ACT_DESTROY;
  get(f, "/ok", 3000, 0, a, NULL);
  get(f, "/slow", 3000, 0, b, NULL);
  get(f, "/slow", 3000, 0, c, NULL);
  run_until(f, 3, 3000);
  assert_null(f->http);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_OK);
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_ECANCELLED);
  assert_int_equal(c->calls, 1);
  assert_int_equal(c->st, DC_ECANCELLED);
  run_for(f, 50);
  assert_int_equal(f->completed, 3);
}

static void test_callback_reenters(void **state)
{
  struct fx          *f = *state;
  struct got         *a = new_got(f);
  struct got         *b = new_got(f);
  struct dc_http_req *rb;

  /* a's callback cancels b and starts a new request. */
  get(f, "/slow", 3000, 0, b, &rb);
  a->action = ACT_CANCEL_OTHER;
  a->other  = rb;
  get(f, "/ok", 3000, 0, a, NULL);
  run_until(f, 2, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(a->st, DC_OK);
  assert_int_equal(b->calls, 1);
  assert_int_equal(b->st, DC_ECANCELLED);

  a->action = ACT_CHAIN;
  a->calls  = 0;
  get(f, "/ok", 3000, 0, a, NULL);
  run_until(f, 4, 3000);
  assert_int_equal(a->calls, 1);
  assert_int_equal(f->chained.calls, 1);
  assert_int_equal(f->chained.st, DC_OK);
}

static void test_bad_args(void **state)
{
  struct fx          *f   = *state;
  struct got         *g   = new_got(f);
  struct dc_http_req *req = (struct dc_http_req *)(void *)g;

  assert_int_equal(
      dc_http_get(f->http, "ftp://example.test/", 1000, 0, on_resp, g, &req),
      DC_EINVAL);
  assert_null(req);
  assert_int_equal(dc_http_get(f->http, "not a url", 1000, 0, on_resp, g, NULL),
                   DC_EINVAL);
  assert_int_equal(
      dc_http_get(f->http, "http://x.test/", 0, 0, on_resp, g, NULL),
      DC_EINVAL);
  assert_int_equal(dc_http_get(f->http,
                               "http://b\xc3\xbc"
                               "cher.test/",
                               1000, 0, on_resp, g, NULL),
                   DC_EINVAL);
  run_for(f, 30);
  assert_int_equal(g->calls, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_ok_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_404, setup, teardown),
      cmocka_unit_test_setup_teardown(test_429_retry_after, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deadline, setup, teardown),
      cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
      cmocka_unit_test_setup_teardown(test_closed_port, setup, teardown),
      cmocka_unit_test_setup_teardown(test_connect_to, setup, teardown),
      cmocka_unit_test_setup_teardown(test_redirect, setup, teardown),
      cmocka_unit_test_setup_teardown(test_redirect_other_host, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_redirect_limits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_private_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
      cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cancel_one, setup, teardown),
      cmocka_unit_test_setup_teardown(test_destroy_pending, setup, teardown),
      cmocka_unit_test_setup_teardown(test_destroy_from_callback, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_callback_reenters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_args, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
