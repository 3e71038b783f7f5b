// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl hit FILE: the HIT and LSI of a key file, computed offline.
 *
 *   ORCHID = 2001:20::/28 prefix | OGA ID (4 bits) | Encode_96(hash)
 *   hash   = H(ContextID | Host Identity),  H = SHA-256 (RSA) or SHA-384 (ECDSA)
 *   Encode_96 = the middle 96 bits of the hash.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include <linux/hip.h>

#include "hit.h"
#include "json.h"
#include "key.h"
#include "subcommands.h"
#include "util.h"

/* RFC 7401 3.2: ORCHID Context ID for HIP */
static const uint8_t hip_context_id[16] = {
	0xf0, 0xef, 0xf0, 0x2f, 0xbf, 0xf4, 0x3d, 0x0f,
	0xe7, 0x93, 0x0c, 0x3c, 0x6e, 0x61, 0x74, 0xea,
};

int hit_derive(unsigned int algo, const uint8_t *hi, size_t hi_len,
	       uint8_t hit[HIT_LEN])
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	const EVP_MD *type;
	EVP_MD_CTX *ctx;
	int suite, ok;

	switch (algo) {
	case HIP_HI_RSA:
		suite = HIP_HIT_SUITE_RSA_DSA_SHA256;
		type = EVP_sha256();
		break;
	case HIP_HI_ECDSA:
		suite = HIP_HIT_SUITE_ECDSA_SHA384;
		type = EVP_sha384();
		break;
	default:
		return -1;
	}

	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, type, NULL) &&
	     EVP_DigestUpdate(ctx, hip_context_id, sizeof(hip_context_id)) &&
	     EVP_DigestUpdate(ctx, hi, hi_len) &&
	     EVP_DigestFinal_ex(ctx, md, &md_len);
	EVP_MD_CTX_free(ctx);
	if (!ok || md_len < 12)
		return -1;

	hit[0] = 0x20;
	hit[1] = 0x01;
	hit[2] = 0x00;
	hit[3] = 0x20 | suite;
	/* SHA-256: bytes 10..21, SHA-384: bytes 18..29 */
	memcpy(hit + 4, md + (md_len - 12) / 2, 12);
	return suite;
}

void lsi_from_hit(const uint8_t hit[HIT_LEN], uint8_t lsi[LSI_LEN])
{
	lsi[0] = 1;
	lsi[1] = hit[13];
	lsi[2] = hit[14];
	lsi[3] = hit[15];
	if ((!lsi[1] && !lsi[2] && !lsi[3]) ||
	    (lsi[1] == 0xff && lsi[2] == 0xff && lsi[3] == 0xff))
		lsi[3] ^= 1;
}

static void hit_usage(FILE *f)
{
	fprintf(f, "Usage: " PROG_NAME " [-j] hit FILE\n");
}

int hit_main(int argc, char *argv[])
{
	char hit_str[HIT_STRLEN], lsi_str[LSI_STRLEN];
	uint8_t hit[HIT_LEN], lsi[LSI_LEN];
	struct hip_key key;
	int suite;

	if (argc == 2 && is_help(argv[1])) {
		hit_usage(stdout);
		return EXIT_OK;
	}
	if (argc < 2) {
		errorf("missing key FILE");
		return EXIT_USAGE;
	}
	if (argc > 2) {
		errorf("unexpected argument \"%s\"", argv[2]);
		return EXIT_USAGE;
	}
	if (key_load(argv[1], &key))
		return EXIT_FAIL;

	if (key.algo == HIP_HI_EDDSA) {
		key_free(&key);
		errorf("Ed25519 host identities are not supported");
		return EXIT_FAIL;
	}
	suite = hit_derive(key.algo, key.pub, key.pub_len, hit);
	if (suite < 0) {
		key_free(&key);
		errorf("cannot compute the HIT");
		return EXIT_FAIL;
	}
	lsi_from_hit(hit, lsi);
	format_hit(hit, hit_str);
	format_lsi(lsi, lsi_str);

	if (opts.json) {
		struct json j;

		json_init(&j, stdout);
		json_open_object(&j, NULL);
		json_string(&j, "hit", hit_str);
		json_string(&j, "lsi", lsi_str);
		json_string(&j, "algo", algo_name(key.algo));
		json_uint(&j, "bits", key.bits);
		if (key.algo == HIP_HI_ECDSA)
			json_string(&j, "curve", curve_name(key.curve));
		json_uint(&j, "hit_suite", suite);
		json_close_object(&j);
		json_end(&j);
	} else {
		printf("hit %s\nlsi %s\n", hit_str, lsi_str);
	}
	key_free(&key);
	return EXIT_OK;
}
