/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/msg.h - findings and their bilingual texts
 *
 *  A check collects findings (outcome, stable code, arguments); the texts
 *  live in one table in msg.c, keyed by code, in Chinese and English, with
 *  {name} placeholders. The check's outcome is its worst finding's.
 */
#pragma once

#include "common.h"
#include "result.h"

#define DC_MSG_MAX_ARGS     10
#define DC_MSG_MAX_FINDINGS 8

struct dc_msg_arg {
  const char *key;
  char       *val[DC_LANG_COUNT_]; /* owned */
};

struct dc_finding {
  dc_outcome_t      outcome;
  const char       *code;
  struct dc_msg_arg args[DC_MSG_MAX_ARGS];
  size_t            nargs;
};

struct dc_findings {
  struct dc_finding f[DC_MSG_MAX_FINDINGS];
  size_t            n;
  dc_status_t       st; /* sticky ENOMEM */
};

void dc_findings_init(struct dc_findings *fs);
void dc_findings_clear(struct dc_findings *fs);
/* Add a finding; returns it (NULL when full or out of memory) so that
 * arguments can be attached. */
struct dc_finding *dc_finding_add(struct dc_findings *fs, dc_outcome_t o,
                                  const char *code);
/* Same value in both languages / per language. Values are copied. */
void dc_finding_arg(struct dc_findings *fs, struct dc_finding *f,
                    const char *key, const char *val);
void dc_finding_arg2(struct dc_findings *fs, struct dc_finding *f,
                     const char *key, const char *zh, const char *en);
void dc_finding_argi(struct dc_findings *fs, struct dc_finding *f,
                     const char *key, int64_t v);

/* Render the findings into the result's check: outcome of the worst,
 * its code, the texts of all findings worse than pass (or of the passes
 * when all pass), fixes of those that have one. */
dc_status_t dc_findings_commit(struct dc_findings *fs, struct dc_result *r,
                               enum dc_check_id id);

/* True when msg.c has texts for this code (tests walk every code). */
bool        dc_msg_known(const char *code);
size_t      dc_msg_count(void);
const char *dc_msg_code_at(size_t i);
