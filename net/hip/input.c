// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound packet path.
 *
 * ESP: a handler registered with xfrm4/xfrm6_protocol_register() ahead of
 * the kernel's own ESP sees every ESP packet for this host after IP
 * reassembly.  Its SPI decides what becomes of it (hip_esp_rcv(), the
 * place where forwarding for router mode will plug in).  An SPI that is
 * not ours goes on to the next handler (the kernel's IPsec, if any), so
 * both can coexist.  Ours is checked against the replay window,
 * decrypted, and rebuilt as a packet from the peer's HIT (or LSI) to ours,
 * which is then received on hip0 like any other packet: it passes
 * PRE_ROUTING and LOCAL_IN with identity addresses.
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
#include "proto.h"
#include "state.h"

#define HIP_RX_QUEUE_MAX	512

/**
 * hip_beet_decap() - BEET decapsulation (RFC 7402 section 3.3.2)
 * @ha: the association whose inbound SA decrypted @skb
 * @skb: the decrypted packet, at its payload
 * @nh: next header of the payload
 *
 * Puts back the inner IP header that the sender left out, with the peer's
 * identity as source and ours as destination: IPPROTO_BEETPH means an IPv4
 * packet between LSIs behind the BEET pseudo header, anything else an IPv6
 * packet between HITs.  The pseudo header (RFC 7402 Appendix B.1.7): pad
 * length 0 or 4, (header length + 1) * 8 octets of pseudo header, padding
 * and IPv4 options; the options go after the rebuilt IPv4 header
 * (B.1.6 step 3), where ip_rcv() checks them.  The padding is skipped
 * without looking at it.
 *
 * Return: 0 with @skb at the rebuilt IP header, -EINVAL for a malformed
 * pseudo header, or -ENOMEM.  @skb stays the caller's either way.
 */
static int hip_beet_decap(const struct hip_ha *ha, struct sk_buff *skb, u8 nh)
{
	if (nh == IPPROTO_BEETPH) {
		unsigned int phlen, optlen;
		struct ip_beet_phdr *ph;
		struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*ph)))
			return -EINVAL;
		ph = (struct ip_beet_phdr *)skb->data;
		if (ph->padlen != 0 && ph->padlen != 4)
			return -EINVAL;
		phlen = sizeof(*ph) + ph->padlen;
		optlen = (ph->hdrlen + 1) * 8 - phlen;
		if (optlen > MAX_IPOPTLEN || !pskb_may_pull(skb, phlen + optlen))
			return -EINVAL;
		nh = ((struct ip_beet_phdr *)skb->data)->nexthdr;
		skb_pull(skb, phlen);
		if (skb_cow_head(skb, sizeof(*iph)))
			return -ENOMEM;
		skb_push(skb, sizeof(*iph));
		skb_reset_network_header(skb);
		iph = ip_hdr(skb);
		iph->version = 4;
		iph->ihl = (sizeof(*iph) + optlen) / 4;
		iph->tos = 0;
		iph->tot_len = htons(skb->len);
		iph->id = 0;
		iph->frag_off = htons(IP_DF);
		iph->ttl = 64;
		iph->protocol = nh;
		iph->saddr = ha->peer_lsi;
		iph->daddr = ha->local_lsi;
		ip_send_check(iph);
		skb->protocol = htons(ETH_P_IP);
		skb_set_transport_header(skb, sizeof(*iph) + optlen);
	} else {
		struct ipv6hdr *ip6h;

		if (skb_cow_head(skb, sizeof(*ip6h)))
			return -ENOMEM;
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
	return 0;
}

/**
 * hip_rcv_deliver_local() - local delivery of a decapsulated packet
 * @hn: the namespace
 * @skb: an IP packet from a peer's identity to one of ours
 *
 * @skb is received on hip0 as if it had arrived there, and goes through
 * PRE_ROUTING, routing to the local HIT or LSI (an address of hip0) and
 * LOCAL_IN to its socket.  Consumes @skb.
 */
