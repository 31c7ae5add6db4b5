/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/netopts.h - connection redirection shared by WHOIS and RDAP
 */
#pragma once

#include "common.h"

/* --connect-to HOST:PORT:ADDR:PORT, curl's semantics: a connection meant
 * for HOST:PORT goes to ADDR:PORT instead. An empty HOST or PORT matches
 * any; an empty ADDR keeps the host, an empty PORT keeps the port. */
struct dc_connect_to {
  char *host;    /* NULL: any */
  int   port;    /* 0: any */
  char *addr;    /* NULL: same host */
  int   to_port; /* 0: same port */
};

struct dc_netopts {
  struct dc_connect_to *connect_to;
  size_t                nconnect_to;
  /* Allow WHOIS referrals and RDAP links to loopback, private and
   * link-local addresses (never, unless a --connect-to rule made the
   * address: then it is the user's own choice). */
  bool allow_private;
};

/* Parse "HOST:PORT:ADDR:PORT" (IPv6 in brackets) into c (owned strings;
 * IPv6 kept without brackets). Exactly four fields; ports are decimal
 * 1..65535 or empty; names may hold no ':' '/' '[' ']', space or control
 * characters. DC_EINVAL on a malformed rule (c is then zeroed). */
dc_status_t dc_connect_to_parse(struct dc_connect_to *c, const char *spec);
void        dc_connect_to_clear(struct dc_connect_to *c);
/* Apply the first matching rule; *addr_out is host when none matches
 * (borrowed from rules or host), *port_out likewise. Host names match
 * without case and ignoring one final dot; host may be an IPv6 literal
 * with or without brackets. o may be NULL. Returns true when a rule
 * matched. */
bool dc_connect_to_apply(const struct dc_netopts *o, const char *host, int port,
                         const char **addr_out, int *port_out);

/* Our words for the errno values a connection meets (strerror() is not
 * thread-safe and its wording differs between libcs); NULL for others. */
const char *dc_net_errno_text(long e);
