#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Independent computation of the ESP known-answer packets in
# net/hip/selftest/esp.c (RFC 4303 / RFC 4106 / RFC 4868 / RFC 7402), with
# the Python "cryptography" package.  Prints C initialisers.
#
# HIP ESP uses 64-bit sequence numbers (RFC 7402 section 3.3.6), of which
# only the low 32 bits are sent:
#   AES-GCM: AAD = SPI | 64-bit ESN (RFC 4106 section 5, figure 4),
#            nonce = salt | IV (section 4), IV = the 64-bit sequence number
#   HMAC:    ICV over SPI | seq low | IV | ciphertext | seq high: "the
#            high-order 32 bits of the sequence number are appended after
#            the Next Header field" (RFC 4303 section 3.3.2.1 step 4)
#
#   python3 scripts/esp-kat.py

import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SPI = 0x11223344
NEXTHDR = 6


def payload(n):
    return bytes((i * 3 + 1) & 0xff for i in range(n))


def trailer(plen, blk, nexthdr, pad=None, padlen=None):
    clen = (plen + 2 + blk - 1) // blk * blk
    n = clen - plen - 2
    pad = bytes(range(1, n + 1)) if pad is None else pad
    return pad + bytes([n if padlen is None else padlen, nexthdr])


def esp_hdr(seq):
    return struct.pack(">II", SPI, seq & 0xffffffff)


def gcm(key, salt, seq, pt):
    aad = struct.pack(">IQ", SPI, seq)
    iv = struct.pack(">Q", seq)
    ct = AESGCM(key).encrypt(salt + iv, pt, aad)
    return esp_hdr(seq) + iv + ct


def cbc_hmac(ekey, akey, iv, seq, pt):
    hdr = esp_hdr(seq)
    enc = Cipher(algorithms.AES(ekey), modes.CBC(iv)).encryptor()
    ct = enc.update(pt) + enc.finalize()
    hi = struct.pack(">I", seq >> 32)
    icv = hmac.new(akey, hdr + iv + ct + hi, hashlib.sha256).digest()[:16]
    return hdr + iv + ct + icv


def null_hmac(akey, seq, pt):
    hdr = esp_hdr(seq)
    hi = struct.pack(">I", seq >> 32)
    icv = hmac.new(akey, hdr + pt + hi, hashlib.sha256).digest()[:16]
    return hdr + pt + icv


def carr(name, b):
    if carr.n:
        print()
    carr.n += 1
    print("static const u8 %s[] __initconst = {" % name)
    for i in range(0, len(b), 8):
        print("\t" + " ".join("0x%02x," % x for x in b[i:i + 8]))
    print("};")


carr.n = 0


gkey = bytes(range(16))
gsalt = bytes([0xa0, 0xa1, 0xa2, 0xa3])
p = payload(37)
carr("esp_kat_gcm", gcm(gkey, gsalt, 1, p + trailer(37, 4, NEXTHDR)))
# authentic packets with a bad trailer: wrong pad byte, pad length > payload
carr("esp_kat_gcm_badpad",
     gcm(gkey, gsalt, 2, p + trailer(37, 4, NEXTHDR, pad=b"\x05")))
carr("esp_kat_gcm_badpadlen",
     gcm(gkey, gsalt, 3, p + trailer(37, 4, NEXTHDR, padlen=200)))

cbc_iv = bytes(range(0xc0, 0xd0))
akey = bytes(range(0x20, 0x40))
carr("esp_kat_cbc128",
     cbc_hmac(bytes(range(0x10, 0x20)), akey, cbc_iv, 1,
              p + trailer(37, 16, NEXTHDR)))
carr("esp_kat_cbc256",
     cbc_hmac(bytes(range(0x40, 0x60)), akey, cbc_iv, 1,
              p + trailer(37, 16, NEXTHDR)))
carr("esp_kat_null", null_hmac(akey, 1, p + trailer(37, 4, NEXTHDR)))

# Sequence number 2^34 + 7: the high 32 bits (4) are not sent, only used
ESN = (4 << 32) + 7
carr("esp_kat_gcm_esn", gcm(gkey, gsalt, ESN, p + trailer(37, 4, NEXTHDR)))
carr("esp_kat_cbc128_esn",
     cbc_hmac(bytes(range(0x10, 0x20)), akey, cbc_iv, ESN,
              p + trailer(37, 16, NEXTHDR)))
carr("esp_kat_cbc256_esn",
     cbc_hmac(bytes(range(0x40, 0x60)), akey, cbc_iv, ESN,
              p + trailer(37, 16, NEXTHDR)))
carr("esp_kat_null_esn", null_hmac(akey, ESN, p + trailer(37, 4, NEXTHDR)))
