// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-tests of crypto.c, #included at its bottom.
 *
 * Known answers come from user space (scripts/gen-crypto-kat.py: Python's
 * hashlib/hmac and python3-cryptography, i.e. OpenSSL); the keys are the
 * ones of selftest/hostid.c.  Each public-key operation runs once or
 * twice, to keep the load fast under emulation.
 */

#include "kat_keys.h"
#include "crypto_kat.h"
#include "sig_kat.h"

static bool __init crypto_fail(const char *what, int err)
{
	pr_err("crypto self-test %s: FAIL (%d)\n", what, err);
	return false;
}

static bool __init crypto_selftest_hmac(void)
{
	u8 out[HIP_RHASH_MAX];
	int err;

	err = hip_hmac(HIP_HIT_SUITE_RSA_DSA_SHA256, kat_hmac_key,
		       sizeof(kat_hmac_key), kat_hmac_data,
		       sizeof(kat_hmac_data), out);
	if (err || memcmp(out, kat_hmac_sha256, sizeof(kat_hmac_sha256)))
		return crypto_fail("hmac-sha256", err);
	err = hip_hmac(HIP_HIT_SUITE_ECDSA_SHA384, kat_hmac_key,
		       sizeof(kat_hmac_key), kat_hmac_data,
		       sizeof(kat_hmac_data), out);
	if (err || memcmp(out, kat_hmac_sha384, sizeof(kat_hmac_sha384)))
		return crypto_fail("hmac-sha384", err);
	if (hip_rhash_len(HIP_HIT_SUITE_ECDSA_LOW_SHA1) ||
	    hip_hmac(HIP_HIT_SUITE_ECDSA_LOW_SHA1, kat_hmac_key, 4,
		     kat_hmac_data, 4, out) != -EOPNOTSUPP)
		return crypto_fail("hmac-unsupported", 0);
	return true;
}

static bool __init crypto_selftest_keymat(void)
{
	const struct in6_addr *lo = (const struct in6_addr *)kat_hit_lo;
	const struct in6_addr *hi = (const struct in6_addr *)kat_hit_hi;
	u8 out[sizeof(kat_keymat1)];
	int err;

	/* the HITs are sorted inside: both orders give the same KEYMAT */
	err = hip_keymat(HIP_HIT_SUITE_RSA_DSA_SHA256, kat_keymat_kij,
			 sizeof(kat_keymat_kij), hi, lo, kat_keymat1_i,
			 kat_keymat1_j, out, sizeof(out));
	if (err || memcmp(out, kat_keymat1, sizeof(out)))
		return crypto_fail("keymat-sha256", err);
	err = hip_keymat(HIP_HIT_SUITE_RSA_DSA_SHA256, kat_keymat_kij,
			 sizeof(kat_keymat_kij), lo, hi, kat_keymat1_i,
			 kat_keymat1_j, out, 77);
	if (err || memcmp(out, kat_keymat1, 77))
		return crypto_fail("keymat-sha256-partial", err);
	err = hip_keymat(HIP_HIT_SUITE_ECDSA_SHA384, kat_keymat_kij,
			 sizeof(kat_keymat_kij), lo, hi, kat_keymat2_i,
			 kat_keymat2_j, out, sizeof(out));
	if (err || memcmp(out, kat_keymat2, sizeof(out)))
		return crypto_fail("keymat-sha384", err);
	return true;
}

