// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests for the KEYMAT arithmetic of rekeying (keys.c, RFC 7402 6.9,
 * 6.10; RFC 7401 6.5), #included at the bottom of keys.c and run at every
 * module load.
 *
 * 1. Drawing ESP keys again at the base exchange's KEYMAT index gives the
 *    base exchange's ESP keys: the longer KEYMAT a rekeying derives from
 *    the kept Kij and #I/#J continues the same stream.
 * 2. Drawing at the next unused byte gives the KEYMAT bytes there (checked
 *    against one hip_keymat() call of the whole length) and moves the
 *    next unused byte past them.
 * 3. The reuse limit: the last index whose ESP keys still fit in 255
 *    RHASH outputs (RFC 5869 2.3) is allowed, one byte more is not (a new
 *    DH key is then needed, RFC 7402 6.8 step 1), and neither is an index
 *    that does not fit in ESP_INFO's 16 bits.
 */

#include "crypto_kat.h"

static bool __init keys_fail(const char *what, int err)
{
	pr_err("keys self-test %s: FAIL (%d)\n", what, err);
	return false;
}

/* 2: the keys at @k->keymat_next are the KEYMAT bytes there */
static bool __init keys_selftest_next(struct hip_keys *k,
				      const struct in6_addr *hi,
				      const struct in6_addr *lo)
{
	unsigned int at = k->keymat_next, esp = hip_keymat_esp_len(k);
	bool ok;
	u8 *km;
	int err;

	km = kmalloc(at + esp, GFP_KERNEL);
	if (!km)
		return keys_fail("alloc", -ENOMEM);
	err = hip_keymat(k->hit_suite, kat_keymat_kij, sizeof(kat_keymat_kij),
			 lo, hi, kat_keymat1_i, kat_keymat1_j, km, at + esp);
	if (!err)
		err = hip_keys_draw_esp(k, hi, lo, at);
	/* GCM: only encryption keys (with salt), no integrity keys */
	ok = !err && !memcmp(k->esp[0], km + at, k->esp_enc_len) &&
	     !memcmp(k->esp[2], km + at + k->esp_enc_len, k->esp_enc_len) &&
	     k->keymat_next == at + esp;
	kfree_sensitive(km);
	return ok ? true : keys_fail("draw-next", err);
}

/* 3: where reusing the KEYMAT stops */
static bool __init keys_selftest_limit(struct hip_keys *k,
				       const struct in6_addr *hi,
				       const struct in6_addr *lo)
{
	unsigned int last = 255 * hip_rhash_len(k->hit_suite) -
			    hip_keymat_esp_len(k);
	int err;

	if (!hip_keymat_can_reuse(k, last) ||
	    hip_keymat_can_reuse(k, last + 1) ||
	    hip_keymat_can_reuse(k, U16_MAX + 1))
		return keys_fail("reuse-limit", 0);
	err = hip_keys_draw_esp(k, hi, lo, last);
	if (err)
		return keys_fail("draw-last", err);
	err = hip_keys_draw_esp(k, hi, lo, last + 1);
	if (err != -ERANGE)
		return keys_fail("draw-beyond", err);
	return true;
}

bool __init hip_keys_selftest(void)
{
	const struct in6_addr *hi = (const struct in6_addr *)kat_hit_hi;
	const struct in6_addr *lo = (const struct in6_addr *)kat_hit_lo;
	struct hip_keys *k;
	u8 esp0[4][HIP_ESP_KEY_MAX];
	unsigned int next;
	bool ok = false;
	int err;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return keys_fail("alloc", -ENOMEM);
	k->hit_suite = HIP_HIT_SUITE_RSA_DSA_SHA256;
	k->hip_cipher = HIP_CIPHER_AES_128_CBC;
	k->esp_suite = 13;	/* AES-128-GCM: 20-byte keys with salt */
	err = hip_derive_keys(k, kat_keymat_kij, sizeof(kat_keymat_kij), lo,
			      hi, kat_keymat1_i, kat_keymat1_j);
	if (err) {
		keys_fail("derive", err);
		goto out;
	}
	memcpy(esp0, k->esp, sizeof(esp0));
	next = k->keymat_next;
	if (next != hip_keymat_esp_index(k) + hip_keymat_esp_len(k)) {
		keys_fail("next-after-bex", next);
		goto out;
	}
	/* 1 */
	err = hip_keys_draw_esp(k, hi, lo, hip_keymat_esp_index(k));
	if (err || memcmp(esp0, k->esp, sizeof(esp0)) ||
	    k->keymat_next != next) {
		keys_fail("redraw-bex", err);
		goto out;
	}
	ok = keys_selftest_next(k, hi, lo) && keys_selftest_limit(k, hi, lo);
out:
	memzero_explicit(esp0, sizeof(esp0));
	kfree_sensitive(k);
	return ok;
}
