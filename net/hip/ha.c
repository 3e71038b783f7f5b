// SPDX-License-Identifier: GPL-2.0
/*
 * Peers and host associations: tables, lookups, lifetime.  The locking
 * rules are in ha.h.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/jhash.h>
#include <linux/netlink.h>
#include <net/ipv6.h>

#include "ha.h"
#include "esp.h"
#include "main.h"
#include "netlink.h"
#include "pernet.h"

struct workqueue_struct *hip_wq;

static u32 hip_hit_hash(const struct in6_addr *hit)
{
	return jhash(hit, sizeof(*hit), 0);
}

static const char *const hip_state_names[] = {
	[HIP_STATE_UNASSOCIATED] = "UNASSOCIATED",
	[HIP_STATE_I1_SENT] = "I1-SENT",
	[HIP_STATE_I2_SENT] = "I2-SENT",
	[HIP_STATE_R2_SENT] = "R2-SENT",
	[HIP_STATE_ESTABLISHED] = "ESTABLISHED",
	[HIP_STATE_CLOSING] = "CLOSING",
	[HIP_STATE_CLOSED] = "CLOSED",
	[HIP_STATE_E_FAILED] = "E-FAILED",
};

const char *hip_state_name(u8 state)
{
	if (state < ARRAY_SIZE(hip_state_names))
		return hip_state_names[state];
	return "?";
}

void hip_ha_table_init(struct hip_ha_table *t)
{
	spin_lock_init(&t->lock);
	mutex_init(&t->bex_mutex);
	hash_init(t->peers);
	hash_init(t->peers_lsi);
	hash_init(t->ha_hit);
	hash_init(t->ha_lsi);
	hash_init(t->ha_spi);
	t->n_peers = 0;
	t->n_has = 0;
}

/* ---- peers ---- */

struct hip_peer *hip_peer_lookup_rcu(struct hip_net *hn,
				     const struct in6_addr *hit)
{
	struct hip_peer *p;

	hash_for_each_possible_rcu(hn->ha.peers, p, hnode, hip_hit_hash(hit))
		if (ipv6_addr_equal(&p->hit, hit))
			return p;
	return NULL;
}

struct hip_peer *hip_peer_lookup_lsi_rcu(struct hip_net *hn, __be32 lsi)
{
	struct hip_peer *p;

	hash_for_each_possible_rcu(hn->ha.peers_lsi, p, lnode, (__force u32)lsi)
		if (p->lsi == lsi)
			return p;
	return NULL;
}

static struct hip_peer *hip_peer_lookup_locked(struct hip_net *hn,
					       const struct in6_addr *hit)
{
	struct hip_peer *p;

	hash_for_each_possible(hn->ha.peers, p, hnode, hip_hit_hash(hit))
		if (ipv6_addr_equal(&p->hit, hit))
			return p;
	return NULL;
}

static void hip_peer_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct hip_peer, rcu));
	hip_object_destroyed();
}

static void hip_peer_unhash(struct hip_net *hn, struct hip_peer *p)
{
	hash_del_rcu(&p->hnode);
	hash_del_rcu(&p->lnode);
	hn->ha.n_peers--;
	call_rcu(&p->rcu, hip_peer_free_rcu);
}

