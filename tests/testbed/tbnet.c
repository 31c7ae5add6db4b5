/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/testbed/tbnet.c - the engine whoisd and rdapd share (see tbnet.h)
 */
/* accept4, signalfd: Linux test tooling */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier) */
#include "tbnet.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CONTAINER_OF(p, type, member)                                          \
  ((type *)(void *)((char *)(p)-offsetof(type, member)))

#define MAX_FILE_BYTES  ((size_t)64 * 1024 * 1024)
#define JUNK_BYTES      4096u
#define LINGER_MS       2000
#define ACCEPT_RETRY_MS 100
#define ACCEPT_BATCH    64
#define FREE_CONNS_KEPT 4096
#define DEFAULT_IDLE_MS 30000

/* ---- time ---------------------------------------------------------------- */
static uint64_t clock_ms(clockid_t id)
{
  struct timespec ts;
  (void)clock_gettime(id, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t tb_now_ms(void)
{
  return clock_ms(CLOCK_MONOTONIC);
}

uint64_t tb_wall_ms(void)
{
  return clock_ms(CLOCK_REALTIME);
}

/* ---- string map
 * -------------------------------------------------------------- */
static uint64_t hash_str(const char *s)
{
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  while (*s != '\0') {
    h ^= (unsigned char)*s++;
    h *= 1099511628211u;
  }
  return h;
}

static int map_grow(struct tb_map *m)
{
  size_t               ncap = m->cap == 0 ? 64 : m->cap * 2;
  struct tb_map_entry *ns   = calloc(ncap, sizeof(*ns));
  size_t               i;
  if (ns == NULL) {
    return -1;
  }
  for (i = 0; i < m->cap; i++) {
    if (m->slots[i].key != NULL) {
      size_t j = (size_t)hash_str(m->slots[i].key) & (ncap - 1);
      while (ns[j].key != NULL) {
        j = (j + 1) & (ncap - 1);
      }
      ns[j] = m->slots[i];
    }
  }
  free(m->slots);
  m->slots = ns;
  m->cap   = ncap;
  return 0;
}

struct tb_map_entry *tb_map_get(struct tb_map *m, const char *key, bool create)
{
  size_t j;
  if (m->cap == 0 || (create && (m->used + 1) * 4 > m->cap * 3)) {
    if (!create && m->cap == 0) {
      return NULL;
    }
    if (map_grow(m) != 0) {
      return NULL;
    }
  }
  j = (size_t)hash_str(key) & (m->cap - 1);
  while (m->slots[j].key != NULL) {
    if (strcmp(m->slots[j].key, key) == 0) {
      return &m->slots[j];
    }
    j = (j + 1) & (m->cap - 1);
  }
  if (!create) {
    return NULL;
  }
  m->slots[j].key = strdup(key);
  if (m->slots[j].key == NULL) {
    return NULL;
  }
  m->slots[j].ptr = NULL;
  m->slots[j].num = 0;
  m->used++;
  return &m->slots[j];
}

void tb_map_free(struct tb_map *m)
{
  size_t i;
  for (i = 0; i < m->cap; i++) {
    free(m->slots[i].key);
  }
  free(m->slots);
  m->slots = NULL;
  m->cap   = 0;
  m->used  = 0;
}

/* ---- files and the reply index ----------------------------------------------
 */
void tb_lower(char *s)
{
  for (; *s != '\0'; s++) {
    if (*s >= 'A' && *s <= 'Z') {
      *s = (char)(*s - 'A' + 'a');
    }
  }
}

int tb_read_file(const char *path, struct tb_blob *out)
{
  int         fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  size_t      got = 0;
  out->data       = NULL;
  out->len        = 0;
  if (fd < 0) {
    return -1;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      (uint64_t)st.st_size > MAX_FILE_BYTES) {
    (void)close(fd);
    errno = EINVAL;
    return -1;
  }
  out->data = malloc((size_t)st.st_size + 1);
  if (out->data == NULL) {
    (void)close(fd);
    return -1;
  }
  while (got < (size_t)st.st_size) {
    ssize_t n = read(fd, out->data + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    got += (size_t)n;
  }
  (void)close(fd);
  out->data[got] = '\0';
  out->len       = got;
  return 0;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* priority: lower wins; dir index, then exact (0) before suffix (1), then
 * name order (the caller inserts in sorted order, so first stays). */
static int index_put(struct tb_index *ix, const char *key, uint64_t prio,
                     size_t blob)
{
  struct tb_map_entry *e = tb_map_get(&ix->map, key, true);
  if (e == NULL) {
    return -1;
  }
  if (e->ptr == NULL || prio < (uint64_t)(uintptr_t)e->ptr - 1) {
    e->ptr = (void *)(uintptr_t)(prio + 1);
    e->num = blob;
  }
  return 0;
}

static int index_dir(struct tb_index *ix, const char *dir, size_t dirno,
                     const char *ext, char *err, size_t errlen)
{
  DIR           *dp = opendir(dir);
  struct dirent *de;
  char         **names  = NULL;
  size_t         nnames = 0;
  size_t         cap    = 0;
  size_t         extlen = strlen(ext);
  size_t         i;
  int            rc = -1;
  if (dp == NULL) {
    (void)snprintf(err, errlen, "%s: %s", dir, strerror(errno));
    return -1;
  }
  for (de = readdir(dp); de != NULL; de = readdir(dp)) {
    size_t len = strlen(de->d_name);
    if (de->d_name[0] == '.' || len <= extlen ||
        strcmp(de->d_name + len - extlen, ext) != 0) {
      continue;
    }
    if (nnames == cap) {
      size_t ncap = cap == 0 ? 64 : cap * 2;
      char **nn   = realloc(names, ncap * sizeof(*nn));
      if (nn == NULL) {
        goto done;
      }
      names = nn;
      cap   = ncap;
    }
    names[nnames] = strdup(de->d_name);
    if (names[nnames] == NULL) {
      goto done;
    }
    nnames++;
  }
  if (nnames > 0) {
    qsort(names, nnames, sizeof(*names), cmp_str);
  }
  for (i = 0; i < nnames; i++) {
    char            path[PATH_MAX];
    struct tb_blob  b;
    struct tb_blob *nb;
    char           *stem = names[i];
    char           *p;
    size_t          id = ix->nblobs;
    if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >=
        (int)sizeof(path)) {
      continue;
    }
    if (tb_read_file(path, &b) != 0) {
      continue; /* a folder, a dangling link: not an answer */
    }
    nb = realloc(ix->blobs, (ix->nblobs + 1) * sizeof(*nb));
    if (nb == NULL) {
      free(b.data);
      goto done;
    }
    ix->blobs                   = nb;
    ix->blobs[ix->nblobs++]     = b;
    stem[strlen(stem) - extlen] = '\0';
    tb_lower(stem);
    if (index_put(ix, stem, (uint64_t)dirno * 4u, id) != 0) {
      goto done;
    }
    for (p = strchr(stem, '_'); p != NULL; p = strchr(p + 1, '_')) {
      if (p[1] != '\0' &&
          index_put(ix, p + 1, (uint64_t)dirno * 4u + 1u, id) != 0) {
        goto done;
      }
    }
  }
  rc = 0;
done:
  if (rc != 0 && err[0] == '\0') {
    (void)snprintf(err, errlen, "%s: out of memory", dir);
  }
  for (i = 0; i < nnames; i++) {
    free(names[i]);
  }
  free(names);
  (void)closedir(dp);
  return rc;
}

int tb_index_load(struct tb_index *ix, const char *dirs, const char *ext,
                  char *err, size_t errlen)
{
  char  *copy = strdup(dirs);
  char  *cur;
  size_t dirno = 0;
  int    rc    = 0;
  err[0]       = '\0';
  if (copy == NULL) {
    (void)snprintf(err, errlen, "out of memory");
    return -1;
  }
  cur = copy;
  while (cur != NULL && rc == 0) {
    char *comma = strchr(cur, ',');
    if (comma != NULL) {
      *comma = '\0';
    }
    if (cur[0] != '\0' && strcmp(cur, "-") != 0) {
      rc = index_dir(ix, cur, dirno++, ext, err, errlen);
    }
    cur = comma != NULL ? comma + 1 : NULL;
  }
  free(copy);
  return rc;
}

const struct tb_blob *tb_index_find(struct tb_index *ix, const char *key)
{
  struct tb_map_entry *e = tb_map_get(&ix->map, key, false);
  if (e == NULL) {
    return NULL;
  }
  return &ix->blobs[e->num];
}

void tb_index_free(struct tb_index *ix)
{
  size_t i;
  for (i = 0; i < ix->nblobs; i++) {
    free(ix->blobs[i].data);
  }
  free(ix->blobs);
  tb_map_free(&ix->map);
  ix->blobs  = NULL;
  ix->nblobs = 0;
}

/* ---- config
 * ------------------------------------------------------------------ */
static int parse_int(const char *v, long lo, long hi, int *out)
{
  char *end = NULL;
  long  n;
  errno = 0;
  n     = strtol(v, &end, 10);
  if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi) {
    return -1;
  }
  *out = (int)n;
  return 0;
}

static int parse_bool(const char *v, bool *out)
{
  if (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0) {
    *out = true;
    return 0;
  }
  if (strcmp(v, "0") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0) {
    *out = false;
    return 0;
  }
  return -1;
}

/* Join a config-relative path. */
static char *rel_path(const char *base_dir, const char *p)
{
  size_t n;
  char  *out;
  if (p[0] == '/' || base_dir[0] == '\0') {
    return strdup(p);
  }
  n   = strlen(base_dir) + strlen(p) + 2;
  out = malloc(n);
  if (out != NULL) {
    (void)snprintf(out, n, "%s/%s", base_dir, p);
  }
  return out;
}

/* "a,b" -> "BASE/a,BASE/b" (absolute entries and "-" kept as they are) */
static char *join_dirs(const char *base_dir, const char *list)
{
  size_t      cap = strlen(list) + 1;
  const char *p;
  char       *out;
  size_t      len = 0;
  for (p = list; *p != '\0'; p++) {
    cap += *p == ',' ? strlen(base_dir) + 2 : 0;
  }
  cap += strlen(base_dir) + 2;
  out = malloc(cap);
  if (out == NULL) {
    return NULL;
  }
  p = list;
  while (p != NULL) {
    const char *comma = strchr(p, ',');
    size_t      n     = comma != NULL ? (size_t)(comma - p) : strlen(p);
    int         w;
    if (n == 1 && p[0] == '-') {
      w = snprintf(out + len, cap - len, "%s-", len > 0 ? "," : "");
    } else if (p[0] == '/' || base_dir[0] == '\0') {
      w = snprintf(out + len, cap - len, "%s%.*s", len > 0 ? "," : "", (int)n,
                   p);
    } else {
      w = snprintf(out + len, cap - len, "%s%s/%.*s", len > 0 ? "," : "",
                   base_dir, (int)n, p);
    }
    if (w < 0 || (size_t)w >= cap - len) {
      free(out);
      return NULL;
    }
    len += (size_t)w;
    p = comma != NULL ? comma + 1 : NULL;
  }
  return out;
}

struct cfg_ctx {
  const char  *file;
  int          line;
  const char  *base_dir;
  enum tb_kind kind;
};

static int cfg_error(const struct cfg_ctx *c, const char *msg, const char *what)
{
  (void)fprintf(stderr, "%s:%d: %s%s%s\n", c->file, c->line, msg,
                what != NULL ? ": " : "", what != NULL ? what : "");
  return -1;
}

/* One fault option into f (scoped or server-wide). 1: not a fault key. */
static int apply_fault(const struct cfg_ctx *c, struct tb_faults *f,
                       const char *key, const char *val)
{
  if (strcmp(key, "delay") == 0 || strcmp(key, "latency") == 0) {
    return parse_int(val, 0, 24L * 3600 * 1000, &f->delay_ms) == 0
               ? 0
               : cfg_error(c, "delay takes milliseconds", val);
  }
  if (strcmp(key, "drop") == 0) {
    return parse_bool(val, &f->drop) == 0 ? 0
                                          : cfg_error(c, "drop takes 0|1", val);
  }
  if (strcmp(key, "stall") == 0) {
    return parse_bool(val, &f->stall) == 0
               ? 0
               : cfg_error(c, "stall takes 0|1", val);
  }
  if (strcmp(key, "garbage") == 0) {
    return parse_bool(val, &f->garbage) == 0
               ? 0
               : cfg_error(c, "garbage takes 0|1", val);
  }
  if (strcmp(key, "ratelimit") == 0) {
    if (strcmp(val, "always") == 0) {
      f->ratelimit = TB_RATELIMIT_ALWAYS;
      return 0;
    }
    if (strcmp(val, "none") == 0 || strcmp(val, "0") == 0) {
      f->ratelimit = TB_RATELIMIT_NONE;
      return 0;
    }
    return parse_int(val, 1, INT_MAX, &f->ratelimit) == 0
               ? 0
               : cfg_error(c, "ratelimit takes N or always", val);
  }
  if (strcmp(key, "chunk") == 0) {
    return parse_int(val, 0, INT_MAX, &f->chunk) == 0
               ? 0
               : cfg_error(c, "chunk takes a byte count", val);
  }
  if (strcmp(key, "status") == 0 && c->kind == TB_KIND_RDAP) {
    return parse_int(val, 100, 599, &f->status) == 0
               ? 0
               : cfg_error(c, "status takes an HTTP status code", val);
  }
  if (strcmp(key, "redirect") == 0 && c->kind == TB_KIND_RDAP) {
    free(f->redirect);
    f->redirect = strdup(val);
    return f->redirect != NULL ? 0 : cfg_error(c, "out of memory", NULL);
  }
  return 1;
}

static int apply_server_opt(const struct cfg_ctx *c, struct tb_server *s,
                            const char *key, const char *val)
{
  int   rc = apply_fault(c, &s->faults, key, val);
  char *path;
  if (rc <= 0) {
    return rc;
  }
  if (strcmp(key, "down") == 0) {
    return parse_bool(val, &s->down) == 0 ? 0
                                          : cfg_error(c, "down takes 0|1", val);
  }
  if (strcmp(key, "rate") == 0) {
    return parse_int(val, 0, INT_MAX, &s->rate) == 0
               ? 0
               : cfg_error(c, "rate takes answers per second", val);
  }
  if (c->kind == TB_KIND_WHOIS &&
      (strcmp(key, "notfound") == 0 || strcmp(key, "ratelimit_text") == 0)) {
    struct tb_blob *b =
        strcmp(key, "notfound") == 0 ? &s->notfound : &s->ratelimit_text;
    path = rel_path(c->base_dir, val);
    if (path == NULL) {
      return cfg_error(c, "out of memory", NULL);
    }
    free(b->data);
    if (tb_read_file(path, b) != 0) {
      rc = cfg_error(c, "cannot read", path);
      free(path);
      return rc;
    }
    free(path);
    return 0;
  }
  return cfg_error(c, "unknown option", key);
}

static int apply_scoped_opt(const struct cfg_ctx *c, struct tb_server *s,
                            char *query, const char *key, const char *val)
{
  size_t            i;
  struct tb_scoped *sc = NULL;
  int               rc;
  tb_lower(query);
  for (i = 0; i < s->nscoped; i++) {
    if (strcmp(s->scoped[i].query, query) == 0) {
      sc = &s->scoped[i];
    }
  }
  if (sc == NULL) {
    struct tb_scoped *ns = realloc(s->scoped, (s->nscoped + 1) * sizeof(*ns));
    if (ns == NULL) {
      return cfg_error(c, "out of memory", NULL);
    }
    s->scoped = ns;
    sc        = &s->scoped[s->nscoped];
    memset(sc, 0, sizeof(*sc));
    sc->f          = s->faults;
    sc->f.redirect = NULL;
    if (s->faults.redirect != NULL) {
      sc->f.redirect = strdup(s->faults.redirect);
    }
    sc->query = strdup(query);
    s->nscoped++;
    if (sc->query == NULL) {
      return cfg_error(c, "out of memory", NULL);
    }
  }
  rc = apply_fault(c, &sc->f, key, val);
  if (rc == 1) {
    return cfg_error(c, "not an option a query can scope", key);
  }
  return rc;
}

static void make_junk(struct tb_server *s)
{
  uint64_t x = hash_str(s->name) | 1u; /* xorshift64, seeded per server */
  size_t   i;
  s->junk.data = malloc(JUNK_BYTES);
  if (s->junk.data == NULL) {
    return;
  }
  s->junk.len = JUNK_BYTES;
  for (i = 0; i < JUNK_BYTES; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    s->junk.data[i] = (char)(x >> 24);
  }
  /* make sure of the nasty parts: NUL, a lone continuation byte, an
   * overlong form, a truncated sequence, 0xff */
  memcpy(s->junk.data + 17, "\x00\x80\xc0\xaf\xe4\xb8\xff\xfe\x00", 9);
}

static void set_defaults(struct tb_faults *f)
{
  memset(f, 0, sizeof(*f));
  f->ratelimit = TB_RATELIMIT_NONE;
}

static int blob_from(struct tb_blob *b, const char *text)
{
  if (b->data != NULL) {
    return 0;
  }
  b->data = strdup(text);
  b->len  = b->data != NULL ? strlen(text) : 0;
  return b->data != NULL ? 0 : -1;
}

static int parse_line(struct tb_daemon *d, struct cfg_ctx *c, char *line)
{
  char             *tok[64];
  size_t            ntok = 0;
  char             *p    = line;
  struct tb_server *s;
  struct tb_server *ns;
  size_t            i;
  char              err[512];
  char             *dirs = NULL;

  while (ntok < 64) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
      p++;
    }
    if (*p == '\0' || *p == '#') {
      break;
    }
    tok[ntok++] = p;
    while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
      p++;
    }
    if (*p != '\0') {
      *p++ = '\0';
    }
  }
  if (ntok == 0) {
    return 0;
  }
  if (ntok < 3) {
    return cfg_error(c, "expected NAME PORT DIR[,DIR...] [option=value...]",
                     NULL);
  }
  for (i = 0; i < d->nservers; i++) {
    if (strcmp(d->servers[i].name, tok[0]) == 0) {
      return cfg_error(c, "server named twice", tok[0]);
    }
  }
  ns = realloc(d->servers, (d->nservers + 1) * sizeof(*ns));
  if (ns == NULL) {
    return cfg_error(c, "out of memory", NULL);
  }
  d->servers = ns;
  s          = &d->servers[d->nservers++];
  memset(s, 0, sizeof(*s));
  s->fd = -1;
  set_defaults(&s->faults);
  s->name = strdup(tok[0]);
  if (s->name == NULL) {
    return cfg_error(c, "out of memory", NULL);
  }
  if (parse_int(tok[1], 0, 65535, &s->port) != 0) {
    return cfg_error(c, "bad port", tok[1]);
  }
  /* server-wide options first, so that scoped ones start from them */
  for (int pass = 0; pass < 2; pass++) {
    for (i = 3; i < ntok; i++) {
      char *eq = strchr(tok[i], '=');
      char *colon;
      int   rc;
      if (eq == NULL) {
        return cfg_error(c, "expected option=value", tok[i]);
      }
      *eq   = '\0';
      colon = strchr(tok[i], ':');
      if (colon != NULL && pass == 1) {
        *colon = '\0';
        rc     = apply_scoped_opt(c, s, tok[i], colon + 1, eq + 1);
        *colon = ':';
      } else if (colon == NULL && pass == 0) {
        rc = apply_server_opt(c, s, tok[i], eq + 1);
      } else {
        rc = 0;
      }
      *eq = '=';
      if (rc != 0) {
        return -1;
      }
    }
  }
  /* DIR[,DIR...] relative to the config file's folder */
  dirs = join_dirs(c->base_dir, tok[2]);
  if (dirs == NULL) {
    return cfg_error(c, "out of memory", NULL);
  }
  if (tb_index_load(&s->index, dirs,
                    d->kind == TB_KIND_WHOIS ? ".txt" : ".json", err,
                    sizeof(err)) != 0) {
    free(dirs);
    return cfg_error(c, "cannot index", err);
  }
  free(dirs);
  if (d->kind == TB_KIND_WHOIS &&
      (blob_from(&s->notfound, "No match for \"<QUERY>\".\r\n") != 0 ||
       blob_from(&s->ratelimit_text, "Queried interval is too short.\r\n") !=
           0)) {
    return cfg_error(c, "out of memory", NULL);
  }
  make_junk(s);
  return 0;
}

