// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kernel's certificate store: "cert add", "cert del", "cert show" and
 * "cert revoke" (certstore.h).  The kernel validates every chain itself;
 * OpenSSL only turns PEM into DER here and DER into PEM for "show ID".
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "certstore.h"
#include "nl.h"
#include "subcommands.h"

/* A request carries the chain: more than nl.c's requests */
#define CERT_MSG_SIZE	(HIP_CERT_CHAIN_MAX_LEN + 4096)

static struct nla_policy cert_a_policy[HIP_A_MAX + 1] = {
	[HIP_A_CERT]	= { .type = NLA_NESTED },
};

int certstore_entry_parse(const struct nlmsghdr *nlh, struct certstore_entry *c)
{
	struct nlattr *tb[HIP_A_MAX + 1], *a;
	int err, rem;

	memset(c, 0, sizeof(*c));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    cert_a_policy);
	if (err < 0 || !tb[HIP_A_CERT])
		return -EINVAL;
	nla_for_each_nested(a, tb[HIP_A_CERT], rem) {
		size_t len = nla_len(a);

		switch (nla_type(a)) {
		case HIP_A_CERT_ID:
			if (len < 4)
				return -EINVAL;
			c->id = nla_get_u32(a);
			c->has |= CERT_HAS_ID;
			break;
		case HIP_A_CERT_DELEGATED_HIT:
		case HIP_A_CERT_ISSUER_HIT:
		case HIP_A_CERT_SUBJECT_HIT:
			if (len != HIT_LEN)
				return -EINVAL;
			memcpy(nla_type(a) == HIP_A_CERT_DELEGATED_HIT ?
			       c->delegated_hit :
			       nla_type(a) == HIP_A_CERT_ISSUER_HIT ?
			       c->issuer_hit : c->subject_hit,
			       nla_data(a), HIT_LEN);
			break;
		case HIP_A_CERT_DEPTH:
		case HIP_A_CERT_MAX_DEPTH:
			if (len < 1)
				return -EINVAL;
			*(nla_type(a) == HIP_A_CERT_DEPTH ? &c->depth :
			  &c->max_depth) = nla_get_u8(a);
			break;
		case HIP_A_CERT_NOT_BEFORE:
		case HIP_A_CERT_NOT_AFTER:
			if (len < 8)
				return -EINVAL;
			*(nla_type(a) == HIP_A_CERT_NOT_BEFORE ?
			  &c->not_before : &c->not_after) = nla_get_u64(a);
			break;
		case HIP_A_CERT_SERIAL:
			if (!len || len > sizeof(c->serial))
				return -EINVAL;
			memcpy(c->serial, nla_data(a), len);
			c->serial_len = len;
			break;
		case HIP_A_CERT_REVOKED:
			c->revoked = true;
			break;
		case HIP_A_CERT_CHAIN:
			free(c->chain);
			c->chain = malloc(len ? len : 1);
			if (!c->chain)
				return -ENOMEM;
			memcpy(c->chain, nla_data(a), len);
			c->chain_len = len;
			c->has |= CERT_HAS_CHAIN;
			break;
		}
	}
	return 0;
}

void certstore_entry_free(struct certstore_entry *c)
{
	free(c->chain);
	c->chain = NULL;
}

static void format_serial(const struct certstore_entry *c, char *buf)
{
	unsigned int i;

	for (i = 0; i < c->serial_len; i++)
		sprintf(buf + 2 * i, "%02x", c->serial[i]);
	buf[2 * i] = 0;
}

static void format_time(uint64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, 32, "%llu", (unsigned long long)t);
}

/* The certificates of @c's chain in PEM on @f */
static void print_chain_pem(FILE *f, const struct certstore_entry *c)
{
	const unsigned char *p = c->chain, *end = c->chain + c->chain_len;

	while (p < end) {
		X509 *x = d2i_X509(NULL, &p, end - p);

		if (!x) {
			fprintf(f, "# (not a certificate from here on)\n");
			return;
		}
		PEM_write_X509(f, x);
		X509_free(x);
	}
}

