#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the HIP selftests, modelled on
# tools/testing/selftests/net/lib.sh: ksft exit codes, uniquely named network
# namespaces that are always deleted, a defer stack run on every exit path,
# assertion helpers that print "# " diagnostics, hip.ko load/unload helpers
# and key fixtures.
#
# A test sources this file, calls hip_test_init, does its checks with the
# assert_* helpers and finishes with "hip_test_exit".  It exits 0 (pass),
# 1 (fail) or 4 (skip); on every exit path it runs its deferred commands,
# deletes its namespaces and makes sure hip.ko is loaded again.

# Kselftest framework requirement - SKIP code is 4.
ksft_pass=0
ksft_fail=1
ksft_xfail=2
ksft_skip=4

HIP_SELFTEST_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
PYTHON=${PYTHON:-python3}

NS_LIST=()
EXIT_STATUS=$ksft_pass
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
TMPD=

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

# --- hip.ko -----------------------------------------------------------------

hip_module_loaded()
{
	[ -d /sys/module/hip ]
}

hip_module_load()
{
	hip_module_loaded && return 0
	if [ -z "${HIP_KO:-}" ] || [ ! -f "$HIP_KO" ]; then
		log_info "HIP_KO is not set or not a file: '${HIP_KO:-}'"
		return 1
	fi
	modprobe -q ecc 2>/dev/null || true
	insmod "$HIP_KO"
}

hip_module_unload()
{
	rmmod hip
}

# The module must be there for a test to run; skip if it cannot be, fail if
# loading it was possible but did not work.
require_hip_module()
{
	hip_module_loaded && return 0
	[ -n "${HIP_KO:-}" ] || ksft_skip_now "hip.ko not loaded and HIP_KO not set"
	hip_module_load || { fail "insmod $HIP_KO"; exit $ksft_fail; }
}

# --- kernel log ---------------------------------------------------------------

# kmsg_mark TEXT writes a unique marker line into the kernel log and prints
# it; kmsg_since MARKER prints the kernel log lines after that marker.
kmsg_mark()
{
	local m="hip-selftest: $TEST_NAME $1 $$.$RANDOM"

	echo "$m" >/dev/kmsg
	echo "$m"
}

kmsg_since()
{
	dmesg | awk -v m="$1" 'found { print } index($0, m) { found = 1 }'
}

# --- slab accounting ------------------------------------------------------------

slabinfo_has_hip_hi()
{
	local name _

	while read -r name _; do
		[ "$name" = hip_hi ] && return 0
	done </proc/slabinfo
	return 1
}

# Exact number of live objects in the hip_hi cache: shrinking flushes the
# per-cpu slabs, after which SLUB's "objects" counts allocated objects only.
# Prints "none" when the cache does not exist.
hip_hi_objects()
{
	local d=/sys/kernel/slab/hip_hi n

	if [ ! -d "$d" ]; then
		echo none
		return 0
	fi
	if [ -L "$d" ]; then
		log_info "hip_hi is merged with another cache (no slab_nomerge?)"
		echo merged
		return 1
	fi
	echo 1 >"$d/shrink" 2>/dev/null
	read -r n _ <"$d/objects"
	echo "$n"
}

# hip_hi_count_is N: exactly N live hip_hi objects.  A deleted HI is freed
# after an RCU grace period (call_rcu), so callers poll with wait_for.
hip_hi_count_is()
{
	[ "$(hip_hi_objects)" = "$1" ]
}

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

