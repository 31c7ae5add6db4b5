/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/testbed/tbclient.c - small client for the testbed: one WHOIS or
 *  HTTP exchange with a timeout, a free port for NSD, and a load generator
 *  (N exchanges, C at a time) that reports queries/s, latency and CPU.
 *  Connects to 127.0.0.1 only.
 */
/* epoll: Linux test tooling */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier) */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "Usage: tbclient whois [-t MS] PORT QUERY      one WHOIS exchange, reply "
    "on stdout\n"
    "       tbclient http [-t MS] [-H HOST] PORT PATH   GET PATH, response "
    "on stdout\n"
    "       tbclient freeport                   a port free for TCP and UDP\n"
    "       tbclient bench [-n N] [-c CONC] [-t MS] [-P PID] whois|http PORT "
    "ARG...\n"
    "Exit: 0 done, 1 connection failed, 2 timed out, 64 usage.\n";

static uint64_t now_us(void)
{
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int parse_num(const char *s, long lo, long hi, long *out)
{
  char *end = NULL;
  long  n;
  errno = 0;
  n     = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || n < lo || n > hi) {
    (void)fprintf(stderr, "tbclient: bad number '%s'\n", s);
    return -1;
  }
  *out = n;
  return 0;
}

static void loopback(struct sockaddr_in *sin, int port)
{
  memset(sin, 0, sizeof(*sin));
  sin->sin_family      = AF_INET;
  sin->sin_port        = htons((uint16_t)port);
  sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* ---- one exchange
 * ------------------------------------------------------------ */
static int exchange(int port, const char *req, size_t reqlen, int timeout_ms)
{
  struct sockaddr_in sin;
  uint64_t           deadline = now_us() + (uint64_t)timeout_ms * 1000u;
  size_t             sent     = 0;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  loopback(&sin, port);
  if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 &&
      errno != EINPROGRESS) {
    (void)fprintf(stderr, "tbclient: 127.0.0.1:%d: %s\n", port,
                  strerror(errno));
    (void)close(fd);
    return 1;
  }
  for (;;) {
    struct pollfd pfd;
    uint64_t      now = now_us();
    char          buf[16384];
    ssize_t       n;
    int           err  = 0;
    socklen_t     elen = sizeof(err);
    if (now >= deadline) {
      (void)fprintf(stderr, "tbclient: 127.0.0.1:%d: timed out\n", port);
      (void)close(fd);
      return 2;
    }
    pfd.fd     = fd;
    pfd.events = sent < reqlen ? POLLOUT : POLLIN;
    if (poll(&pfd, 1, (int)((deadline - now + 999) / 1000)) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (pfd.revents == 0) {
      continue;
    }
    if (sent < reqlen) {
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
        (void)fprintf(stderr, "tbclient: 127.0.0.1:%d: %s\n", port,
                      strerror(err));
        (void)close(fd);
        return 1;
      }
      n = send(fd, req + sent, reqlen - sent, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        (void)fprintf(stderr, "tbclient: send: %s\n", strerror(errno));
        (void)close(fd);
        return 1;
      }
      sent += n > 0 ? (size_t)n : 0;
      continue;
    }
    n = read(fd, buf, sizeof(buf));
    if (n > 0) {
      if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) {
        break;
      }
      continue;
    }
    if (n == 0) {
      (void)close(fd);
      return fflush(stdout) == 0 ? 0 : 1;
    }
    if (errno == EAGAIN || errno == EINTR) {
      continue;
    }
    (void)fprintf(stderr, "tbclient: read: %s\n", strerror(errno));
    break;
  }
  (void)close(fd);
  return 1;
}