void certstore_entry_print(FILE *f, const struct certstore_entry *c, struct json *j)
{
	char del[HIT_STRLEN], iss[HIT_STRLEN], sub[HIT_STRLEN];
	char serial[2 * HIP_CERT_SERIAL_MAX_LEN + 1], nb[32], na[32];

	format_hit(c->delegated_hit, del);
	format_hit(c->issuer_hit, iss);
	format_hit(c->subject_hit, sub);
	format_serial(c, serial);
	format_time(c->not_before, nb);
	format_time(c->not_after, na);
	if (j) {
		json_open_object(j, NULL);
		if (c->revoked) {
			json_bool(j, "revoked", true);
			json_string(j, "issuer_hit", iss);
			json_string(j, "serial", serial);
			json_close_object(j);
			return;
		}
		json_uint(j, "id", c->id);
		json_string(j, "delegated_hit", del);
		json_string(j, "holder_hit", sub);
		json_string(j, "issuer_hit", iss);
		json_uint(j, "depth", c->depth);
		json_uint(j, "max_depth", c->max_depth);
		json_string(j, "serial", serial);
		json_uint(j, "not_before", c->not_before);
		json_uint(j, "not_after", c->not_after);
		if (c->has & CERT_HAS_CHAIN)
			json_hex(j, "chain", c->chain, c->chain_len);
		json_close_object(j);
		return;
	}
	if (c->revoked) {
		fprintf(f, "revoked issuer %s serial %s\n", iss, serial);
		return;
	}
	fprintf(f, "cert %u delegated %s holder %s issuer %s depth %u max-depth %u serial %s not-before %s not-after %s\n",
		c->id, del, sub, iss, c->depth, c->max_depth, serial, nb, na);
	if (c->has & CERT_HAS_CHAIN)
		print_chain_pem(f, c);
}

int cert_read_chain(const char *path, uint8_t **der, size_t *len)
{
	uint8_t *buf = NULL, *p;
	size_t n = 0, cap = 0;
	unsigned int count = 0;
	char head[11] = "";
	X509 *x;
	BIO *b;
	FILE *f;

	*der = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (!f) {
		errorf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fread(head, 1, 10, f) == 10 && !strncmp(head, "-----BEGIN", 10)) {
		rewind(f);
		b = BIO_new_fp(f, BIO_NOCLOSE);
		while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
			int l = i2d_X509(x, NULL);

			if (l <= 0 || n + l > HIP_CERT_CHAIN_MAX_LEN) {
				X509_free(x);
				errorf("%s: the chain is longer than %u bytes",
				       path, HIP_CERT_CHAIN_MAX_LEN);
				goto err;
			}
			if (n + l > cap) {
				cap = HIP_CERT_CHAIN_MAX_LEN;
				p = realloc(buf, cap);
				if (!p) {
					X509_free(x);
					errorf("%s", strerror(ENOMEM));
					goto err;
				}
				buf = p;
			}
			p = buf + n;
			i2d_X509(x, &p);
			n += l;
			count++;
			X509_free(x);
		}
		ERR_clear_error();
		BIO_free(b);
		b = NULL;
		if (!count) {
			errorf("%s: no PEM certificate", path);
			goto err;
		}
	} else {
		/* DER: the kernel checks it, just read it */
		rewind(f);
		buf = malloc(HIP_CERT_CHAIN_MAX_LEN + 1);
		if (!buf) {
			errorf("%s", strerror(ENOMEM));
			goto err;
		}
		n = fread(buf, 1, HIP_CERT_CHAIN_MAX_LEN + 1, f);
		if (!n || n > HIP_CERT_CHAIN_MAX_LEN) {
			errorf("%s: %s", path, n ? "longer than the longest chain" :
			       "empty");
			goto err;
		}
	}
	fclose(f);
	*der = buf;
	*len = n;
	return 0;
err:
	fclose(f);
	free(buf);
	return -1;
}

