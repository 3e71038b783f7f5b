// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace harness for net/hip/cert.c: compiles cert.c and its load-time
 * self-tests (net/hip/selftest/cert.c, with the known-answer chains of
 * scripts/gen-cert-kat.py) against shim/, with crypto.h and hit.h replaced
 * by OpenSSL below, so that the parser and the chain validation are proven
 * without loading the module.  Then, for FUZZ_SECONDS, it feeds
 * hip_cert_parse() mutated KAT certificates, spliced ones and random
 * bytes, each in a malloc()ed buffer of exactly its length, under
 * -fsanitize=address,undefined; every certificate accepted must point
 * inside its buffer, and now and then one goes through the whole chain
 * validation too.
 *
 *   ./fuzz [SECONDS [SEED]]
 *   ./fuzz --chain FILE [NOW]   validate the DER chain in FILE (root
 *                               first) at NOW (default: the clock);
 *                               exit 0 if valid (openssl_chain.sh)
 */
#include <time.h>
#include <unistd.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/hip.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

/* Replace net/hip/crypto.h and net/hip/hit.h: cert.c's includes of them
 * see these guards and add nothing
 */
#define _HIP_CRYPTO_H
#define _HIP_HIT_H

struct in6_addr;

struct hip_pubkey {
	EVP_PKEY *pkey;
	u8 algo;
};

static unsigned long n_verify, n_derive;

/* The HOST_ID "Host Identity" field (RFC 7401 5.2.9) -> an OpenSSL key,
 * written from the RFC, independently of cert.c's SPKI conversion
 */
static struct hip_pubkey *hip_pubkey_parse(u8 algo, const u8 *hi,
					   unsigned int len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	struct hip_pubkey *pk = calloc(1, sizeof(*pk));
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM *params = NULL;
	BIGNUM *n = NULL, *e = NULL;
	int err = -EINVAL;

	if (!bld || !pk)
		abort();
	pk->algo = algo;
	if (algo == HIP_HI_RSA) {
		unsigned int elen, off;

		if (len < 1)
			goto out;
		elen = hi[0];
		off = 1;
		if (!elen) {
			if (len < 3)
				goto out;
			elen = hi[1] << 8 | hi[2];
			off = 3;
		}
		if (!elen || elen >= len - off)
			goto out;
		e = BN_bin2bn(hi + off, elen, NULL);
		n = BN_bin2bn(hi + off + elen, len - off - elen, NULL);
		if (BN_num_bits(n) < HIP_RSA_MIN_BITS ||
		    BN_num_bits(n) > HIP_RSA_MAX_BITS) {
			err = -EOPNOTSUPP;
			goto out;
		}
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	} else if (algo == HIP_HI_ECDSA) {
		unsigned int curve;

		if (len < 3)
			goto out;
		curve = hi[0] << 8 | hi[1];
		if (curve != HIP_ECDSA_NIST_P256 &&
		    curve != HIP_ECDSA_NIST_P384) {
			err = -EOPNOTSUPP;
			goto out;
		}
		if (len != 3 + 2 * (curve == HIP_ECDSA_NIST_P256 ? 32 : 48))
			goto out;
		OSSL_PARAM_BLD_push_utf8_string(bld,
			OSSL_PKEY_PARAM_GROUP_NAME,
			curve == HIP_ECDSA_NIST_P256 ? "P-256" : "P-384", 0);
		OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
						 hi + 2, len - 2);
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	} else {
		err = -EOPNOTSUPP;
		goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	if (ctx && params && EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &pk->pkey, EVP_PKEY_PUBLIC_KEY, params) > 0)
		err = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	if (err) {
		free(pk);
		return ERR_PTR(err);
	}
	return pk;
}

static void hip_pubkey_free(struct hip_pubkey *pk)
{
	if (pk)
		EVP_PKEY_free(pk->pkey);
	free(pk);
}

/* crypto.h: RSASSA-PSS SHA-256 / MGF1-SHA-256 / any salt, or ECDSA over
 * the named hash with r | s
 */
static int hip_sig_verify_hash(const struct hip_pubkey *pk,
			       unsigned int hash_len, const u8 *data,
			       unsigned int len, const u8 *sig,
			       unsigned int siglen)
{
	const EVP_MD *md = hash_len == 48 ? EVP_sha384() : EVP_sha256();
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der = NULL;
	int ok = 0, derlen = 0;

	n_verify++;
	if (pk->algo == HIP_HI_RSA && hash_len != 32)
		return -EOPNOTSUPP;
	if (pk->algo == HIP_HI_ECDSA) {
		ECDSA_SIG *es = ECDSA_SIG_new();
		unsigned int nb = siglen / 2;

		if (siglen % 2 || !es)
			abort();
		ECDSA_SIG_set0(es, BN_bin2bn(sig, nb, NULL),
			       BN_bin2bn(sig + nb, nb, NULL));
		derlen = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		sig = der;
		siglen = derlen;
	}
	if (EVP_DigestVerifyInit(mctx, &pctx, md, NULL, pk->pkey) <= 0)
		abort();
	if (pk->algo == HIP_HI_RSA &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) <= 0 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) <= 0))
		abort();
	ok = EVP_DigestVerify(mctx, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(mctx);
	OPENSSL_free(der);
	return ok ? 0 : -EBADMSG;
}

