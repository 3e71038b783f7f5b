// SPDX-License-Identifier: GPL-2.0
/*
 * Module-wide services: object accounting and the HIP work queue (see
 * common.h).
 */

#include "common.h"

atomic_t hip_objects_live = ATOMIC_INIT(0);
struct workqueue_struct *hip_wq;

int hip_common_init(void)
{
	hip_wq = alloc_workqueue("hip", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	return hip_wq ? 0 : -ENOMEM;
}

void hip_common_uninit(void)
{
	destroy_workqueue(hip_wq);
}
