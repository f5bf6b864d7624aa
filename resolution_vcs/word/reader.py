"""Read the text of a Word file as Markdown, in one or more readings of its tracked changes.

One streaming pass over ``word/document.xml`` (each top-level paragraph or
table is read, then dropped from memory) gives every requested *reading* at
once: a reading says for each tracked change whether it is taken (an
insertion shown, a deletion carried out), so "accept all", "reject all" and
"only this person's changes" come from the same pass. In each reading:

* text is what Word shows: runs, tabs, line breaks (as Markdown hard breaks),
  non-breaking hyphens, symbols; the results of fields (not their codes);
  the contents of hyperlinks (as Markdown links when they point outside),
  content controls, smart tags and custom XML; bookmarks, proofing marks and
  comment anchors are not text;
* bold, italic and strikethrough become Markdown emphasis;
* footnotes and endnotes become Markdown footnotes (``[^1]`` and ``[^1]: …``
  after the text), numbered in order of reference;
* headings come from the paragraph style ("heading N", "Title") or outline
  level, numbers and bullets from Word's numbering (:mod:`.numbering`);
  :mod:`.blocks` writes them as Markdown;
* a deleted paragraph mark joins the paragraph with the next one, as in Word;
  a deleted table row goes with it.

What cannot be shown in Markdown is named in :attr:`WordDocument.warnings`
(pictures, text boxes, equations, hidden text, headers and footers, comments);
the words of text boxes and equations are kept as paragraphs of their own.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import InputError
from ..frozen import frozen
from ..importers import escape_inline
from .blocks import Block, blocks_to_markdown, word_label
from .numbering import Counters, Numbering, W
from .package import Relationship, WordPackage, safe_parser

if TYPE_CHECKING:
    from lxml.etree import _Element

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


VAL = _w("val")
P, TBL, TR, TC, R_, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
PPR, RPR, TRPR = _w("pPr"), _w("rPr"), _w("trPr")
INS, DEL, MOVE_FROM, MOVE_TO = _w("ins"), _w("del"), _w("moveFrom"), _w("moveTo")
_INSERTS = frozenset({INS, MOVE_TO})
_DELETES = frozenset({DEL, MOVE_FROM})
_TRANSPARENT = frozenset(
    {_w("smartTag"), _w("customXml"), _w("fldSimple"), _w("dir"), _w("bdo"), _w("sdtContent")}
)
_FALSE = frozenset({"0", "false", "off", "none"})


@frozen
class Change:
    """One tracked change of the file: an insertion or a deletion (moves are both)."""

    key: str
    kind: str  # "insert" | "delete"
    author: str
    date: datetime | None
    moved: bool = False


@frozen
class Comment:
    id: str
    author: str
    date: datetime | None
    text: str


#: A reading: for each tracked change, whether it is taken.
Reading = Callable[[Change], bool]


def accept_all(change: Change) -> bool:
    return True


def reject_all(change: Change) -> bool:
    return False


@dataclass
class ReadText:
    """The text of one reading: its Markdown and the blocks it came from."""

    markdown: str
    blocks: list[Block]


@dataclass
class WordDocument:
    """What was read from a Word file."""

    readings: dict[str, ReadText]
    changes: dict[str, Change]
    comments: dict[str, Comment]
    #: Comment ids attached to each change (by key): comments whose range holds it,
    #: or that are anchored in the same paragraph.
    change_comments: dict[str, tuple[str, ...]]
    warnings: list[str]

    @property
    def markdown(self) -> str:
        return next(iter(self.readings.values())).markdown


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        date = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return date.replace(tzinfo=UTC) if date.tzinfo is None else date.astimezone(UTC)


# --- styles -----------------------------------------------------------------------------


@frozen
class _Style:
    name: str
    based_on: str
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool | None
    italic: bool | None


class _Styles:
    def __init__(self, root: _Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph = ""
        if root is None:
            return
        for el in root.iter(_w("style")):
            sid = str(el.get(_w("styleId"), ""))
            name_el = el.find(_w("name"))
            based = el.find(_w("basedOn"))
            ppr = el.find(PPR)
            rpr = el.find(RPR)
            outline = num_id = ilvl = None
            if ppr is not None:
                out = ppr.find(_w("outlineLvl"))
                if out is not None:
                    outline = _int(out.get(VAL), 9)
                num = ppr.find(_w("numPr"))
                if num is not None:
                    nid, lvl = num.find(_w("numId")), num.find(_w("ilvl"))
                    num_id = str(nid.get(VAL, "")) if nid is not None else None
                    ilvl = _int(lvl.get(VAL), 0) if lvl is not None else None
            self.styles[sid] = _Style(
                name=str(name_el.get(VAL, "")) if name_el is not None else sid,
                based_on=str(based.get(VAL, "")) if based is not None else "",
                outline=outline,
                num_id=num_id,
                ilvl=ilvl,
                bold=_flag(rpr, "b"),
                italic=_flag(rpr, "i"),
            )
            if el.get(_w("type")) == "paragraph" and el.get(_w("default")) in ("1", "true"):
                self.default_paragraph = sid

    def chain(self, sid: str) -> Iterable[_Style]:
        seen: set[str] = set()
        while sid and sid not in seen and sid in self.styles:
            seen.add(sid)
            style = self.styles[sid]
            yield style
            sid = style.based_on

    def heading(self, sid: str) -> int:
        """Heading level (1–6) a paragraph style gives, 0 for body text."""
        for style in self.chain(sid):
            name = style.name.casefold()
            if match := re.fullmatch(r"heading\s*(\d)", name):
                return min(max(int(match.group(1)), 1), 6)
            if name == "title":
                return 1
            if style.outline is not None:
                return min(style.outline + 1, 6) if style.outline < 9 else 0
        return 0

    def numbering(self, sid: str) -> tuple[str | None, int | None]:
        for style in self.chain(sid):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None

    def numbering_styles(self) -> dict[str, str]:
        return {sid: s.num_id for sid, s in self.styles.items() if s.num_id}


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _flag(rpr: _Element | None, tag: str) -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(_w(tag))
    if el is None:
        return None
    return str(el.get(VAL, "1")).lower() not in _FALSE


# --- inline text ------------------------------------------------------------------------


@dataclass
class _Span:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    href: str = ""
    raw: bool = False  # already Markdown (a footnote reference)


@dataclass
class _Para:
    """The inline content of one paragraph in one reading."""

    spans: list[_Span] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    extra: list[str] = field(default_factory=list)  # text boxes, as plain paragraphs

    def plain(self) -> str:
        return "".join(s.text for s in self.spans)


_ESCAPE_MORE_RE = re.compile(r"([\\`*_~\[\]<>&|!#])")


def spans_markdown(spans: list[_Span]) -> str:
    """Inline Markdown of styled spans; emphasis markers kept off white space."""
    merged: list[_Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if (
            last is not None
            and not span.raw
            and not last.raw
            and (last.bold, last.italic, last.strike, last.href)
            == (span.bold, span.italic, span.strike, span.href)
        ):
            last.text += span.text
        else:
            merged.append(
                _Span(span.text, span.bold, span.italic, span.strike, span.href, span.raw)
            )
    plain_only = all(not (s.bold or s.italic or s.strike or s.href or s.raw) for s in merged)
    if plain_only:
        return _escape_lines("".join(s.text for s in merged), escape_inline)
    out: list[str] = []
    for span in merged:
        if span.raw:
            out.append(span.text)
            continue
        text = _escape_lines(span.text, lambda t: _ESCAPE_MORE_RE.sub(r"\\\1", t))
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        core = text.strip()
        if not core:
            out.append(text)
            continue
        marks = (
            ("**" if span.bold else "")
            + ("*" if span.italic else "")
            + ("~~" if span.strike else "")
        )
        core = marks + core.replace("\\\n", marks[::-1] + "\\\n" + marks) + marks[::-1]
        if span.href:
            core = f"[{core}]({_destination(span.href)})"
        out.append(lead + core + tail)
    return "".join(out)


def _escape_lines(text: str, escape: Callable[[str], str]) -> str:
    """Escape each line; line breaks become Markdown hard breaks (backslash, newline)."""
    lines = text.split("\n")
    return "\\\n".join(escape(line) for line in lines)


def _destination(href: str) -> str:
    return "<" + href.replace("<", "%3C").replace(">", "%3E").replace("\n", "") + ">"


# --- the reader -------------------------------------------------------------------------


class _Context:
    """What every reading shares: styles, numbering, links, notes, comments, warnings."""

    def __init__(self, package: WordPackage) -> None:
        self.package = package
        main = package.main
        styles = package.part_of(main, "styles")
        numbering = package.part_of(main, "numbering")
        self.styles = _Styles(package.xml(styles) if styles else None)
        self.numbering = Numbering(
            package.xml(numbering) if numbering else None, self.styles.numbering_styles()
        )
        self.links: dict[str, Relationship] = package.relationships(main)
        self.notes: dict[tuple[str, str], _Element] = {}
        for kind in ("footnotes", "endnotes"):
            part = package.part_of(main, kind)
            if part is None:
                continue
            for note in package.xml(part).iter(_w(kind[:-1])):
                if note.get(_w("type")) in (None, "normal"):
                    self.notes[(kind[:-1], str(note.get(_w("id"), "")))] = note
        self.comments: dict[str, Comment] = {}
        comments = package.part_of(main, "comments")
        if comments is not None:
            for el in package.xml(comments).iter(_w("comment")):
                text = "\n".join(
                    "".join(t.text or "" for t in p.iter(T)) for p in el.iter(P)
                ).strip()
                cid = str(el.get(_w("id"), ""))
                self.comments[cid] = Comment(
                    cid, str(el.get(_w("author"), "")), parse_date(el.get(_w("date"))), text
                )
        self.changes: dict[str, Change] = {}
        self.change_comments: dict[str, set[str]] = {}
        self.warnings: Counter[str] = Counter()
        self.props: dict[int, tuple[int, str | None, int | None, str]] = {}

    def change(self, el: _Element, part: str) -> Change:
        key = f"{part}#{el.get(_w('id'), '')}"
        found = self.changes.get(key)
        if found is None:
            tag = el.tag
            found = Change(
                key=key,
                kind="insert" if tag in _INSERTS else "delete",
                author=str(el.get(_w("author"), "")).strip(),
                date=parse_date(el.get(_w("date"))),
                moved=tag in (MOVE_FROM, MOVE_TO),
            )
            self.changes[key] = found
        return found

    def warn(self, what: str) -> None:
        self.warnings[what] += 1

    def paragraph_props(self, p: _Element) -> tuple[int, str | None, int | None, str]:
        """Heading level, numbering (numId, ilvl) and style of a paragraph."""
        ppr = p.find(PPR)
        sid = self.styles.default_paragraph
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        if ppr is not None:
            style = ppr.find(_w("pStyle"))
            if style is not None:
                sid = str(style.get(VAL, ""))
            num = ppr.find(_w("numPr"))
            if num is not None:
                nid, lvl = num.find(_w("numId")), num.find(_w("ilvl"))
                if nid is not None:
                    num_id = str(nid.get(VAL, ""))
                if lvl is not None:
                    ilvl = _int(lvl.get(VAL), 0)
            out = ppr.find(_w("outlineLvl"))
            if out is not None:
                outline = _int(out.get(VAL), 9)
        level = self.styles.heading(sid)
        if outline is not None:
            level = min(outline + 1, 6) if outline < 9 else 0
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(sid)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is not None and ilvl is None:
            ilvl = self.numbering.level_of_style(num_id, sid) or 0
        if num_id == "0":
            num_id = None
        return level, num_id, ilvl, sid


class _Reader:
    """One reading of the document: its own counters, notes and blocks."""

    def __init__(self, context: _Context, take: Reading, record: bool) -> None:
        self.ctx = context
        self.take = take
        self.record = record  # the first reading notes which comments hold which changes
        self.counters = Counters(context.numbering)
        self.blocks: list[Block] = []
        self.carry: _Para | None = None
        self.fields: list[str] = []  # "code" or "result" per open complex field
        self.notes: list[tuple[str, str]] = []  # (kind, id) in order of reference
        self.open_comments: set[str] = set()

    # -- visibility --------------------------------------------------------------------

    def shown(self, changes: tuple[Change, ...]) -> bool:
        for change in changes:
            taken = self.take(change)
            if taken != (change.kind == "insert"):
                return False
        return True

    # -- blocks ------------------------------------------------------------------------

    def block(self, el: _Element, part: str = "document") -> None:
        tag = el.tag
        if tag == P:
            self.paragraph(el, part)
        elif tag == TBL:
            self.table(el, part)
        elif tag == _w("sdt"):
            content = el.find(_w("sdtContent"))
            for child in content if content is not None else ():
                self.block(child, part)
        elif tag == _w("customXml") or tag in _INSERTS or tag in _DELETES:
            for child in el:
                self.block(child, part)
        elif tag == _w("altChunk"):
            self.ctx.warn("an embedded document (altChunk) is left out")

    def paragraph(self, p: _Element, part: str) -> None:
        ctx = self.ctx
        para = _Para()
        self.inline(p, para, (), part)
        mark = p.find(PPR)
        mark_changes: tuple[Change, ...] = ()
        rpr = mark.find(RPR) if mark is not None else None
        if rpr is not None:
            mark_changes = tuple(
                ctx.change(c, part) for c in rpr if c.tag in _INSERTS or c.tag in _DELETES
            )
            para.keys.update(c.key for c in mark_changes)
        if self.carry is not None:
            para.spans[:0] = self.carry.spans
            para.keys |= self.carry.keys
            para.extra[:0] = self.carry.extra
            self.carry = None
        if mark_changes and not self.shown(mark_changes):
            self.carry = para  # the paragraph mark is gone: the text joins the next paragraph
            return
        self.emit(p, para)

    def emit(self, p: _Element, para: _Para) -> None:
        ctx = self.ctx
        key = id(p)
        props = ctx.props.get(key)
        if props is None:
            props = ctx.props[key] = ctx.paragraph_props(p)
        level, num_id, ilvl, _ = props
        _trim(para.spans)
        text = para.plain()
        markdown = spans_markdown(para.spans)
        keys = frozenset(para.keys)
        if not text.strip():
            self.blocks.append(Block("blank", keys=keys))
        else:
            label = self.counters.next(num_id, ilvl or 0) if num_id is not None else None
            if level:
                heading_md = markdown
                if label is not None and not label.bullet and label.text:
                    heading_md = escape_inline(label.text) + " " + markdown
                self.blocks.append(
                    Block("heading", markdown=heading_md, plain=text, level=level, keys=keys)
                )
            elif label is None:
                self.blocks.append(Block("paragraph", markdown=markdown, plain=text, keys=keys))
            elif label.bullet:
                self.blocks.append(
                    Block("item", markdown=markdown, plain=text, depth=label.level, keys=keys)
                )
            else:
                block = Block(
                    "item",
                    markdown=markdown,
                    plain=text,
                    ordered=True,
                    depth=label.level,
                    keys=keys,
                )
                word_label(block, escape_inline(label.text), label.values)
                if not block.number:
                    block.ordered = False
                    block.kind = "paragraph"
                    shown = escape_inline(label.text)
                    block.markdown = (shown + " " if shown else "") + markdown
                    block.plain = (label.text + " " if label.text else "") + text
                    block.label = ""
                self.blocks.append(block)
        for extra in para.extra:
            self.blocks.append(Block("paragraph", markdown=escape_inline(extra), plain=extra))

    def table(self, tbl: _Element, part: str) -> None:
        rows: list[list[str]] = []
        keys: set[str] = set()
        for tr in tbl.iter(TR):
            if tr.getparent() is not tbl and tr.getparent().tag != _w("sdtContent"):
                continue
            trpr = tr.find(TRPR)
            row_changes: tuple[Change, ...] = ()
            if trpr is not None:
                row_changes = tuple(self.ctx.change(c, part) for c in trpr if c.tag in (INS, DEL))
                keys.update(c.key for c in row_changes)
            if row_changes and not self.shown(row_changes):
                continue
            cells: list[str] = []
            for tc in tr.iter(TC):
                if _ancestor_table(tc) is not tbl:
                    continue
                texts: list[str] = []
                for p in tc.iter(P):
                    if _ancestor_table(p) is not tbl:
                        continue
                    para = _Para()
                    self.inline(p, para, (), part)
                    keys.update(para.keys)
                    if para.plain().strip():
                        texts.append(spans_markdown(para.spans))
                    texts.extend(escape_inline(e) for e in para.extra)
                for nested in tc.iter(TBL):
                    if nested is not tbl:
                        self.ctx.warn("a table inside a table became text in its cell")
                        break
                cells.append(" ".join(texts))
                span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
                if span is not None:
                    cells.extend([""] * (max(_int(span.get(VAL), 1), 1) - 1))
            rows.append(cells)
        if any(any(c.strip() for c in row) for row in rows):
            self.blocks.append(Block("table", rows=rows, keys=frozenset(keys)))
        elif keys:
            self.blocks.append(Block("blank", keys=frozenset(keys)))

    # -- inline ------------------------------------------------------------------------

    def inline(
        self,
        el: _Element,
        para: _Para,
        changes: tuple[Change, ...],
        part: str,
        href: str = "",
    ) -> None:
        ctx = self.ctx
        for child in el:
            tag = child.tag
            if tag == R_:
                self.run(child, para, changes, part, href)
            elif tag in _INSERTS or tag in _DELETES:
                change = ctx.change(child, part)
                para.keys.add(change.key)
                if self.record:
                    ctx.change_comments.setdefault(change.key, set()).update(self.open_comments)
                self.inline(child, para, (*changes, change), part, href)
            elif tag == _w("hyperlink"):
                rel = ctx.links.get(str(child.get(f"{{{R}}}id", "")))
                target = rel.target if rel is not None and rel.external else ""
                self.inline(child, para, changes, part, target or href)
            elif tag in _TRANSPARENT:
                self.inline(child, para, changes, part, href)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.inline(content, para, changes, part, href)
            elif tag == _w("commentRangeStart"):
                self.open_comments.add(str(child.get(_w("id"), "")))
            elif tag == _w("commentRangeEnd"):
                self.open_comments.discard(str(child.get(_w("id"), "")))
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is None:
                    choice = child.find(f"{{{MC}}}Fallback")
                if choice is not None:
                    self.inline(choice, para, changes, part, href)
            elif tag in (f"{{{M}}}oMath", f"{{{M}}}oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{{{M}}}t"))
                if text and self.shown(changes):
                    para.spans.append(_Span(text))
                    ctx.warn("an equation is kept as its plain text")

    def run(
        self, r: _Element, para: _Para, changes: tuple[Change, ...], part: str, href: str
    ) -> None:
        ctx = self.ctx
        rpr = r.find(RPR)
        bold = italic = strike = hidden = False
        if rpr is not None:
            style = rpr.find(_w("rStyle"))
            if style is not None:
                s = ctx.styles.styles.get(str(style.get(VAL, "")))
                if s is not None:
                    bold = bool(s.bold) or s.name.casefold() == "strong"
                    italic = bool(s.italic) or s.name.casefold() == "emphasis"
            b, i = _flag(rpr, "b"), _flag(rpr, "i")
            bold = b if b is not None else bold
            italic = i if i is not None else italic
            strike = bool(_flag(rpr, "strike") or _flag(rpr, "dstrike"))
            hidden = bool(_flag(rpr, "vanish")) and not _flag(rpr, "specVanish")
        shown = self.shown(changes)
        if self.record:
            for child in r:
                if child.tag == _w("commentReference"):
                    cid = str(child.get(_w("id"), ""))
                    for key in para.keys:
                        ctx.change_comments.setdefault(key, set()).add(cid)
        texts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _w("fldChar"):
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if self.fields and self.fields[-1] == "code":
                continue
            if tag in (T, _w("delText")):
                texts.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                texts.append("\t")
            elif tag == _w("br"):
                if child.get(_w("type")) in (None, "textWrapping"):
                    texts.append("\n")
            elif tag == _w("cr"):
                texts.append("\n")
            elif tag == _w("noBreakHyphen"):
                texts.append("\u2011")
            elif tag == _w("sym"):
                texts.append(_symbol(child, ctx))
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                if shown:
                    self._flush(texts, para, bold, italic, strike, href, hidden)
                    kind = "footnote" if tag == _w("footnoteReference") else "endnote"
                    self.notes.append((kind, str(child.get(_w("id"), ""))))
                    para.spans.append(_Span(f"[^{len(self.notes)}]", raw=True))
            elif tag in (_w("drawing"), _w("pict"), _w("object")):
                boxes = [
                    " ".join("".join(t.text or "" for t in p.iter(T)) for p in box.iter(P)).strip()
                    for box in child.iter(_w("txbxContent"))
                ]
                if any(boxes):
                    if shown:
                        para.extra.extend(b for b in boxes if b)
                    ctx.warn("a text box became a paragraph of its own")
                else:
                    ctx.warn("a picture or object is left out")
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    inner = _Para()
                    fake = r.makeelement(R_, {})
                    fake.extend(list(choice))
                    self.run(fake, inner, changes, part, href)
                    para.extra.extend(inner.extra)
        if shown:
            self._flush(texts, para, bold, italic, strike, href, hidden)

    def _flush(
        self,
        texts: list[str],
        para: _Para,
        bold: bool,
        italic: bool,
        strike: bool,
        href: str,
        hidden: bool,
    ) -> None:
        text = "".join(texts)
        texts.clear()
        if not text:
            return
        if hidden:
            self.ctx.warn("hidden text is left out")
            return
        para.spans.append(_Span(text, bold, italic, strike, href))

    # -- notes -------------------------------------------------------------------------

    def finish(self) -> None:
        if self.carry is not None:
            carried, self.carry = self.carry, None
            if carried.plain().strip():
                self.blocks.append(
                    Block(
                        "paragraph",
                        markdown=spans_markdown(carried.spans),
                        plain=carried.plain(),
                        keys=frozenset(carried.keys),
                    )
                )
        done = 0
        while done < len(self.notes):  # a note may refer to another one
            kind, nid = self.notes[done]
            done += 1
            note = self.ctx.notes.get((kind, nid))
            texts: list[str] = []
            keys: set[str] = set()
            for p in note.iter(P) if note is not None else ():
                para = _Para()
                self.inline(p, para, (), kind + "s")
                keys |= para.keys
                if para.plain().strip():
                    texts.append(spans_markdown(para.spans).replace("\\\n", " "))
            body = " ".join(t.strip() for t in texts)
            self.blocks.append(
                Block(
                    "paragraph",
                    markdown=_note_definition(done, body),
                    plain=f"[^{done}]: {body}",
                    keys=frozenset(keys),
                )
            )


def _trim(spans: list[_Span]) -> None:
    """Drop white space (and line breaks) at the start and end of a paragraph: layout."""
    while spans and not spans[0].raw and not spans[0].text.strip(" \t\n\u00a0"):
        spans.pop(0)
    while spans and not spans[-1].raw and not spans[-1].text.strip(" \t\n\u00a0"):
        spans.pop()
    if spans and not spans[0].raw:
        spans[0].text = spans[0].text.lstrip(" \t\n")
    if spans and not spans[-1].raw:
        spans[-1].text = spans[-1].text.rstrip(" \t\n")


def _note_definition(number: int, body: str) -> str:
    """``[^n]: text``, unless CommonMark would read that line as a link reference
    definition (one word, no space): then the bracket is escaped and it stays text."""
    line = f"[^{number}]: {body}"
    if re.fullmatch(r"\[\^\d+\]: *\S*", line) or re.fullmatch(r"\[\^\d+\]: *\S+ +([\"'(]).*", line):
        return "\\" + line
    return line


def _ancestor_table(el: _Element) -> _Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != TBL:
        parent = parent.getparent()
    return parent


_SYMBOLS = {0xF0B7: "•", 0xF0A7: "▪", 0xF0D8: "➢", 0xF0FC: "✓", 0xF02D: "-", 0xF0A8: "□"}


def _symbol(el: _Element, ctx: _Context) -> str:
    try:
        code = int(str(el.get(_w("char"), "0")), 16)
    except ValueError:
        code = 0
    if code in _SYMBOLS:
        return _SYMBOLS[code]
    if 0xF000 <= code <= 0xF0FF:
        ctx.warn("a symbol of a symbol font is kept as the letter it is typed with")
        return chr(code - 0xF000)
    return chr(code) if code else ""


# --- entry points -----------------------------------------------------------------------


def read_word(
    data: bytes,
    *,
    source: str,
    max_bytes: int,
    readings: Mapping[str, Reading] | None = None,
) -> WordDocument:
    """Read a Word file in each of ``readings`` (default: every change accepted)."""
    from lxml import etree

    package = WordPackage(data, source=source, max_bytes=max_bytes)
    context = _Context(package)
    wanted = dict(readings or {"accepted": accept_all})
    readers = {
        name: _Reader(context, take, record=i == 0) for i, (name, take) in enumerate(wanted.items())
    }
    xml = package.checked(package.main)
    depth = 0
    try:
        events = etree.iterparse(
            io.BytesIO(xml),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
            remove_comments=True,
        )
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1 and el.tag.startswith(f"{{{STRICT_W}}}"):
                    raise InputError(
                        f"{source} is saved as Strict Open XML, which resvcs does not read. "
                        "Save it as a Word document (.docx) and give that file"
                    )
                continue
            depth -= 1
            if depth != 2:  # only the children of w:body
                continue
            for reader in readers.values():
                reader.block(el)
            context.props.pop(id(el), None)
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{source} is damaged ({package.main} is not well-formed XML: {exc}). "
            "Open it in Word or LibreOffice and save it again"
        ) from None
    texts: dict[str, ReadText] = {}
    for name, reader in readers.items():
        reader.finish()
        texts[name] = ReadText(blocks_to_markdown(reader.blocks), reader.blocks)
    for kind in ("header", "footer"):
        if any(r.type == kind for r in context.links.values()):
            context.warn(f"the page {kind}s are left out")
    if context.comments:
        context.warn("comments are left out of the text")
    warnings = [f"{what} ({n}×)" if n > 1 else what for what, n in context.warnings.items()]
    return WordDocument(
        readings=texts,
        changes=dict(context.changes),
        comments=context.comments,
        change_comments={k: tuple(sorted(v)) for k, v in context.change_comments.items()},
        warnings=warnings,
    )


def tracked_changes(data: bytes, *, source: str, max_bytes: int) -> list[Change]:
    """The tracked changes of the text (not formatting), without reading the text."""
    from lxml import etree

    package = WordPackage(data, source=source, max_bytes=max_bytes)
    xml = package.checked(package.main)
    found: dict[str, Change] = {}
    context_free = _Context.__new__(_Context)
    context_free.changes = found
    tags = (INS, DEL, MOVE_FROM, MOVE_TO)
    try:
        for _, el in etree.iterparse(
            io.BytesIO(xml),
            events=("end",),
            tag=tags,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        ):
            parent = el.getparent()
            if parent is not None and parent.tag in (_w("rPrChange"), _w("pPrChange")):
                continue
            _Context.change(context_free, el, "document")
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{source} is damaged ({package.main} is not well-formed XML: {exc}). "
            "Open it in Word or LibreOffice and save it again"
        ) from None
    return list(found.values())


__all__ = ["Change", "Comment", "WordDocument", "read_word", "safe_parser", "tracked_changes"]
