# SPDX-License-Identifier: GPL-2.0
"""HIPv2 wire format, from RFC 7401 section 5 (and RFC 7402 section 5.1)."""

import ipaddress
import struct

IPPROTO_HIP = 139       # RFC 7401 section 4
IPPROTO_NONE = 59       # RFC 7401 section 5.1: Next Header 59
HIP_VERSION = 2         # RFC 7401 section 5.1

# Packet types, RFC 7401 section 5.3, Table 11
I1, R1, I2, R2, UPDATE, NOTIFY, CLOSE, CLOSE_ACK = 1, 2, 3, 4, 16, 17, 18, 19
TYPE_NAMES = {I1: "I1", R1: "R1", I2: "I2", R2: "R2", UPDATE: "UPDATE",
              NOTIFY: "NOTIFY", CLOSE: "CLOSE", CLOSE_ACK: "CLOSE_ACK"}

# Parameter types, RFC 7401 section 5.2 table; RFC 7402 section 5.1
ESP_INFO = 65
R1_COUNTER = 129
PUZZLE = 257
SOLUTION = 321
SEQ = 385
ACK = 449
DH_GROUP_LIST = 511
DIFFIE_HELLMAN = 513
HIP_CIPHER = 579
ENCRYPTED = 641
HOST_ID = 705
HIT_SUITE_LIST = 715
CERT = 768
NOTIFICATION = 832
ECHO_REQUEST_SIGNED = 897
ECHO_RESPONSE_SIGNED = 961
TRANSPORT_FORMAT_LIST = 2049
ESP_TRANSFORM = 4095
HIP_MAC = 61505
HIP_MAC_2 = 61569
HIP_SIGNATURE_2 = 61633
HIP_SIGNATURE = 61697
ECHO_RESPONSE_UNSIGNED = 63425
ECHO_REQUEST_UNSIGNED = 63661
PARAM_NAMES = {v: k for k, v in list(globals().items())
               if k.isupper() and isinstance(v, int) and v >= 65
               and k not in ("IPPROTO_HIP", "IPPROTO_NONE")}

HIT_LEN = 16            # RFC 7401 section 5.1: HIT fields are 128 bits
HDR_LEN = 40


class WireError(ValueError):
    """A packet that does not follow RFC 7401 section 5."""


# --- checksum, RFC 7401 section 5.1.1 ---------------------------------------

