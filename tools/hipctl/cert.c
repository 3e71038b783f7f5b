// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl cert { issue | verify }: delegation certificates, in user space
 * with OpenSSL 3 (Documentation/hip/delegation.rst has the profile).
 *
 * RFC 8002 3: the HIT of the signing HI goes into issuerAltName, the HIT
 * of the subject into subjectAltName, both as iPAddress (RFC 5280
 * 4.2.1.6/4.2.1.7), and the subject's HI is its subjectPublicKeyInfo.
 * RFC 8002 2: the signature algorithms are those of RFC 7401 (5.2.14,
 * HIP_SIGNATURE): RSASSA-PSS SHA-256 (RFC 4055), ECDSA SHA-256 (P-256)
 * and SHA-384 (P-384) (RFC 5758 3.2).  RFC 8002 defines no delegation
 * semantics: the critical HipDelegation extension (cert.h) is ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/asn1t.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <linux/hip.h>

#include "cert.h"
#include "certstore.h"
#include "hi.h"
#include "hit.h"
#include "json.h"
#include "key.h"
#include "nl.h"
#include "subcommands.h"
#include "util.h"

/* HipDelegation ::= SEQUENCE { delegatedHit OCTET STRING, maxDepth INTEGER } */
typedef struct {
	ASN1_OCTET_STRING *delegated_hit;
	ASN1_INTEGER *max_depth;
} HIP_DELEGATION;

ASN1_SEQUENCE(HIP_DELEGATION) = {
	ASN1_SIMPLE(HIP_DELEGATION, delegated_hit, ASN1_OCTET_STRING),
	ASN1_SIMPLE(HIP_DELEGATION, max_depth, ASN1_INTEGER),
} static_ASN1_SEQUENCE_END(HIP_DELEGATION)

IMPLEMENT_STATIC_ASN1_ALLOC_FUNCTIONS(HIP_DELEGATION)
IMPLEMENT_STATIC_ASN1_ENCODE_FUNCTIONS(HIP_DELEGATION)

#define HIP_DELEGATION_DEPTH_MAX	255
#define RSA_PSS_SALT_LEN		32	/* RFC 7401 5.2.14 (our rsa.c) */
#define LIFETIME_MAX			(100ULL * 365 * 24 * 3600)

static ASN1_OBJECT *delegation_oid(void)
{
	return OBJ_txt2obj(HIP_CERT_DELEGATION_OID, 1);
}

/* ------------------------------------------------------------------ */
/* Reading chains                                                       */

STACK_OF(X509) *cert_chain_from_der(const char *name, const uint8_t *der,
				    size_t len)
{
	const unsigned char *p = der, *end = der + len;
	STACK_OF(X509) *chain = sk_X509_new_null();
	X509 *x;
	int n = 0;

	if (!chain) {
		errorf("%s: %s", name, strerror(ENOMEM));
		return NULL;
	}
	while (p < end) {
		x = d2i_X509(NULL, &p, end - p);
		if (!x) {
			errorf("%s: certificate %d: cannot decode it (DER X.509 expected)",
			       name, n);
			goto err;
		}
		if (++n > HIP_CERT_CHAIN_MAX || !sk_X509_push(chain, x)) {
			X509_free(x);
			errorf("%s: more than %d certificates", name,
			       HIP_CERT_CHAIN_MAX);
			goto err;
		}
	}
	if (!n) {
		errorf("%s: no certificate", name);
		goto err;
	}
	ERR_clear_error();
	return chain;
err:
	ERR_clear_error();
	sk_X509_pop_free(chain, X509_free);
	return NULL;
}

static STACK_OF(X509) *chain_from_pem(const char *path, const char *buf,
				      size_t len)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	BIO *bio = BIO_new_mem_buf(buf, len);
	unsigned long e;
	X509 *x;
	int n = 0;

	if (!chain || !bio) {
		errorf("%s: %s", path, strerror(ENOMEM));
		goto err;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		if (++n > HIP_CERT_CHAIN_MAX || !sk_X509_push(chain, x)) {
			X509_free(x);
			errorf("%s: more than %d certificates", path,
			       HIP_CERT_CHAIN_MAX);
			goto err;
		}
	}
	/* Stopped anywhere but at the end (no more BEGIN lines)? */
	e = ERR_peek_last_error();
	if (ERR_GET_LIB(e) != ERR_LIB_PEM ||
	    ERR_GET_REASON(e) != PEM_R_NO_START_LINE) {
		errorf("%s: certificate %d: cannot decode it", path, n);
		goto err;
	}
	if (!n) {
		errorf("%s: no certificate (PEM or DER X.509 expected)", path);
		goto err;
	}
	BIO_free(bio);
	ERR_clear_error();
	return chain;
err:
	BIO_free(bio);
	ERR_clear_error();
	sk_X509_pop_free(chain, X509_free);
	return NULL;
}

