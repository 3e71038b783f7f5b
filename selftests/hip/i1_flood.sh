#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10,000 spoofed I1s make the responder send R1s but keep no state.
#
#   ns A: hip_craft.py flood                    ns B: responder (HIT_B)
#     5000 I1s from fd00::1 (raw socket), each from a random sender HIT
#     5000 I1s from random fd01::/64 addresses (Ethernet frames on va),
#          each from a random sender HIT; B routes fd01::/64 via A, which
#          drops the R1s (no forwarding)
#
# Asserts: B lists no association (during and after the flood) and no peer
# besides A; B's i1_in rose by at least 99% of the I1s sent (the rest may
# be lost in the veth backlog) and at most by their number; r1_out rose,
# by no more than i1_in; the R1 rate limit (RFC 7401 6.7, r1.c: 200 R1s
# at once, then 200/s) held: r1_out rose by at most 200 + 200/s over the
# flood, r1_ratelimited rose, and every I1 got an R1 or was rate-limited
# (r1_out + r1_ratelimited = i1_in); no hip* slab cache grew by more than 64 objects
# and SUnreclaim by no more than 2 MB (10,000 associations would take
# several MB); afterwards a real base exchange between A and B works.

TEST_NAME=i1_flood
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

N=${HIP_FLOOD_COUNT:-10000}
SUNRECLAIM_BOUND_KB=${HIP_FLOOD_SUNRECLAIM_KB:-2048}
SLAB_BOUND=64

hip_test_init
require_command ping
hip_topo_setup || exit $?
# only B knows its peer: A's HA must come from a real exchange later
assert_ok "B: peer add A" hipctl -n "$B" peer add "$HIT_A" lsi "$LSI_A" locator "$LOC6_A"
ip -n "$B" -6 route add fd01::/64 via "$LOC6_A" dev "$VETH_B" ||
	{ fail "route fd01::/64 in B"; hip_test_exit; }
MAC_B=$(ip -n "$B" link show "$VETH_B" | awk '$1 == "link/ether" { print $2 }')

# hip_slab_objects: "name active_objs" of every slab cache whose name
# starts with "hip", after shrinking it (exact counts, see hip_hi_objects)
hip_slab_objects()
{
	local d n

	for d in /sys/kernel/slab/hip*; do
		[ -d "$d" ] || continue
		echo 1 >"$d/shrink" 2>/dev/null
		read -r n _ <"$d/objects"
		echo "${d##*/} $n"
	done
}

shrink_all()
{
	local f

	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
}

# warm up the responder path (the R1 may be precomputed lazily)
craft "$A" send i1 --src "$LOC6_A" --dst "$LOC6_B" --shit 2001:2f::1 --rhit "$HIT_B" >/dev/null
nap 1
shrink_all
slab_before=$(hip_slab_objects)
sun_before=$(sunreclaim_kb)
stats_save "$B" "$TMPD/b.stats"
log_info "hip slab caches before: $(tr '\n' ' ' <<<"$slab_before")"

half=$((N / 2))
t0=$SECONDS
run craft "$A" flood --src "$LOC6_A" --dst "$LOC6_B" --rhit "$HIT_B" --count "$half"
assert_eq "flood from fd00::1 sent" "$RC:$OUT" "0:sent $half I1s to $HIT_B"
log_output "$ERR"
assert_eq "B: no association after $half I1s" "$(ha_count "$B")" 0
run craft "$A" flood --ifname "$VETH_A" --dst-mac "$MAC_B" --src-prefix fd01::/64 \
	--dst "$LOC6_B" --rhit "$HIT_B" --count $((N - half))
assert_eq "flood from random fd01::/64 addresses sent" "$RC:$OUT" "0:sent $((N - half)) I1s to $HIT_B"
log_output "$ERR"
log_info "flood: $((SECONDS - t0)) s"

i1_settled()
{
	local a b

	a=$(stat_of "$B" i1_in)
	nap 0.5
	b=$(stat_of "$B" i1_in)
	[ "$a" = "$b" ]
}
wait_for 60 0.5 i1_settled
flood_s=$((SECONDS - t0))
i1=$(stat_delta "$TMPD/b.stats" "$B" i1_in)
r1=$(stat_delta "$TMPD/b.stats" "$B" r1_out)
rl=$(stat_delta "$TMPD/b.stats" "$B" r1_ratelimited)
log_info "B: i1_in +$i1 r1_out +$r1 (sent $N)"
log_output "$(hipctl -n "$B" stats | awk '$2 != 0')"
if [ "$i1" -ge $((N * 99 / 100)) ] && [ "$i1" -le "$N" ]; then
	pass "B: i1_in +$i1 for $N I1s sent"
else
	fail "B: i1_in +$i1 for $N I1s sent (want $((N * 99 / 100))..$N)"
	log_info "softnet_stat (processed dropped ...): $(awk '{ print $1, $2 }' /proc/net/softnet_stat | tr '\n' ' ')"
fi
if [ "$r1" -ge 1 ] && [ "$r1" -le "$i1" ]; then
	pass "B: r1_out +$r1 (1..i1_in)"
else
	fail "B: r1_out +$r1, want 1..$i1"
fi
# R1 rate limit: HIP_R1_BURST 200, HIP_R1_RATE 200/s (net/hip/proto.h)
r1_max=$((200 + 200 * (flood_s + 1)))
if [ "$r1" -le "$r1_max" ] && [ "$rl" -ge 1 ] && [ $((r1 + rl)) -eq "$i1" ]; then
	pass "B: R1s rate-limited: r1_out +$r1 <= $r1_max in ${flood_s}s, r1_ratelimited +$rl"
else
	fail "B: R1 rate limit: r1_out +$r1 (max $r1_max in ${flood_s}s), r1_ratelimited +$rl, i1_in +$i1"
fi

assert_eq "B: no association after $N I1s" "$(hipctl -n "$B" ha show)" ""
assert_eq "B: peers unchanged (only A)" \
	"$(hipctl -n "$B" peer show | awk '{ print $2 }')" "$HIT_A"

# memory: no per-I1 state
shrink_all
nap 1
shrink_all
slab_after=$(hip_slab_objects)
sun_after=$(sunreclaim_kb)
log_info "hip slab caches after: $(tr '\n' ' ' <<<"$slab_after")"
grown=$(awk -v bound=$SLAB_BOUND 'NR == FNR { b[$1] = $2; next }
	$2 - b[$1] > bound { print $1, b[$1] + 0, "->", $2 }' \
	<(echo "$slab_before") <(echo "$slab_after"))
assert_eq "no hip slab cache grew by more than $SLAB_BOUND objects" "$grown" ""
d=$((sun_after - sun_before))
if [ "$d" -le "$SUNRECLAIM_BOUND_KB" ]; then
	pass "SUnreclaim grew by $d kB (bound $SUNRECLAIM_BOUND_KB kB)"
else
	fail "SUnreclaim grew by $d kB over the flood (bound $SUNRECLAIM_BOUND_KB kB)"
fi

# the responder still works
assert_ok "A: peer add B" hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" locator "$LOC6_B"
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "a real base exchange after the flood (${t}s)"
else
	fail "no base exchange after the flood"
fi
wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
assert_eq "B: exactly one association, with A" \
	"$(hipctl -n "$B" ha show | awk '$1 == "ha" { print $4, $6 }')" "$HIT_A ESTABLISHED"

hip_test_exit
