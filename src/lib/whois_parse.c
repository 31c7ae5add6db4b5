/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/whois_parse.c - a WHOIS (port 43) reply into the normalized
 *  record
 *
 *  One generic engine and no per-reply cases:
 *   1. The reply is cut into lines (CRLF, CR or LF; NUL and control bytes
 *      read as blanks; a byte-order mark skipped), each with its indent.
 *   2. A line is read as "Label: value" (also "Label....: value",
 *      "[Label] value", a full-width colon, and the free-text "Record
 *      created on DATE"); the label is normalised (case, "_" and "-",
 *      "(...)", trailing digits, bilingual "Estado / Status") and looked
 *      up in one table of synonyms.
 *   3. Block layouts: a label printed without a value ("Registrant:",
 *      "Name servers:", .it "Registrant") opens a section that holds the
 *      following lines, indented ones or up to the next blank line; generic
 *      keys ("Name:", "Org:", "Created:") are read in the section's
 *      context. RPSL replies ("domain:" objects: .fr .cz .ru .ua .fi .br,
 *      IANA) are read object by object and contact handles resolved.
 *   4. The answer comes from the record found and, without one, from
 *      phrases (rate limit, invalid query, reserved, not found). A reply
 *      that matches nothing is UNPARSABLE: fail closed (rule 13).
 *   5. Conventions of one registry live in the {server, handler} table at
 *      the end; their state is the parse call's (rule 12).
 *
 *  Field meanings follow ../shared/corpus/README.md. Cost is linear in the
 *  reply: every line is looked at a bounded number of times and lists are
 *  capped.
 */
#include "record.h"

#include <string.h>

#include "epp.h"
#include "wparse_text.h"
#include "wparse_time.h"

#define WP_MAX_INPUT  ((size_t)8 * 1024 * 1024) /* bytes read of a reply */
#define WP_MAX_LINES  200000u
#define WP_LABEL_MAX  96  /* normalised label */
#define WP_LABEL_RAW  200 /* bytes before a colon that may be a label */
#define WP_VALUE_MAX  512 /* stored values are cut here */
#define WP_MAX_NS     64
#define WP_MAX_STATUS 32
#define WP_TAB        8
#define WP_HEADER_MAX 60 /* a label line without colon ("Registrant") */

/* ---- the synonym table --------------------------------------------------- */

enum wp_field {
  WF_NONE = 0,
  WF_IGNORE,    /* known, not ours ("Registrar URL") */
  WF_DOMAIN,    /* "Domain Name" */
  WF_REGISTRAR, /* "Registrar", "Sponsoring Registrar" */
  WF_IANA,      /* "Registrar IANA ID" */
  WF_REGWHOIS,  /* "Registrar WHOIS Server", "Whois Server" */
  WF_REFER,     /* IANA "refer" */
  WF_CREATED,   /* "Creation Date", "created", "Registration Time" */
  WF_UPDATED,   /* "Updated Date", "changed", "Last Modified" */
  WF_EXPIRES,   /* the registry's own: "Registry Expiry Date" */
  WF_EXPAMBIG,  /* "Expiration Date", "Expires": whose depends */
  WF_REXPIRES,  /* "Registrar Registration Expiration Date" */
  WF_STATUS,    /* "Domain Status", "status", "state" */
  WF_NS,        /* "Name Server", "nserver" */
  WF_HOSTNAME,  /* "Hostname" inside a name-server section */
  WF_DNSSEC,    /* "DNSSEC" */
  WF_DSRDATA,   /* "ds-rdata": a DS record is shown */
  WF_KEYS,      /* EURid "Keys:" section */
  WF_REGNAME,   /* "Registrant Name" */
  WF_REGORG,    /* "Registrant Organization" */
  WF_REGPLAIN,  /* "Registrant", "Owner", "Holder": one holder line */
  WF_HANDLE,    /* RPSL "holder-c" */
  WF_REGANY,    /* another registrant field: the section is there */
  WF_NAME,      /* generic "Name" */
  WF_ORG,       /* generic "Organization", "org" */
  WF_PERSON,    /* generic "person" */
  WF_DESCR,     /* RPSL "descr": the holder (.fi) */
  WF_CONTACT,   /* RPSL contact object "contact" */
  WF_TYPE,      /* RPSL contact object "type" */
  WF_SKIP,      /* Verisign "Server Name": a host object, not ours */
  WF_CONTACTHDR /* "Administrative Contact": a contact section */
};

enum wp_sec {
  SEC_NONE = 0,
  SEC_OTHER,      /* "Relevant dates:", "Data validation:" */
  SEC_DOMAIN,     /* Nominet/SIDN "Domain name:" + value below */
  SEC_REGISTRANT, /* "Registrant:", .it "Registrant" */
  SEC_REGISTRAR,  /* "Registrar:" block */
  SEC_NS,         /* "Name servers:", "Domain servers in listed order:" */
  SEC_STATUS,     /* Nominet "Registration status:" */
  SEC_KEYS,       /* EURid "Keys:" */
  SEC_CONTACT,    /* admin, tech, billing: not ours */
  SEC_SKIP        /* a host object in a Verisign multi-match */
};

#define WL_GEN     0x01u /* meaning depends on the section */
#define WL_REGEVID 0x02u /* a registry's word: "Sponsoring Registrar" */

struct wp_label {
  const char   *label; /* normalised */
  enum wp_field field;
  uint8_t       prio; /* higher wins; equal: the first printed wins */
  uint8_t       flags;
  enum wp_sec   opens; /* section opened when printed without a value */
};

