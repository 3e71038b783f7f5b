// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl ha { show | close }: host associations.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hip.h>

#include "ha.h"
#include "nl.h"
#include "subcommands.h"
#include "util.h"

static const char *const state_names[] = {
	[HIP_STATE_UNASSOCIATED]	= "UNASSOCIATED",
	[HIP_STATE_I1_SENT]		= "I1-SENT",
	[HIP_STATE_I2_SENT]		= "I2-SENT",
	[HIP_STATE_R2_SENT]		= "R2-SENT",
	[HIP_STATE_ESTABLISHED]		= "ESTABLISHED",
	[HIP_STATE_CLOSING]		= "CLOSING",
	[HIP_STATE_CLOSED]		= "CLOSED",
	[HIP_STATE_E_FAILED]		= "E-FAILED",
};

const char *ha_state_name(unsigned int state)
{
	return state < ARRAY_SIZE(state_names) ? state_names[state] : NULL;
}

const char *ha_state_str(unsigned int state, char buf[16])
{
	if (ha_state_name(state))
		return ha_state_name(state);
	snprintf(buf, 16, "%u", state);
	return buf;
}

const char *dh_group_name(unsigned int id)
{
	switch (id) {
	case HIP_DH_MODP_1536:
		return "MODP-1536";
	case HIP_DH_MODP_3072:
		return "MODP-3072";
	case HIP_DH_NIST_P256:
		return "NIST-P256";
	case HIP_DH_NIST_P384:
		return "NIST-P384";
	}
	return NULL;
}

const char *hip_cipher_name(unsigned int id)
{
	switch (id) {
	case HIP_CIPHER_NULL:
		return "NULL";
	case HIP_CIPHER_AES_128_CBC:
		return "AES-128-CBC";
	case HIP_CIPHER_AES_256_CBC:
		return "AES-256-CBC";
	}
	return NULL;
}

const char *esp_suite_name(unsigned int id)
{
	switch (id) {
	case HIP_ESP_AES_128_GCM_ICV16:
		return "AES-128-GCM";
	case HIP_ESP_AES_128_CBC_HMAC_SHA256:
		return "AES-128-CBC-HMAC-SHA256";
	case HIP_ESP_AES_256_CBC_HMAC_SHA256:
		return "AES-256-CBC-HMAC-SHA256";
	case HIP_ESP_NULL_HMAC_SHA256:
		return "NULL-HMAC-SHA256";
	}
	return NULL;
}

static struct nla_policy hip_a_policy[HIP_A_MAX + 1] = {
	[HIP_A_HA]		= { .type = NLA_NESTED },
	[HIP_A_LADDR]		= { .type = NLA_NESTED },
};

static const char *const loc_state_names[] = {
	[HIP_LOCATOR_STATE_UNVERIFIED]	= "unverified",
	[HIP_LOCATOR_STATE_ACTIVE]	= "active",
	[HIP_LOCATOR_STATE_DEPRECATED]	= "deprecated",
};

const char *loc_state_str(unsigned int state, char buf[16])
{
	if (state < ARRAY_SIZE(loc_state_names))
		return loc_state_names[state];
	snprintf(buf, 16, "%u", state);
	return buf;
}

/* Exact lengths; nla_parse only checks minimums */
static const uint8_t ha_attr_len[HIP_A_HA_MAX + 1] = {
	[HIP_A_HA_STATE]	= 1,
	[HIP_A_HA_LOCAL_HIT]	= HIT_LEN,
	[HIP_A_HA_PEER_HIT]	= HIT_LEN,
	[HIP_A_HA_LOCAL_LSI]	= LSI_LEN,
	[HIP_A_HA_PEER_LSI]	= LSI_LEN,
	[HIP_A_HA_SPI_IN]	= 4,
	[HIP_A_HA_SPI_OUT]	= 4,
	[HIP_A_HA_DH_GROUP]	= 1,
	[HIP_A_HA_HIP_CIPHER]	= 2,
	[HIP_A_HA_ESP_SUITE]	= 2,
	[HIP_A_HA_HIT_SUITE]	= 1,
	[HIP_A_HA_INITIATOR]	= 0,
	[HIP_A_HA_PKTS_IN]	= 8,
	[HIP_A_HA_PKTS_OUT]	= 8,
	[HIP_A_HA_BYTES_IN]	= 8,
	[HIP_A_HA_BYTES_OUT]	= 8,
	[HIP_A_HA_DROPS]	= 8,
	[HIP_A_HA_AGE]		= 4,
	[HIP_A_HA_IDLE]		= 4,
	[HIP_A_HA_BEX_USEC]	= 4,
};

