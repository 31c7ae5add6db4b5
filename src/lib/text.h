/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/text.h - Unicode text helpers: name comparison, case, width
 */
#pragma once

#include "common.h"

/* Normalize a person's or organization's name for comparison, so that
 * what a registrar printed and what the filer typed compare equal when
 * they are the same name, and only then:
 *   - NFKC: full-width letters, digits and brackets become ASCII;
 *   - letters case-folded (Unicode full case folding, u8_casefold: Latin,
 *     and Greek or Cyrillic alike; "ß" folds to "ss"); Han is untouched;
 *   - brackets unified: （ ） 【 】 〔 〕 〖 〗 [ ] { } all become ( );
 *   - every white space (Unicode White_Space, incl. U+3000 and NBSP, plus
 *     the invisible U+200B and U+FEFF) removed;
 *   - middle dots of transliterated names (U+00B7, U+30FB, U+2022,
 *     U+FF65, U+2027, U+2219, U+22C5) unified to U+00B7.
 * Other punctuation is kept: "Google LLC" and "Google, LLC" differ.
 * Returns an owned string, NULL on ENOMEM or invalid UTF-8. */
char *dc_name_normalize(const char *name);

/* True when both names normalize to the same string. */
bool dc_name_equal(const char *a, const char *b);

/* ASCII-only lower-casing in place; other bytes untouched. */
void dc_ascii_lower(char *s);

/* Owned NFKC form of s (NULL on bad UTF-8 / ENOMEM). */
char *dc_nfkc(const char *s);
