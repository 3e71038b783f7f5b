#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# HIP helpers shared by the HIP selftests, on top of the generic kselftest
# helpers of lib.sh (which this file sources): hip.ko load/unload, hip_hi
# slab counts, hipctl wrappers and assertions, key fixtures, the two-host
# topology and HIP-specific waits.
#
# A test sources this file, calls hip_test_init, does its checks with the
# assert_* helpers and finishes with "hip_test_exit".  It exits 0 (pass),
# 1 (fail) or 4 (skip); on every exit path it runs its deferred commands,
# deletes its namespaces and makes sure hip.ko is loaded again.

HIP_SELFTEST_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

# shellcheck source=lib.sh
source "$HIP_SELFTEST_DIR/lib.sh"

KMSG_TAG=hip-selftest
TMPD_PREFIX=hip-

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

# --- hipctl assertions ------------------------------------------------------------

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

# --- two hosts: base exchange and ESP tests -------------------------------------------
#
#   +-------------------------------+            +-------------------------------+
#   | ns A                          |    veth    | ns B                          |
#   |  va  fd00::1/64  10.0.0.1/24  +------------+  vb  fd00::2/64  10.0.0.2/24  |
#   |  hip0  HIT_A/28  LSI_A/8      |            |  hip0  HIT_B/28  LSI_B/8      |
#   +-------------------------------+            +-------------------------------+
#
# hip_topo_setup [KEYGEN ARGS...] makes the namespaces (names in $A and $B),
# the veth and one HI per side (key_hipctl, default "ecdsa --curve P-256";
# keys $TMPD/hi-a.pem and $TMPD/hi-b.pem) and sets HIT_A, HIT_B, LSI_A,
# LSI_B from "hipctl hi show".  Peers are added separately with
# hip_peers_add, so that a test chooses the locators.

VETH_A=va
VETH_B=vb
LOC6_A=fd00::1
LOC6_B=fd00::2
LOC4_A=10.0.0.1
LOC4_B=10.0.0.2

# Seconds a base exchange may take in the slow VM (hip_bex_ping).
HIP_BEX_TIMEOUT=${HIP_BEX_TIMEOUT:-60}

