// SPDX-License-Identifier: GPL-2.0
/*
 * Peers and host associations: tables, lookups, lifetime.  The locking
 * rules are in ha.h.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/rhashtable.h>
#include <linux/netlink.h>
#include <net/ipv6.h>

#include "ha.h"
#include "esp.h"
#include "common.h"
#include "events.h"
#include "pernet.h"
#include "state.h"
#include "wire.h"

/* Keys are compared as bytes: HITs (16), LSIs (4, network order) and SPIs
 * (4); the default hash (jhash2 for lengths that are multiples of 4) is
 * seeded per table.
 */
static const struct rhashtable_params hip_peer_hit_params = {
	.head_offset = offsetof(struct hip_peer, hnode),
	.key_offset = offsetof(struct hip_peer, hit),
	.key_len = sizeof(struct in6_addr),
	.automatic_shrinking = true,
};

static const struct rhashtable_params hip_peer_lsi_params = {
	.head_offset = offsetof(struct hip_peer, lnode),
	.key_offset = offsetof(struct hip_peer, lsi),
	.key_len = sizeof(__be32),
	.automatic_shrinking = true,
};

static const struct rhashtable_params hip_ha_hit_params = {
	.head_offset = offsetof(struct hip_ha, hnode),
	.key_offset = offsetof(struct hip_ha, peer_hit),
	.key_len = sizeof(struct in6_addr),
	.automatic_shrinking = true,
};

static const struct rhashtable_params hip_ha_lsi_params = {
	.head_offset = offsetof(struct hip_ha, lnode),
	.key_offset = offsetof(struct hip_ha, peer_lsi),
	.key_len = sizeof(__be32),
	.automatic_shrinking = true,
};

static const struct rhashtable_params hip_ha_spi_params = {
	.head_offset = offsetof(struct hip_ha, snode),
	.key_offset = offsetof(struct hip_ha, spi_in),
	.key_len = sizeof(u32),
	.automatic_shrinking = true,
};

static const struct rhashtable_params hip_ha_spi_next_params = {
	.head_offset = offsetof(struct hip_ha, snode_next),
	.key_offset = offsetof(struct hip_ha, spi_next),
	.key_len = sizeof(u32),
	.automatic_shrinking = true,
};

int hip_ha_table_init(struct hip_ha_table *t, work_func_t ha_work)
{
	int err;

	t->ha_work = ha_work;
	spin_lock_init(&t->lock);
	mutex_init(&t->bex_mutex);
	INIT_LIST_HEAD(&t->peer_list);
	INIT_LIST_HEAD(&t->ha_list);
	t->n_peers = 0;
	t->n_has = 0;
	t->n_synthetic = 0;
	err = rhashtable_init(&t->peers, &hip_peer_hit_params);
	if (err)
		return err;
	err = rhashtable_init(&t->peers_lsi, &hip_peer_lsi_params);
	if (err)
		goto err_peers_lsi;
	err = rhashtable_init(&t->ha_hit, &hip_ha_hit_params);
	if (err)
		goto err_ha_hit;
	err = rhashtable_init(&t->ha_lsi, &hip_ha_lsi_params);
	if (err)
		goto err_ha_lsi;
	err = rhashtable_init(&t->ha_spi, &hip_ha_spi_params);
	if (err)
		goto err_ha_spi;
	err = rhashtable_init(&t->ha_spi_next, &hip_ha_spi_next_params);
	if (err)
		goto err_ha_spi_next;
	return 0;

err_ha_spi_next:
	rhashtable_destroy(&t->ha_spi);
err_ha_spi:
	rhashtable_destroy(&t->ha_lsi);
err_ha_lsi:
	rhashtable_destroy(&t->ha_hit);
err_ha_hit:
	rhashtable_destroy(&t->peers_lsi);
err_peers_lsi:
	rhashtable_destroy(&t->peers);
	return err;
}

/* After hip_ha_table_uninit(): the tables are empty */
void hip_ha_table_free(struct hip_ha_table *t)
{
	WARN_ON_ONCE(!list_empty(&t->ha_list) || !list_empty(&t->peer_list));
	rhashtable_destroy(&t->peers);
	rhashtable_destroy(&t->peers_lsi);
	rhashtable_destroy(&t->ha_hit);
	rhashtable_destroy(&t->ha_lsi);
	rhashtable_destroy(&t->ha_spi);
	rhashtable_destroy(&t->ha_spi_next);
}

/* ---- peers ---- */

struct hip_peer *hip_peer_lookup_rcu(struct hip_net *hn,
				     const struct in6_addr *hit)
{
	return rhashtable_lookup(&hn->ha.peers, hit, hip_peer_hit_params);
}

struct hip_peer *hip_peer_lookup_lsi_rcu(struct hip_net *hn, __be32 lsi)
{
	return rhashtable_lookup(&hn->ha.peers_lsi, &lsi, hip_peer_lsi_params);
}

