// SPDX-License-Identifier: GPL-2.0
/*
 * BEET-mode ESP (RFC 7402, RFC 4303) on the kernel crypto API's AEAD
 * transforms; see esp.h for the interface.  The buffer layout, trailer
 * handling and asynchronous completion follow net/ipv4/esp4.c.
 *
 * Sequence numbers are 64 bits (RFC 7402 section 3.3.6: HIP ESP MUST use
 * a 64-bit sequence number; the high 32 bits are not sent): extended
 * sequence numbers (ESN) as RFC 4303 section 2.2.1 and Appendix A
 * describe them.  Every suite is one AEAD transform called with
 *
 *   associated data  SPI | seq high 32 bits | seq low 32 bits | IV
 *                    (assoclen = 12 + ivlen, from a private buffer, not
 *                    from the packet), the IV also passed as req->iv;
 *   crypt data       the payload, padding and trailer (and the ICV).
 *
 *   AES-128-GCM  "rfc4106(gcm(aes))": the template leaves the 8 IV bytes
 *                out of the GHASH input, so the AAD is SPI | 64-bit ESN,
 *                RFC 4106 section 5 figure 4; key = AES key | 4-byte salt
 *                (RFC 4106 section 4 nonce = salt | IV).
 *   AES-CBC      "authencesn(hmac(sha256),cbc(aes))": the template moves
 *                the high 32 bits of the sequence number behind the
 *                ciphertext, so the ICV (HMAC-SHA-256 truncated to 128
 *                bits, RFC 4868) covers SPI | seq low | IV | ciphertext |
 *                seq high: "the high-order 32 bits of the sequence number
 *                are appended after the Next Header field for purposes of
 *                this computation, but are not transmitted" (RFC 4303
 *                section 3.3.2.1 step 4).  This is what esp4/esp6 use for
 *                an xfrm state with "flag esn".
 *   NULL         "authencesn(hmac(sha256),ecb(cipher_null))", no IV.
 *   NULL-NOAUTH  "authenc(digest_null,ecb(cipher_null))": no IV, no ICV,
 *                no key; the data path without crypto, for benchmarks
 *                only (HIP_ESP_NULL_NOAUTH, not a standard suite).  The
 *                same transform xfrm uses for "enc ecb(cipher_null)"
 *                without auth; without an ICV the high bits of the
 *                sequence number have nothing to enter (the associated
 *                data is only copied).
 *
 * IVs: we do not use the seqiv/echainiv IV generators that xfrm stacks on
 * top.  AES-GCM takes the 64-bit sequence number as its explicit IV, the
 * counter RFC 4106 section 3.1 suggests: it never repeats under one key
 * because the 64-bit counter never wraps (hip_esp_next_seq()).  AES-CBC
 * takes 16 fresh bytes from get_random_bytes() per packet, the
 * unpredictable IV RFC 3602 asks for.
 *
 * Output is out of place: the source scatterlist is [associated data |
 * the inner skb's data and frags | padding and trailer], all of it only
 * read; the destination is [a second private copy of the associated data
 * (authencesn writes to it) | the new skb after the ESP header and IV],
 * whose header and IV hip_esp_fill() wrote.  Input is in place after
 * skb_cow_data(), as in esp_input(), with the associated data again from
 * a private buffer: the packet's ESP header is never written.
 *
 * Asynchronous completion is tested at load time without depending on
 * which implementations the machine has: while the self-tests run,
 * hip_esp_crypt() hands every request to a work item that runs it and
 * then completes it through the request's callback, as an asynchronous
 * driver would.  (A "cryptd(...)" wrapper would be the obvious tool, but
 * its AEAD instances fail the crypto manager's self-tests on 6.1.)
 *
 * An SA is freed from a work item: its last reference may be dropped in
 * an asynchronous completion (softirq or a crypto thread), where
 * crypto_free_aead() should not be called.
 */

#include <crypto/aead.h>
#include <crypto/authenc.h>
#include <crypto/internal/aead.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/unaligned.h>
#include <linux/workqueue.h>
#include <linux/hip.h>

#include "esp.h"
#include "common.h"

static bool esp_sync_crypto;
module_param(esp_sync_crypto, bool, 0644);
MODULE_PARM_DESC(esp_sync_crypto,
		 "ESP SAs created from now on use only synchronous crypto implementations (testing)");

enum hip_esp_kind {
	HIP_ESP_KIND_GCM,	/* rfc4106: key = enc key | salt */
	HIP_ESP_KIND_AUTHENC,	/* authenc[esn]: key = rtattr | auth key | enc key */
};

