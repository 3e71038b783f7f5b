#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Offline checks of "hipctl cert issue" and "hipctl cert verify".

 - chains of 1, 2 and 3 delegations issued by hipctl with RSA, P-256 and
   P-384 keys (and a mixed chain): `openssl x509 -text` shows each
   certificate (the delegation OID as critical, the IAN/SAN HITs, CN, the
   signature algorithm of the issuer), and they verify with the
   independent selftests/hip/cert_ref.py (Python `cryptography`, own DER,
   run with every interpreter here that has it, Debian's 38 included) and
   with "hipctl cert verify" (text and -j);
 - chains made by cert_ref.py verify with hipctl; every broken kind of
   cert_ref.py make is refused by both with the expected reason;
 - cert issue refuses a --depth beyond the parent's, re-delegation from
   maxDepth 0, a --key that does not hold the chain, and bad arguments;
 - valgrind on issue and verify when installed (HIPCTL_VALGRIND=0 skips).

Usage: cert_test.py path/to/hipctl [ path/to/print_test ]
(print_test: the HOST_ID -> public key conversion of --subject HIT, which
otherwise needs the module)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HIPCTL = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "hipctl"))
PRINT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
CERT_REF = os.path.abspath(os.path.join(HERE, "..", "..", "..", "selftests", "hip", "cert_ref.py"))
HIT_REF = os.path.abspath(os.path.join(HERE, "..", "..", "..", "selftests", "hip", "hit_ref.py"))
VALGRIND = shutil.which("valgrind") and os.environ.get("HIPCTL_VALGRIND", "1") != "0"
NO_MODULE = not os.path.exists("/sys/module/hip")
OID = "2.25.137592137204914361633377730913996342799.1"

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


def pythons():
    """Interpreters that can import cryptography (Debian's and pip's)."""
    out = []
    for py in (sys.executable, "/usr/bin/python3"):
        if not py or not os.path.exists(py) or os.path.realpath(py) in [os.path.realpath(p) for p in out]:
            continue
        r = run([py, "-c", "import cryptography; print(cryptography.__version__)"])
        if r.returncode == 0:
            out.append(py)
            print(f"# cert_ref.py with {py} (cryptography {r.stdout.strip()})")
    return out


def hit_of(path):
    r = run([sys.executable, HIT_REF, path])
    return json.loads(r.stdout)["hit"]


def pem_certs(path):
    text = open(path).read()
    return re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", text, re.S)


def openssl_text(pem):
    r = subprocess.run(["openssl", "x509", "-noout", "-text"], input=pem,
                       capture_output=True, text=True)
    return r.returncode, r.stdout


def ip_upper(hit):
    """How openssl prints an iPAddress: every group, upper case, no ::."""
    import ipaddress
    return ":".join("%X" % int(g, 16) for g in ipaddress.IPv6Address(hit).exploded.split(":"))


def sig_name(key):
    return {"rsa": "rsassaPss", "p256": "ecdsa-with-SHA256", "p384": "ecdsa-with-SHA384"}[key]


class Env:
    def __init__(self, tmp):
        self.tmp = tmp
        self.keys = {}      # name -> (path, kind)
        self.pys = pythons()

    def key(self, name, kind):
        path = os.path.join(self.tmp, name + ".pem")
        args = {"rsa": ["rsa", "--bits", "2048"], "p256": ["ecdsa", "--curve", "P-256"],
                "p384": ["ecdsa", "--curve", "P-384"]}[kind]
        r = run([HIPCTL, "keygen", *args, "-o", path])
        if r.returncode:
            raise SystemExit(f"keygen failed: {r.stderr}")
        self.keys[name] = (path, kind, hit_of(path))
        return path

    def f(self, name):
        return os.path.join(self.tmp, name)


