// SPDX-License-Identifier: GPL-2.0
/*
 * ECDSA host identities and signatures on NIST P-256 and P-384.
 *
 * - HOST_ID (RFC 7401 section 5.2.9): the "Host Identity" field is the
 *   curve (2 bytes) | 0x04 | X | Y, an uncompressed point.  Private keys
 *   come from user space as the big-endian scalar d (uapi
 *   HIP_A_HI_PRIVKEY); we derive Q = d * G ourselves.
 * - HIP_SIGNATURE (section 5.2.14): signatures are encoded as in RFC 6090,
 *   r | s, each the size of the curve order (32/48 bytes).  The message
 *   is hashed with SHA-384 on both curves: ECDSA host identities belong
 *   to HIT suite 2, "ECDSA/SHA-384" (section 5.2.10, Table 10), whose
 *   hash function is SHA-384; the HIT of a P-256 key is made with SHA-384
 *   too.  On P-256 the 384-bit hash is truncated to its leftmost 256 bits
 *   (bits2int, RFC 6979 section 2.3.2).
 *
 * The kernel has no ECDSA signing at all, and 6.1 not even ECDSA
 * verification, so this is written on the exported ECC primitives of
 * crypto/ecc.c:
 *
 * - Signing uses a deterministic nonce (RFC 6979 section 3.2, HMAC-SHA-384,
 *   the message hash), so a broken RNG cannot leak the key, and the
 *   self-test can compare with the vectors of RFC 6979 appendix A.2.5 and
 *   A.2.6 (P-256 and P-384 with SHA-384).  k * G is computed by
 *   ecc_make_pub_key(), whose Montgomery ladder runs in a fixed number of
 *   steps; the inverse of k is computed on a blinded value (k * b), since
 *   vli_mod_inv() is a binary extended Euclid whose timing depends on its
 *   input.  Nonces the ladder cannot handle (k = 1, n - 2, n - 1) are
 *   skipped like the RFC 6979 loop skips out-of-range values.
 * - Verification is u1 * G + u2 * Q with ecc_point_mult_shamir() (all
 *   public data, so variable time is fine), as crypto/ecdsa.c does.
 *
 * ecc_make_pub_key() returns big-endian X || Y, each ndigits * 8 bytes.  It
 * takes the scalar as native u64 digits (least significant first), or on
 * older kernels (HIP_COMPAT_ECC_PRIVKEY_BE, see Kbuild) as big-endian bytes
 * it swaps itself; see crypto/ecc.c.  ecc_is_key_valid() takes native
 * digits everywhere.
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <crypto/ecdh.h>
#include <crypto/hash.h>
#include <crypto/internal/ecc.h>
#include <linux/hip.h>

#include "crypto.h"
#include "ecdsa.h"

#define HIP_ECDSA_HI_HDR_LEN		3	/* curve (2 bytes) | 0x04 */
/* The hash of every ECDSA signature: SHA-384, hlen = 48 bytes */
#define HIP_ECDSA_HLEN			48
#define HIP_EC_POINT_UNCOMPRESSED	0x04

static const struct hip_ec_curve {
	u16 hip_curve;
	unsigned int ecc_curve;
	unsigned int ndigits;
} hip_ec_curves[] = {
	{ HIP_ECDSA_NIST_P256, ECC_CURVE_NIST_P256, ECC_CURVE_NIST_P256_DIGITS },
	{ HIP_ECDSA_NIST_P384, ECC_CURVE_NIST_P384, ECC_CURVE_NIST_P384_DIGITS },
};

static const struct hip_ec_curve *hip_ec_find(u16 curve)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_ec_curves); i++)
		if (hip_ec_curves[i].hip_curve == curve)
			return &hip_ec_curves[i];
	return NULL;
}

/* Bytes of a scalar or a coordinate */
static unsigned int hip_ec_bytes(const struct hip_ec_curve *ec)
{
	return ec->ndigits * sizeof(u64);
}

/* ---- arithmetic that crypto/ecc.c does not export ---- */

