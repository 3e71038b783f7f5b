/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RSA host signatures (RFC 7401 sections 5.2.9 and 5.2.14): keys in the
 * RFC 3110 encoding of HOST_ID, RSASSA-PSS (RFC 3447 section 8.1) with
 * SHA-256, MGF1-SHA-256 and a 32-byte salt, on the kernel's raw "rsa"
 * akcipher.
 *
 * Used through the host signature API of crypto.h, which embeds these key
 * structures in struct hip_privkey and struct hip_pubkey; no other file
 * needs this header except main.c, for the self-test.  May sleep.
 */
#ifndef _HIP_RSA_H
#define _HIP_RSA_H

#include <linux/types.h>

struct crypto_akcipher;
struct netlink_ext_ack;

/**
 * struct hip_rsa_privkey - an RSA private key
 * @der: DER PKCS#1 RSAPrivateKey, freed with kfree_sensitive()
 * @der_len: length of @der
 * @bits: modulus size in bits
 */
struct hip_rsa_privkey {
	u8 *der;
	unsigned int der_len;
	unsigned int bits;
};

/**
 * struct hip_rsa_pubkey - a peer's RSA public key
 * @tfm: an akcipher holding the public key; verification only reads it,
 *	so it may be used by several verifications at once
 * @n_len: modulus size in bytes, the signature length
 * @bits: modulus size in bits
 */
struct hip_rsa_pubkey {
	struct crypto_akcipher *tfm;
	unsigned int n_len;
	unsigned int bits;
};

/* RSASSA-PSS salt length we sign with: hLen (RFC 3447 section 9.1 note 4) */
#define HIP_RSA_PSS_SALT_LEN	32

/* Check the DER PKCS#1 RSAPrivateKey @der (2048 to 4096 bits) and keep a
 * copy.  *@pub gets a kmalloc'd HOST_ID "Host Identity" field (RFC 3110:
 * e_len | e | n, *@pub_len bytes), which the caller frees with kfree().
 */
int hip_rsa_privkey_init(struct hip_rsa_privkey *key, const u8 *der,
			 size_t len, u8 **pub, unsigned int *pub_len,
			 struct netlink_ext_ack *extack);
void hip_rsa_privkey_destroy(struct hip_rsa_privkey *key);
/* Signature length: the modulus size in bytes */
unsigned int hip_rsa_sig_len(const struct hip_rsa_privkey *key);
/* RSASSA-PSS signature of @data (SHA-256, MGF1-SHA-256, random salt) */
int hip_rsa_sign(const struct hip_rsa_privkey *key, const u8 *data,
		 unsigned int len, u8 *sig, unsigned int *siglen);

/* Parse the HOST_ID "Host Identity" field @hi; -EINVAL or -EOPNOTSUPP */
int hip_rsa_pubkey_init(struct hip_rsa_pubkey *pk, const u8 *hi,
			unsigned int len);
void hip_rsa_pubkey_destroy(struct hip_rsa_pubkey *pk);
/* 0 if @sig is a valid RSASSA-PSS signature (SHA-256, MGF1-SHA-256, any
 * salt length) of @data, -EBADMSG if not, other <0 on error
 */
int hip_rsa_verify(const struct hip_rsa_pubkey *pk, const u8 *data,
		   unsigned int len, const u8 *sig, unsigned int siglen);

bool hip_rsa_selftest(void);

#endif /* _HIP_RSA_H */
