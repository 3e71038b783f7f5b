#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's certificate store (HIP_CMD_CERT_*; hipctl cert add, del,
# show, revoke): delegation chains made with the openssl command in the
# profile of Documentation/hip/delegation.rst, ECDSA only (fast in TCG).
#
#   A (P-256, not in any namespace) ──delegates HIT_A──> B (P-384, HI of ns E)
#                                   ──> B ──> C (P-256, HI of ns E)
#
#   cert add A->B: accepted, "cert show -j" lists it (delegated HIT_A,
#     holder HIT_B, depth 1); the same again: EEXIST
#   refused, nothing stored: a chain ending at a key that is not an HI of
#     E (ENOENT), an unknown critical extension (EINVAL), a root alone,
#     two delegations when cert-max-depth is 1 (EKEYREJECTED), garbage
#   cert revoke HIT_A SERIAL: the held delegation goes, "cert show" has the
#     revocation entry, adding the chain again is EKEYREVOKED; flush
#     empties the list and it can be added again
#   cert del ID / HIT; del of a missing one: ENOENT
#   namespace deletion frees the store (the module's object count)

TEST_NAME=cert_store
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
setup_ns E || exit $?

DELEG_OID=2.25.137592137204914361633377730913996342799.1

key_openssl ca ec P-256 || hip_test_exit
key_openssl cb ec P-384 || hip_test_exit
key_openssl cc ec P-256 || hip_test_exit
key_openssl cx ec P-256 || hip_test_exit
HA=$(hit_of "$TMPD/ca.pem"); HB=$(hit_of "$TMPD/cb.pem")
HC=$(hit_of "$TMPD/cc.pem"); HX=$(hit_of "$TMPD/cx.pem")

# HipDelegation ::= SEQUENCE { delegatedHit OCTET STRING (16), maxDepth INTEGER }
deleg()
{
	"$PYTHON" -c 'import ipaddress, sys
h = ipaddress.IPv6Address(sys.argv[1]).packed
b = bytes([4, 16]) + h + bytes([2, 1, int(sys.argv[2])])
print((bytes([0x30, len(b)]) + b).hex())' "$1" "$2"
}

# root NAME HIT: the self-signed certificate of a HIT
root()
{
	openssl req -x509 -new -key "$TMPD/$1.pem" -subj "/CN=$2" -days 3650 -sha256 \
		-addext "subjectAltName=IP:$2" -addext "issuerAltName=IP:$2" \
		-out "$TMPD/$1.crt" 2>/dev/null
}

# issue ISSUER ISSUER_HIT SUBJECT SUBJECT_HIT DEPTH OUT [EXTRA_EXT]: $TMPD/OUT.crt,
# signed with $TMPD/ISSUER.pem, issuer name from $TMPD/ISSUER.crt
issue()
{
	local ik=$1 ih=$2 sk=$3 sh=$4 depth=$5 out=$6 extra=${7:-} md=-sha256

	[ "$(openssl pkey -in "$TMPD/$ik.pem" -noout -text | grep -c 'NIST CURVE: P-384')" = 1 ] &&
		md=-sha384
	openssl req -new -key "$TMPD/$sk.pem" -subj "/CN=$sh" -out "$TMPD/$sk.csr" 2>/dev/null
	{
		echo "subjectAltName=IP:$sh"
		echo "issuerAltName=IP:$ih"
		echo "$DELEG_OID=critical,DER:$(deleg "$HA" "$depth")"
		[ -z "$extra" ] || echo "$extra"
	} >"$TMPD/$out.ext"
	openssl x509 -req -in "$TMPD/$sk.csr" -CA "$TMPD/$ik.crt" -CAkey "$TMPD/$ik.pem" \
		-set_serial "0x$(openssl rand -hex 8)" -days 365 "$md" \
		-extfile "$TMPD/$out.ext" -out "$TMPD/$out.crt" 2>/dev/null
}

serial_of()
{
	openssl x509 -in "$TMPD/$1.crt" -noout -serial | sed 's/^serial=//'
}

chain()
{
	local out=$1

	shift
	for c in "$@"; do cat "$TMPD/$c.crt"; done >"$TMPD/$out.pem"
}

certs_json() { hipctl -n "$E" -j cert show; }
ncerts() { certs_json | json_eval 'len([c for c in d if not c.get("revoked")])'; }
nrevoked() { certs_json | json_eval 'len([c for c in d if c.get("revoked")])'; }

root ca "$HA"
issue ca "$HA" cb "$HB" 1 ab
cp "$TMPD/ab.crt" "$TMPD/cb.crt"	# B's certificate, to issue with
issue ca "$HA" cx "$HX" 0 ax
issue cb "$HB" cc "$HC" 0 bc
issue ca "$HA" cb "$HB" 0 ab_crit "1.3.6.1.4.1.55555.7=critical,DER:0500"
chain good ca ab
chain notours ca ax
chain crit ca ab_crit
chain two ca ab bc
chain rootonly ca

