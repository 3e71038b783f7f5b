#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod with live associations and traffic in flight is clean.
#
#   cycle 1: A and B ESTABLISHED, ping and a TCP stream running over HITs;
#            rmmod hip with both namespaces alive
#   cycle 2: the same, then ip netns del A B and rmmod at once (racing the
#            namespace cleanup)
#
# After each rmmod: it succeeded, the kernel log says "hip: module
# unloaded, 0 objects live" and nothing about leaks, BUG or WARNING (the
# harness also scans the console for splats), no hip slab cache is left.
# After cycle 1's insmod the surviving namespaces have a fresh hip0 and no
# association.  Leaves the module loaded.

TEST_NAME=rmmod_live
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping socat
[ -n "${HIP_KO:-}" ] || ksft_skip_now "HIP_KO not set, cannot reload the module"

# live_traffic: a ping flood-ish and a TCP stream from A to B (killed on exit)
live_traffic()
{
	local pid

	ip netns exec "$B" socat -u "TCP6-LISTEN:5001,bind=[$HIT_B],reuseaddr" \
		OPEN:/dev/null >/dev/null 2>&1 &
	defer kill $!
	nap 1
	ip netns exec "$A" socat -u /dev/zero "TCP6:[$HIT_B]:5001" >/dev/null 2>&1 &
	pid=$!
	defer kill "$pid"
	ip netns exec "$A" ping -q -i 0.05 "$HIT_B" >/dev/null 2>&1 &
	defer kill $!
	ip netns exec "$B" ping -q -i 0.05 "$LSI_A" >/dev/null 2>&1 &
	defer kill $!
	nap 2
}

establish()
{
	local t

	hip_topo_setup || return 1
	hip_peers_add 64 || return 1
	if t=$(hip_bex_ping "$A" "$HIT_B"); then
		pass "$1: base exchange (${t}s)"
	else
		fail "$1: no base exchange within ${HIP_BEX_TIMEOUT}s"
		return 1
	fi
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 20
	live_traffic
	assert_eq "$1: both ESTABLISHED with traffic running" \
		"$(ha_state "$A" "$HIT_B")/$(ha_state "$B" "$HIT_A")" ESTABLISHED/ESTABLISHED
}

unload_checked()
{
	local what=$1 mark out log

	mark=$(kmsg_mark "rmmod $what")
	if ! out=$(hip_module_unload 2>&1); then
		fail "$what: rmmod hip: $out"
		return 1
	fi
	pass "$what: rmmod hip"
	log=$(kmsg_since "$mark")
	if grep -q 'hip: module unloaded, 0 objects live' <<<"$log"; then
		pass "$what: 'hip: module unloaded, 0 objects live'"
	else
		fail "$what: no 'hip: module unloaded, 0 objects live' in the kernel log"
		log_output "$log"
	fi
	if grep -qE 'leaked|still has objects|BUG|WARNING|Oops|refcount' <<<"$log"; then
		fail "$what: leak or splat in the kernel log"
		log_output "$log"
	else
		pass "$what: no leak or splat in the kernel log"
	fi
	assert_eq "$what: no hip slab cache left" "$(ls -d /sys/kernel/slab/hip* 2>/dev/null)" ""
}

reload()
{
	local mark

	mark=$(kmsg_mark "insmod $1")
	assert_ok "$1: insmod" hip_module_load || return 1
	kmsg_since "$mark" | grep -q 'hip: loaded' ||
		fail "$1: no 'hip: loaded' banner after insmod"
}

# --- cycle 1: namespaces alive -----------------------------------------------------------------
if establish "cycle 1"; then
	unload_checked "cycle 1 (namespaces alive)"
	defer_run	# stop the traffic generators
	reload "cycle 1"
	assert_ok "cycle 1: A has a new hip0" ip -n "$A" link show dev hip0
	assert_eq "cycle 1: hip0 of A carries no HIT" \
		"$(ip -n "$A" -6 addr show dev hip0 | grep -c "$HIT_A")" 0
	assert_eq "cycle 1: A has no association after the reload" "$(ha_count "$A")" 0
	assert_eq "cycle 1: A has no HI after the reload" "$(hi_count "$A")" 0
fi
defer_run
cleanup_all_ns

# --- cycle 2: namespaces deleted, rmmod racing their cleanup ----------------------------------------
if establish "cycle 2"; then
	# traffic keeps running until cleanup_ns kills it with the namespaces
	cleanup_ns "$A" "$B" &
	unload_checked "cycle 2 (namespaces being deleted)"
	wait
	reload "cycle 2"
fi

hip_test_exit
