#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ESP rekeying by UPDATE (RFC 7402 6.8-6.10) under load, with no lost,
# duplicated or rejected data.
#
#   ns A  ---- IPv6 locators ---->  ns B
#   socat: random data over TCP     socat TCP6-LISTEN on [HIT_B] -> file
#
#   1. Sequence numbers: both sides esp-seq-limit 3000, so each SA asks
#      for a rekeying after 2250 packets (3/4 of the limit, rekey.c).  A
#      TCP stream of 12 MB (about 9000 packets from A) needs several.
#      KEYMAT is reused (no DIFFIE_HELLMAN: the KEYMAT holds about 200
#      sets of ESP keys).
#   2. hipctl ha rekey HIT_B, three times during a stream, from A, and
#      once from B (the responder side starts it).
#   3. hipctl ha rekey HIT_B dh: new keying material from a new DH key;
#      the UPDATEs are captured: request and reply must carry
#      DIFFIE_HELLMAN with KEYMAT index 0, while those of 2 carried none
#      and a non-zero index.
#
# Asserts for each: the stream arrives intact (sha256 and size of what B
# wrote == what A sent); rekey_done rose on both sides by at least the
# number of rekeyings; the SPIs of both directions changed; no ESP was
# rejected on either side: drop_replay, drop_unknown_spi and drop_bad_icv
# stay 0 (the old inbound SA is kept until data arrives on the new one, so
# a packet sent just before the peer's switch still finds its SA).  In 1
# drop_seq_exhausted is reported (the old SA carries the data while the
# UPDATEs go back and forth, so it normally stays 0; a very slow VM may
# run a few packets past the limit, which TCP retransmits).

TEST_NAME=update_rekey
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping socat ss sha256sum timeout tcpdump
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange (ping6 HIT_B answered after ${t}s)"
else
	fail "no base exchange within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10

listening()
{
	ip netns exec "$1" ss -Hlnt "sport = :$2" | grep -q .
}

# stream_start MB PORT: B listens, A sends MB of random data in the
# background (STREAM_PID); returns once the data flows
stream_start()
{
	head -c "${1}M" /dev/urandom >"$TMPD/send"
	WANT=$(sha256sum <"$TMPD/send")
	SIZE=$(($1 << 20))
	rm -f "$TMPD/recv"
	ip netns exec "$B" timeout 600 socat -u \
		"TCP6-LISTEN:$2,bind=[$HIT_B],reuseaddr" "CREATE:$TMPD/recv" \
		2>"$TMPD/socat-b.err" &
	SRV_PID=$!
	if ! wait_for 100 0.1 listening "$B" "$2"; then
		fail "socat did not listen on [$HIT_B]:$2"
		return 1
	fi
	ip netns exec "$A" timeout 600 socat -u "OPEN:$TMPD/send" \
		"TCP6:[$HIT_B]:$2" 2>"$TMPD/socat-a.err" &
	STREAM_PID=$!
	wait_for 100 0.1 test -s "$TMPD/recv"
}

# stream_check NAME: wait for the stream; the data arrived intact
stream_check()
{
	local rc

	wait "$STREAM_PID"
	rc=$?
	assert_eq "$1: A's socat exited 0" "$rc" 0 ||
		log_output "$(cat "$TMPD/socat-a.err")"
	wait "$SRV_PID"
	rc=$?
	assert_eq "$1: B's socat exited 0" "$rc" 0 ||
		log_output "$(cat "$TMPD/socat-b.err")"
	assert_eq "$1: B received $SIZE bytes" \
		"$(stat -c %s "$TMPD/recv" 2>/dev/null)" "$SIZE"
	assert_eq "$1: sha256 of the received data matches" \
		"$(sha256sum <"$TMPD/recv" 2>/dev/null)" "$WANT"
}

snap()
{
	stats_save "$A" "$TMPD/a.stats"
	stats_save "$B" "$TMPD/b.stats"
	read -r A_IN A_OUT <<<"$(spis "$A" "$HIT_B")"
	read -r B_IN B_OUT <<<"$(spis "$B" "$HIT_A")"
}

