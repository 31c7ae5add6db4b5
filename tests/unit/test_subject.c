/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_subject.c - the subject file and the ID checks
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "subject.h"

/* ID numbers the sample files hold: none may appear in a diagnostic. */
static const char *const sample_ids[] = {
    "41010519900307123X", "410105198511206546", "91410105MA9G7KQ05B"};

static void assert_no_id(const dc_diag_t *diag)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(sample_ids); i++) {
    if (strstr(diag->message, sample_ids[i]) != NULL) {
      fail_msg("diagnostic leaks an ID number: %s", diag->message);
    }
  }
}

static dc_subject_t *load_ok(const char *rel)
{
  dc_subject_t *s = NULL;
  dc_diag_t     diag;
  dc_status_t   st = dc_subject_load(&s, tu_src_path(rel), &diag);
  if (st != DC_OK) {
    fail_msg("%s: %s:%u: %s", dc_status_name(st), diag.file, diag.line,
             diag.message);
  }
  assert_non_null(s);
  return s;
}

/* ---- valid files -----------------------------------------------------------
 */

static void test_individual_file(void **state)
{
  dc_subject_t *s = load_ok("tests/data/subjects/individual.json");
  const struct dc_domain_owner *o;
  (void)state;

  assert_int_equal(s->type, DC_SUBJECT_INDIVIDUAL);
  assert_string_equal(s->name, "张三");
  assert_int_equal(s->id_type, DC_ID_RESIDENT);
  assert_string_equal(s->id_number, "41010519900307123X");
  assert_true(s->has_id_valid_until);
  assert_false(s->id_valid_long_term);
  assert_int_equal(s->id_valid_until, tu_date("2035-03-07"));
  assert_false(s->has_legal_rep);
  assert_null(s->legal_rep.name);
  assert_string_equal(s->province, "河南");
  assert_false(s->residence_permit);
  assert_true(s->has_filing);
  assert_true(s->has_filing_type);
  assert_int_equal(s->filing_type, DC_FILING_FIRST);
  assert_false(s->has_first_filed);
  assert_int_equal(s->new_domains.n, 0);
  assert_non_null(strstr(s->file, "individual.json"));

  assert_int_equal(s->nowners, 1);
  o = &s->owners[0];
  assert_string_equal(o->domain, "example.cn");
  assert_string_equal(o->name, "张三");
  assert_int_equal(o->id_type, DC_ID_RESIDENT);
  assert_string_equal(o->id_number, "41010519900307123X");
  assert_true(o->has_verified_at);
  assert_int_equal(o->verified_at, tu_date("2024-01-15"));
  assert_int_equal(o->line, 13);

  /* The sample's ID is a plausible one. */
  assert_int_equal(
      dc_resident_id_check(s->id_number, tu_date("2024-06-01"), NULL),
      DC_IDCHK_OK);
  dc_subject_destroy(s);
}

static void test_organization_file(void **state)
{
  dc_subject_t *s = load_ok("tests/data/subjects/organization.json");
  const struct dc_domain_owner *o;
  (void)state;

  assert_int_equal(s->type, DC_SUBJECT_ORGANIZATION);
  assert_string_equal(s->name, "某某科技有限公司");
  assert_int_equal(s->id_type, DC_ID_USCC);
  assert_string_equal(s->id_number, "91410105MA9G7KQ05B");
  assert_true(s->has_id_valid_until);
  assert_true(s->id_valid_long_term);
  assert_true(s->id_valid_until == INT64_MAX);
  assert_true(s->has_legal_rep);
  assert_string_equal(s->legal_rep.name, "李四");
  assert_int_equal(s->legal_rep.id_type, DC_ID_RESIDENT);
  assert_string_equal(s->legal_rep.id_number, "410105198511206546");
  assert_string_equal(s->province, "河南");
  assert_false(s->residence_permit);
  assert_true(s->has_filing);
  assert_true(s->has_filing_type);
  assert_int_equal(s->filing_type, DC_FILING_CHANGE);
  assert_true(s->has_first_filed);
  assert_int_equal(s->first_filed, tu_date("2019-06-18"));
  assert_int_equal(s->new_domains.n, 1);
  assert_string_equal(s->new_domains.v[0], "example.cn");

  assert_int_equal(s->nowners, 1);
  o = &s->owners[0];
  assert_string_equal(o->domain, "example.cn");
  assert_string_equal(o->name, "某某科技有限公司");
  assert_int_equal(o->id_type, DC_ID_USCC);
  assert_string_equal(o->id_number, "91410105MA9G7KQ05B");
  assert_true(o->has_verified_at);
  /* 10:00 at +08:00 is 02:00 UTC. */
  assert_int_equal(o->verified_at, tu_date("2024-03-01") + (int64_t)2 * 3600);
  assert_int_equal(o->line, 19);

  assert_int_equal(dc_uscc_check(s->id_number, NULL), DC_IDCHK_OK);
  assert_int_equal(
      dc_resident_id_check(s->legal_rep.id_number, tu_date("2024-06-01"), NULL),
      DC_IDCHK_OK);
  dc_subject_destroy(s);
}

