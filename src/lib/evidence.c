/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/evidence.c - recording and replaying lookups
 */
#include "evidence.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "result.h"
#include "timeutil.h"

#define MANIFEST_MAX (16u * 1024u * 1024u)

struct rp_entry {
  enum dc_io_kind kind;
  char           *target;
  char           *query;
  int             rrtype;
  dc_status_t     st;
  long            http_status;
  int64_t         retry_after;
  char           *error;
  char           *data;
  size_t          len;
  bool            used;
};

struct dc_replay {
  int64_t          started;
  int64_t          evaluated_at;
  struct rp_entry *e;
  size_t           n;
};

static const char *kind_ext(enum dc_io_kind k)
{
  switch (k) {
    case DC_IOK_DNS:
      return "dns";
    case DC_IOK_RDAP:
      return "json";
    case DC_IOK_WHOIS:
      break;
  }
  return "txt";
}

static const char *rr_name(int t)
{
  switch (t) {
    case 1:
      return "A";
    case 2:
      return "NS";
    case 28:
      return "AAAA";
    case 43:
      return "DS";
    default:
      break;
  }
  return "RR";
}

static bool kind_from(const char *s, enum dc_io_kind *k)
{
  if (strcmp(s, "dns") == 0) {
    *k = DC_IOK_DNS;
  } else if (strcmp(s, "rdap") == 0) {
    *k = DC_IOK_RDAP;
  } else if (strcmp(s, "whois") == 0) {
    *k = DC_IOK_WHOIS;
  } else {
    return false;
  }
  return true;
}

static dc_status_t status_from(const char *s, dc_status_t *out)
{
#define XX(name, num, text)                                                    \
  if (strcmp(s, #name) == 0) {                                                 \
    *out = DC_##name;                                                          \
    return DC_OK;                                                              \
  }
  DC_STATUS_MAP(XX)
#undef XX
  return DC_EFORMAT;
}

/* A file-name-safe form of a server or URL: [a-z0-9.-], others '_'. */
static void safe_name(const char *s, char *out, size_t n)
{
  const char *p = strstr(s, "://");
  size_t      j = 0;
  p             = p == NULL ? s : p + 3;
  for (; *p != '\0' && j + 1 < n && j < 64; p++) {
    char c = *p;
    if (c == '/' || c == '?' || c == '#') {
      break; /* the host part is enough for a name */
    }
    out[j++] = ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '-')
                   ? c
                   : '_';
  }
  out[j] = '\0';
}

static dc_status_t write_file(const char *path, const char *data, size_t len)
{
  FILE  *f = fopen(path, "wb");
  size_t w;
  if (f == NULL) {
    return DC_EIO;
  }
  w = len > 0 ? fwrite(data, 1, len, f) : 0;
  if (fclose(f) != 0 || w != len) {
    return DC_EIO;
  }
  return DC_OK;
}

static dc_status_t make_dir(const char *path)
{
  if (mkdir(path, 0755) == 0 || errno == EEXIST) {
    return DC_OK;
  }
  return DC_EIO;
}

/* Remove the plain files of a folder, then the folder (recordings are
 * flat). */
static void remove_flat_dir(const char *path)
{
  DIR           *d = opendir(path);
  struct dirent *ent;
  char           p[4096];
  if (d == NULL) {
    return;
  }
  for (ent = readdir(d); ent != NULL; ent = readdir(d)) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) {
      continue;
    }
    (void)snprintf(p, sizeof(p), "%s/%s", path, ent->d_name);
    (void)unlink(p);
  }
  (void)closedir(d);
  (void)rmdir(path);
}

