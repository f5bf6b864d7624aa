"""Cross-references: "пунктом 5", "пунктами 3–5", "підпункт 2.1", "paragraphs 3 to 5".

A reference is a noun that names numbered items ("пункт", "подпункт", "часть",
"статья", "абзац" in Russian; "пункт", "підпункт", "частина", "стаття",
"абзац" in Ukrainian; "paragraph", "item", "clause", "article", "section" in
English) in any of its grammatical forms or abbreviations ("п.", "пп.", "ч.",
"ст.", "абз."), followed by the numbers it cites: one ("пункт 5"), a list
("пунктах 3 и 4", "пунктів 2, 3, 4"), a range ("пунктами 3–5", "с 3 по 5",
"paragraphs 3 to 5"), a nested number ("2.1"), a suffix number ("статті 5-1"),
a letter ("подпункт «а»") or an ordinal word ("частини першої", "абзац второй").
Qualifiers that follow narrow it down: "пункт 2 частини першої статті 4",
"абзац второй пункта 3". Words after it say whose items they are: "настоящего
решения", "цього Закону", "of this resolution" (this document); an act named
after it ("Закону України «Про …»", "Кодексу", "Constitution") or a text in
quotation marks makes it a reference to another document, never resolved here.

:func:`find_references` finds them in a document and resolves each cited number
to a numbered item of the document's :func:`~resolution_vcs.numbering.outline`
(the nearest one to the reference: in the same item, the same article …):
*resolved*, *dangling* (no such item here), *ambiguous* or *external*.
:func:`follow_renumbering` rewrites the numbers of references whose items an
acceptance renumbered and lists those whose items it deleted.

Pure: documents in, references and documents out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Literal

from .frozen import frozen
from .ids import with_ids
from .model import Document
from .numbering import Item, Outline, outline, sub_numbers
from .operations import Dangling, ReferenceChange, Renumbered
from .parse import parse
from .text import lazy_pattern

Status = Literal["resolved", "dangling", "ambiguous", "external"]

# -- the words ------------------------------------------------------------------------------

#: Noun forms by the kind of unit they name. Plural-only forms are in _PLURAL.
_FORMS: dict[str, list[str]] = {
    "item": (
        # ru
        "пункт пункта пункту пунктом пункте пункты пунктов пунктам пунктами пунктах "
        # uk
        "пункті пункти пунктів "
        # en
        "paragraph paragraphs item items clause clauses point points"
    ).split(),
    "subitem": (
        "подпункт подпункта подпункту подпунктом подпункте подпункты подпунктов подпунктам "
        "подпунктами подпунктах "
        "підпункт підпункту підпунктом підпункті підпункти підпунктів підпунктам підпунктами "
        "підпунктах subparagraph subparagraphs subitem subitems"
    ).split(),
    "part": (
        "часть части частью частей частям частями частях "
        "частина частини частині частину частиною частин частинам частинами частинах "
        "part parts"
    ).split(),
    "article": (
        "статья статьи статье статью статьей статьёй статей статьям статьями статьях "
        "стаття статті статтю статтею статтям статтями статтях article articles"
    ).split(),
    "section": (
        "раздел раздела разделу разделом разделе разделы разделов разделам разделами "
        "разделах розділ розділу розділом розділі розділи розділів розділам розділами "
        "розділах section sections"
    ).split(),
    "chapter": (
        "глава главы главе главу главой главою глав главам главами главах глави главі "
        "chapter chapters"
    ).split(),
    "paragraph": (
        "абзац абзаца абзацу абзацем абзаце абзацы абзацев абзацам абзацами абзацах "
        "абзацом абзаці абзаци абзаців"
    ).split(),
}
_ABBREVIATIONS: dict[str, str] = {
    "п.": "item",
    "пп.": "subitem",
    "подп.": "subitem",
    "ч.": "part",
    "ст.": "article",
    "разд.": "section",
    "розд.": "section",
    "гл.": "chapter",
    "абз.": "paragraph",
    "para.": "item",
    "paras.": "item",
    "art.": "article",
    "sec.": "section",
}
_PLURAL = frozenset(
    (
        "пункты пунктов пунктам пунктами пунктах пункти пунктів подпункты подпунктов подпунктам "
        "подпунктами подпунктах підпункти підпунктів підпунктам підпунктами підпунктах частей "
        "частям частями частях частин частинам частинами частинах статей статьям статьями "
        "статьях статті статтям статтями статтях разделы разделов разделам разделами разделах "
        "розділи розділів розділам розділами розділах глав главам главами главах абзацы "
        "абзацев абзацам абзацами абзацах абзаци абзаців paragraphs items clauses points "
        "subparagraphs subitems parts articles sections chapters пп. paras."
    ).split()
)
_KIND_OF = {form: kind for kind, forms in _FORMS.items() for form in forms}
_KIND_OF.update(_ABBREVIATIONS)

#: The section words of :mod:`numbering` by the kind of unit they are.
_SECTION_KINDS = {
    "стаття": "article",
    "статья": "article",
    "article": "article",
    "розділ": "section",
    "раздел": "section",
    "section": "section",
    "глава": "chapter",
    "chapter": "chapter",
}

_APOSTROPHE = r"(?:\\?['ʼ’])?"
#: Ordinal words (ru, uk, en) by their stems; any case ending may follow.
_ORDINALS: tuple[tuple[str, int], ...] = (
    ("перв", 1),
    ("перш", 1),
    ("first", 1),
    ("втор", 2),
    ("друг", 2),
    ("second", 2),
    ("трет", 3),
    ("third", 3),
    ("четвёрт", 4),
    ("четверт", 4),
    ("fourth", 4),
    (f"п{_APOSTROPHE}ят", 5),
    ("fifth", 5),
    ("шест", 6),
    ("шост", 6),
    ("sixth", 6),
    ("седьм", 7),
    ("сьом", 7),
    ("seventh", 7),
    ("восьм", 8),
    ("eighth", 8),
    (f"дев{_APOSTROPHE}ят", 9),
    ("ninth", 9),
    ("десят", 10),
    ("tenth", 10),
    ("одиннадцат", 11),
    ("одинадцят", 11),
    ("двенадцат", 12),
    ("дванадцят", 12),
    ("тринадцат", 13),
    ("тринадцят", 13),
    ("четырнадцат", 14),
    ("чотирнадцят", 14),
    ("пятнадцат", 15),
    (f"п{_APOSTROPHE}ятнадцят", 15),
)
_ordinal_re = lazy_pattern(
    r"(?i)(?:"
    + "|".join(f"(?P<o{n}_{k}>{stem})" for k, (stem, n) in enumerate(_ORDINALS))
    + r")[а-яёіїєґa-z]{0,4}(?![\w])"
)

_WORD_CHARS = r"\wʼ'’"
#: The letters a noun of a reference starts with. Looked at before anything else, they
#: spare the search the long alternation at every other place of a text: a scan of a
#: whole law takes a fifth of the time, for the same matches.
_NOUN_STARTS = "".join(sorted({re.escape(form[0]) for form in _KIND_OF}))
_noun_re = lazy_pattern(
    rf"(?i)(?=[{_NOUN_STARTS}])(?<![\w.])(?P<noun>"
    + "|".join(
        re.escape(form) for form in sorted(_KIND_OF, key=len, reverse=True) if form.endswith(".")
    )
    + "|"
    + "|".join(form for form in sorted(_KIND_OF, key=len, reverse=True) if not form.endswith("."))
    + rf")(?:(?<=\.)|(?![{_WORD_CHARS}]))"
)
#: What may stand between the words of a reference: spaces and line breaks, and
#: the Markdown of a link around some of them ("[статті 5](#n27)").
_GAP = r"(?:[\s\u00a0]|\]\([^()\s]*\)|\[|\\(?=\n))+"
_gap_re = lazy_pattern(_GAP)
_number_re = lazy_pattern(
    r"(?P<n>\d{1,4}(?:\.\d{1,3})*(?:[ \u00a0]?-[ \u00a0]?\d{1,3})?)(?![\d\w])"
    r"|«(?P<q>[а-яґєіїa-z])»|\"(?P<d>[а-яґєіїa-z])\"|(?P<p>[а-яґєіїa-z])\)"
)
_and_re = lazy_pattern(
    rf"(?:\s*,{_GAP}?|{_GAP}(?:и|і|й|та|and|or|или|або){_GAP}|\s*,{_GAP}(?:и|і|та|and){_GAP})", re.I
)
_dash_re = lazy_pattern(r"[ \u00a0]*[–—][ \u00a0]*")
_to_re = lazy_pattern(rf"{_GAP}(?:по|до|to|through){_GAP}", re.I)
_from_re = lazy_pattern(rf"(?:с|з|від|from){_GAP}", re.I)
_this_re = lazy_pattern(
    rf"{_GAP}(?:настоящ(?:его|ей|ему|им|ая|ее|ий)|данн(?:ого|ой|ому|ым)|это(?:го|й|му)|"
    rf"ць(?:ого|ому)|ціє?ї|цій|цей|цю|цим|this|the present){_GAP}\w+",
    re.I,
)
_act_re = lazy_pattern(
    rf"{_GAP}(?:[^\W\d]+{_GAP})?[«\"“]?(?:закон|кодекс|конституц|постановлени|постанов|указ|положени|положенн|"
    r"регламент|конвенц|договор|угод|правил|інструкц|инструкц|розпорядженн|распоряжени|"
    r"наказ|приказ|декрет|act\b|code\b|constitution|regulation|convention|directive|treaty|"
    r"law\b|charter|protocol|протокол|резолюц|решени|рішенн)",
    re.I,
)

#: A link around the reference that leads out of the text ("[статті 31](/go/2456-17)").
_outward_link_re = lazy_pattern(r"[^\[\]\n]{0,40}\]\((?!#)[^()\s]+\)")
#: An official gazette's issue before an "ст." ("ВВР, 2011, № 32, ст. 314"): its page
#: (article) number, not this text's.
_gazette_re = lazy_pattern(r"№[ \u00a0]?\d+(?:-\d+)?[,;][ \u00a0]*$")


# -- what is found ------------------------------------------------------------------------------


@frozen
class Cited:
    """One number a reference cites, where it stands, and the item it names."""

    number: str  # as cited: "5", "2.1", "5-1", "а", "2" (for "второй")
    start: int  # its place in the clause's content
    end: int
    #: Written as a word ("второй", "першої"): followed, never rewritten.
    ordinal: bool = False
    #: The id of the clause it names (None: dangling, ambiguous or external).
    target: str | None = None
    status: Status = "dangling"


@frozen
class Reference:
    """A reference in a clause: "пунктами 3–5 настоящего решения"."""

    clause: str  # the id of the clause it stands in
    start: int  # its place in that clause's content
    end: int
    text: str
    kind: str  # "item", "subitem", "part", "article", "section", "chapter", "paragraph"
    #: The numbers the head noun cites ("3" and "5" of "пунктами 3–5").
    cited: tuple[Cited, ...]
    #: Whether the cited numbers are the ends of a range.
    range: bool = False
    #: The units that narrow it down, innermost first ("частини першої", "статті 4").
    within: tuple[Cited, ...] = ()
    #: Another document's items ("статті 5 Закону України …").
    external: bool = False

    @property
    def status(self) -> Status:
        """resolved (every cited number names an item here), external, ambiguous or
        dangling (some cited number names no item here)."""
        if self.external:
            return "external"
        statuses = {c.status for c in (*self.cited, *self.within)}
        if "dangling" in statuses:
            return "dangling"
        if "ambiguous" in statuses:
            return "ambiguous"
        return "resolved"


# -- finding ----------------------------------------------------------------------------------


def find_references(doc: Document, *, tree: Outline | None = None) -> list[Reference]:
    """Every reference in ``doc``, in reading order, resolved against its numbered items."""
    tree = tree or outline(doc)
    found = []
    for index, clause in enumerate(doc.clauses):
        item = tree.by_index.get(index)
        for raw in scan(clause.content):
            if item is not None and _names_itself(raw, item):
                continue
            found.append(_resolve(raw, doc, tree, index))
    return found


def _names_itself(raw: _Raw, item: Item) -> bool:
    """Whether a "reference" is the section word a clause opens with ("Стаття 5. …")."""
    e = item.enumerator
    return bool(e.keyword) and bool(raw.cited) and raw.cited[0][1] == e.start


@frozen
class _Raw:
    """A reference as :func:`scan` reads it in a text: where it stands, its noun's
    kind, and the numbers it cites, before they are looked up in the outline."""

    start: int
    end: int
    text: str
    kind: str
    plural: bool
    cited: tuple[tuple[str, int, int, bool], ...]
    range: bool
    within: tuple[tuple[str, str, int, int, bool], ...]  # kind, number, start, end, ordinal
    scope: Literal["this", "external", ""]


def scan(text: str) -> list[_Raw]:
    """The references in one clause's Markdown, unresolved (kept for the last clauses
    read: a decision reads the clauses it leaves as they are again for each acceptance)."""
    return list(_scan(text))


@lru_cache(maxsize=4096)
def _scan(text: str) -> tuple[_Raw, ...]:
    out: list[_Raw] = []
    pos = 0
    while True:
        m = _noun_re().search(text, pos)
        if m is None:
            return tuple(out)
        parsed = _parse_at(text, m)
        if parsed is None:
            pos = m.end()
            continue
        out.append(parsed)
        pos = parsed.end


def _parse_at(text: str, m: re.Match[str]) -> _Raw | None:
    noun = m.group("noun").lower()
    kind = _KIND_OF[noun]
    plural = noun in _PLURAL
    pos = m.end()
    gap = _gap_re().match(text, pos)
    if gap is None and not noun.endswith("."):
        return None
    pos = gap.end() if gap else pos
    start_from = _from_re().match(text, pos)
    if start_from is not None and plural:
        pos = start_from.end()
    first = _number(text, pos, kind)
    if first is None:
        return None
    cited = [first]
    is_range = False
    pos = first.after
    while True:
        dash = _dash_re().match(text, pos) or (
            _to_re().match(text, pos) if plural or start_from else None
        )
        sep = dash or _and_re().match(text, pos)
        if sep is None:
            break
        nxt = _number(text, sep.end(), kind)
        if nxt is None or nxt.word != first.word:
            break
        cited.append(nxt)
        is_range = is_range or dash is not None
        pos = nxt.after
    if len(cited) == 1 and plural:
        pair = _hyphen_range(first)
        if pair is not None:
            cited, is_range = pair, True
    # Qualifiers: "пункта 3", "частини першої", "статті 4".
    within: list[tuple[str, str, int, int, bool]] = []
    while True:
        gap = _gap_re().match(text, pos)
        if gap is None:
            break
        q = _noun_re().match(text, gap.end())
        if q is None:
            break
        qkind = _KIND_OF[q.group("noun").lower()]
        qgap = _gap_re().match(text, q.end())
        if qgap is None and not q.group("noun").endswith("."):
            break
        number = _number(text, qgap.end() if qgap else q.end(), qkind)
        if number is None:
            break
        within.append((qkind, number.number, number.start, number.end, number.word))
        pos = number.after
    scope: Literal["this", "external", ""] = ""
    if _this_re().match(text, pos):
        scope = "this"
    elif (
        _act_re().match(text, pos)
        or _outward_link_re().match(text, pos)
        or _gazette_re().search(text, max(0, m.start() - 16), m.start())
        or _quoted(text, m.start())
    ):
        scope = "external"
    return _Raw(
        start=m.start(),
        end=pos,
        text=text[m.start() : pos],
        kind=kind,
        plural=plural,
        cited=tuple((c.number, c.start, c.end, c.word) for c in cited),
        range=is_range,
        within=tuple(within),
        scope=scope,
    )


@frozen
class _Number:
    """One number a reference cites (in figures, a letter or an ordinal word)."""

    number: str
    start: int  # where the number itself stands
    end: int
    word: bool  # written as a word
    after: int  # where what follows it starts (after a closing quote or bracket)


def _number(text: str, pos: int, kind: str) -> _Number | None:
    """The number cited at ``pos``."""
    if kind in ("part", "paragraph", "article", "section"):
        o = _ordinal_re().match(text, pos)
        if o is not None:
            value = next(int(k[1:].split("_")[0]) for k, v in o.groupdict().items() if v)
            return _Number(str(value), o.start(), o.end(), True, o.end())
    n = _number_re().match(text, pos)
    if n is None:
        return None
    group = next(g for g in ("n", "q", "d", "p") if n.group(g))
    number = n.group(group).replace(" ", "").replace("\u00a0", "")
    return _Number(number, n.start(group), n.end(group), False, n.end())


def _hyphen_range(cited: _Number) -> list[_Number] | None:
    """ "пунктів 3-5" (after a plural noun, the second number larger) is a range;
    "статті 5-1" is a suffix number."""
    number = cited.number
    if cited.word or "-" not in number or "." in number:
        return None
    a, b = number.split("-", 1)
    if int(b) <= int(a):
        return None
    first = _Number(a, cited.start, cited.start + len(a), False, cited.start + len(a))
    second = _Number(b, cited.end - len(b), cited.end, False, cited.after)
    return [first, second]


def _quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` stands inside quotation marks («…», "…", “…”): quoted text
    is another text's words (an amendment to another act, a title)."""
    before = text[:pos].replace('\\"', '"')
    return (
        before.count("«") > before.count("»")
        or before.count("“") > before.count("”")
        or before.count('"') % 2 == 1
    )


