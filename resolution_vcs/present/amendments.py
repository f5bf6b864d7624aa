"""Amendments for people: the terminal's descriptions and review, and the amendment table.

The amendment table (таблица поправок) is what a body publishes with its
decisions: a row per amendment with the clause it concerns, the current and
the proposed wording (the changed words marked, as in the comparative table),
the amendment in drafting language ("В пункте 5 слова «…» заменить словами
«…»", :mod:`resolution_vcs.drafting`), its authors, rationale, the decision and
the reason for it. Each row shows the
amendment as it was proposed: applied to the text it was made against, so
that a row reads the same before and after the decision. This module builds
the rows once (:func:`amendment_rows`) and writes them as Markdown, a
self-contained HTML page, CSV or a Word document (:func:`render_amendments`),
reusing the comparative table's cells.

Pure: amendments and diffs in, text out; no git, no files.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from ..amend import EPILOGUE, PREAMBLE, Operation, OpKind, apply
from ..diff import ChangeKind, DocumentDiff, InlineOp, inline_diff
from ..errors import InputError
from ..frozen import frozen
from ..model import Document
from ..records import Amendment, Status
from ..review import CompetingGroup, competing_groups
from ..storage import Person
from ..workflow import Numbered, next_steps
from .i18n import Lang, cite, resolve_lang, t
from .redline import Run, diff_to_dict, render_text, run_views, template_environment
from .summary import clause_name, describe, joined, place_name, readable
from .tables import (
    FORMATS,
    ComparativeRow,
    Format,
    comparative_rows,
    docx_bytes,
    docx_runs,
    grid_table,
    md_cell_text,
    md_side,
    set_cell,
    set_column_widths,
    word_document,
    xml_safe,
)

if TYPE_CHECKING:
    from docx.table import _Cell

    from ..numbering import NumberingMode
    from ..repository import Repository
    from ..review import ReviewItem
    from ..workflow import Consequences, Numbered

Side = Literal["before", "after"]

__all__ = [
    "AmendmentRow",
    "amendment_wording",
    "renumbered_by",
    "TableEntry",
    "table_entries",
    "amendment_dict",
    "amendment_rows",
    "clause_name",
    "describe",
    "gist",
    "next_steps",
    "readable",
    "render_amendments",
    "render_review",
    "review_dict",
    "consequences_dict",
]


def _hunks(op: Operation) -> list[tuple[str, str]]:
    """The changed stretches of a replacement: (old words, new words)."""
    hunks: list[tuple[str, str]] = []
    old: list[str] = []
    new: list[str] = []
    for inline in (*inline_diff(op.base, op.new), InlineOp("equal", "")):
        if inline.op == "equal":
            if old or new:
                hunks.append(("".join(old).strip(), "".join(new).strip()))
                old, new = [], []
            continue
        (old if inline.op == "delete" else new).append(inline.text)
    return hunks


def _quoted(text: str, width: int = 40) -> str:
    line = " ".join(text.split())
    return f'"{line if len(line) <= width else line[: width - 1] + "…"}"'


def gist(amendment: Amendment, labels: Mapping[str, str] | None = None) -> str:
    """The words an amendment changes, for a listing: '"СФЗО" → "СЗФО"',
    'new: "предусмотреть …"', 'delete: "…"', "move after ¶3"; "…" after it
    when there is more."""
    parts: list[str] = []
    for op in amendment.operations:
        if op.op is OpKind.REPLACE:
            for old, new in _hunks(op):
                if not old:
                    parts.append(f"+ {_quoted(new)}")
                elif not new:
                    parts.append(f"− {_quoted(old)}")
                else:
                    parts.append(f"{_quoted(old)} → {_quoted(new)}")
        elif op.op is OpKind.INSERT:
            parts.append(f"new: {_quoted(_words_of(op.new))}")
        elif op.op is OpKind.DELETE:
            parts.append(f"delete: {_quoted(_words_of(op.base))}")
        else:
            parts.append(f"move {op.where} {place_name(op.anchor, labels or {})}")
    unique = list(dict.fromkeys(parts))
    return unique[0] + (" …" if len(unique) > 1 else "") if unique else ""


def _words_of(source: str) -> str:
    """A clause source without its list markers, for quoting."""
    return re.sub(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+", "", source).strip()


def amendment_dict(numbered: Numbered, labels: Mapping[str, str]) -> dict[str, Any]:
    """An amendment as ``resvcs amendments --json`` prints it."""
    a = numbered.amendment
    d = a.decision
    return {
        "number": numbered.number,
        "id": a.id,
        "status": str(a.status),
        "author": a.author,
        "cosponsors": list(a.cosponsors),
        "created": a.created.isoformat(),
        "base": a.base,
        "targets": list(a.targets),
        "labels": [labels.get(t, t) for t in a.targets],
        "summary": describe(a, labels),
        "rationale": a.rationale,
        "conflict": a.conflict,
        "decision": None
        if d is None
        else {"status": str(d.status), "by": d.by, "date": d.date.isoformat(), "reason": d.reason},
    }


def amendment_wording(
    repo: Repository, slug: str, amendment: Amendment, lang: str | None = None
) -> str:
    """The amendment in drafting language ("В пункте 5 слова «…» заменить словами
    «…»."), against the version it was made against, in ``lang`` ("ru", "uk",
    "en"; None: the document's language); "" if that version cannot be read."""
    from ..drafting import wording  # num2words and the drafting rules: only when asked for
    from ..errors import ResolutionError

    try:
        base = repo.document(slug, amendment.base)
    except ResolutionError:
        return ""
    language = resolve_lang(lang or repo.language(slug) or None, base.opening(20000))
    renumbered = renumbered_by(base, amendment, repo.config.numbering(slug))
    return wording(base, amendment.operations, language, renumbered)


def renumbered_by(
    base: Document, amendment: Amendment, numbering: NumberingMode = "renumber"
) -> dict[str, str]:
    """What accepting ``amendment`` on the text it was made against renumbers, as the
    renumbering sentence states it: old number → new ("4" → "5"), for the items that
    were there (a new item is numbered by the amendment itself)."""
    result = apply(base, amendment.operations, numbering=numbering)
    from ..numbering import stated_renumbering

    return stated_renumbering(base, result.renumbered)


def review_dict(item: ReviewItem, labels: Mapping[str, str], wording: str = "") -> dict[str, Any]:
    """A review item as ``resvcs review --json`` prints it (the redline in ``resvcs.diff/1``;
    ``wording``: the amendment in drafting language)."""
    a = item.amendment.amendment
    return {
        "number": item.amendment.number,
        "id": a.id,
        "status": str(a.status),
        "author": a.author,
        "clauses": list(item.clauses),
        "labels": [labels.get(c, c) for c in item.clauses],
        "summary": describe(a, labels),
        "wording": wording,
        "rationale": a.rationale,
        "applies": item.redline is not None,
        "conflicts": [readable(c, labels) for c in item.conflicts],
        "competing": [
            {"number": o.number, "id": o.id, "still_applies": still} for o, still in item.competing
        ],
        "redline": None if item.redline is None else diff_to_dict(item.redline),
        "consequences": consequences_dict(item.consequences),
    }


def consequences_dict(found: Consequences) -> dict[str, Any]:
    """What accepting an amendment changes besides what it says, as JSON: the items
    renumbered (old → new numbers), the references rewritten, those left dangling."""
    return {
        "renumbered": [{"clause": r.clause, "from": r.old, "to": r.new} for r in found.renumbered],
        "references": [{"clause": c.clause, "from": c.old, "to": c.new} for c in found.references],
        "dangling": [
            {"clause": g.clause, "reference": g.reference, "item": g.number, "target": g.target}
            for g in found.dangling
        ],
    }


def competition(group: CompetingGroup, lang: Lang | str = "en") -> str:
    """What competes in a group, pair by pair: "Amendments 69 and 66, 69 and 68
    change the same words: accepting one of a pair makes the other conflicted.
    Amendments 66 and 68 do not compete with each other." Empty for a group of one."""
    if not group.rivalries:
        return ""

    def pairs(found: Sequence[tuple[Numbered, Numbered]]) -> str:
        joined = [t("compete.pair", lang, a=str(a.number), b=str(b.number)) for a, b in found]
        return t("compete.list", lang).join(joined)

    both = [(r.first, r.second) for r in group.rivalries if r.first_breaks and r.second_breaks]
    sentences = []
    if len(both) == 1:
        sentences.append(t("compete.both.one", lang, pair=pairs(both)))
    elif both:
        sentences.append(t("compete.both.many", lang, pairs=pairs(both)))
    for r in group.rivalries:
        if r.first_breaks != r.second_breaks:
            winner, loser = (r.first, r.second) if r.first_breaks else (r.second, r.first)
            sentences.append(t("compete.one_way", lang, a=str(winner.number), b=str(loser.number)))
    apart = group.apart()
    if apart:
        sentences.append(t("compete.apart", lang, pairs=pairs(apart)))
    return " ".join(sentences)


def _rule(heading: str) -> str:
    return f"== {heading} " + "=" * max(3, 60 - len(heading))


def render_review(
    items: Sequence[ReviewItem],
    labels: Mapping[str, str],
    *,
    slug: str,
    version: str,
    color: bool = False,
    wordings: Mapping[str, str] | None = None,
) -> str:
    """What ``resvcs review`` prints: a heading per clause in the order of the text,
    each pending amendment's redline under it (and its drafting language, from
    ``wordings`` by amendment id); amendments that change the same words under
    one "competing amendments" heading, each saying what accepting it would do
    to the others."""
    from ..workflow import consequence_lines

    if not items:
        return f"No amendments to {slug} await a decision.\n"
    count = len(items)
    noun, verb = ("amendment", "awaits") if count == 1 else ("amendments", "await")
    order = ", in the order of the text" if count > 1 else ""
    out = [f"{count} {noun} to {slug} {verb} a decision (current text: {version}){order}."]

    def show(item: ReviewItem) -> None:
        n = item.amendment
        a = n.amendment
        author = Person.parse(a.author).name
        out.append(f"Amendment {n.number} ({n.id}) by {author}: {describe(a, labels)}")
        if wordings and wordings.get(n.id):
            out.append(f"Wording: {wordings[n.id]}")
        if a.rationale:
            out.append(f"Rationale: {a.rationale}")
        out.append("")
        if item.redline is None:
            why = "; ".join(readable(c, labels) for c in item.conflicts)
            out.append(f"It does not apply to the current text: {why}.")
            out.append(next_steps(n.number, a, labels) + ".")
        else:
            out.append(render_text(item.redline, color=color, lang="en").rstrip("\n"))
            if item.consequences:
                out.extend(["", "Accepting it also changes what follows from it:"])
                out.extend(f"  {line}" for line in consequence_lines(item.consequences, labels))

    last_heading = ""
    for rivals in competing_groups(items):
        group = rivals.items
        first = group[0]
        where = rivals.clauses or first.clauses[:1]
        place = (
            joined([clause_name(labels.get(c, c)) for c in where])
            if where
            else "the opening or closing text"
        )
        place = place[0].upper() + place[1:]
        out.append("")
        if len(group) == 1:
            if place != last_heading:  # several amendments to one clause: one heading
                out.append(_rule(place))
                last_heading = place
            show(first)
            also = [str(other.number) for other, still in first.competing if still]
            if len(also) == 1:
                out += [
                    "",
                    f"Amendment {also[0]} changes other words here too; accepting this "
                    "one leaves it as it is.",
                ]
            elif also:
                out += [
                    "",
                    f"Amendments {', '.join(also)} change other words here too; accepting "
                    "this one leaves them as they are.",
                ]
            continue
        out.append(_rule(f"{place}: competing amendments"))
        last_heading = ""
        out.append(competition(rivals))
        for item in group:
            out.append("")
            show(item)
            out.append("")
            for other, still in item.competing:
                effect = (
                    "still applies" if still else "no longer applies (it would become conflicted)"
                )
                out.append(f"If accepted: amendment {other.number} {effect}.")
    out += ["", "Decide with 'resvcs accept N…' or 'resvcs reject N… --reason …'."]
    return "\n".join(out) + "\n"


# --- The amendment table ------------------------------------------------------------------


@frozen
class TableEntry:
    """One amendment as the table needs it."""

    number: int
    amendment: Amendment
    #: The amendment applied to the text it was made against; None where it
    #: does not apply there (then its operations' own texts are shown).
    change: DocumentDiff | None
    #: The text it was made against (None if that version cannot be read): the
    #: drafting language names the clauses as they stood there.
    base: Document | None = None
    #: The clauses' labels now (id → label), shown beside the labels the meeting
    #: used (those of ``base``) where they differ.
    current: Mapping[str, str] = field(default_factory=dict)
    #: What accepting it on ``base`` renumbers (old number → new), for the
    #: renumbering sentence of its wording.
    renumbered: Mapping[str, str] = field(default_factory=dict)


@frozen
class AmendmentRow:
    """One row of the amendment table."""

    number: int
    id: str
    #: Where: "¶12.2, ¶13", "новый, после ¶12.1", "п. 5 → после п. 7".
    place: str
    #: The wording before and after, clause by clause (comparative-table rows).
    parts: tuple[ComparativeRow, ...]
    #: The amendment in drafting language: "В пункте 5 слова «…» заменить …".
    wording: str
    authors: str
    rationale: str
    status: Status
    #: The decision in words: "принята", "отклонена" …
    decision: str
    #: The reason given with the decision, or why it conflicts with the text.
    reason: str


_SHOWN = (ChangeKind.MODIFIED, ChangeKind.ADDED, ChangeKind.DELETED, ChangeKind.MOVED)


def _place(
    amendment: Amendment,
    labels: Mapping[str, str],
    lang: Lang,
    now: Mapping[str, str] | None = None,
) -> str:
    """Where an amendment changes the text, by ``labels``; with the label a clause has
    ``now`` after it where that differs ("п. 5 (ныне п. 6)")."""

    def name(clause_id: str) -> str:
        if clause_id in (PREAMBLE, EPILOGUE):
            return t(f"place.{clause_id[1:]}", lang)
        label = labels.get(clause_id, clause_id)
        current = (now or {}).get(clause_id)
        if current is None or current == label or clause_id not in labels:
            return cite(label, lang)
        return cite(label, lang) + " " + t("place.now", lang, label=cite(current, lang))

    places: list[str] = []
    for op in amendment.operations:
        if op.op is OpKind.INSERT:
            places.append(t(f"place.insert.{op.where}", lang, label=name(op.anchor)))
        elif op.op is OpKind.MOVE:
            key = f"place.move.{op.where}"
            places.append(t(key, lang, label=name(op.target), anchor=name(op.anchor)))
        else:
            places.append(name(op.target))
    return ", ".join(dict.fromkeys(places))


def _fallback_parts(amendment: Amendment, labels: Mapping[str, str]) -> tuple[ComparativeRow, ...]:
    """Rows from the operations' own texts, unmarked (for an amendment that does
    not apply to the text it names as its base: a hand-edited record)."""
    rows = []
    for op in amendment.operations:
        before = "" if op.op is OpKind.INSERT else op.base.strip("\n")
        after = "" if op.op is OpKind.DELETE else op.new.strip("\n")
        ops = (InlineOp("delete", before), InlineOp("insert", after))
        target = op.target or op.anchor
        rows.append(
            ComparativeRow(
                label=labels.get(target, target),
                id=target,
                before=before,
                after=after,
                ops=tuple(o for o in ops if o.text),
                note="",
            )
        )
    return tuple(rows)


def _names(amendment: Amendment) -> str:
    people = [amendment.author, *amendment.cosponsors]
    return ", ".join(Person.parse(p).name for p in people)


def table_entries(repo: Repository, slug: str, numbered: Sequence[Numbered]) -> list[TableEntry]:
    """The amendment table's entries: each amendment applied to the version it was
    made against (None where it does not apply there)."""
    from ..errors import ResolutionError
    from ..workflow import redline

    entries = []
    current = {c.id: c.label for c in repo.document(slug).clauses}
    mode = repo.config.numbering(slug)
    for n in numbered:
        try:
            base: Document | None = repo.document(slug, n.amendment.base)
        except ResolutionError:
            base = None
        change = redline(base, n.amendment)[0] if base is not None else None
        renumbered = renumbered_by(base, n.amendment, mode) if base is not None else {}
        entries.append(TableEntry(n.number, n.amendment, change, base, current, renumbered))
    return entries


def amendment_rows(entries: Sequence[TableEntry], *, lang: Lang) -> list[AmendmentRow]:
    """One row per amendment, in the order given."""
    from ..drafting import wording

    rows = []
    for entry in entries:
        a = entry.amendment
        delta = entry.change
        if delta is not None:
            labels = {c.old.id: c.old.label for c in delta.changes if c.old is not None}
            changed = [c for c in delta.changed if set(c.kinds) & set(_SHOWN)]
            parts = tuple(
                row
                for row in comparative_rows(delta, lang=lang)
                if row.id in {c.id for c in changed}
            )
        else:
            labels = {}
            parts = _fallback_parts(a, labels)
        if a.decision is not None:
            reason = a.decision.reason
        else:
            reason = readable(a.conflict, labels)
        rows.append(
            AmendmentRow(
                number=entry.number,
                id=a.id,
                place=_place(a, labels, lang, entry.current),
                parts=parts,
                wording=""
                if entry.base is None
                else wording(entry.base, a.operations, lang, entry.renumbered),
                authors=_names(a),
                rationale=a.rationale,
                status=a.status,
                decision=t(f"decision.{a.status}", lang),
                reason=reason,
            )
        )
    return rows


def headers(lang: Lang) -> list[str]:
    """№ | Пункт | Действующая редакция | Предлагаемая редакция | Текст поправки |
    Автор(ы) | Обоснование | Решение | Причина."""
    keys = (
        "no",
        "clause",
        "current",
        "proposed",
        "wording",
        "authors",
        "rationale",
        "decision",
        "reason",
    )
    return [t(f"col.{key}", lang) for key in keys]


def render_amendments(
    entries: Sequence[TableEntry],
    fmt: Format | str,
    *,
    lang: str | None = None,
    title: str | None = None,
    document_title: str = "",
) -> str | bytes:
    """The amendment table as "md", "html", "csv" (text) or "docx" (bytes).

    ``lang`` ("ru", "uk", "en"; default: the language of the amendments' texts) sets
    the headings and the decisions' words; ``title`` defaults to "Таблица
    поправок" / "Table of amendments"; ``document_title`` is printed under it.
    """
    renderers: dict[str, Callable[[list[AmendmentRow], Lang, str, str], str | bytes]]
    renderers = {"md": _markdown, "html": _html, "csv": _csv, "docx": _docx}
    renderer = renderers.get(str(fmt))
    if renderer is None:
        raise InputError(f"Unknown table format {fmt!r}. Use one of: {', '.join(FORMATS)}")
    sample = "\n".join(op.new for e in entries for op in e.amendment.operations)
    language = resolve_lang(lang, sample)
    rows = amendment_rows(entries, lang=language)
    return renderer(rows, language, title or t("title.amendments", language), document_title)


def _side_runs(part: ComparativeRow, side: Side) -> list[Run]:
    skip = "insert" if side == "before" else "delete"
    return [r for r in part.runs() if r.op != skip]


def _missing(part: ComparativeRow, side: Side, lang: Lang) -> str:
    """What an empty wording cell says: "—", or "исключить" for a deleted clause."""
    if side == "after" and part.before:
        return t("proposed.delete", lang)
    return t("empty_cell", lang)


def _plain_side(row: AmendmentRow, side: Side, lang: Lang) -> str:
    """A wording cell as plain text: each clause's text, labelled when there are several."""
    texts = []
    for part in row.parts:
        text = part.before if side == "before" else part.after
        text = text or _missing(part, side, lang)
        texts.append(f"{part.label}: {text}" if len(row.parts) > 1 else text)
    return "\n\n".join(texts)


# --- Markdown --------------------------------------------------------------------------


def _md_wording(row: AmendmentRow, side: Side, lang: Lang) -> str:
    cells = []
    for part in row.parts:
        has_text = part.before if side == "before" else part.after
        text = md_side(part.runs(), side) if has_text else _missing(part, side, lang)
        label = f"_{md_cell_text(part.label)}:_ " if len(row.parts) > 1 else ""
        cells.append(label + text)
    return "<br><br>".join(cells) or t("empty_cell", lang)


def _markdown(rows: list[AmendmentRow], lang: Lang, title: str, document_title: str) -> str:
    lines = [f"# {title}", ""]
    if document_title:
        lines += [t("amendments.document", lang, title=md_cell_text(document_title)), ""]
    if not rows:
        return "\n".join([*lines, t("no_amendments", lang), ""])
    lines.append("| " + " | ".join(headers(lang)) + " |")
    lines.append("|---:|---|---|---|---|---|---|---|---|")
    empty = t("empty_cell", lang)
    for row in rows:
        cells = [
            str(row.number),
            md_cell_text(row.place),
            _md_wording(row, "before", lang),
            _md_wording(row, "after", lang),
            md_cell_text(row.wording) or empty,
            md_cell_text(row.authors),
            md_cell_text(row.rationale) or empty,
            md_cell_text(row.decision),
            md_cell_text(row.reason) or empty,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --- HTML ------------------------------------------------------------------------------


def _html(rows: list[AmendmentRow], lang: Lang, title: str, document_title: str) -> str:
    view_rows = []
    for row in rows:
        sides = {}
        side: Side
        for side in ("before", "after"):
            sides[side] = [
                {
                    "label": part.label if len(row.parts) > 1 else "",
                    "runs": run_views(_side_runs(part, side))
                    if (part.before if side == "before" else part.after)
                    else (),
                    "missing": _missing(part, side, lang),
                }
                for part in row.parts
            ]
        view_rows.append(
            {
                "no": row.number,
                "id": row.id,
                "status": str(row.status),
                "place": row.place,
                "before": sides["before"],
                "after": sides["after"],
                "wording": row.wording,
                "authors": row.authors,
                "rationale": row.rationale,
                "decision": row.decision,
                "reason": row.reason,
            }
        )
    template = template_environment().get_template("amendments.html.j2")
    return template.render(
        lang=lang,
        title=title,
        document_title=document_title,
        headers=headers(lang),
        rows=view_rows,
        t=lambda key, **fields: t(key, lang, **fields),
    )


# --- CSV -------------------------------------------------------------------------------


def _csv(rows: list[AmendmentRow], lang: Lang, title: str, document_title: str) -> str:
    """Plain UTF-8 CSV (no BOM), header row in ``lang``, texts without markup."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(lang))
    for row in rows:
        writer.writerow(
            [
                row.number,
                row.place,
                _plain_side(row, "before", lang),
                _plain_side(row, "after", lang),
                row.wording,
                row.authors,
                row.rationale,
                row.decision,
                row.reason,
            ]
        )
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------

#: Relative widths of the nine columns (sum 100).
_COLUMN_SHARES = (4, 7, 18, 18, 16, 9, 11, 9, 8)


def _docx_wording(cell: _Cell, row: AmendmentRow, side: Side, lang: Lang) -> None:
    """One paragraph per clause, its label in italics when there are several."""
    if not row.parts:
        cell.paragraphs[0].add_run(t("empty_cell", lang))
    for i, part in enumerate(row.parts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if len(row.parts) > 1:
            paragraph.add_run(f"{xml_safe(part.label)}: ").italic = True
        if part.before if side == "before" else part.after:
            docx_runs(paragraph, _side_runs(part, side))
        else:
            paragraph.add_run(_missing(part, side, lang))


def _docx(rows: list[AmendmentRow], lang: Lang, title: str, document_title: str) -> bytes:
    """A Word document: title, the document's title, and the table in a landscape
    A4 section, header row bold and repeated on every page."""
    document, usable = word_document(title, lang)
    document_title = xml_safe(document_title)
    if document_title:
        document.add_paragraph(t("amendments.document", lang, title=document_title))
    if not rows:
        document.add_paragraph(t("no_amendments", lang))
        return docx_bytes(document)
    table = grid_table(document, headers(lang))
    empty = t("empty_cell", lang)
    for row in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(str(row.number))
        set_cell(cells[1], [Run("equal", row.place)], empty)
        _docx_wording(cells[2], row, "before", lang)
        _docx_wording(cells[3], row, "after", lang)
        texts = (row.wording, row.authors, row.rationale, row.decision, row.reason)
        for cell, text in zip(cells[4:], texts, strict=True):
            set_cell(cell, [Run("equal", text)] if text else [], empty)
    set_column_widths(table, _COLUMN_SHARES, usable)
    return docx_bytes(document)
