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
# own checks (hip.yaml allows EINVAL or EBADMSG for a bad key; the module
# answers EINVAL with its own message for every malformed RSA DER, which
# the cases pin down).  The controls include the extreme private scalars d = 2 and
# d = n - 3, their HITs computed independently (pure python EC); d = 1,
# n - 2 and n - 1 are refused as weak, like the kernel's own ECC does
# (ecc_is_key_valid() accepts 2 <= d <= n - 3).  Then 200 random garbage
# requests must leave the module alive and the list unchanged.

TEST_NAME=netlink_malformed
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

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
new-rsa-der-truncated		EINVAL
new-rsa-der-garbled		EINVAL
new-rsa-der-random		EINVAL
new-rsa-der-trailing		EINVAL
new-rsa-1024			EINVAL
new-rsa-empty			EINVAL
new-ecdsa-no-curve		EINVAL
new-ecdsa-curve-3		EOPNOTSUPP
new-ecdsa-scalar-31		EINVAL
new-ecdsa-scalar-33		EINVAL
new-ecdsa-p256-scalar-48	EINVAL
new-ecdsa-scalar-0		EINVAL
new-ecdsa-scalar-1		EINVAL
new-ecdsa-scalar-n-2		EINVAL
new-ecdsa-scalar-n-1		EINVAL
new-ecdsa-scalar-n		EINVAL
new-ecdsa-scalar-n+1		EINVAL
new-ecdsa-scalar-ff		EINVAL
new-ecdsa-p384-scalar-0		EINVAL
new-ecdsa-p384-scalar-n-1	EINVAL
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
VALID="valid-rsa valid-p256 valid-p384 valid-p256-d-2 valid-p256-d-n-3 valid-p384-d-2
valid-p384-d-n-3"

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

# A non-empty list, so that "unchanged" means something.
assert_ok "seed HI 1" hipctl -n "$A" hi add "$TMPD/seed1.pem"
assert_ok "seed HI 2" hipctl -n "$A" hi add "$TMPD/seed2.pem"
initial=$(hipctl -n "$A" -j hi show)

# One netlink_craft.py run for all cases (python starts slowly in the VM).
declare -A WANT NOEXT
names=()
while read -r c want opt; do
	[ -n "$c" ] || continue
	WANT[$c]=$want
	[ "$opt" = noextack ] && NOEXT[$c]=1
	names+=("$c")
done <<<"$CASES"
for c in $VALID; do
	WANT[$c]=OK
done
WANT[dup-p256]=EEXIST

craft send $VALID "${names[@]}" dup-p256 >"$TMPD/results" 2>"$TMPD/craft.err"
[ -s "$TMPD/craft.err" ] && { fail "netlink_craft.py send"; log_output "$(cat "$TMPD/craft.err")"; }
assert_eq "one result per case" "$(grep -c '' "$TMPD/results")" \
	"$(( ${#names[@]} + $(wc -w <<<"$VALID") + 1 ))"

while IFS=$'\t' read -r c got unchanged added deleted expect miss ext; do
	want=${WANT[$c]}
	log_info "$(printf '%-28s %-11s extack="%s"' "$c" "$got" "$ext")"
	if [ "$want" = OK ]; then
		# a well-formed control: accepted, one HI added, deletable
		if [ "$got" = OK ] && [ "$added" != - ] && [ "$deleted" = OK ] &&
		   [ "$expect" = match ]; then
			pass "$c: accepted with the expected HIT (and deleted again)"
		else
			fail "$c: a well-formed request: $got, added $added ($expect), deleted $deleted"
		fi
		continue
	fi
	ok=1
	[ "$got" = "$want" ] || { ok=0; log_info "    expected $want, got $got"; }
	if [ -z "${NOEXT[$c]:-}" ] && [ -z "$ext" ]; then
		ok=0
		log_info "    no extack message (miss_type=$miss)"
	fi
	[ "$unchanged" = yes ] || { ok=0; log_info "    the HI list changed (added $added, deleted: $deleted)"; }
	if [ $ok -eq 1 ]; then
		pass "$c: $want${NOEXT[$c]:+ (no extack: genl core)}, list unchanged"
	else
		fail "$c"
	fi
done <"$TMPD/results"
assert_eq "list as seeded after all cases" "$(hipctl -n "$A" -j hi show)" "$initial"

# Garbage.
mark=$(kmsg_mark fuzz)
seed=${HIP_FUZZ_SEED:-$RANDOM}
log_info "fuzz seed $seed (HIP_FUZZ_SEED=$seed reproduces it)"
res=$(craft fuzz 200 "$seed")
log_info "fuzz: $res"
assert_match "200 garbage requests: list unchanged" "$res" "^sent=200 unchanged=yes "
assert_match "200 garbage requests: every request answered in time" "$res" " timeouts=0 "
assert_ok "module still loaded" test -d /sys/module/hip
assert_eq "hipctl still lists the 2 seeded HIs" "$(hipctl -n "$A" -j hi show)" "$initial"
bad=$(kmsg_since "$mark" | grep -E 'BUG|Oops|WARNING|Call Trace|general protection|KASAN|UBSAN')
assert_eq "no kernel splat during the fuzzing" "$bad" ""

hip_test_exit
