#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make sparse": build hip.ko with C=2 (sparse on every file) and W=1 for
# each supported kernel (the newest installed of each series named in
# scripts/kernels.sh, or HIP_KERNELS="KVER ...") and fail if sparse or the
# compiler warns about any of our files (net/, include/ of this repository;
# warnings inside the kernel's own headers are listed but not counted).

set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 1

# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
if ! hip_kernels; then
	for series in "${HIP_KERNELS_MISSING[@]}"; do
		echo "sparse: no ${HIP_KERNEL_GLOB[$series]} kernel headers installed (scripts/install-deps.sh)" >&2
	done
	exit 1
fi
kernels=("${HIP_KERNEL_LIST[@]}")

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
