#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Independent reference for HIP delegation certificates.

Documentation/hip/delegation.rst has the profile; this is a second
implementation of it, sharing no code with hipctl (C, OpenSSL) or the
kernel: Python `cryptography` (works with Debian bookworm's 38.0.4) for
the signatures and the X.509 parsing, its own DER reader/writer for the
certificates themselves (`cryptography` 38 can neither parse an OID with
a 128-bit arc, which our UUID arc is, nor sign RSASSA-PSS certificates),
`cryptography` only for keys and signatures, hit_ref.py for ORCHID.

  verify CHAIN.pem [--hit HIT] [--host-id KEY.pem] [--max-depth N] [--json]
      Validate a chain (root first).  Exit 0 and one line per certificate,
      or exit 1 and "INVALID certificate N: CODE: text" on stderr (with
      --json: {"valid": false, "index": N, "code": CODE, "reason": text}
      on stdout).  CODEs: see REASONS below.
  make KIND --key A.pem --key B.pem [--key C.pem ...] [--depth D1,D2,...]
       [--lifetime SECONDS] -o FILE
      Write a chain A -> B -> C ... (root of A first), valid or broken in
      one way (KINDS below), from the given private keys.  Fewer keys than
      a kind needs are reused in turn.
  der CHAIN.pem -o FILE
      The chain as concatenated DER, root first: what HIP_A_CERT_CHAIN and
      the CERT group carry (for crafted netlink requests and packets).
  --selftest
      Checks of the DER helpers.

Profile (delegation.rst): X.509 v3, serial 8 random bytes, issuer/subject
CN = the HIT text, IAN/SAN iPAddress = issuer/subject HIT (RFC 8002 3),
signature = the issuer HI's HIP_SIGNATURE scheme (RFC 7401 5.2.14):
RSASSA-PSS SHA-256 MGF1-SHA-256 salt 32, ecdsa-with-SHA256 (P-256),
ecdsa-with-SHA384 (P-384); certificates 1.. carry the critical extension
2.25.137592137204914361633377730913996342799.1 =
  HipDelegation ::= SEQUENCE { delegatedHit OCTET STRING (SIZE(16)),
                               maxDepth INTEGER (0..255) }
"""

import argparse
import base64
import datetime
import ipaddress
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hit_ref  # noqa: E402

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # noqa: E402

DELEGATION_OID = "2.25.137592137204914361633377730913996342799.1"
MAX_DELEGATIONS = 3
OID_RSASSA_PSS = "1.2.840.113549.1.1.10"
OID_MGF1 = "1.2.840.113549.1.1.8"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
OID_ECDSA_SHA384 = "1.2.840.10045.4.3.3"
OID_SAN = "2.5.29.17"
OID_IAN = "2.5.29.18"
PSS_SALT = 32
# The whole AlgorithmIdentifier, byte for byte what hipctl (OpenSSL) writes
PSS_ALG_HEX = ("304106092a864886f70d01010a3034a00f300d06096086480165030402010500"
               "a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120")

REASONS = {
    "too-long": "more delegations than the maximum",
    "parse": "not a well-formed certificate",
    "version": "not X.509 v3",
    "serial": "serial number not positive or longer than 20 bytes",
    "not-yet-valid": "before notBefore",
    "expired": "after notAfter",
    "extension": "malformed, duplicated or non-critical delegation extension",
    "unknown-critical": "unsupported critical extension",
    "key": "subject key not RSA or ECDSA P-256/P-384 (uncompressed)",
    "alt-name": "IAN/SAN missing or not exactly one 16-byte iPAddress",
    "san": "SAN is not ORCHID(subject key)",
    "missing-root": "certificate 0 is not self-signed",
    "root-extension": "the root carries a delegation extension",
    "sig-alg": "signature algorithm is not the issuer HI's scheme",
    "signature": "signature does not verify (wrong signer or tampered)",
    "claimed-hit": "the root is for another HIT",
    "no-delegation": "certificate 1.. without the delegation extension",
    "ian": "IAN does not name the previous subject",
    "other-hit": "delegatedHit is not the claimed HIT",
    "depth": "deeper than the previous maxDepth allows",
    "host-id": "the last subject key is not the presented HI",
}

KINDS = ("valid", "expired", "not-yet-valid", "wrong-signer", "depth",
         "redelegate", "too-long", "other-hit", "tampered-sig", "tampered",
         "no-root", "bad-san", "bad-ian", "noncritical", "unknown-critical",
         "root-extension", "duplicate-ext")


# ---------------------------------------------------------------- DER

class DerError(ValueError):
    pass


def der_read(buf, off=0):
    """(tag, content_start, end) of the TLV at off; definite lengths only."""
    if off + 2 > len(buf):
        raise DerError("truncated")
    tag = buf[off]
    if tag & 0x1f == 0x1f:
        raise DerError("high tag numbers unsupported")
    n = buf[off + 1]
    p = off + 2
    if n < 0x80:
        length = n
    else:
        k = n & 0x7f
        if k == 0 or k > 4 or p + k > len(buf):
            raise DerError("bad length")
        length = int.from_bytes(buf[p:p + k], "big")
        if length < 0x80 or buf[p] == 0:
            raise DerError("length not minimal (not DER)")
        p += k
    if p + length > len(buf):
        raise DerError("truncated")
    return tag, p, p + length


def der_children(buf, start=0, end=None):
    """[(tag, whole TLV bytes, content bytes)] of a constructed content."""
    end = len(buf) if end is None else end
    out = []
    while start < end:
        tag, c, e = der_read(buf, start)
        if e > end:
            raise DerError("child overruns its parent")
        out.append((tag, bytes(buf[start:e]), bytes(buf[c:e])))
        start = e
    return out


def der_one(buf, tag):
    """The content of buf, which must be exactly one TLV of this tag."""
    t, c, e = der_read(buf, 0)
    if t != tag or e != len(buf):
        raise DerError("expected one element of tag 0x%02x" % tag)
    return bytes(buf[c:e])


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(v):
    return tlv(0x02, v.to_bytes(v.bit_length() // 8 + 1, "big", signed=True))


def der_int_value(content):
    """A DER INTEGER's value; raises if not minimally encoded."""
    if not content:
        raise DerError("empty INTEGER")
    if len(content) > 1 and ((content[0] == 0 and content[1] < 0x80) or
                             (content[0] == 0xff and content[1] >= 0x80)):
        raise DerError("INTEGER not minimal (not DER)")
    return int.from_bytes(content, "big", signed=True)


def der_oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray()
    for v in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        chunk = [v & 0x7f]
        v >>= 7
        while v:
            chunk.append(0x80 | (v & 0x7f))
            v >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def oid_text(content):
    arcs, v = [], 0
    for b in content:
        v = (v << 7) | (b & 0x7f)
        if not b & 0x80:
            arcs.append(v)
            v = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def alg_id(oid, params=None):
    return tlv(0x30, der_oid(oid) + (params if params is not None else b""))


def pss_alg_id():
    """RSASSA-PSS-params (RFC 4055 3.1): SHA-256, MGF1-SHA-256, salt 32;
    the hash AlgorithmIdentifiers with NULL parameters, as OpenSSL writes
    them (both parsers accept them absent too)."""
    sha256 = alg_id(OID_SHA256, tlv(0x05, b""))
    params = (tlv(0xa0, sha256) + tlv(0xa1, alg_id(OID_MGF1, sha256)) +
              tlv(0xa2, der_int(PSS_SALT)))
    return alg_id(OID_RSASSA_PSS, tlv(0x30, params))


def delegation_value(hit, depth):
    return tlv(0x30, tlv(0x04, hit) + der_int(depth))


# ----------------------------------------------------- keys and HITs

def load_key(path, private_only=False):
    data = open(path, "rb").read()
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        if private_only:
            raise
    return serialization.load_pem_public_key(data)


def pub_of(key):
    return key.public_key() if hasattr(key, "public_key") else key


def key_hit(pub):
    """HIT of a public key: HOST_ID field per hit_ref, ORCHID per hit_ref."""
    if isinstance(pub, rsa.RSAPublicKey):
        nums = pub.public_numbers()
        hi = hit_ref.host_id({"algo": "rsa", "e": nums.e, "n": nums.n})
        return hit_ref.orchid(hi, hit_ref.HIT_SUITE_RSA)
    if isinstance(pub, ec.EllipticCurvePublicKey):
        curve = {"secp256r1": "P-256", "secp384r1": "P-384"}.get(pub.curve.name)
        if curve is None:
            raise ValueError("unsupported curve " + pub.curve.name)
        point = pub.public_bytes(serialization.Encoding.X962,
                                 serialization.PublicFormat.UncompressedPoint)
        hi = hit_ref.host_id({"algo": "ecdsa", "curve": curve, "point": point})
        return hit_ref.orchid(hi, hit_ref.HIT_SUITE_ECDSA)
    raise ValueError("unsupported key type")


def hit_text(hit):
    return str(ipaddress.IPv6Address(bytes(hit)))


def sig_alg_for(pub):
    if isinstance(pub, rsa.RSAPublicKey):
        return pss_alg_id()
    if pub.curve.name == "secp256r1":
        return alg_id(OID_ECDSA_SHA256)
    if pub.curve.name == "secp384r1":
        return alg_id(OID_ECDSA_SHA384)
    raise ValueError("unsupported issuer key")


def sign_bytes(key, data):
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                          salt_length=PSS_SALT),
                        hashes.SHA256())
    h = hashes.SHA256() if key.curve.name == "secp256r1" else hashes.SHA384()
    return key.sign(data, ec.ECDSA(h))


