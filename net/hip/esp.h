/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BEET-mode ESP (RFC 7402, RFC 4303) on the kernel crypto API's AEAD
 * transforms.
 *
 * A struct hip_esp_sa is one direction of one association.  It carries no
 * addresses: the data path (xmit.c / rcv.c) owns the IP headers, esp.c only
 * turns an inner transport payload into an ESP payload and back.
 *
 * Output (esp.c -> caller):  the caller passes the inner skb positioned at
 * the transport header, the inner protocol number, and the headroom it
 * needs for the outer IP header.  hip_esp_encrypt() builds a NEW skb
 * [headroom | ESP hdr | IV | ciphertext | ICV] out of place (the inner skb
 * may be cloned or share pages with a TCP retransmit queue; it is never
 * written), so no skb_cow is ever needed on output.
 *
 * Input: the skb is positioned at the ESP header; decryption is in place
 * (after skb_cow_data()); on success the skb is positioned at the inner
 * transport header, with the padding and trailer removed, and the inner
 * protocol is returned through the callback / out parameter.
 *
 * Both directions may complete asynchronously: then the function returns
 * -EINPROGRESS and calls @done later (from softirq or a crypto thread)
 * with the same cookie.  A synchronous completion returns 0 and never
 * calls @done.  Any other return value is an error and the skb passed in
 * (and any skb made) has been freed.
 */
#ifndef _HIP_ESP_H
#define _HIP_ESP_H

#include <linux/types.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>

struct hip_esp_sa;

#define HIP_ESP_REPLAY_WINDOW	1024	/* bits */

/* Not an RFC 7402 suite, not IANA-assigned and not in the uapi (the
 * registry has no private-use range; this ID is taken from the top of the
 * 16-bit space, far from the assigned ones): ESP with neither encryption
 * nor integrity ("authenc(digest_null,ecb(cipher_null))", no IV, no ICV,
 * padding to 4 bytes).  For measuring the data path without crypto (make
 * bench) ONLY: it gives no confidentiality, no integrity and no replay
 * protection worth the name.  A namespace offers (first) and accepts it
 * only while "null-noauth on" is set through /sys/kernel/debug/hip/bench
 * (bench.c), so only two hosts both switched to it ever negotiate it.
 */
#define HIP_ESP_NULL_NOAUTH	0xff00

/* Key material needed by @suite: encryption key + integrity key lengths */
int hip_esp_suite_keylens(u16 suite, unsigned int *enc_len,
			  unsigned int *auth_len);
bool hip_esp_suite_supported(u16 suite);
/* Worst-case bytes added to a transport payload (ESP hdr, IV, pad, ICV) */
unsigned int hip_esp_overhead(u16 suite);

/* New SA.  @enc_key/@auth_key come from KEYMAT (RFC 7402 section 7); for
 * AES-GCM the 4-byte salt is the last 4 bytes of @enc_key (enc_len
 * includes it).  @outbound selects the sequence/replay state.  Returns
 * ERR_PTR on failure.  The SA is refcounted; hip_esp_sa_put() frees it.
 */
struct hip_esp_sa *hip_esp_sa_new(u16 suite, u32 spi, bool outbound,
				  const u8 *enc_key, const u8 *auth_key);
void hip_esp_sa_get(struct hip_esp_sa *sa);
void hip_esp_sa_put(struct hip_esp_sa *sa);
u32 hip_esp_sa_spi(const struct hip_esp_sa *sa);
u16 hip_esp_sa_suite(const struct hip_esp_sa *sa);
/* Outbound: set the highest sequence number the SA may use, a test knob
 * (HIP_A_CFG_ESP_SEQ_LIMIT).  Sequence numbers are 64 bits (RFC 7402
 * section 3.3.6); @limit U32_MAX, the default, means the whole 64-bit
 * space (up to 2^64 - 1, the counter never wraps).  An SA once exhausted
 * stays so.
 */
void hip_esp_sa_set_seq_limit(struct hip_esp_sa *sa, u32 limit);
/* True once per SA when its sequence numbers (outbound: sent; inbound:
 * the highest received) pass three quarters of its limit (inbound SAs get
 * the same limit): time to rekey (RFC 7402 6.8).  Any context.
 */
bool hip_esp_sa_rekey_due(struct hip_esp_sa *sa);
/* Inbound: the highest sequence number received and authenticated, 0
 * before the first packet
 */
u64 hip_esp_sa_seq_in(const struct hip_esp_sa *sa);
/* Outbound: true once the sequence limit has been reached */
bool hip_esp_sa_exhausted(const struct hip_esp_sa *sa);

/* Completion of an asynchronous operation: @skb is the result (output:
 * the new ESP skb, positioned at the ESP header, with @headroom free in
 * front; input: the decrypted skb at the inner transport header) or NULL
 * if @err != 0 (then everything has been freed).  @nexthdr is the inner
 * protocol (input only).  @cookie is passed through.
 */
typedef void (*hip_esp_done_t)(struct sk_buff *skb, int err, u8 nexthdr,
			       void *cookie);

/* Encrypt: @inner is positioned at the transport header (skb->data) and
 * must not be GSO and have no CHECKSUM_PARTIAL (the caller segments and
 * resolves checksums first).  @inner is consumed in every case.  On
 * synchronous success *@out is the new skb.  Errors: -EKEYEXPIRED when
 * the sequence number space is exhausted (the SA is then unusable),
 * -ENOMEM, crypto errors.
 */
int hip_esp_encrypt(struct hip_esp_sa *sa, struct sk_buff *inner, u8 nexthdr,
		    unsigned int headroom, struct sk_buff **out,
		    hip_esp_done_t done, void *cookie);

/* Decrypt: @skb positioned at the ESP header (its SPI already looked up
 * to find @sa).  Checks the replay window before decrypting and updates it
 * only after the ICV verified; the high 32 bits of the sequence number,
 * not sent, are inferred from the window (RFC 4303 Appendix A2.2) and
 * covered by the ICV.  The ESP header is not written to.  On synchronous success *@nexthdr is the
 * inner protocol and @skb is positioned at the inner transport header.
 * Errors (skb freed): -EBADMSG ICV failure, -EALREADY replay,
 * -EINVAL malformed (short, bad padding), -ENOMEM.
 */
int hip_esp_decrypt(struct hip_esp_sa *sa, struct sk_buff *skb, u8 *nexthdr,
		    hip_esp_done_t done, void *cookie);

/* Read the SPI of an ESP packet at skb->data (after pskb_may_pull(8)) */
static inline u32 hip_esp_peek_spi(const struct sk_buff *skb)
{
	return be32_to_cpu(*(const __be32 *)skb->data);
}

bool hip_esp_selftest(void);
/* Module exit: wait until the SAs already released are freed */
void hip_esp_uninit(void);

#endif /* _HIP_ESP_H */
