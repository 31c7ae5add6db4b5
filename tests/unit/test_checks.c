/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_checks.c - the rules engine: every check, every filing
 *  type, and every row of tld-list/province-rules.txt, each with a real
 *  reason to fail
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "ctx.h"
#include "domain.h"
#include "msg.h"
#include "record.h"
#include "result.h"
#include "rulesdata.h"
#include "subject.h"
#include "timeutil.h"

#define DAY 86400

static dc_ctx_t *g_ctx;
static int64_t   g_now; /* 2026-06-01 */

/* ---- fixtures ------------------------------------------------------------ */

/* An 18-digit resident ID: province code, birth date, with its check
 * character computed (ISO 7064 MOD 11-2). */
static void make_id(char out[19], const char *prov, int y, int m, int d)
{
  static const int weights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                  3, 7, 9,  10, 5, 8, 4, 2};
  int              sum         = 0;
  int              i;
  (void)snprintf(out, 19, "%s0101%04d%02d%02d123", prov, y, m, d);
  for (i = 0; i < 17; i++) {
    sum += (out[i] - '0') * weights[i];
  }
  out[17] = "10X98765432"[sum % 11];
  out[18] = '\0';
}

/* A USCC with the given authority/kind prefix and its check character. */
static void make_uscc(char out[19], const char *prefix2, const char *prov)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int               i;
  (void)snprintf(out, 19, "%s%s0105MA9G7KQ05", prefix2, prov);
  for (i = 0; i < 31; i++) {
    struct dc_uscc_info info;
    out[17] = alphabet[i];
    out[18] = '\0';
    if (dc_uscc_check(out, &info) == DC_IDCHK_OK) {
      return;
    }
  }
  fail_msg("no check character for %s", out);
}

struct subj_opts {
  bool        org;
  const char *name;
  const char *prov_code; /* of the ID */
  int         birth_year;
  const char *uscc_prefix; /* "91" company, "11" state body */
  const char *legal_rep;
  int         rep_birth_year;
  const char *province; /* subject file "province" */
  const char *filing;   /* filing object body, may be NULL */
  const char *owner;    /* domain_owner object body, may be NULL */
  const char *extra;    /* extra top-level members, may be NULL */
};

static dc_subject_t *make_subject(const struct subj_opts *o)
{
  char          id[19];
  char          rep[19];
  char          json[4096];
  char          repjson[512] = "";
  dc_subject_t *s            = NULL;
  dc_diag_t     diag;

  if (o->org) {
    make_uscc(id, o->uscc_prefix != NULL ? o->uscc_prefix : "91",
              o->prov_code != NULL ? o->prov_code : "41");
    if (o->legal_rep != NULL) {
      make_id(rep, o->prov_code != NULL ? o->prov_code : "41",
              o->rep_birth_year != 0 ? o->rep_birth_year : 1980, 5, 6);
      (void)snprintf(repjson, sizeof(repjson),
                     ",\"legal_representative\":{\"name\":\"%s\","
                     "\"id_type\":\"resident-id\",\"id_number\":\"%s\"}",
                     o->legal_rep, rep);
    }
  } else {
    make_id(id, o->prov_code != NULL ? o->prov_code : "41",
            o->birth_year != 0 ? o->birth_year : 1990, 3, 7);
  }
  (void)snprintf(
      json, sizeof(json),
      "{\"type\":\"%s\",\"name\":\"%s\",\"id_type\":\"%s\","
      "\"id_number\":\"%s\"%s%s%s%s%s%s%s%s%s%s}",
      o->org ? "organization" : "individual",
      o->name != NULL ? o->name : (o->org ? "某某科技有限公司" : "张三"),
      o->org ? "uscc" : "resident-id", id, repjson,
      o->province != NULL ? ",\"province\":\"" : "",
      o->province != NULL ? o->province : "", o->province != NULL ? "\"" : "",
      o->filing != NULL ? ",\"filing\":{" : "",
      o->filing != NULL ? o->filing : "", o->filing != NULL ? "}" : "",
      o->owner != NULL ? ",\"domain_owner\":{" : "",
      o->owner != NULL ? o->owner : "", o->owner != NULL ? "}" : "");
  if (o->extra != NULL) {
    size_t n = strlen(json);
    (void)snprintf(json + n - 1, sizeof(json) - n + 1, ",%s}", o->extra);
  }
  if (dc_subject_parse(&s, json, strlen(json), "test.json", &diag) != DC_OK) {
    fail_msg("subject refused: line %u: %s\n%s", diag.line, diag.message, json);
  }
  return s;
}

/* A registered record at an approved registrar, one year to go. */
static void base_record(struct dc_record *r, const char *domain,
                        const char *registrant)
{
  dc_record_init(r);
  r->answer          = DC_ANSWER_REGISTERED;
  r->source          = DC_SOURCE_WHOIS;
  r->server          = strdup("whois.example");
  r->domain          = strdup(domain);
  r->registrar_name  = strdup("阿里云计算有限公司（万网）");
  r->expires.kind    = DC_TIME_UTC;
  r->expires.secs    = g_now + 365 * DAY;
  r->created.kind    = DC_TIME_UTC;
  r->created.secs    = g_now - 365 * DAY;
  r->registrant_name = registrant != NULL ? strdup(registrant) : NULL;
  assert_int_equal(dc_strlist_push(&r->status, "ok"), DC_OK);
}

