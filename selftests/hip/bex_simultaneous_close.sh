#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Simultaneous base exchanges, CLOSE, and re-establishment.
#
#   1. A and B ping each other's HIT at the same moment: one association
#      per side, ESTABLISHED, SPIs crossed, traffic both ways.
#   2. hipctl ha close on A: CLOSE / CLOSE_ACK leave both sides CLOSING,
#      CLOSED or without association (never ESTABLISHED again by itself);
#      closing again or closing an unknown HIT fails with ENOENT once the
#      association is gone.
#   3. B pings A: a new base exchange (B initiates) with new SPIs on both
#      sides, traffic works.
#   4. forced crossing: with netem dropping everything on both veth ends,
#      A and B both start a base exchange and sit in I1-SENT; the loss is
#      removed and the retransmitted I1s cross.  Exactly one ESTABLISHED
#      association per side, SPIs crossed, traffic both ways, and both
#      pings that triggered it are answered.

TEST_NAME=bex_simultaneous_close
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tc
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit


# check_pair WHAT: one ESTABLISHED association per side with crossed SPIs,
# traffic both ways.  Sets SPI_A ("in out" of A).
check_pair()
{
	local what=$1 sa sb

	wait_ha_state "$A" "$HIT_B" ESTABLISHED 20
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
	assert_eq "$what: one association per side" "$(ha_count "$A")/$(ha_count "$B")" 1/1
	assert_eq "$what: both ESTABLISHED" \
		"$(ha_state "$A" "$HIT_B")/$(ha_state "$B" "$HIT_A")" ESTABLISHED/ESTABLISHED
	sa=$(spis "$A" "$HIT_B")
	sb=$(spis "$B" "$HIT_A")
	read -r ai ao <<<"$sa"
	read -r bi bo <<<"$sb"
	if [ -n "$ai" ] && [ "$ai" = "$bo" ] && [ "$ao" = "$bi" ] && [ "$ai" != "$ao" ]; then
		pass "$what: SPIs crossed (A in $ai out $ao)"
	else
		fail "$what: SPIs not crossed: A in/out '$sa', B in/out '$sb'"
	fi
	SPI_A=$sa
	assert_ok "$what: A -> B traffic" ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$HIT_B"
	assert_ok "$what: B -> A traffic" ip netns exec "$B" ping -q -c 2 -i 0.2 -W 5 "$HIT_A"
}

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

closed_or_gone()
{
	case $(ha_state "$1" "$2") in
	CLOSED | none) return 0 ;;
	esac
	return 1
}

# --- 1. simultaneous start ---------------------------------------------------------
ip netns exec "$A" ping -q -c 1 -W "$HIP_BEX_TIMEOUT" "$HIT_B" >/dev/null 2>&1 &
pa=$!
ip netns exec "$B" ping -q -c 1 -W "$HIP_BEX_TIMEOUT" "$HIT_A" >/dev/null 2>&1 &
pb=$!
wait "$pa"; ra=$?
wait "$pb"; rb=$?
# the first echo request may be dropped by a tie-break; a second must work
[ $ra -eq 0 ] || ping_ok "$A" "$HIT_B"; ra=$?
[ $rb -eq 0 ] || ping_ok "$B" "$HIT_A"; rb=$?
assert_eq "simultaneous start: both pings answered" "$ra/$rb" 0/0
check_pair "simultaneous start"
SPI_1=$SPI_A

# --- 2. CLOSE ---------------------------------------------------------------------------
stats_save "$A" "$TMPD/a.stats"
stats_save "$B" "$TMPD/b.stats"
assert_ok "A: ha close HIT_B" hipctl -n "$A" ha close "$HIT_B"
st=$(ha_state "$A" "$HIT_B")
assert_match "A: right after close: CLOSING, CLOSED or gone" "$st" '^(CLOSING|CLOSED|none)$'
if wait_for 100 0.2 closed_or_gone "$B" "$HIT_A"; then
	pass "B: association CLOSED or gone after A's CLOSE ($(ha_state "$B" "$HIT_A"))"
