// SPDX-License-Identifier: GPL-2.0
/*
 * Received HIP packets other than I1 (r1.c answers those in softirq):
 * parsed once (param.c, the validation gate), then handed to the handler
 * of their type if the association with the sender is in a state that
 * accepts it (RFC 7401 section 4.4.3, Tables 2-8).  One table row per packet type:
 * adding a packet (UPDATE, RFC 7401 section 5.3.5 / RFC 8046) is a new row
 * and a new file.
 *
 * Runs on the HIP work queue with &hip_ha_table.bex_mutex held
 * (input.c's hip_rx_work()).
 */

#include <linux/kernel.h>

#include "hit.h"
#include "proto.h"

#define S(x)	HIP_SBIT(x)

/**
 * struct hip_handler - how a received packet type is handled
 * @type: HIP packet type
 * @need_ha: dropped (DROP_NO_HA) without an association with the sender
 * @states: states of that association in which it is accepted; without an
 *	association the state is UNASSOCIATED
 * @rx: the handler
 */
struct hip_handler {
	u8 type;
	bool need_ha;
	u16 states;
	hip_rx_fn rx;
};

static const struct hip_handler hip_handlers[] = {
	/* RFC 7401 4.4.3: an R1 in I1-SENT (Tables 4, 7 and 8 also take one
	 * in I2-SENT, CLOSING and CLOSED: not yet), an R2 in I2-SENT; an I2
	 * in any state, the association being created once it is
	 * authenticated; CLOSE from I2-SENT on (Tables 4-8); CLOSE_ACK in
	 * CLOSING or CLOSED (Tables 7, 8; 6.15); NOTIFY wherever there is an
	 * association.
	 */
	{ HIP_R1,	 true,	S(I1_SENT),			hip_handle_r1 },
	{ HIP_I2,	 false,	HIP_STATES_ALL,			hip_handle_i2 },
	{ HIP_R2,	 true,	S(I2_SENT),			hip_handle_r2 },
	{ HIP_CLOSE,	 true,	S(I2_SENT) | S(R2_SENT) | S(ESTABLISHED) |
				S(CLOSING) | S(CLOSED),		hip_handle_close },
	{ HIP_CLOSE_ACK, true,	S(CLOSING) | S(CLOSED),		hip_handle_close_ack },
	{ HIP_UPDATE,	 true,	S(R2_SENT) | S(ESTABLISHED),	hip_handle_update },
	{ HIP_NOTIFY,	 true,	HIP_STATES_ALL,			hip_handle_notify },
};

#undef S

static void hip_count_parse_err(struct hip_net *hn, struct sk_buff *skb,
				const struct hip_parsed *hp, int err)
{
	const struct hip_hdr *hdr = (const struct hip_hdr *)skb->data;
	struct hip_hi *hi;
	__be16 t;

	switch (err) {
	case -EPROTONOSUPPORT:
		/* RFC 7401 5.2.19: UNSUPPORTED_CRITICAL_PARAMETER_TYPE */
		HIP_INC(hn, DROP_UNKNOWN_CRITICAL);
		hi = hip_hi_lookup(hn, &hdr->receiver_hit);
		if (hi) {
			t = htons(hp->unknown_critical);
			hip_send_notify(hn, hi, &hdr->sender_hit, HIP_RX_CB(skb),
					HIP_NTF_UNSUPPORTED_CRITICAL_PARAMETER_TYPE,
					&t, sizeof(t));
			hip_hi_put(hi);
		}
		break;
	case -EBADMSG:
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		break;
	case -EMSGSIZE:
		HIP_INC(hn, DROP_BAD_LEN);
		break;
	default:
		HIP_INC(hn, DROP_BAD_HDR);
	}
}

static const struct hip_handler *hip_handler_find(u8 type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_handlers); i++)
		if (hip_handlers[i].type == type)
			return &hip_handlers[i];
	return NULL;
}

void hip_proto_rx(struct hip_net *hn, struct sk_buff *skb)
{
	const struct hip_handler *h;
	struct hip_parsed hp;
	struct hip_ha *ha;
	u8 state;
	int err;

	lockdep_assert_held(&hn->ha.bex_mutex);
	err = hip_parse(skb->data, skb->len, &hp);
	if (err) {
		hip_count_parse_err(hn, skb, &hp, err);
		return;
	}
	if (!hip_hit_is_orchid(&hp.hdr->sender_hit)) {
		HIP_INC(hn, DROP_BAD_HDR);
		return;
	}
	/* An UPDATE for a rendezvous client (RFC 8046 3.2.3, RFC 8004) */
	if ((hp.hdr->type & 0x7f) == HIP_UPDATE &&
	    hip_rvs_relay(hn, &hp, HIP_RX_CB(skb)))
		return;
	h = hip_handler_find(hp.hdr->type & 0x7f);
	if (!h) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	ha = hip_ha_lookup(hn, &hp.hdr->sender_hit);
	if (!ha && h->need_ha) {
		HIP_INC(hn, DROP_NO_HA);
		return;
	}
	state = ha ? hip_ha_state(ha) : HIP_STATE_UNASSOCIATED;
	if (!(h->states & BIT(state)))
		HIP_INC(hn, DROP_BAD_STATE);
	else
		h->rx(hn, &hp, HIP_RX_CB(skb), ha);
	if (ha)
		hip_ha_put(ha);
}
