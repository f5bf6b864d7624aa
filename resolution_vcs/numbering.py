"""Numbered items: the numbers people see, the lists they form, and renumbering.

A clause is a **numbered item** when it opens with an *enumerator*:

* a Markdown ordered-list marker: ``3. ``, ``2) `` (the number as written in
  the source, which is what people see: a Markdown renderer would count afresh);
* or, in a paragraph or heading, a number written at the start of its text:
  ``2. `` (a number that cannot start a Markdown list there), ``5-1. `` and
  ``5.1. `` (suffix numbers of inserted items, as laws have them), ``2.1. ``
  (a nested number), a letter ``а) `` / ``b) `` (Markdown has no lettered
  lists: such a line is a paragraph, and its letter is read from its text), or
  a section word with its number: ``Стаття 5-1.``, ``Статья 7.``, ``Article 3``,
  ``Розділ II``.

Numbered items form **lists** (:func:`outline`), found in reading order the way
a reader finds them: an item continues the open list of its *style* (family,
delimiter, nesting depth: ``1.`` items, ``1)`` items, ``а)`` items, ``2.1.``
items, articles), an item of a new style opens a list nested in the item before
it, and an item of an outer style closes the lists inside. An item numbered as
the first of its style (``1``, ``а``) after other items starts a list of its
own. Paragraphs without a number between items belong to the item before them
(its paragraphs, "абзацы") and close nothing.

A list is **sequential** when its numbers count up by one from its first
(``1. 2. 3.``, ``а) б) в)``, ``2.1. 2.2.`` under ``2.``). When operations insert,
delete or move items of a sequential list, :func:`renumbering` gives the new
numbers that keep it sequential; lists with gaps or suffix numbers keep theirs
("an item inserted there takes the number its proposer wrote").
:func:`apply_numbers` writes new numbers into a document, and
:func:`follow_number` makes a clause source carry another number (how an
amendment follows a renumbering of the clause it changes).

Pure: documents and strings in, documents and strings out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from .frozen import frozen
from .ids import with_ids
from .model import ClauseKind, Document
from .operations import NUMBERING_MODES, NumberingMode, Renumbered
from .parse import parse
from .text import lazy_pattern


def numbering_mode(value: str) -> NumberingMode | None:
    """A numbering setting as written ("renumber", "suffix"); None for anything else
    ("" in records made before acceptances renumbered)."""
    for mode in NUMBERING_MODES:
        if value == mode:
            return mode
    return None


#: Letters of lettered items in the order drafters use them (Russian legal texts
#: skip ё, й, ъ, ы, ь; Ukrainian ones skip ь).
RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
UK_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщюя"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ALPHABETS = (RU_LETTERS, UK_LETTERS, LATIN_LETTERS)

#: Section words that number the parts of a law: the item is the section.
KEYWORDS = (
    "стаття",
    "статья",
    "article",
    "розділ",
    "раздел",
    "глава",
    "chapter",
    "section",
)
_KEYWORD_RE = "|".join(word.capitalize() for word in KEYWORDS)
_KEYWORD_STARTS = tuple(w.capitalize() for w in KEYWORDS) + tuple(w.upper() for w in KEYWORDS)
_LEADING_STARTS = ("[", " ", "\t", "\n")
_ROMAN = "IVXLCDM"

#: What may stand before an enumerator at the start of a clause's text: pandoc
#: anchors (``[]{#n9}``), white space and line breaks.
_LEADING_RE = re.compile(r"(?:\[\]\{[^{}\n]*\}|[ \t\n])*")
#: The number at the start of a text: a section word and its number, or a number
#: or letter with its delimiter ("2.", "2)", "5-1.", "2.1.", "2.1", "а)").
_text_enum_re = lazy_pattern(
    rf"(?:(?P<kw>{_KEYWORD_RE}|{_KEYWORD_RE.upper()})[ \t\u00a0]+"
    r"(?P<kwnum>\d{1,4}(?:[ \u00a0]?-[ \u00a0]?\d{1,3}|\.\d{1,3})*|[IVXLCDM]{1,7})"
    # A section word's number ends its line, or has a dot: "Статья 5 Закона гласит" is
    # a sentence, "Стаття 5. Назва" and "Розділ I" on a line of its own are sections.
    r"(?:(?P<kwdelim>[ \u00a0]?\\?\.)(?=[\s\\]|$)|(?=[ \t]*(?:\\?\n|\\?$)))"
    r"|(?P<num>\d{1,3}(?:[ \u00a0]?-[ \u00a0]?\d{1,3}|\.\d{1,3})*)(?P<delim>[ \u00a0]?\\?[.)])"
    r"(?=[ \t\u00a0]|$)"
    r"|(?P<nested>\d{1,3}(?:\.\d{1,3})+)(?=[ \t\u00a0])"
    r"|(?P<letter>[а-яґєіїa-z])(?P<ldelim>\\?\))(?=[ \t\u00a0]|$))"
)
#: A Markdown ordered-list marker in a clause's prefix.
_MARKER_RE = re.compile(r"[ \t]*(\d{1,9})([.)])")
#: Lines of a source that carry no words: blank lines, anchors, fences, bare tags.
_layout_line_re = lazy_pattern(
    r"[ \t]*(?:\[\]\{[^{}\n]*\}|:{3,}.*|</?[A-Za-z][A-Za-z0-9-]*\s*/?>|<!--.*-->)?[ \t]*"
)
_HEADING_RE = re.compile(r"#{1,6}[ \t]+")


@frozen
class Enumerator:
    """The number a numbered item opens with, as written."""

    #: The number as people cite it: "2", "5-1", "2.1", "а", "IV".
    number: str
    #: "decimal", "letter" or "roman" (roman numbers only after a section word).
    family: str
    #: ".", ")" or "" (none written).
    delimiter: str
    #: The section word in lower case ("стаття"), or "".
    keyword: str = ""
    #: A Markdown list marker (else the number is in the clause's text).
    marker: bool = False
    #: Where the number starts in the clause's content (markers: -1, in the prefix).
    start: int = -1

    @property
    def components(self) -> int:
        """How many dot-separated parts a decimal number has ("2.1" → 2)."""
        return self.number.count(".") + 1 if self.family == "decimal" else 1

    @cached_property
    def style(self) -> tuple[str, str, str, int]:
        """What items of one list share: family, delimiter, section word, parts (made
        once: an enumerator is kept and read for every outline of its clause)."""
        return (self.family, self.delimiter, self.keyword, self.components)

    @property
    def suffixed(self) -> bool:
        """A suffix number: "5-1" (an item inserted after 5 without renumbering)."""
        return self.family == "decimal" and "-" in self.number

    def ordinal(self, alphabet: str | None = None) -> int | None:
        """The item's place in counting order (1 for "1", "а", "I"); None for a
        suffix number."""
        if self.suffixed:
            return None
        last = self.number.rsplit(".", 1)[-1]
        if self.family == "decimal":
            return int(last)
        if self.family == "roman":
            return _from_roman(last)
        letters = alphabet or _alphabet_of(last)
        index = letters.find(last.lower())
        return index + 1 if index >= 0 else None

    def first(self) -> bool:
        """Whether this is the number a list starts with (1, а, a, I)."""
        return self.ordinal() == 1

    def prefix(self) -> str:
        """The leading parts of a nested number: "2" for "2.1", "" otherwise."""
        return self.number.rsplit(".", 1)[0] if self.components > 1 else ""


#: How many clauses' enumerators are kept: those of a long draft, whose lists a decision
#: reads before and after it (two texts that share nearly every clause).
_KEPT_ENUMERATORS = 1 << 14


@lru_cache(maxsize=_KEPT_ENUMERATORS)
def enumerator(clause_kind: ClauseKind, prefix: str, content: str) -> Enumerator | None:
    """The enumerator a clause opens with (see the module docstring), or None; kept by
    what it is read from (an enumerator never changes)."""
    if clause_kind is ClauseKind.ITEM:
        m = _MARKER_RE.match(prefix)
        if m is None:
            return None  # a bullet: no number
        return Enumerator(str(int(m.group(1))), "decimal", m.group(2), marker=True)
    if clause_kind not in (ClauseKind.PARAGRAPH, ClauseKind.HEADING):
        return None
    pos = 0
    if clause_kind is ClauseKind.HEADING:
        h = _HEADING_RE.match(content)
        if h is not None:
            pos = h.end()
    if content[pos : pos + 1] in _LEADING_STARTS:
        pos = _LEADING_RE.match(content, pos).end()  # type: ignore[union-attr]
    # Most paragraphs open with a word: only a digit, a letter and ")", or a section
    # word can open a number (the cheap test first; documents have many clauses).
    first = content[pos : pos + 1]
    if not (
        first.isdigit()
        or content[pos + 1 : pos + 2] == ")"
        or (first.isupper() and content.startswith(_KEYWORD_STARTS, pos))
    ):
        return None
    m = _text_enum_re().match(content, pos)
    if m is None:
        return None
    if m.group("kw"):
        number = _compact(m.group("kwnum"))
        family = "roman" if number[0] in _ROMAN else "decimal"
        keyword = m.group("kw").lower()
        # A section's delimiter varies ("Стаття 5." / "Стаття 5"): not part of its style.
        return Enumerator(number, family, "", keyword, start=m.start("kwnum"))
    if m.group("num"):
        return Enumerator(
            _compact(m.group("num")), "decimal", m.group("delim")[-1], start=m.start("num")
        )
    if m.group("nested"):
        return Enumerator(m.group("nested"), "decimal", "", start=m.start("nested"))
    return Enumerator(m.group("letter"), "letter", ")", start=m.start("letter"))


def clause_enumerator(doc: Document, index: int) -> Enumerator | None:
    """The enumerator of the clause at ``index`` of ``doc``."""
    c = doc.clauses[index]
    return enumerator(c.kind, c.prefix, c.content)


# -- lists ---------------------------------------------------------------------------------


@dataclass(eq=False)
class Item:
    """A numbered item in its list."""

    index: int  # the clause's position in the document
    id: str
    enumerator: Enumerator
    sequence: NumberedList
    #: Unnumbered clauses after the item's own text that belong to it (its
    #: second, third … paragraph), by position in the document.
    paragraphs: list[int] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.enumerator.number

    @property
    def parent(self) -> Item | None:
        return self.sequence.parent

    def path(self) -> tuple[Item, ...]:
        """The items this one is nested in, outermost first, and itself."""
        chain: list[Item] = [self]
        parent = self.parent
        while parent is not None:
            chain.append(parent)
            parent = parent.parent
        return tuple(reversed(chain))

    def cited(self, changes: Mapping[str, str] | None = None) -> str:
        """The number as people cite it: "5", "2.1" (a nested Markdown item: its
        parent's number and its own), "а"; with ``changes`` (clause id → the number
        as written), as it is cited once they are made."""
        e = self.enumerator
        number = e.number if changes is None else changes.get(self.id, e.number)
        parent = self.parent
        if (
            e.marker
            and e.family == "decimal"
            and parent is not None
            and parent.enumerator.marker
            and not parent.enumerator.keyword
        ):
            return f"{parent.cited(changes)}.{number}"
        return number


@dataclass(eq=False)
class NumberedList:
    """Items of one style that count together, and the item they are nested in."""

    style: tuple[str, str, str, int]
    depth: int
    parent: Item | None
    items: list[Item] = field(default_factory=list)

    def alphabet(self) -> str | None:
        """The alphabet a lettered list counts in (None for numbers)."""
        if self.style[0] != "letter":
            return None
        letters = "".join(i.number.lower() for i in self.items)
        for alphabet in _ALPHABETS:
            if all(ch in alphabet for ch in letters) and _consecutive(
                [alphabet.find(ch) for ch in letters]
            ):
                return alphabet
        return next((a for a in _ALPHABETS if all(ch in a for ch in letters)), RU_LETTERS)

    def ordinals(self) -> list[int | None]:
        alphabet = self.alphabet()
        return [i.enumerator.ordinal(alphabet) for i in self.items]

    @property
    def sequential(self) -> bool:
        """Whether the numbers count up by one from the first, and nested numbers
        ("2.1") carry their parent's number."""
        ordinals = self.ordinals()
        if any(o is None for o in ordinals) or not _consecutive(ordinals):  # type: ignore[arg-type]
            return False
        if self.style[0] == "decimal" and self.style[3] > 1:
            prefixes = {i.enumerator.prefix() for i in self.items}
            if len(prefixes) != 1:
                return False
            parent = self.parent
            if parent is not None and parent.enumerator.family == "decimal":
                return prefixes == {parent.number}
        return True