static const struct wp_label labels[] = {
    /* domain */
    {"domain name", WF_DOMAIN, 3, 0, SEC_DOMAIN},
    {"domain", WF_DOMAIN, 2, 0, SEC_DOMAIN},
    {"domainname", WF_DOMAIN, 3, 0, SEC_DOMAIN},
    {"nombre de dominio", WF_DOMAIN, 3, 0, SEC_DOMAIN},
    {"域名", WF_DOMAIN, 3, 0, SEC_DOMAIN},
    /* registrar */
    {"registrar", WF_REGISTRAR, 3, 0, SEC_REGISTRAR},
    {"sponsoring registrar", WF_REGISTRAR, 3, WL_REGEVID, SEC_REGISTRAR},
    {"sponsoring registrar organization", WF_REGISTRAR, 3, WL_REGEVID, 0},
    {"sponsoring registrar name", WF_REGISTRAR, 3, WL_REGEVID, 0},
    {"registrar name", WF_REGISTRAR, 3, 0, 0},
    {"registrar of record", WF_REGISTRAR, 3, 0, 0},
    {"registrar organization", WF_REGISTRAR, 3, 0, 0},
    {"registrar information", WF_REGISTRAR, 1, 0, SEC_REGISTRAR},
    {"registered through", WF_REGISTRAR, 2, 0, 0},
    {"registration service provider", WF_REGISTRAR, 1, 0, 0},
    {"注册商", WF_REGISTRAR, 3, 0, SEC_REGISTRAR},
    {"注册服务机构", WF_REGISTRAR, 3, 0, 0},
    {"所属注册商", WF_REGISTRAR, 3, 0, 0},
    /* IANA id */
    {"registrar iana id", WF_IANA, 3, 0, 0},
    {"sponsoring registrar iana id", WF_IANA, 3, WL_REGEVID, 0},
    {"iana id", WF_IANA, 3, 0, 0},
    {"registrar iana", WF_IANA, 3, 0, 0},
    {"iana registrar id", WF_IANA, 3, 0, 0},
    /* referral */
    {"registrar whois server", WF_REGWHOIS, 3, 0, 0},
    {"whois server", WF_REGWHOIS, 3, 0, 0},
    {"registrar whois", WF_REGWHOIS, 3, 0, 0},
    {"whois", WF_REGWHOIS, 2, 0, 0},
    {"refer", WF_REFER, 3, 0, 0},
    /* created */
    {"creation date", WF_CREATED, 3, 0, 0},
    {"created", WF_CREATED, 2, WL_GEN, 0},
    {"created on", WF_CREATED, 3, 0, 0},
    {"created date", WF_CREATED, 3, 0, 0},
    {"creation time", WF_CREATED, 3, 0, 0},
    {"registration date", WF_CREATED, 3, 0, 0},
    {"registration time", WF_CREATED, 3, 0, 0},
    {"domain registration date", WF_CREATED, 3, 0, 0},
    {"domain create date", WF_CREATED, 3, 0, 0},
    {"domain created", WF_CREATED, 3, 0, 0},
    {"domain creation date", WF_CREATED, 3, 0, 0},
    {"registered", WF_CREATED, 2, WL_GEN, 0},
    {"registered on", WF_CREATED, 3, 0, 0},
    {"registered date", WF_CREATED, 3, 0, 0},
    {"date registered", WF_CREATED, 3, 0, 0},
    {"record created", WF_CREATED, 3, 0, 0},
    {"record created on", WF_CREATED, 3, 0, 0},
    {"domain created on", WF_CREATED, 3, 0, 0},
    {"fecha de creacion", WF_CREATED, 3, 0, 0},
    {"fecha de registro", WF_CREATED, 3, 0, 0},
    {"domain name commencement date", WF_CREATED, 3, 0, 0},
    {"commencement date", WF_CREATED, 3, 0, 0},
    {"domain dateregistered", WF_CREATED, 3, 0, 0},
    {"注册时间", WF_CREATED, 3, 0, 0},
    {"注册日期", WF_CREATED, 3, 0, 0},
    {"登録年月日", WF_CREATED, 3, 0, 0},
    /* updated */
    {"updated date", WF_UPDATED, 3, 0, 0},
    {"update date", WF_UPDATED, 3, 0, 0},
    {"updated", WF_UPDATED, 2, WL_GEN, 0},
    {"updated on", WF_UPDATED, 3, 0, 0},
    {"last updated", WF_UPDATED, 3, 0, 0},
    {"last updated on", WF_UPDATED, 3, 0, 0},
    {"last updated date", WF_UPDATED, 3, 0, 0},
    {"domain last updated date", WF_UPDATED, 3, 0, 0},
    {"domain last updated on", WF_UPDATED, 3, 0, 0},
    {"last modified", WF_UPDATED, 3, 0, 0},
    {"last modified date", WF_UPDATED, 3, 0, 0},
    {"modified", WF_UPDATED, 2, WL_GEN, 0},
    {"changed", WF_UPDATED, 2, WL_GEN, 0},
    {"last update", WF_UPDATED, 2, WL_GEN, 0},
    {"last changed", WF_UPDATED, 3, 0, 0},
    {"modification date", WF_UPDATED, 3, 0, 0},
    {"record last updated", WF_UPDATED, 3, 0, 0},
    {"record last updated on", WF_UPDATED, 3, 0, 0},
    {"ultima actualizacion", WF_UPDATED, 3, 0, 0},
    {"domain datelastmodified", WF_UPDATED, 3, 0, 0},
    {"更新时间", WF_UPDATED, 3, 0, 0},
    {"最終更新", WF_UPDATED, 3, 0, 0},
    /* expiry printed as the registry's */
    {"registry expiry date", WF_EXPIRES, 3, 0, 0},
    {"registry expiration date", WF_EXPIRES, 3, 0, 0},
    {"expiration time", WF_EXPIRES, 3, 0, 0},
    {"paid till", WF_EXPIRES, 3, 0, 0},
    {"domain datebilleduntil", WF_EXPIRES, 3, 0, 0},
    {"过期时间", WF_EXPIRES, 3, 0, 0},
    {"到期时间", WF_EXPIRES, 3, 0, 0},
    {"到期日期", WF_EXPIRES, 3, 0, 0},
    /* expiry without owner: the registry's in a registry reply */
    {"expiration date", WF_EXPAMBIG, 3, 0, 0},
    {"expiry date", WF_EXPAMBIG, 3, 0, 0},
    {"expires", WF_EXPAMBIG, 2, WL_GEN, 0},
    {"expires on", WF_EXPAMBIG, 3, 0, 0},
    {"expire", WF_EXPAMBIG, 2, WL_GEN, 0},
    {"expire date", WF_EXPAMBIG, 3, 0, 0},
    {"exp date", WF_EXPAMBIG, 3, 0, 0},
    {"expiry", WF_EXPAMBIG, 3, 0, 0},
    {"expiration", WF_EXPAMBIG, 3, 0, 0},
    {"domain expiration date", WF_EXPAMBIG, 3, 0, 0},
    {"domain expiry date", WF_EXPAMBIG, 3, 0, 0},
    {"domain expires", WF_EXPAMBIG, 3, 0, 0},
    {"domain expires on", WF_EXPAMBIG, 3, 0, 0},
    {"record expires", WF_EXPAMBIG, 3, 0, 0},
    {"record expires on", WF_EXPAMBIG, 3, 0, 0},
    {"fecha de vencimiento", WF_EXPAMBIG, 3, 0, 0},
    {"valid until", WF_EXPAMBIG, 3, 0, 0},
    {"renewal date", WF_EXPAMBIG, 1, 0, 0},
    {"有効期限", WF_EXPAMBIG, 3, 0, 0},
    /* the registrar's expiry */
    {"registrar registration expiration date", WF_REXPIRES, 3, 0, 0},
    {"registrar registration expiry date", WF_REXPIRES, 3, 0, 0},
    {"registrar expiration date", WF_REXPIRES, 3, 0, 0},
    /* status */
    {"domain status", WF_STATUS, 3, 0, SEC_STATUS},
    {"status", WF_STATUS, 2, WL_GEN, SEC_STATUS},
    {"state", WF_STATUS, 2, WL_GEN, 0},
    {"domain state", WF_STATUS, 3, 0, 0},
    {"estatus del dominio", WF_STATUS, 3, 0, 0},
    {"estado", WF_STATUS, 2, WL_GEN, 0},
    {"registration status", WF_STATUS, 3, 0, SEC_STATUS},
    {"query status", WF_STATUS, 3, 0, 0},
    {"epp status", WF_STATUS, 3, 0, 0},
    {"域名状态", WF_STATUS, 3, 0, SEC_STATUS},
    /* name servers */
    {"name server", WF_NS, 3, 0, SEC_NS},
    {"name servers", WF_NS, 3, 0, SEC_NS},
    {"nameserver", WF_NS, 3, 0, SEC_NS},
    {"nameservers", WF_NS, 3, 0, SEC_NS},
    {"nserver", WF_NS, 3, 0, SEC_NS},
    {"ns name", WF_NS, 3, 0, 0},
    {"dns", WF_NS, 2, WL_GEN, SEC_NS},
    {"dns servers", WF_NS, 3, 0, SEC_NS},
    {"domain servers in listed order", WF_NS, 3, 0, SEC_NS},
    {"domain nameservers", WF_NS, 3, 0, SEC_NS},
    {"domain name servers", WF_NS, 3, 0, SEC_NS},
    {"name servers information", WF_NS, 3, 0, SEC_NS},
    {"nameserver information", WF_NS, 3, 0, SEC_NS},
    {"域名服务器", WF_NS, 3, 0, SEC_NS},
    {"dns服务器", WF_NS, 3, 0, SEC_NS},
    {"hostname", WF_HOSTNAME, 2, WL_GEN, 0},
    {"host name", WF_HOSTNAME, 2, WL_GEN, 0},
    /* DNSSEC */
    {"dnssec", WF_DNSSEC, 3, 0, 0},
    {"domain signed", WF_DNSSEC, 3, 0, 0},
    {"ds rdata", WF_DSRDATA, 3, 0, 0},
    {"keys", WF_KEYS, 3, 0, SEC_KEYS},
    /* registrant */
    {"registrant name", WF_REGNAME, 3, 0, 0},
    {"registrant contact name", WF_REGNAME, 3, 0, 0},
    {"holder english name", WF_REGNAME, 3, 0, 0},
    {"holder name", WF_REGNAME, 3, 0, 0},
    {"owner name", WF_REGNAME, 3, 0, 0},
    {"responsible", WF_REGNAME, 2, 0, 0},
    {"registrant organization", WF_REGORG, 3, 0, 0},
    {"registrant organisation", WF_REGORG, 3, 0, 0},
    {"registrant org", WF_REGORG, 3, 0, 0},
    {"registrant company", WF_REGORG, 3, 0, 0},
    {"owner organization", WF_REGORG, 3, 0, 0},
    {"registrant", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"registrant contact", WF_REGPLAIN, 1, 0, SEC_REGISTRANT},
    {"holder", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"domain holder", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"owner", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"titular", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"注册人", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"注册者", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"域名持有人", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"所有者", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"登録者名", WF_REGPLAIN, 2, 0, SEC_REGISTRANT},
    {"holder c", WF_HANDLE, 2, 0, 0},
    /* generic contact keys */
    {"name", WF_NAME, 2, WL_GEN, 0},
    {"org", WF_ORG, 2, WL_GEN, 0},
    {"organisation", WF_ORG, 2, WL_GEN, 0},
    {"organization", WF_ORG, 2, WL_GEN, 0},
    {"company", WF_ORG, 1, WL_GEN, 0},
    {"company name", WF_ORG, 1, WL_GEN, 0},
    {"person", WF_PERSON, 2, WL_GEN, 0},
    {"descr", WF_DESCR, 1, WL_GEN, 0},
    {"contact", WF_CONTACT, 1, WL_GEN, 0},
    {"type", WF_TYPE, 1, WL_GEN, 0},
    /* not ours */
    {"server name", WF_SKIP, 0, 0, 0},
    {"registrar url", WF_IGNORE, 0, 0, 0},
    {"registrar abuse contact email", WF_IGNORE, 0, 0, 0},
    {"registrar abuse contact phone", WF_IGNORE, 0, 0, 0},
    {"registry whois server", WF_IGNORE, 0, 0, 0},
    {"reseller", WF_IGNORE, 0, 0, 0},
    {"administrative contact", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"administrative contacts", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"admin contact", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"admin contacts", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"administrative", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"administrator", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"technical contact", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"technical contacts", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"tech contact", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"tech contacts", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"technical", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"billing contact", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"billing contacts", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"billing", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"zone contact", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"admin c", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"tech c", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"billing c", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"zone c", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"registrar technical contacts", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"registrar contact information", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"technical contact information", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"contacto administrativo", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"contacto tecnico", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
    {"contacto de cobranza", WF_CONTACTHDR, 0, 0, SEC_CONTACT},
};

/* Free text with the date after "on" (old registrar layouts, TWNIC). */
static const struct {
  const char   *phrase; /* lower case */
  enum wp_field field;
} on_forms[] = {
    {"record created on", WF_CREATED},
    {"record expires on", WF_EXPAMBIG},
    {"record last updated on", WF_UPDATED},
    {"domain created on", WF_CREATED},
    {"domain expires on", WF_EXPAMBIG},
    {"domain last updated on", WF_UPDATED},
    {"last updated on", WF_UPDATED},
    {"created on", WF_CREATED},
    {"expires on", WF_EXPAMBIG},
    {"updated on", WF_UPDATED},
    {"registered on", WF_CREATED},
};

/* RPSL objects that are not the domain (their first key). */
static const char *const rpsl_objects[] = {
    "contact", "nic hdl", "nic hdl br", "role",   "registrar", "nsset",
    "keyset",  "ns list", "contact id", "mntner", "person",    "key"};

/* ---- phrases (matched on the lower-cased reply, blanks squashed) --------- */

/* A refusal for query volume (corpus README: rate-limited). Deliberately
 * no "rate limited" or "too many queries": registries print those in the
 * terms of every reply. */
static const char *const rate_phrases[] = {
    "limit exceeded",
    "quota exceeded",
    "query quota",
    "too many requests",
    "go away for",
    "still in grace period",
    "grace period of",
    "limit reached",
    "queried interval is too short",
    "access is too fast",
    "slow down",
    "please maintain at least",
    "may have failed to abide",
    "exceeded the maximum",
    "you have exceeded",
    "request limit",
    "connection refused; access control"};

static const char *const invalid_phrases[] = {
    "tld is not supported", "invalid query",      "invalid domain name",
    "malformed request",    "not a valid domain", "unsupported tld"};

static const char *const outage_phrases[] = {
    "currently down", "temporarily unavailable", "service unavailable",
    "under maintenance", "database is unavailable"};

/* Withheld by the registry, without a record: "is reserved", "reserved
 * list", "Reserved by DotAsia", CNNIC "The domain you requested is
 * prohibited." (corpus README: reserved). "All rights reserved by" is
 * not one (see reserved_phrase()). */
static const char *const reserved_phrases[] = {
    "you requested is prohibited", "domain is prohibited", "name is prohibited",
    "prohibited domain",           "prohibited string",    "registry reserved",
    "reserved by the registry"};

static const char *const notfound_phrases[] = {"no match",
                                               "not found",
                                               "no data found",
                                               "no matching record",
                                               "no entries found",
                                               "no entry found",
                                               "no object found",
                                               "does not exist",
                                               "not registered",
                                               "not been registered",
                                               "no information available",
                                               "unknown domain",
                                               "no found",
                                               "is free",
                                               "status: free",
                                               "status: available",
                                               "available for registration",
                                               "does not have any data",
                                               "returned 0 objects",
                                               "nothing found",
                                               "no such domain",
                                               "no records found",
                                               "no record found"};

/* The expiry shown is the registry's (Verisign and KNET notices). */
static const char *const registry_phrases[] = {
    "sponsorship of the domain name registration in the registry"};

/* The reply says that registrant data exists and is withheld. */
static const char *const strong_notices[] = {
    "temporary specification",
    "gdpr",
    "minimum data set",
    "data available in this service is limited",
    "additional data may be available",
    "have been redacted",
    "has been redacted"};

/* Weaker words: count only when registrant fields are printed. */
static const char *const weak_notices[] = {"redact",
                                           "rdds",
                                           "withheld",
                                           "non-public",
                                           "privacy",
                                           "personal data",
                                           "data protection",
                                           "not disclosed",
                                           "please query",
                                           "please contact the registrar",
                                           "web form",
                                           "contact domain holder",
                                           "request email form"};

/* Status words that mean "no such domain" (.be AVAILABLE, .de free). */
static const char *const free_status[] = {
    "available",     "free",     "notregistered",
    "noobjectfound", "notfound", "availableforregistration",
    "unregistered"};

/* ---- state of one parse call --------------------------------------------- */

enum wp_lkind { LK_BLANK = 0, LK_SPACES, LK_COMMENT, LK_TEXT };

struct wp_line {
  char    *s; /* first non-blank byte (of the working copy) */
  uint32_t len;
  uint32_t indent; /* columns, a tab counts to the next multiple of 8 */
  uint8_t  kind;
};

struct wp_kv {
  char        label[WP_LABEL_MAX];
  const char *val;
  size_t      valn;
};

struct wp_val {
  const char *p;
  size_t      n;
  uint8_t     prio; /* 0: not set */
};

struct wp_tval {
  struct dc_time t;
  uint8_t        prio;
};

struct wp_state;

/* A registry's own conventions: runs after the generic engine. */
struct wp_handler {
  const char *server;
  void (*post)(struct wp_state *st);
};

struct wp_state {
  const struct dc_parse_hints *hints;
  struct dc_record            *rec;
  struct dc_wptime_ctx         tctx;
  dc_status_t                  status; /* sticky DC_ENOMEM */
  char                        *buf;    /* working copy of the reply */
  size_t                       len;
  char                        *low; /* lower case, blanks squashed */
  size_t                       lowlen;
  struct wp_line              *lines;
  size_t                       nlines;
  bool                         rpsl;
  bool                         empty;
  /* what was found */
  struct wp_val  domain;
  struct wp_val  registrar;
  struct wp_val  regwhois;
  struct wp_val  refer;
  struct wp_val  reg_name;
  struct wp_val  reg_org;
  struct wp_val  reg_plain;
  struct wp_val  handle;
  int64_t        iana;
  struct wp_tval created;
  struct wp_tval updated;
  struct wp_tval expires;
  struct wp_tval expambig;
  struct wp_tval rexpires;
  int            dnssec;
  bool           descr_seen;
  bool           reg_seen;       /* a registrant field is printed */
  bool           regevid;        /* "Sponsoring Registrar" printed */
  bool           reserved_value; /* "RESERVED" as registrar, name, status */
  bool           free_status;    /* "Status: AVAILABLE" */
  bool           keys_seen;
  unsigned       keys_lines;
  /* the section being read */
  enum wp_sec   sec;
  uint32_t      sec_indent;
  int           sec_mode; /* 0 undecided, 1 indented, 2 flat */
  bool          sec_first_done;
  bool          sec_blank; /* one blank line after the header was skipped */
  struct wp_val blk[2];
  unsigned      nblk;
  enum wp_field cont; /* a list value continued on the next lines */
  uint32_t      cont_indent;
  enum wp_sec   csec; /* RPSL: from a "% Registrar:" comment */
};

/* ---- small helpers ------------------------------------------------------- */

static char lower(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return (char)(c - 'A' + 'a');
  }
  return c;
}

