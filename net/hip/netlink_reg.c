// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "hip": services and registrations (RFC 8003,
 * RFC 8004): SERVICE_SET, SERVICE_GET, REG_NEW, REG_DEL, REG_GET and the
 * REG_NTF notifications.  The family, its policies and its operations are
 * in netlink.c.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/hip.h>

#include "events.h"
#include "netlink_priv.h"
#include "pernet.h"
#include "proto.h"
#include "reg.h"

static u32 hip_nl_lt_secs(u8 v)
{
	return min_t(u64, div_u64(hip_reg_lt_ms(v) + 500, 1000), U32_MAX);
}

/* nla_get_u32_default() is 6.11+ */
static u32 hip_nl_u32(const struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

int hip_nl_service_set(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_SERVICE_MAX + 1], *a;
	struct in6_addr *allow;
	unsigned int n = 0;
	int err, rem;
	u8 type;

	err = hip_nl_parse_nest(info, HIP_A_SERVICE, HIP_A_SERVICE_MAX,
				hip_nl_service_policy, tb);
	if (err)
		return err;
	if (!tb[HIP_A_SERVICE_TYPE] || !tb[HIP_A_SERVICE_ENABLE]) {
		NL_SET_ERR_MSG(info->extack, "missing service type or enable");
		return -EINVAL;
	}
	type = nla_get_u8(tb[HIP_A_SERVICE_TYPE]);
	if (type != HIP_REG_TYPE_RVS) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_SERVICE_TYPE],
				    "only the rendezvous service (1) is implemented");
		return -EOPNOTSUPP;
	}
	allow = kcalloc(HIP_REG_ALLOW_MAX, sizeof(*allow), GFP_KERNEL);
	if (!allow)
		return -ENOMEM;
	nla_for_each_nested(a, info->attrs[HIP_A_SERVICE], rem) {
		if (nla_type(a) != HIP_A_SERVICE_ALLOW)
			continue;
		if (n == HIP_REG_ALLOW_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "allow-list too long");
			err = -E2BIG;
			goto out;
		}
		allow[n++] = nla_get_in6_addr(a);
	}
	err = hip_reg_srv_set(hn, type, nla_get_u8(tb[HIP_A_SERVICE_ENABLE]),
			      hip_nl_u32(tb[HIP_A_SERVICE_LIFETIME_MIN]),
			      hip_nl_u32(tb[HIP_A_SERVICE_LIFETIME_MAX]),
			      allow, n);
	if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack, "minimum lifetime above the maximum");
out:
	kfree(allow);
	return err;
}

static int hip_nl_fill_service(struct sk_buff *skb,
			       const struct hip_reg_srv *srv, u8 type,
			       u32 portid, u32 seq)
{
	struct nlattr *nest;
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hip_genl_family, NLM_F_MULTI,
			  HIP_CMD_SERVICE_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HIP_A_SERVICE);
	if (!nest ||
	    nla_put_u8(skb, HIP_A_SERVICE_TYPE, type) ||
	    nla_put_u8(skb, HIP_A_SERVICE_ENABLE, 1) ||
	    nla_put_u32(skb, HIP_A_SERVICE_LIFETIME_MIN,
			hip_nl_lt_secs(srv->min_lt)) ||
	    nla_put_u32(skb, HIP_A_SERVICE_LIFETIME_MAX,
			hip_nl_lt_secs(srv->max_lt)))
		goto err;
	for (i = 0; i < srv->n_allow; i++)
		if (nla_put_in6_addr(skb, HIP_A_SERVICE_ALLOW, &srv->allow[i]))
			goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* cb->args[0] = services already sent */
int hip_nl_service_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hip_net *hn = hip_pernet(sock_net(skb->sk));
	struct hip_reg_srv *srv;
	unsigned long i;

	rcu_read_lock();
	srv = rcu_dereference(hn->reg->srv);
	for (i = cb->args[0]; srv && i < srv->n_types; i++) {
		if (hip_nl_fill_service(skb, srv, srv->types[i],
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq))
			break;
		cb->args[0] = i + 1;
	}
	rcu_read_unlock();
	return skb->len;
}

static int hip_nl_reg_parse(struct genl_info *info, struct nlattr **tb,
			    struct in6_addr *hit, u8 *type)
{
	int err;

	err = hip_nl_parse_nest(info, HIP_A_REG, HIP_A_REG_MAX,
				hip_nl_reg_policy, tb);
	if (!err)
		err = hip_nl_get_peer_hit(info, tb, HIP_A_REG_HIT, hit);
	if (err)
		return err;
	*type = tb[HIP_A_REG_TYPE] ? nla_get_u8(tb[HIP_A_REG_TYPE]) :
				     HIP_REG_TYPE_RVS;
	return 0;
}

