/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/tldlist.c - load and index the rule data of tld-list/
 */
#include "tldlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "rulesdata.h"
#include "table.h"
#include "text.h"

#define TLDLIST_MAX_FILE (8u * 1024u * 1024u)

struct dc_tldlist {
  struct dc_tld            *tlds; /* tlds.txt */
  size_t                    ntlds;
  struct dc_tld            *slds; /* cn-second-level.txt */
  size_t                    nslds;
  struct dc_registrar      *regs;
  size_t                    nregs;
  struct dc_iana_registrar *iana; /* sorted by id */
  size_t                    niana;
  struct dc_whois_server   *whois; /* sorted by suffix */
  size_t                    nwhois;
  struct dc_server_props   *props;
  size_t                    nprops;
  struct dc_rdap_service   *rdap; /* sorted by tld */
  size_t                    nrdap;
  char                     *rdap_publication;
  struct dc_rules           rules; /* provinces, filing types, policy */
};

/* ---- small parsing helpers --------------------------------------------------
 */

static bool dup_field(char **dst, const char *s)
{
  *dst = dc_table_dup(s);
  return s == NULL || s[0] == '\0' || *dst != NULL;
}

static dc_status_t parse_conf(const char *s, enum dc_confidence *out)
{
  if (strcmp(s, "high") == 0) {
    *out = DC_CONF_HIGH;
  } else if (strcmp(s, "medium") == 0) {
    *out = DC_CONF_MEDIUM;
  } else if (strcmp(s, "low") == 0) {
    *out = DC_CONF_LOW;
  } else {
    return DC_EINVAL;
  }
  return DC_OK;
}

/* A suffix column: A-label, lower case, no leading dot. */
static bool suffix_ok(const char *s)
{
  const char *p;
  if (s[0] == '\0' || s[0] == '.') {
    return false;
  }
  for (p = s; *p != '\0'; p++) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
          *p == '.')) {
      return false;
    }
  }
  return true;
}

/* ---- tlds.txt, cn-second-level.txt
 * ---------------------------------------------- */

static void tld_clear(struct dc_tld *t)
{
  dc_free(t->suffix);
  dc_free(t->unicode);
  dc_free(t->registry);
  dc_free(t->sources);
  dc_free(t->note);
}

static void tlds_free(struct dc_tld *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    tld_clear(&v[i]);
  }
  dc_free(v);
}

static dc_status_t parse_status(const char *s, enum dc_tld_status *out)
{
  if (strcmp(s, "approved") == 0) {
    *out = DC_TLD_APPROVED;
  } else if (strcmp(s, "uncertain") == 0) {
    *out = DC_TLD_UNCERTAIN;
  } else if (strcmp(s, "refused") == 0) {
    *out = DC_TLD_REFUSED;
  } else {
    return DC_EINVAL;
  }
  return DC_OK;
}

/* tlds.txt:            suffix unicode status confidence registry sources note
 * cn-second-level.txt: suffix unicode status holder confidence sources note */
static dc_status_t load_tlds(struct dc_table_reader *r, bool second_level,
                             struct dc_tld **out, size_t *nout, dc_diag_t *diag)
{
  struct dc_table_row row;
  struct dc_tld      *v   = NULL;
  size_t              n   = 0;
  size_t              cap = 0;
  dc_status_t         st;

