"""Parsing a version from the one before gives exactly what parsing it whole gives.

:func:`resolution_vcs.reparse.parse_next` parses again only the top-level groups that
changed and splices them between the previous version's clauses; the result must equal
:meth:`Parsed.of` of the whole text in every field of every clause (also the ones that
equality leaves aside: the sources of the plain text and the link references), in the
preamble and epilogue, and render back to the text.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.model import Document
from resolution_vcs.parse import outline_of, parse_outline
from resolution_vcs.reparse import Parsed, parse_next

from .conftest import CORPUS, generated_code
from .strategies import blocks, histories


def _fields(doc: Document) -> list[object]:
    return [doc.preamble, doc.epilogue] + [
        (c, c.parts, c.refs, c.label, c.number, c.parent, c.source, c.text) for c in doc.clauses
    ]


def check_next(previous: Parsed, text: str) -> Parsed:
    found = parse_next(previous, text)
    whole = Parsed.of(text)
    assert found.text == text
    assert found.document.render() == text
    assert _fields(found.document) == _fields(whole.document)
    return found


def test_a_real_law_through_its_versions() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    current = Parsed.of(texts[0])
    for text in texts[1:]:
        current = check_next(current, text)


def test_a_real_law_backwards_and_by_leaps() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    check_next(Parsed.of(texts[-1]), texts[0])
    check_next(Parsed.of(texts[0]), texts[-1])


def test_a_generated_code_with_tables_both_ways() -> None:
    old, new = generated_code(400)
    check_next(Parsed.of(old), new)
    check_next(Parsed.of(new), old)


def test_only_what_changed_is_parsed_again() -> None:
    old = "# Title\n\nFirst.\n\nSecond.\n\n1. one\n2. two\n\nLast.\n"
    new = old.replace("Second.", "Second, reworded.")
    previous = Parsed.of(old)
    before = previous.document.clauses
    after = check_next(previous, new).document.clauses
    assert after[0] is before[0]
    assert after[-1] is before[-1]
    assert after[2] is not before[2]


def test_a_region_may_end_after_words_changed_in_place() -> None:
    """A paragraph added ends its region before a clause that follows a reworded line
    of another length: that clause is found where it now is, and only the region is
    parsed again (the clause after it is the previous version's own, labelled anew)."""
    paragraphs = "\n\n".join(f"Para {n} has words." for n in range(8))
    old = f"A.\n\n- x\n- y\n\n## H\n\n{paragraphs}\n\nEnd.\n"
    new = old.replace("- y\n\n", "- y\n\nNew para.\n\n").replace("has", "has more")
    previous = Parsed.of(old)
    before = previous.document.clauses
    after = check_next(previous, new).document.clauses
    assert after[-1].content is before[-1].content


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Para A\n\nPara B\n", "Para A\n\n\nPara B\n"),  # blank lines gained after a clause
        ("# T\n\nA.\n\nB.\n\nC.\n", "# T\n\nA.\n\n\n\nB.\n\nC.\n"),
        ("A.\n\n- x\n- y\n\nB.\n", "A.\n\nB.\n\n- x\n- y\n\nB.\n"),  # labels of a list move
        ("A.\n\n1. x\n\n2. y\n\nB.\n", "A.\n\n1. x\n\n   2. y\n\nB.\n"),
        ("A.\n\n```\ncode\n```\n\nB.\n", "A.\n\n```\ncode\n\nB.\n"),  # a fence left open
        ("See [x][law].\n\nB.\n", "See [x][law].\n\nB.\n\n[law]: https://example.org\n"),
        ("A.\n\nB.\n", "[]{#n1}\nA.\n\nB.\n"),
        ("A.\n\nB.\n", "A.\n\nB.\n\n"),
        ("A.\n\nB.\n", ""),
        ("", "A.\n"),
        # Words changed inside lines: the new words are the paragraph's inline source,
        # but where the parser trims white space or reads a NUL otherwise.
        ("A b.\n\nLast words.\n", "A b.\n\nLast words. \n"),
        ("A b.\n\nLast words.\n", "A b.\n\nLast wo\0rds.\n"),
        ("A b.\n\n- item one\n  goes on\n", "A b.\n\n- item one\n  goes\u00a0"),
        ("A b.\n\n1. item one\n\n   more.\n", "A b.\n\n1. item two\n\n   more.\n"),
        ("# Title one\n\nA.\n", "# Title two\n\nA.\n"),
    ],
)
def test_tricky_edits(old: str, new: str) -> None:
    check_next(Parsed.of(old), new)


@settings(max_examples=150, deadline=None)
@given(start=st.lists(blocks(), min_size=1, max_size=8), later=histories())
def test_generated_versions(start: list[str], later: list[tuple[str, str]]) -> None:
    current = Parsed.of("\n\n".join(start) + "\n")
    for text, _ in later:
        current = check_next(current, text)


