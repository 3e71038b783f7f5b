#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Replayed and tampered ESP and HIP packets are dropped, counted, and do not
# disturb the association.
#
#   ns A (va) ---- IPv6 locators ---- (vb) ns B
#   tcpdump on va captures the base exchange and some ESP; hip_craft.py
#   re-sends captured frames (as they were, or mutated) and crafts HIP
#   packets with raw sockets.
#
#   packet sent to B                              B's counter that must rise
#   captured ESP A->B, 3 times (replay)           drop_replay (+3)
#   captured ESP, seq + 1000000, last byte flipped drop_bad_icv
#   I1 with a wrong checksum, over IPv6 and IPv4   drop_bad_csum (+2)
#   I1 with version 3                              drop_bad_hdr
#   I1 whose DH_GROUP_LIST overruns the packet     drop_malformed_param or drop_bad_len
#   CLOSE with a random HIP_MAC (good checksum)    drop_bad_hmac
#   captured I2 with a flipped HIP_MAC byte        a drop_* counter, or
#     (its SOLUTION is that of the current keys:   retransmit (the stored
#     never processed again, bex.c)                 R2 re-sent, nothing else)
#   packet sent to A
#   captured R2 with a flipped HIP_MAC_2 byte        a drop_* counter
#   captured R1 with a flipped signature byte,     drop_bad_sig
#     while A is in I1-SENT again
#
# After each: B's (or A's) association is still ESTABLISHED with the same
# SPIs, no packet was delivered (pkts_in unchanged), no R1 was sent for the
# broken I1s, and traffic flows both ways; the tampered ESP packet with a
# far-ahead sequence number must not move the replay window.

TEST_NAME=esp_replay_tamper
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tcpdump
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

PCAP=$TMPD/bex.pcap
capture_start "$A" "$VETH_A" "$PCAP" esp or ip6 proto 139 || hip_test_exit
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange (ping6 HIT_B answered after ${t}s)"
else
	fail "no base exchange within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
assert_ok "3 more echoes over ESP" ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$HIT_B"
capture_stop
run craft "$A" list --pcap "$PCAP"
log_output "$OUT"
assert_match "capture holds ESP from A" "$OUT" "ipv6 $LOC6_A > $LOC6_B esp spi"
assert_match "capture holds the I2 and R2" "$OUT" "hip i2 .*hip r2 "

SPI_B=$(spis "$B" "$HIT_A")
SPI_A=$(spis "$A" "$HIT_B")

# unharmed WHAT: both associations as before, traffic both ways.
unharmed()
{
	assert_eq "$1: B still ESTABLISHED, same SPIs" \
		"$(ha_state "$B" "$HIT_A") $(spis "$B" "$HIT_A")" "ESTABLISHED $SPI_B"
	assert_eq "$1: A still ESTABLISHED, same SPIs" \
		"$(ha_state "$A" "$HIT_B") $(spis "$A" "$HIT_B")" "ESTABLISHED $SPI_A"
	assert_ok "$1: traffic A -> B" ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$HIT_B"
	assert_ok "$1: traffic B -> A" ip netns exec "$B" ping -q -c 2 -i 0.2 -W 5 "$HIT_A"
}

# stat_reaches FILE NS NAME MIN: NAME rose by at least MIN (for wait_for)
stat_reaches()
{
	[ "$(stat_delta "$1" "$2" "$3")" -ge "$4" ]
}

# --- one batch of ESP and HIP packets from A to B -----------------------------------------
# Each kind ends in its own counter, so they are sent in one hip_craft.py
# run (python starts slowly in the VM) and checked together.
stats_save "$B" "$TMPD/b.stats"
pin=$(ha_field "$B" "$HIT_A" pkts_in)
hip="--src $LOC6_A --dst $LOC6_B --shit $HIT_A --rhit $HIT_B"
hip4="--src $LOC4_A --dst $LOC4_B --shit $HIT_A --rhit $HIT_B"
run craft "$A" batch <<EOF
replay --pcap $PCAP --ifname $VETH_A --select esp-from:$LOC6_A --count 3
replay --pcap $PCAP --ifname $VETH_A --select esp-from:$LOC6_A --esp-seq-add 1000000 --flip-last
send i1-bad-csum $hip
send i1-bad-csum $hip4
send i1-bad-version $hip
send i1-truncated $hip
send close-bad-mac $hip
EOF
log_output "$OUT"
log_output "$ERR"
assert_eq "hip_craft.py batch ran" "$RC" 0

batch_counted()
{
	stat_reaches "$TMPD/b.stats" "$B" drop_replay 3 &&
	stat_reaches "$TMPD/b.stats" "$B" drop_bad_icv 1 &&
	stat_reaches "$TMPD/b.stats" "$B" drop_bad_csum 2 &&
	stat_reaches "$TMPD/b.stats" "$B" drop_bad_hdr 1 &&
	stat_reaches "$TMPD/b.stats" "$B" drop_bad_hmac 1
}
wait_for 50 0.2 batch_counted
assert_eq "replayed ESP x3: drop_replay +3" "$(stat_delta "$TMPD/b.stats" "$B" drop_replay)" 3
assert_stat_rises "ESP with a new sequence number and a flipped ICV byte dropped" \
	"$TMPD/b.stats" "$B" drop_bad_icv
assert_eq "I1s with a bad checksum over IPv6 and IPv4: drop_bad_csum +2" \
	"$(stat_delta "$TMPD/b.stats" "$B" drop_bad_csum)" 2