dc_status_t dc_evidence_save(const char *dir, const struct dc_lookup *lk,
                             const struct dc_result *res)
{
  const char   *domain = dc_lookup_domain(lk);
  char          final[4096];
  char          tmp[4096];
  char          old[4096];
  char          path[4600];
  char          name[128];
  char          when[40];
  struct dc_buf b;
  struct dc_jw  w;
  char         *result = NULL;
  size_t        i;
  dc_status_t   st;

  if (domain[0] == '\0') {
    return DC_OK; /* not a domain: nothing was looked up */
  }
  st = make_dir(dir);
  if (st != DC_OK) {
    return st;
  }
  (void)snprintf(final, sizeof(final), "%s/%s", dir, domain);
  (void)snprintf(tmp, sizeof(tmp), "%s/.%s.tmp%ld", dir, domain,
                 (long)getpid());
  (void)snprintf(old, sizeof(old), "%s/.%s.old%ld", dir, domain,
                 (long)getpid());
  remove_flat_dir(tmp);
  st = make_dir(tmp);
  if (st != DC_OK) {
    return st;
  }
  dc_buf_init(&b, DC_BUF_UNLIMITED);
  dc_jw_init(&w, &b, DC_JSON_PRETTY);
  dc_jw_object_begin(&w);
  dc_jw_key(&w, "domcheck");
  dc_jw_string(&w, dc_version(NULL));
  dc_jw_key(&w, "input");
  dc_jw_string(&w, dc_result_input(res));
  dc_jw_key(&w, "domain");
  dc_jw_string(&w, domain);
  dc_time_format_utc(dc_lookup_started(lk), when, sizeof(when));
  dc_jw_key(&w, "started");
  dc_jw_string(&w, when);
  dc_jw_key(&w, "started_unix");
  dc_jw_int(&w, dc_lookup_started(lk));
  /* The instant the verdict was judged at (--as-of, else the start): a
   * replay judges at the same instant, so it reproduces the verdict. */
  dc_time_format_utc(res->evaluated_at, when, sizeof(when));
  dc_jw_key(&w, "evaluated_at");
  dc_jw_string(&w, when);
  dc_jw_key(&w, "evaluated_at_unix");
  dc_jw_int(&w, res->evaluated_at);
  dc_jw_key(&w, "exchanges");
  dc_jw_array_begin(&w);
  for (i = 0; i < dc_lookup_exchange_count(lk) && st == DC_OK; i++) {
    const struct dc_exchange *x = dc_lookup_exchange(lk, i);
    char                      safe[80];
    safe_name(x->target, safe, sizeof(safe));
    if (x->kind == DC_IOK_DNS) {
      (void)snprintf(name, sizeof(name), "%02zu-dns-%s-%s.dns", i + 1, safe,
                     rr_name(x->rrtype));
    } else {
      (void)snprintf(name, sizeof(name), "%02zu-%s-%s.%s", i + 1,
                     dc_io_kind_name(x->kind), safe, kind_ext(x->kind));
    }
    (void)snprintf(path, sizeof(path), "%s/%s", tmp, name);
    st = write_file(path, x->data, x->len);
    dc_jw_object_begin(&w);
    dc_jw_key(&w, "kind");
    dc_jw_string(&w, dc_io_kind_name(x->kind));
    dc_jw_key(&w, "target");
    dc_jw_string(&w, x->target);
    dc_jw_key(&w, "query");
    dc_jw_string(&w, x->query);
    dc_jw_key(&w, "rrtype");
    if (x->kind == DC_IOK_DNS) {
      dc_jw_int(&w, x->rrtype);
    } else {
      dc_jw_null(&w);
    }
    dc_jw_key(&w, "status");
    dc_jw_string(&w, dc_status_name(x->st));
    dc_jw_key(&w, "http_status");
    if (x->kind == DC_IOK_RDAP && x->st == DC_OK) {
      dc_jw_int(&w, x->http_status);
    } else {
      dc_jw_null(&w);
    }
    dc_jw_key(&w, "retry_after");
    if (x->retry_after >= 0 && x->kind == DC_IOK_RDAP) {
      dc_jw_int(&w, x->retry_after);
    } else {
      dc_jw_null(&w);
    }
    dc_jw_key(&w, "error");
    dc_jw_string(&w, x->error);
    dc_time_format_utc(x->at, when, sizeof(when));
    dc_jw_key(&w, "at");
    dc_jw_string(&w, when);
    dc_jw_key(&w, "file");
    dc_jw_string(&w, name);
    dc_jw_key(&w, "bytes");
    dc_jw_int(&w, (int64_t)x->len);
    dc_jw_object_end(&w);
  }
  dc_jw_array_end(&w);
  dc_jw_key(&w, "verdict");
  dc_jw_string(&w, dc_verdict_name(dc_result_verdict(res)));
  dc_jw_object_end(&w);
  if (st == DC_OK) {
    st = w.st;
  }
  if (st == DC_OK) {
    (void)snprintf(path, sizeof(path), "%s/manifest.json", tmp);
    st = dc_buf_putc(&b, '\n');
  }
  if (st == DC_OK) {
    st = write_file(path, b.data, b.len);
  }
  if (st == DC_OK) {
    st = dc_result_to_json(res, DC_JSON_PRETTY, &result);
  }
  if (st == DC_OK) {
    (void)snprintf(path, sizeof(path), "%s/result.json", tmp);
    st = write_file(path, result, strlen(result));
  }
  dc_free(result);
  dc_buf_free(&b);
  if (st != DC_OK) {
    remove_flat_dir(tmp);
    return st;
  }
  /* Swap the new recording in. */
  remove_flat_dir(old);
  if (rename(final, old) != 0 && errno != ENOENT) {
    remove_flat_dir(tmp);
    return DC_EIO;
  }
  if (rename(tmp, final) != 0) {
    remove_flat_dir(tmp);
    return DC_EIO;
  }
  remove_flat_dir(old);
  return DC_OK;
}

