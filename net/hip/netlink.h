/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink family "hip".  The top of the module: it calls the
 * tables and the protocol, and hears from them only through events.h.
 */
#ifndef _HIP_NETLINK_H
#define _HIP_NETLINK_H

int hip_genl_init(void);
void hip_genl_uninit(void);

#endif /* _HIP_NETLINK_H */
