// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace setup and teardown.
 *
 * Every namespace gets a struct hip_net through net_generic().  On
 * namespace exit all host identities are unlinked and their private keys
 * wiped; no notifications are sent, since nobody in a dying namespace can
 * listen to them.
 */

#include <linux/kernel.h>

#include "pernet.h"

unsigned int hip_net_id __read_mostly;

static int __net_init hip_net_init(struct net *net)
{
	struct hip_net *hn = hip_pernet(net);

	hn->net = net;
	hip_hi_table_init(&hn->hi);
	return 0;
}

static void __net_exit hip_net_exit(struct net *net)
{
	struct hip_net *hn = hip_pernet(net);

	hip_hi_table_uninit(&hn->hi);
}

static struct pernet_operations hip_net_ops = {
	.init = hip_net_init,
	.exit = hip_net_exit,
	.id = &hip_net_id,
	.size = sizeof(struct hip_net),
};

int __init hip_pernet_init(void)
{
	return register_pernet_subsys(&hip_net_ops);
}

void hip_pernet_uninit(void)
{
	unregister_pernet_subsys(&hip_net_ops);
}
