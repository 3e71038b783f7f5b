#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed generic netlink requests are rejected cleanly.
#
#   ns A:  netlink_craft.py ──raw genl (no libnl, no hipctl)──> hip.ko
#          HIs seeded with hipctl; HI dump taken before and after each request
#
# Every malformed request is one mutation of a well-formed request (the
# valid-* cases, which must succeed).  For each one the kernel must answer
# with the exact errno listed below, a non-empty extended-ACK message, and
# leave the HI list unchanged.  The errnos follow the kernel's netlink core
# (policy: ERANGE for lengths out of range, EINVAL for wrong attribute
# sizes/types/nesting/unknown attributes; EOPNOTSUPP for unknown commands,
# where the core gives no extack) and the hip.yaml spec for the module's
# own checks.  Then 200 random garbage requests must leave the module alive
# and the list unchanged.

TEST_NAME=netlink_malformed
source "$(dirname "$(readlink -f "$0")")/lib.sh"

# case  expected errno  [noextack: the genl core rejects it before the module]
CASES="
new-no-hi			EINVAL
new-empty-hi			EINVAL
new-no-algo			EINVAL
new-no-privkey			EINVAL
new-privkey-oversized		ERANGE
new-algo-u32			EINVAL
new-curve-u8			EINVAL
new-unknown-attr-top		EINVAL
new-unknown-attr-nested		EINVAL
new-hi-not-nested-flag		EINVAL
new-attrs-not-nested		EINVAL
new-hi-payload-not-attrs	ERANGE
new-trailing-bytes		EINVAL
new-reserved-nonzero		EINVAL
new-ro-pubkey			EINVAL
new-ro-bits			EINVAL
new-ro-hit-suite		EINVAL
new-algo-99			EOPNOTSUPP
new-eddsa			EOPNOTSUPP
new-rsa-der-truncated		EBADMSG
new-rsa-der-garbled		EBADMSG
new-rsa-der-random		EBADMSG
new-rsa-der-trailing		EBADMSG
new-rsa-1024			EINVAL
new-rsa-empty			EBADMSG
new-ecdsa-no-curve		EINVAL
new-ecdsa-curve-3		EOPNOTSUPP
new-ecdsa-scalar-31		EINVAL
new-ecdsa-scalar-33		EINVAL
new-ecdsa-p256-scalar-48	EINVAL
new-ecdsa-scalar-0		EINVAL
new-ecdsa-scalar-n		EINVAL
new-ecdsa-scalar-n+1		EINVAL
new-ecdsa-scalar-ff		EINVAL
new-ecdsa-p384-scalar-0		EINVAL
new-ecdsa-p384-scalar-n		EINVAL
del-no-hi			EINVAL
del-no-hit			EINVAL
del-hit-15			ERANGE
del-hit-17			ERANGE
del-unknown-hit			ENOENT
set-no-hit			EINVAL
set-unknown-hit			ENOENT
set-default-with-payload	ERANGE
get-no-hit			EINVAL
get-unknown-hit			ENOENT
cmd-unspec			EOPNOTSUPP	noextack
cmd-ntf-as-request		EOPNOTSUPP	noextack
cmd-99				EOPNOTSUPP	noextack
"
VALID="valid-rsa valid-p256 valid-p384 valid-p256-d-1 valid-p256-d-n-1 valid-p384-d-n-1"

hip_test_init
setup_ns A || exit $?

key_hipctl rsa rsa --bits 2048 || hip_test_exit
key_hipctl p256 ecdsa --curve P-256 || hip_test_exit
key_hipctl p384 ecdsa --curve P-384 || hip_test_exit
key_openssl rsa1024 rsa 1024 || hip_test_exit
key_hipctl seed1 ecdsa --curve P-256 || hip_test_exit
key_hipctl seed2 ecdsa --curve P-384 || hip_test_exit

craft()
{
	ip netns exec "$A" "$PYTHON" "$HIP_SELFTEST_DIR/netlink_craft.py" \
		--rsa "$TMPD/rsa.pem" --p256 "$TMPD/p256.pem" \
		--p384 "$TMPD/p384.pem" --rsa1024 "$TMPD/rsa1024.pem" "$@"
}

