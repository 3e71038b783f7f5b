/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peers and host associations (HAs).
 *
 * A peer is configuration: a remote HIT, the LSI applications use for it,
 * and where to reach it.  A host association is the protocol state with
 * one peer HIT (RFC 7401 section 4.4): the state machine, the keys, the
 * ESP SAs in both directions, and the packets waiting for the exchange.
 * There is at most one HA per peer HIT in a namespace; the responder side
 * may create one for a HIT that is not a configured peer.
 *
 * Tables (per namespace, struct hip_ha_table): resizable hash tables
 * (rhashtable) of peers by HIT and by LSI, and of HAs by peer HIT, by peer
 * LSI and by inbound SPI, so that a lookup costs the same with ten or ten
 * thousand entries; plus an RCU list of each kind of object for walking
 * them all (dumps, namespace exit).
 *
 * Locking (per namespace, struct hip_ha_table):
 *   - @lock (spinlock, BH-safe) serializes every insertion into and
 *     removal from the tables and lists above (the rhashtables' own
 *     bucket locks are taken inside it), and keys of hashed objects never
 *     change while hashed (rehash = remove, change, insert, all under
 *     @lock).  Readers on the packet path use RCU only: rhashtable_lookup()
 *     and list_for_each_entry_rcu() under rcu_read_lock().
 *   - Each HA has its own @lock (spinlock, BH-safe) protecting @state,
 *     @queue and the fields the packet path reads together with @state;
 *     the data path reads @sa_out / @sa_in / @path through RCU.
 *   - Protocol processing (building and checking HIP packets, which sleeps
 *     for crypto) runs in process context on the HIP workqueue, serialized
 *     per namespace by &hip_ha_table.bex_mutex.  Only code holding it
 *     changes keys, SAs, HIs and the peer's public key of an HA.
 * Lifetime: refcounted; the table holds one reference while the HA is
 * hashed, a pending @work holds one, a pending asynchronous ESP operation
 * holds one.  Memory is freed after an RCU grace period.
 */
#ifndef _HIP_HA_H
#define _HIP_HA_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/hip.h>
#include <net/ipv6.h>

#include "crypto.h"

struct hip_net;
struct hip_hi;
struct hip_esp_sa;
struct hip_pubkey;
struct netlink_ext_ack;

/* An address that is either IPv4 (v4-mapped) or IPv6 */
struct hip_addr {
	struct in6_addr a;
};

static inline bool hip_addr_is_v4(const struct hip_addr *a)
{
	return ipv6_addr_v4mapped(&a->a);
}

static inline __be32 hip_addr_v4(const struct hip_addr *a)
{
	return a->a.s6_addr32[3];
}

static inline void hip_addr_set_v4(struct hip_addr *a, __be32 v4)
{
	ipv6_addr_set_v4mapped(v4, &a->a);
}

/**
 * struct hip_peer - a configured peer
 * @hnode: entry in &hip_ha_table.peers (by HIT), under the table lock
 * @lnode: entry in &hip_ha_table.peers_lsi (by LSI)
 * @list: entry in &hip_ha_table.peer_list
 * @rcu: deferred free
 * @hit: the peer's HIT
 * @lsi: the LSI local applications use for it
 * @n_locators: number of valid entries in @locators
 * @locators: where the peer can be reached, preferred first
 * Immutable once hashed (replace = unhash old + hash new).
 */
struct hip_peer {
	struct rhash_head hnode;
	struct rhash_head lnode;
	struct list_head list;
	struct rcu_head rcu;
	struct in6_addr hit;
	__be32 lsi;
	u8 n_locators;
	struct hip_addr locators[HIP_PEER_MAX_LOCATORS];
};

/**
 * struct hip_path - the locator pair an HA currently uses (RCU-replaced)
 * @local: our address
 * @peer: the peer's address, same family as @local
 */
struct hip_path {
	struct rcu_head rcu;
	struct hip_addr local;
	struct hip_addr peer;
};

#define HIP_ESP_KEY_MAX		64
#define HIP_HA_QUEUE_MAX	64	/* packets waiting for a BEX */