def check_openssl_chain(env, label, chain_file, names):
    """cert i: subject names[i], issuer names[i-1] (names[0] for the root)."""
    certs = pem_certs(chain_file)
    if not check(f"{label}: {len(names)} certificates in the file", len(certs) == len(names),
                 f"{len(certs)} found"):
        return
    for i, pem in enumerate(certs):
        iname = names[max(i - 1, 0)]
        sname = names[i]
        _, ikind, ihit = env.keys[iname]
        _, _, shit = env.keys[sname]
        rc, text = openssl_text(pem)
        want = [
            "Version: 3 (0x2)",
            f"Issuer: CN = {ihit}",
            f"Subject: CN = {shit}",
            "X509v3 Issuer Alternative Name:",
            "X509v3 Subject Alternative Name:",
            f"Signature Algorithm: {sig_name(ikind)}",
        ]
        missing = [w for w in want if w not in text]
        ians = re.findall(r"Issuer Alternative Name: *\n\s*IP Address:(\S+)", text)
        sans = re.findall(r"Subject Alternative Name: *\n\s*IP Address:(\S+)", text)
        has_ext = re.search(re.escape(OID) + r": critical\n", text) is not None
        ok = (rc == 0 and not missing and ians == [ip_upper(ihit)] and
              sans == [ip_upper(shit)] and has_ext == (i > 0))
        if ikind == "rsa":
            ok = ok and "Mask Algorithm: mgf1 with sha256" in text and "Salt Length: 0x20" in text
        check(f"{label}: openssl x509 -text of certificate {i}", ok,
              f"rc={rc} missing={missing} ian={ians} san={sans} ext={has_ext}\n{text[:3000]}")


def check_verify(env, label, chain_file, names, depths):
    path_last = env.keys[names[-1]][0]
    hit_a = env.keys[names[0]][2]
    r = run([HIPCTL, "cert", "verify", chain_file, "--hit", hit_a, "--host-id", path_last])
    lines = r.stdout.splitlines()
    ok = r.returncode == 0 and not r.stderr and len(lines) == len(names) + 1
    for i, line in enumerate(lines[:-1]):
        ihit = env.keys[names[max(i - 1, 0)]][2]
        shit = env.keys[names[i]][2]
        pat = rf"cert {i} {re.escape(ihit)} -> {re.escape(shit)} " + (
            "root" if i == 0 else f"depth {i} max-depth {depths[i - 1]}") + \
            r" key \S+ valid \S+Z\.\.\S+Z serial [0-9a-f]{16}"
        ok = ok and re.fullmatch(pat, line) is not None
    ok = ok and lines and lines[-1].startswith(f"valid: {hit_a} held by {env.keys[names[-1]][2]}, ")
    check(f"{label}: hipctl cert verify", ok, f"rc={r.returncode} out={r.stdout!r} err={r.stderr!r}")

    r = run([HIPCTL, "-j", "cert", "verify", chain_file])
    try:
        j = json.loads(r.stdout)
        ok = (r.returncode == 0 and j["valid"] is True and j["hit"] == hit_a and
              j["delegations"] == len(names) - 1 and len(j["certs"]) == len(names) and
              all(c.get("max_depth") == depths[i - 1] and c["delegated_hit"] == hit_a
                  for i, c in enumerate(j["certs"]) if i) and
              j["certs"][0]["root"] is True and "max_depth" not in j["certs"][0] and
              all(len(c["serial"]) == 16 for c in j["certs"]))
    except (ValueError, KeyError, TypeError) as e:
        ok = False
        r = r._replace(stderr=r.stderr + repr(e)) if hasattr(r, "_replace") else r
    check(f"{label}: hipctl -j cert verify", ok, f"rc={r.returncode} out={r.stdout!r} err={r.stderr!r}")

    for py in env.pys:
        r = run([py, CERT_REF, "verify", chain_file, "--hit", hit_a, "--host-id", path_last, "--json"])
        try:
            j = json.loads(r.stdout)
            ok = (r.returncode == 0 and j["valid"] and j["delegations"] == len(names) - 1 and
                  [c["subject"] for c in j["certs"]] == [env.keys[n][2] for n in names])
        except ValueError:
            ok = False
        check(f"{label}: cert_ref.py verify ({os.path.basename(py)} {py})", ok,
              f"rc={r.returncode} out={r.stdout!r} err={r.stderr!r}")


