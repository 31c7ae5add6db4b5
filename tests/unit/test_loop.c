/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/test_loop.c - the event loop: fd watchers, timers, embedding
 */
#include "testutil.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "loop.h"

struct io_rec {
  struct dc_loop *l;
  int             calls;
  unsigned        events;
  int             fd;
  /* what the callback does */
  int      stop_fd;    /* >= 0: stop this watcher */
  bool     stop_self;  /* stop its own watcher */
  unsigned set_events; /* != 0: change own interest to this */
  int     *order;      /* optional shared counter of calls */
};

static void io_cb(void *ud, int fd, unsigned events)
{
  struct io_rec *r = ud;
  r->calls++;
  r->events = events;
  r->fd     = fd;
  if (r->order != NULL) {
    (*r->order)++;
  }
  if (r->stop_fd >= 0) {
    assert_int_equal(dc_loop_watch(r->l, r->stop_fd, 0, NULL, NULL), DC_OK);
  }
  if (r->stop_self) {
    assert_int_equal(dc_loop_watch(r->l, fd, 0, NULL, NULL), DC_OK);
  }
  if (r->set_events != 0) {
    assert_int_equal(dc_loop_watch(r->l, fd, r->set_events, io_cb, r), DC_OK);
  }
}

static void init_rec(struct io_rec *r, struct dc_loop *l)
{
  memset(r, 0, sizeof(*r));
  r->l       = l;
  r->stop_fd = -1;
}

static void test_pipe_readable(void **state)
{
  struct dc_loop *l = NULL;
  struct io_rec   r;
  int             p[2];
  char            c;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  assert_int_equal(pipe(p), 0);
  init_rec(&r, l);
  assert_int_equal(dc_loop_watch(l, p[0], DC_IO_READ, io_cb, &r), DC_OK);
  assert_int_equal(dc_loop_pending(l), 1);

  /* Nothing to read: a poll dispatches nothing. */
  assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  assert_int_equal(r.calls, 0);

  assert_int_equal(write(p[1], "x", 1), 1);
  assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
  assert_int_equal(r.calls, 1);
  assert_int_equal(r.fd, p[0]);
  assert_true((r.events & DC_IO_READ) != 0);
  assert_int_equal(read(p[0], &c, 1), 1);

  /* Drained: level-triggered, so nothing more. */
  assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  assert_int_equal(r.calls, 1);

  /* Writer closed: EOF comes as READ (and ERROR for the hang-up). */
  assert_int_equal(close(p[1]), 0);
  assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
  assert_int_equal(r.calls, 2);
  assert_true((r.events & DC_IO_READ) != 0);
  assert_true((r.events & DC_IO_ERROR) != 0);

  assert_int_equal(dc_loop_watch(l, p[0], 0, NULL, NULL), DC_OK);
  assert_int_equal(dc_loop_pending(l), 0);
  assert_int_equal(close(p[0]), 0);
  dc_loop_destroy(l);
}

static void test_modify_and_stop_in_callback(void **state)
{
  struct dc_loop *l = NULL;
  struct io_rec   r;
  int             sp[2];
  int             i;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sp), 0);

  /* Writable at once; the callback switches its own interest to READ. */
  init_rec(&r, l);
  r.set_events = DC_IO_READ;
  assert_int_equal(dc_loop_watch(l, sp[0], DC_IO_WRITE, io_cb, &r), DC_OK);
  assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
  assert_int_equal(r.calls, 1);
  assert_true((r.events & DC_IO_WRITE) != 0);
  for (i = 0; i < 3; i++) {
    assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  }
  assert_int_equal(r.calls, 1); /* nothing to read yet */
  assert_int_equal(write(sp[1], "y", 1), 1);
  assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
  assert_int_equal(r.calls, 2);
  assert_int_equal(r.events & (DC_IO_READ | DC_IO_WRITE), DC_IO_READ);

  /* Now it stops itself while data stays unread. */
  r.set_events = 0;
  r.stop_self  = true;
  assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
  assert_int_equal(r.calls, 3);
  for (i = 0; i < 3; i++) {
    assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  }
  assert_int_equal(r.calls, 3);
  assert_int_equal(dc_loop_pending(l), 0);

  /* A changed callback takes effect. */
  {
    struct io_rec r2;
    init_rec(&r2, l);
    assert_int_equal(dc_loop_watch(l, sp[0], DC_IO_READ, io_cb, &r), DC_OK);
    assert_int_equal(dc_loop_watch(l, sp[0], DC_IO_READ, io_cb, &r2), DC_OK);
    assert_int_equal(dc_loop_pending(l), 1);
    assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
    assert_int_equal(r.calls, 3);
    assert_int_equal(r2.calls, 1);
    assert_int_equal(dc_loop_watch(l, sp[0], 0, NULL, NULL), DC_OK);
  }

  (void)close(sp[0]);
  (void)close(sp[1]);
  dc_loop_destroy(l);
}

