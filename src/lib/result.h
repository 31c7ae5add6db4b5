/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/result.h - the result of one domain: checks, verdict, record
 */
#pragma once

#include "common.h"
#include "domain.h"
#include "record.h"

/* The checks, in evaluation and output order. */
enum dc_check_id {
  DC_CHK_DOMAIN_SYNTAX,
  DC_CHK_TLD_APPROVED,
  DC_CHK_REGISTERED,
  DC_CHK_REGISTRAR_APPROVED,
  DC_CHK_UNEXPIRED,
  DC_CHK_DOMAIN_STATUS,
  DC_CHK_REGISTRANT_MATCH,
  DC_CHK_REAL_NAME,
  DC_CHK_SUBJECT_VALID,
  DC_CHK_DNS,
  DC_CHK_COUNT_
};

const char *dc_check_id_name(enum dc_check_id id); /* "tld-approved" */

struct dc_check_result {
  bool         present; /* false: not part of this result (e.g. dns) */
  dc_outcome_t outcome;
  const char  *code; /* static */
  char        *message[DC_LANG_COUNT_];
  char        *fix[DC_LANG_COUNT_]; /* NULL when nothing to fix */
};

/* One source that answered, for the evidence trail. */
struct dc_result_source {
  dc_source_t    source;
  char          *server;
  enum dc_answer answer;
  enum dc_origin origin;
  char          *error; /* the source was asked and failed: why */
};

struct dc_result {
  char                   *input;
  struct dc_domain        dom;
  dc_verdict_t            verdict;
  dc_filing_type_t        filing_type;
  const char             *province; /* canonical zh name (static data) */
  char                   *province_code;
  int64_t                 evaluated_at;
  struct dc_check_result  checks[DC_CHK_COUNT_];
  bool                    has_record;
  struct dc_record        record; /* merged: registry first, registrar fills */
  struct dc_result_source sources[8];
  size_t                  nsources;
  struct dc_strlist       disagreements; /* fields registry/registrar differ */
  char                   *field_buf;     /* dc_result_field's last answer */
};

dc_status_t dc_result_new(struct dc_result **out, const char *input);
/* Set a check's outcome and texts (copied). */
dc_status_t dc_result_set(struct dc_result *r, enum dc_check_id id,
                          dc_outcome_t outcome, const char *code,
                          const char *msg_zh, const char *msg_en,
                          const char *fix_zh, const char *fix_en);
/* Add a source that was asked and gave no usable answer. */
dc_status_t dc_result_add_failed_source(struct dc_result *r, dc_source_t src,
                                        const char    *server,
                                        enum dc_origin origin,
                                        const char    *error);

/* Verdict from the checks (not-required is the engine's decision). */
dc_verdict_t dc_result_compute_verdict(const struct dc_result *r);
