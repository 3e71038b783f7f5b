// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests for param.c, #included at the bottom of param.c and run at
 * every module load.  The packet below, its parameter offsets and its
 * checksums were computed independently of this code by
 * selftests/hip/param_fuzz/gen_kat.py (RFC 7401 sections 5.1, 5.1.1,
 * 5.2.1); the builder must reproduce it byte for byte.  Then negative
 * cases, each with the exact error expected, and a small deterministic
 * mutation fuzz loop whose accepted packets are checked for the
 * guarantees of param.h.  The same file is compiled in userspace under
 * AddressSanitizer by selftests/hip/param_fuzz/.
 */

#define PKAT_LEN	248

static const u8 pkat[PKAT_LEN] __initconst = {
	0x3b, 0x1e, 0x02, 0x21, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x01, 0x00, 0x21, 0x11, 0x12, 0x13, 0x14,
	0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c,
	0x20, 0x01, 0x00, 0x22, 0xa1, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac,
	0x00, 0x81, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x01, 0x01, 0x00, 0x24, 0x0a, 0x25, 0xbe, 0xef,
	0x01, 0x04, 0x07, 0x0a, 0x0d, 0x10, 0x13, 0x16,
	0x19, 0x1c, 0x1f, 0x22, 0x25, 0x28, 0x2b, 0x2e,
	0x31, 0x34, 0x37, 0x3a, 0x3d, 0x40, 0x43, 0x46,
	0x49, 0x4c, 0x4f, 0x52, 0x55, 0x58, 0x5b, 0x5e,
	0x02, 0x01, 0x00, 0x08, 0x07, 0x00, 0x05, 0x02,
	0x09, 0x10, 0x17, 0x1e, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x43, 0x00, 0x04, 0x00, 0x04, 0x00, 0x02,
	0x02, 0xc1, 0x00, 0x0d, 0x00, 0x04, 0x10, 0x03,
	0x00, 0x05, 0xaa, 0xbb, 0xcc, 0xdd, 0x68, 0x69,
	0x70, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x40, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00,
	0x03, 0x40, 0x00, 0x06, 0x00, 0x00, 0x00, 0x2a,
	0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0xe8, 0x00, 0x01, 0x5a, 0x00, 0x00, 0x00,
	0x08, 0x01, 0x00, 0x02, 0x0f, 0xff, 0x00, 0x00,
	0xf0, 0x41, 0x00, 0x20, 0x09, 0x0e, 0x13, 0x18,
	0x1d, 0x22, 0x27, 0x2c, 0x31, 0x36, 0x3b, 0x40,
	0x45, 0x4a, 0x4f, 0x54, 0x59, 0x5e, 0x63, 0x68,
	0x6d, 0x72, 0x77, 0x7c, 0x81, 0x86, 0x8b, 0x90,
	0x95, 0x9a, 0x9f, 0xa4, 0x00, 0x00, 0x00, 0x00,
	0xf0, 0xc1, 0x00, 0x07, 0x00, 0x05, 0x03, 0x0e,
	0x19, 0x24, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xf8, 0xad, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

#define PKAT_CSUM6	0x3f72
#define PKAT_CSUM4	0xadb3
static const u8 pkat_saddr6[16] __initconst = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
static const u8 pkat_daddr6[16] __initconst = {
	0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 };
static const u8 pkat_saddr4[4] __initconst = { 192, 0, 2, 1 };
static const u8 pkat_daddr4[4] __initconst = { 198, 51, 100, 254 };

struct pkat_param {
	u8 idx;
	u16 off;
	u16 len;
};

/* Where hip_parse() must find the parameters of pkat[] */
static const struct pkat_param pkat_params[] __initconst = {
	{ HIP_PI_R1_COUNTER, 40, 12 },
	{ HIP_PI_PUZZLE, 56, 36 },
	{ HIP_PI_DIFFIE_HELLMAN, 96, 8 },
	{ HIP_PI_HIP_CIPHER, 112, 4 },
	{ HIP_PI_HOST_ID, 120, 13 },
	{ HIP_PI_NOTIFICATION, 144, 4 },	/* and a second one at 152 */
	{ HIP_PI_TRANSPORT_FORMAT_LIST, 176, 2 },
	{ HIP_PI_HIP_MAC, 184, 32 },
	{ HIP_PI_HIP_SIGNATURE_2, 224, 7 },
	{ HIP_PI_ECHO_REQUEST_UNSIGNED, 240, 0 },
};

/* Fill @n bytes with (i * mul + add) & 0xff, as gen_kat.py does */
static void __init pkat_pattern(u8 *p, unsigned int n, unsigned int mul,
				unsigned int add)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = i * mul + add;
}

