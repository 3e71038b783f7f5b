// SPDX-License-Identifier: GPL-2.0
/*
 * Host Identity Protocol (HIP, RFC 7401): module init and exit.
 *
 * Init order: self-tests, crypto transforms, host identity slab cache,
 * self-tests that need HIs (signatures) and ESP, the HIP workqueue,
 * per-namespace state (hip0, hooks, local addresses), the address
 * notifiers, protocol handlers, generic netlink
 * family, the debugfs bench file.  Exit undoes it in reverse
 * and then checks that every counted object was freed.
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/bug.h>
#include <net/genetlink.h>
#include <linux/hip.h>

#include "bench.h"
#include "cert.h"
#include "crypto.h"
#include "datapath.h"
#include "ecdsa.h"
#include "esp.h"
#include "ha.h"
#include "hit.h"
#include "hostid.h"
#include "common.h"
#include "locator.h"
#include "netlink.h"
#include "param.h"
#include "pernet.h"
#include "rsa.h"
#include "state.h"

static int __init hip_mod_init(void)
{
	int ret;

	/* Cheap known-answer tests: always run them, refuse to load on failure. */
	ret = -ENOTRECOVERABLE;
	if (!hip_hit_selftest() || !hip_param_selftest() ||
	    !hip_state_selftest())
		goto err_selftest;

	ret = hip_crypto_init();
	if (ret)
		goto err_selftest;

	ret = hip_hi_init();
	if (ret)
		goto err_hi;

	ret = -ENOTRECOVERABLE;
	if (!hip_hi_selftest() || !hip_crypto_selftest() ||
	    !hip_rsa_selftest() || !hip_ecdsa_selftest() ||
	    !hip_cert_selftest() ||
	    !hip_esp_selftest() || !hip_keys_selftest())
		goto err_hi_selftest;

	ret = hip_common_init();
	if (ret)
		goto err_hi_selftest;

	ret = hip_pernet_init();
	if (ret)
		goto err_pernet;

	ret = hip_laddr_init();
	if (ret)
		goto err_laddr;

	ret = hip_input_init();
	if (ret)
		goto err_input;

	ret = hip_genl_init();
	if (ret)
		goto err_genl;

	hip_bench_init();
	pr_info("loaded (HIP v2, genl family %s)\n", HIP_FAMILY_NAME);
	return 0;

err_genl:
	hip_input_uninit();
err_input:
	hip_laddr_uninit();
err_laddr:
	hip_pernet_uninit();
err_pernet:
	hip_common_uninit();
err_hi_selftest:
	hip_esp_uninit();
	hip_hi_uninit();
err_hi:
	hip_crypto_uninit();
err_selftest:
	return ret;
}

static void __exit hip_mod_exit(void)
{
	int live;

	hip_bench_uninit();
	hip_genl_uninit();
	hip_input_uninit();
	hip_laddr_uninit();
	hip_pernet_uninit();
	hip_common_uninit();
	rcu_barrier();	/* SAs, HAs and peers are freed by RCU callbacks */
	hip_esp_uninit();
	hip_hi_uninit();
	hip_crypto_uninit();

	live = atomic_read(&hip_objects_live);
	if (WARN(live, KBUILD_MODNAME ": %d objects leaked\n", live))
		return;
	pr_info("module unloaded, 0 objects live\n");
}

module_init(hip_mod_init);
module_exit(hip_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Host Identity Protocol (HIP)");
MODULE_ALIAS_GENL_FAMILY(HIP_FAMILY_NAME);
/* ECDSA host identities use the ECC primitives, a module on some kernels;
 * ECDH groups need ecdh_generic (also requested at init, see crypto.c);
 * ESP needs the AEAD templates.
 */
MODULE_SOFTDEP("pre: ecc ecdh_generic");
