/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_whois_parse.c - the WHOIS reply parser, one mechanism at a
 *  time, with small inline replies
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp.h"
#include "record.h"
#include "wparse_text.h"
#include "wparse_time.h"

/* ---- helpers ------------------------------------------------------------- */

static const char *fake_iana(void *ud, int64_t id)
{
  (void)ud;
  return id == 1619 || id == 380 ? "Some Registrar" : NULL;
}

static struct dc_parse_hints hints_for(const char *server, const char *query,
                                       enum dc_origin origin, const char *zone)
{
  struct dc_parse_hints h;
  memset(&h, 0, sizeof(h));
  h.server    = server;
  h.query     = query;
  h.origin    = origin;
  h.zone      = zone;
  h.iana_name = fake_iana;
  return h;
}

static void parse_h(struct dc_record *r, const char *text,
                    const struct dc_parse_hints *h)
{
  dc_record_init(r);
  assert_int_equal(dc_whois_parse(r, text, strlen(text), h), DC_OK);
}

static void parse(struct dc_record *r, const char *text)
{
  struct dc_parse_hints h =
      hints_for("whois.example.net", NULL, DC_ORIGIN_REGISTRY, NULL);
  parse_h(r, text, &h);
}

static void assert_time(const struct dc_time *t, const char *want)
{
  char got[48];
  dc_time_format(t, got, sizeof(got));
  assert_string_equal(got, want);
}

static void assert_list(const struct dc_strlist *l, const char *const *want,
                        size_t n)
{
  size_t i;
  assert_int_equal(l->n, n);
  for (i = 0; i < n; i++) {
    assert_string_equal(l->v[i], want[i]);
  }
}

static void time_is(const char *value, const char *zone, const char *want)
{
  struct dc_wptime_ctx ctx;
  struct dc_time       t;
  memset(&ctx, 0, sizeof(ctx));
  ctx.zone = zone;
  assert_true(dc_wptime_parse(value, strlen(value), &ctx, &t));
  assert_time(&t, want);
}

static void not_time(const char *value)
{
  struct dc_time t;
  assert_false(dc_wptime_parse(value, strlen(value), NULL, &t));
}

/* ---- labels -------------------------------------------------------------- */

static void test_icann_labels(void **state)
{
  static const char reply[] =
      "Domain Name: EXAMPLE.COM\n"
      "Registry Domain ID: 2336799_DOMAIN_COM-VRSN\n"
      "Registrar WHOIS Server: WHOIS.EXAMPLE-REGISTRAR.NET\n"
      "Updated Date: 2023-05-01T04:20:05Z\n"
      "Creation Date: 1995-08-14T04:00:00.123Z\n"
      "Registry Expiry Date: 2024-08-13T04:00:00Z\n"
      "Registrar: Example Registrar, Inc.\n"
      "Registrar IANA ID: 376\n"
      "Domain Status: clientDeleteProhibited "
      "https://icann.org/epp#clientDeleteProhibited\n"
      "Name Server: A.IANA-SERVERS.NET\n"
      "Name Server: b.iana-servers.net.\n"
      "DNSSEC: signedDelegation\n";
  struct dc_record         r;
  static const char *const ns[] = {"a.iana-servers.net", "b.iana-servers.net"};
  static const char *const st[] = {"clientDeleteProhibited"};
  (void)state;
  parse(&r, reply);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_string_equal(r.domain, "example.com");
  assert_string_equal(r.registrar_name, "Example Registrar, Inc.");
  assert_int_equal(r.registrar_iana_id, 376);
  assert_string_equal(r.registrar_whois, "whois.example-registrar.net");
  assert_time(&r.created, "1995-08-14T04:00:00Z");
  assert_time(&r.updated, "2023-05-01T04:20:05Z");
  assert_time(&r.expires, "2024-08-13T04:00:00Z");
  assert_int_equal(r.registrar_expires.kind, DC_TIME_NONE);
  assert_list(&r.status, st, 1);
  assert_list(&r.name_servers, ns, 2);
  assert_int_equal(r.dnssec, 1);
  assert_false(r.redacted);
  dc_record_clear(&r);
}

static void test_label_variants(void **state)
{
  /* dotted labels, double colon, full-width colon, bilingual, snake case */
  static const char reply[] =
      "Domain Name..........: example.pt\n"
      "Registry WHOIS Server:: whois.registry.example\n"
      "Estado / Status: ACTIVE\n"
      "Data de registo / Creation Date (dd/mm/yyyy): 09/01/2003\n"
      "domain_datebilleduntil: 2014-02-17T00:00:00+13:00\n"
      "registrar_name: Example Registrar\n"
      "\xE5\x9F\x9F\xE5\x90\x8D\xE6\x9C\x8D\xE5\x8A\xA1\xE5\x99\xA8"
      "\xEF\xBC\x9A ns1.example.pt\n";
  struct dc_record r;
  (void)state;
  parse(&r, reply);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_null(r.registrar_whois); /* the registry's own server */
  assert_string_equal(r.status.v[0], "ok");
  assert_time(&r.created, "2003-01-09");
  assert_time(&r.expires, "2014-02-16T11:00:00Z");
  assert_string_equal(r.registrar_name, "Example Registrar");
  assert_int_equal(r.name_servers.n, 1);
  assert_string_equal(r.name_servers.v[0], "ns1.example.pt");
  dc_record_clear(&r);
}