hip_topo_setup()
{
	local ns kg=("$@") v

	[ ${#kg[@]} -gt 0 ] || kg=(ecdsa --curve P-256)
	setup_ns A B || return
	if ! ip link add "$VETH_A" netns "$A" type veth peer name "$VETH_B" netns "$B"; then
		log_info "cannot create a veth pair"
		return $ksft_skip
	fi
	ip -n "$A" addr add "$LOC6_A/64" dev "$VETH_A" nodad &&
	ip -n "$A" addr add "$LOC4_A/24" dev "$VETH_A" &&
	ip -n "$B" addr add "$LOC6_B/64" dev "$VETH_B" nodad &&
	ip -n "$B" addr add "$LOC4_B/24" dev "$VETH_B" &&
	ip -n "$A" link set "$VETH_A" up &&
	ip -n "$B" link set "$VETH_B" up || { fail "veth addresses"; return 1; }

	key_hipctl hi-a "${kg[@]}" || return 1
	key_hipctl hi-b "${kg[@]}" || return 1
	for ns in A B; do
		v=${ns,,}
		if ! run hipctl -n "${!ns}" hi add "$TMPD/hi-$v.pem" || [ "$RC" -ne 0 ]; then
			fail "hipctl -n ${!ns} hi add hi-$v.pem"
			log_output "$ERR"
			return 1
		fi
		# "hi HIT lsi LSI ..." (bex_ping checks the JSON listing)
		read -r "HIT_$ns" "LSI_$ns" < <(hipctl -n "${!ns}" hi show |
			awk '$1 == "hi" && $3 == "lsi" { print $2, $4 }')
	done
	if [ -z "$HIT_A" ] || [ -z "$HIT_B" ] || [ -z "$LSI_A" ] || [ -z "$LSI_B" ]; then
		fail "HITs/LSIs from hipctl -j hi show: A '$HIT_A $LSI_A' B '$HIT_B $LSI_B'"
		return 1
	fi
	log_info "A: $HIT_A lsi $LSI_A    B: $HIT_B lsi $LSI_B"
	# the local HIT and LSI are on hip0, which is up
	if ! ip -n "$A" -6 addr show dev hip0 | grep -q "inet6 ${HIT_A}/28" ||
	   ! ip -n "$A" -4 addr show dev hip0 | grep -q "inet ${LSI_A}/8" ||
	   ! ip -n "$A" link show dev hip0 | grep -q '[<,]UP[,>]'; then
		fail "A: $HIT_A/28 and $LSI_A/8 on hip0, hip0 up"
		log_output "$(ip -n "$A" addr show dev hip0 2>&1)"
		return 1
	fi
}

# hip_peers_add LOCATORS: each side adds the other as a peer, with its LSI
# and the locators LOCATORS names, in this order: "6" (IPv6), "4" (IPv4),
# "64" or "46" (both).
hip_peers_add()
{
	local which=$1 la=() lb=() c

	for ((c = 0; c < ${#which}; c++)); do
		case ${which:c:1} in
		6) la+=(locator "$LOC6_B"); lb+=(locator "$LOC6_A") ;;
		4) la+=(locator "$LOC4_B"); lb+=(locator "$LOC4_A") ;;
		esac
	done
	assert_ok "A: peer add B (locators $which)" \
		hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" "${la[@]}" || return 1
	assert_ok "B: peer add A (locators $which)" \
		hipctl -n "$B" peer add "$HIT_A" lsi "$LSI_A" "${lb[@]}" || return 1
}

# hip_bex_ping NS DEST: ping until an answer comes back (the first packets
# trigger and wait for the base exchange), at most HIP_BEX_TIMEOUT s;
# prints the seconds it took.
hip_bex_ping()
{
	local t0=$SECONDS

	while ((SECONDS - t0 < HIP_BEX_TIMEOUT)); do
		if ping_ok "$1" "$2"; then
			echo $((SECONDS - t0))
			return 0
		fi
		nap 0.2
	done
	return 1
}

# ha_state NS PEER_HIT: the association's state from "hipctl ha show"
# ("none" if there is none).
ha_state()
{
	local s

	s=$(hipctl -n "$1" ha show 2>/dev/null |
		awk -v p="$2" '$1 == "ha" && $4 == p { print $6; exit }')
	echo "${s:-none}"
}

# ha_count NS: number of associations listed.
ha_count()
{
	hipctl -n "$1" ha show 2>/dev/null | grep -c '^ha '
}

ha_state_is()
{
	[ "$(ha_state "$1" "$2")" = "$3" ]
}

# hip_i1_sent NS HIT LOCATOR: NS has just sent a first I1 to HIT at
# LOCATOR (a fresh association: NS gives up 39 s after its first I1, so a
# slow guest must not let that start early) and waits for the R1
hip_i1_sent()
{
	hipctl -n "$1" peer del "$2" >/dev/null 2>&1
	wait_for 50 0.2 ha_state_is "$1" "$2" none
	hipctl -n "$1" peer add "$2" locator "$3" || return 1
	ip netns exec "$1" ping -q -c 1 -W 1 "$2" >/dev/null 2>&1
	wait_ha_state "$1" "$2" I1-SENT 10
}

# wait_ha_state NS PEER_HIT STATE [SECONDS]
wait_ha_state()
{
	wait_for $((${4:-30} * 5)) 0.2 ha_state_is "$1" "$2" "$3"
}

# ha_field NS PEER_HIT FIELD: a field of the association, named as in the
# JSON output (state, initiator, local_lsi, peer_lsi, local_locator,
# peer_locator, spi_in, spi_out, dh_group, hip_cipher, esp_suite,
# hit_suite, pkts_in, pkts_out, bytes_in, bytes_out, drops, age, idle),
# read from the text listing (python starts slowly in the VM): SPIs in
# hex as printed, initiator "true"/"false", ages without the "s".  Empty
# if there is no association or no such field.
ha_field()
{
	hipctl -n "$1" ha show "$2" 2>/dev/null | awk -v f="$3" '
	$1 == "ha" {
		v["state"] = $6
		v["initiator"] = ($7 == "initiator") ? "true" : "false"
	}
	$1 == "lsi" { v["local_lsi"] = $2; v["peer_lsi"] = $4 }
	$1 == "locator" { v["local_locator"] = $2; v["peer_locator"] = $4 }
	$1 == "spi" { v["spi_in"] = $3; v["spi_out"] = $5 }
	$1 == "dh" {
		for (i = 1; i < NF; i++) {
			if ($i == "dh") v["dh_group"] = $(i + 1)
			if ($i == "cipher") v["hip_cipher"] = $(i + 1)
			if ($i == "esp") v["esp_suite"] = $(i + 1)
			if ($i == "hit-suite") v["hit_suite"] = $(i + 1)
		}
	}
	$1 == "packets" {
		v["pkts_in"] = $3; v["pkts_out"] = $5
		v["bytes_in"] = $8; v["bytes_out"] = $10
		for (i = 1; i < NF; i++) {
			if ($i == "drops") v["drops"] = $(i + 1)
			if ($i == "age") { v["age"] = $(i + 1); sub("s$", "", v["age"]) }
			if ($i == "idle") { v["idle"] = $(i + 1); sub("s$", "", v["idle"]) }
		}
	}
	END { print v[f] }'
}

# spis NS PEER_HIT: "SPI_IN SPI_OUT" (hex, as listed) of the association
spis()
{
	hipctl -n "$1" ha show "$2" 2>/dev/null |
		awk '$1 == "spi" && $2 == "in" { print $3, $5; exit }'
}

# stat_of NS NAME: a counter of "hipctl stats" (empty if unknown).
stat_of()
{
	hipctl -n "$1" stats 2>/dev/null | awk -v n="$2" '$1 == n { print $2; exit }'
}

# stats_save NS FILE: all counters, "name value" per line.
stats_save()
{
	hipctl -n "$1" stats >"$2" 2>/dev/null
}

# stats_nonzero NS: the counters of NS that are not 0, on one line
stats_nonzero()
{
	hipctl -n "$1" stats 2>/dev/null | awk '$2 != 0 { printf "%s %s  ", $1, $2 }'
}

# stream_diag: after a failed stream between $A and $B, log both
# associations and the counters that are not 0
stream_diag()
{
	log_output "$(hipctl -n "$A" ha show "$HIT_B" 2>&1)"
	log_output "$(hipctl -n "$B" ha show "$HIT_A" 2>&1)"
	log_output "A: $(stats_nonzero "$A")"
	log_output "B: $(stats_nonzero "$B")"
}

# stat_delta FILE NS NAME: counter NAME now minus its value in FILE.
stat_delta()
{
	local before now

	before=$(awk -v n="$3" '$1 == n { print $2; exit }' "$1")
	now=$(stat_of "$2" "$3")
	echo $((${now:-0} - ${before:-0}))
}

# assert_stat_rises DESC FILE NS NAME [MIN]: NAME grew by at least MIN (1).
assert_stat_rises()
{
	local d

	d=$(stat_delta "$2" "$3" "$4")
	if [ "$d" -ge "${5:-1}" ]; then
		pass "$1 ($4 +$d)"
		return 0
	fi
	fail "$1: $4 rose by $d, want >= ${5:-1}"
	return 1
}

# craft NS ARGS...: hip_craft.py inside a namespace.
craft()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" "$@"
}

# --- test life cycle -------------------------------------------------------------------

# Run by the exit trap once the namespaces are gone.
__hip_exit_hook()
{
	if ! hip_module_loaded && [ -n "${HIP_KO:-}" ]; then
		log_info "reloading hip.ko on exit"
		hip_module_load >/dev/null 2>&1 || log_info "reloading hip.ko failed"
	fi
}

# hip_test_init: root, tools, a private tmpdir, the exit trap and the module.
hip_test_init()
{
	KSFT_EXIT_HOOK=__hip_exit_hook
	ksft_test_init ip hipctl "$PYTHON" openssl
	require_hip_module
}

hip_test_exit()
{
	ksft_test_exit
}

# --- mobility and multihoming (issue 10) ------------------------------------------------
#
# Addresses move under an association; a TCP stream over the HITs must
# survive it.  The module follows the namespace's addresses by itself (no
# command): an address change makes every ESTABLISHED association send an
# UPDATE with LOCATOR_SET and ESP_INFO (RFC 8046 3.2.1); the peer checks the
# new address with an echo and moves traffic there.

# Seconds an UPDATE exchange may take to show up after an address change
# (the module reacts within ~200 ms; the slow VM needs more).
HIP_UPDATE_TIMEOUT=${HIP_UPDATE_TIMEOUT:-10}

# addr_move NS DEV OLD/PLEN NEW/PLEN: break before make, as when a host
# changes networks: OLD goes away, then NEW appears on DEV (IPv6 without
# DAD: a tentative address cannot be used for seconds).  The connected
# route of NEW comes with it.
addr_move()
{
	local ns=$1 dev=$2 old=$3 new=$4 opt=()

	[[ $new == *:* ]] && opt=(nodad)
	ip -n "$ns" addr del "$old" dev "$dev" &&
	ip -n "$ns" addr add "$new" dev "$dev" "${opt[@]}"
}

# stat_rose FILE NS NAME [MIN]: counter NAME grew by at least MIN (1)
# since FILE (stats_save); a predicate for wait_for.
stat_rose()
{
	[ "$(stat_delta "$1" "$2" "$3")" -ge "${4:-1}" ]
}

# wait_secs SECONDS INTERVAL CMD...: until CMD succeeds, for at most
# SECONDS of wall time (wait_for counts tries, and every try forks a few
# processes, which takes long in a loaded TCG guest)
wait_secs()
{
	local end=$((${EPOCHREALTIME/./} + $1 * 1000000)) interval=$2

	shift 2
	while :; do
		"$@" && return 0
		((${EPOCHREALTIME/./} < end)) || return 1
		nap "$interval"
	done
}

# wait_stat_rise FILE NS NAME [SECONDS] [MIN]
wait_stat_rise()
{
	wait_secs "${4:-$HIP_UPDATE_TIMEOUT}" 0.1 stat_rose "$1" "$2" "$3" "${5:-1}"
}

# update_supported_or_fail NS FILE: after an address change, NS must have
# sent an UPDATE (update_out over FILE) within HIP_UPDATE_TIMEOUT s.  If it
# did not, the test fails with a message saying so (the module built here
# may have no UPDATE at all) and the caller stops.
update_sent_or_fail()
{
	if wait_stat_rise "$2" "$1" update_out; then
		pass "$3: UPDATE sent after the address change (update_out +$(stat_delta "$2" "$1" update_out))"
		return 0
	fi
	fail "$3: no UPDATE sent within ${HIP_UPDATE_TIMEOUT}s of the address change (update_out unchanged: UPDATE not implemented in this hip.ko?)"
	log_output "$(hipctl -n "$1" stats 2>&1 | awk '$1 ~ /update|loc_|failover|credit|addr_check|retransmit/')"
	return 1
}

# ha_json NS PEER_HIT EXPR: python EXPR over the association with PEER_HIT
# from "hipctl -j ha show", bound to "ha" (None if there is none); strings
# print raw, anything else as JSON.
ha_json()
{
	hipctl -n "$1" -j ha show 2>/dev/null | "$PYTHON" -c '
import ipaddress, json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    d = []
if isinstance(d, dict):
    d = d.get("ha", d.get("associations", [d]))
want = ipaddress.IPv6Address(sys.argv[1])
ha = None
for h in d if isinstance(d, list) else []:
    try:
        if ipaddress.IPv6Address(h.get("peer_hit", "")) == want:
            ha = h
    except ValueError:
        pass
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))
' "$2" "$3"
}

