/*  SPDX-License-Identifier: MIT
 *  Copyright (C) domcheck contributors
 *  src/lib/msg.c - the bilingual texts of every finding, and rendering
 */
#include "msg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

struct msg {
  const char *code;
  const char *zh;
  const char *en;
  const char *fix_zh; /* NULL: nothing to fix */
  const char *fix_en;
};

/* Placeholders: {input} {domain} {tld} {suffix} {province} {registrar}
 * {server} {date} {days} {margin} {status} {registrant} {subject} {role}
 * {detail} {min} {ready} {n} {age} {count} {doc} {who}. */
static const struct msg msgs[] = {
    /* ---- domain-syntax ---- */
    {"domain-valid", "{input} 是有效的域名，备案的域名为 {domain}。",
     "{input} is a valid domain name; the domain filed is {domain}.", NULL,
     NULL},
    {"domain-invalid", "{input} 不是有效的域名：{detail}。",
     "{input} is not a valid domain name: {detail}.",
     "请检查拼写，按 example.com 或 例子.中国 的形式填写域名。",
     "Check the spelling; give the domain as example.com or 例子.中国."},

    /* ---- tld-approved ---- */
    {"tld-approved", "后缀 .{suffix} 在工信部批复的可备案顶级域名列表中。",
     "The suffix .{suffix} is on MIIT's list of approved top-level domains.",
     NULL, NULL},
    {"tld-not-approved",
     "后缀 .{tld} 不在工信部批复的可备案顶级域名列表中，该后缀的域名不能备案。",
     "The suffix .{tld} is not on MIIT's list of approved top-level domains: "
     "no site can be filed under it.",
     "请改用已批复后缀的域名，如 .cn、.中国、.com、.top。",
     "Use a domain under an approved suffix such as .cn, .中国, .com or .top."},
    {"tld-refused", "已知 .{tld} 后缀的域名不能办理 ICP 备案（{detail}）。",
     "Domains under .{tld} are known not to be accepted for ICP filing "
     "({detail}).",
     "请改用已批复后缀的域名，如 .cn、.中国、.com、.top。",
     "Use a domain under an approved suffix such as .cn, .中国, .com or .top."},
    {"tld-uncertain",
     "后缀 .{tld} "
     "能否备案尚不确定：有来源称可以，但服务商公布的工信部列表中没有。",
     "Whether .{tld} may be filed is uncertain: a source says so, MIIT's list "
     "as providers publish it does not.",
     "备案前请向接入服务商确认是否接受 .{tld}，或改用已批复后缀的域名。",
     "Ask your hosting provider whether .{tld} is accepted before filing, or "
     "use an approved suffix."},
    {"tld-refused-by-province", "{province}管局不接受 .{tld} 后缀的域名备案。",
     "The {province} bureau does not accept .{tld} domains.",
     "请改用该管局接受的后缀（如 .cn、.com）的域名备案。",
     "File a domain under a suffix the bureau accepts, such as .cn or .com."},
    {"tld-disputed-by-province",
     "关于{province}管局是否接受 .{tld}，各来源说法不一。",
     "Sources disagree on whether the {province} bureau accepts .{tld}.",
     "提交前请向接入服务商确认{province}管局是否接受 .{tld}。",
     "Confirm with your hosting provider that the {province} bureau accepts "
     ".{tld} before you submit."},
    {"suffix-reserved",
     ".{suffix} 下的域名仅供国家机关等政务部门使用，备案主体不是此类单位。",
     "Domains under .{suffix} are reserved to state bodies; the filing subject "
     "is not one.",
     "请改用其他后缀的域名备案。", "File a domain under another suffix."},
    {"suffix-reserved-unchecked",
     ".{suffix} "
     "下的域名仅供国家机关等政务部门使用，无法核对备案主体是否为此类单位。",
     "Domains under .{suffix} are reserved to state bodies; whether the "
     "subject is one could not be checked (no subject, or no unified social "
     "credit code).",
     "请确认主办单位为机关单位，并在主体文件中提供统一社会信用代码。",
     "Make sure the subject is a state body and give its unified social "
     "credit code in the subject file."},
    {"suffix-uncertain",
     "二级后缀 .{suffix} 不在服务商公布的可备案 .cn 二级域列表中。",
     ".{suffix} is not on the providers' table of fileable .cn second-level "
     "suffixes.",
     "备案前请向接入服务商确认。",
     "Confirm with your hosting provider before "
     "filing."},

    /* ---- registered ---- */
    {"registered", "注册局显示 {domain} 已注册（{server}）。",
     "The registry reports {domain} as registered ({server}).", NULL, NULL},
    {"not-registered",
     "注册局没有 {domain} 的记录：该域名尚未注册（{server}）。",
     "The registry has no record of {domain}: it is not registered "
     "({server}).",
     "请先在工信部批准的域名注册服务机构注册该域名并完成实名认证。",
     "Register the domain at an MIIT-approved registrar and complete "
     "real-name verification first."},
    {"reserved", "注册局保留或禁止注册 {domain}（{server}）。",
     "The registry withholds {domain} (reserved or prohibited name, "
     "{server}).",
     "请换用其他域名。", "Choose another domain."},
    {"rate-limited", "{server} 因查询频率限制拒绝回答，无法确认注册信息。",
     "{server} refused to answer because of the query rate; the registration "
     "could not be checked.",
     "请稍后重试，或提供已保存的查询结果（--whois-file）。",
     "Retry later, or give a saved reply (--whois-file)."},
    {"invalid-query", "{server} 拒绝了对 {domain} 的查询。",
     "{server} rejected the query for {domain}.",
     "请确认该域名由此服务器负责，或提供注册局的查询结果。",
     "Check that this server is responsible for the domain, or give the "
     "registry's reply."},
    {"unparsable", "无法读懂 {server} 的回复（{detail}），无法确认注册信息。",
     "The reply from {server} could not be understood ({detail}); the "
     "registration could not be checked.",
     "请重试；若持续出现，请用 --record 保存回复并报告。",
     "Retry; if it persists, save the reply with --record and report it."},
    {"no-data", "没有 {domain} 的注册信息：未取得 WHOIS 或 RDAP 回复。",
     "No registration data: no WHOIS or RDAP reply for {domain} was "
     "available.",
     "请联网查询，或用 --whois-file / --rdap-file 提供查询结果。",
     "Look it up online, or give a reply with --whois-file / --rdap-file."},
    {"evidence-mismatch", "提供的回复是关于 {detail} 的，而不是 {domain}。",
     "The reply given is about {detail}, not {domain}.",
     "请提供所查域名的 WHOIS/RDAP 回复。",
     "Give the WHOIS/RDAP reply for the domain being checked."},
    {"lookup-failed", "查询失败：{detail}。", "The lookup failed: {detail}.",
     "请检查网络和 DNS 设置后重试。",
     "Check the network and DNS settings, then retry."},

    /* ---- registrar-approved ---- */
    {"registrar-approved",
     "注册商 {registrar} 已获工信部批准（域名注册服务机构许可）。",
     "The registrar {registrar} holds MIIT's domain registration service "
     "licence.",
     NULL, NULL},
    {"registrar-likely-approved",
     "注册商 {registrar} 为境内注册商，视为已获工信部批准（domcheck "
     "未见其许可证）。",
     "The registrar {registrar} is a mainland registrar, taken as "
     "MIIT-approved (domcheck has not seen its licence).",
     NULL, NULL},
    {"registrar-unverified",
     "注册商 {registrar} 为 ICANN 认证的境内机构，但无法确认其获工信部批准。",
     "The registrar {registrar} is ICANN-accredited with a mainland name, but "
     "its MIIT approval could not be confirmed.",
     "请在工信部域名注册服务机构名单（domain.miit.gov."
     "cn）中核对，或将域名转入已批准的注册商。",
     "Check the registrar on MIIT's list (domain.miit.gov.cn), or transfer the "
     "domain to a known approved registrar."},
    {"registrar-not-approved",
     "注册商 {registrar} "
     "不是工信部批准的域名注册服务机构；境外注册商的域名不能直接备案。",
     "The registrar {registrar} is not an MIIT-approved registrar: domains at "
     "foreign registrars cannot be filed.",
     "请将域名转入工信部批准的境内注册商（如阿里云、腾讯云、新网、西部数码），"
     "并在新注册商完成实名认证。",
     "Transfer the domain to an MIIT-approved registrar (e.g. Alibaba Cloud, "
     "Tencent Cloud, Xin Net, West.cn) and complete real-name verification "
     "there."},
    {"registrar-refused-by-province",
     "注册商 {registrar} "
     "不是境内批准的注册商，{province}管局明确不接受境外注册商的域名。",
     "The registrar {registrar} is not an approved mainland registrar, and the "
     "{province} bureau explicitly refuses domains at foreign registrars.",
     "请将域名转入工信部批准的境内注册商，并完成实名认证。",
     "Transfer the domain to an MIIT-approved mainland registrar and complete "
     "real-name verification."},
    {"registrar-not-shown", "回复中没有注册商信息。",
     "The reply does not name the registrar.",
     "请查询注册商的 WHOIS 或提供域名证书。",
     "Look up the registrar's WHOIS, or attach the domain certificate."},

    /* ---- unexpired ---- */
    {"unexpired", "注册有效期至 {date}（剩余 {days} 天）。",
     "The registration runs until {date} ({days} days left).", NULL, NULL},
    {"expiring-soon", "注册将于 {date} 到期，仅剩 {days} 天。",
     "The registration expires on {date}, in {days} days.",
     "请在备案前续费域名。", "Renew the domain before filing."},
    {"expiry-margin-province",
     "{province}管局要求域名剩余有效期至少 {margin} 天；{domain} 将于 {date} "
     "到期，仅剩 {days} 天。",
     "The {province} bureau wants at least {margin} days of registration "
     "left; {domain} expires on {date}, in {days} days.",
     "请先续费域名，使剩余有效期超过 {margin} 天后再备案。",
     "Renew the domain so that more than {margin} days are left, then file."},
    {"expired", "域名注册已于 {date} 到期。",
     "The registration expired on {date}.", "请在注册商处续费或赎回域名。",
     "Renew or redeem the domain at its registrar."},
    {"expired-status", "注册局状态 {status} 表示域名已过期、正在删除流程中。",
     "The registry status {status} means the domain has expired and is being "
     "deleted.",
     "请在注册商处赎回域名，或待其释放后重新注册。",
     "Redeem the domain at its registrar, or register it again once it is "
     "released."},
    {"expiry-unknown", "回复中没有注册局的到期日期。",
     "The reply shows no registry expiry date.",
     "请提供注册局的 WHOIS/RDAP 回复或域名证书。",
     "Give the registry's WHOIS/RDAP reply or the domain certificate."},
    {"expiry-ambiguous",
     "到期时间 {date} 没有时区，且与评估时间过近，无法判断。",
     "The expiry time {date} carries no time zone and is too close to the "
     "evaluation time to decide.",
     "请稍后重新检查，或在注册商处确认到期时间。",
     "Check again later, or confirm the expiry at the registrar."},
    {"registrar-expiry-only",
     "只显示注册商的到期日期 {date}，注册局的可能不同。",
     "Only the registrar's expiry date ({date}) is shown; the registry's may "
     "differ.",
     "请提供注册局的 WHOIS/RDAP 回复以确认。",
     "Give the registry's WHOIS/RDAP reply to confirm."},

    /* ---- domain-status ---- */
    {"status-ok", "域名状态（{status}）正常，可以解析。",
     "The domain status ({status}) lets it resolve.", NULL, NULL},
    {"status-not-shown", "回复中没有域名状态。",
     "The reply shows no domain status.", NULL, NULL},
    {"on-hold",
     "域名处于 {status} 状态，无法解析（国内通常因未完成实名认证或被暂停）。",
     "The domain is on {status}: it does not resolve (in China usually missing "
     "real-name verification or a suspension).",
     "请在注册商处完成实名认证，或询问注册商域名被暂停的原因。",
     "Complete real-name verification at the registrar, or ask the registrar "
     "why the domain is held."},
    {"pending-transfer", "域名正在转移（{status}），注册商可能变更。",
     "A transfer is pending ({status}); the registrar may change.",
     "请待转移完成并在新注册商完成实名认证后再备案。",
     "Wait until the transfer completes and real-name verification is done at "
     "the new registrar."},
    {"inactive", "域名处于 inactive 状态（未设置 DNS 服务器）。",
     "The domain is inactive (no name servers delegated).",
     "请在注册商处设置 DNS 服务器。", "Set name servers at the registrar."},

    /* ---- registrant-match ---- */
    {"certificate-match",
     "注册商实名记录的持有人为 "
     "{registrant}，与{role}的姓名、证件类型和证件号码一致。",
     "The registrar's real-name record names {registrant}, matching the {role} "
     "by name, ID type and ID number.",
     NULL, NULL},
    {"certificate-name-match",
     "注册商实名记录的持有人 {registrant} "
     "与{role}姓名一致；记录中没有证件类型和号码，未比对。",
     "The registrar's real-name record names {registrant}, the {role}; it "
     "carries no ID type and number to compare.",
     NULL, NULL},
    {"name-match",
     "公开的注册人 {registrant} 与{role}一致；证件类型和号码不公开，未比对。",
     "The public registrant {registrant} is the {role}; ID type and number are "
     "not public and were not compared.",
     NULL, NULL},
    {"registrant-mismatch",
     "注册人 {registrant} 与备案主体（{subject}）不一致。",
     "The registrant {registrant} is not the filing subject ({subject}).",
     "请在注册商处将域名持有人变更为备案主体（单位可为其法定代表人）并重新实名"
     "认证，或以域名持有人名义备案。",
     "Change the registrant at the registrar to the filing subject (for an "
     "organization, or its legal representative) and redo real-name "
     "verification, or file under the registrant's name."},
    {"owner-not-allowed-by-province",
     "注册人为{role}，但{province}管局要求域名持有人为{allowed}。",
     "The registrant is the {role}, but the {province} bureau wants the "
     "domain held by {allowed}.",
     "请在注册商处将域名持有人变更为{allowed}并重新实名认证。",
     "Change the registrant at the registrar to {allowed} and redo real-name "
     "verification."},
    {"certificate-id-mismatch",
     "注册商实名记录的姓名一致，但证件类型或证件号码与{role}不同。",
     "The registrar's real-name record has the {role}'s name but another ID "
     "type or number.",
     "请核对域名实名信息与备案主体的证件，必要时在注册商处更正实名信息。",
     "Compare the domain's real-name data with the subject's ID and correct "
     "it at the registrar if needed."},
    {"privacy-protected",
     "注册人信息被 WHOIS 隐私保护隐藏；{province}管局要求关闭隐私保护。",
     "The registrant is hidden by WHOIS privacy protection; the {province} "
     "bureau requires it off.",
     "请在注册商处关闭 WHOIS 隐私保护，待公开 WHOIS 显示注册人后再备案。",
     "Turn off WHOIS privacy protection at the registrar and file once public "
     "WHOIS shows the registrant."},
    {"registrant-redacted",
     "公开 WHOIS/RDAP 中注册人已隐藏，且未提供注册商实名记录。",
     "The registrant is redacted in public WHOIS/RDAP and no real-name record "
     "was attached.",
     "请在主体文件的 domain_owner 中提供注册商的实名记录（域名证书）。",
     "Attach the registrar's real-name record (domain certificate) as "
     "domain_owner in the subject file."},
    {"registrant-not-shown", "回复中没有注册人信息（注册局的精简回复）。",
     "The reply shows no registrant (a thin registry answer).",
     "请查询注册商的 WHOIS，或在主体文件中提供域名证书。",
     "Look up the registrar's WHOIS, or attach the domain certificate to the "
     "subject file."},
    {"principal-unchecked",
     "注册人 {registrant} "
     "既非单位也非法定代表人；{province}"
     "管局也接受主体负责人，但主体文件未列出负责人。",
     "The registrant {registrant} is neither the organization nor its legal "
     "representative; the {province} bureau also accepts the principal, whom "
     "the subject file does not name.",
     "请确认 {registrant} 为主体负责人。",
     "Make sure {registrant} is the subject's principal."},
    {"public-registrant-differs",
     "实名记录一致，但公开的注册人 {registrant} 与之不同。",
     "The real-name record matches, but the public registrant {registrant} "
     "differs from it.",
     "请核对注册商处的持有人信息是否最新。",
     "Check that the holder data at the registrar is current."},
    {"no-subject", "未提供备案主体（--subject），不做此项核验。",
     "No filing subject was given (--subject): not checked.",
     "请用 --subject 提供备案主体文件。",
     "Give the filing subject with --subject."},
    {"no-record", "未确认域名已注册，不做此项核验。",
     "The registration was not established: not checked.", NULL, NULL},
    {"not-required", "此备案类型不核验该域名。",
     "This filing type does not verify this domain.", NULL, NULL},

    /* ---- real-name ---- */
    {"realname-verified", "注册商实名认证完成于 {date}，已满 {min} 天。",
     "The registrar's real-name verification was completed on {date}, at "
     "least {min} days ago.",
     NULL, NULL},
    {"realname-too-recent",
     "实名认证完成于 {date}，不满 {min} 天；工信部需要这段时间接收实名信息。",
     "The real-name verification of {date} is less than {min} days old; MIIT "
     "needs that long to receive it.",
     "请于 {ready} 之后再提交备案。", "Wait until {ready} before filing."},
    {"realname-hold",
     "注册局将域名置于 {status} 状态，这是 .cn/.中国 "
     "域名未完成实名认证的标志。",
     "The registry holds the domain ({status}), CNNIC's sign of missing "
     "real-name verification.",
     "请在注册商处完成域名实名认证。",
     "Complete real-name verification at the registrar."},
    {"realname-not-public",
     "公开 WHOIS/RDAP 无法显示实名认证状态；提供注册商实名记录后可核验。",
     "Real-name verification cannot be seen in public WHOIS/RDAP; attach the "
     "registrar's record to have it checked.",
     "请在主体文件的 domain_owner 中提供实名记录及认证日期（verified_at）。",
     "Add domain_owner with verified_at to the subject file."},
    {"realname-date-missing", "实名记录中没有认证日期，无法确认已满 {min} 天。",
     "The real-name record has no verification date: whether it is {min} days "
     "old could not be checked.",
     "请在 domain_owner 中填写 verified_at。",
     "Add verified_at to domain_owner."},
    {"certificate-required",
     "{province}管局要求本次备案提供域名证书（注册商实名记录），但未提供。",
     "The {province} bureau requires the domain certificate (the registrar's "
     "real-name record) for this filing; none was attached.",
     "请在主体文件的 domain_owner 中提供该域名的证书信息。",
     "Attach the domain certificate as domain_owner in the subject file."},

    /* ---- subject-valid ---- */
    {"subject-valid", "备案主体的证件信息合理（校验位、日期、属地）。",
     "The subject's documents are plausible (check characters, dates, "
     "locality).",
     NULL, NULL},
    {"id-invalid", "{who}的{doc}号码无效：{detail}。",
     "The {doc} number of the {who} is not valid: {detail}.",
     "请更正主体文件中的证件号码。",
     "Correct the ID number in the subject file."},
    {"id-type-mismatch", "{doc}不是{type}可用的证件。",
     "A {doc} is not a document for {type} subjects.",
     "请在主体文件中选择正确的证件类型。",
     "Choose the right ID type in the subject file."},
    {"id-expired", "备案主体的证件已于 {date} 过期。",
     "The subject's ID document expired on {date}.", "请更新证件后再备案。",
     "Renew the document before filing."},
    {"id-validity-province",
     "{province}管局要求证件剩余有效期至少 {n} 天；证件将于 {date} 到期。",
     "The {province} bureau wants the ID valid for at least {n} more days; it "
     "expires on {date}.",
     "请更新证件后再备案。", "Renew the document before filing."},
    {"id-validity-missing",
     "{province}管局要求证件剩余有效期至少 {n} 天，但主体文件未给出有效期。",
     "The {province} bureau wants the ID valid for at least {n} more days; the "
     "subject file gives no id_valid_until.",
     "请在主体文件中填写 id_valid_until。",
     "Add id_valid_until to the subject file."},
    {"id-not-local",
     "{province}管局只接受本省签发身份证的个人备案{permit}"
     "；该身份证签发地不在本省。",
     "The {province} bureau accepts individuals only with an ID issued in the "
     "province{permit}; this ID was issued elsewhere.",
     "请在身份证签发地所在省备案{permit_fix}。",
     "File in the province that issued the ID{permit_fix}."},
    {"id-local-unchecked",
     "{province}管局要求本地证件；{doc}无法显示属地，未核对。",
     "The {province} bureau wants a local ID; a {doc} does not show the "
     "locality and was not checked.",
     "请向接入服务商确认该证件能否在{province}备案。",
     "Ask your hosting provider whether this document is accepted in "
     "{province}."},
    {"under-age",
     "{province}管局不接受未满 {n} 周岁的{who}备案；其年龄为 {age} 岁。",
     "The {province} bureau does not accept a {who} under {n}; this one is "
     "{age}.",
     "请由年满 {n} 周岁的人员备案。", "Have a person aged {n} or over file."},
    {"proof-of-employment",
     "{province}管局要求未满 {n} 周岁的{who}提供就业证明；其年龄为 {age} 岁。",
     "The {province} bureau wants proof of employment from a {who} under {n}; "
     "this one is {age}.",
     "请准备就业证明随备案上传。",
     "Prepare proof of employment for the filing."},
    {"one-domain-per-site",
     "{province}管局要求一个网站只报备一个域名；本次备案新增 {count} "
     "个域名，需分别作为网站填写。",
     "The {province} bureau wants one domain per website; this filing adds "
     "{count} domains, each needs its own website entry.",
     "请为每个域名分别填写网站信息。", "Enter each domain as its own website."},
    {"extra-materials",
     "{province}管局要求域名超过 {n} 个时邮寄补充材料；本次备案有 {count} 个。",
     "The {province} bureau wants extra materials mailed when a filing has "
     "more "
     "than {n} domains; this one has {count}.",
     "请准备并邮寄所需材料（域名证书、网站建设方案书等）。",
     "Prepare and mail the materials (domain certificates, site plan, …)."},
    {"province-unknown", "主体文件中的省份“{detail}”不是 31 个省级管局之一。",
     "The province \"{detail}\" in the subject file is not one of the 31 "
     "bureaus.",
     "请填写省份名称，如 河南、henan 或 41。",
     "Give a province name such as 河南, henan or 41."},

    /* ---- dns ---- */
    {"dns-skipped", "未查询 DNS（根据给定的回复判断）。",
     "DNS was not looked up (judged from the given replies).", NULL, NULL},
    {"dns-disabled", "未查询 DNS（--no-dns）。",
     "DNS was not looked up (--no-dns).", NULL, NULL},
    {"dns-unavailable", "没有 DNS 服务器回答（{detail}），未检查 DNS。",
     "No DNS server answered ({detail}): DNS was not checked.", NULL, NULL},
    {"dns-ok", "{domain} 已委派（{ns}）并可解析；DNSSEC：{dnssec}。",
     "{domain} is delegated ({ns}) and resolves; DNSSEC: {dnssec}.", NULL,
     NULL},
    {"dns-no-address",
     "{domain} 已委派（{ns}），但域名和 www 都没有 A/AAAA "
     "记录；DNSSEC：{dnssec}。",
     "{domain} is delegated ({ns}) but neither it nor www has an A/AAAA "
     "record; DNSSEC: {dnssec}.",
     NULL, NULL},
    {"dns-not-delegated",
     "{domain} 在注册局没有委派（无 NS "
     "记录），无法解析；未解析的域名仍可备案。",
     "{domain} is not delegated (no NS records at the registry) and does not "
     "resolve; an unresolved domain can still be filed.",
     "如需解析，请在注册商处设置 DNS 服务器。",
     "Set name servers at the registrar when the site should resolve."},
    {"dns-resolves-before-filing",
     "{province}管局要求网站备案成功前不得开通访问，但 {domain} 已有解析记录。",
     "The {province} bureau wants the site unreachable until the filing "
     "succeeds, but {domain} already resolves.",
     "请在备案成功前暂停解析或关闭网站。",
     "Remove the address records (or stop the site) until the filing "
     "succeeds."},
};

