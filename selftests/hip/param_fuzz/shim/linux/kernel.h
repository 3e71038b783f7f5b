/* SPDX-License-Identifier: GPL-2.0 */
#include "../hip_shim.h"
