/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/driver.h - runs lookups over the event loop or a recording
 */
#pragma once

#include "common.h"

struct dc_ctx;

/* Cancel every pending query (callbacks with DC_ECANCELLED) and free the
 * loop and transports. Safe when nothing was started. */
void dc_driver_destroy(struct dc_ctx *ctx);