struct run {
  const char       *input;
  dc_subject_t     *subject; /* owned by the caller */
  const char       *province;
  int               filing; /* -1: none */
  struct dc_record *rec;    /* NULL: no evidence */
};

static struct dc_result *run(const struct run *r)
{
  dc_request_t     *req = NULL;
  struct dc_result *res = NULL;
  assert_int_equal(dc_request_create(&req, r->input), DC_OK);
  if (r->subject != NULL) {
    assert_int_equal(dc_request_set_subject(req, r->subject), DC_OK);
  }
  if (r->province != NULL) {
    assert_int_equal(dc_request_set_province(req, r->province), DC_OK);
  }
  if (r->filing >= 0) {
    dc_request_set_filing_type(req, (dc_filing_type_t)r->filing);
  }
  dc_request_set_as_of(req, g_now);
  assert_int_equal(dc_result_new(&res, r->input), DC_OK);
  assert_int_equal(
      dc_domain_parse(&res->dom, r->input, dc_checks_suffix_cb, g_ctx->tl),
      DC_OK);
  assert_int_equal(dc_checks_evaluate(g_ctx, req, r->rec, res), DC_OK);
  dc_request_destroy(req);
  return res;
}

static const struct dc_check_result *chk(const struct dc_result *res,
                                         enum dc_check_id        id)
{
  assert_true(res->checks[id].present);
  return &res->checks[id];
}

#define EXPECT(res, id, want_o, want_code)                                     \
  do {                                                                         \
    const struct dc_check_result *c_ = chk((res), (id));                       \
    if (c_->outcome != (want_o) || strcmp(c_->code, (want_code)) != 0) {       \
      fail_msg("%s: got %s/%s, want %s/%s (%s)", dc_check_id_name(id),         \
               dc_outcome_name(c_->outcome), c_->code,                         \
               dc_outcome_name(want_o), (want_code), c_->message[DC_LANG_EN]); \
    }                                                                          \
  } while (0)

/* ---- domain-syntax, tld-approved
 * --------------------------------------------- */

static void test_bad_domain_is_ineligible(void **state)
{
  struct run        r = {"-bad-.com", NULL, NULL, -1, NULL};
  struct dc_result *res;
  (void)state;
  res = run(&r);
  EXPECT(res, DC_CHK_DOMAIN_SYNTAX, DC_OUTCOME_FAIL, "domain-invalid");
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_SKIPPED, "domain-invalid");
  assert_int_equal(res->verdict, DC_VERDICT_INELIGIBLE);
  assert_non_null(strstr(res->checks[0].message[DC_LANG_EN], "-bad-"));
  assert_non_null(res->checks[0].fix[DC_LANG_ZH]);
  dc_result_destroy(res);
}

static void test_tld(void **state)
{
  struct dc_record  rec;
  struct run        r = {"example.org", NULL, NULL, -1, &rec};
  struct dc_result *res;
  (void)state;
  base_record(&rec, "example.org", NULL);
  res = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_FAIL, "tld-refused");
  assert_int_equal(res->verdict, DC_VERDICT_INELIGIBLE);
  dc_result_destroy(res);
  dc_record_clear(&rec);

  base_record(&rec, "example.zzzq", NULL);
  r.input = "example.zzzq";
  res     = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_FAIL, "tld-not-approved");
  dc_result_destroy(res);
  dc_record_clear(&rec);

  base_record(&rec, "example.tel", NULL);
  r.input = "example.tel";
  res     = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_UNKNOWN, "tld-uncertain");
  dc_result_destroy(res);
  dc_record_clear(&rec);

  base_record(&rec, "xn--fsqu00a.xn--fiqs8s", NULL);
  r.input = "例子.中国";
  res     = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_PASS, "tld-approved");
  assert_non_null(strstr(res->checks[1].message[DC_LANG_ZH], "中国"));
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

static void test_state_only_suffix(void **state)
{
  struct subj_opts company = {.org = true, .legal_rep = "李四"};
  struct subj_opts body    = {
         .org = true, .uscc_prefix = "11", .name = "某某市人民政府办公室"};
  struct dc_record  rec;
  struct run        r = {"www.example.gov.cn", NULL, NULL, -1, &rec};
  struct dc_result *res;
  (void)state;
  base_record(&rec, "example.gov.cn", "某某科技有限公司");
  r.subject = make_subject(&company);
  res       = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_FAIL, "suffix-reserved");
  assert_string_equal(res->dom.ascii, "example.gov.cn");
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  r.subject = make_subject(&body);
  res       = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_PASS, "tld-approved");
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  r.subject = NULL;
  res       = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_WARN,
         "suffix-reserved-unchecked");
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

static void test_beijing_suffixes(void **state)
{
  struct dc_record  rec;
  struct run        r = {"example.asia", NULL, "北京", -1, &rec};
  struct dc_result *res;
  (void)state;
  base_record(&rec, "example.asia", NULL);
  res = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_FAIL, "tld-refused-by-province");
  assert_string_equal(res->province, "北京");
  dc_result_destroy(res);
  r.province = "henan"; /* .asia is on the national list */
  res        = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_PASS, "tld-approved");
  dc_result_destroy(res);
  dc_record_clear(&rec);
  base_record(&rec, "example.co", NULL);
  r.input    = "example.co";
  r.province = "beijing";
  res        = run(&r);
  EXPECT(res, DC_CHK_TLD_APPROVED, DC_OUTCOME_WARN, "tld-disputed-by-province");
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

/* ---- registered
 * --------------------------------------------------------------- */

