/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/domain.c - from what the user typed to the domain that is filed
 *
 *  The steps, in order: NFKC the whole input (full-width letters, digits,
 *  ':' '/' '.' become ASCII), map the ideographic full stops to '.', trim
 *  white space, keep only the host of a URL, refuse IP literals, split into
 *  labels, convert each with UTS #46 non-transitional processing (libidn2),
 *  enforce LDH and the RFC 1035 lengths, then find the public suffix: the
 *  longest of the PSL's ICANN section (libpsl) and the caller's extra
 *  suffixes. The registrable domain is that suffix plus one label.
 *
 *  Error codes (d->err_code; static strings, stable, for programs):
 *    "empty"          nothing but white space was given
 *    "bad-url"        a URL whose authority cannot be read (no host, bad
 *                     port, malformed scheme or IPv6 brackets)
 *    "ip-address"     the host is an IPv4 or IPv6 literal, or ends in a
 *                     number (WHATWG URL "ends in a number")
 *    "empty-label"    two dots in a row, a leading dot, or only the root
 *    "label-too-long" a label is longer than 63 octets as an A-label
 *    "too-long"       the name is longer than 253 octets as A-labels, or
 *                     the input is unreasonably long
 *    "bad-character"  a character not allowed in a host name (LDH), or
 *                     input that is not valid UTF-8
 *    "bad-hyphen"     a label starts or ends with '-', or has "--" in
 *                     positions 3-4 without being an A-label
 *    "idna"           libidn2 refused a label, or an A-label does not
 *                     decode and round-trip
 *    "public-suffix"  the name is itself a public suffix (or one label)
 */
#include "domain.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>
#include <libpsl.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "buf.h"
#include "text.h"

/* RFC 1035 2.3.4 and RFC 1034 3.1: 63 octets a label, 255 on the wire,
 * so 253 in text without the root dot. */
#define LABEL_MAX 63
#define HOST_MAX  253
/* Anything longer cannot hold a valid host, even with a URL around it and
 * 4-byte UTF-8 U-labels; refusing it early bounds the work per input. */
#define INPUT_MAX 4096
/* Longest piece of input quoted back in a detail. */
#define QUOTE_MAX 200

#define IDN2_FLAGS (IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT)

enum derr {
  DERR_EMPTY,
  DERR_BAD_URL,
  DERR_IP,
  DERR_EMPTY_LABEL,
  DERR_LABEL_TOO_LONG,
  DERR_TOO_LONG,
  DERR_BAD_CHAR,
  DERR_BAD_HYPHEN,
  DERR_IDNA,
  DERR_PUBLIC_SUFFIX,
  DERR_COUNT_ /* never used as a code */
};

/* Indexed by enum derr; the meaning of each is in the file comment. */
static const char *const derr_code[] = {
    "empty",    "bad-url",       "ip-address", "empty-label", "label-too-long",
    "too-long", "bad-character", "bad-hyphen", "idna",        "public-suffix"};
_Static_assert(DC_ARRAY_LEN(derr_code) == DERR_COUNT_,
               "derr_code[] and enum derr differ");

/* ---- the public suffix list: loaded once per process ------------------- */

static pthread_once_t   psl_once = PTHREAD_ONCE_INIT;
static const psl_ctx_t *psl_ctx  = NULL;

static void psl_load(void)
{
  /* psl_latest() picks the newer of the built-in list and the system's
   * DAFSA (/usr/share/publicsuffix). The handle lives as long as the
   * process: nothing in the library outlives it. */
  psl_ctx_t *latest = psl_latest(NULL);
  if (latest != NULL) {
    psl_ctx = latest;
    return;
  }
  psl_ctx = psl_builtin();
}

static const psl_ctx_t *psl_get(void)
{
  if (pthread_once(&psl_once, psl_load) != 0) {
    return NULL;
  }
  return psl_ctx;
}

