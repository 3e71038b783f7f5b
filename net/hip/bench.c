// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark and test facility: /sys/kernel/debug/hip/bench.
 *
 * Not part of the ABI (neither the genetlink family nor the uapi header):
 * it fills a namespace with synthetic associations that carry no keys
 * agreed with anyone and never send a packet, times lookups, reports
 * memory, and switches on the measurement-only null-noauth ESP suite.
 * "hipctl bench" is its client; Documentation/hip/performance.rst
 * describes the figures.
 *
 * The file acts on the network namespace of the process that opened it
 * (a reference is held until it is closed), and opening it needs
 * CAP_NET_ADMIN over that namespace's user namespace, like the family's
 * commands that change state.  Every write(2) is one command, at most
 * HIP_BENCH_CMD_MAX bytes, words separated by blanks, an optional
 * trailing newline:
 *
 *   synth N [sas]     make N (1..HIP_BENCH_MAX_SYNTH) synthetic
 *                     ESTABLISHED associations: random peer HITs, LSIs
 *                     1.x.y.z, inbound SPIs, locators in 198.18.0.0/15;
 *                     with "sas" also real AES-128-GCM SAs with random
 *                     keys in both directions
 *   clear             destroy every synthetic association
 *   lookup N          time N (1..HIP_BENCH_MAX_LOOKUPS) lookups by
 *                     existing peer HIT and as many by inbound SPI, in
 *                     random order, then the same over 256 keys only
 *   mem               only the memory figures
 *   null-noauth on|off  offer (first) and accept the null-noauth suite
 *   rvs N M           offer rendezvous and register the peers of up to N
 *                     synthetic associations (RFC 8004, random keys),
 *                     then time M relays of I1s to random ones of them
 *                     (parse, lookups, copy, FROM, RVS_HMAC; not sent)
 *
 * A command that is not one of these, a number that is not decimal
 * digits, zero, or above its limit is refused with EINVAL before
 * anything is changed.  Reading the file returns the result of the last
 * command (each command rewinds it; the file is not seekable) as
 * "key value" lines:
 *
 *   done N            synth, clear: associations made / destroyed
 *   associations N    associations in the namespace
 *   ha_size N         sizeof(struct hip_ha)
 *   ha_bytes N        bytes allocated for all associations and the
 *                     buffers each owns (locator set, retransmission and R2
 *                     copies, the peer's HOST_ID); SAs and keys excluded
 *   table_bytes N     the lookup tables' bucket arrays
 *   lookup_hit_ns N   lookup: mean ns per lookup by HIT, by SPI, and the
 *   lookup_spi_ns N   same over 256 keys (cache-hot: the structure's
 *   hot_hit_ns N      own cost)
 *   hot_spi_ns N
 *   elapsed_ns N      duration of the command
 *   null_noauth 0|1   null-noauth: the new setting
 *   registrations N   rvs: registrations granted in the namespace
 *   reg_bytes N       rvs: unreclaimable slab memory taken per new
 *                     registration (struct, keyed HMAC transform)
 *   relay_ns N        rvs: mean ns per relayed I1 (up to the send)
 *
 * or, after a failed command, one line "error MESSAGE" (the write itself
 * returned the error).  A synth interrupted or short of memory fails
 * with the associations made so far kept; clear removes them, and so do
 * the end of the namespace and module unload (they are ordinary
 * associations to hip_ha_table_uninit()).
 *
 * Locking: a command runs under its open file's mutex (one command at a
 * time per open file); the work itself takes the association table's
 * locks as ha.c documents, so commands from several files may run
 * concurrently, as genetlink handlers do.
 */

#include <linux/kernel.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/mm.h>
#include <net/net_namespace.h>
#include <linux/hip.h>

#include "bench.h"
#include "common.h"
#include "esp.h"
#include "ha.h"
#include "proto.h"
#include "reg.h"

#define HIP_BENCH_MAX_SYNTH	1000000
#define HIP_BENCH_MAX_LOOKUPS	100000000
#define HIP_BENCH_CMD_MAX	64
#define HIP_BENCH_OUT_MAX	512

