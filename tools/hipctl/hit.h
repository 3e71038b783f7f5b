/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ORCHIDv2 HIT and LSI derivation (RFC 7343, RFC 7401 3 and 5.2.10),
 * bit for bit what the kernel computes (net/hip/hit.c).
 */
#ifndef HIPCTL_HIT_H
#define HIPCTL_HIT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * HIT of a Host Identity field (HOST_ID encoding, see <linux/hip.h>):
 * RSA -> HIT suite 1 / SHA-256, ECDSA -> HIT suite 2 / SHA-384.
 * Returns the suite (the ORCHID OGA ID), or -1 for other algorithms.
 */
int hit_derive(unsigned int algo, const uint8_t *hi, size_t hi_len,
	       uint8_t hit[HIT_LEN]);

/* LSI 1.h13.h14.h15, low bit of the last byte flipped if h13..h15 are all 0x00 or all 0xff */
void lsi_from_hit(const uint8_t hit[HIT_LEN], uint8_t lsi[LSI_LEN]);

#endif /* HIPCTL_HIT_H */
