"""The comparative table (сравнительная таблица): old and new wording of each changed clause.

Legislatures publish one with every amending act: a row per changed clause,
the wording before the change on the left, the new wording on the right, the
changed words marked on each side, and a note saying what happened. This
module builds the rows once (:func:`comparative_rows`) and writes them as
Markdown, a self-contained HTML page, CSV or a Word document
(:func:`render_comparative`).

The texts are the clauses' Markdown without list markers, as in the diff; a
renumbering is named in the note ("renumbered, was 3"), not in the text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..diff import ChangeKind, DocumentDiff, InlineOp
from ..errors import InputError
from ..frozen import frozen
from .i18n import Lang, resolve_lang, t, word_language
from .redline import (
    Run,
    change_ops,
    describe,
    expand_ops,
    run_views,
    sample_text,
    summary_items,
    template_environment,
)

#: The program's templates: the pages' and the blank Word document.
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

Format = Literal["md", "html", "csv", "docx"]
FORMATS: tuple[Format, ...] = ("md", "html", "csv", "docx")


@frozen
class ComparativeRow:
    """One changed clause in the comparative table."""

    #: The label people find the clause under: the new one, the old one if deleted.
    label: str
    id: str
    #: Wording before the change ("" for an added clause).
    before: str
    #: New wording ("" for a deleted clause).
    after: str
    #: Word operations from ``before`` to ``after``: joining the old sides gives
    #: ``before``, the new sides ``after`` (one insert for an added clause, one
    #: delete for a deleted one, one equal op when only the place changed).
    ops: tuple[InlineOp, ...]
    #: What happened, in words: "modified", "moved from ¶3", "renumbered, was 2".
    note: str
    kinds: tuple[ChangeKind, ...] = ()

    def runs(self) -> tuple[Run, ...]:
        """The ops as display runs (spacing differences made explicit)."""
        return expand_ops(self.ops)


def comparative_rows(delta: DocumentDiff, *, lang: str | None = "en") -> list[ComparativeRow]:
    """One row per changed clause (unchanged ones are left out, and those whose wording
    reads as before: a change of layout only), in reading order.

    ``lang`` is the language of the notes (None: the document's).
    """
    language = resolve_lang(lang, sample_text(delta))
    rows = []
    for change in delta.changed:
        if set(change.kinds) <= {ChangeKind.LAYOUT}:
            continue
        rows.append(
            ComparativeRow(
                label=change.label,
                id=change.id,
                before=change.old.content if change.old else "",
                after=change.new.content if change.new else "",
                ops=change_ops(change),
                note=describe(change, language),
                kinds=change.kinds,
            )
        )
    return rows


def headers(lang: Lang) -> list[str]:
    """The column headers: № | Clause | Wording before | New wording | Note."""
    return [t(key, lang) for key in ("col.no", "col.clause", "col.before", "col.after", "col.note")]


def render_comparative(
    delta: DocumentDiff,
    fmt: Format | str,
    *,
    lang: str | None = None,
    title: str | None = None,
) -> str | bytes:
    """The comparative table as "md", "html", "csv" (text) or "docx" (bytes).

    ``lang`` ("ru", "uk", "en"; default: the document's language) sets the headers
    and notes; ``title`` defaults to "Сравнительная таблица" / "Comparative table".
    """
    renderers: dict[str, Callable[[list[ComparativeRow], Lang, str, DocumentDiff], str | bytes]]
    renderers = {"md": _markdown, "html": _html, "csv": _csv, "docx": _docx}
    renderer = renderers.get(str(fmt))
    if renderer is None:
        raise InputError(f"Unknown table format {fmt!r}. Use one of: {', '.join(FORMATS)}")
    language = resolve_lang(lang, sample_text(delta))
    rows = comparative_rows(delta, lang=language)
    return renderer(rows, language, title or t("title.comparative", language), delta)


# --- Markdown --------------------------------------------------------------------------

_HARD_BREAK_RE = re.compile(r"(\\| {2,})\n")


#: Everything that ends a line for some reader of a Markdown file.
_LINE_BREAK_RE = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def md_cell_text(text: str) -> str:
    """Cell-safe Markdown: pipes escaped, line breaks as <br> (hard breaks too)."""
    text = _LINE_BREAK_RE.sub("\n", _HARD_BREAK_RE.sub("\n", text))
    return text.replace("|", "\\|").replace("\n", "<br>")


_EDGES_RE = re.compile(r"^((?:\s|<br>)*)(.*?)((?:\s|<br>)*)$", re.DOTALL)


def md_marked(text: str, mark: str) -> str:
    """``text`` as a cell, wrapped in ``mark`` ("~~", "**") with white space and
    line breaks kept outside the markers (``** word**`` would not render)."""
    match = _EDGES_RE.match(md_cell_text(text))
    assert match is not None  # the pattern matches any string
    lead, core, tail = match.groups()
    return lead + mark + core + mark + tail if core else lead + tail


def _md_run_text(run: Run) -> str:
    """A run's text with invisible characters named ("&lt;U+200B&gt;": a bare
    "<U+200B>" would be read as an HTML tag and vanish)."""
    return "".join(f"&lt;{p.text}&gt;" if p.marker else p.text for p in run.pieces())


def md_side(runs: Sequence[Run], side: Literal["before", "after"]) -> str:
    skip, mark = ("insert", "~~") if side == "before" else ("delete", "**")
    parts = []
    for run in runs:
        if run.op == skip:
            continue
        text = _md_run_text(run)
        parts.append(md_cell_text(text) if run.op == "equal" else md_marked(text, mark))
    return "".join(parts)


def _markdown(rows: list[ComparativeRow], lang: Lang, title: str, delta: DocumentDiff) -> str:
    empty = t("empty_cell", lang)
    lines = [f"# {title}", ""]
    summary = ", ".join(f"{name}: {count}" for name, count in summary_items(delta, lang))
    lines += [f"{t('summary', lang)}: {summary}", ""]
    if not rows:
        return "\n".join([*lines, t("no_changes", lang), ""])
    lines.append("| " + " | ".join(headers(lang)) + " |")
    lines.append("|---:|---|---|---|---|")
    for n, row in enumerate(rows, start=1):
        runs = row.runs()
        cells = [
            str(n),
            md_cell_text(row.label),
            md_side(runs, "before") if row.before else empty,
            md_side(runs, "after") if row.after else empty,
            md_cell_text(row.note),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --- HTML ------------------------------------------------------------------------------


def _html(rows: list[ComparativeRow], lang: Lang, title: str, delta: DocumentDiff) -> str:
    view_rows = []
    for n, row in enumerate(rows, start=1):
        runs = row.runs()
        view_rows.append(
            {
                "no": n,
                "label": row.label,
                "id": row.id,
                "kind": row.kinds[0].value if row.kinds else "unchanged",
                "before": run_views(r for r in runs if r.op != "insert") if row.before else (),
                "after": run_views(r for r in runs if r.op != "delete") if row.after else (),
                "note": row.note,
            }
        )
    template = template_environment().get_template("comparative.html.j2")
    return template.render(
        lang=lang,
        title=title,
        summary=summary_items(delta, lang),
        layout_changed=delta.layout_changed,
        headers=headers(lang),
        rows=view_rows,
        t=lambda key, **fields: t(key, lang, **fields),
    )


# --- CSV -------------------------------------------------------------------------------


def _csv(rows: list[ComparativeRow], lang: Lang, title: str, delta: DocumentDiff) -> str:
    """Plain UTF-8 CSV (no BOM), header row in ``lang``, texts without markup."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(lang))
    for n, row in enumerate(rows, start=1):
        writer.writerow([n, row.label, row.before, row.after, row.note])
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------

#: Relative widths of the five columns (sum 100), and colours of the marks.
_COLUMN_SHARES = (4, 8, 35, 35, 18)
_DELETED_RGB = (0xC0, 0x00, 0x00)
_INSERTED_RGB = (0x00, 0x61, 0x2B)


def docx_runs(paragraph: Paragraph, runs: Sequence[Run]) -> None:
    """Add ``runs`` to a Word paragraph: deleted words struck through in red,
    inserted ones underlined, bold and green; invisible characters named."""
    from docx.enum.text import WD_UNDERLINE
    from docx.shared import RGBColor

    for run in runs:
        text = "".join(f"<{p.text}>" if p.marker else p.text for p in run.pieces())
        if not text:
            continue
        word_run = paragraph.add_run(xml_safe(text))
        if run.op == "delete":
            word_run.font.strike = True
            word_run.font.color.rgb = RGBColor(*_DELETED_RGB)
        elif run.op == "insert":
            word_run.font.underline = WD_UNDERLINE.SINGLE
            word_run.font.bold = True
            word_run.font.color.rgb = RGBColor(*_INSERTED_RGB)


#: Characters XML 1.0 (and so Word) cannot hold: C0 controls other than tab and
#: line breaks, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters a Word file cannot hold shown as U+FFFD."""
    return _NOT_XML_RE.sub("\ufffd", text)


def set_cell(cell: _Cell, runs: Sequence[Run], empty: str) -> None:
    paragraph = cell.paragraphs[0]
    if runs:
        docx_runs(paragraph, runs)
    else:
        paragraph.add_run(empty)


def word_document(title: str, lang: Lang) -> tuple[WordDocument, int]:
    """A new Word document for a wide table: Times New Roman 11 pt with the
    proofing language set, a landscape A4 section (wide text columns read better
    across the page) and ``title`` as its heading. Returns it with the usable
    width of the page."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    title = xml_safe(title)
    document = blank_word_document(title, lang, points=11)

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    margin = Mm(15)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin

    document.add_heading(title, level=1)
    return document, Mm(297) - 2 * margin


def grid_table(document: WordDocument, header_texts: Sequence[str]) -> Table:
    """A bordered table with one header row: bold, shaded, repeated on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(header_texts))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, header_texts, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "E7E6E6")
        cell._tc.get_or_add_tcPr().append(shading)
    return table


