#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What hip.ko puts on the wire decodes cleanly with Wireshark's HIP and ESP
# dissectors (tshark).
#
#   tcpdump -w on A's veth while:
#     0. A pings a responder identity of hip_craft.py; B's namespace
#        answers A's I1 with a signed R1 that offers only the NULL-ENCRYPT
#        HIP cipher, which A refuses (RFC 7401 5.2.8)
#                                            (I1 R1 NOTIFY, NOTIFICATION
#                                             type NO_HIP_PROPOSAL_CHOSEN 16)
#     1. A pings HIT_B over IPv6 locators   (I1 R1 I2 R2, ESP)
#     2. hipctl ha close on A               (CLOSE CLOSE_ACK)
#     3. peers re-added with IPv4 locators, A pings HIT_B again
#                                            (I1 R1 I2 R2, ESP over IPv4)
#
# hip_craft.py check-pcap then asserts on tshark's decoding: every HIP
# packet is decoded as HIP version 2 with a correct checksum (IPv6 and IPv4
# pseudo headers), controls 0, fixed bits set, header length equal to the
# IP payload; no frame is malformed or carries an expert warning/error; the
# packet types come in the order I1 R1 NOTIFY I1 R1 I2 R2 CLOSE CLOSE_ACK
# I1 R1 I2 R2 (retransmissions collapsed), the NOTIFICATION of the NOTIFY
# decoded as type 16; ESP uses exactly the SPIs "hipctl ha show"
# reports, with increasing sequence numbers; the ESP_INFO of each I2/R2
# announces its sender's inbound SPI.
#
# Wireshark 4.0 parses HOST_ID in the HIPv1 layout (RFC 5201: DNSKEY-style
# flags/protocol/algorithm where RFC 7401 has a 16-bit algorithm) and flags
# every HIPv2 HOST_ID with "Unknown algorithm type"; that one message is
# allowed.

TEST_NAME=conformance
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

ALLOW=("Unknown algorithm type")

hip_test_init
require_command ping tcpdump tshark
"$PYTHON" -c 'import cryptography' 2>/dev/null ||
	ksft_skip_now "python3-cryptography missing"
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit


closed_or_gone()
{
	case $(ha_state "$1" "$2") in
	CLOSED | none) return 0 ;;
	esac
	return 1
}

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

PCAP=$TMPD/conformance.pcap
capture_start "$A" "$VETH_A" "$PCAP" ip6 proto 139 or ip proto 139 or esp ||
	hip_test_exit

# 0. NOTIFY: A refuses an R1 that offers only NULL-ENCRYPT
HIT_X=$("$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" r1-hit)
hipctl -n "$A" peer add "$HIT_X" locator "$LOC6_B"
ip netns exec "$A" ping -q -c 1 -W 1 "$HIT_X" >/dev/null 2>&1
wait_ha_state "$A" "$HIT_X" I1-SENT 10 || fail "A: no I1-SENT association with $HIT_X"
notified()
{
	[ "$(stat_of "$A" drop_negotiation)" -gt "${NEG0:-0}" ]
}
NEG0=$(stat_of "$A" drop_negotiation)
craft "$B" r1 --src "$LOC6_B" --dst "$LOC6_A" --rhit "$HIT_A" --ciphers 1 >/dev/null
wait_for 50 0.2 notified || fail "A: the NULL-only R1 was not refused"
hipctl -n "$A" peer del "$HIT_X"

# 1. IPv6 locators
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "IPv6 locators: base exchange (${t}s)"
else
	fail "IPv6 locators: no base exchange"
	hip_test_exit
fi
assert_ok "IPv6 locators: ESP both ways" ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$HIT_B"
wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
read -r ai6 ao6 <<<"$(spis "$A" "$HIT_B")"
log_info "IPv6: A spi in $ai6 out $ao6"

# 2. CLOSE
assert_ok "A: ha close" hipctl -n "$A" ha close "$HIT_B"
wait_for 100 0.2 closed_or_gone "$B" "$HIT_A" || fail "B did not close"
wait_for 100 0.2 closed_or_gone "$A" "$HIT_B" || fail "A did not get CLOSE_ACK"

# 3. IPv4 locators
hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
wait_for 50 0.2 no_ha || fail "associations left after peer del"
hip_peers_add 4 || hip_test_exit
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "IPv4 locators: base exchange (${t}s)"
else
	fail "IPv4 locators: no base exchange"
fi
assert_ok "IPv4 locators: ESP both ways" ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$HIT_B"
read -r ai4 ao4 <<<"$(spis "$A" "$HIT_B")"
log_info "IPv4: A spi in $ai4 out $ao4"
capture_stop

run craft "$A" list --pcap "$PCAP"
log_output "$OUT"

args=(--pcap "$PCAP" --types "1 2 17 1 2 3 4 18 19 1 2 3 4" --notify 16)
for m in "${ALLOW[@]}"; do
	args+=(--allow "$m")
done
args+=(--spi "$LOC6_A=$ao6" --spi "$LOC6_B=$ai6" --spi "$LOC4_A=$ao4" --spi "$LOC4_B=$ai4")
args+=(--i2-spi "$ai6" --i2-spi "$ai4" --r2-spi "$ao6" --r2-spi "$ao4")
"$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" check-pcap "${args[@]}" >"$TMPD/check.out" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	ok:*) pass "tshark: ${line#ok: }" ;;
	FAIL:*) fail "tshark: ${line#FAIL: }" ;;
	*) log_info "$line" ;;
	esac
done <"$TMPD/check.out"
[ $rc -eq 0 ] || [ "$EXIT_STATUS" -ne 0 ] || fail "check-pcap exited $rc"

hip_test_exit
