// SPDX-License-Identifier: GPL-2.0
/*
 * The HIPv2 base exchange, I1 to R2 (RFC 7401 sections 4.1, 5.3.1-5.3.4,
 * 6.6-6.10), with ESP set up as in RFC 7402 section 6.  The Responder's
 * side of I1 is r1.c (stateless, precomputed); authentication is auth.c,
 * key derivation and SAs keys.c, algorithm choice negotiate.c,
 * retransmission timers.c.
 *
 *   Initiator                               Responder
 *   hip_bex_start():   I1 --------------->  hip_r1_i1_rx() (r1.c)
 *   hip_handle_r1():   <--------------- R1
 *                      I2 --------------->  hip_handle_i2()
 *   hip_handle_r2():   <--------------- R2
 *
 * Everything here runs on the HIP workqueue with
 * &hip_ha_table.bex_mutex held, so it may sleep for crypto.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/jiffies.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "esp.h"
#include "hit.h"
#include "locator.h"
#include "proto.h"

int hip_ha_send(struct hip_ha *ha, void *pkt, unsigned int len)
{
	struct hip_addr src, dst;
	bool have;

	rcu_read_lock();
	have = hip_ha_locators_rcu(ha, &src, &dst);
	rcu_read_unlock();
	if (!have)
		return -ENOTCONN;
	return hip_send_ctrl(ha->hn, &src, &dst, pkt, len);
}

/* A base exchange of @ha completed; it started at @t0 (ktime_get_ns()) */
static void hip_bex_timed(struct hip_ha *ha, bool initiator, u64 t0)
{
	struct hip_net *hn = ha->hn;
	u64 d = ktime_get_ns() - t0;

	if (initiator) {
		HIP_INC(hn, BEX_I_COUNT);
		HIP_ADD(hn, BEX_I_NS, d);
	} else {
		HIP_INC(hn, BEX_R_COUNT);
		HIP_ADD(hn, BEX_R_NS, d);
	}
	WRITE_ONCE(ha->bex_usec, (u32)min_t(u64, div_u64(d, NSEC_PER_USEC),
					    U32_MAX));
}

/* ---- I1 (initiator) ---- */

/* Our HI for @ha: the one owning its local HIT, or holding a delegation
 * of it (the I2 then carries the chain, hip_build_i2()), else the default
 * one
 */
static int hip_bex_pick_hi(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	struct in6_addr holder;
	struct hip_hi *hi;

	hi = hip_hi_lookup(hn, &ha->local_hit);
	if (!hi && !ipv6_addr_any(&ha->local_hit) &&
	    !hip_cert_chain_for(hn, &ha->local_hit, NULL, 0, NULL, &holder))
		hi = hip_hi_lookup(hn, &holder);
	if (!hi) {
		hi = hip_hi_get_default(hn);
		if (!hi)
			return -ENOKEY;
		ha->local_hit = hi->hit;
		ha->local_lsi = hi->lsi;
	}
	if (ha->hi)
		hip_hi_put(ha->hi);
	ha->hi = hi;
	return 0;
}

/* Where the I1 goes: the peer's first configured locator, else its
 * rendezvous server (RFC 8004 3.3), else the last locator used
 */
static int hip_bex_i1_dst(struct hip_ha *ha, struct hip_addr *dst)
{
	struct hip_addr local;
	struct hip_peer *peer;
	int err = 0;

	rcu_read_lock();
	peer = hip_peer_lookup_rcu(ha->hn, &ha->peer_hit);
	if (peer && peer->n_locators)
		*dst = peer->locators[0];
	else if (peer && peer->has_rvs)
		*dst = peer->rvs;
	else if (!hip_ha_locators_rcu(ha, &local, dst))
		err = -EHOSTUNREACH;
	rcu_read_unlock();
	return err;
}

int hip_bex_start(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	struct hip_addr src = {}, dst;
	u8 groups[HIP_DH_GROUPS_MAX];
	struct hip_builder b;
	unsigned int n;
	int len, err;
	u8 *buf;

	lockdep_assert_held(&hn->ha.bex_mutex);
	err = hip_bex_pick_hi(ha);
	if (!err)
		err = hip_bex_i1_dst(ha, &dst);
	if (err)
		return err;

	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* DH_GROUP_LIST: our groups, configured preference first (5.2.6) */
	n = hip_dh_groups_pref(hn, groups);
	hip_build_start(&b, buf, HIP_I1, &ha->local_hit, &ha->peer_hit);
	hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, groups, n);
	len = hip_build_finish(&b);
	if (len < 0) {
		err = len;
		goto out;
	}
	err = hip_ha_transition(ha, HIP_SBIT(UNASSOCIATED) | HIP_SBIT(CLOSED) |
				HIP_SBIT(R2_SENT) | HIP_SBIT(ESTABLISHED),
				HIP_STATE_I1_SENT);
	if (err)
		goto out;
	hip_ha_drop_sas(ha);
	ha->xchg.start_ns = ktime_get_ns();
	/* A lost I1 is retransmitted; a send error is not fatal */
	hip_send_ctrl(hn, &src, &dst, buf, len);
	err = hip_ha_use_locators(ha, &src, &dst);
	ha->initiator = true;
	hip_timers_retrans_start(ha, buf, len);
out:
	kfree(buf);
	return err;
}

/* ---- R1 (initiator) ---- */

/* HOST_ID and HIP_SIGNATURE_2 of an R1; the Responder's key or NULL.
 * A Responder answering for a HIT delegated to it presents its own
 * HOST_ID and the chain in a CERT group (hip_peer_key()); RHASH, the
 * puzzle and KEYMAT then follow the HITs' suite (RFC 7401 5.2.10, 6.3,
 * 6.5), HIP_SIGNATURE_2 the HOST_ID's algorithm (5.2.15).
 */
static struct hip_pubkey *hip_r1_verify(struct hip_net *hn,
					const struct hip_parsed *hp,
					const struct hip_rx_cb *cb,
					const struct hip_hi *hi,
					struct in6_addr *key_hit,
					u64 *not_after)
{
	const struct hip_host_id *hid = hip_pval(hp, HIP_PI_HOST_ID);
	struct hip_pubkey *pk;
	int err;

	if (!hip_pval(hp, HIP_PI_PUZZLE) || !hip_pval(hp, HIP_PI_DIFFIE_HELLMAN) ||
	    !hid || !hip_pval(hp, HIP_PI_DH_GROUP_LIST) ||
	    !hip_pval(hp, HIP_PI_HIP_CIPHER) ||
	    !hip_pval(hp, HIP_PI_HIT_SUITE_LIST) ||
	    !hip_pval(hp, HIP_PI_ESP_TRANSFORM) ||
	    !hp->p[HIP_PI_HIP_SIGNATURE_2].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return NULL;
	}
	pk = hip_peer_key(hn, hp, cb, hi, hid, hip_plen(hp, HIP_PI_HOST_ID),
			  key_hit, not_after);
	if (IS_ERR(pk))
		return NULL;
	err = hip_check_sig(hn, hp, HIP_PI_HIP_SIGNATURE_2, pk, true);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_SIG);
		hip_pubkey_free(pk);
		return NULL;
	}
	return pk;
}

