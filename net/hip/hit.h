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
#include <asm/byteorder.h>

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

/**
 * hip_is_lsi() - whether an IPv4 address is a Local Scope Identifier
 * @addr: the address, network byte order
 *
 * An LSI is an IPv4-formatted alias of a HIT that means something only on
 * this host, so its range is the implementation's choice; this one takes
 * LSIs from 1.0.0.0/8 (see hip_hit_to_lsi()).  Whether an LSI is one of
 * ours or a peer's is a question for the tables, not for this test.
 *
 * Return: true if @addr is in 1.0.0.0/8.
 */
static inline bool hip_is_lsi(__be32 addr)
{
	return (ntohl(addr) >> 24) == 1;
}

#endif /* _HIP_HIT_H */
