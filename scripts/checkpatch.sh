#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make style": run checkpatch.pl from Debian's linux-source of the oldest
# supported series (scripts/kernels.sh) over the kernel code (net/hip,
# include/uapi).  checkpatch.pl and its data files are extracted once into
# build/checkpatch/.  Extra flags: CHECKPATCH_FLAGS (e.g. --strict).  Exit
# status: checkpatch's (non-zero on any error or warning).

set -eu -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
tarball=/usr/src/linux-source-$HIP_SOURCE_SERIES.tar.xz
if [ ! -f "$tarball" ]; then
	scripts/install-deps.sh style
	[ -f "$tarball" ] || { echo "checkpatch: linux-source-$HIP_SOURCE_SERIES not installed" >&2; exit 1; }
fi

cp_dir=build/checkpatch
if [ ! -x "$cp_dir/checkpatch.pl" ] || [ "$tarball" -nt "$cp_dir/checkpatch.pl" ]; then
	rm -rf "$cp_dir"
	mkdir -p "$cp_dir"
	top=$(tar -tJf "$tarball" 2>/dev/null | head -n 1 | cut -d/ -f1 || true)
	tar -xJf "$tarball" -C "$cp_dir" --strip-components=2 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
	touch "$cp_dir/checkpatch.pl"
fi

mapfile -t files < <(find net/hip include/uapi -type f \( -name '*.c' -o -name '*.h' \) | sort)
[ ${#files[@]} -gt 0 ] || { echo "checkpatch: no files" >&2; exit 1; }
echo "checkpatch: ${#files[@]} files"
# shellcheck disable=SC2086
if "$cp_dir/checkpatch.pl" --no-tree --show-types --quiet ${CHECKPATCH_FLAGS:-} -f "${files[@]}"; then
	echo "checkpatch: clean"
else
	echo "checkpatch: problems found" >&2
	exit 1
fi
