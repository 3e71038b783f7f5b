// SPDX-License-Identifier: GPL-2.0
/*
 * Authentication of HIP packets: HIP_MAC and HIP_MAC_2 (RFC 7401 sections
 * 5.2.12, 5.2.13, 6.4.1), HIP_SIGNATURE and HIP_SIGNATURE_2 (sections
 * 5.2.14, 5.2.15, 6.4.2), and the HOST_ID parameter (section 5.2.9) with
 * the check that it matches the sender's HIT.
 *
 * Conventions used for the MAC and signature computations: the covered
 * bytes are the packet from the start of the HIP header up to, not
 * including, the HIP_MAC / HIP_MAC_2 / HIP_SIGNATURE / HIP_SIGNATURE_2
 * parameter, with the header's Length field set to exactly those bytes and
 * the checksum zero.  HIP_MAC_2 additionally covers the sender's HOST_ID
 * parameter appended at that point, and HIP_SIGNATURE_2 is computed with
 * the Receiver's HIT and the PUZZLE's Opaque and Random #I zeroed (RFC
 * 7401 sections 5.2.4, 5.2.15, 6.4.2), so that R1s can be signed in
 * advance and get their puzzle per I1.
 */

#include <linux/kernel.h>
#include <linux/slab.h>
#include <crypto/algapi.h>
#include <net/ipv6.h>

#include "cert.h"
#include "certstore.h"
#include "hit.h"
#include "proto.h"

/* The HOST_ID contents for @hi (RFC 7401 5.2.9), no domain identifier */
static void hip_host_id_fill(struct hip_host_id *h, const struct hip_hi *hi)
{
	h->hi_len = htons(hi->pubkey_len);
	h->di_type_len = 0;
	h->algorithm = htons(hi->algo);
	memcpy(h->hi, hi->pubkey, hi->pubkey_len);
}

int hip_build_host_id(struct hip_builder *b, const struct hip_hi *hi)
{
	struct hip_host_id *h;

	h = hip_build_param(b, HIP_P_HOST_ID, sizeof(*h) + hi->pubkey_len);
	if (!h)
		return b->err ?: -EMSGSIZE;
	hip_host_id_fill(h, hi);
	return 0;
}

u8 *hip_host_id_tlv(const struct hip_hi *hi, unsigned int *len)
{
	unsigned int hl = HIP_PARAM_TOTAL(sizeof(struct hip_host_id) +
					  hi->pubkey_len);
	struct hip_host_id *h;
	struct hip_tlv *t;
	u8 *buf;

	buf = kzalloc(hl, GFP_KERNEL);
	if (!buf)
		return NULL;
	t = (struct hip_tlv *)buf;
	t->type = htons(HIP_P_HOST_ID);
	t->len = htons(sizeof(*h) + hi->pubkey_len);
	h = (struct hip_host_id *)(t + 1);
	hip_host_id_fill(h, hi);
	*len = hl;
	return buf;
}

void hip_count_err(struct hip_net *hn, int err, enum hip_stat what)
{
	hip_stat_inc(hn, err == -ENOMEM ? HIP_STAT_DROP_NOMEM : what);
}

/* HIP_SIGNATURE_2 (RFC 7401 6.4.2): zero the Receiver's HIT and the
 * PUZZLE's Opaque and Random #I of the packet @pkt (@len bytes, whose
 * parameters have been laid out or validated already).
 */
static void hip_sig2_clear(u8 *pkt, unsigned int len)
{
	unsigned int off = HIP_HDR_LEN, plen;
	struct hip_puzzle *pz;
	struct hip_tlv *t;

	memset(&((struct hip_hdr *)pkt)->receiver_hit, 0,
	       sizeof(struct in6_addr));
	while (off + sizeof(*t) <= len) {
		t = (struct hip_tlv *)(pkt + off);
		plen = ntohs(t->len);
		if (off + HIP_PARAM_TOTAL(plen) > len)
			return;
		if (ntohs(t->type) == HIP_P_PUZZLE && plen >= sizeof(*pz)) {
			pz = (struct hip_puzzle *)(t + 1);
			pz->opaque = 0;
			memset(pz->i, 0, plen - sizeof(*pz));
		}
		off += HIP_PARAM_TOTAL(plen);
	}
}

