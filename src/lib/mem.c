/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/mem.c - pluggable allocator, string copies, DC_REQUIRE
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static void *(*mem_malloc)(size_t)          = malloc;
static void *(*mem_realloc)(void *, size_t) = realloc;
static void (*mem_free)(void *)             = free;

void dc_set_allocator(void *(*malloc_fn)(size_t),
                      void *(*realloc_fn)(void *, size_t),
                      void (*free_fn)(void *))
{
  if (malloc_fn == NULL || realloc_fn == NULL || free_fn == NULL) {
    mem_malloc  = malloc;
    mem_realloc = realloc;
    mem_free    = free;
    return;
  }
  mem_malloc  = malloc_fn;
  mem_realloc = realloc_fn;
  mem_free    = free_fn;
}

void *dc_malloc(size_t n)
{
  return mem_malloc(n == 0 ? 1 : n);
}

void *dc_calloc(size_t nmemb, size_t size)
{
  void *p;
  if (size != 0 && nmemb > SIZE_MAX / size) {
    return NULL;
  }
  p = dc_malloc(nmemb * size);
  if (p != NULL) {
    memset(p, 0, nmemb * size == 0 ? 1 : nmemb * size);
  }
  return p;
}

void *dc_realloc(void *p, size_t n)
{
  return mem_realloc(p, n == 0 ? 1 : n);
}

void dc_free(void *p)
{
  if (p != NULL) {
    mem_free(p);
  }
}

char *dc_strndup(const char *s, size_t n)
{
  char *d;
  if (s == NULL) {
    return NULL;
  }
  d = dc_malloc(n + 1);
  if (d == NULL) {
    return NULL;
  }
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *dc_strdup(const char *s)
{
  return s == NULL ? NULL : dc_strndup(s, strlen(s));
}

_Noreturn void dc_require_failed(const char *expr, const char *file, int line)
{
  /* The one abort() of the library (house-style rule 15): an internal
   * invariant broke, so nothing the caller could do is safe any more. The
   * expression and place are kept in the core dump's frame. */
  (void)expr;
  (void)file;
  (void)line;
  abort();
}

dc_status_t dc_strlist_pushn(struct dc_strlist *l, const char *s, size_t n)
{
  char *copy;
  if (l->n == l->cap) {
    size_t ncap = l->cap == 0 ? 4 : l->cap * 2;
    char **nv   = dc_realloc(l->v, ncap * sizeof(*nv));
    if (nv == NULL) {
      return DC_ENOMEM;
    }
    l->v   = nv;
    l->cap = ncap;
  }
  copy = dc_strndup(s, n);
  if (copy == NULL) {
    return DC_ENOMEM;
  }
  l->v[l->n++] = copy;
  return DC_OK;
}

dc_status_t dc_strlist_push(struct dc_strlist *l, const char *s)
{
  return dc_strlist_pushn(l, s, strlen(s));
}

bool dc_strlist_contains(const struct dc_strlist *l, const char *s)
{
  size_t i;
  for (i = 0; i < l->n; i++) {
    if (strcmp(l->v[i], s) == 0) {
      return true;
    }
  }
  return false;
}

void dc_strlist_clear(struct dc_strlist *l)
{
  size_t i;
  for (i = 0; i < l->n; i++) {
    dc_free(l->v[i]);
  }
  dc_free(l->v);
  l->v   = NULL;
  l->n   = 0;
  l->cap = 0;
}
