"""A version of a text parsed from the one before: only what changed is parsed again.

Parsing a long document whole costs its size; a version that differs from one
already parsed in a few places needs only those places parsed. The two texts
are cut at blank lines and compared block by block (equal blocks paired in
order, :func:`resolution_vcs.align.changed_spans`); each difference is widened
to whole top-level groups (from a top-level clause that is not a list item to
the next one, so whole lists at a time) plus one unchanged group on either side,
and only that region of the new text is parsed. The two unchanged groups must
come out of the region's parse exactly as they were (words, structure, the
lines around them), or the region grows; after a few tries the text is parsed
whole. Markdown's block structure is decided line by line from the start of a
top-level block, so a region whose edges parse as before parses as it would
inside the whole text. Labels, numbers and parents are then computed for the
spliced clauses as a whole parse computes them.

:func:`parse_next` does this for any two texts (two files compared, versions of
a draft read in order); :mod:`resolution_vcs.steps` does it for a draft's
history, with clause ids. ``tests/test_parse_next.py`` checks that the result is
what a whole parse gives.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate

from .align import changed_spans
from .markdown import TextPart
from .model import Clause, ClauseKind, Document
from .parse import (
    Outline,
    group_after,
    group_before,
    has_words,
    labelled,
    outline_of,
    parse_outline,
    starts_top_level_group,
)

#: How many times a region may grow before the text is parsed whole.
WIDEN = 4


@dataclass(eq=False)
class Parsed:
    """A text, its clauses and the outline their labels are computed from: what
    :func:`parse_next` reads the next version of the text from.

    The clauses' labels, numbers and parents are computed when :attr:`document` is
    first read (a reader that only counts the clauses never needs them); until then
    ``clauses`` may hold stale ones.
    """

    text: str
    clauses: list[Clause]
    outline: Outline
    preamble: str
    epilogue: str
    #: Whether the text holds "]:", as a link reference definition does (None: not
    #: looked yet).
    references: bool | None = field(default=None, repr=False)
    #: The text cut at blank lines, and the length of each clause's source (None:
    #: not made yet).
    _blocks: list[str] | None = field(default=None, repr=False)
    _lengths: list[int] | None = field(default=None, repr=False)
    _document: Document | None = field(default=None, repr=False)

    @classmethod
    def of(cls, text: str) -> Parsed:
        """A text parsed whole."""
        document, outline = parse_outline(text)
        return cls(
            text,
            list(document.clauses),
            outline,
            document.preamble,
            document.epilogue,
            _document=document,
        )

    @classmethod
    def of_document(cls, document: Document) -> Parsed:
        """The parse of a document's text, made from the document itself where its
        outline can be made again from its clauses (:func:`outline_of`: a document a
        whole parse gave, as read from the parse cache), else by parsing the text whole."""
        # The clauses do not keep their sources: the text holds them.
        outline = outline_of(document)
        if outline is None:
            return cls.of(document.render(keep=False))
        return cls(
            document.render(keep=False),
            list(document.clauses),
            outline,
            document.preamble,
            document.epilogue,
            _document=document,
        )

    @property
    def document(self) -> Document:
        """The text's document (labels, numbers and parents as a whole parse gives them)."""
        if self._document is None:
            self._parse_reworded()
            self._document = Document(
                labelled(self.clauses, self.outline),
                preamble=self.preamble,
                epilogue=self.epilogue,
            )
            self.clauses = list(self._document.clauses)
        return self._document

    def _parse_reworded(self) -> None:
        """Parse the top-level groups of the clauses reworded in place (by
        :func:`line_edits`, which leaves them without ``parts``), for what only a
        parse gives; the whole text when a group does not parse as it stands."""
        clauses = self.clauses
        reworded = [k for k, c in enumerate(clauses) if not c.parts and c.kind in WORD_KINDS]
        if not reworded:
            return
        starts = list(accumulate(self.lengths, initial=len(self.preamble)))
        size = len(self.text)
        merged = parse_regions(
            regions_to_parse(
                [(starts[k], starts[k + 1], 0, 0) for k in reworded], starts, self.outline
            ),
            lambda region: parse_region(
                self.outline,
                clauses,
                region,
                starts,
                lambda pos: pos,
                (size, size),
                lambda a, b: self.text[a:b],
            ),
        )
        if merged is None:
            document, self.outline = parse_outline(self.text)
            self.clauses = list(document.clauses)
            self.preamble, self.epilogue = document.preamble, document.epilogue
        else:
            found, self.outline, _, self.preamble, self.epilogue = splice(
                clauses, self.outline, merged, self.preamble, self.epilogue
            )
            self.clauses = found
        self._lengths = None

    @property
    def blocks(self) -> list[str]:
        if self._blocks is None:
            self._blocks = self.text.split("\n\n")
        return self._blocks

    @property
    def lengths(self) -> list[int]:
        if self._lengths is None:
            self._lengths = [c.source_size() for c in self.clauses]
        return self._lengths


