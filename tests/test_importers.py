"""Tests for resolution_vcs.importers: the seed, hard-wrapped text, escaping, properties.

Rendered text is read back with markdown-it-py, the parser the project uses, so a test fails
when the Markdown would show something other than the input.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from resolution_vcs.errors import InputError
from resolution_vcs.importers import (
    _is_hard_wrapped,
    detect_format,
    import_text,
    plain_to_markdown,
    to_markdown,
)
from resolution_vcs.parse import parse
from resolution_vcs.text import decode, words

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
NBSP = "\u00a0"


@dataclass(frozen=True)
class Block:
    """A leaf block as markdown-it reads it.

    ``kind`` is heading, paragraph, bullet or ordered (a list item's paragraph) or the token
    type of anything else (code_block, fence, html_block, hr, table...); ``number`` is an
    ordered item's number path: the numbers as written of the ordered items it is nested in,
    then its own, joined by "." ("2.1" for item 1 of a list nested in item 2); ``list_no``
    counts the lists of the document; ``depth`` is how many lists enclose the item's list.
    """

    kind: str
    text: str
    number: str = ""
    list_no: int = -1
    level: int = 0
    tight: bool = False
    depth: int = 0


def _plain(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(_plain(child.children))
    return "".join(parts)


def blocks(markdown: str) -> list[Block]:
    tokens = MD.parse(markdown)
    out: list[Block] = []
    lists: list[tuple[str, int]] = []
    list_count = 0
    # The open list items: their number as written ("" for a bullet) and whether their first
    # paragraph (the one that carries the number) is still to come.
    items: list[list[str | bool]] = []
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((token.type.split("_")[0], list_count))
            list_count += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            items.append([token.info, True])
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "inline":
            opener = tokens[index - 1]
            text = _plain(token.children or [])
            if opener.type == "heading_open":
                out.append(Block("heading", text, level=int(opener.tag[1])))
            elif lists:
                kind, list_no = lists[-1]
                number = ""
                if items[-1][1] and items[-1][0]:
                    number = ".".join(str(n) for n, _ in items if n)
                items[-1][1] = False
                depth = len(lists) - 1
                out.append(Block(kind, text, number, list_no, tight=opener.hidden, depth=depth))
            else:
                out.append(Block("paragraph", text))
        elif token.type in ("code_block", "fence", "html_block", "hr", "table_open"):
            out.append(Block(token.type, token.content))
    return out


def rendered_text(markdown: str) -> str:
    """Plain text of the Markdown, block by block; an ordered item starts with its number
    path ("2.1"), the number people cite and the source wrote."""
    return "\n".join(f"{b.number} {b.text}" if b.number else b.text for b in blocks(markdown))


def assert_clean(markdown: str) -> None:
    """Conventional layout: one blank line between blocks, one final newline, no stray spaces
    (a nested item's indent is the only space at a line start)."""
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    assert not markdown.startswith("\n")
    assert "\n\n\n" not in markdown
    for line in markdown.split("\n"):
        stripped = line.lstrip(" ")
        assert stripped == stripped.strip(" \t"), repr(line)
        assert line == stripped or re.match(r"\d{1,3}\. \S", stripped), repr(line)


# --- the seed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_markdown(seed_text: str) -> str:
    imported = import_text(seed_text, filename="000_bbe0634253d43230.txt")
    assert imported.source_format == "plain"
    return imported.markdown


def test_seed_block_structure(seed_text: str, seed_markdown: str) -> None:
    got = blocks(seed_markdown)
    line = seed_text.split("\n")  # line[k - 1] is line k of the seed, as numbered in its file
    # Expected top-level paragraphs (12): the status line 1; the title block's lines 4-6 (one
    # paragraph: lines 5 and 6 start lower-case) and line 7; then every other non-empty line
    # outside the title block and the lists, each its own paragraph: 9, 11, 13, 15, 16, 18,
    # 28, 30, 36 (nine). Lines 19-26, 32-34 and 38-42 are list items.
    subtitle = " ".join(line[k - 1].strip() for k in (4, 5, 6))
    body = [line[k - 1].strip() for k in (9, 11, 13, 15, 16, 18, 28, 30, 36)]
    expected_paragraphs = ["ПРОЕКТ", subtitle, "17 марта 2022 года", *body]
    assert len(expected_paragraphs) == 12
    paragraphs = [b.text for b in got if b.kind == "paragraph"]
    assert paragraphs == expected_paragraphs
    assert [b for b in got if b.kind == "heading"] == [Block("heading", "РЕЗОЛЮЦИЯ", level=1)]
    # The whole document in order: status, heading, 2 subtitle paragraphs, 6 paragraphs, the
    # 8 numbered questions, 2 paragraphs, 3 bullets, 1 paragraph, 5 bullets.
    assert [b.kind for b in got] == [
        "paragraph",
        "heading",
        *["paragraph"] * 8,
        *["ordered"] * 8,
        *["paragraph"] * 2,
        *["bullet"] * 3,
        "paragraph",
        *["bullet"] * 5,
    ]


def test_seed_lists(seed_markdown: str) -> None:
    got = blocks(seed_markdown)
    ordered = [b for b in got if b.kind == "ordered"]
    assert len({b.list_no for b in ordered}) == 1
    assert [b.number for b in ordered] == [str(n) for n in range(1, 9)]
    assert ordered[0].text == "Вопросы реализации национального проекта «Культура» в СЗФО;"
    bullet_lists: dict[int, list[Block]] = {}
    for b in got:
        if b.kind == "bullet":
            bullet_lists.setdefault(b.list_no, []).append(b)
    assert [len(items) for items in bullet_lists.values()] == [3, 5]
    for items, intro in zip(
        bullet_lists.values(), ("Проектным офисам", "Модельным библиотекам"), strict=True
    ):
        before = got[got.index(items[0]) - 1]
        assert before.kind == "paragraph" and before.text.startswith(intro)
    assert all(b.tight for b in got if b.kind in ("bullet", "ordered"))
    assert bullet_lists[min(bullet_lists)][0].text.startswith("обратить особое внимание")


def test_seed_text_survives(seed_text: str, seed_markdown: str) -> None:
    assert words(rendered_text(seed_markdown)) == words(seed_text)
    assert seed_text.count(NBSP) == 3 and seed_markdown.count(NBSP) == 3
    assert seed_text.count("«") == seed_text.count("»") == 17
    assert seed_markdown.count("«") == seed_markdown.count("»") == 17
    assert seed_markdown.count("СФЗО") == 4
    assert seed_markdown.count("–") == seed_text.count("–")
    assert "\\" not in seed_markdown  # nothing in the seed needs escaping
    assert_clean(seed_markdown)


def test_seed_markdown_head_and_title(seed_text: str) -> None:
    imported = import_text(seed_text)
    assert imported.markdown.startswith(
        "ПРОЕКТ\n\n# РЕЗОЛЮЦИЯ\n\n"
        "Форума  модельных библиотек Северо-Запада «БиблиоMODEL-2022» в рамках "
        "Межрегиональной научно-практической конференции из цикла «Власть. Население. "
        "Библиотека»\n\n17 марта 2022 года\n\n17 марта 2022 года прошел  Форум"
    )
    assert "вопросы:\n\n1. Вопросы реализации" in imported.markdown
    assert imported.title == (
        "РЕЗОЛЮЦИЯ Форума модельных библиотек Северо-Запада «БиблиоMODEL-2022» в рамках "
        "Межрегиональной научно-практической конференции из цикла «Власть. Население. "
        "Библиотека» 17 марта 2022 года"
    )


# --- hard-wrapped text ----------------------------------------------------------------------

LICENCE_TITLE = ["THE SAMPLE PUBLIC LICENSE", "Version 1.0, 1 March 2024"]
LICENCE = [
    (
        "p",
        "Everyone is permitted to copy and distribute verbatim copies of this license "
        "document, but changing it is not allowed. This license is written for the tests of an "
        "importer and has no legal force whatsoever, in any country or under any law.",
    ),
    ("p", "TERMS AND CONDITIONS"),
    (
        "0",
        'Definitions. "This License" refers to version 1.0 of the Sample Public License. '
        '"The Program" refers to any copyrightable work licensed under this License, and each '
        'licensee is addressed as "you"; a "modified version" is a work based on the Program.',
    ),
    (
        "1",
        "You may copy and distribute verbatim copies of the Program's source code as you "
        "receive it, in any medium, provided that you conspicuously and appropriately publish on "
        "each copy an appropriate copyright notice and disclaimer of warranty.",
    ),
    (
        "2",
        "You may modify your copy or copies of the Program or any portion of it, and copy "
        "and distribute such modifications under the terms of Section 1 above, provided that "
        "you also meet all of these conditions:",
    ),
    (
        "p",
        "a) You must cause the modified files to carry prominent notices stating that you "
        "changed the files and the date of any change, in each file that you changed.",
    ),
    (
        "p",
        "b) You must cause any work that you distribute or publish to be licensed as a whole "
        "at no charge to all third parties under the terms of this License.",
    ),
    (
        "p",
        "These requirements apply to the modified work as a whole. If identifiable sections "
        "of that work are not derived from the Program, then this License does not apply to "
        "those sections when you distribute them as separate works.",
    ),
]


def _licence(width: int | None) -> str:
    """The licence wrapped at ``width`` (greedy, like an editor), or one paragraph per line."""
    parts = ["\n".join(LICENCE_TITLE)]
    for kind, text in LICENCE:
        full = text if kind == "p" else f"{kind}. {text}"
        if width is None:
            parts.append(full)
        else:
            indent = "  " if kind != "p" else ""
            parts.append(textwrap.fill(full, width, initial_indent=indent))
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("width", [60, 72, 79])
def test_hard_wrapped_text_is_unwrapped(width: int) -> None:
    wrapped = _licence(width)
    assert max(len(line) for line in wrapped.split("\n")) <= width
    markdown = plain_to_markdown(wrapped)
    got = blocks(markdown)
    assert got[0] == Block("heading", "THE SAMPLE PUBLIC LICENSE", level=1)
    assert [b.text for b in got if b.kind == "paragraph"] == [
        LICENCE_TITLE[1],
        *(text for kind, text in LICENCE if kind == "p"),
    ]
    items = [b for b in got if b.kind == "ordered"]
    assert [(b.number, b.text) for b in items] == [(k, t) for k, t in LICENCE if k != "p"]
    assert len({b.list_no for b in items}) == 1 and all(b.tight for b in items)
    assert words(rendered_text(markdown)) == words(wrapped)
    assert_clean(markdown)


def test_wrapped_and_unwrapped_give_the_same_markdown() -> None:
    assert plain_to_markdown(_licence(72)) == plain_to_markdown(_licence(None))


def test_line_end_hyphen_is_kept_and_followed_by_a_space() -> None:
    prose = " ".join(["the licensee may share the work"] * 4 + ["information-sharing"] * 3)
    wrapped = [textwrap.fill(prose, w) for w in range(50, 90)]
    broken = [t for t in wrapped if "information-\nsharing" in t]
    assert broken, "some width must break the line at the hyphen"
    text = broken[0]
    markdown = plain_to_markdown(text)
    (paragraph,) = blocks(markdown)
    assert paragraph.kind == "paragraph"
    assert "information- sharing" in paragraph.text
    assert paragraph.text.replace("- ", "-") == prose
    assert words(rendered_text(markdown)) == words(text)


def test_clause_starts_split_a_wrapped_block() -> None:
    intro = textwrap.fill(
        "Every licensee who receives a copy of the work under this License must do all of "
        "the following things before the work is passed on to any other person:",
        70,
    )
    items = (
        "a) keep every notice intact in each copy of the work that you make and\n"
        "distribute to others;\n"
        "b) give every recipient a copy of this License together with the work.\n"
        "Section 4.\nThe terms of this Section apply to all copies of the work that anyone\n"
        "makes.\n"
    )
    text = intro + "\n" + items
    got = blocks(plain_to_markdown(text))
    assert [b.text[:12] for b in got] == [
        "Every licens",
        "a) keep ever",
        "b) give ever",
        "Section 4. T",
    ]
    assert got[1].text.endswith("that you make and distribute to others;")
    assert words(rendered_text(plain_to_markdown(text))) == words(text)


def test_russian_wrapped_minutes_unwrap_into_paragraphs() -> None:
    paragraphs = [
        "Заседание комиссии открыл председатель, который напомнил участникам о порядке "
        "работы и предложил утвердить повестку дня без изменений, так как замечаний к ней "
        "до начала заседания не поступило ни от одного из членов комиссии",
        "Секретарь комиссии доложил о ходе подготовки резолюции форума и о поправках, "
        "которые поступили от редакторов в течение недели после рассылки проекта",
    ]
    text = "\n\n".join(textwrap.fill(p, 64) for p in paragraphs)
    assert [b.text for b in blocks(plain_to_markdown(text))] == paragraphs


def test_ragged_hand_wrap_is_unwrapped() -> None:
    # Typed by hand, like the Artistic License: lines of uneven length that break where the
    # typist chose, inside sentences, so the next word would often have fitted.
    text = (
        "Заседание открыл председатель комиссии, который напомнил\n"
        "участникам о порядке работы и предложил утвердить повестку\n"
        "дня без изменений.\n"
        "\n"
        "Секретарь доложил о ходе подготовки резолюции и о поправках,\n"
        "поступивших от редакторов после рассылки проекта, и\n"
        "предложил рассмотреть их по порядку.\n"
    )
    got = blocks(plain_to_markdown(text))
    assert [b.text for b in got] == [
        " ".join(block.split("\n")) for block in text.strip().split("\n\n")
    ]


def test_lines_of_names_are_not_unwrapped() -> None:
    text = (
        "Комитет по культуре Псковской области и администрация\n"
        "Псковская областная универсальная научная библиотека\n"
        "Российская национальная библиотека в Санкт-Петербурге\n"
        "Вятский государственный университет и компания IDlogic\n"
    )
    got = blocks(plain_to_markdown(text))
    assert [b.text for b in got] == text.strip().split("\n")


def test_short_lines_are_not_unwrapped() -> None:
    text = (
        "Совет депутатов решил утвердить план работы на год.\n"
        "Председателю поручено подготовить отчёт к марту.\n"
        "Контроль за исполнением оставить за комиссией.\n"
        "Решение вступает в силу со дня его принятия.\n"
    )
    got = blocks(plain_to_markdown(text))
    assert [b.text for b in got] == text.strip().split("\n")


# --- title block, status line, white space -------------------------------------------------


@pytest.mark.parametrize("status", ["ПРОЕКТ", "Проект", "DRAFT", "PROJECT"])
def test_status_line_then_title_block(status: str) -> None:
    text = f"  {status}\nРЕЗОЛЮЦИЯ\nпо итогам форума\nБиблиотеки 2024\n\nТекст резолюции.\n"
    got = blocks(plain_to_markdown(text))
    assert got == [
        Block("paragraph", status),
        Block("heading", "РЕЗОЛЮЦИЯ", level=1),
        Block("paragraph", "по итогам форума"),
        Block("paragraph", "Библиотеки 2024"),
        Block("paragraph", "Текст резолюции."),
    ]
    assert import_text(text).title == "РЕЗОЛЮЦИЯ по итогам форума Библиотеки 2024"


@pytest.mark.parametrize(
    "text",
    [
        "Участники форума решили:\n1. Одобрить проект.\n2. Направить его в комиссию.\n",
        "This paragraph is a sentence that was broken\nin two by the person who typed it.\n\n"
        "And then another one.\n",
        "Single block without anything after it\n",
        "Hi all,\n\nThe draft is attached.\n",
    ],
)
def test_no_title_block_no_heading(text: str) -> None:
    got = blocks(plain_to_markdown(text))
    assert "heading" not in {b.kind for b in got}
    assert words(rendered_text(plain_to_markdown(text))) == words(text)


def test_title_without_title_block_is_first_line() -> None:
    imported = import_text("Участники  форума решили:\n1. Одобрить проект.\n")
    assert imported.title == "Участники форума решили:"
    assert import_text("ПРОЕКТ\n").title is None


def test_whitespace_at_line_ends_and_starts() -> None:
    text = f"        Indented line stays a paragraph.  \nTrailing nbsp kept{NBSP}\t\nA  B\n"
    markdown = plain_to_markdown(text)
    assert markdown == f"Indented line stays a paragraph.\n\nTrailing nbsp kept{NBSP}\n\nA  B\n"
    assert [b.kind for b in blocks(markdown)] == ["paragraph"] * 3


def test_lists_numbers_and_bullets() -> None:
    text = (
        "Intro:\n3) third\n4) fourth\n\n5) fifth after a blank line\n"
        "2.1. nested number stays flat\n"
        "• bullet one\n– bullet two\n▪ bullet three\n○ bullet four\n* bullet five\n"
        "1986. год стал важным\n"
    )
    markdown = plain_to_markdown(text)
    got = blocks(markdown)
    assert [(b.kind, b.number) for b in got] == [
        ("paragraph", ""),
        ("ordered", "3"),
        ("ordered", "4"),
        ("ordered", "5"),
        ("paragraph", ""),
        *[("bullet", "")] * 5,
        ("paragraph", ""),
    ]
    assert got[4].text == "2.1. nested number stays flat"
    assert got[-1].text == "1986. год стал важным"
    assert "Intro:\n\n3) third\n4) fourth\n5) fifth" in markdown
    assert words(rendered_text(markdown)) == words(text)


# --- escaping -------------------------------------------------------------------------------

ESCAPE_CASES = [
    "# not a heading",
    "###### six hashes",
    "#",
    "> not a quote",
    "+ not a bullet",
    "-",
    "--",
    "---",
    "-- -",
    "***",
    "_ _ _",
    "===",
    "1986. год был трудным",
    "2022) итог",
    "1986.",
    "text with *stars* and **bold** and a*b*c",
    "snake_case and _underscores_ and __dunder__ and _",
    "[brackets] and [link](http://example.com) and ![img](x.png) and [^1]",
    "[ref]: http://example.com",
    "<tags> <b>bold</b> <!-- comment --> <http://example.com> <1@example.com>",
    "<div>",
    "&amp; &#169; &#x41; &copy; & alone &unknown;",
    "back\\slash \\* \\_ \\\\ \\[x] end\\",
    "a | b | c",
    "|---|---|",
    "```fence",
    "~~~",
    "~~strike~~ and ~single~",
    "`code` and ``two``",
    "2 < 3 > 1",
    "C# is #1",
    "x**y** z__w__",
]


@pytest.mark.parametrize("line", ESCAPE_CASES)
def test_escaped_line_renders_as_written(line: str) -> None:
    markdown = plain_to_markdown(line + "\n")
    assert blocks(markdown) == [Block("paragraph", line)]
    assert_clean(markdown)


@pytest.mark.parametrize(
    "item", ["- dash inside", "1. one", "# hash", "> quote", "* star", "2) two", "---"]
)
def test_bullet_item_text_starting_with_markup(item: str) -> None:
    got = blocks(plain_to_markdown(f"· {item}\n· second\n"))
    assert got == [
        Block("bullet", item, list_no=0, tight=True),
        Block("bullet", "second", list_no=0, tight=True),
    ]


def test_escaped_heading_keeps_its_hashes_and_stars() -> None:
    text = "RESOLUTION *2024* #\nof the Board\n\nBody.\n"
    assert blocks(plain_to_markdown(text))[0] == Block("heading", "RESOLUTION *2024* #", level=1)


@pytest.mark.parametrize(
    ("line", "markdown"),
    [
        ("# x", "\\# x"),
        ("1986. год", "1986\\. год"),
        ("- x", "- x"),  # a bullet: "- " is a list marker in plain drafts too
        ("+ x", "\\+ x"),
        ("a*b*c and 5 * 3", "a\\*b\\*c and 5 * 3"),
        ("snake_case _x_", "snake_case \\_x\\_"),
        ("[1] and [", "\\[1] and ["),
        ("<b> and 2 < 3", "\\<b> and 2 < 3"),
        ("&amp; & b", "\\&amp; & b"),
        ("C:\\dir \\*", "C:\\dir \\\\\\*"),
    ],
)
def test_escapes_exactly(line: str, markdown: str) -> None:
    assert plain_to_markdown(line) == markdown + "\n"


def test_escaping_is_minimal() -> None:
    line = "Обычный текст: 5 * 3 - 2 < 7, snake_case, a & b, «кавычки» — тире; 2.1. пункт"
    assert plain_to_markdown(line) == line + "\n"


# --- properties -----------------------------------------------------------------------------

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORD = st.text(alphabet=CYRILLIC + LATIN + "0123456789", min_size=1, max_size=9)
PUNCT = st.text(alphabet="*_[]<>&\\#|-.·,:;!?()«»`~=+", min_size=1, max_size=3)
TOKEN = st.one_of(WORD, WORD, WORD, PUNCT, st.sampled_from(["&amp;", "<b>", "[x](y)", "1."]))
PREFIX = st.sampled_from(
    [
        "",
        "",
        "",
        "1. ",
        "12) ",
        "· ",
        "- ",
        "* ",
        "# ",
        "> ",
        "2.1. ",
        "2. ",
        "2.2. ",
        "2.1.1. ",
        "2.1 ",
        "a) ",
        "  ",
        "    ",
        "1986. ",
        "ПРОЕКТ",
        "---",
        "```",
    ]
)
SUFFIX = st.sampled_from(["", "", "  ", "\t", NBSP, ":"])
LINE = st.builds(
    lambda prefix, tokens, seps, suffix: (
        prefix + "".join(t + s for t, s in zip(tokens, seps, strict=False)) + suffix
    ),
    PREFIX,
    st.lists(TOKEN, max_size=8),
    st.lists(st.sampled_from([" ", " ", "", "  ", NBSP]), min_size=8, max_size=8),
    SUFFIX,
)
DOCUMENT = st.lists(st.one_of(LINE, LINE, st.just("")), min_size=1, max_size=14).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(DOCUMENT)
def test_property_words_survive(text: str) -> None:
    markdown = plain_to_markdown(text)
    assert words(rendered_text(markdown)) == words(text)
    if markdown:
        assert_clean(markdown.replace(NBSP, "x"))


LOWER_WORD = st.text(alphabet=CYRILLIC[:33] + LATIN[:26], min_size=1, max_size=10)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(LOWER_WORD, min_size=25, max_size=60), min_size=1, max_size=4),
    st.integers(min_value=50, max_value=90),
)
def test_property_wrapped_paragraphs_unwrap(paragraphs: list[list[str]], width: int) -> None:
    filled = [textwrap.fill(" ".join(p), width) for p in paragraphs]
    # A one-line first block is a title; the rule needs two line breaks to judge by.
    assume("\n" in filled[0] and sum(f.count("\n") for f in filled) >= 2)
    text = "\n\n".join(filled)
    got = blocks(plain_to_markdown(text))
    assert got == [Block("paragraph", " ".join(p)) for p in paragraphs]


