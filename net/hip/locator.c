// SPDX-License-Identifier: GPL-2.0
/*
 * Locators (RFC 8046 sections 4-5, RFC 8047 section 5.1): our usable local
 * addresses and the LOCATOR_SET parameter.
 *
 * Which addresses are usable (announced in our LOCATOR_SETs, RFC 8046 5.2,
 * RFC 8047 5.1): the unicast addresses of the namespace's devices whose
 * link is up and operational (IFF_UP, running, netif_oper_up(): a link
 * that is down or has no carrier has no usable address), except the
 * loopback device and hip0 (HITs and LSIs are identifiers, not locators),
 * and except unspecified, loopback, multicast, broadcast, IPv4 link-local
 * (169.254/16), IPv6 link-local (RFC 8047 5.1: "MUST NOT" be announced
 * unless the peer is known to be on the link, which we do not track),
 * ORCHID (RFC 7343: not routable) and IPv6 addresses that are tentative
 * (DAD still running, optimistic ones included), failed DAD or are
 * deprecated (preferred lifetime over).
 *
 * How changes are followed: the kernel's IPv4 and IPv6 address notifiers
 * (global chains, filtered by dev_net()), a netdevice notifier and a FIB
 * notifier per namespace.  None of them does more than schedule the
 * namespace's work item (struct hip_laddr_state) under its lock: the IPv6
 * address notifier and the IPv6 FIB notifier run in atomic context.  The
 * work runs HIP_LADDR_DEBOUNCE after the first event of a burst, rescans
 * every address (rather than applying events one by one, which would
 * have to handle lost or reordered events), publishes a new list if it
 * differs, and then calls hip_update_locators_changed() in process
 * context.  A DAD completion raises no address event (addrconf inserts
 * the address's local route then, which the FIB notifier sees); while any
 * address is tentative, the work also looks again every
 * HIP_LADDR_RECHECK.
 *
 * "Stops being routable" (RFC 8046 5.2 speaks of addresses "in use"): a
 * route change (FIB notifier, both families, any table) also runs the
 * work, and hip_update_locators_changed() is called even if the address
 * list is the same, so that update.c can check with
 * hip_locator_routable() whether each association's current pair still
 * has a route and move it to another one; hip_local_addrs_gen() tells
 * it whether the list itself changed.  Whether a given address can reach
 * a given peer is a question about that pair, so it is not part of the
 * list.
 */

#include <linux/kernel.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <net/addrconf.h>
#include <net/fib_notifier.h>
#include <net/if_inet6.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "common.h"
#include "hit.h"
#include "locator.h"
#include "pernet.h"
#include "proto.h"

/**
 * struct hip_laddr - one usable local address
 * @addr: the address (IPv4 as v4-mapped)
 * @ifindex: its device
 */
struct hip_laddr {
	struct hip_addr addr;
	int ifindex;
};

/**
 * struct hip_laddr_set - the usable local addresses of a namespace
 * @rcu: deferred free
 * @gen: incremented at each change of the list
 * @n: entries in @a, in device order, IPv4 then IPv6 per device
 * @a: the addresses
 */
struct hip_laddr_set {
	struct rcu_head rcu;
	u32 gen;
	unsigned int n;
	struct hip_laddr a[HIP_LADDR_MAX];
};

/* ---- Received LOCATOR_SETs ---------------------------------------- */

/* May the peer's address be used as a locator at all?  RFC 8046 5.2:
 * broadcast and multicast "MUST NOT" be announced; unspecified and
 * loopback addresses do not name the peer; an ORCHID (a HIT) is not
 * routable (RFC 7343).
 */
static bool hip_loc_addr_ok(const struct hip_addr *a)
{
	if (hip_addr_is_v4(a)) {
		__be32 v4 = hip_addr_v4(a);

		return !ipv4_is_zeronet(v4) && !ipv4_is_loopback(v4) &&
		       !ipv4_is_multicast(v4) && !ipv4_is_lbcast(v4);
	}
	return !ipv6_addr_any(&a->a) && !ipv6_addr_loopback(&a->a) &&
	       !ipv6_addr_is_multicast(&a->a) && !hip_hit_is_orchid(&a->a);
}

int hip_locator_set_parse(const void *data, unsigned int len,
			  struct hip_loc_entry *out, unsigned int max)
{
	const struct hip_locator_hdr *l;
	const u8 *v = data;
	unsigned int off;
	int n = 0;

