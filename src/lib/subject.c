/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/subject.c - the filing subject file (--subject FILE) and the
 *  plausibility checks of resident IDs, USCCs and organization codes
 */
#include "subject.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "timeutil.h"

/* ---- ID types ------------------------------------------------------------ */

static const struct {
  const char *name;
  const char *zh;
} id_types[DC_ID_COUNT_] = {
    [DC_ID_NONE]            = {NULL, NULL},
    [DC_ID_RESIDENT]        = {"resident-id", "居民身份证"},
    [DC_ID_PASSPORT]        = {"passport", "护照"},
    [DC_ID_HK_MACAO_PERMIT] = {"hk-macao-permit", "港澳居民来往内地通行证"},
    [DC_ID_TAIWAN_PERMIT] = {"taiwan-permit", "台湾居民来往大陆通行证"},
    [DC_ID_FOREIGN_PERMANENT]  = {"foreign-permanent-id",
                                  "外国人永久居留身份证"},
    [DC_ID_HK_MACAO_RESIDENCE] = {"hk-macao-residence-permit",
                                  "港澳居民居住证"},
    [DC_ID_TAIWAN_RESIDENCE] = {"taiwan-residence-permit", "台湾居民居住证"},
    [DC_ID_MILITARY]         = {"military-id", "军官证"},
    [DC_ID_USCC]             = {"uscc", "统一社会信用代码"},
    [DC_ID_ORG_CODE]         = {"org-code", "组织机构代码"},
    [DC_ID_BUSINESS_LICENSE] = {"business-license", "营业执照注册号"},
    [DC_ID_INSTITUTION] = {"institution-certificate", "事业单位法人证书"},
    [DC_ID_SOCIAL_ORG] = {"social-org-certificate", "社会团体法人登记证书"},
    [DC_ID_NON_ENTERPRISE] = {"non-enterprise-certificate",
                              "民办非企业单位登记证书"},
    [DC_ID_FOUNDATION] = {"foundation-certificate", "基金会法人登记证书"},
    [DC_ID_LAW_FIRM] = {"law-firm-license", "律师事务所执业许可证"},
    [DC_ID_OTHER]    = {"other", NULL},
};

const char *dc_id_type_name(enum dc_id_type t)
{
  if ((unsigned)t >= DC_ID_COUNT_) {
    return NULL;
  }
  return id_types[t].name;
}

enum dc_id_type dc_id_type_from_name(const char *name)
{
  size_t i;
  if (name == NULL) {
    return DC_ID_NONE;
  }
  for (i = 1; i < DC_ID_COUNT_; i++) {
    if (strcmp(name, id_types[i].name) == 0 ||
        (id_types[i].zh != NULL && strcmp(name, id_types[i].zh) == 0)) {
      return (enum dc_id_type)i;
    }
  }
  return DC_ID_NONE;
}

bool dc_id_type_is_personal(enum dc_id_type t)
{
  return (t >= DC_ID_RESIDENT && t <= DC_ID_MILITARY) || t == DC_ID_OTHER;
}

/* ---- subject objects ----------------------------------------------------- */

void dc_subject_destroy(dc_subject_t *subject)
{
  size_t i;
  if (subject == NULL) {
    return;
  }
  dc_free(subject->file);
  dc_free(subject->name);
  dc_free(subject->id_number);
  dc_free(subject->legal_rep.name);
  dc_free(subject->legal_rep.id_number);
  dc_free(subject->province);
  dc_strlist_clear(&subject->new_domains);
  for (i = 0; i < subject->nowners; i++) {
    dc_free(subject->owners[i].domain);
    dc_free(subject->owners[i].name);
    dc_free(subject->owners[i].id_number);
  }
  dc_free(subject->owners);
  dc_free(subject);
}

/* Copy src into *dst; false only when an existing string could not be
 * copied (NULL stays NULL). */
static bool dup_str(char **dst, const char *src)
{
  *dst = dc_strdup(src);
  return src == NULL || *dst != NULL;
}

