#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Prove that scripts/abi-check.py fails on drift.

Runs the checker on copies of hip.yaml, include/uapi/linux/hip.h and
net/hip/netlink.c: unchanged (it must pass), then once per mutation below,
each one change to one of the three files, where it must exit 1 and print
the expected words.  A mutation whose text is not found in the file fails
the test too (the files moved on; update the mutation).  The last line is
"N passed, N failed".

Usage: abi-check-test.py
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CHECK = os.path.join(REPO, "scripts", "abi-check.py")
FILES = {
    "spec": "Documentation/netlink/specs/hip.yaml",
    "header": "include/uapi/linux/hip.h",
    "netlink": "net/hip/netlink.c",
}

# (what, file, regex, replacement, words the checker's output must contain)
MUTATIONS = [
    # --- the spec
    ("spec: attribute type", "spec",
     r"(name: algo\n\s+type: )u8", r"\1u16", "HIP_A_HI_ALGO"),
    ("spec: enum value", "spec",
     r"(- name: ecdsa\n\s+value: )7", r"\g<1>6", "HIP_HI_ECDSA"),
    ("spec: const value", "spec",
     r"(name: puzzle-k-max\n\s+value: )28", r"\g<1>27", "HIP_PUZZLE_K_MAX"),
    ("spec: const renamed", "spec",
     r"name: rsa-min-bits", "name: rsa-minimum-bits", "HIP_RSA_MIN_BITS"),
    ("spec: operation flag dropped", "spec",
     r"(name: hi-del\n(?:.*\n)*?)      flags: \[uns-admin-perm\]\n", r"\1", "HIP_CMD_HI_DEL"),
    ("spec: operation removed (commands renumbered)", "spec",
     r"    -\n      name: cfg-get\n(?:.*\n)*?(?=    -\n)", "", "HIP_CMD_CFG_SET"),
    ("spec: dump added", "spec",
     r"(name: stats-get\n(?:.*\n)*?      do:\n        reply:\n          attributes: \[stats\]\n)",
     r"\1      dump:\n        reply:\n          attributes: [stats]\n", ".dumpit"),
    ("spec: attribute added", "spec",
     r"(name: esp-seq-limit\n)", r"name: rekey-margin\n        type: u32\n      -\n        \1",
     "HIP_A_CFG_REKEY_MARGIN"),
    ("spec: exact-len", "spec",
     r"(name: hit\n\s+type: binary\n\s+display-hint: ipv6\n\s+checks:\n\s+exact-len: )16",
     r"\g<1>15", "HIP_A_HI_HIT"),
    ("spec: max check dropped", "spec",
     r"(name: puzzle-k\n\s+type: u8\n)\s+checks:\n\s+max: puzzle-k-max\n", r"\1",
     "HIP_A_CFG_PUZZLE_K"),
    ("spec: read-only attribute made writable", "spec",
     r"Key size in bits\. Read only \(refused in requests\)\.", "Key size in bits.",
     "HIP_A_HI_BITS"),
    ("spec: nest of another set", "spec",
     r"(name: ha\n\s+type: nest\n\s+nested-attributes: )ha", r"\1peer", "HIP_A_HA"),
    ("spec: multicast group flag dropped", "spec",
     r"(name: monitor\n(?:\s+#.*\n)*)\s+flags: \[uns-admin-perm\]\n", r"\1",
     "GENL_MCAST_CAP_NET_ADMIN"),
    ("spec: version", "spec",
     r"\nversion: 1\n", r"\nversion: 2\n", "HIP_FAMILY_VERSION"),
    ("spec: counter added", "spec",
     r"(      - puzzle-ns\n)", r"\1      - rekey-count\n", "HIP_STAT_REKEY_COUNT"),
    ("spec: enum entry renamed", "spec",
     r"      - e-failed\n", "      - failed\n", "HIP_STATE_E_FAILED"),
    # --- the uapi header
    ("header: attribute inserted (renumbered)", "header",
     r"(\tHIP_A_HI_HIT,[^\n]*\n)", r"\1\tHIP_A_HI_FOO,\t\t/* u8 */\n", "HIP_A_HI_FOO"),
    ("header: type in the comment", "header",
     r"(HIP_A_CFG_PUZZLE_K,\t/\* )u8", r"\1u32", "HIP_A_CFG_PUZZLE_K"),
    ("header: enum entry removed", "header",
     r"\tHIP_STATE_CLOSED,\n", "", "HIP_STATE_CLOSED"),
    ("header: extra define", "header",
     r"(#define HIP_PUZZLE_K_MAX\t28\n)", r"\1#define HIP_PUZZLE_K_MIN\t0\n", "HIP_PUZZLE_K_MIN"),
    ("header: define value", "header",
     r"(#define HIP_ESP_AES_128_GCM_ICV16\t)13", r"\g<1>14", "HIP_ESP_AES_128_GCM_ICV16"),
    ("header: command value", "header",
     r"\tHIP_CMD_HI_NEW,", "\tHIP_CMD_HI_NEW = 2,", "HIP_CMD_HI_NEW"),
    ("header: max", "header",
     r"HIP_A_CFG_MAX = __HIP_A_CFG_MAX - 1", "HIP_A_CFG_MAX = __HIP_A_CFG_MAX - 2", "HIP_A_CFG_MAX"),
    ("header: length in the comment", "header",
     r"(HIP_A_PEER_HIT,\t\t/\* binary, )16 bytes", r"\g<1>15 bytes", "HIP_A_PEER_HIT"),
    ("header: enum named in the comment", "header",
     r"(HIP_A_HI_ALGO,\t\t/\* u8, )enum hip_hi_algo", r"\1enum hip_algo", "HIP_A_HI_ALGO"),
    ("header: family name", "header",
     r'(#define HIP_FAMILY_NAME\t+)"hip"', r'\1"hip2"', "HIP_FAMILY_NAME"),
    ("header: enum renamed", "header",
     r"enum hip_ecdsa_curve \{", "enum hip_curve {", "hip_ecdsa_curve"),
    # --- net/hip/netlink.c
    ("netlink.c: policy type", "netlink",
     r"\[HIP_A_HI_CURVE\] = \{ \.type = NLA_U16 \}", "[HIP_A_HI_CURVE] = { .type = NLA_U32 }",
     "HIP_A_HI_CURVE"),
    ("netlink.c: policy limit", "netlink",
     r"NLA_POLICY_MAX\(NLA_U8, HIP_PUZZLE_K_MAX\)", "NLA_POLICY_MAX(NLA_U8, 27)",
     "HIP_A_CFG_PUZZLE_K"),
    ("netlink.c: policy min dropped", "netlink",
     r"NLA_POLICY_MIN\(NLA_U32, 1\)", "{ .type = NLA_U32 }", "HIP_A_CFG_ESP_SEQ_LIMIT"),
    ("netlink.c: policy length", "netlink",
     r"(\[HIP_A_PEER_HIT\] = NLA_POLICY_EXACT_LEN\()sizeof\(struct in6_addr\)",
     r"\1sizeof(__be32)", "HIP_A_PEER_HIT"),
    ("netlink.c: policy entry dropped", "netlink",
     r"\t\[HIP_A_PEER_REPLACE\] = \{ \.type = NLA_FLAG \},\n", "", "HIP_A_PEER_REPLACE"),
    ("netlink.c: read-only attribute accepted", "netlink",
     r"(\[HIP_A_HA_PEER_HIT\] = [^\n]*\n)", r"\1\t[HIP_A_HA_STATE] = { .type = NLA_U8 },\n",
     "HIP_A_HA_STATE"),
    ("netlink.c: refusal without a message", "netlink",
     r'(\[HIP_A_STATS\] = \{\n\t\t\.type = NLA_REJECT,)\n\t\t\.reject_message = "[^"]*",',
     r"\1", "reject_message"),
    ("netlink.c: nest of the wrong policy", "netlink",
     r"\[HIP_A_HA\] = NLA_POLICY_NESTED\(hip_nl_ha_policy\)",
     "[HIP_A_HA] = NLA_POLICY_NESTED(hip_nl_peer_policy)", "HIP_A_HA"),
    ("netlink.c: permission flag dropped", "netlink",
     r"(\.cmd = HIP_CMD_HI_DEL,\n\t\t\.doit = hip_nl_hi_del,\n)\t\t\.flags = GENL_UNS_ADMIN_PERM,\n",
     r"\1", "HIP_CMD_HI_DEL"),
    ("netlink.c: permission flag changed", "netlink",
     r"(\.cmd = HIP_CMD_CFG_SET,\n\t\t\.doit = hip_nl_cfg_set,\n\t\t\.flags = )GENL_UNS_ADMIN_PERM",
     r"\1GENL_ADMIN_PERM", "HIP_CMD_CFG_SET"),
    ("netlink.c: dump dropped", "netlink",
     r"\t\t\.dumpit = hip_nl_ha_dump,\n", "", "HIP_CMD_HA_GET"),
    ("netlink.c: op dropped", "netlink",
     r"\t\{\n\t\t\.cmd = HIP_CMD_STATS_GET,\n\t\t\.doit = hip_nl_stats_get,\n\t\},\n", "",
     "HIP_CMD_STATS_GET"),
    ("netlink.c: notification handled as a request", "netlink",
     r"(static const struct genl_ops hip_nl_ops\[\] = \{\n)",
     r"\1\t{\n\t\t.cmd = HIP_CMD_HI_ADD_NTF,\n\t\t.doit = hip_nl_hi_get,\n\t},\n",
     "HIP_CMD_HI_ADD_NTF"),
    ("netlink.c: multicast group flag", "netlink",
     r"\.flags = GENL_MCAST_CAP_NET_ADMIN", ".flags = GENL_MCAST_CAP_SYS_ADMIN",
     "HIP_MCGRP_MONITOR"),
    ("netlink.c: resv_start_op", "netlink",
     r"\.resv_start_op = HIP_CMD_HI_NEW", ".resv_start_op = HIP_CMD_PEER_NEW", "resv_start_op"),
    ("netlink.c: maxattr", "netlink",
     r"\.maxattr = HIP_A_MAX", ".maxattr = HIP_A_CFG_MAX", "maxattr"),
]

