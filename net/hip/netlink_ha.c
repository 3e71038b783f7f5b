// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "hip": association commands (HA_GET, HA_CLOSE),
 * their HA_CHANGE_NTF and LOC_CHANGE_NTF notifications (the latter also
 * for our local addresses), counters (STATS_GET) and settings
 * (CFG_GET, CFG_SET).  The family, its policies and its operations are in
 * netlink.c.
 */

#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/hip.h>

#include "esp.h"
#include "events.h"
#include "locator.h"
#include "netlink_priv.h"
#include "pernet.h"
#include "proto.h"

/* The peer's locators (RFC 8046 5.1), one HIP_A_HA_PEER_LOC each; under
 * rcu_read_lock()
 */
static int hip_nl_put_locs(struct sk_buff *skb, const struct hip_locset *ls,
			   unsigned long now)
{
	unsigned int i;

	for (i = 0; i < ls->n; i++) {
		const struct hip_locator *l = &ls->peer[i];
		/* 0 and the maximum both mean unbounded (RFC 8046 5.1) */
		u32 lifetime = l->lifetime == U32_MAX ? 0 : l->lifetime;
		unsigned long exp = (l->refreshed ?: l->since) +
			min_t(u64, (u64)lifetime * HZ, MAX_JIFFY_OFFSET);
		struct nlattr *nest = nla_nest_start(skb, HIP_A_HA_PEER_LOC);

		if (!nest ||
		    hip_nl_put_addr(skb, HIP_A_LOC_ADDR, &l->addr) ||
		    nla_put_u8(skb, HIP_A_LOC_STATE, l->state) ||
		    nla_put_u32(skb, HIP_A_LOC_LIFETIME, lifetime) ||
		    (lifetime && l->state != HIP_LOC_DEPRECATED &&
		     nla_put_u32(skb, HIP_A_LOC_EXPIRES,
				 time_after(exp, now) ?
				 jiffies_to_msecs(exp - now) / 1000 : 0)) ||
		    nla_put_u32(skb, HIP_A_LOC_AGE,
				jiffies_to_msecs(now - l->since) / 1000) ||
		    (l->preferred && nla_put_flag(skb, HIP_A_LOC_PREFERRED)) ||
		    (i == ls->cur && nla_put_flag(skb, HIP_A_LOC_CURRENT)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* The current pair and the peer's locators */
static int hip_nl_put_locators(struct sk_buff *skb, struct hip_ha *ha,
			       unsigned long now)
{
	const struct hip_locset *ls;
	int err = 0;

	rcu_read_lock();
	ls = rcu_dereference(ha->locs);
	if (ls &&
	    (hip_nl_put_addr(skb, HIP_A_HA_LOCAL_LOCATOR, &ls->local) ||
	     hip_nl_put_addr(skb, HIP_A_HA_PEER_LOCATOR, hip_locset_peer(ls)) ||
	     hip_nl_put_locs(skb, ls, now)))
		err = -EMSGSIZE;
	rcu_read_unlock();
	return err;
}

/* @state: the state to report (a notification reports the new state even
 * if the association has moved on since)
 */
static int hip_nl_fill_ha(struct sk_buff *skb, struct hip_ha *ha, u8 state,
			  u32 portid, u32 seq, int flags, u8 cmd)
{
	unsigned long now = jiffies;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hip_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HIP_A_HA);
	if (!nest)
		goto err;
	if (nla_put_u8(skb, HIP_A_HA_STATE, state) ||
	    nla_put_in6_addr(skb, HIP_A_HA_LOCAL_HIT, &ha->local_hit) ||
	    nla_put_in6_addr(skb, HIP_A_HA_PEER_HIT, &ha->peer_hit) ||
	    (ha->local_lsi &&
	     nla_put_in_addr(skb, HIP_A_HA_LOCAL_LSI, ha->local_lsi)) ||
	    (ha->peer_lsi &&
	     nla_put_in_addr(skb, HIP_A_HA_PEER_LSI, ha->peer_lsi)))
		goto err;
	if (cmd == HIP_CMD_HA_CHANGE_NTF)
		goto done;
	if (hip_nl_put_locators(skb, ha, now))
		goto err;
	if ((READ_ONCE(ha->spi_in) &&
	     nla_put_u32(skb, HIP_A_HA_SPI_IN, READ_ONCE(ha->spi_in))) ||
	    (ha->spi_out && nla_put_u32(skb, HIP_A_HA_SPI_OUT, ha->spi_out)) ||
	    (ha->keys.dh_group && nla_put_u8(skb, HIP_A_HA_DH_GROUP, ha->keys.dh_group)) ||
	    (ha->keys.hip_cipher &&
	     nla_put_u16(skb, HIP_A_HA_HIP_CIPHER, ha->keys.hip_cipher)) ||
	    (ha->keys.esp_suite &&
	     nla_put_u16(skb, HIP_A_HA_ESP_SUITE, ha->keys.esp_suite)) ||
	    (ha->keys.hit_suite &&
	     nla_put_u8(skb, HIP_A_HA_HIT_SUITE, ha->keys.hit_suite)) ||
	    (ha->initiator && nla_put_flag(skb, HIP_A_HA_INITIATOR)) ||
	    nla_put_u64_64bit(skb, HIP_A_HA_PKTS_IN,
			      atomic64_read(&ha->pkts_in), HIP_A_HA_PAD) ||
	    nla_put_u64_64bit(skb, HIP_A_HA_PKTS_OUT,
			      atomic64_read(&ha->pkts_out), HIP_A_HA_PAD) ||
	    nla_put_u64_64bit(skb, HIP_A_HA_BYTES_IN,
			      atomic64_read(&ha->bytes_in), HIP_A_HA_PAD) ||
	    nla_put_u64_64bit(skb, HIP_A_HA_BYTES_OUT,
			      atomic64_read(&ha->bytes_out), HIP_A_HA_PAD) ||
	    nla_put_u64_64bit(skb, HIP_A_HA_DROPS,
			      atomic64_read(&ha->drops), HIP_A_HA_PAD) ||
	    nla_put_u32(skb, HIP_A_HA_AGE,
			jiffies_to_msecs(now - READ_ONCE(ha->created)) / 1000) ||
	    nla_put_u32(skb, HIP_A_HA_IDLE,
			jiffies_to_msecs(now - READ_ONCE(ha->last_used)) / 1000) ||
	    (READ_ONCE(ha->bex_usec) &&
	     nla_put_u32(skb, HIP_A_HA_BEX_USEC, READ_ONCE(ha->bex_usec))))
		goto err;
done:
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* LOC_CHANGE_NTF with our usable local addresses */
static int hip_nl_fill_laddr(struct sk_buff *skb, struct hip_net *hn)
{
	struct hip_addr addrs[HIP_LADDR_MAX];
	struct nlattr *nest;
	unsigned int i, n;
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &hip_genl_family, 0,
			  HIP_CMD_LOC_CHANGE_NTF);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HIP_A_LADDR);
	if (!nest)
		goto err;
	n = hip_local_addrs(hn, addrs, HIP_LADDR_MAX);
	for (i = 0; i < n; i++)
		if (hip_nl_put_addr(skb, HIP_A_LADDR_ADDR, &addrs[i]))
			goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int hip_nl_fill_event(struct sk_buff *msg, unsigned long type,
			     const struct hip_event *ev)
{
	switch (type) {
	case HIP_EVENT_HA_STATE:
		return hip_nl_fill_ha(msg, ev->ha, ev->state, 0, 0, 0,
				      HIP_CMD_HA_CHANGE_NTF);
	case HIP_EVENT_HA_LOCATORS:
		return hip_nl_fill_ha(msg, ev->ha, hip_ha_state(ev->ha), 0, 0,
				      0, HIP_CMD_LOC_CHANGE_NTF);
	case HIP_EVENT_LADDR:
		return hip_nl_fill_laddr(msg, ev->hn);
	}
	return -EOPNOTSUPP;
}

/* Association and local address events (events.h): any context, so
 * GFP_ATOMIC
 */
static int hip_nl_ha_event(struct notifier_block *nb, unsigned long type,
			   void *data)
{
	const struct hip_event *ev = data;
	struct hip_net *hn = ev->hn;
	struct sk_buff *msg;

	if (READ_ONCE(hn->dying) ||
	    !genl_has_listeners(&hip_genl_family, hn->net,
				HIP_NL_MCGRP_MONITOR))
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return NOTIFY_DONE;
	if (hip_nl_fill_event(msg, type, ev)) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_multicast_netns(&hip_genl_family, hn->net, msg, 0,
				HIP_NL_MCGRP_MONITOR, GFP_ATOMIC);
	return NOTIFY_OK;
}

struct notifier_block hip_nl_ha_nb = {
	.notifier_call = hip_nl_ha_event,
};

/* The association named by HIP_A_HA_PEER_HIT, with a reference; @rekey_dh
 * (may be NULL) gets HIP_A_HA_REKEY_DH
 */
static int hip_nl_lookup_ha(struct genl_info *info, struct hip_ha **hap,
			    bool *rekey_dh)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_HA_MAX + 1];
	struct in6_addr hit;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_HA, HIP_A_HA_MAX, hip_nl_ha_policy,
				tb);
	if (rekey_dh)
		*rekey_dh = !err && nla_get_flag(tb[HIP_A_HA_REKEY_DH]);
	if (!err)
		err = hip_nl_get_peer_hit(info, tb, HIP_A_HA_PEER_HIT, &hit);
	if (err)
		return err;
	*hap = hip_ha_lookup(hn, &hit);
	if (!*hap) {
		NL_SET_ERR_MSG(info->extack, "no association with this HIT");
		return -ENOENT;
	}
	return 0;
}

