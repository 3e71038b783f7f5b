#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build, mutate and (re)send HIP and ESP packets for the HIP selftests.

HIP packets (RFC 7401 section 5.1): a 40-byte header (next header 59,
header length in 8-byte units not counting the first 8 bytes, packet type,
version 2 << 4 | 1, checksum over the IP pseudo header with next header
139, controls, sender HIT, receiver HIT) followed by TLV parameters
(type, length, contents, padding to a multiple of 8).

Everything runs inside the namespace that sends (ip netns exec NS ...):

  hip_craft.py selftest
        offline checks of the checksum and packet builder; exits non-zero
        on failure
  hip_craft.py demo-pcap FILE
        writes Ethernet frames with crafted I1/R1/CLOSE packets over IPv6
        and IPv4 (the offline input for tshark's HIP dissector)
  hip_craft.py send KIND --src ADDR --dst ADDR --shit HIT --rhit HIT [--count N]
                    [--extra "TYPE:VALUE,..."]
        KIND: i1 (well-formed; --extra appends parameters, see
        extra_params(): FROM, RVS_HMAC, REG_* for RFC 8003/8004 tests),
        i1-bad-csum (checksum off by one),
        i1-truncated (DH_GROUP_LIST claims more bytes than the packet has),
        i1-bad-version, close-bad-mac (CLOSE with ECHO_REQUEST_SIGNED,
        a random HIP_MAC and HIP_SIGNATURE, correct checksum),
        i1-trailing (a well-formed I1 followed by 16 bytes the header
        length does not cover: trailing data, RFC 7401 5.1),
        i1-fixed-bits (the two fixed header bits inverted: 1 before the
        packet type, 0 after the version; ignored by receivers, 5.1),
        i1-locator-K / update-locator-K (an I1, or an UPDATE with SEQ 0,
        carrying a LOCATOR_SET, RFC 8046 4; K: good, bad-len (type-1
        Locator with Locator Length 4), bad-lifetime (zero), bad-fill
        (the Locators do not fill the parameter));
        UPDATEs (RFC 8046 5.2 message 1: ESP_INFO OLD = NEW = --spi,
        LOCATOR_SET with one type-1 locator --loc (default --src), SEQ
        --seq, random HIP_MAC and HIP_SIGNATURE): update-bad-mac
        (well-formed), update-locator-len (the entry claims more than
        the parameter holds), update-locator-type (type 1 with a type-0
        length), update-locator-lifetime (lifetime 0), update-espinfo-len
        (ESP_INFO of 8 bytes), update-seq-len (SEQ of 2 bytes),
        update-ack-len (ACK of 6 bytes), update-overrun (LOCATOR_SET
        length past the packet end), update-truncated (24 bytes less
        than the header length says)
  hip_craft.py r1-hit
        the HIT of the responder identity "r1" signs with (a fixed
        ECDSA P-384 key, HIT suite 2)
  hip_craft.py r1 --src ADDR --dst ADDR --rhit HIT [--ciphers "2 4"]
                  [--esp "13 8"] [--dh-group 7] [--after FILE]
        a valid R1 (RFC 7401 5.3.2) from the r1-hit identity to RHIT:
        puzzle K 0 with #I and Opaque zero (so signing conventions that
        zero them or not agree), a fresh DH public value of the group,
        the given HIP_CIPHER and ESP_TRANSFORM lists, HIP_SIGNATURE_2
        (SHA-384, r | s).  Needs python3-cryptography.  With --after,
        the R1 is built first and sent once FILE exists (python starts
        slowly in a TCG guest; the Initiator retransmits its I1 only so
        long).  --shit HIT: claim that sender HIT instead of r1-hit (the
        HOST_ID stays r1's); --cert CHAIN: the chain (PEM, or concatenated
        DER), root first, as CERT group 1 (RFC 8002 section 2) between
        HIT_SUITE_LIST and TRANSPORT_FORMAT_LIST, under the signature
  hip_craft.py r1-key -o FILE
        the private key of r1-hit as PEM (to issue delegations to it)
  hip_craft.py flood --dst ADDR --rhit HIT --count N
                     [--src ADDR | --ifname IF --dst-mac MAC --src-prefix P]
        N well-formed I1s to RHIT, each from a random HIT (same ORCHID OGA
        as RHIT); with --src-prefix every I1 also comes from a random
        address of the /64 P (sent as Ethernet frames on IF to DST-MAC)
  hip_craft.py replay --pcap FILE --ifname IF --select SEL [--count N]
                      [--esp-seq-add N] [--flip-last] [--hip-flip PARAM]
        re-sends the first captured frame matching SEL on IF, as captured
        or mutated; SEL: esp (any ESP), esp-from:ADDR, hip:TYPE (HIP packet
        type number or name: i1 r1 i2 r2 update notify close close-ack),
        optionally hip:TYPE-from:ADDR.  Mutations: --esp-seq-add adds to
        the ESP sequence number, --flip-last flips the last byte (the ICV),
        --from-addr ADDR resends the IP payload from the local address
        ADDR (to --to-addr, default the captured destination) over a raw
        socket instead of the whole frame on IF, HIP checksum fixed,
        --hip-flip PARAM flips the first byte after the fixed part of a
        HIP parameter (hip_mac, hip_mac_2, hip_signature, hip_signature_2
        or a number) and fixes the HIP checksum.  Prints a description
        of what it sent.
  hip_craft.py batch
        reads one of the commands above per line from stdin (shell-style
        quoting) and runs them in order in this one process: python
        starts slowly in a TCG guest
  hip_craft.py list --pcap FILE
        one line per IP frame: index, protocol, source, destination and
        "esp SPI SEQ" or "hip TYPE csum ok|bad params T,T,..."
  hip_craft.py hip-params --pcap FILE
        one line per HIP packet: type name, source, destination, the
        first 8 hex digits of the SHA-256 of the HIP packet, then
        TYPE:LENGTH:HEX for each parameter (HEX: its first 16 bytes)
  hip_craft.py check-pcap --pcap FILE [--types "1 2 3 4"] [--allow MSG]
                          [--spi SRC=SPI ...] [--i2-spi SPI ...] [--r2-spi SPI ...]
                          [--notify TYPE ...] [--updates N] [--update-locator ADDR ...]
        decodes FILE with tshark's HIP dissector and checks that every HIP
        packet (IP protocol 139) is decoded as HIP version 2 with a good
        checksum, controls 0, the fixed P/S bits, a header length matching
        the IP payload; that no frame is malformed or has an expert
        message of severity warning or above (except the --allow ones);
        that the HIP packet types, consecutive repeats (retransmissions)
        collapsed, are --types; that every ESP packet from SRC uses one of
        the SPIs given for SRC with increasing sequence numbers; that the
        ESP_INFO new SPI of every I2 is one of --i2-spi and of every R2 one
        of --r2-spi; that for each --notify TYPE a NOTIFY packet is
        decoded with a NOTIFICATION of that type; with --updates N, that
        at least N UPDATE packets are decoded; for each --update-locator
        ADDR, that an UPDATE's LOCATOR_SET is decoded with locator ADDR.  Prints "ok: ..." / "FAIL: ..." lines, exits 1 on
        failure, 2 if tshark cannot run.
