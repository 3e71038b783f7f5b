/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet path: the hip0 device, the netfilter hooks that catch
 * packets to HITs/LSIs, ESP in both directions, and sending HIP control
 * packets to a locator.
 */
#ifndef _HIP_DATAPATH_H
#define _HIP_DATAPATH_H

#include <linux/skbuff.h>

#include "ha.h"

struct hip_net;
struct nf_hook_state;

/* Control block of received HIP packets waiting for the work queue */
struct hip_rx_cb {
	struct hip_addr src;
	struct hip_addr dst;
};

#define HIP_RX_CB(skb)	((struct hip_rx_cb *)(skb)->cb)

#define HIP_DEV_MTU	1400

/* device.c */
int hip_dev_create(struct hip_net *hn);
void hip_dev_destroy(struct hip_net *hn);

/* output.c */
unsigned int hip_nf_out(void *priv, struct sk_buff *skb,
			const struct nf_hook_state *state);
/* Send a HIP control packet (@len bytes at @pkt, checksum computed here)
 * from @src (unspecified = chosen by routing; updated) to @dst.
 */
int hip_send_ctrl(struct hip_net *hn, struct hip_addr *src,
		  const struct hip_addr *dst, void *pkt, unsigned int len);
/* The source address routing picks for @dst: fills @src (left as it is
 * if it is already an address of @dst's family); 0 or -errno
 */
int hip_route_src(struct hip_net *hn, struct hip_addr *src,
		  const struct hip_addr *dst);
/* Send the packets queued on @ha (state allows data); process context */
void hip_ha_flush_queue(struct hip_ha *ha);

/* input.c */
int hip_input_init(void);
void hip_input_uninit(void);
void hip_rx_work(struct work_struct *work);

/* The protocol side (proto.h) for the packet path */
void hip_proto_rx(struct hip_net *hn, struct sk_buff *skb);	/* dispatch.c */
void hip_r1_i1_rx(struct hip_net *hn, struct sk_buff *skb);	/* r1.c */

#endif /* _HIP_DATAPATH_H */
