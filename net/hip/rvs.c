// SPDX-License-Identifier: GPL-2.0
/*
 * Rendezvous (RFC 8004): relaying on the rendezvous server, and the
 * checks and answer of its client.
 *
 * Server (3.3, 4.3.2): an I1 (or, for the double jump of RFC 8046 3.2.3,
 * an UPDATE) whose Receiver's HIT is not one of ours but has a live
 * RENDEZVOUS registration here goes to the client's current locator (the
 * registration association's), from our address (routing chooses it:
 * ingress filtering, 3.3), with FROM (the original source) and RVS_HMAC
 * appended, and the checksum recomputed over the new pseudo header
 * (hip_send_ctrl()).  RVS_HMAC is keyed with the registration
 * association's integrity key (4.2.1).  A FROM already there stays
 * (4.2.2); anything after it (an earlier RVS_HMAC, VIA_RVS) is dropped,
 * as the new RVS_HMAC must follow the new FROM.  Unregistered: dropped
 * (DROP_RVS_NO_REG).  A NULL Receiver's HIT is an I1 for us (4.3.2).
 * This runs in softirq for I1s (r1.c) and on the work queue for UPDATEs
 * (dispatch.c), never sleeping.
 *
 * Client (4.3.2, 4.3.3): an I1 with FROM or RVS_HMAC must carry an
 * RVS_HMAC that one of our live RENDEZVOUS registrations verifies, and
 * an opportunistic one must not carry FROM; otherwise it is dropped
 * (DROP_RVS_HMAC).  The R1 goes straight to the address in the first
 * FROM (the Initiator's), with VIA_RVS (the server's address) appended
 * after HIP_SIGNATURE_2, which does not cover it.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <net/ipv6.h>

#include "common.h"
#include "proto.h"
#include "reg.h"

/* Does this namespace offer RENDEZVOUS (is it a rendezvous server) */
static bool hip_rvs_enabled(struct hip_net *hn)
{
	struct hip_reg_srv *srv;
	bool on;

	rcu_read_lock();
	srv = rcu_dereference(hn->reg->srv);
	on = srv && hip_u8_in(HIP_REG_RVS, srv->types, srv->n_types);
	rcu_read_unlock();
	return on;
}

/* RVS_HMAC (4.2.1) of @r over the first @len bytes of @pkt, with the
 * header's Length covering them and the checksum zero
 */
static int hip_rvs_hmac(const struct hip_reg *r, const u8 *pkt,
			unsigned int len, u8 *out)
{
	struct hip_hdr h;
	const struct hip_kvec v[] = {
		{ &h, sizeof(h) }, { pkt + sizeof(h), len - sizeof(h) },
	};

	memcpy(&h, pkt, sizeof(h));
	h.len = len / 8 - 1;
	h.csum = 0;
	return hip_prf(r->mac, v, ARRAY_SIZE(v), out);
}

/* Offset of the first parameter above FROM (the end if none) */
static unsigned int hip_rvs_cut(const struct hip_parsed *hp)
{
	const u8 *base = (const u8 *)hp->hdr;
	unsigned int off = HIP_HDR_LEN;

	/* hip_parse() made every TLV fit */
	while (off < hp->len &&
	       get_unaligned_be16(base + off) <= HIP_P_FROM)
		off += HIP_PARAM_TOTAL(get_unaligned_be16(base + off + 2));
	return off;
}

/* The relayed copy of @hp into @pkt (HIP_MAX_PACKET bytes): its length */
static int hip_rvs_build(const struct hip_reg *r, const struct hip_parsed *hp,
			 const struct hip_addr *from, u8 *pkt)
{
	struct hip_builder b = { .buf = pkt, .len = hip_rvs_cut(hp) };
	u8 mac[HIP_RHASH_MAX];
	void *p;
	int len, err;

	memcpy(pkt, hp->hdr, b.len);
	p = hip_build_param(&b, HIP_P_FROM, sizeof(from->a));
	if (p)
		memcpy(p, &from->a, sizeof(from->a));
	len = hip_build_finish(&b);
	if (len < 0)
		return len;
	err = hip_rvs_hmac(r, pkt, len, mac);
	if (!err)
		err = hip_build_param_data(&b, HIP_P_RVS_HMAC, mac, r->hmac_len);
	memzero_explicit(mac, sizeof(mac));
	return err ?: hip_build_finish(&b);
}

bool hip_rvs_relay(struct hip_net *hn, const struct hip_parsed *hp,
		   const struct hip_rx_cb *cb)
{
	const struct in6_addr *rhit = &hp->hdr->receiver_hit;
	struct hip_addr src = {}, dst, local;
	struct hip_reg *r;
	bool ours;
	int len = -ENOENT;
	u8 *pkt;

	if (ipv6_addr_any(rhit) || !hip_rvs_enabled(hn))
		return false;
	rcu_read_lock();
	ours = hip_hi_lookup_rcu(hn, rhit);
	r = ours ? NULL : hip_reg_granted_rcu(hn->reg, rhit, HIP_REG_RVS);
	if (ours) {
		rcu_read_unlock();
		return false;
	}
	if (!r || !hip_reg_live(r) || !hip_ha_locators_rcu(r->ha, &local, &dst)) {
		rcu_read_unlock();
		HIP_INC(hn, DROP_RVS_NO_REG);
		return true;
	}
	pkt = kmalloc(HIP_MAX_PACKET, GFP_ATOMIC);
	if (pkt)
		len = hip_rvs_build(r, hp, &cb->src, pkt);
	rcu_read_unlock();
	if (!pkt)
		HIP_INC(hn, DROP_NOMEM);
	else if (len < 0)
		HIP_INC(hn, DROP_BAD_LEN);
	else if (!hip_send_ctrl(hn, &src, &dst, pkt, len))
		HIP_INC(hn, RVS_RELAYED);
	kfree(pkt);
	return true;
}