/* Under the table lock (the result stays valid until it is dropped) */
static struct hip_peer *hip_peer_lookup_locked(struct hip_net *hn,
					       const struct in6_addr *hit)
{
	struct hip_peer *p;

	rcu_read_lock();
	p = hip_peer_lookup_rcu(hn, hit);
	rcu_read_unlock();
	return p;
}

static void hip_peer_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct hip_peer, rcu));
	hip_object_destroyed();
}

static void hip_peer_unhash(struct hip_net *hn, struct hip_peer *p)
{
	rhashtable_remove_fast(&hn->ha.peers, &p->hnode, hip_peer_hit_params);
	rhashtable_remove_fast(&hn->ha.peers_lsi, &p->lnode,
			       hip_peer_lsi_params);
	list_del_rcu(&p->list);
	hn->ha.n_peers--;
	call_rcu(&p->rcu, hip_peer_free_rcu);
}

int hip_peer_add(struct hip_net *hn, const struct hip_peer *tmpl,
		 bool replace, struct netlink_ext_ack *extack)
{
	struct hip_peer *p, *old, *other;
	struct hip_ha *ha;
	int err;

	p = kmemdup(tmpl, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	hip_object_created();

	spin_lock_bh(&hn->ha.lock);
	old = hip_peer_lookup_locked(hn, &p->hit);
	if (old && !replace) {
		spin_unlock_bh(&hn->ha.lock);
		NL_SET_ERR_MSG(extack, "peer exists (use replace)");
		goto err;
	}
	rcu_read_lock();
	other = hip_peer_lookup_lsi_rcu(hn, p->lsi);
	rcu_read_unlock();
	if (other && other != old) {
		spin_unlock_bh(&hn->ha.lock);
		NL_SET_ERR_MSG(extack, "LSI already used by another peer");
		kfree(p);
		hip_object_destroyed();
		return -EADDRINUSE;
	}
	if (!old && hn->ha.n_peers >= HIP_PEER_MAX_PER_NETNS) {
		spin_unlock_bh(&hn->ha.lock);
		NL_SET_ERR_MSG(extack, "too many peers");
		kfree(p);
		hip_object_destroyed();
		return -ENOSPC;
	}
	if (old)
		hip_peer_unhash(hn, old);
	err = rhashtable_insert_fast(&hn->ha.peers, &p->hnode,
				     hip_peer_hit_params);
	if (err) {
		spin_unlock_bh(&hn->ha.lock);
		NL_SET_ERR_MSG(extack, "cannot grow the peer table");
		kfree(p);
		hip_object_destroyed();
		return err;
	}
	err = rhashtable_insert_fast(&hn->ha.peers_lsi, &p->lnode,
				     hip_peer_lsi_params);
	if (err) {
		rhashtable_remove_fast(&hn->ha.peers, &p->hnode,
				       hip_peer_hit_params);
		spin_unlock_bh(&hn->ha.lock);
		NL_SET_ERR_MSG(extack, "cannot grow the peer table");
		/* Readers may have seen it */
		call_rcu(&p->rcu, hip_peer_free_rcu);
		return err;
	}
	list_add_tail_rcu(&p->list, &hn->ha.peer_list);
	hn->ha.n_peers++;
	/* An existing HA follows the peer's LSI */
	rcu_read_lock();
	ha = hip_ha_lookup_rcu(hn, &p->hit);
	rcu_read_unlock();
	if (ha && !ha->dead) {
		if (ha->lnode_hashed)
			rhashtable_remove_fast(&hn->ha.ha_lsi, &ha->lnode,
					       hip_ha_lsi_params);
		ha->peer_lsi = p->lsi;
		ha->lnode_hashed = !rhashtable_insert_fast(&hn->ha.ha_lsi,
							   &ha->lnode,
							   hip_ha_lsi_params);
	}
	spin_unlock_bh(&hn->ha.lock);
	return 0;
err:
	kfree(p);
	hip_object_destroyed();
	return -EEXIST;
}

int hip_peer_del(struct hip_net *hn, const struct in6_addr *hit,
		 struct netlink_ext_ack *extack)
{
	struct hip_peer *p;
	struct hip_ha *ha;

	spin_lock_bh(&hn->ha.lock);
	p = hip_peer_lookup_locked(hn, hit);
	if (!p) {
		spin_unlock_bh(&hn->ha.lock);
		NL_SET_ERR_MSG(extack, "no such peer");
		return -ENOENT;
	}
	hip_peer_unhash(hn, p);
	spin_unlock_bh(&hn->ha.lock);

	/* The association with a deleted peer goes too (without CLOSE) */
	ha = hip_ha_lookup(hn, hit);
	if (ha) {
		mutex_lock(&hn->ha.bex_mutex);
		hip_ha_destroy(ha);
		mutex_unlock(&hn->ha.bex_mutex);
		hip_ha_put(ha);
	}
	return 0;
}

/* ---- HAs ---- */

struct hip_ha *hip_ha_lookup_rcu(struct hip_net *hn,
				 const struct in6_addr *peer_hit)
{
	return rhashtable_lookup(&hn->ha.ha_hit, peer_hit, hip_ha_hit_params);
}

struct hip_ha *hip_ha_lookup_lsi_rcu(struct hip_net *hn, __be32 peer_lsi)
{
	return rhashtable_lookup(&hn->ha.ha_lsi, &peer_lsi, hip_ha_lsi_params);
}

struct hip_ha *hip_ha_lookup_spi_rcu(struct hip_net *hn, u32 spi)
{
	struct hip_ha *ha;

	ha = rhashtable_lookup(&hn->ha.ha_spi, &spi, hip_ha_spi_params);
	if (likely(ha))
		return ha;
	/* During a rekeying: the new inbound SA (RFC 7402 6.10 step 4) */
	return rhashtable_lookup(&hn->ha.ha_spi_next, &spi,
				 hip_ha_spi_next_params);
}

bool hip_ha_spi_in_use(struct hip_net *hn, u32 spi)
{
	bool used;

	rcu_read_lock();
	used = hip_ha_lookup_spi_rcu(hn, spi);
	rcu_read_unlock();
	return used;
}

struct hip_ha *hip_ha_get(struct hip_ha *ha)
{
	refcount_inc(&ha->refcount);
	return ha;
}

struct hip_ha *hip_ha_lookup(struct hip_net *hn,
			     const struct in6_addr *peer_hit)
{
	struct hip_ha *ha;

	rcu_read_lock();
	ha = hip_ha_lookup_rcu(hn, peer_hit);
	if (ha && !refcount_inc_not_zero(&ha->refcount))
		ha = NULL;
	rcu_read_unlock();
	return ha;
}

static void hip_ha_free_rcu(struct rcu_head *head)
{
	struct hip_ha *ha = container_of(head, struct hip_ha, rcu);

	kfree(rcu_access_pointer(ha->locs));
	kfree(ha);
	hip_object_destroyed();
}

void hip_ha_rekey_clear(struct hip_ha *ha, bool all)
{
	struct hip_rekey *r = &ha->rekey;
	struct hip_dh_key *cur = r->dh_cur;

	if (r->dh)
		hip_dh_put(r->dh);
	kfree_sensitive(r->peer_dh);
	if (r->sa_out)
		hip_esp_sa_put(r->sa_out);
	if (all && cur)
		hip_dh_put(cur);
	memzero_explicit(r, sizeof(*r));
	if (!all)
		r->dh_cur = cur;
}

void hip_ha_put(struct hip_ha *ha)
{
	struct hip_esp_sa *sa;
	int i;

	if (!refcount_dec_and_test(&ha->refcount))
		return;
	WARN_ON_ONCE(!ha->dead);
	skb_queue_purge(&ha->queue);
	/* The last reference: nobody else can see the SAs any more */
	for (i = 0; i < HIP_SA_SLOTS; i++) {
		sa = rcu_dereference_protected(ha->sa_in[i],
					       !refcount_read(&ha->refcount));
		if (sa)
			hip_esp_sa_put(sa);
		sa = rcu_dereference_protected(ha->sa_out[i],
					       !refcount_read(&ha->refcount));
		if (sa)
			hip_esp_sa_put(sa);
	}
	hip_ha_rekey_clear(ha, true);
	if (ha->hi)
		hip_hi_put(ha->hi);
	if (ha->peer_pk)
		hip_pubkey_free(ha->peer_pk);
	kfree(ha->xchg.retrans_pkt);
	kfree(ha->xchg.r2_pkt);
	kfree(ha->upd.pkt);
	kfree(ha->upd.ack_pkt);
	kfree(ha->peer_hostid);
	memzero_explicit(&ha->keys, sizeof(ha->keys));
	memzero_explicit(&ha->xchg, sizeof(ha->xchg));
	call_rcu(&ha->rcu, hip_ha_free_rcu);
}

/* Hash a new HA by peer HIT (and peer LSI, and inbound SPI if set) and
 * list it.  Under the table lock.  Fails only when the HIT table cannot
 * grow; then nothing was published.  An HA the LSI or SPI table cannot
 * take stays reachable by HIT (and is counted as a drop for lack of
 * memory by the packets that miss it).
 */
int hip_ha_hash_locked(struct hip_net *hn, struct hip_ha *ha)
{
	int err;

	err = rhashtable_insert_fast(&hn->ha.ha_hit, &ha->hnode,
				     hip_ha_hit_params);
	if (err)
		return err;
	if (ha->peer_lsi)
		ha->lnode_hashed = !rhashtable_insert_fast(&hn->ha.ha_lsi,
							   &ha->lnode,
							   hip_ha_lsi_params);
	if (ha->spi_in)
		ha->snode_hashed = !rhashtable_insert_fast(&hn->ha.ha_spi,
							   &ha->snode,
							   hip_ha_spi_params);
	list_add_tail_rcu(&ha->list, &hn->ha.ha_list);
	hn->ha.n_has++;
	if (ha->synthetic)
		hn->ha.n_synthetic++;
	return 0;
}

void hip_ha_init_fields(struct hip_net *hn, struct hip_ha *ha,
			const struct in6_addr *local_hit,
			const struct in6_addr *peer_hit,
			__be32 local_lsi, __be32 peer_lsi)
{
	unsigned long now = jiffies;

	refcount_set(&ha->refcount, 2);	/* table + caller */
	ha->hn = hn;
	spin_lock_init(&ha->lock);
	ha->state = HIP_STATE_UNASSOCIATED;
	ha->local_hit = *local_hit;
	ha->peer_hit = *peer_hit;
	ha->local_lsi = local_lsi;
	ha->peer_lsi = peer_lsi;
	skb_queue_head_init(&ha->queue);
	INIT_DELAYED_WORK(&ha->work, hn->ha.ha_work);
	ha->created = now;
	ha->last_used = now;
	ha->state_since = now;
	atomic64_set(&ha->pkts_in, 0);
	atomic64_set(&ha->pkts_out, 0);
	atomic64_set(&ha->bytes_in, 0);
	atomic64_set(&ha->bytes_out, 0);
	atomic64_set(&ha->drops, 0);
}

struct hip_ha *hip_ha_find_or_create(struct hip_net *hn,
				     const struct in6_addr *local_hit,
				     const struct in6_addr *peer_hit,
				     __be32 local_lsi, __be32 peer_lsi,
				     gfp_t gfp)
{
	struct hip_ha *ha, *old;
	int err;

	ha = hip_ha_lookup(hn, peer_hit);
	if (ha)
		return ha;
	if (READ_ONCE(hn->dying))
		return NULL;

	ha = kzalloc(sizeof(*ha), gfp);
	if (!ha)
		return NULL;
	hip_object_created();
	hip_ha_init_fields(hn, ha, local_hit, peer_hit, local_lsi, peer_lsi);

	spin_lock_bh(&hn->ha.lock);
	/* Lost a race with another creator? */
	rcu_read_lock();
	old = hip_ha_lookup_rcu(hn, peer_hit);
	if (old && !refcount_inc_not_zero(&old->refcount))
		old = NULL;
	rcu_read_unlock();
	if (old) {
		spin_unlock_bh(&hn->ha.lock);
		ha->dead = true;
		kfree(ha);
		hip_object_destroyed();
		return old;
	}
	if (hn->dying) {
		spin_unlock_bh(&hn->ha.lock);
		kfree(ha);
		hip_object_destroyed();
		return NULL;
	}
	err = hip_ha_hash_locked(hn, ha);
	spin_unlock_bh(&hn->ha.lock);
	if (err) {
		/* Never visible to anyone */
		kfree(ha);
		hip_object_destroyed();
		return NULL;
	}
	return ha;
}

/* Under &hip_ha_table.lock: set *@spi_field to @spi and rehash @node in
 * @t by it (0 = unhashed); returns whether @node is now hashed.  One body
 * for the current and the next inbound SPI (rekeying), each with its table.
 */
static __always_inline bool
hip_ha_rehash_spi(struct hip_ha *ha, struct rhashtable *t,
		  struct rhash_head *node, bool hashed, u32 *spi_field, u32 spi,
		  const struct rhashtable_params params)
{
	if (hashed)
		rhashtable_remove_fast(t, node, params);
	WRITE_ONCE(*spi_field, spi);
	if (!spi || ha->dead)
		return false;
	if (!rhashtable_insert_fast(t, node, params))
		return true;
	HIP_INC(ha->hn, DROP_NOMEM);
	return false;
}

/* Under &hip_ha_table.lock */
static void hip_ha_set_spi_in_locked(struct hip_ha *ha, u32 spi)
{
	ha->snode_hashed = hip_ha_rehash_spi(ha, &ha->hn->ha.ha_spi,
					     &ha->snode, ha->snode_hashed,
					     &ha->spi_in, spi,
					     hip_ha_spi_params);
}

/* Under &hip_ha_table.lock */
static void hip_ha_set_spi_next_locked(struct hip_ha *ha, u32 spi)
{
	ha->snode_next_hashed =
		hip_ha_rehash_spi(ha, &ha->hn->ha.ha_spi_next,
				  &ha->snode_next, ha->snode_next_hashed,
				  &ha->spi_next, spi, hip_ha_spi_next_params);
}

void hip_ha_set_spi_in(struct hip_ha *ha, u32 spi)
{
	spin_lock_bh(&ha->hn->ha.lock);
	hip_ha_set_spi_in_locked(ha, spi);
	spin_unlock_bh(&ha->hn->ha.lock);
}

void hip_ha_set_spi_next(struct hip_ha *ha, u32 spi)
{
	spin_lock_bh(&ha->hn->ha.lock);
	hip_ha_set_spi_next_locked(ha, spi);
	spin_unlock_bh(&ha->hn->ha.lock);
}

void hip_ha_destroy(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	bool was_dead;

	spin_lock_bh(&hn->ha.lock);
	was_dead = ha->dead;
	if (!was_dead) {
		spin_lock(&ha->lock);
		ha->dead = true;
		spin_unlock(&ha->lock);
		rhashtable_remove_fast(&hn->ha.ha_hit, &ha->hnode,
				       hip_ha_hit_params);
		if (ha->lnode_hashed)
			rhashtable_remove_fast(&hn->ha.ha_lsi, &ha->lnode,
					       hip_ha_lsi_params);
		if (ha->snode_hashed)
			rhashtable_remove_fast(&hn->ha.ha_spi, &ha->snode,
					       hip_ha_spi_params);
		if (ha->snode_next_hashed)
			rhashtable_remove_fast(&hn->ha.ha_spi_next,
					       &ha->snode_next,
					       hip_ha_spi_next_params);
		ha->lnode_hashed = false;
		ha->snode_hashed = false;
		ha->snode_next_hashed = false;
		list_del_rcu(&ha->list);
		hn->ha.n_has--;
		if (ha->synthetic)
			hn->ha.n_synthetic--;
	}
	spin_unlock_bh(&hn->ha.lock);
	if (was_dead)
		return;

	hip_event_ha_state(hn, ha, HIP_STATE_UNASSOCIATED);
	/* The work may be running right now (it takes bex_mutex, which our
	 * caller may hold): only cancel a pending one; a running one sees
	 * ->dead and drops its reference itself.
	 */
	if (cancel_delayed_work(&ha->work))
		hip_ha_put(ha);
	hip_ha_put(ha);	/* the table's reference */
}

void hip_ha_schedule(struct hip_ha *ha, unsigned long delay)
{
	spin_lock_bh(&ha->lock);
	if (!ha->dead) {
		hip_ha_get(ha);
		if (mod_delayed_work(hip_wq, &ha->work, delay))
			hip_ha_put(ha);	/* was pending: it already had one */
	}
	spin_unlock_bh(&ha->lock);
}

static void hip_locset_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct hip_locset, rcu));
}

