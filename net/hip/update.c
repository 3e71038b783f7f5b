// SPDX-License-Identifier: GPL-2.0
/*
 * UPDATE (RFC 7401 sections 5.3.5, 6.11, 6.12) and what it carries for
 * mobility and multihoming (RFC 8046, RFC 8047): readdressing with an
 * address check, credit-based authorization, failover; rekeying (rekey.c)
 * and registrations (reg.c) ride on it.
 *
 * One UPDATE of ours is outstanding at a time (6.11 allows it: "One way to
 * prevent any conflicts is to only allow one outstanding UPDATE at a
 * time").  What it carries is cumulative: a new UPDATE carries everything
 * the outstanding one did that is not yet acknowledged, and replaces it
 * (new Update ID), so that nothing waits behind a packet sent to an
 * address that just went away.
 *
 * Readdress (RFC 8046 3.2, Figure 3):
 *   mover -> peer  UPDATE(ESP_INFO old=new, LOCATOR_SET, SEQ), from the
 *                  new address to the peer's current one
 *   peer -> mover  UPDATE(ESP_INFO old=new, SEQ, ACK, ECHO_REQUEST_SIGNED),
 *                  to the new (UNVERIFIED) address; data follows it there
 *                  within the credit (5.6)
 *   mover -> peer  UPDATE(ACK, ECHO_RESPONSE_SIGNED): the address is ACTIVE
 *
 * Everything runs on the HIP work queue under &hip_ha_table.bex_mutex,
 * except hip_update_request() / hip_update_locators_changed() (any
 * context) and hip_update_credit_ok() (the data path, under RCU).
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/jhash.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "events.h"
#include "locator.h"
#include "proto.h"

/* UPDATE timer (6.11 step 3: "2 * RTT estimate", backed off
 * exponentially; UPDATE_RETRY_MAX is left to the host)
 */
#define HIP_UPD_RTO_MIN		(HZ / 5)
#define HIP_UPD_RTO_INIT	(HZ / 2)
#define HIP_UPD_RTO_MAX		(4 * HZ)
#define HIP_UPD_RETRIES		8
/* An address check gives up sooner: 0.5 + 1 + 2 + 4 s */
#define HIP_UPD_CHECK_RETRIES	3
/* Peer Update IDs ahead of the next expected one that we accept, and
 * behind it that we remember (6.12: "receive window")
 */
#define HIP_UPD_WINDOW		64
/* Repeated ACKs for retransmitted UPDATEs at most this often (6.12.1) */
#define HIP_UPD_REACK_MIN	(HZ / 4)
/* Credit-based authorization (RFC 8046 5.6): CreditAgingFactor 7/8 every
 * CreditAgingInterval 5 s
 */
#define HIP_CBA_INTERVAL	(5 * HZ)
/* Failover (multihoming): see protocol.rst, "Failover" */
#define HIP_FO_SILENCE		(2 * HZ)
#define HIP_FO_TICK		(HZ / 2)
#define HIP_FO_PROBE_RETRIES	1
/* A probe waits at most this long per try: 0.5 + 1 s with the retry */
#define HIP_FO_PROBE_RTO	(HZ / 2)

/* What one UPDATE we are about to send carries */
struct hip_upd_out {
	bool seq;		/* a new Update ID (to be acknowledged) */
	bool ack;		/* ACK @ack_id */
	u32 ack_id;
	unsigned int what;	/* HIP_UPD_* */
	bool echo_req;		/* ECHO_REQUEST_SIGNED with &hip_update.nonce */
	const void *echo_resp;	/* ECHO_RESPONSE_SIGNED contents */
	unsigned int echo_resp_len;
	const struct hip_parsed *req;	/* the UPDATE we answer, if any */
	const struct hip_addr *via;	/* VIA_RVS: it came through this RVS */
};

static struct hip_locset *hip_upd_locs(struct hip_ha *ha)
{
	return rcu_dereference_protected(ha->locs,
					 lockdep_is_held(&ha->hn->ha.bex_mutex));
}

static unsigned long hip_upd_rto(const struct hip_update *u)
{
	unsigned long rto = HIP_UPD_RTO_INIT;

	if (u->rtt)
		rto = clamp_t(unsigned long, 2 * u->rtt, HIP_UPD_RTO_MIN,
			      HIP_UPD_RTO_MAX);
	/* A failover probe does not wait out an RTT sampled under load */
	return u->probe ? min_t(unsigned long, rto, HIP_FO_PROBE_RTO) : rto;
}

/* We heard from the peer (failover, protocol.rst): what we send from now
 * on goes into the silence if nothing more comes
 */
static void hip_update_heard(struct hip_ha *ha, unsigned long now)
{
	ha->upd.last_in = now;
	ha->upd.fo_out = atomic64_read(&ha->pkts_out);
}

/* The plain ESP_INFO of a readdress: OLD = NEW = our inbound SPI (RFC 8046
 * 5.2); KEYMAT index unused then (RFC 7402 5.1.1 sets it only for new keys)
 */
