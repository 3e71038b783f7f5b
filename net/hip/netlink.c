// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "hip" (include/uapi/linux/hip.h,
 * Documentation/netlink/specs/hip.yaml).
 *
 * Commands carry one nested HIP_A_HI.  All commands are strictly validated
 * (resv_start_op is the first command): unknown attributes, attributes of
 * the wrong size, read-only attributes (BITS, HIT_SUITE, PUBKEY) and
 * attributes that a command does not use are refused, each with an extack
 * message.  Commands that change state need CAP_NET_ADMIN in the user
 * namespace of the network namespace; HI_GET shows public data only.
 *
 * Notifications go to the "monitor" group (CAP_NET_ADMIN to join) of the
 * namespace concerned.  They are sent under the host identity table lock,
 * so listeners see them in the order of the changes:
 *   HI_ADD_NTF     an HI was added (DEFAULT set if it is the default)
 *   HI_DEL_NTF     an HI was deleted
 *   HI_CHANGE_NTF  another HI became the default: after HI_ADD_NTF of the
 *                  first HI or of an HI added with DEFAULT, after HI_SET,
 *                  and after HI_DEL_NTF of the default if one remains
 * Nothing is sent when a namespace goes away.
 *
 * The family uses parallel_ops: handlers run concurrently and rely on the
 * locking of hostid.c.
 */

#include <linux/kernel.h>
#include <linux/bits.h>
#include <net/ipv6.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/hip.h>

#include "hit.h"
#include "hooks.h"
#include "hostid.h"
#include "netlink.h"
#include "netlink_priv.h"
#include "pernet.h"
#include "proto.h"
#include "datapath.h"
#include "esp.h"
#include "events.h"

#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "the monitor group needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.7 or a stable backport)"
#endif

static const struct nla_policy hip_nl_hi_policy[HIP_A_HI_MAX + 1] = {
	[HIP_A_HI_HIT] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HIP_A_HI_LSI] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[HIP_A_HI_ALGO] = { .type = NLA_U8 },
	[HIP_A_HI_CURVE] = { .type = NLA_U16 },
	[HIP_A_HI_BITS] = {
		.type = NLA_REJECT,
		.reject_message = "the key size is read only",
	},
	[HIP_A_HI_HIT_SUITE] = {
		.type = NLA_REJECT,
		.reject_message = "the HIT suite is read only",
	},
	[HIP_A_HI_PRIVKEY] = { .type = NLA_BINARY, .len = HIP_PRIVKEY_MAX_LEN },
	[HIP_A_HI_PUBKEY] = {
		.type = NLA_REJECT,
		.reject_message = "the public key is read only (derived from the private key)",
	},
	[HIP_A_HI_DEFAULT] = { .type = NLA_FLAG },
};

static const struct nla_policy hip_nl_peer_policy[HIP_A_PEER_MAX + 1] = {
	[HIP_A_PEER_HIT] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HIP_A_PEER_LSI] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[HIP_A_PEER_LOCATOR] = NLA_POLICY_MIN_LEN(sizeof(__be32)),
	[HIP_A_PEER_REPLACE] = { .type = NLA_FLAG },
	[HIP_A_PEER_RVS] = NLA_POLICY_MIN_LEN(sizeof(__be32)),
};

const struct nla_policy hip_nl_ha_policy[HIP_A_HA_MAX + 1] = {
	[HIP_A_HA_PEER_HIT] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HIP_A_HA_REKEY_DH] = { .type = NLA_FLAG },
};

const struct nla_policy hip_nl_cfg_policy[HIP_A_CFG_MAX + 1] = {
	[HIP_A_CFG_PUZZLE_K] = NLA_POLICY_MAX(NLA_U8, HIP_PUZZLE_K_MAX),
	[HIP_A_CFG_IDLE_TIMEOUT] = { .type = NLA_U32 },
	[HIP_A_CFG_ESP_SUITE] = { .type = NLA_U16 },
	[HIP_A_CFG_DH_GROUP] = { .type = NLA_U8 },
	[HIP_A_CFG_ESP_SEQ_LIMIT] = NLA_POLICY_MIN(NLA_U32, 1),
	[HIP_A_CFG_NULL_CRYPTO] = NLA_POLICY_MAX(NLA_U8, 1),
	[HIP_A_CFG_CERT_MAX_DEPTH] = NLA_POLICY_RANGE(NLA_U8, 1,
						      HIP_CERT_MAX_DEPTH_LIMIT),
};

