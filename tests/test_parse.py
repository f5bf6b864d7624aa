from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.model import ClauseKind, Document, normalize_label
from resolution_vcs.parse import parse

from .conftest import CORPUS, generated_code
from .strategies import markdown_documents


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_round_trip_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse(text)
    assert doc.render() == text
    assert len(doc.clauses) > 200


def test_corpus_has_fourteen_versions() -> None:
    assert len(CORPUS) == 14


@given(markdown_documents())
@settings(max_examples=300, deadline=None)
def test_round_trip_generated_markdown(text: str) -> None:
    assert parse(text).render() == text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
@settings(max_examples=300, deadline=None)
def test_round_trip_any_text(text: str) -> None:
    document = parse(text)
    assert document.render() == text
    assert document.encoded() == text.encode("utf-8")
    for clause in document.clauses:
        assert clause.source_size() == len(clause.source)
        assert clause.source_size(utf8=True) == len(clause.source.encode("utf-8"))


SAMPLE = """\
# Resolution

Intro paragraph
on two lines.

The forum recommends:

- first bullet
- second bullet
  continued

1. one
2. two
   1. two-one
   2. two-two
3. three

| a | b |
|---|---|
| c | d |

> quoted
> text

```
code
```
"""


def test_clause_kinds_and_labels() -> None:
    doc = parse(SAMPLE)
    got = [(c.label, c.kind, c.text) for c in doc.clauses]
    assert got == [
        ("¶1", ClauseKind.HEADING, "Resolution"),
        ("¶2", ClauseKind.PARAGRAPH, "Intro paragraph on two lines."),
        ("¶3", ClauseKind.PARAGRAPH, "The forum recommends:"),
        ("¶3.1", ClauseKind.ITEM, "first bullet"),
        ("¶3.2", ClauseKind.ITEM, "second bullet continued"),
        ("1", ClauseKind.ITEM, "one"),
        ("2", ClauseKind.ITEM, "two"),
        ("2.1", ClauseKind.ITEM, "two-one"),
        ("2.2", ClauseKind.ITEM, "two-two"),
        ("3", ClauseKind.ITEM, "three"),
        ("¶4", ClauseKind.TABLE, "a | b\nc | d"),
        ("¶5", ClauseKind.QUOTE, "quoted text"),
        ("¶6", ClauseKind.CODE, "code"),
    ]


def test_list_item_parts() -> None:
    doc = parse(SAMPLE)
    item = doc.find("¶3.2")
    assert (item.prefix, item.content, item.indents) == ("- ", "second bullet\ncontinued", (2,))
    nested = doc.find("2.1")
    assert nested.prefix == "   1. "
    assert nested.depth == 1
    assert doc.clauses[nested.parent].label == "2"  # type: ignore[index]
    assert nested.number == "2.1"
    assert doc.find("¶3.1").number == ""


def test_layout_lines_travel_with_the_next_clause() -> None:
    text = "First.\n\n[]{#n8}\n1. Публічна інформація\n\n---\n\nLast.\n"
    doc = parse(text)
    assert [c.text for c in doc.clauses] == ["First.", "Публічна інформація", "Last."]
    assert doc.clauses[0].gap == "\n"
    assert doc.clauses[1].lead == "[]{#n8}\n"
    assert doc.clauses[2].lead == "---\n\n"


def test_fenced_div_fences_are_layout() -> None:
    doc = parse("::: {#article}\n\nText.\n\n:::\n")
    assert [c.text for c in doc.clauses] == ["Text."]
    assert doc.epilogue == "\n:::\n"


def test_an_escaped_tag_is_words_not_layout() -> None:
    """``\\<meta …>`` shows as text (a Word file's "<meta …>" reads so): a clause."""
    doc = parse('\\<meta http-equiv="refresh">\n\n<div>\n\nText.\n')
    assert [c.text for c in doc.clauses] == ['<meta http-equiv="refresh">', "Text."]


def test_repeated_top_level_numbers_are_qualified() -> None:
    doc = parse("Part A:\n\n1. a\n2. b\n\nPart B:\n\n1. c\n")
    assert [c.label for c in doc.clauses] == ["¶1", "1", "2", "¶2", "¶2.1"]


