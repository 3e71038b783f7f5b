/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HIP protocol side: what its files (r1.c, auth.c, negotiate.c,
 * keys.c, bex.c, close.c, notify.c, timers.c, dispatch.c) offer each other
 * and the packet path.  Grouped by the file that implements them, as
 * WireGuard's queueing.h does.
 *
 * Context: everything runs in process context on the HIP work queue with
 * &hip_ha_table.bex_mutex held (it may sleep for crypto), except
 * hip_r1_i1_rx() (softirq, stateless) and what says otherwise.
 */
#ifndef _HIP_PROTO_H
#define _HIP_PROTO_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/ktime.h>

#include "datapath.h"
#include "param.h"
#include "pernet.h"
#include "state.h"

struct hip_hi;
struct hip_pubkey;
struct sk_buff;

/* Timeouts (RFC 7401 sections 4.4.1, 4.4.3 leave the values to the host,
 * except MSL, for which 4.4.1 gives a default of 2 minutes).  UAL, the
 * Unused Association Lifetime, is the namespace's idle timeout
 * (hip_ual()).
 */
#define HIP_RTO_INIT		HZ
#define HIP_RTO_MAX		(4 * HZ)
#define HIP_BEX_RETRIES		10
#define HIP_CLOSE_RTO_MAX	(30 * HZ)
#define HIP_MSL			(120 * HZ)
#define HIP_HOLD_FAILED		(5 * HZ)
/* Exchange Complete (4.4.1): "n * I2 retransmission timeout, where n is
 * about I2_RETRIES_MAX"
 */
#define HIP_R2_SENT_TIMEOUT	(HIP_BEX_RETRIES * HIP_RTO_MAX)
#define HIP_R1_ROTATE		(120 * HZ)
#define HIP_PUZZLE_LIFETIME	37	/* 2^(37-32) = 32 s */
/* R1 rate limit per namespace (RFC 7401 6.7 leaves the numbers to us) */
#define HIP_R1_RATE		200	/* R1s per second */
#define HIP_R1_BURST		200	/* R1s at once after a quiet spell */

/* Cost of the base exchange (HIP_STAT_*_COUNT / _NS): the crypto done while
 * handling R1, I2 and R2 is timed and counted per namespace.  Precomputed
 * R1s, CLOSE, UPDATE and NOTIFY are not counted (@hn NULL).
 */
static inline void hip_timed(struct hip_net *hn, enum hip_stat count,
			     enum hip_stat ns, u64 t0)
{
	if (!hn)
		return;
	hip_stat_inc(hn, count);
	this_cpu_add(hn->stats->v[ns], ktime_get_ns() - t0);
}

