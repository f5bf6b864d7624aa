"""Edited copies that differ from the text in what is not their editor's proposal: wrapped
anew, retyped by a word processor, with anchors added. Only changes of words are proposed
unless the proposal is to be exact; the copies are made here from the seed and the law."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace

import pytest

from resolution_vcs.amend import apply
from resolution_vcs.copies import is_layout, plan_copy
from resolution_vcs.diff import ChangeKind, diff
from resolution_vcs.ids import assign_ids
from resolution_vcs.importers import import_text, to_markdown
from resolution_vcs.model import ClauseKind, Document
from resolution_vcs.parse import parse
from resolution_vcs.text import words
from resolution_vcs.typography import EVERYTHING, TYPOGRAPHY, WRAPPING

from .conftest import CORPUS, SEED

#: A pandoc anchor on a line of its own, as the law's versions have before each clause.
ANCHOR_RE = re.compile(r"^\[\]\{#n\d+\}\n([ \t]*)(\d{1,9}(?=[.)]))?", re.MULTILINE)


def without_anchors(text: str) -> str:
    """The law as it would read before its anchors were added: each anchor line taken out,
    and a number it kept from starting a list escaped ("2. Публічна ..." stays a paragraph
    that reads "2. Публічна ..."; a list may start at 1 right after a paragraph, so "1."
    after an anchor was an item already)."""

    def bare(match: re.Match[str]) -> str:
        indent, number = match.group(1), match.group(2)
        if number is None or int(number) == 1:
            return indent + (number or "")
        return indent + number + "\\"

    return ANCHOR_RE.sub(bare, text)


def seed_document() -> Document:
    return assign_ids(parse(import_text(SEED.read_text(encoding="utf-8")).markdown))


def rewrapped(doc: Document, width: int = 72) -> tuple[str, int]:
    """The Markdown of ``doc`` with every paragraph and list item wrapped at ``width``
    columns (continuation lines indented under the marker), and how many clauses that
    wrapped: no word changes."""
    parts, count = [doc.preamble], 0
    for clause in doc:
        if clause.kind in (ClauseKind.PARAGRAPH, ClauseKind.ITEM):
            wrapped = textwrap.fill(
                clause.content,
                width - len(clause.prefix),
                break_long_words=False,
                break_on_hyphens=False,
            )
            count += wrapped != clause.content
            lines = wrapped.split("\n")[1:]
            clause = replace(clause, content=wrapped, indents=(len(clause.prefix),) * len(lines))
        parts.append(clause.source)
    return "".join(parts) + doc.epilogue, count


def retyped(text: str) -> str:
    """``text`` as a word processor's smart quotes leave it: «» and "" become “”."""
    text = text.replace("«", "“").replace("»", "”")
    return re.sub(r'"([^"\n]*)"', r"“\1”", text)


def accepted(doc: Document, groups: list[list[object]]) -> Document:
    for ops in groups:
        result = apply(doc, ops)  # type: ignore[arg-type]
        assert result.document is not None, result.conflicts
        doc = result.document
    return doc


def reading(doc: Document) -> list[str]:
    """The words of a document as a reader sees them (markup and list markers aside)."""
    return words(" ".join(f"{c.number} {c.text}" for c in doc))


# -- the seed re-wrapped, re-wrapped as plain text, and retyped -------------------------------


def test_a_markdown_copy_rewrapped_at_72_columns_proposes_nothing() -> None:
    doc = seed_document()
    copy, wrapped = rewrapped(doc)
    assert wrapped == 22  # the seed's clauses longer than a line
    assert diff(doc, parse(copy)).summary["unchanged"] < len(doc)  # it does differ
    plan = plan_copy(doc, copy)
    assert plan.groups == [] and plan.ignored == {"line breaks": wrapped}
    # Exact: everything, as few amendments: the clauses that read as before are one; the
    # one whose double space the wrap took out is a change of its own.
    exact = plan_copy(doc, copy, exact=True)
    assert accepted(doc, exact.groups).render() == copy
    layout = [g for g in exact.groups if all(is_layout(op) for op in g)]
    assert len(layout) == 1 and len(exact.groups) == 2
    assert len(layout[0]) == wrapped - 1


def test_a_plain_text_copy_rewrapped_keeps_its_paragraphs() -> None:
    """Wrapped at 72 columns, the line that ends ¶8 ("...областей.") is full, so the wrap
    would join ¶9 ("Форум прошел...") to it; the current text's paragraphs keep them apart."""
    doc = seed_document()
    seed = SEED.read_text(encoding="utf-8")
    copy = "\n".join(
        textwrap.fill(line, 72, break_long_words=False, break_on_hyphens=False)
        for line in seed.split("\n")
    )
    alone = parse(to_markdown(copy, filename="copy.txt"))
    assert len(alone) == len(doc) - 1  # read on its own, ¶9 is joined to ¶8
    markdown = to_markdown(copy, filename="copy.txt", paragraphs=[c.text for c in doc])
    assert [c.text for c in parse(markdown)][7:9] == [c.text for c in doc][7:9]
    plan = plan_copy(doc, markdown)
    assert plan.groups == [] and set(plan.ignored) <= {"spaces", "line breaks"}
    assert len(diff(doc, parse(markdown)).changed) <= 1  # a double space the wrap took out


