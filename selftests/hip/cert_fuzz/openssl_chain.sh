#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Delegation chains made by the openssl command (OpenSSL 3), as a tool
# built on OpenSSL makes them, including what OpenSSL adds by default
# (subject/authority key identifiers, a critical basicConstraints), put
# through net/hip/cert.c in userspace (./fuzz --chain):
#
#   A (RSA-2048, RSASSA-PSS) -> B (P-256) -> C (P-384):   valid
#   the same with an unknown critical extension in B -> C: refused
#   A -> B with PSS salt length 20:                       refused
#
#   openssl_chain.sh ./fuzz
set -eu -o pipefail

FUZZ=$(realpath "${1:-./fuzz}")
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

DELEG_OID=2.25.137592137204914361633377730913996342799.1
PSS=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256)

hit() { python3 "$HERE/../hit_ref.py" "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hit"])'; }
# HipDelegation ::= SEQUENCE { delegatedHit OCTET STRING (16), maxDepth INTEGER }
deleg() {
	python3 -c 'import ipaddress,sys; h=ipaddress.IPv6Address(sys.argv[1]).packed; d=int(sys.argv[2]); b=bytes([4,16])+h+bytes([2,1,d]); print((bytes([0x30,len(b)])+b).hex())' "$1" "$2"
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out A.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out B.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out C.key
HA=$(hit A.key); HB=$(hit B.key); HC=$(hit C.key)

# cert 0: A's self-signed root, OpenSSL's default v3_ca extensions too
openssl req -x509 -new -key A.key -subj "/CN=$HA" -days 36500 -sha256 "${PSS[@]}" \
	-addext "subjectAltName=IP:$HA" -addext "issuerAltName=IP:$HA" -out A.crt

# issue ISSUER ISSUER_HIT SUBJECT SUBJECT_HIT DEPTH OUT [extra ext line] [sign options]
issue() {
	local ik=$1 ih=$2 sk=$3 sh=$4 depth=$5 out=$6 extra=$7
	shift 7
	openssl req -new -key "$sk.key" -subj "/CN=$sh" -out "$sk.csr"
	{
		echo "subjectAltName=IP:$sh"
		echo "issuerAltName=IP:$ih"
		echo "$DELEG_OID=critical,DER:$(deleg "$HA" "$depth")"
		echo "subjectKeyIdentifier=hash"
		echo "authorityKeyIdentifier=keyid"
		[ -z "$extra" ] || echo "$extra"
	} > "$out.ext"
	openssl x509 -req -in "$sk.csr" -CA "$ik.crt" -CAkey "$ik.key" -set_serial "0x$(openssl rand -hex 8)" \
		-days 3650 -extfile "$out.ext" -out "$out" "$@" 2>/dev/null
}

der() { for c in "$@"; do openssl x509 -in "$c" -outform DER; done; }
fails=0
expect() {
	local want=$1 name=$2 file=$3 out
	if out=$("$FUZZ" --chain "$file"); then got=valid; else got=refused; fi
	if [ "$got" = "$want" ]; then
		echo "ok - openssl chain: $name: $out"
	else
		echo "FAIL - openssl chain: $name: $out (expected $want)"
		fails=$((fails + 1))
	fi
}

issue A "$HA" B "$HB" 1 B.crt "" -sha256 "${PSS[@]}"
issue B "$HB" C "$HC" 0 C.crt "" -sha256
der A.crt B.crt C.crt > good.der
expect valid "A (RSA-PSS) -> B (P-256) -> C (P-384)" good.der
openssl verify -x509_strict -partial_chain -CAfile A.crt -untrusted B.crt C.crt >/dev/null 2>&1 ||
	echo "# note: openssl verify does not take the chain (our extension is unknown to it)"

issue B "$HB" C "$HC" 0 C2.crt "1.3.6.1.4.1.55555.7=critical,DER:0500" -sha256
der A.crt B.crt C2.crt > critical.der
expect refused "unknown critical extension" critical.der

issue A "$HA" B "$HB" 1 B20.crt "" -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20 \
	-sigopt rsa_mgf1_md:sha256
der A.crt B20.crt > salt20.der
expect refused "PSS salt length 20" salt20.der

issue B "$HB" C "$HC" 0 C384.crt "" -sha384
der A.crt B.crt C384.crt > p256sha384.der
expect refused "P-256 issuer with ecdsa-with-SHA384" p256sha384.der

[ "$fails" = 0 ]