static int ha_locator(const struct nlattr *a, struct locator *loc)
{
	if (nla_len(a) != 4 && nla_len(a) != 16)
		return -EINVAL;
	loc->len = nla_len(a);
	memcpy(loc->addr, nla_data(a), loc->len);
	return 0;
}

/* One HIP_A_HA_PEER_LOC nest */
static int ha_loc_parse(const struct nlattr *nest, struct ha_loc *loc)
{
	struct nlattr *lb[HIP_A_LOC_MAX + 1];

	memset(loc, 0, sizeof(*loc));
	if (nla_parse_nested(lb, HIP_A_LOC_MAX, (struct nlattr *)nest, NULL) < 0 ||
	    !lb[HIP_A_LOC_ADDR] || ha_locator(lb[HIP_A_LOC_ADDR], &loc->addr))
		return -EINVAL;
	if (lb[HIP_A_LOC_STATE] && nla_len(lb[HIP_A_LOC_STATE]) == 1)
		loc->state = nla_get_u8(lb[HIP_A_LOC_STATE]);
	if (lb[HIP_A_LOC_LIFETIME] && nla_len(lb[HIP_A_LOC_LIFETIME]) == 4)
		loc->lifetime = nla_get_u32(lb[HIP_A_LOC_LIFETIME]);
	if (lb[HIP_A_LOC_EXPIRES] && nla_len(lb[HIP_A_LOC_EXPIRES]) == 4) {
		loc->expires = nla_get_u32(lb[HIP_A_LOC_EXPIRES]);
		loc->has_expires = true;
	}
	if (lb[HIP_A_LOC_AGE] && nla_len(lb[HIP_A_LOC_AGE]) == 4)
		loc->age = nla_get_u32(lb[HIP_A_LOC_AGE]);
	loc->preferred = lb[HIP_A_LOC_PREFERRED] != NULL;
	loc->current = lb[HIP_A_LOC_CURRENT] != NULL;
	return 0;
}

/* Every HIP_A_HA_PEER_LOC of the HA nest, in order */
static int ha_locs_parse(const struct nlattr *ha_nest, struct ha_info *ha)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, (struct nlattr *)ha_nest, rem) {
		if (nla_type(a) != HIP_A_HA_PEER_LOC || ha->n_locs == HA_LOCS_MAX)
			continue;
		if (ha_loc_parse(a, &ha->locs[ha->n_locs]))
			return -EINVAL;
		ha->n_locs++;
	}
	return 0;
}

int laddr_info_parse(const struct nlmsghdr *nlh, struct laddr_info *la)
{
	struct nlattr *tb[HIP_A_MAX + 1], *a;
	int rem;

	memset(la, 0, sizeof(*la));
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			  hip_a_policy) < 0 || !tb[HIP_A_LADDR])
		return -ENOENT;
	nla_for_each_nested(a, tb[HIP_A_LADDR], rem) {
		if (nla_type(a) != HIP_A_LADDR_ADDR ||
		    la->n == ARRAY_SIZE(la->addr))
			continue;
		if (ha_locator(a, &la->addr[la->n]))
			return -EINVAL;
		la->n++;
	}
	return 0;
}

