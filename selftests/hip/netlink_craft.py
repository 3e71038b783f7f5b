#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink client for the "hip" family, for negative tests.

Talks to the kernel without libnl or hipctl: resolves the family with
CTRL_CMD_GETFAMILY, enables extended ACKs (NETLINK_EXT_ACK) and capped ACKs
(NETLINK_CAP_ACK), and decodes NLMSG_ERROR replies including the extack
message (NLMSGERR_ATTR_MSG), offset and missing-attribute TLVs.

Every malformed request is one mutation of a well-formed one (the
"valid-*" cases), so a rejection can be blamed on that mutation.

Usage (run inside the namespace under test, e.g. via ip netns exec):
  netlink_craft.py [KEYS] list                 names of the cases
  netlink_craft.py [KEYS] send CASE...         one tab-separated line per case:
        CASE ERRNAME UNCHANGED ADDED DELETED EXPECT MISS_TYPE EXTACK
        ERRNAME: "OK" or the errno name (EINVAL...); UNCHANGED: "yes" if
        the HI dump after the request equals the dump before; ADDED: hex
        HIT of an HI the request added, or "-"; such an HI is deleted at
        once and DELETED is the result of that HI_DEL ("-" if none).
        EXPECT: for the valid-* controls, "match" if ADDED is the HIT
        computed here (pure python EC arithmetic, hit_ref.py), else
        "MISMATCH:<expected>"; "-" for the other cases.
        MISS_TYPE: NLMSGERR_ATTR_MISS_TYPE or None; EXTACK: the message.
        The extra case "dup-p256" sends valid-p256 twice and reports the
        second answer.
  netlink_craft.py del HITHEX                  HI_DEL by HIT, prints errno
  netlink_craft.py dump                        the HI dump as JSON
  netlink_craft.py family                      family id and mcast groups
  netlink_craft.py [KEYS] fuzz N [SEED]        N garbage requests; one summary line
        "sent=N unchanged=yes|no timeouts=N unanswered_by_design=N replies=..."
