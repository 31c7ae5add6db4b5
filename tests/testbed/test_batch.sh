#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/testbed/test_batch.sh - domcheck --batch against the loopback
#   testbed: exact JSON Lines for good and bad rows, CSV in and out, a
#   rate-limited server slowing only its own rows, the cache (a rerun asks
#   no server), and shards whose union is the whole.
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
B="$DC_TESTS_DIR/testbed/batch"
NET="--resolver $TB_DNS $TB_CONNECT_TO --rdap-bootstrap $TB_RDAP_BOOTSTRAP"
FAST="--server-limit *=0,0"
sed "s|SUBJECTS|$DATA/subjects|" "$B/rows.txt" >"$TMP/rows.txt"
logs() { cat "$TB_WHOIS_LOG" "$TB_RDAP_LOG" 2>/dev/null | wc -l; }

# 1. good and bad rows: exactly the expected JSON Lines, in input order; a
#    bad row is reported with its line number and the run goes on (exit 65)
# (regenerate: the same command > tests/testbed/batch/expected.jsonl)
# shellcheck disable=SC2086
run 65 --batch "$TMP/rows.txt" $NET $FAST --no-cache --as-of 2026-06-01
COUNT=$((COUNT + 1))
cmp -s "$TMP/out" "$B/expected.jsonl" || {
  echo "FAIL: batch output differs from expected.jsonl" >&2
  diff "$B/expected.jsonl" "$TMP/out" | head -10 >&2
  FAILED=$((FAILED + 1))
}
contains err "rows.txt:9: not a JSON object row"
contains err "rows.txt:10: unknown province"
contains err "14 rows"
contains err "eligible 5, ineligible 3"
contains err "failing checks: .*registered 1"

# 2. the same rows from standard input
# shellcheck disable=SC2086
"$DOMCHECK" --batch - $NET $FAST --no-cache --as-of 2026-06-01 \
  <"$TMP/rows.txt" >"$TMP/stdin.jsonl" 2>/dev/null
COUNT=$((COUNT + 1))
cmp -s "$TMP/stdin.jsonl" "$B/expected.jsonl" || {
  echo "FAIL: --batch - differs" >&2
  FAILED=$((FAILED + 1))
}

# 3. CSV in, CSV out
printf 'domain,province,filing_type\nexample-ok.cn,,\nexample-foreign.cn,北京,\nexample-ok.cn,,access\n' >"$TMP/rows.csv"
# shellcheck disable=SC2086
run 1 --batch "$TMP/rows.csv" $NET $FAST --no-cache --as-of 2026-06-01 --format csv
COUNT=$((COUNT + 1))
[ "$(sed -n 1p "$TMP/out")" = "line,input,domain,verdict,fail,unknown,warn,codes,registrar,expires,registrant,error" ] &&
  sed -n 2p "$TMP/out" | grep -q '^2,example-ok.cn,example-ok.cn,eligible,' &&
  sed -n 3p "$TMP/out" | grep -q '^3,example-foreign.cn,example-foreign.cn,ineligible,registrar-approved,' &&
  sed -n 4p "$TMP/out" | grep -q '^4,example-ok.cn,example-ok.cn,not-required,' || {
  echo "FAIL: CSV output" >&2
  cat "$TMP/out" >&2
  FAILED=$((FAILED + 1))
}

# 4. a rate-limited server slows only its own rows: the limited domain is
#    first in the input and last out (--unordered); the others are done
#    before it (each other server was asked once per domain)
printf 'example-limited.icu\nexample-ok.cn\nexample-thin.com\nexample-rdap.info\nexample-ok.top\n例子.中国\n' >"$TMP/mixed.txt"
# shellcheck disable=SC2086
run 2 --batch "$TMP/mixed.txt" $NET --no-cache --no-dns --unordered --as-of 2026-06-01
COUNT=$((COUNT + 1))
[ "$(tail -n 1 "$TMP/out" | jq -r .input)" = example-limited.icu ] &&
  [ "$(head -n 5 "$TMP/out" | jq -r .verdict | sort -u)" = eligible ] || {
  echo "FAIL: the rate-limited server held up other rows" >&2
  jq -c '[.line,.input,.verdict]' "$TMP/out" >&2
  FAILED=$((FAILED + 1))
}
field '.checks[] | select(.id=="registered") | .code' rate-limited 6