@frozen
class Outline:
    """The numbered items of a document and the lists they form."""

    lists: tuple[NumberedList, ...]
    items: Mapping[str, Item]  # by clause id (or str(index) for clauses without id)
    by_index: Mapping[int, Item]
    #: The item each unnumbered clause belongs to (its paragraphs), by position.
    owner: Mapping[int, Item]

    def item(self, clause_id: str) -> Item | None:
        return self.items.get(clause_id)

    def starts(self) -> set[str]:
        """Ids of the clauses that start a list."""
        return {lst.items[0].id for lst in self.lists if lst.items}

    @cached_property
    def by_number(self) -> Mapping[str, tuple[Item, ...]]:
        """The items by each number they may be named by, as cited ("2.1") and as
        written ("1"), in the order of ``items``: a reference is resolved among those
        that carry its number, not all of them (an outline never changes once made)."""
        found: dict[str, list[Item]] = {}
        for item in self.items.values():
            for number in dict.fromkeys((item.cited(), item.number)):
                found.setdefault(number, []).append(item)
        return {number: tuple(items) for number, items in found.items()}


def _key(doc: Document, index: int) -> str:
    return doc.clauses[index].id or str(index)


#: The outlines of the last documents read (documents never change): an acceptance
#: needs the current text's outline for its numbers and again for its references.
_OUTLINES: list[tuple[Document, Outline]] = []


