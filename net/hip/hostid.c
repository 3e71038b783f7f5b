// SPDX-License-Identifier: GPL-2.0
/*
 * Local host identities.
 *
 * A host identity (HI) is a key pair; its public half, encoded as the
 * "Host Identity" field of a HOST_ID parameter, hashes to the HIT
 * (hit.c).  User space hands us the private key over netlink; crypto.c
 * checks it and derives the public key (struct hip_privkey), so a HI can
 * never claim a public key that does not belong to its private key.
 *
 * Supported: RSA (2048..4096 bits; HIT suite 1) and ECDSA on NIST P-256 and
 * P-384 (HIT suite 2).  EdDSA is refused: the kernel has no Ed25519/Ed448.
 *
 * Locking and lifetime:
 * - Each namespace has a struct hip_hi_table; its mutex serializes all
 *   changes to the table and the notifications about them.
 * - Readers walk the list under RCU, and take a reference with
 *   refcount_inc_not_zero() if they need the HI beyond the read section.
 * - Removal: unlink under the mutex (list_del_rcu), then drop the table's
 *   reference.  The last hip_hi_put() wipes and frees the private key at
 *   once and frees the rest after an RCU grace period, as RCU readers may
 *   still look at the public fields.  Module exit waits for those
 *   callbacks with rcu_barrier() before destroying the slab cache.
 * - The private key lives in its struct hip_privkey only, which
 *   hip_privkey_free() wipes; the HI keeps its own copy of the public key
 *   for RCU readers.
 */

#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <net/ipv6.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/hip.h>

#include "crypto.h"
#include "hostid.h"
#include "hit.h"
#include "common.h"
#include "events.h"
#include "pernet.h"

static struct kmem_cache *hip_hi_cache;

/* Frees an HI that is not (or no longer) reachable by anyone. */
static void hi_destroy(struct hip_hi *hi)
{
	hip_privkey_free(hi->key);
	kfree(hi->pubkey);
	kmem_cache_free(hip_hi_cache, hi);
	hip_object_destroyed();
}

static void hi_destroy_rcu(struct rcu_head *rcu)
{
	hi_destroy(container_of(rcu, struct hip_hi, rcu));
}

/**
 * hip_hi_get() - take another reference to an HI
 * @hi: an HI the caller already holds a reference to
 *
 * Return: @hi
 */
struct hip_hi *hip_hi_get(struct hip_hi *hi)
{
	refcount_inc(&hi->refcount);
	return hi;
}

/**
 * hip_hi_put() - drop a reference to an HI
 * @hi: the HI, or NULL
 *
 * May be called in any context.  The last reference wipes the private key
 * immediately and frees the object after an RCU grace period.
 */
void hip_hi_put(struct hip_hi *hi)
{
	if (!hi || !refcount_dec_and_test(&hi->refcount))
		return;

	hip_privkey_free(hi->key);
	hi->key = NULL;
	call_rcu(&hi->rcu, hi_destroy_rcu);
}

/**
 * hip_hi_create() - make an HI from a private key
 * @algo: enum hip_hi_algo
 * @curve: enum hip_ecdsa_curve for ECDSA, ignored otherwise
 * @key: the private key in the format of HIP_A_HI_PRIVKEY (uapi hip.h)
 * @key_len: length of @key
 * @extack: for the reason of a failure, may be NULL
 *
 * Validates the key, derives the public key, HIT and LSI.  May sleep.
 *
 * Return: a new HI with one reference, not in any table, or an ERR_PTR().
 */
struct hip_hi *hip_hi_create(u8 algo, u16 curve, const u8 *key,
			     size_t key_len, struct netlink_ext_ack *extack)
{
	struct hip_privkey *k;
	const u8 *pub;
	unsigned int pub_len;
	struct hip_hi *hi;
	int err;

	k = hip_privkey_create(algo, curve, key, key_len, extack);
	if (IS_ERR(k))
		return ERR_CAST(k);

	hi = kmem_cache_zalloc(hip_hi_cache, GFP_KERNEL);
	if (!hi) {
		hip_privkey_free(k);
		return ERR_PTR(-ENOMEM);
	}
	hip_object_created();
	refcount_set(&hi->refcount, 1);
	INIT_LIST_HEAD(&hi->list);
	hi->key = k;
	hi->algo = algo;
	hi->curve = algo == HIP_HI_ECDSA ? curve : 0;
	hi->bits = hip_privkey_bits(k);
	hi->hit_suite = algo == HIP_HI_RSA ? HIP_HIT_SUITE_RSA_DSA_SHA256 :
					     HIP_HIT_SUITE_ECDSA_SHA384;
	pub = hip_privkey_pubkey(k, &pub_len);
	hi->pubkey = kmemdup(pub, pub_len, GFP_KERNEL);
	if (!hi->pubkey) {
		err = -ENOMEM;
		goto err_destroy;
	}
	hi->pubkey_len = pub_len;

	err = hip_hit_derive(hi->hit_suite, hi->pubkey, hi->pubkey_len,
			     &hi->hit);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot compute the HIT (hash unavailable?)");
		goto err_destroy;
	}
	hi->lsi = hip_hit_to_lsi(&hi->hit);
	return hi;

