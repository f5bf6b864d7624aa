"""The document model: a resolution is an ordered list of clauses.

A clause is the unit of review: a heading, a paragraph, a list item (numbered or
bulleted, nested too), a table, a block quote, a code block or an HTML block
with visible text. Its Markdown source is kept exactly as written, split into
parts so that a clause can be renumbered, moved or reworded without touching
any other byte of the document:

    lead     layout lines before the clause that carry no words of their own
             (pandoc anchors such as ``[]{#n5}``, fenced-div fences, rules,
             HTML tags); they travel with the clause that follows them
    prefix   indentation and list marker of the first line ("1. ", "  - ")
    content  the clause's own Markdown, continuation lines de-indented
    indents  how many spaces were taken off each continuation line
    eol      the newline that ends the body ("" at the end of a file without one)
    gap      blank lines after the body

``Document.render()`` puts the parts back together byte for byte.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import field
from enum import StrEnum
from functools import cached_property

from .errors import AmbiguousError, NotFoundError
from .frozen import frozen
from .markdown import References, TextPart, plain_text
from .text import lazy_pattern


class ClauseKind(StrEnum):
    """What sort of block a clause is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    TABLE = "table"
    QUOTE = "quote"
    CODE = "code"
    HTML = "html"


@frozen
class Clause:
    """One clause of a document, with its exact Markdown source in parts."""

    #: Stable short id ("k3f9"); empty until ids are assigned.
    id: str
    #: Position as people cite it: "5", "2.1", "¶12", "¶12.2".
    label: str
    kind: ClauseKind
    #: The clause's own Markdown without list marker and continuation indentation.
    content: str
    lead: str = ""
    prefix: str = ""
    indents: tuple[int, ...] = ()
    eol: str = "\n"
    gap: str = ""
    #: Nesting depth in lists: 0 at top level.
    depth: int = 0
    #: Index (in the same document) of the list item this clause is nested in.
    parent: int | None = None
    #: The numbers people see in the text for this clause: the numbers as written
    #: of the ordered list items it is (or is nested in), "2.1"; "" if none.
    #: A change of this number, and only of this, is a renumbering.
    number: str = ""
    #: Heading level (1-6) for headings, else 0.
    level: int = 0
    #: Where the plain text comes from (inline sources found by the parser).
    parts: tuple[TextPart, ...] = field(default=(), compare=False, repr=False)
    refs: References | None = field(default=None, compare=False, repr=False)

    @cached_property
    def text(self) -> str:
        """Plain text as a reader sees it (Markdown markup removed), computed on first use."""
        if not self.parts:
            return plain_text((("inline", (self.content,)),), self.refs)
        return plain_text(self.parts, self.refs)

    @cached_property
    def body(self) -> str:
        """The clause's own lines as they stand in the source."""
        return self._own_lines()

    @cached_property
    def source(self) -> str:
        """Everything this clause contributes to the document's text (kept once made:
        a decision joins the sources of every clause, and compares them). Its body is
        not kept for it: a long draft's words would be held once more."""
        return self.passing_source()

    def passing_source(self) -> str:
        """:attr:`source`, not kept when it was not already (a reader of every clause's
        source once, such as a whole text put together, holds no second copy of them)."""
        kept = self.__dict__.get("source")
        if kept is not None:
            return kept
        body = self.__dict__.get("body")
        return self.lead + (self._own_lines() if body is None else body) + self.gap

    def source_size(self, *, utf8: bool = False) -> int:
        """``len(source)``, or the length of its UTF-8 bytes, without making the source
        (a reader that only needs where each clause starts keeps no copy of the text)."""
        if not utf8:
            return (
                len(self.lead)
                + len(self.prefix)
                + len(self.content)
                + len(self.gap)
                + sum(self.indents)
                + len(self.eol)
            )
        parts = (self.lead, self.prefix, self.content, self.gap)
        return sum(len(p.encode("utf-8")) for p in parts) + sum(self.indents) + len(self.eol)

    def _own_lines(self) -> str:
        lines = self.content.split("\n")
        if len(lines) > 1:
            rest = [" " * n + line for n, line in zip(self.indents, lines[1:], strict=True)]
            lines = [lines[0], *rest]
        return self.prefix + "\n".join(lines) + self.eol