/* The chain @chain (@len bytes, concatenated DER, root first) as one CERT
 * group (RFC 8002 sections 2, 3: group 1, IDs 1..n in chain order,
 * X.509 v3 DER)
 */
int hip_build_cert_group(struct hip_builder *b, const u8 *chain,
			 unsigned int len)
{
	struct hip_cert_param *c;
	struct hip_cert *certs;
	unsigned int n, i;
	int err;

	certs = kcalloc(HIP_CERT_CHAIN_MAX, sizeof(*certs), GFP_KERNEL);
	if (!certs)
		return -ENOMEM;
	err = hip_cert_chain_parse(chain, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err) {
		err = -EINVAL;
		goto out;
	}
	for (i = 0; i < n; i++) {
		c = hip_build_param(b, HIP_P_CERT,
				    sizeof(*c) + certs[i].der_len);
		if (!c) {
			err = b->err ?: -EMSGSIZE;
			goto out;
		}
		c->group = 1;
		c->count = n;
		c->id = i + 1;
		c->type = HIP_CERT_TYPE_X509V3;
		memcpy(c->cert, certs[i].der, certs[i].der_len);
	}
out:
	kfree(certs);
	return err;
}

/* Append a signature parameter of @type over the packet built so far.
 * @sig2: HIP_SIGNATURE_2 convention; the builder's PUZZLE must then have
 * Opaque and #I zero already (they are written later, per I1).  @hn:
 * count the time (or NULL).
 */
int hip_build_sign(struct hip_net *hn, struct hip_builder *b,
		   const struct hip_hi *hi, u16 type, bool sig2)
{
	struct hip_hdr *hdr = (struct hip_hdr *)b->buf;
	struct in6_addr rhit = hdr->receiver_hit;
	unsigned int siglen = hip_sig_len(hi->key);
	struct hip_sig *s;
	u8 *sig;
	int len, err;
	u64 t0;

	len = hip_build_finish(b);
	if (len < 0)
		return len;
	sig = kmalloc(HIP_SIG_MAX, GFP_KERNEL);
	if (!sig)
		return -ENOMEM;
	hdr->csum = 0;
	if (sig2)
		hip_sig2_clear(b->buf, len);
	t0 = ktime_get_ns();
	err = hip_sig_sign(hi->key, b->buf, len, sig, &siglen);
	HIP_TIMED(hn, SIGN, t0);
	hdr->receiver_hit = rhit;
	if (err)
		goto out;
	s = hip_build_param(b, type, sizeof(*s) + siglen);
	if (!s) {
		err = b->err ?: -EMSGSIZE;
		goto out;
	}
	s->algorithm = htons(hi->algo);
	memcpy(s->signature, sig, siglen);
	err = 0;
out:
	kfree(sig);
	return err;
}

