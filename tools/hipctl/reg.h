/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Services and registrations as the kernel reports them (HIP_A_SERVICE,
 * HIP_A_REG nests): parsing and the text/JSON forms of "service show",
 * "register show" and the monitor's registration events.
 */
#ifndef HIPCTL_REG_H
#define HIPCTL_REG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/netlink.h>

#include "json.h"
#include "util.h"

#define SERVICE_ALLOW_MAX	64

struct service_info {
	uint8_t type;
	uint32_t lifetime_min, lifetime_max;
	unsigned int n_allow;
	uint8_t allow[SERVICE_ALLOW_MAX][HIT_LEN];
};

#define REG_HAS_HIT		0x01
#define REG_HAS_STATE		0x02
#define REG_HAS_REMAINING	0x04
#define REG_HAS_FAILURE		0x08
#define REG_HAS_LOCATOR		0x10

struct reg_info {
	unsigned int has;	/* REG_HAS_* */
	uint8_t hit[HIT_LEN];
	uint8_t type, state, failure;
	bool registrar;
	uint32_t lifetime, remaining;
	struct locator locator;
};

/* The HIP_A_SERVICE / HIP_A_REG nest of a message; -EINVAL if none */
int service_info_parse(const struct nlmsghdr *nlh, struct service_info *s);
int reg_info_parse(const struct nlmsghdr *nlh, struct reg_info *r);
/* "service rvs lifetime-min S lifetime-max S [ allow HIT ... ]", or JSON */
void service_print(const struct service_info *s, struct json *j);
/* "reg HIT rvs { registrar | requester } state STATE lifetime S ...", or
 * JSON; @event: a monitor event (JSON gets "event":"reg")
 */
void reg_print(FILE *f, const struct reg_info *r, struct json *j, bool event);

#endif /* HIPCTL_REG_H */
