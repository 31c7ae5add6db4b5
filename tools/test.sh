#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/test.sh - build domcheck and run the whole test suite:
#   1. a release build (build/) and every test (ctest: unit, corpus, CLI,
#      loopback testbed);
#   2. the same under AddressSanitizer + UBSan (build-asan/);
#   3. the house-style checks (banned functions).
# Usage: tools/test.sh [--no-asan] [ctest arguments...]
set -eu
cd "$(dirname "$0")/.."

asan=1
if [ "${1:-}" = "--no-asan" ]; then
  asan=0
  shift
fi
jobs=$(nproc 2>/dev/null || echo 2)

if ! pkg-config --exists libcares ldns libcurl libidn2 libpsl cmocka sqlite3 2>/dev/null ||
  ! command -v nsd >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sh tools/install-deps.sh
  else
    echo "test.sh: dependencies missing: run 'sudo tools/install-deps.sh' first" >&2
    exit 1
  fi
fi

run() { # build dir, cmake options...
  dir=$1
  shift
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" $CTEST_ARGS
}

CTEST_ARGS="$*"
run build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ $asan -eq 1 ]; then
  run build-asan -DCMAKE_BUILD_TYPE=Debug -DDC_SANITIZE=ON
fi
sh tools/check-banned.sh
echo "test.sh: all tests passed"