/* crypto/ecc.c does not export its vli_add(); a constant-time one */
static u64 hip_vli_add(u64 *res, const u64 *a, const u64 *b,
		       unsigned int ndigits)
{
	u64 carry = 0;
	unsigned int i;

	for (i = 0; i < ndigits; i++) {
		u64 sum = a[i] + b[i] + carry;

		carry = (sum < a[i]) | ((sum == a[i]) & carry);
		res[i] = sum;
	}
	return carry;
}

/* res = (a + b) mod n for a, b < n, without a data-dependent branch */
static void hip_vli_mod_add(u64 *res, const u64 *a, const u64 *b,
			    const u64 *n, unsigned int ndigits)
{
	u64 t[ECC_MAX_DIGITS];
	u64 carry, borrow, mask;
	unsigned int i;

	carry = hip_vli_add(res, a, b, ndigits);
	borrow = vli_sub(t, res, n, ndigits);
	/* take res - n if the sum overflowed or res >= n */
	mask = 0 - (carry | (borrow ^ 1));
	for (i = 0; i < ndigits; i++)
		res[i] = (t[i] & mask) | (res[i] & ~mask);
	memzero_explicit(t, sizeof(t));
}

/* x mod n for x < 2n (x from a hash or a field element; p < 2n here) */
static void hip_vli_reduce_once(u64 *x, const u64 *n, unsigned int ndigits)
{
	u64 t[ECC_MAX_DIGITS];
	u64 borrow, mask;
	unsigned int i;

	borrow = vli_sub(t, x, n, ndigits);
	mask = borrow - 1;	/* all ones if x >= n */
	for (i = 0; i < ndigits; i++)
		x[i] = (t[i] & mask) | (x[i] & ~mask);
	memzero_explicit(t, sizeof(t));
}

/* @pub = big-endian X || Y of k * G, k in native digits; the Montgomery
 * ladder of ecc_make_pub_key(), which refuses k = 0, 1, n - 2, n - 1.
 */
static int hip_ec_mult_g(const struct hip_ec_curve *ec, const u64 *k,
			 u64 *pub)
{
#ifdef HIP_COMPAT_ECC_PRIVKEY_BE
	u64 k_be[ECC_MAX_DIGITS];
	int err;

	ecc_swap_digits(k, k_be, ec->ndigits);
	err = ecc_make_pub_key(ec->ecc_curve, ec->ndigits, k_be, pub);
	memzero_explicit(k_be, sizeof(k_be));
	return err;
#else
	return ecc_make_pub_key(ec->ecc_curve, ec->ndigits, k, pub);
#endif
}

/* ---- private keys ---- */

/* 0 < d < n, and not one of the three scalars the ladder cannot take */
static int hip_ecdsa_check_d(const struct hip_ec_curve *ec,
			     const struct ecc_curve *curve, const u64 *d,
			     struct netlink_ext_ack *extack)
{
	/* Comparing d with n is not constant time; n is public, so this
	 * only tells whether d is in range.
	 */
	if (vli_is_zero(d, ec->ndigits) ||
	    vli_cmp(d, curve->n, ec->ndigits) >= 0) {
		NL_SET_ERR_MSG(extack,
			       "ECDSA private key is out of range (0 < d < n)");
		return -EINVAL;
	}
	/* The kernel's point multiplication (a co-Z Montgomery ladder)
	 * cannot handle d = 1, n - 2 and n - 1, and its own key check,
	 * ecc_is_key_valid(), only accepts 2 <= d <= n - 3.  Those three
	 * keys are trivially weak anyway (Q = G, -2G, -G).
	 */
	if (ecc_is_key_valid(ec->ecc_curve, ec->ndigits, d,
			     hip_ec_bytes(ec))) {
		NL_SET_ERR_MSG(extack,
			       "ECDSA private key is too weak (d = 1, n - 2 or n - 1)");
		return -EINVAL;
	}
	return 0;
}

/**
 * hip_ecdsa_privkey_init() - check an ECDSA private key, derive Q = d * G
 * @key: the key to fill in
 * @curve: enum hip_ecdsa_curve
 * @d: the private scalar, big-endian
 * @len: length of @d, the size of the curve order
 * @pub: receives curve | 0x04 | X | Y, to be kfree()d
 * @pub_len: receives the length of *@pub
 * @extack: for the reason of a failure, may be NULL
 *
 * Return: 0, -EOPNOTSUPP for an unsupported curve, -EINVAL for a bad key,
 * or -ENOMEM.
 */
