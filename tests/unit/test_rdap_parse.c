/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_rdap_parse.c - RDAP documents to records
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "record.h"
#include "tldlist.h"

/* ---- helpers ------------------------------------------------------------ */

/* JSON written with single quotes in the source, for readability. */
static char *sq(const char *s)
{
  char  *d = strdup(s);
  size_t i;
  assert_non_null(d);
  for (i = 0; d[i] != '\0'; i++) {
    if (d[i] == '\'') {
      d[i] = '"';
    }
  }
  return d;
}

static void parse_h(struct dc_record *rec, const char *doc,
                    const struct dc_parse_hints *h)
{
  char *j = sq(doc);
  dc_record_init(rec);
  assert_int_equal(dc_rdap_parse(rec, j, strlen(j), h), DC_OK);
  free(j);
}

static void parse(struct dc_record *rec, const char *doc)
{
  parse_h(rec, doc, NULL);
}

static struct dc_parse_hints hints(enum dc_origin o, const char *server,
                                   const char *query, const char *zone)
{
  struct dc_parse_hints h;
  memset(&h, 0, sizeof(h));
  h.origin = o;
  h.server = server;
  h.query  = query;
  h.zone   = zone;
  return h;
}

static void assert_time(const struct dc_time *t, const char *want)
{
  char got[40];
  dc_time_format(t, got, sizeof(got));
  if (want == NULL) {
    if (t->kind != DC_TIME_NONE) {
      fail_msg("time: want none, got %s", got);
    }
    return;
  }
  assert_string_equal(got, want);
}

static void assert_list(const struct dc_strlist *l, const char *const *want,
                        size_t n)
{
  size_t i;
  if (l->n != n) {
    fail_msg("list: want %zu entries, got %zu", n, l->n);
  }
  for (i = 0; i < n; i++) {
    assert_string_equal(l->v[i], want[i]);
  }
}

static void assert_nothing(const struct dc_record *r)
{
  assert_null(r->registrar_name);
  assert_int_equal(r->registrar_iana_id, -1);
  assert_null(r->registrar_whois);
  assert_null(r->registrar_rdap);
  assert_int_equal(r->created.kind, DC_TIME_NONE);
  assert_int_equal(r->updated.kind, DC_TIME_NONE);
  assert_int_equal(r->expires.kind, DC_TIME_NONE);
  assert_int_equal(r->registrar_expires.kind, DC_TIME_NONE);
  assert_int_equal(r->status.n, 0);
  assert_null(r->registrant_name);
  assert_null(r->registrant_org);
  assert_false(r->redacted);
  assert_int_equal(r->name_servers.n, 0);
  assert_int_equal(r->dnssec, -1);
}

/* An "other" answer whose detail mentions \p word. */
static void expect_other(const char *doc, const char *word)
{
  struct dc_record r;
  parse(&r, doc);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  assert_non_null(r.detail);
  if (strstr(r.detail, word) == NULL) {
    fail_msg("detail \"%s\" lacks \"%s\"", r.detail, word);
  }
  assert_true(dc_utf8_valid(r.detail, strlen(r.detail)));
  assert_nothing(&r);
  dc_record_clear(&r);
}

#define DOM "'objectClassName':'domain','ldhName':'example.com'"

/* ---- the corpus ------------------------------------------------------------
 */

struct corpus {
  struct dc_tldlist *tl;
  char              *iana; /* tld-list/iana-registrars.txt */
  unsigned           docs;
  unsigned           right;
  unsigned           total;
};

/* A registry is the host of a base URL the IANA bootstrap (RFC 9224) names
 * for the domain's TLD, or the domain of such a host ("flexireg.net" for
 * https://rdap.flexireg.net/). A registrar is the host of an RDAP base URL
 * in IANA's registrar list. Anything else (the corpus' example labels) is
 * left for the parser to decide. */
static enum dc_origin origin_of(const struct corpus *c, const char *server,
                                const char *query)
{
  const struct dc_rdap_service *svc;
  const char                   *tld;
  char                          pat[300];
  size_t                        i;
  size_t                        sl = strlen(server);
  if (query != NULL) {
    char q[256];
    (void)snprintf(q, sizeof(q), "%s", query);
    q[strcspn(q, " ")] = '\0';
    tld                = strrchr(q, '.');
    svc                = dc_tldlist_rdap(c->tl, tld != NULL ? tld + 1 : q);
    for (i = 0; svc != NULL && i < svc->nurls; i++) {
      char        host[256];
      const char *p = strstr(svc->urls[i], "://");
      size_t      n;
      p = p != NULL ? p + 3 : svc->urls[i];
      n = strcspn(p, "/:");
      if (n >= sizeof(host)) {
        continue;
      }
      memcpy(host, p, n);
      host[n] = '\0';
      if (strcmp(host, server) == 0 || (n > sl && host[n - sl - 1] == '.' &&
                                        strcmp(host + n - sl, server) == 0)) {
        return DC_ORIGIN_REGISTRY;
      }
    }
  }
  (void)snprintf(pat, sizeof(pat), "://%s/", server);
  if (strstr(c->iana, pat) != NULL) {
    return DC_ORIGIN_REGISTRAR;
  }
  return DC_ORIGIN_UNKNOWN;
}

struct tally {
  const char *id;
  unsigned    right;
  unsigned    total;
};

static void check_field(struct tally *t, const char *field, bool ok,
                        const char *got, const char *want)
{
  t->total++;
  if (ok) {
    t->right++;
  } else {
    print_message("  %s %s: got %s, want %s\n", t->id, field, got, want);
  }
}

