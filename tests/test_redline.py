"""Redlines: terminal text, CriticMarkup, JSON; and the i18n they use."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.diff import DocumentDiff, diff
from resolution_vcs.errors import InputError
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.present import i18n
from resolution_vcs.present.i18n import detect_language, resolve_lang, t
from resolution_vcs.present.markup import (
    _ALWAYS,
    _ZERO_WIDTH,
    Piece,
    char_name,
    visible_pieces,
)
from resolution_vcs.present.redline import (
    _indented_json,
    change_notes,
    diff_to_dict,
    expand_ops,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from resolution_vcs.text import tokenize
from resolution_vcs.typography import EVERYTHING, NOTHING

from .conftest import generated_code

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "ua-2939-17"
SEED = SHARED / "seeds" / "000_bbe0634253d43230.txt"

OLD = """\
# Резолюция

Вступление к резолюции.

1. Первый пункт о библиотеках.
2. Второй пункт о чтении книг.
3. Третий пункт удалить.
4. Четвертый\u00a0пункт о финансировании.

Рекомендации:

- первая рекомендация для всех
- вторая рекомендация для министерства
"""

NEW = """\
# Резолюция

Вступление к резолюции.

1. Новый пункт в начале текста.
2. Первый пункт о публичных библиотеках.
3. Второй пункт о чтении журналов.
4. Четвертый пункт о финансировании.

Рекомендации:

