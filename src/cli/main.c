/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/cli/main.c - domcheck: can this domain be used for an ICP filing?
 *
 *  A thin client of libdomcheck (public API only): parse options, set up
 *  the context, check each domain, print, exit with the verdict's code.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int setup(dc_ctx_t **ctx, dc_subject_t **subj, const struct cli_args *a);
static int run_files(dc_ctx_t *ctx, const dc_subject_t *subj,
                     const struct cli_args *a);
static int run_live(dc_ctx_t *ctx, const dc_subject_t *subj,
                    const struct cli_args *a);

int main(int argc, char **argv)
{
  struct cli_args a;
  dc_ctx_t       *ctx  = NULL;
  dc_subject_t   *subj = NULL;
  int             rc   = cli_parse(&a, argc, argv);

  if (rc != 0 || a.help || a.version) {
    if (a.help) {
      cli_usage(stdout);
    } else if (a.version) {
      (void)printf("domcheck %s\n", dc_version(NULL));
    }
    return rc;
  }
  rc = setup(&ctx, &subj, &a);
  if (rc == 0) {
    rc = a.batch           ? cli_run_batch(ctx, subj, &a)
         : a.nevidence > 0 ? run_files(ctx, subj, &a)
                           : run_live(ctx, subj, &a);
  }
  dc_subject_destroy(subj);
  dc_ctx_destroy(ctx);
  return rc;
}

static void print_diag(const dc_diag_t *d)
{
  if (d->line > 0) {
    (void)fprintf(stderr, "domcheck: %s:%u: %s\n", d->file, d->line,
                  d->message);
  } else {
    (void)fprintf(stderr, "domcheck: %s: %s\n", d->file, d->message);
  }
}

/* Live-lookup settings; prints its own message. */
static dc_status_t apply_network(dc_ctx_t *ctx, const struct cli_args *a)
{
  dc_diag_t   diag;
  dc_status_t st = DC_OK;
  size_t      i;

  dc_ctx_set_lookups(ctx, a->lookups);
  if (a->timeout_ms > 0) {
    st = dc_ctx_set_timeout(ctx, a->timeout_ms);
  }
  for (i = 0; st == DC_OK && i < a->nresolvers; i++) {
    st = dc_ctx_add_resolver(ctx, a->resolvers[i]);
  }
  for (i = 0; st == DC_OK && i < a->nconnect_to; i++) {
    st = dc_ctx_add_connect_to(ctx, a->connect_to[i]);
    if (st != DC_OK) {
      (void)fprintf(stderr,
                    "domcheck: --connect-to %s: expected HOST:PORT:ADDR:PORT\n",
                    a->connect_to[i]);
      return DC_EINVAL;
    }
  }
  for (i = 0; st == DC_OK && i < a->nwhois_servers; i++) {
    char *kv = strdup(a->whois_servers[i]);
    char *eq = kv == NULL ? NULL : strchr(kv, '=');
    if (eq == NULL) {
      free(kv);
      return DC_ENOMEM;
    }
    *eq = '\0';
    st  = dc_ctx_set_whois_server(ctx, kv, eq + 1);
    free(kv);
  }
  if (st == DC_OK && a->rdap_bootstrap != NULL) {
    st = dc_ctx_set_rdap_bootstrap(ctx, a->rdap_bootstrap, &diag);
    if (st != DC_OK) {
      print_diag(&diag);
      return st;
    }
  }
  if (st == DC_OK && a->record_dir != NULL) {
    st = dc_ctx_set_record_dir(ctx, a->record_dir);
  }
  if (st == DC_OK && a->replay_dir != NULL) {
    st = dc_ctx_set_replay_dir(ctx, a->replay_dir);
  }
  for (i = 0; st == DC_OK && i < a->nlimits; i++) {
    char *spec  = strdup(a->limits[i]);
    char *eq    = spec == NULL ? NULL : strchr(spec, '=');
    char *comma = eq == NULL ? NULL : strchr(eq, ',');
    char *e1    = NULL;
    char *e2    = NULL;
    long  conn;
    long  permin;
    if (comma == NULL) {
      free(spec);
      return DC_ENOMEM;
    }
    *eq    = '\0';
    *comma = '\0';
    conn   = strtol(eq + 1, &e1, 10);
    permin = strtol(comma + 1, &e2, 10);
    if (e1 == eq + 1 || *e1 != '\0' || e2 == comma + 1 || *e2 != '\0' ||
        conn < 0 || permin < 0 || conn > 100000 || permin > 100000000) {
      (void)fprintf(stderr, "domcheck: --server-limit %s: bad numbers\n",
                    a->limits[i]);
      free(spec);
      return DC_EINVAL;
    }
    st = dc_ctx_set_server_limit(ctx, spec, (int)conn, (int)permin);
    free(spec);
  }
  /* The cache: on by default for live lookups, never for a replay. */
  if (st == DC_OK && !a->no_cache && a->replay_dir == NULL &&
      a->nevidence == 0) {
    char *dflt = a->cache == NULL ? dc_cache_path_default() : NULL;
    if (a->cache != NULL || dflt != NULL) {
      st = dc_ctx_set_cache(ctx, a->cache != NULL ? a->cache : dflt);
    }
    dc_free(dflt);
  }
  if (st == DC_OK && a->max_age >= 0) {
    dc_ctx_set_cache_max_age(ctx, a->max_age);
  }
  if (st != DC_OK) {
    (void)fprintf(stderr, "domcheck: %s\n", dc_strerror(st));
  }
  return st;
}

