// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace fuzz harness for net/hip/param.c: compiles param.c and its
 * load-time self-tests against shim/ (see hip_shim.h), runs the
 * self-tests, then for a few seconds feeds hip_parse() random packets,
 * each in a malloc()ed buffer of exactly its length, under
 * -fsanitize=address,undefined.  Every packet accepted must satisfy the
 * guarantees of param.h (param_check_parsed() from the self-tests).
 *
 *   ./fuzz [SECONDS [SEED]]
 */
#include <time.h>
#include <unistd.h>

#include "../../../net/hip/param.c"

static u32 seed;

static u32 rnd(void)
{
	return param_rand(&seed);
}

/* Mode 0: pkat[] with 1..8 random byte or 16-bit changes */
static unsigned int gen_mutate(u8 *buf)
{
	unsigned int n = 1 + rnd() % 8, k, len = PKAT_LEN;

	memcpy(buf, pkat, PKAT_LEN);
	for (k = 0; k < n; k++) {
		u32 r = rnd();
		unsigned int at = 40 + (r >> 8) % (PKAT_LEN - 41);

		if (r & 1)
			buf[at] = r >> 24;
		else
			put_unaligned_be16(r >> 16, buf + at);
	}
	if (rnd() % 8 == 0)
		len = rnd() % (PKAT_LEN + 1);
	return len;
}

/* Mode 1: a well-formed header and a random sequence of plausible TLVs */
static unsigned int gen_tlvs(u8 *buf)
{
	u16 types[32];
	unsigned int n = rnd() % 16, i, j, off = HIP_HDR_LEN;
	struct in6_addr hit;

	memset(&hit, 0x5a, sizeof(hit));
	for (i = 0; i < n; i++) {
		u32 r = rnd();

		if (r % 4)
			types[i] = hip_ptypes[(r >> 8) %
					      ARRAY_SIZE(hip_ptypes)].type;
		else
			types[i] = r >> 16;
	}
	/* mostly sorted, sometimes not */
	if (rnd() % 8)
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && types[j - 1] > types[j]; j--) {
				u16 t = types[j];

				types[j] = types[j - 1];
				types[j - 1] = t;
			}
	hip_build_start(&(struct hip_builder){}, buf, 1 + rnd() % 4, &hit,
			&hit);
	for (i = 0; i < n; i++) {
		const struct hip_ptype *pt = hip_ptype_find(types[i]);
		unsigned int len, total;
		u32 r = rnd();
		u8 *v;

		switch (r % 4) {
		case 0:
			len = rnd() % 80;
			break;
		case 1:
			len = (pt ? pt->min : 0) + rnd() % 3;
			break;
		case 2:
			len = pt ? pt->min : rnd() % 8;
			break;
		default:
			len = (pt ? pt->min : 0) + rnd() % 300;
			break;
		}
		if (pt && (pt->type == HIP_P_HIP_MAC ||
			   pt->type == HIP_P_HIP_MAC_2) && r % 16 < 12)
			len = r & 16 ? 48 : 32;
		total = HIP_PARAM_TOTAL(len);
		if (off + total > HIP_MAX_PACKET)
			break;
		put_unaligned_be16(types[i], buf + off);
		put_unaligned_be16(len, buf + off + 2);
		v = buf + off + 4;
		for (j = 0; j < total - 4; j++)
			v[j] = rnd();
		if (pt && pt->type == HIP_P_DIFFIE_HELLMAN && len >= 3 &&
		    r % 16 < 12) {
			unsigned int first = r & 32 ? len - 3 : (len - 3) / 2;

			put_unaligned_be16(first, v + 1);
			if (first + 6 <= len && !(r & 32))
				put_unaligned_be16(len - first - 6,
						   v + first + 4);
		}
		if (pt && pt->type == HIP_P_HOST_ID && len >= 6 &&
		    r % 16 < 12) {
			unsigned int hi = rnd() % (len - 5);

			put_unaligned_be16(hi, v);
			put_unaligned_be16((rnd() & 0xf000) |
					   (rnd() % (len - 5 - hi)), v + 2);
		}
		off += total;
	}
	buf[1] = off / 8 - 1;
	if (rnd() % 4 == 0)
		buf[HIP_HDR_LEN + rnd() % (off - HIP_HDR_LEN + 1)] ^=
			1 << (rnd() % 8);
	return off;
}

/* Mode 2: random bytes of random length, sometimes a plausible header */
static unsigned int gen_random(u8 *buf)
{
	unsigned int len = rnd() % (HIP_MAX_PACKET + 9), i;

	for (i = 0; i < len; i++)
		buf[i] = rnd();
	if (len >= HIP_HDR_LEN && rnd() % 2) {
		len &= ~7U;
		if (len > HIP_MAX_PACKET)
			len = HIP_MAX_PACKET;
		buf[1] = len / 8 - 1;
		buf[2] = 1 + rnd() % 4;
		buf[3] = HIP_HDR_VER(HIP_VERSION);
	}
	return len;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 5;
	unsigned long rounds = 0, accepted[3] = { 0 }, errs[4] = { 0 };
	static u8 buf[HIP_MAX_PACKET + 8];
	struct timespec t0, t;

	seed = argc > 2 ? strtoul(argv[2], NULL, 0) : time(NULL) ^ getpid();
	if (!seed)
		seed = 1;
	if (!hip_param_selftest())
		return 1;
	printf("fuzz: seed %#x, %.1f s\n", seed, secs);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		unsigned int mode = rnd() % 3, len;
		u32 round_seed = seed;
		struct hip_parsed hp;
		bool inv;
		int err;

		if ((rounds & 1023) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec +
			    (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
				break;
		}
		rounds++;
		len = mode == 0 ? gen_mutate(buf) :
		      mode == 1 ? gen_tlvs(buf) : gen_random(buf);
		err = param_try(buf, len, &hp, &inv);
		switch (err) {
		case 0:
			accepted[mode]++;
			break;
		case -EMSGSIZE:
			errs[0]++;
			break;
		case -EPROTO:
			errs[1]++;
			break;
		case -EBADMSG:
			errs[2]++;
			break;
		case -EPROTONOSUPPORT:
			errs[3]++;
			break;
		default:
			inv = false;
		}
		if (!inv) {
			fprintf(stderr,
				"fuzz: FAIL round %lu (mode %u, seed %#x): %d\n",
				rounds, mode, round_seed, err);
			return 1;
		}
	}
	printf("fuzz: %lu packets; accepted %lu/%lu/%lu (mutated/tlvs/random); EMSGSIZE %lu EPROTO %lu EBADMSG %lu EPROTONOSUPPORT %lu\n",
	       rounds, accepted[0], accepted[1], accepted[2], errs[0], errs[1],
	       errs[2], errs[3]);
	printf("fuzz: pass\n");
	return 0;
}
