/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/text.c - Unicode text helpers: name comparison, case, width
 *
 *  libunistring does the Unicode work; its results are malloc()ed, so they
 *  are copied into the library's allocator and released with free().
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* libunistring result (not NUL-terminated) to an owned C string. */
static char *take_u8(uint8_t *s, size_t n)
{
  char *out = dc_strndup((const char *)s, n);
  free(s); /* libunistring memory */
  return out;
}

char *dc_nfkc(const char *s)
{
  size_t   len;
  size_t   n = 0;
  uint8_t *nf;

  if (s == NULL) {
    return NULL;
  }
  len = strlen(s);
  if (u8_check((const uint8_t *)s, len) != NULL) {
    return NULL;
  }
  if (len == 0) {
    return dc_strdup("");
  }
  nf = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, len, NULL, &n);
  if (nf == NULL) {
    return NULL;
  }
  return take_u8(nf, n);
}

void dc_ascii_lower(char *s)
{
  if (s == NULL) {
    return;
  }
  for (; *s != '\0'; s++) {
    if (*s >= 'A' && *s <= 'Z') {
      *s = (char)(*s - 'A' + 'a');
    }
  }
}

/* What one character of a name becomes: 0 drops it, else the code point. */
static ucs4_t name_map(ucs4_t uc)
{
  /* White_Space (U+0020, U+3000, NBSP, ...) and the invisible ZWSP and BOM
   * a copy and paste brings. */
  if (uc_is_property_white_space(uc) || uc == 0x200B || uc == 0xFEFF) {
    return 0;
  }
  switch (uc) {
    /* Brackets. Full-width （ ） ［ ］ ｛ ｝ are ASCII after NFKC. */
    case '[':
    case '{':
    case 0x3010: /* 【 */
    case 0x3014: /* 〔 */
    case 0x3016: /* 〖 */
      return '(';
    case ']':
    case '}':
    case 0x3011: /* 】 */
    case 0x3015: /* 〕 */
    case 0x3017: /* 〗 */
      return ')';
    /* Middle dots between the parts of a transliterated name: 买买提·艾力.
     * Half-width U+FF65 is U+30FB after NFKC, U+0387 is U+00B7. */
    case 0x30FB: /* KATAKANA MIDDLE DOT */
    case 0x2022: /* BULLET */
    case 0x2027: /* HYPHENATION POINT */
    case 0xFF65: /* HALFWIDTH KATAKANA MIDDLE DOT */
    case 0x2219: /* BULLET OPERATOR */
    case 0x22C5: /* DOT OPERATOR */
      return 0x00B7;
    default:
      return uc;
  }
}

char *dc_name_normalize(const char *name)
{
  uint8_t *folded = NULL;
  uint8_t *mapped = NULL;
  uint8_t *nf     = NULL;
  char    *out    = NULL;
  size_t   len;
  size_t   flen = 0;
  size_t   mlen = 0;
  size_t   nlen = 0;
  size_t   i;

  if (name == NULL) {
    goto done;
  }
  len = strlen(name);
  if (u8_check((const uint8_t *)name, len) != NULL) {
    goto done;
  }
  if (len == 0) {
    out = dc_strdup("");
    goto done;
  }
  /* Full case folding, then NFKC: full width to ASCII, ß to ss. */
  folded =
      u8_casefold((const uint8_t *)name, len, NULL, UNINORM_NFKC, NULL, &flen);
  if (folded == NULL) {
    goto done;
  }
  /* Every replacement is no longer in UTF-8 than what it replaces. */
  mapped = dc_malloc(flen + 1);
  if (mapped == NULL) {
    goto done;
  }
  for (i = 0; i < flen;) {
    ucs4_t uc;
    int    n = u8_mbtouc(&uc, folded + i, flen - i);
    ucs4_t m = name_map(uc);
    if (m != 0) {
      int w = u8_uctomb(mapped + mlen, m, (ptrdiff_t)(flen + 1 - mlen));
      if (w <= 0) {
        goto done; /* cannot happen: see above */
      }
      mlen += (size_t)w;
    }
    i += (size_t)n;
  }
  /* Dropping white space can put a combining mark next to a new base. */
  if (mlen == 0) {
    out = dc_strdup("");
    goto done;
  }
  nf = u8_normalize(UNINORM_NFKC, mapped, mlen, NULL, &nlen);
  if (nf == NULL) {
    goto done;
  }
  out = take_u8(nf, nlen);
  nf  = NULL;
done:
  free(folded); /* libunistring memory */
  free(nf);
  dc_free(mapped);
  return out;
}

bool dc_name_equal(const char *a, const char *b)
{
  char *na = dc_name_normalize(a);
  char *nb = dc_name_normalize(b);
  bool  eq = na != NULL && nb != NULL && strcmp(na, nb) == 0;
  dc_free(na);
  dc_free(nb);
  return eq;
}
