/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/corpus/corpus_check.c - parse every reply of the shared corpus and
 *  compare every field with expected.jsonl
 *
 *  Usage: corpus_check [--verbose] [--min RATIO] <corpus dir>
 *
 *  Rules of comparison (corpus README "Confidence" and "Answer kinds"):
 *  rows of confidence "low" count only their non-null expected values;
 *  rows of answer "other" count the answer plus the values the row shows;
 *  our "unparsable" never equals a corpus kind. A field is right when equal,
 *  missing when a value was expected and none was found, wrong otherwise
 *  (a different value, or a value where none was expected). The exit status
 *  is 1 when the share of right fields is below --min.
 *
 *  Hints per row, from the library only: server = the row's server; query
 *  = the A-label of the row's query; origin = REGISTRY when the server is a
 *  host of tld-list's whois-servers.txt or of an RDAP base URL of the
 *  bootstrap, REGISTRAR otherwise; zone from servers.txt; IANA names from
 *  iana-registrars.txt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "json.h"
#include "record.h"
#include "table.h"
#include "tldlist.h"

/* The RDAP parser is written in parallel; without its source the RDAP rows
 * are reported as not run. */
#if defined(__has_include)
#  if __has_include("../../src/lib/rdap_parse.c")
#    define CC_HAVE_RDAP 1
#  endif
#endif
#ifndef CC_HAVE_RDAP
#  define CC_HAVE_RDAP 0
#endif

enum cc_field {
  CF_ANSWER,
  CF_REGISTRAR,
  CF_IANA,
  CF_REGWHOIS,
  CF_CREATED,
  CF_UPDATED,
  CF_EXPIRES,
  CF_REXPIRES,
  CF_STATUS,
  CF_REG_NAME,
  CF_REG_ORG,
  CF_REDACTED,
  CF_NS,
  CF_DNSSEC,
  CF_COUNT_
};

static const char *const field_names[CF_COUNT_] = {"answer",
                                                   "registrar.name",
                                                   "registrar.iana_id",
                                                   "registrar_whois",
                                                   "created",
                                                   "updated",
                                                   "expires",
                                                   "registrar_expires",
                                                   "status",
                                                   "registrant.name",
                                                   "registrant.organization",
                                                   "registrant.redacted",
                                                   "name_servers",
                                                   "dnssec"};

struct cc_tally {
  unsigned right;
  unsigned total;
  unsigned wrong;
  unsigned missing;
};

struct cc_server {
  char           *name;
  unsigned        rows;
  unsigned        not_run;
  struct cc_tally t;
};

struct cc_run {
  bool               verbose;
  double             min;
  const char        *dir;
  struct dc_tldlist *tl;
  struct dc_json    *bootstrap; /* the embedded rdap-dns.json */
  struct cc_server  *servers;
  size_t             nservers;
  struct cc_tally    total;
  struct cc_tally    per_field[CF_COUNT_];
  unsigned           rows;
  unsigned           not_run;
  unsigned           mismatches;
};

/* One value, expected or found, as text for the comparison and the log.
 * has = false is null / empty list. */
struct cc_val {
  bool has;
  char text[1024];
};

static void val_str(struct cc_val *v, const char *s)
{
  v->has = s != NULL;
  (void)snprintf(v->text, sizeof(v->text), "%s", s != NULL ? s : "null");
}

static void val_json(struct cc_val *v, const struct dc_json *j)
{
  if (j == NULL || j->type == DC_JSON_NULL) {
    val_str(v, NULL);
  } else if (j->type == DC_JSON_STRING) {
    val_str(v, j->str);
  } else if (j->type == DC_JSON_NUMBER) {
    v->has = true;
    (void)snprintf(v->text, sizeof(v->text), "%lld", (long long)j->ival);
  } else if (j->type == DC_JSON_TRUE || j->type == DC_JSON_FALSE) {
    v->has = true;
    (void)snprintf(v->text, sizeof(v->text), "%s",
                   j->type == DC_JSON_TRUE ? "true" : "false");
  } else if (j->type == DC_JSON_ARRAY) {
    size_t i;
    size_t off = 0;
    v->has     = j->len > 0;
    v->text[0] = '\0';
    off += (size_t)snprintf(v->text, sizeof(v->text), "[");
    for (i = 0; i < j->len && off < sizeof(v->text); i++) {
      const struct dc_json *it = j->items[i];
      off += (size_t)snprintf(v->text + off, sizeof(v->text) - off, "%s%s",
                              i > 0 ? "," : "",
                              it->type == DC_JSON_STRING ? it->str : "?");
    }
    if (off < sizeof(v->text)) {
      (void)snprintf(v->text + off, sizeof(v->text) - off, "]");
    }
  } else {
    val_str(v, "?");
  }
}

