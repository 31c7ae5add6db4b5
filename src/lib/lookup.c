/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/lookup.c - the lookups of one domain as a sans-I/O state
 *  machine: RDAP, WHOIS with referral, DNS, retries, deadline
 */
#include "lookup.h"

#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "ctx.h"
#include "dns.h"
#include "domain.h"
#include "result.h"
#include "rulesdata.h"
#include "tldlist.h"

/* Tags of the requests one lookup can have out. */
enum {
  TAG_RDAP_REG = 1,
  TAG_RDAP_RAR,
  TAG_WHOIS_REG,
  TAG_WHOIS_RAR,
  TAG_DNS_NS,
  TAG_DNS_A,
  TAG_DNS_AAAA,
  TAG_DNS_WWW,
  TAG_DNS_DS,
  TAG_DNS_TLD, /* sanity probe: the TLD must exist */
  TAG_COUNT_
};

#define RR_A    1
#define RR_NS   2
#define RR_AAAA 28
#define RR_DS   43

#define MAX_RECS        4
#define MAX_RETRIES     3
#define MAX_WHOIS_HOPS  2
#define MAX_OUTBOX      12
#define RATE_BACKOFF_MS 2000

/* Where the registration part of the machine is. */
enum reg_state {
  REG_START,     /* nothing asked yet */
  REG_RDAP,      /* waiting for the registry's RDAP answer */
  REG_RDAP_RAR,  /* waiting for the registrar's RDAP (the related link) */
  REG_WHOIS,     /* waiting for the registry's WHOIS answer */
  REG_WHOIS_RAR, /* waiting for the referral's WHOIS answer */
  REG_DONE       /* decided, or nothing more to ask */
};

struct dc_lookup {
  const struct dc_ctx *ctx;
  struct dc_request   *req; /* own copy */
  struct dc_domain     dom;
  unsigned             lookups;
  bool                 skip; /* invalid or not required: no I/O */
  int64_t              started;
  uint64_t             now_ms;
  uint64_t             deadline_ms;
  int64_t              wall_now;
  enum reg_state       reg;
  unsigned             out; /* bitmask of tags sent, no answer yet */
  struct dc_io_request outbox[MAX_OUTBOX];
  size_t               nout;
  struct dc_record     recs[MAX_RECS];
  enum dc_origin       origins[MAX_RECS];
  size_t               nrecs;
  int                  retries[TAG_COUNT_];
  int                  whois_hops;
  char                *whois_server; /* registry WHOIS server asked */
  bool                 whois_thin;
  char                *failure; /* why no usable record, "; "-joined */
  struct trail {
    dc_source_t    source;
    enum dc_origin origin;
    char          *server;
    char          *error;
  } trail[6]; /* sources asked that gave no usable answer */
  size_t                ntrail;
  struct dc_dns_summary dns;
  unsigned              dns_failed;    /* DNS tags that got no answer */
  enum dc_feed_class    last_class;    /* of the response being fed */
  bool                  resolver_lies; /* denies a TLD that exists */
  struct dc_exchange   *ex;
  size_t                nex;
};

/* ---- small helpers ----------------------------------------------------------
 */

const char *dc_io_kind_name(enum dc_io_kind k)
{
  switch (k) {
    case DC_IOK_DNS:
      return "dns";
    case DC_IOK_RDAP:
      return "rdap";
    case DC_IOK_WHOIS:
      break;
  }
  return "whois";
}

void dc_io_request_clear(struct dc_io_request *r)
{
  dc_free(r->target);
  dc_free(r->query);
  memset(r, 0, sizeof(*r));
}

static dc_status_t note_failure(struct dc_lookup *lk, const char *who,
                                const char *why)
{
  size_t old = lk->failure == NULL ? 0 : strlen(lk->failure);
  size_t add = strlen(who) + strlen(why) + 4;
  char  *n   = dc_realloc(lk->failure, old + add + 1);
  if (n == NULL) {
    return DC_ENOMEM;
  }
  (void)snprintf(n + old, add + 1, "%s%s: %s", old > 0 ? "; " : "", who, why);
  lk->failure = n;
  return DC_OK;
}

static void add_trail(struct dc_lookup *lk, dc_source_t src,
                      enum dc_origin origin, const char *server,
                      const char *why)
{
  struct trail *t;
  if (lk->ntrail == DC_ARRAY_LEN(lk->trail)) {
    return;
  }
  t         = &lk->trail[lk->ntrail];
  t->source = src;
  t->origin = origin;
  t->server = dc_strdup(server);
  t->error  = dc_strdup(why);
  if (t->server == NULL || t->error == NULL) {
    dc_free(t->server);
    dc_free(t->error);
    return; /* the trail is informative: losing an entry is acceptable */
  }
  lk->ntrail++;
}