/* RFC 7401 6.8 step 7, 4.1.3, 5.2.6: the R1's DH group must be one we
 * offered in our I1 (that list is static, 6.6 step 3: our preferences)
 * and the first group of the Responder's DH_GROUP_LIST that we offered
 * (its best choice).  Not one of ours: we have no other list to offer,
 * so we tell the Responder (NOTIFY NO_DH_PROPOSAL_CHOSEN) and drop the
 * R1; the exchange ends when the I1 retries run out.  Not its best
 * choice: our I1's list was tampered with (a downgrade); we drop the R1
 * and the I1 retransmission restarts the exchange, with the same
 * preferences.  Both count as DROP_NEGOTIATION.
 */
static bool hip_r1_dh_ok(struct hip_net *hn, const struct hip_parsed *hp,
			 const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const u8 *rgroups = hip_pval(hp, HIP_PI_DH_GROUP_LIST);
	unsigned int i, n, rn = hip_plen(hp, HIP_PI_DH_GROUP_LIST);
	u8 mine[HIP_DH_GROUPS_MAX];

	n = hip_dh_groups_pref(hn, mine);
	if (!hip_u8_in(dhp->group, mine, n) ||
	    ntohs(dhp->pub_len) != hip_dh_pub_len(dhp->group)) {
		HIP_INC(hn, DROP_NEGOTIATION);
		hip_send_notify(hn, ha->hi, &hp->hdr->sender_hit, cb,
				HIP_NTF_NO_DH_PROPOSAL_CHOSEN, NULL, 0);
		return false;
	}
	for (i = 0; i < rn; i++)
		if (hip_u8_in(rgroups[i], mine, n))
			break;
	if (i == rn || rgroups[i] != dhp->group) {
		HIP_INC(hn, DROP_NEGOTIATION);
		return false;
	}
	return true;
}

/* RFC 7401 6.8 step 6: our HIT Suite must be in the R1's HIT_SUITE_LIST
 * (each ID in the high four bits of its byte, 5.2.10).  If not, we drop
 * the R1 (we have one HIT per exchange, no other to restart with).
 */
static bool hip_r1_hit_suite_ok(const struct hip_parsed *hp, u8 suite)
{
	const u8 *list = hip_pval(hp, HIP_PI_HIT_SUITE_LIST);
	unsigned int i;

	for (i = 0; i < hip_plen(hp, HIP_PI_HIT_SUITE_LIST); i++)
		if (list[i] >> 4 == suite)
			return true;
	return false;
}

/* Choose from the R1's offers into @k.  Sends the NOTIFY the RFC asks
 * for on failure.
 */
static bool hip_r1_negotiate(struct hip_net *hn, const struct hip_parsed *hp,
			     const struct hip_rx_cb *cb, struct hip_ha *ha,
			     struct hip_keys *k)
{
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const __be16 *ciphers = hip_pval(hp, HIP_PI_HIP_CIPHER);
	const __be16 *esp = hip_pval(hp, HIP_PI_ESP_TRANSFORM);
	const struct in6_addr *peer = &hp->hdr->sender_hit;
	unsigned int i;

	if (!hip_r1_hit_suite_ok(hp, hip_hit_suite(&ha->local_hit))) {
		HIP_INC(hn, DROP_NEGOTIATION);
		return false;
	}
	if (!hip_r1_dh_ok(hn, hp, cb, ha))
		return false;
	k->dh_group = dhp->group;
	k->hip_cipher = 0;
	k->esp_suite = 0;
	for (i = 0; i < hip_plen(hp, HIP_PI_HIP_CIPHER) / 2 && !k->hip_cipher; i++)
		if (hip_cipher_ok(hn, ntohs(ciphers[i])))
			k->hip_cipher = ntohs(ciphers[i]);
	/* ESP_TRANSFORM: a reserved field, then the suites (RFC 7402 5.1.2) */
	for (i = 1; i < hip_plen(hp, HIP_PI_ESP_TRANSFORM) / 2 && !k->esp_suite; i++)
		if (hip_esp_ok(hn, ntohs(esp[i])))
			k->esp_suite = ntohs(esp[i]);
	/* RFC 7401 5.2.19: NO_HIP_PROPOSAL_CHOSEN; RFC 7402 3.3.5, 5.1.3:
	 * NO_ESP_PROPOSAL_CHOSEN
	 */
	if (!k->hip_cipher || !k->esp_suite) {
		HIP_INC(hn, DROP_NEGOTIATION);
		hip_send_notify(hn, ha->hi, peer, cb, !k->hip_cipher ?
				HIP_NTF_NO_HIP_PROPOSAL_CHOSEN :
				HIP_NTF_NO_ESP_PROPOSAL_CHOSEN, NULL, 0);
		return false;
	}
	k->hit_suite = hip_hit_suite(peer);
	return true;
}

/* The end of a puzzle's Lifetime, 2^(Lifetime - 32) seconds from now
 * (RFC 7401 5.2.4), at least one jiffy, at most 2^16 s
 */
static unsigned long hip_puzzle_deadline(u8 lifetime)
{
	unsigned long t;

	if (lifetime < 32)
		t = 32 - lifetime >= BITS_PER_LONG ? 0 : HZ >> (32 - lifetime);
	else
		t = (unsigned long)HZ << min(lifetime - 32, 16);
	return jiffies + max(t, 1UL);
}

/* Solve the puzzle into @j, make our DH key (*@dh), derive @ha's keys */
static int hip_r1_keys(struct hip_net *hn, struct hip_ha *ha,
		       const struct hip_parsed *hp, u8 *j,
		       struct hip_dh_key **dh)
{
	const struct hip_puzzle *pz = hip_pval(hp, HIP_PI_PUZZLE);
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	unsigned int kij_len;
	u8 *kij;
	int err;
	u64 t0;