const struct nla_policy hip_nl_service_policy[HIP_A_SERVICE_MAX + 1] = {
	[HIP_A_SERVICE_TYPE] = NLA_POLICY_MIN(NLA_U8, 1),
	[HIP_A_SERVICE_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[HIP_A_SERVICE_LIFETIME_MIN] = { .type = NLA_U32 },
	[HIP_A_SERVICE_LIFETIME_MAX] = { .type = NLA_U32 },
	[HIP_A_SERVICE_ALLOW] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

const struct nla_policy hip_nl_reg_policy[HIP_A_REG_MAX + 1] = {
	[HIP_A_REG_HIT] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HIP_A_REG_TYPE] = NLA_POLICY_MIN(NLA_U8, 1),
	[HIP_A_REG_LIFETIME] = { .type = NLA_U32 },
	[HIP_A_REG_REGISTRAR] = {
		.type = NLA_REJECT,
		.reject_message = "registrations we grant are made by requesters",
	},
	[HIP_A_REG_STATE] = {
		.type = NLA_REJECT,
		.reject_message = "the state is read only",
	},
	[HIP_A_REG_REMAINING] = {
		.type = NLA_REJECT,
		.reject_message = "the remaining lifetime is read only",
	},
	[HIP_A_REG_FAILURE] = {
		.type = NLA_REJECT,
		.reject_message = "the failure type is read only",
	},
	[HIP_A_REG_LOCATOR] = {
		.type = NLA_REJECT,
		.reject_message = "the locator is read only",
	},
};

const struct nla_policy hip_nl_cert_policy[HIP_A_CERT_MAX + 1] = {
	[HIP_A_CERT_CHAIN] = { .type = NLA_BINARY,
			       .len = HIP_CERT_CHAIN_MAX_LEN },
	[HIP_A_CERT_ID] = { .type = NLA_U32 },
	[HIP_A_CERT_DELEGATED_HIT] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HIP_A_CERT_ISSUER_HIT] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HIP_A_CERT_SUBJECT_HIT] = {
		.type = NLA_REJECT,
		.reject_message = "the holder's HIT is read only (from the chain)",
	},
	[HIP_A_CERT_DEPTH] = {
		.type = NLA_REJECT,
		.reject_message = "the depth is read only (from the chain)",
	},
	[HIP_A_CERT_MAX_DEPTH] = {
		.type = NLA_REJECT,
		.reject_message = "the maximum depth is read only (from the chain)",
	},
	[HIP_A_CERT_NOT_BEFORE] = {
		.type = NLA_REJECT,
		.reject_message = "the validity is read only (from the chain)",
	},
	[HIP_A_CERT_NOT_AFTER] = {
		.type = NLA_REJECT,
		.reject_message = "the validity is read only (from the chain)",
	},
	[HIP_A_CERT_SERIAL] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       HIP_CERT_SERIAL_MAX_LEN),
	[HIP_A_CERT_REVOKED] = {
		.type = NLA_REJECT,
		.reject_message = "the revoked flag is read only (use cert-revoke)",
	},
	[HIP_A_CERT_FLUSH] = { .type = NLA_FLAG },
};

static const struct nla_policy hip_nl_policy[HIP_A_MAX + 1] = {
	[HIP_A_HI] = NLA_POLICY_NESTED(hip_nl_hi_policy),
	[HIP_A_PEER] = NLA_POLICY_NESTED(hip_nl_peer_policy),
	[HIP_A_HA] = NLA_POLICY_NESTED(hip_nl_ha_policy),
	[HIP_A_STATS] = {
		.type = NLA_REJECT,
		.reject_message = "counters are read only",
	},
	[HIP_A_CFG] = NLA_POLICY_NESTED(hip_nl_cfg_policy),
	[HIP_A_SERVICE] = NLA_POLICY_NESTED(hip_nl_service_policy),
	[HIP_A_REG] = NLA_POLICY_NESTED(hip_nl_reg_policy),
	[HIP_A_LADDR] = {
		.type = NLA_REJECT,
		.reject_message = "local addresses are read only",
	},
	[HIP_A_CERT] = NLA_POLICY_NESTED(hip_nl_cert_policy),
};

