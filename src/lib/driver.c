/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/driver.c - runs lookups: carries their requests over the event
 *  loop (c-ares, curl, WHOIS sockets) or answers them from a recording;
 *  dc_query_start, dc_ctx_run and the embedding API
 */
#include "driver.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctx.h"
#include "dns.h"
#include "evidence.h"
#include "http.h"
#include "lookup.h"
#include "loop.h"
#include "result.h"
#include "whoisnet.h"

#define RDAP_MAX_BODY (4u * 1024u * 1024u)
#define MAX_TAKE      16

struct dc_inflight;

struct dc_query {
  struct dc_ctx      *ctx;
  struct dc_lookup   *lk;
  struct dc_replay   *replay;
  dc_query_cb         cb;
  void               *ud;
  uint64_t            deadline_at; /* monotonic ms */
  struct dc_timer     deadline;
  struct dc_timer     kick; /* deferred first step (never re-entrant) */
  struct dc_inflight *inflight;
  struct dc_query    *prev;
  struct dc_query    *next;
};

/* One request of a lookup on its way. */
struct dc_inflight {
  struct dc_query     *q;
  struct dc_io_request req;
  struct dc_timer      delay; /* backoff wait, or replay/failure delivery */
  void                *treq;  /* transport handle while sent */
  bool                 sent;
  bool                 cancelling;
  dc_status_t          fail; /* deliver this failure instead of sending */
  struct dc_inflight  *next;
};

struct dc_driver {
  struct dc_loop     *loop;
  struct dc_dns      *dns;
  struct dc_http     *http;
  struct dc_whoisnet *whois;
  struct dc_query    *queries;
  size_t              nqueries;
};

static void pump(struct dc_query *q);

static int64_t wall_now(void)
{
  return (int64_t)time(NULL);
}

/* ---- driver lifetime ------------------------------------------------------ */

static dc_status_t driver_get(struct dc_ctx *ctx, struct dc_driver **out)
{
  struct dc_driver   *d;
  const char *const  *servers;
  dc_status_t         st;

  if (ctx->drv != NULL) {
    *out = ctx->drv;
    return DC_OK;
  }
  d = dc_calloc(1, sizeof(*d));
  if (d == NULL) {
    return DC_ENOMEM;
  }
  st = dc_loop_create(&d->loop);
  if (st == DC_OK && ctx->replay_dir == NULL) {
    /* A server gets a third of the deadline per try, two tries. */
    int per_try = dc_ctx_timeout(ctx) / 3;
    servers     = (const char *const *)ctx->resolvers.v;
    st = dc_dns_create(&d->dns, d->loop, ctx->resolvers.n > 0 ? servers : NULL,
                       ctx->resolvers.n, per_try < 500 ? 500 : per_try, 2);
    if (st == DC_OK) {
      st = dc_http_create(&d->http, d->loop, d->dns, &ctx->net);
    }
    if (st == DC_OK) {
      st = dc_whoisnet_create(&d->whois, d->loop, d->dns, &ctx->net);
    }
  }
  if (st != DC_OK) {
    dc_whoisnet_destroy(d->whois);
    dc_http_destroy(d->http);
    dc_dns_destroy(d->dns);
    dc_loop_destroy(d->loop);
    dc_free(d);
    return st;
  }
  ctx->drv = d;
  *out     = d;
  return DC_OK;
}

/* ---- completing ------------------------------------------------------------------ */

static void unlink_query(struct dc_driver *d, struct dc_query *q)
{
  if (q->prev != NULL) {
    q->prev->next = q->next;
  } else {
    d->queries = q->next;
  }
  if (q->next != NULL) {
    q->next->prev = q->prev;
  }
  d->nqueries--;
}

static void inflight_free(struct dc_inflight *inf)
{
  dc_io_request_clear(&inf->req);
  dc_free(inf);
}

static void inflight_unlink(struct dc_inflight *inf)
{
  struct dc_inflight **pp = &inf->q->inflight;
  while (*pp != NULL && *pp != inf) {
    pp = &(*pp)->next;
  }
  if (*pp == inf) {
    *pp = inf->next;
  }
}