def issue_chain(env, label, names, depths, lifetime="1h"):
    """names[0] -> names[1] (hipctl, no --chain), then --chain for the rest."""
    out = env.f(f"{label}-1.pem")
    r = run([HIPCTL, "cert", "issue", "--key", env.keys[names[0]][0], "--subject",
             env.keys[names[1]][0], "--lifetime", lifetime, "--depth", str(depths[0]), "-o", out])
    if not check(f"{label}: cert issue {names[0]} -> {names[1]}", r.returncode == 0 and not r.stdout
                 and not r.stderr, f"rc={r.returncode} {r.stderr}"):
        return None
    for i in range(2, len(names)):
        nxt = env.f(f"{label}-{i}.pem")
        r = run([HIPCTL, "cert", "issue", "--key", env.keys[names[i - 1]][0], "--subject",
                 env.keys[names[i]][0], "--lifetime", lifetime, "--depth", str(depths[i - 1]),
                 "--chain", out, "-o", nxt])
        if not check(f"{label}: cert issue {names[i - 1]} -> {names[i]} --chain", r.returncode == 0
                     and not r.stderr, f"rc={r.returncode} {r.stderr}"):
            return None
        out = nxt
    return out


def chain_tests(env):
    for kind in ("rsa", "p256", "p384"):
        names = [f"{kind}{i}" for i in range(4)]
        for n in names:
            env.key(n, kind)
        for n in (1, 2, 3):
            depths = [n - i for i in range(1, n + 1)]       # n-1 ... 0
            label = f"{kind} chain of {n}"
            f = issue_chain(env, label.replace(" ", "_"), names[:n + 1], depths)
            if f:
                check_openssl_chain(env, label, f, names[:n + 1])
                check_verify(env, label, f, names[:n + 1], depths)
    names = ["rsa0", "p256x", "p384x", "rsa1"]
    env.key("p256x", "p256")
    env.key("p384x", "p384")
    f = issue_chain(env, "mixed", names, [2, 1, 0])
    if f:
        check_openssl_chain(env, "mixed rsa/p256/p384/rsa", f, names)
        check_verify(env, "mixed rsa/p256/p384/rsa", f, names, [2, 1, 0])

    # --subject as a public key file gives the same certificate subject
    pub = env.f("p256x.pub.pem")
    subprocess.run(["openssl", "pkey", "-in", env.keys["p256x"][0], "-pubout", "-out", pub], check=True)
    out = env.f("pubsubject.pem")
    r = run([HIPCTL, "cert", "issue", "--key", env.keys["rsa0"][0], "--subject", pub,
             "--lifetime", "90m", "-o", out])
    r2 = run([HIPCTL, "-j", "cert", "verify", out, "--host-id", pub])
    try:
        j = json.loads(r2.stdout)
        ok = r.returncode == 0 and j["holder"] == env.keys["p256x"][2] and j["certs"][1]["max_depth"] == 0
        ok = ok and j["certs"][1]["not_after"] - j["certs"][1]["not_before"] == 5400
    except ValueError:
        ok = False
    check("--subject PUBLIC.pem, --lifetime 90m, default --depth 0", ok, f"{r.stderr} {r2.stdout} {r2.stderr}")
    return env


def expect_fail(label, args, rc, pattern):
    r = run(args)
    lines = r.stderr.splitlines()
    ok = (r.returncode == rc and len(lines) == 1 and not r.stdout and
          re.fullmatch(pattern, lines[0]) is not None)
    check(label, ok, f"rc={r.returncode} (want {rc}) out={r.stdout!r} err={r.stderr!r} (want /{pattern}/)")