static void test_registered_answers(void **state)
{
  static const struct {
    enum dc_answer a;
    dc_outcome_t   o;
    const char    *code;
  } cases[] = {
      {DC_ANSWER_REGISTERED, DC_OUTCOME_PASS, "registered"},
      {DC_ANSWER_NOT_FOUND, DC_OUTCOME_FAIL, "not-registered"},
      {DC_ANSWER_RESERVED, DC_OUTCOME_FAIL, "reserved"},
      {DC_ANSWER_RATE_LIMITED, DC_OUTCOME_UNKNOWN, "rate-limited"},
      {DC_ANSWER_INVALID_QUERY, DC_OUTCOME_UNKNOWN, "invalid-query"},
      {DC_ANSWER_OTHER, DC_OUTCOME_UNKNOWN, "unparsable"},
      {DC_ANSWER_UNPARSABLE, DC_OUTCOME_UNKNOWN, "unparsable"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct dc_record  rec;
    struct run        r = {"example.com", NULL, NULL, -1, &rec};
    struct dc_result *res;
    base_record(&rec, "example.com", NULL);
    rec.answer = cases[i].a;
    res        = run(&r);
    EXPECT(res, DC_CHK_REGISTERED, cases[i].o, cases[i].code);
    if (cases[i].a != DC_ANSWER_REGISTERED) {
      /* Nothing after it is judged, and nothing is eligible. */
      EXPECT(res, DC_CHK_UNEXPIRED, DC_OUTCOME_SKIPPED, "no-record");
      assert_int_not_equal(res->verdict, DC_VERDICT_ELIGIBLE);
    }
    dc_result_destroy(res);
    dc_record_clear(&rec);
  }
}

static void test_no_evidence_and_wrong_evidence(void **state)
{
  struct dc_record  rec;
  struct run        r = {"example.com", NULL, NULL, -1, NULL};
  struct dc_result *res;
  (void)state;
  res = run(&r);
  EXPECT(res, DC_CHK_REGISTERED, DC_OUTCOME_UNKNOWN, "no-data");
  assert_int_equal(res->verdict, DC_VERDICT_INDETERMINATE);
  dc_result_destroy(res);
  base_record(&rec, "another.com", NULL);
  r.rec = &rec;
  res   = run(&r);
  EXPECT(res, DC_CHK_REGISTERED, DC_OUTCOME_UNKNOWN, "evidence-mismatch");
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

/* ---- registrar-approved
 * ------------------------------------------------------------- */

static void registrar_case(const char *name, int64_t id, const char *prov,
                           dc_outcome_t o, const char *code)
{
  struct dc_record  rec;
  struct run        r = {"example.com", NULL, prov, -1, &rec};
  struct dc_result *res;
  base_record(&rec, "example.com", NULL);
  free(rec.registrar_name);
  rec.registrar_name    = name != NULL ? strdup(name) : NULL;
  rec.registrar_iana_id = id;
  res                   = run(&r);
  EXPECT(res, DC_CHK_REGISTRAR_APPROVED, o, code);
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

static void test_registrars(void **state)
{
  (void)state;
  registrar_case("GoDaddy.com, LLC", 146, NULL, DC_OUTCOME_FAIL,
                 "registrar-not-approved");
  registrar_case("MarkMonitor Inc.", -1, NULL, DC_OUTCOME_FAIL,
                 "registrar-not-approved");
  registrar_case("GoDaddy.com, LLC", 146, "湖南", DC_OUTCOME_FAIL,
                 "registrar-refused-by-province");
  registrar_case(NULL, 146, NULL, DC_OUTCOME_FAIL, "registrar-not-approved");
  registrar_case("阿里云计算有限公司（万网）", -1, NULL, DC_OUTCOME_PASS,
                 "registrar-approved");
  registrar_case("Alibaba Cloud Computing Ltd. d/b/a HiChina (www.net.cn)",
                 1599, NULL, DC_OUTCOME_PASS, "registrar-approved");
  registrar_case("XINNET TECHNOLOGY CORPORATION", -1, NULL, DC_OUTCOME_PASS,
                 "registrar-likely-approved");
  registrar_case("厦门易名科技有限公司（原厦门易名网络科技有限公司）", -1, NULL,
                 DC_OUTCOME_PASS, "registrar-likely-approved");
  registrar_case("Todaynic.com, Inc.", 697, NULL, DC_OUTCOME_UNKNOWN,
                 "registrar-unverified");
  registrar_case(NULL, -1, NULL, DC_OUTCOME_UNKNOWN, "registrar-not-shown");
}

static void test_policy_accepts_unverified(void **state)
{
  (void)state;
  assert_int_equal(dc_ctx_set_policy(g_ctx, "unverified-registrar", "pass"),
                   DC_OK);
  registrar_case("Todaynic.com, Inc.", 697, NULL, DC_OUTCOME_PASS,
                 "registrar-unverified");
  assert_int_equal(dc_ctx_set_policy(g_ctx, "unverified-registrar", "unknown"),
                   DC_OK);
  assert_int_equal(dc_ctx_set_policy(g_ctx, "no-such-knob", "1"), DC_EINVAL);
  assert_int_equal(dc_ctx_set_policy(g_ctx, "likely-registrar", "maybe"),
                   DC_EINVAL);
}

/* ---- unexpired, domain-status
 * ------------------------------------------------------------- */

static void expiry_case(int64_t left, enum dc_time_kind kind, const char *prov,
                        dc_outcome_t o, const char *code)
{
  struct dc_record  rec;
  struct run        r = {"example.com", NULL, prov, -1, &rec};
  struct dc_result *res;
  base_record(&rec, "example.com", NULL);
  rec.expires.kind = kind;
  rec.expires.secs = g_now + left;
  res              = run(&r);
  EXPECT(res, DC_CHK_UNEXPIRED, o, code);
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

static void test_expiry(void **state)
{
  (void)state;
  expiry_case(365 * DAY, DC_TIME_UTC, NULL, DC_OUTCOME_PASS, "unexpired");
  expiry_case(-DAY, DC_TIME_UTC, NULL, DC_OUTCOME_FAIL, "expired");
  expiry_case(30 * DAY, DC_TIME_UTC, NULL, DC_OUTCOME_WARN, "expiring-soon");
  /* Henan wants three months; elsewhere under 90 days is only a warning. */
  expiry_case(60 * DAY, DC_TIME_UTC, "河南", DC_OUTCOME_FAIL,
              "expiry-margin-province");
  expiry_case(60 * DAY, DC_TIME_UTC, "江苏", DC_OUTCOME_WARN, "expiring-soon");
  expiry_case(91 * DAY, DC_TIME_UTC, "河南", DC_OUTCOME_PASS, "unexpired");
  expiry_case(150 * DAY, DC_TIME_UTC, "上海", DC_OUTCOME_FAIL,
              "expiry-margin-province");
  /* A zone-less time 3 hours away cannot be decided. */
  expiry_case(3 * 3600, DC_TIME_LOCAL, NULL, DC_OUTCOME_UNKNOWN,
              "expiry-ambiguous");
  expiry_case(200 * DAY, DC_TIME_LOCAL, NULL, DC_OUTCOME_PASS, "unexpired");
  expiry_case(200 * DAY, DC_TIME_NONE, NULL, DC_OUTCOME_UNKNOWN,
              "expiry-unknown");
}

static void test_expiry_status_and_registrar_date(void **state)
{
  struct dc_record  rec;
  struct run        r = {"example.com", NULL, NULL, -1, &rec};
  struct dc_result *res;
  (void)state;
  base_record(&rec, "example.com", NULL);
  assert_int_equal(dc_strlist_push(&rec.status, "redemptionPeriod"), DC_OK);
  res = run(&r);
  EXPECT(res, DC_CHK_UNEXPIRED, DC_OUTCOME_FAIL, "expired-status");
  dc_result_destroy(res);
  dc_record_clear(&rec);

  base_record(&rec, "example.com", NULL);
  rec.registrar_expires = rec.expires;
  rec.expires.kind      = DC_TIME_NONE;
  res                   = run(&r);
  EXPECT(res, DC_CHK_UNEXPIRED, DC_OUTCOME_WARN, "registrar-expiry-only");
  dc_result_destroy(res);
  dc_record_clear(&rec);
}

static void test_status(void **state)
{
  static const struct {
    const char  *status;
    dc_outcome_t o;
    const char  *code;
  } cases[] = {
      {"clientTransferProhibited", DC_OUTCOME_PASS, "status-ok"},
      {"serverHold", DC_OUTCOME_FAIL, "on-hold"},
      {"clientHold", DC_OUTCOME_FAIL, "on-hold"},
      {"pendingTransfer", DC_OUTCOME_WARN, "pending-transfer"},
      {"inactive", DC_OUTCOME_WARN, "inactive"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct dc_record  rec;
    struct run        r = {"example.com", NULL, NULL, -1, &rec};
    struct dc_result *res;
    base_record(&rec, "example.com", NULL);
    assert_int_equal(dc_strlist_push(&rec.status, cases[i].status), DC_OK);
    res = run(&r);
    EXPECT(res, DC_CHK_DOMAIN_STATUS, cases[i].o, cases[i].code);
    dc_result_destroy(res);
    dc_record_clear(&rec);
  }
}

/* ---- registrant-match, real-name
 * ---------------------------------------------------------- */

static struct dc_result *registrant_run(const struct subj_opts *so,
                                        const char *registrant, const char *org,
                                        bool redacted, const char *prov)
{
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, prov, -1, &rec};
  struct dc_result *res;
  base_record(&rec, "example.cn", registrant);
  rec.registrant_org = org != NULL ? strdup(org) : NULL;
  rec.redacted       = redacted;
  r.subject          = make_subject(so);
  res                = run(&r);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
  return res;
}

static void test_registrant_individual(void **state)
{
  struct subj_opts  p = {.name = "张三"};
  struct dc_result *res;
  (void)state;
  res = registrant_run(&p, "张三", NULL, false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "name-match");
  assert_int_equal(res->verdict, DC_VERDICT_ELIGIBLE);
  dc_result_destroy(res);
  res = registrant_run(&p, "李四", NULL, false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_FAIL, "registrant-mismatch");
  assert_int_equal(res->verdict, DC_VERDICT_INELIGIBLE);
  dc_result_destroy(res);
  res = registrant_run(&p, NULL, NULL, true, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_UNKNOWN,
         "registrant-redacted");
  assert_int_equal(res->verdict, DC_VERDICT_INDETERMINATE);
  dc_result_destroy(res);
  res = registrant_run(&p, NULL, NULL, false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_UNKNOWN,
         "registrant-not-shown");
  dc_result_destroy(res);
}

static void test_registrant_normalization(void **state)
{
  struct subj_opts o = {
      .org = true, .name = "北京某某（科技）有限公司", .legal_rep = "王五"};
  struct subj_opts  en = {.org = true, .name = "Example Tech Co., Ltd."};
  struct dc_result *res;
  (void)state;
  res = registrant_run(&o, "北京某某(科技)有限公司", NULL, false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "name-match");
  dc_result_destroy(res);
  res = registrant_run(&o, NULL, "北京某某 （科技） 有限公司", false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "name-match");
  dc_result_destroy(res);
  res =
      registrant_run(&en, "ＥＸＡＭＰＬＥ  TECH co., ltd.", NULL, false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "name-match");
  dc_result_destroy(res);
}

static void test_registrant_organization_rules(void **state)
{
  struct subj_opts  o = {.org = true, .legal_rep = "李四"};
  struct dc_result *res;
  (void)state;
  /* Nationally the legal representative may hold the domain... */
  res = registrant_run(&o, "李四", NULL, false, NULL);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "name-match");
  dc_result_destroy(res);
  /* ...but not in Shaanxi, where it must be the organization itself. */
  res = registrant_run(&o, "李四", NULL, false, "陕西");
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_FAIL,
         "owner-not-allowed-by-province");
  dc_result_destroy(res);
  res = registrant_run(&o, NULL, "某某科技有限公司", false, "陕西");
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "name-match");
  dc_result_destroy(res);
  /* Jiangsu also accepts the principal, whom the file does not name. */
  res = registrant_run(&o, "赵六", NULL, false, "江苏");
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_UNKNOWN,
         "principal-unchecked");
  dc_result_destroy(res);
}

