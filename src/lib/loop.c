/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/loop.c - the one event loop: epoll fd watchers and a min-heap of
 *  caller-embedded one-shot timers
 *
 *  Dispatch never holds a pointer across a callback: every ready fd is
 *  looked up again (by fd and registration generation) before its callback
 *  runs, and due timers are first moved to a "ready" array whose slots a
 *  dc_loop_timer_stop() clears. So a callback may stop, change or free any
 *  watcher or timer (its own included) and the objects that own them.
 */
#include "loop.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>

#define LOOP_MAX_EVENTS 64
#define LOOP_HEAP_MIN   64
/* heap_idx values from here up mean "in the ready array at idx - BASE":
 * due, taken out of the heap, about to fire in this iteration. */
#define TIMER_READY_BASE (SIZE_MAX / 2)
/* The heap and ready arrays hold pointers to timers. */
#define TIMER_PTR_SIZE sizeof(struct dc_timer *)

struct watcher {
  unsigned events; /* 0: slot unused */
  uint32_t gen;    /* registration generation, tags the epoll data */
  dc_io_cb cb;
  void    *ud;
};

struct dc_loop {
  int             epfd;
  uint64_t        now;
  struct watcher *w; /* indexed by fd */
  size_t          wcap;
  size_t          nwatch;
  uint32_t        gen;
  /* Binary min-heap on due, 1-based (heap[0] unused). */
  struct dc_timer **heap;
  size_t            hn;
  size_t            hcap; /* slots, heap[0] included */
  /* Timers due in the iteration being dispatched; same capacity as the
   * heap so moving every due timer here never allocates. */
  struct dc_timer **ready;
  size_t            nready;
  size_t            ready_live; /* non-NULL slots of ready */
  bool              oom;        /* a timer could not be started */
};

static uint64_t mono_ms(void)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
    return 0; /* cannot happen with CLOCK_MONOTONIC on Linux */
  }
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

dc_status_t dc_loop_create(struct dc_loop **out)
{
  dc_status_t     status = DC_ENOMEM;
  struct dc_loop *l      = NULL;

  if (out == NULL) {
    return DC_EINVAL;
  }
  *out = NULL;
  l    = dc_calloc(1, sizeof(*l));
  if (l == NULL) {
    goto done;
  }
  l->epfd = -1;
  l->heap = dc_calloc(LOOP_HEAP_MIN, TIMER_PTR_SIZE);
  if (l->heap == NULL) {
    goto done;
  }
  l->ready = dc_calloc(LOOP_HEAP_MIN, TIMER_PTR_SIZE);
  if (l->ready == NULL) {
    goto done;
  }
  l->hcap = LOOP_HEAP_MIN;
  l->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (l->epfd < 0) {
    status = errno == ENOMEM ? DC_ENOMEM : DC_EIO;
    goto done;
  }
  l->now = mono_ms();
  *out   = l;
  l      = NULL;
  status = DC_OK;
done:
  dc_loop_destroy(l);
  return status;
}

void dc_loop_destroy(struct dc_loop *l)
{
  if (l == NULL) {
    return;
  }
  if (l->epfd >= 0) {
    (void)close(l->epfd);
  }
  dc_free(l->w);
  dc_free(l->heap);
  dc_free(l->ready);
  dc_free(l);
}

/* ---- fd watchers ----------------------------------------------------- */

static uint32_t to_epoll(unsigned events)
{
  uint32_t e = 0;
  if ((events & DC_IO_READ) != 0) {
    e |= EPOLLIN;
  }
  if ((events & DC_IO_WRITE) != 0) {
    e |= EPOLLOUT;
  }
  return e;
}

static dc_status_t watchers_reserve(struct dc_loop *l, size_t fd)
{
  size_t          ncap;
  struct watcher *nw;

  if (fd < l->wcap) {
    return DC_OK;
  }
  ncap = l->wcap == 0 ? 64 : l->wcap;
  while (ncap <= fd) {
    ncap *= 2;
  }
  nw = dc_realloc(l->w, ncap * sizeof(*nw));
  if (nw == NULL) {
    return DC_ENOMEM;
  }
  memset(nw + l->wcap, 0, (ncap - l->wcap) * sizeof(*nw));
  l->w    = nw;
  l->wcap = ncap;
  return DC_OK;
}

static dc_status_t errno_status(int e)
{
  return e == ENOMEM || e == ENOSPC ? DC_ENOMEM : DC_EIO;
}