KEYS: --rsa PEM --p256 PEM --p384 PEM --rsa1024 PEM (needed by the cases
that use a real key).
"""

import errno
import json
import os
import random
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hit_ref  # noqa: E402

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11

NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLA_F_NESTED = 0x8000

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLMSGERR_ATTR_MISS_NEST = 6

# include/uapi/linux/hip.h
HIP_HI_RSA, HIP_HI_ECDSA, HIP_HI_EDDSA = 5, 7, 13
HIP_ECDSA_NIST_P256, HIP_ECDSA_NIST_P384 = 1, 2
HIP_PRIVKEY_MAX_LEN = 4096
HIP_A_HI = 1
(HIP_A_HI_HIT, HIP_A_HI_LSI, HIP_A_HI_ALGO, HIP_A_HI_CURVE, HIP_A_HI_BITS,
 HIP_A_HI_HIT_SUITE, HIP_A_HI_PRIVKEY, HIP_A_HI_PUBKEY,
 HIP_A_HI_DEFAULT) = range(1, 10)
HI_ATTR_NAMES = {1: "hit", 2: "lsi", 3: "algo", 4: "curve", 5: "bits",
                 6: "hit_suite", 7: "privkey", 8: "pubkey", 9: "default"}
(HIP_CMD_HI_NEW, HIP_CMD_HI_DEL, HIP_CMD_HI_GET, HIP_CMD_HI_SET,
 HIP_CMD_HI_ADD_NTF, HIP_CMD_HI_DEL_NTF, HIP_CMD_HI_CHANGE_NTF) = range(1, 8)

# Curve orders (SEC 2 / FIPS 186-4)
N_P256 = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
N_P384 = int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
             "C7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16)


# Curve parameters (FIPS 186-4 D.1.2.3, D.1.2.4): p, b, Gx, Gy, n; a = -3.
CURVE_PARAMS = {
    HIP_ECDSA_NIST_P256: (
        2**256 - 2**224 + 2**192 + 2**96 - 1,
        0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
        0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
        N_P256, 32),
    HIP_ECDSA_NIST_P384: (
        2**384 - 2**128 - 2**96 + 2**32 - 1,
        int("B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875A"
            "C656398D8A2ED19D2A85C8EDD3EC2AEF", 16),
        int("AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A38"
            "5502F25DBF55296C3A545E3872760AB7", 16),
        int("3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C0"
            "0A60B1CE1D7E819D7A431D7C90EA0E5F", 16),
        N_P384, 48),
}


def ec_pubkey(curve, d):
    """Q = d * G (affine double-and-add; slow but independent of the kernel)."""
    p, b, gx, gy, n, size = CURVE_PARAMS[curve]
    assert (gy * gy - gx ** 3 + 3 * gx - b) % p == 0

    def add(P, Q):
        if P is None:
            return Q
        if Q is None:
            return P
        if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
            return None
        if P == Q:
            lam = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
        else:
            lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
        x = (lam * lam - P[0] - Q[0]) % p
        return (x, (lam * (P[0] - x) - P[1]) % p)

    R, P = None, (gx, gy)
    while d:
        if d & 1:
            R = add(R, P)
        P = add(P, P)
        d >>= 1
    return b"\x04" + R[0].to_bytes(size, "big") + R[1].to_bytes(size, "big")


def ec_hit_hex(curve, scalar):
    """Expected HIT (hex) of an ECDSA HI with this private scalar."""
    point = ec_pubkey(curve, int.from_bytes(scalar, "big"))
    hi = curve.to_bytes(2, "big") + point
    return hit_ref.orchid(hi, hit_ref.HIT_SUITE_ECDSA).hex()


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def nla(atype, payload=b"", nested=False):
    """One attribute; the length field covers the unpadded payload."""
    t = atype | (NLA_F_NESTED if nested else 0)
    return pad4(struct.pack("=HH", 4 + len(payload), t) + payload)


def nla_u8(t, v):
    return nla(t, struct.pack("=B", v))


def nla_u16(t, v):
    return nla(t, struct.pack("=H", v))


def nla_u32(t, v):
    return nla(t, struct.pack("=I", v))


def hi_nest(*attrs):
    return nla(HIP_A_HI, b"".join(attrs), nested=True)


def parse_attrs(buf):
    """List of (type without flags, payload) of an attribute stream."""
    out = []
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("=HH", buf)
        if alen < 4 or alen > len(buf):
            break
        out.append((atype & 0x3FFF, buf[4:alen]))
        buf = buf[(alen + 3) & ~3:]
    return out


class NlError(Exception):
    pass


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.bind((0, 0))
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sk.settimeout(5)
        self.seq = random.randrange(1, 1 << 30)
        self.family, self.groups = self.resolve("hip")

    def send_raw(self, data):
        self.sk.send(data)

    def message(self, mtype, flags, cmd, attrs, version=1, reserved=0):
        self.seq += 1
        payload = struct.pack("=BBH", cmd, version, reserved) + attrs
        return struct.pack("=IHHII", 16 + len(payload), mtype, flags,
                           self.seq, 0) + payload

    def transact(self, data, seq=None):
        """Send one request, collect the replies for its sequence number.

        Returns (error, ext, msgs): error is the NLMSG_ERROR code (0 = ACK,
        None = a dump ended by NLMSG_DONE), ext the decoded extack TLVs,
        msgs the payloads of the data messages.
        """
        if seq is None:
            seq = struct.unpack_from("=I", data, 8)[0]
        self.sk.send(data)
        msgs = []
        while True:
            buf = self.sk.recv(1 << 17)
            while len(buf) >= 16:
                mlen, mtype, mflags, mseq, _ = struct.unpack_from("=IHHII", buf)
                if mlen < 16 or mlen > len(buf):
                    raise NlError("bad reply length %d" % mlen)
                body = buf[16:mlen]
                buf = buf[(mlen + 3) & ~3:]
                if mseq != seq:
                    continue        # a late reply to an earlier request
                if mtype == NLMSG_DONE:
                    return None, {}, msgs
                if mtype == NLMSG_ERROR:
                    return self.decode_error(mflags, body) + (msgs,)
                msgs.append(body)
                if not mflags & NLM_F_MULTI:
                    # a do-reply; the ACK follows
                    continue

    @staticmethod
    def decode_error(mflags, body):
        err = -struct.unpack_from("=i", body)[0]
        ext = {}
        if mflags & NLM_F_ACK_TLVS:
            off = 4 + 16
            if not mflags & NLM_F_CAPPED:
                off = 4 + struct.unpack_from("=I", body, 4)[0]
            for t, v in parse_attrs(body[(off + 3) & ~3:]):
                if t == NLMSGERR_ATTR_MSG:
                    ext["msg"] = v.split(b"\0")[0].decode(errors="replace")
                elif t == NLMSGERR_ATTR_OFFS:
                    ext["offs"] = struct.unpack("=I", v)[0]
                elif t == NLMSGERR_ATTR_MISS_TYPE:
                    ext["miss_type"] = struct.unpack("=I", v)[0]
                elif t == NLMSGERR_ATTR_MISS_NEST:
                    ext["miss_nest"] = struct.unpack("=I", v)[0]
        return err, ext

    def resolve(self, name):
        req = self.message(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
                           CTRL_CMD_GETFAMILY,
                           nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        err, ext, msgs = self.transact(req)
        if err or not msgs:
            raise NlError("generic netlink family %r not found (%s)" %
                          (name, os.strerror(err or errno.ENOENT)))
        fam, groups = None, {}
        for t, v in parse_attrs(msgs[0][4:]):
            if t == CTRL_ATTR_FAMILY_ID:
                fam = struct.unpack("=H", v[:2])[0]
            elif t == CTRL_ATTR_MCAST_GROUPS:
                for _, grp in parse_attrs(v):
                    g = dict(parse_attrs(grp))
                    gname = g[CTRL_ATTR_MCAST_GRP_NAME].split(b"\0")[0].decode()
                    groups[gname] = struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID])[0]
        return fam, groups

    def request(self, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK, **kw):
        return self.transact(self.message(self.family, flags, cmd, attrs, **kw))

    def dump(self):
        """The HI list as a sorted list of {attr name: hex}; raises on error."""
        err, ext, msgs = self.request(HIP_CMD_HI_GET, b"",
                                      NLM_F_REQUEST | NLM_F_DUMP)
        if err:
            raise NlError("dump failed: %s" % os.strerror(err))
        his = []
        for m in msgs:
            for t, v in parse_attrs(m[4:]):
                if t == HIP_A_HI:
                    his.append({HI_ATTR_NAMES.get(a, str(a)): p.hex()
                                for a, p in parse_attrs(v)})
        return sorted(his, key=lambda h: h.get("hit", ""))


# --- key material ---------------------------------------------------------

class Keys:
    def __init__(self, paths):
        self.paths = paths
        self.cache = {}

    def rsa_der(self, name="rsa"):
        """PKCS#1 RSAPrivateKey DER of a key file."""
        if name not in self.cache:
            self.cache[name] = subprocess.run(
                ["openssl", "rsa", "-in", self.paths[name], "-outform", "DER",
                 "-traditional"], check=True, capture_output=True).stdout
        return self.cache[name]

    def ec_scalar(self, name):
        return hit_ref.read_key(self.paths[name])["d"]


