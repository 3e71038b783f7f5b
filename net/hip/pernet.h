/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state.
 */
#ifndef _HIP_PERNET_H
#define _HIP_PERNET_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "hostid.h"

/**
 * struct hip_net - HIP state of one network namespace
 * @net: the namespace this belongs to (no reference: it lives as long)
 * @hi: local host identities (hostid.c), with their own lock
 *
 * Later steps add the association database, netfilter hooks and counters
 * here; each member documents its own locking.
 */
struct hip_net {
	struct net *net;
	struct hip_hi_table hi;
};

extern unsigned int hip_net_id;

static inline struct hip_net *hip_pernet(const struct net *net)
{
	return net_generic(net, hip_net_id);
}

int hip_pernet_init(void);
void hip_pernet_uninit(void);

#endif /* _HIP_PERNET_H */
