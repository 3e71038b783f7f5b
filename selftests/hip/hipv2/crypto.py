# SPDX-License-Identifier: GPL-2.0
"""HIPv2 cryptography from the RFC text: HIT (RFC 7343, RFC 7401 3.2),
HOST_ID encodings (5.2.9, RFC 3110), signatures (5.2.9, 5.2.14, 6.4.2),
DH groups (5.2.7, RFC 3526, RFC 5903), puzzle (6.3), HMAC (6.4.1), KEYMAT
(6.5, RFC 7402 7), ENCRYPTED (5.2.18)."""

import hashlib
import hmac
import os
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature, encode_dss_signature)
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from . import wire

# --- HIT suites, RFC 7401 5.2.10 Table 10 ------------------------------------

SUITE_RSA_SHA256 = 1    # RSA,DSA/SHA-256, HIT_SUITE_LIST encoding 0x10
SUITE_ECDSA_SHA384 = 2  # ECDSA/SHA-384, encoding 0x20
SUITE_HASH = {SUITE_RSA_SHA256: hashlib.sha256, SUITE_ECDSA_SHA384: hashlib.sha384}
SUITE_CHASH = {SUITE_RSA_SHA256: hashes.SHA256, SUITE_ECDSA_SHA384: hashes.SHA384}

# HI algorithms, RFC 7401 5.2.9
ALG_RSA = 5
ALG_ECDSA = 7
# ECC curves for ECDSA, RFC 7401 5.2.9
CURVE_IDS = {1: ec.SECP256R1, 2: ec.SECP384R1}
CURVE_NAMES = {"secp256r1": 1, "secp384r1": 2}
CURVE_BYTES = {1: 32, 2: 48}

# RFC 7401 3.2: ORCHID context ID for HIP
HIT_CONTEXT_ID = bytes.fromhex("F0EFF02FBFF43D0FE7930C3C6E6174EA")
# RFC 7343 section 2: the 28-bit prefix 2001:20::/28
ORCHID_PREFIX = 0x2001002


def rhash(suite):
    """RHASH: the hash of the Responder's HIT Suite (7401 2.3, 5.2.10)."""
    return SUITE_HASH[suite]


def hit_suite_of(hit):
    """The OGA ID: the 4 bits after the 28-bit prefix (RFC 7343 2)."""
    return wire.hit_bytes(hit)[3] & 0x0F


