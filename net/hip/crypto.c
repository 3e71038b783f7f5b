// SPDX-License-Identifier: GPL-2.0
/*
 * Cryptographic operations of the HIP exchanges on the kernel crypto API.
 *
 * What RFC 7401 asks for, and what this file does:
 *
 * - RHASH (section 5.2.10): the hash of the HIT suite: suite 1 (RSA/DSA)
 *   SHA-256, suite 2 (ECDSA) SHA-384; HMAC is HMAC-RHASH.  Suite 3
 *   (ECDSA_LOW, SHA-1) is not supported.
 *
 * - Puzzle (sections 2.2, 4.1.2, 6.3): Ltrunc(RHASH(I | HIT-I | HIT-R |
 *   J), K) == 0, Ltrunc being the lowest-order K bits (the end of the
 *   digest), with #I and #J RHASH_len / 8 bytes each and the HITs in
 *   network order.
 *
 * - KEYMAT (section 6.5): HKDF (RFC 5869) with RHASH, IKM = Kij,
 *   salt = #I | #J, info = sort(HIT-I | HIT-R), the smaller HIT (as an
 *   unsigned 128-bit big-endian number) first; keys drawn HIP-gl
 *   encryption, HIP-gl integrity, HIP-lg encryption, HIP-lg integrity in
 *   their natural sizes (keys.c).  Checked against the section 6.5 text
 *   (Documentation/hip/conformance.rst).
 *
 * - DIFFIE_HELLMAN (section 5.2.7): groups 3 and 4 are the 1536-bit and
 *   3072-bit MODP groups of RFC 3526 sections 2 and 4 (g = 2); the public
 *   value and Kij are left-padded to the length of p (192 / 384 bytes).
 *   Groups 7/8 are NIST P-256/P-384 ECDH; the public value is
 *   X | Y (64/96 bytes, no 0x04 prefix) and Kij is the X coordinate of the
 *   shared point.
 *
 * - HIP_SIGNATURE (section 5.2.14) and HOST_ID (section 5.2.9): this file
 *   owns the key objects (struct hip_privkey, struct hip_pubkey) and
 *   dispatches by algorithm to rsa.c (RSASSA-PSS with SHA-256, MGF1-SHA-256
 *   and a 32-byte salt, as section 5.2.9 requires PSS) and ecdsa.c (ECDSA
 *   on P-256/P-384 over SHA-384, the hash of HIT suite 2, with an RFC 6979
 *   nonce); the encodings are described there.
 *
 * Transforms: the unkeyed SHA-256/SHA-384 shash tfms are allocated once at
 * init and shared (digests with a per-call descriptor are thread safe).
 * Keyed transforms (HMAC, RSA private keys, AES) are allocated per call,
 * since setkey on a shared tfm would race; that is cheap next to the
 * public-key operations of a base exchange.  A DH key owns its kpp tfm;
 * kpp compute on it only reads the tfm context, so one key may be shared
 * by several R1/I2 exchanges at once.
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kmod.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/dh.h>
#include <crypto/ecdh.h>
#include <crypto/hash.h>
#include <crypto/kpp.h>
#include <crypto/skcipher.h>
#include <linux/hip.h>

#include "crypto.h"
#include "common.h"
#include "ecdsa.h"
#include "rsa.h"

/* ---- hashes ---- */

static struct crypto_shash *hip_sha256;
static struct crypto_shash *hip_sha384;

unsigned int hip_rhash_len(u8 hit_suite)
{
	switch (hit_suite) {
	case HIP_HIT_SUITE_RSA_DSA_SHA256:
		return 32;
	case HIP_HIT_SUITE_ECDSA_SHA384:
		return 48;
	default:
		return 0;
	}
}

const char *hip_hmac_name(unsigned int hash_len)
{
	return hash_len == 48 ? "hmac(sha384)" : "hmac(sha256)";
}