static void hip_rcv_deliver_local(struct hip_net *hn, struct sk_buff *skb)
{
	skb_scrub_packet(skb, true);
	memset(skb->cb, 0, sizeof(skb->cb));
	skb->dev = hn->dev;
	skb->pkt_type = PACKET_HOST;
	/* The ESP ICV covered the payload; the transport checksum was made
	 * over the sender's view of the LSIs, which may not be ours.
	 */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
	netif_rx(skb);
}

/* The inbound SA of @ha with @spi: the current one, or during a rekeying
 * the next one (RFC 7402 6.10 step 4: both are accepted until data comes
 * on the new one).  Under rcu_read_lock().
 */
static struct hip_esp_sa *hip_rcv_sa_rcu(struct hip_ha *ha, u32 spi)
{
	struct hip_esp_sa *sa = hip_ha_sa_in_rcu(ha);

	if (likely(sa && hip_esp_sa_spi(sa) == spi))
		return sa;
	sa = rcu_dereference(ha->sa_in[HIP_SA_NEXT]);
	return sa && hip_esp_sa_spi(sa) == spi ? sa : NULL;
}

/* Data arrived on the next inbound SA of a rekeying: the work makes it
 * the current one and drops the old one (RFC 7402 6.10 step 4)
 */
static void hip_rcv_check_next(struct hip_ha *ha)
{
	struct hip_esp_sa *next;
	bool used;

	rcu_read_lock();
	next = rcu_dereference(ha->sa_in[HIP_SA_NEXT]);
	used = next && hip_esp_sa_seq_in(next);
	rcu_read_unlock();
	if (used)
		hip_timers_sa_switch(ha);
}

/**
 * hip_rcv_finish() - a packet that ESP has decrypted and authenticated
 * @ha: the association whose inbound SA decrypted @skb
 * @skb: the packet, at its payload
 * @nh: next header of the payload
 *
 * Rebuilds the IP header, accounts for the packet on @ha and delivers it.
 * Consumes @skb.
 */