#define HIP_ESP_MAX_IV		16
#define HIP_ESP_MAX_BLOCK	16
/* Associated data: SPI, sequence number high and low halves, IV */
#define HIP_ESP_AD_HDR		12
#define HIP_ESP_MAX_AD		(HIP_ESP_AD_HDR + HIP_ESP_MAX_IV)

struct hip_esp_suite {
	u16 id;
	u8 kind;
	u8 enc_len;	/* includes the GCM salt */
	u8 auth_len;
	u8 ivlen;
	u8 block;	/* cipher block size rounded up to 4 (RFC 4303 2.4) */
	u8 icvlen;
	const char *alg;
};

static const struct hip_esp_suite hip_esp_suites[] = {
	{ HIP_ESP_AES_128_GCM_ICV16, HIP_ESP_KIND_GCM, 16 + 4, 0, 8, 4, 16,
	  "rfc4106(gcm(aes))" },
	{ HIP_ESP_AES_128_CBC_HMAC_SHA256, HIP_ESP_KIND_AUTHENC, 16, 32, 16, 16,
	  16, "authencesn(hmac(sha256),cbc(aes))" },
	{ HIP_ESP_AES_256_CBC_HMAC_SHA256, HIP_ESP_KIND_AUTHENC, 32, 32, 16, 16,
	  16, "authencesn(hmac(sha256),cbc(aes))" },
	{ HIP_ESP_NULL_HMAC_SHA256, HIP_ESP_KIND_AUTHENC, 0, 32, 0, 4, 16,
	  "authencesn(hmac(sha256),ecb(cipher_null))" },
	{ HIP_ESP_NULL_NOAUTH, HIP_ESP_KIND_AUTHENC, 0, 0, 0, 4, 0,
	  "authenc(digest_null,ecb(cipher_null))" },
};

struct hip_esp_sa {
	refcount_t refcnt;
	const struct hip_esp_suite *suite;
	struct crypto_aead *aead;
	u32 spi;
	bool outbound;

	/* Outbound: last sequence number handed out (64 bits, never wraps) */
	atomic64_t seq;
	u64 seq_limit;
	bool exhausted;
	/* Both: sequence number from which a rekeying is asked for, once */
	u64 seq_rekey;
	unsigned long rekey_asked;

	/* Inbound: replay window over 64-bit sequence numbers (RFC 4303
	 * Appendix A2), bit (seq % WINDOW) for seq in (top-WINDOW, top]
	 */
	spinlock_t lock;
	u64 replay_top;
	unsigned long replay[BITS_TO_LONGS(HIP_ESP_REPLAY_WINDOW)];

	struct llist_node free_node;
};

/* Per-packet temporary, one allocation: this header, then the IV, the
 * aead_request with its context, then the scatterlists (esp_alloc_tmp).
 */
struct hip_esp_tmp {
	struct hip_esp_sa *sa;		/* reference held until completion */
	struct sk_buff *skb;		/* output: new ESP skb; input: packet */
	struct sk_buff *inner;		/* output: payload, freed at the end */
	hip_esp_done_t done;
	void *cookie;
	u64 seq;			/* input: for the replay window */
	u8 ad[HIP_ESP_MAX_AD];		/* associated data (src) */
	u8 dad[HIP_ESP_MAX_AD];		/* output: its copy in dst */
	u8 trailer[HIP_ESP_MAX_BLOCK + 1];	/* output */
};

/* ---- suites ---- */

static const struct hip_esp_suite *hip_esp_suite_find(u16 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hip_esp_suites); i++)
		if (hip_esp_suites[i].id == id)
			return &hip_esp_suites[i];
	return NULL;
}

/**
 * hip_esp_suite_keylens() - key material an ESP suite takes
 * @suite: RFC 7402 ESP transform suite ID
 * @enc_len: encryption key length in bytes (with the AES-GCM salt)
 * @auth_len: integrity key length in bytes
 *
 * Return: 0, or -EOPNOTSUPP for a suite we do not implement.
 */
int hip_esp_suite_keylens(u16 suite, unsigned int *enc_len,
			  unsigned int *auth_len)
{
	const struct hip_esp_suite *s = hip_esp_suite_find(suite);

	if (!s)
		return -EOPNOTSUPP;
	*enc_len = s->enc_len;
	*auth_len = s->auth_len;
	return 0;
}

bool hip_esp_suite_supported(u16 suite)
{
	return hip_esp_suite_find(suite);
}

/**
 * hip_esp_overhead() - most bytes ESP adds to a transport payload
 * @suite: RFC 7402 ESP transform suite ID
 *
 * ESP header, IV, at most block - 1 padding bytes, pad length, next
 * header and ICV.  Return: 0 for an unknown suite.
 */
unsigned int hip_esp_overhead(u16 suite)
{
	const struct hip_esp_suite *s = hip_esp_suite_find(suite);

	if (!s)
		return 0;
	return sizeof(struct ip_esp_hdr) + s->ivlen + s->block + 1 + s->icvlen;
}