#define HIP_BENCH_SUITE		HIP_ESP_AES_128_GCM_ICV16

static int hip_bench_sas(struct hip_ha *ha)
{
	u8 enc[HIP_ESP_KEY_MAX], auth[HIP_ESP_KEY_MAX];
	struct hip_esp_sa *in, *out;
	unsigned int el, al;
	int err;

	err = hip_esp_suite_keylens(HIP_BENCH_SUITE, &el, &al);
	if (err)
		return err;
	if (el > sizeof(enc) || al > sizeof(auth))
		return -EINVAL;
	get_random_bytes(enc, el);
	get_random_bytes(auth, al);
	in = hip_esp_sa_new(HIP_BENCH_SUITE, ha->spi_in, false, enc, auth);
	get_random_bytes(enc, el);
	get_random_bytes(auth, al);
	out = IS_ERR(in) ? NULL :
	      hip_esp_sa_new(HIP_BENCH_SUITE, ha->spi_out, true, enc, auth);
	memzero_explicit(enc, sizeof(enc));
	memzero_explicit(auth, sizeof(auth));
	if (IS_ERR(in))
		return PTR_ERR(in);
	if (IS_ERR(out)) {
		hip_esp_sa_put(in);
		return PTR_ERR(out);
	}
	/* Not published yet: no grace period needed */
	RCU_INIT_POINTER(ha->sa_in[HIP_SA_CUR], in);
	RCU_INIT_POINTER(ha->sa_out[HIP_SA_CUR], out);
	ha->keys.esp_suite = HIP_BENCH_SUITE;
	return 0;
}

static int hip_bench_one(struct hip_net *hn, const struct in6_addr *lhit,
			 __be32 llsi, bool with_sas)
{
	struct in6_addr phit = {};
	struct hip_addr la, pa;
	struct hip_locset *locs;
	struct hip_ha *ha;
	__be32 plsi;
	u32 spi, rnd;
	int err, tries;

	ha = kzalloc(sizeof(*ha), GFP_KERNEL);
	if (!ha)
		return -ENOMEM;
	hip_object_created();
	rnd = get_random_u32();
	/* 198.18.0.0/15 (RFC 2544 benchmarking) locators */
	hip_addr_set_v4(&la, htonl(0xc6120001));
	hip_addr_set_v4(&pa, htonl(0xc6120000 | (rnd & 0x1fffe) | 2));
	hip_ha_init_fields(hn, ha, lhit, &phit, llsi, 0);
	ha->synthetic = true;
	ha->state = HIP_STATE_ESTABLISHED;	/* not published yet: no transition */
	ha->spi_out = max_t(u32, get_random_u32(), 256);
	locs = hip_locset_new(&la, &pa, GFP_KERNEL);
	if (!locs) {
		err = -ENOMEM;
		goto err_free;
	}
	RCU_INIT_POINTER(ha->locs, locs);

	spin_lock_bh(&hn->ha.lock);
	err = -EAGAIN;
	for (tries = 0; tries < 16; tries++) {
		/* Random ORCHID (2001:20::/28), unused LSI 1.x.y.z and SPI */
		get_random_bytes(&phit, sizeof(phit));
		phit.s6_addr[0] = 0x20;
		phit.s6_addr[1] = 0x01;
		phit.s6_addr[2] = 0x00;
		phit.s6_addr[3] = 0x20 | (phit.s6_addr[3] & 0x0f);
		plsi = htonl(0x01000000 | (get_random_u32() & 0xffffff));
		spi = get_random_u32();
		rcu_read_lock();
		if (spi >= 256 && !hip_ha_lookup_rcu(hn, &phit) &&
		    !hip_ha_lookup_lsi_rcu(hn, plsi) &&
		    !hip_peer_lookup_lsi_rcu(hn, plsi) &&
		    !hip_ha_lookup_spi_rcu(hn, spi))
			err = 0;
		rcu_read_unlock();
		if (!err)
			break;
	}
	if (!err && READ_ONCE(hn->dying))
		err = -ESHUTDOWN;
	if (err) {
		spin_unlock_bh(&hn->ha.lock);
		goto err_free;
	}
	ha->peer_hit = phit;
	ha->peer_lsi = plsi;
	ha->spi_in = spi;
	if (with_sas) {
		/* The SAs are made outside the lock; reserve the keys by
		 * hashing afterwards (a race only costs a retry by the
		 * caller).
		 */
		spin_unlock_bh(&hn->ha.lock);
		err = hip_bench_sas(ha);
		if (err)
			goto err_free;
		spin_lock_bh(&hn->ha.lock);
		rcu_read_lock();
		if (hip_ha_lookup_rcu(hn, &phit) ||
		    hip_ha_lookup_spi_rcu(hn, spi) || READ_ONCE(hn->dying))
			err = -EAGAIN;
		rcu_read_unlock();
	}
	if (!err)
		err = hip_ha_hash_locked(hn, ha);
	spin_unlock_bh(&hn->ha.lock);
	if (err)
		goto err_free;
	hip_ha_put(ha);	/* the caller's reference; the table keeps one */
	return 0;

err_free:
	ha->dead = true;
	refcount_set(&ha->refcount, 1);
	hip_ha_put(ha);
	return err;
}