static bool blank(char c)
{
  return c == ' ' || c == '\t';
}

static void trim(const char **p, size_t *n)
{
  while (*n > 0 && blank((*p)[0])) {
    (*p)++;
    (*n)--;
  }
  while (*n > 0 && blank((*p)[*n - 1])) {
    (*n)--;
  }
}

static bool has_phrase(const struct wp_state *st, const char *const *list,
                       size_t count)
{
  size_t i;
  for (i = 0; i < count; i++) {
    if (dc_wptext_find(st->low, st->lowlen, list[i])) {
      return true;
    }
  }
  return false;
}

static bool eq_ci(const char *a, size_t an, const char *b, size_t bn)
{
  size_t i;
  if (an != bn) {
    return false;
  }
  for (i = 0; i < an; i++) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

static void set_val(struct wp_val *v, const char *p, size_t n, uint8_t prio)
{
  trim(&p, &n);
  if (n == 0 || prio <= v->prio) {
    return;
  }
  v->p    = p;
  v->n    = n;
  v->prio = prio;
}

/* The word "reserved" standing alone ("RESERVED-Internet Assigned Numbers
 * Authority", ".TV RESERVED DOMAINS", "IANA_RESERVED"). */
static bool reserved_word(const char *p, size_t n)
{
  size_t i;
  for (i = 0; i + 8 <= n; i++) {
    size_t k;
    bool   hit = true;
    for (k = 0; k < 8; k++) {
      if (lower(p[i + k]) != "reserved"[k]) {
        hit = false;
        break;
      }
    }
    if (hit &&
        (i == 0 || !((lower(p[i - 1]) >= 'a' && lower(p[i - 1]) <= 'z'))) &&
        (i + 8 == n || !(lower(p[i + 8]) >= 'a' && lower(p[i + 8]) <= 'z'))) {
      return true;
    }
  }
  return false;
}

/* ---- input: working copy, lines, phrase copy ----------------------------- */

static dc_status_t load_input(struct wp_state *st, const char *text, size_t len)
{
  size_t i;
  size_t j    = 0;
  bool   sp   = true;
  size_t cap  = 64;
  size_t line = 0;

  if (len >= 3 && (unsigned char)text[0] == 0xEF &&
      (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF) {
    text += 3; /* byte-order mark */
    len -= 3;
  }
  if (len > WP_MAX_INPUT) {
    len = WP_MAX_INPUT;
  }
  st->buf = dc_malloc(len + 1);
  st->low = dc_malloc(len + 1);
  if (st->buf == NULL || st->low == NULL) {
    return DC_ENOMEM;
  }
  st->empty = true;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      c = ' '; /* NUL and control bytes read as blanks */
    }
    st->buf[i] = (char)c;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!sp) {
        st->low[j++] = ' ';
      }
      sp = true;
    } else {
      st->low[j++] = lower((char)c);
      sp           = false;
      st->empty    = false;
    }
  }
  st->buf[len] = '\0';
  st->low[j]   = '\0';
  st->len      = len;
  st->lowlen   = j;

  st->lines = dc_malloc(cap * sizeof(*st->lines));
  if (st->lines == NULL) {
    return DC_ENOMEM;
  }
  i = 0;
  while (i < len && line < WP_MAX_LINES) {
    size_t          end = i;
    size_t          next;
    size_t          k;
    uint32_t        col = 0;
    struct wp_line *ln;
    while (end < len && st->buf[end] != '\n' && st->buf[end] != '\r') {
      end++;
    }
    next = end;
    if (next < len && st->buf[next] == '\r') {
      next++;
    }
    if (next < len && st->buf[next] == '\n') {
      next++;
    }
    if (next == end) {
      next = end + 1;
    }
    if (line == cap) {
      struct wp_line *grown;
      cap *= 2;
      grown = dc_realloc(st->lines, cap * sizeof(*st->lines));
      if (grown == NULL) {
        return DC_ENOMEM;
      }
      st->lines = grown;
    }
    ln = &st->lines[line++];
    k  = i;
    while (k < end && blank(st->buf[k])) {
      col = st->buf[k] == '\t' ? (col / WP_TAB + 1) * WP_TAB : col + 1;
      k++;
    }
    while (end > k && blank(st->buf[end - 1])) {
      end--;
    }
    ln->s      = st->buf + k;
    ln->len    = (uint32_t)(end - k);
    ln->indent = col;
    if (end > k) {
      char c0  = st->buf[k];
      ln->kind = c0 == '%' || c0 == '#' || c0 == ';' ? LK_COMMENT : LK_TEXT;
    } else {
      ln->kind = k > i ? LK_SPACES : LK_BLANK;
    }
    i = next;
  }
  st->nlines = line;
  return DC_OK;
}

