#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that net/hip keeps its layers (Documentation/hip/design.rst,
"Layers").

Every file of net/hip belongs to one layer; a file may include headers of
its own layer or of layers below it, never above.  A non-static function
prototype inside a .c file (a way to call upward without an include) is an
error too.  Exit status 0 if all is well, 1 with one line per violation.

    scripts/layers.py [NET_HIP_DIR]
"""

import os
import re
import sys

# Lowest first.  A file not listed is an error: every new file must be
# given its place.
LAYERS = [
    ("leaf", ["common.c", "common.h", "wire.h", "stats.h"]),
    ("pure", ["hit.c", "hit.h", "param.c", "param.h", "crypto.c",
              "crypto.h", "ecdsa.c", "ecdsa.h", "rsa.c", "rsa.h", "esp.c",
              "esp.h", "events.c", "events.h", "cert.c", "cert.h"]),
    ("tables", ["hostid.c", "hostid.h", "ha.c", "ha.h", "keys.h",
                "state.c", "state.h", "pernet.h", "certstore.c",
                "certstore.h"]),
    # The packet path and the protocol call each other (output.c asks
    # timers.c for a base exchange, bex.c sends through output.c), as
    # WireGuard's send.c and timers.c do: one layer.
    ("packets", ["keys.c", "negotiate.c", "auth.c", "r1.c", "bex.c",
                 "close.c", "notify.c", "update.c", "rekey.c", "locator.c",
                 "locator.h", "reg.c", "reg.h", "rvs.c", "timers.c",
                 "dispatch.c",
                 "proto.h", "datapath.h", "device.c", "output.c",
                 "input.c", "hooks.c", "hooks.h"]),
    ("control", ["netlink.c", "netlink.h", "netlink_ha.c", "netlink_reg.c",
                 "netlink_priv.h", "netlink_cert.c", "bench.c", "bench.h",
                 "pernet.c", "main.c"]),
]

# Generated files take the layer of the file they serve
GENERATED = re.compile(r"^(.*)[-_](gen|nl)\.([ch])$")


def layer_of(name, rank):
    if name in rank:
        return rank[name]
    m = GENERATED.match(name)
    if m:
        for ext in ("c", "h"):
            base = m.group(1) + "." + ext
            if base in rank:
                return rank[base]
    return None


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "net", "hip")
    rank = {}
    for i, (_, files) in enumerate(LAYERS):
        for f in files:
            rank[f] = i
    errors = []
    inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    proto = re.compile(r"^(?!static\b)(?:[a-z_][\w \*]*\s+\**)(hip_\w+)\(.*\)\s*;")
    files = sorted(f for f in os.listdir(top) if f.endswith((".c", ".h")))
    for f in files:
        me = layer_of(f, rank)
        if me is None:
            errors.append(f"{f}: not in any layer (add it to scripts/layers.py)")
            continue
        text = open(os.path.join(top, f), encoding="utf-8").read()
        lines = text.split("\n")
        for n, line in enumerate(lines, 1):
            m = inc.match(line)
            if m:
                dep = os.path.basename(m.group(1))
                if m.group(1).startswith("selftest/"):
                    continue
                d = layer_of(dep, rank)
                if d is None:
                    errors.append(f"{f}:{n}: includes {dep}, which is in no layer")
                elif d > me:
                    errors.append(f"{f}:{n}: {LAYERS[me][0]} file includes "
                                  f"{dep} of the {LAYERS[d][0]} layer above it")
            if f.endswith(".c") and proto.match(line) and \
                    not line.rstrip().endswith("{"):
                # a prototype at file scope in a .c file
                errors.append(f"{f}:{n}: function declared in a .c file: "
                              f"{line.strip()}")
    for e in errors:
        print("layers: " + e)
    print(f"layers: {len(files)} files, {len(errors)} violations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