MARKER = st.sampled_from(["7.", "2)", "(c)", "a)", "б)", "–", "•", "2.1", "IV)", "12)", "-"])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            LOWER_WORD, st.lists(st.one_of(*[LOWER_WORD] * 6, MARKER), min_size=25, max_size=60)
        ),
        min_size=1,
        max_size=3,
    ),
    st.integers(min_value=50, max_value=90),
)
def test_property_markers_inside_wrapped_sentences_stay(
    paragraphs: list[tuple[str, list[str]]], width: int
) -> None:
    """A marker that the wrap puts at a line start, inside a sentence, starts nothing."""
    texts = [" ".join([first, *rest]) for first, rest in paragraphs]
    filled = [textwrap.fill(t, width, break_on_hyphens=False) for t in texts]
    text = "\n\n".join(filled)
    lines = text.split("\n")
    # Not a title block (the second line goes on with the first), no line ending a sentence
    # (after one, a marker may start an item), and wrapped by the importer's rule.
    assume(filled[0].count("\n") >= 2 and lines[1][0].islower())
    assume(not any(line.endswith(".") for line in lines))
    assume(_is_hard_wrapped(lines))
    got = blocks(plain_to_markdown(text))
    assert got == [Block("paragraph", t) for t in texts]


@st.composite
def outlines(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """Number paths of a numbered outline in reading order: ("2",), ("2", "1"), ..."""
    path = [draw(st.integers(min_value=1, max_value=12))]
    paths = [tuple(str(n) for n in path)]
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        moves = ["sibling", "child"] if len(path) < 4 else ["sibling"]
        if len(path) > 1:
            moves.append("up")
        move = draw(st.sampled_from(moves))
        if move == "child":
            path.append(draw(st.integers(min_value=0, max_value=3)))
        else:
            if move == "up":
                del path[draw(st.integers(min_value=1, max_value=len(path) - 1)) :]
            path[-1] += 1
        paths.append(tuple(str(n) for n in path))
    return paths


@settings(max_examples=150, deadline=None)
@given(
    outlines(),
    st.lists(st.lists(WORD, min_size=1, max_size=4), min_size=13, max_size=13),
    st.sampled_from([".", ")"]),
    st.sampled_from(["", "."]),
)
def test_property_nested_numbers_nest(
    paths: list[tuple[str, ...]], texts: list[list[str]], top: str, nested: str
) -> None:
    """A well-formed outline ("2.", "2.1.", "2.1.1", "2.2.", "3.") becomes nested lists whose
    clause labels are the numbers as written."""
    lines = ["Решили:"]
    for path, text in zip(paths, texts, strict=False):
        marker = path[0] + top if len(path) == 1 else ".".join(path) + nested
        lines.append(f"{marker} {' '.join(text)};")
    text = "\n".join(lines) + "\n"
    markdown = plain_to_markdown(text)
    numbers = [".".join(path) for path in paths]
    assert [b.number for b in blocks(markdown) if b.kind == "ordered"] == numbers
    assert [c.label for c in parse(markdown).clauses] == ["¶1", *numbers]
    assert words(rendered_text(markdown)) == words(text)
    assert_clean(markdown)


# --- import_text and detect_format ----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", NBSP + "\n"])
def test_empty_input_is_refused(text: str) -> None:
    with pytest.raises(InputError) as info:
        import_text(text, filename="draft.txt")
    assert str(info.value) == (
        "draft.txt is empty. Give a plain-text or Markdown file with the draft"
    )
    with pytest.raises(InputError, match=r"^The text is empty\. "):
        import_text(text)


def test_markdown_is_taken_as_it_is() -> None:
    source = "Intro line\n\n# Title *here*\n\n1. item  \n\n\n"
    imported = import_text(source, filename="draft.md")
    assert imported == type(imported)(
        "Intro line\n\n# Title *here*\n\n1. item  \n", "Title here", "markdown"
    )
    no_heading = import_text("First  *line*\nsecond line\n\nMore.", fmt="markdown")
    assert no_heading.title == "First line second line"
    assert no_heading.markdown == "First  *line*\nsecond line\n\nMore.\n"
    assert import_text("- First *item*\n- second\n", filename="x.md").title == "First item"
    assert import_text("```\ncode\n```\n", filename="x.md").title == "code"


def test_fmt_overrides_detection() -> None:
    as_plain = import_text("# Heading\n\ntext\n", fmt="plain")
    assert blocks(as_plain.markdown)[0] == Block("heading", "# Heading", level=1)
    assert import_text("# Heading\n", fmt="plain").markdown == "\\# Heading\n"
    assert import_text("ПРОЕКТ\n", fmt="markdown", filename="x.txt").source_format == "markdown"
    with pytest.raises(ValueError):
        import_text("x", fmt="docx")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("plain words", "draft.md", "markdown"),
        ("plain words", "DRAFT.Markdown", "markdown"),
        ("plain words", "notes.mdown", "markdown"),
        ("# Looks like Markdown", "draft.txt", "plain"),
        ("# Looks like Markdown", "draft.TEXT", "plain"),
        ("# Heading\n\nText.", None, "markdown"),
        ("# Heading\n\nText.", "draft.rtf", "markdown"),
        ("See [the site](https://example.com).", None, "markdown"),
        ("Code:\n\n```\nx = 1\n```\n", None, "markdown"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", None, "markdown"),
        ("Items:\n- one\n- two\n", None, "markdown"),
        ("Items:\n* one\n* two\n", None, "markdown"),
        ("ПРОЕКТ\n\nРЕЗОЛЮЦИЯ\n\n1. Пункт.\n2. Пункт.\n· пункт\n", None, "plain"),
        ("#hashtag is not a heading\n", None, "plain"),
        ("Only one - dash\n- here\n", None, "plain"),
    ],
)
def test_detect_format(text: str, filename: str | None, expected: str) -> None:
    assert detect_format(text, filename) == expected


