/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace counters (enum hip_stat in <linux/hip.h>), per CPU.
 */
#ifndef _HIP_STATS_H
#define _HIP_STATS_H

#include <linux/percpu.h>
#include <linux/hip.h>

struct hip_stats {
	u64 v[__HIP_STAT_MAX];
};

#define HIP_INC(hn, stat)	this_cpu_inc((hn)->stats->v[HIP_STAT_##stat])
#define hip_stat_inc(hn, id)	this_cpu_inc((hn)->stats->v[id])
#define HIP_ADD(hn, stat, n)	this_cpu_add((hn)->stats->v[HIP_STAT_##stat], (n))

#endif /* _HIP_STATS_H */
