/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/result.c - the result of one domain: accessors and JSON
 */
#include "result.h"

#include <string.h>

#include "buf.h"
#include "json.h"
#include "timeutil.h"

static const char *const check_names[DC_CHK_COUNT_] = {
    "domain-syntax", "tld-approved",  "registered",       "registrar-approved",
    "unexpired",     "domain-status", "registrant-match", "real-name",
    "subject-valid", "dns",
};

const char *dc_check_id_name(enum dc_check_id id)
{
  return (unsigned)id < DC_CHK_COUNT_ ? check_names[id] : "?";
}

dc_status_t dc_result_new(struct dc_result **out, const char *input)
{
  struct dc_result *r = dc_calloc(1, sizeof(*r));
  if (r == NULL) {
    return DC_ENOMEM;
  }
  dc_domain_init(&r->dom);
  dc_record_init(&r->record);
  r->input = dc_strdup(input == NULL ? "" : input);
  if (r->input == NULL) {
    dc_free(r);
    return DC_ENOMEM;
  }
  *out = r;
  return DC_OK;
}

void dc_result_destroy(dc_result_t *r)
{
  size_t i;
  int    l;
  if (r == NULL) {
    return;
  }
  for (i = 0; i < DC_CHK_COUNT_; i++) {
    for (l = 0; l < DC_LANG_COUNT_; l++) {
      dc_free(r->checks[i].message[l]);
      dc_free(r->checks[i].fix[l]);
    }
  }
  for (i = 0; i < r->nsources; i++) {
    dc_free(r->sources[i].server);
    dc_free(r->sources[i].error);
  }
  dc_strlist_clear(&r->disagreements);
  dc_record_clear(&r->record);
  dc_domain_clear(&r->dom);
  dc_free(r->province_code);
  dc_free(r->field_buf);
  dc_free(r->input);
  dc_free(r);
}

dc_status_t dc_result_set(struct dc_result *r, enum dc_check_id id,
                          dc_outcome_t outcome, const char *code,
                          const char *msg_zh, const char *msg_en,
                          const char *fix_zh, const char *fix_en)
{
  struct dc_check_result *c;
  int                     l;
  if ((unsigned)id >= DC_CHK_COUNT_) {
    return DC_EINVAL;
  }
  c = &r->checks[id];
  for (l = 0; l < DC_LANG_COUNT_; l++) {
    dc_free(c->message[l]);
    dc_free(c->fix[l]);
    c->message[l] = NULL;
    c->fix[l]     = NULL;
  }
  c->present             = true;
  c->outcome             = outcome;
  c->code                = code;
  c->message[DC_LANG_ZH] = dc_strdup(msg_zh);
  c->message[DC_LANG_EN] = dc_strdup(msg_en);
  if (c->message[DC_LANG_ZH] == NULL || c->message[DC_LANG_EN] == NULL) {
    return DC_ENOMEM;
  }
  if (fix_zh != NULL && fix_en != NULL) {
    c->fix[DC_LANG_ZH] = dc_strdup(fix_zh);
    c->fix[DC_LANG_EN] = dc_strdup(fix_en);
    if (c->fix[DC_LANG_ZH] == NULL || c->fix[DC_LANG_EN] == NULL) {
      return DC_ENOMEM;
    }
  }
  return DC_OK;
}

dc_status_t dc_result_add_failed_source(struct dc_result *r, dc_source_t src,
                                        const char    *server,
                                        enum dc_origin origin,
                                        const char    *error)
{
  struct dc_result_source *s;
  if (r->nsources == DC_ARRAY_LEN(r->sources)) {
    return DC_OK; /* the trail keeps the first ones */
  }
  s         = &r->sources[r->nsources];
  s->source = src;
  s->origin = origin;
  s->answer = DC_ANSWER_NONE;
  s->server = server != NULL ? dc_strdup(server) : NULL;
  s->error  = dc_strdup(error);
  if ((server != NULL && s->server == NULL) || s->error == NULL) {
    dc_free(s->server);
    dc_free(s->error);
    s->server = NULL;
    s->error  = NULL;
    return DC_ENOMEM;
  }
  r->nsources++;
  return DC_OK;
}

dc_verdict_t dc_result_compute_verdict(const struct dc_result *r)
{
  bool   unknown = false;
  size_t i;
  for (i = 0; i < DC_CHK_COUNT_; i++) {
    if (!r->checks[i].present) {
      continue;
    }
    if (r->checks[i].outcome == DC_OUTCOME_FAIL) {
      return DC_VERDICT_INELIGIBLE;
    }
    if (r->checks[i].outcome == DC_OUTCOME_UNKNOWN) {
      unknown = true;
    }
  }
  return unknown ? DC_VERDICT_INDETERMINATE : DC_VERDICT_ELIGIBLE;
}

/* ---- public accessors -------------------------------------------------------
 */

dc_verdict_t dc_result_verdict(const dc_result_t *r)
{
  return r == NULL ? DC_VERDICT_INDETERMINATE : r->verdict;
}

const char *dc_result_input(const dc_result_t *r)
{
  return r == NULL ? "" : r->input;
}

