/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/cli/cli.h - the domcheck command: options and output
 */
#ifndef DOMCHECK_CLI_H
#define DOMCHECK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "domcheck.h"

/* Exit codes (README.md, --help): one list. */
enum cli_exit {
  EXIT_ELIGIBLE      = 0,  /* all eligible or not required */
  EXIT_INELIGIBLE    = 1,  /* at least one ineligible */
  EXIT_INDETERMINATE = 2,  /* some indeterminate, none ineligible */
  EXIT_USAGE         = 64, /* EX_USAGE */
  EXIT_DATAERR       = 65, /* EX_DATAERR: bad subject or rules file */
  EXIT_NOINPUT       = 66, /* EX_NOINPUT: an input file is missing */
  EXIT_SOFTWARE      = 70  /* EX_SOFTWARE: internal error */
};

struct cli_evidence {
  dc_source_t source;
  const char *path;
  char        server[256]; /* "" when not given (SERVER=FILE) */
};

#define CLI_MAX_LIST 32

struct cli_args {
  const char         *domains[CLI_MAX_LIST * 8];
  size_t              ndomains;
  const char         *subject;
  const char         *province;
  bool                has_filing_type;
  dc_filing_type_t    filing_type;
  struct cli_evidence evidence[CLI_MAX_LIST];
  size_t              nevidence;
  const char         *rules_dir;
  const char         *policy[CLI_MAX_LIST];
  size_t              npolicy;
  bool                json;
  bool                pretty;
  int                 color; /* -1 auto, 0 never, 1 always */
  dc_lang_t           lang;
  bool                has_as_of;
  int64_t             as_of;
  bool                help;
  bool                version;
  /* live lookups */
  int         timeout_ms; /* 0: library default */
  const char *resolvers[CLI_MAX_LIST];
  size_t      nresolvers;
  const char *connect_to[CLI_MAX_LIST * 4];
  size_t      nconnect_to;
  const char *whois_servers[CLI_MAX_LIST];
  size_t      nwhois_servers;
  const char *rdap_bootstrap;
  unsigned    lookups; /* DC_LOOKUP_* */
  const char *record_dir;
  const char *replay_dir;
  /* cache and politeness */
  const char *cache; /* NULL: the default file */
  bool        no_cache;
  int64_t     max_age; /* -1: library default */
  const char *limits[CLI_MAX_LIST];
  size_t      nlimits;
  /* batch */
  bool        batch;
  const char *batch_file; /* NULL or "-": standard input */
  int         jobs;
  bool        unordered;
  bool        format_csv;
  int         progress; /* -1 auto (terminal), 0 no, 1 yes */
  uint64_t    shard_k;
  uint64_t    shard_n; /* 0/1: no sharding */
};

/* Parse argv; on a usage error prints to stderr and returns EXIT_USAGE;
 * 0 otherwise. */
int  cli_parse(struct cli_args *a, int argc, char **argv);
void cli_usage(FILE *out);

/* Output of one result (human report or one JSON line). */
int  cli_print_result(FILE *out, const struct cli_args *a,
                      const dc_result_t *res);
bool cli_use_color(const struct cli_args *a, FILE *out);

/* --batch: JSON Lines (or CSV) for every input row; the exit code. */
int cli_run_batch(dc_ctx_t *ctx, const dc_subject_t *subj,
                  const struct cli_args *a);

/* Write s as a JSON string (NULL: null). */
void cli_json_string(FILE *out, const char *s);

/* Read a whole file; 0, or an exit code with the message printed. */
int cli_read_file(const char *path, char **data, size_t *len);

#endif
