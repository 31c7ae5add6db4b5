/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/checks.c - the rules engine: from request, record and rule data
 *  to one outcome per check and the verdict (rules.md sections 1-3, 6)
 */
#include "checks.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctx.h"
#include "domain.h"
#include "msg.h"
#include "rulesdata.h"
#include "text.h"
#include "timeutil.h"

#define DAY 86400

struct eval {
  const struct dc_ctx     *ctx;
  const struct dc_rules   *rules;
  const struct dc_policy  *pol;
  const struct dc_request *req;
  struct dc_result        *res;
  const struct dc_subject *subj;
  unsigned                 applies;  /* DC_APPLIES_P/O of the subject, or 0 */
  int                      prov;     /* index into rules->prov, -1 none */
  bool                     prov_bad; /* subject names an unknown province */
  int64_t                  now;
  const struct dc_record  *rec; /* merged record, NULL without evidence */
  bool                     registered;
  const struct dc_domain_owner *cert; /* real-name record of this domain */
  size_t                        new_domains;
};

/* ---- helpers ----------------------------------------------------------------
 */

/* {province}: 河南 in Chinese, "Henan (河南)" in English. */
static void prov_arg(struct dc_findings *fs, struct dc_finding *f,
                     const struct eval *e)
{
  char en[96];
  if (e->prov < 0) {
    dc_finding_arg(fs, f, "province", "");
    return;
  }
  (void)snprintf(en, sizeof(en), "%s (%s)", e->rules->prov[e->prov].pinyin,
                 e->rules->prov[e->prov].name_zh);
  if (en[0] >= 'a' && en[0] <= 'z') {
    en[0] = (char)(en[0] - 32);
  }
  dc_finding_arg2(fs, f, "province", e->rules->prov[e->prov].name_zh, en);
}

/* Province rules of kind k that apply to this filing. Rules for P or O
 * only apply when the subject's type is known. */
static const struct dc_prov_rule *prule_next(const struct eval *e,
                                             enum dc_prov_kind k, size_t *iter)
{
  while (e->prov >= 0 && *iter < e->rules->nrules) {
    const struct dc_prov_rule *pr = &e->rules->rules[(*iter)++];
    if (pr->prov != e->prov || pr->kind != k) {
      continue;
    }
    if (pr->applies != DC_APPLIES_ALL && (pr->applies & e->applies) == 0) {
      continue;
    }
    return pr;
  }
  return NULL;
}

static const struct dc_prov_rule *prule(const struct eval *e,
                                        enum dc_prov_kind  k)
{
  size_t it = 0;
  return prule_next(e, k, &it);
}

static void fmt_date(int64_t t, char *out, size_t n)
{
  struct dc_time d;
  d.kind = DC_TIME_DATE;
  d.secs = t - ((t % DAY) + DAY) % DAY;
  dc_time_format(&d, out, n);
}

static int64_t floor_days(int64_t secs)
{
  return secs >= 0 ? secs / DAY : -((-secs + DAY - 1) / DAY);
}

/* Is the A-label domain `d` the one written as `key` in the subject? */
static bool same_domain(const struct dc_ctx *ctx, const char *key,
                        const char *ascii)
{
  struct dc_domain d;
  bool             eq = false;
  dc_domain_init(&d);
  if (dc_domain_parse(&d, key, dc_checks_suffix_cb, ctx->tl) == DC_OK && d.ok) {
    eq = strcmp(d.ascii, ascii) == 0 || strcmp(d.host_ascii, ascii) == 0;
  }
  dc_domain_clear(&d);
  return eq;
}

static bool suffix_in(const struct dc_strlist *l, const struct dc_domain *d)
{
  size_t i;
  for (i = 0; i < l->n; i++) {
    if (strcmp(l->v[i], d->tld_ascii) == 0 ||
        strcmp(l->v[i], d->suffix_ascii) == 0) {
      return true;
    }
  }
  return false;
}

static void status_list(const struct dc_record *r, char *out, size_t n)
{
  size_t i;
  size_t used = 0;
  out[0]      = '\0';
  for (i = 0; i < r->status.n && used + 2 < n; i++) {
    size_t len = strlen(r->status.v[i]);
    if (used + len + 3 >= n) {
      break;
    }
    if (i > 0) {
      memcpy(out + used, ", ", 2);
      used += 2;
    }
    memcpy(out + used, r->status.v[i], len);
    used += len;
    out[used] = '\0';
  }
}

/* ---- domain-syntax
 * ----------------------------------------------------------------- */

static dc_status_t check_syntax(struct eval *e, struct dc_findings *fs)
{
  const struct dc_domain *d = &e->res->dom;
  struct dc_finding      *f;
  if (d->ok) {
    f = dc_finding_add(fs, DC_OUTCOME_PASS, "domain-valid");
    dc_finding_arg(fs, f, "input", e->req->input);
    dc_finding_arg(fs, f, "domain", d->unicode);
  } else {
    f = dc_finding_add(fs, DC_OUTCOME_FAIL, "domain-invalid");
    dc_finding_arg(fs, f, "input", e->req->input);
    dc_finding_arg(fs, f, "detail",
                   d->err_detail != NULL ? d->err_detail : d->err_code);
  }
  return dc_findings_commit(fs, e->res, DC_CHK_DOMAIN_SYNTAX);
}

/* ---- tld-approved
 * ------------------------------------------------------------------ */

/* Is the subject a state body (USCC registration authority '1')? -1 when
 * it cannot be told. */
static int subject_is_state(const struct eval *e)
{
  struct dc_uscc_info info;
  if (e->subj == NULL) {
    return -1;
  }
  if (e->subj->type == DC_SUBJECT_INDIVIDUAL) {
    return 0;
  }
  if (e->subj->id_type != DC_ID_USCC ||
      dc_uscc_check(e->subj->id_number, &info) != DC_IDCHK_OK) {
    return -1;
  }
  return info.authority == '1' ? 1 : 0;
}

