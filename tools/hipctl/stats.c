// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl stats, hipctl config { show | set }: the counters and the
 * configuration of a namespace.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hip.h>

#include "nl.h"
#include "stats.h"
#include "subcommands.h"
#include "util.h"

/* enum hip_stat names: lower case, without HIP_STAT_ */
static const char *const stat_names[] = {
#define S(x) [HIP_STAT_##x] = #x
	S(HIP_IN), S(HIP_OUT), S(ESP_IN), S(ESP_OUT), S(I1_IN), S(R1_OUT),
	S(BEX_DONE), S(BEX_FAILED), S(RETRANSMIT), S(QUEUED),
	S(DROP_BAD_LEN), S(DROP_BAD_CSUM), S(DROP_BAD_HDR),
	S(DROP_MALFORMED_PARAM), S(DROP_UNKNOWN_CRITICAL), S(DROP_BAD_HMAC),
	S(DROP_BAD_SIG), S(DROP_BAD_PUZZLE), S(DROP_BAD_HI), S(DROP_NO_HI),
	S(DROP_NO_HA), S(DROP_BAD_STATE), S(DROP_NEGOTIATION),
	S(DROP_BAD_ICV), S(DROP_REPLAY), S(DROP_UNKNOWN_SPI),
	S(DROP_ESP_MALFORMED), S(DROP_SEQ_EXHAUSTED), S(DROP_NO_PEER),
	S(DROP_QUEUE_FULL), S(DROP_NO_ROUTE), S(DROP_NOMEM), S(DROP_CRYPTO),
	S(BEX_I_COUNT), S(BEX_I_NS), S(BEX_R_COUNT), S(BEX_R_NS),
	S(DH_COUNT), S(DH_NS), S(SIGN_COUNT), S(SIGN_NS),
	S(VERIFY_COUNT), S(VERIFY_NS), S(PUZZLE_COUNT), S(PUZZLE_NS),
	S(R1_RATELIMITED),
	S(UPDATE_IN), S(UPDATE_OUT), S(DROP_UPDATE_SEQ), S(LOC_CHANGES),
	S(ADDR_CHECK_FAILED), S(DROP_CREDIT), S(REKEY_DONE), S(FAILOVER),
	S(REG_GRANTED), S(REG_REFUSED), S(REG_EXPIRED), S(RVS_RELAYED),
	S(DROP_RVS_NO_REG), S(DROP_RVS_HMAC),
	S(CERT_VALID), S(CERT_MISSING), S(CERT_MALFORMED), S(CERT_UNSUPPORTED),
	S(CERT_BAD_SIG), S(CERT_EXPIRED), S(CERT_BAD_ISSUER), S(CERT_BAD_HIT),
	S(CERT_TOO_DEEP), S(CERT_REVOKED), S(CERT_BAD_HOST_ID), S(CERT_CLOSED),
#undef S
};

/* Every enum hip_stat has a name (a new one without breaks the build). */
_Static_assert(ARRAY_SIZE(stat_names) == __HIP_STAT_MAX,
	       "stat_names does not match enum hip_stat");

const char *stat_name(unsigned int stat)
{
	return stat < ARRAY_SIZE(stat_names) ? stat_names[stat] : NULL;
}

/* stat_name() in lower case, or "stat_<n>" */
static void stat_str(unsigned int stat, char buf[48])
{
	const char *name = stat_name(stat);
	size_t i;

	if (!name) {
		snprintf(buf, 48, "stat_%u", stat);
		return;
	}
	for (i = 0; name[i] && i < 47; i++)
		buf[i] = tolower((unsigned char)name[i]);
	buf[i] = '\0';
}

static struct nla_policy hip_a_stats_policy[HIP_A_MAX + 1] = {
	[HIP_A_STATS]		= { .type = NLA_NESTED },
	[HIP_A_CFG]		= { .type = NLA_NESTED },
};

