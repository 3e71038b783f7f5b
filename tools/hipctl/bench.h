/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hipctl bench: the debugfs benchmark facility (bench.c).
 */
#ifndef HIPCTL_BENCH_H
#define HIPCTL_BENCH_H

/*
 * Prints the kernel's "key value" lines as "hipctl bench" does (text, or
 * JSON with -j).  Returns 0, or -EINVAL for a malformed text (nothing is
 * printed then).
 */
int bench_print(const char *text);

#endif /* HIPCTL_BENCH_H */
