"""Text in and words out: normalisation, tokenisation and the similarity rule.

Pure functions on strings; nothing here knows about Markdown, git or files.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Literal

from .errors import InputError

#: Tokens for word-level diffs: words of any script (letters, digits and the
#: hyphens or apostrophes inside a word), runs of white space, and any other
#: single character (punctuation, quotes, symbols).
TOKEN_RE = re.compile(r"\w+(?:[-\u2010\u2011'\u2019]\w+)*|\s+|.", re.DOTALL)

#: Words only: what the similarity rule and word-count checks look at.
WORD_RE = re.compile(r"\w+(?:[-\u2010\u2011'\u2019]\w+)*")


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled when first asked for, then kept: a module whose
    patterns only some commands use (references, numbering, importing plain text)
    does not make every command that loads it compile them (a long alternation of
    words in several scripts, matched ignoring case, takes milliseconds)."""
    return cache(lambda: re.compile(pattern, flags))


#: Largest document accepted by default (resvcs.toml ``[limits] max_document_bytes``):
#: room for legal codes of several MB (the benchmarks' largest is about 4 MB) while a
#: mistaken upload of a huge file stops before it is parsed.
MAX_DOCUMENT_BYTES = 20_000_000

#: Control characters a text may not hold: C0 except tab, line feed, form feed and
#: carriage return (CR is turned into LF), and DEL. They are invisible and mean nothing
#: in a text. A form feed is a page break (plain-text licences and laws have them
#: between pages): it is kept as written, as white space or a layout line of its own.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Every byte value but those of the control characters.
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL_RE.match(chr(b)))

#: A page break.
FORM_FEED = "\f"


#: Deepest indentation accepted, in columns. Markdown nests at most 20 levels (about
#: 100 columns); a list indented thousands of columns deep makes the Markdown parser
#: quadratic, so such input is refused rather than left to hang.
MAX_INDENT = 400
_DEEP_INDENT_RE = re.compile(rf"^[ \t]{{{MAX_INDENT + 1},}}", re.MULTILINE)
_DEEP_SPACES = " " * (MAX_INDENT + 1)


def _where(text: str, index: int) -> str:
    """The position of ``text[index]`` as "line L, column C" (both from 1)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _byte_position(data: bytes, offset: int) -> str:
    """The position of byte ``offset``, counting characters of the valid text before it."""
    before = data[:offset].decode("utf-8", errors="replace")
    return f"{_where(before, len(before))}, byte {offset}"


def decode(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> str:
    """Decode a user's file to normalised text.

    UTF-8 unless ``encoding`` is given. Refused with an error naming ``source``
    and the position: a file over ``max_bytes``, anything that does not decode,
    NUL bytes and other control characters (tab, line breaks and form feeds are fine).
    """
    if len(data) > max_bytes:
        raise InputError(
            f"{source} is {len(data):,} bytes, more than the limit of {max_bytes:,}. "
            "Split the document, or raise [limits] max_document_bytes in resvcs.toml"
        )
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(
            f"{source} looks like a binary file (NUL byte at {_byte_position(data, offset)}). "
            "Give a plain-text or Markdown file"
        )
    if encoding is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{source} is not UTF-8 text (invalid byte at {_byte_position(data, exc.start)}). "
                "Save it as UTF-8, or name its encoding with --encoding (e.g. --encoding cp1251)"
            ) from None
    else:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(
                f"Unknown encoding {encoding!r}. Use a name Python knows, e.g. cp1251 or koi8-r"
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{source} is not valid {encoding} "
                f"(invalid byte at {_byte_position(data, exc.start)}). Check the --encoding value"
            ) from None
    # A control character is one byte of its own in UTF-8: the bytes are looked at first
    # (deleting every other byte takes less than searching the text).
    if encoding is None and not data.translate(None, _NOT_CONTROL):
        bad = None
    else:
        bad = _CONTROL_RE.search(text)
    if bad:
        raise InputError(
            f"{source} holds the control character U+{ord(bad.group()):04X} at "
            f"{_where(text, bad.start())}. Remove it: a text may hold tabs, line breaks and "
            "page breaks only"
        )
    # Without a tab, such a line starts with as many spaces in a row: looked for first.
    deep = _DEEP_INDENT_RE.search(text) if "\t" in text or _DEEP_SPACES in text else None
    if deep:
        raise InputError(
            f"{source} has a line indented more than {MAX_INDENT} columns "
            f"({_where(text, deep.start())}). Remove the indentation: Markdown nests "
            "at most 20 levels"
        )
    return normalize(text)


def normalize(text: str) -> str:
    """Drop a BOM, turn CRLF and CR into LF, compose to NFC.

    Non-breaking spaces, quotes and dashes are kept as written.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def tokenize(text: str) -> list[str]:
    """Split text into word, white-space and single-character tokens.

    ``"".join(tokenize(t)) == t`` for every string.
    """
    return TOKEN_RE.findall(text)