/* Stop every request still out; transports call back with ECANCELLED,
 * which frees them (on_* see `cancelling`). */
static void cancel_inflight(struct dc_query *q)
{
  struct dc_driver *d = q->ctx->drv;
  while (q->inflight != NULL) {
    struct dc_inflight *inf = q->inflight;
    q->inflight             = inf->next;
    inf->next               = NULL;
    dc_loop_timer_stop(d->loop, &inf->delay);
    if (!inf->sent || inf->treq == NULL) {
      inflight_free(inf);
      continue;
    }
    inf->cancelling = true;
    switch (inf->req.kind) {
      case DC_IOK_DNS:
        dc_dns_cancel(d->dns, inf->treq);
        break;
      case DC_IOK_RDAP:
        dc_http_cancel(d->http, inf->treq);
        break;
      case DC_IOK_WHOIS:
        dc_whois_cancel(d->whois, inf->treq);
        break;
    }
  }
}

static void complete(struct dc_query *q, dc_status_t st)
{
  struct dc_driver *d   = q->ctx->drv;
  struct dc_result *res = NULL;

  dc_loop_timer_stop(d->loop, &q->deadline);
  dc_loop_timer_stop(d->loop, &q->kick);
  cancel_inflight(q);
  if (st == DC_OK) {
    st = dc_lookup_finish(q->lk, &res);
  }
  if (st == DC_OK && q->ctx->record_dir != NULL) {
    dc_status_t rs = dc_evidence_save(q->ctx->record_dir, q->lk, res);
    if (rs != DC_OK) {
      dc_log(q->ctx, 1, "recording %s failed: %s", dc_lookup_domain(q->lk),
             dc_strerror(rs));
    }
  }
  unlink_query(d, q);
  q->cb(q->ud, st, st == DC_OK ? res : NULL);
  if (st != DC_OK) {
    dc_result_destroy(res);
  }
  dc_replay_close(q->replay);
  dc_lookup_destroy(q->lk);
  dc_free(q);
}

static void maybe_complete(struct dc_query *q)
{
  if (q->inflight == NULL && dc_lookup_done(q->lk)) {
    complete(q, DC_OK);
  }
}

/* ---- responses ---------------------------------------------------------------------- */

static void deliver(struct dc_inflight *inf, const struct dc_io_response *r)
{
  struct dc_query  *q = inf->q;
  struct dc_driver *d = q->ctx->drv;
  dc_status_t       st;

  inflight_unlink(inf);
  dc_loop_update_time(d->loop);
  dc_lookup_set_clock(q->lk, dc_loop_now(d->loop), q->deadline_at,
                      q->replay != NULL ? dc_replay_started(q->replay)
                                        : wall_now());
  st = dc_lookup_feed(q->lk, inf->req.tag, r, &inf->req);
  inflight_free(inf);
  if (st != DC_OK) {
    dc_log(q->ctx, 1, "lookup of %s: %s", dc_lookup_domain(q->lk),
           dc_strerror(st));
  }
  pump(q);
}

static void on_dns(void *ud, dc_status_t st, const unsigned char *answer,
                   size_t len)
{
  struct dc_inflight   *inf = ud;
  struct dc_io_response r;
  if (inf->cancelling) {
    inflight_free(inf);
    return;
  }
  memset(&r, 0, sizeof(r));
  r.st          = st;
  r.data        = (const char *)answer;
  r.len         = len;
  r.retry_after = -1;
  deliver(inf, &r);
}

static void on_http(void *ud, const struct dc_http_resp *h)
{
  struct dc_inflight   *inf = ud;
  struct dc_io_response r;
  if (inf->cancelling) {
    inflight_free(inf);
    return;
  }
  memset(&r, 0, sizeof(r));
  r.st          = h->st;
  r.http_status = h->status;
  r.retry_after = h->retry_after;
  r.data        = h->body;
  r.len         = h->len;
  r.error       = h->error;
  deliver(inf, &r);
}

static void on_whois(void *ud, dc_status_t st, const char *data, size_t len,
                     const char *error)
{
  struct dc_inflight   *inf = ud;
  struct dc_io_response r;
  if (inf->cancelling) {
    inflight_free(inf);
    return;
  }
  memset(&r, 0, sizeof(r));
  r.st          = st;
  r.data        = data;
  r.len         = len;
  r.error       = error;
  r.retry_after = -1;
  deliver(inf, &r);
}