const char *dc_msg_code_at(size_t i)
{
  return i < DC_ARRAY_LEN(msgs) ? msgs[i].code : NULL;
}

size_t dc_msg_count(void)
{
  return DC_ARRAY_LEN(msgs);
}

static const struct msg *find_msg(const char *code)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(msgs); i++) {
    if (strcmp(msgs[i].code, code) == 0) {
      return &msgs[i];
    }
  }
  return NULL;
}

bool dc_msg_known(const char *code)
{
  return code != NULL && find_msg(code) != NULL;
}

void dc_findings_init(struct dc_findings *fs)
{
  memset(fs, 0, sizeof(*fs));
}

void dc_findings_clear(struct dc_findings *fs)
{
  size_t i;
  size_t a;
  int    l;
  for (i = 0; i < fs->n; i++) {
    for (a = 0; a < fs->f[i].nargs; a++) {
      for (l = 0; l < DC_LANG_COUNT_; l++) {
        dc_free(fs->f[i].args[a].val[l]);
      }
    }
  }
  dc_findings_init(fs);
}

struct dc_finding *dc_finding_add(struct dc_findings *fs, dc_outcome_t o,
                                  const char *code)
{
  struct dc_finding *f;
  if (fs->n >= DC_MSG_MAX_FINDINGS) {
    return NULL;
  }
  f = &fs->f[fs->n++];
  memset(f, 0, sizeof(*f));
  f->outcome = o;
  f->code    = code;
  return f;
}

