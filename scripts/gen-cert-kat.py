#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Known-answer delegation chains for the certificate self-tests of hip.ko
(net/hip/selftest/cert.c) and the userspace harness selftests/hip/cert_fuzz.

Writes net/hip/selftest/cert_kat.h:

    python3 scripts/gen-cert-kat.py > net/hip/selftest/cert_kat.h

Needs python3-cryptography >= 41 (RSASSA-PSS certificate signing and
verify_directly_issued_by(); Debian bookworm has 38: use pip's).

Made with python3-cryptography (OpenSSL), outside the kernel code, in the
profile of Documentation/hip/delegation.rst: X.509 v3, issuer/subject one
CN = the HIT, IAN/SAN iPAddress = issuer/subject HIT (RFC 8002 section 3),
RSA keys sign with RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32), P-256
with ecdsa-with-SHA256, P-384 with ecdsa-with-SHA384; delegation extension
2.25.137592137204914361633377730913996342799.1, critical, value
SEQUENCE { delegatedHit OCTET STRING (16), maxDepth INTEGER }.  HITs come
from selftests/hip/hit_ref.py (ORCHIDv2 in Python, independent of hip.ko).
Every good chain is checked here with OpenSSL (each signature verified
with the issuer's public key) before it is written.

Keys are fresh each run, so the output differs between runs; any output
is a valid set of known answers.  Good chains are valid from 2025-01-01
to 2125-01-01 (GeneralizedTime after 2049, RFC 5280 4.1.2.5); the tests
pass "now" = CERT_KAT_NOW (2026-01-01) to the validator.
"""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'selftests', 'hip'))
import hit_ref  # noqa: E402

DELEG_OID = ObjectIdentifier('2.25.137592137204914361633377730913996342799.1')
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
GOOD = (datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc),
        datetime.datetime(2125, 1, 1, tzinfo=datetime.timezone.utc))
EXPIRED = (datetime.datetime(2019, 1, 1, tzinfo=datetime.timezone.utc),
           datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
# UTCTime 19YY start; GeneralizedTime end just after 2100, not a leap year
OLD_TO_2101 = (datetime.datetime(1990, 6, 15, tzinfo=datetime.timezone.utc),
               datetime.datetime(2101, 1, 1, tzinfo=datetime.timezone.utc))
PSS32 = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
PSS20 = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=20)
PSS48 = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=48)


class Key:
    def __init__(self, kind):
        if kind == 'rsa':
            self.priv = rsa.generate_private_key(65537, 2048)
            nums = self.priv.public_key().public_numbers()
            e = nums.e.to_bytes((nums.e.bit_length() + 7) // 8, 'big')
            n = nums.n.to_bytes((nums.n.bit_length() + 7) // 8, 'big')
            assert len(e) < 256
            self.hi = bytes([len(e)]) + e + n
            self.suite = hit_ref.HIT_SUITE_RSA
            self.algo = 5
        else:
            curve, cid, nb = {'p256': (ec.SECP256R1(), 1, 32),
                              'p384': (ec.SECP384R1(), 2, 48)}[kind]
            self.priv = ec.generate_private_key(curve)
            pt = self.priv.public_key().public_bytes(
                serialization.Encoding.X962,
                serialization.PublicFormat.UncompressedPoint)
            assert len(pt) == 1 + 2 * nb
            self.hi = cid.to_bytes(2, 'big') + pt
            self.suite = hit_ref.HIT_SUITE_ECDSA
            self.algo = 7
        self.kind = kind
        self.hit = ipaddress.IPv6Address(hit_ref.orchid(self.hi, self.suite))
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                                  str(self.hit))])

    def sign_args(self, salt=PSS32):
        if self.kind == 'rsa':
            return dict(algorithm=hashes.SHA256(), rsa_padding=salt)
        return dict(algorithm=hashes.SHA256() if self.kind == 'p256'
                    else hashes.SHA384())


def delegation(hit, depth):
    h = hit.packed
    d = bytes([2, 1, depth]) if depth < 128 else bytes([2, 2, 0, depth])
    body = bytes([4, 16]) + h + d
    return bytes([0x30, len(body)]) + body


_made = {}


def cert(issuer, subject, deleg=None, signer=None, validity=GOOD,
         san=None, ian=None, name=None, extra_critical=False, salt=PSS32,
         no_san=False, deleg_critical=True):
    """issuer names the issuer (name, IAN); signer signs (default issuer);
    san, ian: other HITs in the alternative names; name: another issuer
    name.  The same arguments give the same certificate (made once), so
    that chains share it and the header holds it once."""
    signer = signer or issuer
    args = (issuer, subject, deleg, signer, validity, san, ian, name,
            extra_critical, salt, no_san, deleg_critical)
    if args not in _made:
        _made[args] = _cert(*args)
    return _made[args]


def _cert(issuer, subject, deleg, signer, validity, san, ian, name,
          extra_critical, salt, no_san, deleg_critical):
    b = (x509.CertificateBuilder()
         .subject_name(subject.name).issuer_name(name or issuer.name)
         .public_key(subject.priv.public_key())
         .serial_number(int.from_bytes(os.urandom(8), 'big') >> 1 | 1 << 56)
         .not_valid_before(validity[0]).not_valid_after(validity[1])
         .add_extension(x509.IssuerAlternativeName(
             [x509.IPAddress(ian or issuer.hit)]), critical=False))
    if not no_san:
        b = b.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(san or subject.hit)]), critical=False)
    if deleg is not None:
        b = b.add_extension(x509.UnrecognizedExtension(
            DELEG_OID, delegation(deleg[0], deleg[1])),
            critical=deleg_critical)
    if extra_critical:
        b = b.add_extension(x509.UnrecognizedExtension(
            ObjectIdentifier('1.3.6.1.4.1.55555.1'), b'\x05\x00'),
            critical=True)
    return b.sign(signer.priv, **signer.sign_args(salt))


def root(a):
    return cert(a, a)


def check(chain):
    """OpenSSL: every signature verifies with the previous subject key"""
    for i, c in enumerate(chain):
        issuer = chain[i - 1] if i else c
        c.verify_directly_issued_by(issuer)


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


def emit(name, data):
    print('static const u8 %s[] __initconst __maybe_unused = {' % name)
    for i in range(0, len(data), 12):
        print('\t' + ' '.join('0x%02x,' % b for b in data[i:i + 12]))
    print('};\n')


def main():
    A, B = Key('rsa'), Key('rsa')
    P, Q, R, S = Key('p256'), Key('p384'), Key('p256'), Key('p384')
    X = Key('p256')

    out = {}
    # Good: 1 delegation RSA -> RSA
    ok1_rsa = [root(A), cert(A, B, (A.hit, 1))]
    # Good: 1 delegation P-256 -> P-384
    ok1_ec = [root(P), cert(P, Q, (P.hit, 0))]
    # Good: 2 delegations RSA -> P-256 -> P-384
    ok2 = [root(A), cert(A, R, (A.hit, 1)), cert(R, Q, (A.hit, 0))]
    # Good: 3 delegations P-384 -> P-256 -> RSA -> P-256
    ok3 = [root(Q), cert(Q, P, (Q.hit, 2)), cert(P, B, (Q.hit, 1)),
           cert(B, R, (Q.hit, 0))]
    for c in (ok1_rsa, ok1_ec, ok2, ok3):
        check(c)
    out['ok1_rsa'], out['ok1_ec'], out['ok2'], out['ok3'] = \
        ok1_rsa, ok1_ec, ok2, ok3

    # Bad ones
    out['expired'] = [root(P), cert(P, Q, (P.hit, 0), validity=EXPIRED)]
    # cert 1 names P as issuer but X signed it
    out['wrong_signer'] = [root(P), cert(P, Q, (P.hit, 0), signer=X)]
    # cert 1 is X -> Q: it does not chain to the root P
    out['wrong_issuer'] = [root(P), cert(X, Q, (P.hit, 0))]
    # 4 delegations (maxDepth allows them; the configured maximum is 3)
    out['too_deep'] = [root(P), cert(P, Q, (P.hit, 9)),
                       cert(Q, R, (P.hit, 8)), cert(R, S, (P.hit, 7)),
                       cert(S, X, (P.hit, 6))]
    # Q got maxDepth 0, re-delegates anyway
    out['depth_rule'] = [root(P), cert(P, Q, (P.hit, 0)),
                         cert(Q, R, (P.hit, 0))]
    # Q got maxDepth 1 and gives R 1 as well: it must be lower
    out['depth_grow'] = [root(P), cert(P, Q, (P.hit, 1)),
                         cert(Q, R, (P.hit, 1))]
    # cert 1 has P's name as issuer and P's signature but X's HIT in IAN
    out['wrong_ian'] = [root(P), cert(P, Q, (P.hit, 0), ian=X.hit)]
    # ... P's HIT in IAN and P's signature but X's name as issuer
    out['wrong_name'] = [root(P), cert(P, Q, (P.hit, 0), name=X.name)]
    # a root that carries a delegation
    out['root_deleg'] = [cert(P, P, (P.hit, 1)), cert(P, Q, (P.hit, 0))]
    # a delegation without the delegation extension, without SAN, and
    # with the extension not critical
    out['no_deleg'] = [root(P), cert(P, Q)]
    out['no_san'] = [root(P), cert(P, Q, (P.hit, 0), no_san=True)]
    out['deleg_noncrit'] = [root(P), cert(P, Q, (P.hit, 0),
                                         deleg_critical=False)]
    # valid from 1990 (UTCTime 90...) to 2101-01-01 (after 2100-02-28)
    out['until2101'] = [root(P), cert(P, Q, (P.hit, 0),
                                      validity=OLD_TO_2101)]
    # delegation for X's HIT in a chain rooted at P
    out['other_hit'] = [root(P), cert(P, Q, (X.hit, 0))]
    # SAN is not the ORCHID of the subject key
    out['bad_san'] = [root(P), cert(P, Q, (P.hit, 0), san=X.hit)]
    # an unknown critical extension
    out['critical'] = [root(P), cert(P, Q, (P.hit, 0), extra_critical=True)]
    # RSASSA-PSS with salt length 20: not the profile
    out['pss_salt20'] = [root(A), cert(A, B, (A.hit, 0), salt=PSS20)]
    # ... salt length 48 (explicit in the parameters)
    out['pss_salt48'] = [root(A), cert(A, B, (A.hit, 0), salt=PSS48)]
    for name in ('expired', 'too_deep', 'depth_rule', 'depth_grow', 'wrong_ian', 'root_deleg', 'no_deleg', 'until2101',
                 'other_hit', 'bad_san', 'critical', 'pss_salt20'):
        check(out[name])

    print('/* SPDX-License-Identifier: GPL-2.0 */')
    print('/*')
    print(' * Generated by scripts/gen-cert-kat.py (python3-cryptography %s);'
          % __import__('cryptography').__version__)
    print(' * do not edit.  Each certificate once, in DER (cert_kat_c<N>);')
    print(' * a chain is a table of its certificates, root first.')
    print(' */\n')
    print('#define CERT_KAT_NOW\t%dULL\t/* 2026-01-01T00:00:00Z */'
          % int(NOW.timestamp()))
    print('#define CERT_KAT_2101\t%dULL\t/* 2101-01-01T00:00:00Z */\n'
          % int(OLD_TO_2101[1].timestamp()))
    print('struct cert_kat_der {')
    print('\tconst u8 *der;')
    print('\tunsigned int len;')
    print('};\n')
    print('#define CERT_KAT_DER(c)\t{ c, sizeof(c) }\n')
    # Each distinct certificate once, numbered in order of first use
    index = {}
    for chain in out.values():
        for c in chain:
            d = der(c)
            if d not in index:
                index[d] = len(index)
                emit('cert_kat_c%d' % index[d], d)
    for name, chain in out.items():
        print('static const struct cert_kat_der cert_kat_%s[] __initconst'
              % name)
        print('\t__maybe_unused = {')
        for c in chain:
            print('\tCERT_KAT_DER(cert_kat_c%d),' % index[der(c)])
        print('};\n')
    for name, key in (('a', A), ('b', B), ('p', P), ('q', Q), ('r', R),
                      ('s', S), ('x', X)):
        emit('cert_kat_hit_' + name, key.hit.packed)
        emit('cert_kat_hi_' + name, key.hi)


if __name__ == '__main__':
    main()