dc_status_t dc_loop_watch(struct dc_loop *l, int fd, unsigned events,
                          dc_io_cb cb, void *ud)
{
  struct epoll_event ev;
  struct watcher    *w;
  dc_status_t        status;
  int                rc;

  if (l == NULL || fd < 0) {
    return DC_EINVAL;
  }
  events &= DC_IO_READ | DC_IO_WRITE;
  if (events != 0 && cb == NULL) {
    return DC_EINVAL;
  }
  if (events == 0) {
    if ((size_t)fd >= l->wcap || l->w[fd].events == 0) {
      return DC_OK; /* not watched: nothing to stop */
    }
    /* The fd may already be closed (EBADF) or gone from the set: either
     * way it is no longer watched. */
    (void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
    memset(&l->w[fd], 0, sizeof(l->w[fd]));
    l->nwatch--;
    return DC_OK;
  }
  status = watchers_reserve(l, (size_t)fd);
  if (status != DC_OK) {
    return status;
  }
  w = &l->w[fd];
  memset(&ev, 0, sizeof(ev));
  ev.events = to_epoll(events);
  if (w->events == 0) {
    l->gen++;
    ev.data.u64 = ((uint64_t)l->gen << 32) | (uint32_t)fd;
    rc          = epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev);
    if (rc != 0 && errno == EEXIST) {
      /* A registration outlived a close() of an earlier fd with this
       * number (a dup kept it alive): take it over. */
      rc = epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev);
    }
    if (rc != 0) {
      return errno_status(errno);
    }
    w->gen = l->gen;
    l->nwatch++;
  } else if (w->events != events) {
    ev.data.u64 = ((uint64_t)w->gen << 32) | (uint32_t)fd;
    if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) != 0) {
      return errno_status(errno);
    }
  }
  w->events = events;
  w->cb     = cb;
  w->ud     = ud;
  return DC_OK;
}

/* ---- timers: binary min-heap on due ---------------------------------- */

static void heap_set(struct dc_loop *l, size_t i, struct dc_timer *t)
{
  l->heap[i]  = t;
  t->heap_idx = i;
}

static void heap_up(struct dc_loop *l, size_t i)
{
  struct dc_timer *t = l->heap[i];
  while (i > 1 && l->heap[i / 2]->due > t->due) {
    heap_set(l, i, l->heap[i / 2]);
    i /= 2;
  }
  heap_set(l, i, t);
}

static void heap_down(struct dc_loop *l, size_t i)
{
  struct dc_timer *t = l->heap[i];
  size_t           c;
  for (;;) {
    c = 2 * i;
    if (c > l->hn) {
      break;
    }
    if (c + 1 <= l->hn && l->heap[c + 1]->due < l->heap[c]->due) {
      c++;
    }
    if (l->heap[c]->due >= t->due) {
      break;
    }
    heap_set(l, i, l->heap[c]);
    i = c;
  }
  heap_set(l, i, t);
}

static void heap_remove(struct dc_loop *l, size_t i)
{
  struct dc_timer *last = l->heap[l->hn];
  l->heap[i]->heap_idx  = 0;
  l->heap[l->hn]        = NULL;
  l->hn--;
  if (i > l->hn) {
    return; /* it was the last one */
  }
  heap_set(l, i, last);
  heap_up(l, i);
  heap_down(l, last->heap_idx);
}

/* Both arrays grow together, so the timer phase never allocates. */
static bool heap_reserve(struct dc_loop *l)
{
  size_t            ncap;
  struct dc_timer **nh;
  struct dc_timer **nr;

  if (l->hn + 1 < l->hcap) {
    return true;
  }
  if (l->hcap > SIZE_MAX / 2 / TIMER_PTR_SIZE) {
    return false;
  }
  ncap = l->hcap * 2;
  nh   = dc_realloc(l->heap, ncap * TIMER_PTR_SIZE);
  if (nh == NULL) {
    return false;
  }
  l->heap = nh;
  nr      = dc_realloc(l->ready, ncap * TIMER_PTR_SIZE);
  if (nr == NULL) {
    return false; /* the heap is larger than needed: harmless */
  }
  l->ready = nr;
  l->hcap  = ncap;
  return true;
}

bool dc_timer_active(const struct dc_timer *t)
{
  return t != NULL && t->heap_idx != 0;
}

void dc_loop_timer_stop(struct dc_loop *l, struct dc_timer *t)
{
  size_t i;

  if (l == NULL || t == NULL || t->heap_idx == 0) {
    return;
  }
  if (t->heap_idx >= TIMER_READY_BASE) {
    i = t->heap_idx - TIMER_READY_BASE;
    if (i < l->nready && l->ready[i] == t) {
      l->ready[i] = NULL;
      l->ready_live--;
    }
    t->heap_idx = 0;
    return;
  }
  if (t->heap_idx <= l->hn && l->heap[t->heap_idx] == t) {
    heap_remove(l, t->heap_idx);
  }
  t->heap_idx = 0;
}

void dc_loop_timer_start(struct dc_loop *l, struct dc_timer *t,
                         uint64_t delay_ms, dc_timer_cb cb, void *ud)
{
  if (l == NULL || t == NULL || cb == NULL) {
    return;
  }
  dc_loop_timer_stop(l, t);
  t->cb  = cb;
  t->ud  = ud;
  t->due = delay_ms > UINT64_MAX - l->now ? UINT64_MAX : l->now + delay_ms;
  if (!heap_reserve(l)) {
    /* Out of memory: the timer is not started. Rather than let its owner
     * wait forever, the loop reports DC_ENOMEM from now on. */
    l->oom = true;
    return;
  }
  l->hn++;
  heap_set(l, l->hn, t);
  heap_up(l, l->hn);
}