static const char *status_text(dc_status_t st, const char *error)
{
  if (st == DC_ETIMEOUT) {
    /* Transports time out at the lookup's deadline: say which. */
    return "no answer within the deadline";
  }
  if (error != NULL && error[0] != '\0') {
    return error;
  }
  switch (st) {
    case DC_ENETWORK:
      return "network is unreachable";
    case DC_ENOTFOUND:
      return "server name does not resolve";
    case DC_ERATELIMIT:
      return "rate limited";
    default:
      break;
  }
  return dc_strerror(st);
}

static dc_status_t push_request(struct dc_lookup *lk, enum dc_io_kind kind,
                                unsigned tag, const char *target,
                                const char *query, int rrtype,
                                uint64_t delay_ms)
{
  struct dc_io_request *r;
  if (lk->nout == MAX_OUTBOX || DC_FAILS_ASSERT((lk->out & (1u << tag)) == 0)) {
    return DC_EINTERNAL;
  }
  r = &lk->outbox[lk->nout];
  memset(r, 0, sizeof(*r));
  r->kind     = kind;
  r->tag      = tag;
  r->rrtype   = rrtype;
  r->delay_ms = delay_ms;
  r->target   = dc_strdup(target);
  r->query    = query == NULL ? NULL : dc_strdup(query);
  if (r->target == NULL || (query != NULL && r->query == NULL)) {
    dc_io_request_clear(r);
    return DC_ENOMEM;
  }
  lk->nout++;
  lk->out |= 1u << tag;
  return DC_OK;
}

static dc_status_t log_exchange(struct dc_lookup *lk, unsigned tag,
                                const struct dc_io_response *resp,
                                enum dc_io_kind kind, const char *target,
                                const char *query, int rrtype)
{
  struct dc_exchange *nx;
  struct dc_exchange *x;
  (void)tag;
  nx = dc_realloc(lk->ex, (lk->nex + 1) * sizeof(*nx));
  if (nx == NULL) {
    return DC_ENOMEM;
  }
  lk->ex = nx;
  x      = &lk->ex[lk->nex];
  memset(x, 0, sizeof(*x));
  x->kind        = kind;
  x->rrtype      = rrtype;
  x->st          = resp->st;
  x->http_status = resp->http_status;
  x->retry_after = resp->retry_after;
  x->at          = lk->wall_now;
  x->target      = dc_strdup(target);
  x->query       = query != NULL ? dc_strdup(query) : NULL;
  x->error       = resp->error != NULL ? dc_strdup(resp->error) : NULL;
  x->data        = dc_strndup(resp->data != NULL ? resp->data : "", resp->len);
  x->len         = resp->len;
  lk->nex++;
  if (x->target == NULL || x->data == NULL ||
      (query != NULL && x->query == NULL) ||
      (resp->error != NULL && x->error == NULL)) {
    return DC_ENOMEM;
  }
  return DC_OK;
}

/* Host of a URL or of "host[:port]". */
static void host_of(const char *s, char *out, size_t n)
{
  const char *p = strstr(s, "://");
  size_t      len;
  p = p == NULL ? s : p + 3;
  if (*p == '[') {
    len = strcspn(p, "]");
    len += p[len] == ']' ? 1 : 0;
  } else {
    len = strcspn(p, "/:?#");
  }
  if (len >= n) {
    len = n - 1;
  }
  memcpy(out, p, len);
  out[len] = '\0';
}

static bool time_left(const struct dc_lookup *lk, uint64_t wait_ms)
{
  /* A retry is worth it only with a second to spare after the wait. */
  return lk->now_ms + wait_ms + 1000 < lk->deadline_ms;
}

/* ---- sources
 * ------------------------------------------------------------------ */

static const char *whois_server_for(const struct dc_lookup *lk, bool *thin)
{
  const char *o = dc_ctx_whois_override(lk->ctx, lk->dom.ascii);
  const struct dc_whois_server *w;
  *thin = false;
  if (o != NULL) {
    w     = dc_tldlist_whois_server(lk->ctx->tl, lk->dom.ascii);
    *thin = w != NULL && w->kind == DC_WHOIS_THIN;
    return o;
  }
  w = dc_tldlist_whois_server(lk->ctx->tl, lk->dom.ascii);
  if (w == NULL || (w->kind != DC_WHOIS_THICK && w->kind != DC_WHOIS_THIN)) {
    return NULL;
  }
  *thin = w->kind == DC_WHOIS_THIN;
  return w->host;
}

