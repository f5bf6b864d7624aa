from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from resolution_vcs.errors import InputError
from resolution_vcs.text import (
    comparison_key,
    decode,
    detect_language,
    fold,
    normalize,
    similarity,
    tokenize,
    words,
)


def test_normalize_drops_bom_crlf_and_composes() -> None:
    assert normalize("\ufeffa\r\nb\rc") == "a\nb\nc"
    assert normalize("е\u0308") == "ё"


def test_normalize_keeps_nbsp_quotes_and_dashes() -> None:
    text = "«Культура»\xa0– итог — ok"
    assert normalize(text) == text


def test_decode_refuses_non_utf8_with_offset_and_advice() -> None:
    with pytest.raises(
        InputError,
        match=r"draft.txt is not UTF-8 text \(invalid byte at line 1, column 1, byte 0\)",
    ):
        decode("Проект".encode("cp1251"), source="draft.txt")


def test_decode_with_encoding_converts() -> None:
    assert decode("Проект".encode("cp1251"), source="x", encoding="cp1251") == "Проект"


def test_decode_unknown_encoding_and_binary() -> None:
    with pytest.raises(InputError, match="Unknown encoding 'nope'"):
        decode(b"abc", source="x", encoding="nope")
    with pytest.raises(InputError, match="binary file"):
        decode(b"ab\x00c", source="x")


def test_tokens_cover_cyrillic_latin_digits_punctuation() -> None:
    assert tokenize("СФЗО-2022, «IDlogic» 17\xa0марта") == [
        "СФЗО-2022",
        ",",
        " ",
        "«",
        "IDlogic",
        "»",
        " ",
        "17",
        "\xa0",
        "марта",
    ]
    assert words("Северо-Запада «БиблиоMODEL-2022»") == ["Северо-Запада", "БиблиоMODEL-2022"]


@given(st.text())
def test_tokens_join_back(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_fold_makes_any_space_equal() -> None:
    assert fold("\xa0") == fold(" ") == fold("\n  ") == " "
    assert fold("a") == "a"
    assert comparison_key(" a\xa0 b\n") == "a b"


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\xa0\u2028\u3000\x1c\x85.й")))
@example("a  b")
@example(" a b")
@example("a b ")
@example("a\xa0b")
@example("")
def test_comparison_key_folds_as_split_and_join(text: str) -> None:
    # A text already folded is given back as it is: the same key as splitting and joining.
    assert comparison_key(text) == " ".join(text.split())


def test_no_white_space_but_the_space_is_printable() -> None:
    # What comparison_key relies on to know a text folded without splitting it.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]


def test_similarity_rule() -> None:
    long_a = "Проектным офисам по реализации национального проекта рекомендовать обратить внимание"
    long_b = long_a.replace("обратить", "уделить")
    assert similarity(long_a, long_b) == pytest.approx(2 * 8 / 18)  # 9 words, 8 shared
    assert similarity("Цель Форума", "Цели Форума") > 0.6  # short: character bigrams
    assert similarity("abc", "xyz") == 0.0


def test_detect_language() -> None:
    assert detect_language("Проект резолюции of the forum") == "ru"
    assert detect_language("Проєкт резолюції форуму") == "uk"
    # A Russian text that quotes a Ukrainian name stays Russian.
    assert detect_language("Резолюция форума «Київ»: объём работы, съезд, это") == "ru"
    assert detect_language("Draft resolution, п. 3") == "en"
