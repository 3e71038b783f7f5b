// SPDX-License-Identifier: GPL-2.0
/*
 * HIP packet parsing, validation and building (RFC 7401 section 5).
 *
 * hip_parse() validates a whole received packet before anything else
 * reads it; see param.h for what a successful return guarantees.  The
 * rules, with the RFC sections they come from:
 *
 *  - 5.1: the packet is 8 * (Header Length + 1) bytes long and at least
 *    the 40-byte fixed header; the bit before Packet Type is 0 (SHIM6
 *    fixed bit), Version is 2 and the last bit of that byte is 1.  The
 *    three RES. bits are ignored on receipt.  Only the controls bit A is
 *    defined; the others "MUST be zero when sent" and receivers are not
 *    told to check them, so unknown control bits are ignored (future
 *    extensions may define them).  Next Header is left to the caller.
 *  - 5.3: only the packet types defined by RFC 7401 are accepted (I1, R1,
 *    I2, R2, UPDATE, NOTIFY, CLOSE, CLOSE_ACK).
 *  - 5.2.1: each parameter is a TLV whose Length excludes the 4-byte
 *    header and the padding; it occupies 4 + Length rounded up to 8 bytes
 *    and must fit in the packet.  Types form a non-decreasing sequence:
 *    parameters of the same type must be consecutive.  Of the types we
 *    index only those that RFC 7401 lets appear more than once
 *    (CERT, RFC 8002 section 2; NOTIFICATION in NOTIFY, section 5.3.6; ECHO_REQUEST_UNSIGNED in R1,
 *    5.3.2; ECHO_RESPONSE_UNSIGNED in I2, 5.3.3) may repeat, and the first
 *    one is recorded (hip_param_next() walks the others); a repeated
 *    instance of any other indexed type is an error.  Unknown types may
 *    repeat.  Padding is not checked (5.2.1: not to be verified).
 *  - 5.2.1: an unknown critical parameter (odd type) stops processing:
 *    -EPROTONOSUPPORT with hp->unknown_critical set, so the caller can
 *    answer with NOTIFY UNSUPPORTED_CRITICAL_PARAMETER_TYPE (5.2.19).
 *    Unknown non-critical parameters are skipped.
 *  - Per type, the minimum lengths and inner length fields in hip_ptypes[]
 *    and hip_param_check() below.
 */

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "param.h"

/* hip_ptype.flags */
#define HIP_PT_REPEAT	0x01	/* may appear several times (first recorded) */
#define HIP_PT_EXACT	0x02	/* Length must be exactly @min */
#define HIP_PT_EVEN	0x04	/* Length must be even */
#define HIP_PT_MUL4	0x08	/* Length must be a multiple of 4 */
#define HIP_PT_MUL16	0x10	/* Length must be a multiple of 16 */

/**
 * struct hip_ptype - what hip_parse() knows about a parameter type
 * @type: parameter type
 * @idx: where it is recorded in struct hip_parsed
 * @flags: HIP_PT_*
 * @min: minimum Length (exact Length with HIP_PT_EXACT)
 */
struct hip_ptype {
	u16 type;
	u8 idx;
	u8 flags;
	u16 min;
};