static void hip_build_esp_info_plain(struct hip_builder *b, struct hip_ha *ha)
{
	struct hip_esp_info *e;

	e = hip_build_param(b, HIP_P_ESP_INFO, sizeof(*e));
	if (e) {
		e->old_spi = htonl(ha->spi_in);
		e->new_spi = htonl(ha->spi_in);
	}
}

/* Parameters in ascending type order (RFC 7401 5.2.1): ESP_INFO 65,
 * LOCATOR_SET 193, SEQ 385, ACK 449, DIFFIE_HELLMAN 513,
 * ECHO_REQUEST_SIGNED 897, REG_* 930-936, ECHO_RESPONSE_SIGNED 961,
 * HIP_MAC, HIP_SIGNATURE (5.3.5), then unsigned echo responses
 */
static int hip_update_build(struct hip_ha *ha, u8 *buf,
			    const struct hip_upd_out *o)
{
	struct hip_update *u = &ha->upd;
	struct hip_builder b;
	unsigned int len0;
	struct hip_locset *ls;
	__be32 *id;

	hip_build_start(&b, buf, HIP_UPDATE, &ha->local_hit, &ha->peer_hit);
	len0 = b.len;
	if (o->what & HIP_UPD_REKEY)
		hip_rekey_build_esp_info(&b, ha);
	if (b.len == len0 && (o->what & HIP_UPD_LOCATORS || o->echo_req))
		hip_build_esp_info_plain(&b, ha);
	if (o->what & HIP_UPD_LOCATORS) {
		ls = hip_upd_locs(ha);
		hip_build_locator_set(&b, ha->hn, ha->spi_in,
				      ls ? &ls->local : NULL);
	}
	if (o->seq) {
		id = hip_build_param(&b, HIP_P_SEQ, 4);
		if (id)
			*id = htonl(u->seq_next);
	}
	if (o->ack) {
		id = hip_build_param(&b, HIP_P_ACK, 4);
		if (id)
			*id = htonl(o->ack_id);
	}
	if (o->what & HIP_UPD_REKEY)
		hip_rekey_build_dh(&b, ha);
	if (o->what & HIP_UPD_REG)
		hip_reg_build_update_cert(&b, ha);	/* CERT 768, RFC 8003 3.3 */
	if (o->echo_req)
		hip_build_param_data(&b, HIP_P_ECHO_REQUEST_SIGNED, u->nonce,
				     sizeof(u->nonce));
	if (o->what & HIP_UPD_REG)
		hip_reg_build_update(&b, ha);
	if (o->echo_resp)
		hip_build_param_data(&b, HIP_P_ECHO_RESPONSE_SIGNED,
				     o->echo_resp, o->echo_resp_len);
	if (b.err)
		return b.err;
	if (hip_build_mac(&b, ha->keys.hit_suite,
			  hip_key(&ha->keys, true, &ha->local_hit,
				  &ha->peer_hit), HIP_P_HIP_MAC, NULL, 0) ||
	    hip_build_sign(NULL, &b, ha->hi, HIP_P_HIP_SIGNATURE, false))
		return -EINVAL;
	/* RFC 8046 3.2.3: the reply to an UPDATE relayed by a rendezvous
	 * server carries VIA_RVS (RFC 8004 4.2.3; unsigned, above
	 * HIP_SIGNATURE)
	 */
	if (o->via)
		hip_build_param_data(&b, HIP_P_VIA_RVS, &o->via->a,
				     sizeof(o->via->a));
	return hip_build_finish(&b);
}

/* Send @pkt to @dst from @src if given (the address check goes to the
 * address being checked), else to the current pair
 */
static int hip_update_send_to(struct hip_ha *ha, u8 *pkt, unsigned int len,
			      struct hip_addr *src, const struct hip_addr *dst)
{
	if (dst && !ipv6_addr_any(&dst->a))
		return hip_send_ctrl(ha->hn, src, dst, pkt, len);
	return hip_ha_send(ha, pkt, len);
}

/* Build and send one UPDATE; with a SEQ it becomes the outstanding one */
static int hip_update_xmit(struct hip_ha *ha, const struct hip_upd_out *o,
			   struct hip_addr *src, const struct hip_addr *dst)
{
	struct hip_update *u = &ha->upd;
	u8 *buf;
	int len;

	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = hip_update_build(ha, buf, o);
	if (len < 0)
		goto out;
	hip_update_send_to(ha, buf, len, src, dst);
	if (o->ack) {
		kfree(u->ack_pkt);
		u->ack_pkt = kmemdup(buf, len, GFP_KERNEL);
		u->ack_len = u->ack_pkt ? len : 0;
		u->ack_seq = o->ack_id;
		u->ack_sent = jiffies;
	}
	if (o->seq) {
		kfree(u->pkt);
		u->pkt = buf;
		buf = NULL;
		u->len = len;
		u->seq = u->seq_next++;
		u->what = o->what;
		u->retries = 0;
		u->sent_at = jiffies;
		u->rto_at = jiffies + hip_upd_rto(u);
		u->dst = dst ? *dst : (struct hip_addr){};
		HIP_INC(ha->hn, UPDATE_OUT);
		hip_ha_schedule(ha, hip_upd_rto(u));
	}
	len = 0;
out:
	kfree(buf);
	return len;
}

