/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/testbed/tbnet.h - the engine whoisd and rdapd share
 *
 *  One thread, one epoll loop, a binary heap of timers, non-blocking
 *  sockets on 127.0.0.1 only. A daemon describes its servers (one port
 *  each) with the same config line, `NAME PORT DIR[,DIR...] [opt=val...]`,
 *  and supplies one function that turns the bytes a client sent into a
 *  reply; the engine does accepting, reading, fault injection (delay,
 *  drop, stall, chunked writes), writing, the lingering close and the
 *  query log. Linux only (epoll, signalfd, accept4): test tooling.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* ---- time ---------------------------------------------------------------- */
uint64_t tb_now_ms(void);  /* CLOCK_MONOTONIC, for timers */
uint64_t tb_wall_ms(void); /* CLOCK_REALTIME, for the log */

/* ---- string map (open addressing, keys owned) -----------------------------
 */
struct tb_map_entry {
  char    *key; /* NULL: empty slot */
  void    *ptr;
  uint64_t num;
};
struct tb_map {
  struct tb_map_entry *slots;
  size_t               cap; /* power of two */
  size_t               used;
};
/* Find key; with create, insert it (ptr NULL, num 0) when absent. NULL when
 * absent and not create, or out of memory. */
struct tb_map_entry *tb_map_get(struct tb_map *m, const char *key, bool create);
void                 tb_map_free(struct tb_map *m); /* frees keys only */

/* ---- reply files ------------------------------------------------------------
 */
struct tb_blob {
  char  *data;
  size_t len;
};

/* Index of DIR,DIR,... for files ending in ext: "<q><ext>" answers q, and
 * so does "<anything>_<q><ext>" (the corpus layout <id>_<query>.txt). The
 * first directory wins, then an exact name over a suffix match, then the
 * file name that sorts first. Files are read into memory once. */
struct tb_index {
  struct tb_map   map; /* key -> blob index (num), ptr = priority */
  struct tb_blob *blobs;
  size_t          nblobs;
};
int tb_index_load(struct tb_index *ix, const char *dirs, const char *ext,
                  char *err, size_t errlen);
const struct tb_blob *tb_index_find(struct tb_index *ix, const char *key);
void                  tb_index_free(struct tb_index *ix);

int  tb_read_file(const char *path, struct tb_blob *out); /* 0 or -1 */
void tb_lower(char *s);                                   /* ASCII only */

/* ---- faults -----------------------------------------------------------------
 */
#define TB_RATELIMIT_NONE   (-1)
#define TB_RATELIMIT_ALWAYS (-2)

struct tb_faults {
  int   delay_ms;  /* answer after this long (delay=, latency=) */
  bool  drop;      /* close after reading the request */
  bool  stall;     /* never answer; hold until the client closes */
  bool  garbage;   /* answer junk */
  int   ratelimit; /* first N requests per query limited; NONE, ALWAYS */
  int   chunk;     /* write N bytes at a time, 1 ms apart; 0 = at once */
  int   status;    /* rdapd: always answer this HTTP status; 0 = no */
  char *redirect;  /* rdapd: 302 to <redirect>/domain/<name> */
};

struct tb_scoped {
  char            *query; /* lower case */
  struct tb_faults f;
};

enum tb_kind { TB_KIND_WHOIS, TB_KIND_RDAP };

struct tb_server {
  char             *name;
  int               port; /* as configured (0 = any), then as bound */
  int               fd;
  bool              down; /* bound but not listening: connections refused */
  struct tb_index   index;
  struct tb_faults  faults; /* server-wide */
  struct tb_scoped *scoped; /* QUERY:opt=value overrides */
  size_t            nscoped;
  int               rate; /* answers per second for the server, 0 = any */
  uint64_t          rate_second;
  int               rate_count;
  struct tb_map     seen;           /* query -> requests so far (ratelimit=) */
  struct tb_blob    notfound;       /* whoisd */
  struct tb_blob    ratelimit_text; /* whoisd */
  struct tb_blob    junk;           /* garbage=1 reply */
  void             *listener;       /* engine state */
};

/* The request/answer boundary. The engine calls the daemon's parse
 * function each time more bytes arrived (eof: the client shut its side;
 * full: the buffer reached the daemon's maximum). It returns 0 for "need
 * more" or 1 with *reply filled. */
struct tb_reply {
  struct iovec            iov[2];
  int                     niov;
  char                   *owned;     /* freed when the connection ends */
  const struct tb_faults *faults;    /* NULL: none */
  bool                    close_now; /* close without answering */
};

struct tb_daemon;
typedef int (*tb_parse_fn)(struct tb_daemon *d, struct tb_server *s,
                           const char *buf, size_t len, bool eof, bool full,
                           struct tb_reply *reply);

struct tb_daemon {
  const char       *prog;
  enum tb_kind      kind;
  size_t            max_request; /* read buffer limit */
  tb_parse_fn       parse;
  struct tb_server *servers;
  size_t            nservers;
  int               log_fd;  /* -1: no log */
  int               idle_ms; /* request read timeout */
};

/* Parse `-c FILE` into d->servers (paths relative to FILE's folder). */
int tb_config_load(struct tb_daemon *d, const char *path);
/* Faults for query: the scoped set, else the server-wide one. */
const struct tb_faults *tb_faults_for(struct tb_server *s, const char *query);
/* Count the request and say whether it gets the rate-limit answer
 * (ratelimit= per query, rate= per server and second). */
bool tb_limited(struct tb_server *s, const struct tb_faults *f,
                const char *query);
/* Append "<unix_ms> <server> <query>\n" to the log (control bytes as '?'). */
void tb_log_query(struct tb_daemon *d, const struct tb_server *s,
                  const char *query);

/* Bind every server, write the ports file (atomically), run until SIGTERM,
 * SIGINT or SIGHUP; returns the exit status. */
int  tb_daemon_run(struct tb_daemon *d, const char *ports_file);
void tb_daemon_free(struct tb_daemon *d);

/* Shared main(): -c FILE -p PORTSFILE -l LOGFILE -i IDLE_MS -h. */
int tb_main(struct tb_daemon *d, int argc, char **argv, const char *usage);
