/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/table.c - reader of the tld-list/ text format
 */
#include "table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

void dc_table_reader_init(struct dc_table_reader *r, const char *text,
                          size_t len, const char *name)
{
  r->p    = text;
  r->end  = text + len;
  r->name = name == NULL ? "<rules>" : name;
  r->line = 0;
  /* A UTF-8 byte-order mark is tolerated (spreadsheet exports). */
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    r->p += 3;
  }
}

dc_status_t dc_table_error(const struct dc_table_reader *r, unsigned line,
                           dc_diag_t *diag, const char *fmt, ...)
{
  va_list ap;
  if (diag != NULL) {
    (void)snprintf(diag->file, sizeof(diag->file), "%s", r->name);
    diag->line   = line;
    diag->column = 0;
    va_start(ap, fmt);
    (void)vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
    va_end(ap);
  }
  return DC_EFORMAT;
}

dc_status_t dc_table_next(struct dc_table_reader *r, struct dc_table_row *row,
                          dc_diag_t *diag)
{
  while (r->p < r->end) {
    const char *nl  = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *eol = nl == NULL ? r->end : nl;
    const char *s   = r->p;
    size_t      n;
    size_t      i;
    char       *w;

    r->p = nl == NULL ? r->end : nl + 1;
    r->line++;
    if (eol > s && eol[-1] == '\r') {
      eol--;
    }
    n = (size_t)(eol - s);
    /* Blank (only spaces/tabs) and comment lines. */
    for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++) {
    }
    if (i == n || s[i] == '#') {
      continue;
    }
    if (n >= sizeof(row->storage)) {
      return dc_table_error(r, r->line, diag, "line too long (%zu bytes)", n);
    }
    if (!dc_utf8_valid(s, n)) {
      return dc_table_error(r, r->line, diag, "line is not valid UTF-8");
    }
    memcpy(row->storage, s, n);
    row->storage[n] = '\0';
    row->line       = r->line;
    row->nfields    = 0;
    w               = row->storage;
    while (*w != '\0') {
      char *start;
      while (*w == '\t') {
        w++;
      }
      if (*w == '\0') {
        break;
      }
      if (row->nfields == DC_TABLE_MAX_FIELDS) {
        return dc_table_error(r, r->line, diag, "more than %d fields",
                              DC_TABLE_MAX_FIELDS);
      }
      start = w;
      while (*w != '\0' && *w != '\t') {
        w++;
      }
      if (*w == '\t') {
        *w++ = '\0';
      }
      /* Trim spaces around a field; "-" means empty. */
      {
        char *e = start + strlen(start);
        while (*start == ' ') {
          start++;
        }
        while (e > start && e[-1] == ' ') {
          *--e = '\0';
        }
      }
      row->f[row->nfields++] = strcmp(start, "-") == 0 ? "" : start;
    }
    return DC_OK;
  }
  return DC_ENOTFOUND;
}

void *dc_table_grow(void *arr, size_t *cap, size_t n, size_t size)
{
  void  *na;
  size_t ncap;
  if (n < *cap) {
    return arr;
  }
  ncap = *cap == 0 ? 16 : *cap * 2;
  na   = dc_realloc(arr, ncap * size);
  if (na != NULL) {
    *cap = ncap;
  }
  return na;
}

bool dc_table_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
  char     *end = NULL;
  long long v;
  if (s == NULL || s[0] == '\0') {
    return false;
  }
  errno = 0;
  v     = strtoll(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
    return false;
  }
  *out = (int64_t)v;
  return true;
}

char *dc_table_dup(const char *s)
{
  return s == NULL || s[0] == '\0' ? NULL : dc_strdup(s);
}
