#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP and UDP between HITs (and LSIs) over the ESP data path.
#
#   ns A  ---- IPv6 locators ---->  ns B
#   socat: 16 MB of random data     socat TCP6-LISTEN on [HIT_B]  -> file
#   python: connect to HIT_B/LSI_B  python TCP server: getpeername()
#   python: UDP datagrams           python UDP echo server on [HIT_B]
#
# Asserts: the 16 MB arrive intact (sha256 of what B wrote == what A sent,
# same size); B's association counts at least 16 MB of inner bytes in; a TCP
# server on HIT_B sees the client as HIT_A (getpeername) and itself as
# HIT_B (getsockname), and over LSIs sees LSI_A / LSI_B; 100 UDP datagrams
# of 1 to 1352 bytes (the largest that fits hip0's MTU of 1400) come back
# unchanged from an echo server on HIT_B, which sees them from HIT_A; one
# association on each side throughout, no drops.

TEST_NAME=bex_tcp_udp
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

SIZE_MB=${HIP_TCP_MB:-16}

hip_test_init
require_command ping socat ss sha256sum timeout
hip_topo_setup || exit $?
hip_peers_add 6 || hip_test_exit

if t=$(hip_bex_ping "$A" "$HIT_B"); then
	pass "base exchange (ping6 HIT_B answered after ${t}s)"
else
	fail "no base exchange within ${HIP_BEX_TIMEOUT}s"
	hip_test_exit
fi

# listening NS PORT: a TCP or UDP socket bound to PORT exists in NS
listening()
{
	ip netns exec "$1" ss -Hlntu "sport = :$2" | grep -q .
}

# --- 16 MB over TCP between HITs ------------------------------------------------
head -c "${SIZE_MB}M" /dev/urandom >"$TMPD/send"
want=$(sha256sum <"$TMPD/send")
ip netns exec "$B" timeout 600 socat -u \
	"TCP6-LISTEN:5001,bind=[$HIT_B],reuseaddr" "CREATE:$TMPD/recv" \
	2>"$TMPD/socat-b.err" &
srv=$!
defer kill "$srv"
if ! wait_for 100 0.1 listening "$B" 5001; then
	fail "socat did not listen on [$HIT_B]:5001"
	log_output "$(cat "$TMPD/socat-b.err")"
	hip_test_exit
fi
t0=$EPOCHREALTIME
if ip netns exec "$A" timeout 600 socat -u "OPEN:$TMPD/send" "TCP6:[$HIT_B]:5001" \
	2>"$TMPD/socat-a.err"; then
	pass "A: socat sent ${SIZE_MB} MB to [$HIT_B]:5001"
else
	fail "A: socat to [$HIT_B]:5001 failed"
	log_output "$(cat "$TMPD/socat-a.err")"
fi
wait "$srv"
rc=$?
t1=$EPOCHREALTIME
assert_eq "B: socat server exited 0" "$rc" 0
log_output "$(cat "$TMPD/socat-b.err")"
us=$(( ${t1/./} - ${t0/./} ))
[ "$us" -gt 0 ] && log_info "TCP: ${SIZE_MB} MB in $((us / 1000)) ms, $((SIZE_MB * 8 * 1000000 / us)) Mbit/s"
assert_eq "B received $((SIZE_MB << 20)) bytes" "$(stat -c %s "$TMPD/recv" 2>/dev/null)" $((SIZE_MB << 20))
assert_eq "sha256 of the received data matches" "$(sha256sum <"$TMPD/recv" 2>/dev/null)" "$want"
rm -f "$TMPD/send" "$TMPD/recv"

bytes_in=$(ha_field "$B" "$HIT_A" bytes_in)
if [ "${bytes_in:-0}" -ge $((SIZE_MB << 20)) ]; then
	pass "B: association counts $bytes_in inner bytes in"
else
	fail "B: association bytes_in '$bytes_in' < $((SIZE_MB << 20))"
