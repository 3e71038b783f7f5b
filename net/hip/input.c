// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound packet path.
 *
 * ESP: a handler registered with xfrm4/xfrm6_protocol_register() ahead of
 * the kernel's own ESP sees every ESP packet for this host after IP
 * reassembly.  An SPI that is not ours goes on to the next handler (the
 * kernel's IPsec, if any), so both can coexist.  Ours is checked against
 * the replay window, decrypted, and rebuilt as a packet from the peer's
 * HIT (or LSI) to ours, which is then received on hip0 like any other
 * packet: it passes PRE_ROUTING and LOCAL_IN with identity addresses.
 *
 * HIP (protocol 139): I1s are answered right here with a precomputed R1,
 * without creating any state (RFC 7401 section 4.1.1); other packets are
 * checked for length and checksum and queued for the work queue, where
 * the base exchange code runs.
 */

#include <linux/kernel.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/xfrm.h>

#include "common.h"
#include "datapath.h"
#include "esp.h"
#include "param.h"
#include "pernet.h"
#include "state.h"

#define HIP_RX_QUEUE_MAX	512

static void hip_rcv_finish(struct hip_ha *ha, struct sk_buff *skb, u8 nh)
{
	struct hip_net *hn = ha->hn;
	struct net_device *dev = hn->dev;
	unsigned int len;

	if (nh == IPPROTO_NONE) {
		/* Dummy packet (RFC 4303 section 2.6): discard silently */
		WRITE_ONCE(ha->last_used, jiffies);
		consume_skb(skb);
		return;
	}
	if (nh == IPPROTO_BEETPH) {
		struct ip_beet_phdr *ph;

		if (!pskb_may_pull(skb, sizeof(*ph)))
			goto malformed;
		ph = (struct ip_beet_phdr *)skb->data;
		if (ph->hdrlen || ph->padlen)
			goto malformed;
		nh = ph->nexthdr;
		skb_pull(skb, sizeof(*ph));
		if (skb_cow_head(skb, sizeof(struct iphdr)))
			goto drop;
		skb_push(skb, sizeof(struct iphdr));
		skb_reset_network_header(skb);
		{
			struct iphdr *iph = ip_hdr(skb);

			iph->version = 4;
			iph->ihl = 5;
			iph->tos = 0;
			iph->tot_len = htons(skb->len);
			iph->id = 0;
			iph->frag_off = htons(IP_DF);
			iph->ttl = 64;
			iph->protocol = nh;
			iph->saddr = ha->peer_lsi;
			iph->daddr = ha->local_lsi;
			ip_send_check(iph);
		}
		skb->protocol = htons(ETH_P_IP);
		skb_set_transport_header(skb, sizeof(struct iphdr));
	} else {
		struct ipv6hdr *ip6h;

		if (skb_cow_head(skb, sizeof(*ip6h)))
			goto drop;
		skb_push(skb, sizeof(*ip6h));
		skb_reset_network_header(skb);
		ip6h = ipv6_hdr(skb);
		ip6_flow_hdr(ip6h, 0, 0);
		ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
		ip6h->nexthdr = nh;
		ip6h->hop_limit = 64;
		ip6h->saddr = ha->peer_hit;
		ip6h->daddr = ha->local_hit;
		skb->protocol = htons(ETH_P_IPV6);
		skb_set_transport_header(skb, sizeof(*ip6h));
	}
	len = skb->len;
	skb_scrub_packet(skb, true);
	memset(skb->cb, 0, sizeof(skb->cb));
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	/* The ESP ICV covered the payload; the transport checksum was made
	 * over the sender's view of the LSIs, which may not be ours.
	 */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;

	atomic64_inc(&ha->pkts_in);
	atomic64_add(len, &ha->bytes_in);
	WRITE_ONCE(ha->last_used, jiffies);
	HIP_INC(hn, ESP_IN);
	/* RFC 7401 4.4.3 Table 5: data from the peer moves R2-SENT on */
	if (unlikely(hip_ha_state(ha) == HIP_STATE_R2_SENT))
		hip_ha_transition(ha, HIP_SBIT(R2_SENT), HIP_STATE_ESTABLISHED);
	netif_rx(skb);
	return;
malformed:
	HIP_INC(hn, DROP_ESP_MALFORMED);
drop:
	atomic64_inc(&ha->drops);
	kfree_skb(skb);
}

static void hip_esp_count_err(struct hip_ha *ha, int err)
{
	struct hip_net *hn = ha->hn;

	atomic64_inc(&ha->drops);
	switch (err) {
	case -EBADMSG:
		HIP_INC(hn, DROP_BAD_ICV);
		break;
	case -EALREADY:
		HIP_INC(hn, DROP_REPLAY);
		break;
	case -EINVAL:
		HIP_INC(hn, DROP_ESP_MALFORMED);
		break;
	case -ENOMEM:
		HIP_INC(hn, DROP_NOMEM);
		break;
	default:
		HIP_INC(hn, DROP_CRYPTO);
	}
}

static void hip_rcv_done(struct sk_buff *skb, int err, u8 nexthdr,
			 void *cookie)
{
	struct hip_ha *ha = cookie;

	if (err)
		hip_esp_count_err(ha, err);
	else
		hip_rcv_finish(ha, skb, nexthdr);
	hip_ha_put(ha);
}

static int hip_esp_rcv(struct sk_buff *skb)
{
	struct hip_net *hn = hip_pernet(dev_net(skb->dev));
	struct hip_esp_sa *sa;
	struct hip_ha *ha;
	u8 nh = 0;
	int err;

	if (!pskb_may_pull(skb, 8))
		return -EINVAL;	/* not ours to judge */

	rcu_read_lock();
	ha = hip_ha_lookup_spi_rcu(hn, hip_esp_peek_spi(skb));
	if (!ha || !refcount_inc_not_zero(&ha->refcount)) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_UNKNOWN_SPI);
		return -EINVAL;	/* maybe the kernel's IPsec knows it */
	}
	sa = hip_ha_sa_in_rcu(ha);
	if (!sa) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_UNKNOWN_SPI);
		atomic64_inc(&ha->drops);
		hip_ha_put(ha);
		kfree_skb(skb);
		return 0;
	}
	err = hip_esp_decrypt(sa, skb, &nh, hip_rcv_done, ha);
	rcu_read_unlock();
	if (err == -EINPROGRESS)
		return 0;
	if (err)
		hip_esp_count_err(ha, err);
	else
		hip_rcv_finish(ha, skb, nh);
	hip_ha_put(ha);
	return 0;
}

