// SPDX-License-Identifier: GPL-2.0
/*
 * Host Identity Protocol (HIP, RFC 7401): module init and exit.
 *
 * Init order: self-tests, host identity slab cache (and its self-tests),
 * per-namespace state, generic netlink family.  Exit undoes it in reverse
 * and then checks that every counted object was freed.
 */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/bug.h>
#include <net/genetlink.h>
#include <linux/hip.h>

#include "esp.h"
#include "hit.h"
#include "hostid.h"
#include "main.h"
#include "netlink.h"
#include "pernet.h"

atomic_t hip_objects_live = ATOMIC_INIT(0);

static int __init hip_mod_init(void)
{
	int ret;

	/* Cheap known-answer tests: always run them, refuse to load on failure. */
	ret = -ENOTRECOVERABLE;
	if (!hip_hit_selftest())
		goto err_selftest;
	if (!hip_esp_selftest())
		goto err_selftest;

	ret = hip_hi_init();
	if (ret)
		goto err_hi;

	ret = -ENOTRECOVERABLE;
	if (!hip_hi_selftest())
		goto err_hi_selftest;

	ret = hip_pernet_init();
	if (ret)
		goto err_pernet;

	ret = hip_genl_init();
	if (ret)
		goto err_genl;

	pr_info("loaded (HIP v2, genl family %s)\n", HIP_FAMILY_NAME);
	return 0;

err_genl:
	hip_pernet_uninit();
err_pernet:
err_hi_selftest:
	hip_hi_uninit();
err_hi:
err_selftest:
	return ret;
}

static void __exit hip_mod_exit(void)
{
	int live;

	hip_genl_uninit();
	hip_pernet_uninit();
	hip_hi_uninit();
	hip_esp_uninit();

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
/* ECDSA host identities use the ECC primitives, a module on some kernels. */
MODULE_SOFTDEP("pre: ecc");
