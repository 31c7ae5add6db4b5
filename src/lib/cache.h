/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/cache.h - WHOIS and RDAP answers kept in SQLite
 *
 *  A rerun or a resumed batch asks the servers only for what the cache
 *  lacks or holds too old. Keys are what was asked (kind, server or URL,
 *  query); values the raw answer and when it came. No subject data (names,
 *  ID numbers) is ever stored: only what the registries published. The
 *  database runs in WAL mode so several processes can share it.
 */
#pragma once

#include "common.h"
#include "lookup.h"

struct dc_cache;

/* Open (and create) the database at path, with its folder. */
dc_status_t dc_cache_open(struct dc_cache **out, const char *path);
void        dc_cache_close(struct dc_cache *c);

/* The answer to req fetched at most max_age seconds before now.
 * DC_ENOTFOUND on a miss; resp->data is owned by the cache until the next
 * call. *fetched receives when it was fetched. */
dc_status_t dc_cache_get(struct dc_cache *c, const struct dc_io_request *req,
                         int64_t now, int64_t max_age,
                         struct dc_io_response *resp, int64_t *fetched);
/* Keep an answer (replacing an older one). Errors are not fatal to the
 * caller: the next run simply asks again. */
dc_status_t dc_cache_put(struct dc_cache *c, const struct dc_io_request *req,
                         const struct dc_io_response *resp, int64_t now);

/* The default location: $XDG_CACHE_HOME/domcheck/lookups.sqlite, else
 * $HOME/.cache/domcheck/lookups.sqlite. Owned; NULL when neither is set. */
char *dc_cache_default_path(void);