/* Attributes inside HIP_A_HI that each command accepts */
#define HIP_NL_NEW_ATTRS	(BIT(HIP_A_HI_HIT) | BIT(HIP_A_HI_LSI) |	\
				 BIT(HIP_A_HI_ALGO) | BIT(HIP_A_HI_CURVE) |	\
				 BIT(HIP_A_HI_PRIVKEY) | BIT(HIP_A_HI_DEFAULT))
#define HIP_NL_DEL_ATTRS	BIT(HIP_A_HI_HIT)
#define HIP_NL_GET_ATTRS	BIT(HIP_A_HI_HIT)
#define HIP_NL_SET_ATTRS	(BIT(HIP_A_HI_HIT) | BIT(HIP_A_HI_DEFAULT))

/* Like GENL_REQ_ATTR_CHECK() for an attribute inside @nest, but with a
 * message as well, since every rejection must say why.  Evaluates to true
 * if the attribute is missing.
 */
#define HIP_NL_ATTR_MISSING(info, nest, tb, type, msg) ({		\
	struct netlink_ext_ack *hip_extack = (info)->extack;		\
	unsigned int hip_type = (type);					\
	bool hip_missing = !(tb)[hip_type];				\
									\
	if (hip_missing) {						\
		NL_SET_ERR_ATTR_MISS(hip_extack, nest, hip_type);	\
		NL_SET_ERR_MSG(hip_extack, msg);			\
	}								\
	hip_missing;							\
})

/* Parses HIP_A_HI into @tb and refuses attributes not in @allowed. */
static int hip_nl_parse_hi(struct genl_info *info, struct nlattr **tb,
			   unsigned long allowed)
{
	unsigned int type;
	int err;

	if (!info->attrs[HIP_A_HI]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, HIP_A_HI);
		NL_SET_ERR_MSG(info->extack,
			       "missing host identity attribute (HIP_A_HI)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HIP_A_HI_MAX, info->attrs[HIP_A_HI],
			       hip_nl_hi_policy, info->extack);
	if (err)
		return err;

	for (type = 1; type <= HIP_A_HI_MAX; type++) {
		if (tb[type] && !(allowed & BIT(type))) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[type],
					    "attribute not valid for this command");
			return -EINVAL;
		}
	}
	return 0;
}

static int hip_nl_get_hit(struct genl_info *info, struct nlattr **tb,
			  struct in6_addr *hit)
{
	if (HIP_NL_ATTR_MISSING(info, info->attrs[HIP_A_HI], tb, HIP_A_HI_HIT,
				"missing HIT"))
		return -EINVAL;

	*hit = nla_get_in6_addr(tb[HIP_A_HI_HIT]);
	if (!hip_hit_is_orchid(hit)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_HI_HIT],
				    "not a HIT (outside 2001:20::/28)");
		return -EINVAL;
	}
	return 0;
}

static size_t hip_nl_hi_size(const struct hip_hi *hi)
{
	return nla_total_size(0) +			/* HIP_A_HI */
	       nla_total_size(sizeof(struct in6_addr)) + /* HIP_A_HI_HIT */
	       nla_total_size(sizeof(__be32)) +		/* HIP_A_HI_LSI */
	       nla_total_size(sizeof(u8)) +		/* HIP_A_HI_ALGO */
	       nla_total_size(sizeof(u16)) +		/* HIP_A_HI_CURVE */
	       nla_total_size(sizeof(u32)) +		/* HIP_A_HI_BITS */
	       nla_total_size(sizeof(u8)) +		/* HIP_A_HI_HIT_SUITE */
	       nla_total_size(hi->pubkey_len) +		/* HIP_A_HI_PUBKEY */
	       nla_total_size(0);			/* HIP_A_HI_DEFAULT */
}