#define HIP_TIMED(hn, what, t0)	\
	hip_timed(hn, HIP_STAT_##what##_COUNT, HIP_STAT_##what##_NS, t0)

/* Received HIP packet handlers (dispatch.c calls them, see its table).
 * @ha: the association with the sender's HIT, with a reference, in one of
 * the states the table accepts; NULL only where the table allows it.
 */
typedef void (*hip_rx_fn)(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct hip_rx_cb *cb, struct hip_ha *ha);

/* dispatch.c: hip_proto_rx(), and r1.c: hip_r1_i1_rx(), in datapath.h */

/* r1.c: precomputed R1s and puzzles */
struct hip_r1;
/* The R1 (this or the previous generation) that issued the puzzle of
 * @sol to @hit_i, for our @hit and DH @group (RFC 7401 4.1.2)
 */
struct hip_r1 *hip_r1_find_puzzle(struct hip_net *hn,
				  const struct in6_addr *hit,
				  const struct in6_addr *hit_i, u8 group,
				  const struct hip_solution *sol,
				  unsigned int rlen);
int hip_r1_puzzle_spend(struct hip_net *hn, const struct hip_solution *sol,
			unsigned int rlen);
u8 hip_r1_k(const struct hip_r1 *r1);
u8 hip_r1_group(const struct hip_r1 *r1);
struct hip_dh_key *hip_r1_dh(const struct hip_r1 *r1);
void hip_r1_net_init(struct hip_net *hn);
void hip_r1_net_exit(struct hip_net *hn);
void hip_r1_hi_changed(struct hip_net *hn);
void hip_r1_rebuild_sync(struct hip_net *hn);
void hip_r1_hi_removed(struct hip_net *hn);

/* auth.c: HIP_MAC(_2), HIP_SIGNATURE(_2), HOST_ID */
int hip_build_host_id(struct hip_builder *b, const struct hip_hi *hi);
/* The HOST_ID TLV of @hi as HIP_MAC_2 covers it (kmalloc'd, *@len set) */
u8 *hip_host_id_tlv(const struct hip_hi *hi, unsigned int *len);
/* The delegation chain @chain (@len bytes, concatenated DER, root first)
 * as CERT group 1 (RFC 8002 sections 2, 3)
 */
int hip_build_cert_group(struct hip_builder *b, const u8 *chain,
			 unsigned int len);
/* r1.c: under rcu_read_lock(), the HI that answers for @hit delegated to
 * it (an R1 was made for it), or NULL
 */
struct hip_hi *hip_r1_delegate_rcu(struct hip_net *hn,
				   const struct in6_addr *hit);
/* @sig2: HIP_SIGNATURE_2, signed with the Receiver's HIT and the PUZZLE's
 * Opaque and #I zero (RFC 7401 6.4.2)
 */
int hip_build_sign(struct hip_net *hn, struct hip_builder *b,
		   const struct hip_hi *hi, u16 type, bool sig2);
int hip_build_mac(struct hip_builder *b, u8 suite, const u8 *key, u16 type,
		  const u8 *extra, unsigned int extra_len);
int hip_check_mac(const struct hip_parsed *hp, enum hip_pidx idx, u8 suite,
		  const u8 *key, const u8 *extra, unsigned int extra_len);
int hip_check_sig(struct hip_net *hn, const struct hip_parsed *hp,
		  enum hip_pidx idx, const struct hip_pubkey *pk,
		  bool sig2);
/* HIP_MAC with the association's keys, then HIP_SIGNATURE; counts drops */
bool hip_check_mac_sig(struct hip_net *hn, struct hip_ha *ha,
		       const struct hip_parsed *hp);
struct hip_pubkey *hip_host_id_check(const struct hip_host_id *h,
				     unsigned int len,
				     const struct in6_addr *hit);
void hip_count_pk_err(struct hip_net *hn, long err);
/* The sender's key from its HOST_ID @h (@len bytes) in @hp: the key of
 * the sender's HIT (hip_host_id_check()), or another key that a valid
 * CERT group of @hp delegates the HIT to (Documentation/hip/delegation.rst,
 * RFC 8002).  On failure an ERR_PTR, counted, and NOTIFY
 * CREDENTIALS_REQUIRED (no CERT) or INVALID_CERTIFICATE sent signed
 * with @hi (NULL: none).  *@key_hit gets the HIT of the HOST_ID's key
 * (the sender's HIT, or the delegate's), *@not_after the chain's earliest
 * notAfter for a delegate, else 0.  May sleep.
 */
struct hip_pubkey *hip_peer_key(struct hip_net *hn,
				const struct hip_parsed *hp,
				const struct hip_rx_cb *cb,
				const struct hip_hi *hi,
				const struct hip_host_id *h, unsigned int len,
				struct in6_addr *key_hit, u64 *not_after);
/* The CERT group of @hp checked as a delegation of @hit
 * (Documentation/hip/delegation.rst) to the holder key @host_id (the
 * HOST_ID "Host Identity" field, @hi_len bytes, algorithm @algo; NULL:
 * any key, the caller compares *@key_hit), with @hn's time, maximum
 * depth and revocation list: 0 and *@key_hit = the HIT of the holder's
 * key and, if @not_after, *@not_after = the chain's earliest notAfter;
 * or a negative enum hip_cert_error with *@grp and *@id (the CERT group and ID, 0 if none)
 * of what failed; -ENOENT: no CERT.  Counts nothing.  May sleep.
 */
int hip_cert_check_packet(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct in6_addr *hit, const u8 *host_id,
			  unsigned int hi_len, u16 algo, u8 *grp, u8 *id,
			  struct in6_addr *key_hit, u64 *not_after);
/* Count a failed check: -ENOMEM as such, anything else as @what */
void hip_count_err(struct hip_net *hn, int err, enum hip_stat what);

/* negotiate.c: our algorithm preferences and the choice among offers */
extern const u8 hip_hit_suites[];
extern const unsigned int hip_n_hit_suites;
#define HIP_DH_GROUPS_MAX	8
/* Our DH groups, configured preference first; returns how many */
unsigned int hip_dh_groups_pref(struct hip_net *hn, u8 *out);
bool hip_cipher_ok(struct hip_net *hn, u16 c);
/* Our HIP ciphers for HIP_CIPHER, in our order; returns how many */
unsigned int hip_ciphers_pref(struct hip_net *hn, __be16 *out,
			      unsigned int max);
bool hip_esp_ok(struct hip_net *hn, u16 s);
/* Our ESP suites for ESP_TRANSFORM, configured preference first */
unsigned int hip_esp_suites_pref(struct hip_net *hn, __be16 *out,
				 unsigned int max);
bool hip_u8_in(u8 v, const u8 *list, unsigned int n);
u8 hip_algo_suite(u16 algo);

/* bex.c: the base exchange */
int hip_bex_start(struct hip_ha *ha);
void hip_handle_r1(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb, struct hip_ha *ha);
void hip_handle_i2(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb, struct hip_ha *ha);
void hip_handle_r2(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb, struct hip_ha *ha);
/* Send a control packet to the association's current locators */
int hip_ha_send(struct hip_ha *ha, void *pkt, unsigned int len);

/* close.c: CLOSE / CLOSE_ACK */
int hip_close_start(struct hip_ha *ha);
/* One CLOSE to @ha's current peer under its current keys, no state change:
 * the association is being replaced (bex.c)
 */
void hip_close_replaced(struct hip_ha *ha);
void hip_handle_close(struct hip_net *hn, const struct hip_parsed *hp,
		      const struct hip_rx_cb *cb, struct hip_ha *ha);
void hip_handle_close_ack(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct hip_rx_cb *cb, struct hip_ha *ha);

/* notify.c: NOTIFY */
void hip_send_notify(struct hip_net *hn, const struct hip_hi *hi,
		     const struct in6_addr *peer_hit,
		     const struct hip_rx_cb *cb, u16 type,
		     const void *data, unsigned int dlen);
void hip_handle_notify(struct hip_net *hn, const struct hip_parsed *hp,
		       const struct hip_rx_cb *cb, struct hip_ha *ha);

/* timers.c: every association timer, driven by these events */
void hip_timers_work(struct work_struct *work);
/* A packet to retransmit until answered (I1, I2, CLOSE) was sent */
void hip_timers_retrans_start(struct hip_ha *ha, const u8 *pkt,
			      unsigned int len);
/* The packet being retransmitted was answered */
void hip_timers_retrans_stop(struct hip_ha *ha);
/* We sent an R2: ESTABLISHED when data arrives, or after a timeout */
void hip_timers_r2_sent(struct hip_ha *ha);
/* The association became ESTABLISHED (initiator) */
void hip_timers_established(struct hip_ha *ha);
/* The association was closed: hold it a while, or restart if data waits */
void hip_timers_closed(struct hip_ha *ha, bool now);
/* The exchange failed: hold E-FAILED a while */
void hip_timers_failed(struct hip_ha *ha);
/* The data path queued a packet or asks for a base exchange (any context) */
void hip_timers_want_bex(struct hip_ha *ha);
void hip_timers_data_queued(struct hip_ha *ha);
/* The data path: ESP sequence numbers run low, rekey (any context) */
void hip_timers_want_rekey(struct hip_ha *ha);
/* The data path: data came on the next inbound SA (any context) */
void hip_timers_sa_switch(struct hip_ha *ha);

/* update.c: UPDATE (RFC 7401 sections 5.3.5, 6.11, 6.12; RFC 8046) */
void hip_handle_update(struct hip_net *hn, const struct hip_parsed *hp,
		       const struct hip_rx_cb *cb, struct hip_ha *ha);
/* What an UPDATE to the peer must carry (bits for hip_update_request()) */
enum {
	HIP_UPD_LOCATORS = BIT(0),	/* our LOCATOR_SET (RFC 8046 5.2) */
	HIP_UPD_REKEY = BIT(1),		/* new SPIs (RFC 7402 6.8) */
	HIP_UPD_REG = BIT(2),		/* REG_* parameters (RFC 8003 3.3) */
};

/* Ask for an UPDATE to @ha's peer carrying @what (any context; the work
 * builds and sends it, merging requests that are not yet sent)
 */
void hip_update_request(struct hip_ha *ha, unsigned int what);
/* Our addresses changed: every ESTABLISHED association gets a LOCATOR_SET
 * (any context)
 */
void hip_update_locators_changed(struct hip_net *hn);
/* The association's work (timers.c, R2-SENT / ESTABLISHED): send what was
 * asked for, retransmit, watch the path.  Returns the delay until it wants
 * to run again (MAX_JIFFY_OFFSET: nothing pending).
 */
unsigned long hip_update_run(struct hip_ha *ha);
/* The data path sends @len bytes to an UNVERIFIED locator: within the
 * credit (RFC 8046 5.6)?  Counts DROP_CREDIT when not.
 */
bool hip_update_credit_ok(struct hip_ha *ha, unsigned int len);

/* rekey.c: ESP rekeying by UPDATE (RFC 7402 sections 6.8-6.10), called by
 * update.c.  A rekey is started with hip_update_request(ha, HIP_UPD_REKEY).
 */
/* Append the ESP_INFO (new SPI) of a rekey we start or answer to an UPDATE
 * being built; 0 and nothing appended if no rekey is in progress
 */
int hip_rekey_build_esp_info(struct hip_builder *b, struct hip_ha *ha);
/* Append our DIFFIE_HELLMAN if this rekey makes new keying material */
int hip_rekey_build_dh(struct hip_builder *b, struct hip_ha *ha);
/* The peer's UPDATE (authenticated, new SEQ) has an ESP_INFO with OLD SPI
 * != NEW SPI: a rekey (RFC 7402 6.9; RFC 8046 5.3).  Returns 1 (we
 * answer a peer's rekeying: our reply must carry our ESP_INFO, update.c
 * adds HIP_UPD_REKEY), 0 (nothing to answer beyond the ACK: a rekeying of
 * ours is outstanding, 6.9 step 3, or the ESP_INFO asks for nothing) or a
 * negative error (protocol error or bad DIFFIE_HELLMAN: stop processing
 * the UPDATE; counted by rekey.c)
 */
int hip_rekey_rx(struct hip_ha *ha, const struct hip_parsed *hp);
/* Our UPDATE that carried the rekey ESP_INFO was acknowledged */
void hip_rekey_acked(struct hip_ha *ha);
/* Is a rekey in progress (no new rekey may start, RFC 7402 6.8) */
bool hip_rekey_pending(const struct hip_ha *ha);
/* Start a rekeying (timers.c on sequence numbers running low; hipctl ha
 * rekey, with @new_dh for new keying material): decides the new SPI and
 * DH and asks update.c for the UPDATE.  -EBUSY if one is outstanding,
 * -ENOTCONN if the association is not up.
 */
int hip_rekey_start(struct hip_ha *ha, bool new_dh);
/* Data came on the new inbound SA: drop the old one (RFC 7402 6.10) */
void hip_rekey_sa_switch(struct hip_ha *ha);
/* Periodic: give up an outstanding rekeying after HIP_REKEY_TIMEOUT;
 * true while one is outstanding
 */
bool hip_rekey_tick(struct hip_ha *ha);

/* reg.c: registration (RFC 8003), both sides; see reg.h */
int hip_reg_net_init(struct hip_net *hn);
/* Drop every registration (their frees are RCU works on hip_wq) */
void hip_reg_net_exit(struct hip_net *hn);
void hip_reg_net_free(struct hip_net *hn);
/* Lifetime encoding (RFC 8003 4.1) */
u64 hip_reg_lt_ms(u8 v);
u8 hip_reg_lt_encode(u32 secs);
unsigned int hip_reg_types_set(u8 *types, unsigned int n, u8 type,
			       bool enable);
/* Registrar: offer (@enable) or withdraw service @type; @min_s, @max_s
 * lifetimes in seconds (0: defaults), @allow: allow-list (none: open).
 * Process context; rebuilds the R1s.
 */
int hip_reg_srv_set(struct hip_net *hn, u8 type, bool enable, u32 min_s,
		    u32 max_s, const struct in6_addr *allow,
		    unsigned int n_allow);
/* Requester: ask the registrar @hit (a configured peer) for @type for
 * @secs seconds (0: its maximum), or @cancel.  Process context.
 */
int hip_reg_request(struct hip_net *hn, const struct in6_addr *hit, u8 type,
		    u32 secs, bool cancel);
/* REG_INFO for the R1s being built (r1.c) */
int hip_reg_build_r1(struct hip_builder *b, struct hip_net *hn);
/* REG_REQUEST for the I2 answering the R1 @r1 (bex.c) */
int hip_reg_build_i2(struct hip_builder *b, struct hip_ha *ha,
		     const struct hip_parsed *r1);
/* REG_RESPONSE / REG_FAILED owed to the peer, for the R2 (bex.c) */
int hip_reg_build_r2(struct hip_builder *b, struct hip_ha *ha);
/* Every REG_* parameter due to @ha's peer, for an UPDATE (update.c):
 * REG_REQUEST (ours), REG_RESPONSE / REG_FAILED (answers we owe)
 */
int hip_reg_build_update(struct hip_builder *b, struct hip_ha *ha);
/* For an UPDATE that may carry our REG_REQUEST (update.c, before
 * ECHO_REQUEST_SIGNED): the chain of our delegated local HIT as a CERT
 * group (RFC 8003 3.3), if the association is under a delegated HIT and
 * we ask the peer for a registration
 */
int hip_reg_build_update_cert(struct hip_builder *b, struct hip_ha *ha);
/* Registrar: @ha was taken over by another host (bex.c
 * hip_i2_replace()): its registrations, the old host's, end
 */
void hip_reg_ha_replaced(struct hip_net *hn, struct hip_ha *ha);
/* The REG_* parameters of an authenticated I2, R2 or UPDATE from @ha's
 * peer; answers owed are built by the next hip_reg_build_r2() or
 * hip_reg_build_update(), so an UPDATE carrying REG_REQUEST must be
 * answered with hip_update_request(ha, HIP_UPD_REG) or in its ACK.
 */
void hip_reg_rx(struct hip_net *hn, struct hip_ha *ha,
		const struct hip_parsed *hp);

/* Benchmark (bench.c): a registration for a synthetic association */
int hip_reg_bench_add(struct hip_net *hn, struct hip_ha *ha);

/* rvs.c: rendezvous (RFC 8004) */
/* Relay @hp (I1 or UPDATE, received from @cb) if its Receiver's HIT is
 * a client's: true if it was taken (relayed or counted as dropped),
 * false if it is not for a rendezvous server (ours, NULL, no service).
 * Any context; does not sleep.
 */
bool hip_rvs_relay(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb);
/* Client: check the RVS_HMAC of a relayed I1 (or UPDATE) with our
 * registrations: 0 and the Initiator's address in @from, -ENOENT (valid,
 * but no FROM) or -EBADMSG (drop).  Any context.
 */
int hip_rvs_i1_check(struct hip_net *hn, const struct hip_parsed *hp,
		     struct hip_addr *from);
/* Append VIA_RVS (@cb->src) to the R1 @pkt (@len bytes, room for 24
 * more) and aim @cb at the Initiator @from; returns the new length
 */
#define HIP_RVS_VIA_LEN		24
unsigned int hip_rvs_r1_via(u8 *pkt, unsigned int len, struct hip_rx_cb *cb,
			    const struct hip_addr *from);
/* Benchmark (bench.c): mean ns of @n relays of I1s to registered HITs
 * (parse, lookups, copy, FROM, RVS_HMAC; nothing sent)
 */
int hip_rvs_bench_relay(struct hip_net *hn, u32 n, u64 *ns);

#endif /* _HIP_PROTO_H */
