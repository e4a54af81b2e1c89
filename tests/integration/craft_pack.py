#!/usr/bin/env python3
"""A hostile pack for clone_fast.sh: writes into OBJDIR/pack a pack and its
index holding two objects, a whole blob (BASE, a file's bytes) and, under
the id ID (a blob the hub's tree names, whose loose object the caller
removes), a delta against it that is broken the way CASE says:

  copy-past-base   a copy reaching past the base's end
  result-size      the delta's ops make fewer bytes than it says
  insert-past-end  an insert longer than the delta's bytes left
  base-before-pack an offset delta whose base would lie before the pack
  huge-size        a result size of 2^62 bytes

Usage: craft_pack.py OBJDIR ID BASE CASE"""
import hashlib
import os
import struct
import sys
import zlib


def obj_header(kind, size):
    out = []
    c = (kind << 4) | (size & 15)
    size >>= 4
    while size:
        out.append(c | 0x80)
        c = size & 0x7F
        size >>= 7
    out.append(c)
    return bytes(out)


def ofs_bytes(rel):
    out = [rel & 0x7F]
    rel >>= 7
    while rel:
        rel -= 1
        out.append(0x80 | (rel & 0x7F))
        rel >>= 7
    return bytes(reversed(out))


def varint(n):
    out = []
    while True:
        c = n & 0x7F
        n >>= 7
        if n:
            out.append(c | 0x80)
        else:
            out.append(c)
            return bytes(out)


def delta_for(case, base):
    b = len(base)
    if case == "copy-past-base":
        # copy 64 bytes from 8 before the end
        return varint(b) + varint(64) + bytes([0x80 | 0x01 | 0x02 | 0x10, (b - 8) & 0xFF, (b - 8) >> 8, 64])
    if case == "result-size":
        return varint(b) + varint(100) + bytes([5]) + b"hello"
    if case == "insert-past-end":
        return varint(b) + varint(127) + bytes([127]) + b"abc"
    if case == "huge-size":
        return varint(b) + varint(1 << 62) + bytes([5]) + b"hello"
    return varint(b) + varint(5) + bytes([5]) + b"hello"


def main():
    objdir, want, base_path, case = sys.argv[1:5]
    base = open(base_path, "rb").read()
    base_id = hashlib.sha1(b"blob %d\0" % len(base) + base).digest()
    pack = bytearray(b"PACK" + struct.pack(">II", 2, 2))
    entries = []
    off = len(pack)
    raw = obj_header(3, len(base)) + zlib.compress(base)
    pack += raw
    entries.append((base_id, off, zlib.crc32(raw)))
    delta = delta_for(case, base)
    doff = len(pack)
    rel = doff - off if case != "base-before-pack" else doff + 1000
    raw = obj_header(6, len(delta)) + ofs_bytes(rel) + zlib.compress(delta)
    pack += raw
    entries.append((bytes.fromhex(want), doff, zlib.crc32(raw)))
    pack += hashlib.sha1(bytes(pack)).digest()
    entries.sort()
    idx = bytearray(b"\377tOc" + struct.pack(">I", 2))
    for k in range(256):
        idx += struct.pack(">I", sum(1 for e in entries if e[0][0] <= k))
    for e in entries:
        idx += e[0]
    for e in entries:
        idx += struct.pack(">I", e[2])
    for e in entries:
        idx += struct.pack(">I", e[1])
    idx += pack[-20:]
    idx += hashlib.sha1(bytes(idx)).digest()
    name = os.path.join(objdir, "pack", "pack-" + pack[-20:].hex())
    os.makedirs(os.path.dirname(name), exist_ok=True)
    open(name + ".pack", "wb").write(bytes(pack))
    open(name + ".idx", "wb").write(bytes(idx))


main()
