#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Known answers for net/hip/selftest/param.c, computed independently of
the module: the packet the self-test builds, laid out by hand from RFC 7401
section 5 (header 5.1, TLVs 5.2.1), its parameter offsets, and its RFC 1071
checksum over the IPv6 and IPv4 pseudo headers of RFC 7401 section 5.1.1.

Prints C initialisers; run it and paste the output into the self-test."""

import ipaddress
import struct

SHIT = bytes([0x20, 0x01, 0x00, 0x21] + list(range(0x11, 0x1d)))
RHIT = bytes([0x20, 0x01, 0x00, 0x22] + list(range(0xa1, 0xad)))
SRC6 = ipaddress.IPv6Address("2001:db8::1").packed
DST6 = ipaddress.IPv6Address("2001:db8:ffff::2").packed
SRC4 = ipaddress.IPv4Address("192.0.2.1").packed
DST4 = ipaddress.IPv4Address("198.51.100.254").packed


def tlv(ptype, contents):
    raw = struct.pack(">HH", ptype, len(contents)) + contents
    return raw + bytes(-len(raw) % 8)


def pattern(n, mul, add):
    return bytes((i * mul + add) & 0xff for i in range(n))


params = [
    ("R1_COUNTER", tlv(129, bytes(4) + bytes(range(1, 9)))),
    ("PUZZLE", tlv(257, bytes([10, 37, 0xbe, 0xef]) + pattern(32, 3, 1))),
    ("DIFFIE_HELLMAN", tlv(513, bytes([7]) + struct.pack(">H", 5) + pattern(5, 7, 2))),
    ("HIP_CIPHER", tlv(579, struct.pack(">HH", 4, 2))),
    # HI length 4, DI-type 1 / DI length 3, algorithm 5 (RSA)
    ("HOST_ID", tlv(705, struct.pack(">HHH", 4, (1 << 12) | 3, 5) +
                    b"\xaa\xbb\xcc\xdd" + b"hip")),
    ("NOTIFICATION", tlv(832, struct.pack(">HH", 0, 16384))),
    ("NOTIFICATION#2", tlv(832, struct.pack(">HH", 0, 42) + b"\x01\x02")),
    ("unknown 1000", tlv(1000, b"\x5a")),
    ("TRANSPORT_FORMAT_LIST", tlv(2049, struct.pack(">H", 4095))),
    ("HIP_MAC", tlv(61505, pattern(32, 5, 9))),
    ("HIP_SIGNATURE_2", tlv(61633, struct.pack(">H", 5) + pattern(5, 11, 3))),
    ("ECHO_REQUEST_UNSIGNED", tlv(63661, b"")),
]

body = b"".join(p for _, p in params)
length = 40 + len(body)
hdr = struct.pack(">BBBBHH", 59, length // 8 - 1, 2, (2 << 4) | 1, 0, 0)
pkt = hdr + SHIT + RHIT + body
assert len(pkt) == length and length % 8 == 0


def rfc1071(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


pseudo6 = SRC6 + DST6 + struct.pack(">IxxxB", length, 139)
pseudo4 = SRC4 + DST4 + struct.pack(">xBH", 139, length)

print("/* %d bytes */" % length)
for i in range(0, length, 8):
    print("\t" + " ".join("0x%02x," % b for b in pkt[i:i + 8]))
off = 40
for name, p in params:
    print("/* %s at %d, length %d */" % (name, off, struct.unpack(">H", p[2:4])[0]))
    off += len(p)
print("csum6 = 0x%04x, csum4 = 0x%04x" % (rfc1071(pseudo6 + pkt), rfc1071(pseudo4 + pkt)))