# peer_locator_state NS PEER_HIT ADDR: the state (UNVERIFIED, ACTIVE,
# DEPRECATED, ...) the association lists for peer locator ADDR in
# "hipctl -j ha show": any object inside the association with an address
# field equal to ADDR and a "state" field (the locator list of issue 10).
# "absent" if ADDR is not listed, "nolist" if the association lists no
# locator states at all (older hipctl).
peer_locator_state()
{
	hipctl -n "$1" -j ha show 2>/dev/null | "$PYTHON" -c '
import ipaddress, json, sys
want_hit, want = ipaddress.IPv6Address(sys.argv[1]), ipaddress.ip_address(sys.argv[2])
def addr(v):
    try:
        return ipaddress.ip_address(v)
    except ValueError:
        return None
found, lists = None, False
def walk(o, top):
    global found, lists
    if isinstance(o, dict):
        if not top and "state" in o:
            lists = True
            if any(isinstance(v, str) and addr(v) == want for v in o.values()):
                found = found or o["state"]
        for v in o.values():
            walk(v, False)
    elif isinstance(o, list):
        for v in o:
            walk(v, False)
try:
    d = json.load(sys.stdin)
except ValueError:
    d = []
for h in d if isinstance(d, list) else [d]:
    try:
        if ipaddress.IPv6Address(h.get("peer_hit", "")) == want_hit:
            walk(h, True)
    except ValueError:
        pass
print(str(found).upper() if found else ("absent" if lists else "nolist"))
' "$2" "$3"
}

