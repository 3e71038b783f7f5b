# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels hip.ko supports: the one list that every script uses.
# Sourced (". scripts/kernels.sh"), not run.
#
# A series is one Debian bookworm kernel line; a KVER is one installed
# kernel of it, a directory name in /lib/modules (6.1.0-57-amd64,
# 6.12.118+deb12-amd64).  For each series: the shell glob of its KVERs and
# the apt regex of its headers packages (linux-headers-KVER; the image is
# linux-image-KVER).

# Oldest first.  checkpatch.pl comes from linux-source-<oldest series>.
HIP_KERNEL_SERIES=(6.1 6.12)

declare -gA HIP_KERNEL_GLOB=(
	[6.1]='6.1.*'
	[6.12]='6.12.*+deb12*'
)

declare -gA HIP_KERNEL_HEADERS_RE=(
	[6.1]='^linux-headers-6\.1\.0-[0-9]+-amd64$'
	[6.12]='^linux-headers-6\.12\.[0-9]+\+deb12-amd64$'
)

# linux-source-SERIES, whose tarball holds the checkpatch.pl we run
# shellcheck disable=SC2034 # used by the scripts that source this file
HIP_SOURCE_SERIES=${HIP_KERNEL_SERIES[0]}

# hip_kernel_newest [-b] SERIES: the newest installed KVER of SERIES with
# headers (/lib/modules/KVER/build), with -b also a bootable image
# (/boot/vmlinuz-KVER); nothing if there is none.
hip_kernel_newest()
{
	local boot='' k best=''

	if [ "$1" = -b ]; then
		boot=1
		shift
	fi
	# shellcheck disable=SC2086 # the glob must expand
	for k in $(ls -d /lib/modules/${HIP_KERNEL_GLOB[$1]} 2>/dev/null |
		   sed 's|.*/||' | sort -V); do
		[ -f "/lib/modules/$k/build/Makefile" ] || continue
		[ -z "$boot" ] || [ -r "/boot/vmlinuz-$k" ] || continue
		best=$k
	done
	echo "$best"
}

# hip_kernels [-b]: the KVERs to build and test for, in HIP_KERNELS (the
# words of $HIP_KERNELS, when set) and otherwise the newest installed KVER
# of each series (hip_kernel_newest [-b]).  The series without one are
# left in HIP_KERNELS_MISSING; returns 1 if there is any.
hip_kernels()
{
	local s k

	HIP_KERNELS_MISSING=()
	if [ -n "${HIP_KERNELS:-}" ]; then
		read -r -a HIP_KERNEL_LIST <<<"$HIP_KERNELS"
		return 0
	fi
	HIP_KERNEL_LIST=()
	for s in "${HIP_KERNEL_SERIES[@]}"; do
		k=$(hip_kernel_newest "$@" "$s")
		if [ -n "$k" ]; then
			HIP_KERNEL_LIST+=("$k")
		else
			HIP_KERNELS_MISSING+=("$s")
		fi
	done
	[ ${#HIP_KERNELS_MISSING[@]} -eq 0 ]
}

# hip_kernel_default: the KVER a single-kernel run boots by default, the
# newest bootable one with headers of the newest series that has one.
hip_kernel_default()
{
	local i k

	for ((i = ${#HIP_KERNEL_SERIES[@]} - 1; i >= 0; i--)); do
		k=$(hip_kernel_newest -b "${HIP_KERNEL_SERIES[i]}")
		if [ -n "$k" ]; then
			echo "$k"
			return 0
		fi
	done
	return 1
}

# hip_kernel_packages SERIES: the apt packages of the newest kernel of
# SERIES that apt knows (headers and image); nothing if apt knows none
# (run apt-get update first).
hip_kernel_packages()
{
	local h

	h=$(apt-cache search --names-only "${HIP_KERNEL_HEADERS_RE[$1]}" 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1)
	[ -z "$h" ] || echo "$h linux-image-${h#linux-headers-}"
}