/* In ascending type order */
static const struct hip_ptype hip_ptypes[] = {
	/* RFC 7402 5.1.1: reserved, KEYMAT index, old SPI, new SPI */
	{ HIP_P_ESP_INFO, HIP_PI_ESP_INFO, HIP_PT_EXACT, 12 },
	/* 5.2.3: reserved (4) and a 64-bit generation counter */
	{ HIP_P_R1_COUNTER, HIP_PI_R1_COUNTER, HIP_PT_EXACT, 12 },
	/* RFC 8046 4: zero or more Locators (hip_locator_set_check()) */
	{ HIP_P_LOCATOR_SET, HIP_PI_LOCATOR_SET, HIP_PT_MUL4, 0 },
	/* 5.2.4, 5.2.5: #K, lifetime, opaque (4 bytes) and RHASH_len / 8
	 * bytes of #I (then #J); the HIT suites we support use SHA-256 or
	 * SHA-384, so at least 32.  The protocol code checks the exact
	 * length against the RHASH of the HIT suite in use.
	 */
	{ HIP_P_PUZZLE, HIP_PI_PUZZLE, 0, 4 + 32 },
	{ HIP_P_SOLUTION, HIP_PI_SOLUTION, 0, 4 + 2 * 32 },
	/* 5.2.16: Update ID */
	{ HIP_P_SEQ, HIP_PI_SEQ, HIP_PT_EXACT, 4 },
	/* 5.2.17: one or more peer Update IDs */
	{ HIP_P_ACK, HIP_PI_ACK, HIP_PT_MUL4, 4 },
	/* 5.2.6: one byte per DH group ID */
	{ HIP_P_DH_GROUP_LIST, HIP_PI_DH_GROUP_LIST, 0, 1 },
	/* 5.2.7: group ID, public value length, public value (x1 or x2) */
	{ HIP_P_DIFFIE_HELLMAN, HIP_PI_DIFFIE_HELLMAN, 0, 3 + 1 },
	/* 5.2.8: 16-bit cipher IDs */
	{ HIP_P_HIP_CIPHER, HIP_PI_HIP_CIPHER, HIP_PT_EVEN, 2 },
	/* 5.2.18: reserved (4), then IV and ciphertext (>= 1 AES block) */
	{ HIP_P_ENCRYPTED, HIP_PI_ENCRYPTED, 0, 4 + 16 },
	/* 5.2.9: HI length, DI-type/DI length, algorithm, HI, DI */
	{ HIP_P_HOST_ID, HIP_PI_HOST_ID, 0, 6 },
	/* 5.2.10: one byte per HIT suite ID */
	{ HIP_P_HIT_SUITE_LIST, HIP_PI_HIT_SUITE_LIST, 0, 1 },
	/* RFC 8002 2: group, count, ID, type, then the certificate (not
	 * empty); one certificate per CERT, many CERTs per packet
	 */
	{ HIP_P_CERT, HIP_PI_CERT, HIP_PT_REPEAT, 4 + 1 },
	/* 5.2.19: reserved, notify message type, data */
	{ HIP_P_NOTIFICATION, HIP_PI_NOTIFICATION, HIP_PT_REPEAT, 4 },
	/* 5.2.20, 5.2.22: opaque data */
	{ HIP_P_ECHO_REQUEST_SIGNED, HIP_PI_ECHO_REQUEST_SIGNED, 0, 0 },
	/* RFC 8003 4.2: Min and Max Lifetime, then the offered types (none:
	 * no service for now); 4.3-4.5: Lifetime or Failure Type, then at
	 * least one type.  A registrar MUST process several REG_REQUESTs, a
	 * requester several REG_RESPONSEs (4.3, 4.4); REG_FAILED may come
	 * once per Failure Type (3.3).
	 */
	{ HIP_P_REG_INFO, HIP_PI_REG_INFO, 0, 2 },
	{ HIP_P_REG_REQUEST, HIP_PI_REG_REQUEST, HIP_PT_REPEAT, 2 },
	{ HIP_P_REG_RESPONSE, HIP_PI_REG_RESPONSE, HIP_PT_REPEAT, 2 },
	{ HIP_P_REG_FAILED, HIP_PI_REG_FAILED, HIP_PT_REPEAT, 2 },
	{ HIP_P_ECHO_RESPONSE_SIGNED, HIP_PI_ECHO_RESPONSE_SIGNED, 0, 0 },
	/* 5.2.11: 16-bit transport format types */
	{ HIP_P_TRANSPORT_FORMAT_LIST, HIP_PI_TRANSPORT_FORMAT_LIST,
	  HIP_PT_EVEN, 2 },
	/* RFC 7402 5.1.2: reserved (2) and 16-bit ESP suite IDs */
	{ HIP_P_ESP_TRANSFORM, HIP_PI_ESP_TRANSFORM, HIP_PT_EVEN, 2 + 2 },
	/* 5.2.12, 5.2.13: HMAC-SHA-256 or HMAC-SHA-384 (hip_param_check) */
	{ HIP_P_HIP_MAC, HIP_PI_HIP_MAC, 0, 32 },
	{ HIP_P_HIP_MAC_2, HIP_PI_HIP_MAC_2, 0, 32 },
	/* 5.2.14, 5.2.15: 16-bit SIG alg, then the signature */
	{ HIP_P_HIP_SIGNATURE_2, HIP_PI_HIP_SIGNATURE_2, 0, 2 },
	{ HIP_P_HIP_SIGNATURE, HIP_PI_HIP_SIGNATURE, 0, 2 },
	/* 5.2.23, 5.2.21: opaque data, may repeat (5.3.2, 5.3.3) */
	{ HIP_P_ECHO_RESPONSE_UNSIGNED, HIP_PI_ECHO_RESPONSE_UNSIGNED,
	  HIP_PT_REPEAT, 0 },
	{ HIP_P_ECHO_REQUEST_UNSIGNED, HIP_PI_ECHO_REQUEST_UNSIGNED,
	  HIP_PT_REPEAT, 0 },
	/* RFC 8004 4.2.2: one address; an RVS appends its FROM after those
	 * already present, so it may repeat
	 */
	{ HIP_P_FROM, HIP_PI_FROM, HIP_PT_EXACT | HIP_PT_REPEAT, 16 },
	/* 4.2.1: an HMAC as in HIP_MAC (hip_param_check) */
	{ HIP_P_RVS_HMAC, HIP_PI_RVS_HMAC, 0, 32 },
	/* 4.2.3: one or more addresses */
	{ HIP_P_VIA_RVS, HIP_PI_VIA_RVS, HIP_PT_MUL16, 16 },
};