dc_status_t dc_subject_copy(struct dc_subject      **out,
                            const struct dc_subject *src)
{
  struct dc_subject *s  = NULL;
  dc_status_t        st = DC_ENOMEM;
  size_t             i;

  if (out == NULL || src == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  s    = dc_calloc(1, sizeof(*s));
  if (s == NULL) {
    goto done;
  }
  /* Scalars first; every pointer is then replaced by an owned copy. */
  *s                     = *src;
  s->file                = NULL;
  s->name                = NULL;
  s->id_number           = NULL;
  s->legal_rep.name      = NULL;
  s->legal_rep.id_number = NULL;
  s->province            = NULL;
  memset(&s->new_domains, 0, sizeof(s->new_domains));
  s->owners  = NULL;
  s->nowners = 0;
  if (!dup_str(&s->file, src->file) || !dup_str(&s->name, src->name) ||
      !dup_str(&s->id_number, src->id_number) ||
      !dup_str(&s->legal_rep.name, src->legal_rep.name) ||
      !dup_str(&s->legal_rep.id_number, src->legal_rep.id_number) ||
      !dup_str(&s->province, src->province)) {
    goto done;
  }
  for (i = 0; i < src->new_domains.n; i++) {
    st = dc_strlist_push(&s->new_domains, src->new_domains.v[i]);
    if (st != DC_OK) {
      goto done;
    }
  }
  st = DC_ENOMEM;
  if (src->nowners > 0) {
    s->owners = dc_calloc(src->nowners, sizeof(*s->owners));
    if (s->owners == NULL) {
      goto done;
    }
    /* Zeroed entries are safe to destroy, so count them all at once. */
    s->nowners = src->nowners;
    for (i = 0; i < src->nowners; i++) {
      const struct dc_domain_owner *o = &src->owners[i];
      struct dc_domain_owner       *d = &s->owners[i];
      d->id_type                      = o->id_type;
      d->has_verified_at              = o->has_verified_at;
      d->verified_at                  = o->verified_at;
      d->line                         = o->line;
      if (!dup_str(&d->domain, o->domain) || !dup_str(&d->name, o->name) ||
          !dup_str(&d->id_number, o->id_number)) {
        goto done;
      }
    }
  }
  st   = DC_OK;
  *out = s; /* transfer ownership to the caller */
  s    = NULL;
done:
  dc_subject_destroy(s);
  return st;
}

/* ---- diagnostics --------------------------------------------------------- */

static bool is_ascii_alnum(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

/* Safety net for "no ID number in a diagnostic": a message may quote what
 * the user wrote (an unknown key, a value outside an enumeration), and a
 * user may have written an ID number there. Every run of ASCII letters and
 * digits holding 7 or more digits (resident IDs, USCCs, org codes,
 * passports) is masked like dc_id_mask() does. */
static void scrub_ids(char *msg)
{
  size_t i = 0;
  while (msg[i] != '\0') {
    size_t start;
    size_t n;
    size_t digits = 0;
    if (!is_ascii_alnum(msg[i])) {
      i++;
      continue;
    }
    start = i;
    while (is_ascii_alnum(msg[i])) {
      if (msg[i] >= '0' && msg[i] <= '9') {
        digits++;
      }
      i++;
    }
    n = i - start;
    if (digits >= 7) {
      size_t head = n / 4 < 3 ? n / 4 : 3;
      size_t tail = n / 4 < 4 ? n / 4 : 4;
      memset(msg + start + head, '*', n - head - tail);
    }
  }
}

static void diag_vset(dc_diag_t *diag, unsigned line, unsigned col,
                      const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void diag_set(dc_diag_t *diag, unsigned line, unsigned col,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void diag_vset(dc_diag_t *diag, unsigned line, unsigned col,
                      const char *fmt, va_list ap)
{
  if (diag == NULL) {
    return;
  }
  diag->line   = line;
  diag->column = col;
  (void)vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
  scrub_ids(diag->message);
}

static void diag_set(dc_diag_t *diag, unsigned line, unsigned col,
                     const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vset(diag, line, col, fmt, ap);
  va_end(ap);
}

/* Parser state: where refusals go, and what the subject's type is (it
 * picks the list of ID types a refusal suggests). */
struct parser {
  dc_diag_t *diag;
  bool       org_hint;   /* "type": "organization" */
  bool       indiv_hint; /* "type": "individual" */
};

static dc_status_t refuse(struct parser *p, unsigned line, unsigned col,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static dc_status_t refuse(struct parser *p, unsigned line, unsigned col,
                          const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vset(p->diag, line, col, fmt, ap);
  va_end(ap);
  return DC_EFORMAT;
}

/* A user's string made fit to quote in a message: at most 24 bytes, cut at
 * a character boundary, control characters and quotes replaced. */
static const char *show(char *buf, size_t size, const char *s)
{
  const size_t max = size - 4; /* room for "..." and the NUL */
  size_t       o   = 0;
  size_t       i   = 0;
  size_t       n   = strlen(s);

  while (i < n) {
    size_t k = dc_utf8_seq_len((const unsigned char *)s + i, n - i);
    if (k == 0) {
      k = 1;
    }
    if (o + k > max) {
      memcpy(buf + o, "...", 3);
      o += 3;
      break;
    }
    if (k == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '"' ||
                   (unsigned char)s[i] >= 0x80)) {
      buf[o++] = '?';
    } else {
      memcpy(buf + o, s + i, k);
      o += k;
    }
    i += k;
  }
  buf[o] = '\0';
  return buf;
}

#define SHOW_SIZE 28

static const char *json_type_name(enum dc_json_type t)
{
  switch (t) {
    case DC_JSON_NULL:
      return "null";
    case DC_JSON_FALSE:
    case DC_JSON_TRUE:
      return "a boolean";
    case DC_JSON_NUMBER:
      return "a number";
    case DC_JSON_STRING:
      return "a string";
    case DC_JSON_ARRAY:
      return "an array";
    case DC_JSON_OBJECT:
      return "an object";
  }
  return "a value";
}

/* ---- field readers ------------------------------------------------------- */

/* where: "" for the top level, else " in <object>". */
static dc_status_t wrong_type(struct parser *p, const struct dc_json *v,
                              const char *key, const char *where,
                              const char *expected)
{
  char k[SHOW_SIZE];
  return refuse(p, v->line, v->col, "key \"%s\"%s must be %s, not %s",
                show(k, sizeof(k), key), where, expected,
                json_type_name(v->type));
}

static dc_status_t unknown_key(struct parser *p, const struct dc_json *v,
                               const char *key, const char *where,
                               const char *allowed)
{
  char k[SHOW_SIZE];
  return refuse(p, v->key_line, 0, "unknown key \"%s\"%s (allowed: %s)",
                show(k, sizeof(k), key), where, allowed);
}

static dc_status_t missing(struct parser *p, const struct dc_json *obj,
                           const char *key, const char *where)
{
  return refuse(p, obj->line, obj->col, "missing required key \"%s\"%s", key,
                where);
}

/* Nothing but ASCII white space and U+3000 (ideographic space). */
static bool is_blank(const char *s)
{
  while (*s != '\0') {
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
      s++;
    } else if (strncmp(s, "\xE3\x80\x80", 3) == 0) {
      s += 3;
    } else {
      return false;
    }
  }
  return true;
}

/* A string member. required: a blank string is refused; otherwise a blank
 * string is taken as absent (*dst stays NULL). */
static dc_status_t take_string(struct parser *p, const struct dc_json *v,
                               const char *key, const char *where,
                               bool required, char **dst)
{
  if (v->type != DC_JSON_STRING) {
    return wrong_type(p, v, key, where, "a string");
  }
  if (is_blank(v->str)) {
    if (required) {
      return refuse(p, v->line, v->col, "key \"%s\"%s must not be empty", key,
                    where);
    }
    return DC_OK;
  }
  dc_free(*dst);
  *dst = dc_strdup(v->str);
  return *dst == NULL ? DC_ENOMEM : DC_OK;
}

static dc_status_t take_bool(struct parser *p, const struct dc_json *v,
                             const char *key, const char *where, bool *dst)
{
  if (v->type != DC_JSON_TRUE && v->type != DC_JSON_FALSE) {
    return wrong_type(p, v, key, where, "true or false");
  }
  *dst = v->type == DC_JSON_TRUE;
  return DC_OK;
}

/* "a, b, c or d" of the ID types a subject of this kind normally uses. */
static void id_type_list(char *buf, size_t size, bool personal)
{
  size_t used = 0;
  size_t i;
  buf[0] = '\0';
  for (i = 1; i < DC_ID_COUNT_; i++) {
    int n;
    if (i == DC_ID_OTHER ||
        dc_id_type_is_personal((enum dc_id_type)i) != personal) {
      continue;
    }
    n = snprintf(buf + used, size - used, "%s, ", id_types[i].name);
    if (n < 0 || (size_t)n >= size - used) {
      return;
    }
    used += (size_t)n;
  }
  (void)snprintf(buf + used, size - used, "%s",
                 personal ? "or other" : "other or a personal type");
  /* "x, or other" reads better without the last comma. */
  if (personal && used >= 2) {
    memmove(buf + used - 2, buf + used - 1, strlen(buf + used - 1) + 1);
  }
}

/* personal: the member describes a person (legal representative). The key
 * is named in the message; the location is left to the line number, to
 * keep the list of types whole within the message's 256 bytes. */
static dc_status_t take_id_type(struct parser *p, const struct dc_json *v,
                                const char *key, const char *where,
                                bool personal, enum dc_id_type *dst)
{
  char            val[SHOW_SIZE];
  char            list[200];
  enum dc_id_type t;
  if (v->type != DC_JSON_STRING) {
    return wrong_type(p, v, key, where, "a string");
  }
  t = dc_id_type_from_name(v->str);
  if (t == DC_ID_NONE) {
    id_type_list(list, sizeof(list), personal || !p->org_hint);
    return refuse(p, v->line, v->col,
                  "key \"%s\": unknown value \"%s\" (allowed: %s)", key,
                  show(val, sizeof(val), v->str), list);
  }
  *dst = t;
  return DC_OK;
}

/* A date "YYYY-MM-DD" (00:00 UTC), or with allow_time also an RFC 3339
 * time. A blank string is refused like any other bad date. */
static dc_status_t take_date(struct parser *p, const struct dc_json *v,
                             const char *key, const char *where,
                             bool allow_time, int64_t *dst)
{
  int64_t t = 0;
  if (v->type != DC_JSON_STRING) {
    return wrong_type(p, v, key, where, "a string");
  }
  if ((!allow_time && v->len != 10) ||
      dc_time_parse_user(v->str, &t) != DC_OK) {
    return refuse(
        p, v->line, v->col, "key \"%s\"%s must be a date %s", key, where,
        allow_time ? "(YYYY-MM-DD) or an RFC 3339 time" : "(YYYY-MM-DD)");
  }
  *dst = t;
  return DC_OK;
}

/* ---- objects ------------------------------------------------------------- */

static dc_status_t parse_person(struct parser *p, const struct dc_json *obj,
                                const char *key, struct dc_person *dst)
{
  static const char where[] = " in legal_representative";
  dc_status_t       st      = DC_OK;
  size_t            i;

  if (obj->type != DC_JSON_OBJECT) {
    return wrong_type(p, obj, key, "", "an object");
  }
  for (i = 0; i < obj->len && st == DC_OK; i++) {
    const char           *k = obj->keys[i];
    const struct dc_json *v = obj->items[i];
    if (strcmp(k, "name") == 0) {
      st = take_string(p, v, k, where, true, &dst->name);
    } else if (strcmp(k, "id_type") == 0) {
      st = take_id_type(p, v, k, where, true, &dst->id_type);
    } else if (strcmp(k, "id_number") == 0) {
      st = take_string(p, v, k, where, true, &dst->id_number);
    } else {
      st = unknown_key(p, v, k, where, "name, id_type, id_number");
    }
  }
  if (st != DC_OK) {
    return st;
  }
  if (dst->name == NULL) {
    return missing(p, obj, "name", where);
  }
  if (dst->id_type == DC_ID_NONE) {
    return missing(p, obj, "id_type", where);
  }
  if (dst->id_number == NULL) {
    return missing(p, obj, "id_number", where);
  }
  return DC_OK;
}

static dc_status_t parse_filing(struct parser *p, const struct dc_json *obj,
                                struct dc_subject *s)
{
  static const char where[] = " in filing";
  dc_status_t       st      = DC_OK;
  size_t            i;
  size_t            j;

  if (obj->type != DC_JSON_OBJECT) {
    return wrong_type(p, obj, "filing", "", "an object");
  }
  s->has_filing = true;
  for (i = 0; i < obj->len && st == DC_OK; i++) {
    const char           *k = obj->keys[i];
    const struct dc_json *v = obj->items[i];
    if (strcmp(k, "type") == 0) {
      char val[SHOW_SIZE];
      if (v->type != DC_JSON_STRING) {
        st = wrong_type(p, v, k, where, "a string");
      } else if (dc_filing_type_parse(&s->filing_type, v->str) != DC_OK) {
        char   list[160];
        size_t used = 0;
        list[0]     = '\0';
        for (j = 0; j < DC_FILING_COUNT_; j++) {
          int n = snprintf(list + used, sizeof(list) - used, "%s%s",
                           j == 0 ? "" : ", ",
                           dc_filing_type_name((dc_filing_type_t)j));
          if (n < 0 || (size_t)n >= sizeof(list) - used) {
            break;
          }
          used += (size_t)n;
        }
        st = refuse(p, v->line, v->col,
                    "key \"type\" in filing: unknown value \"%s\" "
                    "(allowed: %s)",
                    show(val, sizeof(val), v->str), list);
      } else {
        s->has_filing_type = true;
      }
    } else if (strcmp(k, "first_filed") == 0) {
      st                 = take_date(p, v, k, where, false, &s->first_filed);
      s->has_first_filed = st == DC_OK;
    } else if (strcmp(k, "new_domains") == 0) {
      if (v->type != DC_JSON_ARRAY) {
        st = wrong_type(p, v, k, where, "an array of strings");
      }
      for (j = 0; st == DC_OK && j < v->len; j++) {
        const struct dc_json *d = v->items[j];
        if (d->type != DC_JSON_STRING) {
          st = refuse(p, d->line, d->col,
                      "key \"new_domains\" in filing must hold only "
                      "strings, not %s",
                      json_type_name(d->type));
        } else if (is_blank(d->str)) {
          st = refuse(p, d->line, d->col,
                      "key \"new_domains\" in filing must not hold an "
                      "empty string");
        } else {
          st = dc_strlist_push(&s->new_domains, d->str);
        }
      }
    } else {
      st = unknown_key(p, v, k, where, "type, first_filed, new_domains");
    }
  }
  return st;
}

static dc_status_t parse_owner(struct parser *p, const struct dc_json *obj,
                               const char *domain, unsigned line,
                               struct dc_domain_owner *dst)
{
  char        where[64];
  char        dom[SHOW_SIZE];
  dc_status_t st = DC_OK;
  size_t      i;

  (void)snprintf(where, sizeof(where), " in domain_owner \"%s\"",
                 show(dom, sizeof(dom), domain));
  dst->line   = line;
  dst->domain = dc_strdup(domain);
  if (dst->domain == NULL) {
    return DC_ENOMEM;
  }
  if (obj->type != DC_JSON_OBJECT) {
    return refuse(p, obj->line, obj->col,
                  "key \"%s\" in domain_owner must be an object, not %s", dom,
                  json_type_name(obj->type));
  }
  for (i = 0; i < obj->len && st == DC_OK; i++) {
    const char           *k = obj->keys[i];
    const struct dc_json *v = obj->items[i];
    if (strcmp(k, "name") == 0) {
      st = take_string(p, v, k, where, true, &dst->name);
    } else if (strcmp(k, "id_type") == 0) {
      st = take_id_type(p, v, k, where, false, &dst->id_type);
    } else if (strcmp(k, "id_number") == 0) {
      st = take_string(p, v, k, where, false, &dst->id_number);
    } else if (strcmp(k, "verified_at") == 0) {
      st                   = take_date(p, v, k, where, true, &dst->verified_at);
      dst->has_verified_at = st == DC_OK;
    } else {
      st = unknown_key(p, v, k, where, "name, id_type, id_number, verified_at");
    }
  }
  if (st == DC_OK && dst->name == NULL) {
    st = missing(p, obj, "name", where);
  }
  return st;
}

static dc_status_t parse_owners(struct parser *p, const struct dc_json *obj,
                                struct dc_subject *s)
{
  dc_status_t st = DC_OK;
  size_t      i;

  if (obj->type != DC_JSON_OBJECT) {
    return wrong_type(p, obj, "domain_owner", "", "an object");
  }
  if (obj->len == 0) {
    return DC_OK;
  }
  s->owners = dc_calloc(obj->len, sizeof(*s->owners));
  if (s->owners == NULL) {
    return DC_ENOMEM;
  }
  /* Zeroed entries are safe to destroy, so count them all at once. */
  s->nowners = obj->len;
  for (i = 0; i < obj->len && st == DC_OK; i++) {
    const struct dc_json *v = obj->items[i];
    if (is_blank(obj->keys[i])) {
      st = refuse(p, v->key_line, 0,
                  "key \"domain_owner\" must not hold an empty domain name");
    } else {
      st = parse_owner(p, v, obj->keys[i], v->key_line, &s->owners[i]);
    }
  }
  return st;
}

static dc_status_t take_subject_type(struct parser *p, const struct dc_json *v,
                                     enum dc_subject_type *dst)
{
  char val[SHOW_SIZE];
  if (v->type != DC_JSON_STRING) {
    return wrong_type(p, v, "type", "", "a string");
  }
  if (strcmp(v->str, "individual") == 0) {
    *dst = DC_SUBJECT_INDIVIDUAL;
  } else if (strcmp(v->str, "organization") == 0) {
    *dst = DC_SUBJECT_ORGANIZATION;
  } else {
    return refuse(p, v->line, v->col,
                  "key \"type\": unknown value \"%s\" (allowed: individual, "
                  "organization)",
                  show(val, sizeof(val), v->str));
  }
  return DC_OK;
}

static dc_status_t take_valid_until(struct parser *p, const struct dc_json *v,
                                    struct dc_subject *s)
{
  if (v->type != DC_JSON_STRING) {
    return wrong_type(p, v, "id_valid_until", "", "a string");
  }
  if (strcmp(v->str, "long-term") == 0 || strcmp(v->str, "长期") == 0) {
    s->id_valid_long_term = true;
    s->id_valid_until     = INT64_MAX;
  } else if (v->len != 10 ||
             dc_time_parse_user(v->str, &s->id_valid_until) != DC_OK) {
    return refuse(p, v->line, v->col,
                  "key \"id_valid_until\" must be a date (YYYY-MM-DD) or "
                  "\"long-term\"");
  }
  s->has_id_valid_until = true;
  return DC_OK;
}

static dc_status_t parse_subject(struct parser *p, const struct dc_json *obj,
                                 struct dc_subject *s)
{
  const struct dc_json *t        = dc_json_get(obj, "type");
  bool                  has_type = false;
  dc_status_t           st       = DC_OK;
  size_t                i;

  /* The type decides how some members read, wherever it stands. */
  p->org_hint = t != NULL && t->type == DC_JSON_STRING &&
                strcmp(t->str, "organization") == 0;
  p->indiv_hint = t != NULL && t->type == DC_JSON_STRING &&
                  strcmp(t->str, "individual") == 0;
  for (i = 0; i < obj->len && st == DC_OK; i++) {
    const char           *k = obj->keys[i];
    const struct dc_json *v = obj->items[i];
    if (strcmp(k, "type") == 0) {
      st       = take_subject_type(p, v, &s->type);
      has_type = true;
    } else if (strcmp(k, "name") == 0) {
      st = take_string(p, v, k, "", true, &s->name);
    } else if (strcmp(k, "id_type") == 0) {
      st = take_id_type(p, v, k, "", false, &s->id_type);
    } else if (strcmp(k, "id_number") == 0) {
      st = take_string(p, v, k, "", true, &s->id_number);
    } else if (strcmp(k, "id_valid_until") == 0) {
      st = take_valid_until(p, v, s);
    } else if (strcmp(k, "legal_representative") == 0 && p->indiv_hint) {
      st = refuse(p, v->key_line, 0,
                  "key \"legal_representative\" is only allowed when type "
                  "is \"organization\"");
    } else if (strcmp(k, "legal_representative") == 0) {
      st               = parse_person(p, v, k, &s->legal_rep);
      s->has_legal_rep = true;
    } else if (strcmp(k, "province") == 0) {
      st = take_string(p, v, k, "", false, &s->province);
    } else if (strcmp(k, "residence_permit") == 0) {
      st = take_bool(p, v, k, "", &s->residence_permit);
    } else if (strcmp(k, "filing") == 0) {
      st = parse_filing(p, v, s);
    } else if (strcmp(k, "domain_owner") == 0) {
      st = parse_owners(p, v, s);
    } else {
      st = unknown_key(p, v, k, "",
                       "type, name, id_type, id_number, id_valid_until, "
                       "legal_representative, province, residence_permit, "
                       "filing, domain_owner");
    }
  }
  if (st != DC_OK) {
    return st;
  }
  if (!has_type) {
    return missing(p, obj, "type", "");
  }
  if (s->name == NULL) {
    return missing(p, obj, "name", "");
  }
  if (s->id_type == DC_ID_NONE) {
    return missing(p, obj, "id_type", "");
  }
  if (s->id_number == NULL) {
    return missing(p, obj, "id_number", "");
  }
  return DC_OK;
}

dc_status_t dc_subject_parse(dc_subject_t **out, const char *text, size_t len,
                             const char *name, dc_diag_t *diag)
{
  struct dc_json      *root = NULL;
  struct dc_subject   *s    = NULL;
  const char          *file = name == NULL ? "<string>" : name;
  struct dc_json_error jerr;
  struct parser        p;
  dc_status_t          st;

  if (diag != NULL) {
    memset(diag, 0, sizeof(*diag));
    (void)snprintf(diag->file, sizeof(diag->file), "%s", file);
  }
  if (out == NULL || (text == NULL && len > 0)) {
    diag_set(diag, 0, 0, "invalid argument");
    return DC_EINVAL;
  }
  *out = NULL;
  memset(&p, 0, sizeof(p));
  p.diag = diag;
  if (len > DC_SUBJECT_MAX_BYTES) {
    diag_set(diag, 0, 0, "the subject file is larger than 1 MiB");
    return DC_ETOOBIG;
  }
  st = dc_json_parse(&root, text, len, DC_JSON_REJECT_DUPLICATE_KEYS, &jerr);
  if (st == DC_EFORMAT) {
    diag_set(diag, jerr.line, jerr.col, "invalid JSON: %s", jerr.message);
    goto done;
  }
  if (st != DC_OK) {
    goto done;
  }
  if (root->type != DC_JSON_OBJECT) {
    st = refuse(&p, root->line, root->col,
                "the subject must be a JSON object, not %s",
                json_type_name(root->type));
    goto done;
  }
  st = DC_ENOMEM;
  s  = dc_calloc(1, sizeof(*s));
  if (s == NULL) {
    goto done;
  }
  s->file = dc_strdup(file);
  if (s->file == NULL) {
    goto done;
  }
  st = parse_subject(&p, root, s);
  if (st != DC_OK) {
    goto done;
  }
  *out = s; /* transfer ownership to the caller */
  s    = NULL;
done:
  if (st == DC_ENOMEM) {
    diag_set(diag, 0, 0, "out of memory");
  }
  dc_subject_destroy(s);
  dc_json_free(root);
  return st;
}

dc_status_t dc_subject_load(dc_subject_t **out, const char *path,
                            dc_diag_t *diag)
{
  FILE         *f = NULL;
  struct dc_buf b;
  char          chunk[8192];
  dc_status_t   st = DC_OK;

  dc_buf_init(&b, DC_SUBJECT_MAX_BYTES);
  if (diag != NULL) {
    memset(diag, 0, sizeof(*diag));
    (void)snprintf(diag->file, sizeof(diag->file), "%s",
                   path == NULL ? "<null>" : path);
  }
  if (out == NULL || path == NULL) {
    diag_set(diag, 0, 0, "invalid argument");
    st = DC_EINVAL;
    goto done;
  }
  *out = NULL;
  f    = fopen(path, "rb");
  if (f == NULL) {
    int  e = errno;
    char why[128];
    if (e == ENOENT || e == ENOTDIR) {
      diag_set(diag, 0, 0, "no such file");
      st = DC_ENOENT;
    } else {
      if (strerror_r(e, why, sizeof(why)) != 0) {
        (void)snprintf(why, sizeof(why), "error %d", e);
      }
      diag_set(diag, 0, 0, "cannot open the file: %s", why);
      st = DC_EIO;
    }
    goto done;
  }
  for (;;) {
    size_t n = fread(chunk, 1, sizeof(chunk), f);
    if (n > 0) {
      st = dc_buf_append(&b, chunk, n);
      if (st == DC_ETOOBIG) {
        diag_set(diag, 0, 0, "the subject file is larger than 1 MiB");
      }
      if (st != DC_OK) {
        goto done;
      }
    }
    if (n < sizeof(chunk)) {
      break;
    }
  }
  if (ferror(f) != 0) {
    int  e = errno;
    char why[128];
    if (strerror_r(e, why, sizeof(why)) != 0) {
      (void)snprintf(why, sizeof(why), "error %d", e);
    }
    diag_set(diag, 0, 0, "cannot read the file: %s", why);
    st = DC_EIO;
    goto done;
  }
  st = dc_subject_parse(out, b.data, b.len, path, diag);
done:
  if (st == DC_ENOMEM) {
    diag_set(diag, 0, 0, "out of memory");
  }
  if (f != NULL) {
    (void)fclose(f);
  }
  dc_buf_free(&b);
  return st;
}

/* ---- ID plausibility ----------------------------------------------------- */

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static char ascii_upper(char c)
{
  if (c >= 'a' && c <= 'z') {
    return (char)(c - 'a' + 'A');
  }
  return c;
}

bool dc_province_code_known(const char *two_digits)
{
  /* GB/T 2260 provinces; 83 is used by residence permits of Hong Kong,
   * Macao and Taiwan residents. */
  static const unsigned char known[] = {
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
      44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  unsigned code;
  size_t   i;

  if (two_digits == NULL || !is_digit(two_digits[0]) ||
      !is_digit(two_digits[1])) {
    return false;
  }
  code = (unsigned)(two_digits[0] - '0') * 10 + (unsigned)(two_digits[1] - '0');
  for (i = 0; i < DC_ARRAY_LEN(known); i++) {
    if (known[i] == code) {
      return true;
    }
  }
  return false;
}

static unsigned digits_value(const char *s, size_t n)
{
  unsigned v = 0;
  size_t   i;
  for (i = 0; i < n; i++) {
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  return v;
}

enum dc_id_check dc_resident_id_check(const char *id, int64_t as_of,
                                      struct dc_resident_id_info *info)
{
  /* GB 11643-1999 / ISO 7064 MOD 11-2: weight i is 2^(17-i) mod 11. */
  static const unsigned      weights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                            3, 7, 9,  10, 5, 8, 4, 2};
  static const char          checks[]    = "10X98765432";
  struct dc_resident_id_info scratch;
  unsigned                   sum = 0;
  size_t                     i;

  if (info == NULL) {
    info = &scratch;
  }
  memset(info, 0, sizeof(*info));
  if (id == NULL || strlen(id) != 18) {
    return DC_IDCHK_LENGTH;
  }
  for (i = 0; i < 17; i++) {
    if (!is_digit(id[i])) {
      return DC_IDCHK_CHARS;
    }
  }
  if (!is_digit(id[17]) && id[17] != 'X' && id[17] != 'x') {
    return DC_IDCHK_CHARS;
  }
  memcpy(info->province, id, 2);
  memcpy(info->region, id, 6);
  /* Digit 17 is the sequence number: odd for men, even for women. */
  info->female = (id[16] - '0') % 2 == 0;
  if (!dc_province_code_known(id)) {
    return DC_IDCHK_REGION;
  }
  info->birth_year  = digits_value(id + 6, 4);
  info->birth_month = digits_value(id + 10, 2);
  info->birth_day   = digits_value(id + 12, 2);
  if (info->birth_year < 1900 ||
      !dc_date_valid(info->birth_year, info->birth_month, info->birth_day) ||
      dc_days_from_civil(info->birth_year, info->birth_month, info->birth_day) *
              86400 >
          as_of) {
    return DC_IDCHK_BIRTHDATE;
  }
  for (i = 0; i < 17; i++) {
    sum += (unsigned)(id[i] - '0') * weights[i];
  }
  if (ascii_upper(id[17]) != checks[sum % 11]) {
    return DC_IDCHK_CHECKSUM;
  }
  return DC_IDCHK_OK;
}

/* GB 32100-2015 alphabet: digits and capitals without I, O, Z, S, V. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
  const char *pos;
  c = ascii_upper(c);
  if (c == '\0') {
    return -1;
  }
  pos = strchr(uscc_alphabet, c);
  return pos == NULL ? -1 : (int)(pos - uscc_alphabet);
}

enum dc_id_check dc_uscc_check(const char *code, struct dc_uscc_info *info)
{
  /* Weight i is 3^i mod 31. */
  static const unsigned weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  struct dc_uscc_info   scratch;
  unsigned              sum = 0;
  unsigned              c;
  size_t                i;

  if (info == NULL) {
    info = &scratch;
  }
  memset(info, 0, sizeof(*info));
  if (code == NULL || strlen(code) != 18) {
    return DC_IDCHK_LENGTH;
  }
  for (i = 0; i < 18; i++) {
    if (uscc_value(code[i]) < 0) {
      return DC_IDCHK_CHARS;
    }
  }
  /* Registration authority: 1-9, A (military), N (agriculture), Y (other). */
  if (strchr("123456789ANY", ascii_upper(code[0])) == NULL) {
    return DC_IDCHK_CHARS;
  }
  for (i = 2; i < 8; i++) {
    if (!is_digit(code[i])) {
      return DC_IDCHK_CHARS;
    }
  }
  info->authority = ascii_upper(code[0]);
  info->kind      = ascii_upper(code[1]);
  memcpy(info->province, code + 2, 2);
  memcpy(info->region, code + 2, 6);
  if (!dc_province_code_known(code + 2)) {
    return DC_IDCHK_REGION;
  }
  for (i = 0; i < 17; i++) {
    sum += (unsigned)uscc_value(code[i]) * weights[i];
  }
  c = 31 - sum % 31;
  if (c == 31) {
    c = 0;
  }
  if (ascii_upper(code[17]) != uscc_alphabet[c]) {
    return DC_IDCHK_CHECKSUM;
  }
  return DC_IDCHK_OK;
}

enum dc_id_check dc_org_code_check(const char *code)
{
  static const unsigned weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  unsigned              sum        = 0;
  unsigned              c;
  char                  check;
  char                  want;
  size_t                n;
  size_t                i;

  if (code == NULL) {
    return DC_IDCHK_LENGTH;
  }
  n = strlen(code);
  if (n == 10 && code[8] == '-') {
    check = code[9];
  } else if (n == 9) {
    check = code[8];
  } else {
    return DC_IDCHK_LENGTH;
  }
  for (i = 0; i < 8; i++) {
    char u = ascii_upper(code[i]);
    if (is_digit(u)) {
      sum += (unsigned)(u - '0') * weights[i];
    } else if (u >= 'A' && u <= 'Z') {
      sum += (unsigned)(u - 'A' + 10) * weights[i];
    } else {
      return DC_IDCHK_CHARS;
    }
  }
  check = ascii_upper(check);
  if (!is_digit(check) && check != 'X') {
    return DC_IDCHK_CHARS;
  }
  c = 11 - sum % 11;
  if (c == 10) {
    want = 'X';
  } else if (c == 11) {
    want = '0';
  } else {
    want = (char)('0' + c);
  }
  return check == want ? DC_IDCHK_OK : DC_IDCHK_CHECKSUM;
}

int dc_age_at(int64_t y, unsigned m, unsigned d, int64_t as_of)
{
  int64_t  days = as_of / 86400;
  int64_t  ay;
  unsigned am;
  unsigned ad;
  int64_t  age;

  if (as_of % 86400 < 0) {
    days--; /* floor, for instants before 1970 */
  }
  dc_civil_from_days(days, &ay, &am, &ad);
  age = ay - y;
  if (am < m || (am == m && ad < d)) {
    age--;
  }
  if (age > INT_MAX) {
    return INT_MAX;
  }
  if (age < INT_MIN) {
    return INT_MIN;
  }
  return (int)age;
}

void dc_id_mask(const char *id, char *out, size_t outlen)
{
  const unsigned char *u = (const unsigned char *)id;
  size_t               len;
  size_t               nchars = 0;
  size_t               head;
  size_t               tail;
  size_t               i;
  size_t               idx;
  size_t               o = 0;

  if (out == NULL || outlen == 0) {
    return;
  }
  out[0] = '\0';
  if (id == NULL) {
    return;
  }
  len = strlen(id);
  for (i = 0; i < len; nchars++) {
    size_t k = dc_utf8_seq_len(u + i, len - i);
    i += k == 0 ? 1 : k;
  }
  head = nchars / 4 < 3 ? nchars / 4 : 3;
  tail = nchars / 4 < 4 ? nchars / 4 : 4;
  for (i = 0, idx = 0; i < len; idx++) {
    size_t k = dc_utf8_seq_len(u + i, len - i);
    if (k == 0) {
      k = 1;
    }
    if (idx < head || idx >= nchars - tail) {
      if (o + k >= outlen) {
        break;
      }
      memcpy(out + o, id + i, k);
      o += k;
    } else {
      if (o + 1 >= outlen) {
        break;
      }
      out[o++] = '*';
    }
    i += k;
  }
  out[o] = '\0';
}