/* hit.h: ORCHIDv2 (RFC 7343), RFC 7401 section 3.2 context ID */
static int hip_hit_derive(u8 suite, const u8 *hi, size_t hi_len,
			  struct in6_addr *hit)
{
	static const u8 ctx_id[16] = {
		0xf0, 0xef, 0xf0, 0x2f, 0xbf, 0xf4, 0x3d, 0x0f,
		0xe7, 0x93, 0x0c, 0x3c, 0x6e, 0x61, 0x74, 0xea,
	};
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char d[48];
	unsigned int dl;
	u8 *h = (u8 *)hit;

	n_derive++;
	if (suite != 1 && suite != 2)
		return -EOPNOTSUPP;
	EVP_DigestInit(c, suite == 1 ? EVP_sha256() : EVP_sha384());
	EVP_DigestUpdate(c, ctx_id, sizeof(ctx_id));
	EVP_DigestUpdate(c, hi, hi_len);
	EVP_DigestFinal(c, d, &dl);
	EVP_MD_CTX_free(c);
	h[0] = 0x20;
	h[1] = 0x01;
	h[2] = 0x00;
	h[3] = 0x20 | suite;
	memcpy(h + 4, d + (dl - 12) / 2, 12);
	return 0;
}

#include "../../../net/hip/cert.c"

static u32 seed;

static u32 rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

/* The KAT certificates, one by one */
static struct {
	const u8 *p;
	unsigned int len;
} corpus[64];
static unsigned int ncorpus;

/* The @n certificates of a chain of cert_kat.h, each once */
static void corpus_add(const struct cert_kat_der *chain, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n && ncorpus < ARRAY_SIZE(corpus); i++) {
		for (j = 0; j < ncorpus; j++)
			if (corpus[j].p == chain[i].der)
				break;
		if (j < ncorpus)
			continue;
		corpus[ncorpus].p = chain[i].der;
		corpus[ncorpus].len = chain[i].len;
		ncorpus++;
	}
}

static unsigned int gen_mutate(u8 *buf, unsigned int max)
{
	unsigned int c = rnd() % ncorpus, len = corpus[c].len, k, n;

	memcpy(buf, corpus[c].p, len);
	n = 1 + rnd() % 8;
	for (k = 0; k < n; k++) {
		u32 r = rnd();
		unsigned int at = (r >> 8) % len;

		switch (r % 4) {
		case 0:
			buf[at] = r >> 24;
			break;
		case 1:
			buf[at] ^= 1 << (r >> 29);
			break;
		case 2:	/* a length octet: small changes */
			buf[at] += (int)(r >> 30) - 2;
			break;
		default: /* delete or duplicate a run */
			if (r & 0x80 && len > 1) {
				unsigned int l = 1 + rnd() % 16;

				if (at + l > len)
					l = len - at;
				memmove(buf + at, buf + at + l, len - at - l);
				len -= l;
			} else {
				unsigned int l = 1 + rnd() % 16;

				if (at + l > len)
					l = len - at;
				if (len + l > max)
					break;
				memmove(buf + at + l, buf + at, len - at);
				len += l;
			}
			break;
		}
		if (!len)
			break;
	}
	if (rnd() % 8 == 0)
		len = rnd() % (len + 1);
	return len;
}

/* Splice: the start of one KAT certificate, the end of another */
static unsigned int gen_splice(u8 *buf, unsigned int max)
{
	unsigned int a = rnd() % ncorpus, b = rnd() % ncorpus;
	unsigned int la = rnd() % (corpus[a].len + 1);
	unsigned int lb = rnd() % (corpus[b].len + 1);

	if (la + lb > max)
		lb = max - la;
	memcpy(buf, corpus[a].p, la);
	memcpy(buf + la, corpus[b].p + corpus[b].len - lb, lb);
	return la + lb;
}

static unsigned int gen_random(u8 *buf, unsigned int max)
{
	unsigned int len = rnd() % 1200, i;

	for (i = 0; i < len; i++)
		buf[i] = rnd();
	if (len >= 4 && rnd() % 2) {
		buf[0] = 0x30;
		buf[1] = 0x82;
		buf[2] = (len - 4) >> 8;
		buf[3] = len - 4;
	}
	return len;
}

static bool inside(const u8 *buf, unsigned int len, const u8 *p,
		   unsigned int plen)
{
	return p >= buf && plen <= len && p - buf <= len - plen;
}

