/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Host associations as the kernel reports them (HIP_A_HA nests):
 * parsing, the text/JSON forms of "ha show", and the names of states,
 * DH groups, HIP ciphers and ESP transforms.
 */
#ifndef HIPCTL_HA_H
#define HIPCTL_HA_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/hip.h>
#include <linux/netlink.h>

#include "json.h"
#include "util.h"

/* Presence bits of struct ha_info: 1 << HIP_A_HA_* */
#define HA_HAS(ha, attr)	(((ha)->has >> (attr)) & 1)

/* One peer locator (HIP_A_HA_PEER_LOC) */
struct ha_loc {
	struct locator addr;
	unsigned int state;	/* enum hip_locator_state */
	uint32_t lifetime;	/* seconds, 0 = unbounded */
	uint32_t expires;	/* seconds left, if has_expires */
	uint32_t age;		/* seconds in this state */
	bool has_expires, preferred, current;
};

#define HA_LOCS_MAX	HIP_PEER_MAX_LOCATORS

struct ha_info {
	uint32_t has;		/* 1 << HIP_A_HA_* of the attributes present */
	unsigned int state;	/* enum hip_ha_state */
	uint8_t local_hit[HIT_LEN], peer_hit[HIT_LEN];
	uint8_t local_lsi[LSI_LEN], peer_lsi[LSI_LEN];
	struct locator local_loc, peer_loc;
	uint32_t spi_in, spi_out;
	unsigned int dh_group, hip_cipher, esp_suite, hit_suite;
	bool initiator;
	uint64_t pkts_in, pkts_out, bytes_in, bytes_out, drops;
	uint32_t age, idle;
	uint32_t bex_usec;
	unsigned int n_locs;	/* entries of locs[] */
	struct ha_loc locs[HA_LOCS_MAX];
};

/* Our local addresses (HIP_A_LADDR of HIP_CMD_LOC_CHANGE_NTF) */
struct laddr_info {
	unsigned int n;
	struct locator addr[16];
};

/* Parses the HIP_A_HA nest of a generic netlink message; -EINVAL if none. */
int ha_info_parse(const struct nlmsghdr *nlh, struct ha_info *ha);
/* The "ha ..." block of "ha show", several lines */
void ha_print_text(FILE *f, const struct ha_info *ha);
void ha_print_json(struct json *j, const char *key, const struct ha_info *ha);

/* The monitor's line (or JSON object, with -j) for HIP_CMD_HA_CHANGE_NTF */
void monitor_print_ha(FILE *f, const struct ha_info *ha);

/* Parses the HIP_A_LADDR nest; -ENOENT if the message has none */
int laddr_info_parse(const struct nlmsghdr *nlh, struct laddr_info *la);
/* "unverified", "active", "deprecated" or the number in buf */
const char *loc_state_str(unsigned int state, char buf[16]);
/* The peer locators, text: one line each; JSON: array "peer_locators" */
void ha_print_locs_text(FILE *f, const struct ha_info *ha);
void ha_print_locs_json(struct json *j, const struct ha_info *ha);

/* "ESTABLISHED", ... or NULL for an unknown enum hip_ha_state */
const char *ha_state_name(unsigned int state);
/* the state's name, or its number in buf */
const char *ha_state_str(unsigned int state, char buf[16]);
/* "NIST-P256", "AES-128-CBC", "AES-128-GCM", ... or NULL if unknown */
const char *dh_group_name(unsigned int id);
const char *hip_cipher_name(unsigned int id);
const char *esp_suite_name(unsigned int id);

#endif /* HIPCTL_HA_H */
