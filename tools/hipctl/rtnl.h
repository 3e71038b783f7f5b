/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The local HITs and LSIs as addresses of the module's "hip0" device
 * (rtnetlink): HIT/28 (IPv6, nodad) and LSI/8 (IPv4), which give the
 * routes 2001:20::/28 and 1.0.0.0/8 via hip0.
 */
#ifndef HIPCTL_RTNL_H
#define HIPCTL_RTNL_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "util.h"

#define HIP_DEV_NAME		"hip0"
#define HIP_HIT_PREFIXLEN	28
#define HIP_LSI_PREFIXLEN	8

/*
 * add: sets hip0 up and adds HIT/28 and LSI/8 (existing ones are fine);
 * !add: removes them (missing ones are fine).  Without a hip0 device
 * prints a warning and returns 0.  Returns 0, or -1 after printing an
 * error.
 */
int hip_dev_addrs(bool add, const uint8_t hit[HIT_LEN],
		  const uint8_t lsi[LSI_LEN]);

/* RTM_NEWADDR (add) or RTM_DELADDR of addr (4 or 16 bytes)/prefixlen */
struct nl_msg *rtnl_addr_msg(bool add, int ifindex, const uint8_t *addr,
			     size_t len, unsigned int prefixlen);
/* RTM_NEWLINK setting IFF_UP on ifindex */
struct nl_msg *rtnl_link_up_msg(int ifindex);

#endif /* HIPCTL_RTNL_H */