/* ---- dates --------------------------------------------------------------- */

static void test_date_forms(void **state)
{
  (void)state;
  time_is("2003-03-10 19:06:34", "UTC", "2003-03-10T19:06:34Z");
  time_is("2023-05-01T04:20:05Z", NULL, "2023-05-01T04:20:05Z");
  time_is("2023-05-01T04:20:05.516Z", NULL, "2023-05-01T04:20:05Z");
  time_is("2019-09-09T08:39:04-0700", NULL, "2019-09-09T15:39:04Z");
  time_is("2013-12-04 00:00:00+02", NULL, "2013-12-03T22:00:00Z");
  time_is("2014-08-14 03:51:20Z", NULL, "2014-08-14T03:51:20Z");
  time_is("2012-05-16 09:28:56 -0400", NULL, "2012-05-16T13:28:56Z");
  time_is("2001-06-14-T10:32:43Z", NULL, "2001-06-14T10:32:43Z");
  time_is("24-Oct-1997", NULL, "1997-10-24");
  time_is("03-may-2014", NULL, "2014-05-03");
  time_is("29-APR-05", NULL, "2005-04-29");
  time_is("1997-10-24", NULL, "1997-10-24");
  time_is("24.10.1997", NULL, "1997-10-24");
  time_is("4.7.2014", NULL, "2014-07-04");
  time_is("11-07-2020", NULL, "2020-07-11");
  time_is("2002.09.19 13:00:00", "+01:00", "2002-09-19T12:00:00Z");
  time_is("20230501", NULL, "2023-05-01");
  time_is("19990518 #162310", NULL, "1999-05-18");
  time_is("Mon Jan 01 00:00:00 GMT 2012", NULL, "2012-01-01T00:00:00Z");
  time_is("Fri Apr 23 09:12:48 GMT 2010", NULL, "2010-04-23T09:12:48Z");
  time_is("Tue Dec 12 2000", NULL, "2000-12-12");
  time_is("8 Oct 2004", NULL, "2004-10-08");
  time_is("18 Apr 2003 00:00 EAT", NULL, "2003-04-17T21:00:00Z");
  time_is("2021-11-09 00:00:00 (UTC+8)", NULL, "2021-11-08T16:00:00Z");
  time_is("26-Mar-2014 06:48:27 UTC", NULL, "2014-03-26T06:48:27Z");
  time_is("2015-03-05.", NULL, "2015-03-05");
  time_is("2018-12-26T12:48:55Z nic@nic.fr", NULL, "2018-12-26T12:48:55Z");
  not_time("before Aug-1996");
  not_time("not defined");
  not_time("");
  not_time("2023-02-30");
  not_time("0000-00-00 00:00:00");
}

static void test_date_zones(void **state)
{
  struct dc_wptime_ctx ctx;
  struct dc_time       t;
  (void)state;
  /* no zone printed, none documented: a wall clock, never guessed */
  memset(&ctx, 0, sizeof(ctx));
  assert_true(dc_wptime_parse("2014-08-21 23:48:59", 19, &ctx, &t));
  assert_int_equal(t.kind, DC_TIME_LOCAL);
  assert_time(&t, "2014-08-21T23:48:59");
  /* "CST" is China only where the server's zone says so */
  assert_true(dc_wptime_parse("2014-03-31 16:58:00 CST", 23, &ctx, &t));
  assert_int_equal(t.kind, DC_TIME_LOCAL);
  time_is("2014-03-31 16:58:00 CST", "+08:00", "2014-03-31T08:58:00Z");
  /* US-Pacific: daylight time since 2007 from the 2nd Sunday of March */
  time_is("2013-12-14 16:53:27", "US-Pacific", "2013-12-15T00:53:27Z");
  time_is("2013-07-01 12:00:00", "US-Pacific", "2013-07-01T19:00:00Z");
  time_is("2013-03-10 01:59:00", "US-Pacific", "2013-03-10T09:59:00Z");
  time_is("2013-03-10 03:00:00", "US-Pacific", "2013-03-10T10:00:00Z");
  time_is("2013-11-03 02:00:00", "US-Pacific", "2013-11-03T10:00:00Z");
  /* before 2007: first Sunday of April to last Sunday of October */
  time_is("2006-03-20 12:00:00", "US-Pacific", "2006-03-20T20:00:00Z");
  time_is("2006-04-02 03:00:00", "US-Pacific", "2006-04-02T10:00:00Z");
  time_is("2006-10-29 03:00:00", "US-Pacific", "2006-10-29T11:00:00Z");
  time_is("2010-01-01 10:00:00", "-05:00", "2010-01-01T15:00:00Z");
  /* a date alone stays a date whatever the zone */
  time_is("2010-01-01", "+08:00", "2010-01-01");
}

