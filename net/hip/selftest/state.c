// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests for state.c, #included at the bottom of state.c and run at
 * every module load.
 *
 * 1. The transition table against RFC 7401 section 4.4.3, written here row
 *    by row from Tables 2-9 independently of the table in state.c, plus the
 *    documented local additions: every RFC transition must be allowed or
 *    listed as not taken, every allowed transition must come from one of
 *    the two lists.
 * 2. hip_ha_transition() on an association that is not in any table: it
 *    moves only from the expected states, never a dead association.
 */

#define U HIP_STATE_UNASSOCIATED
#define I1 HIP_STATE_I1_SENT
#define I2 HIP_STATE_I2_SENT
#define R2 HIP_STATE_R2_SENT
#define EST HIP_STATE_ESTABLISHED
#define CLG HIP_STATE_CLOSING
#define CLD HIP_STATE_CLOSED
#define EF HIP_STATE_E_FAILED

struct hip_state_row {
	u8 from, to;
	bool taken;	/* RFC rows: implemented */
};

/* RFC 7401 4.4.3; the state itself ("stay at") is always allowed */
static const struct hip_state_row hip_rfc_rows[] __initconst = {
	{ U, I1, true }, { U, R2, true },			/* Table 2 */
	{ I1, R2, true }, { I1, I2, true }, { I1, EF, true },	/* Table 3 */
	{ I2, R2, true }, { I2, EST, true }, { I2, CLD, true },	/* Table 4 */
	{ I2, EF, true },
	{ R2, EST, true }, { R2, CLD, true },			/* Table 5 */
	{ EST, R2, true }, { EST, CLG, true }, { EST, CLD, true }, /* 6 */
	{ CLG, I1, false }, { CLG, R2, true }, { CLG, I2, false }, /* 7 */
	{ CLG, CLD, true }, { CLG, U, false },
	{ CLD, R2, true }, { CLD, I2, false }, { CLD, U, false }, /* 8 */
	{ EF, U, false },					/* Table 9 */
};

/* The "local" rows of state.c's comment */
static const struct hip_state_row hip_local_rows[] __initconst = {
	{ R2, CLG }, { CLD, I1 }, { EF, R2 },
	{ U, EF }, { CLD, EF }, { R2, EF }, { EST, EF },
};

#undef U
#undef I1
#undef I2
#undef R2
#undef EST
#undef CLG
#undef CLD
#undef EF

static bool __init hip_state_in(const struct hip_state_row *rows,
				unsigned int n, u8 from, u8 to)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (rows[i].from == from && rows[i].to == to)
			return true;
	return false;
}

static bool __init hip_state_table_selftest(void)
{
	unsigned int i;
	bool ok = true;
	u8 f, t;

	for (i = 0; i < ARRAY_SIZE(hip_rfc_rows); i++) {
		if (hip_state_allowed(hip_rfc_rows[i].from, hip_rfc_rows[i].to) ==
		    hip_rfc_rows[i].taken)
			continue;
		pr_err("state self-test: RFC row %u (%s -> %s): FAIL\n", i,
		       hip_state_name(hip_rfc_rows[i].from),
		       hip_state_name(hip_rfc_rows[i].to));
		ok = false;
	}
	for (f = 0; f < HIP_STATE_NUM; f++) {
		for (t = 0; t < HIP_STATE_NUM; t++) {
			if (f == t || !hip_state_allowed(f, t) ||
			    hip_state_in(hip_rfc_rows, ARRAY_SIZE(hip_rfc_rows),
					 f, t) ||
			    hip_state_in(hip_local_rows,
					 ARRAY_SIZE(hip_local_rows), f, t))
				continue;
			pr_err("state self-test: %s -> %s allowed by neither list: FAIL\n",
			       hip_state_name(f), hip_state_name(t));
			ok = false;
		}
	}
	if (hip_state_allowed(HIP_STATE_NUM, 0) ||
	    hip_state_allowed(0, HIP_STATE_NUM))
		ok = false;
	return ok;
}

static bool __init hip_state_transition_selftest(void)
{
	struct hip_net *hn;
	struct hip_ha *ha;
	bool ok;

	hn = kzalloc(sizeof(*hn), GFP_KERNEL);
	ha = kzalloc(sizeof(*ha), GFP_KERNEL);
	if (!hn || !ha) {
		kfree(hn);
		kfree(ha);
		return false;
	}
	hn->dying = true;	/* listeners stay quiet */
	ha->hn = hn;
	spin_lock_init(&ha->lock);
	ha->state = HIP_STATE_I2_SENT;

	ok = hip_ha_transition(ha, HIP_SBIT(I1_SENT), HIP_STATE_I2_SENT) ==
		-EAGAIN && hip_ha_state(ha) == HIP_STATE_I2_SENT;
	ok &= !hip_ha_transition(ha, HIP_SBIT(I1_SENT) | HIP_SBIT(I2_SENT),
				 HIP_STATE_ESTABLISHED) &&
	      hip_ha_state(ha) == HIP_STATE_ESTABLISHED && ha->state_since;
	ok &= !hip_ha_transition(ha, HIP_SBIT(ESTABLISHED),
				 HIP_STATE_ESTABLISHED) &&
	      hip_ha_state(ha) == HIP_STATE_ESTABLISHED;
	ha->dead = true;
	ok &= hip_ha_transition(ha, HIP_STATES_ALL, HIP_STATE_CLOSING) ==
		-EAGAIN && hip_ha_state(ha) == HIP_STATE_ESTABLISHED;
	kfree(ha);
	kfree(hn);
	if (!ok)
		pr_err("state self-test: hip_ha_transition: FAIL\n");
	return ok;
}

bool __init hip_state_selftest(void)
{
	bool ok = hip_state_table_selftest() & hip_state_transition_selftest();

	if (ok)
		pr_info("state self-tests: pass\n");
	return ok;
}
