/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/rulesdata.h - provincial bureaus' rules, the filing-type matrix
 *  and the policy profile (tld-list/provinces.txt, province-rules.txt,
 *  filing-types.txt, policy.txt)
 */
#pragma once

#include "common.h"
#include "table.h"
#include "tldlist.h"

/* Rule kinds of province-rules.txt; names in rulesdata.c's table. */
enum dc_prov_kind {
  DC_PR_SUFFIX_REFUSED,      /* tld-approved fail for these suffixes */
  DC_PR_SUFFIX_DISPUTED,     /* tld-approved warn: the sources disagree */
  DC_PR_FOREIGN_REGISTRAR,   /* registrar-approved: foreign refused */
  DC_PR_EXPIRY_MARGIN,       /* unexpired fail below N days left */
  DC_PR_PRIVACY_OFF,         /* registrant-match fail when redacted */
  DC_PR_OWNER,               /* registrant-match: who may own it */
  DC_PR_ID_LOCAL,            /* subject-valid: ID issued in province */
  DC_PR_MIN_AGE,             /* subject-valid fail below N years */
  DC_PR_PROOF_AGE,           /* subject-valid warn below N years */
  DC_PR_ID_VALIDITY,         /* subject-valid fail: ID valid < N days */
  DC_PR_CERT_REQUIRED,       /* real-name fail without a certificate */
  DC_PR_ONE_DOMAIN_PER_SITE, /* subject-valid warn: several new domains */
  DC_PR_EXTRA_MATERIALS,     /* subject-valid warn above N new domains */
  DC_PR_NO_ACCESS_BEFORE,    /* dns warn: resolves before filing */
  DC_PR_COUNT_
};

#define DC_APPLIES_P   0x1u /* individual filings */
#define DC_APPLIES_O   0x2u /* organization filings */
#define DC_APPLIES_ALL 0x3u

/* Who may own the domain (DC_PR_OWNER value, comma list). */
#define DC_OWNER_SELF      0x1u /* the filing person (P) */
#define DC_OWNER_ORG       0x2u /* the organization (O) */
#define DC_OWNER_LEGAL_REP 0x4u /* its legal representative (O) */
#define DC_OWNER_PRINCIPAL                                                     \
  0x8u /* the site principal (O): not in the                                   \
          subject file, so it cannot be checked */

/* ID locality (DC_PR_ID_LOCAL value). */
#define DC_IDLOCAL_REQUIRED  1 /* ID must be issued in the province */
#define DC_IDLOCAL_PERMIT_OK 2 /* or a local residence permit */

struct dc_prov_rule {
  char              *province; /* as written in the file */
  int                prov;     /* index into dc_rules.prov after finish */
  enum dc_prov_kind  kind;
  unsigned           applies;
  int64_t            num;  /* days, years, counts, ID_LOCAL/OWNER value */
  struct dc_strlist  list; /* suffixes (A-label) */
  enum dc_confidence conf;
  char              *sources;
  char              *note;
  unsigned           line;
};

struct dc_province {
  char  code[3]; /* GB/T 2260 */
  char *name_zh; /* 河南 */
  char *full_zh; /* 河南省 */
  char *abbr;    /* 豫 */
  char *pinyin;  /* henan */
};

enum dc_scope { DC_SCOPE_ALL, DC_SCOPE_ADDED, DC_SCOPE_NONE };

struct dc_filing_row {
  dc_filing_type_t type;
  enum dc_scope    scope;
  bool             has_before; /* applies when first filed before ... */
  int64_t          before;
  char            *sources;
  unsigned         line;
};

/* The policy profile (rules.md 5, 6). */
struct dc_policy {
  int          expiry_warn_days;     /* fewer days left: warn */
  int          realname_min_days;    /* real-name record at least this old */
  dc_outcome_t likely_registrar;     /* outcome for miit=likely */
  dc_outcome_t unverified_registrar; /* outcome for miit=unverified */
  dc_outcome_t name_only;            /* name matches, ID not seen */
  dc_outcome_t realname_public;      /* real name not visible publicly */
  dc_outcome_t redacted;             /* registrant redacted, no certificate */
  dc_outcome_t uncertain_tld;        /* tlds.txt status uncertain */
  dc_outcome_t disputed_suffix;      /* province sources disagree */
  int          whois_max_conn;       /* default per-server connections */
  int          whois_per_min;        /* default per-server queries a minute */
  int          timeout_ms;           /* per-domain deadline */
};

struct dc_rules {
  struct dc_province   *prov;
  size_t                nprov;
  struct dc_prov_rule  *rules;
  size_t                nrules;
  struct dc_filing_row *filing;
  size_t                nfiling;
  struct dc_policy      policy;
};

void dc_rules_init(struct dc_rules *r);
void dc_rules_clear(struct dc_rules *r);
/* Load one of the four files; DC_EINVAL for a file name it does not know
 * (the caller's dispatch decides what is an unknown file). */
dc_status_t dc_rules_load_text(struct dc_rules *r, const char *name,
                               struct dc_table_reader *rd, dc_diag_t *diag);
/* Resolve province names of province-rules.txt; call after loading. */
dc_status_t dc_rules_finish(struct dc_rules *r, dc_diag_t *diag);
/* Set one policy knob by its policy.txt key. */
dc_status_t dc_policy_set(struct dc_policy *p, const char *key,
                          const char *value);

/* Province by code ("41"), Chinese name (河南, 河南省), abbreviation (豫)
 * or pinyin (henan, any case); -1 when none. */
int dc_rules_find_province(const struct dc_rules *r, const char *name);
/* The scope of a filing type, given when the site was first filed (has =
 * false: unknown, then the strict row applies). */
enum dc_scope dc_rules_filing_scope(const struct dc_rules *r,
                                    dc_filing_type_t t, bool has_first_filed,
                                    int64_t first_filed);
const char   *dc_prov_kind_name(enum dc_prov_kind k);

const struct dc_rules *dc_tldlist_rules(const struct dc_tldlist *tl);
struct dc_rules       *dc_tldlist_rules_mut(struct dc_tldlist *tl);
