// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl bench { synth N [ sas ] | lookup M | clear | mem }: the kernel's
 * benchmark and test facility (HIP_CMD_BENCH).  Synthetic associations
 * are for measuring table scale and memory only; they never carry
 * traffic.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hip.h>

#include "json.h"
#include "nl.h"
#include "subcommands.h"
#include "util.h"

struct bench_req {
	uint8_t op;
	uint32_t count;
	bool with_sas;
};

static int put_bench(struct nl_msg *msg, const void *arg)
{
	const struct bench_req *q = arg;
	struct nlattr *nest;

	nest = hip_nla_nest_start(msg, HIP_A_BENCH);
	if (!nest || nla_put_u8(msg, HIP_A_BENCH_OP, q->op) ||
	    (q->count && nla_put_u32(msg, HIP_A_BENCH_COUNT, q->count)) ||
	    (q->with_sas && nla_put_flag(msg, HIP_A_BENCH_WITH_SAS)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static const struct {
	int attr;
	int len;
	const char *name;	/* text and JSON key */
	const char *unit;	/* text suffix */
} bench_fields[] = {
	{ HIP_A_BENCH_DONE, 4, "done", "" },
	{ HIP_A_BENCH_HAS, 4, "associations", "" },
	{ HIP_A_BENCH_HA_SIZE, 4, "ha_size", "B" },
	{ HIP_A_BENCH_HA_BYTES, 8, "ha_bytes", "B" },
	{ HIP_A_BENCH_TABLE_BYTES, 8, "table_bytes", "B" },
	{ HIP_A_BENCH_HIT_NS, 8, "lookup_hit_ns", "ns" },
	{ HIP_A_BENCH_SPI_NS, 8, "lookup_spi_ns", "ns" },
	{ HIP_A_BENCH_HOT_HIT_NS, 8, "hot_hit_ns", "ns" },
	{ HIP_A_BENCH_HOT_SPI_NS, 8, "hot_spi_ns", "ns" },
	{ HIP_A_BENCH_NS, 8, "elapsed_ns", "ns" },
};

static int bench_print(const struct nlmsghdr *nlh)
{
	struct nlattr *tb[HIP_A_MAX + 1], *bb[HIP_A_BENCH_MAX + 1];
	uint64_t v[ARRAY_SIZE(bench_fields)];
	bool has[ARRAY_SIZE(bench_fields)] = { 0 };
	struct json j;
	size_t i;

	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX, NULL) < 0 ||
	    !tb[HIP_A_BENCH] ||
	    nla_parse_nested(bb, HIP_A_BENCH_MAX, tb[HIP_A_BENCH], NULL) < 0)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(bench_fields); i++) {
		struct nlattr *a = bb[bench_fields[i].attr];

		if (!a)
			continue;
		if (nla_len(a) != bench_fields[i].len)
			return -EINVAL;
		v[i] = bench_fields[i].len == 8 ? nla_get_u64(a) : nla_get_u32(a);
		has[i] = true;
	}
	if (opts.json) {
		json_init(&j, stdout);
		json_open_object(&j, NULL);
		for (i = 0; i < ARRAY_SIZE(bench_fields); i++)
			if (has[i])
				json_uint(&j, bench_fields[i].name, v[i]);
		json_close_object(&j);
		json_end(&j);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(bench_fields); i++)
		if (has[i])
			printf("%s%s %" PRIu64 "%s", i ? " " : "",
			       bench_fields[i].name, v[i], bench_fields[i].unit);
	/* Per association, when there are some */
	if (has[1] && has[3] && v[1])
		printf(" per_ha %" PRIu64 "B", (v[3] + (has[4] ? v[4] : 0)) / v[1]);
	putchar('\n');
	return 0;
}

static int bench_run(const struct bench_req *q)
{
	struct hip_nl_replies r = { 0 };
	struct hip_nl nl;
	int err;

	if (hip_nl_open(&nl))
		return EXIT_FAIL;
	err = hip_nl_get(&nl, HIP_CMD_BENCH, 0, put_bench, q, &r, "results");
	hip_nl_close(&nl);
	if (!err && r.n != 1) {
		errorf("expected one reply from the kernel, got %zu", r.n);
		err = -EPROTO;
	}
	if (!err && bench_print(r.msgs[0])) {
		errorf("invalid reply from the kernel");
		err = -EBADMSG;
	}
	hip_nl_replies_free(&r);
	return err ? EXIT_FAIL : EXIT_OK;
}

static void bench_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] bench { synth | lookup | clear | mem } ...\n"
	      "       " PROG_NAME " bench synth N [ sas ]\n"
	      "       " PROG_NAME " bench lookup M\n"
	      "       " PROG_NAME " bench clear\n"
	      "       " PROG_NAME " bench mem\n"
	      "A benchmark/test facility: synth makes N synthetic ESTABLISHED\n"
	      "associations (with sas: with real AES-128-GCM SAs), lookup times M\n"
	      "lookups by HIT and by SPI, clear removes the synthetic ones, mem\n"
	      "reports the memory of all associations.\n", f);
}

static int bench_count(const char *s, unsigned long long max, uint32_t *out)
{
	unsigned long long v;

	if (!s) {
		errorf("missing count");
		return -1;
	}
	if (!parse_uint(s, 1, max, &v)) {
		errorf("invalid count \"%s\" (1..%llu)", s, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int bench_synth(int argc, char *argv[])
{
	struct bench_req q = { .op = HIP_BENCH_OP_SYNTH };

	if (bench_count(argv[1], HIP_BENCH_MAX_SYNTH, &q.count))
		return EXIT_USAGE;
	if (argc > 2 && !strcmp(argv[2], "sas"))
		q.with_sas = true;
	else if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (argc > 3) {
		errorf("unexpected argument \"%s\"", argv[3]);
		return EXIT_USAGE;
	}
	return bench_run(&q);
}

static int bench_lookup(int argc, char *argv[])
{
	struct bench_req q = { .op = HIP_BENCH_OP_LOOKUP };

	if (bench_count(argv[1], HIP_BENCH_MAX_LOOKUPS, &q.count))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	return bench_run(&q);
}

static int bench_simple(int argc, char *argv[], uint8_t op)
{
	struct bench_req q = { .op = op };

	if (argc > 1) {
		errorf("unexpected argument \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	return bench_run(&q);
}

static int bench_clear(int argc, char *argv[])
{
	return bench_simple(argc, argv, HIP_BENCH_OP_CLEAR);
}

static int bench_mem(int argc, char *argv[])
{
	return bench_simple(argc, argv, HIP_BENCH_OP_MEM);
}

static const struct subcmd bench_cmds[] = {
	{ "synth", NULL, bench_synth, "bench synth" },
	{ "lookup", NULL, bench_lookup, "bench lookup" },
	{ "clear", NULL, bench_clear, "bench clear" },
	{ "mem", NULL, bench_mem, "bench mem" },
	{ 0 }
};

int bench_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "bench", bench_cmds, bench_usage);
}
