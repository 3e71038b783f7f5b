#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The base exchange and ESP over IPv6 and IPv4 locators, for HITs and LSIs.
#
#   phase      peer locators        application traffic   carried over
#   v6-hit     fd00::1 / fd00::2    ping6 HIT_B           IPv6
#   v4-hit     10.0.0.1 / 10.0.0.2  ping6 HIT_B           IPv4 (IPv6 inside IPv4)
#   v6-lsi     fd00::1 / fd00::2    ping LSI_B            IPv6 (IPv4 inside IPv6)
#   v4-lsi     10.0.0.1 / 10.0.0.2  ping LSI_B            IPv4
#   pref-4     10.0.0.2, fd00::2    ping6 HIT_B           IPv4 (first locator)
#
# Each phase starts from no association (peer del on both sides, then peer
# add with the phase's locators) and captures A's veth.  Asserts per phase:
# the ping is answered, both sides are ESTABLISHED with the expected
# local/peer locators, and the capture holds HIP control packets (I1, R1,
# I2, R2, checksums good) and ESP packets over the expected IP version
# only, from the expected addresses, and no packet with a HIT or LSI in
# its IP header (no cleartext application traffic).

TEST_NAME=bex_locators
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tcpdump
hip_topo_setup || exit $?

no_ha()
{
	[ "$(ha_count "$A")/$(ha_count "$B")" = 0/0 ]
}

# phase NAME LOCATORS DEST IPVER
phase()
{
	local name=$1 locs=$2 dest=$3 ver=$4 la lb pcap=$TMPD/$1.pcap t ty s d list bad

	if [ "$ver" = 6 ]; then la=$LOC6_A lb=$LOC6_B; else la=$LOC4_A lb=$LOC4_B; fi
	hipctl -n "$A" peer del "$HIT_B" >/dev/null 2>&1
	hipctl -n "$B" peer del "$HIT_A" >/dev/null 2>&1
	if ! wait_for 50 0.2 no_ha; then
		fail "$name: associations left after peer del: $(ha_count "$A")/$(ha_count "$B")"
		return 1
	fi
	hip_peers_add "$locs" || return 1
	capture_start "$A" "$VETH_A" "$pcap" || { fail "$name: tcpdump"; return 1; }
	if t=$(hip_bex_ping "$A" "$dest"); then
		pass "$name: ping $dest answered after ${t}s"
	else
		fail "$name: ping $dest: no answer within ${HIP_BEX_TIMEOUT}s"
		capture_stop
		log_output "$(hipctl -n "$A" ha show 2>&1)"
		return 1
	fi
	assert_ok "$name: 3 more echoes" ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$dest"
	capture_stop
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 10
	assert_eq "$name: A locators" \
		"$(ha_field "$A" "$HIT_B" local_locator) $(ha_field "$A" "$HIT_B" peer_locator)" "$la $lb"
	assert_eq "$name: B locators" \
		"$(ha_field "$B" "$HIT_A" local_locator) $(ha_field "$B" "$HIT_A" peer_locator)" "$lb $la"
	assert_eq "$name: both ESTABLISHED" \
		"$(ha_state "$A" "$HIT_B") $(ha_state "$B" "$HIT_A")" "ESTABLISHED ESTABLISHED"

	list=$(craft "$A" list --pcap "$pcap")
	# I1 and I2 from A, R1 and R2 from B, all over the locators
	for t in "i1 $la $lb" "r1 $lb $la" "i2 $la $lb" "r2 $lb $la"; do
		read -r ty s d <<<"$t"
		if grep -qE "^[0-9]+ ipv$ver $s > $d hip $ty csum ok" <<<"$list"; then
			pass "$name: $ty over IPv$ver $s > $d, checksum good"
		else
			fail "$name: no $ty over IPv$ver $s > $d with a good checksum"
			log_output "$list"
		fi
	done
	assert_match "$name: ESP A > B over IPv$ver" "$list" "ipv$ver $la > $lb esp spi"
	assert_match "$name: ESP B > A over IPv$ver" "$list" "ipv$ver $lb > $la esp spi"
	bad=$(grep -E ' (hip|esp) ' <<<"$list" | grep -v "ipv$ver ")
	assert_eq "$name: no HIP or ESP over the other IP version" "$bad" ""
	bad=$(grep -F -e " $HIT_A " -e " $HIT_B " -e " $LSI_A " -e " $LSI_B " <<<"$list")
	assert_eq "$name: no packet with a HIT or LSI in its IP header on the wire" "$bad" ""
}

phase v6-hit 6 "$HIT_B" 6
phase v4-hit 4 "$HIT_B" 4
phase v6-lsi 6 "$LSI_B" 6
phase v4-lsi 4 "$LSI_B" 4
phase pref-4 46 "$HIT_B" 4

# the peer entry lists both locators, in the order given
out=$(hipctl -n "$A" peer show "$HIT_B")
assert_eq "A: peer show lists LSI and locators in order" "$out" \
	"peer $HIT_B lsi $LSI_B locator $LOC4_B locator $LOC6_B"

hip_test_exit
