// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl hi { add | del | set | show }: local host identities.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <linux/hip.h>

#include "hi.h"
#include "hit.h"
#include "key.h"
#include "nl.h"
#include "rtnl.h"
#include "subcommands.h"
#include "util.h"

static struct nla_policy hip_a_policy[HIP_A_MAX + 1] = {
	[HIP_A_HI]		= { .type = NLA_NESTED },
};

static struct nla_policy hip_a_hi_policy[HIP_A_HI_MAX + 1] = {
	[HIP_A_HI_HIT]		= { .minlen = HIT_LEN },
	[HIP_A_HI_LSI]		= { .minlen = LSI_LEN },
	[HIP_A_HI_ALGO]		= { .type = NLA_U8 },
	[HIP_A_HI_CURVE]	= { .type = NLA_U16 },
	[HIP_A_HI_BITS]		= { .type = NLA_U32 },
	[HIP_A_HI_HIT_SUITE]	= { .type = NLA_U8 },
	[HIP_A_HI_PUBKEY]	= { .type = NLA_UNSPEC },
	[HIP_A_HI_DEFAULT]	= { .type = NLA_FLAG },
};

int hi_info_parse(const struct nlmsghdr *nlh, struct hi_info *hi)
{
	struct nlattr *tb[HIP_A_MAX + 1], *hb[HIP_A_HI_MAX + 1];
	int err;

	memset(hi, 0, sizeof(*hi));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_policy);
	if (err < 0 || !tb[HIP_A_HI])
		return -EINVAL;
	err = nla_parse_nested(hb, HIP_A_HI_MAX, tb[HIP_A_HI], hip_a_hi_policy);
	if (err < 0)
		return -EINVAL;

	if (hb[HIP_A_HI_HIT]) {
		memcpy(hi->hit, nla_data(hb[HIP_A_HI_HIT]), HIT_LEN);
		hi->has |= HI_HAS_HIT;
	}
	if (hb[HIP_A_HI_LSI]) {
		memcpy(hi->lsi, nla_data(hb[HIP_A_HI_LSI]), LSI_LEN);
		hi->has |= HI_HAS_LSI;
	}
	if (hb[HIP_A_HI_ALGO]) {
		hi->algo = nla_get_u8(hb[HIP_A_HI_ALGO]);
		hi->has |= HI_HAS_ALGO;
	}
	if (hb[HIP_A_HI_CURVE]) {
		hi->curve = nla_get_u16(hb[HIP_A_HI_CURVE]);
		hi->has |= HI_HAS_CURVE;
	}
	if (hb[HIP_A_HI_BITS]) {
		hi->bits = nla_get_u32(hb[HIP_A_HI_BITS]);
		hi->has |= HI_HAS_BITS;
	}
	if (hb[HIP_A_HI_HIT_SUITE]) {
		hi->suite = nla_get_u8(hb[HIP_A_HI_HIT_SUITE]);
		hi->has |= HI_HAS_SUITE;
	}
	hi->is_default = hb[HIP_A_HI_DEFAULT] != NULL;
	if (hb[HIP_A_HI_PUBKEY] && nla_len(hb[HIP_A_HI_PUBKEY]) > 0) {
		hi->pubkey_len = nla_len(hb[HIP_A_HI_PUBKEY]);
		hi->pubkey = malloc(hi->pubkey_len);
		if (!hi->pubkey)
			return -ENOMEM;
		memcpy(hi->pubkey, nla_data(hb[HIP_A_HI_PUBKEY]),
		       hi->pubkey_len);
		hi->has |= HI_HAS_PUBKEY;
	}
	return 0;
}

void hi_info_free(struct hi_info *hi)
{
	free(hi->pubkey);
	hi->pubkey = NULL;
}

void hi_print_text(FILE *f, const char *prefix, const struct hi_info *hi)
{
	char buf[HIT_STRLEN];

	fputs(prefix, f);
	if (hi->has & HI_HAS_HIT) {
		format_hit(hi->hit, buf);
		fprintf(f, " %s", buf);
	}
	if (hi->has & HI_HAS_LSI) {
		format_lsi(hi->lsi, buf);
		fprintf(f, " lsi %s", buf);
	}
	if (hi->has & HI_HAS_ALGO) {
		if (algo_name(hi->algo))
			fprintf(f, " algo %s", algo_name(hi->algo));
		else
			fprintf(f, " algo %u", hi->algo);
	}
	if (hi->has & HI_HAS_CURVE) {
		if (curve_name(hi->curve))
			fprintf(f, " curve %s", curve_name(hi->curve));
		else
			fprintf(f, " curve %u", hi->curve);
	}
	if (hi->has & HI_HAS_BITS)
		fprintf(f, " bits %u", hi->bits);
	if (hi->has & HI_HAS_SUITE)
		fprintf(f, " suite %u", hi->suite);
	if (hi->is_default)
		fputs(" default", f);
	fputc('\n', f);
}

