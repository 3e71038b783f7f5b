#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of "make bench" (scripts/bench.sh runs it as root in the test
# VM through vm-run.sh).  Measures, on this kernel, in this VM:
#
#   1. TCP throughput (iperf3, BENCH_SECONDS x BENCH_REPS, median) between
#      two namespaces over a veth with IPv6 locators: plain veth, HIP ESP
#      AES-128-GCM, xfrm BEET ESP rfc4106(gcm(aes)), WireGuard, HIP ESP
#      null-noauth and xfrm BEET ESP ecb(cipher_null) without auth.
#   2. Base exchange latency (median of BENCH_BEX_COUNT), with the kernel's
#      per-phase crypto timings when "hipctl stats" has them; exchanges
#      per second one responder completes with 4 initiators.
#   3. I1 flood: R1s per second and slab memory before/after.
#   4. Scale: memory per association and lookup cost at 1,000 and 10,000
#      associations, when "hipctl bench" exists.
#   5. Handover: a TCP stream whose sender changes address, HIP mobility
#      (UPDATE) next to WireGuard roaming: time to the first packet on the
#      new path, goodput through the move, TCP retransmission timeouts.
#   6. Application mobility: a process with 1, then BENCH_MIGRATE_CONNS TCP
#      connections moves to another host (tools/hip-migrate, criu): freeze
#      to the first byte at the peer.
#
# Results go to stdout as lines
#   @bench|NAME|VALUE|UNIT|TARGET|RATIO|MET|NOTE
#   @meta|KEY|VALUE
# (VALUE "n/a" when not measured), read by scripts/bench.sh; everything
# else is progress.  A benchmark, not a test: a missed target or a failed
# scenario is reported, and the exit status is 0 unless the module cannot
# be loaded at all.
#
# Knobs (environment): BENCH_SECONDS (10), BENCH_REPS (3), BENCH_BEX_COUNT
# (50), BENCH_BEXRATE_SECONDS (20), BENCH_FLOOD_SECONDS (10),
# BENCH_SCALE ("1000 10000"), BENCH_LOOKUPS (100000), BENCH_ONLY (space
# separated subset of: tput bex bexrate flood scale move rvs migrate),
# BENCH_MOVE_SECONDS (12), BENCH_MOVE_REPS (3), BENCH_MIGRATE_REPS (3),
# BENCH_MIGRATE_CONNS (100).

set -u

SECS=${BENCH_SECONDS:-10}
REPS=${BENCH_REPS:-3}
BEX_N=${BENCH_BEX_COUNT:-50}
RATE_SECS=${BENCH_BEXRATE_SECONDS:-20}
FLOOD_SECS=${BENCH_FLOOD_SECONDS:-10}
SCALE=${BENCH_SCALE:-1000 10000}
LOOKUPS=${BENCH_LOOKUPS:-100000}
ONLY=${BENCH_ONLY:-tput bex bexrate flood scale move rvs migrate}
MOVE_SECS=${BENCH_MOVE_SECONDS:-12}
MOVE_REPS=${BENCH_MOVE_REPS:-3}
REPO=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
CRAFT=$REPO/selftests/hip/hip_craft.py

T0=${EPOCHREALTIME/./}
tmp=$(mktemp -d /tmp/bench.XXXXXX)
NSS=()
PIDS=()

# --- output ---------------------------------------------------------------