def parse_next(previous: Parsed, text: str) -> Parsed:
    """Another version of a text parsed, exactly as :meth:`Parsed.of` would parse it,
    by parsing again only what differs from ``previous`` (the way versions are read
    above: changed blocks widened to whole top-level groups, trusted when the
    unchanged clauses at their edges parse as before; else the text is parsed whole).

    The clauses outside the changed regions are ``previous``'s own (copies where their
    label, number or parent changed, made when the result's document is read).
    ``previous.outline`` is handed on to the result: read ``previous.document``
    afterwards, not its outline.
    """
    if text == previous.text:
        return previous
    spliced = _splice(previous, text)
    return spliced if spliced is not None else Parsed.of(text)


def _splice(previous: Parsed, text: str) -> Parsed | None:
    clauses = previous.clauses
    n = len(clauses)
    # A link reference definition ("[x]: url") anywhere changes the plain text of
    # clauses elsewhere: such texts are parsed whole.
    if previous.references is None:
        previous.references = "]:" in previous.text
    if not n or previous.references or "]:" in text:
        return None
    old_blocks, new_blocks = previous.blocks, text.split("\n\n")
    old_at = block_offsets(old_blocks)
    spans = changed_spans(old_blocks, new_blocks)
    ranges, to_new = changed_ranges(
        spans, old_at, block_offsets(new_blocks), (old_blocks, new_blocks)
    )
    lengths = list(previous.lengths)
    starts = list(accumulate(lengths, initial=len(previous.preamble)))
    # Words changed inside lines that keep their structure need no parsing here.
    edited, handled = line_edits(clauses, old_blocks, new_blocks, spans, old_at, starts)
    if edited:
        clauses = list(clauses)
        for k, clause in edited.items():
            clauses[k] = clause
            lengths[k] = clause.source_size()
    sizes = (len(previous.text), len(text))
    merged = parse_regions(
        regions_to_parse(
            [r for k, r in enumerate(ranges) if k not in handled], starts, previous.outline
        ),
        lambda region: parse_region(
            previous.outline, clauses, region, starts, to_new, sizes, lambda a, b: text[a:b]
        ),
    )
    if merged is None:
        return None
    found, outline, _, preamble, epilogue = splice(
        clauses, previous.outline, merged, previous.preamble, previous.epilogue
    )
    for region, inner, *_ in reversed(merged):
        lengths[region.lo + 1 : region.hi] = [c.source_size() for c in inner]
    return Parsed(
        text,
        found,
        outline,
        preamble,
        epilogue,
        references=False,
        _blocks=new_blocks,
        _lengths=lengths,
    )


def splice(
    clauses: Sequence[Clause], outline: Outline, merged: list[Piece], preamble: str, epilogue: str
) -> tuple[list[Clause], Outline, list[int], str, str]:
    """The new text's clauses and outline: the old ``clauses`` (and their ``outline``)
    outside the regions, each region's parse inside; where each region's clauses start
    among them; and the new text's preamble and epilogue (``preamble`` and
    ``epilogue`` unless a region reaches the start or the end)."""
    n = len(clauses)
    found: list[Clause] = []
    found_outline: Outline = []
    starts: list[int] = []
    kept = 0  # old clauses copied so far
    for region, inner, inner_outline, region_preamble, region_epilogue in merged:
        found.extend(clauses[kept : region.lo + 1])
        found_outline.extend(outline[kept : region.lo + 1])
        starts.append(len(found))
        found.extend(inner)
        found_outline.extend(inner_outline)
        kept = region.hi
        if region.lo < 0:
            preamble = region_preamble
        if region.hi >= n:
            epilogue = region_epilogue
    found.extend(clauses[kept:])
    found_outline.extend(outline[kept:])
    return found, found_outline, starts, preamble, epilogue