	/* Puzzle (HIT-I is ours, RFC 7401 6.3), within its lifetime (6.8
	 * step 12); a failure drops the R1, the I1 retries go on
	 */
	t0 = ktime_get_ns();
	err = hip_puzzle_solve(ha->keys.hit_suite, pz->k, pz->i,
			       &ha->local_hit, &ha->peer_hit, j, 0,
			       hip_puzzle_deadline(pz->lifetime));
	HIP_TIMED(hn, PUZZLE, t0);
	if (err) {
		HIP_INC(hn, DROP_BAD_PUZZLE);
		return err;
	}
	t0 = ktime_get_ns();
	*dh = hip_dh_generate(ha->keys.dh_group);
	HIP_TIMED(hn, DH, t0);
	if (IS_ERR(*dh)) {
		err = PTR_ERR(*dh);
		*dh = NULL;
		HIP_INC(hn, DROP_CRYPTO);
		return err;
	}
	kij = kmalloc(HIP_DH_SECRET_MAX, GFP_KERNEL);
	if (!kij) {
		HIP_INC(hn, DROP_CRYPTO);
		return -ENOMEM;
	}
	t0 = ktime_get_ns();
	err = hip_dh_compute(*dh, dhp->pub, ntohs(dhp->pub_len), kij,
			     HIP_DH_SECRET_MAX, &kij_len);
	HIP_TIMED(hn, DH, t0);
	if (err) {
		hip_stat_inc(hn, err == -EINVAL ? HIP_STAT_DROP_MALFORMED_PARAM :
						  HIP_STAT_DROP_CRYPTO);
		goto out;
	}
	err = hip_derive_keys(&ha->keys, kij, kij_len, &ha->local_hit,
			      &ha->peer_hit, pz->i, j);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	/* Both DH keys stay for rekeying (RFC 7402 6.10 step 1, rekey.c) */
	hip_keys_set_peer_dh(&ha->keys, dhp->pub, ntohs(dhp->pub_len));
	hip_ha_rekey_clear(ha, true);
	ha->rekey.dh_cur = hip_dh_get(*dh);
out:
	kfree_sensitive(kij);
	return err;
}

/* HOST_ID inside ENCRYPTED (RFC 7401 5.2.18), or in the clear with NULL */
static void hip_build_i2_host_id(struct hip_builder *b, struct hip_ha *ha)
{
	u16 cipher = ha->keys.hip_cipher;
	unsigned int ivl = hip_cipher_iv_len(cipher), tl, pl;
	struct hip_encrypted *enc;
	struct hip_tlv *t;
	u8 *tlv;
	int err;

	if (cipher == HIP_CIPHER_NULL) {
		hip_build_host_id(b, ha->hi);
		return;
	}
	tlv = hip_host_id_tlv(ha->hi, &tl);
	if (!tlv) {
		b->err = -ENOMEM;
		return;
	}
	/* RFC 7401 5.2.18: AES-CBC pads with PKCS5 (RFC 2898 6.1.1): n bytes
	 * of value n, 1 <= n <= block size, so always at least one byte
	 */
	pl = tl + ivl - tl % ivl;
	enc = hip_build_param(b, HIP_P_ENCRYPTED, sizeof(*enc) + ivl + pl);
	if (enc) {
		get_random_bytes(enc->iv_data, ivl);
		t = (struct hip_tlv *)(enc->iv_data + ivl);
		memcpy(t, tlv, tl);
		memset((u8 *)t + tl, pl - tl, pl - tl);
		err = hip_cipher_crypt(cipher, true,
				       hip_key(&ha->keys, false, &ha->local_hit,
					       &ha->peer_hit),
				       enc->iv_data, (u8 *)t, pl);
		if (err)
			b->err = err;
	}
	kfree(tlv);
}

/* The chain of the delegation of @hit we hold, as a CERT group */
static void hip_build_i2_cert(struct hip_builder *b, struct hip_net *hn,
			      const struct in6_addr *hit)
{
	struct in6_addr holder;
	unsigned int len;
	u8 *chain;
	int err;

	chain = kmalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!chain) {
		b->err = -ENOMEM;
		return;
	}
	err = hip_cert_chain_for(hn, hit, chain, HIP_MAX_PACKET, &len, &holder);
	if (!err)
		err = hip_build_cert_group(b, chain, len);
	if (err && !b->err)
		b->err = err;
	kfree(chain);
}

/* ECHO_RESPONSE_SIGNED for the R1's ECHO_REQUEST_SIGNED (RFC 7401
 * 5.2.20, 5.2.22, 5.3.3: the opaque data copied unchanged); it is
 * covered by HIP_MAC and HIP_SIGNATURE (type 961)
 */
static void hip_build_i2_echo_signed(struct hip_builder *b,
				     const struct hip_parsed *hp)
{
	if (hp->p[HIP_PI_ECHO_REQUEST_SIGNED].off)
		hip_build_param_data(b, HIP_P_ECHO_RESPONSE_SIGNED,
				     hip_pval(hp, HIP_PI_ECHO_REQUEST_SIGNED),
				     hip_plen(hp, HIP_PI_ECHO_REQUEST_SIGNED));
}

/* One ECHO_RESPONSE_UNSIGNED for each ECHO_REQUEST_UNSIGNED of the R1, in
 * their order (5.2.21, 5.2.23, 5.3.3); type 63425, after HIP_SIGNATURE,
 * covered by neither HIP_MAC nor the signature (6.4.1, 6.4.2)
 */
static void hip_build_i2_echo_unsigned(struct hip_builder *b,
				       const struct hip_parsed *hp)
{
	struct hip_param p = hp->p[HIP_PI_ECHO_REQUEST_UNSIGNED];

	if (!p.off)
		return;
	do {
		hip_build_param_data(b, HIP_P_ECHO_RESPONSE_UNSIGNED,
				     hip_param_data(hp, &p), p.len);
	} while (hip_param_next(hp, &p));
}

/* Build the I2 answering the R1 @hp into @buf; returns its length */
static int hip_build_i2(struct hip_net *hn, struct hip_ha *ha,
			const struct hip_parsed *hp, const u8 *j,
			struct hip_dh_key *dh, u8 *buf)
{
	const struct hip_puzzle *pz = hip_pval(hp, HIP_PI_PUZZLE);
	unsigned int rlen = hip_rhash_len(ha->keys.hit_suite);
	unsigned int publen = hip_dh_pub_len(ha->keys.dh_group);
	struct hip_esp_info *ei;
	struct hip_solution *sol;
	struct hip_builder b;
	struct hip_dh *mydh;
	__be16 *p16;