  for (;;) {
    struct dc_tld *t;
    const char    *registry = "";
    size_t         k        = 0;
    st                      = dc_table_next(r, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 6) {
      st = dc_table_error(r, row.line, diag, "expected at least 6 fields");
      goto done;
    }
    if (!suffix_ok(row.f[0])) {
      st =
          dc_table_error(r, row.line, diag,
                         "suffix \"%s\" is not a lower-case A-label", row.f[0]);
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    t = &v[n];
    memset(t, 0, sizeof(*t));
    t->second_level = second_level;
    n++;
    if (parse_status(row.f[2], &t->status) != DC_OK) {
      st = dc_table_error(r, row.line, diag,
                          "status \"%s\": use approved, uncertain or refused",
                          row.f[2]);
      goto done;
    }
    k = 3;
    if (second_level) {
      if (strcmp(row.f[3], "any") == 0) {
        t->holder = DC_HOLDER_ANY;
      } else if (strcmp(row.f[3], "state") == 0) {
        t->holder = DC_HOLDER_STATE;
      } else {
        st = dc_table_error(r, row.line, diag,
                            "holder \"%s\": use any or state", row.f[3]);
        goto done;
      }
      k = 4;
    }
    if (parse_conf(row.f[k], &t->conf) != DC_OK) {
      st = dc_table_error(r, row.line, diag,
                          "confidence \"%s\": use high, medium or low",
                          row.f[k]);
      goto done;
    }
    /* After confidence: tlds.txt has registry sources note,
     * cn-second-level.txt sources note. */
    k++;
    if (!second_level) {
      registry = row.f[k++];
    }
    if (!dup_field(&t->suffix, row.f[0]) ||
        !dup_field(&t->unicode, row.f[1][0] != '\0' ? row.f[1] : row.f[0]) ||
        !dup_field(&t->registry, registry) ||
        !dup_field(&t->sources, k < row.nfields ? row.f[k] : "") ||
        !dup_field(&t->note, k + 1 < row.nfields ? row.f[k + 1] : "")) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  *out  = v;
  *nout = n;
  v     = NULL;
  n     = 0;
done:
  tlds_free(v, n);
  return st;
}

static const struct dc_tld *find_tld(const struct dc_tld *v, size_t n,
                                     const char *suffix)
{
  size_t i;
  for (i = 0; i < n; i++) {
    if (strcmp(v[i].suffix, suffix) == 0) {
      return &v[i];
    }
  }
  return NULL;
}

const struct dc_tld *dc_tldlist_tld(const struct dc_tldlist *tl,
                                    const char              *suffix)
{
  const struct dc_tld *t = find_tld(tl->slds, tl->nslds, suffix);
  return t != NULL ? t : find_tld(tl->tlds, tl->ntlds, suffix);
}

const struct dc_tld *dc_tldlist_longest_suffix(const struct dc_tldlist *tl,
                                               const char              *domain)
{
  const char *p = domain;
  /* Longest suffix wins: try from the whole name towards the TLD. */
  while (p != NULL && *p != '\0') {
    const struct dc_tld *t = dc_tldlist_tld(tl, p);
    if (t != NULL) {
      return t;
    }
    p = strchr(p, '.');
    if (p != NULL) {
      p++;
    }
  }
  return NULL;
}

/* ---- registrars.txt
 * ------------------------------------------------------------- */

/* Comparison key of a registrar name: normalized, a trailing bracketed part
 * ("（万网）", "(120)", "(R151-LRMS)") cut, ASCII punctuation and spaces
 * removed. "" when nothing is left. Owned. */
static char *registrar_key(const char *name)
{
  char  *n = dc_name_normalize(name);
  size_t len;
  size_t i;
  size_t j;
  if (n == NULL) {
    return NULL;
  }
  len = strlen(n);
  /* Cut trailing "(...)" groups (normalize unified the brackets). */
  while (len > 0 && n[len - 1] == ')') {
    size_t depth = 0;
    size_t k     = len;
    while (k > 0) {
      k--;
      if (n[k] == ')') {
        depth++;
      } else if (n[k] == '(') {
        depth--;
        if (depth == 0) {
          break;
        }
      }
    }
    if (depth != 0 || k == 0) {
      break; /* unbalanced, or the whole name is bracketed: keep it */
    }
    len = k;
  }
  for (i = 0, j = 0; i < len; i++) {
    unsigned char c = (unsigned char)n[i];
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      continue;
    }
    n[j++] = n[i];
  }
  n[j] = '\0';
  return n;
}

static void registrar_clear(struct dc_registrar *g)
{
  dc_free(g->name_zh);
  dc_free(g->name_en);
  dc_free(g->whois);
  dc_free(g->rdap);
  dc_free(g->sources);
  dc_strlist_clear(&g->keys);
}

static void regs_free(struct dc_registrar *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    registrar_clear(&v[i]);
  }
  dc_free(v);
}

static dc_status_t add_key(struct dc_registrar *g, const char *name)
{
  char       *k;
  dc_status_t st = DC_OK;
  if (name == NULL || name[0] == '\0') {
    return DC_OK;
  }
  k = registrar_key(name);
  if (k == NULL) {
    return DC_EFORMAT;
  }
  if (k[0] != '\0' && !dc_strlist_contains(&g->keys, k)) {
    st = dc_strlist_push(&g->keys, k);
  }
  dc_free(k);
  return st;
}

