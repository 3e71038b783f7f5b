/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Per-namespace counters (HIP_A_STATS) and configuration (HIP_A_CFG):
 * parsing and printing, shared with the offline tests.
 */
#ifndef HIPCTL_STATS_H
#define HIPCTL_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/hip.h>
#include <linux/netlink.h>

#include "json.h"

/* Counters of the types a kernel may send: attribute type 1..255 */
#define STATS_MAX_TYPE	255

struct stats_info {
	bool has[STATS_MAX_TYPE + 1];	/* by attribute type (stat + 1) */
	uint64_t val[STATS_MAX_TYPE + 1];
};

/* "hip_in", ..., or NULL for a stat (enum hip_stat) this hipctl does not know */
const char *stat_name(unsigned int stat);

int stats_info_parse(const struct nlmsghdr *nlh, struct stats_info *s);
/* one "name value" line per counter; unknown ones as "stat_<n>" */
void stats_print_text(FILE *f, const struct stats_info *s);
void stats_print_json(struct json *j, const struct stats_info *s);

struct cfg_info {
	uint32_t has;		/* 1 << HIP_A_CFG_* */
	unsigned int puzzle_k;
	uint32_t idle_timeout;
	unsigned int esp_suite;
	unsigned int dh_group;
	uint32_t esp_seq_limit;
	unsigned int null_crypto;
	unsigned int cert_max_depth;
};

int cfg_info_parse(const struct nlmsghdr *nlh, struct cfg_info *c);
/* "puzzle-k 1 idle-timeout 600 esp-suite 13 dh-group 7 esp-seq-limit N" */
void cfg_print_text(FILE *f, const struct cfg_info *c);
void cfg_print_json(struct json *j, const struct cfg_info *c);
/* The arguments of "config set"; prints usage errors */
int cfg_parse_args(int argc, char *argv[], struct cfg_info *c);

#endif /* HIPCTL_STATS_H */