bool cert_parse_serial(const char *s, uint8_t *serial, uint8_t *len)
{
	char hex[2 * HIP_CERT_SERIAL_MAX_LEN + 1];
	size_t n = 0, i, off;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		s += 2;
	for (; *s; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s))
			return false;
		if (n == 0 && *s == '0')
			continue;	/* leading zeros */
		if (n == sizeof(hex) - 1)
			return false;
		hex[n++] = *s;
	}
	if (!n)
		return false;	/* 0 is no serial (RFC 5280 4.1.2.2) */
	hex[n] = 0;
	*len = (n + 1) / 2;
	off = n % 2;	/* an odd count: the first byte has one digit */
	for (i = 0; i < *len; i++) {
		char two[3] = { 0 };

		if (off && i == 0) {
			two[0] = hex[0];
		} else {
			two[0] = hex[2 * i - off];
			two[1] = hex[2 * i - off + 1];
		}
		serial[i] = (uint8_t)strtoul(two, NULL, 16);
	}
	return true;
}

/* ---- requests ---- */

static int print_reply(struct nlmsghdr *nlh, void *arg)
{
	struct json *j = arg;
	struct certstore_entry c;
	int err;

	err = certstore_entry_parse(nlh, &c);
	if (err) {
		errorf("invalid certificate entry in the kernel's reply");
		return -EBADMSG;
	}
	certstore_entry_print(stdout, &c, j);
	certstore_entry_free(&c);
	return 0;
}

/* One request whose replies are printed (text, or a JSON array) */
static int cert_request(uint8_t cmd, int flags, struct nl_msg *(*build)(
			struct hip_nl *, uint8_t, int, const void *),
			const void *arg)
{
	struct json j, *jp = NULL;
	struct nl_msg *msg;
	struct hip_nl nl;
	int err;

	if (hip_nl_open(&nl))
		return EXIT_FAIL;
	/* A reply with a chain may be longer than libnl's buffer */
	nl_socket_enable_msg_peek(nl.sk);
	msg = build(&nl, cmd, flags, arg);
	if (!msg) {
		hip_nl_close(&nl);
		return EXIT_FAIL;
	}
	if (opts.json) {
		json_init(&j, stdout);
		json_open_array(&j, NULL);
		jp = &j;
	}
	err = hip_nl_transact(&nl, msg, print_reply, jp);
	hip_nl_close(&nl);
	if (jp) {
		json_close_array(jp);
		json_end(jp);
	}
	return err ? EXIT_FAIL : EXIT_OK;
}

static struct nl_msg *new_msg(struct hip_nl *nl, uint8_t cmd, int flags,
			      struct nlattr **nest)
{
	struct nl_msg *msg = nlmsg_alloc_size(CERT_MSG_SIZE);

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family,
				 0, flags, cmd, HIP_FAMILY_VERSION) ||
	    !(*nest = hip_nla_nest_start(msg, HIP_A_CERT))) {
		nlmsg_free(msg);
		errorf("%s", strerror(ENOMEM));
		return NULL;
	}
	return msg;
}

struct cert_req {
	const uint8_t *chain;
	size_t chain_len;
	uint32_t id;
	bool by_hit, flush;
	uint8_t hit[HIT_LEN];
	uint8_t serial[HIP_CERT_SERIAL_MAX_LEN];
	uint8_t serial_len;
};

static struct nl_msg *build_req(struct hip_nl *nl, uint8_t cmd, int flags,
				const void *arg)
{
	const struct cert_req *r = arg;
	struct nlattr *nest;
	struct nl_msg *msg = new_msg(nl, cmd, flags, &nest);
	int err = 0;

	if (!msg)
		return NULL;
	if (r->chain)
		err = nla_put(msg, HIP_A_CERT_CHAIN, r->chain_len, r->chain);
	if (!err && r->id)
		err = nla_put_u32(msg, HIP_A_CERT_ID, r->id);
	if (!err && r->by_hit)
		err = nla_put(msg, cmd == HIP_CMD_CERT_REVOKE ?
			      HIP_A_CERT_ISSUER_HIT : HIP_A_CERT_DELEGATED_HIT,
			      HIT_LEN, r->hit);
	if (!err && r->serial_len)
		err = nla_put(msg, HIP_A_CERT_SERIAL, r->serial_len,
			      r->serial);
	if (!err && r->flush)
		err = nla_put_flag(msg, HIP_A_CERT_FLUSH);
	if (err < 0) {
		nlmsg_free(msg);
		errorf("request too large");
		return NULL;
	}
	nla_nest_end(msg, nest);
	return msg;
}

