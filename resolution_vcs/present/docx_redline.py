"""Redlines as Word's own tracked changes: a .docx that Word and LibreOffice can act on.

:func:`render_docx` writes the new text of a :class:`~resolution_vcs.diff.DocumentDiff`
with every change as a revision (``w:ins``, ``w:del``; a moved clause as
``w:moveFrom`` at its old place and ``w:moveTo`` at its new one), so that
"accept all changes" gives the new text and "reject all" the old one, word for
word. Each revision carries the author and date of the change it comes from
(:class:`Credit`, per clause), and a comment on the clause says which amendment
it is, with its rationale (and, in review, the amendments it competes with).

The text is shown as a reader sees it: Markdown is rendered (emphasis, links as
their words, list markers as text, as in :mod:`.export`), and the word diff is
made on that text, so markup never shows as a change of words. Numbers are the
ones the text has: list markers are written as text, and a renumbered item shows
its old number deleted and the new one inserted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from ..diff import ChangeKind, ClauseChange, DocumentDiff, inline_diff
from ..model import Clause, ClauseKind, Document
from .i18n import resolve_lang
from .redline import sample_text

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from lxml.etree import _Element
    from markdown_it.token import Token


@dataclass(frozen=True)
class Credit:
    """Who made a change, when, and the comment Word shows on it ("" for none)."""

    author: str
    date: datetime
    comment: str = ""


@dataclass
class _Span:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False


@dataclass
class _Shown:
    """A clause as it is shown: its style, marker and text."""

    kind: ClauseKind
    level: int
    depth: int
    marker: str
    spans: list[_Span]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Mark = Literal["equal", "insert", "delete", "moveFrom", "moveTo"]
_BULLETS = ("•", "–", "◦")
_INDENT_TWIPS = 425


def shown_clause(clause: Clause) -> _Shown:
    """The marker and the rendered text of a clause (Markdown markup removed)."""
    from .export import text_tokens

    marker = ""
    if clause.kind is ClauseKind.ITEM:
        mark = clause.prefix.strip()
        marker = mark if mark[:1].isdigit() else _BULLETS[clause.depth % len(_BULLETS)]
    spans: list[_Span] = []
    tokens = text_tokens(clause.content, offline=False)
    strong = em = strike = 0
    first_block = True
    for token in tokens:
        if token.type in ("paragraph_open", "heading_open", "tr_open", "fence", "code_block"):
            if not first_block and spans and token.type != "tr_open":
                spans.append(_Span("\n"))
            first_block = False
        if token.type in ("fence", "code_block"):
            spans.append(_Span(token.content.rstrip("\n"), code=True))
        elif token.type in ("th_open", "td_open") and spans and not spans[-1].text.endswith("\n"):
            spans.append(_Span("\t"))
        elif token.type == "tr_close":
            spans.append(_Span("\n"))
        elif token.type == "inline":
            for child in _children(token):
                kind = child.type
                if kind in ("text", "code_inline"):
                    spans.append(
                        _Span(
                            child.content,
                            bool(strong),
                            bool(em),
                            bool(strike),
                            kind == "code_inline",
                        )
                    )
                elif kind == "softbreak":
                    spans.append(_Span(" "))
                elif kind == "hardbreak":
                    spans.append(_Span("\n"))
                elif kind in ("strong_open", "strong_close"):
                    strong += 1 if kind == "strong_open" else -1
                elif kind in ("em_open", "em_close"):
                    em += 1 if kind == "em_open" else -1
                elif kind in ("s_open", "s_close"):
                    strike += 1 if kind == "s_open" else -1
    while spans and spans[-1].text == "\n":
        spans.pop()
    return _Shown(clause.kind, clause.level, clause.depth, marker, spans)


def _children(token: Token) -> Sequence[Token]:
    return token.children or ()


def clause_words_text(clause: Clause) -> str:
    """The text a reader of the Word file sees for a clause: marker and words."""
    shown = shown_clause(clause)
    return (shown.marker + "\t" if shown.marker else "") + shown.text


class _Writer:
    def __init__(self, document: WordDocument) -> None:
        self.document = document
        self.body = document.element.body
        self.next_id = 1
        self.moves = 0
        self.comments: list[tuple[_Element, Credit]] = []

    # -- elements ----------------------------------------------------------------------

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def _revision(self, tag: str, credit: Credit) -> _Element:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(tag)
        el.set(qn("w:id"), self._id())
        el.set(qn("w:author"), credit.author)
        el.set(qn("w:date"), _word_date(credit.date))
        return el

    def _run(self, span: _Span, deleted: bool) -> _Element:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        from .tables import xml_safe

        r = OxmlElement("w:r")
        if span.bold or span.italic or span.strike or span.code:
            rpr = OxmlElement("w:rPr")
            if span.code:
                fonts = OxmlElement("w:rFonts")
                for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                    fonts.set(qn(attr), "Courier New")
                rpr.append(fonts)
            for flag, tag in ((span.bold, "w:b"), (span.italic, "w:i"), (span.strike, "w:strike")):
                if flag:
                    rpr.append(OxmlElement(tag))
            r.append(rpr)
        text_tag = "w:delText" if deleted else "w:t"
        parts = xml_safe(span.text).split("\n")
        for i, part in enumerate(parts):
            if i:
                r.append(OxmlElement("w:br"))
            for j, piece in enumerate(part.split("\t")):
                if j:
                    r.append(OxmlElement("w:tab"))
                if piece:
                    t = OxmlElement(text_tag)
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    t.text = piece
                    r.append(t)
        return r

    def paragraph(self, shown: _Shown) -> _Element:
        """A new paragraph styled for the clause, at the end of the body."""
        from docx.shared import Twips

        if shown.kind is ClauseKind.HEADING:
            paragraph = self.document.add_heading("", level=max(1, min(shown.level, 9)))
        else:
            paragraph = self.document.add_paragraph()
            indent = 0
            if shown.kind is ClauseKind.ITEM:
                indent = (shown.depth + 1) * _INDENT_TWIPS
            elif shown.kind is ClauseKind.QUOTE:
                indent = _INDENT_TWIPS
            if indent:
                fmt = paragraph.paragraph_format
                fmt.left_indent = Twips(indent)
                if shown.marker:
                    fmt.first_line_indent = Twips(-_INDENT_TWIPS)
                    fmt.tab_stops.add_tab_stop(Twips(indent))
        return paragraph._p

    def add(self, p: _Element, mark: Mark, spans: Sequence[_Span], credit: Credit | None) -> None:
        """Runs for ``spans`` at the end of paragraph ``p``, inside a revision of ``mark``."""
        if not spans:
            return
        deleted = mark in ("delete", "moveFrom")
        if mark == "equal" or credit is None:
            for span in spans:
                p.append(self._run(span, False))
            return
        tag = {
            "insert": "w:ins",
            "delete": "w:del",
            "moveFrom": "w:moveFrom",
            "moveTo": "w:moveTo",
        }[mark]
        wrapper = self._revision(tag, credit)
        for span in spans:
            wrapper.append(self._run(span, deleted and mark == "delete"))
        p.append(wrapper)

    def mark_paragraph(self, p: _Element, mark: Mark, credit: Credit) -> None:
        """Record the paragraph mark itself as inserted, deleted or moved."""
        from docx.oxml import OxmlElement

        tag = {
            "insert": "w:ins",
            "delete": "w:del",
            "moveFrom": "w:moveFrom",
            "moveTo": "w:moveTo",
        }[mark]
        ppr = p.get_or_add_pPr()
        rpr = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self._revision(tag, credit))

    def move_range(
        self, p: _Element, side: str, name: str, credit: Credit
    ) -> tuple[_Element, _Element]:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start = self._revision(f"w:{side}RangeStart", credit)
        start.set(qn("w:name"), name)
        end = OxmlElement(f"w:{side}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        return start, end

    # -- clauses -----------------------------------------------------------------------

    def whole(self, clause: Clause, mark: Mark, credit: Credit | None, move: str = "") -> None:
        shown = shown_clause(clause)
        p = self.paragraph(shown)
        start_end = None
        if move and credit is not None:
            start_end = self.move_range(
                p, "moveFrom" if mark == "moveFrom" else "moveTo", move, credit
            )
            p.append(start_end[0])
        spans = ([_Span(shown.marker + "\t")] if shown.marker else []) + shown.spans
        self.add(p, mark, spans, credit)
        if start_end is not None:
            p.append(start_end[1])
        if mark != "equal" and credit is not None:
            self.mark_paragraph(p, mark, credit)
        if credit is not None and credit.comment and mark != "equal":
            self.comments.append((p, credit))

    def changed(self, old: Clause, new: Clause, credit: Credit) -> None:
        before, after = shown_clause(old), shown_clause(new)
        p = self.paragraph(after)
        if before.marker != after.marker:
            if before.marker:
                self.add(p, "delete", [_Span(before.marker)], credit)
            if after.marker:
                self.add(p, "insert", [_Span(after.marker)], credit)
            self.add(p, "equal", [_Span("\t")] if after.marker and before.marker else [], None)
            if after.marker and not before.marker:
                self.add(p, "insert", [_Span("\t")], credit)
            elif before.marker and not after.marker:
                self.add(p, "delete", [_Span("\t")], credit)
        elif after.marker:
            self.add(p, "equal", [_Span(after.marker + "\t")], None)
        old_pos = new_pos = 0
        for op in inline_diff(before.text, after.text):
            if op.op == "delete":
                size = len(op.text)
                self.add(p, "delete", _slice(before.spans, old_pos, old_pos + size), credit)
                old_pos += size
            elif op.op == "insert":
                size = len(op.text)
                self.add(p, "insert", _slice(after.spans, new_pos, new_pos + size), credit)
                new_pos += size
            else:
                old_size = len(op.old)
                size = len(op.text)
                if op.old != op.text:  # spacing differs: both sides, as a change
                    self.add(p, "delete", _slice(before.spans, old_pos, old_pos + old_size), credit)
                    self.add(p, "insert", _slice(after.spans, new_pos, new_pos + size), credit)
                else:
                    self.add(p, "equal", _slice(after.spans, new_pos, new_pos + size), None)
                old_pos += old_size
                new_pos += size
        if credit.comment:
            self.comments.append((p, credit))

    def finish(self) -> None:
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph
        from docx.text.run import Run

        for p, credit in self.comments:
            # The comment hangs on an empty run of its own at the start of the paragraph:
            # a comment range inside a revision is more than some word processors take.
            anchor = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "\u200b"  # a zero-width space: the range must hold something
            anchor.append(text)
            ppr = p.find(_W + "pPr")
            p.insert(1 if ppr is not None else 0, anchor)
            paragraph = Paragraph(p, self.document._body)
            self.document.add_comment(
                Run(anchor, paragraph),
                text=credit.comment,
                author=credit.author,
                initials="".join(w[0] for w in credit.author.split()[:2] if w),
            )
        # An empty last paragraph: Word keeps the final paragraph mark, and no clause
        # (deleted or moved) should have to be it.
        self.document.add_paragraph()


def _slice(spans: Sequence[_Span], start: int, end: int) -> list[_Span]:
    out: list[_Span] = []
    pos = 0
    for span in spans:
        size = len(span.text)
        lo, hi = max(start, pos), min(end, pos + size)
        if lo < hi:
            out.append(
                _Span(
                    span.text[lo - pos : hi - pos], span.bold, span.italic, span.strike, span.code
                )
            )
        pos += size
        if pos >= end:
            break
    return out


def _word_date(date: datetime) -> str:
    return date.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


CreditOf = Callable[[ClauseChange], Credit]


def render_docx(
    delta: DocumentDiff,
    old: Document,
    *,
    credit: Credit | CreditOf,
    title: str = "",
    lang: str | None = None,
) -> bytes:
    """The new text with every change of ``delta`` (from ``old``) as a Word revision."""
    from .export import text_document
    from .tables import docx_bytes, xml_safe

    language = resolve_lang(lang, sample_text(delta))
    document = text_document(xml_safe(title), language)
    writer = _Writer(document)
    fixed = credit if isinstance(credit, Credit) else None

    def credit_of(change: ClauseChange) -> Credit:
        return fixed if fixed is not None else credit(change)  # type: ignore[operator]

    position = {id(c): i for i, c in enumerate(old.clauses)}
    moved = sorted(
        (c for c in delta.changes if ChangeKind.MOVED in c.kinds and c.old is not None),
        key=lambda c: position.get(id(c.old), 0),
    )
    names = {id(c): f"move{i}" for i, c in enumerate(moved, 1)}
    pending = list(moved)

    def flush(upto: int) -> None:
        while pending and position.get(id(pending[0].old), 0) < upto:
            change = pending.pop(0)
            assert change.old is not None
            writer.whole(change.old, "moveFrom", credit_of(change), names[id(change)])

    for change in delta.changes:
        kinds = change.kinds
        if change.old is not None and ChangeKind.MOVED not in kinds:
            flush(position.get(id(change.old), 0))
        if change.new is None:
            assert change.old is not None
            writer.whole(change.old, "delete", credit_of(change))
        elif change.old is None:
            writer.whole(change.new, "insert", credit_of(change))
        elif ChangeKind.MOVED in kinds:
            writer.whole(change.new, "moveTo", credit_of(change), names[id(change)])
        elif change.kind is ChangeKind.UNCHANGED or (
            clause_words_text(change.old) == clause_words_text(change.new)
        ):
            writer.whole(change.new, "equal", None)
        else:
            writer.changed(change.old, change.new, credit_of(change))
    flush(len(old.clauses) + 1)
    writer.finish()
    return docx_bytes(document)
