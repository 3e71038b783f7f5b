// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests for esp.c, #included at the bottom of esp.c and run at every
 * module load.  For each suite: round trips of linear, nonlinear and
 * cloned payloads (checked to stay unmodified), decryption of cloned and
 * nonlinear ESP packets, tampered ICV, replays, packets older than the
 * window, sequence number exhaustion and malformed packets (the
 * null-noauth suite, having no ICV, is checked to send the payload as it
 * is and to accept a changed packet instead).  Known-answer
 * packets for every suite were computed independently with Python's
 * "cryptography" package by scripts/esp-kat.py: the AES-GCM one is also
 * compared byte for byte with our output (its IV is the sequence number;
 * the CBC suites draw random IVs).  Everything runs twice: with the
 * crypto calls as they come (usually synchronous) and with every request
 * completed from a work item through the asynchronous path.
 */

#include <linux/completion.h>
#include <linux/highmem.h>

#define ESP_ST_SPI	0x11223344
#define ESP_ST_NEXTHDR	6
#define ESP_ST_KAT_LEN	37
#define ESP_ST_HEADROOM	40

/* scripts/esp-kat.py: SPI 0x11223344, next header 6, payload 37 bytes;
 * sequence numbers 1-3 and, for the _esn ones, 2^34 + 7
 */
static const u8 esp_kat_gcm[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x47, 0x75, 0x1b, 0xf8, 0x61, 0x94, 0x64, 0x46,
	0x9e, 0x70, 0x59, 0x35, 0xfe, 0x2c, 0xbf, 0x48,
	0x20, 0xc6, 0x2e, 0xb9, 0xab, 0xb5, 0xc3, 0xe4,
	0x24, 0xbd, 0xc4, 0x42, 0x49, 0xfe, 0x04, 0x4c,
	0x8a, 0x9f, 0xa9, 0xc1, 0x48, 0x30, 0x91, 0xd1,
	0xf0, 0x58, 0x4f, 0x2f, 0x75, 0xcf, 0xf6, 0xea,
	0x73, 0x11, 0xa3, 0x5f, 0x5c, 0xaa, 0x97, 0x60,
};

static const u8 esp_kat_gcm_badpad[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0xa0, 0x22, 0x61, 0x77, 0xbc, 0x56, 0xb8, 0xd1,
	0x14, 0xbc, 0xa4, 0x14, 0xb8, 0x2a, 0xa7, 0x27,
	0x74, 0xb7, 0x66, 0x17, 0x06, 0xd7, 0xf9, 0x21,
	0x2a, 0x33, 0x02, 0xfe, 0xbd, 0xfe, 0xe9, 0x62,
	0x1d, 0xb8, 0xa3, 0xad, 0xcd, 0x9c, 0x22, 0xc2,
	0xa0, 0xe3, 0x86, 0x5b, 0x96, 0x40, 0xee, 0xe0,
	0xb1, 0x3b, 0x39, 0x44, 0x1e, 0xe3, 0xf7, 0xd8,
};

static const u8 esp_kat_gcm_badpadlen[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0xa7, 0x95, 0xd5, 0xde, 0xad, 0xb8, 0xed, 0xb8,
	0x97, 0x16, 0xcd, 0xb1, 0xc1, 0x74, 0x33, 0x90,
	0x14, 0x84, 0x08, 0x4a, 0x8b, 0x0a, 0x85, 0x00,
	0x55, 0x7f, 0x10, 0x90, 0xd9, 0x83, 0x9f, 0x7b,
	0xac, 0x92, 0x91, 0xc9, 0xbd, 0x9e, 0x00, 0x94,
	0x80, 0xb6, 0x0c, 0x42, 0x2f, 0x59, 0x76, 0x3f,
	0x8d, 0x85, 0x25, 0x12, 0xdf, 0xf9, 0x85, 0x41,
};

static const u8 esp_kat_cbc128[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x01,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0x3c, 0x33, 0xe8, 0xc5, 0x19, 0x00, 0xbc, 0x40,
	0x2b, 0x7c, 0x0e, 0x49, 0x9d, 0x3b, 0x53, 0xa5,
	0xd4, 0xe8, 0x6d, 0xb6, 0x0d, 0xb3, 0x92, 0x8b,
	0x0d, 0xca, 0x71, 0x20, 0x64, 0xd3, 0x69, 0xa2,
	0xd4, 0x90, 0x3f, 0x73, 0x17, 0x40, 0x30, 0xc4,
	0x73, 0x38, 0x7c, 0x29, 0x2d, 0x6d, 0x3d, 0x15,
	0x24, 0xec, 0x23, 0xba, 0x5d, 0x72, 0x8e, 0x2f,
	0x82, 0xb9, 0x88, 0x15, 0x34, 0x62, 0x92, 0xb7,
};