/* Puts HIP_A_HI with the public attributes of @hi; never the private key. */
static int hip_nl_put_hi(struct sk_buff *skb, const struct hip_hi *hi,
			 bool is_default)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, HIP_A_HI);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_in6_addr(skb, HIP_A_HI_HIT, &hi->hit) ||
	    nla_put_in_addr(skb, HIP_A_HI_LSI, hi->lsi) ||
	    nla_put_u8(skb, HIP_A_HI_ALGO, hi->algo) ||
	    (hi->algo == HIP_HI_ECDSA &&
	     nla_put_u16(skb, HIP_A_HI_CURVE, hi->curve)) ||
	    nla_put_u32(skb, HIP_A_HI_BITS, hi->bits) ||
	    nla_put_u8(skb, HIP_A_HI_HIT_SUITE, hi->hit_suite) ||
	    nla_put(skb, HIP_A_HI_PUBKEY, hi->pubkey_len, hi->pubkey) ||
	    (is_default && nla_put_flag(skb, HIP_A_HI_DEFAULT))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}

	nla_nest_end(skb, nest);
	return 0;
}

static int hip_nl_fill_hi_msg(struct sk_buff *skb, const struct hip_hi *hi,
			      bool is_default, u32 portid, u32 seq, int flags,
			      u8 cmd, struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hip_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (hip_nl_put_hi(skb, hi, is_default)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}

	genlmsg_end(skb, hdr);
	return 0;
}

/* HI events (events.h): tell the "monitor" group.  Raised with the
 * namespace's host identity table lock held (hostid.c), so that they reach
 * listeners in order.  May sleep.  A notification that cannot be allocated
 * is dropped, as are those for full receive buffers.
 */
static int hip_nl_hi_event(struct notifier_block *nb, unsigned long type,
			   void *data)
{
	static const u8 cmds[] = {
		[HIP_EVENT_HI_ADD] = HIP_CMD_HI_ADD_NTF,
		[HIP_EVENT_HI_DEL] = HIP_CMD_HI_DEL_NTF,
		[HIP_EVENT_HI_CHANGE] = HIP_CMD_HI_CHANGE_NTF,
	};
	const struct hip_event *ev = data;
	struct hip_net *hn = ev->hn;
	struct sk_buff *msg;

	if (type >= ARRAY_SIZE(cmds) || !cmds[type])
		return NOTIFY_DONE;
	lockdep_assert_held(&hn->hi.lock);
	if (!genl_has_listeners(&hip_genl_family, hn->net,
				HIP_NL_MCGRP_MONITOR))
		return NOTIFY_DONE;

	msg = genlmsg_new(hip_nl_hi_size(ev->hi), GFP_KERNEL);
	if (!msg)
		return NOTIFY_DONE;
	if (hip_nl_fill_hi_msg(msg, ev->hi, ev->is_default, 0, 0, 0,
			       cmds[type], NULL)) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_multicast_netns(&hip_genl_family, hn->net, msg, 0,
				HIP_NL_MCGRP_MONITOR, GFP_KERNEL);
	return NOTIFY_OK;
}

static struct notifier_block hip_nl_hi_nb = {
	.notifier_call = hip_nl_hi_event,
};

