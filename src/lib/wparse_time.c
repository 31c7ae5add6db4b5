/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/wparse_time.c - dates and times as WHOIS servers print them
 *
 *  The value is cut into tokens (blanks, commas and brackets separate
 *  them) and each token is read as a numeric date ("2023-05-01",
 *  "24-Oct-1997", "24.10.1997", "20230501", possibly with "T" and a time
 *  glued on), a time ("04:20:05.123Z", "00:00:00+02"), a zone ("UTC",
 *  "+0800", "(UTC+8)", "EAT"), a month or weekday name, or a day or year
 *  number. Unknown tokens before a complete date reject the value; after it
 *  they are ignored ("19990518 #162310", "2018-12-26T12:48:55Z nic@nic.fr").
 */
#include "wparse_time.h"

#include <string.h>

#define WPT_MAX_INPUT 128
#define WPT_HOUR      ((int32_t)3600)

struct wpt {
  int64_t  y;
  unsigned mo;
  unsigned d;
  bool     have_date;
  unsigned h;
  unsigned mi;
  unsigned s;
  bool     have_time;
  int32_t  off; /* seconds east of UTC */
  bool     have_off;
  bool     undecided_zone; /* a zone name that cannot be read ("CST") */
  unsigned name_month;     /* from a month name token, 0 if none */
  unsigned num_day;        /* from a lone day number, 0 if none */
  int64_t  num_year;       /* from a lone year number, 0 if none */
};

static const char *const months[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

static const char *const weekdays[] = {"mon", "tue", "wed", "thu",
                                       "fri", "sat", "sun"};

/* Zone abbreviations with one meaning (RFC 5322 section 4.3 plus the ones
 * registries print). "CST" is read only where the server's zone says
 * which (China or US Central), see zone_token(). */
static const struct {
  const char *name;
  int32_t     off;
} zone_names[] = {
    {"utc", 0},
    {"gmt", 0},
    {"ut", 0},
    {"z", 0},
    {"wet", 0},
    {"bst", 1 * WPT_HOUR},
    {"cet", 1 * WPT_HOUR},
    {"met", 1 * WPT_HOUR},
    {"cest", 2 * WPT_HOUR},
    {"mest", 2 * WPT_HOUR},
    {"eet", 2 * WPT_HOUR},
    {"eest", 3 * WPT_HOUR},
    {"msk", 3 * WPT_HOUR},
    {"eat", 3 * WPT_HOUR},
    {"ict", 7 * WPT_HOUR},
    {"hkt", 8 * WPT_HOUR},
    {"sgt", 8 * WPT_HOUR},
    {"awst", 8 * WPT_HOUR},
    {"jst", 9 * WPT_HOUR},
    {"kst", 9 * WPT_HOUR},
    {"aest", 10 * WPT_HOUR},
    {"aedt", 11 * WPT_HOUR},
    {"nzst", 12 * WPT_HOUR},
    {"nzdt", 13 * WPT_HOUR},
    {"brt", -3 * WPT_HOUR},
    {"brst", -2 * WPT_HOUR},
    {"art", -3 * WPT_HOUR},
    {"edt", -4 * WPT_HOUR},
    {"est", -5 * WPT_HOUR},
    {"cdt", -5 * WPT_HOUR},
    {"mdt", -6 * WPT_HOUR},
    {"mst", -7 * WPT_HOUR},
    {"pdt", -7 * WPT_HOUR},
    {"pst", -8 * WPT_HOUR},
    {"akdt", -8 * WPT_HOUR},
    {"akst", -9 * WPT_HOUR},
    {"hst", -10 * WPT_HOUR},
};

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
  return c >= 'a' && c <= 'z';
}

/* Digits at p (at most max of them); returns how many were read. */
static size_t read_num(const char *p, size_t n, size_t max, unsigned *out)
{
  size_t   i;
  unsigned v = 0;
  for (i = 0; i < n && i < max && is_digit(p[i]); i++) {
    v = v * 10 + (unsigned)(p[i] - '0');
  }
  *out = v;
  return i;
}