static void val_list(struct cc_val *v, const struct dc_strlist *l)
{
  size_t i;
  size_t off = 0;
  v->has     = l->n > 0;
  off += (size_t)snprintf(v->text, sizeof(v->text), "[");
  for (i = 0; i < l->n && off < sizeof(v->text); i++) {
    off += (size_t)snprintf(v->text + off, sizeof(v->text) - off, "%s%s",
                            i > 0 ? "," : "", l->v[i]);
  }
  if (off < sizeof(v->text)) {
    (void)snprintf(v->text + off, sizeof(v->text) - off, "]");
  }
}

static void val_time(struct cc_val *v, const struct dc_time *t)
{
  char buf[48];
  if (t->kind == DC_TIME_NONE) {
    val_str(v, NULL);
    return;
  }
  dc_time_format(t, buf, sizeof(buf));
  val_str(v, buf);
}

static void val_bool(struct cc_val *v, int b)
{
  if (b < 0) {
    val_str(v, NULL);
    return;
  }
  val_str(v, b != 0 ? "true" : "false");
}

static void val_int(struct cc_val *v, int64_t n)
{
  if (n < 0) {
    val_str(v, NULL);
    return;
  }
  v->has = true;
  (void)snprintf(v->text, sizeof(v->text), "%lld", (long long)n);
}

/* ---- hints --------------------------------------------------------------- */

/* Host part of "https://rdap.example.net/path" or "whois.x:4343". */
static void host_of(const char *s, char *out, size_t outlen)
{
  const char *p = strstr(s, "://");
  size_t      n = 0;
  p             = p != NULL ? p + 3 : s;
  while (p[n] != '\0' && p[n] != '/' && p[n] != ':' && n + 1 < outlen) {
    out[n] = p[n];
    n++;
  }
  out[n] = '\0';
}

static bool in_whois_servers(const char *server)
{
  size_t i;
  for (i = 0; dc_embedded_files[i].name != NULL; i++) {
    struct dc_table_reader r;
    struct dc_table_row    row;
    if (strcmp(dc_embedded_files[i].name, "whois-servers.txt") != 0) {
      continue;
    }
    dc_table_reader_init(&r, dc_embedded_files[i].data,
                         dc_embedded_files[i].len, "whois-servers.txt");
    while (dc_table_next(&r, &row, NULL) == DC_OK) {
      char host[256];
      if (row.nfields < 3) {
        continue;
      }
      host_of(row.f[2], host, sizeof(host));
      if (strcmp(host, server) == 0) {
        return true;
      }
    }
  }
  return false;
}

static bool in_rdap_bootstrap(const struct cc_run *run, const char *server)
{
  const struct dc_json *services =
      dc_json_get_array(run->bootstrap, "services");
  size_t i;
  if (services == NULL) {
    return false;
  }
  for (i = 0; i < services->len; i++) {
    const struct dc_json *svc = services->items[i];
    size_t                k;
    if (svc->type != DC_JSON_ARRAY || svc->len < 2 ||
        svc->items[1]->type != DC_JSON_ARRAY) {
      continue;
    }
    for (k = 0; k < svc->items[1]->len; k++) {
      const struct dc_json *url = svc->items[1]->items[k];
      char                  host[256];
      if (url->type != DC_JSON_STRING) {
        continue;
      }
      host_of(url->str, host, sizeof(host));
      /* the row's label may be the operator's domain ("flexireg.net" for
       * rdap.flexireg.net) */
      if (strcmp(host, server) == 0 ||
          (strlen(host) > strlen(server) + 1 &&
           host[strlen(host) - strlen(server) - 1] == '.' &&
           strcmp(host + strlen(host) - strlen(server), server) == 0)) {
        return true;
      }
    }
  }
  return false;
}

static dc_status_t load_bootstrap(struct cc_run *run)
{
  size_t i;
  for (i = 0; dc_embedded_files[i].name != NULL; i++) {
    if (strcmp(dc_embedded_files[i].name, "rdap-dns.json") == 0) {
      return dc_json_parse(&run->bootstrap, dc_embedded_files[i].data,
                           dc_embedded_files[i].len, 0, NULL);
    }
  }
  return DC_ENOENT;
}

/* ---- comparison
 * -------------------------------------------------------------- */

