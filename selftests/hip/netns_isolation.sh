#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host identities are per network namespace.
#
#   +----------------------+   +----------------------+   +----------------+
#   | ns A                 |   | ns B                 |   | test's own ns  |
#   |  HIs a1, a2, ...     |   |  sees none of A's;   |   |  sees none of  |
#   |  up to 64, then      |   |  may hold the same   |   |  A's HIs       |
#   |  ENOSPC              |   |  key; own limit      |   |                |
#   +----------------------+   +----------------------+   +----------------+
#            |  ip netns del A
#            v
#   the hip_hi objects of A are freed (exact count from the slab), and a
#   module reload reports "0 objects live".
#
# Asserts: an HI added in A is invisible in B (hi show empty, hi show/del/set
# of A's HIT fail with ENOENT), the same key can live in A and B at once,
# the 64-HI limit is per namespace, deleting ns A frees its HIs.

TEST_NAME=netns_isolation
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
setup_ns A B || exit $?

key_hipctl a1 rsa --bits 2048 || hip_test_exit
key_hipctl a2 ecdsa --curve P-256 || hip_test_exit
key_hipctl b1 ecdsa --curve P-384 || hip_test_exit
A1=$(hit_of "$TMPD/a1.pem")
A2=$(hit_of "$TMPD/a2.pem")

base=$(hip_hi_objects)
log_info "hip_hi objects before: $base"

assert_ok "add a1 in A" hipctl -n "$A" hi add "$TMPD/a1.pem"
assert_ok "add a2 in A" hipctl -n "$A" hi add "$TMPD/a2.pem"
assert_eq "A lists 2 HIs" "$(hi_count "$A")" 2

# --- B sees nothing of A ------------------------------------------------------
run hipctl -n "$B" hi show
assert_eq "B: hi show prints nothing" "$RC:$OUT" "0:"
assert_eq "B: hi show -j is []" "$(hi_json "$B" | json_eval 'd')" "[]"
assert_hipctl_error "B: hi show A's HIT fails" 1 'No such file or directory' \
	hipctl -n "$B" hi show "$A1"
assert_hipctl_error "B: hi del A's HIT fails" 1 '^hipctl: hi del: .*No such file or directory\)?$' \
	hipctl -n "$B" hi del "$A1"
assert_hipctl_error "B: hi set A's HIT default fails" 1 \
	'^hipctl: hi set: .*No such file or directory\)?$' \
	hipctl -n "$B" hi set "$A2" default
assert_eq "A still lists a1, a2 with a1 default" \
	"$(hi_json "$A" | json_eval '" ".join(sorted(h["hit"] + ("*" if h["default"] else "") for h in d))')" \
	"$("$PYTHON" -c 'import sys; print(" ".join(sorted(sys.argv[1:])))' "$A1*" "$A2")"
run hipctl -j hi show
assert_eq "the test's own netns does not list A's HIs" \
	"$(json_eval "[h for h in d if h['hit'] in ('$A1', '$A2')]" <<<"$OUT")" "[]"

# --- the same key in two namespaces -----------------------------------------------
assert_ok "B: add a2 (already in A)" hipctl -n "$B" hi add "$TMPD/a2.pem"
assert_eq "B: a2 is B's default" "$(hi_default "$B")" "$A2"
assert_ok "B: delete a2" hipctl -n "$B" hi del "$A2"
assert_eq "A: a2 still there" "$(hi_json "$A" | json_eval "len([h for h in d if h['hit'] == '$A2'])")" 1

# --- the 64-HI limit is per namespace -------------------------------------------
fill_ok=1
for ((i = 3; i <= 64; i++)); do
	if ! hipctl keygen ecdsa -o "$TMPD/f$i.pem" >/dev/null ||
	   ! hipctl -n "$A" hi add "$TMPD/f$i.pem"; then
		fill_ok=0
		fail "A: adding HI number $i"
		break
	fi
done
[ $fill_ok -eq 1 ] && pass "A: 64 HIs added"
assert_eq "A lists 64 HIs" "$(hi_count "$A")" 64
hipctl keygen ecdsa -o "$TMPD/f65.pem" >/dev/null
assert_hipctl_error "A: HI number 65 refused with ENOSPC" 1 \
	'^hipctl: hi add: .*No space left on device\)?$' \
	hipctl -n "$A" hi add "$TMPD/f65.pem"
assert_ok "B: can still add while A is full" hipctl -n "$B" hi add "$TMPD/b1.pem"

# --- deleting ns A frees its HIs ---------------------------------------------------
if [[ "$base" =~ ^[0-9]+$ ]]; then
	n=$(hip_hi_objects)
	assert_eq "hip_hi objects: before + 64 (A) + 1 (B)" "$n" "$((base + 65))"
	cleanup_ns "$A"
	# The namespace is dismantled asynchronously (cleanup_net), after an
	# RCU barrier and the work its R1s, registrations and associations
	# still have on the hip workqueue: allow a loaded 2-core machine 60 s
	wait_for 600 0.1 hip_hi_count_is $((base + 1))
	assert_eq "ip netns del A freed A's 64 HIs" "$(hip_hi_objects)" "$((base + 1))"
else
	fail "cannot count hip_hi objects ($base)"
	cleanup_ns "$A"
fi
assert_eq "B unaffected by A's death" "$(hi_count "$B")" 1

# --- and the module agrees when it goes away --------------------------------------
cleanup_ns "$B"
mark=$(kmsg_mark rmmod)
if assert_ok "rmmod hip" hip_module_unload; then
	log=$(kmsg_since "$mark")
	assert_match "module reports 0 objects live" "$log" 'hip: module unloaded, 0 objects live'
	assert_eq "nothing leaked" "$(grep -c leaked <<<"$log")" 0
fi
assert_ok "insmod hip.ko again" hip_module_load

hip_test_exit