/* --- Receiving: SEQ and ACK (RFC 7401 6.12) ------------------------------ */

enum hip_seq_class { HIP_SEQ_NEW, HIP_SEQ_DUP, HIP_SEQ_BAD };

static enum hip_seq_class hip_update_seq_class(const struct hip_update *u,
					       u32 id)
{
	s32 d = (s32)(id - u->peer_next);	/* circular (6.12) */
	unsigned int k;

	if (!u->peer_any)
		return id < HIP_UPD_WINDOW ? HIP_SEQ_NEW : HIP_SEQ_BAD;
	if (d >= 0)
		return d < HIP_UPD_WINDOW ? HIP_SEQ_NEW : HIP_SEQ_BAD;
	k = -(d + 1);
	if (k >= 64)
		return HIP_SEQ_BAD;
	return u->peer_seen & BIT_ULL(k) ? HIP_SEQ_DUP : HIP_SEQ_NEW;
}

/* 6.12.1 step 5: record the Update ID for replay protection */
static void hip_update_seq_record(struct hip_update *u, u32 id)
{
	s32 d = (s32)(id - u->peer_next);
	unsigned int shift;

	if (!u->peer_any || d >= 0) {
		shift = u->peer_any ? d + 1 : 64;
		u->peer_seen = shift >= 64 ? 0 : u->peer_seen << shift;
		u->peer_seen |= 1;
		u->peer_next = id + 1;
		u->peer_any = true;
	} else {
		u->peer_seen |= BIT_ULL(-(d + 1));
	}
}

/* The outstanding UPDATE was acknowledged (6.12.2 step 4) */
static void hip_update_acked(struct hip_ha *ha)
{
	struct hip_update *u = &ha->upd;
	unsigned long sample = jiffies - u->sent_at;
	unsigned int what = u->what;

	if (!u->retries)
		u->rtt = u->rtt ? (7 * u->rtt + sample) / 8 : sample;
	kfree(u->pkt);
	u->pkt = NULL;
	u->len = 0;
	u->what = 0;
	u->probe = false;
	if (what & HIP_UPD_REKEY)
		hip_rekey_acked(ha);
}

/* 6.12.2: true if the ACK acknowledges our outstanding UPDATE */
static bool hip_update_ack_rx(struct hip_ha *ha, const struct hip_parsed *hp)
{
	const __be32 *ids = hip_pval(hp, HIP_PI_ACK);
	unsigned int i, n = hip_plen(hp, HIP_PI_ACK) / 4;
	struct hip_update *u = &ha->upd;

	if (!ids || !u->pkt)
		return false;
	for (i = 0; i < n; i++) {
		if (ntohl(ids[i]) == u->seq) {
			hip_update_acked(ha);
			return true;
		}
	}
	return false;
}

/* --- Locators ------------------------------------------------------------ */

/* Our address check of @ha's locator @a passed or failed (RFC 8046 5.4):
 * ACTIVE and in use, or DEPRECATED and another one in use
 */
static void hip_update_check_done(struct hip_ha *ha, bool ok)
{
	struct hip_update *u = &ha->upd;
	struct hip_locset *old = hip_upd_locs(ha), *ls;
	int i, j;

	u->checking = false;
	i = hip_locset_find(old, &u->check);
	if (i < 0)
		return;
	ls = hip_locset_dup(old, old->n, GFP_KERNEL);
	if (!ls) {
		HIP_INC(ha->hn, DROP_NOMEM);
		return;
	}
	ls->peer[i].since = jiffies;
	if (ok) {
		ls->peer[i].state = HIP_LOC_ACTIVE;
		ls->cur = i;
		if (!ipv6_addr_any(&u->check_src.a))
			ls->local = u->check_src;
	} else {
		HIP_INC(ha->hn, ADDR_CHECK_FAILED);
		ls->peer[i].state = HIP_LOC_DEPRECATED;
		for (j = 0; j < ls->n; j++)
			if (ls->peer[j].state == HIP_LOC_ACTIVE)
				ls->cur = j;
	}
	hip_ha_replace_locset(ha, ls);
	hip_event_ha_locators(ha->hn, ha);
}

/* Start checking @a (RFC 8046 5.4) from our address @src (NULL: the one
 * routing picks when the UPDATE goes out): the nonce goes into the next
 * UPDATE
 */
static void hip_update_check_start(struct hip_ha *ha, const struct hip_addr *a,
				   const struct hip_addr *src)
{
	struct hip_update *u = &ha->upd;

	get_random_bytes(u->nonce, sizeof(u->nonce));
	u->check = *a;
	u->check_src = src ? *src : (struct hip_addr){};
	u->checking = true;
}

