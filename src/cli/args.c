/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/cli/args.c - command-line options, from one table (house style 14)
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum opt_id {
  OPT_SUBJECT,
  OPT_PROVINCE,
  OPT_FILING_TYPE,
  OPT_WHOIS_FILE,
  OPT_RDAP_FILE,
  OPT_JSON,
  OPT_PRETTY,
  OPT_LANG,
  OPT_AS_OF,
  OPT_RULES,
  OPT_POLICY,
  OPT_COLOR,
  OPT_NO_COLOR,
  OPT_HELP,
  OPT_VERSION,
  OPT_TIMEOUT,
  OPT_RESOLVER,
  OPT_CONNECT_TO,
  OPT_RDAP_BOOTSTRAP,
  OPT_WHOIS_SERVER,
  OPT_NO_RDAP,
  OPT_NO_WHOIS,
  OPT_NO_DNS,
  OPT_RECORD,
  OPT_REPLAY,
  OPT_CACHE,
  OPT_NO_CACHE,
  OPT_MAX_AGE,
  OPT_SERVER_LIMIT,
  OPT_BATCH,
  OPT_JOBS,
  OPT_UNORDERED,
  OPT_FORMAT,
  OPT_PROGRESS,
  OPT_NO_PROGRESS,
  OPT_SHARD
};

struct cli_opt {
  const char *name; /* long name without "--" */
  char        short_name;
  const char *arg; /* NULL: flag */
  enum opt_id id;
  const char *help;
};

static const struct cli_opt opts[] = {
    {"subject", 's', "FILE", OPT_SUBJECT,
     "filing subject (JSON, see README): who files"},
    {"province", 'p', "NAME", OPT_PROVINCE,
     "bureau the filing goes to: 河南, henan, 41 (overrides the subject's)"},
    {"filing-type", 't', "TYPE", OPT_FILING_TYPE,
     "first, new-site, change, access, cancel-subject, cancel-site, "
     "cancel-access (default: the subject's, else first)"},
    {"whois-file", 0, "FILE", OPT_WHOIS_FILE,
     "judge from this WHOIS reply instead of looking up; repeat for the "
     "registrar's reply after the registry's"},
    {"rdap-file", 0, "FILE", OPT_RDAP_FILE,
     "judge from this RDAP JSON document (repeatable, like --whois-file)"},
    {"timeout", 0, "SECONDS", OPT_TIMEOUT,
     "deadline of all lookups of one domain (default 10)"},
    {"resolver", 0, "ADDR[:PORT]", OPT_RESOLVER,
     "DNS server to use (repeatable; default: the system's)"},
    {"connect-to", 0, "HOST:PORT:ADDR:PORT", OPT_CONNECT_TO,
     "send WHOIS/RDAP connections for HOST:PORT to ADDR:PORT (curl's "
     "semantics, repeatable)"},
    {"rdap-bootstrap", 0, "FILE", OPT_RDAP_BOOTSTRAP,
     "RDAP bootstrap (IANA dns.json format) instead of the built-in copy"},
    {"whois-server", 0, "SUFFIX=HOST[:PORT]", OPT_WHOIS_SERVER,
     "ask this WHOIS server for domains under SUFFIX (repeatable)"},
    {"no-rdap", 0, NULL, OPT_NO_RDAP, "do not use RDAP"},
    {"no-whois", 0, NULL, OPT_NO_WHOIS, "do not use WHOIS"},
    {"no-dns", 0, NULL, OPT_NO_DNS, "do not look the domain up in DNS"},
    {"record", 0, "DIR", OPT_RECORD,
     "store every raw reply and the verdict under DIR/<domain>/"},
    {"replay", 0, "DIR", OPT_REPLAY,
     "answer every lookup from a --record folder, with no network"},
    {"cache", 0, "FILE", OPT_CACHE,
     "keep WHOIS/RDAP answers in this SQLite file (default "
     "~/.cache/domcheck/lookups.sqlite)"},
    {"no-cache", 0, NULL, OPT_NO_CACHE, "neither read nor write the cache"},
    {"max-age", 0, "AGE", OPT_MAX_AGE,
     "use cached answers at most AGE old: seconds, or with s/m/h/d "
     "(default 1h; 0 asks again)"},
    {"server-limit", 0, "HOST=CONN,PERMIN", OPT_SERVER_LIMIT,
     "at most CONN connections and PERMIN queries a minute to HOST ('*' for "
     "all; 0 = no limit; repeatable)"},
    {"batch", 'b', "FILE", OPT_BATCH,
     "check every row of FILE ('-': standard input): one domain a line, CSV "
     "with a header, or JSON Lines; writes JSON Lines (see README)"},
    {"jobs", 'j', "N", OPT_JOBS, "domains looked up at once (default 64)"},
    {"unordered", 0, NULL, OPT_UNORDERED,
     "batch: write rows as they finish, not in input order"},
    {"format", 0, "jsonl|csv", OPT_FORMAT, "batch output format"},
    {"progress", 0, NULL, OPT_PROGRESS,
     "batch: progress line on standard error even when not a terminal"},
    {"no-progress", 0, NULL, OPT_NO_PROGRESS, "batch: no progress line"},
    {"shard", 0, "K/N", OPT_SHARD,
     "batch: only the rows of shard K of N (0 <= K < N, by domain hash)"},
    {"json", 0, NULL, OPT_JSON, "one JSON object per domain, one per line"},
    {"pretty", 0, NULL, OPT_PRETTY, "indent the JSON"},
    {"lang", 'l', "zh|en", OPT_LANG,
     "language of the report (default: from the locale)"},
    {"as-of", 0, "DATE", OPT_AS_OF,
     "judge expiry and ID validity at DATE (YYYY-MM-DD or RFC 3339)"},
    {"rules", 0, "DIR", OPT_RULES,
     "rule data: a provider's edited copy of tld-list/ (files it lacks keep "
     "the built-in content)"},
    {"policy", 0, "KEY=VALUE", OPT_POLICY,
     "override a knob of tld-list/policy.txt (repeatable)"},
    {"color", 0, NULL, OPT_COLOR, "colour the report even when not a terminal"},
    {"no-color", 0, NULL, OPT_NO_COLOR, "never colour the report"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
    {"version", 'V', NULL, OPT_VERSION, "show the version"},
};

void cli_usage(FILE *out)
{
  size_t i;
  (void)fputs("Usage: domcheck [OPTIONS] DOMAIN...\n"
              "Can DOMAIN be used for a China ICP filing (ICP备案)?\n\n"
              "Options:\n",
              out);
  for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
    char left[64];
    if (opts[i].short_name != 0) {
      (void)snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].short_name,
                     opts[i].name, opts[i].arg != NULL ? " " : "",
                     opts[i].arg != NULL ? opts[i].arg : "");
    } else {
      (void)snprintf(left, sizeof(left), "    --%s%s%s", opts[i].name,
                     opts[i].arg != NULL ? " " : "",
                     opts[i].arg != NULL ? opts[i].arg : "");
    }
    (void)fprintf(out, "  %-28s %s\n", left, opts[i].help);
  }
  (void)fputs(
      "\nExit status:\n"
      "  0   every domain eligible (or not required by the filing type)\n"
      "  1   at least one domain ineligible\n"
      "  2   at least one indeterminate, none ineligible\n"
      "  64  usage error        65  bad subject or rules file\n"
      "  66  input file missing 70  internal error\n",
      out);
}

