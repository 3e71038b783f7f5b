#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Corners of RFC 7401 / RFC 7402 where the text says exactly what to do.
#
#   1. Fixed header (RFC 7401 5.1): an I1 followed by trailing data the
#      Header Length does not cover, and an I1 with both fixed bits
#      inverted, are answered with an R1 like a plain I1.
#   2. A base exchange A -> B, captured: B's R1 offers neither the
#      NULL-ENCRYPT HIP cipher nor the ESP suite without encryption
#      (7401 5.2.8, 7402 3.3.5; null-crypto is off by default); A's I2
#      pads the encrypted HOST_ID with PKCS5 (7401 5.2.18): the test HIs'
#      HOST_ID parameter is 80 bytes, a multiple of the AES block, so
#      ENCRYPTED holds a whole block of padding (length 4 + 16 + 96).
#   3. Lost R2 (Table 6, 6.9 step 4): the captured I2, replayed to B in
#      ESTABLISHED, gets the very same R2 again; B keeps its SPIs and its
#      state (no new keys on the old SA); a burst of 5 more copies gets at
#      most 2 R2s (rate limit).  Once B has dropped the association, the
#      same I2 is refused (its puzzle is spent) and creates nothing.
#   4. NOTIFY types (7401 5.2.19, 7402 5.1.3) and NULL algorithms: A talks
#      to a responder identity of hip_craft.py (signed R1s sent from B's
#      namespace).  An R1 offering only NULL-ENCRYPT: A refuses it with
#      NO_HIP_PROPOSAL_CHOSEN (16) and stays I1-SENT; only ESP suite 7:
#      NO_ESP_PROPOSAL_CHOSEN (18).  After "config set null-crypto on" the
#      same offers are accepted: A's I2 has HIP_CIPHER 1, the HOST_ID in
#      the clear (no ENCRYPTED) and ESP_TRANSFORM 7.
#   5. Crossed I2s (Table 4, 6.9 step 5): both sides in I2-SENT (their
#      I2s dropped by a tc filter, then let through): the host with the
#      smaller HIT drops the peer's I2, so it ends as the Initiator and the
#      greater HIT as the Responder.
#   6. CLOSE (6.14, 6.15, Tables 7, 8): crossing CLOSEs leave both sides
#      CLOSED; each CLOSE_ACK is then accepted in CLOSED (no drop) and both
#      associations are discarded at once.  A one-sided CLOSE leaves the
#      receiver CLOSED for UAL + 2 MSL: still there 4 s later.

TEST_NAME=bex_rfc_edges
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tc tcpdump
"$PYTHON" -c 'import cryptography' 2>/dev/null ||
	ksft_skip_now "python3-cryptography missing"
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

gone()
{
	[ "$(ha_state "$1" "$2")" = none ]
}

# stat_grew FILE NS NAME: counter NAME is above its value in FILE
stat_grew()
{
	[ "$(stat_delta "$@")" -ge 1 ]
}

# params PCAP: hip_craft.py hip-params, one line per HIP packet
params()
{
	"$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" hip-params --pcap "$1"
}

# fresh_pair: both peers deleted and added again (no association left)
fresh_pair()
{
	hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
	hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
	wait_for 50 0.2 no_ha || fail "associations left after peer del"
	hip_peers_add 6 >/dev/null
}

# --- 1. fixed header: trailing data, fixed bits -----------------------------------
for kind in i1 i1-trailing i1-fixed-bits; do
	stats_save "$B" "$TMPD/b.stats"
	craft "$A" send "$kind" --src "$LOC6_A" --dst "$LOC6_B" --shit "$HIT_A" \
		--rhit "$HIT_B" >/dev/null
	wait_for 25 0.2 stat_grew "$TMPD/b.stats" "$B" r1_out
	assert_stat_rises "5.1: $kind answered with an R1" "$TMPD/b.stats" "$B" r1_out
done

# --- 2. base exchange: offers, ENCRYPTED padding --------------------------------
fresh_pair
PCAP=$TMPD/bex.pcap
capture_start "$A" "$VETH_A" "$PCAP" ip6 proto 139 || hip_test_exit
if ! t=$(hip_bex_ping "$A" "$HIT_B"); then
	fail "A: no base exchange with B"
	hip_test_exit