/* --chain FILE [NOW] */
static int check_file(const char *path, const char *now)
{
	struct hip_cert *certs = calloc(HIP_CERT_CHAIN_MAX, sizeof(*certs));
	struct hip_cert_policy pol = { .max_depth = HIP_CERT_DEPTH_DEFAULT };
	static u8 buf[HIP_CERT_CHAIN_MAX_LEN + 1];
	struct hip_cert_result res;
	FILE *f = fopen(path, "rb");
	unsigned int n = 0;
	size_t len;
	u8 *p;
	int err;

	if (!f || !certs) {
		perror(path);
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	p = malloc(len ? len : 1);
	memcpy(p, buf, len);
	pol.now = now ? strtoull(now, NULL, 0) : (u64)time(NULL);
	err = hip_cert_chain_parse(p, len, certs, HIP_CERT_CHAIN_MAX, &n);
	if (err) {
		printf("chain: certificate %u: %s\n", n, hip_cert_strerror(err));
	} else {
		err = hip_cert_chain_validate(certs, n, &pol, &res);
		printf("chain: %u certificates: %s", n, hip_cert_strerror(err));
		if (err)
			printf(" (certificate %u)", res.failed);
		else
			printf(", depth %u, max-depth %u", res.depth,
			       res.max_depth);
		putchar('\n');
	}
	fflush(stdout);
	free(p);
	free(certs);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 5;
	unsigned long rounds = 0, ok = 0, validated = 0;
	unsigned long errs[__HIP_CERT_E_MAX] = { 0 };
	static u8 buf[HIP_CERT_MAX_LEN + 64];
	struct hip_cert *certs;
	struct timespec t0, t;
	unsigned int i;

	if (argc > 2 && !strcmp(argv[1], "--chain"))
		return check_file(argv[2], argc > 3 ? argv[3] : NULL);
	certs = calloc(2, sizeof(*certs));
	seed = argc > 2 ? strtoul(argv[2], NULL, 0) : time(NULL) ^ getpid();
	if (!seed)
		seed = 1;
	if (!hip_cert_selftest())
		return 1;
	printf("fuzz: self-tests: %lu signature verifications, %lu HITs\n",
	       n_verify, n_derive);
	corpus_add(cert_kat_ok1_rsa, ARRAY_SIZE(cert_kat_ok1_rsa));
	corpus_add(cert_kat_ok2, ARRAY_SIZE(cert_kat_ok2));
	corpus_add(cert_kat_ok3, ARRAY_SIZE(cert_kat_ok3));
	corpus_add(cert_kat_wrong_issuer, ARRAY_SIZE(cert_kat_wrong_issuer));
	if (!ncorpus)
		return 1;
	printf("fuzz: seed %#x, %.1f s, %u certificates\n", seed, secs,
	       ncorpus);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		unsigned int mode = rnd() % 4, len;
		u32 round_seed = seed;
		u8 *p;
		int err;

		if ((rounds & 255) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec +
			    (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
				break;
		}
		rounds++;
		len = mode < 2 ? gen_mutate(buf, sizeof(buf)) :
		      mode == 2 ? gen_splice(buf, sizeof(buf)) :
		      gen_random(buf, sizeof(buf));
		p = malloc(len ? len : 1);
		memcpy(p, buf, len);
		err = hip_cert_parse(p, len, &certs[1]);
		if (err > 0 || -err >= __HIP_CERT_E_MAX ||
		    (!err && !(inside(p, len, certs[1].tbs,
				      certs[1].tbs_len) &&
			       inside(p, len, certs[1].issuer,
				      certs[1].issuer_len) &&
			       inside(p, len, certs[1].subject,
				      certs[1].subject_len) &&
			       inside(p, len, certs[1].serial,
				      certs[1].serial_len) &&
			       inside(p, len, certs[1].sig,
				      certs[1].sig_len) &&
			       certs[1].hi_len <= HIP_CERT_HI_MAX &&
			       certs[1].hi_len))) {
			fprintf(stderr,
				"fuzz: FAIL round %lu (mode %u, seed %#x): %d\n",
				rounds, mode, round_seed, err);
			return 1;
		}
		errs[-err]++;
		/* Now and then the whole validation, with the real root */
		if (!err && rnd() % 16 == 0) {
			struct hip_cert_policy pol = {
				.now = CERT_KAT_NOW, .max_depth = 3,
			};
			struct hip_cert_result res;

			if (!hip_cert_parse(cert_kat_ok1_rsa[0].der,
					    cert_kat_ok1_rsa[0].len, &certs[0])) {
				err = hip_cert_chain_validate(certs, 2, &pol,
							      &res);
				if (err > 0 || -err >= __HIP_CERT_E_MAX)
					return 1;
				validated++;
			}
		}
		if (!err)
			ok++;
		free(p);
	}
	printf("fuzz: %lu rounds, %lu parsed, %lu validated; refused:",
	       rounds, ok, validated);
	for (i = 1; i < __HIP_CERT_E_MAX; i++)
		if (errs[i])
			printf(" %s %lu,", hip_cert_strerror(-i), errs[i]);
	printf("\nfuzz: pass\n");
	free(certs);
	return 0;
}