def test_detect_format_on_the_seed(seed_text: str) -> None:
    assert detect_format(seed_text) == "plain"
    assert import_text(seed_text).source_format == "plain"


def test_to_markdown_matches_import_text(seed_text: str) -> None:
    from resolution_vcs.importers import to_markdown

    for text, name in ((seed_text, "seed.txt"), ("# T\n\nBody.\n\n", "x.md")):
        assert to_markdown(text, filename=name) == import_text(text, filename=name).markdown


# --- a number that the wrap put at a line start ---------------------------------------------

LICENCES = Path("/usr/share/common-licenses")
GPL3_SECTIONS = [
    "Definitions.",
    "Source Code.",
    "Basic Permissions.",
    "Protecting Users' Legal Rights From Anti-Circumvention Law.",
    "Conveying Verbatim Copies.",
    "Conveying Modified Source Versions.",
    "Conveying Non-Source Forms.",
    "Additional Terms.",
    "Termination.",
    "Acceptance Not Required for Having Copies.",
    "Automatic Licensing of Downstream Recipients.",
    "Patents.",
    "No Surrender of Others' Freedom.",
    "Use with the GNU Affero General Public License.",
    "Revised Versions of this License.",
    "Disclaimer of Warranty.",
    "Limitation of Liability.",
    "Interpretation of Sections 15 and 16.",
]
#: Sections 5-7 of the GPL-3 as the file has them (shortened): in item b) the wrap puts
#: "7." at the start of a line in the middle of a sentence.
GPL3_EXCERPT = """\
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

  5. Conveying Modified Source Versions.

  You may convey a work based on the Program, or the modifications to
produce it from the Program, in the form of source code under the
terms of section 4, provided that you also meet all of these conditions:

    a) The work must carry prominent notices stating that you modified
    it, and giving a relevant date.

    b) The work must carry prominent notices stating that it is
    released under this License and any conditions added under section
    7.  This requirement modifies the requirement in section 4 to
    "keep intact all notices".

  6. Conveying Non-Source Forms.

  You may convey a covered work in object code form under the terms
of sections 4 and 5, provided that you also convey the
machine-readable Corresponding Source under the terms of this License,
in one of these ways:

  7. Additional Terms.

  "Additional permissions" are terms that supplement the terms of this
License by making exceptions from one or more of its conditions.
Additional permissions that are applicable to the entire Program shall
be treated as though they were included in this License, to the extent
that they are valid under applicable law.
"""
ITEM_B = (
    "b) The work must carry prominent notices stating that it is released under this "
    "License and any conditions added under section 7.  This requirement modifies the "
    'requirement in section 4 to "keep intact all notices".'
)


