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

#define DC_WHOIS_MAX_REPLY (1024u * 1024u) /* 1 MiB */

struct dc_whoisnet;
struct dc_whois_req;

/* st: DC_OK (data is the whole reply, as bytes), DC_ETOOBIG (reply cut at
 * the cap: data holds what came), DC_ETIMEOUT, DC_ENETWORK (unreachable,
 * refused, reset), DC_ENOTFOUND (server name does not resolve), DC_EINVAL
 * (server resolves to a private address without a --connect-to rule),
 * DC_ECANCELLED, DC_ENOMEM. error: human detail or NULL. */
typedef void (*dc_whois_cb)(void *ud, dc_status_t st, const char *data,
                            size_t len, const char *error);

dc_status_t dc_whoisnet_create(struct dc_whoisnet **out, struct dc_loop *loop,
                               struct dc_dns *dns,
                               const struct dc_netopts *opts);
void        dc_whoisnet_destroy(struct dc_whoisnet *w); /* ECANCELLED */

/* host[:port] default port 43; query is sent followed by CRLF. */
dc_status_t dc_whois_exchange(struct dc_whoisnet *w, const char *server,
                              const char *query, int timeout_ms,
                              dc_whois_cb cb, void *ud,
                              struct dc_whois_req **req);
void        dc_whois_cancel(struct dc_whoisnet *w, struct dc_whois_req *req);