ha_field_is()
{
	[ "$(ha_field "$1" "$2" "$3")" = "$4" ]
}

# wait_peer_locator NS PEER_HIT ADDR [SECONDS]: the association of NS sends
# to ADDR (its current peer locator).
wait_peer_locator()
{
	wait_secs "${4:-$HIP_UPDATE_TIMEOUT}" 0.2 ha_field_is "$1" "$2" peer_locator "$3"
}

# --- a TCP stream across a move ---------------------------------------------------------
#
# stream_start SRC_NS DST_NS DEST PORT MIB [RATE_KIB]: MIB MiB of random
# data over TCP from SRC_NS to DEST:PORT (a HIT, an LSI or any address of
# DST_NS), paced at RATE_KIB KiB/s (0: as fast as it goes) so that a move
# can happen in the middle.  A socat server in DST_NS writes what arrives to
# $TMPD/stream.recv; a python client sends $TMPD/stream.send.  Sets
# STREAM_SRV and STREAM_CLI (pids), STREAM_SIZE (bytes), STREAM_SUM.

STREAM_CLIENT='
import socket, sys, time
dst, port, path, rate = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) * 1024
data = memoryview(open(path, "rb").read())
t0 = time.monotonic()
s = socket.create_connection((dst, port), timeout=60)
s.settimeout(float(sys.argv[5]))
off = 0
while off < len(data):
    off += s.send(data[off:off + 16384])
    if rate:
        ahead = off / rate - (time.monotonic() - t0)
        if ahead > 0:
            time.sleep(ahead)
