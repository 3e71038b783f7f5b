// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl service { enable | disable | show }: the services this namespace
 * offers as a registrar (RFC 8003; only rendezvous, RFC 8004, so far).
 * hipctl register { HIT | del | show }: registrations at registrars, and
 * (show) the ones we granted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hip.h>

#include "nl.h"
#include "reg.h"
#include "subcommands.h"
#include "util.h"

static const char *const reg_state_names[] = {
	[HIP_REG_STATE_WANTED]		= "wanted",
	[HIP_REG_STATE_SENT]		= "sent",
	[HIP_REG_STATE_GRANTED]		= "granted",
	[HIP_REG_STATE_FAILED]		= "failed",
	[HIP_REG_STATE_EXPIRED]		= "expired",
	[HIP_REG_STATE_CANCELLED]	= "cancelled",
};

static const char *reg_state_str(unsigned int s, char buf[16])
{
	if (s < ARRAY_SIZE(reg_state_names))
		return reg_state_names[s];
	snprintf(buf, 16, "%u", s);
	return buf;
}

static const char *reg_type_str(unsigned int t, char buf[16])
{
	if (t == HIP_REG_TYPE_RVS)
		return "rvs";
	snprintf(buf, 16, "%u", t);
	return buf;
}

static struct nla_policy hip_a_policy[HIP_A_MAX + 1] = {
	[HIP_A_SERVICE]	= { .type = NLA_NESTED },
	[HIP_A_REG]	= { .type = NLA_NESTED },
};

/* ---- parsing and printing ---- */

static int u32_attr(const struct nlattr *a, uint32_t *v)
{
	if (nla_len(a) != 4)
		return -EINVAL;
	memcpy(v, nla_data(a), 4);
	return 0;
}

int service_info_parse(const struct nlmsghdr *nlh, struct service_info *s)
{
	struct nlattr *tb[HIP_A_MAX + 1], *a;
	int err, rem;

	memset(s, 0, sizeof(*s));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_policy);
	if (err < 0 || !tb[HIP_A_SERVICE])
		return -EINVAL;
	nla_for_each_nested(a, tb[HIP_A_SERVICE], rem) {
		switch (nla_type(a)) {
		case HIP_A_SERVICE_TYPE:
			if (nla_len(a) < 1)
				return -EINVAL;
			s->type = nla_get_u8(a);
			break;
		case HIP_A_SERVICE_LIFETIME_MIN:
			if (u32_attr(a, &s->lifetime_min))
				return -EINVAL;
			break;
		case HIP_A_SERVICE_LIFETIME_MAX:
			if (u32_attr(a, &s->lifetime_max))
				return -EINVAL;
			break;
		case HIP_A_SERVICE_ALLOW:
			if (nla_len(a) != HIT_LEN)
				return -EINVAL;
			if (s->n_allow == SERVICE_ALLOW_MAX)
				break;
			memcpy(s->allow[s->n_allow++], nla_data(a), HIT_LEN);
			break;
		default:
			break;	/* attributes of later versions */
		}
	}
	return 0;
}

void service_print(const struct service_info *s, struct json *j)
{
	char buf[HIT_STRLEN], t[16];
	unsigned int i;

	if (j) {
		json_open_object(j, NULL);
		json_string(j, "type", reg_type_str(s->type, t));
		json_uint(j, "lifetime_min", s->lifetime_min);
		json_uint(j, "lifetime_max", s->lifetime_max);
		json_open_array(j, "allow");
		for (i = 0; i < s->n_allow; i++) {
			format_hit(s->allow[i], buf);
			json_string(j, NULL, buf);
		}
		json_close_array(j);
		json_close_object(j);
		return;
	}
	printf("service %s lifetime-min %u lifetime-max %u",
	       reg_type_str(s->type, t), s->lifetime_min, s->lifetime_max);
	for (i = 0; i < s->n_allow; i++) {
		format_hit(s->allow[i], buf);
		printf(" allow %s", buf);
	}
	putchar('\n');
}

