"""Cross-references: finding them in ru/uk/en, resolving them, following a renumbering."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from resolution_vcs import references
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.references import find_references, scan

from .conftest import CORPUS

FORMS = [
    # (text, the numbers cited, a range, qualifiers, whose)
    ("в соответствии с пунктом 5 подготовить", ["5"], False, [], ""),
    ("указанные в пунктах 3 и 4", ["3", "4"], False, [], ""),
    ("предусмотренные пунктами 3–5", ["3", "5"], True, [], ""),
    ("согласно п. 5", ["5"], False, [], ""),
    ("во исполнение подпункта 2.1", ["2.1"], False, [], ""),
    ("абзац второй пункта 3", ["2"], False, ["3"], ""),
    ("пункт 5 настоящего решения", ["5"], False, [], "this"),
    ("відповідно до пункту 5", ["5"], False, [], ""),
    ("передбачених пунктом 5", ["5"], False, [], ""),
    ("згідно з підпунктом 2.1", ["2.1"], False, [], ""),
    ("вимоги статті 5-1", ["5-1"], False, [], ""),
    ("статтею 10 - 1 цього Закону", ["10-1"], False, [], "this"),
    ("пункт 2 частини першої статті 4", ["2"], False, ["1", "4"], ""),
    ("пунктів 3-5", ["3", "5"], True, [], ""),
    ("as provided in paragraph 5", ["5"], False, [], ""),
    ("paragraphs 3 to 5", ["3", "5"], True, [], ""),
    ("under item 2.1", ["2.1"], False, [], ""),
    ("подпункт «а» пункта 3", ["а"], False, ["3"], ""),
    ("статті 92 Конституції України", ["92"], False, [], "external"),
    ("(ВВР, 2011, № 32, ст. 314)", ["314"], False, [], "external"),
]


@pytest.mark.parametrize(("text", "cited", "is_range", "within", "scope"), FORMS)
def test_forms_of_references(
    text: str, cited: list[str], is_range: bool, within: list[str], scope: str
) -> None:
    (found,) = scan(text)
    assert [c[0] for c in found.cited] == cited
    assert found.range is is_range
    assert [w[1] for w in found.within] == within
    assert found.scope == scope
    # The text of the reference is where it says, and its numbers are in it.
    assert text[found.start : found.end] == found.text
    for number, start, end, word in found.cited:
        assert word or text[start:end].replace(" ", "") == number


def test_words_that_only_look_like_references() -> None:
    assert scan("Пунктуальность важна. 2022 год.") == []
    assert scan("пункт назначения") == []


def test_references_resolve_to_the_nearest_item() -> None:
    doc = assign_ids(
        parse(
            "1. Первый.\n\n   Второй абзац первого.\n\n2. Второй:\n   1. подпункт;\n"
            "   2. ещё, см. подпункт 2.1.\n"
            "3. Согласно пункту 2, абзацу второму пункта 1 и абзацу второму пункта 2.\n"
        )
    )
    refs = {r.text: r for r in find_references(doc)}
    assert refs["подпункт 2.1"].cited[0].target == doc.find("2.1").id
    assert refs["пункту 2"].cited[0].target == doc.find("2").id
    assert refs["абзацу второму пункта 1"].status == "resolved"
    assert refs["абзацу второму пункта 2"].status == "dangling"  # item 2 has one paragraph


def test_nouns_are_found_where_the_whole_alternation_finds_them() -> None:
    """The first letters looked at before the nouns' alternation change no match: the
    same matches as the alternation alone, over every version of the corpus law and
    forms written in capitals or with letters that fold to others ("ſ", the Kelvin sign)."""
    fast = references._noun_re()
    head = f"(?=[{references._NOUN_STARTS}])"
    assert head in fast.pattern
    whole = re.compile(fast.pattern.replace(head, "", 1))
    texts = [path.read_text(encoding="utf-8") for path in CORPUS]
    texts += [text.upper() for text, *_ in FORMS] + ["ſection 5, \u212aапітель", "PARA. 3 П. 4"]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in whole.finditer(text)]
    assert len(fast.findall(texts[-1])) == 2


def test_the_corpus_law_references() -> None:
    """Every reference the law links to one of its own anchors resolves to the clause
    that anchor marks; only two stay dangling (texts of another code quoted in the
    law's final provisions)."""
    doc = assign_ids(parse(CORPUS[-1].read_text(encoding="utf-8")))
    anchors = {a: c.id for c in doc for a in re.findall(r"\[\]\{#(n\d+)\}", c.lead + c.content)}
    refs = find_references(doc)
    counts = Counter(r.status for r in refs)
    assert counts["resolved"] > 40 and counts["dangling"] <= 2 and counts["ambiguous"] == 0
    checked = 0
    for ref in refs:
        content = doc.get(ref.clause).content  # type: ignore[union-attr]
        link = re.match(r"[^\[\]]*\]\(#(n\d+)\)", content[ref.end :])
        if link is None or ref.status != "resolved":
            continue
        targets = {c.target for c in (*ref.cited, *ref.within)}
        assert anchors[link.group(1)] in targets, ref.text
        checked += 1
    assert checked >= 10


def test_items_by_number_are_those_that_carry_it() -> None:
    """An outline's items by number are, for every number, the items cited or written
    so, in the outline's order: what a look through all of them finds."""
    from resolution_vcs.numbering import outline

    for path in (CORPUS[0], CORPUS[-1]):
        tree = outline(assign_ids(parse(path.read_text(encoding="utf-8"))))
        numbers = {n for item in tree.items.values() for n in (item.cited(), item.number)}
        assert len(numbers) > 20
        for number in [*numbers, "999", "1.1.1.1"]:
            looked = [i for i in tree.items.values() if number in (i.cited(), i.number)]
            assert list(tree.by_number.get(number, ())) == looked


def test_a_clause_scanned_again_gives_its_own_references() -> None:
    """The references kept for a clause's text are never those of another text, and a
    caller changing the list it was given changes nothing kept."""
    first = scan("згідно з пунктом 3 статті 5")
    first.clear()
    again = scan("згідно з пунктом 3 статті 5")
    assert [(r.text, r.cited[0][0]) for r in again] == [("пунктом 3 статті 5", "3")]
    other = scan("згідно з пунктом 4 статті 5")
    assert [r.cited[0][0] for r in other] == ["4"]