/* ---- labels -------------------------------------------------------------- */

/* Lower case, "(...)" and "[...]" dropped, "_-.*<>" and blanks as one
 * space, trailing digits dropped ("Street1", "ns_name_01"). */
static size_t norm_label(const char *s, size_t n, char *out, size_t cap)
{
  size_t i;
  size_t j     = 0;
  int    depth = 0;
  bool   space = false;
  for (i = 0; i < n && j + 2 < cap; i++) {
    char c = lower(s[i]);
    if (c == '(' || c == '[') {
      depth++;
      continue;
    }
    if (c == ')' || c == ']') {
      depth = depth > 0 ? depth - 1 : 0;
      continue;
    }
    if (depth > 0) {
      continue;
    }
    if (c == '_' || c == '-' || c == '.' || c == '*' || c == '<' || c == '>' ||
        c == '"' || c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && j > 0) {
      out[j++] = ' ';
    }
    space    = false;
    out[j++] = c;
  }
  while (j > 0 &&
         (out[j - 1] == ' ' || (out[j - 1] >= '0' && out[j - 1] <= '9'))) {
    j--;
  }
  out[j] = '\0';
  return j;
}

static const struct wp_label *lookup(const char *label)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(labels); i++) {
    if (labels[i].label[0] == label[0] && strcmp(labels[i].label, label) == 0) {
      return &labels[i];
    }
  }
  return NULL;
}

/* The whole label, then each part of a bilingual "Estado / Status". */
static const struct wp_label *find_label(const char *label)
{
  const struct wp_label *e = lookup(label);
  const char            *p = label;
  while (e == NULL && p != NULL) {
    const char *sep = strstr(p, " / ");
    char        part[WP_LABEL_MAX];
    size_t      n = sep != NULL ? (size_t)(sep - p) : strlen(p);
    if (n < sizeof(part) && (sep != NULL || p != label)) {
      memcpy(part, p, n);
      part[n] = '\0';
      e       = lookup(part);
    }
    p = sep != NULL ? sep + 3 : NULL;
  }
  return e;
}

/* "Label: value", "Label....: value", "[Label] value", "a. [Label] value",
 * full-width colon. URL lines ("http://...") are not labels. */
static bool split_kv(const char *s, size_t n, struct wp_kv *kv)
{
  size_t i;
  size_t lab_end;
  size_t val;

  if (n > 3 && s[1] == '.' && s[2] == ' ' && lower(s[0]) >= 'a' &&
      lower(s[0]) <= 'z') {
    s += 3; /* .jp "a. [Domain Name]" */
    n -= 3;
    while (n > 0 && blank(s[0])) {
      s++;
      n--;
    }
  }
  if (n > 2 && s[0] == '[') {
    for (i = 1; i < n && i < 64 && s[i] != ']'; i++) {
    }
    if (i >= n || s[i] != ']') {
      return false;
    }
    if (norm_label(s + 1, i - 1, kv->label, sizeof(kv->label)) == 0) {
      return false;
    }
    val = i + 1;
  } else {
    lab_end = n;
    for (i = 0; i < n && i < WP_LABEL_RAW; i++) {
      if (s[i] == ':') {
        lab_end = i;
        val     = i + 1;
        break;
      }
      if ((unsigned char)s[i] == 0xEF && i + 2 < n &&
          (unsigned char)s[i + 1] == 0xBC && (unsigned char)s[i + 2] == 0x9A) {
        lab_end = i; /* U+FF1A FULLWIDTH COLON */
        val     = i + 3;
        break;
      }
    }
    if (lab_end == n || lab_end == 0) {
      return false;
    }
    if (val < n && s[val] == '/') {
      return false; /* "http://..." */
    }
    if (norm_label(s, lab_end, kv->label, sizeof(kv->label)) == 0) {
      return false;
    }
  }
  while (val < n && (blank(s[val]) || s[val] == ':')) {
    val++; /* "Registry WHOIS Server:: x" */
  }
  kv->val  = s + val;
  kv->valn = n - val;
  trim(&kv->val, &kv->valn);
  return true;
}

/* ---- values -------------------------------------------------------------- */

static void set_time(struct wp_state *st, struct wp_tval *tv, const char *p,
                     size_t n, uint8_t prio)
{
  struct dc_time t;
  if (prio <= tv->prio || n == 0) {
    return;
  }
  if (!dc_wptime_parse(p, n, &st->tctx, &t)) {
    return;
  }
  tv->t    = t;
  tv->prio = prio;
}

static size_t next_token(const char *p, size_t n, size_t *start)
{
  size_t i = *start;
  size_t b;
  while (i < n && blank(p[i])) {
    i++;
  }
  b = i;
  while (i < n && !blank(p[i])) {
    i++;
  }
  *start = b;
  return i - b;
}

static bool same_as_domain(const struct wp_state *st, const char *host,
                           size_t n)
{
  const char *q = st->hints != NULL ? st->hints->query : NULL;
  if (q != NULL && eq_ci(host, n, q, strlen(q))) {
    return true;
  }
  return st->domain.n > 0 && eq_ci(host, n, st->domain.p, st->domain.n);
}

/* "ns1.example.com", "ns1.example.com. 192.0.2.1", "ns1.example.com [Ok]",
 * .pt "example.pt NS ns1.example.com.". */
static bool add_ns(struct wp_state *st, const char *p, size_t n)
{
  char   host[256];
  size_t a = 0;
  size_t an;
  size_t b;
  size_t bn;
  size_t c;
  size_t cn;
  size_t hn;

  an = next_token(p, n, &a);
  b  = a + an;
  bn = next_token(p, n, &b);
  c  = b + bn;
  cn = next_token(p, n, &c);
  if (bn == 2 && lower(p[b]) == 'n' && lower(p[b + 1]) == 's' && cn > 0) {
    a  = c;
    an = cn;
  }
  if (an == 0 || memchr(p + a, ':', an) != NULL) {
    return false;
  }
  hn = dc_wptext_host(p + a, an, host, sizeof(host));
  if (hn == 0) {
    return false;
  }
  if (same_as_domain(st, host, hn) ||
      dc_strlist_contains(&st->rec->name_servers, host) ||
      st->rec->name_servers.n >= WP_MAX_NS) {
    return true;
  }
  if (dc_strlist_push(&st->rec->name_servers, host) != DC_OK) {
    st->status = DC_ENOMEM;
  }
  return true;
}

static void squeeze(const char *p, size_t n, char *out, size_t cap)
{
  size_t i;
  size_t j = 0;
  for (i = 0; i < n && j + 1 < cap; i++) {
    char c = lower(p[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out[j++] = c;
    }
  }
  out[j] = '\0';
}

/* One status line: "clientHold https://...", "ACTIVE", "a,b,c" (TWNIC),
 * "REGISTERED, DELEGATED, UNVERIFIED" (.ru). */
static void add_status(struct wp_state *st, const char *p, size_t n)
{
  size_t i = 0;
  while (i < n) {
    size_t      b = i;
    size_t      e;
    const char *name;
    char        part[96];
    char        sq[96];
    size_t      k;
    while (i < n && p[i] != ',' && p[i] != ';') {
      i++;
    }
    e = i;
    i++;
    while (b < e && blank(p[b])) {
      b++;
    }
    /* cut a URL before copying ("ok https://icann.org/epp#ok") */
    for (k = b; k + 4 < e; k++) {
      if (memcmp(p + k, "http", 4) == 0) {
        e = k;
        break;
      }
    }
    while (e > b && (blank(p[e - 1]) || p[e - 1] == '(' || p[e - 1] == '-')) {
      e--;
    }
    if (e == b) {
      continue;
    }
    k = e - b < sizeof(part) - 1 ? e - b : sizeof(part) - 1;
    memcpy(part, p + b, k);
    part[k] = '\0';
    squeeze(part, k, sq, sizeof(sq));
    for (k = 0; k < DC_ARRAY_LEN(free_status); k++) {
      const char *w  = free_status[k];
      size_t      wl = strlen(w);
      if (strcmp(sq, w) == 0 ||
          (strlen(sq) > wl && memcmp(sq + strlen(sq) - wl, w, wl) == 0 &&
           sq[0] >= '0' && sq[0] <= '9')) {
        st->free_status = true; /* "AVAILABLE", "220 Available" */
      }
    }
    if (reserved_word(part, strlen(part))) {
      st->reserved_value = true;
    }
    name = dc_epp_normalize(part);
    if (name == NULL || dc_strlist_contains(&st->rec->status, name) ||
        st->rec->status.n >= WP_MAX_STATUS) {
      continue;
    }
    if (dc_strlist_push(&st->rec->status, name) != DC_OK) {
      st->status = DC_ENOMEM;
      return;
    }
  }
}

static void set_dnssec(struct wp_state *st, const char *p, size_t n)
{
  char                     sq[64];
  size_t                   i;
  static const char *const no[] = {
      "unsigned", "no",       "false", "inactive", "notapplicable",
      "none",     "disabled", "off",   "notsigned"};
  static const char *const yes[] = {"signed", "yes",     "true",
                                    "active", "enabled", "on"};
  if (st->dnssec >= 0) {
    return;
  }
  squeeze(p, n, sq, sizeof(sq));
  for (i = 0; i < DC_ARRAY_LEN(no); i++) {
    if (strncmp(sq, no[i], strlen(no[i])) == 0) {
      st->dnssec = 0;
      return;
    }
  }
  for (i = 0; i < DC_ARRAY_LEN(yes); i++) {
    if (strncmp(sq, yes[i], strlen(yes[i])) == 0) {
      st->dnssec = 1;
      return;
    }
  }
  if (strstr(sq, "unsigned") != NULL) {
    st->dnssec = 0;
  } else if (strstr(sq, "signed") != NULL) {
    st->dnssec = 1;
  }
}

/* "whois.example.net" or a URL; not "not defined". */
static bool referral_ok(const char *p, size_t n)
{
  size_t i;
  bool   dot = false;
  for (i = 0; i < n; i++) {
    if (blank(p[i])) {
      return false;
    }
    if (p[i] == '.') {
      dot = true;
    }
  }
  return dot;
}

static void set_iana(struct wp_state *st, const char *p, size_t n)
{
  int64_t v = 0;
  size_t  i;
  if (st->iana >= 0 || n == 0 || n > 12) {
    return;
  }
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') {
      return;
    }
    v = v * 10 + (p[i] - '0');
  }
  st->iana = v;
}

