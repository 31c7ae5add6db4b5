/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/wparse_time.h - dates and times as WHOIS servers print them
 *
 *  One reader for every form the registries use: ISO 8601 / RFC 3339 with
 *  or without a zone, "24-Oct-1997", "24.10.1997", "2002.09.19 13:00:00",
 *  "20230501", "Mon Jan 01 00:00:00 GMT 2012", "18 Apr 2003 00:00 EAT",
 *  "2021-11-09 00:00:00 (UTC+8)" and the like. A time printed without a
 *  zone is converted with the server's documented zone, or kept as a
 *  zone-less wall clock (DC_TIME_LOCAL): never guessed.
 */
#pragma once

#include "common.h"
#include "timeutil.h"

/* What the caller knows about times printed without a zone. */
struct dc_wptime_ctx {
  /* "+08:00", "-05:00", "UTC", "US-Pacific"; NULL or "" = undocumented. */
  const char *zone;
  /* Slash dates: true reads "01/02/2003" as January 2, false (the default)
   * as 1 February. A field above 12 decides by itself. */
  bool month_first;
};

/* Parse the n bytes at s. On success fills *out (DC_TIME_DATE for a date
 * without time, DC_TIME_UTC when the zone is known, DC_TIME_LOCAL
 * otherwise) and returns true. Values that are not one date ("before
 * Aug-1996", "not defined", an empty string) give false. Reads at most the
 * first 128 bytes. */
bool dc_wptime_parse(const char *s, size_t n, const struct dc_wptime_ctx *ctx,
                     struct dc_time *out);

/* Convert a wall clock (seconds as if UTC) in a documented zone to UTC.
 * False for an unknown zone string. */
bool dc_wptime_zone_to_utc(const char *zone, int64_t wall, int64_t *utc);
