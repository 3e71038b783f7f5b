#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Show that scripts/layers.py can fail: run it on a copy of net/hip (must
pass), then on copies with one violation each (each must fail and name
the file and line it broke).  Prints "ok - ..." / "not ok - ..." lines and
a summary; exit status 0 iff every case behaved."""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "net", "hip")
CHECK = os.path.join(HERE, "layers.py")

CASES = [
    # (name, file, text appended after the first #include line, expect)
    ("table includes netlink", "ha.c", '#include "netlink.h"\n',
     "ha.c:"),
    ("crypto includes a table", "crypto.c", '#include "hostid.h"\n',
     "crypto.c:"),
    ("leaf includes a pure header", "common.h", '#include "hit.h"\n',
     "common.h:"),
    ("upward call through a prototype", "hostid.c",
     "void hip_proto_rx(struct hip_net *hn, struct sk_buff *skb);\n",
     "hostid.c:"),
]


def run(d):
    p = subprocess.run([sys.executable, CHECK, d], capture_output=True,
                       text=True)
    return p.returncode, p.stdout


def main():
    failed = 0
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "hip")
        shutil.copytree(SRC, base)
        rc, out = run(base)
        total += 1
        if rc == 0:
            print("ok - the tree as it is passes")
        else:
            failed += 1
            print("not ok - the tree as it is fails:\n" + out)
        cases = CASES + [("a file in no layer", "newthing.c", None,
                          "newthing.c: not in any layer")]
        for name, f, text, expect in cases:
            total += 1
            d = os.path.join(tmp, "case")
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(SRC, d)
            path = os.path.join(d, f)
            if text is None:
                open(path, "w").write("// SPDX-License-Identifier: GPL-2.0\n")
            else:
                lines = open(path).read().split("\n")
                at = next(i for i, line in enumerate(lines)
                          if line.startswith("#include"))
                lines.insert(at + 1, text.rstrip("\n"))
                open(path, "w").write("\n".join(lines))
            rc, out = run(d)
            if rc != 0 and expect in out:
                print(f"ok - {name}: caught")
            else:
                failed += 1
                print(f"not ok - {name}: rc {rc}\n{out}")
    print(f"layers-test: {total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
