/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef HIPCTL_NETNS_H
#define HIPCTL_NETNS_H

/*
 * Moves the process into the network namespace /run/netns/NAME (as made
 * by "ip netns add NAME").  Prints one error line and returns -1 on failure.
 */
int netns_enter(const char *name);

#endif /* HIPCTL_NETNS_H */