def rsa_new(der):
    return hi_nest(nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA), nla(HIP_A_HI_PRIVKEY, der))


def ec_new(curve, scalar):
    return hi_nest(nla_u8(HIP_A_HI_ALGO, HIP_HI_ECDSA),
                   nla_u16(HIP_A_HI_CURVE, curve), nla(HIP_A_HI_PRIVKEY, scalar))


def der_garbled(der):
    """Valid DER with the tag of the first INTEGER (the version) garbled."""
    b = bytearray(der)
    hdr = 4 if b[1] == 0x82 else (3 if b[1] == 0x81 else 2)
    assert b[hdr] == 0x02
    b[hdr] = 0xFF
    return bytes(b)


UNKNOWN_HIT = bytes.fromhex("2001002f000000000000000000000001")

# name -> (cmd, attrs builder(keys), genl header overrides)
CASES = {
    # well-formed controls: these must succeed
    "valid-rsa": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der())),
    "valid-p256": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, k.ec_scalar("p256"))),
    "valid-p384": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P384, k.ec_scalar("p384"))),
    # the extreme scalars the kernel's ECC accepts (ecc_is_key_valid():
    # 2 <= d <= n - 3)
    "valid-p256-d-2": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, (2).to_bytes(32, "big"))),
    "valid-p256-d-n-3": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, (N_P256 - 3).to_bytes(32, "big"))),
    "valid-p384-d-2": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P384, (2).to_bytes(48, "big"))),
    "valid-p384-d-n-3": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P384, (N_P384 - 3).to_bytes(48, "big"))),

    # structure
    "new-no-hi": (HIP_CMD_HI_NEW, lambda k: b""),
    "new-empty-hi": (HIP_CMD_HI_NEW, lambda k: hi_nest()),
    "new-no-algo": (HIP_CMD_HI_NEW, lambda k: hi_nest(nla(HIP_A_HI_PRIVKEY, k.rsa_der()))),
    "new-no-privkey": (HIP_CMD_HI_NEW, lambda k: hi_nest(nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA))),
    "new-privkey-oversized": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA),
        nla(HIP_A_HI_PRIVKEY, k.rsa_der().ljust(HIP_PRIVKEY_MAX_LEN + 1, b"\0")))),
    "new-algo-u32": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u32(HIP_A_HI_ALGO, HIP_HI_RSA), nla(HIP_A_HI_PRIVKEY, k.rsa_der()))),
    "new-curve-u8": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_ECDSA), nla_u8(HIP_A_HI_CURVE, HIP_ECDSA_NIST_P256),
        nla(HIP_A_HI_PRIVKEY, k.ec_scalar("p256")))),
    "new-unknown-attr-top": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der()) + nla_u32(42, 0)),
    "new-unknown-attr-nested": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA), nla(HIP_A_HI_PRIVKEY, k.rsa_der()), nla_u32(42, 0))),
    "new-hi-not-nested-flag": (HIP_CMD_HI_NEW, lambda k: nla(
        HIP_A_HI, nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA) + nla(HIP_A_HI_PRIVKEY, k.rsa_der()))),
    "new-attrs-not-nested": (HIP_CMD_HI_NEW, lambda k:
        nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA) + nla(HIP_A_HI_PRIVKEY, k.rsa_der())),
    "new-hi-payload-not-attrs": (HIP_CMD_HI_NEW, lambda k: nla(HIP_A_HI, b"\x01\x02\x03", nested=True)),
    "new-trailing-bytes": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der()) + b"\x02\x00"),
    "new-reserved-nonzero": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der()), {"reserved": 1}),
    "new-ro-pubkey": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA), nla(HIP_A_HI_PRIVKEY, k.rsa_der()),
        nla(HIP_A_HI_PUBKEY, b"\x03\x01\x00\x01" + b"\xc5" * 256))),
    "new-ro-bits": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA), nla(HIP_A_HI_PRIVKEY, k.rsa_der()),
        nla_u32(HIP_A_HI_BITS, 2048))),
    "new-ro-hit-suite": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_RSA), nla(HIP_A_HI_PRIVKEY, k.rsa_der()),
        nla_u8(HIP_A_HI_HIT_SUITE, 1))),

    # algorithms and key material
    "new-algo-99": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, 99), nla(HIP_A_HI_PRIVKEY, k.rsa_der()))),
    "new-eddsa": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_EDDSA), nla(HIP_A_HI_PRIVKEY, bytes(range(1, 33))))),
    "new-rsa-der-truncated": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der()[:len(k.rsa_der()) // 2])),
    "new-rsa-der-garbled": (HIP_CMD_HI_NEW, lambda k: rsa_new(der_garbled(k.rsa_der()))),
    "new-rsa-der-random": (HIP_CMD_HI_NEW, lambda k: rsa_new(random.Random(7).randbytes(1200))),
    "new-rsa-der-trailing": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der() + b"\x00garbage")),
    "new-rsa-1024": (HIP_CMD_HI_NEW, lambda k: rsa_new(k.rsa_der("rsa1024"))),
    "new-rsa-empty": (HIP_CMD_HI_NEW, lambda k: rsa_new(b"")),
    "new-ecdsa-no-curve": (HIP_CMD_HI_NEW, lambda k: hi_nest(
        nla_u8(HIP_A_HI_ALGO, HIP_HI_ECDSA), nla(HIP_A_HI_PRIVKEY, k.ec_scalar("p256")))),
    "new-ecdsa-curve-3": (HIP_CMD_HI_NEW, lambda k: ec_new(3, k.ec_scalar("p256"))),
    "new-ecdsa-scalar-31": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, k.ec_scalar("p256")[1:])),
    "new-ecdsa-scalar-33": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, b"\0" + k.ec_scalar("p256"))),
    "new-ecdsa-p256-scalar-48": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, k.ec_scalar("p384"))),
    "new-ecdsa-scalar-0": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, bytes(32))),
    "new-ecdsa-scalar-1": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, (1).to_bytes(32, "big"))),
    "new-ecdsa-scalar-n-2": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, (N_P256 - 2).to_bytes(32, "big"))),
    "new-ecdsa-scalar-n-1": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, (N_P256 - 1).to_bytes(32, "big"))),
    "new-ecdsa-scalar-n": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, N_P256.to_bytes(32, "big"))),
    "new-ecdsa-p384-scalar-n-1": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P384, (N_P384 - 1).to_bytes(48, "big"))),
    "new-ecdsa-scalar-n+1": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, (N_P256 + 1).to_bytes(32, "big"))),
    "new-ecdsa-scalar-ff": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P256, b"\xff" * 32)),
    "new-ecdsa-p384-scalar-0": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P384, bytes(48))),
    "new-ecdsa-p384-scalar-n": (HIP_CMD_HI_NEW, lambda k: ec_new(HIP_ECDSA_NIST_P384, N_P384.to_bytes(48, "big"))),

    # delete / set / get
    "del-no-hi": (HIP_CMD_HI_DEL, lambda k: b""),
    "del-no-hit": (HIP_CMD_HI_DEL, lambda k: hi_nest()),
    "del-hit-15": (HIP_CMD_HI_DEL, lambda k: hi_nest(nla(HIP_A_HI_HIT, UNKNOWN_HIT[:15]))),
    "del-hit-17": (HIP_CMD_HI_DEL, lambda k: hi_nest(nla(HIP_A_HI_HIT, UNKNOWN_HIT + b"\0"))),
    "del-unknown-hit": (HIP_CMD_HI_DEL, lambda k: hi_nest(nla(HIP_A_HI_HIT, UNKNOWN_HIT))),
    "set-no-hit": (HIP_CMD_HI_SET, lambda k: hi_nest(nla(HIP_A_HI_DEFAULT))),
    "set-unknown-hit": (HIP_CMD_HI_SET, lambda k: hi_nest(
        nla(HIP_A_HI_HIT, UNKNOWN_HIT), nla(HIP_A_HI_DEFAULT))),
    "set-default-with-payload": (HIP_CMD_HI_SET, lambda k: hi_nest(
        nla(HIP_A_HI_HIT, UNKNOWN_HIT), nla(HIP_A_HI_DEFAULT, b"\x01\0\0\0"))),
    "get-no-hit": (HIP_CMD_HI_GET, lambda k: hi_nest()),
    "get-unknown-hit": (HIP_CMD_HI_GET, lambda k: hi_nest(nla(HIP_A_HI_HIT, UNKNOWN_HIT))),

    # commands
    "cmd-unspec": (0, lambda k: b""),
    "cmd-ntf-as-request": (HIP_CMD_HI_ADD_NTF, lambda k: b""),
    "cmd-99": (99, lambda k: b""),
}


