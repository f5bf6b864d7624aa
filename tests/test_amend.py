from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.amend import (
    OpKind,
    apply,
    check,
    delete_clause,
    insert_clause,
    leaves_as_is,
    merge3,
    move_clause,
    operations_from_copy,
    replace_clause,
    replace_throughout,
    replace_words,
)
from resolution_vcs.errors import AmbiguousError, InputError, NotFoundError
from resolution_vcs.ids import assign_ids
from resolution_vcs.importers import import_text
from resolution_vcs.operations import EPILOGUE, PREAMBLE, Operation
from resolution_vcs.parse import parse

from .conftest import CORPUS, SEED


@pytest.fixture(scope="module")
def seed_doc():  # type: ignore[no-untyped-def]
    return assign_ids(parse(import_text(SEED.read_text(encoding="utf-8")).markdown))


def _accept_all(doc, groups):  # type: ignore[no-untyped-def]
    for ops in groups:
        result = apply(doc, ops)
        assert result.ok, result.conflicts
        doc = result.document
    return doc


def test_corpus_replay_reproduces_every_version() -> None:
    doc = assign_ids(parse(CORPUS[0].read_text(encoding="utf-8")))
    for path in CORPUS[1:]:
        target = path.read_text(encoding="utf-8")
        groups = operations_from_copy(doc, target)
        assert groups, path.name
        doc = _accept_all(doc, groups)
        assert doc.render() == target, path.name


def _reads_as_before(doc, ops):  # type: ignore[no-untyped-def]
    """What applying ``ops`` tells: whether the text reads as it did (None: no text)."""
    result = apply(doc, ops, numbering=None).document
    return None if result is None else result.same_text(doc)


def _replacements(doc):  # type: ignore[no-untyped-def]
    """Replacements that leave the text as it is, change it, conflict, or give the blank
    line after a clause to the next one (the same text, other clauses)."""
    first, second, third = doc.clauses[3], doc.clauses[4], doc.clauses[5]
    return [
        [Operation(OpKind.REPLACE, c.id, base=c.source, new=c.source) for c in (first, third)],
        [Operation(OpKind.REPLACE, EPILOGUE, base=doc.epilogue, new=doc.epilogue)],
        [Operation(OpKind.REPLACE, PREAMBLE, base=doc.preamble, new=doc.preamble + "x\n")],
        [Operation(OpKind.REPLACE, first.id, base="Інші слова.\n", new="Нові слова.\n")],
        [
            Operation(OpKind.REPLACE, first.id, base=first.source, new=first.source[:-1]),
            Operation(OpKind.REPLACE, second.id, base=second.source, new="\n" + second.source),
        ],
    ]


def test_replacements_that_leave_the_text_as_it_is_are_told_without_applying_them() -> None:
    """leaves_as_is answers as applying the replacements does (True: the very text
    given back; False: another text or a conflict), or leaves the answer to it."""
    doc = assign_ids(parse(CORPUS[0].read_text(encoding="utf-8")))
    for path in CORPUS[1:5]:
        copy = operations_from_copy(doc, path.read_text(encoding="utf-8"))
        groups = _replacements(doc) + [[op for ops in copy for op in ops]]
        groups += [ops for ops in copy if all(op.op is OpKind.REPLACE for op in ops)]
        told = [leaves_as_is(doc, ops) for ops in groups]
        assert told[:5] == [True, True, False, False, None]
        everything = groups[5]
        assert told[5] is (None if any(op.op is not OpKind.REPLACE for op in everything) else False)
        for ops, fast in zip(groups, told, strict=True):
            result = apply(doc, ops, numbering=None).document
            if fast is True:
                assert result is doc
            elif fast is False:
                assert result is None or not result.same_text(doc)
        doc = _accept_all(doc, copy)


