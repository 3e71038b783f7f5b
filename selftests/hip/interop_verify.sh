#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A base exchange between two hip.ko namespaces, captured and checked by
# hipv2_verify.py, which reads the RFC text's conventions from hipv2/ and
# not from hip.ko: checksums, HIT = ORCHIDv2(HI), HIP_SIGNATURE_2 and
# HIP_SIGNATURE over exactly the RFC 7401 6.4.2 bytes, the I2's puzzle
# solution against the R1 (the #K lowest-order bits), the DH group choice
# against the I1's list and the Responder's own order (5.2.6).
#
# For RSA-2048, ECDSA P-256 and ECDSA P-384 identities; A prefers DH group
# 7 (sends the I1), B prefers group 8 and sets puzzle-k 8, so the R1 must
# carry group 8 (the Responder's first choice that A supports).

source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

VERIFY=$HIP_SELFTEST_DIR/hipv2_verify.py
KINDS=${HIP_INTEROP_KINDS:-rsa p256 p384}

hip_test_init

declare -A KEYGEN=([rsa]="rsa --bits 2048" [p256]="ecdsa --curve P-256"
		   [p384]="ecdsa --curve P-384")

for kind in $KINDS; do
	# shellcheck disable=SC2086
	hip_topo_setup ${KEYGEN[$kind]} || { cleanup_all_ns; continue; }
	assert_ok "$kind: A prefers DH group 7" hipctl -n "$A" config set dh-group 7
	assert_ok "$kind: B prefers DH group 8, puzzle-k 8" \
		hipctl -n "$B" config set dh-group 8 puzzle-k 8
	hip_peers_add 6 || { cleanup_all_ns; continue; }
	cap=$TMPD/bex-$kind.pcap
	capture_start "$A" "$VETH_A" "$cap" ip6 proto 139 || { cleanup_all_ns; continue; }
	if t=$(hip_bex_ping "$A" "$HIT_B"); then
		pass "$kind: base exchange A -> B and ping in $t s"
	else
		fail "$kind: base exchange A -> B (ping within ${HIP_BEX_TIMEOUT} s)"
	fi
	capture_stop
	run "$PYTHON" "$VERIFY" "$cap" --pub "$TMPD/hi-a.pem" --pub "$TMPD/hi-b.pem" --min-k 8
	if [ "$RC" -eq 0 ]; then
		pass "$kind: hipv2_verify: every check of the capture holds ($(sed -n 's/^packets: //p' <<<"$OUT"))"
	else
		fail "$kind: hipv2_verify: ${OUT##*RESULT }"
		log_output "$(grep -E '^(FAIL|not checked|packets)' <<<"$OUT")"
		log_output "$ERR"
	fi
	cleanup_all_ns
done

hip_test_exit