void hi_print_json(struct json *j, const char *key, const struct hi_info *hi)
{
	char buf[HIT_STRLEN];

	json_open_object(j, key);
	if (hi->has & HI_HAS_HIT) {
		format_hit(hi->hit, buf);
		json_string(j, "hit", buf);
	}
	if (hi->has & HI_HAS_LSI) {
		format_lsi(hi->lsi, buf);
		json_string(j, "lsi", buf);
	}
	if (hi->has & HI_HAS_ALGO) {
		if (algo_name(hi->algo))
			json_string(j, "algo", algo_name(hi->algo));
		else
			json_uint(j, "algo", hi->algo);
	}
	if (hi->has & HI_HAS_BITS)
		json_uint(j, "bits", hi->bits);
	if (hi->has & HI_HAS_CURVE) {
		if (curve_name(hi->curve))
			json_string(j, "curve", curve_name(hi->curve));
		else
			json_uint(j, "curve", hi->curve);
	}
	if (hi->has & HI_HAS_SUITE)
		json_uint(j, "hit_suite", hi->suite);
	json_bool(j, "default", hi->is_default);
	if (hi->has & HI_HAS_PUBKEY)
		json_hex(j, "pubkey", hi->pubkey, hi->pubkey_len);
	json_close_object(j);
}

static void hi_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] hi { add | del | set | show } ...\n"
	      "       " PROG_NAME " hi add FILE [ default ]\n"
	      "       " PROG_NAME " hi del HIT\n"
	      "       " PROG_NAME " hi set HIT default\n"
	      "       " PROG_NAME " hi show [ HIT ]\n", f);
}

/* The HIT and LSI of the HI_NEW reply */
static int hi_add_reply(struct nlmsghdr *nlh, void *arg)
{
	struct hi_info *reply = arg, hi;

	if (!hi_info_parse(nlh, &hi)) {
		reply->has = hi.has & (HI_HAS_HIT | HI_HAS_LSI);
		memcpy(reply->hit, hi.hit, HIT_LEN);
		memcpy(reply->lsi, hi.lsi, LSI_LEN);
	}
	hi_info_free(&hi);
	return 0;
}

static int hi_add(int argc, char *argv[])
{
	struct hi_info reply = { 0 };
	bool make_default = false;
	struct hip_key key;
	struct nl_msg *msg;
	struct nlattr *nest;
	struct hip_nl nl;
	int i, err;

	if (argc < 2) {
		errorf("missing key FILE");
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "default") && !make_default) {
			make_default = true;
		} else {
			errorf("unexpected argument \"%s\"", argv[i]);
			return EXIT_USAGE;
		}
	}

	if (key_load(argv[1], &key))
		return EXIT_FAIL;
	if (hip_nl_open(&nl)) {
		key_free(&key);
		return EXIT_FAIL;
	}

	msg = hip_nl_msg(&nl, HIP_CMD_HI_NEW, 0);
	if (!msg)
		goto fail;
	nest = hip_nla_nest_start(msg, HIP_A_HI);
	if (!nest ||
	    nla_put_u8(msg, HIP_A_HI_ALGO, key.algo) < 0 ||
	    (key.algo == HIP_HI_ECDSA &&
	     nla_put_u16(msg, HIP_A_HI_CURVE, key.curve) < 0) ||
	    nla_put(msg, HIP_A_HI_PRIVKEY, key.priv_len, key.priv) < 0 ||
	    (make_default && nla_put_flag(msg, HIP_A_HI_DEFAULT) < 0)) {
		hip_nl_msg_free(msg);
		errorf("request too large");
		goto fail;
	}
	nla_nest_end(msg, nest);

	err = hip_nl_transact(&nl, msg, hi_add_reply, &reply);
	hip_nl_close(&nl);
	if (err) {
		key_free(&key);
		return EXIT_FAIL;
	}
	/* The kernel replies with the new HI; derive it ourselves otherwise. */
	if ((reply.has & (HI_HAS_HIT | HI_HAS_LSI)) !=
	    (HI_HAS_HIT | HI_HAS_LSI)) {
		if (hit_derive(key.algo, key.pub, key.pub_len, reply.hit) < 0) {
			key_free(&key);
			errorf("the kernel did not report the new HIT");
			return EXIT_FAIL;
		}
		lsi_from_hit(reply.hit, reply.lsi);
	}
	key_free(&key);
	return hip_dev_addrs(true, reply.hit, reply.lsi) ? EXIT_FAIL : EXIT_OK;
