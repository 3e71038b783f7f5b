#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Base exchanges between hip.ko and hipv2_peer.py, a HIPv2 peer written
# from the RFC text alone (hipv2/), that checks every packet hip.ko sends
# against RFC 7401/7402 and says which check fails, with the section:
#
#   - offline: hipv2's known answers (RFC 7401 Appendix C checksums, RFC
#     5903 8.1 ECDH, RFC 3526 primes, HKDF) and hipctl's HITs = hipv2's
#     ORCHIDv2 for the same keys;
#   - for RSA-2048, ECDSA P-256 and ECDSA P-384 identities (both sides the
#     same kind) and each DH group 3, 4, 7, 8 (hipctl config set dh-group),
#     in one direction (every kind and every group in both, see pairwise();
#     HIP_INTEROP_FULL=1: each in both directions):
#       . peer Initiator -> hip.ko Responder (puzzle-k 8 on hip.ko, the I1
#         lists the group LAST, so only the Responder's own order picks it,
#         RFC 7401 5.2.6): the peer checks R1 and R2, hip.ko ends in
#         R2-SENT or ESTABLISHED with that group;
#       . hip.ko Initiator -> peer Responder (puzzle #K 8, HIP_CIPHER
#         AES-128/256-CBC so hip.ko encrypts its HOST_ID): the peer checks
#         I2, hip.ko ends ESTABLISHED with that group;
#   - the peer Responder's R1 carries ECHO_REQUEST_SIGNED and
#     ECHO_REQUEST_UNSIGNED (RFC 7401 5.2.20-21);
#   - with ECDSA P-256, one ESP packet each way, decrypted/encrypted with
#     the KEYMAT keys (RFC 7402 7, AES-128-CBC HMAC-SHA-256, 64-bit
#     sequence numbers in the ICV): an ICMPv6 echo from the peer answered
#     by hip.ko, and hip.ko's first packet to the peer.
#
#   +--------------------------+   veth   +-----------------------------+
#   | ns A: hip.ko, HI_A       |----------| ns B: hipv2_peer.py, HI_B   |
#   |  va fd00::1              |          |  vb fd00::2 (no HI in hip.ko)|
#   +--------------------------+          +-----------------------------+
#
# HIP_INTEROP_KINDS / HIP_INTEROP_GROUPS (environment) narrow the matrix.

source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

PEER=$HIP_SELFTEST_DIR/hipv2_peer.py
KINDS=${HIP_INTEROP_KINDS:-rsa p256 p384}
GROUPS_=${HIP_INTEROP_GROUPS:-3 4 7 8}
PEER_TIMEOUT=${HIP_INTEROP_PEER_TIMEOUT:-30}

hip_test_init

declare -A KEYGEN=([rsa]="rsa --bits 2048" [p256]="ecdsa --curve P-256"
		   [p384]="ecdsa --curve P-384")

# python3 -c in the selftest directory
pyhere()
{
	(cd "$HIP_SELFTEST_DIR" && "$PYTHON" "$@")
}

peer_hit()
{
	pyhere -c 'import sys; from hipv2 import crypto, wire
print(wire.hit_str(crypto.PrivateId.load(sys.argv[1]).hit))' "$1"
}

# all groups but $1, then $1 (the peer Initiator's I1 list)
others_then()
{
	local g out=""

	for g in 8 7 4 3; do
		[ "$g" = "$1" ] || out+="$g,"
	done
	echo "$out$1"
}

# $1 first, then the others (the peer Responder's list)
first_then()
{
	local g out=$1

	for g in 8 7 4 3; do
		[ "$g" = "$1" ] || out+=",$g"
	done
	echo "$out"
}

topo()
{
	setup_ns A B || return 1
	if ! { ip link add va netns "$A" type veth peer name vb netns "$B" &&
	       ip -n "$A" addr add fd00::1/64 dev va nodad &&
	       ip -n "$B" addr add fd00::2/64 dev vb nodad &&
	       ip -n "$A" link set va up && ip -n "$B" link set vb up; }; then
		fail "veth"
		return 1
	fi
	run hipctl -n "$A" hi add "$TMPD/hi-$1.pem"
	[ "$RC" -eq 0 ] || { fail "hipctl hi add hi-$1.pem: $ERR"; return 1; }
	HIT_A=$(hi_default "$A")
}

# why hip.ko dropped something: the drop counters that moved
drops_since()
{
	local n d names

	mapfile -t names < <(awk '$1 ~ /^drop_/ { print $1 }' "$1")
	for n in "${names[@]}"; do
		d=$(stat_delta "$1" "$A" "$n")
		[ "$d" = 0 ] || printf '%s +%s ' "$n" "$d"
	done
}

# set_group G: hip.ko's DH group; RFC 7401 5.2.7 "MUST implement Group ID 3"
set_group()
{
	run hipctl -n "$A" config set dh-group "$1" puzzle-k 8
	if [ "$RC" -ne 0 ]; then
		fail "hipctl config set dh-group $1 puzzle-k 8 (RFC 7401 5.2.7: group 3 MUST, 4 and 8 SHOULD): $ERR"
		return 1
	fi
}

