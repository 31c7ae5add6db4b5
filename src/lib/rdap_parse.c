/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/rdap_parse.c - RDAP documents (RFC 9083) to a dc_record
 *
 *  One RDAP reply becomes one record: a domain object is "registered", an
 *  error object says "not found" (404), "rate limited" (429) or "other",
 *  and everything else (search results, other object classes, documents
 *  that break RFC 9083's structure) is "other" with a detail saying why.
 *  Field conventions follow ../shared/corpus/README.md.
 *
 *  Structure is checked before anything is read (fail closed, house-style
 *  rule 13): every member this file reads must have the JSON type RFC 9083
 *  gives it (null counts as absent). Two leaves are read in the sloppy
 *  forms servers send: publicIds identifiers as numbers, and errorCode as
 *  a string.
 */
#include "record.h"

#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "epp.h"
#include "json.h"
#include "text.h"

/* Details are bounded like curl's error buffer (house-style rule 6). */
#define RDAP_DETAIL_MAX 256
#define RDAP_PATH_MAX   160
#define RDAP_MAX_NS     64 /* registries allow 13; more is noise */
#define RDAP_MAX_DEPTH  32 /* nested entities followed at most this deep */
#define RDAP_HOST_MAX   256
#define RDAP_TOKENS     8
#define HOUR            ((int64_t)3600)
#define DAY             ((int64_t)86400)

struct rdap {
  struct dc_record            *rec;
  const struct dc_parse_hints *h;
  const struct dc_json        *doc;
  const struct dc_json        *registrar;  /* entity, borrowed */
  const struct dc_json        *registrant; /* entity, borrowed */
  enum dc_origin               origin;
  char                         why[RDAP_DETAIL_MAX]; /* malformed: where */
};

/* ---- small string helpers ------------------------------------------------ */

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
         c == '\v';
}

static char ascii_lower(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return (char)(c - 'A' + 'a');
  }
  return c;
}

/* The bytes of s without surrounding white space. */
static const char *trim_view(const char *s, size_t *len)
{
  size_t n;
  while (is_space(*s)) {
    s++;
  }
  n = strlen(s);
  while (n > 0 && is_space(s[n - 1])) {
    n--;
  }
  *len = n;
  return s;
}

static bool is_blank(const char *s)
{
  size_t n;
  if (s == NULL) {
    return true;
  }
  (void)trim_view(s, &n);
  return n == 0;
}

/* Trimmed s equals lit, ASCII case ignored. */
static bool ci_eq(const char *s, const char *lit)
{
  size_t      n;
  size_t      i;
  const char *p;
  if (s == NULL) {
    return false;
  }
  p = trim_view(s, &n);
  if (n != strlen(lit)) {
    return false;
  }
  for (i = 0; i < n; i++) {
    if (ascii_lower(p[i]) != ascii_lower(lit[i])) {
      return false;
    }
  }
  return true;
}

static bool ci_contains(const char *hay, const char *needle)
{
  size_t i;
  size_t j;
  size_t nl = strlen(needle);
  if (hay == NULL) {
    return false;
  }
  for (i = 0; hay[i] != '\0'; i++) {
    for (j = 0; j < nl; j++) {
      if (hay[i + j] == '\0' ||
          ascii_lower(hay[i + j]) != ascii_lower(needle[j])) {
        break;
      }
    }
    if (j == nl) {
      return true;
    }
  }
  return false;
}

/* Lower-case ASCII letters and digits of s only: "IANA Registrar ID" and
 * "iana_registrar_id" both become "ianaregistrarid". */
static void squeeze_alnum(const char *s, char *out, size_t outlen)
{
  size_t j = 0;
  if (outlen == 0) {
    return;
  }
  for (; s != NULL && *s != '\0' && j + 1 < outlen; s++) {
    char c = ascii_lower(*s);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out[j++] = c;
    }
  }
  out[j] = '\0';
}

/* *dst = trimmed copy of s, or NULL when s is NULL or blank. */
static dc_status_t set_trimmed(char **dst, const char *s)
{
  const char *p;
  size_t      n;
  dc_free(*dst);
  *dst = NULL;
  if (s == NULL) {
    return DC_OK;
  }
  p = trim_view(s, &n);
  if (n == 0) {
    return DC_OK;
  }
  *dst = dc_strndup(p, n);
  return *dst == NULL ? DC_ENOMEM : DC_OK;
}

/* Append s to buf (cap bytes, *len used) on a UTF-8 character boundary,
 * control characters as spaces: details are shown to users. */
static void append_clean(char *buf, size_t cap, size_t *len, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t               avail;
  if (s == NULL || cap == 0 || *len >= cap - 1) {
    return;
  }
  avail = strlen(s);
  while (avail > 0 && *len < cap - 1) {
    size_t k = dc_utf8_seq_len(p, avail);
    if (k == 0 || *len + k > cap - 1) {
      break;
    }
    if (k == 1 && (*p < 0x20 || *p == 0x7f)) {
      buf[(*len)++] = ' ';
    } else {
      memcpy(buf + *len, p, k);
      *len += k;
    }
    p += k;
    avail -= k;
  }
  buf[*len] = '\0';
}

/* ---- host names ---------------------------------------------------------- */

/* Host of a URL or of a bare "host[:port]", lower case, no trailing dot;
 * empty when there is none or it does not fit. */
static void host_part(const char *s, char *out, size_t outlen)
{
  const char *p;
  const char *scheme;
  size_t      n = 0;
  out[0]        = '\0';
  if (s == NULL) {
    return;
  }
  p      = trim_view(s, &n);
  scheme = strstr(p, "://");
  if (scheme != NULL && (size_t)(scheme - p) < n) {
    p = scheme + 3;
  }
  n = 0;
  while (p[n] != '\0' && p[n] != '/' && p[n] != ':' && p[n] != '?' &&
         p[n] != '#' && !is_space(p[n])) {
    n++;
  }
  while (n > 0 && p[n - 1] == '.') {
    n--;
  }
  if (n == 0 || n >= outlen) {
    return;
  }
  memcpy(out, p, n);
  out[n] = '\0';
  dc_ascii_lower(out);
}

/* The host without its first label, when that still has two labels. */
static const char *host_parent(const char *host)
{
  const char *dot = strchr(host, '.');
  if (dot == NULL || strchr(dot + 1, '.') == NULL) {
    return NULL;
  }
  return dot + 1;
}

/* Words that say nothing about who runs a host. */
static bool generic_token(const char *t)
{
  static const char *const words[] = {"rdap",      "whois",  "registry",
                                      "registrar", "domain", "domains",
                                      "pubapi",    "server", "example"};
  size_t                   i;
  for (i = 0; i < DC_ARRAY_LEN(words); i++) {
    if (strcmp(t, words[i]) == 0) {
      return true;
    }
  }
  return false;
}

