#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Offline checks of the peer/ha/stats/config/monitor side of hipctl.

 - argument parsing: every usage error is one line on stderr, nothing on
   stdout, exit status 2 (bad HIT, bad LSI, bad locator, too many or no
   locators, unknown keywords, out-of-range numbers, duplicates);
 - valid arguments get past the parser (without the module: exit 1 with
   the "family not found" line);
 - tests/print_test: canned kernel replies printed through hipctl's own
   parsers and printers, text and JSON, compared with the formats of
   hipctl(8); malformed replies refused; JSON escaping; the rtnetlink
   requests of "hi add" / "hi del";
 - the hip0 address code against a real kernel, in a throwaway network
   namespace with a tun device standing in for hip0 (root only, skipped
   otherwise);
 - all of that under valgrind when it is installed (HIPCTL_VALGRIND=0
   skips it).

Usage: cli_test.py path/to/hipctl path/to/print_test
"""

import json
import tempfile
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HIPCTL = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "hipctl"))
PRINT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "print_test"))
VALGRIND = shutil.which("valgrind") and os.environ.get("HIPCTL_VALGRIND", "1") != "0"
NO_MODULE = not os.path.exists("/sys/module/hip")
NOT_FOUND = r'hipctl: generic netlink family "hip" not found \(is hip\.ko loaded\?\)'
BENCH_NOT_FOUND = (r'hipctl: bench \S+: (debugfs is not mounted on /sys/kernel/debug \(mount -t debugfs .*\)'
                   r'|/sys/kernel/debug/hip/bench not found \(is hip\.ko loaded\?\)'
                   r'|/sys/kernel/debug/hip/bench: Permission denied \(needs root.*\))')

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"FAIL - {name}" + (f": {detail}" if detail else ""))
    sys.stdout.flush()
    return ok


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def valgrind_ok(name, args):
    r = run(["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
             "--errors-for-leak-kinds=definite,indirect",
             "--show-leak-kinds=definite,indirect", *args])
    check(f"valgrind: {name}", r.returncode != 99 and "==" not in r.stderr,
          f"rc={r.returncode} {r.stderr[-2000:]}")


def check_error(name, args, rc, pattern):
    r = run([HIPCTL, *args])
    lines = r.stderr.splitlines()
    ok = (r.returncode == rc and len(lines) == 1 and not r.stdout
          and re.fullmatch(pattern, lines[0]) is not None)
    check(name, ok, f"rc={r.returncode} (want {rc}) stdout={r.stdout!r} "
          f"stderr={r.stderr!r} (want /{pattern}/)")


HIT = "2001:21:1f54:1ee5:846b:789:532c:4a41"
HIT2 = "2001:22:8377:2b52:e445:40:7b60:370f"


def usage_tests():
    L = ["locator", "10.0.0.1"]
    usage = [
        # peer
        ("peer", [], r"hipctl: peer: missing subcommand .*"),
        ("peer frob", ["frob"], r"hipctl: peer: unknown subcommand \"frob\" .*"),
        ("peer add no HIT", ["add"], r"hipctl: peer add: missing HIT"),
        ("peer add bad HIT", ["add", "fe80::1", *L],
         r"hipctl: peer add: invalid HIT \"fe80::1\" \(an address in 2001:20::/28 expected\)"),
        ("peer add HIT outside /28", ["add", "2001:30::1", *L], r"hipctl: peer add: invalid HIT .*"),
        ("peer add IPv4 as HIT", ["add", "1.2.3.4", *L], r"hipctl: peer add: invalid HIT .*"),
        ("peer add missing locator", ["add", HIT],
         r"hipctl: peer add: missing locator \(\"locator ADDR\" or \"rvs ADDR\"\)"),
        ("peer add only lsi", ["add", HIT, "lsi", "1.2.3.4"], r"hipctl: peer add: missing locator .*"),
        ("peer add locator without ADDR", ["add", HIT, "locator"],
         r"hipctl: peer add: missing ADDR after \"locator\""),
        ("peer add lsi without LSI", ["add", HIT, *L, "lsi"],
         r"hipctl: peer add: missing LSI after \"lsi\""),
        ("peer add bad LSI", ["add", HIT, "lsi", "2.3.4.5", *L],
         r"hipctl: peer add: invalid LSI \"2\.3\.4\.5\" \(an address in 1\.0\.0\.0/8 expected\)"),
        ("peer add LSI garbage", ["add", HIT, "lsi", "1.2.3", *L], r"hipctl: peer add: invalid LSI .*"),
        ("peer add LSI octal", ["add", HIT, "lsi", "1.2.3.04", *L], r"hipctl: peer add: invalid LSI .*"),
        ("peer add IPv6 LSI", ["add", HIT, "lsi", "::1", *L], r"hipctl: peer add: invalid LSI .*"),
        ("peer add duplicate lsi", ["add", HIT, "lsi", "1.2.3.4", "lsi", "1.2.3.5", *L],
         r"hipctl: peer add: duplicate \"lsi\""),
        ("peer add bad locator", ["add", HIT, "locator", "10.0.0.256"],
         r"hipctl: peer add: invalid locator \"10\.0\.0\.256\" \(an IPv4 or IPv6 address expected\)"),
        ("peer add hostname locator", ["add", HIT, "locator", "example.org"],
         r"hipctl: peer add: invalid locator .*"),
        ("peer add locator with prefix", ["add", HIT, "locator", "10.0.0.1/24"],
         r"hipctl: peer add: invalid locator .*"),
        ("peer add unspecified locator", ["add", HIT, "locator", "0.0.0.0"],
         r"hipctl: peer add: invalid locator \"0\.0\.0\.0\" \(unspecified address\)"),
        ("peer add :: locator", ["add", HIT, "locator", "::"],
         r"hipctl: peer add: invalid locator \"::\" \(unspecified address\)"),
        ("peer add multicast locator", ["add", HIT, "locator", "ff02::1"],
         r"hipctl: peer add: invalid locator \"ff02::1\" \(multicast address\)"),
        ("peer add IPv4 multicast locator", ["add", HIT, "locator", "224.0.0.1"],
         r"hipctl: peer add: invalid locator .* \(multicast or reserved address\)"),
        ("peer add v4-mapped locator", ["add", HIT, "locator", "::ffff:10.0.0.1"],
         r"hipctl: peer add: invalid locator .* \(IPv4-mapped address, give the IPv4 address\)"),
        ("peer add HIT as locator", ["add", HIT, "locator", HIT2],
         r"hipctl: peer add: invalid locator .* \(a HIT cannot be a locator\)"),
        ("peer add 9 locators", ["add", HIT] + sum((["locator", f"10.0.0.{i}"] for i in range(1, 10)), []),
         r"hipctl: peer add: too many locators \(at most 8\)"),
        ("peer add unknown keyword", ["add", HIT, *L, "via", "x"],
         r"hipctl: peer add: unexpected argument \"via\" \(expected \"lsi\", \"locator\" or \"rvs\"\)"),
        ("peer replace missing locator", ["replace", HIT], r"hipctl: peer replace: missing locator .*"),
        ("peer replace bad HIT", ["replace", "::1", *L], r"hipctl: peer replace: invalid HIT .*"),
        ("peer del no HIT", ["del"], r"hipctl: peer del: missing HIT"),
        ("peer del bad HIT", ["del", "10.0.0.1"], r"hipctl: peer del: invalid HIT .*"),
        ("peer del junk", ["del", HIT, "junk"], r"hipctl: peer del: unexpected argument \"junk\""),
        ("peer show bad HIT", ["show", "junk"], r"hipctl: peer show: invalid HIT \"junk\" .*"),
        ("peer show junk", ["show", HIT, "junk"], r"hipctl: peer show: unexpected argument \"junk\""),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", ["peer", *args], 2, pat)
    usage = [
        ("ha", [], r"hipctl: ha: missing subcommand .*"),
        ("ha frob", ["frob"], r"hipctl: ha: unknown subcommand \"frob\" .*"),
        ("ha show bad HIT", ["show", "1.0.0.1"], r"hipctl: ha show: invalid HIT .*"),
        ("ha show junk", ["show", HIT, "x"], r"hipctl: ha show: unexpected argument \"x\""),
        ("ha close no HIT", ["close"], r"hipctl: ha close: missing HIT"),
        ("ha close bad HIT", ["close", "2001:db8::1"], r"hipctl: ha close: invalid HIT .*"),
        ("ha close junk", ["close", HIT, "now"], r"hipctl: ha close: unexpected argument \"now\""),
        ("ha rekey no HIT", ["rekey"], r"hipctl: ha rekey: missing HIT"),
        ("ha rekey bad HIT", ["rekey", "2001:db8::1"], r"hipctl: ha rekey: invalid HIT .*"),
        ("ha rekey junk", ["rekey", HIT, "now"], r"hipctl: ha rekey: unexpected argument \"now\""),
        ("ha rekey dh junk", ["rekey", HIT, "dh", "x"], r"hipctl: ha rekey: unexpected argument \"x\""),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", ["ha", *args], 2, pat)
    check_error("usage: stats junk", ["stats", "x"], 2, r"hipctl: stats: unexpected argument \"x\"")
    usage = [
        ("peer add duplicate rvs", ["peer", "add", HIT, "rvs", "10.0.0.1", "rvs", "10.0.0.2"],
         r"hipctl: peer add: duplicate \"rvs\""),
        ("peer add bad rvs", ["peer", "add", HIT, "rvs", "ff02::1"],
         r"hipctl: peer add: invalid rvs \"ff02::1\" \(multicast address\)"),
        ("service", ["service"], r"hipctl: service: missing subcommand .*"),
        ("service enable no type", ["service", "enable"],
         r"hipctl: service enable: missing service \(\"rvs\"\)"),
        ("service enable relay", ["service", "enable", "relay"],
         r"hipctl: service enable: unknown service \"relay\" \(only \"rvs\"\)"),
        ("service enable lifetime 0", ["service", "enable", "rvs", "lifetime-min", "0"],
         r"hipctl: service enable: invalid lifetime-min \"0\" \(seconds, at least 1\)"),
        ("service enable min > max", ["service", "enable", "rvs", "lifetime-min", "60",
                                      "lifetime-max", "10"],
         r"hipctl: service enable: lifetime-min is above lifetime-max"),
        ("service enable bad allow", ["service", "enable", "rvs", "allow", "fd00::1"],
         r"hipctl: service enable: invalid HIT \"fd00::1\""),
        ("service show junk", ["service", "show", "x"],
         r"hipctl: service show: unexpected argument \"x\""),
        ("register bad HIT", ["register", "fd00::1", "rvs"], r"hipctl: register: invalid HIT .*"),
        ("register no type", ["register", HIT], r"hipctl: register: missing service .*"),
        ("register lifetime junk", ["register", HIT, "rvs", "lifetime", "x"],
         r"hipctl: register: invalid lifetime \"x\" .*"),
        ("register del no type", ["register", "del", HIT],
         r"hipctl: register del: missing service .*"),
        ("register show junk", ["register", "show", "x"],
         r"hipctl: register show: unexpected argument \"x\""),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", args, 2, pat)
    usage = [
        ("bench", [], r"hipctl: bench: missing subcommand .*"),
        ("bench synth", ["synth"], r"hipctl: bench synth: missing count"),
        ("bench synth 0", ["synth", "0"], r"hipctl: bench synth: invalid count \"0\" .*"),
        ("bench synth junk", ["synth", "5", "x"], r"hipctl: bench synth: unexpected argument \"x\""),
        ("bench lookup x", ["lookup", "x"], r"hipctl: bench lookup: invalid count \"x\" .*"),
        ("bench clear junk", ["clear", "x"], r"hipctl: bench clear: unexpected argument \"x\""),
        ("bench lookup 10^8+1", ["lookup", "100000001"], r"hipctl: bench lookup: invalid count .*"),
        ("bench synth 10^6+1", ["synth", "1000001"], r"hipctl: bench synth: invalid count .*"),
        ("bench null-noauth", ["null-noauth"], r"hipctl: bench null-noauth: missing on or off"),
        ("bench null-noauth yes", ["null-noauth", "yes"],
         r"hipctl: bench null-noauth: invalid argument \"yes\" \(on or off\)"),
        ("bench null-noauth junk", ["null-noauth", "on", "x"],
         r"hipctl: bench null-noauth: unexpected argument \"x\""),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", ["bench", *args], 2, pat)
    usage = [
        ("config", [], r"hipctl: config: missing subcommand .*"),
        ("config frob", ["frob"], r"hipctl: config: unknown subcommand .*"),
        ("config show junk", ["show", "x"], r"hipctl: config show: unexpected argument \"x\""),
        ("config set nothing", ["set"], r"hipctl: config set: nothing to set .*"),
        ("config set unknown", ["set", "mtu", "1"], r"hipctl: config set: unexpected argument \"mtu\""),
        ("config set no value", ["set", "puzzle-k"], r"hipctl: config set: missing value after \"puzzle-k\""),
        ("config set duplicate", ["set", "puzzle-k", "1", "puzzle-k", "2"],
         r"hipctl: config set: duplicate \"puzzle-k\""),
        ("puzzle-k 29", ["set", "puzzle-k", "29"], r"hipctl: config set: invalid puzzle-k \"29\" \(0\.\.28\)"),
        ("puzzle-k -1", ["set", "puzzle-k", "-1"], r"hipctl: config set: invalid puzzle-k .*"),
        ("puzzle-k +1", ["set", "puzzle-k", "+1"], r"hipctl: config set: invalid puzzle-k .*"),
        ("puzzle-k ' 1'", ["set", "puzzle-k", " 1"], r"hipctl: config set: invalid puzzle-k .*"),
        ("puzzle-k empty", ["set", "puzzle-k", ""], r"hipctl: config set: invalid puzzle-k .*"),
        ("puzzle-k 1x", ["set", "puzzle-k", "1x"], r"hipctl: config set: invalid puzzle-k .*"),
        ("idle-timeout 2^32", ["set", "idle-timeout", "4294967296"],
         r"hipctl: config set: invalid idle-timeout \"4294967296\" \(0\.\.4294967295 seconds, 0 = never\)"),
        ("idle-timeout huge", ["set", "idle-timeout", "99999999999999999999999"],
         r"hipctl: config set: invalid idle-timeout .*"),
        ("idle-timeout 0x0x1", ["set", "idle-timeout", "0x0x1"], r"hipctl: config set: invalid idle-timeout .*"),
        ("idle-timeout 0x", ["set", "idle-timeout", "0x"], r"hipctl: config set: invalid idle-timeout .*"),
        ("esp-suite word", ["set", "esp-suite", "aes512"],
         r"hipctl: config set: invalid esp-suite \"aes512\" \(aes128gcm, aes128cbc, aes256cbc, null or 1\.\.65535\)"),
        ("esp-suite null-noauth", ["set", "esp-suite", "null-noauth"],
         r"hipctl: config set: invalid esp-suite \"null-noauth\" .*"),
        ("esp-suite 0", ["set", "esp-suite", "0"], r"hipctl: config set: invalid esp-suite .*"),
        ("esp-suite 65536", ["set", "esp-suite", "65536"], r"hipctl: config set: invalid esp-suite .*"),
        ("dh-group word", ["set", "dh-group", "p521"],
         r"hipctl: config set: invalid dh-group \"p521\" \(p256, p384, modp3072, modp1536 or 1\.\.255\)"),
        ("dh-group 256", ["set", "dh-group", "256"], r"hipctl: config set: invalid dh-group .*"),
        ("esp-seq-limit 0", ["set", "esp-seq-limit", "0"],
         r"hipctl: config set: invalid esp-seq-limit \"0\" \(1\.\.4294967295\)"),
        ("esp-seq-limit 2^32", ["set", "esp-seq-limit", "0x100000000"],
         r"hipctl: config set: invalid esp-seq-limit .*"),
        ("null-crypto 2", ["set", "null-crypto", "2"],
         r"hipctl: config set: invalid null-crypto \"2\" \(on, off, 1 or 0\)"),
        ("config set cert-max-depth 0", ["set", "cert-max-depth", "0"],
         r"hipctl: config set: invalid cert-max-depth \"0\" \(1\.\.8 delegations\)"),
        ("config set cert-max-depth 9", ["set", "cert-max-depth", "9"],
         r"hipctl: config set: invalid cert-max-depth \"9\" .*"),
        ("null-crypto yes", ["set", "null-crypto", "yes"],
         r"hipctl: config set: invalid null-crypto .*"),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", ["config", *args], 2, pat)
    # certstore.c ("cert" is its temporary command on branch wip-certk)
    usage = [
        ("cert add no FILE", ["add"], r"hipctl: cert add: missing FILE"),
        ("cert add junk", ["add", "f", "x"], r"hipctl: cert add: unexpected argument \"x\""),
        ("cert del nothing", ["del"], r"hipctl: cert del: missing ID or HIT"),
        ("cert del bad ID", ["del", "0"], r"hipctl: cert del: invalid ID \"0\""),
        ("cert del bad HIT", ["del", "fe80::1"], r"hipctl: cert del: invalid HIT .*"),
        ("cert show HIT", ["show", HIT], r"hipctl: cert show: show takes an ID .*"),
        ("cert show junk", ["show", "1", "x"], r"hipctl: cert show: unexpected argument \"x\""),
        ("cert revoke nothing", ["revoke"], r"hipctl: cert revoke: missing ISSUER_HIT"),
        ("cert revoke no serial", ["revoke", HIT], r"hipctl: cert revoke: missing SERIAL"),
        ("cert revoke bad serial", ["revoke", HIT, "zz"], r"hipctl: cert revoke: invalid serial \"zz\" .*"),
        ("cert revoke bad HIT", ["revoke", "::1", "01"], r"hipctl: cert revoke: invalid HIT .*"),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", ["cert", *args], 2, pat)
    with tempfile.NamedTemporaryFile("w", suffix=".pem") as f:
        f.write("-----BEGIN NOTHING-----\nxx\n-----END NOTHING-----\n")
        f.flush()
        check_error("cert add no certificate", ["cert", "add", f.name], 1,
                    r"hipctl: cert add: .*: no PEM certificate")
    check_error("cert add missing file", ["cert", "add", "/nonexistent/chain.pem"], 1,
                r"hipctl: cert add: /nonexistent/chain.pem: No such file or directory")

    for args in (["peer", "help"], ["peer", "add", "help"], ["ha", "help"], ["ha", "show", "--help"],
                 ["config", "help"], ["config", "set", "-h"], ["stats", "help"], ["help", "peer"],
                 ["help", "ha"], ["help", "config"], ["help", "stats"]):
        r = run([HIPCTL, *args])
        check(f"help: {' '.join(args)}", r.returncode == 0 and r.stdout.startswith("Usage:")
              and not r.stderr, f"rc={r.returncode} {r.stderr!r}")
    r = run([HIPCTL, "help"])
    check("help lists the new commands", all(f"\n  {c} " in r.stdout for c in ("peer", "ha", "stats", "config")),
          r.stdout)

    # valid arguments: past the parser, then the missing module
    if NO_MODULE:
        valid = [
            ["peer", "add", HIT, "locator", "10.0.0.2"],
            ["peer", "add", HIT, "lsi", "1.2.3.4", "locator", "10.0.0.2", "locator", "fd00::2"],
            ["peer", "add", HIT, "locator", "fd00::2", "lsi", "1.255.255.254"],
            ["peer", "add", HIT] + sum((["locator", f"fd00::{i}"] for i in range(1, 9)), []),
            ["peer", "replace", HIT, "locator", "192.0.2.1"],
            ["peer", "del", HIT], ["peer", "delete", HIT], ["peer", "show"], ["peer", "ls", HIT],
            ["-j", "peer", "show"],
            ["ha", "show"], ["ha", "show", HIT], ["ha", "close", HIT], ["-j", "ha", "list"],
            ["stats"], ["-j", "stats"], ["config", "show"],
            ["config", "set", "puzzle-k", "0"], ["config", "set", "puzzle-k", "28"],
            ["config", "set", "idle-timeout", "4294967295", "esp-suite", "aes128gcm", "dh-group", "p384",
             "esp-seq-limit", "0x10", "puzzle-k", "3"],
            ["config", "set", "esp-suite", "null"],
            ["config", "set", "null-crypto", "on"], ["config", "set", "null-crypto", "0"],
            ["config", "set", "esp-suite", "65535"],
            ["config", "set", "dh-group", "modp3072"], ["config", "set", "dh-group", "p256"],
            ["config", "set", "dh-group", "modp1536"],
            ["config", "set", "dh-group", "255"], ["config", "set", "idle-timeout", "0"],
        ]
        for args in valid:
            check_error(f"valid: {' '.join(args)}", args, 1, NOT_FOUND)
        # bench talks to debugfs, not to the genetlink family
        for args in (["bench", "mem"], ["bench", "synth", "3", "sas"], ["bench", "lookup", "7"],
                     ["bench", "clear"], ["bench", "null-noauth", "on"]):
            check_error(f"valid: {' '.join(args)}", args, 1, BENCH_NOT_FOUND)


def printer_tests():
    def pt(*args):
        return run([PRINT, *args])

    hl, hp = HIT2, HIT
    text = {
        "peer": f"peer {hl} lsi 1.96.55.15 locator 10.0.0.2 locator fd00::2\n",
        "ha": (f"ha {hl} <-> {hp} state ESTABLISHED initiator\n"
               "    lsi 1.96.55.15 <-> 1.44.74.65\n"
               "    locator fd00::1 <-> fd00::2\n"
               "    spi in 0x1234abcd out 0x5678ef01\n"
               "    dh 7 (NIST-P256) cipher 2 (AES-128-CBC) esp 13 (AES-128-GCM) hit-suite 1\n"
               "    packets in 12 out 11 bytes in 1234 out 18446744073709551615 drops 0 age 5s idle 1s"
               " bex 123456us\n"),
        "ha-min": (f"ha ? <-> {hp} state 9\n"
                   "    locator 10.0.0.2 <-> ?\n"
                   "    spi out 0x000000ff\n"
                   "    dh 99 esp 9 (AES-256-CBC-HMAC-SHA256)\n"
                   "    idle 4294967295s\n"),
        "config": "puzzle-k 1 idle-timeout 600 esp-suite 13 dh-group 7 esp-seq-limit 4294967295 cert-max-depth 3\n",
        "ha-ntf": f"ha {hp} state ESTABLISHED\n",
    }
    js = {
        "peer": [{"hit": hl, "lsi": "1.96.55.15", "locators": ["10.0.0.2", "fd00::2"]}],
        "ha": [{"local_hit": hl, "peer_hit": hp, "state": "ESTABLISHED", "initiator": True,
                "local_lsi": "1.96.55.15", "peer_lsi": "1.44.74.65", "local_locator": "fd00::1",
                "peer_locator": "fd00::2", "spi_in": 0x1234abcd, "spi_out": 0x5678ef01,
                "dh_group": 7, "hip_cipher": 2, "esp_suite": 13, "hit_suite": 1, "pkts_in": 12,
                "pkts_out": 11, "bytes_in": 1234, "bytes_out": 2**64 - 1, "drops": 0, "age": 5,
                "idle": 1, "bex_usec": 123456}],
        "ha-min": [{"peer_hit": hp, "state": "9", "initiator": False, "local_locator": "10.0.0.2",
                    "spi_out": 255, "dh_group": 99, "esp_suite": 9, "idle": 2**32 - 1}],
        "config": {"puzzle_k": 1, "idle_timeout": 600, "esp_suite": 13, "dh_group": 7,
                   "esp_seq_limit": 2**32 - 1, "cert_max_depth": 3},
        "ha-ntf": {"event": "ha", "peer_hit": hp, "state": "ESTABLISHED"},
    }
    for what, want in text.items():
        r = pt(what)
        check(f"print {what}", r.returncode == 0 and r.stdout == want and not r.stderr,
              f"rc={r.returncode} got {r.stdout!r}, want {want!r} {r.stderr!r}")
    for what, want in js.items():
        r = pt("-j", what)
        try:
            got = json.loads(r.stdout)
        except ValueError as e:
            check(f"print -j {what}", False, f"invalid JSON {r.stdout!r}: {e}")
            continue
        check(f"print -j {what}", r.returncode == 0 and got == want and r.stdout.count("\n") == 1,
              f"got {got}, want {want}")
        # members in the documented order
        if isinstance(want, list):
            check(f"print -j {what}: key order", list(got[0]) == list(want[0]), list(got[0]))
        else:
            check(f"print -j {what}: key order", list(got) == list(want), list(got))

    names = ["hip_in", "hip_out", "esp_in", "esp_out", "i1_in", "r1_out", "bex_done", "bex_failed",
             "retransmit", "queued", "drop_bad_len", "drop_bad_csum", "drop_bad_hdr",
             "drop_malformed_param", "drop_unknown_critical", "drop_bad_hmac", "drop_bad_sig",
             "drop_bad_puzzle", "drop_bad_hi", "drop_no_hi", "drop_no_ha", "drop_bad_state",
             "drop_negotiation", "drop_bad_icv", "drop_replay", "drop_unknown_spi",
             "drop_esp_malformed", "drop_seq_exhausted", "drop_no_peer", "drop_queue_full",
             "drop_no_route", "drop_nomem", "drop_crypto",
             "bex_i_count", "bex_i_ns", "bex_r_count", "bex_r_ns", "dh_count", "dh_ns",
             "sign_count", "sign_ns", "verify_count", "verify_ns", "puzzle_count", "puzzle_ns",
             "r1_ratelimited", "update_in", "update_out", "drop_update_seq", "loc_changes", "addr_check_failed", "drop_credit", "rekey_done", "failover", "reg_granted", "reg_refused", "reg_expired", "rvs_relayed", "drop_rvs_no_reg", "drop_rvs_hmac", "cert_valid", "cert_missing", "cert_malformed", "cert_unsupported", "cert_bad_sig", "cert_expired", "cert_bad_issuer", "cert_bad_hit", "cert_too_deep", "cert_revoked", "cert_bad_host_id", "cert_closed"]
    # names from the uapi header itself, in enum order
    hdr = open(os.path.join(HERE, "..", "..", "..", "include", "uapi", "linux", "hip.h")).read()
    enum = re.search(r"enum hip_stat \{(.*?)\};", hdr, re.S).group(1)
    from_hdr = [m.lower() for m in re.findall(r"^\s*HIP_STAT_(\w+),", enum, re.M)]
    check("stats: names match enum hip_stat", from_hdr == names, f"{from_hdr}")
    vals = [i * 3 for i in range(len(names))]
    vals[names.index("drop_crypto")] = 2**64 - 1
    n_unknown = len(names) + 7
    want = "".join(f"{n} {v}\n" for n, v in zip(names, vals)) + f"stat_{n_unknown} 77\n"
    r = pt("stats")
    check("print stats", r.returncode == 0 and r.stdout == want, f"got {r.stdout!r}")
    r = pt("-j", "stats")
    want = dict(zip(names, vals))
    want[f"stat_{n_unknown}"] = 77
    try:
        got = json.loads(r.stdout)
    except ValueError:
        got = None
    check("print -j stats", got == want and list(got) == list(want), r.stdout)

    for what in ("peer-bad", "ha-bad", "stats-bad"):
        for j in ([], ["-j"]):
            r = pt(*j, what)
            check(f"print {' '.join(j)} {what}: refused", r.returncode == 1 and
                  r.stdout == "parse error -22\n", f"rc={r.returncode} {r.stdout!r}")

    # hipctl bench: the debugfs file's "key value" lines (net/hip/bench.c)
    kern = ("done 1000\nassociations 1001\nha_size 968\nha_bytes 1500000\ntable_bytes 98304\n"
            "future_key 5\nelapsed_ns 123456789\n")
    r = pt("bench", kern)
    want = ("done 1000 associations 1001 ha_size 968B ha_bytes 1500000B table_bytes 98304B "
            "elapsed_ns 123456789ns per_ha 1596B\n")
    check("print bench synth", r.returncode == 0 and r.stdout == want, f"got {r.stdout!r}")
    kern = ("associations 3\nha_size 968\nha_bytes 3000\ntable_bytes 3000\nlookup_hit_ns 41\n"
            "lookup_spi_ns 39\nhot_hit_ns 20\nhot_spi_ns 18446744073709551615\nelapsed_ns 7\n")
    r = pt("-j", "bench", kern)
    want = {"associations": 3, "ha_size": 968, "ha_bytes": 3000, "table_bytes": 3000,
            "lookup_hit_ns": 41, "lookup_spi_ns": 39, "hot_hit_ns": 20,
            "hot_spi_ns": 2**64 - 1, "elapsed_ns": 7}
    try:
        got = json.loads(r.stdout)
    except ValueError:
        got = None
    check("print -j bench lookup", got == want and list(got) == list(want), r.stdout)
    for bad in ("done 1", "done x\n", "done -1\n", "done 1 2\n", " done 1\n", "done\n",
                "done 18446744073709551616\n", "done  1\n"):
        r = pt("bench", bad)
        check(f"print bench {bad!r}: refused", r.returncode == 1 and r.stdout == "parse error -22\n",
              f"rc={r.returncode} {r.stdout!r}")

    for s in ['a"b\\c', "tab\tnl\nret\r", "\x01\x1f\x7f", "plain", "caf\u00e9"]:
        r = pt("json-escape", s)
        try:
            got = json.loads(r.stdout)
            ok = list(got.items()) == [(s, s)] if s.isascii() else len(got) == 1
            ok = ok and r.stdout.isascii()
        except ValueError:
            ok = False
        check(f"json escape {s!r}", r.returncode == 0 and ok, r.stdout)

    want = ("type newlink flags 0x0 family 0 index 7 flags 0x1 change 0x1 len 32\n"
            f"type newaddr flags 0x600 family 10 prefixlen 28 ifa_flags 0x2 scope 0 index 7 "
            f"IFA_ADDRESS {hl} IFA_LOCAL {hl} IFA_FLAGS 0x2\n"
            "type newaddr flags 0x600 family 2 prefixlen 8 ifa_flags 0x0 scope 0 index 7 "
            "IFA_ADDRESS 1.96.55.15 IFA_LOCAL 1.96.55.15\n"
            f"type deladdr flags 0x0 family 10 prefixlen 28 ifa_flags 0x2 scope 0 index 7 "
            f"IFA_ADDRESS {hl} IFA_LOCAL {hl}\n"
            "type deladdr flags 0x0 family 2 prefixlen 8 ifa_flags 0x0 scope 0 index 7 "
            "IFA_ADDRESS 1.96.55.15 IFA_LOCAL 1.96.55.15\n")
    # certificate store (certstore.c)
    cert_text = {
        "cert": (f"cert 3 delegated {hl} holder {hp} issuer {hl} depth 1 max-depth 0 "
                 "serial 5bab0a7444a2619a not-before 2025-01-01T00:00:00Z "
                 "not-after 2125-01-01T00:00:00Z\n"),
        "cert-revoked": f"revoked issuer {hp} serial 01ff\n",
    }
    cert_json = {
        "cert": [{"id": 3, "delegated_hit": hl, "holder_hit": hp, "issuer_hit": hl,
                  "depth": 1, "max_depth": 0, "serial": "5bab0a7444a2619a",
                  "not_before": 1735689600, "not_after": 4891363200}],
        "cert-revoked": [{"revoked": True, "issuer_hit": hp, "serial": "01ff"}],
    }
    for what, expect in cert_text.items():
        r = pt(what)
        check(f"print {what}", r.returncode == 0 and r.stdout == expect, f"got {r.stdout!r}")
        r = pt("-j", what)
        try:
            ok = json.loads(r.stdout) == cert_json[what]
        except ValueError:
            ok = False
        check(f"print -j {what}", r.returncode == 0 and ok, f"got {r.stdout!r}")
    r = pt("cert-bad")
    check("print cert-bad (15-byte HIT)", r.returncode == 1 and r.stdout == "parse error -22\n",
          f"rc={r.returncode} {r.stdout!r}")
    for arg, expect in (("5bab0a7444a2619a", "5bab0a7444a2619a"), ("0x5B:AB:0A", "5bab0a"),
                      ("00ff", "ff"), ("abc", "0abc"), ("1", "01"),
                      ("0", None), ("", None), ("xy", None), ("11" * 21, None),
                      ("00" + "11" * 20, "11" * 20)):
        r = pt("serial", arg)
        ok = (r.returncode == 0 and r.stdout == expect + "\n") if expect else \
            (r.returncode == 1 and r.stdout == "invalid\n")
        check(f"cert serial {arg!r}", ok, f"rc={r.returncode} {r.stdout!r}")

    r = pt("rtnl")
    check("rtnetlink requests of hi add/del", r.returncode == 0 and r.stdout == want,
          f"got {r.stdout!r}")


def netns_tests():
    """hip_dev_addrs() against the kernel, hip0 being a tun device."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        print("# hip0 address checks skipped (need root, unshare and ip)")
        return
    r = run(["unshare", "-n", "ip", "tuntap", "add", "dev", "hip0", "mode", "tun"])
    if r.returncode:
        print(f"# hip0 address checks skipped (no tun device in a new netns: {r.stderr.strip()})")
        return
    lsi = "1.44.74.65"
    script = f"""
set -e
P={PRINT}
$P addrs add {HIT} {lsi} 2>&1 | sed 's/^/no-dev: /'
ip tuntap add dev hip0 mode tun
$P addrs add {HIT} {lsi}
echo "add rc=$?"
$P addrs add {HIT} {lsi}
echo "again rc=$?"
ip -o link show hip0 | grep -o '<[^>]*>'
ip -o addr show dev hip0 | sed 's/^[0-9]*: hip0 *//; s/ *\\\\ .*//'
ip -6 route show dev hip0 | grep -o '^2001:20::/28'
ip -4 route show dev hip0 | grep -o '^1.0.0.0/8'
$P addrs del {HIT} {lsi}
echo "del rc=$?"
$P addrs del {HIT} {lsi}
echo "del again rc=$?"
ip -o addr show dev hip0 | wc -l
"""
    r = run(["unshare", "-n", "sh", "-c", script])
    out = r.stdout
    check("hip0 missing: warning, success",
          "no-dev: hipctl: print_test: warning: no hip0 device, the HIT and LSI were not added as its addresses\n"
          in out and "add rc=0" in out, out + r.stderr)
    check("hip0: addresses added", "add rc=0\n" in out and "again rc=0\n" in out, out + r.stderr)
    check("hip0: set up", re.search(r"<[^>]*\bUP\b[^>]*>", out) is not None, out)
    check("hip0: HIT/28 nodad", f"inet6 {HIT}/28 scope global nodad\n" in out, out)
    check("hip0: LSI/8", f"inet {lsi}/8 scope global hip0\n" in out, out)
    check("hip0: routes 2001:20::/28 and 1.0.0.0/8", "2001:20::/28\n" in out and "1.0.0.0/8\n" in out, out)
    check("hip0: addresses removed", "del rc=0\ndel again rc=0\n0\n" in out, out + r.stderr)
    if VALGRIND:
        r = run(["unshare", "-n", "sh", "-c",
                 f"ip tuntap add dev hip0 mode tun && "
                 f"valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "
                 f"{PRINT} addrs add {HIT} {lsi} && "
                 f"valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "
                 f"{PRINT} addrs del {HIT} {lsi}"])
        check("valgrind: hip0 addresses add/del", r.returncode == 0 and "==" not in r.stderr,
              f"rc={r.returncode} {r.stderr[-2000:]}")


