#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host identities of every supported algorithm can be added, listed, made
# default and deleted; unsupported ones are refused.
#
#   ns A:  hipctl hi add/show/set/del ──genl──> hip.ko (HIs of ns A)
#
#   keys from hipctl keygen and from openssl genpkey:
#     RSA 2048, 3072, 4096; ECDSA P-256, P-384        -> accepted
#     Ed25519 (both tools)                            -> EOPNOTSUPP, kernel message
#     RSA 1024 (openssl)                              -> refused
#
# Listing: "hi show" text lines and "hi show -j" JSON (parsed with python3)
# carry algo/bits/curve/suite/default.  Default rules: the first HI becomes
# the default; "hi add FILE default" and "hi set HIT default" move it;
# deleting the default promotes the oldest remaining HI; exactly one
# default whenever the list is not empty.  A duplicate add fails with
# EEXIST, deleting an unknown HIT fails; nothing changes on a failure.

TEST_NAME=hi_algos
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
setup_ns A || exit $?

# name  tool  algo  bits  curve
SPECS="
h-rsa2048	hipctl	rsa	2048	-
h-rsa3072	hipctl	rsa	3072	-
h-rsa4096	hipctl	rsa	4096	-
h-p256		hipctl	ecdsa	256	P-256
h-p384		hipctl	ecdsa	384	P-384
o-rsa2048	openssl	rsa	2048	-
o-rsa3072	openssl	rsa	3072	-
o-rsa4096	openssl	rsa	4096	-
o-p256		openssl	ecdsa	256	P-256
o-p384		openssl	ecdsa	384	P-384
"

declare -A HIT ALGO BITS CURVE
ORDER=()	# names in the order they were added (oldest first)

while read -r name tool algo bits curve; do
	[ -n "$name" ] || continue
	case $tool:$algo in
	hipctl:rsa)	key_hipctl "$name" rsa --bits "$bits" ;;
	hipctl:ecdsa)	key_hipctl "$name" ecdsa --curve "$curve" ;;
	openssl:rsa)	key_openssl "$name" rsa "$bits" ;;
	openssl:ecdsa)	key_openssl "$name" ec "$curve" ;;
	esac || continue
	HIT[$name]=$(hit_of "$TMPD/$name.pem")
	ALGO[$name]=$algo BITS[$name]=$bits CURVE[$name]=$curve
done <<<"$SPECS"

# check_default WANT-NAME: exactly one default and it is WANT-NAME.
check_default()
{
	local want=$1 got

	got=$(hi_default "$A")
	assert_eq "default is $want" "$got" "${HIT[$want]}"
}

# check_listed NAME: the text line of the HI has the right fields.
check_listed()
{
	local n=$1 hit=${HIT[$1]} line re

	if [ "${ALGO[$n]}" = rsa ]; then
		re="^hi $hit lsi 1(\.[0-9]{1,3}){3} algo rsa bits ${BITS[$n]} suite 1( default)?$"
	else
		re="^hi $hit lsi 1(\.[0-9]{1,3}){3} algo ecdsa curve ${CURVE[$n]} bits ${BITS[$n]} suite 2( default)?$"
	fi
	line=$(hipctl -n "$A" hi show | grep -F "hi $hit ")
	assert_match "$n: text line" "$line" "$re"
}

# --- add every algorithm; the first one is the default ----------------------
assert_eq "empty list in a new netns" "$(hi_count "$A")" 0
run hipctl -n "$A" hi show
assert_eq "hi show prints nothing for an empty list" "$OUT" ""

count=0
while read -r name _; do
	[ -n "$name" ] && [ -n "${HIT[$name]:-}" ] || continue
	if assert_ok "$name: hi add" hipctl -n "$A" hi add "$TMPD/$name.pem"; then
		assert_eq "$name: hi add is silent" "$OUT$ERR" ""
		count=$((count + 1))
		ORDER+=("$name")
	fi
	assert_eq "$name: $count HIs listed" "$(hi_count "$A")" "$count"
	check_listed "$name"
	check_default "${ORDER[0]}"
