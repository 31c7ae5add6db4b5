/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/testutil.c - helpers shared by the unit tests
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"

char *tu_read_file(const char *path, size_t *len)
{
  FILE  *f = fopen(path, "rb");
  char  *buf;
  long   n;
  size_t got;
  if (f == NULL) {
    return NULL;
  }
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    (void)fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (buf == NULL) {
    (void)fclose(f);
    return NULL;
  }
  got = fread(buf, 1, (size_t)n, f);
  (void)fclose(f);
  buf[got] = '\0';
  if (len != NULL) {
    *len = got;
  }
  return buf;
}

static const char *join(const char *env, const char *dflt, const char *rel)
{
  static char path[4096];
  const char *base = getenv(env);
  if (base == NULL || base[0] == '\0') {
    base = dflt;
  }
  (void)snprintf(path, sizeof(path), "%s/%s", base, rel);
  return path;
}

const char *tu_src_path(const char *rel)
{
  return join("DC_SOURCE_DIR", ".", rel);
}

const char *tu_corpus_path(const char *rel)
{
  return join("DC_CORPUS_DIR", "../shared/corpus", rel);
}

int64_t tu_date(const char *ymd)
{
  int64_t t = 0;
  assert_int_equal(dc_time_parse_user(ymd, &t), DC_OK);
  return t;
}