/**
 * struct hip_ha - a host association
 * @hnode: entry in &hip_ha_table.ha_hit (by peer HIT)
 * @lnode: entry in &hip_ha_table.ha_lsi (by peer LSI)
 * @snode: entry in &hip_ha_table.ha_spi (by @spi_in), when @spi_in != 0
 * @list: entry in &hip_ha_table.ha_list
 * @rcu: deferred free
 * @refcount: see the file comment
 * @hn: owning namespace state (no reference; HAs die before it)
 * @lock: protects @state, @queue, @dead, timers' bookkeeping
 * @state: enum hip_ha_state
 * @dead: unhashed; no new work may be scheduled
 * @initiator: we sent the I1 that led to the current keys
 * @local_hit: our HIT in this HA
 * @peer_hit: the peer's HIT
 * @local_lsi: our LSI, @peer_lsi: the LSI applications use for the peer
 * @path: current locators (RCU)
 * @spi_in: SPI of @sa_in (we chose it), 0 before keys exist
 * @spi_out: SPI of @sa_out (the peer chose it)
 * @sa_in: inbound ESP SA (RCU), @sa_out: outbound ESP SA (RCU)
 * @queue: data packets waiting for the exchange, at most HIP_HA_QUEUE_MAX
 * @work: retransmissions, expiry, flushing @queue (HIP workqueue)
 * @work_pending_flush: @work must flush @queue
 * Protocol fields, under &hip_ha_table.bex_mutex:
 * @hi: our host identity (reference)
 * @peer_pk: the peer's public key, once known
 * @hit_suite: RHASH of the exchange
 * @dh_group, @hip_cipher, @esp_suite: negotiated
 * @dh: our DH key (initiator; dropped once keys exist)
 * @hip_keys: HIP-gl/lg encryption and integrity keys (wiped on free)
 * @hip_enc_len: length of each HIP encryption key, @hip_auth_len of each
 *	integrity key (= RHASH length)
 * @esp_keys: ESP-gl/lg encryption and integrity keys, kept until both SAs
 *	exist (wiped on free); @esp_enc_len / @esp_auth_len their lengths
 * @peer_hostid: the peer's HOST_ID parameter as received (TLV with
 *	padding), for HIP_MAC_2; @peer_hostid_len its length
 * @want_bex: the packet path asks the work to start a base exchange
 * @retrans_pkt: packet to retransmit (I1/I2/CLOSE), @retrans_len its length
 * @retrans_count: retransmissions so far, @retrans_timeout: next timeout
 * @r2_pkt: last R2 we sent (to answer a retransmitted I2)
 * @r2_len: its length
 * @i2_solution_j: #J of the I2 we answered (recognize retransmissions)
 * @echo_nonce: our CLOSE nonce
 * @created: jiffies when the HA reached ESTABLISHED (or was created)
 * @last_used: jiffies of the last data packet in either direction
 * @state_since: jiffies of the last state change
 * @bex_start_ns: ktime_get_ns() when we sent the I1 of the current
 *	exchange (initiator), under bex_mutex
 * @bex_usec: duration of the last completed base exchange in microseconds
 *	(initiator: I1 sent to ESTABLISHED; responder: I2 processing until
 *	the R2 is sent), 0 if none
 * @synthetic: made by the bench facility, bench.c (no keys, no peer;
 *	never sends)
 * Counters (atomic, written on the packet path):
 * @pkts_in, @pkts_out, @bytes_in, @bytes_out, @drops
 */
struct hip_ha {
	struct rhash_head hnode;
	struct rhash_head lnode;
	struct rhash_head snode;
	struct list_head list;
	struct rcu_head rcu;
	refcount_t refcount;
	struct hip_net *hn;

	spinlock_t lock;	/* see above */
	u8 state;
	bool dead;
	bool initiator;
	bool lnode_hashed;
	bool snode_hashed;
	bool synthetic;

	struct in6_addr local_hit;
	struct in6_addr peer_hit;
	__be32 local_lsi;
	__be32 peer_lsi;
	struct hip_path __rcu *path;
	u32 spi_in;
	u32 spi_out;
	struct hip_esp_sa __rcu *sa_in;
	struct hip_esp_sa __rcu *sa_out;
	struct sk_buff_head queue;
	struct delayed_work work;

	struct hip_hi *hi;
	struct hip_pubkey *peer_pk;
	u8 hit_suite;
	u8 dh_group;
	u16 hip_cipher;
	u16 esp_suite;
	struct hip_dh_key *dh;
	u8 hip_keys[4][HIP_RHASH_MAX];
	u8 esp_keys[4][HIP_ESP_KEY_MAX];
	unsigned int esp_enc_len;
	unsigned int esp_auth_len;
	u8 *peer_hostid;
	unsigned int peer_hostid_len;
	bool want_bex;
	unsigned int hip_enc_len;
	unsigned int hip_auth_len;
	u8 *retrans_pkt;
	unsigned int retrans_len;
	unsigned int retrans_count;
	unsigned long retrans_timeout;
	u8 *r2_pkt;
	unsigned int r2_len;
	u8 i2_solution_j[HIP_RHASH_MAX];
	u8 echo_nonce[16];

	unsigned long created;
	unsigned long last_used;
	unsigned long state_since;
	u64 bex_start_ns;
	u32 bex_usec;

	atomic64_t pkts_in;
	atomic64_t pkts_out;
	atomic64_t bytes_in;
	atomic64_t bytes_out;
	atomic64_t drops;
};

/* Indices of struct hip_ha.hip_keys */
enum {
	HIP_KEY_GL_ENC,
	HIP_KEY_GL_AUTH,
	HIP_KEY_LG_ENC,
	HIP_KEY_LG_AUTH,
};

