"""Reading Word files: structure, numbering, inline text, tracked-change readings, warnings."""

from __future__ import annotations

import warnings

import pytest

from resolution_vcs.drafts import ConversionWarning, read_draft
from resolution_vcs.parse import parse
from resolution_vcs.word import read_word
from resolution_vcs.word.numbering import format_number
from resolution_vcs.word.reader import Change

from .word_files import change, docx, level, numbering_xml, para, run


def markdown(data: bytes) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        return read_draft(data, source="t.docx").text


def clauses(data: bytes) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.number, c.text) for c in parse(markdown(data))]


LIST = numbering_xml(
    '<w:abstractNum w:abstractNumId="0">'
    + level(0, "decimal", "%1.")
    + level(1, "decimal", "%1.%2.")
    + level(2, "russianLower", "%3)")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    + level(0, "bullet", "•")
    + level(1, "bullet", "o")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">'
    + level(0, "upperRoman", "Статья %1.", start=4)
    + "</w:abstractNum>",
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
)


def test_numbering_becomes_the_numbers_word_shows() -> None:
    body = "".join(
        [
            para("Решение", style="Heading1"),
            para("Утвердить план.", num=(1, 0)),
            para("Поручить:", num=(1, 0)),
            para("подготовить отчёт;", num=(1, 1)),
            para("провести собрание;", num=(1, 1)),
            para("в марте.", num=(1, 2)),
            para("Контроль оставляю за собой.", num=(1, 0)),
            para("Вводная часть.", num=(3, 0)),
            para("Новый список.", num=(4, 0)),
            para("Пункт через стиль.", style="ListNum"),
        ]
    )
    assert clauses(docx(body, numbering=LIST)) == [
        ("heading", "", "Решение"),
        ("item", "1", "Утвердить план."),
        ("item", "2", "Поручить:"),
        ("item", "2.1", "подготовить отчёт;"),
        ("item", "2.2", "провести собрание;"),
        ("paragraph", "", "а) в марте."),
        ("item", "3", "Контроль оставляю за собой."),
        ("paragraph", "", "Статья IV. Вводная часть."),
        ("item", "1", "Новый список."),
        ("item", "2", "Пункт через стиль."),
    ]


def test_number_formats() -> None:
    assert [format_number(n, "russianLower") for n in (1, 9, 10, 29, 30)] == [
        "а",
        "и",
        "к",
        "я",
        "аа",
    ]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 1990)] == [
        "IV",
        "IX",
        "XIV",
        "MCMXC",
    ]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert format_number(7, "decimalZero") == "07"


def test_bullets_nest_by_level() -> None:
    body = "".join(
        [
            para("Рекомендовать:"),
            para("первое;", num=(2, 0)),
            para("вложенное;", num=(2, 1)),
            para("второе.", num=(2, 0)),
        ]
    )
    text = markdown(docx(body, numbering=LIST))
    assert text == "Рекомендовать:\n\n- первое;\n  - вложенное;\n- второе.\n"


def test_headings_by_style_and_outline_level() -> None:
    body = (
        para("Глава", style="Heading1")
        + para("Статья", style="Zag")
        + para("Раздел", ppr='<w:outlineLvl w:val="1"/>')
        + para("Текст.")
    )
    assert markdown(docx(body)) == "# Глава\n\n### Статья\n\n## Раздел\n\nТекст.\n"


def test_inline_formatting_links_breaks_fields_and_controls() -> None:
    runs = (
        run("Жирный", props="<w:b/>")
        + run(" и ")
        + run("курсив", props="<w:i/>")
        + run(", ")
        + '<w:hyperlink r:id="rL"><w:r><w:t>сайт</w:t></w:r></w:hyperlink>'
        + "<w:r><w:br/></w:r>"
        + '<w:bookmarkStart w:id="0" w:name="x"/>'
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("7")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + '<w:bookmarkEnd w:id="0"/>'
        + '<w:fldSimple w:instr="DATE"><w:r><w:t> марта</w:t></w:r></w:fldSimple>'
        + "<w:sdt><w:sdtContent><w:r><w:t> года</w:t></w:r></w:sdtContent></w:sdt>"
        + '<w:smartTag w:element="place"><w:r><w:t> в Пскове</w:t></w:r></w:smartTag>'
        + run(" *звёзды* [1]")
    )
    text = markdown(docx(para(runs=runs), links={"rL": "https://example.org/a b"}))
    assert text == (
        "**Жирный** и *курсив*, [сайт](<https://example.org/a b>)\\\n"
        "7 марта года в Пскове \\*звёзды\\* \\[1\\]\n"
    )
    doc = parse(text)
    assert doc.clauses[0].text.split() == (
        "Жирный и курсив, сайт 7 марта года в Пскове *звёзды* [1]".split()
    )


