// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Offline test driver for hipctl's parsers and printers: builds canned
 * generic netlink replies (as the kernel would send them) and prints them
 * through the same code as "peer show", "ha show", "stats", "config show"
 * and "monitor"; shows the rtnetlink requests of "hi add/del"; and runs
 * the hip0 address code (for a test namespace with a stand-in hip0).
 *
 *   print_test [-j] { peer | peer-bad | ha | ha-min | ha-bad | stats |
 *                     stats-bad | config | ha-ntf | cert | cert-revoked |
 *                     cert-bad }
 *   print_test serial STRING    (cert_parse_serial())
 *   print_test [-j] bench TEXT   (TEXT: the bench debugfs file's answer)
 *   print_test rtnl
 *   print_test json-escape STRING
 *   print_test addrs { add | del } HIT LSI
 *   print_test hi-pubkey KEYFILE (the HOST_ID field of the key back to a
 *                                public key, as "cert issue --subject HIT")
 *
 * tests/cli_test.py checks the output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/hip.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <openssl/evp.h>

#include "../bench.h"
#include "../certstore.h"
#include "../ha.h"
#include "../hit.h"
#include "../json.h"
#include "../key.h"
#include "../nl.h"
#include "../peer.h"
#include "../rtnl.h"
#include "../stats.h"
#include "../util.h"

#define FAMILY_ID	0x20	/* any id: the parsers do not look at it */

static const uint8_t hit_a[HIT_LEN] = {
	0x20, 0x01, 0x00, 0x22, 0x83, 0x77, 0x2b, 0x52,
	0xe4, 0x45, 0x00, 0x40, 0x7b, 0x60, 0x37, 0x0f };
static const uint8_t hit_b[HIT_LEN] = {
	0x20, 0x01, 0x00, 0x21, 0x1f, 0x54, 0x1e, 0xe5,
	0x84, 0x6b, 0x07, 0x89, 0x53, 0x2c, 0x4a, 0x41 };
static const uint8_t lsi_a[LSI_LEN] = { 1, 96, 55, 15 };
static const uint8_t lsi_b[LSI_LEN] = { 1, 44, 74, 65 };
static const uint8_t v4[4] = { 10, 0, 0, 2 };
static const uint8_t v6_a[16] = { 0xfd, [15] = 1 };
static const uint8_t v6_b[16] = { 0xfd, [15] = 2 };

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 1, 1, FAMILY_ID, 0, 0, cmd,
				 HIP_FAMILY_VERSION)) {
		fprintf(stderr, "print_test: out of memory\n");
		return NULL;
	}
	return msg;
}