done <<<"$SPECS"

# The JSON listing, parsed with python3, against the text listing and the
# expected algorithm of each HI.
hipctl -n "$A" -j hi show >"$TMPD/list.json"
hipctl -n "$A" hi show >"$TMPD/list.txt"
expect=()
for n in "${ORDER[@]}"; do
	expect+=("${HIT[$n]},${ALGO[$n]},${BITS[$n]},${CURVE[$n]},$n")
done
run "$PYTHON" - "$TMPD/list.json" "$TMPD/list.txt" "${expect[@]}" <<'EOF'
import json, re, sys
js = json.load(open(sys.argv[1]))            # must be valid JSON
text = open(sys.argv[2]).read().splitlines()
errs = []
if not isinstance(js, list):
    sys.exit("# not a JSON array")
if len(js) != len(text) or len(js) != len(sys.argv[3:]):
    errs.append("%d JSON entries, %d text lines, %d expected"
                % (len(js), len(text), len(sys.argv[3:])))
by_hit = {h.get("hit"): h for h in js}
for e in sys.argv[3:]:
    hit, algo, bits, curve, name = e.split(",")
    h = by_hit.get(hit)
    if h is None:
        errs.append(name + ": not in the JSON listing")
        continue
    want = {"algo": algo, "bits": int(bits), "hit_suite": 1 if algo == "rsa" else 2}
    if algo == "ecdsa":
        want["curve"] = curve
    for f, v in want.items():
        if h.get(f) != v:
            errs.append("%s: %s is %r, want %r" % (name, f, h.get(f), v))
    if algo == "rsa" and "curve" in h:
        errs.append(name + ": RSA HI has a curve")
    if not isinstance(h.get("default"), bool):
        errs.append(name + ": default is not a JSON boolean")
    if not re.fullmatch(r"(?:[0-9a-f]{2}){34,}", str(h.get("pubkey"))):
        errs.append(name + ": pubkey is not hex")
    line = [l for l in text if l.split()[1:2] == [hit]]
    if len(line) != 1:
        errs.append(name + ": not exactly one text line")
        continue
    w = line[0].split()
    if w[3] != h.get("lsi") or (w[-1] == "default") != h.get("default"):
        errs.append(name + ": text and JSON disagree on lsi/default")
if sum(1 for h in js if h.get("default") is True) != 1:
    errs.append("not exactly one default in JSON")
for e in errs:
    print("# " + e)
sys.exit(1 if errs else 0)
EOF
if [ "$RC" -eq 0 ]; then
	pass "hi show -j: valid JSON, fields as expected, agrees with the text listing"
else
	fail "hi show -j"
	log_output "$OUT$ERR"
fi
assert_eq "exactly one 'default' in text" \
	"$(hipctl -n "$A" hi show | grep -c ' default$')" 1

first=${ORDER[0]}
run hipctl -n "$A" hi show "${HIT[$first]}"
assert_eq "hi show HIT lists that one HI" "$OUT" "$(grep -F "hi ${HIT[$first]} " "$TMPD/list.txt")"

# --- failures change nothing -------------------------------------------------
before=$(hi_json "$A")
assert_hipctl_error "duplicate add: EEXIST" 1 '^hipctl: hi add: .*File exists\)?$' \
	hipctl -n "$A" hi add "$TMPD/o-p256.pem"
openssl pkey -in "$TMPD/h-rsa2048.pem" -outform DER -out "$TMPD/h-rsa2048.der"
assert_hipctl_error "same key as DER: EEXIST" 1 '^hipctl: hi add: .*File exists\)?$' \
	hipctl -n "$A" hi add "$TMPD/h-rsa2048.der"
