#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of "make demo" (run by scripts/demo.sh through vm-run.sh):
# two hosts (network namespaces joined by a veth), one RSA and one ECDSA
# host identity made with hipctl keygen, each told about the other as a
# peer; a ping to the peer's HIT runs the base exchange, then a TCP
# transfer over the HITs goes through BEET-mode ESP, and a second one keeps
# running while one host changes its address (mobility by UPDATE); at the
# end a live TCP connection moves to another host with tools/hip-migrate
# (application mobility, criu and a delegation certificate).

set -eu -o pipefail

step() { printf '\n==> %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

tmp=$(mktemp -d /tmp/hipdemo.XXXXXX)
nss=()
cleanup() {
	local ns

	for ns in "${nss[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$tmp"
	if grep -q '^hip ' /proc/modules; then
		rmmod hip && dmesg | grep 'hip: module unloaded' | tail -n 1 || true
	fi
}
trap cleanup EXIT

step "Kernel $(uname -r): loading hip.ko"
modprobe ecc 2>/dev/null || true	# ECDSA helpers are a module on 6.1
run insmod "$HIP_KO"
dmesg | grep 'hip: loaded' | tail -n 1

step "Creating two network namespaces (unique names, lo up, like kselftest setup_ns)"
for v in alice bob; do
	ns=$v-$(mktemp -u XXXXXX)
	ns=${ns,,}
	run ip netns add "$ns"
	nss+=("$ns")
	ip -n "$ns" link set lo up
done
ns_a=${nss[0]}
ns_b=${nss[1]}

step "Generating an RSA host identity (PKCS#8 PEM, mode 0600)"
run hipctl keygen rsa --bits 2048 -o "$tmp/alice-rsa.pem"
step "Generating an ECDSA P-256 host identity"
run hipctl keygen ecdsa --curve P-256 -o "$tmp/bob-ecdsa.pem"
ls -l "$tmp"

step "Their HITs and LSIs, computed offline by hipctl"
run hipctl hit "$tmp/alice-rsa.pem"
run hipctl hit "$tmp/bob-ecdsa.pem"

step "Loading the RSA identity into $ns_a and the ECDSA one into $ns_b"
run hipctl -n "$ns_a" hi add "$tmp/alice-rsa.pem"
run hipctl -n "$ns_b" hi add "$tmp/bob-ecdsa.pem"

step "What the kernel holds in each namespace"
run hipctl -n "$ns_a" hi show
run hipctl -n "$ns_b" hi show

step "The same as JSON (public key shortened)"
hipctl -n "$ns_b" -j hi show |
	python3 -c 'import json, sys
his = json.load(sys.stdin)
for hi in his:
    hi["pubkey"] = hi["pubkey"][:24] + "..."
print(json.dumps(his, indent=2))'

step "HITs"
hit_a=$(hipctl -n "$ns_a" hi show | awk '{ print $2 }')
hit_b=$(hipctl -n "$ns_b" hi show | awk '{ print $2 }')
printf '%-22s %s\n' "$ns_a (RSA):" "$hit_a" "$ns_b (ECDSA):" "$hit_b"
[ "$hit_a" = "$(hipctl hit "$tmp/alice-rsa.pem" | awk '/^hit/ { print $2 }')" ]
[ "$hit_b" = "$(hipctl hit "$tmp/bob-ecdsa.pem" | awk '/^hit/ { print $2 }')" ]
echo "(kernel and offline HITs agree)"

step "Joining them with a veth: locators fd00::1 / fd00::2 and 10.0.0.1 / 10.0.0.2"
run ip link add va netns "$ns_a" type veth peer name vb netns "$ns_b"
run ip -n "$ns_a" addr add fd00::1/64 dev va nodad
run ip -n "$ns_a" addr add 10.0.0.1/24 dev va
run ip -n "$ns_b" addr add fd00::2/64 dev vb nodad
run ip -n "$ns_b" addr add 10.0.0.2/24 dev vb
ip -n "$ns_a" link set va up
ip -n "$ns_b" link set vb up

step "HITs and LSIs live on hip0 (hipctl hi add put them there)"
run ip -n "$ns_a" addr show dev hip0

lsi_a=$(hipctl -n "$ns_a" hi show | awk '{ print $4 }')
lsi_b=$(hipctl -n "$ns_b" hi show | awk '{ print $4 }')
step "Telling each host where the other is"
run hipctl -n "$ns_a" peer add "$hit_b" lsi "$lsi_b" locator fd00::2 locator 10.0.0.2
run hipctl -n "$ns_b" peer add "$hit_a" lsi "$lsi_a" locator fd00::1 locator 10.0.0.1
run hipctl -n "$ns_a" peer show

step "Base exchange: the first ping to the peer's HIT triggers I1/R1/I2/R2"
start=$SECONDS
for i in $(seq 1 30); do
	ip netns exec "$ns_a" ping -c 1 -W 5 "$hit_b" && break
	[ "$i" -lt 30 ] || { echo "no answer from $hit_b"; exit 1; }
done
echo "(answered after $((SECONDS - start)) s)"
run ip netns exec "$ns_a" ping -c 3 -i 0.3 "$lsi_b"

step "The host associations on both sides"
run hipctl -n "$ns_a" ha show
run hipctl -n "$ns_b" ha show

step "A 10 MB TCP transfer from $ns_a to [$hit_b]:5001 (socat), checked with sha256"
head -c 10M /dev/urandom >"$tmp/send"
ip netns exec "$ns_b" socat -u "TCP6-LISTEN:5001,bind=[$hit_b],reuseaddr" "CREATE:$tmp/recv" &
srv=$!
for i in $(seq 1 50); do
	ip netns exec "$ns_b" ss -Hltn 'sport = :5001' | grep -q . && break
	sleep 0.1
done
start=$EPOCHREALTIME
run ip netns exec "$ns_a" socat -u "OPEN:$tmp/send" "TCP6:[$hit_b]:5001"
wait "$srv"
end=$EPOCHREALTIME
us=$(( ${end/./} - ${start/./} ))
echo "10 MB in $((us / 1000)) ms ($((80 * 1000000 / us)) Mbit/s)"
sha256sum "$tmp/send" "$tmp/recv"
[ "$(sha256sum <"$tmp/send")" = "$(sha256sum <"$tmp/recv")" ] && echo "(identical)"

step "Associations and counters after the transfer"
run hipctl -n "$ns_a" ha show
run hipctl -n "$ns_b" ha show
hipctl -n "$ns_b" stats | awk '$2 != 0'

step "Mobility: a live transfer survives $ns_a changing its address (RFC 8046)"
echo "$ns_a streams 24 MB to [$hit_b]:5002 at 3 MB/s; after 2 s its locators fd00::1"
echo "and 10.0.0.1 go away and fd00::11 appears.  Nobody tells HIP: the module sees the address"
echo "change and sends $ns_b an UPDATE (LOCATOR_SET + ESP_INFO), $ns_b checks the new"
echo "address with an echo and moves the association there.  TCP, bound to the HITs,"
echo "sees nothing but perhaps a short pause."
head -c 24M /dev/urandom >"$tmp/send2"
ip netns exec "$ns_b" socat -u "TCP6-LISTEN:5002,bind=[$hit_b],reuseaddr" "CREATE:$tmp/recv2" &
srv=$!
for i in $(seq 1 50); do
	ip netns exec "$ns_b" ss -Hltn 'sport = :5002' | grep -q . && break
	sleep 0.1
done
timeout 60 hipctl -n "$ns_b" monitor >"$tmp/monitor" 2>&1 &
mon=$!
hipctl -n "$ns_a" stats >"$tmp/stats_a0"
ip netns exec "$ns_a" timeout 120 python3 -c '
import socket, sys, time
data = memoryview(open(sys.argv[2], "rb").read())
s = socket.create_connection((sys.argv[1], 5002), timeout=60)
t0, off, rate = time.monotonic(), 0, 3 << 20
while off < len(data):
    off += s.send(data[off:off + 16384])
    ahead = off / rate - (time.monotonic() - t0)
    if ahead > 0:
        time.sleep(ahead)
s.shutdown(socket.SHUT_WR)
s.recv(1)
' "$hit_b" "$tmp/send2" &
cli=$!
start=$EPOCHREALTIME
moved=
while kill -0 "$cli" 2>/dev/null; do
	ms=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
	got=$(stat -c %s "$tmp/recv2" 2>/dev/null || echo 0)
	printf '  t=%5d ms  %s received %8d bytes  %s -> %s via %s\n' "$ms" "$ns_b" "$got" \
		"$ns_b" "$ns_a" "$(hipctl -n "$ns_b" ha show | awk '$1 == "locator" { print $4; exit }')"
	if [ -z "$moved" ] && [ "$ms" -ge 2000 ]; then
		moved=1
		echo "  --- $ns_a changes networks: fd00::1 and 10.0.0.1 go, fd00::11 comes ---"
		ip -n "$ns_a" addr del fd00::1/64 dev va
		ip -n "$ns_a" addr del 10.0.0.1/24 dev va
		ip -n "$ns_a" addr add fd00::11/64 dev va nodad
	fi
	[ "$ms" -lt 60000 ] || break
	sleep 0.5
done
if wait "$cli"; then
	wait "$srv" || true
	sha256sum "$tmp/send2" "$tmp/recv2"
	if [ "$(sha256sum <"$tmp/send2")" = "$(sha256sum <"$tmp/recv2")" ]; then
		echo "(identical: the transfer survived the move)"
	else
		echo "(DIFFERENT: the transfer was damaged)"
	fi
else
	kill "$srv" 2>/dev/null || true
	echo "(the transfer did not finish: $(stat -c %s "$tmp/recv2" 2>/dev/null || echo 0) of $((24 << 20)) bytes; does this hip.ko have UPDATE?)"
fi
kill "$mon" 2>/dev/null || true
echo "What hipctl monitor saw in $ns_b:"
sed 's/^/  /' "$tmp/monitor"
run hipctl -n "$ns_b" ha show
echo "UPDATE counters in $ns_a (change since before the move):"
hipctl -n "$ns_a" stats | awk 'NR == FNR { b[$1] = $2; next }
	$1 ~ /^(update_|loc_changes|bex_done|drop_credit|addr_check|failover)/ { printf "  %-20s %s (+%d)\n", $1, $2, $2 - b[$1] }' "$tmp/stats_a0" -
rm -f "$tmp/send2" "$tmp/recv2"

step "Application mobility: a live TCP connection moves to another host (tools/hip-migrate)"
echo "Three more hosts on one bridge: app1 fd00::31 and app2 fd00::32 serve, peer fd00::33 is"
echo "the client's side.  A process on app1 sends 120 numbered lines, one every 0.25 s, over TCP from"
echo "HIT_app1 to the peer, which prints what it gets.  app1 signs a delegation certificate for"
echo "app2 (hipctl cert issue); hip-migrate freezes the process (criu dump --tcp-established),"
echo "app2 takes over the peer's association under HIT_app1 with the certificate chain, and"
echo "criu restores the process there.  The peer's program is not touched: same socket, same"
echo "HIT, the lines just go on."
if ! command -v criu >/dev/null; then
	echo "(criu is not installed: skipped; scripts/install-deps.sh installs it)"
else
	for v in app1 app2 peer; do
		ns=$v-$(mktemp -u XXXXXX)
		ns=${ns,,}
		ip netns add "$ns"
		nss+=("$ns")
		ip -n "$ns" link set lo up
		hipctl keygen ecdsa --curve P-256 -o "$tmp/$v.pem" >/dev/null
		hipctl -n "$ns" hi add "$tmp/$v.pem" >/dev/null
		printf -v "ns_$v" %s "$ns"
	done
	ip -n "$ns_peer" link add br0 type bridge
	i=1
	for ns in "$ns_app1" "$ns_app2" "$ns_peer"; do
		ip link add "e$i" netns "$ns" type veth peer name "p$i" netns "$ns_peer"
		ip -n "$ns_peer" link set "p$i" master br0
		ip -n "$ns_peer" link set "p$i" up
		ip -n "$ns" addr add "fd00::3$i/64" dev "e$i" nodad
		ip -n "$ns" link set "e$i" up
		i=$((i + 1))
	done
	ip -n "$ns_peer" link set br0 up
	hit_1=$(hipctl -n "$ns_app1" hi show | awk '{ print $2 }')
	hit_p=$(hipctl -n "$ns_peer" hi show | awk '{ print $2 }')
	run hipctl -n "$ns_app1" peer add "$hit_p" locator fd00::33
	run hipctl -n "$ns_peer" peer add "$hit_1" locator fd00::31
	for i in $(seq 1 30); do
		ip netns exec "$ns_app1" ping -q -c 1 -W 5 "$hit_p" >/dev/null && break
	done
	run hipctl cert issue --key "$tmp/app1.pem" --subject "$tmp/app2.pem" --lifetime 1h -o "$tmp/deleg.pem"
	run hipctl cert verify "$tmp/deleg.pem"
	ip netns exec "$ns_peer" python3 -u -c '
import socket, sys
ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
ls.bind((sys.argv[1], 5003))
ls.listen(1)
c, a = ls.accept()
print("  peer: connection from [%s]:%d" % a[:2])
n = 0
for line in c.makefile("r"):
    n += 1
    ok = line.strip() == "line-%d" % n
    print("  peer: got %-9s on the same socket%s" % (line.strip(), "" if ok else "  OUT OF ORDER"))
print("  peer: the connection ended after %d lines" % n)
' "$hit_p" &
srv=$!
	for i in $(seq 1 50); do
		ip netns exec "$ns_peer" ss -Hltn 'sport = :5003' | grep -q . && break
		sleep 0.1
	done
	# the process: its own session, no descriptor but stdio (criu dumps only
	# what it can restore), net namespace only (criu shares its mount ns)
	(for fd in /proc/$BASHPID/fd/*; do
		fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done 2>/dev/null
	exec setsid -f nsenter --net="/run/netns/$ns_app1" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind((sys.argv[1], 0))
s.connect((sys.argv[2], 5003))
for n in range(1, 121):
    s.send(b"line-%d\n" % n)
    time.sleep(0.25)
s.close()
' "$hit_1" "$hit_p" </dev/null >/dev/null 2>&1)
	for i in $(seq 1 50); do
		app=$(pgrep -n -f "^python3 -c.*$hit_1 $hit_p") && break
		sleep 0.1
	done
	sleep 3
	echo "  --- moving process $app from $ns_app1 to $ns_app2 ---"
	if run "$(dirname "$(readlink -f "$0")")/../tools/hip-migrate" -c "$tmp/deleg.pem" \
		"$app" "$ns_app1" "$ns_app2" 2>"$tmp/migrate.err"; then
		echo "  --- process $app now runs in $(ip netns identify "$app") ---"
		run hipctl -n "$ns_peer" ha show "$hit_1"
		echo "(the peer's association with HIT_app1 is now at app2's locator fd00::32)"
	else
		cat "$tmp/migrate.err"
		echo "(hip-migrate failed)"
	fi
	wait "$srv" 2>/dev/null || true
fi

step "Closing the association from $ns_a"
run hipctl -n "$ns_a" ha close "$hit_b"
sleep 2
run hipctl -n "$ns_a" ha show
run hipctl -n "$ns_b" ha show

step "Cleaning up: deleting the namespaces frees their identities, then rmmod"