def outline(doc: Document, *, starts: Collection[str] | None = None) -> Outline:
    """The lists of numbered items of ``doc`` (module docstring).

    ``starts`` (clause ids) says which items start a list of their own when an
    open list of their style could take them; by default an item numbered as
    the first of its style does.
    """
    if starts is None:
        for known, found in _OUTLINES:
            if known is doc:
                return found
    found, default = _outline(doc, starts)
    if default:  # the lists by default too: kept for the next reader of ``doc``'s
        _OUTLINES[:] = [(doc, found), *[kept for kept in _OUTLINES if kept[0] is not doc][:3]]
    return found


def _outline(doc: Document, starts: Collection[str] | None) -> tuple[Outline, bool]:
    """The outline, and whether it is also the one without ``starts`` (every item
    ``starts`` has start a list where its number's being the first would)."""
    default = True
    lists: list[NumberedList] = []
    stack: list[NumberedList] = []
    items: dict[str, Item] = {}
    by_index: dict[int, Item] = {}
    owner: dict[int, Item] = {}
    last_item: Item | None = None
    for index, clause in enumerate(doc.clauses):
        e = enumerator(clause.kind, clause.prefix, clause.content)
        if e is None:
            if last_item is not None and clause.kind is not ClauseKind.HEADING:
                owner[index] = last_item
                last_item.paragraphs.append(index)
            elif clause.kind is ClauseKind.HEADING:
                last_item = None
            continue
        depth = clause.depth
        style = e.style
        key = _key(doc, index)
        level = None
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].style == style and stack[k].depth == depth:
                level = k
                break
        if level is not None:
            del stack[level + 1 :]
            current = stack[level]
            restart = e.first()
            if starts is not None and (key in starts) != restart:
                restart, default = not restart, False
            if restart and current.items:
                fresh = NumberedList(style, depth, current.parent)
                lists.append(fresh)
                stack[level] = fresh
                current = fresh
        else:
            parent = _parent_for(stack, depth)
            current = NumberedList(style, depth, parent)
            lists.append(current)
            stack.append(current)
        item = Item(index, key, e, current)
        current.items.append(item)
        items[key] = item
        by_index[index] = item
        last_item = item
    return Outline(tuple(lists), items, by_index, owner), default


