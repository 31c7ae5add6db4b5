/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/json.c - JSON reader with positions, and writer (RFC 8259)
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
  const unsigned char  *p;
  const unsigned char  *end;
  unsigned              line;
  const unsigned char  *line_start;
  unsigned              flags;
  struct dc_json_error *err;
  dc_status_t           st;
};

size_t dc_utf8_seq_len(const unsigned char *s, size_t avail)
{
  unsigned char c = s[0];
  size_t        n;
  uint32_t      cp;
  size_t        i;

  if (c < 0x80) {
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    n  = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n  = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n  = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (avail < n) {
    return 0;
  }
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  /* Overlong forms, surrogates and code points past U+10FFFF. */
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

bool dc_utf8_valid(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t               i = 0;
  while (i < n) {
    size_t k;
    if (p[i] == 0) {
      return false;
    }
    k = dc_utf8_seq_len(p + i, n - i);
    if (k == 0) {
      return false;
    }
    i += k;
  }
  return true;
}

static void fail(struct reader *r, const char *msg)
{
  if (r->st != DC_OK) {
    return;
  }
  r->st = DC_EFORMAT;
  if (r->err != NULL) {
    r->err->line = r->line;
    r->err->col  = (unsigned)(r->p - r->line_start) + 1;
    (void)snprintf(r->err->message, sizeof(r->err->message), "%s", msg);
  }
}

static void skip_ws(struct reader *r)
{
  while (r->p < r->end) {
    unsigned char c = *r->p;
    if (c == '\n') {
      r->line++;
      r->p++;
      r->line_start = r->p;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      r->p++;
    } else {
      break;
    }
  }
}

static struct dc_json *new_value(struct reader *r, enum dc_json_type t)
{
  struct dc_json *v = dc_calloc(1, sizeof(*v));
  if (v == NULL) {
    r->st = DC_ENOMEM;
    return NULL;
  }
  v->type = t;
  v->line = r->line;
  v->col  = (unsigned)(r->p - r->line_start) + 1;
  return v;
}

static int hexval(unsigned char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

static bool read_hex4(struct reader *r, uint32_t *out)
{
  uint32_t v = 0;
  int      i;
  if (r->end - r->p < 4) {
    fail(r, "truncated \\u escape");
    return false;
  }
  for (i = 0; i < 4; i++) {
    int h = hexval(r->p[i]);
    if (h < 0) {
      fail(r, "bad \\u escape");
      return false;
    }
    v = (v << 4) | (uint32_t)h;
  }
  r->p += 4;
  *out = v;
  return true;
}

static dc_status_t put_cp(struct dc_buf *b, uint32_t cp)
{
  char   u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n    = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    n    = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n    = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n    = 4;
  }
  return dc_buf_append(b, u, n);
}

/* Reads a string token at r->p (which is at '"'); the result is owned. */
static char *read_string(struct reader *r, size_t *len_out)
{
  struct dc_buf b;
  dc_buf_init(&b, DC_BUF_UNLIMITED);
  r->p++; /* opening quote */
  while (r->st == DC_OK) {
    const unsigned char *run = r->p;
    dc_status_t          st;
    /* Copy a run of plain bytes at once. */
    while (r->p < r->end && *r->p != '"' && *r->p != '\\' && *r->p >= 0x20 &&
           *r->p < 0x80) {
      r->p++;
    }
    if (r->p > run) {
      st = dc_buf_append(&b, run, (size_t)(r->p - run));
      if (st != DC_OK) {
        r->st = st;
        break;
      }
    }
    if (r->p >= r->end) {
      fail(r, "unterminated string");
      break;
    }
    if (*r->p == '"') {
      r->p++;
      if (b.data == NULL && dc_buf_append(&b, "", 0) != DC_OK) {
        r->st = DC_ENOMEM;
        break;
      }
      *len_out = b.len;
      return dc_buf_take(&b);
    }
    if (*r->p < 0x20) {
      fail(r, "control character in string");
      break;
    }
    if (*r->p >= 0x80) {
      size_t k = dc_utf8_seq_len(r->p, (size_t)(r->end - r->p));
      if (k == 0) {
        fail(r, "invalid UTF-8 in string");
        break;
      }
      st = dc_buf_append(&b, r->p, k);
      if (st != DC_OK) {
        r->st = st;
        break;
      }
      r->p += k;
      continue;
    }
    /* Backslash escape. */
    r->p++;
    if (r->p >= r->end) {
      fail(r, "unterminated escape");
      break;
    }
    {
      unsigned char e  = *r->p++;
      char          ch = 0;
      uint32_t      cp = 0;
      switch (e) {
        case '"':
          ch = '"';
          break;
        case '\\':
          ch = '\\';
          break;
        case '/':
          ch = '/';
          break;
        case 'b':
          ch = '\b';
          break;
        case 'f':
          ch = '\f';
          break;
        case 'n':
          ch = '\n';
          break;
        case 'r':
          ch = '\r';
          break;
        case 't':
          ch = '\t';
          break;
        case 'u':
          if (!read_hex4(r, &cp)) {
            break;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u') {
              fail(r, "unpaired surrogate in \\u escape");
              break;
            }
            r->p += 2;
            if (!read_hex4(r, &lo)) {
              break;
            }
            if (lo < 0xDC00 || lo > 0xDFFF) {
              fail(r, "unpaired surrogate in \\u escape");
              break;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(r, "unpaired surrogate in \\u escape");
            break;
          } else if (cp == 0) {
            fail(r, "\\u0000 is not allowed in strings");
            break;
          }
          st = put_cp(&b, cp);
          if (st != DC_OK) {
            r->st = st;
          }
          break;
        default:
          fail(r, "bad escape in string");
          break;
      }
      if (r->st == DC_OK && ch != 0) {
        st = dc_buf_putc(&b, ch);
        if (st != DC_OK) {
          r->st = st;
        }
      }
    }
  }
  dc_buf_free(&b);
  return NULL;
}

static bool match_word(struct reader *r, const char *w)
{
  size_t n = strlen(w);
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0) {
    return false;
  }
  r->p += n;
  return true;
}

static void read_number(struct reader *r, struct dc_json *v)
{
  const unsigned char *s = r->p;
  char                 tmp[64];
  size_t               n;
  char                *endp = NULL;
  bool                 frac = false;

  if (r->p < r->end && *r->p == '-') {
    r->p++;
  }
  if (r->p >= r->end || !(*r->p >= '0' && *r->p <= '9')) {
    fail(r, "bad number");
    return;
  }
  if (*r->p == '0') {
    r->p++;
  } else {
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
      r->p++;
    }
  }
  if (r->p < r->end && *r->p == '.') {
    frac = true;
    r->p++;
    if (r->p >= r->end || !(*r->p >= '0' && *r->p <= '9')) {
      fail(r, "bad number");
      return;
    }
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
      r->p++;
    }
  }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
    frac = true;
    r->p++;
    if (r->p < r->end && (*r->p == '+' || *r->p == '-')) {
      r->p++;
    }
    if (r->p >= r->end || !(*r->p >= '0' && *r->p <= '9')) {
      fail(r, "bad number");
      return;
    }
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
      r->p++;
    }
  }
  n = (size_t)(r->p - s);
  if (n >= sizeof(tmp)) {
    fail(r, "number too long");
    return;
  }
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  v->num = strtod(tmp, &endp);
  if (!frac) {
    long long ll;
    errno = 0;
    ll    = strtoll(tmp, &endp, 10);
    if (errno == 0 && endp == tmp + n) {
      v->is_int = true;
      v->ival   = (int64_t)ll;
    }
  } else if (isfinite(v->num) && v->num == floor(v->num) &&
             fabs(v->num) < 9.0e15) {
    v->is_int = true;
    v->ival   = (int64_t)v->num;
  }
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is capped by DC_JSON_MAX_DEPTH */
static struct dc_json *read_value(struct reader *r, int depth);