def test_footnotes_become_markdown_footnotes() -> None:
    runs = run("Текст") + '<w:r><w:footnoteReference w:id="2"/></w:r>' + run(" дальше.")
    notes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
        f'<w:footnote w:id="2">{para("Источник: отчёт 2021 года.")}</w:footnote>'
    )
    assert markdown(docx(para(runs=runs), footnotes=notes)) == (
        "Текст[^1] дальше.\n\n[^1]: Источник: отчёт 2021 года.\n"
    )


def test_a_one_word_footnote_stays_text() -> None:
    runs = run("Текст") + '<w:r><w:footnoteReference w:id="2"/></w:r>'
    notes = f'<w:footnote w:id="2">{para("Там_же.")}</w:footnote>'
    text = markdown(docx(para(runs=runs), footnotes=notes))
    assert [c.text for c in parse(text)] == ["Текст[^1]", "[^1]: Там_же."]


def test_tables() -> None:
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    table = (
        "<w:tbl>"
        + "<w:tr>"
        + cell.format("Было")
        + cell.format("Стало")
        + "</w:tr>"
        + "<w:tr>"
        + cell.format("a | b")
        + cell.format("c")
        + "</w:tr>"
        + "</w:tbl>"
    )
    text = markdown(docx(para("Таблица:") + table))
    assert text == "Таблица:\n\n| Было | Стало |\n|---|---|\n| a \\| b | c |\n"
    (_, tbl) = parse(text).clauses
    assert tbl.kind.value == "table"


DATE_A, DATE_B = "2024-03-01T10:00:00Z", "2024-03-02T11:00:00Z"


def tracked() -> bytes:
    body = (
        para(
            runs=run("Опыт ")
            + change("del", "Olga", DATE_A, run("создания", deleted=True), 1)
            + change("ins", "Olga", DATE_A, run("открытия"), 2)
            + run(" библиотек ")
            + change("ins", "Boris", DATE_B, run("нового поколения"), 3)
        )
        + para(
            runs=change("del", "Boris", DATE_B, run("Удалённый абзац.", deleted=True), 4),
            ppr=f'<w:rPr><w:del w:id="5" w:author="Boris" w:date="{DATE_B}"/></w:rPr>',
        )
        + para("Последний абзац.")
    )
    return docx(body)


def test_readings_of_tracked_changes() -> None:
    data = tracked()

    def only(name: str):  # type: ignore[no-untyped-def]
        return lambda c: c.author == name

    read = read_word(
        data,
        source="t.docx",
        max_bytes=10**6,
        readings={
            "accepted": lambda c: True,
            "rejected": lambda c: False,
            "olga": only("Olga"),
        },
    )
    texts = {name: r.markdown for name, r in read.readings.items()}
    assert texts == {
        "accepted": "Опыт открытия библиотек нового поколения\n\nПоследний абзац.\n",
        "rejected": "Опыт создания библиотек\n\nУдалённый абзац.\n\nПоследний абзац.\n",
        "olga": "Опыт открытия библиотек\n\nУдалённый абзац.\n\nПоследний абзац.\n",
    }
    authors = {c.author for c in read.changes.values()}
    assert authors == {"Olga", "Boris"}
    assert all(isinstance(c, Change) and c.date is not None for c in read.changes.values())


def test_what_markdown_cannot_show_is_named() -> None:
    body = para(runs=run("Видно") + run(" скрыто", props="<w:vanish/>") + "<w:r><w:drawing/></w:r>")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draft = read_draft(docx(body), source="t.docx")
    assert draft.text == "Видно\n"
    messages = sorted(str(w.message) for w in caught if w.category is ConversionWarning)
    assert messages == [
        "t.docx: a picture or object is left out",
        "t.docx: hidden text is left out",
    ]


def test_typed_numbers_and_title_block_as_in_plain_text() -> None:
    from resolution_vcs.importers import import_text

    lines = [
        "ПРОЕКТ",
        "",
        "РЕШЕНИЕ",
        "собрания",
        "",
        "1. Первое.",
        "2. Второе:",
        "2.1. подпункт;",
        "· пункт списка",
        "",
        "Конец.",
    ]
    body = "".join(para(line) for line in lines)
    assert markdown(docx(body)) == import_text("\n".join(lines) + "\n").markdown


@pytest.mark.parametrize("fmt", ["decimal", "lowerLetter"])
def test_every_word_reaches_the_markdown(fmt: str) -> None:
    words = [f"слово{i}" for i in range(50)]
    numbering = numbering_xml(
        '<w:abstractNum w:abstractNumId="0">' + level(0, fmt, "%1)") + "</w:abstractNum>",
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
    )
    body = "".join(para(w, num=(1, 0) if i % 3 else None) for i, w in enumerate(words))
    text = " ".join(c.text for c in parse(markdown(docx(body, numbering=numbering))))
    assert [w for w in text.split() if w.startswith("слово")] == words
