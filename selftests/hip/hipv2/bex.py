# SPDX-License-Identifier: GPL-2.0
"""The HIPv2 base exchange (RFC 7401 sections 4.1, 5.3, 6.6-6.10; RFC 7402
5.2, 6.4-6.6) as two packet-in/packet-out state machines, Initiator and
Responder, that check everything the RFC lets them check and say which
check failed, with the section, what was expected and what came."""

import os
import struct

from . import crypto, wire

TF_ESP = wire.ESP_TRANSFORM    # RFC 7402 4.1.1: ESP transport format type 4095
HIT_SUITE_CODE = {1: 0x10, 2: 0x20}     # RFC 7401 5.2.10: 4-bit ID << 4


class Fail(Exception):
    """A check failed that makes the exchange impossible to continue."""


class Checker:
    all_failed = []     # every failed check of the process

    def __init__(self, log=print, who=""):
        self.log = log
        self.who = who
        self.failed = []

    def ok(self, cond, what, ref, expected=None, got=None, fatal=True):
        """One check; WHAT says what is checked, REF the RFC section."""
        if cond:
            self.log("%sok: %s (%s)" % (self.who, what, ref))
            return True
        msg = "%s (%s)" % (what, ref)
        if expected is not None or got is not None:
            msg += ": expected %s, got %s" % (expected, got)
        self.log("%sFAIL: %s" % (self.who, msg))
        self.failed.append(msg)
        Checker.all_failed.append(msg)
        if fatal:
            raise Fail(msg)
        return False

    def note(self, what):
        self.log("%s%s" % (self.who, what))


def _need(c, pkt, types, ref):
    missing = [wire.PARAM_NAMES[t] for t in types if pkt.get(t) is None]
    c.ok(not missing, "%s carries %s" % (pkt.type_name,
                                         ", ".join(wire.PARAM_NAMES[t] for t in types)),
         ref, "all present", "missing " + ", ".join(missing))


def check_header(c, pkt, want_type, shit, rhit):
    """RFC 7401 5.1: version 2, fixed bits 0 and 1 as sent, the reserved
    Controls bits zero (5.1.2), the HITs of the exchange."""
    c.ok(pkt.version == 2, "%s: HIP version 2" % pkt.type_name, "RFC 7401 5.1",
         2, pkt.version)
    c.ok(pkt.fixed_bits == (0, 1), "%s: fixed bits 0 (type) and 1 (version byte) "
         "as sent" % pkt.type_name, "RFC 7401 5.1", (0, 1), pkt.fixed_bits, fatal=False)
    c.ok(pkt.controls & 0xFFFE == 0, "%s: reserved Controls bits zero"
         % pkt.type_name, "RFC 7401 5.1.2", 0, "0x%04x" % pkt.controls, fatal=False)
    c.ok(pkt.type == want_type, "packet type %s" % wire.TYPE_NAMES[want_type],
         "RFC 7401 5.3", want_type, pkt.type)
    if shit is not None:
        c.ok(pkt.shit == wire.hit_bytes(shit), "%s: Sender's HIT" % pkt.type_name,
             "RFC 7401 5.3, 6.8 step 3", wire.hit_str(shit), wire.hit_str(pkt.shit))
    if rhit is not None:
        c.ok(pkt.rhit == wire.hit_bytes(rhit), "%s: Receiver's HIT" % pkt.type_name,
             "RFC 7401 5.3, 6.8 step 3", wire.hit_str(rhit), wire.hit_str(pkt.rhit))


