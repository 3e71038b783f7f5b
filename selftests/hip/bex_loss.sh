#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The base exchange completes over a lossy link.
#
#   ns A  va [netem loss 30%]  <---->  [netem loss 30%] vb  ns B
#
# Two rounds (IPv6 locators, then IPv4 locators after peer del/add), each:
# pinging HIT_B until answered brings both sides to ESTABLISHED within
# 120 s despite 30% loss in each direction (I1, I2, R2 retransmitted as
# needed, duplicates handled); exactly one association per side with
# crossed SPIs.  Then 64 kB over TCP arrive intact through the link with
# 10% loss each way (ESP under loss; HIP_TCP_LOSS).  Once the loss is removed, traffic flows both ways.
# Retransmission counters are reported (not asserted: a round may see no
# loss at all).

TEST_NAME=bex_loss
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

LOSS=${HIP_LOSS:-30%}
HIP_BEX_TIMEOUT=120

hip_test_init
require_command ping tc socat ss sha256sum timeout
hip_topo_setup || exit $?

tc -n "$A" qdisc add dev "$VETH_A" root netem loss "$LOSS" 2>"$TMPD/tc.err" &&
tc -n "$B" qdisc add dev "$VETH_B" root netem loss "$LOSS" 2>>"$TMPD/tc.err" ||
	ksft_skip_now "tc netem not available: $(cat "$TMPD/tc.err")"

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

listening()
{
	ip netns exec "$1" ss -Hlnt "sport = :$2" | grep -q .
}


round()
{
	local locs=$1 t sa sb ai ao bi bo

	hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
	hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
	wait_for 50 0.2 no_ha || fail "round $locs: associations left after peer del"
	hip_peers_add "$locs" || return 1
	stats_save "$A" "$TMPD/a.stats"
	stats_save "$B" "$TMPD/b.stats"
	if t=$(hip_bex_ping "$A" "$HIT_B"); then
		pass "round $locs: ping6 HIT_B answered after ${t}s with $LOSS loss"
	else
		fail "round $locs: no answer within ${HIP_BEX_TIMEOUT}s with $LOSS loss"
		log_output "$(hipctl -n "$A" ha show 2>&1)"
		return 1
	fi
	if wait_ha_state "$B" "$HIT_A" ESTABLISHED 60; then
		pass "round $locs: B ESTABLISHED"
	else
		fail "round $locs: B is $(ha_state "$B" "$HIT_A")"
	fi
	assert_eq "round $locs: one association per side" "$(ha_count "$A")/$(ha_count "$B")" 1/1
	assert_eq "round $locs: A ESTABLISHED" "$(ha_state "$A" "$HIT_B")" ESTABLISHED
	sa=$(spis "$A" "$HIT_B")
	sb=$(spis "$B" "$HIT_A")
	read -r ai ao <<<"$sa"
	read -r bi bo <<<"$sb"
	if [ -n "$ai" ] && [ "$ai" = "$bo" ] && [ "$ao" = "$bi" ]; then
		pass "round $locs: SPIs crossed"
	else
		fail "round $locs: A in/out '$sa' B in/out '$sb'"
	fi
	log_info "round $locs: retransmit A +$(stat_delta "$TMPD/a.stats" "$A" retransmit)" \
		"B +$(stat_delta "$TMPD/b.stats" "$B" retransmit)," \
		"B i1_in +$(stat_delta "$TMPD/b.stats" "$B" i1_in)," \
		"bex_done A +$(stat_delta "$TMPD/a.stats" "$A" bex_done) B +$(stat_delta "$TMPD/b.stats" "$B" bex_done)"
	assert_eq "round $locs: A bex_done +1" "$(stat_delta "$TMPD/a.stats" "$A" bex_done)" 1
}

round 6
round 4

# --- TCP through a lossy link -----------------------------------------------------
# 30% in both directions makes TCP back off for minutes (RTOs double up to
# 120 s), which says nothing about us; the ESP data path is exercised under
# a milder TCP_LOSS instead.
TCP_LOSS=${HIP_TCP_LOSS:-10%}
tc -n "$A" qdisc change dev "$VETH_A" root netem loss "$TCP_LOSS"
tc -n "$B" qdisc change dev "$VETH_B" root netem loss "$TCP_LOSS"
head -c 64K /dev/urandom >"$TMPD/send"
ip netns exec "$B" timeout 240 socat -u "TCP6-LISTEN:5001,bind=[$HIT_B],reuseaddr" \
	"CREATE:$TMPD/recv" 2>"$TMPD/socat-b.err" &
srv=$!
defer kill "$srv"
wait_for 100 0.1 listening "$B" 5001 || log_info "socat not listening"
assert_ok "64 kB over TCP to HIT_B with $TCP_LOSS loss" \
	ip netns exec "$A" timeout 240 socat -u "OPEN:$TMPD/send" "TCP6:[$HIT_B]:5001"
wait "$srv"
log_info "received $(stat -c %s "$TMPD/recv" 2>/dev/null || echo 0) of 65536 bytes"
assert_eq "data intact" "$(sha256sum <"$TMPD/recv" 2>/dev/null)" "$(sha256sum <"$TMPD/send")"

# --- loss removed ---------------------------------------------------------------------
tc -n "$A" qdisc del dev "$VETH_A" root
tc -n "$B" qdisc del dev "$VETH_B" root
assert_ok "no loss: A -> B" ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$HIT_B"
assert_ok "no loss: B -> A" ip netns exec "$B" ping -q -c 3 -i 0.2 -W 5 "$HIT_A"
assert_eq "still one association per side" "$(ha_count "$A")/$(ha_count "$B")" 1/1

hip_test_exit
