/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state.
 */
#ifndef _HIP_PERNET_H
#define _HIP_PERNET_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/notifier.h>
#include <linux/ratelimit.h>

#include "certstore.h"
#include "hostid.h"
#include "ha.h"
#include "stats.h"

struct hip_r1_set;
struct hip_laddr_set;

/**
 * struct hip_laddr_state - our usable local addresses (locator.c)
 * @set: the current list (RCU); written only by @work (and at namespace
 *	init, before @work can run)
 * @work: rebuilds @set after a change, debounced (HIP_LADDR_DEBOUNCE)
 * @lock: protects @dead and @routes, and orders scheduling @work against
 *	namespace exit (IRQ-safe: the IPv6 address and FIB notifiers run in
 *	atomic context)
 * @ready: @lock and @work are initialised (read with smp_load_acquire():
 *	the global notifiers can see this namespace before its init ran)
 * @dead: namespace exit began: @work is no longer scheduled
 * @routes: a route changed since @work last ran
 * @fib_ok: @fib_nb is registered
 * @netdev_nb: this namespace's netdevice notifier (link up/down)
 * @fib_nb: this namespace's FIB notifier (routes)
 */
struct hip_laddr_state {
	struct hip_laddr_set __rcu *set;
	struct delayed_work work;
	spinlock_t lock;	/* see above */
	bool ready;
	bool dead;
	bool routes;
	bool fib_ok;
	struct notifier_block netdev_nb;
	struct notifier_block fib_nb;
};

struct hip_reg_net;

/**
 * struct hip_cfg - tunables of a namespace (HIP_A_CFG_*); read with
 * READ_ONCE(), written under the genl lock
 */
struct hip_cfg {
	u8 puzzle_k;
	u8 dh_group;
	u16 esp_suite;
	bool null_crypto;
	u8 cert_max_depth;
	u32 idle_timeout;
	u32 esp_seq_limit;
};

/**
 * struct hip_net - HIP state of one network namespace
 * @net: the namespace this belongs to (no reference: it lives as long)
 * @hi: local host identities (hostid.c), with their own lock
 * @ha: peers and host associations (ha.c), with their own locks
 * @cfg: tunables
 * @stats: per-CPU counters
 * @dev: the hip0 device (device.c); created and destroyed with the
 *	namespace under RTNL
 * @r1: precomputed R1 packets (bex.c), RCU; replaced under
 *	&hip_ha_table.bex_mutex
 * @r1_work: periodic R1 rotation
 * @rx_queue: received HIP control packets for @rx_work (its own lock)
 * @rx_work: processes @rx_queue under &hip_ha_table.bex_mutex
 * @hooks_registered: our netfilter hooks are registered (hooks.c);
 *	set under hip_hooks_mutex, read locklessly with READ_ONCE()
 * @notify_rl: rate limit of NOTIFY packets we send
 * @r1_rl: token bucket of the R1s we send (r1.c), under its @lock:
 *	@credit in 1/HZ R1s, refilled since @last (jiffies)
 * @esp_null_noauth: offer (first) and accept the measurement-only
 *	null-noauth ESP suite; set through debugfs (bench.c), read with
 *	READ_ONCE()
 * @reg: registrations and services (reg.c, RFC 8003)
 * @dying: set at namespace exit; no new work is scheduled
 * @laddr: our local addresses, for LOCATOR_SET (locator.c)
 * @certs: delegations we hold and the revocation list (certstore.c)
 */
struct hip_net {
	struct net *net;
	struct hip_hi_table hi;
	struct hip_ha_table ha;
	struct hip_cfg cfg;
	struct hip_stats __percpu *stats;
	struct net_device *dev;
	struct hip_r1_set __rcu *r1;
	struct delayed_work r1_work;
	struct sk_buff_head rx_queue;
	struct work_struct rx_work;
	bool hooks_registered;
	struct ratelimit_state notify_rl;
	struct {
		spinlock_t lock;	/* of r1_rl */
		unsigned long last;
		u64 credit;
	} r1_rl;
	bool esp_null_noauth;
	struct hip_reg_net *reg;
	bool dying;
	struct hip_laddr_state laddr;
	struct hip_cert_store certs;
};

extern unsigned int hip_net_id;

static inline struct hip_net *hip_pernet(const struct net *net)
{
	return net_generic(net, hip_net_id);
}

int hip_pernet_init(void);
void hip_pernet_uninit(void);

#endif /* _HIP_PERNET_H */
