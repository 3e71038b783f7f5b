/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink family "hip".
 */
#ifndef _HIP_NETLINK_H
#define _HIP_NETLINK_H

#include <linux/types.h>

struct hip_hi;
struct hip_net;
struct hip_ha;

int hip_genl_init(void);
void hip_genl_uninit(void);

void hip_nl_notify_hi(struct hip_net *hn, u8 cmd, const struct hip_hi *hi,
		      bool is_default);

void hip_nl_notify_ha_state(struct hip_ha *ha, u8 state);

#endif /* _HIP_NETLINK_H */
