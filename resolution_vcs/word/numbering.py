"""Word's automatic numbering, worked out as Word shows it.

A numbered paragraph names a list instance (``w:numId``) and a level
(``w:ilvl``, 0–8), directly or through its style. ``numbering.xml`` defines
for each abstract list and level a start value, a number format, and a level
text such as ``"%1.%2."`` in which ``%N`` stands for the current number of
level N, formatted as that level says. Counting follows Word:

* list instances that share an abstract list share its counters, so a list
  continues across them, except that an instance overriding a level's start
  (``w:lvlOverride/w:startOverride``, Word's "restart numbering") starts
  that level afresh the first time it is used;
* numbering a level restarts the levels below it, unless a level's
  ``w:lvlRestart`` says after which level it restarts (0: never);
* ``w:isLgl`` shows every level's number in decimal;
* an instance may replace a level's definition (``w:lvlOverride/w:lvl``), and
  an abstract list may take its levels from a numbering style
  (``w:numStyleLink``).

Formats: decimal (also with leading zero), Latin and Russian letters (lower and
upper case; after the alphabet Word doubles the letter: "aa", "bb"), Roman
numbers, ordinal and cardinal words are given as decimal, bullets and "none".
Counters live in :class:`Counters`, one per reading of a document, since which
paragraphs exist depends on the tracked changes taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..frozen import frozen

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_VAL = _w("val")

#: Word's Russian letter sequences: the alphabet without ё, й, ъ and ь.
RUSSIAN_LOWER = "абвгдежзиклмнопрстуфхцчшщыэюя"
LATIN_LOWER = "abcdefghijklmnopqrstuvwxyz"
#: Ukrainian (``ukrainianLower`` in later Word versions is not standard; kept here
#: for LibreOffice's own letter lists as well).
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _letters(n: int, alphabet: str) -> str:
    if n <= 0:
        return str(n)
    size = len(alphabet)
    return alphabet[(n - 1) % size] * ((n - 1) // size + 1)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` ("decimal", "lowerLetter", "russianUpper" …)."""
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n, LATIN_LOWER)
    if fmt == "upperLetter":
        return _letters(n, LATIN_LOWER).upper()
    if fmt == "russianLower":
        return _letters(n, RUSSIAN_LOWER)
    if fmt == "russianUpper":
        return _letters(n, RUSSIAN_LOWER).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    if fmt.startswith("decimalEnclosed"):
        return f"({n})" if fmt == "decimalEnclosedParen" else str(n)
    return str(n)


#: The formats read as numbers; anything else (bullet, none, pictures) is not.
KNOWN_FORMATS = frozenset(
    {
        "decimal",
        "decimalZero",
        "lowerLetter",
        "upperLetter",
        "russianLower",
        "russianUpper",
        "lowerRoman",
        "upperRoman",
        "ordinal",
        "cardinalText",
        "ordinalText",
        "none",
        "decimalHalfWidth",
        "decimalEnclosedParen",
        "decimalEnclosedCircle",
        "decimalEnclosedFullstop",
        "bullet",
    }
)