/* ---- crypto completion callback: its type changed in 6.3 ---- */

static void hip_esp_encrypt_done(void *data, int err);
static void hip_esp_decrypt_done(void *data, int err);

#ifdef HIP_COMPAT_CRYPTO_CB_REQ
static void hip_esp_encrypt_cb(struct crypto_async_request *req, int err)
{
	hip_esp_encrypt_done(req->data, err);
}

static void hip_esp_decrypt_cb(struct crypto_async_request *req, int err)
{
	hip_esp_decrypt_done(req->data, err);
}
#else
#define hip_esp_encrypt_cb hip_esp_encrypt_done
#define hip_esp_decrypt_cb hip_esp_decrypt_done
#endif

/* ---- SAs ---- */

static void hip_esp_sa_free(struct hip_esp_sa *sa)
{
	crypto_free_aead(sa->aead);	/* kfree_sensitive()s the key schedule */
	kfree_sensitive(sa);
	hip_object_destroyed();
}

static LLIST_HEAD(hip_esp_gc_list);

static void hip_esp_gc(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&hip_esp_gc_list);
	struct hip_esp_sa *sa, *next;

	llist_for_each_entry_safe(sa, next, list, free_node)
		hip_esp_sa_free(sa);
}

static DECLARE_WORK(hip_esp_gc_work, hip_esp_gc);