static void hip_rcv_finish(struct hip_ha *ha, struct sk_buff *skb, u8 nh)
{
	struct hip_net *hn = ha->hn;
	int err;

	if (nh == IPPROTO_NONE) {
		/* Dummy packet (RFC 4303 section 2.6): discard silently */
		WRITE_ONCE(ha->last_used, jiffies);
		consume_skb(skb);
		return;
	}
	err = hip_beet_decap(ha, skb, nh);
	if (err) {
		if (err == -EINVAL)
			HIP_INC(hn, DROP_ESP_MALFORMED);
		atomic64_inc(&ha->drops);
		kfree_skb(skb);
		return;
	}

	if (unlikely(rcu_access_pointer(ha->sa_in[HIP_SA_NEXT])) &&
	    !READ_ONCE(ha->want_sa_switch))
		hip_rcv_check_next(ha);
	atomic64_inc(&ha->pkts_in);
	atomic64_add(skb->len, &ha->bytes_in);
	WRITE_ONCE(ha->last_used, jiffies);
	HIP_INC(hn, ESP_IN);
	/* RFC 7401 4.4.3 Table 5: data from the peer moves R2-SENT on */
	if (unlikely(hip_ha_state(ha) == HIP_STATE_R2_SENT))
		hip_ha_transition(ha, HIP_SBIT(R2_SENT), HIP_STATE_ESTABLISHED);
	hip_rcv_deliver_local(hn, skb);
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

/**
 * hip_esp_rcv_local() - ESP for an SA that ends at this host
 * @ha: the association whose inbound SA has the packet's SPI
 * @skb: the ESP packet, at the ESP header
 *
 * Decrypts @skb, synchronously or with hip_rcv_done() later, then hands
 * it to hip_rcv_finish().  Consumes @skb and the caller's reference to
 * @ha.
 */
static void hip_esp_rcv_local(struct hip_ha *ha, struct sk_buff *skb)
{
	struct hip_esp_sa *sa;
	u8 nh = 0;
	int err;

	rcu_read_lock();
	sa = hip_rcv_sa_rcu(ha, hip_esp_peek_spi(skb));
	if (!sa) {
		rcu_read_unlock();
		HIP_INC(ha->hn, DROP_UNKNOWN_SPI);
		atomic64_inc(&ha->drops);
		kfree_skb(skb);
		goto out;
	}
	err = hip_esp_decrypt(sa, skb, &nh, hip_rcv_done, ha);
	/* Inbound sequence numbers running out: rekey (RFC 7402 6.8) */
	if (unlikely(hip_esp_sa_rekey_due(sa)))
		hip_timers_want_rekey(ha);
	rcu_read_unlock();
	if (err == -EINPROGRESS)
		return;		/* hip_rcv_done() has the reference now */
	if (err)
		hip_esp_count_err(ha, err);
	else
		hip_rcv_finish(ha, skb, nh);
out:
	hip_ha_put(ha);
}

/**
 * hip_esp_rcv() - the ESP handler: choose what becomes of an ESP packet
 * @skb: ESP for this host, after reassembly, at the ESP header
 *
 * The choice is made here, by the SPI, and only here.
 *
 * - The SPI of an inbound SA of one of our associations: the packet ends
 *   here.  hip_esp_rcv_local() decrypts it, hip_rcv_finish() rebuilds its
 *   IP header and hip_rcv_deliver_local() receives it on hip0.
 * - Any other SPI: handed back to the xfrm chain (-EINVAL), where the
 *   kernel's own IPsec may know it.
 *
 * Forwarding plugs in between the two.  Router mode (SPI-multiplexed
 * NAT) forwards the ESP of the mobile nodes behind the router: their SPIs
 * are not SAs of ours and the router has none of their keys, so such a
 * packet is not decrypted but sent on with its SPI and outer addresses
 * translated.  Its lookup goes after ours and before the packet is
 * handed back, and needs no association.  Proxy mode, as planned (the
 * kernel's NAT does the port mapping), needs no branch of its own: its
 * associations end at the proxy's identity, so its packets take local
 * delivery, and the kernel forwards them from hip0 to the legacy hosts.
 *
 * Return: 0 if the packet was ours (consumed), -EINVAL to pass it on.
 */
static int hip_esp_rcv(struct sk_buff *skb)
{
	struct hip_net *hn = hip_pernet(dev_net(skb->dev));
	struct hip_ha *ha;

	if (!pskb_may_pull(skb, 8))
		return -EINVAL;	/* not ours to judge */

	rcu_read_lock();
	ha = hip_ha_lookup_spi_rcu(hn, hip_esp_peek_spi(skb));
	if (ha && !refcount_inc_not_zero(&ha->refcount))
		ha = NULL;
	rcu_read_unlock();
	if (ha) {
		hip_esp_rcv_local(ha, skb);
		return 0;
	}

	HIP_INC(hn, DROP_UNKNOWN_SPI);
	return -EINVAL;	/* maybe the kernel's IPsec knows it */
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
	if (!pskb_may_pull(skb, HIP_HDR_LEN)) {
		HIP_INC(hn, DROP_BAD_LEN);
		goto drop;
	}
	/* RFC 7401 5.1: the packet is the 8 * (Header Length + 1) bytes the
	 * header says (at most 2048); trailing data is ignored, and the
	 * checksum covers only the packet (5.1.1)
	 */
	hdr = (const struct hip_hdr *)skb->data;
	if (skb->len < 8U * (hdr->len + 1) ||
	    pskb_trim_rcsum(skb, 8U * (hdr->len + 1)) || skb_linearize(skb)) {
		HIP_INC(hn, DROP_BAD_LEN);
		goto drop;
	}
	hdr = (const struct hip_hdr *)skb->data;
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
