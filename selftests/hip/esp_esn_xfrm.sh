#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ESP layout with 64-bit sequence numbers that hip.ko's known answers
# come from (scripts/esp-kat.py, net/hip/selftest/esp.c), checked against
# an independent implementation: the kernel's xfrm with "flag esn".
#
#   ns A (va, fd00::1) ---- veth ---- (vb, fd00::2) ns B
#   xfrm transport SAs A -> B, SPI 0x11223344, the keys of the known
#   answers, "flag esn", for AES-128-GCM (suite 13, rfc4106) and then
#   AES-128-CBC with HMAC-SHA-256 (suite 8, authencesn).
#
#   1. A's SA starts at sequence number 2^34 + 6 (replay-oseq-hi 4
#      replay-oseq 6): one UDP datagram A -> B; the captured ESP packet
#      (sequence field 7) verifies with esp-kat.py's layout: GCM AAD =
#      SPI | 64-bit ESN; HMAC over SPI | seq low | IV | ciphertext |
#      seq high.  It must NOT verify with the 32-bit layout (so the high
#      bits were really used).
#   2. esp-kat.py builds an ESP packet with sequence number 2^34 + 9 and
#      sends it to B over a raw socket; B's xfrm state (window at
#      2^34 + 7) infers the high bits, verifies and delivers the UDP
#      datagram to a socket.

TEST_NAME=esp_esn_xfrm
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"
HERE=$(dirname "$(readlink -f "$0")")

hip_test_init
require_command tcpdump
"$PYTHON" -c "import cryptography" 2>/dev/null ||
	ksft_skip_now "python3 cryptography not available"
setup_ns A B || hip_test_exit
ip link add "$VETH_A" netns "$A" type veth peer name "$VETH_B" netns "$B" ||
	ksft_skip_now "cannot create a veth pair"
ip -n "$A" addr add "$LOC6_A/64" dev "$VETH_A" nodad &&
ip -n "$B" addr add "$LOC6_B/64" dev "$VETH_B" nodad &&
ip -n "$A" link set "$VETH_A" up &&
ip -n "$B" link set "$VETH_B" up || { fail "veth addresses"; hip_test_exit; }

SPI=0x11223344
GCM=(aead 'rfc4106(gcm(aes))' 0x000102030405060708090a0b0c0d0e0fa0a1a2a3 128)
CBC=(enc 'cbc(aes)' 0x101112131415161718191a1b1c1d1e1f
     auth-trunc 'hmac(sha256)'
     0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f 128)

# listening NS: a UDP socket is bound to port 5555 in NS
listening()
{
	ip netns exec "$1" ss -Hnlu 'sport = :5555' | grep -q .
}

# sa NS SUITE REPLAY-ARGS...: the transport SA A -> B in NS
sa()
{
	local ns=$1 suite=$2 alg
	shift 2
	if [ "$suite" = gcm ]; then alg=("${GCM[@]}"); else alg=("${CBC[@]}"); fi
	ip -n "$ns" xfrm state flush
	ip -n "$ns" xfrm state add src "$LOC6_A" dst "$LOC6_B" proto esp \
		spi $SPI reqid 1 mode transport flag esn replay-window 64 \
		"$@" "${alg[@]}"
}

for suite in gcm cbc; do
	if ! run sa "$A" $suite replay-oseq-hi 4 replay-oseq 6 ||
	   [ "$RC" -ne 0 ]; then
		fail "$suite: xfrm state with flag esn in A"
		log_output "$ERR"
		continue
	fi
	ip -n "$A" xfrm policy flush
	ip -n "$A" xfrm policy add src "$LOC6_A" dst "$LOC6_B" proto udp \
		dir out tmpl src "$LOC6_A" dst "$LOC6_B" proto esp reqid 1 \
		mode transport
	assert_ok "$suite: xfrm state with flag esn in B" \
		sa "$B" $suite replay-seq-hi 4 replay-seq 7

	PCAP=$TMPD/$suite.pcap
	capture_start "$A" "$VETH_A" "$PCAP" esp || hip_test_exit
	ip netns exec "$A" "$PYTHON" -c "
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(b'x' * 20, ('$LOC6_B', 6666))"
	capture_stop
	run "$PYTHON" "$HERE/esp_esn_xfrm.py" check "$PCAP" $suite
	log_output "$OUT$ERR"
	assert_eq "$suite: xfrm's ESN packet has esp-kat.py's layout" "$RC" 0

	ip netns exec "$B" "$PYTHON" "$HERE/esp_esn_xfrm.py" recv "$LOC6_B" \
		>"$TMPD/recv.$suite" &
	rpid=$!
	wait_for 50 0.1 listening "$B" ||
		log_info "listener not seen"
	ip -n "$A" xfrm policy flush
	assert_ok "$suite: esp-kat.py packet sent" ip netns exec "$A" \
		"$PYTHON" "$HERE/esp_esn_xfrm.py" send "$LOC6_A" "$LOC6_B" $suite
	wait "$rpid"
	assert_eq "$suite: xfrm in B accepts esp-kat.py's ESN packet" \
		"$(cat "$TMPD/recv.$suite")" "esn ok"
	log_output "$(ip -n "$B" -s xfrm state 2>&1)"
done

hip_test_exit