/* Registrar names: "GoDaddy.com, Inc. (http://www.godaddy.com)". */
static void set_registrar(struct wp_state *st, const char *p, size_t n,
                          uint8_t prio)
{
  size_t i;
  for (i = 0; i + 5 < n; i++) {
    if ((p[i] == '(' || blank(p[i])) && lower(p[i + 1]) == 'h' &&
        lower(p[i + 2]) == 't' && lower(p[i + 3]) == 't' &&
        lower(p[i + 4]) == 'p') {
      n = i;
      break;
    }
  }
  trim(&p, &n);
  if (dc_wptext_holder(p, n) == DC_WPH_EMPTY ||
      (n >= 12 && eq_ci(p, 12, "no registrar", 12))) {
    return; /* Nominet "No registrar listed." */
  }
  if (reserved_word(p, n)) {
    st->reserved_value = true;
  }
  set_val(&st->registrar, p, n, prio);
}

/* ---- sections ------------------------------------------------------------ */

static void flush_registrant_block(struct wp_state *st)
{
  if (st->nblk == 0) {
    return;
  }
  /* First line the holder; the second an organisation only when it names
   * one and the first does not (Com Laude "Domain Manager" / "Nom-IQ
   * Ltd"); otherwise it is the street. */
  set_val(&st->reg_name, st->blk[0].p, st->blk[0].n, 1);
  if (st->nblk > 1 && dc_wptext_company_like(st->blk[1].p, st->blk[1].n) &&
      !dc_wptext_company_like(st->blk[0].p, st->blk[0].n)) {
    set_val(&st->reg_org, st->blk[1].p, st->blk[1].n, 1);
  }
  st->nblk = 0;
}

static void close_section(struct wp_state *st)
{
  if (st->sec == SEC_REGISTRANT) {
    flush_registrant_block(st);
  }
  st->sec  = SEC_NONE;
  st->nblk = 0;
}

static void open_section(struct wp_state *st, enum wp_sec sec,
                         const struct wp_line *ln)
{
  close_section(st);
  st->sec            = sec;
  st->sec_indent     = ln->indent;
  st->sec_mode       = 0;
  st->sec_first_done = false;
  st->sec_blank      = false;
  if (sec == SEC_REGISTRANT) {
    st->reg_seen = true;
  }
  if (sec == SEC_KEYS) {
    st->keys_seen = true;
  }
}

/* A holder line of a block, in place: "DreamHost Web Hosting   x@y.com"
 * and "Instra  Corporation Pty Ltd  (ex-dom)  x@y.com" keep the name
 * only, blanks squeezed. Returns the new length. */
static size_t clean_block_line(char *p, size_t n)
{
  size_t i;
  size_t j     = 0;
  bool   space = false;
  for (i = 0; i < n; i++) {
    if (p[i] == '@') {
      /* cut at the start of the address */
      while (i > 0 && !blank(p[i - 1])) {
        i--;
      }
      n = i;
      break;
    }
  }
  while (n > 0 && blank(p[n - 1])) {
    n--;
  }
  if (n > 0 && p[n - 1] == ')') {
    /* a trailing handle "(zumba.com.ve-dom)", not "(HK)" or "(Beijing)" */
    size_t open   = n;
    bool   handle = false;
    for (i = n - 1; i > 0; i--) {
      char c = p[i - 1];
      if (c == '(') {
        open = i - 1;
        break;
      }
      if (blank(c)) {
        break;
      }
      if (c == '-' || c == '.' || c == '_' || (c >= '0' && c <= '9')) {
        handle = true;
      }
    }
    if (open < n && open > 0 && handle) {
      n = open;
    }
  }
  for (i = 0; i < n; i++) {
    if (blank(p[i])) {
      space = true;
      continue;
    }
    if (space && j > 0) {
      p[j++] = ' ';
    }
    space  = false;
    p[j++] = p[i];
  }
  return j;
}

/* A line without label inside a section. */
static void section_text(struct wp_state *st, const struct wp_line *ln)
{
  const char *p = ln->s;
  size_t      n = ln->len;
  size_t      a = 0;
  size_t      an;
  size_t      i;
  bool        alnum = false;

  for (i = 0; i < n; i++) {
    if ((lower(p[i]) >= 'a' && lower(p[i]) <= 'z') ||
        (p[i] >= '0' && p[i] <= '9') || (unsigned char)p[i] >= 0x80) {
      alnum = true;
      break;
    }
  }
  if (!alnum) {
    return; /* "-----" rules */
  }
  switch (st->sec) {
    case SEC_NS:
      (void)add_ns(st, p, n);
      break;
    case SEC_STATUS:
      add_status(st, p, n);
      break;
    case SEC_DOMAIN:
      an = next_token(p, n, &a);
      set_val(&st->domain, p + a, an, 2);
      break;
    case SEC_REGISTRAR:
      if (!st->sec_first_done) {
        set_registrar(st, p, n, 2);
        st->sec_first_done = true;
      }
      break;
    case SEC_REGISTRANT:
      n = clean_block_line(ln->s, n);
      if (n == 0 || dc_wptext_handle_like(p, n) || p[0] == '+' ||
          st->nblk >= DC_ARRAY_LEN(st->blk)) {
        break;
      }
      st->blk[st->nblk].p = p;
      st->blk[st->nblk].n = n;
      st->nblk++;
      break;
    case SEC_KEYS:
      st->keys_lines++;
      break;
    case SEC_NONE:
    case SEC_OTHER:
    case SEC_CONTACT:
    case SEC_SKIP:
      break;
  }
}

/* ---- one label and its value --------------------------------------------- */

static bool registrant_label(const char *label)
{
  return strncmp(label, "registrant ", 11) == 0 ||
         strncmp(label, "holder ", 7) == 0;
}

static void apply_generic(struct wp_state *st, const struct wp_label *e,
                          const char *v, size_t vn)
{
  switch (st->sec) {
    case SEC_REGISTRANT:
      if (e->field == WF_NAME || e->field == WF_PERSON ||
          e->field == WF_CONTACT) {
        set_val(&st->reg_name, v, vn, 2);
      } else if (e->field == WF_ORG) {
        set_val(&st->reg_org, v, vn, 2);
      }
      return;
    case SEC_REGISTRAR:
      if (e->field == WF_ORG) {
        set_registrar(st, v, vn, 2);
      } else if (e->field == WF_NAME) {
        set_registrar(st, v, vn, 1);
      }
      return;
    case SEC_NS:
      if (e->field == WF_HOSTNAME || e->field == WF_NAME || e->field == WF_NS) {
        (void)add_ns(st, v, vn);
      }
      return;
    case SEC_CONTACT:
    case SEC_SKIP:
      return;
    case SEC_NONE:
    case SEC_OTHER:
    case SEC_DOMAIN:
    case SEC_STATUS:
    case SEC_KEYS:
      break;
  }
  /* top level */
  switch (e->field) {
    case WF_NAME:
      if (reserved_word(v, vn)) {
        st->reserved_value = true; /* IANA "Name: IANA_RESERVED" */
      }
      break;
    case WF_ORG:
      if (st->rpsl) {
        set_val(&st->reg_org, v, vn, 1); /* IANA "organisation:" */
      }
      break;
    case WF_PERSON:
      if (st->rpsl) {
        set_val(&st->reg_name, v, vn, 1); /* .ru "person:" */
      }
      break;
    case WF_DESCR:
      if (st->rpsl && !st->descr_seen) {
        set_val(&st->reg_name, v, vn, 1); /* .fi holder */
      }
      st->descr_seen = true;
      break;
    case WF_CREATED:
      set_time(st, &st->created, v, vn, e->prio);
      break;
    case WF_UPDATED:
      set_time(st, &st->updated, v, vn, e->prio);
      break;
    case WF_EXPAMBIG:
      set_time(st, &st->expambig, v, vn, e->prio);
      break;
    case WF_STATUS:
      add_status(st, v, vn);
      break;
    case WF_NS:
      (void)add_ns(st, v, vn);
      break;
    default:
      break;
  }
}

