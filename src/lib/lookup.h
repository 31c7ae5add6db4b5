/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/lookup.h - the lookups of one domain as a state machine that
 *  knows no sockets (house style rule 10)
 *
 *  The machine produces I/O requests (an RDAP GET, a WHOIS exchange, a DNS
 *  query) and consumes their responses; a driver carries them: the live
 *  one over the event loop (driver.c), or a recorded evidence folder
 *  (--replay), which is also how the machine is tested. Source order
 *  (issue 3): RDAP first where the bootstrap has the TLD; WHOIS where it
 *  has not or when RDAP fails; a thin WHOIS registry's referral is
 *  followed (at most 2 hops); the registrar's RDAP through the "related"
 *  link. DNS runs alongside from the start.
 */
#pragma once

#include "common.h"
#include "record.h"

struct dc_ctx;
struct dc_request;
struct dc_result;

enum dc_io_kind { DC_IOK_DNS, DC_IOK_RDAP, DC_IOK_WHOIS };

/* "dns", "rdap", "whois": names in recordings and the cache. */
const char *dc_io_kind_name(enum dc_io_kind k);

struct dc_io_request {
  enum dc_io_kind kind;
  unsigned        tag;      /* routes the response back */
  char           *target;   /* RDAP: URL; WHOIS: server[:port]; DNS: name */
  char           *query;    /* WHOIS: the query line; else NULL */
  int             rrtype;   /* DNS */
  uint64_t        delay_ms; /* wait this long before sending (backoff) */
};

struct dc_io_response {
  dc_status_t st;          /* DC_OK: an answer came (any HTTP status / any
                              rcode); else why not */
  long        http_status; /* RDAP */
  int64_t     retry_after; /* RDAP, seconds, -1 none */
  const char *data;        /* raw bytes, borrowed for the call */
  size_t      len;
  const char *error; /* human detail, may be NULL */
};

struct dc_lookup;

/* lookups: DC_LOOKUP_* mask of what may be asked. now: wall clock. */
dc_status_t dc_lookup_create(struct dc_lookup **out, const struct dc_ctx *ctx,
                             const struct dc_request *req, unsigned lookups,
                             int64_t now);
void        dc_lookup_destroy(struct dc_lookup *lk);

/* Move the requests the machine wants sent now into out (the strings are
 * transferred); returns how many (at most max). */
size_t dc_lookup_take(struct dc_lookup *lk, struct dc_io_request *out,
                      size_t max);
void   dc_io_request_clear(struct dc_io_request *r);

/* The driver's clocks: monotonic now and the deadline (ms), wall clock
 * now (s). Call before take/feed so retries know the time left. */
void dc_lookup_set_clock(struct dc_lookup *lk, uint64_t now_ms,
                         uint64_t deadline_ms, int64_t wall_now);

/* What a response turned out to be, for the driver's cache and
 * per-server politeness. */
enum dc_feed_class {
  DC_FEED_OTHER = 0,   /* a failure or a late answer: neither */
  DC_FEED_USABLE,      /* a real answer: may be cached */
  DC_FEED_RATE_LIMITED /* the server asked us to slow down */
};

/* Hand a response to the machine, with the request it answers (the one
 * taken, still owned by the driver). Responses to requests it no longer
 * waits for are ignored. cls (may be NULL) says what the response was. */
dc_status_t dc_lookup_feed(struct dc_lookup *lk, unsigned tag,
                           const struct dc_io_response *resp,
                           const struct dc_io_request  *req,
                           enum dc_feed_class          *cls);

/* Record why nothing could be asked (e.g. no recording to replay). */
dc_status_t dc_lookup_note(struct dc_lookup *lk, const char *who,
                           const char *why);

/* The deadline passed: every request still out counts as timed out. */
void dc_lookup_expire(struct dc_lookup *lk, const char *why);

/* Nothing more to send or wait for. */
bool dc_lookup_done(const struct dc_lookup *lk);
/* Number of requests out (sent, no response yet). */
size_t dc_lookup_outstanding(const struct dc_lookup *lk);

/* The verdict from what was learned. *out is owned by the caller. */
dc_status_t dc_lookup_finish(struct dc_lookup *lk, struct dc_result **out);

/* The exchanges of this lookup, in order, for --record. */
struct dc_exchange {
  enum dc_io_kind kind;
  char           *target;
  char           *query;
  int             rrtype;
  dc_status_t     st;
  long            http_status;
  int64_t         retry_after;
  char           *error;
  char           *data;
  size_t          len;
  int64_t         at; /* wall clock seconds */
};
size_t                    dc_lookup_exchange_count(const struct dc_lookup *lk);
const struct dc_exchange *dc_lookup_exchange(const struct dc_lookup *lk,
                                             size_t                  i);
const char *dc_lookup_domain(const struct dc_lookup *lk); /* A-label or "" */
int64_t     dc_lookup_started(const struct dc_lookup *lk);
