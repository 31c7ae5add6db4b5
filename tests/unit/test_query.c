/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_query.c - the public asynchronous API: a host's own loop
 *  (dc_ctx_fd / dc_ctx_timeout_ms / dc_ctx_process), callbacks exactly
 *  once (also on cancel and destroy, never inside dc_query_start), and the
 *  per-domain deadline
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct calls {
  int          n;
  dc_status_t  st;
  dc_verdict_t verdict;
  bool         inside_start;
};

static bool g_in_start;

static void on_done(void *ud, dc_status_t st, dc_result_t *res)
{
  struct calls *c = ud;
  c->n++;
  c->st           = st;
  c->inside_start = c->inside_start || g_in_start;
  if (res != NULL) {
    c->verdict = dc_result_verdict(res);
    dc_result_destroy(res);
  }
}

static dc_ctx_t *replay_ctx(void)
{
  dc_ctx_t *ctx = NULL;
  assert_int_equal(dc_ctx_create(&ctx), DC_OK);
  assert_int_equal(
      dc_ctx_set_replay_dir(ctx, tu_src_path("tests/example/evidence")), DC_OK);
  return ctx;
}

static void start(dc_ctx_t *ctx, const char *domain, struct calls *c,
                  dc_query_t **q)
{
  dc_request_t *req = NULL;
  assert_int_equal(dc_request_create(&req, domain), DC_OK);
  g_in_start = true;
  assert_int_equal(dc_query_start(ctx, req, on_done, c, q), DC_OK);
  g_in_start = false;
  dc_request_destroy(req); /* the query keeps its own copy */
}

/* Drive the library from our own poll() loop, as a portal would. */
static void host_loop(dc_ctx_t *ctx)
{
  int rounds = 0;
  while (dc_ctx_pending(ctx) > 0 && rounds++ < 10000) {
    struct pollfd p;
    p.fd     = dc_ctx_fd(ctx);
    p.events = POLLIN;
    assert_true(p.fd >= 0);
    (void)poll(&p, 1, dc_ctx_timeout_ms(ctx));
    assert_int_equal(dc_ctx_process(ctx), DC_OK);
  }
  assert_int_equal(dc_ctx_pending(ctx), 0);
}

static void test_embedding_loop(void **state)
{
  dc_ctx_t    *ctx = replay_ctx();
  struct calls a   = {0};
  struct calls b   = {0};
  (void)state;
  assert_int_equal(dc_ctx_fd(ctx), -1); /* nothing started yet */
  start(ctx, "example-thin.com", &a, NULL);
  start(ctx, "example-foreign.cn", &b, NULL);
  assert_int_equal(a.n + b.n, 0); /* never inside dc_query_start */
  assert_int_equal(dc_ctx_pending(ctx), 2);
  host_loop(ctx);
  assert_int_equal(a.n, 1);
  assert_int_equal(b.n, 1);
  assert_false(a.inside_start || b.inside_start);
  assert_int_equal(a.st, DC_OK);
  assert_int_equal(a.verdict, DC_VERDICT_ELIGIBLE);
  assert_int_equal(b.verdict, DC_VERDICT_INELIGIBLE);
  dc_ctx_destroy(ctx);
}

static void test_cancel_and_destroy(void **state)
{
  dc_ctx_t    *ctx = replay_ctx();
  struct calls a   = {0};
  struct calls b   = {0};
  struct calls c   = {0};
  dc_query_t  *qa  = NULL;
  (void)state;
  start(ctx, "example-thin.com", &a, &qa);
  start(ctx, "example-foreign.cn", &b, NULL);
  start(ctx, "例子.中国", &c, NULL);
  dc_query_cancel(ctx, qa);
  assert_int_equal(a.n, 1);
  assert_int_equal(a.st, DC_ECANCELLED);
  assert_int_equal(dc_ctx_pending(ctx), 2);
  dc_ctx_destroy(ctx); /* the two left are called back, once each */
  assert_int_equal(a.n, 1);
  assert_int_equal(b.n, 1);
  assert_int_equal(c.n, 1);
  assert_int_equal(b.st, DC_ECANCELLED);
  assert_int_equal(c.st, DC_ECANCELLED);
}

static void test_run_and_replay(void **state)
{
  dc_ctx_t    *ctx = replay_ctx();
  struct calls a   = {0};
  (void)state;
  start(ctx, "xn--fsqu00a.xn--fiqs8s", &a, NULL);
  assert_int_equal(dc_ctx_run(ctx), DC_OK);
  assert_int_equal(a.n, 1);
  assert_int_equal(a.verdict, DC_VERDICT_ELIGIBLE);
  dc_ctx_destroy(ctx);
}

static void test_deadline(void **state)
{
  dc_ctx_t          *ctx = NULL;
  struct calls       a   = {0};
  struct sockaddr_in sa;
  socklen_t          len = sizeof(sa);
  char               rule[128];
  int                fd = socket(AF_INET, SOCK_STREAM, 0);
  (void)state;
  /* A server that takes the connection and never answers. */
  memset(&sa, 0, sizeof(sa));
  sa.sin_family      = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
  assert_int_equal(listen(fd, 8), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
  (void)snprintf(rule, sizeof(rule), "whois.stall.test:43:127.0.0.1:%u",
                 (unsigned)ntohs(sa.sin_port));
  assert_int_equal(dc_ctx_create(&ctx), DC_OK);
  assert_int_equal(dc_ctx_set_timeout(ctx, 300), DC_OK);
  dc_ctx_set_lookups(ctx, DC_LOOKUP_WHOIS);
  assert_int_equal(dc_ctx_add_connect_to(ctx, rule), DC_OK);
  assert_int_equal(dc_ctx_set_whois_server(ctx, "cn", "whois.stall.test"),
                   DC_OK);
  assert_int_equal(dc_ctx_set_timeout(ctx, 50), DC_EINVAL);
  start(ctx, "example.cn", &a, NULL);
  assert_int_equal(dc_ctx_run(ctx), DC_OK);
  assert_int_equal(a.n, 1);
  assert_int_equal(a.st, DC_OK);
  assert_int_equal(a.verdict, DC_VERDICT_INDETERMINATE);
  dc_ctx_destroy(ctx);
  (void)close(fd);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_embedding_loop),
      cmocka_unit_test(test_cancel_and_destroy),
      cmocka_unit_test(test_run_and_replay),
      cmocka_unit_test(test_deadline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