int tb_config_load(struct tb_daemon *d, const char *path)
{
  FILE          *fp = fopen(path, "r");
  char           line[8192];
  char          *base;
  char          *slash;
  struct cfg_ctx c;
  int            rc = 0;
  if (fp == NULL) {
    (void)fprintf(stderr, "%s: %s: %s\n", d->prog, path, strerror(errno));
    return -1;
  }
  base = strdup(path);
  if (base == NULL) {
    (void)fclose(fp);
    return -1;
  }
  slash = strrchr(base, '/');
  if (slash != NULL) {
    *slash = '\0';
    if (base[0] == '\0') {
      base[0] = '/';
      base[1] = '\0';
    }
  } else {
    base[0] = '\0';
  }
  c.file     = path;
  c.line     = 0;
  c.base_dir = base;
  c.kind     = d->kind;
  while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
    c.line++;
    if (strchr(line, '\n') == NULL && !feof(fp)) {
      rc = cfg_error(&c, "line too long", NULL);
      break;
    }
    rc = parse_line(d, &c, line);
  }
  (void)fclose(fp);
  free(base);
  if (rc == 0 && d->nservers == 0) {
    (void)fprintf(stderr, "%s: %s: no servers\n", d->prog, path);
    rc = -1;
  }
  return rc;
}

