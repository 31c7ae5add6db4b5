#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/install-deps.sh - install the Debian packages domcheck builds, tests
# and runs with. Debian 12 (bookworm) or later; run as root.
set -eu

PKGS="
  build-essential cmake pkg-config
  libc-ares-dev libldns-dev libcurl4-openssl-dev libidn2-dev libpsl-dev
  libunistring-dev libsqlite3-dev publicsuffix
  libcmocka-dev
  nsd ldnsutils jq
  whois time
"

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (or through sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $PKGS