def verify_bytes(pub, sig, data):
    if isinstance(pub, rsa.RSAPublicKey):
        pub.verify(sig, data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                          salt_length=PSS_SALT),
                   hashes.SHA256())
    else:
        h = hashes.SHA256() if pub.curve.name == "secp256r1" else hashes.SHA384()
        pub.verify(sig, data, ec.ECDSA(h))


# ------------------------------------------------------------- parsing

def pem_blocks(data):
    blocks = re.findall(rb"-----BEGIN CERTIFICATE-----\r?\n(.*?)-----END CERTIFICATE-----",
                        data, re.S)
    return [base64.b64decode(b"".join(b.split())) for b in blocks]


class Invalid(Exception):
    def __init__(self, index, code, text):
        super().__init__(text)
        self.index, self.code, self.text = index, code, text


def split_cert(der):
    """tbs TLV, the tbs children, outer signatureAlgorithm TLV, signature."""
    outer = der_children(der_one(der, 0x30))
    if len(outer) != 3 or outer[0][0] != 0x30 or outer[1][0] != 0x30 or outer[2][0] != 0x03:
        raise DerError("Certificate is not SEQUENCE { tbs, alg, BIT STRING }")
    sig = outer[2][2]
    if not sig or sig[0] != 0:
        raise DerError("signature BIT STRING with unused bits")
    tbs_children = der_children(outer[0][2])
    return outer[0][1], tbs_children, outer[1][1], sig[1:]


