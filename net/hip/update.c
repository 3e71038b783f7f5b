// SPDX-License-Identifier: GPL-2.0
/*
 * UPDATE (RFC 7401 sections 5.3.5, 6.11, 6.12): work in progress.
 */

#include "ha.h"
#include "proto.h"

void hip_handle_update(struct hip_net *hn, const struct hip_parsed *hp,
		       const struct hip_rx_cb *cb, struct hip_ha *ha)
{
	HIP_INC(hn, DROP_BAD_STATE);
}

void hip_update_request(struct hip_ha *ha, unsigned int what)
{
}

void hip_update_locators_changed(struct hip_net *hn)
{
}