def test_number_continuing_a_wrapped_sentence_is_not_an_item() -> None:
    sources = [(GPL3_EXCERPT, [(str(n), GPL3_SECTIONS[n]) for n in (5, 6, 7)])]
    gpl3 = LICENCES / "GPL-3"
    if gpl3.is_file():  # Debian and derivatives: the whole licence
        sources.append((gpl3.read_text(encoding="utf-8"), list(enumerate(GPL3_SECTIONS))))
    for text, sections in sources:
        markdown = import_text(text, filename="GPL-3").markdown
        got = blocks(markdown)
        items = [(b.number, b.text) for b in got if b.kind == "ordered"]
        assert items == [(str(n), title) for n, title in sections]
        assert Block("paragraph", ITEM_B) in got
        assert words(rendered_text(markdown)) == words(text)
        assert_clean(markdown)


def test_every_common_licence_keeps_its_words() -> None:
    texts = {"excerpt": GPL3_EXCERPT}
    if LICENCES.is_dir():
        for path in sorted(LICENCES.iterdir()):
            if path.is_file() and not path.is_symlink():
                texts[path.name] = path.read_text(encoding="utf-8")
    for name, text in texts.items():
        markdown = import_text(text, filename=f"{name}.txt").markdown
        assert words(rendered_text(markdown)) == words(text), name
        assert_clean(markdown.replace(NBSP, "x"))


