// SPDX-License-Identifier: GPL-2.0
/*
 * Precomputed R1s and puzzles (RFC 7401 sections 4.1.1, 4.1.2, 5.3.2,
 * 6.6): the Responder answers an I1 without creating any state, with an R1
 * signed in advance for the HI and DH group asked for.  One generation of
 * R1s per namespace is current (read in softirq under RCU); the previous
 * one is kept so that puzzles it issued can still be solved (read under
 * &hip_ha_table.bex_mutex only).  A new generation every HIP_R1_ROTATE,
 * and at once when an HI is added; an HI's R1s go at once when it is
 * removed, and when our local addresses change (they are in the R1's
 * LOCATOR_SET, locator.c).  An I1 for a HIT that is not ours goes to the
 * rendezvous server (rvs.c, RFC 8004); a relayed one is checked there
 * too, and its R1 goes straight to the Initiator with VIA_RVS.
 *
 * The R1s are signed with the PUZZLE's Opaque and Random #I zero (RFC 7401
 * sections 5.2.4, 5.2.15, 6.4.2), so that each I1 gets its own #I without
 * a signature: #I = R | T, R random (RHASH_len / 8 - 16 bytes), T the
 * first 16 bytes of HMAC-SHA-256 with the generation's secret over
 * R | HIT-I | HIT-R | DH Group ID | #K.  The Responder thus checks that
 * it issued an #I (section 4.1.2) without keeping state, and no two
 * Initiators (nor one twice) get the same #I with the same DH key
 * (section 4.1.2).  Opaque carries the low 16 bits of the R1 generation.
 *
 * A puzzle is solved once: the tag T of every #I an accepted I2 solved is
 * recorded in its generation (hip_r1_puzzle_spend()), and a second I2 with
 * it is refused.  Both DH keys of a generation and #I | #J fix the KEYMAT
 * (section 6.5), so an old I2 replayed while its generation lives would
 * otherwise re-create keys already used, with the ESP sequence numbers
 * (and the AES-GCM IVs, RFC 4106 section 3.1) starting over.  The repeated
 * I2 of a lost R2 is recognised before this, by its association (bex.c).
 *
 * R1s are rate-limited per namespace (section 6.7) by a token bucket.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/unaligned.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "cert.h"
#include "certstore.h"
#include "common.h"
#include "hit.h"
#include "locator.h"
#include "proto.h"

/**
 * struct hip_r1 - a signed R1 for one local HI and one DH group
 * @hi: the HI (reference), whose HOST_ID and signature the R1 carries
 * @hit: the Responder's HIT of the R1: @hi's, or a HIT delegated to @hi
 *	(then the R1 carries the chain, hip_build_r1())
 * @suite: the HIT suite of @hit: RHASH of the puzzle
 * @dh: the DH key pair whose public value is in @pkt (reference)
 * @group: its group
 * @k: puzzle difficulty
 * @pz_off: offset of the PUZZLE contents in @pkt
 * @len: length of @pkt
 * @pkt: the packet, Receiver's HIT, Opaque and #I zero, no checksum
 */
struct hip_r1 {
	struct hip_hi *hi;
	struct in6_addr hit;
	u8 suite;
	struct hip_dh_key *dh;
	u8 group;
	u8 k;
	u16 pz_off;
	unsigned int len;
	u8 pkt[];
};

/* Bytes of #I that authenticate it (the rest is random) */
#define HIP_R1_TAG_LEN	16

/* Spent puzzles per generation: an open-addressed table of tags, at most
 * half full.  A full table starts the next generation at once.
 */
#define HIP_R1_SPENT_SLOTS	8192
#define HIP_R1_SPENT_MAX	(HIP_R1_SPENT_SLOTS / 2)

