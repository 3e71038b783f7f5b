#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Application mobility (issue 11 part 5, Documentation/hip/delegation.rst
# "Application mobility"): a sender process on A streams a deterministic
# byte stream (a 1 MiB pattern from random.Random(SEED), cyclically, paced
# at about 80 KB/s, until the test says stop) over TCP from HIT_A to a
# receiver on C; tools/hip-migrate moves the live process (criu
# --tcp-established) A -> B -> D -> A while the stream flows.  C's
# receiver is never touched.  HIP_MIGRATE_OPTS adds options to every
# hip-migrate (e.g. -B: the base exchange before the restore).
#
#   A va  fd00::1 ----+
#                     |  B: br0 fd00::2
#   C vc  fd00::3 ----+
#   D vd  fd00::4 ----+
#
# Chains are counted in certificates, root included, as on the wire:
#   A -> B  chain of 2 (A's self-signed root, A -> B)
#   B -> D  chain of 3 (root, A -> B, B -> D: B re-delegates with --chain)
#   D -> A  chain of 1 (the owner: HOST_ID alone hashes to HIT_A, no CERT)
#
# Checked: C received every byte exactly once (length and sha256 of the
# deterministic stream), bytes flowed between the moves, C's association
# with HIT_A is at the host holding the process after each move (C
# validated the chain: cert_valid), the hosts left behind released HIT_A
# (no HIT_A on hip0, no chain held, association with C closed), the
# receiver is the same process throughout, and the sender ends in A.

TEST_NAME=app_migrate
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

MIGRATE=$(readlink -f "$HIP_SELFTEST_DIR/../../tools/hip-migrate")
PORT=5301
SEED=11				# of the stream's bytes
LOC6_D=fd00::4

hip_test_init
require_command ping socat criu nsenter ss sha256sum
[ -x "$MIGRATE" ] || ksft_skip_now "no $MIGRATE"
hip_topo_setup || exit $?
hip_topo_third || hip_test_exit
setup_ns D || hip_test_exit
ip link add vd netns "$D" type veth peer name vbd netns "$B" &&
	ip -n "$B" link set vbd master br0 && ip -n "$B" link set vbd up &&
	ip -n "$D" addr add "$LOC6_D/64" dev vd nodad && ip -n "$D" link set vd up ||
	{ fail "D on B's bridge"; hip_test_exit; }
wait_for 50 0.2 ping_ok "$D" "$LOC6_C" || log_info "D cannot reach C yet"
key_hipctl hi-c ecdsa --curve P-256 || hip_test_exit
key_hipctl hi-d ecdsa --curve P-256 || hip_test_exit
assert_ok "C: hi add" hipctl -n "$C" hi add "$TMPD/hi-c.pem" || hip_test_exit
assert_ok "D: hi add" hipctl -n "$D" hi add "$TMPD/hi-d.pem" || hip_test_exit
HIT_C=$(hit_of "$TMPD/hi-c.pem")
HIT_D=$(hit_of "$TMPD/hi-d.pem")
log_info "A $HIT_A  B $HIT_B  C $HIT_C  D $HIT_D"

# --- the delegations: A -> B (may re-delegate once), B -> D -------------------------------
assert_ok "A -> B: hipctl cert issue --depth 1" \
	hipctl cert issue --key "$TMPD/hi-a.pem" --subject "$TMPD/hi-b.pem" \
	--lifetime 1h --depth 1 -o "$TMPD/ab.pem" || hip_test_exit
assert_ok "B -> D: hipctl cert issue --chain A -> B" \
	hipctl cert issue --key "$TMPD/hi-b.pem" --subject "$TMPD/hi-d.pem" \
	--lifetime 1h --chain "$TMPD/ab.pem" -o "$TMPD/abd.pem" || hip_test_exit
assert_eq "A -> B is a chain of 2" "$(hipctl cert verify "$TMPD/ab.pem" | grep -c '^cert ')" 2
assert_eq "A -> B -> D is a chain of 3" "$(hipctl cert verify "$TMPD/abd.pem" | grep -c '^cert ')" 3

# --- the stream: C receives, A sends from HIT_A ------------------------------------------
SENDER='
import os, random, socket, sys, time
src, dst, port, seed, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
data = memoryview(random.Random(seed).randbytes(1 << 20))
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind((src, 0))
s.connect((dst, port))
print("connected", flush=True)
off = 0
while not os.path.exists(stop):
    pos = off % len(data)
    off += s.send(data[pos:pos + 4096])
    time.sleep(0.05)            # paced: about 80 KB/s
s.shutdown(socket.SHUT_WR)
s.recv(1)                       # EOF: the receiver has everything
print("sent", off, flush=True)
'
# stream_sum N: sha256 of the first N bytes of the sender's stream
stream_sum()
{
	"$PYTHON" -c 'import hashlib, random, sys
n, data, h = int(sys.argv[1]), random.Random(int(sys.argv[2])).randbytes(1 << 20), hashlib.sha256()
while n > 0:
    h.update(data[:n])
    n -= len(data)
print(h.hexdigest())' "$1" "$SEED"
}

assert_ok "A: peer add C" hipctl -n "$A" peer add "$HIT_C" locator "$LOC6_C"
assert_ok "C: peer add HIT_A at A" hipctl -n "$C" peer add "$HIT_A" locator "$LOC6_A"
hip_bex_ping "$A" "$HIT_C" >/dev/null || fail "A -> C: no base exchange"

RECV=$TMPD/recv
ip netns exec "$C" socat -u "TCP6-LISTEN:$PORT,bind=[$HIT_C]" "CREATE:$RECV" \
	2>"$TMPD/socat.err" &
