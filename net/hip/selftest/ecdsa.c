// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-tests of ecdsa.c, #included at its bottom.
 *
 * Known answers come from user space (scripts/gen-crypto-kat.py, i.e.
 * OpenSSL through python3-cryptography): an RFC 6979 signature, which our
 * deterministic signer must reproduce byte for byte, and a signature with
 * a random nonce, which our verifier must accept.  The keys are the ones
 * of selftest/hostid.c.  Each public-key operation runs once or twice, to
 * keep the load fast under emulation.
 */

#include "kat_keys.h"
#include "crypto_kat.h"

struct ecdsa_kat {
	const char *name;
	u16 curve;
	const u8 *d;
	unsigned int d_len;
	const u8 *sig_det;
	const u8 *sig_rnd;
	unsigned int sig_len;
};

static const struct ecdsa_kat ecdsa_kats[] __initconst = {
	{ "p256", HIP_ECDSA_NIST_P256, kat_p256_priv, sizeof(kat_p256_priv),
	  kat_p256_sig_det, kat_p256_sig_rnd, sizeof(kat_p256_sig_det) },
	{ "p384", HIP_ECDSA_NIST_P384, kat_p384_priv, sizeof(kat_p384_priv),
	  kat_p384_sig_det, kat_p384_sig_rnd, sizeof(kat_p384_sig_det) },
};

/* Verification of @sig (@len bytes) must give @expect */
static bool __init ecdsa_selftest_verify(const struct hip_ecdsa_pubkey *pk,
					 const u8 *msg, unsigned int msg_len,
					 const u8 *sig, unsigned int len,
					 int expect)
{
	return hip_ecdsa_verify(pk, msg, msg_len, sig, len) == expect;
}

static bool __init ecdsa_selftest_one(const struct ecdsa_kat *t, u8 *sig,
				      struct hip_ecdsa_privkey *key,
				      struct hip_ecdsa_pubkey *pk)
{
	const unsigned int n = t->sig_len, m = sizeof(kat_sig_msg);
	unsigned int pub_len, len = 0;
	bool ok = false;
	u8 *pub;

	if (hip_ecdsa_privkey_init(key, t->curve, t->d, t->d_len, &pub,
				   &pub_len, NULL))
		return false;
	if (hip_ecdsa_bits(key) != t->d_len * 8 ||
	    hip_ecdsa_sig_len(key) != n ||
	    hip_ecdsa_sign(key, kat_sig_msg, m, sig, &len) || len != n ||
	    memcmp(sig, t->sig_det, n))
		goto out;

	if (hip_ecdsa_pubkey_init(pk, pub, pub_len) ||
	    !ecdsa_selftest_verify(pk, kat_sig_msg, m, sig, n, 0) ||
	    !ecdsa_selftest_verify(pk, kat_sig_msg, m, t->sig_rnd, n, 0))
		goto out;

	/* tampered signature, tampered message, wrong length */
	sig[n / 2] ^= 0x10;
	if (!ecdsa_selftest_verify(pk, kat_sig_msg, m, sig, n, -EBADMSG))
		goto out;
	sig[n / 2] ^= 0x10;
	if (!ecdsa_selftest_verify(pk, kat_sig_msg, m - 1, sig, n, -EBADMSG) ||
	    !ecdsa_selftest_verify(pk, kat_sig_msg, m, sig, n - 1, -EBADMSG))
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
		if (!ecdsa_selftest_one(&ecdsa_kats[i], sig, key, pk)) {
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
