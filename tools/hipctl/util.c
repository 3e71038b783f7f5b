// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Shared helpers: the one-line error convention, HIT/LSI formatting.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hip.h>

#include "util.h"

struct hipctl_opts opts;

static const char *context;

void set_context(const char *ctx)
{
	context = ctx;
}

const char *get_context(void)
{
	return context;
}

void errorf(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	/* One line, whatever the message (an extack string, a file name) holds. */
	for (p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';

	fflush(stdout);
	if (context)
		fprintf(stderr, PROG_NAME ": %s: %s\n", context, msg);
	else
		fprintf(stderr, PROG_NAME ": %s\n", msg);
}

bool parse_hit(const char *s, uint8_t hit[HIT_LEN])
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		return false;
	/* ORCHIDv2 prefix 2001:20::/28 (RFC 7343) */
	if (a.s6_addr[0] != 0x20 || a.s6_addr[1] != 0x01 ||
	    a.s6_addr[2] != 0x00 || (a.s6_addr[3] & 0xf0) != 0x20)
		return false;
	memcpy(hit, a.s6_addr, HIT_LEN);
	return true;
}

void format_hit(const uint8_t hit[HIT_LEN], char buf[HIT_STRLEN])
{
	if (!inet_ntop(AF_INET6, hit, buf, HIT_STRLEN))
		snprintf(buf, HIT_STRLEN, "?");
}

void format_lsi(const uint8_t lsi[LSI_LEN], char buf[LSI_STRLEN])
{
	snprintf(buf, LSI_STRLEN, "%u.%u.%u.%u", lsi[0], lsi[1], lsi[2], lsi[3]);
}

bool parse_lsi(const char *s, uint8_t lsi[LSI_LEN])
{
	struct in_addr a;

	/* inet_pton(AF_INET) takes exactly four decimal parts, no octal */
	if (inet_pton(AF_INET, s, &a) != 1)
		return false;
	memcpy(lsi, &a.s_addr, LSI_LEN);
	return lsi[0] == 1;
}

bool parse_locator(const char *s, struct locator *loc, const char **why)
{
	struct in6_addr a6;
	struct in_addr a4;
	uint8_t hit[HIT_LEN];

	*why = "an IPv4 or IPv6 address expected";
	memset(loc, 0, sizeof(*loc));
	if (inet_pton(AF_INET, s, &a4) == 1) {
		memcpy(loc->addr, &a4.s_addr, 4);
		loc->len = 4;
		if (!loc->addr[0] && !loc->addr[1] && !loc->addr[2] &&
		    !loc->addr[3]) {
			*why = "unspecified address";
			return false;
		}
		if (loc->addr[0] >= 224) {
			*why = "multicast or reserved address";
			return false;
		}
		return true;
	}
	if (inet_pton(AF_INET6, s, &a6) != 1)
		return false;
	memcpy(loc->addr, a6.s6_addr, 16);
	loc->len = 16;
	if (IN6_IS_ADDR_UNSPECIFIED(&a6)) {
		*why = "unspecified address";
		return false;
	}
	if (IN6_IS_ADDR_MULTICAST(&a6)) {
		*why = "multicast address";
		return false;
	}
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		*why = "IPv4-mapped address, give the IPv4 address";
		return false;
	}
	if (parse_hit(s, hit)) {
		*why = "a HIT cannot be a locator";
		return false;
	}
	return true;
}

bool parse_uint(const char *s, unsigned long long min, unsigned long long max,
		unsigned long long *val)
{
	const char *p = s;
	unsigned long long v;
	char *end;
	int base = 10;

	if (!strncmp(p, "0x", 2) || !strncmp(p, "0X", 2)) {
		base = 16;
		p += 2;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			return false;
	}
	/* strtoull would take spaces, signs and an empty string */
	if (!isxdigit((unsigned char)*p) ||
	    (base == 10 && !isdigit((unsigned char)*p)))
		return false;
	errno = 0;
	v = strtoull(p, &end, base);
	if (errno || *end || v < min || v > max)
		return false;
	*val = v;
	return true;
}

void format_locator(const uint8_t *addr, size_t len, char buf[LOCATOR_STRLEN])
{
	if (len == 4 || len == 16)
		inet_ntop(len == 4 ? AF_INET : AF_INET6, addr, buf,
			  LOCATOR_STRLEN);
	else
		snprintf(buf, LOCATOR_STRLEN, "?");
}

const char *algo_name(unsigned int algo)
{
	switch (algo) {
	case HIP_HI_RSA:
		return "rsa";
	case HIP_HI_ECDSA:
		return "ecdsa";
	case HIP_HI_EDDSA:
		return "eddsa";
	}
	return NULL;
}

const char *curve_name(unsigned int curve)
{
	switch (curve) {
	case HIP_ECDSA_NIST_P256:
		return "P-256";
	case HIP_ECDSA_NIST_P384:
		return "P-384";
	}
	return NULL;
}

bool word_in(const char *s, const char *const words[])
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return true;
	return false;
}

bool is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

int get_hit_arg(const char *arg, uint8_t hit[HIT_LEN])
{
	if (!arg) {
		errorf("missing HIT");
		return -1;
	}
	if (!parse_hit(arg, hit)) {
		errorf("invalid HIT \"%s\" (an address in 2001:20::/28 expected)",
		       arg);
		return -1;
	}
	return 0;
}

int subcmd_run(int argc, char *argv[], const char *cmd,
	       const struct subcmd *cmds, void (*usage)(FILE *f))
{
	const struct subcmd *c;

	if (argc < 2) {
		errorf("missing subcommand (try \"" PROG_NAME " %s help\")",
		       cmd);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		usage(stdout);
		return EXIT_OK;
	}
	for (c = cmds; c->name; c++) {
		if (strcmp(argv[1], c->name) &&
		    !(c->aliases && word_in(argv[1], c->aliases)))
			continue;
		set_context(c->context);
		if (argc > 2 && is_help(argv[2])) {
			usage(stdout);
			return EXIT_OK;
		}
		return c->fn(argc - 1, argv + 1);
	}
	errorf("unknown subcommand \"%s\" (try \"" PROG_NAME " %s help\")",
	       argv[1], cmd);
	return EXIT_USAGE;
}
