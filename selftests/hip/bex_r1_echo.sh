#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Initiator answers an R1's ECHO_REQUEST_UNSIGNED parameters with
# ECHO_RESPONSE_UNSIGNED in its I2 (RFC 7401 5.2.21, 5.2.23, 5.3.3, 6.8),
# and a Responder's R1s carry a fresh puzzle #I for each I1 (4.1.2).
#
#   ns A (initiator) --- fd02::1 / fd02::3 --- ns C (python, no HIP) ---
#                                fd03::3 / fd03::2 --- ns B (responder)
#
#   1. C sends B two I1s as if from A (sender HIT_A, to HIT_B) and reads
#      B's R1s: their signatures (HIP_SIGNATURE_2) are the same, their
#      #I differ (the puzzle is outside the signature, 5.2.4, 5.2.15).
#   2. C appends two ECHO_REQUEST_UNSIGNED to one of them: they come after
#      HIP_SIGNATURE_2, outside the signature (6.4.2), so it stays valid.
#   3. A knows B at fd02::3 (C) and pings HIT_B; C answers A's I1 with
#      that R1.  A's I2 must carry two ECHO_RESPONSE_UNSIGNED with the
#      same data, in the same order, last in the packet (after
#      HIP_SIGNATURE), and its SOLUTION must echo the R1's #I and Opaque.

TEST_NAME=bex_r1_echo
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping
hip_topo_setup || exit $?
setup_ns C || hip_test_exit
ip link add va2 netns "$A" type veth peer name vc1 netns "$C" &&
ip link add vb2 netns "$B" type veth peer name vc2 netns "$C" &&
ip -n "$A" addr add fd02::1/64 dev va2 nodad &&
ip -n "$C" addr add fd02::3/64 dev vc1 nodad &&
ip -n "$B" addr add fd03::2/64 dev vb2 nodad &&
ip -n "$C" addr add fd03::3/64 dev vc2 nodad &&
ip -n "$A" link set va2 up && ip -n "$C" link set vc1 up &&
ip -n "$B" link set vb2 up && ip -n "$C" link set vc2 up ||
	{ fail "veth A-C, B-C"; hip_test_exit; }
assert_ok "A: peer add B at fd02::3 (C)" \
	hipctl -n "$A" peer add "$HIT_B" lsi "$LSI_B" locator fd02::3

# C: the python side; prints one line per failed expectation, "ok" at the
# end.  A's ping starts once C is listening ("ready" in $TMPD/ready).
ip netns exec "$C" "$PYTHON" - "$HIP_SELFTEST_DIR" "$HIT_A" "$HIT_B" \
	"$TMPD/ready" >"$TMPD/c.out" 2>&1 <<'PY' &
import socket, struct, sys, time
sys.path.insert(0, sys.argv[1])
import hip_craft as hc
hit_a, hit_b, ready = sys.argv[2:5]
P_ECHO_REQ_U, P_ECHO_RESP_U, P_SOLUTION = 63661, 63425, 321
bad = []

def want(cond, what):
    if not cond:
        bad.append(what)

def recv_hip(s, ptype, timeout):
    end = time.time() + timeout
    while time.time() < end:
        s.settimeout(max(0.1, end - time.time()))
        try:
            pkt, addr = s.recvfrom(4096)
        except socket.timeout:
            break
        if len(pkt) >= 40 and pkt[2] & 0x7f == ptype:
            return pkt, addr
    return None, None

def param(pkt, ptype):
    return [(o, l) for t, o, l in hc.hip_params(pkt) if t == ptype]

s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, hc.IPPROTO_HIP)
s.bind(("::", 0))
# 1. two R1s from B for two I1s "from A"
r1s = []
for _ in range(2):
    hc.send_raw("fd03::3", "fd03::2", hc.i1(hit_a, hit_b, "fd03::3", "fd03::2"))
    r1, _ = recv_hip(s, 2, 20)
    want(r1 is not None, "no R1 from B")
    if r1 is None:
        print("\n".join(bad))
        sys.exit(0)
    r1s.append(r1)
sig = [bytes(r[o:o + 4 + l]) for r in r1s for o, l in param(r, hc.P_HIP_SIGNATURE_2)]
# PUZZLE: #K, Lifetime, Opaque (2), #I
pz = [bytes(r[o + 4:o + 4 + l]) for r in r1s for o, l in param(r, hc.P_PUZZLE)]
want(len(sig) == 2 and sig[0] == sig[1], "the two R1s are not signed alike")
want(len(pz) == 2 and pz[0][4:] != pz[1][4:], "the two R1s have the same #I")
# 2. two ECHO_REQUEST_UNSIGNED after HIP_SIGNATURE_2
r1 = r1s[0]
end = (r1[1] + 1) * 8
echo = [b"echo-one", b"the second echo data"]
r1 = bytearray(r1[:end] + b"".join(hc.tlv(P_ECHO_REQ_U, e) for e in echo))
r1[1] = len(r1) // 8 - 1
r1[4:6] = b"\0\0"
# 3. A's I1 -> that R1 -> A's I2
open(ready, "w").close()
i1, addr = recv_hip(s, 1, 60)
want(i1 is not None, "no I1 from A")
if i1 is not None:
    hc.send_raw("fd02::3", addr[0], hc.hip_set_checksum("fd02::3", addr[0], bytes(r1)))
    i2, _ = recv_hip(s, 3, 60)
    want(i2 is not None, "no I2 from A")
if i1 is not None and i2 is not None:
    ps = hc.hip_params(i2)
    types = [t for t, _, _ in ps]
    want(types == sorted(types), "I2 parameters not in ascending order: %r" % types)
    got = [bytes(i2[o + 4:o + 4 + l]) for t, o, l in ps if t == P_ECHO_RESP_U]
    want(got == echo, "ECHO_RESPONSE_UNSIGNED %r, want %r" % (got, echo))
    want(types[-len(echo):] == [P_ECHO_RESP_U] * len(echo) and
         hc.P_HIP_SIGNATURE in types, "ECHO_RESPONSE_UNSIGNED not after HIP_SIGNATURE")
    # SOLUTION: #K, Reserved, Opaque (2), #I, #J
    sol = [bytes(i2[o + 4:o + 4 + l]) for t, o, l in ps if t == P_SOLUTION]
    want(len(sol) == 1 and sol[0][2:4] == pz[0][2:4] and
         sol[0][4:len(pz[0])] == pz[0][4:],
         "SOLUTION does not echo the R1's Opaque and #I")
print("\n".join(bad) if bad else "ok")
PY
cpid=$!
if ! wait_for 150 0.2 test -e "$TMPD/ready"; then
	fail "C: R1s from B (step 1)"
	log_output "$(cat "$TMPD/c.out")"
	hip_test_exit
fi
# A's pings start the exchange; nobody answers them, the I2 is what counts
ip netns exec "$A" ping -q -c 30 -i 1 -W 1 "$HIT_B" >/dev/null 2>&1 &
ppid=$!
wait "$cpid"
kill "$ppid" 2>/dev/null
wait "$ppid" 2>/dev/null
assert_eq "C: B's R1s and A's I2 as expected" "$(cat "$TMPD/c.out")" ok

hip_test_exit