static void test_certificate(void **state)
{
  char              id[19];
  char              owner[512];
  struct subj_opts  p = {.name = "张三", .owner = owner};
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, NULL, -1, &rec};
  struct dc_result *res;
  (void)state;
  make_id(id, "41", 1990, 3, 7);
  /* Same person, verified ten days ago. */
  (void)snprintf(owner, sizeof(owner),
                 "\"example.cn\":{\"name\":\"张三\",\"id_type\":"
                 "\"resident-id\",\"id_number\":\"%s\",\"verified_at\":"
                 "\"2026-05-22\"}",
                 id);
  base_record(&rec, "example.cn", NULL);
  rec.redacted = true;
  r.subject    = make_subject(&p);
  res          = run(&r);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_PASS, "certificate-match");
  EXPECT(res, DC_CHK_REAL_NAME, DC_OUTCOME_PASS, "realname-verified");
  assert_int_equal(res->verdict, DC_VERDICT_ELIGIBLE);
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  /* Verified yesterday: too recent for MIIT. */
  (void)snprintf(owner, sizeof(owner),
                 "\"EXAMPLE.CN\":{\"name\":\"张三\",\"id_type\":"
                 "\"resident-id\",\"id_number\":\"%s\",\"verified_at\":"
                 "\"2026-05-31\"}",
                 id);
  r.subject = make_subject(&p);
  res       = run(&r);
  EXPECT(res, DC_CHK_REAL_NAME, DC_OUTCOME_FAIL, "realname-too-recent");
  assert_non_null(
      strstr(res->checks[DC_CHK_REAL_NAME].fix[DC_LANG_EN], "2026-06-03"));
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  /* Same name, another ID number. */
  make_id(id, "41", 1991, 3, 7);
  (void)snprintf(owner, sizeof(owner),
                 "\"example.cn\":{\"name\":\"张三\",\"id_type\":"
                 "\"resident-id\",\"id_number\":\"%s\"}",
                 id);
  r.subject = make_subject(&p);
  res       = run(&r);
  EXPECT(res, DC_CHK_REGISTRANT_MATCH, DC_OUTCOME_FAIL,
         "certificate-id-mismatch");
  EXPECT(res, DC_CHK_REAL_NAME, DC_OUTCOME_WARN, "realname-date-missing");
  /* The ID number never appears in any text. */
  assert_null(
      strstr(res->checks[DC_CHK_REGISTRANT_MATCH].message[DC_LANG_EN], id));
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
}