static dc_status_t check_tld(struct eval *e, struct dc_findings *fs)
{
  const struct dc_domain    *d   = &e->res->dom;
  const struct dc_tld       *top = dc_tldlist_tld(e->ctx->tl, d->tld_ascii);
  const struct dc_tld       *sl  = NULL;
  const struct dc_prov_rule *pr;
  struct dc_finding         *f;
  size_t                     it = 0;

  if (strcmp(d->suffix_ascii, d->tld_ascii) != 0) {
    sl = dc_tldlist_tld(e->ctx->tl, d->suffix_ascii);
    if (sl != NULL && !sl->second_level) {
      sl = NULL;
    }
  }
  if (top == NULL || top->status == DC_TLD_REFUSED) {
    f = dc_finding_add(fs, DC_OUTCOME_FAIL,
                       top == NULL ? "tld-not-approved" : "tld-refused");
    dc_finding_arg(fs, f, "tld", d->tld_unicode);
    if (top != NULL) {
      dc_finding_arg(fs, f, "detail",
                     top->sources != NULL ? top->sources : "tlds.txt");
    }
  } else if (top->status == DC_TLD_UNCERTAIN) {
    f = dc_finding_add(fs, e->pol->uncertain_tld, "tld-uncertain");
    dc_finding_arg(fs, f, "tld", d->tld_unicode);
  } else {
    f = dc_finding_add(fs, DC_OUTCOME_PASS, "tld-approved");
    dc_finding_arg(fs, f, "suffix", d->tld_unicode);
  }
  if (sl != NULL && sl->status != DC_TLD_APPROVED) {
    f = dc_finding_add(fs, e->pol->uncertain_tld, "suffix-uncertain");
    dc_finding_arg(fs, f, "suffix", d->suffix_unicode);
  }
  if (sl != NULL && sl->holder == DC_HOLDER_STATE) {
    int state = subject_is_state(e);
    if (state == 0) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "suffix-reserved");
      dc_finding_arg(fs, f, "suffix", d->suffix_unicode);
    } else if (state < 0) {
      f = dc_finding_add(fs, DC_OUTCOME_WARN, "suffix-reserved-unchecked");
      dc_finding_arg(fs, f, "suffix", d->suffix_unicode);
    }
  }
  for (pr = prule_next(e, DC_PR_SUFFIX_REFUSED, &it); pr != NULL;
       pr = prule_next(e, DC_PR_SUFFIX_REFUSED, &it)) {
    if (suffix_in(&pr->list, d)) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "tld-refused-by-province");
      dc_finding_arg(fs, f, "tld", d->tld_unicode);
      prov_arg(fs, f, e);
      break;
    }
  }
  it = 0;
  for (pr = prule_next(e, DC_PR_SUFFIX_DISPUTED, &it); pr != NULL;
       pr = prule_next(e, DC_PR_SUFFIX_DISPUTED, &it)) {
    if (suffix_in(&pr->list, d)) {
      f = dc_finding_add(fs, e->pol->disputed_suffix,
                         "tld-disputed-by-province");
      dc_finding_arg(fs, f, "tld", d->tld_unicode);
      prov_arg(fs, f, e);
      break;
    }
  }
  return dc_findings_commit(fs, e->res, DC_CHK_TLD_APPROVED);
}

/* ---- registered
 * ---------------------------------------------------------------------- */

static dc_status_t check_registered(struct eval *e, struct dc_findings *fs)
{
  const struct dc_record *r = e->rec;
  const char             *server;
  struct dc_finding      *f;
  const char             *code;
  dc_outcome_t            o;

  if (r == NULL) {
    f = dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "no-data");
    dc_finding_arg(fs, f, "domain", e->res->dom.unicode);
    return dc_findings_commit(fs, e->res, DC_CHK_REGISTERED);
  }
  server = r->server != NULL ? r->server : "?";
  switch (r->answer) {
    case DC_ANSWER_REGISTERED:
      o    = DC_OUTCOME_PASS;
      code = "registered";
      break;
    case DC_ANSWER_NOT_FOUND:
      o    = DC_OUTCOME_FAIL;
      code = "not-registered";
      break;
    case DC_ANSWER_RESERVED:
      o    = DC_OUTCOME_FAIL;
      code = "reserved";
      break;
    case DC_ANSWER_RATE_LIMITED:
      o    = DC_OUTCOME_UNKNOWN;
      code = "rate-limited";
      break;
    case DC_ANSWER_INVALID_QUERY:
      o    = DC_OUTCOME_UNKNOWN;
      code = "invalid-query";
      break;
    case DC_ANSWER_NONE:
      o    = DC_OUTCOME_UNKNOWN;
      code = r->detail != NULL ? "lookup-failed" : "no-data";
      break;
    case DC_ANSWER_OTHER:
    case DC_ANSWER_UNPARSABLE:
    case DC_ANSWER_COUNT_:
    default:
      o    = DC_OUTCOME_UNKNOWN;
      code = "unparsable";
      break;
  }
  /* A reply about another domain is no evidence about this one. */
  if (r->domain != NULL && r->answer == DC_ANSWER_REGISTERED &&
      strcmp(r->domain, e->res->dom.ascii) != 0 &&
      strcmp(r->domain, e->res->dom.unicode) != 0) {
    o    = DC_OUTCOME_UNKNOWN;
    code = "evidence-mismatch";
  }
  f = dc_finding_add(fs, o, code);
  dc_finding_arg(fs, f, "domain", e->res->dom.unicode);
  dc_finding_arg(fs, f, "server", server);
  dc_finding_arg(fs, f, "detail",
                 strcmp(code, "evidence-mismatch") == 0 ? r->domain
                 : r->detail != NULL                    ? r->detail
                                     : dc_answer_name(r->answer));
  e->registered = o == DC_OUTCOME_PASS;
  return dc_findings_commit(fs, e->res, DC_CHK_REGISTERED);
}

static dc_status_t skip_no_record(struct eval *e, struct dc_findings *fs,
                                  enum dc_check_id id)
{
  (void)dc_finding_add(fs, DC_OUTCOME_SKIPPED, "no-record");
  return dc_findings_commit(fs, e->res, id);
}

/* ---- registrar-approved
 * ---------------------------------------------------------------- */

