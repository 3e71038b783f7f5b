/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compat shim, put on the include path by Kbuild only when the kernel has
 * no <linux/unaligned.h> (before 6.12 it was <asm/unaligned.h>).
 */
#ifndef _HIP_COMPAT_LINUX_UNALIGNED_H
#define _HIP_COMPAT_LINUX_UNALIGNED_H

#include <asm/unaligned.h>

#endif /* _HIP_COMPAT_LINUX_UNALIGNED_H */
