"""Numbered items: lists, sequential numbering after accepted amendments, numbers in merges."""

from __future__ import annotations

import pytest

from resolution_vcs.amend import apply, delete_clause, insert_clause, move_clause, replace_words
from resolution_vcs.ids import assign_ids
from resolution_vcs.model import ClauseKind, Document
from resolution_vcs.numbering import (
    enumerator,
    follow_number,
    number_span,
    outline,
    same_but_number,
    suffix_separator,
)
from resolution_vcs.parse import parse

from .conftest import CORPUS

THREE = (
    "# РЕШЕНИЕ\n\n1. Утвердить план.\n2. Создать рабочую группу.\n"
    "3. Рабочей группе в соответствии с пунктом 2 подготовить доклад.\n"
)
LETTERS = (
    "РЕШЕНИЕ\n\n1. Один.\n2. Два.\n3. Рекомендовать:\n\nа) первое;\n\n"
    "б) второе, как в подпункте «в»;\n\nв) третье.\n\n4. Далее.\n"
)


def _doc(text: str) -> Document:
    return assign_ids(parse(text))


def _numbers(doc: Document) -> list[str]:
    return [item.number for item in sorted(outline(doc).items.values(), key=lambda i: i.index)]


def test_an_enumerator_is_kept_by_what_it_is_read_from() -> None:
    """The enumerators kept are those read afresh, clause by clause of every version of
    the corpus law; another wording or marker is read anew, never served the kept one."""
    read = enumerator.__wrapped__
    for path in CORPUS:
        for c in parse(path.read_text(encoding="utf-8")).clauses:
            assert enumerator(c.kind, c.prefix, c.content) == read(c.kind, c.prefix, c.content)
    found = enumerator(ClauseKind.PARAGRAPH, "", "5. Пункт.")
    assert found is not None and found.number == "5"
    assert enumerator(ClauseKind.PARAGRAPH, "", "6. Пункт.").number == "6"  # type: ignore[union-attr]
    assert enumerator(ClauseKind.ITEM, "7. ", "5. Пункт.").number == "7"  # type: ignore[union-attr]
    assert enumerator(ClauseKind.PARAGRAPH, "", "Пункт 5.") is None


def test_enumerators_of_markers_paragraphs_and_sections() -> None:
    doc = _doc(LETTERS)
    found = [enumerator(c.kind, c.prefix, c.content) for c in doc]
    assert [e.number if e else None for e in found] == [
        None, "1", "2", "3", "а", "б", "в", "4"
    ]  # fmt: skip
    assert found[1] is not None and found[1].marker
    assert found[4] is not None and not found[4].marker and found[4].family == "letter"
    law = _doc("[]{#n9}\n2. Публічна інформація.\n\nСтаття 10 - 1 . Назва\n")
    heads = [enumerator(c.kind, c.prefix, c.content) for c in law]
    assert [(e.number, e.keyword) for e in heads if e] == [("2", ""), ("10-1", "стаття")]
    # A year is not a number of an item, nor is a sentence that starts with a section word.
    paragraph = law.clauses[0].kind
    assert enumerator(paragraph, "", "2022. год") is None
    assert enumerator(paragraph, "", "Статья 5 Закона гласит") is None


def test_letter_items_are_a_list_nested_in_the_item_before_them() -> None:
    tree = outline(_doc(LETTERS))
    letters = [lst for lst in tree.lists if lst.style[0] == "letter"]
    assert len(letters) == 1 and [i.number for i in letters[0].items] == ["а", "б", "в"]
    assert letters[0].parent is not None and letters[0].parent.number == "3"
    assert letters[0].sequential
    top = [lst for lst in tree.lists if lst.parent is None]
    assert [i.number for i in top[0].items] == ["1", "2", "3", "4"]


def test_corpus_law_has_articles_parts_and_items() -> None:
    tree = outline(_doc(CORPUS[-1].read_text(encoding="utf-8")))
    articles = [lst for lst in tree.lists if lst.style[2] == "стаття"]
    numbers = [i.number for lst in articles for i in lst.items]
    assert "10-1" in numbers and numbers[:4] == ["1", "2", "3", "4"]
    # Suffix numbers make a list non-sequential; every other list counts by one.
    broken = [lst for lst in tree.lists if not lst.sequential]
    assert broken and all(any(i.enumerator.suffixed for i in lst.items) for lst in broken)
    assert sum(lst.sequential for lst in tree.lists) > 40