def _parent_for(stack: list[NumberedList], depth: int) -> Item | None:
    """The item a new list is nested in: the last item of the innermost open list
    (a Markdown list nested deeper than that item is inside it; a shallower one
    is not)."""
    while stack:
        top = stack[-1]
        if top.items and top.depth <= depth:
            return top.items[-1]
        stack.pop()
    return None


# -- renumbering -----------------------------------------------------------------------------


def renumbering(
    before: Document,
    after: Document,
    *,
    placed: Mapping[str, tuple[str, str]] | None = None,
    mode: NumberingMode = "renumber",
    subitems: bool = True,
) -> tuple[Renumbered, ...]:
    """The numbers of ``after`` that must change so that every list that was
    sequential in ``before`` and that operations changed (items inserted,
    deleted or moved) is sequential again; in the order of ``after``.

    ``placed`` maps clauses the operations put somewhere (inserted or moved) to
    the clause they were put next to and where ("before"/"after"), so that an
    item put before the first item of a list joins that list. Lists with gaps
    or suffix numbers are left as they are, and so is everything with
    ``mode="suffix"``. Nested numbers ("2.1.") follow their parent's new number,
    and nested Markdown items that keep their own ("1." under "2.") are listed too,
    cited by their parent's new number ("2.1 → 3.1"), so that references to them
    follow; ``subitems=False`` leaves those out (as acceptances recorded before
    sub-items followed their items did).
    """
    if mode == "suffix":
        return ()
    placed = placed or {}
    old = outline(before)
    present = {c.id for c in after.clauses}
    moved = {cid for cid in placed if before.get(cid) is not None}
    starts = old.starts()
    # A list whose first item went away (or was moved) starts at its next item.
    for lst in old.lists:
        first = lst.items[0].id
        if first not in present or first in moved:
            rest = [i.id for i in lst.items[1:] if i.id in present and i.id not in moved]
            if rest:
                starts.add(rest[0])
    starts -= moved
    # What is put right before the first item of a list starts that list instead.
    order = {c.id: n for n, c in enumerate(after.clauses)}
    firsts: dict[str, str] = {}
    for cid, (anchor, where) in placed.items():
        if where == "before" and anchor in starts and cid in order:
            if anchor not in firsts or order[cid] < order[firsts[anchor]]:
                firsts[anchor] = cid
    for anchor, cid in firsts.items():
        starts.discard(anchor)
        starts.add(cid)
    new = outline(after, starts=starts & present)
    old_list_of = {item.id: item.sequence for lst in old.lists for item in lst.items}
    changes: dict[str, str] = {}
    for lst in new.lists:
        olds = list(dict.fromkeys(old_list_of[i.id] for i in lst.items if i.id in old_list_of))
        if not olds or not all(o.sequential for o in olds):
            continue
        if len(olds) == 1 and [i.id for i in olds[0].items] == [i.id for i in lst.items]:
            continue  # the same items in the same order
        if any(i.enumerator.suffixed for i in lst.items):
            continue  # the proposer wrote a suffix number: the list keeps its numbers
        alphabet = olds[0].alphabet()
        first_number = olds[0].items[0].enumerator.ordinal(alphabet)
        assert first_number is not None  # a sequential list has ordinals
        for k, item in enumerate(lst.items):
            number = _format(item.enumerator, first_number + k, alphabet)
            if number is not None and number != item.number:
                changes[item.id] = number
    _follow_parents(new, changes)
    result = []
    for item in sorted(new.items.values(), key=lambda i: i.index):
        was = old.items.get(item.id)
        if item.id in changes and changes[item.id] != item.number:
            was = was or item
            result.append(Renumbered(item.id, was.cited(), item.cited(changes), changes[item.id]))
        elif subitems and was is not None and changes and was.cited() != item.cited(changes):
            # A nested Markdown item ("1." under "2.", cited "2.1") keeps its own number
            # and follows its parent's: it is cited by the new one ("3.1").
            result.append(Renumbered(item.id, was.cited(), item.cited(changes), item.number))
    return tuple(result)


