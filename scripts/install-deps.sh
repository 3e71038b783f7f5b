#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages needed to build hip.ko and hipctl for every
# supported Debian bookworm kernel (scripts/kernels.sh) and to boot them in
# qemu.  Idempotent: does nothing when everything is already there.
#
#   scripts/install-deps.sh          build + VM test dependencies
#   scripts/install-deps.sh style    also linux-source of the oldest series
#                                    (checkpatch.pl)
set -eu

# shellcheck source=scripts/kernels.sh
. "$(dirname "${BASH_SOURCE[0]}")/kernels.sh"

# build: compiler, kbuild helpers, hipctl libraries, sparse
# check: python3-yaml (scripts/abi-check.py reads hip.yaml)
# VM:    qemu, busybox-static (initramfs), kmod/xz/cpio/gzip (modules),
#        iproute2/util-linux/python3/openssl/xxd (used inside the guest)
# tests: iputils-ping, socat, tcpdump, tshark (HIP dissector, conformance.sh),
#        iperf3 (used inside the guest by the base exchange/ESP selftests),
#        python3-cryptography (OpenSSL from Python: the independent HIPv2
#        peer and capture verifier, signature cross-checks)
# bench: iperf3, wireguard-tools (wg: WireGuard for comparison, make bench)
# migrate: criu (tools/hip-migrate, selftests/hip/app_migrate.sh; it locks
#        connections through libnftables, one of its dependencies)
pkgs=(build-essential pkg-config libnl-3-dev libnl-genl-3-dev libssl-dev
	openssl qemu-system-x86 busybox-static kmod iproute2 util-linux
	sparse python3 python3-yaml xz-utils cpio gzip xxd coreutils
	iputils-ping socat tcpdump tshark iperf3 wireguard-tools
	python3-cryptography criu)
for arg in "$@"; do
	case "$arg" in
	style) pkgs+=("linux-source-$HIP_SOURCE_SERIES") ;;
	*) echo "usage: $0 [style]" >&2; exit 2 ;;
	esac
done

need=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
# A series without a bootable kernel with headers: its newest one, resolved
# once the package lists are fresh.
for series in "${HIP_KERNEL_SERIES[@]}"; do
	[ -n "$(hip_kernel_newest -b "$series")" ] || need+=("kernel-$series")
done

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages (${need[*]}); run as root" >&2
	exit 1
fi

echo "install-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# wireshark-common (pulled in by tshark) asks whether non-root users may
# capture; answer "no" before apt-get asks.
if command -v debconf-set-selections >/dev/null; then
	echo 'wireshark-common wireshark-common/install-setuid boolean false' |
		debconf-set-selections
fi
apt-get update -qq
install=()
for p in "${need[@]}"; do
	case $p in
	kernel-*)
		k=$(hip_kernel_packages "${p#kernel-}")
		[ -n "$k" ] || { echo "install-deps: no ${p#kernel-} bookworm kernel headers found" >&2; exit 1; }
		read -r -a kp <<<"$k"
		install+=("${kp[@]}") ;;
	*)	install+=("$p") ;;
	esac
done
apt-get install -y -qq --no-install-recommends "${install[@]}" >/dev/null
