/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark and test facility, /sys/kernel/debug/hip/bench (bench.c).
 */
#ifndef _HIP_BENCH_H
#define _HIP_BENCH_H

/* Creates /sys/kernel/debug/hip/bench; debugfs errors are not fatal. */
void hip_bench_init(void);
void hip_bench_uninit(void);

#endif /* _HIP_BENCH_H */
