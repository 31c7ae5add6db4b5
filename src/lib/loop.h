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
/* Destroys the loop; watchers and timers still registered are dropped
 * silently (their owners must have cancelled them first). */
void        dc_loop_destroy(struct dc_loop *l);

/* Watch fd for events (DC_IO_READ|DC_IO_WRITE); calling again changes the
 * events or callback; events 0 stops watching. cb may stop or change any
 * watcher or timer, including its own. */
dc_status_t dc_loop_watch(struct dc_loop *l, int fd, unsigned events,
                          dc_io_cb cb, void *ud);

/* (Re)start t to fire once, delay_ms from now. */
void dc_loop_timer_start(struct dc_loop *l, struct dc_timer *t,
                         uint64_t delay_ms, dc_timer_cb cb, void *ud);
void dc_loop_timer_stop(struct dc_loop *l, struct dc_timer *t);
bool dc_timer_active(const struct dc_timer *t);

/* Monotonic milliseconds, read at the start of the current iteration. */
uint64_t dc_loop_now(const struct dc_loop *l);
void     dc_loop_update_time(struct dc_loop *l);

/* Wait up to max_wait_ms (-1: until the next timer or forever when there
 * is none, 0: poll) and dispatch what is ready and what is due. */
dc_status_t dc_loop_run_once(struct dc_loop *l, int max_wait_ms);

/* For embedding: the descriptor that becomes readable when a watched fd
 * is ready, and ms until the next timer (-1: none, 0: due now). */
int dc_loop_fd(const struct dc_loop *l);
int dc_loop_timeout(const struct dc_loop *l);

/* Number of fds watched plus timers active (0: nothing can happen). */
size_t dc_loop_pending(const struct dc_loop *l);
