#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A third host on the link forges UPDATEs and replays a captured one; the
# association does not change (RFC 7401 6.12.1: HIP_MAC must verify, a
# SEQ already seen is a retransmission; RFC 8046 5.2: only an
# authenticated LOCATOR_SET moves traffic).
#
#   A va ---- B br0 ---- C vc   (hip_topo_third: one Ethernet)
#
#   forge-v6/v4  C sends B an UPDATE from its own address (fd00::3,
#                10.0.0.3) "from HIT_A": ESP_INFO with A's SPI,
#                LOCATOR_SET naming C's address, SEQ, random HIP_MAC
#                and HIP_SIGNATURE (hip_craft.py send update-bad-mac)
#   replay       B's link is captured while A really moves to fd00::11
#                and back to fd00::1; C then sends B the IP payload of
#                A's first UPDATE from fd00::11 again (old SEQ, a
#                LOCATOR_SET with an address A has left)
#
# Asserts: each forgery is a counted drop (drop_bad_hmac or drop_bad_sig
# on B); after each, B still sends to A's address, SPIs and state are
# unchanged (loc_changes unchanged); the replay is drop_update_seq or
# re-ACKed without effect (peer locator, SPIs, loc_changes unchanged); a
# 1 MiB stream A -> [HIT_B] arrives intact at the end.

TEST_NAME=update_forge
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping socat ss sha256sum timeout tcpdump
hip_topo_setup || exit $?
hip_topo_third || hip_test_exit
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

# snapshot: what B's association looks like
snap()
{
	echo "$(ha_state "$B" "$HIT_A") $(ha_field "$B" "$HIT_A" peer_locator) $(spis "$B" "$HIT_A") / $(ha_state "$A" "$HIT_B") $(spis "$A" "$HIT_B")"
}

# hexspi: B's outbound SPI (A's inbound one, the SPI A would name)
spi=$(spis "$B" "$HIT_A" | awk '{ print $2 }')
[[ $spi == 0x* ]] || spi=0x$spi

# forge NAME SRC DST: C's forged UPDATE to B
forge()
{
	local name=$1 src=$2 dst=$3 before out d

	before=$(snap)
	stats_save "$B" "$TMPD/b0"
	out=$(craft "$C" send update-bad-mac --src "$src" --dst "$dst" \
		--shit "$HIT_A" --rhit "$HIT_B" --spi "$spi" --loc "$src" --seq 7 --count 3 2>&1)
	log_info "$name: $out"
	bad()
	{
		d=$(( $(stat_delta "$TMPD/b0" "$B" drop_bad_hmac) + $(stat_delta "$TMPD/b0" "$B" drop_bad_sig) ))
		[ "$d" -ge 3 ]
	}
	if wait_secs 10 0.2 bad; then
		pass "$name: B dropped the 3 forged UPDATEs (drop_bad_hmac + drop_bad_sig +$d)"
	else
		fail "$name: drop_bad_hmac + drop_bad_sig rose by $d, want 3"
		log_output "$(hipctl -n "$B" stats | awk '$2 != 0 && $1 ~ /drop|update/')"
	fi
	assert_eq "$name: B's association unchanged (state, peer locator, SPIs)" "$(snap)" "$before"
	assert_eq "$name: no LOCATOR_SET applied, no UPDATE accepted" \
		"$(stat_delta "$TMPD/b0" "$B" loc_changes)/$(stat_delta "$TMPD/b0" "$B" update_in)" 0/0
	assert_ok "$name: A's HIT still answers" ping_ok "$A" "$HIT_B"
}

forge forge-v6 "$LOC6_C" "$LOC6_B"
forge forge-v4 "$LOC4_C" "$LOC4_B"

# --- replay of a genuine UPDATE ----------------------------------------------------
replay()
{
	local before out d

	capture_start "$B" br0 "$TMPD/upd.pcap" ip6 proto 139 || { fail "replay: tcpdump"; return 1; }
	stats_save "$A" "$TMPD/a0"
	addr_move "$A" "$VETH_A" "$LOC6_A/64" fd00::11/64
	update_sent_or_fail "$A" "$TMPD/a0" "replay: A to fd00::11" || { capture_stop; return 1; }
	wait_peer_locator "$B" "$HIT_A" fd00::11 30 ||
		fail "replay: B did not follow A to fd00::11 ($(ha_field "$B" "$HIT_A" peer_locator))"
	addr_move "$A" "$VETH_A" fd00::11/64 "$LOC6_A/64"
	wait_peer_locator "$B" "$HIT_A" "$LOC6_A" 30 ||
		fail "replay: B did not follow A back to $LOC6_A ($(ha_field "$B" "$HIT_A" peer_locator))"
	capture_stop
	# let the exchanges finish (echo, ACKs) before the snapshot
	nap 2
	before=$(snap)
	stats_save "$B" "$TMPD/b0"
	out=$(craft "$C" replay --pcap "$TMPD/upd.pcap" --select hip:update-from:fd00::11 \
		--from-addr "$LOC6_C" --to-addr "$LOC6_B" --count 3 2>&1)
	if [ $? -ne 0 ]; then
		fail "replay: no UPDATE from fd00::11 captured: $out"
		log_output "$(craft "$B" list --pcap "$TMPD/upd.pcap")"
		return 1
	fi
	log_info "replay: $out"
	sq()
	{
		d=$(stat_delta "$TMPD/b0" "$B" drop_update_seq)
		[ "$d" -ge 1 ]
	}
	if wait_secs 5 0.2 sq; then
		pass "replay: B counted the replayed UPDATE as an old SEQ (drop_update_seq +$d)"
	else
		log_info "replay: drop_update_seq did not rise: re-ACKed (update_in +$(stat_delta "$TMPD/b0" "$B" update_in)); checking it had no effect"
		nap 2
	fi
	assert_eq "replay: B's association unchanged (state, peer locator $LOC6_A, SPIs)" "$(snap)" "$before"
	assert_eq "replay: no LOCATOR_SET applied" "$(stat_delta "$TMPD/b0" "$B" loc_changes)" 0
}
replay

stream_start "$A" "$B" "$HIT_B" 5001 1 0 && stream_finish "1 MiB A -> [HIT_B] after the forgeries"
assert_eq "one association on each side" "$(ha_count "$A")/$(ha_count "$B")" 1/1

hip_test_exit