def test_insertion_renumbers_the_items_after_it_and_the_reference() -> None:
    doc = _doc(THREE)
    result = apply(doc, [insert_clause(doc, "2", "Выделить средства.", "before")])
    assert result.document is not None
    text = result.document.render()
    assert "1. Утвердить" in text and "2. Выделить" in text and "3. Создать" in text
    assert "4. Рабочей группе в соответствии с пунктом 3 подготовить" in text
    assert [str(r) for r in result.renumbered] == ["2 → 3", "3 → 4"]
    assert [(c.old, c.new) for c in result.references] == [("пунктом 2", "пунктом 3")]
    assert [c.label for c in result.document] == ["¶1", "1", "2", "3", "4"]


def test_deleting_the_first_item_renumbers_from_one() -> None:
    doc = _doc(THREE)
    result = apply(doc, [delete_clause(doc, "1")])
    assert result.document is not None
    assert result.document.render() == (
        "# РЕШЕНИЕ\n\n1. Создать рабочую группу.\n"
        "2. Рабочей группе в соответствии с пунктом 1 подготовить доклад.\n"
    )
    assert not result.dangling


def test_deleting_a_cited_item_leaves_the_reference_and_says_so() -> None:
    doc = _doc(THREE)
    result = apply(doc, [delete_clause(doc, "2")])
    assert result.document is not None
    assert "в соответствии с пунктом 2 подготовить" in result.document.render()
    assert not result.references
    (dangling,) = result.dangling
    assert dangling.number == "2" and dangling.target == doc.find("2").id
    assert dangling.clause == doc.find("3").id


def test_moving_an_item_renumbers_the_list() -> None:
    doc = _doc(THREE)
    result = apply(doc, [move_clause(doc, "1", "3")])
    assert result.document is not None
    assert _numbers(result.document) == ["1", "2", "3"]
    assert result.document.clauses[-1].text == "Утвердить план."


def test_lettered_items_follow_an_insertion_and_their_references() -> None:
    doc = _doc(LETTERS)
    result = apply(doc, [insert_clause(doc, "¶2", "новое;", "before")])
    assert result.document is not None
    assert _numbers(result.document) == ["1", "2", "3", "а", "б", "в", "г", "4"]
    assert "в) второе, как в подпункте «г»;" in result.document.render()


def test_lists_with_suffix_numbers_keep_their_numbers() -> None:
    doc = _doc("1. Один.\n2. Два.\n\n2-1. Вставлен.\n\n3. Три.\n")
    assert not outline(doc).lists[0].sequential
    result = apply(doc, [insert_clause(doc, "1", "Новый.")])
    assert result.document is not None and not result.renumbered
    assert _numbers(result.document) == ["1", "2", "2", "2-1", "3"]


def test_an_item_inserted_with_its_own_suffix_number_keeps_it() -> None:
    doc = _doc("1. Один.\n2. Два.\n3. Три.\n")
    result = apply(doc, [insert_clause(doc, "2", "2-1. Вставлен.")])
    assert result.document is not None and not result.renumbered
    assert _numbers(result.document) == ["1", "2", "2-1", "3"]


@pytest.mark.parametrize(("separator", "number"), [("-", "2-1"), (".", "2.1")])
def test_suffix_mode_numbers_the_new_item_and_nothing_else(separator: str, number: str) -> None:
    doc = _doc("1. Один.\n2. Два.\n3. Три.\n")
    op = insert_clause(doc, "2", "Вставлен.", numbering="suffix", separator=separator)
    result = apply(doc, [op], numbering="suffix")
    assert result.document is not None and not result.renumbered
    assert _numbers(result.document) == ["1", "2", number, "3"]
    assert f"\n\n{number}. Вставлен.\n\n3. Три." in result.document.render()
    doc = result.document
    op = insert_clause(doc, number, "Ещё.", numbering="suffix", separator=separator)
    again = apply(doc, [op], numbering="suffix")
    assert again.document is not None
    assert _numbers(again.document)[3] == number[:-1] + "2"


def test_suffix_separator_follows_the_document() -> None:
    assert suffix_separator(_doc(CORPUS[-1].read_text(encoding="utf-8")), "ru") == "-"
    assert suffix_separator(_doc(THREE), "ru") == "."
    assert suffix_separator(_doc(THREE), "uk") == "-"


