// SPDX-License-Identifier: GPL-2.0
/*
 * Registration (RFC 8003), both sides, generic over registration types;
 * RENDEZVOUS (RFC 8004) is the only type offered so far.
 *
 * Registrar: the service offer goes into every R1 as REG_INFO (4.2; the
 * R1s are rebuilt when it changes, HIP_SIGNATURE_2 covers it).  A
 * REG_REQUEST in an authenticated I2 or UPDATE (4.3) is granted, with
 * its lifetime clamped to the offer's minimum and maximum, or refused:
 * REG_FAILED type 1 for a type not offered, type 0 (requires additional
 * credentials) for a HIT not on the allow-list.
 * The answer goes in the R2 or the UPDATE that answers it (4.4, 4.5).
 *
 * Delegated HITs (3.3 certificate authorization; issue 11,
 * Documentation/hip/delegation.rst "At a rendezvous server"): a host B
 * holding a delegation of HIT_A registers HIT_A over an association whose
 * local HIT is HIT_A (it initiated under HIT_A: its I2 carries HOST_ID_B
 * and the chain).  At the registrar such a requester is a delegate: the
 * association's peer_key_hit (HIT of the key it authenticated with) is
 * not its peer_hit.  A REG_REQUEST from a delegate (lifetime > 0) is
 * granted only with the CERT group in the same packet (the I2's, or the
 * one the requester adds to every UPDATE that may carry a REG_REQUEST,
 * hip_reg_build_update_cert()), validated again now (time, cert-max-depth,
 * our revocation list) for peer_hit as the delegated HIT, its last subject
 * being peer_key_hit (the key that signs the packet; SAN = ORCHID of the
 * subject key is part of the validation).  No CERT: Failure Type 0
 * (cert_missing); a chain that fails: Failure Type 3..8 by
 * hip_cert_reg_failure() (3.3: 4 bad, 5 unsupported, 6 expired, 7 other,
 * 8 unknown CA; 4.5: 3 invalid) and its cert_* counter.  The allow-list,
 * if any, applies to the claimed HIT (peer_hit) and is checked first.  A
 * request refused for credentials ends the registration of that type it
 * renews (its authorization no longer holds; 4.3: only listed types are
 * touched).  An association taken over by another host (bex.c
 * hip_i2_replace()) loses its registrations: they were the old host's;
 * the new host's REG_REQUEST (in the same I2 or later) makes new ones,
 * so the rendezvous server relays to the new host.
 * Lifetime 0 cancels (4.1); the registrar answers it with lifetime 0.
 * A registration ends when its lifetime runs out (REG_EXPIRED) or its
 * association goes.
 *
 * Requester: "hipctl register" records what to ask for; the REG_REQUEST
 * goes in the I2 if the base exchange is still to come (only for types
 * the R1's REG_INFO offers, 4.3), else in an UPDATE.  A granted
 * registration is renewed at 3/4 of its lifetime.
 *
 * Lifetimes: 0 means zero seconds (cancel), v means 2^((v - 64) / 8)
 * seconds (4.1).
 *
 * Context: hip_reg_rx() and the builders run under bex_mutex; the
 * lookups for rvs.c run in softirq under RCU; see reg.h for the locks.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/jhash.h>
#include <crypto/hash.h>
#include <net/ipv6.h>

#include "cert.h"
#include "certstore.h"
#include "common.h"
#include "events.h"
#include "keys.h"
#include "proto.h"
#include "reg.h"

#define HIP_REG_TICK		(HZ / 4)
#define HIP_REG_RESEND		(3 * HZ)	/* unanswered REG_REQUEST */
#define HIP_REG_NFAIL		(HIP_REG_FAIL_CERT_UNKNOWN_CA + 1)
/* hip_reg_rx_request(): no refusal; the delegate's chain not checked yet */
#define HIP_REG_OK		0xff
#define HIP_REG_AUTH_UNKNOWN	0xfe

/**
 * struct hip_reg_ans - the answer a registrar owes a requester
 * @list: entry in &hip_reg_net.pend
 * @hit: the requester's HIT
 * @lifetime: REG_RESPONSE lifetime
 * @n_ok: entries in @ok
 * @ok: types granted
 * @n_fail: entries in @fail, by Failure Type 0..8
 * @fail: types refused, by Failure Type
 */
struct hip_reg_ans {
	struct list_head list;
	struct in6_addr hit;
	u8 lifetime;
	u8 n_ok;
	u8 ok[HIP_REG_TYPES_MAX];
	u8 n_fail[HIP_REG_NFAIL];
	u8 fail[HIP_REG_NFAIL][HIP_REG_TYPES_MAX];
};

/* 2^(i/8) * 10^6, i = 0..7 */
static const u32 hip_reg_frac[8] = {
	1000000, 1090508, 1189207, 1296840, 1414214, 1542211, 1681793, 1834008,
};

