/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/cli/batch.c - domcheck --batch: many domains on the one event loop
 *
 *  Input is streamed (one line at a time, never the whole file): plain
 *  domains, CSV with a header row, or JSON Lines, each row with its own
 *  subject if it likes. At most -j rows are looked up at once, and at most
 *  a window of rows is held between the oldest unfinished and the newest
 *  started, so memory stays flat however long the input. Results leave in
 *  input order (or as they finish with --unordered). The library is driven
 *  through its embedding API (dc_ctx_fd/timeout/process) so that reading
 *  the input never blocks the lookups.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES (1u << 20) /* a row (with an inline subject) */
#define SUBJECT_CACHE  16         /* subject files by path, most recent */

struct row {
  bool          used;  /* slot holds a row */
  bool          done;  /* result or error ready */
  uint64_t      line;  /* input line number */
  char         *input; /* the row's domain, as given */
  dc_result_t  *res;
  char         *error; /* a bad row: why */
  struct batch *b;
};

struct subj_entry {
  char         *path;
  dc_subject_t *subject;
  uint64_t      used;
};

struct batch {
  const struct cli_args *a;
  dc_ctx_t              *ctx;
  const dc_subject_t    *dflt; /* --subject */
  int                    fd;
  bool                   eof;
  char                  *buf; /* pending input bytes */
  size_t                 len;
  size_t                 cap;
  uint64_t               lineno;
  bool                   csv;
  int                    csv_col[5]; /* domain subject province type as_of */
  struct row            *ring;
  size_t                 window;
  uint64_t               seq_next;  /* rows admitted */
  uint64_t               seq_flush; /* rows written */
  size_t                 inflight;
  struct subj_entry      subjects[SUBJECT_CACHE];
  uint64_t               tick;
  /* summary */
  uint64_t total_known; /* 0: unknown */
  uint64_t rows;
  uint64_t bad;
  uint64_t verdicts[DC_VERDICT_COUNT_];
  struct {
    char    *id;
    uint64_t n;
  } failing[16];
  size_t  nfailing;
  int64_t started_ms;
  int64_t progress_ms;
  bool    progress;
  int     worst;
};

static int64_t now_ms(void)
{
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- input rows ------------------------------------------------------------
 */

static char *trim(char *s)
{
  char *e;
  while (*s == ' ' || *s == '\t' || *s == '\r') {
    s++;
  }
  e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
    *--e = '\0';
  }
  return s;
}

/* Split a CSV line (RFC 4180 quoting) in place; returns the field count. */
static size_t csv_split(char *s, char **f, size_t max)
{
  size_t n = 0;
  char  *w = s;
  while (n < max) {
    f[n++] = w;
    if (*s == '"') {
      s++;
      for (;;) {
        if (*s == '\0') {
          break;
        }
        if (*s == '"' && s[1] == '"') {
          *w++ = '"';
          s += 2;
        } else if (*s == '"') {
          s++;
          break;
        } else {
          *w++ = *s++;
        }
      }
    }
    while (*s != '\0' && *s != ',') {
      *w++ = *s++;
    }
    if (*s == '\0') {
      *w = '\0';
      break;
    }
    *w++ = '\0';
    s++;
  }
  return n;
}

static const char *const csv_names[5] = {"domain", "subject", "province",
                                         "filing_type", "as_of"};

/* A header row: its columns, or an error. */
static bool csv_header(struct batch *b, char *line, char *err, size_t errlen)
{
  char  *f[32];
  size_t n = csv_split(line, f, 32);
  size_t i;
  size_t k;
  for (k = 0; k < 5; k++) {
    b->csv_col[k] = -1;
  }
  for (i = 0; i < n; i++) {
    char *name = trim(f[i]);
    for (k = 0; k < 5; k++) {
      if (strcmp(name, csv_names[k]) == 0 ||
          (k == 3 && strcmp(name, "filing-type") == 0) ||
          (k == 4 && strcmp(name, "as-of") == 0)) {
        b->csv_col[k] = (int)i;
        break;
      }
    }
    if (k == 5) {
      (void)snprintf(err, errlen,
                     "unknown CSV column \"%.40s\" (domain, subject, "
                     "province, filing_type, as_of)",
                     name);
      return false;
    }
  }
  if (b->csv_col[0] < 0) {
    (void)snprintf(err, errlen, "the CSV header has no \"domain\" column");
    return false;
  }
  b->csv = true;
  return true;
}