# kind -> (hipctl reason, cert_ref code)
BAD = {
    "expired": (r"certificate 2: expired \(notAfter \S+\)", "expired"),
    "not-yet-valid": (r"certificate 2: not yet valid \(notBefore \S+\)", "not-yet-valid"),
    "wrong-signer": (r"certificate 2: signature does not verify with .*\(wrong signer or tampered certificate\)", "signature"),
    "depth": (r"certificate 2: maxDepth 1 deeper than allowed \(certificate 1 allows at most 0\)", "depth"),
    "redelegate": (r"certificate 2: issued by a holder that may not re-delegate \(certificate 1 has maxDepth 0\)", "depth"),
    "too-long": (r"4 delegations, more than the maximum 3", "too-long"),
    "other-hit": (r"certificate 2: delegates HIT \S+, not the claimed HIT \S+", "other-hit"),
    "tampered-sig": (r"certificate 2: signature does not verify .*", "signature"),
    "tampered": (r"certificate 2: signature does not verify .*", "signature"),
    "no-root": (r"certificate 0: not self-signed: .*\(missing root\)", "missing-root"),
    "bad-san": (r"certificate 2: subjectAltName \S+ is not the HIT of the subject key \(\S+\)", "san"),
    "bad-ian": (r"certificate 2: issuerAltName \S+ does not name the previous subject \S+", "ian"),
    "noncritical": (r"certificate 2: the delegation extension must be critical", "extension"),
    "unknown-critical": (r"certificate 2: unsupported critical extension " + re.escape(OID[:-1]) + "99", "unknown-critical"),
    "root-extension": (r"certificate 0: the root certificate carries a delegation extension", "root-extension"),
    "duplicate-ext": (r"certificate 2: extension " + re.escape(OID) + " appears twice", "extension"),
}


def bad_tests(env):
    if not env.pys:
        check("cert_ref.py needs python3-cryptography", False, "no interpreter with cryptography")
        return
    py = env.pys[-1]        # Debian's when present: the oldest library
    for keys in (["rsa0", "rsa1", "rsa2"], ["p256x", "p384x", "p256x"], ["p384x", "rsa0", "p256x"]):
        paths = sum((["--key", env.keys[k][0]] for k in keys), [])
        tag = "/".join(env.keys[k][1] for k in keys)
        f = env.f(f"ref-valid-{tag.replace('/', '-')}.pem")
        r = run([py, CERT_REF, "make", "valid", *paths, "-o", f])
        r2 = run([HIPCTL, "cert", "verify", f, "--hit", env.keys[keys[0]][2], "--host-id", env.keys[keys[-1]][0]])
        check(f"cert_ref make valid ({tag}): hipctl accepts it", r.returncode == 0 and r2.returncode == 0,
              f"{r.stderr} {r2.stderr}")
        rc, text = openssl_text(pem_certs(f)[1]) if r.returncode == 0 else (1, "")
        check(f"cert_ref make valid ({tag}): openssl x509 -text shows it",
              rc == 0 and OID + ": critical" in text)
        for kind, (hip_re, code) in BAD.items():
            f = env.f(f"bad-{kind}-{tag.replace('/', '-')}.pem")
            r = run([py, CERT_REF, "make", kind, *paths, "-o", f])
            if not check(f"cert_ref make {kind} ({tag})", r.returncode == 0, r.stderr):
                continue
            expect_fail(f"hipctl cert verify refuses {kind} ({tag})",
                        [HIPCTL, "cert", "verify", f], 1,
                        r"hipctl: cert verify: " + re.escape(f) + ": " + hip_re)
            for p in env.pys:
                r = run([p, CERT_REF, "verify", f, "--json"])
                try:
                    j = json.loads(r.stdout)
                    ok = r.returncode == 1 and j["valid"] is False and j["code"] == code
                except ValueError:
                    ok = False
                check(f"cert_ref verify refuses {kind} ({tag}, {p})", ok, f"{r.stdout} {r.stderr}")

    # Claims that do not match a valid chain
    f = env.f("ref-valid-rsa-rsa-rsa.pem")
    expect_fail("verify --hit of another HIT", [HIPCTL, "cert", "verify", f, "--hit", env.keys["p256x"][2]], 1,
                r"hipctl: cert verify: \S+: certificate 0: root is for HIT \S+, not the claimed HIT " +
                re.escape(env.keys["p256x"][2]))
    expect_fail("verify --host-id of another key", [HIPCTL, "cert", "verify", f, "--host-id", env.keys["rsa1"][0]], 1,
                r"hipctl: cert verify: \S+: certificate 2: the subject key is not the given host identity")
    expect_fail("verify --max-depth 1 of 2 delegations", [HIPCTL, "cert", "verify", f, "--max-depth", "1"], 1,
                r"hipctl: cert verify: \S+: 2 delegations, more than the maximum 1")


