#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multihoming in the base exchange (RFC 8047 4.2.8, 5.1; RFC 8046 4, 5.1)
# and the local address list that LOCATOR_SETs announce.
#
# Two namespaces joined by two veth pairs, each with an IPv6 and an IPv4
# address on each side:
#
#   A va  fd00::1 10.0.0.1  <->  vb  fd00::2 10.0.0.2  B
#   A va2 fd01::1 10.1.0.1  <->  vb2 fd01::2 10.1.0.2  B
#
# Asserts:
#  - adding the second pair shows up in "hipctl -j monitor" of both
#    namespaces as a laddr event listing all four of its addresses (and
#    no link-local one);
#  - after a base exchange over fd00::1 <-> fd00::2 (the peers know only
#    that locator), "hipctl -j ha show" lists the peer's four addresses:
#    the base exchange address ACTIVE and current, the three others
#    learnt from the R1/I2/R2 LOCATOR_SETs UNVERIFIED, lifetime unbounded;
#    the text listing shows the same; the JSON monitor saw a loc event
#    for the association naming the second-pair address; loc_changes rose;
#    data flows over the current pair (sha256 of a stream over HITs);
#  - removing an address, and taking the second link down, each show up
#    in the monitor as a laddr event without the address(es);
#  - LOCATOR_SETs with a Locator Length that does not match the Locator
#    Type, a zero lifetime, or Locators that do not fill the parameter,
#    in an I1 and in an UPDATE, are each one drop_malformed_param; a
#    well-formed LOCATOR_SET in an I1 is not (and is answered with an R1).

TEST_NAME=bex_multihoming
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping socat ss sha256sum timeout
hip_topo_setup || exit $?

VETH2_A=va2
VETH2_B=vb2
LOC6b_A=fd01::1
LOC6b_B=fd01::2
LOC4b_A=10.1.0.1
LOC4b_B=10.1.0.2

MCGRP=$(ip netns exec "$A" "$PYTHON" "$HIP_SELFTEST_DIR/netlink_craft.py" family |
	json_eval 'd["groups"].get("monitor", 0)')

# subscribed PID: the process has a generic netlink socket that joined the
# monitor group (as monitor.sh checks it)
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

# start_monitor NS FILE: background "hipctl -j monitor", killed on exit
start_monitor()
{
	local pid

	hipctl -n "$1" -j monitor >"$2" 2>"$2.err" &
	pid=$!
	defer kill "$pid"
	if ! [ "$MCGRP" -ge 1 ] 2>/dev/null || [ "$MCGRP" -gt 32 ]; then
		nap 1
	elif ! wait_for 50 0.1 subscribed "$pid"; then
		fail "monitor in $1 did not subscribe"
		return 1
	fi
	pass "monitor in $1 subscribed (pid $pid)"
}

# last_laddr FILE: the addresses of the last laddr event, sorted, one line
last_laddr()
{
	grep '"event": *"laddr"' "$1" | tail -n 1 |
		grep -oE '"addresses": *\[[^]]*\]' | grep -oE '"[0-9a-f.:]+"' |
		tr -d '"' | sort | tr '\n' ' ' | sed 's/ $//'
}

laddr_is()
{
	[ "$(last_laddr "$1")" = "$2" ]
}

sorted()
{
	printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}

start_monitor "$A" "$TMPD/a.json" || hip_test_exit
start_monitor "$B" "$TMPD/b.json" || hip_test_exit

# --- the second pair: local address lists -------------------------------------
if ! ip link add "$VETH2_A" netns "$A" type veth peer name "$VETH2_B" netns "$B"; then
	fail "second veth pair"
	hip_test_exit
fi
ip -n "$A" addr add "$LOC6b_A/64" dev "$VETH2_A" nodad &&
ip -n "$A" addr add "$LOC4b_A/24" dev "$VETH2_A" &&
ip -n "$B" addr add "$LOC6b_B/64" dev "$VETH2_B" nodad &&
ip -n "$B" addr add "$LOC4b_B/24" dev "$VETH2_B" &&
ip -n "$A" link set "$VETH2_A" up &&
ip -n "$B" link set "$VETH2_B" up || fail "second pair addresses"

