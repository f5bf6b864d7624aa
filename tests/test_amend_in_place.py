"""Words reworded inside lines are applied without parsing, exactly as a parse reads them.

:func:`resolution_vcs.reparse.reworded_in_place` makes a clause's new reading from the
clause alone when only words inside lines changed, each line keeping what gives it its
structure; :func:`resolution_vcs.amend.apply` takes it so for a rewording, and parses only
otherwise. Generated edits over the law's versions, the seed and a text with every kind
of block: words, digits and spaces between letters of paragraphs, items and headings
(which must be taken without a parse), and edits next to or making Markdown's marks
(``*``, ``_``, `````, ``[``, ``<``, ``&``, line starts, list markers, heading underlines,
table cells, trailing spaces and backslashes), which may be taken only where the result
is what parsing the whole text gives.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from resolution_vcs import amend
from resolution_vcs.amend import apply
from resolution_vcs.ids import assign_ids, with_ids
from resolution_vcs.importers import import_text
from resolution_vcs.model import Clause, ClauseKind, Document
from resolution_vcs.operations import Operation, OpKind
from resolution_vcs.parse import has_words, parse
from resolution_vcs.reparse import reworded_in_place

from .conftest import CORPUS, SEED

#: Every kind of block, nested lists, a table, layout lines, inline marks, Cyrillic.
MIXED = """# Резолюция о *модельных* библиотеках

