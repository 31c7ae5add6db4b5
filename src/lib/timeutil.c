/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/timeutil.c - calendar arithmetic and the record's time value
 */
#include "timeutil.h"

#include <stdio.h>
#include <string.h>

int64_t dc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
  int64_t  era;
  unsigned yoe;
  unsigned doy;
  unsigned doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

void dc_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
  int64_t  era;
  unsigned doe;
  unsigned yoe;
  unsigned doy;
  unsigned mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp  = (5 * doy + 2) / 153;
  *d  = doy - (153 * mp + 2) / 5 + 1;
  *m  = mp < 10 ? mp + 3 : mp - 9;
  *y  = (int64_t)yoe + era * 400 + (*m <= 2);
}

bool dc_date_valid(int64_t y, unsigned m, unsigned d)
{
  static const unsigned mdays[] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
  unsigned              max;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) {
    return false;
  }
  max = mdays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    max = 29;
  }
  return d <= max;
}

static void split(int64_t secs, int64_t *y, unsigned *mo, unsigned *d,
                  unsigned *h, unsigned *mi, unsigned *s)
{
  int64_t days = secs / 86400;
  int64_t rem  = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  dc_civil_from_days(days, y, mo, d);
  *h  = (unsigned)(rem / 3600);
  *mi = (unsigned)(rem / 60 % 60);
  *s  = (unsigned)(rem % 60);
}

void dc_time_format_utc(int64_t secs, char *out, size_t outlen)
{
  int64_t  y;
  unsigned mo, d, h, mi, s;
  split(secs, &y, &mo, &d, &h, &mi, &s);
  (void)snprintf(out, outlen, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y,
                 mo, d, h, mi, s);
}

void dc_time_format(const struct dc_time *t, char *out, size_t outlen)
{
  int64_t  y;
  unsigned mo, d, h, mi, s;
  if (outlen == 0) {
    return;
  }
  out[0] = '\0';
  switch (t->kind) {
    case DC_TIME_NONE:
      break;
    case DC_TIME_UTC:
      dc_time_format_utc(t->secs, out, outlen);
      break;
    case DC_TIME_DATE:
      split(t->secs, &y, &mo, &d, &h, &mi, &s);
      (void)snprintf(out, outlen, "%04lld-%02u-%02u", (long long)y, mo, d);
      break;
    case DC_TIME_LOCAL:
      split(t->secs, &y, &mo, &d, &h, &mi, &s);
      (void)snprintf(out, outlen, "%04lld-%02u-%02uT%02u:%02u:%02u",
                     (long long)y, mo, d, h, mi, s);
      break;
  }
}

static bool digits(const char *s, size_t n, unsigned *out)
{
  unsigned v = 0;
  size_t   i;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  *out = v;
  return true;
}

dc_status_t dc_time_parse_user(const char *s, int64_t *out)
{
  unsigned y, mo, d, h = 0, mi = 0, se = 0;
  size_t   n;
  int64_t  t;
  if (s == NULL || out == NULL) {
    return DC_EINVAL;
  }
  n = strlen(s);
  if (n < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
      s[7] != '-' || !digits(s + 8, 2, &d) || !dc_date_valid(y, mo, d)) {
    return DC_EINVAL;
  }
  t = dc_days_from_civil(y, mo, d) * 86400;
  if (n == 10) {
    *out = t;
    return DC_OK;
  }
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || n < 19 ||
      !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
      s[16] != ':' || !digits(s + 17, 2, &se) || h > 23 || mi > 59 || se > 60) {
    return DC_EINVAL;
  }
  t += (int64_t)h * 3600 + mi * 60 + se;
  s += 19;
  if (*s == '.') {
    s++;
    while (*s >= '0' && *s <= '9') {
      s++;
    }
  }
  if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
    *out = t;
    return DC_OK;
  }
  if ((s[0] == '+' || s[0] == '-') && strlen(s) == 6 && s[3] == ':') {
    unsigned oh, om;
    if (!digits(s + 1, 2, &oh) || !digits(s + 4, 2, &om) || oh > 23 ||
        om > 59) {
      return DC_EINVAL;
    }
    t += (s[0] == '+' ? -1 : 1) * ((int64_t)oh * 3600 + om * 60);
    *out = t;
    return DC_OK;
  }
  return DC_EINVAL;
}

void dc_time_bounds(const struct dc_time *t, int64_t *lo, int64_t *hi)
{
  switch (t->kind) {
    case DC_TIME_DATE:
      /* The day may be meant in any zone from UTC-12 to UTC+14. */
      *lo = t->secs - 14 * 3600;
      *hi = t->secs + 86400 + 12 * 3600 - 1;
      break;
    case DC_TIME_LOCAL:
      *lo = t->secs - 14 * 3600;
      *hi = t->secs + 12 * 3600;
      break;
    case DC_TIME_UTC:
    case DC_TIME_NONE:
    default:
      *lo = t->secs;
      *hi = t->secs;
      break;
  }
}

dc_status_t dc_parse_time(const char *text, int64_t *out)
{
  return dc_time_parse_user(text, out);
}