WRAPPED_PROSE = (
    "Заседание открыл председатель комиссии, который напомнил участникам о порядке "
    "работы, предложил утвердить повестку дня без изменений и сообщил, что в соответствии "
    "с пунктом 2) положения о комиссии решение принимается большинством голосов, а также "
    "что модельная библиотека – это центр притяжения жителей, как сказано в разделе "
    "Статья 5. устава, и что (c) подпункт утратил силу."
)


@pytest.mark.parametrize("width", range(45, 80))
def test_wrapped_sentence_keeps_markers_the_wrap_put_at_a_line_start(width: int) -> None:
    text = textwrap.fill(WRAPPED_PROSE, width)
    assert [b.text for b in blocks(plain_to_markdown(text))] == [WRAPPED_PROSE]


def test_item_and_heading_lines_not_cut_by_the_wrap_start_items() -> None:
    # Lines that end without punctuation but were not cut by the wrap: a heading in
    # capitals, an item heading, a list without final stops.
    text = (
        "  3.4. Intellectual Property Matters\n"
        "       (a) Third Party Claims. If a Contributor has knowledge that a license\n"
        "       under the intellectual property rights of a third party is required to\n"
        "       exercise the rights granted by this License, the Contributor must\n"
        "       include a text file describing the claim and the party making it.\n"
        "\n"
        "TERMS OF USE\n"
        "1. Copy the work to anyone who asks for it and keeps every notice intact\n"
        "2. Change the work and pass on the changes under the terms of this License\n"
        "- apples\n"
        "- oranges\n"
    )
    got = blocks(plain_to_markdown(text))
    assert [(b.kind, b.number, b.text[:20]) for b in got] == [
        ("paragraph", "", "3.4. Intellectual Pr"),
        ("paragraph", "", "(a) Third Party Clai"),
        ("paragraph", "", "TERMS OF USE"),
        ("ordered", "1", "Copy the work to any"),
        ("ordered", "2", "Change the work and "),
        ("bullet", "", "apples"),
        ("bullet", "", "oranges"),
    ]
    assert words(rendered_text(plain_to_markdown(text))) == words(text)


