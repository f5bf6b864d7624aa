"""What tells a Word file from a text: its first bytes. A module of its own, so that
telling them apart loads nothing more (not :mod:`.package`, which opens the file)."""

from __future__ import annotations

#: The first bytes of a zip file (a .docx) and of an OLE file (a .doc, an encrypted .docx).
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def looks_like_word(data: bytes) -> bool:
    """Whether ``data`` is a zip or OLE file: something to read as Word, or to refuse
    with a message about Word files rather than about text."""
    return data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC)
