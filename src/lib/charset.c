/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/charset.c - WHOIS replies to UTF-8 (iconv)
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "buf.h"
#include "json.h"

/* Valid UTF-8 apart from NUL bytes, which are replaced. */
static bool utf8_except_nul(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t               i = 0;
  while (i < n) {
    size_t k;
    if (p[i] == 0) {
      i++;
      continue;
    }
    k = dc_utf8_seq_len(p + i, n - i);
    if (k == 0) {
      return false;
    }
    i += k;
  }
  return true;
}

static dc_status_t copy_nul_safe(const char *s, size_t n, struct dc_buf *b)
{
  size_t      i;
  size_t      run = 0;
  dc_status_t st  = DC_OK;
  for (i = 0; i < n && st == DC_OK; i++) {
    if (s[i] == '\0') {
      st = dc_buf_append(b, s + run, i - run);
      if (st == DC_OK) {
        st = dc_buf_puts(b, "\xEF\xBF\xBD");
      }
      run = i + 1;
    }
  }
  if (st == DC_OK) {
    st = dc_buf_append(b, s + run, n - run);
  }
  return st;
}

/* Convert with iconv; DC_EFORMAT when the bytes are not in that charset. */
static dc_status_t convert(const char *from, const char *s, size_t n,
                           struct dc_buf *b)
{
  iconv_t     cd = iconv_open("UTF-8", from);
  char        chunk[4096];
  char       *in   = (char *)(uintptr_t)s; /* iconv's API is not const */
  size_t      left = n;
  dc_status_t st   = DC_OK;

  if (cd == (iconv_t)-1) {
    return DC_EINVAL;
  }
  while (left > 0 && st == DC_OK) {
    char  *o      = chunk;
    size_t ospace = sizeof(chunk);
    size_t r      = iconv(cd, &in, &left, &o, &ospace);
    int    e      = errno;
    st            = dc_buf_append(b, chunk, sizeof(chunk) - ospace);
    if (r == (size_t)-1 && e != E2BIG && st == DC_OK) {
      st = DC_EFORMAT; /* EILSEQ or EINVAL: not this charset */
    }
  }
  (void)iconv(cd, NULL, NULL, NULL, NULL);
  (void)iconv_close(cd);
  return st;
}

dc_status_t dc_decode_reply(const char *data, size_t len, const char *charset,
                            char **out, size_t *outlen)
{
  static const char *const fallback[] = {"GB18030", "ISO-8859-1"};
  struct dc_buf            b;
  struct dc_buf            nul;
  dc_status_t              st = DC_EFORMAT;
  size_t                   i;

  *out = NULL;
  dc_buf_init(&b, (size_t)4 * len + 16);
  dc_buf_init(&nul, (size_t)4 * len + 16);
  if (charset == NULL && utf8_except_nul(data, len)) {
    st = copy_nul_safe(data, len, &b);
  } else {
    if (charset != NULL) {
      st = convert(charset, data, len, &nul);
    }
    for (i = 0; st != DC_OK && st != DC_ENOMEM && i < DC_ARRAY_LEN(fallback);
         i++) {
      dc_buf_reset(&nul);
      if (i == 0 && utf8_except_nul(data, len)) {
        st = dc_buf_append(&nul, data, len);
        break;
      }
      st = convert(fallback[i], data, len, &nul);
    }
    if (st == DC_OK) {
      st = copy_nul_safe(nul.data == NULL ? "" : nul.data, nul.len, &b);
    }
  }
  if (st == DC_OK) {
    *outlen = b.len;
    *out    = dc_buf_take(&b);
    if (*out == NULL) {
      st = DC_ENOMEM;
    }
  }
  dc_buf_free(&b);
  dc_buf_free(&nul);
  return st;
}