def rsa_hit_hex(path):
    key = hit_ref.read_key(path)
    return hit_ref.orchid(hit_ref.host_id(key), hit_ref.HIT_SUITE_RSA).hex()


# HIT (hex) the well-formed controls must produce, computed here
EXPECT_HIT = {
    "valid-rsa": lambda k: rsa_hit_hex(k.paths["rsa"]),
    "valid-p256": lambda k: ec_hit_hex(HIP_ECDSA_NIST_P256, k.ec_scalar("p256")),
    "valid-p384": lambda k: ec_hit_hex(HIP_ECDSA_NIST_P384, k.ec_scalar("p384")),
    "valid-p256-d-2": lambda k: ec_hit_hex(HIP_ECDSA_NIST_P256, (2).to_bytes(32, "big")),
    "valid-p256-d-n-3": lambda k: ec_hit_hex(HIP_ECDSA_NIST_P256, (N_P256 - 3).to_bytes(32, "big")),
    "valid-p384-d-2": lambda k: ec_hit_hex(HIP_ECDSA_NIST_P384, (2).to_bytes(48, "big")),
    "valid-p384-d-n-3": lambda k: ec_hit_hex(HIP_ECDSA_NIST_P384, (N_P384 - 3).to_bytes(48, "big")),
}


def errname(e):
    if not e:
        return "OK"
    if e == errno.EOPNOTSUPP:   # == ENOTSUP on Linux; the kernel says EOPNOTSUPP
        return "EOPNOTSUPP"
    return errno.errorcode.get(e, str(e))


