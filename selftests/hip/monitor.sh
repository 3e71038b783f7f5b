#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "hipctl monitor" receives the events of its own namespace, and only those.
#
#   +-------------------------------+      +-------------------------------+
#   | ns A                          |      | ns B                          |
#   |  hipctl -j monitor > a.json   |      |  hipctl -j monitor > b.json   |
#   |  hipctl monitor    > a.txt    |      |                               |
#   |  add k1, add k2, set k2 dflt, |      |  (after A is done) add k3     |
#   |  set k2 dflt again, del k2,   |      |                               |
#   |  del k1                       |      |                               |
#   +-------------------------------+      +-------------------------------+
#
# A's JSON monitor sees exactly, in order:
#   hi-add k1, hi-default k1      (the first HI becomes the default)
#   hi-add k2
#   hi-default k2                 (hi set; setting it again sends nothing)
#   hi-del k2, hi-default k1      (deleting the default promotes k1)
#   hi-del k1
# each line a JSON object {"event", "hi"} whose "hi" matches "hi show -j".
# The text monitor prints the same events as "hi add/default/del" lines.
# B's monitor sees nothing of A's actions, then hi-add k3, hi-default k3
# (which also proves it was listening all along).

TEST_NAME=monitor
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
setup_ns A B || exit $?

key_hipctl k1 ecdsa --curve P-256 || hip_test_exit
key_hipctl k2 rsa --bits 2048 || hip_test_exit
key_hipctl k3 ecdsa --curve P-384 || hip_test_exit
K1=$(hit_of "$TMPD/k1.pem")
K2=$(hit_of "$TMPD/k2.pem")
K3=$(hit_of "$TMPD/k3.pem")

MCGRP=$(ip netns exec "$A" "$PYTHON" "$HIP_SELFTEST_DIR/netlink_craft.py" family |
	json_eval 'd["groups"].get("monitor", 0)')
log_info "monitor multicast group id: $MCGRP"

# subscribed PID: the process has a generic netlink socket that joined the
# monitor group (/proc/PID/net/netlink shows groups 1..32 only).
subscribed()
{
	local pid=$1 inodes sk eth port groups rest inode

	inodes=" $(ls -l "/proc/$pid/fd" 2>/dev/null |
		sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')"
	while read -r sk eth port groups rest; do
		inode=${rest##* }
		[ "$eth" = 16 ] && [[ "$inodes" == *" $inode "* ]] &&
			(( 0x$groups & (1 << (MCGRP - 1)) )) && return 0
	done <"/proc/$pid/net/netlink"
	return 1
}

# wait_subscribed PID: 5 s at most; for a group id above 32, just give the
# monitor a second.
wait_subscribed()
{
	if ! [ "$MCGRP" -ge 1 ] 2>/dev/null || [ "$MCGRP" -gt 32 ]; then
		nap 1
		return 0
	fi
	wait_for 50 0.1 subscribed "$1"
}

# start_monitor NS FILE [ARGS]: background hipctl monitor, killed on exit.
start_monitor()
{
	local ns=$1 file=$2 pid

	shift 2
	hipctl -n "$ns" "$@" monitor >"$file" 2>"$file.err" &
	pid=$!
	defer kill "$pid"
	if wait_subscribed "$pid"; then
		pass "monitor $* in $ns subscribed (pid $pid)"
	else
		fail "monitor $* in $ns did not subscribe"
		log_output "$(cat "$file.err")"
	fi
	echo "$pid" >"$file.pid"
}

# has_lines FILE N: FILE has at least N lines.
has_lines()
{
	[ "$(grep -c '' "$1")" -ge "$2" ]
}

start_monitor "$A" "$TMPD/a.json" -j
start_monitor "$A" "$TMPD/a.txt"
start_monitor "$B" "$TMPD/b.json" -j

assert_ok "A: add k1" hipctl -n "$A" hi add "$TMPD/k1.pem"
assert_ok "A: add k2" hipctl -n "$A" hi add "$TMPD/k2.pem"
show_k1=$(hi_json "$A" | json_eval "[h for h in d if h['hit'] == '$K1'][0]")
show_k2=$(hi_json "$A" | json_eval "[h for h in d if h['hit'] == '$K2'][0]")
assert_ok "A: set k2 default" hipctl -n "$A" hi set "$K2" default
assert_ok "A: set k2 default again" hipctl -n "$A" hi set "$K2" default
assert_ok "A: del k2 (the default)" hipctl -n "$A" hi del "$K2"
assert_ok "A: del k1" hipctl -n "$A" hi del "$K1"

WANT_A="hi-add $K1
hi-default $K1
hi-add $K2
hi-default $K2
hi-del $K2
hi-default $K1
hi-del $K1"
wait_for 50 0.1 has_lines "$TMPD/a.json" 7
wait_for 50 0.1 has_lines "$TMPD/a.txt" 7
nap 0.3	# anything extra would arrive now
assert_eq "A: JSON monitor saw exactly the expected events, in order" \
	"$(monitor_events "$TMPD/a.json")" "$WANT_A"

# the HI carried by the first hi-add events is the one hi show lists
ev_k1=$(grep -m1 '"hi-add"' "$TMPD/a.json")
ev_k2=$(sed -n '3p' "$TMPD/a.json")
assert_json_fields "A: hi-add k1 carries the HI as hi show -j shows it" \
	"$(json_eval 'd["hi"]' <<<"$ev_k1")" "$show_k1" \
	hit lsi algo bits curve hit_suite pubkey
assert_json_fields "A: hi-add k2 carries the HI as hi show -j shows it" \
	"$(json_eval 'd["hi"]' <<<"$ev_k2")" "$show_k2" \
	hit lsi algo bits curve hit_suite pubkey

# the text monitor
txt=$(cat "$TMPD/a.txt")
lsi1=$(json_eval 'd["lsi"]' <<<"$show_k1")
assert_match "A: text monitor: hi add line with the hi show fields" "$txt" \
	"(^|"$'\n'")hi add $K1 lsi $lsi1 algo ecdsa curve P-256 bits 256 suite 2( default)?("$'\n'"|$)"
assert_eq "A: text monitor: event kinds and HITs, in order" \
	"$(awk '{ print $1 " " $2 " " $3 }' "$TMPD/a.txt")" \
	"$(sed 's/^hi-\([a-z]*\) /hi \1 /' <<<"$WANT_A")"

# B heard nothing of A; then its own event proves it was listening
assert_eq "B: no events from A's actions" "$(cat "$TMPD/b.json")" ""
assert_ok "B: add k3" hipctl -n "$B" hi add "$TMPD/k3.pem"
wait_for 50 0.1 has_lines "$TMPD/b.json" 2
nap 0.3
assert_eq "B: its own events only" "$(monitor_events "$TMPD/b.json")" \
	"hi-add $K3
hi-default $K3"
assert_eq "A: nothing from B's action" "$(monitor_events "$TMPD/a.json")" "$WANT_A"

for f in a.json a.txt b.json; do
	pid=$(cat "$TMPD/$f.pid")
	if kill -0 "$pid" 2>/dev/null; then
		pass "monitor $f still running"
	else
		fail "monitor $f exited early"
		log_output "$(cat "$TMPD/$f.err")"
	fi
	assert_eq "monitor $f: nothing on stderr" "$(cat "$TMPD/$f.err")" ""
done

hip_test_exit