int hip_rvs_i1_check(struct hip_net *hn, const struct hip_parsed *hp,
		     struct hip_addr *from)
{
	const u8 *mac = hip_pval(hp, HIP_PI_RVS_HMAC);
	const struct in6_addr *f = hip_pval(hp, HIP_PI_FROM);
	unsigned int mlen = hip_plen(hp, HIP_PI_RVS_HMAC);
	u8 out[HIP_RHASH_MAX];
	struct hip_reg *r;
	bool ok = false;

	/* 4.3.2: FROM only with a valid RVS_HMAC; no FROM in an
	 * opportunistic I1
	 */
	if (!mac || (f && ipv6_addr_any(&hp->hdr->receiver_hit)))
		return -EBADMSG;
	rcu_read_lock();
	hlist_for_each_entry_rcu(r, &hn->reg->held, node) {
		if (r->type != HIP_REG_RVS || !hip_reg_live(r) ||
		    r->hmac_len != mlen ||
		    hip_rvs_hmac(r, (const u8 *)hp->hdr,
				 hp->p[HIP_PI_RVS_HMAC].off, out))
			continue;
		if (!crypto_memneq(out, mac, mlen)) {
			ok = true;
			break;
		}
	}
	rcu_read_unlock();
	memzero_explicit(out, sizeof(out));
	if (!ok)
		return -EBADMSG;
	if (f)
		from->a = *f;
	return f ? 0 : -ENOENT;
}

unsigned int hip_rvs_r1_via(u8 *pkt, unsigned int len, struct hip_rx_cb *cb,
			    const struct hip_addr *from)
{
	struct hip_builder b = { .buf = pkt, .len = len };
	void *p;
	int n;

	/* 4.2.3, 4.3.3: after the signed part; one address */
	p = hip_build_param(&b, HIP_P_VIA_RVS, sizeof(cb->src.a));
	if (p)
		memcpy(p, &cb->src.a, sizeof(cb->src.a));
	n = hip_build_finish(&b);
	/* Straight to the Initiator, from our address of its family */
	if (hip_addr_is_v4(from) != hip_addr_is_v4(&cb->dst))
		memset(&cb->dst, 0, sizeof(cb->dst));
	cb->src = *from;
	return n < 0 ? len : n;
}

/* ---- benchmark (bench.c) ---- */

/* The HITs of up to @max registrations granted here, into @hits */
static unsigned int hip_rvs_bench_hits(struct hip_reg_net *rn,
				       struct in6_addr *hits, unsigned int max)
{
	unsigned int i, n = 0;
	struct hip_reg *r;

	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(rn->granted) && n < max; i++)
		hlist_for_each_entry_rcu(r, &rn->granted[i], node)
			if (n < max && r->type == HIP_REG_RVS)
				hits[n++] = r->hit;
	rcu_read_unlock();
	return n;
}

/* One relay as hip_rvs_relay() does it, up to the send: parse, lookups,
 * copy, FROM, RVS_HMAC
 */
static int hip_rvs_bench_one(struct hip_net *hn, const u8 *i1,
			     unsigned int len, u8 *out)
{
	struct hip_addr from = {}, local, dst;
	struct hip_parsed hp;
	struct hip_reg *r;
	int err;

	err = hip_parse(i1, len, &hp);
	if (err)
		return err;
	rcu_read_lock();
	r = hip_hi_lookup_rcu(hn, &hp.hdr->receiver_hit) ? NULL :
	    hip_reg_granted_rcu(hn->reg, &hp.hdr->receiver_hit, HIP_REG_RVS);
	if (!r || !hip_reg_live(r) || !hip_ha_locators_rcu(r->ha, &local, &dst))
		err = -ENOENT;
	else
		err = hip_rvs_build(r, &hp, &from, out);
	rcu_read_unlock();
	return err < 0 ? err : 0;
}

int hip_rvs_bench_relay(struct hip_net *hn, u32 n, u64 *ns)
{
	struct in6_addr *hits;
	struct hip_builder b;
	u8 *i1, *out, groups[] = { 7, 8 };
	unsigned int nh, len;
	u64 t0, total = 0;
	int err = 0;
	u32 k;

	hits = kvmalloc_array(HIP_REG_MAX, sizeof(*hits), GFP_KERNEL);
	i1 = kzalloc(HIP_MAX_PACKET, GFP_KERNEL);
	out = kmalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!hits || !i1 || !out) {
		err = -ENOMEM;
		goto out;
	}
	nh = hip_rvs_bench_hits(hn->reg, hits, HIP_REG_MAX);
	if (!nh) {
		err = -ENOENT;
		goto out;
	}
	for (k = 0; k < n && !err; k++) {
		hip_build_start(&b, i1, HIP_I1, &hits[(k * 7919) % nh],
				&hits[get_random_u32_below(nh)]);
		hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, groups,
				     sizeof(groups));
		len = hip_build_finish(&b);
		t0 = ktime_get_ns();
		err = hip_rvs_bench_one(hn, i1, len, out);
		total += ktime_get_ns() - t0;
		if (!(k % 256))
			cond_resched();
	}
	*ns = n ? div_u64(total, n) : 0;
out:
	kfree(out);
	kfree(i1);
	kvfree(hits);
	return err;
}