- вторая рекомендация для министерства
- первая рекомендация для всех
"""


def versions(old: str, new: str) -> DocumentDiff:
    """Diff of two texts as versions of one draft (ids carried from old to new)."""
    a = assign_ids(parse(old))
    return diff(a, assign_ids(parse(new), a))


def plain(old: str, new: str) -> DocumentDiff:
    """Diff of two texts without ids (paired by content)."""
    return diff(parse(old), parse(new))


def corpus_pairs() -> list[tuple[Path, Path]]:
    files = sorted(CORPUS.glob("v*.md"))
    return list(zip(files, files[1:], strict=False))


def accept_all(markup: str) -> str:
    """Accept every CriticMarkup change and drop comments (an independent reader)."""
    markup = re.sub(r"\{--.*?--\}", "", markup, flags=re.DOTALL)
    markup = re.sub(r"\{\+\+(.*?)\+\+\}", r"\1", markup, flags=re.DOTALL)
    markup = re.sub(r"\{~~.*?~>(.*?)~~\}", r"\1", markup, flags=re.DOTALL)
    return re.sub(r"\{>>.*?<<\}", "", markup, flags=re.DOTALL)


def op_sides(ops: list[dict[str, str]]) -> tuple[str, str]:
    """Old and new text from JSON ops, as docs/diff-json.md says."""
    old = "".join(o.get("old_text", o["text"]) for o in ops if o["op"] != "insert")
    new = "".join(o["text"] for o in ops if o["op"] != "delete")
    return old, new


# --- terminal text ---------------------------------------------------------------------


def test_text_plain_is_wdiff_style_exactly() -> None:
    delta = plain(
        "# Резолюция\n\n1. Второй пункт о чтении книг.\n",
        "# Резолюция\n\n1. Второй пункт о чтении журналов.\n",
    )
    out = render_text(delta, color=False)
    assert out == "[1]  modified\nВторой пункт о чтении [-книг-]{+журналов+}.\n"


def test_text_headers_name_id_and_every_kind() -> None:
    delta = versions(OLD, NEW)
    out = render_text(delta, color=False)
    by_label = {c.label: c for c in delta.changes}
    first = by_label["2"]
    assert f"[2] {first.id}  modified; renumbered 1 → 2\n" in out
    assert "Первый пункт о {+публичных +}библиотеках." in out
    assert "[1] " in out and "  added\n{+Новый пункт в начале текста.+}" in out
    assert "  deleted\n[-Третий пункт удалить.-]" in out
    assert "  moved from ¶3.2\nвторая рекомендация для министерства" in out
    # unchanged clauses appear only with context
    assert "Вступление к резолюции." not in out
    assert "Вступление к резолюции." in render_text(delta, color=False, context=True)


def test_text_color_uses_ansi_and_no_brackets() -> None:
    delta = versions(OLD, NEW)
    out = render_text(delta, color=True)
    assert "\x1b[31mкниг\x1b[0m" in out
    assert "\x1b[32mжурналов\x1b[0m" in out
    assert "[-" not in out and "{+" not in out and "-]" not in out and "+}" not in out


def test_text_headers_in_russian() -> None:
    out = render_text(versions(OLD, NEW), color=False, lang="ru")
    assert "изменён; перенумерован 1 → 2" in out
    assert "перемещён из ¶3.2" in out
    assert "исключён" in out and "добавлен" in out


def test_one_word_change_in_long_cyrillic_clause_shows_exactly_that_word() -> None:
    seed = SEED.read_text(encoding="utf-8")
    document = parse(seed)
    clause = max(document.clauses, key=lambda c: len(c.content))
    assert len(clause.content) > 300
    tokens = tokenize(clause.content)
    words_at = [i for i, tok in enumerate(tokens) if tok.isalpha() and len(tok) > 5]
    middle = words_at[len(words_at) // 2]
    word = tokens[middle]
    tokens[middle] = "ПЕРЕСМОТРЕННОЕ"
    assert seed.count(clause.content) == 1
    delta = diff(document, parse(seed.replace(clause.content, "".join(tokens))))

    out = render_text(delta, color=False)
    assert out.count("[-") == 1 and out.count("{+") == 1
    assert f"[-{word}-]{{+ПЕРЕСМОТРЕННОЕ+}}" in out
    (change,) = delta.changed
    assert [op.op for op in change.ops] == ["equal", "delete", "insert", "equal"]


# --- invisible characters --------------------------------------------------------------


def test_spacing_only_change_is_named_and_shown() -> None:
    delta = plain("Пункт о\u00a0библиотеках и чтении.\n", "Пункт о библиотеках и чтении.\n")
    out = render_text(delta, color=False)
    assert out.startswith("[¶1]  modified (spacing only)\n")
    assert "Пункт о[-<NBSP>-]{+ +}библиотеках и чтении." in out
    colored = render_text(delta, color=True)
    assert "\x1b[41m<NBSP>\x1b[0m" in colored  # background colour: a space must show


def test_zero_width_and_bidi_characters_are_made_visible() -> None:
    old = "Срок исполнения до мая.\n\nВторой абзац текста.\n"
    new = "Срок исполнения\u200b до мая.\n\nВторой \u202eабзац\u202c текста.\n"
    out = render_text(plain(old, new), color=False)
    assert "{+<U+200B>+}" in out
    assert "<U+202E>" in out and "<U+202C>" in out
    assert "\u200b" not in out and "\u202e" not in out


_ORDINARY = "aЖ1 \n.-«"
#: Every character :func:`visible_pieces` may name, and some it never names.
_NAMED_OR_NOT = sorted(
    {*_ALWAYS, *_ZERO_WIDTH, *(chr(c) for c in range(0x3100) if chr(c).isspace()), *_ORDINARY}
)


def _pieces_char_by_char(text: str, *, changed: bool, spacing: bool) -> tuple[Piece, ...]:
    """:func:`visible_pieces` told character by character: each named character a marker,
    the characters between them joined."""
    pieces: list[Piece] = []
    for char in text:
        if (
            char in _ALWAYS
            or (changed and char in _ZERO_WIDTH)
            or (spacing and char.isspace() and char not in " \n")
        ):
            pieces.append(Piece(char_name(char), marker=True))
        elif pieces and not pieces[-1].marker:
            pieces[-1] = Piece(pieces[-1].text + char)
        else:
            pieces.append(Piece(char))
    return tuple(pieces)


@given(st.text(st.sampled_from(_NAMED_OR_NOT)), st.booleans(), st.booleans())
@settings(max_examples=300)
def test_visible_pieces_names_the_characters_it_finds(
    text: str, changed: bool, spacing: bool
) -> None:
    found = visible_pieces(text, changed=changed, spacing=spacing)
    assert found == _pieces_char_by_char(text, changed=changed, spacing=spacing)


@pytest.mark.parametrize("char", _NAMED_OR_NOT)
def test_visible_pieces_looks_for_each_character_it_names(char: str) -> None:
    for changed in (False, True):
        for spacing in (False, True):
            text = f"ab{char}cd"
            found = visible_pieces(text, changed=changed, spacing=spacing)
            assert found == _pieces_char_by_char(text, changed=changed, spacing=spacing)


def test_control_characters_cannot_reach_the_terminal() -> None:
    out = render_text(plain("Текст пункта.\n", "Текст \x1b[2Jпункта.\n"), color=False)
    assert "\x1b" not in out
    assert "<U+001B>" in out


def test_expand_ops_splits_spacing_differences() -> None:
    delta = plain("a\u00a0b c d\n", "a b c e\n")
    (change,) = delta.changed
    runs = expand_ops(change.ops)
    assert [(r.op, r.text, r.spacing) for r in runs] == [
        ("equal", "a", False),
        ("delete", "\u00a0", True),
        ("insert", " ", True),
        ("equal", "b c ", False),
        ("delete", "d", False),
        ("insert", "e", False),
    ]


# --- CriticMarkup ----------------------------------------------------------------------


def test_markdown_marks_every_kind() -> None:
    md = render_markdown(versions(OLD, NEW))
    assert "3. Второй пункт о чтении {~~книг~>журналов~~}." in md
    assert "1. {++Новый пункт в начале текста.++}" in md
    assert "{--3. Третий пункт удалить.--}" in md
    assert "- вторая рекомендация для министерства{>>moved from ¶3.2<<}" in md
    assert "{>>renumbered, was 1<<}" in md
    assert "{~~\u00a0~> ~~}" in md  # the spacing change is recorded too


def test_markdown_round_trip_gives_new_contents() -> None:
    delta = versions(OLD, NEW)
    accepted = parse(accept_all(render_markdown(delta)))
    assert [c.content for c in accepted] == [c.new.content for c in delta.changes if c.new]


@pytest.mark.parametrize("pair", corpus_pairs(), ids=lambda p: f"{p[0].stem}-{p[1].stem}")
def test_markdown_round_trip_on_corpus(pair: tuple[Path, Path]) -> None:
    old_text, new_text = (p.read_text(encoding="utf-8") for p in pair)
    delta = diff(parse(old_text), parse(new_text))
    accepted = accept_all(render_markdown(delta))
    assert [c.content for c in parse(accepted)] == [c.content for c in parse(new_text)]
    if not delta.summary["deleted"]:
        assert accepted == new_text  # byte for byte when nothing had to be kept apart


# --- JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [*((a.name, b.name) for a, b in corpus_pairs()), ("v01.md", "v14.md"), (None, None)],
)
def test_json_is_the_data_indented_by_two(old: str | None, new: str | None) -> None:
    # Written one change at a time: the same text as the whole data dumped at once,
    # ignoring what can be ignored (a clause's "ignored" list) and not.
    texts = [
        CORPUS.joinpath(name).read_text(encoding="utf-8") if name else "" for name in (old, new)
    ]
    for ignore in (NOTHING, EVERYTHING):
        delta = diff(parse(texts[0]), parse(texts[1]), ignore=ignore)
        expected = json.dumps(diff_to_dict(delta), ensure_ascii=False, indent=2) + "\n"
        assert render_json(delta) == expected


def test_json_of_two_files_sharing_clauses_is_the_data_indented_by_two() -> None:
    # Two files compared share the clauses they have in common (the very objects):
    # each is written once for both sides, the same text as the data dumped at once.
    from resolution_vcs.drafts import compared_drafts

    old, new = generated_code(300)
    documents = compared_drafts((old.encode(), "old.md"), (new.encode(), "new.md"))
    assert set(map(id, documents[0].clauses)) & set(map(id, documents[1].clauses))
    for ignore in (NOTHING, EVERYTHING):
        delta = diff(*documents, ignore=ignore)
        assert delta.summary["unchanged"] and delta.summary["modified"]
        expected = json.dumps(diff_to_dict(delta), ensure_ascii=False, indent=2) + "\n"
        assert render_json(delta) == expected


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        "",
        {"a": [], "b": {}, "c": None, "d": True, "e": False, "f": 0, "g": -12},
        {"text": 'quote " backslash \\ tab \t nl \n nul \x00 \u2028 nbsp \xa0 Ї 😀'},
        [[["deep"]], [{"x": [1, {"y": []}]}]],
    ],
)
def test_json_writer_is_the_standard_one(value: object) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert _indented_json(value, "    ") == expected


def test_json_schema_fields() -> None:
    delta = versions(OLD, NEW)
    text = render_json(delta)
    data = json.loads(text)
    assert data == diff_to_dict(delta)
    assert "Первый пункт" in text  # ensure_ascii=False
    assert text.startswith('{\n  "schema": "resvcs.diff/1",\n')
    assert set(data) == {"schema", "summary", "layout_changed", "ignored", "changes"}
    assert list(data["summary"]) == [
        "added",
        "deleted",
        "modified",
        "moved",
        "renumbered",
        "layout",
        "unchanged",
    ]
    assert data["ignored"] == {}
    assert sum(data["summary"].values()) == len(data["changes"]) == len(delta.changes)
    kinds = {c["kind"] for c in data["changes"]}
    assert kinds == {"unchanged", "added", "deleted", "modified", "moved"}
    for change in data["changes"]:
        assert set(change) == {"kind", "kinds", "old", "new", "ops", "ignored"}
        assert change["ignored"] == []
        assert change["kind"] in change["kinds"]
        for side in ("old", "new"):
            assert change[side] is None or set(change[side]) == {"id", "label", "text"}
        if "modified" not in change["kinds"] and "layout" not in change["kinds"]:
            assert change["ops"] == []
    added = next(c for c in data["changes"] if c["kind"] == "added")
    assert added["old"] is None and added["new"]["text"] == "Новый пункт в начале текста."
    spacing = next(c for c in data["changes"] if c["new"] and c["new"]["label"] == "4")
    assert spacing["ops"] == [
        {
            "op": "equal",
            "text": "Четвертый пункт о финансировании.",
            "old_text": "Четвертый\u00a0пункт о финансировании.",
        }
    ]


@pytest.mark.parametrize("pair", corpus_pairs(), ids=lambda p: f"{p[0].stem}-{p[1].stem}")
def test_json_ops_reproduce_both_texts_on_corpus(pair: tuple[Path, Path]) -> None:
    old_text, new_text = (p.read_text(encoding="utf-8") for p in pair)
    data = json.loads(render_json(diff(parse(old_text), parse(new_text))))
    modified = [c for c in data["changes"] if "modified" in c["kinds"]]
    assert modified
    for change in modified:
        assert op_sides(change["ops"]) == (change["old"]["text"], change["new"]["text"])
    if pair[1].name == "v14.md":
        labels = [c["new"]["label"] for c in modified]
        assert labels == ["¶5", "¶9", "¶44", "¶45"]
        assert {"op": "insert", "text": "19.02"} in modified[0]["ops"]


# --- i18n ------------------------------------------------------------------------------


def test_detect_language() -> None:
    assert detect_language("Резолюция форума библиотек") == "ru"
    # The corpus law is Ukrainian: і, ї, є outnumber ы, э, ъ, ё.
    assert detect_language(CORPUS.joinpath("v14.md").read_text(encoding="utf-8")) == "uk"
    assert detect_language("Рішення форуму бібліотек") == "uk"
    assert detect_language("Resolution of the library forum") == "en"
    assert detect_language("12345 — !!!") == "en"
    # 3 Cyrillic letters of 10 is exactly the threshold; 2 of 10 is below it
    assert detect_language("абв abcdefg") == "ru"
    assert detect_language("аб abcdefgh") == "en"


def test_every_message_has_both_languages() -> None:
    for key in i18n.keys():
        assert t(key, "ru") and t(key, "en")
    assert t("col.before", "ru") == "Редакция до изменения"
    assert t("note.moved", "en", old="¶11.3") == "moved from ¶11.3"


def test_resolve_lang() -> None:
    assert resolve_lang(None, "Текст") == "ru"
    assert resolve_lang("EN", "Текст") == "en"
    with pytest.raises(InputError, match="Unknown language 'de'. Use ru, uk, en"):
        resolve_lang("de", "")


def test_notes_cite_numbered_labels_in_russian() -> None:
    delta = plain(
        "1. один два три\n2. четыре пять шесть\n", "1. четыре пять шесть\n2. один два три\n"
    )
    moved = next(c for c in delta.changes if c.kinds)
    assert [text for _, text in change_notes(moved, "ru")][0].startswith("перемещён из п. ")


class _Nesting(HTMLParser):
    """Checks that every element is closed, in order (marks never cross a tag)."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.wrong: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.wrong.append(tag)