def test_marker_that_grows_a_digit_moves_its_nested_lines() -> None:
    items = "".join(f"{n}. Текст {n}.\n" for n in range(1, 10))
    doc = _doc(items.replace("9. Текст 9.\n", "9. Текст 9:\n   1. вложенный;\n   2. ещё.\n"))
    result = apply(doc, [insert_clause(doc, "1", "Новый.", "before")])
    assert result.document is not None
    text = result.document.render()
    assert "10. Текст 9:\n    1. вложенный;\n    2. ещё.\n" in text
    assert [c.label for c in result.document][-2:] == ["10.1", "10.2"]


def test_a_renumbering_is_not_the_amendments_words() -> None:
    base, now = "[]{#n1}\n8. Старые слова пункта.\n\n", "[]{#n1}\n9. Старые слова пункта.\n\n"
    proposed = "[]{#n1}\n8. Новые слова пункта.\n\n"
    assert follow_number(base, now, proposed) == (now, "[]{#n1}\n9. Новые слова пункта.\n\n")
    # An amendment that changes the number itself keeps its change where the number held.
    assert follow_number(base, base, "[]{#n1}\n7. Старые слова пункта.\n\n")[1].startswith(
        "[]{#n1}\n7."
    )
    assert number_span(now) == (8, 9)
    assert same_but_number("2. Текст", "3. Текст") and not same_but_number("2. Текст", "3. Иной")


def test_an_amendment_to_item_8_applies_after_it_was_renumbered() -> None:
    doc = _doc("".join(f"{n}. Пункт номер {n} о разном.\n" for n in range(1, 11)))
    change = replace_words(doc, "8", "о разном", "о главном")
    deletion = delete_clause(doc, "8")
    moved = apply(doc, [insert_clause(doc, "1", "Новый.", "before")])
    assert moved.document is not None and moved.document.find("9").id == change.target
    for op in (change, deletion):
        result = apply(moved.document, [op])
        assert result.ok, result.conflicts
    after = apply(moved.document, [change]).document
    assert after is not None and after.find("9").text == "Пункт номер 8 о главном."
    # The same after a hand edit that renumbered it (re-anchored by content).
    edited = moved.document.render()
    result = apply(assign_ids(parse(edited), doc), [change])
    assert result.ok and result.document is not None
    assert "9. Пункт номер 8 о главном." in result.document.render()


def test_corpus_lists_renumbered_by_their_own_copies_agree(tmp_path: object) -> None:
    """v12 of the law inserts items and renumbers the ones after them itself: the
    renumbering an insertion's acceptance makes is the one the copy states."""
    from resolution_vcs.amend import operations_from_copy

    doc = _doc(CORPUS[10].read_text(encoding="utf-8"))
    target = CORPUS[11].read_text(encoding="utf-8")
    renumbered = []
    for ops in operations_from_copy(doc, target):
        result = apply(doc, ops)
        assert result.document is not None
        renumbered.extend(result.renumbered)
        doc = result.document
    assert doc.render() == target
    assert renumbered


def test_an_enumerators_style_is_its_own() -> None:
    """The style an enumerator keeps is made from its own fields: another enumerator
    made from it with another delimiter or number has the style those give."""
    from dataclasses import replace

    from resolution_vcs.numbering import enumerator

    e = enumerator(ClauseKind.ITEM, "3. ", "Text")
    assert e is not None and e.style == ("decimal", ".", "", 1)
    assert replace(e, delimiter=")").style == ("decimal", ")", "", 1)
    assert replace(e, number="3.1").style == ("decimal", ".", "", 2)
    assert e.style == ("decimal", ".", "", 1)


def test_lists_made_with_given_starts_are_kept_only_when_they_are_the_default() -> None:
    """An outline made with the items that start lists given (a renumbering's) is kept
    as the document's outline only when it is the one made without them: one where a
    given start differs from the numbers is never served to a reader that gives none."""
    from resolution_vcs.numbering import Outline, _outline

    def lists(tree: Outline) -> list[list[str]]:
        return [[i.id for i in lst.items] for lst in tree.lists]

    doc = _doc("Текст.\n\n1. Один.\n2. Два.\n\nАбзац.\n\n1. Снова один.\n2. Снова два.\n")
    default = _outline(doc, None)[0]
    assert len(default.lists) == 2
    merged = outline(doc, starts={default.lists[0].items[0].id})
    assert len(merged.lists) == 1  # the second "1." does not start a list of its own
    assert outline(doc) is not merged and lists(outline(doc)) == lists(default)
    other = _doc("1. Один.\n2. Два.\n")
    same = outline(other, starts={other.clauses[0].id})
    assert outline(other) is same and lists(same) == lists(_outline(other, None)[0])
