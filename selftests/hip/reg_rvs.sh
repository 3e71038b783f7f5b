#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Registration (RFC 8003) and rendezvous (RFC 8004) with three hosts on
# one switch (a bridge in a fourth namespace):
#
#   ns I  fd00::1  initiator: knows R only by its RVS ("peer add HIT_R rvs")
#   ns S  fd00::2  rendezvous server ("service enable rvs")
#   ns R  fd00::3  responder: registers at S ("register HIT_S rvs")
#
# Asserts:
#  - R registers at S in its base exchange (REG_INFO in R1, REG_REQUEST in
#    I2, REG_RESPONSE in R2): "register show" on both sides, REG_GRANTED;
#  - I reaches R through S: the I1 goes I -> S, S relays it to R with FROM
#    and RVS_HMAC (RVS_RELAYED), the R1 comes straight from R with VIA_RVS,
#    I2/R2/ESP go I <-> R directly; S sees no ESP; 4 MB over TCP between
#    the HITs arrive intact (sha256);
#  - R drops an I1 with FROM and a forged RVS_HMAC, or FROM without
#    RVS_HMAC (DROP_RVS_HMAC);
#  - malformed REG_INFO, REG_REQUEST, FROM and VIA_RVS are counted drops
#    (DROP_MALFORMED_PARAM);
#  - with an allow-list, a HIT not on it is refused: REG_FAILED (Failure
#    Type 0) in the R2, REG_REFUSED, "register show" says failed;
#  - a short registration is renewed before it ends (when UPDATE is
#    available: needs update.c); a cancelled or expired one is gone at S,
#    which then drops an I1 for R (DROP_RVS_NO_REG).

TEST_NAME=reg_rvs
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

LOC_I=fd00::1
LOC_S=fd00::2
LOC_R=fd00::3

hip_test_init
require_command ping socat ss sha256sum timeout tcpdump

# --- topology ---------------------------------------------------------------
hip_topo_switch I S R
log_info "I $HIT_I  S $HIT_S  R $HIT_R"

no_reg()
{
	[ -z "$(reg_line "$1" "$2" "$3")" ]
}

# --- R registers at S -------------------------------------------------------
stats_save "$S" "$TMPD/s0"
assert_ok "S: service enable rvs" \
	hipctl -n "$S" service enable rvs lifetime-min 2 lifetime-max 120
assert_match "S: service show" "$(hipctl -n "$S" service show)" \
	"^service rvs lifetime-min 2 lifetime-max 1[12][0-9]$"
assert_ok "R: peer add S" hipctl -n "$R" peer add "$HIT_S" locator "$LOC_S"
capture_start "$R" vr "$TMPD/reg.pcap" || fail "tcpdump on R"
pid_r=$CAP_PID
ip netns exec "$S" hipctl monitor >"$TMPD/mon-s" 2>&1 &
mon=$!
defer kill "$mon"
nap 1
assert_ok "R: register HIT_S rvs lifetime 60" \
	hipctl -n "$R" register "$HIT_S" rvs lifetime 60
if wait_for 300 0.2 reg_state_is "$R" "$HIT_S" requester granted; then
	pass "R: registration at S granted"
else
	fail "R: no granted registration: $(hipctl -n "$R" register show 2>&1)"
	hip_test_exit
fi
CAP_PID=$pid_r capture_stop
if wait_for 50 0.1 grep -q "^reg $HIT_R rvs registrar state granted lifetime" "$TMPD/mon-s"; then
	pass "S: monitor printed the registration"
else
	fail "S: no registration event: $(cat "$TMPD/mon-s")"
fi
assert_match "R: register show" "$(reg_line "$R" "$HIT_S" requester)" \
	"^reg $HIT_S rvs requester state granted lifetime (5[0-9]|6[0-9]) remaining [0-9]+ locator $LOC_S$"
assert_match "S: register show" "$(reg_line "$S" "$HIT_R" registrar)" \
	"^reg $HIT_R rvs registrar state granted lifetime (5[0-9]|6[0-9]) remaining [0-9]+ locator $LOC_R$"
assert_stat_rises "S: registration counted" "$TMPD/s0" "$S" reg_granted
list=$(craft "$R" list --pcap "$TMPD/reg.pcap")
assert_match "R1 from S carries REG_INFO (930)" "$list" \
	"ipv6 $LOC_S > $LOC_R hip r1 csum ok params .*,930,"
assert_match "I2 from R carries REG_REQUEST (932)" "$list" \
	"ipv6 $LOC_R > $LOC_S hip i2 csum ok params .*,932,"