/* Two fds ready in the same iteration; whichever callback runs first stops
 * the other, which then must not run. */
static void test_stop_other_ready(void **state)
{
  struct dc_loop *l = NULL;
  struct io_rec   a;
  struct io_rec   b;
  int             p1[2];
  int             p2[2];
  int             order = 0;
  int             i;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  assert_int_equal(pipe(p1), 0);
  assert_int_equal(pipe(p2), 0);
  init_rec(&a, l);
  init_rec(&b, l);
  a.stop_fd = p2[0];
  b.stop_fd = p1[0];
  a.order   = &order;
  b.order   = &order;
  assert_int_equal(dc_loop_watch(l, p1[0], DC_IO_READ, io_cb, &a), DC_OK);
  assert_int_equal(dc_loop_watch(l, p2[0], DC_IO_READ, io_cb, &b), DC_OK);
  assert_int_equal(write(p1[1], "1", 1), 1);
  assert_int_equal(write(p2[1], "2", 1), 1);
  /* Both are ready before the wait. */
  {
    struct pollfd pfd = {.fd = dc_loop_fd(l), .events = POLLIN};
    assert_int_equal(poll(&pfd, 1, 1000), 1);
  }
  assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
  assert_int_equal(order, 1);
  assert_int_equal(a.calls + b.calls, 1);
  /* The survivor stopped the other; it stays watched itself. */
  assert_int_equal(dc_loop_pending(l), 1);
  for (i = 0; i < 3; i++) {
    assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  }
  assert_int_equal(a.calls + b.calls, 1 + 3);
  assert_int_equal(dc_loop_watch(l, p1[0], 0, NULL, NULL), DC_OK);
  assert_int_equal(dc_loop_watch(l, p2[0], 0, NULL, NULL), DC_OK);
  for (i = 0; i < 2; i++) {
    (void)close(p1[i]);
    (void)close(p2[i]);
  }
  dc_loop_destroy(l);
}

/* A callback stops and closes another ready fd and a new, idle fd takes its
 * number and gets watched: the stale readiness must not reach it. */
struct reuse_ctx {
  struct dc_loop *l;
  int             victim;   /* fd number to close and reuse */
  int             fresh[2]; /* the new, empty pipe */
  struct io_rec   fresh_rec;
  int             calls;
  bool            victim_ran;
};

static void reuse_cb(void *ud, int fd, unsigned events);

static void reuse_cb(void *ud, int fd, unsigned events)
{
  struct reuse_ctx *c = ud;
  (void)events;
  c->calls++;
  if (fd == c->victim) {
    c->victim_ran = true; /* it ran first: the scenario did not happen */
    return;
  }
  if (c->victim_ran || c->fresh[1] >= 0) {
    return; /* act once */
  }
  assert_int_equal(dc_loop_watch(c->l, c->victim, 0, NULL, NULL), DC_OK);
  assert_int_equal(close(c->victim), 0);
  assert_int_equal(pipe(c->fresh), 0);
  /* Put the fresh read end at the victim's number (pipe() usually picked
   * it already: lowest free descriptor). */
  if (c->fresh[0] != c->victim) {
    assert_int_equal(dup2(c->fresh[0], c->victim), c->victim);
    assert_int_equal(close(c->fresh[0]), 0);
    c->fresh[0] = c->victim;
  }
  assert_int_equal(
      dc_loop_watch(c->l, c->victim, DC_IO_READ, io_cb, &c->fresh_rec), DC_OK);
}

