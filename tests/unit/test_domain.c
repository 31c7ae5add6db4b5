/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_domain.c - domain input, IDNA and registrable domain
 */
#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

/* The suffixes tld-list/ adds on top of the PSL, as the callback sees them. */
static bool extra_suffix(void *ud, const char *suffix)
{
  int *calls = ud;
  if (calls != NULL) {
    (*calls)++;
  }
  return strcmp(suffix, "xn--zfr164b.cn") == 0 || /* 政务.cn */
         strcmp(suffix, "gs.cn") == 0;
}

struct want {
  const char *host_ascii;
  const char *host_unicode;
  const char *ascii;
  const char *unicode;
  const char *suffix_ascii;
  const char *suffix_unicode;
  const char *tld_ascii;
  const char *tld_unicode;
};

static void check_ok(const char *input, dc_suffix_fn extra,
                     const struct want *w)
{
  struct dc_domain d;
  dc_domain_init(&d);
  assert_int_equal(dc_domain_parse(&d, input, extra, NULL), DC_OK);
  if (!d.ok) {
    fail_msg("\"%s\": %s: %s", input, d.err_code, d.err_detail);
  }
  assert_null(d.err_code);
  assert_null(d.err_detail);
  assert_string_equal(d.input, input);
  assert_string_equal(d.host_ascii, w->host_ascii);
  assert_string_equal(d.host_unicode, w->host_unicode);
  assert_string_equal(d.ascii, w->ascii);
  assert_string_equal(d.unicode, w->unicode);
  assert_string_equal(d.suffix_ascii, w->suffix_ascii);
  assert_string_equal(d.suffix_unicode, w->suffix_unicode);
  assert_string_equal(d.tld_ascii, w->tld_ascii);
  assert_string_equal(d.tld_unicode, w->tld_unicode);
  dc_domain_clear(&d);
}

/* Shorthand for an ASCII name: unicode forms equal the ASCII ones. */
static void check_ascii(const char *input, const char *host, const char *ascii,
                        const char *suffix, const char *tld)
{
  struct want w = {host, host, ascii, ascii, suffix, suffix, tld, tld};
  check_ok(input, NULL, &w);
}

/* Returns the detail for further checks; the caller dc_free()s it. */
static char *check_err(const char *input, const char *code)
{
  struct dc_domain d;
  char            *detail;
  dc_domain_init(&d);
  assert_int_equal(dc_domain_parse(&d, input, extra_suffix, NULL), DC_OK);
  if (d.ok) {
    fail_msg("\"%s\" accepted as %s", input, d.ascii);
  }
  assert_non_null(d.err_code);
  if (strcmp(d.err_code, code) != 0) {
    fail_msg("\"%s\": want %s, got %s: %s", input, code, d.err_code,
             d.err_detail);
  }
  assert_non_null(d.err_detail);
  assert_null(d.ascii);
  assert_null(d.unicode);
  assert_null(d.suffix_ascii);
  assert_null(d.tld_ascii);
  detail       = d.err_detail;
  d.err_detail = NULL;
  dc_domain_clear(&d);
  return detail;
}

static void check_err_detail(const char *input, const char *code,
                             const char *detail)
{
  char *got = check_err(input, code);
  if (strstr(got, detail) == NULL) {
    fail_msg("\"%s\": detail \"%s\" lacks \"%s\"", input, got, detail);
  }
  dc_free(got);
}

static void check_err_only(const char *input, const char *code)
{
  dc_free(check_err(input, code));
}

/* ---- accepted ------------------------------------------------------------ */

static void test_idn_cn(void **state)
{
  static const struct want w = {"xn--fsqu00a.xn--fiqs8s",
                                "例子.中国",
                                "xn--fsqu00a.xn--fiqs8s",
                                "例子.中国",
                                "xn--fiqs8s",
                                "中国",
                                "xn--fiqs8s",
                                "中国"};
  (void)state;
  check_ok("例子.中国", NULL, &w);
  /* Ideographic full stops, the A-label form and a mix of both. */
  check_ok("例子。中国", NULL, &w);
  check_ok("例子．中国", NULL, &w);
  check_ok("例子｡中国", NULL, &w);
  check_ok("xn--fsqu00a.xn--fiqs8s", NULL, &w);
  check_ok("XN--FSQU00A.XN--FIQS8S", NULL, &w);
  check_ok("xn--fsqu00a.中国", NULL, &w);
  check_ok("ｈｔｔｐｓ：／／例子．中国／路径", NULL, &w);
}