def test_find_by_id_label_and_typed_variants() -> None:
    from resolution_vcs.ids import assign_ids

    doc = assign_ids(parse(SAMPLE))
    first = doc.clauses[5]
    assert doc.find(first.id) is first
    assert doc.find("1") is first
    assert doc.find("п. 1") is first
    assert doc.find("абз. 3").label == "¶3"
    assert normalize_label("пункт 2.1.") == "2.1"


def test_find_unknown_says_what_to_do() -> None:
    from resolution_vcs.errors import NotFoundError

    with pytest.raises(NotFoundError, match="No clause '99' in this document. List ids"):
        parse(SAMPLE).find("99")


@given(markdown_documents(), st.integers(0, 300))
@settings(max_examples=100, deadline=None)
def test_opening_is_the_start_of_the_text(text: str, size: int) -> None:
    assert parse(text).opening(size) == text[:size]


def test_opening_of_a_long_document() -> None:
    text = CORPUS[-1].read_text(encoding="utf-8")
    for size in (0, 1, 20_000, len(text) - 1, len(text), len(text) + 5):
        assert parse(text).opening(size) == text[:size]


@given(markdown_documents())
@settings(max_examples=100, deadline=None)
def test_a_text_put_together_without_keeping_the_clauses_sources_is_the_same(text: str) -> None:
    doc = parse(text)
    assert doc.render(keep=False) == text
    assert not any("source" in c.__dict__ for c in doc.clauses)
    assert doc.render() == text
    assert all("source" in c.__dict__ for c in doc.clauses)
    assert doc.render(keep=False) == text


@given(markdown_documents(), markdown_documents(), st.integers(0, 9))
@settings(max_examples=60, deadline=None)
def test_same_text_says_whether_two_documents_render_alike(x: str, y: str, cut: int) -> None:
    a, b = parse(x), parse(y)
    assert a.same_text(b) == (x == y) == b.same_text(a)
    # The same clauses (the very objects) after another opening matter of the same size.
    shifted = Document(a.clauses, preamble="#" * len(a.preamble), epilogue=a.epilogue)
    assert a.same_text(shifted) == (a.render() == shifted.render())
    # The same text cut elsewhere: clauses given to the closing matter.
    k = min(cut, len(a.clauses))
    moved = "".join(c.source for c in a.clauses[k:]) + a.epilogue
    cut_short = Document(a.clauses[:k], preamble=a.preamble, epilogue=moved)
    assert a.same_text(cut_short) and cut_short.same_text(a)
    assert cut_short.same_text(b) == (x == y)


@pytest.mark.parametrize("source", ["corpus", "generated"])
def test_clauses_are_what_their_constructor_makes(source: str) -> None:
    """Clauses are made without the dataclass constructor and their content without
    the line-by-line cut where it has nothing to cut: each field is what the
    constructor and the cut give, on the corpus and on a code with lists and tables."""
    from dataclasses import fields

    from resolution_vcs.model import Clause
    from resolution_vcs.parse import _content, _cut_indents

    texts = (
        [path.read_text(encoding="utf-8") for path in CORPUS[::3]]
        if source == "corpus"
        else list(generated_code(300))
    )
    names = [f.name for f in fields(Clause)]
    kinds = set()
    for text in texts:
        for clause in parse(text).clauses:
            kinds.add(clause.kind)
            assert list(clause.__dict__) == names  # every field, nothing computed yet
            made = Clause(**{name: getattr(clause, name) for name in names})
            assert made == clause
            assert (made.parts, made.refs) == (clause.parts, clause.refs)
            raw = clause.body[: len(clause.body) - len(clause.eol)]
            col = len(clause.prefix)
            assert (
                _content(raw, col)
                == _cut_indents(raw, col)
                == (
                    clause.content,
                    clause.indents,
                )
            )
    assert {ClauseKind.ITEM, ClauseKind.PARAGRAPH, ClauseKind.HEADING} <= kinds
    if source == "generated":
        assert ClauseKind.TABLE in kinds
