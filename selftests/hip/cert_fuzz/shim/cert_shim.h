/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel API for net/hip/cert.c (and its self-tests)
 * to compile in userspace, on top of param_fuzz's shim.  Every
 * <linux/...> header cert.c includes is a file in this directory that
 * includes this one; <linux/hip.h> is the real uapi header.  crypto.h and
 * hit.h are replaced by fuzz.c (OpenSSL), see there.
 */
#ifndef _HIP_CERT_SHIM_H
#define _HIP_CERT_SHIM_H

#include "../../param_fuzz/shim/hip_shim.h"

#define __maybe_unused		__attribute__((unused))
#define BIT(n)			(1UL << (n))
#define U64_MAX			UINT64_MAX
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define kcalloc(n, s, gfp)	calloc(n, s)
#define kzalloc(s, gfp)		calloc(1, s)
#define kmemdup(p, n, gfp)	memcpy(malloc(n), p, n)

#ifndef EKEYEXPIRED
#define EKEYEXPIRED	127
#endif

#define MAX_ERRNO	4095
#define IS_ERR(p)	((unsigned long)(p) >= (unsigned long)-MAX_ERRNO)
#define PTR_ERR(p)	((long)(p))
#define ERR_PTR(e)	((void *)(long)(e))

#endif /* _HIP_CERT_SHIM_H */
