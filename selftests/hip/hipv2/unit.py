# SPDX-License-Identifier: GPL-2.0
"""Offline known-answer and consistency tests of the hipv2 package:
python3 -m hipv2.unit (from selftests/hip).  Prints ok/FAIL lines, exits 1
on a failure."""

import os
import random
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import crypto, wire

BAD = 0


def check(what, cond):
    global BAD
    print("%s: %s" % ("ok" if cond else "FAIL", what))
    BAD += not cond


def probable_prime(n, rounds=2):
    if n % 2 == 0:
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    rnd = random.Random(7)
    for _ in range(rounds):
        x = pow(rnd.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def test_appendix_c():
    # RFC 7401 Appendix C.1 and C.2: I1 from 2001:20::1 to 2001:20::2 with
    # DH_GROUP_LIST 3,4,8, checksums 0x1a5e (IPv6) and 0xf1ce (IPv4)
    pkt = wire.build(wire.I1, "2001:20::1", "2001:20::2",
                     [wire.tlv(wire.DH_GROUP_LIST, bytes([3, 4, 8]))])
    check("App. C: I1 is 48 bytes, header length 5, next header 59, "
          "type 1, version/reserved 0x21",
          len(pkt) == 48 and pkt[1] == 5 and pkt[0] == 59 and pkt[2] == 1
          and pkt[3] == 0x21)
    for src, dst, want in (("2001:db8::1", "2001:db8::2", 0x1A5E),
                           ("192.0.2.1", "192.0.2.2", 0xF1CE)):
        got = wire.checksum(src, dst, pkt)
        check("App. C: checksum %s -> %s is 0x%04x (got 0x%04x)" % (src, dst, want, got),
              got == want)
        check("App. C: checksum_ok with the field set",
              wire.checksum_ok(src, dst, wire.set_checksum(src, dst, pkt)))


def test_tlv():
    # RFC 7401 5.2.1: Total Length = 11 + Length - (Length + 3) % 8
    ok = all(len(wire.tlv(1, bytes(n))) % 8 == 0 and
             len(wire.tlv(1, bytes(n))) == 11 + n - (n + 3) % 8 for n in range(0, 40))
    check("5.2.1: TLV total length formula and 8-byte alignment", ok)
    p = wire.build(wire.R1, "2001:20::1", "2001:20::2",
                   [wire.tlv(wire.HIP_SIGNATURE_2, b"x"), wire.tlv(wire.PUZZLE, bytes(36))])
    check("5.2.1: build() sorts parameters by type",
          [x.type for x in wire.Packet(p).params] == [wire.PUZZLE, wire.HIP_SIGNATURE_2])
    bad = bytearray(p)
    bad[40:42] = struct.pack("!H", 65000)
    try:
        wire.Packet(bytes(bad))
        check("5.2.1: decreasing parameter types are refused", False)
    except wire.WireError:
        check("5.2.1: decreasing parameter types are refused", True)


def test_rfc5903():
    # RFC 5903 section 8.1: 256-bit random ECP group test vector
    i = int("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433", 16)
    r = int("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53", 16)
    gi = bytes.fromhex("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
                       "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3")
    gr = bytes.fromhex("D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
                       "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB")
    girx = bytes.fromhex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE")
    a, b = crypto.DH(7), crypto.DH(7)
    for d, k in ((a, i), (b, r)):
        d._k = ec.derive_private_key(k, ec.SECP256R1())
        n = d._k.public_key().public_numbers()
        d.pub = n.x.to_bytes(32, "big") + n.y.to_bytes(32, "big")
    check("RFC 5903 8.1: public values are x | y", a.pub == gi and b.pub == gr)
    check("RFC 5903 8.1/7: shared secret is girx", a.shared(gr) == girx == b.shared(gi))


def test_modp():
    for g, bits in ((3, 1536), (4, 3072)):
        p = crypto.MODP[g]
        ok = p.bit_length() == bits and p >> (bits - 64) == (1 << 64) - 1 and \
            p & ((1 << 64) - 1) == (1 << 64) - 1
        check("RFC 3526: group %d prime has %d bits, 64 top and bottom ones" % (g, bits), ok)
        check("RFC 3526: group %d p and (p-1)/2 are (probable) primes" % g,
              probable_prime(p) and probable_prime((p - 1) // 2))
        a, b = crypto.DH(g), crypto.DH(g)
        check("group %d: DH agrees, public values %d bytes" % (g, bits // 8),
              a.shared(b.pub) == b.shared(a.pub) and len(a.pub) == bits // 8)
    for g in (7, 8):
        a, b = crypto.DH(g), crypto.DH(g)
        n = crypto.ECDH[g][1]
        check("group %d: ECDH agrees, x | y of %d bytes, Kij %d bytes" % (g, 2 * n, n),
              a.shared(b.pub) == b.shared(a.pub) and len(a.pub) == 2 * n
              and len(a.shared(b.pub)) == n)
    check("5.2.6: the Responder's own order decides",
          crypto.dh_choose([7, 8, 4], [4, 8, 7]) == 7 and
          crypto.dh_choose([3, 4], [8, 4, 3]) == 3 and crypto.dh_choose([8], [7]) == 8)


def test_hkdf():
    salt, ikm, info = os.urandom(64), os.urandom(48), os.urandom(32)
    for h, ch in ((crypto.hashlib.sha256, hashes.SHA256), (crypto.hashlib.sha384, hashes.SHA384)):
        ref = HKDF(ch(), 200, salt, info).derive(ikm)
        check("RFC 5869 HKDF (%s) agrees with cryptography's" % ch.name,
              crypto.hkdf(h, salt, ikm, info, 200) == ref)


def test_ids():
    for mk, suite, hilen in ((lambda: ec.generate_private_key(ec.SECP256R1()), 2, 67),
                             (lambda: ec.generate_private_key(ec.SECP384R1()), 2, 99)):
        me = crypto.PrivateId(mk())
        h = me.hit
        check("%s: HIT in 2001:20::/28, OGA %d, HI %d bytes"
              % (me.desc, suite, hilen),
              h[:3] == b"\x20\x01\x00" and h[3] >> 4 == 2 and h[3] & 15 == suite
              and len(me.hi) == hilen)
        d = crypto.hashlib.sha384(crypto.HIT_CONTEXT_ID + me.hi).digest()
        check("%s: HIT = middle 96 bits of SHA-384 (RFC 7343 Encode_96)" % me.desc,
              h[4:] == d[18:30])
        again = crypto.HostId.from_wire(me.alg, me.hi)
        check("%s: HOST_ID round trip" % me.desc, again.hit == h)
        data = os.urandom(100)
        s = me.sign(data)
        check("%s: signature r||s verifies, tampered does not" % me.desc,
              again.verify(s, data) is None and
              again.verify(s, data + b"x") is not None)


def test_rsa(path):
    me = crypto.PrivateId.load(path)
    d = crypto.hashlib.sha256(crypto.HIT_CONTEXT_ID + me.hi).digest()
    n = me.pub.public_numbers()
    check("RSA: HI = e_len | e | n (RFC 3110 2), HIT = middle 96 bits of SHA-256",
          me.hi[0] == 3 and me.hi[1:4] == n.e.to_bytes(3, "big") and
          me.hit[4:] == d[10:22] and me.hit[3] == 0x21)
    data = os.urandom(77)
    check("RSA-PSS SHA-256 signature verifies", me.verify(me.sign(data), data) is None)


def test_sig_coverage():
    # 5.2.15 / 6.4.2: R1 signature ignores the Initiator's HIT, the checksum,
    # PUZZLE Opaque and #I, but not #K or Lifetime
    me = crypto.PrivateId(ec.generate_private_key(ec.SECP256R1()))

    def r1(rhit, opaque, i, k=1):
        p = wire.build(wire.R1, me.hit, rhit, [
            wire.puzzle(k, 37, opaque, i), wire.tlv(wire.DH_GROUP_LIST, b"\x07"),
            me.param()])
        return wire.Packet(p)

    a = r1("2001:20::1", b"ab", os.urandom(48))
    sig = me.sign(crypto.sig_data(a, wire.HIP_SIGNATURE_2))
    b = r1("2001:20::99", b"cd", os.urandom(48))
    check("SIG2 covers neither the Initiator's HIT nor Opaque nor #I",
          me.verify(sig, crypto.sig_data(b, wire.HIP_SIGNATURE_2)) is None)
    c = r1("2001:20::1", b"ab", a.get(wire.PUZZLE).contents[4:], k=2)
    check("SIG2 covers #K", me.verify(sig, crypto.sig_data(c, wire.HIP_SIGNATURE_2)) is not None)
    check("SIG2 data: Header Length up to the signature, checksum 0",
          crypto.sig_data(a, wire.HIP_SIGNATURE_2)[1] == len(a.raw) // 8 - 1)


def test_puzzle():
    i, hi, hr = os.urandom(32), "2001:21::1", "2001:21::2"
    j, _ = crypto.puzzle_solve(1, 10, i, hi, hr)
    d = crypto.puzzle_hash(1, i, hi, hr, j)
    check("6.3: solution has the 10 lowest-order bits zero",
          d[-1] == 0 and d[-2] & 3 == 0 and crypto.puzzle_ok(1, 10, i, hi, hr, j))
    # a #J whose digest starts with zero bits but ends with a one bit fails
    for t in range(1 << 16):
        jj = t.to_bytes(32, "big")
        dd = crypto.puzzle_hash(1, i, hi, hr, jj)
        if dd[0] == 0 and dd[-1] & 1:
            break
    check("6.3: leading zero bits are not a solution",
          not crypto.puzzle_ok(1, 8, i, hi, hr, jj))


def test_encrypted():
    key = os.urandom(16)
    inner = wire.tlv(wire.HOST_ID, os.urandom(67 + 6))
    c = wire.Packet(wire.build(wire.I2, "2001:20::1", "2001:20::2",
                               [crypto.encrypt_params(2, key, inner)])).get(wire.ENCRYPTED)
    pt, prob = crypto.decrypt_params(2, key, c.contents)
    check("5.2.18: ENCRYPTED round trip with PKCS5 padding", pt == inner and prob is None)
    check("5.2.18: an 8-aligned block of 80 bytes gets a full block of padding",
          len(c.contents) == 4 + 16 + 96 if len(inner) == 80 else True)


def test_keymat():
    hi, hr = bytes.fromhex("20010021" + "00" * 11 + "02"), bytes.fromhex("20010021" + "00" * 11 + "01")
    km = crypto.Keymat(1, b"k" * 32, b"i" * 32, b"j" * 32, hi, hr, 2, 8)
    ref = crypto.hkdf(crypto.hashlib.sha256, b"i" * 32 + b"j" * 32, b"k" * 32, hr + hi, 96 + 96)
    check("6.5: KEYMAT = HKDF(salt I|J, IKM Kij, info lower HIT | greater HIT)",
          km.raw == ref)
    check("6.5: Initiator with the greater HIT uses HIP-gl keys (first drawn)",
          km.role(True)[0] == ref[:16] and km.role(True)[1] == ref[16:48]
          and km.role(False)[1] == ref[64:96] and km.esp_index == 96)


def main():
    test_appendix_c()
    test_tlv()
    test_rfc5903()
    test_modp()
    test_hkdf()
    test_ids()
    if len(sys.argv) > 1:
        test_rsa(sys.argv[1])
    test_sig_coverage()
    test_puzzle()
    test_encrypted()
    test_keymat()
    sys.exit(1 if BAD else 0)


if __name__ == "__main__":
    main()
