// SPDX-License-Identifier: GPL-2.0
/*
 * The HIPv2 base exchange and association teardown (RFC 7401 sections
 * 4.1, 4.4, 5.3, 6), with ESP set up as in RFC 7402 section 6.
 *
 * Everything here except hip_bex_i1_rx() runs on the HIP workqueue with
 * &hip_ha_table.bex_mutex held, so it may sleep for crypto.
 *
 * Conventions used for the MAC and signature computations (RFC 7401
 * sections 6.4.1 and 6.4.2): the covered bytes are the packet from the
 * start of the HIP header up to, not including, the HIP_MAC / HIP_MAC_2 /
 * HIP_SIGNATURE / HIP_SIGNATURE_2 parameter, with the header's Length
 * field set to exactly those bytes and the checksum zero.  HIP_MAC_2
 * additionally covers the sender's HOST_ID parameter appended at that
 * point, and HIP_SIGNATURE_2 is computed with the Receiver's HIT zeroed,
 * so that R1s can be signed in advance.
 *
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
#include <linux/jiffies.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "datapath.h"
#include "esp.h"
#include "hit.h"
#include "netlink.h"
#include "param.h"
#include "pernet.h"

#define HIP_RTO_INIT		HZ
#define HIP_RTO_MAX		(4 * HZ)
#define HIP_BEX_RETRIES		10
#define HIP_CLOSE_RETRIES	5
#define HIP_HOLD_CLOSED		(2 * HZ)
#define HIP_HOLD_FAILED		(5 * HZ)
#define HIP_R2_SENT_TIMEOUT	(10 * HZ)
#define HIP_R1_ROTATE		(120 * HZ)
#define HIP_PUZZLE_LIFETIME	37	/* 2^(37-32) = 32 s */

/* Our preferences, most preferred first */
static const u8 hip_dh_groups[] = {
	HIP_DH_NIST_P256, HIP_DH_MODP_3072, HIP_DH_NIST_P384,
};

static const u16 hip_ciphers[] = {
	HIP_CIPHER_AES_128_CBC, HIP_CIPHER_AES_256_CBC, HIP_CIPHER_NULL,
};

static const u16 hip_esp_suites[] = {
	HIP_ESP_AES_128_GCM_ICV16, HIP_ESP_AES_128_CBC_HMAC_SHA256,
	HIP_ESP_AES_256_CBC_HMAC_SHA256, HIP_ESP_NULL_HMAC_SHA256,
	HIP_ESP_NULL_NOAUTH,
};

static const u8 hip_hit_suites[] = {
	HIP_HIT_SUITE_RSA_DSA_SHA256, HIP_HIT_SUITE_ECDSA_SHA384,
};

static bool hip_esp_ok(struct hip_net *hn, u16 s);

/* ---- precomputed R1s ---- */

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

static int hip_build_host_id(struct hip_builder *b, const struct hip_hi *hi)
{
	struct hip_host_id *h;

	h = hip_build_param(b, HIP_P_HOST_ID, sizeof(*h) + hi->pubkey_len);
	if (!h)
		return b->err ?: -EMSGSIZE;
	h->hi_len = htons(hi->pubkey_len);
	h->di_type_len = 0;
	h->algorithm = htons(hi->algo);
	memcpy(h->hi, hi->pubkey, hi->pubkey_len);
	return 0;
}

/*
 * Cost of the base exchange (HIP_STAT_*_COUNT / _NS): the crypto done while
 * handling R1, I2 and R2 is timed and counted per namespace.  Precomputed
 * R1s, CLOSE, UPDATE and NOTIFY are not counted (@hn NULL below).
 */
static void hip_timed(struct hip_net *hn, enum hip_stat count,
		      enum hip_stat ns, u64 t0)
{
	if (!hn)
		return;
	hip_stat_inc(hn, count);
	this_cpu_add(hn->stats->v[ns], ktime_get_ns() - t0);
}