static bool __init crypto_selftest_puzzle(void)
{
	const struct in6_addr *hit_i = (const struct in6_addr *)kat_hit_hi;
	const struct in6_addr *hit_r = (const struct in6_addr *)kat_hit_lo;
	u8 i[HIP_RHASH_MAX], j[HIP_RHASH_MAX];
	int err;

	if (!hip_puzzle_check(HIP_HIT_SUITE_RSA_DSA_SHA256, KAT_PUZZLE_K,
			      kat_puzzle1_i, hit_i, hit_r, kat_puzzle1_j) ||
	    !hip_puzzle_check(HIP_HIT_SUITE_ECDSA_SHA384, KAT_PUZZLE_K,
			      kat_puzzle2_i, hit_i, hit_r, kat_puzzle2_j) ||
	    !hip_puzzle_check(HIP_HIT_SUITE_RSA_DSA_SHA256, 0,
			      kat_puzzle1_i, hit_i, hit_r, kat_puzzle1_j))
		return crypto_fail("puzzle-kat", 0);

	/* Ltrunc is the lowest-order K bits (RFC 7401 2.2): a J whose hash
	 * has K leading zero bits but not K trailing ones is no solution.
	 * kat_puzzle1_lead_j comes from scripts/gen-crypto-kat.py, which
	 * searches J = 0, 1, ... with hashlib.sha256(I | HIT-I | HIT-R | J)
	 * and tests int.from_bytes(digest, 'big') & (2^K - 1) == 0.
	 */
	if (hip_puzzle_check(HIP_HIT_SUITE_RSA_DSA_SHA256, KAT_PUZZLE_K,
			     kat_puzzle1_i, hit_i, hit_r, kat_puzzle1_lead_j))
		return crypto_fail("puzzle-leading-bits", 0);

	/* J + 1 does not solve it (checked by the generator) */
	memcpy(j, kat_puzzle1_j, 32);
	hip_be_inc(j, 32);
	if (hip_puzzle_check(HIP_HIT_SUITE_RSA_DSA_SHA256, KAT_PUZZLE_K,
			     kat_puzzle1_i, hit_i, hit_r, j) ||
	    hip_puzzle_check(HIP_HIT_SUITE_RSA_DSA_SHA256, KAT_PUZZLE_K,
			     kat_puzzle1_i, hit_r, hit_i, kat_puzzle1_j))
		return crypto_fail("puzzle-reject", 0);

	get_random_bytes(i, sizeof(i));
	err = hip_puzzle_solve(HIP_HIT_SUITE_RSA_DSA_SHA256, 8, i, hit_i,
			       hit_r, j, 0, 0);
	if (err || !hip_puzzle_check(HIP_HIT_SUITE_RSA_DSA_SHA256, 8, i,
				     hit_i, hit_r, j))
		return crypto_fail("puzzle-solve", err);
	return true;
}

static bool __init crypto_selftest_dh_group(u8 group)
{
	struct hip_dh_key *a, *b = NULL;
	unsigned int la, lb, plen = hip_dh_pub_len(group);
	u8 *buf;
	bool ok = false;
	int err;

	buf = kzalloc(2 * HIP_DH_SECRET_MAX + HIP_DH_PUB_MAX, GFP_KERNEL);
	if (!buf)
		return crypto_fail("dh-alloc", -ENOMEM);
	a = hip_dh_generate(group);
	if (IS_ERR(a)) {
		err = PTR_ERR(a);
		a = NULL;
		goto out;
	}
	b = hip_dh_generate(group);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		b = NULL;
		goto out;
	}
	err = hip_dh_compute(a, hip_dh_public(b), plen, buf,
			     HIP_DH_SECRET_MAX, &la);
	if (!err)
		err = hip_dh_compute(b, hip_dh_public(a), plen,
				     buf + HIP_DH_SECRET_MAX, HIP_DH_SECRET_MAX,
				     &lb);
	if (err)
		goto out;
	if (la != lb || memcmp(buf, buf + HIP_DH_SECRET_MAX, la) ||
	    hip_dh_group(a) != group ||
	    !memcmp(hip_dh_public(a), hip_dh_public(b), plen)) {
		err = -EBADMSG;
		goto out;
	}

	/* invalid peer values: 0 (not on the curve / y = 0), wrong length */
	memset(buf + 2 * HIP_DH_SECRET_MAX, 0, HIP_DH_PUB_MAX);
	err = hip_dh_compute(a, buf + 2 * HIP_DH_SECRET_MAX, plen, buf,
			     HIP_DH_SECRET_MAX, &la);
	if (err != -EINVAL)
		goto out_bad;
	err = hip_dh_compute(a, hip_dh_public(b), plen - 1, buf,
			     HIP_DH_SECRET_MAX, &la);
	if (err != -EINVAL)
		goto out_bad;
	if (!hip_dh_groups[hip_dh_index(group)].ecdh) {
		/* y = 1, p - 1, p */
		buf[2 * HIP_DH_SECRET_MAX + plen - 1] = 1;
		err = hip_dh_compute(a, buf + 2 * HIP_DH_SECRET_MAX, plen, buf,
				     HIP_DH_SECRET_MAX, &la);
		if (err != -EINVAL)
			goto out_bad;
		memcpy(buf + 2 * HIP_DH_SECRET_MAX,
		       hip_dh_groups[hip_dh_index(group)].p, plen);
		buf[2 * HIP_DH_SECRET_MAX + plen - 1]--;
		err = hip_dh_compute(a, buf + 2 * HIP_DH_SECRET_MAX, plen, buf,
				     HIP_DH_SECRET_MAX, &la);
		if (err != -EINVAL)
			goto out_bad;
		buf[2 * HIP_DH_SECRET_MAX + plen - 1]++;
		err = hip_dh_compute(a, buf + 2 * HIP_DH_SECRET_MAX, plen, buf,
				     HIP_DH_SECRET_MAX, &la);
		if (err != -EINVAL)
			goto out_bad;
	}
	/* refcounting: the extra reference keeps the key */
	hip_dh_put(hip_dh_get(a));
	ok = true;
	goto out;