@frozen
class Level:
    """One level of a list: how its number looks and counts."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    #: After which level (1-based) this one restarts; None: after any higher one; 0: never.
    restart: int | None = None
    legal: bool = False
    #: What follows the number: "tab", "space" or "nothing".
    suffix: str = "tab"
    style: str = ""


@dataclass
class _Abstract:
    levels: dict[int, Level] = field(default_factory=dict)
    style_link: str = ""


@frozen
class _Instance:
    abstract: str
    levels: dict[int, Level]  # overridden definitions
    starts: dict[int, int]  # startOverride values


def _level(el: _Element, base: Level | None = None) -> Level:
    base = base or Level()

    def val(tag: str) -> str | None:
        child = el.find(_w(tag))
        return None if child is None else child.get(_VAL)

    start = val("start")
    restart = val("lvlRestart")
    legal = el.find(_w("isLgl"))
    style = val("pStyle")
    return Level(
        start=_int(start, base.start),
        fmt=val("numFmt") or base.fmt,
        text=val("lvlText") if val("lvlText") is not None else base.text,  # type: ignore[arg-type]
        restart=_int(restart, 0) if restart is not None else base.restart,
        legal=legal is not None and legal.get(_VAL, "1") not in ("0", "false", "off"),
        suffix=val("suff") or base.suffix,
        style=style or base.style,
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Numbering:
    """The list definitions of one document (``numbering.xml``)."""

    def __init__(self, root: _Element | None, style_nums: dict[str, str] | None = None) -> None:
        self._abstracts: dict[str, _Abstract] = {}
        self._instances: dict[str, _Instance] = {}
        #: numbering style id -> numId it names (for numStyleLink)
        self._style_nums = style_nums or {}
        if root is None:
            return
        for el in root.iter(_w("abstractNum")):
            abstract = _Abstract()
            for lvl in el.iter(_w("lvl")):
                abstract.levels[_int(lvl.get(_w("ilvl")), 0)] = _level(lvl)
            link = el.find(_w("numStyleLink"))
            if link is not None:
                abstract.style_link = str(link.get(_VAL, ""))
            self._abstracts[str(el.get(_w("abstractNumId"), ""))] = abstract
        for el in root.iter(_w("num")):
            ref = el.find(_w("abstractNumId"))
            levels: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in el.iter(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0)
                start = override.find(_w("startOverride"))
                if start is not None:
                    starts[ilvl] = _int(start.get(_VAL), 1)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                    if lvl.find(_w("start")) is not None and ilvl not in starts:
                        starts[ilvl] = levels[ilvl].start
            self._instances[str(el.get(_w("numId"), ""))] = _Instance(
                str(ref.get(_VAL, "")) if ref is not None else "", levels, starts
            )

    def abstract_of(self, num_id: str) -> str | None:
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        abstract_id = instance.abstract
        for _ in range(3):  # numStyleLink -> style -> numId -> abstract, a few steps at most
            abstract = self._abstracts.get(abstract_id)
            if abstract is None or not abstract.style_link:
                break
            linked = self._instances.get(self._style_nums.get(abstract.style_link, ""))
            if linked is None:
                break
            abstract_id = linked.abstract
        return abstract_id if abstract_id in self._abstracts else None

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The definition of a level as the instance ``num_id`` uses it."""
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        if ilvl in instance.levels:
            return instance.levels[ilvl]
        abstract_id = self.abstract_of(num_id)
        if abstract_id is None:
            return None
        return self._abstracts[abstract_id].levels.get(ilvl)

    def level_of_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose ``w:pStyle`` names ``style_id``, if any."""
        abstract_id = self.abstract_of(num_id)
        if abstract_id is None:
            return None
        for ilvl, level in self._abstracts[abstract_id].levels.items():
            if level.style == style_id:
                return ilvl
        return None

    def starts(self, num_id: str) -> dict[int, int]:
        instance = self._instances.get(num_id)
        return instance.starts if instance is not None else {}


_PLACEHOLDER_RE = re.compile(r"%([1-9])")


@frozen
class Label:
    """The number of one paragraph as Word shows it."""

    text: str  # "2.1.", "а)", "•"
    bullet: bool
    level: int
    fmt: str
    suffix: str
    #: The abstract list it counts in, and the values of levels 0..level.
    list_key: str
    values: tuple[int, ...]


class Counters:
    """The running numbers of every list, for one reading of a document."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self._values: dict[str, dict[int, int]] = {}
        self._restarted: set[str] = set()

    def next(self, num_id: str, ilvl: int) -> Label | None:
        """Count a paragraph of list ``num_id`` at level ``ilvl``; its label, or None when
        the list or level is not defined (Word shows no number then)."""
        numbering = self.numbering
        level = numbering.level(num_id, ilvl)
        abstract = numbering.abstract_of(num_id)
        if level is None or abstract is None:
            return None
        values = self._values.setdefault(abstract, {})
        if num_id not in self._restarted:
            self._restarted.add(num_id)
            for lvl, start in numbering.starts(num_id).items():
                values[lvl] = start - 1
                for deeper in [k for k in values if k > lvl]:
                    del values[deeper]
        values[ilvl] = values[ilvl] + 1 if ilvl in values else level.start
        for deeper in [k for k in values if k > ilvl]:
            deeper_level = numbering.level(num_id, deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                del values[deeper]
        if level.fmt == "bullet":
            return Label(level.text, True, ilvl, level.fmt, level.suffix, abstract, ())
        shown: list[int] = []
        for k in range(ilvl + 1):
            if k not in values:
                lvl_k = numbering.level(num_id, k)
                values[k] = lvl_k.start if lvl_k is not None else 1
            shown.append(values[k])

        def substitute(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if k > ilvl:
                return ""
            lvl_k = numbering.level(num_id, k)
            fmt = lvl_k.fmt if lvl_k is not None else "decimal"
            if level.legal and fmt != "decimalZero":
                fmt = "decimal"
            return format_number(values[k], fmt)

        text = _PLACEHOLDER_RE.sub(substitute, level.text)
        return Label(text, False, ilvl, level.fmt, level.suffix, abstract, tuple(shown))
