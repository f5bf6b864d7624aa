"""The drafting language: wording of amendments and reading it back (resolution_vcs.drafting)."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from resolution_vcs import amend
from resolution_vcs.amend import Operation
from resolution_vcs.drafting import LANGUAGES, drafted, read_instructions
from resolution_vcs.errors import ResolutionError
from resolution_vcs.ids import carry_ids, with_ids
from resolution_vcs.model import Document
from resolution_vcs.parse import parse

from .strategies import WORDS, edited_documents, markdown_documents


def document(text: str) -> Document:
    """A parsed document with ids, as the repository gives it."""
    doc = parse(text)
    return with_ids(doc, carry_ids(doc, parse("")))


@st.composite
def built_amendments(draw: st.DrawFn) -> tuple[Document, list[Operation]]:
    """A document and one amendment made with the builders the CLI forms use."""
    doc = document(draw(markdown_documents()))
    clauses = [c for c in doc.clauses if c.content.strip()]
    assume(clauses)
    clause = draw(st.sampled_from(clauses))
    form = draw(st.sampled_from(["words", "wording", "insert", "delete", "move", "throughout"]))
    try:
        if form == "words":
            tokens = clause.content.split(" ")
            i = draw(st.integers(0, len(tokens) - 1))
            j = draw(st.integers(i + 1, min(len(tokens), i + 3)))
            old = " ".join(tokens[i:j])
            new = " ".join(draw(st.lists(WORDS, min_size=0, max_size=3)))
            count = clause.content.count(old)
            k = draw(st.integers(1, max(1, count))) if count > 1 else None
            every = count > 1 and draw(st.booleans())
            ops = [amend.replace_words(doc, clause.id, old, new, None if every else k, every)]
        elif form == "wording":
            ops = [
                amend.replace_clause(
                    doc, clause.id, " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
                )
            ]
        elif form == "insert":
            where = draw(st.sampled_from(["after", "before"]))
            text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
            ops = [amend.insert_clause(doc, clause.id, text, where)]
        elif form == "delete":
            ops = [amend.delete_clause(doc, clause.id)]
        elif form == "move":
            other = draw(st.sampled_from(clauses))
            ops = [amend.move_clause(doc, clause.id, other.id)]
        else:
            word = draw(WORDS)
            ops = amend.replace_throughout(doc, word, draw(WORDS))
    except ResolutionError:
        assume(False)
    assume(all(op.base != op.new for op in ops))
    return doc, ops


def check_round_trip(doc: Document, ops: list[Operation], lang: str) -> None:
    stated = drafted(doc, ops, lang)
    assert stated.exact, stated.text
    assert read_instructions(stated.text, doc) == [ops], stated.text


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(built_amendments(), st.sampled_from(LANGUAGES))
def test_built_amendments_read_back_as_themselves(
    case: tuple[Document, list[Operation]], lang: str
) -> None:
    doc, ops = case
    check_round_trip(doc, ops, lang)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(edited_documents(), st.sampled_from(LANGUAGES))
def test_amendments_from_edited_copies_read_back_as_themselves(
    pair: tuple[str, str], lang: str
) -> None:
    old, new = pair
    doc = document(old)
    try:
        groups = amend.operations_from_copy(doc, new)
    except ResolutionError:
        assume(False)
    for ops in groups:
        if any(op.base == op.new for op in ops):
            continue  # a clause the copy leaves as it was: no instruction changes nothing
        check_round_trip(doc, ops, lang)
