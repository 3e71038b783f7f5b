// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests for cert.c, #included at the bottom of cert.c and
 * run at every module load (a few signature verifications and parses).
 * The chains come from scripts/gen-cert-kat.py (python3-cryptography,
 * outside the kernel code), in cert_kat.h, each certificate once and a
 * chain as a table of them, joined into one buffer for each test (as a
 * CERT parameter group carries it); "now" is a fixed date so that the
 * results do not depend on the clock.  The same file runs in
 * userspace under ASan/UBSan in selftests/hip/cert_fuzz.
 */

#include "cert_kat.h"

struct cert_kat {
	const char *name;
	const struct cert_kat_der *chain;
	unsigned int n;			/* certificates in it */
	const u8 *hit;			/* claimed HIT */
	const u8 *hi;			/* presented HOST_ID, NULL: none */
	u8 algo;
	u64 now;
	unsigned int max_depth;
	int parse_err;			/* hip_cert_chain_parse() */
	int err;			/* hip_cert_chain_validate() */
	unsigned int failed;		/* ... its res.failed */
};

#define KAT(nm, hitv, hiv, algov, nowv, depth, perr, verr, fail)	\
	{ #nm, cert_kat_##nm, ARRAY_SIZE(cert_kat_##nm),		\
	  cert_kat_hit_##hitv, hiv, algov, nowv, depth, perr, verr, fail }

#define NOW	CERT_KAT_NOW
#define D	HIP_CERT_DEPTH_DEFAULT
#define RSA	HIP_HI_RSA
#define EC	HIP_HI_ECDSA

static const struct cert_kat cert_kats[] __initconst = {
	/* good: 1, 2 and 3 delegations, RSA and ECDSA, both time forms */
	KAT(ok1_rsa, a, cert_kat_hi_b, RSA, NOW, D, 0, 0, 0),
	KAT(ok1_ec, p, cert_kat_hi_q, EC, NOW, D, 0, 0, 0),
	KAT(ok2, a, cert_kat_hi_q, EC, NOW, D, 0, 0, 0),
	KAT(ok3, q, cert_kat_hi_r, EC, NOW, D, 0, 0, 0),
	/* each way to be wrong */
	KAT(ok1_ec, p, cert_kat_hi_q, EC, NOW - 366 * 86400ULL, D, 0,
	    -HIP_CERT_E_NOT_YET_VALID, 0),
	KAT(expired, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_EXPIRED, 1),
	KAT(wrong_signer, p, cert_kat_hi_q, EC, NOW, D, 0,
	    -HIP_CERT_E_SIGNATURE, 1),
	KAT(wrong_issuer, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_ISSUER,
	    1),
	KAT(too_deep, p, NULL, 0, NOW, D, 0, -HIP_CERT_E_DEPTH, 4),
	KAT(ok2, a, cert_kat_hi_q, EC, NOW, 1, 0, -HIP_CERT_E_DEPTH, 2),
	KAT(depth_rule, p, cert_kat_hi_r, EC, NOW, D, 0, -HIP_CERT_E_DEPTH, 2),
	KAT(depth_grow, p, cert_kat_hi_r, EC, NOW, D, 0, -HIP_CERT_E_DEPTH, 2),
	KAT(wrong_ian, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_ISSUER, 1),
	KAT(wrong_name, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_ISSUER, 1),
	KAT(root_deleg, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_PROFILE, 0),
	KAT(no_deleg, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_PROFILE, 1),
	KAT(no_san, p, NULL, 0, NOW, D, -HIP_CERT_E_PROFILE, 0, 1),
	KAT(deleg_noncrit, p, NULL, 0, NOW, D, -HIP_CERT_E_PROFILE, 0, 1),
	/* UTCTime 1990 (not 2090) to GeneralizedTime 2101-01-01T00:00:00Z,
	 * to the second (2100 is no leap year)
	 */
	KAT(until2101, p, cert_kat_hi_q, EC, NOW, D, 0, 0, 0),
	KAT(until2101, p, cert_kat_hi_q, EC, CERT_KAT_2101, D, 0, 0, 0),
	KAT(until2101, p, cert_kat_hi_q, EC, CERT_KAT_2101 + 1, D, 0,
	    -HIP_CERT_E_EXPIRED, 1),
	KAT(other_hit, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_HIT, 1),
	KAT(ok1_ec, x, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_HIT, 0),
	KAT(bad_san, p, cert_kat_hi_q, EC, NOW, D, 0, -HIP_CERT_E_HIT, 1),
	KAT(ok1_ec, p, cert_kat_hi_p, EC, NOW, D, 0, -HIP_CERT_E_HOST_ID, 1),
	KAT(ok1_ec, p, cert_kat_hi_r, EC, NOW, D, 0, -HIP_CERT_E_HOST_ID, 1),
	/* same curve, same length, another key */
	KAT(ok1_ec, p, cert_kat_hi_s, EC, NOW, D, 0, -HIP_CERT_E_HOST_ID, 1),
	/* the right key, claimed as RSA */
	KAT(ok1_ec, p, cert_kat_hi_q, RSA, NOW, D, 0, -HIP_CERT_E_HOST_ID, 1),
	KAT(critical, p, NULL, 0, NOW, D, -HIP_CERT_E_CRITICAL, 0, 1),
	KAT(pss_salt20, a, NULL, 0, NOW, D, -HIP_CERT_E_UNSUPPORTED, 0, 1),
	KAT(pss_salt48, a, NULL, 0, NOW, D, -HIP_CERT_E_UNSUPPORTED, 0, 1),
};

/* The @n certificates of @chain in one buffer of concatenated DER, root
 * first, its length in *@len; kfree() it
 */
static u8 *__init cert_kat_join(const struct cert_kat_der *chain,
				unsigned int n, unsigned int *len)
{
	unsigned int i, off = 0;
	u8 *der;

	for (*len = 0, i = 0; i < n; i++)
		*len += chain[i].len;
	der = kmalloc(*len, GFP_KERNEL);
	if (!der)
		return NULL;
	for (i = 0; i < n; i++) {
		memcpy(der + off, chain[i].der, chain[i].len);
		off += chain[i].len;
	}
	return der;
}

#define CERT_KAT_JOIN(nm, len)	\
	cert_kat_join(cert_kat_##nm, ARRAY_SIZE(cert_kat_##nm), len)

/* The length of one of the HOST_IDs of cert_kat.h */
static unsigned int __init cert_kat_hi_len(const u8 *hi)
{
	if (hi == cert_kat_hi_a)
		return sizeof(cert_kat_hi_a);
	if (hi == cert_kat_hi_b)
		return sizeof(cert_kat_hi_b);
	if (hi == cert_kat_hi_p)
		return sizeof(cert_kat_hi_p);
	if (hi == cert_kat_hi_q)
		return sizeof(cert_kat_hi_q);
	if (hi == cert_kat_hi_r)
		return sizeof(cert_kat_hi_r);
	if (hi == cert_kat_hi_s)
		return sizeof(cert_kat_hi_s);
	return sizeof(cert_kat_hi_x);
}

struct cert_kat_revoke {
	struct in6_addr issuer;
	const u8 *serial;
	unsigned int len;
	unsigned int calls;
};

static bool __init cert_kat_revoked(void *arg, const struct in6_addr *issuer,
				    const u8 *serial, unsigned int len)
{
	struct cert_kat_revoke *r = arg;

	r->calls++;
	return !memcmp(issuer, &r->issuer, sizeof(*issuer)) &&
	       len == r->len && !memcmp(serial, r->serial, len);
}

/* Parse and validate @der; 0 if the outcome is the expected one */
static int __init cert_kat_one(struct hip_cert *certs, const u8 *der,
			       unsigned int len, const struct cert_kat *k,
			       const struct hip_cert_policy *pol)
{
	struct hip_cert_result res;
	struct in6_addr hit;
	unsigned int n;
	int err;

	err = hip_cert_chain_parse(der, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err != k->parse_err || (err && n != k->failed)) {
		pr_err("cert self-test %s: parse %d (cert %u), want %d\n",
		       k->name, err, n, k->parse_err);
		return -EINVAL;
	}
	if (err)
		return 0;
	if (n != k->n) {
		pr_err("cert self-test %s: %u certificates, want %u\n",
		       k->name, n, k->n);
		return -EINVAL;
	}
	err = hip_cert_chain_validate(certs, n, pol, &res);
	if (err != k->err || (err && res.failed != k->failed)) {
		pr_err("cert self-test %s: %d (%s) at cert %u, want %d at %u\n",
		       k->name, err, hip_cert_strerror(err), res.failed,
		       k->err, k->failed);
		return -EINVAL;
	}
	if (err)
		return 0;
	memcpy(&hit, k->hit, sizeof(hit));
	if (memcmp(&res.delegated_hit, &hit, sizeof(hit)) ||
	    memcmp(&res.subject_hit, &certs[n - 1].san, sizeof(hit)) ||
	    memcmp(&res.issuer_hit, &certs[n - 2].san, sizeof(hit)) ||
	    res.depth != n - 1 || res.ncerts != n ||
	    res.not_after < res.not_before ||
	    res.serial_len != certs[n - 1].serial_len) {
		pr_err("cert self-test %s: wrong result\n", k->name);
		return -EINVAL;
	}
	return 0;
}

static bool __init cert_kat_policy(const struct cert_kat *k,
				   struct hip_cert_policy *pol,
				   struct in6_addr *hit)
{
	memset(pol, 0, sizeof(*pol));
	memcpy(hit, k->hit, sizeof(*hit));
	pol->now = k->now;
	pol->max_depth = k->max_depth;
	pol->hit = hit;
	pol->host_id = k->hi;
	pol->host_id_len = k->hi ? cert_kat_hi_len(k->hi) : 0;
	pol->host_algo = k->algo;
	return true;
}

/* Every proper prefix of a chain (@der, @dlen: @k's) is refused or is a
 * shorter chain
 */
static int __init cert_kat_truncate(struct hip_cert *certs, const u8 *der,
				    unsigned int dlen,
				    const struct cert_kat *k)
{
	unsigned int len, n;
	int err;

	for (len = 0; len < dlen; len++) {
		err = hip_cert_chain_parse(der, len, certs,
					   HIP_CERT_CHAIN_MAX, &n);
		if (!err && n >= k->n) {
			pr_err("cert self-test %s: %u-byte prefix parsed\n",
			       k->name, len);
			return -EINVAL;
		}
		if (err && err != -HIP_CERT_E_MALFORMED &&
		    err != -HIP_CERT_E_CHAIN) {
			pr_err("cert self-test %s: %u-byte prefix: %d\n",
			       k->name, len, err);
			return -EINVAL;
		}
	}
	return 0;
}

/* Flip one bit of the serial of the last certificate of @der (@k's
 * chain, @len bytes; flipped back after): the signature no longer
 * verifies
 */
static int __init cert_kat_tamper(struct hip_cert *certs, u8 *der,
				  unsigned int len, const struct cert_kat *k,
				  const struct hip_cert_policy *pol)
{
	struct cert_kat t = *k;
	unsigned int n, off;
	int err;

	err = hip_cert_chain_parse(der, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err)
		return -EINVAL;
	off = certs[n - 1].serial - der + certs[n - 1].serial_len - 1;
	der[off] ^= 0x01;
	t.name = "tampered";
	t.err = -HIP_CERT_E_SIGNATURE;
	t.failed = n - 1;
	err = cert_kat_one(certs, der, len, &t, pol);
	der[off] ^= 0x01;
	return err;
}

/* The signature algorithm inside tbsCertificate must be the outer one
 * (RFC 5280 4.1.1.2): make the inner one of the last certificate of an
 * ECDSA P-256 chain say ecdsa-with-SHA384
 */
static int __init cert_kat_tbs_alg(struct hip_cert *certs)
{
	static const u8 sha256[] __initconst = { 0x2a, 0x86, 0x48, 0xce, 0x3d,
						 0x04, 0x03, 0x02 };
	unsigned int n, off, len;
	u8 *der;
	int err;

	der = CERT_KAT_JOIN(ok1_ec, &len);
	if (!der)
		return -ENOMEM;
	err = hip_cert_chain_parse(der, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err)
		goto out;
	/* The first occurrence in the last certificate is in its tbs */
	for (off = certs[n - 1].tbs - der; off + sizeof(sha256) <= len; off++)
		if (!memcmp(der + off, sha256, sizeof(sha256)))
			break;
	err = -EINVAL;
	if (off + sizeof(sha256) > len)
		goto out;
	der[off + sizeof(sha256) - 1] = 0x03;
	err = hip_cert_chain_parse(der, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err != -HIP_CERT_E_MALFORMED || n != 1) {
		pr_err("cert self-test: inner signature algorithm not the outer: %d\n",
		       err);
		err = -EINVAL;
	} else {
		err = 0;
	}
out:
	kfree(der);
	return err;
}

/* Revoke the last certificate of @der (@k's chain, @len bytes): refused;
 * another serial: accepted
 */
static int __init cert_kat_revoke(struct hip_cert *certs, const u8 *der,
				  unsigned int len, const struct cert_kat *k,
				  struct hip_cert_policy *pol)
{
	struct cert_kat_revoke r = { };
	struct cert_kat t = *k;
	unsigned int n;
	u8 other[HIP_CERT_SERIAL_MAX];
	int err;

	err = hip_cert_chain_parse(der, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err)
		return -EINVAL;
	r.issuer = certs[n - 1].ian;
	memcpy(other, certs[n - 1].serial, certs[n - 1].serial_len);
	r.serial = other;
	r.len = certs[n - 1].serial_len;
	pol->revoked = cert_kat_revoked;
	pol->arg = &r;
	t.name = "revoked";
	t.err = -HIP_CERT_E_REVOKED;
	t.failed = n - 1;
	err = cert_kat_one(certs, der, len, &t, pol);
	if (!err) {
		other[0] ^= 0x40;
		t.name = "not revoked";
		t.err = 0;
		t.failed = 0;
		err = cert_kat_one(certs, der, len, &t, pol);
	}
	if (!err && r.calls != 2 * n) {
		pr_err("cert self-test: revocation consulted %u times\n",
		       r.calls);
		err = -EINVAL;
	}
	pol->revoked = NULL;
	return err;
}

/* @k's chain; with @more, tampered, revoked and truncated instead */
static int __init cert_kat_chain(struct hip_cert *certs,
				 const struct cert_kat *k, bool more)
{
	struct hip_cert_policy pol;
	struct in6_addr hit;
	unsigned int len;
	u8 *der;
	int err;

	der = cert_kat_join(k->chain, k->n, &len);
	if (!der)
		return -ENOMEM;
	cert_kat_policy(k, &pol, &hit);
	if (!more)
		err = cert_kat_one(certs, der, len, k, &pol);
	else
		err = cert_kat_tamper(certs, der, len, k, &pol) ?:
		      cert_kat_revoke(certs, der, len, k, &pol) ?:
		      cert_kat_truncate(certs, der, len, k);
	kfree(der);
	return err;
}

bool __init hip_cert_selftest(void)
{
	struct hip_cert_policy pol;
	struct hip_cert_result res;
	struct hip_cert *certs;
	struct in6_addr hit;
	unsigned int i, n, len, fails = 0;
	u8 *der;
	int err;

	certs = kcalloc(HIP_CERT_CHAIN_MAX, sizeof(*certs), GFP_KERNEL);
	if (!certs)
		return false;

	for (i = 0; i < ARRAY_SIZE(cert_kats); i++)
		if (cert_kat_chain(certs, &cert_kats[i], false))
			fails++;
	/* ok1_rsa, ok1_ec, ok2: tampered, revoked, truncated */
	for (i = 0; i < 3; i++)
		if (cert_kat_chain(certs, &cert_kats[i], true))
			fails++;
	if (cert_kat_tbs_alg(certs))
		fails++;
	/* A root alone is no delegation */
	err = hip_cert_chain_parse(cert_kat_ok1_ec[0].der,
				   cert_kat_ok1_ec[0].len, certs,
				   HIP_CERT_CHAIN_MAX, &n);
	cert_kat_policy(&cert_kats[1], &pol, &hit);
	pol.host_id = NULL;
	if (err || hip_cert_chain_validate(certs, 1, &pol, &res) !=
		   -HIP_CERT_E_CHAIN) {
		pr_err("cert self-test: a root alone accepted\n");
		fails++;
	}
	/* Too many certificates for the array */
	der = CERT_KAT_JOIN(too_deep, &len);
	if (!der ||
	    hip_cert_chain_parse(der, len, certs, 3, &n) != -HIP_CERT_E_CHAIN) {
		pr_err("cert self-test: chain longer than the array parsed\n");
		fails++;
	}
	kfree(der);
	kfree(certs);
	if (fails) {
		pr_err("cert self-tests: %u failed\n", fails);
		return false;
	}
	pr_info("cert self-tests: pass\n");
	return true;
}
