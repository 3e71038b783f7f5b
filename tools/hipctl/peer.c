// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl peer { add | replace | del | show }: the peers the administrator
 * told the kernel about (HIT, LSI, locators).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hip.h>

#include "nl.h"
#include "peer.h"
#include "subcommands.h"
#include "util.h"

static struct nla_policy hip_a_policy[HIP_A_MAX + 1] = {
	[HIP_A_PEER]		= { .type = NLA_NESTED },
};

int peer_info_parse(const struct nlmsghdr *nlh, struct peer_info *p)
{
	struct nlattr *tb[HIP_A_MAX + 1], *a;
	int err, rem;

	memset(p, 0, sizeof(*p));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_policy);
	if (err < 0 || !tb[HIP_A_PEER])
		return -EINVAL;
	/* By hand: HIP_A_PEER_LOCATOR repeats, nla_parse keeps the last one. */
	nla_for_each_nested(a, tb[HIP_A_PEER], rem) {
		switch (nla_type(a)) {
		case HIP_A_PEER_HIT:
			if (nla_len(a) != HIT_LEN)
				return -EINVAL;
			memcpy(p->hit, nla_data(a), HIT_LEN);
			p->has_hit = true;
			break;
		case HIP_A_PEER_LSI:
			if (nla_len(a) != LSI_LEN)
				return -EINVAL;
			memcpy(p->lsi, nla_data(a), LSI_LEN);
			p->has_lsi = true;
			break;
		case HIP_A_PEER_LOCATOR:
			if (nla_len(a) != 4 && nla_len(a) != 16) {
				p->n_bad_locators++;
				break;
			}
			if (p->n_locators == HIP_PEER_MAX_LOCATORS)
				return -EINVAL;
			p->locators[p->n_locators].len = nla_len(a);
			memcpy(p->locators[p->n_locators].addr, nla_data(a),
			       nla_len(a));
			p->n_locators++;
			break;
		case HIP_A_PEER_RVS:
			if (nla_len(a) != 4 && nla_len(a) != 16)
				return -EINVAL;
			p->rvs.len = nla_len(a);
			memcpy(p->rvs.addr, nla_data(a), nla_len(a));
			p->has_rvs = true;
			break;
		default:
			break;	/* attributes of later versions */
		}
	}
	return 0;
}

void peer_print_text(FILE *f, const struct peer_info *p)
{
	char buf[LOCATOR_STRLEN];
	unsigned int i;

	fputs("peer", f);
	if (p->has_hit) {
		format_hit(p->hit, buf);
		fprintf(f, " %s", buf);
	}
	if (p->has_lsi) {
		format_lsi(p->lsi, buf);
		fprintf(f, " lsi %s", buf);
	}
	for (i = 0; i < p->n_locators; i++) {
		format_locator(p->locators[i].addr, p->locators[i].len, buf);
		fprintf(f, " locator %s", buf);
	}
	if (p->has_rvs) {
		format_locator(p->rvs.addr, p->rvs.len, buf);
		fprintf(f, " rvs %s", buf);
	}
	fputc('\n', f);
}

void peer_print_json(struct json *j, const char *key, const struct peer_info *p)
{
	char buf[LOCATOR_STRLEN];
	unsigned int i;

	json_open_object(j, key);
	if (p->has_hit) {
		format_hit(p->hit, buf);
		json_string(j, "hit", buf);
	}
	if (p->has_lsi) {
		format_lsi(p->lsi, buf);
		json_string(j, "lsi", buf);
	}
	json_open_array(j, "locators");
	for (i = 0; i < p->n_locators; i++) {
		format_locator(p->locators[i].addr, p->locators[i].len, buf);
		json_string(j, NULL, buf);
	}
	json_close_array(j);
	if (p->has_rvs) {
		format_locator(p->rvs.addr, p->rvs.len, buf);
		json_string(j, "rvs", buf);
	}
	json_close_object(j);
}

static void peer_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] peer { add | replace | del | show } ...\n"
	      "       " PROG_NAME " peer { add | replace } HIT [ lsi LSI ] [ locator ADDR ... ] [ rvs ADDR ]\n"
	      "       " PROG_NAME " peer del HIT\n"
	      "       " PROG_NAME " peer show [ HIT ]\n"
	      "HIT is in 2001:20::/28, LSI in 1.0.0.0/8; ADDR is an IPv4 or IPv6\n"
	      "address, at most 8 of them, the first one preferred. \"rvs\" names the\n"
	      "peer's rendezvous server: with no locator, the I1 goes there.\n", f);
}

/* The request of "peer add/replace" (a peer_info to send) */
/* "peer replace" sets HIP_A_PEER_REPLACE (genetlink refuses NLM_F_REPLACE) */
static bool peer_replace_flag;