def issue_refusals(env):
    k = {n: env.keys[n][0] for n in env.keys}
    c1 = env.f("ref-1.pem")
    run([HIPCTL, "cert", "issue", "--key", k["rsa0"], "--subject", k["rsa1"], "--lifetime", "1h",
         "--depth", "1", "-o", c1])
    expect_fail("issue refuses --depth beyond the parent's",
                [HIPCTL, "cert", "issue", "--key", k["rsa1"], "--subject", k["rsa2"], "--lifetime", "1h",
                 "--depth", "1", "--chain", c1, "-o", env.f("x.pem")], 1,
                r"hipctl: cert issue: --depth 1 exceeds what the chain allows \(at most 0\)")
    check("issue refused: no output file", not os.path.exists(env.f("x.pem")))
    c2 = env.f("ref-2.pem")
    r = run([HIPCTL, "cert", "issue", "--key", k["rsa1"], "--subject", k["rsa2"], "--lifetime", "1h",
             "--chain", c1, "-o", c2])
    check("issue --chain at the parent's depth - 1", r.returncode == 0, r.stderr)
    expect_fail("issue refuses re-delegation from maxDepth 0",
                [HIPCTL, "cert", "issue", "--key", k["rsa2"], "--subject", k["rsa3"], "--lifetime", "1h",
                 "--chain", c2, "-o", env.f("x.pem")], 1,
                r"hipctl: cert issue: \S+: the holder may not re-delegate \(maxDepth 0\)")
    expect_fail("issue refuses a --key that does not hold the chain",
                [HIPCTL, "cert", "issue", "--key", k["rsa0"], "--subject", k["rsa3"], "--lifetime", "1h",
                 "--chain", c1, "-o", env.f("x.pem")], 1,
                r"hipctl: cert issue: \S+: the last certificate's subject is not the holder of --key \S+")
    expect_fail("issue refuses an invalid --chain",
                [HIPCTL, "cert", "issue", "--key", k["rsa1"], "--subject", k["rsa3"], "--lifetime", "1h",
                 "--chain", env.f("bad-tampered-rsa-rsa-rsa.pem"), "-o", env.f("x.pem")], 1,
                r"hipctl: cert issue: \S+: certificate 2: signature does not verify .*")
    expect_fail("issue refuses the issuer as subject",
                [HIPCTL, "cert", "issue", "--key", k["rsa0"], "--subject", k["rsa0"], "--lifetime", "1h",
                 "-o", env.f("x.pem")], 1, r"hipctl: cert issue: the subject is the issuer itself")
    expect_fail("issue refuses a public key as --key",
                [HIPCTL, "cert", "issue", "--key", env.f("p256x.pub.pem"), "--subject", k["rsa0"],
                 "--lifetime", "1h", "-o", env.f("x.pem")], 1,
                r"hipctl: cert issue: \S+: contains no private key \(a public key or certificate only\)")
    base = [HIPCTL, "cert", "issue", "--key", k["rsa0"], "--subject", k["rsa1"]]
    for args, pat in (
            ([HIPCTL, "cert"], r"hipctl: cert: missing subcommand \(try \"hipctl cert help\"\)"),
            ([HIPCTL, "cert", "sign"], r"hipctl: cert: unknown subcommand \"sign\" \(try \"hipctl cert help\"\)"),
            (base + ["-o", env.f("x.pem")], r"hipctl: cert issue: missing --lifetime DURATION"),
            (base + ["--lifetime", "1h"], r"hipctl: cert issue: missing -o FILE"),
            (base + ["--lifetime", "1w", "-o", "x"], r"hipctl: cert issue: invalid --lifetime \"1w\" .*"),
            (base + ["--lifetime", "0", "-o", "x"], r"hipctl: cert issue: invalid --lifetime \"0\" .*"),
            (base + ["--lifetime", "-5", "-o", "x"], r"hipctl: cert issue: invalid --lifetime \"-5\" .*"),
            (base + ["--lifetime", "h", "-o", "x"], r"hipctl: cert issue: invalid --lifetime \"h\" .*"),
            (base + ["--lifetime", "1h", "--depth", "256", "-o", "x"],
             r"hipctl: cert issue: invalid --depth \"256\" \(0\.\.255\)"),
            (base + ["--lifetime", "1h", "--key", "y", "-o", "x"], r"hipctl: cert issue: option --key given twice"),
            (base + ["--lifetime"], r"hipctl: cert issue: option --lifetime needs a value"),
            (base + ["--lifetime", "1h", "-o", "x", "extra"], r"hipctl: cert issue: unexpected argument \"extra\""),
            ([HIPCTL, "cert", "verify"], r"hipctl: cert verify: missing certificate FILE"),
            ([HIPCTL, "cert", "verify", "a", "b"], r"hipctl: cert verify: unexpected argument \"b\""),
            ([HIPCTL, "cert", "verify", "a", "--hit", "::1"], r"hipctl: cert verify: invalid HIT \"::1\""),
            ([HIPCTL, "cert", "verify", "a", "--max-depth", "x"], r"hipctl: cert verify: invalid --max-depth \"x\" .*"),
            ([HIPCTL, "cert", "verify", "a", "--bogus"], r"hipctl: cert verify: unknown option \"--bogus\""),
    ):
        expect_fail("usage: " + " ".join(a if len(a) < 30 else "…" for a in args[1:]), args, 2, pat)
    expect_fail("verify of a missing file", [HIPCTL, "cert", "verify", env.f("none.pem")], 1,
                r"hipctl: cert verify: \S+none\.pem: No such file or directory")
    junk = env.f("junk.pem")
    open(junk, "w").write("hello\n")
    expect_fail("verify of a file without certificates", [HIPCTL, "cert", "verify", junk], 1,
                r"hipctl: cert verify: \S+: no certificate \(PEM or DER X\.509 expected\)")
    open(env.f("empty.pem"), "w").close()
    expect_fail("verify of an empty file", [HIPCTL, "cert", "verify", env.f("empty.pem")], 1,
                r"hipctl: cert verify: \S+: empty file")
    # DER, concatenated (what HIP_A_CERT_CHAIN carries), from cert_ref.py der
    if env.pys:
        der = env.f("chain.der")
        r = run([env.pys[-1], CERT_REF, "der", env.f("ref-2.pem"), "-o", der])
        r2 = run([HIPCTL, "-j", "cert", "verify", der])
        r3 = run([env.pys[-1], CERT_REF, "verify", der])
        try:
            ok = r.returncode == 0 and json.loads(r2.stdout)["delegations"] == 2 and r3.returncode == 0
        except ValueError:
            ok = False
        check("concatenated DER chain verifies (hipctl, cert_ref)", ok, f"{r.stderr} {r2.stderr} {r3.stderr}")
        data = open(der, "rb").read()
        open(env.f("trunc.der"), "wb").write(data[:-10])
        expect_fail("verify of truncated DER", [HIPCTL, "cert", "verify", env.f("trunc.der")], 1,
                    r"hipctl: cert verify: \S+: certificate 2: cannot decode it \(DER X\.509 expected\)")
    bad = env.f("badblock.pem")
    with open(bad, "w") as f:
        f.write(open(env.f("ref-2.pem")).read() + "-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n")
    expect_fail("verify of a chain with a corrupt PEM block", [HIPCTL, "cert", "verify", bad], 1,
                r"hipctl: cert verify: \S+: certificate 3: cannot decode it")
    for form, secs in (("3600", 3600), ("45s", 45), ("90m", 5400), ("12h", 43200), ("30d", 2592000)):
        out = env.f(f"life-{form}.pem")
        r = run([HIPCTL, "cert", "issue", "--key", k["p384x"], "--subject", k["p256x"], "--lifetime", form,
                 "-o", out])
        r2 = run([HIPCTL, "-j", "cert", "verify", out])
        try:
            c = json.loads(r2.stdout)["certs"][1]
            ok = r.returncode == 0 and c["not_after"] - c["not_before"] == secs
        except (ValueError, KeyError, IndexError):
            ok = False
        check(f"--lifetime {form} = {secs} s", ok, f"{r.stderr} {r2.stdout} {r2.stderr}")
    if NO_MODULE:
        expect_fail("--subject HIT needs the module",
                    [HIPCTL, "cert", "issue", "--key", k["rsa0"], "--subject", env.keys["rsa1"][2],
                     "--lifetime", "1h", "-o", env.f("x.pem")], 1,
                    r'hipctl: generic netlink family "hip" not found \(is hip\.ko loaded\?\)')
    # A short lifetime runs out
    out = env.f("short.pem")
    run([HIPCTL, "cert", "issue", "--key", k["rsa0"], "--subject", k["rsa1"], "--lifetime", "1", "-o", out])
    time.sleep(2.1)
    expect_fail("a certificate past its lifetime is refused", [HIPCTL, "cert", "verify", out], 1,
                r"hipctl: cert verify: \S+: certificate 0: expired \(notAfter \S+\)")


