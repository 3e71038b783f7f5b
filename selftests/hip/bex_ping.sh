#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Base exchange triggered by ping, then ESP both ways.
#
#   ns A (HIT_A, LSI_A) --- veth, IPv6 locators fd00::1 / fd00::2 --- ns B
#
#   1. A: ping6 HIT_B.  The first echo request triggers I1/R1/I2/R2; an
#      answer comes back within HIP_BEX_TIMEOUT.
#   2. both sides list exactly one association, ESTABLISHED, with each
#      other's HITs and LSIs and the locators in use; A is the initiator,
#      B is not; A's spi out == B's spi in and A's spi in == B's spi out;
#      dh/cipher/esp suites agree; packet counters are nonzero and the
#      packets A sent are those B received.
#   3. A: ping LSI_B (the same association carries IPv4 between LSIs), and
#      B: ping6 HIT_A (the responder sends too); still one association,
#      same SPIs, counters grew.
#   4. counters: bex_done rose on both sides, no drops on the association.

TEST_NAME=bex_ping
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

stats_save "$A" "$TMPD/a.stats"
stats_save "$B" "$TMPD/b.stats"

if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "A: ping6 $HIT_B answered after ${t}s (base exchange)"
else
	fail "A: ping6 $HIT_B: no answer within ${HIP_BEX_TIMEOUT}s"
	log_output "$(hipctl -n "$A" ha show 2>&1)"
	log_output "$(hipctl -n "$A" stats 2>&1 | awk '$2 != 0')"
	hip_test_exit
fi

assert_ok "A: 3 more echo requests to HIT_B answered" \
	ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$HIT_B"

# --- the associations (JSON, and the text listing) ------------------------------
wait_ha_state "$B" "$HIT_A" ESTABLISHED 10
assert_eq "A: one association" "$(ha_count "$A")" 1
assert_eq "B: one association" "$(ha_count "$B")" 1
assert_eq "A: association with B is ESTABLISHED" "$(ha_state "$A" "$HIT_B")" ESTABLISHED
assert_eq "B: association with A is ESTABLISHED" "$(ha_state "$B" "$HIT_A")" ESTABLISHED

HA_A=$(hipctl -n "$A" -j ha show)
HA_B=$(hipctl -n "$B" -j ha show)
log_info "A: $HA_A"
log_info "B: $HA_B"

# check_ha HA-A HA-B [PREV-A PREV-B]: the "ha show -j" arrays of A and B
# (and optionally earlier ones, whose SPIs must be the same and counters
# lower); prints one line per violated expectation (python starts slowly
# in the VM: one run checks everything)
check_ha()
{
	"$PYTHON" - "$1" "$2" "${3:-}" "${4:-}" "$HIT_A" "$HIT_B" "$LSI_A" "$LSI_B" \
		"$LOC6_A" "$LOC6_B" "$(hipctl -n "$A" -j hi show)" <<'PY'
import ipaddress, json, sys
ip = ipaddress.ip_address
hit_a, hit_b, lsi_a, lsi_b, loc_a, loc_b = sys.argv[5:11]

def want(cond, what):
    if not cond:
        print(what)

def pick(doc, peer):
    try:
        arr = json.loads(doc)
    except ValueError:
        print("not JSON: %r" % doc)
        return {}
    want(isinstance(arr, list) and len(arr) == 1, "not a list of one association: %r" % doc)
    return next((h for h in arr if ip(h.get("peer_hit", "::")) == ip(peer)), {})

a, b = pick(sys.argv[1], hit_b), pick(sys.argv[2], hit_a)
his = json.loads(sys.argv[11])
want([(h.get("hit"), h.get("lsi")) for h in his] == [(hit_a, lsi_a)],
     "A: hi show -j %r does not match the text listing %s %s" % (his, hit_a, lsi_a))
if sys.argv[3]:
    pa, pb = pick(sys.argv[3], hit_b), pick(sys.argv[4], hit_a)
    for n, h, p in (("A", a, pa), ("B", b, pb)):
        for k in ("spi_in", "spi_out", "dh_group", "hip_cipher", "esp_suite"):
            want(h.get(k) == p.get(k), "%s: %s changed %r -> %r" % (n, k, p.get(k), h.get(k)))
        for k in ("pkts_in", "pkts_out"):
            want(h.get(k, 0) - p.get(k, 0) >= 8,
                 "%s: %s %r -> %r, want 8 more (3 + 3 + 2 echoes)" % (n, k, p.get(k), h.get(k)))

for n, h, lh, ph, ll, pl, lloc, ploc in (
        ("A", a, hit_a, hit_b, lsi_a, lsi_b, loc_a, loc_b),
        ("B", b, hit_b, hit_a, lsi_b, lsi_a, loc_b, loc_a)):
    want(h.get("state") == "ESTABLISHED", "%s: state %r" % (n, h.get("state")))
    for k, v in (("local_hit", lh), ("peer_hit", ph), ("local_locator", lloc),
                 ("peer_locator", ploc)):
        want(h.get(k) is not None and ip(h[k]) == ip(v),
             "%s: %s %r, want %s" % (n, k, h.get(k), v))
    for k, v in (("local_lsi", ll), ("peer_lsi", pl)):
        want(h.get(k) == v, "%s: %s %r, want %s" % (n, k, h.get(k), v))
    for k in ("spi_in", "spi_out"):
        v = h.get(k)
        # RFC 4303: SPIs 1..255 are reserved, 0 is not an SPI
        want(isinstance(v, int) and 256 <= v <= 0xffffffff,
             "%s: %s %r not a valid SPI" % (n, k, v))
    for k in ("pkts_in", "pkts_out", "bytes_in", "bytes_out"):
        want(isinstance(h.get(k), int) and h[k] > 0, "%s: %s %r, want > 0" % (n, k, h.get(k)))
    want(h.get("drops", 0) == 0, "%s: drops %r" % (n, h.get("drops")))
    want(h.get("hit_suite") in (1, 2), "%s: hit_suite %r" % (n, h.get("hit_suite")))
want(a.get("initiator") is True, "A: initiator %r, want true" % a.get("initiator"))
want(not b.get("initiator"), "B: initiator %r, want false/absent" % b.get("initiator"))
want(a.get("spi_out") == b.get("spi_in"), "A spi_out %r != B spi_in %r" % (a.get("spi_out"), b.get("spi_in")))
want(a.get("spi_in") == b.get("spi_out"), "A spi_in %r != B spi_out %r" % (a.get("spi_in"), b.get("spi_out")))
want(a.get("spi_in") != a.get("spi_out"), "A: spi_in == spi_out")
for k in ("dh_group", "hip_cipher", "esp_suite"):
    want(a.get(k) is not None and a.get(k) == b.get(k), "%s: A %r B %r" % (k, a.get(k), b.get(k)))
want(a.get("dh_group") in (4, 7, 8), "dh_group %r not one we offer" % a.get("dh_group"))
want(a.get("hip_cipher") in (1, 2, 4), "hip_cipher %r not one we offer" % a.get("hip_cipher"))
want(a.get("esp_suite") in (7, 8, 9, 13), "esp_suite %r not one we offer" % a.get("esp_suite"))
# every echo request A sent over ESP arrived at B, and every reply came back
want(a.get("pkts_out") == b.get("pkts_in"), "A pkts_out %r != B pkts_in %r" % (a.get("pkts_out"), b.get("pkts_in")))
want(b.get("pkts_out") == a.get("pkts_in"), "B pkts_out %r != A pkts_in %r" % (b.get("pkts_out"), a.get("pkts_in")))
want(a.get("pkts_out", 0) >= 4, "A pkts_out %r, want >= 4 (echo requests)" % a.get("pkts_out"))
PY
}