"""

import argparse
import ipaddress
import os
import random
import socket
import struct
import subprocess
import sys
import time

IPPROTO_HIP = 139
IPPROTO_ESP = 50
IPPROTO_NONE = 59
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
LINKTYPE_ETHERNET = 1

HIP_TYPES = {"i1": 1, "r1": 2, "i2": 3, "r2": 4, "update": 16,
             "notify": 17, "close": 18, "close-ack": 19}
HIP_TYPE_NAMES = {v: k for k, v in HIP_TYPES.items()}

P_R1_COUNTER = 129
P_PUZZLE = 257
P_LOCATOR_SET = 193
P_SEQ = 385
P_DH_GROUP_LIST = 511
P_DIFFIE_HELLMAN = 513
P_HIP_CIPHER = 579
P_HOST_ID = 705
P_HIT_SUITE_LIST = 715
P_CERT = 768
P_TRANSPORT_FORMAT_LIST = 2049
P_ESP_TRANSFORM = 4095
P_ECHO_REQUEST_SIGNED = 897
P_ESP_INFO = 65
P_LOCATOR_SET = 193
P_SEQ = 385
P_ACK = 449
P_HIP_MAC = 61505
P_HIP_MAC_2 = 61569
P_HIP_SIGNATURE_2 = 61633
P_HIP_SIGNATURE = 61697
PARAM_NAMES = {"hip_mac": P_HIP_MAC, "hip_mac_2": P_HIP_MAC_2,
               "hip_signature": P_HIP_SIGNATURE,
               "hip_signature_2": P_HIP_SIGNATURE_2}
# bytes of fixed fields before the variable part of a parameter
PARAM_FIXED = {P_HIP_SIGNATURE: 1, P_HIP_SIGNATURE_2: 1}


# --- checksums -----------------------------------------------------------

def csum_add(data, acc=0):
    """One's complement sum of 16-bit big-endian words (unfolded)."""
    if len(data) % 2:
        data += b"\0"
    acc += sum(struct.unpack("!%dH" % (len(data) // 2), data))
    return acc


def csum_fold(acc):
    while acc >> 16:
        acc = (acc & 0xFFFF) + (acc >> 16)
    return acc


def pseudo_header(src, dst, length, proto):
    src, dst = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if src.version != dst.version:
        raise ValueError("address families differ: %s %s" % (src, dst))
    if src.version == 6:
        return src.packed + dst.packed + struct.pack("!I3xB", length, proto)
    return src.packed + dst.packed + struct.pack("!xBH", proto, length)


def hip_checksum(src, dst, pkt):
    """RFC 7401 5.1.1 checksum of PKT (its checksum field taken as zero)."""
    pkt = pkt[:4] + b"\0\0" + pkt[6:]
    acc = csum_add(pseudo_header(src, dst, len(pkt), IPPROTO_HIP))
    acc = csum_add(pkt, acc)
    return (~csum_fold(acc)) & 0xFFFF


def hip_set_checksum(src, dst, pkt, delta=0):
    c = (hip_checksum(src, dst, pkt) + delta) & 0xFFFF
    return pkt[:4] + struct.pack("!H", c) + pkt[6:]


def hip_checksum_ok(src, dst, pkt):
    acc = csum_add(pseudo_header(src, dst, len(pkt), IPPROTO_HIP))
    return csum_fold(csum_add(pkt, acc)) == 0xFFFF


# --- HIP packets -----------------------------------------------------------

def tlv(ptype, contents, length=None):
    """A parameter; LENGTH overrides the length field (not the bytes)."""
    if length is None:
        length = len(contents)
    raw = struct.pack("!HH", ptype, length) + contents
    return raw + b"\0" * (-len(raw) % 8)


def hip_packet(ptype, shit, rhit, params=b"", src=None, dst=None,
               version=2, controls=0, nexthdr=IPPROTO_NONE):
    """HIP header + PARAMS; checksummed if SRC and DST are given."""
    total = 40 + len(params)
    if total % 8:
        raise ValueError("HIP packet length %d not a multiple of 8" % total)
    hdr = struct.pack("!BBBBHH16s16s", nexthdr, total // 8 - 1, ptype & 0x7F,
                      (version << 4) | 1, 0, controls,
                      ipaddress.IPv6Address(shit).packed,
                      ipaddress.IPv6Address(rhit).packed)
    pkt = hdr + params
    if src is not None:
        pkt = hip_set_checksum(src, dst, pkt)
    return pkt


def hip_params(pkt):
    """[(type, offset of the TLV, contents length)] of a HIP packet."""
    out = []
    off = 40
    end = min(len(pkt), (pkt[1] + 1) * 8)
    while off + 4 <= end:
        ptype, plen = struct.unpack_from("!HH", pkt, off)
        out.append((ptype, off, plen))
        off += (4 + plen + 7) & ~7
    return out


def i1_params():
    # DH groups 7 (NIST P-256), 8 (NIST P-384), 4 (MODP-3072)
    return tlv(P_DH_GROUP_LIST, bytes([7, 8, 4]))


def locator(addr, spi=None, lifetime=0xFFFFFFFF, words=None, pref=False):
    """One Locator of a LOCATOR_SET (RFC 8046 section 4): traffic type 0,
    locator type 1 (SPI then address) if SPI is given, else 0 (the
    address); WORDS overrides the Locator Length field."""
    a = ipaddress.ip_address(addr)
    packed = a.packed if a.version == 6 else \
        ipaddress.IPv6Address("::ffff:" + str(a)).packed
    loc = packed if spi is None else struct.pack("!I", spi) + packed
    if words is None:
        words = len(loc) // 4
    return struct.pack("!BBBBI", 0, 0 if spi is None else 1, words,
                       1 if pref else 0, lifetime) + loc


def locator_set(kind, src):
    """A LOCATOR_SET: "good" (type 0 and type 1 Locators), "bad-len" (a
    type-1 Locator whose Locator Length says 4 words), "bad-lifetime" (a
    zero lifetime) or "bad-fill" (the last Locator runs past the end)."""
    if kind == "good":
        return tlv(P_LOCATOR_SET, locator(src, pref=True) +
                   locator("2001:db8::99", spi=0x1234))
    if kind == "bad-len":
        return tlv(P_LOCATOR_SET, locator(src) +
                   locator("2001:db8::99", spi=0x1234, words=4))
    if kind == "bad-lifetime":
        return tlv(P_LOCATOR_SET, locator(src, lifetime=0))
    if kind == "bad-fill":
        raw = locator(src) + locator("2001:db8::99")
        return tlv(P_LOCATOR_SET, raw[:-4])
    sys.exit("unknown LOCATOR_SET kind %s" % kind)


def i1(shit, rhit, src, dst, extra=b""):
    return hip_packet(1, shit, rhit, i1_params() + extra, src, dst)


def extra_params(spec):
    """--extra "TYPE:VALUE,...": parameters appended after the I1's own
    (the caller keeps the ascending type order, or breaks it on purpose).
    VALUE: hex bytes, ip=ADDR (16 bytes, IPv4 as IPv4-mapped IPv6, as in
    FROM and VIA_RVS, RFC 8004 4.2.2) or rand=N (N random bytes)."""
    out = b""
    for item in filter(None, (spec or "").split(",")):
        t, v = item.split(":", 1)
        if v.startswith("ip="):
            ip = ipaddress.ip_address(v[3:])
            if ip.version == 4:
                ip = ipaddress.IPv6Address("::ffff:" + str(ip))
            data = ip.packed
        elif v.startswith("rand="):
            data = os.urandom(int(v[5:]))
        else:
            data = bytes.fromhex(v)
        out += tlv(int(t), data)
    return out


def close_bad_mac(shit, rhit, src, dst):
    params = (tlv(P_ECHO_REQUEST_SIGNED, os.urandom(16)) +
              tlv(P_HIP_MAC, os.urandom(32)) +
              tlv(P_HIP_SIGNATURE, bytes([7]) + os.urandom(64)))
    return hip_packet(18, shit, rhit, params, src, dst)


def r1_like(shit, rhit, src, dst):
    """Parameters of an R1 (RFC 7401 5.3.2) with random values: good
    enough for a dissector, not for a HIP implementation."""
    pub = b"\x04" + os.urandom(64)
    hi = b"\x00\x01\x04" + os.urandom(64)          # curve P-256, point
    params = (tlv(P_R1_COUNTER, struct.pack("!IQ", 0, 1)) +
              tlv(P_PUZZLE, struct.pack("!BBH", 1, 37, 0) + os.urandom(32)) +
              tlv(P_DIFFIE_HELLMAN, struct.pack("!BH", 7, len(pub)) + pub) +
              tlv(P_HIP_CIPHER, struct.pack("!HH", 2, 4)) +
              tlv(P_HOST_ID, struct.pack("!HHH", len(hi), 0, 7) + hi) +
              tlv(P_HIT_SUITE_LIST, bytes([0x10, 0x20])) +
              tlv(P_DH_GROUP_LIST, bytes([7, 8, 4])) +
              tlv(P_TRANSPORT_FORMAT_LIST, struct.pack("!H", P_ESP_TRANSFORM)) +
              tlv(P_HIP_SIGNATURE_2, bytes([7]) + os.urandom(64)))
    return hip_packet(2, shit, rhit, params, src, dst)


# --- a responder identity of our own, to send R1s an Initiator accepts ----

# Fixed P-384 private scalar of the "r1" identity (a test key, no secret)
R1_KEY_D = int("5a" * 48, 16)
DH_GROUP_CURVES = {7: "SECP256R1", 8: "SECP384R1"}


def r1_identity():
    """(private key, HOST_ID Host Identity field, HIT bytes) of r1-hit."""
    from cryptography.hazmat.primitives.asymmetric import ec
    import hit_ref

    key = ec.derive_private_key(R1_KEY_D, ec.SECP384R1())
    pub = key.public_key().public_numbers()
    hi = (struct.pack("!H", 2) + b"\x04" + pub.x.to_bytes(48, "big") +
          pub.y.to_bytes(48, "big"))
    return key, hi, hit_ref.orchid(hi, hit_ref.HIT_SUITE_ECDSA)


def dh_public(group):
    """A fresh public value of DH GROUP (7, 8: X | Y, RFC 5903 section 7)."""
    from cryptography.hazmat.primitives.asymmetric import ec

    curve = getattr(ec, DH_GROUP_CURVES[group])()
    n = (curve.key_size + 7) // 8
    pub = ec.generate_private_key(curve).public_key().public_numbers()
    return pub.x.to_bytes(n, "big") + pub.y.to_bytes(n, "big")


def pem_chain(path):
    """The DER certificates of a PEM (or concatenated DER) chain file."""
    import base64

    data = open(path, "rb").read()
    if b"-----BEGIN" in data:
        out = []
        for blk in data.split(b"-----BEGIN CERTIFICATE-----")[1:]:
            b64 = blk.split(b"-----END CERTIFICATE-----")[0]
            out.append(base64.b64decode(b"".join(b64.split())))
        return out
    out, off = [], 0
    while off + 2 <= len(data):
        n = data[off + 1]
        hl = 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[off + 2:off + 2 + k], "big")
            hl += k
        out.append(data[off:off + hl + n])
        off += hl + n
    return out


def cert_group(certs, group=1):
    """CERT parameters (RFC 8002 section 2): one group, X.509 v3 DER."""
    return b"".join(tlv(P_CERT, struct.pack("!BBBB", group, len(certs),
                                              i + 1, 1) + c)
                    for i, c in enumerate(certs))


def cmd_r1_key(a):
    from cryptography.hazmat.primitives import serialization

    key = r1_identity()[0]
    with open(a.out, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))


def r1_signed(rhit, src, dst, ciphers, esp, group, shit=None, certs=()):
    """A valid R1 from r1_identity() to RHIT (see "r1" in the usage);
    with SHIT, claiming that HIT, and CERTS (DER) as CERT group 1."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import \
        decode_dss_signature

    key, hi, hit = r1_identity()
    shit = ipaddress.IPv6Address(shit or hit)
    pub = dh_public(group)
    params = (tlv(P_R1_COUNTER, struct.pack("!IQ", 0, 1)) +
              tlv(P_PUZZLE, struct.pack("!BBH", 0, 37, 0) + bytes(48)) +
              tlv(P_DH_GROUP_LIST, bytes([group])) +
              tlv(P_DIFFIE_HELLMAN, struct.pack("!BH", group, len(pub)) + pub) +
              tlv(P_HIP_CIPHER, struct.pack("!%dH" % len(ciphers), *ciphers)) +
              tlv(P_HOST_ID, struct.pack("!HHH", len(hi), 0, 7) + hi) +
              tlv(P_HIT_SUITE_LIST, bytes([0x20, 0x10])) +
              cert_group(certs) +
              tlv(P_TRANSPORT_FORMAT_LIST, struct.pack("!H", P_ESP_TRANSFORM)) +
              tlv(P_ESP_TRANSFORM, struct.pack("!%dH" % (len(esp) + 1), 0, *esp)))
    # RFC 7401 5.2.15: receiver HIT and checksum zero, length up to here
    signed = hip_packet(2, shit, "::", params)
    r, s_ = decode_dss_signature(key.sign(signed, ec.ECDSA(hashes.SHA384())))
    sig = struct.pack("!H", 7) + r.to_bytes(48, "big") + s_.to_bytes(48, "big")
    return hip_packet(2, shit, rhit, params + tlv(P_HIP_SIGNATURE_2, sig),
                      src, dst)


def cmd_r1_hit(_):
    print(ipaddress.IPv6Address(r1_identity()[2]))


def cmd_r1(a):
    ciphers = [int(x) for x in a.ciphers.split()]
    esp = [int(x) for x in a.esp.split()]
    certs = pem_chain(a.cert) if a.cert else []
    pkt = r1_signed(a.rhit, a.src, a.dst, ciphers, esp, a.dh_group,
                    a.shit, certs)
    t0 = time.time()
    while a.after and not os.path.exists(a.after):
        if time.time() - t0 > 300:
            sys.exit("r1: %s did not appear" % a.after)
        time.sleep(0.05)
    send_raw(a.src, a.dst, pkt)
    print("sent r1 ciphers %s esp %s %s > %s" % (ciphers, esp, a.src, a.dst))


def random_hit(like):
    """A random ORCHIDv2 HIT with the prefix and OGA ID of LIKE."""
    b = bytearray(ipaddress.IPv6Address(like).packed[:4])
    b[3] &= 0xF0
    b[3] |= ipaddress.IPv6Address(like).packed[3] & 0x0F
    b += os.urandom(12)
    return ipaddress.IPv6Address(bytes(b))


# --- IP, Ethernet and pcap -------------------------------------------------

def ip_packet(src, dst, proto, payload, hlim=64):
    src, dst = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if src.version == 6:
        return struct.pack("!IHBB16s16s", 6 << 28, len(payload), proto, hlim,
                           src.packed, dst.packed) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload),
                      random.getrandbits(16), 0x4000, hlim, proto, 0,
                      src.packed, dst.packed)
    c = (~csum_fold(csum_add(hdr))) & 0xFFFF
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + payload


def eth_frame(dmac, smac, ip):
    etype = ETH_P_IPV6 if ip[0] >> 4 == 6 else ETH_P_IP
    return mac_bytes(dmac) + mac_bytes(smac) + struct.pack("!H", etype) + ip


def mac_bytes(mac):
    if isinstance(mac, bytes):
        return mac
    return bytes(int(x, 16) for x in mac.split(":"))


def parse_ip(frame):
    """(version, src, dst, proto, payload offset, payload end) of an
    Ethernet frame carrying IP, or None."""
    if len(frame) < 14:
        return None
    etype = struct.unpack_from("!H", frame, 12)[0]
    off = 14
    if etype == ETH_P_IPV6 and len(frame) >= off + 40:
        plen, proto = struct.unpack_from("!HB", frame, off + 4)
        src = ipaddress.IPv6Address(frame[off + 8:off + 24])
        dst = ipaddress.IPv6Address(frame[off + 24:off + 40])
        return 6, src, dst, proto, off + 40, min(len(frame), off + 40 + plen)
    if etype == ETH_P_IP and len(frame) >= off + 20:
        ihl = (frame[off] & 0x0F) * 4
        tot, = struct.unpack_from("!H", frame, off + 2)
        proto = frame[off + 9]
        src = ipaddress.IPv4Address(frame[off + 12:off + 16])
        dst = ipaddress.IPv4Address(frame[off + 16:off + 20])
        return 4, src, dst, proto, off + ihl, min(len(frame), off + tot)
    return None


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError("%s: not a pcap file (pcapng? use tcpdump -w)" % path)
    linktype, = struct.unpack_from(e + "I", data, 20)
    if linktype != LINKTYPE_ETHERNET:
        raise ValueError("%s: link type %d, want Ethernet" % (path, linktype))
    frames, off = [], 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack_from(e + "IIII", data, off)
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                            LINKTYPE_ETHERNET))
        t = time.time()
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", int(t), i, len(fr), len(fr)) + fr)


def describe(frame):
    p = parse_ip(frame)
    if p is None:
        return "non-ip"
    ver, src, dst, proto, off, end = p
    pl = frame[off:end]
    s = "ipv%d %s > %s" % (ver, src, dst)
    if proto == IPPROTO_ESP and len(pl) >= 8:
        spi, seq = struct.unpack_from("!II", pl)
        return s + " esp spi 0x%08x seq %d len %d" % (spi, seq, len(pl))
    if proto == IPPROTO_HIP and len(pl) >= 40:
        t = pl[2] & 0x7F
        ok = "ok" if hip_checksum_ok(src, dst, pl) else "bad"
        params = ",".join(str(x[0]) for x in hip_params(pl))
        return s + " hip %s csum %s params %s" % (
            HIP_TYPE_NAMES.get(t, str(t)), ok, params)
    return s + " proto %d" % proto



def locator_entry(addr, spi=None, preferred=True, lifetime=0xFFFFFFFF,
                  loclen=None, loctype=None):
    """One LOCATOR_SET entry (RFC 8046 4): traffic type 0, locator type 1
    (SPI + IPv6 or IPv4-mapped address) when SPI is given, else type 0;
    LOCLEN/LOCTYPE override the fields, not the bytes."""
    ip = ipaddress.ip_address(addr)
    packed = ip.packed if ip.version == 6 else \
        ipaddress.IPv6Address("::ffff:" + str(ip)).packed
    body = (struct.pack("!I", spi) if spi is not None else b"") + packed
    if loctype is None:
        loctype = 1 if spi is not None else 0
    if loclen is None:
        loclen = len(body) // 4
    return struct.pack("!BBBBI", 0, loctype, loclen, 1 if preferred else 0,
                       lifetime) + body


def update_params(kind, spi, loc, seq):
    """Parameters of a mobility UPDATE (RFC 8046 5.2 message 1: ESP_INFO
    OLD = NEW, LOCATOR_SET, SEQ), with random HIP_MAC and HIP_SIGNATURE,
    or one of them malformed as KIND says."""
    esp_info = struct.pack("!HHII", 0, 0, spi, spi)
    entry = locator_entry(loc, spi)
    p_esp = tlv(P_ESP_INFO, esp_info)
    p_loc = tlv(P_LOCATOR_SET, entry)
    p_seq = tlv(P_SEQ, struct.pack("!I", seq))
    p_ack = b""
    if kind == "update-locator-len":
        # the entry claims 5 words of locator, the parameter holds 4
        p_loc = tlv(P_LOCATOR_SET, entry[:-4])
    elif kind == "update-locator-type":
        # type 1 (SPI + address) with the length of a type 0 locator
        p_loc = tlv(P_LOCATOR_SET, locator_entry(loc, spi, loclen=4))
    elif kind == "update-locator-lifetime":
        # lifetime 0 (RFC 8046 4: MUST be non-zero)
        p_loc = tlv(P_LOCATOR_SET, locator_entry(loc, spi, lifetime=0))
    elif kind == "update-espinfo-len":
        p_esp = tlv(P_ESP_INFO, esp_info[:8])
    elif kind == "update-seq-len":
        p_seq = tlv(P_SEQ, struct.pack("!H", seq & 0xFFFF))
    elif kind == "update-ack-len":
        p_ack = tlv(P_ACK, struct.pack("!IH", seq, 0))
    elif kind == "update-overrun":
        # the LOCATOR_SET's length runs past the end of the packet
        p_loc = tlv(P_LOCATOR_SET, entry, length=2000)
    elif kind not in ("update-bad-mac", "update-truncated"):
        sys.exit("unknown kind %s" % kind)
    return (p_esp + p_loc + p_seq + p_ack + tlv(P_HIP_MAC, os.urandom(32)) +
            tlv(P_HIP_SIGNATURE, bytes([7]) + os.urandom(64)))


def update_packet(kind, shit, rhit, src, dst, spi, loc, seq):
    params = update_params(kind, spi, loc, seq)
    if kind == "update-overrun":
        # the header covers the packet; only the parameter lies
        params = params[:len(params) - len(params) % 8]
    pkt = hip_packet(16, shit, rhit, params)
    if kind == "update-truncated":
        # the header length says more than the packet has (RFC 7401 5.1)
        pkt = pkt[:-24]
    return hip_set_checksum(src, dst, pkt)

# --- sending ---------------------------------------------------------------

def send_raw(src, dst, payload, proto=IPPROTO_HIP):
    """PAYLOAD as the IP payload from SRC (a local address) to DST; the
    kernel builds the IP header and leaves the payload as it is."""
    fam = socket.AF_INET6 if ipaddress.ip_address(dst).version == 6 \
        else socket.AF_INET
    with socket.socket(fam, socket.SOCK_RAW, proto) as s:
        s.bind((str(src), 0))
        s.sendto(payload, (str(dst), 0))


class Link:
    """AF_PACKET socket on an interface, for whole Ethernet frames."""

    def __init__(self, ifname):
        self.ifname = ifname
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.s.bind((ifname, 0))
        with open("/sys/class/net/%s/address" % ifname) as f:
            self.mac = mac_bytes(f.read().strip())

    def send(self, frame):
        self.s.send(frame)

    def close(self):
        self.s.close()


def pace(i, every=250, pause=0.005):
    """Give the receiving softirq a moment now and then, so the receive
    backlog (netdev_max_backlog) never overflows in a slow VM."""
    if i and i % every == 0:
        time.sleep(pause)


def cmd_send(a):
    src, dst = a.src, a.dst
    for _ in range(a.count):
        if a.kind == "i1":
            pkt = i1(a.shit, a.rhit, src, dst, extra_params(a.extra))
        elif a.kind == "i1-bad-csum":
            pkt = hip_set_checksum(src, dst, i1(a.shit, a.rhit, src, dst), 1)
        elif a.kind == "i1-truncated":
            # DH_GROUP_LIST says 64 bytes of contents, the packet has 8
            params = tlv(P_DH_GROUP_LIST, bytes([7, 8, 4]), length=64)
            pkt = hip_packet(1, a.shit, a.rhit, params, src, dst)
        elif a.kind == "i1-bad-version":
            pkt = hip_packet(1, a.shit, a.rhit, i1_params(), src, dst,
                             version=3)
        elif a.kind == "close-bad-mac":
            pkt = close_bad_mac(a.shit, a.rhit, src, dst)
        elif a.kind == "i1-trailing":
            # checksummed over the packet the header length covers (5.1.1)
            pkt = i1(a.shit, a.rhit, src, dst) + os.urandom(16)
        elif a.kind.startswith("i1-locator-"):
            # RFC 8046 4: hip_parse() checks every LOCATOR_SET
            params = locator_set(a.kind[len("i1-locator-"):], src) + \
                i1_params()
            pkt = hip_packet(1, a.shit, a.rhit, params, src, dst)
        elif a.kind in ("update-locator-" + k for k in
                        ("good", "bad-len", "bad-lifetime", "bad-fill")):
            # SEQ, then the LOCATOR_SET (no MAC: the parser refuses a
            # malformed one before anything checks the MAC)
            params = tlv(P_SEQ, struct.pack("!I", 0)) + \
                locator_set(a.kind[len("update-locator-"):], src)
            pkt = hip_packet(16, a.shit, a.rhit, params, src, dst)
        elif a.kind == "i1-fixed-bits":
            pkt = bytearray(hip_packet(1, a.shit, a.rhit, i1_params()))
            pkt[2] |= 0x80
            pkt[3] &= 0xFE
            pkt = hip_set_checksum(src, dst, bytes(pkt))
        elif a.kind.startswith("update-"):
            pkt = update_packet(a.kind, a.shit, a.rhit, src, dst, a.spi,
                                a.loc or src, a.seq)
        else:
            sys.exit("unknown kind %s" % a.kind)
        send_raw(src, dst, pkt)
    print("sent %d %s %s > %s" % (a.count, a.kind, src, dst))


class I1Maker:
    """Well-formed I1s to RHIT from random sender HITs, fast: the checksum
    is the precomputed sum of the fixed words plus those that change."""

    def __init__(self, rhit, dst):
        self.dst = ipaddress.ip_address(dst)
        rh = ipaddress.IPv6Address(rhit).packed
        self.prefix = rh[:4]
        tmpl = hip_packet(1, "::", rhit, i1_params())
        self.head, self.tail = tmpl[:8], tmpl[24:]
        self.fixed = csum_add(tmpl) + csum_add(self.dst.packed)
        self.fixed += len(tmpl) + IPPROTO_HIP

    def make(self, src_packed):
        shit = self.prefix + os.urandom(12)
        acc = self.fixed + csum_add(shit) + csum_add(src_packed)
        c = (~csum_fold(acc)) & 0xFFFF
        return self.head[:4] + struct.pack("!H", c) + self.head[6:] + \
            shit + self.tail


def cmd_flood(a):
    dst = ipaddress.ip_address(a.dst)
    mk = I1Maker(a.rhit, dst)
    n = 0
    if a.src_prefix:
        net = ipaddress.ip_network(a.src_prefix)
        if net.version != 6 or net.prefixlen != 64:
            sys.exit("--src-prefix must be an IPv6 /64")
        link = Link(a.ifname)
        eth = mac_bytes(a.dst_mac) + link.mac + struct.pack("!H", ETH_P_IPV6)
        pfx = net.network_address.packed[:8]
        for i in range(a.count):
            src = pfx + os.urandom(8)
            pkt = mk.make(src)
            ip6 = struct.pack("!IHBB", 6 << 28, len(pkt), IPPROTO_HIP, 64) + \
                src + dst.packed
            link.send(eth + ip6 + pkt)
            n += 1
            pace(i)
        link.close()
    else:
        fam = socket.AF_INET6 if dst.version == 6 else socket.AF_INET
        src = ipaddress.ip_address(a.src).packed
        with socket.socket(fam, socket.SOCK_RAW, IPPROTO_HIP) as s:
            s.bind((a.src, 0))
            for i in range(a.count):
                s.sendto(mk.make(src), (str(dst), 0))
                n += 1
                pace(i)
    print("sent %d I1s to %s" % (n, a.rhit))


def select(frames, sel):
    want_from = None
    if "-from:" in sel:
        sel, want_from = sel.split("-from:", 1)
        want_from = ipaddress.ip_address(want_from)
    for i, fr in enumerate(frames):
        p = parse_ip(fr)
        if p is None:
            continue
        _, src, _, proto, off, end = p
        if want_from is not None and src != want_from:
            continue
        if sel == "esp" and proto == IPPROTO_ESP and end - off >= 8:
            return i
        if sel.startswith("hip:") and proto == IPPROTO_HIP and \
           end - off >= 40:
            t = sel[4:]
            t = HIP_TYPES[t] if t in HIP_TYPES else int(t)
            if frames[i][off + 2] & 0x7F == t:
                return i
    return None


def mutate(frame, a):
    ver, src, dst, proto, off, end = parse_ip(frame)
    fr = bytearray(frame[:end])
    if a.esp_seq_add:
        seq, = struct.unpack_from("!I", fr, off + 4)
        struct.pack_into("!I", fr, off + 4, (seq + a.esp_seq_add) & 0xFFFFFFFF)
    if a.flip_last:
        fr[end - 1] ^= 0x5A
    if a.hip_flip:
        ptype = PARAM_NAMES.get(a.hip_flip)
        ptype = ptype if ptype is not None else int(a.hip_flip)
        pl = bytes(fr[off:end])
        for t, poff, plen in hip_params(pl):
            if t == ptype:
                skip = PARAM_FIXED.get(t, 0)
                if plen <= skip:
                    sys.exit("parameter %d too short to flip" % t)
                fr[off + poff + 4 + skip] ^= 0xFF
                break
        else:
            sys.exit("parameter %s not in the packet" % a.hip_flip)
    if proto == IPPROTO_HIP:
        pl = hip_set_checksum(src, dst, bytes(fr[off:end]))
        fr[off:end] = pl
    return bytes(fr)


def cmd_replay(a):
    frames = read_pcap(a.pcap)
    i = select(frames, a.select)
    if i is None:
        print("no frame matches %s among %d" % (a.select, len(frames)))
        sys.exit(3)
    fr = mutate(frames[i], a)
    if a.from_addr:
        # the IP payload again, from a local address of this namespace
        # (an attacker replaying what it captured, from where it is)
        _, _, dst, proto, off, end = parse_ip(fr)
        dst = a.to_addr or str(dst)
        pl = fr[off:end]
        if proto == IPPROTO_HIP:
            pl = hip_set_checksum(a.from_addr, dst, pl)
        for _ in range(a.count):
            send_raw(a.from_addr, dst, pl, proto)
            time.sleep(0.01)
        print("sent %d x frame %d payload from %s to %s: %s" %
              (a.count, i, a.from_addr, dst, describe(fr)))
        return
    if not a.ifname:
        sys.exit("replay needs --ifname or --from-addr")
    link = Link(a.ifname)
    for _ in range(a.count):
        link.send(fr)
        time.sleep(0.01)
    link.close()
    print("sent %d x frame %d: %s" % (a.count, i, describe(fr)))


def cmd_hip_params(a):
    import hashlib
    for frame in read_pcap(a.pcap):
        p = parse_ip(frame)
        if p is None or p[3] != IPPROTO_HIP or p[5] - p[4] < 40:
            continue
        pl = frame[p[4]:p[5]]
        words = [HIP_TYPE_NAMES.get(pl[2] & 0x7F, str(pl[2] & 0x7F)),
                 str(p[1]), str(p[2]), hashlib.sha256(pl).hexdigest()[:8]]
        for t, off, plen in hip_params(pl):
            words.append("%d:%d:%s" % (t, plen,
                                       pl[off + 4:off + 4 + min(plen, 16)].hex()))
        print(" ".join(words))


def cmd_list(a):
    for i, fr in enumerate(read_pcap(a.pcap)):
        print(i, describe(fr))


TSHARK_FIELDS = ["frame.number", "ip.src", "ipv6.src", "ip.len", "ip.hdr_len",
                 "ipv6.plen", "hip.packet_type", "hip.version", "hip.hdr_len",
                 "hip.checksum.status", "hip.controls", "hip.shim6_fixed_p",
                 "hip.shim6_fixed_s", "hip.tlv_esp_info_new_spi", "esp.spi",
                 "esp.sequence", "hip.tlv.notification_type",
                 "hip.tlv.locator_address", "hip.tlv_seq_update_id",
                 "hip.tlv_ack_updid",
                 "_ws.expert.severity", "_ws.expert.message"]
EXPERT_WARN = 0x00600000        # PI_WARN; PI_ERROR is 0x00800000


def tshark(args):
    try:
        p = subprocess.run(["tshark", "-n"] + args, capture_output=True,
                           text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("FAIL: tshark: %s" % e)
        sys.exit(2)
    if p.returncode != 0:
        print("FAIL: tshark %s: exit %d: %s" % (" ".join(args), p.returncode,
                                               p.stderr.strip()))
        sys.exit(2)
    return p.stdout


def num(v):
    v = v.strip()
    if not v:
        return None
    return int(v, 16) if v.startswith("0x") else int(v)


def cmd_check_pcap(a):
    bad = 0

    def check(cond, what):
        nonlocal bad
        print("%s: %s" % ("ok" if cond else "FAIL", what))
        bad += not cond

    frames = read_pcap(a.pcap)
    hip_frames = set()
    for i, fr in enumerate(frames):
        p = parse_ip(fr)
        if p and p[3] == IPPROTO_HIP:
            hip_frames.add(i + 1)
    # one tshark run (it starts slowly in a TCG guest): every frame, all
    # occurrences of a field joined by "|"
    args = ["-r", a.pcap, "-T", "fields", "-E", "separator=\t", "-E",
            "occurrence=a", "-E", "aggregator=|"]
    for f in TSHARK_FIELDS:
        args += ["-e", f]
    rows, problems = [], []
    for line in tshark(args).splitlines():
        r = dict(zip(TSHARK_FIELDS, line.split("\t")))
        sev = r.pop("_ws.expert.severity", "").split("|")
        msg = r.pop("_ws.expert.message", "").split("|")
        r = {k: v.split("|")[0] for k, v in r.items()}
        for sv, m in zip(sev, msg):
            if sv and num(sv) >= EXPERT_WARN and m not in a.allow:
                problems.append("frame %s: %s" % (r["frame.number"], m))
        rows.append(r)
    hip = [r for r in rows if r.get("hip.packet_type")]
    esp = [r for r in rows if r.get("esp.spi")]
    decoded = {int(r["frame.number"]) for r in hip}
    check(len(hip_frames) > 0, "%d HIP packets captured" % len(hip_frames))
    check(decoded == hip_frames,
          "tshark decodes all %d HIP packets as HIP (%d decoded)"
          % (len(hip_frames), len(decoded)))
    errs = []
    for r in hip:
        n = r["frame.number"]
        if r.get("ipv6.plen"):
            iplen = num(r["ipv6.plen"])
        else:
            iplen = num(r["ip.len"]) - num(r["ip.hdr_len"])
        t = num(r["hip.packet_type"])
        for what, ok in (
                ("version %s" % r["hip.version"], num(r["hip.version"]) == 2),
                ("checksum status %s" % r["hip.checksum.status"],
                 num(r["hip.checksum.status"]) == 1),
                ("controls %s" % r["hip.controls"], num(r["hip.controls"]) == 0),
                ("fixed bits P %s S %s" % (r["hip.shim6_fixed_p"],
                                           r["hip.shim6_fixed_s"]),
                 num(r["hip.shim6_fixed_p"]) == 0 and
                 num(r["hip.shim6_fixed_s"]) == 1),
                ("header length %s for %s payload bytes"
                 % (r["hip.hdr_len"], iplen),
                 (num(r["hip.hdr_len"]) + 1) * 8 == iplen)):
            if not ok:
                errs.append("frame %s (type %s): %s" % (n, t, what))
    check(not errs, "HIP version 2, good checksums, controls 0, fixed bits, "
          "header lengths: %s" % ("; ".join(errs) or "all %d" % len(hip)))

    check(not problems, "no malformed frame, no expert warning or error%s%s"
          % (" (allowed: %s)" % ", ".join(a.allow) if a.allow else "",
             ": " + "; ".join(problems) if problems else ""))

    if a.types is not None:
        seq = []
        for r in hip:
            t = num(r["hip.packet_type"])
            if not seq or seq[-1] != t:
                seq.append(t)
        want = [int(x) for x in a.types.split()]
        check(seq == want, "HIP packet types %s (want %s)" % (
            " ".join(map(str, seq)), a.types))

    if a.spi:
        allowed = {}
        for x in a.spi:
            src, spi = x.rsplit("=", 1)
            allowed.setdefault(str(ipaddress.ip_address(src)), set()).add(num(spi))
        errs, last = [], {}
        for r in esp:
            src = r.get("ipv6.src") or r.get("ip.src")
            spi, sq = num(r["esp.spi"]), num(r["esp.sequence"])
            if spi not in allowed.get(src, set()):
                errs.append("frame %s from %s: SPI 0x%x" % (r["frame.number"], src, spi))
            if spi in last and sq <= last[spi]:
                errs.append("frame %s: SPI 0x%x sequence %d after %d"
                            % (r["frame.number"], spi, sq, last[spi]))
            last[spi] = sq
        check(esp and not errs, "%d ESP packets with the SPIs of the "
              "associations, sequence numbers increasing%s"
              % (len(esp), ": " + "; ".join(errs) if errs else ""))

    for want in a.notify:
        got = [r["hip.tlv.notification_type"] for r in hip
               if num(r["hip.packet_type"]) == 17]
        check(str(num(want)) in [str(num(g)) for g in got if g],
              "a NOTIFY decoded with NOTIFICATION type %s (NOTIFY types: %s)"
              % (want, " ".join(got) or "no NOTIFY"))

    if a.updates or a.update_locator:
        upd = [r for r in hip if num(r["hip.packet_type"]) == 16]
        check(len(upd) >= a.updates, "%d UPDATEs decoded (want >= %d), "
              "SEQ %s, ACK %s" % (len(upd), a.updates,
                                  " ".join(r["hip.tlv_seq_update_id"] or "-" for r in upd),
                                  " ".join(r["hip.tlv_ack_updid"] or "-" for r in upd)))

        def same(x, y):
            x, y = ipaddress.ip_address(x), ipaddress.ip_address(y)
            x = x.ipv4_mapped or x if x.version == 6 else x
            y = y.ipv4_mapped or y if y.version == 6 else y
            return x == y
        for want in a.update_locator:
            locs = [r["hip.tlv.locator_address"] for r in upd
                    if r["hip.tlv.locator_address"]]
            check(any(same(x, want) for x in locs),
                  "an UPDATE's LOCATOR_SET decoded with locator %s (got: %s)"
                  % (want, " ".join(locs) or "no LOCATOR_SET"))

    for name, t, want in (("I2", 3, a.i2_spi), ("R2", 4, a.r2_spi)):
        if not want:
            continue
        want = {num(x) for x in want}
        got = [num(r["hip.tlv_esp_info_new_spi"]) if r["hip.tlv_esp_info_new_spi"]
               else None for r in hip if num(r["hip.packet_type"]) == t]
        check(got and all(g in want for g in got),
              "ESP_INFO new SPI of each %s is the sender's inbound SPI: %s"
              % (name, " ".join("0x%x" % g if g is not None else "none"
                                for g in got) or "no " + name))
    sys.exit(1 if bad else 0)


def cmd_demo_pcap(a):
    h1 = "2001:21::1:2:3:4"
    h2 = "2001:22::5:6:7:8"
    m1, m2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
    frames = []
    for s, d in (("fd00::1", "fd00::2"), ("10.0.0.1", "10.0.0.2")):
        frames.append(eth_frame(m2, m1, ip_packet(s, d, IPPROTO_HIP,
                                                  i1(h1, h2, s, d))))
        frames.append(eth_frame(m1, m2, ip_packet(d, s, IPPROTO_HIP,
                                                  r1_like(h2, h1, d, s))))
        frames.append(eth_frame(m2, m1, ip_packet(s, d, IPPROTO_HIP,
                                                  close_bad_mac(h1, h2, s, d))))
    # an I2-like packet with ESP_INFO (new SPI 0x1001), then ESP both ways
    s, d = "fd00::1", "fd00::2"
    esp_info = tlv(65, struct.pack("!HHII", 0, 0, 0, 0x1001))
    frames.append(eth_frame(m2, m1, ip_packet(s, d, IPPROTO_HIP, hip_packet(
        3, h1, h2, esp_info, s, d))))
    for seq in (1, 2, 3):
        frames.append(eth_frame(m2, m1, ip_packet(s, d, IPPROTO_ESP, struct.pack(
            "!II", 0x2002, seq) + os.urandom(48))))
        frames.append(eth_frame(m1, m2, ip_packet(d, s, IPPROTO_ESP, struct.pack(
            "!II", 0x1001, seq) + os.urandom(48))))
    write_pcap(a.file, frames)
    print("wrote %d frames to %s" % (len(frames), a.file))


def cmd_selftest(_):
    bad = 0

    def check(what, cond):
        nonlocal bad
        print("%s: %s" % ("ok" if cond else "FAIL", what))
        bad += not cond

    # RFC 1071 example: words 0001 f203 f4f5 f6f7 sum to 0xddf2 (folded)
    check("rfc1071 example sum",
          csum_fold(csum_add(bytes.fromhex("0001f203f4f5f6f7"))) == 0xDDF2)
    h1, h2 = "2001:21::1", "2001:22::2"
    for s, d in (("fd00::1", "fd00::2"), ("10.0.0.1", "10.0.0.2")):
        p = i1(h1, h2, s, d)
        check("I1 over %s: 48 bytes, header length 5" % s,
              len(p) == 48 and p[1] == 5)
        check("I1 over %s: next header 59, type 1, version 0x21" % s,
              p[0] == 59 and p[2] == 1 and p[3] == 0x21)
        check("I1 over %s: checksum verifies" % s, hip_checksum_ok(s, d, p))
        check("I1 over %s: checksum depends on the addresses" % s,
              not hip_checksum_ok(d, s + "0" if ":" in s else "10.0.0.3", p))
        # independent computation: the IP pseudo header layout spelled out
        ph = ipaddress.ip_address(s).packed + ipaddress.ip_address(d).packed
        ph += (struct.pack("!IxxxB", len(p), 139) if ":" in s
               else struct.pack("!xBH", 139, len(p)))
        z = p[:4] + b"\0\0" + p[6:]
        words = struct.unpack("!%dH" % ((len(ph) + len(z)) // 2), ph + z)
        tot = sum(words)
        while tot > 0xFFFF:
            tot = (tot & 0xFFFF) + (tot >> 16)
        check("I1 over %s: checksum = ~sum(pseudo header + packet)" % s,
              struct.unpack_from("!H", p, 4)[0] == (~tot & 0xFFFF))
        b = hip_set_checksum(s, d, p, 1)
        check("bad-csum variant fails verification", not hip_checksum_ok(s, d, b))
    c = close_bad_mac(h1, h2, "fd00::1", "fd00::2")
    check("CLOSE parameters in order",
          [t for t, _, _ in hip_params(c)] ==
          [P_ECHO_REQUEST_SIGNED, P_HIP_MAC, P_HIP_SIGNATURE])
    fr = eth_frame("02:00:00:00:00:02", "02:00:00:00:00:01",
                   ip_packet("fd00::1", "fd00::2", IPPROTO_HIP, c))

    class A:
        esp_seq_add = 0
        flip_last = False
        hip_flip = "hip_mac"
    m = mutate(fr, A)
    _, _, _, _, off, end = parse_ip(m)
    mac_off = off + hip_params(c)[1][1] + 4
    check("--hip-flip hip_mac flips the MAC's first byte",
          m[mac_off] == fr[mac_off] ^ 0xFF and m[:mac_off] != fr[:mac_off])
    check("--hip-flip keeps the checksum valid",
          hip_checksum_ok("fd00::1", "fd00::2", m[off:end]))
    v4 = ip_packet("10.0.0.1", "10.0.0.2", IPPROTO_HIP, c)
    check("IPv4 header checksum", csum_fold(csum_add(v4[:20])) == 0xFFFF)
    mk = I1Maker(h2, "fd00::2")
    p = mk.make(ipaddress.ip_address("fd00::1").packed)
    check("fast I1 maker: valid checksum, same as i1() but the sender HIT",
          hip_checksum_ok("fd00::1", "fd00::2", p) and
          p[8:12] == bytes.fromhex("20010022") and
          p[:4] + p[24:] == i1(h1, h2, "fd00::1", "fd00::2")[:4] +
          i1(h1, h2, "fd00::1", "fd00::2")[24:])
    mk4 = I1Maker(h2, "10.0.0.2")
    check("fast I1 maker over IPv4: valid checksum",
          hip_checksum_ok("10.0.0.1", "10.0.0.2",
                          mk4.make(ipaddress.ip_address("10.0.0.1").packed)))
    rh = random_hit("2001:22::2")
    check("random HIT keeps prefix and OGA", rh.packed[:4] == bytes.fromhex("20010022"))
    sys.exit(1 if bad else 0)


COMMANDS = {}


def cmd_batch(a):
    import shlex
    for line in sys.stdin:
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "batch":
            sys.exit("batch inside batch")
        b = a.parser.parse_args(words)
        COMMANDS[b.cmd](b)
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("selftest")
    p = sub.add_parser("demo-pcap")
    p.add_argument("file")
    p = sub.add_parser("send")
    p.add_argument("kind")
    p.add_argument("--src", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--shit", required=True)
    p.add_argument("--rhit", required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--spi", type=lambda v: int(v, 0), default=0x1000)
    p.add_argument("--loc")
    p.add_argument("--seq", type=int, default=1000)
    p.add_argument("--extra", default="")
    sub.add_parser("r1-hit")
    p = sub.add_parser("r1")
    p.add_argument("--src", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--rhit", required=True)
    p.add_argument("--ciphers", default="2 4")
    p.add_argument("--esp", default="13 8")
    p.add_argument("--dh-group", type=int, default=7)
    p.add_argument("--after")
    p.add_argument("--shit")
    p.add_argument("--cert")
    p = sub.add_parser("r1-key")
    p.add_argument("-o", dest="out", required=True)
    p = sub.add_parser("flood")
    p.add_argument("--dst", required=True)
    p.add_argument("--rhit", required=True)
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--src")
    p.add_argument("--ifname")
    p.add_argument("--dst-mac")
    p.add_argument("--src-prefix")
    p = sub.add_parser("replay")
    p.add_argument("--pcap", required=True)
    p.add_argument("--ifname")
    p.add_argument("--select", required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--esp-seq-add", type=int, default=0)
    p.add_argument("--flip-last", action="store_true")
    p.add_argument("--hip-flip")
    p.add_argument("--from-addr")
    p.add_argument("--to-addr")
    p = sub.add_parser("list")
    p.add_argument("--pcap", required=True)
    p = sub.add_parser("hip-params")
    p.add_argument("--pcap", required=True)
    p = sub.add_parser("check-pcap")
    p.add_argument("--pcap", required=True)
    p.add_argument("--types")
    p.add_argument("--allow", action="append", default=[])
    p.add_argument("--spi", action="append", default=[])
    p.add_argument("--i2-spi", action="append", default=[])
    p.add_argument("--r2-spi", action="append", default=[])
    p.add_argument("--notify", action="append", default=[])
    p.add_argument("--updates", type=int, default=0)
    p.add_argument("--update-locator", action="append", default=[])
    sub.add_parser("batch")
    a = ap.parse_args()
    a.parser = ap
    if a.cmd == "flood" and not a.src_prefix and not a.src:
        ap.error("flood needs --src or --src-prefix/--ifname/--dst-mac")
    if a.cmd == "flood" and a.src_prefix and not (a.ifname and a.dst_mac):
        ap.error("--src-prefix needs --ifname and --dst-mac")
    COMMANDS.update({"selftest": cmd_selftest, "demo-pcap": cmd_demo_pcap,
                     "send": cmd_send, "flood": cmd_flood,
                     "replay": cmd_replay, "list": cmd_list,
                     "check-pcap": cmd_check_pcap, "batch": cmd_batch,
                     "r1-hit": cmd_r1_hit, "r1": cmd_r1, "r1-key": cmd_r1_key,
                     "hip-params": cmd_hip_params})
    COMMANDS[a.cmd](a)


if __name__ == "__main__":
    main()