static int reg_attr(struct reg_info *r, const struct nlattr *a)
{
	switch (nla_type(a)) {
	case HIP_A_REG_HIT:
		if (nla_len(a) != HIT_LEN)
			return -EINVAL;
		memcpy(r->hit, nla_data(a), HIT_LEN);
		r->has |= REG_HAS_HIT;
		break;
	case HIP_A_REG_TYPE:
		r->type = nla_get_u8(a);
		break;
	case HIP_A_REG_REGISTRAR:
		r->registrar = true;
		break;
	case HIP_A_REG_STATE:
		r->state = nla_get_u8(a);
		r->has |= REG_HAS_STATE;
		break;
	case HIP_A_REG_LIFETIME:
		return u32_attr(a, &r->lifetime);
	case HIP_A_REG_REMAINING:
		r->has |= REG_HAS_REMAINING;
		return u32_attr(a, &r->remaining);
	case HIP_A_REG_FAILURE:
		r->failure = nla_get_u8(a);
		r->has |= REG_HAS_FAILURE;
		break;
	case HIP_A_REG_LOCATOR:
		if (nla_len(a) != 4 && nla_len(a) != 16)
			return -EINVAL;
		r->locator.len = nla_len(a);
		memcpy(r->locator.addr, nla_data(a), nla_len(a));
		r->has |= REG_HAS_LOCATOR;
		break;
	}
	return 0;
}

int reg_info_parse(const struct nlmsghdr *nlh, struct reg_info *r)
{
	struct nlattr *tb[HIP_A_MAX + 1], *a;
	int err, rem;

	memset(r, 0, sizeof(*r));
	err = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HIP_A_MAX,
			    hip_a_policy);
	if (err < 0 || !tb[HIP_A_REG])
		return -EINVAL;
	nla_for_each_nested(a, tb[HIP_A_REG], rem) {
		if ((nla_type(a) == HIP_A_REG_TYPE ||
		     nla_type(a) == HIP_A_REG_STATE ||
		     nla_type(a) == HIP_A_REG_FAILURE) && nla_len(a) < 1)
			return -EINVAL;
		if (reg_attr(r, a))
			return -EINVAL;
	}
	return 0;
}

/* @event: a notification ("reg" events of the monitor) */
void reg_print(FILE *f, const struct reg_info *r, struct json *j, bool event)
{
	char hit[HIT_STRLEN] = "?", loc[LOCATOR_STRLEN], t[16], st[16];
	const char *role = r->registrar ? "registrar" : "requester";

	if (r->has & REG_HAS_HIT)
		format_hit(r->hit, hit);
	if (r->has & REG_HAS_LOCATOR)
		format_locator(r->locator.addr, r->locator.len, loc);
	if (j) {
		json_open_object(j, NULL);
		if (event)
			json_string(j, "event", "reg");
		json_string(j, "hit", hit);
		json_string(j, "type", reg_type_str(r->type, t));
		json_string(j, "role", role);
		if (r->has & REG_HAS_STATE)
			json_string(j, "state", reg_state_str(r->state, st));
		json_uint(j, "lifetime", r->lifetime);
		if (r->has & REG_HAS_REMAINING)
			json_uint(j, "remaining", r->remaining);
		if (r->has & REG_HAS_FAILURE)
			json_uint(j, "failure", r->failure);
		if (r->has & REG_HAS_LOCATOR)
			json_string(j, "locator", loc);
		json_close_object(j);
		return;
	}
	fprintf(f, "reg %s %s %s", hit, reg_type_str(r->type, t), role);
	if (r->has & REG_HAS_STATE)
		fprintf(f, " state %s", reg_state_str(r->state, st));
	fprintf(f, " lifetime %u", r->lifetime);
	if (r->has & REG_HAS_REMAINING)
		fprintf(f, " remaining %u", r->remaining);
	if (r->has & REG_HAS_FAILURE)
		fprintf(f, " failure %u", r->failure);
	if (r->has & REG_HAS_LOCATOR)
		fprintf(f, " locator %s", loc);
	fputc('\n', f);
	if (event)
		fflush(f);
}

/* ---- service ---- */

static void service_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] service { enable | disable | show } ...\n"
	      "       " PROG_NAME " service { enable | disable } rvs [ lifetime-min SECONDS ]\n"
	      "               [ lifetime-max SECONDS ] [ allow HIT ... ]\n"
	      "       " PROG_NAME " service show\n"
	      "Offer (enable) or withdraw (disable) the rendezvous service (RFC 8004)\n"
	      "as a registrar (RFC 8003). Without \"allow\", anybody may register.\n",
	      f);
}

struct service_req {
	uint8_t enable;
	uint32_t min, max;
	unsigned int n_allow;
	uint8_t allow[SERVICE_ALLOW_MAX][HIT_LEN];
};

