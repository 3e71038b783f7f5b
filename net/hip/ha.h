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

#include "keys.h"

struct hip_net;
struct hip_hi;
struct hip_esp_sa;
struct hip_pubkey;
struct hip_dh_key;
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
 * @has_rvs: @rvs is set
 * @rvs: the peer's rendezvous server (RFC 8004): where the I1 goes when
 *	there is no locator
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
	bool has_rvs;
	struct hip_addr rvs;
};

/* Per-locator state (RFC 8046 section 5.4 uses the same three) */
enum hip_loc_state {
	HIP_LOC_UNVERIFIED,	/* announced, reachability not yet shown */
	HIP_LOC_ACTIVE,		/* in use, verified */
	HIP_LOC_DEPRECATED,	/* no longer used, kept while it may be again */
};

#define HIP_LOCSET_MAX		HIP_PEER_MAX_LOCATORS

/**
 * struct hip_locator - one of the peer's locators
 * @addr: the address
 * @state: enum hip_loc_state
 * @preferred: the peer set the P bit on it in its last LOCATOR_SET
 * @lifetime: seconds it stays valid, 0 = as long as the association
 * @since: jiffies when @state was set
 * @refreshed: jiffies when @lifetime was received (RFC 8046 4: the
 *	lifetime counts from the reception of the message)
 */
struct hip_locator {
	struct hip_addr addr;
	u8 state;
	bool preferred;
	u32 lifetime;
	unsigned long since;
	unsigned long refreshed;
};

/**
 * struct hip_loc_entry - one Locator of a received LOCATOR_SET (RFC 8046
 *	section 4), as hip_locator_set_parse() (locator.c) reads it
 * @addr: the address (IPv4 as v4-mapped)
 * @spi: the SPI of a type-1 Locator, 0 for type 0
 * @lifetime: Locator Lifetime, seconds (0xffffffff: unbounded)
 * @traffic: Traffic Type (HIP_LOC_TRAFFIC_*)
 * @preferred: the P bit
 * @type: Locator Type (HIP_LOCTYPE_ADDR or HIP_LOCTYPE_ESP)
 */
struct hip_loc_entry {
	struct hip_addr addr;
	u32 spi;
	u32 lifetime;
	u8 traffic;
	bool preferred;
	u8 type;
};

/**
 * struct hip_locset - the locators of an association (RCU-replaced whole)
 * @rcu: deferred free
 * @local: our address for the current pair
 * @n: entries in @peer
 * @max: room in @peer (at most HIP_LOCSET_MAX; sized to what it holds)
 * @cur: index in @peer of the locator packets go to (ACTIVE)
 * @peer: the peer's locators
 */
struct hip_locset {
	struct rcu_head rcu;
	struct hip_addr local;
	u8 n;
	u8 max;
	u8 cur;
	struct hip_locator peer[] __counted_by(max);
};

static inline const struct hip_addr *
hip_locset_peer(const struct hip_locset *ls)
{
	return &ls->peer[ls->cur].addr;
}

/**
 * struct hip_xchg - the HIP packet exchange in progress with the peer
 * @retrans_pkt: packet to retransmit (I1/I2/CLOSE), @retrans_len its length
 * @retrans_count: retransmissions so far, @retrans_timeout: next timeout
 * @r2_pkt: last R2 we sent (to answer a retransmitted I2), @r2_len
 * @r2_resent: jiffies when @r2_pkt was last re-sent, 0 if never
 * @i2_solution: #I and #J of the I2 we answered (recognize repeats)
 * @echo_nonce: our CLOSE nonce (ECHO_REQUEST_SIGNED)
 * @discard: in CLOSED: our CLOSE was acknowledged, discard the state at
 *	once (RFC 7401 Tables 7, 8) rather than after the CLOSED hold time
 * @start_ns: ktime_get_ns() when we sent the I1 (initiator), 0 if none
 * @r1_gen: R1 generation counter of the R1 we answered (initiator, RFC
 *	7401 6.8 step 11), 0 if it had none
 * All under &hip_ha_table.bex_mutex.
 */
struct hip_xchg {
	u8 *retrans_pkt;
	unsigned int retrans_len;
	unsigned int retrans_count;
	unsigned long retrans_timeout;
	u8 *r2_pkt;
	unsigned int r2_len;
	unsigned long r2_resent;
	u8 i2_solution[2 * HIP_RHASH_MAX];
	u8 echo_nonce[16];
	bool discard;
	u64 start_ns;
	u64 r1_gen;
};