@frozen
class Document:
    """A parsed document: what comes before the first clause, the clauses, what follows."""

    clauses: tuple[Clause, ...]
    preamble: str = ""
    epilogue: str = ""
    #: Ids that earlier versions gave to clauses this one no longer has: no new
    #: clause takes one (an id names one clause for the whole history).
    retired: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    _index: dict[str, int] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.id: i for i, c in enumerate(self.clauses) if c.id})

    def render(self, *, keep: bool = True) -> str:
        """The document's Markdown, byte for byte as parsed; ``keep=False``: the clauses do
        not keep their sources (:meth:`Clause.passing_source`)."""
        if not keep:
            sources = (c.passing_source() for c in self.clauses)
            return self.preamble + "".join(sources) + self.epilogue
        return self.preamble + "".join(c.source for c in self.clauses) + self.epilogue

    def same_text(self, other: Document) -> bool:
        """``self.render() == other.render()``, without putting either text together: two
        versions of a long draft share most of their clauses (the very objects), which
        are not read."""
        mine, theirs = self._pieces(), other._pieces()
        if sum(map(_size, mine)) != sum(map(_size, theirs)):
            return False
        i = j = 0  # the pieces compared, and how far into them
        at_i = at_j = 0
        while i < len(mine) and j < len(theirs):
            a, b = mine[i], theirs[j]
            if a is b and at_i == at_j == 0:
                i, j = i + 1, j + 1
                continue
            left, right = _text(a)[at_i:], _text(b)[at_j:]
            n = min(len(left), len(right))
            if left[:n] != right[:n]:
                return False
            at_i, at_j = at_i + n, at_j + n
            if n == len(left):
                i, at_i = i + 1, 0
            if n == len(right):
                j, at_j = j + 1, 0
        return True

    def _pieces(self) -> list[str | Clause]:
        """The pieces the text is made of: the opening matter, each clause, the closing."""
        return [self.preamble, *self.clauses, self.epilogue]

    def encoded(self) -> bytes:
        """``render()`` in UTF-8, made clause by clause: a long draft's text is not
        held as a string besides its bytes."""
        out = io.BytesIO()
        out.write(self.preamble.encode("utf-8"))
        for clause in self.clauses:
            out.write(clause.source.encode("utf-8"))
        out.write(self.epilogue.encode("utf-8"))
        return out.getvalue()

    def opening(self, size: int) -> str:
        """``render()[:size]``, without putting the rest of a long document together
        (what language it is written in shows in its opening)."""
        parts, total = [self.preamble], len(self.preamble)
        for clause in self.clauses:
            if total >= size:
                break
            parts.append(clause.source)
            total += len(clause.source)
        else:
            parts.append(self.epilogue)
        return "".join(parts)[:size]

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def index_of(self, clause_id: str) -> int:
        """Position of the clause with this id; NotFoundError if none."""
        try:
            return self._index[clause_id]
        except KeyError:
            raise NotFoundError(
                f"No clause with id {clause_id!r}. List the clauses with 'resvcs clauses'"
            ) from None

    def get(self, clause_id: str) -> Clause | None:
        """The clause with this id, or None."""
        i = self._index.get(clause_id)
        return None if i is None else self.clauses[i]

    def parent_id(self, clause: Clause) -> str | None:
        """Id of the list item that ``clause`` is nested in, if any."""
        return None if clause.parent is None else self.clauses[clause.parent].id

    def find(self, ref: str) -> Clause:
        """The clause named by ``ref``: an id or a label ("k3f9", "5", "2.1", "¶12", "п. 3").

        Ids and labels never look alike (ids start with a Latin letter and labels
        with a digit or "¶"), so the lookup is unambiguous; a label that occurs
        twice raises AmbiguousError naming the ids to use instead.
        """
        key = ref.strip()
        found = self.get(key)
        if found is not None:
            return found
        label = normalize_label(key)
        hits = [c for c in self.clauses if c.label == label]
        if len(hits) == 1:
            return hits[0]
        if not hits and label[:1].isalnum():
            # A number written at the start of a paragraph ("2-1. …", "а) …"): its label
            # is its place, but people cite its number.
            hits = [
                c
                for c in self.clauses
                if c.kind is ClauseKind.PARAGRAPH and _opening_number(c.content) == label
            ]
            if len(hits) == 1:
                return hits[0]
        if hits:
            ids = ", ".join(c.id for c in hits)
            raise AmbiguousError(f"Label {ref!r} names several clauses ({ids}). Use one of the ids")
        raise NotFoundError(
            f"No clause {ref!r} in this document. List ids and labels with 'resvcs clauses'"
        )


def _size(piece: str | Clause) -> int:
    return len(piece) if isinstance(piece, str) else piece.source_size()


def _text(piece: str | Clause) -> str:
    return piece if isinstance(piece, str) else piece.passing_source()


#: The number a paragraph's text opens with ("2-1." "а)" "5.1."), after pandoc anchors.
_opening_number_re = lazy_pattern(
    r"(?:\[\]\{[^{}\n]*\}|\s)*(\d{1,3}(?:[.-]\d{1,3})*|[а-яґєіїa-z])\\?[.)](?=[ \t\u00a0]|$)"
)


def sharing_content(parts: tuple[TextPart, ...], content: str) -> tuple[TextPart, ...]:
    """A clause's ``parts``, its one text made the very string of its ``content`` where
    the two are equal (the usual clause): a long draft's words held once, not twice."""
    if len(parts) == 1 and parts[0][1] == (content,):
        return ((parts[0][0], (content,)),)
    return parts


def _opening_number(content: str) -> str:
    m = _opening_number_re().match(content)
    return m.group(1) if m else ""


_LABEL_PREFIXES = (
    "пункт",
    "пп.",
    "п.",
    "абзац",
    "абз.",
    "item",
    "clause",
    "para.",
    "para",
    "paragraph",
    "§",
)


def normalize_label(ref: str) -> str:
    """Read a label as people type it: "п. 3" → "3", "абз. 12" → "¶12", "3." → "3"."""
    key = " ".join(ref.split())
    low = key.lower()
    paragraph_words = ("абзац", "абз.", "para.", "para", "paragraph")
    for word in _LABEL_PREFIXES:
        if low.startswith(word):
            rest = key[len(word) :].strip()
            if rest and (rest[0].isdigit() or rest[0] == "¶"):
                if word in paragraph_words and not rest.startswith("¶"):
                    rest = "¶" + rest
                key = rest
            break
    key = key.replace(" ", "")
    if key.endswith(".") and key[:-1].replace(".", "").replace("¶", "").isdigit():
        key = key[:-1]
    return key
