/* SPDX-License-Identifier: GPL-2.0 */
/* System headers include this one too: keep the real contents */
#include_next <linux/types.h>
#include "../cert_shim.h"
