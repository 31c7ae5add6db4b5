/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/wparse_text.h - word tests of the WHOIS parser: privacy
 *  placeholders, company names, host names, phrase search
 */
#pragma once

#include "common.h"

/* What a registrant value is (corpus README: Registrant). */
enum dc_wp_holder {
  DC_WPH_NAME = 0,    /* a person's or organisation's name */
  DC_WPH_EMPTY,       /* "N/A", "Unavailable", "-": nothing shown */
  DC_WPH_PLACEHOLDER, /* "REDACTED FOR PRIVACY", "Whois Agent": no name */
  DC_WPH_PRIVACY_CO   /* "Domains By Proxy, LLC": a real privacy service */
};

/* Classify the n bytes at s (any bytes; the first 256 are looked at). */
enum dc_wp_holder dc_wptext_holder(const char *s, size_t n);

/* True when the value ends in or contains a legal-entity word ("Inc.",
 * "LLC", "Ltd", "GmbH", "有限公司", ...). */
bool dc_wptext_company_like(const char *s, size_t n);

/* True for a contact role rather than a holder ("Domain Administrator",
 * "Hostmaster", "DNS Admin"). */
bool dc_wptext_role_name(const char *s, size_t n);

/* True for a handle such as "GOO001748-MARKM", "MM12383", "com-gi8-1":
 * one token with a digit or a hyphen and no dot. */
bool dc_wptext_handle_like(const char *s, size_t n);

/* Length of a valid host name written into out (lower case, trailing dot
 * removed), 0 when the token is not a host name (an address, a word
 * without a dot, "not.defined" is accepted as syntax only). */
size_t dc_wptext_host(const char *s, size_t n, char *out, size_t outlen);

/* needle (lower case) in the n bytes at hay; plain scan, linear for the
 * phrases used here (none repeats its own prefix). */
bool dc_wptext_find(const char *hay, size_t n, const char *needle);

/* Copy of s with invalid UTF-8 replaced by U+FFFD, control bytes by
 * spaces, blanks trimmed, cut at max bytes on a character boundary.
 * NULL on ENOMEM. */
char *dc_wptext_dup_clean(const char *s, size_t n, size_t max);