/* Build pkat[] with the builder into @buf (HIP_MAX_PACKET bytes) */
static int __init pkat_build(u8 *buf)
{
	static const u8 host_id[] __initconst = {
		0x00, 0x04, 0x10, 0x03, 0x00, 0x05,
		0xaa, 0xbb, 0xcc, 0xdd, 'h', 'i', 'p' };
	static const u8 ntf1[] __initconst = { 0, 0, 0x40, 0x00 };
	static const u8 ntf2[] __initconst = { 0, 0, 0, 42, 1, 2 };
	static const u8 cipher[] __initconst = { 0, 4, 0, 2 };
	static const u8 tfl[] __initconst = { 0x0f, 0xff };
	struct in6_addr shit, rhit;
	struct hip_builder b;
	u8 *v;

	memcpy(&shit, pkat + 8, sizeof(shit));
	memcpy(&rhit, pkat + 24, sizeof(rhit));
	hip_build_start(&b, buf, HIP_R1, &shit, &rhit);

	v = hip_build_param(&b, HIP_P_R1_COUNTER, 12);
	if (v)
		pkat_pattern(v + 4, 8, 1, 1);
	v = hip_build_param(&b, HIP_P_PUZZLE, 36);
	if (v) {
		v[0] = 10;
		v[1] = 37;
		put_unaligned_be16(0xbeef, v + 2);
		pkat_pattern(v + 4, 32, 3, 1);
	}
	v = hip_build_param(&b, HIP_P_DIFFIE_HELLMAN, 8);
	if (v) {
		v[0] = 7;
		put_unaligned_be16(5, v + 1);
		pkat_pattern(v + 3, 5, 7, 2);
	}
	hip_build_param_data(&b, HIP_P_HIP_CIPHER, cipher, sizeof(cipher));
	hip_build_param_data(&b, HIP_P_HOST_ID, host_id, sizeof(host_id));
	hip_build_param_data(&b, HIP_P_NOTIFICATION, ntf1, sizeof(ntf1));
	hip_build_param_data(&b, HIP_P_NOTIFICATION, ntf2, sizeof(ntf2));
	v = hip_build_param(&b, 1000, 1);
	if (v)
		v[0] = 0x5a;
	hip_build_param_data(&b, HIP_P_TRANSPORT_FORMAT_LIST, tfl, sizeof(tfl));
	v = hip_build_param(&b, HIP_P_HIP_MAC, 32);
	if (v)
		pkat_pattern(v, 32, 5, 9);
	v = hip_build_param(&b, HIP_P_HIP_SIGNATURE_2, 7);
	if (v) {
		put_unaligned_be16(5, v);
		pkat_pattern(v + 2, 5, 11, 3);
	}
	hip_build_param(&b, HIP_P_ECHO_REQUEST_UNSIGNED, 0);
	return hip_build_finish(&b);
}

/* The guarantees of param.h for a packet hip_parse() accepted, checked
 * independently of the parser's own loop.
 */
static bool __init param_check_parsed(const struct hip_parsed *hp)
{
	unsigned int i;

	if (hp->len < HIP_HDR_LEN || hp->len > HIP_MAX_PACKET ||
	    8 * (hp->hdr->len + 1) != hp->len || hp->unknown_critical)
		return false;
	for (i = 0; i < ARRAY_SIZE(hip_ptypes); i++) {
		const struct hip_ptype *pt = &hip_ptypes[i];
		const struct hip_param *p = &hp->p[pt->idx];
		const struct hip_tlv *tlv;
		struct hip_param it;

		if (!p->off)
			continue;
		if (p->off < HIP_HDR_LEN || (p->off & 7) ||
		    p->off + HIP_PARAM_TOTAL(p->len) > hp->len ||
		    p->len < pt->min)
			return false;
		tlv = (const void *)((const u8 *)hp->hdr + p->off);
		if (get_unaligned_be16(&tlv->type) != pt->type ||
		    get_unaligned_be16(&tlv->len) != p->len)
			return false;
		/* Repeated instances lie inside too */
		it = *p;
		while (hip_param_next(hp, &it))
			if (!(pt->flags & HIP_PT_REPEAT) || it.len < pt->min ||
			    it.off + HIP_PARAM_TOTAL(it.len) > hp->len)
				return false;
	}
	if (hp->p[HIP_PI_DIFFIE_HELLMAN].off) {
		unsigned int len = hip_plen(hp, HIP_PI_DIFFIE_HELLMAN);
		unsigned int pub_len, sum = 0;
		const u8 *pub;
		u8 group;

		for (i = 0; i < 2; i++) {
			if (hip_dh_value(hp, i, &group, &pub, &pub_len))
				break;
			if (!pub_len)
				return false;
			sum += 3 + pub_len;
		}
		if (!i || sum != len)
			return false;
	}
	if (hp->p[HIP_PI_HOST_ID].off) {
		const struct hip_host_id *hi = hip_pval(hp, HIP_PI_HOST_ID);

		if (6 + be16_to_cpu(hi->hi_len) +
		    (be16_to_cpu(hi->di_type_len) & 0xfff) >
		    hip_plen(hp, HIP_PI_HOST_ID))
			return false;
	}
	return true;
}

/* Parse a copy of @src in a buffer of exactly @len bytes (so that a read
 * past the end shows under KASAN or ASan); @hp->hdr is cleared on return.
 */
static int __init param_try(const u8 *src, unsigned int len,
			    struct hip_parsed *hp, bool *inv_ok)
{
	u8 *buf = kmalloc(len ?: 1, GFP_KERNEL);
	int err;

	*inv_ok = true;
	if (!buf)
		return -ENOMEM;
	memcpy(buf, src, len);
	err = hip_parse(buf, len, hp);
	if (!err)
		*inv_ok = param_check_parsed(hp);
	else if (memchr_inv(hp->p, 0, sizeof(hp->p)))
		*inv_ok = false;	/* no partial index after an error */
	kfree(buf);
	hp->hdr = NULL;
	return err;
}

#define PNEG_EMPTY	0xffff	/* param_neg.len for a 0-byte packet */

/* A change to pkat[]: @width bytes (1 or 2, big-endian) at @at */
struct param_neg {
	const char *name;
	u16 at;
	u8 width;
	u16 val;
	u16 len;	/* bytes passed to hip_parse(), 0: PKAT_LEN */
	int err;
	u16 unknown_critical;
};