static const struct hip_ptype *hip_ptype_find(unsigned int type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_ptypes); i++)
		if (hip_ptypes[i].type == type)
			return &hip_ptypes[i];
	return NULL;
}

static bool hip_packet_type_known(unsigned int type)
{
	switch (type) {
	case HIP_I1:
	case HIP_R1:
	case HIP_I2:
	case HIP_R2:
	case HIP_UPDATE:
	case HIP_NOTIFY:
	case HIP_CLOSE:
	case HIP_CLOSE_ACK:
		return true;
	}
	return false;
}

/* Check one DIFFIE_HELLMAN value (5.2.7) at @v, @left bytes available:
 * returns its size (3 + public value length) or 0 if it does not fit or
 * has an empty public value.
 */
static unsigned int hip_dh_value_size(const u8 *v, unsigned int left)
{
	unsigned int pub_len;

	if (left < 3)
		return 0;
	pub_len = get_unaligned_be16(v + 1);
	if (!pub_len || pub_len > left - 3)
		return 0;
	return 3 + pub_len;
}

/* Locator Length in words that a Locator Type must have (RFC 8046 section
 * 4.2; RFC 5770 section 4.8 for type 2), 0 for a type we do not know
 */
static unsigned int hip_loctype_words(u8 type)
{
	switch (type) {
	case HIP_LOCTYPE_ADDR:
		return HIP_LOCTYPE_ADDR_WORDS;
	case HIP_LOCTYPE_ESP:
		return HIP_LOCTYPE_ESP_WORDS;
	case HIP_LOCTYPE_TRANSPORT:
		return HIP_LOCTYPE_TRANSPORT_WORDS;
	}
	return 0;
}

/* RFC 8046 section 4: zero or more Locators, each an 8-byte fixed part and
 * Locator Length words, filling the contents exactly (a LOCATOR_SET with
 * no Locator is legal: it deprecates every address).  The Locator Length
 * of the known Locator Types must be the one of their type; a Locator of
 * an unknown type only has to fit (5.3: the receiver answers it with
 * NOTIFY LOCATOR_TYPE_UNSUPPORTED, it is not a malformed packet).  "Each
 * locator MUST have a non-zero lifetime" (4).
 */
int hip_locator_set_check(const u8 *v, unsigned int len)
{
	unsigned int off = 0;

	while (off < len) {
		const struct hip_locator_hdr *l = (const void *)(v + off);
		unsigned int words, size;

		if (len - off < sizeof(*l))
			return -EBADMSG;
		words = hip_loctype_words(l->type);
		if (words && l->len != words)
			return -EBADMSG;
		if (!l->len || !get_unaligned_be32(&l->lifetime))
			return -EBADMSG;
		size = sizeof(*l) + 4 * l->len;
		if (size > len - off)
			return -EBADMSG;
		off += size;
	}
	return 0;
}

