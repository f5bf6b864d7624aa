"""Redlines as Word's own tracked changes: a .docx that Word and LibreOffice can act on.

:func:`render_docx` writes the new text of a :class:`~resolution_vcs.diff.DocumentDiff`
with every change as a revision (``w:ins``, ``w:del``; a moved clause as
``w:moveFrom`` at its old place and ``w:moveTo`` at its new one), so that
"accept all changes" gives the new text and "reject all" the old one, word for
word. Each revision carries the author and date of the change it comes from: one
:class:`Credit` for all, or per clause, or per character of a clause
(:class:`Blame`, from :func:`chain_credits` when several amendments or versions
changed one clause). A credit's comment ("Amendment 3 …, rationale") is attached
to the clause as a Word comment spanning it.

The text is shown as a reader sees it: Markdown is rendered (emphasis, links as
their words, list markers as text, as in :mod:`.export`), and the word diff is
made on that text, so markup never shows as a change of words. Numbers are the
ones the text has: list markers are written as text, and a renumbered item shows
its old number deleted and the new one inserted.

The package is written as text, part by part (no document object model): a
redline of a long law is thousands of runs, and building them as objects costs
more time and memory than the whole comparison.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from ..diff import ChangeKind, ClauseChange, DocumentDiff, inline_diff
from ..frozen import frozen
from ..model import Clause, ClauseKind, Document
from .i18n import resolve_lang, word_language
from .redline import sample_text

if TYPE_CHECKING:
    from markdown_it.token import Token


@frozen
class Credit:
    """Who made a change, when, and the comment Word shows on it ("" for none)."""

    author: str
    date: datetime
    comment: str = ""


@frozen
class Blame:
    """Who made each part of one clause's change: ``whole`` for the clause itself (its
    insertion, deletion, move or new number), ``old[i]`` for the deletion of character
    ``i`` of the old shown text, ``new[i]`` for the insertion of character ``i`` of the
    new one (None, or past the end: ``whole``)."""

    whole: Credit
    old: tuple[Credit | None, ...] = ()
    new: tuple[Credit | None, ...] = ()

    def deleted(self, i: int) -> Credit:
        return (self.old[i] if i < len(self.old) else None) or self.whole

    def inserted(self, i: int) -> Credit:
        return (self.new[i] if i < len(self.new) else None) or self.whole


CreditOf = Callable[[ClauseChange], "Credit | Blame"]


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


Mark = Literal["equal", "insert", "delete", "moveFrom", "moveTo"]
_TAGS = {"insert": "w:ins", "delete": "w:del", "moveFrom": "w:moveFrom", "moveTo": "w:moveTo"}
_BULLETS = ("•", "–", "◦")
_INDENT_TWIPS = 425
#: Markdown that a clause's words may hold and that changes what a reader sees; content
#: with none of it (nor a line break) reads as it is written.
_MARKUP_RE = re.compile(r"[\\`*_~\[\]<>&!|#{}\n]|^\s|\s$|^(?:[-+=]|\d+[.)])")


def shown_clause(clause: Clause) -> _Shown:
    """The marker and the rendered text of a clause (Markdown markup removed)."""
    marker = ""
    if clause.kind is ClauseKind.ITEM:
        mark = clause.prefix.strip()
        marker = mark if mark[:1].isdigit() else _BULLETS[clause.depth % len(_BULLETS)]
    content = clause.content
    if clause.kind in (ClauseKind.PARAGRAPH, ClauseKind.ITEM):
        if not _MARKUP_RE.search(content):
            return _Shown(clause.kind, clause.level, clause.depth, marker, [_Span(content)])
        plain = _anchored_lines(content)
        if plain is not None:
            return _Shown(clause.kind, clause.level, clause.depth, marker, [_Span(plain)])
    return _Shown(clause.kind, clause.level, clause.depth, marker, _rendered(content))


#: An empty pandoc anchor, ``[]{#n12}``: it shows nothing.
_ANCHOR_RE = re.compile(r"\[\]\{#[A-Za-z0-9_][A-Za-z0-9_.:-]*\}")
#: A backslash escape: the punctuation mark it escapes shows as itself.
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: What a line after the first may not start with to go on a paragraph: a list (one
#: numbered 1 or a bullet can interrupt a paragraph), a setext underline, a colon.
_LINE_START_RE = re.compile(r"[-+=:]|0*1[.)]")
_MARKUP_CHARS_RE = re.compile(r"[\\`*_~\[\]<>&!|#{}]|^\s|\s$")


def _anchored_lines(content: str) -> str | None:
    """What a reader sees of ``content`` made of plain lines, some of them only pandoc
    anchors (``[]{#n3}\nСтаття 1.``, as pandoc writes a law), with backslash escapes
    and hard line breaks (a backslash at the end of a line); a soft line break reads
    as a space, as Markdown joins lines. None when it holds anything else, which the
    Markdown renderer is left to show."""
    lines = content.split("\n")
    parts: list[str] = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        bare = _ANCHOR_RE.sub("", line) if "[]{#" in line else line
        if not bare and bare != line:
            text, hard = "", False  # an anchor line: its line break still shows
        else:
            checked = _ESCAPE_RE.sub("x", bare)
            hard = checked.endswith("\\") and not last
            if hard:
                checked, bare = checked[:-1], bare[:-1]
            if not checked or (
                _MARKUP_RE.search(checked)
                if i == 0
                else _MARKUP_CHARS_RE.search(checked) or _LINE_START_RE.match(checked)
            ):
                return None
            text = _ESCAPE_RE.sub(r"\1", bare)
        parts.append(text)
        if not last:
            parts.append("\n" if hard else " ")
    shown = "".join(parts)
    return shown if shown.strip() else None


def _rendered(content: str) -> list[_Span]:
    from .markup import text_tokens

    spans: list[_Span] = []
    strong = em = strike = 0
    first_block = True
    for token in text_tokens(content, offline=False):
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
    return spans


def _children(token: Token) -> Sequence[Token]:
    return token.children or ()


def clause_words_text(clause: Clause) -> str:
    """The text a reader of the Word file sees for a clause: marker and words."""
    shown = shown_clause(clause)
    return (shown.marker + "\t" if shown.marker else "") + shown.text


# --- Who made which change, over a chain of texts ---------------------------------------


def chain_blame(
    first: str, steps: Sequence[tuple[str, Credit]]
) -> tuple[tuple[Credit | None, ...], tuple[Credit | None, ...]]:
    """Who deleted each character of ``first`` and who inserted each character of the
    last text, when ``steps`` turned ``first`` into it one text after another (each
    with the credit of the step). A character nobody deleted, or that ``first``
    already had, is None. Word by word, as the diff compares."""
    # origin[i] of the current text: an int (that character of ``first``) or the Credit
    # of the step that inserted it.
    origin: list[int | Credit] = list(range(len(first)))
    deleted: list[Credit | None] = [None] * len(first)
    text = first
    for new_text, credit in steps:
        if new_text == text:
            continue
        out: list[int | Credit] = []
        pos = 0
        for op in inline_diff(text, new_text):
            old_size = len(op.old)
            if op.op == "insert" or (op.op == "equal" and op.old != op.text):
                if op.op == "equal":
                    _drop(origin[pos : pos + old_size], deleted, credit)
                    pos += old_size
                out.extend([credit] * len(op.text))
            elif op.op == "delete":
                _drop(origin[pos : pos + old_size], deleted, credit)
                pos += old_size
            else:
                out.extend(origin[pos : pos + old_size])
                pos += old_size
        origin, text = out, new_text
    inserted = tuple(None if isinstance(o, int) else o for o in origin)
    return tuple(deleted), inserted


def _drop(gone: Iterable[int | Credit], deleted: list[Credit | None], credit: Credit) -> None:
    for o in gone:
        if isinstance(o, int):
            deleted[o] = credit


@frozen
class Step:
    """One text in a chain of texts, who made it from the one before, and the ids of
    the clauses it is known to have moved."""

    document: Document
    credit: Credit
    moved: frozenset[str] = frozenset()


def chain_credits(start: Document, steps: Sequence[Step], fallback: Credit) -> CreditOf:
    """Credits for the changes of ``diff(start, steps[-1].document)``: each clause's
    insertion, deletion, move or renumbering goes to the last step that did it, and
    each changed word to the step that changed it (:func:`chain_blame`); ``fallback``
    where no step can be told (ids not kept between the texts)."""
    maps = [{c.id: c for c in step.document.clauses} for step in steps]
    start_map = {c.id: c for c in start.clauses}

    def at(k: int, clause_id: str) -> Clause | None:
        return start_map.get(clause_id) if k < 0 else maps[k].get(clause_id)

    def last(changed: Callable[[Clause | None, Clause | None], bool], clause_id: str) -> Credit:
        for k in range(len(steps) - 1, -1, -1):
            if changed(at(k - 1, clause_id), at(k, clause_id)):
                return steps[k].credit
        return fallback

    def credit_of(change: ClauseChange) -> Credit | Blame:
        clause_id = change.id
        if not clause_id:
            return fallback
        if change.new is None:
            return last(lambda a, b: a is not None and b is None, clause_id)
        present = last(lambda a, b: a is None and b is not None, clause_id)
        if change.old is None:
            whole = present
        elif ChangeKind.MOVED in change.kinds:
            whole = next(
                (s.credit for s in reversed(steps) if clause_id in s.moved),
                last(
                    lambda a, b: a is not None and b is not None and a.number != b.number, clause_id
                ),
            )
        else:
            whole = last(
                lambda a, b: (
                    a is not None and b is not None and a.prefix.strip() != b.prefix.strip()
                ),
                clause_id,
            )
            if whole is fallback:
                whole = last(lambda a, b: a != b and b is not None, clause_id)
        if change.old is not None and change.old.content == change.new.content:
            return whole
        texts: list[tuple[str, Credit]] = []
        content = change.old.content if change.old is not None else None
        for k, step in enumerate(steps):
            clause = maps[k].get(clause_id)
            if clause is None or clause.content == content:
                continue
            content = clause.content
            texts.append((shown_clause(clause).text, step.credit))
        first = shown_clause(change.old).text if change.old is not None else ""
        old, new = chain_blame(first, texts)
        return Blame(whole, old, new)

    return credit_of


# --- The package, written as text --------------------------------------------------------

_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _text(value: str) -> str:
    value = _NOT_XML_RE.sub("\ufffd", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _word_date(date: datetime) -> str:
    return date.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _styles(lang: str) -> str:
    centered = '<w:jc w:val="center"/>'
    headings = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/>'
        f'<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>'
        f'{centered if n == 1 else ""}<w:outlineLvl w:val="{n - 1}"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/><w:sz w:val="{max(24, 36 - 4 * (n - 1))}"/>'
        f'<w:szCs w:val="{max(24, 36 - 4 * (n - 1))}"/></w:rPr></w:style>'
        for n in range(1, 10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{_W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
        'w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/>'
        f'<w:szCs w:val="24"/><w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>"
        f"{headings}"
        '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
        "</w:style>"
        '<w:style w:type="character" w:styleId="CommentReference">'
        '<w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/>'
        "</w:rPr></w:style></w:styles>"
    )


def _package(body: Iterable[str], comments: str, title: str, lang: str) -> bytes:
    """A .docx with ``body`` (the pieces of the content of w:body, written one after
    another: the document is never held whole as text) and ``comments`` (w:comment
    elements, or "")."""
    types = [
        ("/word/document.xml", f"{_MAIN}.document.main+xml"),
        ("/word/styles.xml", f"{_MAIN}.styles+xml"),
        ("/word/settings.xml", f"{_MAIN}.settings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    rels = [
        ("rId1", f"{_R_NS}/styles", "styles.xml"),
        ("rId2", f"{_R_NS}/settings", "settings.xml"),
    ]
    if comments:
        types.append(("/word/comments.xml", f"{_MAIN}.comments+xml"))
        rels.append(("rId3", f"{_R_NS}/comments", "comments.xml"))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in types)
            + "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_R_NS}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        ),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{_text(title)}</dc:title><dc:language>{_text(lang)}</dc:language>"
            "</cp:coreProperties>"
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{p}"/>' for i, t, p in rels)
            + "</Relationships>"
        ),
        "word/styles.xml": _styles(lang),
        "word/settings.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings xmlns:w="{_W_NS}"><w:defaultTabStop w:val="425"/>'
            f'<w:themeFontLang w:val="{lang}"/></w:settings>'
        ),
    }
    if comments:
        parts["word/comments.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:comments xmlns:w="{_W_NS}">{comments}</w:comments>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        # [Content_Types].xml first, as Word writes it (some readers look for it there).
        first = "[Content_Types].xml"
        z.writestr(first, parts.pop(first).encode("utf-8"))
        with z.open("word/document.xml", "w") as document:
            document.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{_W_NS}" xmlns:r="{_R_NS}"><w:body>'.encode()
            )
            for piece in body:
                document.write(piece.encode("utf-8"))
            document.write(
                b'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" '
                b'w:right="1134" w:bottom="1134" w:left="1134" w:header="720" w:footer="720" '
                b'w:gutter="0"/></w:sectPr></w:body></w:document>'
            )
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


# --- The body ---------------------------------------------------------------------------


class _Writer:
    def __init__(self, notes: Mapping[str, Sequence[Credit]]) -> None:
        #: Comments that belong to a clause (by id) whatever its revisions.
        self.notes = notes
        self.out: list[str] = []
        self.next_id = 0
        #: Comment ids by credit, and the comments' XML.
        self.comment_ids: dict[Credit, int] = {}
        self.comments: list[str] = []
        #: Credits with a comment used in the paragraph being written.
        self.commented: list[Credit] = []

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _stamp(self, credit: Credit) -> str:
        return (
            f'w:id="{self._id()}" w:author="{_attr(credit.author)}" '
            f'w:date="{_word_date(credit.date)}"'
        )

    def _note(self, credit: Credit | None) -> None:
        if credit is not None and credit.comment and credit not in self.commented:
            self.commented.append(credit)

    def _run(self, span: _Span, deleted: bool) -> str:
        props = ""
        if span.code:
            props += '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
        if span.bold:
            props += "<w:b/>"
        if span.italic:
            props += "<w:i/>"
        if span.strike:
            props += "<w:strike/>"
        tag = "w:delText" if deleted else "w:t"
        parts = []
        for i, line in enumerate(span.text.split("\n")):
            if i:
                parts.append("<w:br/>")
            for j, piece in enumerate(line.split("\t")):
                if j:
                    parts.append("<w:tab/>")
                if piece:
                    parts.append(f'<{tag} xml:space="preserve">{_text(piece)}</{tag}>')
        return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{''.join(parts)}</w:r>"

    def add(self, mark: Mark, spans: Sequence[_Span], credit: Credit | None) -> None:
        """Runs for ``spans`` at the end of the paragraph, inside a revision of ``mark``."""
        if not spans:
            return
        if mark == "equal" or credit is None:
            self.out.extend(self._run(s, False) for s in spans)
            return
        self._note(credit)
        tag = _TAGS[mark]
        runs = "".join(self._run(s, mark == "delete") for s in spans)
        self.out.append(f"<{tag} {self._stamp(credit)}>{runs}</{tag}>")

    def open(
        self, clause: Clause, shown: _Shown, mark: Mark = "equal", credit: Credit | None = None
    ) -> None:
        """Start a paragraph styled for the clause; ``mark``: its paragraph mark's revision."""
        props = ""
        if shown.kind is ClauseKind.HEADING:
            props += f'<w:pStyle w:val="Heading{max(1, min(shown.level, 9))}"/>'
        else:
            indent = 0
            if shown.kind is ClauseKind.ITEM:
                indent = (shown.depth + 1) * _INDENT_TWIPS
            elif shown.kind is ClauseKind.QUOTE:
                indent = _INDENT_TWIPS
            if indent and shown.marker:
                props += (
                    f'<w:tabs><w:tab w:val="left" w:pos="{indent}"/></w:tabs>'
                    f'<w:ind w:left="{indent}" w:hanging="{_INDENT_TWIPS}"/>'
                )
            elif indent:
                props += f'<w:ind w:left="{indent}"/>'
        if mark != "equal" and credit is not None:
            props += f"<w:rPr><{_TAGS[mark]} {self._stamp(credit)}/></w:rPr>"
        self.out.append(f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}")
        self.start = len(self.out)
        self.commented = list(self.notes.get(clause.id, ()))

    def close(self) -> None:
        """End the paragraph; each credit with a comment used in it comments on all of it."""
        starts, ends = [], []
        for credit in self.commented:
            number = self.comment_ids.get(credit)
            if number is None:
                number = self.comment_ids[credit] = self._id()
                self.comments.append(_comment(number, credit))
            starts.append(f'<w:commentRangeStart w:id="{number}"/>')
            ends.append(
                f'<w:commentRangeEnd w:id="{number}"/><w:r><w:rPr><w:rStyle '
                f'w:val="CommentReference"/></w:rPr><w:commentReference w:id="{number}"/></w:r>'
            )
        if starts:
            self.out.insert(self.start, "".join(starts))
        self.out.append("".join(ends) + "</w:p>")

    # -- clauses -----------------------------------------------------------------------

    def whole(self, clause: Clause, mark: Mark, credit: Credit | None, move: str = "") -> None:
        shown = shown_clause(clause)
        self.open(clause, shown, mark, credit)
        if mark == "moveFrom":  # the clause's own comments go where it now stands
            self.commented = []
        side = "moveFrom" if mark == "moveFrom" else "moveTo"
        if move and credit is not None:
            self.out.append(f'<w:{side}RangeStart {self._stamp(credit)} w:name="{move}"/>')
            range_id = self.next_id
        spans = ([_Span(shown.marker + "\t")] if shown.marker else []) + shown.spans
        self.add(mark, spans, credit)
        if move and credit is not None:
            self.out.append(f'<w:{side}RangeEnd w:id="{range_id}"/>')
        self.close()

    def inserted(self, clause: Clause, blame: Blame) -> None:
        """An added clause whose words were written by several people."""
        shown = shown_clause(clause)
        self.open(clause, shown, "insert", blame.whole)
        if shown.marker:
            self.add("insert", [_Span(shown.marker + "\t")], blame.whole)
        self._split("insert", shown.spans, 0, len(shown.text), blame.inserted)
        self.close()

    def _split(
        self,
        mark: Mark,
        spans: Sequence[_Span],
        start: int,
        end: int,
        who: Callable[[int], Credit],
    ) -> None:
        """Spans ``start`` to ``end`` as revisions, one for each run of one person's."""
        i = start
        while i < end:
            credit = who(i)
            j = i + 1
            while j < end and who(j) is credit:
                j += 1
            self.add(mark, _slice(spans, i, j), credit)
            i = j

    def changed(self, old: Clause, new: Clause, blame: Blame) -> None:
        before, after = shown_clause(old), shown_clause(new)
        credit = blame.whole
        self.open(new, after)
        if before.marker != after.marker:
            if before.marker:
                self.add("delete", [_Span(before.marker)], credit)
            if after.marker:
                self.add("insert", [_Span(after.marker)], credit)
            if after.marker and before.marker:
                self.add("equal", [_Span("\t")], None)
            elif after.marker:
                self.add("insert", [_Span("\t")], credit)
            else:
                self.add("delete", [_Span("\t")], credit)
        elif after.marker:
            self.add("equal", [_Span(after.marker + "\t")], None)
        old_pos = new_pos = 0
        for op in inline_diff(before.text, after.text):
            if op.op == "delete":
                size = len(op.text)
                self._split("delete", before.spans, old_pos, old_pos + size, blame.deleted)
                old_pos += size
            elif op.op == "insert":
                size = len(op.text)
                self._split("insert", after.spans, new_pos, new_pos + size, blame.inserted)
                new_pos += size
            else:
                old_size, size = len(op.old), len(op.text)
                if op.old != op.text:  # spacing differs: both sides, as a change
                    self._split("delete", before.spans, old_pos, old_pos + old_size, blame.deleted)
                    self._split("insert", after.spans, new_pos, new_pos + size, blame.inserted)
                else:
                    self.add("equal", _slice(after.spans, new_pos, new_pos + size), None)
                old_pos += old_size
                new_pos += size
        self.close()


def _comment(number: int, credit: Credit) -> str:
    initials = "".join(w[0] for w in credit.author.split()[:2] if w[:1].isalpha())
    paragraphs = "".join(
        '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        + (
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            if i == 0
            else ""
        )
        + (f'<w:r><w:t xml:space="preserve">{_text(line)}</w:t></w:r>' if line else "")
        + "</w:p>"
        for i, line in enumerate(credit.comment.split("\n"))
    )
    return (
        f'<w:comment w:id="{number}" w:author="{_attr(credit.author)}" '
        f'w:date="{_word_date(credit.date)}" w:initials="{_attr(initials)}">{paragraphs}'
        "</w:comment>"
    )


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


def render_docx(
    delta: DocumentDiff,
    old: Document,
    *,
    credit: Credit | CreditOf,
    title: str = "",
    lang: str | None = None,
    notes: Mapping[str, Sequence[Credit]] | None = None,
) -> bytes:
    """The new text with every change of ``delta`` (from ``old``) as a Word revision;
    ``notes``: comments on clauses (by id) besides those of their revisions."""
    language = resolve_lang(lang, "" if lang else sample_text(delta, limit=20_000))
    writer = _Writer(notes or {})
    fixed = credit if isinstance(credit, Credit) else None

    def blame_of(change: ClauseChange) -> Blame:
        found = fixed if fixed is not None else credit(change)  # type: ignore[operator]
        return found if isinstance(found, Blame) else Blame(found)

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
            writer.whole(change.old, "moveFrom", blame_of(change).whole, names[id(change)])

    for change in delta.changes:
        kinds = change.kinds
        if change.old is not None and ChangeKind.MOVED not in kinds:
            flush(position.get(id(change.old), 0))
        if change.new is None:
            assert change.old is not None
            writer.whole(change.old, "delete", blame_of(change).whole)
        elif change.old is None:
            writer.inserted(change.new, blame_of(change))
        elif ChangeKind.MOVED in kinds:
            writer.whole(change.new, "moveTo", blame_of(change).whole, names[id(change)])
        elif change.kind is ChangeKind.UNCHANGED or (
            clause_words_text(change.old) == clause_words_text(change.new)
        ):
            writer.whole(change.new, "equal", None)
        else:
            writer.changed(change.old, change.new, blame_of(change))
    flush(len(old.clauses) + 1)
    # An empty last paragraph: Word keeps the final paragraph mark, and no clause
    # (deleted or moved) should have to be it.
    writer.out.append("<w:p/>")
    return _package(writer.out, "".join(writer.comments), title, word_language(language))
