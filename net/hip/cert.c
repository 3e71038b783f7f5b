// SPDX-License-Identifier: GPL-2.0
/*
 * Delegation certificates: a DER walker for our X.509 v3 profile and the
 * validation of a delegation chain (Documentation/hip/delegation.rst).
 *
 * Why not the kernel's x509_cert_parse(): it drops subjectAltName and
 * issuerAltName iPAddress entries (RFC 8002 section 3 puts the HITs
 * there), struct x509_certificate lives in a header the distribution
 * header packages do not ship, and public_key_verify_signature() has no
 * ECDSA on 6.1.  So this file reads exactly the fields the profile needs,
 * in DER (X.690 section 10: definite lengths in the fewest octets, no
 * default values encoded), and refuses everything else; every read is
 * bounds-checked against the enclosing element.  The userspace harness
 * selftests/hip/cert_fuzz runs it under ASan/UBSan on random and mutated
 * certificates.  Signatures go through the module's own rsa.c and ecdsa.c
 * (crypto.h), HITs through hit.c.
 *
 * RFC 5280 section 4.1:
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 *                              signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE {
 *       version [0] EXPLICIT INTEGER (v3 = 2: required here),
 *       serialNumber INTEGER (positive, at most 20 octets, 4.1.2.2),
 *       signature AlgorithmIdentifier (= signatureAlgorithm, 4.1.1.2),
 *       issuer Name, validity (notBefore, notAfter), subject Name,
 *       subjectPublicKeyInfo,
 *       issuerUniqueID [1], subjectUniqueID [2] (refused: not in the
 *       profile), extensions [3] EXPLICIT Extensions (required) }
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/hip.h>

#include "cert.h"
#include "crypto.h"
#include "hit.h"

/* X.690 universal tags (8.1.2), and the context tags of RFC 5280 */
#define DER_BOOLEAN	0x01
#define DER_INTEGER	0x02
#define DER_BIT_STRING	0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL	0x05
#define DER_OID		0x06
#define DER_UTC_TIME	0x17
#define DER_GEN_TIME	0x18
#define DER_SEQUENCE	0x30
#define DER_SET		0x31
#define DER_CTX(n)	(0xa0 | (n))	/* [n] constructed (EXPLICIT) */
#define DER_CTX_PRIM(n)	(0x80 | (n))	/* [n] primitive (IMPLICIT) */
#define GN_IP_ADDRESS	DER_CTX_PRIM(7)	/* GeneralName iPAddress, 4.2.1.6 */

#define E(x)		(-HIP_CERT_E_##x)

/* RSASSA-PSS salt length of the profile: hLen (rsa.c signs with it) */
#define HIP_CERT_PSS_SALT_LEN	32
/* Largest ECDSA scalar: P-384 */
#define HIP_CERT_EC_BYTES_MAX	48

/* Object identifiers, contents octets */
/* RFC 8017 A.1, A.2.3, B.2.1: rsaEncryption, id-RSASSA-PSS, id-mgf1 */
static const u8 oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
			      0x01 };
static const u8 oid_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
			      0x0a };
static const u8 oid_mgf1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
			       0x01, 0x08 };
/* RFC 5758 section 2: id-sha256 */
static const u8 oid_sha256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
				 0x02, 0x01 };
/* RFC 5480 section 2.1.1: id-ecPublicKey, secp256r1, secp384r1 */
static const u8 oid_ec[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const u8 oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
			       0x07 };
static const u8 oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
/* RFC 5758 section 3.2: ecdsa-with-SHA256, ecdsa-with-SHA384 */
static const u8 oid_ecdsa_sha256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04,
				       0x03, 0x02 };
static const u8 oid_ecdsa_sha384[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04,
				       0x03, 0x03 };
/* RFC 5280 4.2.1: key usage, SAN, IAN, basic constraints; subject and
 * authority key identifiers, extended key usage (recognised, not used)
 */
static const u8 oid_ski[] = { 0x55, 0x1d, 0x0e };
static const u8 oid_ku[] = { 0x55, 0x1d, 0x0f };
static const u8 oid_san[] = { 0x55, 0x1d, 0x11 };
static const u8 oid_ian[] = { 0x55, 0x1d, 0x12 };
static const u8 oid_bc[] = { 0x55, 0x1d, 0x13 };
static const u8 oid_aki[] = { 0x55, 0x1d, 0x23 };
static const u8 oid_eku[] = { 0x55, 0x1d, 0x25 };
/* Ours: 2.25.137592137204914361633377730913996342799.1, the delegation
 * extension (a UUID arc, ITU-T X.667; delegation.rst)
 */
static const u8 oid_deleg[] = { 0x69, 0x81, 0xcf, 0x83, 0xa4, 0x87, 0xd0,
				0xa1, 0xca, 0xa9, 0xe1, 0xb8, 0xf9, 0xe6,
				0x90, 0x99, 0xea, 0xce, 0x8c, 0x0f, 0x01 };

/* A piece of DER still to be read */
struct hip_der {
	const u8 *p;
	unsigned int len;
};

