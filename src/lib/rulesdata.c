/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/rulesdata.c - provinces, province rules, filing types, policy
 */
#include "rulesdata.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "timeutil.h"

static const char *const kind_names[DC_PR_COUNT_] = {
    "suffix-refused",    "suffix-disputed",
    "foreign-registrar", "expiry-margin",
    "privacy-off",       "owner",
    "id-local",          "min-age",
    "proof-age",         "id-validity",
    "certificate",       "one-domain-per-site",
    "extra-materials",   "no-access-before-filing",
};

const char *dc_prov_kind_name(enum dc_prov_kind k)
{
  return (unsigned)k < DC_PR_COUNT_ ? kind_names[k] : "?";
}

static void policy_defaults(struct dc_policy *p)
{
  p->expiry_warn_days     = 90;
  p->realname_min_days    = 3;
  p->likely_registrar     = DC_OUTCOME_PASS;
  p->unverified_registrar = DC_OUTCOME_UNKNOWN;
  p->name_only            = DC_OUTCOME_PASS;
  p->realname_public      = DC_OUTCOME_WARN;
  p->redacted             = DC_OUTCOME_UNKNOWN;
  p->uncertain_tld        = DC_OUTCOME_UNKNOWN;
  p->disputed_suffix      = DC_OUTCOME_WARN;
  p->whois_max_conn       = 8;
  p->whois_per_min        = 600;
  p->timeout_ms           = 10000;
}

void dc_rules_init(struct dc_rules *r)
{
  memset(r, 0, sizeof(*r));
  policy_defaults(&r->policy);
}

static void provs_free(struct dc_province *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    dc_free(v[i].name_zh);
    dc_free(v[i].full_zh);
    dc_free(v[i].abbr);
    dc_free(v[i].pinyin);
  }
  dc_free(v);
}

static void prules_free(struct dc_prov_rule *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    dc_free(v[i].province);
    dc_free(v[i].sources);
    dc_free(v[i].note);
    dc_strlist_clear(&v[i].list);
  }
  dc_free(v);
}

static void filing_free(struct dc_filing_row *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    dc_free(v[i].sources);
  }
  dc_free(v);
}

void dc_rules_clear(struct dc_rules *r)
{
  provs_free(r->prov, r->nprov);
  prules_free(r->rules, r->nrules);
  filing_free(r->filing, r->nfiling);
  dc_rules_init(r);
}

/* ---- provinces.txt: code name_zh full_zh abbr pinyin
 * ------------------------- */

static dc_status_t load_provinces(struct dc_rules        *r,
                                  struct dc_table_reader *rd, dc_diag_t *diag)
{
  struct dc_table_row row;
  struct dc_province *v   = NULL;
  size_t              n   = 0;
  size_t              cap = 0;
  dc_status_t         st;

