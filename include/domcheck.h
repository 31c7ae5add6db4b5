/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  include/domcheck.h - public API of libdomcheck
 */
#ifndef DOMCHECK_H
#define DOMCHECK_H

/** \file
 * libdomcheck tells, before an ICP filing (ICP备案) is submitted, whether a
 * domain can be used for it: approved TLD, approved registrar, registered
 * and unexpired, registrant equal to the filing subject, and the provincial
 * bureau's own rules.
 *
 * A tour:
 *
 *     dc_ctx_t     *ctx = NULL;
 *     dc_subject_t *subj = NULL;
 *     dc_request_t *req = NULL;
 *     dc_result_t  *res = NULL;
 *     dc_diag_t     diag;
 *
 *     dc_ctx_create(&ctx);                       // loads the built-in rules
 *     dc_subject_load(&subj, "id.json", &diag);  // the filing subject
 *     dc_request_create(&req, "www.例子.中国");   // any form: URL, U-label…
 *     dc_request_set_subject(req, subj);         // copied
 *     dc_request_set_province(req, "河南");
 *     dc_request_add_evidence(req, DC_SOURCE_WHOIS, "whois.cnnic.cn",
 *                             text, len);        // a WHOIS reply in hand
 *     dc_check(ctx, req, &res);                  // judge from evidence
 *     if (dc_result_verdict(res) == DC_VERDICT_ELIGIBLE) { ... }
 *     dc_result_to_json(res, 0, &json);  ...  dc_free(json);
 *     dc_result_destroy(res); dc_request_destroy(req);
 *     dc_subject_destroy(subj); dc_ctx_destroy(ctx);
 *
 * Ownership, everywhere in this header: a function named *_create, *_load,
 * *_dup or taking `T **out` gives the caller an owned object that the caller
 * releases with the matching *_destroy (every destroy accepts NULL); a char
 * ** out string is released with dc_free(). Functions returning `const`
 * pointers lend them: they stay valid until their owner is changed or
 * destroyed. Pointer arguments are borrowed for the duration of the call
 * unless their documentation says they are kept or transferred.
 *
 * The library never prints, never exits and never aborts on input; it
 * reports failures to run as dc_status_t and findings as check results.
 * Personal ID numbers never leave the library unmasked.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#  define DC_EXTERN    __attribute__((visibility("default")))
#  define DC_MUSTCHECK __attribute__((warn_unused_result))
#else
#  define DC_EXTERN
#  define DC_MUSTCHECK
#endif

/* ---- version ----------------------------------------------------------- */
#define DC_VERSION_MAJOR 0
#define DC_VERSION_MINOR 1
#define DC_VERSION_PATCH 0
#define DC_VERSION_NUM                                                         \
  ((DC_VERSION_MAJOR << 16) | (DC_VERSION_MINOR << 8) | DC_VERSION_PATCH)

/** Library version as "MAJOR.MINOR.PATCH"; *num (if not NULL) receives the
 *  DC_VERSION_NUM the library was built with. */
DC_EXTERN const char *dc_version(unsigned *num);

/* ---- status: did the operation run ------------------------------------ */
/** One list of status codes; numbers are stable and append-only. */
#define DC_STATUS_MAP(XX)                                                      \
  XX(OK, 0, "success")                                                         \
  XX(EINVAL, 1, "invalid argument")                                            \
  XX(ENOMEM, 2, "out of memory")                                               \
  XX(ENOENT, 3, "file not found")                                              \
  XX(EIO, 4, "input/output error")                                             \
  XX(EFORMAT, 5, "malformed data")                                             \
  XX(ETOOBIG, 6, "data too large")                                             \
  XX(ETIMEOUT, 7, "operation timed out")                                       \
  XX(ECANCELLED, 8, "operation cancelled")                                     \
  XX(ENOTFOUND, 9, "not found")                                                \
  XX(ENETWORK, 10, "network is unreachable")                                   \
  XX(ERATELIMIT, 11, "rate limited by the server")                             \
  XX(EINTERNAL, 12, "internal error")

typedef enum {
#define XX(name, num, text) DC_##name = num,
  DC_STATUS_MAP(XX)
#undef XX
      DC_STATUS_COUNT_ /* never use: not part of the API */
} dc_status_t;

/** English text of a status; never NULL. */
DC_EXTERN const char *dc_strerror(dc_status_t status);
/** Symbolic name of a status ("EINVAL"); never NULL. */
DC_EXTERN const char *dc_status_name(dc_status_t status);

