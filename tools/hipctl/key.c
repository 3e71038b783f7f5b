// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Loading private key files and encoding them for the kernel.
 *
 * Accepted: whatever `openssl genpkey` writes (PEM PKCS#8), traditional
 * PEM ("RSA PRIVATE KEY", "EC PRIVATE KEY") and the DER forms of both.
 * Refused with one clear line: missing/empty/oversized files, garbage,
 * public keys, encrypted keys, other algorithms and curves, RSA sizes
 * outside HIP_RSA_MIN_BITS..HIP_RSA_MAX_BITS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <linux/hip.h>

#include "key.h"
#include "util.h"

#define KEY_FILE_MAX	(64 * 1024)
/* one byte more to detect oversized files, one for a terminating NUL */
#define READ_BUF_SIZE	(KEY_FILE_MAX + 2)
#define ED25519_LEN	32
#define HIP_EDDSA_ED25519	1	/* RFC 9374 EdDSA curve label */

/* Reads the whole file; returns its length, or -1 after printing an error. */
static ssize_t read_file(const char *path, uint8_t **out)
{
	size_t len = 0, cap = KEY_FILE_MAX + 1;
	uint8_t *buf;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		errorf("%s: %s", path, strerror(errno));
		return -1;
	}
	buf = OPENSSL_malloc(READ_BUF_SIZE);
	if (!buf) {
		close(fd);
		errorf("%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	while (len < cap) {
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			errorf("%s: %s", path, strerror(errno));
			goto err;
		}
		if (r == 0)
			break;
		len += r;
	}
	if (len == 0) {
		errorf("%s: empty file", path);
		goto err;
	}
	if (len > KEY_FILE_MAX) {
		errorf("%s: file too large for a key", path);
		goto err;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return len;
err:
	close(fd);
	OPENSSL_clear_free(buf, READ_BUF_SIZE);
	return -1;
}

/* Never prompt on the terminal for a pass phrase. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf; (void)size; (void)rwflag; (void)u;
	return -1;
}

static bool is_pem(const uint8_t *buf)
{
	return strstr((const char *)buf, "-----BEGIN ") != NULL;
}

/* Decodes a private key; explains precisely why not when it cannot. */
static EVP_PKEY *decode_private_key(const char *path, const uint8_t *buf,
				    size_t len)
{
	const char *text = (const char *)buf;
	const unsigned char *p;
	EVP_PKEY *pkey = NULL;
	BIO *bio;

	if (is_pem(buf)) {
		bio = BIO_new_mem_buf(buf, len);
		if (bio) {
			pkey = PEM_read_bio_PrivateKey(bio, NULL,
						       no_passphrase, NULL);
			BIO_free(bio);
		}
		if (pkey)
			return pkey;
		if (strstr(text, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
		    strstr(text, "Proc-Type: 4,ENCRYPTED")) {
			errorf("%s: encrypted private keys are not supported",
			       path);
			return NULL;
		}
		if (strstr(text, "PRIVATE KEY-----")) {
			errorf("%s: cannot decode the private key", path);
			return NULL;
		}
		if (strstr(text, "PUBLIC KEY-----") ||
		    strstr(text, "-----BEGIN CERTIFICATE-----")) {
			errorf("%s: contains no private key (a public key or certificate only)",
			       path);
			return NULL;
		}
		errorf("%s: not a private key (PEM or DER expected)", path);
		return NULL;
	}

	p = buf;
	pkey = d2i_AutoPrivateKey(NULL, &p, len);
	if (pkey)
		return pkey;

	/* SubjectPublicKeyInfo or PKCS#1 RSAPublicKey in DER? */
	p = buf;
	pkey = d2i_PUBKEY(NULL, &p, len);
	if (!pkey) {
		p = buf;
		pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len);
	}
	if (pkey) {
		EVP_PKEY_free(pkey);
		errorf("%s: contains no private key (a public key only)", path);
		return NULL;
	}
	errorf("%s: not a private key (PEM or DER expected)", path);
	return NULL;
}

/* BN parameter as exactly len big-endian bytes (len == 0: minimal). */
static uint8_t *bn_param(EVP_PKEY *pkey, const char *name, size_t len,
			 size_t *outlen)
{
	BIGNUM *bn = NULL;
	uint8_t *out;

	if (!EVP_PKEY_get_bn_param(pkey, name, &bn))
		return NULL;
	if (!len)
		len = BN_num_bytes(bn);
	out = OPENSSL_malloc(len ? len : 1);
	if (out && BN_bn2binpad(bn, out, len) < 0) {
		OPENSSL_clear_free(out, len);
		out = NULL;
	}
	BN_clear_free(bn);
	*outlen = out ? len : 0;
	return out;
}

/* HOST_ID Host Identity field of an RSA key (RFC 3110, RFC 7401 5.2.9) */
static int rsa_pub(const char *path, EVP_PKEY *pkey, struct hip_key *key)
{
	uint8_t *e = NULL, *n = NULL, *p;
	size_t e_len = 0, n_len = 0;
	int ret = -1;

	key->algo = HIP_HI_RSA;
	key->bits = EVP_PKEY_get_bits(pkey);
	if (key->bits < HIP_RSA_MIN_BITS || key->bits > HIP_RSA_MAX_BITS) {
		errorf("%s: RSA key size %u bits is not supported (%u..%u)",
		       path, key->bits, HIP_RSA_MIN_BITS, HIP_RSA_MAX_BITS);
		return -1;
	}

	e = bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, 0, &e_len);
	n = bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, 0, &n_len);
	if (!e || !n || !e_len || e_len > 0xffff) {
		errorf("%s: invalid RSA public key", path);
		goto out;
	}

	/* RFC 3110: e_len (1 byte, or 0 then 2 bytes) | e | n, all minimal */
	key->pub_len = (e_len < 256 ? 1 : 3) + e_len + n_len;
	key->pub = OPENSSL_malloc(key->pub_len);
	if (!key->pub)
		goto nomem;
	p = key->pub;
	if (e_len < 256) {
		*p++ = e_len;
	} else {
		*p++ = 0;
		*p++ = e_len >> 8;
		*p++ = e_len & 0xff;
	}
	memcpy(p, e, e_len);
	memcpy(p + e_len, n, n_len);
	ret = 0;
	goto out;