/**
 * struct hip_r1_set - one generation of R1s
 * @prev: the previous generation, whose puzzles are still accepted
 * @gen: R1 generation counter
 * @mac: HMAC-SHA-256 keyed with this generation's puzzle secret
 * @n_spent: tags in @spent
 * @spent: tags of the puzzles accepted I2s solved (HIP_R1_SPENT_SLOTS,
 *	an all-zero slot is free), allocated on first use; under bex_mutex
 * @n_groups: entries in @groups
 * @groups: our DH_GROUP_LIST in these R1s, preferred first
 * @n: entries in @r1
 * @r1: the R1s, one per (HI, DH group)
 */
struct hip_r1_set {
	struct hip_r1_set *prev;
	u64 gen;
	struct crypto_shash *mac;
	unsigned int n_spent;
	u8 (*spent)[HIP_R1_TAG_LEN];
	unsigned int n_groups;
	u8 groups[HIP_DH_GROUPS_MAX];
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
	hip_prf_free(set->mac);
	kvfree(set->spent);
	kfree(set);
}

/* A new set for @n R1s with a fresh puzzle secret and our DH_GROUP_LIST */
static struct hip_r1_set *hip_r1_set_new(struct hip_net *hn, unsigned int n)
{
	struct hip_r1_set *set;
	u8 secret[32];

	set = kzalloc(struct_size(set, r1, n), GFP_KERNEL);
	if (!set)
		return NULL;
	get_random_bytes(secret, sizeof(secret));
	set->mac = hip_prf_new(secret, sizeof(secret));
	memzero_explicit(secret, sizeof(secret));
	if (IS_ERR(set->mac)) {
		kfree(set);
		return NULL;
	}
	/* RFC 7401 5.2.6: the Responder's own list, preferred first */
	set->n_groups = hip_dh_groups_pref(hn, set->groups);
	return set;
}

/* The R1 of @hi for DH group @group; with @deleg, for that HIT delegated
 * to @hi, carrying its chain @chain (@chain_len bytes)
 */
static int hip_build_r1(struct hip_net *hn, struct hip_hi *hi, u8 group,
			const struct hip_r1_set *set,
			const struct in6_addr *deleg, const u8 *chain,
			unsigned int chain_len, struct hip_r1 **out)
{
	const struct in6_addr *hit = deleg ?: &hi->hit;
	u8 suite = hip_hit_suite(hit), k = READ_ONCE(hn->cfg.puzzle_k);
	unsigned int rlen = hip_rhash_len(suite), publen, i, n;
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
	r1->hit = *hit;
	r1->suite = suite;
	publen = hip_dh_pub_len(group);

	hip_build_start(&b, buf, HIP_R1, hit, &in6addr_any);
	rc = hip_build_param(&b, HIP_P_R1_COUNTER, sizeof(*rc));
	if (rc)
		rc->generation = cpu_to_be64(set->gen);
	/* RFC 8047 4.2.8, 5.1: our addresses, type 0, under the signature */
	hip_build_bex_locator_set(&b, hn);
	/* Opaque and #I stay zero here: they are written per I1, outside
	 * HIP_SIGNATURE_2 (RFC 7401 5.2.4)
	 */
	pz = hip_build_param(&b, HIP_P_PUZZLE, sizeof(*pz) + rlen);
	if (pz) {
		pz->k = k;
		pz->lifetime = HIP_PUZZLE_LIFETIME;
		r1->pz_off = (u8 *)pz - buf;
	}
	hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, set->groups,
			     set->n_groups);
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
	/* The delegation chain, CERT 768, under HIP_SIGNATURE_2 */
	if (deleg) {
		err = hip_build_cert_group(&b, chain, chain_len);
		if (err)
			goto err;
	}
	/* RFC 8003 4.2: our service offer, under HIP_SIGNATURE_2 */
	hip_reg_build_r1(&b, hn);
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

static bool hip_r1_hit_in(struct hip_hi **his, unsigned int n,
			  const struct in6_addr *hit)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ipv6_addr_equal(&his[i]->hit, hit))
			return true;
	return false;
}

/* The R1s, one per DH group of @set, for each HIT delegated to one of
 * our HIs @his (@n_hi) by a chain we hold (certstore.c), each signed by
 * the holder HI and carrying the chain (Documentation/hip/delegation.rst)
 */