# assert_hipctl_error DESC STATUS STDERR-REGEX CMD...: the command exits with
# STATUS, prints nothing on stdout and exactly one line on stderr that starts
# with "hipctl: " and matches the extended regex.
assert_hipctl_error()
{
	local desc=$1 status=$2 re=$3 nl

	shift 3
	run "$@"
	nl=$(printf '%s' "$ERR" | grep -c '')
	if [ "$RC" -eq "$status" ] && [ -z "$OUT" ] && [ "$nl" -eq 1 ] &&
	   [[ "$ERR" == "hipctl: "* ]] && [[ "$ERR" =~ $re ]]; then
		pass "$desc"
		log_info "    $ERR"
		return 0
	fi
	fail "$desc: want exit $status and one stderr line matching /$re/, got exit $RC, $nl stderr lines"
	log_output "stdout: $OUT"
	log_output "stderr: $ERR"
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

# assert_json_fields DESC JSON-A JSON-B FIELD...: both are JSON objects and
# the named fields are equal (absent == absent; "hit" compared as an IPv6
# address, so any valid spelling of the same HIT is accepted).
assert_json_fields()
{
	local desc=$1 a=$2 b=$3 diff

	shift 3
	if diff=$("$PYTHON" -c '
import ipaddress, json, sys
try:
    a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    assert isinstance(a, dict) and isinstance(b, dict)
except (ValueError, AssertionError):
    print("not two JSON objects: %r / %r" % (sys.argv[1], sys.argv[2]))
    sys.exit(1)
bad = 0
for f in sys.argv[3:]:
    va, vb = a.get(f), b.get(f)
    if f == "hit" and va and vb:
        va, vb = ipaddress.IPv6Address(va), ipaddress.IPv6Address(vb)
    if va != vb:
        print("%s: %r != %r" % (f, a.get(f), b.get(f)))
        bad = 1
sys.exit(bad)
' "$a" "$b" "$@" 2>&1); then
		pass "$desc"
		return 0
	fi
	fail "$desc"
	log_output "$diff"
	return 1
}

# --- host identities ---------------------------------------------------------------

# hipctl_ns NS ARGS...: hipctl in a namespace ("" = the current one).
hipctl_ns()
{
	local ns=$1

	shift
	if [ -n "$ns" ]; then
		hipctl -n "$ns" "$@"
	else
		hipctl "$@"
	fi
}

hi_json()
{
	hipctl_ns "$1" -j hi show
}

# The helpers below read the text listing ("hi HIT lsi ... [default]"):
# python starts slowly in the VM, JSON is checked where it matters.
hi_count()
{
	hipctl_ns "$1" hi show | grep -c '^hi '
}

# hi_hits NS: the HITs of a namespace, one per line, in listing order.
hi_hits()
{
	hipctl_ns "$1" hi show | awk '$1 == "hi" { print $2 }'
}

# hi_default NS: HIT of the default HI ("" if none).
hi_default()
{
	hipctl_ns "$1" hi show | awk '$1 == "hi" && $NF == "default" { print $2 }'
}

# hit_of FILE: the HIT hipctl computes offline for a key file.
hit_of()
{
	hipctl hit "$1" | awk '$1 == "hit" { print $2 }'
}

# monitor_events FILE: "EVENT HIT" per line from "hipctl -j monitor"
# output (one JSON object per line); a line that is not valid JSON prints
# "INVALID <line>".
monitor_events()
{
	"$PYTHON" -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
        print(e["event"], e["hi"]["hit"])
    except (ValueError, KeyError, TypeError):
        print("INVALID", line.strip())
' "$1"
}

# --- key fixtures --------------------------------------------------------------------
#
# key_hipctl NAME ALGO [ARGS...]      $TMPD/NAME.pem from "hipctl keygen ALGO ARGS"
# key_openssl NAME rsa BITS | ec CURVE | ed25519
#                                     $TMPD/NAME.pem from "openssl genpkey" (PKCS#8)
#
# RSA generation takes minutes in a TCG guest, so run_tests.sh exports
# HIP_KEY_CACHE, a directory shared by the tests of one run: the n-th key a
# test asks for with a given generator and arguments is the n-th cached key
# of that kind.  Keys stay distinct within a test; different tests (each in
# its own namespaces) may get the same keys.

declare -A __KEY_SLOT

__keygen()
{
	local out=$1 tool=$2

	shift 2
	case $tool in
	hipctl)
		hipctl keygen "$@" -o "$out" ;;
	openssl)
		case $1 in
		rsa)	openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$out" ;;
		ec)	openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -out "$out" ;;
		ed25519) openssl genpkey -algorithm ED25519 -out "$out" ;;
		esac 2>/dev/null ;;
	esac
}

# __key NAME TOOL ARGS...
__key()
{
	local name=$1 spec slot f

	shift
	spec=$(tr -c 'A-Za-z0-9\n-' _ <<<"$*")
	slot=$((${__KEY_SLOT[$spec]:-0} + 1))
	__KEY_SLOT[$spec]=$slot
	f="${HIP_KEY_CACHE:-/nonexistent}/$spec-$slot.pem"
	if [ -s "$f" ] || [ -w "${HIP_KEY_CACHE:-/nonexistent}" ]; then
		if [ ! -s "$f" ]; then
			rm -f "$f.new"
			__keygen "$f.new" "$@" && mv "$f.new" "$f" ||
				{ fail "key generation: $*"; return 1; }
		fi
		cp "$f" "$TMPD/$name.pem"
	else
		__keygen "$TMPD/$name.pem" "$@" || { fail "key generation: $*"; return 1; }
	fi
}

key_hipctl()
{
	local name=$1

	shift
	__key "$name" hipctl "$@"
}

key_openssl()
{
	local name=$1

	shift
	__key "$name" openssl "$@"
}

# --- test life cycle -------------------------------------------------------------------

__hip_test_exit_trap()
{
	local rc=$?

	trap - EXIT
	defer_run
	cleanup_all_ns
	if ! hip_module_loaded && [ -n "${HIP_KO:-}" ]; then
		log_info "reloading hip.ko on exit"
		hip_module_load >/dev/null 2>&1 || log_info "reloading hip.ko failed"
	fi
	[ -n "$TMPD" ] && rm -rf "$TMPD"
	exit "$rc"
}

# hip_test_init: root, tools, module, a private tmpdir and the exit trap.
hip_test_init()
{
	require_root
	require_command ip hipctl "$PYTHON" openssl
	trap __hip_test_exit_trap EXIT
	trap 'log_info "interrupted"; exit $ksft_fail' INT TERM
	TMPD=$(mktemp -d "/tmp/hip-$TEST_NAME-XXXXXX") || exit $ksft_fail
	require_hip_module
}

hip_test_exit()
{
	exit "$EXIT_STATUS"
}