static void test_fd_number_reuse(void **state)
{
  struct dc_loop  *l = NULL;
  struct reuse_ctx c;
  int              p1[2];
  int              p2[2];
  int              attempt;
  bool             done = false;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  /* Epoll reports in its own order: try both roles until the killer ran
   * first (it does on the first or second attempt). */
  for (attempt = 0; attempt < 2 && !done; attempt++) {
    memset(&c, 0, sizeof(c));
    c.l = l;
    init_rec(&c.fresh_rec, l);
    c.fresh[0] = -1;
    c.fresh[1] = -1;
    assert_int_equal(pipe(p1), 0);
    assert_int_equal(pipe(p2), 0);
    c.victim = attempt == 0 ? p2[0] : p1[0];
    assert_int_equal(dc_loop_watch(l, p1[0], DC_IO_READ, reuse_cb, &c), DC_OK);
    assert_int_equal(dc_loop_watch(l, p2[0], DC_IO_READ, reuse_cb, &c), DC_OK);
    assert_int_equal(write(p1[1], "1", 1), 1);
    assert_int_equal(write(p2[1], "2", 1), 1);
    assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
    if (c.fresh[1] >= 0) {
      done = true;
      assert_int_equal(c.calls, 1);           /* the victim never ran */
      assert_int_equal(c.fresh_rec.calls, 0); /* nor did the newcomer */
      assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
      assert_int_equal(c.fresh_rec.calls, 0);
      assert_int_equal(write(c.fresh[1], "3", 1), 1);
      assert_int_equal(dc_loop_run_once(l, 1000), DC_OK);
      assert_int_equal(c.fresh_rec.calls, 1);
      assert_int_equal(dc_loop_watch(l, c.fresh[0], 0, NULL, NULL), DC_OK);
      (void)close(c.fresh[0]);
      (void)close(c.fresh[1]);
    } else {
      assert_int_equal(dc_loop_watch(l, c.victim, 0, NULL, NULL), DC_OK);
      (void)close(c.victim);
    }
    {
      int other = c.victim == p1[0] ? p2[0] : p1[0];
      assert_int_equal(dc_loop_watch(l, other, 0, NULL, NULL), DC_OK);
      (void)close(other);
    }
    (void)close(p1[1]);
    (void)close(p2[1]);
  }
  assert_true(done);
  assert_int_equal(dc_loop_pending(l), 0);
  dc_loop_destroy(l);
}

/* ---- timers -------------------------------------------------------------- */

struct tmr {
  struct dc_timer t;
  struct dc_loop *l;
  int             fired;
  uint64_t        fired_at;
  int             seq; /* firing position */
  int            *counter;
};

static void tmr_cb(void *ud)
{
  struct tmr *x = ud;
  x->fired++;
  x->fired_at = dc_loop_now(x->l);
  x->seq      = (*x->counter)++;
  assert_false(dc_timer_active(&x->t));
  assert_true(dc_loop_now(x->l) >= x->t.due);
}