out=$(check_ha "$HA_A" "$HA_B")
if [ -z "$out" ]; then
	pass "associations (JSON) match: SPIs crossed, suites agree, counters consistent, A initiator"
else
	fail "associations do not match"
	log_output "$out"
fi

# the text listing says the same
txt=$(hipctl -n "$A" ha show "$HIT_B")
assert_match "A: ha show HIT_B text" "$txt" \
	"^ha $HIT_A <-> $HIT_B state ESTABLISHED initiator"
spi_out=$(ha_field "$A" "$HIT_B" spi_out)
spi_in_b=$(ha_field "$B" "$HIT_A" spi_in)
assert_eq "text: A's spi out ($spi_out) is B's spi in" "$((spi_out))" "$((spi_in_b))"
assert_match "A: text lists lsi and locators" "$txt" \
	"lsi $LSI_A <-> $LSI_B.*locator $LOC6_A <-> $LOC6_B"

# --- LSIs and the responder sending -------------------------------------------
assert_ok "A: ping LSI_B $LSI_B over the association" \
	ip netns exec "$A" ping -q -c 3 -i 0.2 -W 5 "$LSI_B"
assert_ok "B: ping6 HIT_A (responder sends)" \
	ip netns exec "$B" ping -q -c 3 -i 0.2 -W 5 "$HIT_A"
assert_ok "B: ping LSI_A" \
	ip netns exec "$B" ping -q -c 2 -i 0.2 -W 5 "$LSI_A"

HA_A2=$(hipctl -n "$A" -j ha show)
HA_B2=$(hipctl -n "$B" -j ha show)
out=$(check_ha "$HA_A2" "$HA_B2" "$HA_A" "$HA_B")
if [ -z "$out" ]; then
	pass "after LSI and reverse traffic: same association and SPIs, 8+ more packets each way"
else
	fail "after LSI and reverse traffic"
	log_output "$out"
fi

# --- counters -------------------------------------------------------------------
assert_eq "A: bex_done +1" "$(stat_delta "$TMPD/a.stats" "$A" bex_done)" 1
assert_eq "B: bex_done +1" "$(stat_delta "$TMPD/b.stats" "$B" bex_done)" 1
assert_eq "B: r1_out +1" "$(stat_delta "$TMPD/b.stats" "$B" r1_out)" 1
assert_stat_rises "A: esp_out rose" "$TMPD/a.stats" "$A" esp_out 10
assert_stat_rises "B: esp_in rose" "$TMPD/b.stats" "$B" esp_in 10
for ns in A B; do
	drops=$(hipctl -n "${!ns}" stats | awk '$1 ~ /^drop_/ && $2 != 0')
	assert_eq "$ns: no drop_* counter rose" "$drops" ""
done

hip_test_exit