/* ---- faults, limits, log ----------------------------------------------------
 */
const struct tb_faults *tb_faults_for(struct tb_server *s, const char *query)
{
  size_t i;
  for (i = 0; i < s->nscoped; i++) {
    if (strcmp(s->scoped[i].query, query) == 0) {
      return &s->scoped[i].f;
    }
  }
  return &s->faults;
}

bool tb_limited(struct tb_server *s, const struct tb_faults *f,
                const char *query)
{
  if (f->ratelimit == TB_RATELIMIT_ALWAYS) {
    return true;
  }
  if (f->ratelimit > 0) {
    struct tb_map_entry *e = tb_map_get(&s->seen, query, true);
    if (e != NULL && e->num < (uint64_t)f->ratelimit) {
      e->num++;
      return true;
    }
  }
  if (s->rate > 0) {
    uint64_t sec = tb_now_ms() / 1000u;
    if (sec != s->rate_second) {
      s->rate_second = sec;
      s->rate_count  = 0;
    }
    if (s->rate_count >= s->rate) {
      return true;
    }
    s->rate_count++;
  }
  return false;
}

void tb_log_query(struct tb_daemon *d, const struct tb_server *s,
                  const char *query)
{
  char   line[1400];
  int    n;
  size_t i;
  if (d->log_fd < 0) {
    return;
  }
  n = snprintf(line, sizeof(line) - 2, "%llu %s ",
               (unsigned long long)tb_wall_ms(), s->name);
  if (n < 0 || (size_t)n >= sizeof(line) - 2) {
    return;
  }
  for (i = 0; query[i] != '\0' && (size_t)n < sizeof(line) - 2; i++) {
    char ch = query[i];
    if ((unsigned char)ch < 0x20 || ch == 0x7f) {
      ch = '?';
    }
    line[n++] = ch;
  }
  line[n++] = '\n';
  /* one write per line on an O_APPEND descriptor: lines never interleave,
   * and a reader sees whole lines as soon as the query is read */
  while (write(d->log_fd, line, (size_t)n) < 0 && errno == EINTR) {
  }
}

