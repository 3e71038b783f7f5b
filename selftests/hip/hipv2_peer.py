#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A HIPv2 peer written from the RFC text (hipv2/), for interoperability
tests with hip.ko: it runs one base exchange over a raw IP socket
(protocol 139) and checks everything it receives, printing one
"ok: ..." or "FAIL: ..." line per check with the RFC section.

  hipv2_peer.py initiator --key PEM --local ADDR --peer ADDR --peer-hit HIT
                          [--dh-list 8,7,4,3] [--expect-group N] [--esp-ping]
      sends I1 (retransmitted every second), checks R1 (HIT, HIP_SIGNATURE_2
      over the 6.4.2 bytes, DH group choice, HIT suites, transport
      formats), solves the puzzle, sends I2 (HOST_ID in ENCRYPTED), checks
      R2 (HIP_MAC_2, HIP_SIGNATURE).  --esp-ping then sends one ICMPv6 echo
      request from our HIT to the peer's HIT in ESP (BEET, RFC 7402) and
      waits for the reply, decrypting and checking its ICV.
  hipv2_peer.py responder --key PEM --local ADDR [--dh-list 7,8,4,3]
                          [--k N] [--echo-signed HEX] [--echo-unsigned HEX]
                          [--expect-group N] [--esp-in]
      waits for an I1, answers R1 (puzzle #K, our DH list, ciphers 2 and 4,
      ESP suites 8 and 9), checks the I2 (SOLUTION, DH group, HIP_CIPHER,
      ENCRYPTED{HOST_ID} with PKCS5 padding, HIT = ORCHIDv2(HI), HIP_MAC,
      HIP_SIGNATURE, echo responses), sends R2 and answers retransmitted
      I2s for a few seconds.  --esp-in waits for one ESP packet from the
      peer and decrypts it with the KEYMAT keys.

Exit status: 0 exchange done and every check passed, 1 a check failed,
2 timeout (the line says what did not come).  The last line is
"RESULT ..." with the negotiated values or the failed check.
"""

import argparse
import hashlib
import hmac
import ipaddress
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # noqa: E402

from hipv2 import bex, crypto, wire  # noqa: E402

IPPROTO_ESP = 50
IPPROTO_ICMPV6 = 58


def log(s):
    print(s, flush=True)


class Sock:
    """Raw IP socket for one protocol, bound to our locator."""

    def __init__(self, local, proto):
        self.local = ipaddress.ip_address(local)
        self.v6 = self.local.version == 6
        self.s = socket.socket(socket.AF_INET6 if self.v6 else socket.AF_INET,
                               socket.SOCK_RAW, proto)
        self.s.bind((str(self.local), 0))

    def send(self, dst, payload):
        self.s.sendto(payload, (str(dst), 0))

    def recv(self, deadline):
        """(source address, payload) or None at DEADLINE."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None
            data, addr = self.s.recvfrom(65535)
            if not self.v6:
                if len(data) < 20:
                    continue
                if ipaddress.ip_address(data[16:20]) != self.local:
                    continue
                data = data[(data[0] & 15) * 4:]
            return ipaddress.ip_address(addr[0].split("%")[0]), data


class HipIO:
    def __init__(self, local):
        self.sock = Sock(local, wire.IPPROTO_HIP)
        self.local = self.sock.local

    def send(self, dst, pkt):
        self.sock.send(dst, wire.set_checksum(self.local, dst, pkt))

    def recv(self, deadline, types):
        """The next HIP packet of one of TYPES, checksum verified (5.1.1; a
        bad one is dropped silently, 5.4.2, and reported)."""
        while True:
            got = self.sock.recv(deadline)
            if got is None:
                return None, None
            src, data = got
            if len(data) < wire.HDR_LEN:
                continue
            if not wire.checksum_ok(src, self.local, data[:(data[1] + 1) * 8]):
                log("FAIL: %s from %s: bad checksum 0x%04x, want 0x%04x (RFC 7401 "
                    "5.1.1); dropped" % (wire.TYPE_NAMES.get(data[2] & 0x7F, data[2]),
                                         src, struct.unpack_from("!H", data, 4)[0],
                                         wire.checksum(src, self.local, data)))
                continue
            try:
                pkt = wire.Packet(data)
            except wire.WireError as e:
                log("FAIL: malformed HIP packet from %s: %s" % (src, e))
                continue
            if pkt.type in types:
                return src, pkt
            log("(ignoring %s from %s)" % (pkt.type_name, src))


# --- ESP (RFC 7402, RFC 4303) for the optional data check ----------------------------

def esp_icv(key, data, esn_hi):
    """RFC 4868 2.3: HMAC-SHA-256-128; RFC 4303 2.2.1 / RFC 7402 3.3.6: with
    64-bit sequence numbers the high 32 bits are appended for the ICV
    computation only (ESN_HI None: 32-bit sequence numbers)."""
    if esn_hi is not None:
        data = data + struct.pack("!I", esn_hi)
    return hmac.new(key, data, hashlib.sha256).digest()[:16]