SOCAT=$!
defer kill "$SOCAT"
wait_for 100 0.1 listening_tcp "$C" "$PORT" || fail "C: socat does not listen"

# The sender: its own session (setsid -f: no terminal, not our child, so
# that its PID is free again once criu has dumped it), in A's network
# namespace only (nsenter: criu wants the task in its mount namespace).
# It inherits none of our descriptors but stdio: criu dumps only what it
# can restore (not the VM's serial line or our pipes).
detached()
{
	local fd

	for fd in /proc/$BASHPID/fd/*; do
		fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done 2>/dev/null
	exec setsid -f "$@"
}
rm -f "$TMPD/sender.out"
(detached nsenter --net="/run/netns/$A" "$PYTHON" -c "$SENDER" "$HIT_A" "$HIT_C" "$PORT" \
	"$SEED" "$TMPD/stop" </dev/null >"$TMPD/sender.out" 2>&1)
sender_pid()
{
	pgrep -f -n "^$PYTHON -c.*$HIT_C $PORT $SEED" 2>/dev/null
}
wait_for 100 0.1 sender_pid >/dev/null || { fail "the sender did not start"; hip_test_exit; }
PID=$(sender_pid)
defer kill "$PID"
log_info "sender pid $PID"

received()
{
	stat -c %s "$RECV" 2>/dev/null || echo 0
}

received_over()
{
	[ "$(received)" -gt "$1" ]
}

in_netns()
{
	[ "$(readlink "/proc/$1/ns/net" 2>/dev/null)" = "net:[$(stat -L -c %i "/run/netns/$2")]" ]
}

no_hit_on_hip0()
{
	! ip -n "$1" -6 addr show dev hip0 | grep -q "inet6 $HIT_A/"
}

closed_or_gone()
{
	[[ $(ha_state "$1" "$2") =~ ^(CLOSING|CLOSED|none)$ ]]
}

# move FROM TO CHAIN-FILE|"" NAME: migrates the sender FROM -> TO mid-stream
move()
{
	local from=$1 to=$2 chain=$3 name=$4 out before

	wait_secs 60 0.1 received_over $(($(received) + 65536)) ||
		fail "$name: the stream does not flow before the move ($(received) bytes)"
	before=$(received)
	stats_save "$C" "$TMPD/c.stats"
	if out=$("$MIGRATE" -v ${HIP_MIGRATE_OPTS:-} -D "$TMPD/img" ${chain:+-c "$chain"} "$PID" "${!from}" "${!to}" 2>"$TMPD/migrate.err"); then
		pass "$name: hip-migrate: $out"
		MOVED+=("$out")
	else
		fail "$name: hip-migrate failed (rc $?)"
		log_output "$(tail -n 40 "$TMPD/migrate.err")"
		hip_test_exit
	fi
	log_output "$(cat "$TMPD/migrate.err")"
	rm -rf "$TMPD/img"
	in_netns "$PID" "${!to}" && pass "$name: pid $PID runs in $to" ||
		fail "$name: pid $PID is not in $to's network namespace"
	assert_eq "$name: C's association with HIT_A is at $to" \
		"$(ha_field "$C" "$HIT_A" peer_locator) $(ha_state "$C" "$HIT_A")" \
		"$(eval echo "\$LOC6_$to") ESTABLISHED"
	if [ -n "$chain" ]; then
		assert_stat_rises "$name: C validated the chain" "$TMPD/c.stats" "$C" cert_valid
	fi
	if wait_secs 60 0.1 received_over $((before + 65536)); then
		pass "$name: the stream flows from $to ($(received) bytes)"
	else
		fail "$name: no bytes from $to ($(received) bytes)"
		log_output "$(ip netns exec "${!to}" ss -tni 2>&1)"
	fi
	no_hit_on_hip0 "${!from}" && pass "$name: $from released HIT_A" ||
		fail "$name: $from still has HIT_A on hip0"
	assert_eq "$name: $from holds no chain for HIT_A" \
		"$(hipctl -n "${!from}" cert show | awk -v h="$HIT_A" '$1 == "cert" && $4 == h' | wc -l)" 0
	wait_for 50 0.2 closed_or_gone "${!from}" "$HIT_C" &&
		pass "$name: $from's association with C is closed ($(ha_state "${!from}" "$HIT_C"))" ||
		fail "$name: $from's association with C is $(ha_state "${!from}" "$HIT_C")"
}

MOVED=()
move A B "$TMPD/ab.pem" "A -> B (chain of 2)"
move B D "$TMPD/abd.pem" "B -> D (chain of 3)"
move D A "" "D -> A (chain of 1, home)"

# --- the end of the stream ---------------------------------------------------------------
touch "$TMPD/stop"
if wait_secs 120 0.2 pid_gone "$PID"; then
	pass "the sender finished in A: $(tr '\n' ' ' <"$TMPD/sender.out")"
else
	fail "the sender did not finish ($(received) bytes arrived)"
fi
wait_for 100 0.1 pid_gone "$SOCAT"
SENT=$(awk '$1 == "sent" { print $2 }' "$TMPD/sender.out")
assert_eq "C received every byte the sender sent ($SENT), once" "$(received)" "${SENT:-none}"
assert_eq "C's stream has the sha256 of the sender's stream" \
	"$(sha256sum <"$RECV" | cut -d' ' -f1)" "$(stream_sum "${SENT:-0}")"
assert_eq "C's receiver was never restarted" "$(grep -c . "$TMPD/socat.err")" 0
for m in "${MOVED[@]}"; do
	log_info "$m"
done

hip_test_exit