	hip_build_start(&b, buf, HIP_I2, &ha->local_hit, &ha->peer_hit);
	ei = hip_build_param(&b, HIP_P_ESP_INFO, sizeof(*ei));
	if (ei) {
		ei->keymat_index = htons(hip_keymat_esp_index(&ha->keys));
		ei->new_spi = htonl(ha->spi_in);
	}
	if (hp->p[HIP_PI_R1_COUNTER].off)
		hip_build_param_data(&b, HIP_P_R1_COUNTER,
				     hip_pval(hp, HIP_PI_R1_COUNTER),
				     hip_plen(hp, HIP_PI_R1_COUNTER));
	hip_build_bex_locator_set(&b, hn);	/* RFC 8047 4.2.8 */
	sol = hip_build_param(&b, HIP_P_SOLUTION, sizeof(*sol) + 2 * rlen);
	if (sol) {
		sol->k = pz->k;
		sol->opaque = pz->opaque;
		memcpy(sol->ij, pz->i, rlen);
		memcpy(sol->ij + rlen, j, rlen);
	}
	mydh = hip_build_param(&b, HIP_P_DIFFIE_HELLMAN, sizeof(*mydh) + publen);
	if (mydh) {
		mydh->group = ha->keys.dh_group;
		mydh->pub_len = htons(publen);
		memcpy(mydh->pub, hip_dh_public(dh), publen);
	}
	p16 = hip_build_param(&b, HIP_P_HIP_CIPHER, 2);
	if (p16)
		p16[0] = htons(ha->keys.hip_cipher);
	hip_build_i2_host_id(&b, ha);
	/* Our HIT is delegated to our HI: the chain, CERT 768 */
	if (!ipv6_addr_equal(&ha->local_hit, &ha->hi->hit) && !b.err)
		hip_build_i2_cert(&b, hn, &ha->local_hit);
	hip_reg_build_i2(&b, ha, hp);	/* RFC 8003 3.2 */
	hip_build_i2_echo_signed(&b, hp);
	p16 = hip_build_param(&b, HIP_P_TRANSPORT_FORMAT_LIST, 2);
	if (p16)
		p16[0] = htons(HIP_P_ESP_TRANSFORM);
	p16 = hip_build_param(&b, HIP_P_ESP_TRANSFORM, 4);
	if (p16)
		p16[1] = htons(ha->keys.esp_suite);
	if (b.err ||
	    hip_build_mac(&b, ha->keys.hit_suite,
			  hip_key(&ha->keys, true, &ha->local_hit, &ha->peer_hit),
			  HIP_P_HIP_MAC, NULL, 0) ||
	    hip_build_sign(hn, &b, ha->hi, HIP_P_HIP_SIGNATURE, false))
		return -EINVAL;
	hip_build_i2_echo_unsigned(&b, hp);
	if (b.err)
		return b.err;
	return hip_build_finish(&b);
}

/* Keep what R2 processing needs: the Responder's key and HOST_ID */
static int hip_r1_remember(struct hip_ha *ha, const struct hip_parsed *hp,
			   struct hip_pubkey *pk)
{
	if (ha->peer_pk)
		hip_pubkey_free(ha->peer_pk);
	ha->peer_pk = pk;
	kfree(ha->peer_hostid);
	ha->peer_hostid_len = HIP_PARAM_TOTAL(hip_plen(hp, HIP_PI_HOST_ID));
	ha->peer_hostid = kmemdup((const u8 *)hp->hdr +
				  hp->p[HIP_PI_HOST_ID].off,
				  ha->peer_hostid_len, GFP_KERNEL);
	return ha->peer_hostid ? 0 : -ENOMEM;
}

/* Inbound SA now: the Responder may send before the R2 reaches us */
static int hip_r1_sa_in(struct hip_ha *ha)
{
	struct hip_esp_sa *sa_in;
	int err;

	ha->spi_in = hip_new_spi(ha->hn);
	err = hip_make_sas(ha, &sa_in, NULL);
	if (err)
		return err;
	hip_ha_set_sas(ha, HIP_SA_CUR, sa_in, NULL);
	hip_ha_set_spi_in(ha, ha->spi_in);
	/* A rekeying's next SAs belong to the keys being replaced */
	hip_ha_set_spi_next(ha, 0);
	hip_ha_set_sas(ha, HIP_SA_NEXT, NULL, NULL);
	return 0;
}