/* ---- enumerations ------------------------------------------------------- */
/** The answer for one domain. */
typedef enum {
  DC_VERDICT_ELIGIBLE      = 0, /**< no check failed, none unknown */
  DC_VERDICT_INELIGIBLE    = 1, /**< at least one check failed */
  DC_VERDICT_INDETERMINATE = 2, /**< nothing failed, something unknown */
  DC_VERDICT_NOT_REQUIRED  = 3, /**< the filing type does not verify it */
  DC_VERDICT_COUNT_             /* never use */
} dc_verdict_t;

/** The outcome of one check. */
typedef enum {
  DC_OUTCOME_PASS    = 0,
  DC_OUTCOME_FAIL    = 1,
  DC_OUTCOME_WARN    = 2,
  DC_OUTCOME_UNKNOWN = 3,
  DC_OUTCOME_SKIPPED = 4,
  DC_OUTCOME_COUNT_ /* never use */
} dc_outcome_t;

/** Filing types (备案类型), rules.md section 2. */
typedef enum {
  DC_FILING_FIRST          = 0, /**< "first": 首次备案 */
  DC_FILING_NEW_SITE       = 1, /**< "new-site": 新增网站 */
  DC_FILING_CHANGE         = 2, /**< "change": 变更备案 */
  DC_FILING_ACCESS         = 3, /**< "access": 接入备案 */
  DC_FILING_CANCEL_SUBJECT = 4, /**< "cancel-subject": 注销主体 */
  DC_FILING_CANCEL_SITE    = 5, /**< "cancel-site": 注销网站 */
  DC_FILING_CANCEL_ACCESS  = 6, /**< "cancel-access": 取消接入 */
  DC_FILING_COUNT_              /* never use */
} dc_filing_type_t;

/** Languages of messages and fixes. */
typedef enum { DC_LANG_ZH = 0, DC_LANG_EN = 1, DC_LANG_COUNT_ } dc_lang_t;

/** Where a piece of registration evidence came from. */
typedef enum {
  DC_SOURCE_WHOIS = 0, /**< WHOIS (port 43) reply text */
  DC_SOURCE_RDAP  = 1, /**< RDAP JSON document */
  DC_SOURCE_COUNT_     /* never use */
} dc_source_t;

/** Canonical names ("eligible", "fail", "first", "zh", "whois"); NULL for a
 *  value out of range. */
DC_EXTERN const char *dc_verdict_name(dc_verdict_t v);
DC_EXTERN const char *dc_outcome_name(dc_outcome_t o);
DC_EXTERN const char *dc_filing_type_name(dc_filing_type_t t);
/** Parse a filing type name (also accepts 首次备案, new-website, …).
 *  \return DC_OK, or DC_EINVAL for an unknown name. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_filing_type_parse(dc_filing_type_t *out,
                                                        const char       *name);

/** Parse a date "YYYY-MM-DD" (00:00 UTC) or an RFC 3339 time
 *  ("2026-03-01T08:00:00+08:00") into seconds since the epoch.
 *  \return DC_OK or DC_EINVAL. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_parse_time(const char *text,
                                                 int64_t    *out);

/* ---- diagnostics for bad input files ------------------------------------ */
/** Where and why an input file was refused. Filled by the loaders below. */
typedef struct {
  char     file[256];    /**< file name as given, or "<string>" */
  unsigned line;         /**< 1-based line of the problem, 0 if none */
  unsigned column;       /**< 1-based column, 0 if none */
  char     message[512]; /**< English, one sentence, no ID numbers */
} dc_diag_t;

/* ---- memory ------------------------------------------------------------- */
/** Replace the allocator for everything the library allocates. Call before
 *  any other function, or not at all. NULL restores malloc/realloc/free. */
DC_EXTERN void dc_set_allocator(void *(*malloc_fn)(size_t),
                                void *(*realloc_fn)(void *, size_t),
                                void (*free_fn)(void *));
/** Release a string or buffer the library handed over (NULL is fine). */
DC_EXTERN void dc_free(void *p);

/* ---- context --------------------------------------------------------------
 */
typedef struct dc_ctx dc_ctx_t;

/** Create a context with the built-in rule data (tld-list/ as compiled in).
 *  \param[out] out owned; dc_ctx_destroy() it. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_create(dc_ctx_t **out);
/** Destroy a context (NULL is fine). */
DC_EXTERN void dc_ctx_destroy(dc_ctx_t *ctx);

