/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  tests/unit/netfake.h - loopback helpers of the transport tests
 */
#pragma once

#include "testutil.h"

#include "loop.h"

uint64_t nf_mono_ms(void);
void     nf_set_nonblock(int fd);
/* A socket of `type` bound to 127.0.0.1 on a free port (listening for
 * SOCK_STREAM), non-blocking; *port receives the port. */
int nf_listen_on(int type, int *port);
/* A port nothing listens on (bound, then closed). */
int nf_closed_port(void);

/* A DNS server on 127.0.0.1 serviced from the loop: rdap.test and
 * whois.test answer A 127.0.0.1, silent.test is never answered, other
 * names are NXDOMAIN. */
struct nf_dns {
  struct dc_loop *loop;
  int             fd;
  int             port;
  int             queries;
};

void nf_dns_start(struct nf_dns *d, struct dc_loop *loop);
void nf_dns_stop(struct nf_dns *d);