err_destroy:
	hi_destroy(hi);
	return ERR_PTR(err);
}

static struct hip_hi *hi_find(struct hip_hi_table *table,
			      const struct in6_addr *hit)
{
	struct hip_hi *hi;

	list_for_each_entry_rcu(hi, &table->list, list,
				lockdep_is_held(&table->lock))
		if (ipv6_addr_equal(&hi->hit, hit))
			return hi;
	return NULL;
}

static struct hip_hi *hi_default_locked(struct hip_hi_table *table)
{
	return rcu_dereference_protected(table->default_hi,
					 lockdep_is_held(&table->lock));
}

/* Dumps read @gen without the lock (hip_nl_hi_dump()). */
static void hi_table_changed(struct hip_hi_table *table)
{
	lockdep_assert_held(&table->lock);
	WRITE_ONCE(table->gen, table->gen + 1);
}

/* Makes @hi the default and notifies, if it is not already the default. */
static void hi_set_default_locked(struct hip_net *hn, struct hip_hi *hi)
{
	struct hip_hi_table *table = &hn->hi;

	lockdep_assert_held(&table->lock);
	if (hi_default_locked(table) == hi)
		return;
	rcu_assign_pointer(table->default_hi, hi);
	if (hi)
		hip_event_hi(hn, HIP_EVENT_HI_CHANGE, hi, true);
}

/**
 * hip_hi_insert() - add an HI to the table of a namespace
 * @hn: the namespace
 * @hi: a new HI from hip_hi_create(); the caller keeps its reference
 * @make_default: make @hi the default HI
 * @extack: for the reason of a failure
 *
 * The first HI of a namespace always becomes the default.  Sends
 * HIP_CMD_HI_ADD_NTF, then HIP_CMD_HI_CHANGE_NTF if the default changed.
 *
 * Return: 0, -ENOSPC if the namespace has HIP_HI_MAX_PER_NETNS HIs, or
 * -EEXIST if the HIT or the LSI is already in use.
 */
int hip_hi_insert(struct hip_net *hn, struct hip_hi *hi, bool make_default,
		  struct netlink_ext_ack *extack)
{
	struct hip_hi_table *table = &hn->hi;
	struct hip_hi *iter;
	int err = 0;

	mutex_lock(&table->lock);
	if (table->count >= HIP_HI_MAX_PER_NETNS) {
		NL_SET_ERR_MSG(extack,
			       "too many host identities in this namespace");
		err = -ENOSPC;
		goto out;
	}
	list_for_each_entry(iter, &table->list, list) {
		if (ipv6_addr_equal(&iter->hit, &hi->hit)) {
			NL_SET_ERR_MSG(extack,
				       "a host identity with this HIT already exists");
			err = -EEXIST;
			goto out;
		}
		if (iter->lsi == hi->lsi) {
			NL_SET_ERR_MSG(extack,
				       "the LSI of this host identity collides with an existing one");
			err = -EEXIST;
			goto out;
		}
	}

	hi->seq = ++table->next_seq;
	list_add_tail_rcu(&hip_hi_get(hi)->list, &table->list);
	table->count++;
	hi_table_changed(table);

	if (!hi_default_locked(table) || make_default) {
		rcu_assign_pointer(table->default_hi, hi);
		hip_event_hi(hn, HIP_EVENT_HI_ADD, hi, true);
		hip_event_hi(hn, HIP_EVENT_HI_CHANGE, hi, true);
	} else {
		hip_event_hi(hn, HIP_EVENT_HI_ADD, hi, false);
	}
out:
	mutex_unlock(&table->lock);
	return err;
}

/**
 * hip_hi_remove() - delete an HI from the table of a namespace
 * @hn: the namespace
 * @hit: the HIT of the HI
 * @extack: for the reason of a failure
 *
 * If it was the default, the oldest remaining HI becomes the default.
 * Sends HIP_CMD_HI_DEL_NTF, then HIP_CMD_HI_CHANGE_NTF if there is a new
 * default.
 *
 * Return: 0 or -ENOENT.
 */
int hip_hi_remove(struct hip_net *hn, const struct in6_addr *hit,
		  struct netlink_ext_ack *extack)
{
	struct hip_hi *hi, *iter, *new_default = NULL;
	struct hip_hi_table *table = &hn->hi;
	bool was_default;

	mutex_lock(&table->lock);
	hi = hi_find(table, hit);
	if (!hi) {
		mutex_unlock(&table->lock);
		NL_SET_ERR_MSG(extack, "no host identity with this HIT");
		return -ENOENT;
	}

