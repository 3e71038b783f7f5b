/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Shared helpers: the one-line error convention, global options,
 * HIT/LSI formatting and the names of algorithms and curves.
 */
#ifndef HIPCTL_UTIL_H
#define HIPCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROG_NAME	"hipctl"

/* Exit status (see hipctl(8), EXIT STATUS) */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define HIT_LEN		16
#define LSI_LEN		4
#define HIT_STRLEN	46	/* INET6_ADDRSTRLEN */
#define LSI_STRLEN	16	/* INET_ADDRSTRLEN */

struct hipctl_opts {
	bool json;		/* -j: JSON output */
	const char *netns;	/* -n NETNS */
};

extern struct hipctl_opts opts;

/*
 * Every diagnostic is one line on stderr: "hipctl: <context>: <message>".
 * The context is the command being run ("hi add", "keygen", ...), set
 * once by the dispatcher; without one the line is "hipctl: <message>".
 */
void set_context(const char *ctx);
const char *get_context(void);
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict parse of a HIT (an IPv6 address inside 2001:20::/28). */
bool parse_hit(const char *s, uint8_t hit[HIT_LEN]);
void format_hit(const uint8_t hit[HIT_LEN], char buf[HIT_STRLEN]);
void format_lsi(const uint8_t lsi[LSI_LEN], char buf[LSI_STRLEN]);

/* A locator: an IPv4 (len 4) or IPv6 (len 16) address, network order */
#define LOCATOR_STRLEN	46
struct locator {
	uint8_t len;
	uint8_t addr[16];
};

/*
 * Strict parses; they print nothing.  parse_lsi: a dotted quad inside
 * 1.0.0.0/8.  parse_locator: an IPv4 or IPv6 unicast address (not
 * unspecified, multicast, IPv4-mapped or a HIT); *why says what is wrong.
 * parse_uint: decimal or 0x-hex digits only, inside min..max.
 */
bool parse_lsi(const char *s, uint8_t lsi[LSI_LEN]);
bool parse_locator(const char *s, struct locator *loc, const char **why);
bool parse_uint(const char *s, unsigned long long min, unsigned long long max,
		unsigned long long *val);
/* "?" for a length that is neither 4 nor 16 */
void format_locator(const uint8_t *addr, size_t len, char buf[LOCATOR_STRLEN]);

/* "rsa", "ecdsa", "eddsa" or NULL for an unknown enum hip_hi_algo */
const char *algo_name(unsigned int algo);
/* "P-256", "P-384" or NULL for an unknown enum hip_ecdsa_curve */
const char *curve_name(unsigned int curve);

/*
 * A HIT argument (NULL: missing); prints "missing HIT" or "invalid HIT"
 * and returns -1 on error.
 */
int get_hit_arg(const char *arg, uint8_t hit[HIT_LEN]);

/* One subcommand of a command ("hi add", "peer show", ...) */
struct subcmd {
	const char *name;
	const char *const *aliases;	/* NULL-terminated, or NULL */
	int (*fn)(int argc, char *argv[]);	/* argv[0] is the subcommand */
	const char *context;		/* for error messages */
};

/*
 * Runs the subcommand argv[1] of command cmd from the table (ended by an
 * entry with a NULL name); "help" (also after the subcommand) prints usage.
 */
int subcmd_run(int argc, char *argv[], const char *cmd,
	       const struct subcmd *cmds, void (*usage)(FILE *f));

/* "help", "-h" or "--help" */
bool is_help(const char *arg);

/* Does s equal one of the NULL-terminated words? */
bool word_in(const char *s, const char *const words[]);

#endif /* HIPCTL_UTIL_H */
