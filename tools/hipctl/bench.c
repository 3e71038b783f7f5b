// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl bench { synth N [ sas ] | lookup M | clear | mem |
 *                null-noauth { on | off } | rvs N M }: the kernel's benchmark and
 * test facility.  It is not part of the genetlink ABI: the module offers
 * it as the debugfs file /sys/kernel/debug/hip/bench (net/hip/bench.c),
 * which takes one command per write(2) and answers "key value" lines (or
 * "error MESSAGE") on the following read(2), acting on the network
 * namespace that opened it.  Synthetic associations are for measuring
 * table scale and memory only; they never carry traffic.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench.h"
#include "json.h"
#include "subcommands.h"
#include "util.h"

#define DEBUGFS_DIR	"/sys/kernel/debug"
#define BENCH_FILE	DEBUGFS_DIR "/hip/bench"
#define DEBUGFS_MAGIC	0x64626720

/* The kernel's limits (net/hip/bench.c); it checks them again */
#define BENCH_MAX_SYNTH		1000000
#define BENCH_MAX_LOOKUPS	100000000

/* The kernel's reply is far smaller (net/hip/bench.c HIP_BENCH_OUT_MAX) */
#define BENCH_REPLY_MAX		4096

static const struct {
	const char *key;	/* the kernel's key; also the JSON key */
	const char *unit;	/* text suffix */
} bench_fields[] = {
	{ "done", "" },
	{ "associations", "" },
	{ "ha_size", "B" },
	{ "ha_bytes", "B" },
	{ "table_bytes", "B" },
	{ "lookup_hit_ns", "ns" },
	{ "lookup_spi_ns", "ns" },
	{ "hot_hit_ns", "ns" },
	{ "hot_spi_ns", "ns" },
	{ "registrations", "" },
	{ "reg_bytes", "B" },
	{ "relay_ns", "ns" },
	{ "elapsed_ns", "ns" },
};

int bench_print(const char *text)
{
	uint64_t v[ARRAY_SIZE(bench_fields)];
	bool has[ARRAY_SIZE(bench_fields)] = { 0 };
	const char *line, *end;
	struct json j;
	size_t i;

	for (line = text; *line; line = end + 1) {
		char key[32], *num_end;
		const char *sp;
		uint64_t val;

		end = strchr(line, '\n');
		if (!end)
			return -EINVAL;	/* every line ends with a newline */
		sp = memchr(line, ' ', end - line);
		if (!sp || sp == line || (size_t)(sp - line) >= sizeof(key) ||
		    sp[1] < '0' || sp[1] > '9')
			return -EINVAL;
		errno = 0;
		val = strtoull(sp + 1, &num_end, 10);
		if (errno || num_end != end)
			return -EINVAL;
		memcpy(key, line, sp - line);
		key[sp - line] = '\0';
		/* Keys this hipctl does not know (a newer kernel) are skipped */
		for (i = 0; i < ARRAY_SIZE(bench_fields); i++)
			if (!strcmp(key, bench_fields[i].key)) {
				v[i] = val;
				has[i] = true;
			}
	}
	if (opts.json) {
		json_init(&j, stdout);
		json_open_object(&j, NULL);
		for (i = 0; i < ARRAY_SIZE(bench_fields); i++)
			if (has[i])
				json_uint(&j, bench_fields[i].key, v[i]);
		json_close_object(&j);
		json_end(&j);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(bench_fields); i++)
		if (has[i])
			printf("%s%s %" PRIu64 "%s", i ? " " : "",
			       bench_fields[i].key, v[i], bench_fields[i].unit);
	/* Per association, when there are some */
	if (has[1] && has[3] && v[1])
		printf(" per_ha %" PRIu64 "B", (v[3] + (has[4] ? v[4] : 0)) / v[1]);
	putchar('\n');
	return 0;
}

/* Says why BENCH_FILE cannot be opened (errno of the open in err) */
static void bench_open_error(int err)
{
	struct statfs sfs;
	struct stat st;

	if (err == ENOENT) {
		if (statfs(DEBUGFS_DIR, &sfs) || sfs.f_type != DEBUGFS_MAGIC)
			errorf("debugfs is not mounted on " DEBUGFS_DIR
			       " (mount -t debugfs none " DEBUGFS_DIR ")");
		else if (stat(DEBUGFS_DIR "/hip", &st))
			errorf(BENCH_FILE " not found (is hip.ko loaded?)");
		else
			errorf(BENCH_FILE " not found (this hip.ko has no bench facility)");
		return;
	}
	if (err == EACCES || err == EPERM) {
		errorf(BENCH_FILE ": %s (needs root, and CAP_NET_ADMIN over the network namespace)",
		       strerror(err));
		return;
	}
	errorf(BENCH_FILE ": %s", strerror(err));
}

/* Reads the kernel's answer into buf (NUL-terminated); -1 on error */
static int bench_read(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		len += n;
	}
	buf[len] = '\0';
	return 0;
}