static void test_cnnic_beijing_time(void **state)
{
  static const char reply[] =
      "\xEF\xBB\xBF" /* byte-order mark */
      "Domain Name: example.cn\r\n"
      "ROID: 20030310s10001s00012956-cn\r\n"
      "Domain Status: ok\r\n"
      "Registrant: \xE6\x9F\x90\xE6\x9F\x90\xE6\x9C\x89\xE9\x99\x90"
      "\xE5\x85\xAC\xE5\x8F\xB8\r\n"
      "Registrant Contact Email: someone@example.cn\r\n"
      "Sponsoring Registrar: Example Registrar\r\n"
      "Name Server: ns1.example.cn\r\n"
      "Registration Time: 2003-03-17 12:20:05\r\n"
      "Expiration Time: 2027-03-17 12:48:36\r\n"
      "DNSSEC: unsigned\r\n";
  struct dc_record      r;
  struct dc_parse_hints h =
      hints_for("whois.cnnic.cn", "example.cn", DC_ORIGIN_REGISTRY, "+08:00");
  (void)state;
  parse_h(&r, reply, &h);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_time(&r.created, "2003-03-17T04:20:05Z");
  assert_time(&r.expires, "2027-03-17T04:48:36Z");
  assert_string_equal(r.registrant_name,
                      "\xE6\x9F\x90\xE6\x9F\x90\xE6\x9C\x89\xE9\x99\x90"
                      "\xE5\x85\xAC\xE5\x8F\xB8");
  assert_null(r.registrant_org);
  assert_false(r.redacted);
  assert_int_equal(r.dnssec, 0);
  dc_record_clear(&r);
  /* without the documented zone the same times stay wall clocks */
  h.zone = NULL;
  parse_h(&r, reply, &h);
  assert_int_equal(r.created.kind, DC_TIME_LOCAL);
  dc_record_clear(&r);
}

/* ---- whose expiry -------------------------------------------------------- */

static void test_registrar_vs_registry_expiry(void **state)
{
  static const char unlabelled[] = "Domain Name: example.com\n"
                                   "Registrar: Example Registrar\n"
                                   "Creation Date: 2001-01-01\n"
                                   "Expiration Date: 2030-01-01\n";
  static const char both[] =
      "Domain Name: example.com\n"
      "Registrar: Example Registrar\n"
      "Expiration Date: 2030-01-01\n"
      "Registrar Registration Expiration Date: 2030-01-02\n";
  struct dc_record      r;
  struct dc_parse_hints h = hints_for("whois.example-registrar.net",
                                      "example.com", DC_ORIGIN_REGISTRAR, NULL);
  (void)state;
  /* a registrar's unlabelled expiry is its own */
  parse_h(&r, unlabelled, &h);
  assert_int_equal(r.expires.kind, DC_TIME_NONE);
  assert_time(&r.registrar_expires, "2030-01-01");
  dc_record_clear(&r);
  /* a registry's is the registry's */
  h.origin = DC_ORIGIN_REGISTRY;
  parse_h(&r, unlabelled, &h);
  assert_time(&r.expires, "2030-01-01");
  assert_int_equal(r.registrar_expires.kind, DC_TIME_NONE);
  dc_record_clear(&r);
  /* a registrar reply printing both: the unlabelled one is the registry's */
  h.origin = DC_ORIGIN_REGISTRAR;
  parse_h(&r, both, &h);
  assert_time(&r.expires, "2030-01-01");
  assert_time(&r.registrar_expires, "2030-01-02");
  dc_record_clear(&r);
}

/* ---- status
 * ------------------------------------------------------------------ */

static void test_status_mapping(void **state)
{
  static const char reply[] =
      "Domain Name: example.me\n"
      "Sponsoring Registrar: Example\n"
      "Domain Status: CLIENT DELETE PROHIBITED\n"
      "Domain Status: CLIENT-XFER-PROHIBITED\n"
      "Domain Status: client_update_prohibited\n"
      "Domain Status: TRANSFER PROHIBITED\n"
      "Domain Status: registrar-lock\n"
      "Domain Status: pendingDelete (https://www.icann.org/epp#pendingDelete)\n"
      "Domain Status: redemptionperiod\n"
      "Domain Status: clientDeleteProhibited\n"
      "Domain Status: ACTIVE\n";
  static const char *const want[] = {"clientDeleteProhibited",
                                     "clientTransferProhibited",
                                     "clientUpdateProhibited",
                                     "serverTransferProhibited",
                                     "pendingDelete",
                                     "redemptionPeriod",
                                     "ok"};
  struct dc_record         r;
  (void)state;
  parse(&r, reply);
  assert_list(&r.status, want, DC_ARRAY_LEN(want));
  dc_record_clear(&r);
  /* comma lists (TWNIC, .ru) and continuation lines (Tucows) */
  parse(&r, "domain:   EXAMPLE.RU\n"
            "state:    REGISTERED, DELEGATED, UNVERIFIED\n"
            "created:  2001-11-19T21:00:00Z\n");
  assert_int_equal(r.status.n, 1);
  assert_string_equal(r.status.v[0], "ok");
  dc_record_clear(&r);
  parse(&r, "Domain name: EXAMPLE.COM\n"
            "Record created on 19-Jun-2008.\n"
            " Domain status: clientTransferProhibited\n"
            "                clientUpdateProhibited\n");
  assert_int_equal(r.status.n, 2);
  assert_string_equal(r.status.v[1], "clientUpdateProhibited");
  dc_record_clear(&r);
}

