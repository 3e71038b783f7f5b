/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What netlink.c (the family, its policies and operations, host identity
 * and peer commands), netlink_ha.c (association, counter and setting
 * commands), netlink_reg.c (services and registrations) and
 * netlink_cert.c (delegation certificates) share.  Private to the four.
 */
#ifndef _HIP_NETLINK_PRIV_H
#define _HIP_NETLINK_PRIV_H

#include <net/genetlink.h>
#include <linux/hip.h>

struct hip_addr;

enum hip_nl_mcgrp {
	HIP_NL_MCGRP_MONITOR,
};

extern struct genl_family hip_genl_family;
extern const struct nla_policy hip_nl_ha_policy[HIP_A_HA_MAX + 1];
extern const struct nla_policy hip_nl_cfg_policy[HIP_A_CFG_MAX + 1];
extern const struct nla_policy hip_nl_service_policy[HIP_A_SERVICE_MAX + 1];
extern const struct nla_policy hip_nl_reg_policy[HIP_A_REG_MAX + 1];
extern const struct nla_policy hip_nl_cert_policy[HIP_A_CERT_MAX + 1];

/* netlink.c */
int hip_nl_put_addr(struct sk_buff *skb, int type, const struct hip_addr *a);
/* Parse the nest @top of the request with @policy into @tb (extack set) */
int hip_nl_parse_nest(struct genl_info *info, int top, int maxtype,
		      const struct nla_policy *policy, struct nlattr **tb);
/* The HIT in attribute @type of @tb, which must be there */
int hip_nl_get_peer_hit(struct genl_info *info, struct nlattr **tb, int type,
			struct in6_addr *hit);

/* netlink_ha.c */
extern struct notifier_block hip_nl_ha_nb;
int hip_nl_ha_get(struct sk_buff *skb, struct genl_info *info);
int hip_nl_ha_dump(struct sk_buff *skb, struct netlink_callback *cb);
int hip_nl_ha_close(struct sk_buff *skb, struct genl_info *info);
int hip_nl_ha_rekey(struct sk_buff *skb, struct genl_info *info);
int hip_nl_stats_get(struct sk_buff *skb, struct genl_info *info);
int hip_nl_cfg_get(struct sk_buff *skb, struct genl_info *info);
int hip_nl_cfg_set(struct sk_buff *skb, struct genl_info *info);

/* netlink_reg.c */
extern struct notifier_block hip_nl_reg_nb;
int hip_nl_service_set(struct sk_buff *skb, struct genl_info *info);
int hip_nl_service_dump(struct sk_buff *skb, struct netlink_callback *cb);
int hip_nl_reg_new(struct sk_buff *skb, struct genl_info *info);
int hip_nl_reg_del(struct sk_buff *skb, struct genl_info *info);
int hip_nl_reg_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_cert.c */
int hip_nl_cert_add(struct sk_buff *skb, struct genl_info *info);
int hip_nl_cert_del(struct sk_buff *skb, struct genl_info *info);
int hip_nl_cert_get(struct sk_buff *skb, struct genl_info *info);
int hip_nl_cert_dump(struct sk_buff *skb, struct netlink_callback *cb);
int hip_nl_cert_revoke(struct sk_buff *skb, struct genl_info *info);

#endif /* _HIP_NETLINK_PRIV_H */
