#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/check-banned.sh - fail on functions the house style bans (rule 17)
#   everywhere in src/: unbounded or unsafe string and number functions,
#   blocking name lookups and signal-based timeouts;
#   in src/lib only: printing, exiting, blocking getaddrinfo, and abort()
#   outside the one DC_REQUIRE implementation (src/lib/mem.c).
set -u
cd "$(dirname "$0")/.." || exit 2
status=0

hit() { # pattern, files...
  pat=$1
  shift
  # A call is the name followed by '(' (attributes like format(printf, …)
  # do not match).
  grep -nE "(^|[^A-Za-z0-9_.>])($pat)[[:space:]]*\(" "$@" 2>/dev/null
}

if hit 'strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|gethostbyname|alarm|signal' \
  $(find src -name '*.c' -o -name '*.h'); then
  echo "check-banned: banned function in src/ (see house-style.md rule 17)" >&2
  status=1
fi
if hit 'printf|fprintf|puts|fputs|exit|getaddrinfo' \
  $(find src/lib -name '*.c' -o -name '*.h'); then
  echo "check-banned: src/lib must not print, exit or resolve by blocking" >&2
  status=1
fi
if hit 'abort' $(find src/lib -name '*.c' ! -name mem.c); then
  echo "check-banned: abort() only inside DC_REQUIRE (src/lib/mem.c)" >&2
  status=1
fi
[ $status -eq 0 ] && echo "check-banned: ok"
exit $status