static void test_full_width_and_case(void **state)
{
  (void)state;
  check_ascii("ＥＸＡＭＰＬＥ．ＣＯＭ", "example.com", "example.com", "com",
              "com");
  check_ascii("Ｅｘａｍｐｌｅ．ｃｏｍ", "example.com", "example.com", "com",
              "com");
  check_ascii("EXAMPLE.COM", "example.com", "example.com", "com", "com");
  check_ascii("ｗｗｗ．ｅｘａｍｐｌｅ１２３．ｃｏｍ", "www.example123.com",
              "example123.com", "com", "com");
}

static void test_white_space(void **state)
{
  (void)state;
  check_ascii("  example.com\t\n", "example.com", "example.com", "com", "com");
  check_ascii("\xE3\x80\x80"
              "example.com"
              "\xE3\x80\x80",
              "example.com", "example.com", "com", "com");
  check_ascii("\xC2\xA0"
              "example.com"
              "\xEF\xBB\xBF",
              "example.com", "example.com", "com", "com");
}

static void test_url(void **state)
{
  (void)state;
  check_ascii("https://user@WWW.Example.com:8080/p?q#f", "www.example.com",
              "example.com", "com", "com");
  check_ascii("http://user:pw@example.com", "example.com", "example.com", "com",
              "com");
  check_ascii("//example.com/x", "example.com", "example.com", "com", "com");
  check_ascii("example.com/path/to?x=http://other.org", "example.com",
              "example.com", "com", "com");
  check_ascii("example.com:443", "example.com", "example.com", "com", "com");
  check_ascii("www.example.com?q", "www.example.com", "example.com", "com",
              "com");
  check_ascii("www.example.com#top", "www.example.com", "example.com", "com",
              "com");
  check_ascii("HTTP://Example.COM.:80/", "example.com", "example.com", "com",
              "com");
  check_ascii("git+ssh://example.org", "example.org", "example.org", "org",
              "org");
}

static void test_psl(void **state)
{
  static const struct want gongsi = {"www.xn--fsqu00a.xn--55qx5d.cn",
                                     "www.例子.公司.cn",
                                     "xn--fsqu00a.xn--55qx5d.cn",
                                     "例子.公司.cn",
                                     "xn--55qx5d.cn",
                                     "公司.cn",
                                     "cn",
                                     "cn"};
  (void)state;
  check_ascii("www.shop.example.com.cn", "www.shop.example.com.cn",
              "example.com.cn", "com.cn", "cn");
  check_ascii("example.com.", "example.com", "example.com", "com", "com");
  check_ascii("a.b.gov.cn", "a.b.gov.cn", "b.gov.cn", "gov.cn", "cn");
  check_ascii("example.cn", "example.cn", "example.cn", "cn", "cn");
  /* PRIVATE section ignored: foo.github.io is filed as github.io. */
  check_ascii("foo.github.io", "foo.github.io", "github.io", "io", "io");
  check_ascii("github.io", "github.io", "github.io", "io", "io");
  check_ascii("x.blogspot.com", "x.blogspot.com", "blogspot.com", "com", "com");
  /* The "*" rule: an unknown TLD is a suffix. */
  check_ascii("example.zzzz", "example.zzzz", "example.zzzz", "zzzz", "zzzz");
  /* Wildcard and exception rules: *.ck, !www.ck. */
  check_ascii("a.b.ck", "a.b.ck", "a.b.ck", "b.ck", "ck");
  check_ascii("www.ck", "www.ck", "www.ck", "ck", "ck");
  check_ok("www.例子.公司.cn", NULL, &gongsi);
  check_ok("www.xn--fsqu00a.xn--55qx5d.cn", NULL, &gongsi);
}