static dc_status_t start_whois(struct dc_lookup *lk)
{
  bool        thin   = false;
  const char *server = NULL;
  if ((lk->lookups & DC_LOOKUP_WHOIS) != 0) {
    server = whois_server_for(lk, &thin);
  }
  if (server == NULL) {
    lk->reg = REG_DONE;
    return (lk->lookups & DC_LOOKUP_WHOIS) != 0 && lk->nrecs == 0
               ? note_failure(lk, lk->dom.tld_ascii,
                              "no WHOIS server for this suffix")
               : DC_OK;
  }
  dc_free(lk->whois_server);
  lk->whois_server = dc_strdup(server);
  if (lk->whois_server == NULL) {
    return DC_ENOMEM;
  }
  lk->whois_thin = thin;
  lk->reg        = REG_WHOIS;
  return push_request(lk, DC_IOK_WHOIS, TAG_WHOIS_REG, server, lk->dom.ascii, 0,
                      0);
}

static dc_status_t start_rdap(struct dc_lookup *lk)
{
  const struct dc_rdap_service *s;
  char                          url[1024];
  const char                   *base;
  int                           w;

  s = (lk->lookups & DC_LOOKUP_RDAP) != 0
          ? dc_tldlist_rdap(lk->ctx->tl, lk->dom.tld_ascii)
          : NULL;
  if (s == NULL || s->nurls == 0) {
    return start_whois(lk);
  }
  base = s->urls[0];
  /* RFC 9082 section 3.1.3: {base}domain/{name}; base ends with '/'. */
  w = snprintf(url, sizeof(url), "%s%sdomain/%s", base,
               base[strlen(base) - 1] == '/' ? "" : "/", lk->dom.ascii);
  if (w < 0 || (size_t)w >= sizeof(url)) {
    return start_whois(lk);
  }
  lk->reg = REG_RDAP;
  return push_request(lk, DC_IOK_RDAP, TAG_RDAP_REG, url, NULL, 0, 0);
}

/* A TLD the IANA-derived data knows (it has a WHOIS or RDAP service). */
static bool tld_exists(const struct dc_lookup *lk)
{
  return dc_tldlist_rdap(lk->ctx->tl, lk->dom.tld_ascii) != NULL ||
         dc_tldlist_whois_server(lk->ctx->tl, lk->dom.tld_ascii) != NULL;
}

static dc_status_t start_dns(struct dc_lookup *lk)
{
  char        www[300];
  dc_status_t st;
  if ((lk->lookups & DC_LOOKUP_DNS) == 0) {
    return DC_OK;
  }
  lk->dns.ran = true;
  (void)snprintf(www, sizeof(www), "www.%s", lk->dom.ascii);
  st = push_request(lk, DC_IOK_DNS, TAG_DNS_NS, lk->dom.ascii, NULL, RR_NS, 0);
  if (st == DC_OK) {
    st = push_request(lk, DC_IOK_DNS, TAG_DNS_A, lk->dom.ascii, NULL, RR_A, 0);
  }
  if (st == DC_OK) {
    st = push_request(lk, DC_IOK_DNS, TAG_DNS_AAAA, lk->dom.ascii, NULL,
                      RR_AAAA, 0);
  }
  if (st == DC_OK) {
    st = push_request(lk, DC_IOK_DNS, TAG_DNS_WWW, www, NULL, RR_A, 0);
  }
  if (st == DC_OK) {
    st =
        push_request(lk, DC_IOK_DNS, TAG_DNS_DS, lk->dom.ascii, NULL, RR_DS, 0);
  }
  if (st == DC_OK && tld_exists(lk)) {
    /* A resolver that denies .com is no resolver: captive portals and
     * sandboxes answer NXDOMAIN for every name. */
    st = push_request(lk, DC_IOK_DNS, TAG_DNS_TLD, lk->dom.tld_ascii, NULL,
                      RR_NS, 0);
  }
  return st;
}

/* ---- creating
 * ----------------------------------------------------------------------- */