static bool grow(struct reader *r, struct dc_json *v, size_t *cap, bool keys)
{
  size_t           ncap;
  struct dc_json **ni;
  if (v->len < *cap) {
    return true;
  }
  ncap = *cap == 0 ? 4 : *cap * 2;
  ni   = dc_realloc(v->items, ncap * sizeof(*ni));
  if (ni == NULL) {
    r->st = DC_ENOMEM;
    return false;
  }
  v->items = ni;
  if (keys) {
    char **nk = dc_realloc(v->keys, ncap * sizeof(*nk));
    if (nk == NULL) {
      r->st = DC_ENOMEM;
      return false;
    }
    v->keys = nk;
  }
  *cap = ncap;
  return true;
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is capped by DC_JSON_MAX_DEPTH */
static void read_array(struct reader *r, struct dc_json *v, int depth)
{
  size_t cap = 0;
  r->p++;
  skip_ws(r);
  if (r->p < r->end && *r->p == ']') {
    r->p++;
    return;
  }
  while (r->st == DC_OK) {
    struct dc_json *item;
    skip_ws(r);
    item = read_value(r, depth + 1);
    if (item == NULL) {
      return;
    }
    if (!grow(r, v, &cap, false)) {
      dc_json_free(item);
      return;
    }
    v->items[v->len++] = item;
    skip_ws(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == ']') {
      r->p++;
      return;
    }
    fail(r, "expected ',' or ']' in array");
  }
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is capped by DC_JSON_MAX_DEPTH */
static void read_object(struct reader *r, struct dc_json *v, int depth)
{
  size_t cap = 0;
  r->p++;
  skip_ws(r);
  if (r->p < r->end && *r->p == '}') {
    r->p++;
    return;
  }
  while (r->st == DC_OK) {
    char           *key;
    size_t          klen = 0;
    unsigned        kline;
    struct dc_json *item;
    size_t          i;

    skip_ws(r);
    if (r->p >= r->end || *r->p != '"') {
      fail(r, "expected a string key in object");
      return;
    }
    kline = r->line;
    key   = read_string(r, &klen);
    if (key == NULL) {
      return;
    }
    if ((r->flags & DC_JSON_REJECT_DUPLICATE_KEYS) != 0) {
      for (i = 0; i < v->len; i++) {
        if (strcmp(v->keys[i], key) == 0) {
          char msg[160];
          (void)snprintf(msg, sizeof(msg), "duplicate key \"%.100s\"", key);
          r->line = kline;
          fail(r, msg);
          dc_free(key);
          return;
        }
      }
    }
    skip_ws(r);
    if (r->p >= r->end || *r->p != ':') {
      fail(r, "expected ':' after object key");
      dc_free(key);
      return;
    }
    r->p++;
    skip_ws(r);
    item = read_value(r, depth + 1);
    if (item == NULL) {
      dc_free(key);
      return;
    }
    item->key_line = kline;
    if (!grow(r, v, &cap, true)) {
      dc_free(key);
      dc_json_free(item);
      return;
    }
    v->keys[v->len]  = key;
    v->items[v->len] = item;
    v->len++;
    skip_ws(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == '}') {
      r->p++;
      return;
    }
    fail(r, "expected ',' or '}' in object");
  }
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is capped by DC_JSON_MAX_DEPTH */
static struct dc_json *read_value(struct reader *r, int depth)
{
  struct dc_json *v = NULL;

  if (depth > DC_JSON_MAX_DEPTH) {
    fail(r, "nesting too deep");
    return NULL;
  }
  skip_ws(r);
  if (r->p >= r->end) {
    fail(r, "unexpected end of input");
    return NULL;
  }
  switch (*r->p) {
    case '{':
      v = new_value(r, DC_JSON_OBJECT);
      if (v != NULL) {
        read_object(r, v, depth);
      }
      break;
    case '[':
      v = new_value(r, DC_JSON_ARRAY);
      if (v != NULL) {
        read_array(r, v, depth);
      }
      break;
    case '"':
      v = new_value(r, DC_JSON_STRING);
      if (v != NULL) {
        v->str = read_string(r, &v->len);
      }
      break;
    case 't':
      v = new_value(r, DC_JSON_TRUE);
      if (v != NULL && !match_word(r, "true")) {
        fail(r, "unexpected token");
      }
      break;
    case 'f':
      v = new_value(r, DC_JSON_FALSE);
      if (v != NULL && !match_word(r, "false")) {
        fail(r, "unexpected token");
      }
      break;
    case 'n':
      v = new_value(r, DC_JSON_NULL);
      if (v != NULL && !match_word(r, "null")) {
        fail(r, "unexpected token");
      }
      break;
    default:
      if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) {
        v = new_value(r, DC_JSON_NUMBER);
        if (v != NULL) {
          read_number(r, v);
        }
      } else {
        fail(r, "unexpected character");
      }
      break;
  }
  if (r->st != DC_OK) {
    dc_json_free(v);
    return NULL;
  }
  return v;
}

dc_status_t dc_json_parse(struct dc_json **out, const char *text, size_t len,
                          unsigned flags, struct dc_json_error *err)
{
  struct reader   r;
  struct dc_json *v;

  if (out == NULL || (text == NULL && len > 0)) {
    return DC_EINVAL;
  }
  *out = NULL;
  memset(&r, 0, sizeof(r));
  r.p          = (const unsigned char *)(text == NULL ? "" : text);
  r.end        = r.p + len;
  r.line       = 1;
  r.line_start = r.p;
  r.flags      = flags;
  r.err        = err;
  r.st         = DC_OK;
  if (err != NULL) {
    memset(err, 0, sizeof(*err));
  }
  if (len >= 3 && memcmp(r.p, "\xEF\xBB\xBF", 3) == 0) {
    r.p += 3;
    r.line_start = r.p;
  }
  skip_ws(&r);
  if (r.p >= r.end) {
    fail(&r, "empty document");
    return r.st;
  }
  v = read_value(&r, 0);
  if (v == NULL) {
    return r.st == DC_OK ? DC_EFORMAT : r.st;
  }
  skip_ws(&r);
  if (r.p < r.end) {
    fail(&r, "trailing characters after the JSON value");
    dc_json_free(v);
    return r.st;
  }
  *out = v;
  return DC_OK;
}

void dc_json_free(struct dc_json *v)
{
  /* Iterative over siblings would be nicer; depth is capped at parse. */
  size_t i;
  if (v == NULL) {
    return;
  }
  for (i = 0; i < v->len && v->items != NULL; i++) {
    dc_json_free(v->items[i]); /* NOLINT(misc-no-recursion): capped depth */
    if (v->keys != NULL) {
      dc_free(v->keys[i]);
    }
  }
  dc_free(v->items);
  dc_free(v->keys);
  dc_free(v->str);
  dc_free(v);
}

const struct dc_json *dc_json_get(const struct dc_json *obj, const char *key)
{
  size_t i;
  if (obj == NULL || obj->type != DC_JSON_OBJECT) {
    return NULL;
  }
  for (i = 0; i < obj->len; i++) {
    if (strcmp(obj->keys[i], key) == 0) {
      return obj->items[i];
    }
  }
  return NULL;
}

const struct dc_json *dc_json_get_ci(const struct dc_json *obj, const char *key)
{
  size_t i;
  if (obj == NULL || obj->type != DC_JSON_OBJECT) {
    return NULL;
  }
  for (i = 0; i < obj->len; i++) {
    const char *a = obj->keys[i];
    const char *b = key;
    while (*a != '\0' && *b != '\0') {
      char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
      char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
      if (ca != cb) {
        break;
      }
      a++;
      b++;
    }
    if (*a == '\0' && *b == '\0') {
      return obj->items[i];
    }
  }
  return NULL;
}

const char *dc_json_get_str(const struct dc_json *obj, const char *key)
{
  const struct dc_json *v = dc_json_get(obj, key);
  return v != NULL && v->type == DC_JSON_STRING ? v->str : NULL;
}

const struct dc_json *dc_json_get_array(const struct dc_json *obj,
                                        const char           *key)
{
  const struct dc_json *v = dc_json_get(obj, key);
  return v != NULL && v->type == DC_JSON_ARRAY ? v : NULL;
}

const struct dc_json *dc_json_get_object(const struct dc_json *obj,
                                         const char           *key)
{
  const struct dc_json *v = dc_json_get(obj, key);
  return v != NULL && v->type == DC_JSON_OBJECT ? v : NULL;
}

/* ---- writer ------------------------------------------------------------ */

void dc_jw_init(struct dc_jw *w, struct dc_buf *b, unsigned flags)
{
  memset(w, 0, sizeof(*w));
  w->b     = b;
  w->st    = DC_OK;
  w->flags = flags;
}

static void jw_raw(struct dc_jw *w, const char *s, size_t n)
{
  if (w->st == DC_OK) {
    w->st = dc_buf_append(w->b, s, n);
  }
}

static void jw_newline(struct dc_jw *w)
{
  int i;
  if ((w->flags & DC_JSON_PRETTY) == 0) {
    return;
  }
  jw_raw(w, "\n", 1);
  for (i = 0; i < w->depth; i++) {
    jw_raw(w, "  ", 2);
  }
}

/* Separator before a value (array element or top level) or a key. */
static void jw_sep(struct dc_jw *w)
{
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth > 0) {
    if (!w->first[w->depth]) {
      jw_raw(w, ",", 1);
    }
    w->first[w->depth] = false;
    jw_newline(w);
  }
}

static void jw_open(struct dc_jw *w, char c)
{
  jw_sep(w);
  jw_raw(w, &c, 1);
  if (w->depth + 1 >= DC_JSON_MAX_DEPTH) {
    w->st = DC_EINTERNAL;
    return;
  }
  w->depth++;
  w->first[w->depth] = true;
}

static void jw_close(struct dc_jw *w, char c)
{
  bool empty;
  if (w->depth <= 0) {
    w->st = DC_EINTERNAL;
    return;
  }
  empty = w->first[w->depth];
  w->depth--;
  if (!empty) {
    jw_newline(w);
  }
  jw_raw(w, &c, 1);
}

void dc_jw_object_begin(struct dc_jw *w)
{
  jw_open(w, '{');
}

void dc_jw_object_end(struct dc_jw *w)
{
  jw_close(w, '}');
}

void dc_jw_array_begin(struct dc_jw *w)
{
  jw_open(w, '[');
}

void dc_jw_array_end(struct dc_jw *w)
{
  jw_close(w, ']');
}

static void jw_quoted(struct dc_jw *w, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t               i = 0;
  jw_raw(w, "\"", 1);
  while (i < n && w->st == DC_OK) {
    size_t run = i;
    /* A run of bytes written as they are: printable ASCII other than
     * '"' and '\\', and whole valid UTF-8 sequences. */
    for (;;) {
      if (i >= n) {
        break;
      }
      if (p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') {
        i++;
      } else if (p[i] >= 0x80) {
        size_t k = dc_utf8_seq_len(p + i, n - i);
        if (k == 0) {
          break;
        }
        i += k;
      } else {
        break;
      }
    }
    if (i > run) {
      jw_raw(w, s + run, i - run);
    }
    if (i >= n) {
      break;
    }
    if (p[i] == '"') {
      jw_raw(w, "\\\"", 2);
    } else if (p[i] == '\\') {
      jw_raw(w, "\\\\", 2);
    } else if (p[i] == '\n') {
      jw_raw(w, "\\n", 2);
    } else if (p[i] == '\r') {
      jw_raw(w, "\\r", 2);
    } else if (p[i] == '\t') {
      jw_raw(w, "\\t", 2);
    } else if (p[i] < 0x20) {
      char esc[8];
      (void)snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)p[i]);
      jw_raw(w, esc, 6);
    } else {
      jw_raw(w, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte not UTF-8 */
    }
    i++;
  }
  jw_raw(w, "\"", 1);
}

