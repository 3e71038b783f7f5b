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
	HIP_A_PEER,		/* nest, hip_a_peer_* */
	HIP_A_HA,		/* nest, hip_a_ha_* */
	HIP_A_STATS,		/* nest, attribute type = enum hip_stat + 1, u64 */
	HIP_A_CFG,		/* nest, hip_a_cfg_* */
	HIP_A_SERVICE,		/* nest, hip_a_service_* */
	HIP_A_REG,		/* nest, hip_a_reg_* */
	HIP_A_LADDR,		/* nest, hip_a_laddr_* */
	HIP_A_CERT,		/* nest, hip_a_cert_* */

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
 * Peers (inside HIP_A_PEER): a remote HIT the administrator told us about,
 * with the LSI local applications use for it and the locators (IPv4 or
 * IPv6 addresses, 4 or 16 bytes) where it can be reached.  At most
 * HIP_PEER_MAX_LOCATORS locators, the first one is preferred.  An LSI that
 * is not given is derived from the HIT like a local one.
 */
#define HIP_PEER_MAX_LOCATORS	8
#define HIP_PEER_MAX_PER_NETNS	16384

enum {
	HIP_A_PEER_UNSPEC,
	HIP_A_PEER_HIT,		/* binary, 16 bytes */
	HIP_A_PEER_LSI,		/* binary, 4 bytes, network order */
	HIP_A_PEER_LOCATOR,	/* binary, 4 or 16 bytes; repeated, in order */
	HIP_A_PEER_REPLACE,	/* flag (PEER_NEW): replace an existing peer;
				 * without it an existing HIT is -EEXIST
				 * (genetlink refuses NLM_F_REPLACE)
				 */
	HIP_A_PEER_RVS,		/* binary, 4 or 16 bytes: the peer's
				 * rendezvous server (RFC 8004); the I1 goes
				 * there when the peer has no locator
				 */

	__HIP_A_PEER_MAX,
	HIP_A_PEER_MAX = __HIP_A_PEER_MAX - 1
};

/* Host association states (RFC 7401 section 4.4.2) */
enum hip_ha_state {
	HIP_STATE_UNASSOCIATED,
	HIP_STATE_I1_SENT,
	HIP_STATE_I2_SENT,
	HIP_STATE_R2_SENT,
	HIP_STATE_ESTABLISHED,
	HIP_STATE_CLOSING,
	HIP_STATE_CLOSED,
	HIP_STATE_E_FAILED,
};

/*
 * Host associations (inside HIP_A_HA), read only except HIP_A_HA_PEER_HIT
 * which names the association for HIP_CMD_HA_GET (do), HIP_CMD_HA_CLOSE and
 * HIP_CMD_HA_REKEY, and HIP_A_HA_REKEY_DH (HIP_CMD_HA_REKEY).
 */
enum {
	HIP_A_HA_UNSPEC,
	HIP_A_HA_STATE,		/* u8, enum hip_ha_state */
	HIP_A_HA_LOCAL_HIT,	/* binary, 16 bytes */
	HIP_A_HA_PEER_HIT,	/* binary, 16 bytes */
	HIP_A_HA_LOCAL_LSI,	/* binary, 4 bytes */
	HIP_A_HA_PEER_LSI,	/* binary, 4 bytes */
	HIP_A_HA_LOCAL_LOCATOR,	/* binary, 4 or 16 bytes */
	HIP_A_HA_PEER_LOCATOR,	/* binary, 4 or 16 bytes */
	HIP_A_HA_SPI_IN,	/* u32 */
	HIP_A_HA_SPI_OUT,	/* u32 */
	HIP_A_HA_DH_GROUP,	/* u8, RFC 7401 DH Group ID */
	HIP_A_HA_HIP_CIPHER,	/* u16, RFC 7401 HIP Cipher ID */
	HIP_A_HA_ESP_SUITE,	/* u16, RFC 7402 ESP transform suite ID */
	HIP_A_HA_HIT_SUITE,	/* u8, enum hip_hit_suite */
	HIP_A_HA_INITIATOR,	/* flag: we initiated the base exchange */
	HIP_A_HA_PKTS_IN,	/* u64, ESP packets decrypted and delivered */
	HIP_A_HA_PKTS_OUT,	/* u64, ESP packets sent */
	HIP_A_HA_BYTES_IN,	/* u64, inner bytes delivered */
	HIP_A_HA_BYTES_OUT,	/* u64, inner bytes sent */
	HIP_A_HA_DROPS,		/* u64, packets of this association dropped */
	HIP_A_HA_AGE,		/* u32, seconds since the association was made */
	HIP_A_HA_IDLE,		/* u32, seconds since the last packet */
	HIP_A_HA_PAD,		/* padding for 64-bit attributes */
	HIP_A_HA_BEX_USEC,	/* u32, duration of the last completed base
				 * exchange in microseconds (initiator: from
				 * sending I1 to ESTABLISHED; responder: I2
				 * processing until R2 is sent)
				 */
	HIP_A_HA_REKEY_DH,	/* flag, HIP_CMD_HA_REKEY: make new keying
				 * material (a new Diffie-Hellman key)
				 */
	HIP_A_HA_PEER_LOC,	/* nest, hip_a_loc_*; repeated: the peer's */