int stats_info_parse(const struct nlmsghdr *nlh, struct stats_info *s)
{
	struct nlattr *tb[HIP_A_MAX + 1], *a;
	int err, rem, type;

	memset(s, 0, sizeof(*s));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_stats_policy);
	if (err < 0 || !tb[HIP_A_STATS])
		return -EINVAL;
	nla_for_each_nested(a, tb[HIP_A_STATS], rem) {
		type = nla_type(a);
		if (type < 1 || type > STATS_MAX_TYPE)
			continue;
		if (nla_len(a) == 8)
			s->val[type] = nla_get_u64(a);
		else if (nla_len(a) == 4)
			s->val[type] = nla_get_u32(a);
		else
			return -EINVAL;
		s->has[type] = true;
	}
	return 0;
}

void stats_print_text(FILE *f, const struct stats_info *s)
{
	char name[48];
	int type;

	/* attribute type order = enum order, unknown ones after */
	for (type = 1; type <= STATS_MAX_TYPE; type++) {
		if (!s->has[type])
			continue;
		stat_str(type - 1, name);
		fprintf(f, "%s %" PRIu64 "\n", name, s->val[type]);
	}
}

void stats_print_json(struct json *j, const struct stats_info *s)
{
	char name[48];
	int type;

	json_open_object(j, NULL);
	for (type = 1; type <= STATS_MAX_TYPE; type++) {
		if (!s->has[type])
			continue;
		stat_str(type - 1, name);
		json_uint(j, name, s->val[type]);
	}
	json_close_object(j);
}

/* One object (stats or config) from a "do" request without attributes */
static int get_one(uint8_t cmd, struct hip_nl_replies *r)
{
	struct hip_nl nl;
	int err;

	if (hip_nl_open(&nl))
		return -1;
	err = hip_nl_get(&nl, cmd, 0, NULL, NULL, r, "objects");
	hip_nl_close(&nl);
	if (err)
		return err;
	if (r->n != 1) {
		errorf("expected one reply from the kernel, got %zu", r->n);
		return -EPROTO;
	}
	return 0;
}