	/* The same rules as hip_parse(): every Locator fits (RFC 8046 4) */
	if (hip_locator_set_check(v, len))
		return -EBADMSG;
	for (off = 0; off < len && n < max; off += sizeof(*l) + 4 * l->len) {
		struct hip_loc_entry *e = &out[n];
		const u8 *loc;

		l = (const void *)(v + off);
		loc = (const u8 *)(l + 1);
		/* RFC 8046 4.2: type 0 is an address, type 1 an SPI then an
		 * address; others (type 2: RFC 5770) are not ours to use
		 */
		if (l->type == HIP_LOCTYPE_ADDR) {
			e->spi = 0;
		} else if (l->type == HIP_LOCTYPE_ESP) {
			e->spi = get_unaligned_be32(loc);
			loc += 4;
		} else {
			continue;
		}
		memcpy(&e->addr.a, loc, sizeof(e->addr.a));
		if (!hip_loc_addr_ok(&e->addr))
			continue;
		e->lifetime = get_unaligned_be32(&l->lifetime);
		e->traffic = l->traffic;
		e->preferred = l->flags & HIP_LOC_P;
		e->type = l->type;
		n++;
	}
	return n;
}

bool hip_locator_set_unsupported_preferred(const void *data,
					   unsigned int len)
{
	const struct hip_locator_hdr *l;
	const u8 *v = data;
	unsigned int off;

	if (hip_locator_set_check(v, len))
		return false;
	for (off = 0; off < len; off += sizeof(*l) + 4 * l->len) {
		l = (const void *)(v + off);
		if (l->type != HIP_LOCTYPE_ADDR && l->type != HIP_LOCTYPE_ESP &&
		    (l->flags & HIP_LOC_P))
			return true;
	}
	return false;
}

/* ---- Our LOCATOR_SET ---------------------------------------------- */

int hip_build_locator_set(struct hip_builder *b, struct hip_net *hn, u32 spi,
			  const struct hip_addr *preferred)
{
	unsigned int words = spi ? HIP_LOCTYPE_ESP_WORDS : HIP_LOCTYPE_ADDR_WORDS;
	unsigned int size = sizeof(struct hip_locator_hdr) + 4 * words;
	struct hip_addr addrs[HIP_LADDR_MAX];
	unsigned int i, n;
	u8 *v;

	n = hip_local_addrs(hn, addrs, HIP_LADDR_MAX);
	/* RFC 8046 4: zero Locators is legal (it deprecates every address) */
	v = hip_build_param(b, HIP_P_LOCATOR_SET, n * size);
	if (!v)
		return b->err;
	for (i = 0; i < n; i++, v += size) {
		struct hip_locator_hdr *l = (struct hip_locator_hdr *)v;
		u8 *loc = (u8 *)(l + 1);

		/* RFC 8046 5.2: Traffic Type 0; 4.1: the P bit */
		l->traffic = HIP_LOC_TRAFFIC_BOTH;
		l->type = spi ? HIP_LOCTYPE_ESP : HIP_LOCTYPE_ADDR;
		l->len = words;
		if (preferred && ipv6_addr_equal(&addrs[i].a, &preferred->a))
			l->flags = HIP_LOC_P;
		put_unaligned_be32(HIP_LOC_LIFETIME, &l->lifetime);
		if (spi) {
			put_unaligned_be32(spi, loc);
			loc += 4;
		}
		memcpy(loc, &addrs[i].a, sizeof(addrs[i].a));
	}
	return 0;
}

/* ---- The local address list --------------------------------------- */

unsigned int hip_local_addrs(struct hip_net *hn, struct hip_addr *out,
			     unsigned int max)
{
	const struct hip_laddr_set *set;
	unsigned int i, n = 0;

	rcu_read_lock();
	set = rcu_dereference(hn->laddr.set);
	for (i = 0; set && i < set->n && n < max; i++)
		out[n++] = set->a[i].addr;
	rcu_read_unlock();
	return n;
}

u32 hip_local_addrs_gen(struct hip_net *hn)
{
	const struct hip_laddr_set *set;
	u32 gen;

	rcu_read_lock();
	set = rcu_dereference(hn->laddr.set);
	gen = set ? set->gen : 0;
	rcu_read_unlock();
	return gen;
}