static void hip_r1_build_delegated(struct hip_net *hn, struct hip_r1_set *set,
				   struct hip_hi **his, unsigned int n_hi,
				   unsigned int room)
{
	struct in6_addr *hits, holder;
	unsigned int n, d, i, g, len;
	u8 *chain;
	int err;

	hits = kmalloc_array(HIP_CERT_MAX_PER_NETNS, sizeof(*hits), GFP_KERNEL);
	chain = kmalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!hits || !chain)
		goto out;
	n = hip_cert_delegated_hits(hn, hits, HIP_CERT_MAX_PER_NETNS);
	for (d = 0; d < n; d++) {
		if (hip_cert_chain_for(hn, &hits[d], chain, HIP_MAX_PACKET,
				       &len, &holder))
			continue;
		for (i = 0; i < n_hi; i++)
			if (ipv6_addr_equal(&his[i]->hit, &holder))
				break;
		/* A HIT of our own is answered with its own HI */
		if (i == n_hi || hip_r1_hit_in(his, n_hi, &hits[d]))
			continue;
		for (g = 0; g < set->n_groups && set->n < room; g++) {
			err = hip_build_r1(hn, his[i], set->groups[g], set,
					   &hits[d], chain, len, &set->r1[set->n]);
			if (err == -EMSGSIZE)
				/* HIP_MAX_PACKET; groups across packets
				 * (RFC 8002 section 2) are not sent
				 */
				net_warn_ratelimited("hip: no R1 for %pI6c: its chain (%u bytes) does not fit\n",
						     &hits[d], len);
			if (err)
				continue;
			set->n++;
		}
	}
out:
	kfree(chain);
	kfree(hits);
}

static void hip_r1_work(struct work_struct *work)
{
	struct hip_net *hn = container_of(to_delayed_work(work),
					  struct hip_net, r1_work);
	struct hip_r1_set *set, *old;
	struct hip_hi *his[HIP_HI_MAX_PER_NETNS];
	unsigned int n_hi = 0, n_del, i, g;
	struct hip_hi *hi;
	u64 gen;

	rcu_read_lock();
	hip_hi_for_each_rcu(hi, &hn->hi) {
		if (n_hi < ARRAY_SIZE(his) && refcount_inc_not_zero(&hi->refcount))
			his[n_hi++] = hi;
	}
	rcu_read_unlock();

	n_del = hip_cert_delegated_hits(hn, NULL, 0);
	set = hip_r1_set_new(hn, (n_hi + n_del) * HIP_DH_GROUPS_MAX);
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
		for (g = 0; g < set->n_groups; g++) {
			if (hip_build_r1(hn, his[i], set->groups[g], set,
					 NULL, NULL, 0, &set->r1[set->n]))
				continue;
			set->n++;
		}
	}
	hip_r1_build_delegated(hn, set, his, n_hi,
			       (n_hi + n_del) * HIP_DH_GROUPS_MAX);

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
	copy->mac = cur->mac;
	copy->n_groups = cur->n_groups;
	memcpy(copy->groups, cur->groups, sizeof(copy->groups));
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

/* The configuration changed: new R1s (they carry our DH_GROUP_LIST, #K,
 * ESP suites), in place when this returns
 */
void hip_r1_rebuild_sync(struct hip_net *hn)
{
	hip_r1_hi_changed(hn);
	flush_delayed_work(&hn->r1_work);
}

static struct hip_r1 *hip_r1_find_rcu(struct hip_r1_set *set,
				      const struct in6_addr *hit, u8 group)
{
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (set->r1[i]->group == group &&
		    ipv6_addr_equal(&set->r1[i]->hit, hit))
			return set->r1[i];
	return NULL;
}

struct hip_hi *hip_r1_delegate_rcu(struct hip_net *hn,
				   const struct in6_addr *hit)
{
	struct hip_r1_set *set = rcu_dereference(hn->r1);
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (ipv6_addr_equal(&set->r1[i]->hit, hit) &&
		    !ipv6_addr_equal(&set->r1[i]->hi->hit, hit))
			return set->r1[i]->hi;
	return NULL;
}

