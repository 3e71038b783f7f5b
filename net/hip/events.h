/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events raised by the tables (host identities, associations) for whoever
 * listens above them, so that the tables never call up into netlink.c.
 *
 * Two kernel notifier chains:
 *   - HI events (HIP_EVENT_HI_*): a blocking chain, raised in process
 *     context with the namespace's &hip_hi_table.lock held, so listeners
 *     see them in order and may sleep (but must not take that lock).
 *   - Association and registration events (HIP_EVENT_HA_*,
 *     HIP_EVENT_REG): an atomic chain, raised from any
 *     context, softirq included; listeners must not sleep.
 * The data passed is a struct hip_event; listeners must not keep pointers
 * from it beyond the call.
 */
#ifndef _HIP_EVENTS_H
#define _HIP_EVENTS_H

#include <linux/notifier.h>
#include <linux/types.h>

struct hip_net;
struct hip_hi;
struct hip_ha;

enum hip_event_type {
	HIP_EVENT_HI_ADD,	/* an HI was added */
	HIP_EVENT_HI_DEL,	/* an HI was removed */
	HIP_EVENT_HI_CHANGE,	/* an HI changed (became the default) */
	HIP_EVENT_HA_STATE,	/* an association changed state, or went */
	HIP_EVENT_HA_LOCATORS,	/* an association's locator set changed */
	HIP_EVENT_REG,		/* a registration changed (RFC 8003) */
};

/**
 * struct hip_reg_event - a registration event (atomic chain)
 * @hit: the peer's HIT (requester's at a registrar, else registrar's)
 * @type: registration type
 * @registrar: we are the registrar
 * @state: enum hip_reg_state: GRANTED, FAILED, EXPIRED or CANCELLED
 * @lifetime: granted lifetime, RFC 8003 encoding
 * @failure: Failure Type (FAILED)
 */
struct hip_reg_event {
	const struct in6_addr *hit;
	u8 type;
	bool registrar;
	u8 state;
	u8 lifetime;
	u8 failure;
};

/**
 * struct hip_event - what a listener is told
 * @hn: the namespace
 * @hi: HI events: the host identity
 * @is_default: HI events: whether @hi is (now) the default one
 * @ha: HA events: the association (valid for the call only)
 * @state: HA events: the new state (HIP_STATE_UNASSOCIATED when it went)
 * @reg: HIP_EVENT_REG: the registration event
 */
struct hip_event {
	struct hip_net *hn;
	const struct hip_hi *hi;
	bool is_default;
	struct hip_ha *ha;
	u8 state;
	const struct hip_reg_event *reg;
};

void hip_event_hi(struct hip_net *hn, enum hip_event_type type,
		  const struct hip_hi *hi, bool is_default);
void hip_event_ha_state(struct hip_net *hn, struct hip_ha *ha, u8 state);
void hip_event_ha_locators(struct hip_net *hn, struct hip_ha *ha);
/* On the association chain (any context) */
void hip_event_reg(struct hip_net *hn, const struct hip_reg_event *reg);

int hip_events_register_hi(struct notifier_block *nb);
int hip_events_unregister_hi(struct notifier_block *nb);
int hip_events_register_ha(struct notifier_block *nb);
int hip_events_unregister_ha(struct notifier_block *nb);

#endif /* _HIP_EVENTS_H */