static struct cc_server *server_of(struct cc_run *run, const char *name)
{
  size_t            i;
  struct cc_server *grown;
  for (i = 0; i < run->nservers; i++) {
    if (strcmp(run->servers[i].name, name) == 0) {
      return &run->servers[i];
    }
  }
  grown = realloc(run->servers, (run->nservers + 1) * sizeof(*grown));
  if (grown == NULL) {
    return NULL;
  }
  run->servers = grown;
  memset(&grown[run->nservers], 0, sizeof(*grown));
  grown[run->nservers].name = strdup(name);
  if (grown[run->nservers].name == NULL) {
    return NULL;
  }
  return &run->servers[run->nservers++];
}

static void tally(struct cc_run *run, struct cc_server *srv, const char *id,
                  enum cc_field f, const struct cc_val *exp,
                  const struct cc_val *got)
{
  bool right = exp->has == got->has && strcmp(exp->text, got->text) == 0;
  bool miss  = !right && exp->has && !got->has;
  struct cc_tally *ts[3];
  size_t           i;
  ts[0] = &run->total;
  ts[1] = &srv->t;
  ts[2] = &run->per_field[f];
  for (i = 0; i < 3; i++) {
    ts[i]->total++;
    if (right) {
      ts[i]->right++;
    } else if (miss) {
      ts[i]->missing++;
    } else {
      ts[i]->wrong++;
    }
  }
  if (!right) {
    run->mismatches++;
    if (run->verbose) {
      printf("MISMATCH %-28s %-24s expected %-40s got %s\n", id, field_names[f],
             exp->text, got->text);
    }
  }
}

/* Whether a field of this row is counted. */
static bool counted(const char *confidence, const char *answer, enum cc_field f,
                    const struct cc_val *exp, const struct dc_json *raw)
{
  bool low   = strcmp(confidence, "low") == 0;
  bool other = strcmp(answer, "other") == 0;
  if (other) {
    if (f == CF_ANSWER) {
      return true;
    }
    /* "No values are asserted ... beyond what the row shows" */
    return exp->has && !(raw != NULL && raw->type == DC_JSON_FALSE);
  }
  if (low) {
    /* compare the non-null values only; lists and booleans are values */
    return raw != NULL && raw->type != DC_JSON_NULL;
  }
  return true;
}

static const struct dc_json *jpath(const struct dc_json *row, const char *a,
                                   const char *b)
{
  const struct dc_json *j = dc_json_get(row, a);
  if (b != NULL) {
    j = j != NULL && j->type == DC_JSON_OBJECT ? dc_json_get(j, b) : NULL;
  }
  return j;
}

static void compare(struct cc_run *run, struct cc_server *srv,
                    const struct dc_json *row, const struct dc_record *rec)
{
  const char *id         = dc_json_get_str(row, "id");
  const char *confidence = dc_json_get_str(row, "confidence");
  const char *answer     = dc_json_get_str(row, "answer");
  int         f;

  for (f = 0; f < CF_COUNT_; f++) {
    struct cc_val         exp;
    struct cc_val         got;
    const struct dc_json *raw = NULL;
    switch ((enum cc_field)f) {
      case CF_ANSWER:
        raw = jpath(row, "answer", NULL);
        val_str(&got, dc_answer_name(rec->answer));
        break;
      case CF_REGISTRAR:
        raw = jpath(row, "registrar", "name");
        val_str(&got, rec->registrar_name);
        break;
      case CF_IANA:
        raw = jpath(row, "registrar", "iana_id");
        val_int(&got, rec->registrar_iana_id);
        break;
      case CF_REGWHOIS:
        raw = jpath(row, "registrar_whois", NULL);
        val_str(&got, rec->registrar_whois);
        break;
      case CF_CREATED:
        raw = jpath(row, "created", NULL);
        val_time(&got, &rec->created);
        break;
      case CF_UPDATED:
        raw = jpath(row, "updated", NULL);
        val_time(&got, &rec->updated);
        break;
      case CF_EXPIRES:
        raw = jpath(row, "expires", NULL);
        val_time(&got, &rec->expires);
        break;
      case CF_REXPIRES:
        raw = jpath(row, "registrar_expires", NULL);
        val_time(&got, &rec->registrar_expires);
        break;
      case CF_STATUS:
        raw = jpath(row, "status", NULL);
        val_list(&got, &rec->status);
        break;
      case CF_REG_NAME:
        raw = jpath(row, "registrant", "name");
        val_str(&got, rec->registrant_name);
        break;
      case CF_REG_ORG:
        raw = jpath(row, "registrant", "organization");
        val_str(&got, rec->registrant_org);
        break;
      case CF_REDACTED:
        raw = jpath(row, "registrant", "redacted");
        val_bool(&got, rec->redacted ? 1 : 0);
        break;
      case CF_NS:
        raw = jpath(row, "name_servers", NULL);
        val_list(&got, &rec->name_servers);
        break;
      case CF_DNSSEC:
        raw = jpath(row, "dnssec", NULL);
        val_bool(&got, rec->dnssec);
        break;
      case CF_COUNT_:
        break;
    }
    val_json(&exp, raw);
    if (f == CF_REDACTED && raw != NULL && raw->type == DC_JSON_FALSE) {
      exp.has = false; /* "false" is the absence of a finding */
    }
    if (f == CF_REDACTED && !rec->redacted) {
      got.has = false;
    }
    if (!counted(confidence, answer, (enum cc_field)f, &exp, raw)) {
      continue;
    }
    tally(run, srv, id, (enum cc_field)f, &exp, &got);
  }
}

