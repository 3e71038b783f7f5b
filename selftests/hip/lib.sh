#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generic kselftest helpers, nothing HIP-specific, modelled on
# tools/testing/selftests/net/lib.sh: ksft exit codes, "# " diagnostics and
# assertions, waits for a condition, uniquely named network namespaces that
# are always deleted, a defer stack run on every exit path, kernel log
# markers, packet capture and the test life cycle.  hip_lib.sh adds the HIP
# helpers on top; HIP tests source that one.
#
# A test that uses this file alone calls ksft_test_init, does its checks
# with the assert_* helpers and finishes with "ksft_test_exit".  It exits 0
# (pass), 1 (fail) or 4 (skip); on every exit path it runs its deferred
# commands, deletes its namespaces, calls the function named by
# KSFT_EXIT_HOOK (if any) and removes its tmpdir.

# Kselftest framework requirement - SKIP code is 4.
ksft_pass=0
ksft_fail=1
ksft_xfail=2
ksft_skip=4

PYTHON=${PYTHON:-python3}

NS_LIST=()
EXIT_STATUS=$ksft_pass
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
TMPD=
TMPD_PREFIX=		# of the tmpdir's name, before the test's name
KSFT_EXIT_HOOK=		# function the exit trap calls after deleting the namespaces
KMSG_TAG=selftest	# first word of kmsg_mark's markers

# --- diagnostics ----------------------------------------------------------

log_info()
{
	local line

	while IFS= read -r line; do
		printf '# %s\n' "$line"
	done <<<"$*"
}

# Print a command's captured output indented, as diagnostics.
log_output()
{
	local line

	[ -n "$1" ] || return 0
	while IFS= read -r line; do
		printf '#     %s\n' "$line"
	done <<<"$1"
}

pass()
{
	printf '# [ OK ] %s\n' "$*"
}

fail()
{
	printf '# [FAIL] %s\n' "$*"
	EXIT_STATUS=$ksft_fail
}

# nap SECONDS: sleep without forking (every exec is slow in a TCG guest
# whose root is on 9p); reads from a pipe nobody writes to.
exec {__NAP_FD}<> <(:)
nap()
{
	read -r -t "$1" -u "$__NAP_FD" _ || true
}

# wait_for TRIES INTERVAL CMD...: until CMD succeeds, at most TRIES times.
wait_for()
{
	local tries=$1 interval=$2 i

	shift 2
	for ((i = 0; i < tries; i++)); do
		"$@" && return 0
		nap "$interval"
	done
	return 1
}

# --- defer: cleanup stack run in reverse order on exit ---------------------

__DEFER=()

defer()
{
	__DEFER+=("$(printf '%q ' "$@")")
}