static int cmp_seq(const void *a, const void *b)
{
  const struct tmr *x = *(struct tmr *const *)a;
  const struct tmr *y = *(struct tmr *const *)b;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static void run_until_idle(struct dc_loop *l, int max_iter)
{
  int i;
  for (i = 0; i < max_iter && dc_loop_pending(l) > 0; i++) {
    assert_int_equal(dc_loop_run_once(l, -1), DC_OK);
  }
  assert_int_equal(dc_loop_pending(l), 0);
}

static void test_timers_random_order(void **state)
{
  enum { N = 1000 };
  struct dc_loop *l = NULL;
  struct tmr     *ts;
  struct tmr    **by_seq;
  int             counter = 0;
  int             nfired  = 0;
  int             i;

  (void)state;
  srand(12345);
  assert_int_equal(dc_loop_create(&l), DC_OK);
  ts = calloc(N, sizeof(*ts));
  assert_non_null(ts);
  for (i = 0; i < N; i++) {
    ts[i].l       = l;
    ts[i].counter = &counter;
    dc_loop_timer_start(l, &ts[i].t, (uint64_t)(rand() % 60), tmr_cb, &ts[i]);
    assert_true(dc_timer_active(&ts[i].t));
  }
  assert_int_equal(dc_loop_pending(l), N);
  /* Stop every 7th, restart every 11th with a new delay. */
  for (i = 0; i < N; i += 7) {
    dc_loop_timer_stop(l, &ts[i].t);
    assert_false(dc_timer_active(&ts[i].t));
    dc_loop_timer_stop(l, &ts[i].t); /* twice is harmless */
  }
  for (i = 0; i < N; i += 11) {
    dc_loop_timer_start(l, &ts[i].t, (uint64_t)(rand() % 60), tmr_cb, &ts[i]);
  }
  run_until_idle(l, 100000);

  by_seq = calloc(N, sizeof(struct tmr *));
  assert_non_null(by_seq);
  for (i = 0; i < N; i++) {
    bool should = (i % 7 != 0) || (i % 11 == 0);
    assert_int_equal(ts[i].fired, should ? 1 : 0);
    if (ts[i].fired) {
      by_seq[nfired++] = &ts[i];
    }
  }
  assert_int_equal(nfired, counter);
  qsort((void *)by_seq, (size_t)nfired, sizeof(struct tmr *), cmp_seq);
  for (i = 1; i < nfired; i++) {
    /* Fired in order of due time, never before it. */
    assert_true(by_seq[i - 1]->t.due <= by_seq[i]->t.due);
    assert_true(by_seq[i]->fired_at >= by_seq[i]->t.due);
  }
  free(by_seq);
  free(ts);
  dc_loop_destroy(l);
}

static void test_timer_stop_restart(void **state)
{
  struct dc_loop *l = NULL;
  struct tmr      a;
  int             counter = 0;
  uint64_t        t0;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  memset(&a, 0, sizeof(a));
  a.l       = l;
  a.counter = &counter;
  assert_false(dc_timer_active(&a.t));
  dc_loop_timer_start(l, &a.t, 10000, tmr_cb, &a);
  assert_true(dc_timer_active(&a.t));
  assert_int_equal(dc_loop_pending(l), 1);
  dc_loop_timer_stop(l, &a.t);
  assert_false(dc_timer_active(&a.t));
  assert_int_equal(dc_loop_pending(l), 0);
  /* Nothing pending: returns at once instead of blocking forever. */
  assert_int_equal(dc_loop_run_once(l, -1), DC_OK);
  assert_int_equal(a.fired, 0);

  /* Restart while active replaces the due time. */
  dc_loop_timer_start(l, &a.t, 10000, tmr_cb, &a);
  dc_loop_update_time(l);
  t0 = dc_loop_now(l);
  dc_loop_timer_start(l, &a.t, 5, tmr_cb, &a);
  assert_int_equal(dc_loop_pending(l), 1);
  run_until_idle(l, 1000);
  assert_int_equal(a.fired, 1);
  assert_true(a.fired_at >= t0 + 5);
  assert_true(a.fired_at < t0 + 5000);
  dc_loop_destroy(l);
}

/* Restarting itself with delay 0 from its callback: once per iteration. */
struct chain {
  struct dc_timer t;
  struct dc_loop *l;
  int             fired;
  int             left;
  struct dc_timer other;
  int             other_fired;
};

static void chain_other_cb(void *ud)
{
  struct chain *c = ud;
  c->other_fired++;
}

static void chain_cb(void *ud)
{
  struct chain *c = ud;
  c->fired++;
  if (c->left > 0) {
    c->left--;
    dc_loop_timer_start(c->l, &c->t, 0, chain_cb, c);
    assert_true(dc_timer_active(&c->t));
  }
  if (c->fired == 1) {
    dc_loop_timer_start(c->l, &c->other, 1, chain_other_cb, c);
  }
}

static void test_timer_from_timer(void **state)
{
  struct dc_loop *l = NULL;
  struct chain    c;
  int             iter = 0;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  memset(&c, 0, sizeof(c));
  c.l    = l;
  c.left = 3;
  dc_loop_timer_start(l, &c.t, 0, chain_cb, &c);
  while (dc_loop_pending(l) > 0 && iter < 1000) {
    int before = c.fired;
    assert_int_equal(dc_loop_run_once(l, -1), DC_OK);
    assert_true(c.fired - before <= 1);
    iter++;
  }
  assert_int_equal(c.fired, 4);
  assert_int_equal(c.other_fired, 1);
  assert_true(iter >= 4);
  dc_loop_destroy(l);
}

/* Two timers due in the same iteration: the first to run stops the other
 * and frees the memory that holds it. */
struct pair {
  struct dc_loop *l;
  struct dc_timer t;
};

static struct pair *pair_a;
static struct pair *pair_b;
static int          pair_fired;

static void pair_cb(void *ud)
{
  struct pair  *p     = ud;
  struct pair **other = p == pair_a ? &pair_b : &pair_a;
  pair_fired++;
  if (*other != NULL) {
    dc_loop_timer_stop(p->l, &(*other)->t);
    free(*other);
    *other = NULL;
  }
}

static void test_timer_stops_other_due(void **state)
{
  struct dc_loop *l = NULL;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  pair_a     = calloc(1, sizeof(*pair_a));
  pair_b     = calloc(1, sizeof(*pair_b));
  pair_fired = 0;
  assert_non_null(pair_a);
  assert_non_null(pair_b);
  pair_a->l = l;
  pair_b->l = l;
  dc_loop_timer_start(l, &pair_a->t, 0, pair_cb, pair_a);
  dc_loop_timer_start(l, &pair_b->t, 0, pair_cb, pair_b);
  assert_int_equal(dc_loop_pending(l), 2);
  assert_int_equal(dc_loop_run_once(l, -1), DC_OK);
  assert_int_equal(pair_fired, 1);
  assert_true((pair_a == NULL) != (pair_b == NULL));
  assert_int_equal(dc_loop_pending(l), 0);
  free(pair_a);
  free(pair_b);
  dc_loop_destroy(l);
}

/* ---- embedding ----------------------------------------------------------- */

static void test_embedding(void **state)
{
  struct dc_loop *l = NULL;
  struct io_rec   r;
  struct tmr      a;
  struct tmr      b;
  int             counter = 0;
  int             p[2];
  int             to;
  struct pollfd   pfd;

  (void)state;
  assert_int_equal(dc_loop_create(&l), DC_OK);
  assert_true(dc_loop_fd(l) >= 0);
  assert_int_equal(dc_loop_timeout(l), -1);

  memset(&a, 0, sizeof(a));
  memset(&b, 0, sizeof(b));
  a.l = b.l = l;
  a.counter = b.counter = &counter;
  dc_loop_timer_start(l, &a.t, 5000, tmr_cb, &a);
  to = dc_loop_timeout(l);
  assert_true(to > 0 && to <= 5000);
  dc_loop_timer_start(l, &b.t, 0, tmr_cb, &b);
  assert_int_equal(dc_loop_timeout(l), 0);
  assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  assert_int_equal(b.fired, 1);
  assert_int_equal(a.fired, 0);
  to = dc_loop_timeout(l);
  assert_true(to > 0 && to <= 5000);

  /* The epoll fd itself becomes readable when a watched fd is ready. */
  assert_int_equal(pipe(p), 0);
  init_rec(&r, l);
  assert_int_equal(dc_loop_watch(l, p[0], DC_IO_READ, io_cb, &r), DC_OK);
  pfd.fd      = dc_loop_fd(l);
  pfd.events  = POLLIN;
  pfd.revents = 0;
  assert_int_equal(poll(&pfd, 1, 0), 0);
  assert_int_equal(write(p[1], "z", 1), 1);
  assert_int_equal(poll(&pfd, 1, 1000), 1);
  assert_true((pfd.revents & POLLIN) != 0);
  assert_int_equal(dc_loop_run_once(l, 0), DC_OK);
  assert_int_equal(r.calls, 1);

  dc_loop_timer_stop(l, &a.t);
  assert_int_equal(dc_loop_timeout(l), -1);
  assert_int_equal(dc_loop_watch(l, p[0], 0, NULL, NULL), DC_OK);
  (void)close(p[0]);
  (void)close(p[1]);
  dc_loop_destroy(l);
}

static void test_pending_and_args(void **state)
{
  struct dc_loop *l = NULL;
  struct io_rec   r;
  struct tmr      t[3];
  int             counter = 0;
  int             p[2];
  int             i;

  (void)state;
  assert_int_equal(dc_loop_create(NULL), DC_EINVAL);
  dc_loop_destroy(NULL);
  assert_int_equal(dc_loop_create(&l), DC_OK);
  assert_int_equal(dc_loop_pending(l), 0);
  assert_int_equal(pipe(p), 0);
  init_rec(&r, l);
  assert_int_equal(dc_loop_watch(l, -1, DC_IO_READ, io_cb, &r), DC_EINVAL);
  assert_int_equal(dc_loop_watch(l, p[0], DC_IO_READ, NULL, &r), DC_EINVAL);
  /* Stopping what is not watched is fine. */
  assert_int_equal(dc_loop_watch(l, p[0], 0, NULL, NULL), DC_OK);
  assert_int_equal(dc_loop_watch(l, p[0], DC_IO_READ, io_cb, &r), DC_OK);
  assert_int_equal(dc_loop_watch(l, p[1], DC_IO_WRITE, io_cb, &r), DC_OK);
  /* Changing the events of a watched fd does not add one. */
  assert_int_equal(dc_loop_watch(l, p[0], DC_IO_READ | DC_IO_WRITE, io_cb, &r),
                   DC_OK);
  assert_int_equal(dc_loop_pending(l), 2);
  memset(t, 0, sizeof(t));
  for (i = 0; i < 3; i++) {
    t[i].l       = l;
    t[i].counter = &counter;
    dc_loop_timer_start(l, &t[i].t, 60000, tmr_cb, &t[i]);
  }
  dc_loop_timer_start(l, &t[0].t, 50000, tmr_cb, &t[0]); /* restart */
  assert_int_equal(dc_loop_pending(l), 5);
  assert_int_equal(dc_loop_watch(l, p[1], 0, NULL, NULL), DC_OK);
  dc_loop_timer_stop(l, &t[1].t);
  assert_int_equal(dc_loop_pending(l), 3);
  assert_int_equal(dc_loop_watch(l, p[0], 0, NULL, NULL), DC_OK);
  dc_loop_timer_stop(l, &t[0].t);
  dc_loop_timer_stop(l, &t[2].t);
  assert_int_equal(dc_loop_pending(l), 0);
  (void)close(p[0]);
  (void)close(p[1]);
  dc_loop_destroy(l);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pipe_readable),
      cmocka_unit_test(test_modify_and_stop_in_callback),
      cmocka_unit_test(test_stop_other_ready),
      cmocka_unit_test(test_fd_number_reuse),
      cmocka_unit_test(test_timers_random_order),
      cmocka_unit_test(test_timer_stop_restart),
      cmocka_unit_test(test_timer_from_timer),
      cmocka_unit_test(test_timer_stops_other_due),
      cmocka_unit_test(test_embedding),
      cmocka_unit_test(test_pending_and_args),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