static struct hip_locset *hip_locset_alloc(const struct hip_addr *local,
					   const struct hip_addr *peer,
					   unsigned int max, gfp_t gfp)
{
	struct hip_locset *ls = kzalloc(struct_size(ls, peer, max), gfp);

	if (!ls)
		return NULL;
	ls->max = max;
	ls->local = *local;
	ls->n = 1;
	ls->cur = 0;
	ls->peer[0].addr = *peer;
	/* RFC 8046 5.1: ACTIVE, unbounded lifetime (0) */
	ls->peer[0].state = HIP_LOC_ACTIVE;
	ls->peer[0].since = jiffies;
	ls->peer[0].refreshed = jiffies;
	return ls;
}

struct hip_locset *hip_locset_new(const struct hip_addr *local,
				  const struct hip_addr *peer, gfp_t gfp)
{
	return hip_locset_alloc(local, peer, 1, gfp);
}

int hip_ha_use_locators(struct hip_ha *ha, const struct hip_addr *local,
			const struct hip_addr *peer)
{
	struct hip_locset *ls, *old;
	unsigned int i, max;

	/* Room for the new one and those we know (sized, not the maximum:
	 * one association has one or two locators most of the time)
	 */
	rcu_read_lock();
	old = rcu_dereference(ha->locs);
	max = min_t(unsigned int, HIP_LOCSET_MAX, (old ? old->n : 0) + 1);
	rcu_read_unlock();
	ls = hip_locset_alloc(local, peer, max, GFP_ATOMIC);
	if (!ls)
		return -ENOMEM;
	spin_lock_bh(&ha->lock);
	old = rcu_dereference_protected(ha->locs, lockdep_is_held(&ha->lock));
	/* The peer's other known locators stay, no longer in use */
	for (i = 0; old && i < old->n && ls->n < ls->max; i++) {
		if (ipv6_addr_equal(&old->peer[i].addr.a, &peer->a))
			continue;
		ls->peer[ls->n] = old->peer[i];
		if (ls->peer[ls->n].state == HIP_LOC_ACTIVE) {
			ls->peer[ls->n].state = HIP_LOC_DEPRECATED;
			ls->peer[ls->n].since = jiffies;
		}
		ls->n++;
	}
	rcu_assign_pointer(ha->locs, ls);
	spin_unlock_bh(&ha->lock);
	if (old)
		call_rcu(&old->rcu, hip_locset_free_rcu);
	hip_event_ha_locators(ha->hn, ha);
	return 0;
}