def orchid(suite, hi):
    """RFC 7343 section 2: ORCHID := Prefix | OGA ID | Encode_96(Hash(
    Context ID | Input)), Encode_96 = the middle 96 bits of the hash;
    RFC 7401 3.2: Input = the Host Identity field of HOST_ID (5.2.9), the
    Context ID above, the hash of the HIT Suite (5.2.10: SHA-256 for RSA,
    SHA-384 for ECDSA, P-256 as well as P-384)."""
    h = SUITE_HASH[suite](HIT_CONTEXT_ID + hi).digest()
    mid = (len(h) * 8 - 96) // 2            # in bits; a multiple of 8 here
    v = (ORCHID_PREFIX << 100) | (suite << 96) | \
        int.from_bytes(h[mid // 8:mid // 8 + 12], "big")
    return v.to_bytes(16, "big")


# --- Host Identities ---------------------------------------------------------

def _int_bytes(v, n=None):
    if n is None:
        n = max(1, (v.bit_length() + 7) // 8)
    return v.to_bytes(n, "big")


class HostId:
    """A public Host Identity: algorithm, Host Identity field bytes, HIT
    suite, and the key object for verification."""

    def __init__(self, pub):
        self.pub = pub
        if isinstance(pub, rsa.RSAPublicKey):
            n = pub.public_numbers()
            e = _int_bytes(n.e)
            # RFC 3110 section 2 (RFC 7401 3.2, Appendix B): exponent length
            # in 1 octet, or 0 followed by 2 octets if it is over 255; the
            # exponent; the modulus, all in network byte order.
            elen = bytes([len(e)]) if len(e) <= 255 else b"\0" + struct.pack("!H", len(e))
            self.alg = ALG_RSA
            self.suite = SUITE_RSA_SHA256
            self.hi = elen + e + _int_bytes(n.n, (pub.key_size + 7) // 8)
            self.desc = "RSA-%d" % pub.key_size
        elif isinstance(pub, ec.EllipticCurvePublicKey):
            cid = CURVE_NAMES.get(pub.curve.name)
            if cid is None:
                raise ValueError("curve %s is not one of RFC 7401 5.2.9" % pub.curve.name)
            n = CURVE_BYTES[cid]
            nums = pub.public_numbers()
            # RFC 7401 5.2.9: ECC Curve (16 bits) | Public Key "in octet-string
            # format [RFC6090]".  RFC 6090 defines no point format octet;
            # every HIPv2 implementation we know of sends the uncompressed
            # point 0x04 | X | Y (SEC1), and so do we.  Choice, not text.
            self.alg = ALG_ECDSA
            self.suite = SUITE_ECDSA_SHA384
            self.curve = cid
            self.hi = struct.pack("!H", cid) + b"\x04" + \
                _int_bytes(nums.x, n) + _int_bytes(nums.y, n)
            self.desc = "ECDSA-%s" % ("P-256" if cid == 1 else "P-384")
        else:
            raise ValueError("unsupported key type %r" % type(pub))
        self.hit = orchid(self.suite, self.hi)

    def param(self):
        return wire.host_id(self.alg, self.hi)

    @classmethod
    def from_wire(cls, alg, hi):
        """Parse the Host Identity field of HOST_ID (RFC 7401 5.2.9)."""
        if alg == ALG_RSA:
            if not hi:
                raise ValueError("empty RSA HI")
            if hi[0]:
                elen, off = hi[0], 1
            else:
                elen, off = struct.unpack_from("!H", hi, 1)[0], 3
            e = int.from_bytes(hi[off:off + elen], "big")
            n = int.from_bytes(hi[off + elen:], "big")
            obj = cls(rsa.RSAPublicNumbers(e, n).public_key())
        elif alg == ALG_ECDSA:
            cid = struct.unpack_from("!H", hi)[0]
            if cid not in CURVE_IDS:
                raise ValueError("ECC Curve %d not in RFC 7401 5.2.9" % cid)
            n = CURVE_BYTES[cid]
            pt = hi[2:]
            if len(pt) == 2 * n + 1 and pt[0] == 4:
                pt = pt[1:]
            elif len(pt) != 2 * n:
                raise ValueError("ECDSA public key of %d bytes on curve %d"
                                 % (len(hi) - 2, cid))
            obj = cls(ec.EllipticCurvePublicNumbers(
                int.from_bytes(pt[:n], "big"), int.from_bytes(pt[n:], "big"),
                CURVE_IDS[cid]()).public_key())
        else:
            raise ValueError("HI algorithm %d is not RSA (5) or ECDSA (7)" % alg)
        # The HIT is computed over the bytes as received (RFC 7401 3.2).
        obj.hi = bytes(hi)
        obj.hit = orchid(obj.suite, obj.hi)
        return obj

    def verify(self, sig, data, ecdsa_hash=hashes.SHA384):
        """Verify a HIP_SIGNATURE(_2) Signature field over DATA; returns
        None if good, else a reason."""
        try:
            if self.alg == ALG_RSA:
                return _rsa_verify(self.pub, sig, data)
            # RFC 7401 5.2.14: ECDSA signatures as in RFC 6090, i.e. the
            # integers r and s as octet strings of the curve size (6090
            # section 6), concatenated (the RFC 4754 section 7 layout).
            # Hash: the HIT Suite's hash, SHA-384 for every ECDSA HI (5.2.10
            # Table 10: ECDSA/SHA-384; 2.3 "HIT Suite" groups the signature
            # algorithm with that hash function).
            n = CURVE_BYTES[self.curve]
            if len(sig) != 2 * n:
                return "ECDSA signature of %d bytes, want r||s = %d" % (len(sig), 2 * n)
            der = encode_dss_signature(int.from_bytes(sig[:n], "big"),
                                       int.from_bytes(sig[n:], "big"))
            self.pub.verify(der, data, ec.ECDSA(ecdsa_hash()))
            return None
        except InvalidSignature:
            return "signature does not verify"


def _rsa_verify(pub, sig, data):
    # RFC 7401 5.2.9: "For RSA signature padding, the Probabilistic
    # Signature Scheme (PSS) method of padding [RFC3447] MUST be used";
    # 5.2.14 names RFC 5702 (RSA/SHA-256) and HIT Suite 1 is SHA-256: PSS
    # with SHA-256 and MGF1-SHA-256.  Neither RFC 7401 nor RFC 3447 (9.1:
    # "typical salt lengths ... are hLen ... and 0") fixes the salt
    # length: we sign with hLen (32) and accept any length, telling which.
    if len(sig) != (pub.key_size + 7) // 8:
        return "RSA signature of %d bytes for a %d-bit key" % (len(sig), pub.key_size)
    try:
        pub.verify(sig, data, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                   hashes.SHA256())
        return None
    except InvalidSignature:
        pass
    try:
        pub.verify(sig, data, padding.PSS(padding.MGF1(hashes.SHA256()),
                                          padding.PSS.AUTO), hashes.SHA256())
        return None     # PSS, salt length other than 32: allowed
    except InvalidSignature:
        pass
    try:
        pub.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        return "RSASSA-PKCS1-v1_5 with SHA-256, not PSS (RFC 7401 5.2.9 MUST PSS)"
    except InvalidSignature:
        return "signature does not verify (RSA-PSS SHA-256, any salt)"


class PrivateId(HostId):
    """Our own Host Identity with its private key."""

    def __init__(self, priv):
        super().__init__(priv.public_key())
        self.priv = priv

    @classmethod
    def load(cls, path):
        with open(path, "rb") as f:
            return cls(serialization.load_pem_private_key(f.read(), None))

    def sign(self, data):
        if self.alg == ALG_RSA:
            # RFC 7401 5.2.9: PSS; SHA-256, MGF1-SHA-256, salt hLen (see above)
            return self.priv.sign(data, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                                  hashes.SHA256())
        n = CURVE_BYTES[self.curve]
        r, s = decode_dss_signature(self.priv.sign(data, ec.ECDSA(hashes.SHA384())))
        return _int_bytes(r, n) + _int_bytes(s, n)


def load_public(path):
    """A HostId from a PEM private or public key file."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return HostId(serialization.load_pem_private_key(data, None).public_key())
    except (ValueError, TypeError):
        return HostId(serialization.load_pem_public_key(data))


# --- signature coverage, RFC 7401 5.2.14, 5.2.15, 6.4.2 -------------------------

def sig_data(pkt, ptype):
    """The bytes HIP_SIGNATURE or HIP_SIGNATURE_2 covers in PKT (a
    wire.Packet): the header and the parameters before the signature,
    checksum zero, Header Length up to the signature (6.4.2).  For
    HIP_SIGNATURE_2 also the Receiver's HIT (the Initiator's HIT in an R1)
    and the PUZZLE's Opaque and Random #I are zero (5.2.15, 6.4.2)."""
    b = pkt.head_until(ptype)
    if ptype == wire.HIP_SIGNATURE_2:
        b[24:40] = bytes(16)
        pz = pkt.get(wire.PUZZLE)
        if pz is not None and pz.offset < len(b):
            # PUZZLE contents: #K, Lifetime, Opaque (2), Random #I
            start = pz.offset + 4 + 2
            b[start:pz.offset + 4 + len(pz.contents)] = bytes(len(pz.contents) - 2)
    return bytes(b)


def mac_data(pkt, ptype, host_id_tlv=None):
    """The bytes HIP_MAC covers (6.4.1): header, checksum zero, parameters
    before HIP_MAC, Header Length to HIP_MAC.  HIP_MAC_2: plus the
    Responder's HOST_ID parameter, exactly as received in R1, appended,
    Header Length counting it."""
    b = pkt.head_until(ptype)
    if ptype == wire.HIP_MAC_2:
        b += host_id_tlv
        b[1] = len(b) // 8 - 1
    return bytes(b)


def hmac_digest(suite, key, data):
    """6.4.1: HMAC with RHASH (HMAC-SHA-256 / HMAC-SHA-384, RFC 4868),
    the natural output size."""
    return hmac.new(key, data, SUITE_HASH[suite]).digest()


# --- puzzle, RFC 7401 6.3 ------------------------------------------------------

def puzzle_hash(suite, i, hit_i, hit_r, j):
    """RHASH(#I | HIT-I | HIT-R | #J), HITs in the order Initiator,
    Responder (6.3 note iii)."""
    return SUITE_HASH[suite](i + wire.hit_bytes(hit_i) + wire.hit_bytes(hit_r) + j).digest()


def puzzle_ok(suite, k, i, hit_i, hit_r, j):
    """6.3, 2.2: Ltrunc(RHASH(...), #K) == 0: the #K LOWEST-order bits of
    the digest, read as a big-endian number, are zero (4.1.2, 5.3.2,
    5.3.3 say low-order too)."""
    d = puzzle_hash(suite, i, hit_i, hit_r, j)
    return int.from_bytes(d, "big") & ((1 << k) - 1) == 0


def puzzle_solve(suite, k, i, hit_i, hit_r, limit=1 << 26):
    n = len(i)
    j0 = int.from_bytes(os.urandom(n), "big")
    for t in range(limit):
        j = ((j0 + t) % (1 << (8 * n))).to_bytes(n, "big")
        if puzzle_ok(suite, k, i, hit_i, hit_r, j):
            return j, t + 1
    return None, limit


# --- Diffie-Hellman groups, RFC 7401 5.2.7 ----------------------------------------

# RFC 3526 section 2 (1536-bit MODP) and section 4 (3072-bit MODP), generator 2
MODP_1536 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF", 16)
MODP_3072 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
MODP = {3: MODP_1536, 4: MODP_3072}
ECDH = {7: (ec.SECP256R1, 32), 8: (ec.SECP384R1, 48)}   # RFC 5903
DH_GROUPS = (3, 4, 7, 8)
DH_NAMES = {3: "MODP-1536", 4: "MODP-3072", 7: "NIST P-256", 8: "NIST P-384"}


class DH:
    """One side of a Diffie-Hellman exchange in a HIP group."""

    def __init__(self, group):
        if group not in DH_GROUPS:
            raise ValueError("DH group %d not implemented here" % group)
        self.group = group
        if group in MODP:
            p = MODP[group]
            # RFC 3526 section 1: the exponent has at least twice the bits
            # of the group's strength; 512 random bits cover both groups.
            self._x = int.from_bytes(os.urandom(64), "big") | (1 << 511)
            # Public Value: g^x mod p in network byte order, as many bytes
            # as p (RFC 7401 is silent on leading zeros; we pad, as IKE does).
            self.pub = pow(2, self._x, p).to_bytes((p.bit_length() + 7) // 8, "big")
        else:
            curve, n = ECDH[group]
            self._k = ec.generate_private_key(curve())
            nums = self._k.public_key().public_numbers()
            # RFC 5903 section 7: x | y, each of the field size, no 0x04
            self.pub = nums.x.to_bytes(n, "big") + nums.y.to_bytes(n, "big")

    def shared(self, peer):
        """Kij; raises ValueError for an invalid peer public value."""
        if self.group in MODP:
            p = MODP[self.group]
            y = int.from_bytes(peer, "big")
            # RFC 7401 5.3.2 / RFC 2785 3.1: reject 0, 1, p-1 and >= p
            if not 1 < y < p - 1:
                raise ValueError("MODP public value out of range")
            return pow(y, self._x, p).to_bytes((p.bit_length() + 7) // 8, "big")
        curve, n = ECDH[self.group]
        if len(peer) != 2 * n:
            raise ValueError("ECDH public value of %d bytes, RFC 5903 7 wants "
                             "x | y = %d" % (len(peer), 2 * n))
        pub = ec.EllipticCurvePublicNumbers(
            int.from_bytes(peer[:n], "big"), int.from_bytes(peer[n:], "big"),
            curve()).public_key()
        # RFC 5903 section 7: the shared secret is the x coordinate
        return self._k.exchange(ec.ECDH(), pub)


def dh_choose(own, offered):
    """5.2.6: the first group of the Responder's OWN list that is also in
    the Initiator's list OFFERED; 4.1.3: none in common, the Responder's
    own most suitable one (its first)."""
    for g in own:
        if g in offered:
            return g
    return own[0]


# --- KEYMAT, RFC 7401 6.5 and RFC 7402 7 ---------------------------------------------

def hkdf(hashfn, salt, ikm, info, length):
    """RFC 5869: extract then expand."""
    prk = hmac.new(salt, ikm, hashfn).digest()
    out, t, c = b"", b"", 1
    while len(out) < length:
        t = hmac.new(prk, t + info + bytes([c]), hashfn).digest()
        out += t
        c += 1
    return out[:length]


# HIP_CIPHER IDs and key sizes, 7401 5.2.8 and 6.5 ("natural" sizes)
CIPHER_NULL, CIPHER_AES128, CIPHER_AES256 = 1, 2, 4
CIPHER_KEY = {CIPHER_NULL: 0, CIPHER_AES128: 16, CIPHER_AES256: 32}
# ESP suites we implement, RFC 7402 5.1.2: (encryption key, integrity key)
ESP_AES128_CBC_SHA256, ESP_AES256_CBC_SHA256 = 8, 9
ESP_KEYS = {8: (16, 32), 9: (32, 32)}


class Keymat:
    """KEYMAT = HKDF(RHASH, salt #I | #J, IKM Kij, info sort(HIT-I | HIT-R))
    (6.5), drawn in order: HIP-gl encryption, HIP-gl integrity, HIP-lg
    encryption, HIP-lg integrity (6.5), then SA-gl ESP encryption, SA-gl
    authentication, SA-lg encryption, SA-lg authentication (RFC 7402 7).
    g is the host with the greater HIT (unsigned 128-bit comparison)."""

    def __init__(self, suite, kij, i, j, hit_i, hit_r, cipher, esp_suite):
        hit_i, hit_r = wire.hit_bytes(hit_i), wire.hit_bytes(hit_r)
        lo, hi = sorted((hit_i, hit_r))
        enc = CIPHER_KEY[cipher]
        integ = SUITE_HASH[suite]().digest_size     # HMAC key: natural size
        ee, ea = ESP_KEYS.get(esp_suite, (0, 0))
        total = 2 * (enc + integ) + 2 * (ee + ea)
        self.raw = hkdf(SUITE_HASH[suite], i + j, kij, lo + hi, total)
        r, off = {}, 0
        for name, n in (("hip_gl_enc", enc), ("hip_gl_int", integ),
                        ("hip_lg_enc", enc), ("hip_lg_int", integ),
                        ("esp_gl_enc", ee), ("esp_gl_auth", ea),
                        ("esp_lg_enc", ee), ("esp_lg_auth", ea)):
            r[name] = self.raw[off:off + n]
            off += n
        self.keys = r
        # RFC 7402 5.1.1: the KEYMAT Index where the ESP keys start
        self.esp_index = 2 * (enc + integ)
        self.i_is_g = hit_i > hit_r

    def role(self, initiator):
        """(encryption key, integrity key, ESP enc, ESP auth) of the
        Initiator's or the Responder's outgoing direction."""
        g = self.i_is_g if initiator else not self.i_is_g
        k = self.keys
        if g:
            return k["hip_gl_enc"], k["hip_gl_int"], k["esp_gl_enc"], k["esp_gl_auth"]
        return k["hip_lg_enc"], k["hip_lg_int"], k["esp_lg_enc"], k["esp_lg_auth"]


# --- ENCRYPTED, RFC 7401 5.2.18 ---------------------------------------------------------

def encrypt_params(cipher, key, inner):
    """ENCRYPTED contents: Reserved (4), IV (16 for AES-CBC, 5.2.18 "inferred
    from the HIP_CIPHER"), AES-CBC of INNER plus PKCS5 padding (RFC 2898
    6.1.1: n bytes of value n, 1 <= n <= 16)."""
    if cipher == CIPHER_NULL:
        return wire.tlv(wire.ENCRYPTED, bytes(4) + inner)
    n = 16 - len(inner) % 16
    iv = os.urandom(16)
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return wire.tlv(wire.ENCRYPTED, bytes(4) + iv + e.update(inner + bytes([n]) * n)
                    + e.finalize())


def decrypt_params(cipher, key, contents):
    """(inner parameter bytes, padding problem or None)."""
    if cipher == CIPHER_NULL:
        return contents[4:], None
    iv, ct = contents[4:20], contents[20:]
    if len(ct) == 0 or len(ct) % 16:
        raise ValueError("ENCRYPTED data of %d bytes, not whole AES blocks" % len(ct))
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    pt = d.update(ct) + d.finalize()
    n = pt[-1]
    if not 1 <= n <= 16 or pt[-n:] != bytes([n]) * n:
        return pt, "not PKCS5 padding (last bytes %s)" % pt[-16:].hex()
    return pt[:-n], None


def explain_sig(hid, sig, pkt, ptype):
    """When a signature does not verify over the RFC 7401 6.4.2 bytes, find
    which other reading of the RFC it does verify over (for the report)."""
    right = bytearray(sig_data(pkt, ptype))
    variants = []
    full = bytearray(pkt.head_until(ptype))
    if ptype == wire.HIP_SIGNATURE_2:
        v = bytearray(right)
        pz = pkt.get(wire.PUZZLE)
        if pz is not None:
            v[pz.offset + 6:pz.offset + 4 + len(pz.contents)] = \
                pkt.raw[pz.offset + 6:pz.offset + 4 + len(pz.contents)]
            variants.append(("PUZZLE Opaque and #I NOT zeroed (RFC 7401 5.2.15, "
                             "6.4.2 say zero them)", v))
            v2 = bytearray(v)
            v2[24:40] = full[24:40]
            variants.append(("neither the Initiator's HIT nor PUZZLE Opaque/#I "
                             "zeroed", v2))
            v3 = bytearray(right)
            v3[pz.offset + 6:pz.offset + 8] = pkt.raw[pz.offset + 6:pz.offset + 8]
            variants.append(("PUZZLE #I zeroed but Opaque not", v3))
            v4 = bytearray(right)
            v4[pz.offset + 8:pz.offset + 4 + len(pz.contents)] = \
                pkt.raw[pz.offset + 8:pz.offset + 4 + len(pz.contents)]
            variants.append(("PUZZLE Opaque zeroed but #I not", v4))
        v5 = bytearray(right)
        v5[24:40] = full[24:40]
        variants.append(("the Initiator's HIT not zeroed", v5))
    v6 = bytearray(right)
    v6[4:6] = pkt.raw[4:6]
    variants.append(("the checksum not zeroed", v6))
    v7 = bytearray(right)
    v7[1] = pkt.raw[1]
    variants.append(("Header Length of the whole packet", v7))
    hashes_to_try = [(None, "")]
    if hid.alg == ALG_ECDSA:
        hashes_to_try.append((hashes.SHA256, " and ECDSA hashed with SHA-256 "
                              "(RFC 7401 Table 10: SHA-384)"))
    for h, hdesc in hashes_to_try:
        for desc, data in [("the RFC 7401 6.4.2 bytes", right)] + variants:
            if h is None and data is right:
                continue
            ok = hid.verify(sig, bytes(data), h) if h else hid.verify(sig, bytes(data))
            if ok is None:
                return "verifies over %s%s" % (desc, hdesc)
    return None