def tbs_fields(children):
    """Map the TBSCertificate children (RFC 5280 4.1) by name."""
    i = 0
    f = {}
    if children and children[0][0] == 0xa0:
        f["version"] = children[0]
        i = 1
    names = ["serial", "signature", "issuer", "validity", "subject", "spki"]
    if len(children) < i + len(names):
        raise DerError("TBSCertificate too short")
    for n in names:
        f[n] = children[i]
        i += 1
    for c in children[i:]:
        if c[0] == 0xa3:
            f["extensions"] = c
    return f


def check_sig_alg(idx, alg_der, issuer_pub):
    """RFC 8002 2 / RFC 7401 5.2.14: the issuer HI's HIP_SIGNATURE scheme."""
    kids = der_children(der_one(alg_der, 0x30))
    oid = oid_text(kids[0][2]) if kids and kids[0][0] == 0x06 else "?"
    if isinstance(issuer_pub, rsa.RSAPublicKey):
        ok = oid == OID_RSASSA_PSS and len(kids) == 2 and kids[1][0] == 0x30
        if ok:
            p = {c[0]: c[2] for c in der_children(kids[1][2])}
            try:
                h = der_children(der_one(p[0xa0], 0x30))
                mgf = der_children(der_one(p[0xa1], 0x30))
                mh = der_children(mgf[1][2]) if len(mgf) == 2 else []
                salt = der_int_value(der_one(p[0xa2], 0x02))
                trailer = der_int_value(der_one(p[0xa3], 0x02)) if 0xa3 in p else 1
                ok = (oid_text(h[0][2]) == OID_SHA256 and
                      oid_text(mgf[0][2]) == OID_MGF1 and bool(mh) and
                      oid_text(mh[0][2]) == OID_SHA256 and
                      salt == PSS_SALT and trailer == 1)
            except (KeyError, IndexError, DerError):
                ok = False
        if not ok:
            raise Invalid(idx, "sig-alg", "issuer is RSA: RSASSA-PSS SHA-256/MGF1-SHA-256/salt 32 needed, got " + oid)
        return
    want = OID_ECDSA_SHA256 if issuer_pub.curve.name == "secp256r1" else OID_ECDSA_SHA384
    if oid != want or len(kids) != 1:
        raise Invalid(idx, "sig-alg", "issuer is ECDSA %s: %s needed, got %s" %
                      (issuer_pub.curve.name, want, oid))


