/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/wparse_text.c - word tests of the WHOIS parser: privacy
 *  placeholders, company names, host names, phrase search
 *
 *  The privacy words generalise the corpus README list ("REDACTED FOR
 *  PRIVACY", "Whois Agent", "WhoisGuard Protected", "Domains By Proxy,
 *  LLC", "Withheld for Privacy ehf", ...): a value with a privacy word is a
 *  privacy service when it also names a legal entity, and a placeholder
 *  otherwise.
 */
#include "wparse_text.h"

#include <string.h>

#include "json.h"

#define WPX_MAX 256

/* Words that mark a privacy or proxy registration. */
static const char *const privacy_words[] = {"privacy",
                                            "proxy",
                                            "redacted",
                                            "withheld",
                                            "whoisguard",
                                            "whois guard",
                                            "whois agent",
                                            "whois protect",
                                            "domain protect",
                                            "data protected",
                                            "id protect",
                                            "identity protect",
                                            "protected",
                                            "private registr",
                                            "registration private",
                                            "private person",
                                            "private whois",
                                            "privately registered",
                                            "not disclosed",
                                            "undisclosed",
                                            "non-public",
                                            "gdpr",
                                            "masked",
                                            "anonymi",
                                            "obfuscated",
                                            "contact the registrar",
                                            "query the rdds",
                                            "not shown",
                                            "not displayed",
                                            "masking"};

/* Words that make a value a placeholder only when no entity is named
 * ("A HAPPY DREAMHOST CUSTOMER"). */
static const char *const placeholder_words[] = {"customer", "on file"};

/* Values that show nothing at all. */
static const char *const empty_values[] = {"",
                                           "n/a",
                                           "na",
                                           "none",
                                           "null",
                                           "nil",
                                           "-",
                                           "--",
                                           "not available",
                                           "unavailable",
                                           "unknown",
                                           "not defined",
                                           "not applicable",
                                           "not set",
                                           "?"};

/* Legal-entity words, compared with dots removed ("S.A." = "sa"). */
static const char *const entity_words[] = {
    "inc",      "incorporated", "llc",         "ltd",          "limited",
    "corp",     "corporation",  "co",          "company",      "gmbh",
    "mbh",      "ag",           "kg",          "sa",           "sas",
    "sarl",     "sl",           "srl",         "bv",           "nv",
    "plc",      "llp",          "lp",          "pty",          "pte",
    "oy",       "oyj",          "ab",          "kk",           "ehf",
    "spa",      "kft",          "sro",         "doo",          "ooo",
    "zao",      "oao",          "pvt",         "lda",          "ltda",
    "gk",       "foundation",   "association", "university",   "institute",
    "agency",   "authority",    "ministry",    "organisation", "organization",
    "holdings", "group",        "trust",       "bank",         "society",
    "council",  "department"};

static const char *const entity_substrings[] = {"有限公司", "公司", "株式会社",
                                                "有限会社", "集团"};

static const char *const role_names[] = {"domain administrator",
                                         "domain admin",
                                         "dns admin",
                                         "dns administrator",
                                         "hostmaster",
                                         "domain manager",
                                         "administrator",
                                         "admin",
                                         "webmaster",
                                         "domain owner",
                                         "registrant",
                                         "domain registrant",
                                         "domain name administrator",
                                         "domains administrator"};

/* Lower-case copy (ASCII only), at most WPX_MAX - 1 bytes. */
static size_t lower_copy(const char *s, size_t n, char *out)
{
  size_t i;
  size_t j = 0;
  for (i = 0; i < n && j < WPX_MAX - 1; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c + 32);
    } else if (c == '\t' || c == '\r' || c == '\n') {
      c = ' ';
    }
    out[j++] = c;
  }
  out[j] = '\0';
  return j;
}

static void trim(const char **s, size_t *n)
{
  while (*n > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
    (*s)++;
    (*n)--;
  }
  while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
                    (*s)[*n - 1] == '.' || (*s)[*n - 1] == ',')) {
    (*n)--;
  }
}

bool dc_wptext_find(const char *hay, size_t n, const char *needle)
{
  size_t m = strlen(needle);
  size_t i;
  if (m == 0) {
    return true;
  }
  if (m > n) {
    return false;
  }
  for (i = 0; i + m <= n; i++) {
    const char *p = memchr(hay + i, needle[0], n - m + 1 - i);
    if (p == NULL) {
      return false;
    }
    i = (size_t)(p - hay);
    if (memcmp(p, needle, m) == 0) {
      return true;
    }
  }
  return false;
}

static bool any_word(const char *low, size_t n, const char *const *list,
                     size_t count)
{
  size_t i;
  for (i = 0; i < count; i++) {
    if (dc_wptext_find(low, n, list[i])) {
      return true;
    }
  }
  return false;
}

