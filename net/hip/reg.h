/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registration state (RFC 8003) shared by reg.c, which keeps it, and
 * rvs.c, which relays for it (RFC 8004).
 *
 * Per namespace (struct hip_reg_net):
 *   - the service offer of the registrar (@srv, RCU-replaced whole);
 *   - the registrations we granted, hashed by the requester's HIT (@granted);
 *   - the registrations we hold or ask for at registrars (@held).
 * A registration is one struct hip_reg per (HIT, type).
 *
 * Locking: @lock (BH-safe) serializes insertions into and removals from
 * @granted and @held, and the writes of the mutable fields of a hashed
 * entry (@state, @lifetime, @want, @failure, @expires, @due); readers on
 * the packet path walk the lists under RCU and read those fields with
 * READ_ONCE().  @ha and @mac are fixed for the life of an entry (a new
 * association or key means a new entry).  @pend (answers the registrar
 * owes) is under &hip_ha_table.bex_mutex, like all protocol processing.
 * Entries are freed after an RCU grace period in process context (they
 * hold a crypto transform and an association reference).
 */
#ifndef _HIP_REG_H
#define _HIP_REG_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/in6.h>

#include "wire.h"

struct hip_ha;
struct crypto_shash;

#define HIP_REG_HASH_BITS	10
#define HIP_REG_ALLOW_MAX	64	/* HITs in a registrar's allow-list */
#define HIP_REG_MAX		65536	/* registrations granted per netns */

/**
 * struct hip_reg_srv - what the registrar offers (immutable once published)
 * @rcu: deferred free
 * @min_lt: minimum lifetime, RFC 8003 encoding (4.1)
 * @max_lt: maximum lifetime, same encoding
 * @n_types: entries in @types
 * @types: the registration types offered, in REG_INFO order
 * @n_allow: entries in @allow; 0 = open policy
 * @allow: the HITs allowed to register (allow-list policy)
 */
struct hip_reg_srv {
	struct rcu_head rcu;
	u8 min_lt;
	u8 max_lt;
	u8 n_types;
	u8 types[HIP_REG_TYPES_MAX];
	u16 n_allow;
	struct in6_addr allow[];
};

/**
 * struct hip_reg - one registration, granted or held
 * @node: entry in a bucket of &hip_reg_net.granted or in &hip_reg_net.held
 * @free: deferred free (after RCU, in process context)
 * @hit: registrar side: the requester's HIT; requester side: the
 *	registrar's HIT
 * @ha: the registration association (reference), NULL while none
 * @mac: HMAC keyed with the association's integrity key of the
 *	registrar's direction (RVS_HMAC, RFC 8004 4.2.1); NULL while none
 * @hmac_len: its output length
 * @type: registration type
 * @registrar: in &hip_reg_net.granted
 * @state: enum hip_reg_state (uapi)
 * @lifetime: granted lifetime (encoded); requester: 0 until granted
 * @want: requester: the lifetime to ask for (encoded, 0 = cancel)
 * @failure: requester: Failure Type of the last REG_FAILED
 * @expires: jiffies when the registration ends (granted only)
 * @due: requester: when to send the next REG_REQUEST (renewal)
 */
struct hip_reg {
	struct hlist_node node;
	struct rcu_work free;
	struct in6_addr hit;
	struct hip_ha *ha;
	struct crypto_shash *mac;
	u8 hmac_len;
	u8 type;
	bool registrar;
	u8 state;
	u8 lifetime;
	u8 want;
	u8 failure;
	unsigned long expires;
	unsigned long due;
};

/**
 * struct hip_reg_net - registration state of a namespace
 * @hn: the namespace
 * @lock: see the file comment
 * @srv: the service offer, NULL when no service is enabled
 * @n_granted: entries in @granted
 * @granted: registrations we granted, by the requester's HIT
 * @held: registrations we hold or ask for
 * @pend: answers (struct hip_reg_ans) owed to requesters, for the next
 *	R2 or UPDATE to them
 * @work: expiry and renewal, every HIP_REG_TICK while anything is there
 */
struct hip_reg_net {
	struct hip_net *hn;
	spinlock_t lock;	/* see above */
	struct hip_reg_srv __rcu *srv;
	unsigned int n_granted;
	struct hlist_head granted[1 << HIP_REG_HASH_BITS];
	struct hlist_head held;
	struct list_head pend;
	struct delayed_work work;
};

/* Registrar: our registration of @hit for @type, under rcu_read_lock() */
struct hip_reg *hip_reg_granted_rcu(struct hip_reg_net *rn,
				    const struct in6_addr *hit, u8 type);
/* Is the registration usable now (granted, not expired, association up) */
bool hip_reg_live(const struct hip_reg *r);

#endif /* _HIP_REG_H */