/* The peer's LOCATOR_SET (RFC 8046 5.3, RFC 8047 5.2), merged as
 * hip_locset_merge() does: listed locators are refreshed (DEPRECATED ones
 * become UNVERIFIED again) or added UNVERIFIED, unlisted ones become
 * DEPRECATED.  The preferred one is used at once if ACTIVE; otherwise it
 * is checked, and used meanwhile within the credit unless the one in use
 * is still listed and ACTIVE (5.5).  Returns 1 if an address check must
 * start, 0 if not, or a negative error.
 */
static int hip_update_locators_rx(struct hip_ha *ha,
				  const struct hip_parsed *hp)
{
	struct hip_loc_entry ents[HIP_LOCSET_MAX];
	struct hip_locset *old = hip_upd_locs(ha), *ls;
	const void *data = hip_pval(hp, HIP_PI_LOCATOR_SET);
	unsigned int len = hip_plen(hp, HIP_PI_LOCATOR_SET);
	struct hip_update *u = &ha->upd;
	int n, k, pref;
	u32 hash;

	n = hip_locator_set_parse(data, len, ents, ARRAY_SIZE(ents));
	if (n <= 0)
		return n;
	hash = jhash(data, len, 0);
	if (hash == u->locset_hash)
		return 0;	/* a duplicate (5.3): not reprocessed */
	ls = hip_locset_dup(old, HIP_LOCSET_MAX, GFP_KERNEL);
	if (!ls)
		return -ENOMEM;
	pref = hip_locset_merge(ls, ents, n, HIP_LOCS_REPLACE, jiffies);
	if (pref < 0) {
		kfree(ls);
		return 0;
	}
	/* What we use meanwhile */
	k = old ? hip_locset_find(ls, hip_locset_peer(old)) : -1;
	if (ls->peer[pref].state == HIP_LOC_ACTIVE ||
	    k < 0 || ls->peer[k].state != HIP_LOC_ACTIVE)
		ls->cur = pref;
	else
		ls->cur = k;
	if (!old || !ipv6_addr_equal(&hip_locset_peer(ls)->a,
				     &hip_locset_peer(old)->a)) {
		/* Our address for the new path: routing's choice */
		ls->local = (struct hip_addr){};
		hip_route_src(ha->hn, &ls->local, hip_locset_peer(ls));
	}
	u->locset_hash = hash;
	HIP_INC(ha->hn, LOC_CHANGES);
	hip_ha_replace_locset(ha, ls);
	hip_event_ha_locators(ha->hn, ha);
	if (ls->peer[pref].state != HIP_LOC_UNVERIFIED)
		return 0;
	hip_update_check_start(ha, &ls->peer[pref].addr, NULL);
	return 1;
}

/* ESP_INFO of a new UPDATE (RFC 8046 5.3, RFC 8047 5.2; processed before
 * LOCATOR_SET): OLD = NEW = the peer's current inbound SPI (our outbound)
 * is informational; OLD != NEW is a rekey (rekey.c).  Returns the HIP_UPD_*
 * our answer must carry, or a negative error (counted here or by rekey.c).
 */
static int hip_update_esp_info_rx(struct hip_ha *ha,
				  const struct hip_parsed *hp)
{
	const struct hip_esp_info *e = hip_pval(hp, HIP_PI_ESP_INFO);
	int err;

	if (!e)
		return 0;
	if (e->old_spi == e->new_spi) {
		if (ntohl(e->new_spi) == ha->spi_out || hip_rekey_pending(ha))
			return 0;
		HIP_INC(ha->hn, DROP_MALFORMED_PARAM);
		return -EINVAL;
	}
	/* 1: we answer a rekeying with ours; 0: acknowledge only (ours is
	 * outstanding, RFC 7402 6.9 step 3)
	 */
	err = hip_rekey_rx(ha, hp);
	if (err < 0)
		return err;
	return err ? HIP_UPD_REKEY : 0;
}

/* ECHO_RESPONSE to our address check or path probe */
static void hip_update_echo_rx(struct hip_ha *ha, const struct hip_parsed *hp)
{
	struct hip_update *u = &ha->upd;
	struct hip_param p = hp->p[HIP_PI_ECHO_RESPONSE_SIGNED];
	bool match = false;

	if (!u->checking)
		return;
	if (p.off && p.len == sizeof(u->nonce))
		match = !crypto_memneq(hip_param_data(hp, &p), u->nonce,
				       sizeof(u->nonce));
	/* RFC 8046 does not say which ECHO_REQUEST; OpenHIP answers unsigned */
	p = hp->p[HIP_PI_ECHO_RESPONSE_UNSIGNED];
	if (!match && p.off)
		do {
			match = p.len == sizeof(u->nonce) &&
				!crypto_memneq(hip_param_data(hp, &p),
					       u->nonce, sizeof(u->nonce));
		} while (!match && hip_param_next(hp, &p));
	if (match)
		hip_update_check_done(ha, true);
}