static int hip_nl_hi_new(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_HI_MAX + 1];
	struct nlattr *nest = info->attrs[HIP_A_HI];
	struct sk_buff *msg;
	struct hip_hi *hi;
	u16 curve = 0;
	u8 algo;
	int err;

	err = hip_nl_parse_hi(info, tb, HIP_NL_NEW_ATTRS);
	if (err)
		return err;
	if (HIP_NL_ATTR_MISSING(info, nest, tb, HIP_A_HI_ALGO,
				"missing host identity algorithm") ||
	    HIP_NL_ATTR_MISSING(info, nest, tb, HIP_A_HI_PRIVKEY,
				"missing private key"))
		return -EINVAL;

	algo = nla_get_u8(tb[HIP_A_HI_ALGO]);
	if (algo == HIP_HI_ECDSA) {
		if (HIP_NL_ATTR_MISSING(info, nest, tb, HIP_A_HI_CURVE,
					"missing ECDSA curve"))
			return -EINVAL;
		curve = nla_get_u16(tb[HIP_A_HI_CURVE]);
	} else if (tb[HIP_A_HI_CURVE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_HI_CURVE],
				    "a curve is only valid for ECDSA host identities");
		return -EINVAL;
	}

	hi = hip_hi_create(algo, curve, nla_data(tb[HIP_A_HI_PRIVKEY]),
			   nla_len(tb[HIP_A_HI_PRIVKEY]), info->extack);
	if (IS_ERR(hi))
		return PTR_ERR(hi);

	/* HIT and LSI are optional; if given, they must be the derived ones. */
	err = -EINVAL;
	if (tb[HIP_A_HI_HIT] &&
	    !ipv6_addr_equal(nla_data(tb[HIP_A_HI_HIT]), &hi->hit)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_HI_HIT],
				    "HIT does not match the private key");
		goto out;
	}
	if (tb[HIP_A_HI_LSI] &&
	    nla_get_in_addr(tb[HIP_A_HI_LSI]) != hi->lsi) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_HI_LSI],
				    "LSI does not match the private key");
		goto out;
	}

	err = -ENOMEM;
	msg = genlmsg_new(hip_nl_hi_size(hi), GFP_KERNEL);
	if (!msg)
		goto out;

	/* Without a local HI nothing is for HIP: the first one registers
	 * the namespace's netfilter hooks (hooks.c)
	 */
	err = hip_hooks_ensure(hn);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "cannot register netfilter hooks");
		nlmsg_free(msg);
		goto out;
	}
	err = hip_hi_insert(hn, hi, nla_get_flag(tb[HIP_A_HI_DEFAULT]),
			    info->extack);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}

	hip_r1_hi_changed(hn);
	/* The HI is in: failing to send the reply must not report an error. */
	if (hip_nl_fill_hi_msg(msg, hi, hip_hi_is_default(hn, hi),
			       info->snd_portid, info->snd_seq, 0,
			       HIP_CMD_HI_NEW, NULL))
		nlmsg_free(msg);
	else
		genlmsg_reply(msg, info);
out:
	hip_hi_put(hi);
	return err;
}

static int hip_nl_hi_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_HI_MAX + 1];
	struct in6_addr hit;
	int err;

	err = hip_nl_parse_hi(info, tb, HIP_NL_DEL_ATTRS);
	if (!err)
		err = hip_nl_get_hit(info, tb, &hit);
	if (err)
		return err;

	err = hip_hi_remove(hn, &hit, info->extack);
	if (!err)
		hip_r1_hi_removed(hn);
	return err;
}

static int hip_nl_hi_set(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_HI_MAX + 1];
	struct in6_addr hit;
	int err;

	err = hip_nl_parse_hi(info, tb, HIP_NL_SET_ATTRS);
	if (!err)
		err = hip_nl_get_hit(info, tb, &hit);
	if (err)
		return err;

	/* Becoming the default is the only change HI_SET can make so far. */
	if (HIP_NL_ATTR_MISSING(info, info->attrs[HIP_A_HI], tb,
				HIP_A_HI_DEFAULT,
				"nothing to change (only HIP_A_HI_DEFAULT can be set)"))
		return -EINVAL;

	return hip_hi_set_default(hn, &hit, info->extack);
}

static int hip_nl_hi_get(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_HI_MAX + 1];
	struct in6_addr hit;
	struct sk_buff *msg;
	struct hip_hi *hi;
	int err;

	err = hip_nl_parse_hi(info, tb, HIP_NL_GET_ATTRS);
	if (!err)
		err = hip_nl_get_hit(info, tb, &hit);
	if (err)
		return err;

	hi = hip_hi_lookup(hn, &hit);
	if (!hi) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_HI_HIT],
				    "no host identity with this HIT");
		return -ENOENT;
	}

	err = -ENOMEM;
	msg = genlmsg_new(hip_nl_hi_size(hi), GFP_KERNEL);
	if (!msg)
		goto out;
	err = hip_nl_fill_hi_msg(msg, hi, hip_hi_is_default(hn, hi),
				 info->snd_portid, info->snd_seq, 0,
				 HIP_CMD_HI_GET, NULL);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	hip_hi_put(hi);
	return err;
}