defer_run()
{
	local i

	for ((i = ${#__DEFER[@]} - 1; i >= 0; i--)); do
		eval "${__DEFER[i]}" >/dev/null 2>&1 || true
	done
	__DEFER=()
}

# --- network namespaces -----------------------------------------------------

# setup_ns VAR... creates one namespace per variable name, named
# "<var>-XXXXXX" (lower case, random suffix), brings lo up, records it for
# cleanup and stores its name in the variable.
setup_ns()
{
	local var ns

	for var in "$@"; do
		ns="${var,,}-$(mktemp -u XXXXXX)"
		if ! ip netns add "$ns"; then
			log_info "cannot create netns $ns"
			return $ksft_skip
		fi
		NS_LIST+=("$ns")
		ip -n "$ns" link set lo up
		eval "$var=\$ns"
	done
}

# cleanup_ns NS... kills what runs in the namespaces and deletes them.
cleanup_ns()
{
	local ns pid keep=()

	for ns in "$@"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
		wait_for 50 0.1 test ! -e "/run/netns/$ns"
	done
	for ns in "${NS_LIST[@]}"; do
		[[ " $* " == *" $ns "* ]] || keep+=("$ns")
	done
	NS_LIST=("${keep[@]}")
}

cleanup_all_ns()
{
	[ ${#NS_LIST[@]} -eq 0 ] || cleanup_ns "${NS_LIST[@]}"
}

# --- requirements -----------------------------------------------------------

ksft_skip_now()
{
	log_info "SKIP: $*"
	exit $ksft_skip
}

require_command()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 ||
			ksft_skip_now "command $cmd not found"
	done
}

require_root()
{
	[ "$(id -u)" -eq 0 ] || ksft_skip_now "must be run as root"
}

# --- kernel log ---------------------------------------------------------------

# kmsg_mark TEXT writes a unique marker line into the kernel log and prints
# it; kmsg_since MARKER prints the kernel log lines after that marker.
kmsg_mark()
{
	local m="$KMSG_TAG: $TEST_NAME $1 $$.$RANDOM"

	echo "$m" >/dev/kmsg
	echo "$m"
}

kmsg_since()
{
	dmesg | awk -v m="$1" 'found { print } index($0, m) { found = 1 }'
}

# --- memory -------------------------------------------------------------------

sunreclaim_kb()
{
	local k v _

	while read -r k v _; do
		[ "$k" = SUnreclaim: ] && { echo "$v"; return; }
	done </proc/meminfo
}

# --- command capture and assertions ---------------------------------------------

# run CMD... runs a command and sets RC, OUT (stdout) and ERR (stderr).
run()
{
	"$@" >"$TMPD/.out" 2>"$TMPD/.err"
	RC=$?
	OUT=$(<"$TMPD/.out")
	ERR=$(<"$TMPD/.err")
	return 0
}

# assert_ok DESC CMD...: the command succeeds.
assert_ok()
{
	local desc=$1

	shift
	run "$@"
	if [ "$RC" -eq 0 ]; then
		pass "$desc"
		return 0
	fi
	fail "$desc (exit $RC: $*)"
	log_output "$OUT"
	log_output "$ERR"
	return 1
}

assert_eq()
{
	local desc=$1 got=$2 want=$3

	if [ "$got" == "$want" ]; then
		pass "$desc"
		return 0
	fi
	fail "$desc"
	log_output "got:  $got"
	log_output "want: $want"
	return 1
}

# assert_match DESC STRING REGEX (extended regex, bash =~)
assert_match()
{
	local desc=$1 s=$2 re=$3

	if [[ "$s" =~ $re ]]; then
		pass "$desc"
		return 0
	fi
	fail "$desc: /$re/ does not match"
	log_output "$s"
	return 1
}

# --- JSON -----------------------------------------------------------------------

# json_eval EXPR: evaluates a python expression over the JSON document on
# stdin, bound to "d"; strings print raw, everything else as JSON.
json_eval()
{
	"$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
v = eval(sys.argv[1])
print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))
' "$1"
}

# --- network ------------------------------------------------------------------

# ping_ok NS DEST: one echo answered within 5 s (ping picks -4/-6 itself).
ping_ok()
{
	ip netns exec "$1" ping -q -c 1 -W 5 "$2" >/dev/null 2>&1
}

# capture_start NS IF FILE [FILTER...]: tcpdump writing FILE in the
# background (killed on exit); returns once tcpdump listens.  Sets CAP_PID.
capture_start()
{
	local ns=$1 ifn=$2 file=$3

	shift 3
	ip netns exec "$ns" tcpdump -i "$ifn" --immediate-mode -U -s 0 -w "$file" "$@" \
		2>"$file.err" &
	CAP_PID=$!
	defer kill "$CAP_PID"
	wait_for 100 0.1 grep -q 'listening on' "$file.err" || {
		log_info "tcpdump did not start: $(cat "$file.err")"
		return 1
	}
}

# capture_stop: stop the capture started last and wait for it to flush.
capture_stop()
{
	# Let the last packets reach the capture file before stopping it
	nap 0.5
	kill -INT "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	return 0
}

# --- test life cycle -------------------------------------------------------------------

__ksft_exit_trap()
{
	local rc=$?

	trap - EXIT
	defer_run
	cleanup_all_ns
	[ -z "$KSFT_EXIT_HOOK" ] || "$KSFT_EXIT_HOOK"
	[ -n "$TMPD" ] && rm -rf "$TMPD"
	exit "$rc"
}

# ksft_test_init CMD...: root, the commands CMD..., a private tmpdir ($TMPD)
# and the exit trap.
ksft_test_init()
{
	require_root
	require_command "$@"
	trap __ksft_exit_trap EXIT
	trap 'log_info "interrupted"; exit $ksft_fail' INT TERM
	TMPD=$(mktemp -d "/tmp/$TMPD_PREFIX$TEST_NAME-XXXXXX") || exit $ksft_fail
}

ksft_test_exit()
{
	exit "$EXIT_STATUS"
}