static struct nl_msg *canned(const char *what)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int i;

	if (!strcmp(what, "peer") || !strcmp(what, "peer-bad")) {
		msg = reply(HIP_CMD_PEER_GET);
		nest = hip_nla_nest_start(msg, HIP_A_PEER);
		/* 15 bytes for peer-bad */
		nla_put(msg, HIP_A_PEER_HIT, what[4] ? HIT_LEN - 1 : HIT_LEN,
			hit_a);
		nla_put(msg, HIP_A_PEER_LSI, LSI_LEN, lsi_a);
		nla_put(msg, HIP_A_PEER_LOCATOR, 4, v4);
		nla_put(msg, 99, 3, "xyz");	/* from a newer kernel */
		nla_put(msg, HIP_A_PEER_LOCATOR, 16, v6_b);
		nla_nest_end(msg, nest);
		return msg;
	}
	if (!strcmp(what, "ha") || !strcmp(what, "ha-ntf") ||
	    !strcmp(what, "ha-bad")) {
		msg = reply(what[2] ? HIP_CMD_HA_CHANGE_NTF : HIP_CMD_HA_GET);
		nest = hip_nla_nest_start(msg, HIP_A_HA);
		nla_put_u8(msg, HIP_A_HA_STATE, HIP_STATE_ESTABLISHED);
		nla_put(msg, HIP_A_HA_LOCAL_HIT, HIT_LEN, hit_a);
		nla_put(msg, HIP_A_HA_PEER_HIT, HIT_LEN, hit_b);
		nla_put(msg, HIP_A_HA_LOCAL_LSI, LSI_LEN, lsi_a);
		nla_put(msg, HIP_A_HA_PEER_LSI, LSI_LEN, lsi_b);
		nla_put(msg, HIP_A_HA_LOCAL_LOCATOR, 16, v6_a);
		nla_put(msg, HIP_A_HA_PEER_LOCATOR, 16, v6_b);
		nla_put_u32(msg, HIP_A_HA_SPI_IN, 0x1234abcd);
		nla_put_u32(msg, HIP_A_HA_SPI_OUT, 0x5678ef01);
		nla_put_u8(msg, HIP_A_HA_DH_GROUP, 7);
		nla_put_u16(msg, HIP_A_HA_HIP_CIPHER, 2);
		if (!strcmp(what, "ha-bad"))
			nla_put_u32(msg, HIP_A_HA_ESP_SUITE, 13);
		else
			nla_put_u16(msg, HIP_A_HA_ESP_SUITE, 13);
		nla_put_u8(msg, HIP_A_HA_HIT_SUITE, 1);
		nla_put_flag(msg, HIP_A_HA_INITIATOR);
		nla_put_u64(msg, HIP_A_HA_PKTS_IN, 12);
		nla_put_u64(msg, HIP_A_HA_PKTS_OUT, 11);
		nla_put_u64(msg, HIP_A_HA_BYTES_IN, 1234);
		nla_put_u64(msg, HIP_A_HA_BYTES_OUT, 18446744073709551615ULL);
		nla_put_u64(msg, HIP_A_HA_DROPS, 0);
		nla_put_u32(msg, HIP_A_HA_AGE, 5);
		nla_put_u32(msg, HIP_A_HA_IDLE, 1);
		nla_put_u32(msg, HIP_A_HA_BEX_USEC, 123456);
		nla_nest_end(msg, nest);
		return msg;
	}
	if (!strcmp(what, "ha-min")) {
		msg = reply(HIP_CMD_HA_GET);
		nest = hip_nla_nest_start(msg, HIP_A_HA);
		nla_put_u8(msg, HIP_A_HA_STATE, 9);	/* unknown state */
		nla_put(msg, HIP_A_HA_PEER_HIT, HIT_LEN, hit_b);
		nla_put(msg, HIP_A_HA_LOCAL_LOCATOR, 4, v4);
		nla_put_u32(msg, HIP_A_HA_SPI_OUT, 0xff);
		nla_put_u8(msg, HIP_A_HA_DH_GROUP, 99);
		nla_put_u16(msg, HIP_A_HA_ESP_SUITE, 9);
		nla_put_u32(msg, HIP_A_HA_IDLE, 4294967295U);
		nla_nest_end(msg, nest);
		return msg;
	}
	if (!strcmp(what, "stats") || !strcmp(what, "stats-bad")) {
		msg = reply(HIP_CMD_STATS_GET);
		nest = hip_nla_nest_start(msg, HIP_A_STATS);
		/* a newer kernel's counter first: printed after the known ones */
		nla_put_u64(msg, __HIP_STAT_MAX + 7 + 1, 77);
		for (i = 0; i < __HIP_STAT_MAX; i++)
			nla_put_u64(msg, i + 1, i == HIP_STAT_DROP_CRYPTO ?
				    18446744073709551615ULL : (uint64_t)i * 3);
		if (what[5])
			nla_put_u16(msg, 1, 5);
		nla_nest_end(msg, nest);
		return msg;
	}
	if (!strcmp(what, "config")) {
		msg = reply(HIP_CMD_CFG_GET);
		nest = hip_nla_nest_start(msg, HIP_A_CFG);
		nla_put_u8(msg, HIP_A_CFG_PUZZLE_K, 1);
		nla_put_u32(msg, HIP_A_CFG_IDLE_TIMEOUT, 600);
		nla_put_u16(msg, HIP_A_CFG_ESP_SUITE, 13);
		nla_put_u8(msg, HIP_A_CFG_DH_GROUP, 7);
		nla_put_u32(msg, HIP_A_CFG_ESP_SEQ_LIMIT, 4294967295U);
		nla_put_u8(msg, HIP_A_CFG_CERT_MAX_DEPTH, 3);
		nla_nest_end(msg, nest);
		return msg;
	}
	if (!strcmp(what, "cert") || !strcmp(what, "cert-bad")) {
		static const uint8_t serial[8] = { 0x5b, 0xab, 0x0a, 0x74,
						   0x44, 0xa2, 0x61, 0x9a };

		msg = reply(HIP_CMD_CERT_GET);
		nest = hip_nla_nest_start(msg, HIP_A_CERT);
		nla_put_u32(msg, HIP_A_CERT_ID, 3);
		nla_put(msg, HIP_A_CERT_DELEGATED_HIT, HIT_LEN, hit_a);
		nla_put(msg, HIP_A_CERT_ISSUER_HIT, HIT_LEN, hit_a);
		/* 15 bytes for cert-bad */
		nla_put(msg, HIP_A_CERT_SUBJECT_HIT, what[4] ? 15 : HIT_LEN,
			hit_b);
		nla_put_u8(msg, HIP_A_CERT_DEPTH, 1);
		nla_put_u8(msg, HIP_A_CERT_MAX_DEPTH, 0);
		nla_put_u64(msg, HIP_A_CERT_NOT_BEFORE, 1735689600ULL);
		nla_put_u64(msg, HIP_A_CERT_NOT_AFTER, 4891363200ULL);
		nla_put(msg, HIP_A_CERT_SERIAL, sizeof(serial), serial);
		nla_nest_end(msg, nest);
		return msg;
	}
	if (!strcmp(what, "cert-revoked")) {
		static const uint8_t serial[2] = { 0x01, 0xff };

		msg = reply(HIP_CMD_CERT_GET);
		nest = hip_nla_nest_start(msg, HIP_A_CERT);
		nla_put_flag(msg, HIP_A_CERT_REVOKED);
		nla_put(msg, HIP_A_CERT_ISSUER_HIT, HIT_LEN, hit_b);
		nla_put(msg, HIP_A_CERT_SERIAL, sizeof(serial), serial);
		nla_nest_end(msg, nest);
		return msg;
	}
	fprintf(stderr, "print_test: unknown message \"%s\"\n", what);
	return NULL;
}