/* ---- event loop -------------------------------------------------------------
 */
struct ev {
  int fd;
  void (*cb)(struct ev *ev, uint32_t events);
};

struct timer {
  uint64_t when;
  size_t   idx; /* in heap, SIZE_MAX: not armed */
  void (*cb)(struct timer *t);
};

static struct {
  int            ep;
  struct ev      sig;
  struct timer **heap;
  size_t         nheap, capheap;
  bool           stop;
} loop = {-1, {-1, NULL}, NULL, 0, 0, false};

static void heap_swap(size_t a, size_t b)
{
  struct timer *t   = loop.heap[a];
  loop.heap[a]      = loop.heap[b];
  loop.heap[b]      = t;
  loop.heap[a]->idx = a;
  loop.heap[b]->idx = b;
}

static void heap_up(size_t i)
{
  while (i > 0 && loop.heap[(i - 1) / 2]->when > loop.heap[i]->when) {
    heap_swap(i, (i - 1) / 2);
    i = (i - 1) / 2;
  }
}

static void heap_down(size_t i)
{
  for (;;) {
    size_t l = 2 * i + 1;
    size_t r = l + 1;
    size_t m = i;
    if (l < loop.nheap && loop.heap[l]->when < loop.heap[m]->when) {
      m = l;
    }
    if (r < loop.nheap && loop.heap[r]->when < loop.heap[m]->when) {
      m = r;
    }
    if (m == i) {
      return;
    }
    heap_swap(i, m);
    i = m;
  }
}