/* A subject given as a path: parsed once, kept among the last few. */
static dc_status_t subject_by_path(struct batch *b, const char *path,
                                   const dc_subject_t **out, dc_diag_t *diag)
{
  struct subj_entry *victim = &b->subjects[0];
  size_t             i;
  dc_status_t        st;
  for (i = 0; i < SUBJECT_CACHE; i++) {
    struct subj_entry *e = &b->subjects[i];
    if (e->path != NULL && strcmp(e->path, path) == 0) {
      e->used = ++b->tick;
      *out    = e->subject;
      return DC_OK;
    }
    if (e->used < victim->used) {
      victim = e;
    }
  }
  free(victim->path);
  dc_subject_destroy(victim->subject);
  victim->path    = NULL;
  victim->subject = NULL;
  st              = dc_subject_load(&victim->subject, path, diag);
  if (st != DC_OK) {
    return st;
  }
  victim->path = strdup(path);
  if (victim->path == NULL) {
    dc_subject_destroy(victim->subject);
    victim->subject = NULL;
    return DC_ENOMEM;
  }
  victim->used = ++b->tick;
  *out         = victim->subject;
  return DC_OK;
}

/* Fields of one row, borrowed from the line or a JSON parse. */
struct fields {
  const char *domain;
  const char *subject_path;
  const char *subject_json; /* inline */
  size_t      subject_len;
  const char *province;
  const char *filing_type;
  const char *as_of;
};

/* Minimal reading of a JSON row: top-level string members and one
 * "subject" member that is a string (a path) or an object (inline, handed
 * whole to the library's subject parser, which checks it properly). */
static bool json_row(char *s, struct fields *f, char *err, size_t errlen)
{
  char *p = s + 1;
  for (;;) {
    char *key;
    char *val;
    while (*p == ' ' || *p == '\t' || *p == ',') {
      p++;
    }
    if (*p == '}') {
      return true;
    }
    if (*p != '"') {
      (void)snprintf(err, errlen, "not a JSON object row");
      return false;
    }
    key = ++p;
    while (*p != '\0' && *p != '"') {
      p++;
    }
    if (*p != '"') {
      (void)snprintf(err, errlen, "unterminated key");
      return false;
    }
    *p++ = '\0';
    while (*p == ' ' || *p == ':') {
      p++;
    }
    if (strcmp(key, "subject") == 0 && *p == '{') {
      /* Find the matching brace, skipping strings. */
      int   depth = 0;
      char *start = p;
      bool  in_s  = false;
      for (; *p != '\0'; p++) {
        if (in_s) {
          if (*p == '\\' && p[1] != '\0') {
            p++;
          } else if (*p == '"') {
            in_s = false;
          }
        } else if (*p == '"') {
          in_s = true;
        } else if (*p == '{') {
          depth++;
        } else if (*p == '}' && --depth == 0) {
          p++;
          break;
        }
      }
      if (depth != 0) {
        (void)snprintf(err, errlen, "unterminated subject object");
        return false;
      }
      f->subject_json = start;
      f->subject_len  = (size_t)(p - start);
      continue;
    }
    if (*p != '"') {
      (void)snprintf(err, errlen, "\"%.30s\" must be a string", key);
      return false;
    }
    val = ++p;
    while (*p != '\0' && *p != '"') {
      if (*p == '\\') {
        (void)snprintf(err, errlen, "escapes are not supported in \"%.30s\"",
                       key);
        return false;
      }
      p++;
    }
    if (*p != '"') {
      (void)snprintf(err, errlen, "unterminated string");
      return false;
    }
    *p++ = '\0';
    if (strcmp(key, "domain") == 0) {
      f->domain = val;
    } else if (strcmp(key, "subject") == 0) {
      f->subject_path = val;
    } else if (strcmp(key, "province") == 0) {
      f->province = val;
    } else if (strcmp(key, "filing_type") == 0) {
      f->filing_type = val;
    } else if (strcmp(key, "as_of") == 0) {
      f->as_of = val;
    } else {
      (void)snprintf(err, errlen,
                     "unknown key \"%.30s\" (domain, subject, province, "
                     "filing_type, as_of)",
                     key);
      return false;
    }
  }
}

/* ---- results
 * ------------------------------------------------------------------ */