s.shutdown(socket.SHUT_WR)
s.recv(1)                       # EOF: the server has everything
print("sent %d bytes in %.3f s" % (off, time.monotonic() - t0), flush=True)
'

# Seconds a stream may stall (longest gap the TCP sender tolerates).
HIP_STREAM_TIMEOUT=${HIP_STREAM_TIMEOUT:-120}

stream_start()
{
	local src=$1 dst=$2 dest=$3 port=$4 mib=$5 rate=${6:-0} listen

	head -c "${mib}M" /dev/urandom >"$TMPD/stream.send"
	STREAM_SIZE=$((mib << 20))
	STREAM_SUM=$(sha256sum <"$TMPD/stream.send")
	rm -f "$TMPD/stream.recv" "$TMPD/stream.cli"
	if [[ $dest == *:* ]]; then
		listen="TCP6-LISTEN:$port,bind=[$dest],reuseaddr"
	else
		listen="TCP4-LISTEN:$port,bind=$dest,reuseaddr"
	fi
	ip netns exec "$dst" timeout 900 socat -u "$listen" "CREATE:$TMPD/stream.recv" \
		2>"$TMPD/stream.srv.err" &
	STREAM_SRV=$!
	defer kill "$STREAM_SRV"
	if ! wait_for 100 0.1 listening_tcp "$dst" "$port"; then
		fail "stream: socat does not listen on $dest:$port"
		log_output "$(cat "$TMPD/stream.srv.err")"
		return 1
	fi
	ip netns exec "$src" timeout 900 "$PYTHON" -c "$STREAM_CLIENT" "$dest" "$port" \
		"$TMPD/stream.send" "$rate" "$HIP_STREAM_TIMEOUT" \
		>"$TMPD/stream.cli" 2>&1 &
	STREAM_CLI=$!
	defer kill "$STREAM_CLI"
}