def run_case(g, keys, name):
    """Send one case; undo whatever it added.  Returns a result dict."""
    if name == "dup-p256":      # the second of two identical adds
        first = run_case_once(g, keys, "valid-p256")
        res = run_case_once(g, keys, "valid-p256")
        res["case"] = name
        res["added"] = res["added"] or first["added"]
        if first["errno"]:
            res["errname"] = "first-add-" + first["errname"]
    else:
        res = run_case_once(g, keys, name)
    res["deleted"] = "-"
    res["expect"] = "-"
    if name in EXPECT_HIT:
        want = EXPECT_HIT[name](keys)
        res["expect"] = "match" if res["added"] == want else "MISMATCH:" + want
    if res["added"]:
        err, _, _ = g.request(HIP_CMD_HI_DEL,
                              hi_nest(nla(HIP_A_HI_HIT, bytes.fromhex(res["added"]))))
        res["deleted"] = errname(err)
    return res


def run_case_once(g, keys, name):
    spec = CASES[name]
    cmd, build = spec[0], spec[1]
    hdr = spec[2] if len(spec) > 2 else {}
    attrs = build(keys)
    before = g.dump()
    err, ext, msgs = g.request(cmd, attrs, **hdr)
    after = g.dump()
    added = [h for h in after if h["hit"] not in {b["hit"] for b in before}]
    return {"case": name, "errno": err or 0, "errname": errname(err),
            "extack": ext.get("msg", ""), "offs": ext.get("offs"),
            "miss_type": ext.get("miss_type"), "unchanged": before == after,
            "added": added[0]["hit"] if len(added) == 1 else ""}


