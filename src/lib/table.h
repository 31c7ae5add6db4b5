/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/table.h - reader of the tld-list/ text format
 *
 *  The one format of every file in tld-list/ (documented in
 *  tld-list/README.md): UTF-8 text, one record per line, fields separated by
 *  one or more TAB characters, '-' for an empty field, lines starting with
 *  '#' and blank lines ignored. The reader hands out one line at a time with
 *  its number so loaders can refuse a bad line as file:line: message.
 */
#pragma once

#include "common.h"

#define DC_TABLE_MAX_FIELDS 16

struct dc_table_reader {
  const char *p;
  const char *end;
  const char *name; /* file name for diagnostics (borrowed) */
  unsigned    line;
};

struct dc_table_row {
  unsigned line;
  size_t   nfields;
  /* Each field is NUL-terminated inside storage; "-" is returned as "". */
  const char *f[DC_TABLE_MAX_FIELDS];
  char        storage[2048];
};

void dc_table_reader_init(struct dc_table_reader *r, const char *text,
                          size_t len, const char *name);
/* DC_OK with a row, DC_ENOTFOUND at the end, DC_EFORMAT for a line too long
 * or with too many fields or invalid UTF-8 (diag filled). */
dc_status_t dc_table_next(struct dc_table_reader *r, struct dc_table_row *row,
                          dc_diag_t *diag);
/* Fill diag with "name:line: message" parts. Returns DC_EFORMAT. */
dc_status_t dc_table_error(const struct dc_table_reader *r, unsigned line,
                           dc_diag_t *diag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- helpers of the loaders ------------------------------------------------
 */

/* Make room for element n of an array of elements of `size` bytes (grown
 * by doubling); the array, or NULL on ENOMEM (the old one stays valid). */
void *dc_table_grow(void *arr, size_t *cap, size_t n, size_t size);
/* A whole decimal field within lo..hi. */
bool dc_table_int(const char *s, int64_t lo, int64_t hi, int64_t *out);
/* An owned copy of a field, NULL for "" (the '-' of the format). */
char *dc_table_dup(const char *s);