int hip_nl_ha_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct hip_ha *ha;
	int err;

	err = hip_nl_lookup_ha(info, &ha, NULL);
	if (err)
		return err;
	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (msg) {
		err = hip_nl_fill_ha(msg, ha, hip_ha_state(ha),
				     info->snd_portid, info->snd_seq,
				     0, HIP_CMD_HA_GET);
		if (err)
			nlmsg_free(msg);
		else
			err = genlmsg_reply(msg, info);
	}
	hip_ha_put(ha);
	return err;
}

int hip_nl_ha_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hip_net *hn = hip_pernet(sock_net(skb->sk));
	unsigned long idx = 0;
	struct hip_ha *ha;

	rcu_read_lock();
	list_for_each_entry_rcu(ha, &hn->ha.ha_list, list) {
		if (idx++ < cb->args[0])
			continue;
		if (hip_nl_fill_ha(skb, ha, hip_ha_state(ha),
				   NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI,
				   HIP_CMD_HA_GET))
			break;
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	return skb->len;
}

int hip_nl_ha_close(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_ha *ha;
	int err;

	err = hip_nl_lookup_ha(info, &ha, NULL);
	if (err)
		return err;
	mutex_lock(&ha->hn->ha.bex_mutex);
	if (ha->dead) {
		err = -ENOENT;
	} else {
		err = hip_close_start(ha);
		if (err == -ENOTCONN) {
			/* Not established: there is nothing to close
			 * politely; drop the association.
			 */
			hip_ha_destroy(ha);
			err = 0;
		}
	}
	mutex_unlock(&ha->hn->ha.bex_mutex);
	hip_ha_put(ha);
	return err;
}

