// SPDX-License-Identifier: GPL-2.0
/*
 * The events layer: see events.h.
 */

#include <linux/notifier.h>

#include "events.h"

static BLOCKING_NOTIFIER_HEAD(hip_hi_chain);
static ATOMIC_NOTIFIER_HEAD(hip_ha_chain);

void hip_event_hi(struct hip_net *hn, enum hip_event_type type,
		  const struct hip_hi *hi, bool is_default)
{
	struct hip_event ev = {
		.hn = hn,
		.hi = hi,
		.is_default = is_default,
	};

	blocking_notifier_call_chain(&hip_hi_chain, type, &ev);
}

void hip_event_ha_state(struct hip_net *hn, struct hip_ha *ha, u8 state)
{
	struct hip_event ev = {
		.hn = hn,
		.ha = ha,
		.state = state,
	};

	atomic_notifier_call_chain(&hip_ha_chain, HIP_EVENT_HA_STATE, &ev);
}

void hip_event_ha_locators(struct hip_net *hn, struct hip_ha *ha)
{
	struct hip_event ev = {
		.hn = hn,
		.ha = ha,
	};

	atomic_notifier_call_chain(&hip_ha_chain, HIP_EVENT_HA_LOCATORS, &ev);
}

void hip_event_reg(struct hip_net *hn, const struct hip_reg_event *reg)
{
	struct hip_event ev = {
		.hn = hn,
		.reg = reg,
	};

	atomic_notifier_call_chain(&hip_ha_chain, HIP_EVENT_REG, &ev);
}

int hip_events_register_hi(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&hip_hi_chain, nb);
}

int hip_events_unregister_hi(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&hip_hi_chain, nb);
}

int hip_events_register_ha(struct notifier_block *nb)
{
	return atomic_notifier_chain_register(&hip_ha_chain, nb);
}

int hip_events_unregister_ha(struct notifier_block *nb)
{
	return atomic_notifier_chain_unregister(&hip_ha_chain, nb);
}