int stats_main(int argc, char *argv[])
{
	struct hip_nl_replies r = { 0 };
	struct stats_info *s;
	struct json j;
	int ret = EXIT_FAIL;

	if (argc > 1 && is_help(argv[1])) {
		fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] stats\n", stdout);
		return EXIT_OK;
	}
	if (argc > 1) {
		errorf("unexpected argument \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	s = malloc(sizeof(*s));
	if (!s) {
		errorf("%s", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	if (get_one(HIP_CMD_STATS_GET, &r))
		goto out;
	if (stats_info_parse(r.msgs[0], s)) {
		errorf("invalid counters in the kernel's reply");
		goto out;
	}
	if (opts.json) {
		json_init(&j, stdout);
		stats_print_json(&j, s);
		json_end(&j);
	} else {
		stats_print_text(stdout, s);
	}
	ret = EXIT_OK;
out:
	free(s);
	hip_nl_replies_free(&r);
	return ret;
}

/* ---- config -------------------------------------------------------- */

#define CFG_HAS(c, attr)	(((c)->has >> (attr)) & 1)

int cfg_info_parse(const struct nlmsghdr *nlh, struct cfg_info *c)
{
	static const uint8_t len[HIP_A_CFG_MAX + 1] = {
		[HIP_A_CFG_PUZZLE_K]		= 1,
		[HIP_A_CFG_IDLE_TIMEOUT]	= 4,
		[HIP_A_CFG_ESP_SUITE]		= 2,
		[HIP_A_CFG_DH_GROUP]		= 1,
		[HIP_A_CFG_ESP_SEQ_LIMIT]	= 4,
		[HIP_A_CFG_NULL_CRYPTO]		= 1,
		[HIP_A_CFG_CERT_MAX_DEPTH]	= 1,
	};
	struct nlattr *tb[HIP_A_MAX + 1], *cb[HIP_A_CFG_MAX + 1];
	int err, i;

	memset(c, 0, sizeof(*c));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_stats_policy);
	if (err < 0 || !tb[HIP_A_CFG])
		return -EINVAL;
	if (nla_parse_nested(cb, HIP_A_CFG_MAX, tb[HIP_A_CFG], NULL) < 0)
		return -EINVAL;
	for (i = 1; i <= HIP_A_CFG_MAX; i++) {
		if (!cb[i])
			continue;
		if (nla_len(cb[i]) != len[i])
			return -EINVAL;
		c->has |= 1u << i;
	}
	if (cb[HIP_A_CFG_PUZZLE_K])
		c->puzzle_k = nla_get_u8(cb[HIP_A_CFG_PUZZLE_K]);
	if (cb[HIP_A_CFG_IDLE_TIMEOUT])
		c->idle_timeout = nla_get_u32(cb[HIP_A_CFG_IDLE_TIMEOUT]);
	if (cb[HIP_A_CFG_ESP_SUITE])
		c->esp_suite = nla_get_u16(cb[HIP_A_CFG_ESP_SUITE]);
	if (cb[HIP_A_CFG_DH_GROUP])
		c->dh_group = nla_get_u8(cb[HIP_A_CFG_DH_GROUP]);
	if (cb[HIP_A_CFG_ESP_SEQ_LIMIT])
		c->esp_seq_limit = nla_get_u32(cb[HIP_A_CFG_ESP_SEQ_LIMIT]);
	if (cb[HIP_A_CFG_NULL_CRYPTO])
		c->null_crypto = nla_get_u8(cb[HIP_A_CFG_NULL_CRYPTO]);
	if (cb[HIP_A_CFG_CERT_MAX_DEPTH])
		c->cert_max_depth = nla_get_u8(cb[HIP_A_CFG_CERT_MAX_DEPTH]);
	return 0;
}

/* Keyword of the command line / text output, JSON key, attribute */
static const struct {
	const char *word, *key;
	int attr;
} cfg_fields[] = {
	{ "puzzle-k", "puzzle_k", HIP_A_CFG_PUZZLE_K },
	{ "idle-timeout", "idle_timeout", HIP_A_CFG_IDLE_TIMEOUT },
	{ "esp-suite", "esp_suite", HIP_A_CFG_ESP_SUITE },
	{ "dh-group", "dh_group", HIP_A_CFG_DH_GROUP },
	{ "esp-seq-limit", "esp_seq_limit", HIP_A_CFG_ESP_SEQ_LIMIT },
	{ "null-crypto", "null_crypto", HIP_A_CFG_NULL_CRYPTO },
	{ "cert-max-depth", "cert_max_depth", HIP_A_CFG_CERT_MAX_DEPTH },
};

static unsigned long long cfg_val(const struct cfg_info *c, int attr)
{
	switch (attr) {
	case HIP_A_CFG_PUZZLE_K:
		return c->puzzle_k;
	case HIP_A_CFG_IDLE_TIMEOUT:
		return c->idle_timeout;
	case HIP_A_CFG_ESP_SUITE:
		return c->esp_suite;
	case HIP_A_CFG_DH_GROUP:
		return c->dh_group;
	case HIP_A_CFG_ESP_SEQ_LIMIT:
		return c->esp_seq_limit;
	case HIP_A_CFG_NULL_CRYPTO:
		return c->null_crypto;
	case HIP_A_CFG_CERT_MAX_DEPTH:
		return c->cert_max_depth;
	}
	return 0;
}

void cfg_print_text(FILE *f, const struct cfg_info *c)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cfg_fields); i++) {
		if (!CFG_HAS(c, cfg_fields[i].attr))
			continue;
		fprintf(f, "%s%s %llu", sep, cfg_fields[i].word,
			cfg_val(c, cfg_fields[i].attr));
		sep = " ";
	}
	fputc('\n', f);
}

void cfg_print_json(struct json *j, const struct cfg_info *c)
{
	size_t i;

	json_open_object(j, NULL);
	for (i = 0; i < ARRAY_SIZE(cfg_fields); i++)
		if (CFG_HAS(c, cfg_fields[i].attr))
			json_uint(j, cfg_fields[i].key,
				  cfg_val(c, cfg_fields[i].attr));
	json_close_object(j);
}