def stated_renumbering(before: Document, renumbered: Iterable[Renumbered]) -> dict[str, str]:
    """What a renumbering sentence states of ``renumbered``: old number → new, for the
    items that ``before`` numbers so and that change number. A clause that only becomes
    an item, or an item whose number is cited as before, renumbers nothing of
    ``before``'s text."""
    items = outline(before).items
    stated: dict[str, str] = {}
    for r in renumbered:
        was = items.get(r.clause)
        if r.old != r.new and was is not None and was.cited() == r.old:
            stated[r.old] = r.new
    return stated


def _follow_parents(new: Outline, changes: dict[str, str]) -> None:
    """Nested numbers ("2.1") whose leading parts were their parent's number take
    the parent's new number."""
    for item in sorted(new.items.values(), key=lambda i: i.index):
        e = item.enumerator
        parent = item.parent
        if e.components < 2 or parent is None or parent.enumerator.family != "decimal":
            continue
        own = changes.get(item.id, item.number)
        if own.rsplit(".", 1)[0] != parent.number:
            continue
        parent_now = changes.get(parent.id, parent.number)
        if parent_now != parent.number:
            changes[item.id] = parent_now + "." + own.rsplit(".", 1)[1]


def _format(e: Enumerator, ordinal: int, alphabet: str | None) -> str | None:
    """The number at place ``ordinal`` in ``e``'s style; None where the style has none."""
    if ordinal < 1:
        return None
    if e.family == "decimal":
        prefix = e.prefix()
        return f"{prefix}.{ordinal}" if prefix else str(ordinal)
    if e.family == "roman":
        return _to_roman(ordinal, upper=e.number.isupper())
    letters = alphabet or RU_LETTERS
    if ordinal > len(letters):
        return None
    letter = letters[ordinal - 1]
    return letter.upper() if e.number.isupper() else letter