STACK_OF(X509) *cert_chain_load(const char *path)
{
	STACK_OF(X509) *chain = NULL;
	size_t len = 0;
	char *buf;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		errorf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(HIP_CERT_FILE_MAX + 2);
	if (!buf) {
		close(fd);
		errorf("%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	while (len <= HIP_CERT_FILE_MAX) {
		r = read(fd, buf + len, HIP_CERT_FILE_MAX + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			errorf("%s: %s", path, strerror(errno));
			goto out;
		}
		if (!r)
			break;
		len += r;
	}
	if (len > HIP_CERT_FILE_MAX) {
		errorf("%s: file too large for a chain", path);
		goto out;
	}
	if (!len) {
		errorf("%s: empty file", path);
		goto out;
	}
	buf[len] = '\0';
	if (memmem(buf, len, "-----BEGIN ", 11))
		chain = chain_from_pem(path, buf, len);
	else if ((uint8_t)buf[0] == 0x30)	/* DER: one or more, concatenated */
		chain = cert_chain_from_der(path, (uint8_t *)buf, len);
	else
		errorf("%s: no certificate (PEM or DER X.509 expected)", path);
out:
	close(fd);
	free(buf);
	return chain;
}

uint8_t *cert_chain_der(STACK_OF(X509) *chain, size_t *len)
{
	size_t total = 0, off = 0;
	uint8_t *buf, *p;
	int i, l;

	for (i = 0; i < sk_X509_num(chain); i++) {
		l = i2d_X509(sk_X509_value(chain, i), NULL);
		if (l <= 0) {
			errorf("certificate %d: cannot encode it", i);
			return NULL;
		}
		total += l;
	}
	buf = OPENSSL_malloc(total ? total : 1);
	if (!buf) {
		errorf("%s", strerror(ENOMEM));
		return NULL;
	}
	for (i = 0; i < sk_X509_num(chain); i++) {
		p = buf + off;
		l = i2d_X509(sk_X509_value(chain, i), &p);
		off += l;
	}
	*len = total;
	return buf;
}

/* ------------------------------------------------------------------ */
/* Validation                                                           */

struct vctx {
	const char *name;
	int idx;
};

static void __attribute__((format(printf, 2, 3)))
vfail(const struct vctx *v, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (v->idx >= 0)
		errorf("%s: certificate %d: %s", v->name, v->idx, msg);
	else
		errorf("%s: %s", v->name, msg);
	ERR_clear_error();
}

/*
 * The one iPAddress of a SAN/IAN extension (RFC 8002 3): exactly one
 * 16-byte iPAddress; other name forms are ignored.
 */
static int alt_name_hit(const struct vctx *v, X509 *x, int nid,
			const char *what, uint8_t hit[HIT_LEN])
{
	GENERAL_NAMES *gens;
	int crit = -1, i, found = 0;

	gens = X509_get_ext_d2i(x, nid, &crit, NULL);
	if (!gens) {
		if (crit == -2)
			vfail(v, "more than one %s extension", what);
		else if (crit == -1)
			vfail(v, "no %s extension (RFC 8002 3: the HIT as iPAddress)",
			      what);
		else
			vfail(v, "malformed %s extension", what);
		return -1;
	}
	for (i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		if (g->type != GEN_IPADD)
			continue;
		if (ASN1_STRING_length(g->d.iPAddress) != HIT_LEN || found++) {
			found = -1;
			break;
		}
		memcpy(hit, ASN1_STRING_get0_data(g->d.iPAddress), HIT_LEN);
	}
	GENERAL_NAMES_free(gens);
	if (found != 1) {
		vfail(v, "%s must hold exactly one iPAddress, a HIT", what);
		return -1;
	}
	return 0;
}

/* Strict DER decode of our extension; 0 or -1 (printed). */
static int delegation_decode(const struct vctx *v, X509_EXTENSION *ext,
			     struct cert_info *ci)
{
	const ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(ext);
	const unsigned char *p = ASN1_STRING_get0_data(data);
	long len = ASN1_STRING_length(data);
	unsigned char *re = NULL;
	HIP_DELEGATION *d;
	int64_t depth;
	int relen, ok;

	d = d2i_HIP_DELEGATION(NULL, &p, len);
	if (!d || p != ASN1_STRING_get0_data(data) + len) {
		HIP_DELEGATION_free(d);
		vfail(v, "malformed delegation extension");
		return -1;
	}
	/* DER is one encoding: re-encoding must give the same bytes. */
	relen = i2d_HIP_DELEGATION(d, &re);
	ok = relen == len && !memcmp(re, ASN1_STRING_get0_data(data), len);
	OPENSSL_free(re);
	if (!ok) {
		HIP_DELEGATION_free(d);
		vfail(v, "delegation extension is not DER");
		return -1;
	}
	if (ASN1_STRING_length(d->delegated_hit) != HIT_LEN ||
	    !ASN1_INTEGER_get_int64(&depth, d->max_depth) ||
	    depth < 0 || depth > HIP_DELEGATION_DEPTH_MAX) {
		HIP_DELEGATION_free(d);
		vfail(v, "delegation extension: delegatedHit must be 16 bytes, maxDepth 0..%d",
		      HIP_DELEGATION_DEPTH_MAX);
		return -1;
	}
	memcpy(ci->delegated_hit, ASN1_STRING_get0_data(d->delegated_hit),
	       HIT_LEN);
	ci->max_depth = depth;
	ci->has_delegation = true;
	HIP_DELEGATION_free(d);
	return 0;
}

/*
 * Extensions: ours (critical), SAN and IAN, each at most once; RFC 5280
 * 4.2: a critical extension we do not process makes the certificate
 * invalid.
 */
static int check_extensions(const struct vctx *v, X509 *x,
			    struct cert_info *ci)
{
	ASN1_OBJECT *oid = delegation_oid();
	int i, n = X509_get_ext_count(x), ret = -1;

	if (!oid) {
		vfail(v, "cannot build the delegation OID");
		return -1;
	}
	for (i = 0; i < n; i++) {
		X509_EXTENSION *ext = X509_get_ext(x, i);
		ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);
		int crit = X509_EXTENSION_get_critical(ext);
		int nid = OBJ_obj2nid(obj);

		/* RFC 5280 4.2: at most one instance of an extension */
		if (X509_get_ext_by_OBJ(x, obj, i) >= 0) {
			char txt[128];

			OBJ_obj2txt(txt, sizeof(txt), obj, 1);
			vfail(v, "extension %s appears twice", txt);
			goto out;
		}
		if (!OBJ_cmp(obj, oid)) {
			if (!crit) {
				vfail(v, "the delegation extension must be critical");
				goto out;
			}
			if (delegation_decode(v, ext, ci))
				goto out;
		} else if (crit && nid != NID_subject_alt_name &&
			   nid != NID_issuer_alt_name) {
			char txt[128];

			OBJ_obj2txt(txt, sizeof(txt), obj, 1);
			vfail(v, "unsupported critical extension %s", txt);
			goto out;
		}
	}
	ret = 0;
out:
	ASN1_OBJECT_free(oid);
	return ret;
}