static void test_nontransitional(void **state)
{
  static const struct want w      = {"xn--fa-hia.de",
                                     "faß.de",
                                     "xn--fa-hia.de",
                                     "faß.de",
                                     "de",
                                     "de",
                                     "de",
                                     "de"};
  static const struct want bucher = {"xn--bcher-kva.example",
                                     "bücher.example",
                                     "xn--bcher-kva.example",
                                     "bücher.example",
                                     "example",
                                     "example",
                                     "example",
                                     "example"};
  (void)state;
  /* UTS #46 non-transitional (IDNA2008): ß is kept, not mapped to ss. */
  check_ok("faß.de", NULL, &w);
  check_ok("FAß.DE", NULL, &w);
  check_ok("xn--fa-hia.de", NULL, &w);
  /* NFC of a decomposed ü. */
  check_ok("bu\xCC\x88"
           "cher.example",
           NULL, &bucher);
  check_ok("BÜCHER.example", NULL, &bucher);
}

static void test_extra_suffix(void **state)
{
  static const struct want with    = {"www.xn--fsqu00a.xn--zfr164b.cn",
                                      "www.例子.政务.cn",
                                      "xn--fsqu00a.xn--zfr164b.cn",
                                      "例子.政务.cn",
                                      "xn--zfr164b.cn",
                                      "政务.cn",
                                      "cn",
                                      "cn"};
  static const struct want without = {"www.xn--fsqu00a.xn--zfr164b.cn",
                                      "www.例子.政务.cn",
                                      "xn--zfr164b.cn",
                                      "政务.cn",
                                      "cn",
                                      "cn",
                                      "cn",
                                      "cn"};
  struct dc_domain         d;
  int                      calls = 0;
  (void)state;
  check_ok("www.例子.政务.cn", extra_suffix, &with);
  check_ok("www.xn--fsqu00a.xn--zfr164b.cn", extra_suffix, &with);
  check_ok("www.例子.政务.cn", NULL, &without);

  /* The callback sees A-labels and ud is passed through. */
  dc_domain_init(&d);
  assert_int_equal(dc_domain_parse(&d, "a.b.gs.cn", extra_suffix, &calls),
                   DC_OK);
  assert_true(d.ok);
  assert_string_equal(d.ascii, "b.gs.cn");
  assert_string_equal(d.suffix_ascii, "gs.cn");
  assert_true(calls > 0);
  dc_domain_clear(&d);

  check_err_detail("政务.cn", "public-suffix", "is a public suffix");
}

static void test_lengths_ok(void **state)
{
  char label63[64];
  char name253[254];
  char want[254];
  (void)state;

  memset(label63, 'a', 63);
  label63[63] = '\0';
  (void)snprintf(want, sizeof(want), "%s.com", label63);
  check_ascii(want, want, want, "com", "com");

  /* 4 * 63 + 1 = 253 octets: 63.63.63.61.com */
  memset(name253, 'a', sizeof(name253));
  name253[63]  = '.';
  name253[127] = '.';
  name253[191] = '.';
  (void)memcpy(name253 + 249, ".com", 5);
  assert_int_equal(strlen(name253), 253);
  check_ascii(name253, name253, name253 + 192, "com", "com");
}

static void test_reuse(void **state)
{
  struct dc_domain d;
  (void)state;
  dc_domain_init(&d);
  assert_int_equal(dc_domain_parse(&d, "www.example.com", NULL, NULL), DC_OK);
  assert_true(d.ok);
  assert_int_equal(dc_domain_parse(&d, "com.cn", NULL, NULL), DC_OK);
  assert_false(d.ok);
  assert_string_equal(d.err_code, "public-suffix");
  /* A valid name that is a public suffix keeps its host forms. */
  assert_string_equal(d.host_ascii, "com.cn");
  assert_null(d.ascii);
  assert_int_equal(dc_domain_parse(&d, "例子.中国", NULL, NULL), DC_OK);
  assert_true(d.ok);
  assert_null(d.err_code);
  assert_string_equal(d.unicode, "例子.中国");
  dc_domain_clear(&d);
  dc_domain_clear(&d);
  dc_domain_clear(NULL);
}

/* ---- refused ------------------------------------------------------------- */

static void test_err_empty(void **state)
{
  struct dc_domain d;
  (void)state;
  check_err_only("", "empty");
  check_err_only("   ", "empty");
  check_err_only("\xE3\x80\x80\t", "empty");
  dc_domain_init(&d);
  assert_int_equal(dc_domain_parse(&d, NULL, NULL, NULL), DC_OK);
  assert_false(d.ok);
  assert_string_equal(d.err_code, "empty");
  dc_domain_clear(&d);
}