/* "oct", "october", "sept": a prefix of at least three letters of the
 * month's English name ("octopus" is not a month). */
static unsigned month_of(const char *p, size_t n)
{
  size_t i;
  if (n < 3) {
    return 0;
  }
  for (i = 0; i < DC_ARRAY_LEN(months); i++) {
    if (n <= strlen(months[i]) && memcmp(p, months[i], n) == 0) {
      return (unsigned)i + 1;
    }
  }
  return 0;
}

static bool is_weekday(const char *p, size_t n)
{
  size_t i;
  if (n < 3 || n > 9) {
    return false;
  }
  for (i = 0; i < DC_ARRAY_LEN(weekdays); i++) {
    if (memcmp(p, weekdays[i], 3) == 0) {
      return true;
    }
  }
  return false;
}

static int64_t full_year(unsigned y, size_t ndigits)
{
  if (ndigits == 2) {
    /* Two-digit years in old registrar replies ("29-APR-05"). */
    return y < 70 ? 2000 + (int64_t)y : 1900 + (int64_t)y;
  }
  return (int64_t)y;
}

/* "+08:00", "+0800", "+08", "-5"; p[0] is the sign. */
static bool offset_token(const char *p, size_t n, int32_t *off)
{
  unsigned hh = 0;
  unsigned mm = 0;
  size_t   k;
  int      sign;
  if (n < 2 || (p[0] != '+' && p[0] != '-')) {
    return false;
  }
  sign = p[0] == '-' ? -1 : 1;
  p++;
  n--;
  k = read_num(p, n, 2, &hh);
  if (k == 0) {
    return false;
  }
  p += k;
  n -= k;
  if (n > 0 && p[0] == ':') {
    p++;
    n--;
  }
  if (n > 0) {
    k = read_num(p, n, 2, &mm);
    if (k != 2) {
      return false;
    }
    n -= k;
  }
  if (n != 0 || hh > 14 || mm > 59) {
    return false;
  }
  *off = sign * (int32_t)(hh * 3600 + mm * 60);
  return true;
}

static bool zone_is(const char *zone, const char *want)
{
  return zone != NULL && strcmp(zone, want) == 0;
}

/* A zone token: name, "+hh:mm", "utc+8". */
static bool zone_token(const char *p, size_t n, const struct dc_wptime_ctx *ctx,
                       struct wpt *t)
{
  size_t  i;
  int32_t off;
  if (offset_token(p, n, &off)) {
    t->off      = off;
    t->have_off = true;
    return true;
  }
  if (n > 3 && (memcmp(p, "utc", 3) == 0 || memcmp(p, "gmt", 3) == 0) &&
      offset_token(p + 3, n - 3, &off)) {
    t->off      = off;
    t->have_off = true;
    return true;
  }
  if (n == 3 && memcmp(p, "cst", 3) == 0) {
    /* China Standard Time or US Central: only the server's zone says. */
    if (ctx != NULL && zone_is(ctx->zone, "+08:00")) {
      t->off      = 8 * WPT_HOUR;
      t->have_off = true;
    } else {
      t->undecided_zone = true;
    }
    return true;
  }
  for (i = 0; i < DC_ARRAY_LEN(zone_names); i++) {
    if (strlen(zone_names[i].name) == n &&
        memcmp(zone_names[i].name, p, n) == 0) {
      t->off      = zone_names[i].off;
      t->have_off = true;
      return true;
    }
  }
  return false;
}

/* "04:20", "04:20:05", "04:20:05.123", each optionally followed by "z",
 * "+08:00", "+0800", "+08". */