def _outline_fields(outline: list[object]) -> list[tuple[object, ...]]:
    position = {id(b): k for k, b in enumerate(outline)}
    return [
        (
            b.kind,  # type: ignore[attr-defined]
            b.depth,  # type: ignore[attr-defined]
            b.ordered,  # type: ignore[attr-defined]
            b.number,  # type: ignore[attr-defined]
            b.after_list,  # type: ignore[attr-defined]
            b.level,  # type: ignore[attr-defined]
            b.label,  # type: ignore[attr-defined]
            b.path,  # type: ignore[attr-defined]
            None if b.parent is None else position[id(b.parent)],  # type: ignore[attr-defined]
        )
        for b in outline
    ]


def check_of_document(text: str) -> Parsed:
    """The outline made again from a document is the whole parse's, and the next
    versions parse from it exactly."""
    whole = Parsed.of(text)
    made = Parsed.of_document(Parsed.of(text).document)
    assert _outline_fields(made.outline) == _outline_fields(whole.outline)
    assert made.text == text
    return made


def test_a_documents_outline_is_made_again_from_its_clauses() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    for text in texts:
        check_of_document(text)
    for old, new in zip(texts, texts[1:], strict=False):
        check_next(check_of_document(old), new)
    check_next(check_of_document(texts[-1]), texts[0])


@settings(max_examples=150, deadline=None)
@given(start=st.lists(blocks(), min_size=1, max_size=8), later=histories())
def test_generated_versions_from_a_documents_own_outline(
    start: list[str], later: list[tuple[str, str]]
) -> None:
    text = "\n\n".join(start) + "\n"
    for new, _ in later:
        check_next(check_of_document(text), new)
        text = new


def test_a_document_whose_labels_are_not_a_whole_parses_is_parsed_whole() -> None:
    text = "Intro.\n\n1. one\n2. two\n   - sub\n\nLast.\n"
    doc = Parsed.of(text).document
    assert outline_of(doc) is not None
    relabelled = Document(
        tuple(replace(c, label="9") if c.label == "2" else c for c in doc.clauses),
        preamble=doc.preamble,
        epilogue=doc.epilogue,
    )
    assert outline_of(relabelled) is None
    unlabelled = parse_outline(text, labels=False)[0]
    assert outline_of(unlabelled) is None
    made = Parsed.of_document(relabelled)
    assert _fields(made.document) == _fields(Parsed.of(text).document)


def test_labels_left_for_later_come_out_as_a_whole_parse_gives_them() -> None:
    """Versions read one from the other without reading their documents (a reader that
    counts clauses): each document read later, also after the versions that followed it,
    is the whole parse, and the clauses counted are its clauses."""
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    chain = [Parsed.of(texts[0])]
    for text in texts[1:]:
        chain.append(parse_next(chain[-1], text))
        assert len(chain[-1].clauses) == len(Parsed.of(text).document.clauses)
    for parsed, text in reversed(list(zip(chain, texts, strict=True))):
        assert _fields(parsed.document) == _fields(Parsed.of(text).document)


def test_a_paragraph_whose_words_become_layout_is_parsed_again() -> None:
    """Words changed inside a line can leave a paragraph no words outside layout (an
    invalid tag made valid after a pandoc attribute): it is no clause any more, which
    only a parse tells."""
    v0 = "Intro.\n\n{#a\nx} <aжb>\n\nNext.\n"
    found = check_next(Parsed.of(v0), v0.replace("aжb", "ab"))
    assert [c.content for c in found.document] == ["Intro.", "Next."]


def test_words_reworded_in_place_read_as_a_whole_parse_reads_them() -> None:
    """Words changed inside lines that keep their structure are taken without parsing;
    the document read afterwards (its plain text and its sources too) is still the
    whole parse, after one such version or several."""
    v0 = (
        "# Title of *the* act\n\nFirst paragraph with `code`.\n\n"
        "1. An item that runs\n   over two lines.\n   - a bullet *under* it\n\n"
        "> Quoted words.\n\nLast.\n"
    )
    v1 = v0.replace("runs", "**runs on**").replace("Title", "Name")
    v2 = v1.replace("over two", "over [two](https://example.org)").replace("Last", "Last *one*")
    chain = [Parsed.of(v0)]
    for text in (v1, v2):
        chain.append(parse_next(chain[-1], text))
        assert len(chain[-1].clauses) == len(Parsed.of(text).document.clauses)
        # Reworded without a parse: the item's words are its own inline source.
        item = chain[-1].clauses[2]
        assert item.parts == (("inline", (item.content,)),)
    assert [c.text for c in check_next(chain[1], v2).document] == [
        "Name of the act",
        "First paragraph with code.",
        "An item that runs on over two lines.",
        "a bullet under it",
        "Quoted words.",
        "Last one.",
    ]
    for parsed, text in zip(chain, (v0, v1, v2), strict=True):
        assert _fields(parsed.document) == _fields(Parsed.of(text).document)