/* Lifetime @v (RFC 8003 4.1) in milliseconds */
u64 hip_reg_lt_ms(u8 v)
{
	int e = (int)v - 64, q = e >= 0 ? e / 8 : -((-e + 7) / 8);
	u64 us = hip_reg_frac[e - 8 * q];

	if (!v)
		return 0;
	us = q >= 0 ? us << q : us >> -q;
	return div_u64(us, 1000);
}

/* The encoding closest to @secs seconds (0 stays 0: cancel) */
u8 hip_reg_lt_encode(u32 secs)
{
	u64 want = (u64)secs * 1000, best_d = U64_MAX, d, ms;
	unsigned int v;
	u8 best = 1;

	if (!secs)
		return 0;
	for (v = 1; v <= 255; v++) {
		ms = hip_reg_lt_ms(v);
		d = ms > want ? ms - want : want - ms;
		if (d < best_d) {
			best_d = d;
			best = v;
		}
	}
	return best;
}

static unsigned long hip_reg_lt_jiffies(u8 v)
{
	return msecs_to_jiffies(min_t(u64, hip_reg_lt_ms(v), UINT_MAX));
}

static struct hlist_head *hip_reg_bucket(struct hip_reg_net *rn,
					 const struct in6_addr *hit)
{
	return &rn->granted[jhash(hit, sizeof(*hit), 0) &
			    ((1 << HIP_REG_HASH_BITS) - 1)];
}

static void hip_reg_free_work(struct work_struct *w)
{
	struct hip_reg *r = container_of(to_rcu_work(w), struct hip_reg, free);

	if (r->mac)
		crypto_free_shash(r->mac);	/* wipes the key */
	if (r->ha)
		hip_ha_put(r->ha);
	kfree(r);
}

/* Under @rn->lock: unhash @r and free it after readers are done */
static void hip_reg_unlink(struct hip_reg_net *rn, struct hip_reg *r)
{
	hlist_del_rcu(&r->node);
	if (r->registrar)
		rn->n_granted--;
	INIT_RCU_WORK(&r->free, hip_reg_free_work);
	queue_rcu_work(hip_wq, &r->free);
}

struct hip_reg *hip_reg_granted_rcu(struct hip_reg_net *rn,
				    const struct in6_addr *hit, u8 type)
{
	struct hip_reg *r;

	hlist_for_each_entry_rcu(r, hip_reg_bucket(rn, hit), node)
		if (r->type == type && ipv6_addr_equal(&r->hit, hit))
			return r;
	return NULL;
}

static struct hip_reg *hip_reg_held_rcu(struct hip_reg_net *rn,
					const struct in6_addr *hit, u8 type)
{
	struct hip_reg *r;

	hlist_for_each_entry_rcu(r, &rn->held, node)
		if (r->type == type && ipv6_addr_equal(&r->hit, hit))
			return r;
	return NULL;
}

bool hip_reg_live(const struct hip_reg *r)
{
	return READ_ONCE(r->state) == HIP_REG_STATE_GRANTED && r->ha &&
	       r->mac && !READ_ONCE(r->ha->dead) &&
	       time_before(jiffies, READ_ONCE(r->expires));
}

/* Tell the monitor group (events.c -> netlink.c) */
static void hip_reg_event(struct hip_net *hn, const struct hip_reg *r,
			  u8 state)
{
	struct hip_reg_event ev = {
		.hit = &r->hit, .type = r->type, .registrar = r->registrar,
		.state = state, .lifetime = r->lifetime, .failure = r->failure,
	};

	hip_event_reg(hn, &ev);
}

/* ---- the registration association's key (RVS_HMAC) ---- */

/* HMAC-SHA-256/384 keyed once; then only read, so usable in softirq and
 * on several CPUs at once
 */