static bool time_token(const char *p, size_t n, const struct dc_wptime_ctx *ctx,
                       struct wpt *t)
{
  unsigned h;
  unsigned mi;
  unsigned s = 0;
  size_t   k;
  k = read_num(p, n, 2, &h);
  if (k == 0 || k >= n || p[k] != ':') {
    return false;
  }
  p += k + 1;
  n -= k + 1;
  k = read_num(p, n, 2, &mi);
  if (k != 2) {
    return false;
  }
  p += k;
  n -= k;
  if (n > 0 && p[0] == ':') {
    k = read_num(p + 1, n - 1, 2, &s);
    if (k != 2) {
      return false;
    }
    p += k + 1;
    n -= k + 1;
    if (n > 0 && (p[0] == '.' || p[0] == ',')) {
      /* Fractional seconds are dropped (corpus README: Dates). */
      p++;
      n--;
      while (n > 0 && is_digit(p[0])) {
        p++;
        n--;
      }
    }
  }
  if (h > 23 || mi > 59 || s > 60) {
    return false;
  }
  if (n > 0 && !zone_token(p, n, ctx, t)) {
    return false;
  }
  t->h         = h;
  t->mi        = mi;
  t->s         = s == 60 ? 59 : s;
  t->have_time = true;
  return true;
}

/* Numeric dates, possibly with a glued time: "2023-05-01",
 * "2023-05-01T04:20:05Z", "2001-06-14-T10:32:43Z", "24-Oct-1997",
 * "24.10.1997", "2002.09.19", "20230501", "01/02/2003". */
static bool date_token(const char *p, size_t n, const struct dc_wptime_ctx *ctx,
                       struct wpt *t)
{
  unsigned a;
  unsigned b;
  unsigned c;
  size_t   ka;
  size_t   kb;
  size_t   kc;
  char     sep;

  ka = read_num(p, n, 8, &a);
  if (ka == 8) {
    t->y  = a / 10000;
    t->mo = a / 100 % 100;
    t->d  = a % 100;
    p += 8;
    n -= 8;
    goto tail;
  }
  if (ka == 0 || ka == 3 || ka > 4 || ka >= n) {
    return false;
  }
  sep = p[ka];
  if (sep != '-' && sep != '.' && sep != '/') {
    return false;
  }
  p += ka + 1;
  n -= ka + 1;
  if (ka == 4) {
    /* year first: Y-M-D, Y.M.D, Y/M/D */
    kb = read_num(p, n, 2, &b);
    if (kb == 0 || kb >= n || p[kb] != sep) {
      return false;
    }
    p += kb + 1;
    n -= kb + 1;
    kc = read_num(p, n, 2, &c);
    if (kc == 0) {
      return false;
    }
    p += kc;
    n -= kc;
    t->y  = a;
    t->mo = b;
    t->d  = c;
    goto tail;
  }
  if (n > 0 && is_alpha(p[0])) {
    /* day first with a month name: 24-Oct-1997, 29-APR-05 */
    size_t   k = 0;
    unsigned mo;
    while (k < n && is_alpha(p[k])) {
      k++;
    }
    mo = month_of(p, k);
    if (mo == 0 || k >= n || (p[k] != sep && p[k] != '-')) {
      return false;
    }
    p += k + 1;
    n -= k + 1;
    kc = read_num(p, n, 4, &c);
    if (kc != 2 && kc != 4) {
      return false;
    }
    p += kc;
    n -= kc;
    t->y  = full_year(c, kc);
    t->mo = mo;
    t->d  = a;
    goto tail;
  }
  /* day and month numbers, then the year */
  kb = read_num(p, n, 2, &b);
  if (kb == 0 || kb >= n || p[kb] != sep) {
    return false;
  }
  p += kb + 1;
  n -= kb + 1;
  kc = read_num(p, n, 4, &c);
  if (kc != 2 && kc != 4) {
    return false;
  }
  p += kc;
  n -= kc;
  t->y = full_year(c, kc);
  if (sep == '/' && ((ctx != NULL && ctx->month_first && b <= 12) || a > 12)) {
    bool day_first = a > 12;
    t->mo          = day_first ? b : a;
    t->d           = day_first ? a : b;
  } else if (sep == '/' && b > 12) {
    t->mo = a;
    t->d  = b;
  } else {
    t->d  = a;
    t->mo = b;
  }
tail:
  if (!dc_date_valid(t->y, t->mo, t->d) || t->y < 1900) {
    return false;
  }
  t->have_date = true;
  if (n == 0) {
    return true;
  }
  /* "T04:20:05Z" or "-T04:20:05Z" glued on */
  if (n > 1 && p[0] == '-' && p[1] == 't') {
    p++;
    n--;
  }
  if (p[0] == 't') {
    return time_token(p + 1, n - 1, ctx, t);
  }
  return false;
}

