/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_tldlist.c - the rule data: the built-in copy loads and
 *  says what rules.md says; a provider's edited folder replaces it file by
 *  file; a bad line is refused as file:line: message
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rulesdata.h"
#include "tldlist.h"

static void test_builtin(void **state)
{
  struct dc_tldlist         *tl = NULL;
  const struct dc_rules     *r;
  const struct dc_tld       *t;
  const struct dc_registrar *g;
  dc_diag_t                  diag;
  (void)state;
  assert_int_equal(dc_tldlist_create(&tl, &diag), DC_OK);
  /* rules.md 1.1: approved, refused, uncertain, second levels */
  t = dc_tldlist_tld(tl, "xn--fiqs8s");
  assert_non_null(t);
  assert_int_equal(t->status, DC_TLD_APPROVED);
  assert_string_equal(t->unicode, "中国");
  assert_int_equal(dc_tldlist_tld(tl, "org")->status, DC_TLD_REFUSED);
  assert_int_equal(dc_tldlist_tld(tl, "dev")->status, DC_TLD_REFUSED);
  assert_int_equal(dc_tldlist_tld(tl, "tel")->status, DC_TLD_UNCERTAIN);
  assert_null(dc_tldlist_tld(tl, "example"));
  t = dc_tldlist_longest_suffix(tl, "a.b.gov.cn");
  assert_string_equal(t->suffix, "gov.cn");
  assert_int_equal(t->holder, DC_HOLDER_STATE);
  /* registrars: by id, by printed names (brackets, case, spaces) */
  g = dc_tldlist_registrar_by_id(tl, 1599);
  assert_int_equal(g->miit, DC_MIIT_CONFIRMED);
  assert_ptr_equal(dc_tldlist_registrar_by_name(tl, "阿里云计算有限公司(万网)"),
                   g);
  assert_ptr_equal(
    dc_tldlist_registrar_by_name(tl, "alibaba cloud computing ltd. d/b/a "
                                     "hichina (www.net.cn)"),
    g);
  assert_null(dc_tldlist_registrar_by_name(tl, "GoDaddy.com, LLC"));
  assert_string_equal(dc_tldlist_iana_name_cb(tl, 146), "GoDaddy.com, LLC");
  /* servers: thin .com, CNNIC Beijing time, RDAP bootstrap */
  assert_int_equal(dc_tldlist_whois_server(tl, "x.com")->kind, DC_WHOIS_THIN);
  assert_string_equal(dc_tldlist_whois_server(tl, "x.com.cn")->host,
                      "whois.cnnic.cn");
  assert_string_equal(dc_tldlist_server_props(tl, "whois.cnnic.cn")->zone,
                      "+08:00");
  assert_null(dc_tldlist_rdap(tl, "cn"));
  assert_non_null(dc_tldlist_rdap(tl, "com"));
  /* provinces, filing types, policy */
  r = dc_tldlist_rules(tl);
  assert_int_equal(r->nprov, 31);
  assert_int_equal(dc_rules_find_province(r, "Henan"),
                   dc_rules_find_province(r, "41"));
  assert_int_equal(dc_rules_find_province(r, "豫"),
                   dc_rules_find_province(r, "河南省"));
  assert_int_equal(dc_rules_find_province(r, "shaanxi") ==
                     dc_rules_find_province(r, "shanxi"),
                   0);
  assert_int_equal(dc_rules_filing_scope(r, DC_FILING_ACCESS, false, 0),
                   DC_SCOPE_NONE);
  assert_int_equal(r->policy.expiry_warn_days, 90);
  dc_tldlist_destroy(tl);
}

static char g_dir[256];

static void put_file(const char *name, const char *text)
{
  char  path[512];
  FILE *f;
  (void)snprintf(path, sizeof(path), "%s/%s", g_dir, name);
  f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fputs(text, f) >= 0, 1);
  assert_int_equal(fclose(f), 0);
}

