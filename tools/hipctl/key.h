/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Private key files: load (PEM PKCS#8, traditional PEM or DER) and turn
 * into what the kernel wants (include/uapi/linux/hip.h):
 *   - the HIP_A_HI_PRIVKEY bytes (RSA: DER PKCS#1 RSAPrivateKey;
 *     ECDSA: big-endian scalar padded to the curve size; EdDSA: seed),
 *   - the HOST_ID "Host Identity" field the HIT is derived from.
 */
#ifndef HIPCTL_KEY_H
#define HIPCTL_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

struct hip_key {
	unsigned int algo;	/* enum hip_hi_algo */
	unsigned int curve;	/* enum hip_ecdsa_curve (ECDSA only, else 0) */
	unsigned int bits;	/* key size */
	uint8_t *priv;		/* HIP_A_HI_PRIVKEY; cleansed by key_free() */
	size_t priv_len;
	uint8_t *pub;		/* HOST_ID Host Identity field */
	size_t pub_len;
};

/*
 * Loads FILE.  On failure prints one error line (with the current context)
 * and returns -1; *key is then empty and needs no key_free().
 */
int key_load(const char *path, struct hip_key *key);
void key_free(struct hip_key *key);

/*
 * The key of FILE as an OpenSSL key: a private key, or with public_ok
 * also a public key (SubjectPublicKeyInfo or PKCS#1, PEM or DER).  NULL
 * after printing one error line.
 */
EVP_PKEY *key_read_pkey(const char *path, bool public_ok);

/*
 * The public half of pkey (private or public) into key: algo, curve,
 * bits and the HOST_ID field; key->priv stays NULL.  name is for the
 * error line.  RSA and ECDSA P-256/P-384 only.  0, or -1 (error printed).
 */
int key_pub_from_pkey(const char *name, EVP_PKEY *pkey, struct hip_key *key);

/*
 * The public key of a HOST_ID Host Identity field (what the kernel
 * reports in HIP_A_HI_PUBKEY); NULL if malformed or unsupported.
 */
EVP_PKEY *key_pkey_from_hi(unsigned int algo, const uint8_t *hi, size_t len);

#endif /* HIPCTL_KEY_H */