int ha_info_parse(const struct nlmsghdr *nlh, struct ha_info *ha)
{
	struct nlattr *tb[HIP_A_MAX + 1], *hb[HIP_A_HA_MAX + 1];
	int err, i;

	memset(ha, 0, sizeof(*ha));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_policy);
	if (err < 0 || !tb[HIP_A_HA])
		return -EINVAL;
	err = nla_parse_nested(hb, HIP_A_HA_MAX, tb[HIP_A_HA], NULL);
	if (err < 0)
		return -EINVAL;
	for (i = 1; i <= HIP_A_HA_MAX; i++) {
		if (!hb[i] || i == HIP_A_HA_PAD)
			continue;
		if (i != HIP_A_HA_LOCAL_LOCATOR && i != HIP_A_HA_PEER_LOCATOR &&
		    i != HIP_A_HA_PEER_LOC && nla_len(hb[i]) != ha_attr_len[i])
			return -EINVAL;
		ha->has |= 1u << i;
	}
#define GET(attr, field, fn) \
	do { if (hb[attr]) ha->field = fn(hb[attr]); } while (0)
#define COPY(attr, field) \
	do { if (hb[attr]) memcpy(ha->field, nla_data(hb[attr]), sizeof(ha->field)); } while (0)
	GET(HIP_A_HA_STATE, state, nla_get_u8);
	COPY(HIP_A_HA_LOCAL_HIT, local_hit);
	COPY(HIP_A_HA_PEER_HIT, peer_hit);
	COPY(HIP_A_HA_LOCAL_LSI, local_lsi);
	COPY(HIP_A_HA_PEER_LSI, peer_lsi);
	GET(HIP_A_HA_SPI_IN, spi_in, nla_get_u32);
	GET(HIP_A_HA_SPI_OUT, spi_out, nla_get_u32);
	GET(HIP_A_HA_DH_GROUP, dh_group, nla_get_u8);
	GET(HIP_A_HA_HIP_CIPHER, hip_cipher, nla_get_u16);
	GET(HIP_A_HA_ESP_SUITE, esp_suite, nla_get_u16);
	GET(HIP_A_HA_HIT_SUITE, hit_suite, nla_get_u8);
	GET(HIP_A_HA_PKTS_IN, pkts_in, nla_get_u64);
	GET(HIP_A_HA_PKTS_OUT, pkts_out, nla_get_u64);
	GET(HIP_A_HA_BYTES_IN, bytes_in, nla_get_u64);
	GET(HIP_A_HA_BYTES_OUT, bytes_out, nla_get_u64);
	GET(HIP_A_HA_DROPS, drops, nla_get_u64);
	GET(HIP_A_HA_AGE, age, nla_get_u32);
	GET(HIP_A_HA_IDLE, idle, nla_get_u32);
	GET(HIP_A_HA_BEX_USEC, bex_usec, nla_get_u32);
#undef GET
#undef COPY
	ha->initiator = hb[HIP_A_HA_INITIATOR] != NULL;
	if (hb[HIP_A_HA_LOCAL_LOCATOR] &&
	    ha_locator(hb[HIP_A_HA_LOCAL_LOCATOR], &ha->local_loc))
		return -EINVAL;
	if (hb[HIP_A_HA_PEER_LOCATOR] &&
	    ha_locator(hb[HIP_A_HA_PEER_LOCATOR], &ha->peer_loc))
		return -EINVAL;
	return ha_locs_parse(tb[HIP_A_HA], ha);
}

/* " NAME VALUE" items of one line; the line ends only if one was printed */
struct line {
	FILE *f;
	bool started;
};

