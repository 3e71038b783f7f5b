#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": build hipctl and hip.ko for the newest supported kernel
# installed (scripts/kernels.sh) and run scripts/demo-guest.sh in the test
# VM.  KVER=... picks another kernel.

set -eu -o pipefail

# Parse the whole script before running any of it: it may be edited or
# updated by git while a long run is in progress.
{

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

say() { printf '\n### %s\n' "$*"; }

say "Installing build and VM dependencies (scripts/install-deps.sh)"
scripts/install-deps.sh

# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
kver=${KVER:-$(hip_kernel_default || true)}
[ -n "$kver" ] || { echo "demo: no supported kernel with headers installed (scripts/kernels.sh)" >&2; exit 1; }

say "Building hipctl"
make -s -C tools/hipctl

say "Building hip.ko for $kver"
scripts/build-module.sh "$kver" 2>&1 | sed -n '/warning:\|error:\|^build-module/p'

say "Booting $kver in qemu (host / read-only over 9p) and running scripts/demo-guest.sh"
scripts/vm-run.sh -k "$kver" -t 900 -- scripts/demo-guest.sh
exit
}
