// SPDX-License-Identifier: GPL-2.0
/*
 * The host association state machine: the table of allowed transitions
 * and its only writer.  See state.h.
 *
 * RFC 7401 section 4.4.2 defines the states and section 4.4.3 (Tables 2-9)
 * what moves an association between them; that machine is "informational"
 * (section 4.4) and covers I1, R1, I2 and R2, so ours adds the steps marked
 * "local" below.  selftest/state.c checks the table against both lists.
 *
 *   from            to             on
 *   UNASSOCIATED    I1-SENT        data for the peer (Table 2; bex.c)
 *                   R2-SENT        I2 processed (Table 2; bex.c)
 *   I1-SENT         I2-SENT        R1 processed (Table 3; bex.c)
 *                   R2-SENT        I2 processed: simultaneous open (Table 3)
 *                   E-FAILED       I1 retransmissions exhausted (Table 3)
 *   I2-SENT         ESTABLISHED    R2 processed (Table 4; bex.c)
 *                   R2-SENT        I2 processed when our HIT is the greater
 *                                  (Table 4, 6.9 step 5; the smaller HIT
 *                                  drops the peer's I2)
 *                   CLOSED         CLOSE processed (Table 4; close.c)
 *                   E-FAILED       I2 retransmissions exhausted (Table 4)
 *   R2-SENT         ESTABLISHED    ESP received (input.c) or Exchange
 *                                  Complete timeout (Table 5; timers.c);
 *                                  local: an authenticated UPDATE
 *                                  (update.c; the peer has our R2)
 *                   CLOSED         CLOSE processed (Table 5; close.c)
 *                   CLOSING        local: close requested or idle
 *   ESTABLISHED     R2-SENT        a new I2 processed: new keys, SAs and
 *                                  SPIs (Table 6, 6.9 step 20; bex.c); the
 *                                  I2 that made the current keys only gets
 *                                  its R2 again and stays (no transition)
 *                   CLOSING        idle for UAL, or close requested (Table 6);
 *                                  UPDATE retransmissions exhausted (RFC
 *                                  7401 6.11 step 4; update.c)
 *                   CLOSED         CLOSE processed (Table 6; close.c)
 *   R2-SENT,        (unchanged)    UPDATE processed (RFC 7401 6.12, RFC
 *   ESTABLISHED                    8046: locators, address checks; the
 *                                  dispatch table accepts UPDATE only in
 *                                  these two states; update.c)
 *   R2-SENT,        (unchanged)    local: ESP rekeying by UPDATE (RFC 7402
 *   ESTABLISHED                    6.8-6.10; rekey.c) when the ESP sequence
 *                                  numbers run low or on hipctl ha rekey:
 *                                  no transition (it was a new base
 *                                  exchange, to I1-SENT, before UPDATE)
 *   CLOSING         CLOSED         CLOSE processed (Table 7); local: also on
 *                                  CLOSE_ACK, where Table 7 discards the
 *                                  state: CLOSED, destroyed at once unless
 *                                  data waits (timers.c)
 *                   R2-SENT        I2 processed (Table 7; bex.c)
 *   CLOSED          R2-SENT        I2 processed (Table 8; bex.c)
 *                   (CLOSED)       CLOSE_ACK processed: discarded like the
 *                                  above (Table 8); otherwise held UAL +
 *                                  2 MSL (Table 8; timers.c)
 *                   I1-SENT        local: data for the peer (Table 8 sends
 *                                  the I1 but stays in CLOSED)
 *   E-FAILED        R2-SENT        local: an I2 is processed in any state
 *   UNASSOCIATED,   E-FAILED       local: a base exchange could not start
 *   CLOSED, R2-SENT,               (no HI, no locator, no memory)
 *   ESTABLISHED
 *
 * Not taken (yet): R1 outside I1-SENT (Tables 7, 8: CLOSING or CLOSED to
 * I2-SENT) and data in CLOSING (Table 7: to I1-SENT; we restart from
 * CLOSED).  Going back to UNASSOCIATED (Tables 7-9) is not a transition
 * here: the association is destroyed, leaves the tables, and
 * HIP_EVENT_HA_STATE reports it as UNASSOCIATED (ha.c).
 */

#include <linux/slab.h>
#include <linux/spinlock.h>

#include "events.h"
#include "ha.h"
#include "pernet.h"
#include "state.h"

#define S(x)	HIP_SBIT(x)

static const u16 hip_transitions[HIP_STATE_NUM] = {
	[HIP_STATE_UNASSOCIATED] = S(I1_SENT) | S(R2_SENT) | S(E_FAILED),
	[HIP_STATE_I1_SENT]	 = S(I2_SENT) | S(R2_SENT) | S(E_FAILED),
	[HIP_STATE_I2_SENT]	 = S(ESTABLISHED) | S(R2_SENT) | S(CLOSED) |
				   S(E_FAILED),
	[HIP_STATE_R2_SENT]	 = S(ESTABLISHED) | S(CLOSING) | S(CLOSED) |
				   S(E_FAILED),
	[HIP_STATE_ESTABLISHED]	 = S(R2_SENT) | S(CLOSING) | S(CLOSED) |
				   S(E_FAILED),
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
		hip_event_ha_state(ha->hn, ha, to);
	return 0;
}

#include "selftest/state.c"