static int hip_esp_setkey(struct hip_esp_sa *sa, const u8 *enc_key,
			  const u8 *auth_key)
{
	const struct hip_esp_suite *s = sa->suite;
	struct crypto_authenc_key_param *param;
	unsigned int keylen;
	struct rtattr *rta;
	u8 *key, *p;
	int err;

	if (s->kind == HIP_ESP_KIND_GCM)
		return crypto_aead_setkey(sa->aead, enc_key, s->enc_len);

	keylen = RTA_SPACE(sizeof(*param)) + s->auth_len + s->enc_len;
	key = kmalloc(keylen, GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	p = key;
	rta = (void *)p;
	rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
	rta->rta_len = RTA_LENGTH(sizeof(*param));
	param = RTA_DATA(rta);
	param->enckeylen = cpu_to_be32(s->enc_len);
	p += RTA_SPACE(sizeof(*param));
	if (s->auth_len)
		memcpy(p, auth_key, s->auth_len);
	p += s->auth_len;
	if (s->enc_len)
		memcpy(p, enc_key, s->enc_len);
	err = crypto_aead_setkey(sa->aead, key, keylen);
	kfree_sensitive(key);
	return err;
}

/**
 * hip_esp_sa_new() - new ESP SA (one direction)
 * @suite: RFC 7402 ESP transform suite ID
 * @spi: SPI, host byte order
 * @outbound: sending (sequence numbers) or receiving (replay window) SA
 * @enc_key: hip_esp_suite_keylens() enc_len bytes (may be NULL if 0)
 * @auth_key: auth_len bytes (may be NULL if 0)
 *
 * Process context (allocates with GFP_KERNEL, may load crypto modules).
 * Return: the SA with one reference, or ERR_PTR: -EOPNOTSUPP unknown
 * suite, -ENOENT transform not available, -ENOMEM, -EINVAL.
 */
struct hip_esp_sa *hip_esp_sa_new(u16 suite, u32 spi, bool outbound,
				  const u8 *enc_key, const u8 *auth_key)
{
	const struct hip_esp_suite *s = hip_esp_suite_find(suite);
	struct crypto_aead *aead;
	struct hip_esp_sa *sa;
	u32 mask = 0;
	int err;

	if (!s)
		return ERR_PTR(-EOPNOTSUPP);
	if ((s->enc_len && !enc_key) || (s->auth_len && !auth_key))
		return ERR_PTR(-EINVAL);

	if (READ_ONCE(esp_sync_crypto))
		mask = CRYPTO_ALG_ASYNC;

	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return ERR_PTR(-ENOMEM);

	aead = crypto_alloc_aead(s->alg, 0, mask);
	if (IS_ERR(aead)) {
		kfree(sa);
		return ERR_CAST(aead);
	}
	sa->aead = aead;
	sa->suite = s;

	err = -EINVAL;
	if (WARN_ON_ONCE(crypto_aead_ivsize(aead) != s->ivlen ||
			 ALIGN(crypto_aead_blocksize(aead), 4) != s->block))
		goto err;
	err = hip_esp_setkey(sa, enc_key, auth_key);
	if (err)
		goto err;
	err = crypto_aead_setauthsize(aead, s->icvlen);
	if (err)
		goto err;

	refcount_set(&sa->refcnt, 1);
	sa->spi = spi;
	sa->outbound = outbound;
	atomic64_set(&sa->seq, 0);
	sa->seq_limit = U64_MAX;
	sa->seq_rekey = outbound ? U64_MAX - U64_MAX / 4 : U64_MAX - U64_MAX / 8;
	spin_lock_init(&sa->lock);
	hip_object_created();
	return sa;

err:
	crypto_free_aead(aead);
	kfree(sa);
	return ERR_PTR(err);
}

void hip_esp_sa_get(struct hip_esp_sa *sa)
{
	refcount_inc(&sa->refcnt);
}

/* Any context; the SA is freed from a work item. */
void hip_esp_sa_put(struct hip_esp_sa *sa)
{
	if (!sa || !refcount_dec_and_test(&sa->refcnt))
		return;
	if (llist_add(&sa->free_node, &hip_esp_gc_list))
		schedule_work(&hip_esp_gc_work);
}

/* Waits for the SAs whose last reference is gone to be freed. */
void hip_esp_uninit(void)
{
	flush_work(&hip_esp_gc_work);
}

u32 hip_esp_sa_spi(const struct hip_esp_sa *sa)
{
	return sa->spi;
}

u16 hip_esp_sa_suite(const struct hip_esp_sa *sa)
{
	return sa->suite->id;
}

void hip_esp_sa_set_seq_limit(struct hip_esp_sa *sa, u32 limit)
{
	u64 l = limit == U32_MAX ? U64_MAX : limit;

	WRITE_ONCE(sa->seq_limit, l);
	/* Rekey with a quarter of the space left: the old SA carries the
	 * data while the UPDATEs go back and forth (RFC 7402 6.8 step 4).
	 * Inbound later, with an eighth left: normally the sender has
	 * started it by then; this is for one that does not (6.8: "MUST
	 * initiate a rekey if its incoming ESP sequence counter is about
	 * to overflow").
	 */
	WRITE_ONCE(sa->seq_rekey, sa->outbound ? l - l / 4 : l - l / 8);
}

bool hip_esp_sa_rekey_due(struct hip_esp_sa *sa)
{
	u64 seq = sa->outbound ? (u64)atomic64_read(&sa->seq) :
				 READ_ONCE(sa->replay_top);

	if (likely(seq < READ_ONCE(sa->seq_rekey)))
		return false;
	return !test_and_set_bit(0, &sa->rekey_asked);
}

u64 hip_esp_sa_seq_in(const struct hip_esp_sa *sa)
{
	return READ_ONCE(sa->replay_top);
}

bool hip_esp_sa_exhausted(const struct hip_esp_sa *sa)
{
	return READ_ONCE(sa->exhausted);
}

/* ---- per-packet temporary ---- */

static struct hip_esp_tmp *hip_esp_alloc_tmp(struct crypto_aead *aead,
					     unsigned int nsg)
{
	size_t len;

	len = sizeof(struct hip_esp_tmp) + crypto_aead_alignmask(aead) +
	      crypto_aead_ivsize(aead);
	len = ALIGN(len, crypto_tfm_ctx_alignment()) +
	      crypto_tfm_ctx_alignment();
	len += sizeof(struct aead_request) + crypto_aead_reqsize(aead);
	len = ALIGN(len, __alignof__(struct scatterlist));
	len += sizeof(struct scatterlist) * nsg;

	return kmalloc(len, GFP_ATOMIC);
}

static u8 *hip_esp_tmp_iv(struct crypto_aead *aead, struct hip_esp_tmp *tmp)
{
	return PTR_ALIGN((u8 *)(tmp + 1), crypto_aead_alignmask(aead) + 1);
}

static struct aead_request *hip_esp_tmp_req(struct crypto_aead *aead, u8 *iv)
{
	struct aead_request *req;

	req = (void *)PTR_ALIGN(iv + crypto_aead_ivsize(aead),
				crypto_tfm_ctx_alignment());
	aead_request_set_tfm(req, aead);
	return req;
}

static struct scatterlist *hip_esp_tmp_sg(struct crypto_aead *aead,
					  struct aead_request *req)
{
	return (void *)ALIGN((unsigned long)(req + 1) +
			     crypto_aead_reqsize(aead),
			     __alignof__(struct scatterlist));
}

/* The request context may hold key-derived state (HMAC pads) */
static void hip_esp_free_tmp(struct hip_esp_tmp *tmp)
{
	kfree_sensitive(tmp);
}

/* Upper bound of the scatterlist entries skb_to_sgvec() makes of @skb */
static int hip_esp_skb_nsg(struct sk_buff *skb, int depth)
{
	struct sk_buff *frag;
	int n, m;

	if (depth > 24)		/* as __skb_to_sgvec() */
		return -EMSGSIZE;
	n = 1 + skb_shinfo(skb)->nr_frags;
	skb_walk_frags(skb, frag) {
		m = hip_esp_skb_nsg(frag, depth + 1);
		if (m < 0)
			return m;
		n += m;
	}
	return n;
}

static int hip_esp_crypto_err(int err)
{
	/* Queue full (we never ask for backlogging) */
	if (err == -EBUSY || err == -ENOSPC)
		return -ENOBUFS;
	return err;
}

/* ---- running a request, or deferring it for the self-tests ---- */

/* Set only while the self-tests run */
static struct workqueue_struct *hip_esp_defer_wq __read_mostly;

struct hip_esp_deferred {
	struct work_struct work;
	struct aead_request *req;
	bool encrypt;
};

static void hip_esp_deferred_run(struct work_struct *work)
{
	struct hip_esp_deferred *d =
		container_of(work, struct hip_esp_deferred, work);
	struct aead_request *req = d->req;
	bool encrypt = d->encrypt;
	int err;

	kfree(d);
	local_bh_disable();	/* like a completion from softirq */
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	if (err != -EINPROGRESS)
		aead_request_complete(req, err);
	local_bh_enable();
}

static int hip_esp_crypt(struct aead_request *req, bool encrypt)
{
	struct workqueue_struct *wq = READ_ONCE(hip_esp_defer_wq);
	struct hip_esp_deferred *d;

	if (likely(!wq))
		return encrypt ? crypto_aead_encrypt(req) :
				 crypto_aead_decrypt(req);

	d = kmalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		return -ENOMEM;
	INIT_WORK(&d->work, hip_esp_deferred_run);
	d->req = req;
	d->encrypt = encrypt;
	queue_work(wq, &d->work);
	return -EINPROGRESS;
}

/* ---- output ---- */

static struct sk_buff *hip_esp_encrypt_finish(struct hip_esp_tmp *tmp,
					      int err)
{
	struct sk_buff *skb = tmp->skb;

	if (err)
		kfree_skb(tmp->inner);
	else
		consume_skb(tmp->inner);
	hip_esp_sa_put(tmp->sa);
	hip_esp_free_tmp(tmp);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(hip_esp_crypto_err(err));
	}
	return skb;
}

