/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/ctx.c - the library context and the request
 */
#include "ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "charset.h"
#include "driver.h"
#include "text.h"
#include "rulesdata.h"

dc_status_t dc_ctx_create(dc_ctx_t **out)
{
  struct dc_ctx *ctx = NULL;
  dc_diag_t      diag;
  dc_status_t    st;

  if (out == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  ctx  = dc_calloc(1, sizeof(*ctx));
  if (ctx == NULL) {
    return DC_ENOMEM;
  }
  /* The built-in data is checked by the tests; a failure here is a bug. */
  st = dc_tldlist_create(&ctx->tl, &diag);
  if (st != DC_OK) {
    dc_free(ctx);
    return st == DC_ENOMEM ? DC_ENOMEM : DC_EINTERNAL;
  }
  ctx->lookups       = DC_LOOKUP_ALL;
  ctx->cache_max_age = 3600;
  *out               = ctx;
  return DC_OK;
}

void dc_ctx_destroy(dc_ctx_t *ctx)
{
  size_t i;
  if (ctx == NULL) {
    return;
  }
  /* Pending queries are called back with DC_ECANCELLED first. */
  dc_driver_destroy(ctx);
  for (i = 0; i < ctx->net.nconnect_to; i++) {
    dc_connect_to_clear(&ctx->net.connect_to[i]);
  }
  dc_free(ctx->net.connect_to);
  for (i = 0; i < ctx->nwo; i++) {
    dc_free(ctx->wo[i].suffix);
    dc_free(ctx->wo[i].server);
  }
  dc_free(ctx->wo);
  dc_strlist_clear(&ctx->resolvers);
  dc_free(ctx->record_dir);
  dc_free(ctx->replay_dir);
  dc_free(ctx->cache_path);
  for (i = 0; i < ctx->nlimits; i++) {
    dc_free(ctx->limits[i].host);
  }
  dc_free(ctx->limits);
  dc_tldlist_destroy(ctx->tl);
  dc_free(ctx);
}

/* ---- live-lookup settings ---------------------------------------------------
 */

int dc_ctx_timeout(const struct dc_ctx *ctx)
{
  return ctx->timeout_ms > 0 ? ctx->timeout_ms
                             : dc_tldlist_rules(ctx->tl)->policy.timeout_ms;
}

dc_status_t dc_ctx_set_timeout(dc_ctx_t *ctx, int ms)
{
  if (ctx == NULL || ms < 100 || ms > 600000) {
    return DC_EINVAL;
  }
  ctx->timeout_ms = ms;
  return DC_OK;
}

void dc_ctx_set_lookups(dc_ctx_t *ctx, unsigned mask)
{
  if (ctx != NULL) {
    ctx->lookups = mask & DC_LOOKUP_ALL;
  }
}

dc_status_t dc_ctx_add_resolver(dc_ctx_t *ctx, const char *server)
{
  if (ctx == NULL || server == NULL || server[0] == '\0' || ctx->drv != NULL) {
    return DC_EINVAL;
  }
  return dc_strlist_push(&ctx->resolvers, server);
}

dc_status_t dc_ctx_add_connect_to(dc_ctx_t *ctx, const char *spec)
{
  struct dc_connect_to  c;
  struct dc_connect_to *nv;
  dc_status_t           st;
  if (ctx == NULL || spec == NULL) {
    return DC_EINVAL;
  }
  st = dc_connect_to_parse(&c, spec);
  if (st != DC_OK) {
    return st;
  }
  nv =
      dc_realloc(ctx->net.connect_to, (ctx->net.nconnect_to + 1) * sizeof(*nv));
  if (nv == NULL) {
    dc_connect_to_clear(&c);
    return DC_ENOMEM;
  }
  ctx->net.connect_to                         = nv;
  ctx->net.connect_to[ctx->net.nconnect_to++] = c;
  return DC_OK;
}

dc_status_t dc_ctx_set_rdap_bootstrap(dc_ctx_t *ctx, const char *path,
                                      dc_diag_t *diag)
{
  if (ctx == NULL || path == NULL) {
    return DC_EINVAL;
  }
  if (diag != NULL) {
    memset(diag, 0, sizeof(*diag));
  }
  return dc_tldlist_load_file(ctx->tl, "rdap-dns.json", path, diag);
}

dc_status_t dc_ctx_set_whois_server(dc_ctx_t *ctx, const char *suffix,
                                    const char *server)
{
  struct dc_whois_override *nv;
  char                     *sfx;
  char                     *srv;
  if (ctx == NULL || suffix == NULL || server == NULL || server[0] == '\0') {
    return DC_EINVAL;
  }
  while (*suffix == '.') {
    suffix++;
  }
  sfx = dc_strdup(suffix);
  srv = dc_strdup(server);
  nv  = dc_realloc(ctx->wo, (ctx->nwo + 1) * sizeof(*nv));
  if (sfx == NULL || srv == NULL || nv == NULL) {
    dc_free(sfx);
    dc_free(srv);
    if (nv != NULL) {
      ctx->wo = nv;
    }
    return DC_ENOMEM;
  }
  dc_ascii_lower(sfx);
  ctx->wo                  = nv;
  ctx->wo[ctx->nwo].suffix = sfx;
  ctx->wo[ctx->nwo].server = srv;
  ctx->nwo++;
  return DC_OK;
}

const char *dc_ctx_whois_override(const struct dc_ctx *ctx, const char *domain)
{
  const struct dc_whois_override *best = NULL;
  size_t                          dl   = strlen(domain);
  size_t                          i;
  for (i = 0; i < ctx->nwo; i++) {
    const struct dc_whois_override *o     = &ctx->wo[i];
    size_t                          sl    = strlen(o->suffix);
    bool                            match = strcmp(domain, o->suffix) == 0 ||
                 (dl > sl && domain[dl - sl - 1] == '.' &&
                  strcmp(domain + dl - sl, o->suffix) == 0);
    if (match && (best == NULL || sl > strlen(best->suffix))) {
      best = o;
    }
  }
  return best == NULL ? NULL : best->server;
}

static dc_status_t set_dir(char **dst, const char *dir)
{
  char *copy;
  if (dir == NULL || dir[0] == '\0') {
    return DC_EINVAL;
  }
  copy = dc_strdup(dir);
  if (copy == NULL) {
    return DC_ENOMEM;
  }
  dc_free(*dst);
  *dst = copy;
  return DC_OK;
}

dc_status_t dc_ctx_set_record_dir(dc_ctx_t *ctx, const char *dir)
{
  return ctx == NULL ? DC_EINVAL : set_dir(&ctx->record_dir, dir);
}

dc_status_t dc_ctx_set_replay_dir(dc_ctx_t *ctx, const char *dir)
{
  return ctx == NULL ? DC_EINVAL : set_dir(&ctx->replay_dir, dir);
}

dc_status_t dc_ctx_set_cache(dc_ctx_t *ctx, const char *path)
{
  if (ctx == NULL || ctx->drv != NULL) {
    return DC_EINVAL;
  }
  if (path == NULL) {
    dc_free(ctx->cache_path);
    ctx->cache_path = NULL;
    return DC_OK;
  }
  return set_dir(&ctx->cache_path, path);
}

void dc_ctx_set_cache_max_age(dc_ctx_t *ctx, int64_t seconds)
{
  if (ctx != NULL && seconds >= 0) {
    ctx->cache_max_age = seconds;
  }
}

char *dc_cache_path_default(void)
{
  return dc_cache_default_path();
}

dc_status_t dc_ctx_set_server_limit(dc_ctx_t *ctx, const char *host,
                                    int max_conn, int per_min)
{
  struct dc_server_limit *nv;
  char                   *h;
  if (ctx == NULL || host == NULL || host[0] == '\0' || max_conn < 0 ||
      per_min < 0) {
    return DC_EINVAL;
  }
  h  = dc_strdup(host);
  nv = dc_realloc(ctx->limits, (ctx->nlimits + 1) * sizeof(*nv));
  if (h == NULL || nv == NULL) {
    dc_free(h);
    if (nv != NULL) {
      ctx->limits = nv;
    }
    return DC_ENOMEM;
  }
  dc_ascii_lower(h);
  ctx->limits                        = nv;
  ctx->limits[ctx->nlimits].host     = h;
  ctx->limits[ctx->nlimits].max_conn = max_conn;
  ctx->limits[ctx->nlimits].per_min  = per_min;
  ctx->nlimits++;
  return DC_OK;
}

void dc_ctx_server_limit(const struct dc_ctx *ctx, const char *host,
                         int *max_conn, int *per_min)
{
  const struct dc_server_limit *any = NULL;
  size_t                        i;
  for (i = ctx->nlimits; i > 0; i--) {
    const struct dc_server_limit *l = &ctx->limits[i - 1];
    if (strcmp(l->host, host) == 0) {
      *max_conn = l->max_conn;
      *per_min  = l->per_min;
      return;
    }
    if (any == NULL && strcmp(l->host, "*") == 0) {
      any = l;
    }
  }
  if (any != NULL) {
    *max_conn = any->max_conn;
    *per_min  = any->per_min;
  }
}

dc_status_t dc_ctx_load_rules(dc_ctx_t *ctx, const char *dir, dc_diag_t *diag)
{
  if (ctx == NULL || dir == NULL) {
    return DC_EINVAL;
  }
  if (diag != NULL) {
    memset(diag, 0, sizeof(*diag));
  }
  return dc_tldlist_load_dir(ctx->tl, dir, diag);
}

dc_status_t dc_ctx_set_policy(dc_ctx_t *ctx, const char *key, const char *value)
{
  if (ctx == NULL) {
    return DC_EINVAL;
  }
  return dc_policy_set(&dc_tldlist_rules_mut(ctx->tl)->policy, key, value);
}

void dc_ctx_set_log_cb(dc_ctx_t *ctx, dc_log_cb cb, void *userdata)
{
  if (ctx != NULL) {
    ctx->log_cb = cb;
    ctx->log_ud = userdata;
  }
}

const char *dc_ctx_province_name(const dc_ctx_t *ctx, const char *name)
{
  const struct dc_rules *r;
  int                    i;
  if (ctx == NULL || name == NULL) {
    return NULL;
  }
  r = dc_tldlist_rules(ctx->tl);
  i = dc_rules_find_province(r, name);
  return i < 0 ? NULL : r->prov[i].name_zh;
}

void dc_log(const struct dc_ctx *ctx, int level, const char *fmt, ...)
{
  char    msg[512];
  va_list ap;
  if (ctx == NULL || ctx->log_cb == NULL) {
    return;
  }
  va_start(ap, fmt);
  (void)vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  ctx->log_cb(ctx->log_ud, level, msg);
}

dc_status_t dc_ctx_parse_evidence(const struct dc_ctx      *ctx,
                                  const struct dc_evidence *ev,
                                  enum dc_origin origin, const char *query,
                                  struct dc_record *rec)
{
  struct dc_parse_hints         h;
  const struct dc_server_props *props;
  dc_status_t                   st;

  memset(&h, 0, sizeof(h));
  h.origin    = origin;
  h.server    = ev->server;
  h.query     = query;
  props       = dc_tldlist_server_props(ctx->tl, ev->server);
  h.zone      = props != NULL ? props->zone : NULL;
  h.iana_name = dc_tldlist_iana_name_cb;
  h.iana_ud   = ctx->tl;
  if (ev->source == DC_SOURCE_RDAP) {
    st = dc_rdap_parse(rec, ev->data, ev->len, &h);
  } else {
    /* WHOIS has no charset label: UTF-8, the server's documented one,
     * or GB18030 from Chinese registrars (charset.c). */
    char  *text = NULL;
    size_t len  = 0;
    st          = dc_decode_reply(ev->data, ev->len,
                         props != NULL ? props->charset : NULL, &text, &len);
    if (st == DC_OK) {
      st = dc_whois_parse(rec, text, len, &h);
    }
    dc_free(text);
  }
  if (st == DC_OK) {
    rec->source = ev->source;
    if (rec->server == NULL && ev->server != NULL) {
      rec->server = dc_strdup(ev->server);
      if (rec->server == NULL) {
        st = DC_ENOMEM;
      }
    }
  }
  return st;
}

/* ---- request ------------------------------------------------------------ */

dc_status_t dc_request_create(dc_request_t **out, const char *input)
{
  struct dc_request *req;
  if (out == NULL || input == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  req  = dc_calloc(1, sizeof(*req));
  if (req == NULL) {
    return DC_ENOMEM;
  }
  req->input = dc_strdup(input);
  if (req->input == NULL) {
    dc_free(req);
    return DC_ENOMEM;
  }
  *out = req;
  return DC_OK;
}

void dc_request_destroy(dc_request_t *req)
{
  size_t i;
  if (req == NULL) {
    return;
  }
  for (i = 0; i < req->nev; i++) {
    dc_free(req->ev[i].server);
    dc_free(req->ev[i].data);
  }
  dc_free(req->ev);
  dc_subject_destroy(req->subject);
  dc_free(req->province);
  dc_free(req->input);
  dc_free(req);
}

dc_status_t dc_request_set_subject(dc_request_t       *req,
                                   const dc_subject_t *subject)
{
  struct dc_subject *copy = NULL;
  dc_status_t        st;
  if (req == NULL) {
    return DC_EINVAL;
  }
  if (subject != NULL) {
    st = dc_subject_copy(&copy, subject);
    if (st != DC_OK) {
      return st;
    }
  }
  dc_subject_destroy(req->subject);
  req->subject = copy;
  return DC_OK;
}

dc_status_t dc_request_set_province(dc_request_t *req, const char *name)
{
  char *copy = NULL;
  if (req == NULL) {
    return DC_EINVAL;
  }
  if (name != NULL) {
    copy = dc_strdup(name);
    if (copy == NULL) {
      return DC_ENOMEM;
    }
  }
  dc_free(req->province);
  req->province = copy;
  return DC_OK;
}

void dc_request_set_filing_type(dc_request_t *req, dc_filing_type_t type)
{
  if (req != NULL && (unsigned)type < DC_FILING_COUNT_) {
    req->has_filing_type = true;
    req->filing_type     = type;
  }
}

void dc_request_set_as_of(dc_request_t *req, int64_t unix_time)
{
  if (req != NULL) {
    req->has_as_of = true;
    req->as_of     = unix_time;
  }
}

dc_status_t dc_request_add_evidence(dc_request_t *req, dc_source_t source,
                                    const char *server, const char *data,
                                    size_t len)
{
  struct dc_evidence *nv;
  struct dc_evidence *e;
  if (req == NULL || (data == NULL && len > 0) ||
      (unsigned)source >= DC_SOURCE_COUNT_) {
    return DC_EINVAL;
  }
  if (len > DC_MAX_EVIDENCE) {
    return DC_ETOOBIG;
  }
  nv = dc_realloc(req->ev, (req->nev + 1) * sizeof(*nv));
  if (nv == NULL) {
    return DC_ENOMEM;
  }
  req->ev = nv;
  e       = &req->ev[req->nev];
  memset(e, 0, sizeof(*e));
  e->source = source;
  e->len    = len;
  e->data   = dc_strndup(data == NULL ? "" : data, len);
  e->server = server == NULL ? NULL : dc_strdup(server);
  if (e->data == NULL || (server != NULL && e->server == NULL)) {
    dc_free(e->data);
    dc_free(e->server);
    return DC_ENOMEM;
  }
  req->nev++;
  return DC_OK;
}

dc_status_t dc_request_copy(struct dc_request      **out,
                            const struct dc_request *src)
{
  struct dc_request *r = NULL;
  size_t             i;
  dc_status_t        st;

  *out = NULL;
  st   = dc_request_create(&r, src->input);
  if (st == DC_OK && src->subject != NULL) {
    st = dc_request_set_subject(r, src->subject);
  }
  if (st == DC_OK && src->province != NULL) {
    st = dc_request_set_province(r, src->province);
  }
  for (i = 0; st == DC_OK && i < src->nev; i++) {
    st = dc_request_add_evidence(r, src->ev[i].source, src->ev[i].server,
                                 src->ev[i].data, src->ev[i].len);
  }
  if (st != DC_OK) {
    dc_request_destroy(r);
    return st;
  }
  r->has_filing_type = src->has_filing_type;
  r->filing_type     = src->filing_type;
  r->has_as_of       = src->has_as_of;
  r->as_of           = src->as_of;
  *out               = r;
  return DC_OK;
}