/* Unkeyed hash of the concatenation of @v[0..n-1]; @hash_len 32 or 48 */
int hip_hash_vec(unsigned int hash_len, const struct hip_kvec *v,
		 unsigned int n, u8 *out)
{
	struct crypto_shash *tfm = hash_len == 48 ? hip_sha384 : hip_sha256;
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int i;
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < n; i++)
		err = crypto_shash_update(desc, v[i].p, v[i].len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/* HMAC over the concatenation of @v[0..n-1] with a tfm of our own */
int hip_hmac_vec(struct crypto_shash *tfm, const u8 *key, unsigned int keylen,
		 const struct hip_kvec *v, unsigned int n, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int i;
	int err;

	err = crypto_shash_setkey(tfm, key, keylen);
	if (err)
		return err;
	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < n; i++)
		err = crypto_shash_update(desc, v[i].p, v[i].len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

int hip_hmac(u8 hit_suite, const u8 *key, unsigned int keylen,
	     const u8 *data, unsigned int len, u8 *out)
{
	unsigned int hlen = hip_rhash_len(hit_suite);
	struct hip_kvec v = { data, len };
	struct crypto_shash *tfm;
	int err;

	if (!hlen)
		return -EOPNOTSUPP;
	tfm = crypto_alloc_shash(hip_hmac_name(hlen), 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = hip_hmac_vec(tfm, key, keylen, &v, 1, out);
	crypto_free_shash(tfm);
	return err;
}

/* A keyed HMAC-SHA-256 for local use (the puzzle #I tags of r1.c): the key
 * is set once here, after which the tfm is only read, so hip_prf() may run
 * on several CPUs at once and in softirq.
 */
struct crypto_shash *hip_prf_new(const u8 *key, unsigned int keylen)
{
	struct crypto_shash *tfm;
	int err;

	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_shash_setkey(tfm, key, keylen);
	if (err) {
		crypto_free_shash(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

int hip_prf(struct crypto_shash *tfm, const struct hip_kvec *v,
	    unsigned int n, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int i;
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < n; i++)
		err = crypto_shash_update(desc, v[i].p, v[i].len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

void hip_prf_free(struct crypto_shash *tfm)
{
	if (!IS_ERR_OR_NULL(tfm))
		crypto_free_shash(tfm);	/* wipes the key */
}

/* ---- KEYMAT (RFC 7401 section 6.5, HKDF of RFC 5869) ---- */

int hip_keymat(u8 hit_suite, const u8 *kij, unsigned int kij_len,
	       const struct in6_addr *hit_i, const struct in6_addr *hit_r,
	       const u8 *i, const u8 *j, u8 *out, unsigned int outlen)
{
	unsigned int hlen = hip_rhash_len(hit_suite);
	const struct in6_addr *lo = hit_i, *hi = hit_r;
	u8 prk[HIP_RHASH_MAX], t[HIP_RHASH_MAX];
	struct crypto_shash *tfm;
	struct hip_kvec v[4];
	unsigned int done, n;
	u8 salt[2 * HIP_RHASH_MAX];
	u8 ctr;
	int err;

	if (!hlen)
		return -EOPNOTSUPP;
	if (!outlen || outlen > 255 * hlen || outlen > HIP_KEYMAT_MAX)
		return -EINVAL;

	tfm = crypto_alloc_shash(hip_hmac_name(hlen), 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	if (memcmp(hit_i, hit_r, sizeof(*hit_i)) > 0) {
		lo = hit_r;
		hi = hit_i;
	}

	/* Extract: PRK = HMAC(salt = #I | #J, IKM = Kij) */
	memcpy(salt, i, hlen);
	memcpy(salt + hlen, j, hlen);
	v[0].p = kij;
	v[0].len = kij_len;
	err = hip_hmac_vec(tfm, salt, 2 * hlen, v, 1, prk);
	if (err)
		goto out;

	/* Expand: T(n) = HMAC(PRK, T(n-1) | info | n) */
	for (done = 0, ctr = 1; done < outlen; done += n, ctr++) {
		v[0].p = t;
		v[0].len = ctr == 1 ? 0 : hlen;
		v[1].p = lo;
		v[1].len = sizeof(*lo);
		v[2].p = hi;
		v[2].len = sizeof(*hi);
		v[3].p = &ctr;
		v[3].len = 1;
		err = hip_hmac_vec(tfm, prk, hlen, v, 4, t);
		if (err)
			break;
		n = min(hlen, outlen - done);
		memcpy(out + done, t, n);
	}
out:
	if (err)
		memzero_explicit(out, outlen);
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(t, sizeof(t));
	crypto_free_shash(tfm);
	return err;
}

/* ---- Puzzle (RFC 7401 section 4.1.2) ---- */

/* Ltrunc(H, K) == 0: "the lowest-order #K bits" of the hash (RFC 7401
 * sections 2.2, 4.1.2, 6.3), the hash read as a big-endian number: the
 * last K / 8 bytes are zero and the low K % 8 bits of the byte before.
 */
static bool hip_ltrunc_is_zero(const u8 *d, unsigned int hlen, unsigned int k)
{
	unsigned int i;

	for (i = 0; i < k / 8; i++)
		if (d[hlen - 1 - i])
			return false;
	return !(k % 8) || !(d[hlen - 1 - k / 8] & ((1U << (k % 8)) - 1));
}

static int hip_puzzle_hash(unsigned int hlen, const u8 *i,
			   const struct in6_addr *hit_i,
			   const struct in6_addr *hit_r, const u8 *j, u8 *out)
{
	const struct hip_kvec v[] = {
		{ i, hlen }, { hit_i, sizeof(*hit_i) },
		{ hit_r, sizeof(*hit_r) }, { j, hlen },
	};

	return hip_hash_vec(hlen, v, ARRAY_SIZE(v), out);
}

bool hip_puzzle_check(u8 hit_suite, u8 k, const u8 *i,
		      const struct in6_addr *hit_i,
		      const struct in6_addr *hit_r, const u8 *j)
{
	unsigned int hlen = hip_rhash_len(hit_suite);
	u8 d[HIP_RHASH_MAX];

	if (!hlen || k > hlen * 8)
		return false;
	if (hip_puzzle_hash(hlen, i, hit_i, hit_r, j, d))
		return false;
	return hip_ltrunc_is_zero(d, hlen, k);
}

/* @j as a big-endian counter of @len bytes */
static void hip_be_inc(u8 *j, unsigned int len)
{
	while (len-- && !++j[len])
		;
}

int hip_puzzle_solve(u8 hit_suite, u8 k, const u8 *i,
		     const struct in6_addr *hit_i,
		     const struct in6_addr *hit_r, u8 *j, u64 max_tries,
		     unsigned long deadline)
{
	unsigned int hlen = hip_rhash_len(hit_suite);
	u8 d[HIP_RHASH_MAX];
	u64 n;
	int err;

	if (!hlen)
		return -EOPNOTSUPP;
	if (k > hlen * 8)
		return -EINVAL;
	if (!max_tries)
		max_tries = k + 4 >= 64 ? U64_MAX : 1ULL << (k + 4);

	/* Random start, so that two solvers do not send the same J */
	get_random_bytes(j, hlen);
	for (n = 0; n < max_tries; n++, hip_be_inc(j, hlen)) {
		err = hip_puzzle_hash(hlen, i, hit_i, hit_r, j, d);
		if (err)
			return err;
		if (hip_ltrunc_is_zero(d, hlen, k))
			return 0;
		if (!(n & 1023)) {
			/* RFC 7401 6.8 step 12: not past the puzzle's lifetime */
			if (deadline && time_after(jiffies, deadline))
				return -ETIMEDOUT;
			cond_resched();
		}
	}
	return -ETIMEDOUT;
}

/* ---- Diffie-Hellman (RFC 7401 section 5.2.7) ---- */

/* RFC 3526 section 2, 1536-bit MODP group (HIP DH Group ID 3, RFC 7401
 * 5.2.7): p = 2^1536 - 2^1472 - 1 + 2^64 * ([2^1406 pi] + 741804), g = 2.
 * Copied from the RFC's hexadecimal value; checked against the formula
 * (mpmath) and to be a safe prime (Miller-Rabin on p and (p-1)/2).
 */
static const u8 hip_modp1536_p[192] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
	0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
	0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
	0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
	0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
	0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
	0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d,
	0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63, 0xbf, 0x05, 0x98, 0xda, 0x48, 0x36,
	0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
	0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56,
	0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6d,
	0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
	0xca, 0x23, 0x73, 0x27, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* RFC 3526 3072-bit MODP group: p = 2^3072 - 2^3008 - 1 +
 * 2^64 * ([2^2942 pi] + 1690314), g = 2 (recomputed from pi and checked
 * to be a safe prime when this table was written)
 */
static const u8 hip_modp3072_p[384] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
	0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
	0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
	0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
	0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
	0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
	0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d,
	0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63, 0xbf, 0x05, 0x98, 0xda, 0x48, 0x36,
	0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
	0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56,
	0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6d,
	0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
	0xca, 0x18, 0x21, 0x7c, 0x32, 0x90, 0x5e, 0x46, 0x2e, 0x36, 0xce, 0x3b,
	0xe3, 0x9e, 0x77, 0x2c, 0x18, 0x0e, 0x86, 0x03, 0x9b, 0x27, 0x83, 0xa2,
	0xec, 0x07, 0xa2, 0x8f, 0xb5, 0xc5, 0x5d, 0xf0, 0x6f, 0x4c, 0x52, 0xc9,
	0xde, 0x2b, 0xcb, 0xf6, 0x95, 0x58, 0x17, 0x18, 0x39, 0x95, 0x49, 0x7c,
	0xea, 0x95, 0x6a, 0xe5, 0x15, 0xd2, 0x26, 0x18, 0x98, 0xfa, 0x05, 0x10,
	0x15, 0x72, 0x8e, 0x5a, 0x8a, 0xaa, 0xc4, 0x2d, 0xad, 0x33, 0x17, 0x0d,
	0x04, 0x50, 0x7a, 0x33, 0xa8, 0x55, 0x21, 0xab, 0xdf, 0x1c, 0xba, 0x64,
	0xec, 0xfb, 0x85, 0x04, 0x58, 0xdb, 0xef, 0x0a, 0x8a, 0xea, 0x71, 0x57,
	0x5d, 0x06, 0x0c, 0x7d, 0xb3, 0x97, 0x0f, 0x85, 0xa6, 0xe1, 0xe4, 0xc7,
	0xab, 0xf5, 0xae, 0x8c, 0xdb, 0x09, 0x33, 0xd7, 0x1e, 0x8c, 0x94, 0xe0,
	0x4a, 0x25, 0x61, 0x9d, 0xce, 0xe3, 0xd2, 0x26, 0x1a, 0xd2, 0xee, 0x6b,
	0xf1, 0x2f, 0xfa, 0x06, 0xd9, 0x8a, 0x08, 0x64, 0xd8, 0x76, 0x02, 0x73,
	0x3e, 0xc8, 0x6a, 0x64, 0x52, 0x1f, 0x2b, 0x18, 0x17, 0x7b, 0x20, 0x0c,
	0xbb, 0xe1, 0x17, 0x57, 0x7a, 0x61, 0x5d, 0x6c, 0x77, 0x09, 0x88, 0xc0,
	0xba, 0xd9, 0x46, 0xe2, 0x08, 0xe2, 0x4f, 0xa0, 0x74, 0xe5, 0xab, 0x31,
	0x43, 0xdb, 0x5b, 0xfc, 0xe0, 0xfd, 0x10, 0x8e, 0x4b, 0x82, 0xd1, 0x20,
	0xa9, 0x3a, 0xd2, 0xca, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const u8 hip_modp_g = 2;

/* Private exponent of a MODP key: 512 random bits, twice the strength of
 * the group (about 128 bits for 3072-bit MODP) with margin.
 */
#define HIP_MODP_PRIV_LEN	64

/* MODP groups use the kernel's "dh" kpp with p and g given explicitly;
 * its minimum is 1536 bits (2048 with fips_enabled, when group 3 fails
 * to generate keys and is left out of the R1s).
 */
static const struct {
	u8 group;
	bool ecdh;
	unsigned int pub_len;
	unsigned int secret_len;
	const char *alg;
	const u8 *p;		/* MODP: the prime, pub_len bytes */
} hip_dh_groups[] = {
	{ HIP_DH_MODP_1536, false, 192, 192, "dh", hip_modp1536_p },
	{ HIP_DH_MODP_3072, false, 384, 384, "dh", hip_modp3072_p },
	{ HIP_DH_NIST_P256, true, 64, 32, "ecdh-nist-p256", NULL },
	{ HIP_DH_NIST_P384, true, 96, 48, "ecdh-nist-p384", NULL },
};

static bool hip_dh_available[ARRAY_SIZE(hip_dh_groups)];

struct hip_dh_key {
	refcount_t refcount;
	unsigned int idx;		/* in hip_dh_groups[] */
	struct crypto_kpp *tfm;		/* holds the private key */
	u8 pub[];			/* hip_dh_groups[idx].pub_len */
};

static int hip_dh_index(u8 group)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_dh_groups); i++)
		if (hip_dh_groups[i].group == group)
			return i;
	return -1;
}

bool hip_dh_supported(u8 group)
{
	int idx = hip_dh_index(group);

	return idx >= 0 && hip_dh_available[idx];
}

unsigned int hip_dh_pub_len(u8 group)
{
	int idx = hip_dh_index(group);

	return idx >= 0 ? hip_dh_groups[idx].pub_len : 0;
}

u8 hip_dh_group(const struct hip_dh_key *key)
{
	return hip_dh_groups[key->idx].group;
}

const u8 *hip_dh_public(const struct hip_dh_key *key)
{
	return key->pub;
}

/* The secret of an ECDH kpp with key_size 0: the kernel draws the private
 * key itself.  This is what crypto_ecdh_encode_key() produces, written
 * here because that helper lives in the ecdh_generic module and would
 * make hip.ko unloadable by plain insmod when ecdh_generic is not loaded.
 */
static int hip_ecdh_set_random_secret(struct crypto_kpp *tfm)
{
	struct {
		struct kpp_secret hdr;
		unsigned short key_size;
	} __packed secret = {
		.hdr = {
			.type = CRYPTO_KPP_SECRET_TYPE_ECDH,
			.len = sizeof(secret),
		},
		.key_size = 0,
	};

	return crypto_kpp_set_secret(tfm, &secret, sizeof(secret));
}

static int hip_modp_set_random_secret(struct crypto_kpp *tfm,
				      unsigned int idx)
{
	struct dh params = {
		.p = hip_dh_groups[idx].p,
		.p_size = hip_dh_groups[idx].pub_len,
		.g = &hip_modp_g,
		.g_size = 1,
		.key_size = HIP_MODP_PRIV_LEN,
	};
	unsigned int len = crypto_dh_key_len(&params);
	u8 *buf, *priv;
	int err;

	buf = kmalloc(len + HIP_MODP_PRIV_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	priv = buf + len;
	get_random_bytes(priv, HIP_MODP_PRIV_LEN);
	params.key = priv;
	err = crypto_dh_encode_key(buf, len, &params);
	if (!err)
		err = crypto_kpp_set_secret(tfm, buf, len);
	kfree_sensitive(buf);
	return err;
}

/* Run a kpp request synchronously; @in may be NULL (public key) */
static int hip_kpp_run(struct crypto_kpp *tfm, u8 *in, unsigned int in_len,
		       u8 *out, unsigned int out_len)
{
	struct scatterlist sg_in, sg_out;
	struct kpp_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	req = kpp_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	sg_init_one(&sg_out, out, out_len);
	kpp_request_set_output(req, &sg_out, out_len);
	kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				 CRYPTO_TFM_REQ_MAY_BACKLOG,
				 crypto_req_done, &wait);
	if (in) {
		sg_init_one(&sg_in, in, in_len);
		kpp_request_set_input(req, &sg_in, in_len);
		err = crypto_wait_req(crypto_kpp_compute_shared_secret(req),
				      &wait);
	} else {
		err = crypto_wait_req(crypto_kpp_generate_public_key(req),
				      &wait);
	}
	kpp_request_free(req);
	return err;
}

struct hip_dh_key *hip_dh_generate(u8 group)
{
	int idx = hip_dh_index(group);
	struct hip_dh_key *key;
	int err;

	if (idx < 0)
		return ERR_PTR(-EOPNOTSUPP);

	key = kzalloc(struct_size(key, pub, hip_dh_groups[idx].pub_len),
		      GFP_KERNEL);
	if (!key)
		return ERR_PTR(-ENOMEM);
	refcount_set(&key->refcount, 1);
	key->idx = idx;

	key->tfm = crypto_alloc_kpp(hip_dh_groups[idx].alg, 0, 0);
	if (IS_ERR(key->tfm)) {
		err = PTR_ERR(key->tfm) == -ENOENT ? -EOPNOTSUPP :
						      PTR_ERR(key->tfm);
		kfree(key);
		return ERR_PTR(err);
	}

	if (hip_dh_groups[idx].ecdh)
		err = hip_ecdh_set_random_secret(key->tfm);
	else
		err = hip_modp_set_random_secret(key->tfm, idx);
	if (!err)
		err = hip_kpp_run(key->tfm, NULL, 0, key->pub,
				  hip_dh_groups[idx].pub_len);
	if (err) {
		crypto_free_kpp(key->tfm);
		kfree(key);
		return ERR_PTR(err);
	}
	hip_object_created();
	return key;
}

struct hip_dh_key *hip_dh_get(struct hip_dh_key *key)
{
	refcount_inc(&key->refcount);
	return key;
}

void hip_dh_put(struct hip_dh_key *key)
{
	if (!key || !refcount_dec_and_test(&key->refcount))
		return;
	/* crypto_free_kpp() wipes the tfm context with the private key */
	crypto_free_kpp(key->tfm);
	kfree(key);
	hip_object_destroyed();
}

/* 1 < y < p - 1 for a MODP public value y (big-endian, p's length) */
static bool hip_modp_pub_valid(const u8 *p, unsigned int plen, const u8 *y)
{
	unsigned int i;
	int cmp;

	/* p ends in 0xff, so p - 1 differs from p only in its last byte */
	cmp = memcmp(y, p, plen - 1);
	if (cmp > 0 || (!cmp && y[plen - 1] >= 0xfe))
		return false;

	for (i = 0; i < plen - 1; i++)
		if (y[i])
			return true;
	return y[plen - 1] > 1;
}

int hip_dh_compute(struct hip_dh_key *key, const u8 *peer_pub,
		   unsigned int peer_len, u8 *secret, unsigned int maxlen,
		   unsigned int *len)
{
	unsigned int pub_len = hip_dh_groups[key->idx].pub_len;
	unsigned int slen = hip_dh_groups[key->idx].secret_len;
	u8 *buf;
	int err;

	if (peer_len != pub_len)
		return -EINVAL;
	if (maxlen < slen)
		return -ENOSPC;
	if (!hip_dh_groups[key->idx].ecdh &&
	    !hip_modp_pub_valid(hip_dh_groups[key->idx].p, pub_len, peer_pub))
		return -EINVAL;

	/* scatterlists need linear kernel memory, not the caller's stack */
	buf = kmalloc(pub_len + slen, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, peer_pub, pub_len);
	err = hip_kpp_run(key->tfm, buf, pub_len, buf + pub_len, slen);
	if (!err) {
		memcpy(secret, buf + pub_len, slen);
		*len = slen;
	} else if (err == -EBADMSG || err == -EKEYREJECTED) {
		/* invalid point, or a shared secret of 0 / 1 / p - 1 */
		err = -EINVAL;
	}
	kfree_sensitive(buf);
	return err;
}

/* ---- Host signatures (RFC 7401 section 5.2.14) ---- */

/**
 * struct hip_privkey - a local private key
 * @algo: enum hip_hi_algo, which member of the union is used
 * @bits: key size (RSA modulus bits, or 256 / 384 for ECDSA)
 * @pub_len: length of @pub
 * @pub: the public key, HOST_ID "Host Identity" field
 * @rsa: HIP_HI_RSA
 * @ecdsa: HIP_HI_ECDSA
 *
 * Set up by hip_privkey_create() and never changed; wiped on free.
 */
struct hip_privkey {
	u8 algo;
	u32 bits;
	unsigned int pub_len;
	u8 *pub;
	union {
		struct hip_rsa_privkey rsa;
		struct hip_ecdsa_privkey ecdsa;
	};
};

/**
 * struct hip_pubkey - a peer's public key
 * @algo: enum hip_hi_algo, which member of the union is used
 * @rsa: HIP_HI_RSA
 * @ecdsa: HIP_HI_ECDSA
 */
struct hip_pubkey {
	u8 algo;
	union {
		struct hip_rsa_pubkey rsa;
		struct hip_ecdsa_pubkey ecdsa;
	};
};

struct hip_privkey *hip_privkey_create(u8 algo, u16 curve, const u8 *key,
				       size_t len,
				       struct netlink_ext_ack *extack)
{
	struct hip_privkey *k;
	int err;

	switch (algo) {
	case HIP_HI_RSA:
	case HIP_HI_ECDSA:
		break;
	case HIP_HI_EDDSA:
		NL_SET_ERR_MSG(extack, "EdDSA host identities are not supported");
		return ERR_PTR(-EOPNOTSUPP);
	default:
		NL_SET_ERR_MSG(extack, "unsupported host identity algorithm");
		return ERR_PTR(-EOPNOTSUPP);
	}

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->algo = algo;
	if (algo == HIP_HI_RSA) {
		err = hip_rsa_privkey_init(&k->rsa, key, len, &k->pub,
					   &k->pub_len, extack);
		k->bits = k->rsa.bits;
	} else {
		err = hip_ecdsa_privkey_init(&k->ecdsa, curve, key, len,
					     &k->pub, &k->pub_len, extack);
		if (!err)
			k->bits = hip_ecdsa_bits(&k->ecdsa);
	}
	if (err) {
		kfree_sensitive(k);
		return ERR_PTR(err);
	}
	hip_object_created();
	return k;
}

void hip_privkey_free(struct hip_privkey *key)
{
	if (!key)
		return;
	if (key->algo == HIP_HI_RSA)
		hip_rsa_privkey_destroy(&key->rsa);
	kfree(key->pub);
	kfree_sensitive(key);	/* the ECDSA scalar is inside */
	hip_object_destroyed();
}

u8 hip_privkey_algo(const struct hip_privkey *key)
{
	return key->algo;
}

u32 hip_privkey_bits(const struct hip_privkey *key)
{
	return key->bits;
}

const u8 *hip_privkey_pubkey(const struct hip_privkey *key, unsigned int *len)
{
	*len = key->pub_len;
	return key->pub;
}

unsigned int hip_sig_len(const struct hip_privkey *key)
{
	if (!key)
		return 0;
	switch (key->algo) {
	case HIP_HI_RSA:
		return hip_rsa_sig_len(&key->rsa);
	case HIP_HI_ECDSA:
		return hip_ecdsa_sig_len(&key->ecdsa);
	default:
		return 0;
	}
}

int hip_sig_sign(const struct hip_privkey *key, const u8 *data,
		 unsigned int len, u8 *sig, unsigned int *siglen)
{
	if (!key)
		return -ENOKEY;
	switch (key->algo) {
	case HIP_HI_RSA:
		return hip_rsa_sign(&key->rsa, data, len, sig, siglen);
	case HIP_HI_ECDSA:
		return hip_ecdsa_sign(&key->ecdsa, data, len, sig, siglen);
	default:
		return -EOPNOTSUPP;
	}
}

struct hip_pubkey *hip_pubkey_parse(u8 algo, const u8 *hi, unsigned int len)
{
	struct hip_pubkey *pk;
	int err;

	pk = kzalloc(sizeof(*pk), GFP_KERNEL);
	if (!pk)
		return ERR_PTR(-ENOMEM);
	pk->algo = algo;
	switch (algo) {
	case HIP_HI_RSA:
		err = hip_rsa_pubkey_init(&pk->rsa, hi, len);
		break;
	case HIP_HI_ECDSA:
		err = hip_ecdsa_pubkey_init(&pk->ecdsa, hi, len);
		break;
	default:
		err = -EOPNOTSUPP;
		break;
	}
	if (err) {
		kfree(pk);
		return ERR_PTR(err);
	}
	hip_object_created();
	return pk;
}

void hip_pubkey_free(struct hip_pubkey *pk)
{
	if (!pk)
		return;
	if (pk->algo == HIP_HI_RSA)
		hip_rsa_pubkey_destroy(&pk->rsa);
	kfree(pk);
	hip_object_destroyed();
}

u8 hip_pubkey_algo(const struct hip_pubkey *pk)
{
	return pk->algo;
}

int hip_sig_verify(const struct hip_pubkey *pk, const u8 *data,
		   unsigned int len, const u8 *sig, unsigned int siglen)
{
	if (pk->algo == HIP_HI_RSA)
		return hip_rsa_verify(&pk->rsa, data, len, sig, siglen);
	return hip_ecdsa_verify(&pk->ecdsa, data, len, sig, siglen);
}

int hip_sig_verify_hash(const struct hip_pubkey *pk, unsigned int hash_len,
			const u8 *data, unsigned int len, const u8 *sig,
			unsigned int siglen)
{
	const struct hip_kvec v = { data, len };
	u8 h[HIP_RHASH_MAX];
	int err;

	if (pk->algo == HIP_HI_RSA)	/* RSASSA-PSS is SHA-256 only */
		return hash_len == 32 ?
		       hip_rsa_verify(&pk->rsa, data, len, sig, siglen) :
		       -EOPNOTSUPP;
	if (hash_len != 32 && hash_len != 48)
		return -EOPNOTSUPP;
	err = hip_hash_vec(hash_len, &v, 1, h);
	if (err)
		return err;
	return hip_ecdsa_verify_digest(&pk->ecdsa, h, hash_len, sig, siglen);
}

/* ---- HIP_CIPHER (RFC 7401 section 5.2.18) ---- */

bool hip_cipher_supported(u16 cipher)
{
	return cipher == HIP_CIPHER_NULL || cipher == HIP_CIPHER_AES_128_CBC ||
	       cipher == HIP_CIPHER_AES_256_CBC;
}

unsigned int hip_cipher_key_len(u16 cipher)
{
	switch (cipher) {
	case HIP_CIPHER_AES_128_CBC:
		return 16;
	case HIP_CIPHER_AES_256_CBC:
		return 32;
	default:
		return 0;
	}
}

unsigned int hip_cipher_iv_len(u16 cipher)
{
	switch (cipher) {
	case HIP_CIPHER_AES_128_CBC:
	case HIP_CIPHER_AES_256_CBC:
		return 16;
	default:
		return 0;
	}
}

int hip_cipher_crypt(u16 cipher, bool encrypt, const u8 *key, const u8 *iv,
		     u8 *buf, unsigned int len)
{
	unsigned int klen = hip_cipher_key_len(cipher);
	struct crypto_skcipher *tfm;
	struct skcipher_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 iv_copy[16];
	int err;

	if (cipher == HIP_CIPHER_NULL)
		return 0;
	if (!klen)
		return -EOPNOTSUPP;
	if (len % 16)
		return -EINVAL;
	if (!len)
		return 0;

	tfm = crypto_alloc_skcipher("cbc(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_skcipher_setkey(tfm, key, klen);
	if (err)
		goto out_tfm;
	req = skcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		err = -ENOMEM;
		goto out_tfm;
	}
	memcpy(iv_copy, iv, sizeof(iv_copy));
	sg_init_one(&sg, buf, len);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv_copy);
	if (encrypt)
		err = crypto_wait_req(crypto_skcipher_encrypt(req), &wait);
	else
		err = crypto_wait_req(crypto_skcipher_decrypt(req), &wait);
	skcipher_request_free(req);
	memzero_explicit(iv_copy, sizeof(iv_copy));
out_tfm:
	crypto_free_skcipher(tfm);	/* wipes the key schedule */
	return err;
}

/* ---- init / exit ---- */

int hip_crypto_init(void)
{
	unsigned int i;
	int err;

	/* ecdh_generic registers "ecdh-nist-p*" but is only aliased as
	 * "crypto-ecdh", so crypto_alloc_kpp() cannot autoload it.
	 */
	request_module("crypto-ecdh");

	hip_sha256 = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(hip_sha256)) {
		err = PTR_ERR(hip_sha256);
		goto err_sha256;
	}
	hip_sha384 = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(hip_sha384)) {
		err = PTR_ERR(hip_sha384);
		goto err_sha384;
	}

	for (i = 0; i < ARRAY_SIZE(hip_dh_groups); i++) {
		hip_dh_available[i] = crypto_has_kpp(hip_dh_groups[i].alg, 0, 0);
		if (!hip_dh_available[i])
			pr_warn("DH group %u unavailable (no %s in the kernel)\n",
				hip_dh_groups[i].group, hip_dh_groups[i].alg);
	}
	return 0;

err_sha384:
	crypto_free_shash(hip_sha256);
err_sha256:
	hip_sha256 = NULL;
	hip_sha384 = NULL;
	pr_err("SHA-256/SHA-384 unavailable: %d\n", err);
	return err;
}

void hip_crypto_uninit(void)
{
	crypto_free_shash(hip_sha384);
	crypto_free_shash(hip_sha256);
	hip_sha256 = NULL;
	hip_sha384 = NULL;
}

#include "selftest/crypto.c"