static int print_canned(const char *what)
{
	struct nl_msg *msg = canned(what);
	struct nlmsghdr *nlh;
	struct json j;
	int err = -EINVAL;

	if (!msg)
		return 2;
	nlh = nlmsg_hdr(msg);
	json_init(&j, stdout);
	if (!strncmp(what, "peer", 4)) {
		struct peer_info p;

		err = peer_info_parse(nlh, &p);
		if (!err && opts.json) {
			json_open_array(&j, NULL);
			peer_print_json(&j, NULL, &p);
			json_close_array(&j);
			json_end(&j);
		} else if (!err) {
			peer_print_text(stdout, &p);
		}
	} else if (!strcmp(what, "ha-ntf")) {
		struct ha_info ha;

		err = ha_info_parse(nlh, &ha);
		if (!err)
			monitor_print_ha(stdout, &ha);
	} else if (!strncmp(what, "ha", 2)) {
		struct ha_info ha;

		err = ha_info_parse(nlh, &ha);
		if (!err && opts.json) {
			json_open_array(&j, NULL);
			ha_print_json(&j, NULL, &ha);
			json_close_array(&j);
			json_end(&j);
		} else if (!err) {
			ha_print_text(stdout, &ha);
		}
	} else if (!strncmp(what, "stats", 5)) {
		struct stats_info s;

		err = stats_info_parse(nlh, &s);
		if (!err && opts.json) {
			stats_print_json(&j, &s);
			json_end(&j);
		} else if (!err) {
			stats_print_text(stdout, &s);
		}
	} else if (!strncmp(what, "cert", 4)) {
		struct certstore_entry c;

		err = certstore_entry_parse(nlh, &c);
		if (!err && opts.json) {
			json_open_array(&j, NULL);
			certstore_entry_print(stdout, &c, &j);
			json_close_array(&j);
			json_end(&j);
		} else if (!err) {
			certstore_entry_print(stdout, &c, NULL);
		}
		certstore_entry_free(&c);
	} else if (!strcmp(what, "config")) {
		struct cfg_info c;

		err = cfg_info_parse(nlh, &c);
		if (!err && opts.json) {
			cfg_print_json(&j, &c);
			json_end(&j);
		} else if (!err) {
			cfg_print_text(stdout, &c);
		}
	}
	nlmsg_free(msg);
	if (err) {
		printf("parse error %d\n", err);
		return 1;
	}
	return 0;
}

