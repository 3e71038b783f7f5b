// SPDX-License-Identifier: GPL-2.0
/*
 * Keys (RFC 7401 section 6.5, RFC 7402 section 7): KEYMAT is drawn in the
 * order HIP-gl encryption, HIP-gl integrity, HIP-lg encryption, HIP-lg
 * integrity, then ESP-gl encryption, ESP-gl integrity, ESP-lg encryption,
 * ESP-lg integrity, where "gl" keys protect what the host with the
 * greater HIT sends and "lg" keys what the lesser HIT sends.  ESP_INFO's
 * KEYMAT index is the offset of the first ESP key.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "esp.h"
#include "keys.h"
#include "pernet.h"

static bool hip_sender_is_greater(const struct in6_addr *sender,
				  const struct in6_addr *receiver)
{
	return ipv6_addr_cmp(sender, receiver) > 0;
}

const u8 *hip_key(const struct hip_keys *k, bool auth,
		  const struct in6_addr *sender,
		  const struct in6_addr *receiver)
{
	bool gl = hip_sender_is_greater(sender, receiver);

	if (auth)
		return k->hip[gl ? HIP_KEY_GL_AUTH : HIP_KEY_LG_AUTH];
	return k->hip[gl ? HIP_KEY_GL_ENC : HIP_KEY_LG_ENC];
}

unsigned int hip_keymat_esp_index(const struct hip_keys *k)
{
	return 2 * (k->hip_enc_len + k->hip_auth_len);
}

/* Draw four keys from KEYMAT at *@off into @dst, rows of @size bytes:
 * gl encryption, gl integrity, lg encryption, lg integrity
 */
static void hip_keys_take(u8 *dst, size_t size, const u8 *km,
			  unsigned int *off, unsigned int enc,
			  unsigned int auth)
{
	unsigned int n;

	for (n = 0; n < 4; n++) {
		unsigned int l = (n % 2) ? auth : enc;

		memset(dst + n * size, 0, size);
		memcpy(dst + n * size, km + *off, l);
		*off += l;
	}
}

int hip_derive_keys(struct hip_keys *k, const u8 *kij, unsigned int kij_len,
		    const struct in6_addr *hit_i, const struct in6_addr *hit_r,
		    const u8 *i, const u8 *j)
{
	unsigned int enc, auth, total, off;
	u8 *km;
	int err;

	err = hip_esp_suite_keylens(k->esp_suite, &enc, &auth);
	if (err)
		return err;
	if (enc > HIP_ESP_KEY_MAX || auth > HIP_ESP_KEY_MAX)
		return -EINVAL;
	k->esp_enc_len = enc;
	k->esp_auth_len = auth;
	k->hip_enc_len = hip_cipher_key_len(k->hip_cipher);
	k->hip_auth_len = hip_rhash_len(k->hit_suite);
	total = hip_keymat_esp_index(k) + 2 * (enc + auth);
	if (total > HIP_KEYMAT_MAX)
		return -EINVAL;
	km = kmalloc(total, GFP_KERNEL);
	if (!km)
		return -ENOMEM;
	err = hip_keymat(k->hit_suite, kij, kij_len, hit_i, hit_r, i, j, km,
			 total);
	if (err)
		goto out;
	off = 0;
	hip_keys_take(&k->hip[0][0], sizeof(k->hip[0]), km, &off,
		      k->hip_enc_len, k->hip_auth_len);
	hip_keys_take(&k->esp[0][0], sizeof(k->esp[0]), km, &off, enc, auth);
	/* Kept for rekeying (RFC 7402 6.9): more KEYMAT, or a new one */
	if (kij_len > sizeof(k->kij)) {
		err = -EINVAL;
		goto out;
	}
	memcpy(k->kij, kij, kij_len);
	k->kij_len = kij_len;
	memcpy(k->ij, i, k->hip_auth_len);
	memcpy(k->ij + k->hip_auth_len, j, k->hip_auth_len);
	k->keymat_next = off;
out:
	kfree_sensitive(km);
	return err;
}

unsigned int hip_keymat_esp_len(const struct hip_keys *k)
{
	return 2 * (k->esp_enc_len + k->esp_auth_len);
}

bool hip_keymat_can_reuse(const struct hip_keys *k, unsigned int index)
{
	unsigned int end = index + hip_keymat_esp_len(k);

	return index <= U16_MAX && end <= 255 * hip_rhash_len(k->hit_suite) &&
	       end <= HIP_KEYMAT_MAX;
}

