# SPDX-License-Identifier: MIT
# tests/cli/lib.sh - helpers for the CLI tests (POSIX sh): run the real
# binary, compare exit codes and JSON fields.
set -u
: "${DOMCHECK:?DOMCHECK must name the domcheck binary}"
: "${DC_TESTS_DIR:?}"
DATA="$DC_TESTS_DIR/data"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILED=0
COUNT=0

# run EXPECTED_EXIT ARGS... : runs domcheck, keeps stdout in $TMP/out and
# stderr in $TMP/err, checks the exit code.
run() {
  want=$1
  shift
  COUNT=$((COUNT + 1))
  "$DOMCHECK" "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: domcheck $*: exit $got, want $want" >&2
    sed 's/^/  stderr: /' "$TMP/err" >&2
    head -c 2000 "$TMP/out" | sed 's/^/  stdout: /' >&2
    FAILED=$((FAILED + 1))
    return 1
  fi
  return 0
}

# field JQ_EXPR EXPECTED [LINE]: a jq expression over the first (or LINE-th)
# JSON line of the last output.
field() {
  expr=$1
  want=$2
  line=${3:-1}
  COUNT=$((COUNT + 1))
  got=$(sed -n "${line}p" "$TMP/out" | jq -r "$expr" 2>&1)
  if [ "$got" != "$want" ]; then
    echo "FAIL: $expr = '$got', want '$want'" >&2
    FAILED=$((FAILED + 1))
  fi
}

# contains FILE(out|err) TEXT / lacks FILE TEXT
contains() {
  COUNT=$((COUNT + 1))
  if ! grep -q -- "$2" "$TMP/$1"; then
    echo "FAIL: $1 lacks '$2'" >&2
    sed 's/^/  /' "$TMP/$1" | head -20 >&2
    FAILED=$((FAILED + 1))
  fi
}
lacks() {
  COUNT=$((COUNT + 1))
  if grep -q -- "$2" "$TMP/$1"; then
    echo "FAIL: $1 contains '$2'" >&2
    FAILED=$((FAILED + 1))
  fi
}

finish() {
  if [ "$FAILED" -ne 0 ]; then
    echo "$FAILED of $COUNT checks failed" >&2
    exit 1
  fi
  echo "$COUNT checks passed"
  exit 0
}