static struct nl_msg *build_dump(struct hip_nl *nl, uint8_t cmd, int flags,
				 const void *arg)
{
	struct nl_msg *msg = hip_nl_msg(nl, cmd, flags);

	(void)arg;
	return msg;
}

int certstore_add(int argc, char *argv[])
{
	struct cert_req r = { 0 };
	uint8_t *der;
	size_t len;
	int ret;

	if (argc < 2) {
		errorf("missing FILE");
		return EXIT_USAGE;
	}
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (cert_read_chain(argv[1], &der, &len))
		return EXIT_FAIL;
	r.chain = der;
	r.chain_len = len;
	ret = cert_request(HIP_CMD_CERT_ADD, 0, build_req, &r);
	free(der);
	return ret;
}

/* ID (1..2^32-1) or HIT */
static int get_id_or_hit(const char *arg, struct cert_req *r)
{
	unsigned long long v;

	if (!arg) {
		errorf("missing ID or HIT");
		return -1;
	}
	if (strchr(arg, ':')) {
		r->by_hit = true;
		return get_hit_arg(arg, r->hit);
	}
	if (!parse_uint(arg, 1, UINT32_MAX, &v)) {
		errorf("invalid ID \"%s\"", arg);
		return -1;
	}
	r->id = v;
	return 0;
}

int certstore_del(int argc, char *argv[])
{
	struct cert_req r = { 0 };

	if (get_id_or_hit(argc > 1 ? argv[1] : NULL, &r))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	return cert_request(HIP_CMD_CERT_DEL, 0, build_req, &r);
}

int certstore_show(int argc, char *argv[])
{
	struct cert_req r = { 0 };

	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (argc == 1)
		return cert_request(HIP_CMD_CERT_GET, NLM_F_DUMP, build_dump,
				    NULL);
	if (get_id_or_hit(argv[1], &r))
		return EXIT_USAGE;
	if (r.by_hit) {
		errorf("show takes an ID (\"cert show\" lists them)");
		return EXIT_USAGE;
	}
	return cert_request(HIP_CMD_CERT_GET, 0, build_req, &r);
}

int certstore_revoke(int argc, char *argv[])
{
	struct cert_req r = { 0 };

	if (argc == 2 && !strcmp(argv[1], "flush")) {
		r.flush = true;
		return cert_request(HIP_CMD_CERT_REVOKE, 0, build_req, &r);
	}
	if (argc < 3) {
		errorf("missing %s", argc < 2 ? "ISSUER_HIT" : "SERIAL");
		return EXIT_USAGE;
	}
	if (argc > 3) {
		errorf("unexpected argument \"%s\"", argv[3]);
		return EXIT_USAGE;
	}
	if (get_hit_arg(argv[1], r.hit))
		return EXIT_USAGE;
	r.by_hit = true;
	if (!cert_parse_serial(argv[2], r.serial, &r.serial_len)) {
		errorf("invalid serial \"%s\" (1 to %u bytes in hex)", argv[2],
		       HIP_CERT_SERIAL_MAX_LEN);
		return EXIT_USAGE;
	}
	return cert_request(HIP_CMD_CERT_REVOKE, 0, build_req, &r);
}

void certstore_usage(FILE *f)
{
	fputs("       " PROG_NAME " cert add FILE\n"
	      "       " PROG_NAME " cert del { ID | HIT }\n"
	      "       " PROG_NAME " cert show [ ID ]\n"
	      "       " PROG_NAME " cert revoke { ISSUER_HIT SERIAL | flush }\n",
	      f);
}
