/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Generic netlink transport: a libnl-genl socket bound to the "hip"
 * family, request/reply with extended-ACK error reporting, and
 * multicast subscription for the monitor.
 */
#ifndef HIPCTL_NL_H
#define HIPCTL_NL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

struct hip_nl {
	struct nl_sock *sk;
	int family;		/* resolved id of HIP_FAMILY_NAME */
	int quiet_err;		/* negative errno hip_nl_transact() does
				 * not print (0: print every error)
				 */
};

/*
 * Opens a socket with NETLINK_EXT_ACK and NETLINK_CAP_ACK and resolves
 * the family.  Prints one error line and returns -1 on failure.
 */
int hip_nl_open(struct hip_nl *nl);
void hip_nl_close(struct hip_nl *nl);

/* A request for cmd; flags e.g. NLM_F_DUMP.  NULL (error printed) on failure. */
struct nl_msg *hip_nl_msg(struct hip_nl *nl, uint8_t cmd, int flags);

/* nla_nest_start() with NLA_F_NESTED set, whatever the libnl version */
struct nlattr *hip_nla_nest_start(struct nl_msg *msg, int type);

/* Frees a request after wiping it (requests may carry private keys). */
void hip_nl_msg_free(struct nl_msg *msg);

typedef int (*hip_nl_reply_fn)(struct nlmsghdr *nlh, void *arg);

/*
 * Sends msg (always freed, wiped) and processes the replies until the
 * ACK or the end of the dump, calling fn (if any) for each data message;
 * fn returns 0 to continue or a negative errno to fail the request.
 * Returns 0, or a negative errno after printing one error line in the
 * "<extack message> (<strerror>)" format, or -EINTR (nothing printed)
 * for a dump that the kernel flagged as inconsistent (NLM_F_DUMP_INTR):
 * the objects changed meanwhile, and the caller should dump again.
 */
int hip_nl_transact(struct hip_nl *nl, struct nl_msg *msg,
		    hip_nl_reply_fn fn, void *arg);

/*
 * Joins the multicast group of the family.  Prints one error line and
 * returns -1 on failure.
 */
int hip_nl_join(struct hip_nl *nl, const char *group);

/* Adds the attributes of a request; returns 0 or a negative errno. */
typedef int (*hip_nl_build_fn)(struct nl_msg *msg, const void *arg);

/*
 * One request without a reply of interest (changes: add, delete, set):
 * opens the socket, sends cmd with flags and the attributes added by
 * build (may be NULL), waits for the ACK.  Returns EXIT_OK or EXIT_FAIL
 * (error printed).
 */
int hip_nl_do(uint8_t cmd, int flags, hip_nl_build_fn build, const void *arg);

/* Copies of the data messages of a reply, in order */
struct hip_nl_replies {
	struct nlmsghdr **msgs;
	size_t n, cap;
};

/*
 * A "get" (do, or dump with NLM_F_DUMP in flags): collects the replies in
 * *r (empty first; hip_nl_replies_free() in every case).  A dump that the
 * kernel reports as interrupted by changes is retried a few times; what
 * names the objects in that error message ("peers", ...).  Returns 0, or
 * a negative errno with the error printed.
 */
int hip_nl_get(struct hip_nl *nl, uint8_t cmd, int flags,
	       hip_nl_build_fn build, const void *arg,
	       struct hip_nl_replies *r, const char *what);
void hip_nl_replies_free(struct hip_nl_replies *r);

/* Nest type holding one binary attribute attr (e.g. HIP_A_PEER/HIT) */
int hip_nla_put_nested(struct nl_msg *msg, int nest_type, int attr,
		       size_t len, const void *data);

struct json;

/*
 * One kind of object listed by a "show [ HIT ]" command (hi, peer, ha):
 * how to ask for it and how to parse and print one reply.  The callbacks
 * take a pointer to an object of size bytes.
 */
struct hip_nl_show {
	uint8_t cmd;		/* HIP_CMD_*_GET */
	int nest, hit_attr;	/* where the HIT of a "do" request goes */
	const char *what;	/* the objects, plural: "peers" */
	const char *one;	/* one of them: "peer" */
	size_t size;		/* of one parsed object */
	/* 0 or a negative errno; free (if any) is then called either way,
	 * and for the zeroed objects after a failed one
	 */
	int (*parse)(const struct nlmsghdr *nlh, void *obj);
	void (*free)(void *obj);
	/* one object: into j as JSON, or without j as text on stdout */
	void (*print)(const void *obj, struct json *j);
};

/*
 * "<object> show [ HIT ]", argv[0] being "show": a get of the object
 * named by HIT, or a dump of all of them; every reply is parsed before
 * anything is printed, as text lines or (-j) one JSON array.  Returns
 * EXIT_OK, EXIT_FAIL or EXIT_USAGE (error printed).
 */
int hip_nl_show(const struct hip_nl_show *show, int argc, char *argv[]);

#endif /* HIPCTL_NL_H */
