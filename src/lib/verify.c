/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/verify.c - dc_check(): judge a request from the evidence it
 *  carries; merging registry and registrar records
 */
#include "checks.h"

#include <string.h>

#include "ctx.h"
#include "text.h"

static bool decisive(enum dc_answer a)
{
  return a == DC_ANSWER_REGISTERED || a == DC_ANSWER_NOT_FOUND ||
         a == DC_ANSWER_RESERVED;
}

static dc_status_t fill_str(char **dst, const char *a, const char *b,
                            const char *field, struct dc_strlist *dis,
                            bool names)
{
  const char *v = a != NULL ? a : b;
  if (a != NULL && b != NULL && dis != NULL) {
    bool same = names ? dc_name_equal(a, b) : strcmp(a, b) == 0;
    if (!same && !dc_strlist_contains(dis, field)) {
      dc_status_t st = dc_strlist_push(dis, field);
      if (st != DC_OK) {
        return st;
      }
    }
  }
  dc_free(*dst);
  *dst = NULL;
  if (v != NULL) {
    *dst = dc_strdup(v);
    if (*dst == NULL) {
      return DC_ENOMEM;
    }
  }
  return DC_OK;
}

static bool lists_same_set(const struct dc_strlist *a,
                           const struct dc_strlist *b)
{
  size_t i;
  if (a->n != b->n) {
    return false;
  }
  for (i = 0; i < a->n; i++) {
    if (!dc_strlist_contains(b, a->v[i])) {
      return false;
    }
  }
  return true;
}

static dc_status_t copy_list(struct dc_strlist       *dst,
                             const struct dc_strlist *src)
{
  size_t i;
  dc_strlist_clear(dst);
  for (i = 0; i < src->n; i++) {
    dc_status_t st = dc_strlist_push(dst, src->v[i]);
    if (st != DC_OK) {
      return st;
    }
  }
  return DC_OK;
}

static dc_status_t note(struct dc_strlist *dis, const char *field)
{
  if (dis == NULL || dc_strlist_contains(dis, field)) {
    return DC_OK;
  }
  return dc_strlist_push(dis, field);
}

/* Two instants are "the same" date when within a day of each other:
 * registries and registrars print the same event in different zones. */
static bool times_differ(const struct dc_time *a, const struct dc_time *b)
{
  int64_t d;
  if (a->kind == DC_TIME_NONE || b->kind == DC_TIME_NONE) {
    return false;
  }
  d = a->secs - b->secs;
  return d > 86400 + 14 * 3600 || d < -(86400 + 14 * 3600);
}

dc_status_t dc_record_merge(struct dc_record *out, const struct dc_record *reg,
                            const struct dc_record *rar, struct dc_strlist *dis)
{
  dc_status_t st;
  bool        reg_has_registrant;

  st = dc_record_copy(out, reg);
  if (st != DC_OK || rar == NULL) {
    return st;
  }
  if (!decisive(reg->answer) && decisive(rar->answer)) {
    out->answer = rar->answer;
  }
  if (rar->answer != DC_ANSWER_REGISTERED) {
    return DC_OK; /* nothing to fill from a registrar's non-answer */
  }
  st = fill_str(&out->registrar_name, reg->registrar_name, rar->registrar_name,
                "registrar", dis, true);
  if (st == DC_OK && reg->registrar_iana_id >= 0 &&
      rar->registrar_iana_id >= 0 &&
      reg->registrar_iana_id != rar->registrar_iana_id) {
    st = note(dis, "registrar");
  }
  if (out->registrar_iana_id < 0) {
    out->registrar_iana_id = rar->registrar_iana_id;
  }
  if (st == DC_OK) {
    st = fill_str(&out->registrar_whois, reg->registrar_whois,
                  rar->registrar_whois, "registrar_whois", NULL, false);
  }
  if (out->created.kind == DC_TIME_NONE) {
    out->created = rar->created;
  } else if (st == DC_OK && times_differ(&reg->created, &rar->created)) {
    st = note(dis, "created");
  }
  if (out->updated.kind == DC_TIME_NONE) {
    out->updated = rar->updated;
  }
  /* A registrar reply may repeat the registry expiry ("Registry Expiry
   * Date"); its own expiry is registrar_expires. */
  if (out->expires.kind == DC_TIME_NONE) {
    out->expires = rar->expires;
  } else if (st == DC_OK && times_differ(&reg->expires, &rar->expires)) {
    st = note(dis, "expires");
  }
  if (out->registrar_expires.kind == DC_TIME_NONE) {
    out->registrar_expires = rar->registrar_expires;
  }
  if (st == DC_OK && out->status.n == 0) {
    st = copy_list(&out->status, &rar->status);
  }
  if (st == DC_OK && out->name_servers.n == 0) {
    st = copy_list(&out->name_servers, &rar->name_servers);
  } else if (st == DC_OK && rar->name_servers.n > 0 &&
             !lists_same_set(&reg->name_servers, &rar->name_servers)) {
    st = note(dis, "name_servers");
  }
  if (out->dnssec < 0) {
    out->dnssec = rar->dnssec;
  }
  /* Registrant: thin registries show none, the registrar fills it. */
  reg_has_registrant = reg->registrant_name != NULL ||
                       reg->registrant_org != NULL || reg->redacted;
  if (st == DC_OK && !reg_has_registrant) {
    st = fill_str(&out->registrant_name, NULL, rar->registrant_name, "", NULL,
                  false);
    if (st == DC_OK) {
      st = fill_str(&out->registrant_org, NULL, rar->registrant_org, "", NULL,
                    false);
    }
    out->redacted = rar->redacted;
  } else if (st == DC_OK && !reg->redacted && !rar->redacted &&
             ((reg->registrant_name != NULL && rar->registrant_name != NULL &&
               !dc_name_equal(reg->registrant_name, rar->registrant_name)) ||
              (reg->registrant_org != NULL && rar->registrant_org != NULL &&
               !dc_name_equal(reg->registrant_org, rar->registrant_org)))) {
    st = note(dis, "registrant");
  }
  return st;
}

