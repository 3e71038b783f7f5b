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
 * - HIP_SIGNATURE (section 5.2.14): RSASSA-PKCS1-v1_5 with SHA-256, as in
 *   RFC 5702, on "pkcs1pad(rsa,sha256)" (6.1 and 6.12).  A signing tfm is
 *   allocated per call, since setkey on a shared tfm would race; a peer's
 *   public key keeps its tfm, which verification only reads.
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/netlink.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <crypto/akcipher.h>
#include <crypto/internal/rsa.h>
#include <linux/hip.h>

#include "crypto.h"
#include "rsa.h"

#define HIP_RSA_ALG		"pkcs1pad(rsa,sha256)"
#define HIP_RSA_DIGEST_LEN	32

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

/* ---- signing and verification ---- */

static int hip_akcipher_run(struct crypto_akcipher *tfm, bool sign,
			    u8 *src, unsigned int src_len, unsigned int sg_len,
			    u8 *dst, unsigned int dst_len,
			    unsigned int *out_len)
{
	struct scatterlist sg_src, sg_dst;
	struct akcipher_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	sg_init_one(&sg_src, src, sg_len);
	if (dst)
		sg_init_one(&sg_dst, dst, dst_len);
	akcipher_request_set_crypt(req, &sg_src, dst ? &sg_dst : NULL,
				   src_len, dst_len);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	if (sign)
		err = crypto_wait_req(crypto_akcipher_sign(req), &wait);
	else
		err = crypto_wait_req(crypto_akcipher_verify(req), &wait);
	if (out_len)
		*out_len = req->dst_len;
	akcipher_request_free(req);
	return err;
}

int hip_rsa_sign(const struct hip_rsa_privkey *key, const u8 *data,
		 unsigned int len, u8 *sig, unsigned int *siglen)
{
	unsigned int klen = hip_rsa_sig_len(key), out_len;
	struct crypto_akcipher *tfm;
	const struct hip_kvec v = { data, len };
	u8 *buf;
	int err;

	if (!klen || klen > HIP_SIG_MAX)
		return -EINVAL;

	tfm = crypto_alloc_akcipher(HIP_RSA_ALG, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_akcipher_set_priv_key(tfm, key->der, key->der_len);
	if (err)
		goto out_tfm;
	/* The kernel's RSA takes 2048, 3072 and 4096-bit moduli only. */
	if (crypto_akcipher_maxsize(tfm) != klen) {
		err = -EOPNOTSUPP;
		goto out_tfm;
	}

	err = -ENOMEM;
	buf = kzalloc(HIP_RSA_DIGEST_LEN + klen, GFP_KERNEL);
	if (!buf)
		goto out_tfm;
	err = hip_hash_vec(HIP_RSA_DIGEST_LEN, &v, 1, buf);
	if (err)
		goto out_buf;
	err = hip_akcipher_run(tfm, true, buf, HIP_RSA_DIGEST_LEN,
			       HIP_RSA_DIGEST_LEN, buf + HIP_RSA_DIGEST_LEN,
			       klen, &out_len);
	if (err)
		goto out_buf;
	if (out_len > klen) {
		err = -EINVAL;
		goto out_buf;
	}
	/* Left-pad to the modulus length (pkcs1pad already does) */
	memset(sig, 0, klen - out_len);
	memcpy(sig + klen - out_len, buf + HIP_RSA_DIGEST_LEN, out_len);
	*siglen = klen;
out_buf:
	kfree(buf);
out_tfm:
	crypto_free_akcipher(tfm);
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

int hip_rsa_verify(const struct hip_rsa_pubkey *pk, const u8 *data,
		   unsigned int len, const u8 *sig, unsigned int siglen)
{
	const struct hip_kvec v = { data, len };
	u8 *buf;
	int err;

	if (siglen != pk->n_len)
		return -EBADMSG;
	buf = kmalloc(siglen + HIP_RSA_DIGEST_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, sig, siglen);
	err = hip_hash_vec(HIP_RSA_DIGEST_LEN, &v, 1, buf + siglen);
	if (err)
		goto out;
	/* src = signature | digest, no destination */
	err = hip_akcipher_run(pk->tfm, false, buf, siglen,
			       siglen + HIP_RSA_DIGEST_LEN, NULL,
			       HIP_RSA_DIGEST_LEN, NULL);
	if (err == -EKEYREJECTED || err == -EINVAL || err == -EBADMSG)
		err = -EBADMSG;
out:
	kfree(buf);
	return err;
}

#include "selftest/rsa.c"
