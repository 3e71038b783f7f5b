#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The measurement facilities the benchmark uses (Documentation/hip/
# performance.rst): base-exchange cost counters, the per-association
# exchange time, and synthetic associations (the debugfs file
# /sys/kernel/debug/hip/bench, through "hipctl bench").
#
#   1. A pings B's HIT (one base exchange).  A: bex_i_count +1 and dh,
#      sign, verify, puzzle counts and nanoseconds rose; B: bex_r_count +1
#      and the same; on each side the exchange took at least the crypto
#      timed inside it.  "ha show" gives bex_usec > 0 on both sides (JSON)
#      and "bex NNNus" (text).
#   2. A: bench synth 1000 -> done 1000, "ha show" lists 1001 associations,
#      the real one still carries pings; bench lookup gives ns per lookup
#      by HIT and SPI; bench mem gives bytes per association.  Then 9000
#      more (10,000 synthetic) and the lookup again: both sizes are logged.
#   3. bench synth 10 sas (real ESP SAs); bench clear removes all synthetic
#      associations and leaves the real one.  The debugfs file itself:
#      malformed commands (unknown words, bad, zero or overflowing counts,
#      extra arguments, two lines, too long) fail with EINVAL, answer
#      "error ..." and change nothing; opening it without CAP_NET_ADMIN is
#      EPERM; the netlink config refuses the null-noauth suite (65280),
#      which only the debugfs file switches on: a new base exchange
#      negotiates it when both A and B have it on and allow suites without
#      encryption (config null-crypto on), not when only B has, nor
#      without null-crypto.  Likewise the NULL with HMAC-SHA-256 suite (7,
#      RFC 7402 3.3.5): B prefers it (esp-suite null); it is negotiated
#      only when both have null-crypto on; with it off B does not even
#      offer it.
#   4. synthetic associations left in B, rmmod: "0 objects live", no splat.

TEST_NAME=bex_cost_scale
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping
[ -n "${HIP_KO:-}" ] || ksft_skip_now "HIP_KO not set, cannot reload the module"
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

stats_save "$A" "$TMPD/a.stats"
stats_save "$B" "$TMPD/b.stats"

if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "A: ping6 $HIT_B answered after ${t}s (base exchange)"
else
	fail "A: ping6 $HIT_B: no answer within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
wait_ha_state "$B" "$HIT_A" R2-SENT 10 || wait_ha_state "$B" "$HIT_A" ESTABLISHED 10

# --- 1. cost counters -----------------------------------------------------------
# check_cost SIDE BEFORE AFTER: one python run checks everything
check_cost()
{
	"$PYTHON" - "$@" <<'PY'
import sys
side, before, after = sys.argv[1], sys.argv[2], sys.argv[3]

def load(text):
    return {l.split()[0]: int(l.split()[1]) for l in text.splitlines() if len(l.split()) == 2}

b, a = load(open(before).read()), load(after)
d = {k: a.get(k, 0) - b.get(k, 0) for k in a}
role = "i" if side == "A" else "r"
bad = []
if d.get("bex_%s_count" % role) != 1:
    bad.append("bex_%s_count +%r, want +1" % (role, d.get("bex_%s_count" % role)))
for op, least in (("dh", 2 if role == "i" else 1), ("sign", 1),
                  ("verify", 2 if role == "i" else 1), ("puzzle", 1)):
    if d.get(op + "_count", 0) < least:
        bad.append("%s_count +%r, want >= %d" % (op, d.get(op + "_count"), least))
    if d.get(op + "_ns", 0) <= 0:
        bad.append("%s_ns +%r, want > 0" % (op, d.get(op + "_ns")))
crypto = sum(d.get(op + "_ns", 0) for op in ("dh", "sign", "verify", "puzzle"))
bex = d.get("bex_%s_ns" % role, 0)
if bex < crypto:
    bad.append("bex_%s_ns %d < crypto inside it %d" % (role, bex, crypto))
print("\n".join(bad) if bad else
      "%s: bex %.2f ms = dh %.2f (%d) + sign %.2f (%d) + verify %.2f (%d) + puzzle %.3f (%d) + rest %.2f ms"
      % (side, bex / 1e6, d["dh_ns"] / 1e6, d["dh_count"], d["sign_ns"] / 1e6,
         d["sign_count"], d["verify_ns"] / 1e6, d["verify_count"],
         d["puzzle_ns"] / 1e6, d["puzzle_count"], (bex - crypto) / 1e6))
sys.exit(1 if bad else 0)
PY
}

