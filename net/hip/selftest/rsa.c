// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-tests of rsa.c, #included at its bottom.
 *
 * The known answer comes from user space (scripts/gen-crypto-kat.py, i.e.
 * OpenSSL through python3-cryptography); RSASSA-PKCS1-v1_5 is
 * deterministic, so our signature must match it byte for byte.  The key is
 * the one of selftest/hostid.c, whose test table also covers the refused
 * private keys.
 */

#include "kat_keys.h"
#include "crypto_kat.h"

static bool __init rsa_selftest_verify(const struct hip_rsa_pubkey *pk,
				       const u8 *msg, unsigned int msg_len,
				       const u8 *sig, unsigned int len,
				       int expect)
{
	return hip_rsa_verify(pk, msg, msg_len, sig, len) == expect;
}

static bool __init rsa_selftest_sig(struct hip_rsa_privkey *key, u8 *sig,
				    const u8 *pub, unsigned int pub_len)
{
	const unsigned int n = sizeof(kat_rsa_sig), m = sizeof(kat_sig_msg);
	struct hip_rsa_pubkey pk = {};
	unsigned int len = 0;
	bool ok = false;

	if (key->bits != 2048 || hip_rsa_sig_len(key) != n ||
	    hip_rsa_sign(key, kat_sig_msg, m, sig, &len) || len != n ||
	    memcmp(sig, kat_rsa_sig, n))
		return false;

	if (hip_rsa_pubkey_init(&pk, pub, pub_len) ||
	    !rsa_selftest_verify(&pk, kat_sig_msg, m, sig, n, 0))
		goto out;

	/* tampered signature, tampered message, wrong length */
	sig[n / 2] ^= 0x10;
	if (!rsa_selftest_verify(&pk, kat_sig_msg, m, sig, n, -EBADMSG))
		goto out;
	sig[n / 2] ^= 0x10;
	ok = rsa_selftest_verify(&pk, kat_sig_msg, m - 1, sig, n, -EBADMSG) &&
	     rsa_selftest_verify(&pk, kat_sig_msg, m, sig, n - 1, -EBADMSG);
out:
	hip_rsa_pubkey_destroy(&pk);
	return ok;
}

bool __init hip_rsa_selftest(void)
{
	struct hip_rsa_privkey key = {};
	struct hip_rsa_pubkey pk = {};
	unsigned int pub_len;
	bool ok = false;
	u8 *sig, *pub;
	int err;

	sig = kzalloc(HIP_SIG_MAX, GFP_KERNEL);
	if (!sig)
		goto out;
	if (hip_rsa_privkey_init(&key, kat_rsa2048_der,
				 sizeof(kat_rsa2048_der), &pub, &pub_len, NULL))
		goto out;
	ok = rsa_selftest_sig(&key, sig, pub, pub_len);

	/* a Host Identity field cut short is malformed (a shorter modulus) */
	err = hip_rsa_pubkey_init(&pk, pub, pub_len - 1);
	if (!err) {
		hip_rsa_pubkey_destroy(&pk);
		ok = false;
	}
	kfree(pub);
	hip_rsa_privkey_destroy(&key);
out:
	kfree(sig);
	if (!ok)
		pr_err("rsa self-test: FAIL\n");
	else
		pr_info("rsa self-tests: pass\n");
	return ok;
}