void hip_handle_r1(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_puzzle *pz;
	struct hip_addr src = cb->dst, dst = cb->src;
	struct hip_dh_key *dh = NULL;
	u8 j[HIP_RHASH_MAX], *buf = NULL;
	struct in6_addr key_hit;
	struct hip_pubkey *pk;
	unsigned int rlen;
	u64 not_after = 0;
	int len;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (!ipv6_addr_equal(&ha->local_hit, &hp->hdr->receiver_hit) ||
	    !ha->hi) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	pk = hip_r1_verify(hn, hp, cb, ha->hi, &key_hit, &not_after);
	if (!pk)
		return;
	if (!hip_r1_negotiate(hn, hp, cb, ha, &ha->keys))
		goto out;
	pz = hip_pval(hp, HIP_PI_PUZZLE);
	rlen = hip_rhash_len(ha->keys.hit_suite);
	if (!rlen || hip_plen(hp, HIP_PI_PUZZLE) != sizeof(*pz) + rlen ||
	    pz->k > HIP_PUZZLE_K_MAX) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	if (hip_r1_keys(hn, ha, hp, j, &dh))
		goto out;
	/* RFC 7401 6.8 step 11: keep the R1 generation counter */
	if (hp->p[HIP_PI_R1_COUNTER].off)
		ha->xchg.r1_gen = be64_to_cpu(((const struct hip_r1_counter *)
					       hip_pval(hp, HIP_PI_R1_COUNTER))->generation);
	if (hip_r1_remember(ha, hp, pk)) {
		pk = NULL;
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	pk = NULL;
	ha->peer_key_hit = key_hit;
	ha->peer_not_after = not_after;
	if (hip_r1_sa_in(ha)) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf) {
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	len = hip_build_i2(hn, ha, hp, j, dh, buf);
	if (len < 0) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	/* RFC 8047 4.2.8: the I2 goes to the R1's new preferred locator */
	hip_locator_r1_dst(hn, hp, &src, &dst);
	if (hip_ha_use_locators(ha, &src, &dst)) {
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	hip_locator_bex_rx(hn, ha, hp, HIP_LOCS_R1);
	if (hip_ha_transition(ha, HIP_SBIT(I1_SENT), HIP_STATE_I2_SENT)) {
		HIP_INC(hn, DROP_BAD_STATE);
		goto out;
	}
	hip_ha_send(ha, buf, len);
	hip_timers_retrans_start(ha, buf, len);
out:
	memzero_explicit(j, sizeof(j));
	if (dh)
		hip_dh_put(dh);
	if (pk)
		hip_pubkey_free(pk);
	kfree(buf);
}

/* ---- I2 (responder) ---- */

/* Strip PKCS5 padding (RFC 2898 6.1.1) from the @*len bytes at @pt: the
 * last byte n must be 1..@block and the last n bytes all n.  No padding
 * oracle: the I2's HIP_MAC was checked before decryption.
 */
static bool hip_pkcs5_unpad(const u8 *pt, unsigned int *len,
			    unsigned int block)
{
	unsigned int n, i;

	if (!*len)
		return false;
	n = pt[*len - 1];
	if (!n || n > block || n > *len)
		return false;
	for (i = *len - n; i < *len; i++)
		if (pt[i] != n)
			return false;
	*len -= n;
	return true;
}

/* Decrypt ENCRYPTED and find the HOST_ID inside; returns a kmalloc'd copy */
static struct hip_host_id *hip_decrypt_host_id(const struct hip_keys *k,
					       const struct hip_parsed *hp,
					       unsigned int *len)
{
	const struct hip_encrypted *enc = hip_pval(hp, HIP_PI_ENCRYPTED);
	unsigned int ivl = hip_cipher_iv_len(k->hip_cipher);
	unsigned int total = hip_plen(hp, HIP_PI_ENCRYPTED), ctl, tlen;
	const struct hip_hdr *hdr = hp->hdr;
	struct hip_tlv *t;
	u8 *pt;

	if (!ivl || total < sizeof(*enc) + ivl + sizeof(*t))
		return ERR_PTR(-EBADMSG);
	ctl = total - sizeof(*enc) - ivl;
	if (ctl % ivl)
		return ERR_PTR(-EBADMSG);
	pt = kmemdup(enc->iv_data + ivl, ctl, GFP_KERNEL);
	if (!pt)
		return ERR_PTR(-ENOMEM);
	if (hip_cipher_crypt(k->hip_cipher, false,
			     hip_key(k, false, &hdr->sender_hit,
				     &hdr->receiver_hit),
			     enc->iv_data, pt, ctl)) {
		kfree(pt);
		return ERR_PTR(-EBADMSG);
	}
	/* RFC 7401 5.2.18: the PKCS5 padding goes, then the parameter(s) */
	if (!hip_pkcs5_unpad(pt, &ctl, ivl)) {
		kfree(pt);
		return ERR_PTR(-EBADMSG);
	}
	t = (struct hip_tlv *)pt;
	tlen = ntohs(t->len);
	if (ntohs(t->type) != HIP_P_HOST_ID || sizeof(*t) + tlen > ctl) {
		kfree(pt);
		return ERR_PTR(-EBADMSG);
	}
	memmove(pt, pt + sizeof(*t), tlen);
	*len = tlen;
	return (struct hip_host_id *)pt;
}

/* Least time between two R2s re-sent for repeated I2s (see below) */
#define HIP_R2_RESEND_MIN	(HZ / 4)

/* The I2 that created @ha's keys, again: its R2 was lost, or it is a
 * replay.  Processing it again would derive the same keys and start the
 * ESP sequence numbers over on them (GCM IV reuse), so it is never
 * processed twice.  RFC 7401 6.9 step 4 (R2-SENT) lets us re-send the R2
 * we sent; Table 6 processes an I2 in ESTABLISHED, which for this I2
 * would produce that same R2 again (a lost R2 after the EC timeout), so
 * we re-send it there too, at most every HIP_R2_RESEND_MIN.  Elsewhere
 * (CLOSING, CLOSED: the SAs are gone) it is dropped.
 */
static void hip_i2_repeated(struct hip_net *hn, const struct hip_rx_cb *cb,
			    struct hip_ha *ha, u8 state)
{
	struct hip_addr src = cb->dst, dst = cb->src;
	struct hip_xchg *x = &ha->xchg;

	if (!(BIT(state) & (HIP_SBIT(R2_SENT) | HIP_SBIT(ESTABLISHED))) ||
	    ha->initiator || !x->r2_pkt) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	if (x->r2_resent &&
	    time_before(jiffies, x->r2_resent + HIP_R2_RESEND_MIN)) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	x->r2_resent = jiffies ?: 1;
	HIP_INC(hn, RETRANSMIT);
	hip_send_ctrl(hn, &src, &dst, x->r2_pkt, x->r2_len);
}

/* What can be checked before any crypto: the parameters are there, and
 * this I2 is not one we must not process (RFC 7401 4.4.3, 6.9).
 */
static bool hip_i2_precheck(struct hip_net *hn, const struct hip_parsed *hp,
			    const struct hip_rx_cb *cb, struct hip_ha *ha,
			    u8 suite)
{
	const struct hip_solution *sol = hip_pval(hp, HIP_PI_SOLUTION);
	const struct hip_hdr *hdr = hp->hdr;
	unsigned int rlen = hip_rhash_len(suite);
	u8 state;

	if (!sol || !hip_pval(hp, HIP_PI_DIFFIE_HELLMAN) ||
	    !hip_pval(hp, HIP_PI_ESP_INFO) || !hip_pval(hp, HIP_PI_HIP_CIPHER) ||
	    !hip_pval(hp, HIP_PI_ESP_TRANSFORM) ||
	    hip_plen(hp, HIP_PI_ESP_TRANSFORM) < 4 ||
	    !hp->p[HIP_PI_HIP_MAC].off || !hp->p[HIP_PI_HIP_SIGNATURE].off ||
	    (!hp->p[HIP_PI_HOST_ID].off && !hp->p[HIP_PI_ENCRYPTED].off) ||
	    hip_plen(hp, HIP_PI_SOLUTION) != sizeof(*sol) + 2 * rlen) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return false;
	}
	if (!ha)
		return true;
	state = hip_ha_state(ha);
	if (state == HIP_STATE_I2_SENT &&
	    ipv6_addr_cmp(&hdr->receiver_hit, &hdr->sender_hit) < 0) {
		/* Crossed I2s (RFC 7401 4.4.3 Table 4, 6.9 step 5): the host
		 * with the smaller HIT drops the peer's I2 and waits for the
		 * R2 to its own; the greater one answers with an R2.
		 */
		HIP_INC(hn, DROP_BAD_STATE);
		return false;
	}
	if (ha->keys.hit_suite == suite &&
	    !crypto_memneq(ha->xchg.i2_solution, sol->ij, 2 * rlen)) {
		hip_i2_repeated(hn, cb, ha, state);
		return false;
	}
	return true;
}

/* RFC 7401 6.9 step 13, 5.2.11: the I2's TRANSPORT_FORMAT_LIST names the
 * transport format the Initiator chose; a TF type whose parameter is not
 * in the packet is ignored.  The first remaining one must be ESP (RFC
 * 7402), the only one we implement, whose ESP_TRANSFORM is checked next.
 */
static bool hip_i2_transport_ok(const struct hip_parsed *hp)
{
	const __be16 *tf = hip_pval(hp, HIP_PI_TRANSPORT_FORMAT_LIST);
	unsigned int i;

	for (i = 0; tf && i < hip_plen(hp, HIP_PI_TRANSPORT_FORMAT_LIST) / 2; i++)
		if (ntohs(tf[i]) == HIP_P_ESP_TRANSFORM)
			return hp->p[HIP_PI_ESP_TRANSFORM].off;
	return false;
}

/* 0 if the I2's choices are among what the R1 @r1 offered, else the
 * NOTIFY type that says which is not: the DH group (RFC 7401 5.2.19), the
 * single HIP cipher (6.9 step 9, 5.2.19), the ESP transform (RFC 7402
 * 5.1.3)
 */
static u16 hip_i2_choice_err(struct hip_net *hn, const struct hip_parsed *hp,
			     const struct hip_r1 *r1)
{
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const __be16 *cip = hip_pval(hp, HIP_PI_HIP_CIPHER);
	const __be16 *esp = hip_pval(hp, HIP_PI_ESP_TRANSFORM);

	if (dhp->group != hip_r1_group(r1) ||
	    ntohs(dhp->pub_len) != hip_dh_pub_len(hip_r1_group(r1)))
		return HIP_NTF_INVALID_DH_CHOSEN;
	if (hip_plen(hp, HIP_PI_HIP_CIPHER) != 2 ||
	    !hip_cipher_ok(hn, ntohs(cip[0])))
		return HIP_NTF_INVALID_HIP_CIPHER_CHOSEN;
	if (!hip_i2_transport_ok(hp) || !hip_esp_ok(hn, ntohs(esp[1])))
		return HIP_NTF_INVALID_ESP_TRANSFORM_CHOSEN;
	return 0;
}

/* The R1 whose puzzle this I2 solved, with the algorithms it offered */
static struct hip_r1 *hip_i2_puzzle(struct hip_net *hn,
				    const struct hip_parsed *hp,
				    const struct hip_rx_cb *cb,
				    const struct hip_hi *hi, struct hip_keys *k)
{
	const struct hip_solution *sol = hip_pval(hp, HIP_PI_SOLUTION);
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const __be16 *cip = hip_pval(hp, HIP_PI_HIP_CIPHER);
	const __be16 *esp = hip_pval(hp, HIP_PI_ESP_TRANSFORM);
	const struct hip_hdr *hdr = hp->hdr;
	unsigned int rlen = hip_rhash_len(k->hit_suite);
	struct hip_r1 *r1;
	u16 ntf;
	bool ok;
	u64 t0;

	/* Puzzle: one we issued (to this Initiator, for this group), solved */
	r1 = hip_r1_find_puzzle(hn, &hdr->receiver_hit, &hdr->sender_hit,
				dhp->group, sol, rlen);
	if (!r1 || hip_r1_k(r1) != sol->k) {
		HIP_INC(hn, DROP_BAD_PUZZLE);
		return NULL;
	}
	t0 = ktime_get_ns();
	ok = hip_puzzle_check(k->hit_suite, sol->k, sol->ij, &hdr->sender_hit,
			      &hdr->receiver_hit, sol->ij + rlen);
	HIP_TIMED(hn, PUZZLE, t0);
	if (!ok) {
		HIP_INC(hn, DROP_BAD_PUZZLE);
		return NULL;
	}
	/* Negotiated algorithms, checked against what our R1 offered */
	ntf = hip_i2_choice_err(hn, hp, r1);
	if (ntf) {
		HIP_INC(hn, DROP_NEGOTIATION);
		hip_send_notify(hn, hi, &hdr->sender_hit, cb, ntf, NULL, 0);
		return NULL;
	}
	k->dh_group = hip_r1_group(r1);
	k->hip_cipher = ntohs(cip[0]);
	k->esp_suite = ntohs(esp[1]);
	return r1;
}

/* Diffie-Hellman with the R1's key, then KEYMAT into @k */
static bool hip_i2_keys(struct hip_net *hn, const struct hip_parsed *hp,
			struct hip_r1 *r1, struct hip_keys *k)
{
	const struct hip_solution *sol = hip_pval(hp, HIP_PI_SOLUTION);
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const struct hip_esp_info *ei = hip_pval(hp, HIP_PI_ESP_INFO);
	unsigned int rlen = hip_rhash_len(k->hit_suite), kij_len;
	const struct hip_hdr *hdr = hp->hdr;
	u8 *kij;
	int err;
	u64 t0;

	kij = kmalloc(HIP_DH_SECRET_MAX, GFP_KERNEL);
	if (!kij) {
		HIP_INC(hn, DROP_NOMEM);
		return false;
	}
	t0 = ktime_get_ns();
	err = hip_dh_compute(hip_r1_dh(r1), dhp->pub, ntohs(dhp->pub_len), kij,
			     HIP_DH_SECRET_MAX, &kij_len);
	HIP_TIMED(hn, DH, t0);
	if (err) {
		hip_stat_inc(hn, err == -EINVAL ? HIP_STAT_DROP_MALFORMED_PARAM :
						  HIP_STAT_DROP_CRYPTO);
		goto out;
	}
	err = hip_derive_keys(k, kij, kij_len, &hdr->sender_hit,
			      &hdr->receiver_hit, sol->ij, sol->ij + rlen);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	hip_keys_set_peer_dh(k, dhp->pub, ntohs(dhp->pub_len));
	if (ntohs(ei->keymat_index) != hip_keymat_esp_index(k) ||
	    ntohl(ei->new_spi) < 256) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		err = -EBADMSG;
	}
out:
	kfree_sensitive(kij);
	return !err;
}

