/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HIPv2 wire format (RFC 7401 section 5, RFC 7402 section 5).
 *
 * Everything here is big-endian on the wire.  Structures are packed only
 * where the RFC layout is not naturally aligned; parameters start at
 * 8-byte boundaries relative to the HIP header, so their fixed parts can
 * be read through these structures once hip_param_*() has checked lengths.
 */
#ifndef _HIP_WIRE_H
#define _HIP_WIRE_H

#include <linux/types.h>
#include <linux/in6.h>

#define IPPROTO_HIP		139	/* IANA: Host Identity Protocol */
#define HIP_VERSION		2
#define HIP_MAX_PACKET		2048	/* longest HIP packet we build or accept */

/* Packet types (RFC 7401 section 5.3) */
enum hip_packet_type {
	HIP_I1 = 1,
	HIP_R1 = 2,
	HIP_I2 = 3,
	HIP_R2 = 4,
	HIP_UPDATE = 16,
	HIP_NOTIFY = 17,
	HIP_CLOSE = 18,
	HIP_CLOSE_ACK = 19,
};

/**
 * struct hip_hdr - fixed HIP header (RFC 7401 section 5.1)
 * @nexthdr: IPPROTO_NONE (59) unless a payload follows
 * @len: length of the packet after the first 8 bytes, in 8-byte units
 * @type: packet type in the low 7 bits; the top bit is 0
 * @ver: version << 4 | 1 (the low bit is always 1)
 * @csum: Internet checksum over the IP pseudo header and the HIP packet
 * @controls: HIP_CONTROL_* bits
 * @sender_hit: HIT of the sender
 * @receiver_hit: HIT of the receiver, or all zero (opportunistic I1)
 */
struct hip_hdr {
	u8 nexthdr;
	u8 len;
	u8 type;
	u8 ver;
	__sum16 csum;
	__be16 controls;
	struct in6_addr sender_hit;
	struct in6_addr receiver_hit;
} __packed;

#define HIP_HDR_LEN		sizeof(struct hip_hdr)	/* 40 */
#define HIP_HDR_VER(v)		(((v) << 4) | 1)
#define HIP_CONTROL_A		0x0001	/* anonymous HI: we never set it */

/**
 * struct hip_tlv - parameter header (RFC 7401 section 5.2.1)
 * @type: parameter type; bit 0 set means critical
 * @len: length of the contents, excluding this header and padding.
 *	The parameter occupies 11 + len bytes rounded down to a multiple of 8
 *	(that is, 4 + len rounded up to 8).
 */
struct hip_tlv {
	__be16 type;
	__be16 len;
} __packed;

#define HIP_PARAM_CRITICAL(t)	((t) & 1)
#define HIP_PARAM_TOTAL(len)	(((len) + 4 + 7) & ~7U)

/* Parameter types (RFC 7401 section 5.2, RFC 7402 section 5.1) */
enum hip_param_type {
	HIP_P_ESP_INFO = 65,
	HIP_P_R1_COUNTER = 129,
	HIP_P_LOCATOR_SET = 193,		/* RFC 8046 section 4 */
	HIP_P_PUZZLE = 257,
	HIP_P_SOLUTION = 321,
	HIP_P_SEQ = 385,
	HIP_P_ACK = 449,
	HIP_P_DH_GROUP_LIST = 511,
	HIP_P_DIFFIE_HELLMAN = 513,
	HIP_P_HIP_CIPHER = 579,
	HIP_P_ENCRYPTED = 641,
	HIP_P_HOST_ID = 705,
	HIP_P_HIT_SUITE_LIST = 715,
	HIP_P_CERT = 768,
	HIP_P_NOTIFICATION = 832,
	HIP_P_ECHO_REQUEST_SIGNED = 897,
	HIP_P_REG_INFO = 930,		/* RFC 8003 4.2 */
	HIP_P_REG_REQUEST = 932,	/* RFC 8003 4.3 */
	HIP_P_REG_RESPONSE = 934,	/* RFC 8003 4.4 */
	HIP_P_REG_FAILED = 936,		/* RFC 8003 4.5 */
	HIP_P_ECHO_RESPONSE_SIGNED = 961,
	HIP_P_TRANSPORT_FORMAT_LIST = 2049,
	HIP_P_ESP_TRANSFORM = 4095,
	HIP_P_HIP_MAC = 61505,
	HIP_P_HIP_MAC_2 = 61569,
	HIP_P_HIP_SIGNATURE_2 = 61633,
	HIP_P_HIP_SIGNATURE = 61697,
	HIP_P_ECHO_REQUEST_UNSIGNED = 63661,
	HIP_P_ECHO_RESPONSE_UNSIGNED = 63425,
	HIP_P_FROM = 65498,		/* RFC 8004 4.2.2 */
	HIP_P_RVS_HMAC = 65500,		/* RFC 8004 4.2.1 */
	HIP_P_VIA_RVS = 65502,		/* RFC 8004 4.2.3 */
};