/** Replace the rule data by the files in \p dir (a copy of tld-list/, edited
 *  by a provider). Files missing from \p dir keep their built-in content.
 *  \param[out] diag (borrowed, may be NULL) file:line of a refused line.
 *  \return DC_OK, DC_ENOENT (no such dir), DC_EFORMAT (a bad line). */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_load_rules(dc_ctx_t   *ctx,
                                                     const char *dir,
                                                     dc_diag_t  *diag);

/** Override one knob of the policy profile (tld-list/policy.txt), e.g.
 *  ("expiry-warn-days", "30") or ("unverified-registrar", "pass").
 *  \return DC_OK, or DC_EINVAL for an unknown key or a bad value. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_policy(dc_ctx_t   *ctx,
                                                     const char *key,
                                                     const char *value);

/** The canonical (Chinese) name of a province bureau given any name
 *  --province accepts (河南, 河南省, 豫, henan, 41); NULL when none.
 *  The string is borrowed from the context. */
DC_EXTERN const char *dc_ctx_province_name(const dc_ctx_t *ctx,
                                           const char     *name);

/** Diagnostics sink (debug traces). \p msg is borrowed for the call. */
typedef void (*dc_log_cb)(void *userdata, int level, const char *msg);
DC_EXTERN void dc_ctx_set_log_cb(dc_ctx_t *ctx, dc_log_cb cb, void *userdata);

/* ---- subject: who files -------------------------------------------------- */
typedef struct dc_subject dc_subject_t;

/** Parse a subject (JSON, schema in README.md) from memory.
 *  \param[in]  name shown in diagnostics (file name), may be NULL.
 *  \param[out] out owned on DC_OK.
 *  \param[out] diag (may be NULL) line and reason of a refusal.
 *  \return DC_OK, DC_EFORMAT (not JSON, missing field, unknown key, wrong
 *          type), DC_ETOOBIG, DC_ENOMEM. A subject whose ID number is merely
 *          implausible parses fine: the check `subject-valid` judges it. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_subject_parse(dc_subject_t **out,
                                                    const char    *text,
                                                    size_t         len,
                                                    const char    *name,
                                                    dc_diag_t     *diag);
/** As dc_subject_parse(), from a file. \return also DC_ENOENT, DC_EIO. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_subject_load(dc_subject_t **out,
                                                   const char    *path,
                                                   dc_diag_t     *diag);
DC_EXTERN void                     dc_subject_destroy(dc_subject_t *subject);

/* ---- request: what to check --------------------------------------------- */
typedef struct dc_request dc_request_t;

/** A request for one domain, given as the user typed it (U-label, A-label,
 *  URL, full-width, trailing dot…). A malformed name is not an error here:
 *  the check `domain-syntax` reports it.
 *  \param[out] out owned. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_request_create(dc_request_t **out,
                                                     const char    *input);
DC_EXTERN void                     dc_request_destroy(dc_request_t *req);
/** Attach the filing subject (copied; NULL removes it). */
DC_EXTERN DC_MUSTCHECK dc_status_t
dc_request_set_subject(dc_request_t *req, const dc_subject_t *subject);
/** Province of the bureau (管局) the filing goes to: Chinese name (河南,
 *  河南省), pinyin (henan), or the GB/T 2260 code (41). Overrides the
 *  subject's `province`. Resolved by dc_check(), which refuses a name no
 *  bureau has (dc_ctx_province_name() checks one beforehand). */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_request_set_province(dc_request_t *req,
                                                           const char   *name);
/** Filing type; overrides the subject's `filing.type`. */
DC_EXTERN void dc_request_set_filing_type(dc_request_t    *req,
                                          dc_filing_type_t type);
/** Judge expiry and ID validity at this instant (seconds since the epoch,
 *  UTC) instead of now. */
DC_EXTERN void dc_request_set_as_of(dc_request_t *req, int64_t unix_time);
/** Hand over a registry or registrar reply already in hand. Added in order:
 *  the first is taken as the registry's answer, a later one from another
 *  server as the registrar's (the referral target).
 *  \param server (borrowed) host that sent it, e.g. "whois.cnnic.cn"; picks
 *         the registry's conventions (time zone). May be NULL.
 *  \param data (copied) raw bytes as received. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_request_add_evidence(dc_request_t *req,
                                                           dc_source_t   source,
                                                           const char   *server,
                                                           const char   *data,
                                                           size_t        len);

/* ---- result ---------------------------------------------------------------
 */
