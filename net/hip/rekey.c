// SPDX-License-Identifier: GPL-2.0
/*
 * ESP rekeying by UPDATE (RFC 7402 sections 6.8-6.10).  update.c carries
 * the parameters and the acknowledgments; this file decides and makes the
 * new keys and SAs.
 *
 * A rekeying (struct hip_rekey in ha.h, under bex_mutex):
 *   start (we) or rx (the peer's ESP_INFO, no rekeying of ours
 *   outstanding): choose our new inbound SPI (hashed at once in
 *   ha_spi_next), and whether we make a new DH key; our KEYMAT index is 0
 *   with any DH, else max(next unused KEYMAT byte, peer's index).
 *   rx: save the peer's ESP_INFO (and DH).  Once both sides' parameters
 *   are known, "prepare": new KEYMAT if either side sent a DH key (the
 *   other side's current key stands in, 6.10 step 1), else more of the
 *   current KEYMAT at the greater index; ESP keys only (6.10 step 3); the
 *   new inbound SA goes into HIP_SA_NEXT, the new outbound SA waits.
 *   acked (our UPDATE with ESP_INFO acknowledged) and prepared: outbound
 *   switches to the new SA, the rekeying is complete (REKEY_DONE).
 *   The old inbound SA stays until data arrives on the new one (input.c
 *   asks the work, hip_rekey_sa_switch(); 6.10 step 4), so a packet sent
 *   by the peer just before its switch still finds its SA.
 *
 * The inbound SA is made as soon as both sides' parameters are known,
 * before our UPDATE is acknowledged: the peer may finalize and send on
 * the new SA as soon as it has our ESP_INFO (its ACK may be lost or
 * late).  Nothing is sent with the new keys before the ACK (6.8: "MUST
 * NOT replace its keying material until the rekeying packet exchange
 * successfully completes").
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <net/ipv6.h>

#include "esp.h"
#include "proto.h"

/* An outstanding rekeying is given up after this (RFC 7402 6.8 step 5:
 * "MUST NOT keep an outstanding ESP SA update request for an indefinite
 * time"); update.c gives up on the UPDATE itself well before.
 */
#define HIP_REKEY_TIMEOUT	(60 * HZ)

bool hip_rekey_pending(const struct hip_ha *ha)
{
	return ha->rekey.active;
}

static bool hip_rekey_up(const struct hip_ha *ha)
{
	u8 st = hip_ha_state(ha);

	return (st == HIP_STATE_ESTABLISHED || st == HIP_STATE_R2_SENT) &&
	       rcu_access_pointer(ha->sa_out[HIP_SA_CUR]) && ha->keys.kij_len;
}

/* Forget the rekeying in progress and its next inbound SA: the peer has
 * not switched to it (it would have acknowledged our UPDATE, and we would
 * have finished), or it restarts the rekeying
 */
static void hip_rekey_abort(struct hip_ha *ha)
{
	hip_ha_set_spi_next(ha, 0);
	hip_ha_set_sas(ha, HIP_SA_NEXT, NULL, NULL);
	hip_ha_rekey_clear(ha, false);
}

/* Our half (RFC 7402 6.8 step 1-2, 6.9.1 step 1-2): new SPI; a new DH
 * key if asked (@new_dh), if the current KEYMAT cannot give more ESP keys,
 * or if we answer a peer's UPDATE with DIFFIE_HELLMAN (@peer_dh; 4.1.3:
 * "the reply packet MUST also contain a DIFFIE_HELLMAN parameter"); the
 * KEYMAT index (0 with any new DH key).
 */
static int hip_rekey_decide(struct hip_ha *ha, bool new_dh, bool peer_dh,
			    unsigned int peer_index)
{
	struct hip_rekey *r = &ha->rekey;
	unsigned int idx = max(ha->keys.keymat_next, peer_index);
	struct hip_dh_key *dh;

	/* A previous rekeying's next inbound SA: the peer has switched by
	 * now (it acknowledged, or started this one)
	 */
	hip_ha_switch_sa_in(ha);
	if (peer_dh || !hip_keymat_can_reuse(&ha->keys, idx) || !r->dh_cur)
		new_dh = true;
	if (new_dh) {
		dh = hip_dh_generate(ha->keys.dh_group);
		if (IS_ERR(dh))
			return PTR_ERR(dh);
		r->dh = dh;
	}
	r->index = new_dh ? 0 : idx;
	r->spi_new = hip_new_spi(ha->hn);
	WRITE_ONCE(r->active, true);	/* hip_timers_want_rekey() peeks */
	r->started = jiffies;
	hip_ha_set_spi_next(ha, r->spi_new);
	return 0;
}