def test_throughout_fixes_all_four_typos(seed_doc) -> None:  # type: ignore[no-untyped-def]
    ops = replace_throughout(seed_doc, "СФЗО", "СЗФО")
    assert len(ops) == 4 and {op.op for op in ops} == {OpKind.REPLACE}
    result = apply(seed_doc, ops)
    assert result.ok
    text = result.document.render()
    assert "СФЗО" not in text and text.count("СЗФО") == seed_doc.render().count("СЗФО") + 4
    # Ids are kept; nothing else changed.
    assert [c.id for c in result.document] == [c.id for c in seed_doc]


def test_replace_words_needs_the_words_and_says_which(seed_doc) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="'Марс' does not occur in clause 1"):
        replace_words(seed_doc, "1", "Марс", "Венера")
    clause = seed_doc.find("¶8")
    with pytest.raises(AmbiguousError, match="occurs 2 times in clause ¶8"):
        replace_words(seed_doc, clause.id, "(г. Москва)", "(Москва)")
    op = replace_words(seed_doc, clause.id, "(г. Москва)", "(Москва)", occurrence=2)
    after = apply(seed_doc, [op]).document.find(clause.id).content
    assert after.count("(г. Москва)") == 1 and after.count("(Москва)") == 1
    assert after.index("(г. Москва)") < after.index("(Москва)")


def test_insert_after_a_bullet_makes_an_item(seed_doc) -> None:  # type: ignore[no-untyped-def]
    op = insert_clause(seed_doc, "¶12.3", "проводить ежегодный форум модельных библиотек.")
    doc = apply(seed_doc, [op]).document
    new = doc.find("¶12.4")
    assert new.text == "проводить ежегодный форум модельных библиотек."
    assert new.kind.value == "item" and new.id not in {c.id for c in seed_doc}
    assert len(doc.clauses) == len(seed_doc.clauses) + 1


def test_insert_into_numbered_list_renders_next_number(seed_doc) -> None:  # type: ignore[no-untyped-def]
    op = insert_clause(seed_doc, "8", "Новый вопрос повестки.")
    doc = apply(seed_doc, [op]).document
    assert doc.find("9").text == "Новый вопрос повестки."


def test_move_between_lists_takes_the_marker(seed_doc) -> None:  # type: ignore[no-untyped-def]
    bullet = seed_doc.find("¶12.1")
    doc = apply(seed_doc, [move_clause(seed_doc, bullet.id, "¶13.5")]).document
    moved = doc.get(bullet.id)
    assert moved is not None and moved.label == "¶13.6" and moved.content == bullet.content
    assert doc.find("¶12.1").id != bullet.id


def test_delete_and_replace_clause(seed_doc) -> None:  # type: ignore[no-untyped-def]
    target = seed_doc.find("5")
    doc = apply(seed_doc, [replace_clause(seed_doc, "5", "Опыт модернизации библиотек.")]).document
    assert doc.get(target.id).content == "Опыт модернизации библиотек."  # type: ignore[union-attr]
    doc = apply(doc, [delete_clause(doc, target.id)]).document
    assert doc.get(target.id) is None and doc.find("5").text.startswith("Обзор")


def test_changed_words_make_a_conflict_not_a_wrong_change(seed_doc) -> None:  # type: ignore[no-untyped-def]
    clause = seed_doc.find("¶12.2")
    first = replace_words(seed_doc, clause.id, "СФЗО", "СЗФО")
    competing = replace_words(seed_doc, clause.id, "регионов СФЗО", "субъектов СЗФО")
    doc = apply(seed_doc, [first]).document
    result = apply(doc, [competing])
    assert not result.ok
    assert "were changed since the amendment was proposed" in result.conflicts[0].reason


def test_deleted_anchor_is_a_conflict(seed_doc) -> None:  # type: ignore[no-untyped-def]
    insert = insert_clause(seed_doc, "3", "Новый пункт.")
    doc = apply(seed_doc, [delete_clause(seed_doc, "3")]).document
    result = apply(doc, [insert])
    assert not result.ok and "no longer exists" in result.conflicts[0].reason


def test_merge3() -> None:
    base = "one two three four five"
    assert merge3(base, "ONE two three four five", "one two three four FIVE") == (
        "ONE two three four FIVE"
    )
    assert merge3(base, "one TWO three four five", "one 2 three four five") is None
    assert merge3(base, "one TWO three four five", "one TWO three four five") == (
        "one TWO three four five"
    )
    assert merge3(base, base, "x") == "x" and merge3(base, "x", base) == "x"