bool hip_local_addr_usable(struct hip_net *hn, const struct hip_addr *addr)
{
	const struct hip_laddr_set *set;
	bool found = false;
	unsigned int i;

	rcu_read_lock();
	set = rcu_dereference(hn->laddr.set);
	for (i = 0; set && i < set->n && !found; i++)
		found = ipv6_addr_equal(&set->a[i].addr.a, &addr->a);
	rcu_read_unlock();
	return found;
}

bool hip_locator_routable(struct hip_net *hn, const struct hip_addr *local,
			  const struct hip_addr *peer)
{
	struct dst_entry *dst;
	struct rtable *rt;
	bool ok;

	if (hip_addr_is_v4(local) != hip_addr_is_v4(peer) ||
	    !hip_local_addr_usable(hn, local))
		return false;
	if (hip_addr_is_v4(local)) {
		struct flowi4 fl4 = {
			.daddr = hip_addr_v4(peer),
			.saddr = hip_addr_v4(local),
		};

		/* unreachable, prohibit and blackhole routes are errors */
		rt = ip_route_output_key(hn->net, &fl4);
		if (IS_ERR(rt))
			return false;
		ip_rt_put(rt);
		return true;
	}
	{
		struct flowi6 fl6 = { .daddr = peer->a, .saddr = local->a };

		dst = ip6_route_output(hn->net, NULL, &fl6);
		ok = !dst->error;
		dst_release(dst);
	}
	return ok;
}

static void hip_laddr_add(struct hip_laddr_set *set,
			  const struct hip_addr *a, int ifindex)
{
	unsigned int i;

	for (i = 0; i < set->n; i++)
		if (ipv6_addr_equal(&set->a[i].addr.a, &a->a))
			return;
	if (set->n == HIP_LADDR_MAX) {
		pr_warn_once("more than %u local addresses: not all are announced\n",
			     HIP_LADDR_MAX);
		return;
	}
	set->a[set->n].addr = *a;
	set->a[set->n].ifindex = ifindex;
	set->n++;
}

/* A link that is down, or up without carrier, has no usable address */
static bool hip_laddr_dev_ok(struct hip_net *hn, const struct net_device *dev)
{
	return dev != READ_ONCE(hn->dev) && !(dev->flags & IFF_LOOPBACK) &&
	       (dev->flags & IFF_UP) && netif_running(dev) &&
	       netif_oper_up(dev);
}

static void hip_laddr_scan4(struct net_device *dev, struct hip_laddr_set *set)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;
	struct hip_addr a;

	if (!in_dev)
		return;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		__be32 v4 = ifa->ifa_local;

		if (ipv4_is_zeronet(v4) || ipv4_is_loopback(v4) ||
		    ipv4_is_multicast(v4) || ipv4_is_lbcast(v4) ||
		    ipv4_is_linklocal_169(v4))
			continue;
		hip_addr_set_v4(&a, v4);
		hip_laddr_add(set, &a, dev->ifindex);
	}
}

static void hip_laddr_scan6(struct net_device *dev, struct hip_laddr_set *set,
			    bool *tentative)
{
	struct inet6_dev *idev = __in6_dev_get(dev);
	const struct inet6_ifaddr *ifp;
	struct hip_addr a;

	if (!idev)
		return;
	read_lock_bh(&idev->lock);
	list_for_each_entry(ifp, &idev->addr_list, if_list) {
		int type = ipv6_addr_type(&ifp->addr);

		if (ipv6_addr_any(&ifp->addr) ||
		    (type & (IPV6_ADDR_LOOPBACK | IPV6_ADDR_MULTICAST |
			     IPV6_ADDR_LINKLOCAL | IPV6_ADDR_MAPPED)) ||
		    hip_hit_is_orchid(&ifp->addr) ||
		    (ifp->flags & (IFA_F_DADFAILED | IFA_F_DEPRECATED)))
			continue;
		if (ifp->flags & IFA_F_TENTATIVE) {
			*tentative = true;
			continue;
		}
		a.a = ifp->addr;
		hip_laddr_add(set, &a, dev->ifindex);
	}
	read_unlock_bh(&idev->lock);
}

static void hip_laddr_scan(struct hip_net *hn, struct hip_laddr_set *set,
			   bool *tentative)
{
	struct net_device *dev;

	rcu_read_lock();
	for_each_netdev_rcu(hn->net, dev) {
		if (!hip_laddr_dev_ok(hn, dev))
			continue;
		hip_laddr_scan4(dev, set);
		hip_laddr_scan6(dev, set, tentative);
	}
	rcu_read_unlock();
}