/* ---- one row
 * ------------------------------------------------------------------ */

static void run_row(struct cc_run *run, const struct dc_json *row)
{
  const char                   *file   = dc_json_get_str(row, "file");
  const char                   *server = dc_json_get_str(row, "server");
  const char                   *query  = dc_json_get_str(row, "query");
  const char                   *format = dc_json_get_str(row, "format");
  const char                   *id     = dc_json_get_str(row, "id");
  char                          path[4096];
  char                          alabel[256];
  char                         *text = NULL;
  size_t                        len  = 0;
  struct cc_server             *srv;
  struct dc_parse_hints         hints;
  struct dc_record              rec;
  const struct dc_server_props *props;
  dc_status_t                   st = DC_OK;

  if (file == NULL || server == NULL || format == NULL || id == NULL ||
      dc_json_get_str(row, "confidence") == NULL ||
      dc_json_get_str(row, "answer") == NULL) {
    (void)fprintf(stderr, "corpus_check: a row of expected.jsonl lacks keys\n");
    run->total.total++;
    run->total.wrong++;
    return;
  }
  srv = server_of(run, server);
  if (srv == NULL) {
    (void)fprintf(stderr, "corpus_check: out of memory\n");
    exit(2);
  }
  srv->rows++;
  run->rows++;
  if (strcmp(format, "rdap") == 0 && !CC_HAVE_RDAP) {
    srv->not_run++;
    run->not_run++;
    return;
  }
  (void)snprintf(path, sizeof(path), "%s/%s", run->dir, file);
  text = tu_read_file(path, &len);
  if (text == NULL) {
    (void)fprintf(stderr, "corpus_check: cannot read %s\n", path);
    run->total.total++;
    run->total.wrong++;
    srv->t.total++;
    srv->t.wrong++;
    return;
  }

  memset(&hints, 0, sizeof(hints));
  hints.server = server;
  alabel[0]    = '\0';
  if (query != NULL) {
    size_t n = strcspn(query, " ");
    if (n < sizeof(alabel)) {
      memcpy(alabel, query, n);
      alabel[n]   = '\0';
      hints.query = alabel;
    }
  }
  /* Labels that are no host ("rdap-example", "rdap-malformed": synthetic
   * documents) have no known origin. */
  if (strchr(server, '.') == NULL) {
    hints.origin = DC_ORIGIN_UNKNOWN;
  } else if (in_whois_servers(server) || in_rdap_bootstrap(run, server)) {
    hints.origin = DC_ORIGIN_REGISTRY;
  } else {
    hints.origin = DC_ORIGIN_REGISTRAR;
  }
  props = dc_tldlist_server_props(run->tl, server);
  if (props != NULL && props->zone != NULL && props->zone[0] != '\0') {
    hints.zone = props->zone;
  }
  hints.iana_name = dc_tldlist_iana_name_cb;
  hints.iana_ud   = run->tl;

  dc_record_init(&rec);
#if CC_HAVE_RDAP
  if (strcmp(format, "rdap") == 0) {
    st = dc_rdap_parse(&rec, text, len, &hints);
  } else
#endif
  {
    st = dc_whois_parse(&rec, text, len, &hints);
  }
  if (st != DC_OK) {
    (void)fprintf(stderr, "corpus_check: %s: parse failed: %s\n", id,
                  dc_strerror(st));
  }
  compare(run, srv, row, &rec);
  dc_record_clear(&rec);
  free(text);
}

/* ---- report
 * -------------------------------------------------------------------- */