static bool date_complete(const struct wpt *t)
{
  return t->have_date ||
         (t->name_month != 0 && t->num_day != 0 && t->num_year != 0);
}

static bool word_token(const char *p, size_t n, const struct dc_wptime_ctx *ctx,
                       struct wpt *t)
{
  unsigned mo;
  if (!t->have_date && t->name_month == 0 && t->num_day == 0 &&
      is_weekday(p, n)) {
    return true;
  }
  if (n >= 3 && n <= 9 && !t->have_date && t->name_month == 0) {
    mo = month_of(p, n);
    if (mo != 0) {
      t->name_month = mo;
      return true;
    }
  }
  return zone_token(p, n, ctx, t);
}

static bool number_token(const char *p, size_t n, struct wpt *t)
{
  unsigned v;
  if (read_num(p, n, 4, &v) != n) {
    return false;
  }
  if ((n == 1 || n == 2) && t->num_day == 0 && !t->have_date && v >= 1 &&
      v <= 31) {
    t->num_day = v;
    return true;
  }
  if (n == 4 && t->num_year == 0 && !t->have_date) {
    t->num_year = v;
    return true;
  }
  return false;
}

static bool one_token(const char *p, size_t n, const struct dc_wptime_ctx *ctx,
                      struct wpt *t)
{
  size_t i;
  char   first_sep = '\0';
  for (i = 0; i < n; i++) {
    if (!is_digit(p[i])) {
      first_sep = p[i];
      break;
    }
  }
  if (is_digit(p[0])) {
    if (first_sep == ':') {
      /* a time, after the date or before the year ("Fri Apr 23 09:12:48
       * GMT 2010") */
      return !t->have_time && time_token(p, n, ctx, t);
    }
    if (first_sep == '\0' && n != 8) {
      return number_token(p, n, t);
    }
    if (!t->have_date && t->name_month == 0 && t->num_day == 0) {
      return date_token(p, n, ctx, t);
    }
    return false;
  }
  if (p[0] == '+' || p[0] == '-') {
    return zone_token(p, n, ctx, t);
  }
  if (is_alpha(p[0])) {
    return word_token(p, n, ctx, t);
  }
  return false;
}

/* The US rule for daylight saving time (15 U.S.C. 260a): since 2007 from
 * the second Sunday of March to the first Sunday of November, before that
 * from the first Sunday of April to the last Sunday of October, both at
 * 02:00 local time. */
static int64_t nth_sunday(int64_t y, unsigned m, int nth)
{
  int64_t first = dc_days_from_civil(y, m, 1);
  int64_t dow   = ((first + 4) % 7 + 7) % 7; /* 1970-01-01 was Thursday */
  int64_t sun   = first + (7 - dow) % 7;
  if (nth > 0) {
    return sun + (int64_t)7 * (nth - 1);
  }
  /* last Sunday of the month */
  {
    int64_t next = m == 12 ? dc_days_from_civil(y + 1, 1, 1)
                           : dc_days_from_civil(y, m + 1, 1);
    int64_t last = next - 1;
    int64_t ldow = ((last + 4) % 7 + 7) % 7;
    return last - ldow;
  }
}