static struct crypto_shash *hip_hmac_new(unsigned int hlen, const u8 *key,
					 unsigned int keylen)
{
	struct crypto_shash *tfm;
	int err;

	tfm = crypto_alloc_shash(hip_hmac_name(hlen), 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_shash_setkey(tfm, key, keylen);
	if (err) {
		crypto_free_shash(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

/* A keyed HMAC of @ha's HIT suite with the integrity key protecting what
 * the registrar sends (RFC 8004 4.2.1: "HIP-lg or HIP-gl"; we use the
 * registrar's direction for both directions of RVS_HMAC)
 */
static struct crypto_shash *hip_reg_mac_new(struct hip_ha *ha,
					    bool registrar, u8 *len)
{
	unsigned int rlen = hip_rhash_len(ha->keys.hit_suite);
	const u8 *key;

	if (!rlen)
		return ERR_PTR(-EINVAL);
	key = registrar ? hip_key(&ha->keys, true, &ha->local_hit, &ha->peer_hit) :
			  hip_key(&ha->keys, true, &ha->peer_hit, &ha->local_hit);
	*len = rlen;
	return hip_hmac_new(rlen, key, rlen);
}

static struct hip_reg *hip_reg_alloc(const struct in6_addr *hit, u8 type,
				     bool registrar, struct hip_ha *ha)
{
	struct hip_reg *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	r->hit = *hit;
	r->type = type;
	r->registrar = registrar;
	if (ha) {
		r->mac = hip_reg_mac_new(ha, registrar, &r->hmac_len);
		if (IS_ERR(r->mac)) {
			kfree(r);
			return NULL;
		}
		r->ha = hip_ha_get(ha);
	}
	return r;
}

static void hip_reg_kick(struct hip_reg_net *rn)
{
	mod_delayed_work(hip_wq, &rn->work, HIP_REG_TICK);
}

/* ---- registrar ---- */

static bool hip_reg_offered(const struct hip_reg_srv *srv, u8 type)
{
	return srv && hip_u8_in(type, srv->types, srv->n_types);
}

static bool hip_reg_allowed(const struct hip_reg_srv *srv,
			    const struct in6_addr *hit)
{
	unsigned int i;

	if (!srv->n_allow)
		return true;
	for (i = 0; i < srv->n_allow; i++)
		if (ipv6_addr_equal(&srv->allow[i], hit))
			return true;
	return false;
}

/* Under bex_mutex: the answer owed to @hit, made if there is none */
static struct hip_reg_ans *hip_reg_ans_get(struct hip_reg_net *rn,
					   const struct in6_addr *hit)
{
	struct hip_reg_ans *a;

	list_for_each_entry(a, &rn->pend, list)
		if (ipv6_addr_equal(&a->hit, hit))
			return a;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (a) {
		a->hit = *hit;
		list_add_tail(&a->list, &rn->pend);
	}
	return a;
}

static void hip_reg_ans_add(u8 *n, u8 *list, u8 type)
{
	if (*n < HIP_REG_TYPES_MAX && !hip_u8_in(type, list, *n))
		list[(*n)++] = type;
}

/* Grant (or renew, or with @lt 0 cancel) @ha's peer's registration */
static int hip_reg_grant(struct hip_net *hn, struct hip_ha *ha, u8 type,
			 u8 lt)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg *r, *old, *ev = NULL;

	r = lt ? hip_reg_alloc(&ha->peer_hit, type, true, ha) : NULL;
	if (lt && !r)
		return -ENOMEM;
	spin_lock_bh(&rn->lock);
	old = hip_reg_granted_rcu(rn, &ha->peer_hit, type);
	if (r && !old && rn->n_granted >= HIP_REG_MAX) {
		spin_unlock_bh(&rn->lock);
		hip_reg_free_work(&r->free.work);
		return -ENOSPC;
	}
	if (r) {
		r->state = HIP_REG_STATE_GRANTED;
		r->lifetime = lt;
		r->expires = jiffies + hip_reg_lt_jiffies(lt);
		if (old)
			hlist_replace_rcu(&old->node, &r->node);
		else
			hlist_add_head_rcu(&r->node, hip_reg_bucket(rn, &r->hit));
		if (old) {
			INIT_RCU_WORK(&old->free, hip_reg_free_work);
			queue_rcu_work(hip_wq, &old->free);
		} else {
			rn->n_granted++;
		}
		ev = r;
	} else if (old) {
		old->lifetime = 0;
		hip_reg_unlink(rn, old);
		ev = old;
	}
	if (ev)
		hip_reg_event(hn, ev, lt ? HIP_REG_STATE_GRANTED :
				      HIP_REG_STATE_CANCELLED);
	spin_unlock_bh(&rn->lock);
	if (r)
		hip_reg_kick(rn);
	return 0;
}

/* Is @ha's peer a delegate: authenticated with another key than its
 * HIT's (Documentation/hip/delegation.rst)
 */
static bool hip_reg_delegate(const struct hip_ha *ha)
{
	return !ipv6_addr_any(&ha->peer_key_hit) &&
	       !ipv6_addr_equal(&ha->peer_key_hit, &ha->peer_hit);
}

/* RFC 8003 3.3 for a delegate: the CERT group of @hp (the packet with the
 * REG_REQUEST) must delegate @ha's peer HIT to the key the peer signs
 * with.  HIP_REG_OK, or the Failure Type; counted (cert_*).  May sleep.
 */
static u8 hip_reg_deleg_auth(struct hip_net *hn, struct hip_ha *ha,
			     const struct hip_parsed *hp)
{
	struct in6_addr key_hit;
	u8 grp, id;
	int err;

	/* The HOST_ID is not in an UPDATE: the holder's key is checked by
	 * its HIT, the ORCHID of the key this association verifies
	 */
	err = hip_cert_check_packet(hn, hp, &ha->peer_hit, NULL, 0, 0, &grp,
				    &id, &key_hit, NULL);
	if (err == -ENOENT) {
		/* 3.3: "MUST reject ... with Failure Type 0" */
		HIP_INC(hn, CERT_MISSING);
		return HIP_REG_FAIL_CREDENTIALS;
	}
	if (!err && !ipv6_addr_equal(&key_hit, &ha->peer_key_hit))
		err = -HIP_CERT_E_HOST_ID;
	hip_cert_count(hn, err);
	return err ? hip_cert_reg_failure(err) : HIP_REG_OK;
}

/* One REG_REQUEST (@v, @len bytes) of @hp from @ha's peer (RFC 8003 3.3,
 * 4.3); *@auth: the delegate's authorization, computed once per packet
 */
static void hip_reg_rx_request(struct hip_net *hn, struct hip_ha *ha,
			       const struct hip_parsed *hp, const u8 *v,
			       unsigned int len, u8 *auth)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg_ans *a;
	struct hip_reg_srv *srv;
	u8 lt = v[0], fail;
	unsigned int i;

	a = hip_reg_ans_get(rn, &ha->peer_hit);
	if (!a) {
		HIP_INC(hn, DROP_NOMEM);
		return;
	}
	for (i = 1; i < len; i++) {
		rcu_read_lock();
		srv = rcu_dereference(rn->srv);
		if (!hip_reg_offered(srv, v[i]))
			fail = HIP_REG_FAIL_UNAVAILABLE;
		else if (!hip_reg_allowed(srv, &ha->peer_hit))
			fail = HIP_REG_FAIL_CREDENTIALS;
		else
			fail = HIP_REG_OK;
		/* 4.3: clamp to the offer (0 stays: cancel) */
		if (lt && srv)
			lt = clamp(lt, srv->min_lt, srv->max_lt);
		rcu_read_unlock();
		/* A delegate's credentials, once per packet (it sleeps); a
		 * cancellation needs none: the association is the delegated
		 * HIT's already
		 */
		if (fail == HIP_REG_OK && lt) {
			if (*auth == HIP_REG_AUTH_UNKNOWN)
				*auth = hip_reg_delegate(ha) ?
					hip_reg_deleg_auth(hn, ha, hp) :
					HIP_REG_OK;
			fail = *auth;
		}
		if (fail == HIP_REG_OK && hip_reg_grant(hn, ha, v[i], lt))
			fail = HIP_REG_FAIL_RESOURCES;
		if (fail != HIP_REG_OK) {
			HIP_INC(hn, REG_REFUSED);
			/* Not authorized (any more): a registration being
			 * renewed ends
			 */
			if (fail == HIP_REG_FAIL_CREDENTIALS ||
			    fail >= HIP_REG_FAIL_CERT_INVALID)
				hip_reg_grant(hn, ha, v[i], 0);
			if (fail < HIP_REG_NFAIL)
				hip_reg_ans_add(&a->n_fail[fail],
						a->fail[fail], v[i]);
			continue;
		}
		if (lt)
			HIP_INC(hn, REG_GRANTED);
		a->lifetime = lt;
		hip_reg_ans_add(&a->n_ok, a->ok, v[i]);
	}
}

/* Under bex_mutex: append the answer owed to @ha's peer, if any */
static int hip_reg_build_ans(struct hip_builder *b, struct hip_reg_net *rn,
			     struct hip_ha *ha)
{
	struct hip_reg_ans *a;
	unsigned int f;
	u8 *p;

	list_for_each_entry(a, &rn->pend, list) {
		if (!ipv6_addr_equal(&a->hit, &ha->peer_hit))
			continue;
		/* 4.4: at most one REG_RESPONSE */
		p = a->n_ok ? hip_build_param(b, HIP_P_REG_RESPONSE,
					      1 + a->n_ok) : NULL;
		if (p) {
			p[0] = a->lifetime;
			memcpy(p + 1, a->ok, a->n_ok);
		}
		for (f = 0; f < ARRAY_SIZE(a->n_fail); f++) {
			if (!a->n_fail[f])
				continue;
			p = hip_build_param(b, HIP_P_REG_FAILED,
					    1 + a->n_fail[f]);
			if (p) {
				p[0] = f;
				memcpy(p + 1, a->fail[f], a->n_fail[f]);
			}
		}
		list_del(&a->list);
		kfree(a);
		return b->err;
	}
	return 0;
}

int hip_reg_build_r1(struct hip_builder *b, struct hip_net *hn)
{
	struct hip_reg_srv *srv;
	u8 *p;

	rcu_read_lock();
	srv = rcu_dereference(hn->reg->srv);
	p = srv ? hip_build_param(b, HIP_P_REG_INFO, 2 + srv->n_types) : NULL;
	if (p) {
		p[0] = srv->min_lt;
		p[1] = srv->max_lt;
		memcpy(p + 2, srv->types, srv->n_types);
	}
	rcu_read_unlock();
	return b->err;
}

/* ---- requester ---- */

/* Append one REG_REQUEST for the held registrations at @ha's peer that
 * are due and (@offer, @olen: the REG_INFO types, NULL = any) offered.
 * 4.3: at most one REG_REQUEST per packet, so one lifetime: the first
 * due registration's; the others wait for the next packet.
 */
static int hip_reg_build_req(struct hip_builder *b, struct hip_reg_net *rn,
			     struct hip_ha *ha, const u8 *offer,
			     unsigned int olen)
{
	u8 types[HIP_REG_TYPES_MAX], lt = 0;
	struct hip_reg *r;
	unsigned int n = 0;
	u8 *p;

	spin_lock_bh(&rn->lock);
	hlist_for_each_entry(r, &rn->held, node) {
		if (!ipv6_addr_equal(&r->hit, &ha->peer_hit) ||
		    r->state == HIP_REG_STATE_FAILED ||
		    time_before(jiffies, r->due) ||
		    (offer && !hip_u8_in(r->type, offer, olen)) ||
		    (n && r->want != lt) || n == ARRAY_SIZE(types))
			continue;
		lt = r->want;
		types[n++] = r->type;
		if (r->state != HIP_REG_STATE_GRANTED)
			r->state = HIP_REG_STATE_SENT;
		r->due = jiffies + HIP_REG_RESEND;
	}
	spin_unlock_bh(&rn->lock);
	if (!n)
		return 0;
	p = hip_build_param(b, HIP_P_REG_REQUEST, 1 + n);
	if (p) {
		p[0] = lt;
		memcpy(p + 1, types, n);
	}
	return b->err;
}

int hip_reg_build_i2(struct hip_builder *b, struct hip_ha *ha,
		     const struct hip_parsed *r1)
{
	const u8 *ri = hip_pval(r1, HIP_PI_REG_INFO);

	/* 4.3: only types the R1's REG_INFO offers */
	if (!ri)
		return 0;
	return hip_reg_build_req(b, ha->hn->reg, ha, ri + 2,
				 hip_plen(r1, HIP_PI_REG_INFO) - 2);
}

int hip_reg_build_r2(struct hip_builder *b, struct hip_ha *ha)
{
	return hip_reg_build_ans(b, ha->hn->reg, ha);
}

int hip_reg_build_update(struct hip_builder *b, struct hip_ha *ha)
{
	struct hip_reg_net *rn = ha->hn->reg;
	int err;

	lockdep_assert_held(&ha->hn->ha.bex_mutex);
	err = hip_reg_build_req(b, rn, ha, NULL, 0);
	return err ?: hip_reg_build_ans(b, rn, ha);
}

/* Do we hold or ask for a registration at @hit */
static bool hip_reg_held_any(struct hip_reg_net *rn, const struct in6_addr *hit)
{
	struct hip_reg *r;
	bool any = false;

	rcu_read_lock();
	hlist_for_each_entry_rcu(r, &rn->held, node)
		if (ipv6_addr_equal(&r->hit, hit)) {
			any = true;
			break;
		}
	rcu_read_unlock();
	return any;
}

/* RFC 8003 3.3: "the host SHOULD include [its certificates] in a CERT
 * parameter ... along with the REG_REQUEST".  In every UPDATE that may
 * carry one (whether a request is due is decided later, by
 * hip_reg_build_req(), so the chain cannot miss it), when our local HIT
 * is delegated to our HI.  A chain out of its validity period goes too:
 * the registrar answers REG_FAILED 6.  None held: no CERT, the registrar
 * answers REG_FAILED 0.
 */
int hip_reg_build_update_cert(struct hip_builder *b, struct hip_ha *ha)
{
	struct hip_net *hn = ha->hn;
	unsigned int len;
	u8 *chain;
	int err;

	lockdep_assert_held(&hn->ha.bex_mutex);
	if (b->err || !ha->hi || ipv6_addr_equal(&ha->local_hit, &ha->hi->hit) ||
	    !hip_reg_held_any(hn->reg, &ha->peer_hit))
		return b->err;
	chain = kmalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!chain)
		return -ENOMEM;	/* the UPDATE goes without it */
	err = hip_cert_chain_any(hn, &ha->local_hit, chain, HIP_MAX_PACKET,
				 &len);
	if (!err)
		err = hip_build_cert_group(b, chain, len);
	kfree(chain);
	return err == -ENOENT ? 0 : err;
}

/* A REG_RESPONSE (@failed: a REG_FAILED) from the registrar @ha's peer */
static void hip_reg_rx_answer(struct hip_net *hn, struct hip_ha *ha,
			      const u8 *v, unsigned int len, bool failed)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg *r, *n;
	unsigned int i;

	for (i = 1; i < len; i++) {
		n = failed || !v[0] ? NULL :
		    hip_reg_alloc(&ha->peer_hit, v[i], false, ha);
		spin_lock_bh(&rn->lock);
		r = hip_reg_held_rcu(rn, &ha->peer_hit, v[i]);
		if (!r) {	/* not asked for (or cancelled meanwhile) */
			spin_unlock_bh(&rn->lock);
			if (n)
				hip_reg_free_work(&n->free.work);
			continue;
		}
		if (failed) {
			r->state = HIP_REG_STATE_FAILED;
			r->failure = v[0];
			hip_reg_event(hn, r, HIP_REG_STATE_FAILED);
		} else if (!v[0] || !r->want) {
			/* 4.1: lifetime 0, the cancellation granted */
			hip_reg_event(hn, r, HIP_REG_STATE_CANCELLED);
			hip_reg_unlink(rn, r);
		} else if (n) {
			n->want = r->want;
			n->state = HIP_REG_STATE_GRANTED;
			n->lifetime = v[0];
			n->expires = jiffies + hip_reg_lt_jiffies(v[0]);
			/* Renew at 3/4 of the lifetime granted (4.4: any) */
			n->due = jiffies + hip_reg_lt_jiffies(v[0]) * 3 / 4;
			hlist_replace_rcu(&r->node, &n->node);
			INIT_RCU_WORK(&r->free, hip_reg_free_work);
			queue_rcu_work(hip_wq, &r->free);
			hip_reg_event(hn, n, HIP_REG_STATE_GRANTED);
			n = NULL;
		}
		spin_unlock_bh(&rn->lock);
		if (n)
			hip_reg_free_work(&n->free.work);
	}
	hip_reg_kick(rn);
}