static int put_service(struct nl_msg *msg, const void *arg)
{
	const struct service_req *s = arg;
	struct nlattr *nest;
	unsigned int i;

	nest = hip_nla_nest_start(msg, HIP_A_SERVICE);
	if (!nest || nla_put_u8(msg, HIP_A_SERVICE_TYPE, HIP_REG_TYPE_RVS) < 0 ||
	    nla_put_u8(msg, HIP_A_SERVICE_ENABLE, s->enable) < 0 ||
	    (s->min && nla_put_u32(msg, HIP_A_SERVICE_LIFETIME_MIN, s->min) < 0) ||
	    (s->max && nla_put_u32(msg, HIP_A_SERVICE_LIFETIME_MAX, s->max) < 0))
		return -EMSGSIZE;
	for (i = 0; i < s->n_allow; i++)
		if (nla_put(msg, HIP_A_SERVICE_ALLOW, HIT_LEN, s->allow[i]) < 0)
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int get_type_arg(const char *arg)
{
	if (!arg) {
		errorf("missing service (\"rvs\")");
		return -1;
	}
	if (strcmp(arg, "rvs")) {
		errorf("unknown service \"%s\" (only \"rvs\")", arg);
		return -1;
	}
	return 0;
}

static int get_secs(const char *name, const char *arg, uint32_t *v)
{
	unsigned long long n;

	if (!arg) {
		errorf("missing SECONDS after \"%s\"", name);
		return -1;
	}
	if (!parse_uint(arg, 1, 0xffffffffULL, &n)) {
		errorf("invalid %s \"%s\" (seconds, at least 1)", name, arg);
		return -1;
	}
	*v = n;
	return 0;
}

static int service_parse(int argc, char *argv[], struct service_req *s)
{
	int i;

	if (get_type_arg(argv[1]))
		return -1;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "lifetime-min")) {
			if (get_secs(argv[i], argv[i + 1], &s->min))
				return -1;
			i++;
		} else if (!strcmp(argv[i], "lifetime-max")) {
			if (get_secs(argv[i], argv[i + 1], &s->max))
				return -1;
			i++;
		} else if (!strcmp(argv[i], "allow")) {
			if (i + 1 >= argc) {
				errorf("missing HIT after \"allow\"");
				return -1;
			}
			while (i + 1 < argc && parse_hit(argv[i + 1], s->allow[s->n_allow])) {
				if (++s->n_allow == SERVICE_ALLOW_MAX) {
					errorf("too many HITs (at most %d)",
					       SERVICE_ALLOW_MAX);
					return -1;
				}
				i++;
			}
			if (!s->n_allow) {
				errorf("invalid HIT \"%s\"", argv[i + 1]);
				return -1;
			}
		} else {
			errorf("unexpected argument \"%s\"", argv[i]);
			return -1;
		}
	}
	if (s->min && s->max && s->min > s->max) {
		errorf("lifetime-min is above lifetime-max");
		return -1;
	}
	return 0;
}

static int service_set(int argc, char *argv[], bool enable)
{
	struct service_req *s = calloc(1, sizeof(*s));
	int ret;

	if (!s) {
		errorf("out of memory");
		return EXIT_FAIL;
	}
	s->enable = enable;
	ret = service_parse(argc, argv, s) ? EXIT_USAGE :
	      hip_nl_do(HIP_CMD_SERVICE_SET, 0, put_service, s);
	free(s);
	return ret;
}

static int service_enable(int argc, char *argv[])
{
	return service_set(argc, argv, true);
}

static int service_disable(int argc, char *argv[])
{
	return service_set(argc, argv, false);
}

static int service_show_parse(const struct nlmsghdr *nlh, void *obj)
{
	return service_info_parse(nlh, obj);
}

static void service_show_print(const void *obj, struct json *j)
{
	service_print(obj, j);
}

static const struct hip_nl_show service_show_desc = {
	.cmd = HIP_CMD_SERVICE_GET,
	.nest = HIP_A_SERVICE,
	.what = "services",
	.one = "service",
	.size = sizeof(struct service_info),
	.parse = service_show_parse,
	.print = service_show_print,
};

static int no_more_args(int argc, char *argv[])
{
	if (argc > 1) {
		errorf("unexpected argument \"%s\"", argv[1]);
		return -1;
	}
	return 0;
}

