// SPDX-License-Identifier: GPL-2.0
/*
 * Precomputed R1s and puzzles (RFC 7401 sections 4.1.1, 4.1.2, 5.3.2,
 * 6.6): the Responder answers an I1 without creating any state, with an R1
 * signed in advance for the HI and DH group asked for.  One generation of
 * R1s per namespace is current (read in softirq under RCU); the previous
 * one is kept so that puzzles it issued can still be solved (read under
 * &hip_ha_table.bex_mutex only).  A new generation every HIP_R1_ROTATE,
 * and at once when an HI is added; an HI's R1s go at once when it is
 * removed.  Relaying an I1 for a rendezvous server (RFC 8004) belongs here.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "common.h"
#include "hit.h"
#include "proto.h"

/**
 * struct hip_r1 - a signed R1 for one local HI and one DH group
 * @hi: the HI (reference)
 * @dh: the DH key pair whose public value is in @pkt (reference)
 * @group: its group
 * @k: puzzle difficulty
 * @i: puzzle #I
 * @len: length of @pkt
 * @pkt: the packet, Receiver's HIT zero, checksum not computed
 */
struct hip_r1 {
	struct hip_hi *hi;
	struct hip_dh_key *dh;
	u8 group;
	u8 k;
	u8 i[HIP_RHASH_MAX];
	unsigned int len;
	u8 pkt[];
};

/**
 * struct hip_r1_set - one generation of R1s
 * @prev: the previous generation, whose puzzles are still accepted
 * @gen: R1 generation counter
 * @n: entries in @r1
 * @r1: the R1s, one per (HI, DH group)
 */
struct hip_r1_set {
	struct hip_r1_set *prev;
	u64 gen;
	unsigned int n;
	struct hip_r1 *r1[];
};

static void hip_r1_set_free(struct hip_r1_set *set)
{
	unsigned int i;

	if (!set)
		return;
	hip_r1_set_free(set->prev);
	for (i = 0; i < set->n; i++) {
		hip_hi_put(set->r1[i]->hi);
		hip_dh_put(set->r1[i]->dh);
		kfree(set->r1[i]);
	}
	kfree(set);
}