	/* Replace the default before unlinking, so that the default is
	 * always in the list.  The oldest other HI is the first one.
	 */
	was_default = hi_default_locked(table) == hi;
	if (was_default) {
		list_for_each_entry(iter, &table->list, list) {
			if (iter != hi) {
				new_default = iter;
				break;
			}
		}
		rcu_assign_pointer(table->default_hi, new_default);
	}
	list_del_rcu(&hi->list);
	table->count--;
	hi_table_changed(table);

	hip_event_hi(hn, HIP_EVENT_HI_DEL, hi, false);
	if (new_default)
		hip_event_hi(hn, HIP_EVENT_HI_CHANGE, new_default, true);
	mutex_unlock(&table->lock);

	hip_hi_put(hi);
	return 0;
}

/**
 * hip_hi_set_default() - make an HI the default of its namespace
 * @hn: the namespace
 * @hit: the HIT of the HI
 * @extack: for the reason of a failure
 *
 * Sends HIP_CMD_HI_CHANGE_NTF if the default changed.
 *
 * Return: 0 or -ENOENT.
 */
int hip_hi_set_default(struct hip_net *hn, const struct in6_addr *hit,
		       struct netlink_ext_ack *extack)
{
	struct hip_hi_table *table = &hn->hi;
	struct hip_hi *hi;

	mutex_lock(&table->lock);
	hi = hi_find(table, hit);
	if (hi) {
		if (hi_default_locked(table) != hi)
			hi_table_changed(table);
		hi_set_default_locked(hn, hi);
	}
	mutex_unlock(&table->lock);

	if (!hi) {
		NL_SET_ERR_MSG(extack, "no host identity with this HIT");
		return -ENOENT;
	}
	return 0;
}

/**
 * hip_hi_lookup_rcu() - find an HI by HIT
 * @hn: the namespace
 * @hit: the HIT
 *
 * Must be called under rcu_read_lock(); the result is only valid until
 * rcu_read_unlock().
 */
struct hip_hi *hip_hi_lookup_rcu(struct hip_net *hn,
				 const struct in6_addr *hit)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(),
			 "HI lookup without rcu_read_lock()");
	return hi_find(&hn->hi, hit);
}

/**
 * hip_hi_lookup() - find an HI by HIT and take a reference
 * @hn: the namespace
 * @hit: the HIT
 *
 * Return: the HI, to be released with hip_hi_put(), or NULL.
 */
struct hip_hi *hip_hi_lookup(struct hip_net *hn, const struct in6_addr *hit)
{
	struct hip_hi *hi;

	rcu_read_lock();
	hi = hi_find(&hn->hi, hit);
	if (hi && !refcount_inc_not_zero(&hi->refcount))
		hi = NULL;
	rcu_read_unlock();
	return hi;
}

/**
 * hip_hi_get_default() - take a reference to the default HI
 * @hn: the namespace
 *
 * Return: the HI, to be released with hip_hi_put(), or NULL if there is no
 * HI in the namespace.
 */
struct hip_hi *hip_hi_get_default(struct hip_net *hn)
{
	struct hip_hi *hi;

	rcu_read_lock();
	hi = rcu_dereference(hn->hi.default_hi);
	if (hi && !refcount_inc_not_zero(&hi->refcount))
		hi = NULL;
	rcu_read_unlock();
	return hi;
}

/**
 * hip_hi_is_default() - whether @hi is the default HI right now
 * @hn: the namespace
 * @hi: the HI
 */
bool hip_hi_is_default(struct hip_net *hn, const struct hip_hi *hi)
{
	return rcu_access_pointer(hn->hi.default_hi) == hi;
}

void hip_hi_table_init(struct hip_hi_table *table)
{
	mutex_init(&table->lock);
	INIT_LIST_HEAD(&table->list);
	RCU_INIT_POINTER(table->default_hi, NULL);
	table->count = 0;
	table->next_seq = 0;
	table->gen = 0;
}

/**
 * hip_hi_table_uninit() - remove all HIs of a dying namespace
 * @table: the table
 *
 * Sends no notifications.  The private keys are wiped as soon as nobody
 * else holds a reference.
 */
void hip_hi_table_uninit(struct hip_hi_table *table)
{
	struct hip_hi *hi, *tmp;

	mutex_lock(&table->lock);
	RCU_INIT_POINTER(table->default_hi, NULL);
	list_for_each_entry_safe(hi, tmp, &table->list, list) {
		list_del_rcu(&hi->list);
		table->count--;
		hip_hi_put(hi);
	}
	hi_table_changed(table);
	mutex_unlock(&table->lock);
	mutex_destroy(&table->lock);
}

int __init hip_hi_init(void)
{
	hip_hi_cache = KMEM_CACHE(hip_hi, 0);
	return hip_hi_cache ? 0 : -ENOMEM;
}

void hip_hi_uninit(void)
{
	/* Wait for hi_destroy_rcu() callbacks, which use the cache. */
	rcu_barrier();
	kmem_cache_destroy(hip_hi_cache);
}

#include "selftest/hostid.c"
