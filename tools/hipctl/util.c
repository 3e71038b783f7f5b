// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Shared helpers: the one-line error convention, HIT/LSI formatting.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
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
