// SPDX-License-Identifier: GPL-2.0
/*
 * Host Identity Tag derivation (ORCHIDv2, RFC 7343; RFC 7401 sections 3
 * and 5.2.10) and LSI derivation.
 *
 *   Hash Input := Context ID | HI
 *   HIT        := Prefix (28 bits) | OGA ID (4 bits) | Encode_96(Hash(Hash Input))
 *
 * The Context ID is the 128-bit constant RFC 7401 section 3.2 assigns to
 * HIP, HI is the "Host Identity" field of a HOST_ID parameter (see
 * include/uapi/linux/hip.h), and the OGA ID is the HIT suite, which also
 * selects the hash: suite 1 (RSA, DSA) uses SHA-256, suite 2 (ECDSA)
 * SHA-384.  Encode_96 takes the middle 96 bits of the digest: bytes
 * 10..21 of a SHA-256 digest, bytes 18..29 of a SHA-384 digest.
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/string.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/hip.h>

#include "hit.h"

static const u8 hip_hit_context_id[HIP_HIT_CONTEXT_ID_LEN] = {
	0xf0, 0xef, 0xf0, 0x2f, 0xbf, 0xf4, 0x3d, 0x0f,
	0xe7, 0x93, 0x0c, 0x3c, 0x6e, 0x61, 0x74, 0xea,
};

/* The ORCHIDv2 prefix 2001:20::/28, as its first four bytes (OGA ID 0) */
static const u8 hip_orchid_prefix[4] = { 0x20, 0x01, 0x00, 0x20 };

#define HIP_ENCODE_96_LEN	12

/**
 * hip_hit_derive() - derive the HIT of a host identity
 * @hit_suite: HIT suite (enum hip_hit_suite); the ORCHID OGA ID
 * @hi: the "Host Identity" field of the HOST_ID parameter
 * @hi_len: length of @hi in bytes
 * @hit: the HIT is written here
 *
 * May sleep (allocates a hash transform; SHA-384 may load a module).
 *
 * Return: 0, -EOPNOTSUPP for a suite without an ORCHID hash here, or the
 * error of the crypto API.
 */
int hip_hit_derive(u8 hit_suite, const u8 *hi, size_t hi_len,
		   struct in6_addr *hit)
{
	u8 digest[SHA384_DIGEST_SIZE];
	struct crypto_shash *tfm;
	unsigned int offset;
	const char *alg;
	int err;

	switch (hit_suite) {
	case HIP_HIT_SUITE_RSA_DSA_SHA256:
		alg = "sha256";
		offset = (SHA256_DIGEST_SIZE - HIP_ENCODE_96_LEN) / 2;
		break;
	case HIP_HIT_SUITE_ECDSA_SHA384:
		alg = "sha384";
		offset = (SHA384_DIGEST_SIZE - HIP_ENCODE_96_LEN) / 2;
		break;
	default:
		return -EOPNOTSUPP;
	}

	tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		err = crypto_shash_init(desc);
		if (!err)
			err = crypto_shash_update(desc, hip_hit_context_id,
						  sizeof(hip_hit_context_id));
		if (!err)
			err = crypto_shash_update(desc, hi, hi_len);
		if (!err)
			err = crypto_shash_final(desc, digest);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	if (err)
		return err;

	memcpy(hit->s6_addr, hip_orchid_prefix, sizeof(hip_orchid_prefix));
	hit->s6_addr[3] |= hit_suite & 0x0f;
	memcpy(&hit->s6_addr[4], &digest[offset], HIP_ENCODE_96_LEN);
	return 0;
}

/**
 * hip_hit_to_lsi() - the LSI of a local HIT
 * @hit: the HIT
 *
 * LSI = 1.h13.h14.h15 where h0..h15 are the bytes of @hit.  The host
 * parts 0.0.0 and 255.255.255 are avoided by flipping the low bit of the
 * last byte, which gives 1.0.0.1 and 1.255.255.254.
 *
 * Return: the LSI in network byte order.
 */
__be32 hip_hit_to_lsi(const struct in6_addr *hit)
{
	u8 lsi[4] = { 1, hit->s6_addr[13], hit->s6_addr[14],
		      hit->s6_addr[15] };
	__be32 ret;

	if ((!lsi[1] && !lsi[2] && !lsi[3]) ||
	    (lsi[1] == 0xff && lsi[2] == 0xff && lsi[3] == 0xff))
		lsi[3] ^= 1;

	memcpy(&ret, lsi, sizeof(ret));
	return ret;
}

/**
 * hip_hit_is_orchid() - whether an IPv6 address is in 2001:20::/28
 * @hit: the address
 */
bool hip_hit_is_orchid(const struct in6_addr *hit)
{
	return !memcmp(hit->s6_addr, hip_orchid_prefix, 3) &&
	       (hit->s6_addr[3] & 0xf0) == hip_orchid_prefix[3];
}

/**
 * hip_hit_suite() - the HIT suite (ORCHID OGA ID) of a HIT
 * @hit: an ORCHIDv2 address (see hip_hit_is_orchid())
 */
u8 hip_hit_suite(const struct in6_addr *hit)
{
	return hit->s6_addr[3] & 0x0f;
}

#include "selftest/hit.c"
