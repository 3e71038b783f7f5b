#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the genetlink ABI is the same in its three places.

  Documentation/netlink/specs/hip.yaml   the contract (ynl genetlink-legacy)
  include/uapi/linux/hip.h               written by hand
  net/hip/netlink.c                      policies, ops, multicast groups

The header and the kernel code are not generated (Documentation/hip/
netlink.rst says why), so this compares them with the spec and prints one
line per difference, "FILE: WHAT: the file says X, hip.yaml says Y", then
exits 1; nothing found: one "abi-check: ok" line and exit 0.  The rules
are ynl's C naming (family, constants, enums, attribute sets, commands,
the __*_MAX/*_MAX pairs) plus:

 - header: every #define, enum and enumerator is in the spec and every
   spec item is in the header, with the same value; each attribute's
   trailing comment starts with its type ("padding" for pad), names the
   C enum of an enum attribute ("enum hip_hi_algo") and the length of an
   exact-len binary ("16 bytes").  An attribute set that mirrors an enum
   (attribute type = enum value + 1, all u64: stats) has no enum of its
   own in the header.
 - policies: the family policy holds the attributes of the operations'
   attribute set; an attribute is accepted in requests if some operation's
   request lists it (top level) or, inside a nest, unless its doc says
   "Read only" (or its type is pad).  An accepted attribute's policy is
   the one its type and checks give (u8 with max: NLA_POLICY_MAX(NLA_U8,
   ...), binary exact-len: NLA_POLICY_EXACT_LEN(), binary max-len:
   { .type = NLA_BINARY, .len = } or NLA_POLICY_MAX_LEN(), min-len:
   NLA_POLICY_MIN_LEN(), nest: NLA_POLICY_NESTED() of the policy of its
   set, flag: NLA_FLAG); enum attributes are not range-checked by policy
   (the handlers answer EOPNOTSUPP for unknown values).  A refused one has
   no entry (strict validation refuses NLA_UNSPEC) or NLA_REJECT with a
   reject_message.
 - operations: each do/dump operation is one ops entry with .doit/.dumpit
   as the spec has do/dump and .flags GENL_UNS_ADMIN_PERM/GENL_ADMIN_PERM
   as its flags; notifications have none.  Multicast groups: name and
   GENL_MCAST_CAP_NET_ADMIN for uns-admin-perm.  The family: name,
   version, maxattr, policy, resv_start_op (the first command: every
   command strictly validated), mcgrps.

Usage: abi-check.py [--spec FILE] [--header FILE] [--netlink FILE]
(default: the repository's files).  Needs python3-yaml.
"""

import argparse
import os
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("abi-check: python3-yaml is missing (scripts/install-deps.sh installs it)")

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def disp(path):
    """path as the messages show it: relative to the repository if inside"""
    rel = os.path.relpath(os.path.abspath(path), REPO)
    return path if rel.startswith("..") else rel


def c_upper(name):
    return name.upper().replace("-", "_")


def c_lower(name):
    return name.lower().replace("-", "_")


# ---------------------------------------------------------------- the spec


class Spec:
    def __init__(self, path):
        self.path = disp(path)
        with open(path) as f:
            self.y = yaml.safe_load(f)
        y = self.y
        self.name = y["name"]
        self.pfx = c_upper(self.name) + "_"
        self.version = y.get("version", 1)
        self.consts = {}        # const name -> value
        self.enums = {}         # enum name -> (c enum name or None, [(C name, value)], render-max)
        self.enum_names = {}    # enum name -> C entry prefix
        for d in y.get("definitions", []):
            if d["type"] == "const":
                self.consts[d["name"]] = d["value"]
            elif d["type"] in ("enum", "flags"):
                prefix = c_upper(d.get("name-prefix", f"{self.name}-{d['name']}-"))
                cname = d.get("enum-name", f"{self.name}-{d['name']}")
                entries, v = [], 0
                for e in d["entries"]:
                    if isinstance(e, dict):
                        v = e.get("value", v)
                        n = e["name"]
                    else:
                        n = e
                    entries.append((prefix + c_upper(n),
                                    (1 << v) if d["type"] == "flags" else v))
                    v += 1
                self.enums[d["name"]] = (c_lower(cname) if cname else None, entries,
                                         bool(d.get("render-max")))
            else:
                err(path, f"definition {d['name']}: type {d['type']} not handled by abi-check")
        self.sets = {}          # set name -> dict
        for s in y["attribute-sets"]:
            prefix = c_upper(s.get("name-prefix", f"{self.name}-a-{s['name']}-"))
            attrs, v = [], 1
            for a in s["attributes"]:
                v = a.get("value", v)
                attrs.append(dict(a, cname=prefix + c_upper(a["name"]), val=v))
                v += 1
            self.sets[s["name"]] = {
                "prefix": prefix, "attrs": attrs,
                "cnt": s.get("attr-cnt-name", f"__{prefix}MAX"),
                "max": s.get("attr-max-name", f"{prefix}MAX"),
            }
        ops = y["operations"]
        self.op_prefix = c_upper(ops.get("name-prefix", f"{self.name}-cmd-"))
        self.ops, v = [], 1
        for o in ops["list"]:
            v = o.get("value", v)
            self.ops.append(dict(o, cname=self.op_prefix + c_upper(o["name"]), val=v))
            v += 1
        self.mcgrps = y.get("mcast-groups", {}).get("list", [])

    def limit(self, v):
        """A check's value: a number or the name of a const"""
        if isinstance(v, int):
            return v
        if v in self.consts:
            return self.consts[v]
        err(self.path, f"check value {v!r} is neither a number nor a const")
        return None

    def read_only(self, a):
        return a["type"] == "pad" or "read only" in a.get("doc", "").lower()

    def op_set(self):
        sets = {o["attribute-set"] for o in self.ops if "attribute-set" in o}
        if len(sets) != 1:
            err(self.path, f"kernel-policy global needs one attribute set for all operations, not {sorted(sets)}")
        return sets.pop() if sets else None

    def request_attrs(self):
        got = set()
        for o in self.ops:
            for mode in ("do", "dump"):
                req = (o.get(mode) or {}).get("request") or {}
                got.update(req.get("attributes", []))
        return got

    def policy_of(self, a):
        """What the kernel policy must say for an accepted attribute"""
        t, ch = a["type"], a.get("checks", {})
        for k in ch:
            if k not in ("min", "max", "min-len", "max-len", "exact-len"):
                err(self.path, f"{a['cname']}: check {k} not handled by abi-check")
        if t in ("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64"):
            return {"kind": "int", "type": "NLA_" + t.upper(),
                    "min": self.limit(ch["min"]) if "min" in ch else None,
                    "max": self.limit(ch["max"]) if "max" in ch else None}
        if t == "binary":
            return {"kind": "binary",
                    "exact": self.limit(ch["exact-len"]) if "exact-len" in ch else None,
                    "min": self.limit(ch["min-len"]) if "min-len" in ch else None,
                    "max": self.limit(ch["max-len"]) if "max-len" in ch else None}
        if t == "flag":
            return {"kind": "flag"}
        if t == "nest":
            return {"kind": "nest", "set": a["nested-attributes"]}
        err(self.path, f"{a['cname']}: type {t} not handled by abi-check")
        return {"kind": t}


def show_policy(p):
    if p is None:
        return "refused"
    k = p["kind"]
    if k == "int":
        lim = [f"{n} {p[n]}" for n in ("min", "max") if p[n] is not None]
        return " ".join([p["type"]] + lim)
    if k == "binary":
        lim = [f"{n}-len {p[n]}" for n in ("exact", "min", "max") if p[n] is not None]
        return " ".join(["binary"] + (lim or ["any length"]))
    if k == "nest":
        return f"nest of {p['set']}"
    return k


# ---------------------------------------------------------------- C helpers


def strip_comments(text):
    """Comments blanked out, keeping every offset (and line) in place"""
    return re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text,
                  flags=re.S)


SIZEOF = {"struct in6_addr": 16, "struct in_addr": 4, "__be32": 4, "__u32": 4, "u32": 4,
          "__be16": 2, "__u16": 2, "u16": 2, "__u8": 1, "u8": 1, "__be64": 8, "__u64": 8,
          "u64": 8}


def c_eval(expr, names, where):
    """Value of a constant C expression of numbers, names, sizeof and + - ( )"""
    e = expr.strip()
    e = re.sub(r"sizeof\s*\(\s*([\w ]+?)\s*\)",
               lambda m: str(SIZEOF[m.group(1)]) if m.group(1) in SIZEOF else m.group(0), e)
    if "sizeof" in e:
        err(where, f"cannot evaluate {expr!r}")
        return None
    e = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b", r"\1", e)

    def name(m):
        n = m.group(0)
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", n):
            return n
        if n in names and names[n] is not None:
            return str(names[n])
        raise KeyError(n)
    try:
        e = re.sub(r"\b\w+\b", name, e)
    except KeyError as k:
        err(where, f"unknown name {k.args[0]} in {expr!r}")
        return None
    if not re.fullmatch(r"[\d\sxXa-fA-F+\-()]*", e):
        err(where, f"cannot evaluate {expr!r}")
        return None
    return eval(e, {"__builtins__": {}})  # only digits, + - ( ) left


def split_top(text, sep=","):
    """Split at sep outside (), {}, [] and strings"""
    out, depth, cur, i, instr = [], 0, "", 0, False
    while i < len(text):
        c = text[i]
        if instr:
            cur += c
            if c == "\\":
                cur += text[i + 1]
                i += 1
            elif c == '"':
                instr = False
        elif c == '"':
            instr = True
            cur += c
        elif c in "({[":
            depth += 1
            cur += c
        elif c in ")}]":
            depth -= 1
            cur += c
        elif c == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    if cur.strip():
        out.append(cur)
    return [x.strip() for x in out]


def braced(text, start):
    """The text inside the {} that opens at or after start, and the end index"""
    i = text.index("{", start)
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j
    raise ValueError("unbalanced braces")


# ---------------------------------------------------------------- the header


class Header:
    def __init__(self, path):
        raw = open(path).read()
        self.path = path = disp(path)
        self.defines = {}       # name -> value text
        self.enums = []         # (C name or None, [(name, value, comment)])
        code = strip_comments(raw)
        guard = re.search(r"#ifndef\s+(\w+)\s*\n\s*#define\s+\1\b", code)
        self.guard = guard.group(1) if guard else None
        for m in re.finditer(r"^\s*#\s*define\s+(\w+)(?:[ \t]+(.*?))?\s*$", code, re.M):
            if m.group(1) != self.guard:
                self.defines[m.group(1)] = (m.group(2) or "").strip()
        self.names = {}
        for n, v in self.defines.items():
            if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", v):
                self.names[n] = int(v, 0)
        # enums, with the comment trailing each entry (from the raw text)
        for m in re.finditer(r"\benum\s+(\w+\s*)?\{", code):
            body, end = braced(code, m.start())
            rawbody = raw[m.end():end]
            cname = m.group(1).strip() if m.group(1) else None
            entries, val = [], -1
            lines, rawlines = body.split("\n"), rawbody.split("\n")
            for i, line in enumerate(lines):
                for part in [p for p in line.split(",") if p.strip()]:
                    em = re.fullmatch(r"\s*(\w+)\s*(?:=\s*(.+?))?\s*", part)
                    if not em:
                        err(path, f"enum {cname or '(anonymous)'}: cannot parse {part.strip()!r}")
                        continue
                    if em.group(2) is not None:
                        val = c_eval(em.group(2), self.names, f"{path}: {em.group(1)}")
                    else:
                        val = None if val is None else val + 1
                    self.names[em.group(1)] = val
                    comment = ""
                    cm = re.search(r"/\*(.*?)(\*/|$)", rawlines[i])
                    if cm:
                        comment = cm.group(1)
                        j = i
                        while not cm.group(2) and j + 1 < len(rawlines):
                            j += 1
                            cm = re.search(r"^(.*?)(\*/|$)", rawlines[j])
                            comment += " " + cm.group(1).strip(" *")
                    entries.append((em.group(1), val, " ".join(comment.split())))
            self.enums.append((cname, entries))


