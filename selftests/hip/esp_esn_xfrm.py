#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Helper of esp_esn_xfrm.sh: checks the ESP layout of scripts/esp-kat.py
# (the one hip.ko's known answers come from) against the kernel's xfrm
# with extended sequence numbers.
#
#   check PCAP gcm|cbc    the one ESP packet in PCAP, sent by an xfrm state
#                         with "flag esn" at sequence number 2^34 + 7,
#                         verifies with esp-kat.py's AAD / ICV layout and
#                         not with the 32-bit one
#   send SRC DST gcm|cbc  an ESP packet built by esp-kat.py (sequence
#                         number 2^34 + 9, UDP 4444 -> 5555, "esn ok") to
#                         DST over a raw socket
#   recv ADDR             print the first UDP datagram to ADDR port 5555
#                         (60 s timeout)

import hashlib
import hmac
import importlib.util
import os
import socket
import struct
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hip_craft import read_pcap, parse_ip, send_raw, csum_add, csum_fold  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "esp_kat", os.path.join(HERE, "..", "..", "scripts", "esp-kat.py"))
kat = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kat)

GKEY, GSALT = bytes(range(16)), bytes([0xa0, 0xa1, 0xa2, 0xa3])
EKEY, AKEY = bytes(range(0x10, 0x20)), bytes(range(0x20, 0x40))
SEQ_OUT = (4 << 32) + 7
SEQ_IN = (4 << 32) + 9


def check(pcap, suite):
    pkts = []
    for frame in read_pcap(pcap):
        ip = parse_ip(frame)
        if ip and ip[3] == 50:
            pkts.append(frame[ip[4]:ip[5]])
    if len(pkts) != 1:
        sys.exit("want 1 ESP packet, got %d" % len(pkts))
    esp = pkts[0]
    spi, seql = struct.unpack_from(">II", esp)
    if spi != kat.SPI or seql != SEQ_OUT & 0xffffffff:
        sys.exit("spi %#x seq %d" % (spi, seql))
    if suite == "gcm":
        iv, ct = esp[8:16], esp[16:]

        def ok(aad):
            try:
                AESGCM(GKEY).decrypt(GSALT + iv, ct, aad)
                return True
            except InvalidTag:
                return False
        esn = ok(struct.pack(">IQ", kat.SPI, SEQ_OUT))
        plain = ok(esp[:8])
    else:
        iv, ct, icv = esp[8:24], esp[24:-16], esp[-16:]

        def ok(extra):
            mac = hmac.new(AKEY, esp[:8] + iv + ct + extra, hashlib.sha256)
            return mac.digest()[:16] == icv
        esn = ok(struct.pack(">I", SEQ_OUT >> 32))
        plain = ok(b"")
    print("%s: esn layout %s, 32-bit layout %s" %
          (suite, "verifies" if esn else "FAILS",
           "verifies" if plain else "fails"))
    sys.exit(0 if esn and not plain else 1)


def udp(src, dst, data):
    hdr = struct.pack(">HHHH", 4444, 5555, 8 + len(data), 0)
    ph = (socket.inet_pton(socket.AF_INET6, src) +
          socket.inet_pton(socket.AF_INET6, dst) +
          struct.pack(">IxxxB", 8 + len(data), 17))
    c = (~csum_fold(csum_add(ph + hdr + data)) & 0xffff) or 0xffff
    return hdr[:6] + struct.pack(">H", c) + data


def send(src, dst, suite):
    pt = udp(src, dst, b"esn ok")
    if suite == "gcm":
        pkt = kat.gcm(GKEY, GSALT, SEQ_IN,
                      pt + kat.trailer(len(pt), 4, 17))
    else:
        pkt = kat.cbc_hmac(EKEY, AKEY, os.urandom(16), SEQ_IN,
                           pt + kat.trailer(len(pt), 16, 17))
    send_raw(src, dst, pkt, proto=50)


def recv(addr):
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        s.bind((addr, 5555))
        s.settimeout(60)
        try:
            print(s.recv(100).decode(errors="replace"))
        except socket.timeout:
            print("timeout")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "check":
        check(sys.argv[2], sys.argv[3])
    elif cmd == "send":
        send(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        recv(sys.argv[2])