else
	fail "B: association still $(ha_state "$B" "$HIT_A") 20 s after A's CLOSE"
fi
if wait_for 100 0.2 closed_or_gone "$A" "$HIT_B"; then
	pass "A: association CLOSED or gone after CLOSE_ACK ($(ha_state "$A" "$HIT_B"))"
else
	fail "A: association still $(ha_state "$A" "$HIT_B") 20 s after CLOSE"
fi
assert_stat_rises "A: HIP packets sent (CLOSE)" "$TMPD/a.stats" "$A" hip_out
assert_stat_rises "B: HIP packets received (CLOSE)" "$TMPD/b.stats" "$B" hip_in
nap 2
assert_match "A: still not ESTABLISHED 2 s later" "$(ha_state "$A" "$HIT_B")" '^(CLOSED|none)$'
assert_match "B: still not ESTABLISHED 2 s later" "$(ha_state "$B" "$HIT_A")" '^(CLOSED|none)$'
assert_hipctl_error "ha close of an unknown HIT: ENOENT" 1 'No such file or directory' \
	hipctl -n "$A" ha close 2001:2f::1234

# --- 3. B re-establishes -------------------------------------------------------------------
if t=$(hip_bex_ping "$B" "$HIT_A"); then
	pass "B: ping6 HIT_A after CLOSE answered after ${t}s (new base exchange)"
else
	fail "B: ping6 HIT_A after CLOSE: no answer within ${HIP_BEX_TIMEOUT}s"
fi
check_pair "re-established"
read -r i1 o1 <<<"$SPI_1"
read -r i2 o2 <<<"$SPI_A"
if [ -n "$i2" ] && [ "$i1" != "$i2" ] && [ "$o1" != "$o2" ]; then
	pass "new SPIs after re-establishment ($SPI_1 -> $SPI_A)"
else
	fail "SPIs not renewed: before '$SPI_1' after '$SPI_A'"
fi
assert_eq "B is the initiator this time" "$(ha_field "$B" "$HIT_A" initiator)" true

# --- 4. forced crossing of I1s ----------------------------------------------------------------
hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
wait_for 50 0.2 no_ha ||
	fail "associations left after peer del"
hip_peers_add 6 || hip_test_exit
if ! tc -n "$A" qdisc add dev "$VETH_A" root netem loss 100% ||
   ! tc -n "$B" qdisc add dev "$VETH_B" root netem loss 100%; then
	log_info "no netem: skipping the forced crossing"
	hip_test_exit
fi
ip netns exec "$A" ping -q -c 1 -W "$HIP_BEX_TIMEOUT" "$HIT_B" >/dev/null 2>&1 &
pa=$!
ip netns exec "$B" ping -q -c 1 -W "$HIP_BEX_TIMEOUT" "$HIT_A" >/dev/null 2>&1 &
pb=$!
if wait_ha_state "$A" "$HIT_B" I1-SENT 10 && wait_ha_state "$B" "$HIT_A" I1-SENT 10; then
	pass "both sides in I1-SENT while the link drops everything"
else
	fail "not both in I1-SENT: A $(ha_state "$A" "$HIT_B") B $(ha_state "$B" "$HIT_A")"
fi
tc -n "$A" qdisc del dev "$VETH_A" root
tc -n "$B" qdisc del dev "$VETH_B" root
wait "$pa"; ra=$?
wait "$pb"; rb=$?
# the packets queued during the exchange should be delivered; losing one
# is allowed, a later ping must work (check_pair)
log_info "crossing: triggering pings exited A $ra B $rb"
[ $ra -eq 0 ] || ping_ok "$A" "$HIT_B"; ra=$?
[ $rb -eq 0 ] || ping_ok "$B" "$HIT_A"; rb=$?
assert_eq "crossing: both directions answered after the loss ends" "$ra/$rb" 0/0
check_pair "crossing I1s"

hip_test_exit