static void hip_esp_encrypt_done(void *data, int err)
{
	struct hip_esp_tmp *tmp = data;
	hip_esp_done_t done = tmp->done;
	void *cookie = tmp->cookie;
	struct sk_buff *skb;

	if (err == -EINPROGRESS)	/* left the backlog; not used */
		return;
	skb = hip_esp_encrypt_finish(tmp, err);
	if (IS_ERR(skb))
		done(NULL, PTR_ERR(skb), 0, cookie);
	else
		done(skb, 0, 0, cookie);
}

/* The next sequence number of outbound @sa; -EKEYEXPIRED past its limit */
static int hip_esp_next_seq(struct hip_esp_sa *sa, u64 *seq)
{
	/* once exhausted, always: raising the limit later does not revive it */
	if (READ_ONCE(sa->exhausted))
		return -EKEYEXPIRED;
	*seq = atomic64_inc_return(&sa->seq);
	/* RFC 4303 3.3.3: the counter must not cycle (0: it did) */
	if (!*seq || *seq > READ_ONCE(sa->seq_limit)) {
		WRITE_ONCE(sa->exhausted, true);
		return -EKEYEXPIRED;
	}
	return 0;
}

/* The associated data for both directions (see the top of this file):
 * SPI | seq high | seq low | IV, the 64-bit ESN in network byte order as
 * RFC 4106 section 5 figure 4 shows it.  Returns its length.
 */
static unsigned int hip_esp_ad(u8 *ad, __be32 spi, u64 seq, const u8 *iv,
			       unsigned int ivlen)
{
	memcpy(ad, &spi, sizeof(spi));
	put_unaligned_be64(seq, ad + 4);
	memcpy(ad + HIP_ESP_AD_HDR, iv, ivlen);
	return HIP_ESP_AD_HDR + ivlen;
}

/* ESP header and IV (RFC 4303 section 2: only the low 32 bits of the
 * sequence number are sent, RFC 7402 section 3.3.6; for GCM the IV is the
 * 64-bit sequence number, RFC 4106 section 3.1), the associated data, and
 * the trailer: monotonic padding, pad length, next header (RFC 4303
 * 2.4-2.6).
 */