for ns in A B; do
	f=$TMPD/${ns,,}.stats
	if out=$(check_cost "$ns" "$f" "$(hipctl -n "${!ns}" stats)"); then
		pass "$ns: base-exchange cost counters rose"
		log_info "    $out"
	else
		fail "$ns: base-exchange cost counters"
		log_output "$out"
	fi
done

usec_a=$(hipctl -n "$A" -j ha show "$HIT_B" | json_eval 'd[0].get("bex_usec", 0)')
usec_b=$(hipctl -n "$B" -j ha show "$HIT_A" | json_eval 'd[0].get("bex_usec", 0)')
if [ "${usec_a:-0}" -gt 0 ] && [ "${usec_b:-0}" -gt 0 ]; then
	pass "ha show -j: bex_usec A ${usec_a} (I1 to ESTABLISHED), B ${usec_b} (I2 processing)"
else
	fail "ha show -j: bex_usec A '$usec_a' B '$usec_b', want > 0"
fi
assert_match "A: ha show text has bex ${usec_a}us" \
	"$(hipctl -n "$A" ha show "$HIT_B")" "bex ${usec_a}us"

# --- 2. synthetic associations and lookups --------------------------------------------
# bench_field JSON KEY
bench_field()
{
	json_eval "d.get(\"$2\", -1)" <<<"$1"
}

run hipctl -n "$A" -j bench synth 1000
if [ "$RC" -eq 0 ] && [ "$(bench_field "$OUT" "done")" = 1000 ]; then
	pass "A: bench synth 1000 ($(bench_field "$OUT" elapsed_ns) ns)"
else
	fail "A: bench synth 1000: exit $RC"
	log_output "$OUT"
	log_output "$ERR"
fi
assert_eq "A: ha show lists 1001 associations" "$(ha_count "$A")" 1001
assert_ok "A: the real association still carries pings" \
	ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$HIT_B"

# lookup_at SIZE: bench lookup and mem, logged; sets NS_HIT
lookup_at()
{
	local out mem

	run hipctl -n "$A" -j bench lookup 200000
	out=$OUT
	NS_HIT=$(bench_field "$out" lookup_hit_ns)
	if [ "$RC" -eq 0 ] && [ "${NS_HIT:--1}" -ge 0 ] &&
	   [ "$(bench_field "$out" lookup_spi_ns)" -ge 0 ]; then
		pass "A: bench lookup at $1: $NS_HIT ns by HIT, $(bench_field "$out" lookup_spi_ns) ns by SPI; 256 hot keys: $(bench_field "$out" hot_hit_ns) / $(bench_field "$out" hot_spi_ns) ns"
	else
		fail "A: bench lookup at $1: exit $RC $ERR"
		log_output "$out"
	fi
	mem=$(hipctl -n "$A" -j bench mem)
	if [ "$(bench_field "$mem" associations)" = "$1" ]; then
		pass "A: bench mem at $1: $(json_eval '"ha_size %d B, ha_bytes %d B, table_bytes %d B, %.0f B per association" % (d["ha_size"], d["ha_bytes"], d["table_bytes"], (d["ha_bytes"] + d["table_bytes"]) / d["associations"])' <<<"$mem")"
	else
		fail "A: bench mem at $1: $mem"
	fi
}

lookup_at 1001
run hipctl -n "$A" bench synth 9000
assert_eq "A: bench synth 9000 more (exit status)" "$RC" 0
log_info "    $OUT"
lookup_at 10001

