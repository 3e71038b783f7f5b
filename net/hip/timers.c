// SPDX-License-Identifier: GPL-2.0
/*
 * Association timers.  Each association has one delayed work item
 * (&hip_ha.work); the rest of the module never arms it directly but tells
 * this file what happened through the hip_timers_*() events (proto.h), as
 * WireGuard's timers.c does.  What the work does depends on the state:
 *
 *   UNASSOCIATED, CLOSED  start a base exchange if data waits or one was
 *                         asked for; else destroy the association (CLOSED:
 *                         after UAL + 2 MSL, RFC 7401 Table 8, to answer a
 *                         late CLOSE; at once when our CLOSE is ACKed)
 *   I1-SENT, I2-SENT      retransmit the I1 / I2: HIP_RTO_INIT doubling up
 *                         to HIP_RTO_MAX, HIP_BEX_RETRIES times, then
 *                         E-FAILED (RFC 7401 section 4.4.3, timeouts left
 *                         to the host); I1s try each configured locator
 *   CLOSING               retransmit the CLOSE (back-off up to
 *                         HIP_CLOSE_RTO_MAX) until UAL + MSL after it was
 *                         first sent (Table 7), then destroy
 *   R2-SENT               ESTABLISHED after HIP_R2_SENT_TIMEOUT without
 *                         data ("Exchange Complete", RFC 7401 4.4.1: about
 *                         I2_RETRIES_MAX times the I2 retransmission
 *                         timeout, the time a peer keeps retrying its I2)
 *   R2-SENT, ESTABLISHED  flush queued data; start a rekeying by UPDATE
 *                         when the ESP sequence numbers run low, finish the
 *                         switch to the new inbound SA once data came on
 *                         it, give up a rekeying outstanding too long
 *                         (rekey.c); UPDATEs (update.c: send, retransmit,
 *                         watch the path); deprecate peer locators past
 *                         their lifetime; close after the configured idle
 *                         time; look again every 30 s, when update.c asks,
 *                         or every second while a rekeying is outstanding
 *   E-FAILED              destroy after HIP_HOLD_FAILED
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <linux/timekeeping.h>

#include "proto.h"

void hip_timers_retrans_start(struct hip_ha *ha, const u8 *pkt,
			      unsigned int len)
{
	struct hip_xchg *x = &ha->xchg;

	kfree(x->retrans_pkt);
	x->retrans_pkt = kmemdup(pkt, len, GFP_KERNEL);
	x->retrans_len = x->retrans_pkt ? len : 0;
	x->retrans_count = 0;
	x->retrans_timeout = jiffies + HIP_RTO_INIT;
	hip_ha_schedule(ha, HIP_RTO_INIT);
}

void hip_timers_retrans_stop(struct hip_ha *ha)
{
	struct hip_xchg *x = &ha->xchg;

	kfree(x->retrans_pkt);
	x->retrans_pkt = NULL;
	x->retrans_len = 0;
}

void hip_timers_r2_sent(struct hip_ha *ha)
{
	hip_ha_schedule(ha, HIP_R2_SENT_TIMEOUT);
}

void hip_timers_established(struct hip_ha *ha)
{
	hip_ha_schedule(ha, HZ);
}

/* UAL (RFC 7401 4.4.1): the idle time after which we close an
 * association, the namespace's idle timeout; 0 (never idle) counts as 0
 */
static unsigned long hip_ual(const struct hip_ha *ha)
{
	return (unsigned long)READ_ONCE(ha->hn->cfg.idle_timeout) * HZ;
}

/* How long CLOSED is kept: UAL + 2 MSL (RFC 7401 Table 8) */
static unsigned long hip_hold_closed(const struct hip_ha *ha)
{
	return hip_ual(ha) + 2 * HIP_MSL;
}

void hip_timers_closed(struct hip_ha *ha, bool now)
{
	ha->xchg.discard = now;
	hip_ha_schedule(ha, now ? 0 : hip_hold_closed(ha));
}

void hip_timers_failed(struct hip_ha *ha)
{
	hip_ha_schedule(ha, HIP_HOLD_FAILED);
}

void hip_timers_want_bex(struct hip_ha *ha)
{
	spin_lock_bh(&ha->lock);
	ha->want_bex = true;
	spin_unlock_bh(&ha->lock);
	hip_ha_schedule(ha, 0);
}

