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

#include "cache.h"
#include "ctx.h"
#include "dns.h"
#include "evidence.h"
#include "http.h"
#include "lookup.h"
#include "loop.h"
#include "result.h"
#include "rulesdata.h"
#include "tldlist.h"
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

struct dc_server;

/* One request of a lookup on its way. */
struct dc_inflight {
  struct dc_query     *q;
  struct dc_io_request req;
  struct dc_timer      delay; /* backoff wait, or replay/failure delivery */
  void                *treq;  /* transport handle while sent */
  bool                 sent;
  bool                 cancelling;
  struct dc_server    *srv;    /* politeness: the server it goes to */
  bool                 queued; /* waiting in srv's queue */
  bool                 holds;  /* holds one of srv's connections */
  struct dc_inflight  *qnext;  /* srv's queue */
  struct dc_inflight  *qprev;
  struct dc_inflight  *next; /* the query's list */
};

/* Per-server politeness (issue 4): connections at once, queries a minute
 * (token bucket), and a backoff shared by every lookup to the server when
 * it answers "too many queries". */
struct dc_server {
  char               *name;
  int                 max_conn; /* 0: unlimited */
  int                 per_min;  /* 0: unlimited */
  int                 active;
  double              tokens;
  uint64_t            refilled; /* ms */
  uint64_t            backoff_until;
  uint64_t            backoff_ms;
  struct dc_inflight *head;
  struct dc_inflight *tail;
  struct dc_timer     wake;
  struct dc_driver   *d;
  struct dc_server   *next; /* hash chain */
};

#define SERVER_BUCKETS 1024

struct dc_driver {
  struct dc_loop     *loop;
  struct dc_dns      *dns;
  struct dc_http     *http;
  struct dc_whoisnet *whois;
  struct dc_cache    *cache;
  struct dc_query    *queries;
  size_t              nqueries;
  struct dc_server   *servers[SERVER_BUCKETS];
  uint64_t            counters[DC_COUNTER_COUNT_];
};

static void pump(struct dc_query *q);
static void send_now(struct dc_inflight *inf);
static void server_release(struct dc_inflight *inf);
static void server_dequeue(struct dc_inflight *inf);
static void server_feedback(struct dc_server *s, enum dc_feed_class cls,
                            int64_t retry_after);

static int64_t wall_now(void)
{
  return (int64_t)time(NULL);
}

/* ---- driver lifetime ------------------------------------------------------
 */