/* Distinctive words (4+ letters, not generic) of the labels of host but
 * its last (the TLD): "whois.verisign-grs.com" gives "verisign". */
static size_t host_tokens(const char *host, char toks[][64], size_t max)
{
  const char *last = strrchr(host, '.');
  size_t      n    = 0;
  const char *p    = host;
  if (last == NULL) {
    return 0;
  }
  while (p < last && n < max) {
    size_t k = 0;
    while (p + k < last && p[k] != '.' && p[k] != '-') {
      k++;
    }
    if (k >= 4 && k < 64) {
      memcpy(toks[n], p, k);
      toks[n][k] = '\0';
      if (!generic_token(toks[n])) {
        n++;
      }
    }
    p += k;
    if (p < last) {
      p++;
    }
  }
  return n;
}

/* Whether two hosts are run by the same operator: equal, siblings
 * ("whois.nic.fr", "rdap.nic.fr"), parent and child ("flexireg.net",
 * "whois.flexireg.net") or a shared distinctive word ("rdap.verisign.com",
 * "whois.verisign-grs.com"). */
static bool same_operator(const char *a, const char *b)
{
  char        ta[RDAP_TOKENS][64];
  char        tb[RDAP_TOKENS][64];
  size_t      na;
  size_t      nb;
  size_t      i;
  size_t      j;
  const char *pa;
  const char *pb;
  if (a[0] == '\0' || b[0] == '\0') {
    return false;
  }
  if (strcmp(a, b) == 0) {
    return true;
  }
  pa = host_parent(a);
  pb = host_parent(b);
  if ((pa != NULL && (strcmp(pa, b) == 0 || (pb && strcmp(pa, pb) == 0))) ||
      (pb != NULL && strcmp(pb, a) == 0)) {
    return true;
  }
  na = host_tokens(a, ta, RDAP_TOKENS);
  nb = host_tokens(b, tb, RDAP_TOKENS);
  for (i = 0; i < na; i++) {
    for (j = 0; j < nb; j++) {
      if (strcmp(ta[i], tb[j]) == 0) {
        return true;
      }
    }
  }
  return false;
}

/* Whether a distinctive word of host occurs in a squeezed name
 * ("rdap.markmonitor.com" in "markmonitorinc"). */
static bool host_in_name(const char *host, const char *squeezed)
{
  char   t[RDAP_TOKENS][64];
  size_t n = host_tokens(host, t, RDAP_TOKENS);
  size_t i;
  for (i = 0; i < n; i++) {
    if (strstr(squeezed, t[i]) != NULL) {
      return true;
    }
  }
  return false;
}

/* ---- time ---------------------------------------------------------------- */

static bool digits_n(const char *s, size_t n, unsigned *out)
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

/* Day (1..31) of the n-th (1..5, 5 = last) Sunday of a month. */
static unsigned nth_sunday(int64_t y, unsigned m, unsigned nth)
{
  static const unsigned mdays[] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
  int64_t               first   = dc_days_from_civil(y, m, 1);
  unsigned              wd      = (unsigned)(((first % 7) + 7 + 4) % 7);
  unsigned              day     = 1 + (7 - wd) % 7; /* first Sunday */
  unsigned              len     = mdays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    len = 29;
  }
  day += 7 * (nth - 1);
  while (day > len) {
    day -= 7;
  }
  return day;
}

/* Offset in seconds east of UTC of a US Pacific wall clock. */
static int64_t us_pacific_offset(int64_t wall)
{
  int64_t  days = wall / 86400;
  int64_t  y;
  unsigned m;
  unsigned d;
  int64_t  start;
  int64_t  end;
  if (wall % 86400 < 0) {
    days--;
  }
  dc_civil_from_days(days, &y, &m, &d);
  if (y >= 2007) { /* Energy Policy Act of 2005 */
    start = dc_days_from_civil(y, 3, nth_sunday(y, 3, 2));
    end   = dc_days_from_civil(y, 11, nth_sunday(y, 11, 1));
  } else if (y >= 1987) {
    start = dc_days_from_civil(y, 4, nth_sunday(y, 4, 1));
    end   = dc_days_from_civil(y, 10, nth_sunday(y, 10, 5));
  } else if (y >= 1967) {
    start = dc_days_from_civil(y, 4, nth_sunday(y, 4, 5));
    end   = dc_days_from_civil(y, 10, nth_sunday(y, 10, 5));
  } else {
    return -8 * HOUR;
  }
  if (wall >= start * DAY + 2 * HOUR && wall < end * DAY + 2 * HOUR) {
    return -7 * HOUR;
  }
  return -8 * HOUR;
}

/* "+hh:mm", "-hhmm", "+hh" -> seconds east of UTC. */
static bool parse_offset(const char *s, int64_t *off)
{
  unsigned h;
  unsigned m = 0;
  size_t   n = strlen(s);
  if ((s[0] != '+' && s[0] != '-') || !digits_n(s + 1, 2, &h)) {
    return false;
  }
  if (n == 6 && s[3] == ':') {
    if (!digits_n(s + 4, 2, &m)) {
      return false;
    }
  } else if (n == 5) {
    if (!digits_n(s + 3, 2, &m)) {
      return false;
    }
  } else if (n != 3) {
    return false;
  }
  if (h > 23 || m > 59) {
    return false;
  }
  *off = (s[0] == '-' ? -1 : 1) * ((int64_t)h * 3600 + (int64_t)m * 60);
  return true;
}

/* An RDAP eventDate: RFC 3339 (RFC 9083 section 4.5), also with "+0000"
 * offsets, a space for 'T', or a bare date. A time printed without a zone
 * takes the server's documented zone (hints) or stays a wall clock. */