/* @n synthetic HAs; *@made says how many even on an error */
static int hip_bench_synth(struct hip_net *hn, u32 n, bool with_sas,
			   u32 *made)
{
	struct in6_addr lhit = {};
	struct hip_hi *hi;
	__be32 llsi = 0;
	int err = 0, tries;
	u32 i;

	hi = hip_hi_get_default(hn);
	if (hi) {
		lhit = hi->hit;
		llsi = hi->lsi;
		hip_hi_put(hi);
	}
	*made = 0;
	for (i = 0; i < n; i++) {
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		for (tries = 0; tries < 50; tries++) {
			err = hip_bench_one(hn, &lhit, llsi, with_sas);
			/* A key collision, or a table growing (the
			 * rhashtable worker catches up in process context)
			 */
			if (err != -EAGAIN && err != -EBUSY && err != -ENOMEM)
				break;
			if (err != -EAGAIN)
				usleep_range(500, 2000);
		}
		if (err)
			break;
		(*made)++;
		if (!(i % 64))
			cond_resched();
	}
	return err;
}

/* Destroy every synthetic HA; returns how many */
static u32 hip_bench_clear(struct hip_net *hn)
{
	struct hip_ha *batch[64], *ha;
	unsigned int n, i;
	u32 total = 0;

	mutex_lock(&hn->ha.bex_mutex);
	do {
		n = 0;
		rcu_read_lock();
		list_for_each_entry_rcu(ha, &hn->ha.ha_list, list) {
			if (!ha->synthetic || ha->dead ||
			    !refcount_inc_not_zero(&ha->refcount))
				continue;
			batch[n++] = ha;
			if (n == ARRAY_SIZE(batch))
				break;
		}
		rcu_read_unlock();
		for (i = 0; i < n; i++) {
			hip_ha_destroy(batch[i]);
			hip_ha_put(batch[i]);
		}
		total += n;
		cond_resched();
	} while (n);
	mutex_unlock(&hn->ha.bex_mutex);
	return total;
}

struct hip_bench_key {
	struct in6_addr hit;
	u32 spi;
};

#define HIP_BENCH_CHUNK	4096

#define HIP_BENCH_HOT	256

/* @n lookups of @keys[0..@nkeys-1] in turn: total ns by HIT and by SPI */
static u32 hip_bench_time(struct hip_net *hn, const struct hip_bench_key *keys,
			  u32 nkeys, u32 n, u64 *t_hit, u64 *t_spi)
{
	u32 i, k, done, chunk, miss = 0;
	u64 t0;

	*t_hit = 0;
	*t_spi = 0;
	for (done = 0; done < n; done += chunk) {
		chunk = min_t(u32, n - done, HIP_BENCH_CHUNK);
		rcu_read_lock();
		k = done % nkeys;
		t0 = ktime_get_ns();
		for (i = 0; i < chunk; i++) {
			miss += !hip_ha_lookup_rcu(hn, &keys[k].hit);
			if (++k == nkeys)
				k = 0;
		}
		*t_hit += ktime_get_ns() - t0;
		k = done % nkeys;
		t0 = ktime_get_ns();
		for (i = 0; i < chunk; i++) {
			miss += !hip_ha_lookup_spi_rcu(hn, keys[k].spi);
			if (++k == nkeys)
				k = 0;
		}
		*t_spi += ktime_get_ns() - t0;
		rcu_read_unlock();
		cond_resched();
	}
	return miss;
}