int hip_keys_draw_esp(struct hip_keys *k, const struct in6_addr *hit_a,
		      const struct in6_addr *hit_b, unsigned int index)
{
	unsigned int total = index + hip_keymat_esp_len(k);
	unsigned int hlen = hip_rhash_len(k->hit_suite), off = index;
	u8 *km;
	int err;

	if (!hip_keymat_can_reuse(k, index) || !k->kij_len || !hlen)
		return -ERANGE;
	km = kmalloc(total, GFP_KERNEL);
	if (!km)
		return -ENOMEM;
	/* The same KEYMAT as before, longer: HKDF's output is a stream */
	err = hip_keymat(k->hit_suite, k->kij, k->kij_len, hit_a, hit_b, k->ij,
			 k->ij + hlen, km, total);
	if (!err) {
		hip_keys_take(&k->esp[0][0], sizeof(k->esp[0]), km, &off,
			      k->esp_enc_len, k->esp_auth_len);
		k->keymat_next = off;
	}
	kfree_sensitive(km);
	return err;
}

void hip_keys_set_peer_dh(struct hip_keys *k, const u8 *pub,
			  unsigned int len)
{
	len = min_t(unsigned int, len, sizeof(k->peer_dh));
	memcpy(k->peer_dh, pub, len);
	k->peer_dh_len = len;
}

static struct hip_esp_sa *hip_sa_new(const struct hip_keys *k, u32 spi,
				     bool out, int idx)
{
	return hip_esp_sa_new(k->esp_suite, spi, out, k->esp[idx],
			      k->esp[idx + 1]);
}

int hip_make_sas(struct hip_ha *ha, struct hip_esp_sa **in,
		 struct hip_esp_sa **out)
{
	return hip_make_sas_spi(ha, ha->spi_in, ha->spi_out, in, out);
}

int hip_make_sas_spi(struct hip_ha *ha, u32 spi_in, u32 spi_out,
		     struct hip_esp_sa **in, struct hip_esp_sa **out)
{
	bool local_gl = hip_sender_is_greater(&ha->local_hit, &ha->peer_hit);
	int o_enc = local_gl ? 0 : 2, i_enc = local_gl ? 2 : 0;
	struct hip_esp_sa *sa_in = NULL, *sa_out = NULL;

	if (in) {
		sa_in = hip_sa_new(&ha->keys, spi_in, false, i_enc);
		if (IS_ERR(sa_in))
			return PTR_ERR(sa_in);
		/* Inbound too: when to rekey (RFC 7402 6.8, rekey.c) */
		hip_esp_sa_set_seq_limit(sa_in,
					 READ_ONCE(ha->hn->cfg.esp_seq_limit));
	}
	if (out) {
		sa_out = hip_sa_new(&ha->keys, spi_out, true, o_enc);
		if (IS_ERR(sa_out)) {
			if (sa_in)
				hip_esp_sa_put(sa_in);
			return PTR_ERR(sa_out);
		}
		hip_esp_sa_set_seq_limit(sa_out,
					 READ_ONCE(ha->hn->cfg.esp_seq_limit));
		*out = sa_out;
	}
	if (in)
		*in = sa_in;
	return 0;
}

/* An SA of the kernel's own IPsec (xfrm) in @hn's namespace uses @spi */
static bool hip_xfrm_spi_in_use(struct hip_net *hn, u32 spi)
{
	static const unsigned short families[] = { AF_INET, AF_INET6 };
	struct xfrm_state *x;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		x = xfrm_state_lookup_byspi(hn->net, htonl(spi), families[i]);
		if (x) {
			xfrm_state_put(x);
			return true;
		}
	}
	return false;
}

/* A new inbound SPI: random and >= 256 (RFC 7402 3.2.1, RFC 4303 2.1),
 * used by none of our associations and, RFC 7402 3.4 ("the SPI values
 * used for HIP SAs are not used for IPsec or other SAs"), by no SA of
 * the kernel's IPsec in the namespace.  The kernel's IPsec does not know
 * ours, so the other direction is not covered (Documentation/hip/
 * protocol.rst, Known issues).
 */
u32 hip_new_spi(struct hip_net *hn)
{
	u32 spi;

	do {
		spi = get_random_u32();
	} while (spi < 256 || hip_ha_spi_in_use(hn, spi) ||
		 hip_xfrm_spi_in_use(hn, spi));
	return spi;
}

#include "selftest/keys.c"