# ---------------------------------------------------------------- netlink.c


class Kernel:
    def __init__(self, path, hdr):
        code = strip_comments(open(path).read())
        self.path = path = disp(path)
        self.policies = {}      # name -> (max name, {attr: entry text})
        for m in re.finditer(r"(?:static\s+)?const\s+struct\s+nla_policy\s+(\w+)\s*\[\s*(\w+)\s*\+\s*1\s*\]\s*=",
                             code):
            body, _ = braced(code, m.end())
            entries = {}
            for e in split_top(body):
                em = re.fullmatch(r"\[\s*(\w+)\s*\]\s*=\s*(.+)", e, re.S)
                if not em:
                    err(path, f"{m.group(1)}: cannot parse entry {e!r}")
                    continue
                entries[em.group(1)] = " ".join(em.group(2).split())
            self.policies[m.group(1)] = (m.group(2), entries)
        self.ops = {}           # ops array name -> [dict of fields]
        for m in re.finditer(r"static\s+const\s+struct\s+genl_(?:small_)?ops\s+(\w+)\s*\[\s*\]\s*=", code):
            body, _ = braced(code, m.end())
            self.ops[m.group(1)] = [self.fields(e, m.group(1)) for e in split_top(body)]
        self.mcgrps = {}        # array name -> [dict]
        for m in re.finditer(r"static\s+const\s+struct\s+genl_multicast_group\s+(\w+)\s*\[\s*\]\s*=", code):
            body, _ = braced(code, m.end())
            grps = []
            for e in split_top(body):
                e = re.sub(r"^\[\s*\w+\s*\]\s*=\s*", "", e)
                grps.append(self.fields(e, m.group(1)))
            self.mcgrps[m.group(1)] = grps
        self.family = None
        m = re.search(r"struct\s+genl_family\s+\w+[^;=]*=", code)
        if m:
            body, _ = braced(code, m.end())
            self.family = self.fields("{" + body + "}", "genl_family")
        else:
            err(path, "no struct genl_family definition")

    def fields(self, text, where):
        text = text.strip()
        if not (text.startswith("{") and text.endswith("}")):
            err(self.path, f"{where}: cannot parse {text!r}")
            return {}
        out = {}
        for f in split_top(text[1:-1]):
            fm = re.fullmatch(r"\.(\w+)\s*=\s*(.+)", f, re.S)
            if not fm:
                err(self.path, f"{where}: cannot parse {f!r}")
                continue
            out[fm.group(1)] = " ".join(fm.group(2).split())
        return out