static int64_t us_pacific_offset(int64_t wall)
{
  const int64_t hour = 3600;
  const int64_t day  = 86400;
  int64_t       y;
  unsigned      m;
  unsigned      d;
  int64_t       start;
  int64_t       end;
  int64_t       days = wall / day;
  if (wall % day < 0) {
    days--;
  }
  dc_civil_from_days(days, &y, &m, &d);
  if (y >= 2007) {
    start = nth_sunday(y, 3, 2) * day + 2 * hour;
    end   = nth_sunday(y, 11, 1) * day + 2 * hour;
  } else {
    start = nth_sunday(y, 4, 1) * day + 2 * hour;
    end   = nth_sunday(y, 10, -1) * day + 2 * hour;
  }
  return wall >= start && wall < end ? -7 * hour : -8 * hour;
}

bool dc_wptime_zone_to_utc(const char *zone, int64_t wall, int64_t *utc)
{
  int32_t off;
  if (zone == NULL || zone[0] == '\0') {
    return false;
  }
  if (strcmp(zone, "UTC") == 0) {
    *utc = wall;
    return true;
  }
  if (strcmp(zone, "US-Pacific") == 0) {
    *utc = wall - us_pacific_offset(wall);
    return true;
  }
  if (offset_token(zone, strlen(zone), &off)) {
    *utc = wall - off;
    return true;
  }
  return false;
}

bool dc_wptime_parse(const char *s, size_t n, const struct dc_wptime_ctx *ctx,
                     struct dc_time *out)
{
  char       buf[WPT_MAX_INPUT];
  size_t     len = 0;
  size_t     i;
  size_t     k;
  struct wpt t;
  int64_t    wall;

  memset(&t, 0, sizeof(t));
  if (s == NULL || out == NULL) {
    return false;
  }
  /* Lower-case copy; blanks, commas and brackets separate tokens. */
  for (i = 0; i < n && len < sizeof(buf) - 1; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c + 32);
    } else if (c == ' ' || c == '\t' || c == ',' || c == '(' || c == ')' ||
               c == '[' || c == ']' || c == '\0') {
      c = ' ';
    }
    buf[len++] = c;
  }
  buf[len] = '\0';

  i = 0;
  while (i < len) {
    size_t j;
    while (i < len && buf[i] == ' ') {
      i++;
    }
    if (i >= len) {
      break;
    }
    j = i;
    while (j < len && buf[j] != ' ') {
      j++;
    }
    k = j;
    while (k > i && (buf[k - 1] == '.' || buf[k - 1] == ';')) {
      k--; /* "2015-03-05.", "Dec." */
    }
    if (k == i) {
      i = j;
      continue;
    }
    if (!one_token(buf + i, k - i, ctx, &t)) {
      if (!date_complete(&t)) {
        return false;
      }
      break; /* trailing words after a complete date are not ours */
    }
    i = j;
  }
  if (!t.have_date) {
    if (t.name_month == 0 || t.num_day == 0 || t.num_year == 0 ||
        !dc_date_valid(t.num_year, t.name_month, t.num_day) ||
        t.num_year < 1900) {
      return false;
    }
    t.y         = t.num_year;
    t.mo        = t.name_month;
    t.d         = t.num_day;
    t.have_date = true;
  }
  wall = dc_days_from_civil(t.y, t.mo, t.d) * 86400;
  if (!t.have_time) {
    out->kind = DC_TIME_DATE;
    out->secs = wall;
    return true;
  }
  wall += (int64_t)t.h * 3600 + (int64_t)t.mi * 60 + t.s;
  if (t.have_off) {
    out->kind = DC_TIME_UTC;
    out->secs = wall - t.off;
    return true;
  }
  if (!t.undecided_zone && ctx != NULL &&
      dc_wptime_zone_to_utc(ctx->zone, wall, &out->secs)) {
    out->kind = DC_TIME_UTC;
    return true;
  }
  out->kind = DC_TIME_LOCAL;
  out->secs = wall;
  return true;
}