[]{#n1}
Вступительный абзац с [ссылкой](https://example.org), `кодом` и **важными** словами,
который идёт на вторую строку и кончается жёстким переносом\\
и ещё одной строкой.

1. Первый пункт о библиотеках.
   - подпункт один с _подчёркиванием_;
   - подпункт два &amp; три.

   Абзац внутри пункта после списка, длинный, на
   две строки.
2. Второй пункт: обеспечить доступ к фондам.
3. Третий пункт
   продолжается здесь.
   1. вложенный пункт номер один;
   2. вложенный пункт номер два.

Заголовок второго уровня
------------------------

## Раздел второй о фондах ##

### Подраздел с `кодом` и словами ###\x20\x20

Абзац между списками, где 2. не начинает список.
Строка, за которой идёт ещё одна строка текста.

| Колонка один | Колонка два |
|---|---|
| ячейка | другая ячейка |

- маркер первый;
- маркер второй с <span class="x">тегом</span> внутри.

> Цитата в конце, с продолжением
> на второй строке.

```
код внутри ограждения
```

<div>
Блок HTML со словами.
</div>

Последний абзац документа.
"""


def _documents() -> dict[str, Document]:
    texts = {
        "mixed": MIXED,
        "seed": import_text(SEED.read_text(encoding="utf-8")).markdown,
        "law-first": CORPUS[0].read_text(encoding="utf-8"),
        "law-last": CORPUS[-1].read_text(encoding="utf-8"),
    }
    return {name: assign_ids(parse(text)) for name, text in texts.items()}


DOCUMENTS = _documents()

#: What an inert edit puts between two letters: letters (Latin, Cyrillic, Greek), digits
#: and spaces inside.
INERT = ("a", "ж", "Ω", "7", "x9", "слово", "два слова", "", "A1b2", "ёЁ")
#: What a near-inert edit puts somewhere in a clause's lines.
NEAR = (
    "*",
    "**",
    "_",
    "`",
    "```",
    "[",
    "]",
    "](x)",
    "<",
    "<div>",
    "</span>",
    ">",
    "&",
    "&amp;",
    "&#10;",
    "{",
    "}",
    "{#a}",
    "|",
    "\\",
    "  ",
    "\t",
    "#",
    " #",
    " ##",
    "# ",
    "1. ",
    "- ",
    "* ",
    "]:",
    "]: /url",
    "\n",
    "\n- ",
    "\n1. ",
    "\n2. ",
    "\n===",
    "\n---",
    "\n> ",
    "\n    ",
    "\n|---|",
    "\0",
    "\r",
    "\u00a0",
    "\u2028",
    "²",
    "١",
    "a_b",
    " ",
    "слово",
)


@dataclass(frozen=True)
class Edit:
    index: int  # of the clause
    source: str  # its new source
    inert: bool  # letters, digits or inner spaces between two letters after a line's first


def _body_lines(clause: Clause) -> list[tuple[int, str]]:
    """(offset in the clause's source, line) of each line of the clause's body."""
    found = []
    at = len(clause.lead)
    for line in clause.body.split("\n"):
        found.append((at, line))
        at += len(line) + 1
    return [(at, line) for at, line in found if line]


def _eligible(clause: Clause) -> bool:
    """A clause whose words a parse would give as its own Markdown, or a heading written
    with hashes, with no link reference definition in it: an inert edit of it needs no
    parse."""
    if "]:" in clause.source:
        return False
    if clause.kind is ClauseKind.HEADING:
        return clause.content.startswith("#") and "\n" not in clause.content
    return clause.kind in (ClauseKind.PARAGRAPH, ClauseKind.ITEM) and clause.parts == (
        ("inline", (clause.content,)),
    )


def _inert_edit(rng: random.Random, k: int, clause: Clause) -> Edit | None:
    """Letters, digits or spaces put between two letters of a line, after its first
    letter: inert when the line's words start with a letter and it has no "|"."""
    places: list[int] = []
    for line_at, line in _body_lines(clause):
        if "|" in line or "\r" in line:
            continue
        offset = len(clause.prefix) if line_at == len(clause.lead) else 0
        words = line[offset:].lstrip(" \t")
        if clause.kind is ClauseKind.HEADING:
            words = words.lstrip("#").lstrip(" \t")
        first = len(line) - len(words)
        if not words[:1].isalpha():
            continue
        places.extend(
            line_at + p
            for p in range(first + 2, len(line))
            if line[p - 1].isalpha() and line[p].isalpha()
        )
    if not places:
        return None
    at = rng.choice(places)
    cut = rng.choice((0, 0, 1))  # sometimes replace a letter after the place
    if not clause.source[at + cut : at + cut + 1].isalpha():
        cut = 0
    new = clause.source[:at] + rng.choice(INERT) + clause.source[at + cut :]
    if new == clause.source:
        return None
    body = (("inline", (new[len(clause.lead) + len(clause.prefix) :],)),)
    visible = clause.kind is ClauseKind.ITEM or has_words(body)
    return Edit(k, new, inert=_eligible(clause) and visible)


def _near_edit(rng: random.Random, k: int, clause: Clause) -> Edit | None:
    """A mark put anywhere in the body: at a line's start or end, inside a word, or in
    place of a few characters."""
    lines = _body_lines(clause)
    if not lines:
        return None
    line_at, line = rng.choice(lines)
    p = rng.choice((0, len(line), rng.randrange(len(line) + 1), rng.randrange(len(line) + 1)))
    cut = rng.choice((0, 0, 1, 2))
    at = line_at + p
    end = min(at + cut, line_at + len(line))
    new = clause.source[:at] + rng.choice(NEAR) + clause.source[end:]
    return None if new == clause.source else Edit(k, new, inert=False)


def _edits(doc: Document, seed: int, near: bool) -> Iterator[Edit]:
    """One edit for each of up to 40 clauses of ``doc``, chosen by ``seed``."""
    rng = random.Random(seed)
    chosen = rng.sample(range(len(doc.clauses)), min(40, len(doc.clauses)))
    for k in sorted(chosen):
        clause = doc.clauses[k]
        edit = (_near_edit if near else _inert_edit)(rng, k, clause)
        if edit is not None:
            yield edit


def _with_sources(doc: Document, sources: dict[int, str]) -> str:
    return (
        doc.preamble
        + "".join(sources.get(k, c.source) for k, c in enumerate(doc.clauses))
        + doc.epilogue
    )


def _fields(doc: Document) -> list[object]:
    """Every field of every clause (also those equality leaves aside), and the text's ends."""
    return [doc.preamble, doc.epilogue] + [
        (c, c.parts, c.refs, c.source, c.text) for c in doc.clauses
    ]


def _as_parsed(doc: Document, text: str) -> Document:
    """The whole text parsed, with the clauses' ids given in the same order."""
    whole = parse(text)
    assert len(whole.clauses) == len(doc.clauses)
    return with_ids(whole, [c.id for c in doc.clauses], doc.retired)


@pytest.mark.parametrize("name", list(DOCUMENTS))
@pytest.mark.parametrize("near", [False, True], ids=["inert", "near-inert"])
def test_clauses_reworded_in_place_are_what_a_whole_parse_gives(name: str, near: bool) -> None:
    """Each edit the clause alone is trusted to read (all of them together, in one text)
    gives the clauses of a parse of the whole text, field for field; every inert edit of
    a paragraph or item whose words are its Markdown is trusted."""
    doc = DOCUMENTS[name]
    taken = 0
    tried = 0
    for seed in range(12):
        made: dict[int, Clause] = {}
        for edit in _edits(doc, seed, near):
            tried += 1
            clause = reworded_in_place(doc.clauses[edit.index], edit.source)
            if edit.inert:
                assert clause is not None, (name, seed, edit)
            if clause is not None:
                assert clause.source == edit.source
                assert clause.id == doc.clauses[edit.index].id
                made[edit.index] = clause
        taken += len(made)
        result = Document(
            tuple(made.get(k, c) for k, c in enumerate(doc.clauses)),
            doc.preamble,
            doc.epilogue,
            doc.retired,
        )
        text = _with_sources(doc, {k: c.source for k, c in made.items()})
        assert result.render() == text
        assert _fields(result) == _fields(_as_parsed(doc, text)), (name, seed)
    assert tried >= 100
    # The fast way must be taken, and not only for a few: most inert edits are of
    # paragraphs and items that start with a word.
    assert taken >= (tried // 2 if not near else 1), (taken, tried)


@pytest.mark.parametrize("name", ["mixed", "seed"])
def test_a_rewording_applied_reads_as_the_whole_text_parsed(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """apply of one replacement, inert or not, gives the whole text's parse; an inert one
    parses nothing at all (the parser refuses to run)."""
    doc = DOCUMENTS[name]
    cases = [e for seed in range(6) for near in (False, True) for e in _edits(doc, seed, near)]
    assert sum(e.inert for e in cases) >= 20
    for edit in cases:
        clause = doc.clauses[edit.index]
        op = Operation(OpKind.REPLACE, target=clause.id, base=clause.source, new=edit.source)
        text = _with_sources(doc, {edit.index: edit.source})
        with monkeypatch.context() as patched:
            if edit.inert:
                for name_ in ("parse_outline", "parse_next"):
                    patched.setattr(amend, name_, _refuse)
            result = apply(doc, [op])
        if result.document is None:
            assert not edit.inert
            continue
        assert result.document.render() == text
        whole = parse(text)
        if len(whole.clauses) == len(doc.clauses):
            assert _fields(result.document) == _fields(_as_parsed(result.document, text))
        else:
            assert [c.content for c in result.document] == [c.content for c in whole]


def _refuse(*args: object, **kwargs: object) -> object:
    raise AssertionError("a rewording inside lines was parsed")


def test_a_clause_whose_words_become_layout_is_parsed() -> None:
    """A paragraph whose last words outside layout go (an invalid tag made valid, after a
    pandoc attribute) is no clause any more: the clause alone is not taken as reworded."""
    v0 = "Intro.\n\n{#a\nx} <aжb>\n\nNext.\n"
    v1 = v0.replace("aжb", "ab")
    doc = assign_ids(parse(v0))
    assert len(doc.clauses) == 3 and len(parse(v1).clauses) == 2
    assert reworded_in_place(doc.clauses[1], doc.clauses[1].source.replace("aжb", "ab")) is None
    op = Operation(
        OpKind.REPLACE,
        target=doc.clauses[1].id,
        base=doc.clauses[1].source,
        new=doc.clauses[1].source.replace("aжb", "ab"),
    )
    result = apply(doc, [op])
    assert result.document is None or [c.content for c in result.document] == ["Intro.", "Next."]


def test_a_reference_definition_made_by_a_rewording_is_parsed() -> None:
    """Words that make a paragraph a link reference definition ("]:") are never taken
    without a parse."""
    doc = assign_ids(parse("Intro.\n\n[foo\nbar] /url\n\nNext.\n"))
    clause = doc.clauses[1]
    assert reworded_in_place(clause, clause.source.replace("/url", "/uri")) is not None
    assert reworded_in_place(clause, clause.source.replace("bar]", "bar]:")) is None
    # Holding "]:" but not a definition (the destination is not closed) until words change.
    doc = assign_ids(parse("Intro.\n\n[foo\nbar]: <a bc\n\nNext.\n"))
    clause = doc.clauses[1]
    assert clause.kind is ClauseKind.PARAGRAPH
    assert reworded_in_place(clause, clause.source.replace("bc", "b>")) is None
    assert len(parse(_with_sources(doc, {1: clause.source.replace("bc", "b>")})).clauses) == 2
