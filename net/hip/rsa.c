// SPDX-License-Identifier: GPL-2.0
/*
 * RSA host identities and signatures.
 *
 * - Private keys come from user space as DER PKCS#1 RSAPrivateKey (uapi
 *   HIP_A_HI_PRIVKEY).  We keep that DER, since the kernel's akcipher takes
 *   it as it is, and derive the public key from it ourselves, so that a
 *   host identity cannot claim a public key that is not its own.
 * - The public key, as the "Host Identity" field of HOST_ID (RFC 7401
 *   section 5.2.9), is the RFC 3110 encoding: e_len (1 byte, or 0 and 2
 *   bytes) | e | n, with no leading zero bytes.  A peer's is converted to
 *   a DER RSAPublicKey for the akcipher.
 * - HIP_SIGNATURE (section 5.2.14): RSASSA-PSS (RFC 3447 section 8.1),
 *   since section 5.2.9 says "For RSA signature padding, the Probabilistic
 *   Signature Scheme (PSS) method of padding [RFC3447] MUST be used".
 *   Hash SHA-256 (the hash of HIT suite 1, section 5.2.10), MGF1 with
 *   SHA-256 (RFC 3447 section 8.1 recommends the same hash), salt length
 *   32 = hLen (section 9.1, note 4).  The signature is the k-byte integer
 *   s, k the modulus size, as RFC 3447 section 8.1.1 outputs it and as
 *   RFC 5702 stores an RSA/SHA-256 signature.  We verify any salt length
 *   (see hip_emsa_pss_verify()).  Documentation/hip/protocol.rst says why
 *   PSS and not the PKCS #1 v1.5 padding RFC 5702 describes.
 * - EMSA-PSS (section 9.1) is done here; the kernel's raw "rsa" akcipher
 *   does RSASP1 (decrypt with the private key) and RSAVP1 (encrypt with
 *   the public key), the same on 6.1 and 6.12.  A signing tfm is
 *   allocated per call, since setkey on a shared tfm would race; a peer's
 *   public key keeps its tfm, which verification only reads.
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <crypto/akcipher.h>
#include <crypto/algapi.h>
#include <crypto/internal/rsa.h>
#include <linux/hip.h>

#include "crypto.h"
#include "rsa.h"

/* The raw RSA primitive: EMSA-PSS is done here (neither 6.1 nor 6.12 has a
 * PSS template, and "pkcs1pad" only does PKCS #1 v1.5).
 */
#define HIP_RSA_ALG		"rsa"
#define HIP_PSS_HLEN		32	/* SHA-256 */

/* ---- private keys ---- */

/* rsa_parse_priv_key() ignores bytes after the outer SEQUENCE; refuse
 * them, and BER's indefinite length, by checking the DER header of the
 * SEQUENCE against the total length.
 */
static bool hip_der_sequence_is_exact(const u8 *der, size_t len)
{
	size_t hdr_len, content_len = 0, i;

	if (len < 2 || der[0] != 0x30)
		return false;
	if (der[1] < 0x80) {
		hdr_len = 2;
		content_len = der[1];
	} else {
		/* long form: 1 or 2 length bytes are enough for our limit */
		hdr_len = 2 + (der[1] & 0x7f);
		if (hdr_len == 2 || hdr_len > 4 || len < hdr_len)
			return false;
		for (i = 2; i < hdr_len; i++)
			content_len = content_len << 8 | der[i];
	}
	return hdr_len + content_len == len;
}

static const u8 *hip_strip_leading_zeros(const u8 *p, size_t *len)
{
	while (*len && !*p) {
		p++;
		(*len)--;
	}
	return p;
}

/* Checks of n and e that the kernel's RSA does not make itself */
static int hip_rsa_check_pub(const u8 *n, size_t n_len, const u8 *e,
			     size_t e_len, unsigned int *bits,
			     struct netlink_ext_ack *extack)
{
	if (!n_len || n_len > HIP_RSA_MAX_BITS / 8) {
		NL_SET_ERR_MSG(extack, "RSA key must have 2048 to 4096 bits");
		return -EINVAL;
	}
	*bits = (n_len - 1) * 8 + fls(n[0]);
	if (*bits < HIP_RSA_MIN_BITS || *bits > HIP_RSA_MAX_BITS) {
		NL_SET_ERR_MSG(extack, "RSA key must have 2048 to 4096 bits");
		return -EINVAL;
	}
	if (!(n[n_len - 1] & 1)) {
		NL_SET_ERR_MSG(extack, "RSA modulus is even");
		return -EINVAL;
	}
	if (!e_len || !(e[e_len - 1] & 1) || (e_len == 1 && e[0] < 3)) {
		NL_SET_ERR_MSG(extack,
			       "RSA public exponent must be odd and at least 3");
		return -EINVAL;
	}
	if (e_len > n_len || (e_len == n_len && memcmp(e, n, n_len) >= 0)) {
		NL_SET_ERR_MSG(extack,
			       "RSA public exponent is not smaller than the modulus");
		return -EINVAL;
	}
	return 0;
}