static int hip_build_r1(struct hip_net *hn, struct hip_hi *hi, u8 group,
			u64 gen, struct hip_r1 **out)
{
	u8 suite = hi->hit_suite, k = READ_ONCE(hn->cfg.puzzle_k);
	unsigned int rlen = hip_rhash_len(suite), publen, i, n;
	u8 groups[HIP_DH_GROUPS_MAX];
	__be16 suites[1 + 8];
	struct hip_r1_counter *rc;
	struct hip_builder b;
	struct hip_puzzle *pz;
	struct hip_dh *dhp;
	struct hip_r1 *r1;
	u8 *buf, *p;
	__be16 *p16;
	int err, len;

	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	r1 = kzalloc(sizeof(*r1) + HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf || !r1) {
		err = -ENOMEM;
		goto err;
	}
	r1->dh = hip_dh_generate(group);
	if (IS_ERR(r1->dh)) {
		err = PTR_ERR(r1->dh);
		r1->dh = NULL;
		goto err;
	}
	r1->group = group;
	r1->k = k;
	get_random_bytes(r1->i, rlen);
	publen = hip_dh_pub_len(group);

	hip_build_start(&b, buf, HIP_R1, &hi->hit, &in6addr_any);
	rc = hip_build_param(&b, HIP_P_R1_COUNTER, sizeof(*rc));
	if (rc)
		rc->generation = cpu_to_be64(gen);
	pz = hip_build_param(&b, HIP_P_PUZZLE, sizeof(*pz) + rlen);
	if (pz) {
		pz->k = k;
		pz->lifetime = HIP_PUZZLE_LIFETIME;
		pz->opaque = 0;
		memcpy(pz->i, r1->i, rlen);
	}
	n = hip_dh_groups_all(groups);
	hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, groups, n);
	dhp = hip_build_param(&b, HIP_P_DIFFIE_HELLMAN, sizeof(*dhp) + publen);
	if (dhp) {
		dhp->group = group;
		dhp->pub_len = htons(publen);
		memcpy(dhp->pub, hip_dh_public(r1->dh), publen);
	}
	n = hip_ciphers_pref(hn, suites, ARRAY_SIZE(suites));
	hip_build_param_data(&b, HIP_P_HIP_CIPHER, suites,
			     n * sizeof(suites[0]));
	err = hip_build_host_id(&b, hi);
	if (err)
		goto err;
	p = hip_build_param(&b, HIP_P_HIT_SUITE_LIST, hip_n_hit_suites);
	for (i = 0; p && i < hip_n_hit_suites; i++)
		p[i] = hip_hit_suites[i] << 4;
	p16 = hip_build_param(&b, HIP_P_TRANSPORT_FORMAT_LIST, 2);
	if (p16)
		p16[0] = htons(HIP_P_ESP_TRANSFORM);
	/* Reserved field, then the suite IDs (RFC 7402 section 5.1.2) */
	suites[0] = 0;
	n = hip_esp_suites_pref(hn, suites + 1, ARRAY_SIZE(suites) - 1);
	hip_build_param_data(&b, HIP_P_ESP_TRANSFORM, suites,
			     (n + 1) * sizeof(suites[0]));
	if (b.err) {
		err = b.err;
		goto err;
	}
	err = hip_build_sign(NULL, &b, hi, HIP_P_HIP_SIGNATURE_2, true);
	if (err)
		goto err;
	len = hip_build_finish(&b);
	if (len < 0) {
		err = len;
		goto err;
	}
	memcpy(r1->pkt, buf, len);
	r1->len = len;
	r1->hi = hip_hi_get(hi);
	kfree(buf);
	*out = r1;
	return 0;
err:
	if (r1 && r1->dh)
		hip_dh_put(r1->dh);
	kfree(r1);
	kfree(buf);
	return err;
}

static void hip_r1_work(struct work_struct *work)
{
	struct hip_net *hn = container_of(to_delayed_work(work),
					  struct hip_net, r1_work);
	struct hip_r1_set *set, *old;
	struct hip_hi *his[HIP_HI_MAX_PER_NETNS];
	unsigned int n_hi = 0, n_groups, i, g;
	u8 groups[HIP_DH_GROUPS_MAX];
	struct hip_hi *hi;
	u64 gen;

	rcu_read_lock();
	hip_hi_for_each_rcu(hi, &hn->hi) {
		if (n_hi < ARRAY_SIZE(his) && refcount_inc_not_zero(&hi->refcount))
			his[n_hi++] = hi;
	}
	rcu_read_unlock();

	n_groups = hip_dh_groups_all(groups);
	set = kzalloc(struct_size(set, r1, n_hi * n_groups), GFP_KERNEL);
	if (!set)
		goto out;
	/* The generation number; the swap below takes the mutex again */
	mutex_lock(&hn->ha.bex_mutex);
	old = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	gen = old ? old->gen + 1 : 1;
	mutex_unlock(&hn->ha.bex_mutex);
	set->gen = gen;
	for (i = 0; i < n_hi; i++) {
		for (g = 0; g < n_groups; g++) {
			if (hip_build_r1(hn, his[i], groups[g], gen,
					 &set->r1[set->n]))
				continue;
			set->n++;
		}
	}

	mutex_lock(&hn->ha.bex_mutex);
	old = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	if (old) {
		/* Keep one generation back; older ones go */
		hip_r1_set_free(old->prev);
		old->prev = NULL;
	}
	set->prev = old;
	rcu_assign_pointer(hn->r1, set);
	mutex_unlock(&hn->ha.bex_mutex);
	/* Readers of ->prev run under bex_mutex; softirq readers only use
	 * the newest set, which they find through hn->r1 under RCU.
	 */
	synchronize_rcu();
out:
	for (i = 0; i < n_hi; i++)
		hip_hi_put(his[i]);
	/* An HI deleted while we were signing must not come back */
	hip_r1_hi_removed(hn);
	if (!READ_ONCE(hn->dying))
		queue_delayed_work(hip_wq, &hn->r1_work, HIP_R1_ROTATE);
}

