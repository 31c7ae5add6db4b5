/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/timeutil.h - calendar arithmetic and the record's time value
 */
#pragma once

#include "common.h"

/* A time as a registry printed it, after normalisation. */
enum dc_time_kind {
  DC_TIME_NONE = 0, /* not printed */
  DC_TIME_UTC,      /* an instant: secs since the epoch, UTC */
  DC_TIME_DATE,     /* a date without time: secs = 00:00 UTC of that day */
  DC_TIME_LOCAL     /* wall clock in a zone nobody documents: secs is the
                       wall clock read as if it were UTC; never guessed */
};

struct dc_time {
  enum dc_time_kind kind;
  int64_t           secs;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t dc_days_from_civil(int64_t y, unsigned m, unsigned d);
void    dc_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
bool    dc_date_valid(int64_t y, unsigned m, unsigned d);

/* "2023-05-01T04:20:05Z", "2023-05-01" or, for LOCAL, "2023-05-01T04:20:05"
 * (no offset: the zone is unknown). Empty string for NONE. */
void dc_time_format(const struct dc_time *t, char *out, size_t outlen);
/* RFC 3339 UTC of an instant. */
void dc_time_format_utc(int64_t secs, char *out, size_t outlen);

/* Parse the forms a user types: "YYYY-MM-DD" (00:00 UTC of that day),
 * "YYYY-MM-DDTHH:MM:SSZ" or with "+hh:mm"/"-hh:mm". */
dc_status_t dc_time_parse_user(const char *s, int64_t *out);

/* Earliest and latest instant a record time can mean: exact for UTC; a
 * whole day for DATE; +/-14 h around the wall clock for LOCAL. */
void dc_time_bounds(const struct dc_time *t, int64_t *lo, int64_t *hi);