#define HIP_TIMED(hn, what, t0)	\
	hip_timed(hn, HIP_STAT_##what##_COUNT, HIP_STAT_##what##_NS, t0)

/*
 * Append a signature parameter of @type over the packet built so far.
 * @zero_rhit: HIP_SIGNATURE_2 convention.  @hn: count the time (or NULL).
 */
static int hip_build_sign(struct hip_net *hn, struct hip_builder *b,
			  const struct hip_hi *hi, u16 type, bool zero_rhit)
{
	struct hip_hdr *hdr = (struct hip_hdr *)b->buf;
	struct in6_addr rhit = hdr->receiver_hit;
	unsigned int siglen = hip_sig_len(hi->key);
	struct hip_sig *s;
	u8 *sig;
	int len, err;
	u64 t0;

	len = hip_build_finish(b);
	if (len < 0)
		return len;
	sig = kmalloc(HIP_SIG_MAX, GFP_KERNEL);
	if (!sig)
		return -ENOMEM;
	hdr->csum = 0;
	if (zero_rhit)
		memset(&hdr->receiver_hit, 0, sizeof(hdr->receiver_hit));
	t0 = ktime_get_ns();
	err = hip_sig_sign(hi->key, b->buf, len, sig, &siglen);
	HIP_TIMED(hn, SIGN, t0);
	hdr->receiver_hit = rhit;
	if (err)
		goto out;
	s = hip_build_param(b, type, sizeof(*s) + siglen);
	if (!s) {
		err = b->err ?: -EMSGSIZE;
		goto out;
	}
	s->algorithm = htons(hi->algo);
	memcpy(s->signature, sig, siglen);
	err = 0;
out:
	kfree(sig);
	return err;
}

/* Append HIP_MAC (or, with @extra, HIP_MAC_2 over packet + @extra) */
static int hip_build_mac(struct hip_builder *b, u8 suite, const u8 *key,
			 u16 type, const u8 *extra, unsigned int extra_len)
{
	struct hip_hdr *hdr = (struct hip_hdr *)b->buf;
	unsigned int rlen = hip_rhash_len(suite);
	u8 mac[HIP_RHASH_MAX];
	int len, err;
	u8 *tmp;
	void *p;

	len = hip_build_finish(b);
	if (len < 0)
		return len;
	hdr->csum = 0;
	if (extra_len) {
		tmp = kmalloc(len + extra_len, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		memcpy(tmp, b->buf, len);
		memcpy(tmp + len, extra, extra_len);
		((struct hip_hdr *)tmp)->len = (len + extra_len) / 8 - 1;
		err = hip_hmac(suite, key, rlen, tmp, len + extra_len, mac);
		kfree(tmp);
	} else {
		err = hip_hmac(suite, key, rlen, b->buf, len, mac);
	}
	if (err)
		return err;
	p = hip_build_param(b, type, rlen);
	if (!p)
		return b->err ?: -EMSGSIZE;
	memcpy(p, mac, rlen);
	memzero_explicit(mac, sizeof(mac));
	return 0;
}

/*
 * Copy of the received packet up to parameter @idx, with the Length
 * field covering it (plus @extra_len bytes appended by the caller) and
 * the checksum zero.
 */
static u8 *hip_covered_copy(const struct hip_parsed *hp, enum hip_pidx idx,
			    const u8 *extra, unsigned int extra_len,
			    unsigned int *len)
{
	unsigned int off = hp->p[idx].off;
	struct hip_hdr *h;
	u8 *buf;

	buf = kmalloc(off + extra_len, GFP_KERNEL);
	if (!buf)
		return NULL;
	memcpy(buf, hp->hdr, off);
	if (extra_len)
		memcpy(buf + off, extra, extra_len);
	h = (struct hip_hdr *)buf;
	h->len = (off + extra_len) / 8 - 1;
	h->csum = 0;
	*len = off + extra_len;
	return buf;
}

static int hip_check_mac(const struct hip_parsed *hp, enum hip_pidx idx,
			 u8 suite, const u8 *key, const u8 *extra,
			 unsigned int extra_len)
{
	unsigned int rlen = hip_rhash_len(suite), len;
	u8 mac[HIP_RHASH_MAX];
	u8 *buf;
	int err;

	if (!hp->p[idx].off || hip_plen(hp, idx) != rlen)
		return -EBADMSG;
	buf = hip_covered_copy(hp, idx, extra, extra_len, &len);
	if (!buf)
		return -ENOMEM;
	err = hip_hmac(suite, key, rlen, buf, len, mac);
	kfree(buf);
	if (err)
		return err;
	err = crypto_memneq(mac, hip_pval(hp, idx), rlen) ? -EBADMSG : 0;
	memzero_explicit(mac, sizeof(mac));
	return err;
}

static int hip_check_sig(struct hip_net *hn, const struct hip_parsed *hp,
			 enum hip_pidx idx, const struct hip_pubkey *pk,
			 bool zero_rhit)
{
	const struct hip_sig *s = hip_pval(hp, idx);
	unsigned int len;
	u8 *buf;
	int err;
	u64 t0;

	if (!s || hip_plen(hp, idx) <= sizeof(*s))
		return -EBADMSG;
	if (ntohs(s->algorithm) != hip_pubkey_algo(pk))
		return -EBADMSG;
	buf = hip_covered_copy(hp, idx, NULL, 0, &len);
	if (!buf)
		return -ENOMEM;
	if (zero_rhit)
		memset(&((struct hip_hdr *)buf)->receiver_hit, 0,
		       sizeof(struct in6_addr));
	t0 = ktime_get_ns();
	err = hip_sig_verify(pk, buf, len, s->signature,
			     hip_plen(hp, idx) - sizeof(*s));
	HIP_TIMED(hn, VERIFY, t0);
	kfree(buf);
	return err;
}

static int hip_build_r1(struct hip_net *hn, struct hip_hi *hi, u8 group,
			u64 gen, struct hip_r1 **out)
{
	u8 suite = hi->hit_suite, k = READ_ONCE(hn->cfg.puzzle_k);
	unsigned int rlen = hip_rhash_len(suite), publen, i;
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
	{
		u8 groups[ARRAY_SIZE(hip_dh_groups)];
		unsigned int n = 0;

		for (i = 0; i < ARRAY_SIZE(hip_dh_groups); i++)
			if (hip_dh_supported(hip_dh_groups[i]))
				groups[n++] = hip_dh_groups[i];
		hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, groups, n);
	}
	dhp = hip_build_param(&b, HIP_P_DIFFIE_HELLMAN, sizeof(*dhp) + publen);
	if (dhp) {
		dhp->group = group;
		dhp->pub_len = htons(publen);
		memcpy(dhp->pub, hip_dh_public(r1->dh), publen);
	}
	p16 = hip_build_param(&b, HIP_P_HIP_CIPHER, sizeof(hip_ciphers));
	for (i = 0; p16 && i < ARRAY_SIZE(hip_ciphers); i++)
		p16[i] = htons(hip_ciphers[i]);
	err = hip_build_host_id(&b, hi);
	if (err)
		goto err;
	p = hip_build_param(&b, HIP_P_HIT_SUITE_LIST, ARRAY_SIZE(hip_hit_suites));
	for (i = 0; p && i < ARRAY_SIZE(hip_hit_suites); i++)
		p[i] = hip_hit_suites[i] << 4;
	p16 = hip_build_param(&b, HIP_P_TRANSPORT_FORMAT_LIST, 2);
	if (p16)
		p16[0] = htons(HIP_P_ESP_TRANSFORM);
	{
		/* Our preferred suite first; reserved field, then IDs */
		__be16 suites[1 + ARRAY_SIZE(hip_esp_suites)] = {};
		u16 pref = READ_ONCE(hn->cfg.esp_suite);
		unsigned int n = 1;

		if (hip_esp_ok(hn, pref))
			suites[n++] = htons(pref);
		for (i = 0; i < ARRAY_SIZE(hip_esp_suites); i++)
			if (hip_esp_suites[i] != pref &&
			    hip_esp_ok(hn, hip_esp_suites[i]))
				suites[n++] = htons(hip_esp_suites[i]);
		hip_build_param_data(&b, HIP_P_ESP_TRANSFORM, suites,
				     n * sizeof(suites[0]));
	}
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
	unsigned int n_hi = 0, i, g;
	struct hip_hi *hi;
	u64 gen;

	rcu_read_lock();
	hip_hi_for_each_rcu(hi, &hn->hi) {
		if (n_hi < ARRAY_SIZE(his) && refcount_inc_not_zero(&hi->refcount))
			his[n_hi++] = hi;
	}
	rcu_read_unlock();

	set = kzalloc(struct_size(set, r1, n_hi * ARRAY_SIZE(hip_dh_groups)),
		      GFP_KERNEL);
	if (!set)
		goto out;
	old = rcu_dereference_protected(hn->r1, true);
	gen = old ? old->gen + 1 : 1;
	set->gen = gen;
	for (i = 0; i < n_hi; i++) {
		for (g = 0; g < ARRAY_SIZE(hip_dh_groups); g++) {
			if (!hip_dh_supported(hip_dh_groups[g]))
				continue;
			if (hip_build_r1(hn, his[i], hip_dh_groups[g], gen,
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
	hip_bex_hi_removed(hn);
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

/*
 * An HI was deleted: drop its R1s now (from both generations), so that
 * they neither answer I1s nor keep the HI and its private key alive.
 */
void hip_bex_hi_removed(struct hip_net *hn)
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

void hip_bex_hi_changed(struct hip_net *hn)
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
static struct hip_r1 *hip_r1_find_puzzle(struct hip_net *hn,
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

void hip_bex_i1_rx(struct hip_net *hn, struct sk_buff *skb)
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
	/* Simultaneous open (RFC 7401 4.4.4): in I1-SENT we answer the I1 of
	 * a peer whose HIT is smaller than ours and drop the others
	 */
	ha = hip_ha_lookup_rcu(hn, &hdr->sender_hit);
	if (ha && READ_ONCE(ha->state) == HIP_STATE_I1_SENT &&
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

/* ---- helpers for the exchange ---- */

static bool hip_sender_is_greater(const struct in6_addr *sender,
				  const struct in6_addr *receiver)
{
	return ipv6_addr_cmp(sender, receiver) > 0;
}

/* HIP integrity/encryption key protecting what @sender sends */
static const u8 *hip_key(const struct hip_ha *ha, bool auth,
			 const struct in6_addr *sender,
			 const struct in6_addr *receiver)
{
	bool gl = hip_sender_is_greater(sender, receiver);

	if (auth)
		return ha->hip_keys[gl ? HIP_KEY_GL_AUTH : HIP_KEY_LG_AUTH];
	return ha->hip_keys[gl ? HIP_KEY_GL_ENC : HIP_KEY_LG_ENC];
}

static unsigned int hip_keymat_esp_index(const struct hip_ha *ha)
{
	return 2 * (ha->hip_enc_len + ha->hip_auth_len);
}

/* Derive all keys of @ha from Kij; the negotiated algorithms must be set */
static int hip_derive_keys(struct hip_ha *ha, const u8 *kij,
			   unsigned int kij_len, const struct in6_addr *hit_i,
			   const struct in6_addr *hit_r, const u8 *i,
			   const u8 *j)
{
	unsigned int enc, auth, total, off, n;
	u8 *km;
	int err;

	err = hip_esp_suite_keylens(ha->esp_suite, &enc, &auth);
	if (err)
		return err;
	if (enc > HIP_ESP_KEY_MAX || auth > HIP_ESP_KEY_MAX)
		return -EINVAL;
	ha->esp_enc_len = enc;
	ha->esp_auth_len = auth;
	ha->hip_enc_len = hip_cipher_key_len(ha->hip_cipher);
	ha->hip_auth_len = hip_rhash_len(ha->hit_suite);
	total = hip_keymat_esp_index(ha) + 2 * (enc + auth);
	if (total > HIP_KEYMAT_MAX)
		return -EINVAL;
	km = kmalloc(total, GFP_KERNEL);
	if (!km)
		return -ENOMEM;
	err = hip_keymat(ha->hit_suite, kij, kij_len, hit_i, hit_r, i, j, km,
			 total);
	if (err)
		goto out;
	off = 0;
	for (n = 0; n < 4; n++) {
		unsigned int l = (n % 2) ? ha->hip_auth_len : ha->hip_enc_len;

		memset(ha->hip_keys[n], 0, sizeof(ha->hip_keys[n]));
		memcpy(ha->hip_keys[n], km + off, l);
		off += l;
	}
	for (n = 0; n < 4; n++) {
		unsigned int l = (n % 2) ? auth : enc;

		memset(ha->esp_keys[n], 0, sizeof(ha->esp_keys[n]));
		memcpy(ha->esp_keys[n], km + off, l);
		off += l;
	}
out:
	kfree_sensitive(km);
	return err;
}

/* New SAs from @ha's ESP keys; @spi_in / @spi_out set */
static int hip_make_sas(struct hip_ha *ha, struct hip_esp_sa **in,
			struct hip_esp_sa **out)
{
	bool local_gl = hip_sender_is_greater(&ha->local_hit, &ha->peer_hit);
	int o_enc = local_gl ? 0 : 2, i_enc = local_gl ? 2 : 0;

	if (in)
		*in = NULL;
	if (out)
		*out = NULL;
	if (in) {
		*in = hip_esp_sa_new(ha->esp_suite, ha->spi_in, false,
				     ha->esp_keys[i_enc],
				     ha->esp_keys[i_enc + 1]);
		if (IS_ERR(*in)) {
			int err = PTR_ERR(*in);

			*in = NULL;
			return err;
		}
	}
	if (out) {
		*out = hip_esp_sa_new(ha->esp_suite, ha->spi_out, true,
				      ha->esp_keys[o_enc],
				      ha->esp_keys[o_enc + 1]);
		if (IS_ERR(*out)) {
			int err = PTR_ERR(*out);

			*out = NULL;
			if (in && *in) {
				hip_esp_sa_put(*in);
				*in = NULL;
			}
			return err;
		}
		hip_esp_sa_set_seq_limit(*out,
					 READ_ONCE(ha->hn->cfg.esp_seq_limit));
	}
	return 0;
}

static u32 hip_new_spi(struct hip_net *hn)
{
	u32 spi;

	do {
		spi = get_random_u32();
	} while (spi < 256 || hip_ha_spi_in_use(hn, spi));
	return spi;
}

static void hip_set_retrans(struct hip_ha *ha, const u8 *pkt,
			    unsigned int len)
{
	kfree(ha->retrans_pkt);
	ha->retrans_pkt = kmemdup(pkt, len, GFP_KERNEL);
	ha->retrans_len = ha->retrans_pkt ? len : 0;
	ha->retrans_count = 0;
	ha->retrans_timeout = jiffies + HIP_RTO_INIT;
	hip_ha_schedule(ha, HIP_RTO_INIT);
}

static void hip_clear_retrans(struct hip_ha *ha)
{
	kfree(ha->retrans_pkt);
	ha->retrans_pkt = NULL;
	ha->retrans_len = 0;
}

static void hip_ha_drop_sas(struct hip_ha *ha)
{
	hip_ha_set_spi_in(ha, 0);
	hip_ha_set_sas(ha, NULL, NULL);
}

static int hip_ha_send(struct hip_ha *ha, void *pkt, unsigned int len)
{
	struct hip_addr src, dst;
	struct hip_path *path;

	rcu_read_lock();
	path = rcu_dereference(ha->path);
	if (!path) {
		rcu_read_unlock();
		return -ENOTCONN;
	}
	src = path->local;
	dst = path->peer;
	rcu_read_unlock();
	return hip_send_ctrl(ha->hn, &src, &dst, pkt, len);
}

static bool hip_u8_in(u8 v, const u8 *list, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

static bool hip_cipher_ok(u16 c)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_ciphers); i++)
		if (hip_ciphers[i] == c)
			return hip_cipher_key_len(c) || c == HIP_CIPHER_NULL;
	return false;
}

/*
 * A suite we accept: one we implement, and the measurement-only
 * null-noauth suite only when this namespace is configured for it.
 */
static bool hip_esp_ok(struct hip_net *hn, u16 s)
{
	unsigned int i;

	if (s == HIP_ESP_NULL_NOAUTH &&
	    READ_ONCE(hn->cfg.esp_suite) != HIP_ESP_NULL_NOAUTH)
		return false;
	for (i = 0; i < ARRAY_SIZE(hip_esp_suites); i++)
		if (hip_esp_suites[i] == s)
			return hip_esp_suite_supported(s);
	return false;
}

static u8 hip_algo_suite(u16 algo)
{
	switch (algo) {
	case HIP_HI_RSA:
		return HIP_HIT_SUITE_RSA_DSA_SHA256;
	case HIP_HI_ECDSA:
		return HIP_HIT_SUITE_ECDSA_SHA384;
	}
	return 0;
}

/*
 * Check a HOST_ID parameter (contents @h, @len bytes) against @hit and
 * parse its key.  Returns the key or an ERR_PTR (-EBADMSG malformed,
 * -EKEYREJECTED: does not match the HIT, -EOPNOTSUPP).
 */
static struct hip_pubkey *hip_host_id_check(const struct hip_host_id *h,
					    unsigned int len,
					    const struct in6_addr *hit)
{
	unsigned int hi_len;
	struct in6_addr derived;
	u16 algo;
	u8 suite;

	if (len < sizeof(*h))
		return ERR_PTR(-EBADMSG);
	hi_len = ntohs(h->hi_len);
	if (sizeof(*h) + hi_len + (ntohs(h->di_type_len) & 0x0fff) > len)
		return ERR_PTR(-EBADMSG);
	algo = ntohs(h->algorithm);
	suite = hip_algo_suite(algo);
	if (!suite || suite != hip_hit_suite(hit))
		return ERR_PTR(-EKEYREJECTED);
	if (hip_hit_derive(suite, h->hi, hi_len, &derived) ||
	    !ipv6_addr_equal(&derived, hit))
		return ERR_PTR(-EKEYREJECTED);
	return hip_pubkey_parse(algo, h->hi, hi_len);
}

static void hip_count_pk_err(struct hip_net *hn, long err)
{
	if (err == -EKEYREJECTED)
		HIP_INC(hn, DROP_BAD_HI);
	else if (err == -EOPNOTSUPP)
		HIP_INC(hn, DROP_NEGOTIATION);
	else
		HIP_INC(hn, DROP_MALFORMED_PARAM);
}

static void hip_send_notify(struct hip_net *hn, struct hip_hi *hi,
			    const struct in6_addr *peer_hit,
			    const struct hip_rx_cb *cb, u16 type,
			    const void *data, unsigned int dlen)
{
	struct hip_notification *n;
	struct hip_addr src = cb->dst, dst = cb->src;
	struct hip_builder b;
	u8 *buf;
	int len;

	if (!hi || !__ratelimit(&hn->notify_rl))
		return;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return;
	hip_build_start(&b, buf, HIP_NOTIFY, &hi->hit, peer_hit);
	n = hip_build_param(&b, HIP_P_NOTIFICATION, sizeof(*n) + dlen);
	if (n) {
		n->type = htons(type);
		if (dlen)
			memcpy(n->data, data, dlen);
	}
	if (!b.err && !hip_build_sign(NULL, &b, hi, HIP_P_HIP_SIGNATURE, false)) {
		len = hip_build_finish(&b);
		if (len > 0)
			hip_send_ctrl(hn, &src, &dst, buf, len);
	}
	kfree(buf);
}

/* ---- starting an exchange (initiator) ---- */

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

static int hip_bex_start(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	struct hip_addr src = {}, dst;
	struct hip_builder b;
	struct hip_peer *peer;
	struct hip_hi *hi;
	u8 groups[ARRAY_SIZE(hip_dh_groups) + 1];
	u8 pref = READ_ONCE(hn->cfg.dh_group);
	unsigned int n = 0, i;
	int len, err;
	u8 *buf;

	hi = hip_hi_lookup(hn, &ha->local_hit);
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

	rcu_read_lock();
	peer = hip_peer_lookup_rcu(hn, &ha->peer_hit);
	if (peer && peer->n_locators) {
		dst = peer->locators[0];
	} else {
		struct hip_path *path = rcu_dereference(ha->path);

		if (!path) {
			rcu_read_unlock();
			return -EHOSTUNREACH;
		}
		dst = path->peer;
	}
	rcu_read_unlock();

	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (hip_dh_supported(pref))
		groups[n++] = pref;
	for (i = 0; i < ARRAY_SIZE(hip_dh_groups); i++)
		if (hip_dh_groups[i] != pref && hip_dh_supported(hip_dh_groups[i]))
			groups[n++] = hip_dh_groups[i];
	hip_build_start(&b, buf, HIP_I1, &ha->local_hit, &ha->peer_hit);
	hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, groups, n);
	len = hip_build_finish(&b);
	if (len < 0) {
		err = len;
		goto out;
	}
	hip_ha_drop_sas(ha);
	ha->bex_start_ns = ktime_get_ns();
	err = hip_send_ctrl(hn, &src, &dst, buf, len);
	hip_ha_set_path(ha, &src, &dst);
	ha->initiator = true;
	hip_ha_set_state(ha, HIP_STATE_I1_SENT);
	hip_set_retrans(ha, buf, len);
	/* A lost I1 is retransmitted; a send error is not fatal */
	err = 0;
out:
	kfree(buf);
	return err;
}

/* ---- R1 (initiator) ---- */

static void hip_handle_r1(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct hip_rx_cb *cb)
{
	const struct hip_hdr *hdr = hp->hdr;
	const struct hip_puzzle *pz = hip_pval(hp, HIP_PI_PUZZLE);
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const struct hip_host_id *hid = hip_pval(hp, HIP_PI_HOST_ID);
	const u8 *rgroups = hip_pval(hp, HIP_PI_DH_GROUP_LIST);
	const __be16 *ciphers = hip_pval(hp, HIP_PI_HIP_CIPHER);
	const __be16 *esp = hip_pval(hp, HIP_PI_ESP_TRANSFORM);
	unsigned int rlen, publen, i, kij_len, len;
	u8 j[HIP_RHASH_MAX], *kij = NULL, *buf = NULL;
	struct hip_pubkey *pk = NULL;
	struct hip_esp_sa *sa_in, *unused;
	struct hip_dh_key *dh = NULL;
	struct hip_builder b;
	struct hip_ha *ha;
	u16 cipher = 0, suite = 0;
	u8 group, my_groups[ARRAY_SIZE(hip_dh_groups) + 1], n_my = 0;
	int err;
	u64 t0;

	ha = hip_ha_lookup(hn, &hdr->sender_hit);
	if (!ha || ha->state != HIP_STATE_I1_SENT ||
	    !ipv6_addr_equal(&ha->local_hit, &hdr->receiver_hit) || !ha->hi) {
		hip_stat_inc(hn, ha ? HIP_STAT_DROP_BAD_STATE : HIP_STAT_DROP_NO_HA);
		goto out;
	}
	if (!pz || !dhp || !hid || !rgroups || !ciphers || !esp ||
	    !hp->p[HIP_PI_HIP_SIGNATURE_2].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	pk = hip_host_id_check(hid, hip_plen(hp, HIP_PI_HOST_ID),
			       &hdr->sender_hit);
	if (IS_ERR(pk)) {
		hip_count_pk_err(hn, PTR_ERR(pk));
		pk = NULL;
		goto out;
	}
	err = hip_check_sig(hn, hp, HIP_PI_HIP_SIGNATURE_2, pk, true);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_SIG);
		goto out;
	}

	/* Negotiation.  DH: the group must be our most preferred one that
	 * the Responder also lists (downgrade protection, RFC 7401 4.1.3).
	 */
	group = dhp->group;
	if (hip_dh_supported(READ_ONCE(hn->cfg.dh_group)))
		my_groups[n_my++] = READ_ONCE(hn->cfg.dh_group);
	for (i = 0; i < ARRAY_SIZE(hip_dh_groups); i++)
		if (hip_dh_groups[i] != my_groups[0] &&
		    hip_dh_supported(hip_dh_groups[i]))
			my_groups[n_my++] = hip_dh_groups[i];
	for (i = 0; i < n_my; i++)
		if (hip_u8_in(my_groups[i], rgroups,
			      hip_plen(hp, HIP_PI_DH_GROUP_LIST)))
			break;
	publen = ntohs(dhp->pub_len);
	if (i == n_my || my_groups[i] != group ||
	    publen != hip_dh_pub_len(group)) {
		HIP_INC(hn, DROP_NEGOTIATION);
		hip_send_notify(hn, ha->hi, &hdr->sender_hit, cb,
				HIP_NTF_NO_DH_PROPOSAL_CHOSEN, NULL, 0);
		goto out;
	}
	for (i = 0; i < hip_plen(hp, HIP_PI_HIP_CIPHER) / 2 && !cipher; i++)
		if (hip_cipher_ok(ntohs(ciphers[i])))
			cipher = ntohs(ciphers[i]);
	for (i = 1; i < hip_plen(hp, HIP_PI_ESP_TRANSFORM) / 2 && !suite; i++)
		if (hip_esp_ok(hn, ntohs(esp[i])))
			suite = ntohs(esp[i]);
	if (!cipher || !suite) {
		HIP_INC(hn, DROP_NEGOTIATION);
		hip_send_notify(hn, ha->hi, &hdr->sender_hit, cb,
				HIP_NTF_NO_HIP_PROPOSAL_CHOSEN, NULL, 0);
		goto out;
	}
	ha->hit_suite = hip_hit_suite(&hdr->sender_hit);
	rlen = hip_rhash_len(ha->hit_suite);
	if (!rlen || hip_plen(hp, HIP_PI_PUZZLE) != sizeof(*pz) + rlen ||
	    pz->k > HIP_PUZZLE_K_MAX) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}

	/* Puzzle (HIT-I is ours), then Diffie-Hellman and keys */
	t0 = ktime_get_ns();
	err = hip_puzzle_solve(ha->hit_suite, pz->k, pz->i, &ha->local_hit,
			       &ha->peer_hit, j, 0);
	HIP_TIMED(hn, PUZZLE, t0);
	if (err) {
		HIP_INC(hn, DROP_BAD_PUZZLE);
		goto out;
	}
	t0 = ktime_get_ns();
	dh = hip_dh_generate(group);
	HIP_TIMED(hn, DH, t0);
	kij = kmalloc(HIP_DH_SECRET_MAX, GFP_KERNEL);
	if (IS_ERR(dh) || !kij) {
		if (IS_ERR(dh))
			dh = NULL;
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	t0 = ktime_get_ns();
	err = hip_dh_compute(dh, dhp->pub, publen, kij, HIP_DH_SECRET_MAX,
			     &kij_len);
	HIP_TIMED(hn, DH, t0);
	if (err) {
		hip_stat_inc(hn, err == -EINVAL ? HIP_STAT_DROP_MALFORMED_PARAM :
						  HIP_STAT_DROP_CRYPTO);
		goto out;
	}
	ha->dh_group = group;
	ha->hip_cipher = cipher;
	ha->esp_suite = suite;
	err = hip_derive_keys(ha, kij, kij_len, &ha->local_hit, &ha->peer_hit,
			      pz->i, j);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}

	/* Remember what R2 processing needs */
	if (ha->peer_pk)
		hip_pubkey_free(ha->peer_pk);
	ha->peer_pk = pk;
	pk = NULL;
	kfree(ha->peer_hostid);
	ha->peer_hostid_len = HIP_PARAM_TOTAL(hip_plen(hp, HIP_PI_HOST_ID));
	ha->peer_hostid = kmemdup((const u8 *)hdr + hp->p[HIP_PI_HOST_ID].off,
				  ha->peer_hostid_len, GFP_KERNEL);
	if (!ha->peer_hostid) {
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}

	/* Inbound SA now: the Responder may send before R2 reaches us */
	ha->spi_in = hip_new_spi(hn);
	err = hip_make_sas(ha, &sa_in, NULL);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	unused = NULL;
	hip_ha_set_sas(ha, sa_in, unused);
	hip_ha_set_spi_in(ha, ha->spi_in);

	/* I2 */
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf) {
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	hip_build_start(&b, buf, HIP_I2, &ha->local_hit, &ha->peer_hit);
	{
		struct hip_esp_info *ei;
		struct hip_solution *sol;
		struct hip_dh *mydh;
		__be16 *p16;

		ei = hip_build_param(&b, HIP_P_ESP_INFO, sizeof(*ei));
		if (ei) {
			ei->keymat_index = htons(hip_keymat_esp_index(ha));
			ei->new_spi = htonl(ha->spi_in);
		}
		if (hp->p[HIP_PI_R1_COUNTER].off)
			hip_build_param_data(&b, HIP_P_R1_COUNTER,
					     hip_pval(hp, HIP_PI_R1_COUNTER),
					     hip_plen(hp, HIP_PI_R1_COUNTER));
		sol = hip_build_param(&b, HIP_P_SOLUTION, sizeof(*sol) + 2 * rlen);
		if (sol) {
			sol->k = pz->k;
			sol->opaque = pz->opaque;
			memcpy(sol->ij, pz->i, rlen);
			memcpy(sol->ij + rlen, j, rlen);
		}
		mydh = hip_build_param(&b, HIP_P_DIFFIE_HELLMAN,
				       sizeof(*mydh) + publen);
		if (mydh) {
			mydh->group = group;
			mydh->pub_len = htons(publen);
			memcpy(mydh->pub, hip_dh_public(dh), publen);
		}
		p16 = hip_build_param(&b, HIP_P_HIP_CIPHER, 2);
		if (p16)
			p16[0] = htons(cipher);
		if (cipher != HIP_CIPHER_NULL) {
			/* HOST_ID inside ENCRYPTED (RFC 7401 5.2.18) */
			unsigned int ivl = hip_cipher_iv_len(cipher);
			unsigned int tl = HIP_PARAM_TOTAL(6 + ha->hi->pubkey_len);
			unsigned int pl = round_up(tl, ivl);
			struct hip_encrypted *enc;
			struct hip_tlv *t;
			struct hip_host_id *h;

			enc = hip_build_param(&b, HIP_P_ENCRYPTED,
					      sizeof(*enc) + ivl + pl);
			if (enc) {
				get_random_bytes(enc->iv_data, ivl);
				t = (struct hip_tlv *)(enc->iv_data + ivl);
				t->type = htons(HIP_P_HOST_ID);
				t->len = htons(6 + ha->hi->pubkey_len);
				h = (struct hip_host_id *)(t + 1);
				h->hi_len = htons(ha->hi->pubkey_len);
				h->algorithm = htons(ha->hi->algo);
				memcpy(h->hi, ha->hi->pubkey, ha->hi->pubkey_len);
				err = hip_cipher_crypt(cipher, true,
						       hip_key(ha, false, &ha->local_hit,
							       &ha->peer_hit),
						       enc->iv_data, (u8 *)t, pl);
				if (err)
					b.err = err;
			}
		} else {
			hip_build_host_id(&b, ha->hi);
		}
		p16 = hip_build_param(&b, HIP_P_TRANSPORT_FORMAT_LIST, 2);
		if (p16)
			p16[0] = htons(HIP_P_ESP_TRANSFORM);
		p16 = hip_build_param(&b, HIP_P_ESP_TRANSFORM, 4);
		if (p16)
			p16[1] = htons(suite);
	}
	if (b.err ||
	    hip_build_mac(&b, ha->hit_suite,
			  hip_key(ha, true, &ha->local_hit, &ha->peer_hit),
			  HIP_P_HIP_MAC, NULL, 0) ||
	    hip_build_sign(hn, &b, ha->hi, HIP_P_HIP_SIGNATURE, false)) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	len = hip_build_finish(&b);
	{
		struct hip_addr src = cb->dst, dst = cb->src;

		hip_ha_set_path(ha, &src, &dst);
	}
	hip_ha_send(ha, buf, len);
	hip_ha_set_state(ha, HIP_STATE_I2_SENT);
	hip_set_retrans(ha, buf, len);
out:
	memzero_explicit(j, sizeof(j));
	kfree_sensitive(kij);
	if (dh)
		hip_dh_put(dh);
	if (pk)
		hip_pubkey_free(pk);
	kfree(buf);
	if (ha)
		hip_ha_put(ha);
}

/* ---- I2 (responder) ---- */

/* Decrypt ENCRYPTED and find the HOST_ID inside; returns a kmalloc'd copy */
static struct hip_host_id *hip_decrypt_host_id(struct hip_ha *ha,
					       const struct hip_parsed *hp,
					       unsigned int *len)
{
	const struct hip_encrypted *enc = hip_pval(hp, HIP_PI_ENCRYPTED);
	unsigned int ivl = hip_cipher_iv_len(ha->hip_cipher);
	unsigned int total = hip_plen(hp, HIP_PI_ENCRYPTED), ctl, tlen;
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
	if (hip_cipher_crypt(ha->hip_cipher, false,
			     hip_key(ha, false, &ha->peer_hit, &ha->local_hit),
			     enc->iv_data, pt, ctl)) {
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

static void hip_handle_i2(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct hip_rx_cb *cb)
{
	const struct hip_hdr *hdr = hp->hdr;
	const struct in6_addr *peer_hit = &hdr->sender_hit;
	const struct in6_addr *local_hit = &hdr->receiver_hit;
	const struct hip_solution *sol = hip_pval(hp, HIP_PI_SOLUTION);
	const struct hip_dh *dhp = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	const struct hip_esp_info *ei = hip_pval(hp, HIP_PI_ESP_INFO);
	const __be16 *cip = hip_pval(hp, HIP_PI_HIP_CIPHER);
	const __be16 *esp = hip_pval(hp, HIP_PI_ESP_TRANSFORM);
	struct hip_host_id *hid_dec = NULL;
	const struct hip_host_id *hid;
	struct hip_esp_sa *sa_in = NULL, *sa_out = NULL;
	struct hip_pubkey *pk = NULL;
	struct hip_ha *ha = NULL, tmp_ha;
	struct hip_hi *hi;
	struct hip_r1 *r1;
	struct hip_builder b;
	struct hip_peer *peer;
	unsigned int rlen, kij_len, hid_len, len;
	u8 *kij = NULL, *buf = NULL;
	__be32 peer_lsi;
	u64 t_start = ktime_get_ns(), t0;
	u8 suite;
	int err;

	hi = hip_hi_lookup(hn, local_hit);
	if (!hi) {
		HIP_INC(hn, DROP_NO_HI);
		return;
	}
	if (!sol || !dhp || !ei || !cip || !esp ||
	    hip_plen(hp, HIP_PI_ESP_TRANSFORM) < 4 ||
	    !hp->p[HIP_PI_HIP_MAC].off || !hp->p[HIP_PI_HIP_SIGNATURE].off ||
	    (!hp->p[HIP_PI_HOST_ID].off && !hp->p[HIP_PI_ENCRYPTED].off)) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	suite = hi->hit_suite;
	rlen = hip_rhash_len(suite);
	if (hip_plen(hp, HIP_PI_SOLUTION) != sizeof(*sol) + 2 * rlen) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}

	ha = hip_ha_lookup(hn, peer_hit);
	if (ha) {
		u8 state = ha->state;

		if (state == HIP_STATE_I2_SENT &&
		    hip_sender_is_greater(local_hit, peer_hit)) {
			/* Simultaneous I2s: the greater HIT's I2 wins */
			HIP_INC(hn, DROP_BAD_STATE);
			goto out;
		}
		if (ha->hit_suite == suite &&
		    !crypto_memneq(ha->i2_solution_j, sol->ij + rlen, rlen)) {
			/* The I2 we already answered (a retransmission, or a
			 * replay).  Processing it again would derive the same
			 * keys and restart the sequence numbers (GCM IV
			 * reuse): answer with the same R2 while we are in
			 * R2-SENT, drop it otherwise.
			 */
			struct hip_addr src = cb->dst, dst = cb->src;

			if (state == HIP_STATE_R2_SENT && ha->r2_pkt)
				hip_send_ctrl(hn, &src, &dst, ha->r2_pkt,
					      ha->r2_len);
			else
				HIP_INC(hn, DROP_BAD_STATE);
			goto out;
		}
	}

	/* Puzzle: one we issued, solved */
	r1 = hip_r1_find_puzzle(hn, local_hit, sol->ij, rlen);
	if (!r1 || r1->k != sol->k) {
		HIP_INC(hn, DROP_BAD_PUZZLE);
		goto out;
	}
	t0 = ktime_get_ns();
	if (!hip_puzzle_check(suite, sol->k, sol->ij, peer_hit, local_hit,
			      sol->ij + rlen)) {
		HIP_TIMED(hn, PUZZLE, t0);
		HIP_INC(hn, DROP_BAD_PUZZLE);
		goto out;
	}
	HIP_TIMED(hn, PUZZLE, t0);

	/* Negotiated algorithms, checked against what our R1 offered */
	if (dhp->group != r1->group ||
	    ntohs(dhp->pub_len) != hip_dh_pub_len(r1->group) ||
	    hip_plen(hp, HIP_PI_HIP_CIPHER) != 2 ||
	    !hip_cipher_ok(ntohs(cip[0])) || !hip_esp_ok(hn, ntohs(esp[1]))) {
		HIP_INC(hn, DROP_NEGOTIATION);
		hip_send_notify(hn, hi, peer_hit, cb,
				HIP_NTF_INVALID_DH_CHOSEN, NULL, 0);
		goto out;
	}

	/* Keys go into a scratch HA until the I2 is authenticated */
	memset(&tmp_ha, 0, sizeof(tmp_ha));
	tmp_ha.local_hit = *local_hit;
	tmp_ha.peer_hit = *peer_hit;
	tmp_ha.hit_suite = suite;
	tmp_ha.dh_group = r1->group;
	tmp_ha.hip_cipher = ntohs(cip[0]);
	tmp_ha.esp_suite = ntohs(esp[1]);
	kij = kmalloc(HIP_DH_SECRET_MAX, GFP_KERNEL);
	if (!kij) {
		HIP_INC(hn, DROP_NOMEM);
		goto out_wipe;
	}
	t0 = ktime_get_ns();
	err = hip_dh_compute(r1->dh, dhp->pub, ntohs(dhp->pub_len), kij,
			     HIP_DH_SECRET_MAX, &kij_len);
	HIP_TIMED(hn, DH, t0);
	if (err) {
		hip_stat_inc(hn, err == -EINVAL ? HIP_STAT_DROP_MALFORMED_PARAM :
						  HIP_STAT_DROP_CRYPTO);
		goto out_wipe;
	}
	err = hip_derive_keys(&tmp_ha, kij, kij_len, peer_hit, local_hit,
			      sol->ij, sol->ij + rlen);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out_wipe;
	}
	if (ntohs(ei->keymat_index) != hip_keymat_esp_index(&tmp_ha) ||
	    ntohl(ei->new_spi) < 256) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out_wipe;
	}

	/* HIP_MAC before anything expensive the peer chooses */
	err = hip_check_mac(hp, HIP_PI_HIP_MAC, suite,
			    hip_key(&tmp_ha, true, peer_hit, local_hit), NULL, 0);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_HMAC);
		goto out_wipe;
	}
	if (hp->p[HIP_PI_ENCRYPTED].off) {
		hid_dec = hip_decrypt_host_id(&tmp_ha, hp, &hid_len);
		if (IS_ERR(hid_dec)) {
			HIP_INC(hn, DROP_MALFORMED_PARAM);
			hid_dec = NULL;
			goto out_wipe;
		}
		hid = hid_dec;
	} else {
		hid = hip_pval(hp, HIP_PI_HOST_ID);
		hid_len = hip_plen(hp, HIP_PI_HOST_ID);
	}
	pk = hip_host_id_check(hid, hid_len, peer_hit);
	if (IS_ERR(pk)) {
		hip_count_pk_err(hn, PTR_ERR(pk));
		pk = NULL;
		goto out_wipe;
	}
	err = hip_check_sig(hn, hp, HIP_PI_HIP_SIGNATURE, pk, false);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_SIG);
		hip_send_notify(hn, hi, peer_hit, cb,
				HIP_NTF_AUTHENTICATION_FAILED, NULL, 0);
		goto out_wipe;
	}

	/* Authenticated: commit to an association */
	if (!ha) {
		rcu_read_lock();
		peer = hip_peer_lookup_rcu(hn, peer_hit);
		peer_lsi = peer ? peer->lsi : hip_hit_to_lsi(peer_hit);
		rcu_read_unlock();
		ha = hip_ha_find_or_create(hn, local_hit, peer_hit, hi->lsi,
					   peer_lsi, GFP_KERNEL);
		if (!ha) {
			HIP_INC(hn, DROP_NOMEM);
			goto out_wipe;
		}
	}
	hip_clear_retrans(ha);
	ha->local_hit = *local_hit;
	ha->local_lsi = hi->lsi;
	if (ha->hi)
		hip_hi_put(ha->hi);
	ha->hi = hip_hi_get(hi);
	if (ha->peer_pk)
		hip_pubkey_free(ha->peer_pk);
	ha->peer_pk = pk;
	pk = NULL;
	ha->hit_suite = suite;
	ha->dh_group = tmp_ha.dh_group;
	ha->hip_cipher = tmp_ha.hip_cipher;
	ha->esp_suite = tmp_ha.esp_suite;
	ha->hip_enc_len = tmp_ha.hip_enc_len;
	ha->hip_auth_len = tmp_ha.hip_auth_len;
	ha->esp_enc_len = tmp_ha.esp_enc_len;
	ha->esp_auth_len = tmp_ha.esp_auth_len;
	memcpy(ha->hip_keys, tmp_ha.hip_keys, sizeof(ha->hip_keys));
	memcpy(ha->esp_keys, tmp_ha.esp_keys, sizeof(ha->esp_keys));
	memcpy(ha->i2_solution_j, sol->ij + rlen, rlen);
	ha->initiator = false;
	ha->spi_out = ntohl(ei->new_spi);
	hip_ha_set_spi_in(ha, 0);
	ha->spi_in = hip_new_spi(hn);
	err = hip_make_sas(ha, &sa_in, &sa_out);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out_wipe;
	}
	hip_ha_set_sas(ha, sa_in, sa_out);
	hip_ha_set_spi_in(ha, ha->spi_in);
	memzero_explicit(ha->esp_keys, sizeof(ha->esp_keys));
	{
		struct hip_addr src = cb->dst, dst = cb->src;

		hip_ha_set_path(ha, &src, &dst);
	}

	/* R2: ESP_INFO, HIP_MAC_2 (over R2 + our HOST_ID), HIP_SIGNATURE */
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf) {
		HIP_INC(hn, DROP_NOMEM);
		goto out_wipe;
	}
	hip_build_start(&b, buf, HIP_R2, local_hit, peer_hit);
	{
		struct hip_esp_info *rei;
		u8 *hostid;
		unsigned int hl = HIP_PARAM_TOTAL(6 + hi->pubkey_len);
		struct hip_tlv *t;
		struct hip_host_id *h;

		rei = hip_build_param(&b, HIP_P_ESP_INFO, sizeof(*rei));
		if (rei) {
			rei->keymat_index = htons(hip_keymat_esp_index(ha));
			rei->new_spi = htonl(ha->spi_in);
		}
		hostid = kzalloc(hl, GFP_KERNEL);
		if (!hostid) {
			HIP_INC(hn, DROP_NOMEM);
			goto out_wipe;
		}
		t = (struct hip_tlv *)hostid;
		t->type = htons(HIP_P_HOST_ID);
		t->len = htons(6 + hi->pubkey_len);
		h = (struct hip_host_id *)(t + 1);
		h->hi_len = htons(hi->pubkey_len);
		h->algorithm = htons(hi->algo);
		memcpy(h->hi, hi->pubkey, hi->pubkey_len);
		err = b.err ?: hip_build_mac(&b, suite,
					     hip_key(ha, true, local_hit, peer_hit),
					     HIP_P_HIP_MAC_2, hostid, hl);
		kfree(hostid);
		if (err ||
		    hip_build_sign(hn, &b, hi, HIP_P_HIP_SIGNATURE, false)) {
			HIP_INC(hn, DROP_CRYPTO);
			goto out_wipe;
		}
	}
	len = hip_build_finish(&b);
	kfree(ha->r2_pkt);
	ha->r2_pkt = kmemdup(buf, len, GFP_KERNEL);
	ha->r2_len = ha->r2_pkt ? len : 0;
	hip_ha_send(ha, buf, len);
	hip_ha_set_state(ha, HIP_STATE_R2_SENT);
	HIP_INC(hn, BEX_DONE);
	hip_bex_timed(ha, false, t_start);
	ha->created = jiffies;
	/* Flush anything we queued for this peer; R2-SENT times out into
	 * ESTABLISHED if no data comes first.
	 */
	hip_ha_flush_queue(ha);
	hip_ha_schedule(ha, HIP_R2_SENT_TIMEOUT);