nomem:
	errorf("%s: %s", path, strerror(ENOMEM));
out:
	OPENSSL_free(e);
	OPENSSL_free(n);
	return ret;
}

static int load_rsa(const char *path, EVP_PKEY *pkey, struct hip_key *key)
{
	uint8_t *der = NULL;
	int der_len;

	if (rsa_pub(path, pkey, key))
		return -1;
	/* For an RSA EVP_PKEY this is the PKCS#1 RSAPrivateKey structure. */
	der_len = i2d_PrivateKey(pkey, &der);
	if (der_len <= 0) {
		errorf("%s: cannot encode the RSA private key", path);
		return -1;
	}
	if (der_len > HIP_PRIVKEY_MAX_LEN) {
		OPENSSL_clear_free(der, der_len);
		errorf("%s: RSA private key too large (%d bytes, max %u)",
		       path, der_len, HIP_PRIVKEY_MAX_LEN);
		return -1;
	}
	key->priv = der;
	key->priv_len = der_len;
	return 0;
}

static int load_ecdsa(const char *path, EVP_PKEY *pkey, struct hip_key *key,
		      bool with_priv)
{
	uint8_t *x = NULL, *y = NULL;
	size_t clen, xl, yl;
	char name[80];
	size_t name_len;
	int nid, ret = -1;

	key->algo = HIP_HI_ECDSA;
	if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
					    name, sizeof(name), &name_len)) {
		errorf("%s: unsupported curve (explicit parameters)", path);
		return -1;
	}
	nid = EC_curve_nist2nid(name);
	if (nid == NID_undef)
		nid = OBJ_txt2nid(name);
	switch (nid) {
	case NID_X9_62_prime256v1:
		key->curve = HIP_ECDSA_NIST_P256;
		clen = 32;
		break;
	case NID_secp384r1:
		key->curve = HIP_ECDSA_NIST_P384;
		clen = 48;
		break;
	default:
		errorf("%s: unsupported curve %s", path, name);
		return -1;
	}
	key->bits = clen * 8;

	if (with_priv)
		key->priv = bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, clen,
				     &key->priv_len);
	x = bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, clen, &xl);
	y = bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, clen, &yl);
	if ((with_priv && !key->priv) || !x || !y) {
		errorf("%s: invalid ECDSA key", path);
		goto out;
	}

	/* RFC 7401 5.2.9: curve (2 bytes) | 0x04 | X | Y */
	key->pub_len = 3 + 2 * clen;
	key->pub = OPENSSL_malloc(key->pub_len);
	if (!key->pub) {
		errorf("%s: %s", path, strerror(ENOMEM));
		goto out;
	}
	key->pub[0] = key->curve >> 8;
	key->pub[1] = key->curve & 0xff;
	key->pub[2] = 0x04;
	memcpy(key->pub + 3, x, clen);
	memcpy(key->pub + 3 + clen, y, clen);
	ret = 0;