/* Read the next element of @c, whatever its tag (one-octet tags only:
 * none of the profile's needs more, X.690 8.1.2.4): *@tag, contents in
 * @out, the whole element in @tlv (may be NULL).  Definite lengths in the
 * fewest octets, at most two (X.690 10.1; nothing here is 64 KiB).
 */
static int der_any(struct hip_der *c, u8 *tag, struct hip_der *out,
		   struct hip_der *tlv)
{
	unsigned int hdr = 2, len;

	if (c->len < 2 || (c->p[0] & 0x1f) == 0x1f)
		return E(MALFORMED);
	len = c->p[1];
	if (len & 0x80) {
		unsigned int n = len & 0x7f;

		/* 0: indefinite (BER only); more than 2: too long anyway */
		if (n == 0 || n > 2 || c->len < 2 + n)
			return E(MALFORMED);
		len = c->p[2];
		if (n == 2)
			len = len << 8 | c->p[3];
		if (len < 0x80 || (n == 2 && len < 0x100))
			return E(MALFORMED);
		hdr += n;
	}
	if (len > c->len - hdr)
		return E(MALFORMED);
	*tag = c->p[0];
	out->p = c->p + hdr;
	out->len = len;
	if (tlv) {
		tlv->p = c->p;
		tlv->len = hdr + len;
	}
	c->p += hdr + len;
	c->len -= hdr + len;
	return 0;
}

/* The next element of @c, which must have tag @want */
static int der_get(struct hip_der *c, u8 want, struct hip_der *out,
		   struct hip_der *tlv)
{
	struct hip_der save = *c;
	u8 tag;
	int err;

	err = der_any(c, &tag, out, tlv);
	if (err)
		return err;
	if (tag != want) {
		*c = save;
		return E(MALFORMED);
	}
	return 0;
}

static u8 der_peek(const struct hip_der *c)
{
	return c->len ? c->p[0] : 0;	/* 0 is no valid DER tag */
}

static bool der_eq(const struct hip_der *d, const u8 *v, unsigned int len)
{
	return d->len == len && !memcmp(d->p, v, len);
}

#define DER_IS(d, oid)	der_eq(d, oid, sizeof(oid))

