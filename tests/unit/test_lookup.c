/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_lookup.c - the per-domain lookup state machine, driven
 *  by hand with canned answers: no socket anywhere (house style rule 10)
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "ctx.h"
#include "lookup.h"
#include "result.h"

static dc_ctx_t *g_ctx;
static int64_t   g_now;

static const char verisign_thin[] =
    "   Domain Name: EXAMPLE-THIN.COM\r\n"
    "   Registry Domain ID: 123_DOMAIN_COM-VRSN\r\n"
    "   Registrar WHOIS Server: whois.registrar.example\r\n"
    "   Registrar URL: http://www.registrar.example\r\n"
    "   Updated Date: 2025-01-01T00:00:00Z\r\n"
    "   Creation Date: 2020-01-01T00:00:00Z\r\n"
    "   Registry Expiry Date: 2030-01-01T00:00:00Z\r\n"
    "   Registrar: Alibaba Cloud Computing Ltd. d/b/a HiChina (www.net.cn)\r\n"
    "   Registrar IANA ID: 1599\r\n"
    "   Domain Status: clientTransferProhibited "
    "https://icann.org/epp#clientTransferProhibited\r\n"
    "   Name Server: DNS1.HICHINA.COM\r\n"
    "   DNSSEC: unsigned\r\n"
    ">>> Last update of whois database: 2026-01-01T00:00:00Z <<<\r\n";

static const char registrar_reply[] =
    "Domain Name: example-thin.com\n"
    "Registry Domain ID: 123_DOMAIN_COM-VRSN\n"
    "Registrar WHOIS Server: whois.registrar.example\n"
    "Creation Date: 2020-01-01T00:00:00Z\n"
    "Registrar Registration Expiration Date: 2030-01-01T00:00:00Z\n"
    "Registrar: Alibaba Cloud Computing Ltd. d/b/a HiChina (www.net.cn)\n"
    "Registrar IANA ID: 1599\n"
    "Domain Status: clientTransferProhibited\n"
    "Registrant Name: 张三\n"
    "Registrant Organization: \n"
    "Name Server: dns1.hichina.com\n"
    "DNSSEC: unsigned\n";

static const char cnnic_ok[] =
    "Domain Name: example.cn\n"
    "Domain Status: ok\n"
    "Registrant: 张三\n"
    "Sponsoring Registrar: 阿里云计算有限公司（万网）\n"
    "Registration Time: 2020-01-01 10:00:00\n"
    "Expiration Time: 2030-01-01 10:00:00\n";

static const char rdap_ok[] =
    "{\"objectClassName\":\"domain\",\"ldhName\":\"example.top\","
    "\"status\":[\"active\"],"
    "\"events\":[{\"eventAction\":\"registration\",\"eventDate\":"
    "\"2020-01-01T00:00:00Z\"},{\"eventAction\":\"expiration\","
    "\"eventDate\":\"2030-01-01T00:00:00Z\"}],"
    "\"entities\":[{\"objectClassName\":\"entity\",\"roles\":[\"registrar\"],"
    "\"publicIds\":[{\"type\":\"IANA Registrar ID\",\"identifier\":\"1599\"}],"
    "\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},"
    "\"text\",\"Alibaba Cloud Computing Ltd. d/b/a HiChina (www.net.cn)\"]]]}]"
    "}";

struct sim {
  struct dc_lookup    *lk;
  struct dc_io_request req[32];
  size_t               n;
  uint64_t             now;
};

static void sim_start(struct sim *s, const char *domain, unsigned lookups,
                      const char *subject_json)
{
  dc_request_t *req = NULL;
  memset(s, 0, sizeof(*s));
  assert_int_equal(dc_request_create(&req, domain), DC_OK);
  dc_request_set_as_of(req, g_now);
  if (subject_json != NULL) {
    dc_subject_t *subj = NULL;
    assert_int_equal(
        dc_subject_parse(&subj, subject_json, strlen(subject_json), NULL, NULL),
        DC_OK);
    assert_int_equal(dc_request_set_subject(req, subj), DC_OK);
    dc_subject_destroy(subj);
  }
  assert_int_equal(dc_lookup_create(&s->lk, g_ctx, req, lookups, g_now), DC_OK);
  dc_request_destroy(req);
  s->now = 1000;
  dc_lookup_set_clock(s->lk, s->now, s->now + 10000, g_now);
}

/* Take what the machine wants sent; returns how many are out now. */
static size_t sim_take(struct sim *s)
{
  size_t i;
  size_t got;
  for (i = 0; i < s->n; i++) {
    dc_io_request_clear(&s->req[i]);
  }
  got  = dc_lookup_take(s->lk, s->req, 32);
  s->n = got;
  return got;
}

