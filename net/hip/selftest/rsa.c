// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-tests of rsa.c, #included at its bottom.
 *
 * RSASSA-PSS with SHA-256 and MGF1-SHA-256 (RFC 7401 section 5.2.9).  The
 * known answers come from user space (scripts/gen-sig-kat.py, OpenSSL), for
 * the key of selftest/hostid.c, whose test table also covers the refused
 * private keys:
 *
 * - signatures by OpenSSL, with salt lengths 32, 0 and the longest, must
 *   verify;
 * - our signature with a fixed salt must match, byte for byte, the one the
 *   generator encoded and OpenSSL verified;
 * - encodings that break one rule of RFC 3447 section 9.1.2 (trailer
 *   0xbc, leftmost bit, the 0x01 separator, the salt), a flipped signature
 *   bit, another message, a short signature and a representative above n
 *   must be refused.
 */

#include "kat_keys.h"
#include "sig_kat.h"

struct rsa_vkat {
	const char *name;
	const u8 *sig;
	int expect;
};

static const struct rsa_vkat rsa_vkats[] __initconst = {
	{ "openssl salt 32", kat_rsa_pss_openssl, 0 },
	{ "salt 0", kat_rsa_pss_salt0, 0 },
	{ "longest salt", kat_rsa_pss_saltmax, 0 },
	{ "fixed salt", kat_rsa_pss_fixed, 0 },
	{ "trailer not 0xbc", kat_rsa_pss_bad_trailer, -EBADMSG },
	{ "leftmost bit set", kat_rsa_pss_bad_topbit, -EBADMSG },
	{ "no 0x01 separator", kat_rsa_pss_bad_sep, -EBADMSG },
	{ "salt changed", kat_rsa_pss_bad_salt, -EBADMSG },
};

static bool __init rsa_selftest_verify(const struct hip_rsa_pubkey *pk,
				       const u8 *msg, unsigned int msg_len,
				       const u8 *sig, unsigned int len,
				       int expect)
{
	return hip_rsa_verify(pk, msg, msg_len, sig, len) == expect;
}

/* The known signatures: each must verify, or be refused */
static bool __init rsa_selftest_known(const struct hip_rsa_pubkey *pk)
{
	const unsigned int n = sizeof(kat_rsa_pss_fixed), m = sizeof(kat_sig_msg);
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rsa_vkats); i++) {
		if (rsa_selftest_verify(pk, kat_sig_msg, m, rsa_vkats[i].sig, n,
					rsa_vkats[i].expect))
			continue;
		pr_err("rsa self-test: %s: verify does not return %d\n",
		       rsa_vkats[i].name, rsa_vkats[i].expect);
		ok = false;
	}
	return ok;
}

/* Our signatures: the fixed-salt one is the known answer; tampering with
 * it, the message or its length makes it invalid; a random salt verifies.
 */
static bool __init rsa_selftest_sign(struct hip_rsa_privkey *key, u8 *sig,
				     const struct hip_rsa_pubkey *pk)
{
	const unsigned int n = sizeof(kat_rsa_pss_fixed), m = sizeof(kat_sig_msg);
	unsigned int len = 0;

	if (key->bits != 2048 || hip_rsa_sig_len(key) != n ||
	    hip_rsa_sign_salt(key, kat_sig_msg, m, kat_rsa_pss_salt,
			      sizeof(kat_rsa_pss_salt), sig, &len) ||
	    len != n || memcmp(sig, kat_rsa_pss_fixed, n))
		return false;

	sig[n / 2] ^= 0x10;
	if (!rsa_selftest_verify(pk, kat_sig_msg, m, sig, n, -EBADMSG))
		return false;
	sig[n / 2] ^= 0x10;
	if (!rsa_selftest_verify(pk, kat_sig_msg, m - 1, sig, n, -EBADMSG) ||
	    !rsa_selftest_verify(pk, kat_sig_msg, m, sig, n - 1, -EBADMSG))
		return false;
	/* s >= n: out of range (RFC 3447 section 5.2.2) */
	memset(sig, 0xff, n);
	if (!rsa_selftest_verify(pk, kat_sig_msg, m, sig, n, -EBADMSG))
		return false;

	len = 0;
	return !hip_rsa_sign(key, kat_sig_msg, m, sig, &len) && len == n &&
	       rsa_selftest_verify(pk, kat_sig_msg, m, sig, n, 0) &&
	       memcmp(sig, kat_rsa_pss_fixed, n);
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
	if (!hip_rsa_pubkey_init(&pk, pub, pub_len)) {
		ok = rsa_selftest_known(&pk) &&
		     rsa_selftest_sign(&key, sig, &pk);
		hip_rsa_pubkey_destroy(&pk);
	}

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