static bool hit_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* A non-negative INTEGER (X.690 8.3: two's complement, fewest octets):
 * @out gets its magnitude without the sign octet.  Zero has length 0.
 */
static int der_uint(struct hip_der *c, struct hip_der *out)
{
	struct hip_der v;
	int err = der_get(c, DER_INTEGER, &v, NULL);

	if (err)
		return err;
	if (!v.len || (v.p[0] & 0x80))
		return E(MALFORMED);
	if (v.len > 1 && !v.p[0] && !(v.p[1] & 0x80))
		return E(MALFORMED);	/* not the fewest octets */
	if (!v.p[0]) {
		v.p++;
		v.len--;
	}
	*out = v;
	return 0;
}

/* A small INTEGER in 0..@max */
static int der_small(struct hip_der *c, unsigned int max, unsigned int *val)
{
	struct hip_der v;
	int err = der_uint(c, &v);

	if (err)
		return err;
	if (v.len > 1 || (v.len && v.p[0] > max))
		return E(PROFILE);
	*val = v.len ? v.p[0] : 0;
	return 0;
}

/* AlgorithmIdentifier of a hash: OID, then NULL or nothing (RFC 5754
 * section 2 lets both be), and only SHA-256
 */
static int der_hash_alg(struct hip_der *c)
{
	struct hip_der seq, oid, null;
	int err;

	err = der_get(c, DER_SEQUENCE, &seq, NULL);
	if (!err)
		err = der_get(&seq, DER_OID, &oid, NULL);
	if (err)
		return err;
	if (der_peek(&seq) == DER_NULL &&
	    (der_get(&seq, DER_NULL, &null, NULL) || null.len))
		return E(MALFORMED);
	if (seq.len)
		return E(MALFORMED);
	return DER_IS(&oid, oid_sha256) ? 0 : E(UNSUPPORTED);
}

/* RSASSA-PSS-params (RFC 8017 appendix A.2.3; RFC 4055 section 3.1):
 * SEQUENCE { hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2],
 * trailerField [3] }.  The profile (RFC 7401 section 5.2.14 via
 * rsa.c) is SHA-256, MGF1 with SHA-256, salt length 32; the DEFAULTs
 * (SHA-1, 20) are therefore not ours, and trailerField 1, the only
 * value, is never encoded in DER.
 */
static int der_pss_params(struct hip_der *c)
{
	struct hip_der seq, x, mgf, oid;
	unsigned int salt;
	int err;

	err = der_get(c, DER_SEQUENCE, &seq, NULL);
	if (err)
		return err;
	if (der_peek(&seq) != DER_CTX(0))
		return E(UNSUPPORTED);		/* SHA-1 */
	err = der_get(&seq, DER_CTX(0), &x, NULL);
	if (!err)
		err = der_hash_alg(&x);
	if (!err && x.len)
		err = E(MALFORMED);
	if (err)
		return err;
	if (der_peek(&seq) != DER_CTX(1))
		return E(UNSUPPORTED);		/* MGF1 with SHA-1 */
	err = der_get(&seq, DER_CTX(1), &x, NULL);
	if (!err)
		err = der_get(&x, DER_SEQUENCE, &mgf, NULL);
	if (!err)
		err = der_get(&mgf, DER_OID, &oid, NULL);
	if (err || x.len)
		return err ?: E(MALFORMED);
	if (!DER_IS(&oid, oid_mgf1))
		return E(UNSUPPORTED);
	err = der_hash_alg(&mgf);
	if (!err && mgf.len)
		err = E(MALFORMED);
	if (err)
		return err;
	if (der_peek(&seq) != DER_CTX(2))
		return E(UNSUPPORTED);		/* salt length 20 */
	err = der_get(&seq, DER_CTX(2), &x, NULL);
	if (!err)
		err = der_small(&x, 255, &salt);
	if (err == E(PROFILE))
		err = E(UNSUPPORTED);
	if (!err && x.len)
		err = E(MALFORMED);
	if (err)
		return err;
	if (salt != HIP_CERT_PSS_SALT_LEN)
		return E(UNSUPPORTED);
	if (seq.len)	/* trailerField: only its default exists */
		return der_peek(&seq) == DER_CTX(3) ? E(UNSUPPORTED) :
						      E(MALFORMED);
	return 0;
}

/* signatureAlgorithm contents (RFC 5280 4.1.1.2) -> enum hip_cert_sig_alg */
static int der_sig_alg(struct hip_der alg, u8 *sig_alg)
{
	struct hip_der oid;
	int err;

	err = der_get(&alg, DER_OID, &oid, NULL);
	if (err)
		return err;
	if (DER_IS(&oid, oid_ecdsa_sha256) || DER_IS(&oid, oid_ecdsa_sha384)) {
		/* RFC 5758 section 3.2: parameters MUST be absent */
		if (alg.len)
			return E(MALFORMED);
		*sig_alg = DER_IS(&oid, oid_ecdsa_sha256) ?
			   HIP_CERT_SIG_ECDSA_SHA256 :
			   HIP_CERT_SIG_ECDSA_SHA384;
		return 0;
	}
	if (DER_IS(&oid, oid_pss)) {
		err = der_pss_params(&alg);
		if (err)
			return err;
		if (alg.len)
			return E(MALFORMED);
		*sig_alg = HIP_CERT_SIG_RSA_PSS_SHA256;
		return 0;
	}
	return E(UNSUPPORTED);
}

/* Name (RFC 5280 4.1.2.4): SEQUENCE OF SET OF SEQUENCE { OID, value }.
 * Only its form is checked: the names are compared as octets between the
 * links of a chain (RFC 5280 section 6.1.3 (a)(4)), the HITs that matter
 * are in the alternative names.
 */
static int der_name(struct hip_der *c, const u8 **p, unsigned int *len)
{
	struct hip_der name, tlv, rdn, atv, oid, val;
	int err;
	u8 tag;

	err = der_get(c, DER_SEQUENCE, &name, &tlv);
	if (err)
		return err;
	if (!name.len)
		return E(PROFILE);	/* the profile has a CN */
	while (name.len) {
		err = der_get(&name, DER_SET, &rdn, NULL);
		if (err)
			return err;
		if (!rdn.len)
			return E(MALFORMED);
		while (rdn.len) {
			err = der_get(&rdn, DER_SEQUENCE, &atv, NULL);
			if (!err)
				err = der_get(&atv, DER_OID, &oid, NULL);
			if (!err)
				err = der_any(&atv, &tag, &val, NULL);
			if (err)
				return err;
			if (atv.len)
				return E(MALFORMED);
		}
	}
	*p = tlv.p;
	*len = tlv.len;
	return 0;
}

static bool is_leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* @n decimal digits at @s; false if one is not a digit */
static bool digits(const u8 *s, unsigned int n, unsigned int *v)
{
	*v = 0;
	while (n--) {
		if (*s < '0' || *s > '9')
			return false;
		*v = *v * 10 + (*s++ - '0');
	}
	return true;
}

/* Time (RFC 5280 4.1.2.5): UTCTime YYMMDDHHMMSSZ (YY >= 50: 19YY, else
 * 20YY; 4.1.2.5.1) or GeneralizedTime YYYYMMDDHHMMSSZ (4.1.2.5.2), always
 * in UTC with seconds and no fraction.  Seconds since the epoch; dates
 * before 1970 count as 0.
 */
static int der_time(struct hip_der *c, u64 *t)
{
	static const u8 mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				      30, 31 };
	unsigned int y, mo, d, h, mi, s, i, ylen;
	struct hip_der v;
	u64 days;
	u8 tag;
	int err;

	err = der_any(c, &tag, &v, NULL);
	if (err)
		return err;
	if (tag == DER_UTC_TIME)
		ylen = 2;
	else if (tag == DER_GEN_TIME)
		ylen = 4;
	else
		return E(MALFORMED);
	if (v.len != ylen + 11 || v.p[v.len - 1] != 'Z')
		return E(MALFORMED);
	if (!digits(v.p, ylen, &y) || !digits(v.p + ylen, 2, &mo) ||
	    !digits(v.p + ylen + 2, 2, &d) || !digits(v.p + ylen + 4, 2, &h) ||
	    !digits(v.p + ylen + 6, 2, &mi) || !digits(v.p + ylen + 8, 2, &s))
		return E(MALFORMED);
	if (ylen == 2)
		y += y >= 50 ? 1900 : 2000;
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59)
		return E(MALFORMED);
	if (d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
		return E(MALFORMED);
	if (y < 1970) {
		*t = 0;
		return 0;
	}
	days = d - 1;
	for (i = 1970; i < y; i++)
		days += 365 + is_leap(i);
	for (i = 1; i < mo; i++)
		days += mdays[i - 1] + (i == 2 && is_leap(y));
	*t = ((days * 24 + h) * 60 + mi) * 60 + s;
	return 0;
}