static dc_status_t check_registrar(struct eval *e, struct dc_findings *fs)
{
  const struct dc_record    *r = e->rec;
  const struct dc_registrar *g;
  struct dc_finding         *f;
  const char                *shown;

  g = dc_tldlist_registrar_by_id(e->ctx->tl, r->registrar_iana_id);
  if (g == NULL) {
    g = dc_tldlist_registrar_by_name(e->ctx->tl, r->registrar_name);
  }
  shown = r->registrar_name;
  if (shown == NULL && g != NULL) {
    shown = g->name_zh != NULL ? g->name_zh : g->name_en;
  }
  if (g == NULL && r->registrar_name == NULL && r->registrar_iana_id < 0) {
    (void)dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "registrar-not-shown");
  } else if (g == NULL) {
    bool province_rule = prule(e, DC_PR_FOREIGN_REGISTRAR) != NULL;
    char idbuf[48];
    if (shown == NULL) {
      const struct dc_iana_registrar *ia =
          dc_tldlist_iana(e->ctx->tl, r->registrar_iana_id);
      (void)snprintf(idbuf, sizeof(idbuf), "IANA #%lld",
                     (long long)r->registrar_iana_id);
      shown = ia != NULL ? ia->name : idbuf;
    }
    f = dc_finding_add(fs, DC_OUTCOME_FAIL,
                       province_rule ? "registrar-refused-by-province"
                                     : "registrar-not-approved");
    dc_finding_arg(fs, f, "registrar", shown);
    prov_arg(fs, f, e);
  } else {
    const char  *code = "registrar-approved";
    dc_outcome_t o    = DC_OUTCOME_PASS;
    if (g->miit == DC_MIIT_LIKELY) {
      code = "registrar-likely-approved";
      o    = e->pol->likely_registrar;
    } else if (g->miit == DC_MIIT_UNVERIFIED) {
      code = "registrar-unverified";
      o    = e->pol->unverified_registrar;
    }
    f = dc_finding_add(fs, o, code);
    dc_finding_arg(fs, f, "registrar", shown);
  }
  return dc_findings_commit(fs, e->res, DC_CHK_REGISTRAR_APPROVED);
}

/* ---- unexpired
 * ---------------------------------------------------------------------------
 */

static dc_status_t check_unexpired(struct eval *e, struct dc_findings *fs)
{
  static const char *const   dead[]      = {"redemptionPeriod", "pendingDelete",
                                            "pendingRestore"};
  const struct dc_record    *r           = e->rec;
  const struct dc_prov_rule *margin_rule = prule(e, DC_PR_EXPIRY_MARGIN);
  const struct dc_time      *t           = &r->expires;
  struct dc_finding         *f;
  bool                       registrar_only = false;
  int64_t                    lo;
  int64_t                    hi;
  int64_t                    days;
  char                       date[40];
  size_t                     i;

  for (i = 0; i < DC_ARRAY_LEN(dead); i++) {
    if (dc_record_has_status(r, dead[i])) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "expired-status");
      dc_finding_arg(fs, f, "status", dead[i]);
      return dc_findings_commit(fs, e->res, DC_CHK_UNEXPIRED);
    }
  }
  if (t->kind == DC_TIME_NONE && r->registrar_expires.kind != DC_TIME_NONE) {
    t              = &r->registrar_expires;
    registrar_only = true;
  }
  if (t->kind == DC_TIME_NONE) {
    (void)dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "expiry-unknown");
    return dc_findings_commit(fs, e->res, DC_CHK_UNEXPIRED);
  }
  dc_time_bounds(t, &lo, &hi);
  dc_time_format(t, date, sizeof(date));
  if (hi < e->now) {
    f = dc_finding_add(fs, DC_OUTCOME_FAIL, "expired");
    dc_finding_arg(fs, f, "date", date);
    return dc_findings_commit(fs, e->res, DC_CHK_UNEXPIRED);
  }
  if (lo < e->now) {
    f = dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "expiry-ambiguous");
    dc_finding_arg(fs, f, "date", date);
    return dc_findings_commit(fs, e->res, DC_CHK_UNEXPIRED);
  }
  /* Days left counted from the earliest instant the time can mean. */
  days = floor_days(lo - e->now);
  if (margin_rule != NULL && days < margin_rule->num) {
    f = dc_finding_add(fs, DC_OUTCOME_FAIL, "expiry-margin-province");
    prov_arg(fs, f, e);
    dc_finding_argi(fs, f, "margin", margin_rule->num);
    dc_finding_arg(fs, f, "domain", e->res->dom.unicode);
  } else if (days < e->pol->expiry_warn_days) {
    f = dc_finding_add(fs, DC_OUTCOME_WARN, "expiring-soon");
  } else {
    f = dc_finding_add(fs, DC_OUTCOME_PASS, "unexpired");
  }
  dc_finding_arg(fs, f, "date", date);
  dc_finding_argi(fs, f, "days", days);
  if (registrar_only) {
    f = dc_finding_add(fs, DC_OUTCOME_WARN, "registrar-expiry-only");
    dc_finding_arg(fs, f, "date", date);
  }
  return dc_findings_commit(fs, e->res, DC_CHK_UNEXPIRED);
}

/* ---- domain-status
 * ----------------------------------------------------------------------- */

static dc_status_t check_status(struct eval *e, struct dc_findings *fs)
{
  static const char *const holds[] = {"serverHold", "clientHold"};
  const struct dc_record  *r       = e->rec;
  struct dc_finding       *f;
  char                     list[256];
  size_t                   i;

  status_list(r, list, sizeof(list));
  for (i = 0; i < DC_ARRAY_LEN(holds); i++) {
    if (dc_record_has_status(r, holds[i])) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "on-hold");
      dc_finding_arg(fs, f, "status", holds[i]);
    }
  }
  if (dc_record_has_status(r, "pendingTransfer")) {
    f = dc_finding_add(fs, DC_OUTCOME_WARN, "pending-transfer");
    dc_finding_arg(fs, f, "status", "pendingTransfer");
  }
  if (dc_record_has_status(r, "inactive")) {
    (void)dc_finding_add(fs, DC_OUTCOME_WARN, "inactive");
  }
  if (r->status.n == 0) {
    (void)dc_finding_add(fs, DC_OUTCOME_PASS, "status-not-shown");
  } else {
    f = dc_finding_add(fs, DC_OUTCOME_PASS, "status-ok");
    dc_finding_arg(fs, f, "status", list);
  }
  return dc_findings_commit(fs, e->res, DC_CHK_DOMAIN_STATUS);
}

/* ---- registrant-match
 * ---------------------------------------------------------------------- */

/* A person or organization the domain may (or may not) belong to. */
struct candidate {
  unsigned        role; /* DC_OWNER_* */
  const char     *name;
  enum dc_id_type id_type;
  const char     *id_number;
};

