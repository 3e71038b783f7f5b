// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hip0 addresses over rtnetlink, with libnl core only (hand-built
 * RTM_NEWLINK / RTM_NEWADDR / RTM_DELADDR, as "ip link set hip0 up" and
 * "ip addr add HIT/28 dev hip0 nodad" would send them).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nl.h"
#include "rtnl.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct nl_msg *rtnl_addr_msg(bool add, int ifindex, const uint8_t *addr,
			     size_t len, unsigned int prefixlen)
{
	struct ifaddrmsg ifa = {
		.ifa_family = len == 4 ? AF_INET : AF_INET6,
		.ifa_prefixlen = prefixlen,
		.ifa_flags = len == 16 ? IFA_F_NODAD : 0,
		.ifa_scope = RT_SCOPE_UNIVERSE,
		.ifa_index = ifindex,
	};
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(add ? RTM_NEWADDR : RTM_DELADDR,
				 add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, IFA_LOCAL, len, addr) < 0 ||
	    nla_put(msg, IFA_ADDRESS, len, addr) < 0 ||
	    (add && len == 16 && nla_put_u32(msg, IFA_FLAGS, IFA_F_NODAD) < 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *rtnl_link_up_msg(int ifindex)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = ifindex,
		.ifi_flags = IFF_UP,
		.ifi_change = IFF_UP,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);

	if (msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Sends msg (freed) with "<context>: <what>" as the error context;
 * the error quiet (EEXIST, EADDRNOTAVAIL) counts as success.
 */
static int rtnl_request(struct hip_nl *nl, struct nl_msg *msg, int quiet,
			const char *what)
{
	const char *saved = get_context();
	char ctx[128];
	int err;

	if (!msg) {
		errorf("%s: %s", what, strerror(ENOMEM));
		return -1;
	}
	snprintf(ctx, sizeof(ctx), "%s%s%s", saved ? saved : "",
		 saved ? ": " : "", what);
	set_context(ctx);
	nl->quiet_err = quiet;
	err = hip_nl_transact(nl, msg, NULL, NULL);
	set_context(saved);
	return err && err != quiet ? -1 : 0;
}

int hip_dev_addrs(bool add, const uint8_t hit[HIT_LEN],
		  const uint8_t lsi[LSI_LEN])
{
	char hit_s[HIT_STRLEN], lsi_s[LSI_STRLEN], what[96];
	struct hip_nl nl = { .family = -1 };
	int one = 1, ifindex, err, ret = -1;
	int quiet = add ? -EEXIST : -EADDRNOTAVAIL;

	ifindex = if_nametoindex(HIP_DEV_NAME);
	if (!ifindex) {
		err = errno;
		if (err != ENODEV && err != ENXIO) {
			errorf(HIP_DEV_NAME ": %s", strerror(err));
			return -1;
		}
		errorf("warning: no %s device, %s", HIP_DEV_NAME,
		       add ? "the HIT and LSI were not added as its addresses"
			   : "no addresses to remove");
		return 0;
	}

	nl.sk = nl_socket_alloc();
	if (!nl.sk) {
		errorf("cannot allocate a netlink socket");
		return -1;
	}
	err = nl_connect(nl.sk, NETLINK_ROUTE);
	if (err < 0) {
		errorf("cannot open a rtnetlink socket: %s", nl_geterror(err));
		goto out;
	}
	setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	format_hit(hit, hit_s);
	format_lsi(lsi, lsi_s);
	if (add && rtnl_request(&nl, rtnl_link_up_msg(ifindex), 0,
				HIP_DEV_NAME " up"))
		goto out;
	snprintf(what, sizeof(what), HIP_DEV_NAME " address %s/%d", hit_s,
		 HIP_HIT_PREFIXLEN);
	if (rtnl_request(&nl, rtnl_addr_msg(add, ifindex, hit, HIT_LEN,
					    HIP_HIT_PREFIXLEN), quiet, what))
		goto out;
	snprintf(what, sizeof(what), HIP_DEV_NAME " address %s/%d", lsi_s,
		 HIP_LSI_PREFIXLEN);
	if (rtnl_request(&nl, rtnl_addr_msg(add, ifindex, lsi, LSI_LEN,
					    HIP_LSI_PREFIXLEN), quiet, what))
		goto out;
	ret = 0;
out:
	nl_socket_free(nl.sk);
	return ret;
}