# --- 3. with SAs, and clear ----------------------------------------------------------------
run hipctl -n "$A" -j bench synth 10 sas
assert_eq "A: bench synth 10 sas" "$RC/$(bench_field "$OUT" "done")" "0/10"
run hipctl -n "$A" -j bench clear
assert_eq "A: bench clear removes 10010" "$RC/$(bench_field "$OUT" "done")" "0/10010"
assert_eq "A: one association left" "$(ha_count "$A")" 1
assert_eq "A: the real one is still ESTABLISHED" "$(ha_state "$A" "$HIT_B")" ESTABLISHED
assert_ok "A: and carries pings" ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$HIT_B"

# --- 3b. the debugfs file refuses what it does not understand ------------------------
BENCH_FILE=/sys/kernel/debug/hip/bench
# bench_raw NS TEXT...: for each TEXT, one write(2) of it (as given) on a
# fresh open of the file in NS (nsenter: "ip netns exec" would hide debugfs
# behind a new sysfs), then the answer: one line "ERRNO<tab>ANSWER" per
# TEXT, ERRNO 0 for a write that succeeded, newlines in ANSWER as "|"
bench_raw()
{
	local ns=$1

	shift
	nsenter --net="/run/netns/$ns" "$PYTHON" - "$BENCH_FILE" "$@" <<'PY'
import os, sys
for cmd in sys.argv[2:]:
    fd = os.open(sys.argv[1], os.O_RDWR)
    try:
        n = os.write(fd, cmd.encode())
        e = 0 if n == len(cmd.encode()) else -1
    except OSError as x:
        e = x.errno
    print("%d\t%s" % (e, os.read(fd, 4096).decode().rstrip("\n").replace("\n", "|")))
    os.close(fd)
PY
}

cmds=(frob " " synth "synth 0" "synth 1000001" "synth 4294967296"
      "synth 99999999999999999999" "synth -1" "synth +5" "synth 0x10" "synth 5x"
      "synth 5 x" "synth 5 sas x" lookup "lookup 0" "lookup 100000001" "lookup 5 5"
      "clear now" "mem 1" MEM null-noauth "null-noauth maybe" "null-noauth on off"
      $'mem\nmem' $'synth 5\n\n' $'synth\t' $'synth 5\x01' "mem$(printf '%62s' '')")
bad=$(bench_raw "$A" "${cmds[@]}" | grep -vn $'^22\terror ')
if [ -z "$bad" ]; then
	pass "debugfs: ${#cmds[@]} malformed commands fail with EINVAL and answer \"error ...\""
else
	fail "debugfs: malformed commands accepted or answered wrongly (line: errno, answer)"
	log_output "$bad"
	log_output "$(bench_raw "$A" "${cmds[@]}")"
fi
assert_eq "debugfs: they changed nothing (one association)" "$(ha_count "$A")" 1
assert_match "debugfs: '  mem ' (blanks, newline) answers the figures" \
	"$(bench_raw "$A" $'  mem \n')" \
	$'^0\tassociations 1\\|ha_size [0-9]+\\|ha_bytes [0-9]+\\|table_bytes [0-9]+\\|elapsed_ns [0-9]+$'
out=$(nsenter --net="/run/netns/$A" setpriv --bounding-set=-net_admin --inh-caps=-net_admin -- \
	bash -c 'exec 3<>"$1"' _ "$BENCH_FILE" 2>&1)
assert_match "debugfs: open without CAP_NET_ADMIN -> EPERM" "$out" "Operation not permitted"
assert_hipctl_error "config set esp-suite 65280 (null-noauth) -> EOPNOTSUPP" 1 \
	"unsupported ESP transform suite.*Operation not supported" \
	hipctl -n "$A" config set esp-suite 65280
assert_eq "debugfs: null-noauth on, off" "$(bench_raw "$A" $'null-noauth on\n' 'null-noauth off')" \
	$'0\tnull_noauth 1\n0\tnull_noauth 0'