static const struct {
	const char *word;
	unsigned int id;
} esp_words[] = {
	{ "aes128gcm", HIP_ESP_AES_128_GCM_ICV16 },
	{ "aes128cbc", HIP_ESP_AES_128_CBC_HMAC_SHA256 },
	{ "aes256cbc", HIP_ESP_AES_256_CBC_HMAC_SHA256 },
	{ "null", HIP_ESP_NULL_HMAC_SHA256 },
}, dh_words[] = {
	{ "p256", HIP_DH_NIST_P256 },
	{ "p384", HIP_DH_NIST_P384 },
	{ "modp3072", HIP_DH_MODP_3072 },
	{ "modp1536", HIP_DH_MODP_1536 },
};

int cfg_parse_args(int argc, char *argv[], struct cfg_info *c)
{
	unsigned long long v;
	const char *val;
	size_t i, k;
	int n, attr;

	memset(c, 0, sizeof(*c));
	if (argc < 2) {
		errorf("nothing to set (expected puzzle-k, idle-timeout, esp-suite, dh-group, esp-seq-limit, null-crypto or cert-max-depth)");
		return -1;
	}
	for (n = 1; n < argc; n += 2) {
		for (k = 0; k < ARRAY_SIZE(cfg_fields); k++)
			if (!strcmp(argv[n], cfg_fields[k].word))
				break;
		if (k == ARRAY_SIZE(cfg_fields)) {
			errorf("unexpected argument \"%s\"", argv[n]);
			return -1;
		}
		attr = cfg_fields[k].attr;
		if (CFG_HAS(c, attr)) {
			errorf("duplicate \"%s\"", argv[n]);
			return -1;
		}
		if (n + 1 >= argc) {
			errorf("missing value after \"%s\"", argv[n]);
			return -1;
		}
		val = argv[n + 1];
		switch (attr) {
		case HIP_A_CFG_PUZZLE_K:
			if (!parse_uint(val, 0, HIP_PUZZLE_K_MAX, &v)) {
				errorf("invalid puzzle-k \"%s\" (0..%d)", val,
				       HIP_PUZZLE_K_MAX);
				return -1;
			}
			c->puzzle_k = v;
			break;
		case HIP_A_CFG_IDLE_TIMEOUT:
			if (!parse_uint(val, 0, UINT32_MAX, &v)) {
				errorf("invalid idle-timeout \"%s\" (0..%" PRIu32 " seconds, 0 = never)",
				       val, UINT32_MAX);
				return -1;
			}
			c->idle_timeout = v;
			break;
		case HIP_A_CFG_ESP_SUITE:
			for (i = 0; i < ARRAY_SIZE(esp_words); i++)
				if (!strcmp(val, esp_words[i].word))
					break;
			if (i < ARRAY_SIZE(esp_words)) {
				c->esp_suite = esp_words[i].id;
			} else if (parse_uint(val, 1, UINT16_MAX, &v)) {
				c->esp_suite = v;
			} else {
				errorf("invalid esp-suite \"%s\" (aes128gcm, aes128cbc, aes256cbc, null or 1..65535)",
				       val);
				return -1;
			}
			break;
		case HIP_A_CFG_DH_GROUP:
			for (i = 0; i < ARRAY_SIZE(dh_words); i++)
				if (!strcmp(val, dh_words[i].word))
					break;
			if (i < ARRAY_SIZE(dh_words)) {
				c->dh_group = dh_words[i].id;
			} else if (parse_uint(val, 1, UINT8_MAX, &v)) {
				c->dh_group = v;
			} else {
				errorf("invalid dh-group \"%s\" (p256, p384, modp3072, modp1536 or 1..255)",
				       val);
				return -1;
			}
			break;
		case HIP_A_CFG_ESP_SEQ_LIMIT:
			if (!parse_uint(val, 1, UINT32_MAX, &v)) {
				errorf("invalid esp-seq-limit \"%s\" (1..%" PRIu32 ")",
				       val, UINT32_MAX);
				return -1;
			}
			c->esp_seq_limit = v;
			break;
		case HIP_A_CFG_NULL_CRYPTO:
			if (!strcmp(val, "on") || !strcmp(val, "off")) {
				v = !strcmp(val, "on");
			} else if (!parse_uint(val, 0, 1, &v)) {
				errorf("invalid null-crypto \"%s\" (on, off, 1 or 0)",
				       val);
				return -1;
			}
			c->null_crypto = v;
			break;
		case HIP_A_CFG_CERT_MAX_DEPTH:
			if (!parse_uint(val, 1, HIP_CERT_MAX_DEPTH_LIMIT, &v)) {
				errorf("invalid cert-max-depth \"%s\" (1..%d delegations)",
				       val, HIP_CERT_MAX_DEPTH_LIMIT);
				return -1;
			}
			c->cert_max_depth = v;
			break;
		}
		c->has |= 1u << attr;
	}
	return 0;
}