int hip_ecdsa_privkey_init(struct hip_ecdsa_privkey *key, u16 curve,
			   const u8 *d, size_t len, u8 **pub,
			   unsigned int *pub_len,
			   struct netlink_ext_ack *extack)
{
	const struct hip_ec_curve *ec = hip_ec_find(curve);
	u64 q[2 * ECC_MAX_DIGITS];
	u64 dn[ECC_MAX_DIGITS];
	const struct ecc_curve *c;
	unsigned int nb;
	int err;
	u8 *p;

	if (!ec) {
		NL_SET_ERR_MSG(extack, "unsupported ECDSA curve");
		return -EOPNOTSUPP;
	}
	nb = hip_ec_bytes(ec);
	if (len != nb) {
		NL_SET_ERR_MSG(extack,
			       "ECDSA private key length does not match the curve");
		return -EINVAL;
	}
	c = ecc_get_curve(ec->ecc_curve);
	if (!c) {
		NL_SET_ERR_MSG(extack, "ECDSA curve unavailable in this kernel");
		return -EOPNOTSUPP;
	}

	vli_from_be64(dn, d, ec->ndigits);
	err = hip_ecdsa_check_d(ec, c, dn, extack);
	if (err)
		goto out;
	err = hip_ec_mult_g(ec, dn, q);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot derive the ECDSA public key");
		err = -EINVAL;
		goto out;
	}

	err = -ENOMEM;
	p = kmalloc(HIP_ECDSA_HI_HDR_LEN + 2 * nb, GFP_KERNEL);
	if (!p)
		goto out;
	put_unaligned_be16(curve, p);
	p[2] = HIP_EC_POINT_UNCOMPRESSED;
	memcpy(&p[HIP_ECDSA_HI_HDR_LEN], q, 2 * nb);

	key->ec = ec;
	memcpy(key->d, d, nb);
	*pub = p;
	*pub_len = HIP_ECDSA_HI_HDR_LEN + 2 * nb;
	err = 0;
out:
	memzero_explicit(dn, sizeof(dn));
	return err;
}

unsigned int hip_ecdsa_bits(const struct hip_ecdsa_privkey *key)
{
	return hip_ec_bytes(key->ec) * 8;
}

unsigned int hip_ecdsa_sig_len(const struct hip_ecdsa_privkey *key)
{
	return 2 * hip_ec_bytes(key->ec);
}

/* ---- signing ---- */

/* State of one signature: the RFC 6979 section 3.2 HMAC-DRBG (V, K) with
 * HMAC-SHA-384 (V and K are hlen = 48 bytes on both curves), and the
 * numbers.  Since hlen >= qlen and qlen is a multiple of 8 on both curves,
 * T is one HMAC block, and bits2int (section 2.3.2) of T or of the message
 * hash is the number in its leftmost qlen / 8 bytes.
 */
struct hip_ecdsa_sign_ctx {
	const struct hip_ec_curve *ec;
	const struct ecc_curve *curve;
	struct crypto_shash *hmac;
	struct hip_kvec v[4];		/* V | 0x00 or 0x01 | x | h1 */
	u8 v_buf[HIP_ECDSA_HLEN];
	u8 k_buf[HIP_ECDSA_HLEN];
	u8 h1[HIP_ECDSA_MAX_BYTES];	/* bits2octets(H(m)), rlen bits */
	u64 d[ECC_MAX_DIGITS];
	u64 e[ECC_MAX_DIGITS];
	u64 kn[ECC_MAX_DIGITS];		/* the nonce */
	u64 b[ECC_MAX_DIGITS];
	u64 t[ECC_MAX_DIGITS];
	u64 r[ECC_MAX_DIGITS];
	u64 s[ECC_MAX_DIGITS];
};

static const u8 hip_rfc6979_zero, hip_rfc6979_one = 1;

