"""Word files in: drafts and edited copies saved as .docx, read as Markdown.

:mod:`.package` opens the file without trusting it, :mod:`.numbering` works
out Word's automatic numbers, :mod:`.reader` reads the text (in any reading
of its tracked changes) and :mod:`.blocks` writes it as Markdown. The
amendments a copy with tracked changes carries are made by :mod:`.tracked`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .magic import looks_like_word

if TYPE_CHECKING:
    from .reader import Change, Comment, WordDocument, accept_all, read_word, reject_all

__all__ = [
    "Change",
    "Comment",
    "WordDocument",
    "accept_all",
    "looks_like_word",
    "read_word",
    "reject_all",
]


def __getattr__(name: str) -> Any:
    """The reader's names, imported when first asked for: telling a Word file from a
    text (:func:`looks_like_word`) does not load the reader."""
    if name in __all__:
        from . import reader

        return getattr(reader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