/* HIP_MAC, then the Initiator's HOST_ID and HIP_SIGNATURE: its key
 * (*@key_hit, *@not_after: hip_peer_key())
 */
static struct hip_pubkey *hip_i2_authenticate(struct hip_net *hn,
					      const struct hip_parsed *hp,
					      const struct hip_rx_cb *cb,
					      const struct hip_hi *hi,
					      const struct hip_keys *k,
					      struct in6_addr *key_hit,
					      u64 *not_after)
{
	const struct hip_hdr *hdr = hp->hdr;
	struct hip_host_id *hid_dec = NULL;
	const struct hip_host_id *hid;
	struct hip_pubkey *pk;
	unsigned int hid_len;
	int err;

	/* HIP_MAC before anything expensive the peer chooses */
	err = hip_check_mac(hp, HIP_PI_HIP_MAC, k->hit_suite,
			    hip_key(k, true, &hdr->sender_hit,
				    &hdr->receiver_hit), NULL, 0);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_HMAC);
		return NULL;
	}
	if (hp->p[HIP_PI_ENCRYPTED].off) {
		hid_dec = hip_decrypt_host_id(k, hp, &hid_len);
		if (IS_ERR(hid_dec)) {
			HIP_INC(hn, DROP_MALFORMED_PARAM);
			return NULL;
		}
		hid = hid_dec;
	} else {
		hid = hip_pval(hp, HIP_PI_HOST_ID);
		hid_len = hip_plen(hp, HIP_PI_HOST_ID);
	}
	/* An Initiator using a HIT delegated to it: RFC 8002, hip_peer_key() */
	pk = hip_peer_key(hn, hp, cb, hi, hid, hid_len, key_hit, not_after);
	kfree(hid_dec);
	if (IS_ERR(pk))
		return NULL;
	err = hip_check_sig(hn, hp, HIP_PI_HIP_SIGNATURE, pk, false);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_SIG);
		hip_send_notify(hn, hi, &hdr->sender_hit, cb,
				HIP_NTF_AUTHENTICATION_FAILED, NULL, 0);
		hip_pubkey_free(pk);
		return NULL;
	}
	return pk;
}

