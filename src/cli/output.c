/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/cli/output.c - the human report and the JSON lines
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define C_RESET  "\033[0m"
#define C_BOLD   "\033[1m"
#define C_RED    "\033[31m"
#define C_GREEN  "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BLUE   "\033[34m"
#define C_DIM    "\033[2m"

bool cli_use_color(const struct cli_args *a, FILE *out)
{
  const char *no = getenv("NO_COLOR");
  if (a->color >= 0) {
    return a->color == 1;
  }
  if (no != NULL && no[0] != '\0') {
    return false;
  }
  return isatty(fileno(out)) == 1;
}

static const char *verdict_word(dc_verdict_t v, dc_lang_t lang)
{
  static const char *const zh[] = {"可以备案", "不可备案", "无法确定",
                                   "无需核验"};
  static const char *const en[] = {"ELIGIBLE", "INELIGIBLE", "INDETERMINATE",
                                   "NOT REQUIRED"};
  if ((unsigned)v >= DC_VERDICT_COUNT_) {
    return "?";
  }
  return lang == DC_LANG_ZH ? zh[v] : en[v];
}

static const char *verdict_color(dc_verdict_t v)
{
  switch (v) {
    case DC_VERDICT_ELIGIBLE:
      return C_GREEN;
    case DC_VERDICT_INELIGIBLE:
      return C_RED;
    case DC_VERDICT_INDETERMINATE:
      return C_YELLOW;
    case DC_VERDICT_NOT_REQUIRED:
    case DC_VERDICT_COUNT_:
      break;
  }
  return C_BLUE;
}

static const char *outcome_color(dc_outcome_t o)
{
  switch (o) {
    case DC_OUTCOME_PASS:
      return C_GREEN;
    case DC_OUTCOME_FAIL:
      return C_RED;
    case DC_OUTCOME_WARN:
      return C_YELLOW;
    case DC_OUTCOME_UNKNOWN:
      return C_BLUE;
    case DC_OUTCOME_SKIPPED:
    case DC_OUTCOME_COUNT_:
      break;
  }
  return C_DIM;
}

static const char *outcome_word(dc_outcome_t o, dc_lang_t lang)
{
  static const char *const zh[] = {"通过", "不通过", "注意", "未知", "跳过"};
  static const char *const en[] = {"pass", "FAIL", "warn", "unknown",
                                   "skipped"};
  if ((unsigned)o >= DC_OUTCOME_COUNT_) {
    return "?";
  }
  return lang == DC_LANG_ZH ? zh[o] : en[o];
}

/* Display columns of UTF-8 text: East Asian wide characters (CJK, Hangul,
 * full-width forms) take two, everything else one. */
