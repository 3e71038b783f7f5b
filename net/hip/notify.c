// SPDX-License-Identifier: GPL-2.0
/*
 * NOTIFY (RFC 7401 sections 5.2.19, 5.3.6, 6.13): we send one, signed and
 * rate limited per namespace, when an exchange fails in a way the peer
 * should hear about; received ones are checked and logged.
 */

#include <linux/kernel.h>
#include <linux/slab.h>

#include "proto.h"

void hip_send_notify(struct hip_net *hn, const struct hip_hi *hi,
		     const struct in6_addr *peer_hit,
		     const struct hip_rx_cb *cb, u16 type,
		     const void *data, unsigned int dlen)
{
	struct hip_notification *n;
	struct hip_addr src = cb->dst, dst = cb->src;
	struct hip_builder b;
	u8 *buf;
	int len;

	if (!hi || !__ratelimit(&hn->notify_rl))
		return;
	buf = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return;
	hip_build_start(&b, buf, HIP_NOTIFY, &hi->hit, peer_hit);
	n = hip_build_param(&b, HIP_P_NOTIFICATION, sizeof(*n) + dlen);
	if (n) {
		n->type = htons(type);
		if (dlen)
			memcpy(n->data, data, dlen);
	}
	if (!b.err && !hip_build_sign(NULL, &b, hi, HIP_P_HIP_SIGNATURE, false)) {
		len = hip_build_finish(&b);
		if (len > 0)
			hip_send_ctrl(hn, &src, &dst, buf, len);
	}
	kfree(buf);
}

void hip_handle_notify(struct hip_net *hn, const struct hip_parsed *hp,
		       const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	const struct hip_notification *n = hip_pval(hp, HIP_PI_NOTIFICATION);
	int err;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (!ha->peer_pk) {
		HIP_INC(hn, DROP_BAD_STATE);
		return;
	}
	if (!n || !hp->p[HIP_PI_HIP_SIGNATURE].off) {
		HIP_INC(hn, DROP_MALFORMED_PARAM);
		return;
	}
	err = hip_check_sig(NULL, hp, HIP_PI_HIP_SIGNATURE, ha->peer_pk, false);
	if (err) {
		HIP_INC(hn, DROP_BAD_SIG);
		return;
	}
	net_info_ratelimited("hip: NOTIFY %u from %pI6c\n", ntohs(n->type),
			     &hp->hdr->sender_hit);
}