	__HIP_A_HA_MAX,
	HIP_A_HA_MAX = __HIP_A_HA_MAX - 1
};

/* States of a peer locator (RFC 8046 section 5.1) */
enum hip_locator_state {
	HIP_LOCATOR_STATE_UNVERIFIED,
	HIP_LOCATOR_STATE_ACTIVE,
	HIP_LOCATOR_STATE_DEPRECATED,
};

/* One locator of the peer (inside HIP_A_HA_PEER_LOC), read only */
enum {
	HIP_A_LOC_UNSPEC,
	HIP_A_LOC_ADDR,		/* binary, 4 or 16 bytes */
	HIP_A_LOC_STATE,	/* u8, enum hip_locator_state */
	HIP_A_LOC_LIFETIME,	/* u32, seconds, as announced; 0: unbounded */
	HIP_A_LOC_EXPIRES,	/* u32, seconds until DEPRECATED (absent:
				 * unbounded or already deprecated)
				 */
	HIP_A_LOC_AGE,		/* u32, seconds in this state */
	HIP_A_LOC_PREFERRED,	/* flag: the peer set the P bit on it */
	HIP_A_LOC_CURRENT,	/* flag: packets to the peer go there */

	__HIP_A_LOC_MAX,
	HIP_A_LOC_MAX = __HIP_A_LOC_MAX - 1
};

/* Our usable local addresses, the ones we announce in LOCATOR_SETs
 * (inside HIP_A_LADDR), read only
 */
enum {
	HIP_A_LADDR_UNSPEC,
	HIP_A_LADDR_ADDR,	/* binary, 4 or 16 bytes; repeated */

	__HIP_A_LADDR_MAX,
	HIP_A_LADDR_MAX = __HIP_A_LADDR_MAX - 1
};

/*
 * Registration (RFC 8003) and rendezvous (RFC 8004).
 *
 * HIP_A_SERVICE (HIP_CMD_SERVICE_SET/_GET): a service this namespace offers
 * as a registrar.  Lifetimes are in seconds here; on the wire they are
 * the RFC 8003 exponent (4.1), rounded to the nearest one.  An allow-list
 * (repeated HIP_A_SERVICE_ALLOW) admits only the HITs on it; without one
 * anybody may register.
 *
 * HIP_A_REG (HIP_CMD_REG_NEW/_DEL/_GET, HIP_CMD_REG_NTF): a registration,
 * the ones we granted (HIP_A_REG_REGISTRAR set) and the ones we hold or
 * asked for at a registrar.
 */
#define HIP_REG_TYPE_RVS	1	/* RENDEZVOUS (RFC 8004 4.1) */

enum {
	HIP_A_SERVICE_UNSPEC,
	HIP_A_SERVICE_TYPE,		/* u8, registration type */
	HIP_A_SERVICE_ENABLE,		/* u8, 0 or 1 */
	HIP_A_SERVICE_LIFETIME_MIN,	/* u32, seconds */
	HIP_A_SERVICE_LIFETIME_MAX,	/* u32, seconds */
	HIP_A_SERVICE_ALLOW,		/* binary, 16 bytes: a HIT; repeated */

	__HIP_A_SERVICE_MAX,
	HIP_A_SERVICE_MAX = __HIP_A_SERVICE_MAX - 1
};