/* iana_id miit name_zh name_en aliases whois rdap sources */
static dc_status_t load_registrars(struct dc_table_reader *r,
                                   struct dc_registrar **out, size_t *nout,
                                   dc_diag_t *diag)
{
  struct dc_table_row  row;
  struct dc_registrar *v   = NULL;
  size_t               n   = 0;
  size_t               cap = 0;
  dc_status_t          st;

  for (;;) {
    struct dc_registrar *g;
    const char          *a;
    st = dc_table_next(r, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 8) {
      st = dc_table_error(r, row.line, diag, "expected 8 fields");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    g = &v[n++];
    memset(g, 0, sizeof(*g));
    g->iana_id = -1;
    if (row.f[0][0] != '\0' &&
        !dc_table_int(row.f[0], 0, INT64_MAX, &g->iana_id)) {
      st = dc_table_error(r, row.line, diag, "iana_id \"%s\" is not a number",
                          row.f[0]);
      goto done;
    }
    if (strcmp(row.f[1], "confirmed") == 0) {
      g->miit = DC_MIIT_CONFIRMED;
    } else if (strcmp(row.f[1], "likely") == 0) {
      g->miit = DC_MIIT_LIKELY;
    } else if (strcmp(row.f[1], "unverified") == 0) {
      g->miit = DC_MIIT_UNVERIFIED;
    } else {
      st = dc_table_error(r, row.line, diag,
                          "miit \"%s\": use confirmed, likely or unverified",
                          row.f[1]);
      goto done;
    }
    if (row.f[2][0] == '\0' && row.f[3][0] == '\0') {
      st = dc_table_error(r, row.line, diag, "a registrar needs a name");
      goto done;
    }
    if (!dup_field(&g->name_zh, row.f[2]) ||
        !dup_field(&g->name_en, row.f[3]) || !dup_field(&g->whois, row.f[5]) ||
        !dup_field(&g->rdap, row.f[6]) || !dup_field(&g->sources, row.f[7])) {
      st = DC_ENOMEM;
      goto done;
    }
    st = add_key(g, row.f[2]);
    if (st == DC_OK) {
      st = add_key(g, row.f[3]);
    }
    /* aliases: '|'-separated */
    a = row.f[4];
    while (st == DC_OK && *a != '\0') {
      const char *bar = strchr(a, '|');
      size_t      len = bar == NULL ? strlen(a) : (size_t)(bar - a);
      char       *one = dc_strndup(a, len);
      if (one == NULL) {
        st = DC_ENOMEM;
        break;
      }
      st = add_key(g, one);
      dc_free(one);
      a = bar == NULL ? a + len : bar + 1;
    }
    if (st == DC_EFORMAT) {
      st = dc_table_error(r, row.line, diag, "a name is not valid UTF-8");
    }
    if (st != DC_OK) {
      goto done;
    }
  }
  *out  = v;
  *nout = n;
  v     = NULL;
  n     = 0;
done:
  regs_free(v, n);
  return st;
}

const struct dc_registrar *
dc_tldlist_registrar_by_id(const struct dc_tldlist *tl, int64_t iana_id)
{
  size_t i;
  if (iana_id < 0) {
    return NULL;
  }
  for (i = 0; i < tl->nregs; i++) {
    if (tl->regs[i].iana_id == iana_id) {
      return &tl->regs[i];
    }
  }
  return NULL;
}

const struct dc_registrar *
dc_tldlist_registrar_by_name(const struct dc_tldlist *tl, const char *name)
{
  const struct dc_registrar *found = NULL;
  char                      *k;
  size_t                     i;
  if (name == NULL) {
    return NULL;
  }
  k = registrar_key(name);
  if (k == NULL || k[0] == '\0') {
    dc_free(k);
    return NULL;
  }
  for (i = 0; i < tl->nregs && found == NULL; i++) {
    if (dc_strlist_contains(&tl->regs[i].keys, k)) {
      found = &tl->regs[i];
    }
  }
  dc_free(k);
  return found;
}

/* ---- iana-registrars.txt
 * ------------------------------------------------------------ */

static void iana_free(struct dc_iana_registrar *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    dc_free(v[i].name);
    dc_free(v[i].status);
    dc_free(v[i].rdap);
  }
  dc_free(v);
}