static void role_words(unsigned role, const char **zh, const char **en)
{
  switch (role) {
    case DC_OWNER_SELF:
      *zh = "备案人本人";
      *en = "filing person";
      break;
    case DC_OWNER_ORG:
      *zh = "主办单位";
      *en = "organization";
      break;
    case DC_OWNER_LEGAL_REP:
      *zh = "法定代表人";
      *en = "legal representative";
      break;
    default:
      *zh = "主体负责人";
      *en = "principal";
      break;
  }
}

static void allowed_words(unsigned mask, char *zh, size_t zn, char *en,
                          size_t en_n)
{
  static const unsigned roles[] = {DC_OWNER_SELF, DC_OWNER_ORG,
                                   DC_OWNER_LEGAL_REP, DC_OWNER_PRINCIPAL};
  size_t                i;
  zh[0] = '\0';
  en[0] = '\0';
  for (i = 0; i < DC_ARRAY_LEN(roles); i++) {
    const char *z;
    const char *n;
    if ((mask & roles[i]) == 0) {
      continue;
    }
    role_words(roles[i], &z, &n);
    if (zh[0] != '\0') {
      (void)strncat(zh, "或", zn - strlen(zh) - 1);
      (void)strncat(en, " or its ", en_n - strlen(en) - 1);
    } else {
      (void)strncat(en, "the ", en_n - strlen(en) - 1);
    }
    (void)strncat(zh, z, zn - strlen(zh) - 1);
    (void)strncat(en, n, en_n - strlen(en) - 1);
  }
}

static size_t candidates(const struct eval *e, struct candidate *c)
{
  size_t n = 0;
  if (e->subj->type == DC_SUBJECT_INDIVIDUAL) {
    c[n].role      = DC_OWNER_SELF;
    c[n].name      = e->subj->name;
    c[n].id_type   = e->subj->id_type;
    c[n].id_number = e->subj->id_number;
    n++;
    return n;
  }
  c[n].role      = DC_OWNER_ORG;
  c[n].name      = e->subj->name;
  c[n].id_type   = e->subj->id_type;
  c[n].id_number = e->subj->id_number;
  n++;
  if (e->subj->has_legal_rep) {
    c[n].role      = DC_OWNER_LEGAL_REP;
    c[n].name      = e->subj->legal_rep.name;
    c[n].id_type   = e->subj->legal_rep.id_type;
    c[n].id_number = e->subj->legal_rep.id_number;
    n++;
  }
  return n;
}

static unsigned allowed_mask(const struct eval *e)
{
  const struct dc_prov_rule *pr = prule(e, DC_PR_OWNER);
  if (pr != NULL) {
    return (unsigned)pr->num;
  }
  /* National rule (MIIT 2018): P the person; O the organization or its
   * legal representative (rules.md 1.5). */
  return e->subj->type == DC_SUBJECT_INDIVIDUAL
             ? DC_OWNER_SELF
             : (DC_OWNER_ORG | DC_OWNER_LEGAL_REP);
}

static bool ids_equal(const char *a, const char *b)
{
  /* ID numbers compare case-insensitively ('x' check characters), with
   * spaces and hyphens ignored (org codes are written XXXXXXXX-X). */
  while (*a != '\0' || *b != '\0') {
    char ca;
    char cb;
    while (*a == ' ' || *a == '-') {
      a++;
    }
    while (*b == ' ' || *b == '-') {
      b++;
    }
    ca = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
    cb = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
    if (ca != cb) {
      return false;
    }
    if (ca == '\0') {
      break;
    }
    a++;
    b++;
  }
  return true;
}

/* Match a holder name against the candidates; returns the candidate. */
static const struct candidate *match_name(const struct candidate *c, size_t n,
                                          const char *name)
{
  size_t i;
  if (name == NULL) {
    return NULL;
  }
  for (i = 0; i < n; i++) {
    if (c[i].name != NULL && dc_name_equal(c[i].name, name)) {
      return &c[i];
    }
  }
  return NULL;
}

static void add_role(struct dc_findings *fs, struct dc_finding *f,
                     unsigned role)
{
  const char *zh;
  const char *en;
  role_words(role, &zh, &en);
  dc_finding_arg2(fs, f, "role", zh, en);
}

static void not_allowed(struct eval *e, struct dc_findings *fs, unsigned role,
                        unsigned mask)
{
  struct dc_finding *f;
  char               zh[128];
  char               en[160];
  f = dc_finding_add(fs, DC_OUTCOME_FAIL, "owner-not-allowed-by-province");
  add_role(fs, f, role);
  allowed_words(mask, zh, sizeof(zh), en, sizeof(en));
  dc_finding_arg2(fs, f, "allowed", zh, en);
  prov_arg(fs, f, e);
}