/* ---- replay
 * ------------------------------------------------------------------ */

static dc_status_t read_all(const char *path, size_t max, char **out,
                            size_t *len)
{
  FILE         *f = fopen(path, "rb");
  struct dc_buf b;
  char          chunk[8192];
  size_t        got;
  dc_status_t   st = DC_OK;
  *out             = NULL;
  if (f == NULL) {
    return errno == ENOENT ? DC_ENOENT : DC_EIO;
  }
  dc_buf_init(&b, max);
  do {
    got = fread(chunk, 1, sizeof(chunk), f);
    if (got > 0) {
      st = dc_buf_append(&b, chunk, got);
    }
  } while (st == DC_OK && got == sizeof(chunk));
  (void)fclose(f);
  if (st == DC_OK) {
    *len = b.len;
    *out = dc_buf_take(&b);
    st   = *out == NULL ? DC_ENOMEM : DC_OK;
  }
  dc_buf_free(&b);
  return st;
}

void dc_replay_close(struct dc_replay *rp)
{
  size_t i;
  if (rp == NULL) {
    return;
  }
  for (i = 0; i < rp->n; i++) {
    dc_free(rp->e[i].target);
    dc_free(rp->e[i].query);
    dc_free(rp->e[i].error);
    dc_free(rp->e[i].data);
  }
  dc_free(rp->e);
  dc_free(rp);
}

static const char *opt_str(const struct dc_json *o, const char *k)
{
  return dc_json_get_str(o, k);
}

static int64_t opt_int(const struct dc_json *o, const char *k, int64_t dflt)
{
  const struct dc_json *v = dc_json_get(o, k);
  return v != NULL && v->type == DC_JSON_NUMBER && v->is_int ? v->ival : dflt;
}

