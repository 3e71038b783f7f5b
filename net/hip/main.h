/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide state shared by all files: leak accounting.
 */
#ifndef _HIP_MAIN_H
#define _HIP_MAIN_H

#include <linux/atomic.h>

/* Every dynamically allocated HIP object (host identities now; associations,
 * SAs, ... later) is counted here: hip_object_created() right after the
 * allocation succeeds, hip_object_destroyed() right before it is freed.
 * Module exit checks that the count went back to zero.
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

#endif /* _HIP_MAIN_H */
