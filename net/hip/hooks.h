/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netfilter hooks of a namespace (hooks.c).  A leaf: callers need
 * nothing but struct hip_net.
 */
#ifndef _HIP_HOOKS_H
#define _HIP_HOOKS_H

struct hip_net;

int hip_hooks_ensure(struct hip_net *hn);
void hip_hooks_pre_exit(struct hip_net *hn);

#endif /* _HIP_HOOKS_H */
