/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing, validation and building of HIP packets (RFC 7401 section 5).
 *
 * hip_parse() is the single gate every received HIP packet passes before
 * any other code reads it: after it returns 0, every parameter recorded
 * in struct hip_parsed lies inside the packet, has at least the minimum
 * length of its type, and its internal length fields are consistent, so
 * the protocol code reads them without further bounds checks.  It does
 * not check the checksum (the caller does, it needs the IP addresses) nor
 * any cryptographic protection.
 */
#ifndef _HIP_PARAM_H
#define _HIP_PARAM_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/skbuff.h>

#include "wire.h"

/* Index of the parameters the protocol code looks at */
enum hip_pidx {
	HIP_PI_ESP_INFO,
	HIP_PI_R1_COUNTER,
	HIP_PI_LOCATOR_SET,
	HIP_PI_PUZZLE,
	HIP_PI_SOLUTION,
	HIP_PI_SEQ,
	HIP_PI_ACK,
	HIP_PI_DH_GROUP_LIST,
	HIP_PI_DIFFIE_HELLMAN,
	HIP_PI_HIP_CIPHER,
	HIP_PI_ENCRYPTED,
	HIP_PI_HOST_ID,
	HIP_PI_HIT_SUITE_LIST,
	HIP_PI_CERT,
	HIP_PI_NOTIFICATION,
	HIP_PI_ECHO_REQUEST_SIGNED,
	HIP_PI_ECHO_RESPONSE_SIGNED,
	HIP_PI_REG_INFO,
	HIP_PI_REG_REQUEST,
	HIP_PI_REG_RESPONSE,
	HIP_PI_REG_FAILED,
	HIP_PI_TRANSPORT_FORMAT_LIST,
	HIP_PI_ESP_TRANSFORM,
	HIP_PI_HIP_MAC,
	HIP_PI_HIP_MAC_2,
	HIP_PI_HIP_SIGNATURE_2,
	HIP_PI_HIP_SIGNATURE,
	HIP_PI_ECHO_REQUEST_UNSIGNED,
	HIP_PI_ECHO_RESPONSE_UNSIGNED,
	HIP_PI_FROM,
	HIP_PI_RVS_HMAC,
	HIP_PI_VIA_RVS,
	__HIP_PI_MAX
};

/**
 * struct hip_param - one located parameter
 * @off: offset of its TLV header from the start of the HIP header, 0 if
 *	the parameter is absent
 * @len: the TLV's Length field (contents only, no padding)
 */
struct hip_param {
	u16 off;
	u16 len;
};

/**
 * struct hip_parsed - result of hip_parse()
 * @hdr: the packet (linear, @len bytes)
 * @len: total length, 8 * (hdr->len + 1)
 * @p: first occurrence of each known parameter
 * @unknown_critical: type of the first unknown critical parameter, 0 if none
 *	(hip_parse() then fails with -EPROTONOSUPPORT)
 */
struct hip_parsed {
	const struct hip_hdr *hdr;
	unsigned int len;
	struct hip_param p[__HIP_PI_MAX];
	u16 unknown_critical;
};

/* Contents of parameter @idx (after the TLV header), NULL if absent */
static inline const void *hip_pval(const struct hip_parsed *hp,
				   enum hip_pidx idx)
{
	if (!hp->p[idx].off)
		return NULL;
	return (const u8 *)hp->hdr + hp->p[idx].off + sizeof(struct hip_tlv);
}

static inline unsigned int hip_plen(const struct hip_parsed *hp,
				    enum hip_pidx idx)
{
	return hp->p[idx].len;
}

/* Validate the HIP packet at @pkt (@len bytes, linear).  Errors:
 *   -EMSGSIZE   packet length field and @len disagree, or too short
 *   -EPROTO     bad version, fixed bits or packet type (unknown control
 *               bits are ignored, see param.c)
 *   -EBADMSG    a parameter runs past the end, parameters out of
 *               ascending order, a duplicate where none is allowed, a
 *               parameter shorter than its type's minimum or with
 *               inconsistent inner lengths
 *   -EPROTONOSUPPORT  an unknown critical parameter (@hp->unknown_critical)
 * After -EBADMSG and -EPROTONOSUPPORT the header has been validated and
 * @hp->hdr, @hp->len are set (to NOTIFY the sender); @hp->p[] is all
 * zero.  After the other errors @hp->hdr is NULL.
 */
int hip_parse(const void *pkt, unsigned int len, struct hip_parsed *hp);

/* Check the contents (@len bytes at @data) of a parameter of known @type
 * as hip_parse() does: 0, -EBADMSG, or -ENOENT for a type it does not
 * know.  For parameters found inside others, e.g. the HOST_ID inside a
 * decrypted ENCRYPTED (RFC 7401 section 5.2.18): the caller checks that
 * the TLV header and its Length fit in the plaintext first.
 */
int hip_param_validate(u16 type, const void *data, unsigned int len);

/* LOCATOR_SET contents (RFC 8046 section 4) as hip_parse() checks them: 0
 * or -EBADMSG (see hip_locator_set_check() in param.c for the rules)
 */
int hip_locator_set_check(const u8 *v, unsigned int len);

/* Contents of the parameter located by @p */
static inline const void *hip_param_data(const struct hip_parsed *hp,
					 const struct hip_param *p)
{
	return (const u8 *)hp->hdr + p->off + sizeof(struct hip_tlv);
}

