/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host association state machine (RFC 7401 sections 4.4.2, 4.4.3).
 *
 * The allowed transitions are one table in state.c; hip_ha_transition() is
 * the only writer of &hip_ha.state.  It checks, under &hip_ha.lock, that
 * the association is still in one of the states the caller expects (it
 * may have moved since the caller looked: the data path moves R2-SENT to
 * ESTABLISHED from softirq, netlink and timers close and destroy) and that
 * the table allows the step, then makes it and raises HIP_EVENT_HA_STATE.
 */
#ifndef _HIP_STATE_H
#define _HIP_STATE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/hip.h>

struct hip_ha;

#define HIP_STATE_NUM		(HIP_STATE_E_FAILED + 1)
#define HIP_SBIT(s)		BIT(HIP_STATE_##s)
#define HIP_STATES_ALL		(BIT(HIP_STATE_NUM) - 1)

/* Move @ha to @to if its state is in @from (a mask of BIT(HIP_STATE_*)).
 * Returns 0 (also when @to is the current state and in @from), -EAGAIN if
 * the state is not in @from or the association is dead, -EINVAL (and a
 * warning: a bug) if the table forbids the step.
 */
int hip_ha_transition(struct hip_ha *ha, u16 from, u8 to);

/* May @to follow @from? */
bool hip_state_allowed(u8 from, u8 to);

const char *hip_state_name(u8 state);

bool hip_state_selftest(void);

#endif /* _HIP_STATE_H */
