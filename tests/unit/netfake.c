/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/netfake.c - loopback helpers of the transport tests: ports,
 *  and a tiny DNS server run from the test's own dc_loop
 */
#include "netfake.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

uint64_t nf_mono_ms(void)
{
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void nf_set_nonblock(int fd)
{
  int fl = fcntl(fd, F_GETFL);
  assert_true(fl >= 0);
  assert_int_equal(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
}

int nf_listen_on(int type, int *port)
{
  struct sockaddr_in sin;
  socklen_t          len = sizeof(sin);
  int                fd  = socket(AF_INET, type, 0);
  int                one = 1;

  assert_true(fd >= 0);
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  memset(&sin, 0, sizeof(sin));
  sin.sin_family      = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
  if (type == SOCK_STREAM) {
    assert_int_equal(listen(fd, 64), 0);
  }
  assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
  *port = ntohs(sin.sin_port);
  nf_set_nonblock(fd);
  return fd;
}

int nf_closed_port(void)
{
  int port;
  int fd = nf_listen_on(SOCK_STREAM, &port);
  (void)close(fd);
  return port;
}

/* ---- a tiny DNS server: rdap.test and whois.test A 127.0.0.1, others
 * NXDOMAIN,
 * silent.test never answered ------------------------------------------- */

static void nf_dns_io(void *ud, int fd, unsigned events)
{
  struct nf_dns          *d = ud;
  unsigned char           q[512];
  unsigned char           a[600];
  char                    name[256];
  struct sockaddr_storage from;
  socklen_t               flen = sizeof(from);
  ssize_t                 n;
  size_t                  i  = 12;
  size_t                  nl = 0;
  size_t                  qend;
  size_t                  alen;
  unsigned                qtype;
  bool                    nx;

  (void)events;
  n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &flen);
  if (n < 12) {
    return;
  }
  d->queries++;
  while (i < (size_t)n && q[i] != 0) {
    size_t l = q[i];
    if (i + 1 + l > (size_t)n || nl + l + 1 >= sizeof(name)) {
      return;
    }
    if (nl > 0) {
      name[nl++] = '.';
    }
    memcpy(name + nl, q + i + 1, l);
    nl += l;
    i += 1 + l;
  }
  name[nl] = '\0';
  qend     = i + 5;
  if (qend > (size_t)n) {
    return;
  }
  qtype = (unsigned)(q[i + 1] << 8 | q[i + 2]);
  if (strcasecmp(name, "silent.test") == 0) {
    return;
  }
  nx =
      strcasecmp(name, "rdap.test") != 0 && strcasecmp(name, "whois.test") != 0;
  memcpy(a, q, qend);
  a[2] = (unsigned char)(0x80 | (q[2] & 0x79)); /* QR, opcode, RD */
  a[3] = (unsigned char)(0x80 | (nx ? 3 : 0));  /* RA, rcode */
  a[4] = 0;
  a[5] = 1;
  a[6] = 0;
  a[7] = (!nx && qtype == 1) ? 1 : 0;
  memset(a + 8, 0, 4);
  alen = qend;
  if (!nx && qtype == 1) {
    static const unsigned char rr[] = {0xc0, 0x0c, 0, 1, 0,   1, 0, 0,
                                       0,    60,   0, 4, 127, 0, 0, 1};
    memcpy(a + alen, rr, sizeof(rr));
    alen += sizeof(rr);
  }
  (void)sendto(fd, a, alen, 0, (struct sockaddr *)&from, flen);
}

void nf_dns_start(struct nf_dns *d, struct dc_loop *loop)
{
  memset(d, 0, sizeof(*d));
  d->loop = loop;
  d->fd   = nf_listen_on(SOCK_DGRAM, &d->port);
  assert_int_equal(dc_loop_watch(loop, d->fd, DC_IO_READ, nf_dns_io, d), DC_OK);
}

void nf_dns_stop(struct nf_dns *d)
{
  (void)dc_loop_watch(d->loop, d->fd, 0, NULL, NULL);
  (void)close(d->fd);
}
