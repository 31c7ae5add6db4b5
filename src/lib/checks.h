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

/* Run every check for req against rec (the merged registration record;
 * NULL when there is none; res->dom already parsed) and set res's checks, verdict, province,
 * filing type, evaluation time. DC_EINVAL when req names a province no
 * bureau has. */
dc_status_t dc_checks_evaluate(const struct dc_ctx *ctx,
                               const struct dc_request *req,
                               const struct dc_record *rec,
                               struct dc_result *res);

/* Merge the registry's and the registrar's records: the registry's value
 * wins, the registrar's fills what the registry does not show; the names
 * of fields where both show different values go to disagreements. */
dc_status_t dc_record_merge(struct dc_record *out,
                            const struct dc_record *registry,
                            const struct dc_record *registrar,
                            struct dc_strlist *disagreements);
