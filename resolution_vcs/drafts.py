"""A user's file as the text to import: plain text, Markdown or a Word document.

:func:`read_draft` is what every command that reads a draft or an edited copy
calls (``import``, ``revise``, ``propose --from``, ``resolve --from``,
``diff-files``): Word files are recognised by their content (a zip with a
Word document in it, or an encrypted or old Word file, which are refused),
whatever their name, and read as Markdown; anything else is decoded as text.
What a Word file holds that Markdown cannot show is reported as a
:class:`ConversionWarning` (Python's ``warnings``), so the caller decides how
to show it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

from .text import MAX_DOCUMENT_BYTES, decode


class ConversionWarning(UserWarning):
    """Something in a Word file that the Markdown cannot show (its words are kept)."""


@dataclass(frozen=True)
class Draft:
    """A file's text, and how to read it: ``"markdown"`` when it came from Word."""

    text: str
    fmt: Literal["auto", "markdown"]
    word: bool = False


def is_word(data: bytes) -> bool:
    """Whether ``data`` is to be read as a Word file (by content, not by name)."""
    from .word.package import looks_like_word

    return looks_like_word(data)


def read_draft(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Draft:
    """The text of a user's file (module docstring); refused with a one-line
    :class:`~resolution_vcs.errors.InputError` when it cannot be read."""
    if not is_word(data):
        return Draft(decode(data, source=source, encoding=encoding, max_bytes=max_bytes), "auto")
    from .word import read_word

    if len(data) > max_bytes:  # the same limit and message as for text
        decode(data, source=source, max_bytes=max_bytes)
    document = read_word(data, source=source, max_bytes=max_bytes)
    for what in document.warnings:
        warnings.warn(f"{source}: {what}", ConversionWarning, stacklevel=2)
    markdown = document.markdown
    if len(markdown.encode("utf-8")) > max_bytes:
        decode(markdown.encode("utf-8"), source=source, max_bytes=max_bytes)
    return Draft(decode(markdown.encode("utf-8"), source=source), "markdown", word=True)