# --- nested numbers -------------------------------------------------------------------------

NESTED = (
    "Совет решил:\n"
    "1. Утвердить отчёт.\n"
    "2. Поручить правлению:\n"
    "2.1. подготовить отчёт;\n"
    "2.1.1. с приложениями;\n"
    "2.2. провести собрание.\n"
    "3. Следующий пункт.\n"
)


def test_nested_numbers_become_nested_items() -> None:
    markdown = plain_to_markdown(NESTED)
    assert markdown == (
        "Совет решил:\n\n"
        "1. Утвердить отчёт.\n"
        "2. Поручить правлению:\n"
        "   1. подготовить отчёт;\n"
        "      1. с приложениями;\n"
        "   2. провести собрание.\n"
        "3. Следующий пункт.\n"
    )
    got = blocks(markdown)
    assert [(b.number, b.depth, b.tight) for b in got[1:]] == [
        ("1", 0, True),
        ("2", 0, True),
        ("2.1", 1, True),
        ("2.1.1", 2, True),
        ("2.2", 1, True),
        ("3", 0, True),
    ]
    assert words(rendered_text(markdown)) == words(NESTED)
    assert [c.label for c in parse(markdown).clauses] == [
        "¶1",
        "1",
        "2",
        "2.1",
        "2.1.1",
        "2.2",
        "3",
    ]
    assert_clean(markdown)