WORDS = st.sampled_from("форум библиотека проект регион СЗФО культура модель".split())


@given(st.data())
@settings(max_examples=100, deadline=None)
def test_two_amendments_to_different_clauses_commute(seed_doc, data) -> None:  # type: ignore[no-untyped-def]
    clauses = [c for c in seed_doc if len(c.content.split()) > 3]
    a, b = data.draw(st.lists(st.sampled_from(clauses), min_size=2, max_size=2, unique=True))

    def edit(clause):  # type: ignore[no-untyped-def]
        words = clause.content.split(" ")
        i = data.draw(st.integers(0, len(words) - 1))
        words[i] = data.draw(WORDS)
        return replace_clause(seed_doc, clause.id, " ".join(words))

    try:
        op_a, op_b = edit(a), edit(b)
    except InputError:  # the drawn word equals the old one: nothing to propose
        return
    ab = apply(apply(seed_doc, [op_a]).document, [op_b]).document
    ba = apply(apply(seed_doc, [op_b]).document, [op_a]).document
    assert ab.render() == ba.render()
    assert [c.id for c in ab] == [c.id for c in ba]


@given(st.data())
@settings(max_examples=100, deadline=None)
def test_overlapping_word_changes_never_apply_silently(seed_doc, data) -> None:  # type: ignore[no-untyped-def]
    clause = data.draw(st.sampled_from([c for c in seed_doc if len(c.content.split()) > 4]))
    words = clause.content.split(" ")
    i = data.draw(st.integers(0, len(words) - 1))
    one, two = list(words), list(words)
    one[i] = "ПЕРВОЕ"
    two[i] = "ВТОРОЕ"
    doc = apply(seed_doc, [replace_clause(seed_doc, clause.id, " ".join(one))]).document
    result = apply(doc, [replace_clause(seed_doc, clause.id, " ".join(two))])
    assert not result.ok


def test_edited_copy_gives_one_amendment_per_change(seed_doc) -> None:  # type: ignore[no-untyped-def]
    text = seed_doc.render()
    text = text.replace("Опыт создания", "Опыт открытия").replace(
        "Обзор новых технических", "Обзор современных технических"
    )
    groups = operations_from_copy(seed_doc, text)
    assert [[op.op for op in g] for g in groups] == [[OpKind.REPLACE], [OpKind.REPLACE]]
    assert [g[0].target for g in groups] == [seed_doc.find("5").id, seed_doc.find("6").id]
    assert operations_from_copy(seed_doc, seed_doc.render()) == []


def test_edited_copy_run_of_new_clauses_is_one_insertion(seed_doc) -> None:  # type: ignore[no-untyped-def]
    text = seed_doc.render().replace(
        "Форум прошел в гибридном формате – оффлайн и онлайн.\n",
        "Форум прошел в гибридном формате – оффлайн и онлайн.\n\nПервый новый абзац.\n\n"
        "Второй новый абзац.\n",
    )
    groups = operations_from_copy(seed_doc, text)
    assert len(groups) == 1 and groups[0][0].op is OpKind.INSERT
    assert _accept_all(seed_doc, groups).render() == text


def test_changes_to_neighbouring_words_conflict() -> None:
    base = "Опыт создания модельных библиотек"
    assert (
        merge3(base, "Опыт открытия модельных библиотек", "Практика создания модельных библиотек")
        is None
    )
    assert (
        merge3(base, "Опыт открытия модельных библиотек", "Опыт открытия модельных библиотек")
        == "Опыт открытия модельных библиотек"
    )
    assert merge3(base, "Опыт открытия модельных библиотек", "Опыт создания модельных книг") == (
        "Опыт открытия модельных книг"
    )


