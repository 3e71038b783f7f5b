#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Credit-based authorization (RFC 8046 3.3.2, 5.6): while a new peer
# address is UNVERIFIED, data goes there only within the credit the peer
# earned; if the address check fails, no more than that.
#
#   ns A (moves)                   ns B (sends the stream)
#   va fd00::1 -> fd00::11/64      vb fd00::2/64
#
# B streams HIP_CREDIT_MB MiB (16) to [HIT_A] at HIP_CREDIT_RATE KiB/s
# (1024).  tc on A's va drops every HIP packet arriving over IPv6 (so B's
# UPDATE with the ECHO_REQUEST never reaches A: the address check cannot
# succeed), then A moves to fd00::11.  The ESP B sends to fd00::11 is
# captured on va.
#
# Asserts: A sends its UPDATE, B applies the LOCATOR_SET; B counts
# drop_credit (data over the credit not sent); ESP to fd00::11 stays under
# HIP_CREDIT_BOUND bytes (2 MiB) and well under what the stream would have
# sent meanwhile (printed); B never lists fd00::11 as ACTIVE; B gives the
# check up (addr_check_failed) within HIP_CHECK_TIMEOUT s (90).  Then the
# drop rule goes, A moves again (fd00::12), B follows and the whole stream
# arrives intact (sha256); a new base exchange meanwhile is allowed (A's own
# UPDATE went unacknowledged while HIP into A was dropped) and reported.

TEST_NAME=mobility_credit
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

MIB=${HIP_CREDIT_MB:-16}
RATE=${HIP_CREDIT_RATE:-1024}
BOUND=${HIP_CREDIT_BOUND:-$((2 << 20))}
CHECK_T=${HIP_CHECK_TIMEOUT:-90}
NEW=fd00::11

hip_test_init
require_command ping socat ss sha256sum timeout tcpdump tc
hip_topo_setup || exit $?
# one candidate locator on A: no IPv4 to fall back to
ip -n "$A" addr del "$LOC4_A/24" dev "$VETH_A"
hip_peers_add 6 || hip_test_exit
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange (${t}s)"
else
	fail "no base exchange within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10

# the capture and the drop rule first: setting them up is slow in a TCG
# guest, and the move must come while the stream runs (no HIP flows
# between the base exchange and the move)
capture_start "$A" "$VETH_A" "$TMPD/new.pcap" ip6 dst host "$NEW" and ip6 proto 50 ||
	{ fail "tcpdump"; hip_test_exit; }
tc_drop "$A" "$VETH_A" 6 139 || { fail "tc drop rule for HIP on va"; hip_test_exit; }
stream_start "$B" "$A" "$HIT_A" 5001 "$MIB" "$RATE" || hip_test_exit
stream_wait_bytes $((STREAM_SIZE / 8)) 60 || { fail "the stream did not start"; hip_test_exit; }
stats_save "$A" "$TMPD/a0"
stats_save "$B" "$TMPD/b0"
n0=$(stream_received)
t0=$EPOCHREALTIME
log_info "moving A to $NEW after $n0 bytes; HIP into A is dropped"
addr_move "$A" "$VETH_A" "$LOC6_A/64" "$NEW/64"
if [ "$n0" -ge "$STREAM_SIZE" ]; then
	fail "the stream had ended before the move ($n0 bytes): HIP_CREDIT_MB is too small for this machine"
	hip_test_exit
fi
if ! update_sent_or_fail "$A" "$TMPD/a0" "A to $NEW"; then
	capture_stop
	hip_test_exit
fi
wait_stat_rise "$TMPD/b0" "$B" loc_changes 30 &&
	pass "B applied A's LOCATOR_SET (loc_changes +$(stat_delta "$TMPD/b0" "$B" loc_changes))" ||
	fail "B did not apply A's LOCATOR_SET (loc_changes unchanged, update_in +$(stat_delta "$TMPD/b0" "$B" update_in))"

if wait_stat_rise "$TMPD/b0" "$B" drop_credit 30; then
	pass "B held back data over the credit (drop_credit +$(stat_delta "$TMPD/b0" "$B" drop_credit))"
else
	fail "drop_credit did not rise on B"
fi
st=
seen_active=0
check_failed()
{
	st=$(peer_locator_state "$B" "$HIT_A" "$NEW")
	[ "$st" = ACTIVE ] && seen_active=1
	stat_rose "$TMPD/b0" "$B" addr_check_failed
}
if wait_secs "$CHECK_T" 0.5 check_failed; then
	us=$(( ${EPOCHREALTIME/./} - ${t0/./} ))
	pass "B gave the address check up after $((us / 1000)) ms (addr_check_failed +$(stat_delta "$TMPD/b0" "$B" addr_check_failed))"
else
	us=$(( ${EPOCHREALTIME/./} - ${t0/./} ))
	fail "B did not give the address check up within ${CHECK_T}s (addr_check_failed unchanged)"
fi
capture_stop
assert_eq "B never listed $NEW as ACTIVE (last seen: $st)" "$seen_active" 0
read -r pk by < <(pcap_bytes "$TMPD/new.pcap")
would=$(( RATE * 1024 * us / 1000000 ))
log_info "ESP B -> $NEW while unverified: $pk packets, $by bytes in $((us / 1000)) ms (unrestricted: ~$would bytes)"
if [ "$by" -le "$BOUND" ] && [ "$by" -le $((would / 2)) ]; then
	pass "data to the unverified $NEW bounded: $by bytes <= $BOUND and <= half of $would"
else
	fail "data to the unverified $NEW: $by bytes (bound $BOUND, half of the unrestricted $would)"
fi
assert_eq "B does not send to $NEW as verified" "$(peer_locator_state "$B" "$HIT_A" "$NEW" | grep -c ACTIVE)" 0

# --- recovery: the path heals, A moves once more, the stream completes -------------------
tc_drop_clear "$A" "$VETH_A"
stats_save "$B" "$TMPD/b1"
addr_move "$A" "$VETH_A" "$NEW/64" fd00::12/64
wait_peer_locator "$B" "$HIT_A" fd00::12 30 &&
	pass "after the rule went and A moved to fd00::12, B sends there" ||
	fail "B's peer locator is '$(ha_field "$B" "$HIT_A" peer_locator)', not fd00::12"
stream_finish "$MIB MiB B -> [HIT_A] across the failed check and the second move"
# A's UPDATE was never acknowledged while HIP into A was dropped, so A may
# have given the association up (RFC 7401 6.11 step 4) and run a new base
# exchange: allowed, reported
log_info "base exchanges since the move (A/B): $(stat_delta "$TMPD/a0" "$A" bex_done)/$(stat_delta "$TMPD/b0" "$B" bex_done)"
assert_eq "both ESTABLISHED" "$(ha_state "$A" "$HIT_B") $(ha_state "$B" "$HIT_A")" "ESTABLISHED ESTABLISHED"

hip_test_exit