/* A retransmitted UPDATE: ACK it again, rate-limited (6.12.1 step 2) */
static void hip_update_reack(struct hip_ha *ha, const struct hip_rx_cb *cb,
			     u32 id)
{
	struct hip_update *u = &ha->upd;
	struct hip_addr src = cb->dst;
	struct hip_upd_out o = { .ack = true, .ack_id = id };

	HIP_INC(ha->hn, DROP_UPDATE_SEQ);
	if (time_before(jiffies, u->ack_sent + HIP_UPD_REACK_MIN))
		return;
	if (u->ack_pkt && u->ack_seq == id) {
		u->ack_sent = jiffies;
		hip_send_ctrl(ha->hn, &src, &cb->src, u->ack_pkt, u->ack_len);
		return;
	}
	hip_update_xmit(ha, &o, &src, &cb->src);
}

/* The parameters of a new UPDATE (6.12.1 step 5), then the answer */
static void hip_update_process(struct hip_ha *ha, const struct hip_parsed *hp,
			       const struct hip_rx_cb *cb, u32 id)
{
	struct hip_upd_out o = { .ack = true, .ack_id = id, .req = hp };
	struct hip_update *u = &ha->upd;
	struct hip_addr src = cb->dst, dst = cb->src;
	int what, check = 0;

	what = hip_update_esp_info_rx(ha, hp);
	if (what < 0)
		return;	/* counted */
	if (hp->p[HIP_PI_LOCATOR_SET].off) {
		check = hip_update_locators_rx(ha, hp);
		if (check < 0) {
			hip_count_err(ha->hn, check,
				      HIP_STAT_DROP_MALFORMED_PARAM);
			return;
		}
	}
	hip_update_seq_record(u, id);
	HIP_INC(ha->hn, UPDATE_IN);
	/* Registrations (RFC 8003 3.3): what we owe goes into our answer */
	hip_reg_rx(ha->hn, ha, hp);
	if (hp->p[HIP_PI_ECHO_REQUEST_SIGNED].off) {
		o.echo_resp = hip_pval(hp, HIP_PI_ECHO_REQUEST_SIGNED);
		o.echo_resp_len = hip_plen(hp, HIP_PI_ECHO_REQUEST_SIGNED);
	}
	spin_lock_bh(&ha->lock);
	o.what = what | u->want;
	u->want = 0;
	spin_unlock_bh(&ha->lock);
	if (check) {
		/* RFC 8046 Figure 3 message 2: to the address being checked */
		o.echo_req = true;
		dst = u->check;
		src = (struct hip_addr){};
		if (hip_addr_is_v4(&dst) == hip_addr_is_v4(&cb->dst))
			src = cb->dst;
	}
	if (hp->p[HIP_PI_FROM].off)
		o.via = &cb->src;
	o.seq = o.echo_req || o.what;
	/* A new SEQ replaces our outstanding UPDATE: it carries that one's
	 * content too.  Without new content only the ACK goes (RFC 7402 6.9
	 * step 3): resending ours under a new SEQ in every answer would
	 * livelock two hosts whose UPDATEs crossed (each ACK would name a
	 * SEQ the other has just replaced).
	 */
	if (o.seq && u->pkt)
		o.what |= u->what;
	/* REG_RESPONSE / REG_FAILED ride on the ACK; the requester
	 * retransmits its REG_REQUEST until it gets them
	 */
	if (hp->p[HIP_PI_REG_REQUEST].off)
		o.what |= HIP_UPD_REG;
	if (o.seq && !o.echo_req && u->checking)
		o.echo_req = true;	/* keep the check going */
	hip_update_xmit(ha, &o, &src, &dst);
	if (o.echo_req && check)
		u->check_src = src;	/* routing filled it in */
}