assert_match "R2 from S carries REG_RESPONSE (934)" "$list" \
	"ipv6 $LOC_S > $LOC_R hip r2 csum ok params .*,934,"

# --- I reaches R through S ---------------------------------------------------
stats_save "$S" "$TMPD/s1"
assert_ok "I: peer add HIT_R rvs S" hipctl -n "$I" peer add "$HIT_R" rvs "$LOC_S"
assert_eq "I: peer show" "$(hipctl -n "$I" peer show "$HIT_R" | sed 's/ lsi [^ ]*//')" \
	"peer $HIT_R rvs $LOC_S"
capture_start "$I" vi "$TMPD/i.pcap" || fail "tcpdump on I"
pid_i=$CAP_PID
capture_start "$S" vs "$TMPD/s.pcap" || fail "tcpdump on S"
pid_s=$CAP_PID

listening()
{
	ip netns exec "$1" ss -Hlnt "sport = :$2" | grep -q .
}

head -c 4M /dev/urandom >"$TMPD/send"
want=$(sha256sum <"$TMPD/send")
ip netns exec "$R" timeout 300 socat -u \
	"TCP6-LISTEN:5001,bind=[$HIT_R],reuseaddr" "CREATE:$TMPD/recv" \
	2>"$TMPD/socat-r.err" &
srv=$!
defer kill "$srv"
wait_for 100 0.1 listening "$R" 5001 || fail "socat did not listen on [$HIT_R]:5001"
if ip netns exec "$I" timeout 300 socat -u "OPEN:$TMPD/send" \
	"TCP6:[$HIT_R]:5001,connect-timeout=120" 2>"$TMPD/socat-i.err"; then
	pass "I: 4 MB sent to [$HIT_R]:5001 (found through the RVS)"
else
	fail "I: socat to [$HIT_R]:5001: $(cat "$TMPD/socat-i.err")"
fi
wait "$srv" 2>/dev/null
assert_eq "R: received data intact (sha256)" "$(sha256sum <"$TMPD/recv")" "$want"
CAP_PID=$pid_s capture_stop
CAP_PID=$pid_i capture_stop

assert_stat_rises "S: I1 relayed" "$TMPD/s1" "$S" rvs_relayed
assert_eq "S: no ESP for itself" "$(stat_delta "$TMPD/s1" "$S" esp_in)" 0
li=$(craft "$I" list --pcap "$TMPD/i.pcap")
ls=$(craft "$S" list --pcap "$TMPD/s.pcap")
assert_match "I: I1 to the RVS" "$li" "ipv6 $LOC_I > $LOC_S hip i1 csum ok"
assert_match "S: relayed I1 to R with FROM (65498) and RVS_HMAC (65500)" "$ls" \
	"ipv6 $LOC_S > $LOC_R hip i1 csum ok params 511,65498,65500($|[^,0-9])"
assert_match "I: R1 straight from R with VIA_RVS (65502)" "$li" \
	"ipv6 $LOC_R > $LOC_I hip r1 csum ok params [0-9,]*,61633,65502($|[^,0-9])"
assert_match "I: I2 straight to R" "$li" "ipv6 $LOC_I > $LOC_R hip i2 csum ok"
assert_match "I: R2 straight from R" "$li" "ipv6 $LOC_R > $LOC_I hip r2 csum ok"
assert_match "I: ESP to R" "$li" "ipv6 $LOC_I > $LOC_R esp spi"
assert_eq "S: no ESP to or from S on the wire" \
	"$(grep -E " esp spi" <<<"$ls" | grep -F -e " $LOC_S " -e "> $LOC_S ")" ""
assert_eq "S: saw no I2, R2 or ESP of I and R" \
	"$(grep -E " hip (i2|r2) | esp spi" <<<"$ls" | grep -F " $LOC_I ")" ""

# --- R checks RVS_HMAC ---------------------------------------------------------
stats_save "$R" "$TMPD/r0"
FAKE_I=2001:2c:1111:2222:3333:4444:5555:6666
craft "$I" send i1 --src "$LOC_I" --dst "$LOC_R" --shit "$FAKE_I" --rhit "$HIT_R" \
	--extra "65498:ip=$LOC_I,65500:rand=32" >/dev/null
craft "$I" send i1 --src "$LOC_I" --dst "$LOC_R" --shit "$FAKE_I" --rhit "$HIT_R" \
	--extra "65498:ip=$LOC_I" >/dev/null
wait_for 50 0.1 test "$(stat_delta "$TMPD/r0" "$R" drop_rvs_hmac)" -ge 2
assert_eq "R: forged RVS_HMAC and FROM without RVS_HMAC dropped" \
	"$(stat_delta "$TMPD/r0" "$R" drop_rvs_hmac)" 2