int hip_rekey_start(struct hip_ha *ha, bool new_dh)
{
	int err;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	if (!hip_rekey_up(ha))
		return -ENOTCONN;
	if (ha->rekey.active)
		return -EBUSY;
	err = hip_rekey_decide(ha, new_dh, false, 0);
	if (err) {
		hip_rekey_abort(ha);
		HIP_INC(ha->hn, DROP_CRYPTO);
		return err;
	}
	hip_update_request(ha, HIP_UPD_REKEY);
	return 0;
}

int hip_rekey_build_esp_info(struct hip_builder *b, struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;
	struct hip_esp_info *ei;

	if (!r->active || r->acked)
		return 0;
	ei = hip_build_param(b, HIP_P_ESP_INFO, sizeof(*ei));
	if (!ei)
		return -ENOSPC;
	ei->keymat_index = htons(r->index);
	ei->old_spi = htonl(ha->spi_in);
	ei->new_spi = htonl(r->spi_new);
	r->sent = true;
	return 0;
}

int hip_rekey_build_dh(struct hip_builder *b, struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;
	unsigned int publen;
	struct hip_dh *d;

	if (!r->active || r->acked || !r->dh)
		return 0;
	/* RFC 7402 6.8 step 2: the Group ID of the base exchange */
	publen = hip_dh_pub_len(ha->keys.dh_group);
	d = hip_build_param(b, HIP_P_DIFFIE_HELLMAN, sizeof(*d) + publen);
	if (!d)
		return -ENOSPC;
	d->group = ha->keys.dh_group;
	d->pub_len = htons(publen);
	memcpy(d->pub, hip_dh_public(r->dh), publen);
	return 0;
}

/* New Kij (RFC 7402 6.10 step 1): our new key or our current one, with
 * the peer's new public value or its current one
 */
static int hip_rekey_new_kij(struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;
	struct hip_keys *k = &ha->keys;
	struct hip_dh_key *mine = r->dh ?: r->dh_cur;
	const u8 *pub = r->peer_dh ?: k->peer_dh;
	unsigned int len = r->peer_dh ? r->peer_dh_len : k->peer_dh_len;
	unsigned int kij_len;
	u8 *kij;
	int err;

	if (!mine || !len)
		return -EINVAL;
	kij = kmalloc(HIP_DH_SECRET_MAX, GFP_KERNEL);
	if (!kij)
		return -ENOMEM;
	err = hip_dh_compute(mine, pub, len, kij, HIP_DH_SECRET_MAX,
			     &kij_len);
	if (!err) {
		memcpy(k->kij, kij, kij_len);
		k->kij_len = kij_len;
		k->keymat_next = 0;
		if (r->peer_dh)
			hip_keys_set_peer_dh(k, r->peer_dh, r->peer_dh_len);
		/* r->dh becomes the current key at the finish: our answer
		 * may still have to carry it (hip_rekey_build_dh())
		 */
	}
	kfree_sensitive(kij);
	return err;
}

/* Outbound to the new SA: the rekeying is complete (6.10 step 4) */
static void hip_rekey_finish(struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;

	WRITE_ONCE(ha->spi_out, r->peer_spi);
	hip_ha_set_sa_out(ha, HIP_SA_CUR, r->sa_out);
	r->sa_out = NULL;
	if (r->dh) {
		if (r->dh_cur)
			hip_dh_put(r->dh_cur);
		r->dh_cur = r->dh;
		r->dh = NULL;
	}
	HIP_INC(ha->hn, REKEY_DONE);
	hip_ha_rekey_clear(ha, false);
}

/* Both sides' parameters known: new keys and SAs (6.10 steps 1-3) */
static int hip_rekey_prepare(struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;
	struct hip_esp_sa *in, *out;
	unsigned int index = 0;
	int err = 0;

	if (r->dh || r->peer_dh)
		err = hip_rekey_new_kij(ha);
	else
		index = max(r->index, r->peer_index);
	if (!err)
		err = hip_keys_draw_esp(&ha->keys, &ha->local_hit,
					&ha->peer_hit, index);
	if (!err)
		err = hip_make_sas_spi(ha, r->spi_new, r->peer_spi, &in, &out);
	memzero_explicit(ha->keys.esp, sizeof(ha->keys.esp));
	if (err)
		return err;
	hip_ha_set_sas(ha, HIP_SA_NEXT, in, NULL);
	r->sa_out = out;
	r->prepared = true;
	if (r->acked)
		hip_rekey_finish(ha);
	return 0;
}

