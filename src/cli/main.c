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

static int setup(dc_ctx_t **ctx, dc_subject_t **subj,
                 const struct cli_args *a);
static int check_one(dc_ctx_t *ctx, const dc_subject_t *subj,
                     const struct cli_args *a, const char *domain);

int main(int argc, char **argv)
{
  struct cli_args a;
  dc_ctx_t       *ctx   = NULL;
  dc_subject_t   *subj  = NULL;
  int             worst = EXIT_ELIGIBLE;
  size_t          i;
  int             rc = cli_parse(&a, argc, argv);

  if (rc != 0 || a.help || a.version) {
    if (a.help) {
      cli_usage(stdout);
    } else if (a.version) {
      (void)printf("domcheck %s\n", dc_version(NULL));
    }
    return rc;
  }
  rc = setup(&ctx, &subj, &a);
  for (i = 0; rc == 0 && i < a.ndomains; i++) {
    int r = check_one(ctx, subj, &a, a.domains[i]);
    if (r >= EXIT_USAGE) {
      rc = r;
    } else if (r == EXIT_INELIGIBLE ||
               (r == EXIT_INDETERMINATE && worst != EXIT_INELIGIBLE)) {
      worst = r;
    }
  }
  dc_subject_destroy(subj);
  dc_ctx_destroy(ctx);
  return rc != 0 ? rc : worst;
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

static int setup(dc_ctx_t **ctx, dc_subject_t **subj,
                 const struct cli_args *a)
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
    char  *kv = strdup(a->policy[i]);
    char  *eq = kv == NULL ? NULL : strchr(kv, '=');
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

static int check_one(dc_ctx_t *ctx, const dc_subject_t *subj,
                     const struct cli_args *a, const char *domain)
{
  dc_request_t *req = NULL;
  dc_result_t  *res = NULL;
  dc_status_t   st;
  int           rc = 0;
  size_t        i;

  st = dc_request_create(&req, domain);
  if (st == DC_OK && subj != NULL) {
    st = dc_request_set_subject(req, subj);
  }
  if (st == DC_OK && a->province != NULL) {
    st = dc_request_set_province(req, a->province);
  }
  if (st == DC_OK && a->has_filing_type) {
    dc_request_set_filing_type(req, a->filing_type);
  }
  if (st == DC_OK && a->has_as_of) {
    dc_request_set_as_of(req, a->as_of);
  }
  for (i = 0; st == DC_OK && rc == 0 && i < a->nevidence; i++) {
    char  *data = NULL;
    size_t len  = 0;
    rc          = cli_read_file(a->evidence[i].path, &data, &len);
    if (rc == 0) {
      st = dc_request_add_evidence(req, a->evidence[i].source, NULL, data,
                                   len);
      free(data);
    }
  }
  if (st == DC_OK && rc == 0) {
    st = dc_check(ctx, req, &res);
  }
  if (st != DC_OK) {
    (void)fprintf(stderr, "domcheck: %s: %s\n", domain, dc_strerror(st));
    rc = st == DC_ETOOBIG ? EXIT_DATAERR : EXIT_SOFTWARE;
  }
  if (rc == 0) {
    rc = cli_print_result(stdout, a, res);
    if (rc == 0) {
      rc = verdict_exit(dc_result_verdict(res));
    }
  }
  dc_result_destroy(res);
  dc_request_destroy(req);
  return rc;
}