void hip_timers_want_rekey(struct hip_ha *ha)
{
	/* Hints read without the locks: at worst the work runs for nothing */
	if (READ_ONCE(ha->want_rekey) || READ_ONCE(ha->rekey.active))
		return;
	spin_lock_bh(&ha->lock);
	ha->want_rekey = true;
	spin_unlock_bh(&ha->lock);
	hip_ha_schedule(ha, 0);
}

void hip_timers_sa_switch(struct hip_ha *ha)
{
	spin_lock_bh(&ha->lock);
	ha->want_sa_switch = true;
	spin_unlock_bh(&ha->lock);
	hip_ha_schedule(ha, 0);
}

void hip_timers_data_queued(struct hip_ha *ha)
{
	hip_ha_schedule(ha, 0);
}

/* The exchange failed (or could not start): drop what waits, E-FAILED */
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
	hip_timers_retrans_stop(ha);
	hip_ha_drop_sas(ha);
	if (!hip_ha_transition(ha, HIP_STATES_ALL & ~(HIP_SBIT(CLOSING) |
						      HIP_SBIT(E_FAILED)),
			       HIP_STATE_E_FAILED))
		hip_timers_failed(ha);
}

/* I1s try the peer's configured locators in turn; false if it has none */
static bool hip_retransmit_i1(struct hip_ha *ha)
{
	struct hip_xchg *x = &ha->xchg;
	struct hip_addr src = {}, dst;
	struct hip_peer *peer;
	bool have = false;

	rcu_read_lock();
	peer = hip_peer_lookup_rcu(ha->hn, &ha->peer_hit);
	if (peer && peer->n_locators) {
		dst = peer->locators[x->retrans_count % peer->n_locators];
		have = true;
	}
	rcu_read_unlock();
	if (!have)
		return false;
	hip_send_ctrl(ha->hn, &src, &dst, x->retrans_pkt, x->retrans_len);
	if (hip_ha_use_locators(ha, &src, &dst))
		HIP_INC(ha->hn, DROP_NOMEM);
	return true;
}

/* Retransmissions left: I1 and I2 are retried HIP_BEX_RETRIES times;
 * CLOSE while the timeout sum is below UAL + MSL (RFC 7401 Table 7)
 */
static bool hip_retrans_left(struct hip_ha *ha, u8 state, unsigned long now)
{
	if (state == HIP_STATE_CLOSING)
		return time_before(now, ha->state_since + hip_ual(ha) + HIP_MSL);
	return ha->xchg.retrans_count < HIP_BEX_RETRIES;
}

static void hip_retransmit(struct hip_ha *ha, u8 state)
{
	struct hip_xchg *x = &ha->xchg;
	unsigned long now = jiffies, rto;

	if (time_before(now, x->retrans_timeout)) {
		hip_ha_schedule(ha, x->retrans_timeout - now);
		return;
	}
	if (!x->retrans_pkt || !hip_retrans_left(ha, state, now)) {
		if (state == HIP_STATE_CLOSING)
			hip_ha_destroy(ha);
		else
			hip_ha_fail(ha);
		return;
	}
	x->retrans_count++;
	HIP_INC(ha->hn, RETRANSMIT);
	if (state != HIP_STATE_I1_SENT || !hip_retransmit_i1(ha))
		hip_ha_send(ha, x->retrans_pkt, x->retrans_len);
	rto = min_t(unsigned long, HIP_RTO_INIT << min(x->retrans_count, 16U),
		    state == HIP_STATE_CLOSING ? HIP_CLOSE_RTO_MAX :
						 HIP_RTO_MAX);
	x->retrans_timeout = now + rto;
	hip_ha_schedule(ha, rto);
}

/* UNASSOCIATED / CLOSED: start an exchange if wanted, else expire */
static void hip_timers_idle(struct hip_ha *ha, u8 state, bool start)
{
	unsigned long now = jiffies;

	if (start) {
		if (hip_bex_start(ha))
			hip_ha_fail(ha);
	} else if (state == HIP_STATE_UNASSOCIATED || ha->xchg.discard ||
		   time_after_eq(now, ha->state_since + hip_hold_closed(ha))) {
		hip_ha_destroy(ha);
	} else {
		hip_ha_schedule(ha, ha->state_since + hip_hold_closed(ha) - now);
	}
}

