/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/tldlist.h - the rule data of tld-list/, loaded and indexed
 *
 *  Every file is in the table format of table.h and documented in
 *  tld-list/README.md. The built-in copy is compiled in (embed.cmake); a
 *  provider's edited folder replaces it file by file at run time. Matching
 *  rule, stated once: the longest suffix wins.
 */
#pragma once

#include "common.h"

/* Files compiled in by tools/cmake/embed.cmake. */
struct dc_embedded_file {
  const char *name;
  const char *data;
  size_t      len;
};
extern const struct dc_embedded_file dc_embedded_files[];

/* How sure a row is (tld-list/README.md). */
enum dc_confidence { DC_CONF_HIGH, DC_CONF_MEDIUM, DC_CONF_LOW };

/* ---- tlds.txt ------------------------------------------------------------ */
enum dc_tld_status {
  DC_TLD_APPROVED,  /* on MIIT's list */
  DC_TLD_UNCERTAIN, /* a source says approved, the national list does not */
  DC_TLD_REFUSED    /* known not fileable */
};

/* Who may hold a domain under a suffix (cn-second-level.txt). */
enum dc_holder {
  DC_HOLDER_ANY,
  DC_HOLDER_STATE /* state bodies only: gov.cn, mil.cn, 政务.cn */
};

struct dc_tld {
  char              *suffix;  /* A-label, no dots for a TLD: "xn--fiqs8s" */
  char              *unicode; /* "中国", or same as suffix */
  enum dc_tld_status status;
  enum dc_holder     holder;
  enum dc_confidence conf;
  char              *registry;
  char              *sources;
  char              *note;
  bool               second_level; /* row of cn-second-level.txt */
};

/* ---- registrars.txt + iana-registrars.txt ----------------------------------
 */
enum dc_miit {
  DC_MIIT_CONFIRMED, /* MIIT licence seen */
  DC_MIIT_LIKELY,    /* Chinese-registrar evidence, licence not seen */
  DC_MIIT_UNVERIFIED /* ICANN-accredited, mainland-looking name only */
};

struct dc_registrar {
  int64_t           iana_id; /* -1: CNNIC-only registrar */
  enum dc_miit      miit;
  char             *name_zh;
  char             *name_en;
  char             *whois;
  char             *rdap;
  char             *sources;
  struct dc_strlist keys; /* normalized names and aliases for matching */
};

struct dc_iana_registrar {
  int64_t id;
  char   *name;
  char   *status; /* Accredited, Terminated, Reserved */
  char   *rdap;
};

/* ---- whois-servers.txt ----------------------------------------------------
 */
enum dc_whois_kind {
  DC_WHOIS_THICK, /* the registry answers with the full record */
  DC_WHOIS_THIN,  /* registry answer refers to the registrar (Verisign) */
  DC_WHOIS_NONE,  /* no port-43 service: RDAP only */
  DC_WHOIS_WEB    /* only a web form */
};

struct dc_whois_server {
  char              *suffix; /* A-label, no leading dot */
  enum dc_whois_kind kind;
  char              *host; /* host[:port] or URL for WEB; NULL for NONE */
};

/* ---- servers.txt: per-server conventions and politeness ---------------------
 */
struct dc_server_props {
  char              *server;
  char              *zone;     /* zone of zone-less times, NULL unknown */
  char              *charset;  /* reply encoding when not UTF-8, NULL */
  int                max_conn; /* concurrent connections, 0 default */
  int                per_min;  /* queries per minute, 0 default */
  enum dc_confidence conf;
  char              *sources;
};

/* ---- rdap-dns.json (IANA bootstrap, RFC 9224) -------------------------------
 */
struct dc_rdap_service {
  char  *tld;  /* A-label */
  char **urls; /* base URLs, https first */
  size_t nurls;
};

struct dc_tldlist;

dc_status_t dc_tldlist_create(struct dc_tldlist **out, dc_diag_t *diag);
void        dc_tldlist_destroy(struct dc_tldlist *tl);
/* Replace the files present in dir (others keep their current content). */
dc_status_t dc_tldlist_load_dir(struct dc_tldlist *tl, const char *dir,
                                dc_diag_t *diag);
/* Replace one file's content from a file at path. */
dc_status_t dc_tldlist_load_file(struct dc_tldlist *tl, const char *name,
                                 const char *path, dc_diag_t *diag);
/* Replace one file's content (name as in tld-list/, e.g. "tlds.txt"). */
dc_status_t dc_tldlist_load_text(struct dc_tldlist *tl, const char *name,
                                 const char *text, size_t len, dc_diag_t *diag);

/* Lookups: borrowed results, NULL when absent. */
const struct dc_tld *dc_tldlist_tld(const struct dc_tldlist *tl,
                                    const char              *suffix);
/* Longest suffix of the A-label domain that tlds.txt/cn-second-level.txt
 * know ("com.cn" for "a.b.com.cn"). */
const struct dc_tld *dc_tldlist_longest_suffix(const struct dc_tldlist *tl,
                                               const char              *domain);
const struct dc_registrar *
dc_tldlist_registrar_by_id(const struct dc_tldlist *tl, int64_t iana_id);
const struct dc_registrar *
dc_tldlist_registrar_by_name(const struct dc_tldlist *tl, const char *name);
const struct dc_iana_registrar *dc_tldlist_iana(const struct dc_tldlist *tl,
                                                int64_t                  id);
/* For dc_parse_hints.iana_name: ud is the tldlist. */
const char *dc_tldlist_iana_name_cb(void *ud, int64_t id);
const struct dc_whois_server *
dc_tldlist_whois_server(const struct dc_tldlist *tl, const char *domain);
const struct dc_server_props *
dc_tldlist_server_props(const struct dc_tldlist *tl, const char *server);
const struct dc_rdap_service *dc_tldlist_rdap(const struct dc_tldlist *tl,
                                              const char              *tld);