# listening_tcp NS PORT: a TCP socket listens on PORT in NS
listening_tcp()
{
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .
}

# stream_received: bytes the server has written so far
stream_received()
{
	stat -c %s "$TMPD/stream.recv" 2>/dev/null || echo 0
}

stream_received_ge()
{
	[ "$(stream_received)" -ge "$1" ]
}

# stream_wait_bytes N [SECONDS]: at least N bytes arrived
stream_wait_bytes()
{
	wait_secs "${2:-$HIP_STREAM_TIMEOUT}" 0.1 stream_received_ge "$1"
}

pid_gone()
{
	! kill -0 "$1" 2>/dev/null
}

# stream_finish DESC [SECONDS]: waits for both ends (at most SECONDS, default
# HIP_STREAM_TIMEOUT) and asserts that everything arrived intact (size and
# sha256).  Returns 1 if not.
stream_finish()
{
	local desc=$1 t=${2:-$HIP_STREAM_TIMEOUT} got ok=0

	if ! wait_secs "$t" 0.1 pid_gone "$STREAM_CLI"; then
		fail "$desc: the sender did not finish within ${t}s ($(stream_received) of $STREAM_SIZE bytes arrived)"
		kill "$STREAM_CLI" "$STREAM_SRV" 2>/dev/null
		ok=1
	fi
	wait "$STREAM_CLI" 2>/dev/null
	wait_for 100 0.1 pid_gone "$STREAM_SRV" || kill "$STREAM_SRV" 2>/dev/null
	wait "$STREAM_SRV" 2>/dev/null
	log_output "$(cat "$TMPD/stream.cli" 2>/dev/null)"
	got=$(stream_received)
	assert_eq "$desc: $STREAM_SIZE bytes arrived" "$got" "$STREAM_SIZE" || ok=1
	assert_eq "$desc: sha256 of what arrived matches what was sent" \
		"$(sha256sum <"$TMPD/stream.recv" 2>/dev/null)" "$STREAM_SUM" || ok=1
	rm -f "$TMPD/stream.send" "$TMPD/stream.recv"
	return $ok
}

# --- dropping packets silently: tc on a device's ingress -----------------------------
#
# tc_drop NS DEV FAMILY PROTO: drops the IPv4 (FAMILY 4) or IPv6 (6)
# packets of IP protocol PROTO (139 HIP, 50 ESP) that arrive on DEV in NS,
# without telling anyone (a lost address check).  tc_drop_all NS DEV drops
# everything that arrives (a silently dead path).  tc_drop_clear NS DEV
# removes them.
tc_drop()
{
	local ns=$1 dev=$2 fam=ip m=ip

	[ "$3" = 6 ] && fam=ipv6 m=ip6
	tc -n "$ns" qdisc add dev "$dev" clsact 2>/dev/null
	tc -n "$ns" filter add dev "$dev" ingress protocol "$fam" prio 1 u32 \
		match "$m" protocol "$4" 0xff action drop
}

tc_drop_all()
{
	local ns=$1 dev=$2

	tc -n "$ns" qdisc add dev "$dev" clsact 2>/dev/null
	tc -n "$ns" filter add dev "$dev" ingress protocol all prio 1 matchall action drop
}

tc_drop_clear()
{
	tc -n "$1" qdisc del dev "$2" clsact 2>/dev/null
	return 0
}

# tc_drops NS DEV: packets the ingress filters of DEV dropped so far
tc_drops()
{
	tc -n "$1" -s filter show dev "$2" ingress 2>/dev/null |
		awk '/Sent .* pkt/ { n += $4 } END { print n + 0 }'
}

# --- a third host on the same link ----------------------------------------------------
#
# hip_topo_third (after hip_topo_setup): ns C (name in $C) joins the link
# between A and B.  B's veth becomes a port of a bridge br0 in B, which
# takes over B's addresses (VETH_B is then br0), and C's veth vc is another
# port of it: A, B and C see each other's packets as on one Ethernet.
#
#   A va ------+                    C  vc  fd00::3/64 10.0.0.3/24
#              |  B: br0 (vb, vbc)  |
#              +--------------------+
LOC6_C=fd00::3
LOC4_C=10.0.0.3