static const u8 esp_kat_cbc256[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x01,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xec, 0x1f, 0x5b, 0x43, 0xec, 0x24, 0xae, 0xcb,
	0x3c, 0x9c, 0x88, 0xd1, 0xc9, 0x2f, 0x05, 0x99,
	0xeb, 0xb8, 0xae, 0xac, 0x92, 0x1f, 0x1c, 0x48,
	0x8c, 0x29, 0x1f, 0x44, 0x42, 0x66, 0x02, 0x23,
	0x26, 0x49, 0x7b, 0xe3, 0x8b, 0x51, 0x12, 0x2f,
	0x11, 0x48, 0x90, 0x8e, 0x77, 0x5c, 0x4a, 0x35,
	0x9c, 0x1d, 0x6d, 0x93, 0xd8, 0x45, 0x55, 0x4b,
	0x70, 0xa6, 0xdf, 0x57, 0x44, 0x05, 0xff, 0xd7,
};

static const u8 esp_kat_null[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x01,
	0x01, 0x04, 0x07, 0x0a, 0x0d, 0x10, 0x13, 0x16,
	0x19, 0x1c, 0x1f, 0x22, 0x25, 0x28, 0x2b, 0x2e,
	0x31, 0x34, 0x37, 0x3a, 0x3d, 0x40, 0x43, 0x46,
	0x49, 0x4c, 0x4f, 0x52, 0x55, 0x58, 0x5b, 0x5e,
	0x61, 0x64, 0x67, 0x6a, 0x6d, 0x01, 0x01, 0x06,
	0xd1, 0xd3, 0xfc, 0x6b, 0x42, 0x3e, 0x72, 0x13,
	0xf5, 0x75, 0xb2, 0x99, 0xdf, 0xbb, 0x6c, 0x3e,
};

static const u8 esp_kat_gcm_esn[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x07,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07,
	0xe0, 0x14, 0x96, 0x33, 0x26, 0x05, 0xe0, 0xa8,
	0x3f, 0x74, 0x67, 0x55, 0x5d, 0x02, 0xb6, 0xd4,
	0x9a, 0xe9, 0x89, 0x23, 0x48, 0xdb, 0x1b, 0x2a,
	0xee, 0xce, 0xf4, 0xfe, 0x06, 0x3f, 0x07, 0x78,
	0x8b, 0xe5, 0xa7, 0x4a, 0xd2, 0x15, 0x2e, 0x4e,
	0x4f, 0xd4, 0xa8, 0x7c, 0x38, 0x18, 0x2b, 0xd7,
	0x00, 0x1a, 0xa8, 0xad, 0x5f, 0x2f, 0x8e, 0x3d,
};

static const u8 esp_kat_cbc128_esn[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x07,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0x3c, 0x33, 0xe8, 0xc5, 0x19, 0x00, 0xbc, 0x40,
	0x2b, 0x7c, 0x0e, 0x49, 0x9d, 0x3b, 0x53, 0xa5,
	0xd4, 0xe8, 0x6d, 0xb6, 0x0d, 0xb3, 0x92, 0x8b,
	0x0d, 0xca, 0x71, 0x20, 0x64, 0xd3, 0x69, 0xa2,
	0xd4, 0x90, 0x3f, 0x73, 0x17, 0x40, 0x30, 0xc4,
	0x73, 0x38, 0x7c, 0x29, 0x2d, 0x6d, 0x3d, 0x15,
	0xb1, 0x15, 0x32, 0x77, 0x3a, 0xb4, 0x66, 0x24,
	0xc7, 0xcd, 0x1e, 0x92, 0x59, 0x33, 0xc8, 0xe6,
};

static const u8 esp_kat_cbc256_esn[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x07,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xec, 0x1f, 0x5b, 0x43, 0xec, 0x24, 0xae, 0xcb,
	0x3c, 0x9c, 0x88, 0xd1, 0xc9, 0x2f, 0x05, 0x99,
	0xeb, 0xb8, 0xae, 0xac, 0x92, 0x1f, 0x1c, 0x48,
	0x8c, 0x29, 0x1f, 0x44, 0x42, 0x66, 0x02, 0x23,
	0x26, 0x49, 0x7b, 0xe3, 0x8b, 0x51, 0x12, 0x2f,
	0x11, 0x48, 0x90, 0x8e, 0x77, 0x5c, 0x4a, 0x35,
	0x8b, 0x87, 0x50, 0xee, 0x7d, 0x2f, 0x7b, 0xe6,
	0x48, 0xa4, 0x87, 0xbc, 0xa7, 0x81, 0xfa, 0x7b,
};

