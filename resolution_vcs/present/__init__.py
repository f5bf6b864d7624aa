"""Presentation of diffs for people and programs: redlines and the comparative table.

Pure functions from a :class:`~resolution_vcs.diff.DocumentDiff` to text,
HTML or Word bytes; no git, no files, no click.
"""

from __future__ import annotations

from .i18n import detect_language, t
from .redline import diff_to_dict, render_html, render_json, render_markdown, render_text
from .tables import ComparativeRow, comparative_rows, render_comparative

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