def parse_time(tag, content):
    """UTCTime (YY < 50: 20YY) or GeneralizedTime, "Z" form (RFC 5280 4.1.2.5)."""
    t = content.decode("ascii")
    if tag == 0x17 and re.fullmatch(r"\d{12}Z", t):
        yy = int(t[:2])
        t = ("20" if yy < 50 else "19") + t
    elif not (tag == 0x18 and re.fullmatch(r"\d{14}Z", t)):
        raise DerError("bad time %r" % t)
    return datetime.datetime.strptime(t, "%Y%m%d%H%M%SZ").replace(tzinfo=datetime.timezone.utc)


def parse_extensions(f):
    """[(oid text, critical, value bytes)] of the [3] Extensions."""
    if "extensions" not in f:
        return []
    out = []
    for tag, _, body in der_children(der_one(f["extensions"][2], 0x30)):
        if tag != 0x30:
            raise DerError("Extension is not a SEQUENCE")
        kids = der_children(body)
        if len(kids) not in (2, 3) or kids[0][0] != 0x06 or kids[-1][0] != 0x04:
            raise DerError("bad Extension")
        crit = False
        if len(kids) == 3:
            if kids[1][0] != 0x01 or kids[1][2] != b"\xff":
                raise DerError("critical must be an explicit TRUE (DER)")
            crit = True
        out.append((oid_text(kids[0][2]), crit, kids[-1][2]))
    return out


def alt_name_hit(idx, exts, oid, name):
    vals = [v for o, _, v in exts if o == oid]
    if not vals:
        raise Invalid(idx, "alt-name", "no %s" % name)
    try:
        ips = [c for c in der_children(der_one(vals[0], 0x30)) if c[0] == 0x87]
    except DerError as e:
        raise Invalid(idx, "alt-name", "malformed %s: %s" % (name, e))
    if len(ips) != 1 or len(ips[0][2]) != 16:
        raise Invalid(idx, "alt-name", "%s must hold exactly one 16-byte iPAddress" % name)
    return ips[0][2]


