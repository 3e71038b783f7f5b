#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the HIP selftests inside the test VM and report in KTAP.
#
#   selftests/hip/run_tests.sh [TEST...]
#
# Without arguments every program in the Makefile's TEST_PROGS runs, in
# that order; with arguments only the named ones ("hi_algos" or
# "hi_algos.sh").  The runner loads hip.ko ($HIP_KO; "modprobe ecc" first
# for 6.1), runs each test under timeout(1) with the per-test timeout from
# ./settings, and prints
#
#   TAP version 13
#   1..N
#   # <test output, as "# " diagnostics>
#   ok 1 hi_algos.sh | not ok 1 hi_algos.sh | ok 1 hi_algos.sh # SKIP reason
#
# Between tests it enforces the test contract: hip.ko still loaded and no
# network namespace left behind (a violation fails that test).  The last
# KTAP line, "module_unload", checks that rmmod works and the module reports
# "hip: module unloaded, 0 objects live" after the whole suite.
#
# HIP_KEY_CACHE=DIR (optional) seeds the run's key cache with DIR/*.pem,
# e.g. keys kept from an earlier run: RSA generation is slow without KVM.
#
# Exit status: 0 if nothing failed (skips are not failures), 1 otherwise,
# 2 on a usage error.

DIR=$(dirname "$(readlink -f "$0")")
cd "$DIR" || exit 1
. ./hip_lib.sh

TEST_NAME=run_tests
PER_TEST_TIMEOUT=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' settings 2>/dev/null)
PER_TEST_TIMEOUT=${PER_TEST_TIMEOUT:-600}

# TEST_PROGS from the Makefile (continuation lines joined).
all_tests()
{
	sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' Makefile |
		sed -n 's/^TEST_PROGS[[:space:]]*[:+]\{0,1\}=//p' | tr -s ' \t' '\n' |
		sed '/^$/d'
}

mapfile -t ALL < <(all_tests)
if [ $# -eq 0 ]; then
	TESTS=("${ALL[@]}")
else
	TESTS=()
	for t in "$@"; do
		t=${t%.sh}.sh
		if [[ " ${ALL[*]} " != *" $t "* ]]; then
			echo "run_tests.sh: unknown test '$t' (known: ${ALL[*]})" >&2
			exit 2
		fi
		TESTS+=("$t")
	done
fi

prefix_output()
{
	local line

	while IFS= read -r line; do
		case $line in
		'#'*) printf '%s\n' "$line" ;;
		*) printf '# %s\n' "$line" ;;
		esac
	done
}

echo "TAP version 13"
echo "1..$(( ${#TESTS[@]} + 1 ))"

if [ "$(id -u)" -ne 0 ]; then
	n=0
	for t in "${TESTS[@]}" module_unload; do
		echo "ok $((++n)) $t # SKIP must be run as root"
	done
	exit 0
fi

# Keys shared by the tests of this run (see key fixtures in hip_lib.sh);
# HIP_KEY_CACHE=DIR seeds it with the *.pem of an earlier run's cache.
KEY_CACHE=$(mktemp -d /tmp/hip-keys-XXXXXX)
if [ -n "${HIP_KEY_CACHE:-}" ] && [ -d "$HIP_KEY_CACHE" ]; then
	cp "$HIP_KEY_CACHE"/*.pem "$KEY_CACHE"/ 2>/dev/null
fi
export HIP_KEY_CACHE=$KEY_CACHE
trap 'rm -rf "$KEY_CACHE"' EXIT

FAILED=0
MOD_OK=1
if ! hip_module_loaded; then
	mark=$(kmsg_mark "runner load")
	if ! out=$(hip_module_load 2>&1); then
		MOD_OK=0
		log_info "cannot load hip.ko: $out"
	else
		kmsg_since "$mark" | grep -q 'hip: loaded (HIP v2, genl family hip)' ||
			log_info "warning: no 'hip: loaded' banner in the kernel log"
	fi
fi

n=0
for t in "${TESTS[@]}"; do
	n=$((n + 1))
	if [ $MOD_OK -eq 0 ]; then
		echo "not ok $n $t # hip.ko could not be loaded"
		FAILED=1
		continue
	fi
	echo "# selftests: hip: $t"
	ns_before=$(ip netns list 2>/dev/null | awk '{ print $1 }' | sort)
	out_file=$(mktemp /tmp/hip-run-XXXXXX)
	t0=$SECONDS
	timeout -k 10 "$PER_TEST_TIMEOUT" "./$t" >"$out_file" 2>&1 </dev/null
	rc=$?
	prefix_output <"$out_file"
	log_info "$t: $((SECONDS - t0)) s"
	reason=$(sed -n 's/^# SKIP: //p' "$out_file" | tail -n 1)
	rm -f "$out_file"

	extra=
	if ! hip_module_loaded; then
		extra="test left hip.ko unloaded"
		hip_module_load >/dev/null 2>&1 || MOD_OK=0
	fi
	ns_after=$(ip netns list 2>/dev/null | awk '{ print $1 }' | sort)
	leftover=$(comm -13 <(echo "$ns_before") <(echo "$ns_after") | tr '\n' ' ')
	if [ -n "${leftover// /}" ]; then
		extra="${extra:+$extra; }test left netns behind: $leftover"
		for ns in $leftover; do
			ip netns del "$ns" 2>/dev/null
		done
	fi

	if [ $rc -eq $ksft_skip ] && [ -z "$extra" ]; then
		echo "ok $n $t # SKIP ${reason:-skipped}"
	elif [ $rc -eq 0 ] && [ -z "$extra" ]; then
		echo "ok $n $t"
	else
		[ $rc -eq 124 ] && extra="${extra:+$extra; }TIMEOUT after ${PER_TEST_TIMEOUT}s"
		[ -n "$extra" ] && log_info "$extra"
		echo "not ok $n $t # exit=$rc"
		FAILED=1
	fi
done

# Final check over the whole run: the module unloads and accounts for every
# object it allocated.
n=$((n + 1))
if hip_module_loaded; then
	mark=$(kmsg_mark "runner unload")
	if out=$(hip_module_unload 2>&1); then
		log=$(kmsg_since "$mark")
		if grep -q 'hip: module unloaded, 0 objects live' <<<"$log" &&
		   ! grep -q 'leaked' <<<"$log"; then
			echo "ok $n module_unload"
		else
			log_output "$(grep 'hip:' <<<"$log")"
			echo "not ok $n module_unload # no '0 objects live' or a leak"
			FAILED=1
		fi
	else
		log_info "rmmod hip: $out"
		echo "not ok $n module_unload # rmmod failed"
		FAILED=1
	fi
else
	echo "not ok $n module_unload # hip.ko not loaded"
	FAILED=1
fi

exit $FAILED