/* ---- clock, waiting, dispatch ---------------------------------------- */

uint64_t dc_loop_now(const struct dc_loop *l)
{
  return l->now;
}

void dc_loop_update_time(struct dc_loop *l)
{
  uint64_t t = mono_ms();
  if (t > l->now) { /* never backwards, even if the clock read failed */
    l->now = t;
  }
}

/* ms from now until the first timer (-1: none), at most INT_MAX. */
static int until_next(const struct dc_loop *l, uint64_t now)
{
  uint64_t due;
  if (l->hn == 0) {
    return -1;
  }
  due = l->heap[1]->due;
  if (due <= now) {
    return 0;
  }
  return due - now > INT_MAX ? INT_MAX : (int)(due - now);
}

static void dispatch_fds(struct dc_loop *l, const struct epoll_event *evs,
                         int n)
{
  int i;
  for (i = 0; i < n; i++) {
    int             fd  = (int)(uint32_t)(evs[i].data.u64 & 0xffffffffu);
    uint32_t        gen = (uint32_t)(evs[i].data.u64 >> 32);
    struct watcher *w;
    unsigned        got = 0;

    /* Looked up again for every event: an earlier callback may have
     * stopped this watcher or replaced it with a new fd of this number. */
    if (fd < 0 || (size_t)fd >= l->wcap) {
      continue;
    }
    w = &l->w[fd];
    if (w->events == 0 || w->gen != gen) {
      continue;
    }
    if ((evs[i].events & EPOLLIN) != 0) {
      got |= DC_IO_READ;
    }
    if ((evs[i].events & EPOLLOUT) != 0) {
      got |= DC_IO_WRITE;
    }
    if ((evs[i].events & (EPOLLERR | EPOLLHUP)) != 0) {
      /* Let the owner find the error or EOF by doing what it waits for. */
      got |= DC_IO_ERROR | w->events;
    }
    got &= w->events | DC_IO_ERROR;
    if (got == 0) {
      continue; /* interest changed since the wait */
    }
    w->cb(w->ud, fd, got); /* w may be invalid from here on */
  }
}

static void dispatch_timers(struct dc_loop *l)
{
  size_t i;

  /* Take every timer due now out of the heap first: a timer (re)started
   * by a callback fires in a later iteration, even with delay 0. */
  l->nready     = 0;
  l->ready_live = 0;
  while (l->hn > 0 && l->heap[1]->due <= l->now) {
    struct dc_timer *t = l->heap[1];
    heap_remove(l, 1);
    l->ready[l->nready] = t;
    t->heap_idx         = TIMER_READY_BASE + l->nready;
    l->nready++;
    l->ready_live++;
  }
  for (i = 0; i < l->nready; i++) {
    struct dc_timer *t = l->ready[i];
    if (t == NULL) {
      continue; /* stopped by an earlier callback */
    }
    l->ready[i] = NULL;
    l->ready_live--;
    t->heap_idx = 0;
    t->cb(t->ud); /* t may be freed or restarted from here on */
  }
  l->nready     = 0;
  l->ready_live = 0;
}

dc_status_t dc_loop_run_once(struct dc_loop *l, int max_wait_ms)
{
  struct epoll_event evs[LOOP_MAX_EVENTS];
  int                timeout;
  int                next;
  int                n;

  if (l == NULL) {
    return DC_EINVAL;
  }
  if (l->oom) {
    return DC_ENOMEM;
  }
  dc_loop_update_time(l);
  timeout = max_wait_ms < 0 ? -1 : max_wait_ms;
  next    = until_next(l, l->now);
  if (next >= 0 && (timeout < 0 || next < timeout)) {
    timeout = next;
  }
  if (timeout < 0 && l->nwatch == 0) {
    return DC_OK; /* nothing could ever wake us */
  }
  n = epoll_wait(l->epfd, evs, LOOP_MAX_EVENTS, timeout);
  if (n < 0) {
    if (errno != EINTR) {
      return DC_EIO;
    }
    n = 0; /* a signal: dispatch what is due and let the caller look */
  }
  dc_loop_update_time(l);
  dispatch_fds(l, evs, n);
  dispatch_timers(l);
  return l->oom ? DC_ENOMEM : DC_OK;
}

int dc_loop_fd(const struct dc_loop *l)
{
  return l->epfd;
}

int dc_loop_timeout(const struct dc_loop *l)
{
  /* A fresh clock: the host calls this between iterations. */
  return until_next(l, mono_ms());
}

size_t dc_loop_pending(const struct dc_loop *l)
{
  return l->nwatch + l->hn + l->ready_live;
}