/* K = HMAC_K(V | @sep [| x | h1]), V = HMAC_K(V); @n: kvecs for K */
static int hip_rfc6979_update(struct hip_ecdsa_sign_ctx *c, const u8 *sep,
			      unsigned int n)
{
	const unsigned int hl = HIP_ECDSA_HLEN;
	int err;

	c->v[1] = (struct hip_kvec){ sep, 1 };
	err = hip_hmac_vec(c->hmac, c->k_buf, hl, c->v, n, c->k_buf);
	if (!err)
		err = hip_hmac_vec(c->hmac, c->k_buf, hl, c->v, 1, c->v_buf);
	return err;
}

/* RFC 6979 section 3.2 steps b to f, for the private key @d_be */
static int hip_rfc6979_init(struct hip_ecdsa_sign_ctx *c, const u8 *d_be)
{
	const unsigned int nb = hip_ec_bytes(c->ec);
	int err;

	/* V = 0x01 ..., K = 0x00 ..., 8 * ceil(hlen / 8) bits each */
	memset(c->v_buf, 0x01, HIP_ECDSA_HLEN);
	memset(c->k_buf, 0x00, HIP_ECDSA_HLEN);
	c->v[0] = (struct hip_kvec){ c->v_buf, HIP_ECDSA_HLEN };
	/* int2octets(x) and bits2octets(h1), rlen bits each */
	c->v[2] = (struct hip_kvec){ d_be, nb };
	c->v[3] = (struct hip_kvec){ c->h1, nb };
	err = hip_rfc6979_update(c, &hip_rfc6979_zero, 4);
	if (!err)
		err = hip_rfc6979_update(c, &hip_rfc6979_one, 4);
	return err;
}

/* Step h: the next candidate nonce into c->kn */
static int hip_rfc6979_next(struct hip_ecdsa_sign_ctx *c, bool retry)
{
	const unsigned int hl = HIP_ECDSA_HLEN;
	int err;

	if (retry) {
		/* K = HMAC_K(V | 0x00), V = HMAC_K(V) */
		err = hip_rfc6979_update(c, &hip_rfc6979_zero, 2);
		if (err)
			return err;
	}
	/* T = V = HMAC_K(V) (hlen >= qlen); k = bits2int(T), the leftmost
	 * qlen bits
	 */
	err = hip_hmac_vec(c->hmac, c->k_buf, hl, c->v, 1, c->v_buf);
	if (!err)
		vli_from_be64(c->kn, c->v_buf, c->ec->ndigits);
	return err;
}

/* A random blinding factor 0 < b < n */
static void hip_ecdsa_blind(const struct ecc_curve *curve, u64 *b,
			    unsigned int nd)
{
	do {
		get_random_bytes(b, nd * sizeof(u64));
	} while (vli_is_zero(b, nd) || vli_cmp(b, curve->n, nd) >= 0);
}

/* r and s for the nonce c->kn; -EAGAIN if this nonce gives no signature
 * (r = 0, s = 0, or a k the ladder refuses) and the next one must be tried.
 */
static int hip_ecdsa_try_nonce(struct hip_ecdsa_sign_ctx *c)
{
	const unsigned int nd = c->ec->ndigits;
	const u64 *n = c->curve->n;
	u64 pub[2 * ECC_MAX_DIGITS];
	int err;

	/* RFC 6979 wants 0 < k < n; the ladder also needs
	 * k != 1, n - 2, n - 1 (ecc_is_key_valid(): 2 <= k <= n - 3)
	 */
	if (ecc_is_key_valid(c->ec->ecc_curve, nd, c->kn, nd * sizeof(u64)))
		return -EAGAIN;

	/* R = k * G, r = R.x mod n */
	err = hip_ec_mult_g(c->ec, c->kn, pub);
	if (!err)
		vli_from_be64(c->r, pub, nd);
	memzero_explicit(pub, sizeof(pub));
	if (err)
		return err;
	hip_vli_reduce_once(c->r, n, nd);
	if (vli_is_zero(c->r, nd))
		return -EAGAIN;

	/* k^-1 = b * (k * b)^-1, so that vli_mod_inv() sees k * b */
	hip_ecdsa_blind(c->curve, c->b, nd);
	vli_mod_mult_slow(c->t, c->kn, c->b, n, nd);
	vli_mod_inv(c->s, c->t, n, nd);
	vli_mod_mult_slow(c->t, c->s, c->b, n, nd);	/* k^-1 */
	/* s = k^-1 * (e + r * d) */
	vli_mod_mult_slow(c->s, c->r, c->d, n, nd);
	hip_vli_mod_add(c->s, c->s, c->e, n, nd);
	vli_mod_mult_slow(c->s, c->t, c->s, n, nd);
	return vli_is_zero(c->s, nd) ? -EAGAIN : 0;
}

