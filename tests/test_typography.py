from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolution_vcs.typography import (
    EVERYTHING,
    NOTHING,
    TYPOGRAPHY,
    WRAPPING,
    Styles,
    differences,
    folded,
    key,
    tokens,
)


@pytest.mark.parametrize(
    "old,new,category",
    [
        ("«Культура»", "“Культура”", "quotes"),
        ('"Культура"', "„Культура“", "quotes"),
        ("суб'єктів", "суб’єктів", "quotes"),
        ("Северо-Запада", "Северо\u2011Запада", "dashes"),
        ("1990–2000", "1990-2000", "dashes"),
        ("онлайн – офлайн", "онлайн — офлайн", "dashes"),
        ("онлайн -- офлайн", "онлайн — офлайн", "dashes"),
        ("и т.д…", "и т.д...", "ellipses"),
        ("17\xa0марта", "17 марта", "non-breaking spaces"),
        ("17\u202fмарта", "17 марта", "non-breaking spaces"),
        ("прошел  Форум", "прошел Форум", "spaces"),
        ("прошел Форум", "прошел\nФорум", "line breaks"),
    ],
)
def test_variants_compare_equal_and_are_named(old: str, new: str, category: str) -> None:
    old_keys = [key(t, EVERYTHING) for t in tokens(old, EVERYTHING)]
    new_keys = [key(t, EVERYTHING) for t in tokens(new, EVERYTHING)]
    assert old_keys == new_keys
    assert differences(old, new) == {category}
    assert folded(old, EVERYTHING) == folded(new, EVERYTHING)


def test_each_group_leaves_aside_only_its_own() -> None:
    wrapped, retyped = "«Форум»\nмодельных", "“Форум” модельных"
    base = "«Форум» модельных"
    assert folded(wrapped, WRAPPING) == folded(base, WRAPPING)
    assert folded(retyped, WRAPPING) != folded(base, WRAPPING)
    assert folded(retyped, TYPOGRAPHY) == folded(base, TYPOGRAPHY)
    assert folded(wrapped, TYPOGRAPHY) != folded(base, TYPOGRAPHY)
    assert folded("17\xa0марта", WRAPPING) != folded("17 марта", WRAPPING)
    assert folded(base, NOTHING) == base
    # Words stay words: a changed word is never a typographic variant.
    assert folded("Форум модельных", EVERYTHING) != folded("Форум модельной", EVERYTHING)


@given(st.text())
def test_tokens_give_the_text_back(text: str) -> None:
    for ignore in (NOTHING, WRAPPING, TYPOGRAPHY, EVERYTHING):
        assert "".join(tokens(text, ignore)) == text


def test_styles_write_new_words_as_the_text_writes_them() -> None:
    styles = Styles()
    for copy, text in (("“", "«"), ("”", "»"), ("—", "–")):
        styles.learn(copy, text)
    styles.same("Северо-Запада")
    assert styles.apply("проект “Гений места” — итог") == "проект «Гений места» – итог"
    # Where the copy wrote one character for two of the text's, it stays as the copy has it.
    styles.learn("“", '"')
    assert styles.apply("“Гений места”") == "“Гений места»"
