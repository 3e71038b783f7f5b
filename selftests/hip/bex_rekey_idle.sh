#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ESP sequence number never wraps, and idle associations expire.
#
#   1. A: config esp-seq-limit 40.  After the BEX, A sends 100 echo
#      requests: when its outbound SA reaches 30 (3/4 of the limit) A
#      rekeys by UPDATE (RFC 7402 6.8, rekey.c), not by a new base
#      exchange; the association stays ESTABLISHED with new SPIs on both
#      sides, no packet passes the limit (drop_seq_exhausted +0) and
#      traffic flows (almost every echo answered).
#   2. A and B: config idle-timeout 3.  After the traffic stops, the
#      associations close within 45 s (CLOSE/CLOSE_ACK): the closing side's
#      goes away, the other's is CLOSED (held UAL + 2 MSL, RFC 7401 Table
#      8) or gone too; new traffic sets up a fresh one.

TEST_NAME=bex_rekey_idle
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

assert_ok "A: config set esp-seq-limit 40" \
	hipctl -n "$A" config set esp-seq-limit 40
assert_match "A: config show has esp-seq-limit 40" \
	"$(hipctl -n "$A" config show)" "esp-seq-limit 40"

if ! t=$(hip_bex_ping "$A" "$HIT_B"); then
	fail "A: ping6 $HIT_B: no answer within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
pass "A: base exchange done after ${t}s"
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10
read -r in1 out1 <<<"$(spis "$A" "$HIT_B")"
log_info "A: SPIs before: in $in1 out $out1"
stats_save "$A" "$TMPD/a.stats"

# 100 echo requests, 60 beyond the limit: rekeyings after 30, 60 and 90
out=$(ip netns exec "$A" ping -c 100 -i 0.05 -W 5 "$HIT_B" 2>&1)
recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
log_info "A: $(tail -2 <<<"$out" | head -1)"
assert_stat_rises "A: rekeyed by UPDATE" "$TMPD/a.stats" "$A" rekey_done 2
assert_eq "A: no packet passed the sequence limit" \
	"$(stat_delta "$TMPD/a.stats" "$A" drop_seq_exhausted)" 0
assert_eq "A: no new base exchange" \
	"$(stat_delta "$TMPD/a.stats" "$A" bex_done)" 0
wait_ha_state "$A" "$HIT_B" ESTABLISHED 30
read -r in2 out2 <<<"$(spis "$A" "$HIT_B")"
log_info "A: SPIs after: in $in2 out $out2"
if [ -n "$in2" ] && [ "$in2" != "$in1" ] && [ "$out2" != "$out1" ]; then
	pass "A: new SPIs after the rekey ($in1/$out1 -> $in2/$out2)"
else
	fail "A: SPIs did not change ($in1/$out1 -> $in2/$out2)"
fi
if [ "${recv:-0}" -ge 90 ]; then
	pass "A: $recv of 100 echo requests answered across the rekey"
else
	fail "A: only ${recv:-0} of 100 echo requests answered"
fi
assert_ok "A: traffic flows after the rekey" \
	ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$HIT_B"

# --- idle expiry --------------------------------------------------------
assert_ok "A: config set idle-timeout 3" hipctl -n "$A" config set idle-timeout 3
assert_ok "B: config set idle-timeout 3" hipctl -n "$B" config set idle-timeout 3
# The HA work checks at most every 30 s (and idle-timeout when shorter,
# once it next runs)
# The side that closes first discards its association when the CLOSE_ACK
# comes; the other keeps it CLOSED for UAL + 2 MSL (RFC 7401 Table 8)
# unless its own CLOSE crossed (then both are discarded).
closed_or_gone()
{
	case $(ha_state "$1" "$2") in
	CLOSED | none) return 0 ;;
	esac
	return 1
}
gone_one()
{
	ha_state_is "$A" "$HIT_B" none || ha_state_is "$B" "$HIT_A" none
}
if wait_for 225 0.2 gone_one &&
   wait_for 50 0.2 closed_or_gone "$A" "$HIT_B" &&
   wait_for 50 0.2 closed_or_gone "$B" "$HIT_A"; then
	pass "idle associations closed: A $(ha_state "$A" "$HIT_B"), B $(ha_state "$B" "$HIT_A")"
else
	fail "idle associations still there: A $(ha_state "$A" "$HIT_B"), B $(ha_state "$B" "$HIT_A")"
fi
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "A: new traffic sets up a new association (${t}s)"
else
	fail "A: no answer after the idle expiry"
fi

hip_test_exit