def test_deleting_the_last_list_item_keeps_the_next_paragraph_apart(seed_doc) -> None:  # type: ignore[no-untyped-def]
    doc = apply(seed_doc, [delete_clause(seed_doc, "8")]).document
    assert doc is not None and len(doc.clauses) == len(seed_doc.clauses) - 1
    assert doc.find("7").content == seed_doc.find("7").content
    assert doc.find("¶11").text.startswith("Участниками Форума")


def test_a_copy_that_keeps_one_clause_moved_past_the_deleted_ones() -> None:
    """When every clause but one is deleted, the one left needs no move (there is
    nothing to anchor it to): the amendments still give the copy (found by fuzzing)."""
    current = assign_ids(
        parse("- резолюция\n  - резолюция\n\n  ::: {.section}\nрезолюция\n:::\n\n")
    )
    copy = "  ::: {.section}\nрезолюция\n:::\n\n"
    groups = operations_from_copy(current, copy)
    applied = apply(current, [op for group in groups for op in group])
    assert applied.document is not None
    assert applied.document.render() == copy


def test_a_copy_amendments_cannot_carry_exactly_is_refused() -> None:
    """Never a proposal whose acceptance would not give the copy (found by fuzzing):
    here a heading put between repeated paragraphs; the message says what to do."""
    current = assign_ids(
        parse("форум\n\nрезолюция резолюция резолюция\n\nрезолюция\n\nрезолюция\n\n")
    )
    copy = "резолюция резолюция\n\n# резолюция\n\nрезолюция резолюция резолюция\n\n"
    with pytest.raises(InputError) as info:
        operations_from_copy(current, copy)
    assert str(info.value) == (
        "The edited copy changes the text in a way amendments cannot carry exactly "
        "(the result differs). Record it as a revision with 'resvcs revise', or propose "
        "the changes one by one"
    )


def test_new_text_before_a_clause_moved_into_a_list_lands_in_order() -> None:
    """An insertion and a move to the same place are one amendment, the move first."""
    current = assign_ids(parse("резолюция\n\nрезолюция резолюция\n\n"))
    copy = "1. резолюция\n   - резолюция\n   - резолюция резолюция\n\n"
    groups = operations_from_copy(current, copy)
    applied = apply(current, [op for group in groups for op in group])
    assert applied.document is not None
    assert applied.document.render() == copy
    assert [op.op for op in groups[-1]] == [OpKind.MOVE, OpKind.INSERT]


def test_a_clause_inserted_after_the_last_paragraph_stands_alone() -> None:
    """The last paragraph ends without a blank line: the new one must not run on into it."""
    doc = assign_ids(parse("# Резолюция\n\nПервый абзац.\n\nПоследний абзац.\n"))
    applied = apply(doc, [insert_clause(doc, "¶3", "Новый абзац.")])
    assert applied.document is not None
    assert applied.document.render() == (
        "# Резолюция\n\nПервый абзац.\n\nПоследний абзац.\n\nНовый абзац.\n"
    )
    assert check(doc, [insert_clause(doc, "¶3", "Новый абзац.")]) == ()


def test_amendments_from_a_copy_each_apply_alone() -> None:
    """Reword the next-to-last paragraph and delete the last one: the rewording keeps
    its blank line, so it applies without the deletion too (found by fuzzing)."""
    doc = assign_ids(parse("# Резолюция\n\nПервый абзац.\n\nПоследний абзац.\n"))
    groups = operations_from_copy(doc, "# Резолюция\n\nПервый абзац, исправленный.\n")
    assert len(groups) == 2
    for group in groups:
        assert apply(doc, group).conflicts == ()


_REWORDINGS = (
    "new words",
    "- one\n- two",
    "1. first",
    "# A heading",
    "one\n\ntwo",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "line one\nline two",
    "    indented",
    "> quoted",
    "<div>",
    "```\ncode",
    "2. two\n3. three",
    "[x]: https://example.org",
    "words [a link][x] *and* more",
)


_NESTED = """# Заголовок

Вступительный абзац с [ссылкой][x].

1. Первый пункт.
   - подпункт один;
   - подпункт два.

   Абзац внутри пункта после списка.
2. Второй пункт.
3. Третий пункт:
   1. вложенный;
   2. ещё вложенный.

Абзац между списками.

1. Снова первый.
2. Снова второй.

| Колонка | Другая |
|---|---|
| 1 | 2 |

- маркер;
- ещё маркер.

> Цитата в конце.

[x]: https://example.org
"""