def parse_cert(idx, der, now):
    """One certificate: everything that does not depend on its neighbours.

    Own DER walk: `cryptography` 38 (Debian bookworm) cannot parse a
    certificate holding an OID with a 128-bit arc (its asn1 0.12 crate),
    which our UUID arc is; it is used here for keys and signatures only."""
    try:
        tbs, kids, outer_alg, sig = split_cert(der)
        f = tbs_fields(kids)
        exts = parse_extensions(f)
        validity = der_children(f["validity"][2])
        if len(validity) != 2:
            raise DerError("bad Validity")
        nb = parse_time(validity[0][0], validity[0][2])
        na = parse_time(validity[1][0], validity[1][2])
        version = der_int_value(der_one(f["version"][2], 0x02)) if "version" in f else 0
        serial = der_int_value(f["serial"][2]) if f["serial"][0] == 0x02 else None
        pub = serialization.load_der_public_key(f["spki"][1])
    except (DerError, ValueError, UnicodeDecodeError) as e:
        raise Invalid(idx, "parse", "cannot parse: %s" % e)
    except Exception as e:  # an unsupported key type, say
        raise Invalid(idx, "key", "unsupported subject key: %s" % e)
    info = {"der": der, "tbs": tbs, "sig": sig, "outer_alg": outer_alg,
            "tbs_alg": f["signature"][1], "issuer_name": f["issuer"][1],
            "subject_name": f["subject"][1]}
    if version != 2:
        raise Invalid(idx, "version", "not X.509 v3")
    if serial is None or serial <= 0 or len(f["serial"][2]) > 20:
        raise Invalid(idx, "serial", "serial must be positive, at most 20 bytes")
    info["serial"] = serial
    info["not_before"], info["not_after"] = nb, na
    if now < nb:
        raise Invalid(idx, "not-yet-valid", "not valid before %s" % nb.isoformat())
    if now > na:
        raise Invalid(idx, "expired", "expired at %s" % na.isoformat())

    # Extensions: ours (critical), SAN, IAN; RFC 5280 4.2: refuse any
    # other critical one.
    info["delegation"] = None
    oids = [o for o, _, _ in exts]
    for o in oids:
        if oids.count(o) > 1:
            raise Invalid(idx, "extension", "extension %s appears twice (RFC 5280 4.2)" % o)
    for oid, crit, value in exts:
        if oid == DELEGATION_OID:
            if not crit:
                raise Invalid(idx, "extension", "the delegation extension is not critical")
            try:
                body = der_children(der_one(value, 0x30))
                if (len(body) != 2 or body[0][0] != 0x04 or len(body[0][2]) != 16
                        or body[1][0] != 0x02):
                    raise DerError("not SEQUENCE { OCTET STRING (16), INTEGER }")
                depth = der_int_value(body[1][2])
                if not 0 <= depth <= 255:
                    raise DerError("maxDepth out of 0..255")
            except DerError as e:
                raise Invalid(idx, "extension", "malformed delegation extension: %s" % e)
            info["delegation"] = (body[0][2], depth)
        elif crit and oid not in (OID_SAN, OID_IAN):
            raise Invalid(idx, "unknown-critical", "unsupported critical extension %s" % oid)

    spki = der_children(der_one(f["spki"][1], 0x30))
    if isinstance(pub, ec.EllipticCurvePublicKey):
        bits = spki[1][2] if len(spki) == 2 and spki[1][0] == 0x03 else b""
        if pub.curve.name not in ("secp256r1", "secp384r1") or bits[1:2] != b"\x04":
            raise Invalid(idx, "key", "EC key must be P-256/P-384, uncompressed")
    elif isinstance(pub, rsa.RSAPublicKey):
        if not 2048 <= pub.key_size <= 4096:
            raise Invalid(idx, "key", "RSA key of %d bits" % pub.key_size)
    else:
        raise Invalid(idx, "key", "unsupported subject key")
    info["pub"] = pub
    info["key_hit"] = key_hit(pub)
    info["san"] = alt_name_hit(idx, exts, OID_SAN, "subjectAltName")
    info["ian"] = alt_name_hit(idx, exts, OID_IAN, "issuerAltName")
    if info["san"] != info["key_hit"]:
        raise Invalid(idx, "san", "subjectAltName %s is not ORCHID(subject key) %s" %
                      (hit_text(info["san"]), hit_text(info["key_hit"])))
    return info


def check_signature(idx, info, issuer_pub):
    if info["outer_alg"] != info["tbs_alg"]:
        raise Invalid(idx, "sig-alg", "signatureAlgorithm differs from tbsCertificate.signature")
    check_sig_alg(idx, info["outer_alg"], issuer_pub)
    try:
        verify_bytes(issuer_pub, info["sig"], info["tbs"])
    except (InvalidSignature, ValueError):
        raise Invalid(idx, "signature", "signature does not verify (wrong signer or tampered)")


