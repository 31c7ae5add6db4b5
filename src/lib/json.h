/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/json.h - a small JSON (RFC 8259) reader that keeps the line of
 *  every value, and a writer
 *
 *  The reader exists because the subject file must be refused with the
 *  line of the offending key, which general JSON libraries do not keep, and
 *  because RDAP replies come from servers we do not trust: depth, size and
 *  UTF-8 are checked here, once.
 */
#pragma once

#include "common.h"
#include "buf.h"

enum dc_json_type {
  DC_JSON_NULL,
  DC_JSON_FALSE,
  DC_JSON_TRUE,
  DC_JSON_NUMBER,
  DC_JSON_STRING,
  DC_JSON_ARRAY,
  DC_JSON_OBJECT
};

struct dc_json {
  enum dc_json_type type;
  unsigned          line; /* 1-based position of the value's first byte */
  unsigned          col;
  unsigned          key_line; /* for an object member: line of its key */
  size_t            len;      /* string bytes, or array/object members */
  char             *str;      /* STRING: NUL-terminated, valid UTF-8 */
  double            num;      /* NUMBER */
  bool              is_int;   /* NUMBER fits int64 exactly */
  int64_t           ival;
  struct dc_json  **items; /* ARRAY elements / OBJECT values */
  char            **keys;  /* OBJECT keys, parallel to items */
};

#define DC_JSON_MAX_DEPTH 64

/* Reader options. */
#define DC_JSON_REJECT_DUPLICATE_KEYS 0x1u

struct dc_json_error {
  unsigned line;
  unsigned col;
  char     message[160];
};

/* Parse \p len bytes (a leading UTF-8 BOM is skipped). \p out is owned by
 * the caller on DC_OK (dc_json_free). DC_EFORMAT with \p err filled for bad
 * JSON, DC_ENOMEM. */
dc_status_t dc_json_parse(struct dc_json **out, const char *text, size_t len,
                          unsigned flags, struct dc_json_error *err);
void        dc_json_free(struct dc_json *v);

/* Lookups; all return NULL when absent or of another type. Borrowed. */
const struct dc_json *dc_json_get(const struct dc_json *obj, const char *key);
const char *dc_json_get_str(const struct dc_json *obj, const char *key);
const struct dc_json *dc_json_get_array(const struct dc_json *obj,
                                        const char           *key);
const struct dc_json *dc_json_get_object(const struct dc_json *obj,
                                         const char           *key);
/* Case-insensitive ASCII key lookup (RDAP vCard names, sloppy servers). */
const struct dc_json *dc_json_get_ci(const struct dc_json *obj,
                                     const char           *key);

/* ---- writer ---------------------------------------------------------- */
struct dc_jw {
  struct dc_buf *b;
  dc_status_t    st;    /* sticky: first failure */
  unsigned       flags; /* DC_JSON_PRETTY from domcheck.h */
  int            depth;
  bool           first[DC_JSON_MAX_DEPTH];
  bool           after_key;
};

void dc_jw_init(struct dc_jw *w, struct dc_buf *b, unsigned flags);
void dc_jw_object_begin(struct dc_jw *w);
void dc_jw_object_end(struct dc_jw *w);
void dc_jw_array_begin(struct dc_jw *w);
void dc_jw_array_end(struct dc_jw *w);
void dc_jw_key(struct dc_jw *w, const char *key);
/* NULL writes null. Invalid UTF-8 is written as U+FFFD. */
void dc_jw_string(struct dc_jw *w, const char *s);
void dc_jw_stringn(struct dc_jw *w, const char *s, size_t n);
void dc_jw_int(struct dc_jw *w, int64_t v);
void dc_jw_bool(struct dc_jw *w, bool v);
void dc_jw_null(struct dc_jw *w);

/* Length of the valid UTF-8 sequence at s (1..4), 0 if invalid/truncated. */
size_t dc_utf8_seq_len(const unsigned char *s, size_t avail);
/* True when the n bytes are valid UTF-8 with no NUL. */
bool dc_utf8_valid(const char *s, size_t n);