def _same(a: Clause, b: Clause) -> bool:
    """Whether a clause parsed in a region is the clause it was in the whole text."""
    return (a.kind, a.content, a.prefix, a.indents, a.eol, a.depth, a.number, a.level) == (
        b.kind,
        b.content,
        b.prefix,
        b.indents,
        b.eol,
        b.depth,
        b.number,
        b.level,
    )


@dataclass
class Region:
    """The clauses between two unchanged ones, parsed again as a piece of text."""

    lo: int  # old index of the unchanged clause before (-1: from the start)
    hi: int  # old index of the unchanged clause after (len: to the end)


def block_offsets(blocks: Sequence[bytes] | Sequence[str]) -> Callable[[int], int]:
    """A function from block index to its character offset in the joined text
    (the text followed by one more separator)."""
    total = list(accumulate(map(len, blocks), initial=0))
    # Block i starts at total[i] + 2 * i; past the last block this counts a
    # separator that is not there, on both sides alike, so shifts stay right.
    return lambda i: total[i] + 2 * i


#: A region parsed: the region, its inner clauses, their outline, the preamble and
#: epilogue of its text.
Piece = tuple[Region, list["Clause"], Outline, str, str]


def changed_ranges(
    spans: list[tuple[int, int, int, int]],
    old_at: Callable[[int], int],
    new_at: Callable[[int], int],
    blocks: tuple[Sequence[str], Sequence[str]] | tuple[Sequence[bytes], Sequence[bytes]],
) -> tuple[list[tuple[int, int, int, int]], Callable[[int], int]]:
    """The offsets (old start, old end, new start, new end) of the changed spans of
    blocks, and a function from an offset in the old text outside them to the
    same place in the new text. Inside a span whose blocks keep their number of
    lines (``blocks``: the old and new blocks; words changed within lines), the
    start of a line goes to the start of the same line: a clause that starts
    there, after a line of the span reworded to another length, is found where
    it now is."""
    ranges = [
        (old_at(o_lo), old_at(o_hi), new_at(n_lo), new_at(n_hi)) for o_lo, o_hi, n_lo, n_hi in spans
    ]
    steps: list[tuple[int, int, int, int]] = []  # the ranges, by line where they can be
    for span, whole in zip(spans, ranges, strict=True):
        lines = _line_ranges(span, blocks, old_at, new_at)
        steps.extend([whole] if lines is None else lines)
    ends = [r[1] for r in steps]
    shifts = list(accumulate((r[3] - r[2]) - (r[1] - r[0]) for r in steps))

    def to_new(pos: int) -> int:
        k = bisect_right(ends, pos)
        return pos + (shifts[k - 1] if k else 0)

    return ranges, to_new


def _line_ranges(
    span: tuple[int, int, int, int],
    blocks: tuple[Sequence[str], Sequence[str]] | tuple[Sequence[bytes], Sequence[bytes]],
    old_at: Callable[[int], int],
    new_at: Callable[[int], int],
) -> list[tuple[int, int, int, int]] | None:
    """The lines of a span that differ, as ranges, when its blocks keep their number of
    lines; else None."""
    lines = _changed_lines(span, blocks[0], blocks[1], old_at, new_at)
    if lines is None:
        return None
    return [(at, at + len(old), new, new + len(line)) for at, new, old, line in lines]


def _changed_lines(
    span: tuple[int, int, int, int],
    old_blocks: Sequence[str] | Sequence[bytes],
    new_blocks: Sequence[str] | Sequence[bytes],
    old_at: Callable[[int], int],
    new_at: Callable[[int], int] | None = None,
) -> list[tuple[int, int, str | bytes, str | bytes]] | None:
    """The lines a span of blocks changes, when each block keeps its number of lines:
    (old offset, new offset (0 without ``new_at``), old line, new line) of each; else
    None (blocks added or removed, lines gained or lost)."""
    o_lo, o_hi, n_lo, n_hi = span
    if o_hi - o_lo != n_hi - n_lo or o_hi == o_lo:
        return None
    found = []
    for o, n in zip(range(o_lo, o_hi), range(n_lo, n_hi), strict=True):
        old_lines = _split_lines(old_blocks[o])
        new_lines = _split_lines(new_blocks[n])
        if len(old_lines) != len(new_lines):
            return None
        at, new = old_at(o), (0 if new_at is None else new_at(n))
        for old_line, new_line in zip(old_lines, new_lines, strict=True):
            if old_line != new_line:
                found.append((at, new, old_line, new_line))
            at += len(old_line) + 1
            new += len(new_line) + 1
    return found