static dc_status_t check_registrant(struct eval *e, struct dc_findings *fs)
{
  const struct dc_record *r = e->rec;
  struct candidate        cand[2];
  size_t                  nc;
  unsigned                mask;
  const struct candidate *m;
  struct dc_finding      *f;
  const char             *shown;

  if (e->subj == NULL) {
    (void)dc_finding_add(fs, DC_OUTCOME_SKIPPED, "no-subject");
    return dc_findings_commit(fs, e->res, DC_CHK_REGISTRANT_MATCH);
  }
  nc   = candidates(e, cand);
  mask = allowed_mask(e);

  /* 1. The registrar's real-name record decides on all three fields. */
  if (e->cert != NULL) {
    m = match_name(cand, nc, e->cert->name);
    if (m == NULL) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "registrant-mismatch");
      dc_finding_arg(fs, f, "registrant", e->cert->name);
      dc_finding_arg(fs, f, "subject", e->subj->name);
    } else if ((mask & m->role) == 0) {
      not_allowed(e, fs, m->role, mask);
    } else if (e->cert->id_type == DC_ID_NONE || e->cert->id_number == NULL) {
      f = dc_finding_add(fs, e->pol->name_only, "certificate-name-match");
      dc_finding_arg(fs, f, "registrant", e->cert->name);
      add_role(fs, f, m->role);
    } else if (e->cert->id_type != m->id_type || m->id_number == NULL ||
               !ids_equal(e->cert->id_number, m->id_number)) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "certificate-id-mismatch");
      add_role(fs, f, m->role);
    } else {
      f = dc_finding_add(fs, DC_OUTCOME_PASS, "certificate-match");
      dc_finding_arg(fs, f, "registrant", e->cert->name);
      add_role(fs, f, m->role);
    }
    /* Public data that names someone else is worth a warning. */
    shown = r != NULL && !r->redacted
                ? (r->registrant_name != NULL ? r->registrant_name
                                              : r->registrant_org)
                : NULL;
    if (shown != NULL && match_name(cand, nc, r->registrant_name) == NULL &&
        match_name(cand, nc, r->registrant_org) == NULL) {
      f = dc_finding_add(fs, DC_OUTCOME_WARN, "public-registrant-differs");
      dc_finding_arg(fs, f, "registrant", shown);
    }
    return dc_findings_commit(fs, e->res, DC_CHK_REGISTRANT_MATCH);
  }
  if (r == NULL || !e->registered) {
    return skip_no_record(e, fs, DC_CHK_REGISTRANT_MATCH);
  }

  /* 2. Public registrant name or organization. */
  if (!r->redacted &&
      (r->registrant_name != NULL || r->registrant_org != NULL)) {
    const struct candidate *mn = match_name(cand, nc, r->registrant_name);
    const struct candidate *mo = match_name(cand, nc, r->registrant_org);
    const struct candidate *ok = NULL;
    /* Prefer an allowed match. */
    if (mn != NULL && (mask & mn->role) != 0) {
      ok = mn;
    } else if (mo != NULL && (mask & mo->role) != 0) {
      ok = mo;
    }
    shown = r->registrant_name != NULL ? r->registrant_name : r->registrant_org;
    if (ok != NULL) {
      f = dc_finding_add(fs, e->pol->name_only, "name-match");
      dc_finding_arg(fs, f, "registrant",
                     ok == mn ? r->registrant_name : r->registrant_org);
      add_role(fs, f, ok->role);
    } else if (mn != NULL || mo != NULL) {
      not_allowed(e, fs, (mn != NULL ? mn : mo)->role, mask);
    } else if ((mask & DC_OWNER_PRINCIPAL) != 0) {
      f = dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "principal-unchecked");
      dc_finding_arg(fs, f, "registrant", shown);
      prov_arg(fs, f, e);
    } else {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "registrant-mismatch");
      dc_finding_arg(fs, f, "registrant", shown);
      dc_finding_arg(fs, f, "subject", e->subj->name);
    }
    return dc_findings_commit(fs, e->res, DC_CHK_REGISTRANT_MATCH);
  }

  /* 3. Redacted, or not shown at all. */
  if (r->redacted) {
    if (prule(e, DC_PR_PRIVACY_OFF) != NULL) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "privacy-protected");
      prov_arg(fs, f, e);
    } else {
      (void)dc_finding_add(fs, e->pol->redacted, "registrant-redacted");
    }
  } else {
    (void)dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "registrant-not-shown");
  }
  return dc_findings_commit(fs, e->res, DC_CHK_REGISTRANT_MATCH);
}

/* ---- real-name
 * ------------------------------------------------------------------------------
 */

static bool is_cnnic_domain(const struct dc_domain *d)
{
  return strcmp(d->tld_ascii, "cn") == 0 ||
         strcmp(d->tld_ascii, "xn--fiqs8s") == 0;
}

static bool certificate_required(const struct eval *e)
{
  const struct dc_prov_rule *pr;
  size_t                     it = 0;
  for (pr = prule_next(e, DC_PR_CERT_REQUIRED, &it); pr != NULL;
       pr = prule_next(e, DC_PR_CERT_REQUIRED, &it)) {
    if (pr->num == 0 || (int64_t)e->new_domains > pr->num) {
      return true;
    }
  }
  return false;
}

static dc_status_t check_realname(struct eval *e, struct dc_findings *fs)
{
  const struct dc_record *r = e->rec;
  struct dc_finding      *f;
  char                    date[40];
  char                    ready[40];

  if (r != NULL && e->registered && is_cnnic_domain(&e->res->dom)) {
    const char *hold = dc_record_has_status(r, "serverHold")   ? "serverHold"
                       : dc_record_has_status(r, "clientHold") ? "clientHold"
                                                               : NULL;
    if (hold != NULL) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "realname-hold");
      dc_finding_arg(fs, f, "status", hold);
    }
  }
  if (e->cert != NULL) {
    if (!e->cert->has_verified_at) {
      f = dc_finding_add(fs, DC_OUTCOME_WARN, "realname-date-missing");
      dc_finding_argi(fs, f, "min", e->pol->realname_min_days);
    } else {
      int64_t ready_at =
          e->cert->verified_at + (int64_t)e->pol->realname_min_days * DAY;
      fmt_date(e->cert->verified_at, date, sizeof(date));
      fmt_date(ready_at, ready, sizeof(ready));
      f = dc_finding_add(
          fs, ready_at <= e->now ? DC_OUTCOME_PASS : DC_OUTCOME_FAIL,
          ready_at <= e->now ? "realname-verified" : "realname-too-recent");
      dc_finding_arg(fs, f, "date", date);
      dc_finding_arg(fs, f, "ready", ready);
      dc_finding_argi(fs, f, "min", e->pol->realname_min_days);
    }
  } else if (e->subj != NULL && certificate_required(e)) {
    f = dc_finding_add(fs, DC_OUTCOME_UNKNOWN, "certificate-required");
    prov_arg(fs, f, e);
  } else if (r == NULL || !e->registered) {
    if (fs->n == 0) {
      return skip_no_record(e, fs, DC_CHK_REAL_NAME);
    }
  } else {
    (void)dc_finding_add(fs, e->pol->realname_public, "realname-not-public");
  }
  return dc_findings_commit(fs, e->res, DC_CHK_REAL_NAME);
}

/* ---- subject-valid
 * ------------------------------------------------------------------------------
 */

static const char *id_detail(enum dc_id_check c, bool zh)
{
  switch (c) {
    case DC_IDCHK_LENGTH:
      return zh ? "长度不对" : "wrong length";
    case DC_IDCHK_CHARS:
      return zh ? "含有不允许的字符" : "characters outside the allowed set";
    case DC_IDCHK_REGION:
      return zh ? "地区码不存在" : "unknown region code";
    case DC_IDCHK_BIRTHDATE:
      return zh ? "出生日期不可能" : "impossible birth date";
    case DC_IDCHK_CHECKSUM:
      return zh ? "校验位错误" : "wrong check character";
    case DC_IDCHK_OK:
      break;
  }
  return "";
}