static void test_realname(void **state)
{
  struct subj_opts  p = {.name = "张三"};
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, NULL, -1, &rec};
  struct dc_result *res;
  (void)state;
  base_record(&rec, "example.cn", "张三");
  r.subject = make_subject(&p);
  res       = run(&r);
  EXPECT(res, DC_CHK_REAL_NAME, DC_OUTCOME_WARN, "realname-not-public");
  assert_int_equal(res->verdict, DC_VERDICT_ELIGIBLE);
  dc_result_destroy(res);
  assert_int_equal(dc_strlist_push(&rec.status, "serverHold"), DC_OK);
  res = run(&r);
  EXPECT(res, DC_CHK_REAL_NAME, DC_OUTCOME_FAIL, "realname-hold");
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
}

/* ---- subject-valid
 * -------------------------------------------------------------------------- */

static struct dc_result *subject_run(const struct subj_opts *so,
                                     const char             *prov)
{
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, prov, -1, &rec};
  struct dc_result *res;
  base_record(&rec, "example.cn", so->name != NULL ? so->name : "张三");
  r.subject = make_subject(so);
  res       = run(&r);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
  return res;
}

static void test_subject_documents(void **state)
{
  struct subj_opts  ok      = {.name = "张三"};
  struct subj_opts  expired = {.name  = "张三",
                               .extra = "\"id_valid_until\":\"2026-01-01\""};
  struct dc_result *res;
  dc_subject_t     *s = NULL;
  dc_diag_t         diag;
  const char       *bad = "{\"type\":\"individual\",\"name\":\"张三\","
                          "\"id_type\":\"resident-id\","
                          "\"id_number\":\"410105199003071231\"}";
  const char       *mix = "{\"type\":\"individual\",\"name\":\"张三\","
                          "\"id_type\":\"uscc\","
                          "\"id_number\":\"91350100M000100Y43\"}";
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, NULL, -1, &rec};
  (void)state;
  res = subject_run(&ok, NULL);
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_PASS, "subject-valid");
  dc_result_destroy(res);
  res = subject_run(&expired, NULL);
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "id-expired");
  dc_result_destroy(res);

  base_record(&rec, "example.cn", "张三");
  assert_int_equal(dc_subject_parse(&s, bad, strlen(bad), NULL, &diag), DC_OK);
  r.subject = s;
  res       = run(&r);
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "id-invalid");
  assert_null(strstr(res->checks[DC_CHK_SUBJECT_VALID].message[DC_LANG_EN],
                     "410105199003071231"));
  dc_result_destroy(res);
  dc_subject_destroy(s);
  assert_int_equal(dc_subject_parse(&s, mix, strlen(mix), NULL, &diag), DC_OK);
  r.subject = s;
  res       = run(&r);
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "id-type-mismatch");
  dc_result_destroy(res);
  dc_subject_destroy(s);
  dc_record_clear(&rec);
}