static struct dc_io_request *find(struct sim *s, enum dc_io_kind k,
                                  const char *target_part)
{
  size_t i;
  for (i = 0; i < s->n; i++) {
    if (s->req[i].kind == k && strstr(s->req[i].target, target_part) != NULL) {
      return &s->req[i];
    }
  }
  fail_msg("no %d request for %s", (int)k, target_part);
  return NULL;
}

static void answer(struct sim *s, struct dc_io_request *r, dc_status_t st,
                   long http, const char *data, int64_t retry_after)
{
  struct dc_io_response resp;
  memset(&resp, 0, sizeof(resp));
  resp.st          = st;
  resp.http_status = http;
  resp.data        = data;
  resp.len         = data != NULL ? strlen(data) : 0;
  resp.retry_after = retry_after;
  dc_lookup_set_clock(s->lk, s->now, 11000, g_now);
  assert_int_equal(dc_lookup_feed(s->lk, r->tag, &resp, r, NULL), DC_OK);
}

static struct dc_result *sim_finish(struct sim *s)
{
  struct dc_result *res = NULL;
  size_t            i;
  assert_true(dc_lookup_done(s->lk));
  assert_int_equal(dc_lookup_finish(s->lk, &res), DC_OK);
  for (i = 0; i < s->n; i++) {
    dc_io_request_clear(&s->req[i]);
  }
  dc_lookup_destroy(s->lk);
  return res;
}

static const char *code_of(const struct dc_result *r, enum dc_check_id id)
{
  return r->checks[id].code;
}

static void test_thin_com_follows_referral(void **state)
{
  struct sim            s;
  struct dc_io_request *r;
  struct dc_result     *res;
  (void)state;
  sim_start(&s, "www.example-thin.com", DC_LOOKUP_WHOIS, NULL);
  assert_int_equal(sim_take(&s), 1);
  r = find(&s, DC_IOK_WHOIS, "whois.verisign-grs.com");
  assert_string_equal(r->query, "example-thin.com");
  answer(&s, r, DC_OK, 0, verisign_thin, -1);
  assert_false(dc_lookup_done(s.lk));
  assert_int_equal(sim_take(&s), 1);
  r = find(&s, DC_IOK_WHOIS, "whois.registrar.example");
  answer(&s, r, DC_OK, 0, registrar_reply, -1);
  assert_int_equal(sim_take(&s), 0);
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "registered");
  assert_string_equal(code_of(res, DC_CHK_REGISTRAR_APPROVED),
                      "registrar-approved");
  assert_string_equal(res->record.registrant_name, "张三");
  assert_int_equal(res->nsources, 2);
  assert_int_equal(res->sources[1].origin, DC_ORIGIN_REGISTRAR);
  assert_string_equal(code_of(res, DC_CHK_DNS), "dns-disabled");
  dc_result_destroy(res);
}

static void test_cn_has_no_rdap(void **state)
{
  struct sim        s;
  struct dc_result *res;
  (void)state;
  sim_start(&s, "example.cn", DC_LOOKUP_RDAP | DC_LOOKUP_WHOIS, NULL);
  assert_int_equal(sim_take(&s), 1); /* straight to WHOIS: no RDAP for .cn */
  answer(&s, find(&s, DC_IOK_WHOIS, "whois.cnnic.cn"), DC_OK, 0, cnnic_ok, -1);
  res = sim_finish(&s);
  assert_int_equal(res->verdict, DC_VERDICT_ELIGIBLE);
  /* CNNIC prints Beijing time: 10:00 +08:00 */
  assert_int_equal(res->record.expires.secs % 86400, 2 * 3600);
  dc_result_destroy(res);
}

static void test_rdap_404_is_not_found(void **state)
{
  struct sim        s;
  struct dc_result *res;
  (void)state;
  sim_start(&s, "free-name.top", DC_LOOKUP_ALL & ~DC_LOOKUP_DNS, NULL);
  assert_int_equal(sim_take(&s), 1);
  answer(&s, find(&s, DC_IOK_RDAP, "/domain/free-name.top"), DC_OK, 404,
         "{\"errorCode\":404}", -1);
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "not-registered");
  assert_int_equal(res->verdict, DC_VERDICT_INELIGIBLE);
  dc_result_destroy(res);
}

static void test_rdap_429_waits_and_retries(void **state)
{
  struct sim            s;
  struct dc_io_request *r;
  struct dc_result     *res;
  (void)state;
  sim_start(&s, "example.top", DC_LOOKUP_RDAP, NULL);
  assert_int_equal(sim_take(&s), 1);
  answer(&s, find(&s, DC_IOK_RDAP, "example.top"), DC_OK, 429, "{}", 2);
  assert_int_equal(sim_take(&s), 1);
  r = find(&s, DC_IOK_RDAP, "example.top");
  assert_int_equal(r->delay_ms, 2000); /* Retry-After honoured */
  s.now += 2000;
  answer(&s, r, DC_OK, 200, rdap_ok, -1);
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "registered");
  dc_result_destroy(res);
}

