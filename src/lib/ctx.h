/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/ctx.h - the library context and the request (internal view)
 */
#pragma once

#include "common.h"
#include "record.h"
#include "subject.h"
#include "tldlist.h"

#include "netopts.h"

struct dc_driver;

/* --server-limit HOST=CONN,PERMIN */
struct dc_server_limit {
  char *host;
  int   max_conn;
  int   per_min;
};

/* --whois-server SUFFIX=HOST[:PORT] */
struct dc_whois_override {
  char *suffix;
  char *server;
};

struct dc_ctx {
  struct dc_tldlist *tl;
  dc_log_cb          log_cb;
  void              *log_ud;
  /* live lookups (issue 3) */
  int                       timeout_ms; /* 0: policy timeout-ms */
  unsigned                  lookups;
  struct dc_strlist         resolvers;
  struct dc_netopts         net;
  struct dc_whois_override *wo;
  size_t                    nwo;
  char                     *record_dir;
  char                     *replay_dir;
  char                     *cache_path;
  int64_t                   cache_max_age;
  struct dc_server_limit   *limits;
  size_t                    nlimits;
  struct dc_driver         *drv; /* created by the first query */
};

/* A reply handed over with dc_request_add_evidence(). */
struct dc_evidence {
  dc_source_t source;
  char       *server;
  char       *data;
  size_t      len;
};

struct dc_request {
  char               *input;
  struct dc_subject  *subject;  /* owned copy, or NULL */
  char               *province; /* as given, resolved at check time */
  bool                has_filing_type;
  dc_filing_type_t    filing_type;
  bool                has_as_of;
  int64_t             as_of;
  struct dc_evidence *ev;
  size_t              nev;
};

/* Deep copy of a request (subject and evidence included). */
dc_status_t dc_request_copy(struct dc_request      **out,
                            const struct dc_request *src);

/* --whois-server override for a domain (A-label), NULL when none. */
const char *dc_ctx_whois_override(const struct dc_ctx *ctx, const char *domain);

/* Apply a --server-limit for this host (exact, else "*"), if any. */
void dc_ctx_server_limit(const struct dc_ctx *ctx, const char *host,
                         int *max_conn, int *per_min);

/* The per-domain deadline in ms. */
int dc_ctx_timeout(const struct dc_ctx *ctx);

/* Debug trace through the context's log callback (no-op without one). */
void dc_log(const struct dc_ctx *ctx, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse one piece of evidence into rec (init'ed), with the hints the
 * tld-list gives for its server: zone, IANA names. */
dc_status_t dc_ctx_parse_evidence(const struct dc_ctx      *ctx,
                                  const struct dc_evidence *ev,
                                  enum dc_origin origin, const char *query,
                                  struct dc_record *rec);