static int asn1_time(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* The subject key: RSA or ECDSA P-256/P-384 (uncompressed point). */
static int check_subject_key(const struct vctx *v, X509 *x,
			     struct cert_info *ci)
{
	const unsigned char *pk;
	X509_PUBKEY *xpk = X509_get_X509_PUBKEY(x);
	EVP_PKEY *pkey = X509_get0_pubkey(x);
	struct hip_key key;
	char name[600];
	int pklen;

	if (!xpk || !pkey ||
	    !X509_PUBKEY_get0_param(NULL, &pk, &pklen, NULL, xpk)) {
		vfail(v, "unsupported or malformed subject public key");
		return -1;
	}
	if (EVP_PKEY_is_a(pkey, "EC") && (pklen < 1 || pk[0] != 0x04)) {
		vfail(v, "the subject EC point must be uncompressed");
		return -1;
	}
	snprintf(name, sizeof(name), "%s: certificate %d", v->name, v->idx);
	if (key_pub_from_pkey(name, pkey, &key))
		return -1;
	if (hit_derive(key.algo, key.pub, key.pub_len, ci->subject_hit) < 0) {
		key_free(&key);
		vfail(v, "cannot compute the HIT of the subject key");
		return -1;
	}
	ci->algo = key.algo;
	ci->curve = key.curve;
	ci->bits = key.bits;
	key_free(&key);
	return 0;
}

/*
 * signatureAlgorithm must be the issuer HI's HIP_SIGNATURE scheme
 * (RFC 8002 2, RFC 7401 5.2.14): RSA -> RSASSA-PSS with SHA-256,
 * MGF1-SHA-256, salt 32, trailer 1 (RFC 4055 3.1); P-256 ->
 * ecdsa-with-SHA256; P-384 -> ecdsa-with-SHA384 (RFC 5758 3.2, no
 * parameters).
 */
static int check_sig_alg(const struct vctx *v, X509 *x, EVP_PKEY *issuer)
{
	const X509_ALGOR *alg;
	const ASN1_OBJECT *obj;
	const void *pval;
	int ptype, nid, bits;

	X509_get0_signature(NULL, &alg, x);
	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	nid = OBJ_obj2nid(obj);
	if (EVP_PKEY_is_a(issuer, "RSA")) {
		X509_ALGOR *mgf_md = NULL;
		RSA_PSS_PARAMS *pss;
		int ok;

		if (nid != NID_rsassaPss || ptype != V_ASN1_SEQUENCE) {
			vfail(v, "signed with %s, the issuer's RSA key needs RSASSA-PSS",
			      OBJ_nid2ln(nid));
			return -1;
		}
		pss = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS),
						&(ASN1_TYPE){ .type = ptype,
							      .value.sequence = (ASN1_STRING *)pval });
		/* MGF1's parameter: the AlgorithmIdentifier of its hash */
		if (pss && pss->maskGenAlgorithm &&
		    pss->maskGenAlgorithm->parameter)
			mgf_md = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR),
							   pss->maskGenAlgorithm->parameter);
		ok = pss && pss->hashAlgorithm &&
		     OBJ_obj2nid(pss->hashAlgorithm->algorithm) == NID_sha256 &&
		     pss->maskGenAlgorithm &&
		     OBJ_obj2nid(pss->maskGenAlgorithm->algorithm) == NID_mgf1 &&
		     mgf_md && OBJ_obj2nid(mgf_md->algorithm) == NID_sha256 &&
		     pss->saltLength &&
		     ASN1_INTEGER_get(pss->saltLength) == RSA_PSS_SALT_LEN &&
		     (!pss->trailerField ||
		      ASN1_INTEGER_get(pss->trailerField) == 1);
		X509_ALGOR_free(mgf_md);
		RSA_PSS_PARAMS_free(pss);
		if (!ok) {
			vfail(v, "RSASSA-PSS parameters must be SHA-256, MGF1-SHA-256, salt 32");
			return -1;
		}
		return 0;
	}
	bits = EVP_PKEY_get_bits(issuer);
	if ((bits == 256 && nid != NID_ecdsa_with_SHA256) ||
	    (bits == 384 && nid != NID_ecdsa_with_SHA384)) {
		vfail(v, "signed with %s, the issuer's P-%d key needs ecdsa-with-SHA%d",
		      OBJ_nid2ln(nid), bits, bits);
		return -1;
	}
	if (ptype != V_ASN1_UNDEF) {
		vfail(v, "ECDSA signature algorithm with parameters");
		return -1;
	}
	return 0;
}

/* Version, serial, validity, names, key, extensions of one certificate */
static int parse_one(const struct vctx *v, X509 *x, time_t now,
		     struct cert_info *ci)
{
	const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
	BIGNUM *bn;
	char a[32], b[32];
	int n;

	memset(ci, 0, sizeof(*ci));
	if (X509_get_version(x) != X509_VERSION_3) {
		vfail(v, "not an X.509 v3 certificate");
		return -1;
	}
	/* RFC 5280 4.1.2.2: positive, at most 20 octets */
	bn = ASN1_INTEGER_to_BN(serial, NULL);
	n = bn ? BN_num_bytes(bn) : -1;
	if (!bn || BN_is_negative(bn) || BN_is_zero(bn) ||
	    n > HIP_CERT_SERIAL_MAX) {
		BN_free(bn);
		vfail(v, "serial number must be positive, at most 20 bytes");
		return -1;
	}
	ci->serial_len = BN_bn2bin(bn, ci->serial);
	BN_free(bn);