static void cmp_str(struct tally *t, const char *field, const char *got,
                    const struct dc_json *want)
{
  const char *w =
      want != NULL && want->type == DC_JSON_STRING ? want->str : NULL;
  bool ok = (got == NULL && w == NULL) ||
            (got != NULL && w != NULL && strcmp(got, w) == 0);
  check_field(t, field, ok, got != NULL ? got : "null", w != NULL ? w : "null");
}

static void cmp_time(struct tally *t, const char *field,
                     const struct dc_time *got, const struct dc_json *want)
{
  char        g[48];
  const char *w =
      want != NULL && want->type == DC_JSON_STRING ? want->str : NULL;
  dc_time_format(got, g, sizeof(g));
  check_field(t, field,
              (w == NULL && got->kind == DC_TIME_NONE) ||
                  (w != NULL && strcmp(g, w) == 0),
              got->kind == DC_TIME_NONE ? "null" : g, w != NULL ? w : "null");
}

static void cmp_list(struct tally *t, const char *field,
                     const struct dc_strlist *got, const struct dc_json *want)
{
  char   g[512] = "";
  char   w[512] = "";
  size_t i;
  bool ok = want != NULL && want->type == DC_JSON_ARRAY && want->len == got->n;
  for (i = 0; i < got->n; i++) {
    size_t n = strlen(g);
    (void)snprintf(g + n, sizeof(g) - n, "%s%s", i ? "," : "", got->v[i]);
    if (ok && (want->items[i]->type != DC_JSON_STRING ||
               strcmp(want->items[i]->str, got->v[i]) != 0)) {
      ok = false;
    }
  }
  for (i = 0; want != NULL && i < want->len; i++) {
    size_t n = strlen(w);
    (void)snprintf(w + n, sizeof(w) - n, "%s%s", i ? "," : "",
                   want->items[i]->type == DC_JSON_STRING ? want->items[i]->str
                                                          : "?");
  }
  check_field(t, field, ok, g, w);
}

static void check_row(struct corpus *c, const struct dc_json *row)
{
  const char                   *file   = dc_json_get_str(row, "file");
  const char                   *server = dc_json_get_str(row, "server");
  const char                   *query  = dc_json_get_str(row, "query");
  const struct dc_json         *rr     = dc_json_get_object(row, "registrar");
  const struct dc_json         *rt     = dc_json_get_object(row, "registrant");
  const struct dc_json         *id     = dc_json_get(rr, "iana_id");
  const struct dc_json         *red    = dc_json_get(rt, "redacted");
  const struct dc_json         *sec    = dc_json_get(row, "dnssec");
  const struct dc_server_props *props;
  struct dc_parse_hints         h;
  struct dc_record              rec;
  struct tally                  t;
  char                          q[256];
  char                          g[32];
  char                          w[32];
  char                         *text;
  size_t                        len;

  assert_non_null(file);
  assert_non_null(server);
  memset(&t, 0, sizeof(t));
  t.id = dc_json_get_str(row, "id");
  q[0] = '\0';
  if (query != NULL) {
    (void)snprintf(q, sizeof(q), "%s", query);
    q[strcspn(q, " ")] = '\0'; /* "A-label U-label" for IDNs */
  }
  props = dc_tldlist_server_props(c->tl, server);
  h     = hints(origin_of(c, server, query), server, query != NULL ? q : NULL,
            props != NULL ? props->zone : NULL);
  text  = tu_read_file(tu_corpus_path(file), &len);
  if (text == NULL) {
    fail_msg("cannot read %s", file);
  }
  dc_record_init(&rec);
  assert_int_equal(dc_rdap_parse(&rec, text, len, &h), DC_OK);
  free(text);

  check_field(
      &t, "answer",
      strcmp(dc_answer_name(rec.answer), dc_json_get_str(row, "answer")) == 0,
      dc_answer_name(rec.answer), dc_json_get_str(row, "answer"));
  cmp_str(&t, "registrar.name", rec.registrar_name, dc_json_get(rr, "name"));
  (void)snprintf(g, sizeof(g), "%lld", (long long)rec.registrar_iana_id);
  (void)snprintf(w, sizeof(w), "%lld",
                 id != NULL && id->type == DC_JSON_NUMBER ? (long long)id->ival
                                                          : -1LL);
  check_field(&t, "registrar.iana_id", strcmp(g, w) == 0, g, w);
  cmp_str(&t, "registrar_whois", rec.registrar_whois,
          dc_json_get(row, "registrar_whois"));
  cmp_time(&t, "created", &rec.created, dc_json_get(row, "created"));
  cmp_time(&t, "updated", &rec.updated, dc_json_get(row, "updated"));
  cmp_time(&t, "expires", &rec.expires, dc_json_get(row, "expires"));
  cmp_time(&t, "registrar_expires", &rec.registrar_expires,
           dc_json_get(row, "registrar_expires"));
  cmp_list(&t, "status", &rec.status, dc_json_get(row, "status"));
  cmp_str(&t, "registrant.name", rec.registrant_name, dc_json_get(rt, "name"));
  cmp_str(&t, "registrant.organization", rec.registrant_org,
          dc_json_get(rt, "organization"));
  check_field(&t, "registrant.redacted",
              rec.redacted == (red != NULL && red->type == DC_JSON_TRUE),
              rec.redacted ? "true" : "false",
              red != NULL && red->type == DC_JSON_TRUE ? "true" : "false");
  cmp_list(&t, "name_servers", &rec.name_servers,
           dc_json_get(row, "name_servers"));
  (void)snprintf(g, sizeof(g), "%s",
                 rec.dnssec < 0 ? "null"
                 : rec.dnssec   ? "true"
                                : "false");
  (void)snprintf(w, sizeof(w), "%s",
                 sec == NULL || sec->type == DC_JSON_NULL ? "null"
                 : sec->type == DC_JSON_TRUE              ? "true"
                                                          : "false");
  check_field(&t, "dnssec", strcmp(g, w) == 0, g, w);

  print_message("%-28s %-10s %2u/%2u%s%s\n", t.id,
                h.origin == DC_ORIGIN_REGISTRY    ? "registry"
                : h.origin == DC_ORIGIN_REGISTRAR ? "registrar"
                                                  : "unknown",
                t.right, t.total, rec.detail != NULL ? "  " : "",
                rec.detail != NULL ? rec.detail : "");
  c->docs++;
  c->right += t.right;
  c->total += t.total;
  dc_record_clear(&rec);
}

