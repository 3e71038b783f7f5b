#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Base exchanges between two hip.ko with RSA, ECDSA P-256 and ECDSA P-384
# host identities, and the signatures hip.ko made, checked by OpenSSL.
#
#   for each of: hipctl keygen rsa --bits 2048 | ecdsa --curve P-256 |
#                ecdsa --curve P-384 (the same algorithm on both sides)
#     ns A (HIT_A) --- veth, fd00::1 / fd00::2 --- ns B (HIT_B)
#     tcpdump on A's veth; A pings HIT_B: I1 R1 I2 R2, the ping is answered
#     python3-cryptography (OpenSSL) verifies the HIP_SIGNATURE of every
#     captured I2 with A's public key and of every R2 with B's, taken from
#     the PEM files, over the packet up to HIP_SIGNATURE with the checksum
#     zero and the Header Length ending there (RFC 7401 section 6.4.2):
#       RSA    SIG alg 5, RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32
#              (RFC 7401 section 5.2.9, RFC 3447 section 8.1)
#       ECDSA  SIG alg 7, r | s over SHA-384 (HIT suite 2, section 5.2.10)
#     and the same signature with one bit flipped must fail that check.

TEST_NAME=bex_sig_algos
source "$(dirname "$(readlink -f "$0")")/hip_lib.sh"

hip_test_init
require_command ping tcpdump

# verify_sigs LABEL PCAP: the OpenSSL check of the I2 and R2 signatures
verify_sigs()
{
	run "$PYTHON" - "$HIP_SELFTEST_DIR" "$2" "$TMPD/hi-a.pem" \
		"$TMPD/hi-b.pem" <<'EOF'
import struct, sys
sys.path.insert(0, sys.argv[1])
import hip_craft as hc
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

P_HIP_SIGNATURE = 61697
def pub(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None).public_key()
keys = {3: ("I2", pub(sys.argv[3])), 4: ("R2", pub(sys.argv[4]))}

def verify(key, data, alg, sig):
    """None if OpenSSL accepts, else why not"""
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if alg != 5:
                return "SIG alg %d, want 5 (RSA)" % alg
            key.verify(sig, data, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                       hashes.SHA256())
        else:
            nb = (key.curve.key_size + 7) // 8
            if alg != 7 or len(sig) != 2 * nb:
                return "SIG alg %d, %d bytes, want 7 and %d" % (alg, len(sig), 2 * nb)
            rs = encode_dss_signature(int.from_bytes(sig[:nb], "big"),
                                      int.from_bytes(sig[nb:], "big"))
            key.verify(rs, data, ec.ECDSA(hashes.SHA384()))
    except InvalidSignature:
        return "invalid signature"
    return None

seen, errs = {"I2": 0, "R2": 0}, []
for frame in hc.read_pcap(sys.argv[2]):
    ip = hc.parse_ip(frame)
    if not ip or ip[3] != 139:
        continue
    pkt = frame[ip[4]:ip[5]]
    if len(pkt) < 40 or (pkt[2] & 0x7F) not in keys:
        continue
    name, key = keys[pkt[2] & 0x7F]
    sigp = [p for p in hc.hip_params(pkt) if p[0] == P_HIP_SIGNATURE]
    if len(sigp) != 1 or sigp[0][2] < 3:
        errs.append("%s: not one HIP_SIGNATURE" % name)
        continue
    _, off, plen = sigp[0]
    data = bytearray(pkt[:off])
    data[1] = off // 8 - 1          # Header Length up to HIP_SIGNATURE
    data[4:6] = b"\0\0"             # checksum zero
    alg, = struct.unpack_from("!H", pkt, off + 4)
    sig = bytes(pkt[off + 6:off + 4 + plen])
    why = verify(key, bytes(data), alg, sig)
    if why:
        errs.append("%s: %s" % (name, why))
        continue
    bad = bytes([sig[0] ^ 0x01]) + sig[1:]
    if verify(key, bytes(data), alg, bad) is None:
        errs.append("%s: a flipped signature bit is accepted" % name)
        continue
    seen[name] += 1
    print("# %s: %d-byte signature, SIG alg %d: verified" % (name, len(sig), alg))
for name, n in seen.items():
    if not n:
        errs.append("no %s with a verified signature in the capture" % name)
for e in errs:
    print("# " + e)
sys.exit(1 if errs else 0)
EOF
	if [ "$RC" -eq 0 ]; then
		pass "$1: HIP_SIGNATURE of I2 and R2 verified by OpenSSL"
	else
		fail "$1: HIP_SIGNATURE of I2 and R2 verified by OpenSSL"
	fi
	log_output "$OUT$ERR"
}

# one_algo LABEL KEYGEN-ARGS...
one_algo()
{
	local label=$1 t

	shift
	hip_topo_setup "$@" || return 1
	hip_peers_add 6 || return 1
	capture_start "$A" "$VETH_A" "$TMPD/$label.pcap" ip6 proto 139 || {
		fail "$label: tcpdump"
		return 1
	}
	if t=$(hip_bex_ping "$A" "$HIT_B"); then
		pass "$label: base exchange, ping6 HIT_B answered after ${t}s"
	else
		fail "$label: ping6 HIT_B: no answer within ${HIP_BEX_TIMEOUT}s"
		log_output "$(hipctl -n "$A" stats 2>&1 | awk '$2 != 0')"
	fi
	wait_ha_state "$B" "$HIT_A" ESTABLISHED 10
	capture_stop
	verify_sigs "$label" "$TMPD/$label.pcap"
	cleanup_ns "$A" "$B"
}

one_algo rsa2048 rsa --bits 2048
one_algo p256 ecdsa --curve P-256
one_algo p384 ecdsa --curve P-384

hip_test_exit