def valgrind_tests():
    if not VALGRIND:
        print("# valgrind checks skipped")
        return
    for what in ("peer", "ha", "ha-min", "stats", "config", "ha-ntf", "peer-bad", "ha-bad", "stats-bad",
                 "cert", "cert-revoked", "cert-bad"):
        valgrind_ok(f"print {what}", [PRINT, what])
        valgrind_ok(f"print -j {what}", [PRINT, "-j", what])
    valgrind_ok("print rtnl", [PRINT, "rtnl"])
    for args in (["peer", "add", HIT, "locator", "10.0.0.1", "locator", "::ffff:1.2.3.4"],
                 ["peer", "add", HIT] + sum((["locator", f"10.0.0.{i}"] for i in range(1, 10)), []),
                 ["config", "set", "esp-suite", "x"], ["ha", "close"], ["stats", "x"]):
        valgrind_ok(f"usage: {' '.join(args[:3])}", [HIPCTL, *args])
    if NO_MODULE:
        for args in (["peer", "add", HIT, "lsi", "1.2.3.4", "locator", "fd00::1"], ["-j", "peer", "show"],
                     ["ha", "show", HIT], ["ha", "close", HIT], ["-j", "stats"], ["config", "show"],
                     ["config", "set", "puzzle-k", "2", "dh-group", "p256"]):
            valgrind_ok(f"no module: {' '.join(args[:3])}", [HIPCTL, *args])


def main():
    for path in (HIPCTL, PRINT):
        if not os.access(path, os.X_OK):
            print(f"{path}: not built")
            print("0 passed, 1 failed")
            return 1
    usage_tests()
    printer_tests()
    netns_tests()
    valgrind_tests()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
