#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build hip.ko for one installed kernel, out of the source tree:
#
#   scripts/build-module.sh KVER
#
# copies Kbuild, net/ and include/ into build/KVER/src, runs
# make -C $KDIR M=build/KVER/src modules and copies the result to
# build/KVER/hip.ko.  KDIR defaults to /lib/modules/KVER/build.
#
# Environment: HIP_W=1 (or W=1) -> W=1 extra warnings, HIP_C=1|2 (or C=1|2)
# -> sparse, V=1 -> verbose kbuild, KDIR=... -> other kernel tree.
# The whole kbuild output is also saved in build/KVER/build.log.

set -eu -o pipefail

# Parse the whole script before running any of it: it may be edited or
# updated by git while a long run is in progress.
{

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ME=build-module

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 KVER" >&2
	exit 2
fi
kver=$1
kdir=${KDIR:-/lib/modules/$kver/build}

if [ ! -f "$kdir/Makefile" ]; then
	echo "$ME: no kernel headers for $kver at $kdir" >&2
	echo "$ME: install them with: apt-get install linux-headers-$kver (or scripts/install-deps.sh)" >&2
	exit 1
fi
for f in Kbuild net include; do
	if [ ! -e "$REPO/$f" ]; then
		echo "$ME: $REPO/$f is missing; nothing to build" >&2
		exit 1
	fi
done

out=$REPO/build/$kver
src=$out/src
mkdir -p "$out"
# one build per kernel at a time; build/KVER/hip.ko is replaced atomically
# at the end so that a VM running from it never sees a half-written file
exec 9>>"$out/.build.lock"
flock 9
rm -rf "$src"
mkdir -p "$src"
# -p keeps timestamps (sparse and W=1 still see every file: the tree is new)
cp -rp "$REPO/Kbuild" "$REPO/net" "$REPO/include" "$src/"
# objects left by an in-tree build must not leak into this one
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name '*.a' \) -delete

args=(-C "$kdir" M="$src")
w=${HIP_W:-${W:-}}
c=${HIP_C:-${C:-}}
[ -n "$w" ] && args+=(W="$w")
[ -n "$c" ] && args+=(C="$c")
[ -n "${V:-}" ] && args+=(V="$V")

echo "$ME: $kver: make ${args[*]} modules" >&2
# kbuild's own MAKEFLAGS/W/C from a calling make must not leak in
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u W -u C \
	make -j"$(nproc)" "${args[@]}" modules 2>&1 | tee "$out/build.log"; then
	echo "$ME: $kver: build failed (log: $out/build.log)" >&2
	rm -f "$out/hip.ko"
	exit 1
fi
if [ ! -f "$src/hip.ko" ]; then
	echo "$ME: $kver: make succeeded but $src/hip.ko is missing" >&2
	rm -f "$out/hip.ko"
	exit 1
fi
cp "$src/hip.ko" "$out/.hip.ko.tmp"
mv -f "$out/.hip.ko.tmp" "$out/hip.ko"
echo "$ME: $kver: $out/hip.ko" >&2
exit
}