fi
pass "A: base exchange with B (${t}s)"
wait_ha_state "$B" "$HIT_A" ESTABLISHED 20 || fail "B: not ESTABLISHED after pings"
read -r bi bo <<<"$(spis "$B" "$HIT_A")"

# --- 3. the I2 again: the same R2, nothing else ---------------------------------
stats_save "$B" "$TMPD/b.stats"
craft "$A" replay --pcap "$PCAP" --ifname "$VETH_A" --select "hip:i2-from:$LOC6_A" >/dev/null
wait_for 50 0.2 stat_grew "$TMPD/b.stats" "$B" retransmit
capture_stop
P=$(params "$PCAP")
log_output "$P"
r1=$(awk -v b="$LOC6_B" '$1 == "r1" && $2 == b' <<<"$P" | head -1)
cip=$(grep -o ' 579:[0-9]*:[0-9a-f]*' <<<"$r1")
esp=$(grep -o ' 4095:[0-9]*:[0-9a-f]*' <<<"$r1")
assert_match "5.2.8: B's R1 offers no NULL-ENCRYPT (HIP_CIPHER$cip)" "$cip" '^ 579:4:00020004$'
assert_match "7402 3.3.5: B's R1 offers no suite 7 (ESP_TRANSFORM$esp)" "$esp" '^ 4095:8:0000000d00080009$'
enc=$(awk -v a="$LOC6_A" '$1 == "i2" && $2 == a' <<<"$P" | head -1 | grep -o ' 641:[0-9]*:')
assert_eq "5.2.18: ENCRYPTED in A's I2 carries a whole block of PKCS5 padding" "$enc" " 641:116:"
mapfile -t h < <(awk -v b="$LOC6_B" '$1 == "r2" && $2 == b { print $4 }' <<<"$P")
if [ "${#h[@]}" -eq 2 ] && [ "${h[0]}" = "${h[1]}" ]; then
	pass "Table 6: the repeated I2 got the same R2 again (${h[0]})"
else
	fail "Table 6: R2s from B after the repeated I2: ${h[*]:-none} (want the same one twice)"
fi
assert_stat_rises "B: the R2 counted as a retransmission" "$TMPD/b.stats" "$B" retransmit
assert_eq "B: still ESTABLISHED" "$(ha_state "$B" "$HIT_A")" ESTABLISHED
assert_eq "B: same SPIs (no new keys on the old SA)" "$(spis "$B" "$HIT_A")" "$bi $bo"
assert_ok "A <-> B: traffic still flows" ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$HIT_B"

stats_save "$B" "$TMPD/b.stats"
PCAP2=$TMPD/burst.pcap
capture_start "$A" "$VETH_A" "$PCAP2" ip6 proto 139 || hip_test_exit
craft "$A" replay --pcap "$PCAP" --ifname "$VETH_A" --select "hip:i2-from:$LOC6_A" \
	--count 5 >/dev/null
wait_for 50 0.2 stat_grew "$TMPD/b.stats" "$B" retransmit
nap 1
capture_stop
n=$(params "$PCAP2" | awk -v b="$LOC6_B" '$1 == "r2" && $2 == b' | wc -l)
if [ "$n" -ge 1 ] && [ "$n" -le 2 ]; then
	pass "5 more copies of the I2 at once: $n R2 (rate limited)"
else
	fail "5 more copies of the I2 at once: $n R2, want 1 or 2"
fi
assert_eq "B: same SPIs after the burst" "$(spis "$B" "$HIT_A")" "$bi $bo"

