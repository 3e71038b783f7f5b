// SPDX-License-Identifier: GPL-2.0
/*
 * Outbound packet path.
 *
 * A LOCAL_OUT netfilter hook (IPv6 and IPv4; registered by hooks.c) takes
 * every packet routed to hip0, i.e. addressed to a HIT or an LSI.  With an
 * usable association the packet is segmented if it is GSO, its inner IP
 * header is removed (BEET mode, RFC 7402 section 3.3.2), the payload goes
 * through ESP and the result is sent with an outer IP header between the
 * locators.  Without one, the packet waits on the association's queue
 * (bounded) while the work queue runs a base exchange.
 *
 * Inner IPv4 (LSI) packets carry the BEET pseudo header (IPPROTO_BEETPH,
 * struct ip_beet_phdr, RFC 7402 Appendix B.1.7, with the IPv4 options if
 * any; see hip_beet_ph()) in front of the transport header, so that the
 * receiver knows to rebuild an IPv4 header with LSIs; inner IPv6 (HIT)
 * packets carry the transport header directly.
 */

#include <linux/kernel.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <net/dst.h>
#ifdef HIP_COMPAT_NET_GSO_H
#include <net/gso.h>	/* skb_gso_segment() moved here in 6.5 */
#endif
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "datapath.h"
#include "esp.h"
#include "hit.h"
#include "param.h"
#include "pernet.h"
#include "proto.h"

/* Route to @dst; fills an unspecified @src.  Returns a dst reference. */
static struct dst_entry *hip_route(struct hip_net *hn, struct hip_addr *src,
				   const struct hip_addr *dst, u8 proto)
{
	if (hip_addr_is_v4(dst)) {
		struct flowi4 fl4 = {
			.daddr = hip_addr_v4(dst),
			.flowi4_proto = proto,
		};
		struct rtable *rt;

		if (hip_addr_is_v4(src))
			fl4.saddr = hip_addr_v4(src);
		rt = ip_route_output_key(hn->net, &fl4);
		if (IS_ERR(rt))
			return ERR_CAST(rt);
		if (rt->rt_type != RTN_UNICAST && rt->rt_type != RTN_LOCAL) {
			ip_rt_put(rt);
			return ERR_PTR(-ENETUNREACH);
		}
		hip_addr_set_v4(src, fl4.saddr);
		return &rt->dst;
	}
	{
		struct flowi6 fl6 = {
			.daddr = dst->a,
			.flowi6_proto = proto,
		};
		struct dst_entry *d;
		int err;

		if (!hip_addr_is_v4(src))
			fl6.saddr = src->a;
		err = ip6_dst_lookup(hn->net, NULL, &d, &fl6);
		if (err)
			return ERR_PTR(err);
		src->a = fl6.saddr;
		return d;
	}
}

/* Push the outer IP header on @skb (at the payload) and send it */
static int hip_ip_send(struct hip_net *hn, struct sk_buff *skb,
		       struct dst_entry *dst, u8 proto,
		       const struct hip_addr *src, const struct hip_addr *daddr)
{
	skb_scrub_packet(skb, true);
	skb_dst_set(skb, dst);
	skb->ignore_df = 1;
	skb->ip_summed = CHECKSUM_NONE;

	if (hip_addr_is_v4(daddr)) {
		struct iphdr *iph;

		skb_push(skb, sizeof(*iph));
		skb_reset_network_header(skb);
		iph = ip_hdr(skb);
		iph->version = 4;
		iph->ihl = sizeof(*iph) >> 2;
		iph->tos = 0;
		iph->tot_len = htons(skb->len);
		iph->frag_off = 0;
		iph->ttl = ip4_dst_hoplimit(dst);
		iph->protocol = proto;
		iph->saddr = hip_addr_v4(src);
		iph->daddr = hip_addr_v4(daddr);
		skb->protocol = htons(ETH_P_IP);
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		ip_select_ident(hn->net, skb, NULL);
		return ip_local_out(hn->net, NULL, skb);
	}
	{
		struct ipv6hdr *ip6h;

		skb_push(skb, sizeof(*ip6h));
		skb_reset_network_header(skb);
		ip6h = ipv6_hdr(skb);
		ip6_flow_hdr(ip6h, 0, 0);
		ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
		ip6h->nexthdr = proto;
		ip6h->hop_limit = ip6_dst_hoplimit(dst);
		ip6h->saddr = src->a;
		ip6h->daddr = daddr->a;
		skb->protocol = htons(ETH_P_IPV6);
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		return ip6_local_out(hn->net, NULL, skb);
	}
}

int hip_route_src(struct hip_net *hn, struct hip_addr *src,
		  const struct hip_addr *dst)
{
	struct dst_entry *d = hip_route(hn, src, dst, IPPROTO_HIP);

	if (IS_ERR(d))
		return PTR_ERR(d);
	dst_release(d);
	return 0;
}