static void item(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void item(struct line *l, const char *fmt, ...)
{
	va_list ap;

	fputs(l->started ? " " : "    ", l->f);
	l->started = true;
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
}

static void end_line(struct line *l)
{
	if (l->started)
		fputc('\n', l->f);
	l->started = false;
}

/* "A <-> B" with "?" for a missing side */
static void pair(struct line *l, const char *name, bool has_a, const char *a,
		 bool has_b, const char *b)
{
	if (has_a || has_b)
		item(l, "%s %s <-> %s", name, has_a ? a : "?", has_b ? b : "?");
}

static void id_item(struct line *l, const char *name, unsigned int id,
		    const char *id_name)
{
	if (id_name)
		item(l, "%s %u (%s)", name, id, id_name);
	else
		item(l, "%s %u", name, id);
}

void ha_print_locs_text(FILE *f, const struct ha_info *ha)
{
	char a[LOCATOR_STRLEN], st[16];
	struct line l = { .f = f };
	unsigned int i;

	for (i = 0; i < ha->n_locs; i++) {
		const struct ha_loc *loc = &ha->locs[i];

		format_locator(loc->addr.addr, loc->addr.len, a);
		item(&l, "peer-locator %s %s", a,
		     loc_state_str(loc->state, st));
		if (loc->lifetime)
			item(&l, "lifetime %" PRIu32 "s", loc->lifetime);
		else
			item(&l, "lifetime unbounded");
		if (loc->has_expires)
			item(&l, "expires %" PRIu32 "s", loc->expires);
		item(&l, "age %" PRIu32 "s", loc->age);
		if (loc->preferred)
			item(&l, "preferred");
		if (loc->current)
			item(&l, "current");
		end_line(&l);
	}
}

void ha_print_locs_json(struct json *j, const struct ha_info *ha)
{
	char buf[LOCATOR_STRLEN];
	unsigned int i;

	json_open_array(j, "peer_locators");
	for (i = 0; i < ha->n_locs; i++) {
		const struct ha_loc *loc = &ha->locs[i];

		json_open_object(j, NULL);
		format_locator(loc->addr.addr, loc->addr.len, buf);
		json_string(j, "address", buf);
		json_string(j, "state", loc_state_str(loc->state, buf));
		json_uint(j, "lifetime", loc->lifetime);
		if (loc->has_expires)
			json_uint(j, "expires", loc->expires);
		json_uint(j, "age", loc->age);
		json_bool(j, "preferred", loc->preferred);
		json_bool(j, "current", loc->current);
		json_close_object(j);
	}
	json_close_array(j);
}

void ha_print_text(FILE *f, const struct ha_info *ha)
{
	char a[LOCATOR_STRLEN], b[LOCATOR_STRLEN], st[16];
	struct line l = { .f = f };

	format_hit(ha->local_hit, a);
	format_hit(ha->peer_hit, b);
	fprintf(f, "ha %s <-> %s",
		HA_HAS(ha, HIP_A_HA_LOCAL_HIT) ? a : "?",
		HA_HAS(ha, HIP_A_HA_PEER_HIT) ? b : "?");
	if (HA_HAS(ha, HIP_A_HA_STATE))
		fprintf(f, " state %s", ha_state_str(ha->state, st));
	if (ha->initiator)
		fputs(" initiator", f);
	fputc('\n', f);

	format_lsi(ha->local_lsi, a);
	format_lsi(ha->peer_lsi, b);
	pair(&l, "lsi", HA_HAS(ha, HIP_A_HA_LOCAL_LSI), a,
	     HA_HAS(ha, HIP_A_HA_PEER_LSI), b);
	end_line(&l);

	format_locator(ha->local_loc.addr, ha->local_loc.len, a);
	format_locator(ha->peer_loc.addr, ha->peer_loc.len, b);
	pair(&l, "locator", HA_HAS(ha, HIP_A_HA_LOCAL_LOCATOR), a,
	     HA_HAS(ha, HIP_A_HA_PEER_LOCATOR), b);
	end_line(&l);
	ha_print_locs_text(f, ha);

	if (HA_HAS(ha, HIP_A_HA_SPI_IN) || HA_HAS(ha, HIP_A_HA_SPI_OUT))
		item(&l, "spi");
	if (HA_HAS(ha, HIP_A_HA_SPI_IN))
		item(&l, "in 0x%08" PRIx32, ha->spi_in);
	if (HA_HAS(ha, HIP_A_HA_SPI_OUT))
		item(&l, "out 0x%08" PRIx32, ha->spi_out);
	end_line(&l);

	if (HA_HAS(ha, HIP_A_HA_DH_GROUP))
		id_item(&l, "dh", ha->dh_group, dh_group_name(ha->dh_group));
	if (HA_HAS(ha, HIP_A_HA_HIP_CIPHER))
		id_item(&l, "cipher", ha->hip_cipher,
			hip_cipher_name(ha->hip_cipher));
	if (HA_HAS(ha, HIP_A_HA_ESP_SUITE))
		id_item(&l, "esp", ha->esp_suite, esp_suite_name(ha->esp_suite));
	if (HA_HAS(ha, HIP_A_HA_HIT_SUITE))
		item(&l, "hit-suite %u", ha->hit_suite);
	end_line(&l);

	if (HA_HAS(ha, HIP_A_HA_PKTS_IN) || HA_HAS(ha, HIP_A_HA_PKTS_OUT))
		item(&l, "packets");
	if (HA_HAS(ha, HIP_A_HA_PKTS_IN))
		item(&l, "in %" PRIu64, ha->pkts_in);
	if (HA_HAS(ha, HIP_A_HA_PKTS_OUT))
		item(&l, "out %" PRIu64, ha->pkts_out);
	if (HA_HAS(ha, HIP_A_HA_BYTES_IN) || HA_HAS(ha, HIP_A_HA_BYTES_OUT))
		item(&l, "bytes");
	if (HA_HAS(ha, HIP_A_HA_BYTES_IN))
		item(&l, "in %" PRIu64, ha->bytes_in);
	if (HA_HAS(ha, HIP_A_HA_BYTES_OUT))
		item(&l, "out %" PRIu64, ha->bytes_out);
	if (HA_HAS(ha, HIP_A_HA_DROPS))
		item(&l, "drops %" PRIu64, ha->drops);
	if (HA_HAS(ha, HIP_A_HA_AGE))
		item(&l, "age %" PRIu32 "s", ha->age);
	if (HA_HAS(ha, HIP_A_HA_IDLE))
		item(&l, "idle %" PRIu32 "s", ha->idle);
	if (HA_HAS(ha, HIP_A_HA_BEX_USEC))
		item(&l, "bex %" PRIu32 "us", ha->bex_usec);
	end_line(&l);
}

void ha_print_json(struct json *j, const char *key, const struct ha_info *ha)
{
	char buf[LOCATOR_STRLEN];

	json_open_object(j, key);
#define STR(attr, name, fmt, field) do {		\
	if (HA_HAS(ha, attr)) {				\
		fmt(ha->field, buf);			\
		json_string(j, name, buf);		\
	} } while (0)
#define NUM(attr, name, field) do {			\
	if (HA_HAS(ha, attr))				\
		json_uint(j, name, ha->field);		\
	} while (0)
	STR(HIP_A_HA_LOCAL_HIT, "local_hit", format_hit, local_hit);
	STR(HIP_A_HA_PEER_HIT, "peer_hit", format_hit, peer_hit);
	if (HA_HAS(ha, HIP_A_HA_STATE))
		json_string(j, "state", ha_state_str(ha->state, buf));
	json_bool(j, "initiator", ha->initiator);
	STR(HIP_A_HA_LOCAL_LSI, "local_lsi", format_lsi, local_lsi);
	STR(HIP_A_HA_PEER_LSI, "peer_lsi", format_lsi, peer_lsi);
	if (HA_HAS(ha, HIP_A_HA_LOCAL_LOCATOR)) {
		format_locator(ha->local_loc.addr, ha->local_loc.len, buf);
		json_string(j, "local_locator", buf);
	}
	if (HA_HAS(ha, HIP_A_HA_PEER_LOCATOR)) {
		format_locator(ha->peer_loc.addr, ha->peer_loc.len, buf);
		json_string(j, "peer_locator", buf);
	}
	if (HA_HAS(ha, HIP_A_HA_PEER_LOC))
		ha_print_locs_json(j, ha);
	NUM(HIP_A_HA_SPI_IN, "spi_in", spi_in);
	NUM(HIP_A_HA_SPI_OUT, "spi_out", spi_out);
	NUM(HIP_A_HA_DH_GROUP, "dh_group", dh_group);
	NUM(HIP_A_HA_HIP_CIPHER, "hip_cipher", hip_cipher);
	NUM(HIP_A_HA_ESP_SUITE, "esp_suite", esp_suite);
	NUM(HIP_A_HA_HIT_SUITE, "hit_suite", hit_suite);
	NUM(HIP_A_HA_PKTS_IN, "pkts_in", pkts_in);
	NUM(HIP_A_HA_PKTS_OUT, "pkts_out", pkts_out);
	NUM(HIP_A_HA_BYTES_IN, "bytes_in", bytes_in);
	NUM(HIP_A_HA_BYTES_OUT, "bytes_out", bytes_out);
	NUM(HIP_A_HA_DROPS, "drops", drops);
	NUM(HIP_A_HA_AGE, "age", age);
	NUM(HIP_A_HA_IDLE, "idle", idle);
	NUM(HIP_A_HA_BEX_USEC, "bex_usec", bex_usec);