fail:
	key_free(&key);
	hip_nl_close(&nl);
	return EXIT_FAIL;
}

/* del HIT, set HIT default: a request naming one HI by its HIT */
static int hi_by_hit(uint8_t cmd, const uint8_t hit[HIT_LEN], bool make_default)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	struct hip_nl nl;
	int err;

	if (hip_nl_open(&nl))
		return EXIT_FAIL;
	msg = hip_nl_msg(&nl, cmd, 0);
	if (!msg) {
		hip_nl_close(&nl);
		return EXIT_FAIL;
	}
	nest = hip_nla_nest_start(msg, HIP_A_HI);
	if (!nest || nla_put(msg, HIP_A_HI_HIT, HIT_LEN, hit) < 0 ||
	    (make_default && nla_put_flag(msg, HIP_A_HI_DEFAULT) < 0)) {
		hip_nl_msg_free(msg);
		hip_nl_close(&nl);
		errorf("request too large");
		return EXIT_FAIL;
	}
	nla_nest_end(msg, nest);
	err = hip_nl_transact(&nl, msg, NULL, NULL);
	hip_nl_close(&nl);
	return err ? EXIT_FAIL : EXIT_OK;
}

static int hi_del(int argc, char *argv[])
{
	uint8_t hit[HIT_LEN], lsi[LSI_LEN];

	if (get_hit_arg(argv[1], hit))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (hi_by_hit(HIP_CMD_HI_DEL, hit, false))
		return EXIT_FAIL;
	/* The LSI of a local HI is always derived from its HIT. */
	lsi_from_hit(hit, lsi);
	return hip_dev_addrs(false, hit, lsi) ? EXIT_FAIL : EXIT_OK;
}

static int hi_set(int argc, char *argv[])
{
	uint8_t hit[HIT_LEN];
	bool make_default = false;
	int i;

	if (get_hit_arg(argv[1], hit))
		return EXIT_USAGE;
	if (argc < 3) {
		errorf("nothing to set (expected \"default\")");
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "default") && !make_default) {
			make_default = true;
		} else {
			errorf("unexpected argument \"%s\"", argv[i]);
			return EXIT_USAGE;
		}
	}
	return hi_by_hit(HIP_CMD_HI_SET, hit, make_default);
}

static int hi_show_parse(const struct nlmsghdr *nlh, void *obj)
{
	return hi_info_parse(nlh, obj);
}

static void hi_show_free(void *obj)
{
	hi_info_free(obj);
}

static void hi_show_print(const void *obj, struct json *j)
{
	if (j)
		hi_print_json(j, NULL, obj);
	else
		hi_print_text(stdout, "hi", obj);
}

static const struct hip_nl_show hi_show_desc = {
	.cmd = HIP_CMD_HI_GET,
	.nest = HIP_A_HI,
	.hit_attr = HIP_A_HI_HIT,
	.what = "host identities",
	.one = "host identity",
	.size = sizeof(struct hi_info),
	.parse = hi_show_parse,
	.free = hi_show_free,
	.print = hi_show_print,
};

static int hi_show(int argc, char *argv[])
{
	return hip_nl_show(&hi_show_desc, argc, argv);
}

static const struct subcmd hi_cmds[] = {
	{ "add", NULL, hi_add, "hi add" },
	{ "del", (const char *const[]){ "delete", NULL }, hi_del, "hi del" },
	{ "set", NULL, hi_set, "hi set" },
	{ "show", (const char *const[]){ "list", "ls", NULL }, hi_show,
	  "hi show" },
	{ 0 }
};

int hi_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "hi", hi_cmds, hi_usage);
}