/* subjectPublicKeyInfo (RFC 5280 4.1.2.7) -> the HOST_ID encoding of the
 * key (RFC 7401 section 5.2.9; uapi hip.h): rsaEncryption with an
 * RSAPublicKey (RFC 8017 A.1.1; parameters NULL, RFC 3279 2.3.1) becomes
 * e_len | e | n (RFC 3110 section 2); id-ecPublicKey on a named curve with
 * an uncompressed point (RFC 5480 sections 2.1.1, 2.2) becomes
 * curve | 0x04 | X | Y.
 */
static int der_spki(struct hip_der *c, struct hip_cert *cert)
{
	struct hip_der spki, alg, oid, bits, rsa, n, e, null;
	unsigned int nb, off;
	int err;

	err = der_get(c, DER_SEQUENCE, &spki, NULL);
	if (!err)
		err = der_get(&spki, DER_SEQUENCE, &alg, NULL);
	if (!err)
		err = der_get(&alg, DER_OID, &oid, NULL);
	if (!err)
		err = der_get(&spki, DER_BIT_STRING, &bits, NULL);
	if (err)
		return err;
	if (spki.len || !bits.len || bits.p[0])	/* 0 unused bits */
		return E(MALFORMED);
	bits.p++;
	bits.len--;

	if (DER_IS(&oid, oid_rsa)) {
		if (alg.len && (der_get(&alg, DER_NULL, &null, NULL) ||
				null.len || alg.len))
			return E(MALFORMED);
		err = der_get(&bits, DER_SEQUENCE, &rsa, NULL);
		if (!err && bits.len)
			err = E(MALFORMED);
		if (!err)
			err = der_uint(&rsa, &n);
		if (!err)
			err = der_uint(&rsa, &e);
		if (!err && rsa.len)
			err = E(MALFORMED);
		if (err)
			return err;
		if (!n.len || !e.len)
			return E(MALFORMED);
		if (n.len > 512 || e.len > HIP_CERT_RSA_E_MAX)
			return E(UNSUPPORTED);
		/* RFC 3110 section 2: one octet of exponent length (it is
		 * at most 8 here, so never the 0 | 16-bit form)
		 */
		cert->hi[0] = e.len;
		memcpy(cert->hi + 1, e.p, e.len);
		memcpy(cert->hi + 1 + e.len, n.p, n.len);
		cert->hi_len = 1 + e.len + n.len;
		cert->key_algo = HIP_HI_RSA;
		return 0;
	}
	if (!DER_IS(&oid, oid_ec))
		return E(UNSUPPORTED);
	err = der_get(&alg, DER_OID, &oid, NULL);
	if (err)
		return err;
	if (alg.len)
		return E(MALFORMED);
	if (DER_IS(&oid, oid_p256)) {
		cert->key_curve = HIP_ECDSA_NIST_P256;
		nb = 32;
	} else if (DER_IS(&oid, oid_p384)) {
		cert->key_curve = HIP_ECDSA_NIST_P384;
		nb = 48;
	} else {
		return E(UNSUPPORTED);
	}
	/* RFC 5480 section 2.2: 0x04 | X | Y; compressed points (0x02,
	 * 0x03) are not in the profile
	 */
	if (!bits.len || bits.p[0] != 0x04)
		return bits.len && (bits.p[0] == 2 || bits.p[0] == 3) ?
		       E(UNSUPPORTED) : E(MALFORMED);
	if (bits.len != 1 + 2 * nb)
		return E(MALFORMED);
	off = 0;
	cert->hi[off++] = cert->key_curve >> 8;
	cert->hi[off++] = cert->key_curve & 0xff;
	memcpy(cert->hi + off, bits.p, bits.len);
	cert->hi_len = off + bits.len;
	cert->key_algo = HIP_HI_ECDSA;
	return 0;
}

/* GeneralNames (RFC 5280 4.2.1.6): exactly one 16-byte iPAddress, the
 * HIT (RFC 8002 section 3); other names are ignored
 */