void dc_finding_arg2(struct dc_findings *fs, struct dc_finding *f,
                     const char *key, const char *zh, const char *en)
{
  struct dc_msg_arg *a;
  if (f == NULL || f->nargs >= DC_MSG_MAX_ARGS) {
    return;
  }
  a                  = &f->args[f->nargs];
  a->key             = key;
  a->val[DC_LANG_ZH] = dc_strdup(zh == NULL ? "" : zh);
  a->val[DC_LANG_EN] = dc_strdup(en == NULL ? "" : en);
  if (a->val[DC_LANG_ZH] == NULL || a->val[DC_LANG_EN] == NULL) {
    dc_free(a->val[DC_LANG_ZH]);
    dc_free(a->val[DC_LANG_EN]);
    fs->st = DC_ENOMEM;
    return;
  }
  f->nargs++;
}

void dc_finding_arg(struct dc_findings *fs, struct dc_finding *f,
                    const char *key, const char *val)
{
  dc_finding_arg2(fs, f, key, val, val);
}

void dc_finding_argi(struct dc_findings *fs, struct dc_finding *f,
                     const char *key, int64_t v)
{
  char tmp[32];
  (void)snprintf(tmp, sizeof(tmp), "%" PRId64, v);
  dc_finding_arg(fs, f, key, tmp);
}