# -- resolving --------------------------------------------------------------------------------


def _resolve(raw: _Raw, doc: Document, tree: Outline, index: int) -> Reference:
    clause_id = doc.clauses[index].id or str(index)
    external = raw.scope == "external"
    context = _context(tree, index)
    within: list[Cited] = []
    scope_items: list[Item] | None = None
    # The qualifiers, outermost first, each within the one before.
    for kind, number, start, end, word in reversed(raw.within):
        if external:
            within.append(Cited(number, start, end, word, None, "external"))
            continue
        hits = _candidates(doc, tree, kind, number, scope_items)
        target, status = _pick(hits, context)
        within.append(Cited(number, start, end, word, target.id if target else None, status))
        scope_items = [target] if target is not None else scope_items
    within.reverse()
    cited = []
    for number, start, end, word in raw.cited:
        if external:
            cited.append(Cited(number, start, end, word, None, "external"))
            continue
        if raw.kind == "paragraph":
            target, status = _paragraph(doc, tree, number, scope_items, index)
        else:
            hits = _candidates(doc, tree, raw.kind, number, scope_items)
            target, status = _pick(hits, context)
        cited.append(Cited(number, start, end, word, target.id if target else None, status))
    return Reference(
        clause=clause_id,
        start=raw.start,
        end=raw.end,
        text=raw.text,
        kind=raw.kind,
        cited=tuple(cited),
        range=raw.range,
        within=tuple(within),
        external=external,
    )


