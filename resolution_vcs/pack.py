"""Git pack data built in memory: the versions of a long text, each stored as what
changed since the one before.

A series of decisions on a long draft writes one version of it per decision, each
differing from the one before in a clause or two. Written as loose objects, every
version is compressed whole (most of the time of deciding many amendments) and git's
housekeeping then compresses them again as deltas of each other. A pack built here
holds the newest version whole and each older one as a delta against the one after
it: a copy of the beginning they share, the middle that differs, a copy of the end
they share. git reads and checks the pack (``git index-pack``), computing every
object's id from its contents, so a wrong delta could not pass as the object it
claims to be.

Format: git's ``Documentation/gitformat-pack.txt`` (pack version 2, ``OBJ_OFS_DELTA``
entries, the delta instructions of ``patch-delta.c``).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable
from typing import NamedTuple

#: Object types as a pack's entries name them.
_TYPES = {"commit": 1, "tree": 2, "blob": 3, "tag": 4}
_OFS_DELTA = 6
#: The largest copy one delta instruction makes without a size byte (git's own limit
#: for the copies it writes), and the longest literal one instruction inserts.
_COPY_MAX = 0x10000
_INSERT_MAX = 0x7F
#: zlib's fastest level, as resvcs writes loose objects.
_LEVEL = 1
#: Bytes compared at a time when looking for the common beginning and end.
_STEP = 1 << 16


#: The longest run of deltas a chain holds before a version is stored whole again
#: (git's own default depth): reading the oldest version applies at most that many.
MAX_DEPTH = 50


class PackBuilder:
    """The objects of one pack, in memory; :meth:`data` is the pack file.

    Objects added with the same ``chain`` (a file's path) are its versions, oldest
    first. The newest is stored whole and each older one as a delta against the
    version after it, as git itself packs them: the version read most (the current
    text) is read without applying any delta. Only the newest version of each chain
    is kept whole in memory; the older ones are kept as compressed entries.
    """

    def __init__(self) -> None:
        #: chain → its kind, its newest version and its older versions as entries
        #: (oldest first): each a delta against the next one, or whole.
        self._chains: dict[str, tuple[str, bytes, list[_Entry]]] = {}

    def __len__(self) -> int:
        return sum(1 + len(c[2]) for c in self._chains.values())

    def whole(self) -> bool:
        """Whether every object added is the only version of its chain (so none is
        stored as a delta, and :meth:`newest` gives every one of them)."""
        return not any(entries for _, _, entries in self._chains.values())

    def newest(self, chain: str) -> tuple[str, bytes]:
        """(kind, contents) of the newest version of ``chain``."""
        kind, data, _ = self._chains[chain]
        return kind, data

    def add(self, kind: str, data: bytes, chain: str) -> None:
        """Add one object (``kind``: blob, tree, commit or tag), the newest version of
        ``chain`` so far."""
        if chain not in self._chains:
            self._chains[chain] = (kind, data, [])
            return
        before_kind, before, entries = self._chains[chain]
        run = 0
        while run < len(entries) and entries[-1 - run].delta:
            run += 1
        delta = make_delta(data, before) if run < MAX_DEPTH else b""
        if delta and len(delta) < len(before) // 2:
            header = _entry_header(_OFS_DELTA, len(delta))
            entries.append(_Entry(header, zlib.compress(delta, _LEVEL), delta=True))
        else:
            entries.append(self._whole(before_kind, before))
        self._chains[chain] = (kind, data, entries)

    def data(self) -> bytes:
        """The pack file: header, entries, and the SHA-1 of both."""
        body = bytearray(b"PACK" + struct.pack(">II", 2, len(self)))
        for kind, newest, entries in self._chains.values():
            base = len(body)
            whole = self._whole(kind, newest)
            body += whole.header + whole.data
            for entry in reversed(entries):  # each after the version it is a delta of
                here = len(body)
                body += entry.header
                if entry.delta:
                    body += _negative_offset(here - base)
                body += entry.data
                base = here
        return bytes(body) + hashlib.sha1(body).digest()

    def _whole(self, kind: str, data: bytes) -> _Entry:
        return _Entry(_entry_header(_TYPES[kind], len(data)), zlib.compress(data, _LEVEL))


class _Entry(NamedTuple):
    """An entry of a pack: its type-and-size header, its compressed data, and whether
    it is a delta against the entry before it."""

    header: bytes
    data: bytes
    delta: bool = False


def make_delta(base: bytes, target: bytes) -> bytes:
    """A git delta that makes ``target`` from ``base``: the beginning and end they
    share copied from ``base``, the rest of ``target`` inserted."""
    shorter = min(len(base), len(target))
    head = _common_prefix(base, target, shorter)
    tail = _common_suffix(base, target, shorter - head)
    out = bytearray(_size(len(base)) + _size(len(target)))
    _copy(out, 0, head)
    middle = target[head : len(target) - tail]
    for start in range(0, len(middle), _INSERT_MAX):
        piece = middle[start : start + _INSERT_MAX]
        out.append(len(piece))
        out += piece
    _copy(out, len(base) - tail, tail)
    return bytes(out)


def _common_prefix(a: bytes, b: bytes, limit: int) -> int:
    """How many first bytes ``a`` and ``b`` share (at most ``limit``)."""
    return _shared(lambda lo, hi: a[lo:hi] == b[lo:hi], limit)


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """How many last bytes ``a`` and ``b`` share (at most ``limit``)."""
    la, lb = len(a), len(b)
    return _shared(lambda lo, hi: a[la - hi : la - lo] == b[lb - hi : lb - lo], limit)


def _shared(same: Callable[[int, int], bool], limit: int) -> int:
    """The length of the run two texts share, given ``same(lo, hi)``: whether they
    agree from ``lo`` to ``hi`` counted from where the run starts. Compared a block
    at a time; in the block that differs, the range is halved until the first
    difference is found."""
    lo = 0
    while lo < limit:
        hi = min(lo + _STEP, limit)
        if not same(lo, hi):
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if same(lo, mid):
                    lo = mid
                else:
                    hi = mid
            return lo
        lo = hi
    return limit


def _copy(out: bytearray, offset: int, count: int) -> None:
    """Instructions that copy ``count`` bytes of the base from ``offset``."""
    while count > 0:
        chunk = min(count, _COPY_MAX)
        cmd, args = 0x80, bytearray()
        for i in range(4):
            byte = (offset >> (8 * i)) & 0xFF
            if byte:
                cmd |= 1 << i
                args.append(byte)
        if chunk != _COPY_MAX:  # no size bytes: 0x10000
            for i in range(3):
                byte = (chunk >> (8 * i)) & 0xFF
                if byte:
                    cmd |= 0x10 << i
                    args.append(byte)
        out.append(cmd)
        out += args
        offset += chunk
        count -= chunk


def _size(value: int) -> bytes:
    """A size in a delta's header: seven bits a byte, the lowest first."""
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        if not value:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _entry_header(kind: int, size: int) -> bytes:
    """An entry's type and size: three bits of type and four of size, then seven bits
    of size a byte."""
    byte, size = (kind << 4) | (size & 0x0F), size >> 4
    out = bytearray()
    while size:
        out.append(byte | 0x80)
        byte, size = size & 0x7F, size >> 7
    out.append(byte)
    return bytes(out)


def _negative_offset(distance: int) -> bytes:
    """How far back the base of an ``OBJ_OFS_DELTA`` entry starts (git's encoding:
    seven bits a byte, the highest first, each continuation adding one)."""
    out = [distance & 0x7F]
    distance >>= 7
    while distance:
        distance -= 1
        out.append(0x80 | (distance & 0x7F))
        distance >>= 7
    return bytes(reversed(out))