WANT_A=$(sorted "$LOC6_A" "$LOC4_A" "$LOC6b_A" "$LOC4b_A")
WANT_B=$(sorted "$LOC6_B" "$LOC4_B" "$LOC6b_B" "$LOC4b_B")
if wait_for 100 0.2 laddr_is "$TMPD/a.json" "$WANT_A"; then
	pass "A: monitor laddr event lists its four addresses"
else
	fail "A: last laddr event: '$(last_laddr "$TMPD/a.json")', want '$WANT_A'"
	log_output "$(cat "$TMPD/a.json")"
fi
if wait_for 100 0.2 laddr_is "$TMPD/b.json" "$WANT_B"; then
	pass "B: monitor laddr event lists its four addresses"
else
	fail "B: last laddr event: '$(last_laddr "$TMPD/b.json")', want '$WANT_B'"
fi
assert_eq "A: no link-local address announced" \
	"$(grep '"laddr"' "$TMPD/a.json" | grep -c '"fe80')" 0

# --- the base exchange over the first pair ----------------------------------
stats_save "$A" "$TMPD/a.stats0"
hip_peers_add 6 || hip_test_exit
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "ping $HIT_B answered after ${t}s"
else
	fail "ping $HIT_B: no answer within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10

# locs_of NS PEER_HIT: "ADDR STATE current|- preferred|- LIFETIME" per
# peer locator, sorted
locs_of()
{
	hipctl -n "$1" -j ha show "$2" 2>/dev/null | json_eval '"\n".join(sorted(
		"%s %s %s %d" % (l["address"], l["state"],
				 "current" if l["current"] else "-",
				 l["lifetime"])
		for l in (d[0] if isinstance(d, list) else d).get("peer_locators", [])))'
}

want_locs()
{
	local bex=$1

	shift
	{
		echo "$bex active current 0"
		for a in "$@"; do
			echo "$a unverified - 0"
		done
	} | sort
}

# The R2 (A) and I2 (B) carry the peer's whole list: at most a few
# seconds after ESTABLISHED in the slow VM
locs_are()
{
	[ "$(locs_of "$1" "$2")" = "$3" ]
}

WANT=$(want_locs "$LOC6_B" "$LOC4_B" "$LOC6b_B" "$LOC4b_B")
if wait_for 50 0.2 locs_are "$A" "$HIT_B" "$WANT"; then
	pass "A: ha show -j lists B's four locators, fd00::2 active and current"
else
	fail "A: peer locators of B"
	log_output "got:"$'\n'"$(locs_of "$A" "$HIT_B")"$'\n'"want:"$'\n'"$WANT"
fi
WANT=$(want_locs "$LOC6_A" "$LOC4_A" "$LOC6b_A" "$LOC4b_A")
if wait_for 50 0.2 locs_are "$B" "$HIT_A" "$WANT"; then
	pass "B: ha show -j lists A's four locators, fd00::1 active and current"
else
	fail "B: peer locators of A"
	log_output "got:"$'\n'"$(locs_of "$B" "$HIT_A")"$'\n'"want:"$'\n'"$WANT"
fi
txt=$(hipctl -n "$A" ha show "$HIT_B")
assert_match "A: text lists the second-pair locator unverified" "$txt" \
	"peer-locator $LOC6b_B unverified lifetime unbounded"
assert_match "A: text marks the current locator" "$txt" \
	"peer-locator $LOC6_B active lifetime unbounded age [0-9]+s current"
assert_eq "A: current pair unchanged" \
	"$(ha_field "$A" "$HIT_B" local_locator) $(ha_field "$A" "$HIT_B" peer_locator)" \
	"$LOC6_A $LOC6_B"
assert_stat_rises "A: the peer's LOCATOR_SET was applied" "$TMPD/a.stats0" "$A" loc_changes
if grep '"event": *"loc"' "$TMPD/a.json" | grep "\"$HIT_B\"" | grep -q "\"$LOC6b_B\""; then
	pass "A: monitor loc event for B names $LOC6b_B"
else
	fail "A: no loc event for B naming $LOC6b_B"
	log_output "$(cat "$TMPD/a.json")"
fi

