#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Known answers for the signature self-tests of hip.ko,
net/hip/selftest/rsa.c and net/hip/selftest/ecdsa.c.

Writes net/hip/selftest/sig_kat.h:

    /usr/bin/python3 scripts/gen-sig-kat.py > net/hip/selftest/sig_kat.h

Needs python3-cryptography (Debian's 38 is enough) and the openssl command
(OpenSSL 3).  Every vector is checked here before it is written, by OpenSSL
(the openssl command, or python3-cryptography, which is OpenSSL too).  The
RSA and ECDSA keys are the test keys of net/hip/selftest/kat_keys.h; the
RFC 6979 keys and signatures are copied from RFC 6979 appendix A.2.5
(P-256) and A.2.6 (P-384), "With SHA-384".

RSA (RFC 7401 section 5.2.9: RSASSA-PSS; SHA-256, MGF1-SHA-256):
  kat_rsa_pss_openssl  made by "openssl dgst -sha256 -sign" with
                       rsa_pss_saltlen:32 (random salt): the kernel must
                       verify it
  kat_rsa_pss_salt0    salt length 0, and
  kat_rsa_pss_saltmax  the longest salt (emLen - hLen - 2 = 222 bytes), by
                       python3-cryptography: the kernel verifies any salt
                       length
  kat_rsa_pss_salt, kat_rsa_pss_fixed
                       EMSA-PSS with this fixed salt, encoded here (RFC 3447
                       section 9.1.1) and signed with the raw RSA private
                       key, then verified by "openssl dgst -verify": the
                       kernel, signing with that salt, must output exactly
                       this
  kat_rsa_pss_bad_*    encoded messages that break one rule of RFC 3447
                       section 9.1.2, signed with the raw RSA private key:
                       trailer not 0xbc (step 4), leftmost bit set (step 6),
                       no 0x01 after PS (step 10), a changed salt (step 14).
                       OpenSSL must refuse each, and so must the kernel.
"""
import os
import re
import subprocess
import sys
import tempfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature, encode_dss_signature)
import hashlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = open(os.path.join(ROOT, 'net/hip/selftest/kat_keys.h')).read()

HLEN = 32          # SHA-256
SALT_LEN = 32      # what hip.ko signs with (sLen = hLen)


def c_array(name):
    m = re.search(name + r'\[\] __initconst __maybe_unused = \{(.*?)\};', SRC,
                  re.S)
    return bytes(int(x, 16) for x in re.findall(r'0x([0-9a-f]{2})', m.group(1)))


def emit(name, data):
    # several test files include the header, each uses a part of it
    print('static const u8 %s[] __initconst __maybe_unused = {' % name)
    for i in range(0, len(data), 12):
        print('\t' + ' '.join('0x%02x,' % b for b in data[i:i + 12]))
    print('};\n')


# ---- RSASSA-PSS, written from RFC 3447 sections 8.1 and 9.1 ----

def mgf1(seed, length):
    """RFC 3447 appendix B.2.1 with SHA-256"""
    t, c = b'', 0
    while len(t) < length:
        t += hashlib.sha256(seed + c.to_bytes(4, 'big')).digest()
        c += 1
    return t[:length]


def emsa_pss_encode(msg, salt, em_bits):
    """RFC 3447 section 9.1.1 (steps 2 to 12)"""
    em_len = (em_bits + 7) // 8
    mhash = hashlib.sha256(msg).digest()
    assert em_len >= HLEN + len(salt) + 2
    h = hashlib.sha256(b'\0' * 8 + mhash + salt).digest()
    db = b'\0' * (em_len - len(salt) - HLEN - 2) + b'\x01' + salt
    masked = bytes(a ^ b for a, b in zip(db, mgf1(h, em_len - HLEN - 1)))
    masked = bytes([masked[0] & (0xff >> (8 * em_len - em_bits))]) + masked[1:]
    return masked + h + b'\xbc'


def rsa_raw_sign(key, em):
    """RSASP1 of OS2IP(em), I2OSP to k bytes (RFC 3447 section 8.1.1 step 2)"""
    pn = key.private_numbers()
    n = pn.public_numbers.n
    m = int.from_bytes(em, 'big')
    assert m < n
    return pow(m, pn.d, n).to_bytes((n.bit_length() + 7) // 8, 'big')


def openssl_verify(pem, msg, sig, saltlen):
    """True if "openssl dgst -verify" accepts sig with RSASSA-PSS"""
    with tempfile.TemporaryDirectory() as d:
        for name, data in (('pub.pem', pem), ('msg', msg), ('sig', sig)):
            with open(os.path.join(d, name), 'wb') as f:
                f.write(data)
        r = subprocess.run(
            ['openssl', 'dgst', '-sha256', '-sigopt', 'rsa_padding_mode:pss',
             '-sigopt', 'rsa_pss_saltlen:%s' % saltlen, '-sigopt',
             'rsa_mgf1_md:sha256', '-verify', os.path.join(d, 'pub.pem'),
             '-signature', os.path.join(d, 'sig'), os.path.join(d, 'msg')],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return r.returncode == 0 and b'Verified OK' in r.stdout


def openssl_sign(key, msg):
    """RSASSA-PSS by "openssl dgst -sign", salt length 32"""
    pem = key.private_bytes(serialization.Encoding.PEM,
                            serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    with tempfile.TemporaryDirectory() as d:
        for name, data in (('key.pem', pem), ('msg', msg)):
            with open(os.path.join(d, name), 'wb') as f:
                f.write(data)
        return subprocess.run(
            ['openssl', 'dgst', '-sha256', '-sigopt', 'rsa_padding_mode:pss',
             '-sigopt', 'rsa_pss_saltlen:%d' % SALT_LEN, '-sigopt',
             'rsa_mgf1_md:sha256', '-sign', os.path.join(d, 'key.pem'),
             os.path.join(d, 'msg')],
            stdout=subprocess.PIPE, check=True).stdout


def crypto_verify(pub, msg, sig, salt_length):
    try:
        pub.verify(sig, msg, padding.PSS(padding.MGF1(hashes.SHA256()),
                                         salt_length), hashes.SHA256())
        return True
    except InvalidSignature:
        return False


def rsa_vectors(msg):
    key = serialization.load_der_private_key(c_array('kat_rsa2048_der'), None)
    pub = key.public_key()
    pem = pub.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    n = pub.public_numbers().n
    em_bits = n.bit_length() - 1

    # (a) made by OpenSSL
    sig = openssl_sign(key, msg)
    assert crypto_verify(pub, msg, sig, SALT_LEN)
    emit('kat_rsa_pss_openssl', sig)
    for name, slen, check in (('salt0', 0, '0'),
                              ('saltmax', padding.PSS.MAX_LENGTH, 'max')):
        sig = key.sign(msg, padding.PSS(padding.MGF1(hashes.SHA256()), slen),
                       hashes.SHA256())
        assert openssl_verify(pem, msg, sig, check)
        emit('kat_rsa_pss_' + name, sig)

    # (b) fixed salt: our own encoding, checked by OpenSSL
    salt = bytes((0xa5 + 7 * i) & 0xff for i in range(SALT_LEN))
    sig = rsa_raw_sign(key, emsa_pss_encode(msg, salt, em_bits))
    assert openssl_verify(pem, msg, sig, SALT_LEN)
    assert crypto_verify(pub, msg, sig, SALT_LEN)
    emit('kat_rsa_pss_salt', salt)
    emit('kat_rsa_pss_fixed', sig)

    # (c) broken encodings, refused by OpenSSL
    em = emsa_pss_encode(msg, salt, em_bits)
    bad = {'trailer': em[:-1] + b'\xbd'}
    # the leftmost bit set, keeping m < n: try salts until it fits
    for i in range(256):
        e = emsa_pss_encode(msg, bytes([i]) + salt[1:], em_bits)
        e = bytes([e[0] | 0x80]) + e[1:]
        if int.from_bytes(e, 'big') < n:
            bad['topbit'] = e
            break
    # DB = PS | 0x02 | salt: flip the separator under the mask
    sep = len(em) - HLEN - 1 - SALT_LEN - 1
    bad['sep'] = em[:sep] + bytes([em[sep] ^ 0x03]) + em[sep + 1:]
    # a salt bit flipped: H' != H
    bad['salt'] = em[:sep + 1] + bytes([em[sep + 1] ^ 0x01]) + em[sep + 2:]
    for name, e in bad.items():
        sig = rsa_raw_sign(key, e)
        assert not openssl_verify(pem, msg, sig, 'auto'), name
        assert not crypto_verify(pub, msg, sig, padding.PSS.AUTO), name
        emit('kat_rsa_pss_bad_' + name, sig)


# ---- ECDSA with SHA-384 (HIT suite 2) ----

# RFC 6979 appendix A.2.5 (P-256) and A.2.6 (P-384), "With SHA-384"
RFC6979 = (
    ('p256', ec.SECP256R1(), 32,
     'C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721',
     '60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6',
     (('sample',
       '0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719',
       '4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954'),
      ('test',
       '83910E8B48BB0C74244EBDF7F07A1C5413D61472BD941EF3920E623FBCCEBEB6',
       '8DDBEC54CF8CD5874883841D712142A56A8D0F218F5003CB0296B6B509619F2C'))),
    ('p384', ec.SECP384R1(), 48,
     '6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8'
     '96D5724E4C70A825F872C9EA60D2EDF5',
     'EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64'
     'DEF8F0EA9055866064A254515480BC13',
     (('sample',
       '94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C'
       '81A648152E44ACF96E36DD1E80FABE46',
       '99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F'
       'A329C145786E679E7B82C71A38628AC8'),
      ('test',
       '8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB'
       '0542A7F0812998DA8F1DD3CA3CF023DB',
       'DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E0'
       '6A739F040649A667BF3B828246BAA5A5'))),
)


def ecdsa_verify(pub, msg, rs, nb):
    r = int.from_bytes(rs[:nb], 'big')
    s = int.from_bytes(rs[nb:], 'big')
    try:
        pub.verify(encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA384()))
        return True
    except InvalidSignature:
        return False


def ecdsa_vectors(msg):
    emit('kat_msg_sample', b'sample')
    emit('kat_msg_test', b'test')
    for name, curve, nb, x, ux, sigs in RFC6979:
        key = ec.derive_private_key(int(x, 16), curve)
        assert key.public_key().public_numbers().x == int(ux, 16)
        emit('kat_rfc6979_%s_x' % name, bytes.fromhex(x))
        for m, r, s in sigs:
            rs = bytes.fromhex(r + s)
            assert ecdsa_verify(key.public_key(), m.encode(), rs, nb)
            emit('kat_rfc6979_%s_%s' % (name, m), rs)
    # random-nonce signatures by OpenSSL with the keys of kat_keys.h
    for name, curve, nb in (('p256', ec.SECP256R1(), 32),
                            ('p384', ec.SECP384R1(), 48)):
        d = int.from_bytes(c_array('kat_%s_priv' % name), 'big')
        key = ec.derive_private_key(d, curve)
        r, s = decode_dss_signature(key.sign(msg, ec.ECDSA(hashes.SHA384())))
        rs = r.to_bytes(nb, 'big') + s.to_bytes(nb, 'big')
        assert ecdsa_verify(key.public_key(), msg, rs, nb)
        emit('kat_%s_sig_rnd' % name, rs)


def main():
    print('/* SPDX-License-Identifier: GPL-2.0 */')
    print('/* Generated by scripts/gen-sig-kat.py; do not edit. */\n')
    msg = b'HIP crypto self-test: the quick brown fox jumps over the lazy dog'
    emit('kat_sig_msg', msg)
    rsa_vectors(msg)
    ecdsa_vectors(msg)
    return 0


if __name__ == '__main__':
    sys.exit(main())