static void test_minimal_and_optional(void **state)
{
  static const char text[] =
      "{\"type\":\"individual\",\"name\":\"王五\",\"id_type\":\"居民身份证\","
      "\"id_number\":\"11010519491231002X\",\"id_valid_until\":\"长期\","
      "\"province\":\"  \",\"residence_permit\":true,"
      "\"domain_owner\":{\"a.cn\":{\"name\":\"王五\",\"id_number\":\"\"},"
      "\"b.cn\":{\"name\":\"王五\",\"verified_at\":\"2024-01-02T03:04:05Z\"}}}";
  dc_subject_t *s = NULL;
  dc_diag_t     diag;
  (void)state;

  assert_int_equal(dc_subject_parse(&s, text, strlen(text), NULL, &diag),
                   DC_OK);
  assert_string_equal(s->file, "<string>");
  assert_int_equal(s->id_type, DC_ID_RESIDENT);
  assert_true(s->id_valid_long_term);
  assert_null(s->province); /* blank is absent */
  assert_true(s->residence_permit);
  assert_false(s->has_filing);
  assert_false(s->has_filing_type);
  assert_int_equal(s->nowners, 2);
  assert_string_equal(s->owners[0].domain, "a.cn");
  assert_int_equal(s->owners[0].id_type, DC_ID_NONE);
  assert_null(s->owners[0].id_number);
  assert_false(s->owners[0].has_verified_at);
  assert_true(s->owners[1].has_verified_at);
  assert_int_equal(s->owners[1].verified_at, tu_date("2024-01-02") +
                                                 (int64_t)3 * 3600 +
                                                 (int64_t)4 * 60 + 5);
  dc_subject_destroy(s);

  /* The smallest file: four keys. */
  {
    static const char min[] =
        "{\"type\":\"organization\",\"name\":\"某某科技有限公司\","
        "\"id_type\":\"uscc\",\"id_number\":\"91350100M000100Y43\"}";
    s = NULL;
    assert_int_equal(dc_subject_parse(&s, min, strlen(min), "m.json", &diag),
                     DC_OK);
    assert_int_equal(s->type, DC_SUBJECT_ORGANIZATION);
    assert_false(s->has_id_valid_until);
    assert_false(s->has_legal_rep);
    assert_null(s->province);
    assert_int_equal(s->nowners, 0);
    assert_null(s->owners);
    dc_subject_destroy(s);
  }
}

/* Wrong check digit, a company ID type for a person, an expired ID: all
 * judged later by `subject-valid`, never a load error. */
static void test_implausible_is_not_refused(void **state)
{
  dc_subject_t *s = load_ok("tests/data/subjects/implausible-id.json");
  (void)state;
  assert_int_equal(s->id_type, DC_ID_USCC);
  assert_int_equal(
      dc_resident_id_check(s->id_number, tu_date("2024-06-01"), NULL),
      DC_IDCHK_CHECKSUM);
  assert_int_equal(s->id_valid_until, tu_date("2001-01-01"));
  dc_subject_destroy(s);
}

/* ---- refusals
 * ------------------------------------------------------------------ */

struct refusal {
  const char *file;
  unsigned    line;
  const char *needle;  /* must be in the message */
  const char *needle2; /* and this too, if not NULL */
};

static void test_refused_files(void **state)
{
  static const struct refusal cases[] = {
      {"bad-not-json.json", 4, "JSON", NULL},
      {"bad-top-array.json", 2, "object", NULL},
      {"bad-missing-id-number.json", 2, "\"id_number\"", "missing"},
      {"bad-unknown-key.json", 9, "\"verified\"", "unknown key"},
      {"bad-wrong-type.json", 6, "\"residence_permit\"", "true or false"},
      {"bad-enum.json", 4, "\"id-card\"", "resident-id"},
      {"bad-empty-name.json", 7, "\"name\"", "empty"},
      {"bad-date.json", 6, "\"id_valid_until\"", "YYYY-MM-DD"},
      {"bad-individual-legal-rep.json", 6, "\"legal_representative\"",
       "organization"},
      {"bad-filing-type.json", 7, "\"renewal\"", "new-site"},
  };
  size_t i;
  (void)state;

  for (i = 0; i < DC_ARRAY_LEN(cases); i++) {
    char          rel[256];
    const char   *path;
    dc_subject_t *s = NULL;
    dc_diag_t     diag;
    dc_status_t   st;

    (void)snprintf(rel, sizeof(rel), "tests/data/subjects/%s", cases[i].file);
    path = tu_src_path(rel);
    st   = dc_subject_load(&s, path, &diag);
    if (st != DC_EFORMAT || diag.line != cases[i].line ||
        strstr(diag.message, cases[i].needle) == NULL ||
        (cases[i].needle2 != NULL &&
         strstr(diag.message, cases[i].needle2) == NULL)) {
      fail_msg("%s: got %s line %u: %s", cases[i].file, dc_status_name(st),
               diag.line, diag.message);
    }
    assert_null(s);
    assert_string_equal(diag.file, path);
    assert_no_id(&diag);
  }
}