/* Rescan and publish if different.  Only one caller at a time: the work,
 * or namespace init before the work can run.  Returns true if the list
 * changed.
 */
static bool hip_laddr_refresh(struct hip_net *hn, bool *tentative)
{
	struct hip_laddr_set *new, *old;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new) {
		*tentative = true;	/* try again later */
		return false;
	}
	hip_object_created();
	hip_laddr_scan(hn, new, tentative);
	old = rcu_dereference_protected(hn->laddr.set, true);
	if (old && old->n == new->n &&
	    !memcmp(old->a, new->a, new->n * sizeof(new->a[0]))) {
		hip_object_destroyed();
		kfree(new);
		return false;
	}
	new->gen = old ? old->gen + 1 : 1;
	rcu_assign_pointer(hn->laddr.set, new);
	if (old) {
		hip_object_destroyed();
		kfree_rcu(old, rcu);
	}
	return true;
}

/* Run the work in @delay jiffies (or sooner if it is already due sooner);
 * @routes: a route changed.  Any context.
 */
static void hip_laddr_kick(struct hip_net *hn, unsigned long delay,
			   bool routes)
{
	struct hip_laddr_state *ls = &hn->laddr;
	unsigned long flags;

	spin_lock_irqsave(&ls->lock, flags);
	if (!ls->dead) {
		ls->routes |= routes;
		/* Not mod_delayed_work(): a steady stream of events must not
		 * postpone the rebuild forever.  But an event cuts short a
		 * pending HIP_LADDR_RECHECK.
		 */
		if (!queue_delayed_work(hip_wq, &ls->work, delay) &&
		    timer_pending(&ls->work.timer) &&
		    time_after(ls->work.timer.expires, jiffies + delay))
			mod_delayed_work(hip_wq, &ls->work, delay);
	}
	spin_unlock_irqrestore(&ls->lock, flags);
}

static void hip_laddr_work(struct work_struct *work)
{
	struct hip_net *hn = container_of(to_delayed_work(work),
					  struct hip_net, laddr.work);
	bool tentative = false, routes, changed;
	unsigned long flags;

	spin_lock_irqsave(&hn->laddr.lock, flags);
	routes = hn->laddr.routes;
	hn->laddr.routes = false;
	spin_unlock_irqrestore(&hn->laddr.lock, flags);

	changed = hip_laddr_refresh(hn, &tentative);
	if (tentative)
		hip_laddr_kick(hn, HIP_LADDR_RECHECK, false);
	if (changed || routes)
		hip_update_locators_changed(hn);
}

/* The namespace's state, if its init has set it up (the global address
 * notifiers can see a namespace whose init has not run yet)
 */
static struct hip_net *hip_laddr_hn(const struct net_device *dev)
{
	struct hip_net *hn = hip_pernet(dev_net(dev));

	/* Pairs with the release in hip_laddr_net_init(): @lock and @work
	 * are initialised once @ready reads true
	 */
	if (!hn || !smp_load_acquire(&hn->laddr.ready))
		return NULL;
	return hn;
}

static int hip_inetaddr_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	const struct in_ifaddr *ifa = ptr;
	struct hip_net *hn = hip_laddr_hn(ifa->ifa_dev->dev);

	if (hn)
		hip_laddr_kick(hn, HIP_LADDR_DEBOUNCE, false);
	return NOTIFY_DONE;
}

/* Atomic context (addrconf calls it under rcu_read_lock() or a spinlock) */
static int hip_inet6addr_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	const struct inet6_ifaddr *ifp = ptr;
	struct hip_net *hn = hip_laddr_hn(ifp->idev->dev);

	if (hn)
		hip_laddr_kick(hn, HIP_LADDR_DEBOUNCE, false);
	return NOTIFY_DONE;
}

static int hip_laddr_netdev_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct hip_net *hn = container_of(nb, struct hip_net, laddr.netdev_nb);

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:		/* carrier, operstate */
	case NETDEV_UNREGISTER:
		hip_laddr_kick(hn, HIP_LADDR_DEBOUNCE, false);
		break;
	}
	return NOTIFY_DONE;
}