out_wipe:
	memzero_explicit(&tmp_ha.hip_keys, sizeof(tmp_ha.hip_keys));
	memzero_explicit(&tmp_ha.esp_keys, sizeof(tmp_ha.esp_keys));
out:
	kfree_sensitive(kij);
	kfree(hid_dec);
	kfree(buf);
	if (pk)
		hip_pubkey_free(pk);
	if (ha)
		hip_ha_put(ha);
	hip_hi_put(hi);
}

/* ---- R2 (initiator) ---- */

static void hip_handle_r2(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct hip_rx_cb *cb)
{
	const struct hip_hdr *hdr = hp->hdr;
	const struct hip_esp_info *ei = hip_pval(hp, HIP_PI_ESP_INFO);
	struct hip_esp_sa *sa_in, *sa_out, *unused;
	struct hip_ha *ha;
	int err;

	ha = hip_ha_lookup(hn, &hdr->sender_hit);
	if (!ha || ha->state != HIP_STATE_I2_SENT || !ha->peer_pk ||
	    !ha->peer_hostid ||
	    !ipv6_addr_equal(&ha->local_hit, &hdr->receiver_hit)) {
		hip_stat_inc(hn, ha ? HIP_STAT_DROP_BAD_STATE : HIP_STAT_DROP_NO_HA);
		goto out;
	}
	if (!ei || !hp->p[HIP_PI_HIP_MAC_2].off ||
	    !hp->p[HIP_PI_HIP_SIGNATURE].off || ntohl(ei->new_spi) < 256) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	err = hip_check_mac(hp, HIP_PI_HIP_MAC_2, ha->hit_suite,
			    hip_key(ha, true, &ha->peer_hit, &ha->local_hit),
			    ha->peer_hostid, ha->peer_hostid_len);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_HMAC);
		goto out;
	}
	err = hip_check_sig(hn, hp, HIP_PI_HIP_SIGNATURE, ha->peer_pk, false);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_SIG);
		goto out;
	}
	ha->spi_out = ntohl(ei->new_spi);
	err = hip_make_sas(ha, NULL, &sa_out);
	if (err) {
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	sa_in = rcu_dereference_protected(ha->sa_in,
					  lockdep_is_held(&hn->ha.bex_mutex));
	if (sa_in)
		hip_esp_sa_get(sa_in);
	unused = sa_in;
	hip_ha_set_sas(ha, unused, sa_out);
	memzero_explicit(ha->esp_keys, sizeof(ha->esp_keys));
	hip_clear_retrans(ha);
	ha->created = jiffies;
	hip_ha_set_state(ha, HIP_STATE_ESTABLISHED);
	HIP_INC(hn, BEX_DONE);
	if (ha->bex_start_ns)
		hip_bex_timed(ha, true, ha->bex_start_ns);
	ha->bex_start_ns = 0;
	hip_ha_flush_queue(ha);
	hip_ha_schedule(ha, HZ);
out:
	if (ha)
		hip_ha_put(ha);
}

