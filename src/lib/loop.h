/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/loop.h - the one event loop: file descriptors and timers
 *
 *  Every socket of the library (c-ares, curl, WHOIS) and every deadline is
 *  registered here. Linux epoll underneath, so a host application embeds
 *  the whole library by watching one descriptor (dc_loop_fd) and calling
 *  dc_loop_run_once(l, 0) when it is readable or dc_loop_timeout() says a
 *  timer is due (the Unbound ub_fd()/ub_process() shape).
 */
#pragma once

#include "common.h"

#define DC_IO_READ  0x1u
#define DC_IO_WRITE 0x2u
#define DC_IO_ERROR 0x4u /* delivered only: hang-up or error on the fd */

struct dc_loop;

typedef void (*dc_io_cb)(void *ud, int fd, unsigned events);
typedef void (*dc_timer_cb)(void *ud);

/* A one-shot timer, embedded in the caller's object (no allocation).
 * Zero-initialize it; it is inactive until started. */
struct dc_timer {
  uint64_t    due;      /* monotonic ms */
  size_t      heap_idx; /* 0: inactive; else 1-based index in the heap */
  dc_timer_cb cb;
  void       *ud;
};

dc_status_t dc_loop_create(struct dc_loop **out);
/* Destroys the loop (NULL-safe); watchers and timers still registered are
 * dropped silently, never touched (their owners must have cancelled them
 * first). Not to be called from a loop callback. */
void dc_loop_destroy(struct dc_loop *l);

/* Watch fd for events (DC_IO_READ|DC_IO_WRITE); calling again changes the
 * events or callback; events 0 stops watching (stop before close(): the
 * loop keys watchers by fd number). One watcher per fd. cb may stop or
 * change any watcher or timer, including its own, and free their owners:
 * an event for a watcher stopped (or replaced) earlier in the same
 * iteration is not delivered. DC_IO_ERROR comes with the events the
 * watcher waits for, so reading or writing finds the error or EOF. */
dc_status_t dc_loop_watch(struct dc_loop *l, int fd, unsigned events,
                          dc_io_cb cb, void *ud);

/* (Re)start t to fire once, delay_ms after dc_loop_now(). Never
 * allocates except to grow the heap (amortized); if that fails the timer
 * stays inactive and dc_loop_run_once() returns DC_ENOMEM from then on,
 * so nothing waits forever on a deadline that was never armed. A timer
 * (re)started from a timer callback fires in a later iteration, even with
 * delay 0. Timers due in the same ms fire in unspecified order. Stop a
 * timer before freeing the object that embeds it. */
void dc_loop_timer_start(struct dc_loop *l, struct dc_timer *t,
                         uint64_t delay_ms, dc_timer_cb cb, void *ud);
void dc_loop_timer_stop(struct dc_loop *l, struct dc_timer *t);
bool dc_timer_active(const struct dc_timer *t);

/* Monotonic milliseconds, read at the start of the current iteration. */
uint64_t dc_loop_now(const struct dc_loop *l);
void     dc_loop_update_time(struct dc_loop *l);

/* Wait up to max_wait_ms (-1: until the next timer or forever when there
 * is none, 0: poll) and dispatch what is ready and what is due. Returns at
 * once when nothing is pending and max_wait_ms is -1. EINTR is not an
 * error. Not to be called from a loop callback. DC_EIO when epoll fails,
 * DC_ENOMEM after a timer could not be started. */
dc_status_t dc_loop_run_once(struct dc_loop *l, int max_wait_ms);

/* For embedding: the descriptor that becomes readable when a watched fd
 * is ready, and ms until the next timer (-1: none, 0: due now). */
int dc_loop_fd(const struct dc_loop *l);
int dc_loop_timeout(const struct dc_loop *l);

/* Number of fds watched plus timers active (0: nothing can happen). */
size_t dc_loop_pending(const struct dc_loop *l);
