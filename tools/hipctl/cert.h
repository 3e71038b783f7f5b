/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Delegation certificates (Documentation/hip/delegation.rst): the X.509 v3
 * profile (RFC 5280, RFC 8002 3), chains A -> B -> C ... rooted in the
 * self-signed certificate of the delegated HIT, and their validation, all
 * with OpenSSL 3.
 *
 * "hipctl cert issue" and "hipctl cert verify" live in cert.c; the
 * commands that talk to the kernel (add, del, show, revoke) go into the
 * table cert_cmds[] of cert.c and may use the chain helpers below.
 */
#ifndef HIPCTL_CERT_H
#define HIPCTL_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#include "util.h"

/*
 * Our delegation extension, critical (delegation.rst): a UUID arc (ITU-T
 * X.667 / RFC 9562, OID 2.25.<UUID as an integer>) needs no registration.
 *   HipDelegation ::= SEQUENCE {
 *       delegatedHit OCTET STRING (SIZE(16)),
 *       maxDepth     INTEGER (0..255) }
 */
#define HIP_CERT_ARC		"2.25.137592137204914361633377730913996342799"
#define HIP_CERT_DELEGATION_OID	HIP_CERT_ARC ".1"

/* Number of delegations a verifier accepts by default (cert 1..3) */
#define HIP_CERT_MAX_DELEGATIONS	3
/* Largest chain file, largest number of certificates in a chain */
#define HIP_CERT_FILE_MAX	(256 * 1024)
#define HIP_CERT_CHAIN_MAX	16
#define HIP_CERT_SERIAL_LEN	8	/* what we issue; RFC 5280 allows 20 */
#define HIP_CERT_SERIAL_MAX	20

/* What the validation learned about one certificate of a chain */
struct cert_info {
	uint8_t issuer_hit[HIT_LEN];	/* IAN iPAddress */
	uint8_t subject_hit[HIT_LEN];	/* SAN iPAddress == ORCHID(key) */
	bool has_delegation;		/* false for the root (cert 0) */
	uint8_t delegated_hit[HIT_LEN];
	unsigned int max_depth;
	time_t not_before, not_after;
	uint8_t serial[HIP_CERT_SERIAL_MAX];
	size_t serial_len;
	unsigned int algo, curve, bits;	/* subject key, enum hip_hi_algo */
};

struct cert_verify_opts {
	const uint8_t *hit;	/* the claimed HIT; NULL: the root's */
	EVP_PKEY *host_id;	/* the last subject key must be this; or NULL */
	unsigned int max_delegations;
	time_t now;
};

/*
 * Reads the certificates of path, in file order: concatenated PEM, or
 * concatenated DER.  NULL after printing one error line.
 */
STACK_OF(X509) *cert_chain_load(const char *path);

/*
 * The certificates of concatenated DER (HIP_A_CERT_CHAIN, a CERT group);
 * name prefixes the error line.  NULL after printing one error line.
 */
STACK_OF(X509) *cert_chain_from_der(const char *name, const uint8_t *der,
				    size_t len);

/*
 * Validates chain per delegation.rst ("Validation"); info (may be NULL)
 * gets one entry per certificate.  name prefixes the error line (a file
 * name).  0, or -1 after printing one error line naming the certificate
 * and the reason.
 */
int cert_chain_verify(const char *name, STACK_OF(X509) *chain,
		      const struct cert_verify_opts *o, struct cert_info *info);

/*
 * The chain as concatenated DER, root first (HIP_A_CERT_CHAIN and the
 * CERT group on the wire); OPENSSL_free() it.  NULL on error (printed).
 */
uint8_t *cert_chain_der(STACK_OF(X509) *chain, size_t *len);

#endif /* HIPCTL_CERT_H */