/* ---- requests ------------------------------------------------------------------------- */

static int remaining_ms(const struct dc_query *q)
{
  uint64_t now = dc_loop_now(q->ctx->drv->loop);
  return q->deadline_at > now ? (int)(q->deadline_at - now) : 1;
}

static void send_now(struct dc_inflight *inf)
{
  struct dc_query  *q = inf->q;
  struct dc_driver *d = q->ctx->drv;
  dc_status_t       st;

  inf->sent = true;
  if (q->replay != NULL || q->ctx->replay_dir != NULL) {
    struct dc_io_response r;
    dc_replay_answer(q->replay, &inf->req, &r);
    deliver(inf, &r);
    return;
  }
  switch (inf->req.kind) {
    case DC_IOK_DNS:
      st = dc_dns_query(d->dns, inf->req.target, inf->req.rrtype,
                        inf->req.rrtype == 43, on_dns, inf,
                        (struct dc_dns_req **)&inf->treq);
      break;
    case DC_IOK_RDAP:
      st = dc_http_get(d->http, inf->req.target, remaining_ms(q),
                       RDAP_MAX_BODY, on_http, inf,
                       (struct dc_http_req **)&inf->treq);
      break;
    case DC_IOK_WHOIS:
    default:
      st = dc_whois_exchange(d->whois, inf->req.target, inf->req.query,
                             remaining_ms(q), on_whois, inf,
                             (struct dc_whois_req **)&inf->treq);
      break;
  }
  if (st != DC_OK) {
    struct dc_io_response r;
    memset(&r, 0, sizeof(r));
    r.st          = st;
    r.retry_after = -1;
    r.error       = dc_strerror(st);
    deliver(inf, &r);
  }
}

static void on_delay(void *ud)
{
  send_now(ud);
}

static void pump(struct dc_query *q)
{
  struct dc_driver    *d = q->ctx->drv;
  struct dc_io_request reqs[MAX_TAKE];
  size_t               n;
  size_t               i;

  dc_lookup_set_clock(q->lk, dc_loop_now(d->loop), q->deadline_at,
                      q->replay != NULL ? dc_replay_started(q->replay)
                                        : wall_now());
  n = dc_lookup_take(q->lk, reqs, MAX_TAKE);
  for (i = 0; i < n; i++) {
    struct dc_inflight *inf = dc_calloc(1, sizeof(*inf));
    if (inf == NULL) {
      /* Out of memory: the lookup ends with what it has. */
      size_t k;
      for (k = i; k < n; k++) {
        dc_io_request_clear(&reqs[k]);
      }
      dc_lookup_expire(q->lk, "out of memory");
      break;
    }
    inf->q      = q;
    inf->req    = reqs[i];
    inf->next   = q->inflight;
    q->inflight = inf;
  }
  /* Send after linking all: a synchronous delivery may pump again. Every
   * send goes through a timer so that delivery is never re-entrant. */
  for (i = 0; i < n; i++) {
    struct dc_inflight *inf = q->inflight;
    while (inf != NULL && (inf->sent || dc_timer_active(&inf->delay))) {
      inf = inf->next;
    }
    if (inf == NULL) {
      break;
    }
    dc_loop_timer_start(d->loop, &inf->delay,
                        q->replay != NULL || q->ctx->replay_dir != NULL
                          ? 0
                          : inf->req.delay_ms,
                        on_delay, inf);
  }
  maybe_complete(q);
}

static void on_kick(void *ud)
{
  pump(ud);
}

static void on_deadline(void *ud)
{
  struct dc_query *q = ud;
  char             why[64];
  cancel_inflight(q);
  (void)snprintf(why, sizeof(why), "no answer within the %d ms deadline",
                 dc_ctx_timeout(q->ctx));
  dc_lookup_expire(q->lk, why);
  complete(q, DC_OK);
}

/* ---- public API ------------------------------------------------------------------------- */

