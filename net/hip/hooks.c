// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks of a namespace: which ones, when they are
 * registered and when they go away.  What they do is elsewhere: the
 * LOCAL_OUT hook function, hip_nf_out(), is the entry of the outbound
 * path in output.c.
 *
 * When: lazily, as net/ipv6/ila registers its hooks with the first
 * mapping.  The trigger is the first local host identity added to the
 * namespace (the HI_NEW netlink request calls hip_hooks_ensure() before
 * hip_hi_insert(), so that the tables never call up into the packet
 * path).  Without a local HI no packet can be for HIP:
 * hipctl puts the HIT and the LSI on hip0, and with them the routes
 * through hip0 that the hook looks for, only when it adds an HI; neither
 * an outgoing packet nor a base exchange can get an association without
 * one.  A namespace where HIP is never configured (every container on a
 * host that has the module loaded) therefore pays nothing on its
 * LOCAL_OUT path.  If the registration fails, the HI is not added, so an
 * HI never exists without the hooks.  Once registered, the hooks stay
 * until the namespace goes away, also when the last HI is removed (ILA
 * keeps them too): the hook lets through, at the cost of a route
 * comparison, whatever is not routed to hip0.  The one visible difference
 * from registering at namespace creation: before the first HI, a packet
 * that the administrator routes to a peer's HIT or LSI on hip0 by hand is
 * dropped by hip0 (drop_no_peer) rather than by the hook (drop_no_hi).
 *
 * Registration sleeps (nf_register_net_hooks() allocates and takes the
 * netfilter mutex), so it happens in process context: the HI_NEW netlink
 * request.  The family has parallel_ops, so two requests may race to
 * register; hip_hooks_mutex serializes them, and READ_ONCE() of
 * &hip_net.hooks_registered keeps the common case (already registered)
 * lock-free.
 *
 * Removal: in the namespace's .pre_exit (hip_hooks_pre_exit(), from
 * pernet.c).  The core runs every .pre_exit of a dying namespace, then
 * waits for an RCU grace period, and only then runs the .exit methods,
 * so when hip_net_exit() dismantles the associations, the tables and
 * hip0 no hook is running or can start (nf_unregister_net_hooks() also
 * waits for running hooks itself).  ILA learnt this order the hard way
 * ("ila: call nf_unregister_net_hooks() sooner").  Module unload goes
 * through the same path: unregister_pernet_device() runs .pre_exit and
 * .exit for every namespace still alive.
 *
 * Modes that need hooks of their own (the forwarded traffic of router
 * and proxy mode) add their nf_hook_ops here, registered the same way
 * when the mode is first enabled in a namespace.
 */

#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>

#include "datapath.h"
#include "hooks.h"
#include "pernet.h"

/* Serializes registration and removal; see above */
static DEFINE_MUTEX(hip_hooks_mutex);

/* Packets to peers' HITs (IPv6) and LSIs (IPv4), as the sender hands
 * them to IP: after conntrack, OUTPUT nat and the filter table have seen
 * the application packet (Documentation/hip/design.rst, "Netfilter and
 * conntrack"), which the hook then steals.  The outer ESP packet we send
 * passes LOCAL_OUT again and is let through (not routed to hip0).  The
 * ops are shared by all namespaces: hip_nf_out() finds its struct
 * hip_net from the hook state.
 */
static const struct nf_hook_ops hip_nf_ops[] = {
	{
		.hook = hip_nf_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_SELINUX_LAST + 1,
	},
	{
		.hook = hip_nf_out,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP_PRI_SELINUX_LAST + 1,
	},
};

/**
 * hip_hooks_ensure() - register the hooks of a namespace unless they are
 * @hn: the namespace
 *
 * Process context; may sleep.  Cheap once the hooks are registered.
 *
 * Return: 0, or the error of nf_register_net_hooks().
 */
int hip_hooks_ensure(struct hip_net *hn)
{
	int err = 0;

	might_sleep();
	if (READ_ONCE(hn->hooks_registered))
		return 0;

	mutex_lock(&hip_hooks_mutex);
	if (!hn->hooks_registered) {
		err = nf_register_net_hooks(hn->net, hip_nf_ops,
					    ARRAY_SIZE(hip_nf_ops));
		if (!err)
			WRITE_ONCE(hn->hooks_registered, true);
	}
	mutex_unlock(&hip_hooks_mutex);
	return err;
}

/**
 * hip_hooks_pre_exit() - remove the hooks of a dying namespace
 * @hn: the namespace
 *
 * Called from the .pre_exit of the pernet operations.  When it returns,
 * no hook of @hn is running.
 */
void hip_hooks_pre_exit(struct hip_net *hn)
{
	mutex_lock(&hip_hooks_mutex);
	if (hn->hooks_registered) {
		nf_unregister_net_hooks(hn->net, hip_nf_ops,
					ARRAY_SIZE(hip_nf_ops));
		WRITE_ONCE(hn->hooks_registered, false);
	}
	mutex_unlock(&hip_hooks_mutex);
}