# progress goes to stderr (functions whose stdout is a value call it too)
say() { printf '[%4ds] %s\n' $(((${EPOCHREALTIME/./} - T0) / 1000000)) "$*" >&2; }
meta() { printf '@meta|%s|%s\n' "$1" "$2"; }
# emit NAME VALUE UNIT TARGET RATIO MET NOTE
emit() { printf '@bench|%s|%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "${4:-}" "${5:-}" "${6:-}" "${7:-}"; }
want() { [[ " $ONLY " == *" $1 "* ]]; }

now_us() { echo "${EPOCHREALTIME/./}"; }
# fdiv A B [DECIMALS]: A / B, or n/a
fdiv() { awk -v a="$1" -v b="$2" -v d="${3:-3}" 'BEGIN {
	if (a == "n/a" || b == "n/a" || a == "" || b == "" || b + 0 == 0) print "n/a"
	else printf "%.*f\n", d, a / b }'; }
# median of the arguments (n/a ignored), or n/a
median() { printf '%s\n' "$@" | grep -v '^n/a$' | grep . | sort -g |
	awk '{ v[NR] = $1 } END { if (!NR) print "n/a";
		else if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# met VALUE OP LIMIT: yes/no/n/a
met() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
	if (v == "n/a" || v == "") { print "n/a"; exit }
	if (op == ">=") print (v + 0 >= l + 0) ? "yes" : "no"
	else print (v + 0 <= l + 0) ? "yes" : "no" }'; }

# --- namespaces ---------------------------------------------------------------

# mkns VAR NAME: new namespace "bNAME-xxxx" (lo up), its name in VAR
mkns() {
	local -n __var=$1
	local __ns

	__ns=b$2-$(mktemp -u XXXX)
	__ns=${__ns,,}
	ip netns add "$__ns" || return 1
	ip -n "$__ns" link set lo up
	NSS+=("$__ns")
	__var=$__ns
}

delns() {
	local ns pid keep=() n

	for ns in "$@"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	for n in "${NSS[@]}"; do
		[[ " $* " == *" $n "* ]] || keep+=("$n")
	done
	NSS=("${keep[@]}")
	sleep 0.5	# namespace teardown is asynchronous
}

cleanup() {
	local p

	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	[ ${#NSS[@]} -gt 0 ] && delns "${NSS[@]}"
	rm -rf "$tmp"
	grep -q '^hip ' /proc/modules && rmmod hip 2>/dev/null
}
trap cleanup EXIT

# pair NAME: namespaces $NA $NB joined by veth va/vb, fd00::1/64 and ::2/64
pair() {
	mkns NA "$1a" && mkns NB "$1b" || return 1
	ip link add va netns "$NA" type veth peer name vb netns "$NB" &&
	ip -n "$NA" addr add fd00::1/64 dev va nodad &&
	ip -n "$NB" addr add fd00::2/64 dev vb nodad &&
	ip -n "$NA" link set va up &&
	ip -n "$NB" link set vb up
}

hit_of() { hipctl -n "$1" hi show 2>/dev/null | awk '$1 == "hi" { print $2; exit }'; }
stat_of() { awk -v n="$2" '$1 == n { print $2; exit }' "$1"; }
ha_count() { hipctl -n "$1" ha show 2>/dev/null | grep -c '^ha '; }
# esp suite number of the association NS has with HIT
ha_esp() {
	hipctl -n "$1" ha show "$2" 2>/dev/null |
		awk '{ for (i = 1; i < NF; i++) if ($i == "esp") { print $(i + 1); exit } }'
}
sunreclaim_kb() { awk '$1 == "SUnreclaim:" { print $2 }' /proc/meminfo; }
shrink_slabs() {
	local f

	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
}
# hip_slab_kb: KiB held by the module's own slab caches (hip*)
hip_slab_kb() {
	local d n sz total=0

	for d in /sys/kernel/slab/hip*; do
		[ -d "$d" ] || continue
		read -r n _ <"$d/objects"
		read -r sz <"$d/slab_size"
		total=$((total + n * sz))
	done
	echo $((total / 1024))
}

# hip_pair NAME SUITE: pair + HIs + peers + B configured with SUITE, then
# the base exchange (ping from A).  Sets NA NB HIT_A HIT_B.  Returns 1 if
# the exchange does not complete.
hip_pair() {
	local i

	pair "$1" || return 1
	hipctl -n "$NA" hi add "$tmp/a.pem" >/dev/null &&
	hipctl -n "$NB" hi add "$tmp/b.pem" >/dev/null || return 1
	HIT_A=$(hit_of "$NA")
	HIT_B=$(hit_of "$NB")
	hipctl -n "$NA" peer add "$HIT_B" locator fd00::2 &&
	hipctl -n "$NB" peer add "$HIT_A" locator fd00::1 || return 1
	# The responder's choice leads its R1; null-noauth is only ever used
	# when both ends have it switched on (debugfs, "hipctl bench") and
	# allow suites without encryption (config null-crypto, RFC 7402 3.3.5),
	# which the null suite (7) needs as well
	if [ "$2" = null-noauth ] || [ "$2" = null ] || [ "$2" = 7 ]; then
		hipctl -n "$NB" config set null-crypto on &&
		hipctl -n "$NA" config set null-crypto on || return 1
	fi
	if [ "$2" = null-noauth ]; then
		hipctl -n "$NB" bench null-noauth on &&
		hipctl -n "$NA" bench null-noauth on || return 1
	elif [ -n "$2" ]; then
		hipctl -n "$NB" config set esp-suite "$2" &&
		hipctl -n "$NA" config set esp-suite "$2" || return 1
	fi
	for i in 1 2 3 4 5 6; do
		ip netns exec "$NA" ping -q -c 1 -W 10 "$HIT_B" >/dev/null 2>&1 && return 0
	done
	return 1
}

# --- iperf3 --------------------------------------------------------------------

# tput NAME NS_CLIENT NS_SERVER DST [iperf3 client args]: median Mbit/s
tput() {
	local name=$1 c=$2 s=$3 dst=$4 srv r v vals=() i

	shift 4
	ip netns exec "$s" iperf3 -s >"$tmp/iperf-s.log" 2>&1 &
	srv=$!
	for i in $(seq 1 50); do
		ip netns exec "$s" ss -Hltn 'sport = :5201' 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	for r in $(seq 1 "$REPS"); do
		v=$(ip netns exec "$c" timeout $((SECS + 60)) iperf3 -c "$dst" -t "$SECS" -f m "$@" 2>&1 |
			tee "$tmp/iperf-c.log" | awk '/receiver/ { print $(NF - 2); exit }')
		if [ -z "$v" ]; then
			say "  $name: repetition $r failed: $(tail -n 2 "$tmp/iperf-c.log" | tr '\n' ' ')"
			v=n/a
		else
			say "  $name: repetition $r: $v Mbit/s"
		fi
		vals+=("$v")
	done
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	median "${vals[@]}"
}

declare -A MBPS

tput_veth() {
	say "throughput: plain veth"
	pair veth || { MBPS[veth]=n/a; return; }
	MBPS[veth]=$(tput veth "$NA" "$NB" fd00::2)
	delns "$NA" "$NB"
}

# tput_hip KEY SUITE_WORD SUITE_NUMBER
tput_hip() {
	local got

	say "throughput: HIP ESP, esp-suite $2 configured on both ends"
	if ! hip_pair "h$1" "$2"; then
		say "  base exchange failed"
		MBPS[$1]=n/a
		delns "$NA" "$NB"
		return
	fi
	got=$(ha_esp "$NA" "$HIT_B")
	say "  initiator's association uses esp suite $got (expected $3)"
	if [ "$got" != "$3" ]; then
		MBPS[$1]=n/a
		NOTE[$1]="negotiated suite $got, not $3"
	else
		MBPS[$1]=$(tput "$1" "$NA" "$NB" "$HIT_B")
		hipctl -n "$NA" ha show "$HIT_B" | sed 's/^/  /'
	fi
	delns "$NA" "$NB"
}

# xfrm BEET between the veth locators; inner fd99::1 <-> fd99::2 on dummies
# xfrm_states NS SRC_LOC DST_LOC SRC_IN DST_IN ALG-ARGS...
xfrm_setup() {
	local kind=$1 ns ia ib la lb k1 k2 k dir spi alg

	shift
	for ns in "$NA" "$NB"; do
		ip -n "$ns" link add dum0 type dummy
		ip -n "$ns" link set dum0 up
	done
	ip -n "$NA" addr add fd99::1/128 dev dum0 nodad
	ip -n "$NB" addr add fd99::2/128 dev dum0 nodad
	ip -n "$NA" -6 route add fd99::2/128 via fd00::2 dev va src fd99::1
	ip -n "$NB" -6 route add fd99::1/128 via fd00::1 dev vb src fd99::2
	k1=0x$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
	k2=0x$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
	for ns in "$NA" "$NB"; do
		for dir in ab ba; do
			if [ $dir = ab ]; then
				la=fd00::1 lb=fd00::2 ia=fd99::1 ib=fd99::2 spi=0x1001 k=$k1
			else
				la=fd00::2 lb=fd00::1 ia=fd99::2 ib=fd99::1 spi=0x1002 k=$k2
			fi
			case $kind in
			gcm) alg=(aead 'rfc4106(gcm(aes))' "$k" 128) ;;
			null) alg=(enc 'ecb(cipher_null)' '') ;;
			nullauth) alg=(enc 'ecb(cipher_null)' '' auth digest_null '') ;;
			esac
			ip -n "$ns" xfrm state add src $la dst $lb proto esp spi $spi reqid 1 \
				mode beet "${alg[@]}" sel src $ia/128 dst $ib/128 || return 1
		done
	done
	ip -n "$NA" xfrm policy add src fd99::1/128 dst fd99::2/128 dir out \
		tmpl src fd00::1 dst fd00::2 proto esp reqid 1 mode beet &&
	ip -n "$NA" xfrm policy add src fd99::2/128 dst fd99::1/128 dir in \
		tmpl src fd00::2 dst fd00::1 proto esp reqid 1 mode beet &&
	ip -n "$NB" xfrm policy add src fd99::2/128 dst fd99::1/128 dir out \
		tmpl src fd00::2 dst fd00::1 proto esp reqid 1 mode beet &&
	ip -n "$NB" xfrm policy add src fd99::1/128 dst fd99::2/128 dir in \
		tmpl src fd00::1 dst fd00::2 proto esp reqid 1 mode beet
}

