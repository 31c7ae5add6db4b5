/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/testutil.h - helpers shared by the unit tests
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domcheck.h"

/* Whole file into a NUL-terminated malloc'ed buffer; NULL if unreadable. */
char *tu_read_file(const char *path, size_t *len);
/* $DC_SOURCE_DIR/rel (or ./rel); static buffer, overwritten per call. */
const char *tu_src_path(const char *rel);
/* $DC_CORPUS_DIR/rel. */
const char *tu_corpus_path(const char *rel);
/* Seconds since the epoch of "YYYY-MM-DD" (00:00 UTC). Fails the test on
 * a bad date. */
int64_t tu_date(const char *ymd);