static void test_epp_normalize(void **state)
{
  (void)state;
  assert_string_equal(dc_epp_normalize("CLIENT-XFER-PROHIBITED"),
                      "clientTransferProhibited");
  assert_string_equal(dc_epp_normalize("client transfer prohibited"),
                      "clientTransferProhibited");
  assert_string_equal(dc_epp_normalize("ok (paid and in zone)"), "ok");
  assert_string_equal(dc_epp_normalize("200 Active"), "ok");
  assert_string_equal(dc_epp_normalize("Registered until expiry date."), "ok");
  assert_string_equal(dc_epp_normalize("INACTIVE"), "inactive");
  assert_string_equal(dc_epp_normalize("autoRenewPeriod https://icann.org"
                                       "/epp#autoRenewPeriod"),
                      "autoRenewPeriod");
  assert_null(dc_epp_normalize("Locked"));
  assert_null(dc_epp_normalize("server recover prohibited"));
  assert_null(dc_epp_normalize("VerifiedID@SG-Mandatory"));
  assert_null(dc_epp_normalize(""));
  assert_null(dc_epp_normalize(NULL));
}

/* ---- registrant and redaction -------------------------------------------- */

static void registrant_case(const char *name_line, const char *org_line,
                            const char *want_name, const char *want_org,
                            bool want_red)
{
  char             reply[1024];
  struct dc_record r;
  (void)snprintf(reply, sizeof(reply),
                 "Domain Name: example.com\n"
                 "Registrar: Example\n"
                 "Creation Date: 2001-01-01T00:00:00Z\n"
                 "%s%s",
                 name_line, org_line);
  parse(&r, reply);
  if (want_name == NULL) {
    assert_null(r.registrant_name);
  } else {
    assert_string_equal(r.registrant_name, want_name);
  }
  if (want_org == NULL) {
    assert_null(r.registrant_org);
  } else {
    assert_string_equal(r.registrant_org, want_org);
  }
  assert_int_equal(r.redacted, want_red);
  dc_record_clear(&r);
}

static void test_redaction(void **state)
{
  (void)state;
  registrant_case("Registrant Name: Zhang San\n",
                  "Registrant Organization: Example Ltd\n", "Zhang San",
                  "Example Ltd", false);
  /* placeholders are not names */
  registrant_case("Registrant Name: REDACTED FOR PRIVACY\n",
                  "Registrant Organization: Example Ltd\n", NULL, "Example Ltd",
                  true);
  registrant_case("Registrant Name: Whois Agent\n",
                  "Registrant Organization: Domain Protection Services, "
                  "Inc.\n",
                  NULL, "Domain Protection Services, Inc.", true);
  registrant_case("Registrant Name: WhoisGuard Protected\n",
                  "Registrant Organization: WhoisGuard, Inc.\n", NULL,
                  "WhoisGuard, Inc.", true);
  registrant_case("Registrant Name: Registration Private\n",
                  "Registrant Organization: Domains By Proxy, LLC\n", NULL,
                  "Domains By Proxy, LLC", true);
  registrant_case("Registrant Name: Domain Administrator\n",
                  "Registrant Organization: See PrivacyGuardian.org\n", NULL,
                  NULL, true);
  registrant_case("Registrant Name: GDPR Masked\n",
                  "Registrant Organization: Data Protected\n", NULL, NULL,
                  true);
  /* a privacy company keeps its name */
  registrant_case("Registrant: Super Privacy Service LTD c/o Dynadot\n", "",
                  "Super Privacy Service LTD c/o Dynadot", NULL, true);
  /* "Domain Administrator" of a real company stays */
  registrant_case("Registrant Name: Domain Administrator\n",
                  "Registrant Organization: Example Corp\n",
                  "Domain Administrator", "Example Corp", false);
  /* GDPR minimum data set: organisation only and a notice */
  registrant_case("Registrant Organization: Example LLC\n"
                  "Registrant Country: US\n",
                  "Registrant Email: Please query the RDDS service of the "
                  "Registrar of Record\n",
                  NULL, "Example LLC", true);
  /* organisation only, no notice: simply not printed */
  registrant_case("Registrant Organization: Example LLC\n", "", NULL,
                  "Example LLC", false);
  /* "N/A" is nothing, not a redaction */
  registrant_case("Registrant Name: N/A\n", "Registrant Organization: X Co\n",
                  NULL, "X Co", false);
}