/* RFC 8046 5.1: the maximum value means unbounded; we keep 0 for that */
static u32 hip_loc_lifetime(u32 lifetime)
{
	return lifetime == HIP_LOC_LIFETIME_INF ? 0 : lifetime;
}

/* Does @l expire at all?  (update.c may store the maximum as received) */
static bool hip_loc_bounded(const struct hip_locator *l)
{
	return l->lifetime && l->lifetime != HIP_LOC_LIFETIME_INF;
}

/* When @l expires; its lifetime counts from @refreshed, or from @since
 * for an entry whose writer did not set @refreshed
 */
static unsigned long hip_loc_expires(const struct hip_locator *l)
{
	return (l->refreshed ?: l->since) +
	       min_t(u64, (u64)l->lifetime * HZ, MAX_JIFFY_OFFSET);
}

int hip_locset_find(const struct hip_locset *ls, const struct hip_addr *a)
{
	unsigned int i;

	for (i = 0; ls && i < ls->n; i++)
		if (ipv6_addr_equal(&ls->peer[i].addr.a, &a->a))
			return i;
	return -1;
}

/* A slot for a new locator in a full @ls: a DEPRECATED one that the
 * LOCATOR_SET being merged does not list and that is not in use
 */
static int hip_locset_reuse_slot(const struct hip_locset *ls,
				 const unsigned long *listed)
{
	unsigned int i;

	for (i = 0; i < ls->n; i++)
		if (ls->peer[i].state == HIP_LOC_DEPRECATED &&
		    !test_bit(i, listed) && i != ls->cur)
			return i;
	return -1;
}