	if (asn1_time(X509_get0_notBefore(x), &ci->not_before) ||
	    asn1_time(X509_get0_notAfter(x), &ci->not_after)) {
		vfail(v, "malformed validity");
		return -1;
	}
	if (now < ci->not_before) {
		strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%SZ",
			 gmtime(&ci->not_before));
		vfail(v, "not yet valid (notBefore %s)", a);
		return -1;
	}
	if (now > ci->not_after) {
		strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ",
			 gmtime(&ci->not_after));
		vfail(v, "expired (notAfter %s)", b);
		return -1;
	}
	if (check_extensions(v, x, ci) || check_subject_key(v, x, ci))
		return -1;
	{
		uint8_t san[HIT_LEN];

		if (alt_name_hit(v, x, NID_subject_alt_name, "subjectAltName",
				 san) ||
		    alt_name_hit(v, x, NID_issuer_alt_name, "issuerAltName",
				 ci->issuer_hit))
			return -1;
		if (memcmp(san, ci->subject_hit, HIT_LEN)) {
			char s1[HIT_STRLEN], s2[HIT_STRLEN];

			format_hit(san, s1);
			format_hit(ci->subject_hit, s2);
			vfail(v, "subjectAltName %s is not the HIT of the subject key (%s)",
			      s1, s2);
			return -1;
		}
	}
	return 0;
}

static int verify_sig(const struct vctx *v, X509 *x, EVP_PKEY *issuer,
		      const char *whose)
{
	if (check_sig_alg(v, x, issuer))
		return -1;
	if (X509_verify(x, issuer) != 1) {
		vfail(v, "signature does not verify with %s (wrong signer or tampered certificate)",
		      whose);
		return -1;
	}
	return 0;
}

int cert_chain_verify(const char *name, STACK_OF(X509) *chain,
		      const struct cert_verify_opts *o, struct cert_info *info)
{
	struct cert_info local[HIP_CERT_CHAIN_MAX], *ci;
	int n = sk_X509_num(chain), i;
	struct vctx v = { name, -1 };
	char s1[HIT_STRLEN], s2[HIT_STRLEN];
	const uint8_t *claimed;
	X509 *x;

	if (!info)
		info = local;
	if (n < 1) {
		vfail(&v, "empty chain");
		return -1;
	}
	if (n > HIP_CERT_CHAIN_MAX) {
		vfail(&v, "more than %d certificates", HIP_CERT_CHAIN_MAX);
		return -1;
	}
	if ((unsigned int)(n - 1) > o->max_delegations) {
		vfail(&v, "%d delegations, more than the maximum %u",
		      n - 1, o->max_delegations);
		return -1;
	}

	/*
	 * cert 0: the self-signed root of the delegated HIT: issuer ==
	 * subject, SAN == IAN == ORCHID(its key) == the claimed HIT, no
	 * delegation extension.
	 */
	v.idx = 0;
	x = sk_X509_value(chain, 0);
	ci = &info[0];
	if (parse_one(&v, x, o->now, ci))
		return -1;
	if (X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(x)) ||
	    memcmp(ci->issuer_hit, ci->subject_hit, HIT_LEN)) {
		vfail(&v, "not self-signed: the chain must start with the root certificate of the delegated HIT (missing root)");
		return -1;
	}
	if (ci->has_delegation) {
		vfail(&v, "the root certificate carries a delegation extension");
		return -1;
	}
	if (verify_sig(&v, x, X509_get0_pubkey(x), "its own key (self-signed root)"))
		return -1;
	claimed = o->hit ? o->hit : ci->subject_hit;
	if (memcmp(ci->subject_hit, claimed, HIT_LEN)) {
		format_hit(ci->subject_hit, s1);
		format_hit(claimed, s2);
		vfail(&v, "root is for HIT %s, not the claimed HIT %s", s1, s2);
		return -1;
	}

	for (i = 1; i < n; i++) {
		struct cert_info *prev = &info[i - 1];

		v.idx = i;
		x = sk_X509_value(chain, i);
		ci = &info[i];
		if (parse_one(&v, x, o->now, ci))
			return -1;
		if (!ci->has_delegation) {
			vfail(&v, "no delegation extension (" HIP_CERT_DELEGATION_OID ")");
			return -1;
		}
		if (verify_sig(&v, x, X509_get0_pubkey(sk_X509_value(chain, i - 1)),
			       i == 1 ? "the root key" : "the key of the previous certificate"))
			return -1;
		if (memcmp(ci->issuer_hit, prev->subject_hit, HIT_LEN)) {
			format_hit(ci->issuer_hit, s1);
			format_hit(prev->subject_hit, s2);
			vfail(&v, "issuerAltName %s does not name the previous subject %s",
			      s1, s2);
			return -1;
		}
		if (memcmp(ci->delegated_hit, claimed, HIT_LEN)) {
			format_hit(ci->delegated_hit, s1);
			format_hit(claimed, s2);
			vfail(&v, "delegates HIT %s, not the claimed HIT %s",
			      s1, s2);
			return -1;
		}
		if (i >= 2 && prev->max_depth < 1) {
			vfail(&v, "issued by a holder that may not re-delegate (certificate %d has maxDepth 0)",
			      i - 1);
			return -1;
		}
		if (i >= 2 && ci->max_depth > prev->max_depth - 1) {
			vfail(&v, "maxDepth %u deeper than allowed (certificate %d allows at most %u)",
			      ci->max_depth, i - 1, prev->max_depth - 1);
			return -1;
		}
	}

	if (o->host_id &&
	    EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(chain, n - 1)),
			o->host_id) != 1) {
		v.idx = n - 1;
		vfail(&v, "the subject key is not the given host identity");
		return -1;
	}
	ERR_clear_error();
	return 0;
}

/* ------------------------------------------------------------------ */
/* Issuing                                                              */

