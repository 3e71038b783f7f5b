#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of "make demo" (run by scripts/demo.sh through vm-run.sh):
# two network namespaces, one RSA and one ECDSA host identity, one in each.

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

step "Cleaning up: deleting the namespaces frees their identities, then rmmod"
