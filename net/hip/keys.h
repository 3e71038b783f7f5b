/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key material of an association: the negotiated algorithms, the HIP and
 * ESP keys drawn from KEYMAT (RFC 7401 section 6.5, RFC 7402 section 7),
 * and the ESP SAs made from them.
 */
#ifndef _HIP_KEYS_H
#define _HIP_KEYS_H

#include <linux/types.h>
#include <linux/in6.h>

#include "crypto.h"

struct hip_ha;
struct hip_net;
struct hip_esp_sa;

#define HIP_ESP_KEY_MAX		64

/* Indices of struct hip_keys.hip and .esp (RFC 7401 section 6.5 order) */
enum {
	HIP_KEY_GL_ENC,
	HIP_KEY_GL_AUTH,
	HIP_KEY_LG_ENC,
	HIP_KEY_LG_AUTH,
};

/**
 * struct hip_keys - negotiated algorithms and keys of an association
 * @hit_suite: RHASH of the exchange (HIT suite ID)
 * @dh_group: Diffie-Hellman group
 * @hip_cipher: HIP_CIPHER for ENCRYPTED
 * @esp_suite: ESP transform suite
 * @hip_enc_len: length of each HIP encryption key
 * @hip_auth_len: length of each HIP integrity key (= RHASH length)
 * @esp_enc_len: length of each ESP encryption key
 * @esp_auth_len: length of each ESP integrity key
 * @hip: HIP-gl/lg encryption and integrity keys
 * @esp: ESP-gl/lg encryption and integrity keys, kept only until the SAs
 *	exist
 * What a rekeying by UPDATE needs (RFC 7402 6.9, 6.10; rekey.c):
 * @kij: the Diffie-Hellman shared secret the current KEYMAT comes from,
 *	@kij_len its length
 * @ij: #I | #J of the base exchange, the HKDF salt (RFC 7401 6.5: "both
 *	hosts have to store #I and #J values ... for future use")
 * @keymat_next: index of the next unused byte of the current KEYMAT
 * @peer_dh: the peer's current DIFFIE_HELLMAN public value, @peer_dh_len
 *	its length (the "old existing key" of RFC 7402 6.10 step 1)
 * Secret: wipe with memzero_explicit() / kfree_sensitive().
 */
struct hip_keys {
	u8 hit_suite;
	u8 dh_group;
	u16 hip_cipher;
	u16 esp_suite;
	unsigned int hip_enc_len;
	unsigned int hip_auth_len;
	unsigned int esp_enc_len;
	unsigned int esp_auth_len;
	u8 hip[4][HIP_RHASH_MAX];
	u8 esp[4][HIP_ESP_KEY_MAX];
	u8 kij[HIP_DH_SECRET_MAX];
	unsigned int kij_len;
	u8 ij[2 * HIP_RHASH_MAX];
	unsigned int keymat_next;
	u8 peer_dh[HIP_DH_PUB_MAX];
	unsigned int peer_dh_len;
};

/* HIP integrity (@auth) or encryption key protecting what @sender sends */
const u8 *hip_key(const struct hip_keys *k, bool auth,
		  const struct in6_addr *sender,
		  const struct in6_addr *receiver);

/* ESP_INFO's KEYMAT index: the offset of the first ESP key */
unsigned int hip_keymat_esp_index(const struct hip_keys *k);

/* Draw all keys of @k from Kij; @k's algorithms must be set.  @i and @j
 * are the puzzle's #I and #J.
 */
int hip_derive_keys(struct hip_keys *k, const u8 *kij, unsigned int kij_len,
		    const struct in6_addr *hit_i, const struct in6_addr *hit_r,
		    const u8 *i, const u8 *j);

/* Bytes of KEYMAT one set of ESP keys takes (RFC 7402 section 7) */
unsigned int hip_keymat_esp_len(const struct hip_keys *k);
/* Can a rekey draw its ESP keys from the current KEYMAT at @index (RFC
 * 7402 6.9.1 step 2)?  No once the 16-bit KEYMAT index or the KEYMAT the
 * KDF can give (255 RHASH outputs) would be exceeded: then a new
 * Diffie-Hellman key is needed (RFC 7402 6.8 step 1).
 */
bool hip_keymat_can_reuse(const struct hip_keys *k, unsigned int index);
/* Draw the four ESP keys into @k->esp from the KEYMAT of @k->kij, starting
 * at @index (RFC 7402 6.10 step 3: ESP keys only); @k->keymat_next moves
 * past them.  -ERANGE if hip_keymat_can_reuse() says no.
 */
int hip_keys_draw_esp(struct hip_keys *k, const struct in6_addr *hit_a,
		      const struct in6_addr *hit_b, unsigned int index);
/* Remember the peer's DH public value of the current keys */
void hip_keys_set_peer_dh(struct hip_keys *k, const u8 *pub,
			  unsigned int len);

/* New SAs from @ha's ESP keys and SPIs (@in and/or @out may be NULL for
 * "not this one").  On error none is returned.
 */
int hip_make_sas(struct hip_ha *ha, struct hip_esp_sa **in,
		 struct hip_esp_sa **out);
/* The same with other SPIs (a rekeying's new SAs) */
int hip_make_sas_spi(struct hip_ha *ha, u32 spi_in, u32 spi_out,
		     struct hip_esp_sa **in, struct hip_esp_sa **out);

/* Load-time self-test of the KEYMAT arithmetic (selftest/keys.c) */
bool hip_keys_selftest(void);

/* A fresh inbound SPI not in use in @hn (RFC 7402 section 5.1.1: >= 256) */
u32 hip_new_spi(struct hip_net *hn);

#endif /* _HIP_KEYS_H */