/* IPv4: under RTNL; IPv6: under the table's spinlock (atomic) */
static int hip_laddr_fib_event(struct notifier_block *nb,
			       unsigned long event, void *ptr)
{
	struct hip_net *hn = container_of(nb, struct hip_net, laddr.fib_nb);

	switch (event) {
	case FIB_EVENT_ENTRY_REPLACE:
	case FIB_EVENT_ENTRY_APPEND:
	case FIB_EVENT_ENTRY_ADD:
	case FIB_EVENT_ENTRY_DEL:
	case FIB_EVENT_RULE_ADD:
	case FIB_EVENT_RULE_DEL:
	case FIB_EVENT_NH_ADD:
	case FIB_EVENT_NH_DEL:
		hip_laddr_kick(hn, HIP_LADDR_DEBOUNCE, true);
		break;
	}
	return NOTIFY_DONE;
}

static void hip_laddr_free(struct hip_net *hn)
{
	struct hip_laddr_set *set;

	set = rcu_replace_pointer(hn->laddr.set, NULL, true);
	if (set) {
		hip_object_destroyed();
		kfree_rcu(set, rcu);
	}
}

int hip_laddr_net_init(struct hip_net *hn)
{
	struct hip_laddr_state *ls = &hn->laddr;
	bool tentative = false;
	unsigned long flags;
	int err;

	spin_lock_init(&ls->lock);
	INIT_DELAYED_WORK(&ls->work, hip_laddr_work);
	/* The existing addresses, before any event can run the work */
	hip_laddr_refresh(hn, &tentative);
	/* Publish @lock and @work to the global notifiers (hip_laddr_hn()) */
	smp_store_release(&ls->ready, true);

	ls->netdev_nb.notifier_call = hip_laddr_netdev_event;
	err = register_netdevice_notifier_net(hn->net, &ls->netdev_nb);
	if (err)
		goto err;
	/* Its replay of every route marks "routes changed": harmless */
	ls->fib_nb.notifier_call = hip_laddr_fib_event;
	err = register_fib_notifier(hn->net, &ls->fib_nb, NULL, NULL);
	if (err)	/* -EBUSY: the FIB kept changing during the dump */
		pr_warn("route changes not followed in a namespace (%d)\n",
			err);
	ls->fib_ok = !err;
	spin_lock_irqsave(&ls->lock, flags);
	ls->routes = false;
	spin_unlock_irqrestore(&ls->lock, flags);
	/* Catch what changed between the scan and the registrations */
	hip_laddr_kick(hn, tentative ? HIP_LADDR_RECHECK : HIP_LADDR_DEBOUNCE,
		       false);
	return 0;

err:
	spin_lock_irqsave(&ls->lock, flags);
	ls->dead = true;
	spin_unlock_irqrestore(&ls->lock, flags);
	cancel_delayed_work_sync(&ls->work);
	hip_laddr_free(hn);
	return err;
}

void hip_laddr_net_exit(struct hip_net *hn)
{
	struct hip_laddr_state *ls = &hn->laddr;
	unsigned long flags;

	/* No event schedules the work after this; then wait for it */
	spin_lock_irqsave(&ls->lock, flags);
	ls->dead = true;
	spin_unlock_irqrestore(&ls->lock, flags);
	if (ls->fib_ok)
		unregister_fib_notifier(hn->net, &ls->fib_nb);
	unregister_netdevice_notifier_net(hn->net, &ls->netdev_nb);
	cancel_delayed_work_sync(&ls->work);
	hip_laddr_free(hn);
}

static struct notifier_block hip_inetaddr_nb = {
	.notifier_call = hip_inetaddr_event,
};

static struct notifier_block hip_inet6addr_nb = {
	.notifier_call = hip_inet6addr_event,
};

int hip_laddr_init(void)
{
	int err;

	err = register_inetaddr_notifier(&hip_inetaddr_nb);
	if (err)
		return err;
	err = register_inet6addr_notifier(&hip_inet6addr_nb);
	if (err)
		unregister_inetaddr_notifier(&hip_inetaddr_nb);
	return err;
}

/* After this returns no notifier call of ours is running (the IPv4 chain
 * is a blocking one, the IPv6 chain waits for RCU readers)
 */
void hip_laddr_uninit(void)
{
	unregister_inet6addr_notifier(&hip_inet6addr_nb);
	unregister_inetaddr_notifier(&hip_inetaddr_nb);
}