static void apply_kv(struct wp_state *st, const struct wp_label *e,
                     const struct wp_kv *kv, const struct wp_line *ln)
{
  const char *v  = kv->val;
  size_t      vn = kv->valn;
  size_t      a  = 0;
  size_t      an;

  if (e == NULL) {
    if (registrant_label(kv->label)) {
      st->reg_seen = true;
    }
    if (vn == 0 && st->sec == SEC_NONE && !st->rpsl) {
      open_section(st, SEC_OTHER, ln);
    }
    return;
  }
  if (st->sec == SEC_SKIP) {
    return;
  }
  if (e->field == WF_REGNAME || e->field == WF_REGORG ||
      e->field == WF_REGPLAIN || e->field == WF_HANDLE) {
    st->reg_seen = true;
  }
  if (vn == 0) {
    if (st->rpsl || e->field == WF_IGNORE) {
      return;
    }
    if (e->opens != SEC_NONE) {
      open_section(st, e->opens, ln);
    } else if (st->sec == SEC_NONE) {
      open_section(st, SEC_OTHER, ln);
    }
    return;
  }
  if ((e->flags & WL_REGEVID) != 0) {
    st->regevid = true;
  }
  if ((e->flags & WL_GEN) != 0) {
    apply_generic(st, e, v, vn);
    if (e->field == WF_STATUS || e->field == WF_NS) {
      st->cont        = e->field;
      st->cont_indent = ln->indent;
    }
    return;
  }
  switch (e->field) {
    case WF_DOMAIN:
      an = next_token(v, vn, &a);
      set_val(&st->domain, v + a, an, e->prio);
      break;
    case WF_REGISTRAR:
      set_registrar(st, v, vn, e->prio);
      break;
    case WF_IANA:
      set_iana(st, v, vn);
      break;
    case WF_REGWHOIS:
      if (referral_ok(v, vn)) {
        set_val(&st->regwhois, v, vn, e->prio);
      }
      break;
    case WF_REFER:
      set_val(&st->refer, v, vn, e->prio);
      break;
    case WF_CREATED:
      set_time(st, &st->created, v, vn, e->prio);
      break;
    case WF_UPDATED:
      set_time(st, &st->updated, v, vn, e->prio);
      break;
    case WF_EXPIRES:
      set_time(st, &st->expires, v, vn, e->prio);
      break;
    case WF_EXPAMBIG:
      set_time(st, &st->expambig, v, vn, e->prio);
      break;
    case WF_REXPIRES:
      set_time(st, &st->rexpires, v, vn, e->prio);
      break;
    case WF_STATUS:
      add_status(st, v, vn);
      st->cont        = WF_STATUS;
      st->cont_indent = ln->indent;
      break;
    case WF_NS:
      (void)add_ns(st, v, vn);
      st->cont        = WF_NS;
      st->cont_indent = ln->indent;
      break;
    case WF_DNSSEC:
      set_dnssec(st, v, vn);
      break;
    case WF_DSRDATA:
      st->dnssec = 1;
      break;
    case WF_KEYS:
      st->keys_seen = true;
      st->keys_lines++;
      break;
    case WF_REGNAME:
      set_val(&st->reg_name, v, vn, e->prio);
      break;
    case WF_REGORG:
      set_val(&st->reg_org, v, vn, e->prio);
      break;
    case WF_REGPLAIN:
      set_val(&st->reg_plain, v, vn, e->prio);
      if (st->rpsl && dc_wptext_handle_like(v, vn)) {
        set_val(&st->handle, v, vn, e->prio); /* .cz/.ua "registrant:" */
      }
      break;
    case WF_HANDLE:
      set_val(&st->handle, v, vn, e->prio);
      break;
    case WF_SKIP:
      if (!st->rpsl) {
        open_section(st, SEC_SKIP, ln);
      }
      break;
    default:
      break;
  }
}

/* "Record created on 2005-04-15 21:43:27", "Domain expires on 06-Nov-2008" */
static bool on_form(struct wp_state *st, const struct wp_line *ln)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(on_forms); i++) {
    const char *ph = on_forms[i].phrase;
    size_t      m  = strlen(ph);
    const char *v;
    size_t      vn;
    if (ln->len <= m || !eq_ci(ln->s, m, ph, m) ||
        !(blank(ln->s[m]) || ln->s[m] == ':')) {
      continue;
    }
    v  = ln->s + m;
    vn = ln->len - m;
    while (vn > 0 && (blank(v[0]) || v[0] == ':')) {
      v++;
      vn--;
    }
    while (vn > 0 && (v[vn - 1] == '.' || blank(v[vn - 1]))) {
      vn--;
    }
    if (st->sec == SEC_SKIP || st->sec == SEC_CONTACT) {
      return true;
    }
    switch (on_forms[i].field) {
      case WF_CREATED:
        set_time(st, &st->created, v, vn, 3);
        break;
      case WF_UPDATED:
        set_time(st, &st->updated, v, vn, 3);
        break;
      default:
        set_time(st, &st->expambig, v, vn, 3);
        break;
    }
    return true;
  }
  return false;
}

/* ---- block layouts ------------------------------------------------------- */

static void text_line(struct wp_state *st, const struct wp_line *ln)
{
  struct wp_kv           kv;
  const struct wp_label *e;

  /* name-server lists: a host name first, even with an IPv6 glue */
  if (st->sec == SEC_NS ||
      (st->cont == WF_NS && ln->indent > st->cont_indent)) {
    size_t a  = 0;
    size_t an = next_token(ln->s, ln->len, &a);
    if (an > 0 && ln->s[a + an - 1] != ':' && add_ns(st, ln->s, ln->len)) {
      return;
    }
  }
  if (on_form(st, ln)) {
    st->cont = WF_NONE;
    return;
  }
  if (split_kv(ln->s, ln->len, &kv)) {
    e = find_label(kv.label);
    /* in a flat section a registry-level label ends it */
    if (st->sec != SEC_NONE && st->sec_mode == 2 && e != NULL &&
        (e->flags & WL_GEN) == 0 && e->field != WF_IGNORE) {
      close_section(st);
    }
    st->cont = WF_NONE;
    apply_kv(st, e, &kv, ln);
    return;
  }
  if (st->cont == WF_STATUS && ln->indent > st->cont_indent) {
    add_status(st, ln->s, ln->len); /* Tucows status on indented lines */
    return;
  }
  st->cont = WF_NONE;
  if (ln->len <= WP_HEADER_MAX) {
    char label[WP_LABEL_MAX];
    if (norm_label(ln->s, ln->len, label, sizeof(label)) > 0) {
      e = find_label(label);
      if (e != NULL && e->opens != SEC_NONE && e->field != WF_DOMAIN &&
          e->field != WF_STATUS) {
        open_section(st, e->opens, ln); /* .it/.dk "Registrant" */
        return;
      }
    }
  }
  if (st->sec != SEC_NONE) {
    section_text(st, ln);
  }
}

static void parse_blocks(struct wp_state *st)
{
  size_t i;
  for (i = 0; i < st->nlines && st->status == DC_OK; i++) {
    const struct wp_line *ln = &st->lines[i];
    if (ln->kind == LK_COMMENT) {
      continue;
    }
    if (ln->kind == LK_BLANK || ln->kind == LK_SPACES) {
      /* TWNIC: a blank line indented inside the block belongs to it */
      if (ln->kind == LK_SPACES && st->sec != SEC_NONE &&
          ln->indent > st->sec_indent) {
        continue;
      }
      /* "Name Servers Information:", a blank line, then the list */
      if (st->sec != SEC_NONE && st->sec_mode == 0 && !st->sec_blank) {
        st->sec_blank = true;
        continue;
      }
      close_section(st);
      st->cont = WF_NONE;
      continue;
    }
    if (st->sec != SEC_NONE) {
      if (st->sec_mode == 0) {
        st->sec_mode = ln->indent > st->sec_indent ? 1 : 2;
      } else if (st->sec_mode == 1 && ln->indent <= st->sec_indent) {
        close_section(st);
      }
    }
    if (st->sec == SEC_SKIP) {
      continue;
    }
    text_line(st, ln);
  }
  close_section(st);
}

/* ---- RPSL ---------------------------------------------------------------- */

static bool rpsl_secondary(const char *label)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(rpsl_objects); i++) {
    if (strcmp(label, rpsl_objects[i]) == 0) {
      return true;
    }
  }
  return false;
}

/* "% Registrar:" over the .ua registrar object. */
static void rpsl_comment(struct wp_state *st, const struct wp_line *ln)
{
  struct wp_kv           kv;
  const struct wp_label *e;
  const char            *p = ln->s;
  size_t                 n = ln->len;
  while (n > 0 && (p[0] == '%' || p[0] == '#' || blank(p[0]))) {
    p++;
    n--;
  }
  if (!split_kv(p, n, &kv) || kv.valn != 0) {
    return;
  }
  e = find_label(kv.label);
  if (e != NULL && e->opens != SEC_NONE) {
    st->csec = e->opens;
  } else if (strstr(kv.label, "contact") != NULL) {
    st->csec = SEC_CONTACT;
  }
}