dc_status_t dc_replay_open(struct dc_replay **out, const char *dir,
                           const char *domain)
{
  struct dc_replay     *rp  = NULL;
  struct dc_json       *doc = NULL;
  const struct dc_json *ex;
  char                  path[4600];
  char                 *text = NULL;
  size_t                len  = 0;
  size_t                i;
  dc_status_t           st;

  *out = NULL;
  (void)snprintf(path, sizeof(path), "%s/%s/manifest.json", dir, domain);
  st = read_all(path, MANIFEST_MAX, &text, &len);
  if (st != DC_OK) {
    return st;
  }
  st = dc_json_parse(&doc, text, len, 0, NULL);
  dc_free(text);
  text = NULL;
  if (st != DC_OK) {
    return st;
  }
  ex = dc_json_get_array(doc, "exchanges");
  rp = dc_calloc(1, sizeof(*rp));
  if (rp == NULL || ex == NULL) {
    st = rp == NULL ? DC_ENOMEM : DC_EFORMAT;
    goto done;
  }
  rp->started      = opt_int(doc, "started_unix", 0);
  rp->evaluated_at = opt_int(doc, "evaluated_at_unix", rp->started);
  rp->e            = dc_calloc(ex->len == 0 ? 1 : ex->len, sizeof(*rp->e));
  if (rp->e == NULL) {
    st = DC_ENOMEM;
    goto done;
  }
  for (i = 0; i < ex->len; i++) {
    const struct dc_json *x      = ex->items[i];
    struct rp_entry      *e      = &rp->e[rp->n];
    const char           *kind   = opt_str(x, "kind");
    const char           *target = opt_str(x, "target");
    const char           *status = opt_str(x, "status");
    const char           *file   = opt_str(x, "file");
    if (kind == NULL || target == NULL || status == NULL || file == NULL ||
        !kind_from(kind, &e->kind) || status_from(status, &e->st) != DC_OK ||
        strchr(file, '/') != NULL) {
      st = DC_EFORMAT;
      goto done;
    }
    rp->n++;
    e->target = dc_strdup(target);
    e->query =
        opt_str(x, "query") != NULL ? dc_strdup(opt_str(x, "query")) : NULL;
    e->error =
        opt_str(x, "error") != NULL ? dc_strdup(opt_str(x, "error")) : NULL;
    e->rrtype      = (int)opt_int(x, "rrtype", 0);
    e->http_status = (long)opt_int(x, "http_status", 0);
    e->retry_after = opt_int(x, "retry_after", -1);
    if (e->target == NULL) {
      st = DC_ENOMEM;
      goto done;
    }
    (void)snprintf(path, sizeof(path), "%s/%s/%s", dir, domain, file);
    st = read_all(path, DC_MAX_EVIDENCE, &e->data, &e->len);
    if (st != DC_OK) {
      goto done;
    }
  }
  *out = rp;
  rp   = NULL;
done:
  dc_replay_close(rp);
  dc_json_free(doc);
  return st;
}

unsigned dc_replay_kinds(const struct dc_replay *rp)
{
  unsigned kinds = 0;
  size_t   i;
  for (i = 0; rp != NULL && i < rp->n; i++) {
    kinds |= rp->e[i].kind == DC_IOK_DNS    ? DC_LOOKUP_DNS
             : rp->e[i].kind == DC_IOK_RDAP ? DC_LOOKUP_RDAP
                                            : DC_LOOKUP_WHOIS;
  }
  return kinds;
}

int64_t dc_replay_started(const struct dc_replay *rp)
{
  return rp->started;
}

int64_t dc_replay_evaluated_at(const struct dc_replay *rp)
{
  return rp->evaluated_at;
}

static bool same(const char *a, const char *b)
{
  return (a == NULL && b == NULL) ||
         (a != NULL && b != NULL && strcmp(a, b) == 0);
}

void dc_replay_answer(struct dc_replay *rp, const struct dc_io_request *req,
                      struct dc_io_response *resp)
{
  size_t i;
  memset(resp, 0, sizeof(*resp));
  resp->retry_after = -1;
  for (i = 0; rp != NULL && i < rp->n; i++) {
    struct rp_entry *e = &rp->e[i];
    if (e->used || e->kind != req->kind || !same(e->target, req->target) ||
        !same(e->query, req->query) ||
        (req->kind == DC_IOK_DNS && e->rrtype != req->rrtype)) {
      continue;
    }
    e->used           = true;
    resp->st          = e->st;
    resp->http_status = e->http_status;
    resp->retry_after = e->retry_after;
    resp->data        = e->data;
    resp->len         = e->len;
    resp->error       = e->error;
    return;
  }
  resp->st    = DC_ENETWORK;
  resp->error = "not in the recorded evidence";
}