# no_rejects NAME: no ESP refused on either side since snap
no_rejects()
{
	local ns f c d

	for ns in A B; do
		f="$TMPD/${ns,,}.stats"
		for c in drop_replay drop_unknown_spi drop_bad_icv; do
			d=$(stat_delta "$f" "${!ns}" "$c")
			assert_eq "$1: $ns: $c +0" "$d" 0
		done
	done
}

# spis_changed NAME: all four SPIs differ from the snap, and each side's
# outbound SPI is the other's inbound one
# Both directions carry data on the new SAs: the old inbound SA stays
# current until the first packet arrives on the new one (RFC 7402 6.9.3)
spis_paired()
{
	local ai ao bi bo

	ping_ok "$A" "$HIT_B" && ping_ok "$B" "$HIT_A" || return 1
	read -r ai ao <<<"$(spis "$A" "$HIT_B")"
	read -r bi bo <<<"$(spis "$B" "$HIT_A")"
	[ -n "$ai" ] && [ "$ao" = "$bi" ] && [ "$bo" = "$ai" ]
}

spis_changed()
{
	local ai ao bi bo

	wait_for 20 0.5 spis_paired
	read -r ai ao <<<"$(spis "$A" "$HIT_B")"
	read -r bi bo <<<"$(spis "$B" "$HIT_A")"
	if [ -n "$ai" ] && [ "$ai" != "$A_IN" ] && [ "$ao" != "$A_OUT" ] &&
	   [ "$bi" != "$B_IN" ] && [ "$bo" != "$B_OUT" ]; then
		pass "$1: new SPIs (A $A_IN/$A_OUT -> $ai/$ao, B $B_IN/$B_OUT -> $bi/$bo)"
	else
		fail "$1: SPIs (A $A_IN/$A_OUT -> $ai/$ao, B $B_IN/$B_OUT -> $bi/$bo)"
	fi
	assert_eq "$1: A's outbound SPI is B's inbound" "$ao" "$bi"
	assert_eq "$1: B's outbound SPI is A's inbound" "$bo" "$ai"
}

rekeys_at_least()
{
	local d

	d=$(stat_delta "$TMPD/a.stats" "$A" rekey_done)
	[ "$d" -ge "$1" ] || return 1
	d=$(stat_delta "$TMPD/b.stats" "$B" rekey_done)
	[ "$d" -ge "$1" ]
}

# --- 1. sequence numbers running low ---------------------------------------
assert_ok "A: config set esp-seq-limit 3000" \
	hipctl -n "$A" config set esp-seq-limit 3000
assert_ok "B: config set esp-seq-limit 3000" \
	hipctl -n "$B" config set esp-seq-limit 3000
# The limit applies to SAs made from now on: rekey once by hand first
snap
assert_ok "A: ha rekey $HIT_B (SAs with the new limit)" \
	hipctl -n "$A" ha rekey "$HIT_B"
wait_for 100 0.1 rekeys_at_least 1 ||
	fail "seq: the first rekeying did not complete within 10 s"
ping_ok "$A" "$HIT_B"
snap
stream_start 12 5001 || hip_test_exit
stream_check "seq"
assert_stat_rises "seq: A rekeyed by UPDATE" "$TMPD/a.stats" "$A" rekey_done 3
assert_stat_rises "seq: B rekeyed by UPDATE" "$TMPD/b.stats" "$B" rekey_done 3
assert_eq "seq: no new base exchange (A bex_done +0)" \
	"$(stat_delta "$TMPD/a.stats" "$A" bex_done)" 0
spis_changed "seq"
no_rejects "seq"
log_info "seq: drop_seq_exhausted A +$(stat_delta "$TMPD/a.stats" "$A" drop_seq_exhausted)" \
	"B +$(stat_delta "$TMPD/b.stats" "$B" drop_seq_exhausted)"
assert_ok "A: config set esp-seq-limit 4294967295" \
	hipctl -n "$A" config set esp-seq-limit 4294967295
assert_ok "B: config set esp-seq-limit 4294967295" \
	hipctl -n "$B" config set esp-seq-limit 4294967295