def _context(tree: Outline, index: int) -> tuple[Item, ...]:
    """The items the clause at ``index`` stands in, outermost first (itself too)."""
    item = tree.by_index.get(index) or tree.owner.get(index)
    return item.path() if item is not None else ()


def _kind_fits(item: Item, kind: str) -> bool:
    keyword = item.enumerator.keyword
    if kind in ("article", "section", "chapter"):
        return _SECTION_KINDS.get(keyword) == kind
    return not keyword


def _candidates(
    doc: Document, tree: Outline, kind: str, number: str, scope: list[Item] | None
) -> list[Item]:
    hits = [item for item in tree.by_number.get(number, ()) if _kind_fits(item, kind)]
    if scope is None and kind == "item":
        # "пункт 1" names item 1, not the sub-item 1 of another item (cited "2.1"),
        # which is a "подпункт"; within a unit named after it, the number as written counts.
        exact = [h for h in hits if h.cited() == number]
        hits = exact or hits
    if not hits and "." in number and kind in ("item", "subitem"):
        hits = _holders(doc, tree, number)
    if scope is not None:
        hits = [h for h in hits if any(a in scope for a in h.path()[:-1])]
        # The units directly inside the one named before: "пункт 2 частини першої" is an
        # item of part 1, not an item of an item of it.
        direct = [h for h in hits if h.parent in scope]
        return direct or hits
    return hits


