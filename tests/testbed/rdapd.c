/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/testbed/rdapd.c - RDAP (RFC 9082/9083) services for the testbed
 *
 *  A minimal HTTP/1.1 server per service name on 127.0.0.1:
 *  GET <any prefix>/domain/<name> answers DIR/<name>.json (or the corpus
 *  layout DIR/<id>_<name>.json) with 200, else an RDAP error object with 404;
 *  every answer says Connection: close. Faults per service or per name.
 */
#include "tbnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEADERS ((size_t)16 * 1024) /* else 431 */
#define MAX_NAME    512u

static const char usage[] =
    "Usage: rdapd -c CONFIG [-p PORTSFILE] [-l LOGFILE] [-i IDLE_MS]\n"
    "  CONFIG lines: NAME PORT DIR[,DIR...] [[DOMAIN:]option=value...]\n"
    "  GET <prefix>/domain/<name> serves DIR/<name>.json (200) or 404.\n"
    "  Options: delay=MS latency=MS ratelimit=N|always status=CODE garbage=1\n"
    "  redirect=URLPREFIX drop=1 stall=1 chunk=N down=1\n"
    "  (tests/testbed/README.md).\n";

static const char garbage_body[] =
    "<!DOCTYPE html>\n<html><head><title>Portal</title></head>\n"
    "<body><h1>Please log in to continue</h1>\n"
    "<p>{\"rdapConformance\": [\"rdap_level_0\"], \"ldhName\": </p>\n"
    "</body></html>\n";

static const char *reason(int code)
{
  switch (code) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

/* Headers (and, for error objects, the body) in one owned buffer; a body
 * kept elsewhere (a file, a static text) goes in the second iovec. */
static int respond(struct tb_reply *r, int code, const char *extra,
                   const char *body, size_t body_len, bool copy_body, bool head)
{
  size_t cap = 512 + strlen(extra) + (copy_body ? body_len : 0);
  int    n;
  r->owned = malloc(cap);
  if (r->owned == NULL) {
    r->close_now = true;
    return 1;
  }
  n = snprintf(r->owned, cap,
               "HTTP/1.1 %d %s\r\n"
               "Content-Type: application/rdap+json\r\n"
               "Content-Length: %zu\r\n"
               "Access-Control-Allow-Origin: *\r\n"
               "Connection: close\r\n"
               "%s\r\n",
               code, reason(code), body_len, extra);
  if (n < 0 || (size_t)n >= cap) {
    r->close_now = true;
    return 1;
  }
  r->iov[0].iov_base = r->owned;
  r->iov[0].iov_len  = (size_t)n;
  r->niov            = 1;
  if (head || body_len == 0) {
    return 1;
  }
  if (copy_body) {
    memcpy(r->owned + n, body, body_len);
    r->iov[0].iov_len += body_len;
  } else {
    r->iov[1].iov_base = (void *)(uintptr_t)body; /* never written to */
    r->iov[1].iov_len  = body_len;
    r->niov            = 2;
  }
  return 1;
}

/* RFC 9083 section 6 error response. */
static int respond_error(struct tb_reply *r, int code, const char *extra,
                         const char *description, bool head)
{
  char body[512];
  int  n = snprintf(body, sizeof(body),
                    "{\"rdapConformance\":[\"rdap_level_0\"],"
                     "\"errorCode\":%d,\"title\":\"%s\","
                     "\"description\":[\"%s\"]}\n",
                    code, reason(code), description);
  if (n < 0 || (size_t)n >= sizeof(body)) {
    r->close_now = true;
    return 1;
  }
  return respond(r, code, extra, body, (size_t)n, true, head);
}

static int hexval(char ch)
{
  if (ch >= '0' && ch <= '9') {
    return ch - '0';
  }
  if (ch >= 'a' && ch <= 'f') {
    return ch - 'a' + 10;
  }
  if (ch >= 'A' && ch <= 'F') {
    return ch - 'A' + 10;
  }
  return -1;
}

/* Percent-decode src[0..len) into out; false on a bad escape, a NUL, a
 * slash or an overlong name. */
static bool decode_name(const char *src, size_t len, char *out, size_t cap)
{
  size_t i;
  size_t n = 0;
  for (i = 0; i < len; i++) {
    int ch = (unsigned char)src[i];
    if (ch == '%') {
      int hi;
      int lo;
      if (i + 2 >= len) {
        return false;
      }
      hi = hexval(src[i + 1]);
      lo = hexval(src[i + 2]);
      if (hi < 0 || lo < 0) {
        return false;
      }
      ch = hi * 16 + lo;
      i += 2;
    }
    if (ch == 0 || ch == '/' || n + 1 >= cap) {
      return false;
    }
    out[n++] = (char)ch;
  }
  out[n] = '\0';
  return n > 0;
}

static void log_path(struct tb_daemon *d, struct tb_server *s, const char *p,
                     size_t len)
{
  char tmp[MAX_NAME];
  if (len >= sizeof(tmp)) {
    len = sizeof(tmp) - 1;
  }
  memcpy(tmp, p, len);
  tmp[len] = '\0';
  tb_log_query(d, s, len > 0 ? tmp : "-");
}

static int redirect(struct tb_reply *r, const char *prefix, const char *name,
                    bool head)
{
  char        loc[2048];
  size_t      n    = 0;
  size_t      plen = strlen(prefix);
  const char *p;
  int         w;
  while (plen > 0 && prefix[plen - 1] == '/') {
    plen--;
  }
  w = snprintf(loc, sizeof(loc), "Location: %.*s/domain/", (int)plen, prefix);
  if (w < 0 || (size_t)w >= sizeof(loc)) {
    return respond_error(r, 500, "", "redirect prefix too long", head);
  }
  n = (size_t)w;
  for (p = name; *p != '\0' && n + 6 < sizeof(loc); p++) {
    unsigned char ch = (unsigned char)*p;
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
        ch == '-' || ch == '_' || ch == '~') {
      loc[n++] = (char)ch;
    } else {
      w = snprintf(loc + n, sizeof(loc) - n, "%%%02X", ch);
      n += (size_t)w;
    }
  }
  memcpy(loc + n, "\r\n", 3);
  return respond_error(r, 302, loc, "see the Location header", head);
}

