// SPDX-License-Identifier: GPL-2.0
/*
 * The host association state machine: the table of allowed transitions
 * (RFC 7401 section 4.4.2, "HIP State Processes", and 4.4.3 for the
 * simultaneous-open cases) and its only writer.  See state.h.
 *
 *   from            to             on
 *   UNASSOCIATED    I1-SENT        data for the peer (bex.c)
 *                   R2-SENT        I2 processed (bex.c)
 *   I1-SENT         I2-SENT        R1 processed (bex.c)
 *                   R2-SENT        I2 processed: simultaneous open (bex.c)
 *   I2-SENT         ESTABLISHED    R2 processed (bex.c)
 *                   R2-SENT        I2 of the greater HIT processed (bex.c)
 *                   CLOSED         CLOSE processed (close.c)
 *   R2-SENT         ESTABLISHED    ESP received (input.c) or timeout
 *   R2-SENT,        I1-SENT        rekeying: ESP sequence numbers ran out
 *   ESTABLISHED     R2-SENT        a new I2 processed (the peer restarted)
 *                   CLOSING        close requested or idle (close.c)
 *                   CLOSED         CLOSE processed (close.c)
 *   CLOSING         CLOSED         CLOSE or CLOSE_ACK processed (close.c)
 *                   R2-SENT        I2 processed (bex.c)
 *   CLOSED          I1-SENT        data for the peer (bex.c)
 *                   R2-SENT        I2 processed (bex.c)
 *   E-FAILED        R2-SENT        I2 processed (bex.c)
 *   any but CLOSING,
 *   E-FAILED        E-FAILED       exchange failed: retransmissions
 *                                  exhausted, or it could not start
 *
 * Destroying an association is not a transition: it leaves the tables and
 * HIP_EVENT_HA_STATE reports it as UNASSOCIATED (ha.c).
 */

#include <linux/spinlock.h>

#include "events.h"
#include "ha.h"
#include "state.h"

#define S(x)	HIP_SBIT(x)

static const u16 hip_transitions[HIP_STATE_NUM] = {
	[HIP_STATE_UNASSOCIATED] = S(I1_SENT) | S(R2_SENT) | S(E_FAILED),
	[HIP_STATE_I1_SENT]	 = S(I2_SENT) | S(R2_SENT) | S(E_FAILED),
	[HIP_STATE_I2_SENT]	 = S(ESTABLISHED) | S(R2_SENT) | S(CLOSED) |
				   S(E_FAILED),
	[HIP_STATE_R2_SENT]	 = S(ESTABLISHED) | S(I1_SENT) | S(CLOSING) |
				   S(CLOSED) | S(E_FAILED),
	[HIP_STATE_ESTABLISHED]	 = S(I1_SENT) | S(R2_SENT) | S(CLOSING) |
				   S(CLOSED) | S(E_FAILED),
	[HIP_STATE_CLOSING]	 = S(CLOSED) | S(R2_SENT),
	[HIP_STATE_CLOSED]	 = S(I1_SENT) | S(R2_SENT) | S(E_FAILED),
	[HIP_STATE_E_FAILED]	 = S(R2_SENT),
};

#undef S

static const char *const hip_state_names[HIP_STATE_NUM] = {
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

bool hip_state_allowed(u8 from, u8 to)
{
	if (from >= HIP_STATE_NUM || to >= HIP_STATE_NUM)
		return false;
	return from == to || (hip_transitions[from] & BIT(to));
}

u8 hip_ha_state(const struct hip_ha *ha)
{
	return READ_ONCE(ha->state);
}

int hip_ha_transition(struct hip_ha *ha, u16 from, u8 to)
{
	bool changed;
	u8 cur;

	spin_lock_bh(&ha->lock);
	cur = ha->state;
	if (ha->dead || !(from & BIT(cur))) {
		spin_unlock_bh(&ha->lock);
		return -EAGAIN;
	}
	if (WARN_ONCE(!hip_state_allowed(cur, to),
		      "hip: illegal transition %s -> %s\n",
		      hip_state_name(cur), hip_state_name(to))) {
		spin_unlock_bh(&ha->lock);
		return -EINVAL;
	}
	changed = cur != to;
	WRITE_ONCE(ha->state, to);
	ha->state_since = jiffies;
	spin_unlock_bh(&ha->lock);
	if (changed)
		hip_event_ha_state(ha, to);
	return 0;
}