static int cmd_freeport(void)
{
  int i;
  for (i = 0; i < 50; i++) {
    struct sockaddr_in sin;
    socklen_t          slen = sizeof(sin);
    int                t    = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int                u    = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int                ok   = 0;
    loopback(&sin, 0);
    if (t >= 0 && u >= 0 &&
        bind(t, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
        getsockname(t, (struct sockaddr *)&sin, &slen) == 0 &&
        bind(u, (struct sockaddr *)&sin, sizeof(sin)) == 0) {
      ok = ntohs(sin.sin_port);
    }
    if (t >= 0) {
      (void)close(t);
    }
    if (u >= 0) {
      (void)close(u);
    }
    if (ok > 0) {
      (void)printf("%d\n", ok);
      return 0;
    }
  }
  (void)fprintf(stderr, "tbclient: no free port\n");
  return 1;
}

/* ---- load generator ------------------------------------------------------ */
struct bconn {
  int      fd;
  size_t   sent;
  size_t   got;
  size_t   req;   /* index into the request list */
  uint64_t start; /* us */
  bool     connected;
};

struct bench {
  int       ep;
  int       port;
  char    **reqs;
  size_t   *reqlens;
  size_t    nreqs;
  long      total, started, done, failed, empty, timeouts;
  int       timeout_ms;
  uint32_t *lat_us;
  uint64_t  bytes;
};

static int bench_start(struct bench *b, struct bconn *c)
{
  struct sockaddr_in sin;
  struct epoll_event ee;
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) {
    return -1;
  }
  loopback(&sin, b->port);
  c->sent      = 0;
  c->got       = 0;
  c->connected = false;
  c->req       = (size_t)b->started % b->nreqs;
  c->start     = now_us();
  b->started++;
  if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 &&
      errno != EINPROGRESS) {
    (void)close(c->fd);
    c->fd = -1;
    return -1;
  }
  memset(&ee, 0, sizeof(ee));
  ee.events   = EPOLLOUT;
  ee.data.ptr = c;
  return epoll_ctl(b->ep, EPOLL_CTL_ADD, c->fd, &ee);
}

static void bench_end(struct bench *b, struct bconn *c, bool ok)
{
  uint64_t lat = now_us() - c->start;
  (void)close(c->fd);
  c->fd = -1;
  if (ok) {
    b->lat_us[b->done] = lat > UINT32_MAX ? UINT32_MAX : (uint32_t)lat;
    b->done++;
    if (c->got == 0) {
      b->empty++;
    }
  } else {
    b->failed++;
  }
}

