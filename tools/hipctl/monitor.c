// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl monitor: print the "monitor" multicast group's notifications,
 * one line per event, until SIGINT or SIGTERM.
 *
 *   hi add HIT lsi LSI algo ... (the fields of "hi show")
 *   hi del HIT
 *   hi default HIT
 *   ha PEER_HIT state STATE
 *   reg HIT TYPE { registrar | requester } state STATE lifetime SECONDS
 *
 * With -j one JSON object per line: {"event":"hi-add","hi":{...}},
 * {"event":"ha","peer_hit":"...","state":"ESTABLISHED"}.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <linux/hip.h>

#include "ha.h"
#include "hi.h"
#include "json.h"
#include "nl.h"
#include "reg.h"
#include "subcommands.h"
#include "util.h"

/* Receive buffer: room for bursts of events (e.g. a netns being flushed) */
#define MONITOR_RCVBUF	(1024 * 1024)

static void print_event(const char *event, const char *text,
			const struct hi_info *hi)
{
	if (opts.json) {
		struct json j;

		json_init(&j, stdout);
		json_open_object(&j, NULL);
		json_string(&j, "event", event);
		hi_print_json(&j, "hi", hi);
		json_close_object(&j);
		json_end(&j);
		return;
	}
	if (!strcmp(event, "hi-add")) {
		hi_print_text(stdout, text, hi);
	} else {
		char buf[HIT_STRLEN] = "?";

		if (hi->has & HI_HAS_HIT)
			format_hit(hi->hit, buf);
		printf("%s %s\n", text, buf);
	}
	fflush(stdout);
}

/* HIP_CMD_HA_CHANGE_NTF */
void monitor_print_ha(FILE *f, const struct ha_info *ha)
{
	char hit[HIT_STRLEN] = "?", st[16];

	if (HA_HAS(ha, HIP_A_HA_PEER_HIT))
		format_hit(ha->peer_hit, hit);
	if (opts.json) {
		struct json j;

		json_init(&j, f);
		json_open_object(&j, NULL);
		json_string(&j, "event", "ha");
		if (HA_HAS(ha, HIP_A_HA_PEER_HIT))
			json_string(&j, "peer_hit", hit);
		if (HA_HAS(ha, HIP_A_HA_STATE))
			json_string(&j, "state", ha_state_str(ha->state, st));
		json_close_object(&j);
		json_end(&j);
		return;
	}
	fprintf(f, "ha %s", hit);
	if (HA_HAS(ha, HIP_A_HA_STATE))
		fprintf(f, " state %s", ha_state_str(ha->state, st));
	fputc('\n', f);
	fflush(f);
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh;
	const struct hip_nl *nl = arg;
	const char *event, *text;
	struct hi_info hi;

	if (nlh->nlmsg_type != nl->family ||
	    !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gnlh = nlmsg_data(nlh);
	switch (gnlh->cmd) {
	case HIP_CMD_HI_ADD_NTF:
		event = "hi-add";
		text = "hi add";
		break;
	case HIP_CMD_HI_DEL_NTF:
		event = "hi-del";
		text = "hi del";
		break;
	case HIP_CMD_HI_CHANGE_NTF:
		event = "hi-default";
		text = "hi default";
		break;
	case HIP_CMD_HA_CHANGE_NTF: {
		struct ha_info ha;

		if (ha_info_parse(nlh, &ha))
			return NL_SKIP;
		monitor_print_ha(stdout, &ha);
		return NL_OK;
	}
	case HIP_CMD_REG_NTF: {
		struct reg_info r;
		struct json j;

		if (reg_info_parse(nlh, &r))
			return NL_SKIP;
		if (opts.json) {
			json_init(&j, stdout);
			reg_print(stdout, &r, &j, true);
			json_end(&j);
		} else {
			reg_print(stdout, &r, NULL, true);
		}
		return NL_OK;
	}
	default:
		return NL_SKIP;	/* events of later versions */
	}
	if (hi_info_parse(nlh, &hi)) {
		hi_info_free(&hi);
		return NL_SKIP;
	}
	print_event(event, text, &hi);
	hi_info_free(&hi);
	return NL_OK;
}

static void monitor_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] monitor\n", f);
}

int monitor_main(int argc, char *argv[])
{
	struct pollfd pfd[2];
	struct hip_nl nl;
	sigset_t mask;
	int sfd, err, ret = EXIT_FAIL;

	if (argc == 2 && is_help(argv[1])) {
		monitor_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 1) {
		errorf("unexpected argument \"%s\"", argv[1]);
		return EXIT_USAGE;
	}

	/* SIGINT/SIGTERM become readable events: a clean exit, no races. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		errorf("signalfd: %s", strerror(errno));
		return EXIT_FAIL;
	}

	if (hip_nl_open(&nl))
		goto out_sfd;
	if (hip_nl_join(&nl, HIP_MCGRP_MONITOR))
		goto out_nl;
	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &nl);
	nl_socket_set_buffer_size(nl.sk, MONITOR_RCVBUF, 0);
	if (nl_socket_set_nonblocking(nl.sk) < 0) {
		errorf("cannot make the socket non-blocking");
		goto out_nl;
	}

	pfd[0].fd = nl_socket_get_fd(nl.sk);
	pfd[0].events = POLLIN;
	pfd[1].fd = sfd;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			errorf("poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents) {
			ret = EXIT_OK;
			break;
		}
		if (!pfd[0].revents)
			continue;
		err = nl_recvmsgs_default(nl.sk);
		if (err == -NLE_AGAIN || err >= 0)
			continue;
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events; say so, go on. */
			errorf("receive buffer overflow, events lost");
			continue;
		}
		errorf("%s", nl_geterror(err));
		break;
	}
out_nl:
	hip_nl_close(&nl);
out_sfd:
	close(sfd);
	return ret;
}