static const u8 esp_kat_null_esn[] __initconst = {
	0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x07,
	0x01, 0x04, 0x07, 0x0a, 0x0d, 0x10, 0x13, 0x16,
	0x19, 0x1c, 0x1f, 0x22, 0x25, 0x28, 0x2b, 0x2e,
	0x31, 0x34, 0x37, 0x3a, 0x3d, 0x40, 0x43, 0x46,
	0x49, 0x4c, 0x4f, 0x52, 0x55, 0x58, 0x5b, 0x5e,
	0x61, 0x64, 0x67, 0x6a, 0x6d, 0x01, 0x01, 0x06,
	0xf1, 0x67, 0x66, 0x65, 0x24, 0xc0, 0x7c, 0x61,
	0xa7, 0xa9, 0x53, 0x95, 0x24, 0x05, 0xdc, 0x49,
};

struct esp_st_wait {
	struct completion done;
	struct sk_buff *skb;
	int err;
	u8 nexthdr;
};

static void esp_st_done(struct sk_buff *skb, int err, u8 nexthdr,
			void *cookie)
{
	struct esp_st_wait *w = cookie;

	w->skb = skb;
	w->err = err;
	w->nexthdr = nexthdr;
	complete(&w->done);
}

static unsigned int esp_st_async __initdata;

static int __init esp_st_encrypt(struct hip_esp_sa *sa, struct sk_buff *inner,
				 struct sk_buff **out)
{
	struct esp_st_wait w;
	int err;

	init_completion(&w.done);
	err = hip_esp_encrypt(sa, inner, ESP_ST_NEXTHDR, ESP_ST_HEADROOM, out,
			      esp_st_done, &w);
	if (err == -EINPROGRESS) {
		wait_for_completion(&w.done);
		esp_st_async++;
		*out = w.skb;
		err = w.err;
	}
	return err;
}

static int __init esp_st_decrypt(struct hip_esp_sa *sa, struct sk_buff **skb,
				 u8 *nexthdr)
{
	struct esp_st_wait w;
	int err;

	init_completion(&w.done);
	err = hip_esp_decrypt(sa, *skb, nexthdr, esp_st_done, &w);
	if (err == -EINPROGRESS) {
		wait_for_completion(&w.done);
		esp_st_async++;
		err = w.err;
		*nexthdr = w.nexthdr;
	}
	if (err)
		*skb = NULL;
	return err;
}

static void __init esp_st_pattern(u8 *buf, unsigned int len, u8 seed)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = i * 3 + seed;
}

static struct sk_buff *__init esp_st_linear(const u8 *data, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + 64, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_reserve(skb, 64);
	skb_put_data(skb, data, len);
	return skb;
}

/* @headlen bytes in the head, the rest in page frags at odd offsets */
static struct sk_buff *__init esp_st_nonlinear(const u8 *data,
					       unsigned int len,
					       unsigned int headlen)
{
	struct sk_buff *skb = alloc_skb(headlen + 64, GFP_KERNEL);
	unsigned int off = headlen, chunk, i = 0;
	struct page *page;

	if (!skb)
		return NULL;
	skb_reserve(skb, 64);
	skb_put_data(skb, data, headlen);
	while (off < len) {
		chunk = min(len - off, 700u);
		page = alloc_page(GFP_KERNEL);
		if (!page || i == MAX_SKB_FRAGS) {
			if (page)
				__free_page(page);
			kfree_skb(skb);
			return NULL;
		}
		memcpy(page_address(page) + 100 + i, data + off, chunk);
		skb_add_rx_frag(skb, i, page, 100 + i, chunk, PAGE_SIZE);
		off += chunk;
		i++;
	}
	return skb;
}

static bool __init esp_st_equal(struct sk_buff *skb, const u8 *data,
				unsigned int len)
{
	u8 *buf;
	bool eq;

	if (skb->len != len)
		return false;
	buf = kmalloc(len + 1, GFP_KERNEL);
	if (!buf)
		return false;
	eq = !skb_copy_bits(skb, 0, buf, len) && !memcmp(buf, data, len);
	kfree(buf);
	return eq;
}

#define ESP_ST_FAIL(fmt, ...) ({					\
	pr_err("esp self-test suite %u: FAIL: " fmt "\n", suite,	\
	       ##__VA_ARGS__);						\
	false;								\
})