def _holders(doc: Document, tree: Outline, number: str) -> list[Item]:
    """The items that hold sub-item ``number`` ("2.1") written inside their own clause
    (:func:`~resolution_vcs.numbering.sub_numbers`): a reference to it names them."""
    hits = []
    for item in tree.items.values():
        cited = item.cited()
        if not item.enumerator.keyword and number.startswith(cited + "."):
            if number in sub_numbers(doc.clauses[item.index].content, cited):
                hits.append(item)
    return hits


def _pick(hits: list[Item], context: tuple[Item, ...]) -> tuple[Item | None, Status]:
    """The nearest of the items a number may name: the one whose place shares most
    with the reference's own (the same article, the same part …); then the one
    nested least deep."""
    if not hits:
        return None, "dangling"
    if len(hits) == 1:
        return hits[0], "resolved"
    context_ids = [c.id for c in context]

    def closeness(item: Item) -> tuple[int, int]:
        path = [p.id for p in item.path()[:-1]]
        shared = 0
        for a, b in zip(path, context_ids, strict=False):
            if a != b:
                break
            shared += 1
        return shared, -len(path)

    ranked = sorted(hits, key=closeness, reverse=True)
    if closeness(ranked[0]) == closeness(ranked[1]):
        return None, "ambiguous"
    return ranked[0], "resolved"


