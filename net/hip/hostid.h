/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local host identities: key pairs whose public half names this host.
 */
#ifndef _HIP_HOSTID_H
#define _HIP_HOSTID_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rculist.h>
#include <linux/refcount.h>

struct hip_net;
struct hip_privkey;
struct netlink_ext_ack;

/**
 * struct hip_hi - a local host identity (HI)
 * @list: entry in &hip_hi_table.list; written under &hip_hi_table.lock,
 *	walked under that lock or under RCU
 * @rcu: deferred free, so that RCU readers of the list stay safe
 * @refcount: one reference is held by the table while @list is linked,
 *	others by whoever is using the HI (e.g. a base exchange signing with
 *	it); see hip_hi_get() / hip_hi_put()
 * @seq: position in the table, set once on insertion: a later insertion
 *	has a larger @seq, so the list is sorted by @seq (oldest first)
 * @hit: the HIT (ORCHIDv2) derived from @pubkey
 * @lsi: the LSI derived from @hit, network byte order
 * @bits: key size: RSA modulus bits, or 256 / 384 for ECDSA
 * @curve: enum hip_ecdsa_curve, ECDSA only (0 otherwise)
 * @algo: enum hip_hi_algo
 * @hit_suite: enum hip_hit_suite, the ORCHID OGA ID of @hit
 * @pubkey_len: length of @pubkey
 * @pubkey: the HOST_ID "Host Identity" field (RFC 7401 section 5.2.9), a
 *	copy of the public key of @key that RCU readers may still read
 *	after @key is gone
 * @key: the private key, to sign with (crypto.h).  Only touch it while
 *	holding a reference; it is wiped and freed as soon as the last
 *	reference goes away, before the RCU grace period.
 *
 * Everything except @list, @rcu and @refcount is set by hip_hi_create()
 * and never changes afterwards, so readers need no lock for it.
 */
struct hip_hi {
	struct list_head list;
	struct rcu_head rcu;
	refcount_t refcount;
	u64 seq;
	struct in6_addr hit;
	__be32 lsi;
	u32 bits;
	u16 curve;
	u8 algo;
	u8 hit_suite;
	u16 pubkey_len;
	u8 *pubkey;
	struct hip_privkey *key;
};

/**
 * struct hip_hi_table - the host identities of one network namespace
 * @lock: serializes all changes: @list, @default_hi, @count, @next_seq,
 *	@gen, and the notifications about them, which are therefore sent in
 *	the order of the changes.  Sleeping is allowed under it.
 * @list: all HIs, oldest first; RCU readers may walk it
 *	(hip_hi_for_each_rcu())
 * @default_hi: the default HI, NULL only if @list is empty.  It does not
 *	hold a reference of its own: an HI is unset as default before it is
 *	unlinked from @list, under @lock.  Read with rcu_dereference().
 * @count: number of HIs in @list, at most HIP_HI_MAX_PER_NETNS
 * @next_seq: &hip_hi.seq of the last inserted HI
 * @gen: incremented on every change; lets dumps flag inconsistency
 */
struct hip_hi_table {
	struct mutex lock;	/* serializes changes, see above */
	struct list_head list;
	struct hip_hi __rcu *default_hi;
	unsigned int count;
	u64 next_seq;
	unsigned int gen;
};

int hip_hi_init(void);
void hip_hi_uninit(void);
bool hip_hi_selftest(void);

void hip_hi_table_init(struct hip_hi_table *table);
void hip_hi_table_uninit(struct hip_hi_table *table);

/* Object lifetime */
struct hip_hi *hip_hi_create(u8 algo, u16 curve, const u8 *key,
			     size_t key_len, struct netlink_ext_ack *extack);
struct hip_hi *hip_hi_get(struct hip_hi *hi);
void hip_hi_put(struct hip_hi *hi);

/* Table changes; they take &hip_hi_table.lock and send notifications */
int hip_hi_insert(struct hip_net *hn, struct hip_hi *hi, bool make_default,
		  struct netlink_ext_ack *extack);
int hip_hi_remove(struct hip_net *hn, const struct in6_addr *hit,
		  struct netlink_ext_ack *extack);
int hip_hi_set_default(struct hip_net *hn, const struct in6_addr *hit,
		       struct netlink_ext_ack *extack);

/* These return a reference, to be dropped with hip_hi_put(): */
struct hip_hi *hip_hi_lookup(struct hip_net *hn, const struct in6_addr *hit);
struct hip_hi *hip_hi_get_default(struct hip_net *hn);

/* Must be called under rcu_read_lock(); no reference is taken: */
struct hip_hi *hip_hi_lookup_rcu(struct hip_net *hn,
				 const struct in6_addr *hit);

bool hip_hi_is_default(struct hip_net *hn, const struct hip_hi *hi);

/* Walk all HIs of @table, oldest first, under rcu_read_lock(). */
#define hip_hi_for_each_rcu(hi, table) \
	list_for_each_entry_rcu(hi, &(table)->list, list)

#endif /* _HIP_HOSTID_H */