/**
 * struct hip_ha_table - peers and HAs of a namespace
 * @lock: serializes all changes of the tables and lists, and @n_peers /
 *	@n_has (BH-safe)
 * @bex_mutex: serializes protocol processing, see the file comment
 * @peers: configured peers by HIT, @peers_lsi: by LSI
 * @ha_hit: HAs by peer HIT, @ha_lsi: by peer LSI, @ha_spi: by inbound SPI
 * @peer_list: all hashed peers, @ha_list: all hashed HAs (RCU lists)
 * @n_peers, @n_has: counts
 * @n_synthetic: synthetic HAs (bench.c) among @n_has
 */
struct hip_ha_table {
	spinlock_t lock;	/* see above */
	struct mutex bex_mutex;	/* see above */
	struct rhashtable peers;
	struct rhashtable peers_lsi;
	struct rhashtable ha_hit;
	struct rhashtable ha_lsi;
	struct rhashtable ha_spi;
	struct list_head peer_list;
	struct list_head ha_list;
	unsigned int n_peers;
	unsigned int n_has;
	unsigned int n_synthetic;
};

int hip_ha_table_init(struct hip_ha_table *t);
/* Destroy all HAs and peers; the tables themselves stay until _free() */
void hip_ha_table_uninit(struct hip_net *hn);
void hip_ha_table_free(struct hip_ha_table *t);

/* Peers */
int hip_peer_add(struct hip_net *hn, const struct hip_peer *tmpl,
		 bool replace, struct netlink_ext_ack *extack);
int hip_peer_del(struct hip_net *hn, const struct in6_addr *hit,
		 struct netlink_ext_ack *extack);
/* Under rcu_read_lock(), no reference: */
struct hip_peer *hip_peer_lookup_rcu(struct hip_net *hn,
				     const struct in6_addr *hit);
struct hip_peer *hip_peer_lookup_lsi_rcu(struct hip_net *hn, __be32 lsi);

/* HAs: lookups under rcu_read_lock() without a reference ... */
struct hip_ha *hip_ha_lookup_rcu(struct hip_net *hn,
				 const struct in6_addr *peer_hit);
struct hip_ha *hip_ha_lookup_lsi_rcu(struct hip_net *hn, __be32 peer_lsi);
struct hip_ha *hip_ha_lookup_spi_rcu(struct hip_net *hn, u32 spi);
/* ... or with one, to be dropped with hip_ha_put() */
struct hip_ha *hip_ha_lookup(struct hip_net *hn,
			     const struct in6_addr *peer_hit);

struct hip_ha *hip_ha_get(struct hip_ha *ha);
void hip_ha_put(struct hip_ha *ha);

/*
 * Find or create the HA for @peer_hit (hashed, state UNASSOCIATED if new).
 * Returns a reference.  May be called from softirq (GFP_ATOMIC).
 */
struct hip_ha *hip_ha_find_or_create(struct hip_net *hn,
				     const struct in6_addr *local_hit,
				     const struct in6_addr *peer_hit,
				     __be32 local_lsi, __be32 peer_lsi,
				     gfp_t gfp);
/* Unhash @ha, drop its queue, cancel its work; the table's ref is dropped */
void hip_ha_destroy(struct hip_ha *ha);
/* Set the state (under ha->lock) and notify the monitor group */
void hip_ha_set_state(struct hip_ha *ha, u8 state);
/* Rehash @ha by a new inbound SPI (0 = unhash) */
void hip_ha_set_spi_in(struct hip_ha *ha, u32 spi);
/* Schedule @ha's work after @delay jiffies (takes a reference if queued) */
void hip_ha_schedule(struct hip_ha *ha, unsigned long delay);
/* Replace the path / SAs (old ones freed after RCU) */
void hip_ha_set_path(struct hip_ha *ha, const struct hip_addr *local,
		     const struct hip_addr *peer);
void hip_ha_set_sas(struct hip_ha *ha, struct hip_esp_sa *in,
		    struct hip_esp_sa *out);
/* Is an inbound SPI in use in this namespace? */
bool hip_ha_spi_in_use(struct hip_net *hn, u32 spi);

const char *hip_state_name(u8 state);

/* For the synthetic associations of bench.c: initialise a new zeroed HA
 * (state UNASSOCIATED, two references: the table's and the caller's), and
 * hash and list it under &hip_ha_table.lock (fails only when the HIT
 * table cannot grow).
 */
void hip_ha_init_fields(struct hip_net *hn, struct hip_ha *ha,
			const struct in6_addr *local_hit,
			const struct in6_addr *peer_hit,
			__be32 local_lsi, __be32 peer_lsi);
int hip_ha_hash_locked(struct hip_net *hn, struct hip_ha *ha);

extern struct workqueue_struct *hip_wq;

#endif /* _HIP_HA_H */
