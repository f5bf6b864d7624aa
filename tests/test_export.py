"""Export of the text itself: Markdown byte for byte, a safe HTML page, a Word file."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from resolution_vcs.errors import InputError
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.present.export import export_text
from resolution_vcs.present.markup import safe_href, text_html
from resolution_vcs.repository import Repository
from resolution_vcs.text import normalize, words

SLUG = "bibliomodel-2022"

HOSTILE = """\
# Резолюция <b>форума</b>

[]{#n5}
Текст с <script>alert(1)</script> внутри и [выделением]{#ok .cls onclick="alert(2)"}.

Ссылки: [плохая](javascript:alert(3)), [данные](data:text/html,<b>x</b>),
[сайт](https://example.org/a?b=1&c=2 "Сайт"), [якорь](#n5), [файл](other.html),
[почта](mailto:info@example.org), [JS](  JaVaScRiPt:alert(4)).

![картинка](https://example.org/x.png)

<div>

</div>

<img src=x onerror=alert(5)>
"""

NESTED = """\
# Заголовок

## Раздел 1

1. Первый пункт **важный**.
2. Второй пункт:
   1. подпункт один;
   2. подпункт _два_.
3. Третий пункт.

- маркер один
  - вложенный маркер

> Цитата из закона.

| Колонка | Значение |
|---|---|
| а | 1 |
| б | 2 |

[]{#n9}
Последний абзац.
"""


def _doc(text: str):  # type: ignore[no-untyped-def]
    return assign_ids(parse(text))


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _TagCollector()
    collector.feed(page)
    return collector.tags


def _docx_blocks(data: bytes) -> list[Paragraph | Table]:
    return list(docx.Document(io.BytesIO(data)).iter_inner_content())


def _docx_text(data: bytes) -> str:
    """The text of a Word file as python-docx reads it: paragraphs and table cells in order."""
    lines: list[str] = []
    for block in _docx_blocks(data):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(" | ".join(c.text for c in row.cells) for row in block.rows)
    return "\n".join(lines)


# --- Markdown --------------------------------------------------------------------------


def test_markdown_export_is_the_draft_byte_for_byte(repo: Repository) -> None:
    doc = repo.document(SLUG)
    exported = export_text(doc, "md", title="T", lang="ru")
    assert isinstance(exported, str)
    committed = repo.store.read(repo.resolve(SLUG), f"drafts/{SLUG}.md")
    assert committed is not None
    assert exported.encode("utf-8") == committed[1]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InputError) as info:
        export_text(_doc("Текст.\n"), "pdf", title="T", lang="ru")
    assert str(info.value) == "Unknown export format 'pdf'. Use one of: md, html, docx"


# --- HTML ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_page() -> str:
    page = export_text(_doc(HOSTILE), "html", title="Проект <резолюции> & «форума»", lang="ru")
    assert isinstance(page, str)
    return page


def test_html_page_is_one_self_contained_page(hostile_page: str) -> None:
    assert hostile_page.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert "<title>Проект &lt;резолюции&gt; &amp; «форума»</title>" in hostile_page
    assert "<style>" in hostile_page and "@media print" in hostile_page
    lowered = hostile_page.lower()
    for tag in ("<script", "<img", "<link", "<iframe", "<object", "<embed", "<div"):
        assert tag not in lowered
    tags = _tags(hostile_page)
    assert {name for name, _ in tags} <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "p",
        "a",
        "span",
    }
    attributes = {key for _, attrs in tags for key, _ in attrs}
    assert attributes <= {"lang", "charset", "name", "content", "href", "title", "id", "class"}


def test_html_shows_raw_html_as_text(hostile_page: str) -> None:
    assert "Текст с &lt;script&gt;alert(1)&lt;/script&gt; внутри" in hostile_page
    assert "Резолюция &lt;b&gt;форума&lt;/b&gt;</h1>" in hostile_page
    assert "&lt;img src=x onerror=alert(5)&gt;" in hostile_page


def test_html_keeps_only_safe_links(hostile_page: str) -> None:
    hrefs = re.findall(r'href="([^"]*)"', hostile_page)
    assert hrefs == ["https://example.org/a?b=1&amp;c=2", "#n5", "mailto:info@example.org"]
    assert 'title="Сайт"' in hostile_page
    assert "javascript" not in hostile_page.lower()
    assert "data:" not in hostile_page
    # a refused link leaves its text
    flat = " ".join(hostile_page.split())
    assert "Ссылки: плохая, данные, <a" in flat
    assert "</a>, файл, <a" in flat and "</a>, JS.</p>" in flat


def test_html_anchors_images_and_layout(hostile_page: str) -> None:
    assert '<span id="n5"></span>' in hostile_page
    assert "{#n5}" not in hostile_page and "onclick" not in hostile_page
    assert '<span id="ok">выделением</span>.' in hostile_page
    assert "картинка" in hostile_page  # the image's alt text, nothing loaded
    assert "&lt;div&gt;" not in hostile_page  # a layout line is not shown


def test_safe_href() -> None:
    assert safe_href("https://x.org") == "https://x.org"
    assert safe_href("HTTP://x.org") == "HTTP://x.org"
    assert safe_href(" #n5") == "#n5"
    assert safe_href("mailto:a@b.c") == "mailto:a@b.c"
    for bad in ("javascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc", "x.html"):
        assert safe_href(bad) is None
    assert safe_href("//evil.example/x") is None


def test_offline_html_turns_external_links_into_text() -> None:
    html = text_html(
        "[сайт](https://example.org/a) и <https://example.org/b> и [я](#x)\n", offline=True
    )
    assert html == (
        '<p>сайт (https://example.org/a) и https://example.org/b и <a href="#x">я</a></p>\n'
    )


def test_html_of_the_seed(repo: Repository) -> None:
    page = export_text(repo.document(SLUG), "html", title=repo.title(SLUG), lang=None)
    assert isinstance(page, str)
    assert '<html lang="ru">' in page
    assert "<h1>РЕЗОЛЮЦИЯ</h1>" in page
    # 8 agenda items, each with its number as written, and 8 recommendations
    assert len(re.findall(r"<li value=\"[1-8]\">", page)) == 8 and page.count("<li>") == 8


# --- Word ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_docx(seed_text: str) -> bytes:
    from resolution_vcs.importers import import_text

    doc = _doc(import_text(normalize(seed_text), filename="seed.txt").markdown)
    data = export_text(doc, "docx", title="Резолюция", lang="ru")
    assert isinstance(data, bytes)
    return data


def test_docx_has_every_word_of_the_seed_in_order(seed_text: str, seed_docx: bytes) -> None:
    assert words(_docx_text(seed_docx)) == words(normalize(seed_text))


def test_docx_headings_and_numbered_items(seed_docx: bytes) -> None:
    paragraphs = [b for b in _docx_blocks(seed_docx) if isinstance(b, Paragraph)]
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "РЕЗОЛЮЦИЯ")]
    items = [p for p in paragraphs if p.style.name == "List Paragraph"]
    numbers = [p.text.split("\t")[0] for p in items]
    assert numbers == [f"{n}." for n in range(1, 9)] + ["•"] * 8
    assert items[0].text == "1.\tВопросы реализации национального проекта «Культура» в СЗФО;"
    first = items[0].paragraph_format
    assert first.left_indent is not None and first.left_indent > 0
    assert first.first_line_indent is not None and first.first_line_indent < 0
    document = docx.Document(io.BytesIO(seed_docx))
    assert document.core_properties.title == "Резолюция"
    assert document.core_properties.language == "ru"


def test_docx_nested_lists_quotes_tables_and_anchors() -> None:
    data = export_text(_doc(NESTED), "docx", title="T", lang="ru")
    assert isinstance(data, bytes)
    blocks = _docx_blocks(data)
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    by_text = {p.text.split("\t")[-1]: p for p in paragraphs}
    assert [(p.style.name, p.text) for p in paragraphs[:2]] == [
        ("Heading 1", "Заголовок"),
        ("Heading 2", "Раздел 1"),
    ]
    item = by_text["Второй пункт:"]
    sub = by_text["подпункт один;"]
    assert item.text == "2.\tВторой пункт:"
    assert sub.text == "1.\tподпункт один;"
    assert sub.paragraph_format.left_indent > item.paragraph_format.left_indent
    assert by_text["вложенный маркер"].text == "–\tвложенный маркер"
    bold = [r.text for r in by_text["Первый пункт важный."].runs if r.bold]
    assert bold == ["важный"]
    italic = [r.text for r in by_text["подпункт два."].runs if r.italic]
    assert italic == ["два"]
    quote = by_text["Цитата из закона."]
    assert quote.paragraph_format.left_indent is not None and quote.paragraph_format.left_indent > 0
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    cells = [[c.text for c in row.cells] for row in tables[0].rows]
    assert cells == [["Колонка", "Значение"], ["а", "1"], ["б", "2"]]
    assert all(r.bold for r in tables[0].rows[0].cells[0].paragraphs[0].runs)
    text = _docx_text(data)
    assert "{#" not in text and "[]" not in text
    assert "Последний абзац." in text


def test_docx_keeps_raw_html_as_text_and_link_addresses() -> None:
    data = export_text(_doc(HOSTILE), "docx", title="T", lang="en")
    assert isinstance(data, bytes)
    text = _docx_text(data)
    assert "Текст с <script>alert(1)</script> внутри и выделением." in text
    assert "сайт (https://example.org/a?b=1&c=2)" in text
    assert "javascript" not in text.lower()
    assert "<div>" not in text


def test_word_files_show_characters_xml_cannot_hold() -> None:
    """A control character (from a draft committed with plain git, say) cannot go into a
    Word file: it shows as U+FFFD instead of failing the export (found by fuzzing)."""
    doc = assign_ids(parse("Слово\x0bслово.\n"))
    data = export_text(doc, "docx", title="Title\x0b", lang="ru")
    assert isinstance(data, bytes)
    word = docx.Document(io.BytesIO(data))
    assert word.core_properties.title == "Title\ufffd"
    assert "Слово\ufffdслово." in [p.text for p in word.paragraphs]