openssl pkey -in "$TMPD/h-rsa3072.pem" -traditional -out "$TMPD/h-rsa3072.trad.pem"
assert_hipctl_error "same key as traditional PEM: EEXIST" 1 \
	'^hipctl: hi add: .*File exists\)?$' \
	hipctl -n "$A" hi add "$TMPD/h-rsa3072.trad.pem"
assert_hipctl_error "delete unknown HIT" 1 '^hipctl: hi del: .*No such file or directory\)?$' \
	hipctl -n "$A" hi del 2001:2f::1
assert_hipctl_error "set default on unknown HIT" 1 \
	'^hipctl: hi set: .*No such file or directory\)?$' \
	hipctl -n "$A" hi set 2001:2f::1 default

key_hipctl h-ed25519 ed25519
key_openssl o-ed25519 ed25519
for k in h-ed25519 o-ed25519; do
	assert_hipctl_error "$k: refused by the kernel" 1 \
		'^hipctl: hi add: EdDSA host identities are not supported \(Operation not supported\)$' \
		hipctl -n "$A" hi add "$TMPD/$k.pem"
done
key_openssl o-rsa1024 rsa 1024
assert_hipctl_error "RSA 1024: refused" 1 '^hipctl: hi add: .+' \
	hipctl -n "$A" hi add "$TMPD/o-rsa1024.pem"
assert_eq "failed commands changed nothing" "$(hi_json "$A")" "$before"

# --- default changes ------------------------------------------------------------
assert_ok "set h-p384 default" hipctl -n "$A" hi set "${HIT[h-p384]}" default
check_default h-p384
assert_ok "set default on the default again" hipctl -n "$A" hi set "${HIT[h-p384]}" default
check_default h-p384

# delete a non-default: default unchanged
assert_ok "delete o-rsa3072 (not default)" hipctl -n "$A" hi del "${HIT[o-rsa3072]}"
ORDER=("${ORDER[@]/o-rsa3072/}")
check_default h-p384

# delete the default: the oldest remaining becomes default
assert_ok "delete h-p384 (default)" hipctl -n "$A" hi del "${HIT[h-p384]}"
ORDER=("${ORDER[@]/h-p384/}")
check_default h-rsa2048
assert_ok "delete h-rsa2048 (default, oldest)" hipctl -n "$A" hi del "${HIT[h-rsa2048]}"
ORDER=("${ORDER[@]/h-rsa2048/}")
check_default h-rsa3072

# "hi add FILE default" re-adds a deleted key as the new default
assert_ok "hi add h-p384 default" hipctl -n "$A" hi add "$TMPD/h-p384.pem" default
check_default h-p384
assert_ok "delete h-p384 again" hipctl -n "$A" hi del "${HIT[h-p384]}"
check_default h-rsa3072

# delete everything, oldest first, checking the promotion each time
remaining=()
for n in "${ORDER[@]}"; do
	[ -n "$n" ] && remaining+=("$n")
done
while [ ${#remaining[@]} -gt 0 ]; do
	n=${remaining[0]}
	remaining=("${remaining[@]:1}")
	assert_ok "delete $n" hipctl -n "$A" hi del "${HIT[$n]}"
	if [ ${#remaining[@]} -gt 0 ]; then
		check_default "${remaining[0]}"
	fi
	assert_eq "${#remaining[@]} HIs left" "$(hi_count "$A")" "${#remaining[@]}"
done
assert_hipctl_error "delete from an empty list" 1 '^hipctl: hi del: .*No such file or directory\)?$' \
	hipctl -n "$A" hi del "${HIT[o-p384]}"

# a new first HI after emptying the list is the default again
assert_ok "add o-p256 to the empty list" hipctl -n "$A" hi add "$TMPD/o-p256.pem"
check_default o-p256
assert_ok "delete o-p256" hipctl -n "$A" hi del "${HIT[o-p256]}"
assert_eq "list empty at the end" "$(hi_count "$A")" 0

hip_test_exit
