// SPDX-License-Identifier: GPL-2.0
/*
 * ESP rekeying by UPDATE (RFC 7402 sections 6.8-6.10): not yet; the
 * interface update.c calls (proto.h).
 */

#include "proto.h"

int hip_rekey_build_esp_info(struct hip_builder *b, struct hip_ha *ha)
{
	return 0;
}

int hip_rekey_build_dh(struct hip_builder *b, struct hip_ha *ha)
{
	return 0;
}

int hip_rekey_rx(struct hip_ha *ha, const struct hip_parsed *hp)
{
	return -EOPNOTSUPP;
}

void hip_rekey_acked(struct hip_ha *ha)
{
}

bool hip_rekey_pending(const struct hip_ha *ha)
{
	return false;
}