static void timer_cancel(struct timer *t)
{
  size_t i = t->idx;
  if (i == SIZE_MAX) {
    return;
  }
  t->idx = SIZE_MAX;
  loop.nheap--;
  if (i != loop.nheap) {
    loop.heap[i]      = loop.heap[loop.nheap];
    loop.heap[i]->idx = i;
    heap_up(i);
    heap_down(loop.heap[i]->idx);
  }
}

static int timer_set(struct timer *t, uint64_t delay_ms)
{
  timer_cancel(t);
  if (loop.nheap == loop.capheap) {
    size_t         ncap = loop.capheap == 0 ? 256 : loop.capheap * 2;
    struct timer **nh   = realloc(loop.heap, ncap * sizeof(struct timer *));
    if (nh == NULL) {
      return -1;
    }
    loop.heap    = nh;
    loop.capheap = ncap;
  }
  t->when                 = tb_now_ms() + delay_ms;
  t->idx                  = loop.nheap;
  loop.heap[loop.nheap++] = t;
  heap_up(t->idx);
  return 0;
}

static int ev_ctl(int op, struct ev *e, uint32_t events)
{
  struct epoll_event ee;
  memset(&ee, 0, sizeof(ee));
  ee.events   = events;
  ee.data.ptr = e;
  return epoll_ctl(loop.ep, op, e->fd, &ee);
}

static void on_signal(struct ev *e, uint32_t events)
{
  struct signalfd_siginfo si;
  (void)events;
  while (read(e->fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
    loop.stop = true;
  }
}

static int loop_init(void)
{
  sigset_t         set;
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = SIG_IGN;
  (void)sigaction(SIGPIPE, &sa, NULL);
  /* a shell starts background jobs with SIGINT ignored: undo that, then
   * take the signals through a descriptor */
  sa.sa_handler = SIG_DFL;
  (void)sigaction(SIGINT, &sa, NULL);
  (void)sigaction(SIGTERM, &sa, NULL);
  (void)sigaction(SIGHUP, &sa, NULL);
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
    return -1;
  }
  loop.ep = epoll_create1(EPOLL_CLOEXEC);
  if (loop.ep < 0) {
    return -1;
  }
  loop.sig.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  loop.sig.cb = on_signal;
  if (loop.sig.fd < 0 || ev_ctl(EPOLL_CTL_ADD, &loop.sig, EPOLLIN) != 0) {
    return -1;
  }
  return 0;
}

static void loop_run(void)
{
  struct epoll_event evs[256];
  while (!loop.stop) {
    int      timeout = -1;
    int      n;
    int      i;
    uint64_t now;
    if (loop.nheap > 0) {
      now = tb_now_ms();
      if (loop.heap[0]->when <= now) {
        timeout = 0;
      } else {
        uint64_t d = loop.heap[0]->when - now;
        timeout    = d > INT_MAX ? INT_MAX : (int)d;
      }
    }
    n = epoll_wait(loop.ep, evs, (int)(sizeof(evs) / sizeof(evs[0])), timeout);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      perror("epoll_wait");
      return;
    }
    for (i = 0; i < n; i++) {
      struct ev *e = evs[i].data.ptr;
      e->cb(e, evs[i].events);
    }
    now = tb_now_ms();
    while (loop.nheap > 0 && loop.heap[0]->when <= now) {
      struct timer *t = loop.heap[0];
      timer_cancel(t);
      t->cb(t);
    }
  }
}