static bool parse_time(const char *text, const char *zone, struct dc_time *out)
{
  char        s[64];
  const char *p;
  size_t      n;
  unsigned    y;
  unsigned    mo;
  unsigned    d;
  unsigned    hh;
  unsigned    mi;
  unsigned    se = 0;
  int64_t     t;
  int64_t     off;

  p = trim_view(text, &n);
  if (n < 10 || n >= sizeof(s)) {
    return false;
  }
  memcpy(s, p, n);
  s[n] = '\0';
  if (!digits_n(s, 4, &y) || s[4] != '-' || !digits_n(s + 5, 2, &mo) ||
      s[7] != '-' || !digits_n(s + 8, 2, &d) || !dc_date_valid(y, mo, d)) {
    return false;
  }
  t = dc_days_from_civil(y, mo, d) * 86400;
  if (n == 10) {
    out->kind = DC_TIME_DATE;
    out->secs = t;
    return true;
  }
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || n < 16 ||
      !digits_n(s + 11, 2, &hh) || s[13] != ':' || !digits_n(s + 14, 2, &mi)) {
    return false;
  }
  p = s + 16;
  if (*p == ':') {
    if (!digits_n(p + 1, 2, &se)) {
      return false;
    }
    p += 3;
  }
  if (hh > 23 || mi > 59 || se > 60) {
    return false;
  }
  t += (int64_t)hh * 3600 + (int64_t)mi * 60 + se;
  if (*p == '.' || *p == ',') { /* fractional seconds are dropped */
    p++;
    if (*p < '0' || *p > '9') {
      return false;
    }
    while (*p >= '0' && *p <= '9') {
      p++;
    }
  }
  if (*p == ' ') {
    p++;
  }
  if (strcmp(p, "Z") == 0 || strcmp(p, "z") == 0 || ci_eq(p, "UTC") ||
      ci_eq(p, "GMT")) {
    out->kind = DC_TIME_UTC;
    out->secs = t;
    return true;
  }
  if (*p != '\0') {
    if (!parse_offset(p, &off)) {
      return false;
    }
    out->kind = DC_TIME_UTC;
    out->secs = t - off;
    return true;
  }
  /* No zone printed: RFC 3339 requires one, so only the server's
   * documented zone may supply it (record.h: never guessed). */
  if (zone != NULL && (strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0)) {
    out->kind = DC_TIME_UTC;
    out->secs = t;
  } else if (zone != NULL && parse_offset(zone, &off)) {
    out->kind = DC_TIME_UTC;
    out->secs = t - off;
  } else if (zone != NULL && strcmp(zone, "US-Pacific") == 0) {
    out->kind = DC_TIME_UTC;
    out->secs = t - us_pacific_offset(t);
  } else {
    out->kind = DC_TIME_LOCAL;
    out->secs = t;
  }
  return true;
}

/* ---- structure check (RFC 9083 types) ------------------------------------ */

static bool present(const struct dc_json *v)
{
  return v != NULL && v->type != DC_JSON_NULL;
}

static bool fail_at(char *why, const char *path, const char *what)
{
  (void)snprintf(why, RDAP_DETAIL_MAX, "%s: %s", path, what);
  return false;
}

/* A member that, when present, must have type t. */
static bool check_type(const struct dc_json *obj, const char *key,
                       enum dc_json_type t, const char *path, char *why)
{
  const struct dc_json *v = dc_json_get(obj, key);
  char                  p[RDAP_PATH_MAX];
  if (!present(v) || v->type == t) {
    return true;
  }
  (void)snprintf(p, sizeof(p), "%s%s%s", path, path[0] ? "." : "", key);
  return fail_at(why, p,
                 t == DC_JSON_ARRAY    ? "not an array"
                 : t == DC_JSON_OBJECT ? "not an object"
                                       : "not a string");
}

/* Array of strings (status, roles). */
static bool check_str_array(const struct dc_json *obj, const char *key,
                            const char *path, char *why)
{
  const struct dc_json *a = dc_json_get(obj, key);
  char                  p[RDAP_PATH_MAX];
  size_t                i;
  if (!check_type(obj, key, DC_JSON_ARRAY, path, why)) {
    return false;
  }
  if (!present(a)) {
    return true;
  }
  for (i = 0; i < a->len; i++) {
    if (a->items[i]->type != DC_JSON_STRING) {
      (void)snprintf(p, sizeof(p), "%s%s%s[%zu]", path, path[0] ? "." : "", key,
                     i);
      return fail_at(why, p, "not a string");
    }
  }
  return true;
}

/* Array of objects, each checked by fn (may be NULL). */
typedef bool (*check_fn)(const struct dc_json *o, const char *path, char *why,
                         int depth);

static bool check_obj_array(const struct dc_json *obj, const char *key,
                            check_fn fn, const char *path, char *why, int depth)
{
  const struct dc_json *a = dc_json_get(obj, key);
  char                  p[RDAP_PATH_MAX];
  size_t                i;
  if (!check_type(obj, key, DC_JSON_ARRAY, path, why)) {
    return false;
  }
  if (!present(a)) {
    return true;
  }
  for (i = 0; i < a->len; i++) {
    (void)snprintf(p, sizeof(p), "%s%s%s[%zu]", path, path[0] ? "." : "", key,
                   i);
    if (a->items[i]->type != DC_JSON_OBJECT) {
      return fail_at(why, p, "not an object");
    }
    if (fn != NULL && !fn(a->items[i], p, why, depth)) {
      return false;
    }
  }
  return true;
}

static bool check_event(const struct dc_json *o, const char *path, char *why,
                        int depth)
{
  (void)depth;
  return check_type(o, "eventAction", DC_JSON_STRING, path, why) &&
         check_type(o, "eventDate", DC_JSON_STRING, path, why);
}

static bool check_remark(const struct dc_json *o, const char *path, char *why,
                         int depth)
{
  (void)depth;
  return check_type(o, "title", DC_JSON_STRING, path, why) &&
         check_type(o, "type", DC_JSON_STRING, path, why);
}

static bool check_public_id(const struct dc_json *o, const char *path,
                            char *why, int depth)
{
  const struct dc_json *id = dc_json_get(o, "identifier");
  char                  p[RDAP_PATH_MAX];
  (void)depth;
  if (!check_type(o, "type", DC_JSON_STRING, path, why)) {
    return false;
  }
  if (present(id) && id->type != DC_JSON_STRING && id->type != DC_JSON_NUMBER) {
    (void)snprintf(p, sizeof(p), "%s.identifier", path);
    return fail_at(why, p, "not a string");
  }
  return true;
}

static bool check_link(const struct dc_json *o, const char *path, char *why,
                       int depth)
{
  (void)depth;
  return check_type(o, "rel", DC_JSON_STRING, path, why) &&
         check_type(o, "href", DC_JSON_STRING, path, why) &&
         check_type(o, "type", DC_JSON_STRING, path, why);
}

static bool check_nameserver(const struct dc_json *o, const char *path,
                             char *why, int depth)
{
  (void)depth;
  return check_type(o, "ldhName", DC_JSON_STRING, path, why) &&
         check_type(o, "unicodeName", DC_JSON_STRING, path, why);
}