/* Average ns of @n lookups by random existing peer HIT / inbound SPI:
 * @ns[0] by HIT and @ns[1] by SPI over all HAs, @ns[2] and @ns[3] the
 * same over 256 of them (cache-hot)
 */
static int hip_bench_lookup(struct hip_net *hn, u32 n, u64 ns[4])
{
	struct hip_bench_key *keys;
	u64 t_hit, t_spi;
	u32 nkeys = 0, max, i, miss;
	struct hip_ha *ha;

	max = READ_ONCE(hn->ha.n_has);
	if (!max || !n)
		return -ENOENT;
	keys = kvmalloc_array(max, sizeof(*keys), GFP_KERNEL);
	if (!keys)
		return -ENOMEM;
	rcu_read_lock();
	list_for_each_entry_rcu(ha, &hn->ha.ha_list, list) {
		if (nkeys == max)
			break;
		if (!READ_ONCE(ha->spi_in))
			continue;
		keys[nkeys].hit = ha->peer_hit;
		keys[nkeys].spi = READ_ONCE(ha->spi_in);
		nkeys++;
	}
	rcu_read_unlock();
	if (!nkeys) {
		kvfree(keys);
		return -ENOENT;
	}
	/* Shuffle so that consecutive lookups hit unrelated buckets */
	for (i = nkeys - 1; i > 0; i--)
		swap(keys[i], keys[get_random_u32() % (i + 1)]);
	/* Let a resize in progress finish (lookups meanwhile walk two
	 * tables), then warm up
	 */
	flush_work(&hn->ha.ha_hit.run_work);
	flush_work(&hn->ha.ha_spi.run_work);
	hip_bench_time(hn, keys, nkeys, min_t(u32, n, nkeys), &t_hit, &t_spi);

	miss = hip_bench_time(hn, keys, nkeys, n, &t_hit, &t_spi);
	ns[0] = div_u64(t_hit, n);
	ns[1] = div_u64(t_spi, n);
	miss += hip_bench_time(hn, keys, min_t(u32, nkeys, HIP_BENCH_HOT),
			       n, &t_hit, &t_spi);
	ns[2] = div_u64(t_hit, n);
	ns[3] = div_u64(t_spi, n);
	kvfree(keys);
	/* A miss means an HA went away meanwhile; the figure still holds */
	if (miss)
		pr_debug("bench lookup: %u misses\n", miss);
	return 0;
}

static u64 hip_rht_bytes(struct rhashtable *ht)
{
	const struct bucket_table *tbl = rht_dereference_rcu(ht->tbl, ht);

	return sizeof(*tbl) + (u64)tbl->size * sizeof(tbl->buckets[0]);
}

/* Memory of the HAs of the namespace: bytes allocated for the HA
 * structures and what each owns (locator set, retransmission copies, peer
 * HOST_ID), excluding keys held by the crypto API, and the hash tables'
 * bucket arrays
 */
static void hip_bench_mem(struct hip_net *hn, u64 *ha_bytes, u64 *table_bytes)
{
	struct hip_ha *ha;
	u64 b = 0;

	/* bex_mutex: the packet copies below are replaced under it */
	mutex_lock(&hn->ha.bex_mutex);
	rcu_read_lock();
	list_for_each_entry_rcu(ha, &hn->ha.ha_list, list) {
		b += ksize(ha);
		b += ksize(rcu_dereference(ha->locs));
		b += ksize(ha->xchg.retrans_pkt);
		b += ksize(ha->xchg.r2_pkt);
		b += ksize(ha->peer_hostid);
	}
	*ha_bytes = b;
	*table_bytes = hip_rht_bytes(&hn->ha.ha_hit) +
		       hip_rht_bytes(&hn->ha.ha_lsi) +
		       hip_rht_bytes(&hn->ha.ha_spi);
	rcu_read_unlock();
	mutex_unlock(&hn->ha.bex_mutex);
}