static int der_alt_name(struct hip_der val, struct in6_addr *hit)
{
	struct hip_der names, gn;
	bool found = false;
	int err;
	u8 tag;

	err = der_get(&val, DER_SEQUENCE, &names, NULL);
	if (err)
		return err;
	if (val.len || !names.len)
		return E(MALFORMED);
	while (names.len) {
		err = der_any(&names, &tag, &gn, NULL);
		if (err)
			return err;
		if (tag != GN_IP_ADDRESS || gn.len != sizeof(*hit))
			continue;
		if (found)
			return E(PROFILE);	/* which one is the HIT? */
		memcpy(hit, gn.p, sizeof(*hit));
		found = true;
	}
	return found ? 0 : E(PROFILE);
}

/* Ours: HipDelegation ::= SEQUENCE { delegatedHit OCTET STRING (SIZE(16)),
 * maxDepth INTEGER (0..255) }
 */
static int der_delegation(struct hip_der val, struct hip_cert *cert)
{
	struct hip_der seq, hit;
	unsigned int depth;
	int err;

	err = der_get(&val, DER_SEQUENCE, &seq, NULL);
	if (!err)
		err = der_get(&seq, DER_OCTET_STRING, &hit, NULL);
	if (!err)
		err = der_small(&seq, 255, &depth);
	if (err)
		return err;
	if (val.len || seq.len)
		return E(MALFORMED);
	if (hit.len != sizeof(cert->deleg_hit))
		return E(PROFILE);
	memcpy(&cert->deleg_hit, hit.p, hit.len);
	cert->deleg_depth = depth;
	cert->has_deleg = true;
	return 0;
}

/* Extensions (RFC 5280 4.1.2.9, 4.2): SEQUENCE SIZE (1..MAX) OF
 * SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET
 * STRING }.  "A certificate MUST NOT include more than one instance of a
 * particular extension" (4.2), and one that does not recognise a critical
 * extension MUST reject the certificate (4.2).  We recognise SAN, IAN and
 * our delegation extension, which we use, and key usage, basic
 * constraints, extended key usage and the key identifiers, which we accept
 * and ignore: what a certificate may do is our delegation extension's
 * business.
 */
static int der_extensions(struct hip_der exts, struct hip_cert *cert)
{
	enum { X_SAN, X_IAN, X_DELEG, X_SKI, X_KU, X_BC, X_AKI, X_EKU,
	       X_UNKNOWN };
	unsigned int seen = 0, x;
	struct hip_der ext, oid, b, val;
	bool critical;
	int err;

	if (!exts.len)
		return E(MALFORMED);
	while (exts.len) {
		err = der_get(&exts, DER_SEQUENCE, &ext, NULL);
		if (!err)
			err = der_get(&ext, DER_OID, &oid, NULL);
		if (err)
			return err;
		critical = false;
		if (der_peek(&ext) == DER_BOOLEAN) {
			/* DER (X.690 11.5): only TRUE is ever encoded */
			err = der_get(&ext, DER_BOOLEAN, &b, NULL);
			if (err || b.len != 1 || b.p[0] != 0xff)
				return E(MALFORMED);
			critical = true;
		}
		err = der_get(&ext, DER_OCTET_STRING, &val, NULL);
		if (err)
			return err;
		if (ext.len)
			return E(MALFORMED);

		if (DER_IS(&oid, oid_san))
			x = X_SAN;
		else if (DER_IS(&oid, oid_ian))
			x = X_IAN;
		else if (DER_IS(&oid, oid_deleg))
			x = X_DELEG;
		else if (DER_IS(&oid, oid_ski))
			x = X_SKI;
		else if (DER_IS(&oid, oid_ku))
			x = X_KU;
		else if (DER_IS(&oid, oid_bc))
			x = X_BC;
		else if (DER_IS(&oid, oid_aki))
			x = X_AKI;
		else if (DER_IS(&oid, oid_eku))
			x = X_EKU;
		else
			x = X_UNKNOWN;
		if (x == X_UNKNOWN) {
			if (critical)
				return E(CRITICAL);
			continue;
		}
		if (seen & BIT(x))
			return E(MALFORMED);
		seen |= BIT(x);

		switch (x) {
		case X_SAN:
			err = der_alt_name(val, &cert->san);
			break;
		case X_IAN:
			err = der_alt_name(val, &cert->ian);
			break;
		case X_DELEG:
			/* The profile makes it critical: a verifier that
			 * does not know it must not take the certificate
			 * for a plain identity certificate
			 */
			err = critical ? der_delegation(val, cert) :
					 E(PROFILE);
			break;
		}
		if (err)
			return err;
	}
	/* RFC 8002 section 3: the issuer's HIT in IAN, the subject's in SAN */
	if (!(seen & BIT(X_SAN)) || !(seen & BIT(X_IAN)))
		return E(PROFILE);
	return 0;
}