static int add_alt_name(X509 *x, int nid, const uint8_t hit[HIT_LEN])
{
	GENERAL_NAMES *gens = GENERAL_NAMES_new();
	GENERAL_NAME *g = GENERAL_NAME_new();
	ASN1_OCTET_STRING *ip = ASN1_OCTET_STRING_new();
	int ok;

	ok = gens && g && ip && ASN1_OCTET_STRING_set(ip, hit, HIT_LEN);
	if (ok) {
		GENERAL_NAME_set0_value(g, GEN_IPADD, ip);
		ip = NULL;
		ok = sk_GENERAL_NAME_push(gens, g) > 0;
		if (ok)
			g = NULL;
	}
	/* Not critical: the subject Name is not empty (RFC 5280 4.2.1.6). */
	ok = ok && X509_add1_ext_i2d(x, nid, gens, 0, X509V3_ADD_DEFAULT) == 1;
	ASN1_OCTET_STRING_free(ip);
	GENERAL_NAME_free(g);
	GENERAL_NAMES_free(gens);
	return ok ? 0 : -1;
}

static int add_delegation(X509 *x, const uint8_t hit[HIT_LEN],
			  unsigned int depth)
{
	HIP_DELEGATION *d = HIP_DELEGATION_new();
	ASN1_OCTET_STRING *val = NULL;
	X509_EXTENSION *ext = NULL;
	ASN1_OBJECT *oid = delegation_oid();
	unsigned char *der = NULL;
	int len, ok;

	ok = d && oid && ASN1_OCTET_STRING_set(d->delegated_hit, hit, HIT_LEN) &&
	     ASN1_INTEGER_set_int64(d->max_depth, depth);
	len = ok ? i2d_HIP_DELEGATION(d, &der) : -1;
	ok = len > 0 && (val = ASN1_OCTET_STRING_new()) &&
	     ASN1_OCTET_STRING_set(val, der, len) &&
	     (ext = X509_EXTENSION_create_by_OBJ(NULL, oid, 1, val)) &&
	     X509_add_ext(x, ext, -1);
	OPENSSL_free(der);
	X509_EXTENSION_free(ext);
	ASN1_OCTET_STRING_free(val);
	ASN1_OBJECT_free(oid);
	HIP_DELEGATION_free(d);
	return ok ? 0 : -1;
}

static int set_name(X509_NAME *name, const uint8_t hit[HIT_LEN])
{
	char buf[HIT_STRLEN];

	/* One CN attribute: the HIT in RFC 5952 text form */
	format_hit(hit, buf);
	return X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_ASC,
					  (unsigned char *)buf, -1, -1, 0) ? 0 : -1;
}

/* 8 random bytes, positive, always 8 bytes long (RFC 5280 4.1.2.2) */
static int set_serial(X509 *x)
{
	uint8_t rnd[HIP_CERT_SERIAL_LEN];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	rnd[0] = (rnd[0] & 0x7f) | 0x40;
	bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	return ok ? 0 : -1;
}

static int sign_cert(X509 *x, EVP_PKEY *key)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	const char *md;
	int ok;

	if (!mctx)
		return -1;
	if (EVP_PKEY_is_a(key, "RSA"))
		md = "SHA256";
	else if (EVP_PKEY_get_bits(key) == 384)
		md = "SHA384";
	else
		md = "SHA256";
	ok = EVP_DigestSignInit_ex(mctx, &pctx, md, NULL, NULL, key, NULL) == 1;
	if (ok && EVP_PKEY_is_a(key, "RSA"))
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALT_LEN) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", NULL) > 0;
	ok = ok && X509_sign_ctx(x, mctx) > 0;
	EVP_MD_CTX_free(mctx);
	return ok ? 0 : -1;
}

/*
 * One certificate: issuer (HIT, private key) -> subject (HIT, key),
 * with the delegation extension unless root.
 */