/* One received Locator into @ls (RFC 8046 5.1, 5.3; RFC 8047 5.2);
 * returns its index, or -1 if there was no room
 */
static int hip_locset_merge_one(struct hip_locset *ls,
				const struct hip_loc_entry *e,
				unsigned int flags, unsigned long now,
				const unsigned long *listed)
{
	struct hip_locator *l;
	int i = hip_locset_find(ls, &e->addr);

	if (i < 0) {
		if (ls->n < ls->max)
			i = ls->n++;
		else
			i = hip_locset_reuse_slot(ls, listed);
		if (i < 0)
			return -1;
		l = &ls->peer[i];
		memset(l, 0, sizeof(*l));
		l->addr = e->addr;
		/* New: UNVERIFIED, except a preferred one from an R1 */
		l->state = (flags & HIP_LOCS_R1) && e->preferred ?
			   HIP_LOC_ACTIVE : HIP_LOC_UNVERIFIED;
		l->since = now;
	} else {
		l = &ls->peer[i];
		/* "DEPRECATED to UNVERIFIED: the host receives a new
		 * lifetime"; never straight back to ACTIVE
		 */
		if (l->state == HIP_LOC_DEPRECATED) {
			l->state = HIP_LOC_UNVERIFIED;
			l->since = now;
		}
	}
	l->lifetime = hip_loc_lifetime(e->lifetime);
	l->refreshed = now;
	l->preferred = e->preferred;
	return i;
}