#undef STR
#undef NUM
	json_close_object(j);
}

static void ha_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] ha { show | close | rekey } ...\n"
	      "       " PROG_NAME " ha show [ HIT ]\n"
	      "       " PROG_NAME " ha close HIT\n"
	      "       " PROG_NAME " ha rekey HIT [ dh ]\n"
	      "HIT is the peer's HIT.\n", f);
}

static int put_ha_peer_hit(struct nl_msg *msg, const void *arg)
{
	return hip_nla_put_nested(msg, HIP_A_HA, HIP_A_HA_PEER_HIT, HIT_LEN,
				  arg);
}

static int ha_show_parse(const struct nlmsghdr *nlh, void *obj)
{
	return ha_info_parse(nlh, obj);
}

static void ha_show_print(const void *obj, struct json *j)
{
	if (j)
		ha_print_json(j, NULL, obj);
	else
		ha_print_text(stdout, obj);
}

static const struct hip_nl_show ha_show_desc = {
	.cmd = HIP_CMD_HA_GET,
	.nest = HIP_A_HA,
	.hit_attr = HIP_A_HA_PEER_HIT,
	.what = "associations",
	.one = "association",
	.size = sizeof(struct ha_info),
	.parse = ha_show_parse,
	.print = ha_show_print,
};