  for (;;) {
    struct dc_province *p;
    st = dc_table_next(rd, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 5 || strlen(row.f[0]) != 2 || row.f[0][0] < '1' ||
        row.f[0][0] > '9' || row.f[0][1] < '0' || row.f[0][1] > '9') {
      st = dc_table_error(rd, row.line, diag,
                          "expected: code(2 digits) name_zh full_zh abbr "
                          "pinyin");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    p = &v[n++];
    memset(p, 0, sizeof(*p));
    memcpy(p->code, row.f[0], 3);
    p->name_zh = dc_strdup(row.f[1]);
    p->full_zh = dc_strdup(row.f[2]);
    p->abbr    = dc_strdup(row.f[3]);
    p->pinyin  = dc_strdup(row.f[4]);
    if (p->name_zh == NULL || p->full_zh == NULL || p->abbr == NULL ||
        p->pinyin == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  provs_free(r->prov, r->nprov);
  r->prov  = v;
  r->nprov = n;
  v        = NULL;
  n        = 0;
done:
  provs_free(v, n);
  return st;
}

int dc_rules_find_province(const struct dc_rules *r, const char *name)
{
  size_t i;
  if (name == NULL || name[0] == '\0') {
    return -1;
  }
  for (i = 0; i < r->nprov; i++) {
    const struct dc_province *p = &r->prov[i];
    if (strcmp(name, p->code) == 0 || strcmp(name, p->name_zh) == 0 ||
        strcmp(name, p->full_zh) == 0 || strcmp(name, p->abbr) == 0 ||
        strcasecmp(name, p->pinyin) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* ---- province-rules.txt ---------------------------------------------------
 * province rule applies value confidence sources [note] */

static dc_status_t parse_owner(const char *v, int64_t *out)
{
  int64_t     mask = 0;
  const char *p    = v;
  while (*p != '\0') {
    const char *c   = strchr(p, ',');
    size_t      len = c == NULL ? strlen(p) : (size_t)(c - p);
    if (len == 4 && strncmp(p, "self", 4) == 0) {
      mask |= DC_OWNER_SELF;
    } else if (len == 3 && strncmp(p, "org", 3) == 0) {
      mask |= DC_OWNER_ORG;
    } else if (len == 9 && strncmp(p, "legal-rep", 9) == 0) {
      mask |= DC_OWNER_LEGAL_REP;
    } else if (len == 9 && strncmp(p, "principal", 9) == 0) {
      mask |= DC_OWNER_PRINCIPAL;
    } else {
      return DC_EINVAL;
    }
    p = c == NULL ? p + len : c + 1;
  }
  if (mask == 0) {
    return DC_EINVAL;
  }
  *out = mask;
  return DC_OK;
}

static dc_status_t parse_suffix_list(const char *v, struct dc_strlist *l)
{
  const char *p = v;
  while (*p != '\0') {
    const char *c   = strchr(p, ',');
    size_t      len = c == NULL ? strlen(p) : (size_t)(c - p);
    size_t      i;
    dc_status_t st;
    while (len > 0 && *p == '.') {
      p++;
      len--;
    }
    if (len == 0) {
      return DC_EINVAL;
    }
    for (i = 0; i < len; i++) {
      char ch = p[i];
      if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
            ch == '.')) {
        return DC_EINVAL;
      }
    }
    st = dc_strlist_pushn(l, p, len);
    if (st != DC_OK) {
      return st;
    }
    p += len;
    if (*p == ',') {
      p++;
    }
  }
  return l->n == 0 ? DC_EINVAL : DC_OK;
}

static dc_status_t parse_rule_value(struct dc_prov_rule *pr, const char *v)
{
  switch (pr->kind) {
    case DC_PR_SUFFIX_REFUSED:
    case DC_PR_SUFFIX_DISPUTED:
      return parse_suffix_list(v, &pr->list);
    case DC_PR_EXPIRY_MARGIN:
    case DC_PR_ID_VALIDITY:
      return dc_table_int(v, 1, 3650, &pr->num) ? DC_OK : DC_EINVAL;
    case DC_PR_MIN_AGE:
    case DC_PR_PROOF_AGE:
      return dc_table_int(v, 1, 120, &pr->num) ? DC_OK : DC_EINVAL;
    case DC_PR_EXTRA_MATERIALS:
      return dc_table_int(v, 0, 100000, &pr->num) ? DC_OK : DC_EINVAL;
    case DC_PR_CERT_REQUIRED:
      /* "all", or N: required when the filing adds more than N domains */
      if (strcmp(v, "all") == 0) {
        pr->num = 0;
        return DC_OK;
      }
      return dc_table_int(v, 1, 100000, &pr->num) ? DC_OK : DC_EINVAL;
    case DC_PR_OWNER:
      return parse_owner(v, &pr->num);
    case DC_PR_ID_LOCAL:
      if (strcmp(v, "required") == 0) {
        pr->num = DC_IDLOCAL_REQUIRED;
      } else if (strcmp(v, "permit-ok") == 0) {
        pr->num = DC_IDLOCAL_PERMIT_OK;
      } else {
        return DC_EINVAL;
      }
      return DC_OK;
    case DC_PR_FOREIGN_REGISTRAR:
    case DC_PR_PRIVACY_OFF:
    case DC_PR_ONE_DOMAIN_PER_SITE:
    case DC_PR_NO_ACCESS_BEFORE:
      return v[0] == '\0' ? DC_OK : DC_EINVAL;
    case DC_PR_COUNT_:
      break;
  }
  return DC_EINVAL;
}

static const char *value_help(enum dc_prov_kind k)
{
  switch (k) {
    case DC_PR_SUFFIX_REFUSED:
    case DC_PR_SUFFIX_DISPUTED:
      return "a comma list of suffixes (A-labels)";
    case DC_PR_EXPIRY_MARGIN:
    case DC_PR_ID_VALIDITY:
      return "a number of days";
    case DC_PR_MIN_AGE:
    case DC_PR_PROOF_AGE:
      return "an age in years";
    case DC_PR_EXTRA_MATERIALS:
      return "a number of domains";
    case DC_PR_CERT_REQUIRED:
      return "all, or a number of new domains";
    case DC_PR_OWNER:
      return "a comma list of self, org, legal-rep, principal";
    case DC_PR_ID_LOCAL:
      return "required or permit-ok";
    case DC_PR_FOREIGN_REGISTRAR:
    case DC_PR_PRIVACY_OFF:
    case DC_PR_ONE_DOMAIN_PER_SITE:
    case DC_PR_NO_ACCESS_BEFORE:
    case DC_PR_COUNT_:
      break;
  }
  return "'-' (no value)";
}

static dc_status_t load_prules(struct dc_rules *r, struct dc_table_reader *rd,
                               dc_diag_t *diag)
{
  struct dc_table_row  row;
  struct dc_prov_rule *v   = NULL;
  size_t               n   = 0;
  size_t               cap = 0;
  dc_status_t          st;

  for (;;) {
    struct dc_prov_rule *pr;
    size_t               k;
    st = dc_table_next(rd, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 6) {
      st = dc_table_error(rd, row.line, diag,
                          "expected: province rule applies value confidence "
                          "sources [note]");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    pr = &v[n++];
    memset(pr, 0, sizeof(*pr));
    pr->line = row.line;
    pr->prov = -1;
    for (k = 0; k < DC_PR_COUNT_; k++) {
      if (strcmp(row.f[1], kind_names[k]) == 0) {
        break;
      }
    }
    if (k == DC_PR_COUNT_) {
      st = dc_table_error(rd, row.line, diag, "unknown rule \"%s\"", row.f[1]);
      goto done;
    }
    pr->kind = (enum dc_prov_kind)k;
    if (strcmp(row.f[2], "P") == 0) {
      pr->applies = DC_APPLIES_P;
    } else if (strcmp(row.f[2], "O") == 0) {
      pr->applies = DC_APPLIES_O;
    } else if (strcmp(row.f[2], "all") == 0) {
      pr->applies = DC_APPLIES_ALL;
    } else {
      st = dc_table_error(rd, row.line, diag, "applies \"%s\": use P, O or all",
                          row.f[2]);
      goto done;
    }
    st = parse_rule_value(pr, row.f[3]);
    if (st == DC_EINVAL) {
      st = dc_table_error(rd, row.line, diag, "rule %s takes %s, not \"%s\"",
                          row.f[1], value_help(pr->kind), row.f[3]);
      goto done;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (strcmp(row.f[4], "high") == 0) {
      pr->conf = DC_CONF_HIGH;
    } else if (strcmp(row.f[4], "medium") == 0) {
      pr->conf = DC_CONF_MEDIUM;
    } else if (strcmp(row.f[4], "low") == 0) {
      pr->conf = DC_CONF_LOW;
    } else {
      st = dc_table_error(rd, row.line, diag,
                          "confidence \"%s\": use high, medium or low",
                          row.f[4]);
      goto done;
    }
    pr->province = dc_strdup(row.f[0]);
    pr->sources  = dc_table_dup(row.f[5]);
    pr->note     = row.nfields > 6 ? dc_table_dup(row.f[6]) : NULL;
    if (pr->province == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  prules_free(r->rules, r->nrules);
  r->rules  = v;
  r->nrules = n;
  v         = NULL;
  n         = 0;
done:
  prules_free(v, n);
  return st;
}

/* ---- filing-types.txt: type scope condition sources -----------------------
 */

static dc_status_t load_filing(struct dc_rules *r, struct dc_table_reader *rd,
                               dc_diag_t *diag)
{
  struct dc_table_row   row;
  struct dc_filing_row *v   = NULL;
  size_t                n   = 0;
  size_t                cap = 0;
  dc_status_t           st;

  for (;;) {
    struct dc_filing_row *f;
    st = dc_table_next(rd, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 3) {
      st = dc_table_error(rd, row.line, diag,
                          "expected: type scope condition [sources]");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    f = &v[n++];
    memset(f, 0, sizeof(*f));
    f->line = row.line;
    if (dc_filing_type_parse(&f->type, row.f[0]) != DC_OK) {
      st = dc_table_error(rd, row.line, diag, "unknown filing type \"%s\"",
                          row.f[0]);
      goto done;
    }
    if (strcmp(row.f[1], "all") == 0) {
      f->scope = DC_SCOPE_ALL;
    } else if (strcmp(row.f[1], "added") == 0) {
      f->scope = DC_SCOPE_ADDED;
    } else if (strcmp(row.f[1], "none") == 0) {
      f->scope = DC_SCOPE_NONE;
    } else {
      st = dc_table_error(rd, row.line, diag,
                          "scope \"%s\": use all, added or none", row.f[1]);
      goto done;
    }
    if (row.f[2][0] != '\0') {
      const char *c = row.f[2];
      if (strncmp(c, "first-filed-before:", 19) != 0 ||
          dc_time_parse_user(c + 19, &f->before) != DC_OK) {
        st = dc_table_error(rd, row.line, diag,
                            "condition \"%s\": use first-filed-before:"
                            "YYYY-MM-DD or '-'",
                            c);
        goto done;
      }
      f->has_before = true;
    }
    f->sources = row.nfields > 3 ? dc_table_dup(row.f[3]) : NULL;
  }
  filing_free(r->filing, r->nfiling);
  r->filing  = v;
  r->nfiling = n;
  v          = NULL;
  n          = 0;
done:
  filing_free(v, n);
  return st;
}

enum dc_scope dc_rules_filing_scope(const struct dc_rules *r,
                                    dc_filing_type_t t, bool has_first_filed,
                                    int64_t first_filed)
{
  size_t i;
  /* First matching row wins. A row with a date condition matches only when
   * the first filing date is known and earlier. */
  for (i = 0; i < r->nfiling; i++) {
    const struct dc_filing_row *f = &r->filing[i];
    if (f->type != t) {
      continue;
    }
    if (f->has_before && !(has_first_filed && first_filed < f->before)) {
      continue;
    }
    return f->scope;
  }
  return DC_SCOPE_ALL; /* a type on no row: verify everything */
}

/* ---- policy.txt: key value [note] -----------------------------------------
 */

static bool parse_outcome(const char *v, dc_outcome_t *out)
{
  static const struct {
    const char  *name;
    dc_outcome_t o;
  } names[] = {{"pass", DC_OUTCOME_PASS},
               {"fail", DC_OUTCOME_FAIL},
               {"warn", DC_OUTCOME_WARN},
               {"unknown", DC_OUTCOME_UNKNOWN}};
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(names); i++) {
    if (strcmp(v, names[i].name) == 0) {
      *out = names[i].o;
      return true;
    }
  }
  return false;
}

dc_status_t dc_policy_set(struct dc_policy *p, const char *key,
                          const char *value)
{
  int64_t n;
  if (p == NULL || key == NULL || value == NULL) {
    return DC_EINVAL;
  }
  if (strcmp(key, "expiry-warn-days") == 0) {
    if (!dc_table_int(value, 0, 3650, &n)) {
      return DC_EINVAL;
    }
    p->expiry_warn_days = (int)n;
  } else if (strcmp(key, "realname-min-days") == 0) {
    if (!dc_table_int(value, 0, 365, &n)) {
      return DC_EINVAL;
    }
    p->realname_min_days = (int)n;
  } else if (strcmp(key, "whois-max-conn") == 0) {
    if (!dc_table_int(value, 1, 1000, &n)) {
      return DC_EINVAL;
    }
    p->whois_max_conn = (int)n;
  } else if (strcmp(key, "whois-per-min") == 0) {
    if (!dc_table_int(value, 1, 1000000, &n)) {
      return DC_EINVAL;
    }
    p->whois_per_min = (int)n;
  } else if (strcmp(key, "timeout-ms") == 0) {
    if (!dc_table_int(value, 100, 600000, &n)) {
      return DC_EINVAL;
    }
    p->timeout_ms = (int)n;
  } else if (strcmp(key, "likely-registrar") == 0) {
    return parse_outcome(value, &p->likely_registrar) ? DC_OK : DC_EINVAL;
  } else if (strcmp(key, "unverified-registrar") == 0) {
    return parse_outcome(value, &p->unverified_registrar) ? DC_OK : DC_EINVAL;
  } else if (strcmp(key, "registrant-name-only") == 0) {
    return parse_outcome(value, &p->name_only) ? DC_OK : DC_EINVAL;
  } else if (strcmp(key, "realname-not-public") == 0) {
    return parse_outcome(value, &p->realname_public) ? DC_OK : DC_EINVAL;
  } else if (strcmp(key, "registrant-redacted") == 0) {
    return parse_outcome(value, &p->redacted) ? DC_OK : DC_EINVAL;
  } else if (strcmp(key, "uncertain-tld") == 0) {
    return parse_outcome(value, &p->uncertain_tld) ? DC_OK : DC_EINVAL;
  } else if (strcmp(key, "disputed-suffix") == 0) {
    return parse_outcome(value, &p->disputed_suffix) ? DC_OK : DC_EINVAL;
  } else {
    return DC_EINVAL;
  }
  return DC_OK;
}

static dc_status_t load_policy(struct dc_rules *r, struct dc_table_reader *rd,
                               dc_diag_t *diag)
{
  struct dc_table_row row;
  struct dc_policy    p;
  dc_status_t         st;

  policy_defaults(&p);
  for (;;) {
    st = dc_table_next(rd, &row, diag);
    if (st == DC_ENOTFOUND) {
      break;
    }
    if (st != DC_OK) {
      return st;
    }
    if (row.nfields < 2) {
      return dc_table_error(rd, row.line, diag, "expected: key value [note]");
    }
    if (dc_policy_set(&p, row.f[0], row.f[1]) != DC_OK) {
      return dc_table_error(rd, row.line, diag,
                            "unknown key or bad value: %s %s", row.f[0],
                            row.f[1]);
    }
  }
  r->policy = p;
  return DC_OK;
}

dc_status_t dc_rules_load_text(struct dc_rules *r, const char *name,
                               struct dc_table_reader *rd, dc_diag_t *diag)
{
  if (strcmp(name, "provinces.txt") == 0) {
    return load_provinces(r, rd, diag);
  }
  if (strcmp(name, "province-rules.txt") == 0) {
    return load_prules(r, rd, diag);
  }
  if (strcmp(name, "filing-types.txt") == 0) {
    return load_filing(r, rd, diag);
  }
  if (strcmp(name, "policy.txt") == 0) {
    return load_policy(r, rd, diag);
  }
  return dc_table_error(rd, 0, diag, "not a tld-list file this version knows");
}

dc_status_t dc_rules_finish(struct dc_rules *r, dc_diag_t *diag)
{
  size_t i;
  for (i = 0; i < r->nrules; i++) {
    struct dc_prov_rule *pr = &r->rules[i];
    pr->prov                = dc_rules_find_province(r, pr->province);
    if (pr->prov < 0) {
      if (diag != NULL) {
        memset(diag, 0, sizeof(*diag));
        (void)snprintf(diag->file, sizeof(diag->file), "province-rules.txt");
        diag->line = pr->line;
        (void)snprintf(diag->message, sizeof(diag->message),
                       "province \"%s\" is not in provinces.txt", pr->province);
      }
      return DC_EFORMAT;
    }
  }
  return DC_OK;
}