def apply_numbers(
    doc: Document,
    numbers: Mapping[str, str],
    *,
    subitems: bool = True,
    parse_text: Callable[[str], Document] = parse,
) -> Document | None:
    """``doc`` with the numbers of the clauses in ``numbers`` (id → the number as
    written in its enumerator, "5", "3.1", "б") changed, and the indentation of
    what is nested in a list item whose marker changed width; the ids stay.
    None when the text would then read as other clauses (a list that starts at
    a number other than 1 cannot interrupt a paragraph, for one). The sub-items
    written inside a renumbered item follow it (:func:`inner_numbers`) unless
    ``subitems`` is False. ``parse_text`` parses the renumbered text (as :func:`parse`
    does: from ``doc``'s parse, where it is at hand)."""
    if not numbers:
        return doc
    parts: list[str] = [doc.preamble]
    shifts: dict[int, tuple[int, int]] = {}  # item index → (content column, width change)
    for index, clause in enumerate(doc.clauses):
        source = clause.source
        for ancestor in _ancestors(doc, index):
            if ancestor in shifts:
                column, delta = shifts[ancestor]
                source = _shift_lines(source, column, delta)
        new = numbers.get(clause.id)
        if new is not None:
            e = enumerator(clause.kind, clause.prefix, clause.content)
            if e is None:
                return None
            renumbered, delta = _renumber_source(source, new, subitems=subitems)
            if renumbered is None:
                return None
            if e.marker and delta:
                shifts[index] = (len(clause.prefix), delta)
            source = renumbered
        parts.append(source)
    parts.append(doc.epilogue)
    result = parse_text("".join(parts))
    if [c.kind for c in result.clauses] != [c.kind for c in doc.clauses] or [
        c.depth for c in result.clauses
    ] != [c.depth for c in doc.clauses]:
        return None
    return with_ids(result, [c.id for c in doc.clauses], doc.retired)


def _ancestors(doc: Document, index: int) -> Iterable[int]:
    parent = doc.clauses[index].parent
    while parent is not None:
        yield parent
        parent = doc.clauses[parent].parent


def _shift_lines(source: str, column: int, delta: int) -> str:
    """Lines indented to ``column`` or more moved by ``delta`` columns."""
    out = []
    for line in source.split("\n"):
        spaces = len(line) - len(line.lstrip(" "))
        if line.strip() and spaces >= column:
            line = " " * (spaces + delta) + line[spaces:]
        out.append(line)
    return "\n".join(out)


# -- numbers for new items ------------------------------------------------------------------


def number_for_new_item(
    doc: Document,
    anchor: str,
    where: Literal["after", "before"],
    *,
    mode: NumberingMode = "renumber",
    separator: str = "-",
) -> Enumerator | None:
    """The enumerator an item put next to the numbered item ``anchor`` (a clause
    id) takes: in ``renumber`` mode its place's number (the items after it are
    renumbered when it is accepted); in ``suffix`` mode the number of the item
    before it with a suffix ("5-1", or "5.1" with ``separator="."``; "5-2" after
    "5-1"), so that no other number changes. None when ``anchor`` is not a
    numbered item, or when a suffix number has no item before it to follow.
    """
    tree = outline(doc)
    item = tree.item(anchor)
    if item is None:
        return None
    e = item.enumerator
    if mode == "renumber":
        if where == "before":
            return e
        alphabet = item.sequence.alphabet()
        ordinal = e.ordinal(alphabet)
        number = None if ordinal is None else _format(e, ordinal + 1, alphabet)
        return None if number is None else _with_number(e, number)
    siblings = item.sequence.items
    place = siblings.index(item) - (1 if where == "before" else 0)
    if place < 0:
        return None
    base = siblings[place].number
    taken = {i.number for i in tree.items.values()}
    if e.family != "decimal":
        return None  # letters and Roman numbers have no suffix form
    head, sep, last = base.rpartition(separator)
    suffixed = siblings[place].enumerator.suffixed or separator == "."
    count = int(last) if sep and suffixed and last.isdigit() else 0
    root = head if count else base
    while True:
        count += 1
        number = f"{root}{separator}{count}"
        if number not in taken:
            return _with_number(e, number)