/* ---- CLOSE / CLOSE_ACK (RFC 7401 sections 5.3.7, 5.3.8, 6.14, 6.15) ---- */

static int hip_build_close(struct hip_ha *ha, u8 type, const void *echo,
			   unsigned int echo_len, u8 *buf)
{
	struct hip_builder b;

	hip_build_start(&b, buf, type, &ha->local_hit, &ha->peer_hit);
	hip_build_param_data(&b, type == HIP_CLOSE ?
			     HIP_P_ECHO_REQUEST_SIGNED :
			     HIP_P_ECHO_RESPONSE_SIGNED, echo, echo_len);
	if (b.err)
		return b.err;
	if (hip_build_mac(&b, ha->hit_suite,
			  hip_key(ha, true, &ha->local_hit, &ha->peer_hit),
			  HIP_P_HIP_MAC, NULL, 0) ||
	    hip_build_sign(NULL, &b, ha->hi, HIP_P_HIP_SIGNATURE, false))
		return -EINVAL;
	return hip_build_finish(&b);
}

int hip_bex_close(struct hip_ha *ha)
{
	u8 state = ha->state;
	u8 *buf;
	int len;

	if (state != HIP_STATE_ESTABLISHED && state != HIP_STATE_R2_SENT)
		return -ENOTCONN;
	if (!ha->hi || !ha->hit_suite)
		return -ENOTCONN;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_random_bytes(ha->echo_nonce, sizeof(ha->echo_nonce));
	len = hip_build_close(ha, HIP_CLOSE, ha->echo_nonce,
			      sizeof(ha->echo_nonce), buf);
	if (len < 0) {
		kfree(buf);
		return len;
	}
	hip_ha_drop_sas(ha);
	hip_ha_send(ha, buf, len);
	hip_ha_set_state(ha, HIP_STATE_CLOSING);
	hip_set_retrans(ha, buf, len);
	kfree(buf);
	return 0;
}