fi

# --- getpeername on the server side: HITs and LSIs ----------------------------------
SERVER='
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(1)
s.settimeout(120)
c, _ = s.accept()
c.settimeout(60)
data = c.recv(100)
c.sendall(b"pong " + data)
print(c.getpeername()[0], c.getsockname()[0], data.decode(), flush=True)
c.close()
'
CLIENT='
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=60)
c.sendall(b"ping")
print(c.recv(100).decode(), c.getsockname()[0], c.getpeername()[0])
'
# peer_names BIND PORT DEST: runs the server in B and the client in A; sets
# SRV_OUT ("peer local data") and CLI_OUT ("reply local peer").
peer_names()
{
	local pid

	ip netns exec "$B" "$PYTHON" -c "$SERVER" "$1" "$2" >"$TMPD/srv.out" 2>&1 &
	pid=$!
	defer kill "$pid"
	wait_for 100 0.1 listening "$B" "$2" || log_info "server on $1:$2 not listening"
	CLI_OUT=$(ip netns exec "$A" "$PYTHON" -c "$CLIENT" "$3" "$2" 2>&1)
	wait "$pid"
	SRV_OUT=$(<"$TMPD/srv.out")
}

peer_names "$HIT_B" 5002 "$HIT_B"
assert_eq "TCP over HITs: server getpeername/getsockname = HIT_A HIT_B" \
	"$SRV_OUT" "$HIT_A $HIT_B ping"
assert_eq "TCP over HITs: client sees HIT_A -> HIT_B" "$CLI_OUT" "pong ping $HIT_A $HIT_B"

peer_names 0.0.0.0 5003 "$LSI_B"
assert_eq "TCP over LSIs: server getpeername/getsockname = LSI_A LSI_B" \
	"$SRV_OUT" "$LSI_A $LSI_B ping"
assert_eq "TCP over LSIs: client sees LSI_A -> LSI_B" "$CLI_OUT" "pong ping $LSI_A $LSI_B"

# --- UDP datagrams ----------------------------------------------------------------
ip netns exec "$B" "$PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 5004))
s.settimeout(120)
peers = set()
while True:
    data, peer = s.recvfrom(65535)
    if data == b"quit":
        break
    peers.add(peer[0])
    s.sendto(data, peer)
print(" ".join(sorted(peers)), flush=True)
' "$HIT_B" >"$TMPD/udp.out" 2>&1 &
udp=$!
defer kill "$udp"
wait_for 100 0.1 listening "$B" 5004 || log_info "UDP echo server not listening"
out=$(ip netns exec "$A" "$PYTHON" -c '
import os, socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(3)
dst = (sys.argv[1], 5004)
sizes = [1, 2, 7, 8, 15, 16, 17, 100, 512, 1000, 1280, 1351, 1352]
sizes += [1 + (i * 131) % 1352 for i in range(100 - len(sizes))]
good = 0
for n in sizes:
    data = os.urandom(n)
    for _ in range(3):          # a datagram may be lost; try it 3 times
        s.sendto(data, dst)
        try:
            back, peer = s.recvfrom(65535)
        except socket.timeout:
            continue
        if back == data:
            good += 1
            break
s.sendto(b"quit", dst)
print(good, len(sizes))
' "$HIT_B" 2>&1)
wait "$udp"
assert_eq "UDP: 100 datagrams of 1-1352 bytes echoed unchanged over HITs" "$out" "100 100"
assert_eq "UDP: the echo server saw them from HIT_A only" "$(<"$TMPD/udp.out")" "$HIT_A"

assert_eq "one association on each side" "$(ha_count "$A")/$(ha_count "$B")" 1/1
for ns in A B; do
	drops=$(hipctl -n "${!ns}" stats | awk '$1 ~ /^drop_/ && $2 != 0')
	assert_eq "$ns: no drop_* counter rose" "$drops" ""
done

hip_test_exit