def verify(ders, claimed=None, host_id=None, max_delegations=MAX_DELEGATIONS, now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if not ders:
        raise Invalid(-1, "parse", "no certificate")
    if len(ders) - 1 > max_delegations:
        raise Invalid(-1, "too-long", "%d delegations, more than the maximum %d" %
                      (len(ders) - 1, max_delegations))
    chain = []
    root = parse_cert(0, ders[0], now)
    if root["issuer_name"] != root["subject_name"] or root["ian"] != root["san"]:
        raise Invalid(0, "missing-root", "not self-signed (missing root)")
    if root["delegation"] is not None:
        raise Invalid(0, "root-extension", "the root carries a delegation extension")
    check_signature(0, root, root["pub"])
    claimed = claimed or root["san"]
    if root["san"] != claimed:
        raise Invalid(0, "claimed-hit", "root is for %s, not %s" %
                      (hit_text(root["san"]), hit_text(claimed)))
    chain.append(root)
    for i in range(1, len(ders)):
        prev = chain[-1]
        c = parse_cert(i, ders[i], now)
        if c["delegation"] is None:
            raise Invalid(i, "no-delegation", "no delegation extension")
        check_signature(i, c, prev["pub"])
        if c["ian"] != prev["san"]:
            raise Invalid(i, "ian", "issuerAltName %s does not name the previous subject %s" %
                          (hit_text(c["ian"]), hit_text(prev["san"])))
        dhit, depth = c["delegation"]
        if dhit != claimed:
            raise Invalid(i, "other-hit", "delegates %s, not the claimed %s" %
                          (hit_text(dhit), hit_text(claimed)))
        if i >= 2:
            pdepth = prev["delegation"][1]
            if pdepth < 1 or depth > pdepth - 1:
                raise Invalid(i, "depth", "maxDepth %d deeper than allowed by certificate %d (maxDepth %d)" %
                              (depth, i - 1, pdepth))
        chain.append(c)
    if host_id is not None and key_hit(host_id) != chain[-1]["key_hit"]:
        raise Invalid(len(chain) - 1, "host-id", "the last subject key is not the given HI")
    return chain


# ------------------------------------------------------------- making

def der_time(t):
    """UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5)."""
    if t.year < 2050:
        return tlv(0x17, t.strftime("%y%m%d%H%M%SZ").encode())
    return tlv(0x18, t.strftime("%Y%m%d%H%M%SZ").encode())


def der_name(hit):
    """Name with one CN = the HIT text (RFC 5952), UTF8String."""
    atv = tlv(0x30, der_oid("2.5.4.3") + tlv(0x0c, hit_text(hit).encode()))
    return tlv(0x30, tlv(0x31, atv))


def der_ext(oid, critical, value):
    return tlv(0x30, der_oid(oid) + (tlv(0x01, b"\xff") if critical else b"") +
               tlv(0x04, value))


def der_ip_names(hit):
    return tlv(0x30, tlv(0x87, bytes(hit)))


def build(issuer_key, ihit, subject_pub, shit, nb, na, deleg=None,
          deleg_critical=True, extra_critical=False, signer=None, duplicate=False):
    """One certificate, DER, built field by field (RFC 5280 4.1).  The
    `cryptography` 38 builder can neither sign RSASSA-PSS nor encode our
    OID, so the TBS is ours and the key signs it."""
    signer = signer or issuer_key
    alg = sig_alg_for(pub_of(signer))
    serial = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1) | (1 << 62)
    exts = [der_ext(OID_IAN, False, der_ip_names(ihit)),
            der_ext(OID_SAN, False, der_ip_names(shit))]
    if deleg is not None:
        exts.append(der_ext(DELEGATION_OID, deleg_critical, delegation_value(*deleg)))
        if duplicate:
            exts.append(exts[-1])
    if extra_critical:
        exts.append(der_ext(DELEGATION_OID[:-1] + "99", True, tlv(0x05, b"")))
    spki = subject_pub.public_bytes(serialization.Encoding.DER,
                                    serialization.PublicFormat.SubjectPublicKeyInfo)
    tbs = tlv(0x30, tlv(0xa0, der_int(2)) + der_int(serial) + alg + der_name(ihit) +
              tlv(0x30, der_time(nb) + der_time(na)) + der_name(shit) + spki +
              tlv(0xa3, tlv(0x30, b"".join(exts))))
    sig = sign_bytes(signer, tbs)
    return tlv(0x30, tbs + alg + tlv(0x03, b"\0" + sig))


def another_hit(not_this, *candidates):
    """The first candidate that differs from not_this, else a random HIT."""
    for h in candidates:
        if h != not_this:
            return h
    return bytes.fromhex("20010021") + os.urandom(12)