static const struct param_neg param_negs[] __initconst = {
	{ "empty", 0, 0, 0, PNEG_EMPTY, -EMSGSIZE },
	{ "truncated header", 0, 0, 0, 32, -EMSGSIZE },
	{ "header only, length field says more", 0, 0, 0, 40, -EMSGSIZE },
	/* 5.1: bytes past 8 * (Header Length + 1) are trailing data */
	{ "length field short: the rest is trailing data", 1, 1, 29, 0, 0 },
	{ "16 bytes of trailing data (ignored)", 0, 0, 0, PKAT_LEN + 16, 0 },
	{ "length field too large", 1, 1, 31, 0, -EMSGSIZE },
	{ "length not a multiple of 8", 0, 0, 0, PKAT_LEN - 1, -EMSGSIZE },
	{ "version 1", 3, 1, 0x11, 0, -EPROTO },
	{ "version 3", 3, 1, 0x31, 0, -EPROTO },
	/* 5.1: the fixed bits "MUST be ignored when receiving" */
	{ "fixed bit 1 clear (ignored)", 3, 1, 0x20, 0, 0 },
	{ "reserved version bits set (ignored)", 3, 1, 0x2f, 0, 0 },
	{ "fixed bit 0 set (ignored)", 2, 1, 0x82, 0, 0 },
	{ "fixed bit 0 set, packet type 5", 2, 1, 0x85, 0, -EPROTO },
	{ "packet type 0", 2, 1, 0, 0, -EPROTO },
	{ "packet type 5", 2, 1, 5, 0, -EPROTO },
	{ "packet type 20", 2, 1, 20, 0, -EPROTO },
	{ "unknown controls (ignored)", 6, 2, 0xfffe, 0, 0 },
	{ "last TLV past the end", 242, 2, 5, 0, -EBADMSG },
	{ "TLV length 0xffff", 58, 2, 0xffff, 0, -EBADMSG },
	{ "R1_COUNTER length 13 (overlaps PUZZLE)", 42, 2, 13, 0, -EBADMSG },
	{ "descending types", 112, 2, HIP_P_DH_GROUP_LIST, 0, -EBADMSG },
	{ "duplicate TRANSPORT_FORMAT_LIST", 184, 2,
	  HIP_P_TRANSPORT_FORMAT_LIST, 0, -EBADMSG },
	{ "duplicate DIFFIE_HELLMAN", 112, 2, HIP_P_DIFFIE_HELLMAN, 0,
	  -EBADMSG },
	{ "repeated unknown non-critical type", 176, 2, 1000, 0, 0 },
	{ "unknown critical type", 168, 2, 1001, 0, -EPROTONOSUPPORT, 1001 },
	{ "unknown critical type at the end", 240, 2, 63663, 0,
	  -EPROTONOSUPPORT, 63663 },
	{ "unknown critical between MACs", 184, 2, 61507, 0,
	  -EPROTONOSUPPORT, 61507 },
	{ "DH pub_len too long", 101, 2, 6, 0, -EBADMSG },
	{ "DH pub_len 0xffff", 101, 2, 0xffff, 0, -EBADMSG },
	{ "DH pub_len 0", 101, 2, 0, 0, -EBADMSG },
	{ "DH pub_len short, junk after", 101, 2, 4, 0, -EBADMSG },
	{ "DH second value too long", 101, 2, 2, 0, -EBADMSG },
	{ "HOST_ID hi_len too long", 124, 2, 5, 0, -EBADMSG },
	{ "HOST_ID hi_len 0xffff", 124, 2, 0xffff, 0, -EBADMSG },
	{ "HOST_ID di_len too long", 126, 2, 0x1004, 0, -EBADMSG },
	{ "HOST_ID di_len 0xfff", 126, 2, 0x1fff, 0, -EBADMSG },
	{ "HOST_ID shorter HI (trailing bytes)", 124, 2, 3, 0, 0 },
	{ "second NOTIFICATION short", 154, 2, 3, 0, -EBADMSG },
	{ "HIP_MAC 31 bytes", 186, 2, 31, 0, -EBADMSG },
	{ "HIP_MAC 33 bytes", 186, 2, 33, 0, -EBADMSG },
	{ "HIP_SIGNATURE_2 1 byte", 226, 2, 1, 0, -EBADMSG },
	{ "PUZZLE 35 bytes", 58, 2, 35, 0, -EBADMSG },
	{ "R1_COUNTER 11 bytes", 42, 2, 11, 0, -EBADMSG },
	{ "HIP_CIPHER 3 bytes", 114, 2, 3, 0, -EBADMSG },
	{ "TRANSPORT_FORMAT_LIST 1 byte", 178, 2, 1, 0, -EBADMSG },
};

/* A packet with the single parameter @type of @len zero bytes */
struct param_one {
	u16 type;
	u16 len;
	int err;
};