void hip_reg_rx(struct hip_net *hn, struct hip_ha *ha,
		const struct hip_parsed *hp)
{
	static const enum hip_pidx idx[] = {
		HIP_PI_REG_REQUEST, HIP_PI_REG_RESPONSE, HIP_PI_REG_FAILED,
	};
	u8 auth = HIP_REG_AUTH_UNKNOWN;
	struct hip_param p;
	unsigned int i;
	const u8 *v;

	lockdep_assert_held(&hn->ha.bex_mutex);
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		p = hp->p[idx[i]];
		if (!p.off)
			continue;
		do {
			v = hip_param_data(hp, &p);
			if (idx[i] == HIP_PI_REG_REQUEST)
				hip_reg_rx_request(hn, ha, hp, v, p.len,
						   &auth);
			else
				hip_reg_rx_answer(hn, ha, v, p.len,
						  idx[i] == HIP_PI_REG_FAILED);
		} while (hip_param_next(hp, &p));
	}
}

void hip_reg_ha_replaced(struct hip_net *hn, struct hip_ha *ha)
{
	struct hip_reg_net *rn = hn->reg;
	struct hlist_node *tmp;
	struct hip_reg *r;

	spin_lock_bh(&rn->lock);
	hlist_for_each_entry_safe(r, tmp, hip_reg_bucket(rn, &ha->peer_hit),
				  node) {
		if (r->ha != ha || !r->registrar)
			continue;
		r->lifetime = 0;
		hip_reg_event(hn, r, HIP_REG_STATE_CANCELLED);
		hip_reg_unlink(rn, r);
	}
	spin_unlock_bh(&rn->lock);
}