assert_stat_rises "I1 with HIP version 3 dropped" "$TMPD/b.stats" "$B" drop_bad_hdr
mp=$(stat_delta "$TMPD/b.stats" "$B" drop_malformed_param)
bl=$(stat_delta "$TMPD/b.stats" "$B" drop_bad_len)
if [ $((mp + bl)) -ge 1 ]; then
	pass "I1 with a truncated DH_GROUP_LIST dropped (drop_malformed_param +$mp, drop_bad_len +$bl)"
else
	fail "I1 with a truncated DH_GROUP_LIST: neither drop_malformed_param nor drop_bad_len rose"
fi
assert_stat_rises "forged CLOSE with a random HIP_MAC dropped" "$TMPD/b.stats" "$B" drop_bad_hmac
assert_eq "B delivered none of them (pkts_in)" "$(ha_field "$B" "$HIT_A" pkts_in)" "$pin"
assert_eq "B sent no R1 for the broken I1s" "$(stat_delta "$TMPD/b.stats" "$B" r1_out)" 0
unharmed "after the batch (the tampered ESP did not move the replay window)"

# any_drop_rose FILE NS: the sum of the drop counters a tampered I2/R2 may
# legitimately end in rose
any_drop_rose()
{
	local c s=0

	for c in drop_bad_hmac drop_bad_sig drop_bad_puzzle drop_bad_state drop_malformed_param; do
		s=$((s + $(stat_delta "$1" "$2" "$c")))
	done
	[ "$s" -ge 1 ]
}
drops_of()
{
	local c out=

	for c in drop_bad_hmac drop_bad_sig drop_bad_puzzle drop_bad_state drop_malformed_param; do
		out+=" $c +$(stat_delta "$1" "$2" "$c")"
	done
	echo "$out"
}

stats_save "$B" "$TMPD/b.stats"
run craft "$A" replay --pcap "$PCAP" --ifname "$VETH_A" --select "hip:i2-from:$LOC6_A" --hip-flip hip_mac
log_info "$OUT $ERR"
# i2_refused: a drop counted, or the I2 recognised as the one behind the
# current keys and answered with the stored R2 (RFC 7401 6.9 step 4)
i2_refused()
{
	any_drop_rose "$TMPD/b.stats" "$B" ||
		[ "$(stat_delta "$TMPD/b.stats" "$B" retransmit)" -ge 1 ]
}
if [ "$RC" -eq 0 ] && wait_for 50 0.2 i2_refused; then
	pass "I2 with a flipped HIP_MAC byte not processed by B:$(drops_of "$TMPD/b.stats" "$B") retransmit +$(stat_delta "$TMPD/b.stats" "$B" retransmit)"
else
	fail "I2 with a flipped HIP_MAC byte: neither a drop nor the stored R2 counted by B:$(drops_of "$TMPD/b.stats" "$B")"
fi
unharmed "after the tampered I2"

stats_save "$A" "$TMPD/a.stats"
run craft "$B" replay --pcap "$PCAP" --ifname "$VETH_B" --select "hip:r2-from:$LOC6_B" --hip-flip hip_mac_2
log_info "$OUT $ERR"
if [ "$RC" -eq 0 ] && wait_for 50 0.2 any_drop_rose "$TMPD/a.stats" "$A"; then
	pass "R2 with a flipped HIP_MAC_2 byte dropped by A:$(drops_of "$TMPD/a.stats" "$A")"
else
	fail "R2 with a flipped HIP_MAC_2 byte: no drop counted by A:$(drops_of "$TMPD/a.stats" "$A")"
fi
unharmed "after the tampered R2"

# --- an R1 with a bad signature, to an initiator in I1-SENT ----------------------------------------
# A forgets B and cannot reach it (netem drops A's packets), so a new ping
# leaves A in I1-SENT; B keeps its association.
if tc -n "$A" qdisc add dev "$VETH_A" root netem loss 100% 2>/dev/null; then
	hipctl -n "$A" peer del "$HIT_B"
	hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" locator "$LOC6_B"
	ip netns exec "$A" ping -q -c 1 -W 1 "$HIT_B" >/dev/null 2>&1
	if wait_ha_state "$A" "$HIT_B" I1-SENT 10; then
		stats_save "$A" "$TMPD/a.stats"
		run craft "$B" replay --pcap "$PCAP" --ifname "$VETH_B" \
			--select "hip:r1-from:$LOC6_B" --hip-flip hip_signature_2
		log_info "$OUT $ERR"
		wait_for 50 0.2 stat_reaches "$TMPD/a.stats" "$A" drop_bad_sig 1
		assert_stat_rises "R1 with a flipped signature byte dropped by A in I1-SENT" \
			"$TMPD/a.stats" "$A" drop_bad_sig
		assert_match "A: not past I1-SENT after the bad R1" "$(ha_state "$A" "$HIT_B")" '^I1-SENT$'
	else
		fail "A: $(ha_state "$A" "$HIT_B") instead of I1-SENT with the link down"
	fi
	tc -n "$A" qdisc del dev "$VETH_A" root
	# A's retransmitted I1 now reaches B, which is still ESTABLISHED with
	# the old association: RFC 7401 lets the new exchange replace it.
	if t=$(hip_bex_ping "$A" "$HIT_B"); then
		pass "new base exchange with B after the bad R1 (${t}s)"
	else
		fail "no new base exchange with B after the bad R1"
	fi
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
	assert_eq "one association per side afterwards" "$(ha_count "$A")/$(ha_count "$B")" 1/1
	assert_ok "traffic B -> A afterwards" ip netns exec "$B" ping -q -c 2 -i 0.2 -W 5 "$HIT_A"
else
	log_info "no netem: R1 signature check skipped"
fi

hip_test_exit
