#!/usr/bin/python3
"""Makes a copy of TorchSharp's native shim loadable on a libstdc++ older than GCC 13's (Debian 12).

libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for `_ZSt21ios_base_library_initv`, a marker symbol that
GCC 13's <iostream> emits and that nothing calls. This script checks exactly that (the marker is the only
symbol under the version, and no relocation refers to it) and then sets VER_FLG_WEAK on the version
requirement in the copy, so the dynamic loader accepts its absence. Any other situation stops with a message.

usage: weaken_glibcxx.py SOURCE.so DEST.so [VERSION]
"""
import os
import struct
import sys

SHT_RELA, SHT_REL, SHT_DYNSYM = 4, 9, 11
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2
MARKERS = {"_ZSt21ios_base_library_initv"}


def fail(message):
    sys.exit(f"weaken_glibcxx: {message}")


def sections(elf):
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        fail("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    result = []
    for i in range(shnum):
        name, kind, _flags, _addr, offset, size, link, _info, _align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", elf, shoff + i * shentsize)
        result.append(dict(type=kind, offset=offset, size=size, link=link, entsize=entsize))
    return result


def c_string(elf, offset):
    return elf[offset:elf.index(b"\0", offset)].decode()


def find(secs, kind):
    found = [s for s in secs if s["type"] == kind]
    if len(found) != 1:
        fail(f"expected one section of type {kind:#x}, found {len(found)}")
    return found[0]


def requirement(elf, secs, version):
    """(offset of vna_flags, version index) of the Vernaux entry naming `version`."""
    verneed = find(secs, SHT_GNU_VERNEED)
    strtab = secs[verneed["link"]]["offset"]
    offset = verneed["offset"]
    while True:
        _ver, count, _file, aux, next_need = struct.unpack_from("<HHIII", elf, offset)
        a = offset + aux
        for _ in range(count):
            _hash, _flags, other, name, next_aux = struct.unpack_from("<IHHII", elf, a)
            if c_string(elf, strtab + name) == version:
                return a + 4, other
            a += next_aux
        if next_need == 0:
            return None
        offset += next_need


def symbols_under(elf, secs, index):
    """{symbol table index: name} of the dynamic symbols bound to version `index`."""
    dynsym, versym = find(secs, SHT_DYNSYM), find(secs, SHT_GNU_VERSYM)
    strtab = secs[dynsym["link"]]["offset"]
    result = {}
    for i in range(dynsym["size"] // dynsym["entsize"]):
        v, = struct.unpack_from("<H", elf, versym["offset"] + 2 * i)
        if v & 0x7FFF == index:
            name, = struct.unpack_from("<I", elf, dynsym["offset"] + i * dynsym["entsize"])
            result[i] = c_string(elf, strtab + name)
    return result


def relocated_symbols(elf, secs):
    used = set()
    for s in secs:
        if s["type"] in (SHT_RELA, SHT_REL) and s["entsize"]:
            for k in range(s["size"] // s["entsize"]):
                info, = struct.unpack_from("<Q", elf, s["offset"] + k * s["entsize"] + 8)
                used.add(info >> 32)
    return used


def main():
    if len(sys.argv) not in (3, 4):
        fail(__doc__.strip().splitlines()[-1])
    source, dest = sys.argv[1], sys.argv[2]
    version = sys.argv[3] if len(sys.argv) == 4 else "GLIBCXX_3.4.32"
    elf = bytearray(open(source, "rb").read())
    secs = sections(elf)
    found = requirement(elf, secs, version)
    if found is None:
        fail(f"{source} does not require {version}: nothing to patch")
    flags_at, index = found
    symbols = symbols_under(elf, secs, index)
    if set(symbols.values()) - MARKERS:
        fail(f"{source} uses {sorted(set(symbols.values()) - MARKERS)} under {version}: marking it weak is not safe")
    called = relocated_symbols(elf, secs) & set(symbols)
    if called:
        fail(f"{source} has relocations against {[symbols[i] for i in called]} ({version}): marking it weak is not safe")
    flags, = struct.unpack_from("<H", elf, flags_at)
    struct.pack_into("<H", elf, flags_at, flags | VER_FLG_WEAK)
    temporary = f"{dest}.tmp-{os.getpid()}"
    with open(temporary, "wb") as out:
        out.write(elf)
    os.chmod(temporary, 0o755)
    os.replace(temporary, dest)
    print(f"{dest}: {version} marked weak (only {sorted(symbols.values())} used it, never relocated)")


if __name__ == "__main__":
    main()