def _sum16(data):
    if len(data) % 2:
        data += b"\0"
    return sum(struct.unpack("!%dH" % (len(data) // 2), data))


def _fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def pseudo_header(src, dst, length):
    """RFC 7401 section 5.1.1: the IPv6 pseudo header of RFC 2460 (addresses,
    32-bit length, 3 zero bytes, next header 139), or for IPv4 the UDP
    pseudo header of RFC 768 (addresses, zero, protocol 139, 16-bit
    length).  LENGTH is (Header Length + 1) * 8."""
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if s.version != d.version:
        raise WireError("address families differ: %s %s" % (s, d))
    if s.version == 6:
        return s.packed + d.packed + struct.pack("!I3xB", length, IPPROTO_HIP)
    return s.packed + d.packed + struct.pack("!xBH", IPPROTO_HIP, length)


def checksum(src, dst, pkt):
    """The Checksum field value for PKT (its own checksum field read as 0)."""
    z = pkt[:4] + b"\0\0" + pkt[6:]
    return ~_fold(_sum16(pseudo_header(src, dst, len(z)) + z)) & 0xFFFF


def set_checksum(src, dst, pkt):
    return pkt[:4] + struct.pack("!H", checksum(src, dst, pkt)) + pkt[6:]


def checksum_ok(src, dst, pkt):
    return _fold(_sum16(pseudo_header(src, dst, len(pkt)) + pkt)) == 0xFFFF


# --- TLV parameters, RFC 7401 section 5.2.1 ----------------------------------

def tlv(ptype, contents):
    """Type, Length (of Contents), Contents, zero padding to a multiple of
    8 bytes: Total Length = 11 + Length - (Length + 3) % 8 (section 5.2.1)."""
    raw = struct.pack("!HH", ptype, len(contents)) + contents
    total = 11 + len(contents) - (len(contents) + 3) % 8
    return raw + b"\0" * (total - len(raw))


class Param:
    """One parameter of a packet: type, contents, and where the TLV sits
    (offset of its Type field, total length with padding)."""

    def __init__(self, ptype, contents, offset, total):
        self.type = ptype
        self.contents = contents
        self.offset = offset
        self.total = total

    @property
    def name(self):
        return PARAM_NAMES.get(self.type, str(self.type))

    def __repr__(self):
        return "<%s len %d at %d>" % (self.name, len(self.contents), self.offset)


class Packet:
    """A parsed HIP packet (RFC 7401 section 5.1 header + parameters)."""

    def __init__(self, raw):
        if len(raw) < HDR_LEN:
            raise WireError("%d bytes, shorter than the 40-byte header" % len(raw))
        (self.next_header, self.hdr_len, t, v, self.checksum, self.controls
         ) = struct.unpack_from("!BBBBHH", raw)
        # Section 5.1: the fixed bits (first bit of the type byte, last bit
        # of the version byte) MUST be ignored when receiving; so are the
        # three reserved bits.
        self.type = t & 0x7F
        self.version = v >> 4
        self.fixed_bits = (t >> 7, v & 1)
        self.shit = raw[8:24]
        self.rhit = raw[24:40]
        length = (self.hdr_len + 1) * 8
        if length > len(raw):
            raise WireError("Header Length %d says %d bytes, packet has %d"
                            % (self.hdr_len, length, len(raw)))
        # Section 5.1: trailing data after an unimplemented Next Header is
        # ignored; with Next Header 59 nothing follows.
        self.raw = raw[:length]
        self.params = parse_params(self.raw)

    @property
    def type_name(self):
        return TYPE_NAMES.get(self.type, str(self.type))

    def get(self, ptype):
        for p in self.params:
            if p.type == ptype:
                return p
        return None

    def get_all(self, ptype):
        return [p for p in self.params if p.type == ptype]

    def head_until(self, ptype):
        """Header and parameters before the first parameter of type >= PTYPE
        (sections 6.4.1, 6.4.2), with the checksum zeroed and Header Length
        computed to the beginning of that parameter."""
        end = len(self.raw)
        for p in self.params:
            if p.type >= ptype:
                end = p.offset
                break
        b = bytearray(self.raw[:end])
        b[1] = len(b) // 8 - 1
        b[4:6] = b"\0\0"
        return b


def parse_params(raw):
    """Parameters of RAW; checks section 5.2.1: total lengths within the
    packet, types in increasing order (equal types consecutive)."""
    out, off, last = [], HDR_LEN, -1
    while off < len(raw):
        if off + 4 > len(raw):
            raise WireError("truncated parameter header at %d" % off)
        ptype, plen = struct.unpack_from("!HH", raw, off)
        total = 11 + plen - (plen + 3) % 8
        if off + total > len(raw):
            raise WireError("parameter %s at %d: length %d runs past the end "
                            "(%d bytes)" % (PARAM_NAMES.get(ptype, ptype), off,
                                            plen, len(raw)))
        if ptype < last:
            raise WireError("parameter %s at %d after type %d: not in "
                            "increasing order (RFC 7401 section 5.2.1)"
                            % (PARAM_NAMES.get(ptype, ptype), off, last))
        last = ptype
        out.append(Param(ptype, raw[off + 4:off + 4 + plen], off, total))
        off += total
    return out


def build(ptype, shit, rhit, params, controls=0):
    """Header + PARAMS (a list of TLV byte strings, sorted by type here:
    section 5.2.1 makes the order of types strictly increasing).  The
    checksum is left zero; set_checksum() fills it for the locators."""
    params = sorted(params, key=lambda p: struct.unpack_from("!H", p)[0])
    body = b"".join(params)
    total = HDR_LEN + len(body)
    if total % 8 or total > 256 * 8:
        raise WireError("HIP packet of %d bytes" % total)
    # Section 5.1: first bit of the type byte 0, version << 4 | 3 reserved
    # zero bits | the fixed bit 1.
    hdr = struct.pack("!BBBBHH16s16s", IPPROTO_NONE, total // 8 - 1,
                      ptype & 0x7F, (HIP_VERSION << 4) | 1, 0, controls,
                      hit_bytes(shit), hit_bytes(rhit))
    return hdr + body


def hit_bytes(h):
    if isinstance(h, (bytes, bytearray)):
        return bytes(h)
    return ipaddress.IPv6Address(h).packed


def hit_str(b):
    return str(ipaddress.IPv6Address(bytes(b)))


# --- parameter contents ----------------------------------------------------

def u8_list(p):
    """DH_GROUP_LIST (5.2.6) and HIT_SUITE_LIST (5.2.10): one octet each."""
    return list(p.contents)


def u16_list(p, skip=0):
    """HIP_CIPHER (5.2.8), TRANSPORT_FORMAT_LIST (5.2.11): 16-bit IDs;
    ESP_TRANSFORM (RFC 7402 5.1.2) after a 16-bit Reserved field."""
    c = p.contents[skip:]
    return list(struct.unpack("!%dH" % (len(c) // 2), c[:len(c) // 2 * 2]))


def esp_transform(suites):
    return tlv(ESP_TRANSFORM, struct.pack("!H%dH" % len(suites), 0, *suites))


def esp_info(keymat_index, old_spi, new_spi):
    """RFC 7402 5.1.1: Reserved, KEYMAT Index (16 bits), OLD SPI, NEW SPI."""
    return tlv(ESP_INFO, struct.pack("!HHII", 0, keymat_index, old_spi, new_spi))


def parse_esp_info(p):
    if len(p.contents) != 12:
        raise WireError("ESP_INFO length %d, RFC 7402 5.1.1 says 12" % len(p.contents))
    _, idx, old, new = struct.unpack("!HHII", p.contents)
    return idx, old, new


def puzzle(k, lifetime, opaque, i):
    """5.2.4: #K, Lifetime, Opaque (2 bytes), Random #I (RHASH_len/8)."""
    return tlv(PUZZLE, struct.pack("!BB", k, lifetime) + opaque + i)


def parse_puzzle(p):
    c = p.contents
    return c[0], c[1], c[2:4], c[4:]


def solution(k, opaque, i, j):
    """5.2.5: #K, Reserved (zero), Opaque copied, #I, #J."""
    return tlv(SOLUTION, struct.pack("!BB", k, 0) + opaque + i + j)


def parse_solution(p, n):
    """N = RHASH_len / 8: #I and #J are N bytes each (5.2.5)."""
    c = p.contents
    if len(c) != 4 + 2 * n:
        raise WireError("SOLUTION length %d, want 4 + 2 * %d (RHASH_len/8) "
                        "(RFC 7401 5.2.5)" % (len(c), n))
    return c[0], c[2:4], c[4:4 + n], c[4 + n:]


def diffie_hellman(group, pub):
    """5.2.7: Group ID (1 byte), Public Value Length (2), Public Value."""
    return tlv(DIFFIE_HELLMAN, struct.pack("!BH", group, len(pub)) + pub)


def parse_diffie_hellman(p):
    c = p.contents
    if len(c) < 3:
        raise WireError("DIFFIE_HELLMAN of %d bytes" % len(c))
    group, plen = struct.unpack_from("!BH", c)
    if 3 + plen > len(c):
        raise WireError("DIFFIE_HELLMAN Public Value Length %d > %d"
                        % (plen, len(c) - 3))
    return group, c[3:3 + plen]


def host_id(algorithm, hi, di_type=0, di=b""):
    """5.2.9: HI Length, DI-Type (4 bits) | DI Length (12 bits), Algorithm
    (16 bits), Host Identity, Domain Identifier."""
    return tlv(HOST_ID, struct.pack("!HHH", len(hi), (di_type << 12) | len(di),
                                    algorithm) + hi + di)


def parse_host_id(p):
    """(algorithm, Host Identity bytes, DI-Type, DI)."""
    c = p.contents
    if len(c) < 6:
        raise WireError("HOST_ID of %d bytes" % len(c))
    hi_len, di, alg = struct.unpack_from("!HHH", c)
    di_type, di_len = di >> 12, di & 0xFFF
    if 6 + hi_len + di_len > len(c):
        raise WireError("HOST_ID: HI Length %d + DI Length %d > %d"
                        % (hi_len, di_len, len(c) - 6))
    return alg, c[6:6 + hi_len], di_type, c[6 + hi_len:6 + hi_len + di_len]


def signature(ptype, alg, sig):
    """5.2.14, 5.2.15: SIG alg (16 bits), Signature."""
    return tlv(ptype, struct.pack("!H", alg) + sig)


def parse_signature(p):
    if len(p.contents) < 2:
        raise WireError("%s of %d bytes" % (p.name, len(p.contents)))
    return struct.unpack_from("!H", p.contents)[0], p.contents[2:]


def r1_counter(value):
    """5.2.3: Reserved (4 bytes), R1 generation counter (8 bytes)."""
    return tlv(R1_COUNTER, struct.pack("!IQ", 0, value))
