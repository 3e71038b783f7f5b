#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed UPDATEs are counted drops that change nothing, and the UPDATEs
# of a real move decode cleanly in tshark.
#
#   1. A sends B crafted UPDATEs "from HIT_A" over the association's
#      locators (hip_craft.py send update-*, random HIP_MAC/SIGNATURE):
#        update-locator-len   a LOCATOR_SET entry longer than the parameter
#        update-locator-type  locator type 1 with a type-0 length (RFC 8046 4)
#        update-locator-lifetime  a locator lifetime of 0 (RFC 8046 4: MUST be non-zero)
#        update-espinfo-len   ESP_INFO of 8 bytes, not 12 (RFC 7402 5.1.1)
#        update-seq-len       SEQ of 2 bytes, not 4 (RFC 7401 5.2.16)
#        update-ack-len       ACK of 6 bytes, not a multiple of 4 (5.2.17)
#        update-overrun       a LOCATOR_SET length past the packet end
#        update-truncated     24 bytes less than the header length says
#      Each is rejected by the parser before any crypto: drop_malformed_param
#      (drop_bad_len for the truncated one) rises by exactly the packets
#      sent, drop_bad_hmac/drop_bad_sig do not, and B's association (state,
#      peer locator, SPIs) is unchanged.
#   2. B's link is captured while A moves from fd00::1 to fd00::11; tshark
#      (hip_craft.py check-pcap) decodes every HIP packet with no malformed
#      frame or expert warning, at least 3 UPDATEs (RFC 8046 5.2: LOCATOR_SET,
#      echo request + ACK, echo response + ACK), one with the LOCATOR_SET
#      naming fd00::11.

TEST_NAME=update_malformed
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tcpdump
hip_topo_setup || exit $?
# A's only locator is fd00::1 (its LOCATOR_SETs list every usable address)
ip -n "$A" addr del "$LOC4_A/24" dev "$VETH_A"
hip_peers_add 6 || hip_test_exit
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange (${t}s)"
else
	fail "no base exchange within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10

snap()
{
	echo "$(ha_state "$B" "$HIT_A") $(ha_field "$B" "$HIT_A" peer_locator) $(spis "$B" "$HIT_A")"
}

spi=$(spis "$B" "$HIT_A" | awk '{ print $2 }')
[[ $spi == 0x* ]] || spi=0x$spi

# --- 1. crafted malformed UPDATEs ---------------------------------------------------------
N=3
for kind in update-locator-len update-locator-type update-locator-lifetime update-espinfo-len update-seq-len \
	    update-ack-len update-overrun update-truncated; do
	ctr=drop_malformed_param
	[ "$kind" = update-truncated ] && ctr=drop_bad_len
	before=$(snap)
	stats_save "$B" "$TMPD/b0"
	out=$(craft "$A" send "$kind" --src "$LOC6_A" --dst "$LOC6_B" --shit "$HIT_A" \
		--rhit "$HIT_B" --spi "$spi" --loc fd00::99 --seq 100 --count $N 2>&1)
	log_info "$out"
	if wait_stat_rise "$TMPD/b0" "$B" "$ctr" 10 $N; then
		assert_eq "$kind: $ctr +$N on B" "$(stat_delta "$TMPD/b0" "$B" "$ctr")" $N
	else
		fail "$kind: $ctr rose by $(stat_delta "$TMPD/b0" "$B" "$ctr"), want $N"
		log_output "$(hipctl -n "$B" stats | awk '$2 != 0 && $1 ~ /drop|update/')"
		# the counters that did rise
		log_output "$(diff <(cat "$TMPD/b0") <(hipctl -n "$B" stats) | grep '^>')"
	fi
	assert_eq "$kind: rejected before any crypto (drop_bad_hmac, drop_bad_sig unchanged)" \
		"$(stat_delta "$TMPD/b0" "$B" drop_bad_hmac)/$(stat_delta "$TMPD/b0" "$B" drop_bad_sig)" 0/0
	assert_eq "$kind: no UPDATE accepted, no LOCATOR_SET applied" \
		"$(stat_delta "$TMPD/b0" "$B" update_in)/$(stat_delta "$TMPD/b0" "$B" loc_changes)" 0/0
	assert_eq "$kind: B's association unchanged" "$(snap)" "$before"
done
assert_ok "the association still carries data" ping_ok "$A" "$HIT_B"

# --- 2. tshark decodes the UPDATEs of a real move -------------------------------------
if ! command -v tshark >/dev/null; then
	log_info "tshark not installed (scripts/install-deps.sh): decoding not checked"
	hip_test_exit
fi
capture_start "$B" "$VETH_B" "$TMPD/move.pcap" ip6 proto 139 || { fail "tcpdump"; hip_test_exit; }
stats_save "$A" "$TMPD/a0"
stats_save "$B" "$TMPD/b0"
addr_move "$A" "$VETH_A" "$LOC6_A/64" fd00::11/64
if update_sent_or_fail "$A" "$TMPD/a0" "move to fd00::11"; then
	wait_peer_locator "$B" "$HIT_A" fd00::11 30 ||
		fail "B's peer locator is '$(ha_field "$B" "$HIT_A" peer_locator)', not fd00::11"
	# the third UPDATE (echo response) comes right after the second
	wait_stat_rise "$TMPD/b0" "$B" update_in 10 2
	assert_ok "ping HIT_B after the move" ping_ok "$A" "$HIT_B"
fi
capture_stop
out=$(craft "$B" check-pcap --pcap "$TMPD/move.pcap" --updates 3 --update-locator fd00::11 2>&1)
rc=$?
log_output "$out"
case $rc in
0) pass "tshark decodes the move's UPDATEs with no error" ;;
2) log_info "tshark cannot run: decoding not checked" ;;
*) fail "tshark decoding of the move's UPDATEs" ;;
esac

hip_test_exit