static void usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
  va_list ap;
  (void)fputs("domcheck: ", stderr);
  va_start(ap, fmt);
  (void)vfprintf(stderr, fmt, ap);
  va_end(ap);
  (void)fputs("\nTry 'domcheck --help'.\n", stderr);
}

static dc_lang_t lang_from_locale(void)
{
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  size_t                   i;
  for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
    const char *v = getenv(vars[i]);
    if (v != NULL && v[0] != '\0') {
      return strncmp(v, "zh", 2) == 0 ? DC_LANG_ZH : DC_LANG_EN;
    }
  }
  return DC_LANG_EN;
}

static int apply(struct cli_args *a, const struct cli_opt *o, const char *v)
{
  switch (o->id) {
    case OPT_SUBJECT:
      a->subject = v;
      break;
    case OPT_PROVINCE:
      a->province = v;
      break;
    case OPT_FILING_TYPE:
      if (dc_filing_type_parse(&a->filing_type, v) != DC_OK) {
        usage_error("unknown filing type '%s' (first, new-site, change, "
                    "access, cancel-subject, cancel-site, cancel-access)",
                    v);
        return EXIT_USAGE;
      }
      a->has_filing_type = true;
      break;
    case OPT_WHOIS_FILE:
    case OPT_RDAP_FILE:
      if (a->nevidence == CLI_MAX_LIST) {
        usage_error("too many evidence files (at most %d)", CLI_MAX_LIST);
        return EXIT_USAGE;
      }
      a->evidence[a->nevidence].source =
          o->id == OPT_RDAP_FILE ? DC_SOURCE_RDAP : DC_SOURCE_WHOIS;
      a->evidence[a->nevidence].path      = v;
      a->evidence[a->nevidence].server[0] = '\0';
      {
        /* SERVER=FILE: a host name before '=' says who sent the reply. */
        const char *eq = strchr(v, '=');
        size_t      n  = eq == NULL ? 0 : (size_t)(eq - v);
        if (n > 0 && n < sizeof(a->evidence[0].server) &&
            strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789.-") == n &&
            memchr(v, '.', n) != NULL) {
          memcpy(a->evidence[a->nevidence].server, v, n);
          a->evidence[a->nevidence].server[n] = '\0';
          a->evidence[a->nevidence].path      = eq + 1;
        }
      }
      a->nevidence++;
      break;
    case OPT_JSON:
      a->json = true;
      break;
    case OPT_PRETTY:
      a->pretty = true;
      a->json   = true;
      break;
    case OPT_LANG:
      if (strcmp(v, "zh") == 0) {
        a->lang = DC_LANG_ZH;
      } else if (strcmp(v, "en") == 0) {
        a->lang = DC_LANG_EN;
      } else {
        usage_error("--lang takes zh or en, not '%s'", v);
        return EXIT_USAGE;
      }
      break;
    case OPT_AS_OF:
      if (dc_parse_time(v, &a->as_of) != DC_OK) {
        usage_error("--as-of takes YYYY-MM-DD or an RFC 3339 time, not '%s'",
                    v);
        return EXIT_USAGE;
      }
      a->has_as_of = true;
      break;
    case OPT_RULES:
      a->rules_dir = v;
      break;
    case OPT_POLICY:
      if (a->npolicy == CLI_MAX_LIST || strchr(v, '=') == NULL) {
        usage_error("--policy takes KEY=VALUE, not '%s'", v);
        return EXIT_USAGE;
      }
      a->policy[a->npolicy++] = v;
      break;
    case OPT_COLOR:
      a->color = 1;
      break;
    case OPT_NO_COLOR:
      a->color = 0;
      break;
    case OPT_HELP:
      a->help = true;
      break;
    case OPT_VERSION:
      a->version = true;
      break;
    case OPT_TIMEOUT:
    {
      char  *end = NULL;
      double sec = strtod(v, &end);
      if (end == v || *end != '\0' || !(sec >= 0.1 && sec <= 600)) {
        usage_error("--timeout takes seconds from 0.1 to 600, not '%s'", v);
        return EXIT_USAGE;
      }
      a->timeout_ms = (int)(sec * 1000);
      break;
    }
    case OPT_RESOLVER:
      if (a->nresolvers == CLI_MAX_LIST) {
        usage_error("too many --resolver options (%s)", v);
        return EXIT_USAGE;
      }
      a->resolvers[a->nresolvers++] = v;
      break;
    case OPT_CONNECT_TO:
      if (a->nconnect_to == sizeof(a->connect_to) / sizeof(a->connect_to[0])) {
        usage_error("too many --connect-to options (%s)", v);
        return EXIT_USAGE;
      }
      a->connect_to[a->nconnect_to++] = v;
      break;
    case OPT_RDAP_BOOTSTRAP:
      a->rdap_bootstrap = v;
      break;
    case OPT_WHOIS_SERVER:
      if (a->nwhois_servers == CLI_MAX_LIST || strchr(v, '=') == NULL) {
        usage_error("--whois-server takes SUFFIX=HOST[:PORT], not '%s'", v);
        return EXIT_USAGE;
      }
      a->whois_servers[a->nwhois_servers++] = v;
      break;
    case OPT_NO_RDAP:
      a->lookups &= ~DC_LOOKUP_RDAP;
      break;
    case OPT_NO_WHOIS:
      a->lookups &= ~DC_LOOKUP_WHOIS;
      break;
    case OPT_NO_DNS:
      a->lookups &= ~DC_LOOKUP_DNS;
      break;
    case OPT_RECORD:
      a->record_dir = v;
      break;
    case OPT_REPLAY:
      a->replay_dir = v;
      break;
    case OPT_CACHE:
      a->cache = v;
      break;
    case OPT_NO_CACHE:
      a->no_cache = true;
      break;
    case OPT_MAX_AGE:
    {
      char     *end = NULL;
      long long n   = strtoll(v, &end, 10);
      long long mul = 1;
      if (end != v && *end != '\0' && end[1] == '\0') {
        mul = *end == 's'   ? 1
              : *end == 'm' ? 60
              : *end == 'h' ? 3600
              : *end == 'd' ? 86400
                            : 0;
        end++;
      }
      if (end == v || *end != '\0' || n < 0 || mul == 0 ||
          n > 3650LL * 86400 / mul) {
        usage_error("--max-age takes seconds or 30m, 6h, 2d, not '%s'", v);
        return EXIT_USAGE;
      }
      a->max_age = (int64_t)(n * mul);
      break;
    }
    case OPT_BATCH:
      a->batch      = true;
      a->batch_file = v;
      break;
    case OPT_JOBS:
    {
      char *end = NULL;
      long  n   = strtol(v, &end, 10);
      if (end == v || *end != '\0' || n < 1 || n > 65536) {
        usage_error("--jobs takes 1 to 65536, not '%s'", v);
        return EXIT_USAGE;
      }
      a->jobs = (int)n;
      break;
    }
    case OPT_UNORDERED:
      a->unordered = true;
      break;
    case OPT_FORMAT:
      if (strcmp(v, "csv") == 0) {
        a->format_csv = true;
      } else if (strcmp(v, "jsonl") == 0 || strcmp(v, "json") == 0) {
        a->format_csv = false;
      } else {
        usage_error("--format takes jsonl or csv, not '%s'", v);
        return EXIT_USAGE;
      }
      break;
    case OPT_PROGRESS:
      a->progress = 1;
      break;
    case OPT_NO_PROGRESS:
      a->progress = 0;
      break;
    case OPT_SHARD:
    {
      char              *end = NULL;
      unsigned long long k   = strtoull(v, &end, 10);
      unsigned long long n   = 0;
      if (end != v && *end == '/') {
        const char *p = end + 1;
        n             = strtoull(p, &end, 10);
        if (end == p) {
          n = 0;
        }
      }
      if (n < 1 || *end != '\0' || k >= n || v[0] == '-') {
        usage_error("--shard takes K/N with 0 <= K < N, not '%s'", v);
        return EXIT_USAGE;
      }
      a->shard_k = k;
      a->shard_n = n;
      break;
    }
    case OPT_SERVER_LIMIT:
      if (a->nlimits == CLI_MAX_LIST || strchr(v, '=') == NULL ||
          strchr(v, ',') == NULL) {
        usage_error("--server-limit takes HOST=CONN,PERMIN, not '%s'", v);
        return EXIT_USAGE;
      }
      a->limits[a->nlimits++] = v;
      break;
  }
  return 0;
}

