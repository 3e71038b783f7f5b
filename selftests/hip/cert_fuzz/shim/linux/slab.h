/* SPDX-License-Identifier: GPL-2.0 */
#include "../cert_shim.h"
