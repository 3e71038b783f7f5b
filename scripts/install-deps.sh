#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages needed to build hip.ko and hipctl for both
# supported Debian bookworm kernels (6.1 and 6.12) and to boot them in qemu.
# Idempotent: does nothing when everything is already there.
#
#   scripts/install-deps.sh          build + VM test dependencies
#   scripts/install-deps.sh style    also linux-source-6.1 (checkpatch.pl)
set -eu

k612_headers() {
	apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null |
		awk '{print $1}' | sort -V | tail -n 1
}

# build: compiler, kbuild helpers, hipctl libraries, sparse
# check: python3-yaml (scripts/abi-check.py reads hip.yaml)
# VM:    qemu, busybox-static (initramfs), kmod/xz/cpio/gzip (modules),
#        iproute2/util-linux/python3/openssl/xxd (used inside the guest)
# tests: iputils-ping, socat, tcpdump, tshark (HIP dissector, conformance.sh),
#        iperf3 (used inside the guest by the base exchange/ESP selftests)
# bench: iperf3, wireguard-tools (wg: WireGuard for comparison, make bench)
pkgs=(build-essential pkg-config libnl-3-dev libnl-genl-3-dev libssl-dev
	openssl qemu-system-x86 busybox-static kmod iproute2 util-linux
	sparse python3 python3-yaml xz-utils cpio gzip xxd coreutils
	iputils-ping socat tcpdump tshark iperf3 wireguard-tools
	linux-image-amd64 linux-headers-amd64)
for arg in "$@"; do
	case "$arg" in
	style) pkgs+=(linux-source-6.1) ;;
	*) echo "usage: $0 [style]" >&2; exit 2 ;;
	esac
done

need=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
# The 6.12 headers package depends on (and so installs) the matching image.
if ! ls -d /usr/src/linux-headers-6.12.*+deb12-amd64 >/dev/null 2>&1 ||
	! ls /boot/vmlinuz-6.12.*+deb12-amd64 >/dev/null 2>&1; then
	need+=(K612)
fi

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
for i in "${!need[@]}"; do
	if [ "${need[$i]}" = K612 ]; then
		need[$i]=$(k612_headers)
		[ -n "${need[$i]}" ] || { echo "install-deps: no 6.12 bookworm kernel headers found" >&2; exit 1; }
	fi
done
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