def parse_policy(text, hdr, where):
    """A policy entry as {kind, ...}, like Spec.policy_of, or an error"""
    def ev(x):
        return c_eval(x, hdr.names, where)
    m = re.fullmatch(r"NLA_POLICY_(EXACT_LEN|MIN_LEN|MAX_LEN)\((.+)\)", text)
    if m:
        p = {"kind": "binary", "exact": None, "min": None, "max": None}
        p[{"EXACT_LEN": "exact", "MIN_LEN": "min", "MAX_LEN": "max"}[m.group(1)]] = ev(m.group(2))
        return p
    m = re.fullmatch(r"NLA_POLICY_(MIN|MAX|RANGE)\((.+)\)", text)
    if m:
        args = split_top(m.group(2))
        p = {"kind": "int", "type": args[0], "min": None, "max": None}
        if m.group(1) == "RANGE" and len(args) == 3:
            p["min"], p["max"] = ev(args[1]), ev(args[2])
        elif m.group(1) != "RANGE" and len(args) == 2:
            p[m.group(1).lower()] = ev(args[1])
        else:
            err(where, f"cannot parse {text!r}")
        if args[0] == "NLA_BINARY":
            p = {"kind": "binary", "exact": None, "min": p["min"], "max": p["max"]}
        return p
    m = re.fullmatch(r"NLA_POLICY_NESTED\((\w+)\)", text)
    if m:
        return {"kind": "nest", "policy": m.group(1)}
    if text.startswith("{") and text.endswith("}"):
        f = {}
        for part in split_top(text[1:-1]):
            fm = re.fullmatch(r"\.(\w+)\s*=\s*(.+)", part)
            if not fm:
                err(where, f"cannot parse {text!r}")
                return None
            f[fm.group(1)] = fm.group(2)
        t = f.pop("type", "NLA_UNSPEC")
        if t == "NLA_REJECT":
            if not f.get("reject_message", "").startswith('"'):
                err(where, "NLA_REJECT without a reject_message (every refusal says why)")
            return None
        if t == "NLA_FLAG" and not f:
            return {"kind": "flag"}
        if t == "NLA_BINARY" and set(f) <= {"len"}:
            return {"kind": "binary", "exact": None, "min": None,
                    "max": ev(f["len"]) if "len" in f else None}
        if re.fullmatch(r"NLA_[US](8|16|32|64)", t) and not f:
            return {"kind": "int", "type": t, "min": None, "max": None}
    err(where, f"policy {text!r} is not one abi-check knows (see its rules)")
    return {"kind": "?"}