/* Dump cursor: &hip_hi.seq of the last HI put into a message, kept in
 * cb->args[0] (low 32 bits) and cb->args[1] (high 32 bits).  The table is
 * sorted by seq and seqs are never reused, so a dump resumed after any
 * number of deletions and insertions neither repeats nor skips an HI that
 * existed throughout; HIs added meanwhile are included.  cb->seq is the
 * table generation, so a message after a change is flagged
 * NLM_F_DUMP_INTR.
 */
static u64 hip_nl_dump_cursor(const struct netlink_callback *cb)
{
	return (u64)(u32)cb->args[1] << 32 | (u32)cb->args[0];
}

static void hip_nl_dump_set_cursor(struct netlink_callback *cb, u64 seq)
{
	cb->args[0] = lower_32_bits(seq);
	cb->args[1] = upper_32_bits(seq);
}

static int hip_nl_hi_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hip_net *hn = hip_pernet(sock_net(skb->sk));
	u64 last = hip_nl_dump_cursor(cb);
	const struct hip_hi *def;
	struct hip_hi *hi;
	int err = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(hn->hi.gen);
	def = rcu_dereference(hn->hi.default_hi);
	hip_hi_for_each_rcu(hi, &hn->hi) {
		if (hi->seq <= last)
			continue;
		err = hip_nl_fill_hi_msg(skb, hi, hi == def,
					 NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI,
					 HIP_CMD_HI_GET, cb);
		if (err)
			break;
		last = hi->seq;
	}
	rcu_read_unlock();

	hip_nl_dump_set_cursor(cb, last);
	/* Not even one HI fitted into an empty message: cannot happen. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

/* ---- peers ---- */

static bool hip_nl_is_local_hit(struct hip_net *hn, const struct in6_addr *hit)
{
	bool found;

	rcu_read_lock();
	found = hip_hi_lookup_rcu(hn, hit);
	rcu_read_unlock();
	return found;
}

int hip_nl_put_addr(struct sk_buff *skb, int type, const struct hip_addr *a)
{
	if (hip_addr_is_v4(a))
		return nla_put_in_addr(skb, type, hip_addr_v4(a));
	return nla_put_in6_addr(skb, type, &a->a);
}

int hip_nl_parse_nest(struct genl_info *info, int top, int maxtype,
		      const struct nla_policy *policy, struct nlattr **tb)
{
	if (!info->attrs[top]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, top);
		NL_SET_ERR_MSG(info->extack, "missing nested attribute for this command");
		return -EINVAL;
	}
	return nla_parse_nested(tb, maxtype, info->attrs[top], policy,
				info->extack);
}

int hip_nl_get_peer_hit(struct genl_info *info, struct nlattr **tb, int type,
			struct in6_addr *hit)
{
	if (!tb[type]) {
		NL_SET_ERR_MSG(info->extack, "missing HIT");
		return -EINVAL;
	}
	*hit = nla_get_in6_addr(tb[type]);
	if (!hip_hit_is_orchid(hit)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[type],
				    "not a HIT (outside 2001:20::/28)");
		return -EINVAL;
	}
	return 0;
}

/* A locator (or rendezvous server address) attribute: IPv4 or IPv6 */
static int hip_nl_get_locator(struct genl_info *info, const struct nlattr *a,
			      struct hip_addr *l)
{
	if (nla_len(a) == sizeof(__be32)) {
		hip_addr_set_v4(l, nla_get_in_addr(a));
		if (ipv4_is_multicast(hip_addr_v4(l)) ||
		    ipv4_is_zeronet(hip_addr_v4(l)) ||
		    ipv4_is_lbcast(hip_addr_v4(l)) ||
		    hip_is_lsi(hip_addr_v4(l)))
			goto bad_loc;
	} else if (nla_len(a) == sizeof(struct in6_addr)) {
		l->a = nla_get_in6_addr(a);
		if (ipv6_addr_any(&l->a) ||
		    ipv6_addr_is_multicast(&l->a) ||
		    ipv6_addr_v4mapped(&l->a) ||
		    hip_hit_is_orchid(&l->a))
			goto bad_loc;
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "a locator is 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	return 0;
bad_loc:
	NL_SET_ERR_MSG_ATTR(info->extack, a,
			    "locator must be a unicast address (not a HIT or LSI)");
	return -EINVAL;
}

static int hip_nl_peer_new(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_PEER_MAX + 1];
	struct hip_peer *p;
	struct nlattr *a;
	int err, rem;