/* The association with the registrar @hit (a reference); with @create,
 * made if there is none and @hit is a configured peer
 */
static struct hip_ha *hip_reg_ha(struct hip_net *hn,
				 const struct in6_addr *hit, bool create)
{
	struct hip_peer *peer;
	struct hip_hi *hi;
	struct hip_ha *ha;
	__be32 lsi = 0;
	bool known;

	ha = hip_ha_lookup(hn, hit);
	if (ha || !create)
		return ha;
	rcu_read_lock();
	peer = hip_peer_lookup_rcu(hn, hit);
	known = peer;
	if (peer)
		lsi = peer->lsi;
	rcu_read_unlock();
	if (!known)
		return NULL;
	hi = hip_hi_get_default(hn);
	if (!hi)
		return NULL;
	ha = hip_ha_find_or_create(hn, &hi->hit, hit, hi->lsi, lsi, GFP_KERNEL);
	hip_hi_put(hi);
	return ha;
}

/* Start (or renew, or with @secs 0 cancel) our registration for @type at
 * the registrar @hit, a configured peer: in an UPDATE if the association
 * is up, else in the I2 of a new base exchange.
 */
int hip_reg_request(struct hip_net *hn, const struct in6_addr *hit, u8 type,
		    u32 secs, bool cancel)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg *r, *n;
	struct hip_ha *ha;
	u8 state;

	n = cancel ? NULL : hip_reg_alloc(hit, type, false, NULL);
	if (!cancel && !n)
		return -ENOMEM;
	spin_lock_bh(&rn->lock);
	r = hip_reg_held_rcu(rn, hit, type);
	if (cancel) {
		if (r) {
			r->want = 0;
			r->due = jiffies;
		}
	} else if (r) {
		r->want = secs ? hip_reg_lt_encode(secs) : 255;
		r->due = jiffies;
		if (r->state == HIP_REG_STATE_FAILED)
			r->state = HIP_REG_STATE_WANTED;
	} else {
		n->want = secs ? hip_reg_lt_encode(secs) : 255;
		n->state = HIP_REG_STATE_WANTED;
		n->due = jiffies;
		hlist_add_head_rcu(&n->node, &rn->held);
		n = NULL;
	}
	spin_unlock_bh(&rn->lock);
	kfree(n);
	if (cancel && !r)
		return -ENOENT;

	ha = hip_reg_ha(hn, hit, !cancel);
	if (!ha)
		return cancel ? 0 : -EHOSTUNREACH;
	state = hip_ha_state(ha);
	if (state == HIP_STATE_ESTABLISHED || state == HIP_STATE_R2_SENT)
		hip_update_request(ha, HIP_UPD_REG);
	else if (!cancel)
		hip_timers_want_bex(ha);
	hip_ha_put(ha);
	hip_reg_kick(rn);
	return 0;
}