# tput_xfrm KEY gcm|null
tput_xfrm() {
	local kind=$2 n

	say "throughput: xfrm BEET ESP ($2)"
	pair "x$1" || { MBPS[$1]=n/a; return; }
	if ! xfrm_setup "$kind" 2>"$tmp/xfrm.err"; then
		if [ "$kind" = null ]; then
			say "  'enc ecb(cipher_null)' without auth refused ($(head -n 1 "$tmp/xfrm.err")); with 'auth digest_null'"
			kind=nullauth
			delns "$NA" "$NB"
			pair "x$1" && xfrm_setup "$kind" 2>"$tmp/xfrm.err"
		fi
	fi
	if ! ip netns exec "$NA" ping -q -c 2 -W 5 -I fd99::1 fd99::2 >/dev/null 2>&1; then
		say "  xfrm setup failed: $(head -n 3 "$tmp/xfrm.err" | tr '\n' ' ')"
		MBPS[$1]=n/a
		NOTE[$1]="xfrm setup failed"
		delns "$NA" "$NB"
		return
	fi
	ip -n "$NA" xfrm state | sed -n 's/^\t\(aead\|enc\|auth\).*/  &/p' | sort -u
	MBPS[$1]=$(tput "$1" "$NA" "$NB" fd99::2 -B fd99::1)
	n=$(ip -n "$NB" -s xfrm state | awk '/lifetime current/ { getline; print; exit }')
	say "  B's first SA after the runs: $n"
	delns "$NA" "$NB"
}

# wg_setup: WireGuard between $NA and $NB (pair): wg0 fd98::1 / fd98::2,
# endpoints the veth locators fd00::2 / fd00::1, port 51820; returns once a
# ping went through
wg_setup() {
	local pa pb

	wg genkey >"$tmp/wga.key" && wg genkey >"$tmp/wgb.key"
	pa=$(wg pubkey <"$tmp/wga.key")
	pb=$(wg pubkey <"$tmp/wgb.key")
	ip -n "$NA" link add wg0 type wireguard &&
	ip -n "$NB" link add wg0 type wireguard &&
	ip netns exec "$NA" wg set wg0 private-key "$tmp/wga.key" listen-port 51820 \
		peer "$pb" allowed-ips fd98::2/128 endpoint '[fd00::2]:51820' &&
	ip netns exec "$NB" wg set wg0 private-key "$tmp/wgb.key" listen-port 51820 \
		peer "$pa" allowed-ips fd98::1/128 endpoint '[fd00::1]:51820' &&
	ip -n "$NA" addr add fd98::1/64 dev wg0 nodad &&
	ip -n "$NB" addr add fd98::2/64 dev wg0 nodad &&
	ip -n "$NA" link set wg0 up && ip -n "$NB" link set wg0 up &&
	ip netns exec "$NA" ping -q -c 2 -W 5 fd98::2 >/dev/null
}

tput_wg() {
	say "throughput: WireGuard"
	if ! command -v wg >/dev/null; then
		say "  wg (wireguard-tools) not installed"
		MBPS[wg]=n/a
		NOTE[wg]="wireguard-tools missing"
		return
	fi
	pair wg || { MBPS[wg]=n/a; return; }
	if ! wg_setup; then
		say "  WireGuard setup failed"
		MBPS[wg]=n/a
		NOTE[wg]="setup failed"
		delns "$NA" "$NB"
		return
	fi
	MBPS[wg]=$(tput wg "$NA" "$NB" fd98::2)
	delns "$NA" "$NB"
}

declare -A NOTE

bench_tput() {
	local r m

	tput_veth
	tput_hip hip_gcm aes128gcm 13
	tput_xfrm xfrm_gcm gcm
	tput_wg
	tput_hip hip_null null-noauth 65280
	tput_xfrm xfrm_null null

	emit tcp_veth "${MBPS[veth]}" Mbit/s "" "" "" "plain veth, the limit"
	r=$(fdiv "${MBPS[hip_gcm]}" "${MBPS[xfrm_gcm]}")
	emit tcp_hip_aes128gcm "${MBPS[hip_gcm]}" Mbit/s ">= 1.0 x xfrm" "$r" \
		"$(met "$r" ">=" 1.0)" "${NOTE[hip_gcm]:-}"
	emit tcp_xfrm_beet_aes128gcm "${MBPS[xfrm_gcm]}" Mbit/s "" "" "" \
		"${NOTE[xfrm_gcm]:-rfc4106(gcm(aes)) 128-bit key, ICV 128}"
	emit tcp_wireguard "${MBPS[wg]}" Mbit/s "" "" "" "${NOTE[wg]:-}"
	r=$(fdiv "${MBPS[hip_null]}" "${MBPS[xfrm_null]}")
	emit tcp_hip_null "${MBPS[hip_null]}" Mbit/s ">= 1.0 x xfrm" "$r" \
		"$(met "$r" ">=" 1.0)" "${NOTE[hip_null]:-esp-suite null-noauth}"
	emit tcp_xfrm_beet_null "${MBPS[xfrm_null]}" Mbit/s "" "" "" \
		"${NOTE[xfrm_null]:-ecb(cipher_null), no auth}"
}

# --- base exchange -----------------------------------------------------------------

bex_stats_available() {
	hipctl -n "$1" stats 2>/dev/null | grep -q '^dh_ns '
}