static void test_not_json_position(void **state)
{
  dc_subject_t *s = NULL;
  dc_diag_t     diag;
  (void)state;

  assert_int_equal(
      dc_subject_load(&s, tu_src_path("tests/data/subjects/bad-not-json.json"),
                      &diag),
      DC_EFORMAT);
  /* The reader stops at the key that should have followed a comma. */
  assert_int_equal(diag.line, 4);
  assert_int_equal(diag.column, 3);
  assert_non_null(strstr(diag.message, "invalid JSON"));

  assert_int_equal(dc_subject_parse(&s, "", 0, "e.json", &diag), DC_EFORMAT);
  assert_string_equal(diag.file, "e.json");
  {
    static const char dup[] = "{\"type\":\"individual\",\n"
                              "\"type\":\"individual\"}";
    assert_int_equal(dc_subject_parse(&s, dup, strlen(dup), NULL, &diag),
                     DC_EFORMAT);
    assert_int_equal(diag.line, 2);
    assert_string_equal(diag.file, "<string>");
  }
  assert_non_null(strstr(diag.message, "duplicate"));
  assert_null(s);
}

struct inline_case {
  const char *text;
  unsigned    line;
  const char *needle;
  const char *needle2;
};

/* Each text is a complete subject with exactly one fault. */
#define HEAD                                                                   \
  "{\"type\":\"individual\",\"name\":\"张三\",\"id_type\":\"resident-id\","  \
  "\"id_number\":\"41010519900307123X\""
#define OHEAD                                                                  \
  "{\"type\":\"organization\",\"name\":\"某某科技有限公司\","          \
  "\"id_type\":\"uscc\",\"id_number\":\"91410105MA9G7KQ05B\""

static void test_refused_inline(void **state)
{
  static const struct inline_case cases[] = {
      /* top level not an object */
      {"\"individual\"", 1, "object", "a string"},
      {"\n\n42", 3, "object", "a number"},
      /* missing required keys: line of the enclosing object */
      {"\n{\"name\":\"张三\",\"id_type\":\"resident-id\",\"id_number\":\"x\"}",
       2, "\"type\"", "missing"},
      {"{\"type\":\"individual\",\n\"name\":\"张三\",\"id_number\":\"x\"}", 1,
       "\"id_type\"", "missing"},
      {OHEAD ",\n\"legal_representative\":\n{\"name\":\"李四\",\n"
             "\"id_number\":\"410105198511206546\"}}",
       3, "\"id_type\"", "legal_representative"},
      {HEAD ",\"domain_owner\":{\n\"example.cn\":{\"id_number\":\"1\"}}}", 2,
       "\"name\"", "example.cn"},
      /* unknown keys: line of the key */
      {HEAD ",\n\"nickname\":\"小张\"}", 2, "\"nickname\"", "unknown key"},
      {HEAD ",\"filing\":{\"type\":\"first\",\n\n\"domains\":[]}}", 3,
       "\"domains\"", "filing"},
      {OHEAD ",\"legal_representative\":{\"name\":\"李四\",\"id_type\":"
             "\"resident-id\",\"id_number\":\"410105198511206546\",\n"
             "\"phone\":\"1\"}}",
       2, "\"phone\"", "legal_representative"},
      /* wrong JSON types */
      {HEAD ",\n\"province\":41}", 2, "\"province\"", "a string"},
      {"{\"type\":\"individual\",\"name\":[\"张三\"],\"id_type\":"
       "\"resident-id\",\"id_number\":\"1\"}",
       1, "\"name\"", "not an array"},
      {HEAD ",\n\"filing\":[]}", 2, "\"filing\"", "an object"},
      {HEAD ",\"filing\":{\"new_domains\":\n\"example.cn\"}}", 2,
       "\"new_domains\"", "array"},
      {HEAD ",\"filing\":{\"new_domains\":[\"a.cn\",\n7]}}", 2,
       "\"new_domains\"", "strings"},
      {HEAD ",\"domain_owner\":\n[]}", 2, "\"domain_owner\"", "an object"},
      {HEAD ",\"domain_owner\":{\"example.cn\":\n\"张三\"}}", 2, "example.cn",
       "an object"},
      {OHEAD ",\"legal_representative\":\n\"李四\"}", 2,
       "\"legal_representative\"", "an object"},
      {HEAD ",\"id_valid_until\":\n20350307}", 2, "\"id_valid_until\"",
       "a string"},
      {HEAD ",\"residence_permit\":\nnull}", 2, "\"residence_permit\"", "null"},
      {HEAD ",\"domain_owner\":{\"example.cn\":{\"name\":\"张三\",\n"
            "\"id_type\":1}}}",
       2, "\"id_type\"", "a string"},
      /* values outside their enumeration */
      {"{\"type\":\n\"company\",\"name\":\"x\",\"id_type\":\"uscc\","
       "\"id_number\":\"1\"}",
       2, "\"company\"", "individual, organization"},
      {OHEAD ",\"filing\":{\n\"type\":\"\"}}", 2, "\"type\"", "cancel-access"},
      {OHEAD ",\"domain_owner\":{\"example.cn\":{\"name\":\"x\",\n"
             "\"id_type\":\"usc\"}}}",
       2, "\"usc\"", "uscc"},
      {OHEAD ",\"legal_representative\":{\"name\":\"李四\",\n\"id_type\":"
             "\"身份证\",\"id_number\":\"410105198511206546\"}}",
       2, "\"身份证\"", "resident-id"},
      /* empty required strings */
      {"{\"type\":\"individual\",\"name\":\"张三\",\"id_type\":\"resident-id\","
       "\n\"id_number\":\"\"}",
       2, "\"id_number\"", "empty"},
      {"{\"type\":\"individual\",\n\"name\":\"\xE3\x80\x80 \","
       "\"id_type\":\"resident-id\",\"id_number\":\"1\"}",
       2, "\"name\"", "empty"},
      {HEAD ",\"domain_owner\":{\"example.cn\":{\n\"name\":\"\"}}}", 2,
       "\"name\"", "empty"},
      {HEAD ",\"domain_owner\":{\n\"\":{\"name\":\"张三\"}}}", 2,
       "\"domain_owner\"", "empty"},
      {HEAD ",\"filing\":{\"new_domains\":[\n\"\"]}}", 2, "\"new_domains\"",
       "empty"},
      /* bad dates */
      {HEAD ",\n\"id_valid_until\":\"2035-02-30\"}", 2, "\"id_valid_until\"",
       "YYYY-MM-DD"},
      {HEAD ",\n\"id_valid_until\":\"2035-03-07T00:00:00Z\"}", 2,
       "\"id_valid_until\"", "long-term"},
      {HEAD ",\"filing\":{\n\"first_filed\":\"2019-6-18\"}}", 2,
       "\"first_filed\"", "YYYY-MM-DD"},
      {HEAD ",\"domain_owner\":{\"example.cn\":{\"name\":\"张三\",\n"
            "\"verified_at\":\"yesterday\"}}}",
       2, "\"verified_at\"", "RFC 3339"},
      /* legal representative of a person, type given after it */
      {"{\"legal_representative\":{\"name\":\"李四\",\"id_type\":"
       "\"resident-id\",\"id_number\":\"410105198511206546\"},\n"
       "\"type\":\"individual\",\"name\":\"张三\",\"id_type\":\"resident-id\","
       "\"id_number\":\"41010519900307123X\"}",
       1, "\"legal_representative\"", "organization"},
  };
  size_t i;
  (void)state;

  for (i = 0; i < DC_ARRAY_LEN(cases); i++) {
    dc_subject_t *s = NULL;
    dc_diag_t     diag;
    dc_status_t   st;

    st = dc_subject_parse(&s, cases[i].text, strlen(cases[i].text), "t.json",
                          &diag);
    if (st != DC_EFORMAT || diag.line != cases[i].line ||
        strstr(diag.message, cases[i].needle) == NULL ||
        (cases[i].needle2 != NULL &&
         strstr(diag.message, cases[i].needle2) == NULL)) {
      fail_msg("case %zu: got %s line %u: %s", i, dc_status_name(st), diag.line,
               diag.message);
    }
    assert_null(s);
    assert_string_equal(diag.file, "t.json");
    assert_true(strlen(diag.message) > 0);
    assert_no_id(&diag);
  }
}