static const char *or_empty(const char *s)
{
  return s == NULL ? "" : s;
}

const char *dc_result_domain(const dc_result_t *r)
{
  return r == NULL || !r->dom.ok ? "" : or_empty(r->dom.unicode);
}

const char *dc_result_ascii(const dc_result_t *r)
{
  return r == NULL || !r->dom.ok ? "" : or_empty(r->dom.ascii);
}

const char *dc_result_tld(const dc_result_t *r)
{
  return r == NULL || !r->dom.ok ? "" : or_empty(r->dom.tld_unicode);
}

/* Checks present in this result, in order: index i maps to the i-th. */
static const struct dc_check_result *nth(const dc_result_t *r, size_t i,
                                         enum dc_check_id *id)
{
  size_t k;
  size_t seen = 0;
  if (r == NULL) {
    return NULL;
  }
  for (k = 0; k < DC_CHK_COUNT_; k++) {
    if (!r->checks[k].present) {
      continue;
    }
    if (seen == i) {
      if (id != NULL) {
        *id = (enum dc_check_id)k;
      }
      return &r->checks[k];
    }
    seen++;
  }
  return NULL;
}

size_t dc_result_check_count(const dc_result_t *r)
{
  size_t k;
  size_t n = 0;
  if (r == NULL) {
    return 0;
  }
  for (k = 0; k < DC_CHK_COUNT_; k++) {
    n += r->checks[k].present ? 1 : 0;
  }
  return n;
}

const char *dc_result_check_id(const dc_result_t *r, size_t i)
{
  enum dc_check_id id = DC_CHK_COUNT_;
  return nth(r, i, &id) == NULL ? "" : dc_check_id_name(id);
}

dc_outcome_t dc_result_check_outcome(const dc_result_t *r, size_t i)
{
  const struct dc_check_result *c = nth(r, i, NULL);
  return c == NULL ? DC_OUTCOME_UNKNOWN : c->outcome;
}

const char *dc_result_check_code(const dc_result_t *r, size_t i)
{
  const struct dc_check_result *c = nth(r, i, NULL);
  return c == NULL ? "" : c->code;
}

const char *dc_result_check_message(const dc_result_t *r, size_t i,
                                    dc_lang_t lang)
{
  const struct dc_check_result *c = nth(r, i, NULL);
  if (c == NULL || (unsigned)lang >= DC_LANG_COUNT_) {
    return "";
  }
  return or_empty(c->message[lang]);
}

const char *dc_result_check_fix(const dc_result_t *r, size_t i, dc_lang_t lang)
{
  const struct dc_check_result *c = nth(r, i, NULL);
  if (c == NULL || (unsigned)lang >= DC_LANG_COUNT_) {
    return NULL;
  }
  return c->fix[lang];
}

static const char *keep(const dc_result_t *rc, struct dc_buf *b)
{
  dc_result_t *r = (dc_result_t *)(uintptr_t)rc; /* a cache, not state */
  dc_free(r->field_buf);
  r->field_buf = dc_buf_take(b);
  return r->field_buf;
}

const char *dc_result_field(const dc_result_t *r, const char *name)
{
  const struct dc_record *rec;
  const struct dc_time   *t = NULL;
  struct dc_buf           b;
  char                    tmp[48];
  size_t                  i;

  if (r == NULL || name == NULL || !r->has_record) {
    return NULL;
  }
  rec = &r->record;
  if (strcmp(name, "answer") == 0) {
    return dc_answer_name(rec->answer);
  }
  if (strcmp(name, "source") == 0) {
    return rec->source == DC_SOURCE_RDAP ? "rdap" : "whois";
  }
  if (strcmp(name, "server") == 0) {
    return rec->server;
  }
  if (strcmp(name, "registrar") == 0) {
    return rec->registrar_name;
  }
  if (strcmp(name, "registrant") == 0) {
    return rec->registrant_name;
  }
  if (strcmp(name, "registrant_organization") == 0) {
    return rec->registrant_org;
  }
  if (strcmp(name, "created") == 0) {
    t = &rec->created;
  } else if (strcmp(name, "expires") == 0) {
    t = &rec->expires;
  } else if (strcmp(name, "registrar_expires") == 0) {
    t = &rec->registrar_expires;
  }
  dc_buf_init(&b, 65536);
  if (t != NULL) {
    if (t->kind == DC_TIME_NONE) {
      return NULL;
    }
    dc_time_format(t, tmp, sizeof(tmp));
    return dc_buf_puts(&b, tmp) == DC_OK ? keep(r, &b) : NULL;
  }
  if (strcmp(name, "registrar_iana_id") == 0) {
    if (rec->registrar_iana_id < 0 ||
        dc_buf_printf(&b, "%lld", (long long)rec->registrar_iana_id) != DC_OK) {
      dc_buf_free(&b);
      return NULL;
    }
    return keep(r, &b);
  }
  if (strcmp(name, "status") == 0 || strcmp(name, "name_servers") == 0) {
    const struct dc_strlist *l =
        name[0] == 's' ? &rec->status : &rec->name_servers;
    for (i = 0; i < l->n; i++) {
      if ((i > 0 && dc_buf_putc(&b, ',') != DC_OK) ||
          dc_buf_puts(&b, l->v[i]) != DC_OK) {
        dc_buf_free(&b);
        return NULL;
      }
    }
    return l->n == 0 ? NULL : keep(r, &b);
  }
  dc_buf_free(&b);
  return NULL;
}

