// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests for hit.c, #included at the bottom of hit.c and run
 * at every module load (they are cheap).  The expected HITs were computed
 * independently with Python's hashlib over the same inputs.
 */

/* A hash input of 64 bytes 0x00, 0x01, ..., 0x3f is built at run time. */
#define HIT_KAT_COUNTING	64

struct hit_kat {
	u8 suite;
	size_t hi_len;
	u8 hit[16];
};

static const struct hit_kat hit_kats[] __initconst = {
	{ HIP_HIT_SUITE_RSA_DSA_SHA256, HIT_KAT_COUNTING,
	  { 0x20, 0x01, 0x00, 0x21, 0x48, 0xc9, 0x1c, 0x1c,
	    0xa1, 0x92, 0xac, 0xad, 0x07, 0x9b, 0x5c, 0x81 } },
	{ HIP_HIT_SUITE_ECDSA_SHA384, HIT_KAT_COUNTING,
	  { 0x20, 0x01, 0x00, 0x22, 0xf0, 0x65, 0xb1, 0xf0,
	    0xb6, 0x63, 0x57, 0xf7, 0xac, 0x17, 0x08, 0x31 } },
	{ HIP_HIT_SUITE_RSA_DSA_SHA256, 0,
	  { 0x20, 0x01, 0x00, 0x21, 0x98, 0x68, 0xb6, 0x22,
	    0x4a, 0x42, 0x9d, 0xdf, 0x47, 0x2e, 0x42, 0xff } },
	{ HIP_HIT_SUITE_ECDSA_SHA384, 0,
	  { 0x20, 0x01, 0x00, 0x22, 0xf5, 0x36, 0x76, 0xeb,
	    0x58, 0x42, 0xac, 0x17, 0x70, 0x3f, 0x18, 0x15 } },
};

/* Last three HIT bytes -> expected LSI */
struct lsi_kat {
	u8 tail[3];
	u8 lsi[4];
};

static const struct lsi_kat lsi_kats[] __initconst = {
	{ { 0x12, 0x34, 0x56 }, { 1, 0x12, 0x34, 0x56 } },
	{ { 0x00, 0x00, 0x00 }, { 1, 0x00, 0x00, 0x01 } },
	{ { 0xff, 0xff, 0xff }, { 1, 0xff, 0xff, 0xfe } },
	{ { 0x00, 0x00, 0x01 }, { 1, 0x00, 0x00, 0x01 } },
	{ { 0xff, 0xff, 0xfe }, { 1, 0xff, 0xff, 0xfe } },
	{ { 0x00, 0xff, 0x00 }, { 1, 0x00, 0xff, 0x00 } },
	{ { 0xff, 0x00, 0xff }, { 1, 0xff, 0x00, 0xff } },
};

bool __init hip_hit_selftest(void)
{
	static const u8 not_orchid[][4] __initconst = {
		{ 0x20, 0x01, 0x00, 0x10 },	/* ORCHIDv1 2001:10::/28 */
		{ 0x20, 0x01, 0x00, 0x30 },
		{ 0x20, 0x01, 0x0d, 0xb8 },
		{ 0x30, 0x01, 0x00, 0x20 },
	};
	u8 counting[HIT_KAT_COUNTING];
	unsigned int i, test = 0;
	struct in6_addr hit;
	bool success = true;
	__be32 lsi;
	int err;

	for (i = 0; i < sizeof(counting); i++)
		counting[i] = i;

	for (i = 0; i < ARRAY_SIZE(hit_kats); i++) {
		++test;
		err = hip_hit_derive(hit_kats[i].suite, counting,
				     hit_kats[i].hi_len, &hit);
		if (err) {
			pr_err("hit self-test %u: FAIL (error %d; is %s available?)\n",
			       test, err,
			       hit_kats[i].suite == HIP_HIT_SUITE_ECDSA_SHA384 ?
			       "sha384" : "sha256");
			success = false;
			continue;
		}
		if (memcmp(hit.s6_addr, hit_kats[i].hit, sizeof(hit)) ||
		    !hip_hit_is_orchid(&hit) ||
		    hip_hit_suite(&hit) != hit_kats[i].suite) {
			pr_err("hit self-test %u: FAIL (got %pI6c)\n", test, &hit);
			success = false;
		}
	}

	++test;
	if (hip_hit_derive(HIP_HIT_SUITE_ECDSA_LOW_SHA1, counting, 1, &hit) !=
	    -EOPNOTSUPP) {
		pr_err("hit self-test %u: FAIL (suite 3 accepted)\n", test);
		success = false;
	}

	for (i = 0; i < ARRAY_SIZE(lsi_kats); i++) {
		++test;
		memset(&hit, 0xa5, sizeof(hit));
		memcpy(&hit.s6_addr[13], lsi_kats[i].tail, 3);
		lsi = hip_hit_to_lsi(&hit);
		if (memcmp(&lsi, lsi_kats[i].lsi, sizeof(lsi)) ||
		    !hip_is_lsi(lsi)) {
			pr_err("hit self-test %u: FAIL (LSI %pI4)\n", test, &lsi);
			success = false;
		}
	}

	/* 0.0.0.1 catches a test that forgets the byte order */
	++test;
	if (hip_is_lsi(htonl(0x00000001)) || hip_is_lsi(htonl(0x02000001)) ||
	    hip_is_lsi(htonl(0x7f000001))) {
		pr_err("hit self-test %u: FAIL (not an LSI taken for one)\n",
		       test);
		success = false;
	}

	for (i = 0; i < ARRAY_SIZE(not_orchid); i++) {
		++test;
		memset(&hit, 0, sizeof(hit));
		memcpy(hit.s6_addr, not_orchid[i], sizeof(not_orchid[i]));
		if (hip_hit_is_orchid(&hit)) {
			pr_err("hit self-test %u: FAIL (%pI6c taken for a HIT)\n",
			       test, &hit);
			success = false;
		}
	}

	if (success)
		pr_info("hit self-tests: pass\n");
	return success;
}