def suffix_separator(doc: Document, language: str = "") -> str:
    """How suffix numbers are written in a document: as it writes them already
    ("5-1" in Ukrainian laws), else "-" in Ukrainian and "." otherwise ("5.1", as
    Russian laws write them)."""
    for item in outline(doc).items.values():
        if item.enumerator.suffixed:
            return "-"
    return "-" if language == "uk" else "."


def _with_number(e: Enumerator, number: str) -> Enumerator:
    return Enumerator(number, e.family, e.delimiter, e.keyword, e.marker, e.start)


def enumerated_text(e: Enumerator, content: str, like: str) -> str:
    """``content`` opening with enumerator ``e`` written as in ``like`` (the content
    of the item it follows): "б) …", "5-1. …", "Стаття 6. …"."""
    span = number_span(like)
    if span is None:
        return f"{e.number}{e.delimiter or '.'} {content}"
    head = like[: span[1]]
    line_start = head.rfind("\n") + 1
    opening = head[line_start : span[0]]
    rest = like[span[1] :]
    delimiter = re.match(r"[ \u00a0]?\\?[.)]?", rest)
    closing = delimiter.group(0) if delimiter else ""
    if e.marker and not closing.strip():
        closing = e.delimiter
    return f"{opening}{e.number}{closing} {content}"


def opens_with_number(text: str) -> bool:
    """Whether a text written for a new item starts with a number of its own."""
    return enumerator(ClauseKind.PARAGRAPH, "", text) is not None


# -- numbers in clause sources ------------------------------------------------------------------


def number_span(source: str) -> tuple[int, int] | None:
    """Where the number of the enumerator a clause source opens with stands
    (after its layout lines), or None when it opens with none."""
    pos = 0
    while pos < len(source):
        end = source.find("\n", pos)
        end = len(source) if end == -1 else end
        line = source[pos:end]
        if not _layout_line_re().fullmatch(line):
            break
        pos = end + 1
    else:
        return None
    m = _MARKER_RE.match(source, pos)
    if m is not None and source[m.end() : m.end() + 1] in (" ", "\t", "\n", ""):
        return m.start(1), m.end(1)
    start = pos
    h = _HEADING_RE.match(source, start)
    if h is not None:
        start = h.end()
    start = _LEADING_RE.match(source, start).end()  # type: ignore[union-attr]
    t = _text_enum_re().match(source, start)
    if t is None:
        return None
    for name in ("kwnum", "num", "nested", "letter"):
        if t.group(name):
            return t.start(name), t.end(name)
    return None


def source_number(source: str) -> str | None:
    """The number a clause source opens with ("8", "5-1", "а"), or None."""
    span = number_span(source)
    return None if span is None else source[span[0] : span[1]]


def _renumber_source(source: str, number: str, *, subitems: bool = True) -> tuple[str | None, int]:
    """``source`` with its opening number replaced, and the sub-items written inside
    it following (:func:`inner_numbers`); continuation lines of a list item follow a
    marker that changed width. Returns it and the width change."""
    span = number_span(source)
    if span is None:
        return None, 0
    start, end = span
    delta = len(number) - (end - start)
    line_start = source.rfind("\n", 0, start) + 1
    marker = _MARKER_RE.match(source, line_start)
    rest = source[end:]
    if subitems:
        rest = _follow_inner(rest, source[start:end], number)
    text = source[:start] + number + rest
    if delta and marker is not None and marker.start(1) == start:
        column = len(source[line_start:end]) + 1  # content column: after "N." and a space
        head_end = text.find("\n", start)
        if head_end != -1:
            text = text[: head_end + 1] + _shift_lines(text[head_end + 1 :], column, delta)
    return text, delta


def follow_number(base: str, current: str, proposed: str) -> tuple[str, str]:
    """``base`` and ``proposed`` (an amendment's sources of one clause) carrying the
    number ``current`` has now, when only that number moved under the amendment:
    a renumbering is not the amendment's words. An amendment that itself changes
    the number keeps its change when the number is still the one it was made
    against; otherwise the current number stands."""
    now = source_number(current)
    then = source_number(base)
    if now is None or then is None or now == then:
        return base, proposed
    # A source without an opening number (_renumber_source gives None) stays as it is.
    return (
        _renumber_source(base, now)[0] or base,
        _renumber_source(proposed, now)[0] or proposed,
    )