/* ---- the debugfs file ---- */

/**
 * struct hip_bench_file - one open /sys/kernel/debug/hip/bench
 * @net: the opener's network namespace (reference)
 * @lock: serialises commands and reads of @out
 * @len: bytes in @out
 * @rpos: how much of @out was read (0 after every command)
 * @out: the result of the last command
 */
struct hip_bench_file {
	struct net *net;
	struct mutex lock;	/* serialises commands and reads of @out */
	size_t len;
	loff_t rpos;
	char out[HIP_BENCH_OUT_MAX];
};

enum hip_bench_op {
	HIP_BENCH_SYNTH,
	HIP_BENCH_CLEAR,
	HIP_BENCH_LOOKUP,
	HIP_BENCH_MEM,
	HIP_BENCH_NULL_NOAUTH,
	HIP_BENCH_RVS,
};

/**
 * struct hip_bench_cmd - a parsed command
 * @op: what to do
 * @count: synth, lookup, rvs: how many
 * @count2: rvs: how many relays
 * @flag: synth: with SAs; null-noauth: on
 */
struct hip_bench_cmd {
	enum hip_bench_op op;
	u32 count;
	u32 count2;
	bool flag;
};

static __printf(2, 3) void hip_bench_out(struct hip_bench_file *bf,
					 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	bf->len += vscnprintf(bf->out + bf->len, sizeof(bf->out) - bf->len,
			      fmt, args);
	va_end(args);
}

/* A count: decimal digits only, 1..@max */
static bool hip_bench_count(const char *s, u32 max, u32 *count)
{
	const char *p;

	if (!s || !*s)
		return false;
	for (p = s; *p; p++)
		if (!isdigit(*p))
			return false;
	return !kstrtou32(s, 10, count) && *count && *count <= max;
}

/* Splits @line (modified) into at most 3 words and parses them into @cmd.
 * Returns NULL or the reason it refuses the command.
 */
static const char *hip_bench_parse(char *line, struct hip_bench_cmd *cmd)
{
	char *argv[3] = {}, *word;
	unsigned int argc = 0;

	while ((word = strsep(&line, " \t")))
		if (*word) {
			if (argc == ARRAY_SIZE(argv))
				return "too many words";
			argv[argc++] = word;
		}
	if (!argc)
		return "empty command";

	memset(cmd, 0, sizeof(*cmd));
	if (!strcmp(argv[0], "synth")) {
		cmd->op = HIP_BENCH_SYNTH;
		if (!hip_bench_count(argv[1], HIP_BENCH_MAX_SYNTH, &cmd->count))
			return "synth needs a count of 1..1000000";
		if (argv[2] && strcmp(argv[2], "sas"))
			return "synth N takes only \"sas\" after the count";
		cmd->flag = !!argv[2];
		return NULL;
	}
	if (!strcmp(argv[0], "lookup")) {
		cmd->op = HIP_BENCH_LOOKUP;
		if (!hip_bench_count(argv[1], HIP_BENCH_MAX_LOOKUPS,
				     &cmd->count))
			return "lookup needs a count of 1..100000000";
		return argc > 2 ? "lookup takes only a count" : NULL;
	}
	if (!strcmp(argv[0], "rvs")) {
		cmd->op = HIP_BENCH_RVS;
		if (!hip_bench_count(argv[1], HIP_BENCH_MAX_SYNTH, &cmd->count) ||
		    !hip_bench_count(argv[2], HIP_BENCH_MAX_LOOKUPS,
				     &cmd->count2))
			return "rvs needs N registrations and M relays";
		return NULL;
	}
	if (!strcmp(argv[0], "null-noauth")) {
		cmd->op = HIP_BENCH_NULL_NOAUTH;
		if (argc != 2 ||
		    (strcmp(argv[1], "on") && strcmp(argv[1], "off")))
			return "null-noauth takes on or off";
		cmd->flag = !strcmp(argv[1], "on");
		return NULL;
	}
	if (!strcmp(argv[0], "clear"))
		cmd->op = HIP_BENCH_CLEAR;
	else if (!strcmp(argv[0], "mem"))
		cmd->op = HIP_BENCH_MEM;
	else
		return "unknown command (synth, clear, lookup, mem, null-noauth, rvs)";
	return argc > 1 ? "this command takes no argument" : NULL;
}