int hip_cert_parse(const u8 *der, unsigned int len, struct hip_cert *c)
{
	struct hip_der top = { der, len }, cert, tbs, tlv, alg, alg_tlv;
	struct hip_der tbs_alg_tlv, v, serial, validity;
	unsigned int version;
	int err;

	memset(c, 0, sizeof(*c));
	if (len > HIP_CERT_MAX_LEN)
		return E(MALFORMED);
	err = der_get(&top, DER_SEQUENCE, &cert, NULL);
	if (err)
		return err;
	if (top.len)
		return E(MALFORMED);
	c->der = der;
	c->der_len = len;

	err = der_get(&cert, DER_SEQUENCE, &tbs, &tlv);
	if (!err)
		err = der_get(&cert, DER_SEQUENCE, &alg, &alg_tlv);
	if (!err)
		err = der_get(&cert, DER_BIT_STRING, &v, NULL);
	if (err)
		return err;
	/* signatureValue: a whole number of octets */
	if (cert.len || v.len < 2 || v.p[0])
		return E(MALFORMED);
	c->tbs = tlv.p;
	c->tbs_len = tlv.len;
	c->sig = v.p + 1;
	c->sig_len = v.len - 1;

	/* version [0] EXPLICIT, v3 (4.1.2.1: extensions need v3) */
	if (der_peek(&tbs) != DER_CTX(0))
		return E(PROFILE);
	err = der_get(&tbs, DER_CTX(0), &v, NULL);
	if (!err)
		err = der_small(&v, 2, &version);
	if (!err && v.len)
		err = E(MALFORMED);
	if (err)
		return err;
	if (version != 2)
		return E(PROFILE);

	/* 4.1.2.2: positive, at most 20 octets */
	err = der_uint(&tbs, &serial);
	if (err)
		return err;
	if (!serial.len || serial.len > HIP_CERT_SERIAL_MAX)
		return E(PROFILE);
	c->serial = serial.p;
	c->serial_len = serial.len;

	/* 4.1.2.3: the same algorithm as signatureAlgorithm */
	err = der_get(&tbs, DER_SEQUENCE, &v, &tbs_alg_tlv);
	if (err)
		return err;
	if (tbs_alg_tlv.len != alg_tlv.len ||
	    memcmp(tbs_alg_tlv.p, alg_tlv.p, alg_tlv.len))
		return E(MALFORMED);

	err = der_name(&tbs, &c->issuer, &c->issuer_len);
	if (!err)
		err = der_get(&tbs, DER_SEQUENCE, &validity, NULL);
	if (!err)
		err = der_time(&validity, &c->not_before);
	if (!err)
		err = der_time(&validity, &c->not_after);
	if (!err && validity.len)
		err = E(MALFORMED);
	if (!err)
		err = der_name(&tbs, &c->subject, &c->subject_len);
	if (!err)
		err = der_spki(&tbs, c);
	if (err)
		return err;
	if (c->not_before > c->not_after)
		return E(PROFILE);

	/* issuerUniqueID [1], subjectUniqueID [2]: not in the profile */
	if (der_peek(&tbs) == DER_CTX_PRIM(1) ||
	    der_peek(&tbs) == DER_CTX_PRIM(2))
		return E(PROFILE);
	if (der_peek(&tbs) != DER_CTX(3))
		return tbs.len ? E(MALFORMED) : E(PROFILE);
	err = der_get(&tbs, DER_CTX(3), &v, NULL);
	if (!err)
		err = der_get(&v, DER_SEQUENCE, &alg_tlv, NULL);
	if (err)
		return err;
	if (v.len || tbs.len)
		return E(MALFORMED);
	err = der_extensions(alg_tlv, c);
	if (err)
		return err;

	/* Last: an unknown algorithm is less telling than broken DER */
	return der_sig_alg(alg, &c->sig_alg);
}

int hip_cert_chain_parse(const u8 *buf, unsigned int len,
			 struct hip_cert *certs, unsigned int max,
			 unsigned int *n)
{
	struct hip_der c = { buf, len }, v, tlv;
	int err;

	*n = 0;
	if (!len)
		return E(CHAIN);
	while (c.len) {
		if (*n == max)
			return E(CHAIN);
		err = der_get(&c, DER_SEQUENCE, &v, &tlv);
		if (!err)
			err = hip_cert_parse(tlv.p, tlv.len, &certs[*n]);
		if (err)
			return err;
		(*n)++;
	}
	return 0;
}

/* The HIT suite of a key (RFC 7401 section 5.2.10) */
static u8 hip_cert_hit_suite(const struct hip_cert *c)
{
	return c->key_algo == HIP_HI_RSA ? HIP_HIT_SUITE_RSA_DSA_SHA256 :
					   HIP_HIT_SUITE_ECDSA_SHA384;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480
 * section 2.2 / RFC 3279 2.2.3) -> r | s, @nb bytes each, as ecdsa.c
 * takes them (RFC 7401 section 5.2.14)
 */
