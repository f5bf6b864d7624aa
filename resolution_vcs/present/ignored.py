"""What a comparison left aside, in words: "line breaks in 22 clauses, quotes in 11".

A module of its own: a command that proposes an edited copy says it without loading
the redlines (:mod:`.redline` shows it too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..typography import ORDER

if TYPE_CHECKING:
    from .i18n import Lang


def ignored_counts(counts: Mapping[str, int], lang: Lang | str) -> str:
    """How many clauses differ in each category left aside, in words: "line breaks in
    22 clauses, quotes in 11" ("" when none); categories of :mod:`resolution_vcs.typography`.
    The messages are loaded only when there is something to say (an exact copy has none)."""
    if not any(counts.values()):
        return ""
    from .i18n import t

    parts: list[str] = []
    for category in sorted(counts, key=lambda c: ORDER.index(c) if c in ORDER else len(ORDER)):
        n = counts[category]
        if n:
            name = t(f"category.{category.replace(' ', '_')}", lang)
            key = "ignored.first" if not parts else "ignored.next"
            parts.append(t(key, lang, what=name, n=str(n), clauses=_clauses(n, lang)))
    return ", ".join(parts)


def _clauses(n: int, lang: Lang | str) -> str:
    """ "clauses" after a number ("в 21 пункте", "в 22 пунктах")."""
    from .i18n import t

    if lang in ("ru", "uk"):
        return t("clauses.one" if n % 10 == 1 and n % 100 != 11 else "clauses.many", lang)
    return t("clauses.one" if n == 1 else "clauses.many", lang)