dc_status_t dc_query_start(dc_ctx_t *ctx, const dc_request_t *req,
                           dc_query_cb cb, void *userdata,
                           dc_query_t **query)
{
  struct dc_driver *d;
  struct dc_query  *q;
  int64_t           now;
  dc_status_t       st;

  if (query != NULL) {
    *query = NULL;
  }
  if (ctx == NULL || req == NULL || cb == NULL) {
    return DC_EINVAL;
  }
  st = driver_get(ctx, &d);
  if (st != DC_OK) {
    return st;
  }
  q = dc_calloc(1, sizeof(*q));
  if (q == NULL) {
    return DC_ENOMEM;
  }
  q->ctx = ctx;
  q->cb  = cb;
  q->ud  = userdata;
  now    = wall_now();
  if (ctx->replay_dir != NULL) {
    /* The recording of this domain, judged at its own time. */
    struct dc_lookup *probe = NULL;
    st = dc_lookup_create(&probe, ctx, req, 0, now);
    if (st == DC_OK && dc_lookup_domain(probe)[0] != '\0') {
      st = dc_replay_open(&q->replay, ctx->replay_dir,
                          dc_lookup_domain(probe));
      if (st == DC_ENOENT) {
        st = DC_OK;
      }
      if (q->replay != NULL && dc_replay_started(q->replay) > 0) {
        now = dc_replay_started(q->replay);
      }
    }
    dc_lookup_destroy(probe);
  }
  if (st == DC_OK) {
    st = dc_lookup_create(&q->lk, ctx, req, ctx->lookups, now);
  }
  if (st != DC_OK) {
    dc_replay_close(q->replay);
    dc_free(q);
    return st;
  }
  dc_loop_update_time(d->loop);
  q->deadline_at = dc_loop_now(d->loop) + (uint64_t)dc_ctx_timeout(ctx);
  q->next        = d->queries;
  if (d->queries != NULL) {
    d->queries->prev = q;
  }
  d->queries = q;
  d->nqueries++;
  dc_loop_timer_start(d->loop, &q->deadline, (uint64_t)dc_ctx_timeout(ctx),
                      on_deadline, q);
  dc_loop_timer_start(d->loop, &q->kick, 0, on_kick, q);
  if (query != NULL) {
    *query = q;
  }
  return DC_OK;
}

void dc_query_cancel(dc_ctx_t *ctx, dc_query_t *q)
{
  if (ctx == NULL || q == NULL || ctx->drv == NULL) {
    return;
  }
  complete(q, DC_ECANCELLED);
}

dc_status_t dc_ctx_run(dc_ctx_t *ctx)
{
  dc_status_t st = DC_OK;
  if (ctx == NULL) {
    return DC_EINVAL;
  }
  while (st == DC_OK && ctx->drv != NULL && ctx->drv->nqueries > 0) {
    st = dc_loop_run_once(ctx->drv->loop, -1);
  }
  return st;
}

size_t dc_ctx_pending(const dc_ctx_t *ctx)
{
  return ctx == NULL || ctx->drv == NULL ? 0 : ctx->drv->nqueries;
}

int dc_ctx_fd(const dc_ctx_t *ctx)
{
  return ctx == NULL || ctx->drv == NULL ? -1 : dc_loop_fd(ctx->drv->loop);
}

int dc_ctx_timeout_ms(const dc_ctx_t *ctx)
{
  return ctx == NULL || ctx->drv == NULL ? -1
                                         : dc_loop_timeout(ctx->drv->loop);
}

dc_status_t dc_ctx_process(dc_ctx_t *ctx)
{
  if (ctx == NULL) {
    return DC_EINVAL;
  }
  if (ctx->drv == NULL) {
    return DC_OK;
  }
  return dc_loop_run_once(ctx->drv->loop, 0);
}

void dc_driver_destroy(struct dc_ctx *ctx)
{
  struct dc_driver *d = ctx->drv;
  if (d == NULL) {
    return;
  }
  while (d->queries != NULL) {
    complete(d->queries, DC_ECANCELLED);
  }
  dc_whoisnet_destroy(d->whois);
  dc_http_destroy(d->http);
  dc_dns_destroy(d->dns);
  dc_loop_destroy(d->loop);
  dc_free(d);
  ctx->drv = NULL;
}
