/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/subject.h - the filing subject (--subject FILE) and ID checks
 *
 *  The file is JSON (schema in README.md). Loading refuses only what makes
 *  the file unusable: not JSON, a missing required field, an unknown key,
 *  a value of the wrong JSON type or outside its enumeration (exit 65).
 *  Whether an ID number is plausible (check digit, region, birth date) is
 *  judged later by the check `subject-valid`, with the functions below.
 */
#pragma once

#include "common.h"

/* Largest subject file accepted (DC_ETOOBIG above it). */
#define DC_SUBJECT_MAX_BYTES ((size_t)1024 * 1024)

enum dc_subject_type { DC_SUBJECT_INDIVIDUAL, DC_SUBJECT_ORGANIZATION };

/* ID document types; the JSON names are in subject.c's table. */
enum dc_id_type {
  DC_ID_NONE = 0,
  /* individuals */
  DC_ID_RESIDENT,        /* resident-id: 居民身份证 */
  DC_ID_PASSPORT,        /* passport: 护照 */
  DC_ID_HK_MACAO_PERMIT, /* hk-macao-permit: 港澳居民来往内地通行证 */
  DC_ID_TAIWAN_PERMIT,   /* taiwan-permit: 台湾居民来往大陆通行证 */
  DC_ID_FOREIGN_PERMANENT, /* foreign-permanent-id: 外国人永久居留身份证 */
  DC_ID_HK_MACAO_RESIDENCE, /* hk-macao-residence-permit: 港澳居民居住证 */
  DC_ID_TAIWAN_RESIDENCE,   /* taiwan-residence-permit: 台湾居民居住证 */
  DC_ID_MILITARY,           /* military-id: 军官证 */
  /* organizations */
  DC_ID_USCC,             /* uscc: 统一社会信用代码 (GB 32100-2015) */
  DC_ID_ORG_CODE,         /* org-code: 组织机构代码 (GB 11714) */
  DC_ID_BUSINESS_LICENSE, /* business-license: 营业执照注册号 (old) */
  DC_ID_INSTITUTION, /* institution-certificate: 事业单位法人证书 */
  DC_ID_SOCIAL_ORG, /* social-org-certificate: 社会团体法人登记证书 */
  DC_ID_NON_ENTERPRISE, /* non-enterprise-certificate: 民办非企业单位登记证书 */
  DC_ID_FOUNDATION, /* foundation-certificate: 基金会法人登记证书 */
  DC_ID_LAW_FIRM,   /* law-firm-license: 律师事务所执业许可证 */
  DC_ID_OTHER,      /* other: any other document */
  DC_ID_COUNT_
};

/* JSON name ("resident-id"); NULL for DC_ID_NONE and out-of-range values. */
const char *dc_id_type_name(enum dc_id_type t);
/* The JSON name, or the Chinese name in the comments above (居民身份证);
 * exact match. DC_ID_NONE if unknown or NULL. */
enum dc_id_type dc_id_type_from_name(const char *name);
/* Personal documents and DC_ID_OTHER true; used for legal reps. */
bool dc_id_type_is_personal(enum dc_id_type t);

struct dc_person {
  char           *name;
  enum dc_id_type id_type;
  char           *id_number;
};

/* The registrar's real-name record of one domain (domain certificate). */
struct dc_domain_owner {
  char           *domain; /* key as written in the file */
  char           *name;
  enum dc_id_type id_type;   /* NONE when not given */
  char           *id_number; /* NULL when not given or blank */
  bool            has_verified_at;
  int64_t         verified_at; /* 00:00 UTC of the date, or exact time */
  unsigned        line;        /* line of the domain key in the file */
};

struct dc_subject {
  char                *file; /* name for messages ("id.json") */
  enum dc_subject_type type;
  char                *name;
  enum dc_id_type      id_type;
  char                *id_number;
  bool                 has_id_valid_until;
  bool                 id_valid_long_term; /* "long-term" / "长期" */
  int64_t              id_valid_until; /* last day, 00:00 UTC; or INT64_MAX */
  bool                 has_legal_rep;
  struct dc_person     legal_rep;
  char                *province; /* as written, NULL if absent or blank */
  bool                 residence_permit;
  bool                 has_filing; /* a "filing" object was given */
  bool                 has_filing_type;
  dc_filing_type_t     filing_type;
  bool                 has_first_filed;
  int64_t              first_filed;
  struct dc_strlist    new_domains; /* as written */
  struct dc_domain_owner *owners;
  size_t                  nowners;
};