/**
 * hip_rsa_privkey_init() - check an RSA private key, derive its public key
 * @key: the key to fill in
 * @der: DER PKCS#1 RSAPrivateKey
 * @len: length of @der
 * @pub: receives the public key, RFC 3110 encoding, to be kfree()d
 * @pub_len: receives the length of *@pub
 * @extack: for the reason of a failure, may be NULL
 *
 * Return: 0, -EINVAL for a malformed or unsupported key, or -ENOMEM.
 */
int hip_rsa_privkey_init(struct hip_rsa_privkey *key, const u8 *der,
			 size_t len, u8 **pub, unsigned int *pub_len,
			 struct netlink_ext_ack *extack)
{
	struct rsa_key raw = {};
	size_t n_len, e_len, hdr_len;
	const u8 *n, *e;
	unsigned int bits;
	int err;
	u8 *p;

	if (len > HIP_PRIVKEY_MAX_LEN || !hip_der_sequence_is_exact(der, len) ||
	    rsa_parse_priv_key(&raw, der, len)) {
		NL_SET_ERR_MSG(extack,
			       "RSA private key is not a DER PKCS#1 RSAPrivateKey");
		return -EINVAL;
	}

	n_len = raw.n_sz;
	n = hip_strip_leading_zeros(raw.n, &n_len);
	e_len = raw.e_sz;
	e = hip_strip_leading_zeros(raw.e, &e_len);
	err = hip_rsa_check_pub(n, n_len, e, e_len, &bits, extack);
	if (err)
		return err;