void hip_handle_update(struct hip_net *hn, const struct hip_parsed *hp,
		       const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_seq *seq = hip_pval(hp, HIP_PI_SEQ);
	bool acked;
	u32 id;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (!ipv6_addr_equal(&ha->local_hit, &hp->hdr->receiver_hit)) {
		HIP_INC(hn, DROP_NO_HA);
		return;
	}
	/* 5.3.5: SEQ or ACK, HIP_MAC and HIP_SIGNATURE are mandatory */
	if ((!seq && !hp->p[HIP_PI_ACK].off) ||
	    !hp->p[HIP_PI_HIP_MAC].off || !hp->p[HIP_PI_HIP_SIGNATURE].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return;
	}
	/* Relayed by a rendezvous server (RFC 8046 3.2.3): RVS_HMAC MUST be
	 * valid when FROM is there (RFC 8004 4.3.3)
	 */
	if (hp->p[HIP_PI_FROM].off) {
		struct hip_addr from;

		if (hip_rvs_i1_check(hn, hp, &from)) {
			HIP_INC(hn, DROP_RVS_HMAC);
			return;
		}
	}
	/* 6.12.1 steps 3-4, 6.12.2 steps 2-3: we verify both, always */
	if (!hip_check_mac_sig(hn, ha, hp))
		return;
	hip_update_heard(ha, jiffies);
	if (hip_ha_state(ha) == HIP_STATE_R2_SENT)
		/* An authenticated packet from the peer: it has our R2 */
		hip_ha_transition(ha, HIP_SBIT(R2_SENT), HIP_STATE_ESTABLISHED);
	acked = hip_update_ack_rx(ha, hp);
	hip_update_echo_rx(ha, hp);
	if (!seq) {
		/* 6.12.2 step 1: an ACK of nothing outstanding is dropped */
		if (!acked) {
			HIP_INC(hn, DROP_UPDATE_SEQ);
			return;
		}
		HIP_INC(hn, UPDATE_IN);
		/* REG_RESPONSE / REG_FAILED come with the ACK (RFC 8003 3.3) */
		hip_reg_rx(hn, ha, hp);
		return;
	}
	id = ntohl(seq->update_id);
	switch (hip_update_seq_class(&ha->upd, id)) {
	case HIP_SEQ_DUP:
		hip_update_reack(ha, cb, id);
		return;
	case HIP_SEQ_BAD:
		HIP_INC(hn, DROP_UPDATE_SEQ);	/* 6.12.1 step 1 */
		return;
	case HIP_SEQ_NEW:
		break;
	}
	hip_update_process(ha, hp, cb, id);
}

/* --- Sending: our addresses changed, requests, the timer ------------------ */

void hip_update_request(struct hip_ha *ha, unsigned int what)
{
	spin_lock_bh(&ha->lock);
	ha->upd.want |= what;
	spin_unlock_bh(&ha->lock);
	hip_ha_schedule(ha, 0);
}

void hip_update_locators_changed(struct hip_net *hn)
{
	struct hip_ha *ha;

	rcu_read_lock();
	list_for_each_entry_rcu(ha, &hn->ha.ha_list, list) {
		u8 state = hip_ha_state(ha);

		if (ha->synthetic || (state != HIP_STATE_ESTABLISHED &&
				      state != HIP_STATE_R2_SENT))
			continue;
		hip_update_request(ha, HIP_UPD_LOCATORS);
	}
	rcu_read_unlock();
}

static bool hip_addr_in(const struct hip_addr *a, const struct hip_addr *list,
			unsigned int n)
{
	while (n--)
		if (ipv6_addr_equal(&a->a, &list[n].a))
			return true;
	return false;
}

/* Our addresses or routes changed: if the pair in use lost its local
 * address or its route, move to another one: a local address and a peer
 * locator of the same family with a route between them (RFC 8046 3.2.1:
 * the UPDATE goes out from the new address; a family change needs a peer
 * locator of the new family, from the peer's LOCATOR_SET or the
 * configuration).  Returns 1 if the pair changed, 0 if it is still good,
 * -ENETUNREACH if no pair is left.
 */
static int hip_update_pick_local(struct hip_ha *ha)
{
	struct hip_addr local[HIP_LADDR_MAX], cand[HIP_LOCSET_MAX * 2];
	struct hip_locset *old = hip_upd_locs(ha), *ls;
	struct hip_net *hn = ha->hn;
	unsigned int n, nc = 0, i, j;
	struct hip_peer *peer;
	int k;

	if (!old)
		return 0;
	n = hip_local_addrs(hn, local, ARRAY_SIZE(local));
	if (hip_addr_in(&old->local, local, n) &&
	    hip_locator_routable(hn, &old->local, hip_locset_peer(old)))
		return 0;
	/* Peer locators to try: the one in use, the others not deprecated,
	 * then the configured ones
	 */
	cand[nc++] = *hip_locset_peer(old);
	for (i = 0; i < old->n; i++)
		if (old->peer[i].state != HIP_LOC_DEPRECATED)
			cand[nc++] = old->peer[i].addr;
	rcu_read_lock();
	peer = hip_peer_lookup_rcu(hn, &ha->peer_hit);
	for (i = 0; peer && i < peer->n_locators && nc < ARRAY_SIZE(cand); i++)
		cand[nc++] = peer->locators[i];
	rcu_read_unlock();
	for (j = 0; j < nc; j++)
		for (i = 0; i < n; i++)
			if (hip_addr_is_v4(&local[i]) == hip_addr_is_v4(&cand[j]) &&
			    hip_locator_routable(hn, &local[i], &cand[j]))
				goto found;
	return -ENETUNREACH;
found:
	ls = hip_locset_dup(old, old->n + 1, GFP_KERNEL);
	if (!ls)
		return -ENOMEM;
	ls->local = local[i];
	k = hip_locset_find(ls, &cand[j]);
	if (k < 0) {
		k = ls->n++;
		ls->peer[k].addr = cand[j];
		ls->peer[k].state = HIP_LOC_ACTIVE;
		ls->peer[k].since = jiffies;
	}
	ls->cur = k;
	hip_ha_replace_locset(ha, ls);
	hip_event_ha_locators(hn, ha);
	/* A peer locator never checked (one of its LOCATOR_SET, say of the
	 * other family) is checked now (RFC 8046 5.4), in the UPDATE that
	 * tells the peer our new address; meanwhile we send to it within the
	 * credit (5.6)
	 */
	if (ls->peer[k].state == HIP_LOC_UNVERIFIED)
		hip_update_check_start(ha, &ls->peer[k].addr, &ls->local);
	return 1;
}