/* The tag T of #I = R | T (see the top of this file) into @t */
static int hip_r1_puzzle_tag(const struct hip_r1_set *set,
			     const struct hip_r1 *r1,
			     const struct in6_addr *hit_i, const u8 *r,
			     unsigned int rlen, u8 *t)
{
	u8 gk[2] = { r1->group, r1->k }, mac[32];
	const struct hip_kvec v[] = {
		{ r, rlen - HIP_R1_TAG_LEN }, { hit_i, sizeof(*hit_i) },
		{ &r1->hit, sizeof(r1->hit) }, { gk, sizeof(gk) },
	};
	int err;

	err = hip_prf(set->mac, v, ARRAY_SIZE(v), mac);
	memcpy(t, mac, HIP_R1_TAG_LEN);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/* Under bex_mutex: whether @tag is in @set's spent puzzles; if not and
 * @free is given, the slot where it goes.  The tag is HMAC output, which
 * an Initiator cannot choose, so its first bytes spread it evenly.
 */
static bool hip_r1_spent_slot(const struct hip_r1_set *set, const u8 *tag,
			      unsigned int *free)
{
	static const u8 zero[HIP_R1_TAG_LEN];
	unsigned int i, n;

	if (!set->spent) {
		if (free)
			*free = get_unaligned_be32(tag) % HIP_R1_SPENT_SLOTS;
		return false;
	}
	i = get_unaligned_be32(tag) % HIP_R1_SPENT_SLOTS;
	for (n = 0; n < HIP_R1_SPENT_SLOTS; n++) {
		if (!memcmp(set->spent[i], zero, HIP_R1_TAG_LEN))
			break;
		if (!memcmp(set->spent[i], tag, HIP_R1_TAG_LEN))
			return true;
		i = (i + 1) % HIP_R1_SPENT_SLOTS;
	}
	if (free)
		*free = i;
	return false;
}

/* Under bex_mutex: the R1 (this or the previous generation) that issued
 * the puzzle of @sol (#I, @rlen bytes, and Opaque) to @hit_i, for our HIT
 * @hit and DH group @group; NULL if we did not issue it.
 */
struct hip_r1 *hip_r1_find_puzzle(struct hip_net *hn,
				  const struct in6_addr *hit,
				  const struct in6_addr *hit_i, u8 group,
				  const struct hip_solution *sol,
				  unsigned int rlen)
{
	struct hip_r1_set *set;
	u8 t[HIP_R1_TAG_LEN];
	unsigned int n;

	if (rlen <= HIP_R1_TAG_LEN)
		return NULL;
	set = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	for (; set; set = set->prev) {
		if (ntohs(sol->opaque) != (u16)set->gen)
			continue;
		for (n = 0; n < set->n; n++) {
			struct hip_r1 *r1 = set->r1[n];

			if (r1->group != group ||
			    !ipv6_addr_equal(&r1->hit, hit) ||
			    hip_r1_puzzle_tag(set, r1, hit_i, sol->ij, rlen, t))
				continue;
			if (crypto_memneq(t, sol->ij + rlen - HIP_R1_TAG_LEN,
					  HIP_R1_TAG_LEN))
				continue;
			return hip_r1_spent_slot(set, t, NULL) ? NULL : r1;
		}
	}
	return NULL;
}

/* Under bex_mutex, once the I2 that solved @sol is authenticated: record
 * its puzzle as spent (see the top of this file).  -ENOSPC when the
 * generation has taken HIP_R1_SPENT_MAX I2s: the I2 is refused and the
 * next generation starts at once.
 */
int hip_r1_puzzle_spend(struct hip_net *hn, const struct hip_solution *sol,
			unsigned int rlen)
{
	const u8 *tag = sol->ij + rlen - HIP_R1_TAG_LEN;
	struct hip_r1_set *set;
	unsigned int slot;

	set = rcu_dereference_protected(hn->r1,
					lockdep_is_held(&hn->ha.bex_mutex));
	while (set && ntohs(sol->opaque) != (u16)set->gen)
		set = set->prev;
	if (!set || rlen <= HIP_R1_TAG_LEN)
		return -ENOENT;
	if (hip_r1_spent_slot(set, tag, &slot))
		return -EALREADY;
	if (set->n_spent >= HIP_R1_SPENT_MAX) {
		if (!READ_ONCE(hn->dying))
			mod_delayed_work(hip_wq, &hn->r1_work, 0);
		return -ENOSPC;
	}
	if (!set->spent) {
		set->spent = kvcalloc(HIP_R1_SPENT_SLOTS, HIP_R1_TAG_LEN,
				      GFP_KERNEL);
		if (!set->spent)
			return -ENOMEM;
	}
	memcpy(set->spent[slot], tag, HIP_R1_TAG_LEN);
	set->n_spent++;
	return 0;
}

/* Token bucket of R1s (RFC 7401 6.7: "An R1 packet sender MUST have a
 * mechanism to rate-limit R1 packets sent to an address"): one bucket per
 * namespace, refilled at HIP_R1_RATE per second up to HIP_R1_BURST.
 * Credit is kept in 1/HZ tokens.
 */
static bool hip_r1_rate_ok(struct hip_net *hn)
{
	unsigned long now = jiffies;
	bool ok = false;
	u64 credit;

	spin_lock_bh(&hn->r1_rl.lock);
	credit = hn->r1_rl.credit +
		 (u64)min(now - hn->r1_rl.last, (unsigned long)HIP_R1_BURST * HZ) *
		 HIP_R1_RATE;
	hn->r1_rl.credit = min_t(u64, credit, (u64)HIP_R1_BURST * HZ);
	hn->r1_rl.last = now;
	if (hn->r1_rl.credit >= HZ) {
		hn->r1_rl.credit -= HZ;
		ok = true;
	}
	spin_unlock_bh(&hn->r1_rl.lock);
	return ok;
}

/* The R1 answering an I1 whose DH_GROUP_LIST is @groups (@n): the first
 * group of OUR list that the Initiator lists (RFC 7401 5.2.6, 6.7 step
 * 4); none in common: our most preferred one all the same (4.1.3, 6.7
 * step 4), with our list, so that the Initiator sees why.
 */
static struct hip_r1 *hip_r1_choose_rcu(struct hip_r1_set *set,
					const struct in6_addr *hit,
					const u8 *groups, unsigned int n)
{
	struct hip_r1 *r1 = NULL;
	unsigned int g;

	if (!set)
		return NULL;
	for (g = 0; g < set->n_groups && !r1; g++)
		if (hip_u8_in(set->groups[g], groups, n))
			r1 = hip_r1_find_rcu(set, hit, set->groups[g]);
	for (g = 0; g < set->n_groups && !r1; g++)
		r1 = hip_r1_find_rcu(set, hit, set->groups[g]);
	return r1;
}

/* Opaque and #I = R | T for this I1 into the copy @pkt of @r1 */
static int hip_r1_fill_puzzle(const struct hip_r1_set *set,
			      const struct hip_r1 *r1, u8 *pkt,
			      const struct in6_addr *hit_i)
{
	struct hip_puzzle *pz = (struct hip_puzzle *)(pkt + r1->pz_off);
	unsigned int rlen = hip_rhash_len(r1->suite);

	pz->opaque = htons((u16)set->gen);
	get_random_bytes(pz->i, rlen - HIP_R1_TAG_LEN);
	return hip_r1_puzzle_tag(set, r1, hit_i, pz->i, rlen,
				 pz->i + rlen - HIP_R1_TAG_LEN);
}

/* ---- I1 (softirq, stateless) ---- */

/* An I1 with FROM or RVS_HMAC (RFC 8004 4.3.2): false to drop it;
 * *@relayed when the R1 must go to the Initiator at @from
 */
static bool hip_r1_i1_rvs(struct hip_net *hn, const struct hip_parsed *hp,
			  struct hip_addr *from, bool *relayed)
{
	int err;

	*relayed = false;
	if (!hp->p[HIP_PI_FROM].off && !hp->p[HIP_PI_RVS_HMAC].off)
		return true;
	err = hip_rvs_i1_check(hn, hp, from);
	if (err == -EBADMSG) {
		HIP_INC(hn, DROP_RVS_HMAC);
		return false;
	}
	*relayed = !err;
	return true;
}

void hip_r1_i1_rx(struct hip_net *hn, struct sk_buff *skb)
{
	struct hip_rx_cb cb = *HIP_RX_CB(skb);
	const struct hip_hdr *hdr;
	struct hip_addr from;
	struct hip_parsed hp;
	struct hip_r1_set *set;
	const u8 *groups;
	struct hip_r1 *r1;
	const struct in6_addr *lhit;
	struct hip_hi *hi;
	struct hip_ha *ha;
	struct in6_addr rhit;
	unsigned int len;
	bool relayed;
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
	set = rcu_dereference(hn->r1);
	if (ipv6_addr_any(&hdr->receiver_hit))
		hi = rcu_dereference(hn->hi.default_hi);	/* opportunistic */
	else
		hi = hip_hi_lookup_rcu(hn, &hdr->receiver_hit);
	/* Our HIT: an HI's, or one delegated to us with an R1 made for it */
	if (hi)
		lhit = &hi->hit;
	else if (hip_r1_choose_rcu(set, &hdr->receiver_hit, groups,
				   hip_plen(&hp, HIP_PI_DH_GROUP_LIST)))
		lhit = &hdr->receiver_hit;
	else
		lhit = NULL;
	if (!lhit) {
		rcu_read_unlock();
		/* Not ours: a rendezvous server relays it (RFC 8004 3.3) */
		if (!hip_rvs_relay(hn, &hp, &cb))
			HIP_INC(hn, DROP_NO_HI);
		goto out;
	}
	if (!hip_r1_i1_rvs(hn, &hp, &from, &relayed)) {
		rcu_read_unlock();
		goto out;
	}
	/* Simultaneous open (RFC 7401 4.4.3, Table 3): in I1-SENT we answer the I1 of
	 * a peer whose HIT is smaller than ours and drop the others
	 */
	ha = hip_ha_lookup_rcu(hn, &hdr->sender_hit);
	if (ha && hip_ha_state(ha) == HIP_STATE_I1_SENT &&
	    ipv6_addr_cmp(lhit, &hdr->sender_hit) < 0) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_BAD_STATE);
		goto out;
	}
	r1 = hip_r1_choose_rcu(set, lhit, groups,
			       hip_plen(&hp, HIP_PI_DH_GROUP_LIST));
	if (!r1) {
		rcu_read_unlock();
		/* No R1 yet (just added HI) */
		HIP_INC(hn, DROP_NEGOTIATION);
		goto out;
	}
	if (!hip_r1_rate_ok(hn)) {
		rcu_read_unlock();
		HIP_INC(hn, R1_RATELIMITED);
		goto out;
	}
	len = r1->len;
	pkt = kmalloc(len + HIP_RVS_VIA_LEN, GFP_ATOMIC);
	if (!pkt) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_NOMEM);
		goto out;
	}
	memcpy(pkt, r1->pkt, len);
	rhit = hdr->sender_hit;
	((struct hip_hdr *)pkt)->receiver_hit = rhit;
	err = hip_r1_fill_puzzle(set, r1, pkt, &rhit);
	rcu_read_unlock();
	if (err) {
		kfree(pkt);
		HIP_INC(hn, DROP_CRYPTO);
		goto out;
	}
	if (relayed)
		len = hip_rvs_r1_via(pkt, len, &cb, &from);
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
	spin_lock_init(&hn->r1_rl.lock);
	hn->r1_rl.last = jiffies;
	hn->r1_rl.credit = (u64)HIP_R1_BURST * HZ;
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