	hdr_len = e_len > 255 ? 3 : 1;
	p = kmalloc(hdr_len + e_len + n_len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	if (hdr_len == 1) {
		p[0] = e_len;
	} else {
		p[0] = 0;
		put_unaligned_be16(e_len, &p[1]);
	}
	memcpy(&p[hdr_len], e, e_len);
	memcpy(&p[hdr_len + e_len], n, n_len);

	key->der = kmemdup(der, len, GFP_KERNEL);
	if (!key->der) {
		kfree(p);
		return -ENOMEM;
	}
	key->der_len = len;
	key->bits = bits;
	*pub = p;
	*pub_len = hdr_len + e_len + n_len;
	return 0;
}

void hip_rsa_privkey_destroy(struct hip_rsa_privkey *key)
{
	kfree_sensitive(key->der);
	key->der = NULL;
	key->der_len = 0;
}

unsigned int hip_rsa_sig_len(const struct hip_rsa_privkey *key)
{
	return DIV_ROUND_UP(key->bits, 8);
}

/* ---- EMSA-PSS (RFC 3447 section 9.1), SHA-256 and MGF1-SHA-256 ---- */

/* @db ^= MGF1(@seed, @len): RFC 3447 appendix B.2.1, T = Hash(seed | C)
 * for the 4-byte big-endian counter C = 0, 1, ..., @seed is hLen bytes.
 */
static int hip_mgf1_xor(u8 *db, unsigned int len, const u8 *seed)
{
	u8 mask[HIP_PSS_HLEN], c[4];
	const struct hip_kvec v[2] = { { seed, HIP_PSS_HLEN }, { c, 4 } };
	unsigned int off, i, n;
	u32 counter = 0;
	int err = 0;

	for (off = 0; !err && off < len; off += n, counter++) {
		put_unaligned_be32(counter, c);
		n = min_t(unsigned int, len - off, HIP_PSS_HLEN);
		err = hip_hash_vec(HIP_PSS_HLEN, v, 2, mask);
		for (i = 0; !err && i < n; i++)
			db[off + i] ^= mask[i];
	}
	memzero_explicit(mask, sizeof(mask));
	return err;
}

/* H = Hash((0x)00 00 00 00 00 00 00 00 | mHash | salt): steps 5 and 6 of
 * RFC 3447 section 9.1.1, 12 and 13 of section 9.1.2
 */
static int hip_pss_hash(const u8 *mhash, const u8 *salt, unsigned int slen,
			u8 *h)
{
	static const u8 zeros[8];
	const struct hip_kvec v[3] = {
		{ zeros, sizeof(zeros) }, { mhash, HIP_PSS_HLEN }, { salt, slen },
	};

	return hip_hash_vec(HIP_PSS_HLEN, v, slen ? 3 : 2, h);
}

/* EMSA-PSS-ENCODE (RFC 3447 section 9.1.1) of the message digest @mhash
 * with the salt @salt into @em, emLen = ceil(@em_bits / 8) bytes:
 * EM = maskedDB | H | 0xbc, DB = PS (zeros) | 0x01 | salt.
 */
static int hip_emsa_pss_encode(const u8 *mhash, const u8 *salt,
			       unsigned int slen, unsigned int em_bits, u8 *em)
{
	const unsigned int em_len = DIV_ROUND_UP(em_bits, 8);
	const unsigned int db_len = em_len - HIP_PSS_HLEN - 1;
	int err;

	/* step 3 */
	if (em_len < HIP_PSS_HLEN + slen + 2)
		return -EINVAL;
	/* steps 5 and 6: H, right after DB */
	err = hip_pss_hash(mhash, salt, slen, em + db_len);
	if (err)
		return err;
	/* steps 7 and 8 */
	memset(em, 0, db_len - slen - 1);
	em[db_len - slen - 1] = 0x01;
	memcpy(em + db_len - slen, salt, slen);
	/* steps 9 and 10 */
	err = hip_mgf1_xor(em, db_len, em + db_len);
	if (err)
		return err;
	/* step 11: clear the leftmost 8 * emLen - emBits bits */
	em[0] &= 0xff >> (8 * em_len - em_bits);
	/* step 12 */
	em[em_len - 1] = 0xbc;
	return 0;
}

/* EMSA-PSS-VERIFY (RFC 3447 section 9.1.2) of @em (emLen =
 * ceil(@em_bits / 8) bytes, unmasked in place) against @mhash.  RFC 7401
 * fixes no salt length, and RFC 3447 section 9.1 lets it vary for one
 * key, so sLen is not an option here: it is read from DB, as what follows
 * the first nonzero octet, which must be 0x01.  Every sLen from 0 to
 * emLen - hLen - 2 passes step 3.  Everything checked is public.
 */
static int hip_emsa_pss_verify(const u8 *mhash, u8 *em, unsigned int em_bits)
{
	const unsigned int em_len = DIV_ROUND_UP(em_bits, 8);
	const u8 top = 0xff >> (8 * em_len - em_bits);
	unsigned int db_len, i;
	u8 h[HIP_PSS_HLEN];
	int err;

	/* step 3, for sLen = 0 */
	if (em_len < HIP_PSS_HLEN + 2)
		return -EBADMSG;
	db_len = em_len - HIP_PSS_HLEN - 1;
	/* steps 4 and 6: the trailer field, the leftmost bits */
	if (em[em_len - 1] != 0xbc || (em[0] & ~top))
		return -EBADMSG;
	/* steps 5, 7 to 9: DB = maskedDB ^ MGF(H, emLen - hLen - 1) */
	err = hip_mgf1_xor(em, db_len, em + db_len);
	if (err)
		return err;
	em[0] &= top;
	/* step 10: PS zero octets, then 0x01 */
	for (i = 0; i < db_len && !em[i]; i++)
		;
	if (i == db_len || em[i] != 0x01)
		return -EBADMSG;
	/* steps 11 to 14: salt = the rest of DB; H' = H */
	err = hip_pss_hash(mhash, em + i + 1, db_len - i - 1, h);
	if (!err && crypto_memneq(h, em + db_len, HIP_PSS_HLEN))
		err = -EBADMSG;
	memzero_explicit(h, sizeof(h));
	return err;
}

/* ---- RSASSA-PSS (RFC 3447 section 8.1) on the raw "rsa" akcipher ---- */

/* @dst = @src ^ d mod n (RSASP1, @priv: decrypt with the private key) or
 * @src ^ e mod n (RSAVP1: encrypt with the public key); both @k bytes,
 * the modulus size, in kmalloc'd memory.  The kernel's "rsa" refuses a
 * representative out of range (6.1: not below n; 6.12: not in 2..n - 2)
 * with -EINVAL, and left-pads its result with zeros to @k bytes.
 */
static int hip_rsa_run(struct crypto_akcipher *tfm, bool priv, const u8 *src,
		       u8 *dst, unsigned int k)
{
	struct scatterlist sg_src, sg_dst;
	struct akcipher_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	sg_init_one(&sg_src, src, k);
	sg_init_one(&sg_dst, dst, k);
	akcipher_request_set_crypt(req, &sg_src, &sg_dst, k, k);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	if (priv)
		err = crypto_wait_req(crypto_akcipher_decrypt(req), &wait);
	else
		err = crypto_wait_req(crypto_akcipher_encrypt(req), &wait);
	akcipher_request_free(req);
	return err;
}

/* RSASSA-PSS-SIGN (RFC 3447 section 8.1.1) with the salt @salt; the self
 * test calls this with a fixed salt, hip_rsa_sign() with a random one.
 */
static int hip_rsa_sign_salt(const struct hip_rsa_privkey *key,
			     const u8 *data, unsigned int len, const u8 *salt,
			     unsigned int slen, u8 *sig, unsigned int *siglen)
{
	const unsigned int k = hip_rsa_sig_len(key);
	const unsigned int em_len = DIV_ROUND_UP(key->bits - 1, 8);
	const struct hip_kvec v = { data, len };
	struct crypto_akcipher *tfm;
	u8 *buf;
	int err;

	if (!k || k > HIP_SIG_MAX)
		return -EINVAL;

	tfm = crypto_alloc_akcipher(HIP_RSA_ALG, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_akcipher_set_priv_key(tfm, key->der, key->der_len);
	if (err)
		goto out_tfm;
	/* The kernel's RSA takes 2048, 3072 and 4096-bit moduli only. */
	if (crypto_akcipher_maxsize(tfm) != k) {
		err = -EOPNOTSUPP;
		goto out_tfm;
	}

	/* EM, left-padded to k bytes (emLen = k - 1 if modBits = 8n + 1) |
	 * signature | mHash
	 */
	err = -ENOMEM;
	buf = kzalloc(2 * k + HIP_PSS_HLEN, GFP_KERNEL);
	if (!buf)
		goto out_tfm;
	err = hip_hash_vec(HIP_PSS_HLEN, &v, 1, buf + 2 * k);
	if (!err)
		err = hip_emsa_pss_encode(buf + 2 * k, salt, slen,
					  key->bits - 1, buf + k - em_len);
	if (!err)
		err = hip_rsa_run(tfm, true, buf, buf + k, k);
	if (!err) {
		memcpy(sig, buf + k, k);
		*siglen = k;
	}
	kfree_sensitive(buf);
out_tfm:
	crypto_free_akcipher(tfm);
	return err;
}

int hip_rsa_sign(const struct hip_rsa_privkey *key, const u8 *data,
		 unsigned int len, u8 *sig, unsigned int *siglen)
{
	u8 salt[HIP_RSA_PSS_SALT_LEN];
	int err;

	/* RFC 3447 section 9.1.1 step 4: a random salt */
	get_random_bytes(salt, sizeof(salt));
	err = hip_rsa_sign_salt(key, data, len, salt, sizeof(salt), sig,
				siglen);
	memzero_explicit(salt, sizeof(salt));
	return err;
}

static int hip_der_put_len(u8 *p, unsigned int len)
{
	if (len < 0x80) {
		p[0] = len;
		return 1;
	}
	if (len < 0x100) {
		p[0] = 0x81;
		p[1] = len;
		return 2;
	}
	p[0] = 0x82;
	put_unaligned_be16(len, &p[1]);
	return 3;
}

static unsigned int hip_der_int_len(const u8 *v, unsigned int len)
{
	unsigned int content = len + (v[0] & 0x80 ? 1 : 0);

	return 1 + (content < 0x80 ? 1 : content < 0x100 ? 2 : 3) + content;
}

static u8 *hip_der_put_int(u8 *p, const u8 *v, unsigned int len)
{
	bool pad = v[0] & 0x80;

	*p++ = 0x02;
	p += hip_der_put_len(p, len + pad);
	if (pad)
		*p++ = 0;
	memcpy(p, v, len);
	return p + len;
}

/* RFC 3110: e_len (1 byte, or 0 and 2 bytes) | e | n -> DER RSAPublicKey */
int hip_rsa_pubkey_init(struct hip_rsa_pubkey *pk, const u8 *hi,
			unsigned int len)
{
	unsigned int e_len, n_len, off, bits, seq_len, der_len;
	const u8 *e, *n;
	u8 *der, *p;
	int err;

	if (len < 1)
		return -EINVAL;
	if (hi[0]) {
		e_len = hi[0];
		off = 1;
	} else {
		if (len < 3)
			return -EINVAL;
		e_len = get_unaligned_be16(&hi[1]);
		off = 3;
	}
	if (!e_len || e_len >= len - off)
		return -EINVAL;
	e = hi + off;
	n = e + e_len;
	n_len = len - off - e_len;
	/* no leading zeros (RFC 3110), e odd and >= 3, e < n */
	if (!e[0] || !n[0] || !(e[e_len - 1] & 1) ||
	    (e_len == 1 && e[0] < 3) || !(n[n_len - 1] & 1) ||
	    e_len > n_len || (e_len == n_len && memcmp(e, n, n_len) >= 0))
		return -EINVAL;

	bits = (n_len - 1) * 8 + fls(n[0]);
	if (bits != 2048 && bits != 3072 && bits != 4096)
		return -EOPNOTSUPP;

	seq_len = hip_der_int_len(n, n_len) + hip_der_int_len(e, e_len);
	der = kmalloc(seq_len + 4, GFP_KERNEL);
	if (!der)
		return -ENOMEM;
	p = der;
	*p++ = 0x30;
	p += hip_der_put_len(p, seq_len);
	p = hip_der_put_int(p, n, n_len);
	p = hip_der_put_int(p, e, e_len);
	der_len = p - der;

	pk->tfm = crypto_alloc_akcipher(HIP_RSA_ALG, 0, 0);
	if (IS_ERR(pk->tfm)) {
		err = PTR_ERR(pk->tfm);
		pk->tfm = NULL;
		goto out;
	}
	err = crypto_akcipher_set_pub_key(pk->tfm, der, der_len);
	if (err)
		err = -EINVAL;
	else if (crypto_akcipher_maxsize(pk->tfm) != n_len)
		err = -EOPNOTSUPP;
	pk->n_len = n_len;
	pk->bits = bits;
	if (err)
		hip_rsa_pubkey_destroy(pk);
out:
	kfree(der);
	return err;
}

void hip_rsa_pubkey_destroy(struct hip_rsa_pubkey *pk)
{
	if (pk->tfm)
		crypto_free_akcipher(pk->tfm);
	pk->tfm = NULL;
}

/* RSASSA-PSS-VERIFY (RFC 3447 section 8.1.2) */
int hip_rsa_verify(const struct hip_rsa_pubkey *pk, const u8 *data,
		   unsigned int len, const u8 *sig, unsigned int siglen)
{
	const unsigned int k = pk->n_len;
	const unsigned int em_len = DIV_ROUND_UP(pk->bits - 1, 8);
	const struct hip_kvec v = { data, len };
	u8 *buf;
	int err;

	/* step 1 */
	if (siglen != k)
		return -EBADMSG;
	/* s | m (k bytes each) | mHash */
	buf = kmalloc(2 * k + HIP_PSS_HLEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, sig, k);
	/* step 2b: m = s ^ e mod n, refused if s is out of range */
	err = hip_rsa_run(pk->tfm, false, buf, buf + k, k);
	if (err == -EINVAL || err == -EBADMSG || err == -EOVERFLOW) {
		err = -EBADMSG;
		goto out;
	}
	if (err)
		goto out;
	/* step 2c: EM = I2OSP(m, emLen), "integer too large" if the octets
	 * before the last emLen are not zero
	 */
	if (memchr_inv(buf + k, 0, k - em_len)) {
		err = -EBADMSG;
		goto out;
	}
	/* step 3 */
	err = hip_hash_vec(HIP_PSS_HLEN, &v, 1, buf + 2 * k);
	if (!err)
		err = hip_emsa_pss_verify(buf + 2 * k, buf + 2 * k - em_len,
					  pk->bits - 1);
out:
	kfree(buf);
	return err;
}

#include "selftest/rsa.c"