int hip_nl_ha_rekey(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_ha *ha;
	bool dh;
	int err;

	err = hip_nl_lookup_ha(info, &ha, &dh);
	if (err)
		return err;
	mutex_lock(&ha->hn->ha.bex_mutex);
	err = ha->dead ? -ENOENT : hip_rekey_start(ha, dh);
	mutex_unlock(&ha->hn->ha.bex_mutex);
	if (err == -ENOTCONN)
		NL_SET_ERR_MSG(info->extack, "association not established");
	else if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack, "a rekeying is outstanding");
	hip_ha_put(ha);
	return err;
}

/* ---- counters and configuration ---- */

int hip_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	u64 sum[__HIP_STAT_MAX] = {};
	struct sk_buff *msg;
	struct nlattr *nest;
	int cpu, i;
	void *hdr;

	for_each_possible_cpu(cpu) {
		const struct hip_stats *st = per_cpu_ptr(hn->stats, cpu);

		for (i = 0; i < __HIP_STAT_MAX; i++)
			sum[i] += READ_ONCE(st->v[i]);
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hip_genl_family, 0,
				HIP_CMD_STATS_GET);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, HIP_A_STATS);
	if (!nest)
		goto err;
	/* 64-bit values: attribute type 0 is never a counter, so use it as pad */
	for (i = 0; i < __HIP_STAT_MAX; i++)
		if (nla_put_u64_64bit(msg, i + 1, sum[i], 0))
			goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int hip_nl_cfg_get(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hip_genl_family, 0, HIP_CMD_CFG_GET);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, HIP_A_CFG);
	if (!nest ||
	    nla_put_u8(msg, HIP_A_CFG_PUZZLE_K, READ_ONCE(hn->cfg.puzzle_k)) ||
	    nla_put_u32(msg, HIP_A_CFG_IDLE_TIMEOUT,
			READ_ONCE(hn->cfg.idle_timeout)) ||
	    nla_put_u16(msg, HIP_A_CFG_ESP_SUITE, READ_ONCE(hn->cfg.esp_suite)) ||
	    nla_put_u8(msg, HIP_A_CFG_DH_GROUP, READ_ONCE(hn->cfg.dh_group)) ||
	    nla_put_u32(msg, HIP_A_CFG_ESP_SEQ_LIMIT,
			READ_ONCE(hn->cfg.esp_seq_limit)) ||
	    nla_put_u8(msg, HIP_A_CFG_NULL_CRYPTO,
		       READ_ONCE(hn->cfg.null_crypto)) ||
	    nla_put_u8(msg, HIP_A_CFG_CERT_MAX_DEPTH,
		       READ_ONCE(hn->cfg.cert_max_depth)))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int hip_nl_cfg_set(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_CFG_MAX + 1];
	bool rebuild = false;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_CFG, HIP_A_CFG_MAX,
				hip_nl_cfg_policy, tb);
	if (err)
		return err;
	/* Validate everything before changing anything.  The null-noauth
	 * suite is switched on through debugfs only (bench.c).
	 */
	if (tb[HIP_A_CFG_ESP_SUITE] &&
	    (!hip_esp_suite_supported(nla_get_u16(tb[HIP_A_CFG_ESP_SUITE])) ||
	     nla_get_u16(tb[HIP_A_CFG_ESP_SUITE]) == HIP_ESP_NULL_NOAUTH)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_CFG_ESP_SUITE],
				    "unsupported ESP transform suite");
		return -EOPNOTSUPP;
	}
	if (tb[HIP_A_CFG_DH_GROUP] &&
	    !hip_dh_supported(nla_get_u8(tb[HIP_A_CFG_DH_GROUP]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_CFG_DH_GROUP],
				    "unsupported DH group");
		return -EOPNOTSUPP;
	}
	if (tb[HIP_A_CFG_PUZZLE_K]) {
		WRITE_ONCE(hn->cfg.puzzle_k, nla_get_u8(tb[HIP_A_CFG_PUZZLE_K]));
		rebuild = true;
	}
	if (tb[HIP_A_CFG_IDLE_TIMEOUT])
		WRITE_ONCE(hn->cfg.idle_timeout,
			   nla_get_u32(tb[HIP_A_CFG_IDLE_TIMEOUT]));
	if (tb[HIP_A_CFG_ESP_SUITE]) {
		WRITE_ONCE(hn->cfg.esp_suite,
			   nla_get_u16(tb[HIP_A_CFG_ESP_SUITE]));
		rebuild = true;
	}
	if (tb[HIP_A_CFG_DH_GROUP]) {
		WRITE_ONCE(hn->cfg.dh_group, nla_get_u8(tb[HIP_A_CFG_DH_GROUP]));
		/* the R1s carry our DH_GROUP_LIST (RFC 7401 5.2.6) */
		rebuild = true;
	}
	if (tb[HIP_A_CFG_ESP_SEQ_LIMIT])
		WRITE_ONCE(hn->cfg.esp_seq_limit,
			   nla_get_u32(tb[HIP_A_CFG_ESP_SEQ_LIMIT]));
	if (tb[HIP_A_CFG_NULL_CRYPTO]) {
		/* The R1s carry the HIP_CIPHER and ESP_TRANSFORM lists */
		WRITE_ONCE(hn->cfg.null_crypto,
			   nla_get_u8(tb[HIP_A_CFG_NULL_CRYPTO]));
		rebuild = true;
	}
	if (tb[HIP_A_CFG_CERT_MAX_DEPTH])
		WRITE_ONCE(hn->cfg.cert_max_depth,
			   nla_get_u8(tb[HIP_A_CFG_CERT_MAX_DEPTH]));
	if (rebuild)
		hip_r1_rebuild_sync(hn);
	return 0;
}