def set_column_widths(table: Table, shares: Sequence[int], usable: int) -> None:
    """Give the columns ``shares`` (percent) of the usable width; call after adding rows."""
    widths = [usable * share // 100 for share in shares]
    # Word reads the cell widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width


def _docx(rows: list[ComparativeRow], lang: Lang, title: str, delta: DocumentDiff) -> bytes:
    """A Word document: title, summary, and the table in a landscape A4 section;
    the header row is bold and repeats on every page."""
    document, usable = word_document(title, lang)
    summary = ", ".join(f"{name}: {count}" for name, count in summary_items(delta, lang))
    document.add_paragraph(f"{t('summary', lang)}: {summary}")
    if not rows:
        document.add_paragraph(t("no_changes", lang))
        return docx_bytes(document)

    table = grid_table(document, headers(lang))
    empty = t("empty_cell", lang)
    for n, row in enumerate(rows, start=1):
        runs = row.runs()
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(str(n))
        set_cell(cells[1], [Run("equal", row.label)], empty)
        set_cell(cells[2], [r for r in runs if r.op != "insert"] if row.before else [], empty)
        set_cell(cells[3], [r for r in runs if r.op != "delete"] if row.after else [], empty)
        set_cell(cells[4], [Run("equal", row.note)], empty)
    set_column_widths(table, _COLUMN_SHARES, usable)
    return docx_bytes(document)


def blank_word_document(title: str, lang: Lang, *, points: int) -> WordDocument:
    """A new Word document titled ``title``, its text in Times New Roman of ``points``
    with the proofing language of ``lang`` set (so that Word does not mark every
    Cyrillic word). It starts from the program's blank document
    (``templates/document.docx``, made by ``scripts/word_template.py``): python-docx's
    default without its decorative table styles, which cost every reader their memory."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document(str(_TEMPLATES / "document.docx"))
    document.core_properties.title = title
    document.core_properties.language = lang
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(points)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), word_language(lang))
    normal.element.get_or_add_rPr().append(lang_el)
    return document


def docx_bytes(document: WordDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