hip_topo_third()
{
	setup_ns C || return
	ip -n "$B" link add br0 type bridge &&
	ip -n "$B" addr flush dev "$VETH_B" &&
	ip -n "$B" link set "$VETH_B" master br0 &&
	ip link add vc netns "$C" type veth peer name vbc netns "$B" &&
	ip -n "$B" link set vbc master br0 &&
	ip -n "$B" link set vbc up &&
	ip -n "$B" link set br0 up &&
	ip -n "$B" addr add "$LOC6_B/64" dev br0 nodad &&
	ip -n "$B" addr add "$LOC4_B/24" dev br0 &&
	ip -n "$C" addr add "$LOC6_C/64" dev vc nodad &&
	ip -n "$C" addr add "$LOC4_C/24" dev vc &&
	ip -n "$C" link set vc up || { fail "third host: bridge in B, C on it"; return 1; }
	VETH_B=br0
	# the bridge forwards once its ports are up (no STP)
	wait_for 50 0.2 ping_ok "$C" "$LOC6_B" || log_info "C cannot reach B yet"
}

# pcap_bytes FILE: packets and bytes (IP and above, as on the wire minus the
# Ethernet header) in a capture: "PACKETS BYTES"
pcap_bytes()
{
	"$PYTHON" -c '
import struct, sys
n = b = 0
with open(sys.argv[1], "rb") as f:
    hdr = f.read(24)
    if len(hdr) == 24:
        end = "<" if hdr[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            _, _, incl, orig = struct.unpack(end + "IIII", rec)
            f.seek(incl, 1)
            n += 1
            b += max(orig - 14, 0)
print(n, b)
' "$1"
}

# --- hosts on one switch ---------------------------------------------------------------
#
# hip_topo_switch H...: one namespace per name H (name in $H) plus SW, whose
# bridge br0 is the switch; H's veth v<h> (lower case) has the address
# $LOC_H/64, and one ECDSA P-256 HI ($TMPD/hi-<h>.pem), whose HIT goes in
# HIT_H.  Fails (or skips without a bridge) the test.
hip_topo_switch()
{
	local h v loc

	setup_ns SW "$@" || exit $?
	ip -n "$SW" link add br0 type bridge && ip -n "$SW" link set br0 up ||
		ksft_skip_now "cannot create a bridge"
	for h in "$@"; do
		v=${h,,}
		loc=LOC_$h
		ip link add "v$v" netns "${!h}" type veth peer name "p$v" netns "$SW" &&
		ip -n "$SW" link set "p$v" master br0 up &&
		ip -n "${!h}" addr add "${!loc}/64" dev "v$v" nodad &&
		ip -n "${!h}" link set "v$v" up || { fail "veth of $h"; hip_test_exit; }
		key_hipctl "hi-$v" ecdsa --curve P-256 || hip_test_exit
		assert_ok "$h: hi add" hipctl -n "${!h}" hi add "$TMPD/hi-$v.pem" || hip_test_exit
		read -r "HIT_$h" < <(hipctl -n "${!h}" hi show | awk '$1 == "hi" { print $2 }')
	done
}

# --- registrations and delegations --------------------------------------------------------

# reg_line NS HIT ROLE: the "reg" line of HIT and ROLE (requester,
# registrar) in "hipctl register show"
reg_line()
{
	hipctl -n "$1" register show 2>/dev/null | awk -v h="$2" -v r="$3" \
		'$1 == "reg" && $2 == h && $4 == r'
}

# reg_state_is NS HIT ROLE STATE
reg_state_is()
{
	reg_line "$1" "$2" "$3" | grep -q " state $4 "
}

# ha_local_hit NS PEER_HIT: the local HIT of NS's association with PEER_HIT
ha_local_hit()
{
	hipctl -n "$1" ha show 2>/dev/null | awk -v p="$2" '$1 == "ha" && $4 == p { print $2; exit }'
}

# cert_serial CHAIN INDEX: the serial of a certificate as "hipctl cert
# verify" prints it
cert_serial()
{
	hipctl cert verify "$1" |
		awk -v i="$2" '$1 == "cert" && $2 == i { for (f = 3; f < NF; f++) if ($f == "serial") print $(f + 1) }'
}
