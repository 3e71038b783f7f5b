#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hipctl fails cleanly: one "hipctl: ..." line on stderr, nothing on stdout,
# exit 1 (2 for usage errors), never a crash; and keygen writes private keys
# safely.
#
#   bad key files ──> hipctl hit FILE, hipctl -n E hi add FILE   (ns E)
#     missing, directory, empty, text, public key only, garbage DER,
#     secp256k1, P-521, Ed25519 (hit only; hi add is hi_algos.sh's)
#   rmmod hip ──> hipctl hi show/add/del, monitor:
#     'hipctl: generic netlink family "hip" not found (is hip.ko loaded?)'
#   keygen: refuses to overwrite (file intact), --force replaces it,
#     files are mode 0600 whatever the umask, PKCS#8 PEM that
#     "openssl pkey -in FILE -noout" accepts, defaults RSA 3072 / P-256,
#     out-of-range sizes and curves refused without creating a file.

TEST_NAME=hipctl_errors
source "$(dirname "$(readlink -f "$0")")/lib.sh"

hip_test_init
setup_ns E || exit $?

key_hipctl good ecdsa || hip_test_exit
assert_ok "seed one HI" hipctl -n "$E" hi add "$TMPD/good.pem"
before=$(hi_json "$E")

# --- bad key files -------------------------------------------------------------
printf 'hello, this is not a key\n' >"$TMPD/text.pem"
: >"$TMPD/empty.pem"
mkdir "$TMPD/dir.pem"
openssl pkey -in "$TMPD/good.pem" -pubout -out "$TMPD/pub.pem"
openssl pkey -in "$TMPD/good.pem" -pubout -outform DER -out "$TMPD/pub.der"
# a DER SEQUENCE header announcing more than follows, then junk
printf '\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00\xde\xad\xbe\xef' >"$TMPD/garbage.der"
head -c 1200 /dev/urandom >"$TMPD/random.der"
key_openssl secp256k1 ec secp256k1
key_openssl p521 ec P-521
key_openssl ed25519 ed25519

for f in missing text empty dir pub pub-der garbage random secp256k1 p521; do
	case $f in
	pub-der) file=$TMPD/pub.der ;;
	garbage|random) file=$TMPD/$f.der ;;
	*) file=$TMPD/$f.pem ;;
	esac
	re='^hipctl: '
	[ $f = missing ] && re='^hipctl: .*No such file or directory'
	assert_hipctl_error "hit: $f key file" 1 "$re" hipctl hit "$file"
	assert_hipctl_error "hi add: $f key file" 1 "$re" hipctl -n "$E" hi add "$file"
done
assert_hipctl_error "hit: Ed25519" 1 '^hipctl: hit: Ed25519 host identities are not supported$' \
	hipctl hit "$TMPD/ed25519.pem"
assert_eq "the failed adds changed nothing" "$(hi_json "$E")" "$before"

# --- usage errors ------------------------------------------------------------------
assert_hipctl_error "unknown command: usage error" 2 '^hipctl: ' hipctl frobnicate
assert_hipctl_error "hi without subcommand: usage error" 2 '^hipctl: ' hipctl hi
assert_hipctl_error "hi add without a file: usage error" 2 '^hipctl: ' hipctl -n "$E" hi add
assert_hipctl_error "keygen without -o: usage error" 2 '^hipctl: ' hipctl keygen ecdsa
assert_hipctl_error "-n of a netns that does not exist" 1 '^hipctl: ' \
	hipctl -n "nonexistent-$E" hi show
assert_ok "hipctl -V" hipctl -V
assert_ok "hipctl help" hipctl help

# --- module not loaded ---------------------------------------------------------------
NOTFOUND='^hipctl: generic netlink family "hip" not found \(is hip\.ko loaded\?\)$'
if assert_ok "rmmod hip" hip_module_unload; then
	assert_hipctl_error "hi show without the module" 1 "$NOTFOUND" hipctl hi show
	assert_hipctl_error "hi show -j without the module" 1 "$NOTFOUND" hipctl -j hi show
	assert_hipctl_error "hi add without the module" 1 "$NOTFOUND" hipctl hi add "$TMPD/good.pem"
	assert_hipctl_error "hi del without the module" 1 "$NOTFOUND" hipctl hi del 2001:22::1
	assert_hipctl_error "monitor without the module" 1 "$NOTFOUND" timeout 5 hipctl monitor
	assert_ok "hipctl hit works offline without the module" hipctl hit "$TMPD/good.pem"
	assert_ok "insmod hip.ko again" hip_module_load
	run hipctl hi show
	assert_eq "hi show works again after reload" "$RC" 0
