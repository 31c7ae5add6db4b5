/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_netopts.c - --connect-to parsing and matching
 */
#include "testutil.h"

#include <string.h>

#include "netopts.h"

struct parse_vec {
  const char *spec;
  const char *host; /* NULL: any */
  const char *addr; /* NULL: same host */
  int         port;
  int         to_port;
};

static void test_parse_good(void **state)
{
  static const struct parse_vec v[] = {
      {"whois.nic.cn:43:127.0.0.1:4343", "whois.nic.cn", "127.0.0.1", 43, 4343},
      {"example.com:443:backend:8443", "example.com", "backend", 443, 8443},
      {"::127.0.0.1:4343", NULL, "127.0.0.1", 0, 4343},
      {":::", NULL, NULL, 0, 0},
      {"a.example:::", "a.example", NULL, 0, 0},
      {":43::4343", NULL, NULL, 43, 4343},
      {"a.example:43:b.example:", "a.example", "b.example", 43, 0},
      {"[2001:db8::1]:443:[::1]:8443", "2001:db8::1", "::1", 443, 8443},
      {"[::1]:::", "::1", NULL, 0, 0},
      {":::1", NULL, NULL, 0, 1},
      {"h:65535:[fe80::1]:65535", "h", "fe80::1", 65535, 65535},
      {"rdap.example:443:[2001:db8::53]:", "rdap.example", "2001:db8::53", 443,
       0},
      {"Whois.Example.:43:10.0.0.1:43", "Whois.Example.", "10.0.0.1", 43, 43},
  };
  size_t i;

  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(v); i++) {
    struct dc_connect_to c;
    memset(&c, 0xa5, sizeof(c));
    assert_int_equal(dc_connect_to_parse(&c, v[i].spec), DC_OK);
    if (v[i].host == NULL) {
      assert_null(c.host);
    } else {
      assert_string_equal(c.host, v[i].host);
    }
    assert_int_equal(c.port, v[i].port);
    if (v[i].addr == NULL) {
      assert_null(c.addr);
    } else {
      assert_string_equal(c.addr, v[i].addr);
    }
    assert_int_equal(c.to_port, v[i].to_port);
    dc_connect_to_clear(&c);
    assert_null(c.host);
    assert_null(c.addr);
  }
  dc_connect_to_clear(NULL);
}

static void test_parse_bad(void **state)
{
  static const char *const bad[] = {
      "",                          /* no fields */
      "host",                      /* one field */
      "host:43",                   /* two */
      "host:43:addr",              /* three */
      "host:43:addr:43:extra",     /* five */
      "host:43:addr:43:",          /* trailing colon: five */
      "2001:db8::1:443:addr:443",  /* IPv6 without brackets */
      "host:43:2001:db8::1:43",    /* likewise as target */
      "[2001:db8::1:443:addr:443", /* unclosed bracket */
      "[2001:db8::1]x:443:addr:1", /* junk after the bracket */
      "[]:443:addr:443",           /* empty brackets */
      "[not-v6]:443:addr:443",     /* brackets hold only IPv6 */
      "host:http:addr:80",         /* port not numeric */
      "host:0:addr:80",            /* port 0 */
      "host:43:addr:0",
      "host:65536:addr:80", /* out of range */
      "host:43:addr:123456",
      "host:-1:addr:80",
      "host:+43:addr:80",
      "host:43 :addr:80",
      "ho st:43:addr:80", /* whitespace in a name */
      "host:43:ad\tdr:80",
      "host:43:a/b:80",
  };
  size_t i;

  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(bad); i++) {
    struct dc_connect_to c;
    memset(&c, 0, sizeof(c));
    if (dc_connect_to_parse(&c, bad[i]) != DC_EINVAL) {
      fail_msg("accepted: \"%s\"", bad[i]);
    }
    assert_null(c.host);
    assert_null(c.addr);
  }
  assert_int_equal(dc_connect_to_parse(NULL, "a:1:b:2"), DC_EINVAL);
  {
    struct dc_connect_to c;
    assert_int_equal(dc_connect_to_parse(&c, NULL), DC_EINVAL);
  }
}

static void test_apply(void **state)
{
  static const char *const specs[] = {
      "whois.nic.cn:43:127.0.0.1:4343",  /* exact host and port */
      "whois.nic.cn::127.0.0.2:",        /* any port, keep it */
      "[2001:db8::1]:443:[::1]:8443",    /* IPv6 literal */
      ":443::8443",                      /* any host on 443: port only */
      "rdap.example:80:rdap.backend:80", /* never reached for port 443 */
  };
  struct dc_connect_to rules[DC_ARRAY_LEN(specs)];
  struct dc_netopts    o;
  const char          *addr = NULL;
  int                  port = 0;
  size_t               i;

  (void)state;
  for (i = 0; i < DC_ARRAY_LEN(specs); i++) {
    assert_int_equal(dc_connect_to_parse(&rules[i], specs[i]), DC_OK);
  }
  memset(&o, 0, sizeof(o));
  o.connect_to  = rules;
  o.nconnect_to = DC_ARRAY_LEN(rules);

  /* First match wins: rule 0 before rule 1. */
  assert_true(dc_connect_to_apply(&o, "whois.nic.cn", 43, &addr, &port));
  assert_string_equal(addr, "127.0.0.1");
  assert_int_equal(port, 4343);
  /* Host names match without case and final dot. */
  assert_true(dc_connect_to_apply(&o, "WHOIS.nic.CN.", 43, &addr, &port));
  assert_string_equal(addr, "127.0.0.1");
  /* Another port: rule 1, which keeps the port. */
  assert_true(dc_connect_to_apply(&o, "whois.nic.cn", 4343, &addr, &port));
  assert_string_equal(addr, "127.0.0.2");
  assert_int_equal(port, 4343);
  /* IPv6 with or without brackets. */
  assert_true(dc_connect_to_apply(&o, "[2001:db8::1]", 443, &addr, &port));
  assert_string_equal(addr, "::1");
  assert_int_equal(port, 8443);
  assert_true(dc_connect_to_apply(&o, "2001:db8::1", 443, &addr, &port));
  assert_string_equal(addr, "::1");
  /* Any host on 443: keeps the host, changes the port. */
  assert_true(dc_connect_to_apply(&o, "rdap.example", 443, &addr, &port));
  assert_string_equal(addr, "rdap.example");
  assert_int_equal(port, 8443);
  /* Rule 4 for port 80. */
  assert_true(dc_connect_to_apply(&o, "rdap.example", 80, &addr, &port));
  assert_string_equal(addr, "rdap.backend");
  assert_int_equal(port, 80);
  /* No match: host and port come back unchanged. */
  assert_false(dc_connect_to_apply(&o, "whois.example", 43, &addr, &port));
  assert_string_equal(addr, "whois.example");
  assert_int_equal(port, 43);
  assert_false(dc_connect_to_apply(&o, "whois.nic.cn.evil", 43, &addr, &port));
  assert_string_equal(addr, "whois.nic.cn.evil");
  /* No options at all. */
  assert_false(dc_connect_to_apply(NULL, "x.example", 43, &addr, &port));
  assert_string_equal(addr, "x.example");
  assert_int_equal(port, 43);

  for (i = 0; i < DC_ARRAY_LEN(rules); i++) {
    dc_connect_to_clear(&rules[i]);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_good),
      cmocka_unit_test(test_parse_bad),
      cmocka_unit_test(test_apply),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