/* An ID number typed where a key or an enumeration value belongs is quoted
 * back masked, never whole. */
static void test_id_never_in_message(void **state)
{
  static const char *const texts[] = {
      "{\"type\":\"individual\",\"name\":\"张三\",\"id_type\":"
      "\"41010519900307123X\",\"id_number\":\"41010519900307123X\"}",
      "{\"type\":\"individual\",\"name\":\"张三\",\"id_type\":\"resident-id\","
      "\"41010519900307123X\":\"id_number\"}",
      "{\"type\":\"individual\",\"41010519900307123X\":1,"
      "\"41010519900307123X\":2}",
      "{\"type\":\"organization\",\"name\":\"x\",\"id_type\":\"uscc\","
      "\"id_number\":\"91410105MA9G7KQ05B\",\"filing\":{\"type\":"
      "\"91410105MA9G7KQ05B\"}}",
  };
  size_t i;
  (void)state;

  for (i = 0; i < DC_ARRAY_LEN(texts); i++) {
    dc_subject_t *s = NULL;
    dc_diag_t     diag;
    assert_int_equal(
        dc_subject_parse(&s, texts[i], strlen(texts[i]), NULL, &diag),
        DC_EFORMAT);
    assert_no_id(&diag);
    assert_null(strstr(diag.message, "1900307"));
  }
}