/* jCard (RFC 7095): ["vcard", [[name, {params}, type, value...], ...]]. */
static bool check_jcard(const struct dc_json *e, const char *path, char *why)
{
  const struct dc_json *v = dc_json_get(e, "vcardArray");
  const struct dc_json *props;
  char                  p[RDAP_PATH_MAX];
  size_t                i;
  if (!present(v)) {
    return true;
  }
  (void)snprintf(p, sizeof(p), "%s.vcardArray", path);
  if (v->type != DC_JSON_ARRAY || v->len < 2 ||
      v->items[0]->type != DC_JSON_STRING ||
      !ci_eq(v->items[0]->str, "vcard") || v->items[1]->type != DC_JSON_ARRAY) {
    return fail_at(why, p, "not a jCard [\"vcard\", [properties]]");
  }
  props = v->items[1];
  for (i = 0; i < props->len; i++) {
    const struct dc_json *pr = props->items[i];
    (void)snprintf(p, sizeof(p), "%s.vcardArray[1][%zu]", path, i);
    if (pr->type != DC_JSON_ARRAY || pr->len < 4) {
      return fail_at(why, p, "not a jCard property [name, {}, type, value]");
    }
    /* Parameters are an object; an empty array is PHP's empty object. */
    if (pr->items[0]->type != DC_JSON_STRING ||
        pr->items[2]->type != DC_JSON_STRING ||
        !(pr->items[1]->type == DC_JSON_OBJECT ||
          (pr->items[1]->type == DC_JSON_ARRAY && pr->items[1]->len == 0))) {
      return fail_at(why, p, "not a jCard property [name, {}, type, value]");
    }
  }
  return true;
}

static bool has_role(const struct dc_json *e, const char *role);

/* The vCard is read only for the registrar and the registrant: a sloppy
 * one on an abuse or technical contact does not sink the document. */
/* NOLINTNEXTLINE(misc-no-recursion): depth capped by RDAP_MAX_DEPTH */
static bool check_entity(const struct dc_json *e, const char *path, char *why,
                         int depth)
{
  if (depth > RDAP_MAX_DEPTH) {
    return fail_at(why, path, "entities nested too deep");
  }
  if (!check_str_array(e, "roles", path, why)) {
    return false;
  }
  if ((has_role(e, "registrar") || has_role(e, "registrant")) &&
      !check_jcard(e, path, why)) {
    return false;
  }
  return check_obj_array(e, "publicIds", check_public_id, path, why, depth) &&
         check_obj_array(e, "remarks", check_remark, path, why, depth) &&
         check_type(e, "port43", DC_JSON_STRING, path, why) &&
         check_obj_array(e, "entities", check_entity, path, why, depth + 1);
}

static bool check_domain(const struct dc_json *doc, char *why)
{
  const struct dc_json *s = dc_json_get(doc, "secureDNS");
  if (!check_type(doc, "ldhName", DC_JSON_STRING, "", why) ||
      !check_type(doc, "unicodeName", DC_JSON_STRING, "", why) ||
      !check_type(doc, "port43", DC_JSON_STRING, "", why) ||
      !check_str_array(doc, "status", "", why) ||
      !check_obj_array(doc, "events", check_event, "", why, 0) ||
      !check_obj_array(doc, "entities", check_entity, "", why, 0) ||
      !check_obj_array(doc, "nameservers", check_nameserver, "", why, 0) ||
      !check_obj_array(doc, "links", check_link, "", why, 0) ||
      !check_obj_array(doc, "redacted", NULL, "", why, 0) ||
      !check_type(doc, "secureDNS", DC_JSON_OBJECT, "", why)) {
    return false;
  }
  if (!present(s)) {
    return true;
  }
  if (present(dc_json_get(s, "delegationSigned")) &&
      dc_json_get(s, "delegationSigned")->type != DC_JSON_TRUE &&
      dc_json_get(s, "delegationSigned")->type != DC_JSON_FALSE) {
    return fail_at(why, "secureDNS.delegationSigned", "not a boolean");
  }
  return check_type(s, "dsData", DC_JSON_ARRAY, "secureDNS", why) &&
         check_type(s, "keyData", DC_JSON_ARRAY, "secureDNS", why);
}

/* ---- reading ------------------------------------------------------------- */

static const char *str_of(const struct dc_json *v)
{
  return v != NULL && v->type == DC_JSON_STRING ? v->str : NULL;
}

static bool has_role(const struct dc_json *e, const char *role)
{
  const struct dc_json *roles = dc_json_get_array(e, "roles");
  size_t                i;
  for (i = 0; roles != NULL && i < roles->len; i++) {
    if (ci_eq(str_of(roles->items[i]), role)) {
      return true;
    }
  }
  return false;
}

/* First entity with the role: this level first, then nested ones. */
/* NOLINTNEXTLINE(misc-no-recursion): depth capped by RDAP_MAX_DEPTH */
static const struct dc_json *find_role(const struct dc_json *ents,
                                       const char *role, int depth)
{
  size_t i;
  if (ents == NULL || depth > RDAP_MAX_DEPTH) {
    return NULL;
  }
  for (i = 0; i < ents->len; i++) {
    if (has_role(ents->items[i], role)) {
      return ents->items[i];
    }
  }
  for (i = 0; i < ents->len; i++) {
    const struct dc_json *sub = dc_json_get_array(ents->items[i], "entities");
    const struct dc_json *hit = find_role(sub, role, depth + 1);
    if (hit != NULL) {
      return hit;
    }
  }
  return NULL;
}

/* Text of the first vCard property \p name: a string value, or the first
 * non-blank string of a structured (array) value such as "org". *found
 * tells whether the property is there at all. */
static const char *vcard_text(const struct dc_json *e, const char *name,
                              bool *found)
{
  const struct dc_json *v = dc_json_get_array(e, "vcardArray");
  const struct dc_json *props;
  size_t                i;
  size_t                j;
  *found = false;
  if (v == NULL || v->len < 2 || v->items[1]->type != DC_JSON_ARRAY) {
    return NULL;
  }
  props = v->items[1];
  for (i = 0; i < props->len; i++) {
    const struct dc_json *pr = props->items[i];
    const struct dc_json *val;
    if (pr->type != DC_JSON_ARRAY || pr->len < 4 ||
        !ci_eq(str_of(pr->items[0]), name)) {
      continue;
    }
    *found = true;
    val    = pr->items[3];
    if (val->type == DC_JSON_STRING) {
      return val->str;
    }
    for (j = 0; val->type == DC_JSON_ARRAY && j < val->len; j++) {
      if (!is_blank(str_of(val->items[j]))) {
        return val->items[j]->str;
      }
    }
    return "";
  }
  return NULL;
}

/* The name a registrar is shown by: fn, else org, else its handle. */
static const char *registrar_name(const struct dc_json *e)
{
  bool        found;
  const char *s = vcard_text(e, "fn", &found);
  if (is_blank(s)) {
    s = vcard_text(e, "org", &found);
  }
  if (is_blank(s)) {
    s = dc_json_get_str(e, "handle");
  }
  return is_blank(s) ? NULL : s;
}

/* publicIds "IANA Registrar ID" (RFC 9083 section 4.8); the identifier as a
 * string of digits or, sloppily, a JSON number. */