static const struct param_one param_ones[] __initconst = {
	{ HIP_P_ESP_INFO, 11, -EBADMSG }, { HIP_P_ESP_INFO, 12, 0 },
	{ HIP_P_ESP_INFO, 13, -EBADMSG },
	{ HIP_P_R1_COUNTER, 11, -EBADMSG }, { HIP_P_R1_COUNTER, 12, 0 },
	{ HIP_P_R1_COUNTER, 16, -EBADMSG },
	{ HIP_P_PUZZLE, 0, -EBADMSG }, { HIP_P_PUZZLE, 35, -EBADMSG },
	{ HIP_P_PUZZLE, 36, 0 }, { HIP_P_PUZZLE, 52, 0 },
	{ HIP_P_SOLUTION, 67, -EBADMSG }, { HIP_P_SOLUTION, 68, 0 },
	{ HIP_P_SOLUTION, 100, 0 },
	{ HIP_P_SEQ, 3, -EBADMSG }, { HIP_P_SEQ, 4, 0 },
	{ HIP_P_SEQ, 8, -EBADMSG },
	{ HIP_P_ACK, 0, -EBADMSG }, { HIP_P_ACK, 3, -EBADMSG },
	{ HIP_P_ACK, 4, 0 }, { HIP_P_ACK, 6, -EBADMSG }, { HIP_P_ACK, 8, 0 },
	{ HIP_P_DH_GROUP_LIST, 0, -EBADMSG }, { HIP_P_DH_GROUP_LIST, 1, 0 },
	{ HIP_P_DIFFIE_HELLMAN, 0, -EBADMSG },
	{ HIP_P_DIFFIE_HELLMAN, 3, -EBADMSG },
	{ HIP_P_DIFFIE_HELLMAN, 8, -EBADMSG },	/* pub_len 0 */
	{ HIP_P_HIP_CIPHER, 0, -EBADMSG }, { HIP_P_HIP_CIPHER, 1, -EBADMSG },
	{ HIP_P_HIP_CIPHER, 2, 0 }, { HIP_P_HIP_CIPHER, 3, -EBADMSG },
	{ HIP_P_ENCRYPTED, 19, -EBADMSG }, { HIP_P_ENCRYPTED, 20, 0 },
	{ HIP_P_HOST_ID, 5, -EBADMSG }, { HIP_P_HOST_ID, 6, 0 },
	{ HIP_P_HIT_SUITE_LIST, 0, -EBADMSG }, { HIP_P_HIT_SUITE_LIST, 1, 0 },
	{ HIP_P_CERT, 4, -EBADMSG }, { HIP_P_CERT, 5, -EBADMSG },
	{ HIP_P_NOTIFICATION, 3, -EBADMSG }, { HIP_P_NOTIFICATION, 4, 0 },
	{ HIP_P_ECHO_REQUEST_SIGNED, 0, 0 },
	{ HIP_P_ECHO_RESPONSE_SIGNED, 0, 0 },
	{ HIP_P_TRANSPORT_FORMAT_LIST, 0, -EBADMSG },
	{ HIP_P_TRANSPORT_FORMAT_LIST, 1, -EBADMSG },
	{ HIP_P_TRANSPORT_FORMAT_LIST, 2, 0 },
	{ HIP_P_TRANSPORT_FORMAT_LIST, 3, -EBADMSG },
	{ HIP_P_ESP_TRANSFORM, 2, -EBADMSG },
	{ HIP_P_ESP_TRANSFORM, 3, -EBADMSG }, { HIP_P_ESP_TRANSFORM, 4, 0 },
	{ HIP_P_ESP_TRANSFORM, 5, -EBADMSG },
	{ HIP_P_HIP_MAC, 20, -EBADMSG }, { HIP_P_HIP_MAC, 31, -EBADMSG },
	{ HIP_P_HIP_MAC, 32, 0 }, { HIP_P_HIP_MAC, 40, -EBADMSG },
	{ HIP_P_HIP_MAC, 48, 0 }, { HIP_P_HIP_MAC, 64, -EBADMSG },
	{ HIP_P_HIP_MAC_2, 31, -EBADMSG }, { HIP_P_HIP_MAC_2, 48, 0 },
	{ HIP_P_HIP_SIGNATURE_2, 1, -EBADMSG },
	{ HIP_P_HIP_SIGNATURE_2, 2, 0 },
	{ HIP_P_HIP_SIGNATURE, 0, -EBADMSG }, { HIP_P_HIP_SIGNATURE, 2, 0 },
	{ HIP_P_ECHO_RESPONSE_UNSIGNED, 0, 0 },
	{ HIP_P_ECHO_REQUEST_UNSIGNED, 0, 0 },
	{ 2, 0, 0 }, { 3, 0, -EPROTONOSUPPORT }, { 0, 5, 0 },
	{ 65535, 10, -EPROTONOSUPPORT }, { 65534, 1, 0 },
};

static const struct in6_addr param_hit __initconst = {
	.s6_addr = { 0x20, 0x01, 0x00, 0x21, 1, 2, 3, 4,
		     5, 6, 7, 8, 9, 10, 11, 12 } };

#define PARAM_FAIL(fmt, ...) do {					\
	pr_err("param self-test %u: FAIL: " fmt "\n", test, ##__VA_ARGS__); \
	success = false;						\
} while (0)

/* Checks against pkat[] itself: builder, offsets, checksums, helpers */
static bool __init param_selftest_kat(u8 *buf)
{
	struct in6_addr s6, d6;
	struct hip_parsed hp;
	struct hip_param it;
	unsigned int test = 0, i, pub_len, len;
	bool success = true, inv;
	__be32 s4, d4;
	const u8 *pub;
	__sum16 sum;
	u8 group;
	int err;

	++test;
	err = pkat_build(buf);
	if (err != PKAT_LEN || memcmp(buf, pkat, PKAT_LEN))
		PARAM_FAIL("builder output differs from the KAT (%d)", err);

	++test;
	err = hip_parse(pkat, PKAT_LEN, &hp);
	if (err || !param_check_parsed(&hp)) {
		PARAM_FAIL("KAT packet refused (%d)", err);
		return false;
	}
	for (i = 0; i < __HIP_PI_MAX; i++) {
		unsigned int j, off = 0, len = 0;

		for (j = 0; j < ARRAY_SIZE(pkat_params); j++)
			if (pkat_params[j].idx == i) {
				off = pkat_params[j].off;
				len = pkat_params[j].len;
			}
		++test;
		if (hp.p[i].off != off || hp.p[i].len != len)
			PARAM_FAIL("index %u at %u/%u, want %u/%u", i,
				   hp.p[i].off, hp.p[i].len, off, len);
	}

	++test;
	it = hp.p[HIP_PI_NOTIFICATION];
	if (!hip_param_next(&hp, &it) || it.off != 152 || it.len != 6 ||
	    memcmp(hip_param_data(&hp, &it), pkat + 156, 6) ||
	    hip_param_next(&hp, &it) || it.off != 152)
		PARAM_FAIL("hip_param_next over NOTIFICATION");
	++test;
	it = hp.p[HIP_PI_ECHO_REQUEST_UNSIGNED];
	if (hip_param_next(&hp, &it))
		PARAM_FAIL("hip_param_next past the end");
	++test;
	it = hp.p[HIP_PI_ESP_INFO];
	if (hip_param_next(&hp, &it))
		PARAM_FAIL("hip_param_next of an absent parameter");

	++test;
	if (hip_dh_value(&hp, 0, &group, &pub, &pub_len) || group != 7 ||
	    pub_len != 5 || pub != pkat + 96 + 7 ||
	    hip_dh_value(&hp, 1, &group, &pub, &pub_len) != -ENOENT)
		PARAM_FAIL("hip_dh_value");

	/* 5.1.1 checksums, against the values computed by gen_kat.py */
	memcpy(&s6, pkat_saddr6, sizeof(s6));
	memcpy(&d6, pkat_daddr6, sizeof(d6));
	memcpy(&s4, pkat_saddr4, sizeof(s4));
	memcpy(&d4, pkat_daddr4, sizeof(d4));
	memcpy(buf, pkat, PKAT_LEN);
	++test;
	sum = hip_csum6(&s6, &d6, buf, PKAT_LEN);
	if (be16_to_cpu((__force __be16)sum) != PKAT_CSUM6)
		PARAM_FAIL("IPv6 checksum %04x", be16_to_cpu((__force __be16)sum));
	((struct hip_hdr *)buf)->csum = sum;
	++test;
	if (hip_csum6(&s6, &d6, buf, PKAT_LEN))
		PARAM_FAIL("IPv6 checksum does not verify");
	++test;
	buf[100] ^= 0x40;
	if (!hip_csum6(&s6, &d6, buf, PKAT_LEN))
		PARAM_FAIL("IPv6 checksum misses a flipped bit");
	buf[100] ^= 0x40;
	((struct hip_hdr *)buf)->csum = 0;
	++test;
	sum = hip_csum4(s4, d4, buf, PKAT_LEN);
	if (be16_to_cpu((__force __be16)sum) != PKAT_CSUM4)
		PARAM_FAIL("IPv4 checksum %04x", be16_to_cpu((__force __be16)sum));
	((struct hip_hdr *)buf)->csum = sum;
	++test;
	if (hip_csum4(s4, d4, buf, PKAT_LEN))
		PARAM_FAIL("IPv4 checksum does not verify");
	++test;
	if (!hip_csum4(s4, d4 ^ htonl(1), buf, PKAT_LEN))
		PARAM_FAIL("IPv4 checksum ignores the pseudo header");

	/* Negative cases, each with its exact error */
	for (i = 0; i < ARRAY_SIZE(param_negs); i++) {
		const struct param_neg *n = &param_negs[i];

		++test;
		memcpy(buf, pkat, PKAT_LEN);
		memset(buf + PKAT_LEN, 0xa5, 16);
		if (n->width == 1)
			buf[n->at] = n->val;
		else if (n->width == 2)
			put_unaligned_be16(n->val, buf + n->at);
		len = n->len == PNEG_EMPTY ? 0 : n->len ?: PKAT_LEN;
		err = param_try(buf, len, &hp, &inv);
		if (err != n->err || !inv ||
		    hp.unknown_critical != n->unknown_critical)
			PARAM_FAIL("%s: got %d (unknown %u), want %d", n->name,
				   err, hp.unknown_critical, n->err);
	}
	return success;
}

