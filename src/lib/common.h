/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/common.h - allocator, assertions and small helpers shared by
 *  every module of the library
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "domcheck.h"

/* Allocation goes through the pluggable allocator (dc_set_allocator). */
void *dc_malloc(size_t n);
void *dc_calloc(size_t nmemb, size_t size);
void *dc_realloc(void *p, size_t n);
/* dc_free() is public (domcheck.h). */

/* Owned copies; NULL in gives NULL out (and is not an error). */
char *dc_strdup(const char *s);
char *dc_strndup(const char *s, size_t n);

/* Unrecoverable internal invariant: log and abort in every build (rule 15).
 * Never used on input from files, the network or the command line. */
#define DC_REQUIRE(x)                                                          \
  do {                                                                         \
    if (!(x)) {                                                                \
      dc_require_failed(#x, __FILE__, __LINE__);                               \
    }                                                                          \
  } while (0)
_Noreturn void dc_require_failed(const char *expr, const char *file, int line);

/* Recoverable invariant: true when it does NOT hold. Aborts in debug
 * builds, lets the caller return DC_EINTERNAL in release builds. */
#ifdef NDEBUG
#  define DC_FAILS_ASSERT(x) (!(x))
#else
#  define DC_FAILS_ASSERT(x)                                                   \
    (!(x) ? (dc_require_failed(#x, __FILE__, __LINE__), true) : false)
#endif

#define DC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Largest reply accepted as evidence: WHOIS replies are capped at 1 MiB on
 * the wire; RDAP documents of big registrars run larger. */
#define DC_MAX_EVIDENCE ((size_t)4 * 1024 * 1024)

/* Growable array of owned strings. */
struct dc_strlist {
  char **v;
  size_t n;
  size_t cap;
};
dc_status_t dc_strlist_push(struct dc_strlist *l, const char *s);
dc_status_t dc_strlist_pushn(struct dc_strlist *l, const char *s, size_t n);
bool        dc_strlist_contains(const struct dc_strlist *l, const char *s);
void        dc_strlist_clear(struct dc_strlist *l);