# ---------------------------------------------------------------- the checks


def check_header(spec, hdr):
    H, S = hdr.path, os.path.basename(spec.path)
    want_defines = {
        spec.pfx + "FAMILY_NAME": f'"{spec.name}"',
        spec.pfx + "FAMILY_VERSION": str(spec.version),
    }
    for g in spec.mcgrps:
        want_defines[spec.pfx + "MCGRP_" + c_upper(g["name"])] = f'"{g["name"]}"'
    for n, v in spec.consts.items():
        want_defines[spec.pfx + c_upper(n)] = v
    for n, v in want_defines.items():
        if n not in hdr.defines:
            err(H, f"#define {n} missing ({S} has {v})")
        elif isinstance(v, int):
            if hdr.names.get(n) != v:
                err(H, f"{n}: the header says {hdr.defines[n]}, {S} says {v}")
        elif hdr.defines[n] != v:
            err(H, f"{n}: the header says {hdr.defines[n]}, {S} says {v}")
    for n in hdr.defines:
        if n not in want_defines:
            err(H, f"#define {n} is not in {S}")

    named = {c: e for c, e in hdr.enums if c}
    anon = [e for c, e in hdr.enums if not c]
    used_anon = set()

    def compare(what, got, want, cnt=None, mx=None, unspec=False):
        """got: [(name, value, comment)]; want: [(name, value)]"""
        g = list(got)
        if unspec and g and g[0][0].endswith("UNSPEC"):
            if g[0][1] != 0:
                err(H, f"{what}: {g[0][0]} = {g[0][1]}, want 0")
            if want and want[0][1] == 0:
                err(H, f"{what}: {g[0][0]} takes value 0 of {want[0][0]}")
            g = g[1:]
        if cnt:
            tail = [x for x in g if x[0] in (cnt, mx)]
            g = [x for x in g if x[0] not in (cnt, mx)]
            last = max([v for _, v in want], default=0)
            tv = {x[0]: x[1] for x in tail}
            if tv.get(cnt) != last + 1:
                err(H, f"{what}: {cnt} = {tv.get(cnt)}, want {last + 1}")
            if tv.get(mx) != last:
                err(H, f"{what}: {mx} = {tv.get(mx)}, want {last} ({cnt} - 1)")
        gd = {x[0]: x[1] for x in g}
        wd = dict(want)
        for n, v in want:
            if n not in gd:
                err(H, f"{what}: {n} missing ({S} has it = {v})")
            elif gd[n] != v:
                err(H, f"{what}: {n} = {gd[n]}, {S} says {v}")
        for n, v, _ in g:
            if n not in wd:
                err(H, f"{what}: {n} = {v} is not in {S}")
        if [n for n, _, _ in g if n in wd] != [n for n, _ in want if n in gd]:
            err(H, f"{what}: entries not in the order of {S}")

    for name, (cname, entries, render_max) in spec.enums.items():
        if not cname:
            err(spec.path, f"enum {name}: anonymous enums are not handled by abi-check")
            continue
        if cname not in named:
            err(H, f"enum {cname} missing ({S}: enum {name})")
            continue
        pfx = c_upper(next(d for d in spec.y["definitions"] if d["name"] == name)
                      .get("name-prefix", f"{spec.name}-{name}-"))
        compare(f"enum {cname}", named.pop(cname), entries,
                f"__{pfx}MAX" if render_max else None, f"{pfx}MAX" if render_max else None)
    for cname in named:
        err(H, f"enum {cname} is not in {S}")

    def find_anon(first_names):
        for i, e in enumerate(anon):
            if i not in used_anon and any(x[0] in first_names for x in e):
                used_anon.add(i)
                return e
        return None

    for sname, st in spec.sets.items():
        attrs = st["attrs"]
        mirror = mirror_of(spec, sname)
        e = find_anon({a["cname"] for a in attrs} | {st["prefix"] + "UNSPEC", st["cnt"]})
        if e is None:
            if not mirror:
                err(H, f"no enum for attribute set {sname} ({st['prefix']}*)")
            continue
        compare(f"attribute set {sname}", e, [(a["cname"], a["val"]) for a in attrs],
                st["cnt"], st["max"], unspec=True)
        comments = {n: c for n, _, c in e}
        for a in attrs:
            c = comments.get(a["cname"])
            if c is None:
                continue
            word = re.match(r"[\w-]*", c).group(0)
            want = "padding" if a["type"] == "pad" else a["type"]
            if word != want:
                err(H, f"{a['cname']}: the comment says type {word!r}, {S} says {a['type']}")
            if "enum" in a:
                en = spec.enums.get(a["enum"], (None,))[0]
                if en and f"enum {en}" not in c:
                    err(H, f"{a['cname']}: the comment does not name enum {en} ({S}: enum {a['enum']})")
            n = a.get("checks", {}).get("exact-len")
            if n is not None and f"{spec.limit(n)} bytes" not in c:
                err(H, f"{a['cname']}: the comment does not say {spec.limit(n)} bytes ({S}: exact-len)")
    e = find_anon({o["cname"] for o in spec.ops} | {spec.op_prefix + "UNSPEC"})
    if e is None:
        err(H, f"no enum of commands ({spec.op_prefix}*)")
    else:
        compare("commands", e, [(o["cname"], o["val"]) for o in spec.ops],
                f"__{spec.op_prefix}MAX", f"{spec.op_prefix}MAX", unspec=True)
    for i, e in enumerate(anon):
        if i not in used_anon:
            err(H, f"anonymous enum starting {e[0][0] if e else '?'} is not in {S}")


