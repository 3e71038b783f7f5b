#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fill a key cache for run_tests.sh (HIP_KEY_CACHE=DIR) with the keys of
# keys.list, on the host, before the VMs boot:
#
#   selftests/hip/key_cache.sh DIR
#
# The files are named as the key fixtures of hip_lib.sh name them
# (__key: generator and arguments, then the slot), so a test asking for its
# n-th key of a kind finds it.  Keys already in DIR are kept.  Needs hipctl
# on PATH and openssl.  Exit status 1 if a key could not be made.

DIR=$(dirname "$(readlink -f "$0")")
# shellcheck source=hip_lib.sh
source "$DIR/hip_lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1" || exit 1
HIP_KEY_CACHE=$(readlink -f "$1")
TMPD=$(mktemp -d) || exit 1
trap 'rm -rf "$TMPD"' EXIT

fail()
{
	echo "key_cache: $*" >&2
	EXIT_STATUS=1
}

EXIT_STATUS=0
n=0
while read -r -a line; do
	[ ${#line[@]} -ge 3 ] && [[ ${line[0]} != \#* ]] || continue
	count=${line[-1]}
	unset 'line[-1]'
	for ((i = 0; i < count; i++)); do
		__key k "${line[@]}" && n=$((n + 1))
	done
done <"$DIR/keys.list"
echo "key_cache: $n keys in $HIP_KEY_CACHE"
exit $EXIT_STATUS