def without_number(source: str) -> str:
    """A clause source with its opening number left out, and the leading parts of the
    sub-item numbers written inside it that carry it (to compare words)."""
    span = number_span(source)
    if span is None:
        return source
    rest = _follow_inner(source[span[1] :], source[span[0] : span[1]], "")
    return source[: span[0]] + rest


def same_but_number(old: str, new: str) -> bool:
    """Whether two texts differ in their opening number alone (and the sub-item
    numbers written inside that follow it)."""
    a, b = number_span(old), number_span(new)
    if a is None or b is None or old == new or old[: a[0]] != new[: b[0]]:
        return False
    rest = new[b[1] :]
    return rest == old[a[1] :] or rest == _follow_inner(
        old[a[1] :], old[a[0] : a[1]], new[b[0] : b[1]]
    )


def same_but_sub_numbers(old: str, new: str, old_number: str, new_number: str) -> bool:
    """Whether the text of an item renumbered from ``old_number`` to ``new_number``
    (a list item's, whose number is its marker) differs only in the numbers of the
    sub-items written inside it, which follow its own."""
    return old != new and _follow_inner(old, old_number, new_number) == new


#: A hierarchical number at the start of a line inside a clause ("   2.1. …", "2.1.3) …").
_inner_re = lazy_pattern(r"(?m)^(?P<lead>[ \t>]*)(?P<num>\d{1,3}(?:\.\d{1,3})+)(?=\\?[.)][ \t])")


def inner_numbers(rest: str, number: str) -> list[tuple[int, int]]:
    """Where the sub-items of item ``number`` written inside its own clause stand
    (``rest``: the clause's source after its opening number): the hierarchical
    numbers at the start of its later lines that carry ``number`` as their leading
    parts ("2.1.", "2.2." and "2.2.1." inside item 2, each a paragraph of the item
    rather than a clause of its own). Only a sub-numbering that starts at
    ``number``.1 counts: "2.5. …" alone is more likely an amount than an item."""
    if not number or not number[0].isdigit() or "-" in number:
        return []
    first_break = rest.find("\n")
    if first_break == -1:
        return []
    head = number + "."
    spans = []
    starts = False
    for m in _inner_re().finditer(rest, first_break + 1):
        found = m.group("num")
        if found.startswith(head):
            spans.append((m.start("num"), m.start("num") + len(number)))
            starts = starts or found.split(".")[len(head.split(".")) - 1] == "1"
    return spans if starts else []


def sub_numbers(content: str, number: str) -> list[str]:
    """The numbers of the sub-items of item ``number`` written inside its clause
    (``content``): "2.1", "2.2", "2.2.1" (:func:`inner_numbers`)."""
    out = []
    for start, _end in inner_numbers(content, number):
        m = _inner_re().match(content, content.rfind("\n", 0, start) + 1)
        if m is not None:
            out.append(m.group("num"))
    return out


def _follow_inner(rest: str, old: str, new: str) -> str:
    """``rest`` (a clause's source after its opening number ``old``) with the sub-item
    numbers written inside it carrying ``new`` instead of ``old``."""
    if old == new:
        return rest
    for start, end in reversed(inner_numbers(rest, old)):
        rest = rest[:start] + new + rest[end:]
    return rest


# -- helpers -----------------------------------------------------------------------------------


def _compact(number: str) -> str:
    """A number as cited: "10 - 1" (as some laws print it) is "10-1"."""
    return number.replace(" ", "").replace("\u00a0", "")


def _consecutive(ordinals: Sequence[int]) -> bool:
    return all(b == a + 1 for a, b in zip(ordinals, ordinals[1:], strict=False))


def _alphabet_of(letter: str) -> str:
    ch = letter.lower()
    for alphabet in _ALPHABETS:
        if ch in alphabet:
            return alphabet
    return RU_LETTERS


_ROMAN_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _to_roman(n: int, *, upper: bool = True) -> str:
    out = []
    for value, letters in _ROMAN_VALUES:
        while n >= value:
            out.append(letters)
            n -= value
    text = "".join(out)
    return text if upper else text.lower()


def _from_roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    upper = text.upper()
    for k, ch in enumerate(upper):
        if ch not in values:
            return None
        value = values[ch]
        if k + 1 < len(upper) and values.get(upper[k + 1], 0) > value:
            total -= value
        else:
            total += value
    return total if _to_roman(total) == upper else None