void hip_rekey_acked(struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	if (!r->active || !r->sent)
		return;
	r->acked = true;
	if (r->prepared)
		hip_rekey_finish(ha);
}

/* The peer's ESP_INFO, by RFC 8046 5.3 (OLD SPI is the peer's current
 * inbound SPI, our @spi_out): 1 a rekeying (or a new SA, treated as one),
 * 0 nothing to do, <0 a protocol error
 */
static int hip_rekey_classify(struct hip_ha *ha, const struct hip_esp_info *ei)
{
	u32 old = ntohl(ei->old_spi), new = ntohl(ei->new_spi);

	if (old == new)
		return 0;	/* informational (for middleboxes) */
	if (old == ha->spi_out && !new)
		return 0;	/* SA deprecated: we have no other to move to */
	if ((old && old != ha->spi_out) || new < 256)
		return -EINVAL;
	return 1;
}

/* RFC 7402 6.9 step 1: with a DIFFIE_HELLMAN, KEYMAT index 0 and the
 * association's group.  1 if there is a valid one, 0 if none, -EINVAL
 */
static int hip_rekey_check_dh(struct hip_ha *ha, const struct hip_parsed *hp,
			      const struct hip_esp_info *ei, const u8 **pub,
			      unsigned int *len)
{
	u8 group;

	if (hip_dh_value(hp, 0, &group, pub, len))
		return 0;
	if (ei->keymat_index || group != ha->keys.dh_group ||
	    *len != hip_dh_pub_len(group))
		return -EINVAL;
	return 1;
}

int hip_rekey_rx(struct hip_ha *ha, const struct hip_parsed *hp)
{
	const struct hip_esp_info *ei = hip_pval(hp, HIP_PI_ESP_INFO);
	struct hip_rekey *r = &ha->rekey;
	struct hip_net *hn = ha->hn;
	unsigned int publen = 0;
	const u8 *pub = NULL;
	bool answer;
	int err, dh;

	lockdep_assert_held(&hn->ha.bex_mutex);
	err = ei ? hip_rekey_classify(ha, ei) : -EINVAL;
	if (err <= 0) {
		if (err)
			HIP_INC(hn, DROP_MALFORMED_PARAM);
		return err;
	}
	dh = hip_rekey_check_dh(ha, hp, ei, &pub, &publen);
	if (dh < 0) {
		/* 6.9 step 1: drop (the UPDATE is not processed) */
		HIP_INC(hn, DROP_NEGOTIATION);
		return dh;
	}
	if (!hip_rekey_up(ha)) {
		HIP_INC(hn, DROP_BAD_STATE);
		return -ENOTCONN;
	}
	if (r->peer_seen) {
		if (r->peer_spi == ntohl(ei->new_spi))
			return 0;	/* this rekeying's, again */
		hip_rekey_abort(ha);	/* the peer restarts (6.8) */
	}
	answer = !r->active;
	if (answer) {
		err = hip_rekey_decide(ha, false, dh, ntohs(ei->keymat_index));
		if (err)
			goto fail;
	}
	r->peer_spi = ntohl(ei->new_spi);
	r->peer_index = ntohs(ei->keymat_index);
	if (dh) {
		r->peer_dh = kmemdup(pub, publen, GFP_KERNEL);
		if (!r->peer_dh) {
			err = -ENOMEM;
			goto fail;
		}
		r->peer_dh_len = publen;
	}
	r->peer_seen = true;
	/* Our half was decided when we started (or just now) */
	err = hip_rekey_prepare(ha);
	if (err)
		goto fail;
	return answer;
fail:
	HIP_INC(hn, DROP_CRYPTO);
	hip_rekey_abort(ha);
	return err;
}

void hip_rekey_sa_switch(struct hip_ha *ha)
{
	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	hip_ha_switch_sa_in(ha);
}

bool hip_rekey_tick(struct hip_ha *ha)
{
	struct hip_rekey *r = &ha->rekey;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	if (r->active && time_after(jiffies, r->started + HIP_REKEY_TIMEOUT))
		hip_rekey_abort(ha);
	return r->active;
}