int hip_send_ctrl(struct hip_net *hn, struct hip_addr *src,
		  const struct hip_addr *dst, void *pkt, unsigned int len)
{
	struct hip_hdr *hdr = pkt;
	struct dst_entry *d;
	struct sk_buff *skb;
	unsigned int hlen = LL_MAX_HEADER + sizeof(struct ipv6hdr);
	int err;

	d = hip_route(hn, src, dst, IPPROTO_HIP);
	if (IS_ERR(d)) {
		HIP_INC(hn, DROP_NO_ROUTE);
		return PTR_ERR(d);
	}
	hdr->csum = 0;
	if (hip_addr_is_v4(dst))
		hdr->csum = hip_csum4(hip_addr_v4(src), hip_addr_v4(dst), pkt,
				      len);
	else
		hdr->csum = hip_csum6(&src->a, &dst->a, pkt, len);

	skb = alloc_skb(hlen + len, GFP_ATOMIC);
	if (!skb) {
		dst_release(d);
		HIP_INC(hn, DROP_NOMEM);
		return -ENOMEM;
	}
	skb_reserve(skb, hlen);
	skb_put_data(skb, pkt, len);
	err = hip_ip_send(hn, skb, d, IPPROTO_HIP, src, dst);
	if (!err)
		HIP_INC(hn, HIP_OUT);
	return net_xmit_eval(err);
}

static void hip_xmit_finish(struct hip_ha *ha, struct sk_buff *skb)
{
	struct hip_net *hn = ha->hn;
	const struct hip_locset *ls;
	struct hip_addr src, dst;
	struct dst_entry *d;
	bool have = false, unchecked = false;

	rcu_read_lock();
	ls = rcu_dereference(ha->locs);
	if (ls) {
		have = true;
		src = ls->local;
		dst = *hip_locset_peer(ls);
		unchecked = ls->peer[ls->cur].state != HIP_LOC_ACTIVE;
	}
	rcu_read_unlock();
	if (!have)
		goto drop;
	/* RFC 8046 3.3.2, 5.6: to an address not verified (or whose check
	 * failed, with nothing better left) only within the credit
	 */
	if (unchecked && !hip_update_credit_ok(ha, skb->len))
		goto drop;

	d = hip_route(hn, &src, &dst, IPPROTO_ESP);
	if (IS_ERR(d)) {
		HIP_INC(hn, DROP_NO_ROUTE);
		goto drop;
	}
	atomic64_inc(&ha->pkts_out);
	HIP_INC(hn, ESP_OUT);
	hip_ip_send(hn, skb, d, IPPROTO_ESP, &src, &dst);
	return;
drop:
	atomic64_inc(&ha->drops);
	kfree_skb(skb);
}

static void hip_xmit_done(struct sk_buff *skb, int err, u8 nexthdr,
			  void *cookie)
{
	struct hip_ha *ha = cookie;

	if (!err) {
		hip_xmit_finish(ha, skb);
	} else {
		HIP_INC(ha->hn, DROP_CRYPTO);
		atomic64_inc(&ha->drops);
	}
	hip_ha_put(ha);
}

/**
 * hip_beet_ph() - replace an inner IPv4 header by the BEET pseudo header
 * @skb: the inner IPv4 packet, at its IP header
 * @nexthdr: set to IPPROTO_BEETPH
 *
 * RFC 7402 Appendix B.1.7: Next Header 94, then the pseudo header (next
 * header, header length, pad length, reserved), padding of 0 or 4 NOP
 * options in front of the IPv4 options, so that all of it is a multiple
 * of 8 octets, header length = that length / 8 - 1.  Options are carried
 * as they are, as xfrm's BEET mode does (B.1.5 step 4 leaves the choice).
 * The RFC asks for the pseudo header when options are carried; we send
 * it for every inner IPv4 packet, without options as 8 octets (4 of them
 * padding): one SA pair carries the HIT (IPv6) and the LSI (IPv4) traffic
 * of an association, and the pseudo header is how the receiver tells the
 * two apart (Documentation/hip/protocol.rst, "The ESP packet format").
 * Fragments are refused: BEET does not carry the fragment fields.
 *
 * Return: 0 with @skb at the pseudo header, -EINVAL or -ENOMEM.
 */