# data over the current pair, integrity checked
listening()
{
	ip netns exec "$1" ss -Hlnt "sport = :$2" | grep -q .
}
head -c 128K /dev/urandom >"$TMPD/send"
ip netns exec "$B" timeout 120 socat -u "TCP6-LISTEN:5001,bind=[$HIT_B],reuseaddr" \
	"CREATE:$TMPD/recv" 2>"$TMPD/socat-b.err" &
srv=$!
defer kill "$srv"
wait_for 100 0.1 listening "$B" 5001 || log_info "socat not listening"
assert_ok "128 kB over TCP to HIT_B" \
	ip netns exec "$A" timeout 120 socat -u "OPEN:$TMPD/send" "TCP6:[$HIT_B]:5001"
wait "$srv"
assert_eq "data intact (sha256)" "$(sha256sum <"$TMPD/recv" 2>/dev/null)" \
	"$(sha256sum <"$TMPD/send")"

# --- address removal and link down -------------------------------------------
ip -n "$A" addr del "$LOC4b_A/24" dev "$VETH2_A"
WANT_A=$(sorted "$LOC6_A" "$LOC4_A" "$LOC6b_A")
if wait_for 100 0.2 laddr_is "$TMPD/a.json" "$WANT_A"; then
	pass "A: monitor laddr event after removing $LOC4b_A"
else
	fail "A: after addr del: '$(last_laddr "$TMPD/a.json")', want '$WANT_A'"
fi
ip -n "$B" link set "$VETH2_B" down
WANT_B=$(sorted "$LOC6_B" "$LOC4_B")
if wait_for 100 0.2 laddr_is "$TMPD/b.json" "$WANT_B"; then
	pass "B: monitor laddr event without the addresses of the downed link"
else
	fail "B: after link down: '$(last_laddr "$TMPD/b.json")', want '$WANT_B'"
fi

# --- malformed LOCATOR_SETs are counted drops --------------------------------
stats_save "$B" "$TMPD/b.stats1"
craft "$A" batch >"$TMPD/craft.out" 2>&1 <<EOF
send i1-locator-bad-len --src $LOC6_A --dst $LOC6_B --shit 2001:2f::1 --rhit $HIT_B
send i1-locator-bad-lifetime --src $LOC6_A --dst $LOC6_B --shit 2001:2f::1 --rhit $HIT_B
send i1-locator-bad-fill --src $LOC6_A --dst $LOC6_B --shit 2001:2f::1 --rhit $HIT_B
send update-locator-bad-len --src $LOC6_A --dst $LOC6_B --shit $HIT_A --rhit $HIT_B
send update-locator-bad-fill --src $LOC6_A --dst $LOC6_B --shit $HIT_A --rhit $HIT_B
EOF
[ "$(grep -c '^sent 1 ' "$TMPD/craft.out")" = 5 ] || {
	fail "hip_craft.py batch"
	log_output "$(cat "$TMPD/craft.out")"
}
five() { [ "$(stat_delta "$TMPD/b.stats1" "$B" drop_malformed_param)" -ge 5 ]; }
wait_for 50 0.2 five
assert_eq "B: five malformed LOCATOR_SETs, five drop_malformed_param" \
	"$(stat_delta "$TMPD/b.stats1" "$B" drop_malformed_param)" 5
assert_eq "B: no R1 for the malformed I1s" \
	"$(stat_delta "$TMPD/b.stats1" "$B" r1_out)" 0
stats_save "$B" "$TMPD/b.stats2"
craft "$A" send i1-locator-good --src "$LOC6_A" --dst "$LOC6_B" --shit 2001:2f::1 \
	--rhit "$HIT_B" >/dev/null
r1_sent() { [ "$(stat_delta "$TMPD/b.stats2" "$B" r1_out)" -ge 1 ]; }
if wait_for 50 0.2 r1_sent; then
	pass "B: an I1 with a well-formed LOCATOR_SET is answered with an R1"
else
	fail "B: no R1 for the I1 with a well-formed LOCATOR_SET"
fi
assert_eq "B: ... and it is no malformed-parameter drop" \
	"$(stat_delta "$TMPD/b.stats2" "$B" drop_malformed_param)" 0
assert_eq "B: association still ESTABLISHED" "$(ha_state "$B" "$HIT_A")" ESTABLISHED

hip_test_exit