passed = failed = 0


def result(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}" + (f": {detail}" if detail else ""))


def run_check(d):
    r = subprocess.run([sys.executable, CHECK,
                        "--spec", os.path.join(d, "hip.yaml"),
                        "--header", os.path.join(d, "hip.h"),
                        "--netlink", os.path.join(d, "netlink.c")],
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def main():
    originals = {k: open(os.path.join(REPO, p)).read() for k, p in FILES.items()}
    names = {"spec": "hip.yaml", "header": "hip.h", "netlink": "netlink.c"}
    with tempfile.TemporaryDirectory(prefix="abi-check-test.") as d:
        def write(texts):
            for k, t in texts.items():
                with open(os.path.join(d, names[k]), "w") as f:
                    f.write(t)

        write(originals)
        rc, out = run_check(d)
        result(rc == 0, "unchanged copies pass", out.strip())
        for what, key, rx, repl, words in MUTATIONS:
            texts = dict(originals)
            texts[key], n = re.subn(rx, repl, originals[key], count=1)
            if not n or texts[key] == originals[key]:
                result(False, what, f"the pattern /{rx}/ is not in {FILES[key]} any more")
                continue
            write(texts)
            rc, out = run_check(d)
            result(rc == 1 and words in out, what,
                   f"exit {rc}, want 1 and {words!r} in the output:\n{out}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
