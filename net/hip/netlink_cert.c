// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "hip": delegation certificates (RFC 8002;
 * Documentation/hip/delegation.rst): CERT_ADD, CERT_DEL, CERT_GET and
 * CERT_REVOKE on the namespace's certificate store (certstore.c).  The
 * family, its policies and its operations are in netlink.c.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/hip.h>

#include "certstore.h"
#include "netlink_priv.h"
#include "pernet.h"
#include "proto.h"

/* One delegation (@e) or revocation list entry (@r) */
static int hip_nl_fill_cert(struct sk_buff *skb,
			    const struct hip_cert_entry *e,
			    const struct hip_cert_revoked *r, bool chain,
			    u32 portid, u32 seq, int flags, u8 cmd)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hip_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HIP_A_CERT);
	if (!nest)
		goto err;
	if (r) {
		if (nla_put_flag(skb, HIP_A_CERT_REVOKED) ||
		    nla_put_in6_addr(skb, HIP_A_CERT_ISSUER_HIT,
				     &r->link.issuer) ||
		    nla_put(skb, HIP_A_CERT_SERIAL, r->link.serial_len,
			    r->link.serial))
			goto err;
	} else {
		const struct hip_cert_result *i = &e->info;

		if (nla_put_u32(skb, HIP_A_CERT_ID, e->id) ||
		    nla_put_in6_addr(skb, HIP_A_CERT_DELEGATED_HIT,
				     &i->delegated_hit) ||
		    nla_put_in6_addr(skb, HIP_A_CERT_ISSUER_HIT,
				     &i->issuer_hit) ||
		    nla_put_in6_addr(skb, HIP_A_CERT_SUBJECT_HIT,
				     &i->subject_hit) ||
		    nla_put_u8(skb, HIP_A_CERT_DEPTH, i->depth) ||
		    nla_put_u8(skb, HIP_A_CERT_MAX_DEPTH, i->max_depth) ||
		    nla_put_u64_64bit(skb, HIP_A_CERT_NOT_BEFORE,
				      i->not_before, HIP_A_CERT_PAD) ||
		    nla_put_u64_64bit(skb, HIP_A_CERT_NOT_AFTER,
				      i->not_after, HIP_A_CERT_PAD) ||
		    nla_put(skb, HIP_A_CERT_SERIAL, i->serial_len, i->serial))
			goto err;
		if (chain && nla_put(skb, HIP_A_CERT_CHAIN, e->chain_len,
				     e->chain))
			goto err;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Reply to @info with the entry @id (its chain too if @chain) */
static int hip_nl_cert_reply(struct genl_info *info, struct hip_net *hn,
			     u32 id, bool chain)
{
	struct hip_cert_store *cs = &hn->certs;
	struct hip_cert_entry *e;
	struct sk_buff *msg;
	int err = -ENOENT;

	mutex_lock(&cs->lock);
	list_for_each_entry(e, &cs->certs, list) {
		if (e->id != id)
			continue;
		msg = genlmsg_new(NLMSG_GOODSIZE + (chain ? e->chain_len : 0),
				  GFP_KERNEL);
		if (!msg) {
			err = -ENOMEM;
			break;
		}
		err = hip_nl_fill_cert(msg, e, NULL, chain, info->snd_portid,
				       info->snd_seq, 0, HIP_CMD_CERT_GET);
		if (err) {
			nlmsg_free(msg);
			break;
		}
		mutex_unlock(&cs->lock);
		return genlmsg_reply(msg, info);
	}
	mutex_unlock(&cs->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no delegation with this ID");
	return err;
}

int hip_nl_cert_add(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_CERT_MAX + 1];
	u32 id;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_CERT, HIP_A_CERT_MAX,
				hip_nl_cert_policy, tb);
	if (err)
		return err;
	if (!tb[HIP_A_CERT_CHAIN]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[HIP_A_CERT],
				     HIP_A_CERT_CHAIN);
		NL_SET_ERR_MSG(info->extack, "missing certificate chain");
		return -EINVAL;
	}
	if (tb[HIP_A_CERT_ID] || tb[HIP_A_CERT_DELEGATED_HIT] ||
	    tb[HIP_A_CERT_ISSUER_HIT] || tb[HIP_A_CERT_SERIAL] ||
	    tb[HIP_A_CERT_FLUSH]) {
		NL_SET_ERR_MSG(info->extack, "cert-add takes only the chain");
		return -EINVAL;
	}
	err = hip_cert_add(hn, nla_data(tb[HIP_A_CERT_CHAIN]),
			   nla_len(tb[HIP_A_CERT_CHAIN]), &id, info->extack);
	if (err)
		return err;
	/* R1s for the delegated HIT, in place when we answer (r1.c) */
	hip_r1_rebuild_sync(hn);
	/* The entry may be gone already (a concurrent delete): no reply */
	err = hip_nl_cert_reply(info, hn, id, false);
	return err == -ENOENT ? 0 : err;
}