static void count_result(struct batch *b, const dc_result_t *res)
{
  size_t n = dc_result_check_count(res);
  size_t i;
  size_t k;
  b->verdicts[dc_result_verdict(res)]++;
  for (i = 0; i < n; i++) {
    const char *id = dc_result_check_id(res, i);
    if (dc_result_check_outcome(res, i) != DC_OUTCOME_FAIL) {
      continue;
    }
    for (k = 0; k < b->nfailing && strcmp(b->failing[k].id, id) != 0; k++) {
    }
    if (k == b->nfailing && k < sizeof(b->failing) / sizeof(b->failing[0])) {
      b->failing[k].id = strdup(id);
      b->failing[k].n  = 0;
      if (b->failing[k].id != NULL) {
        b->nfailing++;
      }
    }
    if (k < b->nfailing) {
      b->failing[k].n++;
    }
  }
}

static void csv_field(FILE *out, const char *s)
{
  if (s == NULL) {
    return;
  }
  if (strpbrk(s, ",\"\n\r") == NULL) {
    (void)fputs(s, out);
    return;
  }
  (void)fputc('"', out);
  for (; *s != '\0'; s++) {
    if (*s == '"') {
      (void)fputc('"', out);
    }
    (void)fputc(*s, out);
  }
  (void)fputc('"', out);
}

static void csv_checks(FILE *out, const dc_result_t *res, dc_outcome_t o,
                       bool codes)
{
  size_t n     = dc_result_check_count(res);
  bool   first = true;
  size_t i;
  for (i = 0; i < n; i++) {
    if (dc_result_check_outcome(res, i) != o) {
      continue;
    }
    (void)fprintf(out, "%s%s", first ? "" : ";",
                  codes ? dc_result_check_code(res, i)
                        : dc_result_check_id(res, i));
    first = false;
  }
}

static const char csv_header_out[] =
    "line,input,domain,verdict,fail,unknown,warn,codes,registrar,expires,"
    "registrant,error\n";

static void write_row(struct batch *b, struct row *r)
{
  FILE *out = stdout;
  if (b->a->format_csv) {
    (void)fprintf(out, "%llu,", (unsigned long long)r->line);
    csv_field(out, r->input);
    (void)fputc(',', out);
    if (r->res != NULL) {
      csv_field(out, dc_result_domain(r->res));
      (void)fprintf(out, ",%s,", dc_verdict_name(dc_result_verdict(r->res)));
      csv_checks(out, r->res, DC_OUTCOME_FAIL, false);
      (void)fputc(',', out);
      csv_checks(out, r->res, DC_OUTCOME_UNKNOWN, false);
      (void)fputc(',', out);
      csv_checks(out, r->res, DC_OUTCOME_WARN, false);
      (void)fputc(',', out);
      csv_checks(out, r->res, DC_OUTCOME_FAIL, true);
      (void)fputc(',', out);
      csv_field(out, dc_result_field(r->res, "registrar"));
      (void)fputc(',', out);
      csv_field(out, dc_result_field(r->res, "expires"));
      (void)fputc(',', out);
      csv_field(out, dc_result_field(r->res, "registrant"));
      (void)fputs(",\n", out);
    } else {
      (void)fputs(",error,,,,,,,,", out);
      csv_field(out, r->error);
      (void)fputc('\n', out);
    }
    return;
  }
  if (r->res != NULL) {
    char       *json = NULL;
    dc_status_t st   = dc_result_to_json(r->res, 0, &json);
    if (st != DC_OK) {
      (void)fprintf(stderr, "domcheck: %s\n", dc_strerror(st));
      b->worst = EXIT_SOFTWARE;
      return;
    }
    /* One object per row, with its input line number first. */
    (void)fprintf(out, "{\"line\":%llu,", (unsigned long long)r->line);
    (void)fputs(json + 1, out);
    (void)fputc('\n', out);
    dc_free(json);
    return;
  }
  (void)fprintf(out, "{\"line\":%llu,\"input\":", (unsigned long long)r->line);
  cli_json_string(out, r->input);
  (void)fputs(",\"verdict\":null,\"error\":", out);
  cli_json_string(out, r->error);
  (void)fputs("}\n", out);
}

static void row_clear(struct row *r)
{
  dc_result_destroy(r->res);
  free(r->input);
  free(r->error);
  memset(r, 0, sizeof(*r));
}

/* Write finished rows in input order and free their slots (with
 * --unordered they were written when they finished: only free). */
