// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace certificate state: the delegations we hold and the local
 * revocation list (certstore.h; Documentation/hip/delegation.rst).
 *
 * A delegation is validated in full when it is added (cert.c), against
 * the revocation list, and the namespace keeps the chain as given.
 * Revoking a certificate drops the delegations that contain it.  Chains
 * we hold are checked again for their validity period when they are
 * handed out (hip_cert_chain_for()): time passes.
 */

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/netlink.h>
#include <linux/hip.h>

#include "certstore.h"
#include "hostid.h"
#include "pernet.h"
#include "stats.h"

/* The reason in @extack: hip_cert_strerror() gives static strings */
static void hip_cert_extack(struct netlink_ext_ack *extack, int err)
{
	if (extack)
		extack->_msg = hip_cert_strerror(err);
}

void hip_cert_store_init(struct hip_cert_store *cs)
{
	mutex_init(&cs->lock);
	INIT_LIST_HEAD(&cs->certs);
	INIT_LIST_HEAD(&cs->revoked);
	cs->ncerts = 0;
	cs->nrevoked = 0;
	cs->next_id = 0;
	cs->gen = 0;
}

void hip_cert_store_uninit(struct hip_cert_store *cs)
{
	struct hip_cert_revoked *r, *rt;
	struct hip_cert_entry *e, *et;

	mutex_lock(&cs->lock);
	list_for_each_entry_safe(e, et, &cs->certs, list) {
		list_del(&e->list);
		kfree(e);
	}
	list_for_each_entry_safe(r, rt, &cs->revoked, list) {
		list_del(&r->list);
		kfree(r);
	}
	cs->ncerts = 0;
	cs->nrevoked = 0;
	mutex_unlock(&cs->lock);
	mutex_destroy(&cs->lock);
}

static bool hip_cert_link_eq(const struct hip_cert_link *l,
			     const struct in6_addr *issuer, const u8 *serial,
			     unsigned int len)
{
	return l->serial_len == len && !memcmp(l->serial, serial, len) &&
	       !memcmp(&l->issuer, issuer, sizeof(*issuer));
}

/* Under @cs->lock */
static bool hip_cert_revoked_locked(struct hip_cert_store *cs,
				    const struct in6_addr *issuer,
				    const u8 *serial, unsigned int len)
{
	struct hip_cert_revoked *r;

	list_for_each_entry(r, &cs->revoked, list)
		if (hip_cert_link_eq(&r->link, issuer, serial, len))
			return true;
	return false;
}

bool hip_cert_is_revoked(void *arg, const struct in6_addr *issuer,
			 const u8 *serial, unsigned int len)
{
	struct hip_net *hn = arg;
	bool ret;

	mutex_lock(&hn->certs.lock);
	ret = hip_cert_revoked_locked(&hn->certs, issuer, serial, len);
	mutex_unlock(&hn->certs.lock);
	return ret;
}

void hip_cert_policy_init(struct hip_net *hn, struct hip_cert_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->now = ktime_get_real_seconds();
	pol->max_depth = READ_ONCE(hn->cfg.cert_max_depth);
	pol->revoked = hip_cert_is_revoked;
	pol->arg = hn;
}

