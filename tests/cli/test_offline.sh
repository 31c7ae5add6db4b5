#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/test_offline.sh - domcheck on a machine without network: in an
#   empty network namespace (unshare -n: root, or user namespaces), a live
#   check ends within the deadline, indeterminate, saying the network is
#   unreachable, exit 2. Exit 77 (skipped) where namespaces are not allowed.
. "$(dirname "$0")/lib.sh"
if ! unshare -n true 2>/dev/null; then
  echo "SKIP: cannot make a network namespace here"
  exit 77
fi
COUNT=$((COUNT + 1))
start=$(date +%s)
unshare -n "$DOMCHECK" --no-cache --json --timeout 5 example.com >"$TMP/out" 2>"$TMP/err"
rc=$?
end=$(date +%s)
[ "$rc" -eq 2 ] || {
  echo "FAIL: exit $rc, want 2" >&2
  cat "$TMP/err" >&2
  FAILED=$((FAILED + 1))
}
field .verdict indeterminate
field '.checks[] | select(.id=="registered") | .result' unknown
field '.checks[] | select(.id=="registered") | .message.en | test("network is unreachable")' true
field '.checks[] | select(.id=="registered") | .message.zh | length > 0' true
COUNT=$((COUNT + 1))
[ $((end - start)) -le 6 ] || {
  echo "FAIL: took $((end - start)) s with a 5 s deadline" >&2
  FAILED=$((FAILED + 1))
}
finish
