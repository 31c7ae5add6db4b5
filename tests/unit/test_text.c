/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_text.c - name normalization, case and NFKC helpers
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static void check_norm(const char *in, const char *want)
{
  char *got = dc_name_normalize(in);
  assert_non_null(got);
  assert_string_equal(got, want);
  dc_free(got);
}

static void test_normalize(void **state)
{
  (void)state;
  check_norm("ＡＢＣ有限公司", "abc有限公司");
  check_norm("北京某某（科技）有限公司", "北京某某(科技)有限公司");
  check_norm("北京某某【科技】有限公司", "北京某某(科技)有限公司");
  check_norm("北京某某〔科技〕[有限]{公司}", "北京某某(科技)(有限)(公司)");
  check_norm("Zhang San", "zhangsan");
  check_norm(" ZHANG\xE3\x80\x80SAN\xC2\xA0\t", "zhangsan");
  check_norm("Google, LLC", "google,llc");
  check_norm("买买提•艾力", "买买提\xC2\xB7艾力");
  check_norm("Straße", "strasse");
  check_norm("１２３号", "123号");
  check_norm("", "");
  check_norm("   ", "");
}

static void test_equal(void **state)
{
  (void)state;
  assert_true(dc_name_equal("ＡＢＣ有限公司", "abc有限公司"));
  assert_true(
      dc_name_equal("北京某某（科技）有限公司", "北京某某(科技)有限公司"));
  assert_true(dc_name_equal("Zhang San", "zhangsan"));
  assert_true(dc_name_equal("ZHANG SAN", "zhang\xE3\x80\x80san"));
  assert_false(dc_name_equal("Google LLC", "Google, LLC"));
  assert_false(dc_name_equal("北京某某科技有限公司", "北京某某(科技)有限公司"));
  assert_false(dc_name_equal("张三", "张四"));
  assert_true(dc_name_equal("STRASSE GMBH", "Straße GmbH"));
}

static void test_middle_dots(void **state)
{
  (void)state;
  /* U+00B7, U+2022, U+30FB, U+FF65, U+2027 all mean the same here. */
  assert_true(dc_name_equal("买买提·艾力", "买买提•艾力"));
  assert_true(dc_name_equal("买买提·艾力", "买买提\xE3\x83\xBB艾力"));
  assert_true(dc_name_equal("买买提·艾力", "买买提\xEF\xBD\xA5艾力"));
  assert_true(dc_name_equal("买买提·艾力", "买买提\xE2\x80\xA7艾力"));
  assert_true(dc_name_equal("买买提 · 艾力", "买买提·艾力"));
  assert_false(dc_name_equal("买买提·艾力", "买买提艾力"));
  assert_false(dc_name_equal("买买提·艾力", "买买提.艾力"));
}

static void test_invalid_utf8(void **state)
{
  (void)state;
  assert_null(dc_name_normalize("abc\xFF"));
  assert_null(dc_name_normalize("\xC3"));         /* truncated */
  assert_null(dc_name_normalize("\xC0\xAF"));     /* overlong '/' */
  assert_null(dc_name_normalize("\xED\xA0\x80")); /* surrogate */
  assert_null(dc_name_normalize(NULL));
  assert_false(dc_name_equal("abc\xFF", "abc\xFF"));
  assert_false(dc_name_equal("abc", "abc\xFF"));
  assert_false(dc_name_equal(NULL, NULL));
  assert_null(dc_nfkc("\xFF"));
  assert_null(dc_nfkc(NULL));
}

static void test_ascii_lower(void **state)
{
  char s[] = "ABC-xyz_09 例子 ÄÖ";
  (void)state;
  dc_ascii_lower(s);
  assert_string_equal(s, "abc-xyz_09 例子 ÄÖ");
  dc_ascii_lower(NULL);
}

static void test_nfkc(void **state)
{
  char *s;
  (void)state;
  s = dc_nfkc("ＡＢＣ１２３（有限）：／．");
  assert_non_null(s);
  assert_string_equal(s, "ABC123(有限):/.");
  dc_free(s);
  s = dc_nfkc("");
  assert_non_null(s);
  assert_string_equal(s, "");
  dc_free(s);
  /* NFKC keeps case; U+FF61 becomes U+3002, U+3000 a space. */
  s = dc_nfkc("Ａ\xEF\xBD\xA1\xE3\x80\x80"
              "b");
  assert_non_null(s);
  assert_string_equal(s, "A\xE3\x80\x82 b");
  dc_free(s);
  /* Composition: e + U+0301 is é. */
  s = dc_nfkc("e\xCC\x81");
  assert_non_null(s);
  assert_string_equal(s, "\xC3\xA9");
  dc_free(s);
}

static int alloc_budget = -1; /* allocations left; -1: unlimited */

static void *budget_malloc(size_t n)
{
  if (alloc_budget == 0) {
    return NULL;
  }
  if (alloc_budget > 0) {
    alloc_budget--;
  }
  return malloc(n);
}

static void *budget_realloc(void *p, size_t n)
{
  if (alloc_budget == 0) {
    return NULL;
  }
  if (alloc_budget > 0) {
    alloc_budget--;
  }
  return realloc(p, n);
}

static void test_enomem(void **state)
{
  char *s = NULL;
  int   k;
  (void)state;
  dc_set_allocator(budget_malloc, budget_realloc, free);
  for (k = 0; k < 100 && s == NULL; k++) {
    alloc_budget = k;
    s = dc_name_normalize("北京某某（科技）有限公司 ABC");
  }
  alloc_budget = -1;
  dc_set_allocator(NULL, NULL, NULL);
  assert_true(k > 1);
  assert_non_null(s);
  assert_string_equal(s, "北京某某(科技)有限公司abc");
  dc_free(s);
  alloc_budget = 0;
  dc_set_allocator(budget_malloc, budget_realloc, free);
  s = dc_nfkc("ＡＢＣ");
  assert_null(s);
  assert_false(dc_name_equal("a", "a"));
  alloc_budget = -1;
  dc_set_allocator(NULL, NULL, NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize),   cmocka_unit_test(test_equal),
      cmocka_unit_test(test_middle_dots), cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_ascii_lower), cmocka_unit_test(test_nfkc),
      cmocka_unit_test(test_enomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
