#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Full test run ("make check"): install dependencies, build hipctl, then for
# each supported Debian kernel (the newest installed of each series named
# in scripts/kernels.sh) build hip.ko and run selftests/hip/run_tests.sh in
# a VM.
#
# The KTAP of each kernel is streamed with a "[KVER] " prefix and saved
# unprefixed in build/KVER/ktap.log.  A VM that fails by itself (exit 99,
# kernel splat, KTAP plan not completed, exit status not matching the KTAP)
# counts as one more failed test named vm-KVER; a build failure as
# build-KVER / build-hipctl.  The ABI check (scripts/abi-check.py) and its
# own test run once, before the VMs, and count as one test each.  The last
# line is
#
#   N passed, N failed[, N skipped]
#
# summed over all kernels.  Exit status 0 iff nothing failed.
#
# Environment: HIP_KERNELS="KVER ..." (run only these), HIP_CHECK_JOBS (VMs
# at a time, default nproc), HIP_VM_SMP (vCPUs per VM, default: the host's
# cores shared among the VMs running at once, at most 2), HIP_VM_TIMEOUT
# (per-kernel VM timeout, default 4200 s), HIP_KEY_CACHE=DIR (the tests'
# keys; default build/keycache, filled on the host by
# selftests/hip/key_cache.sh), HIP_SKIP_DEPS=1 (don't run
# install-deps.sh), plus the tunables of vm-run.sh.

set -u -o pipefail