/* Encrypt @inner, check the wire format, decrypt, compare with @data. */
static bool __init esp_st_roundtrip(u16 suite, struct hip_esp_sa *out,
				    struct hip_esp_sa *in,
				    struct sk_buff *inner, const u8 *data,
				    unsigned int len, unsigned int esp_headlen)
{
	const struct hip_esp_suite *s = out->suite;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + s->ivlen;
	struct sk_buff *pkt, *pkt2;
	u8 nexthdr = 0;
	u8 *copy;
	int err;
	u64 seq = atomic64_read(&out->seq) + 1;

	err = esp_st_encrypt(out, inner, &pkt);
	if (err)
		return ESP_ST_FAIL("encrypt len %u: %d", len, err);
	if (pkt->len != hlen + ALIGN(len + 2, s->block) + s->icvlen ||
	    pkt->len - len > hip_esp_overhead(suite) ||
	    skb_headroom(pkt) < ESP_ST_HEADROOM + LL_MAX_HEADER ||
	    skb_is_nonlinear(pkt) ||
	    get_unaligned_be32(pkt->data) != ESP_ST_SPI ||
	    get_unaligned_be32(pkt->data + 4) != lower_32_bits(seq)) {
		kfree_skb(pkt);
		return ESP_ST_FAIL("encrypt len %u: bad ESP packet", len);
	}

	if (esp_headlen) {
		/* decrypt a nonlinear copy; keep the original as a clone */
		pkt2 = esp_st_nonlinear(pkt->data, pkt->len, esp_headlen);
		consume_skb(pkt);
		pkt = pkt2;
		if (!pkt)
			return ESP_ST_FAIL("no memory");
		err = esp_st_decrypt(in, &pkt, &nexthdr);
	} else {
		/* decrypt a clone: the original must stay as it is */
		copy = kmemdup(pkt->data, pkt->len, GFP_KERNEL);
		pkt2 = skb_clone(pkt, GFP_KERNEL);
		if (!copy || !pkt2) {
			kfree(copy);
			kfree_skb(pkt2);
			kfree_skb(pkt);
			return ESP_ST_FAIL("no memory");
		}
		err = esp_st_decrypt(in, &pkt2, &nexthdr);
		if (!err && !esp_st_equal(pkt, copy, pkt->len))
			err = -EFAULT;
		kfree(copy);
		consume_skb(pkt);
		pkt = pkt2;
	}
	if (err)
		return ESP_ST_FAIL("decrypt len %u: %d", len, err);
	if (nexthdr != ESP_ST_NEXTHDR || !esp_st_equal(pkt, data, len) ||
	    skb_transport_header(pkt) != pkt->data) {
		kfree_skb(pkt);
		return ESP_ST_FAIL("decrypt len %u: wrong payload", len);
	}
	consume_skb(pkt);
	return true;
}

/* Encrypt a fresh linear payload of @len; returns the ESP packet or NULL */
static struct sk_buff *__init esp_st_packet(struct hip_esp_sa *out,
					    unsigned int len, int *err)
{
	struct sk_buff *skb, *pkt = NULL;
	u8 buf[64];

	esp_st_pattern(buf, min_t(unsigned int, len, sizeof(buf)), 7);
	skb = esp_st_linear(buf, min_t(unsigned int, len, sizeof(buf)));
	if (!skb) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = esp_st_encrypt(out, skb, &pkt);
	return *err ? NULL : pkt;
}

/* Decrypt a private copy of @pkt and expect @expect */
static bool __init esp_st_expect(u16 suite, struct hip_esp_sa *in,
				 struct sk_buff *pkt, int expect,
				 const char *what)
{
	struct sk_buff *copy = skb_copy(pkt, GFP_KERNEL);
	u8 nexthdr;
	int err;

	if (!copy)
		return ESP_ST_FAIL("no memory");
	err = esp_st_decrypt(in, &copy, &nexthdr);
	kfree_skb(copy);
	if (err != expect)
		return ESP_ST_FAIL("%s: got %d, expected %d", what, err, expect);
	return true;
}

/* 64-bit sequence numbers (RFC 7402 3.3.6) across 2^32: the receiver
 * infers the high bits (RFC 4303 Appendix A2.2), also for a packet from
 * below 2^32 that arrives after the window's top has passed it (case B,
 * Th - 1).  Then the top of the 64-bit space: the counter does not wrap.
 */
static bool __init esp_st_esn(u16 suite, struct hip_esp_sa *out,
			      struct hip_esp_sa *in)
{
	struct sk_buff *late, *pkt = NULL;
	bool ok = false;
	unsigned int i;
	int err;