static void test_registrant_blocks(void **state)
{
  struct dc_record r;
  (void)state;
  /* SIDN: handle line, then the holder */
  parse(&r, "   Domain name:\n      example.nl\n   Status: active\n\n"
            "   Registrant:\n      EXA001234-MARKM\n      Example B.V.\n"
            "      Examplestraat 1\n\n"
            "   Registrar:\n      Example Registrar LTD\n      London\n\n"
            "   Domain nameservers:\n      ns1.example.nl        \n"
            "      ns2.example.nl 192.0.2.1\n\n"
            "   Date registered: 27-05-1999\n");
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_string_equal(r.domain, "example.nl");
  assert_string_equal(r.registrant_name, "Example B.V.");
  assert_null(r.registrant_org);
  assert_string_equal(r.registrar_name, "Example Registrar LTD");
  assert_int_equal(r.name_servers.n, 2);
  assert_time(&r.created, "1999-05-27");
  dc_record_clear(&r);
  /* .it style: header without colon, generic keys in context */
  parse(&r, "Domain:             example.it\n"
            "Status:             ok\n"
            "Created:            1999-12-10 00:00:00\n"
            "Expire Date:        2014-04-21\n\n"
            "Registrant\n"
            "  Name:             Example Srl\n"
            "  Organization:     Example Srl\n"
            "  Created:          2013-04-21 01:05:35\n\n"
            "Admin Contact\n"
            "  Name:             Mario Rossi\n\n"
            "Registrar\n"
            "  Organization:     Example Registrar Ltd\n"
            "  Name:             EXAMPLE-REG\n\n"
            "Nameservers\n"
            "  ns1.example.it\n");
  assert_string_equal(r.registrant_name, "Example Srl");
  assert_string_equal(r.registrant_org, "Example Srl");
  assert_string_equal(r.registrar_name, "Example Registrar Ltd");
  assert_time(&r.created, "1999-12-10T00:00:00");
  assert_time(&r.expires, "2014-04-21");
  assert_int_equal(r.name_servers.n, 1);
  dc_record_clear(&r);
  /* old registrar block: name, then an organisation line */
  parse(&r, "Registrant Contact:\n    Domain Manager\n    Example Ltd\n"
            "    1 Example Street\n\n"
            "Domain name:  example.com\nRegistered: 2005-01-30\n");
  assert_string_equal(r.registrant_name, "Domain Manager");
  assert_string_equal(r.registrant_org, "Example Ltd");
  dc_record_clear(&r);
  /* old DreamHost layout: e-mail on the holder line, US Pacific time */
  {
    struct dc_parse_hints h = hints_for("whois.dreamhost.com", "example.com",
                                        DC_ORIGIN_REGISTRAR, "US-Pacific");
    parse_h(&r,
            "   Domain Name: example.com\n\n"
            "   Registrant Contact:\n"
            "      Example Web Hosting         someone@example.com\n"
            "      Example Network, LLC.\n"
            "      PMB #257\n\n"
            "   Record created on 1997-09-22 21:00:00.\n"
            "   Record expires on 2013-12-21 21:00:00.\n\n"
            "   Domain servers in listed order:\n\n"
            "      ns1.example.com\n",
            &h);
    assert_string_equal(r.registrant_name, "Example Web Hosting");
    assert_string_equal(r.registrant_org, "Example Network, LLC.");
    assert_time(&r.created, "1997-09-23T04:00:00Z");
    assert_time(&r.registrar_expires, "2013-12-22T05:00:00Z");
    assert_int_equal(r.expires.kind, DC_TIME_NONE);
    dc_record_clear(&r);
  }
  /* a holder line with a handle and an address: the name only */
  parse(&r, "Titular:\n"
            "Example  Corporation Pty Ltd  (example.com.ve-dom)\t\tx@y.ve\n"
            "   Example Corporation Pty Ltd\n   GPO Box 988\n\n"
            "   Nombre de Dominio: example.com.ve\n"
            "   Estatus del dominio: ACTIVO\n");
  assert_string_equal(r.registrant_name, "Example Corporation Pty Ltd");
  assert_null(r.registrant_org);
  dc_record_clear(&r);
}

static void test_rpsl_handles(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "domain:       example.cz\n"
            "registrant:   EX12383\n"
            "nsset:        NS1543911\n"
            "registrar:    REG-EXAMPLE\n"
            "registered:   21.07.2000 15:21:00\n"
            "expire:       22.07.2014\n\n"
            "contact:      EX12383\n"
            "org:          Example s.r.o.\n"
            "name:         Jan Novak\n"
            "created:      18.05.2011 23:28:26\n\n"
            "nsset:        NS1543911\n"
            "nserver:      ns1.example.cz \n"
            "nserver:      ns2.example.cz (192.0.2.1)\n");
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_string_equal(r.registrant_name, "Jan Novak");
  assert_string_equal(r.registrant_org, "Example s.r.o.");
  assert_string_equal(r.registrar_name, "REG-EXAMPLE");
  assert_int_equal(r.created.kind, DC_TIME_LOCAL);
  assert_time(&r.expires, "2014-07-22");
  assert_int_equal(r.name_servers.n, 2);
  dc_record_clear(&r);
}

/* ---- answers ------------------------------------------------------------- */

static void test_rate_limit_only_without_record(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "Queried interval is too short.\n");
  assert_int_equal(r.answer, DC_ANSWER_RATE_LIMITED);
  dc_record_clear(&r);
  parse(&r, "Your access is too fast,please try again later.\n");
  assert_int_equal(r.answer, DC_ANSWER_RATE_LIMITED);
  dc_record_clear(&r);
  parse(&r, "%% Too many requests...\n\n%% No entries found in the AFNIC "
            "Database.\n");
  assert_int_equal(r.answer, DC_ANSWER_RATE_LIMITED);
  assert_false(r.redacted);
  dc_record_clear(&r);
  /* a record with a rate-limit notice in its footer is a record */
  parse(&r, "Domain Name: example.org\nRegistrar: Example\n"
            "Creation Date: 2001-01-01T00:00:00Z\n\n"
            "Query rate limit exceeded for some clients; WHOIS LIMIT "
            "EXCEEDED applies to bulk access.\n");
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  dc_record_clear(&r);
  /* a throttled partial record stays empty */
  parse(&r, "% Query rate limit exceeded. Reduced information.\n\n"
            "domain:      example.br\nowner:       Example Ltda\n");
  assert_int_equal(r.answer, DC_ANSWER_RATE_LIMITED);
  assert_null(r.registrant_name);
  assert_null(r.registrant_org);
  dc_record_clear(&r);
}

