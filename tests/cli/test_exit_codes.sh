#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/test_exit_codes.sh - every exit code of domcheck, from files
# (no network: --whois-file)
. "$(dirname "$0")/lib.sh"
W="$DATA/whois"
S="$DATA/subjects"
ASOF="--as-of 2026-06-01"

# 64: usage errors
run 64
contains err "no domain given"
run 64 --frobnicate example.cn
contains err "unknown option '--frobnicate'"
run 64 example.cn --filing-type sideways
contains err "unknown filing type"
run 64 example.cn --province 火星
contains err "not one of the 31 bureaus"
run 64 example.cn --lang fr
run 64 example.cn --as-of yesterday
run 64 example.cn --subject
contains err "needs a value"
run 64 example.cn --policy nonsense
run 64 example.cn --policy no-such-knob=1 --whois-file "$W/example.cn.txt"
run 64 example.cn --connect-to nonsense --whois-file "$W/example.cn.txt"

# 66: an input file is missing
run 66 example.cn --subject "$TMP/none.json"
contains err "none.json"
run 66 example.cn --whois-file "$TMP/none.txt"
run 66 example.cn --rules "$TMP/no-such-dir"

# 65: a broken subject file names file, line and problem
run 65 example.cn --subject "$S/bad-unknown-key.json" --whois-file "$W/example.cn.txt"
contains err "bad-unknown-key.json:[0-9]*:"
contains err "unknown key"
run 65 example.cn --subject "$S/bad-not-json.json" --whois-file "$W/example.cn.txt"
contains err "bad-not-json.json:[0-9]*:"
run 65 example.cn --subject "$S/bad-wrong-type.json" --whois-file "$W/example.cn.txt"
run 65 example.cn --subject "$S/bad-missing-id-number.json" --whois-file "$W/example.cn.txt"
contains err "id_number"
# ...but an implausible ID number is a finding, not a broken file
run 1 example.cn --subject "$S/implausible-id.json" --whois-file "$W/example.cn.txt" $ASOF --json
field '.checks[] | select(.id=="subject-valid") | .result' fail

# 65: a provider's rules folder with a bad line names file and line
mkdir -p "$TMP/rules"
printf 'cn\t-\tapproved\thigh\t-\tX\nxyz\t-\tsometimes\thigh\t-\tX\n' >"$TMP/rules/tlds.txt"
run 65 example.cn --rules "$TMP/rules" --whois-file "$W/example.cn.txt"
contains err "tlds.txt:2:"
# ...and a good one changes the verdict: .cn refused by this provider
printf 'cn\t-\trefused\thigh\t-\tprovider\n' >"$TMP/rules/tlds.txt"
run 1 example.cn --rules "$TMP/rules" --whois-file "$W/example.cn.txt" $ASOF --json
field '.checks[] | select(.id=="tld-approved") | .code' tld-refused
run 0 example.cn --policy expiry-warn-days=3000 --whois-file "$W/example.cn.txt" $ASOF --json
field '.checks[] | select(.id=="unexpired") | .code' expiring-soon

# 0: eligible
run 0 example.cn --subject "$S/individual.json" --whois-file "$W/example.cn.txt" $ASOF --json
field .verdict eligible
field .domain example.cn
field .province 河南
field .filing_type first
field '.checks | length' 10
field '[.checks[].id] | join(",")' \
  domain-syntax,tld-approved,registered,registrar-approved,unexpired,domain-status,registrant-match,real-name,subject-valid,dns
field '.checks[] | select(.id=="registrant-match") | .code' certificate-match
field '.checks[] | select(.id=="real-name") | .result' pass
field '.registration.registrant.name' 张三
field '.registration.expires' 2031-01-10T01:30:12Z
field '.evaluated_at' 2026-06-01T00:00:00Z
field '.checks[0].message.zh | length > 0' true
field '.checks[0].message.en | length > 0' true

# 1: ineligible (foreign registrar), with the fix in both languages
run 1 example-foreign.cn --subject "$S/individual.json" --whois-file "$W/example-foreign.cn.txt" $ASOF --json
field .verdict ineligible
field '.checks[] | select(.id=="registrar-approved") | .code' registrar-not-approved
field '.checks[] | select(.id=="registrar-approved") | .fix.en | test("Transfer")' true
field '.checks[] | select(.id=="registrar-approved") | .fix.zh | test("转入")' true

# 1: on hold
run 1 example-hold.cn --whois-file "$W/example-hold.cn.txt" $ASOF --json
field '.checks[] | select(.id=="domain-status") | .code' on-hold
field '.checks[] | select(.id=="real-name") | .code' realname-hold

# 1: expired by --as-of
run 1 example.cn --whois-file "$W/example.cn.txt" --as-of 2031-02-01 --json
field '.checks[] | select(.id=="unexpired") | .code' expired

# 2: indeterminate (rate-limited reply: fail closed)
run 2 example.cn --whois-file "$W/ratelimited.txt" $ASOF --json
field .verdict indeterminate
field '.checks[] | select(.id=="registered") | .code' rate-limited

# 1: a malformed domain is reported, not refused
run 1 --whois-file "$W/example.cn.txt" --json -- "-bad-.cn"
field .verdict ineligible
field .domain null
field '.checks[0].code' domain-invalid

# 0: not required by the filing type
run 0 example-foreign.cn --filing-type access --whois-file "$W/example-foreign.cn.txt" --json
field .verdict not-required

# several domains: the worst verdict decides (1 beats 2 beats 0); the
# reply of one domain is no evidence about another (indeterminate)
run 1 example.cn other.cn bad_name.cn --whois-file "$W/example.cn.txt" $ASOF --json
field .verdict eligible 1
field .verdict indeterminate 2
field '.checks[] | select(.id=="registered") | .code' evidence-mismatch 2
field .verdict ineligible 3
run 2 example.cn other.cn --whois-file "$W/example.cn.txt" $ASOF --json

# ID numbers never appear unmasked, in any output
run 0 example.cn --subject "$S/individual.json" --whois-file "$W/example.cn.txt" $ASOF --json
lacks out 41010519900307123X
run 0 example.cn --subject "$S/individual.json" --whois-file "$W/example.cn.txt" $ASOF --lang zh
lacks out 41010519900307123X
contains out 可以备案

# --help and --version
run 0 --help
contains out "Exit status"
contains out "--subject"
run 0 --version
contains out "domcheck 0"
finish