/**
 * struct hip_update - UPDATE state of an association (update.c; RFC 7401
 * sections 6.11, 6.12; RFC 8046)
 * @seq_next: our next Update ID (the first UPDATE has 0, 6.11 step 1)
 * @peer_next: the peer's next expected Update ID, and @peer_seen: bit i set
 *	when Update ID @peer_next - 1 - i was processed (duplicates are
 *	ACKed again, not reprocessed: 6.12); @peer_any: any processed yet
 * @pkt, @len: our outstanding UPDATE (one at a time, 6.11), NULL if none;
 *	@seq its Update ID, @what the HIP_UPD_* it carries, @retries and
 *	@rto_at its retransmission timer, @dst where it goes
 * @nonce: ECHO_REQUEST_SIGNED nonce of the address check of @check
 *	(RFC 8046 5.4), valid while @checking
 * @ack_pkt, @ack_len: the last UPDATE we sent carrying an ACK, for
 *	retransmitted UPDATEs (6.12.1 step 2), @ack_seq the Update ID it
 *	ACKs, @ack_sent when it was last sent (rate limit)
 * @locset_hash: hash of the last LOCATOR_SET processed (duplicates are not
 *	reprocessed, RFC 8046 5.3)
 * @rtt: smoothed round-trip time of UPDATE/ACK exchanges (jiffies), 0 =
 *	unknown
 * @sent_at: jiffies when @pkt was first sent
 * @last_in: jiffies of the last packet from the peer (failover)
 * @check_src: our address the address check was sent from
 * @probe: the address check is a probe of the locator in use (failover)
 * @fo_in: @pkts_in when the path was last watched
 * @fo_out: @pkts_out when @last_in was set: more than that, we sent into
 *	the silence since
 * @laddr_gen: hip_local_addrs_gen() of the addresses we last announced
 * @laddr_pref: the address our last LOCATOR_SET marked preferred
 * The above under &hip_ha_table.bex_mutex.  Under &hip_ha.lock:
 * @want: HIP_UPD_* asked for and not yet sent
 * @credit: credit-based authorization (RFC 8046 5.6), bytes we may send to
 *	an UNVERIFIED locator; @credit_in the peer's @bytes_in when last
 *	credited, @credit_aged when last aged
 */
struct hip_update {
	u32 seq_next;
	u32 peer_next;
	u64 peer_seen;
	bool peer_any;
	bool checking;
	u8 *pkt;
	unsigned int len;
	u32 seq;
	unsigned int what;
	unsigned int retries;
	unsigned long rto_at;
	struct hip_addr dst;
	u8 nonce[16];
	struct hip_addr check;
	u8 *ack_pkt;
	unsigned int ack_len;
	u32 ack_seq;
	unsigned long ack_sent;
	u32 locset_hash;
	unsigned long rtt;
	unsigned long sent_at;
	unsigned long last_in;
	struct hip_addr check_src;
	bool probe;
	u64 fo_in;
	u64 fo_out;
	u32 laddr_gen;
	struct hip_addr laddr_pref;
	unsigned int want;
	s64 credit;
	u64 credit_in;
	unsigned long credit_aged;
};

#define HIP_HA_QUEUE_MAX	64	/* packets waiting for a BEX */

/* ESP SA slots per direction: the SA in use and the one that replaces it
 * at a rekeying (RFC 7402 section 6.9), so that the switch leaves no gap
 */
enum hip_sa_slot {
	HIP_SA_CUR,
	HIP_SA_NEXT,
	HIP_SA_SLOTS,
};

/**
 * struct hip_rekey - ESP rekeying by UPDATE (RFC 7402 6.8-6.10; rekey.c)
 * @dh_cur: our current Diffie-Hellman key (a reference), the one the
 *	current KEYMAT was made with: the "old existing key" of 6.10 step 1
 *	when only the peer sends a new one.  Set by bex.c, replaced by rekey.c.
 * @active: a rekeying is outstanding (6.8: no new one starts meanwhile)
 * @sent: our ESP_INFO (and DIFFIE_HELLMAN) went out in an UPDATE
 * @acked: that UPDATE was acknowledged
 * @peer_seen: the peer's ESP_INFO (and DIFFIE_HELLMAN) of this rekeying
 *	arrived
 * @prepared: the new SAs exist: inbound in HIP_SA_NEXT (hashed by
 *	&hip_ha.spi_next), outbound in @sa_out until the switch
 * @index: KEYMAT index of our ESP_INFO, @peer_index: of the peer's
 * @spi_new: our new inbound SPI (our ESP_INFO's NEW SPI)
 * @peer_spi: the peer's NEW SPI (our new outbound SPI)
 * @dh: our new DH key for this rekeying (a reference), NULL if we keep
 *	@dh_cur
 * @peer_dh: the peer's new DH public value (kmalloc), NULL if it sent
 *	none; @peer_dh_len its length
 * @sa_out: the new outbound SA until the switch (a reference)
 * @started: jiffies when it started (an outstanding rekeying is given up
 *	after HIP_REKEY_TIMEOUT, 6.8 step 5)
 * All under &hip_ha_table.bex_mutex.
 */
