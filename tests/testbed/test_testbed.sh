#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/testbed/test_testbed.sh - smoke test of the loopback testbed: start
#   it in a temporary folder, ask each kind of server, check the query logs
#   and a few faults, stop it, and check that no process is left.
#   Run by ctest (DC_BINARY_DIR, DC_TESTS_DIR set); exit 77 = skipped (no
#   nsd or drill: tools/install-deps.sh installs them).
set -eu

tests=${DC_TESTS_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
tb="$tests/testbed/testbed.sh"
bin=${TB_BIN_DIR:-${DC_BINARY_DIR:?DC_BINARY_DIR or TB_BIN_DIR must be set}/tests/testbed}
client="$bin/tbclient"

if ! command -v drill >/dev/null 2>&1 ||
  { ! command -v nsd >/dev/null 2>&1 && [ ! -x /usr/sbin/nsd ]; }; then
  echo "SKIP: nsd or drill missing (tools/install-deps.sh)"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tb-smoke.XXXXXX")
W="$tmp/run"
cleanup() {
  sh "$tb" stop "$W" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
ok() {
  passed=$((passed + 1))
}
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}
# expect NAME COMMAND... : the command must succeed
expect() {
  what=$1
  shift
  if "$@"; then ok; else fail "$what"; fi
}

sh "$tb" start "$W" -b "$bin" -t 20
# shellcheck disable=SC1091
. "$W/env"

wport() { awk -v n="$1" '$1 == n { print $2 }' "$TB_WHOIS_PORTS"; }
rport() { awk -v n="$1" '$1 == n { print $2 }' "$TB_RDAP_PORTS"; }
whois() { # server query -> reply in $tmp/out, exit status in $rc
  rc=0
  "$client" whois -t "${3:-5000}" "$(wport "$1")" "$2" >"$tmp/out" 2>"$tmp/err" ||
    rc=$?
}
rdap() { # service path
  rc=0
  "$client" http -t 5000 -H "$1" "$(rport "$1")" "$2" >"$tmp/out" \
    2>"$tmp/err" || rc=$?
}
has() { grep -q -- "$1" "$tmp/out"; }
logcount() { # log server [query]
  awk -v s="$2" -v q="${3:-}" '$2 == s && (q == "" || $3 == q)' "$1" |
    wc -l | tr -d ' '
}
dig() { # name type -> drill output in $tmp/dns
  drill -p "$TB_DNS_PORT" @127.0.0.1 "$@" >"$tmp/dns" 2>&1 || true
}

# ---- the env file ---------------------------------------------------------
expect "TB_DNS is 127.0.0.1:PORT" test "$TB_DNS" = "127.0.0.1:$TB_DNS_PORT"
expect "TB_CONNECT_TO names whois.cnnic.cn" \
  sh -c 'echo "$1" | grep -q -- "--connect-to whois.cnnic.cn:43:127.0.0.1:"' \
  _ "$TB_CONNECT_TO"
expect "TB_CONNECT_TO names the RDAP registry" \
  sh -c 'echo "$1" | grep -q -- "--connect-to rdap.identitydigital.services:80:127.0.0.1:"' \
  _ "$TB_CONNECT_TO"
expect "bootstrap points info at the loopback name" \
  grep -q '"http://rdap.identitydigital.services/rdap/"' "$TB_RDAP_BOOTSTRAP"
expect "logs start empty" test ! -s "$TB_WHOIS_LOG" -a ! -s "$TB_RDAP_LOG"

# ---- DNS ------------------------------------------------------------------------
dig example-ok.com A
expect "example-ok.com has an A record" grep -q '^example-ok.com.*A.*192.0.2.10' "$tmp/dns"
dig www.xn--fsqu00a.xn--fiqs8s A
expect "www.例子.中国 resolves" grep -q '192.0.2.10' "$tmp/dns"
dig nodelegation.cn A
expect "nodelegation.cn is NXDOMAIN" grep -q 'rcode: NXDOMAIN' "$tmp/dns"
dig example-noaddr.cn A
expect "example-noaddr.cn has no address" grep -q 'ANSWER: 0' "$tmp/dns"
dig example-signed.cn DS
expect "cn. holds the DS of example-signed.cn" grep -q 'IN.DS.*13 2' "$tmp/dns"
drill -D -k "$tests/testbed/nsd/keys/example-signed.cn.ds" -p "$TB_DNS_PORT" \
  @127.0.0.1 example-signed.cn DNSKEY >"$tmp/dns" 2>&1 || true
expect "example-signed.cn DNSKEY is signed" grep -q 'RRSIG.*DNSKEY 13' "$tmp/dns"

# ---- WHOIS: one query per server ------------------------------------------------
whois whois.cnnic.cn example-ok.cn
expect "CNNIC example-ok.cn: 张三 at 万网" sh -c \
  "grep -q 'Registrant: 张三' '$tmp/out' && grep -q '阿里云计算有限公司（万网）' '$tmp/out'"
whois whois.cnnic.cn 'EXAMPLE-NOTFOUND.CN'
expect "CNNIC not found" has 'No matching record.'
whois whois.cnnic.cn '例子.中国'
expect "CNNIC IDN by U-label" has 'Puny Name: xn--fsqu00a.xn--fiqs8s'
whois whois.cnnic.cn google.cn
expect "CNNIC corpus served as well" has 'Domain Name: google.cn'
whois whois.verisign-grs.com example-thin.com
expect "Verisign refers example-thin.com" has 'Registrar WHOIS Server: whois.example-registrar.cn'
whois whois.example-registrar.cn example-thin.com
expect "registrar shows 张三" has 'Registrant Name: 张三'
whois whois.verisign-grs.com nonexistent-domain.com
expect "Verisign not found" has 'No match for "NONEXISTENT-DOMAIN.COM".'
whois whois.paycenter.com.cn example-ok.com
expect "Xin Net (chunked) reply complete" has 'DNSSEC:unsigned'

# ---- WHOIS faults ---------------------------------------------------------------
for i in 1 2 3; do
  whois whois.nic.vip example-ratelimit.vip
  cp "$tmp/out" "$tmp/vip$i"
done
expect "ratelimit=2: 1st limited" grep -q 'Queried interval is too short' "$tmp/vip1"
expect "ratelimit=2: 2nd limited" grep -q 'Queried interval is too short' "$tmp/vip2"
expect "ratelimit=2: 3rd answered" grep -q 'Domain Name: example-ratelimit.vip' "$tmp/vip3"
whois whois.nic.xyz example-garbage.xyz
expect "garbage is 4 KiB" test "$(wc -c <"$tmp/out" | tr -d ' ')" -eq 4096
whois whois.nic.online example-down.online
expect "down server refuses (exit 1)" test "$rc" -eq 1
whois whois.nic.tech example-stall.tech 700
expect "stalled server times out (exit 2)" test "$rc" -eq 2
whois whois.nic.space example-drop.space
expect "dropped: empty reply" test "$rc" -eq 0 -a ! -s "$tmp/out"
whois whois.nic.icu example-limited.icu
expect "ratelimit=always" has 'connection limit exceeded'

# ---- RDAP -------------------------------------------------------------------------
rdap rdap.identitydigital.services /rdap/domain/example-rdap.info
expect "registry 200" has '^HTTP/1.1 200'
expect "registry links the registrar" \
  has '"href": "http://rdap.example-registrar.cn/rdap/domain/example-rdap.info"'
rdap rdap.example-registrar.cn /rdap/domain/EXAMPLE-RDAP.INFO
expect "registrar shows 李四" has '"李四"'
rdap rdap.identitydigital.services /rdap/domain/example-notfound.info
expect "RDAP 404" has '^HTTP/1.1 404'
expect "RDAP error object" has '"errorCode":404'
rdap rdap.identitydigital.services /rdap/domain/example-busy.info
expect "RDAP 429 with Retry-After" sh -c \
  "grep -q '^HTTP/1.1 429' '$tmp/out' && grep -q '^Retry-After: 1' '$tmp/out'"
rdap rdap.identitydigital.services /rdap/domain/example-moved.info
expect "RDAP redirect" has '^Location: http://rdap.example-registrar.cn/rdap/domain/example-moved.info'
rdap rdap.identitydigital.services /rdap/help
expect "other paths: 400" has '^HTTP/1.1 400'

# ---- the query logs -------------------------------------------------------------
expect "whois.log: 4 CNNIC queries" test "$(logcount "$TB_WHOIS_LOG" whois.cnnic.cn)" -eq 4
expect "whois.log: 3 x example-ratelimit.vip" \
  test "$(logcount "$TB_WHOIS_LOG" whois.nic.vip example-ratelimit.vip)" -eq 3
expect "whois.log: U-label logged as sent" \
  test "$(logcount "$TB_WHOIS_LOG" whois.cnnic.cn '例子.中国')" -eq 1
expect "whois.log: down server saw nothing" \
  test "$(logcount "$TB_WHOIS_LOG" whois.nic.online)" -eq 0
expect "whois.log: stalled query logged" \
  test "$(logcount "$TB_WHOIS_LOG" whois.nic.tech)" -eq 1
expect "rdap.log: 5 registry requests" \
  test "$(logcount "$TB_RDAP_LOG" rdap.identitydigital.services)" -eq 5
expect "rdap.log: lower-cased name" \
  test "$(logcount "$TB_RDAP_LOG" rdap.example-registrar.cn example-rdap.info)" -eq 1

# ---- stop: nothing may be left ------------------------------------------------
pids="$TB_NSD_PID $TB_WHOISD_PID $TB_RDAPD_PID"
sh "$tb" stop "$W"
# alive: exists and is not a zombie (a zombie has exited; reaping it is
# the business of whoever adopted it)
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}
left=
for p in $pids; do
  if alive "$p"; then
    left="$left $p"
  fi
done
for d in /proc/[0-9]*; do
  if { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | grep -qF "$W"; then
    left="$left ${d#/proc/}"
  fi
done
expect "no process left after stop (${left:-none})" test -z "$left"
expect "stop removed the env file" test ! -f "$W/env"
# sanitizer builds: reports at exit land in the daemons' output files
expect "no sanitizer report from the daemons" sh -c \
  "! grep -l 'Sanitizer\|runtime error' '$W/whoisd.out' '$W/rdapd.out'"

echo "testbed smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