bench_bex() {
	local i t vals=() fails=0 ph sum=0 v total n

	say "base exchange latency: $BEX_N exchanges (peer del/add on both sides, then one ping)"
	if ! hip_pair bex ""; then
		say "  first base exchange failed"
		emit bex_latency_median n/a ms "" "" "" "base exchange failed"
		delns "$NA" "$NB"
		return
	fi
	hipctl -n "$NA" stats >"$tmp/a0"
	hipctl -n "$NB" stats >"$tmp/b0"
	for i in $(seq 1 "$BEX_N"); do
		hipctl -n "$NA" peer del "$HIT_B" 2>/dev/null
		hipctl -n "$NB" peer del "$HIT_A" 2>/dev/null
		for t in $(seq 1 50); do
			[ "$(ha_count "$NA")" = 0 ] && [ "$(ha_count "$NB")" = 0 ] && break
			sleep 0.1
		done
		hipctl -n "$NA" peer add "$HIT_B" locator fd00::2
		hipctl -n "$NB" peer add "$HIT_A" locator fd00::1
		t=$(ip netns exec "$NA" ping -c 1 -W 10 "$HIT_B" 2>/dev/null |
			sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p')
		if [ -n "$t" ]; then
			vals+=("$t")
		else
			fails=$((fails + 1))
		fi
		((i % 10 == 0)) && say "  $i exchanges, last $t ms"
	done
	hipctl -n "$NA" stats >"$tmp/a1"
	hipctl -n "$NB" stats >"$tmp/b1"
	v=$(median "${vals[@]}")
	say "  median $v ms over ${#vals[@]} exchanges, $fails failed"
	emit bex_latency_median "$v" ms "" "" "" \
		"first ping to answer, includes 1 RTT; ${#vals[@]} exchanges, $fails failed"
	emit bex_failed "$fails" count "" "" "" "of $BEX_N"

	if ! bex_stats_available "$NA"; then
		for ph in dh sign verify puzzle; do
			emit "bex_${ph}" n/a ms "" "" "" "not available (no kernel timing counters)"
		done
		emit bex_rest n/a ms "" "" "" "not available"
		emit bex_total_kernel n/a ms "<= 1.10 x crypto" "" n/a "not available (no kernel timing counters)"
		delns "$NA" "$NB"
		return
	fi
	# per exchange: both sides' crypto, over the Initiator's I1->ESTABLISHED
	n=$(($(stat_of "$tmp/a1" bex_i_count) - $(stat_of "$tmp/a0" bex_i_count)))
	total=$(fdiv $(($(stat_of "$tmp/a1" bex_i_ns) - $(stat_of "$tmp/a0" bex_i_ns))) \
		$((n * 1000000)) 3)
	for ph in dh sign verify puzzle; do
		v=$((($(stat_of "$tmp/a1" ${ph}_ns) - $(stat_of "$tmp/a0" ${ph}_ns)) +
			($(stat_of "$tmp/b1" ${ph}_ns) - $(stat_of "$tmp/b0" ${ph}_ns))))
		sum=$((sum + v))
		emit "bex_${ph}" "$(fdiv "$v" $((n * 1000000)) 3)" ms "" "" "" \
			"both sides, per exchange (mean of $n)"
	done
	sum=$(fdiv "$sum" $((n * 1000000)) 3)
	emit bex_crypto_sum "$sum" ms "" "" "" "dh + sign + verify + puzzle"
	emit bex_rest "$(awk -v t="$total" -v s="$sum" 'BEGIN { if (t == "n/a" || s == "n/a") print "n/a"; else printf "%.3f\n", t - s }')" \
		ms "" "" "" "total - crypto (packets, KDF, HMAC, scheduling)"
	v=$(fdiv "$total" "$sum")
	emit bex_total_kernel "$total" ms "<= 1.10 x crypto" "$v" "$(met "$v" "<=" 1.10)" \
		"Initiator I1 sent -> ESTABLISHED, kernel counters, mean of $n"
	delns "$NA" "$NB"
}

bexloop() {
	local ns=$1 hit=$2 loc=$3 end=$4 n=0

	while (($(now_us) < end)); do
		hipctl -n "$ns" peer del "$hit" 2>/dev/null
		hipctl -n "$ns" peer add "$hit" locator "$loc"
		ip netns exec "$ns" ping -q -c 1 -W 5 "$hit" >/dev/null 2>&1 && n=$((n + 1))
	done
	echo "$n"
}

bench_bexrate() {
	local r i ns hit_r t0 t1 d0 d1 end pids=() n tot=0

	say "base exchanges per second: 4 initiators, one responder, ${RATE_SECS} s"
	mkns r rr || return
	hipctl -n "$r" hi add "$tmp/b.pem" >/dev/null
	hit_r=$(hit_of "$r")
	for i in 1 2 3 4; do
		mkns ns "ri$i" || return
		INI[$i]=$ns
		ip link add va netns "$ns" type veth peer name "r$i" netns "$r"
		ip -n "$ns" addr add "fd10:$i::1/64" dev va nodad
		ip -n "$r" addr add "fd10:$i::2/64" dev "r$i" nodad
		ip -n "$ns" link set va up
		ip -n "$r" link set "r$i" up
		[ -s "$tmp/i$i.pem" ] || hipctl keygen ecdsa --curve P-256 -o "$tmp/i$i.pem" >/dev/null
		hipctl -n "$ns" hi add "$tmp/i$i.pem" >/dev/null
		hipctl -n "$ns" peer add "$hit_r" locator "fd10:$i::2"
		ip netns exec "$ns" ping -q -c 1 -W 10 "$hit_r" >/dev/null 2>&1 ||
			say "  initiator $i: first exchange failed"
	done
	hipctl -n "$r" stats >"$tmp/r0"
	t0=$(now_us)
	end=$((t0 + RATE_SECS * 1000000))
	for i in 1 2 3 4; do
		bexloop "${INI[$i]}" "$hit_r" "fd10:$i::2" "$end" >"$tmp/loop$i" &
		pids+=($!)
	done
	while (($(now_us) < end)); do
		sleep 0.2
	done
	hipctl -n "$r" stats >"$tmp/r1"
	t1=$(now_us)
	wait "${pids[@]}"
	for i in 1 2 3 4; do
		n=$(cat "$tmp/loop$i")
		tot=$((tot + ${n:-0}))
	done
	d0=$(stat_of "$tmp/r0" bex_done)
	d1=$(stat_of "$tmp/r1" bex_done)
	n=$(fdiv $(((d1 - d0) * 1000000)) $((t1 - t0)) 1)
	say "  responder completed $((d1 - d0)) exchanges in $(fdiv $((t1 - t0)) 1000000 1) s; initiators saw $tot answered pings"
	emit bex_per_second "$n" "BEX/s" "" "" "" \
		"responder bex_done delta / s, 4 initiators sharing the VM's CPUs"
	delns "$r" "${INI[@]}"
}
declare -A INI

bench_flood() {
	local s0 s1 k0 k1 t0 t1 end i pids=() r1 i1

	say "I1 flood: ${FLOOD_SECS} s, 2 senders (hip_craft.py flood), one responder"
	pair fl || return
	hipctl -n "$NB" hi add "$tmp/b.pem" >/dev/null
	HIT_B=$(hit_of "$NB")
	ip netns exec "$NA" python3 "$CRAFT" send i1 --src fd00::1 --dst fd00::2 \
		--shit 2001:2f::1 --rhit "$HIT_B" >/dev/null 2>&1
	sleep 1
	shrink_slabs
	s0=$(sunreclaim_kb)
	k0=$(hip_slab_kb)
	hipctl -n "$NB" stats >"$tmp/f0"
	t0=$(now_us)
	end=$((t0 + FLOOD_SECS * 1000000))
	for i in 1 2; do
		(
			while (($(now_us) < end)); do
				ip netns exec "$NA" python3 "$CRAFT" flood --src fd00::1 --dst fd00::2 \
					--rhit "$HIT_B" --count 2000 >/dev/null 2>&1
			done
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
	t1=$(now_us)
	sleep 1
	hipctl -n "$NB" stats >"$tmp/f1"
	shrink_slabs
	s1=$(sunreclaim_kb)
	k1=$(hip_slab_kb)
	r1=$(($(stat_of "$tmp/f1" r1_out) - $(stat_of "$tmp/f0" r1_out)))
	i1=$(($(stat_of "$tmp/f1" i1_in) - $(stat_of "$tmp/f0" i1_in)))
	say "  $i1 I1s in, $r1 R1s out in $(fdiv $((t1 - t0)) 1000000 1) s; associations on the responder: $(ha_count "$NB")"
	emit i1flood_r1_per_second "$(fdiv $((r1 * 1000000)) $((t1 - t0)) 0)" "R1/s" "" "" "" \
		"$i1 I1s received, $r1 R1s sent; sender-bound (python) under TCG"
	emit i1flood_sunreclaim_before "$s0" KiB "" "" "" "SUnreclaim, /proc/meminfo, slabs shrunk"
	emit i1flood_sunreclaim_after "$s1" KiB "" "" "" "delta $((s1 - s0)) KiB (whole kernel)"
	emit i1flood_hip_slabs_before "$k0" KiB "" "" "" "hip* slab caches, objects x slab_size"
	emit i1flood_hip_slabs_after "$k1" KiB "" "" "" "associations left: $(ha_count "$NB")"
	delns "$NA" "$NB"
}

# --- scale (hipctl bench, when the module has it) ----------------------------------------

# bench_get OUTPUT KEY...: the first of KEYs found in hipctl bench output
# (JSON or "key value" text)
bench_get() {
	python3 - "$@" <<'EOF'
import json, re, sys
out, keys = sys.argv[1], sys.argv[2:]
vals = {}
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if isinstance(v, (int, float)):
                vals.setdefault(k.lower(), v)
            else:
                walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
try:
    walk(json.loads(out))
except ValueError:
    for k, v in re.findall(r"([A-Za-z_][\w-]*)[ \t:=]+([0-9]+(?:\.[0-9]+)?)", out):
        vals.setdefault(k.lower().replace("-", "_"), float(v))
for k in keys:
    if k in vals:
        print(vals[k])
        break
else:
    print("n/a")
EOF
}

bench_scale() {
	local s n out m0 m1 per cmdper hitns spins hothit hotspi ns1=n/a ns2=n/a hns1=n/a hns2=n/a first=

	say "scale: synthetic associations ($SCALE)"
	mkns s sc || return
	hipctl -n "$s" hi add "$tmp/a.pem" >/dev/null
	if ! hipctl -n "$s" bench clear >"$tmp/bench.out" 2>&1; then
		say "  hipctl bench not available: $(head -n 1 "$tmp/bench.out")"
		for n in $SCALE; do
			emit "scale_bytes_per_ha_$n" n/a B "<= 4096" "" n/a "not available (no hipctl bench)"
			emit "scale_lookup_ns_$n" n/a ns "" "" "" "not available (no hipctl bench)"
		done
		emit scale_lookup_ratio n/a x "<= 1.2" "" n/a "not available (no hipctl bench)"
		delns "$s"
		return
	fi
	for n in $SCALE; do
		hipctl -n "$s" bench clear >/dev/null 2>&1
		shrink_slabs
		m0=$(sunreclaim_kb)
		out=$(hipctl -j -n "$s" bench synth "$n" 2>&1) ||
			say "  synth $n: $out"
		shrink_slabs
		m1=$(sunreclaim_kb)
		per=$(fdiv $(((m1 - m0) * 1024)) "$n" 0)
		out=$(hipctl -j -n "$s" bench mem 2>/dev/null || echo "$out")
		cmdper=$(fdiv "$(bench_get "$out" ha_bytes)" "$(bench_get "$out" associations)" 0)
		out=$(hipctl -j -n "$s" bench lookup "$LOOKUPS" 2>&1)
		hitns=$(bench_get "$out" lookup_hit_ns)
		spins=$(bench_get "$out" lookup_spi_ns)
		hothit=$(bench_get "$out" hot_hit_ns)
		hotspi=$(bench_get "$out" hot_spi_ns)
		say "  $n: SUnreclaim +$((m1 - m0)) KiB ($per B each), module's count $cmdper B each; lookup by HIT $hitns ns, by SPI $spins ns (random keys); hot (256 keys): $hothit / $hotspi ns"
		v=$cmdper
		[ "$v" = n/a ] && v=$per
		emit "scale_bytes_per_ha_$n" "$v" B "<= 4096" "" "$(met "$v" "<=" 4096)" \
			"module's own count (keys/SAs excluded); SUnreclaim delta: $per B"
		emit "scale_lookup_ns_$n" "$hitns" ns "" "" "" "mean, by HIT, random keys over all; by SPI: $spins ns"
		emit "scale_lookup_hot_ns_$n" "$hothit" ns "" "" "" "mean, by HIT, 256 cache-hot keys; by SPI: $hotspi ns"
		if [ -z "$first" ]; then
			first=$n ns1=$hitns hns1=$hothit
		else
			ns2=$hitns hns2=$hothit
		fi
	done
	hipctl -n "$s" bench clear >/dev/null 2>&1
	v=$(fdiv "$hns2" "$hns1" 2)
	emit scale_lookup_hot_ratio "$v" x "<= 1.2" "$v" "$(met "$v" "<=" 1.2)" \
		"hot-key lookup ns at the largest / smallest size (the table itself)"
	v=$(fdiv "$ns2" "$ns1" 2)
	emit scale_lookup_ratio "$v" x "<= 1.2" "$v" "$(met "$v" "<=" 1.2)" \
		"lookup ns at the largest / smallest size (flat)"
	delns "$s"
}


# --- handover: HIP mobility vs WireGuard roaming ------------------------------------
#
# The same move for both: A streams to B (iperf3, BENCH_MOVE_SECONDS), and a
# third of the way in A's locator fd00::1 is deleted and fd00::1N added
# (break before make, same /64).  HIP follows with an UPDATE (RFC 8046);
# WireGuard's peer B takes the new source as its endpoint when the first
# authenticated packet from it arrives.  Per repetition (BENCH_MOVE_REPS,
# A moves on to the next address each time; the median is reported):
#   handover  address change -> first tunnel packet (ESP / WireGuard UDP)
#             from B to A's new address, captured on A's veth.  A's stream
#             is all A -> B after the move, so that is B acknowledging data
#             A sent on the new path.
#   goodput   iperf3 receiver Mbit/s over the whole run, move included
#   rto       TcpExt TCPTimeouts on A over the run (retransmission timer
#             fired), and RetransSegs (segments retransmitted)
# HIP's UPDATE is the work of net/hip/update.c; without it the HIP figures
# are n/a (no packet ever reaches the new address).

# netstat_get NS GROUP NAME: a counter of /proc/net/netstat or /proc/net/snmp
netstat_get() {
	ip netns exec "$1" cat /proc/net/netstat /proc/net/snmp 2>/dev/null |
		awk -v g="$2:" -v n="$3" '$1 == g && !hdr[g] { for (i = 2; i <= NF; i++) idx[$i] = i; hdr[g] = 1; next }
			$1 == g && hdr[g] && (n in idx) { print $(idx[n]); exit }'
}

# move_run TECH DEST FROM TO: one iperf3 run with a move from FROM to TO;
# sets MV_HO (ms or n/a), MV_GP (Mbit/s), MV_RTO, MV_RETX
move_run() {
	local tech=$1 dest=$2 from=$3 to=$4 pcap=$tmp/mv.pcap flt capid srv cli t0 first rto0 rx0 i

	MV_HO=n/a MV_GP=n/a MV_RTO=n/a MV_RETX=n/a
	if [ "$tech" = hip ]; then flt="ip6 proto 50 and dst host $to"; else flt="udp and dst host $to"; fi
	rm -f "$pcap" "$pcap.err"
	ip netns exec "$NA" tcpdump -i va -n -U -s 128 -w "$pcap" "$flt" 2>"$pcap.err" &
	capid=$!
	for i in $(seq 1 50); do
		grep -q 'listening on' "$pcap.err" 2>/dev/null && break
		sleep 0.1
	done
	ip netns exec "$NB" iperf3 -s -1 >/dev/null 2>&1 &
	srv=$!
	for i in $(seq 1 50); do
		ip netns exec "$NB" ss -Hltn 'sport = :5201' 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	rto0=$(netstat_get "$NA" TcpExt TCPTimeouts)
	rx0=$(netstat_get "$NA" Tcp RetransSegs)
	ip netns exec "$NA" timeout $((MOVE_SECS + 60)) iperf3 -c "$dest" -t "$MOVE_SECS" -i 0.5 -J \
		>"$tmp/mv.json" 2>&1 &
	cli=$!
	sleep "$(fdiv "$MOVE_SECS" 3 2)"
	t0=$EPOCHREALTIME
	ip -n "$NA" addr del "$from/64" dev va
	ip -n "$NA" addr add "$to/64" dev va nodad
	wait "$cli"
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	sleep 0.5
	kill -INT "$capid" 2>/dev/null
	wait "$capid" 2>/dev/null
	first=$(tcpdump -tt -n -r "$pcap" -c 1 2>/dev/null | awk '{ print $1; exit }')
	[ -n "$first" ] && MV_HO=$(awk -v a="$first" -v b="$t0" 'BEGIN { printf "%.1f\n", (a - b) * 1000 }')
	MV_GP=$(python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    print("%.1f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))
except Exception:
    print("n/a")
' "$tmp/mv.json")
	MV_RTO=$(( $(netstat_get "$NA" TcpExt TCPTimeouts) - rto0 ))
	MV_RETX=$(( $(netstat_get "$NA" Tcp RetransSegs) - rx0 ))
	say "  $tech $from -> $to: handover $MV_HO ms, goodput $MV_GP Mbit/s, RTO $MV_RTO, retransmitted segments $MV_RETX"
}

# move_tech TECH: BENCH_MOVE_REPS moves; sets MV[TECH_ho|gp|rto|retx]
move_tech() {
	local tech=$1 dest r from=fd00::1 to hos=() gps=() rtos=0 retx=0

	if [ "$tech" = hip ]; then
		hip_pair mv "" || { say "  base exchange failed"; delns "$NA" "$NB"; return; }
		dest=$HIT_B
	else
		pair mw && wg_setup || { say "  WireGuard setup failed"; delns "$NA" "$NB"; return; }
		dest=fd98::2
	fi
	MV[${tech}_rtt]=$(ip netns exec "$NA" ping -q -c 5 -i 0.2 fd00::2 2>/dev/null |
		awk -F/ '/^rtt/ { print $5 }')
	for r in $(seq 1 "$MOVE_REPS"); do
		to=fd00::1$r
		move_run "$tech" "$dest" "$from" "$to"
		hos+=("$MV_HO")
		gps+=("$MV_GP")
		rtos=$((rtos + MV_RTO))
		retx=$((retx + MV_RETX))
		from=$to
		if [ "$MV_HO" = n/a ]; then
			say "  nothing reached $to: no more moves for $tech"
			break
		fi
	done
	[ "$tech" = hip ] && hipctl -n "$NB" ha show | sed 's/^/  /' >&2
	MV[${tech}_ho]=$(median "${hos[@]}")
	MV[${tech}_gp]=$(median "${gps[@]}")
	MV[${tech}_rto]=$rtos
	MV[${tech}_retx]=$retx
	delns "$NA" "$NB"
}
declare -A MV

bench_move() {
	local r rtt lim

	say "handover: a ${MOVE_SECS} s TCP stream, the sender's address changes a third of the way in (x$MOVE_REPS)"
	move_tech hip
	if command -v wg >/dev/null; then
		move_tech wg
	else
		say "  wg (wireguard-tools) not installed"
	fi
	rtt=${MV[hip_rtt]:-n/a}
	lim=$(awk -v r="$rtt" 'BEGIN { if (r == "n/a" || r == "") print "n/a"; else printf "%.1f\n", r + 50 }')
	r=$(fdiv "${MV[hip_ho]:-n/a}" "${MV[wg_ho]:-n/a}" 2)
	emit move_handover_hip "${MV[hip_ho]:-n/a}" ms "<= 1 RTT + 50 ms" "$r" \
		"$(met "${MV[hip_ho]:-n/a}" "<=" "$lim")" \
		"address change -> first ESP from the peer to the new address; ratio vs WireGuard; RTT $rtt ms"
	emit move_handover_wireguard "${MV[wg_ho]:-n/a}" ms "" "" "" \
		"address change -> first WireGuard packet from the peer to the new address (roaming)"
	r=$(fdiv "${MV[hip_gp]:-n/a}" "${MV[wg_gp]:-n/a}" 2)
	emit move_goodput_hip "${MV[hip_gp]:-n/a}" Mbit/s "" "$r" "" \
		"iperf3 receiver over ${MOVE_SECS} s with the move; ratio vs WireGuard"
	emit move_goodput_wireguard "${MV[wg_gp]:-n/a}" Mbit/s "" "" "" \
		"iperf3 receiver over ${MOVE_SECS} s with the move"
	emit move_rto_hip "${MV[hip_rto]:-n/a}" count "0" "" "$(met "${MV[hip_rto]:-n/a}" "<=" 0)" \
		"TcpExt TCPTimeouts on the sender over $MOVE_REPS moves; RetransSegs ${MV[hip_retx]:-n/a}"
	emit move_rto_wireguard "${MV[wg_rto]:-n/a}" count "" "" "" \
		"TcpExt TCPTimeouts on the sender over $MOVE_REPS moves; RetransSegs ${MV[wg_retx]:-n/a}"
}

# --- main ------------------------------------------------------------------------

say "bench-guest: kernel $(uname -r), $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
say "knobs: BENCH_SECONDS=$SECS BENCH_REPS=$REPS BENCH_BEX_COUNT=$BEX_N BENCH_BEXRATE_SECONDS=$RATE_SECS BENCH_FLOOD_SECONDS=$FLOOD_SECS"
meta kernel "$(uname -r)"
meta cpus "$(nproc)"
meta cpu_model "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta mem_kb "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"
meta iperf3 "$(iperf3 --version 2>/dev/null | head -n 1)"

modprobe ecc 2>/dev/null	# ECDSA helpers are a module on 6.1
if ! insmod "$HIP_KO"; then
	echo "bench-guest: cannot load $HIP_KO" >&2
	exit 2
fi
dmesg | grep 'hip:.*self-tests' | sed 's/^/  /'
for m in crypto_null authenc xfrm_user esp6 wireguard; do
	modprobe "$m" 2>/dev/null
done
hipctl keygen ecdsa --curve P-256 -o "$tmp/a.pem" >/dev/null &&
hipctl keygen ecdsa --curve P-256 -o "$tmp/b.pem" >/dev/null || {
	echo "bench-guest: hipctl keygen failed" >&2
	exit 2
}
hipctl bench clear >/dev/null 2>&1 && meta hipctl_bench yes || meta hipctl_bench no


# --- rendezvous server at scale (RFC 8004) ----------------------------------------
#
# BENCH_RVS_N synthetic associations (10,000) whose peers all register for
# rendezvous, then BENCH_RVS_M relays (200,000) of I1s to registered HITs
# chosen at random (hipctl bench rvs; Documentation/hip/performance.rst,
# "Rendezvous server at scale").
bench_rvs() {
	local s n=${BENCH_RVS_N:-10000} m=${BENCH_RVS_M:-200000} out b ns ps

	say "rvs: $n registrations, $m relays"
	mkns s rv || return
	hipctl -n "$s" hi add "$tmp/a.pem" >/dev/null
	hipctl -n "$s" bench clear >/dev/null 2>&1
	if ! out=$(hipctl -j -n "$s" bench synth "$n" 2>&1) ||
	   ! out=$(hipctl -j -n "$s" bench rvs "$n" "$m" 2>&1); then
		say "  not available: $out"
		emit rvs_bytes_per_reg n/a B "" "" "" "not available"
		emit rvs_relay_ns n/a ns "" "" "" "not available"
		delns "$s"
		return
	fi
	b=$(bench_get "$out" reg_bytes)
	ns=$(bench_get "$out" relay_ns)
	ps=$(fdiv 1000000000 "$ns" 0)
	say "  $(bench_get "$out" registrations) registrations, $b B each; relay $ns ns ($ps I1/s per CPU)"
	emit rvs_bytes_per_reg "$b" B "" "" "" "SUnreclaim per registration, $n registrations"
	emit rvs_relay_ns "$ns" ns "" "" "" "mean per relayed I1 up to the send: $ps I1/s per CPU"
	hipctl -n "$s" bench clear >/dev/null 2>&1
	delns "$s"
}

# --- application mobility (issue 11 part 7) ------------------------------------------
#
# A, B and C on a bridge in C; a sender process on A has N TCP connections
# from HIT_A to a receiver on C and writes 8 bytes on each every PERIOD s;
# tools/hip-migrate moves it to B (chain A -> B, criu --tcp-established).
# The receiver logs, per connection, every gap of more than a second
# between two reads; the move is the connection's longest gap that ends
# after the dump started, and the figure is its end minus the start of
# the dump (hip-migrate's frozen_at_ms, same clock): freeze to first byte
# delivered to C's application, which C's TCP acknowledges as it arrives.
MIG_RECV='
import selectors, socket, sys, time
host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((host, port))
ls.listen(1024)
sel = selectors.DefaultSelector()
sel.register(ls, selectors.EVENT_READ)
last = {}
f = open(out, "w", buffering=1)
while True:
    for key, _ in sel.select():
        if key.fileobj is ls:
            c, a = ls.accept()
            sel.register(c, selectors.EVENT_READ, a[1])
            continue
        c = key.fileobj
        d = c.recv(65536)
        now = time.time()
        if not d:
            sel.unregister(c)
            c.close()
            continue
        if now - last.get(key.data, now) > 1.0:
            print("gap %d %.6f %.6f" % (key.data, last[key.data], now), file=f)
        last[key.data] = now
'
MIG_SEND='
import socket, sys, time
src, dst, port, n, period = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
socks = []
for i in range(n):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.connect((dst, port))
    socks.append(s)
print("connected", n, flush=True)
while True:
    for s in socks:
        s.send(b"hipmove!")
    time.sleep(period)
'

# mig_detached CMD...: CMD in its own session, with no descriptor but stdio
# (criu dumps only what it can restore), not our child (its PID must be
# free once it is dumped)
mig_detached() {
	local fd

	for fd in /proc/$BASHPID/fd/*; do
		fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done 2>/dev/null
	exec setsid -f "$@"
}

# mig_run N PERIOD: one move of a sender with N connections from A to B;
# sets MG_FIRST MG_ALL (ms: first and last connection resumed) and MG_LINE
mig_run() {
	local n=$1 period=$2 pid i t0 out cnt

	MG_FIRST=n/a MG_ALL=n/a MG_LINE=
	rm -f "$tmp/mig.send"
	(mig_detached nsenter --net="/run/netns/$NA" python3 -c "$MIG_SEND" "$HIT_A" "$HIT_C" \
		5400 "$n" "$period" </dev/null >"$tmp/mig.send" 2>&1)
	for i in $(seq 1 600); do
		grep -q connected "$tmp/mig.send" 2>/dev/null && break
		sleep 0.1
	done
	pid=$(pgrep -n -f "^python3 -c.*$HIT_C 5400 $n $period")
	if [ -z "$pid" ] || ! grep -q connected "$tmp/mig.send"; then
		say "  the sender did not connect: $(cat "$tmp/mig.send")"
		[ -n "$pid" ] && kill "$pid"
		return
	fi
	sleep 2
	if ! out=$("$REPO/tools/hip-migrate" -k ${MG_CHAIN:+-c "$MG_CHAIN"} "$pid" "$NA" "$NB" 2>"$tmp/mig.err"); then
		say "  hip-migrate failed: $(tail -n 5 "$tmp/mig.err")"
		kill "$pid" 2>/dev/null
		return
	fi
	MG_CHAIN=
	MG_LINE=$out
	t0=$(awk '{ for (i = 1; i < NF; i++) if ($i == "frozen_at_ms") print $(i + 1) }' <<<"$out")
	# every connection resumes (then 2 s more: a later, longer gap would
	# not be the move)
	for i in $(seq 1 300); do
		cnt=$(awk -v t="$t0" '$1 == "gap" && $4 * 1000 > t { p[$2] = 1 } END { print length(p) }' \
			"$tmp/mig.recv")
		[ "$cnt" -ge "$n" ] && break
		sleep 0.2
	done
	sleep 2
	kill "$pid" 2>/dev/null
	read -r MG_FIRST MG_ALL cnt < <(awk -v t="$t0" '$1 == "gap" && $4 * 1000 > t {
			if ($4 - $3 > g[$2]) { g[$2] = $4 - $3; e[$2] = $4 * 1000 - t } }
		END {
			for (p in e) { k++; if (k == 1 || e[p] < lo) lo = e[p]; if (e[p] > hi) hi = e[p] }
			if (k) printf "%.0f %.0f %d\n", lo, hi, k; else print "n/a n/a 0" }' "$tmp/mig.recv")
	say "  $n connection(s): $out; first resumed after $MG_FIRST ms, $cnt/$n after $MG_ALL ms"
	[ "$cnt" -ge "$n" ] || MG_ALL=n/a
	# wait for the killed sender's connections to go, so that A starts afresh
	for i in $(seq 1 100); do
		ip netns exec "$NB" ss -Htn state established | grep -q . || break
		sleep 0.1
	done
}

bench_migrate() {
	local reps=${BENCH_MIGRATE_REPS:-3} conns=${BENCH_MIGRATE_CONNS:-100} r ones=() bex dump rest all
	local srv

	say "migrate: a process with 1, then $conns TCP connections moves A -> B (hip-migrate, criu)"
	if ! command -v criu >/dev/null; then
		say "  criu not installed"
		emit migrate_one_ms n/a ms "" "" "" "criu not installed"
		emit migrate_${conns}_ms n/a ms "" "" "" "criu not installed"
		return
	fi
	hipctl keygen ecdsa --curve P-256 -o "$tmp/c.pem" >/dev/null
	mkns NA ma && mkns NB mb && mkns NC mc || return
	ip -n "$NC" link add br0 type bridge
	for v in a b; do
		local ns=NA
		[ $v = b ] && ns=NB
		ip link add "v$v" netns "${!ns}" type veth peer name "c$v" netns "$NC"
		ip -n "$NC" link set "c$v" master br0
		ip -n "$NC" link set "c$v" up
		ip -n "${!ns}" link set "v$v" up
	done
	ip -n "$NA" addr add fd00::1/64 dev va nodad
	ip -n "$NB" addr add fd00::2/64 dev vb nodad
	ip -n "$NC" addr add fd00::3/64 dev br0 nodad
	ip -n "$NC" link set br0 up
	hipctl -n "$NA" hi add "$tmp/a.pem" >/dev/null &&
	hipctl -n "$NB" hi add "$tmp/b.pem" >/dev/null &&
	hipctl -n "$NC" hi add "$tmp/c.pem" >/dev/null || { delns "$NA" "$NB" "$NC"; return; }
	HIT_A=$(hit_of "$NA")
	HIT_C=$(hit_of "$NC")
	hipctl cert issue --key "$tmp/a.pem" --subject "$tmp/b.pem" --lifetime 1h -o "$tmp/ab.pem" >/dev/null
	hipctl -n "$NA" peer add "$HIT_C" locator fd00::3
	hipctl -n "$NC" peer add "$HIT_A" locator fd00::1
	for r in 1 2 3 4 5 6; do
		ip netns exec "$NA" ping -q -c 1 -W 10 "$HIT_C" >/dev/null 2>&1 && break
	done
	ip netns exec "$NC" python3 -c "$MIG_RECV" "$HIT_C" 5400 "$tmp/mig.recv" &
	srv=$!
	PIDS+=("$srv")
	for r in $(seq 1 50); do
		ip netns exec "$NC" ss -Hltn 'sport = :5400' | grep -q . && break
		sleep 0.1
	done
	MG_CHAIN=$tmp/ab.pem
	dump=() bex=() rest=()
	# run 0 is not counted: the first criu run in a fresh VM reads criu,
	# its libraries and the nf_tables modules over 9p (seconds in TCG)
	for r in $(seq 0 "$reps"); do
		# A takes C's association back (its own HI) before each run
		ip netns exec "$NA" ping -q -c 1 -W 10 "$HIT_C" >/dev/null 2>&1
		mig_run 1 0.1
		[ "$r" = 0 ] && { say "  (warm-up, not counted)"; continue; }
		ones+=("$MG_ALL")
		if [ -n "$MG_LINE" ]; then
			dump+=("$(awk '{ for (i = 1; i < NF; i++) if ($i == "dump_ms") print $(i + 1) }' <<<"$MG_LINE")")
			bex+=("$(awk '{ for (i = 1; i < NF; i++) if ($i == "bex_ms") print $(i + 1) }' <<<"$MG_LINE")")
			rest+=("$(awk '{ for (i = 1; i < NF; i++) if ($i == "restore_ms") print $(i + 1) }' <<<"$MG_LINE")")
		fi
	done
	ip netns exec "$NA" ping -q -c 1 -W 10 "$HIT_C" >/dev/null 2>&1
	mig_run "$conns" 0.5
	all=$MG_ALL
	emit migrate_one_ms "$(median "${ones[@]}")" ms "" "" "" \
		"freeze -> first byte at C, 1 connection, median of $reps ($(echo "${ones[*]}")); dump $(median "${dump[@]}") ms, base exchange $(median "${bex[@]}") ms, restore $(median "${rest[@]}") ms"
	emit "migrate_${conns}_ms" "$all" ms "" "" "" \
		"freeze -> first byte at C on the last of $conns connections (one process), first after $MG_FIRST ms; $MG_LINE"
	kill "$srv" 2>/dev/null
	delns "$NA" "$NB" "$NC"
}

want tput && bench_tput
want bex && bench_bex
want bexrate && bench_bexrate
want flood && bench_flood
want scale && bench_scale
want move && bench_move
want rvs && bench_rvs
want migrate && bench_migrate

say "bench-guest: done"
exit 0
