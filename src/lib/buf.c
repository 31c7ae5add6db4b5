/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/buf.c - growable byte buffer with a hard maximum
 */
#include "buf.h"

#include <stdio.h>
#include <string.h>

void dc_buf_init(struct dc_buf *b, size_t max)
{
  b->data = NULL;
  b->len  = 0;
  b->cap  = 0;
  b->max  = max;
}

void dc_buf_free(struct dc_buf *b)
{
  dc_free(b->data);
  b->data = NULL;
  b->len  = 0;
  b->cap  = 0;
}

void dc_buf_reset(struct dc_buf *b)
{
  b->len = 0;
  if (b->data != NULL) {
    b->data[0] = '\0';
  }
}

static dc_status_t buf_reserve(struct dc_buf *b, size_t extra)
{
  size_t need;
  size_t ncap;
  char  *nd;

  if (extra > b->max || b->len > b->max - extra) {
    return DC_ETOOBIG;
  }
  need = b->len + extra + 1;
  if (need <= b->cap) {
    return DC_OK;
  }
  ncap = b->cap == 0 ? 64 : b->cap;
  while (ncap < need) {
    ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
  }
  nd = dc_realloc(b->data, ncap);
  if (nd == NULL) {
    return DC_ENOMEM;
  }
  b->data = nd;
  b->cap  = ncap;
  return DC_OK;
}

dc_status_t dc_buf_append(struct dc_buf *b, const void *p, size_t n)
{
  dc_status_t st = buf_reserve(b, n);
  if (st != DC_OK) {
    return st;
  }
  if (n > 0) {
    memcpy(b->data + b->len, p, n);
  }
  b->len += n;
  b->data[b->len] = '\0';
  return DC_OK;
}

dc_status_t dc_buf_puts(struct dc_buf *b, const char *s)
{
  return dc_buf_append(b, s, strlen(s));
}

dc_status_t dc_buf_putc(struct dc_buf *b, char c)
{
  return dc_buf_append(b, &c, 1);
}

dc_status_t dc_buf_vprintf(struct dc_buf *b, const char *fmt, va_list ap)
{
  va_list     ap2;
  int         n;
  dc_status_t st;

  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) {
    return DC_EINVAL;
  }
  st = buf_reserve(b, (size_t)n);
  if (st != DC_OK) {
    return st;
  }
  (void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return DC_OK;
}

dc_status_t dc_buf_printf(struct dc_buf *b, const char *fmt, ...)
{
  va_list     ap;
  dc_status_t st;
  va_start(ap, fmt);
  st = dc_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return st;
}

char *dc_buf_take(struct dc_buf *b)
{
  char *p;
  if (b->data == NULL && buf_reserve(b, 0) != DC_OK) {
    return NULL;
  }
  b->data[b->len] = '\0';
  p               = b->data;
  b->data         = NULL;
  b->len          = 0;
  b->cap          = 0;
  return p;
}