static void rpsl_resolve(struct wp_state *st)
{
  size_t i = 0;
  while (i < st->nlines) {
    struct wp_kv  kv;
    size_t        j;
    struct wp_val name    = {NULL, 0, 0};
    struct wp_val org     = {NULL, 0, 0};
    struct wp_val contact = {NULL, 0, 0};
    bool          is_org  = false;
    if (st->lines[i].kind != LK_TEXT) {
      i++;
      continue;
    }
    j = i + 1;
    while (j < st->nlines && st->lines[j].kind == LK_TEXT) {
      j++;
    }
    if (!split_kv(st->lines[i].s, st->lines[i].len, &kv) ||
        !eq_ci(kv.val, kv.valn, st->handle.p, st->handle.n) ||
        !rpsl_secondary(kv.label)) {
      i = j;
      continue;
    }
    for (i = i + 1; i < j; i++) {
      const struct wp_label *e;
      if (!split_kv(st->lines[i].s, st->lines[i].len, &kv)) {
        continue;
      }
      e = find_label(kv.label);
      if (e == NULL) {
        continue;
      }
      if (e->field == WF_TYPE) {
        char t[16];
        squeeze(kv.val, kv.valn, t, sizeof(t));
        is_org = strncmp(t, "organi", 6) == 0 || strncmp(t, "role", 4) == 0;
      } else if (e->field == WF_CONTACT) {
        set_val(&contact, kv.val, kv.valn, 1);
      } else if (e->field == WF_NAME || e->field == WF_PERSON) {
        set_val(&name, kv.val, kv.valn, 1);
      } else if (e->field == WF_ORG) {
        set_val(&org, kv.val, kv.valn, 1);
      }
    }
    /* AFNIC: "type: ORGANIZATION" + "contact: <name>" is the company */
    if (is_org && org.n == 0) {
      org = contact;
    } else if (name.n == 0) {
      name = contact;
    }
    if (name.n > 0 || org.n > 0) {
      set_val(&st->reg_name, name.p, name.n, 1);
      set_val(&st->reg_org, org.p, org.n, 1);
      if (eq_ci(st->reg_plain.p, st->reg_plain.n, st->handle.p, st->handle.n)) {
        st->reg_plain.n    = 0;
        st->reg_plain.prio = 0;
      }
    }
    return;
  }
  /* an unresolved handle is not a name */
  if (eq_ci(st->reg_plain.p, st->reg_plain.n, st->handle.p, st->handle.n)) {
    st->reg_plain.n    = 0;
    st->reg_plain.prio = 0;
  }
}

static void parse_rpsl(struct wp_state *st)
{
  size_t i = 0;
  while (i < st->nlines && st->status == DC_OK) {
    struct wp_kv kv;
    size_t       j;
    size_t       first;
    bool         secondary;
    if (st->lines[i].kind == LK_COMMENT) {
      rpsl_comment(st, &st->lines[i]);
      i++;
      continue;
    }
    if (st->lines[i].kind != LK_TEXT) {
      i++;
      continue;
    }
    j = i;
    while (j < st->nlines && st->lines[j].kind == LK_TEXT) {
      j++;
    }
    secondary = split_kv(st->lines[i].s, st->lines[i].len, &kv) &&
                rpsl_secondary(kv.label);
    first   = i;
    st->sec = st->csec;
    for (; i < j; i++) {
      const struct wp_label *e;
      if (!split_kv(st->lines[i].s, st->lines[i].len, &kv)) {
        continue;
      }
      e = find_label(kv.label);
      if (secondary) {
        if (e != NULL && e->field == WF_NS) {
          (void)add_ns(st, kv.val, kv.valn); /* .cz nsset, .fr ns-list */
        } else if (e != NULL && e->field == WF_REGISTRAR && i == first) {
          set_registrar(st, kv.val, kv.valn, 1); /* .ua registrar object */
        }
        continue;
      }
      apply_kv(st, e, &kv, &st->lines[i]);
    }
    st->sec = SEC_NONE;
  }
  if (st->handle.n > 0) {
    rpsl_resolve(st);
  }
}

static bool detect_rpsl(const struct wp_state *st)
{
  size_t i;
  for (i = 0; i < st->nlines; i++) {
    const struct wp_line *ln = &st->lines[i];
    if (ln->kind == LK_TEXT && ln->indent == 0 && ln->len > 7 &&
        memcmp(ln->s, "domain:", 7) == 0) {
      return true;
    }
  }
  return false;
}

/* ---- registry conventions: the {server, handler} table (rule 12) --------- */

static bool registered(const struct wp_state *st)
{
  return st->rec->answer == DC_ANSWER_REGISTERED;
}

/* Nominet (.uk) has not shown registrants since 2018 (GDPR): a registered
 * reply without a Registrant section is a withheld one. */
static void nominet_post(struct wp_state *st)
{
  if (registered(st) && !st->reg_seen && st->rec->registrant_name == NULL &&
      st->rec->registrant_org == NULL) {
    st->rec->redacted = true;
  }
}

/* EURid and DNS Belgium list DS keys under "Keys:"; an empty list is an
 * unsigned delegation. */
static void eurid_post(struct wp_state *st)
{
  if (registered(st) && st->keys_seen && st->rec->dnssec < 0) {
    st->rec->dnssec = st->keys_lines > 0 ? 1 : 0;
  }
}

static const struct wp_handler handlers[] = {
    {"whois.nic.uk", nominet_post},
    {"whois.dns.be", eurid_post},
    {"whois.eu", eurid_post},
};

static const struct wp_handler *find_handler(const char *server)
{
  size_t i;
  if (server == NULL) {
    return NULL;
  }
  for (i = 0; i < DC_ARRAY_LEN(handlers); i++) {
    if (eq_ci(server, strlen(server), handlers[i].server,
              strlen(handlers[i].server))) {
      return &handlers[i];
    }
  }
  return NULL;
}

/* ---- the record ---------------------------------------------------------- */

static char *dup_val(struct wp_state *st, const struct wp_val *v)
{
  char *s;
  if (v->n == 0) {
    return NULL;
  }
  s = dc_wptext_dup_clean(v->p, v->n, WP_VALUE_MAX);
  if (s == NULL) {
    st->status = DC_ENOMEM;
    return NULL;
  }
  if (s[0] == '\0') {
    dc_free(s);
    return NULL;
  }
  return s;
}

static void ascii_lower(char *s)
{
  for (; s != NULL && *s != '\0'; s++) {
    *s = lower(*s);
  }
}

/* Top-level domain of the query ("dk" of "google.dk"). */
static const char *query_tld(const struct wp_state *st)
{
  const char *q = st->hints != NULL ? st->hints->query : NULL;
  const char *dot;
  if (q == NULL) {
    return NULL;
  }
  dot = strrchr(q, '.');
  return dot != NULL ? dot + 1 : q;
}

/* Is the reply the registry's, for an expiry printed without owner? */
static bool registry_side(const struct wp_state *st)
{
  const char    *server = st->hints != NULL ? st->hints->server : NULL;
  const char    *tld    = query_tld(st);
  enum dc_origin origin =
      st->hints != NULL ? st->hints->origin : DC_ORIGIN_UNKNOWN;

  if (origin == DC_ORIGIN_REGISTRY || st->rexpires.prio > 0 || st->regevid ||
      has_phrase(st, registry_phrases, DC_ARRAY_LEN(registry_phrases))) {
    return true;
  }
  /* it names another server as the registrar's */
  if (server != NULL && st->regwhois.n > 0 &&
      !eq_ci(st->regwhois.p, st->regwhois.n, server, strlen(server))) {
    return true;
  }
  if (server != NULL && tld != NULL) {
    size_t sl = strlen(server);
    size_t tl = strlen(tld);
    /* ICANN's whois.nic.<tld>, or a ccTLD's own host ("whois.dk-hostmaster
     * .dk" for .dk) */
    if ((sl == 10 + tl && eq_ci(server, 10, "whois.nic.", 10) &&
         eq_ci(server + 10, tl, tld, tl)) ||
        (tl == 2 && sl > 3 && server[sl - 3] == '.' &&
         eq_ci(server + sl - 2, 2, tld, 2))) {
      return true;
    }
  }
  if (origin == DC_ORIGIN_REGISTRAR) {
    return false;
  }
  return !(server != NULL && st->regwhois.n > 0);
}

static void put_time(struct dc_time *dst, const struct wp_tval *tv)
{
  if (tv->prio > 0) {
    *dst = tv->t;
  }
}

/* "(1619)" after the registrar name is an IANA id when IANA says so. */
static void iana_from_suffix(struct wp_state *st)
{
  const char *name = st->rec->registrar_name;
  const char *open;
  size_t      n;
  int64_t     id = 0;
  const char *p;
  if (name == NULL || st->hints == NULL || st->hints->iana_name == NULL) {
    return;
  }
  n = strlen(name);
  if (n < 3 || name[n - 1] != ')') {
    return;
  }
  open = strrchr(name, '(');
  if (open == NULL || name + n - 1 - open < 2 || name + n - 1 - open > 10) {
    return;
  }
  for (p = open + 1; p < name + n - 1; p++) {
    if (*p < '0' || *p > '9') {
      return;
    }
    id = id * 10 + (*p - '0');
  }
  if (st->hints->iana_name(st->hints->iana_ud, id) != NULL) {
    st->rec->registrar_iana_id = id;
  }
}

