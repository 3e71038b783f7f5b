#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Changing host identities needs CAP_NET_ADMIN over the namespace's user
# namespace; reading them does not.
#
#   ns P (owned by the initial user namespace), HIs k1 (default), k2:
#     root                              seeds k1, k2
#     uid 0 without CAP_NET_ADMIN  ─┐   hi add / del / set   -> EPERM, no change
#     uid 65534, no capabilities   ─┘   hi show (text, -j)   -> works, same output
#                                       monitor              -> cannot subscribe
#     new user ns inside P (unshare -Ur)  hi add -> EPERM (P is not its netns)
#
#   unshare -Urn as uid 65534 (new user ns owning a new netns):
#     CAP_NET_ADMIN over that netns is enough: hi add / set / show / del and
#     monitor work there.
#
# Every unprivileged variant first proves that CAP_NET_ADMIN is really gone
# from its effective set (/proc/self/status CapEff, bit 12).

TEST_NAME=permissions
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

CAP_NET_ADMIN=12

hip_test_init
require_command setpriv unshare
setup_ns P || exit $?

chmod 755 "$TMPD"
key_hipctl k1 ecdsa --curve P-256 || hip_test_exit
key_hipctl k2 rsa --bits 2048 || hip_test_exit
key_hipctl k3 ecdsa --curve P-384 || hip_test_exit
chmod 644 "$TMPD"/*.pem
K1=$(hit_of "$TMPD/k1.pem")
K2=$(hit_of "$TMPD/k2.pem")

assert_ok "root: add k1" hipctl -n "$P" hi add "$TMPD/k1.pem"
assert_ok "root: add k2" hipctl -n "$P" hi add "$TMPD/k2.pem"
root_text=$(hipctl -n "$P" hi show)
root_json=$(hi_json "$P")

# Unprivileged ways to run a command in ns P.
as_root_no_netadmin()
{
	ip netns exec "$P" setpriv --bounding-set=-net_admin --inh-caps=-net_admin -- "$@"
}

as_nobody()
{
	ip netns exec "$P" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all -- "$@"
}

as_userns_in_P()
{
	ip netns exec "$P" unshare -Ur -- "$@"
}

has_net_admin()
{
	local eff

	eff=$("$@" awk '/^CapEff:/ { print $2 }' /proc/self/status)
	[ -n "$eff" ] || return 2
	(( (0x$eff >> CAP_NET_ADMIN) & 1 ))
}

for who in as_root_no_netadmin as_nobody; do
	has_net_admin "$who"
	rc=$?
	if [ $rc -eq 1 ]; then
		pass "$who: CAP_NET_ADMIN not in CapEff ($("$who" grep CapEff /proc/self/status | tr -s '\t ' ' '))"
	else
		fail "$who: CAP_NET_ADMIN still effective (or no CapEff), the checks below would be meaningless"
		continue
	fi
	[ "$who" = as_root_no_netadmin ] &&
		assert_eq "$who: still uid 0" "$("$who" id -u)" 0

	assert_hipctl_error "$who: hi add -> EPERM" 1 '^hipctl: hi add: Operation not permitted$' \
		"$who" hipctl hi add "$TMPD/k3.pem"
	assert_hipctl_error "$who: hi del -> EPERM" 1 '^hipctl: hi del: Operation not permitted$' \
		"$who" hipctl hi del "$K1"
	assert_hipctl_error "$who: hi set -> EPERM" 1 '^hipctl: hi set: Operation not permitted$' \
		"$who" hipctl hi set "$K2" default
	assert_eq "$who: nothing changed" "$(hi_json "$P")" "$root_json"

	run "$who" hipctl hi show
	assert_eq "$who: hi show works and shows the same" "$RC:$OUT" "0:$root_text"
	run "$who" hipctl -j hi show
	assert_eq "$who: hi show -j works and shows the same" "$RC:$OUT" "0:$root_json"
	run "$who" hipctl hi show "$K2"
	assert_eq "$who: hi show HIT works" "$RC:$OUT" "0:$(grep -F "hi $K2 " <<<"$root_text")"

	run "$who" timeout 5 hipctl monitor
	if [ "$RC" -eq 1 ] && [[ "$ERR" =~ ^hipctl:\ .*Operation\ not\ permitted ]] &&
	   [ "$(grep -c '' <<<"$ERR")" -eq 1 ]; then
		pass "$who: monitor cannot subscribe ($ERR)"
	else
		fail "$who: monitor: want exit 1 with an EPERM line, got exit $RC"
		log_output "$ERR"
	fi
done

# A new user namespace inside P: full capabilities in its own user ns, but
# P's netns belongs to the initial one.
has_net_admin as_userns_in_P
assert_eq "unshare -Ur: CAP_NET_ADMIN effective in the new user ns" $? 0
assert_hipctl_error "unshare -Ur inside P: hi add -> EPERM" 1 \
	'^hipctl: hi add: Operation not permitted$' \
	as_userns_in_P hipctl hi add "$TMPD/k3.pem"
assert_eq "unshare -Ur: nothing changed" "$(hi_json "$P")" "$root_json"

# --- a user namespace that owns its netns --------------------------------------
if [ -w /proc/sys/kernel/unprivileged_userns_clone ]; then
	old=$(cat /proc/sys/kernel/unprivileged_userns_clone)
	echo 1 >/proc/sys/kernel/unprivileged_userns_clone
	defer sh -c "echo $old > /proc/sys/kernel/unprivileged_userns_clone"
fi
userns_run=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all
	    --bounding-set=-all -- unshare -Urn --)
if ! "${userns_run[@]}" true 2>/dev/null; then
	log_info "uid 65534 cannot create user namespaces here; using uid 0"
	userns_run=(unshare -Urn --)
fi

cat >"$TMPD/userns.sh" <<EOF
set -u
hipctl -j monitor >"$TMPD/userns-mon.json" 2>"$TMPD/userns-mon.err" &
mon=\$!
sleep 0.5
echo "caps: \$(awk '/^CapEff:/ { print \$2 }' /proc/self/status)"
hipctl hi add "$TMPD/k1.pem" && echo add1=ok
hipctl hi add "$TMPD/k3.pem" && echo add3=ok
hipctl hi set "$(hit_of "$TMPD/k3.pem")" default && echo set=ok
echo "default=\$(hipctl -j hi show | python3 -c 'import json,sys; print([h["hit"] for h in json.load(sys.stdin) if h["default"]][0])')"
hipctl hi del "$K1" && echo del=ok
echo "count=\$(hipctl -j hi show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
sleep 0.5
kill \$mon
EOF
chmod 644 "$TMPD/userns.sh"
chmod 777 "$TMPD"
run "${userns_run[@]}" bash "$TMPD/userns.sh"
log_output "$OUT"
log_output "$ERR"
assert_match "own userns+netns: hi add works" "$OUT" $'add1=ok\nadd3=ok'
assert_match "own userns+netns: hi set works" "$OUT" "set=ok"
assert_match "own userns+netns: hi show shows the new default" "$OUT" "default=$(hit_of "$TMPD/k3.pem")"
assert_match "own userns+netns: hi del works" "$OUT" $'del=ok\ncount=1'
assert_eq "own userns+netns: monitor subscribed and saw 2 adds" \
	"$(monitor_events "$TMPD/userns-mon.json" | grep -c '^hi-add ')" 2
assert_eq "ns P untouched by all of this" "$(hi_json "$P")" "$root_json"

hip_test_exit