static void doc_words(enum dc_id_type t, const char **zh, const char **en)
{
  switch (t) {
    case DC_ID_RESIDENT:
      *zh = "居民身份证";
      *en = "resident ID card";
      break;
    case DC_ID_USCC:
      *zh = "统一社会信用代码";
      *en = "unified social credit code";
      break;
    case DC_ID_ORG_CODE:
      *zh = "组织机构代码";
      *en = "organization code";
      break;
    case DC_ID_PASSPORT:
      *zh = "护照";
      *en = "passport";
      break;
    default:
      *zh = "证件";
      *en = dc_id_type_name(t) != NULL ? dc_id_type_name(t) : "document";
      break;
  }
}

static void id_finding(struct dc_findings *fs, enum dc_id_type t,
                       enum dc_id_check c, bool legal_rep)
{
  struct dc_finding *f = dc_finding_add(fs, DC_OUTCOME_FAIL, "id-invalid");
  const char        *zh;
  const char        *en;
  doc_words(t, &zh, &en);
  dc_finding_arg2(fs, f, "doc", zh, en);
  dc_finding_arg2(fs, f, "who", legal_rep ? "法定代表人" : "备案主体",
                  legal_rep ? "legal representative" : "subject");
  dc_finding_arg2(fs, f, "detail", id_detail(c, true), id_detail(c, false));
}

/* Check one document; fills info when it is a valid resident ID. */
static bool check_document(struct eval *e, struct dc_findings *fs,
                           enum dc_id_type t, const char *number,
                           bool legal_rep, struct dc_resident_id_info *info)
{
  enum dc_id_check    c = DC_IDCHK_OK;
  struct dc_uscc_info ui;
  if (number == NULL) {
    return false;
  }
  switch (t) {
    case DC_ID_RESIDENT:
      c = dc_resident_id_check(number, e->now, info);
      break;
    case DC_ID_USCC:
      c = dc_uscc_check(number, &ui);
      break;
    case DC_ID_ORG_CODE:
      c = dc_org_code_check(number);
      break;
    default:
      return false; /* no public plausibility rule for other documents */
  }
  if (c != DC_IDCHK_OK) {
    id_finding(fs, t, c, legal_rep);
    return false;
  }
  return t == DC_ID_RESIDENT;
}

static void age_rules(struct eval *e, struct dc_findings *fs,
                      const struct dc_resident_id_info *info, bool legal_rep)
{
  int                        age;
  const struct dc_prov_rule *pr;
  struct dc_finding         *f;
  const char                *who_zh = legal_rep ? "负责人" : "个人";
  const char                *who_en = legal_rep ? "principal" : "filer";

  age = dc_age_at(info->birth_year, info->birth_month, info->birth_day, e->now);
  pr  = prule(e, DC_PR_MIN_AGE);
  if (pr != NULL && age < pr->num) {
    f = dc_finding_add(fs, DC_OUTCOME_FAIL, "under-age");
    prov_arg(fs, f, e);
    dc_finding_argi(fs, f, "n", pr->num);
    dc_finding_argi(fs, f, "age", age);
    dc_finding_arg2(fs, f, "who", who_zh, who_en);
    return;
  }
  pr = prule(e, DC_PR_PROOF_AGE);
  if (pr != NULL && age < pr->num) {
    f = dc_finding_add(fs, DC_OUTCOME_WARN, "proof-of-employment");
    prov_arg(fs, f, e);
    dc_finding_argi(fs, f, "n", pr->num);
    dc_finding_argi(fs, f, "age", age);
    dc_finding_arg2(fs, f, "who", who_zh, who_en);
  }
}

