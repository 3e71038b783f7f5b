#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make sparse": build hip.ko with C=2 (sparse on every file) and W=1 for
# each supported kernel (newest installed 6.1.* and 6.12.*+deb12, or
# HIP_KERNELS="KVER ...") and fail if sparse or the compiler warns about
# any of our files (net/, include/ of this repository; warnings inside the
# kernel's own headers are listed but not counted).

set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 1

newest() {
	local k best=

	for k in $(ls -d /lib/modules/$1 2>/dev/null | sed 's|.*/||' | sort -V); do
		[ -f "/lib/modules/$k/build/Makefile" ] && best=$k
	done
	echo "$best"
}

if [ -n "${HIP_KERNELS:-}" ]; then
	read -r -a kernels <<<"$HIP_KERNELS"
else
	kernels=()
	for series in '6.1.*' '6.12.*+deb12*'; do
		k=$(newest "$series")
		if [ -z "$k" ]; then
			echo "sparse: no $series kernel headers installed (scripts/install-deps.sh)" >&2
			exit 1
		fi
		kernels+=("$k")
	done
fi

command -v sparse >/dev/null || { echo "sparse: sparse is not installed (scripts/install-deps.sh)" >&2; exit 1; }

bad=0
for k in "${kernels[@]}"; do
	log=build/$k/sparse.log
	mkdir -p "build/$k"
	echo "== $k: C=2 W=1"
	if ! HIP_C=2 HIP_W=1 scripts/build-module.sh "$k" >"$log" 2>&1; then
		cat "$log"
		echo "sparse: $k: build failed" >&2
		bad=1
		continue
	fi
	src=$REPO/build/$k/src/
	ours=$(grep -E '(warning|error):' "$log" | grep -F "$src" | sed "s|$src||")
	theirs=$(grep -E '(warning|error):' "$log" | grep -vF "$src")
	if [ -n "$theirs" ]; then
		echo "-- $k: warnings outside this repository (not counted):"
		printf '%s\n' "$theirs" | sort -u
	fi
	if [ -n "$ours" ]; then
		echo "-- $k: warnings in our files:"
		printf '%s\n' "$ours"
		bad=1
	else
		echo "-- $k: clean"
	fi
done
exit $bad