dc_status_t dc_lookup_create(struct dc_lookup **out, const struct dc_ctx *ctx,
                             const struct dc_request *req, unsigned lookups,
                             int64_t now)
{
  struct dc_lookup *lk;
  dc_status_t       st;

  *out = NULL;
  lk   = dc_calloc(1, sizeof(*lk));
  if (lk == NULL) {
    return DC_ENOMEM;
  }
  lk->ctx     = ctx;
  lk->lookups = lookups;
  lk->started = now;
  dc_domain_init(&lk->dom);
  dc_dns_summary_clear(&lk->dns);
  st = dc_request_copy(&lk->req, req);
  if (st == DC_OK && !lk->req->has_as_of) {
    lk->req->has_as_of = true;
    lk->req->as_of     = now;
  }
  if (st == DC_OK) {
    st = dc_domain_parse(&lk->dom, req->input, dc_checks_suffix_cb, ctx->tl);
  }
  if (st != DC_OK) {
    dc_lookup_destroy(lk);
    return st;
  }
  lk->skip = !lk->dom.ok || !dc_checks_verified(ctx, lk->req, &lk->dom);
  lk->reg  = lk->skip ? REG_DONE : REG_START;
  *out     = lk;
  return DC_OK;
}

void dc_lookup_set_clock(struct dc_lookup *lk, uint64_t now_ms,
                         uint64_t deadline_ms, int64_t wall_now)
{
  lk->now_ms      = now_ms;
  lk->deadline_ms = deadline_ms;
  lk->wall_now    = wall_now;
}

void dc_lookup_destroy(struct dc_lookup *lk)
{
  size_t i;
  if (lk == NULL) {
    return;
  }
  for (i = 0; i < lk->nout; i++) {
    dc_io_request_clear(&lk->outbox[i]);
  }
  for (i = 0; i < lk->nrecs; i++) {
    dc_record_clear(&lk->recs[i]);
  }
  for (i = 0; i < lk->nex; i++) {
    dc_free(lk->ex[i].target);
    dc_free(lk->ex[i].query);
    dc_free(lk->ex[i].error);
    dc_free(lk->ex[i].data);
  }
  dc_free(lk->ex);
  for (i = 0; i < lk->ntrail; i++) {
    dc_free(lk->trail[i].server);
    dc_free(lk->trail[i].error);
  }
  dc_free(lk->whois_server);
  dc_free(lk->failure);
  dc_dns_summary_clear(&lk->dns);
  dc_domain_clear(&lk->dom);
  dc_request_destroy(lk->req);
  dc_free(lk);
}

size_t dc_lookup_take(struct dc_lookup *lk, struct dc_io_request *out,
                      size_t max)
{
  size_t n = 0;
  size_t i;
  if (lk->reg == REG_START) {
    /* First call: registration and DNS start together. A failure to
     * queue (ENOMEM) ends the lookup with what it has. */
    if (start_dns(lk) != DC_OK || start_rdap(lk) != DC_OK) {
      lk->reg = REG_DONE;
    }
  }
  while (n < max && n < lk->nout) {
    out[n] = lk->outbox[n];
    n++;
  }
  for (i = n; i < lk->nout; i++) {
    lk->outbox[i - n] = lk->outbox[i];
  }
  lk->nout -= n;
  return n;
}

/* ---- consuming
 * ----------------------------------------------------------------------- */

static dc_status_t parse_into(struct dc_lookup *lk, dc_source_t src,
                              const char                  *server,
                              const struct dc_io_response *resp,
                              enum dc_origin origin, struct dc_record *rec)
{
  struct dc_evidence ev;
  memset(&ev, 0, sizeof(ev));
  ev.source = src;
  ev.server = (char *)(uintptr_t)server; /* read only */
  ev.data   = (char *)(uintptr_t)(resp->data != NULL ? resp->data : "");
  ev.len    = resp->len;
  dc_record_init(rec);
  return dc_ctx_parse_evidence(lk->ctx, &ev, origin, lk->dom.ascii, rec);
}

static dc_status_t keep_record(struct dc_lookup *lk, struct dc_record *rec,
                               enum dc_origin origin)
{
  if (lk->nrecs == MAX_RECS) {
    dc_record_clear(rec);
    return DC_OK;
  }
  lk->recs[lk->nrecs]    = *rec;
  lk->origins[lk->nrecs] = origin;
  lk->nrecs++;
  dc_record_init(rec);
  return DC_OK;
}

static dc_status_t synth_record(struct dc_lookup *lk, enum dc_answer a,
                                dc_source_t src, const char *server)
{
  struct dc_record rec;
  dc_record_init(&rec);
  rec.answer = a;
  rec.source = src;
  rec.server = dc_strdup(server);
  if (rec.server == NULL) {
    return DC_ENOMEM;
  }
  return keep_record(lk, &rec, DC_ORIGIN_REGISTRY);
}

/* After the registry's RDAP failed: WHOIS if we may, else keep the
 * failure (or a record saying why). */