static void hip_esp_fill(const struct hip_esp_sa *sa,
			 struct ip_esp_hdr *esph, u64 seq,
			 struct hip_esp_tmp *tmp, u8 *iv, unsigned int plen,
			 u8 nexthdr)
{
	const struct hip_esp_suite *s = sa->suite;
	unsigned int i;

	esph->spi = cpu_to_be32(sa->spi);
	esph->seq_no = cpu_to_be32(lower_32_bits(seq));
	if (s->kind == HIP_ESP_KIND_GCM)
		put_unaligned_be64(seq, esph->enc_data);
	else if (s->ivlen)
		get_random_bytes(esph->enc_data, s->ivlen);
	memcpy(iv, esph->enc_data, s->ivlen);
	hip_esp_ad(tmp->ad, esph->spi, seq, iv, s->ivlen);
	for (i = 0; i < plen - 2; i++)
		tmp->trailer[i] = i + 1;
	tmp->trailer[plen - 2] = plen - 2;
	tmp->trailer[plen - 1] = nexthdr;
}

int hip_esp_encrypt(struct hip_esp_sa *sa, struct sk_buff *inner, u8 nexthdr,
		    unsigned int headroom, struct sk_buff **out,
		    hip_esp_done_t done, void *cookie)
{
	const struct hip_esp_suite *s = sa->suite;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + s->ivlen;
	unsigned int adlen = HIP_ESP_AD_HDR + s->ivlen;
	struct crypto_aead *aead = sa->aead;
	unsigned int len = inner->len, clen, plen, total;
	struct scatterlist *sg, *dsg;
	struct aead_request *req;
	struct hip_esp_tmp *tmp;
	struct ip_esp_hdr *esph;
	struct sk_buff *skb;
	int nsg, n, err;
	u8 *iv;
	u64 seq;

	*out = NULL;
	err = -EINVAL;
	if (WARN_ON_ONCE(!sa->outbound || !done || skb_is_gso(inner) ||
			 inner->ip_summed == CHECKSUM_PARTIAL))
		goto err_inner;
	err = -EMSGSIZE;
	if (len > U16_MAX)
		goto err_inner;

	err = hip_esp_next_seq(sa, &seq);
	if (err)
		goto err_inner;

	nsg = hip_esp_skb_nsg(inner, 0);
	if (nsg < 0) {
		err = nsg;
		goto err_inner;
	}

	clen = ALIGN(len + 2, s->block);
	plen = clen - len;		/* padding, pad length, next header */
	total = hlen + clen + s->icvlen;

	err = -ENOMEM;
	skb = alloc_skb(LL_MAX_HEADER + headroom + total, GFP_ATOMIC);
	if (!skb)
		goto err_inner;
	skb_reserve(skb, LL_MAX_HEADER + headroom);
	esph = skb_put(skb, total);
	skb_reset_transport_header(skb);
	skb->priority = inner->priority;
	skb->mark = inner->mark;

	/* src: ad, inner (nsg), trailer; dst: ad copy, packet */
	tmp = hip_esp_alloc_tmp(aead, nsg + 4);
	if (!tmp)
		goto err_skb;
	iv = hip_esp_tmp_iv(aead, tmp);
	req = hip_esp_tmp_req(aead, iv);
	sg = hip_esp_tmp_sg(aead, req);
	dsg = sg + nsg + 2;

	hip_esp_fill(sa, esph, seq, tmp, iv, plen, nexthdr);

	sg_init_table(sg, nsg + 2);
	sg_set_buf(sg, tmp->ad, adlen);
	n = skb_to_sgvec_nomark(inner, sg + 1, 0, len);
	if (unlikely(n < 0)) {
		err = n;
		goto err_tmp;
	}
	sg_set_buf(sg + 1 + n, tmp->trailer, plen);
	sg_mark_end(sg + 1 + n);
	sg_init_table(dsg, 2);
	sg_set_buf(dsg, tmp->dad, adlen);
	sg_set_buf(dsg + 1, (u8 *)esph + hlen, clen + s->icvlen);

	hip_esp_sa_get(sa);
	tmp->sa = sa;
	tmp->skb = skb;
	tmp->inner = inner;
	tmp->done = done;
	tmp->cookie = cookie;

	aead_request_set_callback(req, 0, hip_esp_encrypt_cb, tmp);
	aead_request_set_crypt(req, sg, dsg, clen, iv);
	aead_request_set_ad(req, adlen);

	err = hip_esp_crypt(req, true);
	if (err == -EINPROGRESS)
		return err;

	skb = hip_esp_encrypt_finish(tmp, err);
	if (IS_ERR(skb))
		return PTR_ERR(skb);
	*out = skb;
	return 0;

err_tmp:
	hip_esp_free_tmp(tmp);
err_skb:
	kfree_skb(skb);
err_inner:
	kfree_skb(inner);
	return err;
}

/* ---- input ---- */

/* RFC 4303 Appendix A2: the window is W = HIP_ESP_REPLAY_WINDOW sequence
 * numbers up to T = replay_top, the highest one authenticated so far.
 */
