/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/testbed/whoisd.c - WHOIS (RFC 3912) servers for the loopback testbed
 *
 *  One port on 127.0.0.1 per server name; read one line, answer from the
 *  server's folders, close. Faults per server or per query (README.md).
 */
#include "tbnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_QUERY 1024u

static const char usage[] =
    "Usage: whoisd -c CONFIG [-p PORTSFILE] [-l LOGFILE] [-i IDLE_MS]\n"
    "  CONFIG lines: SERVER_NAME PORT DIR[,DIR...] [[QUERY:]option=value...]\n"
    "  PORT 0 picks a free port; PORTSFILE gets 'SERVER_NAME PORT' lines once\n"
    "  every socket listens. Answers: DIR/<query>.txt, else "
    "DIR/*_<query>.txt,\n"
    "  else the not-found text. Options: delay=MS latency=MS drop=1 stall=1\n"
    "  garbage=1 ratelimit=N|always ratelimit_text=FILE rate=Q chunk=N\n"
    "  notfound=FILE down=1 (tests/testbed/README.md).\n";

static bool is_space(char ch)
{
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' ||
         ch == '\f';
}

static const struct tb_blob *lookup(struct tb_server *s, const char *q,
                                    const char **key)
{
  const struct tb_blob *b = tb_index_find(&s->index, q);
  const char           *sp;
  *key = q;
  if (b == NULL && q[0] == '=') { /* Verisign's exact-match flag */
    *key = q + 1;
    b    = tb_index_find(&s->index, *key);
  }
  sp = strrchr(q, ' ');
  if (b == NULL && sp != NULL) { /* "domain example.com", "-T dn x.de" */
    *key = sp + 1;
    b    = tb_index_find(&s->index, *key);
  }
  return b;
}

/* The not-found text with <query> and <QUERY> (upper case) filled in. */
static char *not_found(const struct tb_blob *tmpl, const char *key, size_t *len)
{
  size_t      klen = strlen(key);
  size_t      cap  = tmpl->len + 1;
  size_t      n    = 0;
  const char *p    = tmpl->data;
  const char *end  = tmpl->data + tmpl->len;
  char       *out;
  const char *q;
  for (q = memchr(p, '<', tmpl->len); q != NULL;
       q = memchr(q + 1, '<', (size_t)(end - q - 1))) {
    cap += klen;
  }
  out = malloc(cap);
  if (out == NULL) {
    return NULL;
  }
  while (p < end) {
    bool lower = (size_t)(end - p) >= 7 && memcmp(p, "<query>", 7) == 0;
    bool upper = (size_t)(end - p) >= 7 && memcmp(p, "<QUERY>", 7) == 0;
    if (lower || upper) {
      size_t i;
      for (i = 0; i < klen; i++) {
        char ch = key[i];
        if (upper && ch >= 'a' && ch <= 'z') {
          ch = (char)(ch - 'a' + 'A');
        }
        out[n++] = ch;
      }
      p += 7;
    } else {
      out[n++] = *p++;
    }
  }
  *len = n;
  return out;
}

static int whois_parse(struct tb_daemon *d, struct tb_server *s,
                       const char *buf, size_t len, bool eof, bool full,
                       struct tb_reply *r)
{
  const char             *nl = memchr(buf, '\n', len);
  char                    q[MAX_QUERY];
  size_t                  qlen;
  size_t                  a = 0;
  const struct tb_faults *f;
  const struct tb_blob   *b;
  const char             *key = NULL;

  if (nl == NULL && !eof && !full) {
    return 0;
  }
  qlen = nl != NULL ? (size_t)(nl - buf) : len;
  if (qlen == 0 && nl == NULL) {
    return 0; /* closed without a line */
  }
  if (qlen >= sizeof(q)) {
    qlen = sizeof(q) - 1;
  }
  memcpy(q, buf, qlen);
  q[qlen] = '\0';
  qlen    = strlen(q); /* a NUL byte ends the query */
  while (qlen > 0 && is_space(q[qlen - 1])) {
    q[--qlen] = '\0';
  }
  while (is_space(q[a])) {
    a++;
  }
  memmove(q, q + a, qlen - a + 1);
  tb_lower(q);
  tb_log_query(d, s, q);

  f         = tb_faults_for(s, q);
  r->faults = f;
  r->niov   = 1;
  if (f->drop || f->stall) {
    return 1;
  }
  if (f->garbage) {
    r->iov[0].iov_base = s->junk.data;
    r->iov[0].iov_len  = s->junk.len;
    return 1;
  }
  if (tb_limited(s, f, q)) {
    r->iov[0].iov_base = s->ratelimit_text.data;
    r->iov[0].iov_len  = s->ratelimit_text.len;
    return 1;
  }
  b = lookup(s, q, &key);
  if (b != NULL) {
    r->iov[0].iov_base = b->data;
    r->iov[0].iov_len  = b->len;
    return 1;
  }
  r->owned = not_found(&s->notfound, key, &r->iov[0].iov_len);
  if (r->owned == NULL) {
    r->close_now = true;
    return 1;
  }
  r->iov[0].iov_base = r->owned;
  return 1;
}

int main(int argc, char **argv)
{
  struct tb_daemon d;
  memset(&d, 0, sizeof(d));
  d.prog        = "whoisd";
  d.kind        = TB_KIND_WHOIS;
  d.max_request = MAX_QUERY;
  d.parse       = whois_parse;
  return tb_main(&d, argc, argv, usage);
}