/* Length and inner consistency of a known parameter; @v is its contents */
static int hip_param_check(const struct hip_ptype *pt, const u8 *v,
			   unsigned int len)
{
	unsigned int n;

	if (len < pt->min)
		return -EBADMSG;
	if ((pt->flags & HIP_PT_EXACT) && len != pt->min)
		return -EBADMSG;
	if ((pt->flags & HIP_PT_EVEN) && (len & 1))
		return -EBADMSG;
	if ((pt->flags & HIP_PT_MUL4) && (len & 3))
		return -EBADMSG;
	if ((pt->flags & HIP_PT_MUL16) && (len & 15))
		return -EBADMSG;

	switch (pt->type) {
	case HIP_P_DIFFIE_HELLMAN:
		/* 5.2.7: one value, or two (the second for the Initiator to
		 * choose from in R1); nothing else may follow them.
		 */
		n = hip_dh_value_size(v, len);
		if (!n)
			return -EBADMSG;
		if (n < len && hip_dh_value_size(v + n, len - n) != len - n)
			return -EBADMSG;
		break;
	case HIP_P_HOST_ID: {
		/* 5.2.9: the HI and the DI must fit in the contents */
		unsigned int hi_len = get_unaligned_be16(v);
		unsigned int di_len = get_unaligned_be16(v + 2) & 0x0fff;

		if (6 + hi_len + di_len > len)
			return -EBADMSG;
		break;
	}
	case HIP_P_LOCATOR_SET:
		return hip_locator_set_check(v, len);
	case HIP_P_CERT: {
		/* RFC 8002 2: "The numbers in the CERT ID field MUST start
		 * from 1 up to CERT count".  The type is left to
		 * hip_cert_group(): CERT is non-critical, a type we do not
		 * use is no reason to drop the packet.
		 */
		const struct hip_cert_param *c = (const void *)v;

		if (!c->count || !c->id || c->id > c->count)
			return -EBADMSG;
		break;
	}
	case HIP_P_HIP_MAC:
	case HIP_P_HIP_MAC_2:
	case HIP_P_RVS_HMAC:
		if (len != 32 && len != 48)
			return -EBADMSG;
		break;
	}
	return 0;
}

int hip_param_validate(u16 type, const void *data, unsigned int len)
{
	const struct hip_ptype *pt = hip_ptype_find(type);

	if (!pt)
		return -ENOENT;
	return hip_param_check(pt, data, len);
}

static int hip_parse_params(const u8 *base, unsigned int len,
			    struct hip_parsed *hp);

int hip_parse(const void *pkt, unsigned int len, struct hip_parsed *hp)
{
	const struct hip_hdr *hdr = pkt;
	int err;

	memset(hp, 0, sizeof(*hp));

	/* 5.1: fixed header, Header Length.  Bytes after the 8 * (Header
	 * Length + 1) that the header covers are trailing data, which "MUST"
	 * be ignored (5.1, Next Header): the packet ends there.
	 */
	if (len < HIP_HDR_LEN)
		return -EMSGSIZE;
	if (len < 8 * ((unsigned int)hdr->len + 1))
		return -EMSGSIZE;
	len = 8 * ((unsigned int)hdr->len + 1);
	if (len < HIP_HDR_LEN || len > HIP_MAX_PACKET)
		return -EMSGSIZE;
	/* 5.1: Packet Type (5.3) and Version.  The two fixed bits (0 before
	 * the type, 1 after the version) "MUST be ignored when receiving",
	 * like the three reserved bits.
	 */
	if (!hip_packet_type_known(hdr->type & 0x7f))
		return -EPROTO;
	if ((hdr->ver >> 4) != HIP_VERSION)
		return -EPROTO;

	/* From here on the header is valid: the caller may use hp->hdr (for
	 * instance to NOTIFY the sender) even when the parameters are not.
	 */
	hp->hdr = hdr;
	hp->len = len;

	err = hip_parse_params(pkt, len, hp);
	if (err)	/* keep hp->hdr, forget the partial index */
		memset(hp->p, 0, sizeof(hp->p));
	return err;
}

static int hip_parse_params(const u8 *base, unsigned int len,
			    struct hip_parsed *hp)
{
	unsigned int off, prev = 0;
	bool first = true;

