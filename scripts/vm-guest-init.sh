#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Second-stage init of the test VM (see scripts/vm-run.sh).  The initramfs
# has mounted the host's / read-only over 9p, put tmpfs on the writable
# directories, mounted the pseudo file systems and switched root; this
# script now runs as PID 1 from the host root.  It runs the job file named
# by hipvm.job= on the kernel command line with stdout/stderr on ttyS1 (the
# host's stdout) and hands the job's exit status back to qemu through
# isa-debug-exit.
#
# PID 1 must never exit (that panics the kernel), so nothing here uses set -e.
# Every exec is slow under TCG (it goes over 9p), hence the builtins.

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

# Parse the whole script before running any of it: it may be edited or
# updated by git while a long run is in progress.
{

log() {
	echo "hipvm: $*" >/dev/kmsg 2>/dev/null || echo "hipvm: $*" >/dev/console
}

uptime() {
	local up rest

	read -r up rest </proc/uptime
	echo "$up"
}

# Report exit status $1 through the isa-debug-exit port: the byte written is
# $1 + 1 (at most 127); qemu exits with (byte << 1) | 1, so qemu's own exit 1
# (startup error) cannot be mistaken for a status.  Falls back to a forced
# poweroff (qemu exit 0 = "no status").
vm_exit() {
	local v=$(($1 + 1))

	[ "$v" -gt 127 ] && v=127
	printf "\\x$(printf %02x "$v")" |
		dd of=/dev/port bs=1 seek=244 count=1 conv=notrunc status=none 2>/dev/null
	sleep 1
	echo o >/proc/sysrq-trigger 2>/dev/null
	while :; do sleep 60; done
}

job=
interactive=
read -r -a args </proc/cmdline
for arg in "${args[@]}"; do
	case "$arg" in
	hipvm.job=*) job=${arg#hipvm.job=} ;;
	hipvm.interactive=1) interactive=1 ;;
	esac
done

if [ -z "$job" ] || [ ! -r "$job" ]; then
	log "no job file (hipvm.job='$job')"
	vm_exit 98
fi

# Keep ttyS1 open here so that it is not reset between the job's own opens
# and closes.
exec 9<>/dev/ttyS1

log "job start, uptime $(uptime) s"
if [ -n "$interactive" ]; then
	setsid -c -w bash "$job" <>/dev/ttyS1 >&0 2>&0
	rc=$?
	stty -F /dev/ttyS1 sane 2>/dev/null		# drains the output
else
	bash "$job" </dev/null >/dev/ttyS1 2>&1
	rc=$?
	stty -F /dev/ttyS1 raw -echo 2>/dev/null	# drains the output
fi
log "job done, uptime $(uptime) s"
log "exit status $rc"
vm_exit "$rc"
exit
}
