/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The kernel's certificate store (HIP_A_CERT nests; HIP_CMD_CERT_*):
 * "cert add FILE", "cert del { ID | HIT }", "cert show [ ID ]" and
 * "cert revoke { ISSUER_HIT SERIAL | flush }".  The "cert" command
 * (cert.c) dispatches to these; "cert issue" and "cert verify" are its
 * own (they never talk to the kernel).
 */
#ifndef HIPCTL_CERTSTORE_H
#define HIPCTL_CERTSTORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/hip.h>
#include <linux/netlink.h>

#include "json.h"
#include "util.h"

#define CERT_HAS_ID		0x01
#define CERT_HAS_CHAIN		0x02

/* One HIP_A_CERT nest: a delegation, or a revocation entry (@revoked) */
struct certstore_entry {
	unsigned int has;	/* CERT_HAS_* */
	bool revoked;
	uint32_t id;
	uint8_t delegated_hit[HIT_LEN];
	uint8_t issuer_hit[HIT_LEN];
	uint8_t subject_hit[HIT_LEN];
	uint8_t depth, max_depth;
	uint64_t not_before, not_after;
	uint8_t serial_len;
	uint8_t serial[HIP_CERT_SERIAL_MAX_LEN];
	size_t chain_len;
	uint8_t *chain;		/* malloc()ed copy, certstore_entry_free() */
};

/* The HIP_A_CERT nest of a message; -EINVAL if none or malformed */
int certstore_entry_parse(const struct nlmsghdr *nlh, struct certstore_entry *c);
void certstore_entry_free(struct certstore_entry *c);
/*
 * "cert ID delegated HIT holder HIT issuer HIT depth N max-depth N
 * serial HEX not-before TIME not-after TIME" (times in UTC, ISO 8601),
 * "revoked issuer HIT serial HEX", or JSON; with the chain (cert show ID)
 * its certificates follow in PEM (JSON: "chain", hex DER).
 */
void certstore_entry_print(FILE *f, const struct certstore_entry *c, struct json *j);

/*
 * Read a chain from @path: concatenated PEM certificates (root first), or
 * DER if the file is not PEM.  *@der is malloc()ed.  Prints the error.
 */
int cert_read_chain(const char *path, uint8_t **der, size_t *len);
/* A serial in hex ("5bab0a74...", "0x5B:AB:..."), leading zeros dropped */
bool cert_parse_serial(const char *s, uint8_t *serial, uint8_t *len);

/* The subcommands; argv[0] is the subcommand word, return an exit status */
int certstore_add(int argc, char *argv[]);
int certstore_del(int argc, char *argv[]);
int certstore_show(int argc, char *argv[]);
int certstore_revoke(int argc, char *argv[]);
/* Usage lines of the four */
void certstore_usage(FILE *f);

#endif /* HIPCTL_CERTSTORE_H */