static int hip_esp_replay_check_locked(const struct hip_esp_sa *sa, u64 seq)
{
	if (!seq)
		return -EALREADY;	/* never sent */
	if (seq > sa->replay_top)
		return 0;
	if (sa->replay_top - seq >= HIP_ESP_REPLAY_WINDOW)
		return -EALREADY;	/* too old */
	if (test_bit(seq % HIP_ESP_REPLAY_WINDOW, sa->replay))
		return -EALREADY;
	return 0;
}

/* RFC 4303 Appendix A2.2: the high 32 bits (Seqh) of the sequence number
 * whose low 32 bits (Seql) a packet carries, from the window's top T.
 * Case A, the window within one subspace (Tl >= W - 1): Seqh = Th, or
 * Th + 1 below the window's bottom Bl.  Case B, the window across two
 * (Tl < W - 1): Seqh = Th - 1 from Bl up, else Th.  Numbers that would
 * lie below 0 or above 2^64 - 1 cannot have been sent.
 */
static int hip_esp_seq_locked(const struct hip_esp_sa *sa, u32 seql,
			      u64 *seq)
{
	const u32 w = HIP_ESP_REPLAY_WINDOW;
	u32 tl = lower_32_bits(sa->replay_top);
	u32 th = upper_32_bits(sa->replay_top);
	u32 bl = tl - w + 1, seqh = th;

	if (tl >= w - 1) {
		if (seql < bl) {
			if (th == U32_MAX)
				return -EALREADY;
			seqh = th + 1;
		}
	} else if (seql >= bl) {
		if (!th)
			return -EALREADY;
		seqh = th - 1;
	}
	*seq = (u64)seqh << 32 | seql;
	return hip_esp_replay_check_locked(sa, *seq);
}

/* Before decrypting: the full sequence number of @seql, if not a replay */
static int hip_esp_replay_check(struct hip_esp_sa *sa, u32 seql, u64 *seq)
{
	int err;

	spin_lock_bh(&sa->lock);
	err = hip_esp_seq_locked(sa, seql, seq);
	spin_unlock_bh(&sa->lock);
	return err;
}

/* After the ICV verified (with the high bits hip_esp_replay_check()
 * chose): check again (a twin may have won) and record.
 */
static int hip_esp_replay_advance(struct hip_esp_sa *sa, u64 seq)
{
	unsigned int start, diff;
	int err;

	BUILD_BUG_ON(!is_power_of_2(HIP_ESP_REPLAY_WINDOW));
	spin_lock_bh(&sa->lock);
	err = hip_esp_replay_check_locked(sa, seq);
	if (err)
		goto out;
	if (seq > sa->replay_top) {
		if (seq - sa->replay_top >= HIP_ESP_REPLAY_WINDOW) {
			bitmap_zero(sa->replay, HIP_ESP_REPLAY_WINDOW);
		} else {
			/* forget top+1 .. seq, wrapping around the ring */
			diff = seq - sa->replay_top;
			start = (sa->replay_top + 1) % HIP_ESP_REPLAY_WINDOW;
			if (start + diff <= HIP_ESP_REPLAY_WINDOW) {
				bitmap_clear(sa->replay, start, diff);
			} else {
				bitmap_clear(sa->replay, start,
					     HIP_ESP_REPLAY_WINDOW - start);
				bitmap_clear(sa->replay, 0,
					     start + diff - HIP_ESP_REPLAY_WINDOW);
			}
		}
		WRITE_ONCE(sa->replay_top, seq);
	}
	__set_bit(seq % HIP_ESP_REPLAY_WINDOW, sa->replay);
out:
	spin_unlock_bh(&sa->lock);
	return err;
}

/* Check and strip padding, trailer, ICV and ESP header; RFC 4303 2.4 */
static int hip_esp_remove_trailer(const struct hip_esp_sa *sa,
				  struct sk_buff *skb, u8 *nexthdr)
{
	const struct hip_esp_suite *s = sa->suite;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + s->ivlen;
	unsigned int clen = skb->len - hlen - s->icvlen;
	unsigned int end = skb->len - s->icvlen - 2;
	unsigned int padlen, i;
	u8 pad[255], tail[2];
	int err;

	if (skb_copy_bits(skb, end, tail, 2))
		return -EINVAL;
	padlen = tail[0];
	if (padlen + 2 > clen)
		return -EINVAL;
	if (skb_copy_bits(skb, end - padlen, pad, padlen))
		return -EINVAL;
	for (i = 0; i < padlen; i++)
		if (pad[i] != i + 1)
			return -EINVAL;

	err = pskb_trim(skb, end - padlen);
	if (err)
		return err;
	if (!pskb_pull(skb, hlen))
		return -EINVAL;
	skb_reset_transport_header(skb);
	*nexthdr = tail[1];
	return 0;
}

