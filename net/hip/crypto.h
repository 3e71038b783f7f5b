/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptographic operations of the HIP exchanges: Diffie-Hellman, host
 * keys and signatures (RSA in rsa.c, ECDSA in ecdsa.c), RHASH/HMAC, KEYMAT
 * and puzzles (RFC 7401 sections 4.1.2, 5.2.7, 5.2.14, 6.5), on the
 * kernel crypto API.
 *
 * All functions may sleep unless noted; they are called from the HIP
 * workqueue, never from softirq.  Secrets are wiped before being freed.
 */
#ifndef _HIP_CRYPTO_H
#define _HIP_CRYPTO_H

#include <linux/types.h>
#include <linux/in6.h>

struct crypto_shash;
struct netlink_ext_ack;

#define HIP_RHASH_MAX		48	/* SHA-384 */
#define HIP_DH_PUB_MAX		384	/* MODP-3072 */
#define HIP_DH_SECRET_MAX	384
#define HIP_SIG_MAX		512	/* RSA-4096 */
/* Longest KEYMAT: HKDF gives at most 255 RHASH outputs (RFC 5869 2.3) */
#define HIP_KEYMAT_MAX		(255 * HIP_RHASH_MAX)

/* ---- RHASH by HIT suite (RFC 7401 section 5.2.10) ---- */

/* Output length of RHASH for @hit_suite: 32 (SHA-256) or 48 (SHA-384), 0 if unknown */
unsigned int hip_rhash_len(u8 hit_suite);

/* HMAC with RHASH of @hit_suite; @out gets hip_rhash_len() bytes */
int hip_hmac(u8 hit_suite, const u8 *key, unsigned int keylen,
	     const u8 *data, unsigned int len, u8 *out);

/* ---- Diffie-Hellman (RFC 7401 section 5.2.7) ---- */

struct hip_dh_key;

bool hip_dh_supported(u8 group);
/* Public value length of @group in bytes (0 if unsupported) */
unsigned int hip_dh_pub_len(u8 group);
/* New ephemeral key pair for @group (fresh random private key) */
struct hip_dh_key *hip_dh_generate(u8 group);
u8 hip_dh_group(const struct hip_dh_key *key);
/* Our public value, hip_dh_pub_len() bytes, in the DIFFIE_HELLMAN encoding */
const u8 *hip_dh_public(const struct hip_dh_key *key);
/* Shared secret Kij with @peer_pub (must be hip_dh_pub_len() bytes; an
 * invalid point or out-of-range value gives -EINVAL).  @secret receives
 * at most @maxlen bytes; *@len is set to the length written.
 */
int hip_dh_compute(struct hip_dh_key *key, const u8 *peer_pub,
		   unsigned int peer_len, u8 *secret, unsigned int maxlen,
		   unsigned int *len);
/* Refcounted: R1 precomputation shares one key among many R1s */
struct hip_dh_key *hip_dh_get(struct hip_dh_key *key);
void hip_dh_put(struct hip_dh_key *key);

/* ---- Host signatures (RFC 7401 section 5.2.14) ---- */

/* A local private key, the secret half of a host identity: RSA (rsa.c) or
 * ECDSA (ecdsa.c).  Never changes after hip_privkey_create(), so it may be
 * used by several signers at once; hip_privkey_free() wipes it.
 */
struct hip_privkey;

/* @algo is enum hip_hi_algo, @curve enum hip_ecdsa_curve (ECDSA only),
 * @key/@len the private key in the format of HIP_A_HI_PRIVKEY (uapi
 * hip.h).  Checks the key and derives its public key.  -EINVAL for bad
 * keys, -EOPNOTSUPP for algorithms/curves we do not support; the reason
 * goes to @extack (may be NULL).
 */
struct hip_privkey *hip_privkey_create(u8 algo, u16 curve, const u8 *key,
				       size_t len,
				       struct netlink_ext_ack *extack);
/* Wipes and frees @key (NULL is ignored); may be called in any context */
void hip_privkey_free(struct hip_privkey *key);
u8 hip_privkey_algo(const struct hip_privkey *key);
/* Key size: RSA modulus bits, or 256 / 384 for ECDSA */
u32 hip_privkey_bits(const struct hip_privkey *key);
/* The public key as the HOST_ID "Host Identity" field (RFC 7401 section
 * 5.2.9; same encoding as HIP_A_HI_PUBKEY); *@len gets its length.  Valid
 * as long as @key is.
 */
const u8 *hip_privkey_pubkey(const struct hip_privkey *key, unsigned int *len);

/* Signature length produced by @key (RSA: modulus bytes, ECDSA: 2 * field) */
unsigned int hip_sig_len(const struct hip_privkey *key);
/* Sign @data with @key; *@siglen gets the length */
int hip_sig_sign(const struct hip_privkey *key, const u8 *data,
		 unsigned int len, u8 *sig, unsigned int *siglen);

/* A peer's public key, parsed from the HOST_ID "Host Identity" field */
struct hip_pubkey;