typedef struct dc_result dc_result_t;

/** Judge the request from the evidence it carries, without any network.
 *  \param[out] out owned result, also when the verdict is not eligible.
 *  \return DC_OK whenever a result was made; DC_ENOMEM, DC_EINVAL. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_check(dc_ctx_t           *ctx,
                                            const dc_request_t *req,
                                            dc_result_t       **out);
DC_EXTERN void                     dc_result_destroy(dc_result_t *res);

DC_EXTERN dc_verdict_t dc_result_verdict(const dc_result_t *res);
/** The input as given, the domain filed (registrable domain, Unicode and
 *  A-label) and its public suffix (TLD or .cn second level); the last three
 *  are "" when the input was not a valid domain name. */
DC_EXTERN const char *dc_result_input(const dc_result_t *res);
DC_EXTERN const char *dc_result_domain(const dc_result_t *res);
DC_EXTERN const char *dc_result_ascii(const dc_result_t *res);
DC_EXTERN const char *dc_result_tld(const dc_result_t *res);

/** Checks in evaluation order; index < dc_result_check_count(). */
DC_EXTERN size_t dc_result_check_count(const dc_result_t *res);
/** Stable check id ("tld-approved"). */
DC_EXTERN const char  *dc_result_check_id(const dc_result_t *res, size_t i);
DC_EXTERN dc_outcome_t dc_result_check_outcome(const dc_result_t *res,
                                               size_t             i);
/** Stable code of the finding ("tld-refused-by-province"). */
DC_EXTERN const char *dc_result_check_code(const dc_result_t *res, size_t i);
/** Why, in \p lang. Never NULL. */
DC_EXTERN const char *dc_result_check_message(const dc_result_t *res, size_t i,
                                              dc_lang_t lang);
/** How to fix it, in \p lang; NULL when there is nothing to fix. */
DC_EXTERN const char *dc_result_check_fix(const dc_result_t *res, size_t i,
                                          dc_lang_t lang);

/** One fact of the registration record as text, for reports and CSV:
 *  "answer", "source", "server", "registrar", "registrar_iana_id",
 *  "created", "expires", "registrar_expires", "registrant",
 *  "registrant_organization", "status" (comma-separated), "name_servers".
 *  NULL when the record does not show it or the name is unknown. The
 *  string is borrowed from the result. */
DC_EXTERN const char *dc_result_field(const dc_result_t *res, const char *name);

/** Flags of dc_result_to_json(). */
#define DC_JSON_PRETTY 0x1u /**< indent (default: one line) */

/** The result as one JSON object (schema in README.md): input, domain,
 *  ascii, tld, verdict, filing_type, province, checks, registration,
 *  evaluated_at. \param[out] out owned, NUL-terminated; dc_free() it. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_result_to_json(const dc_result_t *res,
                                                     unsigned           flags,
                                                     char             **out);

/* ---- live lookups (RDAP, WHOIS, DNS) on one event loop --------------------
 */

/** What a query may ask (dc_ctx_set_lookups). */
#define DC_LOOKUP_RDAP                                                         \
  0x1u /**< RDAP (RFC 9082/9083), registry then registrar */
#define DC_LOOKUP_WHOIS 0x2u /**< WHOIS (RFC 3912) with referral */
#define DC_LOOKUP_DNS   0x4u /**< delegation, addresses, DNSSEC */
#define DC_LOOKUP_ALL   0x7u

/** Deadline of all lookups of one domain (default: policy timeout-ms,
 *  10 s). \return DC_EINVAL outside 100 ms .. 10 min. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_timeout(dc_ctx_t *ctx, int ms);
/** Which lookups queries make (default DC_LOOKUP_ALL). */
DC_EXTERN void dc_ctx_set_lookups(dc_ctx_t *ctx, unsigned mask);
/** Add a DNS server "ADDR", "ADDR:PORT" or "[V6]:PORT" (repeatable);
 *  none: the system's. Takes effect before the first query starts. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_add_resolver(dc_ctx_t   *ctx,
                                                       const char *server);
/** Add a curl-style redirection "HOST:PORT:ADDR:PORT" for WHOIS and RDAP
 *  connections (repeatable; first match wins). \return DC_EINVAL when
 *  malformed. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_add_connect_to(dc_ctx_t   *ctx,
                                                         const char *spec);
/** Use this RDAP bootstrap (RFC 9224 JSON, as IANA publishes it) instead
 *  of the built-in copy. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_rdap_bootstrap(dc_ctx_t   *ctx,
                                                             const char *path,
                                                             dc_diag_t  *diag);
/** Ask this WHOIS server ("HOST" or "HOST:PORT") for domains under suffix
 *  (an A-label suffix such as "cn" or "com.cn"; longest suffix wins). */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_whois_server(dc_ctx_t   *ctx,
                                                           const char *suffix,
                                                           const char *server);