/* Host of a URL ("https://rdap.verisign.com/com/v1/"), into buf. */
static const char *url_host(const char *url, char *buf, size_t n)
{
  const char *p = strstr(url, "://");
  size_t      len;
  p   = p == NULL ? url : p + 3;
  len = strcspn(p, "/:?#");
  if (len >= n) {
    len = n - 1;
  }
  memcpy(buf, p, len);
  buf[len] = '\0';
  return buf;
}

/* Is ev's named server the registry's for this domain (tld-list WHOIS
 * server or --whois-server, or an RDAP bootstrap host)? */
static bool is_registry_server(const struct dc_ctx      *ctx,
                               const struct dc_domain   *d,
                               const struct dc_evidence *ev)
{
  char        a[256];
  char        b[256];
  const char *o;
  size_t      i;
  url_host(ev->server, a, sizeof(a));
  if (ev->source == DC_SOURCE_WHOIS) {
    const struct dc_whois_server *w =
        dc_tldlist_whois_server(ctx->tl, d->ascii);
    o = dc_ctx_whois_override(ctx, d->ascii);
    if (o != NULL) {
      url_host(o, b, sizeof(b));
      if (strcmp(a, b) == 0) {
        return true;
      }
    }
    if (w != NULL && w->host != NULL) {
      url_host(w->host, b, sizeof(b));
      return strcmp(a, b) == 0;
    }
    return false;
  }
  {
    const struct dc_rdap_service *s = dc_tldlist_rdap(ctx->tl, d->tld_ascii);
    for (i = 0; s != NULL && i < s->nurls; i++) {
      url_host(s->urls[i], b, sizeof(b));
      if (strcmp(a, b) == 0) {
        return true;
      }
    }
  }
  return false;
}

static const char *evidence_server(const struct dc_ctx      *ctx,
                                   const struct dc_domain   *d,
                                   const struct dc_evidence *ev,
                                   const struct dc_record *registry, char *host,
                                   size_t hostlen)
{
  if (registry != NULL) {
    if (ev->source == DC_SOURCE_WHOIS) {
      return registry->registrar_whois;
    }
    return registry->registrar_rdap == NULL
               ? NULL
               : url_host(registry->registrar_rdap, host, hostlen);
  }
  if (ev->source == DC_SOURCE_WHOIS) {
    const struct dc_whois_server *w =
        dc_tldlist_whois_server(ctx->tl, d->ascii);
    return w == NULL ? NULL : w->host;
  } else {
    const struct dc_rdap_service *s = dc_tldlist_rdap(ctx->tl, d->tld_ascii);
    return s == NULL || s->nurls == 0 ? NULL
                                      : url_host(s->urls[0], host, hostlen);
  }
}

void dc_dns_summary_clear(struct dc_dns_summary *s)
{
  dc_free(s->error);
  dc_strlist_clear(&s->ns);
  memset(s, 0, sizeof(*s));
  s->signed_zone = -1;
}