def fuzz(g, keys, count, seed):
    """Send COUNT garbage requests to the family; never a valid one."""
    rnd = random.Random(seed)
    before = g.dump()
    der = keys.rsa_der() if "rsa" in keys.paths else b"\x30\x82\x01\x00"
    results = {}
    no_reply = 0
    for i in range(count):
        kind = i % 5
        cmd = rnd.choice([0, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6, 7, 8, rnd.randrange(256)])
        flags = NLM_F_REQUEST | NLM_F_ACK
        if rnd.random() < 0.15:
            flags |= rnd.choice([NLM_F_DUMP, 0x10, 0x20, 0x800])
        if kind == 0:       # random bytes after the genl header
            attrs = rnd.randbytes(rnd.randrange(0, 400))
        elif kind == 1:     # random TLVs, random types and lengths, nested
            attrs = b"".join(
                nla(rnd.randrange(0, 12), rnd.randbytes(rnd.randrange(0, 40)),
                    nested=rnd.random() < 0.5)
                for _ in range(rnd.randrange(1, 6)))
        elif kind == 2:     # a HI nest with random inner attributes
            inner = b"".join(
                nla(rnd.randrange(0, 12), rnd.randbytes(rnd.choice([0, 1, 2, 4, 15, 16, 17, 32, 48, 300])))
                for _ in range(rnd.randrange(0, 6)))
            attrs = hi_nest(inner)
        elif kind == 3:     # a real DER, damaged: truncated or bytes flipped
            d = bytearray(der[:rnd.randrange(1, len(der))])
            for _ in range(rnd.randrange(1, 8)):
                d[rnd.randrange(len(d))] = rnd.randrange(256)
            attrs = rsa_new(bytes(d))
        else:               # lying attribute lengths
            body = bytearray(rsa_new(der[:64]))
            struct.pack_into("=H", body, rnd.choice([0, 4, 8]), rnd.randrange(0, 0x10000))
            attrs = bytes(body)
        msg = bytearray(g.message(g.family, flags, cmd, attrs,
                                  version=rnd.randrange(4),
                                  reserved=rnd.choice([0, 0, 0, 1])))
        if rnd.random() < 0.05:  # lying nlmsg_len: the kernel drops these
            struct.pack_into("=I", msg, 0, rnd.choice([4, 16, 19, len(msg) + 8]))
            g.send_raw(bytes(msg))
            no_reply += 1
            continue
        try:
            err, ext, _ = g.transact(bytes(msg))
        except socket.timeout:
            results["timeout"] = results.get("timeout", 0) + 1
            continue
        key = errname(err) if err is not None else "dump"
        results[key] = results.get(key, 0) + 1
    after = g.dump()
    return {"sent": count, "unanswered_by_design": no_reply,
            "replies": results, "unchanged": before == after}


