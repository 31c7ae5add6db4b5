/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/checks.h - the rules engine
 */
#pragma once

#include "common.h"
#include "record.h"
#include "result.h"

struct dc_ctx;
struct dc_request;

/* dc_suffix_fn for dc_domain_parse: the .cn second-level suffixes of
 * tld-list (ud: the tldlist). */
bool dc_checks_suffix_cb(void *ud, const char *suffix);

/* Does the request's filing type verify this domain at all (rules.md
 * section 2)? dom must be a parsed, valid domain. */
struct dc_domain;
bool dc_checks_verified(const struct dc_ctx *ctx, const struct dc_request *req,
                        const struct dc_domain *dom);

/* Run every check for req against rec (the merged registration record;
 * NULL when there is none; res->dom already parsed) and set res's checks,
 * verdict, province, filing type, evaluation time. DC_EINVAL when req names a
 * province no bureau has. */
dc_status_t dc_checks_evaluate(const struct dc_ctx     *ctx,
                               const struct dc_request *req,
                               const struct dc_record  *rec,
                               struct dc_result        *res);

/* What the DNS lookups of one domain found (lookup.c fills it). */
struct dc_dns_summary {
  bool              ran;       /* DNS was asked */
  bool              answered;  /* some server answered something */
  char             *error;     /* why not, when !answered */
  bool              nxdomain;  /* the name does not exist */
  bool              delegated; /* NS records at the parent or the child */
  struct dc_strlist ns;
  bool              has_a;
  bool              has_aaaa;
  bool              www;         /* www.<domain> has an address */
  int               signed_zone; /* -1 unknown, 0 no DS, 1 DS at parent */
};
void dc_dns_summary_clear(struct dc_dns_summary *s);

/* Build the result of a request from the records learned (registry
 * first, then registrar replies; origins parallel), a lookup failure
 * (why there is no usable record; NULL when none) and the DNS summary
 * (NULL: DNS was not looked up). res->dom must be parsed. */
dc_status_t dc_verify_build(const struct dc_ctx     *ctx,
                            const struct dc_request *req, struct dc_result *res,
                            const struct dc_record *recs,
                            const enum dc_origin *origins, size_t n,
                            const char                  *failure,
                            const struct dc_dns_summary *dns);

/* The `dns` check from the summary; NULL: skipped (judged from replies in
 * hand, no lookup made). */
dc_status_t dc_checks_dns(const struct dc_ctx         *ctx,
                          const struct dc_request     *req,
                          const struct dc_dns_summary *dns,
                          struct dc_result            *res);

/* Merge the registry's and the registrar's records: the registry's value
 * wins, the registrar's fills what the registry does not show; the names
 * of fields where both show different values go to disagreements. */
dc_status_t dc_record_merge(struct dc_record       *out,
                            const struct dc_record *registry,
                            const struct dc_record *registrar,
                            struct dc_strlist      *disagreements);