static int ha_show(int argc, char *argv[])
{
	return hip_nl_show(&ha_show_desc, argc, argv);
}

static int ha_close(int argc, char *argv[])
{
	uint8_t hit[HIT_LEN];

	if (get_hit_arg(argv[1], hit))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	return hip_nl_do(HIP_CMD_HA_CLOSE, 0, put_ha_peer_hit, hit);
}

struct ha_rekey_req {
	uint8_t hit[HIT_LEN];
	int dh;
};

static int put_ha_rekey(struct nl_msg *msg, const void *arg)
{
	const struct ha_rekey_req *r = arg;
	struct nlattr *nest = hip_nla_nest_start(msg, HIP_A_HA);

	if (!nest || nla_put(msg, HIP_A_HA_PEER_HIT, HIT_LEN, r->hit) < 0 ||
	    (r->dh && nla_put_flag(msg, HIP_A_HA_REKEY_DH) < 0))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int ha_rekey(int argc, char *argv[])
{
	struct ha_rekey_req r = { .dh = 0 };

	if (get_hit_arg(argv[1], r.hit))
		return EXIT_USAGE;
	if (argc > 2 && !strcmp(argv[2], "dh"))
		r.dh = 1;
	if (argc > 2 + r.dh) {
		errorf("unexpected argument \"%s\"", argv[2 + r.dh]);
		return EXIT_USAGE;
	}
	return hip_nl_do(HIP_CMD_HA_REKEY, 0, put_ha_rekey, &r);
}

static const struct subcmd ha_cmds[] = {
	{ "show", (const char *const[]){ "list", "ls", NULL }, ha_show,
	  "ha show" },
	{ "close", NULL, ha_close, "ha close" },
	{ "rekey", NULL, ha_rekey, "ha rekey" },
	{ 0 }
};

int ha_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "ha", ha_cmds, ha_usage);
}