def esp_encrypt(enc, auth, spi, seq, next_header, payload):
    """RFC 4303 2: SPI, Sequence Number, IV, encrypted payload + padding
    (1, 2, 3...) + Pad Length + Next Header, ICV."""
    pad = (-(len(payload) + 2)) % 16
    pt = payload + bytes(range(1, pad + 1)) + bytes([pad, next_header])
    iv = os.urandom(16)
    e = Cipher(algorithms.AES(enc), modes.CBC(iv)).encryptor()
    body = struct.pack("!II", spi, seq) + iv + e.update(pt) + e.finalize()
    return body + esp_icv(auth, body, 0)


def esp_decrypt(c, enc, auth, spi, data):
    """Check and decrypt one ESP packet; returns (next header, payload)."""
    c.ok(len(data) >= 8 + 16 + 16 + 16, "ESP packet long enough", "RFC 4303 2",
         ">= 56", len(data))
    rspi, seq = struct.unpack_from("!II", data)
    c.ok(rspi == spi, "ESP SPI is the one of our ESP_INFO", "RFC 7402 5.1.1",
         "0x%08x" % spi, "0x%08x" % rspi)
    body, icv = data[:-16], data[-16:]
    with_esn = hmac.compare_digest(esp_icv(auth, body, 0), icv)
    without = hmac.compare_digest(esp_icv(auth, body, None), icv)
    c.ok(with_esn, "ESP ICV (HMAC-SHA-256-128) includes the high 32 bits of the "
         "64-bit sequence number", "RFC 7402 3.3.6; RFC 4303 2.2.1", "ICV with ESN",
         "ICV without ESN (32-bit sequence numbers)" if without else "no ICV matches")
    iv, ct = body[8:24], body[24:]
    d = Cipher(algorithms.AES(enc), modes.CBC(iv)).decryptor()
    pt = d.update(ct) + d.finalize()
    padlen, nh = pt[-2], pt[-1]
    c.ok(pt[-2 - padlen:-2] == bytes(range(1, padlen + 1)), "ESP padding 1, 2, 3...",
         "RFC 4303 2.4", list(range(1, padlen + 1)), list(pt[-2 - padlen:-2]), fatal=False)
    c.note("ESP seq %d decrypted: next header %d, %d payload bytes" % (seq, nh,
                                                                        len(pt) - 2 - padlen))
    return nh, pt[:-2 - padlen]


def icmp6_echo(src_hit, dst_hit, ident, seq, typ=128):
    """ICMPv6 echo with the checksum over the IPv6 pseudo header of the
    HITs (RFC 7401 4.5.1)."""
    msg = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + b"hipv2-peer"
    ph = wire.hit_bytes(src_hit) + wire.hit_bytes(dst_hit) + \
        struct.pack("!I3xB", len(msg), IPPROTO_ICMPV6)
    s = wire._fold(wire._sum16(ph + msg))
    return msg[:2] + struct.pack("!H", ~s & 0xFFFF) + msg[4:]


# --- roles --------------------------------------------------------------------------------

def run_initiator(a, me):
    io = HipIO(a.local)
    ini = bex.Initiator(me, a.peer_hit, a.dh_list, log=log, expect_group=a.expect_group)
    i1 = ini.i1()
    log("initiator: %s (%s) -> %s at %s, I1 DH_GROUP_LIST %s" % (
        wire.hit_str(me.hit), me.desc, a.peer_hit, a.peer, a.dh_list))
    end = time.monotonic() + a.timeout
    r1 = None
    while r1 is None and time.monotonic() < end:
        io.send(a.peer, i1)
        _, r1 = io.recv(min(end, time.monotonic() + 1.0), (wire.R1,))
    if r1 is None:
        return 2, "no R1 within %d s" % a.timeout
    i2 = ini.on_r1(r1)
    r2, sent = None, 0
    while r2 is None and time.monotonic() < end and sent < 5:
        io.send(a.peer, i2)
        sent += 1
        _, r2 = io.recv(min(end, time.monotonic() + 2.0), (wire.R2,))
    if r2 is None:
        # RFC 7401 6.8 step 18: retransmit up to I2_RETRIES_MAX; 5 here
        return 1, "FAIL: no R2 after %d I2s in %.0f s: the Responder did not accept " \
            "our I2 (RFC 7401 6.9; see its drop counters)" % (sent, a.timeout -
                                                              (end - time.monotonic()))
    ini.on_r2(r2)
    res = ini.result
    if a.esp_ping:
        esp_ping(a, ini, end)
    return 0, "initiator ESTABLISHED group %d cipher %d esp %d spi_in 0x%08x " \
        "spi_out 0x%08x" % (res["group"], res["cipher"], res["esp"], res["spi_in"],
                            res["spi_out"])


