#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Double jump (RFC 8046 3.2.3, 5.2; RFC 8004): both ends move at the same
# time; their UPDATEs to each other's old addresses are lost, the ones
# resent through the rendezvous server get through, and a TCP stream over
# the HITs survives.
#
#   ns A  va fd00::1/64 --+                 +-- vb fd00::2/64  ns B
#                         |  ns R: br0      |
#                         +-- ra  rb -------+
#                            fd00::5/64 (RVS, HIT_R)
#
# R enables the rvs service; A and B each register with R (hipctl register
# HIT_R rvs) and know each other only through it (hipctl peer add HIT rvs
# fd00::5): A's first I1 goes through R.  A streams HIP_DJ_MB MiB (16,
# paced at HIP_DJ_RATE KiB/s, 1024) to [HIT_B]; once a quarter has arrived
# A moves to fd00::21 and B to fd00::22 at the same moment.
#
# Asserts: registrations granted (R: reg_granted), the base exchange through
# R (rvs_relayed); after the move R relays again (UPDATEs), A sends to
# fd00::22 and B to fd00::21, the stream arrives intact (sha256), both
# ESTABLISHED, no new A-B base exchange.  Skips when hipctl has no
# "register" (the registration and RVS part of issue 10 not there).

TEST_NAME=mobility_double_jump
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

MIB=${HIP_DJ_MB:-16}
RATE=${HIP_DJ_RATE:-1024}
LOC_R=fd00::5

hip_test_init
require_command ping socat ss sha256sum timeout
if hipctl help 2>&1 | grep -qw register || hipctl register show >/dev/null 2>&1; then
	:
else
	ksft_skip_now "hipctl has no 'register' command yet (registration/RVS not implemented)"
fi

setup_ns A B R || exit $?
ip -n "$R" link add br0 type bridge &&
ip link add va netns "$A" type veth peer name ra netns "$R" &&
ip link add vb netns "$B" type veth peer name rb netns "$R" &&
ip -n "$R" link set ra master br0 && ip -n "$R" link set rb master br0 &&
ip -n "$R" link set ra up && ip -n "$R" link set rb up && ip -n "$R" link set br0 up &&
ip -n "$R" addr add "$LOC_R/64" dev br0 nodad &&
ip -n "$A" addr add fd00::1/64 dev va nodad && ip -n "$A" link set va up &&
ip -n "$B" addr add fd00::2/64 dev vb nodad && ip -n "$B" link set vb up ||
	{ fail "topology"; hip_test_exit; }

for v in a b r; do
	ns=${v^^}
	key_hipctl "hi-$v" ecdsa --curve P-256 || hip_test_exit
	assert_ok "$ns: hi add" hipctl -n "${!ns}" hi add "$TMPD/hi-$v.pem" || hip_test_exit
	printf -v "HIT_$ns" '%s' "$(hi_hits "${!ns}" | head -n 1)"
done
log_info "A $HIT_A  B $HIT_B  R (RVS) $HIT_R"

assert_ok "R: service enable rvs" hipctl -n "$R" service enable rvs || hip_test_exit
stats_save "$R" "$TMPD/r0"
for ns in A B; do
	assert_ok "$ns: peer add R" hipctl -n "${!ns}" peer add "$HIT_R" locator "$LOC_R" &&
	assert_ok "$ns: register with R (rvs)" hipctl -n "${!ns}" register "$HIT_R" rvs ||
		hip_test_exit
done
if wait_stat_rise "$TMPD/r0" "$R" reg_granted "$HIP_BEX_TIMEOUT" 2; then
	pass "R granted both registrations"
else
	fail "R: reg_granted +$(stat_delta "$TMPD/r0" "$R" reg_granted), want 2"
	log_output "$(hipctl -n "$R" stats | awk '$2 != 0')"
	hip_test_exit
fi
assert_ok "A: peer add B (rvs only)" hipctl -n "$A" peer add "$HIT_B" rvs "$LOC_R" &&
assert_ok "B: peer add A (rvs only)" hipctl -n "$B" peer add "$HIT_A" rvs "$LOC_R" || hip_test_exit
stats_save "$R" "$TMPD/r1"
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange A-B through R (${t}s)"
else
	fail "no base exchange A-B through R within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
assert_stat_rises "R relayed A's I1" "$TMPD/r1" "$R" rvs_relayed
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10

stream_start "$A" "$B" "$HIT_B" 5001 "$MIB" "$RATE" || hip_test_exit
stream_wait_bytes $((STREAM_SIZE / 4)) 60 || { fail "the stream did not start"; hip_test_exit; }
stats_save "$A" "$TMPD/a0"
stats_save "$B" "$TMPD/b0"
stats_save "$R" "$TMPD/r2"
log_info "both move after $(stream_received) bytes: A to fd00::21, B to fd00::22"
addr_move "$A" va fd00::1/64 fd00::21/64 &
addr_move "$B" vb fd00::2/64 fd00::22/64
wait
update_sent_or_fail "$A" "$TMPD/a0" "A" || { kill "$STREAM_CLI" "$STREAM_SRV"; hip_test_exit; }
update_sent_or_fail "$B" "$TMPD/b0" "B"
wait_peer_locator "$A" "$HIT_B" fd00::22 60 &&
	pass "A sends to B's new address fd00::22" ||
	fail "A's peer locator is '$(ha_field "$A" "$HIT_B" peer_locator)', not fd00::22"
wait_peer_locator "$B" "$HIT_A" fd00::21 60 &&
	pass "B sends to A's new address fd00::21" ||
	fail "B's peer locator is '$(ha_field "$B" "$HIT_A" peer_locator)', not fd00::21"
assert_stat_rises "R relayed UPDATEs after the double jump" "$TMPD/r2" "$R" rvs_relayed
stream_finish "$MIB MiB A -> [HIT_B] across the double jump"
assert_eq "both ESTABLISHED" "$(ha_state "$A" "$HIT_B") $(ha_state "$B" "$HIT_A")" \
	"ESTABLISHED ESTABLISHED"
assert_eq "no new A-B base exchange" \
	"$(stat_delta "$TMPD/a0" "$A" bex_done)/$(stat_delta "$TMPD/b0" "$B" bex_done)" 0/0

hip_test_exit