static dc_status_t rdap_fallback(struct dc_lookup *lk, const char *host,
                                 const char *why)
{
  dc_status_t st = note_failure(lk, host, why);
  add_trail(lk, DC_SOURCE_RDAP, DC_ORIGIN_REGISTRY, host, why);
  if (st == DC_OK) {
    st = start_whois(lk);
  }
  return st;
}

static dc_status_t on_rdap_registry(struct dc_lookup            *lk,
                                    const struct dc_io_response *resp,
                                    const char                  *url)
{
  char             host[256];
  char             why[96];
  struct dc_record rec;
  dc_status_t      st;

  host_of(url, host, sizeof(host));
  if (resp->st == DC_ERATELIMIT) {
    st = note_failure(lk, host, status_text(resp->st, resp->error));
    if (st == DC_OK) {
      st = start_whois(lk);
    }
    if (st == DC_OK && lk->reg == REG_DONE && lk->nrecs == 0) {
      st = synth_record(lk, DC_ANSWER_RATE_LIMITED, DC_SOURCE_RDAP, host);
    }
    return st;
  }
  if (resp->st != DC_OK) {
    return rdap_fallback(lk, host, status_text(resp->st, resp->error));
  }
  if (resp->http_status == 404) {
    /* The bootstrap's server is authoritative for the TLD (rule 13). */
    lk->last_class = DC_FEED_USABLE;
    lk->reg        = REG_DONE;
    return synth_record(lk, DC_ANSWER_NOT_FOUND, DC_SOURCE_RDAP, host);
  }
  if (resp->http_status == 429) {
    uint64_t wait;
    lk->last_class = DC_FEED_RATE_LIMITED;
    wait           = resp->retry_after >= 0 ? (uint64_t)resp->retry_after * 1000
                                            : RATE_BACKOFF_MS;
    if (lk->retries[TAG_RDAP_REG] < MAX_RETRIES && time_left(lk, wait)) {
      lk->retries[TAG_RDAP_REG]++;
      return push_request(lk, DC_IOK_RDAP, TAG_RDAP_REG, url, NULL, 0, wait);
    }
    st = note_failure(lk, host, "rate limited (HTTP 429)");
    if (st == DC_OK) {
      st = start_whois(lk);
    }
    if (st == DC_OK && lk->reg == REG_DONE && lk->nrecs == 0) {
      st = synth_record(lk, DC_ANSWER_RATE_LIMITED, DC_SOURCE_RDAP, host);
    }
    return st;
  }
  if (resp->http_status != 200) {
    (void)snprintf(why, sizeof(why), "HTTP %ld", resp->http_status);
    return rdap_fallback(lk, host, why);
  }
  st = parse_into(lk, DC_SOURCE_RDAP, host, resp, DC_ORIGIN_REGISTRY, &rec);
  if (st != DC_OK) {
    return st;
  }
  if (rec.answer == DC_ANSWER_REGISTERED || rec.answer == DC_ANSWER_NOT_FOUND ||
      rec.answer == DC_ANSWER_RESERVED) {
    bool follow;
    lk->last_class = DC_FEED_USABLE;
    follow = rec.answer == DC_ANSWER_REGISTERED && rec.registrar_rdap != NULL &&
             strncmp(rec.registrar_rdap, "http", 4) == 0;
    char rar[1024];
    if (follow) {
      /* The registrar's link may be the domain object itself or a base. */
      const char *l = rec.registrar_rdap;
      if (strstr(l, "/domain/") != NULL) {
        (void)snprintf(rar, sizeof(rar), "%s", l);
      } else {
        (void)snprintf(rar, sizeof(rar), "%s%sdomain/%s", l,
                       l[strlen(l) - 1] == '/' ? "" : "/", lk->dom.ascii);
      }
    }
    st = keep_record(lk, &rec, DC_ORIGIN_REGISTRY);
    if (st == DC_OK && follow) {
      lk->reg = REG_RDAP_RAR;
      return push_request(lk, DC_IOK_RDAP, TAG_RDAP_RAR, rar, NULL, 0, 0);
    }
    lk->reg = REG_DONE;
    return st;
  }
  /* Rate-limited or not understood: try WHOIS; keep this record only if
   * nothing better comes. */
  (void)snprintf(why, sizeof(why), "%s answer", dc_answer_name(rec.answer));
  st = rdap_fallback(lk, host, rec.detail != NULL ? rec.detail : why);
  if (st == DC_OK && lk->reg == REG_DONE && lk->nrecs == 0) {
    st = keep_record(lk, &rec, DC_ORIGIN_REGISTRY);
  }
  dc_record_clear(&rec);
  return st;
}