static size_t columns(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t               w = 0;
  while (*p != '\0') {
    unsigned cp;
    int      n;
    if (*p < 0x80) {
      cp = *p;
      n  = 1;
    } else if (*p >= 0xF0) {
      cp = *p & 0x07u;
      n  = 4;
    } else if (*p >= 0xE0) {
      cp = *p & 0x0Fu;
      n  = 3;
    } else {
      cp = *p & 0x1Fu;
      n  = 2;
    }
    for (int k = 1; k < n && p[k] != '\0'; k++) {
      cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    for (int k = 0; k < n && *p != '\0'; k++) {
      p++;
    }
    w += (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                 (cp >= 0xAC00 && cp <= 0xD7A3) ||
                 (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0xFE30 && cp <= 0xFE4F) ||
                 (cp >= 0xFF00 && cp <= 0xFF60) ||
                 (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000
             ? 2
             : 1;
  }
  return w;
}

static void padded(FILE *out, const char *s, size_t width)
{
  size_t w = columns(s);
  (void)fputs(s, out);
  while (w++ < width) {
    (void)fputc(' ', out);
  }
}

static int print_json(FILE *out, const struct cli_args *a,
                      const dc_result_t *res)
{
  char       *json = NULL;
  dc_status_t st =
      dc_result_to_json(res, a->pretty ? DC_JSON_PRETTY : 0, &json);
  if (st != DC_OK) {
    (void)fprintf(stderr, "domcheck: %s\n", dc_strerror(st));
    return EXIT_SOFTWARE;
  }
  (void)fputs(json, out);
  (void)fputc('\n', out);
  dc_free(json);
  return 0;
}

int cli_print_result(FILE *out, const struct cli_args *a,
                     const dc_result_t *res)
{
  bool         color = cli_use_color(a, out);
  dc_lang_t    lang  = a->lang;
  dc_verdict_t v     = dc_result_verdict(res);
  size_t       i;
  size_t       n;
  const char  *dom;

  if (a->json) {
    return print_json(out, a, res);
  }
  dom = dc_result_domain(res)[0] != '\0' ? dc_result_domain(res)
                                         : dc_result_input(res);
  (void)fprintf(out, "%s%s%s  %s%s%s", color ? C_BOLD : "", dom,
                color ? C_RESET : "", color ? verdict_color(v) : "",
                verdict_word(v, lang), color ? C_RESET : "");
  if (strcmp(dc_result_ascii(res), dc_result_domain(res)) != 0) {
    (void)fprintf(out, "  (%s)", dc_result_ascii(res));
  }
  (void)fputc('\n', out);
  n = dc_result_check_count(res);
  for (i = 0; i < n; i++) {
    dc_outcome_t o   = dc_result_check_outcome(res, i);
    const char  *fix = dc_result_check_fix(res, i, lang);
    (void)fprintf(out, "  %s", color ? outcome_color(o) : "");
    padded(out, outcome_word(o, lang), 8);
    (void)fprintf(out, "%s ", color ? C_RESET : "");
    padded(out, dc_result_check_id(res, i), 19);
    (void)fprintf(out, " %s\n", dc_result_check_message(res, i, lang));
    if (fix != NULL && o != DC_OUTCOME_PASS && o != DC_OUTCOME_SKIPPED) {
      (void)fputs("           ", out);
      padded(out, lang == DC_LANG_ZH ? "→ 处理" : "→ fix", 19);
      (void)fprintf(out, " %s%s%s\n", color ? C_BOLD : "", fix,
                    color ? C_RESET : "");
    }
  }
  return 0;
}

int cli_read_file(const char *path, char **data, size_t *len)
{
  FILE  *f;
  char  *buf = NULL;
  size_t cap = 0;
  size_t n   = 0;

  *data = NULL;
  *len  = 0;
  f     = fopen(path, "rb");
  if (f == NULL) {
    int e = errno;
    (void)fprintf(stderr, "domcheck: %s: %s\n", path, strerror(e));
    return EXIT_NOINPUT; /* missing or unreadable: no input */
  }
  for (;;) {
    size_t got;
    if (n == cap) {
      size_t ncap = cap == 0 ? 65536 : cap * 2;
      char  *nb;
      if (ncap > (size_t)64 * 1024 * 1024) {
        (void)fprintf(stderr, "domcheck: %s: file too large\n", path);
        free(buf);
        (void)fclose(f);
        return EXIT_DATAERR;
      }
      nb = realloc(buf, ncap);
      if (nb == NULL) {
        free(buf);
        (void)fclose(f);
        (void)fprintf(stderr, "domcheck: out of memory\n");
        return EXIT_SOFTWARE;
      }
      buf = nb;
      cap = ncap;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      break;
    }
  }
  if (ferror(f)) {
    (void)fprintf(stderr, "domcheck: %s: read error\n", path);
    free(buf);
    (void)fclose(f);
    return EXIT_NOINPUT;
  }
  (void)fclose(f);
  *data = buf;
  *len  = n;
  return 0;
}

void cli_json_string(FILE *out, const char *s)
{
  if (s == NULL) {
    (void)fputs("null", out);
    return;
  }
  (void)fputc('"', out);
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      (void)fputc('\\', out);
      (void)fputc((int)c, out);
    } else if (c < 0x20) {
      (void)fprintf(out, "\\u%04x", (unsigned)c);
    } else {
      (void)fputc((int)c, out);
    }
  }
  (void)fputc('"', out);
}