static const char *arg_value(const struct dc_finding *f, const char *key,
                             size_t keylen, dc_lang_t lang)
{
  size_t i;
  for (i = 0; i < f->nargs; i++) {
    if (strlen(f->args[i].key) == keylen &&
        strncmp(f->args[i].key, key, keylen) == 0) {
      return f->args[i].val[lang];
    }
  }
  return NULL;
}

/* Replace {key} by the finding's argument; an unknown key stays as is. */
static dc_status_t render(struct dc_buf *b, const char *tmpl,
                          const struct dc_finding *f, dc_lang_t lang)
{
  const char *p  = tmpl;
  dc_status_t st = DC_OK;
  while (*p != '\0' && st == DC_OK) {
    const char *open = strchr(p, '{');
    const char *close;
    const char *val;
    if (open == NULL) {
      return dc_buf_puts(b, p);
    }
    st = dc_buf_append(b, p, (size_t)(open - p));
    if (st != DC_OK) {
      return st;
    }
    close = strchr(open, '}');
    if (close == NULL) {
      return dc_buf_puts(b, open);
    }
    val = arg_value(f, open + 1, (size_t)(close - open - 1), lang);
    if (val != NULL) {
      st = dc_buf_puts(b, val);
    } else {
      st = dc_buf_append(b, open, (size_t)(close - open + 1));
    }
    p = close + 1;
  }
  return st;
}