# The I2 once more, after B has dropped the association: its puzzle was
# spent, so B must refuse it rather than derive the same keys again
# (KEYMAT from the same DH keys, #I and #J, RFC 7401 6.5) and start their
# ESP sequence numbers over (AES-GCM IV reuse, RFC 4106 3.1).
hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
wait_for 50 0.2 gone "$B" "$HIT_A" || fail "B: association left after peer del"
stats_save "$B" "$TMPD/b.stats"
craft "$A" replay --pcap "$PCAP" --ifname "$VETH_A" --select "hip:i2-from:$LOC6_A" >/dev/null
wait_for 50 0.2 stat_grew "$TMPD/b.stats" "$B" drop_bad_puzzle
assert_stat_rises "B: the replayed I2's spent puzzle is refused" "$TMPD/b.stats" "$B" drop_bad_puzzle
assert_eq "B: no association from the replayed I2" "$(ha_state "$B" "$HIT_A")" none
fresh_pair

# --- 4. NULL offers and NOTIFY types ------------------------------------------------
HIT_X=$("$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" r1-hit)
assert_ok "A: peer add the crafted responder $HIT_X" \
	hipctl -n "$A" peer add "$HIT_X" locator "$LOC6_B"
PCAP3=$TMPD/null.pcap
capture_start "$A" "$VETH_A" "$PCAP3" ip6 proto 139 || hip_test_exit

neg_grew()
{
	[ "$(stat_of "$A" drop_negotiation)" -gt "$NEG0" ]
}
# r1_to_a CIPHERS ESP: a signed R1 from HIT_X to A in I1-SENT (built
# while A gets there, sent the moment it is)
r1_to_a()
{
	local go=$TMPD/go.$RANDOM

	craft "$B" r1 --src "$LOC6_B" --dst "$LOC6_A" --rhit "$HIT_A" --ciphers "$1" \
		--esp "$2" --after "$go" >/dev/null &
	hip_i1_sent "$A" "$HIT_X" "$LOC6_B" || fail "A: no I1-SENT association with $HIT_X"
	NEG0=$(stat_of "$A" drop_negotiation)
	touch "$go"
	wait $!
}
r1_to_a 1 13
wait_for 50 0.2 neg_grew || fail "A: the R1 offering only NULL-ENCRYPT was not refused"
assert_match "A: not I2-SENT after it" "$(ha_state "$A" "$HIT_X")" '^(I1-SENT|E-FAILED|none)$'
r1_to_a 2 7
wait_for 50 0.2 neg_grew || fail "A: the R1 offering only ESP suite 7 was not refused"
assert_ok "A: config set null-crypto on" hipctl -n "$A" config set null-crypto on
r1_to_a 1 7
wait_ha_state "$A" "$HIT_X" I2-SENT 20
assert_eq "null-crypto on: A accepted the R1 (I2-SENT)" "$(ha_state "$A" "$HIT_X")" I2-SENT
capture_stop
hipctl -n "$A" config set null-crypto off
hipctl -n "$A" peer del "$HIT_X"
P=$(params "$PCAP3")
log_output "$P"
ntf=$(awk -v a="$LOC6_A" '$1 == "notify" && $2 == a' <<<"$P" | grep -o ' 832:[0-9]*:[0-9a-f]*' |
	tr -d ' ' | tr '\n' ' ')
assert_eq "5.2.8, 7402 3.3.5: NOTIFYs NO_HIP_PROPOSAL_CHOSEN (16), NO_ESP_PROPOSAL_CHOSEN (18)" \
	"$ntf" "832:4:00000010 832:4:00000012 "
i2=$(awk -v a="$LOC6_A" '$1 == "i2" && $2 == a' <<<"$P" | tail -1)
assert_match "null-crypto on: A's I2 chose HIP_CIPHER 1" "$i2" ' 579:2:0001( |$)'
assert_match "null-crypto on: the HOST_ID in the clear" "$i2" ' 705:'
if [ -n "$i2" ] && ! grep -q ' 641:' <<<"$i2"; then
	pass "null-crypto on: no ENCRYPTED in the I2"
else
	fail "null-crypto on: an I2 without ENCRYPTED: $i2"
fi
assert_match "null-crypto on: A's I2 chose ESP suite 7" "$i2" ' 4095:4:00000007( |$)'

