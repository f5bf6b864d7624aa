"""Typography and wrapping: differences between two wordings that change no word.

A copy of a text that went through a word processor or another editor's hands differs
from it in more than the words its editor meant to change: the lines of a paragraph are
wrapped anew, «» became “”, a hyphen stands for a dash, a plain space for a non-breaking
one. Each such difference falls in one **category** (the names the ``ignored:`` lines use):

================== ==========================================================================
category           what differs
================== ==========================================================================
line breaks        a line break inside a paragraph where the other text has a space
spaces             how many spaces (or tabs) stand between two words
non-breaking       a non-breaking, thin or narrow space where the other text has a plain one
spaces
quotes             «» „“ “” "" ‹› ‘’ '' and apostrophes ’ ʼ ' for one another
dashes             hyphens and dashes - ‐ ‑ ‒ – — ― − (and ``--`` or ``---`` for a dash)
ellipses           … for ...
================== ==========================================================================

Two **groups** of categories can be ignored, as ``git diff -w`` ignores white space:
``wrapping`` (line breaks, spaces) and ``typography`` (non-breaking spaces, quotes, dashes,
ellipses). Texts are cut into tokens (:func:`tokens`) and compared by :func:`key`, which
makes every variant of a category one character; :func:`differences` names the categories
in which two tokens with the same key differ.

Pure functions on strings, like :mod:`resolution_vcs.text`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Literal

from .text import lazy_pattern
from .text import tokenize as plain_tokenize

Group = Literal["wrapping", "typography"]
#: A set of groups to ignore; empty: compare everything.
Ignore = frozenset[Group]

NOTHING: Ignore = frozenset()
WRAPPING: Ignore = frozenset({"wrapping"})
TYPOGRAPHY: Ignore = frozenset({"typography"})
EVERYTHING: Ignore = frozenset({"wrapping", "typography"})

LINE_BREAKS = "line breaks"
SPACES = "spaces"
NBSP = "non-breaking spaces"
QUOTES = "quotes"
DASHES = "dashes"
ELLIPSES = "ellipses"
#: Markup and layout lines, and list numbers: not typography, but also left aside by a
#: proposal that keeps only changes of words (:mod:`resolution_vcs.copies`).
LAYOUT = "layout"
NUMBERING = "numbering"

#: The categories of each group.
GROUPS: dict[Group, frozenset[str]] = {
    "wrapping": frozenset({LINE_BREAKS, SPACES}),
    "typography": frozenset({NBSP, QUOTES, DASHES, ELLIPSES}),
}
#: The order in which categories are named.
ORDER = (LINE_BREAKS, SPACES, NBSP, QUOTES, DASHES, ELLIPSES, LAYOUT, NUMBERING)

DOUBLE_QUOTES = '«»„“”‟"❝❞〝〞＂'
SINGLE_QUOTES = "‹›‚‘’‛'ʼ"
DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
ELLIPSIS = "…"

_FOLD = str.maketrans(
    {
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(SINGLE_QUOTES, "'"),
        **dict.fromkeys(DASH_CHARS, "-"),
    }
)
_INNER = re.escape(DASH_CHARS + SINGLE_QUOTES)
#: Tokens for comparisons that may ignore typography: like :data:`text.TOKEN_RE`, but a
#: word keeps any hyphen, dash or apostrophe between its letters ("1990–2000", "суб’єкт"),
#: and "..." and a run of two or three hyphens are one token each, as "…" and "—" are.
_token_re = lazy_pattern(rf"\w+(?:[{_INNER}]\w+)*|\s+|\.\.\.|-{{2,3}}|.", re.DOTALL)


def categories(ignore: Iterable[Group]) -> frozenset[str]:
    """The categories the groups name."""
    return frozenset().union(*(GROUPS[group] for group in ignore))


def tokens(text: str, ignore: Ignore = NOTHING) -> list[str]:
    """Tokens of a text for a comparison that ignores ``ignore``; ``"".join`` gives the
    text back. Without typography ignored, the tokens of :func:`text.tokenize`."""
    if "typography" not in ignore:
        return plain_tokenize(text)
    return _token_re().findall(text)


def key(token: str, ignore: Ignore = NOTHING) -> str:
    """What a token is compared by: any white space is one space (it always was: spacing
    differences are found by :func:`differences`); with typography ignored, every quote,
    dash and ellipsis is one of its kind."""
    if token[:1].isspace():
        return " "
    if "typography" not in ignore:
        return token
    if token in ("...", ELLIPSIS):
        return "..."
    if token in ("--", "---"):
        return "-"
    return token.translate(_FOLD)


def differences(old: str, new: str, ignore: Ignore = EVERYTHING) -> frozenset[str]:
    """The categories in which two runs of text that compare equal token by token (by
    :func:`key` with ``ignore``) differ; empty when they are the same."""
    if old == new:
        return frozenset()
    old_tokens, new_tokens = tokens(old, ignore), tokens(new, ignore)
    if len(old_tokens) != len(new_tokens):
        raise ValueError(f"{old!r} and {new!r} are not the same tokens")
    return frozenset().union(
        *(_token_differences(a, b) for a, b in zip(old_tokens, new_tokens, strict=True))
    )


def _token_differences(old: str, new: str) -> frozenset[str]:
    if old == new:
        return frozenset()
    if old[:1].isspace():
        if old.count("\n") != new.count("\n"):
            return frozenset({LINE_BREAKS})
        if _unusual_spaces(old) != _unusual_spaces(new):
            return frozenset({NBSP})
        return frozenset({SPACES})
    found = set()
    if _only(old, DOUBLE_QUOTES + SINGLE_QUOTES) != _only(new, DOUBLE_QUOTES + SINGLE_QUOTES):
        found.add(QUOTES)
    if _only(old, DASH_CHARS) != _only(new, DASH_CHARS):
        found.add(DASHES)
    if _only(old, ELLIPSIS + ".") != _only(new, ELLIPSIS + "."):
        found.add(ELLIPSES)
    return frozenset(found)


def _unusual_spaces(text: str) -> str:
    return "".join(c for c in text if c not in " \t\n")


def _only(text: str, chars: str) -> str:
    return "".join(c for c in text if c in chars)


def folded(text: str, ignore: Ignore) -> str:
    """A text with what ``ignore`` leaves aside made alike: two texts that differ only in
    that have equal ``folded`` forms. Nothing ignored: the text itself."""
    if not ignore:
        return text
    parts: list[str] = []
    for token in tokens(text, ignore):
        if not token[:1].isspace():
            parts.append(key(token, ignore))
        elif "wrapping" not in ignore:  # typography only: a non-breaking space is a space
            parts.append("".join(" " if c not in "\t\n" else c for c in token))
        elif "typography" not in ignore:  # wrapping only: any plain spacing is one space
            parts.append(_unusual_spaces(token) or " ")
        else:
            parts.append(" ")
    return "".join(parts).strip()


class Styles:
    """How a copy writes what the current text writes otherwise: learnt from the tokens the
    two share, so that new words taken from the copy are written as the text writes them.

    A copy's quote, dash or ellipsis is rewritten only when, wherever the copy and the text
    share it, the text always writes it one way (a copy that turned both «» and "" into “”
    leaves “ as it is: which of the two it stands for is not defined).
    """

    def __init__(self) -> None:
        self._tokens: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._chars: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def learn(self, copy: str, text: str) -> None:
        """Two tokens that compare equal: ``copy`` as the copy writes it, ``text`` as the text."""
        if copy[:1].isspace():
            return
        if copy in _STYLED_TOKENS:  # a quote, a dash or an ellipsis standing alone
            self._tokens[copy][text] += 1
        elif len(copy) == len(text):  # hyphens and apostrophes inside a word
            for a, b in zip(copy, text, strict=True):
                if a in _STYLED and len(b) == 1:
                    self._chars[a][b] += 1

    def same(self, text: str) -> None:
        """A stretch the copy and the text write alike."""
        for char in _STYLED.intersection(text):
            self._tokens[char][char] += 1
            self._chars[char][char] += 1
        for run in ("...", "--", "---"):
            if run in text:
                self._tokens[run][run] += 1

    def apply(self, text: str) -> str:
        """``text`` (from the copy) written as the current text writes it, where defined."""
        tokens_map = _defined(self._tokens)
        chars_map = _defined(self._chars)
        if not tokens_map and not chars_map:
            return text
        out = []
        for token in _token_re().findall(text):
            if token in tokens_map:
                out.append(tokens_map[token])
            elif len(token) > 1 and not token[:1].isspace():
                out.append("".join(chars_map.get(c, c) for c in token))
            else:
                out.append(token)
        return "".join(out)


def _defined(seen: Mapping[str, Counter[str]]) -> dict[str, str]:
    """The rewritings that are always the same one (and change something)."""
    return {a: next(iter(b)) for a, b in seen.items() if len(b) == 1 and a not in b}


_STYLED = frozenset(DOUBLE_QUOTES + SINGLE_QUOTES + DASH_CHARS + ELLIPSIS)
_STYLED_TOKENS = _STYLED | {"...", "--", "---"}
