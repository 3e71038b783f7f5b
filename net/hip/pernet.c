// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace setup and teardown.
 *
 * Every namespace gets a struct hip_net through net_generic() and its
 * hip0 device; its netfilter hooks come later, with its first host
 * identity (hooks.c).  The operations are registered as a pernet *device*
 * so that at namespace exit they run before the core moves or deletes the
 * remaining devices.  The hooks go in .pre_exit, which the core runs for
 * every subsystem before an RCU grace period and the first .exit, so that
 * no hook runs while .exit dismantles what it uses.  .exit stops the
 * association work, then removes the associations (without CLOSE: nobody
 * is left to talk to), the R1s, hip0, and finally the host identities,
 * whose private keys are wiped.  No notifications are sent from a dying
 * namespace.  The local address list (locator.c) is set up last and
 * stopped first: its work calls into the associations.
 */

#include <linux/kernel.h>

#include "common.h"
#include "datapath.h"
#include "hooks.h"
#include "locator.h"
#include "pernet.h"
#include "proto.h"

unsigned int hip_net_id __read_mostly;

static int __net_init hip_net_init(struct net *net)
{
	struct hip_net *hn = hip_pernet(net);
	int err;

	hn->net = net;
	hn->stats = alloc_percpu(struct hip_stats);
	if (!hn->stats)
		return -ENOMEM;
	hip_hi_table_init(&hn->hi);
	err = hip_ha_table_init(&hn->ha, hip_timers_work);
	if (err) {
		free_percpu(hn->stats);
		return err;
	}
	hn->cfg.puzzle_k = 1;
	hn->cfg.dh_group = HIP_DH_NIST_P256;
	hn->cfg.esp_suite = HIP_ESP_AES_128_GCM_ICV16;
	hn->cfg.idle_timeout = 600;
	hn->cfg.esp_seq_limit = U32_MAX;
	hn->cfg.cert_max_depth = HIP_CERT_DEPTH_DEFAULT;
	skb_queue_head_init(&hn->rx_queue);
	INIT_WORK(&hn->rx_work, hip_rx_work);
	hip_r1_net_init(hn);
	hip_cert_store_init(&hn->certs);
	err = hip_reg_net_init(hn);
	if (err)
		goto err_reg;

	err = hip_dev_create(hn);
	if (err)
		goto err_dev;
	/* Last: from here on notifiers may run our work */
	err = hip_laddr_net_init(hn);
	if (err)
		goto err_laddr;
	return 0;

err_laddr:
	hip_dev_destroy(hn);
err_dev:
	hip_reg_net_free(hn);
err_reg:
	hip_cert_store_uninit(&hn->certs);
	hip_r1_net_exit(hn);
	hip_ha_table_free(&hn->ha);
	hip_hi_table_uninit(&hn->hi);
	free_percpu(hn->stats);
	return err;
}

static void __net_exit hip_net_pre_exit(struct net *net)
{
	hip_hooks_pre_exit(hip_pernet(net));
}

static void __net_exit hip_net_exit(struct net *net)
{
	struct hip_net *hn = hip_pernet(net);

	WRITE_ONCE(hn->dying, true);
	/* A pending R1 rebuild (one per HI added, and per address change)
	 * would otherwise run in full in the flushes below; with @dying set
	 * nothing queues it again
	 */
	cancel_delayed_work_sync(&hn->r1_work);
	/* First: its work tells the associations about address changes */
	hip_laddr_net_exit(hn);
	cancel_work_sync(&hn->rx_work);
	skb_queue_purge(&hn->rx_queue);
	hip_reg_net_exit(hn);
	/* The registrations' frees wait for RCU, then run on hip_wq */
	rcu_barrier();
	flush_workqueue(hip_wq);
	hip_ha_table_uninit(hn);
	hip_r1_net_exit(hn);
	/* Work items of HAs may still be finishing; they hold references */
	flush_workqueue(hip_wq);
	skb_queue_purge(&hn->rx_queue);
	hip_dev_destroy(hn);
	hip_ha_table_free(&hn->ha);
	hip_hi_table_uninit(&hn->hi);
	hip_reg_net_free(hn);
	hip_cert_store_uninit(&hn->certs);
	free_percpu(hn->stats);
}

static struct pernet_operations hip_net_ops = {
	.init = hip_net_init,
	.pre_exit = hip_net_pre_exit,
	.exit = hip_net_exit,
	.id = &hip_net_id,
	.size = sizeof(struct hip_net),
};

int __init hip_pernet_init(void)
{
	return register_pernet_device(&hip_net_ops);
}

void hip_pernet_uninit(void)
{
	unregister_pernet_device(&hip_net_ops);
}
