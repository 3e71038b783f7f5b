#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of "make demo" (run by scripts/demo.sh through vm-run.sh):
# two hosts (network namespaces joined by a veth), one RSA and one ECDSA
# host identity made with hipctl keygen, each told about the other as a
# peer; a ping to the peer's HIT runs the base exchange, then a TCP
# transfer over the HITs goes through BEET-mode ESP.

set -eu -o pipefail

step() { printf '\n==> %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

tmp=$(mktemp -d /tmp/hipdemo.XXXXXX)
nss=()
cleanup() {
	local ns

	for ns in "${nss[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$tmp"
	if grep -q '^hip ' /proc/modules; then
		rmmod hip && dmesg | grep 'hip: module unloaded' | tail -n 1 || true
	fi
}
trap cleanup EXIT

step "Kernel $(uname -r): loading hip.ko"
modprobe ecc 2>/dev/null || true	# ECDSA helpers are a module on 6.1
run insmod "$HIP_KO"
dmesg | grep 'hip: loaded' | tail -n 1

step "Creating two network namespaces (unique names, lo up, like kselftest setup_ns)"
for v in alice bob; do
	ns=$v-$(mktemp -u XXXXXX)
	ns=${ns,,}
	run ip netns add "$ns"
	nss+=("$ns")
	ip -n "$ns" link set lo up
done
ns_a=${nss[0]}
ns_b=${nss[1]}

step "Generating an RSA host identity (PKCS#8 PEM, mode 0600)"
run hipctl keygen rsa --bits 2048 -o "$tmp/alice-rsa.pem"
step "Generating an ECDSA P-256 host identity"
run hipctl keygen ecdsa --curve P-256 -o "$tmp/bob-ecdsa.pem"
ls -l "$tmp"

step "Their HITs and LSIs, computed offline by hipctl"
run hipctl hit "$tmp/alice-rsa.pem"
run hipctl hit "$tmp/bob-ecdsa.pem"

step "Loading the RSA identity into $ns_a and the ECDSA one into $ns_b"
run hipctl -n "$ns_a" hi add "$tmp/alice-rsa.pem"
run hipctl -n "$ns_b" hi add "$tmp/bob-ecdsa.pem"

step "What the kernel holds in each namespace"
run hipctl -n "$ns_a" hi show
run hipctl -n "$ns_b" hi show

step "The same as JSON (public key shortened)"
hipctl -n "$ns_b" -j hi show |
	python3 -c 'import json, sys
his = json.load(sys.stdin)
for hi in his:
    hi["pubkey"] = hi["pubkey"][:24] + "..."
print(json.dumps(his, indent=2))'

step "HITs"
hit_a=$(hipctl -n "$ns_a" hi show | awk '{ print $2 }')
hit_b=$(hipctl -n "$ns_b" hi show | awk '{ print $2 }')
printf '%-22s %s\n' "$ns_a (RSA):" "$hit_a" "$ns_b (ECDSA):" "$hit_b"
[ "$hit_a" = "$(hipctl hit "$tmp/alice-rsa.pem" | awk '/^hit/ { print $2 }')" ]
[ "$hit_b" = "$(hipctl hit "$tmp/bob-ecdsa.pem" | awk '/^hit/ { print $2 }')" ]
echo "(kernel and offline HITs agree)"

step "Joining them with a veth: locators fd00::1 / fd00::2 and 10.0.0.1 / 10.0.0.2"
run ip link add va netns "$ns_a" type veth peer name vb netns "$ns_b"
run ip -n "$ns_a" addr add fd00::1/64 dev va nodad
run ip -n "$ns_a" addr add 10.0.0.1/24 dev va
run ip -n "$ns_b" addr add fd00::2/64 dev vb nodad
run ip -n "$ns_b" addr add 10.0.0.2/24 dev vb
ip -n "$ns_a" link set va up
ip -n "$ns_b" link set vb up

step "HITs and LSIs live on hip0 (hipctl hi add put them there)"
run ip -n "$ns_a" addr show dev hip0

lsi_a=$(hipctl -n "$ns_a" hi show | awk '{ print $4 }')
lsi_b=$(hipctl -n "$ns_b" hi show | awk '{ print $4 }')
step "Telling each host where the other is"
run hipctl -n "$ns_a" peer add "$hit_b" lsi "$lsi_b" locator fd00::2 locator 10.0.0.2
run hipctl -n "$ns_b" peer add "$hit_a" lsi "$lsi_a" locator fd00::1 locator 10.0.0.1
run hipctl -n "$ns_a" peer show

step "Base exchange: the first ping to the peer's HIT triggers I1/R1/I2/R2"
start=$SECONDS
for i in $(seq 1 30); do
	ip netns exec "$ns_a" ping -c 1 -W 5 "$hit_b" && break
	[ "$i" -lt 30 ] || { echo "no answer from $hit_b"; exit 1; }
done
echo "(answered after $((SECONDS - start)) s)"
run ip netns exec "$ns_a" ping -c 3 -i 0.3 "$lsi_b"

step "The host associations on both sides"
run hipctl -n "$ns_a" ha show
run hipctl -n "$ns_b" ha show

step "A 10 MB TCP transfer from $ns_a to [$hit_b]:5001 (socat), checked with sha256"
head -c 10M /dev/urandom >"$tmp/send"
ip netns exec "$ns_b" socat -u "TCP6-LISTEN:5001,bind=[$hit_b],reuseaddr" "CREATE:$tmp/recv" &
srv=$!
for i in $(seq 1 50); do
	ip netns exec "$ns_b" ss -Hltn 'sport = :5001' | grep -q . && break
	sleep 0.1
done
start=$EPOCHREALTIME
run ip netns exec "$ns_a" socat -u "OPEN:$tmp/send" "TCP6:[$hit_b]:5001"
wait "$srv"
end=$EPOCHREALTIME
us=$(( ${end/./} - ${start/./} ))
echo "10 MB in $((us / 1000)) ms ($((80 * 1000000 / us)) Mbit/s)"
sha256sum "$tmp/send" "$tmp/recv"
[ "$(sha256sum <"$tmp/send")" = "$(sha256sum <"$tmp/recv")" ] && echo "(identical)"

step "Associations and counters after the transfer"
run hipctl -n "$ns_a" ha show
run hipctl -n "$ns_b" ha show
hipctl -n "$ns_b" stats | awk '$2 != 0'

step "Closing the association from $ns_a"
run hipctl -n "$ns_a" ha close "$hit_b"
sleep 2
run hipctl -n "$ns_a" ha show
run hipctl -n "$ns_b" ha show

step "Cleaning up: deleting the namespaces frees their identities, then rmmod"