/* rvs N M: register up to @n synthetic peers, then time @m relays */
static int hip_bench_rvs(struct hip_bench_file *bf, struct hip_net *hn,
			 u32 n, u32 m)
{
	struct hip_ha *batch[64], *ha;
	long pages0, pages;
	u32 made = 0, i, cnt;
	u64 ns = 0;
	int err;

	err = hip_reg_srv_set(hn, HIP_REG_RVS, true, 0, 0, NULL, 0);
	pages0 = global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B);
	while (!err && made < n) {
		cnt = 0;
		rcu_read_lock();
		list_for_each_entry_rcu(ha, &hn->ha.ha_list, list) {
			if (!ha->synthetic || ha->dead ||
			    hip_reg_granted_rcu(hn->reg, &ha->peer_hit,
						HIP_REG_RVS) ||
			    !refcount_inc_not_zero(&ha->refcount))
				continue;
			batch[cnt++] = ha;
			if (cnt == ARRAY_SIZE(batch) || made + cnt == n)
				break;
		}
		rcu_read_unlock();
		for (i = 0; i < cnt; i++) {
			int e = hip_reg_bench_add(hn, batch[i]);

			if (!e)
				made++;
			else if (e != -EEXIST && !err)
				err = e;
			hip_ha_put(batch[i]);
		}
		if (!cnt || fatal_signal_pending(current))
			break;	/* every synthetic association registered */
		cond_resched();
	}
	if (!err)
		err = hip_rvs_bench_relay(hn, m, &ns);
	if (err) {
		hip_bench_out(bf, "error %s\n", err == -ENOENT ?
			      "no registration (make synthetic associations first)" :
			      "registering failed");
		return err;
	}
	pages = global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) - pages0;
	hip_bench_out(bf, "registrations %u\nreg_bytes %lu\nrelay_ns %llu\n",
		      READ_ONCE(hn->reg->n_granted),
		      made && pages > 0 ? pages * PAGE_SIZE / made : 0, ns);
	return 0;
}

/* Runs @cmd in the file's namespace, the result in @bf->out */
static int hip_bench_run(struct hip_bench_file *bf,
			 const struct hip_bench_cmd *cmd)
{
	struct hip_net *hn = hip_pernet(bf->net);
	u64 ns[4] = {}, ha_bytes, table_bytes, t0, dt;
	u32 done = 0;
	int err = 0;

	t0 = ktime_get_ns();
	switch (cmd->op) {
	case HIP_BENCH_SYNTH:
		err = hip_bench_synth(hn, cmd->count, cmd->flag, &done);
		if (err) {
			hip_bench_out(bf, "error made %u of %u associations\n",
				      done, cmd->count);
			return err;
		}
		break;
	case HIP_BENCH_CLEAR:
		done = hip_bench_clear(hn);
		break;
	case HIP_BENCH_LOOKUP:
		err = hip_bench_lookup(hn, cmd->count, ns);
		if (err) {
			hip_bench_out(bf, "error %s\n", err == -ENOENT ?
				      "no association with an SPI to look up" :
				      "out of memory");
			return err;
		}
		break;
	case HIP_BENCH_MEM:
		break;
	case HIP_BENCH_RVS:
		err = hip_bench_rvs(bf, hn, cmd->count, cmd->count2);
		if (err)
			return err;
		break;
	case HIP_BENCH_NULL_NOAUTH:
		WRITE_ONCE(hn->esp_null_noauth, cmd->flag);
		/* Rebuild the R1s: they carry our ESP suite list */
		hip_r1_hi_changed(hn);
		hip_bench_out(bf, "null_noauth %d\n", cmd->flag);
		return 0;
	}
	dt = ktime_get_ns() - t0;
	hip_bench_mem(hn, &ha_bytes, &table_bytes);

	if (cmd->op == HIP_BENCH_SYNTH || cmd->op == HIP_BENCH_CLEAR)
		hip_bench_out(bf, "done %u\n", done);
	hip_bench_out(bf, "associations %u\nha_size %zu\nha_bytes %llu\ntable_bytes %llu\n",
		      READ_ONCE(hn->ha.n_has), sizeof(struct hip_ha),
		      ha_bytes, table_bytes);
	if (cmd->op == HIP_BENCH_LOOKUP)
		hip_bench_out(bf, "lookup_hit_ns %llu\nlookup_spi_ns %llu\n"
			      "hot_hit_ns %llu\nhot_spi_ns %llu\n",
			      ns[0], ns[1], ns[2], ns[3]);
	hip_bench_out(bf, "elapsed_ns %llu\n", dt);
	return 0;
}

