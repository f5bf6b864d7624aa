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
from typing import TYPE_CHECKING, Literal

from .frozen import frozen
from .text import MAX_DOCUMENT_BYTES, decode

if TYPE_CHECKING:
    from .model import Document


class ConversionWarning(UserWarning):
    """Something in a Word file that the Markdown cannot show (its words are kept)."""


@frozen
class Draft:
    """A file's text, and how to read it: ``"markdown"`` when it came from Word."""

    text: str
    fmt: Literal["auto", "markdown"]
    word: bool = False


def is_word(data: bytes) -> bool:
    """Whether ``data`` is to be read as a Word file (by content, not by name)."""
    from .word import looks_like_word

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


def compared_drafts(
    old: tuple[bytes, str], new: tuple[bytes, str], *, encoding: str | None = None
) -> tuple[Document, Document]:
    """The documents of two users' files to compare, each given as (contents, name): a
    plain-text new file keeps the paragraphs of the old one that a new wrapping would
    join, and only what it changes is parsed again (so nothing parsed is kept to share:
    the texts, and what reading the new one from the old one needed, are let go on
    return)."""
    from .reparse import Parsed, parse_next

    parsed = Parsed.of(_markdown(*old, encoding))
    return parsed.document, parse_next(parsed, _markdown(*new, encoding, parsed.document)).document


def _markdown(data: bytes, source: str, encoding: str | None, base: Document | None = None) -> str:
    """A file's Markdown ("" for a blank file); a plain-text file compared with ``base``
    keeps the paragraphs of ``base`` that a new wrapping would join."""
    from .importers import detect_format, to_markdown

    draft = read_draft(data, source=source, encoding=encoding)  # normalised, as decoded
    text = draft.text
    if not text or text.isspace():  # not text.strip(), without copying a long text
        return ""
    paragraphs: list[str] = []
    if base is not None and draft.fmt == "auto" and detect_format(text, source) == "plain":
        paragraphs = [c.text for c in base]
    return to_markdown(text, fmt=draft.fmt, filename=source, paragraphs=paragraphs, normalized=True)
