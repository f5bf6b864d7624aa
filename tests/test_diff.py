from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.diff import ChangeKind, apply_diff, diff, inline_diff
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.reparse import Parsed, parse_next
from resolution_vcs.typography import EVERYTHING, NOTHING

from .conftest import CORPUS
from .strategies import edited_documents


def _check_ops(delta) -> None:  # type: ignore[no-untyped-def]
    for change in delta.changes:
        if change.ops:
            assert "".join(op.old for op in change.ops) == change.old.content
            assert "".join(op.new for op in change.ops) == change.new.content


@pytest.mark.parametrize(
    "old_path,new_path", list(zip(CORPUS, CORPUS[1:], strict=False)), ids=lambda p: p.name
)
def test_corpus_pairs_apply_exactly(old_path: Path, new_path: Path) -> None:
    old_text, new_text = old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8")
    old, new = parse(old_text), parse(new_text)
    delta = diff(old, new)
    assert apply_diff(old, delta) == new_text
    _check_ops(delta)
    assert delta.has_changes
    # With ids carried over (versions of one draft) the answer is the same.
    old_ids = assign_ids(old)
    delta_ids = diff(old_ids, assign_ids(new, old_ids))
    assert apply_diff(old_ids, delta_ids) == new_text
    assert delta_ids.summary == delta.summary
    # Without the word operations, the same changes of the same kinds.
    bare = diff(old, new, words=False)
    assert [(c.kinds, c.old, c.new) for c in bare.changes] == [
        (c.kinds, c.old, c.new) for c in delta.changes
    ]
    assert not any(c.ops for c in bare.changes) and any(c.ops for c in delta.changes)


def test_corpus_v13_v14_reports_the_real_changes() -> None:
    delta = diff(
        parse(CORPUS[12].read_text(encoding="utf-8")), parse(CORPUS[13].read_text(encoding="utf-8"))
    )
    assert delta.summary["modified"] == 4
    assert delta.summary["added"] == delta.summary["deleted"] == 0
    first = delta.changed[0]
    assert [(op.op, op.text) for op in first.ops if op.op != "equal"] == [
        ("delete", "01.01"),
        ("insert", "19.02"),
    ]


@given(edited_documents())
@settings(max_examples=200, deadline=None)
def test_generated_pairs_apply_exactly(pair: tuple[str, str]) -> None:
    old_text, new_text = pair
    old, new = parse(old_text), parse(new_text)
    delta = diff(old, new)
    assert apply_diff(old, delta) == new_text
    _check_ops(delta)
    # Without the word operations, the same kinds of change.
    bare = diff(old, new, words=False)
    assert [c.kinds for c in bare.changes] == [c.kinds for c in delta.changes]
    # Every clause of both versions appears exactly once.
    assert sum(1 for c in delta.changes if c.old) == len(old.clauses)
    assert sum(1 for c in delta.changes if c.new) == len(new.clauses)


def _without_shortcut(old, new, ignore):  # type: ignore[no-untyped-def]
    """The diff with every pair of clauses compared, none taken as written alike."""
    with mock.patch("resolution_vcs.diff._written_alike", return_value=False):
        return diff(old, new, ignore=ignore)


@given(
    edited_documents(),
    st.sampled_from([NOTHING, frozenset({"wrapping"}), frozenset({"typography"}), EVERYTHING]),
)
@settings(max_examples=100, deadline=None)
def test_clauses_written_alike_diff_as_when_compared(
    pair: tuple[str, str], ignore: frozenset[str]
) -> None:
    old_text, new_text = pair
    previous = Parsed.of(old_text)
    old = previous.document
    # The new version read from the old one shares its unchanged clauses (the very
    # objects, or copies with another label), as diff-files reads two files.
    for new in (parse(new_text), parse_next(previous, new_text).document):
        assert diff(old, new, ignore=ignore) == _without_shortcut(old, new, ignore)


@pytest.mark.parametrize("ignore", [NOTHING, EVERYTHING])
def test_corpus_clauses_written_alike_diff_as_when_compared(ignore: frozenset[str]) -> None:
    for old_path, new_path in zip(CORPUS, CORPUS[1:], strict=False):
        previous = Parsed.of(old_path.read_text(encoding="utf-8"))
        old = previous.document
        new = parse_next(previous, new_path.read_text(encoding="utf-8")).document
        assert diff(old, new, ignore=ignore) == _without_shortcut(old, new, ignore)


def test_clause_written_alike_under_a_renumbered_item_is_renumbered() -> None:
    previous = Parsed.of("Decide:\n\n1. first\n2. second\n   - detail\n")
    old = previous.document
    new = parse_next(previous, "Decide:\n\n1. zero\n2. first\n3. second\n   - detail\n").document
    delta = diff(old, new)
    detail = next(c for c in delta.changes if c.new is not None and c.new.content == "detail")
    assert detail.kinds == (ChangeKind.RENUMBERED,)
    assert delta == _without_shortcut(old, new, NOTHING)


def test_identical_inputs_give_no_changes() -> None:
    text = CORPUS[0].read_text(encoding="utf-8")
    delta = diff(parse(text), parse(text))
    assert not delta.has_changes
    assert delta.summary["unchanged"] == len(parse(text).clauses)


def test_clause_moved_to_another_list_is_moved() -> None:
    old = parse(
        "Recommend:\n\n- keep reading clubs open\n- fund new library buildings\n\n"
        "Advise:\n\n- train the staff every year\n"
    )
    new = parse(
        "Recommend:\n\n- keep reading clubs open\n\n"
        "Advise:\n\n- train the staff every year\n- fund new library buildings\n"
    )
    delta = diff(old, new)
    assert delta.summary["added"] == delta.summary["deleted"] == 0
    (moved,) = delta.changed
    assert moved.kind is ChangeKind.MOVED
    assert (moved.old.label, moved.new.label) == ("¶1.2", "¶2.2")