/* State of a registration */
enum hip_reg_state {
	HIP_REG_STATE_WANTED,	/* requester: to be asked for */
	HIP_REG_STATE_SENT,	/* requester: REG_REQUEST sent, no answer yet */
	HIP_REG_STATE_GRANTED,	/* granted (REG_RESPONSE) */
	HIP_REG_STATE_FAILED,	/* refused (REG_FAILED) */
	HIP_REG_STATE_EXPIRED,	/* events only: the lifetime ran out */
	HIP_REG_STATE_CANCELLED, /* events only: cancelled (lifetime 0) */
};

enum {
	HIP_A_REG_UNSPEC,
	HIP_A_REG_HIT,		/* binary, 16 bytes: the peer's HIT (the
				 * requester's at a registrar, the registrar's
				 * at a requester)
				 */
	HIP_A_REG_TYPE,		/* u8, registration type */
	HIP_A_REG_LIFETIME,	/* u32, seconds: asked for (REG_NEW), granted
				 * (dumps); 0 in REG_NEW = the registrar's
				 * maximum
				 */
	HIP_A_REG_REGISTRAR,	/* flag: we are the registrar */
	HIP_A_REG_STATE,	/* u8, enum hip_reg_state */
	HIP_A_REG_REMAINING,	/* u32, seconds until the registration ends */
	HIP_A_REG_FAILURE,	/* u8, RFC 8003 Failure Type (FAILED) */
	HIP_A_REG_LOCATOR,	/* binary, 4 or 16 bytes: the peer's address */

	__HIP_A_REG_MAX,
	HIP_A_REG_MAX = __HIP_A_REG_MAX - 1
};

/*
 * Delegation certificates (Documentation/hip/delegation.rst; RFC 8002).
 *
 * HIP_A_CERT (HIP_CMD_CERT_ADD/_DEL/_GET/_REVOKE): a delegation this
 * namespace holds - a chain of X.509 v3 certificates, root first, whose
 * last subject key is one of its host identities, letting it answer for
 * the delegated HIT - or, with HIP_A_CERT_REVOKED, an entry of the local
 * revocation list (issuer HIT and serial).  The kernel validates a chain
 * in full when it is added; private keys never cross netlink for this.
 */
#define HIP_CERT_CHAIN_MAX_LEN	16384	/* bytes of HIP_A_CERT_CHAIN */
#define HIP_CERT_SERIAL_MAX_LEN	20	/* RFC 5280 4.1.2.2 */
#define HIP_CERT_MAX_DEPTH_LIMIT	8	/* HIP_A_CFG_CERT_MAX_DEPTH */

enum {
	HIP_A_CERT_UNSPEC,
	HIP_A_CERT_CHAIN,	/* binary: concatenated DER certificates, root
				 * first (CERT_ADD; CERT_GET do)
				 */
	HIP_A_CERT_ID,		/* u32: the entry (CERT_DEL, CERT_GET do) */
	HIP_A_CERT_DELEGATED_HIT, /* binary, 16 bytes: the HIT delegated */
	HIP_A_CERT_ISSUER_HIT,	/* binary, 16 bytes: issuer of the last
				 * certificate (CERT_REVOKE: of the revoked)
				 */
	HIP_A_CERT_SUBJECT_HIT,	/* binary, 16 bytes: our HIT, the holder */
	HIP_A_CERT_DEPTH,	/* u8: number of delegations in the chain */
	HIP_A_CERT_MAX_DEPTH,	/* u8: what the holder may still delegate */
	HIP_A_CERT_NOT_BEFORE,	/* u64: seconds since the epoch (latest
				 * notBefore of the chain)
				 */
	HIP_A_CERT_NOT_AFTER,	/* u64: seconds since the epoch (earliest
				 * notAfter of the chain)
				 */
	HIP_A_CERT_SERIAL,	/* binary: serial of the last (CERT_REVOKE:
				 * of the revoked) certificate, big-endian
				 * magnitude, 1 to 20 bytes
				 */
	HIP_A_CERT_REVOKED,	/* flag: a revocation list entry (dumps) */
	HIP_A_CERT_FLUSH,	/* flag, CERT_REVOKE: empty the revocation list */
	HIP_A_CERT_PAD,		/* padding for 64-bit attributes */