static dc_status_t on_rdap_registrar(struct dc_lookup            *lk,
                                     const struct dc_io_response *resp,
                                     const char                  *url)
{
  char             host[256];
  struct dc_record rec;
  dc_status_t      st = DC_OK;

  lk->reg = REG_DONE;
  host_of(url, host, sizeof(host));
  if (resp->st != DC_OK || resp->http_status != 200) {
    /* The registry's answer stands; the registrar's extras are missing,
     * and the trail says so. */
    char why[96];
    if (resp->st == DC_OK) {
      (void)snprintf(why, sizeof(why), "HTTP %ld", resp->http_status);
    }
    add_trail(lk, DC_SOURCE_RDAP, DC_ORIGIN_REGISTRAR, host,
              resp->st == DC_OK ? why : status_text(resp->st, resp->error));
    return DC_OK;
  }
  st = parse_into(lk, DC_SOURCE_RDAP, host, resp, DC_ORIGIN_REGISTRAR, &rec);
  if (st == DC_OK && rec.answer == DC_ANSWER_REGISTERED) {
    lk->last_class = DC_FEED_USABLE;
    st             = keep_record(lk, &rec, DC_ORIGIN_REGISTRAR);
  }
  dc_record_clear(&rec);
  return st;
}

/* The referral of a WHOIS answer, if it should be followed. */
static bool referral(const struct dc_lookup *lk, const struct dc_record *rec,
                     const char *asked, char *out, size_t n)
{
  char a[256];
  if (rec->answer != DC_ANSWER_REGISTERED || rec->registrar_whois == NULL ||
      lk->whois_hops >= MAX_WHOIS_HOPS) {
    return false;
  }
  /* Thin registries always refer; a thick one only when it shows no
   * registrant at all. */
  if (!lk->whois_thin && (rec->registrant_name != NULL ||
                          rec->registrant_org != NULL || rec->redacted)) {
    return false;
  }
  host_of(rec->registrar_whois, out, n);
  host_of(asked, a, sizeof(a));
  return out[0] != '\0' && strchr(out, '.') != NULL && strcmp(out, a) != 0;
}

static dc_status_t on_whois(struct dc_lookup *lk, unsigned tag,
                            const struct dc_io_response *resp,
                            const char                  *server)
{
  bool             registry = tag == TAG_WHOIS_REG;
  struct dc_record rec;
  char             next[256];
  dc_status_t      st;

  if (resp->st == DC_ERATELIMIT && registry) {
    lk->reg = REG_DONE;
    return synth_record(lk, DC_ANSWER_RATE_LIMITED, DC_SOURCE_WHOIS, server);
  }
  if (resp->st != DC_OK) {
    const char *why = resp->st == DC_ETOOBIG
                          ? "reply over 1 MiB"
                          : status_text(resp->st, resp->error);
    lk->reg         = REG_DONE;
    add_trail(lk, DC_SOURCE_WHOIS,
              registry ? DC_ORIGIN_REGISTRY : DC_ORIGIN_REGISTRAR, server, why);
    if (!registry) {
      return DC_OK; /* the registry's answer stands */
    }
    return note_failure(lk, server, why);
  }
  st = parse_into(lk, DC_SOURCE_WHOIS, server, resp,
                  registry ? DC_ORIGIN_REGISTRY : DC_ORIGIN_REGISTRAR, &rec);
  if (st != DC_OK) {
    return st;
  }
  if (rec.answer == DC_ANSWER_REGISTERED || rec.answer == DC_ANSWER_NOT_FOUND ||
      rec.answer == DC_ANSWER_RESERVED) {
    lk->last_class = DC_FEED_USABLE;
  }
  if (rec.answer == DC_ANSWER_RATE_LIMITED) {
    uint64_t wait  = (uint64_t)RATE_BACKOFF_MS << lk->retries[tag];
    lk->last_class = DC_FEED_RATE_LIMITED;
    if (lk->retries[tag] < MAX_RETRIES && time_left(lk, wait)) {
      lk->retries[tag]++;
      dc_record_clear(&rec);
      return push_request(lk, DC_IOK_WHOIS, tag, server, lk->dom.ascii, 0,
                          wait);
    }
  }
  if (!registry && rec.answer != DC_ANSWER_REGISTERED) {
    lk->reg = REG_DONE;
    dc_record_clear(&rec);
    return DC_OK;
  }
  if (referral(lk, &rec, server, next, sizeof(next))) {
    lk->whois_hops++;
    st = keep_record(lk, &rec,
                     registry ? DC_ORIGIN_REGISTRY : DC_ORIGIN_REGISTRAR);
    if (st == DC_OK) {
      lk->reg = REG_WHOIS_RAR;
      if ((lk->out & (1u << TAG_WHOIS_RAR)) == 0) {
        st = push_request(lk, DC_IOK_WHOIS, TAG_WHOIS_RAR, next, lk->dom.ascii,
                          0, 0);
      }
    }
    return st;
  }
  lk->reg = REG_DONE;
  return keep_record(lk, &rec,
                     registry ? DC_ORIGIN_REGISTRY : DC_ORIGIN_REGISTRAR);
}