def _paragraph(
    doc: Document, tree: Outline, number: str, scope: list[Item] | None, index: int
) -> tuple[Item | None, Status]:
    """An "абзац" of an item: the item's own text is the first, then its paragraphs.
    Paragraphs are not renumbered, so the item stands for them."""
    owner = scope[0] if scope else (tree.by_index.get(index) or tree.owner.get(index))
    if owner is None or not number.isdigit():
        return None, "ambiguous"
    own = doc.clauses[owner.index].content
    blocks = sum(1 for block in re.split(r"\n[ \t]*\n", own) if block.strip())
    if int(number) <= blocks + len(owner.paragraphs):
        return owner, "resolved"
    return None, "dangling"


# -- following a renumbering ----------------------------------------------------------------------


def follow_renumbering(
    before: Document,
    after: Document,
    renumbered: Sequence[Renumbered],
    *,
    written: Collection[str] = (),
    subitems: bool = True,
) -> tuple[Document, tuple[ReferenceChange, ...], tuple[Dangling, ...]]:
    """References in ``after`` that cite items an acceptance renumbered, rewritten
    to the new numbers; and those that cite items it deleted (left as they are).

    References are resolved against ``before`` (the text the amendment was
    accepted into); the clauses in ``written`` (what the amendment itself
    wrote) are its proposer's words and are never rewritten. Numbers written as
    words ("частини першої") are not rewritten either. References to sub-items
    written inside an item's clause ("подпункт 2.1" of item 2) follow the item
    unless ``subitems`` is False.
    """
    old_tree = outline(before)
    deleted = {i.id for i in old_tree.items.values()} - {c.id for c in after.clauses}
    new_numbers = {r.clause: r.new for r in renumbered}
    if not new_numbers and not deleted:
        return after, (), ()
    new_tree = outline(after)
    changes: list[ReferenceChange] = []
    dangling: list[Dangling] = []
    texts: dict[str, str] = {}
    for clause in after.clauses:
        if clause.id in written or before.get(clause.id) is None:
            continue
        old_index = before.index_of(clause.id)
        edits: list[tuple[int, int, str]] = []
        for raw in scan(clause.content):
            ref = _resolve(raw, before, old_tree, old_index)
            if ref.external:
                continue
            for c in (*ref.cited, *ref.within):
                if c.target in deleted:
                    dangling.append(Dangling(clause.id, ref.text, c.number, c.target or ""))
                elif c.target in new_numbers and not c.ordinal:
                    new = _followed(c, old_tree, new_tree, new_numbers, subitems)
                    if new is not None:
                        edits.append((c.start, c.end, new))
        if not edits:
            continue
        content = clause.content
        for start, end, new in sorted(edits, reverse=True):
            content = content[:start] + new + content[end:]
        texts[clause.id] = content
        for raw_old, raw_new in _changed_references(clause.content, content):
            changes.append(ReferenceChange(clause.id, raw_old, raw_new))
    if not texts:
        return after, (), tuple(dangling)
    rewritten = _with_contents(after, texts)
    return rewritten, tuple(changes), tuple(dangling)


