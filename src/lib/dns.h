/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/dns.h - asynchronous DNS on the event loop (c-ares 1.18 API,
 *  answers read with ldns)
 *
 *  The only module that includes <ares.h> (house style rule 11). Every
 *  request's callback fires exactly once: with the answer, an error, or
 *  DC_ECANCELLED (dc_dns_cancel, dc_dns_destroy). It never fires from
 *  inside dc_dns_query/dc_dns_resolve: always from the loop (or from
 *  dc_dns_cancel/dc_dns_destroy). When those return anything but DC_OK,
 *  the callback never fires and *req is NULL. A request handle is valid
 *  until its callback has returned; do not cancel it after that.
 *  Callbacks may start new requests, cancel any request and call
 *  dc_dns_destroy (the object is then freed once the callback returns).
 */
#pragma once

#include <sys/socket.h>

#include "common.h"
#include "loop.h"

struct dc_dns;
struct dc_dns_req;

/* servers: "ADDR" or "ADDR:PORT" or "[V6]:PORT" (or a bare IPv6 address),
 * port 53 by default; DC_EINVAL for anything else (no host names).
 * NULL/0: the system's (/etc/resolv.conf; /etc/hosts is then consulted by
 * dc_dns_resolve, never with explicit servers). No search list is used.
 * timeout_ms: first try; tries: attempts per server (<= 0: c-ares'
 * defaults, 5000 ms and 4). c-ares doubles the wait after each round over
 * all servers, so a request gives up after at most about
 * timeout_ms * nservers * (2^tries - 1): 600 ms for 200 ms, 1 server,
 * 2 tries. The loop must outlive the object. */
dc_status_t dc_dns_create(struct dc_dns **out, struct dc_loop *loop,
                          const char *const *servers, size_t nservers,
                          int timeout_ms, int tries);
void        dc_dns_destroy(struct dc_dns *d);

/* Raw answer of a query (class IN, RD set, EDNS payload 1232). With
 * dnssec_ok the EDNS DO bit is set so RRSIGs come back. The answer bytes
 * are borrowed for the callback (NULL unless st is DC_OK).
 * st: DC_OK (any rcode a server gave, NXDOMAIN included: read it from the
 * answer), DC_ETIMEOUT, DC_ENETWORK (no server reachable: refused, or
 * every server said SERVFAIL/REFUSED/NOTIMP, which c-ares keeps to try the
 * next one), DC_ECANCELLED, DC_ENOMEM. Returns DC_EINVAL for a name that
 * cannot be encoded (label > 63, name > 255 octets) or rrtype > 65535. */
typedef void (*dc_dns_answer_cb)(void *ud, dc_status_t st,
                                 const unsigned char *answer, size_t len);
dc_status_t dc_dns_query(struct dc_dns *d, const char *name, int rrtype,
                         bool dnssec_ok, dc_dns_answer_cb cb, void *ud,
                         struct dc_dns_req **req);

/* Addresses of a host (A and AAAA, through the same servers), port set in
 * each; addrs are borrowed for the callback. st: DC_OK with n >= 1,
 * DC_ENOTFOUND (NXDOMAIN, no address, or a name that cannot exist),
 * DC_ETIMEOUT, DC_ENETWORK, DC_ECANCELLED, DC_ENOMEM. IP literals
 * ("192.0.2.1", "2001:db8::1", "[2001:db8::1]") answer on the next loop
 * iteration without DNS (still through the callback, never
 * re-entrantly). */
typedef void (*dc_dns_addr_cb)(void *ud, dc_status_t st,
                               const struct sockaddr_storage *addrs, size_t n);
dc_status_t dc_dns_resolve(struct dc_dns *d, const char *host, int port,
                           dc_dns_addr_cb cb, void *ud,
                           struct dc_dns_req **req);

/* Cancel: the callback fires with DC_ECANCELLED before this returns (c-ares
 * 1.18 cannot drop one query: its late answer is ignored). No-op for NULL
 * or a request whose callback is running. */
void dc_dns_cancel(struct dc_dns *d, struct dc_dns_req *req);

/* ---- reading answers (ldns) --------------------------------------------- */

struct dc_dns_answer {
  int               rcode; /* LDNS_RCODE_*: 0 NOERROR, 3 NXDOMAIN */
  bool              authoritative;
  size_t            n_answer; /* records of the asked type in ANSWER */
  struct dc_strlist names;    /* NS/CNAME targets: ANSWER, else AUTHORITY
                                 (a referral), lower case, no final dot */
  bool has_rrsig;             /* RRSIG over the asked type */
};

/* Parse raw wire data; DC_EFORMAT when it is not a DNS response (bad or
 * truncated wire data, QR clear). rcode includes the EDNS extended bits.
 * has_rrsig looks at ANSWER only; names are de-duplicated, the root is
 * skipped. On error *out is empty; otherwise dc_dns_answer_clear it. */
dc_status_t dc_dns_parse(const unsigned char *wire, size_t len, int rrtype,
                         struct dc_dns_answer *out);
void        dc_dns_answer_clear(struct dc_dns_answer *a);

/* True for loopback, private (RFC 1918, fc00::/7), link-local, unspecified
 * and CGNAT addresses: WHOIS referrals must not lead there. Also true for
 * 0/8, multicast, 240/4 and broadcast, fec0::/10, ff00::/8, IPv4-mapped
 * (::ffff:0:0/96) and NAT64 (64:ff9b::/96) forms of any of those, NULL,
 * and families other than AF_INET/AF_INET6 (fail closed). */
bool dc_addr_is_private(const struct sockaddr_storage *ss);