int hip_peer_add(struct hip_net *hn, const struct hip_peer *tmpl,
		 bool replace, struct netlink_ext_ack *extack)
{
	struct hip_peer *p, *old, *other;
	struct hip_ha *ha;

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
	hash_for_each_possible(hn->ha.peers_lsi, other, lnode,
			       (__force u32)p->lsi) {
		if (other->lsi == p->lsi && other != old) {
			spin_unlock_bh(&hn->ha.lock);
			NL_SET_ERR_MSG(extack, "LSI already used by another peer");
			kfree(p);
			hip_object_destroyed();
			return -EADDRINUSE;
		}
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
	hash_add_rcu(hn->ha.peers, &p->hnode, hip_hit_hash(&p->hit));
	hash_add_rcu(hn->ha.peers_lsi, &p->lnode, (__force u32)p->lsi);
	hn->ha.n_peers++;
	/* An existing HA follows the peer's LSI */
	hash_for_each_possible(hn->ha.ha_hit, ha, hnode, hip_hit_hash(&p->hit)) {
		if (!ipv6_addr_equal(&ha->peer_hit, &p->hit))
			continue;
		if (ha->lnode_hashed)
			hash_del_rcu(&ha->lnode);
		ha->peer_lsi = p->lsi;
		hash_add_rcu(hn->ha.ha_lsi, &ha->lnode, (__force u32)p->lsi);
		ha->lnode_hashed = true;
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
	struct hip_ha *ha;

	hash_for_each_possible_rcu(hn->ha.ha_hit, ha, hnode,
				   hip_hit_hash(peer_hit))
		if (ipv6_addr_equal(&ha->peer_hit, peer_hit))
			return ha;
	return NULL;
}

struct hip_ha *hip_ha_lookup_lsi_rcu(struct hip_net *hn, __be32 peer_lsi)
{
	struct hip_ha *ha;

	hash_for_each_possible_rcu(hn->ha.ha_lsi, ha, lnode,
				   (__force u32)peer_lsi)
		if (ha->peer_lsi == peer_lsi)
			return ha;
	return NULL;
}

struct hip_ha *hip_ha_lookup_spi_rcu(struct hip_net *hn, u32 spi)
{
	struct hip_ha *ha;

	hash_for_each_possible_rcu(hn->ha.ha_spi, ha, snode, spi)
		if (ha->spi_in == spi)
			return ha;
	return NULL;
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

	kfree(rcu_access_pointer(ha->path));
	kfree(ha);
	hip_object_destroyed();
}

void hip_ha_put(struct hip_ha *ha)
{
	struct hip_esp_sa *sa;

	if (!refcount_dec_and_test(&ha->refcount))
		return;
	WARN_ON_ONCE(!ha->dead);
	skb_queue_purge(&ha->queue);
	sa = rcu_dereference_protected(ha->sa_in, true);
	if (sa)
		hip_esp_sa_put(sa);
	sa = rcu_dereference_protected(ha->sa_out, true);
	if (sa)
		hip_esp_sa_put(sa);
	if (ha->hi)
		hip_hi_put(ha->hi);
	if (ha->peer_pk)
		hip_pubkey_free(ha->peer_pk);
	if (ha->dh)
		hip_dh_put(ha->dh);
	kfree(ha->retrans_pkt);
	kfree(ha->r2_pkt);
	kfree(ha->peer_hostid);
	memzero_explicit(ha->hip_keys, sizeof(ha->hip_keys));
	memzero_explicit(ha->esp_keys, sizeof(ha->esp_keys));
	call_rcu(&ha->rcu, hip_ha_free_rcu);
}

static void hip_ha_work(struct work_struct *work);

struct hip_ha *hip_ha_find_or_create(struct hip_net *hn,
				     const struct in6_addr *local_hit,
				     const struct in6_addr *peer_hit,
				     __be32 local_lsi, __be32 peer_lsi,
				     gfp_t gfp)
{
	struct hip_ha *ha, *old;
	unsigned long now = jiffies;

	ha = hip_ha_lookup(hn, peer_hit);
	if (ha)
		return ha;
	if (READ_ONCE(hn->dying))
		return NULL;

	ha = kzalloc(sizeof(*ha), gfp);
	if (!ha)
		return NULL;
	hip_object_created();
	refcount_set(&ha->refcount, 2);	/* table + caller */
	ha->hn = hn;
	spin_lock_init(&ha->lock);
	ha->state = HIP_STATE_UNASSOCIATED;
	ha->local_hit = *local_hit;
	ha->peer_hit = *peer_hit;
	ha->local_lsi = local_lsi;
	ha->peer_lsi = peer_lsi;
	skb_queue_head_init(&ha->queue);
	INIT_DELAYED_WORK(&ha->work, hip_ha_work);
	ha->created = now;
	ha->last_used = now;
	ha->state_since = now;
	atomic64_set(&ha->pkts_in, 0);
	atomic64_set(&ha->pkts_out, 0);
	atomic64_set(&ha->bytes_in, 0);
	atomic64_set(&ha->bytes_out, 0);
	atomic64_set(&ha->drops, 0);

	spin_lock_bh(&hn->ha.lock);
	/* Lost a race with another creator? */
	hash_for_each_possible(hn->ha.ha_hit, old, hnode, hip_hit_hash(peer_hit)) {
		if (ipv6_addr_equal(&old->peer_hit, peer_hit) &&
		    refcount_inc_not_zero(&old->refcount)) {
			spin_unlock_bh(&hn->ha.lock);
			ha->dead = true;
			kfree(ha);
			hip_object_destroyed();
			return old;
		}
	}
	if (hn->dying) {
		spin_unlock_bh(&hn->ha.lock);
		kfree(ha);
		hip_object_destroyed();
		return NULL;
	}
	hash_add_rcu(hn->ha.ha_hit, &ha->hnode, hip_hit_hash(peer_hit));
	if (peer_lsi) {
		hash_add_rcu(hn->ha.ha_lsi, &ha->lnode, (__force u32)peer_lsi);
		ha->lnode_hashed = true;
	}
	hn->ha.n_has++;
	spin_unlock_bh(&hn->ha.lock);
	return ha;
}

void hip_ha_set_spi_in(struct hip_ha *ha, u32 spi)
{
	struct hip_net *hn = ha->hn;

	spin_lock_bh(&hn->ha.lock);
	if (ha->snode_hashed) {
		hash_del_rcu(&ha->snode);
		ha->snode_hashed = false;
	}
	WRITE_ONCE(ha->spi_in, spi);
	if (spi && !ha->dead) {
		hash_add_rcu(hn->ha.ha_spi, &ha->snode, spi);
		ha->snode_hashed = true;
	}
	spin_unlock_bh(&hn->ha.lock);
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
		hash_del_rcu(&ha->hnode);
		if (ha->lnode_hashed)
			hash_del_rcu(&ha->lnode);
		if (ha->snode_hashed)
			hash_del_rcu(&ha->snode);
		ha->lnode_hashed = false;
		ha->snode_hashed = false;
		hn->ha.n_has--;
	}
	spin_unlock_bh(&hn->ha.lock);
	if (was_dead)
		return;

	hip_nl_notify_ha_state(ha, HIP_STATE_UNASSOCIATED);
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

void hip_ha_set_state(struct hip_ha *ha, u8 state)
{
	bool changed;

	spin_lock_bh(&ha->lock);
	changed = ha->state != state;
	ha->state = state;
	ha->state_since = jiffies;
	spin_unlock_bh(&ha->lock);
	if (changed)
		hip_nl_notify_ha_state(ha, state);
}

static void hip_path_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct hip_path, rcu));
}

