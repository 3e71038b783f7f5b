// SPDX-License-Identifier: GPL-2.0
/*
 * hip0: the device that holds the local HITs and LSIs.
 *
 * Every namespace gets one, created down.  hipctl puts each local HIT
 * (/28) and LSI (/8) on it, which gives the routes 2001:20::/28 and
 * 1.0.0.0/8 via hip0.  Packets to peers are taken by the LOCAL_OUT hook
 * (output.c) before they reach the device; decapsulated ESP is delivered
 * as if received on it (input.c).  Its MTU leaves room for the ESP
 * overhead over a 1500-byte path, so applications see the right MSS.
 * Anything that does reach ndo_start_xmit (e.g. a packet to a HIT that
 * is not a peer, let through because no HA exists) is dropped and
 * counted.
 */

#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "hit.h"
#include "pernet.h"

static netdev_tx_t hip_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct hip_net *hn = hip_pernet(dev_net(dev));

	/* Packets to an identity normally never get here (the LOCAL_OUT hook
	 * takes them); forwarded ones do.  Link-local and multicast traffic
	 * the stack sends on any up device (MLD, router solicitations) is
	 * only counted by the device.
	 */
	if ((skb->protocol == htons(ETH_P_IPV6) &&
	     pskb_network_may_pull(skb, sizeof(struct ipv6hdr)) &&
	     hip_hit_is_orchid(&ipv6_hdr(skb)->daddr)) ||
	    (skb->protocol == htons(ETH_P_IP) &&
	     pskb_network_may_pull(skb, sizeof(struct iphdr)) &&
	     hip_is_lsi(ip_hdr(skb)->daddr)))
		HIP_INC(hn, DROP_NO_PEER);
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops hip_dev_ops = {
	.ndo_start_xmit = hip_dev_xmit,
};

static void hip_dev_setup(struct net_device *dev)
{
	dev->netdev_ops = &hip_dev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = HIP_DEV_MTU;
	dev->min_mtu = 576;
	dev->max_mtu = 65535 - 128;
	dev->needs_free_netdev = true;
	/* Stays in its namespace: it dies with it (pernet exit) */
#if defined(HIP_COMPAT_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(NETIF_F_NETNS_LOCAL)
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_local = true;
#endif
}

int hip_dev_create(struct hip_net *hn)
{
	struct net_device *dev;
	int err;

	dev = alloc_netdev(0, "hip0", NET_NAME_PREDICTABLE, hip_dev_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, hn->net);
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	hn->dev = dev;
	return 0;
}

void hip_dev_destroy(struct hip_net *hn)
{
	if (!hn->dev)
		return;
	unregister_netdev(hn->dev);
	hn->dev = NULL;
}