	err = hip_nl_parse_nest(info, HIP_A_PEER, HIP_A_PEER_MAX,
				hip_nl_peer_policy, tb);
	if (err)
		return err;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	err = hip_nl_get_peer_hit(info, tb, HIP_A_PEER_HIT, &p->hit);
	if (err)
		goto out;
	if (hip_nl_is_local_hit(hn, &p->hit)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_PEER_HIT],
				    "this HIT is one of our own host identities");
		err = -EINVAL;
		goto out;
	}
	if (tb[HIP_A_PEER_LSI]) {
		p->lsi = nla_get_in_addr(tb[HIP_A_PEER_LSI]);
		if (!hip_is_lsi(p->lsi)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[HIP_A_PEER_LSI],
					    "not an LSI (outside 1.0.0.0/8)");
			err = -EINVAL;
			goto out;
		}
	} else {
		p->lsi = hip_hit_to_lsi(&p->hit);
	}
	nla_for_each_nested(a, info->attrs[HIP_A_PEER], rem) {
		if (nla_type(a) != HIP_A_PEER_LOCATOR)
			continue;
		if (p->n_locators >= HIP_PEER_MAX_LOCATORS) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "too many locators");
			err = -E2BIG;
			goto out;
		}
		err = hip_nl_get_locator(info, a, &p->locators[p->n_locators]);
		if (err)
			goto out;
		p->n_locators++;
	}
	if (tb[HIP_A_PEER_RVS]) {
		err = hip_nl_get_locator(info, tb[HIP_A_PEER_RVS], &p->rvs);
		if (err)
			goto out;
		p->has_rvs = true;
	}
	if (!p->n_locators && !p->has_rvs) {
		NL_SET_ERR_MSG(info->extack,
			       "a peer needs at least one locator or a rendezvous server");
		err = -EINVAL;
		goto out;
	}
	err = hip_peer_add(hn, p, nla_get_flag(tb[HIP_A_PEER_REPLACE]),
			   info->extack);
out:
	kfree(p);
	return err;
}

static int hip_nl_peer_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_PEER_MAX + 1];
	struct in6_addr hit;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_PEER, HIP_A_PEER_MAX,
				hip_nl_peer_policy, tb);
	if (!err)
		err = hip_nl_get_peer_hit(info, tb, HIP_A_PEER_HIT, &hit);
	if (err)
		return err;
	return hip_peer_del(hn, &hit, info->extack);
}