static int rdap_parse(struct tb_daemon *d, struct tb_server *s, const char *buf,
                      size_t len, bool eof, bool full, struct tb_reply *r)
{
  const char             *hdr_end = strstr(buf, "\r\n\r\n");
  const char             *eol;
  const char             *sp1;
  const char             *sp2;
  const char             *path;
  const char             *path_end;
  const char             *dom;
  const char             *p;
  char                    name[MAX_NAME];
  bool                    head;
  const struct tb_faults *f;
  const struct tb_blob   *b;

  (void)len;
  if (hdr_end == NULL) {
    hdr_end = strstr(buf, "\n\n"); /* bare LF clients */
  }
  if (hdr_end == NULL) {
    if (full) {
      tb_log_query(d, s, "-");
      return respond_error(r, 431, "", "request headers exceed 16 KiB", false);
    }
    return 0; /* need more; on eof the engine closes */
  }
  (void)eof;
  /* request-line = method SP request-target SP HTTP-version */
  eol = strchr(buf, '\n');
  sp1 = memchr(buf, ' ', (size_t)(eol - buf));
  sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
  if (sp1 == NULL || sp2 == NULL || strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
    log_path(d, s, buf, sp1 != NULL ? (size_t)(sp1 - buf) : 0);
    return respond_error(r, 400, "", "malformed request line", false);
  }
  head     = (size_t)(sp1 - buf) == 4 && memcmp(buf, "HEAD", 4) == 0;
  path     = sp1 + 1;
  path_end = sp2;
  if ((size_t)(path_end - path) > 8 &&
      (strncmp(path, "http://", 7) == 0 || strncmp(path, "https://", 8) == 0)) {
    /* absolute-form (RFC 9112 3.2.2): keep the path */
    const char *slash = memchr(path + 8, '/', (size_t)(path_end - path - 8));
    path              = slash != NULL ? slash : path_end;
  }
  for (p = path; p < path_end; p++) {
    if (*p == '?' || *p == '#') {
      path_end = p;
      break;
    }
  }
  if (!head && !((size_t)(sp1 - buf) == 3 && memcmp(buf, "GET", 3) == 0)) {
    log_path(d, s, path, (size_t)(path_end - path));
    return respond_error(r, 405, "Allow: GET, HEAD\r\n", "only GET and HEAD",
                         false);
  }
  /* <any prefix>/domain/<name>: the last "/domain/" */
  dom = NULL;
  for (p = path; p + 8 <= path_end; p++) {
    if (memcmp(p, "/domain/", 8) == 0) {
      dom = p + 8;
    }
  }
  if (dom == NULL ||
      !decode_name(dom, (size_t)(path_end - dom), name, sizeof(name))) {
    log_path(d, s, path, (size_t)(path_end - path));
    return respond_error(r, 400, "", "only /domain/<name> is served here",
                         head);
  }
  tb_lower(name);
  tb_log_query(d, s, name);

  f         = tb_faults_for(s, name);
  r->faults = f;
  if (f->drop || f->stall) {
    return 1;
  }
  if (f->status != 0) {
    return respond_error(r, f->status, "", "status= fault of the testbed",
                         head);
  }
  if (f->garbage) {
    return respond(r, 200, "", garbage_body, sizeof(garbage_body) - 1, false,
                   head);
  }
  if (tb_limited(s, f, name)) {
    return respond_error(r, 429, "Retry-After: 1\r\n",
                         "too many queries, try again later", head);
  }
  if (f->redirect != NULL) {
    return redirect(r, f->redirect, name, head);
  }
  b = tb_index_find(&s->index, name);
  if (b == NULL) {
    return respond_error(r, 404, "", "no such domain here", head);
  }
  return respond(r, 200, "", b->data, b->len, false, head);
}

int main(int argc, char **argv)
{
  struct tb_daemon d;
  memset(&d, 0, sizeof(d));
  d.prog        = "rdapd";
  d.kind        = TB_KIND_RDAP;
  d.max_request = MAX_HEADERS;
  d.parse       = rdap_parse;
  return tb_main(&d, argc, argv, usage);
}