static int hip_esp_err4(struct sk_buff *skb, u32 info)
{
	return -ENOENT;
}

static int hip_esp_err6(struct sk_buff *skb, struct inet6_skb_parm *opt,
			u8 type, u8 code, int offset, __be32 info)
{
	return -ENOENT;
}

static int hip_esp_input_handler(struct sk_buff *skb, int nexthdr, __be32 spi,
				 int encap_type)
{
	/* Only used for ESP in UDP encapsulation, which we do not use */
	return -EINVAL;
}

static int hip_esp_cb_handler(struct sk_buff *skb, int err)
{
	return 0;
}

/* Ahead of esp4/esp6 (0), xfrm interfaces (10) and vti (100) */
#define HIP_ESP_PRIORITY	200

static struct xfrm4_protocol hip_esp4_protocol = {
	.handler = hip_esp_rcv,
	.input_handler = hip_esp_input_handler,
	.cb_handler = hip_esp_cb_handler,
	.err_handler = hip_esp_err4,
	.priority = HIP_ESP_PRIORITY,
};

static struct xfrm6_protocol hip_esp6_protocol = {
	.handler = hip_esp_rcv,
	.input_handler = hip_esp_input_handler,
	.cb_handler = hip_esp_cb_handler,
	.err_handler = hip_esp_err6,
	.priority = HIP_ESP_PRIORITY,
};

/* ---- HIP control packets ---- */

