/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/evidence.h - the evidence folder: --record writes it, --replay
 *  answers every lookup from it with no network
 *
 *  Layout, one folder per domain (its A-label):
 *    DIR/<domain>/manifest.json   what was asked, when, of whom, status
 *    DIR/<domain>/NN-<kind>-<server>.<ext>   each raw reply, byte for byte
 *                                  (.txt WHOIS, .json RDAP, .dns wire)
 *    DIR/<domain>/result.json     the verdict judged from it
 *  A portal keeps the folder as the audit trail of its verdict.
 */
#pragma once

#include "common.h"
#include "lookup.h"

struct dc_result;
struct dc_replay;

/* Write the lookup's exchanges and the result under dir/<domain>/,
 * replacing an earlier recording of that domain. */
dc_status_t dc_evidence_save(const char *dir, const struct dc_lookup *lk,
                             const struct dc_result *res);

/* Open the recording of a domain (A-label). DC_ENOENT when there is none:
 * every lookup then answers "not in the recorded evidence". */
dc_status_t dc_replay_open(struct dc_replay **out, const char *dir,
                           const char *domain);
void        dc_replay_close(struct dc_replay *rp);
/* DC_LOOKUP_* kinds the recording holds answers of: a replay asks only
 * those, so it takes the recorded path whatever the current settings. */
unsigned dc_replay_kinds(const struct dc_replay *rp);
/* When the recorded lookups started (wall clock, s), and the instant the
 * recorded verdict was judged at (its --as-of, else the start). */
int64_t dc_replay_started(const struct dc_replay *rp);
int64_t dc_replay_evaluated_at(const struct dc_replay *rp);
/* The recorded answer to this request (first unused one that matches
 * kind, target, query and type); resp->data is borrowed from rp. */
void dc_replay_answer(struct dc_replay *rp, const struct dc_io_request *req,
                      struct dc_io_response *resp);