/* @algo is enum hip_hi_algo, @hi/@len the HOST_ID Host Identity field
 * (same encoding as HIP_A_HI_PUBKEY).  -EINVAL for malformed keys,
 * -EOPNOTSUPP for algorithms/curves/sizes we do not support.
 */
struct hip_pubkey *hip_pubkey_parse(u8 algo, const u8 *hi, unsigned int len);
void hip_pubkey_free(struct hip_pubkey *pk);
u8 hip_pubkey_algo(const struct hip_pubkey *pk);
/* 0 if @sig is a valid signature of @data, -EBADMSG if not, other <0 on error */
int hip_sig_verify(const struct hip_pubkey *pk, const u8 *data,
		   unsigned int len, const u8 *sig, unsigned int siglen);
/* The same with the hash an X.509 signature algorithm names (cert.c):
 * @hash_len 32 (SHA-256) or 48 (SHA-384).  RSA: RSASSA-PSS as above,
 * SHA-256 only (-EOPNOTSUPP otherwise); ECDSA: that hash instead of the
 * SHA-384 of HIP_SIGNATURE.  Signatures as hip_sig_verify() takes them
 * (ECDSA: r | s).
 */
int hip_sig_verify_hash(const struct hip_pubkey *pk, unsigned int hash_len,
			const u8 *data, unsigned int len, const u8 *sig,
			unsigned int siglen);

/* ---- KEYMAT (RFC 7401 section 6.5) ---- */

/* Derive @outlen bytes of KEYMAT from Kij, the two HITs (sorted inside),
 * and the puzzle's #I and #J (hip_rhash_len() bytes each).
 */
int hip_keymat(u8 hit_suite, const u8 *kij, unsigned int kij_len,
	       const struct in6_addr *hit_i, const struct in6_addr *hit_r,
	       const u8 *i, const u8 *j, u8 *out, unsigned int outlen);

/* ---- Puzzle (RFC 7401 section 4.1.2) ---- */

/* true if Ltrunc(RHASH(I | HIT-I | HIT-R | J), K) == 0 */
bool hip_puzzle_check(u8 hit_suite, u8 k, const u8 *i,
		      const struct in6_addr *hit_i,
		      const struct in6_addr *hit_r, const u8 *j);
/* Find J for (I, K); gives up with -ETIMEDOUT after @max_tries attempts
 * (0 = 2^(K+4)) or once jiffies pass @deadline (0 = none; the puzzle's
 * lifetime, RFC 7401 section 6.8 step 12).  Sleeps between batches
 * (cond_resched).
 */
int hip_puzzle_solve(u8 hit_suite, u8 k, const u8 *i,
		     const struct in6_addr *hit_i,
		     const struct in6_addr *hit_r, u8 *j, u64 max_tries,
		     unsigned long deadline);

/* ---- Symmetric HIP_CIPHER for the ENCRYPTED parameter (section 5.2.18) ---- */

/* NULL (1), AES-128-CBC (2), AES-256-CBC (4) */
bool hip_cipher_supported(u16 cipher);
unsigned int hip_cipher_key_len(u16 cipher);	/* 0 if unsupported or NULL */
unsigned int hip_cipher_iv_len(u16 cipher);	/* block size, 0 for NULL */
/* Encrypt/decrypt @len bytes in place (@len a multiple of the block
 * size); @iv is hip_cipher_iv_len() bytes.
 */
int hip_cipher_crypt(u16 cipher, bool encrypt, const u8 *key, const u8 *iv,
		     u8 *buf, unsigned int len);

/* ---- Hashes for rsa.c and ecdsa.c ---- */

struct hip_kvec {
	const void *p;
	unsigned int len;
};

/* "hmac(sha256)" or "hmac(sha384)" for @hash_len 32 or 48 */
const char *hip_hmac_name(unsigned int hash_len);
/* SHA-256 or SHA-384 (@hash_len 32 or 48) of @v[0..n-1], concatenated */
int hip_hash_vec(unsigned int hash_len, const struct hip_kvec *v,
		 unsigned int n, u8 *out);
/* HMAC over @v[0..n-1] with @tfm, a keyed shash of the caller's own */
int hip_hmac_vec(struct crypto_shash *tfm, const u8 *key, unsigned int keylen,
		 const struct hip_kvec *v, unsigned int n, u8 *out);

/* Keyed HMAC-SHA-256 (32-byte output) set up once, usable in softirq */
struct crypto_shash *hip_prf_new(const u8 *key, unsigned int keylen);
int hip_prf(struct crypto_shash *tfm, const struct hip_kvec *v,
	    unsigned int n, u8 *out);
void hip_prf_free(struct crypto_shash *tfm);

/* Module init/exit: allocate the shared transforms; load-time self-tests */
int hip_crypto_init(void);
void hip_crypto_uninit(void);
bool hip_crypto_selftest(void);

#endif /* _HIP_CRYPTO_H */