static dc_status_t check_subject(struct eval *e, struct dc_findings *fs)
{
  const struct dc_subject   *s = e->subj;
  const struct dc_prov_rule *pr;
  struct dc_resident_id_info info;
  struct dc_resident_id_info rep_info;
  struct dc_finding         *f;
  bool                       personal_ok;
  bool                       have_id;
  bool                       have_rep = false;
  char                       date[40];

  if (s == NULL) {
    (void)dc_finding_add(fs, DC_OUTCOME_SKIPPED, "no-subject");
    return dc_findings_commit(fs, e->res, DC_CHK_SUBJECT_VALID);
  }
  if (e->prov_bad) {
    f = dc_finding_add(fs, DC_OUTCOME_FAIL, "province-unknown");
    dc_finding_arg(fs, f, "detail", s->province);
  }
  /* Document type fits the subject type. */
  personal_ok = dc_id_type_is_personal(s->id_type);
  if ((s->type == DC_SUBJECT_INDIVIDUAL && !personal_ok) ||
      (s->type == DC_SUBJECT_ORGANIZATION && personal_ok &&
       s->id_type != DC_ID_OTHER)) {
    const char *zh;
    const char *en;
    doc_words(s->id_type, &zh, &en);
    f = dc_finding_add(fs, DC_OUTCOME_FAIL, "id-type-mismatch");
    dc_finding_arg2(fs, f, "doc", zh, en);
    dc_finding_arg2(
        fs, f, "type", s->type == DC_SUBJECT_INDIVIDUAL ? "个人" : "单位",
        s->type == DC_SUBJECT_INDIVIDUAL ? "individual" : "organization");
  }
  memset(&info, 0, sizeof(info));
  memset(&rep_info, 0, sizeof(rep_info));
  have_id = check_document(e, fs, s->id_type, s->id_number, false, &info);
  if (s->has_legal_rep) {
    have_rep = check_document(e, fs, s->legal_rep.id_type,
                              s->legal_rep.id_number, true, &rep_info);
  }
  /* Validity of the document. */
  if (s->has_id_valid_until && !s->id_valid_long_term) {
    fmt_date(s->id_valid_until, date, sizeof(date));
    pr = prule(e, DC_PR_ID_VALIDITY);
    if (s->id_valid_until < e->now) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "id-expired");
      dc_finding_arg(fs, f, "date", date);
    } else if (pr != NULL && s->id_valid_until - e->now < pr->num * DAY) {
      f = dc_finding_add(fs, DC_OUTCOME_FAIL, "id-validity-province");
      prov_arg(fs, f, e);
      dc_finding_argi(fs, f, "n", pr->num);
      dc_finding_arg(fs, f, "date", date);
    }
  } else if (!s->has_id_valid_until) {
    pr = prule(e, DC_PR_ID_VALIDITY);
    if (pr != NULL) {
      f = dc_finding_add(fs, DC_OUTCOME_WARN, "id-validity-missing");
      prov_arg(fs, f, e);
      dc_finding_argi(fs, f, "n", pr->num);
    }
  }
  /* Locality of an individual's ID. */
  pr = prule(e, DC_PR_ID_LOCAL);
  if (pr != NULL && s->type == DC_SUBJECT_INDIVIDUAL) {
    const struct dc_province *p = &e->rules->prov[e->prov];
    if (have_id) {
      bool local  = strcmp(info.province, p->code) == 0;
      bool permit = pr->num == DC_IDLOCAL_PERMIT_OK && s->residence_permit;
      if (!local && !permit) {
        f = dc_finding_add(fs, DC_OUTCOME_FAIL, "id-not-local");
        prov_arg(fs, f, e);
        if (pr->num == DC_IDLOCAL_PERMIT_OK) {
          dc_finding_arg2(fs, f, "permit", "（或持本地居住证）",
                          " (or with a local residence permit)");
          dc_finding_arg2(fs, f, "permit_fix", "，或办理本地居住证",
                          ", or obtain a local residence permit");
        } else {
          dc_finding_arg(fs, f, "permit", "");
          dc_finding_arg(fs, f, "permit_fix", "");
        }
      }
    } else if (s->id_type != DC_ID_RESIDENT &&
               !(pr->num == DC_IDLOCAL_PERMIT_OK && s->residence_permit)) {
      const char *zh;
      const char *en;
      doc_words(s->id_type, &zh, &en);
      f = dc_finding_add(fs, DC_OUTCOME_WARN, "id-local-unchecked");
      prov_arg(fs, f, e);
      dc_finding_arg2(fs, f, "doc", zh, en);
    }
  }
  /* Age: the individual's own ID, or an organization's legal
   * representative (its 负责人). */
  if (s->type == DC_SUBJECT_INDIVIDUAL && have_id) {
    age_rules(e, fs, &info, false);
  } else if (s->type == DC_SUBJECT_ORGANIZATION && have_rep) {
    age_rules(e, fs, &rep_info, true);
  }
  /* Filing structure. */
  if (e->new_domains > 1 && prule(e, DC_PR_ONE_DOMAIN_PER_SITE) != NULL) {
    f = dc_finding_add(fs, DC_OUTCOME_WARN, "one-domain-per-site");
    prov_arg(fs, f, e);
    dc_finding_argi(fs, f, "count", (int64_t)e->new_domains);
  }
  pr = prule(e, DC_PR_EXTRA_MATERIALS);
  if (pr != NULL && (int64_t)e->new_domains > pr->num) {
    f = dc_finding_add(fs, DC_OUTCOME_WARN, "extra-materials");
    prov_arg(fs, f, e);
    dc_finding_argi(fs, f, "n", pr->num);
    dc_finding_argi(fs, f, "count", (int64_t)e->new_domains);
  }
  if (fs->n == 0 || fs->st != DC_OK) {
    (void)dc_finding_add(fs, DC_OUTCOME_PASS, "subject-valid");
  }
  return dc_findings_commit(fs, e->res, DC_CHK_SUBJECT_VALID);
}

/* ---- the whole evaluation
 * -------------------------------------------------------------------- */

bool dc_checks_suffix_cb(void *ud, const char *suffix)
{
  const struct dc_tld *t = dc_tldlist_tld(ud, suffix);
  return t != NULL && t->second_level;
}

static dc_status_t mark_all(struct eval *e, struct dc_findings *fs,
                            dc_outcome_t o, const char *code,
                            enum dc_check_id from)
{
  size_t      i;
  dc_status_t st = DC_OK;
  for (i = from; i < DC_CHK_DNS && st == DC_OK; i++) {
    (void)dc_finding_add(fs, o, code);
    st = dc_findings_commit(fs, e->res, (enum dc_check_id)i);
  }
  return st;
}

static dc_filing_type_t filing_type_of(const struct dc_request *req)
{
  if (req->has_filing_type) {
    return req->filing_type;
  }
  if (req->subject != NULL && req->subject->has_filing_type) {
    return req->subject->filing_type;
  }
  return DC_FILING_FIRST;
}

bool dc_checks_verified(const struct dc_ctx *ctx, const struct dc_request *req,
                        const struct dc_domain *dom)
{
  const struct dc_subject *s = req->subject;
  enum dc_scope            scope;
  size_t                   i;
  scope = dc_rules_filing_scope(dc_tldlist_rules(ctx->tl), filing_type_of(req),
                                s != NULL && s->has_first_filed,
                                s != NULL ? s->first_filed : 0);
  if (scope == DC_SCOPE_ADDED) {
    /* Only the domains the filing adds (filing.new_domains). */
    for (i = 0; s != NULL && i < s->new_domains.n; i++) {
      if (same_domain(ctx, s->new_domains.v[i], dom->ascii)) {
        return true;
      }
    }
    return false;
  }
  return scope == DC_SCOPE_ALL;
}

dc_status_t dc_checks_evaluate(const struct dc_ctx     *ctx,
                               const struct dc_request *req,
                               const struct dc_record  *rec,
                               struct dc_result        *res)
{
  struct eval        e;
  struct dc_findings fs;
  enum dc_scope      scope;
  const char        *pname;
  size_t             i;
  dc_status_t        st = DC_OK;

  memset(&e, 0, sizeof(e));
  dc_findings_init(&fs);
  e.ctx             = ctx;
  e.rules           = dc_tldlist_rules(ctx->tl);
  e.pol             = &e.rules->policy;
  e.req             = req;
  e.res             = res;
  e.subj            = req->subject;
  e.rec             = rec;
  e.now             = req->has_as_of ? req->as_of : (int64_t)time(NULL);
  e.prov            = -1;
  res->evaluated_at = e.now;
  if (e.subj != NULL) {
    e.applies =
        e.subj->type == DC_SUBJECT_INDIVIDUAL ? DC_APPLIES_P : DC_APPLIES_O;
  }
  /* Province: the request's, else the subject's. */
  pname = req->province != NULL ? req->province
          : e.subj != NULL      ? e.subj->province
                                : NULL;
  if (pname != NULL) {
    e.prov = dc_rules_find_province(e.rules, pname);
    if (e.prov < 0) {
      if (req->province != NULL) {
        return DC_EINVAL; /* the caller's own parameter */
      }
      e.prov_bad = true;
    } else {
      res->province = e.rules->prov[e.prov].name_zh;
    }
  }
  /* Filing type: the request's, else the subject's, else first. */
  res->filing_type = filing_type_of(req);