static void on_dns(struct dc_lookup *lk, unsigned tag,
                   const struct dc_io_response *resp)
{
  struct dc_dns_answer a;
  int                  type = tag == TAG_DNS_NS     ? RR_NS
                              : tag == TAG_DNS_AAAA ? RR_AAAA
                              : tag == TAG_DNS_DS   ? RR_DS
                                                    : RR_A;
  memset(&a, 0, sizeof(a));
  if (resp->st != DC_OK || dc_dns_parse((const unsigned char *)resp->data,
                                        resp->len, type, &a) != DC_OK) {
    lk->dns_failed |= 1u << tag;
    if (lk->dns.error == NULL) {
      lk->dns.error = dc_strdup(
          status_text(resp->st == DC_OK ? DC_EFORMAT : resp->st, resp->error));
    }
    dc_dns_answer_clear(&a);
    return;
  }
  if (a.rcode == 2 || a.rcode == 5) {
    /* SERVFAIL / REFUSED: the server did not answer the question. */
    lk->dns_failed |= 1u << tag;
    if (lk->dns.error == NULL) {
      lk->dns.error = dc_strdup(a.rcode == 2 ? "SERVFAIL" : "REFUSED");
    }
    dc_dns_answer_clear(&a);
    return;
  }
  if (tag == TAG_DNS_TLD) {
    lk->resolver_lies = a.rcode == 3;
    lk->last_class    = a.rcode == 0 ? DC_FEED_USABLE : DC_FEED_OTHER;
    dc_dns_answer_clear(&a);
    return;
  }
  lk->dns.answered = true;
  lk->last_class   = DC_FEED_USABLE;
  switch (tag) {
    case TAG_DNS_NS:
      lk->dns.nxdomain  = a.rcode == 3;
      lk->dns.delegated = a.rcode == 0 && a.names.n > 0;
      if (lk->dns.delegated) {
        size_t i;
        for (i = 0; i < a.names.n && i < 16; i++) {
          if (dc_strlist_push(&lk->dns.ns, a.names.v[i]) != DC_OK) {
            break;
          }
        }
      }
      break;
    case TAG_DNS_A:
      lk->dns.has_a = a.rcode == 0 && a.n_answer > 0;
      break;
    case TAG_DNS_AAAA:
      lk->dns.has_aaaa = a.rcode == 0 && a.n_answer > 0;
      break;
    case TAG_DNS_WWW:
      lk->dns.www = a.rcode == 0 && a.n_answer > 0;
      break;
    case TAG_DNS_DS:
      lk->dns.signed_zone = a.rcode == 0 ? (a.n_answer > 0 ? 1 : 0) : -1;
      break;
    default:
      break;
  }
  dc_dns_answer_clear(&a);
}

dc_status_t dc_lookup_feed(struct dc_lookup *lk, unsigned tag,
                           const struct dc_io_response *resp,
                           const struct dc_io_request  *req,
                           enum dc_feed_class          *cls)
{
  dc_status_t st = DC_OK;
  lk->last_class = DC_FEED_OTHER;
  if (cls != NULL) {
    *cls = DC_FEED_OTHER;
  }
  if (tag >= TAG_COUNT_ || (lk->out & (1u << tag)) == 0) {
    return DC_OK; /* late, or unknown: ignored */
  }
  lk->out &= ~(1u << tag);
  st = log_exchange(lk, tag, resp, req->kind, req->target, req->query,
                    req->rrtype);
  if (st != DC_OK) {
    return st;
  }
  switch (tag) {
    case TAG_RDAP_REG:
      st = on_rdap_registry(lk, resp, req->target);
      break;
    case TAG_RDAP_RAR:
      st = on_rdap_registrar(lk, resp, req->target);
      break;
    case TAG_WHOIS_REG:
    case TAG_WHOIS_RAR:
      st = on_whois(lk, tag, resp, req->target);
      break;
    default:
      on_dns(lk, tag, resp);
      break;
  }
  if (st != DC_OK) {
    lk->reg = REG_DONE;
  }
  if (cls != NULL && resp->st == DC_OK) {
    *cls = lk->last_class;
  }
  return st;
}