/* ---- expiry and renewal ---- */

static void hip_reg_expire(struct hip_net *hn, struct hip_reg *r)
{
	hip_reg_event(hn, r, HIP_REG_STATE_EXPIRED);
	if (r->registrar)
		HIP_INC(hn, REG_EXPIRED);
	hip_reg_unlink(hn->reg, r);
}

/* Under @rn->lock: the held registrations due for a REG_REQUEST: their
 * associations, with a reference, into @has (at most @max)
 */
static unsigned int hip_reg_due(struct hip_net *hn, struct hip_ha **has,
				unsigned int max)
{
	struct hip_reg_net *rn = hn->reg;
	struct hlist_node *tmp;
	struct hip_reg *r;
	unsigned int n = 0;

	struct hip_ha *ha;
	u8 st;

	hlist_for_each_entry_safe(r, tmp, &rn->held, node) {
		if (r->state == HIP_REG_STATE_GRANTED &&
		    time_after_eq(jiffies, r->expires)) {
			hip_reg_expire(hn, r);
			continue;
		}
		if (r->state == HIP_REG_STATE_FAILED ||
		    time_before(jiffies, r->due) || n == max)
			continue;
		/* Not yet granted: the association the I2 made, if any */
		ha = r->ha ? hip_ha_get(r->ha) : hip_ha_lookup(hn, &r->hit);
		if (!ha)
			continue;
		st = hip_ha_state(ha);
		if (st == HIP_STATE_ESTABLISHED || st == HIP_STATE_R2_SENT)
			has[n++] = ha;
		else
			hip_ha_put(ha);
	}
	return n;
}

