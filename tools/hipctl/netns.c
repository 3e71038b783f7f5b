// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * -n NETNS: run in a named network namespace, like "ip -n NETNS".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "util.h"

#define NETNS_RUN_DIR	"/run/netns"

int netns_enter(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") ||
	    snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", name) >=
	    (int)sizeof(path)) {
		errorf("invalid network namespace name \"%s\"", name);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errorf("network namespace \"%s\": %s", name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		errorf("network namespace \"%s\": setns: %s", name,
		       strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
