#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rendezvous registration of a delegated HIT (issue 11 part 4, RFC 8003
# section 3.3 with Documentation/hip/delegation.rst): A delegates HIT_A to
# B; B registers HIT_A at the rendezvous server S by presenting the chain;
# C, which knows only HIT_A and S's address, reaches B.  Four hosts on one
# switch (a bridge in a fifth namespace):
#
#   ns A  fd00::1  delegator, first registered for HIT_A at S
#   ns B  fd00::2  delegate: holds A -> B, HIT_A on hip0
#   ns C  fd00::3  peer: "peer add HIT_A rvs S"
#   ns S  fd00::5  rendezvous server ("service enable rvs")
#
# Asserts:
#  - takeover: A registers HIT_A at S; B initiates under HIT_A to S (its
#    I2 carries HOST_ID B and the chain), S replaces its association with
#    HIT_A (A gets a CLOSE) and drops A's registration; B registers HIT_A
#    (UPDATE with CERT and REG_REQUEST): granted, S's registration of
#    HIT_A points at B's locator;
#  - rendezvous: C pings HIT_A through S (rvs_relayed), the R1 comes from
#    B with the chain (cert_valid at C), the association goes to B; a TCP
#    stream to HIT_A arrives intact at B;
#  - refusals (B renews with "hipctl register"): each answered with
#    REG_FAILED of the RFC 8003 Failure Type ("register show" at B),
#    counted at S (reg_refused and the cert counter), and S no longer
#    holds a registration of HIT_A: the certificate revoked at S (7,
#    cert_revoked), no chain at all (0, cert_missing), an expired chain
#    (6, cert_expired); after each, a valid chain is granted again;
#  - in the I2: B asks while in I1-SENT under HIT_A (S's R1s held back):
#    the REG_REQUEST goes in the I2 with the chain, granted in the R2;
#  - on the wire at S: B's UPDATEs carry the chain as CERT group 1 with
#    REG_REQUEST (none once B holds no chain); S's carry REG_RESPONSE and
#    REG_FAILED with Failure Types 7, 0 and 6.

TEST_NAME=reg_rvs_deleg
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

LOC_A=fd00::1
LOC_B=fd00::2
LOC_C=fd00::3
LOC_S=fd00::5

hip_test_init
require_command ping socat tcpdump

# --- topology ---------------------------------------------------------------
hip_topo_switch A B C S
log_info "A $HIT_A  B $HIT_B  C $HIT_C  S $HIT_S"

closed_or_gone()
{
	[[ $(ha_state "$1" "$2") =~ ^(CLOSING|CLOSED|none)$ ]]
}

# b_register DESC: B asks S (again) for HIT_A's registration; it must be
# granted, with S relaying to B's locator
b_register()
{
	assert_ok "B: register HIT_S rvs ($1)" hipctl -n "$B" register "$HIT_S" rvs lifetime 60
	if wait_for 300 0.2 reg_state_is "$B" "$HIT_S" requester granted; then
		pass "$1: B's registration of HIT_A granted"
	else
		fail "$1: not granted: $(reg_line "$B" "$HIT_S" requester)"
		log_output "S: $(stats_nonzero "$S")"
		return 1
	fi
	assert_match "$1: S registered HIT_A at B's locator" "$(reg_line "$S" "$HIT_A" registrar)" \
		"^reg $HIT_A rvs registrar state granted .* locator $LOC_B$"
}

# b_refused DESC FAILURE COUNTER: B asks again and is refused with
# Failure Type FAILURE; S counts it (reg_refused, COUNTER) and holds no
# registration of HIT_A
b_refused()
{
	local desc=$1 ft=$2 counter=$3

	stats_save "$S" "$TMPD/s.ref"
	assert_ok "B: register HIT_S rvs ($desc)" hipctl -n "$B" register "$HIT_S" rvs lifetime 60
	if wait_for 300 0.2 reg_state_is "$B" "$HIT_S" requester failed; then
		pass "$desc: B's registration refused"
	else
		fail "$desc: not refused: $(reg_line "$B" "$HIT_S" requester)"
		log_output "S: $(stats_nonzero "$S")"
	fi
	assert_match "$desc: REG_FAILED Failure Type $ft at B" "$(reg_line "$B" "$HIT_S" requester)" \
		" failure $ft( |$)"
	assert_stat_rises "$desc: S counted the refusal (reg_refused)" "$TMPD/s.ref" "$S" reg_refused
	assert_stat_rises "$desc: S counted it ($counter)" "$TMPD/s.ref" "$S" "$counter"
	assert_eq "$desc: S holds no registration of HIT_A" "$(reg_line "$S" "$HIT_A" registrar)" ""
}

# --- the delegation, the service ------------------------------------------------
assert_ok "A delegates HIT_A to B: hipctl cert issue" \
	hipctl cert issue --key "$TMPD/hi-a.pem" --subject "$TMPD/hi-b.pem" \
	--lifetime 1h -o "$TMPD/ab.pem" || hip_test_exit