	/* the receiver's window just below 2^32 (null-noauth may be above) */
	in->replay_top = (1ULL << 32) - 100;
	bitmap_zero(in->replay, HIP_ESP_REPLAY_WINDOW);
	atomic64_set(&out->seq, (1ULL << 32) - 3);
	late = esp_st_packet(out, 10, &err);		/* 2^32 - 2 */
	for (i = 0; late && i < 3; i++) {		/* 2^32 - 1 .. 2^32 + 1 */
		pkt = esp_st_packet(out, 10, &err);
		if (!pkt || get_unaligned_be32(pkt->data + 4) != (u32)(i - 1))
			break;
		if (!esp_st_expect(suite, in, pkt, 0, "around 2^32"))
			goto out;
		kfree_skb(pkt);
		pkt = NULL;
	}
	if (i < 3) {
		ESP_ST_FAIL("encrypt around 2^32: %d", err);
		goto out;
	}
	if (!esp_st_expect(suite, in, late, 0, "2^32 - 2 after 2^32 + 1") ||
	    !esp_st_expect(suite, in, late, -EALREADY, "replay below 2^32"))
		goto out;

	atomic64_set(&out->seq, U64_MAX - 1);
	pkt = esp_st_packet(out, 10, &err);
	if (!pkt || get_unaligned_be32(pkt->data + 4) != U32_MAX) {
		ESP_ST_FAIL("sequence number 2^64 - 1: %d", err);
		goto out;
	}
	kfree_skb(pkt);
	pkt = esp_st_packet(out, 10, &err);
	if (pkt || err != -EKEYEXPIRED || !hip_esp_sa_exhausted(out)) {
		ESP_ST_FAIL("sequence number wrapped: %d", err);
		goto out;
	}
	/* back to the start for the next tests */
	out->exhausted = false;
	atomic64_set(&out->seq, 100);
	ok = true;
out:
	kfree_skb(pkt);
	kfree_skb(late);
	return ok;
}

