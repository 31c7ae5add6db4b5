/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/epp.h - EPP domain status names (RFC 5731, RFC 3915, RFC 8056)
 */
#pragma once

#include "common.h"

/* The canonical camelCase EPP name for a status as a registry printed it:
 * "CLIENT-XFER-PROHIBITED", "client transfer prohibited" (RDAP, RFC 8056),
 * "clientTransferProhibited https://icann.org/epp#...", "ACTIVE", "ok (paid
 * and in zone)", .nz "200 Active", Nominet "Registered until expiry date."
 * and the like; the legacy Afilias/.ME "TRANSFER PROHIBITED" is the
 * registry's lock. Words with no EPP equivalent ("locked",
 * "registrar-lock", "AVAILABLE") give NULL. One status per call: split
 * lists ("a,b,c") first. The result is a static string. */
const char *dc_epp_normalize(const char *printed);