static int put_cfg(struct nl_msg *msg, const void *arg)
{
	const struct cfg_info *c = arg;
	struct nlattr *nest = hip_nla_nest_start(msg, HIP_A_CFG);

	if (!nest ||
	    (CFG_HAS(c, HIP_A_CFG_PUZZLE_K) &&
	     nla_put_u8(msg, HIP_A_CFG_PUZZLE_K, c->puzzle_k) < 0) ||
	    (CFG_HAS(c, HIP_A_CFG_IDLE_TIMEOUT) &&
	     nla_put_u32(msg, HIP_A_CFG_IDLE_TIMEOUT, c->idle_timeout) < 0) ||
	    (CFG_HAS(c, HIP_A_CFG_ESP_SUITE) &&
	     nla_put_u16(msg, HIP_A_CFG_ESP_SUITE, c->esp_suite) < 0) ||
	    (CFG_HAS(c, HIP_A_CFG_DH_GROUP) &&
	     nla_put_u8(msg, HIP_A_CFG_DH_GROUP, c->dh_group) < 0) ||
	    (CFG_HAS(c, HIP_A_CFG_ESP_SEQ_LIMIT) &&
	     nla_put_u32(msg, HIP_A_CFG_ESP_SEQ_LIMIT, c->esp_seq_limit) < 0) ||
	    (CFG_HAS(c, HIP_A_CFG_NULL_CRYPTO) &&
	     nla_put_u8(msg, HIP_A_CFG_NULL_CRYPTO, c->null_crypto) < 0) ||
	    (CFG_HAS(c, HIP_A_CFG_CERT_MAX_DEPTH) &&
	     nla_put_u8(msg, HIP_A_CFG_CERT_MAX_DEPTH, c->cert_max_depth) < 0))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static void config_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] config { show | set } ...\n"
	      "       " PROG_NAME " config show\n"
	      "       " PROG_NAME " config set [ puzzle-k N ] [ idle-timeout SECONDS ]\n"
	      "                [ esp-suite { aes128gcm | aes128cbc | aes256cbc | null | NUMBER } ]\n"
	      "                [ dh-group { p256 | p384 | modp3072 | modp1536 | NUMBER } ]\n"
	      "                [ esp-seq-limit N ] [ null-crypto { on | off } ]\n"
	      "                [ cert-max-depth N ]\n", f);
}

static int config_show(int argc, char *argv[])
{
	struct hip_nl_replies r = { 0 };
	struct cfg_info c;
	struct json j;
	int ret = EXIT_FAIL;

	if (argc > 1) {
		errorf("unexpected argument \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	if (get_one(HIP_CMD_CFG_GET, &r))
		goto out;
	if (cfg_info_parse(r.msgs[0], &c)) {
		errorf("invalid configuration in the kernel's reply");
		goto out;
	}
	if (opts.json) {
		json_init(&j, stdout);
		cfg_print_json(&j, &c);
		json_end(&j);
	} else {
		cfg_print_text(stdout, &c);
	}
	ret = EXIT_OK;
out:
	hip_nl_replies_free(&r);
	return ret;
}

static int config_set(int argc, char *argv[])
{
	struct cfg_info c;

	if (cfg_parse_args(argc, argv, &c))
		return EXIT_USAGE;
	return hip_nl_do(HIP_CMD_CFG_SET, 0, put_cfg, &c);
}

static const struct subcmd config_cmds[] = {
	{ "show", NULL, config_show, "config show" },
	{ "set", NULL, config_set, "config set" },
	{ 0 }
};

int config_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "config", config_cmds, config_usage);
}