/* Append HIP_MAC (or, with @extra, HIP_MAC_2 over packet + @extra) */
int hip_build_mac(struct hip_builder *b, u8 suite, const u8 *key,
		  u16 type, const u8 *extra, unsigned int extra_len)
{
	struct hip_hdr *hdr = (struct hip_hdr *)b->buf;
	unsigned int rlen = hip_rhash_len(suite);
	u8 mac[HIP_RHASH_MAX];
	int len, err;
	u8 *tmp;
	void *p;

	len = hip_build_finish(b);
	if (len < 0)
		return len;
	hdr->csum = 0;
	if (extra_len) {
		tmp = kmalloc(len + extra_len, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		memcpy(tmp, b->buf, len);
		memcpy(tmp + len, extra, extra_len);
		((struct hip_hdr *)tmp)->len = (len + extra_len) / 8 - 1;
		err = hip_hmac(suite, key, rlen, tmp, len + extra_len, mac);
		kfree(tmp);
	} else {
		err = hip_hmac(suite, key, rlen, b->buf, len, mac);
	}
	if (err)
		return err;
	p = hip_build_param(b, type, rlen);
	if (!p)
		return b->err ?: -EMSGSIZE;
	memcpy(p, mac, rlen);
	memzero_explicit(mac, sizeof(mac));
	return 0;
}

/* Copy of the received packet up to parameter @idx, with the Length
 * field covering it (plus @extra_len bytes appended by the caller) and
 * the checksum zero.
 */
static u8 *hip_covered_copy(const struct hip_parsed *hp, enum hip_pidx idx,
			    const u8 *extra, unsigned int extra_len,
			    unsigned int *len)
{
	unsigned int off = hp->p[idx].off;
	struct hip_hdr *h;
	u8 *buf;

	buf = kmalloc(off + extra_len, GFP_KERNEL);
	if (!buf)
		return NULL;
	memcpy(buf, hp->hdr, off);
	if (extra_len)
		memcpy(buf + off, extra, extra_len);
	h = (struct hip_hdr *)buf;
	h->len = (off + extra_len) / 8 - 1;
	h->csum = 0;
	*len = off + extra_len;
	return buf;
}

int hip_check_mac(const struct hip_parsed *hp, enum hip_pidx idx,
		  u8 suite, const u8 *key, const u8 *extra,
		  unsigned int extra_len)
{
	unsigned int rlen = hip_rhash_len(suite), len;
	u8 mac[HIP_RHASH_MAX];
	u8 *buf;
	int err;

	if (!hp->p[idx].off || hip_plen(hp, idx) != rlen)
		return -EBADMSG;
	buf = hip_covered_copy(hp, idx, extra, extra_len, &len);
	if (!buf)
		return -ENOMEM;
	err = hip_hmac(suite, key, rlen, buf, len, mac);
	kfree(buf);
	if (err)
		return err;
	err = crypto_memneq(mac, hip_pval(hp, idx), rlen) ? -EBADMSG : 0;
	memzero_explicit(mac, sizeof(mac));
	return err;
}

int hip_check_sig(struct hip_net *hn, const struct hip_parsed *hp,
		  enum hip_pidx idx, const struct hip_pubkey *pk,
		  bool sig2)
{
	const struct hip_sig *s = hip_pval(hp, idx);
	unsigned int len;
	u8 *buf;
	int err;
	u64 t0;

	if (!s || hip_plen(hp, idx) <= sizeof(*s))
		return -EBADMSG;
	if (ntohs(s->algorithm) != hip_pubkey_algo(pk))
		return -EBADMSG;
	buf = hip_covered_copy(hp, idx, NULL, 0, &len);
	if (!buf)
		return -ENOMEM;
	if (sig2)
		hip_sig2_clear(buf, len);
	t0 = ktime_get_ns();
	err = hip_sig_verify(pk, buf, len, s->signature,
			     hip_plen(hp, idx) - sizeof(*s));
	HIP_TIMED(hn, VERIFY, t0);
	kfree(buf);
	return err;
}

/* Check a HOST_ID parameter (contents @h, @len bytes) against @hit and
 * parse its key.  Returns the key or an ERR_PTR (-EBADMSG malformed,
 * -EKEYREJECTED: does not match the HIT, -EOPNOTSUPP).
 */
struct hip_pubkey *hip_host_id_check(const struct hip_host_id *h,
				     unsigned int len,
				     const struct in6_addr *hit)
{
	unsigned int hi_len;
	struct in6_addr derived;
	u16 algo;
	u8 suite;

	if (len < sizeof(*h))
		return ERR_PTR(-EBADMSG);
	hi_len = ntohs(h->hi_len);
	if (sizeof(*h) + hi_len + (ntohs(h->di_type_len) & 0x0fff) > len)
		return ERR_PTR(-EBADMSG);
	algo = ntohs(h->algorithm);
	suite = hip_algo_suite(algo);
	if (!suite || suite != hip_hit_suite(hit))
		return ERR_PTR(-EKEYREJECTED);
	if (hip_hit_derive(suite, h->hi, hi_len, &derived) ||
	    !ipv6_addr_equal(&derived, hit))
		return ERR_PTR(-EKEYREJECTED);
	return hip_pubkey_parse(algo, h->hi, hi_len);
}

int hip_cert_check_packet(struct hip_net *hn, const struct hip_parsed *hp,
			  const struct in6_addr *hit, const u8 *host_id,
			  unsigned int hi_len, u16 algo, u8 *grp, u8 *id,
			  struct in6_addr *key_hit, u64 *not_after)
{
	struct hip_cert_ref refs[HIP_CERT_CHAIN_MAX];
	struct hip_cert_policy pol;
	struct hip_cert_result res;
	struct hip_cert *certs;
	unsigned int n, i;
	int err;

	*grp = 0;
	*id = 0;
	err = hip_cert_group(hp, HIP_CERT_GROUP_ANY, refs, ARRAY_SIZE(refs),
			     &n, grp);
	if (err == -ENOENT)
		return err;
	if (err == -EOPNOTSUPP)
		return -HIP_CERT_E_UNSUPPORTED;
	if (err)	/* misordered, too long, or spanning packets */
		return -HIP_CERT_E_CHAIN;
	certs = kcalloc(n, sizeof(*certs), GFP_KERNEL);
	if (!certs)
		return -HIP_CERT_E_NOMEM;
	for (i = 0; i < n; i++) {
		err = hip_cert_parse(refs[i].der, refs[i].len, &certs[i]);
		if (err) {
			*id = i + 1;
			goto out;
		}
	}
	hip_cert_policy_init(hn, &pol);
	pol.hit = hit;
	pol.host_id = host_id;
	pol.host_id_len = hi_len;
	pol.host_algo = algo;
	err = hip_cert_chain_validate(certs, n, &pol, &res);
	if (err) {
		*id = res.failed + 1;
		goto out;
	}
	*key_hit = res.subject_hit;	/* ORCHID of the holder's key */
	if (not_after)
		*not_after = res.not_after;
out:
	kfree(certs);
	return err;
}

struct hip_pubkey *hip_peer_key(struct hip_net *hn,
				const struct hip_parsed *hp,
				const struct hip_rx_cb *cb,
				const struct hip_hi *hi,
				const struct hip_host_id *h, unsigned int len,
				struct in6_addr *key_hit, u64 *not_after)
{
	const struct in6_addr *hit = &hp->hdr->sender_hit;
	struct hip_pubkey *pk;
	unsigned int hi_len;
	u8 data[2];
	int err;

	*key_hit = *hit;
	*not_after = 0;
	pk = hip_host_id_check(h, len, hit);
	if (!IS_ERR(pk) || PTR_ERR(pk) != -EKEYREJECTED)
		goto out;
	/* Not the HOST_ID of the HIT: only with a delegation chain of it */
	hi_len = ntohs(h->hi_len);
	err = hip_cert_check_packet(hn, hp, hit, h->hi, hi_len,
				    ntohs(h->algorithm), &data[0], &data[1],
				    key_hit, not_after);
	if (err == -ENOENT) {
		/* RFC 8002 section 5: CREDENTIALS_REQUIRED */
		HIP_INC(hn, CERT_MISSING);
		hip_send_notify(hn, hi, hit, cb, HIP_NTF_CREDENTIALS_REQUIRED,
				NULL, 0);
		goto out;
	}
	hip_cert_count(hn, err);
	if (err) {
		/* RFC 8002 section 5: INVALID_CERTIFICATE, with the CERT
		 * group and CERT ID of the certificate that failed
		 */
		hip_send_notify(hn, hi, hit, cb, HIP_NTF_INVALID_CERTIFICATE,
				data, data[1] ? 2 : 1);
		goto out;
	}
	pk = hip_algo_suite(ntohs(h->algorithm)) ?
	     hip_pubkey_parse(ntohs(h->algorithm), h->hi, hi_len) :
	     ERR_PTR(-EOPNOTSUPP);
out:
	if (IS_ERR(pk)) {
		hip_count_pk_err(hn, PTR_ERR(pk));
		*not_after = 0;
	}
	return pk;
}

void hip_count_pk_err(struct hip_net *hn, long err)
{
	if (err == -EKEYREJECTED)
		HIP_INC(hn, DROP_BAD_HI);
	else if (err == -EOPNOTSUPP)
		HIP_INC(hn, DROP_NEGOTIATION);
	else
		HIP_INC(hn, DROP_MALFORMED_PARAM);
}

bool hip_check_mac_sig(struct hip_net *hn, struct hip_ha *ha,
		       const struct hip_parsed *hp)
{
	int err;

	if (!ha->peer_pk || !ha->keys.hit_suite) {
		HIP_INC(hn, DROP_BAD_STATE);
		return false;
	}
	err = hip_check_mac(hp, HIP_PI_HIP_MAC, ha->keys.hit_suite,
			    hip_key(&ha->keys, true, &ha->peer_hit, &ha->local_hit),
			    NULL, 0);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_HMAC);
		return false;
	}
	err = hip_check_sig(NULL, hp, HIP_PI_HIP_SIGNATURE, ha->peer_pk, false);
	if (err) {
		hip_count_err(hn, err, HIP_STAT_DROP_BAD_SIG);
		return false;
	}
	return true;
}