/* Frees @tmp; on error also @skb.  Returns 0 or the error. */
static int hip_esp_decrypt_finish(struct hip_esp_tmp *tmp, int err,
				  u8 *nexthdr)
{
	struct hip_esp_sa *sa = tmp->sa;
	struct sk_buff *skb = tmp->skb;
	u64 seq = tmp->seq;

	hip_esp_free_tmp(tmp);
	if (!err)
		err = hip_esp_replay_advance(sa, seq);
	if (!err)
		err = hip_esp_remove_trailer(sa, skb, nexthdr);
	hip_esp_sa_put(sa);
	if (err)
		kfree_skb(skb);
	return hip_esp_crypto_err(err);
}

static void hip_esp_decrypt_done(void *data, int err)
{
	struct hip_esp_tmp *tmp = data;
	hip_esp_done_t done = tmp->done;
	struct sk_buff *skb = tmp->skb;
	void *cookie = tmp->cookie;
	u8 nexthdr = 0;

	if (err == -EINPROGRESS)
		return;
	err = hip_esp_decrypt_finish(tmp, err, &nexthdr);
	done(err ? NULL : skb, err, nexthdr, cookie);
}

int hip_esp_decrypt(struct hip_esp_sa *sa, struct sk_buff *skb, u8 *nexthdr,
		    hip_esp_done_t done, void *cookie)
{
	const struct hip_esp_suite *s = sa->suite;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + s->ivlen;
	unsigned int adlen = HIP_ESP_AD_HDR + s->ivlen;
	struct crypto_aead *aead = sa->aead;
	struct aead_request *req;
	struct hip_esp_tmp *tmp;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	unsigned int clen;
	int nfrags, err;
	u64 seq;
	u8 *iv;

	err = -EINVAL;
	if (WARN_ON_ONCE(sa->outbound || !done))
		goto drop;
	/* header, IV, ICV and at least one block, a whole number of them */
	if (skb->len < hlen + s->block + s->icvlen)
		goto drop;
	clen = skb->len - hlen - s->icvlen;
	if (clen % s->block)
		goto drop;
	if (!pskb_may_pull(skb, hlen))
		goto drop;

	/* RFC 4303 3.4.3: the replay check first; Appendix A2.2: with it the
	 * high 32 bits that the ICV is checked with
	 */
	err = hip_esp_replay_check(sa,
				   be32_to_cpu(((struct ip_esp_hdr *)
						skb->data)->seq_no), &seq);
	if (err)
		goto drop;

	if (!skb_cloned(skb) && !skb_is_nonlinear(skb)) {
		nfrags = 1;
	} else if (!skb_cloned(skb) && !skb_has_frag_list(skb) &&
		   !skb_has_shared_frag(skb)) {
		nfrags = skb_shinfo(skb)->nr_frags + 1;
	} else {
		nfrags = skb_cow_data(skb, 0, &trailer);
		if (nfrags < 0) {
			err = nfrags;
			goto drop;
		}
	}

	err = -ENOMEM;
	tmp = hip_esp_alloc_tmp(aead, nfrags + 1);
	if (!tmp)
		goto drop;
	iv = hip_esp_tmp_iv(aead, tmp);
	req = hip_esp_tmp_req(aead, iv);
	sg = hip_esp_tmp_sg(aead, req);

	/* skb_cow_data() may have moved the head; the header stays linear */
	memcpy(iv, skb->data + sizeof(struct ip_esp_hdr), s->ivlen);
	hip_esp_ad(tmp->ad, ((struct ip_esp_hdr *)skb->data)->spi, seq, iv,
		   s->ivlen);

	sg_init_table(sg, nfrags + 1);
	sg_set_buf(sg, tmp->ad, adlen);
	err = skb_to_sgvec(skb, sg + 1, hlen, skb->len - hlen);
	if (unlikely(err < 0)) {
		hip_esp_free_tmp(tmp);
		goto drop;
	}
	skb->ip_summed = CHECKSUM_NONE;

	hip_esp_sa_get(sa);
	tmp->sa = sa;
	tmp->skb = skb;
	tmp->inner = NULL;
	tmp->done = done;
	tmp->cookie = cookie;
	tmp->seq = seq;

	aead_request_set_callback(req, 0, hip_esp_decrypt_cb, tmp);
	aead_request_set_crypt(req, sg, sg, clen + s->icvlen, iv);
	aead_request_set_ad(req, adlen);

	err = hip_esp_crypt(req, false);
	if (err == -EINPROGRESS)
		return err;
	return hip_esp_decrypt_finish(tmp, err, nexthdr);

drop:
	kfree_skb(skb);
	return err;
}

#include "selftest/esp.c"