static int hip_cert_ecdsa_sig(const struct hip_cert *c, unsigned int nb,
			      u8 *out)
{
	struct hip_der d = { c->sig, c->sig_len }, seq, r, s;
	int err;

	err = der_get(&d, DER_SEQUENCE, &seq, NULL);
	if (!err)
		err = der_uint(&seq, &r);
	if (!err)
		err = der_uint(&seq, &s);
	if (err || d.len || seq.len || r.len > nb || s.len > nb)
		return E(SIGNATURE);
	memset(out, 0, 2 * nb);
	memcpy(out + nb - r.len, r.p, r.len);
	memcpy(out + 2 * nb - s.len, s.p, s.len);
	return 0;
}

/* Verify @c's signature with the subject key of @issuer */
static int hip_cert_verify(const struct hip_cert *c,
			   const struct hip_cert *issuer)
{
	u8 rs[2 * HIP_CERT_EC_BYTES_MAX];
	unsigned int hash_len = 32, nb = 0;
	struct hip_pubkey *pk;
	const u8 *sig = c->sig;
	unsigned int sig_len = c->sig_len;
	int err;

	/* RFC 8002 section 2: the algorithms of RFC 7401; the profile ties
	 * each signature algorithm to the issuer's key
	 */
	switch (c->sig_alg) {
	case HIP_CERT_SIG_RSA_PSS_SHA256:
		if (issuer->key_algo != HIP_HI_RSA)
			return E(UNSUPPORTED);
		break;
	case HIP_CERT_SIG_ECDSA_SHA256:
		if (issuer->key_algo != HIP_HI_ECDSA ||
		    issuer->key_curve != HIP_ECDSA_NIST_P256)
			return E(UNSUPPORTED);
		nb = 32;
		break;
	case HIP_CERT_SIG_ECDSA_SHA384:
		if (issuer->key_algo != HIP_HI_ECDSA ||
		    issuer->key_curve != HIP_ECDSA_NIST_P384)
			return E(UNSUPPORTED);
		hash_len = 48;
		nb = 48;
		break;
	default:
		return E(UNSUPPORTED);
	}
	if (nb) {
		err = hip_cert_ecdsa_sig(c, nb, rs);
		if (err)
			return err;
		sig = rs;
		sig_len = 2 * nb;
	}

	pk = hip_pubkey_parse(issuer->key_algo, issuer->hi, issuer->hi_len);
	if (IS_ERR(pk)) {
		err = PTR_ERR(pk);
		if (err == -ENOMEM)
			return E(NOMEM);
		return err == -EOPNOTSUPP ? E(UNSUPPORTED) : E(MALFORMED);
	}
	err = hip_sig_verify_hash(pk, hash_len, c->tbs, c->tbs_len, sig,
				  sig_len);
	hip_pubkey_free(pk);
	if (!err)
		return 0;
	if (err == -EBADMSG || err == -EINVAL || err == -EKEYREJECTED)
		return E(SIGNATURE);
	return E(NOMEM);
}

/* The cheap checks of certificate @i: time, links, depth, revocation */
static int hip_cert_check_one(const struct hip_cert *certs, unsigned int i,
			      const struct hip_cert_policy *pol)
{
	const struct hip_cert *c = &certs[i], *p = i ? &certs[i - 1] : c;

	if (pol->now < c->not_before)
		return E(NOT_YET_VALID);
	if (pol->now > c->not_after)
		return E(EXPIRED);
	/* Each link names the previous subject: its issuer Name (RFC 5280
	 * 6.1.3 (a)(4)) and its IAN (RFC 8002 section 3); the root is
	 * self-issued
	 */
	if (c->issuer_len != p->subject_len ||
	    memcmp(c->issuer, p->subject, p->subject_len) ||
	    !hit_eq(&c->ian, &p->san))
		return E(ISSUER);
	if (!i) {
		/* The root is A's identity, not a delegation */
		if (c->has_deleg)
			return E(PROFILE);
		if (pol->hit && !hit_eq(&c->san, pol->hit))
			return E(HIT);
	} else {
		if (!c->has_deleg)
			return E(PROFILE);
		if (!hit_eq(&c->deleg_hit, &certs[0].san))
			return E(HIT);
		/* maxDepth: cert 1 may say anything; after it each level
		 * needs the issuer's permission and lowers the count
		 */
		if (i >= 2 && (!p->deleg_depth ||
			       c->deleg_depth > p->deleg_depth - 1))
			return E(DEPTH);
	}
	/* RFC 8002 section 4: a listed serial is invalid, whatever the
	 * reason; our list is local, by (issuer HIT, serial)
	 */
	if (pol->revoked && pol->revoked(pol->arg, &c->ian, c->serial,
					 c->serial_len))
		return E(REVOKED);
	return 0;
}

int hip_cert_chain_validate(const struct hip_cert *certs, unsigned int n,
			    const struct hip_cert_policy *pol,
			    struct hip_cert_result *res)
{
	const struct hip_cert *last;
	struct in6_addr hit;
	unsigned int i;
	int err;

