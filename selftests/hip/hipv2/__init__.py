# SPDX-License-Identifier: GPL-2.0
"""HIPv2 written from the RFC text alone (RFC 7401, 7402, 7343, 5903, 3526,
3110), for tests that do not share hip.ko's reading of the RFCs.

  wire    header, checksum, TLV parameters (RFC 7401 section 5)
  crypto  HIT (ORCHIDv2), HOST_ID, signatures, DH groups, puzzle, HMAC,
          KEYMAT, ENCRYPTED (RFC 7401 sections 3, 5.2, 6; RFC 7402 section 7)
  unit    offline known-answer tests (python3 -m hipv2.unit)

Every convention carries the section it comes from in a comment.  Where
the text leaves a choice open, the comment says so and which choice is
made here.  Written for Debian 12's python3 and cryptography 38.
"""