/* ---- JSON
 * --------------------------------------------------------------------- */

static void write_texts(struct dc_jw *w, const char *key, char *const *t)
{
  dc_jw_key(w, key);
  if (t[DC_LANG_ZH] == NULL) {
    dc_jw_null(w);
    return;
  }
  dc_jw_object_begin(w);
  dc_jw_key(w, "zh");
  dc_jw_string(w, t[DC_LANG_ZH]);
  dc_jw_key(w, "en");
  dc_jw_string(w, t[DC_LANG_EN]);
  dc_jw_object_end(w);
}

static void write_registration(struct dc_jw *w, const dc_result_t *r)
{
  if (!r->has_record) {
    dc_jw_null(w);
    return;
  }
  dc_record_write_json(w, &r->record);
}

dc_status_t dc_result_to_json(const dc_result_t *r, unsigned flags, char **out)
{
  struct dc_buf b;
  struct dc_jw  w;
  char          when[40];
  size_t        i;

  if (r == NULL || out == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  dc_buf_init(&b, DC_BUF_UNLIMITED);
  dc_jw_init(&w, &b, flags);
  dc_jw_object_begin(&w);
  dc_jw_key(&w, "input");
  dc_jw_string(&w, r->input);
  dc_jw_key(&w, "domain");
  dc_jw_string(&w, r->dom.ok ? r->dom.unicode : NULL);
  dc_jw_key(&w, "ascii");
  dc_jw_string(&w, r->dom.ok ? r->dom.ascii : NULL);
  dc_jw_key(&w, "tld");
  dc_jw_string(&w, r->dom.ok ? r->dom.tld_unicode : NULL);
  dc_jw_key(&w, "suffix");
  dc_jw_string(&w, r->dom.ok ? r->dom.suffix_unicode : NULL);
  dc_jw_key(&w, "verdict");
  dc_jw_string(&w, dc_verdict_name(r->verdict));
  dc_jw_key(&w, "filing_type");
  dc_jw_string(&w, dc_filing_type_name(r->filing_type));
  dc_jw_key(&w, "province");
  dc_jw_string(&w, r->province);
  dc_jw_key(&w, "checks");
  dc_jw_array_begin(&w);
  for (i = 0; i < DC_CHK_COUNT_; i++) {
    const struct dc_check_result *c = &r->checks[i];
    if (!c->present) {
      continue;
    }
    dc_jw_object_begin(&w);
    dc_jw_key(&w, "id");
    dc_jw_string(&w, dc_check_id_name((enum dc_check_id)i));
    dc_jw_key(&w, "result");
    dc_jw_string(&w, dc_outcome_name(c->outcome));
    dc_jw_key(&w, "code");
    dc_jw_string(&w, c->code);
    write_texts(&w, "message", c->message);
    write_texts(&w, "fix", c->fix);
    dc_jw_object_end(&w);
  }
  dc_jw_array_end(&w);
  dc_jw_key(&w, "registration");
  write_registration(&w, r);
  dc_jw_key(&w, "sources");
  dc_jw_array_begin(&w);
  for (i = 0; i < r->nsources; i++) {
    const struct dc_result_source *s = &r->sources[i];
    dc_jw_object_begin(&w);
    dc_jw_key(&w, "source");
    dc_jw_string(&w, s->source == DC_SOURCE_RDAP ? "rdap" : "whois");
    dc_jw_key(&w, "server");
    dc_jw_string(&w, s->server);
    dc_jw_key(&w, "role");
    dc_jw_string(&w, s->origin == DC_ORIGIN_REGISTRAR  ? "registrar"
                     : s->origin == DC_ORIGIN_REGISTRY ? "registry"
                                                       : NULL);
    dc_jw_key(&w, "answer");
    dc_jw_string(&w, s->error != NULL ? NULL : dc_answer_name(s->answer));
    dc_jw_key(&w, "error");
    dc_jw_string(&w, s->error);
    dc_jw_object_end(&w);
  }
  dc_jw_array_end(&w);
  dc_jw_key(&w, "disagreements");
  dc_jw_array_begin(&w);
  for (i = 0; i < r->disagreements.n; i++) {
    dc_jw_string(&w, r->disagreements.v[i]);
  }
  dc_jw_array_end(&w);
  dc_time_format_utc(r->evaluated_at, when, sizeof(when));
  dc_jw_key(&w, "evaluated_at");
  dc_jw_string(&w, when);
  dc_jw_object_end(&w);
  if (w.st != DC_OK) {
    dc_buf_free(&b);
    return w.st;
  }
  *out = dc_buf_take(&b);
  return *out == NULL ? DC_ENOMEM : DC_OK;
}
