/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide services every other file may use: object accounting and the
 * HIP work queue.  A leaf: it includes no other header of net/hip, and
 * common.c calls nothing of the module.
 */
#ifndef _HIP_COMMON_H
#define _HIP_COMMON_H

#include <linux/atomic.h>
#include <linux/workqueue.h>

/* Every dynamically allocated HIP object (host identities, peers,
 * associations, SAs, keys, R1s ...) is counted here: hip_object_created()
 * right after the allocation succeeds, hip_object_destroyed() right before
 * it is freed.  Module exit checks that the count went back to zero.
 */
extern atomic_t hip_objects_live;

static inline void hip_object_created(void)
{
	atomic_inc(&hip_objects_live);
}

static inline void hip_object_destroyed(void)
{
	atomic_dec(&hip_objects_live);
}

/* The HIP work queue (unbound, WQ_MEM_RECLAIM): protocol processing,
 * association timers and R1 precomputation run on it.
 */
extern struct workqueue_struct *hip_wq;

int hip_common_init(void);
void hip_common_uninit(void);

#endif /* _HIP_COMMON_H */