static void test_reserved(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "Sorry, The domain you requested is in the reserved list.\n");
  assert_int_equal(r.answer, DC_ANSWER_RESERVED);
  dc_record_clear(&r);
  parse(&r, "The domain you requested is prohibited.\n");
  assert_int_equal(r.answer, DC_ANSWER_RESERVED);
  dc_record_clear(&r);
  parse(&r, "Reserved by DotAsia\n");
  assert_int_equal(r.answer, DC_ANSWER_RESERVED);
  dc_record_clear(&r);
  /* a registry-held object keeps its fields */
  parse(&r, "   Domain Name: Y.COM\n"
            "   Registrar: RESERVED-Internet Assigned Numbers Authority\n"
            "   Creation Date: 1993-12-01T05:00:00Z\n");
  assert_int_equal(r.answer, DC_ANSWER_RESERVED);
  assert_time(&r.created, "1993-12-01T05:00:00Z");
  dc_record_clear(&r);
  /* copyright lines are not reservations */
  parse(&r, "No match for \"EXAMPLE.COM\".\n(c) Example. All rights reserved "
            "by Example.\n");
  assert_int_equal(r.answer, DC_ANSWER_NOT_FOUND);
  dc_record_clear(&r);
}

static void test_not_found_phrases(void **state)
{
  static const char verisign[] =
      "No match for \"EXAMPLE.COM\".\n>>> Last update of whois database: "
      "2020-08-07T16:16:10Z <<<\n";
  static const char *const replies[] = {
      verisign,
      "NOT FOUND\n",
      "No Data Found\n",
      "no matching record.\n",
      "Domain not found.\n",
      "%ERROR:101: no entries found\n",
      "Domain:\texample.be\nStatus:\tAVAILABLE\n",
      "Domain: example.de\nStatus: free\n",
      "The queried object does not exist: DOMAIN NOT FOUND\n",
      "The domain has not been registered.\n",
      "query_status: 220 Available\n",
      "Unknown domain name example.com\n"};
  size_t i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(replies); i++) {
    struct dc_record r;
    parse(&r, replies[i]);
    assert_int_equal(r.answer, DC_ANSWER_NOT_FOUND);
    assert_null(r.registrar_name);
    assert_int_equal(r.status.n, 0);
    dc_record_clear(&r);
  }
}

static void test_other_and_unparsable(void **state)
{
  struct dc_record r;
  (void)state;
  /* IANA referral */
  parse(&r, "% IANA WHOIS server\n\nrefer:        whois.nic.example\n\n"
            "domain:       EXAMPLE\nnserver:      A.NIC.EXAMPLE\n"
            "created:      2015-06-25\n");
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  assert_string_equal(r.registrar_whois, "whois.nic.example");
  assert_int_equal(r.name_servers.n, 0);
  assert_int_equal(r.created.kind, DC_TIME_NONE);
  dc_record_clear(&r);
  /* outage */
  parse(&r, "* Sorry, the Whois database is currently down.\n");
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  /* fail closed */
  parse(&r, "Welcome to our server. Have a nice day.\n");
  assert_int_equal(r.answer, DC_ANSWER_UNPARSABLE);
  assert_non_null(r.detail);
  dc_record_clear(&r);
  parse(&r, "TLD is not supported.\n");
  assert_int_equal(r.answer, DC_ANSWER_INVALID_QUERY);
  dc_record_clear(&r);
}

/* ---- name servers, DNSSEC, IANA id, referral ----------------------------- */

static void test_name_servers(void **state)
{
  static const char reply[] = "Domain Name: example.com\n"
                              "Registrar: Example\n"
                              "Name Server: NS1.EXAMPLE.NET 192.0.2.1\n"
                              "Name Server: ns2.example.net. 2001:db8::1\n"
                              "Name Server: ns1.example.net\n" /* duplicate */
                              "Name Server: \n"
                              "Name Server: No nameserver\n"
                              "nserver: ns3.example.net [Ok]\n"
                              "Nameserver: example.com\tNS\tns4.example.net.\n"
                              "DNS: ns5.example.net. - 198.51.100.7\n"
                              "\n"
                              "Domain servers in listed order:\n"
                              "\n"
                              "   NS6.EXAMPLE.NET        203.0.113.1\n"
                              "   ns7.example.net        2001:db8::7\n";
  static const char *const want[] = {"ns1.example.net", "ns2.example.net",
                                     "ns3.example.net", "ns4.example.net",
                                     "ns5.example.net", "ns6.example.net",
                                     "ns7.example.net"};
  struct dc_record         r;
  struct dc_parse_hints    h =
      hints_for("whois.example.net", "example.com", DC_ORIGIN_REGISTRY, NULL);
  (void)state;
  parse_h(&r, reply, &h);
  assert_list(&r.name_servers, want, DC_ARRAY_LEN(want));
  dc_record_clear(&r);
}

