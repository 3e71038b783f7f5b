#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make bench": build hipctl and hip.ko, boot the test VM (KVM when usable,
# else TCG: scripts/vm-run.sh decides), run scripts/bench-guest.sh in it,
# print the figures with their targets and write bench/results.json.
#
# A benchmark, not a test: a missed target never fails it.  Exit status 0,
# or non-zero when the build, the VM or the guest's setup fails (or the
# kernel logs a splat, which vm-run.sh reports as 1).
#
# Environment:
#   BENCH_KVER             kernel to boot (default: the newest supported one,
#                          scripts/kernels.sh)
#   BENCH_SECONDS          iperf3 run length (10)
#   BENCH_REPS             iperf3 repetitions, the median is reported (3)
#   BENCH_BEX_COUNT        base exchanges timed one by one (50)
#   BENCH_BEXRATE_SECONDS  length of the 4-initiator exchange run (20)
#   BENCH_FLOOD_SECONDS    length of the I1 flood (10)
#   BENCH_SCALE            association counts for the scale figures ("1000 10000")
#   BENCH_LOOKUPS          lookups timed at each scale (100000)
#   BENCH_MOVE_SECONDS     length of each handover run (12)
#   BENCH_MOVE_REPS        moves timed, HIP and WireGuard each (3)
#   BENCH_MIGRATE_REPS     single-connection migrations timed (3)
#   BENCH_MIGRATE_CONNS    connections of the second migration (100)
#   BENCH_ONLY             subset of "tput bex bexrate flood scale move rvs migrate"
#   BENCH_TIMEOUT          seconds before the VM is killed (3600)
#   BENCH_OUT              results file (bench/results.json)
#   HIP_VM_ACCEL, HIP_VM_SMP, HIP_VM_MEM  passed to vm-run.sh

set -u -o pipefail