/* The association for an authenticated I2, found or made (a reference) */
static struct hip_ha *hip_i2_ha(struct hip_net *hn, struct hip_ha *ha,
				const struct hip_parsed *hp,
				const struct hip_hi *hi)
{
	const struct in6_addr *peer_hit = &hp->hdr->sender_hit;
	struct hip_peer *peer;
	__be32 peer_lsi;

	if (ha)
		return hip_ha_get(ha);
	rcu_read_lock();
	peer = hip_peer_lookup_rcu(hn, peer_hit);
	peer_lsi = peer ? peer->lsi : hip_hit_to_lsi(peer_hit);
	rcu_read_unlock();
	ha = hip_ha_find_or_create(hn, &hp->hdr->receiver_hit, peer_hit,
				   hi->lsi, peer_lsi, GFP_KERNEL);
	if (!ha)
		HIP_INC(hn, DROP_NOMEM);
	return ha;
}

/* Authenticated: the association takes the keys, SAs and locators (and
 * @pk in any case; @not_after: hip_peer_key())
 */
static int hip_i2_commit(struct hip_net *hn, struct hip_ha *ha,
			 const struct hip_parsed *hp,
			 const struct hip_rx_cb *cb, struct hip_hi *hi,
			 struct hip_pubkey *pk, const struct in6_addr *key_hit,
			 u64 not_after,
			 const struct hip_keys *k, struct hip_dh_key *dh)
{
	const struct hip_solution *sol = hip_pval(hp, HIP_PI_SOLUTION);
	const struct hip_esp_info *ei = hip_pval(hp, HIP_PI_ESP_INFO);
	struct hip_addr src = cb->dst, dst = cb->src;
	struct hip_esp_sa *sa_in, *sa_out;
	int err;

	hip_timers_retrans_stop(ha);
	ha->local_hit = hp->hdr->receiver_hit;
	ha->local_lsi = hi->lsi;
	if (ha->hi)
		hip_hi_put(ha->hi);
	ha->hi = hip_hi_get(hi);
	if (ha->peer_pk)
		hip_pubkey_free(ha->peer_pk);
	ha->peer_pk = pk;
	ha->peer_key_hit = *key_hit;
	ha->peer_not_after = not_after;
	ha->keys = *k;
	/* Our DH key (the R1's) stays for rekeying (RFC 7402 6.10, rekey.c) */
	hip_ha_rekey_clear(ha, true);
	ha->rekey.dh_cur = hip_dh_get(dh);
	memcpy(ha->xchg.i2_solution, sol->ij, 2 * hip_rhash_len(k->hit_suite));
	ha->xchg.r2_resent = 0;
	ha->initiator = false;
	ha->spi_out = ntohl(ei->new_spi);
	hip_ha_set_spi_in(ha, 0);
	ha->spi_in = hip_new_spi(hn);
	err = hip_make_sas(ha, &sa_in, &sa_out);
	memzero_explicit(ha->keys.esp, sizeof(ha->keys.esp));
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		return err;
	}
	hip_ha_set_sas(ha, HIP_SA_CUR, sa_in, sa_out);
	hip_ha_set_spi_in(ha, ha->spi_in);
	hip_ha_set_spi_next(ha, 0);
	hip_ha_set_sas(ha, HIP_SA_NEXT, NULL, NULL);
	err = hip_ha_use_locators(ha, &src, &dst);
	if (err)
		HIP_INC(hn, DROP_NOMEM);
	return err;
}

/* An authenticated I2 for a peer HIT we have an association with, from
 * another host identity than that association's (@key_hit: a delegate
 * now answers for the HIT, or the delegator again; issue 11,
 * Documentation/hip/delegation.rst): the new exchange replaces the
 * association.  The old peer gets a CLOSE under the old keys at the old
 * locator, and its locators go; the peer entry and the LSIs stay (the
 * association is the same object), and the state change (to R2-SENT)
 * and the new locators reach the monitor as HA_CHANGE_NTF and
 * LOC_CHANGE_NTF.  The same host starting over (RFC 7401 6.9, Table 6)
 * is not a replacement.
 */
static void hip_i2_replace(struct hip_net *hn, struct hip_ha *ha,
			   const struct hip_rx_cb *cb,
			   const struct in6_addr *key_hit)
{
	struct hip_addr src = cb->dst, dst = cb->src;
	struct hip_locset *ls;

	if (!(BIT(hip_ha_state(ha)) & (HIP_SBIT(ESTABLISHED) | HIP_SBIT(R2_SENT))) ||
	    ipv6_addr_any(&ha->peer_key_hit) ||
	    ipv6_addr_equal(&ha->peer_key_hit, key_hit))
		return;
	net_info_ratelimited("hip: %pI6c now at host %pI6c (was %pI6c): association replaced\n",
			     &ha->peer_hit, key_hit, &ha->peer_key_hit);
	hip_close_replaced(ha);
	hip_reg_ha_replaced(hn, ha);	/* the old host's registrations */
	ls = hip_locset_new(&src, &dst, GFP_KERNEL);
	if (ls)
		hip_ha_replace_locset(ha, ls);
}

/* R2: ESP_INFO, HIP_MAC_2 (over R2 + our HOST_ID), HIP_SIGNATURE */
static int hip_build_r2(struct hip_net *hn, struct hip_ha *ha, u8 *buf)
{
	struct hip_esp_info *rei;
	struct hip_builder b;
	unsigned int hl;
	u8 *hostid;
	int err;

	hip_build_start(&b, buf, HIP_R2, &ha->local_hit, &ha->peer_hit);
	rei = hip_build_param(&b, HIP_P_ESP_INFO, sizeof(*rei));
	if (rei) {
		rei->keymat_index = htons(hip_keymat_esp_index(&ha->keys));
		rei->new_spi = htonl(ha->spi_in);
	}
	hip_build_bex_locator_set(&b, hn);	/* RFC 8047 4.2.8 */
	hip_reg_build_r2(&b, ha);	/* RFC 8003 3.3 */
	hostid = hip_host_id_tlv(ha->hi, &hl);
	if (!hostid)
		return -ENOMEM;
	err = b.err ?: hip_build_mac(&b, ha->keys.hit_suite,
				     hip_key(&ha->keys, true, &ha->local_hit,
					     &ha->peer_hit),
				     HIP_P_HIP_MAC_2, hostid, hl);
	kfree(hostid);
	if (err || hip_build_sign(hn, &b, ha->hi, HIP_P_HIP_SIGNATURE, false))
		return -EINVAL;
	return hip_build_finish(&b);
}