@pytest.mark.parametrize("text", [_NESTED, SEED.read_text(encoding="utf-8")], ids=["lists", "seed"])
def test_a_rewording_reads_as_the_whole_text_parsed(text: str) -> None:
    """Rewordings are applied by parsing only the region around them: the result is
    the whole text parsed again, with the same ids (labels, parents, numbers, words)."""
    from resolution_vcs.ids import with_ids

    doc = assign_ids(parse(import_text(text).markdown))
    for k, clause in enumerate(doc.clauses):
        extra = _REWORDINGS[k % len(_REWORDINGS)]
        for new in (clause.content + " ещё", extra, clause.content + "\n" + extra):
            try:
                op = replace_clause(doc, clause.id, new)
            except InputError:
                continue
            result = apply(doc, [op]).document
            if result is None:
                continue
            whole = parse(result.render())
            expected = with_ids(whole, [c.id for c in result.clauses], result.retired)
            assert result.clauses == expected.clauses
            assert [c.parts for c in result] == [c.parts for c in expected]
            assert [c.text for c in result] == [c.text for c in expected]


def _structure(doc):  # type: ignore[no-untyped-def]
    """Every field of every clause but the id, as a whole parse gives them."""
    return [doc.preamble, doc.epilogue] + [
        (c.kind, c.content, c.label, c.number, c.parent, c.source, c.text, c.parts) for c in doc
    ]


def test_each_text_applied_is_what_parsing_it_whole_gives() -> None:
    """apply parses a text made from one it parsed before only where it differs; every
    amendment of the law's versions, applied one by one, and tried one by one on the
    text before them (as a proposal's are), gives the clauses a whole parse gives."""
    doc = assign_ids(parse(CORPUS[0].read_text(encoding="utf-8")))
    for path in CORPUS[1:]:
        groups = operations_from_copy(doc, path.read_text(encoding="utf-8"))
        for ops in groups:  # each on the same text, as a proposal's amendments are checked
            tried = apply(doc, ops).document
            assert tried is not None
            assert _structure(tried) == _structure(parse(tried.render())), path.name
        for ops in groups:
            made = apply(doc, ops).document
            assert made is not None
            assert _structure(made) == _structure(parse(made.render())), path.name
            doc = made


def test_a_kept_parse_serves_only_its_own_text() -> None:
    """Two texts with the same clause ids, one applied to after the other: the second
    is parsed as itself, not from the parse kept of the first."""
    first = assign_ids(parse("# Title\n\nOne.\n\n1. a\n2. b\n\nTwo.\n"))
    second = assign_ids(parse("# Title\n\nOne.\n\n- x\n- y\n- z\n\nTwo.\n"))
    insert = insert_clause(first, first.clauses[1].id, "Between.")
    made = apply(first, [insert]).document
    assert made is not None and "Between." in made.render()
    again = apply(second, [insert_clause(second, second.clauses[1].id, "Here.")])
    assert again.document is not None
    text = again.document.render()
    assert text == "# Title\n\nOne.\n\nHere.\n\n- x\n- y\n- z\n\nTwo.\n"
    assert _structure(again.document) == _structure(parse(text))


def test_a_kept_parse_is_never_read_in_another_thread() -> None:
    """The web app applies amendments in several threads; a parse is made lazily, so each
    thread keeps its own."""
    import threading

    from resolution_vcs import amend
    from resolution_vcs.reparse import Parsed

    text = "1. One.\n2. Two.\n"
    document = Parsed.of(text).document
    amend._keep_parsed(document, Parsed.of(text))
    seen: list[list[object]] = []
    other = threading.Thread(target=lambda: seen.append(list(amend._kept_parses.entries)))
    other.start()
    other.join()
    assert seen == [[]]
    assert [entry[0] for entry in amend._kept_parses.entries][0] is document