assert_ok "B: cert add" hipctl -n "$B" cert add "$TMPD/ab.pem" || hip_test_exit
ip -n "$B" addr add "$HIT_A/128" dev hip0 nodad || fail "B: $HIT_A on hip0"
assert_ok "S: service enable rvs" \
	hipctl -n "$S" service enable rvs lifetime-min 2 lifetime-max 120

# --- takeover: A registered first, then B under HIT_A -----------------------------------
assert_ok "A: peer add S" hipctl -n "$A" peer add "$HIT_S" locator "$LOC_S"
assert_ok "A: register HIT_S rvs" hipctl -n "$A" register "$HIT_S" rvs lifetime 60
if wait_for 300 0.2 reg_state_is "$A" "$HIT_S" requester granted; then
	pass "A: registration of HIT_A granted"
else
	fail "A: not granted: $(reg_line "$A" "$HIT_S" requester)"
fi
assert_match "S: HIT_A registered at A's locator" "$(reg_line "$S" "$HIT_A" registrar)" \
	"^reg $HIT_A rvs registrar state granted .* locator $LOC_A$"

stats_save "$S" "$TMPD/s0"
assert_ok "B: peer add S" hipctl -n "$B" peer add "$HIT_S" locator "$LOC_S"
# B initiates under HIT_A (a packet from HIT_A makes the association)
ok=1
for ((t0 = SECONDS; SECONDS - t0 < HIP_BEX_TIMEOUT;)); do
	ip netns exec "$B" ping -q -c 1 -W 5 -I "$HIT_A" "$HIT_S" >/dev/null 2>&1 && { ok=0; break; }
	nap 0.2
done
if [ "$ok" = 0 ]; then
	pass "takeover: B -> S from HIT_A answered"
else
	fail "takeover: B -> S from HIT_A: no answer"
	log_output "B: $(stats_nonzero "$B")"
	log_output "S: $(stats_nonzero "$S")"
fi
assert_eq "takeover: B's association with S has local HIT HIT_A" "$(ha_local_hit "$B" "$HIT_S")" "$HIT_A"
assert_stat_rises "takeover: S accepted B's chain in its I2" "$TMPD/s0" "$S" cert_valid
assert_eq "takeover: S's association with HIT_A goes to B" \
	"$(ha_field "$S" "$HIT_A" peer_locator)" "$LOC_B"
if wait_for 50 0.2 closed_or_gone "$A" "$HIT_S"; then
	pass "takeover: A's association with S was closed ($(ha_state "$A" "$HIT_S"))"
else
	fail "takeover: A's association with S still $(ha_state "$A" "$HIT_S")"
fi
assert_eq "takeover: S dropped A's registration of HIT_A" "$(reg_line "$S" "$HIT_A" registrar)" ""
PCAP=$TMPD/s.pcap
capture_start "$S" vs "$PCAP" ip6 proto 139 || fail "tcpdump on S"
pid_cap=$CAP_PID
b_register "takeover" || hip_test_exit

# --- C reaches HIT_A through S, lands on B ------------------------------------------
stats_save "$S" "$TMPD/s1"
stats_save "$C" "$TMPD/c1"
assert_ok "C: peer add HIT_A rvs S" hipctl -n "$C" peer add "$HIT_A" rvs "$LOC_S"
if t=$(hip_bex_ping "$C" "$HIT_A"); then
	pass "rendezvous: C -> HIT_A through S answered after ${t}s"
else
	fail "rendezvous: C -> HIT_A through S: no answer"
	log_output "B: $(stats_nonzero "$B")"
	log_output "C: $(stats_nonzero "$C")"
	log_output "S: $(stats_nonzero "$S")"
fi
assert_stat_rises "rendezvous: S relayed the I1" "$TMPD/s1" "$S" rvs_relayed
assert_stat_rises "rendezvous: C accepted the chain in B's R1" "$TMPD/c1" "$C" cert_valid
assert_eq "rendezvous: C ESTABLISHED with HIT_A at B" \
	"$(ha_state "$C" "$HIT_A") $(ha_field "$C" "$HIT_A" peer_locator)" "ESTABLISHED $LOC_B"
assert_eq "rendezvous: B's association with C has local HIT HIT_A" "$(ha_local_hit "$B" "$HIT_C")" "$HIT_A"
assert_eq "rendezvous: A has no association with C" "$(ha_state "$A" "$HIT_C")" none
stream_start "$C" "$B" "$HIT_A" 5001 1 &&
	stream_finish "rendezvous: TCP from C to HIT_A, served by B"

# --- refusals ------------------------------------------------------------------------
ser=$(cert_serial "$TMPD/ab.pem" 1)
assert_ok "S: cert revoke $HIT_A $ser" hipctl -n "$S" cert revoke "$HIT_A" "$ser"
b_refused "revoked at S" 7 cert_revoked
assert_ok "S: cert revoke flush" hipctl -n "$S" cert revoke flush
b_register "after the revocation list is flushed"