static void test_dnssec_forms(void **state)
{
  static const struct {
    const char *line;
    int         want;
  } cases[] = {{"DNSSEC: signedDelegation\n", 1},
               {"DNSSEC: unsigned\n", 0},
               {"DNSSEC: Unsigned delegation\n", 0},
               {"DNSSEC: Signed delegation\n", 1},
               {"DNSSEC: yes\n", 1},
               {"DNSSEC: no\n", 0},
               {"DNSSEC: false\n", 0},
               {"DNSSEC: NotApplicable\n", 0},
               {"domain_signed: no\n", 0},
               {"DNSSEC:\n", -1},
               {"ds-rdata: 36322 8 2 201df9a9af\n", 1},
               {"\n", -1}};
  size_t i;
  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(cases); i++) {
    char             reply[256];
    struct dc_record r;
    (void)snprintf(reply, sizeof(reply),
                   "Domain Name: example.com\nRegistrar: Example\n%s",
                   cases[i].line);
    parse(&r, reply);
    assert_int_equal(r.dnssec, cases[i].want);
    dc_record_clear(&r);
  }
}

static void test_iana_id_suffix(void **state)
{
  struct dc_record r;
  (void)state;
  /* confirmed by the IANA list (the callback) */
  parse(&r, "Domain Name: example.asia\n"
            "Sponsoring Registrar: Example Technology Co., Ltd R231-ASIA "
            "(1619)\n");
  assert_int_equal(r.registrar_iana_id, 1619);
  assert_string_equal(r.registrar_name,
                      "Example Technology Co., Ltd R231-ASIA (1619)");
  dc_record_clear(&r);
  /* a registry-internal number is not an IANA id */
  parse(&r, "Domain Name: example.asia\n"
            "Sponsoring Registrar: dotASIA R4-ASIA (800046)\n");
  assert_int_equal(r.registrar_iana_id, -1);
  dc_record_clear(&r);
  /* an explicit field wins and is kept as printed */
  parse(&r, "Domain Name: example.co\n"
            "Sponsoring Registrar: Example (380)\n"
            "Sponsoring Registrar IANA ID: 672943168\n");
  assert_int_equal(r.registrar_iana_id, 672943168);
  dc_record_clear(&r);
  /* no callback, no suffix ids */
  {
    struct dc_parse_hints h =
        hints_for("whois.example.net", NULL, DC_ORIGIN_REGISTRY, NULL);
    h.iana_name = NULL;
    parse_h(&r,
            "Domain Name: example.aero\n"
            "Sponsoring Registrar: Example IT (380)\n",
            &h);
    assert_int_equal(r.registrar_iana_id, -1);
    dc_record_clear(&r);
  }
}

static void test_verisign_multi_match(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "Aborting search 50 records found .....\n"
            "   Server Name: EXAMPLE.COM.AU\n"
            "   Registrar: OTHER REGISTRAR\n"
            "   Whois Server: whois.other.example\n\n"
            "   Domain Name: EXAMPLE.COM\n"
            "   Registrar: RIGHT REGISTRAR\n"
            "   Whois Server: whois.right.example\n"
            "   Creation Date: 13-may-1991\n");
  assert_string_equal(r.registrar_name, "RIGHT REGISTRAR");
  assert_string_equal(r.registrar_whois, "whois.right.example");
  assert_time(&r.created, "1991-05-13");
  dc_record_clear(&r);
}

/* ---- robustness ---------------------------------------------------------- */

