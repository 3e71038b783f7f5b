#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The base exchange with a delegated HIT (issue 11,
# Documentation/hip/delegation.rst): A delegates HIT_A to B with
# "hipctl cert issue", B holds the chain ("hipctl cert add"); C (the peer
# P of the issue) talks to HIT_A.
#
#   A va  fd00::1 ----+
#                     |  B: br0 fd00::2, HIT_B and HIT_A on hip0
#   C vc  fd00::3 ----+
#
#   replace  C is ESTABLISHED with HIT_A at A; B pings C from HIT_A: B's
#            I2 carries HOST_ID B and the chain, C accepts it (cert_valid),
#            its association with HIT_A now goes to fd00::2, A got a CLOSE
#            (its association is CLOSED or gone), C's monitor saw the
#            state and locator change; C's pings to HIT_A are answered (by B)
#   deleg    C starts from nothing with HIT_A at fd00::2: B's R1 carries
#            HOST_ID B and the chain; ping and a TCP stream over HIT_A work,
#            B's association has local HIT HIT_A, A has none
#   tshark   Wireshark's dissector decodes the CERT parameters of B's R1;
#            OpenSSL reads the certificates it extracts (SANs HIT_A, HIT_B)
#   expiry   C's association admitted by a 40 s delegation closes when
#            it expires (cert_closed)
#   revoked  C revokes B's certificate: B's R1 is refused (cert_revoked,
#            NOTIFY 50), no association
#   crafted  R1s from hip_craft.py (the "r1" identity, a P-384 key) that
#            claim HIT_F (a key that is nowhere): with a valid chain F -> r1
#            accepted (cert_valid, I2-SENT); refused and counted, no
#            association: no CERT (cert_missing, NOTIFY 48), an expired
#            certificate (cert_expired), one delegating another HIT
#            (cert_bad_hit), a wrong signer and a certificate tampered
#            with after signing (cert_bad_sig), a revoked one
#            (cert_revoked), two delegations
#            over cert-max-depth 1 (cert_too_deep); NOTIFY 50 carries the
#            CERT group and ID (RFC 8002 section 5)

TEST_NAME=bex_deleg
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping socat tcpdump tshark openssl
hip_topo_setup || exit $?
hip_topo_third || hip_test_exit
key_hipctl hi-c ecdsa --curve P-256 || hip_test_exit
assert_ok "C: hi add" hipctl -n "$C" hi add "$TMPD/hi-c.pem" || hip_test_exit
HIT_C=$(hit_of "$TMPD/hi-c.pem")
log_info "A $HIT_A  B $HIT_B  C $HIT_C"

params()
{
	"$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" hip-params --pcap "$1"
}

# b_ping_c: B pings C from HIT_A until answered (HIP_BEX_TIMEOUT)
b_ping_c()
{
	local t0=$SECONDS

	while ((SECONDS - t0 < HIP_BEX_TIMEOUT)); do
		ip netns exec "$B" ping -q -c 1 -W 5 -I "$HIT_A" "$HIT_C" >/dev/null 2>&1 &&
			return 0
		nap 0.2
	done
	return 1
}

closed_or_gone()
{
	[[ $(ha_state "$1" "$2") =~ ^(CLOSING|CLOSED|none)$ ]]
}

# --- the delegation ------------------------------------------------------------------------
assert_ok "A delegates HIT_A to B: hipctl cert issue" \
	hipctl cert issue --key "$TMPD/hi-a.pem" --subject "$TMPD/hi-b.pem" \
	--lifetime 1h -o "$TMPD/ab.pem" || hip_test_exit
assert_ok "B: cert add" hipctl -n "$B" cert add "$TMPD/ab.pem" || hip_test_exit
ip -n "$B" addr add "$HIT_A/128" dev hip0 nodad || fail "B: $HIT_A on hip0"

# --- replace: B takes over C's association with HIT_A ------------------------------------------
assert_ok "A: peer add C" hipctl -n "$A" peer add "$HIT_C" locator "$LOC6_C"
assert_ok "C: peer add HIT_A at A" hipctl -n "$C" peer add "$HIT_A" locator "$LOC6_A"
if t=$(hip_bex_ping "$C" "$HIT_A"); then
	pass "replace: C -> HIT_A at A answered after ${t}s"