static void hip_cba_update_locked(struct hip_ha *ha, unsigned long now);

/* Send what was asked for, merged with what is outstanding */
static void hip_update_send_wanted(struct hip_ha *ha, unsigned int want)
{
	struct hip_update *u = &ha->upd;
	struct hip_upd_out o = { .seq = true, .what = want };

	if (want & HIP_UPD_LOCATORS) {
		u32 gen = hip_local_addrs_gen(ha->hn);
		int moved = hip_update_pick_local(ha);
		struct hip_locset *ls = hip_upd_locs(ha);

		if (moved < 0) {
			/* No address to move to: wait for the next change */
			HIP_INC(ha->hn, DROP_NO_ROUTE);
			o.what &= ~HIP_UPD_LOCATORS;
		} else if (!moved && gen == u->laddr_gen && ls &&
			   ipv6_addr_equal(&ls->local.a, &u->laddr_pref.a)) {
			/* A route changed; our pair, our addresses and the
			 * preferred one the peer knows did not
			 */
			o.what &= ~HIP_UPD_LOCATORS;
		} else {
			u->laddr_gen = gen;
			if (ls)
				u->laddr_pref = ls->local;
		}
	}
	if (u->pkt)
		o.what |= u->what;
	if (!o.what && !u->checking)
		return;
	/* Our own UPDATE goes to the current pair; a check in progress
	 * continues in it
	 */
	o.echo_req = u->checking;
	if (o.echo_req && !u->probe) {
		struct hip_addr src = u->check_src;

		hip_update_xmit(ha, &o, &src, &u->check);
		u->check_src = src;
		return;
	}
	hip_update_xmit(ha, &o, NULL, NULL);
}

/* Failover (protocol.rst "Failover"): we kept sending on the current pair
 * and heard nothing from the peer for HIP_FO_SILENCE: probe the path with
 * an address check of the current locator; if the probe is not answered,
 * move to another ACTIVE locator of the peer
 */
static void hip_update_failover(struct hip_ha *ha)
{
	struct hip_update *u = &ha->upd;
	struct hip_locset *old = hip_upd_locs(ha), *ls;
	unsigned int i;

	HIP_INC(ha->hn, FAILOVER);
	u->checking = false;
	u->probe = false;
	ls = hip_locset_dup(old, old->n, GFP_KERNEL);
	if (!ls) {
		HIP_INC(ha->hn, DROP_NOMEM);
		return;
	}
	ls->peer[ls->cur].state = HIP_LOC_DEPRECATED;
	ls->peer[ls->cur].since = jiffies;
	for (i = 0; i < ls->n; i++)
		if (ls->peer[i].state != HIP_LOC_DEPRECATED) {
			ls->cur = i;
			break;
		}
	/* Our address for the new path: routing's choice */
	ls->local = (struct hip_addr){};
	hip_route_src(ha->hn, &ls->local, hip_locset_peer(ls));
	hip_ha_replace_locset(ha, ls);
	hip_event_ha_locators(ha->hn, ha);
	/* A locator never checked is checked now (RFC 8046 5.4), in the
	 * UPDATE that tells the peer our address for the new path
	 */
	if (ls->peer[ls->cur].state == HIP_LOC_UNVERIFIED)
		hip_update_check_start(ha, &ls->peer[ls->cur].addr,
				       &ls->local);
	hip_update_send_wanted(ha, HIP_UPD_LOCATORS);
}

static bool hip_update_has_alternative(struct hip_ha *ha)
{
	struct hip_locset *ls = hip_upd_locs(ha);
	unsigned int i;

	for (i = 0; ls && i < ls->n; i++)
		if (i != ls->cur && ls->peer[i].state != HIP_LOC_DEPRECATED)
			return true;
	return false;
}

/* The detection rule (protocol.rst, "Failover"): we sent on the current
 * pair since we last heard from the peer (ESP or HIP), and that was
 * HIP_FO_SILENCE ago.  Whether we sent is counted from the last packet
 * heard, not per tick: TCP's retransmissions back off exponentially and
 * need not fall in the last tick.
 */
