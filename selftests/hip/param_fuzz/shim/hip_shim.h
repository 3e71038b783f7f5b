/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel API for net/hip/param.c (and its self-tests)
 * to compile in userspace: every <linux/...> / <net/...> header it
 * includes is a file in this directory that includes this one.  The
 * checksum helpers are a plain RFC 1071 implementation, independent of
 * the kernel's (the self-test's expected values come from Python).
 */
#ifndef _HIP_SHIM_H
#define _HIP_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/types.h>	/* __be16, __sum16, __wsum... */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define __packed	__attribute__((packed))
#define __init
#define __initconst
#define __force
#define U16_MAX		0xffffU
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define GFP_KERNEL	0
#define kmalloc(n, gfp)	malloc(n)
#define kfree(p)	free(p)
#define be16_to_cpu(x)	ntohs(x)
#define cpu_to_be16(x)	htons(x)

#define pr_err(fmt, ...)	fprintf(stderr, "hip: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printf("hip: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printf("hip: " fmt, ##__VA_ARGS__)

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

static inline void *memchr_inv(const void *p, int c, size_t n)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (u8)c)
			return (void *)(b + i);
	return NULL;
}

/* 32-bit ones' complement accumulator over big-endian 16-bit words */
static inline __wsum shim_sum(const void *p, unsigned int len, uint64_t s)
{
	const u8 *b = p;
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		s += b[i] << 8 | b[i + 1];
	if (len & 1)
		s += b[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (__wsum)s;
}

/* The kernel's __wsum is opaque; here it holds a host-order 16-bit sum */
static inline __wsum csum_partial(const void *p, int len, __wsum sum)
{
	return shim_sum(p, len, sum);
}

static inline __sum16 shim_fold(__wsum s)
{
	return htons((u16)~shim_sum(NULL, 0, s));
}

static inline __sum16 csum_ipv6_magic(const struct in6_addr *saddr,
				      const struct in6_addr *daddr, u32 len,
				      u8 proto, __wsum sum)
{
	u8 ph[40] = { 0 };

	memcpy(ph, saddr, 16);
	memcpy(ph + 16, daddr, 16);
	ph[32] = len >> 24;
	ph[33] = len >> 16;
	ph[34] = len >> 8;
	ph[35] = len;
	ph[39] = proto;
	return shim_fold(shim_sum(ph, sizeof(ph), sum));
}

static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len,
					u8 proto, __wsum sum)
{
	u8 ph[12] = { 0 };

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[9] = proto;
	ph[10] = len >> 8;
	ph[11] = len;
	return shim_fold(shim_sum(ph, sizeof(ph), sum));
}

#endif /* _HIP_SHIM_H */
