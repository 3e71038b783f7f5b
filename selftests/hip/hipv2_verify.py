#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the HIP packets of a capture against the RFC text (hipv2/), as a
third party would: no secrets needed.

  hipv2_verify.py CAPTURE.pcap [--pub KEY.pem ...] [--min-k N]

For every HIP packet (IP protocol 139, Ethernet pcap as tcpdump -w writes):
  - the checksum (RFC 7401 5.1.1) and parameter order (5.2.1);
  - each HOST_ID: HIT = ORCHIDv2(HI) (3.2, RFC 7343);
  - R1: HIP_SIGNATURE_2 over exactly the 6.4.2 bytes (Initiator's HIT,
    checksum, PUZZLE Opaque and #I zeroed); the DH group against the I1's
    DH_GROUP_LIST and the R1's own list (5.2.6, 6.8 step 7); #I of
    RHASH_len/8 bytes (5.2.4); #K >= --min-k;
  - I2: the SOLUTION against the R1's PUZZLE (#I, #K, Opaque, the #K
    lowest-order bits of RHASH(#I|HIT-I|HIT-R|#J) zero, 6.3), R1_COUNTER
    echoed (5.2.3), echo requests answered (5.2.20, 5.2.21), DH group of
    the R1 (6.9 step 10), HIP_SIGNATURE;
  - R2, UPDATE, NOTIFY, CLOSE, CLOSE_ACK: HIP_SIGNATURE over the 6.4.2
    bytes.
Signatures need the sender's HI: from a HOST_ID in the capture, or from
--pub (PEM private or public keys; an I2's HOST_ID is usually encrypted).
HIP_MAC and HIP_MAC_2 need the DH secrets and are not checked.

Prints "ok: ..." / "FAIL: ..." lines; exits 1 on any failure, 2 when the
capture holds no base exchange to check.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import hip_craft  # noqa: E402
from hipv2 import bex, crypto, wire  # noqa: E402


class Verifier:
    def __init__(self, keys, min_k):
        self.c = bex.Checker(print)
        self.keys = keys            # HIT bytes -> HostId
        self.min_k = min_k
        self.i1 = {}                # (HIT-I, HIT-R) -> I1 DH list
        self.r1 = {}                # (HIT-I, HIT-R) -> R1 Packet
        self.counts = {}

    def ok(self, *a, **kw):
        kw.setdefault("fatal", False)
        return self.c.ok(*a, **kw)

    def packet(self, n, src, dst, raw):
        c = self.ok
        if len(raw) < wire.HDR_LEN:
            c(False, "frame %d: HIP packet of %d bytes" % (n, len(raw)), "RFC 7401 5.1")
            return
        good = wire.checksum_ok(src, dst, raw[:(raw[1] + 1) * 8])
        try:
            pkt = wire.Packet(raw)
        except wire.WireError as e:
            c(False, "frame %d: well-formed HIP packet" % n, "RFC 7401 5.1, 5.2.1",
              "valid", str(e))
            return
        tag = "frame %d %s" % (n, pkt.type_name)
        print("frame %d: %s %s > %s, %s > %s" % (n, pkt.type_name, src, dst,
                                                wire.hit_str(pkt.shit), wire.hit_str(pkt.rhit)))
        c(good, "%s: checksum" % tag, "RFC 7401 5.1.1", "valid",
          "0x%04x" % pkt.checksum)
        c(pkt.version == 2 and pkt.fixed_bits == (0, 1), "%s: version 2, fixed bits"
          % tag, "RFC 7401 5.1", "2 (0, 1)", "%d %s" % (pkt.version, pkt.fixed_bits))
        self.counts[pkt.type_name] = self.counts.get(pkt.type_name, 0) + 1
        for p in pkt.get_all(wire.HOST_ID):
            alg, hi, _, _ = wire.parse_host_id(p)
            try:
                hid = crypto.HostId.from_wire(alg, hi)
            except ValueError as e:
                c(False, "%s: HOST_ID parses" % tag, "RFC 7401 5.2.9", "RSA/ECDSA HI", str(e))
                continue
            c(hid.hit == pkt.shit, "%s: Sender's HIT = ORCHIDv2(HOST_ID %s)" % (tag, hid.desc),
              "RFC 7401 3.2, 5.2.9; RFC 7343", wire.hit_str(hid.hit), wire.hit_str(pkt.shit))
            self.keys.setdefault(hid.hit, hid)
        getattr(self, "on_" + pkt.type_name.lower(), self.on_other)(tag, pkt)

    def sig(self, tag, pkt, ptype):
        p = pkt.get(ptype)
        if p is None:
            self.ok(False, "%s carries %s" % (tag, wire.PARAM_NAMES[ptype]), "RFC 7401 5.3")
            return
        hid = self.keys.get(pkt.shit)
        if hid is None:
            print("not checked: %s %s: no HI for %s (give --pub)" % (
                tag, p.name, wire.hit_str(pkt.shit)))
            return
        alg, sig = wire.parse_signature(p)
        why = hid.verify(sig, crypto.sig_data(pkt, ptype))
        alt = crypto.explain_sig(hid, sig, pkt, ptype) if why else None
        self.ok(why is None, "%s: %s over exactly the RFC 7401 6.4.2 bytes (%s)"
                % (tag, p.name, hid.desc), "RFC 7401 5.2.14, 5.2.15, 6.4.2",
                "valid", "%s%s" % (why, "; it %s" % alt if alt else ""))
        self.ok(alg == hid.alg, "%s: SIG alg %d" % (tag, alg), "RFC 7401 5.2.14",
                hid.alg, alg)

    def on_i1(self, tag, pkt):
        p = pkt.get(wire.DH_GROUP_LIST)
        self.ok(p is not None, "%s carries DH_GROUP_LIST" % tag, "RFC 7401 5.3.1")
        if p is not None:
            self.i1[(pkt.shit, pkt.rhit)] = wire.u8_list(p)

    def on_r1(self, tag, pkt):
        c = self.ok
        self.sig(tag, pkt, wire.HIP_SIGNATURE_2)
        key = (pkt.rhit, pkt.shit)
        self.r1[key] = pkt
        dh, lst = pkt.get(wire.DIFFIE_HELLMAN), pkt.get(wire.DH_GROUP_LIST)
        if dh is None or lst is None:
            c(False, "%s carries DIFFIE_HELLMAN and DH_GROUP_LIST" % tag, "RFC 7401 5.3.2")
            return
        group, _ = wire.parse_diffie_hellman(dh)
        r_list = wire.u8_list(lst)
        i_list = self.i1.get(key)
        if i_list is None:
            # an R1 to a NULL-HIT I1 (opportunistic) or one we missed
            i_list = self.i1.get((pkt.rhit, bytes(16)))
        if i_list is None:
            print("not checked: %s DH group choice: no I1 in the capture" % tag)
        else:
            want = bex._first_common(r_list, i_list)
            c(group == (want if want is not None else r_list[0]),
              "%s: DH group %d is the first of the Responder's list %s in the I1 list "
              "%s" % (tag, group, r_list, i_list), "RFC 7401 5.2.6, 4.1.3, 6.8 step 7",
              want, group)
        pz = pkt.get(wire.PUZZLE)
        if pz is not None:
            k, _, _, i = wire.parse_puzzle(pz)
            n = 32 if crypto.hit_suite_of(pkt.shit) == 1 else 48
            c(len(i) == n, "%s: PUZZLE #I is RHASH_len/8 = %d bytes" % (tag, n),
              "RFC 7401 5.2.4", n, len(i))
            c(k >= self.min_k, "%s: puzzle #K %d >= %d (test setup)" % (tag, k, self.min_k),
              "test setup", ">= %d" % self.min_k, k)

    def on_i2(self, tag, pkt):
        c = self.ok
        r1 = self.r1.get((pkt.shit, pkt.rhit))
        if r1 is None:
            print("not checked: %s puzzle and DH: no R1 in the capture" % tag)
        else:
            rs = crypto.hit_suite_of(pkt.rhit)
            n = 32 if rs == 1 else 48
            k, _, opaque, i = wire.parse_puzzle(r1.get(wire.PUZZLE))
            sol = pkt.get(wire.SOLUTION)
            if c(sol is not None, "%s carries SOLUTION" % tag, "RFC 7401 5.3.3"):
                sk, sop, si, sj = wire.parse_solution(sol, n)
                c((sk, si) == (k, i), "%s: SOLUTION #K and #I of the R1" % tag,
                  "RFC 7401 5.2.5", (k, i.hex()[:16]), (sk, si.hex()[:16]))
                c(sop == opaque, "%s: SOLUTION Opaque copied" % tag, "RFC 7401 5.2.5",
                  opaque.hex(), sop.hex())
                d = crypto.puzzle_hash(rs, si, pkt.shit, pkt.rhit, sj)
                lead = (len(d) * 8 - int.from_bytes(d, "big").bit_length())
                c(crypto.puzzle_ok(rs, k, si, pkt.shit, pkt.rhit, sj),
                  "%s: the %d lowest-order bits of RHASH(#I|HIT-I|HIT-R|#J) are zero"
                  % (tag, k), "RFC 7401 6.3, 4.1.2, 5.3.3", "0" * k,
                  "...%s (low bits; %d leading zero bits)" % (
                      bin(int.from_bytes(d, "big") | 1 << (8 * len(d)))[-max(k, 1):], lead))
            rc = r1.get(wire.R1_COUNTER)
            if rc is not None:
                ic = pkt.get(wire.R1_COUNTER)
                c(ic is not None and ic.contents == rc.contents, "%s: R1_COUNTER echoed "
                  "verbatim" % tag, "RFC 7401 5.2.3", rc.contents.hex(),
                  ic and ic.contents.hex())
            for req, resp in ((wire.ECHO_REQUEST_SIGNED, wire.ECHO_RESPONSE_SIGNED),
                              (wire.ECHO_REQUEST_UNSIGNED, wire.ECHO_RESPONSE_UNSIGNED)):
                want = [p.contents for p in r1.get_all(req)]
                got = [p.contents for p in pkt.get_all(resp)]
                if want:
                    c(sorted(want) == sorted(got), "%s: %s answered" % (
                        tag, wire.PARAM_NAMES[req]), "RFC 7401 5.2.20, 5.2.21, 5.3.3",
                      [w.hex() for w in want], [g.hex() for g in got])
            g1, _ = wire.parse_diffie_hellman(r1.get(wire.DIFFIE_HELLMAN))
            g2, _ = wire.parse_diffie_hellman(pkt.get(wire.DIFFIE_HELLMAN))
            c(g1 == g2, "%s: DH group of the R1" % tag, "RFC 7401 6.9 step 10", g1, g2)
        self.sig(tag, pkt, wire.HIP_SIGNATURE)

    def on_r2(self, tag, pkt):
        self.sig(tag, pkt, wire.HIP_SIGNATURE)

    def on_other(self, tag, pkt):
        if pkt.type in (wire.UPDATE, wire.NOTIFY, wire.CLOSE, wire.CLOSE_ACK):
            self.sig(tag, pkt, wire.HIP_SIGNATURE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pcap")
    ap.add_argument("--pub", action="append", default=[],
                    help="a host identity key (PEM, private or public)")
    ap.add_argument("--min-k", type=int, default=0)
    a = ap.parse_args()
    keys = {}
    for f in a.pub:
        h = crypto.load_public(f)
        keys[h.hit] = h
        print("key %s: %s HIT %s" % (f, h.desc, wire.hit_str(h.hit)))
    v = Verifier(keys, a.min_k)
    for n, fr in enumerate(hip_craft.read_pcap(a.pcap), 1):
        p = hip_craft.parse_ip(fr)
        if p is None or p[3] != wire.IPPROTO_HIP:
            continue
        _, src, dst, _, off, end = p
        v.packet(n, src, dst, bytes(fr[off:end]))
    print("packets: %s" % (" ".join("%s %d" % kv for kv in sorted(v.counts.items()))
                           or "none"))
    if bex.Checker.all_failed:
        print("RESULT FAIL: %d check(s) failed" % len(bex.Checker.all_failed))
        sys.exit(1)
    if not (v.counts.get("R1") and v.counts.get("I2")):
        print("RESULT nothing to check: no R1 and I2 in %s" % a.pcap)
        sys.exit(2)
    print("RESULT ok")


if __name__ == "__main__":
    main()