static void test_provider_folder(void **state)
{
  struct dc_tldlist *tl = NULL;
  dc_diag_t          diag;
  (void)state;
  (void)snprintf(g_dir, sizeof(g_dir), "/tmp/dc-tldlist-%d", (int)getpid());
  assert_int_equal(mkdir(g_dir, 0700), 0);
  assert_int_equal(dc_tldlist_create(&tl, &diag), DC_OK);

  /* A provider accepts .org again and changes one policy knob. */
  put_file("tlds.txt", "# edited\ncom\t-\tapproved\thigh\t-\tX\norg\t-\tapproved\t"
                    "low\t-\tprovider\tlegacy filings\n");
  put_file("policy.txt", "expiry-warn-days\t30\n");
  assert_int_equal(dc_tldlist_load_dir(tl, g_dir, &diag), DC_OK);
  assert_int_equal(dc_tldlist_tld(tl, "org")->status, DC_TLD_APPROVED);
  assert_null(dc_tldlist_tld(tl, "top")); /* the file replaces, whole */
  assert_int_equal(dc_tldlist_rules(tl)->policy.expiry_warn_days, 30);
  assert_non_null(dc_tldlist_registrar_by_id(tl, 1599)); /* kept */

  /* A bad line: file, line and what is wrong. */
  put_file("tlds.txt", "com\t-\tapproved\thigh\t-\tX\nnet\t-\tmaybe\thigh\t-\tX\n");
  assert_int_equal(dc_tldlist_load_dir(tl, g_dir, &diag), DC_EFORMAT);
  assert_non_null(strstr(diag.file, "tlds.txt"));
  assert_int_equal(diag.line, 2);
  assert_non_null(strstr(diag.message, "maybe"));
  assert_int_equal(dc_tldlist_tld(tl, "org")->status, DC_TLD_APPROVED);

  put_file("tlds.txt", "com\t-\tapproved\thigh\t-\tX\n");
  put_file("province-rules.txt", "\n\n火星\tprivacy-off\tall\t-\tlow\tX\n");
  assert_int_equal(dc_tldlist_load_dir(tl, g_dir, &diag), DC_EFORMAT);
  assert_int_equal(diag.line, 3);
  assert_non_null(strstr(diag.message, "火星"));
  put_file("province-rules.txt", "河南\texpiry-margin\tall\tninety\tlow\tX\n");
  assert_int_equal(dc_tldlist_load_dir(tl, g_dir, &diag), DC_EFORMAT);
  assert_non_null(strstr(diag.message, "days"));
  put_file("province-rules.txt", "河南\tno-such-rule\tall\t-\tlow\tX\n");
  assert_int_equal(dc_tldlist_load_dir(tl, g_dir, &diag), DC_EFORMAT);
  assert_non_null(strstr(diag.message, "unknown rule"));
  dc_tldlist_destroy(tl);
  (void)system("rm -rf /tmp/dc-tldlist-*");

  /* An empty or missing folder. */
  assert_int_equal(dc_tldlist_create(&tl, &diag), DC_OK);
  assert_int_equal(dc_tldlist_load_dir(tl, "/nonexistent-dir", &diag),
                   DC_ENOENT);
  dc_tldlist_destroy(tl);
}

static void test_hostile_text(void **state)
{
  struct dc_tldlist *tl = NULL;
  dc_diag_t          diag;
  char               big[4000];
  (void)state;
  assert_int_equal(dc_tldlist_create(&tl, &diag), DC_OK);
  assert_int_equal(
    dc_tldlist_load_text(tl, "tlds.txt", "com\t\xff\xfe\tapproved\n", 17,
                         &diag),
    DC_EFORMAT); /* not UTF-8 */
  memset(big, 'a', sizeof(big));
  assert_int_equal(dc_tldlist_load_text(tl, "tlds.txt", big, sizeof(big),
                                        &diag),
                   DC_EFORMAT); /* a line too long */
  assert_int_equal(dc_tldlist_load_text(tl, "rdap-dns.json", "{\"x\":", 5,
                                        &diag),
                   DC_EFORMAT);
  assert_int_equal(dc_tldlist_load_text(tl, "unknown.txt", "a\n", 2, &diag),
                   DC_EFORMAT);
  /* Nothing of that replaced the good data. */
  assert_int_equal(dc_tldlist_tld(tl, "com")->status, DC_TLD_APPROVED);
  dc_tldlist_destroy(tl);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_builtin),
    cmocka_unit_test(test_provider_folder),
    cmocka_unit_test(test_hostile_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