static void hip_update_watch_path(struct hip_ha *ha, unsigned long now)
{
	struct hip_update *u = &ha->upd;
	u64 in = atomic64_read(&ha->pkts_in), out = atomic64_read(&ha->pkts_out);

	if (in != u->fo_in || !u->last_in) {
		u->fo_in = in;
		hip_update_heard(ha, now);
	}
	if (out == u->fo_out || u->checking || u->pkt ||
	    !hip_update_has_alternative(ha) ||
	    time_before(now, u->last_in + HIP_FO_SILENCE))
		return;
	/* Sending into silence: probe the current locator */
	hip_update_check_start(ha, hip_locset_peer(hip_upd_locs(ha)), NULL);
	u->probe = true;
	hip_update_send_wanted(ha, 0);
}

/* Both ends moved at once (RFC 8046 3.2.3, "double jump"): an UPDATE
 * not acknowledged is also sent to the peer's rendezvous server, which
 * relays it to where the peer registered last
 */
static void hip_update_via_rvs(struct hip_ha *ha)
{
	struct hip_addr src = {}, rvs;
	struct hip_peer *peer;
	bool have = false;

	rcu_read_lock();
	peer = hip_peer_lookup_rcu(ha->hn, &ha->peer_hit);
	if (peer && peer->has_rvs) {
		rvs = peer->rvs;
		have = true;
	}
	rcu_read_unlock();
	if (have)
		hip_send_ctrl(ha->hn, &src, &rvs, ha->upd.pkt, ha->upd.len);
}

/* Retransmit the outstanding UPDATE, or give up on it (6.11 step 4) */
static void hip_update_retransmit(struct hip_ha *ha)
{
	struct hip_update *u = &ha->upd;
	unsigned int max = u->probe ? HIP_FO_PROBE_RETRIES :
			   u->checking ? HIP_UPD_CHECK_RETRIES : HIP_UPD_RETRIES;
	struct hip_addr src = u->check_src;
	unsigned long rto;

	if (u->retries >= max) {
		kfree(u->pkt);
		u->pkt = NULL;
		if (u->probe) {
			hip_update_failover(ha);
		} else if (u->checking) {
			hip_update_check_done(ha, false);
		} else {
			/* "the HIP association is considered to be broken" */
			if (hip_close_start(ha))
				hip_ha_destroy(ha);
		}
		return;
	}
	u->retries++;
	HIP_INC(ha->hn, RETRANSMIT);
	hip_update_send_to(ha, u->pkt, u->len, &src, &u->dst);
	if (!u->checking)
		hip_update_via_rvs(ha);
	rto = min_t(unsigned long, hip_upd_rto(u) << min(u->retries, 8U),
		    HIP_UPD_RTO_MAX);
	u->rto_at = jiffies + rto;
}

unsigned long hip_update_run(struct hip_ha *ha)
{
	struct hip_update *u = &ha->upd;
	unsigned long now = jiffies, next = MAX_JIFFY_OFFSET;
	unsigned int want;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	if (!ha->hi || !ha->keys.hit_suite || ha->synthetic)
		return next;
	spin_lock_bh(&ha->lock);
	want = u->want;
	u->want = 0;
	hip_cba_update_locked(ha, now);
	spin_unlock_bh(&ha->lock);
	if (want)
		hip_update_send_wanted(ha, want);
	else if (u->pkt && time_after_eq(now, u->rto_at))
		hip_update_retransmit(ha);
	if (hip_ha_state(ha) == HIP_STATE_ESTABLISHED)
		hip_update_watch_path(ha, now);
	if (u->pkt)
		next = time_after(u->rto_at, now) ? u->rto_at - now : 0;
	if (hip_update_has_alternative(ha))
		next = min_t(unsigned long, next, HIP_FO_TICK);
	return next;
}

/* --- Credit-based authorization (RFC 8046 3.3.2, 5.6) -------------------- */

/* Under &hip_ha.lock: credit every byte received from the peer since last
 * time, then age the credit by 7/8 per CreditAgingInterval elapsed (the
 * new bytes are aged with it: we err on the side of less credit)
 */
static void hip_cba_update_locked(struct hip_ha *ha, unsigned long now)
{
	struct hip_update *u = &ha->upd;
	u64 in = atomic64_read(&ha->bytes_in);
	unsigned long n;

	u->credit += in - u->credit_in;
	u->credit_in = in;
	if (!u->credit_aged)
		u->credit_aged = now;
	n = (now - u->credit_aged) / HIP_CBA_INTERVAL;
	u->credit_aged += n * HIP_CBA_INTERVAL;
	while (n-- && u->credit > 0)
		u->credit -= u->credit / 8;
}

bool hip_update_credit_ok(struct hip_ha *ha, unsigned int len)
{
	bool ok;

	spin_lock_bh(&ha->lock);
	hip_cba_update_locked(ha, jiffies);
	ok = ha->upd.credit >= len;
	if (ok)
		ha->upd.credit -= len;
	spin_unlock_bh(&ha->lock);
	if (!ok)
		HIP_INC(ha->hn, DROP_CREDIT);
	return ok;
}
