/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * Host Identity Protocol (HIP) generic netlink interface.
 *
 * Documentation/netlink/specs/hip.yaml is the contract; this header follows
 * it by hand (the generator's kernel output needs genl_split_ops, which the
 * Debian 6.1 kernel lacks).
 *
 * Family "hip", version 1, per network namespace.  Every command that
 * changes state needs CAP_NET_ADMIN over the namespace's user namespace;
 * reading public data (HITs, LSIs, public keys) does not.  The "monitor"
 * multicast group carries *_NTF events and needs CAP_NET_ADMIN to join.
 *
 * Objects are carried in nested attributes (HIP_A_HI for a host identity)
 * so that later objects (peers, associations) share the same top level.
 */
#ifndef _UAPI_LINUX_HIP_H
#define _UAPI_LINUX_HIP_H

#define HIP_FAMILY_NAME		"hip"
#define HIP_FAMILY_VERSION	1
#define HIP_MCGRP_MONITOR	"monitor"

/* Host Identity algorithms (RFC 7401 section 5.2.9, RFC 9374) */
enum hip_hi_algo {
	HIP_HI_RSA = 5,
	HIP_HI_ECDSA = 7,
	HIP_HI_EDDSA = 13,
};

/* ECDSA curves of a HOST_ID (RFC 7401 section 5.2.9) */
enum hip_ecdsa_curve {
	HIP_ECDSA_NIST_P256 = 1,
	HIP_ECDSA_NIST_P384 = 2,
};

/* HIT suites, equal to the ORCHID OGA ID of the HIT (RFC 7401 5.2.10) */
enum hip_hit_suite {
	HIP_HIT_SUITE_RSA_DSA_SHA256 = 1,
	HIP_HIT_SUITE_ECDSA_SHA384 = 2,
	HIP_HIT_SUITE_ECDSA_LOW_SHA1 = 3,
};

/* Limits enforced by the kernel */
#define HIP_RSA_MIN_BITS	2048
#define HIP_RSA_MAX_BITS	4096
#define HIP_PRIVKEY_MAX_LEN	4096	/* bytes of HIP_A_HI_PRIVKEY */
#define HIP_HI_MAX_PER_NETNS	64

/* Top-level attributes */
enum {
	HIP_A_UNSPEC,
	HIP_A_HI,		/* nest, hip_a_hi_* */

	__HIP_A_MAX,
	HIP_A_MAX = __HIP_A_MAX - 1
};

/* Attributes of a host identity (inside HIP_A_HI) */
enum {
	HIP_A_HI_UNSPEC,
	HIP_A_HI_HIT,		/* binary, 16 bytes: the HIT (ORCHIDv2) */
	HIP_A_HI_LSI,		/* binary, 4 bytes: the LSI, network order */
	HIP_A_HI_ALGO,		/* u8, enum hip_hi_algo */
	HIP_A_HI_CURVE,		/* u16, enum hip_ecdsa_curve (ECDSA only) */
	HIP_A_HI_BITS,		/* u32, key size in bits (read only) */
	HIP_A_HI_HIT_SUITE,	/* u8, enum hip_hit_suite (read only) */
	HIP_A_HI_PRIVKEY,	/* binary, write only, see below */
	HIP_A_HI_PUBKEY,	/* binary, read only: HOST_ID "Host Identity" field */
	HIP_A_HI_DEFAULT,	/* flag: this is (or shall become) the default HI */

	__HIP_A_HI_MAX,
	HIP_A_HI_MAX = __HIP_A_HI_MAX - 1
};

/*
 * HIP_A_HI_PRIVKEY formats, by HIP_A_HI_ALGO:
 *   HIP_HI_RSA:   DER PKCS#1 RSAPrivateKey (RFC 8017 A.1.2), 2048-4096 bits
 *   HIP_HI_ECDSA: the private scalar, big-endian, exactly 32 (P-256) or
 *                 48 (P-384) bytes; HIP_A_HI_CURVE names the curve
 *   HIP_HI_EDDSA: the 32-byte seed (refused: no EdDSA in the kernel)
 * The kernel derives the public key itself; no attribute ever returns
 * private key material.
 *
 * The LSI of a local HI is 1.h13.h14.h15 where h0..h15 are the HIT's bytes;
 * if h13..h15 are all 0x00 or all 0xff the last byte's low bit is flipped.
 * The first HI added in a namespace becomes the default; when the default
 * is deleted, the oldest remaining HI becomes the default.
 *
 * HIP_A_HI_PUBKEY is the "Host Identity" field of HOST_ID (RFC 7401 5.2.9):
 *   RSA:   e_len (1 byte, or 0 + 2 bytes) | e | n        (RFC 3110)
 *   ECDSA: curve (2 bytes, big-endian) | 0x04 | X | Y
 */

enum {
	HIP_CMD_UNSPEC,
	HIP_CMD_HI_NEW,		/* do: add a HI; replies with the new HI */
	HIP_CMD_HI_DEL,		/* do: delete the HI named by HIP_A_HI_HIT */
	HIP_CMD_HI_GET,		/* do (by HIT) and dump */
	HIP_CMD_HI_SET,		/* do: HIP_A_HI_HIT + HIP_A_HI_DEFAULT */
	HIP_CMD_HI_ADD_NTF,	/* notification: a HI was added */
	HIP_CMD_HI_DEL_NTF,	/* notification: a HI was deleted */
	HIP_CMD_HI_CHANGE_NTF,	/* notification: the default HI changed */

	__HIP_CMD_MAX,
	HIP_CMD_MAX = __HIP_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_HIP_H */