dc_status_t dc_lookup_note(struct dc_lookup *lk, const char *who,
                           const char *why)
{
  return note_failure(lk, who, why);
}

void dc_lookup_expire(struct dc_lookup *lk, const char *why)
{
  unsigned tag;
  for (tag = 1; tag < TAG_COUNT_; tag++) {
    if ((lk->out & (1u << tag)) == 0) {
      continue;
    }
    if (tag >= TAG_DNS_NS) {
      lk->dns_failed |= 1u << tag;
      if (lk->dns.error == NULL) {
        lk->dns.error = dc_strdup(why);
      }
    } else if (lk->nrecs == 0 || tag == TAG_RDAP_REG || tag == TAG_WHOIS_REG) {
      (void)note_failure(lk, "lookup", why);
    }
  }
  lk->out = 0;
  for (tag = 0; tag < lk->nout; tag++) {
    dc_io_request_clear(&lk->outbox[tag]);
  }
  lk->nout = 0;
  lk->reg  = REG_DONE;
}

bool dc_lookup_done(const struct dc_lookup *lk)
{
  return lk->out == 0 && lk->nout == 0 && lk->reg != REG_START &&
         (lk->reg == REG_DONE || lk->skip);
}

size_t dc_lookup_outstanding(const struct dc_lookup *lk)
{
  size_t   n = 0;
  unsigned t;
  for (t = 1; t < TAG_COUNT_; t++) {
    n += (lk->out & (1u << t)) != 0 ? 1 : 0;
  }
  return n;
}

/* When the resolver denies a TLD that exists, nothing it said counts, and
 * the lookups failed for want of a network, whatever their own errors. */
static dc_status_t distrust_resolver(struct dc_lookup *lk)
{
  char why[160];
  (void)snprintf(why, sizeof(why),
                 "network is unreachable (the DNS resolver says even .%s "
                 "does not exist)",
                 lk->dom.tld_ascii);
  lk->dns.answered  = false;
  lk->dns.delegated = false;
  dc_free(lk->dns.error);
  lk->dns.error = dc_strdup(why);
  if (lk->dns.error == NULL) {
    return DC_ENOMEM;
  }
  if (lk->nrecs == 0 && lk->failure != NULL) {
    char  *old  = lk->failure;
    size_t n    = strlen(why) + strlen(old) + 3;
    lk->failure = dc_malloc(n);
    if (lk->failure == NULL) {
      lk->failure = old;
      return DC_ENOMEM;
    }
    (void)snprintf(lk->failure, n, "%s; %s", why, old);
    dc_free(old);
  }
  return DC_OK;
}

dc_status_t dc_lookup_finish(struct dc_lookup *lk, struct dc_result **out)
{
  struct dc_result *res = NULL;
  size_t            i;
  dc_status_t       st;

  *out = NULL;
  st   = lk->resolver_lies ? distrust_resolver(lk) : DC_OK;
  if (st == DC_OK) {
    st = dc_result_new(&res, lk->req->input);
  }
  if (st == DC_OK) {
    st = dc_domain_parse(&res->dom, lk->req->input, dc_checks_suffix_cb,
                         lk->ctx->tl);
  }
  if (st == DC_OK) {
    st =
        dc_verify_build(lk->ctx, lk->req, res, lk->recs, lk->origins, lk->nrecs,
                        lk->failure != NULL ? lk->failure
                        : lk->skip          ? NULL
                                            : "no source could be asked",
                        &lk->dns);
  }
  for (i = 0; st == DC_OK && i < lk->ntrail; i++) {
    st = dc_result_add_failed_source(res, lk->trail[i].source,
                                     lk->trail[i].server, lk->trail[i].origin,
                                     lk->trail[i].error);
  }
  if (st == DC_OK) {
    *out = res;
    res  = NULL;
  }
  dc_result_destroy(res);
  return st;
}

size_t dc_lookup_exchange_count(const struct dc_lookup *lk)
{
  return lk->nex;
}

const struct dc_exchange *dc_lookup_exchange(const struct dc_lookup *lk,
                                             size_t                  i)
{
  return i < lk->nex ? &lk->ex[i] : NULL;
}

const char *dc_lookup_domain(const struct dc_lookup *lk)
{
  return lk->dom.ok ? lk->dom.ascii : "";
}

int64_t dc_lookup_started(const struct dc_lookup *lk)
{
  return lk->started;
}