int hip_locset_merge(struct hip_locset *ls, const struct hip_loc_entry *e,
		     unsigned int n, unsigned int flags, unsigned long now)
{
	DECLARE_BITMAP(listed, HIP_LOCSET_MAX) = { 0 };
	int idx, first = -1, pref = -1;
	unsigned int i;

	for (i = 0; i < n; i++) {
		idx = hip_locset_merge_one(ls, &e[i], flags, now, listed);
		if (idx < 0)
			continue;
		__set_bit(idx, listed);
		if (first < 0)
			first = idx;
		if (e[i].preferred && pref < 0)
			pref = idx;
	}
	/* RFC 8046 5.2: a LOCATOR_SET lists every locator the peer keeps */
	for (i = 0; (flags & HIP_LOCS_REPLACE) && i < ls->n; i++) {
		if (test_bit(i, listed) ||
		    ls->peer[i].state == HIP_LOC_DEPRECATED)
			continue;
		ls->peer[i].state = HIP_LOC_DEPRECATED;
		ls->peer[i].since = now;
	}
	return pref >= 0 ? pref : first;
}

int hip_ha_add_locators(struct hip_ha *ha, const struct hip_loc_entry *e,
			unsigned int n, unsigned int flags)
{
	struct hip_locset *ls, *old;
	unsigned int n_old;

	ls = kzalloc(struct_size(ls, peer, HIP_LOCSET_MAX), GFP_KERNEL);
	if (!ls)
		return -ENOMEM;
	ls->max = HIP_LOCSET_MAX;
	spin_lock_bh(&ha->lock);
	old = rcu_dereference_protected(ha->locs, lockdep_is_held(&ha->lock));
	if (!old) {
		spin_unlock_bh(&ha->lock);
		kfree(ls);
		return -ENOENT;
	}
	ls->local = old->local;
	ls->cur = old->cur;
	ls->n = old->n;
	n_old = old->n;
	memcpy(ls->peer, old->peer, old->n * sizeof(old->peer[0]));
	hip_locset_merge(ls, e, n, flags, jiffies);
	rcu_assign_pointer(ha->locs, ls);
	spin_unlock_bh(&ha->lock);
	call_rcu(&old->rcu, hip_locset_free_rcu);
	hip_event_ha_locators(ha->hn, ha);
	return ls->n - n_old;
}