static void test_subject_province_rules(void **state)
{
  struct subj_opts beijing_id = {.name = "张三", .prov_code = "11"};
  struct subj_opts permit     = {
          .name = "张三", .prov_code = "11", .extra = "\"residence_permit\":true"};
  struct subj_opts young = {
      .name = "张三", .birth_year = 2009, .prov_code = "32"};
  struct subj_opts child = {
      .name = "张三", .birth_year = 2011, .prov_code = "32"};
  struct subj_opts young_hn = {
      .name = "张三", .birth_year = 2009, .prov_code = "43"};
  struct subj_opts  bad_prov = {.name = "张三", .province = "火星"};
  struct dc_result *res;
  (void)state;
  res = subject_run(&beijing_id, "河南");
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "id-not-local");
  dc_result_destroy(res);
  res = subject_run(&permit, "河南"); /* Henan: no permit accepted */
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "id-not-local");
  dc_result_destroy(res);
  res = subject_run(&permit, "上海"); /* Shanghai accepts a permit */
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_WARN, "id-validity-missing");
  dc_result_destroy(res);
  res = subject_run(&young_hn, "湖南"); /* 17: Hunan refuses under 18 */
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "under-age");
  dc_result_destroy(res);
  res = subject_run(&young, "江苏"); /* 17: Jiangsu wants proof */
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_WARN, "proof-of-employment");
  dc_result_destroy(res);
  res = subject_run(&child, "江苏"); /* 15: refused */
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "under-age");
  dc_result_destroy(res);
  res = subject_run(&bad_prov, NULL);
  EXPECT(res, DC_CHK_SUBJECT_VALID, DC_OUTCOME_FAIL, "province-unknown");
  dc_result_destroy(res);
}

/* ---- filing types
 * ----------------------------------------------------------------------------
 */

static dc_verdict_t filing_verdict(int type, const char *filing)
{
  struct subj_opts  p = {.name = "张三", .filing = filing};
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, NULL, type, &rec};
  struct dc_result *res;
  dc_verdict_t      v;
  /* A domain that would fail: at a foreign registrar. */
  base_record(&rec, "example.cn", "张三");
  free(rec.registrar_name);
  rec.registrar_name = strdup("GoDaddy.com, LLC");
  r.subject          = make_subject(&p);
  res                = run(&r);
  v                  = res->verdict;
  if (v == DC_VERDICT_NOT_REQUIRED) {
    EXPECT(res, DC_CHK_REGISTRAR_APPROVED, DC_OUTCOME_SKIPPED, "not-required");
  }
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
  return v;
}

static void test_filing_types(void **state)
{
  (void)state;
  assert_int_equal(filing_verdict(DC_FILING_FIRST, NULL),
                   DC_VERDICT_INELIGIBLE);
  assert_int_equal(filing_verdict(DC_FILING_NEW_SITE, NULL),
                   DC_VERDICT_INELIGIBLE);
  /* Change of a site first filed before 2018: only added domains. */
  assert_int_equal(filing_verdict(DC_FILING_CHANGE,
                                  "\"first_filed\":\"2017-05-01\","
                                  "\"new_domains\":[\"other.cn\"]"),
                   DC_VERDICT_NOT_REQUIRED);
  assert_int_equal(filing_verdict(DC_FILING_CHANGE,
                                  "\"first_filed\":\"2017-05-01\","
                                  "\"new_domains\":[\"www.example.cn\"]"),
                   DC_VERDICT_INELIGIBLE);
  assert_int_equal(filing_verdict(DC_FILING_CHANGE,
                                  "\"first_filed\":\"2018-01-01\","
                                  "\"new_domains\":[\"other.cn\"]"),
                   DC_VERDICT_INELIGIBLE);
  /* Unknown first filing date: the strict row applies. */
  assert_int_equal(filing_verdict(DC_FILING_CHANGE, NULL),
                   DC_VERDICT_INELIGIBLE);
  assert_int_equal(filing_verdict(DC_FILING_ACCESS, NULL),
                   DC_VERDICT_NOT_REQUIRED);
  assert_int_equal(filing_verdict(DC_FILING_CANCEL_SUBJECT, NULL),
                   DC_VERDICT_NOT_REQUIRED);
  assert_int_equal(filing_verdict(DC_FILING_CANCEL_SITE, NULL),
                   DC_VERDICT_NOT_REQUIRED);
  assert_int_equal(filing_verdict(DC_FILING_CANCEL_ACCESS, NULL),
                   DC_VERDICT_NOT_REQUIRED);
  /* The subject's own filing type is used when none is given. */
  assert_int_equal(filing_verdict(-1, "\"type\":\"access\""),
                   DC_VERDICT_NOT_REQUIRED);
}

