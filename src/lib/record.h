/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/record.h - the normalized registration record
 *
 *  WHOIS and RDAP replies, from registry or registrar, all become one of
 *  these. Field meanings follow ../shared/corpus/README.md (registry vs
 *  registrar expiry, EPP status names in camelCase, redaction).
 */
#pragma once

#include "common.h"
#include "timeutil.h"

struct dc_jw;

/* What kind of answer the server gave. */
enum dc_answer {
  DC_ANSWER_NONE = 0,      /* no reply at all */
  DC_ANSWER_REGISTERED,    /* the reply describes a domain object */
  DC_ANSWER_NOT_FOUND,     /* the server says the name has no record */
  DC_ANSWER_RATE_LIMITED,  /* refused or cut short for query volume */
  DC_ANSWER_RESERVED,      /* registry withholds the name */
  DC_ANSWER_INVALID_QUERY, /* server rejects the query itself */
  DC_ANSWER_OTHER,         /* referral, empty reply, outage, error object */
  DC_ANSWER_UNPARSABLE,    /* matches neither "registered" nor "available"
                              markers: format drift, fail closed (rule 13) */
  DC_ANSWER_COUNT_
};

struct dc_record {
  enum dc_answer    answer;
  dc_source_t       source;
  char             *server; /* host that answered (owned, may be NULL) */
  char             *domain; /* domain as printed, lower case (may be NULL) */
  char             *registrar_name;
  int64_t           registrar_iana_id; /* -1 when not shown */
  char             *registrar_whois;   /* referral: Registrar WHOIS Server */
  char             *registrar_rdap;    /* RDAP "related" link to registrar */
  struct dc_time    created;
  struct dc_time    updated;
  struct dc_time    expires;           /* the REGISTRY expiry */
  struct dc_time    registrar_expires; /* the registrar's own expiry */
  struct dc_strlist status;            /* EPP names, camelCase, printed order */
  char             *registrant_name;
  char             *registrant_org;
  bool              redacted;     /* privacy service, GDPR minimum, RFC 9537 */
  struct dc_strlist name_servers; /* lower case, no trailing dot */
  int               dnssec;       /* -1 not shown, 0 unsigned, 1 signed */
  char             *detail;       /* why UNPARSABLE/OTHER, for the message */
};

void        dc_record_init(struct dc_record *r);
void        dc_record_clear(struct dc_record *r); /* frees, then re-inits */
const char *dc_answer_name(enum dc_answer a); /* "registered", "not-found" */
bool        dc_record_has_status(const struct dc_record *r, const char *st);
/* Writes the record as a JSON object (keys as in corpus/expected.jsonl plus
 * source, server, domain). */
void dc_record_write_json(struct dc_jw *w, const struct dc_record *r);
/* Deep copy; dst must be init'ed (it is cleared first). */
dc_status_t dc_record_copy(struct dc_record *dst, const struct dc_record *src);

/* ---- parsing (whois_parse.c, rdap_parse.c) --------------------------------
 */

/* Whose server sent the reply. A registrar's own reply puts an unlabelled
 * "Expiration Date" (WHOIS) or RDAP expiration event into
 * registrar_expires, a registry's into expires (corpus README). */
enum dc_origin {
  DC_ORIGIN_UNKNOWN = 0, /* decide from labels only */
  DC_ORIGIN_REGISTRY,    /* asked per whois-servers.txt / RDAP bootstrap */
  DC_ORIGIN_REGISTRAR    /* reached by referral or "related" link */
};

/* What the caller knows about the reply besides its bytes. */
struct dc_parse_hints {
  enum dc_origin origin;
  const char    *server; /* host that sent it; may be NULL */
  const char    *query;  /* A-label asked for; may be NULL */
  /* The registry's documented zone for times printed without one, as in
   * tld-list/servers.txt ("+08:00", "UTC", "US-Pacific"); NULL when
   * undocumented: such times are kept as DC_TIME_LOCAL, never guessed. */
  const char *zone;
  /* Name of the IANA registrar with this id, to check a "(NNN)" suffix;
   * may be NULL (then such suffixes are not taken as IANA ids). */
  const char *(*iana_name)(void *ud, int64_t id);
  void *iana_ud;
};

/* Parse a WHOIS reply (UTF-8 text; any bytes are survived). rec must be
 * init'ed. Returns DC_OK whenever rec->answer was set (UNPARSABLE
 * included), DC_ENOMEM. */
dc_status_t dc_whois_parse(struct dc_record *rec, const char *text, size_t len,
                           const struct dc_parse_hints *hints);
/* Parse an RDAP domain document (RFC 9083); HTTP status is the caller's. */
dc_status_t dc_rdap_parse(struct dc_record *rec, const char *json, size_t len,
                          const struct dc_parse_hints *hints);