struct hip_rekey {
	struct hip_dh_key *dh_cur;
	bool active;
	bool sent;
	bool acked;
	bool peer_seen;
	bool prepared;
	u16 index;
	u16 peer_index;
	u32 spi_new;
	u32 peer_spi;
	struct hip_dh_key *dh;
	u8 *peer_dh;
	unsigned int peer_dh_len;
	struct hip_esp_sa *sa_out;
	unsigned long started;
};

/**
 * struct hip_ha - a host association
 * @hnode: entry in &hip_ha_table.ha_hit (by peer HIT)
 * @lnode: entry in &hip_ha_table.ha_lsi (by peer LSI)
 * @snode: entry in &hip_ha_table.ha_spi (by @spi_in), when @spi_in != 0
 * @list: entry in &hip_ha_table.ha_list
 * @rcu: deferred free
 * @refcount: see the file comment
 * @hn: owning namespace state (no reference; HAs die before it)
 * @lock: protects @state, @queue, @dead, @want_bex, the timers' bookkeeping
 *	and the publication of @locs and the SAs
 * @state: enum hip_ha_state; written only by hip_ha_transition() (state.c)
 * @dead: unhashed; no new work may be scheduled
 * @initiator: we sent the I1 that led to the current keys
 * @lnode_hashed, @snode_hashed: in &hip_ha_table.ha_lsi / .ha_spi
 * @synthetic: made by the bench facility, bench.c (no keys, no peer;
 *	never sends)
 * @want_bex: the packet path asks the work to start a base exchange
 * @want_rekey: the packet path asks the work to start a rekeying (ESP
 *	sequence numbers running out, rekey.c)
 * @want_sa_switch: data arrived on the HIP_SA_NEXT inbound SA: the work
 *	drops the old inbound SA (rekey.c)
 * @snode_next_hashed: in &hip_ha_table.ha_spi_next
 * @local_hit: our HIT in this HA
 * @peer_hit: the peer's HIT
 * @local_lsi: our LSI, @peer_lsi: the LSI applications use for the peer
 * @locs: the locators (RCU)
 * @spi_in: SPI of the current inbound SA (we chose it), 0 before keys exist
 * @spi_out: SPI of the current outbound SA (the peer chose it)
 * @snode_next: entry in &hip_ha_table.ha_spi_next (by @spi_next)
 * @spi_next: SPI of the HIP_SA_NEXT inbound SA during a rekeying, 0 if
 *	none; both it and @spi_in find the association meanwhile
 * @sa_in: inbound ESP SAs (RCU), @sa_out: outbound ESP SAs (RCU), by slot
 * @queue: data packets waiting for the exchange, at most HIP_HA_QUEUE_MAX
 * @work: retransmissions, expiry, flushing @queue (timers.c)
 * Protocol fields, under &hip_ha_table.bex_mutex:
 * @hi: our host identity (reference)
 * @peer_pk: the peer's public key, once known
 * @peer_key_hit: the HIT of that key's HI: @peer_hit, or the HIT of the
 *	delegate that answers for @peer_hit (Documentation/hip/delegation.rst)
 * @peer_not_after: for a delegate, the earliest notAfter of the chain that
 *	admitted it (seconds since the epoch; the association closes when it
 *	has passed, timers.c), else 0
 * @keys: negotiated algorithms and key material (wiped on free)
 * @peer_hostid: the peer's HOST_ID parameter as received (TLV with
 *	padding), for HIP_MAC_2; @peer_hostid_len its length
 * @xchg: the exchange in progress
 * @rekey: the ESP rekeying in progress (rekey.c)
 * @upd: UPDATE state (@upd.want and the credit under @lock)
 * @created: jiffies when the HA reached ESTABLISHED (or was created)
 * @last_used: jiffies of the last data packet in either direction
 * @state_since: jiffies of the last state change
 * @bex_usec: duration of the last completed base exchange in microseconds
 *	(initiator: I1 sent to ESTABLISHED; responder: I2 processing until
 *	the R2 is sent), 0 if none
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
	bool want_bex;
	bool want_rekey;
	bool want_sa_switch;
	bool snode_next_hashed;

	struct in6_addr local_hit;
	struct in6_addr peer_hit;
	__be32 local_lsi;
	__be32 peer_lsi;
	struct hip_locset __rcu *locs;
	u32 spi_in;
	u32 spi_out;
	struct rhash_head snode_next;
	u32 spi_next;
	struct hip_esp_sa __rcu *sa_in[HIP_SA_SLOTS];
	struct hip_esp_sa __rcu *sa_out[HIP_SA_SLOTS];
	struct sk_buff_head queue;
	struct delayed_work work;

	struct hip_hi *hi;
	struct hip_pubkey *peer_pk;
	struct in6_addr peer_key_hit;
	u64 peer_not_after;
	struct hip_keys keys;
	u8 *peer_hostid;
	unsigned int peer_hostid_len;
	struct hip_xchg xchg;
	struct hip_rekey rekey;
	struct hip_update upd;

	unsigned long created;
	unsigned long last_used;
	unsigned long state_since;
	u32 bex_usec;

	atomic64_t pkts_in;
	atomic64_t pkts_out;
	atomic64_t bytes_in;
	atomic64_t bytes_out;
	atomic64_t drops;
};

/**
 * struct hip_ha_table - peers and HAs of a namespace
 * @lock: serializes all changes of the tables and lists, and @n_peers /
 *	@n_has (BH-safe)
 * @bex_mutex: serializes protocol processing, see the file comment
 * @peers: configured peers by HIT, @peers_lsi: by LSI
 * @ha_hit: HAs by peer HIT, @ha_lsi: by peer LSI, @ha_spi: by inbound SPI
 * @ha_spi_next: HAs by the inbound SPI of a rekeying's next SA
 * @peer_list: all hashed peers, @ha_list: all hashed HAs (RCU lists)
 * @n_peers, @n_has: counts
 * @n_synthetic: synthetic HAs (bench.c) among @n_has
 * @ha_work: the work function of every association (timers.c), given at
 *	init so that the table never calls up into the protocol
 */