def test_a_retyped_copy_proposes_only_its_changed_words_in_the_texts_quotes() -> None:
    doc = seed_document()
    text = doc.render()
    copy = retyped(text)
    quoted = sum("«" in c.content for c in doc)
    assert copy != text and quoted == 11
    assert plan_copy(doc, copy).groups == []
    assert plan_copy(doc, copy).ignored == {"quotes": quoted}
    # With a change of words: one amendment, and its new words take the text's quotes.
    edited = copy.replace("Опыт создания", "Опыт открытия").replace(
        "проект “Гений места”.", "проект “Гений места” и “Культура”."
    )
    plan = plan_copy(doc, edited)
    assert len(plan.groups) == 2 and plan.ignored == {"quotes": quoted}
    result = accepted(doc, plan.groups).render()
    assert "Опыт открытия" in result and "проект «Гений места» и «Культура»." in result
    assert "“" not in result and result.count("«") == text.count("«") + 1
    assert reading(parse(result)) == reading(parse(edited))
    # Exact: one amendment per retyped clause, the copy byte for byte.
    exact = plan_copy(doc, edited, exact=True)
    assert accepted(doc, exact.groups).render() == edited


def test_straight_quotes_retyped_are_left_aside() -> None:
    doc = assign_ids(parse('# "Заголовок"\n\nПервый "пункт" текста.\n\nВторой пункт.\n'))
    copy = retyped(doc.render()).replace("Второй пункт.", "Второй пункт текста.")
    plan = plan_copy(doc, copy)
    assert plan.ignored == {"quotes": 2}
    result = accepted(doc, plan.groups).render()
    assert result == doc.render().replace("Второй пункт.", "Второй пункт текста.")


def test_wrapping_and_words_in_one_clause_keep_the_texts_line_breaks() -> None:
    doc = seed_document()
    copy, _ = rewrapped(doc)
    copy = copy.replace("Опыт создания,", "Опыт открытия,")
    plan = plan_copy(doc, copy)
    (group,) = plan.groups
    result = accepted(doc, plan.groups)
    changed = [c for c in result if "Опыт открытия" in c.content]
    assert len(changed) == 1 and "\n" not in changed[0].content
    assert result.render() == doc.render().replace("Опыт создания,", "Опыт открытия,")


# -- the law: anchors gained, and the replay of its versions ---------------------------------


def test_anchors_gained_are_one_layout_change() -> None:
    """The law's first version without its anchor lines, then with them: every clause that
    gained one reads the same, so the diff reports layout changes, not modified clauses, and
    an exact proposal is one amendment for all of them."""
    law = CORPUS[0].read_text(encoding="utf-8")
    gained = len(ANCHOR_RE.findall(law))
    before, after = assign_ids(parse(without_anchors(law))), parse(law)
    delta = diff(before, after)
    assert delta.summary["modified"] == 0 and delta.summary["layout"] == gained > 200
    assert all(c.kind is ChangeKind.LAYOUT for c in delta.changed)
    plan = plan_copy(before, law, exact=True)
    assert len(plan.groups) == 1
    assert accepted(before, plan.groups).render() == law
    words_only = plan_copy(before, law)
    assert words_only.groups == []
    assert words_only.ignored["layout"] == delta.summary["layout"] + (
        before.preamble != after.preamble or before.epilogue != after.epilogue
    )


@pytest.mark.parametrize("exact", [False, True], ids=["words", "exact"])
def test_corpus_replay(exact: bool) -> None:
    """Each later version of the law as an edited copy: with exact, the version byte for
    byte; without, the version's words (the anchors it renamed are left aside)."""
    doc = assign_ids(parse(CORPUS[0].read_text(encoding="utf-8")))
    for path in CORPUS[1:]:
        copy = path.read_text(encoding="utf-8")
        plan = plan_copy(doc, copy, exact=exact)
        assert plan.groups, path.name
        doc = accepted(doc, plan.groups)
        if exact:
            assert doc.render() == copy, path.name
        else:
            assert reading(doc) == reading(parse(copy)), path.name


def test_diff_ignores_wrapping_and_typography_when_asked() -> None:
    doc = seed_document()
    wrapped, count = rewrapped(doc)
    both = retyped(wrapped)
    plain = diff(doc, parse(both))
    assert plain.summary["modified"] > 0 and not plain.ignored
    assert diff(doc, parse(wrapped)).summary["layout"] == count - 1  # reads the same
    only_wrapping = diff(doc, parse(both), ignore=WRAPPING)
    assert only_wrapping.ignored["line breaks"] == count
    assert only_wrapping.summary["modified"] == 11  # the quotes still count
    only_typography = diff(doc, parse(retyped(doc.render())), ignore=TYPOGRAPHY)
    assert only_typography.summary["modified"] == 0
    assert only_typography.ignored == {"quotes": 11}
    everything = diff(doc, parse(both), ignore=EVERYTHING)
    assert everything.summary["unchanged"] == len(doc)
    assert everything.ignored == {"line breaks": count, "quotes": 11}
