"""Presentation of diffs for people and programs: redlines and the comparative table.

Pure functions from a :class:`~resolution_vcs.diff.DocumentDiff` to text,
HTML or Word bytes; no git, no files, no click.

The names below are loaded from their modules when first used: a command that
only describes an amendment (:mod:`.summary`) loads no redline or table code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .i18n import detect_language, t
    from .redline import diff_to_dict, render_html, render_json, render_markdown, render_text
    from .tables import ComparativeRow, comparative_rows, render_comparative

#: Each name and the module it comes from.
_FROM = {
    "ComparativeRow": "tables",
    "comparative_rows": "tables",
    "detect_language": "i18n",
    "diff_to_dict": "redline",
    "render_comparative": "tables",
    "render_html": "redline",
    "render_json": "redline",
    "render_markdown": "redline",
    "render_text": "redline",
    "t": "i18n",
}

__all__ = [
    "ComparativeRow",
    "comparative_rows",
    "detect_language",
    "diff_to_dict",
    "render_comparative",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "t",
]


def __getattr__(name: str) -> Any:
    if name in _FROM:
        return getattr(import_module(f".{_FROM[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