int hip_cert_add(struct hip_net *hn, const u8 *chain, unsigned int len,
		 u32 *id, struct netlink_ext_ack *extack)
{
	struct hip_cert_store *cs = &hn->certs;
	struct hip_cert_policy pol;
	struct hip_cert_entry *e, *o;
	struct hip_cert *certs;
	struct hip_hi *hi = NULL;
	unsigned int n, i;
	int err;

	if (!len || len > HIP_CERT_CHAIN_MAX_LEN) {
		NL_SET_ERR_MSG(extack, "certificate chain empty or too long");
		return -EINVAL;
	}
	certs = kcalloc(HIP_CERT_CHAIN_MAX, sizeof(*certs), GFP_KERNEL);
	e = kzalloc(struct_size(e, chain, len), GFP_KERNEL);
	if (!certs || !e) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(e->chain, chain, len);
	e->chain_len = len;
	err = hip_cert_chain_parse(e->chain, len, certs, HIP_CERT_CHAIN_MAX,
				   &n);
	if (err) {
		hip_cert_extack(extack, err);
		goto out_cert;
	}
	/* We must hold the key the chain ends with: its SAN is the HIT of
	 * the key (checked by the validation), so look the HI up by it
	 */
	hi = hip_hi_lookup(hn, &certs[n - 1].san);
	if (!hi) {
		NL_SET_ERR_MSG(extack, "the chain does not end at a HI of this namespace");
		err = -ENOENT;
		goto out;
	}
	hip_cert_policy_init(hn, &pol);
	pol.host_id = hi->pubkey;
	pol.host_id_len = hi->pubkey_len;
	pol.host_algo = hi->algo;
	err = hip_cert_chain_validate(certs, n, &pol, &e->info);
	if (err) {
		hip_cert_extack(extack, err);
		goto out_cert;
	}
	e->nlinks = n;
	for (i = 0; i < n; i++) {
		e->links[i].issuer = certs[i].ian;
		e->links[i].serial_len = certs[i].serial_len;
		memcpy(e->links[i].serial, certs[i].serial,
		       certs[i].serial_len);
	}

	mutex_lock(&cs->lock);
	/* A revocation may have come while we validated */
	for (i = 0; i < n; i++)
		if (hip_cert_revoked_locked(cs, &e->links[i].issuer,
					    e->links[i].serial,
					    e->links[i].serial_len)) {
			err = -HIP_CERT_E_REVOKED;
			hip_cert_extack(extack, err);
			goto out_unlock_cert;
		}
	list_for_each_entry(o, &cs->certs, list)
		if (o->chain_len == len && !memcmp(o->chain, e->chain, len)) {
			NL_SET_ERR_MSG(extack, "this chain is there already");
			err = -EEXIST;
			goto out_unlock;
		}
	if (cs->ncerts >= HIP_CERT_MAX_PER_NETNS) {
		NL_SET_ERR_MSG(extack, "too many delegations in this namespace");
		err = -ENOSPC;
		goto out_unlock;
	}
	e->id = ++cs->next_id;
	if (!e->id)	/* 2^32 additions: 0 means "by HIT" in hip_cert_del() */
		e->id = ++cs->next_id;
	list_add_tail(&e->list, &cs->certs);
	cs->ncerts++;
	cs->gen++;
	*id = e->id;
	e = NULL;
	err = 0;
out_unlock:
	mutex_unlock(&cs->lock);
	goto out;
out_unlock_cert:
	mutex_unlock(&cs->lock);
out_cert:
	err = hip_cert_errno(err);
out:
	if (hi)
		hip_hi_put(hi);
	kfree(e);
	kfree(certs);
	return err;
}

int hip_cert_del(struct hip_net *hn, u32 id,
		 const struct in6_addr *delegated_hit)
{
	struct hip_cert_store *cs = &hn->certs;
	struct hip_cert_entry *e, *t;
	int err = -ENOENT;

	mutex_lock(&cs->lock);
	list_for_each_entry_safe(e, t, &cs->certs, list) {
		if (id ? e->id != id :
		    memcmp(&e->info.delegated_hit, delegated_hit,
			   sizeof(*delegated_hit)))
			continue;
		list_del(&e->list);
		cs->ncerts--;
		cs->gen++;
		kfree(e);
		err = 0;
	}
	mutex_unlock(&cs->lock);
	return err;
}

int hip_cert_revoke(struct hip_net *hn, const struct in6_addr *issuer,
		    const u8 *serial, unsigned int len)
{
	struct hip_cert_store *cs = &hn->certs;
	struct hip_cert_revoked *r;
	struct hip_cert_entry *e, *t;
	unsigned int i;

	if (!len || len > HIP_CERT_SERIAL_MAX)
		return -EINVAL;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->link.issuer = *issuer;
	r->link.serial_len = len;
	memcpy(r->link.serial, serial, len);

	mutex_lock(&cs->lock);
	if (hip_cert_revoked_locked(cs, issuer, serial, len)) {
		mutex_unlock(&cs->lock);
		kfree(r);
		return 0;
	}
	if (cs->nrevoked >= HIP_CERT_REVOKED_MAX) {
		mutex_unlock(&cs->lock);
		kfree(r);
		return -ENOSPC;
	}
	list_add_tail(&r->list, &cs->revoked);
	cs->nrevoked++;
	list_for_each_entry_safe(e, t, &cs->certs, list)
		for (i = 0; i < e->nlinks; i++)
			if (hip_cert_link_eq(&e->links[i], issuer, serial,
					     len)) {
				list_del(&e->list);
				cs->ncerts--;
				kfree(e);
				break;
			}
	cs->gen++;
	mutex_unlock(&cs->lock);
	return 0;
}

void hip_cert_revoke_flush(struct hip_net *hn)
{
	struct hip_cert_store *cs = &hn->certs;
	struct hip_cert_revoked *r, *t;

	mutex_lock(&cs->lock);
	list_for_each_entry_safe(r, t, &cs->revoked, list) {
		list_del(&r->list);
		kfree(r);
	}
	cs->nrevoked = 0;
	cs->gen++;
	mutex_unlock(&cs->lock);
}