struct hip_ha_table {
	spinlock_t lock;	/* see above */
	struct mutex bex_mutex;	/* see above */
	struct rhashtable peers;
	struct rhashtable peers_lsi;
	struct rhashtable ha_hit;
	struct rhashtable ha_lsi;
	struct rhashtable ha_spi;
	struct rhashtable ha_spi_next;
	struct list_head peer_list;
	struct list_head ha_list;
	unsigned int n_peers;
	unsigned int n_has;
	unsigned int n_synthetic;
	work_func_t ha_work;
};

/* @ha_work: the work function of every association (timers.c) */
int hip_ha_table_init(struct hip_ha_table *t, work_func_t ha_work);
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

/* Find or create the HA for @peer_hit (hashed, state UNASSOCIATED if new).
 * Returns a reference.  May be called from softirq (GFP_ATOMIC).
 */
struct hip_ha *hip_ha_find_or_create(struct hip_net *hn,
				     const struct in6_addr *local_hit,
				     const struct in6_addr *peer_hit,
				     __be32 local_lsi, __be32 peer_lsi,
				     gfp_t gfp);
/* Unhash @ha, drop its queue, cancel its work; the table's ref is dropped */
void hip_ha_destroy(struct hip_ha *ha);
/* Rehash @ha by a new inbound SPI (0 = unhash) */
void hip_ha_set_spi_in(struct hip_ha *ha, u32 spi);
/* Run @ha's work (&hip_ha_table.ha_work) after @delay jiffies, taking a
 * reference if it was not pending.  For timers.c: everything else asks for
 * work through the hip_timers_*() events.
 */
void hip_ha_schedule(struct hip_ha *ha, unsigned long delay);
/* Make (@local, @peer) the locator pair packets use: @peer becomes the
 * ACTIVE current peer locator, the one it replaces DEPRECATED.  -ENOMEM
 * leaves the set as it was.
 */
int hip_ha_use_locators(struct hip_ha *ha, const struct hip_addr *local,
			const struct hip_addr *peer);
/* Flags of hip_ha_add_locators() */
enum {
	/* From an R1: a new preferred locator is ACTIVE at once (RFC 8047
	 * 4.2.8, RFC 8046 5.4); otherwise new locators are UNVERIFIED
	 */
	HIP_LOCS_R1 = BIT(0),
	/* The LOCATOR_SET replaces the previous one (RFC 8046 5.2): known
	 * locators it does not list become DEPRECATED
	 */
	HIP_LOCS_REPLACE = BIT(1),
};

