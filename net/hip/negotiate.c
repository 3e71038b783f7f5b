// SPDX-License-Identifier: GPL-2.0
/*
 * Algorithm negotiation: our preference tables, most preferred first, and
 * the checks of what a peer offers or chose.
 *
 *   DH groups      DH_GROUP_LIST / DIFFIE_HELLMAN (RFC 7401 sections
 *                  5.2.6, 5.2.7, 4.1.3 for downgrade protection)
 *   HIP ciphers    HIP_CIPHER (section 5.2.8)
 *   HIT suites     HIT_SUITE_LIST (section 5.2.10)
 *   ESP suites     ESP_TRANSFORM (RFC 7402 section 5.1.2)
 *
 * A namespace's configuration may put one DH group and one ESP suite
 * first.  NULL-ENCRYPT (RFC 7401 5.2.8: "MUST NOT offer or accept this
 * value unless explicitly configured") and the authentication-only ESP
 * suite NULL with HMAC-SHA-256 (RFC 7402 3.3.5: "MUST NOT be accepted if
 * offered by the peer unless the local policy configuration ... is
 * explicitly set to allow an authentication-only mode") are offered and
 * accepted only when the namespace's null-crypto setting is on
 * (HIP_A_CFG_NULL_CRYPTO, default off).  The measurement-only
 * null-noauth ESP suite, which has neither encryption nor
 * authentication, needs that setting as well as the debugfs switch
 * (bench.c), and is then offered first.
 */

#include <linux/kernel.h>

#include "esp.h"
#include "proto.h"

/* RFC 7401 5.2.6: "hosts SHOULD prefer stronger groups over weaker ones
 * if the computation overhead is not prohibitively high".  P-256 and
 * MODP-3072 (about 128-bit strength) first, P-256 for its cost; P-384;
 * the mandatory MODP-1536 (section 5.2.7, about 90 bits, RFC 3526 section
 * 8) last, so that it is chosen only with a peer that has nothing else.
 */
static const u8 hip_dh_groups[] = {
	HIP_DH_NIST_P256, HIP_DH_MODP_3072, HIP_DH_NIST_P384, HIP_DH_MODP_1536,
};

static_assert(ARRAY_SIZE(hip_dh_groups) < HIP_DH_GROUPS_MAX);

static const u16 hip_ciphers[] = {
	HIP_CIPHER_AES_128_CBC, HIP_CIPHER_AES_256_CBC, HIP_CIPHER_NULL,
};

static const u16 hip_esp_suites[] = {
	HIP_ESP_AES_128_GCM_ICV16, HIP_ESP_AES_128_CBC_HMAC_SHA256,
	HIP_ESP_AES_256_CBC_HMAC_SHA256, HIP_ESP_NULL_HMAC_SHA256,
	HIP_ESP_NULL_NOAUTH,
};

const u8 hip_hit_suites[] = {
	HIP_HIT_SUITE_RSA_DSA_SHA256, HIP_HIT_SUITE_ECDSA_SHA384,
};

const unsigned int hip_n_hit_suites = ARRAY_SIZE(hip_hit_suites);

bool hip_u8_in(u8 v, const u8 *list, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* The supported groups in our order, @pref first if supported (0: none) */
static unsigned int hip_dh_groups_order(u8 pref, u8 *out)
{
	unsigned int i, n = 0;

	if (pref && hip_dh_supported(pref))
		out[n++] = pref;
	for (i = 0; i < ARRAY_SIZE(hip_dh_groups); i++)
		if (hip_dh_groups[i] != pref &&
		    hip_dh_supported(hip_dh_groups[i]))
			out[n++] = hip_dh_groups[i];
	return n;
}

unsigned int hip_dh_groups_all(u8 *out)
{
	return hip_dh_groups_order(0, out);
}

unsigned int hip_dh_groups_pref(struct hip_net *hn, u8 *out)
{
	return hip_dh_groups_order(READ_ONCE(hn->cfg.dh_group), out);
}

/* A HIP cipher we offer and accept: one we implement; NULL-ENCRYPT only
 * when configured (RFC 7401 5.2.8)
 */
bool hip_cipher_ok(struct hip_net *hn, u16 c)
{
	unsigned int i;

	if (c == HIP_CIPHER_NULL)
		return READ_ONCE(hn->cfg.null_crypto);
	for (i = 0; i < ARRAY_SIZE(hip_ciphers); i++)
		if (hip_ciphers[i] == c)
			return hip_cipher_key_len(c);
	return false;
}

unsigned int hip_ciphers_pref(struct hip_net *hn, __be16 *out,
			      unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(hip_ciphers) && n < max; i++)
		if (hip_cipher_ok(hn, hip_ciphers[i]))
			out[n++] = htons(hip_ciphers[i]);
	return n;
}

/* A suite we offer and accept: one we implement.  Those without
 * encryption only when configured (RFC 7402 3.3.5), the measurement-only
 * null-noauth suite only while this namespace also has it switched on
 * (bench.c).
 */
bool hip_esp_ok(struct hip_net *hn, u16 s)
{
	unsigned int i;

	if ((s == HIP_ESP_NULL_HMAC_SHA256 || s == HIP_ESP_NULL_NOAUTH) &&
	    !READ_ONCE(hn->cfg.null_crypto))
		return false;
	if (s == HIP_ESP_NULL_NOAUTH && !READ_ONCE(hn->esp_null_noauth))
		return false;
	for (i = 0; i < ARRAY_SIZE(hip_esp_suites); i++)
		if (hip_esp_suites[i] == s)
			return hip_esp_suite_supported(s);
	return false;
}

unsigned int hip_esp_suites_pref(struct hip_net *hn, __be16 *out,
				 unsigned int max)
{
	u16 pref = READ_ONCE(hn->esp_null_noauth) ?
		   HIP_ESP_NULL_NOAUTH : READ_ONCE(hn->cfg.esp_suite);
	unsigned int i, n = 0;

	if (n < max && hip_esp_ok(hn, pref))
		out[n++] = htons(pref);
	for (i = 0; i < ARRAY_SIZE(hip_esp_suites) && n < max; i++)
		if (hip_esp_suites[i] != pref &&
		    hip_esp_ok(hn, hip_esp_suites[i]))
			out[n++] = htons(hip_esp_suites[i]);
	return n;
}

/* The HIT suite of a HOST_ID's algorithm (RFC 7401 section 5.2.10) */
u8 hip_algo_suite(u16 algo)
{
	switch (algo) {
	case HIP_HI_RSA:
		return HIP_HIT_SUITE_RSA_DSA_SHA256;
	case HIP_HI_ECDSA:
		return HIP_HIT_SUITE_ECDSA_SHA384;
	}
	return 0;
}