void dc_jw_key(struct dc_jw *w, const char *key)
{
  jw_sep(w);
  jw_quoted(w, key, strlen(key));
  jw_raw(w, ":", 1);
  if ((w->flags & DC_JSON_PRETTY) != 0) {
    jw_raw(w, " ", 1);
  }
  w->after_key = true;
}

void dc_jw_stringn(struct dc_jw *w, const char *s, size_t n)
{
  jw_sep(w);
  if (s == NULL) {
    jw_raw(w, "null", 4);
    return;
  }
  jw_quoted(w, s, n);
}

void dc_jw_string(struct dc_jw *w, const char *s)
{
  dc_jw_stringn(w, s, s == NULL ? 0 : strlen(s));
}

void dc_jw_int(struct dc_jw *w, int64_t v)
{
  char tmp[32];
  int  n;
  jw_sep(w);
  n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
  if (n > 0) {
    jw_raw(w, tmp, (size_t)n);
  }
}

void dc_jw_bool(struct dc_jw *w, bool v)
{
  jw_sep(w);
  if (v) {
    jw_raw(w, "true", 4);
  } else {
    jw_raw(w, "false", 5);
  }
}

void dc_jw_null(struct dc_jw *w)
{
  jw_sep(w);
  jw_raw(w, "null", 4);
}