def _followed(
    cited: Cited,
    old_tree: Outline,
    new_tree: Outline,
    new_numbers: Mapping[str, str],
    subitems: bool,
) -> str | None:
    """The number a cited item is cited by after a renumbering, or None when it stays:
    the item's new number; for a sub-item written inside its item ("2.1" of item 2,
    :func:`_holders`), the item's new number and the sub-item's own part ("3.1")."""
    target = cited.target or ""
    item = new_tree.item(target)
    new = item.cited() if item is not None else new_numbers[target]
    was = old_tree.item(target)
    old = was.cited() if was is not None else cited.number
    if subitems and cited.number != old and cited.number.startswith(old + "."):
        new += cited.number[len(old) :]
    if new != cited.number and len(new.split(".")) == len(cited.number.split(".")):
        return new
    return None


def _changed_references(old: str, new: str) -> Iterable[tuple[str, str]]:
    """The references of a clause before and after its numbers were rewritten,
    those that changed (the same references in the same order on both sides)."""
    for a, b in zip(scan(old), scan(new), strict=False):
        if a.text != b.text:
            yield a.text, b.text


def _with_contents(doc: Document, contents: Mapping[str, str]) -> Document:
    parts = [doc.preamble]
    for clause in doc.clauses:
        if clause.id in contents:
            clause = replace(clause, content=contents[clause.id])
        parts.append(clause.source)
    parts.append(doc.epilogue)
    result = parse("".join(parts))
    assert len(result.clauses) == len(doc.clauses)  # digits for digits: the same blocks
    return with_ids(result, [c.id for c in doc.clauses], doc.retired)
