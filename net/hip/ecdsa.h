/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ECDSA host signatures on NIST P-256 and P-384 (RFC 7401 sections 5.2.9
 * and 5.2.14), written on the ECC primitives of the kernel's crypto/ecc.c.
 *
 * Used through the host signature API of crypto.h, which embeds these key
 * structures in struct hip_privkey and struct hip_pubkey; no other file
 * needs this header except main.c, for the self-test.  May sleep.
 */
#ifndef _HIP_ECDSA_H
#define _HIP_ECDSA_H

#include <linux/types.h>
#include <crypto/internal/ecc.h>

struct hip_ec_curve;
struct netlink_ext_ack;

/* Largest curve: P-384, 48 bytes per coordinate and scalar */
#define HIP_ECDSA_MAX_BYTES	48

/**
 * struct hip_ecdsa_privkey - an ECDSA private key
 * @ec: the curve
 * @d: the private scalar, big-endian, as many bytes as the curve order
 *
 * Embedded in struct hip_privkey, which is wiped when it is freed.
 */
struct hip_ecdsa_privkey {
	const struct hip_ec_curve *ec;
	u8 d[HIP_ECDSA_MAX_BYTES];
};

/**
 * struct hip_ecdsa_pubkey - a peer's ECDSA public key
 * @ec: the curve
 * @x: X coordinate of Q in native digits (least significant first)
 * @y: Y coordinate of Q, likewise
 */
struct hip_ecdsa_pubkey {
	const struct hip_ec_curve *ec;
	u64 x[ECC_MAX_DIGITS];
	u64 y[ECC_MAX_DIGITS];
};

/* Check the private scalar @d (@len bytes, big-endian) for @curve (enum
 * hip_ecdsa_curve) and derive the public key.  *@pub gets a kmalloc'd
 * HOST_ID "Host Identity" field (curve | 0x04 | X | Y, *@pub_len bytes),
 * which the caller frees with kfree().
 */
int hip_ecdsa_privkey_init(struct hip_ecdsa_privkey *key, u16 curve,
			   const u8 *d, size_t len, u8 **pub,
			   unsigned int *pub_len,
			   struct netlink_ext_ack *extack);
/* Key size in bits (256 or 384) */
unsigned int hip_ecdsa_bits(const struct hip_ecdsa_privkey *key);
/* Signature length: r | s, twice the size of the curve order */
unsigned int hip_ecdsa_sig_len(const struct hip_ecdsa_privkey *key);
/* Deterministic (RFC 6979) signature of @data; *@siglen gets its length */
int hip_ecdsa_sign(const struct hip_ecdsa_privkey *key, const u8 *data,
		   unsigned int len, u8 *sig, unsigned int *siglen);

/* Parse the HOST_ID "Host Identity" field @hi; -EINVAL or -EOPNOTSUPP */
int hip_ecdsa_pubkey_init(struct hip_ecdsa_pubkey *pk, const u8 *hi,
			  unsigned int len);
/* 0 if @sig is valid for @data, -EBADMSG if not, other <0 on error */
int hip_ecdsa_verify(const struct hip_ecdsa_pubkey *pk, const u8 *data,
		     unsigned int len, const u8 *sig, unsigned int siglen);
/* The same for a message already hashed: @h, @hlen bytes (X.509
 * ecdsa-with-SHA256/384, cert.c); bits2int as in RFC 6979 2.3.2
 */
int hip_ecdsa_verify_digest(const struct hip_ecdsa_pubkey *pk, const u8 *h,
			    unsigned int hlen, const u8 *sig,
			    unsigned int siglen);

bool hip_ecdsa_selftest(void);

#endif /* _HIP_ECDSA_H */