static dc_status_t driver_get(struct dc_ctx *ctx, struct dc_driver **out)
{
  struct dc_driver  *d;
  const char *const *servers;
  dc_status_t        st;

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
    if (st == DC_OK && ctx->cache_path != NULL) {
      /* A cache that cannot be opened is skipped, not fatal. */
      if (dc_cache_open(&d->cache, ctx->cache_path) != DC_OK) {
        dc_log(ctx, 1, "cache %s cannot be opened: not used", ctx->cache_path);
        d->cache = NULL;
      }
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

/* ---- completing
 * ------------------------------------------------------------------ */

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
    server_dequeue(inf);
    server_release(inf);
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

/* ---- responses
 * ---------------------------------------------------------------------- */

static void deliver(struct dc_inflight *inf, const struct dc_io_response *r,
                    bool from_cache)
{
  struct dc_query   *q = inf->q;
  struct dc_driver  *d = q->ctx->drv;
  enum dc_feed_class cls;
  dc_status_t        st;

  inflight_unlink(inf);
  dc_loop_update_time(d->loop);
  dc_lookup_set_clock(q->lk, dc_loop_now(d->loop), q->deadline_at,
                      q->replay != NULL ? dc_replay_started(q->replay)
                                        : wall_now());
  st = dc_lookup_feed(q->lk, inf->req.tag, r, &inf->req, &cls);
  if (inf->srv != NULL) {
    server_feedback(inf->srv, cls, r->retry_after);
  }
  server_release(inf);
  if (cls == DC_FEED_USABLE && !from_cache && d->cache != NULL &&
      inf->req.kind != DC_IOK_DNS && q->replay == NULL) {
    (void)dc_cache_put(d->cache, &inf->req, r, wall_now());
  }
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
  deliver(inf, &r, false);
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
  deliver(inf, &r, false);
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
  deliver(inf, &r, false);
}

/* ---- requests
 * ------------------------------------------------------------------------- */

static int remaining_ms(const struct dc_query *q)
{
  uint64_t now = dc_loop_now(q->ctx->drv->loop);
  return q->deadline_at > now ? (int)(q->deadline_at - now) : 1;
}

/* ---- per-server politeness
 * --------------------------------------------------- */

static uint32_t hash_name(const char *s)
{
  uint32_t h = 2166136261u; /* FNV-1a */
  while (*s != '\0') {
    h = (h ^ (unsigned char)*s++) * 16777619u;
  }
  return h;
}

static void server_wake(void *ud);

static struct dc_server *server_get(struct dc_query *q, const char *name)
{
  struct dc_driver             *d = q->ctx->drv;
  uint32_t                      b = hash_name(name) % SERVER_BUCKETS;
  struct dc_server             *s;
  const struct dc_server_props *props;
  const struct dc_policy       *pol = &dc_tldlist_rules(q->ctx->tl)->policy;

  for (s = d->servers[b]; s != NULL; s = s->next) {
    if (strcmp(s->name, name) == 0) {
      return s;
    }
  }
  s = dc_calloc(1, sizeof(*s));
  if (s == NULL) {
    return NULL;
  }
  s->name = dc_strdup(name);
  if (s->name == NULL) {
    dc_free(s);
    return NULL;
  }
  /* --server-limit, else servers.txt, else the policy's defaults. */
  props       = dc_tldlist_server_props(q->ctx->tl, name);
  s->max_conn = props != NULL && props->max_conn > 0 ? props->max_conn
                                                     : pol->whois_max_conn;
  s->per_min =
      props != NULL && props->per_min > 0 ? props->per_min : pol->whois_per_min;
  dc_ctx_server_limit(q->ctx, name, &s->max_conn, &s->per_min);
  s->tokens     = s->max_conn > 0 ? s->max_conn : 1;
  s->refilled   = dc_loop_now(d->loop);
  s->backoff_ms = 0;
  s->d          = d;
  s->next       = d->servers[b];
  d->servers[b] = s;
  return s;
}

static void refill(struct dc_server *s, uint64_t now)
{
  double cap = s->max_conn > 0 ? s->max_conn : 1;
  if (s->per_min <= 0) {
    s->tokens = cap;
  } else if (now > s->refilled) {
    s->tokens += (double)(now - s->refilled) * s->per_min / 60000.0;
    if (s->tokens > cap) {
      s->tokens = cap;
    }
  }
  s->refilled = now;
}

/* ms until s may send again (0: now). */
static uint64_t server_wait(struct dc_server *s, uint64_t now)
{
  if (now < s->backoff_until) {
    return s->backoff_until - now;
  }
  if (s->max_conn > 0 && s->active >= s->max_conn) {
    return UINT64_MAX; /* a finishing request wakes the queue */
  }
  refill(s, now);
  if (s->per_min > 0 && s->tokens < 1.0) {
    return (uint64_t)((1.0 - s->tokens) * 60000.0 / s->per_min) + 1;
  }
  return 0;
}

static void server_run(struct dc_server *s)
{
  struct dc_driver *d = s->d;
  while (s->head != NULL) {
    uint64_t            now  = dc_loop_now(d->loop);
    uint64_t            wait = server_wait(s, now);
    struct dc_inflight *inf;
    if (now < s->backoff_until && s->backoff_until >= s->head->q->deadline_at) {
      /* The server asked everyone to wait past this lookup's deadline:
       * say so now rather than time out in the queue. */
      struct dc_io_response r;
      inf = s->head;
      server_dequeue(inf);
      inf->sent = true;
      memset(&r, 0, sizeof(r));
      r.st          = DC_ERATELIMIT;
      r.retry_after = -1;
      r.error       = "the server asked to slow down (rate limited)";
      deliver(inf, &r, false);
      continue;
    }
    if (wait != 0) {
      if (wait != UINT64_MAX && !dc_timer_active(&s->wake)) {
        dc_loop_timer_start(d->loop, &s->wake, wait, server_wake, s);
      }
      return;
    }
    inf = s->head;
    server_dequeue(inf);
    if (s->per_min > 0) {
      s->tokens -= 1.0;
    }
    s->active++;
    inf->holds = true;
    send_now(inf);
  }
}

static void server_wake(void *ud)
{
  server_run(ud);
}

static void server_dequeue(struct dc_inflight *inf)
{
  struct dc_server *s = inf->srv;
  if (s == NULL || !inf->queued) {
    return;
  }
  if (inf->qprev != NULL) {
    inf->qprev->qnext = inf->qnext;
  } else {
    s->head = inf->qnext;
  }
  if (inf->qnext != NULL) {
    inf->qnext->qprev = inf->qprev;
  } else {
    s->tail = inf->qprev;
  }
  inf->qnext  = NULL;
  inf->qprev  = NULL;
  inf->queued = false;
}

/* A request ends: its connection slot frees, the queue moves. */
static void server_release(struct dc_inflight *inf)
{
  struct dc_server *s = inf->srv;
  if (s == NULL || !inf->holds) {
    return;
  }
  inf->holds = false;
  s->active--;
  if (s->head != NULL) {
    /* Not from inside this stack: a wake timer runs the queue. */
    dc_loop_timer_start(s->d->loop, &s->wake, 0, server_wake, s);
  }
}

static void server_feedback(struct dc_server *s, enum dc_feed_class cls,
                            int64_t retry_after)
{
  uint64_t now = dc_loop_now(s->d->loop);
  if (cls == DC_FEED_RATE_LIMITED) {
    /* Everyone waits: what the server asked (Retry-After), else 2 s
     * doubling to a minute while it lasts. */
    s->backoff_ms = s->backoff_ms == 0       ? 2000
                    : s->backoff_ms >= 30000 ? 60000
                                             : s->backoff_ms * 2;
    s->backoff_until =
        now + (retry_after >= 0 ? (uint64_t)retry_after * 1000 : s->backoff_ms);
  } else if (cls == DC_FEED_USABLE) {
    s->backoff_ms = 0;
  }
}

static void server_enqueue(struct dc_server *s, struct dc_inflight *inf)
{
  inf->srv    = s;
  inf->queued = true;
  inf->qprev  = s->tail;
  inf->qnext  = NULL;
  if (s->tail != NULL) {
    s->tail->qnext = inf;
  } else {
    s->head = inf;
  }
  s->tail = inf;
  server_run(s);
}

static void servers_free(struct dc_driver *d)
{
  size_t b;
  for (b = 0; b < SERVER_BUCKETS; b++) {
    while (d->servers[b] != NULL) {
      struct dc_server *s = d->servers[b];
      d->servers[b]       = s->next;
      dc_loop_timer_stop(d->loop, &s->wake);
      dc_free(s->name);
      dc_free(s);
    }
  }
}

/* The server a request goes to, for politeness: WHOIS host, RDAP host. */
static void server_name(const struct dc_io_request *r, char *out, size_t n)
{
  const char *p = r->target;
  size_t      len;
  if (r->kind == DC_IOK_RDAP) {
    const char *sep = strstr(p, "://");
    p               = sep == NULL ? p : sep + 3;
  }
  len = strcspn(p, r->kind == DC_IOK_RDAP ? "/:?#" : ":");
  if (*p == '[') {
    len = strcspn(p, "]") + 1;
  }
  if (len >= n) {
    len = n - 1;
  }
  memcpy(out, p, len);
  out[len] = '\0';
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
    deliver(inf, &r, false);
    return;
  }
  switch (inf->req.kind) {
    case DC_IOK_DNS:
      d->counters[DC_COUNTER_DNS]++;
      st = dc_dns_query(d->dns, inf->req.target, inf->req.rrtype,
                        inf->req.rrtype == 43, on_dns, inf,
                        (struct dc_dns_req **)&inf->treq);
      break;
    case DC_IOK_RDAP:
      d->counters[DC_COUNTER_RDAP]++;
      st = dc_http_get(d->http, inf->req.target, remaining_ms(q), RDAP_MAX_BODY,
                       on_http, inf, (struct dc_http_req **)&inf->treq);
      break;
    case DC_IOK_WHOIS:
    default:
      d->counters[DC_COUNTER_WHOIS]++;
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
    deliver(inf, &r, false);
  }
}

/* A request is due: answer it from the cache, or queue it at its
 * server (DNS goes straight to the resolver). */
static void dispatch(struct dc_inflight *inf)
{
  struct dc_query  *q = inf->q;
  struct dc_driver *d = q->ctx->drv;
  char              name[256];

  if (q->replay != NULL || q->ctx->replay_dir != NULL ||
      inf->req.kind == DC_IOK_DNS) {
    send_now(inf);
    return;
  }
  if (d->cache != NULL && q->ctx->cache_max_age > 0) {
    struct dc_io_response r;
    int64_t               fetched = 0;
    if (dc_cache_get(d->cache, &inf->req, wall_now(), q->ctx->cache_max_age, &r,
                     &fetched) == DC_OK) {
      d->counters[DC_COUNTER_CACHE_HITS]++;
      inf->sent = true;
      deliver(inf, &r, true);
      return;
    }
  }
  server_name(&inf->req, name, sizeof(name));
  inf->srv = server_get(q, name);
  if (inf->srv == NULL) {
    send_now(inf); /* out of memory for bookkeeping: just send */
    return;
  }
  server_enqueue(inf->srv, inf);
}

static void on_delay(void *ud)
{
  dispatch(ud);
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
    while (inf != NULL &&
           (inf->sent || inf->queued || dc_timer_active(&inf->delay))) {
      inf = inf->next;
    }
    if (inf == NULL) {
      break;
    }
    dc_loop_timer_start(
        d->loop, &inf->delay,
        q->replay != NULL || q->ctx->replay_dir != NULL ? 0 : inf->req.delay_ms,
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

/* ---- public API
 * ------------------------------------------------------------------------- */

dc_status_t dc_query_start(dc_ctx_t *ctx, const dc_request_t *req,
                           dc_query_cb cb, void *userdata, dc_query_t **query)
{
  struct dc_driver  *d;
  struct dc_query   *q;
  struct dc_request *replay_req = NULL;
  int64_t            now;
  dc_status_t        st;

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
    st                      = dc_lookup_create(&probe, ctx, req, 0, now);
    if (st == DC_OK && dc_lookup_domain(probe)[0] != '\0') {
      st = dc_replay_open(&q->replay, ctx->replay_dir, dc_lookup_domain(probe));
      if (st == DC_ENOENT) {
        st = DC_OK;
      }
      if (q->replay != NULL && dc_replay_started(q->replay) > 0) {
        now = dc_replay_started(q->replay);
      }
      if (q->replay != NULL && !req->has_as_of) {
        /* Judge at the recorded instant: the same verdict, byte for byte. */
        replay_req = NULL;
        st         = dc_request_copy(&replay_req, req);
        if (st == DC_OK) {
          dc_request_set_as_of(replay_req, dc_replay_evaluated_at(q->replay));
          req = replay_req;
        }
      }
    }
    dc_lookup_destroy(probe);
  }
  if (st == DC_OK) {
    /* A replay asks what the recording answers, nothing else. */
    unsigned kinds =
        ctx->replay_dir != NULL ? dc_replay_kinds(q->replay) : ctx->lookups;
    st = dc_lookup_create(&q->lk, ctx, req, kinds, now);
    if (st == DC_OK && ctx->replay_dir != NULL && q->replay == NULL) {
      st = dc_lookup_note(q->lk, ctx->replay_dir,
                          "not in the recorded evidence");
    }
  }
  dc_request_destroy(replay_req);
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
  return ctx == NULL || ctx->drv == NULL ? -1 : dc_loop_timeout(ctx->drv->loop);
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
  servers_free(d);
  dc_cache_close(d->cache);
  dc_whoisnet_destroy(d->whois);
  dc_http_destroy(d->http);
  dc_dns_destroy(d->dns);
  dc_loop_destroy(d->loop);
  dc_free(d);
  ctx->drv = NULL;
}

uint64_t dc_ctx_counter(const dc_ctx_t *ctx, dc_counter_t which)
{
  if (ctx == NULL || ctx->drv == NULL || (unsigned)which >= DC_COUNTER_COUNT_) {
    return 0;
  }
  return ctx->drv->counters[which];
}