static int64_t iana_id_of(const struct dc_json *e)
{
  const struct dc_json *ids = dc_json_get_array(e, "publicIds");
  size_t                i;
  for (i = 0; ids != NULL && i < ids->len; i++) {
    const struct dc_json *id = dc_json_get(ids->items[i], "identifier");
    char                  key[32];
    const char           *p;
    size_t                n;
    size_t                k;
    int64_t               v = 0;
    squeeze_alnum(dc_json_get_str(ids->items[i], "type"), key, sizeof(key));
    if (strcmp(key, "ianaregistrarid") != 0 || id == NULL) {
      continue;
    }
    if (id->type == DC_JSON_NUMBER) {
      if (id->is_int && id->ival >= 0) {
        return id->ival;
      }
      continue;
    }
    if (id->type != DC_JSON_STRING) {
      continue;
    }
    p = trim_view(id->str, &n);
    if (n == 0 || n > 12) {
      continue;
    }
    for (k = 0; k < n && p[k] >= '0' && p[k] <= '9'; k++) {
      v = v * 10 + (p[k] - '0');
    }
    if (k == n) {
      return v;
    }
  }
  return -1;
}

/* Privacy placeholders and privacy/proxy companies (corpus README,
 * Registrant). A value holding one of these words is a privacy value; it
 * is a company (name kept) when it carries a legal form. */
enum privacy { PRIV_NONE, PRIV_PLACEHOLDER, PRIV_COMPANY };