/* libpsl 0.21 takes A-labels or lower-case NFKC UTF-8 (libpsl(3)). Both
 * find 中国 and 公司.cn in Debian's built-in list and DAFSA alike; asking
 * with the U-labels too when the A-labels miss keeps it right with a list
 * that holds one form only. Without any list (psl NULL) only the TLD and
 * the caller's suffixes count. */
static bool psl_icann(const psl_ctx_t *psl, const char *a, const char *u)
{
  if (psl == NULL) {
    return false;
  }
  if (psl_is_public_suffix2(psl, a, PSL_TYPE_ICANN) != 0) {
    return true;
  }
  return strcmp(a, u) != 0 && psl_is_public_suffix2(psl, u, PSL_TYPE_ICANN);
}

/* ---- errors -------------------------------------------------------------- */

/* Copy of user input fit for quoting in a detail: control characters, '"'
 * and '\\' escaped, anything long cut at a character boundary. */
static char *quote(const char *s)
{
  struct dc_buf b;
  size_t        n = strlen(s);
  size_t        i;
  dc_status_t   st = DC_OK;

  if (n > QUOTE_MAX) {
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
      n--; /* s is valid UTF-8: back off to a lead byte */
    }
  }
  dc_buf_init(&b, DC_BUF_UNLIMITED);
  for (i = 0; i < n && st == DC_OK; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      st = dc_buf_printf(&b, "\\x%02X", c);
    } else {
      st = dc_buf_putc(&b, (char)c);
    }
  }
  if (st == DC_OK && n < strlen(s)) {
    st = dc_buf_puts(&b, "...");
  }
  if (st != DC_OK) {
    dc_buf_free(&b);
    return NULL;
  }
  return dc_buf_take(&b);
}

/* Sets the error: the detail is `prefix`, then `s` quoted when not NULL,
 * then fmt. DC_OK unless memory ran out. */
static dc_status_t vfail_at(struct dc_domain *d, enum derr e,
                            const char *prefix, const char *s, const char *fmt,
                            va_list ap) __attribute__((format(printf, 5, 0)));