out:
	OPENSSL_free(x);
	OPENSSL_free(y);
	return ret;
}

static int load_ed25519(const char *path, EVP_PKEY *pkey, struct hip_key *key)
{
	size_t len = ED25519_LEN;

	key->algo = HIP_HI_EDDSA;
	key->bits = 256;
	key->priv = OPENSSL_malloc(ED25519_LEN);
	key->pub = OPENSSL_malloc(2 + ED25519_LEN);
	if (!key->priv || !key->pub) {
		errorf("%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	key->priv_len = ED25519_LEN;
	key->pub_len = 2 + ED25519_LEN;
	if (!EVP_PKEY_get_raw_private_key(pkey, key->priv, &len) ||
	    len != ED25519_LEN) {
		errorf("%s: invalid Ed25519 key", path);
		return -1;
	}
	len = ED25519_LEN;
	/* RFC 9374: EdDSA curve (2 bytes) | public key */
	key->pub[0] = 0;
	key->pub[1] = HIP_EDDSA_ED25519;
	if (!EVP_PKEY_get_raw_public_key(pkey, key->pub + 2, &len) ||
	    len != ED25519_LEN) {
		errorf("%s: invalid Ed25519 key", path);
		return -1;
	}
	return 0;
}

int key_load(const char *path, struct hip_key *key)
{
	EVP_PKEY *pkey;
	uint8_t *buf;
	ssize_t len;
	int ret;

	memset(key, 0, sizeof(*key));
	len = read_file(path, &buf);
	if (len < 0)
		return -1;
	pkey = decode_private_key(path, buf, len);
	OPENSSL_clear_free(buf, READ_BUF_SIZE);
	if (!pkey) {
		ERR_clear_error();
		return -1;
	}

	if (EVP_PKEY_is_a(pkey, "RSA")) {
		ret = load_rsa(path, pkey, key);
	} else if (EVP_PKEY_is_a(pkey, "EC")) {
		ret = load_ecdsa(path, pkey, key, true);
	} else if (EVP_PKEY_is_a(pkey, "ED25519")) {
		ret = load_ed25519(path, pkey, key);
	} else {
		const char *name = EVP_PKEY_get0_type_name(pkey);

		errorf("%s: unsupported key algorithm %s", path,
		       name ? name : "(unknown)");
		ret = -1;
	}
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	if (ret)
		key_free(key);
	return ret;
}

void key_free(struct hip_key *key)
{
	OPENSSL_clear_free(key->priv, key->priv_len);
	OPENSSL_free(key->pub);
	memset(key, 0, sizeof(*key));
}

/*
 * Decodes a public key (SubjectPublicKeyInfo or PKCS#1 RSAPublicKey, PEM
 * or DER) with the OpenSSL 3 decoders.
 */
static EVP_PKEY *decode_public_key(const uint8_t *buf, size_t len)
{
	const unsigned char *data = buf;
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY *pkey = NULL;
	size_t left = len;

	dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, NULL, NULL, NULL,
					     EVP_PKEY_PUBLIC_KEY, NULL, NULL);
	if (!dctx)
		return NULL;
	if (!OSSL_DECODER_from_data(dctx, &data, &left))
		pkey = NULL;
	OSSL_DECODER_CTX_free(dctx);
	return pkey;
}

EVP_PKEY *key_read_pkey(const char *path, bool public_ok)
{
	EVP_PKEY *pkey = NULL;
	uint8_t *buf;
	ssize_t len;

	len = read_file(path, &buf);
	if (len < 0)
		return NULL;
	if (public_ok && !strstr((const char *)buf, "PRIVATE KEY-----"))
		pkey = decode_public_key(buf, len);
	if (!pkey) {
		ERR_clear_error();
		pkey = decode_private_key(path, buf, len);
	}
	OPENSSL_clear_free(buf, READ_BUF_SIZE);
	ERR_clear_error();
	return pkey;
}

int key_pub_from_pkey(const char *name, EVP_PKEY *pkey, struct hip_key *key)
{
	int ret;

	memset(key, 0, sizeof(*key));
	if (EVP_PKEY_is_a(pkey, "RSA")) {
		ret = rsa_pub(name, pkey, key);
	} else if (EVP_PKEY_is_a(pkey, "EC")) {
		ret = load_ecdsa(name, pkey, key, false);
	} else {
		const char *type = EVP_PKEY_get0_type_name(pkey);

		errorf("%s: unsupported key algorithm %s (RSA or ECDSA P-256/P-384)",
		       name, type ? type : "(unknown)");
		ret = -1;
	}
	ERR_clear_error();
	if (ret)
		key_free(key);
	return ret;
}

/* RSA: RFC 3110 e_len | e | n (RFC 7401 5.2.9) */
static EVP_PKEY *rsa_from_hi(const uint8_t *hi, size_t len,
			     OSSL_PARAM_BLD *bld)
{
	size_t e_len, off;
	BIGNUM *e = NULL, *n = NULL;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM *params = NULL;

	if (len < 1)
		return NULL;
	if (hi[0]) {
		e_len = hi[0];
		off = 1;
	} else {
		if (len < 3)
			return NULL;
		e_len = (size_t)hi[1] << 8 | hi[2];
		off = 3;
	}
	if (!e_len || len <= off + e_len)
		return NULL;
	e = BN_bin2bn(hi + off, e_len, NULL);
	n = BN_bin2bn(hi + off + e_len, len - off - e_len, NULL);
	if (!e || !n ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	BN_free(e);
	BN_free(n);
	return pkey;
}

/* ECDSA: curve (2 bytes) | 0x04 | X | Y (RFC 7401 5.2.9) */
static EVP_PKEY *ecdsa_from_hi(const uint8_t *hi, size_t len,
			       OSSL_PARAM_BLD *bld)
{
	const char *group;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM *params = NULL;
	size_t clen;

	if (len < 3)
		return NULL;
	switch ((unsigned int)hi[0] << 8 | hi[1]) {
	case HIP_ECDSA_NIST_P256:
		group = SN_X9_62_prime256v1;
		clen = 32;
		break;
	case HIP_ECDSA_NIST_P384:
		group = SN_secp384r1;
		clen = 48;
		break;
	default:
		return NULL;
	}
	if (len != 3 + 2 * clen || hi[2] != 0x04)
		return NULL;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     group, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      hi + 2, len - 2))
		return NULL;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

EVP_PKEY *key_pkey_from_hi(unsigned int algo, const uint8_t *hi, size_t len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = NULL;

	if (!bld)
		return NULL;
	if (algo == HIP_HI_RSA)
		pkey = rsa_from_hi(hi, len, bld);
	else if (algo == HIP_HI_ECDSA)
		pkey = ecdsa_from_hi(hi, len, bld);
	OSSL_PARAM_BLD_free(bld);
	ERR_clear_error();
	return pkey;
}
