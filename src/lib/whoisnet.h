/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/whoisnet.h - one WHOIS exchange (RFC 3912) on the event loop
 *
 *  Resolve (dns.h, unless --connect-to maps the server), connect without
 *  blocking, send the query, read until the server closes. Every
 *  request's callback fires exactly once.
 */
#pragma once

#include "common.h"
#include "dns.h"
#include "loop.h"
#include "netopts.h"

#define DC_WHOIS_MAX_REPLY ((size_t)1024 * 1024) /* 1 MiB */

struct dc_whoisnet;
struct dc_whois_req;

/* st: DC_OK (data is the whole reply, as bytes), DC_ETOOBIG (reply cut at
 * the cap: data holds what came), DC_ETIMEOUT, DC_ENETWORK (unreachable,
 * refused, reset), DC_ENOTFOUND (server name does not resolve), DC_EINVAL
 * (server is, or resolves only to, private addresses without a
 * --connect-to rule or allow_private), DC_ECANCELLED, DC_ENOMEM.
 * data: borrowed for the callback, never NULL, NUL-terminated after len;
 * unless st is DC_OK it is what came before the failure (maybe nothing).
 * error: human detail, NULL exactly when st is DC_OK. */
typedef void (*dc_whois_cb)(void *ud, dc_status_t st, const char *data,
                            size_t len, const char *error);

/* loop, dns and opts are borrowed for the object's lifetime; dns may be
 * NULL (only literals and --connect-to rules naming one), opts NULL (no
 * rules, no private addresses). Destroy before the loop and dns. */
dc_status_t dc_whoisnet_create(struct dc_whoisnet **out, struct dc_loop *loop,
                               struct dc_dns           *dns,
                               const struct dc_netopts *opts);
void        dc_whoisnet_destroy(struct dc_whoisnet *w); /* ECANCELLED */

/* server: "host", "host:port", "[v6]", "[v6]:port" (default port 43).
 * query is sent followed by CRLF; it must not contain CR or LF. One
 * deadline, timeout_ms, covers resolving, connecting and the exchange.
 * DC_OK: the callback fires exactly once, always from the loop (never
 * inside this call); *req (optional) stays valid until it starts. Any
 * other return: nothing started, no callback (DC_EINVAL: bad argument, or
 * a name to resolve without dns; DC_ECANCELLED: destroy under way). The
 * callback may call dc_whois_exchange, dc_whois_cancel and
 * dc_whoisnet_destroy. */
dc_status_t dc_whois_exchange(struct dc_whoisnet *w, const char *server,
                              const char *query, int timeout_ms, dc_whois_cb cb,
                              void *ud, struct dc_whois_req **req);
/* The callback fires with DC_ECANCELLED before this returns; req must be
 * pending (its callback not yet started). */
void dc_whois_cancel(struct dc_whoisnet *w, struct dc_whois_req *req);