/* Parameters at or above this type are not covered by HIP_MAC/SIGNATURE */
#define HIP_P_SIGNED_MAX	61504	/* last type covered by HIP_MAC */

/* NOTIFICATION message types (RFC 7401 section 5.2.19) */
enum hip_notify_type {
	HIP_NTF_UNSUPPORTED_CRITICAL_PARAMETER_TYPE = 1,
	HIP_NTF_INVALID_SYNTAX = 7,
	HIP_NTF_NO_DH_PROPOSAL_CHOSEN = 14,
	HIP_NTF_INVALID_DH_CHOSEN = 15,
	HIP_NTF_NO_HIP_PROPOSAL_CHOSEN = 16,
	HIP_NTF_INVALID_HIP_CIPHER_CHOSEN = 17,
	HIP_NTF_NO_ESP_PROPOSAL_CHOSEN = 18,		/* RFC 7402 5.1.3 */
	HIP_NTF_INVALID_ESP_TRANSFORM_CHOSEN = 19,	/* RFC 7402 5.1.3 */
	HIP_NTF_UNSUPPORTED_HIT_SUITE = 20,
	HIP_NTF_AUTHENTICATION_FAILED = 24,
	HIP_NTF_CHECKSUM_FAILED = 26,
	HIP_NTF_HIP_MAC_FAILED = 28,
	HIP_NTF_ENCRYPTION_FAILED = 32,
	HIP_NTF_INVALID_HIT = 40,
	HIP_NTF_BLOCKED_BY_POLICY = 42,
	HIP_NTF_RESPONDER_BUSY_PLEASE_RETRY = 44,
	HIP_NTF_LOCATOR_TYPE_UNSUPPORTED = 46,		/* RFC 8046 5.3 */
	HIP_NTF_CREDENTIALS_REQUIRED = 48,		/* RFC 8002 5 */
	HIP_NTF_INVALID_CERTIFICATE = 50,		/* RFC 8002 5 */
	HIP_NTF_I2_ACKNOWLEDGEMENT = 16384,
};

/* ESP_INFO (RFC 7402 section 5.1.1) */
struct hip_esp_info {
	__be16 reserved;
	__be16 keymat_index;
	__be32 old_spi;
	__be32 new_spi;
} __packed;

/**
 * struct hip_locator_hdr - fixed part of one Locator in a LOCATOR_SET
 *	(RFC 8046 section 4, Figure 6); the Locator itself follows
 * @traffic: Traffic Type, HIP_LOC_TRAFFIC_* (4.1)
 * @type: Locator Type, HIP_LOCTYPE_* (4.2)
 * @len: Locator Length in 4-byte words (4: 0 -> 4, 1 -> 5; RFC 5770
 *	section 4.8 / RFC 9028 section 5.7: 2 -> 7)
 * @flags: 7 reserved bits (zero when sent, ignored when received) and the
 *	P (preferred) bit, HIP_LOC_P, in the least significant bit
 * @lifetime: seconds, non-zero; HIP_LOC_LIFETIME_INF is unbounded (5.1)
 */
struct hip_locator_hdr {
	u8 traffic;
	u8 type;
	u8 len;
	u8 flags;
	__be32 lifetime;
} __packed;

#define HIP_LOC_P			0x01
#define HIP_LOC_LIFETIME_INF		0xffffffffU

/* Traffic Types (RFC 8046 section 4.1) */
enum {
	HIP_LOC_TRAFFIC_BOTH = 0,	/* signaling and data */
	HIP_LOC_TRAFFIC_SIGNALING = 1,
	HIP_LOC_TRAFFIC_DATA = 2,
};

/* Locator Types and their Locator Length in words (RFC 8046 section 4.2;
 * RFC 5770 section 4.8 for type 2)
 */
enum {
	HIP_LOCTYPE_ADDR = 0,		/* IPv6 or IPv4-mapped address */
	HIP_LOCTYPE_ESP = 1,		/* ESP SPI, then the address */
	HIP_LOCTYPE_TRANSPORT = 2,	/* port, protocol, kind, priority,
					 * SPI, address (NAT traversal)
					 */
};

#define HIP_LOCTYPE_ADDR_WORDS		4
#define HIP_LOCTYPE_ESP_WORDS		5
#define HIP_LOCTYPE_TRANSPORT_WORDS	7

/* Locator Type 1 (RFC 8046 section 4.2) */
struct hip_locator_esp {
	__be32 spi;
	struct in6_addr addr;
} __packed;