static X509 *make_cert(EVP_PKEY *issuer_key, const uint8_t ihit[HIT_LEN],
		       EVP_PKEY *subject_key, const uint8_t shit[HIT_LEN],
		       long long lifetime, bool root,
		       const uint8_t dhit[HIT_LEN], unsigned int depth)
{
	X509 *x = X509_new();
	int ok;

	ok = x && X509_set_version(x, X509_VERSION_3) && !set_serial(x) &&
	     !set_name(X509_get_issuer_name(x), ihit) &&
	     !set_name(X509_get_subject_name(x), shit) &&
	     /* ASN1_TIME: UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5) */
	     X509_gmtime_adj(X509_getm_notBefore(x), 0) &&
	     X509_gmtime_adj(X509_getm_notAfter(x), lifetime) &&
	     X509_set_pubkey(x, subject_key) &&
	     !add_alt_name(x, NID_issuer_alt_name, ihit) &&
	     !add_alt_name(x, NID_subject_alt_name, shit) &&
	     (root || !add_delegation(x, dhit, depth)) &&
	     !sign_cert(x, issuer_key);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* "3600", "90s", "90m", "12h", "30d" -> seconds */
static int parse_duration(const char *s, long long *out)
{
	static const struct {
		char suffix;
		unsigned long long mult;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	unsigned long long v, mult = 1;
	char num[32];
	size_t len = strlen(s), i;

	if (!len || len >= sizeof(num))
		return -1;
	memcpy(num, s, len + 1);
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (num[len - 1] == units[i].suffix) {
			mult = units[i].mult;
			num[--len] = '\0';
			break;
		}
	}
	if (!len || num[0] < '0' || num[0] > '9' ||
	    !parse_uint(num, 1, LIFETIME_MAX, &v) || v > LIFETIME_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

struct hi_get_arg {
	uint8_t hit[HIT_LEN];
};

static int hi_get_build(struct nl_msg *msg, const void *arg)
{
	const struct hi_get_arg *a = arg;

	return hip_nla_put_nested(msg, HIP_A_HI, HIP_A_HI_HIT, HIT_LEN, a->hit);
}

/* The public key of the HI with this HIT in the current namespace */
static EVP_PKEY *subject_from_kernel(const uint8_t hit[HIT_LEN])
{
	struct hip_nl_replies r = { 0 };
	struct hi_get_arg a;
	struct hi_info hi = { 0 };
	char buf[HIT_STRLEN];
	EVP_PKEY *pkey = NULL;
	struct hip_nl nl;
	int err;

	format_hit(hit, buf);
	memcpy(a.hit, hit, HIT_LEN);
	if (hip_nl_open(&nl))
		return NULL;
	err = hip_nl_get(&nl, HIP_CMD_HI_GET, 0, hi_get_build, &a, &r,
			 "host identities");
	hip_nl_close(&nl);
	if (err) {
		hip_nl_replies_free(&r);
		return NULL;
	}
	if (r.n != 1 || hi_info_parse(r.msgs[0], &hi) ||
	    !(hi.has & HI_HAS_PUBKEY) || !(hi.has & HI_HAS_ALGO)) {
		hi_info_free(&hi);
		hip_nl_replies_free(&r);
		errorf("the kernel did not return the public key of HI %s (use --subject KEY.pem)",
		       buf);
		return NULL;
	}
	pkey = key_pkey_from_hi(hi.algo, hi.pubkey, hi.pubkey_len);
	if (!pkey)
		errorf("cannot convert the public key of HI %s (algorithm %u)",
		       buf, hi.algo);
	hi_info_free(&hi);
	hip_nl_replies_free(&r);
	return pkey;
}

/* HIT of a key (private or public) per hit_derive(): the same as everywhere */
static int pkey_hit(const char *name, EVP_PKEY *pkey, uint8_t hit[HIT_LEN])
{
	struct hip_key key;
	int ret = 0;

	if (key_pub_from_pkey(name, pkey, &key))
		return -1;
	if (hit_derive(key.algo, key.pub, key.pub_len, hit) < 0) {
		errorf("%s: cannot compute the HIT", name);
		ret = -1;
	}
	key_free(&key);
	return ret;
}

static int write_chain(const char *path, STACK_OF(X509) *chain)
{
	char *tmp = NULL;
	BIO *bio = NULL;
	int fd = -1, i, ok = 0;

	if (asprintf(&tmp, "%s.tmpXXXXXX", path) < 0) {
		errorf("%s", strerror(ENOMEM));
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		errorf("%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0644) || !(bio = BIO_new_fd(fd, BIO_CLOSE))) {
		errorf("%s: %s", path, strerror(errno ? errno : ENOMEM));
		close(fd);
		goto out;
	}
	for (i = 0; i < sk_X509_num(chain); i++)
		if (!PEM_write_bio_X509(bio, sk_X509_value(chain, i)))
			break;
	ok = i == sk_X509_num(chain) && BIO_flush(bio) == 1 && !fsync(fd);
	BIO_free(bio);
	if (!ok) {
		errorf("%s: write error", path);
		goto out;
	}
	if (rename(tmp, path)) {
		errorf("%s: %s", path, strerror(errno));
		ok = 0;
	}
out:
	if (!ok)
		unlink(tmp);
	free(tmp);
	ERR_clear_error();
	return ok ? 0 : -1;
}

static void cert_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " [ -j ] [ -n NETNS ] cert { issue | verify | add | del | show | revoke } ...\n"
	      "       " PROG_NAME " cert issue --key KEY.pem --subject { KEY.pem | HIT }\n"
	      "                   --lifetime DURATION [ --depth N ] [ --chain FILE ] -o FILE\n"
	      "       " PROG_NAME " cert verify FILE [ --hit HIT ] [ --host-id KEY.pem ]\n"
	      "                   [ --max-depth N ]\n"
	      "DURATION := SECONDS | Ns | Nm | Nh | Nd\n", f);
	certstore_usage(f);
}

/* "--opt VALUE" or "--opt=VALUE" at argv[*i]; NULL if not this option */
static const char *opt_value(int argc, char *argv[], int *i, const char *opt,
			     bool *missing)
{
	size_t l = strlen(opt);

	if (!strcmp(argv[*i], opt)) {
		if (*i + 1 >= argc) {
			*missing = true;
			return NULL;
		}
		return argv[++*i];
	}
	if (!strncmp(argv[*i], opt, l) && argv[*i][l] == '=')
		return argv[*i] + l + 1;
	return NULL;
}

struct issue_args {
	const char *key, *subject, *lifetime, *depth, *chain, *out;
};

static int issue_parse(int argc, char *argv[], struct issue_args *a)
{
	static const struct {
		const char *name, *alt;
		size_t off;
	} o[] = {
		{ "--key", NULL, offsetof(struct issue_args, key) },
		{ "--subject", NULL, offsetof(struct issue_args, subject) },
		{ "--lifetime", NULL, offsetof(struct issue_args, lifetime) },
		{ "--depth", NULL, offsetof(struct issue_args, depth) },
		{ "--chain", NULL, offsetof(struct issue_args, chain) },
		{ "--output", "-o", offsetof(struct issue_args, out) },
	};
	int i;
	size_t k;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		bool missing = false;
		const char *val = NULL;

		for (k = 0; k < ARRAY_SIZE(o); k++) {
			val = opt_value(argc, argv, &i, o[k].name, &missing);
			if (!val && !missing && o[k].alt)
				val = opt_value(argc, argv, &i, o[k].alt,
						&missing);
			if (val || missing)
				break;
		}
		if (missing) {
			errorf("option %s needs a value", argv[i]);
			return -1;
		}
		if (!val) {
			errorf("unexpected argument \"%s\"", argv[i]);
			return -1;
		}
		if (*(const char **)((char *)a + o[k].off)) {
			errorf("option %s given twice", o[k].name);
			return -1;
		}
		*(const char **)((char *)a + o[k].off) = val;
	}
	if (!a->key || !a->subject || !a->lifetime || !a->out) {
		errorf("missing %s", !a->key ? "--key KEY.pem" :
		       !a->subject ? "--subject KEY.pem|HIT" :
		       !a->lifetime ? "--lifetime DURATION" : "-o FILE");
		return -1;
	}
	return 0;
}

static int cert_issue(int argc, char *argv[])
{
	uint8_t ihit[HIT_LEN], shit[HIT_LEN], dhit[HIT_LEN];
	struct cert_info info[HIP_CERT_CHAIN_MAX];
	EVP_PKEY *ikey = NULL, *skey = NULL;
	STACK_OF(X509) *chain = NULL;
	unsigned long long depth = 0;
	struct issue_args a;
	long long lifetime;
	X509 *x = NULL;
	int ret = EXIT_FAIL, n;

	if (issue_parse(argc, argv, &a))
		return EXIT_USAGE;
	if (parse_duration(a.lifetime, &lifetime)) {
		errorf("invalid --lifetime \"%s\" (SECONDS, or N followed by s, m, h or d)",
		       a.lifetime);
		return EXIT_USAGE;
	}
	if (a.depth && !parse_uint(a.depth, 0, HIP_DELEGATION_DEPTH_MAX, &depth)) {
		errorf("invalid --depth \"%s\" (0..%d)", a.depth,
		       HIP_DELEGATION_DEPTH_MAX);
		return EXIT_USAGE;
	}

	ikey = key_read_pkey(a.key, false);
	if (!ikey || pkey_hit(a.key, ikey, ihit))
		goto out;
	if (parse_hit(a.subject, shit)) {
		uint8_t got[HIT_LEN];

		skey = subject_from_kernel(shit);
		if (!skey || pkey_hit(a.subject, skey, got))
			goto out;
		if (memcmp(got, shit, HIT_LEN)) {
			errorf("the public key the kernel returned for %s has another HIT",
			       a.subject);
			goto out;
		}
	} else {
		skey = key_read_pkey(a.subject, true);
		if (!skey || pkey_hit(a.subject, skey, shit))
			goto out;
	}
	if (!memcmp(ihit, shit, HIT_LEN)) {
		errorf("the subject is the issuer itself");
		goto out;
	}

	if (a.chain) {
		struct cert_verify_opts vo = {
			.max_delegations = HIP_CERT_CHAIN_MAX - 1,
			.now = time(NULL),
		};

		chain = cert_chain_load(a.chain);
		if (!chain || cert_chain_verify(a.chain, chain, &vo, info))
			goto out;
		n = sk_X509_num(chain);
		if (n >= HIP_CERT_CHAIN_MAX) {
			errorf("%s: already %d certificates", a.chain, n);
			goto out;
		}
		if (EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(chain, n - 1)),
				ikey) != 1) {
			errorf("%s: the last certificate's subject is not the holder of --key %s",
			       a.chain, a.key);
			goto out;
		}
		memcpy(dhit, info[0].subject_hit, HIT_LEN);
		if (n > 1) {
			/* Ours (no RFC): d(i) <= d(i-1) - 1 (delegation.rst) */
			unsigned int parent_max = info[n - 1].max_depth;

			if (parent_max < 1) {
				errorf("%s: the holder may not re-delegate (maxDepth 0)",
				       a.chain);
				goto out;
			}
			if (depth > parent_max - 1) {
				errorf("--depth %llu exceeds what the chain allows (at most %u)",
				       depth, parent_max - 1);
				goto out;
			}
		}
	} else {
		chain = sk_X509_new_null();
		if (!chain)
			goto nomem;
		memcpy(dhit, ihit, HIT_LEN);
		x = make_cert(ikey, ihit, ikey, ihit, lifetime, true, NULL, 0);
		if (!x || !sk_X509_push(chain, x)) {
			errorf("cannot build the root certificate");
			goto out;
		}
		x = NULL;
	}
	x = make_cert(ikey, ihit, skey, shit, lifetime, false, dhit, depth);
	if (!x || !sk_X509_push(chain, x)) {
		errorf("cannot build the certificate");
		goto out;
	}
	x = NULL;
	if (!write_chain(a.out, chain))
		ret = EXIT_OK;
	goto out;