static void test_err_labels(void **state)
{
  (void)state;
  check_err_detail("-bad-.com", "bad-hyphen",
                   "label \"-bad-\" starts or ends with a hyphen");
  check_err_detail("www.bad-.com", "bad-hyphen", "\"bad-\"");
  check_err_detail("ab--cd.com", "bad-hyphen", "positions 3 and 4");
  check_err_only("-例子.中国", "bad-hyphen");
  check_err_detail("a..com", "empty-label", "\"a..com\"");
  check_err_only(".com", "empty-label");
  check_err_only("example.com..", "empty-label");
  check_err_only(".", "empty-label");
  check_err_detail("exa mple.com", "bad-character",
                   "label \"exa mple\" has a character");
  check_err_detail("exa_mple.com", "bad-character", "'_'");
  check_err_only("例_子.com", "bad-character");
  check_err_only("exa%41mple.com", "bad-character");
  check_err_only("\xFF\xFE.com", "bad-character");
  check_err_only("exa\x01mple.com", "bad-character");
}

static void test_err_lengths(void **state)
{
  char label64[80];
  char name254[256];
  (void)state;
  memset(label64, 'a', 64);
  (void)memcpy(label64 + 64, ".com", 5);
  check_err_detail(label64, "label-too-long", "is 64 octets long");

  /* 63.63.63.62.com = 254 octets */
  memset(name254, 'a', sizeof(name254));
  name254[63]  = '.';
  name254[127] = '.';
  name254[191] = '.';
  (void)memcpy(name254 + 250, ".com", 5);
  assert_int_equal(strlen(name254), 254);
  check_err_detail(name254, "too-long", "254 octets");
}

static void test_err_public_suffix(void **state)
{
  (void)state;
  check_err_detail("com", "public-suffix",
                   "\"com\" is a public suffix, not a domain");
  check_err_only("com.cn", "public-suffix");
  check_err_only("COM.CN.", "public-suffix");
  check_err_detail("中国", "public-suffix", "\"中国\" (xn--fiqs8s)");
  check_err_only("xn--fiqs8s", "public-suffix");
  check_err_only("公司.cn", "public-suffix");
  check_err_only("gov.cn", "public-suffix");
  check_err_only("gs.cn", "public-suffix");
  check_err_only("localhost", "public-suffix");
  check_err_only("https://com.cn/", "public-suffix");
  check_err_only("b.ck", "public-suffix"); /* *.ck */
}

static void test_err_ip(void **state)
{
  (void)state;
  check_err_only("192.168.1.1", "ip-address");
  check_err_only("http://192.168.1.1:8080/admin", "ip-address");
  check_err_only("１９２．１６８．１．１", "ip-address");
  check_err_only("127.1", "ip-address");
  check_err_only("3232235777", "ip-address");
  check_err_only("0x7f.0.0.1", "ip-address");
  check_err_only("example.123", "ip-address");
  check_err_only("[::1]", "ip-address");
  check_err_only("http://[2001:db8::1]:443/", "ip-address");
  check_err_only("::1", "ip-address");
  check_err_only("2001:db8::1", "ip-address");
}

static void test_err_url(void **state)
{
  (void)state;
  check_err_only("https://", "bad-url");
  check_err_only("https:///path", "bad-url");
  check_err_only("example.com:http", "bad-url");
  check_err_only("example.com:99999", "bad-url");
  check_err_only("exa mple://example.com", "bad-url");
  check_err_only("a:b:c", "bad-url");
  check_err_only("user@", "bad-url");
}

static void test_err_idna(void **state)
{
  char *detail;
  (void)state;
  detail = check_err("xn--zz.com", "idna");
  assert_non_null(strstr(detail, "label \"xn--zz\" is not a valid A-label"));
  assert_non_null(strstr(detail, "invalid punycode"));
  dc_free(detail);
  check_err_only("xn--.com", "bad-hyphen"); /* ends with a hyphen */
  check_err_only("xn--x.com", "idna");
  /* Decodes to "a⒈", which UTS #46 does not allow: no round trip. */
  check_err_only("xn--a-ecp.ru", "idna");
  /* Decodes to "bu" U+0308 "cher", not NFC: no round trip. */
  check_err_detail("xn--bucher-xyd.com", "idna", "\"xn--bucher-xyd\"");
  /* U+2603 SNOWMAN is DISALLOWED in IDNA2008. */
  check_err_detail("\xE2\x98\x83.com", "idna", "label \"\xE2\x98\x83\"");
}