/* Decodes one rtnetlink request of rtnl.c into a line of text */
static void show_rtnl(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[IFA_MAX + 1];
	char buf[LOCATOR_STRLEN];
	int i;

	printf("type %s flags 0x%x", nlh->nlmsg_type == RTM_NEWADDR ? "newaddr" :
	       nlh->nlmsg_type == RTM_DELADDR ? "deladdr" :
	       nlh->nlmsg_type == RTM_NEWLINK ? "newlink" : "?",
	       nlh->nlmsg_flags);
	if (nlh->nlmsg_type == RTM_NEWLINK) {
		struct ifinfomsg *ifi = nlmsg_data(nlh);

		printf(" family %u index %d flags 0x%x change 0x%x len %u\n",
		       ifi->ifi_family, ifi->ifi_index, ifi->ifi_flags,
		       ifi->ifi_change, nlh->nlmsg_len);
	} else {
		struct ifaddrmsg *ifa = nlmsg_data(nlh);

		printf(" family %u prefixlen %u ifa_flags 0x%x scope %u index %u",
		       ifa->ifa_family, ifa->ifa_prefixlen, ifa->ifa_flags,
		       ifa->ifa_scope, ifa->ifa_index);
		if (nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, NULL) < 0) {
			printf(" unparsable\n");
			return;
		}
		for (i = 0; i <= IFA_MAX; i++) {
			if (!tb[i])
				continue;
			if (i == IFA_FLAGS) {
				printf(" IFA_FLAGS 0x%x", nla_get_u32(tb[i]));
				continue;
			}
			format_locator(nla_data(tb[i]), nla_len(tb[i]), buf);
			printf(" %s %s", i == IFA_LOCAL ? "IFA_LOCAL" :
			       i == IFA_ADDRESS ? "IFA_ADDRESS" : "?", buf);
		}
		putchar('\n');
	}
	nlmsg_free(msg);
}

/*
 * key_pkey_from_hi() on the HOST_ID field of KEYFILE gives the same public
 * key and HIT; truncated, padded or mislabelled fields give NULL.
 */
