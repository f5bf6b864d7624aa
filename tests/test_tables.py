"""The comparative table: rows, Markdown, CSV and Word output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from resolution_vcs.diff import ChangeKind, DocumentDiff, diff
from resolution_vcs.errors import InputError
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.present.tables import ComparativeRow, comparative_rows, render_comparative

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ua-2939-17"

OLD = """\
# Резолюция

1. Первый пункт о библиотеках.
2. Второй пункт о чтении книг.
3. Третий пункт удалить.
4. Условия | порядок финансирования.

Рекомендации:

- первая рекомендация для всех
- вторая рекомендация для министерства
"""

NEW = """\
# Резолюция

1. Новый пункт в начале текста.
2. Первый пункт о публичных библиотеках.
3. Второй пункт о чтении журналов.
4. Условия | порядок финансирования,
   утверждённые советом.

Рекомендации:

- вторая рекомендация для министерства
- первая рекомендация для всех
"""

RU_HEADERS = ["№", "Пункт", "Редакция до изменения", "Новая редакция", "Примечание"]
EN_HEADERS = ["No.", "Clause", "Wording before", "New wording", "Note"]


@pytest.fixture
def delta() -> DocumentDiff:
    a = assign_ids(parse(OLD))
    return diff(a, assign_ids(parse(NEW), a))


def row_by_before(rows: list[ComparativeRow], start: str) -> ComparativeRow:
    return next(r for r in rows if (r.before or r.after).startswith(start))


def test_rows_for_a_hand_made_pair(delta: DocumentDiff) -> None:
    rows = comparative_rows(delta, lang="en")
    assert [(r.label, r.note) for r in rows] == [
        ("1", "added"),
        ("2", "modified; renumbered, was 1"),
        ("3", "modified; renumbered, was 2"),
        ("3", "deleted"),
        ("4", "modified"),
        ("¶2.1", "moved from ¶2.2"),
    ]
    added, first, second, deleted, fourth, moved = rows
    assert (added.before, added.after) == ("", "Новый пункт в начале текста.")
    assert (deleted.before, deleted.after) == ("Третий пункт удалить.", "")
    assert second.before == "Второй пункт о чтении книг."
    assert second.after == "Второй пункт о чтении журналов."
    assert fourth.after == "Условия | порядок финансирования,\nутверждённые советом."
    assert moved.before == moved.after == "вторая рекомендация для министерства"
    assert moved.kinds == (ChangeKind.MOVED,)
    assert [r.id for r in rows] == [c.id for c in delta.changed]
    for row in rows:  # the ops always lead from before to after
        assert "".join(op.old for op in row.ops) == row.before
        assert "".join(op.new for op in row.ops) == row.after


def test_rows_notes_in_russian(delta: DocumentDiff) -> None:
    notes = [r.note for r in comparative_rows(delta, lang="ru")]
    assert notes == [
        "добавлен",
        "изменён; перенумерован: был 1",
        "изменён; перенумерован: был 2",
        "исключён",
        "изменён",
        "перемещён из ¶2.2",
    ]


def test_markdown_table(delta: DocumentDiff) -> None:
    md = render_comparative(delta, "md", lang="ru", title="Проект резолюции")
    assert isinstance(md, str)
    lines = md.splitlines()
    assert lines[0] == "# Проект резолюции"
    assert "| " + " | ".join(RU_HEADERS) + " |" in lines
    rows = [line for line in lines if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 6
    assert rows[2] == (
        "| 3 | 3 | Второй пункт о чтении ~~книг~~. | Второй пункт о чтении **журналов**. "
        "| изменён; перенумерован: был 2 |"
    )
    # pipes escaped, line breaks as <br>, inserted words bold outside the spaces
    assert "| Условия \\| порядок финансирования**,<br>утверждённые советом**. |" in rows[4]
    assert rows[4].count(" | ") == 4  # still five cells
    assert rows[0] == "| 1 | 1 | — | **Новый пункт в начале текста.** | добавлен |"


def test_markdown_table_in_english(delta: DocumentDiff) -> None:
    md = render_comparative(delta, "md", lang="en")
    assert isinstance(md, str)
    assert md.startswith("# Comparative table\n")
    assert "| " + " | ".join(EN_HEADERS) + " |" in md.splitlines()


def test_csv(delta: DocumentDiff) -> None:
    text = render_comparative(delta, "csv", lang="ru")
    assert isinstance(text, str)
    assert not text.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(text)))
    assert records[0] == RU_HEADERS
    assert len(records) == 7
    assert records[2] == [
        "2",
        "2",
        "Первый пункт о библиотеках.",
        "Первый пункт о публичных библиотеках.",
        "изменён; перенумерован: был 1",
    ]
    assert records[4][2:4] == ["Третий пункт удалить.", ""]
    assert records[5][3] == "Условия | порядок финансирования,\nутверждённые советом."
    assert "**" not in text and "~~" not in text  # plain texts
    english = render_comparative(delta, "csv", lang="en")
    assert isinstance(english, str)
    assert next(csv.reader(io.StringIO(english))) == EN_HEADERS


def read_docx(data: str | bytes) -> docx.document.Document:
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


@pytest.mark.parametrize(("lang", "headers"), [("ru", RU_HEADERS), ("en", EN_HEADERS)])
def test_docx_table(delta: DocumentDiff, lang: str, headers: list[str]) -> None:
    document = read_docx(render_comparative(delta, "docx", lang=lang, title="Проект"))
    assert document.paragraphs[0].text == "Проект"
    assert len(document.tables) == 1
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == headers
    assert len(table.rows) == 1 + 6
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    row_properties = header._tr.trPr
    assert row_properties is not None
    assert row_properties.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE

    before, after = table.rows[3].cells[2], table.rows[3].cells[3]
    assert before.text == "Второй пункт о чтении книг."
    assert after.text == "Второй пункт о чтении журналов."
    struck = [r.text for r in before.paragraphs[0].runs if r.font.strike]
    underlined = [r.text for r in after.paragraphs[0].runs if r.font.underline]
    assert struck == ["книг"]
    assert underlined == ["журналов"]
    assert not any(r.font.strike for r in after.paragraphs[0].runs)
    # an added clause: the whole new wording inserted, nothing before
    assert table.rows[1].cells[2].text == "—"
    assert [r.text for r in table.rows[1].cells[3].paragraphs[0].runs if r.font.underline] == [
        "Новый пункт в начале текста."
    ]


def test_docx_keeps_line_breaks_and_drops_nothing(delta: DocumentDiff) -> None:
    document = read_docx(render_comparative(delta, "docx", lang="ru"))
    cell = document.tables[0].rows[5].cells[3]
    assert cell.text == "Условия | порядок финансирования,\nутверждённые советом."


def test_docx_on_corpus_pair() -> None:
    old = parse((CORPUS / "v13.md").read_text(encoding="utf-8"))
    new = parse((CORPUS / "v14.md").read_text(encoding="utf-8"))
    delta = diff(old, new)
    document = read_docx(render_comparative(delta, "docx"))  # language detected: Ukrainian
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[2:4] == ["Редакція до змін", "Нова редакція"]
    assert document.core_properties.language == "uk"
    assert len(table.rows) == 1 + 4
    struck = [r.text for r in table.rows[1].cells[2].paragraphs[0].runs if r.font.strike]
    assert struck == ["01.01"]


def test_no_changes_and_unknown_format(delta: DocumentDiff) -> None:
    same = diff(parse(OLD), parse(OLD))
    assert comparative_rows(same) == []
    md = render_comparative(same, "md", lang="en")
    assert isinstance(md, str) and "No changes." in md and "|" not in md
    with pytest.raises(InputError, match="Unknown table format 'pdf'. Use one of: md, html"):
        render_comparative(delta, "pdf")


def test_a_cell_ends_no_line_of_the_markdown_table() -> None:
    """Every character some reader takes for a line break becomes <br> in a cell."""
    from resolution_vcs.present.tables import md_cell_text

    for brk in ("\r", "\r\n", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"):
        assert md_cell_text(f"a{brk}b|c") == "a<br>b\\|c"