static void flush(struct batch *b)
{
  while (b->seq_flush < b->seq_next) {
    struct row *r = &b->ring[b->seq_flush % b->window];
    if (!r->done) {
      break;
    }
    if (!b->a->unordered) {
      write_row(b, r);
    }
    row_clear(r);
    b->seq_flush++;
  }
  (void)fflush(stdout);
}

static void finish_row(struct batch *b, struct row *r)
{
  r->done = true;
  b->rows++;
  if (r->res != NULL) {
    int v = dc_result_verdict(r->res) == DC_VERDICT_INELIGIBLE ? EXIT_INELIGIBLE
            : dc_result_verdict(r->res) == DC_VERDICT_INDETERMINATE
                ? EXIT_INDETERMINATE
                : EXIT_ELIGIBLE;
    count_result(b, r->res);
    if (v == EXIT_INELIGIBLE ||
        (v == EXIT_INDETERMINATE && b->worst == EXIT_ELIGIBLE)) {
      b->worst = b->worst >= EXIT_USAGE ? b->worst : v;
    }
  } else {
    b->bad++;
    (void)fprintf(stderr, "domcheck: %s:%llu: %s\n",
                  b->a->batch_file == NULL ? "-" : b->a->batch_file,
                  (unsigned long long)r->line, r->error);
  }
  if (b->a->unordered) {
    write_row(b, r);
  }
}

static void on_result(void *ud, dc_status_t st, dc_result_t *res)
{
  struct row   *r = ud;
  struct batch *b = r->b;
  b->inflight--;
  r->res = res;
  if (st != DC_OK) {
    r->error = strdup(dc_strerror(st));
  }
  finish_row(b, r);
}

static uint64_t fnv1a(const char *s)
{
  uint64_t h = 14695981039346656037ull;
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 'A' && c <= 'Z') {
      c = (unsigned char)(c + 32);
    }
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