/* LOCATOR_SET (RFC 8046 section 4): a type-1 Locator (5 words) then a
 * type-0 one (4 words), then mutations that hip_parse() must refuse.
 */
static bool __init param_selftest_locator_set(u8 *buf)
{
	static const u8 loc[] __initconst = {
		0, 1, 5, 1, 0xff, 0xff, 0xff, 0xff,	/* type 1, P */
		0x12, 0x34, 0x56, 0x78,			/* SPI */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1,
		0, 0, 4, 0, 0, 0, 0, 60,		/* type 0, 60 s */
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0xff, 0xff, 192, 0, 2, 1,
	};
	unsigned int test = 100;
	bool success = true;

	memcpy(buf, loc, sizeof(loc));
	++test;
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc)) ||
	    hip_param_validate(HIP_P_LOCATOR_SET, buf, 0))
		PARAM_FAIL("valid LOCATOR_SET refused");
	++test;	/* the entries must fill the parameter exactly */
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc) - 4) !=
	    -EBADMSG ||
	    hip_param_validate(HIP_P_LOCATOR_SET, buf, 28 + 4) != -EBADMSG)
		PARAM_FAIL("LOCATOR_SET with a partial Locator");
	++test;	/* Locator Length of type 1 must be 5 */
	buf[2] = 4;
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc)) != -EBADMSG)
		PARAM_FAIL("type-1 Locator of 4 words");
	buf[2] = 5;
	++test;	/* Locator Length of type 0 must be 4 */
	buf[28 + 2] = 5;
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc) + 4) !=
	    -EBADMSG)
		PARAM_FAIL("type-0 Locator of 5 words");
	buf[28 + 2] = 4;
	++test;	/* zero lifetime */
	memset(buf + 28 + 4, 0, 4);
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc)) != -EBADMSG)
		PARAM_FAIL("Locator with a zero lifetime");
	buf[28 + 7] = 60;
	++test;	/* an unknown Locator Type only has to fit */
	buf[28 + 1] = 9;
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc)))
		PARAM_FAIL("unknown Locator Type refused");
	buf[28 + 2] = 5;
	if (hip_param_validate(HIP_P_LOCATOR_SET, buf, sizeof(loc)) != -EBADMSG)
		PARAM_FAIL("unknown Locator Type past the end");
	return success;
}

