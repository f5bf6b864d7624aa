"""Where an instruction points: a clause as drafters cite it, and back.

A clause's label ("5", "2.1", "¶12", "¶12.2", "3¶2") says where it stands; the
drafting language says the same in words, in the grammatical case the sentence
needs:

    label     Russian                                   English
    5         пункт 5 / в пункте 5                      paragraph 5
    2.1       подпункт 2.1                              subparagraph 2.1
    ¶12       абзац двенадцатый / в абзаце двенадцатом  the twelfth paragraph
    ¶2        заголовок «РЕЗОЛЮЦИЯ» (a heading)         the heading “РЕЗОЛЮЦИЯ”
    ¶12.2     абзац второй перечня после абзаца         the second indent of the list
              двенадцатого (a bullet)                   after the twelfth paragraph
    3.2       абзац второй перечня пункта 3             the second indent of paragraph 3
    3¶2       абзац второй пункта 3                     the second subparagraph of paragraph 3
    ¶12.3     пункт 3 перечня после абзаца двенадцатого item 3 of the list after …

Unnumbered paragraphs are counted as the labels count them (every top-level
block, headings too: what ``resvcs clauses`` shows), and cited with ordinal
words, as Russian and Ukrainian drafting cites "абзацы". Bullets are the
"абзацы" (English: indents) of the list they belong to, counted from the
first bullet. A heading is cited by its words when no other heading has the
same; a label that only a "#2" makes unique is cited as it is ("положение
¶15.1#2").

:class:`Cite` is the structure both ways: :func:`cite_of` makes it from a
clause, :func:`phrase` says it, :func:`read_place` reads it from words and
:func:`find` finds the clause it names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from ..errors import AmbiguousError, NotFoundError
from ..frozen import frozen
from ..model import Clause, ClauseKind, Document
from .ordinals import Case, may_be_ordinal_word, ordinal, ordinal_value

CiteKind = Literal["item", "subitem", "paragraph", "heading", "indent", "provision"]
Relation = Literal["", "after", "of", "start"]


@frozen
class Cite:
    """A clause as the drafting language names it."""

    kind: CiteKind
    #: Number of an item ("5", "2.1"), or the label of a provision.
    number: str = ""
    #: Position of a paragraph or indent, from 1.
    ordinal: int = 0
    #: The words of a heading.
    text: str = ""
    #: What the clause belongs to: the paragraph its list follows ("after"),
    #: the item it is part of ("of"); "start": a list at the start of the text.
    owner: Cite | None = None
    relation: Relation = ""


# -- words ---------------------------------------------------------------------------------

#: Nouns by language and kind, in the cases nom, gen, ins, loc; then plural nom, gen, ins.
NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "item": ("пункт", "пункта", "пунктом", "пункте", "пункты", "пунктов", "пунктами"),
        "subitem": (
            "подпункт",
            "подпункта",
            "подпунктом",
            "подпункте",
            "подпункты",
            "подпунктов",
            "подпунктами",
        ),
        "paragraph": ("абзац", "абзаца", "абзацем", "абзаце", "абзацы", "абзацев", "абзацами"),
        "heading": (
            "заголовок",
            "заголовка",
            "заголовком",
            "заголовке",
            "заголовки",
            "заголовков",
            "заголовками",
        ),
        "provision": (
            "положение",
            "положения",
            "положением",
            "положении",
            "положения",
            "положений",
            "положениями",
        ),
    },
    "uk": {
        "item": ("пункт", "пункту", "пунктом", "пункті", "пункти", "пунктів", "пунктами"),
        "subitem": (
            "підпункт",
            "підпункту",
            "підпунктом",
            "підпункті",
            "підпункти",
            "підпунктів",
            "підпунктами",
        ),
        "paragraph": ("абзац", "абзацу", "абзацом", "абзаці", "абзаци", "абзаців", "абзацами"),
        "heading": (
            "заголовок",
            "заголовка",
            "заголовком",
            "заголовку",
            "заголовки",
            "заголовків",
            "заголовками",
        ),
        "provision": (
            "положення",
            "положення",
            "положенням",
            "положенні",
            "положення",
            "положень",
            "положеннями",
        ),
    },
}
_CASE_INDEX = {"nom": 0, "gen": 1, "ins": 2, "loc": 3}

#: "of the list after", "of the list of", "of the list at the start of the text".
_LIST_WORDS = {
    "ru": ("перечня после", "перечня", "перечня в начале текста"),
    "uk": ("переліку після", "переліку", "переліку на початку тексту"),
}

#: Abbreviations people write for the nouns.
ABBREVIATIONS = {
    "п.": "пункт",
    "пп.": "подпункт",
    "абз.": "абзац",
    "para.": "paragraph",
    "subpara.": "subparagraph",
}

Quote = Callable[[str], str]


def noun(kind: str, lang: str, case: Case = "nom", plural: bool = False) -> str:
    """The noun for a kind of clause: noun("item", "ru", "loc") == "пункте"."""
    forms = NOUNS[lang][kind]
    if plural:
        return forms[{"nom": 4, "gen": 5, "ins": 6, "loc": 6}[case]]
    return forms[_CASE_INDEX[case]]


# -- a clause as a Cite --------------------------------------------------------------------


def cite_of(doc: Document, clause: Clause) -> Cite:
    """How the drafting language names ``clause`` of ``doc``."""
    label = clause.label
    if "#" in label or not label:
        return Cite("provision", number=label or clause.id)
    if clause.kind is ClauseKind.ITEM and label == clause.number and _is_number(label):
        return Cite("subitem" if "." in label else "item", number=label)
    if label.startswith("¶") and label[1:].isdigit():
        k = int(label[1:])
        if clause.kind is ClauseKind.HEADING and _unique_heading(doc, clause):
            return Cite("heading", text=_heading_text(clause), ordinal=k)
        return Cite("paragraph", ordinal=k)
    if label.startswith("•") and label[1:].isdigit():
        return Cite("indent", ordinal=int(label[1:]), relation="start")
    cut = max(label.rfind("."), label.rfind("¶"))
    owner_label, last = label[:cut], label[cut + 1 :]
    owner = doc.get(_id_of(doc, owner_label)) if cut > 0 and last.isdigit() else None
    if owner is None:
        return Cite("provision", number=label)
    owner_cite = cite_of(doc, owner)
    if label[cut] == "¶":
        return Cite("paragraph", ordinal=int(last), owner=owner_cite, relation="of")
    top_paragraph = owner.kind is not ClauseKind.ITEM and owner.parent is None
    relation: Relation = "after" if top_paragraph else "of"
    if _ordered(clause):
        return Cite("item", number=last, owner=owner_cite, relation=relation)
    return Cite("indent", ordinal=int(last), owner=owner_cite, relation=relation)


def _id_of(doc: Document, label: str) -> str:
    try:
        return doc.find(label).id
    except (NotFoundError, AmbiguousError):
        return ""


def _is_number(text: str) -> bool:
    return bool(text) and all(part.isdigit() for part in text.split("."))


def _ordered(clause: Clause) -> bool:
    marker = clause.prefix.strip()
    return marker[:1].isdigit()


def _heading_text(clause: Clause) -> str:
    return " ".join(clause.text.split())


_headings_of: tuple[Document | None, dict[str, int]] = (None, {})


def _unique_heading(doc: Document, clause: Clause) -> bool:
    """Whether no other heading of ``doc`` reads the same (and the words are short
    enough to cite)."""
    global _headings_of
    if _headings_of[0] is not doc:
        counts: dict[str, int] = {}
        for c in doc.clauses:
            if c.kind is ClauseKind.HEADING:
                key = _heading_text(c).casefold()
                counts[key] = counts.get(key, 0) + 1
        _headings_of = (doc, counts)
    text = _heading_text(clause)
    return 0 < len(text) <= 120 and _headings_of[1].get(text.casefold()) == 1


# -- a Cite in words -----------------------------------------------------------------------


def phrase(cite: Cite, lang: str, case: Case, quote: Quote) -> str:
    """``cite`` in words, in ``case`` (English has none)."""
    if lang == "en":
        return _english(cite, quote)
    kind = cite.kind
    if kind in ("item", "subitem", "provision"):
        head = f"{noun(kind, lang, case)} {cite.number}"
    elif kind == "heading":
        head = f"{noun('heading', lang, case)} {quote(cite.text)}"
    else:
        head = f"{noun('paragraph', lang, case)} {ordinal(cite.ordinal, lang, case)}"
    return head + _owner_words(cite, lang, quote)


def _owner_words(cite: Cite, lang: str, quote: Quote) -> str:
    after, of, start = _LIST_WORDS[lang]
    if cite.relation == "start":
        return f" {start}"
    if cite.owner is None:
        return ""
    owner = phrase(cite.owner, lang, "gen", quote)
    if cite.kind == "paragraph":  # a paragraph of an item: "абзац второй пункта 3"
        return f" {owner}"
    return f" {after if cite.relation == 'after' else of} {owner}"


def _english(cite: Cite, quote: Quote) -> str:
    kind = cite.kind
    if kind == "heading":
        return f"the heading {quote(cite.text)}"
    if kind == "provision":
        return f"provision {cite.number}"
    if cite.relation == "start":
        return f"the {ordinal(cite.ordinal, 'en')} indent at the beginning of the text"
    owner = _english(cite.owner, quote) if cite.owner is not None else ""
    if kind == "indent":
        link = "of the list after" if cite.relation == "after" else "of"
        return f"the {ordinal(cite.ordinal, 'en')} indent {link} {owner}"
    if kind == "paragraph":
        if cite.owner is not None:
            return f"the {ordinal(cite.ordinal, 'en')} subparagraph of {owner}"
        return f"the {ordinal(cite.ordinal, 'en')} paragraph"
    if cite.owner is not None:
        link = "after" if cite.relation == "after" else "of"
        return f"item {cite.number} of the list {link} {owner}"
    return f"{'subparagraph' if kind == 'subitem' else 'paragraph'} {cite.number}"


# -- words as a Cite -----------------------------------------------------------------------


class PlaceError(ValueError):
    """Words that name no place."""


def read_place(words: list[str], lang: str, quotes: list[str], limit: int) -> Cite:
    """The place named by ``words`` (folded words of a sentence; quoted text is a
    placeholder "@N" for ``quotes[N]``), in any case; PlaceError if they
    name none. ``limit`` bounds the ordinals tried (the document's length)."""
    cite, rest = _read(words, lang, quotes, limit)
    if rest:
        raise PlaceError(" ".join(rest))
    return cite


def _read(words: list[str], lang: str, quotes: list[str], limit: int) -> tuple[Cite, list[str]]:
    if not words:
        raise PlaceError("")
    words = [ABBREVIATIONS.get(w, w) for w in words]
    if lang == "en":
        cite, rest = _read_english_head(words, quotes, limit)
    else:
        cite, rest = _read_head(words, lang, quotes, limit)
    cite, rest = _read_owner(cite, rest, lang, quotes, limit)
    # An indent belongs to a list; a paragraph follows nothing.
    if (cite.kind == "indent" and not cite.relation) or (
        cite.kind in ("paragraph", "heading", "provision") and cite.relation == "after"
    ):
        raise PlaceError(" ".join(words))
    return cite, rest


def _kind_of_noun(word: str, lang: str) -> str | None:
    for kind, forms in NOUNS[lang].items():
        if word in forms:
            return kind
    return None


def _read_head(
    words: list[str], lang: str, quotes: list[str], limit: int
) -> tuple[Cite, list[str]]:
    first = words[0]
    if first[:1] in ("¶", "•") or (first[:1].isdigit() and len(words) == 1):
        return Cite("provision", number=first), words[1:]
    kind = _kind_of_noun(first, lang)
    if kind is None or len(words) < 2:
        raise PlaceError(" ".join(words))
    second = words[1]
    if kind in ("item", "subitem"):
        if not _is_number(second.rstrip(".")):
            raise PlaceError(" ".join(words))
        return Cite(kind, number=second.rstrip(".")), words[2:]  # type: ignore[arg-type]
    if kind == "provision":
        return Cite("provision", number=second), words[2:]
    if kind == "heading":
        if not second.startswith("@"):
            raise PlaceError(" ".join(words))
        return Cite("heading", text=quotes[int(second[1:])]), words[2:]
    # a paragraph: "абзац двенадцатый", "абзац 12", "абзац ¶12"
    if second.lstrip("¶").isdigit():
        return Cite("paragraph", ordinal=int(second.lstrip("¶"))), words[2:]
    n, used = _ordinal_words(words[1:], lang, limit)
    if n is None:
        raise PlaceError(" ".join(words))
    return Cite("paragraph", ordinal=n), words[1 + used :]


def _ordinal_words(words: list[str], lang: str, limit: int) -> tuple[int | None, int]:
    """The longest run of words at the start that reads as an ordinal."""
    run = 0
    while run < len(words) and run < 8 and may_be_ordinal_word(words[run], lang):
        run += 1
    for size in range(run, 0, -1):
        n = ordinal_value(" ".join(words[:size]), lang, limit)
        if n is not None:
            return n, size
    return None, 0


def _read_owner(
    cite: Cite, rest: list[str], lang: str, quotes: list[str], limit: int
) -> tuple[Cite, list[str]]:
    if not rest:
        return cite, rest
    if lang == "en":
        return _read_english_owner(cite, rest, quotes, limit)
    after, of, start = (w.split() for w in _LIST_WORDS[lang])
    as_indent = "indent" if cite.kind == "paragraph" else cite.kind
    if rest[: len(start)] == start:
        return _with(cite, as_indent, None, "start"), rest[len(start) :]
    if rest[: len(after)] == after:
        owner, left = _read(rest[len(after) :], lang, quotes, limit)
        return _with(cite, as_indent, owner, "after"), left
    if rest[: len(of)] == of:
        owner, left = _read(rest[len(of) :], lang, quotes, limit)
        return _with(cite, as_indent, owner, "of"), left
    if _kind_of_noun(rest[0], lang) is not None:  # "абзац второй пункта 3", "подпункт 1 пункта 2"
        owner, left = _read(rest, lang, quotes, limit)
        return _with(cite, cite.kind, owner, "of"), left
    return cite, rest


def _with(cite: Cite, kind: str, owner: Cite | None, relation: Relation) -> Cite:
    return Cite(
        kind,  # type: ignore[arg-type]
        number=cite.number,
        ordinal=cite.ordinal or (int(cite.number) if cite.number.isdigit() else 0),
        text=cite.text,
        owner=owner,
        relation=relation,
    )


_EN_NOUNS = {
    "paragraph": "paragraph",
    "paragraphs": "paragraph",
    "subparagraph": "subparagraph",
    "subparagraphs": "subparagraph",
    "item": "item",
    "items": "item",
    "indent": "indent",
    "provision": "provision",
    "clause": "item",
}


def _read_english_head(words: list[str], quotes: list[str], limit: int) -> tuple[Cite, list[str]]:
    if words[0] == "the":
        words = words[1:]
    if not words:
        raise PlaceError("")
    first = words[0]
    if first[:1] in ("¶", "•") or (first[:1].isdigit() and len(words) == 1):
        return Cite("provision", number=first), words[1:]
    if first == "heading" and len(words) > 1 and words[1].startswith("@"):
        return Cite("heading", text=quotes[int(words[1][1:])]), words[2:]
    kind = _EN_NOUNS.get(first)
    if kind is not None and len(words) > 1:
        number = words[1].rstrip(".")
        if kind == "provision":
            return Cite("provision", number=number), words[2:]
        if number.startswith("¶") and number[1:].isdigit():
            return Cite("paragraph", ordinal=int(number[1:])), words[2:]
        if _is_number(number):
            if kind == "paragraph" and "." in number:
                kind = "subitem"
            mapped = {"paragraph": "item", "subparagraph": "subitem", "item": "item"}
            return Cite(mapped.get(kind, "item"), number=number), words[2:]  # type: ignore[arg-type]
    n, used = _ordinal_words(words, "en", limit)
    if n is None or used >= len(words):
        raise PlaceError(" ".join(words))
    noun_word = _EN_NOUNS.get(words[used])
    if noun_word == "indent":
        return Cite("indent", ordinal=n), words[used + 1 :]
    if noun_word in ("paragraph", "subparagraph"):
        return Cite("paragraph", ordinal=n), words[used + 1 :]
    raise PlaceError(" ".join(words))


def _read_english_owner(
    cite: Cite, rest: list[str], quotes: list[str], limit: int
) -> tuple[Cite, list[str]]:
    start = "at the beginning of the text".split()
    if rest[: len(start)] == start:
        return _with(cite, "indent", None, "start"), rest[len(start) :]
    for words, relation in (
        (["of", "the", "list", "after"], "after"),
        (["of", "the", "list", "of"], "of"),
        (["after"], "after"),
        (["of"], "of"),
    ):
        if rest[: len(words)] == words:
            owner, left = _read(rest[len(words) :], "en", quotes, limit)
            return _with(cite, cite.kind, owner, relation), left  # type: ignore[arg-type]
    return cite, rest


# -- a Cite in the document -----------------------------------------------------------------


def label_for(doc: Document, cite: Cite) -> str:
    """The label of the clause ``cite`` names in ``doc`` (it may not exist)."""
    kind = cite.kind
    if kind == "provision":
        return cite.number
    if kind == "heading":
        text = " ".join(cite.text.split()).casefold()
        found = [c for c in doc.clauses if c.kind is ClauseKind.HEADING]
        hits = [c for c in found if _heading_text(c).casefold() == text]
        return hits[0].label if len(hits) == 1 else f"heading:{cite.text}"
    if cite.relation == "start":
        return f"•{cite.ordinal}"
    if cite.owner is None:
        if kind in ("item", "subitem"):
            return cite.number
        return f"¶{cite.ordinal}"
    owner = label_for(doc, cite.owner)
    if kind == "paragraph":
        return owner if cite.ordinal == 1 else f"{owner}¶{cite.ordinal}"
    number = cite.number if kind in ("item", "subitem") else str(cite.ordinal)
    return f"{owner}.{number}"


def find(doc: Document, cite: Cite) -> Clause:
    """The clause ``cite`` names; NotFoundError (or AmbiguousError) if none."""
    label = label_for(doc, cite)
    try:
        return doc.find(label)
    except NotFoundError:
        # "пункт 3 перечня после абзаца двенадцатого" where that list's 3 is labelled "3".
        if cite.kind == "item" and cite.owner is not None:
            return doc.find(cite.number)
        raise
