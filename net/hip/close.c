// SPDX-License-Identifier: GPL-2.0
/*
 * Closing an association: CLOSE and CLOSE_ACK (RFC 7401 sections 5.3.7,
 * 5.3.8, 6.14, 6.15).  CLOSE carries ECHO_REQUEST_SIGNED with our nonce
 * and is retransmitted until the CLOSE_ACK echoes it back; both carry
 * HIP_MAC and HIP_SIGNATURE.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "proto.h"

static int hip_build_close(struct hip_ha *ha, u8 type, const void *echo,
			   unsigned int echo_len, u8 *buf)
{
	struct hip_builder b;

	hip_build_start(&b, buf, type, &ha->local_hit, &ha->peer_hit);
	hip_build_param_data(&b, type == HIP_CLOSE ?
			     HIP_P_ECHO_REQUEST_SIGNED :
			     HIP_P_ECHO_RESPONSE_SIGNED, echo, echo_len);
	if (b.err)
		return b.err;
	if (hip_build_mac(&b, ha->keys.hit_suite,
			  hip_key(&ha->keys, true, &ha->local_hit,
				  &ha->peer_hit),
			  HIP_P_HIP_MAC, NULL, 0) ||
	    hip_build_sign(NULL, &b, ha->hi, HIP_P_HIP_SIGNATURE, false))
		return -EINVAL;
	return hip_build_finish(&b);
}

/* Start closing @ha (ESTABLISHED or R2-SENT): -ENOTCONN in other states */
int hip_close_start(struct hip_ha *ha)
{
	struct hip_xchg *x = &ha->xchg;
	u8 *buf;
	int len;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	if (!(BIT(hip_ha_state(ha)) & (HIP_SBIT(ESTABLISHED) | HIP_SBIT(R2_SENT))))
		return -ENOTCONN;
	if (!ha->hi || !ha->keys.hit_suite)
		return -ENOTCONN;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_random_bytes(x->echo_nonce, sizeof(x->echo_nonce));
	len = hip_build_close(ha, HIP_CLOSE, x->echo_nonce,
			      sizeof(x->echo_nonce), buf);
	if (len < 0)
		goto out;
	if (hip_ha_transition(ha, HIP_SBIT(ESTABLISHED) | HIP_SBIT(R2_SENT),
			      HIP_STATE_CLOSING)) {
		len = -ENOTCONN;
		goto out;
	}
	hip_ha_drop_sas(ha);
	hip_ha_send(ha, buf, len);
	hip_timers_retrans_start(ha, buf, len);
	len = 0;
out:
	kfree(buf);
	return len;
}

/* @ha (ESTABLISHED or R2-SENT) is about to be replaced by a base
 * exchange with another host for the same peer HIT (a delegate, bex.c):
 * tell the old peer with one CLOSE, under the keys and to the locator
 * being replaced (RFC 7401 5.3.7, 6.14).  Not retransmitted, and its
 * CLOSE_ACK will not verify under the new keys: the old peer's
 * association closes on the CLOSE; if it is lost, it expires there
 * (UPDATE and ESP under the old keys are refused here).
 */
void hip_close_replaced(struct hip_ha *ha)
{
	u8 echo[sizeof(ha->xchg.echo_nonce)];
	u8 *buf;
	int len;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	if (!(BIT(hip_ha_state(ha)) & (HIP_SBIT(ESTABLISHED) | HIP_SBIT(R2_SENT))) ||
	    !ha->hi || !ha->keys.hit_suite)
		return;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return;
	get_random_bytes(echo, sizeof(echo));
	len = hip_build_close(ha, HIP_CLOSE, echo, sizeof(echo), buf);
	if (len > 0)
		hip_ha_send(ha, buf, len);
	kfree(buf);
}

void hip_handle_close(struct hip_net *hn, const struct hip_parsed *hp,
		      const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_hdr *hdr = hp->hdr;
	bool discard;
	u8 *buf;
	int len;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (!ipv6_addr_equal(&ha->local_hit, &hdr->receiver_hit)) {
		HIP_INC(hn, DROP_NO_HA);
		return;
	}
	/* A late copy of the peer's CLOSE after our CLOSE was acknowledged
	 * is answered, but the state stays discarded (Tables 7, 8)
	 */
	discard = hip_ha_state(ha) == HIP_STATE_CLOSED && ha->xchg.discard;
	if (!hp->p[HIP_PI_ECHO_REQUEST_SIGNED].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return;
	}
	if (!hip_check_mac_sig(hn, ha, hp))
		return;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return;
	len = hip_build_close(ha, HIP_CLOSE_ACK,
			      hip_pval(hp, HIP_PI_ECHO_REQUEST_SIGNED),
			      hip_plen(hp, HIP_PI_ECHO_REQUEST_SIGNED), buf);
	if (len > 0) {
		struct hip_addr src = cb->dst, dst = cb->src;

		hip_send_ctrl(hn, &src, &dst, buf, len);
	}
	kfree(buf);
	hip_ha_drop_sas(ha);
	hip_timers_retrans_stop(ha);
	if (!hip_ha_transition(ha, HIP_SBIT(ESTABLISHED) | HIP_SBIT(R2_SENT) |
			       HIP_SBIT(CLOSING) | HIP_SBIT(CLOSED) |
			       HIP_SBIT(I2_SENT), HIP_STATE_CLOSED))
		hip_timers_closed(ha, discard);
}

void hip_handle_close_ack(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_hdr *hdr = hp->hdr;
	const u8 *nonce = ha->xchg.echo_nonce;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (!ipv6_addr_equal(&ha->local_hit, &hdr->receiver_hit)) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	if (hip_plen(hp, HIP_PI_ECHO_RESPONSE_SIGNED) !=
	    sizeof(ha->xchg.echo_nonce) ||
	    crypto_memneq(hip_pval(hp, HIP_PI_ECHO_RESPONSE_SIGNED), nonce,
			  sizeof(ha->xchg.echo_nonce))) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return;
	}
	if (!hip_check_mac_sig(hn, ha, hp))
		return;
	hip_timers_retrans_stop(ha);
	/* RFC 7401 6.15, Tables 7 and 8: in CLOSING, or in CLOSED when the
	 * peer's CLOSE crossed ours, discard the state.  The work destroys
	 * it, or starts over if data is waiting.
	 */
	if (!hip_ha_transition(ha, HIP_SBIT(CLOSING) | HIP_SBIT(CLOSED),
			       HIP_STATE_CLOSED))
		hip_timers_closed(ha, true);
}