void hip_ha_set_path(struct hip_ha *ha, const struct hip_addr *local,
		     const struct hip_addr *peer)
{
	struct hip_path *p, *old;

	p = kzalloc(sizeof(*p), GFP_ATOMIC);
	if (!p)
		return;
	p->local = *local;
	p->peer = *peer;
	spin_lock_bh(&ha->lock);
	old = rcu_replace_pointer(ha->path, p, lockdep_is_held(&ha->lock));
	spin_unlock_bh(&ha->lock);
	if (old)
		call_rcu(&old->rcu, hip_path_free_rcu);
}

void hip_ha_set_sas(struct hip_ha *ha, struct hip_esp_sa *in,
		    struct hip_esp_sa *out)
{
	struct hip_esp_sa *old_in, *old_out;

	spin_lock_bh(&ha->lock);
	old_in = rcu_replace_pointer(ha->sa_in, in, lockdep_is_held(&ha->lock));
	old_out = rcu_replace_pointer(ha->sa_out, out,
				      lockdep_is_held(&ha->lock));
	spin_unlock_bh(&ha->lock);
	if (old_in == in && in) {
		/* Same SA kept (the caller passed its own reference) */
		hip_esp_sa_put(old_in);
		old_in = NULL;
	}
	if (!old_in && !old_out)
		return;
	/* Readers find SAs under RCU and take their own references for
	 * asynchronous crypto; wait for those still looking at the old ones.
	 */
	synchronize_rcu();
	if (old_in)
		hip_esp_sa_put(old_in);
	if (old_out)
		hip_esp_sa_put(old_out);
}

/* The protocol side of the work lives in bex.c */
void hip_bex_ha_work(struct hip_ha *ha);

static void hip_ha_work(struct work_struct *work)
{
	struct hip_ha *ha = container_of(to_delayed_work(work), struct hip_ha,
					 work);

	if (!READ_ONCE(ha->dead))
		hip_bex_ha_work(ha);
	hip_ha_put(ha);
}

void hip_ha_table_uninit(struct hip_net *hn)
{
	struct hip_peer *p;
	struct hlist_node *tmp;
	struct hip_ha *ha;
	int bkt;

	for (;;) {
		ha = NULL;
		spin_lock_bh(&hn->ha.lock);
		hash_for_each(hn->ha.ha_hit, bkt, ha, hnode) {
			hip_ha_get(ha);
			break;
		}
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
	hash_for_each_safe(hn->ha.peers, bkt, tmp, p, hnode)
		hip_peer_unhash(hn, p);
	spin_unlock_bh(&hn->ha.lock);
}