out_bad:
	err = -EBADMSG;
out:
	hip_dh_put(a);
	hip_dh_put(b);
	kfree_sensitive(buf);
	if (!ok)
		pr_err("crypto self-test dh group %u: FAIL (%d)\n", group, err);
	return ok;
}

static bool __init crypto_selftest_dh(void)
{
	bool ok = true;

	if (hip_dh_supported(1) || hip_dh_pub_len(1) ||
	    !IS_ERR_OR_NULL(hip_dh_generate(1)))
		return crypto_fail("dh-unsupported", 0);
	ok &= crypto_selftest_dh_group(HIP_DH_NIST_P256);
	ok &= crypto_selftest_dh_group(HIP_DH_NIST_P384);
	ok &= crypto_selftest_dh_group(HIP_DH_MODP_3072);
	ok &= crypto_selftest_dh_group(HIP_DH_MODP_1536);
	return ok;
}

/* The key objects and the dispatch by algorithm (the algorithms themselves
 * are tested by selftest/rsa.c and selftest/ecdsa.c): make a private key,
 * sign @msg and expect @expect if not NULL (our RFC 6979 ECDSA is
 * deterministic, RSASSA-PSS is not), verify it with the public key the
 * private key derived, reject a tampered signature.
 */
static bool __init crypto_selftest_sig(const char *what, u8 algo, u16 curve,
				       const u8 *key, unsigned int key_len,
				       u32 bits, const u8 *msg,
				       unsigned int msg_len, const u8 *expect,
				       unsigned int sig_len)
{
	struct hip_pubkey *pk = NULL;
	struct hip_privkey *k;
	unsigned int len = 0, pub_len;
	const u8 *pub;
	u8 *sig;
	int err;

	sig = kzalloc(HIP_SIG_MAX, GFP_KERNEL);
	if (!sig)
		return crypto_fail(what, -ENOMEM);
	k = hip_privkey_create(algo, curve, key, key_len, NULL);
	if (IS_ERR(k)) {
		err = PTR_ERR(k);
		k = NULL;
		goto fail;
	}
	err = -EBADMSG;
	if (hip_privkey_algo(k) != algo || hip_privkey_bits(k) != bits ||
	    hip_sig_len(k) != sig_len)
		goto fail;
	err = hip_sig_sign(k, msg, msg_len, sig, &len);
	if (err)
		goto fail;
	err = -EBADMSG;
	if (len != sig_len || (expect && memcmp(sig, expect, sig_len)))
		goto fail;

	pub = hip_privkey_pubkey(k, &pub_len);
	pk = hip_pubkey_parse(algo, pub, pub_len);
	if (IS_ERR(pk)) {
		err = PTR_ERR(pk);
		pk = NULL;
		goto fail;
	}
	err = -EBADMSG;
	if (hip_pubkey_algo(pk) != algo)
		goto fail;
	err = hip_sig_verify(pk, msg, msg_len, sig, len);
	if (err)
		goto fail;
	sig[0] ^= 0x01;
	err = hip_sig_verify(pk, msg, msg_len, sig, len);
	if (err != -EBADMSG) {
		pr_err("crypto self-test %s: bad input not rejected\n", what);
		goto fail;
	}

	hip_pubkey_free(pk);
	hip_privkey_free(k);
	kfree(sig);
	return true;

fail:
	hip_pubkey_free(pk);
	hip_privkey_free(k);
	kfree(sig);
	return crypto_fail(what, err);
}