static bool __init esp_st_suite(u16 suite)
{
	static const unsigned int lens[] __initconst = { 0, 1, 37, 100, 1400 };
	const unsigned int biglen = 2000;
	struct sk_buff *inner, *clone, *pkt = NULL, *old = NULL, *mid = NULL;
	struct hip_esp_sa *out, *in;
	u8 enc[32], auth[32], *data;
	unsigned int i, hlen;
	bool ok = false;
	int err;

	esp_st_pattern(enc, sizeof(enc), suite);
	esp_st_pattern(auth, sizeof(auth), suite + 100);
	data = kmalloc(biglen, GFP_KERNEL);
	if (!data)
		return ESP_ST_FAIL("no memory");
	esp_st_pattern(data, biglen, 1);

	out = hip_esp_sa_new(suite, ESP_ST_SPI, true, enc, auth);
	if (IS_ERR(out)) {
		kfree(data);
		return ESP_ST_FAIL("outbound SA: %ld", PTR_ERR(out));
	}
	in = hip_esp_sa_new(suite, ESP_ST_SPI, false, enc, auth);
	if (IS_ERR(in)) {
		hip_esp_sa_put(out);
		kfree(data);
		return ESP_ST_FAIL("inbound SA: %ld", PTR_ERR(in));
	}
	hlen = sizeof(struct ip_esp_hdr) + out->suite->ivlen;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		inner = esp_st_linear(data, lens[i]);
		if (!inner || !esp_st_roundtrip(suite, out, in, inner, data,
						lens[i], 0))
			goto out;
	}

	/* nonlinear and cloned payload: must not be written to */
	inner = esp_st_nonlinear(data, biglen, 30);
	clone = inner ? skb_clone(inner, GFP_KERNEL) : NULL;
	if (!clone) {
		kfree_skb(inner);
		ESP_ST_FAIL("no memory");
		goto out;
	}
	if (!esp_st_roundtrip(suite, out, in, clone, data, biglen, 0) ||
	    !esp_st_roundtrip(suite, out, in, skb_get(inner), data, biglen,
			      hlen + 5)) {
		kfree_skb(inner);
		goto out;
	}
	if (!esp_st_equal(inner, data, biglen)) {
		kfree_skb(inner);
		ESP_ST_FAIL("encryption wrote to the payload");
		goto out;
	}
	kfree_skb(inner);

	/* tampered, then genuine, then replayed */
	pkt = esp_st_packet(out, 50, &err);
	if (!pkt) {
		ESP_ST_FAIL("encrypt: %d", err);
		goto out;
	}
	if (!out->suite->icvlen) {
		/* null-noauth: the payload is in the clear, changes go through */
		u8 clear[50];

		esp_st_pattern(clear, sizeof(clear), 7);
		if (memcmp(pkt->data + hlen, clear, sizeof(clear))) {
			ESP_ST_FAIL("payload not sent as it is");
			goto out;
		}
		pkt->data[hlen] ^= 0x40;
		if (!esp_st_expect(suite, in, pkt, 0, "changed, no ICV") ||
		    !esp_st_expect(suite, in, pkt, -EALREADY, "replay"))
			goto out;
	} else {
		pkt->data[pkt->len - 20] ^= 0x40;
		if (!esp_st_expect(suite, in, pkt, -EBADMSG,
				   "tampered ciphertext"))
			goto out;
		pkt->data[pkt->len - 20] ^= 0x40;
		pkt->data[pkt->len - 1] ^= 0x01;
		if (!esp_st_expect(suite, in, pkt, -EBADMSG, "tampered ICV"))
			goto out;
		pkt->data[pkt->len - 1] ^= 0x01;
		if (!esp_st_expect(suite, in, pkt, 0,
				   "genuine after tampered") ||
		    !esp_st_expect(suite, in, pkt, -EALREADY, "replay"))
			goto out;
	}

	/* malformed: too short, not a whole number of blocks */
	skb_trim(pkt, hlen + out->suite->block + out->suite->icvlen - 1);
	if (!esp_st_expect(suite, in, pkt, -EINVAL, "short packet"))
		goto out;
	kfree_skb(pkt);
	pkt = esp_st_packet(out, 50, &err);
	if (!pkt) {
		ESP_ST_FAIL("encrypt: %d", err);
		goto out;
	}
	skb_trim(pkt, pkt->len - 1);
	if (!esp_st_expect(suite, in, pkt, -EINVAL, "partial block"))
		goto out;
	kfree_skb(pkt);

	/* window: old, then a jump of more than the window, then mid */
	old = esp_st_packet(out, 10, &err);
	atomic64_add(HIP_ESP_REPLAY_WINDOW + 10, &out->seq);
	mid = old ? esp_st_packet(out, 10, &err) : NULL;
	atomic64_add(90, &out->seq);
	pkt = mid ? esp_st_packet(out, 10, &err) : NULL;
	if (!pkt) {
		ESP_ST_FAIL("encrypt: %d", err);
		goto out;
	}
	if (!esp_st_expect(suite, in, pkt, 0, "new top") ||
	    !esp_st_expect(suite, in, mid, 0, "older, inside the window") ||
	    !esp_st_expect(suite, in, mid, -EALREADY, "replay inside window"))
		goto out;
	/* Below the window's bottom, RFC 4303 Appendix A2.2 takes it for a
	 * packet of the next 2^32 (case A): the ICV, covering the high bits,
	 * fails.  Without an ICV it passes, as seq + 2^32.
	 */
	if (!esp_st_expect(suite, in, old, out->suite->icvlen ? -EBADMSG : 0,
			   "older than the window"))
		goto out;
	kfree_skb(pkt);
	pkt = NULL;

	if (!esp_st_esn(suite, out, in))
		goto out;

	/* sequence number limit */
	hip_esp_sa_set_seq_limit(out, atomic64_read(&out->seq) + 1);
	pkt = esp_st_packet(out, 10, &err);
	if (!pkt || hip_esp_sa_exhausted(out)) {
		ESP_ST_FAIL("last sequence number: %d", err);
		goto out;
	}
	for (i = 0; i < 3; i++) {
		if (esp_st_packet(out, 10, &err) || err != -EKEYEXPIRED ||
		    !hip_esp_sa_exhausted(out)) {
			ESP_ST_FAIL("sequence limit: %d", err);
			goto out;
		}
		/* raising the limit does not revive an exhausted SA */
		hip_esp_sa_set_seq_limit(out, U32_MAX);
	}
	ok = true;
out:
	kfree_skb(pkt);
	kfree_skb(old);
	kfree_skb(mid);
	hip_esp_sa_put(in);
	hip_esp_sa_put(out);
	kfree(data);
	return ok;
}

struct esp_st_kat {
	u16 suite;
	const u8 *pkt;
	unsigned int len;
	int expect;
	u64 top;	/* if not 0: the receiver's highest sequence number */
	u8 enc[32];
};