def regions_to_parse(
    ranges: Sequence[tuple[int, int, int, int]], starts: list[int], outline: Outline
) -> list[Region]:
    """The regions to parse again: each changed range widened to whole top-level
    groups of the old text's clauses (``starts``: where each begins, then where the
    last ends), overlapping ones joined."""
    n = len(outline)
    regions: list[Region] = []
    for a, b, _, _ in ranges:
        first = max(bisect_right(starts, a) - 1, 0)
        last = min(max(bisect_right(starts, max(a, b - 1)) - 1, first), n - 1)
        region = Region(group_before(outline, first), group_after(outline, last))
        if regions and region.lo < regions[-1].hi:
            regions[-1].hi = max(regions[-1].hi, region.hi)
        else:
            regions.append(region)
    return regions


def parse_regions(
    regions: list[Region], parse_region: Callable[[Region], Piece | None]
) -> list[Piece] | None:
    """Each region parsed; regions that grew into each other parsed again as one
    (sharing an edge clause is fine). None when one cannot be trusted."""
    merged: list[Piece] = []
    for region in regions:
        piece = parse_region(region)
        if piece is None:
            return None
        while merged and piece[0].lo < merged[-1][0].hi:
            prior = merged.pop()[0]
            again = parse_region(Region(min(prior.lo, piece[0].lo), max(prior.hi, piece[0].hi)))
            if again is None:
                return None
            piece = again
        merged.append(piece)
    return merged


def parse_region(
    outline: Outline,
    current: list[Clause],
    region: Region,
    starts: list[int],
    to_new: Callable[[int], int],
    sizes: tuple[int, int],
    segment: Callable[[int, int], str],
) -> Piece | None:
    """Parse the new text of a region, growing it until its unchanged edges
    parse as they did: (region, inner clauses, their outline, preamble, epilogue).
    ``sizes``: the old and new text's lengths; ``segment(begin, end)``: a part of
    the new text."""
    n = len(current)
    for _ in range(WIDEN):
        lo, hi = region.lo, region.hi
        begin = 0 if lo < 0 else starts[lo]
        end = starts[hi + 1] if hi < n else sizes[0]
        new_begin = 0 if lo < 0 else to_new(begin)
        new_end = sizes[1] if hi >= n else to_new(end)
        doc, found_outline = parse_outline(segment(new_begin, new_end), labels=False)
        found = list(doc.clauses)
        inner_lo = 0 if lo < 0 else 1
        inner_hi = len(found) - (0 if hi >= n else 1)
        if inner_hi >= inner_lo and _edges_hold(current, region, doc, found, found_outline):
            return (
                region,
                found[inner_lo:inner_hi],
                found_outline[inner_lo:inner_hi],
                doc.preamble,
                doc.epilogue,
            )
        if lo < 0 and hi >= n:
            return None
        region = Region(
            -1 if lo < 0 else group_before(outline, lo),
            n if hi >= n else group_after(outline, hi),
        )
    return None


#: What may give a line its block structure: indentation, quote markers, a list
#: marker, heading hashes. A line that keeps all that and the letter after it
#: cannot change how it or its neighbours parse, whatever else changes in it
#: (short of a table's "|" or a line break).
_STRUCTURE_RE = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?")
#: The kinds of clause whose words :func:`line_edits` rewords in place.
WORD_KINDS = (ClauseKind.PARAGRAPH, ClauseKind.ITEM, ClauseKind.HEADING)


