/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delegation certificates (RFC 8002 section 3; our profile in
 * Documentation/hip/delegation.rst): a DER walker for exactly the fields
 * of the profile, and the validation of a delegation chain.
 *
 * Pure: no tables, no locks.  hip_cert_parse() only reads memory;
 * hip_cert_chain_validate() verifies signatures (rsa.c, ecdsa.c through
 * crypto.h) and derives HITs (hit.c), so it may sleep.
 *
 * Errors are negative enum hip_cert_error values, distinct per kind of
 * failure so that the caller can count them and answer with NOTIFY 50
 * INVALID_CERTIFICATE (RFC 8002 section 5) or a REG_FAILED Failure Type
 * (RFC 8003 section 4.5, hip_cert_reg_failure()).
 */
#ifndef _HIP_CERT_H
#define _HIP_CERT_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/hip.h>

#define HIP_CERT_MAX_LEN	4096	/* one DER certificate */
/* Delegations a chain may hold: the default of HIP_A_CFG_CERT_MAX_DEPTH
 * and its limit
 */
#define HIP_CERT_DEPTH_DEFAULT	3
#define HIP_CERT_DEPTH_MAX	HIP_CERT_MAX_DEPTH_LIMIT
#define HIP_CERT_CHAIN_MAX	(1 + HIP_CERT_DEPTH_MAX)
/* RFC 5280 section 4.1.2.2: at most 20 octets */
#define HIP_CERT_SERIAL_MAX	20
/* HOST_ID "Host Identity" of a subject key: RSA e_len (1 or 3) | e (at
 * most 8 bytes here) | n (at most 4096 bits); ECDSA curve | 0x04 | X | Y
 */
#define HIP_CERT_RSA_E_MAX	8
#define HIP_CERT_HI_MAX		(3 + HIP_CERT_RSA_E_MAX + 512)

enum hip_cert_error {
	HIP_CERT_OK,
	HIP_CERT_E_MALFORMED,	/* not DER, or truncated, or trailing bytes */
	HIP_CERT_E_PROFILE,	/* X.509 but not our profile (version, names,
				 * alternative names, delegation extension)
				 */
	HIP_CERT_E_UNSUPPORTED,	/* signature/key algorithm, curve, key size */
	HIP_CERT_E_CRITICAL,	/* an unknown critical extension */
	HIP_CERT_E_SIGNATURE,	/* a signature does not verify */
	HIP_CERT_E_EXPIRED,	/* now is after notAfter */
	HIP_CERT_E_NOT_YET_VALID, /* now is before notBefore */
	HIP_CERT_E_ISSUER,	/* a link does not name the previous subject */
	HIP_CERT_E_HIT,		/* a HIT is not the ORCHID of its key, or the
				 * chain is for another HIT than the claimed
				 */
	HIP_CERT_E_DEPTH,	/* too many delegations, or re-delegation not
				 * allowed by the issuer's maxDepth
				 */
	HIP_CERT_E_REVOKED,	/* (issuer HIT, serial) on the revocation list */
	HIP_CERT_E_HOST_ID,	/* last subject key is not the presented HI */
	HIP_CERT_E_CHAIN,	/* empty, too long, or no delegation at all */
	HIP_CERT_E_NOMEM,	/* allocation or crypto API failure */
	__HIP_CERT_E_MAX,
};

/* Signature algorithms of the profile (RFC 7401 section 5.2.14 schemes) */
enum hip_cert_sig_alg {
	HIP_CERT_SIG_RSA_PSS_SHA256 = 1,	/* id-RSASSA-PSS, SHA-256,
						 * MGF1-SHA-256, salt 32
						 */
	HIP_CERT_SIG_ECDSA_SHA256,		/* ecdsa-with-SHA256 (P-256) */
	HIP_CERT_SIG_ECDSA_SHA384,		/* ecdsa-with-SHA384 (P-384) */
};

/**
 * struct hip_cert - the fields of one certificate that the profile uses,
 *	pointing into the DER it was parsed from (which must outlive it)
 * @der: the whole certificate; @der_len its length
 * @tbs: tbsCertificate, tag and length included: what is signed
 * @issuer: issuer Name (DER, tag included); @subject likewise
 * @serial: serialNumber contents (positive, as encoded), @serial_len bytes
 * @not_before: validity, seconds since the epoch; @not_after likewise
 * @sig_alg: enum hip_cert_sig_alg of signatureAlgorithm
 * @sig: signatureValue contents (after the unused-bits octet)
 * @key_algo: subject key, enum hip_hi_algo
 * @key_curve: enum hip_ecdsa_curve (ECDSA)
 * @hi: the subject key as a HOST_ID "Host Identity" field (RFC 7401
 *	section 5.2.9), @hi_len bytes: what rsa.c, ecdsa.c and hit.c take
 * @ian: issuerAltName iPAddress, the issuer's HIT (RFC 8002 section 3)
 * @san: subjectAltName iPAddress, the subject's HIT
 * @has_deleg: the delegation extension is present
 * @deleg_hit: its delegatedHit
 * @deleg_depth: its maxDepth
 */