def main(argv):
    paths = {}
    args = argv[1:]
    while args and args[0].startswith("--"):
        if len(args) < 2:
            print(__doc__, file=sys.stderr)
            return 2
        paths[args[0][2:]] = args[1]
        args = args[2:]
    keys = Keys(paths)
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    if args[0] == "list":
        print("\n".join(CASES))
        return 0
    try:
        g = Genl()
    except NlError as e:
        print("netlink_craft: %s" % e, file=sys.stderr)
        return 1
    if args[0] == "family":
        print(json.dumps({"id": g.family, "groups": g.groups}))
    elif args[0] == "dump":
        print(json.dumps(g.dump()))
    elif args[0] == "send" and len(args) >= 2 and all(
            c in CASES or c == "dup-p256" for c in args[1:]):
        for c in args[1:]:
            r = run_case(g, keys, c)
            print("\t".join([c, r["errname"], "yes" if r["unchanged"] else "no",
                             r["added"] or "-", r["deleted"], r["expect"],
                             str(r["miss_type"]), r["extack"].replace("\t", " ")]))
    elif args[0] == "del" and len(args) == 2:
        err, ext, _ = g.request(HIP_CMD_HI_DEL,
                                hi_nest(nla(HIP_A_HI_HIT, bytes.fromhex(args[1]))))
        print(json.dumps({"errno": err, "errname": errname(err),
                          "extack": ext.get("msg", "")}))
        return 1 if err else 0
    elif args[0] == "fuzz" and len(args) in (2, 3):
        seed = int(args[2]) if len(args) == 3 else 1
        r = fuzz(g, keys, int(args[1]), seed)
        print("sent=%d unchanged=%s timeouts=%d unanswered_by_design=%d replies=%s" % (
            r["sent"], "yes" if r["unchanged"] else "no",
            r["replies"].pop("timeout", 0), r["unanswered_by_design"],
            ",".join("%s:%d" % kv for kv in sorted(r["replies"].items()))))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