static void test_corpus(void **state)
{
  struct corpus c;
  dc_diag_t     diag;
  char         *all;
  char         *line;
  size_t        len;
  (void)state;
  memset(&c, 0, sizeof(c));
  all = tu_read_file(tu_corpus_path("expected.jsonl"), &len);
  if (all == NULL) {
    skip(); /* no shared corpus beside the project */
    return;
  }
  assert_int_equal(dc_tldlist_create(&c.tl, &diag), DC_OK);
  c.iana = tu_read_file(tu_src_path("tld-list/iana-registrars.txt"), NULL);
  assert_non_null(c.iana);
  line = all;
  while (*line != '\0') {
    char                *nl = strchr(line, '\n');
    struct dc_json      *row;
    struct dc_json_error err;
    size_t               n = nl != NULL ? (size_t)(nl - line) : strlen(line);
    if (n > 0) {
      assert_int_equal(dc_json_parse(&row, line, n, 0, &err), DC_OK);
      if (strcmp(dc_json_get_str(row, "format"), "rdap") == 0) {
        check_row(&c, row);
      }
      dc_json_free(row);
    }
    line += n;
    if (*line == '\n') {
      line++;
    }
  }
  print_message("RDAP corpus: %u documents, %u/%u fields right\n", c.docs,
                c.right, c.total);
  assert_true(c.docs >= 20);
  assert_int_equal(c.right, c.total);
  free(all);
  free(c.iana);
  dc_tldlist_destroy(c.tl);
}

/* ---- error objects
 * ----------------------------------------------------------- */