static int cmp_iana(const void *a, const void *b)
{
  const struct dc_iana_registrar *x = a;
  const struct dc_iana_registrar *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* id name status rdap */
static dc_status_t load_iana(struct dc_table_reader    *r,
                             struct dc_iana_registrar **out, size_t *nout,
                             dc_diag_t *diag)
{
  struct dc_table_row       row;
  struct dc_iana_registrar *v   = NULL;
  size_t                    n   = 0;
  size_t                    cap = 0;
  dc_status_t               st;

  for (;;) {
    struct dc_iana_registrar *g;
    st = dc_table_next(r, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 3) {
      st = dc_table_error(r, row.line, diag, "expected 3 or 4 fields");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    g = &v[n++];
    memset(g, 0, sizeof(*g));
    if (!dc_table_int(row.f[0], 0, INT64_MAX, &g->id)) {
      st = dc_table_error(r, row.line, diag, "id \"%s\" is not a number",
                          row.f[0]);
      goto done;
    }
    if (!dup_field(&g->name, row.f[1]) || !dup_field(&g->status, row.f[2]) ||
        !dup_field(&g->rdap, row.nfields > 3 ? row.f[3] : "")) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  if (n > 0) {
    qsort(v, n, sizeof(*v), cmp_iana);
  }
  *out  = v;
  *nout = n;
  v     = NULL;
  n     = 0;
done:
  iana_free(v, n);
  return st;
}

const struct dc_iana_registrar *dc_tldlist_iana(const struct dc_tldlist *tl,
                                                int64_t                  id)
{
  struct dc_iana_registrar key;
  memset(&key, 0, sizeof(key));
  key.id = id;
  if (tl->niana == 0) {
    return NULL;
  }
  return bsearch(&key, tl->iana, tl->niana, sizeof(key), cmp_iana);
}

const char *dc_tldlist_iana_name_cb(void *ud, int64_t id)
{
  const struct dc_iana_registrar *g = dc_tldlist_iana(ud, id);
  return g == NULL ? NULL : g->name;
}

/* ---- whois-servers.txt
 * ------------------------------------------------------------------ */

static void whois_free(struct dc_whois_server *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    dc_free(v[i].suffix);
    dc_free(v[i].host);
  }
  dc_free(v);
}

static int cmp_whois(const void *a, const void *b)
{
  const struct dc_whois_server *x = a;
  const struct dc_whois_server *y = b;
  return strcmp(x->suffix, y->suffix);
}

/* suffix kind host source */
static dc_status_t load_whois(struct dc_table_reader  *r,
                              struct dc_whois_server **out, size_t *nout,
                              dc_diag_t *diag)
{
  struct dc_table_row     row;
  struct dc_whois_server *v   = NULL;
  size_t                  n   = 0;
  size_t                  cap = 0;
  dc_status_t             st;

  for (;;) {
    struct dc_whois_server *w;
    st = dc_table_next(r, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 2 || !suffix_ok(row.f[0])) {
      st = dc_table_error(r, row.line, diag,
                          "expected: suffix kind host [source]");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    w = &v[n++];
    memset(w, 0, sizeof(*w));
    if (strcmp(row.f[1], "thick") == 0) {
      w->kind = DC_WHOIS_THICK;
    } else if (strcmp(row.f[1], "thin") == 0) {
      w->kind = DC_WHOIS_THIN;
    } else if (strcmp(row.f[1], "none") == 0) {
      w->kind = DC_WHOIS_NONE;
    } else if (strcmp(row.f[1], "web") == 0) {
      w->kind = DC_WHOIS_WEB;
    } else {
      st =
          dc_table_error(r, row.line, diag,
                         "kind \"%s\": use thick, thin, none or web", row.f[1]);
      goto done;
    }
    if ((w->kind == DC_WHOIS_THICK || w->kind == DC_WHOIS_THIN) &&
        (row.nfields < 3 || row.f[2][0] == '\0')) {
      st = dc_table_error(r, row.line, diag, "a %s server needs a host",
                          row.f[1]);
      goto done;
    }
    if (!dup_field(&w->suffix, row.f[0]) ||
        !dup_field(&w->host, row.nfields > 2 ? row.f[2] : "")) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  if (n > 0) {
    qsort(v, n, sizeof(*v), cmp_whois);
  }
  *out  = v;
  *nout = n;
  v     = NULL;
  n     = 0;
done:
  whois_free(v, n);
  return st;
}

const struct dc_whois_server *
dc_tldlist_whois_server(const struct dc_tldlist *tl, const char *domain)
{
  const char *p = domain;
  while (p != NULL && *p != '\0' && tl->nwhois > 0) {
    struct dc_whois_server        key;
    const struct dc_whois_server *hit;
    memset(&key, 0, sizeof(key));
    key.suffix = (char *)(uintptr_t)p; /* bsearch key only, not written */
    hit        = bsearch(&key, tl->whois, tl->nwhois, sizeof(key), cmp_whois);
    if (hit != NULL) {
      return hit;
    }
    p = strchr(p, '.');
    if (p != NULL) {
      p++;
    }
  }
  return NULL;
}

/* ---- servers.txt
 * ---------------------------------------------------------------- */

static void props_free(struct dc_server_props *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    dc_free(v[i].server);
    dc_free(v[i].zone);
    dc_free(v[i].charset);
    dc_free(v[i].sources);
  }
  dc_free(v);
}

static bool zone_ok(const char *z)
{
  if (strcmp(z, "UTC") == 0 || strcmp(z, "US-Pacific") == 0) {
    return true;
  }
  return strlen(z) == 6 && (z[0] == '+' || z[0] == '-') && z[1] >= '0' &&
         z[1] <= '1' && z[2] >= '0' && z[2] <= '9' && z[3] == ':' &&
         z[4] >= '0' && z[4] <= '5' && z[5] >= '0' && z[5] <= '9';
}

/* server zone charset max_conn per_min confidence sources */
static dc_status_t load_props(struct dc_table_reader  *r,
                              struct dc_server_props **out, size_t *nout,
                              dc_diag_t *diag)
{
  struct dc_table_row     row;
  struct dc_server_props *v   = NULL;
  size_t                  n   = 0;
  size_t                  cap = 0;
  dc_status_t             st;

  for (;;) {
    struct dc_server_props *s;
    int64_t                 num;
    st = dc_table_next(r, &row, diag);
    if (st == DC_ENOTFOUND) {
      st = DC_OK;
      break;
    }
    if (st != DC_OK) {
      goto done;
    }
    if (row.nfields < 6) {
      st = dc_table_error(r, row.line, diag,
                          "expected: server zone charset max_conn per_min "
                          "confidence [sources]");
      goto done;
    }
    v = dc_table_grow(v, &cap, n, sizeof(*v));
    if (v == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    s = &v[n++];
    memset(s, 0, sizeof(*s));
    if (row.f[1][0] != '\0' && !zone_ok(row.f[1])) {
      st = dc_table_error(r, row.line, diag,
                          "zone \"%s\": use +hh:mm, -hh:mm, UTC or US-Pacific",
                          row.f[1]);
      goto done;
    }
    if (row.f[3][0] != '\0') {
      if (!dc_table_int(row.f[3], 1, 1000, &num)) {
        st = dc_table_error(r, row.line, diag, "max_conn must be 1..1000");
        goto done;
      }
      s->max_conn = (int)num;
    }
    if (row.f[4][0] != '\0') {
      if (!dc_table_int(row.f[4], 1, 1000000, &num)) {
        st = dc_table_error(r, row.line, diag, "per_min must be 1..1000000");
        goto done;
      }
      s->per_min = (int)num;
    }
    if (parse_conf(row.f[5], &s->conf) != DC_OK) {
      st = dc_table_error(r, row.line, diag,
                          "confidence \"%s\": use high, medium or low",
                          row.f[5]);
      goto done;
    }
    if (!dup_field(&s->server, row.f[0]) || !dup_field(&s->zone, row.f[1]) ||
        !dup_field(&s->charset, row.f[2]) ||
        !dup_field(&s->sources, row.nfields > 6 ? row.f[6] : "")) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  *out  = v;
  *nout = n;
  v     = NULL;
  n     = 0;
done:
  props_free(v, n);
  return st;
}

static bool host_matches(const char *host, const char *pattern)
{
  size_t hl = strlen(host);
  size_t pl = strlen(pattern);
  if (hl == pl) {
    return strcmp(host, pattern) == 0;
  }
  /* "example.net" also covers "whois.example.net". */
  return hl > pl && host[hl - pl - 1] == '.' &&
         strcmp(host + hl - pl, pattern) == 0;
}

const struct dc_server_props *
dc_tldlist_server_props(const struct dc_tldlist *tl, const char *server)
{
  const struct dc_server_props *best = NULL;
  const struct dc_server_props *dflt = NULL;
  size_t                        i;
  for (i = 0; i < tl->nprops; i++) {
    const struct dc_server_props *s = &tl->props[i];
    if (strcmp(s->server, "*") == 0) {
      dflt = s;
    } else if (server != NULL && host_matches(server, s->server) &&
               (best == NULL || strlen(s->server) > strlen(best->server))) {
      best = s;
    }
  }
  return best != NULL ? best : dflt;
}

/* ---- rdap-dns.json (RFC 9224)
 * --------------------------------------------------- */

static void rdap_free(struct dc_rdap_service *v, size_t n)
{
  size_t i;
  size_t j;
  for (i = 0; i < n; i++) {
    dc_free(v[i].tld);
    for (j = 0; j < v[i].nurls; j++) {
      dc_free(v[i].urls[j]);
    }
    dc_free(v[i].urls);
  }
  dc_free(v);
}

static int cmp_rdap(const void *a, const void *b)
{
  const struct dc_rdap_service *x = a;
  const struct dc_rdap_service *y = b;
  return strcmp(x->tld, y->tld);
}

static dc_status_t load_rdap(const char *name, const char *text, size_t len,
                             struct dc_rdap_service **out, size_t *nout,
                             char **pub, dc_diag_t *diag)
{
  struct dc_json         *doc = NULL;
  struct dc_json_error    jerr;
  struct dc_rdap_service *v   = NULL;
  size_t                  n   = 0;
  size_t                  cap = 0;
  const struct dc_json   *services;
  size_t                  i;
  size_t                  j;
  size_t                  k;
  dc_status_t             st;

  st = dc_json_parse(&doc, text, len, 0, &jerr);
  if (st == DC_EFORMAT) {
    if (diag != NULL) {
      (void)snprintf(diag->file, sizeof(diag->file), "%s", name);
      diag->line   = jerr.line;
      diag->column = jerr.col;
      (void)snprintf(diag->message, sizeof(diag->message), "%s", jerr.message);
    }
    goto done;
  }
  if (st != DC_OK) {
    goto done;
  }
  services = dc_json_get_array(doc, "services");
  if (services == NULL) {
    st = DC_EFORMAT;
    if (diag != NULL) {
      (void)snprintf(diag->file, sizeof(diag->file), "%s", name);
      diag->line = 1;
      (void)snprintf(diag->message, sizeof(diag->message),
                     "no \"services\" array (RFC 9224 bootstrap expected)");
    }
    goto done;
  }
  for (i = 0; i < services->len; i++) {
    const struct dc_json *svc = services->items[i];
    const struct dc_json *tlds;
    const struct dc_json *urls;
    if (svc->type != DC_JSON_ARRAY || svc->len < 2 ||
        svc->items[0]->type != DC_JSON_ARRAY ||
        svc->items[1]->type != DC_JSON_ARRAY) {
      continue; /* RFC 9224 §4: ignore what we do not understand */
    }
    tlds = svc->items[0];
    urls = svc->items[1];
    for (j = 0; j < tlds->len; j++) {
      struct dc_rdap_service *s;
      if (tlds->items[j]->type != DC_JSON_STRING) {
        continue;
      }
      v = dc_table_grow(v, &cap, n, sizeof(*v));
      if (v == NULL) {
        st = DC_ENOMEM;
        goto done;
      }
      s = &v[n++];
      memset(s, 0, sizeof(*s));
      s->tld  = dc_strdup(tlds->items[j]->str);
      s->urls = dc_calloc(urls->len == 0 ? 1 : urls->len, sizeof(char *));
      if (s->tld == NULL || s->urls == NULL) {
        st = DC_ENOMEM;
        goto done;
      }
      dc_ascii_lower(s->tld);
      /* https first (RFC 9224 §4: prefer https). */
      for (k = 0; k < 2; k++) {
        size_t u;
        for (u = 0; u < urls->len; u++) {
          const struct dc_json *x = urls->items[u];
          bool                  https;
          if (x->type != DC_JSON_STRING) {
            continue;
          }
          https = strncmp(x->str, "https://", 8) == 0;
          if ((k == 0) != https) {
            continue;
          }
          s->urls[s->nurls] = dc_strdup(x->str);
          if (s->urls[s->nurls] == NULL) {
            st = DC_ENOMEM;
            goto done;
          }
          s->nurls++;
        }
      }
    }
  }
  if (n > 0) {
    qsort(v, n, sizeof(*v), cmp_rdap);
  }
  *pub  = dc_table_dup(dc_json_get_str(doc, "publication"));
  *out  = v;
  *nout = n;
  v     = NULL;
  n     = 0;
done:
  rdap_free(v, n);
  dc_json_free(doc);
  return st;
}

const struct dc_rdap_service *dc_tldlist_rdap(const struct dc_tldlist *tl,
                                              const char              *tld)
{
  struct dc_rdap_service key;
  memset(&key, 0, sizeof(key));
  key.tld = (char *)(uintptr_t)tld; /* bsearch key only, not written */
  if (tl->nrdap == 0 || tld == NULL) {
    return NULL;
  }
  return bsearch(&key, tl->rdap, tl->nrdap, sizeof(key), cmp_rdap);
}

/* ---- the whole list
 * ----------------------------------------------------------- */

dc_status_t dc_tldlist_load_text(struct dc_tldlist *tl, const char *name,
                                 const char *text, size_t len, dc_diag_t *diag)
{
  struct dc_table_reader r;
  dc_status_t            st = DC_OK;

  dc_table_reader_init(&r, text, len, name);
  if (strcmp(name, "tlds.txt") == 0 ||
      strcmp(name, "cn-second-level.txt") == 0) {
    bool           sl = name[0] == 'c';
    struct dc_tld *v  = NULL;
    size_t         n  = 0;
    st                = load_tlds(&r, sl, &v, &n, diag);
    if (st == DC_OK) {
      tlds_free(sl ? tl->slds : tl->tlds, sl ? tl->nslds : tl->ntlds);
      if (sl) {
        tl->slds  = v;
        tl->nslds = n;
      } else {
        tl->tlds  = v;
        tl->ntlds = n;
      }
    }
  } else if (strcmp(name, "registrars.txt") == 0) {
    struct dc_registrar *v = NULL;
    size_t               n = 0;
    st                     = load_registrars(&r, &v, &n, diag);
    if (st == DC_OK) {
      regs_free(tl->regs, tl->nregs);
      tl->regs  = v;
      tl->nregs = n;
    }
  } else if (strcmp(name, "iana-registrars.txt") == 0) {
    struct dc_iana_registrar *v = NULL;
    size_t                    n = 0;
    st                          = load_iana(&r, &v, &n, diag);
    if (st == DC_OK) {
      iana_free(tl->iana, tl->niana);
      tl->iana  = v;
      tl->niana = n;
    }
  } else if (strcmp(name, "whois-servers.txt") == 0) {
    struct dc_whois_server *v = NULL;
    size_t                  n = 0;
    st                        = load_whois(&r, &v, &n, diag);
    if (st == DC_OK) {
      whois_free(tl->whois, tl->nwhois);
      tl->whois  = v;
      tl->nwhois = n;
    }
  } else if (strcmp(name, "servers.txt") == 0) {
    struct dc_server_props *v = NULL;
    size_t                  n = 0;
    st                        = load_props(&r, &v, &n, diag);
    if (st == DC_OK) {
      props_free(tl->props, tl->nprops);
      tl->props  = v;
      tl->nprops = n;
    }
  } else if (strcmp(name, "rdap-dns.json") == 0) {
    struct dc_rdap_service *v   = NULL;
    size_t                  n   = 0;
    char                   *pub = NULL;
    st = load_rdap(name, text, len, &v, &n, &pub, diag);
    if (st == DC_OK) {
      rdap_free(tl->rdap, tl->nrdap);
      dc_free(tl->rdap_publication);
      tl->rdap             = v;
      tl->nrdap            = n;
      tl->rdap_publication = pub;
    }
  } else {
    st = dc_rules_load_text(&tl->rules, name, &r, diag);
  }
  return st;
}

dc_status_t dc_tldlist_create(struct dc_tldlist **out, dc_diag_t *diag)
{
  struct dc_tldlist *tl = NULL;
  size_t             i;
  dc_status_t        st = DC_OK;

  if (out == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  tl   = dc_calloc(1, sizeof(*tl));
  if (tl == NULL) {
    return DC_ENOMEM;
  }
  dc_rules_init(&tl->rules);
  for (i = 0; dc_embedded_files[i].name != NULL; i++) {
    const struct dc_embedded_file *f = &dc_embedded_files[i];
    if (strcmp(f->name, "README.md") == 0) {
      continue;
    }
    st = dc_tldlist_load_text(tl, f->name, f->data, f->len, diag);
    if (st != DC_OK) {
      goto done;
    }
  }
  st = dc_rules_finish(&tl->rules, diag);
  if (st != DC_OK) {
    goto done;
  }
  *out = tl;
  tl   = NULL;
done:
  dc_tldlist_destroy(tl);
  return st;
}

static dc_status_t read_file(const char *path, char **out, size_t *len)
{
  FILE         *f = NULL;
  struct dc_buf b;
  char          chunk[8192];
  size_t        got = 0;
  dc_status_t   st  = DC_OK;

  dc_buf_init(&b, TLDLIST_MAX_FILE);
  *out = NULL;
  f    = fopen(path, "rb");
  if (f == NULL) {
    return errno == ENOENT ? DC_ENOENT : DC_EIO;
  }
  do {
    got = fread(chunk, 1, sizeof(chunk), f);
    if (got > 0) {
      st = dc_buf_append(&b, chunk, got);
    }
  } while (st == DC_OK && got == sizeof(chunk));
  if (st == DC_OK && ferror(f)) {
    st = DC_EIO;
  }
  (void)fclose(f);
  if (st == DC_OK) {
    *len = b.len;
    *out = dc_buf_take(&b);
    if (*out == NULL) {
      st = DC_ENOMEM;
    }
  }
  dc_buf_free(&b);
  return st;
}

dc_status_t dc_tldlist_load_file(struct dc_tldlist *tl, const char *name,
                                 const char *path, dc_diag_t *diag)
{
  char       *text = NULL;
  size_t      len  = 0;
  dc_status_t st   = read_file(path, &text, &len);
  if (st != DC_OK) {
    if (diag != NULL) {
      (void)snprintf(diag->file, sizeof(diag->file), "%.*s",
                     (int)sizeof(diag->file) - 1, path);
      diag->line = 0;
      (void)snprintf(diag->message, sizeof(diag->message), "%s",
                     st == DC_ENOENT ? "no such file" : dc_strerror(st));
    }
    return st;
  }
  st = dc_tldlist_load_text(tl, name, text, len, diag);
  dc_free(text);
  if (st != DC_OK && diag != NULL) {
    (void)snprintf(diag->file, sizeof(diag->file), "%.*s",
                   (int)sizeof(diag->file) - 1, path);
  }
  return st;
}

dc_status_t dc_tldlist_load_dir(struct dc_tldlist *tl, const char *dir,
                                dc_diag_t *diag)
{
  size_t      i;
  size_t      found = 0;
  dc_status_t st    = DC_OK;
  char        path[4096];

  if (tl == NULL || dir == NULL) {
    return DC_EINVAL;
  }
  /* The built-in names are the set of files a folder may replace. */
  for (i = 0; dc_embedded_files[i].name != NULL; i++) {
    const char *name = dc_embedded_files[i].name;
    char       *text = NULL;
    size_t      len  = 0;
    int         w;
    if (strcmp(name, "README.md") == 0) {
      continue;
    }
    w = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= sizeof(path)) {
      return DC_EINVAL;
    }
    st = read_file(path, &text, &len);
    if (st == DC_ENOENT) {
      continue; /* keeps its built-in content */
    }
    if (st != DC_OK) {
      if (diag != NULL) {
        (void)snprintf(diag->file, sizeof(diag->file), "%.*s",
                       (int)sizeof(diag->file) - 1, path);
        diag->line = 0;
        (void)snprintf(diag->message, sizeof(diag->message), "%s",
                       dc_strerror(st));
      }
      return st;
    }
    found++;
    st = dc_tldlist_load_text(tl, name, text, len, diag);
    dc_free(text);
    if (st != DC_OK) {
      if (diag != NULL) {
        (void)snprintf(diag->file, sizeof(diag->file), "%.*s",
                       (int)sizeof(diag->file) - 1, path);
      }
      return st;
    }
  }
  if (found == 0) {
    if (diag != NULL) {
      (void)snprintf(diag->file, sizeof(diag->file), "%s", dir);
      diag->line = 0;
      (void)snprintf(diag->message, sizeof(diag->message),
                     "no tld-list file in this folder");
    }
    return DC_ENOENT;
  }
  return dc_rules_finish(&tl->rules, diag);
}

const struct dc_rules *dc_tldlist_rules(const struct dc_tldlist *tl)
{
  return &tl->rules;
}

struct dc_rules *dc_tldlist_rules_mut(struct dc_tldlist *tl)
{
  return &tl->rules;
}

void dc_tldlist_destroy(struct dc_tldlist *tl)
{
  if (tl == NULL) {
    return;
  }
  tlds_free(tl->tlds, tl->ntlds);
  tlds_free(tl->slds, tl->nslds);
  regs_free(tl->regs, tl->nregs);
  iana_free(tl->iana, tl->niana);
  whois_free(tl->whois, tl->nwhois);
  props_free(tl->props, tl->nprops);
  rdap_free(tl->rdap, tl->nrdap);
  dc_free(tl->rdap_publication);
  dc_rules_clear(&tl->rules);
  dc_free(tl);
}