else
	fail "replace: C -> HIT_A at A: no answer"
fi
wait_ha_state "$A" "$HIT_C" ESTABLISHED 10
assert_eq "replace: C with HIT_A at A" "$(ha_field "$C" "$HIT_A" peer_locator)" "$LOC6_A"
stats_save "$C" "$TMPD/c.stats"
hipctl -n "$C" monitor >"$TMPD/c.mon" 2>/dev/null &
defer kill "$!"
nap 1
assert_ok "B: peer add C" hipctl -n "$B" peer add "$HIT_C" locator "$LOC6_C"
if b_ping_c; then
	pass "replace: B -> C from HIT_A answered"
else
	fail "replace: B -> C from HIT_A: no answer"
	log_output "$(hipctl -n "$B" ha show 2>&1)"
	log_output "B: $(stats_nonzero "$B")"
	log_output "C: $(stats_nonzero "$C")"
fi
assert_stat_rises "replace: C accepted B's chain in its I2" "$TMPD/c.stats" "$C" cert_valid
assert_eq "replace: B's association with C has local HIT HIT_A" "$(ha_local_hit "$B" "$HIT_C")" "$HIT_A"
assert_eq "replace: C's association with HIT_A now goes to B" \
	"$(ha_field "$C" "$HIT_A" peer_locator)" "$LOC6_B"
if wait_for 50 0.2 closed_or_gone "$A" "$HIT_C"; then
	pass "replace: A's old association was closed ($(ha_state "$A" "$HIT_C"))"
else
	fail "replace: A's association still $(ha_state "$A" "$HIT_C")"
fi
mon=$(cat "$TMPD/c.mon")
assert_match "replace: C's monitor saw the association restart (R2-SENT)" "$mon" \
	"ha $HIT_A state R2-SENT"
assert_match "replace: C's monitor saw its locators move to B" "$mon" \
	"loc $HIT_A locator $LOC6_C <-> $LOC6_B"
assert_ok "replace: C pings HIT_A, B answers" ip netns exec "$C" ping -q -c 3 -i 0.2 -W 5 "$HIT_A"
assert_eq "replace: C's association with HIT_A still at B" \
	"$(ha_field "$C" "$HIT_A" peer_locator)" "$LOC6_B"

# --- deleg: C starts with HIT_A at B -----------------------------------------------------------
hipctl -n "$C" peer del "$HIT_A" >/dev/null 2>&1
hipctl -n "$B" peer del "$HIT_C" >/dev/null 2>&1
hipctl -n "$A" peer del "$HIT_C" >/dev/null 2>&1
wait_for 50 0.2 ha_state_is "$C" "$HIT_A" none
wait_for 50 0.2 ha_state_is "$B" "$HIT_C" none
assert_ok "C: peer add HIT_A at B" hipctl -n "$C" peer add "$HIT_A" locator "$LOC6_B"
stats_save "$C" "$TMPD/c.stats"
PCAP=$TMPD/deleg.pcap
capture_start "$C" vc "$PCAP" ip6 proto 139 || fail "deleg: tcpdump"
if t=$(hip_bex_ping "$C" "$HIT_A"); then
	pass "deleg: C -> HIT_A at B answered after ${t}s"
else
	fail "deleg: C -> HIT_A at B: no answer"
	log_output "B: $(stats_nonzero "$B")"
	log_output "C: $(stats_nonzero "$C")"
fi
capture_stop
assert_stat_rises "deleg: C accepted the chain in B's R1" "$TMPD/c.stats" "$C" cert_valid
assert_eq "deleg: C ESTABLISHED with HIT_A at B" \
	"$(ha_state "$C" "$HIT_A") $(ha_field "$C" "$HIT_A" peer_locator)" "ESTABLISHED $LOC6_B"
