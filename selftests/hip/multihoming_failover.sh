#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multihoming failover (RFC 8047 4.2, 5.3): two paths between A and B; the
# preferred one dies under a TCP stream over the HITs and traffic moves to
# the other ACTIVE locator within a few seconds.
#
#   ns A                                   ns B
#    va   fd00::1/64  ---- path 1 ----  vb   fd00::2/64    (preferred)
#    va2  fd01::1/64  ---- path 2 ----  vb2  fd01::2/64
#
# Each side knows both of the other's locators, path 1 first.
#   phase silent:   tc drops everything arriving on va and vb (the path is
#                   dead and nobody is told: the rule in protocol.rst,
#                   "no inbound traffic while sending", has to notice).
#                   Before the kill A announces its locators once (an
#                   address comes and goes), so that only the P bit tells
#                   B about A's failover.
#   phase linkdown: B's vb goes down (the far side loses the address's
#                   route; B's module tells A with an UPDATE)
#
# Asserts per phase: the stream (HIP_FAILOVER_MB MiB, 16, paced at
# HIP_FAILOVER_RATE KiB/s, 1024) arrives intact (size, sha256); A's
# association sends over path 2 within HIP_FAILOVER_MAX s (10) of the kill
# (printed); data flows again (B's association counts 256 KiB more inner
# bytes in; the time, which includes TCP's back-off, is printed); B too
# sends over path 2 when silent; the failover counter rose (silent) or
# B's UPDATE moved A (linkdown, loc_changes or failover); no new base
# exchange; ESTABLISHED.

TEST_NAME=multihoming_failover
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

MIB=${HIP_FAILOVER_MB:-16}
RATE=${HIP_FAILOVER_RATE:-1024}
MAXS=${HIP_FAILOVER_MAX:-10}
P2_A=fd01::1
P2_B=fd01::2
P3_A=fd00::11

hip_test_init
require_command ping socat ss sha256sum timeout tc
hip_topo_setup || exit $?
ip link add va2 netns "$A" type veth peer name vb2 netns "$B" &&
ip -n "$A" addr add "$P2_A/64" dev va2 nodad &&
ip -n "$B" addr add "$P2_B/64" dev vb2 nodad &&
ip -n "$A" link set va2 up && ip -n "$B" link set vb2 up ||
	{ fail "second veth pair"; hip_test_exit; }
# IPv4 stays out of it: one family, two paths
ip -n "$A" addr del "$LOC4_A/24" dev "$VETH_A"
ip -n "$B" addr del "$LOC4_B/24" dev "$VETH_B"

bytes_in_ge()
{
	[ "$(ha_field "$B" "$HIT_A" bytes_in)" -ge "$1" ] 2>/dev/null
}

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

