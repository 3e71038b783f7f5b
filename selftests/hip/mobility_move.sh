#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A TCP stream over HITs survives one end changing its address in the
# middle of the transfer (RFC 8046 3.2.1, 5.2): nobody runs a command, the
# module sees the address go and come and sends an UPDATE.
#
#   phase   A before      A after        B (both throughout)
#   v6-v6   fd00::1/64    fd00::11/64    fd00::2/64 10.0.0.2/24
#   v4-v4   10.0.0.1/24   10.0.0.11/24
#   v6-v4   fd00::1/64    10.0.0.11/24
#
# Each phase starts from no association: A keeps only its "before" address,
# A knows both of B's locators (the phase's family first), B knows A's
# "before" address only.  A sends HIP_MOVE_MB MiB (12) to [HIT_B], paced at
# HIP_MOVE_RATE KiB/s (2048) so that the move happens while it runs; once a
# quarter has arrived, A's address is deleted and the new one added (break
# before make; the connected route comes with the address).
#
# Asserts per phase: A sends an UPDATE, B accepts it (update_in) and applies
# the LOCATOR_SET (loc_changes); B's association then sends to the new
# address ("hipctl ha show" and "-j ha show" peer_locator, and the new
# locator ACTIVE when the listing has locator states); A's local locator is
# the new address; the whole stream arrives intact (size, sha256); both
# associations stay ESTABLISHED with no new base exchange (bex_done
# unchanged on both sides).  Prints the time from the move to B sending to
# the new address.

TEST_NAME=mobility_move
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

MIB=${HIP_MOVE_MB:-12}
RATE=${HIP_MOVE_RATE:-2048}

hip_test_init
require_command ping socat ss sha256sum timeout
hip_topo_setup || exit $?

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

# phase NAME BEFORE/PLEN AFTER/PLEN PORT
phase()
{
	local name=$1 before=$2 after=$3 port=$4 old=${2%/*} new=${3%/*}
	local locs t t0 us

	hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
	hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
	if ! wait_for 50 0.2 no_ha; then
		fail "$name: associations left after peer del"
		return 1
	fi
	ip -n "$A" addr flush dev "$VETH_A" scope global
	if [[ $old == *:* ]]; then
		ip -n "$A" addr add "$before" dev "$VETH_A" nodad
		locs=(locator "$LOC6_B" locator "$LOC4_B")
	else
		ip -n "$A" addr add "$before" dev "$VETH_A"
		locs=(locator "$LOC4_B" locator "$LOC6_B")
	fi
	assert_ok "$name: A: peer add B" \
		hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" "${locs[@]}" || return 1
	assert_ok "$name: B: peer add A (locator $old)" \
		hipctl -n "$B" peer add "$HIT_A" lsi "$LSI_A" locator "$old" || return 1
	if ! t=$(hip_bex_ping "$A" "$HIT_B"); then
		fail "$name: no base exchange within ${HIP_BEX_TIMEOUT}s"
		return 1
	fi
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 10
	assert_eq "$name: B sends to $old before the move" \
		"$(ha_field "$B" "$HIT_A" peer_locator)" "$old"

	stream_start "$A" "$B" "$HIT_B" "$port" "$MIB" "$RATE" || return 1
	if ! stream_wait_bytes $((STREAM_SIZE / 4)) 60; then
		fail "$name: the stream did not start ($(stream_received) bytes in 60 s)"
		log_output "$(cat "$TMPD/stream.cli")"
		return 1
	fi
	stats_save "$A" "$TMPD/a0"
	stats_save "$B" "$TMPD/b0"
	log_info "$name: moving A from $before to $after after $(stream_received) bytes"
	t0=$EPOCHREALTIME
	assert_ok "$name: A: $old goes, $new comes" addr_move "$A" "$VETH_A" "$before" "$after"
	if pid_gone "$STREAM_CLI"; then
		fail "$name: the stream had ended before the move: HIP_MOVE_MB is too small for this machine"
		return 1
	fi
	if ! update_sent_or_fail "$A" "$TMPD/a0" "$name"; then
		kill "$STREAM_CLI" "$STREAM_SRV" 2>/dev/null
		return 1
	fi
	if wait_peer_locator "$B" "$HIT_A" "$new" 30; then
		us=$(( ${EPOCHREALTIME/./} - ${t0/./} ))
		pass "$name: B sends to $new, $((us / 1000)) ms after the move"
	else
		fail "$name: B's peer locator is '$(ha_field "$B" "$HIT_A" peer_locator)', not $new"
		log_output "$(hipctl -n "$B" ha show 2>&1)"
	fi
	stream_finish "$name: $MIB MiB A -> [HIT_B] across the move" || stream_diag

	assert_eq "$name: both ESTABLISHED" \
		"$(ha_state "$A" "$HIT_B") $(ha_state "$B" "$HIT_A")" "ESTABLISHED ESTABLISHED"
	assert_eq "$name: no new base exchange (bex_done A/B unchanged)" \
		"$(stat_delta "$TMPD/a0" "$A" bex_done)/$(stat_delta "$TMPD/b0" "$B" bex_done)" 0/0
	assert_stat_rises "$name: B accepted the UPDATE" "$TMPD/b0" "$B" update_in
	assert_stat_rises "$name: B applied a LOCATOR_SET" "$TMPD/b0" "$B" loc_changes
	assert_stat_rises "$name: A accepted B's UPDATE (echo request, ACK)" "$TMPD/a0" "$A" update_in
	assert_eq "$name: hipctl -j ha show: B's peer_locator" \
		"$(ha_json "$B" "$HIT_A" 'ha and ha.get("peer_locator")')" "$new"
	assert_eq "$name: A's local locator" "$(ha_field "$A" "$HIT_B" local_locator)" "$new"
	t=$(peer_locator_state "$B" "$HIT_A" "$new")
	if [ "$t" = nolist ]; then
		log_info "$name: hipctl -j ha show lists no locator states (not checked)"
	else
		assert_eq "$name: B lists $new as ACTIVE" "$t" ACTIVE
	fi
	log_output "$(hipctl -n "$B" ha show "$HIT_A" 2>&1)"
}

phase v6-v6 "$LOC6_A/64" fd00::11/64 5001
phase v4-v4 "$LOC4_A/24" 10.0.0.11/24 5002
phase v6-v4 "$LOC6_A/64" 10.0.0.11/24 5003

hip_test_exit