assert_eq "deleg: B's association has local HIT HIT_A" "$(ha_local_hit "$B" "$HIT_C")" "$HIT_A"
assert_eq "deleg: A has no association with C" "$(ha_state "$A" "$HIT_C")" none
P=$(params "$PCAP")
log_output "$P"
r1=$(awk -v b="$LOC6_B" '$1 == "r1" && $2 == b' <<<"$P" | head -1)
assert_match "deleg: B's R1 carries the chain: two CERTs (768)" "$r1" ' 768:[0-9]+:01020101.* 768:[0-9]+:01020201'
stream_start "$C" "$B" "$HIT_A" 5001 1 && stream_finish "deleg: TCP from C to HIT_A, served by B"

# tshark (Wireshark's HIP dissector, not ours) decodes the CERT parameters of
# B's R1, and the certificates in them are X.509 that OpenSSL reads, naming
# HIT_A (the root) and HIT_B (the holder) as subjectAltName
cf=$(tshark -r "$PCAP" -Y "hip.packet_type == 2 && ipv6.src == $LOC6_B" -T fields -E separator=' ' \
	-e hip.tlv.cert_group -e hip.tlv.cert_count -e hip.tlv.cert_id -e hip.tlv.cert_type 2>/dev/null | head -1)
assert_eq "tshark: B's R1 has CERT group 1,1 count 2,2 ID 1,2 type X.509 v3 (1,1)" "$cf" "1,1 2,2 1,2 1,1"
i=0
for der in $(tshark -r "$PCAP" -Y "hip.packet_type == 2 && ipv6.src == $LOC6_B" -T fields \
		-e hip.tlv.certificate 2>/dev/null | head -1 | tr ',' ' '); do
	i=$((i + 1))
	"$PYTHON" -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$der" \
		>"$TMPD/r1-cert$i.der"
	san=$(openssl x509 -inform DER -in "$TMPD/r1-cert$i.der" -noout -ext subjectAltName 2>&1 |
		sed -n 's/.*IP Address:\([0-9A-Fa-f:]*\).*/\1/p' | head -1)
	san=$("$PYTHON" -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' "$san" 2>&1)
	want=$HIT_A
	((i == 2)) && want=$HIT_B
	assert_eq "tshark + openssl: R1 certificate $i is X.509 with SAN $want" "$san" "$want"
	openssl x509 -inform DER -in "$TMPD/r1-cert$i.der" >>"$TMPD/r1-chain.pem" 2>/dev/null
done
assert_eq "tshark: two certificates in B's R1" "$i" 2
# The chain as it went on the wire, checked by the independent verifier
# (its own DER code, Python cryptography for the signatures): a
# delegation of HIT_A to B's key
assert_ok "cert_ref.py: the chain in B's R1 delegates HIT_A to HI_B" \
	"$PYTHON" "$HIP_SELFTEST_DIR/cert_ref.py" verify "$TMPD/r1-chain.pem" --hit "$HIT_A" \
	--host-id "$TMPD/hi-b.pem"

# --- expiry: an association admitted by a delegation ends when it expires -------------------
# A delegation that expires: C closes when its notAfter passes
hipctl -n "$C" peer del "$HIT_A" >/dev/null 2>&1
hipctl -n "$B" peer del "$HIT_C" >/dev/null 2>&1
hipctl -n "$B" cert del "$HIT_A" >/dev/null 2>&1
wait_for 50 0.2 ha_state_is "$C" "$HIT_A" none
wait_for 50 0.2 ha_state_is "$B" "$HIT_C" none
assert_ok "expiry: A delegates HIT_A to B for 40 s" \
	hipctl cert issue --key "$TMPD/hi-a.pem" --subject "$TMPD/hi-b.pem" \
	--lifetime 40s -o "$TMPD/ab-short.pem"
assert_ok "expiry: B: cert add" hipctl -n "$B" cert add "$TMPD/ab-short.pem"
assert_ok "expiry: C: peer add HIT_A at B" hipctl -n "$C" peer add "$HIT_A" locator "$LOC6_B"
stats_save "$C" "$TMPD/c.stats"
if t=$(hip_bex_ping "$C" "$HIT_A"); then
	pass "expiry: C -> HIT_A at B under the short delegation after ${t}s"
else
	fail "expiry: C -> HIT_A at B: no answer"
fi
if wait_stat_rise "$TMPD/c.stats" "$C" cert_closed 70; then
	pass "expiry: C closed the association when the chain expired (cert_closed)"
else
	fail "expiry: cert_closed did not rise at C ($(ha_state "$C" "$HIT_A"))"
fi
assert_match "expiry: C's association closed" "$(ha_state "$C" "$HIT_A")" '^(CLOSING|CLOSED|none)$'
hipctl -n "$B" cert del "$HIT_A" >/dev/null 2>&1
assert_ok "B: cert add (1 h) again" hipctl -n "$B" cert add "$TMPD/ab.pem"

# --- revoked: C revokes the certificate B presents ---------------------------------------
hipctl -n "$C" peer del "$HIT_A" >/dev/null 2>&1
hipctl -n "$B" peer del "$HIT_C" >/dev/null 2>&1
wait_for 50 0.2 ha_state_is "$C" "$HIT_A" none
ser=$(cert_serial "$TMPD/ab.pem" 1)
assert_ok "C: cert revoke $HIT_A $ser" hipctl -n "$C" cert revoke "$HIT_A" "$ser"
assert_ok "C: peer add HIT_A at B" hipctl -n "$C" peer add "$HIT_A" locator "$LOC6_B"
stats_save "$C" "$TMPD/c.stats"
ip netns exec "$C" ping -q -c 1 -W 1 "$HIT_A" >/dev/null 2>&1
if wait_stat_rise "$TMPD/c.stats" "$C" cert_revoked 20; then
	pass "revoked: B's R1 refused (cert_revoked)"
else
	fail "revoked: cert_revoked did not rise"
fi
assert_match "revoked: no association" "$(ha_state "$C" "$HIT_A")" '^(I1-SENT|E-FAILED|none)$'
hipctl -n "$C" peer del "$HIT_A" >/dev/null 2>&1
hipctl -n "$C" cert revoke flush >/dev/null

# --- crafted R1s claiming HIT_F --------------------------------------------------------------
R1HIT=$("$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" r1-hit)
"$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" r1-key -o "$TMPD/r1.pem" || fail "r1-key"
assert_eq "hipctl hit of r1-key is r1-hit" "$(hit_of "$TMPD/r1.pem")" "$R1HIT"
key_hipctl hi-f ecdsa --curve P-256 || hip_test_exit
key_hipctl hi-d ecdsa --curve P-256 || hip_test_exit
key_hipctl hi-x ecdsa --curve P-256 || hip_test_exit
HIT_F=$(hit_of "$TMPD/hi-f.pem")
assert_ok "F -> r1" hipctl cert issue --key "$TMPD/hi-f.pem" --subject "$TMPD/r1.pem" \
	--lifetime 1h -o "$TMPD/f-r1.pem"
assert_ok "F -> D" hipctl cert issue --key "$TMPD/hi-f.pem" --subject "$TMPD/hi-d.pem" \
	--lifetime 1h --depth 1 -o "$TMPD/f-d.pem"
assert_ok "F -> D -> r1" hipctl cert issue --key "$TMPD/hi-d.pem" --subject "$TMPD/r1.pem" \
	--lifetime 1h --chain "$TMPD/f-d.pem" -o "$TMPD/f-d-r1.pem"
assert_ok "X -> r1" hipctl cert issue --key "$TMPD/hi-x.pem" --subject "$TMPD/r1.pem" \
	--lifetime 1h -o "$TMPD/x-r1.pem"
assert_ok "F -> r1, expired (cert_ref.py)" "$PYTHON" "$HIP_SELFTEST_DIR/cert_ref.py" make \
	expired --key "$TMPD/hi-f.pem" --key "$TMPD/r1.pem" -o "$TMPD/f-r1-exp.pem"
assert_ok "F -> r1 for another HIT (cert_ref.py)" "$PYTHON" "$HIP_SELFTEST_DIR/cert_ref.py" make \
	other-hit --key "$TMPD/hi-f.pem" --key "$TMPD/r1.pem" -o "$TMPD/f-r1-oh.pem"
assert_ok "F -> r1 signed by another key (cert_ref.py)" "$PYTHON" "$HIP_SELFTEST_DIR/cert_ref.py" make \
	wrong-signer --key "$TMPD/hi-f.pem" --key "$TMPD/r1.pem" -o "$TMPD/f-r1-ws.pem"
assert_ok "F -> r1 tampered after signing (cert_ref.py)" "$PYTHON" "$HIP_SELFTEST_DIR/cert_ref.py" make \
	tampered --key "$TMPD/hi-f.pem" --key "$TMPD/r1.pem" -o "$TMPD/f-r1-tamp.pem"

PCAP2=$TMPD/crafted.pcap
capture_start "$C" vc "$PCAP2" ip6 proto 139 || fail "crafted: tcpdump"


# crafted NAME CHAIN COUNTER: an R1 claiming HIT_F with CHAIN ("" for
# none) to C in I1-SENT; COUNTER must rise
crafted()
{
	local name=$1 chain=$2 counter=$3 go=$TMPD/go.$RANDOM

	craft "$A" r1 --src "$LOC6_A" --dst "$LOC6_C" --rhit "$HIT_C" --shit "$HIT_F" \
		${chain:+--cert "$chain"} --after "$go" >/dev/null &
	# C sends a first I1 to HIT_F at A's address, where no one answers for it
	hip_i1_sent "$C" "$HIT_F" "$LOC6_A" || fail "$name: C has no I1-SENT association with $HIT_F"
	stats_save "$C" "$TMPD/c.stats"
	touch "$go"
	wait $!
	if wait_stat_rise "$TMPD/c.stats" "$C" "$counter" 20; then
		pass "$name: counted ($counter)"
	else
		fail "$name: $counter did not rise"
		log_output "C: $(stats_nonzero "$C")"
	fi
}

crafted "crafted valid F -> r1" "$TMPD/f-r1.pem" cert_valid
wait_ha_state "$C" "$HIT_F" I2-SENT 10
assert_eq "crafted valid: C went on to I2-SENT" "$(ha_state "$C" "$HIT_F")" I2-SENT
for c in "no CERT||cert_missing" \
	 "expired|$TMPD/f-r1-exp.pem|cert_expired" \
	 "delegates another HIT|$TMPD/f-r1-oh.pem|cert_bad_hit" \
	 "issued by X for HIT_F|$TMPD/x-r1.pem|cert_bad_hit" \
	 "signed by another key than F's|$TMPD/f-r1-ws.pem|cert_bad_sig" \
	 "tampered after signing|$TMPD/f-r1-tamp.pem|cert_bad_sig"; do
	IFS='|' read -r name chain counter <<<"$c"
	crafted "refused: $name" "$chain" "$counter"
	assert_match "refused: $name: no association" "$(ha_state "$C" "$HIT_F")" \
		'^(I1-SENT|E-FAILED|none)$'
done
assert_ok "C: cert revoke F -> r1" hipctl -n "$C" cert revoke "$HIT_F" "$(cert_serial "$TMPD/f-r1.pem" 1)"
crafted "refused: revoked" "$TMPD/f-r1.pem" cert_revoked
assert_match "refused: revoked: no association" "$(ha_state "$C" "$HIT_F")" '^(I1-SENT|E-FAILED|none)$'
assert_ok "C: cert-max-depth 1" hipctl -n "$C" config set cert-max-depth 1
crafted "refused: two delegations, cert-max-depth 1" "$TMPD/f-d-r1.pem" cert_too_deep
assert_match "refused: too deep: no association" "$(ha_state "$C" "$HIT_F")" '^(I1-SENT|E-FAILED|none)$'
hipctl -n "$C" config set cert-max-depth 3
capture_stop
hipctl -n "$C" peer del "$HIT_F" >/dev/null 2>&1

P=$(params "$PCAP2")
log_output "$P"
ntf=$(awk -v c="$LOC6_C" '$1 == "notify" && $2 == c' <<<"$P")
assert_match "RFC 8002 5: NOTIFY CREDENTIALS_REQUIRED (48) sent" "$ntf" ' 832:4:00000030( |$)'
assert_match "RFC 8002 5: NOTIFY INVALID_CERTIFICATE (50) with group 1, CERT ID 2 (expired)" \
	"$ntf" ' 832:6:000000320102( |$)'

hip_test_exit
