// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-tests of ecdsa.c, #included at its bottom.
 *
 * Every ECDSA signature is made over SHA-384 (HIT suite 2).  Known answers
 * (scripts/gen-sig-kat.py checks each with OpenSSL):
 *
 * - RFC 6979 appendix A.2.5 (P-256) and A.2.6 (P-384), "With SHA-384",
 *   messages "sample" and "test": our deterministic signer must reproduce
 *   them byte for byte (on P-256 this checks the truncation of the 384-bit
 *   hash to 256 bits, RFC 6979 section 2.3.2), and our verifier must
 *   accept them;
 * - signatures by OpenSSL with a random nonce, for the keys of
 *   selftest/hostid.c, which our verifier must accept, and refuse once
 *   tampered with.
 *
 * Each public-key operation runs once or twice, to keep the load fast
 * under emulation.
 */

#include "kat_keys.h"
#include "sig_kat.h"

/* An RFC 6979 vector: the private key, the message, r | s */
struct ecdsa_kat {
	const char *name;
	u16 curve;
	const u8 *d;
	unsigned int d_len;
	const u8 *msg;
	unsigned int msg_len;
	const u8 *sig;
	unsigned int sig_len;
};

#define ECDSA_KAT(n, c, x, m, s) \
	{ n, c, x, sizeof(x), m, sizeof(m), s, sizeof(s) }

static const struct ecdsa_kat ecdsa_kats[] __initconst = {
	ECDSA_KAT("rfc6979 p256 sample", HIP_ECDSA_NIST_P256,
		  kat_rfc6979_p256_x, kat_msg_sample, kat_rfc6979_p256_sample),
	ECDSA_KAT("rfc6979 p256 test", HIP_ECDSA_NIST_P256,
		  kat_rfc6979_p256_x, kat_msg_test, kat_rfc6979_p256_test),
	ECDSA_KAT("rfc6979 p384 sample", HIP_ECDSA_NIST_P384,
		  kat_rfc6979_p384_x, kat_msg_sample, kat_rfc6979_p384_sample),
	ECDSA_KAT("rfc6979 p384 test", HIP_ECDSA_NIST_P384,
		  kat_rfc6979_p384_x, kat_msg_test, kat_rfc6979_p384_test),
	/* OpenSSL, random nonce: verified only */
	ECDSA_KAT("openssl p256", HIP_ECDSA_NIST_P256, kat_p256_priv,
		  kat_sig_msg, kat_p256_sig_rnd),
	ECDSA_KAT("openssl p384", HIP_ECDSA_NIST_P384, kat_p384_priv,
		  kat_sig_msg, kat_p384_sig_rnd),
};

#define ECDSA_KATS_DET	4	/* the first ones are deterministic */

/* Verification of @sig (@len bytes) must give @expect */
static bool __init ecdsa_selftest_verify(const struct hip_ecdsa_pubkey *pk,
					 const u8 *msg, unsigned int msg_len,
					 const u8 *sig, unsigned int len,
					 int expect)
{
	return hip_ecdsa_verify(pk, msg, msg_len, sig, len) == expect;
}

/* Tampered with: signature, message, length */
static bool __init ecdsa_selftest_tamper(const struct hip_ecdsa_pubkey *pk,
					 const struct ecdsa_kat *t, u8 *sig)
{
	const unsigned int n = t->sig_len, m = t->msg_len;

	memcpy(sig, t->sig, n);
	sig[n / 2] ^= 0x10;
	if (!ecdsa_selftest_verify(pk, t->msg, m, sig, n, -EBADMSG))
		return false;
	sig[n / 2] ^= 0x10;
	return ecdsa_selftest_verify(pk, t->msg, m - 1, sig, n, -EBADMSG) &&
	       ecdsa_selftest_verify(pk, t->msg, m, sig, n - 1, -EBADMSG);
}

static bool __init ecdsa_selftest_one(const struct ecdsa_kat *t, bool det,
				      u8 *sig, struct hip_ecdsa_privkey *key,
				      struct hip_ecdsa_pubkey *pk)
{
	const unsigned int n = t->sig_len;
	unsigned int pub_len, len = 0;
	bool ok = false;
	u8 *pub;

	if (hip_ecdsa_privkey_init(key, t->curve, t->d, t->d_len, &pub,
				   &pub_len, NULL))
		return false;
	if (hip_ecdsa_bits(key) != t->d_len * 8 ||
	    hip_ecdsa_sig_len(key) != n)
		goto out;
	if (det && (hip_ecdsa_sign(key, t->msg, t->msg_len, sig, &len) ||
		    len != n || memcmp(sig, t->sig, n)))
		goto out;

	if (hip_ecdsa_pubkey_init(pk, pub, pub_len) ||
	    !ecdsa_selftest_verify(pk, t->msg, t->msg_len, t->sig, n, 0))
		goto out;
	if (det) {
		ok = true;
		goto out;
	}
	if (!ecdsa_selftest_tamper(pk, t, sig))
		goto out;

	/* a Host Identity field cut short, or not an uncompressed point */
	if (hip_ecdsa_pubkey_init(pk, pub, pub_len - 1) != -EINVAL)
		goto out;
	pub[2] = 0x02;
	ok = hip_ecdsa_pubkey_init(pk, pub, pub_len) == -EINVAL;
out:
	kfree(pub);
	return ok;
}

bool __init hip_ecdsa_selftest(void)
{
	struct hip_ecdsa_privkey *key;
	struct hip_ecdsa_pubkey *pk;
	bool success = true;
	unsigned int i;
	u8 *sig;

	/* u64-aligned, like the ECC digits; the key is wiped on free */
	key = kzalloc(sizeof(*key), GFP_KERNEL);
	pk = kzalloc(sizeof(*pk), GFP_KERNEL);
	sig = kzalloc(2 * HIP_ECDSA_MAX_BYTES, GFP_KERNEL);
	if (!key || !pk || !sig) {
		success = false;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(ecdsa_kats); i++) {
		if (!ecdsa_selftest_one(&ecdsa_kats[i], i < ECDSA_KATS_DET,
					sig, key, pk)) {
			pr_err("ecdsa self-test %s: FAIL\n", ecdsa_kats[i].name);
			success = false;
		}
	}
out:
	kfree_sensitive(key);
	kfree(pk);
	kfree(sig);
	if (success)
		pr_info("ecdsa self-tests: pass\n");
	return success;
}
