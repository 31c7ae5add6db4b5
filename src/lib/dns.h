/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/dns.h - asynchronous DNS on the event loop (c-ares 1.18 API,
 *  answers read with ldns)
 *
 *  The only module that includes <ares.h> (house style rule 11). Every
 *  request's callback fires exactly once: with the answer, an error, or
 *  DC_ECANCELLED (dc_dns_cancel, dc_dns_destroy).
 */
#pragma once

#include <sys/socket.h>

#include "common.h"
#include "loop.h"

struct dc_dns;
struct dc_dns_req;

/* servers: "ADDR" or "ADDR:PORT" or "[V6]:PORT"; NULL/0: the system's
 * (/etc/resolv.conf). timeout_ms: per try; tries: attempts per server. */
dc_status_t dc_dns_create(struct dc_dns **out, struct dc_loop *loop,
                          const char *const *servers, size_t nservers,
                          int timeout_ms, int tries);
void        dc_dns_destroy(struct dc_dns *d);

/* Raw answer of a query (class IN). With dnssec_ok the EDNS DO bit is set
 * so RRSIGs come back. The answer bytes are borrowed for the callback.
 * st: DC_OK (any rcode: read it from the answer), DC_ETIMEOUT,
 * DC_ENETWORK (no server reachable), DC_ECANCELLED, DC_ENOMEM. */
typedef void (*dc_dns_answer_cb)(void *ud, dc_status_t st,
                                 const unsigned char *answer, size_t len);
dc_status_t dc_dns_query(struct dc_dns *d, const char *name, int rrtype,
                         bool dnssec_ok, dc_dns_answer_cb cb, void *ud,
                         struct dc_dns_req **req);

/* Addresses of a host (A and AAAA, through the same servers), port set in
 * each. st: DC_OK with n >= 1, DC_ENOTFOUND, DC_ETIMEOUT, DC_ENETWORK,
 * DC_ECANCELLED, DC_ENOMEM. IP literals answer at once (still through the
 * callback, from the loop, never re-entrantly). */
typedef void (*dc_dns_addr_cb)(void *ud, dc_status_t st,
                               const struct sockaddr_storage *addrs,
                               size_t n);
dc_status_t dc_dns_resolve(struct dc_dns *d, const char *host, int port,
                           dc_dns_addr_cb cb, void *ud,
                           struct dc_dns_req **req);

/* Cancel: the callback fires with DC_ECANCELLED before this returns. */
void dc_dns_cancel(struct dc_dns *d, struct dc_dns_req *req);

/* ---- reading answers (ldns) --------------------------------------------- */

struct dc_dns_answer {
  int               rcode;    /* LDNS_RCODE_*: 0 NOERROR, 3 NXDOMAIN */
  bool              authoritative;
  size_t            n_answer; /* records of the asked type in ANSWER */
  struct dc_strlist names;    /* NS/CNAME targets: ANSWER, else AUTHORITY
                                 (a referral), lower case, no final dot */
  bool              has_rrsig; /* RRSIG over the asked type */
};

/* Parse raw wire data; DC_EFORMAT when it is not a DNS message. */
dc_status_t dc_dns_parse(const unsigned char *wire, size_t len, int rrtype,
                         struct dc_dns_answer *out);
void        dc_dns_answer_clear(struct dc_dns_answer *a);

/* True for loopback, private (RFC 1918, fc00::/7), link-local, unspecified
 * and CGNAT addresses: WHOIS referrals must not lead there. */
bool dc_addr_is_private(const struct sockaddr_storage *ss);