struct hip_cert {
	const u8 *der;
	unsigned int der_len;
	const u8 *tbs;
	unsigned int tbs_len;
	const u8 *issuer;
	unsigned int issuer_len;
	const u8 *subject;
	unsigned int subject_len;
	const u8 *serial;
	unsigned int serial_len;
	u64 not_before;
	u64 not_after;
	u8 sig_alg;
	const u8 *sig;
	unsigned int sig_len;
	u8 key_algo;
	u16 key_curve;
	u8 hi[HIP_CERT_HI_MAX];
	unsigned int hi_len;
	struct in6_addr ian;
	struct in6_addr san;
	bool has_deleg;
	struct in6_addr deleg_hit;
	u8 deleg_depth;
};

/**
 * struct hip_cert_policy - what a chain is checked against
 * @now: the time, seconds since the epoch (ktime_get_real_seconds();
 *	a parameter so that the self-tests are deterministic)
 * @max_depth: most delegations accepted (at most HIP_CERT_DEPTH_MAX)
 * @hit: the HIT the chain must be for (the HIT in the packet); NULL: any
 * @host_id: the HI the holder presents (HOST_ID "Host Identity" field,
 *	@host_id_len bytes, algorithm @host_algo); NULL: not checked
 * @revoked: whether (@issuer HIT, @serial of @len bytes) is revoked; NULL:
 *	nothing is
 * @arg: passed to @revoked
 */
struct hip_cert_policy {
	u64 now;
	unsigned int max_depth;
	const struct in6_addr *hit;
	const u8 *host_id;
	unsigned int host_id_len;
	u8 host_algo;
	bool (*revoked)(void *arg, const struct in6_addr *issuer,
			const u8 *serial, unsigned int len);
	void *arg;
};

/**
 * struct hip_cert_result - what a validation found
 * @ncerts: certificates in the chain
 * @failed: index (0 = root) of the certificate that failed; the CERT ID
 *	for NOTIFY 50 data is @failed + 1 (RFC 8002 section 5)
 * @delegated_hit: the HIT the chain delegates (the root's)
 * @issuer_hit: IAN of the last certificate
 * @subject_hit: SAN of the last certificate (the holder's own HIT)
 * @depth: number of delegations (@ncerts - 1)
 * @max_depth: what the holder may still delegate (last maxDepth)
 * @not_before: latest notBefore of the chain
 * @not_after: earliest notAfter of the chain
 * @serial: serial of the last certificate, @serial_len bytes
 */
struct hip_cert_result {
	unsigned int ncerts;
	unsigned int failed;
	struct in6_addr delegated_hit;
	struct in6_addr issuer_hit;
	struct in6_addr subject_hit;
	u8 depth;
	u8 max_depth;
	u64 not_before;
	u64 not_after;
	u8 serial[HIP_CERT_SERIAL_MAX];
	unsigned int serial_len;
};

/* Parse the DER certificate @der of exactly @len bytes into @c: 0 or a
 * negative enum hip_cert_error (MALFORMED, PROFILE, UNSUPPORTED,
 * CRITICAL).  Checks no signature and no time.
 */
int hip_cert_parse(const u8 *der, unsigned int len, struct hip_cert *c);

/* Parse concatenated DER certificates (root first) at @buf, @len bytes,
 * into @certs (room for @max); *@n gets how many.  More than @max is
 * HIP_CERT_E_CHAIN.  On error *@n is the index of the failing one.
 */
int hip_cert_chain_parse(const u8 *buf, unsigned int len,
			 struct hip_cert *certs, unsigned int max,
			 unsigned int *n);

/* Validate the chain @certs[0..@n-1] (root first) against @pol, as
 * Documentation/hip/delegation.rst says; @res is filled (also on error:
 * @res->failed).  0 or a negative enum hip_cert_error.  May sleep.
 */
int hip_cert_chain_validate(const struct hip_cert *certs, unsigned int n,
			    const struct hip_cert_policy *pol,
			    struct hip_cert_result *res);

/* A short text for the negative enum hip_cert_error @err (extack) */
const char *hip_cert_strerror(int err);
/* An errno for @err: -EINVAL, -EKEYREJECTED, -EKEYEXPIRED, ... */
int hip_cert_errno(int err);
/* RFC 8003 section 4.5 Failure Type for @err (3..8, section 7) */
u8 hip_cert_reg_failure(int err);

bool hip_cert_selftest(void);

#endif /* _HIP_CERT_H */
