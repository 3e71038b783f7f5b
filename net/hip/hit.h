/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host Identity Tags (ORCHIDv2, RFC 7343) and Local Scope Identifiers.
 *
 * All functions here are pure: they depend only on their arguments, so
 * any context that may sleep can call them, and the self-tests can check
 * them against known answers.
 */
#ifndef _HIP_HIT_H
#define _HIP_HIT_H

#include <linux/types.h>
#include <linux/in6.h>

/* ORCHIDv2 prefix 2001:20::/28 (RFC 7343 section 2) */
#define HIP_ORCHID_PREFIX_LEN	28

/* Length of the ORCHIDv2 context ID for HIP (RFC 7401 section 3.2) */
#define HIP_HIT_CONTEXT_ID_LEN	16

int hip_hit_derive(u8 hit_suite, const u8 *hi, size_t hi_len,
		   struct in6_addr *hit);
__be32 hip_hit_to_lsi(const struct in6_addr *hit);
bool hip_hit_is_orchid(const struct in6_addr *hit);
u8 hip_hit_suite(const struct in6_addr *hit);

bool hip_hit_selftest(void);

#endif /* _HIP_HIT_H */