/* Single-parameter packets, the DH second value, the builder's checks */
static bool __init param_selftest_build(u8 *buf)
{
	unsigned int test = 100, i, pub_len;
	struct hip_builder b;
	struct hip_parsed hp;
	bool success = true, inv;
	const u8 *pub;
	u8 group, *v;
	int err, len;

	for (i = 0; i < ARRAY_SIZE(param_ones); i++) {
		const struct param_one *o = &param_ones[i];
		const struct hip_ptype *pt = hip_ptype_find(o->type);

		++test;
		hip_build_start(&b, buf, HIP_UPDATE, &param_hit, NULL);
		hip_build_param(&b, o->type, o->len);
		len = hip_build_finish(&b);
		err = len < 0 ? len : param_try(buf, len, &hp, &inv);
		if (err != o->err || !inv ||
		    (!err && pt && (hp.p[pt->idx].off != HIP_HDR_LEN ||
				    hp.p[pt->idx].len != o->len)))
			PARAM_FAIL("type %u length %u: got %d, want %d",
				   o->type, o->len, err, o->err);
	}

	/* Two DH values (5.2.7), then a second value with junk after it */
	++test;
	hip_build_start(&b, buf, HIP_R1, &param_hit, NULL);
	v = hip_build_param(&b, HIP_P_DIFFIE_HELLMAN, 9);
	if (v) {
		memcpy(v, "\x07\x00\x02\xaa\xbb\x09\x00\x01\xcc", 9);
		len = hip_build_finish(&b);
		err = hip_parse(buf, len, &hp);
		if (err || !param_check_parsed(&hp) ||
		    hip_dh_value(&hp, 1, &group, &pub, &pub_len) ||
		    group != 9 || pub_len != 1 || *pub != 0xcc ||
		    hip_dh_value(&hp, 0, &group, &pub, &pub_len) ||
		    group != 7 || pub_len != 2 || pub[1] != 0xbb ||
		    hip_dh_value(&hp, 2, &group, &pub, &pub_len) != -ENOENT)
			PARAM_FAIL("two DH values (%d)", err);
		++test;
		v[7] = 2;
		if (hip_parse(buf, len, &hp) != -EBADMSG)
			PARAM_FAIL("second DH value too long");
		++test;
		v[7] = 0;
		if (hip_parse(buf, len, &hp) != -EBADMSG)
			PARAM_FAIL("second DH value empty");
	} else {
		PARAM_FAIL("builder (%d)", b.err);
	}

	/* hip_param_validate(), and a failed parse leaves no index behind */
	++test;
	if (hip_param_validate(HIP_P_HOST_ID, pkat + 124, 13) ||
	    hip_param_validate(HIP_P_HOST_ID, pkat + 124, 12) != -EBADMSG ||
	    hip_param_validate(HIP_P_SEQ, pkat, 4) ||
	    hip_param_validate(HIP_P_SEQ, pkat, 5) != -EBADMSG ||
	    hip_param_validate(1000, pkat, 4) != -ENOENT)
		PARAM_FAIL("hip_param_validate");
	success &= param_selftest_locator_set(buf);
	++test;
	memcpy(buf, pkat, PKAT_LEN);
	buf[242] = 5;
	if (hip_parse(buf, PKAT_LEN, &hp) != -EBADMSG || hp.hdr != (void *)buf ||
	    hp.len != PKAT_LEN || memchr_inv(hp.p, 0, sizeof(hp.p)))
		PARAM_FAIL("state after a failed parse");

	/* Builder: order, repeats, capacity, truncation */
	++test;
	hip_build_start(&b, buf, HIP_I2, &param_hit, &param_hit);
	hip_build_param(&b, HIP_P_PUZZLE, 36);
	if (hip_build_param(&b, HIP_P_R1_COUNTER, 12) ||
	    hip_build_finish(&b) != -EINVAL)
		PARAM_FAIL("builder accepts descending types");
	++test;
	hip_build_start(&b, buf, HIP_I2, &param_hit, &param_hit);
	hip_build_param(&b, HIP_P_HIP_CIPHER, 2);
	if (hip_build_param(&b, HIP_P_HIP_CIPHER, 2) || b.err != -EINVAL)
		PARAM_FAIL("builder accepts a duplicate HIP_CIPHER");
	++test;
	hip_build_start(&b, buf, HIP_NOTIFY, &param_hit, &param_hit);
	hip_build_param(&b, HIP_P_NOTIFICATION, 4);
	hip_build_param(&b, HIP_P_NOTIFICATION, 4);
	hip_build_param(&b, 1000, 0);
	hip_build_param(&b, 1000, 0);
	len = hip_build_finish(&b);
	if (len != HIP_HDR_LEN + 32 || hip_parse(buf, len, &hp))
		PARAM_FAIL("repeated NOTIFICATION / unknown (%d)", len);
	++test;
	hip_build_start(&b, buf, HIP_UPDATE, &param_hit, &param_hit);
	v = hip_build_param(&b, HIP_P_ENCRYPTED,
			    HIP_MAX_PACKET - HIP_HDR_LEN - 4);
	len = hip_build_finish(&b);
	if (!v || len != HIP_MAX_PACKET || buf[1] != 255 ||
	    param_try(buf, len, &hp, &inv) || !inv)
		PARAM_FAIL("packet of HIP_MAX_PACKET bytes (%d)", len);
	++test;
	hip_build_truncate(&b, HIP_HDR_LEN);
	if (hip_build_param(&b, HIP_P_ENCRYPTED,
			    HIP_MAX_PACKET - HIP_HDR_LEN - 3) ||
	    hip_build_finish(&b) != -EMSGSIZE)
		PARAM_FAIL("builder overflow");
	++test;
	hip_build_start(&b, buf, HIP_UPDATE, &param_hit, &param_hit);
	if (hip_build_param(&b, 1000, 65536) || b.err != -EMSGSIZE)
		PARAM_FAIL("builder accepts a 65536-byte parameter");
	++test;
	hip_build_start(&b, buf, HIP_UPDATE, &param_hit, &param_hit);
	hip_build_param(&b, HIP_P_SEQ, 4);
	hip_build_param(&b, HIP_P_ACK, 4);
	if (hip_build_finish(&b) != HIP_HDR_LEN + 16)
		PARAM_FAIL("SEQ + ACK");
	++test;
	len = hip_build_finish(&b);
	if (len != HIP_HDR_LEN + 16)
		PARAM_FAIL("second hip_build_finish (%d)", len);
	++test;
	err = pkat_build(buf);
	if (err != PKAT_LEN) {
		PARAM_FAIL("pkat_build (%d)", err);
		return false;
	}
	b.buf = buf;
	b.len = err;
	b.err = 0;
	hip_build_truncate(&b, 184);	/* before HIP_MAC */
	len = hip_build_finish(&b);
	if (len != 184 || buf[1] != 184 / 8 - 1 ||
	    hip_parse(buf, len, &hp) || hp.p[HIP_PI_HIP_MAC].off ||
	    hp.p[HIP_PI_TRANSPORT_FORMAT_LIST].off != 176)
		PARAM_FAIL("truncate before HIP_MAC (%d)", len);
	++test;
	hip_build_param(&b, HIP_P_HIP_MAC, 48);
	if (hip_build_finish(&b) != 184 + 56)
		PARAM_FAIL("append after truncate");
	++test;
	hip_build_truncate(&b, 128);	/* inside HOST_ID */
	if (b.err != -EINVAL)
		PARAM_FAIL("truncate inside a parameter");
	++test;
	b.err = 0;
	hip_build_truncate(&b, 184 + 64);	/* past the end */
	if (b.err != -EINVAL)
		PARAM_FAIL("truncate past the end");
	return success;
}