assert_eq "R: no R1 for them" "$(stat_delta "$TMPD/r0" "$R" r1_out)" 0

# --- malformed REG_* parameters -------------------------------------------------
stats_save "$S" "$TMPD/s2"
for x in "930:40" "932:3c" "65498:00000000" "65502:$(printf '%040d' 0)"; do
	craft "$I" send i1 --src "$LOC_I" --dst "$LOC_S" --shit "$FAKE_I" \
		--rhit "$HIT_S" --extra "$x" >/dev/null
done
wait_for 50 0.1 test "$(stat_delta "$TMPD/s2" "$S" drop_malformed_param)" -ge 4
assert_eq "S: REG_INFO, REG_REQUEST, FROM, VIA_RVS of bad lengths dropped" \
	"$(stat_delta "$TMPD/s2" "$S" drop_malformed_param)" 4

# --- allow-list -----------------------------------------------------------------
stats_save "$S" "$TMPD/s3"
assert_ok "S: allow only R" hipctl -n "$S" service enable rvs lifetime-min 2 \
	lifetime-max 120 allow "$HIT_R"
assert_match "S: service show lists the allow-list" "$(hipctl -n "$S" service show)" \
	"allow $HIT_R$"
assert_ok "I: peer add S" hipctl -n "$I" peer add "$HIT_S" locator "$LOC_S"
capture_start "$I" vi "$TMPD/refused.pcap" || fail "tcpdump on I"
assert_ok "I: register HIT_S rvs" hipctl -n "$I" register "$HIT_S" rvs
if wait_for 300 0.2 reg_state_is "$I" "$HIT_S" requester failed; then
	pass "I: registration refused"
else
	fail "I: registration not refused: $(hipctl -n "$I" register show 2>&1)"
fi
capture_stop
assert_match "I: register show" "$(reg_line "$I" "$HIT_S" requester)" \
	"state failed lifetime 0 remaining 0 failure 0"
assert_stat_rises "S: refusal counted" "$TMPD/s3" "$S" reg_refused
assert_eq "S: nothing granted to I" "$(reg_line "$S" "$HIT_I" registrar)" ""
assert_match "R2 to I carries REG_FAILED (936)" \
	"$(craft "$I" list --pcap "$TMPD/refused.pcap")" \
	"ipv6 $LOC_S > $LOC_I hip r2 csum ok params .*,936,"

# --- renewal, cancellation, expiry -------------------------------------------------
stats_save "$R" "$TMPD/r1"
stats_save "$S" "$TMPD/s4"
assert_ok "R: register again, lifetime 4" hipctl -n "$R" register "$HIT_S" rvs lifetime 4
nap 8
if [ "$(stat_delta "$TMPD/r1" "$R" update_out)" -gt 0 ]; then
	assert_eq "R: still granted after twice the lifetime (renewed)" \
		"$(reg_line "$R" "$HIT_S" requester | grep -c ' state granted ')" 1
	assert_eq "S: still registered" \
		"$(reg_line "$S" "$HIT_R" registrar | grep -c ' state granted ')" 1
else
	log_info "no UPDATE sent (update.c not there): renewal not checked"
fi
assert_ok "R: register del" hipctl -n "$R" register del "$HIT_S" rvs
# cancelled by UPDATE, or else it runs out at S
if wait_for 700 0.2 no_reg "$S" "$HIT_R" registrar; then
	pass "S: registration of R gone (cancelled or expired)"
else
	fail "S: registration of R still there: $(reg_line "$S" "$HIT_R" registrar)"
fi
if [ "$(stat_delta "$TMPD/r1" "$R" update_out)" -eq 0 ]; then
	# without UPDATE nothing reached S: the registration ran out there
	assert_stat_rises "S: the registration expired" "$TMPD/s0" "$S" reg_expired
fi
stats_save "$S" "$TMPD/s5"
craft "$I" send i1 --src "$LOC_I" --dst "$LOC_S" --shit "$FAKE_I" \
	--rhit "$HIT_R" >/dev/null
wait_for 50 0.1 test "$(stat_delta "$TMPD/s5" "$S" drop_rvs_no_reg)" -ge 1
assert_eq "S: I1 for the unregistered R dropped" \
	"$(stat_delta "$TMPD/s5" "$S" drop_rvs_no_reg)" 1
assert_eq "S: not relayed" "$(stat_delta "$TMPD/s5" "$S" rvs_relayed)" 0

hip_test_exit
