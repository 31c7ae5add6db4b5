#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/example.sh - set domcheck up and run it on the bundled example:
#   install the Debian packages (once), build, then judge three domains for
#   the filer in tests/example/subject.json from recorded evidence
#   (tests/example/evidence: the raw WHOIS and DNS replies of a recorded
#   run), offline. Extra arguments go to domcheck (e.g. --json, --lang zh).
set -eu
cd "$(dirname "$0")/.."

if ! pkg-config --exists libcares ldns libcurl libidn2 libpsl cmocka sqlite3 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    sh tools/install-deps.sh
  else
    sudo sh tools/install-deps.sh
  fi
fi
if [ ! -x build/domcheck ] || [ -n "$(find src include tld-list -newer build/domcheck 2>/dev/null | head -n 1)" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
fi
set -x
build/domcheck --replay tests/example/evidence --subject tests/example/subject.json \
  "$@" 例子.中国 example-foreign.cn example-thin.com