static int severity(dc_outcome_t o)
{
  switch (o) {
    case DC_OUTCOME_FAIL:
      return 4;
    case DC_OUTCOME_UNKNOWN:
      return 3;
    case DC_OUTCOME_WARN:
      return 2;
    case DC_OUTCOME_PASS:
      return 1;
    case DC_OUTCOME_SKIPPED:
    case DC_OUTCOME_COUNT_:
      break;
  }
  return 0;
}

dc_status_t dc_findings_commit(struct dc_findings *fs, struct dc_result *r,
                               enum dc_check_id id)
{
  struct dc_buf            msg[DC_LANG_COUNT_];
  struct dc_buf            fix[DC_LANG_COUNT_];
  const struct dc_finding *worst = NULL;
  size_t                   i;
  int                      l;
  bool                     only_passes;
  dc_status_t              st = fs->st;

  for (l = 0; l < DC_LANG_COUNT_; l++) {
    dc_buf_init(&msg[l], 16384);
    dc_buf_init(&fix[l], 16384);
  }
  if (st != DC_OK) {
    goto done;
  }
  if (fs->n == 0) {
    st = DC_EINTERNAL;
    goto done;
  }
  for (i = 0; i < fs->n; i++) {
    if (worst == NULL ||
        severity(fs->f[i].outcome) > severity(worst->outcome)) {
      worst = &fs->f[i];
    }
  }
  only_passes = severity(worst->outcome) <= 1;
  /* Worst first, then the other non-pass findings in order. */
  for (i = 0; i <= fs->n && st == DC_OK; i++) {
    const struct dc_finding *f = i == 0 ? worst : &fs->f[i - 1];
    const struct msg        *m;
    if (i > 0 && f == worst) {
      continue;
    }
    if (!only_passes && severity(f->outcome) <= 1) {
      continue;
    }
    m = find_msg(f->code);
    if (m == NULL) {
      st = DC_EINTERNAL; /* every code has a text: a test walks them */
      break;
    }
    for (l = 0; l < DC_LANG_COUNT_ && st == DC_OK; l++) {
      const char *tm = l == DC_LANG_ZH ? m->zh : m->en;
      const char *tf = l == DC_LANG_ZH ? m->fix_zh : m->fix_en;
      if (msg[l].len > 0) {
        st = dc_buf_puts(&msg[l], l == DC_LANG_ZH ? "" : " ");
      }
      if (st == DC_OK) {
        st = render(&msg[l], tm, f, (dc_lang_t)l);
      }
      if (st == DC_OK && tf != NULL && severity(f->outcome) > 1) {
        if (fix[l].len > 0) {
          st = dc_buf_puts(&fix[l], l == DC_LANG_ZH ? "" : " ");
        }
        if (st == DC_OK) {
          st = render(&fix[l], tf, f, (dc_lang_t)l);
        }
      }
    }
  }
  if (st == DC_OK) {
    st = dc_result_set(r, id, worst->outcome, worst->code,
                       msg[DC_LANG_ZH].data == NULL ? "" : msg[DC_LANG_ZH].data,
                       msg[DC_LANG_EN].data == NULL ? "" : msg[DC_LANG_EN].data,
                       fix[DC_LANG_ZH].data, fix[DC_LANG_EN].data);
  }
done:
  for (l = 0; l < DC_LANG_COUNT_; l++) {
    dc_buf_free(&msg[l]);
    dc_buf_free(&fix[l]);
  }
  dc_findings_clear(fs);
  return st;
}