def esp_ping(a, ini, end):
    c = ini.c
    enc, auth = ini.km.role(True)[2:]
    penc, pauth = ini.km.role(False)[2:]
    s = Sock(a.local, IPPROTO_ESP)
    req = icmp6_echo(ini.me.hit, ini.peer_hit, 0x4850, 1)
    pkt = esp_encrypt(enc, auth, ini.result["spi_out"], 1, IPPROTO_ICMPV6, req)
    for seq in range(1, 6):
        s.send(a.peer, pkt)
        got = s.recv(min(end, time.monotonic() + 2.0))
        if got is not None:
            nh, pl = esp_decrypt(c, penc, pauth, ini.spi, got[1])
            c.ok(nh == IPPROTO_ICMPV6 and pl[:1] == b"\x81" and pl[4:8] ==
                 struct.pack("!HH", 0x4850, 1), "ESP reply is our ICMPv6 echo reply",
                 "RFC 7402 3.1 (BEET)", "type 129 id 0x4850 seq 1",
                 "next header %d, %s" % (nh, pl[:8].hex()))
            return
    c.ok(False, "an ESP reply to our ESP echo request", "RFC 7402", "ESP", "nothing")


def run_responder(a, me):
    io = HipIO(a.local)
    res = bex.Responder(me, a.dh_list, k=a.k, echo_signed=a.echo_signed,
                        echo_unsigned=a.echo_unsigned, log=log,
                        expect_group=a.expect_group)
    log("responder: %s (%s) at %s, DH_GROUP_LIST %s, puzzle K=%d" % (
        wire.hit_str(me.hit), me.desc, a.local, a.dh_list, a.k))
    end = time.monotonic() + a.timeout
    done, repeats = None, 0
    # open before the R2 goes: the Initiator's first ESP packet may follow
    # the R2 at once
    esp_sock = Sock(a.local, IPPROTO_ESP) if a.esp_in else None
    while time.monotonic() < end:
        src, pkt = io.recv(end if done is None else min(end, done), (wire.I1, wire.I2))
        if pkt is None:
            break
        if pkt.type == wire.I1:
            again = pkt.shit in res.r1s
            io.send(src, res.on_i1(pkt))
            repeats += again and res.r2 is None
            if repeats >= 4:
                # an Initiator that got our R1 sends I2, not I1 (6.8 step
                # 19); four more I1s (about 11 s of back-off) mean it
                # dropped the R1
                return 1, "FAIL: %d more I1s after our R1 and no I2: the Initiator " \
                    "did not accept the R1 (RFC 7401 6.8; see its drop counters)" % repeats
        else:
            io.send(src, res.on_i2(pkt))
            if done is None:
                done = time.monotonic() + a.linger
                if a.esp_in:
                    break
    if res.r2 is None:
        return 2, "no valid I2 within %d s (%s)" % (
            a.timeout, "no I1 either" if not res.r1s else "R1 sent")
    r = res.result
    if a.esp_in:
        got = esp_sock.recv(time.monotonic() + a.timeout / 2)
        res.c.ok(got is not None, "an ESP packet from the Initiator after R2",
                 "RFC 7402 4.1.2", "ESP", "nothing")
        enc, auth = res.km.role(True)[2:]
        esp_decrypt(res.c, enc, auth, res.spi, got[1])
    return 0, "responder R2-SENT group %d cipher %d esp %d spi_in 0x%08x spi_out " \
        "0x%08x" % (r["group"], r["cipher"], r["esp"], r["spi_in"], r["spi_out"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("role", choices=("initiator", "responder"))
    ap.add_argument("--key", required=True, help="our private key (PEM)")
    ap.add_argument("--local", required=True, help="our locator")
    ap.add_argument("--peer", help="the peer's locator (initiator)")
    ap.add_argument("--peer-hit", help="the peer's HIT (initiator)")
    ap.add_argument("--dh-list", default=None,
                    help="our DH_GROUP_LIST, comma separated")
    ap.add_argument("--expect-group", type=int)
    ap.add_argument("--k", type=int, default=1, help="puzzle difficulty (responder)")
    ap.add_argument("--echo-signed")
    ap.add_argument("--echo-unsigned")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--linger", type=float, default=3,
                    help="seconds to answer repeated I2s after R2 (responder)")
    ap.add_argument("--esp-ping", action="store_true")
    ap.add_argument("--esp-in", action="store_true")
    a = ap.parse_args()
    if a.role == "initiator" and not (a.peer and a.peer_hit):
        ap.error("initiator needs --peer and --peer-hit")
    a.dh_list = [int(x) for x in (a.dh_list or
                                  ("8,7,4,3" if a.role == "initiator" else "7,8,4,3")
                                  ).split(",")]
    a.echo_signed = bytes.fromhex(a.echo_signed) if a.echo_signed else None
    a.echo_unsigned = bytes.fromhex(a.echo_unsigned) if a.echo_unsigned else None
    me = crypto.PrivateId.load(a.key)
    try:
        rc, msg = (run_initiator if a.role == "initiator" else run_responder)(a, me)
    except bex.Fail as e:
        rc, msg = 1, "FAIL: %s" % e
    except (ValueError, wire.WireError) as e:
        rc, msg = 1, "FAIL: %s: %s" % (type(e).__name__, e)
    if rc == 0 and bex.Checker.all_failed:
        rc, msg = 1, "FAIL: %d check(s) failed: %s" % (
            len(bex.Checker.all_failed), "; ".join(bex.Checker.all_failed))
    log("RESULT %s" % msg)
    sys.exit(rc)


if __name__ == "__main__":
    main()