assert_ok "HI B in E" hipctl -n "$E" hi add "$TMPD/cb.pem"
assert_ok "HI C in E" hipctl -n "$E" hi add "$TMPD/cc.pem"
before_stats=$(hipctl -n "$E" -j stats)

# --- add and show ----------------------------------------------------------------
assert_ok "cert add A->B" hipctl -n "$E" cert add "$TMPD/good.pem"
assert_eq "one delegation held" "$(ncerts)" 1
j=$(certs_json)
assert_eq "delegated HIT is HIT_A" \
	"$(json_eval 'd[0]["delegated_hit"]' <<<"$j" | "$PYTHON" -c 'import ipaddress,sys; print(ipaddress.IPv6Address(sys.stdin.read().strip()))')" \
	"$("$PYTHON" -c 'import ipaddress,sys; print(ipaddress.IPv6Address(sys.argv[1]))' "$HA")"
assert_eq "depth 1, max-depth 1" "$(json_eval '[d[0]["depth"], d[0]["max_depth"]]' <<<"$j")" "[1, 1]"
id=$(json_eval 'd[0]["id"]' <<<"$j")
assert_ok "cert show ID gives the chain" hipctl -n "$E" cert show "$id"
assert_match "... in PEM" "$OUT" "BEGIN CERTIFICATE"
assert_hipctl_error "the same chain again: EEXIST" 1 'already' \
	hipctl -n "$E" cert add "$TMPD/good.pem"

# --- refusals --------------------------------------------------------------------------
assert_hipctl_error "chain to a key not ours" 1 'does not end at a HI' \
	hipctl -n "$E" cert add "$TMPD/notours.pem"
assert_hipctl_error "unknown critical extension" 1 'unknown critical' \
	hipctl -n "$E" cert add "$TMPD/crit.pem"
assert_hipctl_error "a root alone" 1 '^hipctl: cert add: ' \
	hipctl -n "$E" cert add "$TMPD/rootonly.pem"
head -c 700 /dev/urandom >"$TMPD/garbage.der"
assert_hipctl_error "garbage" 1 'not valid DER' hipctl -n "$E" cert add "$TMPD/garbage.der"
assert_ok "cert-max-depth 1" hipctl -n "$E" config set cert-max-depth 1
assert_hipctl_error "two delegations over the maximum" 1 'too deep' \
	hipctl -n "$E" cert add "$TMPD/two.pem"
assert_ok "cert-max-depth 3" hipctl -n "$E" config set cert-max-depth 3
assert_ok "two delegations within it" hipctl -n "$E" cert add "$TMPD/two.pem"
assert_eq "two delegations held" "$(ncerts)" 2
assert_eq "refused adds are not counted as peers' chains" \
	"$(hipctl -n "$E" -j stats | json_eval '[d[k] for k in sorted(d) if k.startswith("cert_")]')" \
	"$(json_eval '[d[k] for k in sorted(d) if k.startswith("cert_")]' <<<"$before_stats")"

# --- revocation --------------------------------------------------------------------
assert_ok "revoke A->B" hipctl -n "$E" cert revoke "$HA" "$(serial_of ab)"
assert_eq "both delegations through A->B dropped" "$(ncerts)" 0
assert_eq "one revocation entry" "$(nrevoked)" 1
assert_ok "revoking it again is fine" hipctl -n "$E" cert revoke "$HA" "$(serial_of ab)"
assert_eq "still one revocation entry" "$(nrevoked)" 1
assert_hipctl_error "a revoked chain is refused" 1 'revoked' \
	hipctl -n "$E" cert add "$TMPD/good.pem"
assert_ok "flush the list" hipctl -n "$E" cert revoke flush
assert_eq "no revocation entry" "$(nrevoked)" 0
assert_ok "the chain is taken again" hipctl -n "$E" cert add "$TMPD/good.pem"

# --- delete --------------------------------------------------------------------------
id=$(certs_json | json_eval 'd[0]["id"]')
assert_ok "cert del ID" hipctl -n "$E" cert del "$id"
assert_hipctl_error "cert del ID again: ENOENT" 1 'no such' hipctl -n "$E" cert del "$id"
assert_ok "add again" hipctl -n "$E" cert add "$TMPD/good.pem"
assert_ok "cert del by delegated HIT" hipctl -n "$E" cert del "$HA"
assert_eq "nothing held" "$(ncerts)" 0

# --- namespace exit frees the store -----------------------------------------------------
assert_ok "add before the namespace goes" hipctl -n "$E" cert add "$TMPD/good.pem"
assert_ok "revoke something too" hipctl -n "$E" cert revoke "$HX" 0102
cleanup_ns "$E"

hip_test_exit
