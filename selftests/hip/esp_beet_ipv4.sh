#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The BEET pseudo header for inner IPv4 (LSI) packets, on the wire, and
# IPv4 options carried through it (RFC 7402 Appendix B.1.7).
#
#   ns A (va) ---- IPv6 locators ---- (vb) ns B, ESP suite 7 (NULL with
#   HMAC-SHA-256, allowed by null-crypto on: the ESP payload is in the
#   clear, so the capture shows it)
#
#   1. A: ping LSI_B, and ping -R LSI_B (a 40-byte record route option).
#   2. In the ESP packets A sent: next header 94; the pseudo header
#      (next header 1, pad length 4, header length such that pseudo header,
#      padding and options are (header length + 1) * 8 octets); the
#      padding is 4 NOP options in front of the options; without options
#      8 octets (header length 0), with the record route option 48
#      (header length 5), the option itself after the padding (type 7),
#      in the request and in the reply B's kernel echoed (the capture
#      on A's veth sees both directions).
#   3. ping -R shows the route recorded in the reply: B rebuilt the
#      request with the option, its kernel echoed it, and A rebuilt the
#      reply with it.

TEST_NAME=esp_beet_ipv4
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tcpdump
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit
for ns in "$A" "$B"; do
	# suite 7 is offered only with null-crypto on (RFC 7402 3.3.5)
	assert_ok "$ns: config set esp-suite 7 (NULL, HMAC-SHA-256)" \
		hipctl -n "$ns" config set esp-suite 7 null-crypto on
done

PCAP=$TMPD/esp.pcap
capture_start "$A" "$VETH_A" "$PCAP" esp || hip_test_exit
if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange (ping6 HIT_B answered after ${t}s)"
else
	fail "no base exchange within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi
assert_eq "A: ESP suite 7 in use" "$(ha_field "$A" "$HIT_B" esp_suite)" 7
assert_ok "A: ping LSI_B" ip netns exec "$A" ping -q -c 2 -i 0.2 -W 5 "$LSI_B"
run ip netns exec "$A" ping -R -c 1 -W 5 "$LSI_B"
log_output "$OUT"
assert_eq "A: ping -R LSI_B answered" "$RC" 0
assert_match "A: the reply carries the recorded route" "$OUT" "RR:"
capture_stop

run "$PYTHON" - "$PCAP" "$(dirname "$(readlink -f "$0")")" <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
from hip_craft import read_pcap, parse_ip

ICV = 16                        # suite 7: no IV, 16-byte ICV
seen = {}
for frame in read_pcap(sys.argv[1]):
    ip = parse_ip(frame)
    if not ip or ip[3] != 50:
        continue
    esp = frame[ip[4]:ip[5]]
    body = esp[8:len(esp) - ICV]
    padlen, nh = body[-2], body[-1]
    pl = body[:len(body) - 2 - padlen]
    if nh != 94:
        continue
    ph_nh, hdrlen, ph_pad = pl[0], pl[1], pl[2]
    total = (hdrlen + 1) * 8
    optlen = total - 4 - ph_pad
    opts = pl[4 + ph_pad:total]
    key = optlen
    ok = (ph_nh == 1 and ph_pad == 4 and pl[3] == 0 and
          pl[4:8] == b"\x01" * 4 and len(opts) == optlen and
          pl[total] in (0, 8))          # ICMP echo reply or request
    if optlen:      # ping's request: NOP, RR; the echoed reply: RR, EOL
        rr = 1 if opts[0] == 1 else 0
        ok = ok and optlen == 40 and opts[rr] == 7 and opts[rr + 1] == 39
    seen.setdefault(key, []).append((ok, pl[:12].hex()))
for k, v in sorted(seen.items()):
    print("optlen %d: %d packets, %s" % (k, len(v),
          "all well-formed" if all(o for o, _ in v) else "BAD " + repr(v)))
EOF
log_output "$OUT"
assert_match "IPv4 without options: pseudo header of 8 octets, 4 NOPs" \
	"$OUT" "optlen 0: [0-9]+ packets, all well-formed"
assert_match "IPv4 with record route: pseudo header of 48 octets" \
	"$OUT" "optlen 40: [0-9]+ packets, all well-formed"
if [[ "$OUT" == *BAD* ]]; then
	fail "a malformed pseudo header was sent"
else
	pass "no malformed pseudo header"
fi

hip_test_exit