static enum privacy privacy_of(const char *v)
{
  static const char *const words[] = {
      "redacted", "privacy",    "private",     "protect",          "proxy",
      "withheld", "whoisguard", "whois agent", "disclosed",        "non-public",
      "masked",   "gdpr",       "anonymi",     "statutory masking"};
  static const char *const forms[] = {"inc",  "llc",  "ltd", "limited", "ehf",
                                      "corp", "gmbh", "plc", "llp",     "pty",
                                      "sarl", "srl",  "bv",  "co",      "sa",
                                      "ag",   "ab",   "oy",  "kk",      "lp"};
  char                     tok[16];
  size_t                   i;
  size_t                   j;
  bool                     hit = false;
  if (v == NULL) {
    return PRIV_NONE;
  }
  for (i = 0; i < DC_ARRAY_LEN(words) && !hit; i++) {
    hit = ci_contains(v, words[i]);
  }
  if (!hit) {
    return PRIV_NONE;
  }
  if (ci_contains(v, "c/o ")) {
    return PRIV_COMPANY;
  }
  /* Words of letters: "Domains By Proxy, LLC" has "llc". */
  for (i = 0; v[i] != '\0';) {
    size_t k = 0;
    while (v[i] != '\0' &&
           !((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z'))) {
      i++;
    }
    while (((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z') ||
            v[i] == '.')) {
      if (v[i] != '.' && k + 1 < sizeof(tok)) {
        tok[k++] = ascii_lower(v[i]);
      }
      i++;
    }
    tok[k] = '\0';
    for (j = 0; j < DC_ARRAY_LEN(forms); j++) {
      if (strcmp(tok, forms[j]) == 0) {
        return PRIV_COMPANY;
      }
    }
  }
  return PRIV_PLACEHOLDER;
}

/* Remarks that say data was withheld (ICANN profile "REDACTED FOR
 * PRIVACY", RFC 9083 section 10.2.1 "object truncated due to
 * authorization"). */
static bool redaction_remark(const struct dc_json *e)
{
  const struct dc_json *rs = dc_json_get_array(e, "remarks");
  size_t                i;
  for (i = 0; rs != NULL && i < rs->len; i++) {
    const char *title = dc_json_get_str(rs->items[i], "title");
    const char *type  = dc_json_get_str(rs->items[i], "type");
    if (ci_contains(title, "redact") || ci_contains(type, "redact") ||
        ci_eq(type, "object truncated due to authorization")) {
      return true;
    }
  }
  return false;
}

/* RFC 9537: a "redacted" member naming a registrant field. */
static bool rfc9537_registrant(const struct dc_json *doc)
{
  static const char *const keys[] = {"prePath", "postPath", "replacementPath"};
  const struct dc_json    *rd     = dc_json_get_array(doc, "redacted");
  size_t                   i;
  size_t                   k;
  for (i = 0; rd != NULL && i < rd->len; i++) {
    const struct dc_json *name = dc_json_get_object(rd->items[i], "name");
    if (ci_contains(dc_json_get_str(name, "description"), "registrant") ||
        ci_contains(dc_json_get_str(name, "type"), "registrant")) {
      return true;
    }
    for (k = 0; k < DC_ARRAY_LEN(keys); k++) {
      if (ci_contains(dc_json_get_str(rd->items[i], keys[k]), "registrant")) {
        return true;
      }
    }
  }
  return false;
}

/* A domain name as RDAP prints it: lower case, no root dot; a name with
 * non-ASCII characters goes through IDNA (domain.c). NULL when unusable. */
static dc_status_t host_name(const char *s, char **out)
{
  const char      *p;
  size_t           n;
  size_t           i;
  bool             ascii = true;
  struct dc_domain d;
  dc_status_t      st;
  *out = NULL;
  if (s == NULL) {
    return DC_OK;
  }
  p = trim_view(s, &n);
  while (n > 0 && p[n - 1] == '.') {
    n--;
  }
  if (n == 0) {
    return DC_OK;
  }
  for (i = 0; i < n; i++) {
    if ((unsigned char)p[i] >= 0x80) {
      ascii = false;
    }
  }
  if (ascii) {
    *out = dc_strndup(p, n);
    if (*out == NULL) {
      return DC_ENOMEM;
    }
    dc_ascii_lower(*out);
    return DC_OK;
  }
  dc_domain_init(&d);
  st = dc_domain_parse(&d, s, NULL, NULL);
  if (st == DC_OK && d.host_ascii != NULL) {
    *out = dc_strdup(d.host_ascii);
    if (*out == NULL) {
      st = DC_ENOMEM;
    }
  }
  dc_domain_clear(&d);
  return st;
}

/* ---- the fields ---------------------------------------------------------- */

static dc_status_t take_events(struct rdap *r)
{
  const struct dc_json *ev   = dc_json_get_array(r->doc, "events");
  const char           *zone = r->h->zone;
  bool                  rexp = false;
  size_t                i;
  /* A document that prints the registrar's expiry as its own event means
   * the registry's by "expiration" (ICANN conformance-tool layout). */
  for (i = 0; ev != NULL && i < ev->len; i++) {
    if (ci_eq(dc_json_get_str(ev->items[i], "eventAction"),
              "registrar expiration")) {
      rexp = true;
    }
  }
  for (i = 0; ev != NULL && i < ev->len; i++) {
    const char     *act  = dc_json_get_str(ev->items[i], "eventAction");
    const char     *date = dc_json_get_str(ev->items[i], "eventDate");
    struct dc_time *dst  = NULL;
    struct dc_time  t;
    if (act == NULL || date == NULL) {
      continue;
    }
    /* "last update of RDAP database" is the server's, not the domain's. */
    if (ci_eq(act, "registration")) {
      dst = &r->rec->created;
    } else if (ci_eq(act, "last changed") || ci_eq(act, "last update") ||
               ci_eq(act, "last updated") || ci_eq(act, "last modified")) {
      dst = &r->rec->updated;
    } else if (ci_eq(act, "expiration")) {
      dst = r->origin == DC_ORIGIN_REGISTRAR && !rexp
                ? &r->rec->registrar_expires
                : &r->rec->expires;
    } else if (ci_eq(act, "registrar expiration")) {
      dst = &r->rec->registrar_expires;
    }
    if (dst != NULL && dst->kind == DC_TIME_NONE &&
        parse_time(date, zone, &t)) {
      *dst = t;
    }
  }
  return DC_OK;
}

static dc_status_t take_status(struct rdap *r)
{
  const struct dc_json *st = dc_json_get_array(r->doc, "status");
  size_t                i;
  for (i = 0; st != NULL && i < st->len; i++) {
    const char *epp = dc_epp_normalize(str_of(st->items[i]));
    if (epp != NULL && !dc_strlist_contains(&r->rec->status, epp)) {
      if (dc_strlist_push(&r->rec->status, epp) != DC_OK) {
        return DC_ENOMEM;
      }
    }
  }
  return DC_OK;
}

static dc_status_t take_nameservers(struct rdap *r)
{
  const struct dc_json *ns = dc_json_get_array(r->doc, "nameservers");
  size_t                i;
  dc_status_t           st = DC_OK;
  for (i = 0; ns != NULL && i < ns->len; i++) {
    const char *ldh  = dc_json_get_str(ns->items[i], "ldhName");
    char       *name = NULL;
    if (r->rec->name_servers.n >= RDAP_MAX_NS) {
      break;
    }
    /* unicodeName only when there is no ldhName (RFC 9083 section 5.2). */
    st = host_name(is_blank(ldh) ? dc_json_get_str(ns->items[i], "unicodeName")
                                 : ldh,
                   &name);
    if (st == DC_OK && name != NULL &&
        !dc_strlist_contains(&r->rec->name_servers, name)) {
      st = dc_strlist_push(&r->rec->name_servers, name);
    }
    dc_free(name);
    if (st != DC_OK) {
      break;
    }
  }
  return st;
}

/* RFC 9083 section 5.3: delegationSigned rules; DS or key data without it
 * mean a signed delegation. */
static void take_dnssec(struct rdap *r)
{
  const struct dc_json *s = dc_json_get_object(r->doc, "secureDNS");
  const struct dc_json *ds;
  const struct dc_json *key;
  const struct dc_json *sig;
  if (s == NULL) {
    return;
  }
  sig = dc_json_get(s, "delegationSigned");
  ds  = dc_json_get_array(s, "dsData");
  key = dc_json_get_array(s, "keyData");
  if (sig != NULL && sig->type == DC_JSON_FALSE) {
    r->rec->dnssec = 0;
  } else if ((sig != NULL && sig->type == DC_JSON_TRUE) ||
             (ds != NULL && ds->len > 0) || (key != NULL && key->len > 0)) {
    r->rec->dnssec = 1;
  }
}

static dc_status_t take_registrant(struct rdap *r)
{
  const struct dc_json *e = r->registrant;
  dc_status_t           st;
  bool                  found;
  const char           *fn;
  const char           *org;
  enum privacy          p;

  if (rfc9537_registrant(r->doc)) {
    r->rec->redacted = true;
  }
  if (e == NULL) {
    return DC_OK; /* thin answer: nothing withheld, nothing shown */
  }
  fn = vcard_text(e, "fn", &found);
  if (found && is_blank(fn)) {
    r->rec->redacted = true; /* emptyValue redaction (ICANN profile) */
  }
  org = vcard_text(e, "org", &found);
  if (redaction_remark(e)) {
    r->rec->redacted = true;
  }
  p = privacy_of(fn);
  if (p != PRIV_NONE) {
    r->rec->redacted = true;
  }
  st = set_trimmed(&r->rec->registrant_name, p == PRIV_PLACEHOLDER ? NULL : fn);
  if (st != DC_OK) {
    return st;
  }
  p = privacy_of(org);
  if (p != PRIV_NONE) {
    r->rec->redacted = true;
  }
  return set_trimmed(&r->rec->registrant_org,
                     p == PRIV_PLACEHOLDER ? NULL : org);
}

/* Hosts the registry answered from: the server and the self links. */
static size_t registry_hosts(const struct rdap *r, char hosts[][RDAP_HOST_MAX],
                             size_t max)
{
  const struct dc_json *links = dc_json_get_array(r->doc, "links");
  size_t                n     = 0;
  size_t                i;
  if (r->h->server != NULL && n < max) {
    host_part(r->h->server, hosts[n], RDAP_HOST_MAX);
    if (hosts[n][0] != '\0') {
      n++;
    }
  }
  for (i = 0; links != NULL && i < links->len && n < max; i++) {
    if (ci_eq(dc_json_get_str(links->items[i], "rel"), "self")) {
      host_part(dc_json_get_str(links->items[i], "href"), hosts[n],
                RDAP_HOST_MAX);
      if (hosts[n][0] != '\0') {
        n++;
      }
    }
  }
  return n;
}

/* Registry-run WHOIS names: "whois.nic.<tld>" and the like. */
static bool nic_of_tld(const char *host, const char *domain)
{
  const char *tld = domain != NULL ? strrchr(domain, '.') : NULL;
  char        want[80];
  size_t      hl = strlen(host);
  size_t      wl;
  if (tld == NULL || strlen(tld) > 64) {
    return false;
  }
  (void)snprintf(want, sizeof(want), ".nic%s", tld);
  wl = strlen(want);
  return (hl > wl && strcmp(host + hl - wl, want) == 0) ||
         strcmp(host, want + 1) == 0;
}

/* Some sign that a host is the registrar's: its WHOIS named in the
 * registrar entity, or a word of it in the registrar's name, e-mail or
 * web address. */
static bool registrar_evidence(const struct rdap *r, const char *host)
{
  const struct dc_json *e = r->registrar;
  char                  sq[256];
  char                  other[RDAP_HOST_MAX];
  bool                  found;
  const char           *s;
  if (e == NULL) {
    return false;
  }
  host_part(dc_json_get_str(e, "port43"), other, sizeof(other));
  if (other[0] != '\0' && strcmp(other, host) == 0) {
    return true;
  }
  squeeze_alnum(registrar_name(e), sq, sizeof(sq));
  if (sq[0] != '\0' && host_in_name(host, sq)) {
    return true;
  }
  s = vcard_text(e, "email", &found);
  if (s != NULL && strchr(s, '@') != NULL) {
    host_part(strchr(s, '@') + 1, other, sizeof(other));
    if (same_operator(host, other)) {
      return true;
    }
  }
  host_part(vcard_text(e, "url", &found), other, sizeof(other));
  return same_operator(host, other);
}

/* Whose server answered, when the caller does not know: a registrar's
 * own RDAP has the registrar's name in its host ("rdap.markmonitor.com",
 * "MarkMonitor Inc."). */
static enum dc_origin guess_origin(const struct rdap *r)
{
  char   hosts[4][RDAP_HOST_MAX];
  char   sq[256];
  size_t n;
  size_t i;
  if (r->registrar == NULL) {
    return DC_ORIGIN_REGISTRY;
  }
  squeeze_alnum(registrar_name(r->registrar), sq, sizeof(sq));
  n = registry_hosts(r, hosts, DC_ARRAY_LEN(hosts));
  for (i = 0; i < n && sq[0] != '\0'; i++) {
    if (host_in_name(hosts[i], sq)) {
      return DC_ORIGIN_REGISTRAR;
    }
  }
  return DC_ORIGIN_REGISTRY;
}

/* port43 is the registrar's WHOIS only when a registrar sent the document,
 * or when it is not the registry's own server (corpus README). */
static dc_status_t take_port43(struct rdap *r)
{
  const char *p43 = dc_json_get_str(r->doc, "port43");
  char        host[RDAP_HOST_MAX];
  char        reg[4][RDAP_HOST_MAX];
  size_t      n;
  size_t      i;
  if (is_blank(p43)) {
    return DC_OK;
  }
  if (r->origin == DC_ORIGIN_REGISTRAR) {
    return set_trimmed(&r->rec->registrar_whois, p43);
  }
  host_part(p43, host, sizeof(host));
  if (host[0] == '\0' || nic_of_tld(host, r->rec->domain)) {
    return DC_OK;
  }
  n = registry_hosts(r, reg, DC_ARRAY_LEN(reg));
  for (i = 0; i < n; i++) {
    if (same_operator(host, reg[i])) {
      return DC_OK;
    }
  }
  /* Nothing to compare with: take it only on the registrar's word. */
  if (n == 0 && !registrar_evidence(r, host)) {
    return DC_OK;
  }
  return set_trimmed(&r->rec->registrar_whois, p43);
}

/* RFC 9083 section 4.2 / ICANN profile: the registry links to the
 * registrar's RDAP record with rel "related". */
static dc_status_t take_related(struct rdap *r)
{
  const struct dc_json *links = dc_json_get_array(r->doc, "links");
  char                  reg[4][RDAP_HOST_MAX];
  char                  host[RDAP_HOST_MAX];
  size_t                n;
  size_t                i;
  size_t                j;
  if (links == NULL || r->origin == DC_ORIGIN_REGISTRAR) {
    return DC_OK;
  }
  n = registry_hosts(r, reg, DC_ARRAY_LEN(reg));
  for (i = 0; i < links->len; i++) {
    const char *rel  = dc_json_get_str(links->items[i], "rel");
    const char *href = dc_json_get_str(links->items[i], "href");
    const char *type = dc_json_get_str(links->items[i], "type");
    bool        own  = false;
    if (!ci_eq(rel, "related") || href == NULL ||
        (strncmp(href, "https://", 8) != 0 &&
         strncmp(href, "http://", 7) != 0)) {
      continue;
    }
    if (type != NULL ? !ci_contains(type, "application/rdap+json")
                     : strstr(href, "/domain/") == NULL) {
      continue;
    }
    host_part(href, host, sizeof(host));
    for (j = 0; j < n; j++) {
      own = own || strcmp(host, reg[j]) == 0;
    }
    if (!own && host[0] != '\0') {
      return set_trimmed(&r->rec->registrar_rdap, href);
    }
  }
  return DC_OK;
}

static dc_status_t take_registrar(struct rdap *r)
{
  if (r->registrar == NULL) {
    return DC_OK;
  }
  r->rec->registrar_iana_id = iana_id_of(r->registrar);
  return set_trimmed(&r->rec->registrar_name, registrar_name(r->registrar));
}

/* ---- answers ------------------------------------------------------------- */

static dc_status_t set_detail(struct dc_record *rec, const char *a,
                              const char *b)
{
  char   buf[RDAP_DETAIL_MAX];
  size_t len = 0;
  buf[0]     = '\0';
  append_clean(buf, sizeof(buf), &len, a);
  append_clean(buf, sizeof(buf), &len, b);
  dc_free(rec->detail);
  rec->detail = dc_strdup(buf);
  return rec->detail == NULL ? DC_ENOMEM : DC_OK;
}

/* Everything but source and server goes: an "other" asserts nothing. */
static dc_status_t answer_other(struct rdap *r, const char *what,
                                const char *why)
{
  char *server   = r->rec->server;
  r->rec->server = NULL;
  dc_record_clear(r->rec);
  r->rec->server = server;
  r->rec->source = DC_SOURCE_RDAP;
  r->rec->answer = DC_ANSWER_OTHER;
  return set_detail(r->rec, what, why);
}

/* title and description of an error object (RFC 9083 section 6). */
static bool error_says(const struct dc_json *doc, const char *const *words,
                       size_t nwords)
{
  const struct dc_json *desc = dc_json_get_array(doc, "description");
  size_t                i;
  size_t                w;
  for (w = 0; w < nwords; w++) {
    if (ci_contains(dc_json_get_str(doc, "title"), words[w])) {
      return true;
    }
    for (i = 0; desc != NULL && i < desc->len; i++) {
      if (ci_contains(str_of(desc->items[i]), words[w])) {
        return true;
      }
    }
  }
  return false;
}

static dc_status_t answer_error(struct rdap *r)
{
  static const char *const nf[] = {"not found", "no match", "not exist"};
  static const char *const rl[] = {"too many requests", "rate limit",
                                   "query limit", "quota", "slow down"};
  const struct dc_json    *ec   = dc_json_get(r->doc, "errorCode");
  const struct dc_json    *desc = dc_json_get_array(r->doc, "description");
  int64_t                  code = -1;
  char                     buf[RDAP_DETAIL_MAX];
  size_t                   i;
  size_t                   len;

  if (ec != NULL && ec->type == DC_JSON_NUMBER && ec->is_int) {
    code = ec->ival;
  } else if (ec != NULL && ec->type == DC_JSON_STRING) {
    unsigned    u;
    size_t      n;
    const char *p = trim_view(ec->str, &n);
    if (n == 3 && digits_n(p, 3, &u)) {
      code = u;
    }
  }
  if (code == 404 || (code < 0 && error_says(r->doc, nf, DC_ARRAY_LEN(nf)))) {
    r->rec->answer = DC_ANSWER_NOT_FOUND;
    return DC_OK;
  }
  if (code == 429 || error_says(r->doc, rl, DC_ARRAY_LEN(rl))) {
    r->rec->answer = DC_ANSWER_RATE_LIMITED;
    return DC_OK;
  }
  if (code >= 0) {
    (void)snprintf(buf, sizeof(buf), "RDAP error object: errorCode %lld",
                   (long long)code);
  } else {
    (void)snprintf(buf, sizeof(buf), "RDAP error object");
  }
  len = strlen(buf);
  if (dc_json_get_str(r->doc, "title") != NULL) {
    append_clean(buf, sizeof(buf), &len, ": ");
    append_clean(buf, sizeof(buf), &len, dc_json_get_str(r->doc, "title"));
  }
  for (i = 0; desc != NULL && i < desc->len && i < 3; i++) {
    append_clean(buf, sizeof(buf), &len, i == 0 ? ": " : " ");
    append_clean(buf, sizeof(buf), &len, str_of(desc->items[i]));
  }
  return answer_other(r, buf, NULL);
}

/* The domain's own name must be the one asked for (hints->query; an IDN
 * row may carry "A-label U-label"). */
static bool query_matches(const char *query, const char *domain)
{
  size_t n = 0;
  size_t i;
  if (query == NULL) {
    return true;
  }
  while (query[n] != '\0' && !is_space(query[n])) {
    if ((unsigned char)query[n] >= 0x80) {
      return true; /* a U-label: compared by the caller, if at all */
    }
    n++;
  }
  while (n > 0 && query[n - 1] == '.') {
    n--;
  }
  if (n == 0) {
    return true;
  }
  if (strlen(domain) != n) {
    return false;
  }
  for (i = 0; i < n; i++) {
    if (ascii_lower(query[i]) != domain[i]) {
      return false;
    }
  }
  return true;
}

static dc_status_t answer_domain(struct rdap *r)
{
  const struct dc_json *ents;
  const char           *ldh;
  dc_status_t           st;

  if (!check_domain(r->doc, r->why)) {
    return answer_other(r, "malformed RDAP domain object: ", r->why);
  }
  ldh = dc_json_get_str(r->doc, "ldhName");
  st  = host_name(is_blank(ldh) ? dc_json_get_str(r->doc, "unicodeName") : ldh,
                 &r->rec->domain);
  if (st != DC_OK) {
    return st;
  }
  if (r->rec->domain == NULL) {
    return answer_other(r, "RDAP domain object without a usable ldhName", NULL);
  }
  if (!query_matches(r->h->query, r->rec->domain)) {
    (void)snprintf(r->why, sizeof(r->why), "%s, not %s", r->rec->domain,
                   r->h->query);
    return answer_other(r, "RDAP domain object for another name: ", r->why);
  }
  r->rec->answer = DC_ANSWER_REGISTERED;
  ents           = dc_json_get_array(r->doc, "entities");
  r->registrar   = find_role(ents, "registrar", 0);
  r->registrant  = find_role(ents, "registrant", 0);
  r->origin      = r->h->origin;
  if (r->origin == DC_ORIGIN_UNKNOWN) {
    r->origin = guess_origin(r);
  }
  st = take_registrar(r);
  if (st == DC_OK) {
    st = take_port43(r);
  }
  if (st == DC_OK) {
    st = take_related(r);
  }
  if (st == DC_OK) {
    st = take_events(r);
  }
  if (st == DC_OK) {
    st = take_status(r);
  }
  if (st == DC_OK) {
    st = take_registrant(r);
  }
  if (st == DC_OK) {
    st = take_nameservers(r);
  }
  take_dnssec(r);
  return st;
}

static dc_status_t answer_document(struct rdap *r)
{
  const struct dc_json *ocn;
  const char           *cls;

  if (r->doc->type != DC_JSON_OBJECT) {
    return answer_other(r, "RDAP reply is not a JSON object", NULL);
  }
  ocn = dc_json_get(r->doc, "objectClassName");
  cls = str_of(ocn);
  if (present(dc_json_get(r->doc, "errorCode")) && !ci_eq(cls, "domain")) {
    return answer_error(r);
  }
  if (present(dc_json_get(r->doc, "domainSearchResults")) ||
      present(dc_json_get(r->doc, "nameserverSearchResults")) ||
      present(dc_json_get(r->doc, "entitySearchResults"))) {
    return answer_other(r, "RDAP search results, not a domain lookup", NULL);
  }
  if (!present(ocn)) {
    /* An error object without errorCode still has a title. */
    if (dc_json_get_str(r->doc, "title") != NULL ||
        dc_json_get_array(r->doc, "description") != NULL) {
      return answer_error(r);
    }
    return answer_other(r, "RDAP reply without objectClassName", NULL);
  }
  if (cls == NULL) {
    return answer_other(r, "RDAP objectClassName is not a string", NULL);
  }
  if (!ci_eq(cls, "domain")) {
    (void)snprintf(r->why, sizeof(r->why), "\"%.64s\", not a domain", cls);
    return answer_other(r, "RDAP object of class ", r->why);
  }
  if (present(dc_json_get(r->doc, "errorCode"))) {
    return answer_other(r, "RDAP domain object with an errorCode", NULL);
  }
  return answer_domain(r);
}

dc_status_t dc_rdap_parse(struct dc_record *rec, const char *json, size_t len,
                          const struct dc_parse_hints *hints)
{
  static const struct dc_parse_hints none = {
      DC_ORIGIN_UNKNOWN, NULL, NULL, NULL, NULL, NULL};
  struct dc_json      *doc = NULL;
  struct dc_json_error err;
  struct rdap          r;
  dc_status_t          st;
  char                 where[64];

  if (rec == NULL || (json == NULL && len > 0)) {
    return DC_EINVAL;
  }
  dc_record_clear(rec);
  memset(&r, 0, sizeof(r));
  r.rec       = rec;
  r.h         = hints != NULL ? hints : &none;
  rec->source = DC_SOURCE_RDAP;
  if (r.h->server != NULL) {
    rec->server = dc_strdup(r.h->server);
    if (rec->server == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  st = dc_json_parse(&doc, json, len, 0, &err);
  if (st == DC_ENOMEM) {
    goto done;
  }
  if (st != DC_OK) {
    (void)snprintf(where, sizeof(where), "line %u, column %u: ", err.line,
                   err.col);
    st = answer_other(&r, "RDAP reply is not JSON: ", where);
    if (st == DC_OK) {
      st = set_detail(rec, rec->detail, err.message);
    }
    goto done;
  }
  r.doc = doc;
  st    = answer_document(&r);
done:
  if (st != DC_OK) {
    dc_record_clear(rec); /* DC_ENOMEM: nothing half-made is left */
  }
  dc_json_free(doc);
  return st;
}