static bool hip_r1_hi_alive(struct hip_net *hn, const struct hip_r1 *r1)
{
	bool alive;

	rcu_read_lock();
	alive = hip_hi_lookup_rcu(hn, &r1->hi->hit) == r1->hi;
	rcu_read_unlock();
	return alive;
}

static void hip_r1_free_one(struct hip_r1 *r1)
{
	hip_hi_put(r1->hi);
	hip_dh_put(r1->dh);
	kfree(r1);
}

/* An HI was deleted: drop its R1s now (from both generations), so that
 * they neither answer I1s nor keep the HI and its private key alive.
 */
void hip_r1_hi_removed(struct hip_net *hn)
{
	struct hip_r1_set *cur, *copy = NULL, *prev;
	unsigned int i, j, n;

	mutex_lock(&hn->ha.bex_mutex);
	cur = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	if (!cur) {
		mutex_unlock(&hn->ha.bex_mutex);
		return;
	}
	/* The previous generation is only read under bex_mutex */
	prev = cur->prev;
	for (i = 0, n = 0; prev && i < prev->n; i++) {
		if (hip_r1_hi_alive(hn, prev->r1[i]))
			prev->r1[n++] = prev->r1[i];
		else
			hip_r1_free_one(prev->r1[i]);
	}
	if (prev)
		prev->n = n;
	/* The current one is read in softirq: publish a pruned copy */
	copy = kzalloc(struct_size(copy, r1, cur->n), GFP_KERNEL);
	if (!copy) {
		mutex_unlock(&hn->ha.bex_mutex);
		return;
	}
	copy->gen = cur->gen;
	copy->prev = prev;
	for (i = 0; i < cur->n; i++)
		if (hip_r1_hi_alive(hn, cur->r1[i]))
			copy->r1[copy->n++] = cur->r1[i];
	rcu_assign_pointer(hn->r1, copy);
	mutex_unlock(&hn->ha.bex_mutex);

	synchronize_rcu();
	for (i = 0; i < cur->n; i++) {
		for (j = 0; j < copy->n; j++)
			if (copy->r1[j] == cur->r1[i])
				break;
		if (j == copy->n)
			hip_r1_free_one(cur->r1[i]);
	}
	kfree(cur);
}

/* An HI was added: make its R1s now */
void hip_r1_hi_changed(struct hip_net *hn)
{
	if (!READ_ONCE(hn->dying))
		mod_delayed_work(hip_wq, &hn->r1_work, 0);
}

static struct hip_r1 *hip_r1_find_rcu(struct hip_r1_set *set,
				      const struct in6_addr *hit, u8 group)
{
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (set->r1[i]->group == group &&
		    ipv6_addr_equal(&set->r1[i]->hi->hit, hit))
			return set->r1[i];
	return NULL;
}

/* Under bex_mutex: the R1 (this or the previous generation) that issued #I */
struct hip_r1 *hip_r1_find_puzzle(struct hip_net *hn,
				  const struct in6_addr *hit,
				  const u8 *i, unsigned int rlen)
{
	struct hip_r1_set *set;
	unsigned int n;

	set = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	for (; set; set = set->prev)
		for (n = 0; n < set->n; n++)
			if (ipv6_addr_equal(&set->r1[n]->hi->hit, hit) &&
			    !crypto_memneq(set->r1[n]->i, i, rlen))
				return set->r1[n];
	return NULL;
}

