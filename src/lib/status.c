/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/status.c - status texts and the names of the public enums
 */
#include "common.h"

#include <string.h>

const char *dc_version(unsigned *num)
{
#define DC_STR2(x) #x
#define DC_STR(x)  DC_STR2(x)
  if (num != NULL) {
    *num = DC_VERSION_NUM;
  }
  return DC_STR(DC_VERSION_MAJOR) "." DC_STR(DC_VERSION_MINOR) "." DC_STR(
      DC_VERSION_PATCH);
#undef DC_STR
#undef DC_STR2
}

const char *dc_strerror(dc_status_t status)
{
  switch (status) {
#define XX(name, num, text)                                                    \
  case DC_##name:                                                              \
    return text;
    DC_STATUS_MAP(XX)
#undef XX
    case DC_STATUS_COUNT_:
      break;
  }
  return "unknown status";
}

const char *dc_status_name(dc_status_t status)
{
  switch (status) {
#define XX(name, num, text)                                                    \
  case DC_##name:                                                              \
    return #name;
    DC_STATUS_MAP(XX)
#undef XX
    case DC_STATUS_COUNT_:
      break;
  }
  return "UNKNOWN";
}

const char *dc_verdict_name(dc_verdict_t v)
{
  static const char *const names[] = {"eligible", "ineligible", "indeterminate",
                                      "not-required"};
  return (unsigned)v < DC_ARRAY_LEN(names) ? names[v] : NULL;
}

const char *dc_outcome_name(dc_outcome_t o)
{
  static const char *const names[] = {"pass", "fail", "warn", "unknown",
                                      "skipped"};
  return (unsigned)o < DC_ARRAY_LEN(names) ? names[o] : NULL;
}

static const char *const filing_names[] = {
    "first",          "new-site",    "change",        "access",
    "cancel-subject", "cancel-site", "cancel-access",
};

const char *dc_filing_type_name(dc_filing_type_t t)
{
  return (unsigned)t < DC_ARRAY_LEN(filing_names) ? filing_names[t] : NULL;
}

dc_status_t dc_filing_type_parse(dc_filing_type_t *out, const char *name)
{
  /* Canonical names first, then the words providers' portals use. */
  static const struct {
    const char      *name;
    dc_filing_type_t type;
  } aliases[] = {
      {"first-filing", DC_FILING_FIRST},
      {"首次备案", DC_FILING_FIRST},
      {"new-website", DC_FILING_NEW_SITE},
      {"新增网站", DC_FILING_NEW_SITE},
      {"新增网站备案", DC_FILING_NEW_SITE},
      {"变更备案", DC_FILING_CHANGE},
      {"接入备案", DC_FILING_ACCESS},
      {"新增接入", DC_FILING_ACCESS},
      {"注销主体", DC_FILING_CANCEL_SUBJECT},
      {"注销网站", DC_FILING_CANCEL_SITE},
      {"取消接入", DC_FILING_CANCEL_ACCESS},
  };
  size_t i;
  if (out == NULL || name == NULL) {
    return DC_EINVAL;
  }
  for (i = 0; i < DC_ARRAY_LEN(filing_names); i++) {
    if (strcmp(name, filing_names[i]) == 0) {
      *out = (dc_filing_type_t)i;
      return DC_OK;
    }
  }
  for (i = 0; i < DC_ARRAY_LEN(aliases); i++) {
    if (strcmp(name, aliases[i].name) == 0) {
      *out = aliases[i].type;
      return DC_OK;
    }
  }
  return DC_EINVAL;
}
