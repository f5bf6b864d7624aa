"""Quoted text in instructions: «…», “…”, „…“ and "…", written and read back exactly.

What stands between the quotes is the text an amendment puts in or takes out,
byte for byte (line breaks too), so reading must find the right closing quote:
«» and “” nest (a clause that names «Культура» is quoted «… «Культура» …»),
„ closes with “ or ”, and a straight quote with the next straight quote.
Writing picks the first style in which the text reads back as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Opening quote → the closing quotes that end it, and whether it nests.
_PAIRS: dict[str, tuple[str, bool]] = {
    "«": ("»", True),
    "“": ("”", True),
    "„": ("“”", False),
    '"': ('"', False),
}
OPENERS = "".join(_PAIRS)

#: The styles tried when writing, by language: the language's own first.
STYLES: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"')),
    "uk": (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"')),
    "en": (("“", "”"), ("«", "»"), ("„", "“"), ('"', '"')),
}


class QuoteError(ValueError):
    """A quote that is opened and never closed; ``args[0]`` is its position."""


def closing(text: str, start: int) -> int:
    """The index of the quote that closes the one opened at ``text[start]``."""
    opener = text[start]
    closers, nests = _PAIRS[opener]
    depth = 0
    for i in range(start + 1, len(text)):
        char = text[i]
        if nests and char == opener:
            depth += 1
        elif char in closers:
            if depth == 0:
                return i
            depth -= 1
    raise QuoteError(start)


def extract(text: str) -> tuple[str, list[str]]:
    """``text`` with every quoted text replaced by a placeholder "\\ue000N\\ue001"
    (N its index in the list returned), and the quoted texts."""
    out: list[str] = []
    quoted: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _PAIRS:
            end = closing(text, i)
            out.append(f"\ue000{len(quoted)}\ue001")
            quoted.append(text[i + 1 : end])
            i = end + 1
            continue
        out.append(char)
        i += 1
    return "".join(out), quoted


def quote(text: str, lang: str, styles: Sequence[tuple[str, str]] | None = None) -> str:
    """``text`` in quotes that read back as exactly ``text``; None of the styles
    fitting (a text with every kind of unbalanced quote), the language's own."""
    for opener, closer in styles or STYLES[lang]:
        candidate = opener + text + closer
        try:
            if closing(candidate, 0) == len(candidate) - 1:
                return candidate
        except QuoteError:
            continue
    first = (styles or STYLES[lang])[0]
    return first[0] + text + first[1]
