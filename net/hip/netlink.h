/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink family "hip".
 */
#ifndef _HIP_NETLINK_H
#define _HIP_NETLINK_H

#include <linux/types.h>

struct hip_hi;
struct hip_net;

int hip_genl_init(void);
void hip_genl_uninit(void);

void hip_nl_notify_hi(struct hip_net *hn, u8 cmd, const struct hip_hi *hi,
		      bool is_default);

#endif /* _HIP_NETLINK_H */