static int setup(dc_ctx_t **ctx, dc_subject_t **subj, const struct cli_args *a)
{
  dc_diag_t   diag;
  dc_status_t st;
  size_t      i;

  memset(&diag, 0, sizeof(diag));
  st = dc_ctx_create(ctx);
  if (st != DC_OK) {
    (void)fprintf(stderr, "domcheck: %s\n", dc_strerror(st));
    return EXIT_SOFTWARE;
  }
  if (a->rules_dir != NULL) {
    st = dc_ctx_load_rules(*ctx, a->rules_dir, &diag);
    if (st != DC_OK) {
      print_diag(&diag);
      return st == DC_ENOENT ? EXIT_NOINPUT : EXIT_DATAERR;
    }
  }
  for (i = 0; i < a->npolicy; i++) {
    char *kv = strdup(a->policy[i]);
    char *eq = kv == NULL ? NULL : strchr(kv, '=');
    if (eq == NULL) {
      free(kv);
      return EXIT_SOFTWARE;
    }
    *eq = '\0';
    st  = dc_ctx_set_policy(*ctx, kv, eq + 1);
    if (st != DC_OK) {
      (void)fprintf(stderr, "domcheck: --policy %s: unknown key or bad value\n",
                    a->policy[i]);
      free(kv);
      return EXIT_USAGE;
    }
    free(kv);
  }
  st = apply_network(*ctx, a);
  if (st != DC_OK) {
    return st == DC_ENOENT    ? EXIT_NOINPUT
           : st == DC_EFORMAT ? EXIT_DATAERR
                              : EXIT_USAGE;
  }
  if (a->province != NULL && dc_ctx_province_name(*ctx, a->province) == NULL) {
    (void)fprintf(stderr,
                  "domcheck: --province %s: not one of the 31 bureaus "
                  "(try 河南, henan or 41)\n",
                  a->province);
    return EXIT_USAGE;
  }
  if (a->subject != NULL) {
    st = dc_subject_load(subj, a->subject, &diag);
    if (st != DC_OK) {
      print_diag(&diag);
      return st == DC_ENOENT ? EXIT_NOINPUT
             : st == DC_EIO  ? EXIT_NOINPUT
                             : EXIT_DATAERR;
    }
  }
  return 0;
}

static int verdict_exit(dc_verdict_t v)
{
  switch (v) {
    case DC_VERDICT_INELIGIBLE:
      return EXIT_INELIGIBLE;
    case DC_VERDICT_INDETERMINATE:
      return EXIT_INDETERMINATE;
    case DC_VERDICT_ELIGIBLE:
    case DC_VERDICT_NOT_REQUIRED:
    case DC_VERDICT_COUNT_:
      break;
  }
  return EXIT_ELIGIBLE;
}

/* The request for one domain, with the options that apply to it. */
static dc_status_t make_request(dc_request_t **req, const dc_subject_t *subj,
                                const struct cli_args *a, const char *domain)
{
  dc_status_t st = dc_request_create(req, domain);
  if (st == DC_OK && subj != NULL) {
    st = dc_request_set_subject(*req, subj);
  }
  if (st == DC_OK && a->province != NULL) {
    st = dc_request_set_province(*req, a->province);
  }
  if (st == DC_OK && a->has_filing_type) {
    dc_request_set_filing_type(*req, a->filing_type);
  }
  if (st == DC_OK && a->has_as_of) {
    dc_request_set_as_of(*req, a->as_of);
  }
  return st;
}