int hip_nl_reg_new(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_REG_MAX + 1];
	struct in6_addr hit;
	u8 type;
	int err;

	err = hip_nl_reg_parse(info, tb, &hit, &type);
	if (err)
		return err;
	err = hip_reg_request(hn, &hit, type,
			      hip_nl_u32(tb[HIP_A_REG_LIFETIME]),
			      false);
	if (err == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "the registrar is not a configured peer (hipctl peer add)");
	return err;
}

int hip_nl_reg_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_REG_MAX + 1];
	struct in6_addr hit;
	u8 type;
	int err;

	err = hip_nl_reg_parse(info, tb, &hit, &type);
	if (err)
		return err;
	err = hip_reg_request(hn, &hit, type, 0, true);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such registration");
	return err;
}

/* @r: an entry (under RCU) or, for a notification, NULL with @ev */
static int hip_nl_fill_reg(struct sk_buff *skb, const struct hip_reg *r,
			   const struct hip_reg_event *ev, u32 portid,
			   u32 seq, int flags, u8 cmd)
{
	struct hip_addr local, peer;
	unsigned long left;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hip_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HIP_A_REG);
	if (!nest)
		goto err;
	if (ev) {
		if (nla_put_in6_addr(skb, HIP_A_REG_HIT, ev->hit) ||
		    nla_put_u8(skb, HIP_A_REG_TYPE, ev->type) ||
		    (ev->registrar && nla_put_flag(skb, HIP_A_REG_REGISTRAR)) ||
		    nla_put_u8(skb, HIP_A_REG_STATE, ev->state) ||
		    nla_put_u32(skb, HIP_A_REG_LIFETIME,
				hip_nl_lt_secs(ev->lifetime)) ||
		    (ev->state == HIP_REG_STATE_FAILED &&
		     nla_put_u8(skb, HIP_A_REG_FAILURE, ev->failure)))
			goto err;
		goto done;
	}
	left = READ_ONCE(r->state) == HIP_REG_STATE_GRANTED &&
	       time_before(jiffies, READ_ONCE(r->expires)) ?
	       READ_ONCE(r->expires) - jiffies : 0;
	if (nla_put_in6_addr(skb, HIP_A_REG_HIT, &r->hit) ||
	    nla_put_u8(skb, HIP_A_REG_TYPE, r->type) ||
	    (r->registrar && nla_put_flag(skb, HIP_A_REG_REGISTRAR)) ||
	    nla_put_u8(skb, HIP_A_REG_STATE, READ_ONCE(r->state)) ||
	    nla_put_u32(skb, HIP_A_REG_LIFETIME,
			hip_nl_lt_secs(READ_ONCE(r->lifetime))) ||
	    nla_put_u32(skb, HIP_A_REG_REMAINING,
			jiffies_to_msecs(left) / 1000) ||
	    (READ_ONCE(r->state) == HIP_REG_STATE_FAILED &&
	     nla_put_u8(skb, HIP_A_REG_FAILURE, READ_ONCE(r->failure))))
		goto err;
	if (r->ha && hip_ha_locators_rcu(r->ha, &local, &peer) &&
	    hip_nl_put_addr(skb, HIP_A_REG_LOCATOR, &peer))
		goto err;
done:
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* cb->args[0] = entries already sent (granted ones, then held ones) */
int hip_nl_reg_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hip_net *hn = hip_pernet(sock_net(skb->sk));
	struct hip_reg_net *rn = hn->reg;
	unsigned long idx = 0;
	struct hip_reg *r;
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i <= ARRAY_SIZE(rn->granted); i++) {
		struct hlist_head *h = i < ARRAY_SIZE(rn->granted) ?
				       &rn->granted[i] : &rn->held;

		hlist_for_each_entry_rcu(r, h, node) {
			if (idx++ < cb->args[0])
				continue;
			if (hip_nl_fill_reg(skb, r, NULL,
					    NETLINK_CB(cb->skb).portid,
					    cb->nlh->nlmsg_seq, NLM_F_MULTI,
					    HIP_CMD_REG_GET))
				goto out;
			cb->args[0] = idx;
		}
	}
out:
	rcu_read_unlock();
	return skb->len;
}

/* Registration events (events.h): any context, so GFP_ATOMIC */
static int hip_nl_reg_event(struct notifier_block *nb, unsigned long type,
			    void *data)
{
	const struct hip_event *ev = data;
	struct hip_net *hn = ev->hn;
	struct sk_buff *msg;

	if (type != HIP_EVENT_REG || READ_ONCE(hn->dying) ||
	    !genl_has_listeners(&hip_genl_family, hn->net,
				HIP_NL_MCGRP_MONITOR))
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return NOTIFY_DONE;
	if (hip_nl_fill_reg(msg, NULL, ev->reg, 0, 0, 0, HIP_CMD_REG_NTF)) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_multicast_netns(&hip_genl_family, hn->net, msg, 0,
				HIP_NL_MCGRP_MONITOR, GFP_ATOMIC);
	return NOTIFY_OK;
}

struct notifier_block hip_nl_reg_nb = {
	.notifier_call = hip_nl_reg_event,
};