static bool hip_check_mac_sig(struct hip_net *hn, struct hip_ha *ha,
			      const struct hip_parsed *hp)
{
	int err;

	if (!ha->peer_pk || !ha->hit_suite) {
		HIP_INC(hn, DROP_BAD_STATE);
		return false;
	}
	err = hip_check_mac(hp, HIP_PI_HIP_MAC, ha->hit_suite,
			    hip_key(ha, true, &ha->peer_hit, &ha->local_hit),
			    NULL, 0);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_HMAC);
		return false;
	}
	err = hip_check_sig(NULL, hp, HIP_PI_HIP_SIGNATURE, ha->peer_pk, false);
	if (err) {
		hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : HIP_STAT_DROP_BAD_SIG);
		return false;
	}
	return true;
}

static void hip_handle_close(struct hip_net *hn, const struct hip_parsed *hp,
			     const struct hip_rx_cb *cb)
{
	const struct hip_hdr *hdr = hp->hdr;
	struct hip_ha *ha;
	u8 *buf = NULL;
	int len;

	ha = hip_ha_lookup(hn, &hdr->sender_hit);
	if (!ha || !ipv6_addr_equal(&ha->local_hit, &hdr->receiver_hit)) {
		HIP_INC(hn, DROP_NO_HA);
		goto out;
	}
	if (ha->state != HIP_STATE_ESTABLISHED &&
	    ha->state != HIP_STATE_R2_SENT &&
	    ha->state != HIP_STATE_CLOSING && ha->state != HIP_STATE_CLOSED &&
	    ha->state != HIP_STATE_I2_SENT) {
		HIP_INC(hn, DROP_BAD_STATE);
		goto out;
	}
	if (!hp->p[HIP_PI_ECHO_REQUEST_SIGNED].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	if (!hip_check_mac_sig(hn, ha, hp))
		goto out;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		goto out;
	len = hip_build_close(ha, HIP_CLOSE_ACK,
			      hip_pval(hp, HIP_PI_ECHO_REQUEST_SIGNED),
			      hip_plen(hp, HIP_PI_ECHO_REQUEST_SIGNED), buf);
	if (len > 0) {
		struct hip_addr src = cb->dst, dst = cb->src;

		hip_send_ctrl(hn, &src, &dst, buf, len);
	}
	hip_ha_drop_sas(ha);
	hip_clear_retrans(ha);
	hip_ha_set_state(ha, HIP_STATE_CLOSED);
	hip_ha_schedule(ha, HIP_HOLD_CLOSED);
out:
	kfree(buf);
	if (ha)
		hip_ha_put(ha);
}

static void hip_handle_close_ack(struct hip_net *hn,
				 const struct hip_parsed *hp)
{
	const struct hip_hdr *hdr = hp->hdr;
	struct hip_ha *ha;

	ha = hip_ha_lookup(hn, &hdr->sender_hit);
	if (!ha || ha->state != HIP_STATE_CLOSING ||
	    !ipv6_addr_equal(&ha->local_hit, &hdr->receiver_hit)) {
		hip_stat_inc(hn, ha ? HIP_STAT_DROP_BAD_STATE : HIP_STAT_DROP_NO_HA);
		goto out;
	}
	if (hip_plen(hp, HIP_PI_ECHO_RESPONSE_SIGNED) !=
	    sizeof(ha->echo_nonce) ||
	    crypto_memneq(hip_pval(hp, HIP_PI_ECHO_RESPONSE_SIGNED),
			  ha->echo_nonce, sizeof(ha->echo_nonce))) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	if (!hip_check_mac_sig(hn, ha, hp))
		goto out;
	hip_clear_retrans(ha);
	hip_ha_set_state(ha, HIP_STATE_CLOSED);
	/* The work destroys it, or starts over if data is waiting */
	hip_ha_schedule(ha, 0);
out:
	if (ha)
		hip_ha_put(ha);
}

static void hip_handle_notify(struct hip_net *hn, const struct hip_parsed *hp)
{
	const struct hip_notification *n = hip_pval(hp, HIP_PI_NOTIFICATION);
	const struct hip_hdr *hdr = hp->hdr;
	struct hip_ha *ha;
	int err;

	ha = hip_ha_lookup(hn, &hdr->sender_hit);
	if (!ha || !ha->peer_pk) {
		hip_stat_inc(hn, ha ? HIP_STAT_DROP_BAD_STATE : HIP_STAT_DROP_NO_HA);
		goto out;
	}
	if (!n || !hp->p[HIP_PI_HIP_SIGNATURE].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		goto out;
	}
	err = hip_check_sig(NULL, hp, HIP_PI_HIP_SIGNATURE, ha->peer_pk, false);
	if (err) {
		HIP_INC(hn, DROP_BAD_SIG);
		goto out;
	}
	net_info_ratelimited("hip: NOTIFY %u from %pI6c\n", ntohs(n->type),
			     &hdr->sender_hit);
out:
	if (ha)
		hip_ha_put(ha);
}

void hip_bex_rx(struct hip_net *hn, struct sk_buff *skb)
{
	const struct hip_rx_cb *cb = HIP_RX_CB(skb);
	struct hip_parsed hp;
	int err;

	err = hip_parse(skb->data, skb->len, &hp);
	if (err) {
		switch (err) {
		case -EPROTONOSUPPORT: {
			struct hip_hi *hi;
			__be16 t = htons(hp.unknown_critical);

			HIP_INC(hn, DROP_UNKNOWN_CRITICAL);
			hi = hip_hi_lookup(hn, &((const struct hip_hdr *)
						 skb->data)->receiver_hit);
			if (hi) {
				hip_send_notify(hn, hi,
						&((const struct hip_hdr *)
						  skb->data)->sender_hit, cb,
						HIP_NTF_UNSUPPORTED_CRITICAL_PARAMETER_TYPE,
						&t, sizeof(t));
				hip_hi_put(hi);
			}
			break;
		}
		case -EBADMSG:
			HIP_INC(hn, DROP_MALFORMED_PARAM);
			break;
		case -EMSGSIZE:
			HIP_INC(hn, DROP_BAD_LEN);
			break;
		default:
			HIP_INC(hn, DROP_BAD_HDR);
		}
		return;
	}
	if (!hip_hit_is_orchid(&hp.hdr->sender_hit)) {
		HIP_INC(hn, DROP_BAD_HDR);
		return;
	}
	switch (hp.hdr->type & 0x7f) {
	case HIP_R1:
		hip_handle_r1(hn, &hp, cb);
		break;
	case HIP_I2:
		hip_handle_i2(hn, &hp, cb);
		break;
	case HIP_R2:
		hip_handle_r2(hn, &hp, cb);
		break;
	case HIP_CLOSE:
		hip_handle_close(hn, &hp, cb);
		break;
	case HIP_CLOSE_ACK:
		hip_handle_close_ack(hn, &hp);
		break;
	case HIP_NOTIFY:
		hip_handle_notify(hn, &hp);
		break;
	default:
		/* UPDATE: mobility is not implemented yet */
		HIP_INC(hn, DROP_BAD_STATE);
	}
}

/* ---- timers: retransmission, expiry, queue ---- */

static void hip_ha_fail(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	unsigned int n;

	spin_lock_bh(&ha->lock);
	n = skb_queue_len(&ha->queue);
	__skb_queue_purge(&ha->queue);
	spin_unlock_bh(&ha->lock);
	HIP_ADD(hn, DROP_QUEUE_FULL, n);
	atomic64_add(n, &ha->drops);
	HIP_INC(hn, BEX_FAILED);
	hip_clear_retrans(ha);
	hip_ha_drop_sas(ha);
	hip_ha_set_state(ha, HIP_STATE_E_FAILED);
	hip_ha_schedule(ha, HIP_HOLD_FAILED);
}

static void hip_retransmit(struct hip_ha *ha, unsigned int max)
{
	unsigned long now = jiffies, rto;

	if (time_before(now, ha->retrans_timeout)) {
		hip_ha_schedule(ha, ha->retrans_timeout - now);
		return;
	}
	if (!ha->retrans_pkt || ha->retrans_count >= max) {
		if (ha->state == HIP_STATE_CLOSING)
			hip_ha_destroy(ha);
		else
			hip_ha_fail(ha);
		return;
	}
	ha->retrans_count++;
	HIP_INC(ha->hn, RETRANSMIT);
	/* I1s try the peer's other locators in turn */
	if (ha->state == HIP_STATE_I1_SENT) {
		struct hip_peer *peer;
		struct hip_addr src = {}, dst;
		bool have = false;

		rcu_read_lock();
		peer = hip_peer_lookup_rcu(ha->hn, &ha->peer_hit);
		if (peer && peer->n_locators) {
			dst = peer->locators[ha->retrans_count %
					     peer->n_locators];
			have = true;
		}
		rcu_read_unlock();
		if (have) {
			hip_send_ctrl(ha->hn, &src, &dst, ha->retrans_pkt,
				      ha->retrans_len);
			hip_ha_set_path(ha, &src, &dst);
			goto sent;
		}
	}
	hip_ha_send(ha, ha->retrans_pkt, ha->retrans_len);
sent:
	rto = min_t(unsigned long, HIP_RTO_INIT << ha->retrans_count,
		    HIP_RTO_MAX);
	ha->retrans_timeout = now + rto;
	hip_ha_schedule(ha, rto);
}

void hip_bex_ha_work(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	unsigned long now = jiffies;
	bool want, queued;
	u32 idle;
	u8 state;

	mutex_lock(&hn->ha.bex_mutex);
	if (ha->dead)
		goto out;
	spin_lock_bh(&ha->lock);
	state = ha->state;
	want = ha->want_bex;
	ha->want_bex = false;
	queued = !skb_queue_empty(&ha->queue);
	spin_unlock_bh(&ha->lock);

	switch (state) {
	case HIP_STATE_UNASSOCIATED:
	case HIP_STATE_CLOSED:
		if (want || queued) {
			if (hip_bex_start(ha))
				hip_ha_fail(ha);
		} else if (state == HIP_STATE_UNASSOCIATED ||
			   time_after_eq(now, ha->state_since + HIP_HOLD_CLOSED)) {
			hip_ha_destroy(ha);
		} else {
			hip_ha_schedule(ha, ha->state_since + HIP_HOLD_CLOSED - now);
		}
		break;
	case HIP_STATE_E_FAILED:
		if (time_after_eq(now, ha->state_since + HIP_HOLD_FAILED))
			hip_ha_destroy(ha);
		else
			hip_ha_schedule(ha, ha->state_since + HIP_HOLD_FAILED - now);
		break;
	case HIP_STATE_I1_SENT:
	case HIP_STATE_I2_SENT:
		hip_retransmit(ha, HIP_BEX_RETRIES);
		break;
	case HIP_STATE_CLOSING:
		hip_retransmit(ha, HIP_CLOSE_RETRIES);
		break;
	case HIP_STATE_R2_SENT:
	case HIP_STATE_ESTABLISHED:
		if (want) {
			/* Sequence numbers ran out: rekey with a new BEX */
			hip_ha_drop_sas(ha);
			if (hip_bex_start(ha))
				hip_ha_fail(ha);
			break;
		}
		if (queued)
			hip_ha_flush_queue(ha);
		if (state == HIP_STATE_R2_SENT &&
		    time_after_eq(now, ha->state_since + HIP_R2_SENT_TIMEOUT))
			hip_ha_set_state(ha, HIP_STATE_ESTABLISHED);
		idle = READ_ONCE(hn->cfg.idle_timeout);
		if (idle && time_after_eq(now, READ_ONCE(ha->last_used) +
					  (unsigned long)idle * HZ)) {
			if (hip_bex_close(ha))
				hip_ha_destroy(ha);
			break;
		}
		hip_ha_schedule(ha, idle ? min_t(unsigned long, idle * HZ,
						 30 * HZ) : 30 * HZ);
		break;
	}
out:
	mutex_unlock(&hn->ha.bex_mutex);
}

void hip_bex_net_init(struct hip_net *hn)
{
	INIT_DELAYED_WORK(&hn->r1_work, hip_r1_work);
	ratelimit_state_init(&hn->notify_rl, HZ, 10);
}

void hip_bex_net_exit(struct hip_net *hn)
{
	struct hip_r1_set *set;

	cancel_delayed_work_sync(&hn->r1_work);
	set = rcu_dereference_protected(hn->r1, true);
	RCU_INIT_POINTER(hn->r1, NULL);
	synchronize_rcu();
	hip_r1_set_free(set);
}