/* ---- every row of province-rules.txt
 * ------------------------------------------------------------ */

/* Build a scenario that breaks this one rule, and check the finding. */
static void exercise_rule(const struct dc_rules     *rules,
                          const struct dc_prov_rule *pr)
{
  const struct dc_province *p   = &rules->prov[pr->prov];
  bool                      org = pr->applies == DC_APPLIES_O;
  struct subj_opts          so  = {
                .org = org, .legal_rep = org ? "李四" : NULL, .prov_code = p->code};
  struct dc_record  rec;
  struct run        r = {"example.cn", NULL, p->name_zh, -1, &rec};
  struct dc_result *res;
  enum dc_check_id  id   = DC_CHK_COUNT_;
  const char       *want = NULL;
  dc_outcome_t      o    = DC_OUTCOME_FAIL;
  char              input[128];
  char              filing[512];
  char              extra[128];
  int               k;

  base_record(&rec, "example.cn", org ? "某某科技有限公司" : "张三");
  switch (pr->kind) {
    case DC_PR_SUFFIX_REFUSED:
    case DC_PR_SUFFIX_DISPUTED:
      (void)snprintf(input, sizeof(input), "example.%s", pr->list.v[0]);
      r.input = input;
      free(rec.domain);
      rec.domain = strdup(input);
      id         = DC_CHK_TLD_APPROVED;
      o = pr->kind == DC_PR_SUFFIX_REFUSED ? DC_OUTCOME_FAIL : DC_OUTCOME_WARN;
      want = p->name_zh; /* the national finding may be the worst */
      break;
    case DC_PR_FOREIGN_REGISTRAR:
      free(rec.registrar_name);
      rec.registrar_name = strdup("NameCheap, Inc.");
      id                 = DC_CHK_REGISTRAR_APPROVED;
      want               = "explicitly refuses";
      break;
    case DC_PR_EXPIRY_MARGIN:
      rec.expires.secs = g_now + (pr->num - 1) * DAY;
      id               = DC_CHK_UNEXPIRED;
      want             = "days of registration left";
      break;
    case DC_PR_PRIVACY_OFF:
      free(rec.registrant_name);
      rec.registrant_name = NULL;
      rec.redacted        = true;
      id                  = DC_CHK_REGISTRANT_MATCH;
      want                = "privacy protection";
      break;
    case DC_PR_OWNER:
      id = DC_CHK_REGISTRANT_MATCH;
      free(rec.registrant_name);
      if (!org || (pr->num & DC_OWNER_LEGAL_REP) != 0) {
        /* someone who is neither: the individual's or org's stranger */
        rec.registrant_name = strdup("王八");
        want                = (pr->num & DC_OWNER_PRINCIPAL) != 0
                                  ? "also accepts the principal"
                                  : "is not the filing subject";
        o = (pr->num & DC_OWNER_PRINCIPAL) != 0 ? DC_OUTCOME_UNKNOWN
                                                : DC_OUTCOME_FAIL;
      } else {
        rec.registrant_name = strdup("李四"); /* the legal rep: refused */
        want                = "wants the domain held by";
      }
      break;
    case DC_PR_ID_LOCAL:
      so.prov_code = strcmp(p->code, "11") == 0 ? "12" : "11";
      id           = DC_CHK_SUBJECT_VALID;
      want         = "issued in the province";
      break;
    case DC_PR_MIN_AGE:
    case DC_PR_PROOF_AGE:
      /* Born on March 7th, one year short of the limit on 2026-06-01. */
      if (org) {
        so.rep_birth_year = 2026 - (int)pr->num + 1;
      } else {
        so.birth_year = 2026 - (int)pr->num + 1;
      }
      id = DC_CHK_SUBJECT_VALID;
      want =
          pr->kind == DC_PR_MIN_AGE ? "does not accept" : "proof of employment";
      o = pr->kind == DC_PR_MIN_AGE ? DC_OUTCOME_FAIL : DC_OUTCOME_WARN;
      break;
    case DC_PR_ID_VALIDITY:
    {
      struct dc_time until = {DC_TIME_DATE, g_now + (pr->num - 1) * DAY};
      char           d[40];
      dc_time_format(&until, d, sizeof(d));
      (void)snprintf(extra, sizeof(extra), "\"id_valid_until\":\"%s\"", d);
      so.extra = extra;
      id       = DC_CHK_SUBJECT_VALID;
      want     = "valid for at least";
      break;
    }
    case DC_PR_CERT_REQUIRED:
    case DC_PR_ONE_DOMAIN_PER_SITE:
    case DC_PR_EXTRA_MATERIALS:
    {
      int64_t n = pr->kind == DC_PR_ONE_DOMAIN_PER_SITE ? 2 : pr->num + 1;
      size_t  used;
      used = (size_t)snprintf(filing, sizeof(filing), "\"new_domains\":[");
      for (k = 0; k < n && used + 24 < sizeof(filing); k++) {
        used += (size_t)snprintf(filing + used, sizeof(filing) - used,
                                 "%s\"d%d.cn\"", k > 0 ? "," : "", k);
      }
      (void)snprintf(filing + used, sizeof(filing) - used, "]");
      so.filing = filing;
      if (pr->kind == DC_PR_CERT_REQUIRED) {
        id   = DC_CHK_REAL_NAME;
        want = "requires the domain certificate";
        o    = DC_OUTCOME_UNKNOWN;
      } else {
        id   = DC_CHK_SUBJECT_VALID;
        want = pr->kind == DC_PR_ONE_DOMAIN_PER_SITE ? "one domain per website"
                                                     : "extra materials";
        o    = DC_OUTCOME_WARN;
      }
      break;
    }
    case DC_PR_NO_ACCESS_BEFORE:
      dc_record_clear(&rec);
      return; /* a DNS rule: exercised by the live-lookup tests */
    case DC_PR_COUNT_:
      break;
  }
  r.subject = make_subject(&so);
  res       = run(&r);
  {
    /* The rule's own finding must be in the check's text, at the check's
     * outcome: other findings of the same check may come first. */
    const struct dc_check_result *c = chk(res, id);
    if (c->outcome != o || (strstr(c->message[DC_LANG_EN], want) == NULL &&
                            strstr(c->message[DC_LANG_ZH], want) == NULL)) {
      fail_msg("province-rules.txt:%u (%s %s): %s got %s/%s: %s", pr->line,
               p->name_zh, dc_prov_kind_name(pr->kind), dc_check_id_name(id),
               dc_outcome_name(c->outcome), c->code, c->message[DC_LANG_EN]);
    }
  }
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
}