/** Store every raw reply (WHOIS text, RDAP JSON, DNS answers) with server
 *  and time, and the verdict, under dir/<domain>/ (the audit trail). */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_record_dir(dc_ctx_t   *ctx,
                                                         const char *dir);
/** Answer every lookup from a folder written by dc_ctx_set_record_dir(),
 *  with no network; verdicts are judged at the recorded time unless the
 *  request sets one. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_replay_dir(dc_ctx_t   *ctx,
                                                         const char *dir);

/** Keep WHOIS and RDAP answers in this SQLite database (created with its
 *  folder; WAL mode, so several processes may share it); NULL: no cache
 *  (the default). Only what registries publish is stored: no subject
 *  data. Takes effect before the first query starts. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_cache(dc_ctx_t   *ctx,
                                                    const char *path);
/** Use cached answers at most this many seconds old (default 3600). */
DC_EXTERN void dc_ctx_set_cache_max_age(dc_ctx_t *ctx, int64_t seconds);
/** The default cache file: $XDG_CACHE_HOME/domcheck/lookups.sqlite or
 *  ~/.cache/domcheck/lookups.sqlite; NULL when neither can be named.
 *  \param[out] owned, dc_free() it. */
DC_EXTERN char *dc_cache_path_default(void);
/** Politeness towards one server (host name; "*" for every server without
 *  its own limit): at most max_conn connections at once and per_min
 *  queries a minute (0: no limit). Overrides tld-list/servers.txt. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_set_server_limit(dc_ctx_t   *ctx,
                                                           const char *host,
                                                           int         max_conn,
                                                           int         per_min);

/** Counters of what the context asked, for summaries and tests. */
typedef enum {
  DC_COUNTER_WHOIS      = 0, /**< WHOIS exchanges made */
  DC_COUNTER_RDAP       = 1, /**< RDAP requests made */
  DC_COUNTER_DNS        = 2, /**< DNS queries made */
  DC_COUNTER_CACHE_HITS = 3, /**< answers taken from the cache */
  DC_COUNTER_COUNT_          /* never use */
} dc_counter_t;
DC_EXTERN uint64_t dc_ctx_counter(const dc_ctx_t *ctx, dc_counter_t which);

typedef struct dc_query dc_query_t;

/** Called exactly once per started query: with DC_OK and the result
 *  (transferred: dc_result_destroy() it), or with an error (DC_ECANCELLED
 *  after dc_query_cancel() or dc_ctx_destroy(), DC_ENOMEM) and NULL.
 *  Called from dc_ctx_run()/dc_ctx_process(), never from inside
 *  dc_query_start(). */
typedef void (*dc_query_cb)(void *userdata, dc_status_t status,
                            dc_result_t *result);

/** Start looking a request up (copied; the caller may destroy it). The
 *  evidence a request carries is ignored here: use dc_check() for that.
 *  \param[out] query (may be NULL) borrowed handle, valid until the
 *  callback returns. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_query_start(dc_ctx_t           *ctx,
                                                  const dc_request_t *req,
                                                  dc_query_cb         cb,
                                                  void               *userdata,
                                                  dc_query_t        **query);
/** Cancel a query: its callback runs now, with DC_ECANCELLED. */
DC_EXTERN void dc_query_cancel(dc_ctx_t *ctx, dc_query_t *query);

/** Run the event loop until no query is left. */
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_run(dc_ctx_t *ctx);
/** Queries started and not yet called back. */
DC_EXTERN size_t dc_ctx_pending(const dc_ctx_t *ctx);

/** Embedding in a host's own loop: a descriptor that becomes readable when
 *  the library has I/O to process (-1 before the first query), the
 *  milliseconds until the library needs dc_ctx_process() for a timer (-1:
 *  none), and one non-blocking round of processing. */
DC_EXTERN int                      dc_ctx_fd(const dc_ctx_t *ctx);
DC_EXTERN int                      dc_ctx_timeout_ms(const dc_ctx_t *ctx);
DC_EXTERN DC_MUSTCHECK dc_status_t dc_ctx_process(dc_ctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif /* DOMCHECK_H */
