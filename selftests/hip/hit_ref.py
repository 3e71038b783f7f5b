#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Reference HIT/LSI computation for the HIP selftests.

Independent of hip.ko and hipctl: the key is read with the openssl CLI
(`openssl rsa -noout -modulus -text`, `openssl pkey -noout -text`), the
HOST_ID "Host Identity" field is built here and hashed with hashlib.

  HI (RFC 7401 5.2.9):
    RSA:   e_len (1 byte, or 0 + 2 bytes BE) | e | n   (RFC 3110, minimal BE)
    ECDSA: curve (2 bytes BE: P-256 = 1, P-384 = 2) | 0x04 | X | Y
  HIT (ORCHIDv2, RFC 7343):
    hash = H(ContextID | HI); RSA: SHA-256, OGA 1; ECDSA: SHA-384, OGA 2
    HIT  = 20 01 00 (0x20 | OGA) | middle 96 bits of hash
           (SHA-256: bytes 10..21, SHA-384: bytes 18..29)
  LSI: 1.h13.h14.h15; if h13..h15 are all 00 or all ff, flip bit 0 of h15.

Usage:
  hit_ref.py KEYFILE        JSON {"hit","lsi","algo","bits","curve","hit_suite","pubkey"}
  hit_ref.py --selftest     checks of the pure functions below
"""

import hashlib
import ipaddress
import json
import re
import subprocess
import sys

CONTEXT_ID = bytes.fromhex("F0EFF02FBFF43D0FE7930C3C6E6174EA")
CURVES = {  # openssl NIST name -> (HIP curve id, coordinate bytes)
    "P-256": (1, 32),
    "P-384": (2, 48),
}
HIT_SUITE_RSA = 1
HIT_SUITE_ECDSA = 2


def openssl(*args):
    return subprocess.run(("openssl",) + args, check=True, capture_output=True,
                          text=True).stdout


def hex_block(text, label):
    """Bytes of an openssl "label:" block of colon-separated hex lines."""
    m = re.search(r"^" + re.escape(label) + r":\s*\n((?:\s+[0-9a-f:]+\n?)+)",
                  text, re.M)
    if not m:
        raise ValueError("no %s: block in openssl output" % label)
    return bytes.fromhex(re.sub(r"[\s:]", "", m.group(1)))


def int_to_min_be(v):
    return v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")


def read_key(path):
    """Parse a private key file: dict with algo, bits, curve, pub fields."""
    text = openssl("pkey", "-in", path, "-noout", "-text")
    if re.search(r"^modulus:", text, re.M):
        rsa = openssl("rsa", "-in", path, "-noout", "-modulus", "-text")
        n = int(re.search(r"^Modulus=([0-9A-F]+)$", rsa, re.M).group(1), 16)
        e = int(re.search(r"^publicExponent: (\d+)", rsa, re.M).group(1))
        return {"algo": "rsa", "n": n, "e": e, "bits": n.bit_length()}
    m = re.search(r"^NIST CURVE: (P-\d+)$", text, re.M)
    if m and m.group(1) in CURVES:
        curve = m.group(1)
        size = CURVES[curve][1]
        pub = hex_block(text, "pub")
        if len(pub) != 1 + 2 * size or pub[0] != 4:
            raise ValueError("unexpected EC point encoding")
        d = int.from_bytes(hex_block(text, "priv"), "big")
        return {"algo": "ecdsa", "curve": curve, "bits": size * 8,
                "point": pub, "d": d.to_bytes(size, "big")}
    raise ValueError("unsupported key type in " + path)


def host_id(key):
    """The HOST_ID "Host Identity" field of a key from read_key()."""
    if key["algo"] == "rsa":
        e = int_to_min_be(key["e"])
        n = int_to_min_be(key["n"])
        elen = bytes([len(e)]) if len(e) <= 255 else b"\0" + len(e).to_bytes(2, "big")
        return elen + e + n
    return CURVES[key["curve"]][0].to_bytes(2, "big") + key["point"]


def orchid(hi, suite):
    if suite == HIT_SUITE_RSA:
        h = hashlib.sha256(CONTEXT_ID + hi).digest()
    elif suite == HIT_SUITE_ECDSA:
        h = hashlib.sha384(CONTEXT_ID + hi).digest()
    else:
        raise ValueError("unknown HIT suite %d" % suite)
    off = (len(h) - 12) // 2            # middle 96 bits
    return bytes([0x20, 0x01, 0x00, 0x20 | suite]) + h[off:off + 12]


def lsi(hit):
    b = bytearray(hit[13:16])
    if b == b"\0\0\0" or b == b"\xff\xff\xff":
        b[2] ^= 1
    return "1.%d.%d.%d" % tuple(b)


def describe(key):
    suite = HIT_SUITE_RSA if key["algo"] == "rsa" else HIT_SUITE_ECDSA
    hi = host_id(key)
    hit = orchid(hi, suite)
    out = {"hit": str(ipaddress.IPv6Address(hit)), "lsi": lsi(hit),
           "algo": key["algo"], "bits": key["bits"], "hit_suite": suite,
           "pubkey": hi.hex()}
    if key["algo"] == "ecdsa":
        out["curve"] = key["curve"]
    return out


def selftest():
    # Encode_96 offsets: with a hash of bytes 0,1,2,... the HIT carries
    # bytes 10..21 (SHA-256) and 18..29 (SHA-384).
    h256 = bytes(range(32))
    assert h256[(32 - 12) // 2:][:12] == bytes(range(10, 22))
    h384 = bytes(range(48))
    assert h384[(48 - 12) // 2:][:12] == bytes(range(18, 30))
    assert orchid(b"", 1)[:4] == bytes.fromhex("20010021")
    assert orchid(b"", 2)[:4] == bytes.fromhex("20010022")
    assert orchid(b"x", 1)[4:] == hashlib.sha256(CONTEXT_ID + b"x").digest()[10:22]
    assert orchid(b"x", 2)[4:] == hashlib.sha384(CONTEXT_ID + b"x").digest()[18:30]
    # LSI and its collision rule
    assert lsi(bytes(13) + b"\x0a\x0b\x0c") == "1.10.11.12"
    assert lsi(bytes(13) + b"\0\0\0") == "1.0.0.1"
    assert lsi(bytes(13) + b"\xff\xff\xff") == "1.255.255.254"
    assert lsi(bytes(13) + b"\0\0\x01") == "1.0.0.1"
    # RFC 3110 exponent length encoding
    assert host_id({"algo": "rsa", "e": 65537, "n": 0xc5})[:5] == bytes.fromhex("03010001c5")
    assert host_id({"algo": "rsa", "e": 3, "n": 0xc5}) == bytes.fromhex("0103c5")
    big_e = 1 << (8 * 300 - 1)
    assert host_id({"algo": "rsa", "e": big_e, "n": 1})[:3] == bytes.fromhex("00012c")
    print("hit_ref selftest: pass")


def main(argv):
    if len(argv) == 2 and argv[1] == "--selftest":
        selftest()
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(describe(read_key(argv[1])), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
