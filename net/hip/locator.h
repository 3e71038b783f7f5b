/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Locators (RFC 8046 sections 4-5, RFC 8047): our usable local addresses,
 * followed through the kernel's notifiers, and the LOCATOR_SET parameter
 * (building ours, reading the peer's).
 *
 * The local address list of a namespace is a snapshot rebuilt by one
 * delayed work item (struct hip_laddr_state in pernet.h) whenever an
 * address, a link or a route of the namespace changes; readers copy it
 * under RCU with hip_local_addrs().  After each rebuild that changed the
 * list (or after a route change), the work calls
 * hip_update_locators_changed() (update.c) from process context.
 * See Documentation/hip/protocol.rst, "Locators".
 */
#ifndef _HIP_LOCATOR_H
#define _HIP_LOCATOR_H

#include <linux/types.h>

#include "ha.h"
#include "param.h"

struct hip_net;

/* At most this many local addresses are tracked and announced: a
 * LOCATOR_SET of 16 type-1 Locators is 448 bytes, which leaves room in a
 * HIP_MAX_PACKET UPDATE or R1 for the rest
 */
#define HIP_LADDR_MAX		16
/* Changes are gathered for this long before the list is rebuilt and the
 * associations are told: a link that comes up brings several addresses
 * and routes in a burst (RFC 8046 5.2: "rapidly sending LOCATOR_SETs ...
 * SHOULD be avoided")
 */
#define HIP_LADDR_DEBOUNCE	(HZ / 8)		/* 125 ms */
/* While an IPv6 address is tentative (DAD), look again this often */
#define HIP_LADDR_RECHECK	HZ
/* Locator Lifetime we announce (RFC 8046 4, 5.1): unbounded.  We send a
 * new LOCATOR_SET whenever our addresses change, so a lifetime would only
 * force periodic refreshes.
 */
#define HIP_LOC_LIFETIME	HIP_LOC_LIFETIME_INF

/**
 * struct hip_loc_entry - one Locator of a received LOCATOR_SET
 * @addr: the address (IPv4 as v4-mapped)
 * @spi: the SPI of a type-1 Locator, 0 for type 0
 * @lifetime: Locator Lifetime, seconds (HIP_LOC_LIFETIME_INF: unbounded)
 * @traffic: Traffic Type (HIP_LOC_TRAFFIC_*)
 * @preferred: the P bit
 * @type: Locator Type (HIP_LOCTYPE_ADDR or HIP_LOCTYPE_ESP)
 */
struct hip_loc_entry {
	struct hip_addr addr;
	u32 spi;
	u32 lifetime;
	u8 traffic;
	bool preferred;
	u8 type;
};

/* Read the LOCATOR_SET contents @data (@len bytes, as hip_parse() accepted
 * them; checked again here) into @out (room for @max).  Returns the number
 * of entries stored, or -EBADMSG.  Only Locator Types 0 and 1 are
 * returned; type 2 (NAT traversal) and unknown types are skipped, as are
 * Locators whose address is unspecified, loopback, multicast or
 * broadcast (RFC 8046 5.2: never to be announced), and those beyond @max.
 */
int hip_locator_set_parse(const void *data, unsigned int len,
			  struct hip_loc_entry *out, unsigned int max);
/* Does the LOCATOR_SET contents hold a Locator of a type we do not
 * support with the P bit set (RFC 8046 5.3: NOTIFY
 * LOCATOR_TYPE_UNSUPPORTED)?
 */
bool hip_locator_set_unsupported_preferred(const void *data,
					   unsigned int len);

/* Append a LOCATOR_SET listing our usable local addresses: type 1 bound
 * to @spi if @spi != 0, else type 0 (R1, I2, R2: RFC 8047 5.1), Traffic
 * Type 0, lifetime HIP_LOC_LIFETIME, the P bit on @preferred (if listed;
 * may be NULL).  Returns 0 or the builder's error.
 */
int hip_build_locator_set(struct hip_builder *b, struct hip_net *hn, u32 spi,
			  const struct hip_addr *preferred);

/* A snapshot of our usable local addresses (at most @max); returns how
 * many were copied.  Any context.
 */
unsigned int hip_local_addrs(struct hip_net *hn, struct hip_addr *out,
			     unsigned int max);
/* Generation of the list: changes whenever the list does (0: empty, never
 * scanned).  Lets hip_update_locators_changed() tell an address change
 * from a route change.
 */
u32 hip_local_addrs_gen(struct hip_net *hn);
/* Is @addr one of our usable local addresses?  Any context. */
bool hip_local_addr_usable(struct hip_net *hn, const struct hip_addr *addr);
/* Does the namespace's routing send packets from @local to @peer (a route
 * exists, is not unreachable/prohibit/blackhole, and @local is an address
 * of ours)?  Process or softirq context.
 */
bool hip_locator_routable(struct hip_net *hn, const struct hip_addr *local,
			  const struct hip_addr *peer);

/* Per namespace (pernet.c): init fills the list from the existing
 * addresses and registers the namespace's netdevice and FIB notifiers;
 * exit stops and waits for the work and frees the list.
 */
int hip_laddr_net_init(struct hip_net *hn);
void hip_laddr_net_exit(struct hip_net *hn);
/* Module-wide (main.c): the IPv4 and IPv6 address notifiers */
int hip_laddr_init(void);
void hip_laddr_uninit(void);

#endif /* _HIP_LOCATOR_H */