# Parse the whole script before running any of it: it may be edited or
# updated by git while a long run is in progress.
{

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 99

say() { printf '\n### %s\n' "$*"; }
die() { echo "bench: $*" >&2; exit 99; }

# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
kver=${BENCH_KVER:-$(hip_kernel_default || true)}
[ -n "$kver" ] || die "no supported kernel with headers installed (scripts/kernels.sh)"
out=${BENCH_OUT:-$REPO/bench/results.json}
log=$REPO/build/$kver/bench.log

say "Dependencies (scripts/install-deps.sh: iperf3, wireguard-tools, qemu, ...)"
if ! scripts/install-deps.sh; then
	command -v iperf3 >/dev/null || die "iperf3 missing and scripts/install-deps.sh failed"
	echo "bench: scripts/install-deps.sh failed; going on with what is installed" >&2
fi

say "Building hipctl and hip.ko for $kver"
make -s -C tools/hipctl || die "hipctl build failed"
scripts/build-module.sh "$kver" 2>&1 | sed -n '/warning:\|error:\|^build-module/p'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "hip.ko build failed"

# the accelerator vm-run.sh will pick (it prints it too)
accel=${HIP_VM_ACCEL:-}
if [ -z "$accel" ]; then
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo &&
		python3 -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
		accel=kvm
	else
		accel=tcg
	fi
fi

say "Booting $kver ($accel, ${HIP_VM_SMP:-2} CPUs) and running scripts/bench-guest.sh"
mkdir -p "$(dirname "$log")"
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
scripts/vm-run.sh -k "$kver" -t "${BENCH_TIMEOUT:-3600}" -- env \
	BENCH_SECONDS="${BENCH_SECONDS:-10}" BENCH_REPS="${BENCH_REPS:-3}" \
	BENCH_BEX_COUNT="${BENCH_BEX_COUNT:-50}" \
	BENCH_BEXRATE_SECONDS="${BENCH_BEXRATE_SECONDS:-20}" \
	BENCH_FLOOD_SECONDS="${BENCH_FLOOD_SECONDS:-10}" \
	BENCH_SCALE="${BENCH_SCALE:-1000 10000}" BENCH_LOOKUPS="${BENCH_LOOKUPS:-100000}" \
	BENCH_MOVE_SECONDS="${BENCH_MOVE_SECONDS:-12}" BENCH_MOVE_REPS="${BENCH_MOVE_REPS:-3}" \
	BENCH_MIGRATE_REPS="${BENCH_MIGRATE_REPS:-3}" BENCH_MIGRATE_CONNS="${BENCH_MIGRATE_CONNS:-100}" \
	BENCH_ONLY="${BENCH_ONLY:-tput bex bexrate flood scale move migrate}" \
	scripts/bench-guest.sh 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

say "Results ($kver, $accel)"
mkdir -p "$(dirname "$out")"
python3 - "$log" "$out" "$kver" "$accel" "$start" "$rc" "$(nproc)" <<'EOF'
import json, sys

log, out, kver, accel, start, rc, host_cpus = sys.argv[1:]
meta, entries = {}, []


def num(v):
    try:
        f = float(v)
    except ValueError:
        return None
    return int(f) if f.is_integer() and "." not in v else f


for line in open(log, errors="replace"):
    line = line.rstrip("\r\n")
    if line.startswith("@meta|"):
        _, k, v = line.split("|", 2)
        meta[k] = v
    elif line.startswith("@bench|"):
        f = line.split("|", 7)
        if len(f) < 8:
            continue
        _, name, value, unit, target, ratio, met, note = f
        entries.append({
            "name": name, "value": num(value), "unit": unit,
            "target": target or None, "ratio": num(ratio) if ratio else None,
            "met": {"yes": True, "no": False}.get(met),
            "note": note or None,
        })

res = {
    "kernel": meta.get("kernel", kver),
    "date": start,
    "accel": accel,
    "cpus": int(meta["cpus"]) if meta.get("cpus", "").isdigit() else None,
    "host_cpus": int(host_cpus),
    "cpu_model": meta.get("cpu_model"),
    "mem_kb": int(meta["mem_kb"]) if meta.get("mem_kb", "").isdigit() else None,
    "iperf3": meta.get("iperf3"),
    "hipctl_bench": meta.get("hipctl_bench") == "yes",
    "vm_status": int(rc),
    "entries": entries,
}
with open(out + ".tmp", "w") as fp:
    json.dump(res, fp, indent=2)
    fp.write("\n")
import os
os.replace(out + ".tmp", out)


def show(v):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return "%.3g" % v if abs(v) < 10 else "%.1f" % v
    return str(v)


print("kernel %s, %s, %s vCPUs (host %s), %s" % (res["kernel"], accel,
      res["cpus"], host_cpus, res["cpu_model"] or "?"))
rows = [("figure", "value", "unit", "target", "ratio", "met")]
for e in entries:
    met = {True: "yes", False: "NO", None: "-" if not e["target"] else "n/a"}[e["met"]]
    rows.append((e["name"], show(e["value"]), e["unit"], e["target"] or "",
                 show(e["ratio"]) if e["ratio"] is not None else "", met))
w = [max(len(r[i]) for r in rows) for i in range(6)]
for i, r in enumerate(rows):
    print("  ".join(c.ljust(w[j]) if j != 1 else c.rjust(w[j]) for j, c in enumerate(r)).rstrip())
    if i == 0:
        print("  ".join("-" * x for x in w))
notes = [e for e in entries if e["note"]]
if notes:
    print("\nnotes:")
    for e in notes:
        print("  %-28s %s" % (e["name"], e["note"]))
missed = [e["name"] for e in entries if e["met"] is False]
if missed:
    print("\ntargets missed: " + ", ".join(missed) +
          " (see Documentation/hip/performance.rst for why)")
print("\nwritten: " + out)
EOF

case "$rc" in
0) exit 0 ;;
99) die "the VM failed (see $log and build/$kver/console.log)" ;;
*) echo "bench: the guest exited $rc (see $log)" >&2; exit "$rc" ;;
esac
exit
}
