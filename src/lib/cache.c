/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/cache.c - WHOIS and RDAP answers kept in SQLite (WAL)
 */
#include "cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#define CACHE_SCHEMA 1

struct dc_cache {
  sqlite3       *db;
  sqlite3_stmt  *get;
  sqlite3_stmt  *put;
  unsigned char *data; /* the last answer handed out */
};

/* mkdir -p of the folder part of path. */
static dc_status_t make_parents(const char *path)
{
  char       *p = dc_strdup(path);
  char       *s;
  dc_status_t st = DC_OK;
  if (p == NULL) {
    return DC_ENOMEM;
  }
  for (s = p + 1; *s != '\0'; s++) {
    if (*s != '/') {
      continue;
    }
    *s = '\0';
    if (mkdir(p, 0700) != 0 && errno != EEXIST) {
      st = DC_EIO;
      break;
    }
    *s = '/';
  }
  dc_free(p);
  return st;
}

char *dc_cache_default_path(void)
{
  const char *xdg  = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  char        buf[4096];
  int         n;
  if (xdg != NULL && xdg[0] == '/') {
    n = snprintf(buf, sizeof(buf), "%s/domcheck/lookups.sqlite", xdg);
  } else if (home != NULL && home[0] == '/') {
    n = snprintf(buf, sizeof(buf), "%s/.cache/domcheck/lookups.sqlite", home);
  } else {
    return NULL;
  }
  return n < 0 || (size_t)n >= sizeof(buf) ? NULL : dc_strdup(buf);
}

dc_status_t dc_cache_open(struct dc_cache **out, const char *path)
{
  static const char schema[] =
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS answers ("
      " kind TEXT NOT NULL, target TEXT NOT NULL, query TEXT NOT NULL,"
      " fetched INTEGER NOT NULL, http_status INTEGER NOT NULL,"
      " retry_after INTEGER NOT NULL, data BLOB NOT NULL,"
      " PRIMARY KEY (kind, target, query)) WITHOUT ROWID;"
      "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
      "INSERT OR IGNORE INTO meta VALUES ('schema', '1');";
  struct dc_cache *c = NULL;
  dc_status_t      st;

  *out = NULL;
  st   = make_parents(path);
  if (st != DC_OK) {
    return st;
  }
  c = dc_calloc(1, sizeof(*c));
  if (c == NULL) {
    return DC_ENOMEM;
  }
  if (sqlite3_open_v2(path, &c->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                          SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    st = DC_EIO;
    goto done;
  }
  /* Other processes may hold the write lock a moment; never wait long:
   * a busy cache is skipped, not waited for (nothing blocks). */
  (void)sqlite3_busy_timeout(c->db, 200);
  if (sqlite3_exec(c->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db,
                         "SELECT fetched, http_status, retry_after, data "
                         "FROM answers WHERE kind=?1 AND target=?2 AND "
                         "query=?3 AND fetched>=?4",
                         -1, &c->get, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db,
                         "INSERT OR REPLACE INTO answers VALUES "
                         "(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         -1, &c->put, NULL) != SQLITE_OK) {
    st = DC_EIO;
    goto done;
  }
  *out = c;
  c    = NULL;
done:
  dc_cache_close(c);
  return st;
}

void dc_cache_close(struct dc_cache *c)
{
  if (c == NULL) {
    return;
  }
  (void)sqlite3_finalize(c->get);
  (void)sqlite3_finalize(c->put);
  (void)sqlite3_close(c->db);
  dc_free(c->data);
  dc_free(c);
}

static void bind_key(sqlite3_stmt *s, const struct dc_io_request *req)
{
  (void)sqlite3_bind_text(s, 1, dc_io_kind_name(req->kind), -1, SQLITE_STATIC);
  (void)sqlite3_bind_text(s, 2, req->target, -1, SQLITE_STATIC);
  (void)sqlite3_bind_text(s, 3, req->query != NULL ? req->query : "", -1,
                          SQLITE_STATIC);
}

dc_status_t dc_cache_get(struct dc_cache *c, const struct dc_io_request *req,
                         int64_t now, int64_t max_age,
                         struct dc_io_response *resp, int64_t *fetched)
{
  dc_status_t st = DC_ENOTFOUND;
  int         rc;

  memset(resp, 0, sizeof(*resp));
  resp->retry_after = -1;
  (void)sqlite3_reset(c->get);
  bind_key(c->get, req);
  (void)sqlite3_bind_int64(c->get, 4, now - max_age);
  rc = sqlite3_step(c->get);
  if (rc == SQLITE_ROW) {
    const void *blob = sqlite3_column_blob(c->get, 3);
    int         len  = sqlite3_column_bytes(c->get, 3);
    dc_free(c->data);
    c->data = dc_malloc((size_t)len + 1);
    if (c->data == NULL) {
      st = DC_ENOMEM;
    } else {
      if (len > 0 && blob != NULL) {
        memcpy(c->data, blob, (size_t)len);
      }
      c->data[len]      = '\0';
      resp->st          = DC_OK;
      resp->data        = (const char *)c->data;
      resp->len         = (size_t)len;
      resp->http_status = (long)sqlite3_column_int64(c->get, 1);
      resp->retry_after = sqlite3_column_int64(c->get, 2);
      *fetched          = sqlite3_column_int64(c->get, 0);
      st                = DC_OK;
    }
  } else if (rc != SQLITE_DONE) {
    st = DC_EIO;
  }
  (void)sqlite3_reset(c->get);
  (void)sqlite3_clear_bindings(c->get);
  return st;
}

dc_status_t dc_cache_put(struct dc_cache *c, const struct dc_io_request *req,
                         const struct dc_io_response *resp, int64_t now)
{
  int rc;
  if (resp->len > (size_t)DC_MAX_EVIDENCE) {
    return DC_ETOOBIG;
  }
  (void)sqlite3_reset(c->put);
  bind_key(c->put, req);
  (void)sqlite3_bind_int64(c->put, 4, now);
  (void)sqlite3_bind_int64(c->put, 5, resp->http_status);
  (void)sqlite3_bind_int64(c->put, 6, resp->retry_after);
  (void)sqlite3_bind_blob(c->put, 7, resp->data != NULL ? resp->data : "",
                          (int)resp->len, SQLITE_STATIC);
  rc = sqlite3_step(c->put);
  (void)sqlite3_reset(c->put);
  (void)sqlite3_clear_bindings(c->put);
  return rc == SQLITE_DONE ? DC_OK : DC_EIO;
}