	__HIP_A_CERT_MAX,
	HIP_A_CERT_MAX = __HIP_A_CERT_MAX - 1
};

/*
 * Per-namespace counters (inside HIP_A_STATS: attribute type is the
 * counter's enum hip_stat value + 1, payload u64).  Names in hipctl follow
 * the enum names in lower case.
 */
enum hip_stat {
	HIP_STAT_HIP_IN,		/* HIP control packets received */
	HIP_STAT_HIP_OUT,		/* HIP control packets sent */
	HIP_STAT_ESP_IN,		/* ESP packets decrypted and delivered */
	HIP_STAT_ESP_OUT,		/* ESP packets sent */
	HIP_STAT_I1_IN,			/* I1 received */
	HIP_STAT_R1_OUT,		/* R1 sent */
	HIP_STAT_BEX_DONE,		/* base exchanges completed */
	HIP_STAT_BEX_FAILED,		/* base exchanges given up */
	HIP_STAT_RETRANSMIT,		/* I1/I2/CLOSE/UPDATE retransmissions */
	HIP_STAT_QUEUED,		/* packets queued waiting for a BEX */
	HIP_STAT_DROP_BAD_LEN,		/* truncated or inconsistent lengths */
	HIP_STAT_DROP_BAD_CSUM,		/* HIP checksum */
	HIP_STAT_DROP_BAD_HDR,		/* version, type, reserved bits, HITs */
	HIP_STAT_DROP_MALFORMED_PARAM,	/* parameter bounds, order, contents */
	HIP_STAT_DROP_UNKNOWN_CRITICAL,	/* unknown critical parameter */
	HIP_STAT_DROP_BAD_HMAC,		/* HIP_MAC / HIP_MAC_2 */
	HIP_STAT_DROP_BAD_SIG,		/* HIP_SIGNATURE / HIP_SIGNATURE_2 */
	HIP_STAT_DROP_BAD_PUZZLE,	/* wrong or stale puzzle solution */
	HIP_STAT_DROP_BAD_HI,		/* HOST_ID does not match the HIT */
	HIP_STAT_DROP_NO_HI,		/* addressed to a HIT we do not own */
	HIP_STAT_DROP_NO_HA,		/* no association for this packet */
	HIP_STAT_DROP_BAD_STATE,	/* packet not acceptable in this state */
	HIP_STAT_DROP_NEGOTIATION,	/* no common DH group, cipher, suite */
	HIP_STAT_DROP_BAD_ICV,		/* ESP integrity check failed */
	HIP_STAT_DROP_REPLAY,		/* ESP sequence number replayed/too old */
	HIP_STAT_DROP_UNKNOWN_SPI,	/* ESP for no SA of ours */
	HIP_STAT_DROP_ESP_MALFORMED,	/* ESP too short, bad padding or next header */
	HIP_STAT_DROP_SEQ_EXHAUSTED,	/* sending would wrap the ESP sequence */
	HIP_STAT_DROP_NO_PEER,		/* sent to a HIT/LSI with no peer entry */
	HIP_STAT_DROP_QUEUE_FULL,	/* BEX wait queue full or timed out */
	HIP_STAT_DROP_NO_ROUTE,		/* no route to the peer's locator */
	HIP_STAT_DROP_NOMEM,		/* allocation failed */
	HIP_STAT_DROP_CRYPTO,		/* crypto API error */
	/*
	 * Cost of base exchanges, cumulative: *_COUNT operations took *_NS
	 * nanoseconds in total.  Only the work done while handling R1, I2
	 * and R2 is counted (not R1 precomputation, CLOSE, UPDATE, NOTIFY).
	 */
	HIP_STAT_BEX_I_COUNT,		/* exchanges completed as Initiator */
	HIP_STAT_BEX_I_NS,		/* ... I1 sent to ESTABLISHED, total */
	HIP_STAT_BEX_R_COUNT,		/* exchanges completed as Responder */
	HIP_STAT_BEX_R_NS,		/* ... I2 received to R2 sent, total */
	HIP_STAT_DH_COUNT,		/* DH key generations and computations */
	HIP_STAT_DH_NS,
	HIP_STAT_SIGN_COUNT,		/* I2 and R2 signatures made */
	HIP_STAT_SIGN_NS,
	HIP_STAT_VERIFY_COUNT,		/* R1, I2 and R2 signatures checked */
	HIP_STAT_VERIFY_NS,
	HIP_STAT_PUZZLE_COUNT,		/* puzzles solved (I) or checked (R) */
	HIP_STAT_PUZZLE_NS,
	HIP_STAT_R1_RATELIMITED,	/* I1 not answered: R1 rate limit */
	/* UPDATE, mobility and multihoming (RFC 7401 5.3.5, RFC 8046/8047) */
	HIP_STAT_UPDATE_IN,		/* UPDATE accepted (MAC, signature good) */
	HIP_STAT_UPDATE_OUT,		/* UPDATE sent (not retransmissions) */
	HIP_STAT_DROP_UPDATE_SEQ,	/* UPDATE replayed, old SEQ, stray ACK */
	HIP_STAT_LOC_CHANGES,		/* peer LOCATOR_SETs applied */
	HIP_STAT_ADDR_CHECK_FAILED,	/* peer address checks given up */
	HIP_STAT_DROP_CREDIT,		/* data to an unverified locator over
					 * the credit (RFC 8046 5.6)
					 */
	HIP_STAT_REKEY_DONE,		/* ESP rekeyings by UPDATE completed */
	HIP_STAT_FAILOVER,		/* moved to another peer locator */
	/* Registration and rendezvous (RFC 8003, RFC 8004) */
	HIP_STAT_REG_GRANTED,		/* registrations granted (registrar) */
	HIP_STAT_REG_REFUSED,		/* REG_FAILED sent */
	HIP_STAT_REG_EXPIRED,		/* registrations expired */
	HIP_STAT_RVS_RELAYED,		/* I1 and UPDATE relayed (RVS) */
	HIP_STAT_DROP_RVS_NO_REG,	/* to relay for an unregistered HIT */
	HIP_STAT_DROP_RVS_HMAC,		/* bad or missing RVS_HMAC or FROM */
	/* Delegation certificate chains presented by peers (RFC 8002) */
	HIP_STAT_CERT_VALID,		/* chains accepted */
	HIP_STAT_CERT_MISSING,		/* a delegated HIT claimed without a
					 * chain (NOTIFY CREDENTIALS_REQUIRED)
					 */
	HIP_STAT_CERT_MALFORMED,	/* not DER, not the profile, no chain */
	HIP_STAT_CERT_UNSUPPORTED,	/* algorithm, key, critical extension */
	HIP_STAT_CERT_BAD_SIG,		/* a signature does not verify */
	HIP_STAT_CERT_EXPIRED,		/* outside its validity period */
	HIP_STAT_CERT_BAD_ISSUER,	/* a link does not name the previous */
	HIP_STAT_CERT_BAD_HIT,		/* HIT not the ORCHID, or another HIT */
	HIP_STAT_CERT_TOO_DEEP,		/* too many delegations, or maxDepth */
	HIP_STAT_CERT_REVOKED,		/* on the local revocation list */
	HIP_STAT_CERT_BAD_HOST_ID,	/* last key is not the HOST_ID */
	HIP_STAT_CERT_CLOSED,		/* associations closed because the
					 * delegation chain that admitted
					 * the peer expired
					 */