/* The sequence number of the _esn packets (low 32 bits 7), and receiver
 * states (T, the highest sequence number seen) from which RFC 4303
 * Appendix A2.2 infers its high 32 bits right (4) or wrong: then the ICV
 * must fail, since the high bits are covered by it.
 *   TOP_A:   case A, below the window's bottom: Th + 1 = 4, a new top
 *   TOP_A2:  case A, inside the window: Th = 4
 *   TOP_B:   case B (window across two subspaces), below Bl: Th = 4
 *   WRONG:   case A, Th + 1 = 6
 *   WRONG_B: case B, Th = 5
 */
#define ESP_ST_ESN		((4ULL << 32) + 7)
#define ESP_ST_TOP_A		((3ULL << 32) + 5000)
#define ESP_ST_TOP_A2		((4ULL << 32) + 1025)
#define ESP_ST_TOP_B		((4ULL << 32) + 100)
#define ESP_ST_TOP_WRONG	((5ULL << 32) + 5000)
#define ESP_ST_TOP_WRONG_B	((5ULL << 32) + 100)

static const struct esp_st_kat esp_st_kats[] __initconst = {
#define KAT(s, p, e, t, ...) { s, p, sizeof(p), e, t, __VA_ARGS__ }
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm, 0, 0,
	    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	      0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	      0xa0, 0xa1, 0xa2, 0xa3 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_badpad, -EINVAL, 0, { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_badpadlen, -EINVAL, 0,
	    { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm, -EALREADY, 0, { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_esn, -EBADMSG,
	    ESP_ST_TOP_WRONG, { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_esn, -EBADMSG,
	    ESP_ST_TOP_WRONG_B, { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_esn, 0, ESP_ST_TOP_A,
	    { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_esn, -EALREADY, 0, { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_esn, 0, ESP_ST_TOP_B,
	    { 0 }),
	KAT(HIP_ESP_AES_128_GCM_ICV16, esp_kat_gcm_esn, 0, ESP_ST_TOP_A2,
	    { 0 }),
	KAT(HIP_ESP_AES_128_CBC_HMAC_SHA256, esp_kat_cbc128, 0, 0, { 0 }),
	KAT(HIP_ESP_AES_128_CBC_HMAC_SHA256, esp_kat_cbc128_esn, -EBADMSG,
	    ESP_ST_TOP_WRONG, { 0 }),
	KAT(HIP_ESP_AES_128_CBC_HMAC_SHA256, esp_kat_cbc128_esn, 0,
	    ESP_ST_TOP_A, { 0 }),
	KAT(HIP_ESP_AES_256_CBC_HMAC_SHA256, esp_kat_cbc256, 0, 0, { 0 }),
	KAT(HIP_ESP_AES_256_CBC_HMAC_SHA256, esp_kat_cbc256_esn, -EBADMSG,
	    ESP_ST_TOP_WRONG_B, { 0 }),
	KAT(HIP_ESP_AES_256_CBC_HMAC_SHA256, esp_kat_cbc256_esn, 0,
	    ESP_ST_TOP_B, { 0 }),
	KAT(HIP_ESP_NULL_HMAC_SHA256, esp_kat_null, 0, 0, { 0 }),
	KAT(HIP_ESP_NULL_HMAC_SHA256, esp_kat_null_esn, -EBADMSG,
	    ESP_ST_TOP_WRONG, { 0 }),
	KAT(HIP_ESP_NULL_HMAC_SHA256, esp_kat_null_esn, 0, ESP_ST_TOP_A,
	    { 0 }),
#undef KAT
};

/* Encrypt the KAT payload with sequence number @seq on a new GCM SA */
static struct sk_buff *__init esp_st_kat_gcm(u64 seq, const u8 *payload,
					     int *err)
{
	struct hip_esp_sa *out;
	struct sk_buff *skb;

	out = hip_esp_sa_new(HIP_ESP_AES_128_GCM_ICV16, ESP_ST_SPI, true,
			     esp_st_kats[0].enc, NULL);
	if (IS_ERR(out)) {
		*err = PTR_ERR(out);
		return NULL;
	}
	atomic64_set(&out->seq, seq - 1);
	skb = esp_st_linear(payload, ESP_ST_KAT_LEN);
	*err = skb ? esp_st_encrypt(out, skb, &skb) : -ENOMEM;
	hip_esp_sa_put(out);
	return *err ? NULL : skb;
}

/* Our AES-GCM packets must be the KAT packets, byte for byte */
static bool __init esp_st_kat_out(const u8 *payload)
{
	static const struct {
		u64 seq;
		const u8 *pkt;
		unsigned int len;
	} want[] __initconst = {
		{ 1, esp_kat_gcm, sizeof(esp_kat_gcm) },
		{ ESP_ST_ESN, esp_kat_gcm_esn, sizeof(esp_kat_gcm_esn) },
	};
	u16 suite = HIP_ESP_AES_128_GCM_ICV16;
	struct sk_buff *skb;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		skb = esp_st_kat_gcm(want[i].seq, payload, &err);
		if (!skb)
			return ESP_ST_FAIL("KAT encrypt: %d", err);
		if (skb->len != want[i].len ||
		    memcmp(skb->data, want[i].pkt, skb->len)) {
			print_hex_dump(KERN_ERR, "hip: got ", DUMP_PREFIX_OFFSET,
				       16, 1, skb->data, skb->len, false);
			kfree_skb(skb);
			return ESP_ST_FAIL("KAT encrypt %u: wrong packet", i);
		}
		kfree_skb(skb);
	}
	return true;
}

/* Our AES-GCM packets must be the KAT packets; every KAT packet must
 * decrypt (or be refused) as expected.  Keys: GCM as in the table (the
 * later GCM rows reuse the first SA), CBC enc keys 0x10.. / 0x40..,
 * auth keys 0x20..0x3f.  A row's @top, if set, is put in the receiver's
 * window first (only where a row needs it: the SA is kept across the
 * rows of one suite).
 */
static bool __init esp_st_kat(void)
{
	u8 payload[ESP_ST_KAT_LEN], enc[32], auth[32], nexthdr;
	struct hip_esp_sa *in = NULL;
	struct sk_buff *skb;
	unsigned int i, j;
	bool ok = false;
	u16 suite = 0;
	int err;

	esp_st_pattern(payload, sizeof(payload), 1);
	for (i = 0; i < sizeof(auth); i++)
		auth[i] = 0x20 + i;
	if (!esp_st_kat_out(payload))
		return false;

	for (i = 0; i < ARRAY_SIZE(esp_st_kats); i++) {
		const struct esp_st_kat *k = &esp_st_kats[i];

		suite = k->suite;
		if (i == 0 || suite != esp_st_kats[i - 1].suite) {
			hip_esp_sa_put(in);
			memcpy(enc, k->enc, sizeof(enc));
			if (suite == HIP_ESP_AES_128_CBC_HMAC_SHA256)
				for (j = 0; j < 16; j++)
					enc[j] = 0x10 + j;
			if (suite == HIP_ESP_AES_256_CBC_HMAC_SHA256)
				for (j = 0; j < 32; j++)
					enc[j] = 0x40 + j;
			in = hip_esp_sa_new(suite, ESP_ST_SPI, false, enc, auth);
			if (IS_ERR(in)) {
				in = NULL;
				ESP_ST_FAIL("KAT SA");
				goto out;
			}
		}
		if (k->top) {
			in->replay_top = k->top;
			bitmap_zero(in->replay, HIP_ESP_REPLAY_WINDOW);
		}
		skb = esp_st_linear(k->pkt, k->len);
		if (!skb) {
			ESP_ST_FAIL("no memory");
			goto out;
		}
		nexthdr = 0;
		err = esp_st_decrypt(in, &skb, &nexthdr);
		if (err != k->expect ||
		    (!err && (nexthdr != ESP_ST_NEXTHDR ||
			      !esp_st_equal(skb, payload, sizeof(payload))))) {
			kfree_skb(skb);
			ESP_ST_FAIL("KAT %u: decrypt %d, expected %d", i, err,
				    k->expect);
			goto out;
		}
		kfree_skb(skb);
	}
	ok = true;
out:
	hip_esp_sa_put(in);
	return ok;
}

bool __init hip_esp_selftest(void)
{
	struct workqueue_struct *wq;
	bool ok = true;
	u16 suite = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_esp_suites); i++)
		ok &= esp_st_suite(hip_esp_suites[i].id);
	ok &= esp_st_kat();

	/* again with every request completed asynchronously (see esp.c) */
	wq = alloc_workqueue("hip_esp_selftest", 0, 0);
	if (!wq)
		return ESP_ST_FAIL("no memory");
	WRITE_ONCE(hip_esp_defer_wq, wq);
	esp_st_async = 0;
	for (i = 0; i < ARRAY_SIZE(hip_esp_suites); i++)
		ok &= esp_st_suite(hip_esp_suites[i].id);
	ok &= esp_st_kat();
	WRITE_ONCE(hip_esp_defer_wq, NULL);
	destroy_workqueue(wq);		/* waits for the work items' tails */
	if (ok && !esp_st_async)
		ok = ESP_ST_FAIL("nothing completed asynchronously");

	/* the SAs are freed by a work item that must not outlive us */
	flush_work(&hip_esp_gc_work);
	if (ok)
		pr_info("esp self-tests: pass\n");
	return ok;
}