/* Send the R2 and keep a copy for retransmitted I2s */
static void hip_i2_answer(struct hip_net *hn, struct hip_ha *ha, u64 t_start)
{
	u8 *buf;
	int len;

	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf) {
		HIP_INC(hn, DROP_NOMEM);
		return;
	}
	len = hip_build_r2(hn, ha, buf);
	if (len < 0) {
		hip_count_err(hn, len, HIP_STAT_DROP_CRYPTO);
		goto out;
	}
	kfree(ha->xchg.r2_pkt);
	ha->xchg.r2_pkt = kmemdup(buf, len, GFP_KERNEL);
	ha->xchg.r2_len = ha->xchg.r2_pkt ? len : 0;
	if (hip_ha_transition(ha, HIP_STATES_ALL, HIP_STATE_R2_SENT)) {
		HIP_INC(hn, DROP_BAD_STATE);
		goto out;
	}
	hip_ha_send(ha, buf, len);
	HIP_INC(hn, BEX_DONE);
	hip_bex_timed(ha, false, t_start);
	ha->created = jiffies;
	/* Flush anything we queued for this peer; R2-SENT times out into
	 * ESTABLISHED if no data comes first.
	 */
	hip_ha_flush_queue(ha);
	hip_timers_r2_sent(ha);
out:
	kfree(buf);
}

/* Our HI for an I2 to @hit (a reference): the HI of that HIT, or the HI
 * holding a delegation of it valid now (certstore.c), which answered with
 * the R1s made for it (r1.c).  The association then has @hit as its
 * local HIT and that HI as its HOST_ID and signing key.  The R2 carries
 * no CERT: the Initiator validated the chain in our R1 before its I2,
 * and the R2 is authenticated by the keys of this exchange and the key
 * it took from that R1.
 */
static struct hip_hi *hip_i2_hi(struct hip_net *hn, const struct in6_addr *hit)
{
	struct in6_addr holder;
	struct hip_hi *hi;

	hi = hip_hi_lookup(hn, hit);
	if (hi || hip_cert_chain_for(hn, hit, NULL, 0, NULL, &holder))
		return hi;
	return hip_hi_lookup(hn, &holder);
}

void hip_handle_i2(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	u64 t_start = ktime_get_ns();
	struct hip_keys *k = NULL;
	u64 not_after = 0;
	struct hip_pubkey *pk;
	struct in6_addr key_hit;
	struct hip_r1 *r1;
	struct hip_hi *hi;
	u8 suite;
	int err;

	lockdep_assert_held(&hn->ha.bex_mutex);
	hi = hip_i2_hi(hn, &hp->hdr->receiver_hit);
	if (!hi) {
		HIP_INC(hn, DROP_NO_HI);
		return;
	}
	suite = hip_hit_suite(&hp->hdr->receiver_hit);
	if (!hip_i2_precheck(hn, hp, cb, ha, suite))
		goto out;
	/* Keys go into scratch space until the I2 is authenticated */
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k) {
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	k->hit_suite = suite;
	r1 = hip_i2_puzzle(hn, hp, cb, hi, k);
	if (!r1 || !hip_i2_keys(hn, hp, r1, k))
		goto out;
	pk = hip_i2_authenticate(hn, hp, cb, hi, k, &key_hit, &not_after);
	if (!pk)
		goto out;
	err = hip_r1_puzzle_spend(hn, hip_pval(hp, HIP_PI_SOLUTION),
				  hip_rhash_len(k->hit_suite));
	if (err) {
		/* A puzzle solved before: a replayed I2 (r1.c) */
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_PUZZLE);
		hip_pubkey_free(pk);
		goto out;
	}
	ha = hip_i2_ha(hn, ha, hp, hi);
	if (!ha) {
		hip_pubkey_free(pk);
		goto out;
	}
	hip_i2_replace(hn, ha, cb, &key_hit);
	err = hip_i2_commit(hn, ha, hp, cb, hi, pk, &key_hit, not_after, k,
			    hip_r1_dh(r1));
	if (!err) {
		/* RFC 8047 4.2.8: new locators UNVERIFIED, R2 to the source */
		hip_locator_bex_rx(hn, ha, hp, 0);
		hip_reg_rx(hn, ha, hp);	/* answered in the R2 */
		hip_i2_answer(hn, ha, t_start);
	}
	hip_ha_put(ha);
out:
	kfree_sensitive(k);
	hip_hi_put(hi);
}

/* ---- R2 (initiator) ---- */

void hip_handle_r2(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_esp_info *ei = hip_pval(hp, HIP_PI_ESP_INFO);
	struct hip_esp_sa *sa_out;
	int err;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (!ha->peer_pk || !ha->peer_hostid ||
	    !ipv6_addr_equal(&ha->local_hit, &hp->hdr->receiver_hit)) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	if (!ei || !hp->p[HIP_PI_HIP_MAC_2].off ||
	    !hp->p[HIP_PI_HIP_SIGNATURE].off || ntohl(ei->new_spi) < 256) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return;
	}
	err = hip_check_mac(hp, HIP_PI_HIP_MAC_2, ha->keys.hit_suite,
			    hip_key(&ha->keys, true, &ha->peer_hit,
				    &ha->local_hit),
			    ha->peer_hostid, ha->peer_hostid_len);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_HMAC);
		return;
	}
	err = hip_check_sig(hn, hp, HIP_PI_HIP_SIGNATURE, ha->peer_pk, false);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_SIG);
		return;
	}
	ha->spi_out = ntohl(ei->new_spi);
	err = hip_make_sas(ha, NULL, &sa_out);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		return;
	}
	if (hip_ha_transition(ha, HIP_SBIT(I2_SENT), HIP_STATE_ESTABLISHED)) {
		hip_esp_sa_put(sa_out);
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	hip_ha_set_sa_out(ha, HIP_SA_CUR, sa_out);
	memzero_explicit(ha->keys.esp, sizeof(ha->keys.esp));
	hip_locator_bex_rx(hn, ha, hp, 0);	/* RFC 8047 4.2.8 */
	hip_timers_retrans_stop(ha);
	ha->created = jiffies;
	HIP_INC(hn, BEX_DONE);
	if (ha->xchg.start_ns)
		hip_bex_timed(ha, true, ha->xchg.start_ns);
	ha->xchg.start_ns = 0;
	hip_reg_rx(hn, ha, hp);
	hip_ha_flush_queue(ha);
	hip_timers_established(ha);
}