/* Algorithms we do not have, and the absence of a key */
static bool __init crypto_selftest_sig_unsupported(void)
{
	struct netlink_ext_ack extack = {};
	struct hip_privkey *k;
	struct hip_pubkey *pk;
	unsigned int len;
	u8 sig[4];

	k = hip_privkey_create(HIP_HI_EDDSA, 0, kat_p256_priv,
			       sizeof(kat_p256_priv), &extack);
	if (!IS_ERR(k))
		hip_privkey_free(k);
	if (PTR_ERR(k) != -EOPNOTSUPP || !extack._msg ||
	    strcmp(extack._msg, "EdDSA host identities are not supported"))
		goto fail;
	k = hip_privkey_create(3 /* DSA */, 0, kat_rsa2048_der,
			       sizeof(kat_rsa2048_der), &extack);
	if (!IS_ERR(k))
		hip_privkey_free(k);
	if (PTR_ERR(k) != -EOPNOTSUPP ||
	    strcmp(extack._msg, "unsupported host identity algorithm"))
		goto fail;
	pk = hip_pubkey_parse(HIP_HI_EDDSA, kat_p256_priv,
			      sizeof(kat_p256_priv));
	if (!IS_ERR(pk))
		hip_pubkey_free(pk);
	if (PTR_ERR(pk) != -EOPNOTSUPP)
		goto fail;
	if (hip_sig_len(NULL) ||
	    hip_sig_sign(NULL, sig, sizeof(sig), sig, &len) != -ENOKEY)
		goto fail;
	return true;
fail:
	return crypto_fail("sig-unsupported", 0);
}

struct crypto_cbc_kat {
	u16 id;
	const u8 *key;
	const u8 *ct;
};

static const struct crypto_cbc_kat crypto_cbc_kats[] __initconst = {
	{ HIP_CIPHER_AES_128_CBC, kat_aes128_key, kat_aes128_ct },
	{ HIP_CIPHER_AES_256_CBC, kat_aes256_key, kat_aes256_ct },
};

static bool __init crypto_selftest_cipher(void)
{
	const struct crypto_cbc_kat *v = crypto_cbc_kats;
	const unsigned int len = sizeof(kat_cbc_pt);
	unsigned int i;
	u8 *buf;
	int err = 0;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return crypto_fail("cipher", -ENOMEM);
	for (i = 0; i < ARRAY_SIZE(crypto_cbc_kats); i++) {
		memcpy(buf, kat_cbc_pt, len);
		err = hip_cipher_crypt(v[i].id, true, v[i].key, kat_cbc_iv,
				       buf, len);
		if (err || memcmp(buf, v[i].ct, len))
			break;
		err = hip_cipher_crypt(v[i].id, false, v[i].key, kat_cbc_iv,
				       buf, len);
		if (err || memcmp(buf, kat_cbc_pt, len))
			break;
	}
	if (i == ARRAY_SIZE(crypto_cbc_kats) &&
	    (hip_cipher_crypt(HIP_CIPHER_AES_128_CBC, true, kat_aes128_key,
			      kat_cbc_iv, buf, len - 1) != -EINVAL ||
	     hip_cipher_crypt(HIP_CIPHER_NULL, true, NULL, NULL, buf, len) ||
	     memcmp(buf, kat_cbc_pt, len) || hip_cipher_supported(3) ||
	     hip_cipher_key_len(HIP_CIPHER_AES_256_CBC) != 32 ||
	     hip_cipher_iv_len(HIP_CIPHER_NULL)))
		i = 0;
	kfree(buf);
	if (i != ARRAY_SIZE(crypto_cbc_kats))
		return crypto_fail("cipher", err);
	return true;
}

bool __init hip_crypto_selftest(void)
{
	bool ok = true;

	ok &= crypto_selftest_hmac();
	ok &= crypto_selftest_keymat();
	ok &= crypto_selftest_puzzle();
	ok &= crypto_selftest_cipher();
	ok &= crypto_selftest_dh();
	ok &= crypto_selftest_sig_unsupported();
	ok &= crypto_selftest_sig("sig-rsa", HIP_HI_RSA, 0, kat_rsa2048_der,
				  sizeof(kat_rsa2048_der), 2048, kat_sig_msg,
				  sizeof(kat_sig_msg), NULL,
				  sizeof(kat_rsa_pss_fixed));
	ok &= crypto_selftest_sig("sig-ecdsa", HIP_HI_ECDSA,
				  HIP_ECDSA_NIST_P256, kat_rfc6979_p256_x,
				  sizeof(kat_rfc6979_p256_x), 256,
				  kat_msg_sample, sizeof(kat_msg_sample),
				  kat_rfc6979_p256_sample,
				  sizeof(kat_rfc6979_p256_sample));
	if (ok)
		pr_info("crypto self-tests: pass\n");
	return ok;
}
