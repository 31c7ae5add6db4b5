/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/record.c - the normalized registration record
 */
#include "record.h"

#include <string.h>

#include "json.h"

void dc_record_init(struct dc_record *r)
{
  memset(r, 0, sizeof(*r));
  r->registrar_iana_id = -1;
  r->dnssec            = -1;
}

void dc_record_clear(struct dc_record *r)
{
  dc_free(r->server);
  dc_free(r->domain);
  dc_free(r->registrar_name);
  dc_free(r->registrar_whois);
  dc_free(r->registrar_rdap);
  dc_free(r->registrant_name);
  dc_free(r->registrant_org);
  dc_free(r->detail);
  dc_strlist_clear(&r->status);
  dc_strlist_clear(&r->name_servers);
  dc_record_init(r);
}

const char *dc_answer_name(enum dc_answer a)
{
  switch (a) {
    case DC_ANSWER_NONE:
      return "none";
    case DC_ANSWER_REGISTERED:
      return "registered";
    case DC_ANSWER_NOT_FOUND:
      return "not-found";
    case DC_ANSWER_RATE_LIMITED:
      return "rate-limited";
    case DC_ANSWER_RESERVED:
      return "reserved";
    case DC_ANSWER_INVALID_QUERY:
      return "invalid-query";
    case DC_ANSWER_OTHER:
      return "other";
    case DC_ANSWER_UNPARSABLE:
      return "unparsable";
    case DC_ANSWER_COUNT_:
      break;
  }
  return "none";
}

bool dc_record_has_status(const struct dc_record *r, const char *st)
{
  return dc_strlist_contains(&r->status, st);
}

static void write_time(struct dc_jw *w, const char *key,
                       const struct dc_time *t)
{
  char tmp[40];
  dc_jw_key(w, key);
  if (t->kind == DC_TIME_NONE) {
    dc_jw_null(w);
    return;
  }
  dc_time_format(t, tmp, sizeof(tmp));
  dc_jw_string(w, tmp);
}

static void write_list(struct dc_jw *w, const char *key,
                       const struct dc_strlist *l)
{
  size_t i;
  dc_jw_key(w, key);
  dc_jw_array_begin(w);
  for (i = 0; i < l->n; i++) {
    dc_jw_string(w, l->v[i]);
  }
  dc_jw_array_end(w);
}

void dc_record_write_json(struct dc_jw *w, const struct dc_record *r)
{
  dc_jw_object_begin(w);
  dc_jw_key(w, "source");
  dc_jw_string(w, r->answer == DC_ANSWER_NONE   ? NULL
                  : r->source == DC_SOURCE_RDAP ? "rdap"
                                                : "whois");
  dc_jw_key(w, "server");
  dc_jw_string(w, r->server);
  dc_jw_key(w, "answer");
  dc_jw_string(w, dc_answer_name(r->answer));
  dc_jw_key(w, "registrar");
  dc_jw_object_begin(w);
  dc_jw_key(w, "name");
  dc_jw_string(w, r->registrar_name);
  dc_jw_key(w, "iana_id");
  if (r->registrar_iana_id >= 0) {
    dc_jw_int(w, r->registrar_iana_id);
  } else {
    dc_jw_null(w);
  }
  dc_jw_object_end(w);
  dc_jw_key(w, "registrar_whois");
  dc_jw_string(w, r->registrar_whois);
  write_time(w, "created", &r->created);
  write_time(w, "updated", &r->updated);
  write_time(w, "expires", &r->expires);
  write_time(w, "registrar_expires", &r->registrar_expires);
  write_list(w, "status", &r->status);
  dc_jw_key(w, "registrant");
  dc_jw_object_begin(w);
  dc_jw_key(w, "name");
  dc_jw_string(w, r->registrant_name);
  dc_jw_key(w, "organization");
  dc_jw_string(w, r->registrant_org);
  dc_jw_key(w, "redacted");
  dc_jw_bool(w, r->redacted);
  dc_jw_object_end(w);
  write_list(w, "name_servers", &r->name_servers);
  dc_jw_key(w, "dnssec");
  if (r->dnssec < 0) {
    dc_jw_null(w);
  } else {
    dc_jw_bool(w, r->dnssec != 0);
  }
  dc_jw_object_end(w);
}

static dc_status_t dup_field(char **dst, const char *src)
{
  *dst = NULL;
  if (src == NULL) {
    return DC_OK;
  }
  *dst = dc_strdup(src);
  return *dst == NULL ? DC_ENOMEM : DC_OK;
}

static dc_status_t dup_list(struct dc_strlist *dst, const struct dc_strlist *s)
{
  size_t i;
  for (i = 0; i < s->n; i++) {
    dc_status_t st = dc_strlist_push(dst, s->v[i]);
    if (st != DC_OK) {
      return st;
    }
  }
  return DC_OK;
}

dc_status_t dc_record_copy(struct dc_record *dst, const struct dc_record *src)
{
  dc_status_t st = DC_OK;
  dc_record_clear(dst);
  dst->answer            = src->answer;
  dst->source            = src->source;
  dst->registrar_iana_id = src->registrar_iana_id;
  dst->created           = src->created;
  dst->updated           = src->updated;
  dst->expires           = src->expires;
  dst->registrar_expires = src->registrar_expires;
  dst->redacted          = src->redacted;
  dst->dnssec            = src->dnssec;
  if (dup_field(&dst->server, src->server) != DC_OK ||
      dup_field(&dst->domain, src->domain) != DC_OK ||
      dup_field(&dst->registrar_name, src->registrar_name) != DC_OK ||
      dup_field(&dst->registrar_whois, src->registrar_whois) != DC_OK ||
      dup_field(&dst->registrar_rdap, src->registrar_rdap) != DC_OK ||
      dup_field(&dst->registrant_name, src->registrant_name) != DC_OK ||
      dup_field(&dst->registrant_org, src->registrant_org) != DC_OK ||
      dup_field(&dst->detail, src->detail) != DC_OK ||
      dup_list(&dst->status, &src->status) != DC_OK ||
      dup_list(&dst->name_servers, &src->name_servers) != DC_OK) {
    st = DC_ENOMEM;
    dc_record_clear(dst);
  }
  return st;
}