/* One input line: admit it as a row (or skip it). */
static void take_line(struct batch *b, char *line)
{
  struct fields       f;
  struct row         *r;
  char                err[640] = "";
  char               *s        = trim(line);
  const dc_subject_t *subj     = b->dflt;
  dc_subject_t       *inline_s = NULL;
  dc_request_t       *req      = NULL;
  dc_diag_t           diag;
  dc_status_t         st = DC_OK;
  char               *copy;
  bool                ok = true;

  b->lineno++;
  if (*s == '\0' || *s == '#') {
    return;
  }
  memset(&f, 0, sizeof(f));
  copy = strdup(s); /* the row as given, for messages */
  if (copy == NULL) {
    b->worst = EXIT_SOFTWARE;
    return;
  }
  if (*s == '{') {
    ok = json_row(s, &f, err, sizeof(err));
  } else if (!b->csv && b->rows + b->bad == 0 && b->seq_next == 0 &&
             strchr(s, ',') != NULL && strncmp(s, "domain", 6) == 0) {
    if (!csv_header(b, s, err, sizeof(err))) {
      (void)fprintf(stderr, "domcheck: %s:%llu: %s\n",
                    b->a->batch_file == NULL ? "-" : b->a->batch_file,
                    (unsigned long long)b->lineno, err);
      b->worst = EXIT_DATAERR;
      b->eof   = true; /* no row can be read without its columns */
    }
    free(copy);
    return;
  } else if (b->csv) {
    char  *col[32];
    size_t n = csv_split(s, col, 32);
    int    k;
    for (k = 0; k < 5; k++) {
      const char *v = b->csv_col[k] >= 0 && (size_t)b->csv_col[k] < n
                          ? trim(col[b->csv_col[k]])
                          : NULL;
      if (v != NULL && *v == '\0') {
        v = NULL;
      }
      if (k == 0) {
        f.domain = v;
      } else if (k == 1 && v != NULL && *v == '{') {
        f.subject_json = v;
        f.subject_len  = strlen(v);
      } else if (k == 1) {
        f.subject_path = v;
      } else if (k == 2) {
        f.province = v;
      } else if (k == 3) {
        f.filing_type = v;
      } else {
        f.as_of = v;
      }
    }
  } else if (strpbrk(s, " \t,") != NULL) {
    ok = false;
    (void)snprintf(err, sizeof(err),
                   "not a domain (CSV needs a header row with a \"domain\" "
                   "column)");
  } else {
    f.domain = s;
  }
  if (ok && (f.domain == NULL || *f.domain == '\0')) {
    ok = false;
    (void)snprintf(err, sizeof(err), "the row has no domain");
  }
  /* --shard K/N: this worker's deterministic slice (by domain hash). */
  if (b->a->shard_n > 1 &&
      fnv1a(ok ? f.domain : copy) % b->a->shard_n != b->a->shard_k) {
    free(copy);
    return;
  }
  r = &b->ring[b->seq_next % b->window];
  memset(r, 0, sizeof(*r));
  r->used  = true;
  r->b     = b;
  r->line  = b->lineno;
  r->input = strdup(ok ? f.domain : copy);
  b->seq_next++;
  free(copy);
  if (r->input == NULL) {
    b->worst = EXIT_SOFTWARE;
    r->error = strdup("out of memory");
    finish_row(b, r);
    return;
  }
  if (ok && f.subject_json != NULL) {
    st   = dc_subject_parse(&inline_s, f.subject_json, f.subject_len, "subject",
                            &diag);
    subj = inline_s;
  } else if (ok && f.subject_path != NULL) {
    st = subject_by_path(b, f.subject_path, &subj, &diag);
  }
  if (ok && st != DC_OK) {
    ok = false;
    if (diag.line > 0) {
      (void)snprintf(err, sizeof(err), "%.100s:%u: %.512s", diag.file,
                     diag.line, diag.message);
    } else {
      (void)snprintf(err, sizeof(err), "%.100s: %.512s", diag.file,
                     diag.message);
    }
  }
  if (ok) {
    st = dc_request_create(&req, f.domain);
    if (st == DC_OK && subj != NULL) {
      st = dc_request_set_subject(req, subj);
    }
    if (st == DC_OK && (f.province != NULL || b->a->province != NULL)) {
      const char *p = f.province != NULL ? f.province : b->a->province;
      if (dc_ctx_province_name(b->ctx, p) == NULL) {
        ok = false;
        (void)snprintf(err, sizeof(err), "unknown province \"%.40s\"", p);
      } else {
        st = dc_request_set_province(req, p);
      }
    }
    if (ok && st == DC_OK && f.filing_type != NULL) {
      dc_filing_type_t t;
      if (dc_filing_type_parse(&t, f.filing_type) != DC_OK) {
        ok = false;
        (void)snprintf(err, sizeof(err), "unknown filing type \"%.40s\"",
                       f.filing_type);
      } else {
        dc_request_set_filing_type(req, t);
      }
    } else if (ok && st == DC_OK && b->a->has_filing_type) {
      dc_request_set_filing_type(req, b->a->filing_type);
    }
    if (ok && st == DC_OK && (f.as_of != NULL || b->a->has_as_of)) {
      int64_t t = b->a->as_of;
      if (f.as_of != NULL && dc_parse_time(f.as_of, &t) != DC_OK) {
        ok = false;
        (void)snprintf(err, sizeof(err), "bad as_of \"%.40s\"", f.as_of);
      } else {
        dc_request_set_as_of(req, t);
      }
    }
    if (ok && st == DC_OK) {
      st = dc_query_start(b->ctx, req, on_result, r, NULL);
      if (st == DC_OK) {
        b->inflight++;
      }
    }
    if (ok && st != DC_OK) {
      ok = false;
      (void)snprintf(err, sizeof(err), "%s", dc_strerror(st));
    }
  }
  dc_request_destroy(req);
  dc_subject_destroy(inline_s);
  if (!ok) {
    r->error = strdup(err);
    finish_row(b, r);
  }
}