static dc_status_t vfail_at(struct dc_domain *d, enum derr e,
                            const char *prefix, const char *s, const char *fmt,
                            va_list ap)
{
  struct dc_buf b;
  char         *q = NULL;
  dc_status_t   st;

  dc_buf_init(&b, DC_BUF_UNLIMITED);
  st = dc_buf_puts(&b, prefix);
  if (st == DC_OK && s != NULL) {
    q = quote(s);
    if (q == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    st = dc_buf_printf(&b, "\"%s\" ", q);
  }
  if (st == DC_OK) {
    st = dc_buf_vprintf(&b, fmt, ap);
  }
  if (st != DC_OK) {
    goto done;
  }
  dc_free(d->err_detail);
  d->err_detail = dc_buf_take(&b);
  if (d->err_detail == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  d->ok       = false;
  d->err_code = derr_code[e];
done:
  dc_free(q);
  dc_buf_free(&b);
  return st;
}

static dc_status_t fail(struct dc_domain *d, enum derr e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static dc_status_t fail_name(struct dc_domain *d, enum derr e, const char *name,
                             const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static dc_status_t fail_label(struct dc_domain *d, enum derr e,
                              const char *label, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static dc_status_t fail(struct dc_domain *d, enum derr e, const char *fmt, ...)
{
  va_list     ap;
  dc_status_t st;
  va_start(ap, fmt);
  st = vfail_at(d, e, "", NULL, fmt, ap);
  va_end(ap);
  return st;
}

/* Detail: "\"name\" " + fmt, the name quoted safely. */
static dc_status_t fail_name(struct dc_domain *d, enum derr e, const char *name,
                             const char *fmt, ...)
{
  va_list     ap;
  dc_status_t st;
  va_start(ap, fmt);
  st = vfail_at(d, e, "", name, fmt, ap);
  va_end(ap);
  return st;
}

/* Detail: "label \"label\" " + fmt. */
static dc_status_t fail_label(struct dc_domain *d, enum derr e,
                              const char *label, const char *fmt, ...)
{
  va_list     ap;
  dc_status_t st;
  va_start(ap, fmt);
  st = vfail_at(d, e, "label ", label, fmt, ap);
  va_end(ap);
  return st;
}

/* ---- input: NFKC, full stops, white space ------------------------------- */

static bool is_space_uc(ucs4_t uc)
{
  /* White_Space plus the invisible characters a copy and paste brings. */
  return uc_is_property_white_space(uc) || uc == 0x200B || uc == 0xFEFF;
}

/* NFKC of the input with U+3002, U+FF0E and U+FF61 mapped to '.' and outer
 * white space trimmed. *out owned; NULL with DC_OK means invalid UTF-8. */
static dc_status_t prepare(const char *input, char **out)
{
  uint8_t      *nf    = NULL;
  size_t        nflen = 0;
  size_t        len   = strlen(input);
  size_t        i;
  size_t        start;
  size_t        end;
  struct dc_buf b;
  dc_status_t   st = DC_OK;

  *out = NULL;
  dc_buf_init(&b, DC_BUF_UNLIMITED);
  if (u8_check((const uint8_t *)input, len) != NULL) {
    goto done;
  }
  if (len > 0) {
    nf = u8_normalize(UNINORM_NFKC, (const uint8_t *)input, len, NULL, &nflen);
    if (nf == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
  }
  /* Trim: find the first and past-the-last non-space characters. */
  start = 0;
  end   = 0;
  i     = 0;
  while (i < nflen) {
    ucs4_t uc;
    int    n = u8_mbtouc(&uc, nf + i, nflen - i);
    if (!is_space_uc(uc)) {
      if (end == 0) {
        start = i;
      }
      end = i + (size_t)n;
    }
    i += (size_t)n;
  }
  for (i = start; i < end && st == DC_OK;) {
    ucs4_t uc;
    int    n = u8_mbtouc(&uc, nf + i, end - i);
    /* UTS #46 section 2.3: these are label separators too. */
    if (uc == 0x3002 || uc == 0xFF0E || uc == 0xFF61) {
      st = dc_buf_putc(&b, '.');
    } else {
      st = dc_buf_append(&b, nf + i, (size_t)n);
    }
    i += (size_t)n;
  }
  if (st != DC_OK) {
    goto done;
  }
  *out = dc_buf_take(&b);
  if (*out == NULL) {
    st = DC_ENOMEM;
  }
done:
  free(nf); /* libunistring memory */
  dc_buf_free(&b);
  return st;
}

/* ---- URL: keep the host ------------------------------------------------- */

static bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
static bool is_scheme(const char *s, size_t n)
{
  size_t i;
  if (n == 0 || !is_alpha(s[0])) {
    return false;
  }
  for (i = 1; i < n; i++) {
    if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '+' && s[i] != '-' &&
        s[i] != '.') {
      return false;
    }
  }
  return true;
}

/* Cuts s (writable, owned by the caller) down to the host of the URL or
 * name it holds; *host points into s. Sets the error and leaves *host NULL
 * when the input is not acceptable. */
static dc_status_t url_host(struct dc_domain *d, char *s, char **host)
{
  char  *p = s;
  char  *end;
  char  *at;
  char  *colon;
  bool   url  = false;
  size_t span = strcspn(s, ":/?#");

  *host = NULL;
  if (s[span] == ':' && strncmp(s + span, "://", 3) == 0) {
    if (!is_scheme(s, span)) {
      s[span] = '\0';
      return fail_name(d, DERR_BAD_URL, s, "is not a URL scheme");
    }
    p   = s + span + 3;
    url = true;
  } else if (strncmp(s, "//", 2) == 0) {
    p   = s + 2;
    url = true;
  }
  /* RFC 3986 3.2: the authority ends at the path, query or fragment; a
   * backslash counts as '/' as browsers do (WHATWG URL). */
  end  = p + strcspn(p, "/?#\\");
  *end = '\0';
  at   = strrchr(p, '@');
  if (at != NULL) {
    p   = at + 1;
    url = true;
  }
  if (*p == '[') {
    /* RFC 3986 3.2.2: IP-literal = "[" ( IPv6address / IPvFuture ) "]" */
    return fail_name(d, DERR_IP, p, "is an IPv6 address, not a domain");
  }
  colon = strchr(p, ':');
  if (colon != NULL && strchr(colon + 1, ':') != NULL) {
    struct in6_addr a6;
    if (inet_pton(AF_INET6, p, &a6) == 1) {
      return fail_name(d, DERR_IP, p, "is an IPv6 address, not a domain");
    }
    return fail_name(d, DERR_BAD_URL, p, "has more than one ':'");
  }
  if (colon != NULL) {
    size_t n = strlen(colon + 1);
    url      = true;
    if (n > 5 || strspn(colon + 1, "0123456789") != n ||
        strtol(colon + 1, NULL, 10) > 65535) {
      return fail_name(d, DERR_BAD_URL, colon + 1, "is not a port number");
    }
    *colon = '\0';
  }
  if (*p == '\0') {
    if (url) {
      return fail(d, DERR_BAD_URL, "the URL has no host");
    }
    return fail(d, DERR_EMPTY, "no domain was given");
  }
  *host = p;
  return DC_OK;
}

/* WHATWG URL "ends in a number": a last label of digits or 0x-hex makes
 * the host an IPv4 address (192.168.1.1, 127.1, 0x7f.1, 3232235777). */
static bool ends_in_number(const char *host)
{
  const char *last = strrchr(host, '.');
  size_t      n;
  size_t      i;

  last = last == NULL ? host : last + 1;
  n    = strlen(last);
  if (n == 0) {
    return false;
  }
  if (strspn(last, "0123456789") == n) {
    return true;
  }
  if (n < 2 || last[0] != '0' || (last[1] != 'x' && last[1] != 'X')) {
    return false;
  }
  for (i = 2; i < n; i++) {
    if (!is_hex(last[i])) {
      return false;
    }
  }
  return true;
}

/* ---- labels -------------------------------------------------------------- */

static bool is_ldh(char c)
{
  return is_alpha(c) || is_digit(c) || c == '-';
}

static bool is_ascii(const char *s)
{
  for (; *s != '\0'; s++) {
    if ((unsigned char)*s >= 0x80) {
      return false;
    }
  }
  return true;
}

/* RFC 5890 2.3.1 and RFC 5891 4.2.3.1: LDH, no hyphen at either end, and
 * "--" in positions 3-4 only for the "xn--" prefix. `shown` names the
 * label as the user typed it. */
static dc_status_t check_ldh(struct dc_domain *d, const char *a,
                             const char *shown)
{
  size_t n = strlen(a);
  size_t i;

  if (n == 0) {
    return fail_label(d, DERR_EMPTY_LABEL, shown, "maps to nothing");
  }
  for (i = 0; i < n; i++) {
    if (!is_ldh(a[i])) {
      return fail_label(d, DERR_BAD_CHAR, shown,
                        "has a character not allowed in a domain name");
    }
  }
  if (n > LABEL_MAX) {
    return fail_label(d, DERR_LABEL_TOO_LONG, shown,
                      "is %zu octets long; the limit is %d", n, LABEL_MAX);
  }
  if (a[0] == '-' || a[n - 1] == '-') {
    return fail_label(d, DERR_BAD_HYPHEN, shown,
                      "starts or ends with a hyphen");
  }
  if (n >= 4 && a[2] == '-' && a[3] == '-' && strncmp(a, "xn--", 4) != 0) {
    return fail_label(d, DERR_BAD_HYPHEN, shown,
                      "has \"--\" in positions 3 and 4 but is not an "
                      "A-label (xn--)");
  }
  return DC_OK;
}

/* An A-label given as input must decode, and encoding what it decodes to
 * must give it back (RFC 5891 5.4). */
static dc_status_t check_alabel(struct dc_domain *d, const char *a)
{
  char       *u  = NULL;
  char       *a2 = NULL;
  int         rc;
  dc_status_t st = DC_OK;

  rc = idn2_to_unicode_8z8z(a, &u, 0);
  if (rc == IDN2_MALLOC) {
    st = DC_ENOMEM;
    goto done;
  }
  if (rc != IDN2_OK) {
    st = fail_label(d, DERR_IDNA, a, "is not a valid A-label: %s",
                    idn2_strerror(rc));
    goto done;
  }
  rc = idn2_to_ascii_8z(u, &a2, IDN2_FLAGS);
  if (rc == IDN2_MALLOC) {
    st = DC_ENOMEM;
    goto done;
  }
  if (rc != IDN2_OK) {
    st = fail_label(d, DERR_IDNA, a, "is not a valid A-label: %s",
                    idn2_strerror(rc));
    goto done;
  }
  if (strcmp(a, a2) != 0) {
    st = fail_label(d, DERR_IDNA, a,
                    "is not a valid A-label: it does not round-trip");
  }
done:
  free(u); /* libidn2 memory */
  free(a2);
  return st;
}

/* One label as typed (NFKC'd, non-empty) to its A-label, appended to
 * `alabels`. Leaves d->ok false on a bad label. */
static dc_status_t convert_label(struct dc_domain *d, char *label,
                                 struct dc_strlist *alabels)
{
  char       *a = NULL;
  size_t      i;
  int         rc;
  dc_status_t st = DC_OK;

  /* ASCII outside LDH cannot become valid (UTS #46 keeps it as is), so
   * name it now rather than let libidn2 report something vaguer. */
  for (i = 0; label[i] != '\0'; i++) {
    unsigned char c = (unsigned char)label[i];
    if (c < 0x80 && !is_ldh((char)c)) {
      char ch[8];
      if (c < 0x21 || c == 0x7f) {
        (void)snprintf(ch, sizeof(ch), "U+%04X", c);
      } else {
        (void)snprintf(ch, sizeof(ch), "'%c'", (char)c);
      }
      return fail_label(d, DERR_BAD_CHAR, label,
                        "has a character not allowed in a domain name: %s", ch);
    }
  }
  if (is_ascii(label)) {
    dc_ascii_lower(label);
    st = check_ldh(d, label, label);
    if (st != DC_OK || !d->ok) {
      return st;
    }
    if (strncmp(label, "xn--", 4) == 0) {
      st = check_alabel(d, label);
      if (st != DC_OK || !d->ok) {
        return st;
      }
    }
    return dc_strlist_push(alabels, label);
  }
  rc = idn2_to_ascii_8z(label, &a, IDN2_FLAGS);
  switch (rc) {
    case IDN2_OK:
      break;
    case IDN2_MALLOC:
      st = DC_ENOMEM;
      goto done;
    case IDN2_TOO_BIG_LABEL:
      st = fail_label(d, DERR_LABEL_TOO_LONG, label,
                      "is longer than %d octets as an A-label", LABEL_MAX);
      goto done;
    case IDN2_TOO_BIG_DOMAIN:
      st = fail_label(d, DERR_TOO_LONG, label,
                      "is longer than %d octets as an A-label", HOST_MAX);
      goto done;
    case IDN2_HYPHEN_STARTEND:
      st =
          fail_label(d, DERR_BAD_HYPHEN, label, "starts or ends with a hyphen");
      goto done;
    case IDN2_2HYPHEN:
      st = fail_label(d, DERR_BAD_HYPHEN, label,
                      "has \"--\" in positions 3 and 4");
      goto done;
    default:
      st = fail_label(d, DERR_IDNA, label, "is not a valid IDN label: %s",
                      idn2_strerror(rc));
      goto done;
  }
  st = check_ldh(d, a, label);
  if (st != DC_OK || !d->ok) {
    goto done;
  }
  st = dc_strlist_push(alabels, a);
done:
  free(a); /* libidn2 memory */
  return st;
}

/* U-label of an A-label (a copy when it is not an xn-- label). */
static dc_status_t to_ulabel(const char *a, struct dc_strlist *ulabels)
{
  char       *u = NULL;
  int         rc;
  dc_status_t st;

  if (strncmp(a, "xn--", 4) != 0) {
    return dc_strlist_push(ulabels, a);
  }
  rc = idn2_to_unicode_8z8z(a, &u, 0);
  if (rc == IDN2_MALLOC) {
    st = DC_ENOMEM;
    goto done;
  }
  /* check_alabel() or libidn2 has accepted `a`, so it decodes to one
   * label; should it not, the A-label stands in for its U-label. */
  if (rc != IDN2_OK || strchr(u, '.') != NULL) {
    st = dc_strlist_push(ulabels, a);
    goto done;
  }
  st = dc_strlist_push(ulabels, u);
done:
  free(u); /* libidn2 memory */
  return st;
}

static char *join(const struct dc_strlist *l, size_t from)
{
  struct dc_buf b;
  size_t        i;
  dc_status_t   st = DC_OK;

  dc_buf_init(&b, DC_BUF_UNLIMITED);
  for (i = from; i < l->n && st == DC_OK; i++) {
    if (i > from) {
      st = dc_buf_putc(&b, '.');
    }
    if (st == DC_OK) {
      st = dc_buf_puts(&b, l->v[i]);
    }
  }
  if (st != DC_OK) {
    dc_buf_free(&b);
    return NULL;
  }
  return dc_buf_take(&b);
}

/* Suffix of a joined name starting at label i. */
static const char *label_suffix(const char *name, size_t i)
{
  for (; i > 0; i--) {
    name = strchr(name, '.') + 1;
  }
  return name;
}

/* ---- public -------------------------------------------------------------- */

void dc_domain_init(struct dc_domain *d)
{
  memset(d, 0, sizeof(*d));
}

void dc_domain_clear(struct dc_domain *d)
{
  if (d == NULL) {
    return;
  }
  dc_free(d->input);
  dc_free(d->err_detail);
  dc_free(d->host_ascii);
  dc_free(d->host_unicode);
  dc_free(d->ascii);
  dc_free(d->unicode);
  dc_free(d->suffix_ascii);
  dc_free(d->suffix_unicode);
  dc_free(d->tld_ascii);
  dc_free(d->tld_unicode);
  dc_domain_init(d);
}

dc_status_t dc_domain_parse(struct dc_domain *d, const char *input,
                            dc_suffix_fn extra, void *ud)
{
  char             *work = NULL;
  char             *host = NULL;
  char             *label;
  char             *dot     = NULL;
  struct dc_strlist alabels = {0};
  struct dc_strlist ulabels = {0};
  const psl_ctx_t  *psl;
  size_t            i;
  size_t            len;
  size_t            sfx;
  dc_status_t       st = DC_OK;

  dc_domain_clear(d);
  d->ok = true;
  if (input == NULL) {
    st = fail(d, DERR_EMPTY, "no domain was given");
    goto done;
  }
  d->input = dc_strdup(input);
  if (d->input == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  if (strlen(input) > INPUT_MAX) {
    st = fail(d, DERR_TOO_LONG, "the input is longer than %d bytes", INPUT_MAX);
    goto done;
  }
  st = prepare(input, &work);
  if (st != DC_OK) {
    goto done;
  }
  if (work == NULL) {
    st = fail(d, DERR_BAD_CHAR, "the input is not valid UTF-8");
    goto done;
  }
  if (work[0] == '\0') {
    st = fail(d, DERR_EMPTY, "no domain was given");
    goto done;
  }
  st = url_host(d, work, &host);
  if (st != DC_OK || host == NULL) {
    goto done;
  }
  /* One trailing dot is the root (RFC 1034 3.1); it is not filed. */
  len = strlen(host);
  if (host[len - 1] == '.') {
    host[--len] = '\0';
  }
  if (len == 0) {
    st = fail(d, DERR_EMPTY_LABEL, "the name has no label, only the root");
    goto done;
  }
  if (ends_in_number(host)) {
    st = fail_name(d, DERR_IP, host,
                   "ends in a number, so it is an IPv4 address, not a "
                   "domain");
    goto done;
  }
  if (host[0] == '.' || host[len - 1] == '.' || strstr(host, "..") != NULL) {
    st = fail_name(d, DERR_EMPTY_LABEL, host,
                   "has an empty label (two dots in a row or a leading dot)");
    goto done;
  }
  for (label = host; label != NULL; label = dot == NULL ? NULL : dot + 1) {
    dot = strchr(label, '.');
    if (dot != NULL) {
      *dot = '\0';
    }
    st = convert_label(d, label, &alabels);
    if (st != DC_OK || !d->ok) {
      goto done;
    }
  }
  /* The host is not empty, so there is a label (for the analyzer). */
  if (DC_FAILS_ASSERT(alabels.n > 0)) {
    st = DC_EINTERNAL;
    goto done;
  }
  d->host_ascii = join(&alabels, 0);
  if (d->host_ascii == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  if (strlen(d->host_ascii) > HOST_MAX) {
    st = fail(d, DERR_TOO_LONG,
              "the name is %zu octets long as A-labels; the limit is %d",
              strlen(d->host_ascii), HOST_MAX);
    goto done;
  }
  for (i = 0; i < alabels.n; i++) {
    st = to_ulabel(alabels.v[i], &ulabels);
    if (st != DC_OK) {
      goto done;
    }
  }
  d->host_unicode = join(&ulabels, 0);
  if (d->host_unicode == NULL) {
    st = DC_ENOMEM;
    goto done;
  }

  /* The public suffix is the longest suffix that either the PSL's ICANN
   * section or the caller knows; the PSL's "*" rule makes every TLD one. */
  psl = psl_get();
  sfx = alabels.n - 1;
  for (i = 0; i < alabels.n; i++) {
    const char *a = label_suffix(d->host_ascii, i);
    const char *u = label_suffix(d->host_unicode, i);
    if (psl_icann(psl, a, u) || (extra != NULL && extra(ud, a))) {
      sfx = i;
      break;
    }
  }
  if (sfx == 0) {
    if (strcmp(d->host_ascii, d->host_unicode) != 0) {
      st = fail(d, DERR_PUBLIC_SUFFIX,
                "\"%s\" (%s) is a public suffix, not a domain", d->host_unicode,
                d->host_ascii);
    } else {
      st = fail(d, DERR_PUBLIC_SUFFIX,
                "\"%s\" is a public suffix, not a domain", d->host_ascii);
    }
    goto done;
  }
  d->ascii          = dc_strdup(label_suffix(d->host_ascii, sfx - 1));
  d->unicode        = dc_strdup(label_suffix(d->host_unicode, sfx - 1));
  d->suffix_ascii   = dc_strdup(label_suffix(d->host_ascii, sfx));
  d->suffix_unicode = dc_strdup(label_suffix(d->host_unicode, sfx));
  d->tld_ascii      = dc_strdup(alabels.v[alabels.n - 1]);
  d->tld_unicode    = dc_strdup(ulabels.v[ulabels.n - 1]);
  if (d->ascii == NULL || d->unicode == NULL || d->suffix_ascii == NULL ||
      d->suffix_unicode == NULL || d->tld_ascii == NULL ||
      d->tld_unicode == NULL) {
    st = DC_ENOMEM;
  }
done:
  if (st != DC_OK) {
    /* Out of memory: nothing half-made is left behind. */
    dc_domain_clear(d);
  }
  if (!d->ok) {
    /* host_* stay only for a name that is valid but a public suffix. */
    if (d->err_code != derr_code[DERR_PUBLIC_SUFFIX]) {
      dc_free(d->host_ascii);
      dc_free(d->host_unicode);
      d->host_ascii   = NULL;
      d->host_unicode = NULL;
    }
  }
  dc_free(work);
  dc_strlist_clear(&alabels);
  dc_strlist_clear(&ulabels);
  return st;
}