static void loop_free(void)
{
  size_t i;
  for (i = 0; i < loop.nheap; i++) {
    loop.heap[i]->idx = SIZE_MAX;
  }
  if (loop.sig.fd >= 0) {
    (void)close(loop.sig.fd);
  }
  if (loop.ep >= 0) {
    (void)close(loop.ep);
  }
  free(loop.heap);
  loop.heap  = NULL;
  loop.nheap = 0;
}

/* ---- connections
 * ------------------------------------------------------------- */
enum conn_state {
  CS_READ,  /* reading the request */
  CS_WAIT,  /* delay= before answering */
  CS_SEND,  /* writing the reply */
  CS_GAP,   /* chunk=: 1 ms between pieces */
  CS_STALL, /* stall=: never answering */
  CS_LINGER /* reply sent, FIN sent, draining until the client closes */
};

struct listener {
  struct ev         ev;
  struct timer      retry;
  struct tb_daemon *d;
  struct tb_server *s;
};

struct conn {
  struct ev        ev;
  struct timer     timer;
  struct listener *l;
  enum conn_state  st;
  uint32_t         events;
  char            *buf;
  size_t           cap, len;
  bool             peer_eof;
  struct tb_reply  reply;
  size_t           sent, total, piece_left;
  int              chunk;
  struct conn     *next; /* live list */
  struct conn     *prev; /* live list */
  struct conn     *free_next;
};

static struct conn *free_conns;
static struct conn *live_conns; /* so that exit can free them */

static void live_unlink(struct conn *c)
{
  if (c->prev != NULL) {
    c->prev->next = c->next;
  } else {
    live_conns = c->next;
  }
  if (c->next != NULL) {
    c->next->prev = c->prev;
  }
  c->next = NULL;
  c->prev = NULL;
}

static void conn_close(struct conn *c)
{
  timer_cancel(&c->timer);
  (void)close(c->ev.fd); /* also leaves the epoll set */
  c->ev.fd = -1;
  free(c->reply.owned);
  memset(&c->reply, 0, sizeof(c->reply));
  live_unlink(c);
  /* kept for the next client: never freed before exit, so the pool is as
   * large as the busiest moment was */
  c->free_next = free_conns;
  free_conns   = c;
}

static int conn_interest(struct conn *c, uint32_t events)
{
  if (c->events == events) {
    return 0;
  }
  c->events = events;
  return ev_ctl(EPOLL_CTL_MOD, &c->ev, events);
}

/* read and discard; false when the connection is gone */
static bool conn_drain(struct conn *c)
{
  char sink[2048];
  for (;;) {
    ssize_t n = read(c->ev.fd, sink, sizeof(sink));
    if (n > 0) {
      continue;
    }
    if (n == 0) {
      c->peer_eof = true;
      return true;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return true;
    }
    conn_close(c);
    return false;
  }
}

static void conn_finish(struct conn *c)
{
  (void)shutdown(c->ev.fd, SHUT_WR);
  /* Lingering close (RFC 9112 9.6): closing with unread bytes would send
   * a RST that can destroy the reply in the client's buffers. */
  if (!conn_drain(c)) {
    return;
  }
  if (c->peer_eof) {
    conn_close(c);
    return;
  }
  c->st = CS_LINGER;
  if (conn_interest(c, EPOLLIN) != 0 || timer_set(&c->timer, LINGER_MS) != 0) {
    conn_close(c);
  }
}

static void conn_send(struct conn *c)
{
  for (;;) {
    struct iovec  iov[2];
    int           niov = 0;
    size_t        off  = c->sent;
    size_t        room = c->chunk > 0 ? c->piece_left : c->total - c->sent;
    struct msghdr mh;
    ssize_t       n;
    int           i;
    if (c->sent >= c->total) {
      conn_finish(c);
      return;
    }
    for (i = 0; i < c->reply.niov && room > 0; i++) {
      size_t len = c->reply.iov[i].iov_len;
      if (off >= len) {
        off -= len;
        continue;
      }
      iov[niov].iov_base = (char *)c->reply.iov[i].iov_base + off;
      iov[niov].iov_len  = len - off < room ? len - off : room;
      room -= iov[niov].iov_len;
      off = 0;
      niov++;
    }
    memset(&mh, 0, sizeof(mh));
    mh.msg_iov    = iov;
    mh.msg_iovlen = (size_t)niov;
    n             = sendmsg(c->ev.fd, &mh, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        /* a client that stops reading is dropped after the idle time */
        c->st = CS_SEND;
        if (conn_interest(c, EPOLLOUT) != 0 ||
            timer_set(&c->timer, (uint64_t)c->l->d->idle_ms) != 0) {
          conn_close(c);
        }
        return;
      }
      conn_close(c); /* EPIPE, ECONNRESET: the client left */
      return;
    }
    c->sent += (size_t)n;
    if (c->chunk > 0) {
      c->piece_left -= (size_t)n;
      if (c->piece_left == 0 && c->sent < c->total) {
        c->piece_left = (size_t)c->chunk;
        c->st         = CS_GAP;
        if (conn_interest(c, 0) != 0 || timer_set(&c->timer, 1) != 0) {
          conn_close(c);
        }
        return;
      }
    }
  }
}

static void conn_start_send(struct conn *c)
{
  c->st = CS_SEND;
  conn_send(c);
}