static int hip_beet_ph(struct sk_buff *skb, u8 *nexthdr)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int optlen, padlen;
	struct ip_beet_phdr *ph;
	u8 proto;

	if (iph->ihl < 5 || ip_is_fragment(iph) ||
	    !pskb_may_pull(skb, iph->ihl * 4))
		return -EINVAL;
	iph = ip_hdr(skb);
	proto = iph->protocol;
	optlen = iph->ihl * 4 - sizeof(*iph);
	padlen = optlen % 8 ? 0 : 4;
	if (skb_cow_head(skb, 0))
		return -ENOMEM;
	/* The pseudo header and padding take the end of the IPv4 header */
	skb_pull(skb, sizeof(*iph) - sizeof(*ph) - padlen);
	ph = (struct ip_beet_phdr *)skb->data;
	ph->nexthdr = proto;
	ph->hdrlen = (sizeof(*ph) + padlen + optlen) / 8 - 1;
	ph->padlen = padlen;
	ph->reserved = 0;
	memset(ph + 1, IPOPT_NOP, padlen);
	*nexthdr = IPPROTO_BEETPH;
	return 0;
}

/* One non-GSO packet, skb->data at its inner IP header.  Consumes @skb. */
static void hip_xmit_one(struct hip_ha *ha, struct sk_buff *skb)
{
	struct hip_net *hn = ha->hn;
	struct hip_esp_sa *sa;
	struct sk_buff *out = NULL;
	unsigned int inner_len = skb->len;
	u8 nexthdr;
	int err;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto drop;

	if (ip_hdr(skb)->version == 4) {
		err = hip_beet_ph(skb, &nexthdr);
		if (err == -EINVAL)
			goto malformed;
		if (err)
			goto drop;
	} else {
		nexthdr = ipv6_hdr(skb)->nexthdr;
		skb_pull(skb, sizeof(struct ipv6hdr));
	}
	skb_reset_transport_header(skb);

	rcu_read_lock();
	sa = hip_ha_sa_out_rcu(ha);
	if (!sa) {
		rcu_read_unlock();
		goto drop;
	}
	hip_ha_get(ha);		/* for hip_xmit_done() */
	err = hip_esp_encrypt(sa, skb, nexthdr,
			      LL_MAX_HEADER + sizeof(struct ipv6hdr), &out,
			      hip_xmit_done, ha);
	/* Time to rekey (RFC 7402 6.8): once per SA, the old one carries on */
	if (unlikely(hip_esp_sa_rekey_due(sa)))
		hip_timers_want_rekey(ha);
	rcu_read_unlock();
	if (err == -EINPROGRESS) {
		atomic64_add(inner_len, &ha->bytes_out);
		return;
	}
	if (err) {
		hip_ha_put(ha);
		atomic64_inc(&ha->drops);
		if (err == -EKEYEXPIRED) {
			HIP_INC(hn, DROP_SEQ_EXHAUSTED);
			/* Until the rekeying by UPDATE completes (rekey.c) */
			hip_timers_want_rekey(ha);
		} else if (err == -ENOMEM) {
			HIP_INC(hn, DROP_NOMEM);
		} else {
			HIP_INC(hn, DROP_CRYPTO);
		}
		return;
	}
	atomic64_add(inner_len, &ha->bytes_out);
	WRITE_ONCE(ha->last_used, jiffies);
	hip_xmit_finish(ha, out);
	hip_ha_put(ha);
	return;
malformed:
	HIP_INC(hn, DROP_ESP_MALFORMED);
drop:
	atomic64_inc(&ha->drops);
	kfree_skb(skb);
}

/* Send @skb (possibly GSO) over @ha; consumes it */
static void hip_xmit(struct hip_ha *ha, struct sk_buff *skb)
{
	struct sk_buff *segs, *next;

	if (!skb_is_gso(skb)) {
		hip_xmit_one(ha, skb);
		return;
	}
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		atomic64_inc(&ha->drops);
		HIP_INC(ha->hn, DROP_NOMEM);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, segs, next) {
		skb_mark_not_on_list(segs);
		hip_xmit_one(ha, segs);
	}
}

void hip_ha_flush_queue(struct hip_ha *ha)
{
	struct sk_buff_head q;
	struct sk_buff *skb;

	__skb_queue_head_init(&q);
	spin_lock_bh(&ha->lock);
	skb_queue_splice_init(&ha->queue, &q);
	spin_unlock_bh(&ha->lock);
	local_bh_disable();
	while ((skb = __skb_dequeue(&q)))
		hip_xmit(ha, skb);
	local_bh_enable();
}

static bool hip_ha_usable(const struct hip_ha *ha)
{
	u8 state = hip_ha_state(ha);

	return (state == HIP_STATE_ESTABLISHED ||
		state == HIP_STATE_R2_SENT) &&
	       rcu_access_pointer(ha->sa_out[HIP_SA_CUR]);
}

/* Find the local HI that owns @saddr (HIT or LSI), else the default one */
static bool hip_local_ids(struct hip_net *hn, const struct sk_buff *skb,
			  struct in6_addr *local_hit, __be32 *local_lsi)
{
	struct hip_hi *hi, *found = NULL;

