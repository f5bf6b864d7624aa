"""The text itself, without review marks: Markdown, one self-contained HTML page, or Word.

Markdown is the stored text byte for byte. HTML and Word are rendered from
markdown-it tokens made safe first (:mod:`.markup`: raw HTML shown as text,
only http, https, mailto and in-page links, images as their alt text).

The dossier renders the texts of every version with the same functions, with
``offline=True``: external links become their text followed by the address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..errors import InputError
from .i18n import Lang, resolve_lang
from .markup import text_html, text_tokens
from .redline import template_environment

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

    from ..model import Document

ExportFormat = Literal["md", "html", "docx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("md", "html", "docx")


def export_text(
    doc: Document, fmt: ExportFormat | str, *, title: str, lang: str | None
) -> str | bytes:
    """The document as "md" (its Markdown exactly), "html" (one self-contained,
    printable page) or "docx" (Word bytes). ``lang`` ("ru", "uk", "en"; None or "auto":
    detected from the text) sets the page's and the Word file's language."""
    markdown = doc.render()
    if fmt == "md":
        return markdown
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"Unknown export format {fmt!r}. Use one of: {', '.join(EXPORT_FORMATS)}")
    language = resolve_lang(lang, markdown)
    if fmt == "html":
        return _html_page(markdown, title, language)
    return _docx(markdown, title, language)


# --- HTML ------------------------------------------------------------------------------


def _html_page(markdown: str, title: str, lang: Lang) -> str:
    from markupsafe import Markup

    template = template_environment().get_template("export.html.j2")
    # The fragment is markdown-it's output from sanitised tokens: markdown-it
    # escapes every text and attribute itself.
    return template.render(lang=lang, title=title, body=Markup(text_html(markdown)))


# --- Word ------------------------------------------------------------------------------

#: Indentation per list level and per block-quote level, in twentieths of a point.
_LIST_INDENT_TWIPS = 425  # 0.75 cm
_QUOTE_INDENT_TWIPS = 567  # 1 cm
_BULLETS = ("•", "–", "◦")


def _docx(markdown: str, title: str, lang: Lang) -> bytes:
    from .tables import docx_bytes, xml_safe

    markdown, title = xml_safe(markdown), xml_safe(title)
    document = text_document(title, lang)
    _WordWriter(document).write(text_tokens(markdown, offline=True))
    return docx_bytes(document)


def text_document(title: str, lang: Lang) -> WordDocument:
    """A new Word document: A4 portrait, Times New Roman 12 pt with the proofing
    language set, black headings."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, RGBColor

    from .tables import blank_word_document

    document = blank_word_document(title, lang, points=12)
    for level in range(1, 7):
        heading = document.styles[f"Heading {level}"]
        heading.font.name = "Times New Roman"
        heading.font.color.rgb = RGBColor(0, 0, 0)
        if level == 1:  # a resolution's title line stands in the middle, as on paper
            heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fonts = heading.element.get_or_add_rPr().find(qn("w:rFonts"))
        if fonts is not None:  # the template's theme fonts would win over the name
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    return document


@dataclass
class _Cell:
    inline: Token | None = None
    header: bool = False


@dataclass
class _WordWriter:
    """Walks the tokens once and writes Word paragraphs and tables.

    List items get their marker as text ("5.", "•") and a hanging indent, so the
    numbers are exactly the ones in the text (Word's own numbering would count
    afresh) and survive copying.
    """

    document: WordDocument
    lists: list[str] = field(default_factory=list)  # "ol"/"ul" per open list
    marker: str | None = None  # the marker the next paragraph starts with
    quotes: int = 0
    paragraph: Paragraph | None = None
    rows: list[list[_Cell]] | None = None  # the table being read
    in_header: bool = False

    def write(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                level = min(int(token.tag[1:]), 9)
                self.paragraph = self.document.add_heading("", level=level)
            elif kind == "paragraph_open":
                self.paragraph = None if token.meta.get("layout") else self._block()
            elif kind in ("heading_close", "paragraph_close"):
                self.paragraph = None
            elif kind == "inline":
                self._inline(token)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append(token.tag)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                if self.lists and self.lists[-1] == "ol":
                    self.marker = token.info + token.markup
                else:
                    self.marker = _BULLETS[(len(self.lists) - 1) % len(_BULLETS)]
            elif kind == "list_item_close" and self.marker is not None:
                self._block()  # an empty item still shows its marker
            elif kind == "blockquote_open":
                self.quotes += 1
            elif kind == "blockquote_close":
                self.quotes -= 1
            elif kind in ("fence", "code_block"):
                self._code(token.content)
            else:
                self._table(token)

    def _block(self) -> Paragraph:
        """A new body paragraph, indented for the open lists and quotes, with the
        pending list marker."""
        from docx.shared import Twips

        paragraph = self.document.add_paragraph()
        indent = len(self.lists) * _LIST_INDENT_TWIPS + self.quotes * _QUOTE_INDENT_TWIPS
        if self.lists:
            paragraph.style = self.document.styles["List Paragraph"]
        fmt = paragraph.paragraph_format
        if indent or self.lists:
            fmt.left_indent = Twips(indent)
        if self.marker is not None:
            fmt.first_line_indent = Twips(-_LIST_INDENT_TWIPS)
            fmt.tab_stops.add_tab_stop(Twips(indent))
            paragraph.add_run(self.marker + "\t")
            self.marker = None
        return paragraph

    def _inline(self, token: Token) -> None:
        if self.rows is not None:
            if self.rows:
                self.rows[-1].append(_Cell(token, self.in_header))
        elif self.paragraph is not None:
            add_runs(self.paragraph, token.children or ())

    def _code(self, content: str) -> None:
        paragraph = self._block()
        for i, line in enumerate(content.rstrip("\n").split("\n")):
            if i:
                paragraph.runs[-1].add_break()
            paragraph.add_run(line).font.name = "Courier New"

    def _table(self, token: Token) -> None:
        kind = token.type
        if kind == "table_open":
            self.rows = []
        elif kind == "tr_open" and self.rows is not None:
            self.rows.append([])
        elif kind == "thead_open":
            self.in_header = True
        elif kind == "thead_close":
            self.in_header = False
        elif kind == "table_close" and self.rows is not None:
            rows, self.rows = self.rows, None
            self._write_table(rows)

    def _write_table(self, rows: list[list[_Cell]]) -> None:
        width = max((len(r) for r in rows), default=0)
        if not width:
            return
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, source in zip(row.cells, cells, strict=False):
                if source.inline is not None:
                    add_runs(cell.paragraphs[0], source.inline.children or (), bold=source.header)
        self.document.add_paragraph()  # Word joins two tables that touch


def add_runs(paragraph: Paragraph, children: Sequence[Token], *, bold: bool = False) -> None:
    """Word runs for inline tokens: text with bold, italic, strikethrough and
    code kept; soft breaks as spaces, hard breaks as line breaks."""
    strong = em = strike = 0
    started = False
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            if not child.content:
                continue
            run = paragraph.add_run(child.content)
            started = True
            run.bold = bool(strong) or bold or None
            run.italic = bool(em) or None
            run.font.strike = bool(strike) or None
            if kind == "code_inline":
                run.font.name = "Courier New"
        elif kind == "softbreak":
            if started:  # not after an anchor that opens the paragraph
                paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            em += 1 if kind == "em_open" else -1
        elif kind in ("s_open", "s_close"):
            strike += 1 if kind == "s_open" else -1