def test_nested_list_starts_at_its_first_number() -> None:
    text = "10) Поручить:\n10.3 подготовить отчёт;\n10.4. провести собрание.\n11) Далее.\n"
    markdown = plain_to_markdown(text)
    # Only a list starting at 1 can interrupt the text of its item: a blank line before it.
    assert markdown == (
        "10) Поручить:\n\n    3. подготовить отчёт;\n    4. провести собрание.\n11) Далее.\n"
    )
    assert [c.label for c in parse(markdown).clauses] == ["10", "10.3", "10.4", "11"]
    assert [b.number for b in blocks(markdown)] == ["10", "10.3", "10.4", "11"]
    assert words(rendered_text(markdown)) == words(text)


@pytest.mark.parametrize(
    "text",
    [
        "2. Поручить:\n3.1. не под своим пунктом.\n",
        "2. Поручить:\n2.1. подготовить;\n2.3. пропуск номера.\n",
        "2. Поручить:\n2.1.1. через уровень.\n",
        "2. Поручить:\nабзац между ними.\n2.1. после абзаца.\n",
        "2. Поручить:\n- пункт\n2.1. после маркера.\n",
        "2.1. без родителя.\n",
    ],
)
def test_nested_numbers_that_do_not_fit_stay_flat(text: str) -> None:
    markdown = plain_to_markdown(text)
    last = text.rstrip("\n").split("\n")[-1]
    assert blocks(markdown)[-1] == Block("paragraph", last)
    assert words(rendered_text(markdown)) == words(text)