# peer Initiator -> hip.ko Responder
case_i()
{
	local kind=$1 g=$2 extra=("${@:3}") desc st grp

	desc="$kind group $g: peer Initiator -> hip.ko Responder${extra[*]:+ (${extra[*]})}"
	topo "$kind" || return
	set_group "$g" || { cleanup_ns "$A" "$B"; return; }
	stats_save "$A" "$TMPD/stats"
	run ip netns exec "$B" "$PYTHON" "$PEER" initiator --key "$TMPD/peer-$kind.pem" \
		--local fd00::2 --peer fd00::1 --peer-hit "$HIT_A" \
		--dh-list "$(others_then "$g")" --expect-group "$g" \
		--timeout "$PEER_TIMEOUT" "${extra[@]}"
	if [ "$RC" -eq 0 ]; then
		pass "$desc: ${OUT##*RESULT }"
	else
		fail "$desc: ${OUT##*RESULT }"
		log_output "$(grep -E 'FAIL|^initiator: [A-Z]' <<<"$OUT")"
		log_output "hip.ko drops: $(drops_since "$TMPD/stats")"
		log_output "$ERR"
	fi
	st=$(ha_state "$A" "$HIT_B")
	grp=$(ha_field "$A" "$HIT_B" dh_group)
	if [ "$RC" -eq 0 ]; then
		if [[ "$st" == R2-SENT || "$st" == ESTABLISHED ]] && [ "$grp" = "$g" ]; then
			pass "$desc: hip.ko association $st, dh $grp"
		else
			fail "$desc: hip.ko association $st dh '$grp', want R2-SENT/ESTABLISHED dh $g"
		fi
	fi
	cleanup_ns "$A" "$B"
}

# hip.ko Initiator -> peer Responder
case_r()
{
	local kind=$1 g=$2 extra=("${@:3}") desc pid ping_pid grp out=$TMPD/resp.out

	desc="$kind group $g: hip.ko Initiator -> peer Responder${extra[*]:+ (${extra[*]})}"
	topo "$kind" || return
	set_group "$g" || { cleanup_ns "$A" "$B"; return; }
	stats_save "$A" "$TMPD/stats"
	ip netns exec "$B" "$PYTHON" "$PEER" responder --key "$TMPD/peer-$kind.pem" \
		--local fd00::2 --dh-list "$(first_then "$g")" --expect-group "$g" --k 8 \
		--timeout "$PEER_TIMEOUT" "${extra[@]}" >"$out" 2>&1 &
	pid=$!
	# the raw socket is open before the peer prints its first line
	wait_for 100 0.1 grep -q '^responder: ' "$out"
	hipctl -n "$A" peer add "$HIT_B" locator fd00::2 >/dev/null
	ip netns exec "$A" ping -c 1 -W "$PEER_TIMEOUT" "$HIT_B" >/dev/null 2>&1 &
	ping_pid=$!
	wait "$pid"
	RC=$?
	OUT=$(<"$out")
	if [ "$RC" -eq 0 ]; then
		pass "$desc: ${OUT##*RESULT }"
	else
		fail "$desc: ${OUT##*RESULT }"
		log_output "$(grep -E 'FAIL|^responder: [A-Z]' <<<"$OUT")"
		log_output "hip.ko drops: $(drops_since "$TMPD/stats")"
	fi
	if [ "$RC" -eq 0 ]; then
		if wait_ha_state "$A" "$HIT_B" ESTABLISHED 20; then
			grp=$(ha_field "$A" "$HIT_B" dh_group)
			assert_eq "$desc: hip.ko ESTABLISHED with dh group $g" "$grp" "$g"
		else
			fail "$desc: hip.ko association $(ha_state "$A" "$HIT_B"), want ESTABLISHED"
		fi
	fi
	kill "$ping_pid" 2>/dev/null
	wait "$ping_pid" 2>/dev/null
	cleanup_ns "$A" "$B"
}

# pairwise KIND GROUP: the direction of the default matrix ("i": the peer
# initiates, "r": hip.ko does), so that every kind and every group runs
# in both directions and every kind with every group, in 12 exchanges
# instead of 24 (HIP_INTEROP_FULL=1 runs all 24)
pairwise()
{
	case $1:$2 in
	p256:3 | p256:7 | rsa:4 | rsa:8 | p384:3 | p384:8) echo i ;;
	*) echo r ;;
	esac
}

# the peer Responder's R1 carries both echo requests (RFC 7401 5.2.20-21)
ECHO=(--echo-signed 48495076 --echo-unsigned 32)

assert_ok "hipv2 known answers: RFC 7401 App. C checksums, RFC 5903 8.1, RFC 3526 primes, HKDF, PKCS5" \
	pyhere -m hipv2.unit

for kind in $KINDS; do
	# shellcheck disable=SC2086
	key_hipctl "hi-$kind" ${KEYGEN[$kind]} || continue
	# shellcheck disable=SC2086
	key_hipctl "peer-$kind" ${KEYGEN[$kind]} || continue
	HIT_B=$(peer_hit "$TMPD/peer-$kind.pem")
	# ESP both ways with P-256 (the peer's --esp-ping, --esp-in)
	ESP_I=() ESP_R=()
	[ "$kind" != p256 ] || { ESP_I=(--esp-ping); ESP_R=(--esp-in); }
	assert_eq "$kind: hipctl hit and hipv2 agree on the HIT (RFC 7343 ORCHIDv2)" \
		"$(hit_of "$TMPD/peer-$kind.pem")" "$HIT_B"
	for g in $GROUPS_; do
		case "${HIP_INTEROP_FULL:-0}:$(pairwise "$kind" "$g")" in
		1:*) case_i "$kind" "$g"; case_r "$kind" "$g" ;;
		*:i) case_i "$kind" "$g" "${ESP_I[@]}" ;;
		*:r) case_r "$kind" "$g" "${ECHO[@]}" "${ESP_R[@]}" ;;
		esac
	done
done

hip_test_exit