# field JSON NAME
field()
{
	json_eval "d['$2']" <<<"$1"
}

# A non-empty list, so that "unchanged" means something.
assert_ok "seed HI 1" hipctl -n "$A" hi add "$TMPD/seed1.pem"
assert_ok "seed HI 2" hipctl -n "$A" hi add "$TMPD/seed2.pem"
initial=$(craft dump) || { fail "netlink_craft.py dump"; hip_test_exit; }
assert_eq "raw dump sees the 2 seeded HIs" "$(json_eval 'len(d)' <<<"$initial")" 2

# Well-formed controls succeed (then are deleted again).
for c in $VALID; do
	res=$(craft send "$c")
	if [ "$(field "$res" errno)" = 0 ] && [ "$(field "$res" hit)" != null ]; then
		pass "$c: accepted"
		hit=$(field "$res" hit)
		run craft del "$hit"
		[ "$RC" -eq 0 ] || fail "$c: HI_DEL of the new HI: $OUT"
	else
		fail "$c: a well-formed request was not accepted"
		log_output "$res"
	fi
done
assert_eq "controls leave the list as it was" "$(craft dump)" "$initial"

# Malformed requests.
while read -r c want opt; do
	[ -n "$c" ] || continue
	res=$(craft send "$c")
	if [ -z "$res" ]; then
		fail "$c: netlink_craft.py failed"
		continue
	fi
	got=$(field "$res" errname)
	ext=$(field "$res" extack)
	unchanged=$(field "$res" unchanged)
	log_info "$(printf '%-28s %-11s extack="%s"' "$c" "$got" "$ext")"
	ok=1
	[ "$got" = "$want" ] || { ok=0; log_info "    expected $want, got $got"; }
	if [ "$opt" != noextack ] && [ -z "$ext" ]; then
		ok=0
		log_info "    no extack message (miss_type=$(field "$res" miss_type))"
	fi
	[ "$unchanged" = true ] || { ok=0; log_info "    the HI list changed"; }
	if [ "$(field "$res" hit)" != null ]; then
		craft del "$(field "$res" hit)" >/dev/null
	fi
	if [ $ok -eq 1 ]; then
		pass "$c: $want, extack, list unchanged"
	else
		fail "$c"
	fi
done <<<"$CASES"

# A duplicate add is refused with EEXIST and changes nothing.
res=$(craft send valid-p256)
hit=$(field "$res" hit)
res=$(craft send valid-p256)
if [ "$(field "$res" errname)" = EEXIST ] && [ -n "$(field "$res" extack)" ] &&
   [ "$(field "$res" unchanged)" = true ]; then
	pass "duplicate HI_NEW: EEXIST, extack, list unchanged"
else
	fail "duplicate HI_NEW"
	log_output "$res"
fi
[ "$hit" != null ] && craft del "$hit" >/dev/null
assert_eq "list back to the seeded HIs" "$(craft dump)" "$initial"

# Garbage.
mark=$(kmsg_mark fuzz)
seed=${HIP_FUZZ_SEED:-$RANDOM}
log_info "fuzz seed $seed (HIP_FUZZ_SEED=$seed reproduces it)"
res=$(craft fuzz 200 "$seed")
log_info "fuzz: $res"
assert_eq "200 garbage requests: list unchanged" "$(field "$res" unchanged 2>/dev/null)" true
assert_eq "200 garbage requests: every request answered in time" \
	"$(json_eval 'd["replies"].get("timeout", 0)' <<<"$res" 2>/dev/null)" 0
assert_ok "module still loaded" test -d /sys/module/hip
assert_ok "family still resolves and dumps" craft family
assert_eq "hipctl still lists the 2 seeded HIs" "$(hi_count "$A")" 2
bad=$(kmsg_since "$mark" | grep -E 'BUG|Oops|WARNING|Call Trace|general protection|KASAN|UBSAN')
assert_eq "no kernel splat during the fuzzing" "$bad" ""

hip_test_exit