# --- 5. crossed I2s ---------------------------------------------------------------
fresh_pair
# drop_i2 NS DEV: drop the I2s NS sends (HIP type 3 at byte 2 of the HIP
# header, which follows the 40-byte IPv6 header)
drop_i2()
{
	tc -n "$1" qdisc add dev "$2" root handle 1: prio &&
	tc -n "$1" filter add dev "$2" parent 1: protocol ipv6 u32 \
		match u8 139 0xff at 6 match u8 3 0xff at 42 action drop
}
if drop_i2 "$A" "$VETH_A" 2>"$TMPD/tc.err" && drop_i2 "$B" "$VETH_B" 2>>"$TMPD/tc.err"; then
	ip netns exec "$A" ping -q -c 1 -W 1 "$HIT_B" >/dev/null 2>&1
	wait_ha_state "$A" "$HIT_B" I2-SENT 20 || fail "A: not I2-SENT"
	ip netns exec "$B" ping -q -c 1 -W 1 "$HIT_A" >/dev/null 2>&1
	wait_ha_state "$B" "$HIT_A" I2-SENT 20 || fail "B: not I2-SENT"
	tc -n "$A" qdisc del dev "$VETH_A" root
	tc -n "$B" qdisc del dev "$VETH_B" root
	hip_bex_ping "$A" "$HIT_B" >/dev/null || fail "A: no association after the crossed I2s"
	smaller=$("$PYTHON" -c 'import ipaddress, sys
a, b = (ipaddress.IPv6Address(x) for x in sys.argv[1:])
print("A" if a < b else "B")' "$HIT_A" "$HIT_B")
	if [ "$smaller" = A ]; then
		ini=$(ha_field "$A" "$HIT_B" initiator)/$(ha_field "$B" "$HIT_A" initiator)
	else
		ini=$(ha_field "$B" "$HIT_A" initiator)/$(ha_field "$A" "$HIT_B" initiator)
	fi
	assert_eq "Table 4: the smaller HIT ($smaller) stays Initiator, the greater answers" \
		"$ini" "true/false"
else
	log_info "no tc u32 filter, crossed I2s skipped: $(cat "$TMPD/tc.err")"
fi

# --- 6. CLOSE ---------------------------------------------------------------------
ping_ok "$A" "$HIT_B" || hip_bex_ping "$A" "$HIT_B" >/dev/null
wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
if tc -n "$A" qdisc add dev "$VETH_A" root netem delay 1s 2>/dev/null &&
   tc -n "$B" qdisc add dev "$VETH_B" root netem delay 1s 2>/dev/null; then
	stats_save "$A" "$TMPD/a.stats"
	stats_save "$B" "$TMPD/b.stats"
	hipctl -n "$A" ha close "$HIT_B" &
	hipctl -n "$B" ha close "$HIT_A"
	wait
	if wait_for 50 0.2 no_ha; then
		pass "6.15: crossed CLOSEs: both associations discarded"
	else
		fail "crossed CLOSEs: left A $(ha_state "$A" "$HIT_B"), B $(ha_state "$B" "$HIT_A")"
	fi
	assert_eq "Table 8: the CLOSE_ACKs were accepted in CLOSED (drop_bad_state A/B)" \
		"$(stat_delta "$TMPD/a.stats" "$A" drop_bad_state)/$(stat_delta "$TMPD/b.stats" "$B" drop_bad_state)" \
		0/0
	tc -n "$A" qdisc del dev "$VETH_A" root
	tc -n "$B" qdisc del dev "$VETH_B" root
else
	log_info "no netem: crossed CLOSEs skipped"
fi
hip_bex_ping "$A" "$HIT_B" >/dev/null || fail "A: no new association"
wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
assert_ok "A: ha close" hipctl -n "$A" ha close "$HIT_B"
wait_for 50 0.2 gone "$A" "$HIT_B" || fail "A: association left after CLOSE_ACK"
wait_ha_state "$B" "$HIT_A" CLOSED 10 || fail "B: not CLOSED after A's CLOSE"
nap 4
assert_eq "Table 8: B still CLOSED 4 s later (held UAL + 2 MSL)" "$(ha_state "$B" "$HIT_A")" CLOSED

hip_test_exit