static void test_rdap_failure_falls_back_to_whois(void **state)
{
  struct sim        s;
  struct dc_result *res;
  (void)state;
  sim_start(&s, "example.top", DC_LOOKUP_RDAP | DC_LOOKUP_WHOIS, NULL);
  assert_int_equal(sim_take(&s), 1);
  answer(&s, find(&s, DC_IOK_RDAP, "example.top"), DC_OK, 500, "oops", -1);
  assert_int_equal(sim_take(&s), 1);
  answer(&s, find(&s, DC_IOK_WHOIS, "whois.nic.top"), DC_ENETWORK, 0, NULL, -1);
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "lookup-failed");
  assert_int_equal(res->verdict, DC_VERDICT_INDETERMINATE);
  assert_non_null(
      strstr(res->checks[DC_CHK_REGISTERED].message[DC_LANG_EN], "HTTP 500"));
  dc_result_destroy(res);
}

static void test_whois_rate_limit_backoff(void **state)
{
  struct sim            s;
  struct dc_io_request *r;
  struct dc_result     *res;
  uint64_t              last = 0;
  int                   tries;
  (void)state;
  sim_start(&s, "example.cn", DC_LOOKUP_WHOIS, NULL);
  assert_int_equal(sim_take(&s), 1);
  for (tries = 0; tries < 3; tries++) {
    r = find(&s, DC_IOK_WHOIS, "whois.cnnic.cn");
    assert_true(tries == 0 || r->delay_ms > last); /* growing backoff */
    last = r->delay_ms;
    s.now += r->delay_ms;
    answer(&s, r, DC_OK, 0, "Queried interval is too short.\r\n", -1);
    if (sim_take(&s) == 0) {
      break;
    }
  }
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "rate-limited");
  assert_int_equal(res->verdict, DC_VERDICT_INDETERMINATE);
  dc_result_destroy(res);
}

static void test_deadline(void **state)
{
  struct sim        s;
  struct dc_result *res;
  (void)state;
  sim_start(&s, "example.com", DC_LOOKUP_ALL, NULL);
  assert_true(sim_take(&s) >= 2); /* RDAP and DNS together */
  dc_lookup_expire(s.lk, "no answer within the 10000 ms deadline");
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "lookup-failed");
  assert_string_equal(code_of(res, DC_CHK_DNS), "dns-unavailable");
  assert_int_equal(res->verdict, DC_VERDICT_INDETERMINATE);
  dc_result_destroy(res);
}

static void test_not_required_asks_nothing(void **state)
{
  struct sim        s;
  struct dc_result *res;
  (void)state;
  sim_start(&s, "example.cn", DC_LOOKUP_ALL,
            "{\"type\":\"individual\",\"name\":\"张三\","
            "\"id_type\":\"passport\",\"id_number\":\"E12345678\","
            "\"filing\":{\"type\":\"access\"}}");
  assert_int_equal(sim_take(&s), 0);
  res = sim_finish(&s);
  assert_int_equal(res->verdict, DC_VERDICT_NOT_REQUIRED);
  dc_result_destroy(res);
}

static void test_late_answers_are_ignored(void **state)
{
  struct sim            s;
  struct dc_io_request  stale;
  struct dc_io_response resp;
  struct dc_result     *res;
  (void)state;
  sim_start(&s, "example.cn", DC_LOOKUP_WHOIS, NULL);
  assert_int_equal(sim_take(&s), 1);
  stale = s.req[0];
  answer(&s, &s.req[0], DC_OK, 0, cnnic_ok, -1);
  memset(&resp, 0, sizeof(resp));
  resp.st = DC_ETIMEOUT;
  assert_int_equal(dc_lookup_feed(s.lk, stale.tag, &resp, &stale, NULL), DC_OK);
  res = sim_finish(&s);
  assert_string_equal(code_of(res, DC_CHK_REGISTERED), "registered");
  dc_result_destroy(res);
}

static int setup(void **state)
{
  (void)state;
  g_now = tu_date("2026-06-01");
  return dc_ctx_create(&g_ctx) == DC_OK ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  dc_ctx_destroy(g_ctx);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_thin_com_follows_referral),
      cmocka_unit_test(test_cn_has_no_rdap),
      cmocka_unit_test(test_rdap_404_is_not_found),
      cmocka_unit_test(test_rdap_429_waits_and_retries),
      cmocka_unit_test(test_rdap_failure_falls_back_to_whois),
      cmocka_unit_test(test_whois_rate_limit_backoff),
      cmocka_unit_test(test_deadline),
      cmocka_unit_test(test_not_required_asks_nothing),
      cmocka_unit_test(test_late_answers_are_ignored),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