/* Read what the input has; admit complete lines while there is room. */
static void read_input(struct batch *b)
{
  for (;;) {
    char   *nl;
    ssize_t got;
    /* Admit complete lines first. */
    while (b->len > 0 && b->inflight < (size_t)b->a->jobs &&
           b->seq_next - b->seq_flush < b->window &&
           (nl = memchr(b->buf, '\n', b->len)) != NULL) {
      size_t n = (size_t)(nl - b->buf);
      *nl      = '\0';
      take_line(b, b->buf);
      memmove(b->buf, nl + 1, b->len - n - 1);
      b->len -= n + 1;
    }
    if (b->eof || b->inflight >= (size_t)b->a->jobs ||
        b->seq_next - b->seq_flush >= b->window) {
      break;
    }
    if (b->len == b->cap) {
      if (b->cap >= LINE_MAX_BYTES) {
        b->buf[b->len - 1] = '\0';
        (void)fprintf(stderr, "domcheck: line %llu: longer than 1 MiB\n",
                      (unsigned long long)b->lineno + 1);
        b->worst = EXIT_DATAERR;
        b->len   = 0; /* dropped; the rest of it follows as a bad row */
        continue;
      }
      b->cap = b->cap == 0 ? 65536 : b->cap * 2;
      b->buf = realloc(b->buf, b->cap);
      if (b->buf == NULL) {
        b->worst = EXIT_SOFTWARE;
        b->eof   = true;
        break;
      }
    }
    got = read(b->fd, b->buf + b->len, b->cap - b->len);
    if (got > 0) {
      b->len += (size_t)got;
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
      break;
    }
    /* End of input: a last line without newline is a line too. */
    b->eof = true;
    if (b->len > 0) {
      if (b->len == b->cap) {
        b->buf = realloc(b->buf, b->cap + 1);
        if (b->buf == NULL) {
          b->worst = EXIT_SOFTWARE;
          break;
        }
        b->cap++;
      }
      b->buf[b->len] = '\0';
      take_line(b, b->buf);
      b->len = 0;
    }
    break;
  }
}

/* ---- progress and summary
 * ------------------------------------------------------ */

static void progress(struct batch *b, bool last)
{
  int64_t now = now_ms();
  double  secs;
  double  rate;
  if (!b->progress || (!last && now - b->progress_ms < 200)) {
    return;
  }
  b->progress_ms = now;
  secs           = (double)(now - b->started_ms) / 1000.0;
  rate           = secs > 0 ? (double)b->rows / secs : 0;
  if (b->total_known > 0) {
    double left = rate > 0 ? (double)(b->total_known - b->rows) / rate : 0;
    (void)fprintf(stderr,
                  "\r%llu/%llu  %.1f/s  ETA %02d:%02d  ineligible %llu  "
                  "indeterminate %llu  bad %llu   ",
                  (unsigned long long)b->rows,
                  (unsigned long long)b->total_known, rate, (int)(left / 60),
                  (int)left % 60,
                  (unsigned long long)b->verdicts[DC_VERDICT_INELIGIBLE],
                  (unsigned long long)b->verdicts[DC_VERDICT_INDETERMINATE],
                  (unsigned long long)b->bad);
  } else {
    (void)fprintf(stderr,
                  "\r%llu done  %.1f/s  ineligible %llu  indeterminate %llu  "
                  "bad %llu   ",
                  (unsigned long long)b->rows, rate,
                  (unsigned long long)b->verdicts[DC_VERDICT_INELIGIBLE],
                  (unsigned long long)b->verdicts[DC_VERDICT_INDETERMINATE],
                  (unsigned long long)b->bad);
  }
  if (last) {
    (void)fputc('\n', stderr);
  }
}

static void summary(struct batch *b)
{
  double secs = (double)(now_ms() - b->started_ms) / 1000.0;
  size_t i;
  (void)fprintf(stderr,
                "domcheck: %llu rows in %.1f s: eligible %llu, ineligible "
                "%llu, indeterminate %llu, not-required %llu, bad rows %llu\n",
                (unsigned long long)b->rows, secs,
                (unsigned long long)b->verdicts[DC_VERDICT_ELIGIBLE],
                (unsigned long long)b->verdicts[DC_VERDICT_INELIGIBLE],
                (unsigned long long)b->verdicts[DC_VERDICT_INDETERMINATE],
                (unsigned long long)b->verdicts[DC_VERDICT_NOT_REQUIRED],
                (unsigned long long)b->bad);
  if (b->nfailing > 0) {
    (void)fputs("domcheck: failing checks:", stderr);
    for (i = 0; i < b->nfailing; i++) {
      (void)fprintf(stderr, " %s %llu", b->failing[i].id,
                    (unsigned long long)b->failing[i].n);
    }
    (void)fputc('\n', stderr);
  }
  (void)fprintf(
      stderr,
      "domcheck: queries: whois %llu, rdap %llu, dns %llu; cache "
      "hits %llu\n",
      (unsigned long long)dc_ctx_counter(b->ctx, DC_COUNTER_WHOIS),
      (unsigned long long)dc_ctx_counter(b->ctx, DC_COUNTER_RDAP),
      (unsigned long long)dc_ctx_counter(b->ctx, DC_COUNTER_DNS),
      (unsigned long long)dc_ctx_counter(b->ctx, DC_COUNTER_CACHE_HITS));
}