int hip_nl_cert_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_CERT_MAX + 1];
	struct in6_addr hit = { };
	u32 id = 0;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_CERT, HIP_A_CERT_MAX,
				hip_nl_cert_policy, tb);
	if (err)
		return err;
	if (!!tb[HIP_A_CERT_ID] == !!tb[HIP_A_CERT_DELEGATED_HIT]) {
		NL_SET_ERR_MSG(info->extack, "give either the ID or the delegated HIT");
		return -EINVAL;
	}
	if (tb[HIP_A_CERT_ID]) {
		id = nla_get_u32(tb[HIP_A_CERT_ID]);
		if (!id) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_CERT_ID],
					    "IDs start at 1");
			return -EINVAL;
		}
	} else {
		err = hip_nl_get_peer_hit(info, tb, HIP_A_CERT_DELEGATED_HIT,
					  &hit);
		if (err)
			return err;
	}
	err = hip_cert_del(hn, id, &hit);
	if (err)
		NL_SET_ERR_MSG(info->extack, "no such delegation");
	else
		hip_r1_rebuild_sync(hn);	/* its R1s go */
	return err;
}

int hip_nl_cert_get(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_CERT_MAX + 1];
	int err;

	err = hip_nl_parse_nest(info, HIP_A_CERT, HIP_A_CERT_MAX,
				hip_nl_cert_policy, tb);
	if (err)
		return err;
	if (!tb[HIP_A_CERT_ID]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[HIP_A_CERT],
				     HIP_A_CERT_ID);
		NL_SET_ERR_MSG(info->extack, "missing delegation ID");
		return -EINVAL;
	}
	return hip_nl_cert_reply(info, hn, nla_get_u32(tb[HIP_A_CERT_ID]),
				 true);
}

/* The delegations, then the revocation list; cb->args[0] counts entries
 * already sent
 */
int hip_nl_cert_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hip_net *hn = hip_pernet(sock_net(skb->sk));
	struct hip_cert_store *cs = &hn->certs;
	struct hip_cert_revoked *r;
	struct hip_cert_entry *e;
	unsigned long idx = 0;

	mutex_lock(&cs->lock);
	cb->seq = cs->gen;
	list_for_each_entry(e, &cs->certs, list) {
		if (idx++ < cb->args[0])
			continue;
		if (hip_nl_fill_cert(skb, e, NULL, false,
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI,
				     HIP_CMD_CERT_GET))
			goto out;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		cb->args[0] = idx;
	}
	list_for_each_entry(r, &cs->revoked, list) {
		if (idx++ < cb->args[0])
			continue;
		if (hip_nl_fill_cert(skb, NULL, r, false,
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI,
				     HIP_CMD_CERT_GET))
			goto out;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		cb->args[0] = idx;
	}
out:
	mutex_unlock(&cs->lock);
	return skb->len;
}

int hip_nl_cert_revoke(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_CERT_MAX + 1];
	struct in6_addr issuer;
	const u8 *serial;
	unsigned int len;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_CERT, HIP_A_CERT_MAX,
				hip_nl_cert_policy, tb);
	if (err)
		return err;
	if (tb[HIP_A_CERT_FLUSH]) {
		if (tb[HIP_A_CERT_ISSUER_HIT] || tb[HIP_A_CERT_SERIAL]) {
			NL_SET_ERR_MSG(info->extack, "flush takes no certificate");
			return -EINVAL;
		}
		hip_cert_revoke_flush(hn);
		return 0;
	}
	err = hip_nl_get_peer_hit(info, tb, HIP_A_CERT_ISSUER_HIT, &issuer);
	if (err)
		return err;
	if (!tb[HIP_A_CERT_SERIAL]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[HIP_A_CERT],
				     HIP_A_CERT_SERIAL);
		NL_SET_ERR_MSG(info->extack, "missing serial number");
		return -EINVAL;
	}
	/* As cert.c keeps serials: the magnitude, no leading zero octets */
	serial = nla_data(tb[HIP_A_CERT_SERIAL]);
	len = nla_len(tb[HIP_A_CERT_SERIAL]);
	while (len && !*serial) {
		serial++;
		len--;
	}
	if (!len) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_CERT_SERIAL],
				    "serial numbers are positive (RFC 5280 4.1.2.2)");
		return -EINVAL;
	}
	err = hip_cert_revoke(hn, &issuer, serial, len);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "the revocation list is full");
	else if (!err)
		hip_r1_rebuild_sync(hn);	/* R1s of dropped delegations */
	return err;
}