/* ---- I1 (softirq, stateless) ---- */

void hip_r1_i1_rx(struct hip_net *hn, struct sk_buff *skb)
{
	struct hip_rx_cb cb = *HIP_RX_CB(skb);
	const struct hip_hdr *hdr;
	struct hip_parsed hp;
	const u8 *groups;
	struct hip_r1 *r1 = NULL;
	struct hip_hi *hi;
	struct hip_ha *ha;
	struct in6_addr rhit;
	unsigned int i, len;
	u8 *pkt;
	int err;

	HIP_INC(hn, I1_IN);
	err = hip_parse(skb->data, skb->len, &hp);
	if (err) {
		if (err == -EPROTONOSUPPORT)
			HIP_INC(hn, DROP_UNKNOWN_CRITICAL);
		else if (err == -EBADMSG)
			HIP_INC(hn, DROP_MALFORMED_PARAM);
		else
			HIP_INC(hn, DROP_BAD_HDR);
		goto out;
	}
	hdr = hp.hdr;
	groups = hip_pval(&hp, HIP_PI_DH_GROUP_LIST);
	if (!groups || !hip_hit_is_orchid(&hdr->sender_hit)) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}

	rcu_read_lock();
	if (ipv6_addr_any(&hdr->receiver_hit))
		hi = rcu_dereference(hn->hi.default_hi);	/* opportunistic */
	else
		hi = hip_hi_lookup_rcu(hn, &hdr->receiver_hit);
	if (!hi) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_NO_HI);
		goto out;
	}
	/* Simultaneous open (RFC 7401 4.4.3, Table 3): in I1-SENT we answer the I1 of
	 * a peer whose HIT is smaller than ours and drop the others
	 */
	ha = hip_ha_lookup_rcu(hn, &hdr->sender_hit);
	if (ha && hip_ha_state(ha) == HIP_STATE_I1_SENT &&
	    ipv6_addr_cmp(&hi->hit, &hdr->sender_hit) < 0) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_BAD_STATE);
		goto out;
	}
	for (i = 0; i < hip_plen(&hp, HIP_PI_DH_GROUP_LIST) && !r1; i++)
		r1 = hip_r1_find_rcu(rcu_dereference(hn->r1), &hi->hit,
				     groups[i]);
	if (!r1) {
		rcu_read_unlock();
		/* No R1 yet (just added HI), or no common group */
		HIP_INC(hn, DROP_NEGOTIATION);
		goto out;
	}
	len = r1->len;
	pkt = kmalloc(len, GFP_ATOMIC);
	if (!pkt) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	memcpy(pkt, r1->pkt, len);
	rcu_read_unlock();

	rhit = hdr->sender_hit;
	((struct hip_hdr *)pkt)->receiver_hit = rhit;
	if (!hip_send_ctrl(hn, &cb.dst, &cb.src, pkt, len))
		HIP_INC(hn, R1_OUT);
	kfree(pkt);
out:
	consume_skb(skb);
}

u8 hip_r1_k(const struct hip_r1 *r1)
{
	return r1->k;
}

u8 hip_r1_group(const struct hip_r1 *r1)
{
	return r1->group;
}

struct hip_dh_key *hip_r1_dh(const struct hip_r1 *r1)
{
	return r1->dh;
}

void hip_r1_net_init(struct hip_net *hn)
{
	INIT_DELAYED_WORK(&hn->r1_work, hip_r1_work);
	ratelimit_state_init(&hn->notify_rl, HZ, 10);
}

void hip_r1_net_exit(struct hip_net *hn)
{
	struct hip_r1_set *set;

	cancel_delayed_work_sync(&hn->r1_work);
	mutex_lock(&hn->ha.bex_mutex);
	set = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	RCU_INIT_POINTER(hn->r1, NULL);
	mutex_unlock(&hn->ha.bex_mutex);
	synchronize_rcu();
	hip_r1_set_free(set);
}
