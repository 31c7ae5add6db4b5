/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/domain.h - from what the user typed to the domain that is filed
 *
 *  Input may be a U-label or A-label name, a URL, have a trailing dot,
 *  upper case or full-width characters. It is mapped with UTS #46
 *  (non-transitional, IDNA2008, libidn2), and the registrable domain is
 *  found with the public suffix list (libpsl, ICANN section only) plus the
 *  suffixes tld-list/ knows: www.shop.example.com.cn is filed as
 *  example.com.cn.
 */
#pragma once

#include "common.h"

/* Extra public suffixes (A-label, e.g. "xn--zfr164b.cn"): returns true
 * when \p suffix is one. Used on top of the PSL. */
typedef bool (*dc_suffix_fn)(void *ud, const char *suffix);

struct dc_domain {
  char       *input;        /* as given (owned copy) */
  bool        ok;           /* false: err_* say why */
  const char *err_code;     /* static: see domain.c's table */
  char       *err_detail;   /* English detail, may name the bad label */
  char       *host_ascii;   /* whole host, A-labels, lower case, no root dot */
  char       *host_unicode; /* whole host, U-labels */
  char       *ascii;        /* registrable domain, A-labels */
  char       *unicode;      /* registrable domain, U-labels */
  char       *suffix_ascii; /* its public suffix: "com.cn", "xn--fiqs8s" */
  char       *suffix_unicode;
  char       *tld_ascii; /* last label */
  char       *tld_unicode;
};

void dc_domain_init(struct dc_domain *d);
/* Releases what d holds and leaves it as dc_domain_init() does; NULL-safe. */
void dc_domain_clear(struct dc_domain *d);
/* Always fills d (d->ok tells); returns DC_ENOMEM or DC_OK only.
 * d must have been dc_domain_init()ed; what it held is released first, so
 * one struct can be parsed into again and again.
 * On a bad input (DC_OK, d->ok false): err_code and err_detail are set,
 * the name fields are NULL, except host_ascii/host_unicode when the name is
 * valid but a public suffix ("com.cn"). On DC_ENOMEM d is left cleared
 * (ok false, err_code NULL).
 * \p extra may be NULL; it is called with A-label suffixes of the host
 * and may be called from several threads when parse is. The public suffix
 * list is loaded on first use, once per process (thread-safe). */
dc_status_t dc_domain_parse(struct dc_domain *d, const char *input,
                            dc_suffix_fn extra, void *ud);