/* Advance @p (a copy of @hp->p[idx], non-empty) to the next parameter of
 * the same type, for the types that may repeat (CERT, NOTIFICATION,
 * ECHO_REQUEST_UNSIGNED, ECHO_RESPONSE_UNSIGNED, REG_REQUEST, REG_RESPONSE,
 * REG_FAILED, FROM); false if there is none.
 * hip_parse() validated every instance, not only the first:
 *
 *	struct hip_param p = hp->p[HIP_PI_NOTIFICATION];
 *
 *	if (p.off)
 *		do {
 *			use(hip_param_data(hp, &p), p.len);
 *		} while (hip_param_next(hp, &p));
 */
bool hip_param_next(const struct hip_parsed *hp, struct hip_param *p);

/**
 * struct hip_cert_ref - one certificate of a CERT group in a packet
 * @der: the certificate (CERT type 1: DER), inside the packet; NULL for
 *	a CERT ID not seen
 * @len: its length
 */
struct hip_cert_ref {
	const u8 *der;
	unsigned int len;
};

/* Collect one complete CERT group (RFC 8002 section 2) of the packet: the
 * group @group, or with HIP_CERT_GROUP_ANY the first one, into @out
 * indexed by CERT ID - 1 (room for @max); *@n gets the CERT count, *@grp
 * the group.  hip_parse() checked each CERT alone (1 <= ID <= count, a
 * non-empty certificate); this checks the CERTs together:
 *   -ENOENT      no CERT, or none of @group
 *   -EBADMSG     CERTs not in ascending group order (a "MUST", section 2),
 *                two counts in one group, or an ID twice
 *   -EOPNOTSUPP  a certificate of the group not of type 1 (X.509 v3 DER;
 *                the URL and DN types would make us fetch, section 7)
 *   -E2BIG       a count above @max
 *   -ENODATA     the group is incomplete: it continues in a later packet
 *                (section 2 allows it), which is not reassembled here
 */
#define HIP_CERT_GROUP_ANY	(-1)
int hip_cert_group(const struct hip_parsed *hp, int group,
		   struct hip_cert_ref *out, unsigned int max,
		   unsigned int *n, u8 *grp);

/* Value @n (0 or 1) of the DIFFIE_HELLMAN parameter (RFC 7401 section
 * 5.2.7 allows two): group ID and public value, -ENOENT if absent.
 * hip_parse() checked that the value(s) fill the contents exactly and that
 * each public value is non-empty.
 */
int hip_dh_value(const struct hip_parsed *hp, unsigned int n, u8 *group,
		 const u8 **pub, unsigned int *pub_len);

/* HIP checksum (RFC 7401 section 5.1.1): the IPv6 (or IPv4) pseudo header
 * with next header 139 and the @len bytes of the packet, as is.
 *
 * Sending: hip_build_finish() zeroes hdr->csum; set the IP addresses, then
 *	hdr->csum = hip_csum6(&saddr, &daddr, pkt, len);
 * Receiving: compute over the packet with its checksum field untouched;
 * the packet is intact iff the result is 0:
 *	if (hip_csum6(&ip6h->saddr, &ip6h->daddr, pkt, len))
 *		drop (NOTIFY CHECKSUM_FAILED is not sent, 5.2.19);
 */
__sum16 hip_csum6(const struct in6_addr *saddr, const struct in6_addr *daddr,
		  const void *pkt, unsigned int len);
__sum16 hip_csum4(__be32 saddr, __be32 daddr, const void *pkt,
		  unsigned int len);

/**
 * struct hip_builder - appends parameters to a packet being built
 * @buf: the packet buffer, at least HIP_MAX_PACKET bytes
 * @len: bytes used so far
 * @err: first error (-EMSGSIZE when out of room); later calls do nothing
 */
struct hip_builder {
	u8 *buf;
	unsigned int len;
	int err;
};

/* Start a packet in @buf (HIP_MAX_PACKET bytes): header with @type,
 * next header IPPROTO_NONE, version 2, sender HIT @shit and receiver HIT
 * @rhit (NULL: all zero, opportunistic I1), no parameters.
 */
void hip_build_start(struct hip_builder *b, void *buf, u8 type,
		     const struct in6_addr *shit, const struct in6_addr *rhit);
/* Append a parameter of @type whose contents are @len bytes; returns a
 * pointer to the zeroed contents (padding zeroed too) for the caller to
 * fill, or NULL on error.  Parameters must be appended in ascending
 * type order (checked, -EINVAL); like hip_parse(), a known type may follow
 * itself only if it may repeat, unknown types may always.
 */
void *hip_build_param(struct hip_builder *b, u16 type, unsigned int len);
/* Same, copying @data */
int hip_build_param_data(struct hip_builder *b, u16 type, const void *data,
			 unsigned int len);
/* Set the header length field to cover everything appended so far, zero
 * the checksum field and return the packet length (or the builder's
 * error).  May be called several times (the MAC and signature cover the
 * packet "so far", with a zero checksum: RFC 7401 sections 5.2.12-5.2.15).
 */
int hip_build_finish(struct hip_builder *b);
/* Remove everything after @len (used to sign/MAC a shortened packet);
 * @len must be a parameter boundary within the packet, else -EINVAL.
 */
void hip_build_truncate(struct hip_builder *b, unsigned int len);

bool hip_param_selftest(void);

#endif /* _HIP_PARAM_H */