/* xorshift32: deterministic, so a failure can be replayed */
static u32 __init param_rand(u32 *s)
{
	u32 x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

#define PARAM_FUZZ_ROUNDS	2000

/* Random mutations of pkat[]: parse must never read outside the buffer
 * (exactly len bytes) and whatever it accepts must satisfy param.h.
 */
static bool __init param_selftest_fuzz(u8 *buf)
{
	static const u16 tlv_offs[] __initconst = {
		40, 56, 96, 112, 120, 144, 152, 168, 176, 184, 224, 240 };
	static const u16 vals[] __initconst = {
		0, 1, 2, 3, 4, 5, 7, 8, 11, 12, 31, 32, 33, 48, 255, 256,
		2047, 2048, 4095, 65535, 65534, 65504 };
	unsigned int test = 200, round, accepted = 0, seed_used;
	struct hip_parsed hp;
	bool success = true, inv;
	u32 seed = 0x48495032;	/* "HIP2" */

	for (round = 0; round < PARAM_FUZZ_ROUNDS; round++) {
		unsigned int len = PKAT_LEN, n, k;
		u32 r;
		int err;

		seed_used = seed;
		memcpy(buf, pkat, PKAT_LEN);
		n = 1 + param_rand(&seed) % 4;
		for (k = 0; k < n; k++) {
			unsigned int at;

			r = param_rand(&seed);
			at = tlv_offs[(r >> 8) % ARRAY_SIZE(tlv_offs)];
			switch (r & 7) {
			case 0:	/* any byte */
				buf[(r >> 16) % PKAT_LEN] = r >> 24;
				break;
			case 1:	/* a parameter's contents */
				buf[at + 4 + (r >> 16) % 8] = r >> 24;
				break;
			case 2: case 3:	/* a TLV length */
				put_unaligned_be16(r & 8 ? vals[(r >> 16) %
						   ARRAY_SIZE(vals)] : r >> 16,
						   buf + at + 2);
				break;
			case 4:	/* a TLV type */
				put_unaligned_be16(r & 8 ? vals[(r >> 16) %
						   ARRAY_SIZE(vals)] : r >> 16,
						   buf + at);
				break;
			case 5:	/* a DH or HOST_ID inner length */
				put_unaligned_be16(vals[(r >> 16) %
						   ARRAY_SIZE(vals)],
						   buf + (r & 8 ? 101 :
							  124 + 2 * ((r >> 12) & 1)));
				break;
			case 6:	/* a shorter packet, header length to match */
				len = 8 * (1 + (r >> 16) % (PKAT_LEN / 8));
				buf[1] = len / 8 - 1;
				break;
			default:	/* any length at all */
				len = (r >> 16) % (PKAT_LEN + 1);
				break;
			}
		}
		err = param_try(buf, len, &hp, &inv);
		if (!err)
			accepted++;
		if (!inv || (err && err != -EMSGSIZE && err != -EPROTO &&
			     err != -EBADMSG && err != -EPROTONOSUPPORT)) {
			PARAM_FAIL("fuzz round %u (seed %#x): %d", round,
				   seed_used, err);
			break;
		}
	}
	pr_debug("param fuzz: %u rounds, %u accepted\n", round, accepted);
	return success;
}

/* RFC 7401 Appendix C.1 and C.2: the example I1 (HITs 2001:20::1 and
 * 2001:20::2, DH_GROUP_LIST 3,4,8) between 2001:db8::1 and 2001:db8::2
 * has checksum 0x1a5e, and between 192.0.2.1 and 192.0.2.2 0xf1ce.  The
 * bytes are the fields of the appendix, with the checksum field zero.
 */
#define APPC_LEN	48
#define APPC_CSUM6	0x1a5e
#define APPC_CSUM4	0xf1ce

static const u8 appc_i1[APPC_LEN] __initconst = {
	0x3b, 0x05, 0x01, 0x21, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x01, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x01, 0xff, 0x00, 0x03, 0x03, 0x04, 0x08, 0x00,
};

static const u8 appc_saddr6[16] __initconst = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
static const u8 appc_daddr6[16] __initconst = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 };
static const u8 appc_saddr4[4] __initconst = { 192, 0, 2, 1 };
static const u8 appc_daddr4[4] __initconst = { 192, 0, 2, 2 };

/* The builder makes the same I1, and the checksums are those of App. C */
static bool __init param_selftest_appc(u8 *buf)
{
	static const u8 groups[] __initconst = { 3, 4, 8 };
	struct in6_addr s6, d6, shit, rhit;
	unsigned int test = 0;
	struct hip_builder b;
	bool success = true;
	__be32 s4, d4;
	__sum16 sum;

	memcpy(&shit, appc_i1 + 8, sizeof(shit));
	memcpy(&rhit, appc_i1 + 24, sizeof(rhit));
	hip_build_start(&b, buf, HIP_I1, &shit, &rhit);
	hip_build_param_data(&b, HIP_P_DH_GROUP_LIST, groups, sizeof(groups));
	++test;
	if (hip_build_finish(&b) != APPC_LEN || memcmp(buf, appc_i1, APPC_LEN))
		PARAM_FAIL("App. C I1 differs from the builder's");

	memcpy(&s6, appc_saddr6, sizeof(s6));
	memcpy(&d6, appc_daddr6, sizeof(d6));
	memcpy(&s4, appc_saddr4, sizeof(s4));
	memcpy(&d4, appc_daddr4, sizeof(d4));
	memcpy(buf, appc_i1, APPC_LEN);
	++test;
	sum = hip_csum6(&s6, &d6, buf, APPC_LEN);
	if (be16_to_cpu((__force __be16)sum) != APPC_CSUM6)
		PARAM_FAIL("App. C.1 IPv6 checksum %04x, want %04x",
			   be16_to_cpu((__force __be16)sum), APPC_CSUM6);
	((struct hip_hdr *)buf)->csum = sum;
	++test;
	if (hip_csum6(&s6, &d6, buf, APPC_LEN))
		PARAM_FAIL("App. C.1 IPv6 checksum does not verify");
	((struct hip_hdr *)buf)->csum = 0;
	++test;
	sum = hip_csum4(s4, d4, buf, APPC_LEN);
	if (be16_to_cpu((__force __be16)sum) != APPC_CSUM4)
		PARAM_FAIL("App. C.2 IPv4 checksum %04x, want %04x",
			   be16_to_cpu((__force __be16)sum), APPC_CSUM4);
	((struct hip_hdr *)buf)->csum = sum;
	++test;
	if (hip_csum4(s4, d4, buf, APPC_LEN))
		PARAM_FAIL("App. C.2 IPv4 checksum does not verify");
	return success;
}