static int put_peer(struct nl_msg *msg, const void *arg)
{
	const struct peer_info *p = arg;
	struct nlattr *nest;
	unsigned int i;

	nest = hip_nla_nest_start(msg, HIP_A_PEER);
	if (!nest || nla_put(msg, HIP_A_PEER_HIT, HIT_LEN, p->hit) < 0 ||
	    (p->has_lsi && nla_put(msg, HIP_A_PEER_LSI, LSI_LEN, p->lsi) < 0))
		return -EMSGSIZE;
	for (i = 0; i < p->n_locators; i++)
		if (nla_put(msg, HIP_A_PEER_LOCATOR, p->locators[i].len,
			    p->locators[i].addr) < 0)
			return -EMSGSIZE;
	if (peer_replace_flag && nla_put_flag(msg, HIP_A_PEER_REPLACE) < 0)
		return -EMSGSIZE;
	if (p->has_rvs && nla_put(msg, HIP_A_PEER_RVS, p->rvs.len, p->rvs.addr) < 0)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_peer_hit(struct nl_msg *msg, const void *arg)
{
	return hip_nla_put_nested(msg, HIP_A_PEER, HIP_A_PEER_HIT, HIT_LEN, arg);
}

/* Checks the arguments of "peer add/replace" into *p; prints usage errors. */
static int peer_parse_args(int argc, char *argv[], struct peer_info *p)
{
	const char *why;
	int i;

	memset(p, 0, sizeof(*p));
	if (get_hit_arg(argv[1], p->hit))
		return -1;
	p->has_hit = true;
	for (i = 2; i < argc; i += 2) {
		bool lsi = !strcmp(argv[i], "lsi");
		bool rvs = !strcmp(argv[i], "rvs");

		if (!lsi && !rvs && strcmp(argv[i], "locator")) {
			errorf("unexpected argument \"%s\" (expected \"lsi\", \"locator\" or \"rvs\")",
			       argv[i]);
			return -1;
		}
		if (i + 1 >= argc) {
			errorf("missing %s after \"%s\"", lsi ? "LSI" : "ADDR",
			       argv[i]);
			return -1;
		}
		if (lsi) {
			if (p->has_lsi) {
				errorf("duplicate \"lsi\"");
				return -1;
			}
			if (!parse_lsi(argv[i + 1], p->lsi)) {
				errorf("invalid LSI \"%s\" (an address in 1.0.0.0/8 expected)",
				       argv[i + 1]);
				return -1;
			}
			p->has_lsi = true;
			continue;
		}
		if (rvs) {
			if (p->has_rvs) {
				errorf("duplicate \"rvs\"");
				return -1;
			}
			if (!parse_locator(argv[i + 1], &p->rvs, &why)) {
				errorf("invalid rvs \"%s\" (%s)", argv[i + 1], why);
				return -1;
			}
			p->has_rvs = true;
			continue;
		}
		if (p->n_locators == HIP_PEER_MAX_LOCATORS) {
			errorf("too many locators (at most %d)",
			       HIP_PEER_MAX_LOCATORS);
			return -1;
		}
		if (!parse_locator(argv[i + 1], &p->locators[p->n_locators],
				   &why)) {
			errorf("invalid locator \"%s\" (%s)", argv[i + 1], why);
			return -1;
		}
		p->n_locators++;
	}
	if (!p->n_locators && !p->has_rvs) {
		errorf("missing locator (\"locator ADDR\" or \"rvs ADDR\")");
		return -1;
	}
	return 0;
}

static int peer_new(int argc, char *argv[], int flags)
{
	struct peer_info p;

	if (peer_parse_args(argc, argv, &p))
		return EXIT_USAGE;
	return hip_nl_do(HIP_CMD_PEER_NEW, flags, put_peer, &p);
}

static int peer_add(int argc, char *argv[])
{
	peer_replace_flag = false;
	return peer_new(argc, argv, 0);
}

static int peer_replace(int argc, char *argv[])
{
	peer_replace_flag = true;
	return peer_new(argc, argv, 0);
}

static int peer_del(int argc, char *argv[])
{
	uint8_t hit[HIT_LEN];

	if (get_hit_arg(argv[1], hit))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	return hip_nl_do(HIP_CMD_PEER_DEL, 0, put_peer_hit, hit);
}

static int peer_show_parse(const struct nlmsghdr *nlh, void *obj)
{
	return peer_info_parse(nlh, obj);
}

static void peer_show_print(const void *obj, struct json *j)
{
	if (j)
		peer_print_json(j, NULL, obj);
	else
		peer_print_text(stdout, obj);
}

static const struct hip_nl_show peer_show_desc = {
	.cmd = HIP_CMD_PEER_GET,
	.nest = HIP_A_PEER,
	.hit_attr = HIP_A_PEER_HIT,
	.what = "peers",
	.one = "peer",
	.size = sizeof(struct peer_info),
	.parse = peer_show_parse,
	.print = peer_show_print,
};

static int peer_show(int argc, char *argv[])
{
	return hip_nl_show(&peer_show_desc, argc, argv);
}

static const struct subcmd peer_cmds[] = {
	{ "add", NULL, peer_add, "peer add" },
	{ "replace", NULL, peer_replace, "peer replace" },
	{ "del", (const char *const[]){ "delete", NULL }, peer_del, "peer del" },
	{ "show", (const char *const[]){ "list", "ls", NULL }, peer_show,
	  "peer show" },
	{ 0 }
};

int peer_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "peer", peer_cmds, peer_usage);
}