def hi_pubkey_tests(env):
    """--subject HIT: the kernel's HIP_A_HI_PUBKEY (HOST_ID field) back to a key."""
    if not PRINT:
        print("# hi-pubkey checks skipped (no print_test)")
        return
    want = "round trip ok\ntruncated refused\npadded refused\nrelabelled refused\neddsa refused\n"
    for name in ("rsa0", "p256x", "p384x"):
        r = run([PRINT, "hi-pubkey", env.keys[name][0]])
        check(f"HOST_ID of {env.keys[name][1]} back to its public key", r.returncode == 0 and r.stdout == want,
              f"rc={r.returncode} {r.stdout!r} {r.stderr!r}")


def valgrind_tests(env):
    if not VALGRIND:
        print("# valgrind checks skipped")
        return
    k = {n: env.keys[n][0] for n in env.keys}
    for args in (["cert", "issue", "--key", k["rsa0"], "--subject", k["p256x"], "--lifetime", "1h", "--depth",
                  "1", "-o", env.f("vg.pem")],
                 ["cert", "issue", "--key", k["p256x"], "--subject", k["p384x"], "--lifetime", "1h",
                  "--chain", env.f("vg.pem"), "-o", env.f("vg2.pem")],
                 ["-j", "cert", "verify", env.f("vg2.pem"), "--host-id", k["p384x"]],
                 ["cert", "verify", env.f("bad-tampered-rsa-rsa-rsa.pem")],
                 ["cert", "issue", "--key", k["rsa1"], "--subject", k["rsa2"], "--lifetime", "1h",
                  "--depth", "1", "--chain", env.f("ref-1.pem"), "-o", env.f("x.pem")],
                 [PRINT, "hi-pubkey", k["p384x"]] if PRINT else None,
                 [PRINT, "hi-pubkey", k["rsa0"]] if PRINT else None):
        if args is None:
            continue
        prog = [] if args[0] == PRINT else [HIPCTL]
        r = run(["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                 "--errors-for-leak-kinds=definite,indirect",
                 "--show-leak-kinds=definite,indirect", *prog, *args])
        check(f"valgrind: {' '.join(a for a in args[:3] if a != PRINT)}", r.returncode != 99 and "==" not in r.stderr,
              f"rc={r.returncode} {r.stderr[-2000:]}")


def main():
    if not os.access(HIPCTL, os.X_OK):
        print(f"{HIPCTL}: not built")
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="hipctl-cert-")
    try:
        env = Env(tmp)
        chain_tests(env)
        bad_tests(env)
        issue_refusals(env)
        hi_pubkey_tests(env)
        valgrind_tests(env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