# Parse the whole script before running any of it: it may be edited or
# updated by git while a long run is in progress.
{

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 1
ME=vm-check

passed=0
failed=0
skipped=0
failures=()
t0=$SECONDS

fail() {	# NAME REASON
	failed=$((failed + 1))
	failures+=("$1 # $2")
	echo "# $ME: FAIL $1: $2"
}

summary() {
	local line

	echo "# $ME: total time $((SECONDS - t0)) s"
	for line in "${failures[@]}"; do
		echo "# failed: $line"
	done
	line="$passed passed, $failed failed"
	[ "$skipped" -gt 0 ] && line+=", $skipped skipped"
	echo "$line"
	[ "$failed" -eq 0 ]
	exit
}

# --- dependencies and hipctl ----------------------------------------------

if [ -z "${HIP_SKIP_DEPS:-}" ]; then
	echo "# $ME: scripts/install-deps.sh"
	if ! scripts/install-deps.sh; then
		fail install-deps "scripts/install-deps.sh failed"
		summary
	fi
fi

if [ -d tools/hipctl ]; then
	echo "# $ME: make -C tools/hipctl"
	if ! make -s -C tools/hipctl 2>&1 | sed 's/^/# /'; then
		fail build-hipctl "make -C tools/hipctl failed"
	fi
fi

# --- RSA keys for the tests, made on the host -------------------------------------
# A TCG guest takes minutes for what the host does in seconds;
# run_tests.sh copies HIP_KEY_CACHE's keys into its own cache.

if [ -z "${HIP_KEY_CACHE:-}" ] && [ -x tools/hipctl/hipctl ]; then
	if PATH=$REPO/tools/hipctl:$PATH selftests/hip/key_cache.sh build/keycache 2>&1 |
			sed 's/^/# /'; then
		export HIP_KEY_CACHE=$REPO/build/keycache
	fi
fi

# --- the ABI and the layers, once and without a VM ------------------------------
# scripts/abi-check.py: hip.yaml, the uapi header and the netlink.c policies
# agree (one test); scripts/abi-check-test.py: it fails on each of its
# mutations of those files (one test).  scripts/layers.py: no file of
# net/hip includes or declares one of a layer above it (one test);
# scripts/layers-test.py: it fails on each of its mutations (one test).

for t in abi-check abi-check-test layers layers-test; do
	echo "# $ME: scripts/$t.py"
	if out=$(python3 "scripts/$t.py" 2>&1); then
		passed=$((passed + 1))
		echo "# $ME: PASS $t"
		tail -n 1 <<<"$out" | sed 's/^/# /'
	else
		sed 's/^/# /' <<<"$out" | grep -v '^# ok - ' | tail -n 40
		fail "$t" "scripts/$t.py failed"
	fi
done

# --- kernels -----------------------------------------------------------------

# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
hip_kernels -b
kernels=("${HIP_KERNEL_LIST[@]}")
for series in "${HIP_KERNELS_MISSING[@]}"; do
	glob=${HIP_KERNEL_GLOB[$series]}
	fail "kernel-$series" \
		"no $glob kernel with headers installed (/boot/vmlinuz-$glob + /lib/modules/$glob/build); scripts/install-deps.sh installs them"
done
echo "# $ME: kernels: ${kernels[*]}"

# --- build hip.ko for every kernel -----------------------------------------------

ready=()
for k in "${kernels[@]}"; do
	out=build/$k
	mkdir -p "$out"
	echo "# $ME: [$k] building hip.ko"
	if ! scripts/build-module.sh "$k" >"$out/build-module.log" 2>&1; then
		sed "s/^/# [$k] /" "$out/build-module.log" | tail -n 40
		fail "build-$k" "scripts/build-module.sh $k failed (see $out/build-module.log)"
		continue
	fi
	grep -E 'warning:|error:' "$out/build-module.log" | sed "s/^/# [$k] /"
	# test a private copy: build/KVER/hip.ko may be rebuilt while we run
	mkdir -p "$out/check"
	cp "$out/hip.ko" "$out/check/hip.ko"
	ready+=("$k")
done

# --- run the selftests: one VM per kernel, HIP_CHECK_JOBS at a time ------------
#
# A TCG guest running shell tests keeps about one host CPU busy, so on a
# multi-core host the kernels run side by side; their lines stay apart
# thanks to the [KVER] prefix.

run_vm() {	# KVER; leaves build/KVER/{ktap.log,vm-run.err,vm-run.rc,vm-run.time}
	local k=$1 out=build/$1 start=$SECONDS rc

	HIP_VM_KO=$REPO/$out/check/hip.ko scripts/vm-run.sh -k "$k" \
		-t "${HIP_VM_TIMEOUT:-4200}" -- selftests/hip/run_tests.sh \
		2> >(tee "$out/vm-run.err" | sed -u "s/^/# [$k] /" >&2) |
		tee "$out/ktap.log" | sed -u "s/^/[$k] /"
	rc=${PIPESTATUS[0]}
	wait	# for the stderr tee
	echo "$rc" >"$out/vm-run.rc"
	echo $((SECONDS - start)) >"$out/vm-run.time"
}

jobs_max=${HIP_CHECK_JOBS:-$(nproc)}
[ "$jobs_max" -ge 1 ] 2>/dev/null || jobs_max=1
# vCPUs per VM: the host's cores shared among the VMs that run at once.
# More vCPUs than host cores makes a TCG guest wait for vCPUs the host
# has descheduled (spinlocks, IPIs, RCU): two 2-vCPU guests on 2 cores ran
# module_reload's cycles 2.5 times slower than two 1-vCPU guests.  Alone
# (HIP_KERNELS=one kernel, or more cores) a guest gets 2.
if [ -z "${HIP_VM_SMP:-}" ]; then
	n=${#ready[@]}
	[ "$n" -gt "$jobs_max" ] && n=$jobs_max
	[ "$n" -ge 1 ] || n=1
	HIP_VM_SMP=$(( $(nproc) / n ))
	[ "$HIP_VM_SMP" -gt 2 ] && HIP_VM_SMP=2
	[ "$HIP_VM_SMP" -ge 1 ] || HIP_VM_SMP=1
	export HIP_VM_SMP
fi
echo "# $ME: ${#ready[@]} kernel(s), $jobs_max VM(s) at a time, $HIP_VM_SMP vCPU(s) each"
pids=()
for k in "${ready[@]}"; do
	rm -f "build/$k/vm-run.rc" "build/$k/vm-run.time"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
	done
	echo "# $ME: [$k] running selftests/hip/run_tests.sh in the VM"
	run_vm "$k" &
	pids+=($!)
done
for p in "${pids[@]}"; do
	wait "$p"
done

# --- count ------------------------------------------------------------------------

for k in "${ready[@]}"; do
	out=build/$k
	rc=$(cat "$out/vm-run.rc" 2>/dev/null || echo 99)
	plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out/ktap.log" | head -n 1)
	kp=0 kf=0 ks=0 results=0
	while IFS= read -r line; do
		results=$((results + 1))
		if [[ $line =~ \#[[:space:]]*[Ss][Kk][Ii][Pp] ]]; then
			ks=$((ks + 1))
		elif [[ $line == ok* ]]; then
			kp=$((kp + 1))
		else
			kf=$((kf + 1))
			failures+=("[$k] $line")
		fi
	done < <(grep -aE '^(not )?ok [0-9]+' "$out/ktap.log")
	passed=$((passed + kp))
	failed=$((failed + kf))
	skipped=$((skipped + ks))

	why=
	if [ "$rc" -eq 99 ]; then
		why="VM infrastructure failure (vm-run exit 99)"
	elif grep -q "kernel splat" "$out/vm-run.err" 2>/dev/null; then
		why="kernel splat in the console log: $(grep -m1 'vm-run: splat:' "$out/vm-run.err" | sed 's/.*splat: //')"
	elif [ -z "$plan" ]; then
		why="no KTAP plan (exit $rc)"
	elif [ "$results" -ne "$plan" ]; then
		why="KTAP plan 1..$plan but $results results (exit $rc)"
	elif [ "$rc" -ne 0 ] && [ "$kf" -eq 0 ]; then
		why="run_tests.sh exited $rc without a failed test"
	fi
	if [ -n "$why" ]; then
		fail "vm-$k" "$why"
	fi
	echo "# $ME: [$k] $kp passed, $kf failed, $ks skipped, exit $rc, $(cat "$out/vm-run.time" 2>/dev/null || echo ?) s"
done

summary
exit
}