static int hi_pubkey(const char *path)
{
	uint8_t hit1[HIT_LEN], hit2[HIT_LEN], buf[1024];
	struct hip_key key, back;
	EVP_PKEY *file, *pk;
	int ok;

	file = key_read_pkey(path, false);
	if (!file || key_load(path, &key))
		return 1;
	pk = key_pkey_from_hi(key.algo, key.pub, key.pub_len);
	ok = pk && EVP_PKEY_eq(pk, file) == 1 &&
	     !key_pub_from_pkey("back", pk, &back) &&
	     hit_derive(key.algo, key.pub, key.pub_len, hit1) > 0 &&
	     hit_derive(back.algo, back.pub, back.pub_len, hit2) > 0 &&
	     !memcmp(hit1, hit2, HIT_LEN) && back.pub_len == key.pub_len &&
	     !memcmp(back.pub, key.pub, key.pub_len);
	if (pk)
		key_free(&back);
	EVP_PKEY_free(pk);
	printf("round trip %s\n", ok ? "ok" : "FAILED");
	/* Malformed fields */
	pk = key_pkey_from_hi(key.algo, key.pub, key.pub_len - 1);
	printf("truncated %s\n", pk && key.algo == HIP_HI_ECDSA ? "ACCEPTED" : "refused");
	EVP_PKEY_free(pk);
	if (key.pub_len < sizeof(buf)) {
		memcpy(buf, key.pub, key.pub_len);
		buf[key.pub_len] = 0;
		pk = key_pkey_from_hi(key.algo, buf, key.pub_len + 1);
		printf("padded %s\n", pk && key.algo == HIP_HI_ECDSA ? "ACCEPTED" : "refused");
		EVP_PKEY_free(pk);
		buf[0] ^= 0x03;		/* ECDSA: another curve id; RSA: e_len */
		pk = key_pkey_from_hi(key.algo, buf, key.pub_len);
		printf("relabelled %s\n", pk && EVP_PKEY_eq(pk, file) == 1 ? "ACCEPTED" : "refused");
		EVP_PKEY_free(pk);
	}
	pk = key_pkey_from_hi(HIP_HI_EDDSA, key.pub, key.pub_len);
	printf("eddsa %s\n", pk ? "ACCEPTED" : "refused");
	EVP_PKEY_free(pk);
	key_free(&key);
	EVP_PKEY_free(file);
	return ok ? 0 : 1;
}

int main(int argc, char *argv[])
{
	uint8_t hit[HIT_LEN], lsi[LSI_LEN];

	set_context("print_test");
	if (argc > 1 && !strcmp(argv[1], "-j")) {
		opts.json = true;
		argc--;
		argv++;
	}
	if (argc == 2 && !strcmp(argv[1], "rtnl")) {
		show_rtnl(rtnl_link_up_msg(7));
		show_rtnl(rtnl_addr_msg(true, 7, hit_a, HIT_LEN, 28));
		show_rtnl(rtnl_addr_msg(true, 7, lsi_a, LSI_LEN, 8));
		show_rtnl(rtnl_addr_msg(false, 7, hit_a, HIT_LEN, 28));
		show_rtnl(rtnl_addr_msg(false, 7, lsi_a, LSI_LEN, 8));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "json-escape")) {
		struct json j;

		json_init(&j, stdout);
		json_open_object(&j, NULL);
		json_string(&j, argv[2], argv[2]);
		json_close_object(&j);
		json_end(&j);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "serial")) {
		uint8_t serial[HIP_CERT_SERIAL_MAX_LEN], len, i;

		if (!cert_parse_serial(argv[2], serial, &len)) {
			printf("invalid\n");
			return 1;
		}
		for (i = 0; i < len; i++)
			printf("%02x", serial[i]);
		putchar('\n');
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "bench")) {
		int err = bench_print(argv[2]);

		if (err)
			printf("parse error %d\n", err);
		return err ? 1 : 0;
	}
	if (argc == 5 && !strcmp(argv[1], "addrs")) {
		if (!parse_hit(argv[3], hit) || !parse_lsi(argv[4], lsi)) {
			fprintf(stderr, "print_test: bad HIT or LSI\n");
			return 2;
		}
		return hip_dev_addrs(!strcmp(argv[2], "add"), hit, lsi) ? 1 : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "hi-pubkey"))
		return hi_pubkey(argv[2]);
	if (argc == 2)
		return print_canned(argv[1]);
	fprintf(stderr, "usage: print_test [-j] WHAT | bench TEXT | rtnl | json-escape S | addrs add|del HIT LSI\n");
	return 2;
}