def check_signature(c, pkt, ptype, hid, ref):
    p = pkt.get(ptype)
    alg, sig = wire.parse_signature(p)
    c.ok(alg == hid.alg, "%s: SIG alg is the HI algorithm" % p.name,
         "RFC 7401 5.2.14", hid.alg, alg)
    why = hid.verify(sig, crypto.sig_data(pkt, ptype))
    if why is None:
        c.ok(True, "%s %s over the RFC 7401 6.4.2 bytes (%s)" % (pkt.type_name, p.name,
                                                                 hid.desc), ref)
        return
    alt = crypto.explain_sig(hid, sig, pkt, ptype)
    # A signature that verifies over other bytes is the sender's reading of
    # the RFC, not an attack: record the failure and go on, so that one
    # run shows the checks after it too (the exit status is still 1).
    c.ok(False, "%s %s over the RFC 7401 6.4.2 bytes (%s)" % (pkt.type_name, p.name,
                                                              hid.desc), ref,
         "a valid signature", why + ("; it %s" % alt if alt else ""), fatal=alt is None)
    if alt:
        c.note("going on to find more divergences")


def check_mac(c, pkt, ptype, suite, key, ref, host_id_tlv=None):
    p = pkt.get(ptype)
    want = crypto.hmac_digest(suite, key, crypto.mac_data(pkt, ptype, host_id_tlv))
    got = p.contents
    c.ok(crypto.hmac.compare_digest(want, got), "%s %s (HMAC-%s, %d bytes)"
         % (pkt.type_name, p.name, "SHA-256" if suite == 1 else "SHA-384", len(want)),
         ref, want.hex()[:16] + "...", got.hex()[:16] + "...")


def _first_common(theirs, ours):
    for x in theirs:
        if x in ours:
            return x
    return None


