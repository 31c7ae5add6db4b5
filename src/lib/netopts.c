/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/netopts.c - --connect-to rules (curl's CURLOPT_CONNECT_TO
 *  semantics) shared by WHOIS and RDAP
 */
#include "netopts.h"

#include <errno.h>

#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#define HOST_MAX 255 /* RFC 1035 2.3.4; also fits any IPv6 literal */

/* One HOST or ADDR field at *p: empty, "[v6]" or a name/IPv4 without ':'.
 * *out is NULL for an empty field; *p is left at the ':' or NUL after it. */
static dc_status_t parse_host(const char **p, char **out)
{
  const char   *s = *p;
  const char   *e;
  char          tmp[HOST_MAX + 1];
  size_t        n;
  size_t        i;
  unsigned char a6[16];

  *out = NULL;
  if (*s == '[') {
    e = strchr(s + 1, ']');
    if (e == NULL) {
      return DC_EINVAL;
    }
    n = (size_t)(e - (s + 1));
    if (n == 0 || n > HOST_MAX) {
      return DC_EINVAL;
    }
    memcpy(tmp, s + 1, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET6, tmp, a6) != 1) {
      return DC_EINVAL; /* brackets hold an IPv6 literal and nothing else */
    }
    e++;
    if (*e != ':' && *e != '\0') {
      return DC_EINVAL;
    }
    *out = dc_strndup(s + 1, n);
    *p   = e;
    return *out == NULL ? DC_ENOMEM : DC_OK;
  }
  n = strcspn(s, ":");
  if (n == 0) {
    *p = s;
    return DC_OK; /* empty: any host / keep the host */
  }
  if (n > HOST_MAX) {
    return DC_EINVAL;
  }
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c == 0x7f || c == '[' || c == ']' || c == '/') {
      return DC_EINVAL;
    }
  }
  *out = dc_strndup(s, n);
  *p   = s + n;
  return *out == NULL ? DC_ENOMEM : DC_OK;
}

/* A PORT field: empty (0) or 1..65535 in decimal digits. */
static dc_status_t parse_port(const char **p, int *out)
{
  const char *s = *p;
  long        v = 0;
  size_t      n = 0;

  while (s[n] >= '0' && s[n] <= '9') {
    if (n == 5) {
      return DC_EINVAL;
    }
    v = v * 10 + (s[n] - '0');
    n++;
  }
  if (s[n] != ':' && s[n] != '\0') {
    return DC_EINVAL;
  }
  if (n > 0 && (v < 1 || v > 65535)) {
    return DC_EINVAL;
  }
  *out = (int)v;
  *p   = s + n;
  return DC_OK;
}

static dc_status_t expect_colon(const char **p)
{
  if (**p != ':') {
    return DC_EINVAL;
  }
  (*p)++;
  return DC_OK;
}

dc_status_t dc_connect_to_parse(struct dc_connect_to *c, const char *spec)
{
  dc_status_t          status;
  struct dc_connect_to r;
  const char          *p = spec;

  memset(&r, 0, sizeof(r));
  if (c == NULL || spec == NULL) {
    return DC_EINVAL;
  }
  memset(c, 0, sizeof(*c));
  status = parse_host(&p, &r.host);
  if (status != DC_OK) {
    goto done;
  }
  status = expect_colon(&p);
  if (status != DC_OK) {
    goto done;
  }
  status = parse_port(&p, &r.port);
  if (status != DC_OK) {
    goto done;
  }
  status = expect_colon(&p);
  if (status != DC_OK) {
    goto done;
  }
  status = parse_host(&p, &r.addr);
  if (status != DC_OK) {
    goto done;
  }
  status = expect_colon(&p);
  if (status != DC_OK) {
    goto done;
  }
  status = parse_port(&p, &r.to_port);
  if (status != DC_OK) {
    goto done;
  }
  if (*p != '\0') {
    status = DC_EINVAL; /* a fifth field */
    goto done;
  }
  *c = r; /* transfer ownership of the strings to the caller */
  memset(&r, 0, sizeof(r));
done:
  dc_connect_to_clear(&r);
  return status;
}

void dc_connect_to_clear(struct dc_connect_to *c)
{
  if (c == NULL) {
    return;
  }
  dc_free(c->host);
  dc_free(c->addr);
  memset(c, 0, sizeof(*c));
}

/* Host names compare without case and without one final dot; an IPv6
 * literal with or without its brackets. */
static bool host_matches(const char *rule, const char *host)
{
  size_t hl = strlen(host);
  size_t rl = strlen(rule);

  if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
    host++;
    hl -= 2;
  }
  if (hl > 0 && host[hl - 1] == '.') {
    hl--;
  }
  if (rl > 0 && rule[rl - 1] == '.') {
    rl--;
  }
  return hl == rl && strncasecmp(rule, host, hl) == 0;
}

bool dc_connect_to_apply(const struct dc_netopts *o, const char *host, int port,
                         const char **addr_out, int *port_out)
{
  size_t i;

  if (addr_out != NULL) {
    *addr_out = host;
  }
  if (port_out != NULL) {
    *port_out = port;
  }
  if (o == NULL || host == NULL) {
    return false;
  }
  for (i = 0; i < o->nconnect_to; i++) {
    const struct dc_connect_to *r = &o->connect_to[i];
    if (r->host != NULL && !host_matches(r->host, host)) {
      continue;
    }
    if (r->port != 0 && r->port != port) {
      continue;
    }
    /* First match wins (curl walks its list the same way). */
    if (addr_out != NULL && r->addr != NULL) {
      *addr_out = r->addr;
    }
    if (port_out != NULL && r->to_port != 0) {
      *port_out = r->to_port;
    }
    return true;
  }
  return false;
}

/* Our own words for the errno values a connection meets: strerror() is
 * not thread-safe and its wording varies between libcs. */
const char *dc_net_errno_text(long e)
{
  switch (e) {
    case ECONNREFUSED:
      return "connection refused";
    case ENETUNREACH:
      return "network is unreachable";
    case EHOSTUNREACH:
      return "host is unreachable";
    case ECONNRESET:
      return "connection reset by peer";
    case ECONNABORTED:
      return "connection aborted";
    case ETIMEDOUT:
      return "connection timed out";
    case ENETDOWN:
      return "network is down";
    case EPIPE:
      return "broken pipe";
    case EADDRNOTAVAIL:
      return "address not available";
    case EAFNOSUPPORT:
      return "address family not supported";
    case EACCES:
    case EPERM:
      return "permission denied";
    default:
      return NULL;
  }
}