# 5. the cache: a rerun asks no WHOIS or RDAP server at all
printf 'example-ok.cn\nexample-thin.com\nexample-rdap.info\nexample-notfound.cn\n' >"$TMP/cache.txt"
# shellcheck disable=SC2086
run 1 --batch "$TMP/cache.txt" $NET $FAST --no-dns --cache "$TMP/c.sqlite" --as-of 2026-06-01
cp "$TMP/out" "$TMP/first.jsonl"
before=$(logs)
# shellcheck disable=SC2086
run 1 --batch "$TMP/cache.txt" $NET $FAST --no-dns --cache "$TMP/c.sqlite" --as-of 2026-06-01
COUNT=$((COUNT + 1))
[ "$(logs)" -eq "$before" ] || {
  echo "FAIL: the rerun asked $(($(logs) - before)) servers" >&2
  FAILED=$((FAILED + 1))
}
contains err "cache hits [1-9]"
COUNT=$((COUNT + 1))
cmp -s "$TMP/out" "$TMP/first.jsonl" || {
  echo "FAIL: cached verdicts differ" >&2
  FAILED=$((FAILED + 1))
}

# 5b. the cache is shared by processes running at once (SQLite WAL)
# shellcheck disable=SC2086
"$DOMCHECK" --batch "$TMP/cache.txt" $NET $FAST --no-dns --cache "$TMP/shared.sqlite" \
  --as-of 2026-06-01 >"$TMP/p1" 2>"$TMP/e1" &
p1=$!
# shellcheck disable=SC2086
"$DOMCHECK" --batch "$TMP/cache.txt" $NET $FAST --no-dns --cache "$TMP/shared.sqlite" \
  --as-of 2026-06-01 >"$TMP/p2" 2>"$TMP/e2" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
COUNT=$((COUNT + 1))
[ "$r1" -eq 1 ] && [ "$r2" -eq 1 ] && cmp -s "$TMP/p1" "$TMP/first.jsonl" &&
  cmp -s "$TMP/p2" "$TMP/first.jsonl" || {
  echo "FAIL: two processes sharing a cache: exits $r1 $r2" >&2
  cat "$TMP/e1" "$TMP/e2" >&2
  FAILED=$((FAILED + 1))
}

# 5c. the progress line, when asked for (stderr is not a terminal here)
# shellcheck disable=SC2086
run 1 --batch "$TMP/cache.txt" $NET $FAST --no-dns --cache "$TMP/c.sqlite" --progress
contains err "4/4"
# shellcheck disable=SC2086
run 1 --batch "$TMP/cache.txt" $NET $FAST --no-dns --cache "$TMP/c.sqlite"
lacks err "4/4"

# 6. shards: K/N slices by domain hash; their union is the whole
sort_lines() { jq -c . "$@" | awk -F'[:,]' '{print $2 "\t" $0}' | sort -n | cut -f2-; }
# shellcheck disable=SC2086
"$DOMCHECK" --batch "$TMP/rows.txt" $NET $FAST --no-cache --as-of 2026-06-01 >"$TMP/whole" 2>/dev/null
: >"$TMP/union"
for k in 0 1 2; do
  # shellcheck disable=SC2086
  "$DOMCHECK" --batch "$TMP/rows.txt" --shard "$k/3" $NET $FAST --no-cache \
    --as-of 2026-06-01 >"$TMP/shard$k" 2>/dev/null
  cat "$TMP/shard$k" >>"$TMP/union"
done
COUNT=$((COUNT + 1))
[ "$(sort_lines "$TMP/union")" = "$(sort_lines "$TMP/whole")" ] &&
  [ -s "$TMP/shard0" ] && [ -s "$TMP/shard1" ] && [ -s "$TMP/shard2" ] || {
  echo "FAIL: the shards' union is not the whole" >&2
  wc -l "$TMP"/shard* "$TMP/whole" >&2
  FAILED=$((FAILED + 1))
}
run 64 --batch "$TMP/rows.txt" --shard 3/3
finish