static double ratio(const struct cc_tally *t)
{
  return t->total == 0 ? 1.0 : (double)t->right / (double)t->total;
}

static void report(const struct cc_run *run)
{
  size_t i;
  printf("\n%-28s %5s %11s %6s %8s %8s\n", "server", "rows", "right/total",
         "wrong", "missing", "ratio");
  for (i = 0; i < run->nservers; i++) {
    const struct cc_server *s = &run->servers[i];
    char                    rt[32];
    (void)snprintf(rt, sizeof(rt), "%u/%u", s->t.right, s->t.total);
    printf("%-28s %5u %11s %6u %8u %7.1f%%%s\n", s->name, s->rows, rt,
           s->t.wrong, s->t.missing, 100.0 * ratio(&s->t),
           s->not_run > 0 ? "  (not run)" : "");
  }
  printf("\n%-28s %11s %6s %8s %8s\n", "field", "right/total", "wrong",
         "missing", "ratio");
  for (i = 0; i < CF_COUNT_; i++) {
    const struct cc_tally *t = &run->per_field[i];
    char                   rt[32];
    (void)snprintf(rt, sizeof(rt), "%u/%u", t->right, t->total);
    printf("%-28s %11s %6u %8u %7.1f%%\n", field_names[i], rt, t->wrong,
           t->missing, 100.0 * ratio(t));
  }
  printf("\nrows %u (not run %u), fields right %u of %u (%.2f%%), wrong %u, "
         "missing %u\n",
         run->rows, run->not_run, run->total.right, run->total.total,
         100.0 * ratio(&run->total), run->total.wrong, run->total.missing);
}

static int usage(void)
{
  (void)fprintf(stderr,
                "usage: corpus_check [--verbose] [--min RATIO] <corpus dir>\n");
  return 64;
}

int main(int argc, char **argv)
{
  struct cc_run run;
  char          path[4096];
  char         *jsonl = NULL;
  size_t        len   = 0;
  size_t        pos   = 0;
  int           i;
  int           rc = 0;

  memset(&run, 0, sizeof(run));
  run.min = 0.0;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
      run.verbose = true;
    } else if (strcmp(argv[i], "--min") == 0 && i + 1 < argc) {
      char *end = NULL;
      run.min   = strtod(argv[++i], &end);
      if (end == NULL || *end != '\0' || run.min < 0.0 || run.min > 1.0) {
        return usage();
      }
    } else if (argv[i][0] == '-' || run.dir != NULL) {
      return usage();
    } else {
      run.dir = argv[i];
    }
  }
  if (run.dir == NULL) {
    run.dir = getenv("DC_CORPUS_DIR");
  }
  if (run.dir == NULL) {
    return usage();
  }
  if (dc_tldlist_create(&run.tl, NULL) != DC_OK ||
      load_bootstrap(&run) != DC_OK) {
    (void)fprintf(stderr, "corpus_check: cannot load the built-in tld-list\n");
    rc = 2;
    goto done;
  }
  (void)snprintf(path, sizeof(path), "%s/expected.jsonl", run.dir);
  jsonl = tu_read_file(path, &len);
  if (jsonl == NULL) {
    (void)fprintf(stderr, "corpus_check: cannot read %s\n", path);
    rc = 66;
    goto done;
  }
  printf("corpus %s, RDAP parser %s\n", run.dir,
         CC_HAVE_RDAP ? "linked" : "not present (RDAP rows not run)");
  while (pos < len) {
    size_t               end = pos;
    struct dc_json      *row = NULL;
    struct dc_json_error err;
    while (end < len && jsonl[end] != '\n') {
      end++;
    }
    if (end > pos) {
      if (dc_json_parse(&row, jsonl + pos, end - pos, 0, &err) != DC_OK ||
          row->type != DC_JSON_OBJECT) {
        (void)fprintf(stderr,
                      "corpus_check: expected.jsonl: bad line at byte %zu\n",
                      pos);
        rc = 65;
        dc_json_free(row);
        goto done;
      }
      run_row(&run, row);
      dc_json_free(row);
    }
    pos = end + 1;
  }
  report(&run);
  if (ratio(&run.total) < run.min) {
    printf("FAIL: %.4f below the minimum %.4f\n", ratio(&run.total), run.min);
    rc = 1;
  }
done:
  free(jsonl);
  for (i = 0; (size_t)i < run.nservers; i++) {
    free(run.servers[i].name);
  }
  free(run.servers);
  dc_json_free(run.bootstrap);
  dc_tldlist_destroy(run.tl);
  return rc;
}
