/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Host identity objects as the kernel reports them (HIP_A_HI nests):
 * parsing and the text/JSON forms shared by "hi show" and "monitor".
 */
#ifndef HIPCTL_HI_H
#define HIPCTL_HI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/netlink.h>

#include "json.h"
#include "util.h"

/* Presence flags of struct hi_info members */
enum {
	HI_HAS_HIT	= 1 << 0,
	HI_HAS_LSI	= 1 << 1,
	HI_HAS_ALGO	= 1 << 2,
	HI_HAS_CURVE	= 1 << 3,
	HI_HAS_BITS	= 1 << 4,
	HI_HAS_SUITE	= 1 << 5,
	HI_HAS_PUBKEY	= 1 << 6,
};

struct hi_info {
	unsigned int has;	/* HI_HAS_* */
	uint8_t hit[HIT_LEN];
	uint8_t lsi[LSI_LEN];
	unsigned int algo;	/* enum hip_hi_algo */
	unsigned int curve;	/* enum hip_ecdsa_curve */
	unsigned int bits;
	unsigned int suite;	/* enum hip_hit_suite */
	bool is_default;
	uint8_t *pubkey;	/* malloc'ed copy, hi_info_free() */
	size_t pubkey_len;
};

/* Parses the HIP_A_HI nest of a generic netlink message; -EINVAL if none. */
int hi_info_parse(const struct nlmsghdr *nlh, struct hi_info *hi);
void hi_info_free(struct hi_info *hi);

/* "<prefix> HIT lsi LSI algo ALGO [curve CURVE] bits N suite N [default]" */
void hi_print_text(FILE *f, const char *prefix, const struct hi_info *hi);
/* {"hit":..,"lsi":..,"algo":..,"bits":..,"curve":..,"hit_suite":..,"default":..,"pubkey":..} */
void hi_print_json(struct json *j, const char *key, const struct hi_info *hi);

#endif /* HIPCTL_HI_H */