class Initiator:
    """RFC 7401 6.6, 6.8, 6.10 (and RFC 7402 6.4, 6.6)."""

    def __init__(self, me, peer_hit, dh_list, ciphers=(2, 4), esp_suites=(8, 9),
                 log=print, expect_group=None):
        self.me = me
        self.peer_hit = wire.hit_bytes(peer_hit)
        self.dh_list = list(dh_list)
        self.ciphers = ciphers
        self.esp_suites = esp_suites
        self.c = Checker(log, "initiator: ")
        self.spi = struct.unpack("!I", os.urandom(4))[0] | 0x100
        self.expect_group = expect_group
        self.state = "UNASSOCIATED"
        self.result = {}

    def i1(self):
        """5.3.1: I1 = header + DH_GROUP_LIST (our order of preference, 6.6
        step 3)."""
        self.state = "I1-SENT"
        return wire.build(wire.I1, self.me.hit, self.peer_hit,
                          [wire.tlv(wire.DH_GROUP_LIST, bytes(self.dh_list))])

    def on_r1(self, pkt):
        c = self.c
        check_header(c, pkt, wire.R1, self.peer_hit, self.me.hit)
        _need(c, pkt, (wire.PUZZLE, wire.DIFFIE_HELLMAN, wire.HIP_CIPHER, wire.HOST_ID,
                       wire.HIT_SUITE_LIST, wire.DH_GROUP_LIST, wire.TRANSPORT_FORMAT_LIST,
                       wire.HIP_SIGNATURE_2), "RFC 7401 5.3.2")
        alg, hi, _, _ = wire.parse_host_id(pkt.get(wire.HOST_ID))
        peer = crypto.HostId.from_wire(alg, hi)
        c.ok(peer.hit == self.peer_hit, "R1: Responder's HIT = ORCHIDv2(HOST_ID)",
             "RFC 7401 6.8 step 10, 3.2; RFC 7343", wire.hit_str(peer.hit),
             wire.hit_str(self.peer_hit))
        check_signature(c, pkt, wire.HIP_SIGNATURE_2, peer, "RFC 7401 5.2.15, 6.4.2, 6.8 step 4")
        suites = wire.u8_list(pkt.get(wire.HIT_SUITE_LIST))
        c.ok(HIT_SUITE_CODE[self.me.suite] in suites, "R1 HIT_SUITE_LIST holds our "
             "HIT Suite (0x%02x)" % HIT_SUITE_CODE[self.me.suite],
             "RFC 7401 6.8 step 6, 5.2.10", "0x%02x" % HIT_SUITE_CODE[self.me.suite],
             ["0x%02x" % s for s in suites])
        c.ok(all(s & 0x0F == 0 for s in suites), "HIT_SUITE_LIST low 4 bits zero",
             "RFC 7401 5.2.10", "0x.0", ["0x%02x" % s for s in suites], fatal=False)
        r_list = wire.u8_list(pkt.get(wire.DH_GROUP_LIST))
        group, peer_pub = wire.parse_diffie_hellman(pkt.get(wire.DIFFIE_HELLMAN))
        want = _first_common(r_list, self.dh_list)
        c.ok(group == want, "R1 DH group is the first of the Responder's "
             "DH_GROUP_LIST %s that is in our I1 list %s" % (r_list, self.dh_list),
             "RFC 7401 5.2.6, 6.8 step 7, 4.1.7", want, group, fatal=False)
        if self.expect_group is not None:
            c.ok(group == self.expect_group, "DH group of the exchange", "test setup",
                 self.expect_group, group)
        rs = peer.suite      # RHASH: the Responder's HIT Suite (2.3)
        n = rs == 1 and 32 or 48
        k, life, opaque, i = wire.parse_puzzle(pkt.get(wire.PUZZLE))
        c.ok(len(i) == n, "PUZZLE #I is RHASH_len/8 bytes", "RFC 7401 5.2.4", n, len(i))
        c.ok(k <= 28, "puzzle #K solvable", "RFC 7401 6.8 step 12", "<= 28", k)
        j, tries = crypto.puzzle_solve(rs, k, i, self.me.hit, self.peer_hit)
        c.ok(j is not None, "puzzle #K=%d solved in %d tries (lowest-order bits)"
             % (k, tries), "RFC 7401 6.3")
        offered = wire.u16_list(pkt.get(wire.HIP_CIPHER))
        c.ok(crypto.CIPHER_NULL not in offered or crypto.CIPHER_NULL in self.ciphers,
             "R1 HIP_CIPHER does not offer NULL-ENCRYPT (not configured for testing)",
             "RFC 7401 5.2.8", "no 1", offered, fatal=False)
        cipher = _first_common(offered, self.ciphers)
        c.ok(cipher is not None, "a HIP_CIPHER we accept among %s (NULL only when "
             "configured)" % offered, "RFC 7401 5.2.8, 6.8 step 14",
             list(self.ciphers), offered)
        tfs = wire.u16_list(pkt.get(wire.TRANSPORT_FORMAT_LIST))
        c.ok(TF_ESP in tfs and pkt.get(wire.ESP_TRANSFORM) is not None,
             "R1 offers the ESP transport format (TRANSPORT_FORMAT_LIST 4095 and its "
             "ESP_TRANSFORM)", "RFC 7401 5.2.11; RFC 7402 4.1.1, 5.2.1.1", "4095", tfs)
        esp_offered = wire.u16_list(pkt.get(wire.ESP_TRANSFORM), 2)
        esp = _first_common(esp_offered, self.esp_suites)
        c.ok(esp is not None, "an ESP suite we implement among %s" % esp_offered,
             "RFC 7402 5.1.2, 6.4 (8 is mandatory)", list(self.esp_suites), esp_offered)
        dh = crypto.DH(group)
        kij = dh.shared(peer_pub)
        km = crypto.Keymat(rs, kij, i, j, self.me.hit, self.peer_hit, cipher, esp)
        enc_key, int_key, _, _ = km.role(True)
        params = [wire.esp_info(km.esp_index, 0, self.spi)]
        if pkt.get(wire.R1_COUNTER) is not None:
            # 5.2.3: echoed verbatim, Reserved included
            params.append(wire.tlv(wire.R1_COUNTER, pkt.get(wire.R1_COUNTER).contents))
        params += [wire.solution(k, opaque, i, j), wire.diffie_hellman(group, dh.pub),
                   wire.tlv(wire.HIP_CIPHER, struct.pack("!H", cipher))]
        if cipher == crypto.CIPHER_NULL:
            params.append(self.me.param())
        else:
            params.append(crypto.encrypt_params(cipher, enc_key, self.me.param()))
        ers = pkt.get(wire.ECHO_REQUEST_SIGNED)
        if ers is not None:
            params.append(wire.tlv(wire.ECHO_RESPONSE_SIGNED, ers.contents))
        params += [wire.tlv(wire.TRANSPORT_FORMAT_LIST, struct.pack("!H", TF_ESP)),
                   wire.esp_transform([esp])]
        unsigned = [wire.tlv(wire.ECHO_RESPONSE_UNSIGNED, p.contents)
                    for p in pkt.get_all(wire.ECHO_REQUEST_UNSIGNED)]
        i2 = finish(wire.I2, self.me, self.peer_hit, params, rs, int_key, wire.HIP_MAC,
                    unsigned)
        self.peer, self.km, self.rs = peer, km, rs
        self.r1_host_id = pkt.raw[pkt.get(wire.HOST_ID).offset:
                                  pkt.get(wire.HOST_ID).offset + pkt.get(wire.HOST_ID).total]
        self.result.update(group=group, cipher=cipher, esp=esp, k=k, spi_in=self.spi)
        self.state = "I2-SENT"
        c.note("R1 accepted: DH group %d (%s), HIP cipher %d, ESP suite %d, puzzle K=%d; "
               "sending I2" % (group, crypto.DH_NAMES[group], cipher, esp, k))
        return i2

    def on_r2(self, pkt):
        c = self.c
        check_header(c, pkt, wire.R2, self.peer_hit, self.me.hit)
        _need(c, pkt, (wire.ESP_INFO, wire.HIP_MAC_2, wire.HIP_SIGNATURE),
              "RFC 7401 5.3.4; RFC 7402 5.2.1.3")
        idx, old, new = wire.parse_esp_info(pkt.get(wire.ESP_INFO))
        c.ok(old == 0, "R2 ESP_INFO OLD SPI zero", "RFC 7402 5.1.1", 0, old, fatal=False)
        c.ok(idx == self.km.esp_index, "R2 ESP_INFO KEYMAT Index where the ESP keys "
             "start", "RFC 7402 5.1.1, 7", self.km.esp_index, idx, fatal=False)
        _, rint, _, _ = self.km.role(False)
        check_mac(c, pkt, wire.HIP_MAC_2, self.rs, rint, "RFC 7401 5.2.13, 6.4.1, "
                  "6.10 step 3", self.r1_host_id)
        check_signature(c, pkt, wire.HIP_SIGNATURE, self.peer, "RFC 7401 5.2.14, 6.4.2, "
                        "6.10 step 4")
        self.result.update(spi_out=new)
        self.state = "ESTABLISHED"
        c.note("R2 accepted: ESTABLISHED, SPI in 0x%08x out 0x%08x" % (self.spi, new))