/* Runs one command; prints the result if print */
static int bench_run(const char *cmd, bool print)
{
	static char reply[BENCH_REPLY_MAX];
	int fd, werr = 0, ret = EXIT_FAIL;
	size_t len = strlen(cmd);
	ssize_t n;

	fd = open(BENCH_FILE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		bench_open_error(errno);
		return EXIT_FAIL;
	}
	do {
		n = write(fd, cmd, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		werr = errno;
	else if ((size_t)n != len)
		werr = EIO;
	if (bench_read(fd, reply, sizeof(reply))) {
		errorf(BENCH_FILE ": read: %s", strerror(errno));
		goto out;
	}
	if (werr) {
		/* "error MESSAGE\n": the kernel's reason */
		if (!strncmp(reply, "error ", 6) && strchr(reply, '\n')) {
			*strchr(reply, '\n') = '\0';
			errorf("%s (%s)", reply + 6, strerror(werr));
		} else {
			errorf("%s", strerror(werr));
		}
		goto out;
	}
	if (print && bench_print(reply)) {
		errorf("invalid reply from the kernel");
		goto out;
	}
	ret = EXIT_OK;
out:
	close(fd);
	return ret;
}

static void bench_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] bench { synth | lookup | clear | mem | null-noauth } ...\n"
	      "       " PROG_NAME " bench synth N [ sas ]\n"
	      "       " PROG_NAME " bench lookup M\n"
	      "       " PROG_NAME " bench clear\n"
	      "       " PROG_NAME " bench mem\n"
	      "       " PROG_NAME " bench null-noauth { on | off }\n"
	      "       " PROG_NAME " bench rvs N M\n"
	      "A benchmark/test facility (" BENCH_FILE "): synth makes N\n"
	      "synthetic ESTABLISHED associations (with sas: with real AES-128-GCM\n"
	      "SAs), lookup times M lookups by HIT and by SPI, clear removes the\n"
	      "synthetic ones, mem reports the memory of all associations,\n"
	      "null-noauth offers and accepts the ESP suite without crypto\n"
	      "(with config set null-crypto on as well); rvs offers rendezvous,\n"
	      "registers the peers of N synthetic associations and times M\n"
	      "relays of I1s to them.\n", f);
}

static int bench_count(const char *s, unsigned long long max,
		       unsigned long long *out)
{
	if (!s) {
		errorf("missing count");
		return -1;
	}
	if (!parse_uint(s, 1, max, out)) {
		errorf("invalid count \"%s\" (1..%llu)", s, max);
		return -1;
	}
	return 0;
}

static int bench_synth(int argc, char *argv[])
{
	unsigned long long n;
	char cmd[64];

	if (bench_count(argv[1], BENCH_MAX_SYNTH, &n))
		return EXIT_USAGE;
	if (argc > 2 && strcmp(argv[2], "sas")) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (argc > 3) {
		errorf("unexpected argument \"%s\"", argv[3]);
		return EXIT_USAGE;
	}
	snprintf(cmd, sizeof(cmd), "synth %llu%s\n", n, argc > 2 ? " sas" : "");
	return bench_run(cmd, true);
}

static int bench_lookup(int argc, char *argv[])
{
	unsigned long long n;
	char cmd[64];

	if (bench_count(argv[1], BENCH_MAX_LOOKUPS, &n))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	snprintf(cmd, sizeof(cmd), "lookup %llu\n", n);
	return bench_run(cmd, true);
}

static int bench_rvs(int argc, char *argv[])
{
	unsigned long long n, m;
	char cmd[64];

	if (bench_count(argv[1], BENCH_MAX_SYNTH, &n) ||
	    bench_count(argc > 2 ? argv[2] : NULL, BENCH_MAX_LOOKUPS, &m))
		return EXIT_USAGE;
	if (argc > 3) {
		errorf("unexpected argument \"%s\"", argv[3]);
		return EXIT_USAGE;
	}
	snprintf(cmd, sizeof(cmd), "rvs %llu %llu\n", n, m);
	return bench_run(cmd, true);
}

static int bench_simple(int argc, char *argv[], const char *cmd)
{
	if (argc > 1) {
		errorf("unexpected argument \"%s\"", argv[1]);
		return EXIT_USAGE;
	}
	return bench_run(cmd, true);
}

static int bench_clear(int argc, char *argv[])
{
	return bench_simple(argc, argv, "clear\n");
}

static int bench_mem(int argc, char *argv[])
{
	return bench_simple(argc, argv, "mem\n");
}

static int bench_null_noauth(int argc, char *argv[])
{
	if (argc < 2) {
		errorf("missing on or off");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "on") && strcmp(argv[1], "off")) {
		errorf("invalid argument \"%s\" (on or off)", argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	return bench_run(strcmp(argv[1], "on") ? "null-noauth off\n" :
			 "null-noauth on\n", false);
}

static const struct subcmd bench_cmds[] = {
	{ "synth", NULL, bench_synth, "bench synth" },
	{ "lookup", NULL, bench_lookup, "bench lookup" },
	{ "rvs", NULL, bench_rvs, "bench rvs" },
	{ "clear", NULL, bench_clear, "bench clear" },
	{ "mem", NULL, bench_mem, "bench mem" },
	{ "null-noauth", NULL, bench_null_noauth, "bench null-noauth" },
	{ 0 }
};

int bench_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "bench", bench_cmds, bench_usage);
}