/* dc_subject_parse / dc_subject_load / dc_subject_destroy are public.
 * Deep copy: *out is owned by the caller (dc_subject_destroy). DC_EINVAL,
 * DC_ENOMEM. */
dc_status_t dc_subject_copy(struct dc_subject      **out,
                            const struct dc_subject *src);

/* ---- ID plausibility ----------------------------------------------------- */

enum dc_id_check {
  DC_IDCHK_OK = 0,
  DC_IDCHK_LENGTH,    /* wrong number of characters */
  DC_IDCHK_CHARS,     /* characters outside the allowed set */
  DC_IDCHK_REGION,    /* region code no province has */
  DC_IDCHK_BIRTHDATE, /* impossible or future birth date */
  DC_IDCHK_CHECKSUM   /* check character wrong */
};

struct dc_resident_id_info {
  char     province[3]; /* GB/T 2260 first two digits, "41" */
  char     region[7];   /* six-digit administrative code */
  int64_t  birth_year;
  unsigned birth_month;
  unsigned birth_day;
  bool     female;
};

/* 18-character resident ID (GB 11643-1999): region, birth date, ISO 7064
 * MOD 11-2 check character ('X' or 'x' for 10). as_of bounds the birth
 * date (not in the future). 15-digit first-generation numbers are
 * DC_IDCHK_LENGTH: they are no longer valid documents. The first failing
 * verdict is returned in the order LENGTH, CHARS, REGION, BIRTHDATE,
 * CHECKSUM. info (may be NULL) is zeroed, then filled as far as the number
 * could be read (region and sex once the characters are right, the birth
 * date once the region is). */
enum dc_id_check dc_resident_id_check(const char *id, int64_t as_of,
                                      struct dc_resident_id_info *info);

struct dc_uscc_info {
  char authority;   /* registration authority: '1' 机构编制, '5' 民政,
                       '9' 工商 (市场监管), ... */
  char kind;        /* organization kind within the authority */
  char province[3]; /* from the region code, chars 3-4 */
  char region[7];
};

/* 18-character unified social credit code (GB 32100-2015): alphabet
 * 0-9 A-H J-N P-R T-U W-Y, region code, embedded GB 11714 org code,
 * check character (MOD 31). Lower case is accepted. A registration
 * authority outside 1-9, A, N, Y or a non-digit region code is
 * DC_IDCHK_CHARS; a region whose first two digits no province has is
 * DC_IDCHK_REGION. The embedded org code is not checked on its own.
 * info (may be NULL) is zeroed, then filled once the characters are right
 * (authority and kind upper-cased). */
enum dc_id_check dc_uscc_check(const char *code, struct dc_uscc_info *info);

/* 9-character organization code (GB 11714-1997), "XXXXXXXX-Y" or
 * without the hyphen, check character MOD 11 ('X' for 10). Lower case is
 * accepted, as for the USCC. */
enum dc_id_check dc_org_code_check(const char *code);

/* Whole years of age at as_of (UTC) of someone born on y-m-d: the age
 * goes up on the birthday itself (29 February: on 1 March in common
 * years). Negative when the birth is after as_of. */
int dc_age_at(int64_t y, unsigned m, unsigned d, int64_t as_of);

/* Is the two-digit GB/T 2260 province code one of the 31 mainland
 * provinces (or 71 Taiwan, 81 Hong Kong, 82 Macao, 83 HK/Mo/Tw permit
 * holders' residence permits)? Reads the first two characters only, so
 * a whole ID number may be passed; NULL is false. */
bool dc_province_code_known(const char *two_digits);

/* Masked form of an ID number for output and logs: the first min(3, n/4)
 * and last min(4, n/4) characters shown, the rest as '*'
 * ("110***********123X"; fewer than 4 characters: all '*'). Characters are
 * UTF-8 code points (each masked one becomes one '*'). Writes into out
 * (NUL-terminated, truncated to outlen at a character boundary; NULL id
 * gives ""). */
void dc_id_mask(const char *id, char *out, size_t outlen);