def same_kind_key(key):
    """A fresh key of the same algorithm and size as key (a wrong signer
    whose signature algorithm is still the expected one)."""
    if isinstance(key, rsa.RSAPrivateKey):
        return rsa.generate_private_key(public_exponent=65537, key_size=key.key_size)
    return ec.generate_private_key(type(key.curve)())


def flip_serial(der):
    """Change the last byte of the serial number, keep the signature."""
    tbs, kids, alg, sig = split_cert(der)
    raw = [k[1] for k in kids]
    s = bytearray(raw[1])
    s[-1] ^= 0x01
    raw[1] = bytes(s)
    return tlv(0x30, tlv(0x30, b"".join(raw)) + alg + tlv(0x03, b"\0" + sig))


def flip_signature(der):
    tbs, kids, alg, sig = split_cert(der)
    s = bytearray(sig)
    s[len(s) // 2] ^= 0x01
    return tlv(0x30, tbs + alg + tlv(0x03, b"\0" + bytes(s)))


def make(kind, keys, depths=None, lifetime=3600):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    nb, na = now, now + datetime.timedelta(seconds=lifetime)
    need = {"depth": 3, "redelegate": 3, "too-long": 5}.get(kind, 2)
    ks = [keys[i % len(keys)] for i in range(max(need, len(keys)))]
    if kind == "too-long":
        ks = [keys[i % len(keys)] for i in range(5)]
    n = len(ks) - 1                     # delegations
    if depths is None:
        depths = [n - i for i in range(1, n + 1)]      # n-1, ..., 0
        if kind == "depth":
            depths = [1, 1] + [0] * (n - 2)
        elif kind == "redelegate":
            depths = [0] * n
    depths = list(depths) + [0] * (n - len(depths))
    hits = [key_hit(pub_of(k)) for k in ks]
    a_hit = hits[0]
    ders = []
    last = n
    if kind != "no-root":
        ders.append(build(ks[0], a_hit, pub_of(ks[0]), a_hit, nb, na,
                          deleg=(a_hit, 0) if kind == "root-extension" else None))
    for i in range(1, n + 1):
        ihit, shit, dhit = hits[i - 1], hits[i], a_hit
        cnb, cna = nb, na
        signer = None
        crit, extra, dup = True, False, False
        if i == last:
            if kind == "expired":
                cnb, cna = now - datetime.timedelta(days=2), now - datetime.timedelta(days=1)
            elif kind == "not-yet-valid":
                cnb, cna = now + datetime.timedelta(days=1), now + datetime.timedelta(days=2)
            elif kind == "wrong-signer":
                signer = same_kind_key(ks[i - 1])
            elif kind == "other-hit":
                dhit = another_hit(a_hit, hits[i], hits[i - 1])
            elif kind == "bad-san":
                shit = another_hit(hits[i], hits[i - 1], a_hit)
            elif kind == "bad-ian":
                ihit = another_hit(hits[i - 1], hits[i], a_hit)
            elif kind == "noncritical":
                crit = False
            elif kind == "unknown-critical":
                extra = True
            elif kind == "duplicate-ext":
                dup = True
        der = build(ks[i - 1], ihit, pub_of(ks[i]), shit, cnb, cna,
                    deleg=(dhit, depths[i - 1]), deleg_critical=crit,
                    extra_critical=extra, signer=signer, duplicate=dup)
        if i == last and kind == "tampered":
            der = flip_serial(der)
        elif i == last and kind == "tampered-sig":
            der = flip_signature(der)
        ders.append(der)
    return ders


def to_pem(ders):
    out = []
    for d in ders:
        b = base64.b64encode(d).decode()
        out.append("-----BEGIN CERTIFICATE-----\n" +
                   "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) +
                   "\n-----END CERTIFICATE-----\n")
    return "".join(out)


# ---------------------------------------------------------------- CLI

def selftest():
    assert der_oid("1.2.840.113549.1.1.10").hex() == "06092a864886f70d01010a"
    assert oid_text(der_oid(DELEGATION_OID)[2:]) == DELEGATION_OID
    assert der_int(0).hex() == "020100" and der_int(128).hex() == "02020080"
    assert der_int(255).hex() == "020200ff" and der_int(127).hex() == "02017f"
    for bad in (b"\x00\x01", b"\xff\x80", b""):
        try:
            der_int_value(bad)
            raise AssertionError("accepted %r" % bad)
        except DerError:
            pass
    assert der_len(200) == b"\x81\xc8" and der_len(300) == b"\x82\x01\x2c"
    try:
        der_read(b"\x30\x81\x05" + bytes(5))
        raise AssertionError("non-minimal length accepted")
    except DerError:
        pass
    assert pss_alg_id().hex() == PSS_ALG_HEX
    v = delegation_value(bytes(range(16)), 3)
    assert v.hex() == "3015" + "0410" + bytes(range(16)).hex() + "020103"
    print("cert_ref selftest: pass")


def cmd_verify(a):
    data = open(a.file, "rb").read()
    ders = pem_blocks(data)
    if not ders and data[:1] == b"\x30":
        try:                            # DER, one or more concatenated
            ders = [c[1] for c in der_children(data)]
        except DerError:
            ders = [data]
    claimed = ipaddress.IPv6Address(a.hit).packed if a.hit else None
    host_id = pub_of(load_key(a.host_id)) if a.host_id else None
    try:
        chain = verify(ders, claimed, host_id, a.max_depth)
    except Invalid as e:
        if a.json:
            print(json.dumps({"valid": False, "index": e.index, "code": e.code,
                              "reason": e.text}))
        where = "certificate %d: " % e.index if e.index >= 0 else ""
        print("INVALID %s%s: %s" % (where, e.code, e.text), file=sys.stderr)
        return 1
    out = []
    for i, c in enumerate(chain):
        d = c["delegation"]
        out.append({"index": i, "issuer": hit_text(c["ian"]), "subject": hit_text(c["san"]),
                    "root": i == 0,
                    "delegated_hit": hit_text(d[0]) if d else None,
                    "max_depth": d[1] if d else None,
                    "not_before": int(c["not_before"].timestamp()),
                    "not_after": int(c["not_after"].timestamp()),
                    "serial": "%x" % c["serial"]})
    if a.json:
        print(json.dumps({"valid": True, "hit": hit_text(chain[0]["san"] if not claimed else claimed),
                          "holder": hit_text(chain[-1]["san"]),
                          "delegations": len(chain) - 1, "certs": out}))
    else:
        for c in out:
            print("cert %d %s -> %s%s" % (c["index"], c["issuer"], c["subject"],
                                          " root" if c["root"] else
                                          " depth %d max-depth %d" % (c["index"], c["max_depth"])))
        print("valid: %d delegations" % (len(chain) - 1))
    return 0


def cmd_make(a):
    keys = [load_key(k, private_only=True) for k in a.key]
    depths = [int(d) for d in a.depth.split(",")] if a.depth else None
    ders = make(a.kind, keys, depths, a.lifetime)
    with open(a.output, "w") as f:
        f.write(to_pem(ders))
    return 0


def cmd_der(a):
    ders = pem_blocks(open(a.file, "rb").read())
    if not ders:
        print("cert_ref.py: %s: no PEM certificate" % a.file, file=sys.stderr)
        return 1
    with open(a.output, "wb") as f:
        f.write(b"".join(ders))
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--selftest":
        selftest()
        return 0
    p = argparse.ArgumentParser(prog="cert_ref.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("verify")
    v.add_argument("file")
    v.add_argument("--hit")
    v.add_argument("--host-id")
    v.add_argument("--max-depth", type=int, default=MAX_DELEGATIONS)
    v.add_argument("--json", action="store_true")
    m = sub.add_parser("make")
    m.add_argument("kind", choices=KINDS)
    m.add_argument("--key", action="append", required=True)
    m.add_argument("--depth")
    m.add_argument("--lifetime", type=int, default=3600)
    m.add_argument("-o", "--output", required=True)
    d = sub.add_parser("der")
    d.add_argument("file")
    d.add_argument("-o", "--output", required=True)
    a = p.parse_args(argv[1:])
    return {"verify": cmd_verify, "make": cmd_make, "der": cmd_der}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