static void conn_answer(struct conn *c)
{
  const struct tb_faults *f = c->reply.faults;
  int                     i;
  timer_cancel(&c->timer);
  if (c->reply.close_now || (f != NULL && f->drop)) {
    conn_close(c);
    return;
  }
  if (f != NULL && f->stall) {
    c->st = CS_STALL;
    if (c->peer_eof || conn_interest(c, EPOLLIN) != 0) {
      conn_close(c);
    }
    return;
  }
  c->total = 0;
  for (i = 0; i < c->reply.niov; i++) {
    c->total += c->reply.iov[i].iov_len;
  }
  c->sent       = 0;
  c->chunk      = f != NULL ? f->chunk : 0;
  c->piece_left = (size_t)c->chunk;
  if (f != NULL && f->delay_ms > 0) {
    c->st = CS_WAIT;
    if (conn_interest(c, c->peer_eof ? 0 : EPOLLIN) != 0 ||
        timer_set(&c->timer, (uint64_t)f->delay_ms) != 0) {
      conn_close(c);
    }
    return;
  }
  conn_start_send(c);
}

static void conn_read(struct conn *c)
{
  struct tb_daemon *d     = c->l->d;
  bool              fresh = false;
  bool              full  = false;
  int               r;
  for (;;) {
    ssize_t n;
    if (c->len == c->cap) {
      size_t ncap;
      char  *nb;
      if (c->cap >= d->max_request) {
        full = true;
        break;
      }
      ncap = c->cap == 0 ? 512 : c->cap * 2;
      if (ncap > d->max_request) {
        ncap = d->max_request;
      }
      nb = realloc(c->buf, ncap + 1);
      if (nb == NULL) {
        conn_close(c);
        return;
      }
      c->buf = nb;
      c->cap = ncap;
    }
    n = read(c->ev.fd, c->buf + c->len, c->cap - c->len);
    if (n > 0) {
      c->len += (size_t)n;
      fresh = true;
      continue;
    }
    if (n == 0) {
      c->peer_eof = true;
      break;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      break;
    }
    conn_close(c);
    return;
  }
  if (!fresh && !c->peer_eof && !full) {
    return;
  }
  c->buf[c->len] = '\0';
  r = d->parse(d, c->l->s, c->buf, c->len, c->peer_eof, full, &c->reply);
  if (r == 0) {
    if (c->peer_eof || full) {
      conn_close(c); /* closed before a whole request */
    }
    return;
  }
  conn_answer(c);
}

static void conn_event(struct ev *e, uint32_t events)
{
  struct conn *c = CONTAINER_OF(e, struct conn, ev);
  if (c->st == CS_READ) {
    conn_read(c);
    return;
  }
  if ((events & EPOLLERR) != 0 ||
      ((events & EPOLLHUP) != 0 && (events & EPOLLIN) == 0)) {
    conn_close(c);
    return;
  }
  switch (c->st) {
    case CS_SEND:
      conn_send(c);
      break;
    case CS_WAIT:
      if (conn_drain(c) && c->peer_eof) {
        /* half-closed: the client may still read the answer */
        if (conn_interest(c, 0) != 0) {
          conn_close(c);
        }
      }
      break;
    case CS_STALL:
    case CS_LINGER:
      if (conn_drain(c) && c->peer_eof) {
        conn_close(c);
      }
      break;
    default:
      break;
  }
}

static void conn_timer(struct timer *t)
{
  struct conn *c = CONTAINER_OF(t, struct conn, timer);
  switch (c->st) {
    case CS_WAIT:
      conn_start_send(c);
      break;
    case CS_GAP:
      c->st = CS_SEND;
      conn_send(c);
      break;
    case CS_SEND:   /* the client stopped reading */
    case CS_READ:   /* idle client */
    case CS_LINGER: /* the client never closed */
    default:
      conn_close(c);
      break;
  }
}

static void listener_event(struct ev *e, uint32_t events);

static void listener_retry(struct timer *t)
{
  struct listener *l = CONTAINER_OF(t, struct listener, retry);
  if (ev_ctl(EPOLL_CTL_ADD, &l->ev, EPOLLIN) != 0) {
    (void)timer_set(&l->retry, ACCEPT_RETRY_MS);
  }
}

static void listener_event(struct ev *e, uint32_t events)
{
  struct listener *l = CONTAINER_OF(e, struct listener, ev);
  int              i;
  (void)events;
  for (i = 0; i < ACCEPT_BATCH; i++) {
    struct conn *c;
    int fd = accept4(l->ev.fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) {
        continue;
      }
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        /* out of descriptors: stop accepting for a moment instead of
         * spinning on a listener that stays readable */
        (void)ev_ctl(EPOLL_CTL_DEL, &l->ev, 0);
        (void)timer_set(&l->retry, ACCEPT_RETRY_MS);
      }
      return;
    }
    c = free_conns;
    if (c != NULL) {
      free_conns   = c->free_next;
      c->free_next = NULL;
    } else {
      c = calloc(1, sizeof(*c));
      if (c == NULL) {
        (void)close(fd);
        return;
      }
    }
    c->prev = NULL;
    c->next = live_conns;
    if (live_conns != NULL) {
      live_conns->prev = c;
    }
    live_conns   = c;
    c->ev.fd     = fd;
    c->ev.cb     = conn_event;
    c->timer.idx = SIZE_MAX;
    c->timer.cb  = conn_timer;
    c->l         = l;
    c->st        = CS_READ;
    c->events    = EPOLLIN;
    c->len       = 0;
    c->peer_eof  = false;
    memset(&c->reply, 0, sizeof(c->reply));
    if (ev_ctl(EPOLL_CTL_ADD, &c->ev, EPOLLIN) != 0 ||
        timer_set(&c->timer, (uint64_t)l->d->idle_ms) != 0) {
      conn_close(c);
    }
  }
}