unsigned int hip_cert_delegated_hits(struct hip_net *hn,
				     struct in6_addr *hits, unsigned int max)
{
	struct hip_cert_store *cs = &hn->certs;
	u64 now = ktime_get_real_seconds();
	struct hip_cert_entry *e;
	unsigned int n = 0, i;

	mutex_lock(&cs->lock);
	list_for_each_entry(e, &cs->certs, list) {
		if (now < e->info.not_before || now > e->info.not_after)
			continue;
		if (!hits) {
			n++;
			continue;
		}
		for (i = 0; i < n; i++)
			if (!memcmp(&hits[i], &e->info.delegated_hit,
				    sizeof(hits[i])))
				break;
		if (i == n && n < max)
			hits[n++] = e->info.delegated_hit;
	}
	mutex_unlock(&cs->lock);
	return n;
}

int hip_cert_chain_for(struct hip_net *hn,
		       const struct in6_addr *delegated_hit, u8 *buf,
		       unsigned int max, unsigned int *len,
		       struct in6_addr *holder)
{
	struct hip_cert_store *cs = &hn->certs;
	u64 now = ktime_get_real_seconds();
	struct hip_cert_entry *e;
	int err = -ENOENT;

	mutex_lock(&cs->lock);
	list_for_each_entry(e, &cs->certs, list) {
		if (memcmp(&e->info.delegated_hit, delegated_hit,
			   sizeof(*delegated_hit)) ||
		    now < e->info.not_before || now > e->info.not_after)
			continue;
		if (buf && e->chain_len > max) {
			err = -EMSGSIZE;
			continue;
		}
		if (buf) {
			memcpy(buf, e->chain, e->chain_len);
			*len = e->chain_len;
		}
		*holder = e->info.subject_hit;
		err = 0;
		break;
	}
	mutex_unlock(&cs->lock);
	return err;
}

int hip_cert_chain_any(struct hip_net *hn,
		       const struct in6_addr *delegated_hit, u8 *buf,
		       unsigned int max, unsigned int *len)
{
	struct hip_cert_store *cs = &hn->certs;
	u64 now = ktime_get_real_seconds();
	struct hip_cert_entry *e, *pick = NULL;
	int err = 0;

	mutex_lock(&cs->lock);
	list_for_each_entry(e, &cs->certs, list) {
		if (memcmp(&e->info.delegated_hit, delegated_hit,
			   sizeof(*delegated_hit)))
			continue;
		pick = e;
		if (now >= e->info.not_before && now <= e->info.not_after)
			break;
	}
	if (!pick)
		err = -ENOENT;
	else if (pick->chain_len > max)
		err = -EMSGSIZE;
	else
		memcpy(buf, pick->chain, pick->chain_len);
	if (!err)
		*len = pick->chain_len;
	mutex_unlock(&cs->lock);
	return err;
}

void hip_cert_count(struct hip_net *hn, int err)
{
	switch (-err) {
	case HIP_CERT_OK:
		HIP_INC(hn, CERT_VALID);
		break;
	case HIP_CERT_E_MALFORMED:
	case HIP_CERT_E_PROFILE:
	case HIP_CERT_E_CHAIN:
		HIP_INC(hn, CERT_MALFORMED);
		break;
	case HIP_CERT_E_UNSUPPORTED:
	case HIP_CERT_E_CRITICAL:
		HIP_INC(hn, CERT_UNSUPPORTED);
		break;
	case HIP_CERT_E_SIGNATURE:
		HIP_INC(hn, CERT_BAD_SIG);
		break;
	case HIP_CERT_E_EXPIRED:
	case HIP_CERT_E_NOT_YET_VALID:
		HIP_INC(hn, CERT_EXPIRED);
		break;
	case HIP_CERT_E_ISSUER:
		HIP_INC(hn, CERT_BAD_ISSUER);
		break;
	case HIP_CERT_E_HIT:
		HIP_INC(hn, CERT_BAD_HIT);
		break;
	case HIP_CERT_E_DEPTH:
		HIP_INC(hn, CERT_TOO_DEEP);
		break;
	case HIP_CERT_E_REVOKED:
		HIP_INC(hn, CERT_REVOKED);
		break;
	case HIP_CERT_E_HOST_ID:
		HIP_INC(hn, CERT_BAD_HOST_ID);
		break;
	default:
		HIP_INC(hn, DROP_NOMEM);
		break;
	}
}