static void test_err_long_input(void **state)
{
  char *big = test_malloc(5000);
  (void)state;
  memset(big, 'a', 4999);
  big[4999] = '\0';
  check_err_only(big, "too-long");
  test_free(big);
}

/* ---- out of memory ------------------------------------------------------- */

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

/* Fails the 1st, 2nd, ... allocation until parsing gets through: every
 * failure must be DC_ENOMEM with d cleared, and nothing may leak (ASan). */
static void check_enomem(const char *input, bool want_ok)
{
  struct dc_domain d;
  int              k;
  dc_status_t      st = DC_ENOMEM;

  dc_domain_init(&d);
  dc_set_allocator(budget_malloc, budget_realloc, free);
  for (k = 0; k < 1000 && st == DC_ENOMEM; k++) {
    alloc_budget = k;
    st           = dc_domain_parse(&d, input, extra_suffix, NULL);
    if (st == DC_ENOMEM) {
      assert_false(d.ok);
      assert_null(d.err_code);
      assert_null(d.err_detail);
      assert_null(d.input);
      assert_null(d.host_ascii);
      assert_null(d.ascii);
    }
  }
  alloc_budget = -1;
  dc_set_allocator(NULL, NULL, NULL);
  assert_int_equal(st, DC_OK);
  assert_true(k > 1);
  assert_int_equal(d.ok, want_ok);
  dc_domain_clear(&d);
}

static void test_enomem(void **state)
{
  (void)state;
  check_enomem("https://www.例子.政务.cn/x", true);
  check_enomem("ＥＸＡＭＰＬＥ．ＣＯＭ", true);
  check_enomem("-bad-.com", false);
  check_enomem("中国", false);
  check_enomem("xn--zz.com", false);
  check_enomem("192.168.1.1", false);
}

/* ---- threads ------------------------------------------------------------- */

/* The PSL is loaded on first use by whichever thread comes first. */
static void *parse_many(void *arg)
{
  int *bad = arg;
  int  i;
  for (i = 0; i < 50; i++) {
    struct dc_domain d;
    dc_domain_init(&d);
    if (dc_domain_parse(&d, "www.shop.例子.com.cn", NULL, NULL) != DC_OK ||
        !d.ok || strcmp(d.ascii, "xn--fsqu00a.com.cn") != 0 ||
        strcmp(d.suffix_unicode, "com.cn") != 0) {
      (*bad)++;
    }
    dc_domain_clear(&d);
  }
  return NULL;
}

static void test_threads(void **state)
{
  pthread_t th[8];
  int       bad[8] = {0};
  size_t    i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(th); i++) {
    assert_int_equal(pthread_create(&th[i], NULL, parse_many, &bad[i]), 0);
  }
  for (i = 0; i < DC_ARRAY_LEN(th); i++) {
    assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_int_equal(bad[i], 0);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads), /* first: loads the PSL concurrently */
      cmocka_unit_test(test_idn_cn),
      cmocka_unit_test(test_full_width_and_case),
      cmocka_unit_test(test_white_space),
      cmocka_unit_test(test_url),
      cmocka_unit_test(test_psl),
      cmocka_unit_test(test_nontransitional),
      cmocka_unit_test(test_extra_suffix),
      cmocka_unit_test(test_lengths_ok),
      cmocka_unit_test(test_reuse),
      cmocka_unit_test(test_err_empty),
      cmocka_unit_test(test_err_labels),
      cmocka_unit_test(test_err_lengths),
      cmocka_unit_test(test_err_public_suffix),
      cmocka_unit_test(test_err_ip),
      cmocka_unit_test(test_err_url),
      cmocka_unit_test(test_err_idna),
      cmocka_unit_test(test_err_long_input),
      cmocka_unit_test(test_enomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