def fold(token: str) -> str:
    """The comparison key of a token: any white space (a non-breaking space,
    a line break, a run of spaces) compares equal to one space."""
    if token[:1].isspace():
        return " "
    return token


def words(text: str) -> list[str]:
    """The words of a text, in order, as written."""
    return WORD_RE.findall(text)


def comparison_key(text: str) -> str:
    """Text with white space folded: two texts with equal keys read the same."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Already folded (most clauses): the only white space a printable text can
        # hold is the plain space, and here one at a time between words.
        return text
    return " ".join(text.split())


def word_bag(text: str) -> Counter[str]:
    """Lower-cased word multiset used by the similarity rule."""
    return Counter(map(str.lower, WORD_RE.findall(text)))


def bigram_bag(text: str) -> Counter[str]:
    """Lower-cased character bigrams of the folded text padded with a space
    at each end (for short clauses; a one-letter text still has bigrams)."""
    key = f" {comparison_key(text).lower()} "
    return Counter(map(str.__add__, key, key[1:]))  # key[i] + key[i + 1]: key[i : i + 2]


def dice(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two multisets: 2|a∩b| / (|a|+|b|), 1.0 for two empties."""
    total = sum(a.values()) + sum(b.values())
    if total == 0:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    common = sum(min(n, b[k]) for k, n in a.items() if k in b)
    return 2.0 * common / total


#: Below this many words a clause is compared by character bigrams: one changed
#: word in a three-word heading must not make it a stranger.
SHORT_CLAUSE_WORDS = 6


def similarity(a: str, b: str) -> float:
    """How alike two clause texts are, from 0.0 to 1.0.

    The rule (documented in docs/clauses.md): the Dice coefficient of the two
    texts' lower-cased word multisets; when either text has fewer than
    ``SHORT_CLAUSE_WORDS`` words, the Dice coefficient of character bigrams of
    the white-space-folded, lower-cased texts instead. Order-independent and
    deterministic.
    """
    wa, wb = word_bag(a), word_bag(b)
    if sum(wa.values()) < SHORT_CLAUSE_WORDS or sum(wb.values()) < SHORT_CLAUSE_WORDS:
        return dice(bigram_bag(a), bigram_bag(b))
    return dice(wa, wb)


#: Share of Cyrillic letters among all letters from which a text counts as Cyrillic.
#: Russian documents quote Latin names, abbreviations and URLs; 30% leaves room
#: for a lot of them while an English text citing a Russian title stays English.
CYRILLIC_SHARE = 0.30

#: Characters looked at when guessing a language: enough for any document, and
#: it keeps detection linear in a bounded prefix for multi-megabyte codes.
_SAMPLE_CHARS = 200_000

_CYRILLIC_RANGES = (
    (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement
    (0x1C80, 0x1C8F),  # Cyrillic Extended-C
    (0x2DE0, 0x2DFF),  # Cyrillic Extended-A
    (0xA640, 0xA69F),  # Cyrillic Extended-B
)


def _is_cyrillic(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CYRILLIC_RANGES)


#: Letters only Ukrainian uses, and letters only Russian uses (among the two).
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_RUSSIAN_LETTERS = frozenset("ыэъёЫЭЪЁ")


def detect_language(text: str) -> Literal["ru", "uk", "en"]:
    """Cyrillic when at least 30% of the letters are Cyrillic, else "en" (also for
    a text with no letters); Cyrillic is Ukrainian ("uk") when letters only
    Ukrainian has (і, ї, є, ґ) outnumber those only Russian has (ы, э, ъ, ё),
    else Russian ("ru", other Cyrillic texts too)."""
    letters = cyrillic = ukrainian = russian = 0
    # Each distinct character once, with its count (counting runs in C).
    for char, n in Counter(text[:_SAMPLE_CHARS]).items():
        if char.isalpha():
            letters += n
            if _is_cyrillic(char):
                cyrillic += n
                if char in _UKRAINIAN_LETTERS:
                    ukrainian += n
                elif char in _RUSSIAN_LETTERS:
                    russian += n
    if letters and cyrillic >= CYRILLIC_SHARE * letters:
        return "uk" if ukrainian > russian else "ru"
    return "en"