def finish(ptype, me, rhit, params, suite, int_key, mac_type, after=(),
           mac_host_id=None):
    """Add HIP_MAC(_2) over the packet so far (6.4.1), then HIP_SIGNATURE
    over the packet with the MAC (6.4.2), then the unsigned parameters."""
    pkt = wire.Packet(wire.build(ptype, me.hit, rhit, params))
    mac = crypto.hmac_digest(suite, int_key, crypto.mac_data(pkt, mac_type, mac_host_id))
    params = params + [wire.tlv(mac_type, mac)]
    pkt = wire.Packet(wire.build(ptype, me.hit, rhit, params))
    sig = me.sign(crypto.sig_data(pkt, wire.HIP_SIGNATURE))
    return wire.build(ptype, me.hit, rhit,
                      params + [wire.signature(wire.HIP_SIGNATURE, me.alg, sig)] + list(after))


class Responder:
    """RFC 7401 6.7, 6.9 (and RFC 7402 5.2.1, 6.5)."""

    def __init__(self, me, dh_list, k=1, ciphers=(2, 4), esp_suites=(8, 9),
                 echo_signed=None, echo_unsigned=None, log=print, expect_group=None):
        self.me = me
        self.dh_list = list(dh_list)
        self.k = k
        self.ciphers = list(ciphers)
        self.esp_suites = list(esp_suites)
        self.echo_signed = echo_signed
        self.echo_unsigned = echo_unsigned
        self.c = Checker(log, "responder: ")
        self.spi = struct.unpack("!I", os.urandom(4))[0] | 0x100
        self.counter = int.from_bytes(os.urandom(4), "big")
        self.expect_group = expect_group
        self.r1s = {}       # Initiator HIT -> state of the R1 sent to it
        self.r2 = None
        self.result = {}

    def on_i1(self, pkt):
        c = self.c
        check_header(c, pkt, wire.I1, None, None)
        c.ok(pkt.rhit in (self.me.hit, bytes(16)), "I1 Receiver's HIT is ours or NULL",
             "RFC 7401 6.7 step 1", wire.hit_str(self.me.hit), wire.hit_str(pkt.rhit))
        _need(c, pkt, (wire.DH_GROUP_LIST,), "RFC 7401 5.3.1")
        i_list = wire.u8_list(pkt.get(wire.DH_GROUP_LIST))
        if pkt.shit in self.r1s and self.r1s[pkt.shit]["i_list"] == i_list:
            c.note("I1 again from %s: same R1" % wire.hit_str(pkt.shit))
            return self.r1s[pkt.shit]["r1"]
        group = crypto.dh_choose(self.dh_list, i_list)
        c.note("I1 from %s lists DH groups %s; ours %s: choosing %d (5.2.6: our "
               "order)" % (wire.hit_str(pkt.shit), i_list, self.dh_list, group))
        if self.expect_group is not None:
            c.ok(group == self.expect_group, "DH group of the exchange (the "
                 "Initiator's I1 list must hold it)", "test setup", self.expect_group,
                 "%d (I1 list %s)" % (group, i_list))
        dh = crypto.DH(group)
        n = self.me.suite == 1 and 32 or 48     # RHASH_len/8 (5.2.4)
        i, opaque = os.urandom(n), os.urandom(2)
        self.counter += 1
        params = [wire.r1_counter(self.counter),
                  wire.puzzle(self.k, 37, opaque, i),          # lifetime 2^5 s
                  wire.diffie_hellman(group, dh.pub),
                  wire.tlv(wire.HIP_CIPHER, struct.pack("!%dH" % len(self.ciphers),
                                                        *self.ciphers)),
                  self.me.param(),
                  # 5.2.10: the suites we support, ours first
                  wire.tlv(wire.HIT_SUITE_LIST, bytes(sorted(
                      HIT_SUITE_CODE.values(),
                      key=lambda s: s != HIT_SUITE_CODE[self.me.suite]))),
                  wire.tlv(wire.DH_GROUP_LIST, bytes(self.dh_list)),
                  wire.tlv(wire.TRANSPORT_FORMAT_LIST, struct.pack("!H", TF_ESP)),
                  wire.esp_transform(self.esp_suites)]
        if self.echo_signed is not None:
            params.append(wire.tlv(wire.ECHO_REQUEST_SIGNED, self.echo_signed))
        r1 = wire.Packet(wire.build(wire.R1, self.me.hit, pkt.shit, params))
        sig = self.me.sign(crypto.sig_data(r1, wire.HIP_SIGNATURE_2))
        params.append(wire.signature(wire.HIP_SIGNATURE_2, self.me.alg, sig))
        if self.echo_unsigned is not None:
            params.append(wire.tlv(wire.ECHO_REQUEST_UNSIGNED, self.echo_unsigned))
        raw = wire.build(wire.R1, self.me.hit, pkt.shit, params)
        self.r1s[pkt.shit] = dict(i_list=i_list, group=group, dh=dh, i=i, opaque=opaque,
                                  counter=wire.r1_counter(self.counter)[4:16], r1=raw)
        return raw

    def on_i2(self, pkt):
        c = self.c
        check_header(c, pkt, wire.I2, None, self.me.hit)
        st = self.r1s.get(pkt.shit)
        c.ok(st is not None, "I2 from a HIT we sent an R1 to", "RFC 7401 6.9 step 1, "
             "5.3.3", [wire.hit_str(h) for h in self.r1s], wire.hit_str(pkt.shit))
        if self.r2 is not None and self.r2[0] == pkt.raw:
            c.note("the same I2 again: same R2 (6.9 step 4)")
            return self.r2[1]
        _need(c, pkt, (wire.ESP_INFO, wire.SOLUTION, wire.DIFFIE_HELLMAN, wire.HIP_CIPHER,
                       wire.TRANSPORT_FORMAT_LIST, wire.ESP_TRANSFORM, wire.HIP_MAC,
                       wire.HIP_SIGNATURE), "RFC 7401 5.3.3; RFC 7402 5.2.1.2")
        rs = self.me.suite
        n = rs == 1 and 32 or 48
        c.ok(pkt.get(wire.R1_COUNTER) is not None and
             pkt.get(wire.R1_COUNTER).contents == st["counter"],
             "I2 echoes R1_COUNTER verbatim", "RFC 7401 5.2.3, 5.3.3",
             st["counter"].hex(), pkt.get(wire.R1_COUNTER) and
             pkt.get(wire.R1_COUNTER).contents.hex())
        k, opaque, i, j = wire.parse_solution(pkt.get(wire.SOLUTION), n)
        c.ok(i == st["i"] and k == self.k, "SOLUTION #I and #K are those of our R1",
             "RFC 7401 5.2.5, 6.9 step 8", (self.k, st["i"].hex()[:16]), (k, i.hex()[:16]))
        c.ok(opaque == st["opaque"], "SOLUTION Opaque copied from PUZZLE",
             "RFC 7401 5.2.5", st["opaque"].hex(), opaque.hex(), fatal=False)
        d = crypto.puzzle_hash(rs, i, pkt.shit, self.me.hit, j)
        c.ok(crypto.puzzle_ok(rs, k, i, pkt.shit, self.me.hit, j),
             "puzzle solution: the %d lowest-order bits of RHASH(#I|HIT-I|HIT-R|#J) "
             "are zero" % k, "RFC 7401 6.3, 4.1.2, 6.9 step 8", "0" * k,
             bin(int.from_bytes(d, "big"))[-k:] if k else "")
        ciph = wire.u16_list(pkt.get(wire.HIP_CIPHER))
        c.ok(len(ciph) == 1 and ciph[0] in self.ciphers, "I2 HIP_CIPHER: a single "
             "value we offered", "RFC 7401 6.9 step 9, 5.3.3", self.ciphers, ciph)
        esp = wire.u16_list(pkt.get(wire.ESP_TRANSFORM), 2)
        c.ok(len(esp) == 1 and esp[0] in self.esp_suites, "I2 ESP_TRANSFORM: a single "
             "suite we offered", "RFC 7402 6.5", self.esp_suites, esp)
        tfs = wire.u16_list(pkt.get(wire.TRANSPORT_FORMAT_LIST))
        c.ok(tfs == [TF_ESP], "I2 TRANSPORT_FORMAT_LIST: the single format chosen",
             "RFC 7401 5.3.3, 6.9 step 13", [TF_ESP], tfs, fatal=False)
        group, peer_pub = wire.parse_diffie_hellman(pkt.get(wire.DIFFIE_HELLMAN))
        c.ok(group == st["group"], "I2 DH group is the one of our R1",
             "RFC 7401 6.9 step 10", st["group"], group)
        kij = st["dh"].shared(peer_pub)
        km = crypto.Keymat(rs, kij, i, j, pkt.shit, self.me.hit, ciph[0], esp[0])
        ienc, iint, _, _ = km.role(True)
        idx, old, ispi = wire.parse_esp_info(pkt.get(wire.ESP_INFO))
        c.ok(old == 0, "I2 ESP_INFO OLD SPI zero", "RFC 7402 5.1.1, 6.5", 0, old, fatal=False)
        c.ok(idx == km.esp_index, "I2 ESP_INFO KEYMAT Index where the ESP keys start",
             "RFC 7402 5.1.1, 7", km.esp_index, idx, fatal=False)
        hid_tlv = self._initiator_host_id(pkt, ciph[0], ienc)
        alg, hi, _, _ = wire.parse_host_id(hid_tlv)
        peer = crypto.HostId.from_wire(alg, hi)
        c.ok(peer.hit == pkt.shit, "I2: Initiator's HIT = ORCHIDv2(HOST_ID)",
             "RFC 7401 6.9 step 12, 3.2; RFC 7343", wire.hit_str(peer.hit),
             wire.hit_str(pkt.shit))
        check_mac(c, pkt, wire.HIP_MAC, rs, iint, "RFC 7401 5.2.12, 6.4.1, 6.9 step 14")
        check_signature(c, pkt, wire.HIP_SIGNATURE, peer, "RFC 7401 5.2.14, 6.4.2, "
                        "6.9 step 15")
        if self.echo_signed is not None:
            e = pkt.get(wire.ECHO_RESPONSE_SIGNED)
            c.ok(e is not None and e.contents == self.echo_signed, "I2 answers R1's "
                 "ECHO_REQUEST_SIGNED with ECHO_RESPONSE_SIGNED", "RFC 7401 5.2.20, 5.3.3",
                 self.echo_signed.hex(), e and e.contents.hex())
        if self.echo_unsigned is not None:
            e = pkt.get(wire.ECHO_RESPONSE_UNSIGNED)
            c.ok(e is not None and e.contents == self.echo_unsigned, "I2 answers R1's "
                 "ECHO_REQUEST_UNSIGNED with ECHO_RESPONSE_UNSIGNED",
                 "RFC 7401 5.2.21, 5.3.3", self.echo_unsigned.hex(), e and e.contents.hex())
        _, rint, _, _ = km.role(False)
        r2 = finish(wire.R2, self.me, pkt.shit, [wire.esp_info(km.esp_index, 0, self.spi)],
                    rs, rint, wire.HIP_MAC_2, mac_host_id=self.me.param())
        self.r2 = (pkt.raw, r2)
        self.km = km
        self.peer = peer
        self.result.update(group=group, cipher=ciph[0], esp=esp[0], spi_in=self.spi,
                           spi_out=ispi, peer_hit=wire.hit_str(pkt.shit))
        c.note("I2 accepted: DH group %d (%s), HIP cipher %d, ESP suite %d; sending R2, "
               "SPI in 0x%08x out 0x%08x" % (group, crypto.DH_NAMES[group], ciph[0],
                                             esp[0], self.spi, ispi))
        return r2

    def _initiator_host_id(self, pkt, cipher, key):
        """HOST_ID in the clear, or in ENCRYPTED decrypted with the
        Initiator's encryption key (6.9 step 11)."""
        c = self.c
        if pkt.get(wire.HOST_ID) is not None:
            c.note("I2 HOST_ID in the clear (allowed: RFC 7401 5.3.3 'MAY be "
                   "encrypted')")
            return pkt.get(wire.HOST_ID)
        e = pkt.get(wire.ENCRYPTED)
        c.ok(e is not None, "I2 carries HOST_ID or ENCRYPTED{HOST_ID}", "RFC 7401 5.3.3")
        inner, prob = crypto.decrypt_params(cipher, key, e.contents)
        c.ok(prob is None, "ENCRYPTED: PKCS5 padding to the AES block (n bytes of "
             "value n)", "RFC 7401 5.2.18; RFC 2898 6.1.1", "PKCS5", prob, fatal=False)
        # The inner parameters, each padded per 5.2.1; the first is HOST_ID
        t, ln = struct.unpack_from("!HH", inner) if len(inner) >= 4 else (0, 0)
        params = [wire.Param(t, inner[4:4 + ln], 0, 11 + ln - (ln + 3) % 8)]
        c.ok(params[0].type == wire.HOST_ID and 4 + ln <= len(inner), "ENCRYPTED "
             "holds a HOST_ID parameter", "RFC 7401 6.9 step 11", "HOST_ID",
             "%s of %d bytes in %d" % (params[0].name, ln, len(inner)))
        return params[0]