static void fill_registrant(struct wp_state *st)
{
  struct dc_record *r     = st->rec;
  struct wp_val     name  = st->reg_name;
  struct wp_val     org   = st->reg_org;
  bool              red   = false;
  enum dc_wp_holder cname = DC_WPH_EMPTY;
  enum dc_wp_holder corg  = DC_WPH_EMPTY;

  if (st->reg_plain.n > 0) {
    /* "Registrant: X" is the holder, or the organisation when a contact
     * name is printed too (.au, .br "owner" + "responsible") */
    if (name.n > 0) {
      if (org.n == 0) {
        org = st->reg_plain;
      }
    } else {
      name = st->reg_plain;
    }
  }
  if (name.n > 0) {
    cname = dc_wptext_holder(name.p, name.n);
  }
  if (org.n > 0) {
    corg = dc_wptext_holder(org.p, org.n);
  }
  if (cname == DC_WPH_PLACEHOLDER || corg == DC_WPH_PLACEHOLDER ||
      cname == DC_WPH_PRIVACY_CO || corg == DC_WPH_PRIVACY_CO) {
    red = true;
  }
  if (cname == DC_WPH_EMPTY || cname == DC_WPH_PLACEHOLDER ||
      (red && dc_wptext_role_name(name.p, name.n))) {
    name.n = 0;
  }
  if (corg == DC_WPH_EMPTY || corg == DC_WPH_PLACEHOLDER) {
    org.n = 0;
  }
  r->registrant_name = dup_val(st, &name);
  r->registrant_org  = dup_val(st, &org);
  if (r->answer == DC_ANSWER_REGISTERED && r->registrant_name == NULL && !red) {
    /* GDPR-era minimum data set: name withheld, the reply says so */
    red = has_phrase(st, strong_notices, DC_ARRAY_LEN(strong_notices)) ||
          (st->reg_seen &&
           (r->registrant_org == NULL ||
            has_phrase(st, weak_notices, DC_ARRAY_LEN(weak_notices))));
  }
  r->redacted = red;
}

static void fill_record(struct wp_state *st)
{
  struct dc_record *r = st->rec;

  r->domain = dup_val(st, &st->domain);
  ascii_lower(r->domain);
  r->registrar_name = dup_val(st, &st->registrar);
  if (st->iana >= 0) {
    r->registrar_iana_id = st->iana;
  } else {
    iana_from_suffix(st);
  }
  r->registrar_whois = dup_val(st, &st->regwhois);
  if (r->registrar_whois != NULL && strchr(r->registrar_whois, '/') == NULL &&
      strchr(r->registrar_whois, ':') == NULL) {
    ascii_lower(r->registrar_whois);
  }
  put_time(&r->created, &st->created);
  put_time(&r->updated, &st->updated);
  put_time(&r->expires, &st->expires);
  put_time(&r->registrar_expires, &st->rexpires);
  if (st->expambig.prio > 0) {
    if (registry_side(st)) {
      if (r->expires.kind == DC_TIME_NONE) {
        r->expires = st->expambig.t;
      }
    } else if (r->registrar_expires.kind == DC_TIME_NONE) {
      r->registrar_expires = st->expambig.t;
    }
  }
  r->dnssec = st->dnssec;
  fill_registrant(st);
}

static void clear_record(struct dc_record *r)
{
  enum dc_answer a      = r->answer;
  char          *server = r->server;
  r->server             = NULL;
  dc_record_clear(r);
  r->answer = a;
  r->source = DC_SOURCE_WHOIS;
  r->server = server;
}

static dc_status_t set_detail(struct dc_record *r, const char *text)
{
  dc_free(r->detail);
  r->detail = dc_strdup(text);
  return r->detail == NULL ? DC_ENOMEM : DC_OK;
}

/* "reserved" used of the name: "is reserved", "been reserved", "reserved
 * list", "Reserved by DotAsia", "reserved name"; not "All rights reserved"
 * nor "reserves the right". */
static bool reserved_phrase(const struct wp_state *st)
{
  static const char *const before[] = {"is ", "been ", "was ", "are "};
  static const char *const after[]  = {" list",   " by",   " name",
                                       " domain", " word", "."};
  const char              *p        = st->low;
  const char              *end      = st->low + st->lowlen;
  if (has_phrase(st, reserved_phrases, DC_ARRAY_LEN(reserved_phrases))) {
    return true;
  }
  while (p < end) {
    const char *hit = strstr(p, "reserved");
    size_t      i;
    size_t      off;
    bool        ok = false;
    if (hit == NULL) {
      break;
    }
    off = (size_t)(hit - st->low);
    p   = hit + 8;
    if ((off >= 7 && memcmp(hit - 7, "rights ", 7) == 0) ||
        (off >= 11 && memcmp(hit - 11, "rights are ", 11) == 0)) {
      continue;
    }
    for (i = 0; i < DC_ARRAY_LEN(before) && !ok; i++) {
      size_t m = strlen(before[i]);
      ok       = off >= m && memcmp(hit - m, before[i], m) == 0;
    }
    for (i = 0; i < DC_ARRAY_LEN(after) && !ok; i++) {
      size_t m = strlen(after[i]);
      ok       = (size_t)(end - p) >= m && memcmp(p, after[i], m) == 0;
    }
    if (ok || (off == 0 && p == end)) {
      return true;
    }
  }
  return false;
}

static void decide(struct wp_state *st)
{
  struct dc_record *r = st->rec;
  bool              record;
  bool              referral;

  /* an update time alone is the database's stamp ("Last updated on") */
  record = st->created.prio > 0 || st->expires.prio > 0 ||
           st->expambig.prio > 0 || st->rexpires.prio > 0 || r->status.n > 0 ||
           r->name_servers.n > 0 || st->registrar.n > 0;
  /* IANA: "refer:", or the RPSL object of a TLD ("domain: CN") naming
   * the registry's server */
  if (st->domain.n > 0 && memchr(st->domain.p, '.', st->domain.n) == NULL) {
    referral = st->refer.n > 0 || (st->rpsl && st->regwhois.n > 0);
  } else {
    referral = st->refer.n > 0 && st->domain.n == 0;
  }
  if (st->empty) {
    r->answer = DC_ANSWER_OTHER;
    clear_record(r);
    st->status = set_detail(r, "empty reply");
    return;
  }
  if (referral) {
    /* IANA: the TLD's object and the server to ask next */
    struct wp_val refer = st->refer.n > 0 ? st->refer : st->regwhois;
    r->answer           = DC_ANSWER_OTHER;
    clear_record(r);
    r->registrar_whois = dup_val(st, &refer);
    ascii_lower(r->registrar_whois);
    if (st->status == DC_OK) {
      st->status = set_detail(r, "referral to another WHOIS server");
    }
    return;
  }
  if (record) {
    r->answer = st->reserved_value ? DC_ANSWER_RESERVED : DC_ANSWER_REGISTERED;
    fill_record(st);
    return;
  }
  if (has_phrase(st, rate_phrases, DC_ARRAY_LEN(rate_phrases))) {
    r->answer = DC_ANSWER_RATE_LIMITED;
  } else if (has_phrase(st, invalid_phrases, DC_ARRAY_LEN(invalid_phrases))) {
    r->answer = DC_ANSWER_INVALID_QUERY;
  } else if (has_phrase(st, outage_phrases, DC_ARRAY_LEN(outage_phrases))) {
    r->answer  = DC_ANSWER_OTHER;
    st->status = set_detail(r, "service outage notice");
  } else if (st->reserved_value || reserved_phrase(st)) {
    r->answer = DC_ANSWER_RESERVED;
  } else if (st->free_status ||
             has_phrase(st, notfound_phrases, DC_ARRAY_LEN(notfound_phrases))) {
    r->answer = DC_ANSWER_NOT_FOUND;
  } else {
    r->answer  = DC_ANSWER_UNPARSABLE;
    st->status = set_detail(r, "no domain record and no known answer "
                               "phrase in the WHOIS reply");
  }
  if (r->answer != DC_ANSWER_OTHER && r->answer != DC_ANSWER_UNPARSABLE) {
    clear_record(r);
  } else {
    /* keep only the detail */
    char *detail = r->detail;
    r->detail    = NULL;
    clear_record(r);
    r->detail = detail;
  }
}

dc_status_t dc_whois_parse(struct dc_record *rec, const char *text, size_t len,
                           const struct dc_parse_hints *hints)
{
  struct wp_state          st;
  const struct wp_handler *handler;
  dc_status_t              status;

  if (rec == NULL || (text == NULL && len > 0)) {
    return DC_EINVAL;
  }
  dc_record_clear(rec);
  memset(&st, 0, sizeof(st));
  st.hints  = hints;
  st.rec    = rec;
  st.iana   = -1;
  st.dnssec = -1;
  st.status = DC_OK;
  if (hints != NULL && hints->zone != NULL && hints->zone[0] != '\0') {
    st.tctx.zone = hints->zone;
  }
  rec->source = DC_SOURCE_WHOIS;
  if (hints != NULL && hints->server != NULL) {
    rec->server = dc_strdup(hints->server);
    if (rec->server == NULL) {
      status = DC_ENOMEM;
      goto done;
    }
  }
  status = load_input(&st, text != NULL ? text : "", len);
  if (status != DC_OK) {
    goto done;
  }
  st.rpsl = detect_rpsl(&st);
  if (st.rpsl) {
    parse_rpsl(&st);
  } else {
    parse_blocks(&st);
  }
  if (st.status != DC_OK) {
    status = st.status;
    goto done;
  }
  decide(&st);
  handler = find_handler(hints != NULL ? hints->server : NULL);
  if (handler != NULL) {
    handler->post(&st);
  }
  status = st.status;
done:
  if (status != DC_OK) {
    dc_record_clear(rec);
  }
  dc_free(st.buf);
  dc_free(st.low);
  dc_free(st.lines);
  return status;
}
