// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Generic netlink transport for hipctl (libnl-3 / libnl-genl-3).
 *
 * Errors from the kernel come back as NLMSG_ERROR with the extended ACK
 * TLVs (NETLINK_EXT_ACK); hipctl prints NLMSGERR_ATTR_MSG followed by
 * strerror().  NETLINK_CAP_ACK keeps the kernel from echoing requests
 * (which may hold a private key) back in error messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include <openssl/crypto.h>

#include <linux/hip.h>

#include "json.h"
#include "nl.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Default libnl message size is a page; a 4096-bit RSA key needs ~2.4 KiB. */
#define HIP_NL_MSG_SIZE	(HIP_PRIVKEY_MAX_LEN + 4096)

int hip_nl_open(struct hip_nl *nl)
{
	int one = 1, err;

	nl->family = -1;
	nl->quiet_err = 0;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		errorf("cannot allocate a netlink socket");
		return -1;
	}
	err = genl_connect(nl->sk);
	if (err < 0) {
		errorf("cannot open a generic netlink socket: %s",
		       nl_geterror(err));
		goto err;
	}
	/* Best effort: old kernels just do not send the TLVs. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	nl->family = genl_ctrl_resolve(nl->sk, HIP_FAMILY_NAME);
	if (nl->family == -NLE_OBJ_NOTFOUND) {
		const char *ctx = get_context();

		set_context(NULL);
		errorf("generic netlink family \"" HIP_FAMILY_NAME
		       "\" not found (is hip.ko loaded?)");
		set_context(ctx);
		goto err;
	}
	if (nl->family < 0) {
		errorf("cannot resolve generic netlink family \"%s\": %s",
		       HIP_FAMILY_NAME, nl_geterror(nl->family));
		goto err;
	}
	return 0;
err:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return -1;
}

void hip_nl_close(struct hip_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *hip_nl_msg(struct hip_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(HIP_NL_MSG_SIZE);

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family,
				 0, flags, cmd, HIP_FAMILY_VERSION)) {
		nlmsg_free(msg);
		errorf("%s", strerror(ENOMEM));
		return NULL;
	}
	return msg;
}

struct nlattr *hip_nla_nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	/* libnl < 3.5 does not set it; strict kernel validation wants it. */
	if (nest)
		nest->nla_type |= NLA_F_NESTED;
	return nest;
}

void hip_nl_msg_free(struct nl_msg *msg)
{
	struct nlmsghdr *nlh;

	if (!msg)
		return;
	nlh = nlmsg_hdr(msg);
	OPENSSL_cleanse(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

struct transact {
	hip_nl_reply_fn fn;
	void *arg;
	bool done;
	bool intr;		/* a dump part flagged NLM_F_DUMP_INTR */
	int err;		/* negative errno */
	char extack[256];	/* NLMSGERR_ATTR_MSG, if any */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
};

/* Extended ACK TLVs following struct nlmsgerr (and the echoed request). */
static void parse_ext_ack(const struct nlmsghdr *nlh,
			  const struct nlmsgerr *e, struct transact *t)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct nlattr *attrs;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len > NLMSG_HDRLEN ?
		       NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN) : 0;
	if (nlh->nlmsg_len <= off)
		return;
	attrs = (struct nlattr *)((char *)nlh + off);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, nlh->nlmsg_len - off,
		      NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(t->extack, tb[NLMSGERR_ATTR_MSG],
			    sizeof(t->extack));
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= 4)
		t->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

static int error_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct transact *t = arg;

	(void)who;
	t->err = e->error < 0 ? e->error : -EPROTO;
	t->done = true;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(*e))
		parse_ext_ack(nlh, e, t);
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct transact *t = arg;
	int *status;

	/* A dump that failed part way reports the errno in NLMSG_DONE. */
	if (nlmsg_datalen(nlh) >= (int)sizeof(*status)) {
		status = nlmsg_data(nlh);
		if (*status < 0 && !t->err)
			t->err = *status;
	}
	t->done = true;
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->done = true;
	return NL_STOP;
}

static int dump_intr_cb(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->intr = true;
	return NL_OK;	/* read the dump to its end all the same */
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;
	int err;

	if (!t->fn || t->err)
		return NL_OK;
	err = t->fn(nlmsg_hdr(msg), t->arg);
	if (err < 0)
		t->err = err;
	return NL_OK;
}

int hip_nl_transact(struct hip_nl *nl, struct nl_msg *msg,
		    hip_nl_reply_fn fn, void *arg)
{
	struct transact t = { .fn = fn, .arg = arg, .miss_type = -1 };
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		hip_nl_msg_free(msg);
		errorf("%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &t);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, dump_intr_cb, &t);

	err = nl_send_auto(nl->sk, msg);
	hip_nl_msg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		errorf("cannot send the request: %s", nl_geterror(err));
		return -EIO;
	}

	while (!t.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !t.done) {
			nl_cb_put(cb);
			errorf("cannot receive the reply: %s", nl_geterror(err));
			return -EIO;
		}
	}
	nl_cb_put(cb);

	if (t.err && t.err == nl->quiet_err)
		return t.err;
	if (t.err) {
		if (t.extack[0])
			errorf("%s (%s)", t.extack, strerror(-t.err));
		else if (t.miss_type >= 0)
			errorf("missing attribute %d (%s)", t.miss_type,
			       strerror(-t.err));
		else
			errorf("%s", strerror(-t.err));
		return t.err;
	}
	return t.intr ? -EINTR : 0;
}

