#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": build hipctl and hip.ko for the newest installed kernel and
# run scripts/demo-guest.sh in the test VM.  KVER=... picks another kernel.

set -eu -o pipefail

# Parse the whole script before running any of it: it may be edited or
# updated by git while a long run is in progress.
{

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

say() { printf '\n### %s\n' "$*"; }

say "Installing build and VM dependencies (scripts/install-deps.sh)"
scripts/install-deps.sh

kver=${KVER:-$(ls /boot/vmlinuz-* | sed 's|^/boot/vmlinuz-||' | sort -V | tail -n 1)}

say "Building hipctl"
make -s -C tools/hipctl

say "Building hip.ko for $kver"
scripts/build-module.sh "$kver" 2>&1 | sed -n '/warning:\|error:\|^build-module/p'

say "Booting $kver in qemu (host / read-only over 9p) and running scripts/demo-guest.sh"
scripts/vm-run.sh -k "$kver" -t 900 -- scripts/demo-guest.sh
exit
}