def _well_formed(page: str) -> bool:
    checker = _Nesting()
    checker.feed(page)
    return checker.wrong == [] and checker.stack == []


def test_html_shows_clause_markdown_rendered_with_the_marks_kept() -> None:
    """`# РЕЗОЛЮЦИЯ` is a heading, not a line with a hash sign; emphasis, lists and
    safe links are rendered; the changed words are still marked, in every page."""
    from resolution_vcs.present.tables import render_comparative

    old = parse(
        "# РЕЗОЛЮЦИЯ\n\nОпыт создания, [сайт](https://example.org) и [x](javascript:alert(1)).\n\n"
        "1. **Первый** пункт.\n"
    )
    new = parse(
        "# РЕЗОЛЮЦИЯ ФОРУМА\n\nОпыт *открытия*, [сайт](https://example.org) и "
        "[x](javascript:alert(1)).\n\n1. **Первый** пункт в\u200bсиле.\n"
    )
    delta = diff(old, new)
    page = render_html(delta)
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "# РЕЗОЛЮЦИЯ" not in shown and "**" not in shown and "](" not in shown
    assert (
        '<span class="heading h1" role="heading" aria-level="1">РЕЗОЛЮЦИЯ<ins> ФОРУМА</ins></span>'
        in page
    )
    assert "<del>создания</del><em><ins>открытия</ins></em>" in page
    assert '<a href="https://example.org">сайт</a>' in page and "javascript:" not in page
    assert (  # invisible characters are still named
        '<strong>Первый</strong> пункт<ins> в<span class="mark">U+200B</span>силе</ins>' in page
    )
    assert _well_formed(page)
    table = str(render_comparative(delta, "html", lang="ru"))
    assert "# РЕЗОЛЮЦИЯ" not in html.unescape(re.sub(r"<[^>]+>", "", table))
    assert "РЕЗОЛЮЦИЯ<ins> ФОРУМА</ins></span>" in table and _well_formed(table)


def test_marks_that_cross_markup_stay_well_formed() -> None:
    """A change that starts inside emphasis and ends after it, a code span, a table."""
    old = parse(
        "Слова *в курсиве и* после.\n\nВызов `print(один, два, три)` здесь.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    new = parse(
        "Слова *в курсе и* далее.\n\nВызов `print(один, два, четыре)` здесь.\n\n"
        "| a | b |\n|---|---|\n| 1 | 3 |\n"
    )
    page = render_html(diff(old, new))
    assert _well_formed(page)
    assert "<em>в <del>курсиве</del><ins>курсе</ins> и</em> <del>после</del>" in page
    assert "<code>print(один, два, <del>три</del><ins>четыре</ins>)</code>" in page
    assert "<table>" in page and "<del>2</del><ins>3</ins>" in page
