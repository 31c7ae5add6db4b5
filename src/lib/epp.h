/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/epp.h - EPP domain status names (RFC 5731, RFC 3915, RFC 8056)
 */
#pragma once

#include "common.h"

/* The canonical camelCase EPP name for a status as a registry printed it:
 * "CLIENT-XFER-PROHIBITED", "client transfer prohibited" (RDAP, RFC 8056),
 * "clientTransferProhibited https://icann.org/epp#...", "ACTIVE", "ok (paid
 * and in zone)" and the like. Words with no EPP equivalent ("locked",
 * "registrar-lock") give NULL. The result is a static string. */
const char *dc_epp_normalize(const char *printed);