def line_edits(
    clauses: Sequence[Clause],
    old_blocks: Sequence[str] | Sequence[bytes],
    new_blocks: Sequence[str] | Sequence[bytes],
    spans: list[tuple[int, int, int, int]],
    old_at: Callable[[int], int],
    starts: list[int],
) -> tuple[dict[int, Clause], set[int]]:
    """The changed spans that only reword words inside lines of paragraphs,
    list items and headings: those clauses reworded (by old index), and the
    numbers of the spans they account for. The blocks are text or UTF-8 bytes;
    ``starts`` (where each clause starts, then where the last ends) and ``old_at``
    count in the same units.

    A reworded clause keeps its ``parts`` (the plain text's sources) where they are
    its Markdown (a paragraph, most items) or its line without the hashes (a heading
    written with them); elsewhere it has none (only a parse gives them), and
    :attr:`Parsed.document` parses its group again."""
    lines_of: dict[int, dict[int, str]] = {}
    handled: set[int] = set()
    for number, span in enumerate(spans):
        found = _span_lines(clauses, old_blocks, new_blocks, span, old_at, starts)
        if found is not None:
            handled.add(number)
            for k, line_no, line in found:
                lines_of.setdefault(k, {})[line_no] = line
    edited: dict[int, Clause] = {}
    for k, lines in lines_of.items():
        clause = _reworded(clauses[k], lines)
        if clause is None:
            return {}, set()  # let the regions parse it all
        edited[k] = clause
    return edited, handled


def _split_lines(block: str | bytes) -> Sequence[str | bytes]:
    return block.split("\n") if isinstance(block, str) else block.split(b"\n")


def _span_lines(
    clauses: Sequence[Clause],
    old_blocks: Sequence[str] | Sequence[bytes],
    new_blocks: Sequence[str] | Sequence[bytes],
    span: tuple[int, int, int, int],
    old_at: Callable[[int], int],
    starts: list[int],
) -> list[tuple[int, int, str]] | None:
    """(clause index, line of its body, new line) for each line a span rewords;
    None if the span does anything else."""
    lines = _changed_lines(span, old_blocks, new_blocks, old_at)
    if lines is None:
        return None
    found = []
    for at, _, old_line, new_line in lines:
        place = _reworded_line(clauses, starts, at, old_line, new_line)
        if place is None:
            return None
        found.append(place)
    return found


def _reworded_line(
    clauses: Sequence[Clause],
    starts: list[int],
    at: int,
    old_raw: str | bytes,
    new_raw: str | bytes,
) -> tuple[int, int, str] | None:
    encoded = isinstance(old_raw, bytes)  # offsets count bytes
    try:
        old_line = old_raw.decode("utf-8") if isinstance(old_raw, bytes) else old_raw
        new_line = new_raw.decode("utf-8") if isinstance(new_raw, bytes) else new_raw
    except UnicodeDecodeError:
        return None
    if not _keeps_structure(old_line, new_line):
        return None
    k = bisect_right(starts, at) - 1
    if not 0 <= k < len(clauses):
        return None
    clause = clauses[k]
    if clause.kind not in WORD_KINDS or any(kind != "inline" for kind, _ in clause.parts):
        return None
    if encoded:
        body_at = starts[k] + len(clause.lead.encode("utf-8"))
        body = clause.body.encode("utf-8")
        if not body_at <= at < body_at + len(body):
            return None
        return k, body[: at - body_at].count(b"\n"), new_line
    body_at = starts[k] + len(clause.lead)
    if not body_at <= at < body_at + len(clause.body):
        return None
    return k, clause.body[: at - body_at].count("\n"), new_line


def _keeps_structure(old_line: str, new_line: str) -> bool:
    """Whether a line changed into another keeps what gives it its block structure
    (:data:`_STRUCTURE_RE`) and the letter after it, with no table's "|" and no
    carriage return in either: then it parses as before, and so do its neighbours."""
    if "\r" in old_line or "\r" in new_line or "|" in old_line or "|" in new_line:
        return False
    structure = _STRUCTURE_RE.match(old_line)  # always matches: every part is optional
    q = structure.end() if structure else 0
    return q < len(old_line) and old_line[q].isalpha() and new_line[: q + 1] == old_line[: q + 1]