/* ---- running a daemon -----------------------------------------------------
 */
static int bind_server(struct tb_daemon *d, struct tb_server *s)
{
  struct sockaddr_in sin;
  socklen_t          slen = sizeof(sin);
  int                one  = 1;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  memset(&sin, 0, sizeof(sin));
  sin.sin_family      = AF_INET;
  sin.sin_port        = htons((uint16_t)s->port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never anything else */
  if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
      (!s->down && listen(fd, 4096) != 0) ||
      getsockname(fd, (struct sockaddr *)&sin, &slen) != 0) {
    (void)fprintf(stderr, "%s: %s: 127.0.0.1:%d: %s\n", d->prog, s->name,
                  s->port, strerror(errno));
    (void)close(fd);
    return -1;
  }
  s->fd   = fd;
  s->port = ntohs(sin.sin_port);
  if (!s->down) {
    struct listener *l = calloc(1, sizeof(*l));
    if (l == NULL) {
      return -1;
    }
    l->ev.fd     = fd;
    l->ev.cb     = listener_event;
    l->retry.idx = SIZE_MAX;
    l->retry.cb  = listener_retry;
    l->d         = d;
    l->s         = s;
    s->listener  = l;
    if (ev_ctl(EPOLL_CTL_ADD, &l->ev, EPOLLIN) != 0) {
      return -1;
    }
  }
  return 0;
}

static int write_ports(const struct tb_daemon *d, const char *path)
{
  char   tmp[PATH_MAX];
  FILE  *fp;
  size_t i;
  int    rc = 0;
  if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
      (int)sizeof(tmp)) {
    return -1;
  }
  fp = fopen(tmp, "w");
  if (fp == NULL) {
    (void)fprintf(stderr, "%s: %s: %s\n", d->prog, tmp, strerror(errno));
    return -1;
  }
  for (i = 0; i < d->nservers; i++) {
    if (fprintf(fp, "%s %d\n", d->servers[i].name, d->servers[i].port) < 0) {
      rc = -1;
    }
  }
  if (fclose(fp) != 0 || rc != 0 || rename(tmp, path) != 0) {
    (void)fprintf(stderr, "%s: %s: %s\n", d->prog, path, strerror(errno));
    (void)unlink(tmp);
    return -1;
  }
  return 0;
}

int tb_daemon_run(struct tb_daemon *d, const char *ports_file)
{
  size_t i;
  int    rc = 1;
  if (loop_init() != 0) {
    perror(d->prog);
    goto done;
  }
  for (i = 0; i < d->nservers; i++) {
    if (bind_server(d, &d->servers[i]) != 0) {
      goto done;
    }
  }
  /* every socket listens: only now may a test see the ports */
  if (ports_file != NULL && write_ports(d, ports_file) != 0) {
    goto done;
  }
  loop_run();
  rc = 0;
  if (ports_file != NULL) {
    (void)unlink(ports_file);
  }
done:
  /* connections still open (stalled, delayed) end with the daemon */
  while (live_conns != NULL) {
    conn_close(live_conns);
  }
  loop_free();
  return rc;
}

static void faults_free(struct tb_faults *f)
{
  free(f->redirect);
  f->redirect = NULL;
}

void tb_daemon_free(struct tb_daemon *d)
{
  size_t i;
  while (free_conns != NULL) {
    struct conn *c = free_conns;
    free_conns     = c->free_next;
    free(c->buf);
    free(c);
  }
  for (i = 0; i < d->nservers; i++) {
    struct tb_server *s = &d->servers[i];
    size_t            j;
    if (s->fd >= 0) {
      (void)close(s->fd);
    }
    free(s->listener);
    free(s->name);
    tb_index_free(&s->index);
    faults_free(&s->faults);
    for (j = 0; j < s->nscoped; j++) {
      free(s->scoped[j].query);
      faults_free(&s->scoped[j].f);
    }
    free(s->scoped);
    tb_map_free(&s->seen);
    free(s->notfound.data);
    free(s->ratelimit_text.data);
    free(s->junk.data);
  }
  free(d->servers);
  d->servers  = NULL;
  d->nservers = 0;
  if (d->log_fd >= 0) {
    (void)close(d->log_fd);
    d->log_fd = -1;
  }
}

static void raise_nofile(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }
}

int tb_main(struct tb_daemon *d, int argc, char **argv, const char *usage)
{
  const char *conf  = NULL;
  const char *ports = NULL;
  const char *logf  = NULL;
  int         opt;
  int         rc;
  d->log_fd  = -1;
  d->idle_ms = DEFAULT_IDLE_MS;
  while ((opt = getopt(argc, argv, "c:p:l:i:h")) != -1) {
    switch (opt) {
      case 'c':
        conf = optarg;
        break;
      case 'p':
        ports = optarg;
        break;
      case 'l':
        logf = optarg;
        break;
      case 'i':
        if (parse_int(optarg, 1, INT_MAX, &d->idle_ms) != 0) {
          (void)fprintf(stderr, "%s: -i takes milliseconds\n", d->prog);
          return 2;
        }
        break;
      case 'h':
        (void)fputs(usage, stdout);
        return 0;
      default:
        (void)fputs(usage, stderr);
        return 2;
    }
  }
  if (conf == NULL || optind != argc) {
    (void)fputs(usage, stderr);
    return 2;
  }
  raise_nofile();
  if (logf != NULL) {
    d->log_fd = open(logf, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (d->log_fd < 0) {
      (void)fprintf(stderr, "%s: %s: %s\n", d->prog, logf, strerror(errno));
      return 1;
    }
  }
  if (tb_config_load(d, conf) != 0) {
    tb_daemon_free(d);
    return 1;
  }
  rc = tb_daemon_run(d, ports);
  tb_daemon_free(d);
  return rc;
}
