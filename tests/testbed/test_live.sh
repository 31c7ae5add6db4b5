#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/testbed/test_live.sh - end to end through the CLI against the
#   loopback testbed (real NSD, whoisd and rdapd on 127.0.0.1): every source
#   order, referral, fault and the record/replay round trip.
#   Run by ctest; exit 77 = skipped (no nsd or drill).
. "$(dirname "$0")/../cli/lib.sh"
TB="$DC_TESTS_DIR/testbed/testbed.sh"
if ! command -v drill >/dev/null 2>&1 ||
  { ! command -v nsd >/dev/null 2>&1 && [ ! -x /usr/sbin/nsd ]; }; then
  echo "SKIP: nsd or drill missing (tools/install-deps.sh)"
  exit 77
fi
W="$TMP/tb"
trap 'sh "$TB" stop "$W" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
TB_BIN_DIR="$DC_BINARY_DIR/tests/testbed" sh "$TB" start "$W" >"$TMP/tb.log" 2>&1 || {
  cat "$TMP/tb.log"
  exit 1
}
. "$W/env"
S="$DATA/subjects"
# Every run: the testbed's DNS, redirections and bootstrap; no cache unless
# a test asks for one.
NET="--resolver $TB_DNS $TB_CONNECT_TO --rdap-bootstrap $TB_RDAP_BOOTSTRAP"
check() {
  want=$1
  shift
  # shellcheck disable=SC2086
  run "$want" $NET --json "$@"
}
queries() { # SERVER DOMAIN: how many times the testbed was asked
  grep -c " $1 $2\$" "$TB_WHOIS_LOG" 2>/dev/null || true
}

# thin .com: Verisign refers to the registrar, whose reply has the registrant
check 0 --no-cache --no-rdap example-thin.com
field .verdict eligible
field '.sources | map(.server) | join(",")' whois.verisign-grs.com,whois.example-registrar.cn
field '.sources[1].role' registrar
field .registration.registrant.name 张三
field .registration.registrar.iana_id 1599

# .cn from CNNIC, judged for a filer (Beijing times in the record)
check 0 --no-cache example-ok.cn --subject "$S/individual.json"
field .verdict eligible
field '.checks[] | select(.id=="registrant-match") | .code' name-match
field .registration.server whois.cnnic.cn
# the subject files in Henan, whose bureau wants no access before filing
field '.checks[] | select(.id=="dns") | .code' dns-resolves-before-filing
check 0 --no-cache example-ok.cn
field '.checks[] | select(.id=="dns") | .code' dns-ok

# IDN under .中国, asked either way
check 0 --no-cache 例子.中国
field .domain 例子.中国
field .ascii xn--fsqu00a.xn--fiqs8s
check 0 --no-cache xn--fsqu00a.xn--fiqs8s
field .domain 例子.中国

# an RDAP-only TLD: registry document, then the registrar's (related link)
check 0 --no-cache example-rdap.info
field .registration.source rdap
field '[.sources[].role] | join(",")' registry,registrar
check 1 --no-cache example-nope.info
field '.checks[] | select(.id=="registered") | .code' not-registered

# not found, expired, on hold, foreign registrar
check 1 --no-cache example-notfound.cn
field '.checks[] | select(.id=="registered") | .code' not-registered
check 1 --no-cache example-expired.cn
field '.checks[] | select(.id=="unexpired") | .code' expired
check 1 --no-cache example-hold.cn
field '.checks[] | select(.id=="domain-status") | .code' on-hold
check 1 --no-cache example-foreign.cn
field '.checks[] | select(.id=="registrar-approved") | .code' registrar-not-approved

# rate-limited twice, then answered (backoff, same server)
check 0 --no-cache example-busy.cn
field .verdict eligible
COUNT=$((COUNT + 1))
[ "$(queries whois.cnnic.cn example-busy.cn)" -eq 3 ] || {
  echo "FAIL: example-busy.cn asked $(queries whois.cnnic.cn example-busy.cn) times, want 3" >&2
  FAILED=$((FAILED + 1))
}
# rate-limited to the end: indeterminate, never eligible
check 2 --no-cache example-limited.cn
field '.checks[] | select(.id=="registered") | .code' rate-limited
check 2 --no-cache example-limited.info
field '.checks[] | select(.id=="registered") | .code' rate-limited
check 0 --no-cache example-busy.info

# server down, garbage, a stalled server and a slow one at the deadline
check 2 --no-cache example-down.online
field '.checks[] | select(.id=="registered") | .code' lookup-failed
field '.checks[] | select(.id=="registered") | .message.en | test("refused")' true
check 2 --no-cache example-garbage.xyz
field '.checks[] | select(.id=="registered") | .code' unparsable
start=$(date +%s)
check 2 --no-cache --timeout 2 example-slow.ltd example-stall.tech
end=$(date +%s)
field '.checks[] | select(.id=="registered") | .code' lookup-failed
field '.checks[] | select(.id=="registered") | .message.en | test("deadline")' true
field '.checks[] | select(.id=="registered") | .code' lookup-failed 2
COUNT=$((COUNT + 1))
[ $((end - start)) -lt 10 ] || {
  echo "FAIL: a 2 s deadline took $((end - start)) s" >&2
  FAILED=$((FAILED + 1))
}

# DNS: delegation, DNSSEC, and the bureaus that want no access before filing
check 0 --no-cache example-signed.cn
field '.checks[] | select(.id=="dns") | .message.en | test("DNSSEC: signed")' true
check 0 --no-cache nodelegation.cn
field '.checks[] | select(.id=="dns") | .code' dns-not-delegated

# record, then replay with no network: the same verdict, byte for byte
check 0 --no-cache --record "$TMP/ev" example-thin.com example-ok.cn 例子.中国
cp "$TMP/out" "$TMP/recorded.json"
COUNT=$((COUNT + 1))
[ -f "$TMP/ev/example-thin.com/manifest.json" ] &&
  [ -f "$TMP/ev/example-thin.com/result.json" ] &&
  ls "$TMP/ev/example-thin.com" | grep -q '^01-' || {
  echo "FAIL: no recording" >&2
  FAILED=$((FAILED + 1))
}
run 0 --json --replay "$TMP/ev" example-thin.com example-ok.cn 例子.中国
COUNT=$((COUNT + 1))
cmp -s "$TMP/out" "$TMP/recorded.json" || {
  echo "FAIL: replay differs from the recorded run" >&2
  diff "$TMP/recorded.json" "$TMP/out" | head -5 >&2
  FAILED=$((FAILED + 1))
}
# a domain that is not in the recording is indeterminate, not a crash
run 2 --json --replay "$TMP/ev" example-other.cn
field '.checks[] | select(.id=="registered") | .message.en | test("recorded")' true

# the cache: a rerun asks the servers nothing
before=$(queries whois.cnnic.cn example-ok.cn)
check 0 --cache "$TMP/cache.sqlite" --no-dns example-ok.cn
check 0 --cache "$TMP/cache.sqlite" --no-dns example-ok.cn
COUNT=$((COUNT + 1))
[ "$(queries whois.cnnic.cn example-ok.cn)" -eq $((before + 1)) ] || {
  echo "FAIL: the cached rerun asked the server again" >&2
  FAILED=$((FAILED + 1))
}
check 0 --cache "$TMP/cache.sqlite" --max-age 0 --no-dns example-ok.cn
COUNT=$((COUNT + 1))
[ "$(queries whois.cnnic.cn example-ok.cn)" -eq $((before + 2)) ] || {
  echo "FAIL: --max-age 0 did not ask again" >&2
  FAILED=$((FAILED + 1))
}
finish
