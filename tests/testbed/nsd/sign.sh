#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/testbed/nsd/sign.sh - (re)sign the DNSSEC test child example-signed.cn
#   offline with ldns-keygen/ldns-signzone (ldnsutils), and write its DS into
#   zones/cn.zone. Run by hand when zones/example-signed.cn.zone changes;
#   commit zones/example-signed.cn.zone.signed, zones/cn.zone and keys/.
#   The signatures are valid from 2024-01-01 to 2044-12-31 (RRSIG times are
#   32-bit serial numbers, RFC 4034 3.1.5: up to 68 years ahead work).
#   The keys are test keys for a fictional zone: they are committed on
#   purpose, so that anyone can re-sign.
set -eu
cd "$(dirname "$0")"
zone=example-signed.cn
mkdir -p keys
if ! ls keys/K$zone.+013+*.private >/dev/null 2>&1; then
  (cd keys && ldns-keygen -a ECDSAP256SHA256 -k "$zone" >/dev/null &&
    ldns-keygen -a ECDSAP256SHA256 "$zone" >/dev/null)
  rm -f keys/*.ds
fi
ksk= zsk=
for k in keys/K$zone.+013+*.key; do
  if grep -q 'DNSKEY[[:space:]]*257' "$k"; then ksk=${k%.key}; else zsk=${k%.key}; fi
done
[ -n "$ksk" ] && [ -n "$zsk" ] || { echo "sign.sh: need a KSK and a ZSK in keys/" >&2; exit 1; }
ldns-signzone -i 20240101000000 -e 20441231000000 -o "$zone." \
  -f zones/$zone.zone.signed zones/$zone.zone "$ksk" "$zsk"
ldns-key2ds -n -2 "$ksk.key" >keys/$zone.ds # a trust anchor for drill -k
ds=$(awk '{print $5, $6, $7, $8}' keys/$zone.ds)
awk -v ds="$ds" '
  skip { skip = 0; if ($3 == "DS") next }
  { print }
  /^; DS of the signed child/ { print "example-signed\tIN\tDS\t" ds; skip = 1 }
' zones/cn.zone >zones/cn.zone.new
mv zones/cn.zone.new zones/cn.zone
echo "sign.sh: signed $zone; DS $ds"