	rcu_read_lock();
	hip_hi_for_each_rcu(hi, &hn->hi) {
		if (ip_hdr(skb)->version == 6 ?
		    ipv6_addr_equal(&hi->hit, &ipv6_hdr(skb)->saddr) :
		    hi->lsi == ip_hdr(skb)->saddr) {
			found = hi;
			break;
		}
	}
	/* A HIT delegated to one of our HIs: we speak as it (bex.c) */
	if (!found && ip_hdr(skb)->version == 6) {
		found = hip_r1_delegate_rcu(hn, &ipv6_hdr(skb)->saddr);
		if (found) {
			*local_hit = ipv6_hdr(skb)->saddr;
			*local_lsi = found->lsi;
			rcu_read_unlock();
			return true;
		}
	}
	if (!found)
		found = rcu_dereference(hn->hi.default_hi);
	if (found) {
		*local_hit = found->hit;
		*local_lsi = found->lsi;
	}
	rcu_read_unlock();
	return found;
}

static unsigned int hip_output(struct hip_net *hn, struct sk_buff *skb)
{
	struct in6_addr peer_hit, local_hit;
	__be32 peer_lsi = 0, local_lsi = 0;
	bool v6 = ip_hdr(skb)->version == 6;
	struct hip_peer *peer;
	struct hip_ha *ha;

	rcu_read_lock();
	if (v6)
		ha = hip_ha_lookup_rcu(hn, &ipv6_hdr(skb)->daddr);
	else
		ha = hip_ha_lookup_lsi_rcu(hn, ip_hdr(skb)->daddr);
	if (ha && hip_ha_usable(ha) && refcount_inc_not_zero(&ha->refcount)) {
		rcu_read_unlock();
		WRITE_ONCE(ha->last_used, jiffies);
		hip_xmit(ha, skb);
		hip_ha_put(ha);
		return NF_STOLEN;
	}
	if (ha) {
		peer_hit = ha->peer_hit;
		peer_lsi = ha->peer_lsi;
	} else {
		peer = v6 ? hip_peer_lookup_rcu(hn, &ipv6_hdr(skb)->daddr) :
			    hip_peer_lookup_lsi_rcu(hn, ip_hdr(skb)->daddr);
		if (!peer) {
			rcu_read_unlock();
			HIP_INC(hn, DROP_NO_PEER);
			return NF_DROP;
		}
		peer_hit = peer->hit;
		peer_lsi = peer->lsi;
	}
	rcu_read_unlock();

	if (!hip_local_ids(hn, skb, &local_hit, &local_lsi)) {
		HIP_INC(hn, DROP_NO_HI);
		return NF_DROP;
	}
	ha = hip_ha_find_or_create(hn, &local_hit, &peer_hit, local_lsi,
				   peer_lsi, GFP_ATOMIC);
	if (!ha) {
		HIP_INC(hn, DROP_NOMEM);
		return NF_DROP;
	}

	spin_lock_bh(&ha->lock);
	if (ha->dead || ha->state == HIP_STATE_E_FAILED ||
	    skb_queue_len(&ha->queue) >= HIP_HA_QUEUE_MAX) {
		spin_unlock_bh(&ha->lock);
		HIP_INC(hn, DROP_QUEUE_FULL);
		atomic64_inc(&ha->drops);
		hip_ha_put(ha);
		return NF_DROP;
	}
	skb_dst_drop(skb);
	__skb_queue_tail(&ha->queue, skb);
	HIP_INC(hn, QUEUED);
	if (ha->state == HIP_STATE_UNASSOCIATED ||
	    ha->state == HIP_STATE_CLOSED || ha->state == HIP_STATE_CLOSING)
		ha->want_bex = true;
	spin_unlock_bh(&ha->lock);
	hip_timers_data_queued(ha);
	hip_ha_put(ha);
	return NF_STOLEN;
}

/* The LOCAL_OUT hook (IPv6 and IPv4), registered by hooks.c */
unsigned int hip_nf_out(void *priv, struct sk_buff *skb,
			const struct nf_hook_state *state)
{
	struct hip_net *hn = hip_pernet(state->net);
	struct dst_entry *dst = skb_dst(skb);

	if (!dst || dst->dev != hn->dev || !hn->dev)
		return NF_ACCEPT;
	/* Only identities: link-local and multicast stay on hip0 (dropped) */
	if (ip_hdr(skb)->version == 6 ?
	    !hip_hit_is_orchid(&ipv6_hdr(skb)->daddr) :
	    !hip_is_lsi(ip_hdr(skb)->daddr) ||
	    ipv4_is_lbcast(ip_hdr(skb)->daddr))
		return NF_ACCEPT;
	return hip_output(hn, skb);
}
