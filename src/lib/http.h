/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/http.h - HTTP GET on the event loop (libcurl multi-socket)
 *
 *  The only module that includes <curl/curl.h>. Host names are resolved
 *  through dns.h (c-ares) and handed to curl (CURLOPT_RESOLVE), so no
 *  resolver thread or blocking lookup is involved; --connect-to rules
 *  apply (CURLOPT_CONNECT_TO semantics). Every request's callback fires
 *  exactly once.
 */
#pragma once

#include "common.h"
#include "dns.h"
#include "loop.h"
#include "netopts.h"

struct dc_http;
struct dc_http_req;

struct dc_http_resp {
  dc_status_t st;     /* DC_OK: a response (any status) arrived;
                         DC_ETIMEOUT, DC_ENETWORK, DC_ETOOBIG,
                         DC_ECANCELLED, DC_EIO, DC_ENOMEM; DC_EINVAL:
                         refused by policy (private address without
                         allow_private or a --connect-to rule, or a
                         redirect to a non-http(s) URL) */
  long        status; /* HTTP status code */
  const char *body;   /* borrowed for the callback; NUL-terminated,
                         never NULL; when st != DC_OK what came
                         (DC_ETOOBIG: cut at max_bytes) */
  size_t      len;
  int64_t     retry_after;  /* seconds from Retry-After, -1 none */
  const char *content_type; /* may be NULL */
  const char *error;        /* human detail when st != DC_OK, else NULL */
};

typedef void (*dc_http_cb)(void *ud, const struct dc_http_resp *r);

/* opts is borrowed for the lifetime of the object (NULL: no rules, no
 * private addresses); dns likewise (NULL: only IP literals and
 * --connect-to rules naming one). Destroy before the loop and dns. */
dc_status_t dc_http_create(struct dc_http **out, struct dc_loop *loop,
                           struct dc_dns *dns, const struct dc_netopts *opts);
void        dc_http_destroy(struct dc_http *h); /* pending: ECANCELLED */

/* GET url (http or https only) with Accept: application/rdap+json, the
 * whole request within timeout_ms (resolving included), body capped at
 * max_bytes (0: DC_MAX_EVIDENCE). Redirects are followed (at most 3,
 * http/https only), each hop resolved through dns and checked again.
 * DC_OK: the callback fires exactly once, always from the loop (never
 * inside this call), with DC_ECANCELLED on cancel or destroy; *req
 * (optional) stays valid until the callback starts. Any other return:
 * nothing started, no callback (DC_EINVAL: bad argument or URL,
 * DC_ECANCELLED: dc_http_destroy() is under way). The callback may call
 * dc_http_get, dc_http_cancel and dc_http_destroy. */
dc_status_t dc_http_get(struct dc_http *h, const char *url, int timeout_ms,
                        size_t max_bytes, dc_http_cb cb, void *ud,
                        struct dc_http_req **req);
/* The callback fires with DC_ECANCELLED before this returns; req must be
 * pending (its callback not yet started). */
void dc_http_cancel(struct dc_http *h, struct dc_http_req *req);