assert_ok "hipctl bench null-noauth on / off" \
	bash -c 'hipctl -n "$1" bench null-noauth on && hipctl -n "$1" bench null-noauth off' _ "$A"
assert_eq "config show: esp-suite unchanged (13)" \
	"$(hipctl -n "$A" -j config show | json_eval 'd["esp_suite"]')" 13

# --- 3c. null-noauth is negotiated only between two namespaces that have it on -------
# rebex_suite: a new base exchange from A (the peers deleted and added again
# on both sides, which destroys the association), then the ESP suite of A's
# association ("" if the exchange failed)
rebex_suite()
{
	hipctl -n "$A" peer del "$HIT_B" && hipctl -n "$B" peer del "$HIT_A" &&
		hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" locator "$LOC6_B" &&
		hipctl -n "$B" peer add "$HIT_A" lsi "$LSI_A" locator "$LOC6_A" &&
		hip_bex_ping "$A" "$HIT_B" >/dev/null && ha_field "$A" "$HIT_B" esp_suite
}

assert_eq "config show: null-crypto off by default" \
	"$(hipctl -n "$A" -j config show | json_eval 'd["null_crypto"]')" 0
hipctl -n "$B" bench null-noauth on
hipctl -n "$A" bench null-noauth on
assert_eq "null-noauth on in A and B, null-crypto off: AES-128-GCM negotiated" \
	"$(rebex_suite)" 13
hipctl -n "$A" bench null-noauth off
hipctl -n "$A" config set null-crypto on
hipctl -n "$B" config set null-crypto on
assert_eq "null-noauth on in B only (null-crypto on): AES-128-GCM negotiated" "$(rebex_suite)" 13
hipctl -n "$A" bench null-noauth on
assert_eq "null-noauth on in A and B: suite 65280 negotiated" "$(rebex_suite)" 65280
assert_ok "A: the null-noauth association carries pings" \
	ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$HIT_B"
hipctl -n "$A" bench null-noauth off
hipctl -n "$B" bench null-noauth off
assert_eq "null-noauth off again: AES-128-GCM negotiated" "$(rebex_suite)" 13

# --- 3d. NULL with HMAC-SHA-256 (7) only with null-crypto on both sides ----------------
hipctl -n "$B" config set esp-suite null
assert_eq "B prefers suite 7, both null-crypto on: suite 7 negotiated" "$(rebex_suite)" 7
assert_eq "... and the HIP cipher is still AES-128-CBC (NULL-ENCRYPT offered last)" \
	"$(ha_field "$A" "$HIT_B" hip_cipher)" 2
hipctl -n "$A" config set null-crypto off
assert_eq "A null-crypto off: A refuses suite 7, AES-128-GCM negotiated" "$(rebex_suite)" 13
hipctl -n "$A" config set null-crypto on
hipctl -n "$B" config set null-crypto off
assert_eq "B null-crypto off: B does not offer suite 7, AES-128-GCM negotiated" \
	"$(rebex_suite)" 13
hipctl -n "$A" config set null-crypto off
hipctl -n "$B" config set esp-suite aes128gcm

# --- 4. rmmod with synthetic associations --------------------------------------------------
assert_ok "B: bench synth 500 sas" hipctl -n "$B" bench synth 500 sas
mark=$(kmsg_mark "rmmod with synthetic associations")
if out=$(hip_module_unload 2>&1); then
	pass "rmmod hip with 500 synthetic associations in B"
	log=$(kmsg_since "$mark")
	if grep -q 'hip: module unloaded, 0 objects live' <<<"$log"; then
		pass "'hip: module unloaded, 0 objects live'"
	else
		fail "no 'hip: module unloaded, 0 objects live' in the kernel log"
		log_output "$log"
	fi
	if grep -qE 'leaked|still has objects|BUG|WARNING|Oops|refcount' <<<"$log"; then
		fail "leak or splat in the kernel log"
		log_output "$log"
	fi
	assert_ok "insmod again" hip_module_load
else
	fail "rmmod hip: $out"
fi

hip_test_exit