/* Is a locator of @ls past its lifetime?  *@next: jiffies to the next */
static bool hip_locset_expired(const struct hip_locset *ls, unsigned long now,
			       unsigned long *next)
{
	bool expired = false;
	unsigned int i;

	*next = MAX_JIFFY_OFFSET;
	for (i = 0; i < ls->n; i++) {
		const struct hip_locator *l = &ls->peer[i];
		unsigned long exp = hip_loc_expires(l);

		if (l->state == HIP_LOC_DEPRECATED || !hip_loc_bounded(l))
			continue;
		if (time_after_eq(now, exp))
			expired = true;
		else
			*next = min(*next, exp - now);
	}
	return expired;
}

unsigned long hip_ha_locators_expire(struct hip_ha *ha)
{
	unsigned long now = jiffies, next;
	struct hip_locset *ls, *old;
	unsigned int i;
	bool expired;

	rcu_read_lock();
	old = rcu_dereference(ha->locs);
	expired = old && hip_locset_expired(old, now, &next);
	rcu_read_unlock();
	if (!expired)
		return old ? next : MAX_JIFFY_OFFSET;
	ls = kzalloc(struct_size(ls, peer, HIP_LOCSET_MAX), GFP_KERNEL);
	if (!ls)
		return HZ;	/* try again soon */
	ls->max = HIP_LOCSET_MAX;
	spin_lock_bh(&ha->lock);
	old = rcu_dereference_protected(ha->locs, lockdep_is_held(&ha->lock));
	if (!old) {
		spin_unlock_bh(&ha->lock);
		kfree(ls);
		return MAX_JIFFY_OFFSET;
	}
	ls->local = old->local;
	ls->cur = old->cur;
	ls->n = old->n;
	memcpy(ls->peer, old->peer, old->n * sizeof(old->peer[0]));
	/* RFC 8046 5.1: UNVERIFIED/ACTIVE to DEPRECATED on expiry */
	for (i = 0; i < ls->n; i++) {
		struct hip_locator *l = &ls->peer[i];

		if (l->state != HIP_LOC_DEPRECATED && hip_loc_bounded(l) &&
		    time_after_eq(now, hip_loc_expires(l))) {
			l->state = HIP_LOC_DEPRECATED;
			l->since = now;
		}
	}
	hip_locset_expired(ls, now, &next);
	rcu_assign_pointer(ha->locs, ls);
	spin_unlock_bh(&ha->lock);
	call_rcu(&old->rcu, hip_locset_free_rcu);
	hip_event_ha_locators(ha->hn, ha);
	return next;
}

struct hip_locset *hip_locset_dup(const struct hip_locset *old,
				  unsigned int max, gfp_t gfp)
{
	struct hip_locset *ls;

	max = clamp_t(unsigned int, max, old ? old->n : 1, HIP_LOCSET_MAX);
	ls = kzalloc(struct_size(ls, peer, max), gfp);
	if (!ls)
		return NULL;
	ls->max = max;
	if (old) {
		ls->local = old->local;
		ls->n = old->n;
		ls->cur = old->cur;
		memcpy(ls->peer, old->peer, old->n * sizeof(old->peer[0]));
	}
	return ls;
}

void hip_ha_replace_locset(struct hip_ha *ha, struct hip_locset *ls)
{
	struct hip_locset *old;

	spin_lock_bh(&ha->lock);
	old = rcu_dereference_protected(ha->locs, lockdep_is_held(&ha->lock));
	rcu_assign_pointer(ha->locs, ls);
	spin_unlock_bh(&ha->lock);
	if (old)
		call_rcu(&old->rcu, hip_locset_free_rcu);
}

bool hip_ha_locators_rcu(const struct hip_ha *ha, struct hip_addr *local,
			 struct hip_addr *peer)
{
	const struct hip_locset *ls = rcu_dereference(ha->locs);

	if (!ls)
		return false;
	*local = ls->local;
	*peer = *hip_locset_peer(ls);
	return true;
}