/* Merge the @n Locators of a received LOCATOR_SET into @ha's set (RFC
 * 8046 5.1, 5.3; RFC 8047 5.2): a known address gets the new lifetime
 * (DEPRECATED -> UNVERIFIED, ACTIVE stays ACTIVE); a new one is added
 * UNVERIFIED (see @flags) while there is room (HIP_LOCSET_MAX).  The current
 * pair does not change.  Process context.  Returns the number of new
 * locators, -ENOENT if @ha has no locator set yet, or -ENOMEM.
 */
int hip_ha_add_locators(struct hip_ha *ha, const struct hip_loc_entry *e,
			unsigned int n, unsigned int flags);
/* The same merge into @ls, a private copy (hip_locset_dup()) the caller
 * publishes with hip_ha_replace_locset(): a new locator takes a free slot,
 * else the slot of a DEPRECATED one neither listed nor current.  Returns
 * the index of the first locator marked preferred, else of the first one
 * listed, -1 if none could be stored.
 */
int hip_locset_merge(struct hip_locset *ls, const struct hip_loc_entry *e,
		     unsigned int n, unsigned int flags, unsigned long now);
/* Index of peer locator @a in @ls (which may be NULL), or -1 */
int hip_locset_find(const struct hip_locset *ls, const struct hip_addr *a);
/* Lifetime expiry (RFC 8046 5.1): UNVERIFIED and ACTIVE locators whose
 * lifetime has passed become DEPRECATED.  Process context.  Returns the
 * jiffies until the next expiry, MAX_JIFFY_OFFSET if none is due.
 */
unsigned long hip_ha_locators_expire(struct hip_ha *ha);
/* A set of one ACTIVE peer locator (for an association not yet hashed) */
struct hip_locset *hip_locset_new(const struct hip_addr *local,
				  const struct hip_addr *peer, gfp_t gfp);
/* Publish @ls as @ha's locator set (RCU); the old one is freed after a
 * grace period
 */
void hip_ha_replace_locset(struct hip_ha *ha, struct hip_locset *ls);
/* A copy of @old (or an empty set) with room for @max peer locators */
struct hip_locset *hip_locset_dup(const struct hip_locset *old,
				  unsigned int max, gfp_t gfp);
/* The current pair, under rcu_read_lock(); false if there is none */
bool hip_ha_locators_rcu(const struct hip_ha *ha, struct hip_addr *local,
			 struct hip_addr *peer);
/* Install SAs into @slot of each direction (NULL empties it).  Takes over
 * the caller's references; the old SAs are released after readers are done
 * with them.  Passing the SA already installed keeps it.
 */
void hip_ha_set_sas(struct hip_ha *ha, enum hip_sa_slot slot,
		    struct hip_esp_sa *in, struct hip_esp_sa *out);
/* The same for the outbound SA only */
void hip_ha_set_sa_out(struct hip_ha *ha, enum hip_sa_slot slot,
		       struct hip_esp_sa *out);
/* Hash @ha by the inbound SPI of its HIP_SA_NEXT SA too (0 = unhash) */
void hip_ha_set_spi_next(struct hip_ha *ha, u32 spi);
/* Rekeying (RFC 7402 6.10 step 4): the HIP_SA_NEXT inbound SA becomes the
 * current one and @spi_next @spi_in, in one step, and the old inbound SA
 * is released.  Both SPIs find @ha all along.  Nothing if NEXT is empty.
 * Process context.
 */
void hip_ha_switch_sa_in(struct hip_ha *ha);
/* Forget the rekeying in progress (struct hip_rekey), and with @all our
 * current DH key too.  Under &hip_ha_table.bex_mutex or on the last put.
 */
void hip_ha_rekey_clear(struct hip_ha *ha, bool all);
/* Drop every SA and unhash the inbound SPIs, in one step */
void hip_ha_drop_sas(struct hip_ha *ha);
/* The current SAs, under rcu_read_lock() */
static inline struct hip_esp_sa *hip_ha_sa_out_rcu(const struct hip_ha *ha)
{
	return rcu_dereference(ha->sa_out[HIP_SA_CUR]);
}

static inline struct hip_esp_sa *hip_ha_sa_in_rcu(const struct hip_ha *ha)
{
	return rcu_dereference(ha->sa_in[HIP_SA_CUR]);
}

/* The current state, a snapshot (act on it with hip_ha_transition(),
 * state.c).  Inline: the data path reads it for every packet.
 */
static inline u8 hip_ha_state(const struct hip_ha *ha)
{
	return READ_ONCE(ha->state);
}

/* Is an inbound SPI in use in this namespace? */
bool hip_ha_spi_in_use(struct hip_net *hn, u32 spi);

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

#endif /* _HIP_HA_H */