nomem:
	errorf("%s", strerror(ENOMEM));
out:
	X509_free(x);
	sk_X509_pop_free(chain, X509_free);
	EVP_PKEY_free(ikey);
	EVP_PKEY_free(skey);
	ERR_clear_error();
	return ret;
}

static void fmt_time(time_t t, char buf[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *key_desc(const struct cert_info *ci, char buf[32])
{
	if (ci->algo == HIP_HI_ECDSA)
		snprintf(buf, 32, "ecdsa-%s", curve_name(ci->curve) ?: "?");
	else
		snprintf(buf, 32, "%s-%u", algo_name(ci->algo) ?: "?", ci->bits);
	return buf;
}

static void print_text(STACK_OF(X509) *chain, const struct cert_info *info,
		       const uint8_t *claimed)
{
	int n = sk_X509_num(chain), i;
	char ih[HIT_STRLEN], sh[HIT_STRLEN], nb[32], na[32], kd[32];
	size_t k;

	for (i = 0; i < n; i++) {
		const struct cert_info *ci = &info[i];

		format_hit(ci->issuer_hit, ih);
		format_hit(ci->subject_hit, sh);
		fmt_time(ci->not_before, nb);
		fmt_time(ci->not_after, na);
		printf("cert %d %s -> %s", i, ih, sh);
		if (i == 0)
			printf(" root");
		else
			printf(" depth %d max-depth %u", i, ci->max_depth);
		printf(" key %s valid %s..%s serial ", key_desc(ci, kd), nb,
		       na);
		for (k = 0; k < ci->serial_len; k++)
			printf("%02x", ci->serial[k]);
		putchar('\n');
	}
	format_hit(claimed, ih);
	format_hit(info[n - 1].subject_hit, sh);
	printf("valid: %s held by %s, %d delegation%s\n", ih, sh, n - 1,
	       n == 2 ? "" : "s");
}

static void print_json(STACK_OF(X509) *chain, const struct cert_info *info,
		       const uint8_t *claimed)
{
	int n = sk_X509_num(chain), i;
	char buf[HIT_STRLEN], kd[32];
	struct json j;

	json_init(&j, stdout);
	json_open_object(&j, NULL);
	json_bool(&j, "valid", true);
	format_hit(claimed, buf);
	json_string(&j, "hit", buf);
	format_hit(info[n - 1].subject_hit, buf);
	json_string(&j, "holder", buf);
	json_uint(&j, "delegations", n - 1);
	json_open_array(&j, "certs");
	for (i = 0; i < n; i++) {
		const struct cert_info *ci = &info[i];

		json_open_object(&j, NULL);
		json_uint(&j, "index", i);
		format_hit(ci->issuer_hit, buf);
		json_string(&j, "issuer", buf);
		format_hit(ci->subject_hit, buf);
		json_string(&j, "subject", buf);
		json_bool(&j, "root", i == 0);
		if (ci->has_delegation) {
			format_hit(ci->delegated_hit, buf);
			json_string(&j, "delegated_hit", buf);
			json_uint(&j, "depth", i);
			json_uint(&j, "max_depth", ci->max_depth);
		}
		json_string(&j, "key", key_desc(ci, kd));
		json_uint(&j, "not_before", ci->not_before);
		json_uint(&j, "not_after", ci->not_after);
		json_hex(&j, "serial", ci->serial, ci->serial_len);
		json_close_object(&j);
	}
	json_close_array(&j);
	json_close_object(&j);
	json_end(&j);
}

static int cert_verify(int argc, char *argv[])
{
	struct cert_info info[HIP_CERT_CHAIN_MAX];
	struct cert_verify_opts vo = {
		.max_delegations = HIP_CERT_MAX_DELEGATIONS,
	};
	const char *file = NULL, *hit_arg = NULL, *hid = NULL, *maxd = NULL;
	const char *dup = NULL;
	uint8_t hit[HIT_LEN];
	STACK_OF(X509) *chain = NULL;
	unsigned long long v;
	int i, ret = EXIT_FAIL;

	for (i = 1; i < argc; i++) {
		bool missing = false;
		const char *val;

		if ((val = opt_value(argc, argv, &i, "--hit", &missing))) {
			dup = hit_arg ? "--hit" : NULL;
			hit_arg = val;
		} else if (!missing &&
			   (val = opt_value(argc, argv, &i, "--host-id", &missing))) {
			dup = hid ? "--host-id" : NULL;
			hid = val;
		} else if (!missing &&
			   (val = opt_value(argc, argv, &i, "--max-depth", &missing))) {
			dup = maxd ? "--max-depth" : NULL;
			maxd = val;
		} else if (missing) {
			errorf("option %s needs a value", argv[i]);
			return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			errorf("unknown option \"%s\"", argv[i]);
			return EXIT_USAGE;
		} else if (!file) {
			file = argv[i];
		} else {
			errorf("unexpected argument \"%s\"", argv[i]);
			return EXIT_USAGE;
		}
		if (dup) {
			errorf("option %s given twice", dup);
			return EXIT_USAGE;
		}
	}
	if (!file) {
		errorf("missing certificate FILE");
		return EXIT_USAGE;
	}
	if (hit_arg && !parse_hit(hit_arg, hit)) {
		errorf("invalid HIT \"%s\"", hit_arg);
		return EXIT_USAGE;
	}
	if (maxd) {
		if (!parse_uint(maxd, 0, HIP_CERT_CHAIN_MAX - 1, &v)) {
			errorf("invalid --max-depth \"%s\" (0..%d)", maxd,
			       HIP_CERT_CHAIN_MAX - 1);
			return EXIT_USAGE;
		}
		vo.max_delegations = v;
	}
	vo.hit = hit_arg ? hit : NULL;
	vo.now = time(NULL);
	if (hid) {
		vo.host_id = key_read_pkey(hid, true);
		if (!vo.host_id)
			return EXIT_FAIL;
	}
	chain = cert_chain_load(file);
	if (!chain || cert_chain_verify(file, chain, &vo, info))
		goto out;
	if (opts.json)
		print_json(chain, info, vo.hit ? vo.hit : info[0].subject_hit);
	else
		print_text(chain, info, vo.hit ? vo.hit : info[0].subject_hit);
	ret = EXIT_OK;
out:
	sk_X509_pop_free(chain, X509_free);
	EVP_PKEY_free(vo.host_id);
	ERR_clear_error();
	return ret;
}

/*
 * The "cert" subcommands.  Kernel-side commands go here too, defined
 * in their own file and declared in cert.h:
 *   { "add", NULL, cert_add, "cert add" },
 *   { "del", (const char *const[]){ "delete", NULL }, cert_del, "cert del" },
 *   { "show", (const char *const[]){ "list", "ls", NULL }, cert_show, "cert show" },
 *   { "revoke", NULL, cert_revoke, "cert revoke" },
 */
static const struct subcmd cert_cmds[] = {
	{ "issue", NULL, cert_issue, "cert issue" },
	{ "verify", NULL, cert_verify, "cert verify" },
	{ "add", NULL, certstore_add, "cert add" },
	{ "del", (const char *const[]){ "delete", NULL }, certstore_del,
	  "cert del" },
	{ "show", (const char *const[]){ "list", "ls", NULL }, certstore_show,
	  "cert show" },
	{ "revoke", NULL, certstore_revoke, "cert revoke" },
	{ 0 }
};

int cert_main(int argc, char *argv[])
{
	return subcmd_run(argc, argv, "cert", cert_cmds, cert_usage);
}