static int hip_rcv(struct sk_buff *skb, bool v4)
{
	struct hip_net *hn = hip_pernet(dev_net(skb->dev));
	const struct hip_hdr *hdr;
	struct hip_rx_cb cb;
	__sum16 csum;

	HIP_INC(hn, HIP_IN);
	if (skb_linearize(skb) || skb->len < HIP_HDR_LEN) {
		HIP_INC(hn, DROP_BAD_LEN);
		goto drop;
	}
	hdr = (const struct hip_hdr *)skb->data;
	if (skb->len != 8U * (hdr->len + 1) || skb->len > HIP_MAX_PACKET) {
		HIP_INC(hn, DROP_BAD_LEN);
		goto drop;
	}
	if (v4) {
		hip_addr_set_v4(&cb.src, ip_hdr(skb)->saddr);
		hip_addr_set_v4(&cb.dst, ip_hdr(skb)->daddr);
		csum = hip_csum4(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
				 skb->data, skb->len);
	} else {
		cb.src.a = ipv6_hdr(skb)->saddr;
		cb.dst.a = ipv6_hdr(skb)->daddr;
		csum = hip_csum6(&cb.src.a, &cb.dst.a, skb->data, skb->len);
	}
	if (csum) {
		HIP_INC(hn, DROP_BAD_CSUM);
		goto drop;
	}
	*HIP_RX_CB(skb) = cb;

	if ((hdr->type & 0x7f) == HIP_I1) {
		hip_r1_i1_rx(hn, skb);
		return 0;
	}
	if (READ_ONCE(hn->dying) ||
	    skb_queue_len(&hn->rx_queue) >= HIP_RX_QUEUE_MAX) {
		HIP_INC(hn, DROP_NOMEM);
		goto drop;
	}
	skb_dst_drop(skb);
	skb_queue_tail(&hn->rx_queue, skb);
	queue_work(hip_wq, &hn->rx_work);
	return 0;
drop:
	kfree_skb(skb);
	return 0;
}

static int hip_rcv4(struct sk_buff *skb)
{
	return hip_rcv(skb, true);
}

static int hip_rcv6(struct sk_buff *skb)
{
	return hip_rcv(skb, false);
}

void hip_rx_work(struct work_struct *work)
{
	struct hip_net *hn = container_of(work, struct hip_net, rx_work);
	struct sk_buff *skb;
	unsigned int n = 0;

	while ((skb = skb_dequeue(&hn->rx_queue))) {
		mutex_lock(&hn->ha.bex_mutex);
		hip_proto_rx(hn, skb);
		mutex_unlock(&hn->ha.bex_mutex);
		kfree_skb(skb);
		if (++n % 16 == 0)
			cond_resched();
	}
}

static const struct net_protocol hip_protocol4 = {
	.handler = hip_rcv4,
	.no_policy = 1,
};

static const struct inet6_protocol hip_protocol6 = {
	.handler = hip_rcv6,
	.flags = INET6_PROTO_NOPOLICY | INET6_PROTO_FINAL,
};

int __init hip_input_init(void)
{
	int err;

	err = inet_add_protocol(&hip_protocol4, IPPROTO_HIP);
	if (err) {
		pr_err("protocol %d already taken (IPv4)\n", IPPROTO_HIP);
		return -EBUSY;
	}
	err = inet6_add_protocol(&hip_protocol6, IPPROTO_HIP);
	if (err) {
		pr_err("protocol %d already taken (IPv6)\n", IPPROTO_HIP);
		err = -EBUSY;
		goto err_v6;
	}
	err = xfrm4_protocol_register(&hip_esp4_protocol, IPPROTO_ESP);
	if (err)
		goto err_esp4;
	err = xfrm6_protocol_register(&hip_esp6_protocol, IPPROTO_ESP);
	if (err)
		goto err_esp6;
	return 0;

err_esp6:
	xfrm4_protocol_deregister(&hip_esp4_protocol, IPPROTO_ESP);
err_esp4:
	inet6_del_protocol(&hip_protocol6, IPPROTO_HIP);
err_v6:
	inet_del_protocol(&hip_protocol4, IPPROTO_HIP);
	synchronize_net();
	return err;
}

void hip_input_uninit(void)
{
	xfrm6_protocol_deregister(&hip_esp6_protocol, IPPROTO_ESP);
	xfrm4_protocol_deregister(&hip_esp4_protocol, IPPROTO_ESP);
	inet6_del_protocol(&hip_protocol6, IPPROTO_HIP);
	inet_del_protocol(&hip_protocol4, IPPROTO_HIP);
	synchronize_net();
}