/* R1_COUNTER (RFC 7401 section 5.2.3) */
struct hip_r1_counter {
	__be32 reserved;
	__be64 generation;
} __packed;

/* PUZZLE / SOLUTION (RFC 7401 sections 5.2.4, 5.2.5): #I and #J are
 * RHASH_len / 8 bytes (32 for SHA-256, 48 for SHA-384).
 */
struct hip_puzzle {
	u8 k;
	u8 lifetime;		/* 2^(value - 32) seconds */
	__be16 opaque;
	u8 i[];
} __packed;

struct hip_solution {
	u8 k;
	u8 reserved;
	__be16 opaque;
	u8 ij[];		/* #I then #J */
} __packed;

/* DIFFIE_HELLMAN (RFC 7401 section 5.2.7) */
struct hip_dh {
	u8 group;
	__be16 pub_len;
	u8 pub[];
} __packed;

/* HOST_ID (RFC 7401 section 5.2.9) */
struct hip_host_id {
	__be16 hi_len;
	__be16 di_type_len;	/* DI-type << 12 | DI length */
	__be16 algorithm;
	u8 hi[];		/* then domain identifier, then padding */
} __packed;

/* HIP_SIGNATURE / HIP_SIGNATURE_2 (RFC 7401 sections 5.2.14, 5.2.15): SIG
 * alg is 16 bits in HIPv2 (the HOST_ID algorithm; it was 8 in RFC 5201).
 */
struct hip_sig {
	__be16 algorithm;
	u8 signature[];
} __packed;

/* ENCRYPTED (RFC 7401 section 5.2.18) */
struct hip_encrypted {
	__be32 reserved;
	u8 iv_data[];		/* IV (cipher block size) then ciphertext */
} __packed;

/* NOTIFICATION (RFC 7401 section 5.2.19) */
struct hip_notification {
	__be16 reserved;
	__be16 type;
	u8 data[];
} __packed;

/* Registration (RFC 8003 section 4): REG_INFO is Min Lifetime, Max
 * Lifetime, then one byte per registration type; REG_REQUEST and
 * REG_RESPONSE are Lifetime then types; REG_FAILED is Failure Type then
 * types.  Lifetimes are exponents: 2^((v - 64) / 8) seconds, 0 = cancel
 * (4.1).
 */
#define HIP_REG_RVS		1	/* RENDEZVOUS (RFC 8004 4.1) */
#define HIP_REG_TYPES_MAX	16	/* types we keep per parameter */

/* REG_FAILED Failure Types (RFC 8003 4.5) */
enum hip_reg_failure {
	HIP_REG_FAIL_CREDENTIALS = 0,	/* requires additional credentials */
	HIP_REG_FAIL_UNAVAILABLE = 1,	/* registration type unavailable */
	HIP_REG_FAIL_RESOURCES = 2,	/* insufficient resources */
	/* certificates (values: RFC 8003 section 7) */
	HIP_REG_FAIL_CERT_INVALID = 3,	/* invalid certificate */
	HIP_REG_FAIL_CERT_BAD = 4,	/* bad certificate */
	HIP_REG_FAIL_CERT_UNSUPPORTED = 5, /* unsupported certificate */
	HIP_REG_FAIL_CERT_EXPIRED = 6,	/* certificate expired */
	HIP_REG_FAIL_CERT_OTHER = 7,	/* certificate other */
	HIP_REG_FAIL_CERT_UNKNOWN_CA = 8, /* unknown CA */
};

/**
 * struct hip_cert_param - CERT (RFC 8002 section 2), one certificate
 * @group: CERT group: related certificates (a chain) share it; CERTs are
 *	in ascending group order within a packet
 * @count: how many certificates the group has, possibly over several
 *	consecutive packets
 * @id: this one's number in the group, 1..@count
 * @type: HIP_CERT_TYPE_*
 * @cert: the certificate, to the end of the parameter's Length
 */
struct hip_cert_param {
	u8 group;
	u8 count;
	u8 id;
	u8 type;
	u8 cert[];
} __packed;

/* CERT types (RFC 8002 section 2): 0 reserved; 2, 4, 6, 8 obsoleted (SPKI) */
#define HIP_CERT_TYPE_X509V3		1	/* DER (X.690) */
#define HIP_CERT_TYPE_X509V3_HASH_URL	3	/* RFC 7296 3.6 encoding */
#define HIP_CERT_TYPE_X509V3_LDAP_URL	5	/* RFC 4516 */
#define HIP_CERT_TYPE_X509V3_DN		7	/* RFC 4514 string */

/* SEQ / ACK (RFC 7401 sections 5.2.16, 5.2.17) */
struct hip_seq {
	__be32 update_id;
} __packed;

#endif /* _HIP_WIRE_H */
