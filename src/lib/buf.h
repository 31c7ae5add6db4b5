/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/buf.h - growable byte buffer with a hard maximum (rule 9)
 */
#pragma once

#include <stdarg.h>

#include "common.h"

struct dc_buf {
  char  *data; /* always NUL-terminated when not NULL */
  size_t len;
  size_t cap;
  size_t max; /* appends beyond this fail with DC_ETOOBIG */
};

#define DC_BUF_UNLIMITED ((size_t)-1)

void        dc_buf_init(struct dc_buf *b, size_t max);
void        dc_buf_free(struct dc_buf *b);
void        dc_buf_reset(struct dc_buf *b);
dc_status_t dc_buf_append(struct dc_buf *b, const void *p, size_t n);
dc_status_t dc_buf_puts(struct dc_buf *b, const char *s);
dc_status_t dc_buf_putc(struct dc_buf *b, char c);
dc_status_t dc_buf_printf(struct dc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
dc_status_t dc_buf_vprintf(struct dc_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Hand the bytes to the caller (owned, NUL-terminated, never NULL on
 * success); the buffer is left empty. */
char *dc_buf_take(struct dc_buf *b);
