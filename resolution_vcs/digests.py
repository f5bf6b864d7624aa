"""The digests resvcs computes, without loading OpenSSL for short inputs.

``import hashlib`` loads OpenSSL, which costs every command a few milliseconds of its
start even when all it hashes is a few kilobytes. The interpreter's own SHA-1 and
BLAKE2 give the same digests: BLAKE2b is as fast as OpenSSL's; the interpreter's SHA-1
is several times slower per byte, so it hashes only the first :data:`SHORT` bytes of a
process (as long as OpenSSL is not loaded anyway), and OpenSSL everything after that.
"""

from __future__ import annotations

import sys

# Not imported from typing, whose loading takes longer than printing a kept output
# (resolution_vcs.reads); type checkers read this name as typing's.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

#: The bytes a process hashes with the interpreter's SHA-1 before it loads OpenSSL's:
#: about what loading OpenSSL costs in the time the slower SHA-1 takes.
SHORT = 1 << 17

_hashed = 0


def sha1(data: bytes = b"", size: int | None = None) -> Any:
    """A new SHA-1 digest (as ``hashlib.sha1``) of ``data``, which will be given
    ``size`` bytes in all (``len(data)`` if not said)."""
    global _hashed
    _hashed += len(data) if size is None else size
    if _hashed <= SHORT and "_hashlib" not in sys.modules:
        try:
            from _sha1 import sha1 as new
        except ImportError:  # pragma: no cover - an interpreter built without it
            from hashlib import sha1 as new
    else:
        from hashlib import sha1 as new
    return new(data)


def blake2b(data: bytes = b"", *, digest_size: int = 64) -> Any:
    """A new BLAKE2b digest (as ``hashlib.blake2b``) of ``data``."""
    try:
        from _blake2 import blake2b as new  # what hashlib gives, without OpenSSL
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b as new
    return new(data, digest_size=digest_size)