static void test_too_big(void **state)
{
  size_t        n      = DC_SUBJECT_MAX_BYTES + 1;
  char         *big    = malloc(n);
  char          path[] = "/tmp/dc_test_subject_XXXXXX";
  dc_subject_t *s      = NULL;
  dc_diag_t     diag;
  FILE         *f;
  int           fd;
  (void)state;

  assert_non_null(big);
  memset(big, ' ', n);
  big[0]     = '{';
  big[n - 1] = '}';
  assert_int_equal(dc_subject_parse(&s, big, n, "big.json", &diag), DC_ETOOBIG);
  assert_non_null(strstr(diag.message, "1 MiB"));
  assert_null(s);
  /* Exactly 1 MiB is read (and refused only for what it holds). */
  assert_int_equal(dc_subject_parse(&s, big, n - 1, "big.json", &diag),
                   DC_EFORMAT);

  fd = mkstemp(path);
  assert_true(fd >= 0);
  f = fdopen(fd, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(big, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(dc_subject_load(&s, path, &diag), DC_ETOOBIG);
  assert_non_null(strstr(diag.message, "1 MiB"));
  assert_string_equal(diag.file, path);
  assert_null(s);
  assert_int_equal(unlink(path), 0);
  free(big);
}

static void test_load_errors(void **state)
{
  dc_subject_t *s = NULL;
  dc_diag_t     diag;
  (void)state;

  assert_int_equal(dc_subject_load(&s, "/nonexistent/dir/id.json", &diag),
                   DC_ENOENT);
  assert_string_equal(diag.file, "/nonexistent/dir/id.json");
  assert_non_null(strstr(diag.message, "no such file"));
  assert_null(s);

  /* A directory opens but cannot be read. */
  assert_int_equal(
      dc_subject_load(&s, tu_src_path("tests/data/subjects"), &diag), DC_EIO);
  assert_non_null(strstr(diag.message, "cannot read"));
  assert_null(s);

  assert_int_equal(dc_subject_load(NULL, "x", &diag), DC_EINVAL);
  assert_int_equal(dc_subject_load(&s, NULL, NULL), DC_EINVAL);
  assert_int_equal(dc_subject_parse(NULL, "{}", 2, NULL, NULL), DC_EINVAL);
  assert_int_equal(dc_subject_parse(&s, NULL, 2, NULL, NULL), DC_EINVAL);
  /* No diag is fine. */
  assert_int_equal(dc_subject_parse(&s, "[]", 2, NULL, NULL), DC_EFORMAT);
  dc_subject_destroy(NULL);
}

static void test_copy(void **state)
{
  dc_subject_t *a = load_ok("tests/data/subjects/organization.json");
  dc_subject_t *b = NULL;
  (void)state;

  assert_int_equal(dc_subject_copy(&b, a), DC_OK);
  assert_ptr_not_equal(a->name, b->name);
  assert_ptr_not_equal(a->owners, b->owners);
  assert_ptr_not_equal(a->new_domains.v[0], b->new_domains.v[0]);
  dc_subject_destroy(a); /* b must not depend on a */
  assert_string_equal(b->file + strlen(b->file) - strlen("organization.json"),
                      "organization.json");
  assert_string_equal(b->name, "某某科技有限公司");
  assert_string_equal(b->id_number, "91410105MA9G7KQ05B");
  assert_true(b->id_valid_long_term);
  assert_string_equal(b->legal_rep.name, "李四");
  assert_string_equal(b->legal_rep.id_number, "410105198511206546");
  assert_string_equal(b->province, "河南");
  assert_int_equal(b->filing_type, DC_FILING_CHANGE);
  assert_int_equal(b->first_filed, tu_date("2019-06-18"));
  assert_int_equal(b->new_domains.n, 1);
  assert_string_equal(b->new_domains.v[0], "example.cn");
  assert_int_equal(b->nowners, 1);
  assert_string_equal(b->owners[0].domain, "example.cn");
  assert_string_equal(b->owners[0].id_number, "91410105MA9G7KQ05B");
  assert_int_equal(b->owners[0].line, 19);
  dc_subject_destroy(b);
  assert_int_equal(dc_subject_copy(NULL, b), DC_EINVAL);
  assert_int_equal(dc_subject_copy(&b, NULL), DC_EINVAL);
}

/* ---- allocation failures
 * ------------------------------------------------------ */

static long fail_at = -1; /* the allocation that fails; -1 never */
static long nallocs;

static void *failing_malloc(size_t n)
{
  if (nallocs++ == fail_at) {
    return NULL;
  }
  return malloc(n);
}

static void *failing_realloc(void *p, size_t n)
{
  if (nallocs++ == fail_at) {
    return NULL;
  }
  return realloc(p, n);
}

static void test_out_of_memory(void **state)
{
  char         *text;
  size_t        len = 0;
  long          i;
  bool          done_parse = false;
  dc_subject_t *a          = NULL;
  (void)state;

  text =
      tu_read_file(tu_src_path("tests/data/subjects/organization.json"), &len);
  assert_non_null(text);
  dc_set_allocator(failing_malloc, failing_realloc, free);
  for (i = 0; !done_parse && i < 10000; i++) {
    dc_subject_t *s = NULL;
    dc_diag_t     diag;
    dc_status_t   st;
    nallocs = 0;
    fail_at = i;
    st      = dc_subject_parse(&s, text, len, "o.json", &diag);
    if (st == DC_OK) {
      done_parse = true;
      dc_subject_destroy(s);
    } else {
      assert_int_equal(st, DC_ENOMEM);
      assert_null(s);
    }
  }
  assert_true(done_parse);
  fail_at = -1;
  assert_int_equal(dc_subject_parse(&a, text, len, "o.json", NULL), DC_OK);
  for (i = 0; i < 10000; i++) {
    dc_subject_t *b = NULL;
    dc_status_t   st;
    nallocs = 0;
    fail_at = i;
    st      = dc_subject_copy(&b, a);
    if (st == DC_OK) {
      dc_subject_destroy(b);
      break;
    }
    assert_int_equal(st, DC_ENOMEM);
    assert_null(b);
  }
  fail_at = -1;
  dc_set_allocator(NULL, NULL, NULL);
  dc_subject_destroy(a);
  free(text);
}

/* ---- ID checks
 * ---------------------------------------------------------------- */

static void test_resident_id(void **state)
{
  struct dc_resident_id_info info;
  int64_t                    as_of = tu_date("2024-06-01");
  (void)state;

  /* GB 11643-1999's own sample. */
  assert_int_equal(dc_resident_id_check("11010519491231002X", as_of, &info),
                   DC_IDCHK_OK);
  assert_string_equal(info.province, "11");
  assert_string_equal(info.region, "110105");
  assert_int_equal(info.birth_year, 1949);
  assert_int_equal(info.birth_month, 12);
  assert_int_equal(info.birth_day, 31);
  assert_true(info.female);
  assert_int_equal(dc_resident_id_check("11010519491231002x", as_of, NULL),
                   DC_IDCHK_OK);
  /* The sample files' IDs: a man in Zhengzhou, a woman. */
  assert_int_equal(dc_resident_id_check("41010519900307123X", as_of, &info),
                   DC_IDCHK_OK);
  assert_false(info.female);
  assert_string_equal(info.province, "41");
  assert_int_equal(dc_resident_id_check("410105198511206546", as_of, &info),
                   DC_IDCHK_OK);
  assert_true(info.female);

  /* Wrong check character. */
  assert_int_equal(dc_resident_id_check("110105194912310021", as_of, NULL),
                   DC_IDCHK_CHECKSUM);
  assert_int_equal(dc_resident_id_check("41010519900307123Y", as_of, NULL),
                   DC_IDCHK_CHARS);
  /* Region no province has (check digit right, so the region decides). */
  assert_int_equal(dc_resident_id_check("990105194912310023", as_of, &info),
                   DC_IDCHK_REGION);
  assert_string_equal(info.region, "990105");
  assert_int_equal(dc_resident_id_check("100105194912310021", as_of, NULL),
                   DC_IDCHK_REGION);
  /* 30 February, born in the future, born before 1900. */
  assert_int_equal(dc_resident_id_check("110105199002301231", as_of, NULL),
                   DC_IDCHK_BIRTHDATE);
  assert_int_equal(dc_resident_id_check("110105203001011231", as_of, NULL),
                   DC_IDCHK_BIRTHDATE);
  assert_int_equal(dc_resident_id_check("110105189912311237", as_of, NULL),
                   DC_IDCHK_BIRTHDATE);
  /* Born on the day judged: fine. */
  assert_int_equal(dc_resident_id_check("110105202406011235", as_of, NULL),
                   DC_IDCHK_OK);
  assert_int_equal(dc_resident_id_check("110105202406011235", as_of - 1, NULL),
                   DC_IDCHK_BIRTHDATE);
  /* Lengths. */
  assert_int_equal(dc_resident_id_check("11010519491231002", as_of, NULL),
                   DC_IDCHK_LENGTH);
  assert_int_equal(dc_resident_id_check("11010519491231002X1", as_of, NULL),
                   DC_IDCHK_LENGTH);
  assert_int_equal(dc_resident_id_check("110105491231002", as_of, NULL),
                   DC_IDCHK_LENGTH);
  assert_int_equal(dc_resident_id_check("", as_of, NULL), DC_IDCHK_LENGTH);
  assert_int_equal(dc_resident_id_check(NULL, as_of, NULL), DC_IDCHK_LENGTH);
  /* Letters. */
  assert_int_equal(dc_resident_id_check("1101051949123100AX", as_of, NULL),
                   DC_IDCHK_CHARS);
  assert_int_equal(dc_resident_id_check("X1010519491231002X", as_of, NULL),
                   DC_IDCHK_CHARS);
  assert_int_equal(dc_resident_id_check("11010519491231002 ", as_of, NULL),
                   DC_IDCHK_CHARS);
  /* The order of verdicts: letters beat a bad region. */
  assert_int_equal(dc_resident_id_check("9901051949123100AX", as_of, NULL),
                   DC_IDCHK_CHARS);
  assert_int_equal(dc_resident_id_check("990105199002301231", as_of, NULL),
                   DC_IDCHK_REGION);
}

static void test_uscc(void **state)
{
  struct dc_uscc_info info;
  (void)state;

  /* The commonly cited sample, checked by our own computation. */
  assert_int_equal(dc_uscc_check("91350100M000100Y43", &info), DC_IDCHK_OK);
  assert_int_equal(info.authority, '9');
  assert_int_equal(info.kind, '1');
  assert_string_equal(info.province, "35");
  assert_string_equal(info.region, "350100");
  assert_int_equal(dc_uscc_check("91350100m000100y43", &info), DC_IDCHK_OK);
  assert_int_equal(dc_uscc_check("91410105MA9G7KQ05B", NULL), DC_IDCHK_OK);
  /* c == 31 gives '0'; a letter as check character. */
  assert_int_equal(dc_uscc_check("91350100MA00000230", NULL), DC_IDCHK_OK);
  assert_int_equal(dc_uscc_check("91110000100000000R", NULL), DC_IDCHK_OK);

  assert_int_equal(dc_uscc_check("91350100M000100Y44", NULL),
                   DC_IDCHK_CHECKSUM);
  assert_int_equal(dc_uscc_check("91410105MA9G7KQ05C", NULL),
                   DC_IDCHK_CHECKSUM);
  /* I, O, Z, S, V are not in the alphabet. */
  assert_int_equal(dc_uscc_check("91350100M000100I43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("91350100MO00100Y43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("91350100Z000100Y43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("91350100M000100S43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("91350100M000100V43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("91350100M000100Y4-", NULL), DC_IDCHK_CHARS);
  /* Registration authority outside 1-9 A N Y; letters in the region. */
  assert_int_equal(dc_uscc_check("B1350100M000100Y43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("01350100M000100Y43", NULL), DC_IDCHK_CHARS);
  assert_int_equal(dc_uscc_check("913501A0M000100Y43", NULL), DC_IDCHK_CHARS);
  /* Region 99 (check character right for it). */
  assert_int_equal(dc_uscc_check("91990100M000100Y4U", &info), DC_IDCHK_REGION);
  assert_string_equal(info.region, "990100");
  /* Lengths. */
  assert_int_equal(dc_uscc_check("91350100M000100Y4", NULL), DC_IDCHK_LENGTH);
  assert_int_equal(dc_uscc_check("91350100M000100Y433", NULL), DC_IDCHK_LENGTH);
  assert_int_equal(dc_uscc_check(NULL, NULL), DC_IDCHK_LENGTH);
}

static void test_org_code(void **state)
{
  (void)state;
  assert_int_equal(dc_org_code_check("D2143569-X"), DC_IDCHK_OK);
  assert_int_equal(dc_org_code_check("D2143569X"), DC_IDCHK_OK);
  assert_int_equal(dc_org_code_check("d2143569-x"), DC_IDCHK_OK);
  assert_int_equal(dc_org_code_check("12345678-8"), DC_IDCHK_OK);
  assert_int_equal(dc_org_code_check("MA9XYZ12-7"), DC_IDCHK_OK);
  assert_int_equal(dc_org_code_check("10007919-0"), DC_IDCHK_OK); /* c=11 */

  assert_int_equal(dc_org_code_check("12345678-9"), DC_IDCHK_CHECKSUM);
  assert_int_equal(dc_org_code_check("D2143569-0"), DC_IDCHK_CHECKSUM);
  assert_int_equal(dc_org_code_check("1234*678-8"), DC_IDCHK_CHARS);
  assert_int_equal(dc_org_code_check("12345678-Y"), DC_IDCHK_CHARS);
  assert_int_equal(dc_org_code_check("1234567-8"), DC_IDCHK_CHARS);
  assert_int_equal(dc_org_code_check("12345678_8"), DC_IDCHK_LENGTH);
  assert_int_equal(dc_org_code_check("12345678"), DC_IDCHK_LENGTH);
  assert_int_equal(dc_org_code_check("12345678--8"), DC_IDCHK_LENGTH);
  assert_int_equal(dc_org_code_check(NULL), DC_IDCHK_LENGTH);
}

static void test_mask(void **state)
{
  char out[64];
  (void)state;

  dc_id_mask("110105194912310021", out, sizeof(out));
  assert_string_equal(out, "110***********0021");
  dc_id_mask("11010519491231002X", out, sizeof(out));
  assert_string_equal(out, "110***********002X");
  dc_id_mask("91350100M000100Y43", out, sizeof(out));
  assert_string_equal(out, "913***********0Y43");
  dc_id_mask("E12345678", out, sizeof(out)); /* 9 chars: 2 and 2 shown */
  assert_string_equal(out, "E1*****78");
  dc_id_mask("ABCD", out, sizeof(out));
  assert_string_equal(out, "A**D");
  dc_id_mask("ABC", out, sizeof(out));
  assert_string_equal(out, "***");
  dc_id_mask("", out, sizeof(out));
  assert_string_equal(out, "");
  dc_id_mask(NULL, out, sizeof(out));
  assert_string_equal(out, "");
  /* Characters, not bytes: 11 code points, 2 shown at each end. */
  dc_id_mask("军字第1234567号", out, sizeof(out));
  assert_string_equal(out, "军字*******7号");
  /* Truncated, always terminated, never inside a character. */
  dc_id_mask("110105194912310021", out, 5);
  assert_string_equal(out, "110*");
  dc_id_mask("军字第1234567号", out, 6);
  assert_string_equal(out, "军");
  out[0] = 'z';
  dc_id_mask("110105194912310021", out, 1);
  assert_string_equal(out, "");
}

static void test_age(void **state)
{
  (void)state;
  /* The birthday itself counts, the day before does not. */
  assert_int_equal(dc_age_at(1990, 3, 7, tu_date("2008-03-07")), 18);
  assert_int_equal(dc_age_at(1990, 3, 7, tu_date("2008-03-06")), 17);
  assert_int_equal(dc_age_at(1990, 3, 7, tu_date("2008-03-07") - 1), 17);
  assert_int_equal(dc_age_at(1990, 3, 7, tu_date("2008-12-31")), 18);
  assert_int_equal(dc_age_at(2008, 6, 1, tu_date("2024-06-01")), 16);
  assert_int_equal(dc_age_at(2008, 6, 2, tu_date("2024-06-01")), 15);
  /* 29 February: a common year's birthday is 1 March. */
  assert_int_equal(dc_age_at(2004, 2, 29, tu_date("2022-02-28")), 17);
  assert_int_equal(dc_age_at(2004, 2, 29, tu_date("2022-03-01")), 18);
  assert_int_equal(dc_age_at(2004, 2, 29, tu_date("2024-02-29")), 20);
  /* Before 1970: noon of 31 December 1969. */
  assert_int_equal(dc_age_at(1950, 1, 1, -43200), 19);
  assert_int_equal(dc_age_at(1949, 12, 31, -43200), 20);
  /* Not born yet. */
  assert_int_equal(dc_age_at(2030, 1, 1, tu_date("2024-06-01")), -6);
}

static void test_province_codes(void **state)
{
  static const char *const known[]   = {"11", "15", "21", "23", "31", "37",
                                        "41", "46", "50", "54", "61", "65",
                                        "71", "81", "82", "83"};
  static const char *const unknown[] = {"00", "10", "16", "20", "24", "30",
                                        "38", "40", "47", "49", "55", "60",
                                        "66", "70", "72", "80", "84", "99"};
  size_t                   i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(known); i++) {
    assert_true(dc_province_code_known(known[i]));
  }
  for (i = 0; i < DC_ARRAY_LEN(unknown); i++) {
    assert_false(dc_province_code_known(unknown[i]));
  }
  assert_true(dc_province_code_known("410105"));
  assert_false(dc_province_code_known("4"));
  assert_false(dc_province_code_known("4a"));
  assert_false(dc_province_code_known(""));
  assert_false(dc_province_code_known(NULL));
}

static void test_id_type_names(void **state)
{
  int t;
  (void)state;
  for (t = DC_ID_RESIDENT; t < DC_ID_COUNT_; t++) {
    const char *name = dc_id_type_name((enum dc_id_type)t);
    assert_non_null(name);
    assert_int_equal(dc_id_type_from_name(name), t);
  }
  assert_null(dc_id_type_name(DC_ID_NONE));
  assert_null(dc_id_type_name(DC_ID_COUNT_));
  assert_string_equal(dc_id_type_name(DC_ID_HK_MACAO_RESIDENCE),
                      "hk-macao-residence-permit");
  assert_string_equal(dc_id_type_name(DC_ID_NON_ENTERPRISE),
                      "non-enterprise-certificate");
  assert_int_equal(dc_id_type_from_name("统一社会信用代码"), DC_ID_USCC);
  assert_int_equal(dc_id_type_from_name("护照"), DC_ID_PASSPORT);
  assert_int_equal(dc_id_type_from_name("Resident-ID"), DC_ID_NONE);
  assert_int_equal(dc_id_type_from_name(""), DC_ID_NONE);
  assert_int_equal(dc_id_type_from_name(NULL), DC_ID_NONE);

  assert_true(dc_id_type_is_personal(DC_ID_RESIDENT));
  assert_true(dc_id_type_is_personal(DC_ID_MILITARY));
  assert_true(dc_id_type_is_personal(DC_ID_OTHER));
  assert_false(dc_id_type_is_personal(DC_ID_USCC));
  assert_false(dc_id_type_is_personal(DC_ID_LAW_FIRM));
  assert_false(dc_id_type_is_personal(DC_ID_NONE));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_individual_file),
      cmocka_unit_test(test_organization_file),
      cmocka_unit_test(test_minimal_and_optional),
      cmocka_unit_test(test_implausible_is_not_refused),
      cmocka_unit_test(test_refused_files),
      cmocka_unit_test(test_not_json_position),
      cmocka_unit_test(test_refused_inline),
      cmocka_unit_test(test_id_never_in_message),
      cmocka_unit_test(test_too_big),
      cmocka_unit_test(test_load_errors),
      cmocka_unit_test(test_copy),
      cmocka_unit_test(test_out_of_memory),
      cmocka_unit_test(test_resident_id),
      cmocka_unit_test(test_uscc),
      cmocka_unit_test(test_org_code),
      cmocka_unit_test(test_mask),
      cmocka_unit_test(test_age),
      cmocka_unit_test(test_province_codes),
      cmocka_unit_test(test_id_type_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