	memset(res, 0, sizeof(*res));
	res->ncerts = n;
	/* A root alone delegates nothing */
	if (n < 2)
		return E(CHAIN);
	if (n - 1 > min_t(unsigned int, pol->max_depth, HIP_CERT_DEPTH_MAX)) {
		res->failed = n - 1;
		return E(DEPTH);
	}
	/* Everything cheap first, then the ORCHIDs and the signatures */
	for (i = 0; i < n; i++) {
		res->failed = i;
		err = hip_cert_check_one(certs, i, pol);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		res->failed = i;
		/* RFC 8002 section 3: the SAN is the subject's HIT, which
		 * must be the ORCHID of the subject key (RFC 7401 5.2.10)
		 */
		err = hip_hit_derive(hip_cert_hit_suite(&certs[i]),
				     certs[i].hi, certs[i].hi_len, &hit);
		if (err == -EOPNOTSUPP)
			return E(UNSUPPORTED);
		if (err)
			return E(NOMEM);
		if (!hit_eq(&hit, &certs[i].san))
			return E(HIT);
		err = hip_cert_verify(&certs[i], &certs[i ? i - 1 : 0]);
		if (err)
			return err;
	}
	last = &certs[n - 1];
	res->failed = n - 1;
	if (pol->host_id &&
	    (pol->host_algo != last->key_algo ||
	     pol->host_id_len != last->hi_len ||
	     memcmp(pol->host_id, last->hi, last->hi_len)))
		return E(HOST_ID);

	res->failed = 0;
	res->delegated_hit = certs[0].san;
	res->issuer_hit = last->ian;
	res->subject_hit = last->san;
	res->depth = n - 1;
	res->max_depth = last->deleg_depth;
	res->not_before = 0;
	res->not_after = U64_MAX;
	for (i = 0; i < n; i++) {
		res->not_before = max(res->not_before, certs[i].not_before);
		res->not_after = min(res->not_after, certs[i].not_after);
	}
	memcpy(res->serial, last->serial, last->serial_len);
	res->serial_len = last->serial_len;
	return 0;
}

const char *hip_cert_strerror(int err)
{
	static const char * const msg[__HIP_CERT_E_MAX] = {
		[HIP_CERT_OK] = "valid",
		[HIP_CERT_E_MALFORMED] = "certificate is not valid DER",
		[HIP_CERT_E_PROFILE] = "certificate does not follow the HIP delegation profile",
		[HIP_CERT_E_UNSUPPORTED] = "unsupported certificate algorithm or key",
		[HIP_CERT_E_CRITICAL] = "unknown critical certificate extension",
		[HIP_CERT_E_SIGNATURE] = "certificate signature does not verify",
		[HIP_CERT_E_EXPIRED] = "certificate expired",
		[HIP_CERT_E_NOT_YET_VALID] = "certificate not yet valid",
		[HIP_CERT_E_ISSUER] = "certificate issuer is not the previous subject",
		[HIP_CERT_E_HIT] = "certificate HIT mismatch",
		[HIP_CERT_E_DEPTH] = "delegation chain too deep",
		[HIP_CERT_E_REVOKED] = "certificate revoked",
		[HIP_CERT_E_HOST_ID] = "last certificate is not for this host identity",
		[HIP_CERT_E_CHAIN] = "not a delegation chain",
		[HIP_CERT_E_NOMEM] = "out of memory or crypto error",
	};

	err = -err;
	if (err < 0 || err >= __HIP_CERT_E_MAX)
		return "unknown certificate error";
	return msg[err];
}

int hip_cert_errno(int err)
{
	switch (-err) {
	case HIP_CERT_OK:
		return 0;
	case HIP_CERT_E_UNSUPPORTED:
		return -EOPNOTSUPP;
	case HIP_CERT_E_EXPIRED:
	case HIP_CERT_E_NOT_YET_VALID:
		return -EKEYEXPIRED;
	case HIP_CERT_E_REVOKED:
		return -EKEYREVOKED;
	case HIP_CERT_E_SIGNATURE:
	case HIP_CERT_E_ISSUER:
	case HIP_CERT_E_HIT:
	case HIP_CERT_E_DEPTH:
	case HIP_CERT_E_HOST_ID:
		return -EKEYREJECTED;
	case HIP_CERT_E_NOMEM:
		return -ENOMEM;
	}
	return -EINVAL;
}

/* RFC 8003 section 4.5, Failure Types 3-8 for certificates (their
 * values: section 7)
 */
u8 hip_cert_reg_failure(int err)
{
	switch (-err) {
	case HIP_CERT_E_MALFORMED:
	case HIP_CERT_E_PROFILE:
	case HIP_CERT_E_CRITICAL:
	case HIP_CERT_E_CHAIN:
		return 4;	/* bad certificate */
	case HIP_CERT_E_UNSUPPORTED:
		return 5;	/* unsupported certificate */
	case HIP_CERT_E_EXPIRED:
	case HIP_CERT_E_NOT_YET_VALID:
		return 6;	/* certificate expired */
	case HIP_CERT_E_ISSUER:
		return 8;	/* unknown CA */
	case HIP_CERT_E_DEPTH:
	case HIP_CERT_E_REVOKED:
	case HIP_CERT_E_NOMEM:
		return 7;	/* certificate other */
	}
	return 3;		/* invalid certificate */
}

#include "selftest/cert.c"