static void hip_reg_work(struct work_struct *w)
{
	struct hip_reg_net *rn = container_of(to_delayed_work(w),
					      struct hip_reg_net, work);
	struct hip_net *hn = rn->hn;
	struct hip_ha *has[16];
	struct hlist_node *tmp;
	struct hip_reg *r;
	unsigned int i, n;
	bool more;

	spin_lock_bh(&rn->lock);
	for (i = 0; i < ARRAY_SIZE(rn->granted); i++)
		hlist_for_each_entry_safe(r, tmp, &rn->granted[i], node)
			if (!hip_reg_live(r))
				hip_reg_expire(hn, r);
	n = hip_reg_due(hn, has, ARRAY_SIZE(has));
	more = rn->n_granted || !hlist_empty(&rn->held);
	spin_unlock_bh(&rn->lock);
	for (i = 0; i < n; i++) {
		hip_update_request(has[i], HIP_UPD_REG);
		hip_ha_put(has[i]);
	}
	if (more && !READ_ONCE(hn->dying))
		queue_delayed_work(hip_wq, &rn->work, HIP_REG_TICK);
}

/* ---- benchmark (bench.c) ---- */

/* A RENDEZVOUS registration of the synthetic association @ha's peer, with
 * a random HMAC-SHA-256 key and the longest lifetime: -EEXIST if there is
 * one, -ENOSPC at HIP_REG_MAX.  Process context.
 */