/* ECDSA signature r | s of the SHA-384 hash @h (48 bytes) with the private
 * key @d_be (big-endian); @sig must be u64-aligned.
 */
static int hip_ecdsa_sign_hash(const struct hip_ec_curve *ec,
			       const u8 *d_be, const u8 *h, u8 *sig)
{
	const unsigned int nd = ec->ndigits;
	struct hip_ecdsa_sign_ctx *c;
	unsigned int tries;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->ec = ec;
	c->curve = ecc_get_curve(ec->ecc_curve);
	if (!c->curve) {
		kfree(c);
		return -EOPNOTSUPP;
	}
	c->hmac = crypto_alloc_shash(hip_hmac_name(HIP_ECDSA_HLEN), 0, 0);
	if (IS_ERR(c->hmac)) {
		err = PTR_ERR(c->hmac);
		kfree(c);
		return err;
	}

	vli_from_be64(c->d, d_be, nd);
	/* e = bits2int(H(m)) mod n: the leftmost qlen bits of the hash, then
	 * one conditional subtraction (RFC 6979 sections 2.3.2, 2.4 step 1);
	 * h1 = bits2octets(H(m)) is the same number (section 2.3.4)
	 */
	vli_from_be64(c->e, h, nd);
	hip_vli_reduce_once(c->e, c->curve->n, nd);
	ecc_swap_digits(c->e, (u64 *)c->h1, nd);

	err = hip_rfc6979_init(c, d_be);
	for (tries = 0; !err; tries++) {
		if (tries == 64) {	/* probability about 2^-(64 * 32) */
			err = -EAGAIN;
			break;
		}
		err = hip_rfc6979_next(c, tries);
		if (!err)
			err = hip_ecdsa_try_nonce(c);
		if (err == -EAGAIN)
			err = 0;
		else if (!err)
			break;
	}
	if (!err) {
		ecc_swap_digits(c->r, (u64 *)sig, nd);
		ecc_swap_digits(c->s, (u64 *)(sig + hip_ec_bytes(ec)), nd);
	}

	crypto_free_shash(c->hmac);
	kfree_sensitive(c);
	return err;
}