fi

# --- keygen ------------------------------------------------------------------------------
# keygen ARGS -> file, checks mode 0600, PKCS#8 PEM, openssl accepts it
check_key()
{
	local desc=$1 file=$2 want=$3 mode text

	mode=$(stat -c %a "$file" 2>/dev/null)
	assert_eq "$desc: mode 0600" "$mode" 600
	assert_eq "$desc: PKCS#8 PEM" "$(head -n 1 "$file")" "-----BEGIN PRIVATE KEY-----"
	assert_ok "$desc: openssl pkey -in FILE -noout accepts it" openssl pkey -in "$file" -noout
	text=$(openssl pkey -in "$file" -noout -text 2>/dev/null | head -n 1)
	assert_match "$desc: $want" "$text" "$want"
}

umask 022
for spec in "rsa --bits 2048:RSA 2048:2048 bit" "rsa --bits 3072:RSA 3072:3072 bit" \
	    "rsa --bits 4096:RSA 4096:4096 bit" "rsa:RSA default:3072 bit" \
	    "ecdsa --curve P-256:P-256:256 bit" "ecdsa --curve P-384:P-384:384 bit" \
	    "ecdsa:ECDSA default:256 bit" "ed25519:Ed25519:ED25519"; do
	IFS=: read -r args desc want <<<"$spec"
	f="$TMPD/kg-${desc// /-}.pem"
	# shellcheck disable=SC2086
	if assert_ok "keygen $args" hipctl keygen $args -o "$f"; then
		check_key "keygen $desc" "$f" "$want"
	fi
done
f=$TMPD/kg-P-384.pem
if [ -f "$f" ]; then
	curve=$(openssl pkey -in "$f" -noout -text | sed -n 's/^NIST CURVE: //p')
	assert_eq "keygen ecdsa --curve P-384 makes a P-384 key" "$curve" P-384
fi

umask 000
assert_ok "keygen with umask 000" hipctl keygen ecdsa -o "$TMPD/umask0.pem"
check_key "keygen with umask 000" "$TMPD/umask0.pem" "256 bit"
umask 022

echo precious >"$TMPD/existing.pem"
chmod 644 "$TMPD/existing.pem"
assert_hipctl_error "keygen refuses to overwrite" 1 '^hipctl: ' \
	hipctl keygen ecdsa -o "$TMPD/existing.pem"
assert_eq "the existing file is intact" "$(cat "$TMPD/existing.pem")" precious
ln -s "$TMPD/existing.pem" "$TMPD/link.pem"
assert_hipctl_error "keygen refuses to write through a symlink" 1 '^hipctl: ' \
	hipctl keygen ecdsa -o "$TMPD/link.pem"
assert_eq "the symlink target is intact" "$(cat "$TMPD/existing.pem")" precious
assert_ok "keygen --force replaces it" hipctl keygen ecdsa --force -o "$TMPD/existing.pem"
check_key "keygen --force over a 0644 file" "$TMPD/existing.pem" "256 bit"

for args in "rsa --bits 1024" "rsa --bits 8192" "rsa --bits abc" "ecdsa --curve P-521" \
	    "ecdsa --curve secp256k1" "dsa"; do
	f="$TMPD/bad-${args// /_}.pem"
	# shellcheck disable=SC2086
	run hipctl keygen $args -o "$f"
	if { [ "$RC" -eq 1 ] || [ "$RC" -eq 2 ]; } && [ -z "$OUT" ] &&
	   [ "$(grep -c '' <<<"$ERR")" -eq 1 ] && [[ "$ERR" == "hipctl: "* ]] &&
	   [ ! -e "$f" ]; then
		pass "keygen $args refused (exit $RC), no file: $ERR"
	else
		fail "keygen $args: exit $RC, file $( [ -e "$f" ] && echo created || echo absent)"
		log_output "$ERR"
	fi
done

hip_test_exit