/* CERT groups (RFC 8002 section 2): one CERT is group, count, ID,
 * type and a certificate; @spec lists them as 4-byte headers
 */
struct param_cert_case {
	const char *name;
	u8 ncerts;
	u8 hdr[4][4];
	int group;
	int err;
	u8 n;
};

static const struct param_cert_case param_cert_cases[] __initconst = {
	{ "chain, IDs in any order", 2, { { 3, 2, 2, 1 }, { 3, 2, 1, 1 } },
	  HIP_CERT_GROUP_ANY, 0, 2 },
	{ "two groups, the first", 3,
	  { { 1, 1, 1, 1 }, { 2, 2, 1, 1 }, { 2, 2, 2, 1 } },
	  HIP_CERT_GROUP_ANY, 0, 1 },
	{ "two groups, the second", 3,
	  { { 1, 1, 1, 1 }, { 2, 2, 1, 1 }, { 2, 2, 2, 1 } }, 2, 0, 2 },
	{ "groups descending", 2, { { 2, 1, 1, 1 }, { 1, 1, 1, 1 } },
	  HIP_CERT_GROUP_ANY, -EBADMSG, 0 },
	{ "ID twice", 2, { { 1, 2, 1, 1 }, { 1, 2, 1, 1 } },
	  HIP_CERT_GROUP_ANY, -EBADMSG, 0 },
	{ "two counts", 2, { { 1, 2, 1, 1 }, { 1, 3, 2, 1 } },
	  HIP_CERT_GROUP_ANY, -EBADMSG, 0 },
	{ "gap", 2, { { 1, 3, 1, 1 }, { 1, 3, 3, 1 } },
	  HIP_CERT_GROUP_ANY, -ENODATA, 0 },
	{ "Hash and URL", 1, { { 1, 1, 1, 3 } }, HIP_CERT_GROUP_ANY,
	  -EOPNOTSUPP, 0 },
	{ "no such group", 1, { { 1, 1, 1, 1 } }, 7, -ENOENT, 0 },
	{ "count above max", 1, { { 1, 9, 1, 1 } }, HIP_CERT_GROUP_ANY,
	  -E2BIG, 0 },
};

static bool __init param_selftest_cert(u8 *buf)
{
	struct hip_cert_ref refs[4];
	unsigned int test = 300, i, j, n;
	struct hip_builder b;
	struct hip_parsed hp;
	bool success = true;
	u8 grp, *v;
	int err;

	for (i = 0; i < ARRAY_SIZE(param_cert_cases); i++) {
		const struct param_cert_case *c = &param_cert_cases[i];

		++test;
		hip_build_start(&b, buf, HIP_R1, &param_hit, &param_hit);
		for (j = 0; j < c->ncerts; j++) {
			/* certificate: j + 1 bytes of value j */
			v = hip_build_param(&b, HIP_P_CERT, 4 + j + 1);
			if (v) {
				memcpy(v, c->hdr[j], 4);
				memset(v + 4, j, j + 1);
			}
		}
		err = hip_build_finish(&b);
		if (err < 0 || hip_parse(buf, err, &hp)) {
			PARAM_FAIL("%s: not built or parsed", c->name);
			continue;
		}
		n = 0;
		err = hip_cert_group(&hp, c->group, refs, 3, &n, &grp);
		if (err != c->err || (!err && n != c->n)) {
			PARAM_FAIL("%s: %d, %u certificates", c->name, err, n);
			continue;
		}
		for (j = 0; !err && j < n; j++)
			if (!refs[j].der || refs[j].len < 1 ||
			    refs[j].len != refs[j].der[0] + 1u)
				PARAM_FAIL("%s: certificate %u", c->name, j + 1);
	}
	++test;	/* the IDs of the first case came in reverse order */
	if (param_cert_cases[0].hdr[0][2] != 2)
		PARAM_FAIL("test table");
	++test;
	hip_build_start(&b, buf, HIP_R1, &param_hit, &param_hit);
	err = hip_build_finish(&b);
	if (hip_parse(buf, err, &hp) ||
	    hip_cert_group(&hp, HIP_CERT_GROUP_ANY, refs, 3, &n, &grp) !=
	    -ENOENT)
		PARAM_FAIL("no CERT");
	++test;	/* ID 0 and ID above count: the packet is malformed */
	for (j = 0; j < 2; j++) {
		hip_build_start(&b, buf, HIP_R1, &param_hit, &param_hit);
		v = hip_build_param(&b, HIP_P_CERT, 5);
		if (v) {
			v[0] = 1;
			v[1] = 2;
			v[2] = j ? 3 : 0;
			v[3] = 1;
		}
		err = hip_build_finish(&b);
		if (err < 0 || hip_parse(buf, err, &hp) != -EBADMSG)
			PARAM_FAIL("CERT ID %u of 2 accepted", j ? 3 : 0);
	}
	return success;
}

bool __init hip_param_selftest(void)
{
	bool success;
	u8 *buf;

	buf = kmalloc(HIP_MAX_PACKET, GFP_KERNEL);
	if (!buf)
		return false;
	success = param_selftest_kat(buf);
	success &= param_selftest_appc(buf);
	success &= param_selftest_build(buf);
	success &= param_selftest_cert(buf);
	success &= param_selftest_fuzz(buf);
	kfree(buf);
	if (success)
		pr_info("param self-tests: pass\n");
	return success;
}