dc_status_t dc_verify_build(const struct dc_ctx     *ctx,
                            const struct dc_request *req, struct dc_result *res,
                            const struct dc_record *recs,
                            const enum dc_origin *origins, size_t n,
                            const char                  *failure,
                            const struct dc_dns_summary *dns)
{
  struct dc_record merged;
  struct dc_record failed;
  size_t           i;
  dc_status_t      st = DC_OK;

  dc_record_init(&merged);
  dc_record_init(&failed);
  for (i = 0; i < n && st == DC_OK; i++) {
    if (res->nsources < DC_ARRAY_LEN(res->sources)) {
      struct dc_result_source *src = &res->sources[res->nsources++];
      src->source                  = recs[i].source;
      src->origin                  = origins[i];
      src->answer                  = recs[i].answer;
      if (recs[i].server != NULL) {
        src->server = dc_strdup(recs[i].server);
        if (src->server == NULL) {
          st = DC_ENOMEM;
          break;
        }
      }
    }
    if (i == 0) {
      st = dc_record_copy(&merged, &recs[0]);
    } else {
      struct dc_record tmp;
      dc_record_init(&tmp);
      st = dc_record_merge(&tmp, &merged, &recs[i], &res->disagreements);
      dc_record_clear(&merged);
      merged = tmp;
    }
  }
  if (st != DC_OK) {
    goto done;
  }
  if (n > 0) {
    res->has_record = true;
    st              = dc_record_copy(&res->record, &merged);
  } else if (failure != NULL) {
    /* No usable reply: the reason goes to `registered`. */
    failed.answer = DC_ANSWER_NONE;
    failed.detail = dc_strdup(failure);
    if (failed.detail == NULL) {
      st = DC_ENOMEM;
    }
  }
  if (st == DC_OK) {
    st = dc_checks_evaluate(ctx, req,
                            n > 0             ? &merged
                            : failure != NULL ? &failed
                                              : NULL,
                            res);
  }
  if (st == DC_OK) {
    st = dc_checks_dns(ctx, req, dns, res);
  }
done:
  dc_record_clear(&merged);
  dc_record_clear(&failed);
  return st;
}

dc_status_t dc_check(dc_ctx_t *ctx, const dc_request_t *req, dc_result_t **out)
{
  struct dc_result *res     = NULL;
  struct dc_record *recs    = NULL;
  enum dc_origin   *origins = NULL;
  char              host[256];
  size_t            i;
  dc_status_t       st;

  if (ctx == NULL || req == NULL || out == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  st   = dc_result_new(&res, req->input);
  if (st != DC_OK) {
    return st;
  }
  st = dc_domain_parse(&res->dom, req->input, dc_checks_suffix_cb, ctx->tl);
  if (st != DC_OK) {
    goto done;
  }
  if (req->nev > 0) {
    recs    = dc_calloc(req->nev, sizeof(*recs));
    origins = dc_calloc(req->nev, sizeof(*origins));
    if (recs == NULL || origins == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  for (i = 0; i < req->nev; i++) {
    struct dc_evidence ev    = req->ev[i];
    enum dc_origin     parse = DC_ORIGIN_UNKNOWN;
    dc_record_init(&recs[i]);
    origins[i] = i == 0 ? DC_ORIGIN_REGISTRY : DC_ORIGIN_REGISTRAR;
    if (ev.server != NULL) {
      /* Named: the registry's own server, or leave it to the content. */
      parse = res->dom.ok && is_registry_server(ctx, &res->dom, &ev)
                  ? DC_ORIGIN_REGISTRY
                  : DC_ORIGIN_UNKNOWN;
    } else if (res->dom.ok) {
      /* Not named: a thick WHOIS registry answers for its domains alone
       * (CNNIC: its Beijing times); otherwise a reply may be the
       * registry's or a registrar's, and the parser tells from its
       * content (labels, self links, referrals). */
      const struct dc_whois_server *w =
          ev.source == DC_SOURCE_WHOIS
              ? dc_tldlist_whois_server(ctx->tl, res->dom.ascii)
              : NULL;
      if (i == 0 && w != NULL && w->kind == DC_WHOIS_THICK) {
        ev.server = w->host;
        parse     = DC_ORIGIN_REGISTRY;
      } else if (i > 0) {
        ev.server = (char *)(uintptr_t)evidence_server(
            ctx, &res->dom, &ev, &recs[0], host, sizeof(host));
      }
    }
    st = dc_ctx_parse_evidence(ctx, &ev, parse,
                               res->dom.ok ? res->dom.ascii : NULL, &recs[i]);
    if (st != DC_OK) {
      goto done;
    }
  }
  /* Judged from the replies in hand: no DNS lookup is made. */
  st = dc_verify_build(ctx, req, res, recs, origins, req->nev, NULL, NULL);
  if (st == DC_OK) {
    *out = res;
    res  = NULL;
  }
done:
  for (i = 0; recs != NULL && i < req->nev; i++) {
    dc_record_clear(&recs[i]);
  }
  dc_free(recs);
  dc_free(origins);
  dc_result_destroy(res);
  return st;
}
