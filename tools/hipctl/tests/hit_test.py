#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Offline checks of hipctl: no kernel module needed.

 - `hipctl hit` against an independent implementation of the ORCHIDv2
   HIT/LSI derivation (hashlib + the key as printed by `openssl pkey -text`),
   for RSA 2048/3072/4096 (and e=3) and ECDSA P-256/P-384 keys made by
   `openssl genpkey`, in every accepted file format;
 - `hipctl keygen` (PKCS#8 PEM, mode 0600, O_EXCL / --force);
 - error paths: one line on stderr, nothing on stdout, the right exit code;
 - the same error paths under valgrind, when it is installed
   (HIPCTL_VALGRIND=0 skips them).

Usage: hit_test.py [path/to/hipctl]
Prints one line per check and a final "N passed, N failed" line; exits 1
if anything failed.
"""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

HIPCTL = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                         os.path.join(os.path.dirname(__file__), "..", "hipctl"))

# RFC 7401 3.2
CONTEXT_ID = bytes.fromhex("F0EFF02FBFF43D0FE7930C3C6E6174EA")
CURVES = {"P-256": (1, 32), "P-384": (2, 48)}

passed = 0
failed = 0


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


def openssl(*args):
    r = subprocess.run(["openssl", *args], capture_output=True)
    if r.returncode:
        raise RuntimeError(f"openssl {' '.join(args)}: {r.stderr.decode()}")
    return r.stdout


# ---- independent implementation -------------------------------------------

def hexblock(text, label):
    """The colon-separated hex block after 'label:' in openssl -text output."""
    m = re.search(r"^" + re.escape(label) + r":\s*\n((?:\s+[0-9a-f:]+\n)+)", text, re.M)
    if not m:
        raise ValueError(f"no {label} in openssl output")
    return bytes.fromhex(re.sub(r"[\s:]", "", m.group(1)))


def expected(path):
    """(hit, lsi, algo, bits, curve, suite) computed from openssl's text dump."""
    text = openssl("pkey", "-in", path, "-text", "-noout").decode()
    if text.startswith("Private-Key:") and "modulus:" in text:
        n = hexblock(text, "modulus").lstrip(b"\0")
        e = int(re.search(r"publicExponent: (\d+)", text).group(1))
        eb = e.to_bytes((e.bit_length() + 7) // 8, "big")
        elen = bytes([len(eb)]) if len(eb) < 256 else b"\0" + len(eb).to_bytes(2, "big")
        hi = elen + eb + n
        bits = int(re.search(r"\((\d+) bit", text).group(1))
        algo, curve, suite, h = "rsa", None, 1, hashlib.sha256
    else:
        curve = re.search(r"NIST CURVE: (P-\d+)", text).group(1)
        cid, clen = CURVES[curve]
        pub = hexblock(text, "pub")
        assert pub[0] == 4 and len(pub) == 1 + 2 * clen, "uncompressed point expected"
        hi = cid.to_bytes(2, "big") + pub
        bits = clen * 8
        algo, suite, h = "ecdsa", 2, hashlib.sha384
    digest = h(CONTEXT_ID + hi).digest()
    mid = (len(digest) - 12) // 2
    hit = bytes([0x20, 0x01, 0x00, 0x20 | suite]) + digest[mid:mid + 12]
    lsi = bytearray([1, hit[13], hit[14], hit[15]])
    if lsi[1:] in (b"\0\0\0", b"\xff\xff\xff"):
        lsi[3] ^= 1
    hit_s = ":".join(hit[i:i + 2].hex() for i in range(0, 16, 2))
    import ipaddress
    hit_s = str(ipaddress.IPv6Address(hit_s))
    return hit_s, ".".join(map(str, lsi)), algo, bits, curve, suite


def check_hit(name, path, ref=None):
    """hipctl hit (text and -j) against the independent implementation."""
    exp = expected(ref or path)
    hit, lsi, algo, bits, curve, suite = exp
    r = run([HIPCTL, "hit", path])
    want = f"hit {hit}\nlsi {lsi}\n"
    check(f"{name}: hit", r.returncode == 0 and r.stdout == want and not r.stderr,
          f"rc={r.returncode} got {r.stdout!r} {r.stderr!r}, want {want!r}")
    r = run([HIPCTL, "-j", "hit", path])
    try:
        got = json.loads(r.stdout)
    except ValueError as e:
        check(f"{name}: -j hit", False, f"invalid JSON {r.stdout!r}: {e}")
        return
    want = {"hit": hit, "lsi": lsi, "algo": algo, "bits": bits, "hit_suite": suite}
    if curve:
        want["curve"] = curve
    check(f"{name}: -j hit", r.returncode == 0 and got == want,
          f"got {got}, want {want}")


def self_test():
    """The reference implementation must itself be right: RFC 7343 layout."""
    # Encode_96 of SHA-256 is bytes 10..21, of SHA-384 bytes 18..29.
    d = bytes(range(32))
    check("reference: SHA-256 middle 96 bits", d[(32 - 12) // 2:][:12] == bytes(range(10, 22)))
    d = bytes(range(48))
    check("reference: SHA-384 middle 96 bits", d[(48 - 12) // 2:][:12] == bytes(range(18, 30)))


# ---- error paths ----------------------------------------------------------

def check_error(name, args, rc, pattern, stdin=None):
    r = run([HIPCTL, *args], input=stdin)
    lines = r.stderr.splitlines()
    ok = (r.returncode == rc and len(lines) == 1 and r.stderr.endswith("\n")
          and not r.stdout and re.fullmatch(pattern, lines[0]) is not None)
    check(name, ok, f"rc={r.returncode} (want {rc}) stdout={r.stdout!r} "
          f"stderr={r.stderr!r} (want /{pattern}/)")


def valgrind_ok(name, args):
    r = run(["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
             "--errors-for-leak-kinds=definite,indirect",
             "--show-leak-kinds=definite,indirect", HIPCTL, *args])
    check(f"valgrind: {name}", r.returncode != 99 and "==" not in r.stderr,
          f"rc={r.returncode} {r.stderr[-2000:]}")


def main():
    if not os.access(HIPCTL, os.X_OK):
        print(f"{HIPCTL}: not built")
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="hipctl-test.")
    try:
        return tests(tmp)
    finally:
        shutil.rmtree(tmp)


def tests(tmp):
    def p(name):
        return os.path.join(tmp, name)

    self_test()

    # --- keys from openssl genpkey, all sizes and curves
    keys = {}
    for bits in (2048, 3072, 4096):
        keys[f"rsa{bits}"] = ["-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}"]
    keys["rsa2048-e3"] = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                          "-pkeyopt", "rsa_keygen_pubexp:3"]
    keys["p256"] = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    keys["p384"] = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]
    for name, gen in keys.items():
        openssl("genpkey", *gen, "-out", p(name + ".pem"))
        check_hit(f"genpkey {name}", p(name + ".pem"))

    # --- every accepted file format gives the same HIT
    for name, tool in (("rsa2048", "rsa"), ("p256", "ec"), ("p384", "ec")):
        src = p(name + ".pem")
        openssl("pkey", "-in", src, "-outform", "DER", "-out", p(name + ".p8.der"))
        check_hit(f"{name} PKCS#8 DER", p(name + ".p8.der"), ref=src)
        trad = ["-traditional"] if tool == "rsa" else []
        openssl(tool, "-in", src, *trad, "-out", p(name + ".trad.pem"))
        check_hit(f"{name} traditional PEM", p(name + ".trad.pem"), ref=src)
        openssl(tool, "-in", src, *trad, "-outform", "DER", "-out", p(name + ".trad.der"))
        check_hit(f"{name} traditional DER", p(name + ".trad.der"), ref=src)
        if tool == "ec":
            openssl("ec", "-in", src, "-conv_form", "compressed", "-out", p(name + ".comp.pem"))
            check_hit(f"{name} compressed public point", p(name + ".comp.pem"), ref=src)
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", p("ecparam.pem"))
    check_hit("ecparam -genkey (EC PARAMETERS + EC PRIVATE KEY)", p("ecparam.pem"))

    # --- keygen
    for name, args in (("rsa default", ["rsa"]), ("rsa 2048", ["rsa", "--bits", "2048"]),
                       ("ecdsa default", ["ecdsa"]), ("ecdsa P-384", ["ecdsa", "--curve", "P-384"]),
                       ("ed25519", ["ed25519"])):
        out = p("kg-" + name.replace(" ", "-"))
        r = run([HIPCTL, "keygen", *args, "-o", out])
        if not check(f"keygen {name}", r.returncode == 0 and not r.stdout and not r.stderr,
                     f"rc={r.returncode} {r.stderr!r}"):
            continue
        mode = stat.S_IMODE(os.stat(out).st_mode)
        check(f"keygen {name}: mode 0600", mode == 0o600, oct(mode))
        check(f"keygen {name}: PKCS#8 PEM",
              open(out).read().startswith("-----BEGIN PRIVATE KEY-----\n"))
        r = run(["openssl", "pkey", "-in", out, "-noout"])
        check(f"keygen {name}: openssl pkey accepts it", r.returncode == 0, r.stderr)
        text = openssl("pkey", "-in", out, "-text", "-noout").decode()
        if name.startswith("rsa"):
            want = "2048 bit" if "2048" in name else "3072 bit"
            check(f"keygen {name}: size", want in text, text.splitlines()[0])
        elif name.startswith("ecdsa"):
            want = "P-384" if "384" in name else "P-256"
            check(f"keygen {name}: curve", f"NIST CURVE: {want}" in text)
        if not name.startswith("ed"):
            check_hit(f"keygen {name}", out)
    out = p("kg-ecdsa-default")
    before = open(out).read()
    check_error("keygen refuses to overwrite", ["keygen", "ecdsa", "-o", out], 1,
                r"hipctl: keygen: .*: file exists \(use --force to replace it\)")
    check("keygen refusal leaves the file alone", open(out).read() == before)
    os.chmod(out, 0o644)
    r = run([HIPCTL, "keygen", "ecdsa", "-o", out, "--force"])
    check("keygen --force replaces", r.returncode == 0 and open(out).read() != before
          and stat.S_IMODE(os.stat(out).st_mode) == 0o600, r.stderr)
    check_error("keygen --bits 1024", ["keygen", "rsa", "--bits", "1024", "-o", p("x")], 2,
                r"hipctl: keygen: invalid RSA size \"1024\" \(2048\.\.4096 bits\)")
    check_error("keygen --bits 8192", ["keygen", "rsa", "--bits", "8192", "-o", p("x")], 2,
                r"hipctl: keygen: invalid RSA size .*")
    check_error("keygen --curve P-521", ["keygen", "ecdsa", "--curve", "P-521", "-o", p("x")], 2,
                r"hipctl: keygen: unsupported curve \"P-521\" .*")
    check_error("keygen without -o", ["keygen", "rsa"], 2, r"hipctl: keygen: missing -o FILE")
    check_error("keygen dsa", ["keygen", "dsa", "-o", p("x")], 2,
                r"hipctl: keygen: unknown algorithm \"dsa\" .*")
    check_error("keygen into a missing directory", ["keygen", "ecdsa", "-o", p("nodir/k")], 1,
                r"hipctl: keygen: .*/nodir/k: No such file or directory")
    check("keygen errors leave no file", not os.path.exists(p("x")))

    # --- key file errors
    open(p("empty"), "w").close()
    with open(p("garbage.txt"), "w") as f:
        f.write("this is not a key\n")
    with open(p("garbage.bin"), "wb") as f:
        f.write(os.urandom(700))
    with open(p("badpem"), "w") as f:
        f.write("-----BEGIN PRIVATE KEY-----\nAAAA!!!!\n-----END PRIVATE KEY-----\n")
    with open(p("big"), "wb") as f:
        f.write(b"\0" * (65 * 1024))
    openssl("pkey", "-in", p("p256.pem"), "-pubout", "-out", p("pub.pem"))
    openssl("pkey", "-in", p("rsa2048.pem"), "-pubout", "-outform", "DER", "-out", p("pub.der"))
    openssl("pkey", "-in", p("p256.pem"), "-aes128", "-passout", "pass:secret", "-out", p("enc.pem"))
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", p("rsa1024.pem"))
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", p("k1.pem"))
    openssl("genpkey", "-algorithm", "ED448", "-out", p("ed448.pem"))
    openssl("genpkey", "-algorithm", "X25519", "-out", p("x25519.pem"))
    openssl("genpkey", "-algorithm", "ED25519", "-out", p("ed25519.pem"))
    openssl("req", "-new", "-x509", "-key", p("p256.pem"), "-subj", "/CN=x", "-out", p("cert.pem"))
    F = re.escape(tmp)
    key_errors = [
        ("missing file", "nonexistent", rf"{F}/nonexistent: No such file or directory"),
        ("empty file", "empty", rf"{F}/empty: empty file"),
        ("directory", "", rf"{F}/: Is a directory"),
        ("garbage text", "garbage.txt", rf"{F}/garbage.txt: not a private key \(PEM or DER expected\)"),
        ("garbage binary", "garbage.bin", rf"{F}/garbage.bin: not a private key \(PEM or DER expected\)"),
        ("broken PEM", "badpem", rf"{F}/badpem: cannot decode the private key"),
        ("oversized file", "big", rf"{F}/big: file too large for a key"),
        ("public key PEM", "pub.pem", rf"{F}/pub.pem: contains no private key .*"),
        ("public key DER", "pub.der", rf"{F}/pub.der: contains no private key .*"),
        ("certificate", "cert.pem", rf"{F}/cert.pem: contains no private key .*"),
        ("encrypted key", "enc.pem", rf"{F}/enc.pem: encrypted private keys are not supported"),
        ("RSA 1024", "rsa1024.pem", rf"{F}/rsa1024.pem: RSA key size 1024 bits is not supported \(2048\.\.4096\)"),
        ("secp256k1", "k1.pem", rf"{F}/k1.pem: unsupported curve secp256k1"),
        ("Ed448", "ed448.pem", rf"{F}/ed448.pem: unsupported key algorithm ED448"),
        ("X25519", "x25519.pem", rf"{F}/x25519.pem: unsupported key algorithm X25519"),
    ]
    for name, f, pat in key_errors:
        check_error(f"hit: {name}", ["hit", p(f)], 1, "hipctl: hit: " + pat)
    check_error("hit: Ed25519", ["hit", p("ed25519.pem")], 1,
                r"hipctl: hit: Ed25519 host identities are not supported")
    check_error("hit -j: Ed25519", ["-j", "hit", p("ed25519.pem")], 1,
                r"hipctl: hit: Ed25519 host identities are not supported")
    # hi add reads the key before talking to the kernel
    for name, f, pat in key_errors[:3] + key_errors[7:8] + key_errors[11:12]:
        check_error(f"hi add: {name}", ["hi", "add", p(f)], 1, "hipctl: hi add: " + pat)

    # --- usage errors (exit 2) and help
    usage = [
        ("no command", [], r"hipctl: missing command \(try \"hipctl help\"\)"),
        ("unknown command", ["frob"], r"hipctl: unknown command \"frob\" .*"),
        ("unknown option", ["-x", "hi"], r"hipctl: unknown option \"-x\" .*"),
        ("unknown long option", ["--frob", "hi"], r"hipctl: unknown option \"--frob\" .*"),
        ("-n without NETNS", ["-n"], r"hipctl: option -n needs a NETNS"),
        ("hit without FILE", ["hit"], r"hipctl: hit: missing key FILE"),
        ("hit with two files", ["hit", "a", "b"], r"hipctl: hit: unexpected argument \"b\""),
        ("hi without subcommand", ["hi"], r"hipctl: hi: missing subcommand .*"),
        ("hi frob", ["hi", "frob"], r"hipctl: hi: unknown subcommand \"frob\" .*"),
        ("hi add without FILE", ["hi", "add"], r"hipctl: hi add: missing key FILE"),
        ("hi add junk", ["hi", "add", "f", "junk"], r"hipctl: hi add: unexpected argument \"junk\""),
        ("hi del without HIT", ["hi", "del"], r"hipctl: hi del: missing HIT"),
        ("hi del bad HIT", ["hi", "del", "fe80::1"], r"hipctl: hi del: invalid HIT \"fe80::1\" .*"),
        ("hi set without default", ["hi", "set", "2001:21::1"], r"hipctl: hi set: nothing to set .*"),
        ("hi show bad HIT", ["hi", "show", "1.2.3.4"], r"hipctl: hi show: invalid HIT .*"),
        ("monitor junk", ["monitor", "junk"], r"hipctl: monitor: unexpected argument \"junk\""),
    ]
    for name, args, pat in usage:
        check_error(f"usage: {name}", args, 2, pat)
    for args in (["help"], ["-h"], ["--help"], ["help", "hi"], ["hi", "help"], ["keygen", "help"],
                 ["hit", "help"], ["monitor", "help"], ["hi", "show", "help"]):
        r = run([HIPCTL, *args])
        check(f"help: {' '.join(args)}", r.returncode == 0 and r.stdout.startswith("Usage:")
              and not r.stderr, f"rc={r.returncode} {r.stderr!r}")
    for args in (["version"], ["-V"], ["--version"]):
        r = run([HIPCTL, *args])
        check(f"version: {' '.join(args)}", r.returncode == 0 and r.stdout.startswith("hipctl ")
              and not r.stderr, r.stderr)

    # --- environment errors (no module on the build host, unknown netns)
    if not os.path.exists("/sys/module/hip"):
        for args in (["hi", "show"], ["-j", "hi", "show"], ["hi", "add", p("p256.pem")],
                     ["hi", "del", "2001:21::1"], ["monitor"]):
            check_error(f"no module: {' '.join(args[:3])}", args, 1,
                        r'hipctl: generic netlink family "hip" not found \(is hip\.ko loaded\?\)')
    check_error("-n unknown netns", ["-n", "hipctl-no-such-ns", "hi", "show"], 1,
                r'hipctl: hi: network namespace "hipctl-no-such-ns": No such file or directory')
    check_error("-n bad name", ["-n", "../x", "hi", "show"], 1,
                r'hipctl: hi: invalid network namespace name "\.\./x"')

    # --- valgrind over the error paths and a few successful runs
    if shutil.which("valgrind") and os.environ.get("HIPCTL_VALGRIND", "1") != "0":
        vg = [("hit " + f, ["hit", p(f) if f else tmp + "/"]) for _, f, _ in key_errors]
        vg += [("hit ed25519", ["hit", p("ed25519.pem")]),
               ("hit rsa4096", ["hit", p("rsa4096.pem")]),
               ("-j hit p384 DER", ["-j", "hit", p("p384.trad.der")]),
               ("hi add missing file", ["hi", "add", p("nonexistent")]),
               ("hi add public key", ["hi", "add", p("pub.pem")]),
               ("keygen ecdsa", ["keygen", "ecdsa", "-o", p("vg-key")]),
               ("keygen exists", ["keygen", "ecdsa", "-o", p("vg-key")]),
               ("usage", ["hi", "del", "junk"]),
               ("-n unknown", ["-n", "hipctl-no-such-ns", "hi", "show"])]
        if not os.path.exists("/sys/module/hip"):
            vg += [("no module: hi show", ["hi", "show"]),
                   ("no module: hi add", ["hi", "add", p("rsa2048.pem")]),
                   ("no module: monitor", ["monitor"])]
        for name, args in vg:
            valgrind_ok(name, args)
    else:
        print("# valgrind checks skipped")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