/* R2-SENT / ESTABLISHED: data, rekeying, idle expiry */
static void hip_timers_up(struct hip_ha *ha, u8 state, bool rekey,
			  bool sa_switch, bool queued)
{
	unsigned long now = jiffies, next;
	u32 idle;

	if (sa_switch)
		hip_rekey_sa_switch(ha);
	/* Sequence numbers running low: rekey by UPDATE (RFC 7402 6.8) */
	if (rekey)
		hip_rekey_start(ha, false);
	if (queued)
		hip_ha_flush_queue(ha);
	next = hip_update_run(ha);
	if (ha->dead || !(BIT(hip_ha_state(ha)) &
			  (HIP_SBIT(R2_SENT) | HIP_SBIT(ESTABLISHED))))
		return;	/* the association broke (RFC 7401 6.11 step 4) */
	if (state == HIP_STATE_R2_SENT &&
	    time_after_eq(now, ha->state_since + HIP_R2_SENT_TIMEOUT))
		hip_ha_transition(ha, HIP_SBIT(R2_SENT), HIP_STATE_ESTABLISHED);
	idle = READ_ONCE(ha->hn->cfg.idle_timeout);
	if (idle && time_after_eq(now, READ_ONCE(ha->last_used) +
				  (unsigned long)idle * HZ)) {
		if (hip_close_start(ha))
			hip_ha_destroy(ha);
		return;
	}
	/* A delegate's chain past its notAfter (Documentation/hip/delegation.rst) */
	if (ha->peer_not_after) {
		u64 t = ktime_get_real_seconds();

		if (t > ha->peer_not_after) {
			HIP_INC(ha->hn, CERT_CLOSED);
			if (hip_close_start(ha))
				hip_ha_destroy(ha);
			return;
		}
		if (ha->peer_not_after - t < 30)
			next = min(next, (unsigned long)
				   (ha->peer_not_after - t + 1) * HZ);
	}
	if (hip_rekey_tick(ha))
		next = min_t(unsigned long, next, HZ);
	/* Peer locators past their lifetime (RFC 8046 5.1) */
	next = min3(next, hip_ha_locators_expire(ha), 30UL * HZ);
	if (idle)
		next = min(next, (unsigned long)idle * HZ);
	hip_ha_schedule(ha, next);
}

static void hip_timers_run(struct hip_ha *ha)
{
	unsigned long now = jiffies;
	bool want, queued, rekey, sa_switch;
	u8 state;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	spin_lock_bh(&ha->lock);
	state = ha->state;
	want = ha->want_bex;
	ha->want_bex = false;
	rekey = ha->want_rekey;
	ha->want_rekey = false;
	sa_switch = ha->want_sa_switch;
	ha->want_sa_switch = false;
	queued = !skb_queue_empty(&ha->queue);
	spin_unlock_bh(&ha->lock);

	switch (state) {
	case HIP_STATE_UNASSOCIATED:
	case HIP_STATE_CLOSED:
		hip_timers_idle(ha, state, want || queued);
		break;
	case HIP_STATE_E_FAILED:
		if (time_after_eq(now, ha->state_since + HIP_HOLD_FAILED))
			hip_ha_destroy(ha);
		else
			hip_ha_schedule(ha, ha->state_since + HIP_HOLD_FAILED - now);
		break;
	case HIP_STATE_I1_SENT:
	case HIP_STATE_I2_SENT:
	case HIP_STATE_CLOSING:
		hip_retransmit(ha, state);
		break;
	case HIP_STATE_R2_SENT:
	case HIP_STATE_ESTABLISHED:
		hip_timers_up(ha, state, rekey, sa_switch, queued);
		break;
	}
}

/* &hip_ha.work: holds a reference to the association, dropped here */
void hip_timers_work(struct work_struct *work)
{
	struct hip_ha *ha = container_of(to_delayed_work(work), struct hip_ha,
					 work);
	struct hip_net *hn = ha->hn;

	mutex_lock(&hn->ha.bex_mutex);
	if (!ha->dead)
		hip_timers_run(ha);
	mutex_unlock(&hn->ha.bex_mutex);
	hip_ha_put(ha);
}