static void bench_io(struct bench *b, struct bconn *c, uint32_t events)
{
  char buf[65536];
  if (c->sent < b->reqlens[c->req]) {
    ssize_t            n;
    struct epoll_event ee;
    int                err  = 0;
    socklen_t          elen = sizeof(err);
    if ((events & (EPOLLERR | EPOLLHUP)) != 0 ||
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
      bench_end(b, c, false);
      return;
    }
    n = send(c->fd, b->reqs[c->req] + c->sent, b->reqlens[c->req] - c->sent,
             MSG_NOSIGNAL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EINTR) {
        bench_end(b, c, false);
      }
      return;
    }
    c->sent += (size_t)n;
    if (c->sent == b->reqlens[c->req]) {
      memset(&ee, 0, sizeof(ee));
      ee.events   = EPOLLIN;
      ee.data.ptr = c;
      if (epoll_ctl(b->ep, EPOLL_CTL_MOD, c->fd, &ee) != 0) {
        bench_end(b, c, false);
      }
    }
    return;
  }
  for (;;) {
    ssize_t n = read(c->fd, buf, sizeof(buf));
    if (n > 0) {
      c->got += (size_t)n;
      b->bytes += (uint64_t)n;
      continue;
    }
    if (n == 0) {
      bench_end(b, c, true);
      return;
    }
    if (errno == EAGAIN || errno == EINTR) {
      return;
    }
    bench_end(b, c, false);
    return;
  }
}

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a;
  uint32_t y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static double proc_cpu_s(long pid)
{
  char          path[64];
  char          line[2048];
  FILE         *fp;
  char         *rp;
  unsigned long ut = 0;
  unsigned long st = 0;
  if (pid <= 0) {
    return 0;
  }
  (void)snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
  fp = fopen(path, "r");
  if (fp == NULL) {
    return -1;
  }
  if (fgets(line, sizeof(line), fp) == NULL) {
    (void)fclose(fp);
    return -1;
  }
  (void)fclose(fp);
  rp = strrchr(line, ')'); /* fields after the command name */
  if (rp == NULL ||
      sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
             &st) != 2) {
    return -1;
  }
  return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_s(void)
{
  struct rusage ru;
  (void)getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* the p-th percentile of the sorted latencies, in milliseconds */
static double pct_ms(const struct bench *b, long p)
{
  long idx = b->done * p / 100;
  if (idx >= b->done) {
    idx = b->done - 1;
  }
  return (double)b->lat_us[idx] / 1000.0;
}

static int cmd_bench(int argc, char **argv)
{
  struct bench  b;
  long          conc = 256;
  long          pid  = 0;
  long          v;
  int           opt;
  bool          http;
  struct bconn *conns = NULL;
  int           rc    = 1;
  long          i;
  uint64_t      t0;
  uint64_t      deadline;
  double        cpu0;
  double        scpu0;
  double        secs;
  memset(&b, 0, sizeof(b));
  b.ep         = -1;
  b.total      = 10000;
  b.timeout_ms = 60000;
  while ((opt = getopt(argc, argv, "n:c:t:P:")) != -1) {
    long *dst = opt == 'n' ? &b.total : opt == 'c' ? &conc : &pid;
    if (opt == '?') {
      (void)fputs(usage, stderr);
      return 64;
    }
    if (parse_num(optarg, 1, 100000000, &v) != 0) {
      return 64;
    }
    if (opt == 't') {
      b.timeout_ms = (int)v;
    } else {
      *dst = v;
    }
  }
  if (argc - optind < 3) {
    (void)fputs(usage, stderr);
    return 64;
  }
  http = strcmp(argv[optind], "http") == 0;
  if (!http && strcmp(argv[optind], "whois") != 0) {
    (void)fputs(usage, stderr);
    return 64;
  }
  if (parse_num(argv[optind + 1], 1, 65535, &v) != 0) {
    return 64;
  }
  b.port    = (int)v;
  b.nreqs   = (size_t)(argc - optind - 2);
  b.reqs    = calloc(b.nreqs, sizeof(*b.reqs));
  b.reqlens = calloc(b.nreqs, sizeof(*b.reqlens));
  b.lat_us  = calloc((size_t)b.total, sizeof(*b.lat_us));
  conns     = calloc((size_t)conc, sizeof(*conns));
  if (b.reqs == NULL || b.reqlens == NULL || b.lat_us == NULL ||
      conns == NULL) {
    goto done;
  }
  for (i = 0; i < (long)b.nreqs; i++) {
    const char *a = argv[optind + 2 + i];
    size_t      n = strlen(a) + 128;
    b.reqs[i]     = malloc(n);
    if (b.reqs[i] == NULL) {
      goto done;
    }
    (void)snprintf(b.reqs[i], n,
                   http ? "GET %s HTTP/1.1\r\nHost: bench\r\n"
                          "Accept: application/rdap+json\r\n\r\n"
                        : "%s\r\n",
                   a);
    b.reqlens[i] = strlen(b.reqs[i]);
  }
  b.ep = epoll_create1(EPOLL_CLOEXEC);
  if (b.ep < 0) {
    goto done;
  }
  cpu0     = self_cpu_s();
  scpu0    = proc_cpu_s(pid);
  t0       = now_us();
  deadline = t0 + (uint64_t)b.timeout_ms * 1000u;
  for (i = 0; i < conc; i++) {
    conns[i].fd = -1;
  }
  while (b.done + b.failed < b.total) {
    struct epoll_event evs[512];
    int                n;
    int                k;
    for (i = 0; i < conc && b.started < b.total; i++) {
      if (conns[i].fd < 0 && bench_start(&b, &conns[i]) != 0) {
        if (conns[i].fd >= 0) {
          (void)close(conns[i].fd);
          conns[i].fd = -1;
        }
        b.failed++;
      }
    }
    if (now_us() > deadline) {
      for (i = 0; i < conc; i++) {
        if (conns[i].fd >= 0) {
          (void)close(conns[i].fd);
          conns[i].fd = -1;
          b.timeouts++;
          b.failed++;
        }
      }
      b.failed += b.total - b.started;
      break;
    }
    n = epoll_wait(b.ep, evs, 512, 100);
    for (k = 0; k < n; k++) {
      bench_io(&b, evs[k].data.ptr, evs[k].events);
    }
  }
  secs = (double)(now_us() - t0) / 1e6;
  qsort(b.lat_us, (size_t)b.done, sizeof(*b.lat_us), cmp_u32);
  (void)printf("queries %ld ok %ld failed %ld (timeouts %ld) empty %ld "
               "concurrency %ld\n",
               b.total, b.done, b.failed, b.timeouts, b.empty, conc);
  (void)printf("time %.3f s  rate %.0f q/s  bytes %llu\n", secs,
               (double)b.done / secs, (unsigned long long)b.bytes);
  if (b.done > 0) {
    (void)printf("latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f\n",
                 pct_ms(&b, 50), pct_ms(&b, 90), pct_ms(&b, 99),
                 pct_ms(&b, 100));
  }
  (void)printf("cpu client %.2f s", self_cpu_s() - cpu0);
  if (pid > 0) {
    (void)printf("  server %.2f s (%.0f%% of one core)",
                 proc_cpu_s(pid) - scpu0,
                 100.0 * (proc_cpu_s(pid) - scpu0) / secs);
  }
  (void)printf("\n");
  rc = b.failed == 0 ? 0 : 1;
done:
  for (i = 0; b.reqs != NULL && i < (long)b.nreqs; i++) {
    free(b.reqs[i]);
  }
  free(b.reqs);
  free(b.reqlens);
  free(b.lat_us);
  free(conns);
  if (b.ep >= 0) {
    (void)close(b.ep);
  }
  return rc;
}

int main(int argc, char **argv)
{
  const char *cmd;
  long        timeout_ms = 10000;
  const char *host       = "localhost";
  long        port;
  int         opt;
  char       *req;
  size_t      n;
  int         rc;
  if (argc < 2) {
    (void)fputs(usage, stderr);
    return 64;
  }
  cmd = argv[1];
  argc--;
  argv++;
  if (strcmp(cmd, "freeport") == 0) {
    return cmd_freeport();
  }
  if (strcmp(cmd, "bench") == 0) {
    return cmd_bench(argc, argv);
  }
  if (strcmp(cmd, "whois") != 0 && strcmp(cmd, "http") != 0) {
    (void)fputs(usage, stderr);
    return 64;
  }
  while ((opt = getopt(argc, argv, "t:H:")) != -1) {
    if (opt == 't') {
      if (parse_num(optarg, 1, INT_MAX, &timeout_ms) != 0) {
        return 64;
      }
    } else if (opt == 'H') {
      host = optarg;
    } else {
      (void)fputs(usage, stderr);
      return 64;
    }
  }
  if (argc - optind != 2 || parse_num(argv[optind], 1, 65535, &port) != 0) {
    (void)fputs(usage, stderr);
    return 64;
  }
  n   = strlen(argv[optind + 1]) + strlen(host) + 128;
  req = malloc(n);
  if (req == NULL) {
    return 1;
  }
  if (strcmp(cmd, "whois") == 0) {
    (void)snprintf(req, n, "%s\r\n", argv[optind + 1]);
  } else {
    (void)snprintf(req, n,
                   "GET %s HTTP/1.1\r\nHost: %s\r\n"
                   "Accept: application/rdap+json\r\nConnection: close\r\n\r\n",
                   argv[optind + 1], host);
  }
  rc = exchange((int)port, req, strlen(req), (int)timeout_ms);
  free(req);
  return rc;
}