static const struct cli_opt *find_long(const char *name, size_t len)
{
  size_t i;
  for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
    if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) {
      return &opts[i];
    }
  }
  return NULL;
}

static const struct cli_opt *find_short(char c)
{
  size_t i;
  for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
    if (opts[i].short_name == c) {
      return &opts[i];
    }
  }
  return NULL;
}

int cli_parse(struct cli_args *a, int argc, char **argv)
{
  int  i;
  bool only_operands = false;

  memset(a, 0, sizeof(*a));
  a->color    = -1;
  a->lookups  = DC_LOOKUP_ALL;
  a->max_age  = -1;
  a->jobs     = 64;
  a->progress = -1;
  a->lang     = lang_from_locale();
  for (i = 1; i < argc; i++) {
    const char           *arg = argv[i];
    const struct cli_opt *o   = NULL;
    const char           *val = NULL;
    int                   rc;

    if (only_operands || arg[0] != '-' || arg[1] == '\0') {
      if (a->ndomains == sizeof(a->domains) / sizeof(a->domains[0])) {
        usage_error("too many domains on the command line (%s)", arg);
        return EXIT_USAGE;
      }
      a->domains[a->ndomains++] = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_operands = true;
      continue;
    }
    if (arg[1] == '-') {
      const char *eq = strchr(arg + 2, '=');
      size_t      n  = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
      o              = find_long(arg + 2, n);
      if (o == NULL) {
        usage_error("unknown option '%s'", arg);
        return EXIT_USAGE;
      }
      if (eq != NULL) {
        if (o->arg == NULL) {
          usage_error("option '%s' takes no value", arg);
          return EXIT_USAGE;
        }
        val = eq + 1;
      }
    } else {
      o = find_short(arg[1]);
      if (o == NULL || (arg[2] != '\0' && o->arg == NULL)) {
        usage_error("unknown option '%s'", arg);
        return EXIT_USAGE;
      }
      if (arg[2] != '\0') {
        val = arg + 2;
      }
    }
    if (o->arg != NULL && val == NULL) {
      if (i + 1 >= argc) {
        usage_error("option '%s' needs a value", arg);
        return EXIT_USAGE;
      }
      val = argv[++i];
    }
    rc = apply(a, o, val);
    if (rc != 0) {
      return rc;
    }
  }
  if (!a->help && !a->version && a->ndomains == 0 && !a->batch) {
    usage_error("no domain given");
    return EXIT_USAGE;
  }
  if (a->batch && (a->ndomains > 0 || a->nevidence > 0)) {
    usage_error("--batch takes its domains from the file, not from the "
                "command line or --whois-file");
    return EXIT_USAGE;
  }
  if (a->replay_dir != NULL && a->nevidence > 0) {
    usage_error("--replay and --whois-file/--rdap-file exclude each other");
    return EXIT_USAGE;
  }
  return 0;
}