	__HIP_STAT_MAX,
	HIP_STAT_MAX = __HIP_STAT_MAX - 1
};

/* Configuration of a namespace (inside HIP_A_CFG) */
enum {
	HIP_A_CFG_UNSPEC,
	HIP_A_CFG_PUZZLE_K,	/* u8, puzzle difficulty for R1, 0..28 */
	HIP_A_CFG_IDLE_TIMEOUT,	/* u32, seconds without traffic before an
				 * ESTABLISHED association is closed, 0 = never
				 */
	HIP_A_CFG_ESP_SUITE,	/* u16, preferred ESP transform suite ID */
	HIP_A_CFG_DH_GROUP,	/* u8, preferred DH group ID */
	HIP_A_CFG_ESP_SEQ_LIMIT, /* u32, highest ESP sequence number of an
				  * SA; rekeying by UPDATE starts at 3/4
				  * (outbound), 7/8 (inbound); sequence
				  * numbers are 64 bits: the default
				  * 0xffffffff means 2^64 - 1 (no limit),
				  * lower for testing
				  */
	HIP_A_CFG_NULL_CRYPTO,	/* u8, 0 or 1: offer and accept the NULL-ENCRYPT
				 * HIP cipher and the ESP suite without
				 * encryption (NULL with HMAC-SHA-256); for
				 * testing and debugging; default 0
				 */
	HIP_A_CFG_CERT_MAX_DEPTH, /* u8, most delegations a certificate
				   * chain may hold, 1..HIP_CERT_MAX_DEPTH_LIMIT;
				   * default 3
				   */

