/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace certificate state (Documentation/hip/delegation.rst):
 * the delegations this namespace holds (chains whose last subject is one
 * of its host identities, so that it may answer for the delegated HIT)
 * and the local revocation list, by (issuer HIT, serial), which every
 * validation consults (RFC 8002 section 4).
 *
 * Everything here runs in process context (netlink, the HIP workqueue)
 * and may sleep.
 */
#ifndef _HIP_CERTSTORE_H
#define _HIP_CERTSTORE_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>

#include "cert.h"

struct hip_net;
struct netlink_ext_ack;

#define HIP_CERT_MAX_PER_NETNS		64
#define HIP_CERT_REVOKED_MAX		1024

/* (issuer HIT, serial) of one certificate: what revocation names */
struct hip_cert_link {
	struct in6_addr issuer;
	u8 serial_len;
	u8 serial[HIP_CERT_SERIAL_MAX];
};

/**
 * struct hip_cert_entry - a delegation we hold
 * @list: in &hip_cert_store.certs, under its lock
 * @id: our number for it (HIP_A_CERT_ID), never reused in the namespace
 * @info: what validation found (delegated HIT, last issuer and subject,
 *	depth, maxDepth, validity, last serial)
 * @nlinks: certificates in the chain; @links their (issuer, serial)
 * @chain_len: length of @chain
 * @chain: the chain as given, concatenated DER, root first
 */
struct hip_cert_entry {
	struct list_head list;
	u32 id;
	struct hip_cert_result info;
	unsigned int nlinks;
	struct hip_cert_link links[HIP_CERT_CHAIN_MAX];
	unsigned int chain_len;
	u8 chain[];
};

/* A revoked certificate */
struct hip_cert_revoked {
	struct list_head list;
	struct hip_cert_link link;
};

/**
 * struct hip_cert_store - certificate state of a namespace
 * @lock: protects everything below; sleeping allowed under it, but no
 *	certificate validation runs under it (validation calls
 *	hip_cert_is_revoked(), which takes it)
 * @certs: &struct hip_cert_entry, in the order they were added
 * @revoked: &struct hip_cert_revoked, in the order they were added
 * @ncerts: entries in @certs, at most HIP_CERT_MAX_PER_NETNS
 * @nrevoked: entries in @revoked, at most HIP_CERT_REVOKED_MAX
 * @next_id: the last @id given
 * @gen: bumped on every change, for dumps
 */
struct hip_cert_store {
	struct mutex lock;	/* see above */
	struct list_head certs;
	struct list_head revoked;
	unsigned int ncerts;
	unsigned int nrevoked;
	u32 next_id;
	unsigned int gen;
};

void hip_cert_store_init(struct hip_cert_store *cs);
/* Free everything: namespace exit */
void hip_cert_store_uninit(struct hip_cert_store *cs);

/* Policy for validating a chain in @hn now (time, maximum depth
 * HIP_A_CFG_CERT_MAX_DEPTH, revocation list); the caller sets @pol->hit and @pol->host_id
 */
void hip_cert_policy_init(struct hip_net *hn, struct hip_cert_policy *pol);
/* Whether (@issuer, @serial) is on @hn's revocation list; the @revoked
 * callback of struct hip_cert_policy, with @arg the struct hip_net
 */
bool hip_cert_is_revoked(void *arg, const struct in6_addr *issuer,
			 const u8 *serial, unsigned int len);

/* Validate the chain @chain (@len bytes, concatenated DER, root first)
 * and keep it: its last subject key must be one of @hn's host identities.
 * On success *@id is its ID.  A negative enum hip_cert_error, or -ENOSPC,
 * -EEXIST (the same chain is there), -ENOENT (no such HI), -ENOMEM;
 * @extack says why.
 */
int hip_cert_add(struct hip_net *hn, const u8 *chain, unsigned int len,
		 u32 *id, struct netlink_ext_ack *extack);
/* Delete the entry @id, or (@id 0) every entry for @delegated_hit;
 * -ENOENT if none
 */
int hip_cert_del(struct hip_net *hn, u32 id,
		 const struct in6_addr *delegated_hit);
/* Add (@issuer, @serial) to the revocation list and drop the delegations
 * that contain that certificate; 0 if it was listed already.  -ENOSPC.
 */
int hip_cert_revoke(struct hip_net *hn, const struct in6_addr *issuer,
		    const u8 *serial, unsigned int len);
void hip_cert_revoke_flush(struct hip_net *hn);

/* For the base exchange: copy into @buf (@max bytes) the chain of a valid
 * delegation we hold for @delegated_hit; *@len gets its length and
 * *@holder the HIT of our HI it names.  -ENOENT (none valid now),
 * -EMSGSIZE (@max too small).  @buf NULL: only *@holder.
 */
/* The distinct HITs delegated to us by chains valid now, into @hits (room
 * for @max); returns how many.  @hits NULL: how many entries are valid now
 * (at least the number of distinct HITs).
 */
unsigned int hip_cert_delegated_hits(struct hip_net *hn,
				     struct in6_addr *hits, unsigned int max);
int hip_cert_chain_for(struct hip_net *hn,
		       const struct in6_addr *delegated_hit, u8 *buf,
		       unsigned int max, unsigned int *len,
		       struct in6_addr *holder);

/* For a REG_REQUEST (reg.c): like hip_cert_chain_for(), but when no
 * delegation of @delegated_hit is valid now, the chain of the last one
 * added whatever its validity: the registrar validates it and tells why
 * it refuses it (RFC 8003 section 3.3, REG_FAILED 6 for an expired one).
 * -ENOENT (none held), -EMSGSIZE.
 */
int hip_cert_chain_any(struct hip_net *hn,
		       const struct in6_addr *delegated_hit, u8 *buf,
		       unsigned int max, unsigned int *len);

/* Count a chain a peer presented: HIP_STAT_CERT_* by @err (0: valid) */
void hip_cert_count(struct hip_net *hn, int err);

#endif /* _HIP_CERTSTORE_H */