static int service_show(int argc, char *argv[])
{
	if (no_more_args(argc, argv))
		return EXIT_USAGE;
	return hip_nl_show(&service_show_desc, argc, argv);
}

static const struct subcmd service_cmds[] = {
	{ "enable", NULL, service_enable, "service enable" },
	{ "disable", NULL, service_disable, "service disable" },
	{ "show", (const char *const[]){ "list", "ls", NULL }, service_show,
	  "service show" },
	{ 0 }
};

int service_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "service", service_cmds, service_usage);
}

/* ---- register ---- */

static void register_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] register { HIT | del | show } ...\n"
	      "       " PROG_NAME " register HIT rvs [ lifetime SECONDS ]\n"
	      "       " PROG_NAME " register del HIT rvs\n"
	      "       " PROG_NAME " register show\n"
	      "Register at the registrar HIT (a configured peer) for rendezvous\n"
	      "(RFC 8004), renew, or cancel; show lists the registrations we hold\n"
	      "and those we granted.\n", f);
}

struct register_req {
	uint8_t hit[HIT_LEN];
	uint32_t lifetime;
};

static int put_register(struct nl_msg *msg, const void *arg)
{
	const struct register_req *r = arg;
	struct nlattr *nest;

	nest = hip_nla_nest_start(msg, HIP_A_REG);
	if (!nest || nla_put(msg, HIP_A_REG_HIT, HIT_LEN, r->hit) < 0 ||
	    nla_put_u8(msg, HIP_A_REG_TYPE, HIP_REG_TYPE_RVS) < 0 ||
	    (r->lifetime && nla_put_u32(msg, HIP_A_REG_LIFETIME, r->lifetime) < 0))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int register_add(int argc, char *argv[])
{
	struct register_req r = { 0 };

	if (get_hit_arg(argv[0], r.hit) || get_type_arg(argv[1]))
		return EXIT_USAGE;
	if (argc > 2) {
		if (strcmp(argv[2], "lifetime")) {
			errorf("unexpected argument \"%s\"", argv[2]);
			return EXIT_USAGE;
		}
		if (get_secs("lifetime", argv[3], &r.lifetime))
			return EXIT_USAGE;
		if (argc > 4) {
			errorf("unexpected argument \"%s\"", argv[4]);
			return EXIT_USAGE;
		}
	}
	return hip_nl_do(HIP_CMD_REG_NEW, 0, put_register, &r);
}

static int register_del(int argc, char *argv[])
{
	struct register_req r = { 0 };

	if (get_hit_arg(argv[1], r.hit) || get_type_arg(argc > 2 ? argv[2] : NULL))
		return EXIT_USAGE;
	if (argc > 3) {
		errorf("unexpected argument \"%s\"", argv[3]);
		return EXIT_USAGE;
	}
	return hip_nl_do(HIP_CMD_REG_DEL, 0, put_register, &r);
}

static int register_show_parse(const struct nlmsghdr *nlh, void *obj)
{
	return reg_info_parse(nlh, obj);
}

static void register_show_print(const void *obj, struct json *j)
{
	reg_print(stdout, obj, j, false);
}

static const struct hip_nl_show register_show_desc = {
	.cmd = HIP_CMD_REG_GET,
	.nest = HIP_A_REG,
	.hit_attr = HIP_A_REG_HIT,
	.what = "registrations",
	.one = "registration",
	.size = sizeof(struct reg_info),
	.parse = register_show_parse,
	.print = register_show_print,
};

static int register_show(int argc, char *argv[])
{
	if (no_more_args(argc, argv))
		return EXIT_USAGE;
	return hip_nl_show(&register_show_desc, argc, argv);
}

static const struct subcmd register_cmds[] = {
	{ "del", (const char *const[]){ "delete", NULL }, register_del,
	  "register del" },
	{ "show", (const char *const[]){ "list", "ls", NULL }, register_show,
	  "register show" },
	{ 0 }
};

int register_main(int argc, char *argv[])
{
	/* "register HIT rvs ...": not a subcommand word */
	if (argc > 1 && !is_help(argv[1]) && strcmp(argv[1], "del") &&
	    strcmp(argv[1], "delete") && strcmp(argv[1], "show") &&
	    strcmp(argv[1], "list") && strcmp(argv[1], "ls")) {
		set_context("register");
		return register_add(argc - 1, argv + 1);
	}
	return subcmd_run(argc, argv, "register", register_cmds,
			  register_usage);
}