static bool is_word_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         (unsigned char)c >= 0x80;
}

bool dc_wptext_company_like(const char *s, size_t n)
{
  char   low[WPX_MAX];
  size_t len = lower_copy(s, n, low);
  size_t i   = 0;

  if (any_word(low, len, entity_substrings, DC_ARRAY_LEN(entity_substrings))) {
    return true;
  }
  while (i < len) {
    char   word[32];
    size_t w = 0;
    size_t k;
    while (i < len && !is_word_char(low[i])) {
      i++;
    }
    while (i < len && (is_word_char(low[i]) || low[i] == '.')) {
      if (low[i] != '.' && w < sizeof(word) - 1) {
        word[w++] = low[i];
      }
      i++;
    }
    word[w] = '\0';
    if (w == 0) {
      continue;
    }
    for (k = 0; k < DC_ARRAY_LEN(entity_words); k++) {
      if (strcmp(word, entity_words[k]) == 0) {
        return true;
      }
    }
  }
  return false;
}

bool dc_wptext_role_name(const char *s, size_t n)
{
  char   low[WPX_MAX];
  size_t len;
  size_t i;
  trim(&s, &n);
  len = lower_copy(s, n, low);
  for (i = 0; i < DC_ARRAY_LEN(role_names); i++) {
    if (strlen(role_names[i]) == len && memcmp(low, role_names[i], len) == 0) {
      return true;
    }
  }
  return false;
}

bool dc_wptext_handle_like(const char *s, size_t n)
{
  size_t i;
  bool   digit  = false;
  bool   hyphen = false;
  trim(&s, &n);
  if (n == 0 || n > 40) {
    return false;
  }
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '.' || c == '@' || c == ',') {
      return false;
    }
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '-' || c == '_') {
      hyphen = true;
    }
  }
  return digit || hyphen;
}

enum dc_wp_holder dc_wptext_holder(const char *s, size_t n)
{
  char   low[WPX_MAX];
  size_t len;
  size_t i;
  bool   entity;

  trim(&s, &n);
  len = lower_copy(s, n, low);
  for (i = 0; i < DC_ARRAY_LEN(empty_values); i++) {
    if (strcmp(low, empty_values[i]) == 0) {
      return DC_WPH_EMPTY;
    }
  }
  if (strcmp(low, "private") == 0) {
    return DC_WPH_PLACEHOLDER;
  }
  entity = dc_wptext_company_like(s, n);
  if (any_word(low, len, privacy_words, DC_ARRAY_LEN(privacy_words))) {
    return entity ? DC_WPH_PRIVACY_CO : DC_WPH_PLACEHOLDER;
  }
  if (!entity &&
      any_word(low, len, placeholder_words, DC_ARRAY_LEN(placeholder_words))) {
    return DC_WPH_PLACEHOLDER;
  }
  return DC_WPH_NAME;
}

size_t dc_wptext_host(const char *s, size_t n, char *out, size_t outlen)
{
  size_t i;
  bool   dot    = false;
  bool   letter = false;
  char   prev   = '.';

  while (n > 0 && s[n - 1] == '.') {
    n--;
  }
  if (n < 3 || n > 253 || n >= outlen) {
    return 0;
  }
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c + 32);
    }
    if ((c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80) {
      letter = true;
    } else if (c == '.') {
      if (prev == '.') {
        return 0; /* leading dot or ".." */
      }
      dot = true;
    } else if (!((c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return 0;
    }
    out[i] = c;
    prev   = c;
  }
  out[n] = '\0';
  return dot && letter ? n : 0;
}

char *dc_wptext_dup_clean(const char *s, size_t n, size_t max)
{
  char  *out;
  size_t i = 0;
  size_t j = 0;
  size_t start;

  out = dc_malloc(max + 4);
  if (out == NULL) {
    return NULL;
  }
  while (i < n) {
    const unsigned char *u = (const unsigned char *)s + i;
    size_t               k;
    if (u[0] < 0x20 || u[0] == 0x7f) {
      if (j + 1 > max) {
        break;
      }
      out[j++] = ' ';
      i++;
      continue;
    }
    k = dc_utf8_seq_len(u, n - i);
    if (k == 0) {
      if (j + 3 > max) {
        break;
      }
      out[j++] = (char)0xEF; /* U+FFFD */
      out[j++] = (char)0xBF;
      out[j++] = (char)0xBD;
      i++;
      continue;
    }
    if (j + k > max) {
      break;
    }
    memcpy(out + j, s + i, k);
    j += k;
    i += k;
  }
  while (j > 0 && out[j - 1] == ' ') {
    j--;
  }
  start = 0;
  while (start < j && out[start] == ' ') {
    start++;
  }
  if (start > 0) {
    memmove(out, out + start, j - start);
    j -= start;
  }
  out[j] = '\0';
  return out;
}