def test_moved_and_modified_is_both() -> None:
    old = parse(
        "- keep reading clubs open in every town\n- fund new library buildings soon\n"
        "- train the staff every year please\n"
    )
    new = parse(
        "- fund new library buildings very soon\n- keep reading clubs open in every "
        "town\n- train the staff every year please\n"
    )
    changes = [c for c in diff(old, new).changes if c.kind is not ChangeKind.UNCHANGED]
    assert [(c.new.text, c.kinds) for c in changes] == [
        ("fund new library buildings very soon", (ChangeKind.MOVED, ChangeKind.MODIFIED))
    ]


def test_insert_before_numbered_items_renumbers_not_modifies() -> None:
    old = parse(
        "Questions:\n\n1. Culture in the region;\n2. Strategy of model libraries.\n"
        "3. Role of the library.\n"
    )
    new = parse(
        "Questions:\n\n1. A new first question.\n2. Culture in the region;\n"
        "3. Strategy of model libraries.\n4. Role of the library.\n"
    )
    delta = diff(old, new)
    assert delta.summary == {
        "unchanged": 1,
        "modified": 0,
        "added": 1,
        "deleted": 0,
        "moved": 0,
        "renumbered": 3,
        "layout": 0,
    }
    renumbered = [c for c in delta.changes if c.kind is ChangeKind.RENUMBERED]
    assert [(c.old.label, c.new.label) for c in renumbered] == [("1", "2"), ("2", "3"), ("3", "4")]


def test_one_word_in_a_long_cyrillic_clause(seed_text: str) -> None:
    clause = next(line for line in seed_text.splitlines() if line.startswith("В Форуме"))
    ops = inline_diff(clause, clause.replace("Крым", "Татарстан", 1))
    assert [(op.op, op.text) for op in ops if op.op != "equal"] == [
        ("delete", "Крым"),
        ("insert", "Татарстан"),
    ]


def test_nbsp_equals_space_but_is_kept() -> None:
    ops = inline_diff("17 марта 2022", "17\xa0марта 2022")
    assert [op.op for op in ops] == ["equal"]
    assert ops[0].text == "17\xa0марта 2022" and ops[0].old == "17 марта 2022"
    delta = diff(parse("17 марта 2022\n"), parse("17\xa0марта 2022\n"))
    assert delta.changed[0].whitespace_only


def test_large_clause_diff_is_minimal_without_time_budget() -> None:
    words = [f"слово{i}" for i in range(6000)]
    old = " ".join(words)
    new_words = list(words)
    new_words[3000] = "изменено"
    ops = inline_diff(old, " ".join(new_words))
    changed = [(op.op, op.text) for op in ops if op.op != "equal"]
    assert changed == [("delete", "слово3000"), ("insert", "изменено")]


def test_a_change_of_indentation_alone_is_a_change() -> None:
    """Different texts never compare as the same (found by fuzzing: a leading space)."""
    delta = diff(parse("резолюция\n"), parse(" резолюция\n"))
    assert delta.has_changes
    assert delta.layout_changed
    renumbered = diff(assign_ids(parse("1. a\n")), assign_ids(parse("2. a\n")))
    assert not renumbered.layout_changed


def test_a_list_number_changed_in_the_source_alone_is_a_renumbering() -> None:
    """A Markdown renderer would count "3." after "1." as 2, but people read the
    number written: the clause was renumbered, its words are the same."""
    delta = diff(assign_ids(parse("1. a\n2. b\n")), assign_ids(parse("1. a\n3. b\n")))
    assert delta.has_changes
    assert [c.kinds for c in delta.changes] == [(), (ChangeKind.RENUMBERED,)]
    assert delta.changes[1].old.label == "2" and delta.changes[1].new.label == "3"


def test_a_number_written_in_a_paragraph_changed_alone_is_a_renumbering() -> None:
    old = assign_ids(parse("Стаття 1. Назва\n\n[]{#n9}\n2. Текст частини.\n"))
    new = assign_ids(parse("Стаття 1. Назва\n\n[]{#n9}\n3. Текст частини.\n"), old)
    change = diff(old, new).changes[1]
    assert change.kinds == (ChangeKind.RENUMBERED,)
    assert apply_diff(old, diff(old, new)) == new.render()


def test_a_long_shared_run_stays_unchanged_between_long_edits() -> None:
    """As git's word diff keeps it: the semantic clean-up does not swallow a run of
    several words shared by two long rewordings around it."""
    old = (
        "Цивільний захист - це функція держави, спрямована на захист населення, територій, "
        "навколишнього природного середовища та майна від надзвичайних ситуацій шляхом "
        "запобігання таким ситуаціям, ліквідації їх наслідків і надання допомоги постраждалим"
    )
    new = (
        "Цивільний захист - комплекс заходів, що здійснюються органами влади і спрямованих "
        "на захист населення, територій, навколишнього природного середовища, майна, "
        "людей і тварин у мирний час та в особливий період відповідно до закону"
    )
    ops = inline_diff(old, new)
    assert "".join(op.old for op in ops) == old
    assert "".join(op.new for op in ops) == new
    kept = [op.text.strip() for op in ops if op.op == "equal"]
    assert "на захист населення, територій, навколишнього природного середовища" in kept