def reworded_in_place(clause: Clause, source: str) -> Clause | None:
    """``clause`` with ``source`` for its source, made without parsing, when only words
    inside lines of its body changed, each line keeping its structure (as
    :func:`line_edits` takes them), and the sources of its plain text are its Markdown
    (a paragraph, most items) or its line without the hashes (a heading written with
    them): the clause a parse of the whole text gives, every other
    clause of it staying as it was. None otherwise (a parse must tell), and where either
    source holds "]:" (a link reference definition may come or go)."""
    if clause.kind not in WORD_KINDS or any(kind != "inline" for kind, _ in clause.parts):
        return None
    if "]:" in source or "]:" in clause.source:
        return None
    old_lines = clause.source.split("\n")
    new_lines = source.split("\n")
    if len(old_lines) != len(new_lines):
        return None
    first = clause.lead.count("\n")  # the body's first line
    size = clause.body.count("\n") + (not clause.eol)  # and how many it has
    lines: dict[int, str] = {}
    for at, (old_line, new_line) in enumerate(zip(old_lines, new_lines, strict=True)):
        if old_line != new_line:
            if not (first <= at < first + size and _keeps_structure(old_line, new_line)):
                return None
            lines[at - first] = new_line
    made = _reworded(clause, lines)
    if made is None or not made.parts or made.source != source:
        return None
    return made


def _reworded(clause: Clause, lines: dict[int, str]) -> Clause | None:
    """The clause with some lines of its body replaced (their structure kept)."""
    body = clause.body[: len(clause.body) - len(clause.eol)].split("\n")
    for line_no, line in lines.items():
        body[line_no] = line
    if not body[0].startswith(clause.prefix):
        return None
    content = [body[0][len(clause.prefix) :]]
    for cut, line in zip(clause.indents, body[1:], strict=True):
        if line[:cut].strip(" "):
            return None
        content.append(line[cut:])
    reworded = "\n".join(content)
    # A paragraph (or an item's) whose one inline source is its Markdown keeps it so
    # when words change inside its lines, the start of each kept: a parse would
    # find the new words, unless an end now is white space (the parser trims it) or
    # a NUL (it reads another character).
    # A heading's is its line without the hashes (:func:`heading_source`).
    parts: tuple[TextPart, ...] = ()
    if "\0" in reworded:
        pass
    elif clause.parts == (("inline", (clause.content,)),) and reworded == reworded.strip():
        parts = (("inline", (reworded,)),)
    elif clause.kind is ClauseKind.HEADING and clause.parts == (
        ("inline", (heading_source(clause.content, clause.level),)),
    ):
        text = heading_source(reworded, clause.level)
        if text is not None:
            parts = (("inline", (text,)),)
    if parts and clause.kind is not ClauseKind.ITEM and not has_words(parts):
        return None  # no longer a clause: the words left are layout ("{#a}", tags)
    return replace(clause, content=reworded, parts=parts)


def heading_source(line: str, level: int) -> str | None:
    """The inline source of an ATX heading of ``level`` written on ``line`` (without
    indentation), as CommonMark reads it: the text between the opening hashes and a
    closing run of hashes after a space, white space around it taken off. None when the
    line is no such heading, and when the text ends in white space other than spaces and
    tabs (which parsers of different versions trim differently)."""
    if "\n" in line or line[:level] != "#" * level or line[level : level + 1] not in " \t":
        return None
    end = len(line.rstrip(" \t"))
    closing = len(line[:end].rstrip("#"))
    if closing > level and line[closing - 1] in " \t":
        end = closing
    text = line[level:end].strip(" \t")
    return text if text == text.strip() else None


def _edges_hold(
    current: list[Clause], region: Region, doc: Document, found: list[Clause], outline: Outline
) -> bool:
    """Whether the region's unchanged edge clauses parsed as they are (as
    ``current`` has them: with the words changed in place outside regions)."""
    n = len(current)
    if region.lo >= 0:
        before = current[region.lo]
        if not (
            found
            and doc.preamble == before.lead
            and _same(found[0], before)
            and found[0].gap == before.gap  # blank lines gained after it are its own
            and starts_top_level_group(outline, 0)
        ):
            return False
    if region.hi < n:
        after = current[region.hi]
        if not (
            found
            and doc.epilogue == after.gap
            and _same(found[-1], after)
            and found[-1].lead == after.lead
            and starts_top_level_group(outline, len(found) - 1)
        ):
            return False
    return True