def mirror_of(spec, sname):
    """The enum an attribute set mirrors (type = enum value + 1, u64), or None"""
    attrs = spec.sets[sname]["attrs"]
    for ename, (_, entries, _) in spec.enums.items():
        d = next(d for d in spec.y["definitions"] if d["name"] == ename)
        names = [e["name"] if isinstance(e, dict) else e for e in d["entries"]]
        if [a["name"] for a in attrs] == names:
            for a, (_, v) in zip(attrs, entries):
                if a["val"] != v + 1 or a["type"] != "u64":
                    err(spec.path, f"attribute set {sname} mirrors enum {ename} but {a['name']} "
                        f"is {a['type']} = {a['val']}, want u64 = {v + 1}")
            return ename
    return None


def check_policies(spec, hdr, kern):
    K, S = kern.path, os.path.basename(spec.path)
    by_max = {}
    for pname, (mx, _) in kern.policies.items():
        by_max.setdefault(mx, []).append(pname)
    set_policy = {}
    for sname, st in spec.sets.items():
        ps = by_max.get(st["max"], [])
        if len(ps) > 1:
            err(K, f"several policies for attribute set {sname}: {', '.join(ps)}")
        if ps:
            set_policy[sname] = ps[0]
    for pname, (mx, _) in kern.policies.items():
        if mx not in [st["max"] for st in spec.sets.values()]:
            err(K, f"{pname}[{mx} + 1]: {mx} is no attribute set's max in {S}")

    top = spec.op_set()
    fam = kern.family or {}
    if top in spec.sets:
        if fam.get("maxattr") != spec.sets[top]["max"]:
            err(K, f"genl_family .maxattr = {fam.get('maxattr')}, want {spec.sets[top]['max']}")
        if fam.get("policy") != set_policy.get(top):
            err(K, f"genl_family .policy = {fam.get('policy')}, want the policy of set {top} "
                f"({set_policy.get(top, 'none found')})")
    requested = spec.request_attrs()
    todo, done = [(top, True)], set()
    while todo:
        sname, is_top = todo.pop()
        if sname in done or sname not in spec.sets:
            continue
        done.add(sname)
        pname = set_policy.get(sname)
        if not pname:
            err(K, f"no policy for attribute set {sname} (nla_policy ...[{spec.sets[sname]['max']} + 1])")
            continue
        entries = dict(kern.policies[pname][1])
        for a in spec.sets[sname]["attrs"]:
            where = f"{K}: {pname}[{a['cname']}]"
            if is_top:
                accepted = a["name"] in requested
                if accepted and spec.read_only(a):
                    err(spec.path, f"{a['cname']} is read only but a request carries it")
            else:
                accepted = not spec.read_only(a)
            text = entries.pop(a["cname"], None)
            got = parse_policy(text, hdr, where) if text is not None else None
            want = spec.policy_of(a) if accepted else None
            if want and want["kind"] == "nest":
                todo.append((want["set"], False))
                if got and got["kind"] == "nest":
                    ws = set_policy.get(want["set"])
                    if got["policy"] != ws:
                        errors.append(f"{where}: nests {got['policy']}, {S} says nest of "
                                      f"{want['set']} ({ws or 'no policy found'})")
                    continue
            if got != want:
                why = "" if accepted else (" (read only)" if spec.read_only(a) else " (in no request)")
                errors.append(f"{where}: the policy says {show_policy(got)}, "
                              f"{S} says {show_policy(want)}{why}")
        for n in entries:
            err(K, f"{pname}[{n}]: not an attribute of set {sname} in {S}")