static void test_empty_input(void **state)
{
  struct dc_record      r;
  struct dc_parse_hints h =
      hints_for("whois.example.net", NULL, DC_ORIGIN_UNKNOWN, NULL);
  (void)state;
  dc_record_init(&r);
  assert_int_equal(dc_whois_parse(&r, "", 0, &h), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  assert_int_equal(dc_whois_parse(&r, NULL, 0, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  assert_int_equal(dc_whois_parse(&r, " \r\n\t\n", 5, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  assert_int_equal(dc_whois_parse(NULL, "x", 1, NULL), DC_EINVAL);
  assert_int_equal(dc_whois_parse(&r, NULL, 3, NULL), DC_EINVAL);
}

static void test_garbage(void **state)
{
  unsigned char    bytes[4096];
  size_t           i;
  uint32_t         x = 2463534242u;
  struct dc_record r;
  (void)state;
  for (i = 0; i < sizeof(bytes); i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    bytes[i] = (unsigned char)x;
  }
  dc_record_init(&r);
  assert_int_equal(dc_whois_parse(&r, (const char *)bytes, sizeof(bytes), NULL),
                   DC_OK);
  assert_true(r.answer == DC_ANSWER_UNPARSABLE || r.answer == DC_ANSWER_OTHER ||
              r.answer == DC_ANSWER_NOT_FOUND);
  dc_record_clear(&r);
  /* NUL bytes and invalid UTF-8 inside values */
  {
    static const char reply[] = "Domain Name: example.com\n"
                                "Registrar: Bad\xff\xfe Name\0Tail\n"
                                "Registrant Name: \xc3\x28 Person\n"
                                "Creation Date: 2001-01-01\n";
    dc_record_init(&r);
    assert_int_equal(dc_whois_parse(&r, reply, sizeof(reply) - 1, NULL), DC_OK);
    assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
    assert_non_null(r.registrar_name);
    assert_string_equal(r.registrar_name,
                        "Bad\xEF\xBF\xBD\xEF\xBF\xBD Name Tail");
    dc_record_clear(&r);
  }
}

static void test_big_reply(void **state)
{
  const size_t      size = (size_t)1024 * 1024;
  char             *big  = malloc(size + 1);
  size_t            off  = 0;
  struct dc_record  r;
  static const char head[] = "Domain Name: example.com\r\n"
                             "Registrar: Example\r\n"
                             "Creation Date: 2001-01-01T00:00:00Z\r\n";
  (void)state;
  assert_non_null(big);
  memcpy(big, head, sizeof(head) - 1);
  off = sizeof(head) - 1;
  /* thousands of lines, some very long, some labels, many name servers */
  while (off + 200 < size) {
    int n;
    if (off % 7 == 0) {
      n = snprintf(big + off, size - off, "Name Server: ns%zu.example.net\r\n",
                   off);
    } else if (off % 5 == 0) {
      n = snprintf(big + off, size - off, "Domain Status: ok\r\n");
    } else {
      n = snprintf(big + off, size - off, "%s\r\n",
                   "Lorem ipsum dolor sit amet: consectetur "
                   "adipiscing elit, sed do eiusmod tempor.");
    }
    off += (size_t)n;
  }
  memset(big + off, 'x', size - off);
  big[size] = '\0';
  dc_record_init(&r);
  assert_int_equal(dc_whois_parse(&r, big, size, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_REGISTERED);
  assert_true(r.name_servers.n <= 64);
  dc_record_clear(&r);
  /* one line of a megabyte */
  memset(big, 'a', size);
  memcpy(big, "Registrar: ", 11);
  dc_record_init(&r);
  assert_int_equal(dc_whois_parse(&r, big, size, NULL), DC_OK);
  assert_true(r.registrar_name == NULL || strlen(r.registrar_name) <= 512);
  dc_record_clear(&r);
  /* a megabyte of newlines */
  memset(big, '\n', size);
  dc_record_init(&r);
  assert_int_equal(dc_whois_parse(&r, big, size, NULL), DC_OK);
  assert_int_equal(r.answer, DC_ANSWER_OTHER);
  dc_record_clear(&r);
  free(big);
}

static void test_crlf_and_cr(void **state)
{
  struct dc_record r;
  (void)state;
  parse(&r, "Domain Name: example.com\r\nRegistrar: Example\r\n"
            "Name Server: ns1.example.net\r\n");
  assert_string_equal(r.registrar_name, "Example");
  assert_string_equal(r.name_servers.v[0], "ns1.example.net");
  dc_record_clear(&r);
  parse(&r, "Domain Name: example.com\rRegistrar: Example\r"
            "Name Server: ns1.example.net\r");
  assert_string_equal(r.registrar_name, "Example");
  assert_int_equal(r.name_servers.n, 1);
  dc_record_clear(&r);
}

static void test_text_helpers(void **state)
{
  char host[64];
  (void)state;
  assert_int_equal(dc_wptext_holder("REDACTED FOR PRIVACY", 20),
                   DC_WPH_PLACEHOLDER);
  assert_int_equal(dc_wptext_holder("Domains By Proxy, LLC", 21),
                   DC_WPH_PRIVACY_CO);
  assert_int_equal(dc_wptext_holder("Contact Privacy Inc. Customer 0123", 34),
                   DC_WPH_PRIVACY_CO);
  assert_int_equal(dc_wptext_holder("Not Available", 13), DC_WPH_EMPTY);
  assert_int_equal(dc_wptext_holder("Google LLC", 10), DC_WPH_NAME);
  assert_int_equal(dc_wptext_holder("Example Private Limited", 23),
                   DC_WPH_NAME);
  assert_true(dc_wptext_company_like("Nom-IQ Ltd dba Com Laude", 24));
  assert_true(dc_wptext_company_like("Example S.A.", 12));
  assert_false(dc_wptext_company_like("1600 Amphitheatre Parkway", 25));
  assert_true(dc_wptext_handle_like("GOO001748-MARKM", 15));
  assert_false(dc_wptext_handle_like("Google Inc.", 11));
  assert_int_equal(dc_wptext_host("NS1.Example.NET.", 16, host, sizeof(host)),
                   15);
  assert_string_equal(host, "ns1.example.net");
  assert_int_equal(dc_wptext_host("192.0.2.1", 9, host, sizeof(host)), 0);
  assert_int_equal(dc_wptext_host("nameserver", 10, host, sizeof(host)), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_icann_labels),
      cmocka_unit_test(test_label_variants),
      cmocka_unit_test(test_date_forms),
      cmocka_unit_test(test_date_zones),
      cmocka_unit_test(test_cnnic_beijing_time),
      cmocka_unit_test(test_registrar_vs_registry_expiry),
      cmocka_unit_test(test_status_mapping),
      cmocka_unit_test(test_epp_normalize),
      cmocka_unit_test(test_redaction),
      cmocka_unit_test(test_registrant_blocks),
      cmocka_unit_test(test_rpsl_handles),
      cmocka_unit_test(test_rate_limit_only_without_record),
      cmocka_unit_test(test_reserved),
      cmocka_unit_test(test_not_found_phrases),
      cmocka_unit_test(test_other_and_unparsable),
      cmocka_unit_test(test_name_servers),
      cmocka_unit_test(test_dnssec_forms),
      cmocka_unit_test(test_iana_id_suffix),
      cmocka_unit_test(test_verisign_multi_match),
      cmocka_unit_test(test_empty_input),
      cmocka_unit_test(test_garbage),
      cmocka_unit_test(test_big_reply),
      cmocka_unit_test(test_crlf_and_cr),
      cmocka_unit_test(test_text_helpers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