int hip_nl_join(struct hip_nl *nl, const char *group)
{
	int grp;

	grp = genl_ctrl_resolve_grp(nl->sk, HIP_FAMILY_NAME, group);
	if (grp < 0) {
		errorf("multicast group \"%s\" of family \"%s\" not found: %s",
		       group, HIP_FAMILY_NAME, nl_geterror(grp));
		return -1;
	}
	/* Plain setsockopt so that EPERM is reported as such. */
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK,
		       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0) {
		errorf("%s", strerror(errno));
		return -1;
	}
	return 0;
}

int hip_nla_put_nested(struct nl_msg *msg, int nest_type, int attr,
		       size_t len, const void *data)
{
	struct nlattr *nest = hip_nla_nest_start(msg, nest_type);

	if (!nest || nla_put(msg, attr, len, data) < 0)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int hip_nl_do(uint8_t cmd, int flags, hip_nl_build_fn build, const void *arg)
{
	struct nl_msg *msg;
	struct hip_nl nl;
	int err;

	if (hip_nl_open(&nl))
		return EXIT_FAIL;
	msg = hip_nl_msg(&nl, cmd, flags);
	if (!msg) {
		hip_nl_close(&nl);
		return EXIT_FAIL;
	}
	if (build && build(msg, arg) < 0) {
		hip_nl_msg_free(msg);
		hip_nl_close(&nl);
		errorf("request too large");
		return EXIT_FAIL;
	}
	err = hip_nl_transact(&nl, msg, NULL, NULL);
	hip_nl_close(&nl);
	return err ? EXIT_FAIL : EXIT_OK;
}

static int replies_add(struct nlmsghdr *nlh, void *arg)
{
	struct hip_nl_replies *r = arg;
	struct nlmsghdr *copy;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct nlmsghdr **v = realloc(r->msgs, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->msgs = v;
		r->cap = cap;
	}
	copy = malloc(nlh->nlmsg_len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, nlh, nlh->nlmsg_len);
	r->msgs[r->n++] = copy;
	return 0;
}

static void replies_clear(struct hip_nl_replies *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->msgs[i]);
	r->n = 0;
}

void hip_nl_replies_free(struct hip_nl_replies *r)
{
	replies_clear(r);
	free(r->msgs);
	r->msgs = NULL;
	r->cap = 0;
}

/* Attempts at a dump that the kernel reports as interrupted by changes */
#define HIP_NL_DUMP_ATTEMPTS	5

int hip_nl_get(struct hip_nl *nl, uint8_t cmd, int flags,
	       hip_nl_build_fn build, const void *arg,
	       struct hip_nl_replies *r, const char *what)
{
	struct nl_msg *msg;
	int err, attempt;

	for (attempt = 1;; attempt++) {
		msg = hip_nl_msg(nl, cmd, flags);
		if (!msg)
			return -ENOMEM;
		if (build && build(msg, arg) < 0) {
			hip_nl_msg_free(msg);
			errorf("request too large");
			return -EMSGSIZE;
		}
		err = hip_nl_transact(nl, msg, replies_add, r);
		if (err != -EINTR)
			return err;
		replies_clear(r);
		if (attempt == HIP_NL_DUMP_ATTEMPTS) {
			errorf("%s kept changing during the dump, try again",
			       what);
			return -EINTR;
		}
	}
}

/* Parses every reply into one array of show->size objects */
static int show_parse(const struct hip_nl_show *show,
		      const struct hip_nl_replies *r, char **objs)
{
	size_t i;
	int err;

	*objs = NULL;
	if (!r->n)
		return 0;
	*objs = calloc(r->n, show->size);
	if (!*objs) {
		errorf("%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	for (i = 0; i < r->n; i++) {
		err = show->parse(r->msgs[i], *objs + i * show->size);
		if (err) {
			errorf("invalid %s in the kernel's reply", show->one);
			return -EBADMSG;
		}
	}
	return 0;
}

static void show_print(const struct hip_nl_show *show, const char *objs,
		       size_t n)
{
	struct json j;
	size_t i;

	if (!opts.json) {
		for (i = 0; i < n; i++)
			show->print(objs + i * show->size, NULL);
		return;
	}
	json_init(&j, stdout);
	json_open_array(&j, NULL);
	for (i = 0; i < n; i++)
		show->print(objs + i * show->size, &j);
	json_close_array(&j);
	json_end(&j);
}

/* The request of "show HIT" */
struct show_req {
	const struct hip_nl_show *show;
	uint8_t hit[HIT_LEN];
};

static int put_show_hit(struct nl_msg *msg, const void *arg)
{
	const struct show_req *req = arg;

	return hip_nla_put_nested(msg, req->show->nest, req->show->hit_attr,
				  HIT_LEN, req->hit);
}

int hip_nl_show(const struct hip_nl_show *show, int argc, char *argv[])
{
	struct hip_nl_replies r = { 0 };
	struct show_req req = { .show = show };
	char *objs = NULL;
	struct hip_nl nl;
	size_t i;
	int err;

	if (argc > 1 && get_hit_arg(argv[1], req.hit))
		return EXIT_USAGE;
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (hip_nl_open(&nl))
		return EXIT_FAIL;
	err = hip_nl_get(&nl, show->cmd, argc > 1 ? 0 : NLM_F_DUMP,
			 argc > 1 ? put_show_hit : NULL, &req, &r, show->what);
	hip_nl_close(&nl);
	if (!err)
		err = show_parse(show, &r, &objs);
	if (!err)
		show_print(show, objs, r.n);
	for (i = 0; objs && show->free && i < r.n; i++)
		show->free(objs + i * show->size);
	free(objs);
	hip_nl_replies_free(&r);
	return err ? EXIT_FAIL : EXIT_OK;
}