static void test_every_province_rule(void **state)
{
  const struct dc_rules *rules = dc_tldlist_rules(g_ctx->tl);
  size_t                 i;
  size_t                 exercised[DC_PR_COUNT_] = {0};
  (void)state;
  assert_int_equal(rules->nprov, 31);
  assert_true(rules->nrules > 80);
  for (i = 0; i < rules->nrules; i++) {
    exercise_rule(rules, &rules->rules[i]);
    exercised[rules->rules[i].kind]++;
  }
  for (i = 0; i < DC_PR_COUNT_; i++) {
    if (exercised[i] == 0) {
      fail_msg("no province rule of kind %s in the data",
               dc_prov_kind_name((enum dc_prov_kind)i));
    }
  }
}

/* ---- texts
 * -------------------------------------------------------------------------- */

static void test_every_code_has_texts(void **state)
{
  size_t i;
  (void)state;
  assert_true(dc_msg_count() > 60);
  for (i = 0; i < dc_msg_count(); i++) {
    assert_true(dc_msg_known(dc_msg_code_at(i)));
  }
}

static void test_json_shape(void **state)
{
  struct subj_opts p = {.name = "张三"};
  struct dc_record rec;
  struct run r = {"WWW.Example.CN.", NULL, "henan", DC_FILING_FIRST, &rec};
  struct dc_result *res;
  char             *json = NULL;
  char              id[19];
  (void)state;
  base_record(&rec, "example.cn", "张三");
  r.subject       = make_subject(&p);
  res             = run(&r);
  res->has_record = true;
  assert_int_equal(dc_record_copy(&res->record, &rec), DC_OK);
  assert_int_equal(dc_result_to_json(res, 0, &json), DC_OK);
  assert_non_null(strstr(json, "\"input\":\"WWW.Example.CN.\""));
  assert_non_null(strstr(json, "\"domain\":\"example.cn\""));
  assert_non_null(strstr(json, "\"verdict\":\"eligible\""));
  assert_non_null(strstr(json, "\"province\":\"河南\""));
  assert_non_null(strstr(json, "\"filing_type\":\"first\""));
  assert_non_null(strstr(json, "\"id\":\"registrant-match\""));
  assert_non_null(strstr(json, "\"evaluated_at\":\"2026-06-01T00:00:00Z\""));
  make_id(id, "41", 1990, 3, 7);
  assert_null(strstr(json, id));
  assert_null(strchr(json, '\n'));
  dc_free(json);
  dc_result_destroy(res);
  dc_subject_destroy(r.subject);
  dc_record_clear(&rec);
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
      cmocka_unit_test(test_bad_domain_is_ineligible),
      cmocka_unit_test(test_tld),
      cmocka_unit_test(test_state_only_suffix),
      cmocka_unit_test(test_beijing_suffixes),
      cmocka_unit_test(test_registered_answers),
      cmocka_unit_test(test_no_evidence_and_wrong_evidence),
      cmocka_unit_test(test_registrars),
      cmocka_unit_test(test_policy_accepts_unverified),
      cmocka_unit_test(test_expiry),
      cmocka_unit_test(test_expiry_status_and_registrar_date),
      cmocka_unit_test(test_status),
      cmocka_unit_test(test_registrant_individual),
      cmocka_unit_test(test_registrant_normalization),
      cmocka_unit_test(test_registrant_organization_rules),
      cmocka_unit_test(test_certificate),
      cmocka_unit_test(test_realname),
      cmocka_unit_test(test_subject_documents),
      cmocka_unit_test(test_subject_province_rules),
      cmocka_unit_test(test_filing_types),
      cmocka_unit_test(test_every_province_rule),
      cmocka_unit_test(test_every_code_has_texts),
      cmocka_unit_test(test_json_shape),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
