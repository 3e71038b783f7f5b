#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DH group negotiation between two hip.ko (RFC 7401 sections 5.2.6, 6.7
# step 4, 6.8 step 7, 4.1.3), and DH group 3 (MODP-1536, 5.2.7).
#
#   ns A --- veth, IPv6 locators --- ns B, each with "config set dh-group"
#
#   1. A prefers P-384, B MODP-3072; A pings B.  B, the Responder, picks
#      the first group of ITS list that A offered: MODP-3072 (4).  A checks
#      that this is B's best choice and goes on.  Both list dh 4.
#   2. Same preferences, B pings A: A is the Responder and picks P-384 (8).
#   3. Both prefer MODP-1536: the exchange runs with group 3.
#   4. "config show" reports the preference; "config set dh-group
#      modp1536" is accepted by hipctl's name table.
# No exchange is dropped for a DH mismatch (drop_negotiation stays 0).

TEST_NAME=bex_dh_group
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping

# dh_case NAME PREF_A PREF_B INITIATOR WANT: fresh namespaces, the two
# preferences, a base exchange started by INITIATOR (A or B), then both
# sides must list DH group WANT.
dh_case()
{
	local name=$1 pa=$2 pb=$3 who=$4 want=$5 other dst t got_a got_b

	hip_topo_setup || return 1
	hip_peers_add 6 || return 1
	# config set returns once the R1s carry the new DH_GROUP_LIST
	assert_ok "$name: A config set dh-group $pa" \
		hipctl -n "$A" config set dh-group "$pa" || return 1
	assert_ok "$name: B config set dh-group $pb" \
		hipctl -n "$B" config set dh-group "$pb" || return 1
	stats_save "$A" "$TMPD/a.stats"
	stats_save "$B" "$TMPD/b.stats"
	if [ "$who" = A ]; then
		other=B dst=$HIT_B
	else
		other=A dst=$HIT_A
	fi
	if t=$(hip_bex_ping "${!who}" "$dst"); then
		pass "$name: $who pings $other, answered after ${t}s"
	else
		fail "$name: $who pings $other: no answer"
		log_output "$(hipctl -n "$A" stats | awk '$2 != 0')"
		log_output "$(hipctl -n "$B" stats | awk '$2 != 0')"
		return 1
	fi
	got_a=$(ha_field "$A" "$HIT_B" dh_group)
	got_b=$(ha_field "$B" "$HIT_A" dh_group)
	assert_eq "$name: DH group on A and B" "$got_a $got_b" "$want $want"
	assert_eq "$name: no drop_negotiation on A/B" \
		"$(stat_delta "$TMPD/a.stats" "$A" drop_negotiation) $(stat_delta "$TMPD/b.stats" "$B" drop_negotiation)" \
		"0 0"
	cleanup_all_ns
}

dh_case "responder's order (A initiates)" p384 modp3072 A 4
dh_case "responder's order (B initiates)" p384 modp3072 B 8
dh_case "group 3" modp1536 modp1536 A 3

# the preference as "config show" reports it
setup_ns C || hip_test_exit
assert_ok "C: config set dh-group modp1536" hipctl -n "$C" config set dh-group modp1536
assert_eq "C: config show -j dh_group" \
	"$(hipctl -n "$C" -j config show | json_eval 'd["dh_group"]')" 3

hip_test_exit