	__HIP_A_CFG_MAX,
	HIP_A_CFG_MAX = __HIP_A_CFG_MAX - 1
};

#define HIP_PUZZLE_K_MAX	28

/* RFC 7401 DH Group IDs we implement */
#define HIP_DH_MODP_1536	3
#define HIP_DH_MODP_3072	4
#define HIP_DH_NIST_P256	7
#define HIP_DH_NIST_P384	8

/* RFC 7401 HIP Cipher IDs */
#define HIP_CIPHER_NULL		1
#define HIP_CIPHER_AES_128_CBC	2
#define HIP_CIPHER_AES_256_CBC	4

/* RFC 7402 ESP transform suite IDs we implement */
#define HIP_ESP_AES_128_CBC_HMAC_SHA256	8
#define HIP_ESP_AES_256_CBC_HMAC_SHA256	9
#define HIP_ESP_AES_128_GCM_ICV16	13
#define HIP_ESP_NULL_HMAC_SHA256	7

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
	HIP_CMD_PEER_NEW,	/* do: add (with HIP_A_PEER_REPLACE: replace) a peer */
	HIP_CMD_PEER_DEL,	/* do: delete the peer HIP_A_PEER_HIT (and its HA) */
	HIP_CMD_PEER_GET,	/* do (by HIT) and dump */
	HIP_CMD_HA_GET,		/* do (by HIP_A_HA_PEER_HIT) and dump */
	HIP_CMD_HA_CLOSE,	/* do: send CLOSE for HIP_A_HA_PEER_HIT */
	HIP_CMD_HA_CHANGE_NTF,	/* notification: an association changed state */
	HIP_CMD_STATS_GET,	/* do: HIP_A_STATS */
	HIP_CMD_CFG_GET,	/* do: HIP_A_CFG */
	HIP_CMD_CFG_SET,	/* do: change the attributes given in HIP_A_CFG */
	HIP_CMD_SERVICE_SET,	/* do: enable/disable/configure HIP_A_SERVICE */
	HIP_CMD_SERVICE_GET,	/* dump: the services offered */
	HIP_CMD_REG_NEW,	/* do: register at HIP_A_REG_HIT for HIP_A_REG_TYPE */
	HIP_CMD_REG_DEL,	/* do: cancel that registration */
	HIP_CMD_REG_GET,	/* dump: registrations, both sides */
	HIP_CMD_REG_NTF,	/* notification: a registration was granted,
				 * refused, expired or cancelled (HIP_A_REG)
				 */
	HIP_CMD_HA_REKEY,	/* do: rekey the ESP SAs of HIP_A_HA_PEER_HIT
				 * by UPDATE (HIP_A_HA_REKEY_DH: new DH key)
				 */
	HIP_CMD_LOC_CHANGE_NTF,	/* notification: an association's locators
				 * (HIP_A_HA) or our local addresses
				 * (HIP_A_LADDR) changed
				 */
	HIP_CMD_CERT_ADD,	/* do: validate and keep HIP_A_CERT_CHAIN */
	HIP_CMD_CERT_DEL,	/* do: delete by HIP_A_CERT_ID or every one
				 * for HIP_A_CERT_DELEGATED_HIT
				 */
	HIP_CMD_CERT_GET,	/* do (by HIP_A_CERT_ID, with the chain) and
				 * dump (delegations, then revocations)
				 */
	HIP_CMD_CERT_REVOKE,	/* do: revoke HIP_A_CERT_ISSUER_HIT +
				 * HIP_A_CERT_SERIAL, or HIP_A_CERT_FLUSH
				 */

	__HIP_CMD_MAX,
	HIP_CMD_MAX = __HIP_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_HIP_H */