static void test_error_404(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{'errorCode':404,'title':'Not Found','description':["
            "'The domain you requested is not in the database']}");
  assert_int_equal(r.answer, DC_ANSWER_NOT_FOUND);
  assert_int_equal(r.source, DC_SOURCE_RDAP);
  assert_nothing(&r);
  dc_record_clear(&r);
  /* errorCode as a string; a title alone */
  parse(&r, "{'errorCode':'404','title':'Not Found'}");
  assert_int_equal(r.answer, DC_ANSWER_NOT_FOUND);
  dc_record_clear(&r);
  parse(&r, "{'rdapConformance':['rdap_level_0'],'title':'Domain not found'}");
  assert_int_equal(r.answer, DC_ANSWER_NOT_FOUND);
  dc_record_clear(&r);
}

static void test_error_429(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{'errorCode':429,'title':'Too Many Requests'}");
  assert_int_equal(r.answer, DC_ANSWER_RATE_LIMITED);
  assert_nothing(&r);
  dc_record_clear(&r);
  parse(&r, "{'errorCode':503,'title':'Service Unavailable','description':"
            "['Query rate limit exceeded, slow down']}");
  assert_int_equal(r.answer, DC_ANSWER_RATE_LIMITED);
  dc_record_clear(&r);
}

static void test_error_other(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{'errorCode':500,'title':'Internal Server Error',"
            "'description':['line one\\nline two']}");
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  assert_non_null(r.detail);
  assert_non_null(strstr(r.detail, "errorCode 500"));
  assert_null(strchr(r.detail, '\n')); /* control characters are spaces */
  dc_record_clear(&r);
  expect_other("{'errorCode':400,'title':'Bad Request'}", "400");
  expect_other("{'errorCode':{},'title':'Oops'}", "error object");
  expect_other("{'domainSearchResults':[{" DOM "}]}", "search");
  expect_other("{'objectClassName':'entity','handle':'X'}", "entity");
  expect_other("{'objectClassName':'nameserver','ldhName':'ns.example.com'}",
               "nameserver");
}

/* ---- registrant and redaction
 * -------------------------------------------------- */

static void test_rfc9537_redaction(void **state)
{
  struct dc_record r;
  (void)state;
  /* Registrant removed entirely (RFC 9537 section 3.1, "removal"). */
  parse(&r, "{" DOM ",'rdapConformance':['rdap_level_0','redacted'],"
            "'redacted':[{'name':{'type':'Registrant Name'},"
            "'method':'removal','reason':{'type':'Server policy'}}]}");
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_true(r.redacted);
  assert_null(r.registrant_name);
  dc_record_clear(&r);
  /* Named only by a path. */
  parse(&r, "{" DOM ",'redacted':[{'name':{'description':'Name'},"
            "'prePath':'$.entities[?(@.roles[0]==\\u0027registrant\\u0027)]"
            ".vcardArray[1][?(@[0]==\\u0027fn\\u0027)][3]'}]}");
  assert_true(r.redacted);
  dc_record_clear(&r);
  /* A technical contact redacted is not the registrant. */
  parse(&r, "{" DOM ",'redacted':[{'name':{'description':'Technical Name'},"
            "'postPath':'$.entities[?(@.roles[0]==\\u0027technical\\u0027)]'}"
            "]}");
  assert_false(r.redacted);
  dc_record_clear(&r);
  /* No registrant at all and nothing said: a thin answer. */
  parse(&r, "{" DOM "}");
  assert_false(r.redacted);
  dc_record_clear(&r);
}

static void test_registrant_privacy(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{" DOM ",'entities':[{'objectClassName':'entity','roles':"
            "['registrant'],'vcardArray':['vcard',[['version',{},'text',"
            "'4.0'],['fn',{},'text','REDACTED FOR PRIVACY'],['org',{},'text',"
            "'Domains By Proxy, LLC']]]}]}");
  assert_null(r.registrant_name);
  assert_string_equal(r.registrant_org, "Domains By Proxy, LLC");
  assert_true(r.redacted);
  dc_record_clear(&r);
  parse(&r, "{" DOM ",'entities':[{'roles':['registrant'],'vcardArray':"
            "['vcard',[['fn',{},'text','Data Protected'],['org',{},'text',"
            "'Privacy service']]]}]}");
  assert_null(r.registrant_name);
  assert_null(r.registrant_org);
  assert_true(r.redacted);
  dc_record_clear(&r);
  parse(&r, "{" DOM ",'entities':[{'roles':['registrant'],'vcardArray':"
            "['vcard',[['fn',{},'text','Super Privacy Service LTD c/o "
            "Dynadot']]]}]}");
  assert_string_equal(r.registrant_name,
                      "Super Privacy Service LTD c/o Dynadot");
  assert_true(r.redacted);
  dc_record_clear(&r);
  /* A real holder is not redacted. */
  parse(&r, "{" DOM ",'entities':[{'roles':['registrant'],'vcardArray':"
            "['vcard',[['fn',{},'text','  Zhang San '],['org',{},'text',"
            "'Example Network Technology Co., Ltd.']]]}]}");
  assert_string_equal(r.registrant_name, "Zhang San");
  assert_string_equal(r.registrant_org, "Example Network Technology Co., Ltd.");
  assert_false(r.redacted);
  dc_record_clear(&r);
  /* No name at all, with a redaction remark. */
  parse(&r, "{" DOM ",'entities':[{'roles':['registrant'],'remarks':[{"
            "'title':'REDACTED FOR PRIVACY','type':'object redacted due to "
            "authorization','description':['Some data was removed']}]}]}");
  assert_null(r.registrant_name);
  assert_true(r.redacted);
  dc_record_clear(&r);
  /* Handle only (entity not embedded), nothing said: not redacted. */
  parse(&r, "{" DOM ",'entities':[{'roles':['registrant'],'handle':'H1'}]}");
  assert_false(r.redacted);
  dc_record_clear(&r);
}

static void test_nested_registrant(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{" DOM ",'entities':[{'roles':['registrar'],'vcardArray':"
            "['vcard',[['fn',{},'text','Example Registrar']]],'entities':[{"
            "'roles':['abuse']},{'roles':['Registrant'],'vcardArray':['vcard',"
            "[['fn',{},'text','Li Si'],['org',{},'text','Example Org']]]}]}]}");
  assert_string_equal(r.registrar_name, "Example Registrar");
  assert_string_equal(r.registrant_name, "Li Si");
  assert_string_equal(r.registrant_org, "Example Org");
  assert_false(r.redacted);
  dc_record_clear(&r);
}

static void test_vcard_org_array(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{" DOM ",'entities':[{'roles':['registrant'],'vcardArray':"
            "['vcard',[['fn',{},'text','Wang Wu'],['org',{'type':'work'},"
            "'text',['','Example Org','Sales']]]]},{'roles':['registrar'],"
            "'vcardArray':['vcard',[['org',{},'text',['Registrar Org',"
            "'Unit']]]]}]}");
  assert_string_equal(r.registrant_org, "Example Org");
  assert_string_equal(r.registrar_name, "Registrar Org");
  dc_record_clear(&r);
  /* PHP's empty parameter array is accepted. */
  parse(&r, "{" DOM ",'entities':[{'roles':['registrar'],'vcardArray':"
            "['vcard',[['fn',[],'text','Registrar A']]]}]}");
  assert_string_equal(r.registrar_name, "Registrar A");
  dc_record_clear(&r);
}

static void test_public_ids(void **state)
{
  static const struct {
    const char *ids;
    int64_t     want;
  } cases[] = {
      {"[{'type':'IANA Registrar ID','identifier':1606}]", 1606},
      {"[{'type':'IANA Registrar ID','identifier':' 292 '}]", 292},
      {"[{'type':'iana registrar id','identifier':'146'}]", 146},
      {"[{'type':'IANA_REGISTRAR_ID','identifier':'9999'}]", 9999},
      {"[{'type':'Registry ID','identifier':'77'},"
       "{'type':'IANA Registrar ID','identifier':'81'}]",
       81},
      {"[{'type':'IANA Registrar ID','identifier':'N/A'}]", -1},
      {"[{'type':'IANA Registrar ID','identifier':''}]", -1},
      {"[{'type':'IANA Registrar ID','identifier':-5}]", -1},
      {"[{'type':'IANA Registrar ID','identifier':12.5}]", -1},
      {"[{'type':'IANA Registrar ID','identifier':'99999999999999999999'}]",
       -1},
      {"[{'type':'IANA Registrar ID'}]", -1},
      {"[{'identifier':'5'}]", -1},
      {"[]", -1},
  };
  size_t i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(cases); i++) {
    struct dc_record r;
    char             doc[512];
    (void)snprintf(doc, sizeof(doc),
                   "{" DOM ",'entities':[{'roles':['registrar'],'handle':'R1',"
                   "'publicIds':%s}]}",
                   cases[i].ids);
    parse(&r, doc);
    assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
    if (r.registrar_iana_id != cases[i].want) {
      fail_msg("%s: got %lld", cases[i].ids, (long long)r.registrar_iana_id);
    }
    assert_string_equal(r.registrar_name, "R1"); /* handle as last resort */
    dc_record_clear(&r);
  }
}

/* ---- events -----------------------------------------------------------------
 */

static void test_missing_events(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{" DOM "}");
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_string_equal(r.domain, "example.com");
  assert_nothing(&r);
  dc_record_clear(&r);
  parse(&r, "{" DOM ",'events':[]}");
  assert_int_equal(r.created.kind, DC_TIME_NONE);
  dc_record_clear(&r);
  /* Events without dates, bad dates, unknown actions: skipped. */
  parse(&r, "{" DOM ",'events':[{'eventAction':'registration'},"
            "{'eventDate':'2020-01-01T00:00:00Z'},"
            "{'eventAction':'expiration','eventDate':'2020-02-30T00:00:00Z'},"
            "{'eventAction':'last changed','eventDate':'yesterday'},"
            "{'eventAction':'transfer','eventDate':'2020-01-01T00:00:00Z'},"
            "{'eventAction':'last update of RDAP database',"
            "'eventDate':'2020-01-01T00:00:00Z'}]}");
  assert_int_equal(r.created.kind, DC_TIME_NONE);
  assert_int_equal(r.updated.kind, DC_TIME_NONE);
  assert_int_equal(r.expires.kind, DC_TIME_NONE);
  dc_record_clear(&r);
}

static void test_event_times(void **state)
{
  struct dc_record      r;
  struct dc_parse_hints h;
  (void)state;
  parse(
      &r,
      "{" DOM ",'events':["
      "{'eventAction':'registration','eventDate':'2003-03-17T12:20:05+08:00'},"
      "{'eventAction':'last "
      "changed','eventDate':'2024-06-12T22:09:39.881923Z'},"
      "{'eventAction':'expiration','eventDate':'2028-09-13T07:00:00.000+0000'},"
      "{'eventAction':'registrar expiration','eventDate':'2029-01-02'}]}");
  assert_time(&r.created, "2003-03-17T04:20:05Z");
  assert_time(&r.updated, "2024-06-12T22:09:39Z");
  assert_time(&r.expires, "2028-09-13T07:00:00Z");
  assert_time(&r.registrar_expires, "2029-01-02");
  assert_int_equal(r.registrar_expires.kind, DC_TIME_DATE);
  dc_record_clear(&r);

  /* Zone-less times: the server's documented zone, else a wall clock. */
#define ZL                                                                     \
  "{" DOM ",'events':[{'eventAction':'registration','eventDate':"              \
  "'2021-07-01T12:00:00'},{'eventAction':'expiration','eventDate':"            \
  "'2021-01-15T12:00:00'}]}"
  parse(&r, ZL);
  assert_int_equal(r.created.kind, DC_TIME_LOCAL);
  assert_time(&r.created, "2021-07-01T12:00:00");
  dc_record_clear(&r);
  h = hints(DC_ORIGIN_REGISTRY, NULL, NULL, "+08:00");
  parse_h(&r, ZL, &h);
  assert_time(&r.created, "2021-07-01T04:00:00Z");
  dc_record_clear(&r);
  h = hints(DC_ORIGIN_REGISTRY, NULL, NULL, "UTC");
  parse_h(&r, ZL, &h);
  assert_time(&r.created, "2021-07-01T12:00:00Z");
  dc_record_clear(&r);
  h = hints(DC_ORIGIN_REGISTRY, NULL, NULL, "US-Pacific");
  parse_h(&r, ZL, &h);
  assert_time(&r.created, "2021-07-01T19:00:00Z"); /* PDT, UTC-7 */
  assert_time(&r.expires, "2021-01-15T20:00:00Z"); /* PST, UTC-8 */
  dc_record_clear(&r);
#undef ZL
}

static void test_origin(void **state)
{
  struct dc_record      r;
  struct dc_parse_hints h;
#define OD                                                                     \
  "{" DOM ",'port43':'whois.example-registrar.com','links':[{'rel':'self',"    \
  "'href':'https://rdap.example-registry.net/domain/example.com','type':"      \
  "'application/rdap+json'},{'rel':'related','href':"                          \
  "'https://rdap.example-registrar.com/domain/example.com','type':"            \
  "'application/rdap+json'}],'entities':[{'roles':['registrar'],"              \
  "'vcardArray':['vcard',[['fn',{},'text','Registrar Inc.']]]}],'events':["    \
  "{'eventAction':'expiration','eventDate':'2030-01-01T00:00:00Z'}]}"
  (void)state;
  h = hints(DC_ORIGIN_REGISTRY, "rdap.example-registry.net", "example.com",
            NULL);
  parse_h(&r, OD, &h);
  assert_time(&r.expires, "2030-01-01T00:00:00Z");
  assert_int_equal(r.registrar_expires.kind, DC_TIME_NONE);
  assert_string_equal(r.registrar_whois, "whois.example-registrar.com");
  assert_string_equal(r.registrar_rdap,
                      "https://rdap.example-registrar.com/domain/example.com");
  assert_string_equal(r.server, "rdap.example-registry.net");
  dc_record_clear(&r);
  h = hints(DC_ORIGIN_REGISTRAR, "rdap.example-registrar.com", NULL, NULL);
  parse_h(&r, OD, &h);
  assert_int_equal(r.expires.kind, DC_TIME_NONE);
  assert_time(&r.registrar_expires, "2030-01-01T00:00:00Z");
  assert_string_equal(r.registrar_whois, "whois.example-registrar.com");
  assert_null(r.registrar_rdap);
  dc_record_clear(&r);
#undef OD
  /* The registry's own WHOIS is no referral. */
  h = hints(DC_ORIGIN_REGISTRY, "rdap.verisign.com", NULL, NULL);
  parse_h(&r, "{" DOM ",'port43':'whois.verisign-grs.com'}", &h);
  assert_null(r.registrar_whois);
  dc_record_clear(&r);
  h = hints(DC_ORIGIN_REGISTRY, "rdap.centralnic.com", NULL, NULL);
  parse_h(&r,
          "{'objectClassName':'domain','ldhName':'abc.xyz','port43':"
          "'whois.nic.xyz'}",
          &h);
  assert_null(r.registrar_whois);
  dc_record_clear(&r);
}

/* ---- status, name servers, DNSSEC
 * ------------------------------------------------- */

static void test_status_words(void **state)
{
  static const char *const want[] = {"ok", "clientTransferProhibited",
                                     "pendingDelete", "redemptionPeriod"};
  struct dc_record         r;
  (void)state;
  parse(&r, "{" DOM ",'status':['active','client transfer prohibited',"
            "'server recover prohibited','locked','associated',"
            "'CLIENT TRANSFER PROHIBITED','pending delete','redemption period',"
            "'']}");
  assert_list(&r.status, want, DC_ARRAY_LEN(want));
  dc_record_clear(&r);
}

/* Every domain status of RFC 8056 section 2 maps to its EPP name. */
static void test_status_rfc8056(void **state)
{
  static const char *const map[][2] = {
      {"active", "ok"},
      {"inactive", "inactive"},
      {"client delete prohibited", "clientDeleteProhibited"},
      {"client hold", "clientHold"},
      {"client renew prohibited", "clientRenewProhibited"},
      {"client transfer prohibited", "clientTransferProhibited"},
      {"client update prohibited", "clientUpdateProhibited"},
      {"server delete prohibited", "serverDeleteProhibited"},
      {"server hold", "serverHold"},
      {"server renew prohibited", "serverRenewProhibited"},
      {"server transfer prohibited", "serverTransferProhibited"},
      {"server update prohibited", "serverUpdateProhibited"},
      {"pending create", "pendingCreate"},
      {"pending delete", "pendingDelete"},
      {"pending renew", "pendingRenew"},
      {"pending restore", "pendingRestore"},
      {"pending transfer", "pendingTransfer"},
      {"pending update", "pendingUpdate"},
      {"add period", "addPeriod"},
      {"auto renew period", "autoRenewPeriod"},
      {"renew period", "renewPeriod"},
      {"transfer period", "transferPeriod"},
      {"redemption period", "redemptionPeriod"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(map); i++) {
    struct dc_record r;
    char             doc[256];
    (void)snprintf(doc, sizeof(doc), "{" DOM ",'status':['%s']}", map[i][0]);
    parse(&r, doc);
    if (r.status.n != 1 || strcmp(r.status.v[0], map[i][1]) != 0) {
      fail_msg("\"%s\": got %s", map[i][0],
               r.status.n ? r.status.v[0] : "nothing");
    }
    dc_record_clear(&r);
  }
}

static void test_nameservers(void **state)
{
  static const char *const want[] = {"ns1.example.net", "ns2.example.net",
                                     "ns1.xn--bcher-kva.de"};
  struct dc_record         r;
  (void)state;
  parse(&r, "{'objectClassName':'domain','ldhName':'EXAMPLE.COM.',"
            "'nameservers':[{'ldhName':'NS1.Example.NET.'},"
            "{'ldhName':'ns2.example.net','unicodeName':'ignored.example'},"
            "{'ldhName':'ns1.example.net'},{'unicodeName':'ns1.bücher.de'},"
            "{'ldhName':''},{}]}");
  assert_string_equal(r.domain, "example.com");
  assert_list(&r.name_servers, want, DC_ARRAY_LEN(want));
  dc_record_clear(&r);
}

static void test_dnssec(void **state)
{
  static const struct {
    const char *sd;
    int         want;
  } cases[] = {
      {"{'delegationSigned':true}", 1},
      {"{'delegationSigned':false}", 0},
      {"{'delegationSigned':false,'dsData':[{'keyTag':1}]}", 0},
      {"{'dsData':[{'keyTag':1,'algorithm':8}]}", 1},
      {"{'keyData':[{'flags':257}]}", 1},
      {"{'dsData':[]}", -1},
      {"{}", -1},
      {"null", -1},
  };
  size_t           i;
  struct dc_record r;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(cases); i++) {
    char doc[256];
    (void)snprintf(doc, sizeof(doc), "{" DOM ",'secureDNS':%s}", cases[i].sd);
    parse(&r, doc);
    if (r.dnssec != cases[i].want) {
      fail_msg("%s: got %d", cases[i].sd, r.dnssec);
    }
    dc_record_clear(&r);
  }
  parse(&r, "{" DOM ",'secureDns':{'delegationSigned':true}}");
  assert_int_equal(r.dnssec, -1); /* member names are case-sensitive */
  dc_record_clear(&r);
}

/* ---- hostile input
 * ------------------------------------------------------------ */

static void test_malformed_json(void **state)
{
  static const char *const bad[] = {
      "{'objectClassName':'domain',",
      "{'objectClassName':'domain'} trailing",
      "not json at all",
      "{'a':'\\ud800'}",
      "",
      "   ",
  };
  struct dc_record r;
  size_t           i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(bad); i++) {
    expect_other(bad[i], "not JSON");
  }
  /* invalid UTF-8 and NUL bytes */
  dc_record_init(&r);
  assert_int_equal(dc_rdap_parse(&r, "{\"a\":\"\xff\"}", 9, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  assert_int_equal(dc_rdap_parse(&r, "{\"a\":\"\0\"}", 8, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  assert_int_equal(dc_rdap_parse(&r, NULL, 0, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  assert_int_equal(dc_rdap_parse(NULL, "{}", 2, NULL), DC_EINVAL);
  assert_int_equal(dc_rdap_parse(&r, NULL, 3, NULL), DC_EINVAL);
}

static void test_wrong_types(void **state)
{
  static const char *const docs[][2] = {
      {"[1,2]", "not a JSON object"},
      {"'domain'", "not a JSON object"},
      {"5", "not a JSON object"},
      {"{}", "objectClassName"},
      {"{'objectClassName':5}", "not a string"},
      {"{'objectClassName':'domain'}", "ldhName"},
      {"{'objectClassName':'domain','ldhName':7}", "ldhName"},
      {"{" DOM ",'events':5}", "events"},
      {"{" DOM ",'events':[5]}", "events[0]"},
      {"{" DOM ",'events':[{'eventAction':1,'eventDate':'x'}]}", "eventAction"},
      {"{" DOM ",'events':[{'eventAction':'expiration','eventDate':[]}]}",
       "eventDate"},
      {"{" DOM ",'entities':{}}", "entities"},
      {"{" DOM ",'entities':['registrar']}", "entities[0]"},
      {"{" DOM ",'entities':[{'roles':'registrar'}]}", "roles"},
      {"{" DOM ",'entities':[{'roles':[1]}]}", "roles[0]"},
      {"{" DOM ",'entities':[{'roles':['registrar'],'vcardArray':{}}]}",
       "vcardArray"},
      {"{" DOM ",'entities':[{'roles':['registrant'],'vcardArray':['vcard',"
       "['fn','{}','text','x']]}]}",
       "vcardArray[1][0]"},
      {"{" DOM ",'entities':[{'roles':['registrar'],'vcardArray':[['version',"
       "{},'text','4.0']]}]}",
       "vcardArray"},
      {"{" DOM ",'entities':[{'roles':['registrant'],'vcardArray':['vcard',"
       "[['fn','{}','text','x']]]}]}",
       "vcardArray[1][0]"},
      {"{" DOM ",'entities':[{'roles':['registrar'],'vcardArray':['vcard',"
       "[['fn',{},'text']]]}]}",
       "vcardArray[1][0]"},
      {"{" DOM ",'entities':[{'publicIds':{'type':'IANA Registrar ID'}}]}",
       "publicIds"},
      {"{" DOM ",'entities':[{'publicIds':[{'identifier':true}]}]}",
       "identifier"},
      {"{" DOM ",'entities':[{'remarks':[{'title':5}]}]}", "title"},
      {"{" DOM ",'entities':[{'entities':[{'entities':7}]}]}",
       "entities[0].entities[0].entities"},
      {"{" DOM ",'status':'active'}", "status"},
      {"{" DOM ",'status':[['active']]}", "status[0]"},
      {"{" DOM ",'nameservers':{}}", "nameservers"},
      {"{" DOM ",'nameservers':['ns1.example.com']}", "nameservers[0]"},
      {"{" DOM ",'nameservers':[{'ldhName':['ns1']}]}", "ldhName"},
      {"{" DOM ",'secureDNS':true}", "secureDNS"},
      {"{" DOM ",'secureDNS':{'delegationSigned':'yes'}}", "delegationSigned"},
      {"{" DOM ",'secureDNS':{'dsData':{}}}", "dsData"},
      {"{" DOM ",'port43':43}", "port43"},
      {"{" DOM ",'links':{}}", "links"},
      {"{" DOM ",'links':[{'href':5}]}", "href"},
      {"{" DOM ",'redacted':{}}", "redacted"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(docs); i++) {
    expect_other(docs[i][0], docs[i][1]);
  }
}

/* What is not read is not judged: a sloppy abuse vCard, a remark whose
 * description is a string, members of unknown names. */
static void test_unread_sloppiness(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "{" DOM ",'entities':[{'roles':['registrar'],'vcardArray':"
            "['vcard',[['fn',{},'text','Registrar B']]],'entities':[{'roles':"
            "['abuse'],'vcardArray':['vcard',['tel','{}','uri']]}]},"
            "{'roles':['registrant'],'remarks':[{'title':'REDACTED FOR "
            "PRIVACY','description':'a string'}]}],'nameServers':5,"
            "'notices':'x','handle':null,'secureDNS':{'zoneSigned':'no',"
            "'delegationSigned':null}}");
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_string_equal(r.registrar_name, "Registrar B");
  assert_true(r.redacted);
  assert_int_equal(r.dnssec, -1);
  dc_record_clear(&r);
}

static void test_wrong_query(void **state)
{
  struct dc_record      r;
  struct dc_parse_hints h = hints(DC_ORIGIN_REGISTRY, NULL, "other.com", NULL);
  (void)state;
  parse_h(&r, "{" DOM "}", &h);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  assert_non_null(strstr(r.detail, "another name"));
  dc_record_clear(&r);
  h = hints(DC_ORIGIN_REGISTRY, NULL, "Example.COM. 例子.com", NULL);
  parse_h(&r, "{" DOM "}", &h);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  dc_record_clear(&r);
}

enum huge { HUGE_NS, HUGE_STATUS, HUGE_ENTITIES };

static char *huge_doc(size_t n, enum huge kind)
{
  static const char *const member[] = {"nameservers", "status", "entities"};
  size_t                   cap      = 64 + n * 64;
  char                    *d        = malloc(cap);
  size_t                   len;
  size_t                   i;
  assert_non_null(d);
  len = (size_t)snprintf(d, cap,
                         "{\"objectClassName\":\"domain\",\"ldhName\":"
                         "\"example.com\",\"%s\":[",
                         member[kind]);
  for (i = 0; i < n; i++) {
    const char *sep = i ? "," : "";
    if (kind == HUGE_NS) {
      len += (size_t)snprintf(d + len, cap - len,
                              "%s{\"ldhName\":\"ns%zu.example.net\"}", sep, i);
    } else if (kind == HUGE_STATUS) {
      len +=
          (size_t)snprintf(d + len, cap - len, "%s\"client hold %zu\"", sep, i);
    } else {
      len += (size_t)snprintf(d + len, cap - len, "%s{\"roles\":[\"t%zu\"]}",
                              sep, i);
    }
  }
  (void)snprintf(d + len, cap - len, "]}");
  return d;
}

static void test_huge_and_deep(void **state)
{
  struct dc_record r;
  char            *d;
  char            *deep;
  size_t           i;
  size_t           len;
  (void)state;
  d = huge_doc(100000, HUGE_NS);
  dc_record_init(&r);
  assert_int_equal(dc_rdap_parse(&r, d, strlen(d), NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_int_equal(r.name_servers.n, 64);
  dc_record_clear(&r);
  free(d);
  d = huge_doc(100000, HUGE_STATUS);
  assert_int_equal(dc_rdap_parse(&r, d, strlen(d), NULL), DC_OK);
  assert_int_equal(r.status.n, 0);
  dc_record_clear(&r);
  free(d);
  d = huge_doc(100000, HUGE_ENTITIES);
  assert_int_equal(dc_rdap_parse(&r, d, strlen(d), NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  dc_record_clear(&r);
  free(d);

  /* Entities nested as deep as the reader allows, then deeper. */
  for (i = 20; i <= 40; i += 20) {
    size_t k;
    size_t cap = 64 + i * 40;
    deep       = malloc(cap);
    assert_non_null(deep);
    len = (size_t)snprintf(deep, cap,
                           "{\"objectClassName\":\"domain\","
                           "\"ldhName\":\"example.com\"");
    for (k = 0; k < i; k++) {
      len += (size_t)snprintf(deep + len, cap - len,
                              ",\"entities\":[{\"roles\":[\"x\"]");
    }
    for (k = 0; k < i; k++) {
      len += (size_t)snprintf(deep + len, cap - len, "}]");
    }
    (void)snprintf(deep + len, cap - len, "}");
    assert_int_equal(dc_rdap_parse(&r, deep, strlen(deep), NULL), DC_OK);
    assert_int_equal(r.answer,
                     i <= 20 ? DC_ANSWER_REGISTERED : DC_ANSWER_OTHER);
    dc_record_clear(&r);
    free(deep);
  }
  deep = malloc(100000 * 2 + 1);
  assert_non_null(deep);
  memset(deep, '[', 100000);
  memset(deep + 100000, ']', 100000);
  deep[200000] = '\0';
  assert_int_equal(dc_rdap_parse(&r, deep, 200000, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  free(deep);
}

/* ---- allocation failure
 * ---------------------------------------------------------- */

static long fail_after = -1;

static void *fail_malloc(size_t n)
{
  if (fail_after == 0) {
    return NULL;
  }
  if (fail_after > 0) {
    fail_after--;
  }
  return malloc(n);
}

static void *fail_realloc(void *p, size_t n)
{
  if (fail_after == 0) {
    return NULL;
  }
  if (fail_after > 0) {
    fail_after--;
  }
  return realloc(p, n);
}

static void test_enomem(void **state)
{
  struct dc_parse_hints h =
      hints(DC_ORIGIN_REGISTRY, "rdap.nic.fr", "lemonde.fr", NULL);
  char  *text;
  size_t len;
  long   n;
  (void)state;
  text = tu_read_file(
      tu_corpus_path("rdap/rdap.nic.fr/rdap-nic-fr-003_lemonde.fr.json"), &len);
  if (text == NULL) {
    skip();
    return;
  }
  for (n = 0;; n++) {
    struct dc_record r;
    dc_status_t      st;
    dc_record_init(&r);
    fail_after = n;
    dc_set_allocator(fail_malloc, fail_realloc, free);
    st = dc_rdap_parse(&r, text, len, &h);
    dc_set_allocator(NULL, NULL, NULL);
    if (st == DC_OK) {
      assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
      assert_string_equal(r.registrar_whois, "whois.nameshield.net");
      dc_record_clear(&r);
      break;
    }
    assert_int_equal(st, DC_ENOMEM);
    assert_int_equal(r.answer, DC_ANSWER_NONE);
    assert_null(r.server);
    dc_record_clear(&r);
    assert_true(n < 100000);
  }
  fail_after = -1;
  free(text);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corpus),
      cmocka_unit_test(test_error_404),
      cmocka_unit_test(test_error_429),
      cmocka_unit_test(test_error_other),
      cmocka_unit_test(test_rfc9537_redaction),
      cmocka_unit_test(test_registrant_privacy),
      cmocka_unit_test(test_nested_registrant),
      cmocka_unit_test(test_vcard_org_array),
      cmocka_unit_test(test_public_ids),
      cmocka_unit_test(test_missing_events),
      cmocka_unit_test(test_event_times),
      cmocka_unit_test(test_origin),
      cmocka_unit_test(test_status_words),
      cmocka_unit_test(test_status_rfc8056),
      cmocka_unit_test(test_nameservers),
      cmocka_unit_test(test_dnssec),
      cmocka_unit_test(test_malformed_json),
      cmocka_unit_test(test_wrong_types),
      cmocka_unit_test(test_unread_sloppiness),
      cmocka_unit_test(test_wrong_query),
      cmocka_unit_test(test_huge_and_deep),
      cmocka_unit_test(test_enomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