int hip_ecdsa_sign(const struct hip_ecdsa_privkey *key, const u8 *data,
		   unsigned int len, u8 *sig, unsigned int *siglen)
{
	const unsigned int nb = hip_ec_bytes(key->ec);
	const struct hip_kvec v = { data, len };
	u8 h[HIP_ECDSA_HLEN];
	u8 *out;
	int err;

	err = hip_hash_vec(HIP_ECDSA_HLEN, &v, 1, h);
	if (err)
		return err;
	/* ecc_swap_digits() stores u64 words: use an aligned buffer */
	out = kmalloc(2 * nb, GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	err = hip_ecdsa_sign_hash(key->ec, key->d, h, out);
	if (!err) {
		memcpy(sig, out, 2 * nb);
		*siglen = 2 * nb;
	}
	kfree(out);
	return err;
}

/* ---- verification ---- */

int hip_ecdsa_pubkey_init(struct hip_ecdsa_pubkey *pk, const u8 *hi,
			  unsigned int len)
{
	const struct ecc_curve *curve;
	struct ecc_point q;
	unsigned int nb;

	if (len < HIP_ECDSA_HI_HDR_LEN)
		return -EINVAL;
	pk->ec = hip_ec_find(get_unaligned_be16(hi));
	if (!pk->ec)
		return -EOPNOTSUPP;
	curve = ecc_get_curve(pk->ec->ecc_curve);
	if (!curve)
		return -EOPNOTSUPP;
	nb = hip_ec_bytes(pk->ec);
	if (len != HIP_ECDSA_HI_HDR_LEN + 2 * nb ||
	    hi[2] != HIP_EC_POINT_UNCOMPRESSED)
		return -EINVAL;
	vli_from_be64(pk->x, hi + HIP_ECDSA_HI_HDR_LEN, pk->ec->ndigits);
	vli_from_be64(pk->y, hi + HIP_ECDSA_HI_HDR_LEN + nb, pk->ec->ndigits);
	q = ECC_POINT_INIT(pk->x, pk->y, pk->ec->ndigits);
	if (ecc_is_pubkey_valid_full(curve, &q))
		return -EINVAL;
	return 0;
}

int hip_ecdsa_verify_digest(const struct hip_ecdsa_pubkey *pk, const u8 *h,
			    unsigned int hlen, const u8 *sig,
			    unsigned int siglen)
{
	const struct ecc_curve *curve = ecc_get_curve(pk->ec->ecc_curve);
	const unsigned int nd = pk->ec->ndigits, nb = nd * sizeof(u64);
	u64 r[ECC_MAX_DIGITS], s[ECC_MAX_DIGITS], e[ECC_MAX_DIGITS];
	u64 w[ECC_MAX_DIGITS], u1[ECC_MAX_DIGITS], u2[ECC_MAX_DIGITS];
	u64 x1[ECC_MAX_DIGITS], y1[ECC_MAX_DIGITS];
	struct ecc_point res = ECC_POINT_INIT(x1, y1, nd);
	struct ecc_point q = ECC_POINT_INIT((u64 *)pk->x, (u64 *)pk->y, nd);
	u8 hb[HIP_ECDSA_MAX_BYTES] = { 0 };

	if (!curve)
		return -EOPNOTSUPP;
	if (siglen != 2 * nb || !hlen || hlen > HIP_ECDSA_HLEN)
		return -EBADMSG;
	vli_from_be64(r, sig, nd);
	vli_from_be64(s, sig + nb, nd);
	if (vli_is_zero(r, nd) || vli_cmp(r, curve->n, nd) >= 0 ||
	    vli_is_zero(s, nd) || vli_cmp(s, curve->n, nd) >= 0)
		return -EBADMSG;

	/* e = bits2int(h) mod n (RFC 6979 2.3.2): the leftmost nb bytes of
	 * a longer hash, a shorter one as a number (left-padded)
	 */
	if (hlen >= nb)
		memcpy(hb, h, nb);
	else
		memcpy(hb + nb - hlen, h, hlen);
	vli_from_be64(e, hb, nd);
	hip_vli_reduce_once(e, curve->n, nd);

	/* u1 = e / s, u2 = r / s; (x1, y1) = u1 * G + u2 * Q */
	vli_mod_inv(w, s, curve->n, nd);
	vli_mod_mult_slow(u1, e, w, curve->n, nd);
	vli_mod_mult_slow(u2, r, w, curve->n, nd);
	ecc_point_mult_shamir(&res, u1, &curve->g, u2, &q, curve);
	if (ecc_point_is_zero(&res))
		return -EBADMSG;
	hip_vli_reduce_once(x1, curve->n, nd);
	return vli_cmp(x1, r, nd) ? -EBADMSG : 0;
}

int hip_ecdsa_verify(const struct hip_ecdsa_pubkey *pk, const u8 *data,
		     unsigned int len, const u8 *sig, unsigned int siglen)
{
	const struct hip_kvec v = { data, len };
	u8 h[HIP_ECDSA_HLEN];
	int err;

	/* HIP_SIGNATURE: SHA-384 on both curves (see the top of the file) */
	err = hip_hash_vec(HIP_ECDSA_HLEN, &v, 1, h);
	if (err)
		return err;
	return hip_ecdsa_verify_digest(pk, h, sizeof(h), sig, siglen);
}

#include "selftest/ecdsa.c"