/* Swap @sa into *@slot under @ha->lock; returns the SA it replaced */
static struct hip_esp_sa *hip_ha_swap_sa(struct hip_ha *ha,
					 struct hip_esp_sa __rcu **slot,
					 struct hip_esp_sa *sa)
{
	struct hip_esp_sa *old;

	old = rcu_replace_pointer(*slot, sa, lockdep_is_held(&ha->lock));
	if (old == sa && sa) {
		/* Same SA kept (the caller passed its own reference) */
		hip_esp_sa_put(old);
		old = NULL;
	}
	return old;
}

static void hip_ha_release_sas(struct hip_esp_sa *a, struct hip_esp_sa *b)
{
	if (!a && !b)
		return;
	/* Readers find SAs under RCU and take their own references for
	 * asynchronous crypto; wait for those still looking at the old ones.
	 */
	synchronize_rcu();
	if (a)
		hip_esp_sa_put(a);
	if (b)
		hip_esp_sa_put(b);
}

void hip_ha_set_sas(struct hip_ha *ha, enum hip_sa_slot slot,
		    struct hip_esp_sa *in, struct hip_esp_sa *out)
{
	struct hip_esp_sa *old_in, *old_out;

	spin_lock_bh(&ha->lock);
	old_in = hip_ha_swap_sa(ha, &ha->sa_in[slot], in);
	old_out = hip_ha_swap_sa(ha, &ha->sa_out[slot], out);
	spin_unlock_bh(&ha->lock);
	hip_ha_release_sas(old_in, old_out);
}

void hip_ha_set_sa_out(struct hip_ha *ha, enum hip_sa_slot slot,
		       struct hip_esp_sa *out)
{
	struct hip_esp_sa *old;

	spin_lock_bh(&ha->lock);
	old = hip_ha_swap_sa(ha, &ha->sa_out[slot], out);
	spin_unlock_bh(&ha->lock);
	hip_ha_release_sas(old, NULL);
}

void hip_ha_switch_sa_in(struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	struct hip_esp_sa *next, *old = NULL;

	might_sleep();
	spin_lock_bh(&hn->ha.lock);
	spin_lock(&ha->lock);
	next = rcu_dereference_protected(ha->sa_in[HIP_SA_NEXT],
					 lockdep_is_held(&ha->lock));
	if (next) {
		/* The packet path picks the SA by the packet's SPI, so the
		 * order of these steps does not matter to it; the new SPI
		 * stays in ha_spi_next until it is in ha_spi.
		 */
		old = hip_ha_swap_sa(ha, &ha->sa_in[HIP_SA_CUR], next);
		RCU_INIT_POINTER(ha->sa_in[HIP_SA_NEXT], NULL);
	}
	spin_unlock(&ha->lock);
	if (next) {
		hip_ha_set_spi_in_locked(ha, ha->spi_next);
		hip_ha_set_spi_next_locked(ha, 0);
	}
	spin_unlock_bh(&hn->ha.lock);
	hip_ha_release_sas(old, NULL);
}

void hip_ha_drop_sas(struct hip_ha *ha)
{
	struct hip_esp_sa *old[2 * HIP_SA_SLOTS];
	int i;

	spin_lock_bh(&ha->hn->ha.lock);
	hip_ha_set_spi_in_locked(ha, 0);
	hip_ha_set_spi_next_locked(ha, 0);
	spin_unlock_bh(&ha->hn->ha.lock);
	spin_lock_bh(&ha->lock);
	for (i = 0; i < HIP_SA_SLOTS; i++) {
		old[2 * i] = hip_ha_swap_sa(ha, &ha->sa_in[i], NULL);
		old[2 * i + 1] = hip_ha_swap_sa(ha, &ha->sa_out[i], NULL);
	}
	spin_unlock_bh(&ha->lock);
	for (i = 0; i < HIP_SA_SLOTS; i++)
		hip_ha_release_sas(old[2 * i], old[2 * i + 1]);
}

void hip_ha_table_uninit(struct hip_net *hn)
{
	struct hip_peer *p, *tmp;
	struct hip_ha *ha;

	for (;;) {
		spin_lock_bh(&hn->ha.lock);
		ha = list_first_entry_or_null(&hn->ha.ha_list, struct hip_ha,
					      list);
		if (ha)
			hip_ha_get(ha);
		spin_unlock_bh(&hn->ha.lock);
		if (!ha)
			break;
		mutex_lock(&hn->ha.bex_mutex);
		hip_ha_destroy(ha);
		mutex_unlock(&hn->ha.bex_mutex);
		/* Wait for a running work item of this HA */
		if (cancel_delayed_work_sync(&ha->work))
			hip_ha_put(ha);
		hip_ha_put(ha);
	}
	spin_lock_bh(&hn->ha.lock);
	list_for_each_entry_safe(p, tmp, &hn->ha.peer_list, list)
		hip_peer_unhash(hn, p);
	spin_unlock_bh(&hn->ha.lock);
}