def test_nested_numbers_in_hard_wrapped_text() -> None:
    text = (
        "2. Поручить правлению ассоциации в срок до первого марта следующего года\n"
        "и с учётом предложений, поступивших от участников форума:\n"
        "2.1. подготовить отчёт о ходе реализации национального проекта в регионах\n"
        "округа, в том числе по пункту\n"
        "2.2. резолюции прошлого года;\n"
        "2.2. провести собрание членов ассоциации и рассмотреть на нём вопросы,\n"
        "перечисленные в разделе 3 настоящей резолюции.\n"
        "3. Контроль за исполнением настоящей резолюции возложить на правление.\n"
    )
    markdown = plain_to_markdown(text)
    got = blocks(markdown)
    lines = text.split("\n")
    assert [(b.kind, b.number, b.text) for b in got] == [
        ("ordered", "2", lines[0][3:] + " " + lines[1]),
        ("ordered", "2.1", " ".join([lines[2][5:], lines[3], lines[4]])),
        ("ordered", "2.2", lines[5][5:] + " " + lines[6]),
        ("ordered", "3", lines[7][3:]),
    ]
    assert words(rendered_text(markdown)) == words(text)


@pytest.mark.parametrize(
    "raw",
    [
        "# Резолюция\n\n1. Первый пункт.\n",
        "\ufeff# Резолюция\r\n\r\nТекст.\r\n",
        "\ufeff\ufeff# Резолюция\n\nТекст.\n",  # the second BOM goes too, as before
        "Cafe\u0301 и e\u0301\n\n\n",
        "Первый абзац текста.\nвторая строка.\n\nВторой абзац.\n",
        " \n\t\n",
    ],
)
@pytest.mark.parametrize("name", ["copy.md", "copy.txt"])
def test_a_decoded_text_is_taken_as_normalised(raw: str, name: str) -> None:
    text = decode(raw.encode("utf-8"), source=name)

    def markdown(**normalized: bool) -> str:
        try:
            return to_markdown(text, filename=name, **normalized)
        except InputError as error:  # a blank text
            return str(error)

    assert markdown(normalized=True) == markdown()


def test_a_markdown_copy_is_taken_as_it_is_with_one_line_end_at_its_end() -> None:
    text = "# Резолюция\n\n1. Первый пункт.\n2. Второй пункт.\n"
    assert to_markdown(text, filename="copy.md") is text  # a long copy is not copied again
    assert to_markdown(text + "\n\n", filename="copy.md") == text
    assert to_markdown(text[:-1], filename="copy.md") == text
    assert to_markdown(text.replace("\n", "\r\n"), filename="copy.md") == text
