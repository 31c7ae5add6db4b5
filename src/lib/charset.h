/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/charset.h - WHOIS replies to UTF-8
 */
#pragma once

#include "common.h"

/* Decode a WHOIS reply to UTF-8 (owned, NUL-terminated): kept as is when
 * it is valid UTF-8 (a BOM is kept for the parser); else converted from
 * `charset` (servers.txt, an iconv name) when given, else from GB18030
 * (GBK replies of Chinese registrars), else from ISO-8859-1, which cannot
 * fail. NUL bytes become U+FFFD. */
dc_status_t dc_decode_reply(const char *data, size_t len, const char *charset,
                            char **out, size_t *outlen);
