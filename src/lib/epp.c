/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/epp.c - EPP domain status names (RFC 5731, RFC 3915, RFC 8056)
 *
 *  A printed status is reduced to lower-case letters and digits ("CLIENT-
 *  XFER-PROHIBITED", "client transfer prohibited", "clientTransfer-
 *  Prohibited https://icann.org/epp#..." all become
 *  "clienttransferprohibited") and compared with the canonical names.
 */
#include "epp.h"

#include <stdio.h>
#include <string.h>

#define EPP_BUF 64

/* Canonical names. */
static const char *const canonical[] = {
    /* RFC 5731 section 2.3 */
    "ok", "inactive", "clientDeleteProhibited", "clientHold",
    "clientRenewProhibited", "clientTransferProhibited",
    "clientUpdateProhibited", "serverDeleteProhibited", "serverHold",
    "serverRenewProhibited", "serverTransferProhibited",
    "serverUpdateProhibited", "pendingCreate", "pendingDelete", "pendingRenew",
    "pendingTransfer", "pendingUpdate",
    /* RFC 3915 section 3.1 (grace periods, redemption) */
    "addPeriod", "autoRenewPeriod", "renewPeriod", "transferPeriod",
    "redemptionPeriod", "pendingRestore"};

/* Registries' own words for a live domain (corpus README: Status): .fr
 * ACTIVE, .fi Granted, .br published, .ve ACTIVO, .ru REGISTERED /
 * DELEGATED, .jp Connected, Nominet "Registered until expiry date.". */
static const char *const ok_words[] = {"active",
                                       "activo",
                                       "ativo",
                                       "actif",
                                       "connect",
                                       "connected",
                                       "published",
                                       "granted",
                                       "registered",
                                       "delegated",
                                       "registereddelegated",
                                       "okpaidandinzone",
                                       "paidandinzone",
                                       "registereduntilexpirydate",
                                       "registereduntilrenewaldate"};

/* Legacy Afilias/.ME forms without a prefix are the registry's locks. */
static const struct {
  const char *word;
  const char *name;
} server_words[] = {
    {"transferprohibited", "serverTransferProhibited"},
    {"deleteprohibited", "serverDeleteProhibited"},
    {"updateprohibited", "serverUpdateProhibited"},
    {"renewprohibited", "serverRenewProhibited"},
};

/* Lower-case letters and digits of in, "xfer" read as "transfer". */
static void squeeze(const char *in, size_t n, char *out, size_t outlen)
{
  size_t j = 0;
  size_t i;
  for (i = 0; i < n && j + 1 < outlen; i++) {
    char c = in[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c + 32);
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      continue;
    }
    out[j++] = c;
  }
  out[j] = '\0';
  {
    const char *x = strstr(out, "xfer");
    if (x != NULL) {
      char   tmp[EPP_BUF];
      size_t head = (size_t)(x - out);
      int    w =
          snprintf(tmp, sizeof(tmp), "%.*stransfer%s", (int)head, out, x + 4);
      if (w > 0 && (size_t)w < outlen && (size_t)w < sizeof(tmp)) {
        memcpy(out, tmp, (size_t)w + 1);
      }
    }
  }
}

static bool lower_eq(const char *squeezed, const char *canon)
{
  size_t i;
  for (i = 0; squeezed[i] != '\0' && canon[i] != '\0'; i++) {
    char c = canon[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c + 32);
    }
    if (squeezed[i] != c) {
      return false;
    }
  }
  return squeezed[i] == '\0' && canon[i] == '\0';
}

const char *dc_epp_normalize(const char *printed)
{
  char        buf[EPP_BUF];
  const char *p;
  size_t      n;
  size_t      i;

  if (printed == NULL) {
    return NULL;
  }
  p = printed;
  while (*p == ' ' || *p == '\t') {
    p++;
  }
  /* A numeric result code before the word: .nz "200 Active". */
  if (p[0] >= '0' && p[0] <= '9') {
    const char *q = p;
    while (*q >= '0' && *q <= '9') {
      q++;
    }
    if (*q == ' ' || *q == '\t') {
      p = q;
    }
  }
  /* Drop a URL after the code ("... https://icann.org/epp#ok"). */
  for (n = 0; p[n] != '\0'; n++) {
    if (strncmp(p + n, "http://", 7) == 0 ||
        strncmp(p + n, "https://", 8) == 0) {
      break;
    }
  }
  if (n >= (size_t)2 * EPP_BUF) {
    return NULL;
  }
  squeeze(p, n, buf, sizeof(buf));
  if (buf[0] == '\0') {
    return NULL;
  }
  for (i = 0; i < DC_ARRAY_LEN(canonical); i++) {
    if (lower_eq(buf, canonical[i])) {
      return canonical[i];
    }
  }
  for (i = 0; i < DC_ARRAY_LEN(ok_words); i++) {
    if (strcmp(buf, ok_words[i]) == 0) {
      return "ok";
    }
  }
  for (i = 0; i < DC_ARRAY_LEN(server_words); i++) {
    if (strcmp(buf, server_words[i].word) == 0) {
      return server_words[i].name;
    }
  }
  /* RDAP (RFC 8056) "redemption period", "pending delete": covered above;
   * "client hold"/"server hold" too. Anything else has no EPP name
   * ("registrar-lock", "server recover prohibited", "Locked"). */
  return NULL;
}