static int hip_nl_fill_peer(struct sk_buff *skb, const struct hip_peer *p,
			    u32 portid, u32 seq, int flags)
{
	struct nlattr *nest;
	void *hdr;
	int i;

	hdr = genlmsg_put(skb, portid, seq, &hip_genl_family, flags,
			  HIP_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, HIP_A_PEER);
	if (!nest)
		goto err;
	if (nla_put_in6_addr(skb, HIP_A_PEER_HIT, &p->hit) ||
	    nla_put_in_addr(skb, HIP_A_PEER_LSI, p->lsi))
		goto err;
	for (i = 0; i < p->n_locators; i++)
		if (hip_nl_put_addr(skb, HIP_A_PEER_LOCATOR, &p->locators[i]))
			goto err;
	if (p->has_rvs && hip_nl_put_addr(skb, HIP_A_PEER_RVS, &p->rvs))
		goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int hip_nl_peer_get(struct sk_buff *skb, struct genl_info *info)
{
	struct hip_net *hn = hip_pernet(genl_info_net(info));
	struct nlattr *tb[HIP_A_PEER_MAX + 1];
	struct hip_peer *p;
	struct in6_addr hit;
	struct sk_buff *msg;
	int err;

	err = hip_nl_parse_nest(info, HIP_A_PEER, HIP_A_PEER_MAX,
				hip_nl_peer_policy, tb);
	if (!err)
		err = hip_nl_get_peer_hit(info, tb, HIP_A_PEER_HIT, &hit);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	p = hip_peer_lookup_rcu(hn, &hit);
	err = p ? hip_nl_fill_peer(msg, p, info->snd_portid, info->snd_seq, 0)
		: -ENOENT;
	rcu_read_unlock();
	if (err) {
		if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack, "no such peer");
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Dumps walk a list: cb->args[0] = entries already sent.  An entry
 * removed meanwhile may make the next part skip one that remains.
 */
static int hip_nl_peer_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hip_net *hn = hip_pernet(sock_net(skb->sk));
	unsigned long idx = 0;
	struct hip_peer *p;

	rcu_read_lock();
	list_for_each_entry_rcu(p, &hn->ha.peer_list, list) {
		if (idx++ < cb->args[0])
			continue;
		if (hip_nl_fill_peer(skb, p, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	return skb->len;
}

static const struct genl_ops hip_nl_ops[] = {
	{
		.cmd = HIP_CMD_HI_NEW,
		.doit = hip_nl_hi_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_HI_DEL,
		.doit = hip_nl_hi_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_HI_GET,
		.doit = hip_nl_hi_get,
		.dumpit = hip_nl_hi_dump,
	},
	{
		.cmd = HIP_CMD_HI_SET,
		.doit = hip_nl_hi_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_PEER_NEW,
		.doit = hip_nl_peer_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_PEER_DEL,
		.doit = hip_nl_peer_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_PEER_GET,
		.doit = hip_nl_peer_get,
		.dumpit = hip_nl_peer_dump,
	},
	{
		.cmd = HIP_CMD_HA_GET,
		.doit = hip_nl_ha_get,
		.dumpit = hip_nl_ha_dump,
	},
	{
		.cmd = HIP_CMD_HA_CLOSE,
		.doit = hip_nl_ha_close,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_STATS_GET,
		.doit = hip_nl_stats_get,
	},
	{
		.cmd = HIP_CMD_CFG_GET,
		.doit = hip_nl_cfg_get,
	},
	{
		.cmd = HIP_CMD_CFG_SET,
		.doit = hip_nl_cfg_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_SERVICE_SET,
		.doit = hip_nl_service_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_SERVICE_GET,
		.dumpit = hip_nl_service_dump,
	},
	{
		.cmd = HIP_CMD_REG_NEW,
		.doit = hip_nl_reg_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_REG_DEL,
		.doit = hip_nl_reg_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_REG_GET,
		.dumpit = hip_nl_reg_dump,
	},
	{
		.cmd = HIP_CMD_HA_REKEY,
		.doit = hip_nl_ha_rekey,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_CERT_ADD,
		.doit = hip_nl_cert_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_CERT_DEL,
		.doit = hip_nl_cert_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HIP_CMD_CERT_GET,
		.doit = hip_nl_cert_get,
		.dumpit = hip_nl_cert_dump,
	},
	{
		.cmd = HIP_CMD_CERT_REVOKE,
		.doit = hip_nl_cert_revoke,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group hip_nl_mcgrps[] = {
	[HIP_NL_MCGRP_MONITOR] = {
		.name = HIP_MCGRP_MONITOR,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family hip_genl_family __ro_after_init = {
	.name = HIP_FAMILY_NAME,
	.version = HIP_FAMILY_VERSION,
	.maxattr = HIP_A_MAX,
	.policy = hip_nl_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = hip_nl_ops,
	.n_ops = ARRAY_SIZE(hip_nl_ops),
	.resv_start_op = HIP_CMD_HI_NEW,
	.mcgrps = hip_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hip_nl_mcgrps),
};

int __init hip_genl_init(void)
{
	int err;

	err = genl_register_family(&hip_genl_family);
	if (err)
		return err;
	hip_events_register_hi(&hip_nl_hi_nb);
	hip_events_register_ha(&hip_nl_ha_nb);
	hip_events_register_ha(&hip_nl_reg_nb);
	return 0;
}

void hip_genl_uninit(void)
{
	hip_events_unregister_ha(&hip_nl_reg_nb);
	hip_events_unregister_ha(&hip_nl_ha_nb);
	hip_events_unregister_hi(&hip_nl_hi_nb);
	genl_unregister_family(&hip_genl_family);
}
