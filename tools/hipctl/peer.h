/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Peers as the kernel reports them (HIP_A_PEER nests): parsing and the
 * text/JSON forms of "peer show".
 */
#ifndef HIPCTL_PEER_H
#define HIPCTL_PEER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/hip.h>
#include <linux/netlink.h>

#include "json.h"
#include "util.h"

struct peer_info {
	bool has_hit, has_lsi;
	uint8_t hit[HIT_LEN];
	uint8_t lsi[LSI_LEN];
	unsigned int n_locators;
	struct locator locators[HIP_PEER_MAX_LOCATORS];
	unsigned int n_bad_locators;	/* locators of neither 4 nor 16 bytes */
	bool has_rvs;
	struct locator rvs;		/* rendezvous server (RFC 8004) */
};

/* Parses the HIP_A_PEER nest of a generic netlink message; -EINVAL if none. */
int peer_info_parse(const struct nlmsghdr *nlh, struct peer_info *p);
/* "peer HIT lsi LSI locator ADDR locator ADDR... [ rvs ADDR ]" */
void peer_print_text(FILE *f, const struct peer_info *p);
/* {"hit":..,"lsi":..,"locators":[..]} */
void peer_print_json(struct json *j, const char *key, const struct peer_info *p);

#endif /* HIPCTL_PEER_H */