# --- 2. hipctl ha rekey, KEYMAT reused -------------------------------------
# rekey_by NS HIT N: start a rekeying from NS and wait until rekey_done
# reached N on both sides
rekey_by()
{
	local rc

	run hipctl -n "$1" ha rekey "$2"
	rc=$RC
	if [ "$rc" -ne 0 ]; then
		fail "hipctl -n $1 ha rekey $2 $3: exit $rc"
		log_output "$ERR"
		return 1
	fi
	wait_for 150 0.1 rekeys_at_least "$4" ||
		{ fail "rekeying $4 did not complete within 15 s"; return 1; }
}

capture_start "$A" "$VETH_A" "$TMPD/reuse.pcap" ip6 proto 139 || hip_test_exit
snap
stream_start 8 5002 || hip_test_exit
rekey_by "$A" "$HIT_B" "" 1
rekey_by "$A" "$HIT_B" "" 2
rekey_by "$B" "$HIT_A" "" 3
rekey_by "$A" "$HIT_B" "" 4
stream_check "manual"
capture_stop
assert_stat_rises "manual: A rekey_done" "$TMPD/a.stats" "$A" rekey_done 4
spis_changed "manual"
no_rejects "manual"

# hip_params PCAP: the UPDATEs' ESP_INFO (type 65) and DIFFIE_HELLMAN (513)
updates()
{
	"$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" hip-params --pcap "$1" |
		awk '$1 == "update"'
}
updates "$TMPD/reuse.pcap" >"$TMPD/reuse.txt"
n=$(grep -c ' 65:12:' "$TMPD/reuse.txt")
if [ "$n" -ge 8 ]; then
	pass "manual: $n UPDATEs with ESP_INFO captured"
else
	fail "manual: $n UPDATEs with ESP_INFO captured, want >= 8"
	log_output "$(cat "$TMPD/reuse.txt")"
fi
assert_eq "manual: no DIFFIE_HELLMAN in the UPDATEs (KEYMAT reused)" \
	"$(grep -c ' 513:' "$TMPD/reuse.txt")" 0
# ESP_INFO: reserved (2), KEYMAT index (2): non-zero when reusing
assert_eq "manual: no ESP_INFO with KEYMAT index 0" \
	"$(grep -c ' 65:12:00000000' "$TMPD/reuse.txt")" 0

# --- 3. hipctl ha rekey dh: new keying material ------------------------------
capture_start "$A" "$VETH_A" "$TMPD/dh.pcap" ip6 proto 139 || hip_test_exit
snap
stream_start 8 5003 || hip_test_exit
run hipctl -n "$A" ha rekey "$HIT_B" dh
assert_eq "dh: hipctl ha rekey $HIT_B dh exits 0" "$RC" 0
wait_for 150 0.1 rekeys_at_least 1 || fail "dh: rekeying did not complete"
rekey_by "$A" "$HIT_B" "" 2	# KEYMAT reuse again, from the new KEYMAT
stream_check "dh"
capture_stop
spis_changed "dh"
no_rejects "dh"
updates "$TMPD/dh.pcap" >"$TMPD/dh.txt"
# Both the request and the reply (RFC 7402 4.1.3: the reply to an UPDATE
# with DIFFIE_HELLMAN MUST carry one too)
n=$(grep ' 513:' "$TMPD/dh.txt" | grep -c ' 65:12:00000000')
if [ "$n" -ge 2 ]; then
	pass "dh: $n UPDATEs with DIFFIE_HELLMAN and KEYMAT index 0"
else
	fail "dh: $n UPDATEs with DIFFIE_HELLMAN and KEYMAT index 0, want >= 2"
	log_output "$(cat "$TMPD/dh.txt")"
fi
if command -v tshark >/dev/null; then
	assert_ok "tshark decodes the UPDATEs without error" \
		"$PYTHON" "$HIP_SELFTEST_DIR/hip_craft.py" check-pcap \
		--pcap "$TMPD/dh.pcap" --types "16"
fi

# --- errors ------------------------------------------------------------------
run hipctl -n "$A" ha rekey 2001:2f::1
assert_eq "ha rekey without an association fails" "$RC" 1

hip_test_exit