	/* 5.2.1.  @len and @off are multiples of 8 and every parameter
	 * occupies a multiple of 8 bytes, so at least 8 bytes are left at
	 * the top of each iteration: the TLV header always fits.
	 */
	for (off = HIP_HDR_LEN; off < len; ) {
		const struct hip_tlv *tlv = (const void *)(base + off);
		unsigned int type = get_unaligned_be16(&tlv->type);
		unsigned int plen = get_unaligned_be16(&tlv->len);
		unsigned int total = HIP_PARAM_TOTAL(plen);
		const struct hip_ptype *pt;
		bool repeat;
		int err;

		if (len - off < sizeof(*tlv) || total > len - off)
			return -EBADMSG;
		if (!first && type < prev)
			return -EBADMSG;
		repeat = !first && type == prev;
		first = false;
		prev = type;

		pt = hip_ptype_find(type);
		if (!pt) {
			if (HIP_PARAM_CRITICAL(type)) {
				hp->unknown_critical = type;
				return -EPROTONOSUPPORT;
			}
			off += total;
			continue;
		}
		if (repeat && !(pt->flags & HIP_PT_REPEAT))
			return -EBADMSG;
		/* Repeated instances are checked as well, for hip_param_next() */
		err = hip_param_check(pt, base + off + sizeof(*tlv), plen);
		if (err)
			return err;
		if (!repeat) {
			hp->p[pt->idx].off = off;
			hp->p[pt->idx].len = plen;
		}
		off += total;
	}
	return 0;
}

bool hip_param_next(const struct hip_parsed *hp, struct hip_param *p)
{
	const struct hip_tlv *cur, *next;
	unsigned int off, plen;

	if (!p->off)
		return false;
	cur = (const void *)((const u8 *)hp->hdr + p->off);
	off = p->off + HIP_PARAM_TOTAL(p->len);
	/* hip_parse() made every TLV fit, so only the end needs checking */
	if (off >= hp->len)
		return false;
	next = (const void *)((const u8 *)hp->hdr + off);
	if (get_unaligned_be16(&next->type) != get_unaligned_be16(&cur->type))
		return false;
	plen = get_unaligned_be16(&next->len);
	p->off = off;
	p->len = plen;
	return true;
}

int hip_cert_group(const struct hip_parsed *hp, int group,
		   struct hip_cert_ref *out, unsigned int max,
		   unsigned int *n, u8 *grp)
{
	struct hip_param p = hp->p[HIP_PI_CERT];
	unsigned int count = 0, seen = 0, prev = 0;
	bool found = false;
	int err = 0;

	if (!p.off)
		return -ENOENT;
	do {
		const struct hip_cert_param *c = hip_param_data(hp, &p);

		/* RFC 8002 2: "The CERT parameters MUST be placed in
		 * ascending order, within a HIP control packet, according
		 * to their CERT group field": so a group is contiguous
		 */
		if (c->group < prev)
			return -EBADMSG;
		prev = c->group;
		if (group == HIP_CERT_GROUP_ANY)
			group = c->group;
		if (c->group != group || err)
			continue;
		if (!found) {
			found = true;
			count = c->count;
			if (count > max) {
				err = -E2BIG;	/* still check the order */
				continue;
			}
			memset(out, 0, count * sizeof(*out));
		}
		if (c->count != count || out[c->id - 1].der)
			return -EBADMSG;
		if (c->type != HIP_CERT_TYPE_X509V3) {
			err = -EOPNOTSUPP;
			continue;
		}
		/* hip_parse(): 1 <= id <= count, at least one byte */
		out[c->id - 1].der = c->cert;
		out[c->id - 1].len = p.len - sizeof(*c);
		seen++;
	} while (hip_param_next(hp, &p));
	if (!found)
		return -ENOENT;
	if (err)
		return err;
	/* IDs are unique in 1..count: fewer means some are still to come */
	if (seen != count)
		return -ENODATA;
	*n = count;
	*grp = group;
	return 0;
}

int hip_dh_value(const struct hip_parsed *hp, unsigned int n, u8 *group,
		 const u8 **pub, unsigned int *pub_len)
{
	const u8 *v = hip_pval(hp, HIP_PI_DIFFIE_HELLMAN);
	unsigned int len = hip_plen(hp, HIP_PI_DIFFIE_HELLMAN);
	unsigned int size;

	if (!v || n > 1)
		return -ENOENT;
	/* hip_parse() checked one or two values filling the contents */
	size = 3 + get_unaligned_be16(v + 1);
	if (n == 1) {
		if (size >= len)
			return -ENOENT;
		v += size;
	}
	*group = v[0];
	*pub_len = get_unaligned_be16(v + 1);
	*pub = v + 3;
	return 0;
}