int hip_reg_bench_add(struct hip_net *hn, struct hip_ha *ha)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg *r;
	u8 key[32];
	int err = 0;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	get_random_bytes(key, sizeof(key));
	r->mac = hip_hmac_new(sizeof(key), key, sizeof(key));
	memzero_explicit(key, sizeof(key));
	if (IS_ERR(r->mac)) {
		err = PTR_ERR(r->mac);
		kfree(r);
		return err;
	}
	r->hmac_len = sizeof(key);
	r->ha = hip_ha_get(ha);
	r->hit = ha->peer_hit;
	r->type = HIP_REG_RVS;
	r->registrar = true;
	r->state = HIP_REG_STATE_GRANTED;
	r->lifetime = 255;
	r->expires = jiffies + hip_reg_lt_jiffies(255);
	spin_lock_bh(&rn->lock);
	if (hip_reg_granted_rcu(rn, &r->hit, r->type))
		err = -EEXIST;
	else if (rn->n_granted >= HIP_REG_MAX)
		err = -ENOSPC;
	if (!err) {
		hlist_add_head_rcu(&r->node, hip_reg_bucket(rn, &r->hit));
		rn->n_granted++;
	}
	spin_unlock_bh(&rn->lock);
	if (err)
		hip_reg_free_work(&r->free.work);
	else
		hip_reg_kick(rn);
	return err;
}

/* ---- configuration ---- */

int hip_reg_srv_set(struct hip_net *hn, u8 type, bool enable, u32 min_s,
		    u32 max_s, const struct in6_addr *allow,
		    unsigned int n_allow)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg_srv *old, *srv;

	if (n_allow > HIP_REG_ALLOW_MAX || (max_s && min_s > max_s))
		return -EINVAL;
	srv = kzalloc(struct_size(srv, allow, n_allow), GFP_KERNEL);
	if (!srv)
		return -ENOMEM;
	spin_lock_bh(&rn->lock);
	old = rcu_dereference_protected(rn->srv, lockdep_is_held(&rn->lock));
	if (old) {
		memcpy(srv->types, old->types, old->n_types);
		srv->n_types = old->n_types;
	}
	srv->n_types = hip_reg_types_set(srv->types, srv->n_types, type,
					 enable);
	/* RFC 8003 5: at least 10 s minimum; defaults 10 s .. 1 hour */
	srv->min_lt = hip_reg_lt_encode(min_s ?: 10);
	srv->max_lt = hip_reg_lt_encode(max_s ?: 3600);
	srv->n_allow = n_allow;
	memcpy(srv->allow, allow, n_allow * sizeof(*allow));
	if (!srv->n_types) {
		kfree(srv);
		srv = NULL;
	}
	rcu_assign_pointer(rn->srv, srv);
	spin_unlock_bh(&rn->lock);
	if (old)
		kfree_rcu(old, rcu);
	/* REG_INFO is in the R1s (RFC 8003 4.2): sign new ones */
	hip_r1_rebuild_sync(hn);
	return 0;
}

/* @types (@n) with @type added or removed; returns the new count */
unsigned int hip_reg_types_set(u8 *types, unsigned int n, u8 type,
			       bool enable)
{
	unsigned int i, j;

	if (enable) {
		if (!hip_u8_in(type, types, n) && n < HIP_REG_TYPES_MAX)
			types[n++] = type;
		return n;
	}
	for (i = 0, j = 0; i < n; i++)
		if (types[i] != type)
			types[j++] = types[i];
	return j;
}

int hip_reg_net_init(struct hip_net *hn)
{
	struct hip_reg_net *rn = kvzalloc(sizeof(*rn), GFP_KERNEL);

	if (!rn)
		return -ENOMEM;
	spin_lock_init(&rn->lock);
	INIT_LIST_HEAD(&rn->pend);
	INIT_DELAYED_WORK(&rn->work, hip_reg_work);
	rn->hn = hn;
	hn->reg = rn;
	return 0;
}

void hip_reg_net_exit(struct hip_net *hn)
{
	struct hip_reg_net *rn = hn->reg;
	struct hip_reg_ans *a, *at;
	struct hlist_node *tmp;
	struct hip_reg *r;
	unsigned int i;

	if (!rn)
		return;
	cancel_delayed_work_sync(&rn->work);
	spin_lock_bh(&rn->lock);
	for (i = 0; i < ARRAY_SIZE(rn->granted); i++)
		hlist_for_each_entry_safe(r, tmp, &rn->granted[i], node)
			hip_reg_unlink(rn, r);
	hlist_for_each_entry_safe(r, tmp, &rn->held, node)
		hip_reg_unlink(rn, r);
	spin_unlock_bh(&rn->lock);
	list_for_each_entry_safe(a, at, &rn->pend, list)
		kfree(a);
	kfree(rcu_dereference_protected(rn->srv, true));
	/* The entries' rcu_works run on hip_wq: the caller flushes it */
}

void hip_reg_net_free(struct hip_net *hn)
{
	kvfree(hn->reg);
	hn->reg = NULL;
}