assert_ok "B: cert del $HIT_A" hipctl -n "$B" cert del "$HIT_A"
b_refused "no chain" 0 cert_missing

assert_ok "A -> B for 10 s" hipctl cert issue --key "$TMPD/hi-a.pem" --subject "$TMPD/hi-b.pem" \
	--lifetime 10s -o "$TMPD/ab-short.pem"
assert_ok "B: cert add the short one" hipctl -n "$B" cert add "$TMPD/ab-short.pem"
b_register "short-lived chain"
expired()
{
	! hipctl cert verify "$TMPD/ab-short.pem" >/dev/null 2>&1
}
wait_for 100 0.2 expired || fail "the short chain did not expire"
b_refused "expired chain" 6 cert_expired

# --- in the I2: B asks while its base exchange with S under HIT_A is to come ---------------
assert_ok "B: cert add A -> B again" hipctl -n "$B" cert add "$TMPD/ab.pem"
hipctl -n "$B" peer del "$HIT_S" >/dev/null 2>&1
wait_for 50 0.2 ha_state_is "$B" "$HIT_S" none || fail "B: association with S still there"
assert_ok "B: peer add S" hipctl -n "$B" peer add "$HIT_S" locator "$LOC_S"
# S's R1s do not reach B until B has asked
tc_drop "$B" vb 6 139
ip netns exec "$B" ping -q -c 1 -W 1 -I "$HIT_A" "$HIT_S" >/dev/null 2>&1
wait_ha_state "$B" "$HIT_S" I1-SENT 10 || fail "B: no I1-SENT association with S"
assert_eq "in the I2: B's association with S has local HIT HIT_A" "$(ha_local_hit "$B" "$HIT_S")" "$HIT_A"
stats_save "$S" "$TMPD/s2"
assert_ok "B: register HIT_S rvs (in the I2)" hipctl -n "$B" register "$HIT_S" rvs lifetime 60
tc_drop_clear "$B" vb
if wait_for 300 0.2 reg_state_is "$B" "$HIT_S" requester granted; then
	pass "in the I2: B's registration of HIT_A granted"
else
	fail "in the I2: not granted: $(reg_line "$B" "$HIT_S" requester)"
	log_output "S: $(stats_nonzero "$S")"
fi
assert_match "in the I2: S registered HIT_A at B's locator" "$(reg_line "$S" "$HIT_A" registrar)" \
	"^reg $HIT_A rvs registrar state granted .* locator $LOC_B$"
assert_stat_rises "in the I2: S counted the grant" "$TMPD/s2" "$S" reg_granted
CAP_PID=$pid_cap capture_stop

# --- on the wire (at S) ------------------------------------------------------------------
P=$("$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" hip-params --pcap "$PCAP")
log_output "$(grep -E ' (768|93[0-9]):' <<<"$P" | cut -c1-160)"
upd_b=$(awk -v b="$LOC_B" '$1 == "update" && $2 == b' <<<"$P")
upd_s=$(awk -v s="$LOC_S" '$1 == "update" && $2 == s' <<<"$P")
# has_line TEXT ERE: a line of TEXT matches ERE
has_line()
{
	grep -qE "$2" <<<"$1"
}
assert_ok "B's UPDATE carries the chain (CERT group 1, IDs 1 and 2) with REG_REQUEST (932)" \
	has_line "$upd_b" ' 768:[0-9]+:01020101[^ ]* 768:[0-9]+:01020201[^ ]* 932:2:[0-9a-f]{2}01( |$)'
assert_ok "B's UPDATE without a chain still asks (no chain held)" \
	has_line "$(grep -v ' 768:' <<<"$upd_b")" ' 932:2:[0-9a-f]{2}01( |$)'
assert_ok "B's I2 carries the chain with REG_REQUEST (932)" \
	has_line "$(awk -v b="$LOC_B" '$1 == "i2" && $2 == b' <<<"$P")" \
	' 768:[0-9]+:01020101[^ ]* 768:[0-9]+:01020201[^ ]* 932:2:[0-9a-f]{2}01( |$)'
assert_ok "S's R2 carries REG_RESPONSE (934)" \
	has_line "$(awk -v s="$LOC_S" '$1 == "r2" && $2 == s' <<<"$P")" ' 934:2:[0-9a-f]{2}01( |$)'
for ft in 07 00 06; do
	assert_ok "S's UPDATE carries REG_FAILED (936) Failure Type $((10#$ft)) for RENDEZVOUS" \
		has_line "$upd_s" " 936:2:${ft}01( |\$)"
done
assert_ok "S's UPDATE carries REG_RESPONSE (934) for RENDEZVOUS" \
	has_line "$upd_s" ' 934:2:[0-9a-f]{2}01( |$)'

hip_test_exit