/* Rows a regular file holds, for the ETA (0: not a file, or unknown). */
static uint64_t count_rows(int fd)
{
  struct stat sb;
  char        buf[65536];
  uint64_t    n    = 0;
  bool        data = false;
  ssize_t     got;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    return 0;
  }
  for (;;) {
    ssize_t i;
    got = read(fd, buf, sizeof(buf));
    if (got <= 0) {
      break;
    }
    for (i = 0; i < got; i++) {
      if (buf[i] == '\n') {
        n += data ? 1 : 0;
        data = false;
      } else if (buf[i] != ' ' && buf[i] != '\r' && buf[i] != '\t') {
        data = true;
      }
    }
  }
  (void)lseek(fd, 0, SEEK_SET);
  return n + (data ? 1 : 0);
}

/* ---- the run
 * ---------------------------------------------------------------------- */

int cli_run_batch(dc_ctx_t *ctx, const dc_subject_t *subj,
                  const struct cli_args *a)
{
  struct batch b;
  size_t       i;

  memset(&b, 0, sizeof(b));
  b.a      = a;
  b.ctx    = ctx;
  b.dflt   = subj;
  b.worst  = EXIT_ELIGIBLE;
  b.window = (size_t)a->jobs * 4 < 256 ? 256 : (size_t)a->jobs * 4;
  b.ring   = calloc(b.window, sizeof(*b.ring));
  if (b.ring == NULL) {
    return EXIT_SOFTWARE;
  }
  if (a->batch_file == NULL || strcmp(a->batch_file, "-") == 0) {
    b.fd = STDIN_FILENO;
  } else {
    b.fd = open(a->batch_file, O_RDONLY);
    if (b.fd < 0) {
      (void)fprintf(stderr, "domcheck: %s: %s\n", a->batch_file,
                    strerror(errno));
      free(b.ring);
      return EXIT_NOINPUT;
    }
  }
  b.progress = a->progress == 1 || (a->progress < 0 && isatty(2) == 1);
  if (b.progress && a->shard_n <= 1) {
    b.total_known = count_rows(b.fd);
  }
  (void)fcntl(b.fd, F_SETFL, fcntl(b.fd, F_GETFL) | O_NONBLOCK);
  if (a->format_csv) {
    (void)fputs(csv_header_out, stdout);
  }
  b.started_ms = now_ms();

  while (!b.eof || b.inflight > 0) {
    struct pollfd pfd[2];
    nfds_t        n = 0;
    int           timeout;
    read_input(&b);
    flush(&b);
    progress(&b, false);
    if (b.eof && b.inflight == 0) {
      break;
    }
    if (dc_ctx_fd(ctx) >= 0) {
      pfd[n].fd     = dc_ctx_fd(ctx);
      pfd[n].events = POLLIN;
      n++;
    }
    if (!b.eof && b.inflight < (size_t)a->jobs &&
        b.seq_next - b.seq_flush < b.window) {
      pfd[n].fd     = b.fd;
      pfd[n].events = POLLIN;
      n++;
    }
    timeout = dc_ctx_timeout_ms(ctx);
    if (b.progress && (timeout < 0 || timeout > 200)) {
      timeout = 200;
    }
    if (n > 0 || timeout >= 0) {
      (void)poll(pfd, n, timeout);
    }
    if (dc_ctx_process(ctx) != DC_OK) {
      b.worst = EXIT_SOFTWARE;
      break;
    }
  }
  flush(&b);
  progress(&b, true);
  summary(&b);
  if (b.fd != STDIN_FILENO) {
    (void)close(b.fd);
  }
  for (i = 0; i < SUBJECT_CACHE; i++) {
    free(b.subjects[i].path);
    dc_subject_destroy(b.subjects[i].subject);
  }
  for (i = 0; i < b.window; i++) {
    row_clear(&b.ring[i]);
  }
  for (i = 0; i < b.nfailing; i++) {
    free(b.failing[i].id);
  }
  free(b.ring);
  free(b.buf);
  if (b.worst < EXIT_USAGE && b.bad > 0) {
    return EXIT_DATAERR; /* some rows could not be read */
  }
  return b.worst;
}