  st = check_syntax(&e, &fs);
  if (st != DC_OK) {
    goto done;
  }
  if (!res->dom.ok) {
    st           = mark_all(&e, &fs, DC_OUTCOME_SKIPPED, "domain-invalid",
                            DC_CHK_TLD_APPROVED);
    res->verdict = DC_VERDICT_INELIGIBLE;
    goto done;
  }
  if (e.subj != NULL) {
    e.new_domains = e.subj->new_domains.n;
    for (i = 0; i < e.subj->nowners; i++) {
      if (same_domain(ctx, e.subj->owners[i].domain, res->dom.ascii)) {
        e.cert = &e.subj->owners[i];
        break;
      }
    }
  }
  /* Which domains this filing type verifies (rules.md section 2). */
  scope =
      dc_checks_verified(ctx, req, &res->dom) ? DC_SCOPE_ALL : DC_SCOPE_NONE;
  if (scope == DC_SCOPE_NONE) {
    st           = mark_all(&e, &fs, DC_OUTCOME_SKIPPED, "not-required",
                            DC_CHK_TLD_APPROVED);
    res->verdict = DC_VERDICT_NOT_REQUIRED;
    goto done;
  }

  st = check_tld(&e, &fs);
  if (st == DC_OK) {
    st = check_registered(&e, &fs);
  }
  if (st == DC_OK) {
    st = e.registered ? check_registrar(&e, &fs)
                      : skip_no_record(&e, &fs, DC_CHK_REGISTRAR_APPROVED);
  }
  if (st == DC_OK) {
    st = e.registered ? check_unexpired(&e, &fs)
                      : skip_no_record(&e, &fs, DC_CHK_UNEXPIRED);
  }
  if (st == DC_OK) {
    st = e.registered ? check_status(&e, &fs)
                      : skip_no_record(&e, &fs, DC_CHK_DOMAIN_STATUS);
  }
  if (st == DC_OK) {
    st = check_registrant(&e, &fs);
  }
  if (st == DC_OK) {
    st = check_realname(&e, &fs);
  }
  if (st == DC_OK) {
    st = check_subject(&e, &fs);
  }
  if (st == DC_OK) {
    res->verdict = dc_result_compute_verdict(res);
  }
done:
  dc_findings_clear(&fs);
  return st;
}

/* ---- dns (informs, never decides: pass, warn or skipped) --------------------
 */

dc_status_t dc_checks_dns(const struct dc_ctx         *ctx,
                          const struct dc_request     *req,
                          const struct dc_dns_summary *dns,
                          struct dc_result            *res)
{
  struct dc_findings     fs;
  struct dc_finding     *f;
  struct eval            e;
  const struct dc_rules *rules = dc_tldlist_rules(ctx->tl);
  char                   ns[512];
  size_t                 i;

  dc_findings_init(&fs);
  if (!res->dom.ok || res->verdict == DC_VERDICT_NOT_REQUIRED) {
    (void)dc_finding_add(&fs, DC_OUTCOME_SKIPPED,
                         res->dom.ok ? "not-required" : "domain-invalid");
    return dc_findings_commit(&fs, res, DC_CHK_DNS);
  }
  if (dns == NULL || !dns->ran) {
    (void)dc_finding_add(&fs, DC_OUTCOME_SKIPPED,
                         dns == NULL ? "dns-skipped" : "dns-disabled");
    return dc_findings_commit(&fs, res, DC_CHK_DNS);
  }
  if (!dns->answered) {
    f = dc_finding_add(&fs, DC_OUTCOME_SKIPPED, "dns-unavailable");
    dc_finding_arg(&fs, f, "detail",
                   dns->error != NULL ? dns->error : "no answer");
    return dc_findings_commit(&fs, res, DC_CHK_DNS);
  }
  ns[0] = '\0';
  for (i = 0; i < dns->ns.n; i++) {
    size_t used = strlen(ns);
    if (used + strlen(dns->ns.v[i]) + 3 >= sizeof(ns)) {
      break;
    }
    if (i > 0) {
      memcpy(ns + used, ", ", 3);
      used += 2;
    }
    memcpy(ns + used, dns->ns.v[i], strlen(dns->ns.v[i]) + 1);
  }
  if (!dns->delegated) {
    f = dc_finding_add(&fs, DC_OUTCOME_WARN, "dns-not-delegated");
    dc_finding_arg(&fs, f, "domain", res->dom.unicode);
  } else {
    bool resolves = dns->has_a || dns->has_aaaa || dns->www;
    f             = dc_finding_add(&fs, DC_OUTCOME_PASS,
                       resolves ? "dns-ok" : "dns-no-address");
    dc_finding_arg(&fs, f, "domain", res->dom.unicode);
    dc_finding_arg(&fs, f, "ns", ns);
    dc_finding_arg2(&fs, f, "dnssec",
                    dns->signed_zone > 0    ? "已签名（DNSSEC）"
                    : dns->signed_zone == 0 ? "未签名"
                                            : "未知",
                    dns->signed_zone > 0    ? "signed"
                    : dns->signed_zone == 0 ? "unsigned"
                                            : "unknown");
    /* Bureaus that want the site unreachable until the filing succeeds. */
    memset(&e, 0, sizeof(e));
    e.rules   = rules;
    e.prov    = res->province != NULL
                    ? dc_rules_find_province(rules, res->province)
                    : -1;
    e.applies = req->subject == NULL                          ? 0
                : req->subject->type == DC_SUBJECT_INDIVIDUAL ? DC_APPLIES_P
                                                              : DC_APPLIES_O;
    if (resolves &&
        (res->filing_type == DC_FILING_FIRST ||
         res->filing_type == DC_FILING_NEW_SITE) &&
        prule(&e, DC_PR_NO_ACCESS_BEFORE) != NULL) {
      f = dc_finding_add(&fs, DC_OUTCOME_WARN, "dns-resolves-before-filing");
      dc_finding_arg(&fs, f, "domain", res->dom.unicode);
      prov_arg(&fs, f, &e);
    }
  }
  return dc_findings_commit(&fs, res, DC_CHK_DNS);
}