/* Worst exit code so far, folding in one more. */
static int fold(int worst, int r)
{
  if (worst >= EXIT_USAGE || r >= EXIT_USAGE) {
    return worst >= EXIT_USAGE ? worst : r;
  }
  if (worst == EXIT_INELIGIBLE || r == EXIT_INELIGIBLE) {
    return EXIT_INELIGIBLE;
  }
  return worst == EXIT_INDETERMINATE || r == EXIT_INDETERMINATE
             ? EXIT_INDETERMINATE
             : EXIT_ELIGIBLE;
}

static int print_and_exit_code(const struct cli_args *a, const dc_result_t *res)
{
  int rc = cli_print_result(stdout, a, res);
  return rc != 0 ? rc : verdict_exit(dc_result_verdict(res));
}

/* Judge each domain from the replies given with --whois-file/--rdap-file. */
static int run_files(dc_ctx_t *ctx, const dc_subject_t *subj,
                     const struct cli_args *a)
{
  int    worst = EXIT_ELIGIBLE;
  size_t d;
  size_t i;

  for (d = 0; d < a->ndomains && worst < EXIT_USAGE; d++) {
    dc_request_t *req = NULL;
    dc_result_t  *res = NULL;
    int           rc  = 0;
    dc_status_t   st  = make_request(&req, subj, a, a->domains[d]);
    for (i = 0; st == DC_OK && rc == 0 && i < a->nevidence; i++) {
      char  *data = NULL;
      size_t len  = 0;
      rc          = cli_read_file(a->evidence[i].path, &data, &len);
      if (rc == 0) {
        st = dc_request_add_evidence(
            req, a->evidence[i].source,
            a->evidence[i].server[0] != '\0' ? a->evidence[i].server : NULL,
            data, len);
        free(data);
      }
    }
    if (st == DC_OK && rc == 0) {
      st = dc_check(ctx, req, &res);
    }
    if (st != DC_OK) {
      (void)fprintf(stderr, "domcheck: %s: %s\n", a->domains[d],
                    dc_strerror(st));
      rc = st == DC_ETOOBIG ? EXIT_DATAERR : EXIT_SOFTWARE;
    }
    if (rc == 0) {
      rc = print_and_exit_code(a, res);
    }
    worst = fold(worst, rc);
    dc_result_destroy(res);
    dc_request_destroy(req);
  }
  return worst;
}

struct live {
  dc_result_t **results; /* by input position */
  dc_status_t  *status;
  size_t        done;
};

struct live_slot {
  struct live *l;
  size_t       i;
};

static void on_result(void *ud, dc_status_t st, dc_result_t *res)
{
  struct live_slot *slot    = ud;
  slot->l->results[slot->i] = res;
  slot->l->status[slot->i]  = st;
  slot->l->done++;
}

/* Look every domain up on the one event loop; print in input order. */
static int run_live(dc_ctx_t *ctx, const dc_subject_t *subj,
                    const struct cli_args *a)
{
  struct live       l;
  struct live_slot *slots;
  int               worst = EXIT_ELIGIBLE;
  size_t            d;
  dc_status_t       st = DC_OK;

  memset(&l, 0, sizeof(l));
  l.results = calloc(a->ndomains, sizeof(*l.results));
  l.status  = calloc(a->ndomains, sizeof(*l.status));
  slots     = calloc(a->ndomains, sizeof(*slots));
  if (l.results == NULL || l.status == NULL || slots == NULL) {
    free(l.results);
    free(l.status);
    free(slots);
    return EXIT_SOFTWARE;
  }
  for (d = 0; d < a->ndomains && st == DC_OK; d++) {
    dc_request_t *req = NULL;
    slots[d].l        = &l;
    slots[d].i        = d;
    l.status[d]       = DC_ECANCELLED;
    st                = make_request(&req, subj, a, a->domains[d]);
    if (st == DC_OK) {
      st = dc_query_start(ctx, req, on_result, &slots[d], NULL);
    }
    dc_request_destroy(req);
  }
  if (st == DC_OK) {
    st = dc_ctx_run(ctx);
  }
  if (st != DC_OK) {
    (void)fprintf(stderr, "domcheck: %s\n", dc_strerror(st));
    worst = EXIT_SOFTWARE;
  }
  for (d = 0; d < a->ndomains; d++) {
    if (l.results[d] != NULL) {
      worst = fold(worst, print_and_exit_code(a, l.results[d]));
      dc_result_destroy(l.results[d]);
    } else if (st == DC_OK) {
      (void)fprintf(stderr, "domcheck: %s: %s\n", a->domains[d],
                    dc_strerror(l.status[d]));
      worst = fold(worst, EXIT_SOFTWARE);
    }
  }
  free(l.results);
  free(l.status);
  free(slots);
  return worst;
}