# phase NAME PORT
phase()
{
	local name=$1 port=$2 t t0 n0 us fo

	hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
	hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
	wait_for 50 0.2 no_ha || { fail "$name: associations left"; return 1; }
	assert_ok "$name: A: peer add B, path 1 then path 2" \
		hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" locator "$LOC6_B" locator "$P2_B" || return 1
	assert_ok "$name: B: peer add A, path 1 then path 2" \
		hipctl -n "$B" peer add "$HIT_A" lsi "$LSI_A" locator "$LOC6_A" locator "$P2_A" || return 1
	if ! t=$(hip_bex_ping "$A" "$HIT_B"); then
		fail "$name: no base exchange within ${HIP_BEX_TIMEOUT}s"
		return 1
	fi
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 10
	assert_eq "$name: path 1 in use (A -> B, B -> A)" \
		"$(ha_field "$A" "$HIT_B" peer_locator) $(ha_field "$B" "$HIT_A" peer_locator)" \
		"$LOC6_B $LOC6_A"
	log_info "$name: locators A knows for B: $LOC6_B $(peer_locator_state "$A" "$HIT_B" "$LOC6_B"), $P2_B $(peer_locator_state "$A" "$HIT_B" "$P2_B")"
	if [ "$name" = silent ]; then
		# A announces its locators once before the kill (an address
		# comes and goes), so that the LOCATOR_SET of its failover
		# differs from the last one only by the P bit: a failover that
		# told B nothing then left B sending into the dead path while
		# A's data still reached it (B never hears silence), and the
		# stream stalled for good
		stats_save "$B" "$TMPD/b_lc"
		ip -n "$A" addr add "$P3_A/64" dev "$VETH_A" nodad &&
		wait_secs 10 0.1 stat_rose "$TMPD/b_lc" "$B" loc_changes 1 &&
		ip -n "$A" addr del "$P3_A/64" dev "$VETH_A" &&
		wait_secs 10 0.1 stat_rose "$TMPD/b_lc" "$B" loc_changes 2 ||
			{ fail "$name: A's address change did not reach B"; return 1; }
	fi

	stream_start "$A" "$B" "$HIT_B" "$port" "$MIB" "$RATE" || return 1
	stream_wait_bytes $((STREAM_SIZE / 4)) 60 ||
		{ fail "$name: the stream did not start"; return 1; }
	stats_save "$A" "$TMPD/a0"
	stats_save "$B" "$TMPD/b0"
	n0=$(ha_field "$B" "$HIT_A" bytes_in)
	# Times count from the moment A stops hearing B: when the first
	# rule is in (the command may have to load tc's modules first) or
	# B's link is down
	if [ "$name" = silent ]; then
		tc_drop_all "$A" "$VETH_A" && t0=$EPOCHREALTIME &&
			tc_drop_all "$B" "$VETH_B" ||
			{ fail "$name: tc drop rules"; return 1; }
	else
		ip -n "$B" link set "$VETH_B" down
		t0=$EPOCHREALTIME
	fi
	log_info "$name: path 1 killed; B's association had $n0 bytes in"
	# The failover itself is bounded: A's association sends over path 2
	# within MAXS s of the kill.  When data flows again after that also
	# depends on TCP's retransmission back-off, so it is only reported.
	if wait_secs $((MAXS * 3)) 0.1 ha_field_is "$A" "$HIT_B" peer_locator "$P2_B"; then
		us=$(( ${EPOCHREALTIME/./} - ${t0/./} ))
		if [ "$us" -le $((MAXS * 1000000)) ]; then
			pass "$name: A sends over path 2 $((us / 1000)) ms after path 1 died (bound ${MAXS} s)"
		else
			fail "$name: A moved to path 2 only after $((us / 1000)) ms (bound ${MAXS} s)"
		fi
	else
		fail "$name: A still sends to $(ha_field "$A" "$HIT_B" peer_locator) $((MAXS * 3)) s after path 1 died"
		log_output "$(hipctl -n "$A" ha show 2>&1)"
		log_output "$(hipctl -n "$A" stats 2>&1 | awk '$1 ~ /update|loc_|failover|addr_check|retransmit/')"
	fi
	# B's association counts what it decrypts: the socket's receive
	# buffer may hold megabytes that arrived before the kill
	if wait_secs 60 0.2 bytes_in_ge $((n0 + (256 << 10))); then
		us=$(( ${EPOCHREALTIME/./} - ${t0/./} ))
		pass "$name: data flows again, $((us / 1000)) ms after path 1 died"
	else
		fail "$name: no data for 60 s after path 1 died (B's bytes_in $(ha_field "$B" "$HIT_A" bytes_in), $n0 at the kill)"
		log_output "$(hipctl -n "$A" ha show 2>&1)"
		kill "$STREAM_CLI" "$STREAM_SRV" 2>/dev/null
	fi
	stream_finish "$name: $MIB MiB A -> [HIT_B] across the failover" || stream_diag
	assert_eq "$name: A still sends over path 2 at the end" "$(ha_field "$A" "$HIT_B" peer_locator)" "$P2_B"
	fo=$(( $(stat_delta "$TMPD/a0" "$A" failover) + $(stat_delta "$TMPD/b0" "$B" failover) ))
	if [ "$name" = silent ]; then
		assert_eq "$name: B sends over path 2" "$(ha_field "$B" "$HIT_A" peer_locator)" "$P2_A"
		if [ "$fo" -ge 1 ]; then
			pass "$name: failover counted (A+B +$fo)"
		else
			fail "$name: failover counter did not rise on A or B"
		fi
	else
		fo=$((fo + $(stat_delta "$TMPD/a0" "$A" loc_changes)))
		if [ "$fo" -ge 1 ]; then
			pass "$name: A moved by failover or B's LOCATOR_SET (+$fo)"
		else
			fail "$name: neither failover nor loc_changes rose"
		fi
	fi
	assert_eq "$name: no new base exchange" \
		"$(stat_delta "$TMPD/a0" "$A" bex_done)/$(stat_delta "$TMPD/b0" "$B" bex_done)" 0/0
	assert_eq "$name: both ESTABLISHED" \
		"$(ha_state "$A" "$HIT_B") $(ha_state "$B" "$HIT_A")" "ESTABLISHED ESTABLISHED"
	tc_drop_clear "$A" "$VETH_A"
	tc_drop_clear "$B" "$VETH_B"
	ip -n "$B" link set "$VETH_B" up
}

phase silent 5001
phase linkdown 5002

hip_test_exit