/* 5.1.1: the checksum covers an IPv6 pseudo header (source, destination,
 * upper-layer length, next header 139) or an IPv4 one (source,
 * destination, zero, protocol 139, length), then the HIP packet.
 */
__sum16 hip_csum6(const struct in6_addr *saddr, const struct in6_addr *daddr,
		  const void *pkt, unsigned int len)
{
	return csum_ipv6_magic(saddr, daddr, len, IPPROTO_HIP,
			       csum_partial(pkt, len, 0));
}

__sum16 hip_csum4(__be32 saddr, __be32 daddr, const void *pkt,
		  unsigned int len)
{
	return csum_tcpudp_magic(saddr, daddr, len, IPPROTO_HIP,
				 csum_partial(pkt, len, 0));
}

void hip_build_start(struct hip_builder *b, void *buf, u8 type,
		     const struct in6_addr *shit, const struct in6_addr *rhit)
{
	struct hip_hdr *hdr = buf;

	b->buf = buf;
	b->len = HIP_HDR_LEN;
	b->err = 0;
	memset(hdr, 0, HIP_HDR_LEN);
	hdr->nexthdr = IPPROTO_NONE;
	hdr->len = HIP_HDR_LEN / 8 - 1;
	hdr->type = type & 0x7f;
	hdr->ver = HIP_HDR_VER(HIP_VERSION);
	hdr->sender_hit = *shit;
	if (rhit)
		hdr->receiver_hit = *rhit;
}

/* Type of the last parameter appended, 0 (reserved) if none */
static unsigned int hip_build_last_type(const struct hip_builder *b)
{
	unsigned int off = HIP_HDR_LEN, type = 0;

	while (off + sizeof(struct hip_tlv) <= b->len) {
		const struct hip_tlv *tlv = (const void *)(b->buf + off);

		type = get_unaligned_be16(&tlv->type);
		off += HIP_PARAM_TOTAL(get_unaligned_be16(&tlv->len));
	}
	return type;
}

void *hip_build_param(struct hip_builder *b, u16 type, unsigned int len)
{
	unsigned int last, total;
	struct hip_tlv *tlv;
	void *v;

	if (b->err)
		return NULL;
	if (b->len > HIP_HDR_LEN) {
		const struct hip_ptype *pt = hip_ptype_find(type);

		last = hip_build_last_type(b);
		if (type < last ||
		    (type == last && pt && !(pt->flags & HIP_PT_REPEAT))) {
			b->err = -EINVAL;
			return NULL;
		}
	}
	if (len > U16_MAX || HIP_PARAM_TOTAL(len) > HIP_MAX_PACKET - b->len) {
		b->err = -EMSGSIZE;
		return NULL;
	}
	total = HIP_PARAM_TOTAL(len);
	tlv = (struct hip_tlv *)(b->buf + b->len);
	put_unaligned_be16(type, &tlv->type);
	put_unaligned_be16(len, &tlv->len);
	v = tlv + 1;
	memset(v, 0, total - sizeof(*tlv));
	b->len += total;
	return v;
}

int hip_build_param_data(struct hip_builder *b, u16 type, const void *data,
			 unsigned int len)
{
	void *v = hip_build_param(b, type, len);

	if (!v)
		return b->err;
	memcpy(v, data, len);
	return 0;
}

int hip_build_finish(struct hip_builder *b)
{
	struct hip_hdr *hdr = (struct hip_hdr *)b->buf;

	if (b->err)
		return b->err;
	hdr->len = b->len / 8 - 1;
	hdr->csum = 0;
	return b->len;
}

void hip_build_truncate(struct hip_builder *b, unsigned int len)
{
	unsigned int off = HIP_HDR_LEN;

	if (b->err)
		return;
	/* Only at a parameter boundary */
	while (off < len && off + sizeof(struct hip_tlv) <= b->len) {
		const struct hip_tlv *tlv = (const void *)(b->buf + off);

		off += HIP_PARAM_TOTAL(get_unaligned_be16(&tlv->len));
	}
	if (off != len || len > b->len) {
		b->err = -EINVAL;
		return;
	}
	b->len = len;
}

#include "selftest/param.c"