def check_ops(spec, kern):
    K, S = kern.path, os.path.basename(spec.path)
    fam = kern.family or {}
    opsname = fam.get("ops") or fam.get("small_ops")
    if opsname not in kern.ops:
        err(K, f"genl_family .ops / .small_ops = {opsname}: no such ops array")
        return
    ops = {}
    for o in kern.ops[opsname]:
        c = o.get("cmd")
        if c in ops:
            err(K, f"{opsname}: {c} twice")
        ops[c] = o
    for o in spec.ops:
        where = f"{K}: {opsname}[{o['cname']}]"
        k = ops.pop(o["cname"], None)
        if "notify" in o or "event" in o or not ("do" in o or "dump" in o):
            if k:
                errors.append(f"{where}: a notification in {S}, but the family handles it as a request")
            continue
        if not k:
            errors.append(f"{where}: missing ({S} has {o['name']} with "
                          f"{' and '.join(m for m in ('do', 'dump') if m in o)})")
            continue
        for mode, field in (("do", "doit"), ("dump", "dumpit")):
            if (mode in o) != (field in k):
                errors.append(f"{where}: .{field} {'set' if field in k else 'missing'}, "
                              f"{S} {'has' if mode in o else 'has no'} {mode}")
        want = sorted({"admin-perm": "GENL_ADMIN_PERM", "uns-admin-perm": "GENL_UNS_ADMIN_PERM"}
                      .get(f, f"?{f}") for f in o.get("flags", []))
        got = sorted(x.strip() for x in k.get("flags", "").split("|") if x.strip())
        if got != want:
            errors.append(f"{where}: .flags {' | '.join(got) or 'none'}, {S} says "
                          f"{' | '.join(want) or 'none'} ({', '.join(o.get('flags', [])) or 'no flags'})")
    for c in ops:
        err(K, f"{opsname}: {c} is no operation of {S}")
    first = min(spec.ops, key=lambda o: o["val"])["cname"] if spec.ops else None
    if fam.get("resv_start_op") != first:
        err(K, f"genl_family .resv_start_op = {fam.get('resv_start_op')}, want {first} "
            "(every command strictly validated)")
    if fam.get("name") != spec.pfx + "FAMILY_NAME":
        err(K, f"genl_family .name = {fam.get('name')}, want {spec.pfx}FAMILY_NAME")
    if fam.get("version") != spec.pfx + "FAMILY_VERSION":
        err(K, f"genl_family .version = {fam.get('version')}, want {spec.pfx}FAMILY_VERSION")

    grpname = fam.get("mcgrps")
    grps = kern.mcgrps.get(grpname, []) if grpname else []
    if spec.mcgrps and not grps:
        err(K, f"genl_family .mcgrps = {grpname}: no multicast groups, {S} has "
            f"{', '.join(g['name'] for g in spec.mcgrps)}")
    got = {g.get("name"): g for g in grps}
    for g in spec.mcgrps:
        n = spec.pfx + "MCGRP_" + c_upper(g["name"])
        k = got.pop(n, None)
        if not k:
            err(K, f"multicast group {n} missing")
            continue
        want = sorted({"uns-admin-perm": "GENL_MCAST_CAP_NET_ADMIN"}.get(f, f"?{f}")
                      for f in g.get("flags", []))
        have = sorted(x.strip() for x in k.get("flags", "").split("|") if x.strip())
        if have != want:
            err(K, f"multicast group {n}: .flags {' | '.join(have) or 'none'}, {S} says "
                f"{' | '.join(want) or 'none'}")
    for n in got:
        err(K, f"multicast group {n} is not in {S}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", default=os.path.join(REPO, "Documentation/netlink/specs/hip.yaml"))
    ap.add_argument("--header", default=os.path.join(REPO, "include/uapi/linux/hip.h"))
    ap.add_argument("--netlink", default=os.path.join(REPO, "net/hip/netlink.c"))
    a = ap.parse_args()
    try:
        spec = Spec(a.spec)
        hdr = Header(a.header)
        kern = Kernel(a.netlink, hdr)
    except (OSError, KeyError, ValueError, TypeError, yaml.YAMLError) as e:
        print(f"abi-check: cannot read the files: {e!r}", file=sys.stderr)
        return 1
    if not errors:
        check_header(spec, hdr)
        check_policies(spec, hdr, kern)
        check_ops(spec, kern)
    for e in errors:
        print(e)
    if errors:
        print(f"abi-check: {len(errors)} difference(s) between {disp(a.spec)}, "
              f"{disp(a.header)} and {disp(a.netlink)}", file=sys.stderr)
        return 1
    print("abi-check: ok (hip.yaml, the uapi header and the netlink.c policies, "
          "ops and groups agree)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