static int hip_bench_open(struct inode *inode, struct file *file)
{
	struct net *net = current->nsproxy->net_ns;
	struct hip_bench_file *bf;

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	bf = kzalloc(sizeof(*bf), GFP_KERNEL);
	if (!bf)
		return -ENOMEM;
	bf->net = get_net(net);
	mutex_init(&bf->lock);
	file->private_data = bf;
	return nonseekable_open(inode, file);
}

static int hip_bench_release(struct inode *inode, struct file *file)
{
	struct hip_bench_file *bf = file->private_data;

	put_net(bf->net);
	mutex_destroy(&bf->lock);
	kfree(bf);
	return 0;
}

static ssize_t hip_bench_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct hip_bench_file *bf = file->private_data;
	char line[HIP_BENCH_CMD_MAX + 1];
	struct hip_bench_cmd cmd;
	const char *why = NULL;
	size_t i;
	int err;

	if (count > HIP_BENCH_CMD_MAX) {
		why = "command too long";
	} else {
		if (copy_from_user(line, ubuf, count))
			return -EFAULT;
		line[count] = '\0';
		if (count && line[count - 1] == '\n')
			line[count - 1] = '\0';
		for (i = 0; line[i]; i++)
			if (!isprint(line[i]) && line[i] != '\t')
				why = "one command per write, on one line";
		if (i + 1 < count)
			why = "NUL byte in the command";
		if (!why)
			why = hip_bench_parse(line, &cmd);
	}

	mutex_lock(&bf->lock);
	bf->len = 0;
	bf->rpos = 0;
	if (why) {
		hip_bench_out(bf, "error %s\n", why);
		err = -EINVAL;
	} else {
		err = hip_bench_run(bf, &cmd);
	}
	mutex_unlock(&bf->lock);
	return err ? err : count;
}

/* Reads the result of the last command; the file position is not used */
static ssize_t hip_bench_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct hip_bench_file *bf = file->private_data;
	ssize_t ret;

	mutex_lock(&bf->lock);
	ret = simple_read_from_buffer(ubuf, count, &bf->rpos, bf->out,
				      bf->len);
	mutex_unlock(&bf->lock);
	return ret;
}

static const struct file_operations hip_bench_fops = {
	.owner = THIS_MODULE,
	.open = hip_bench_open,
	.release = hip_bench_release,
	.read = hip_bench_read,
	.write = hip_bench_write,
};

static struct dentry *hip_debugfs_dir;

/* debugfs failures are not fatal (the module works without the bench
 * facility; hipctl bench then says the file is missing).
 */
void __init hip_bench_init(void)
{
	hip_debugfs_dir = debugfs_create_dir("hip", NULL);
	debugfs_create_file("bench", 0600, hip_debugfs_dir, NULL,
			    &hip_bench_fops);
}

void hip_bench_uninit(void)
{
	debugfs_remove(hip_debugfs_dir);
}
