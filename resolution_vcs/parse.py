"""Markdown in, clauses out, and back: ``render(parse(text)) == text`` for any text.

markdown-it-py finds the blocks and their source lines; this module cuts the
source into clauses along those lines and never rewrites a byte. Labels (the
positions people cite) are computed here; ids are assigned by :mod:`ids`.

Label rules (docs/clauses.md has the full text):

* numbered list items carry their number as written ("5"), nested ones the
  path of numbers ("2.1"); a top-level number that occurs in two lists is qualified
  by the paragraph that introduces its list ("¶12.3");
* other top-level clauses are counted "¶1", "¶2", ... in document order;
* bulleted items are numbered under the clause that owns their list: the list
  item they are nested in, else the paragraph that introduces the list
  ("¶12.2" is the second bullet after paragraph 12), else "•2";
* a block that follows a nested list inside a list item is "<item>¶<n>".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .collect import paused
from .markdown import ChunkCache, References, TextPart, may_have_words, token_runs
from .model import Clause, ClauseKind, Document, sharing_content
from .text import lazy_pattern

if TYPE_CHECKING:
    from markdown_it.token import Token

#: A CommonMark list marker at the start of an item's first line.
_MARKER_RE = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|(?=\n)|$)")
#: A pandoc fenced-div fence: layout, not words.
_fence_div_re = lazy_pattern(r"^\s*:{3,}\s*(\{[^}]*\}|[\w-]+)?\s*:*\s*$")
_TAG_RE = re.compile(r"<[^>]*>")
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


@dataclass(eq=False, slots=True)
class _Block:
    """A clause being built: its kind, its own lines, and its place in the lists."""

    kind: ClauseKind
    start: int
    end: int  # exclusive line index; trimmed of trailing blank lines later
    depth: int = 0
    parent: _Block | None = None
    ordered: bool = False
    #: Rendered number of an ordered item, 1-based index of a bullet or of a
    #: block after a nested list.
    number: int = 0
    after_list: bool = False
    level: int = 0
    body_closed: bool = False
    always_visible: bool = False
    #: Blocks after a nested list inside this item are counted from 2.
    after_count: int = 1
    parts: list[TextPart] = field(default_factory=list)
    #: Set by :func:`_labels`: the label and the visible number path.
    label: str = ""
    path: str = ""


@dataclass(eq=False)
class _ListCtx:
    """An open list while the tokens are read: its kind, first number, items so far."""

    ordered: bool
    start: int
    count: int = 0


#: The structure behind a document's labels: one opaque entry per clause, in
#: order (see :func:`parse_outline`).
Outline = list["_Block"]


def parse(text: str, cache: ChunkCache | None = None) -> Document:
    """Split Markdown into clauses. Never reformats: ``parse(t).render() == t``.

    ``cache`` (a dict) shares parsed chunks between calls, e.g. between two
    versions of one document; by default a process-wide cache is used.
    """
    return parse_outline(text, cache)[0]


def parse_outline(
    text: str, cache: ChunkCache | None = None, *, labels: bool = True
) -> tuple[Document, Outline]:
    """:func:`parse`, and the outline its labels were computed from.

    Outlines of parts of a document can be spliced together (whole top-level
    lists at a time) and labelled again with :func:`outline_labels`: this is
    how a long history is read without parsing every version whole. With
    ``labels=False`` the clauses' labels are left empty (a part of a document
    has no labels of its own).
    """
    with paused():
        return _parse_outline(text, cache, labels)


def _parse_outline(text: str, cache: ChunkCache | None, labels: bool) -> tuple[Document, Outline]:
    offsets = _line_offsets(text)
    n_lines = len(offsets) - 1
    # The tokens a run at a time (each run whole blocks): never all at once.
    env: dict[str, Any] = {}
    blocks = [
        b
        for tokens, shifts in token_runs(text, offsets, env, cache)
        for b in _collect_blocks(tokens, shifts)
        if b.always_visible or has_words(b.parts)
    ]
    refs = References(env)
    if not blocks:
        return Document(clauses=(), preamble=text), []
    for b in blocks:
        b.end = _trim_blank(text, offsets, b.start, min(b.end, n_lines))
    if labels:
        names, numbers = _labels(blocks)
    else:
        names, numbers = [""] * len(blocks), _numbers(blocks)
    parents = clause_parents(blocks)

    # The lines between one clause's body and the next: leading blank lines are
    # the first clause's gap, the rest (anchors, fences, rules) the next one's lead.
    leads = [""] * len(blocks)
    gaps = [""] * len(blocks)
    for i in range(1, len(blocks)):
        prev_end, start = blocks[i - 1].end, blocks[i].start
        first = prev_end
        while first < start and _is_blank(text, offsets, first):
            first += 1
        gaps[i - 1] = text[offsets[prev_end] : offsets[first]]
        leads[i] = text[offsets[first] : offsets[start]]

    clauses = []
    shared_refs = refs if refs.env else None
    for i, b in enumerate(blocks):
        body = text[offsets[b.start] : offsets[b.end]]
        clauses.append(
            _make_clause(b, body, leads[i], gaps[i], names[i], numbers[i], parents[i], shared_refs)
        )
        b.parts = []  # the clause has them (sharing its content): not kept twice
    document = Document(
        clauses=tuple(clauses),
        preamble=text[: offsets[blocks[0].start]],
        epilogue=text[offsets[blocks[-1].end] :],
    )
    return document, blocks


def outline_labels(outline: Outline) -> list[str]:
    """The label of every clause of an outline (the same rules as :func:`parse`)."""
    return _labels(outline)[0]


def labelled(clauses: Sequence[Clause], outline: Outline) -> tuple[Clause, ...]:
    """Clauses spliced together from parses of parts of one text (``outline`` their
    outline, spliced alike), with the labels, numbers and parents :func:`parse` gives
    them in the whole text. A clause that keeps all three is returned as it is."""
    if len(clauses) != len(outline):
        raise ValueError("one outline entry per clause is needed")
    names, numbers = _labels(outline)
    out = list(clauses)
    for k, parent in enumerate(clause_parents(outline)):
        clause = out[k]
        if clause.label != names[k] or clause.number != numbers[k] or clause.parent != parent:
            out[k] = _placed(clause, names[k], numbers[k], parent)
    return tuple(out)


def outline_of(document: Document) -> Outline | None:
    """The outline a whole parse of ``document``'s text gives, made again from its
    clauses alone, without parsing: kinds and parents as they are, ordered items by
    their markers, the numbers of items and of blocks after a nested list read off
    their labels. None when that outline does not give the clauses back their labels,
    numbers and parents (a document that is not a whole parse's)."""
    blocks: Outline = []
    for k, clause in enumerate(document.clauses):
        if clause.parent is not None and not 0 <= clause.parent < k:
            return None
        parent = None if clause.parent is None else blocks[clause.parent]
        block = _Block(clause.kind, 0, 0, clause.depth, parent, level=clause.level)
        if clause.kind is ClauseKind.ITEM or parent is not None:
            found = _LABEL_NUMBER_RE.search(clause.label)
            if found is None:
                return None
            block.number = int(found.group(1))
            block.ordered = clause.prefix.lstrip(" \t")[:1].isdigit()
            block.after_list = clause.kind is not ClauseKind.ITEM
            block.always_visible = not block.after_list
        blocks.append(block)
    names, numbers = _labels(blocks)
    clauses = document.clauses
    if (
        any(c.label != n for c, n in zip(clauses, names, strict=True))
        or any(c.number != n for c, n in zip(clauses, numbers, strict=True))
        or any(c.parent != p for c, p in zip(clauses, clause_parents(blocks), strict=True))
    ):
        return None
    return blocks


#: The number a label ends in (before the "#2" that tells repeated labels apart).
_LABEL_NUMBER_RE = re.compile(r"(\d+)(?:#\d+)?$")


def clause_parents(outline: Outline) -> list[int | None]:
    """Each clause's parent: the index in ``outline`` of its nearest ancestor there
    (None for a clause none of whose ancestors is in it)."""
    position = {id(b): i for i, b in enumerate(outline)}
    parents: list[int | None] = []
    for b in outline:
        parent = None
        ancestor = b.parent
        while ancestor is not None and parent is None:
            parent = position.get(id(ancestor))
            ancestor = ancestor.parent
        parents.append(parent)
    return parents


def _placed(clause: Clause, label: str, number: str, parent: int | None) -> Clause:
    """A copy of a clause with another label, number and parent (without running the
    constructor; what it has computed of its own text stays valid)."""
    new = object.__new__(Clause)
    fields = new.__dict__
    fields.update(clause.__dict__)
    fields["label"], fields["number"], fields["parent"] = label, number, parent
    return new


def starts_top_level_group(blocks: Outline | Sequence[Clause], index: int) -> bool:
    """Whether clause ``index`` (of an outline or of a document's clauses) opens a
    group of clauses that parses alone: a top-level clause that is not a list item
    (lists, with all their items and what is nested in them, lie between such clauses)."""
    block = blocks[index]
    return block.parent is None and block.kind is not ClauseKind.ITEM


def group_before(blocks: Outline | Sequence[Clause], index: int) -> int:
    """The start of the top-level group before the one holding clause ``index`` (-1: none):
    where a region of the text around that clause can begin and parse alone."""
    k = index - 1
    while k >= 0 and not starts_top_level_group(blocks, k):
        k -= 1
    return k


def group_after(blocks: Outline | Sequence[Clause], index: int) -> int:
    """The first clause after ``index`` that starts a top-level group (len: none)."""
    k = index + 1
    while k < len(blocks) and not starts_top_level_group(blocks, k):
        k += 1
    return k


def render(document: Document) -> str:
    """The document's Markdown (the inverse of :func:`parse`)."""
    return document.render()


def _line_offsets(text: str) -> list[int]:
    """Start offset of every line, plus ``len(text)`` as the end of the last one.

    Lines end where markdown-it ends them: at "\\n", "\\r\\n" or a lone "\\r"
    (not at the other characters ``str.splitlines`` breaks on).
    """
    offsets = [0]
    if "\r" in text:
        offsets.extend(m.end() for m in _NEWLINE_RE.finditer(text))
    else:
        find = text.find
        pos = find("\n")
        while pos != -1:
            offsets.append(pos + 1)
            pos = find("\n", pos + 1)
    if offsets[-1] != len(text):
        offsets.append(len(text))
    return offsets


def _is_blank(text: str, offsets: list[int], line: int) -> bool:
    return not text[offsets[line] : offsets[line + 1]].strip(" \t\n")


def _trim_blank(text: str, offsets: list[int], start: int, end: int) -> int:
    while end > start + 1 and _is_blank(text, offsets, end - 1):
        end -= 1
    return end


def has_words(parts: Sequence[TextPart]) -> bool:
    """Whether a block shows any words (else it is layout: an anchor, a fence, a tag)."""
    for kind, sources in parts:
        for source in sources:
            if kind == "literal":
                if any(
                    line.strip() and not _fence_div_re().match(line) for line in source.split("\n")
                ):
                    return True
            elif may_have_words(source):
                return True
    return False


_ATOMIC = {
    "table_open": ClauseKind.TABLE,
    "blockquote_open": ClauseKind.QUOTE,
}
_LEAF = {
    "fence": ClauseKind.CODE,
    "code_block": ClauseKind.CODE,
    "html_block": ClauseKind.HTML,
    "hr": ClauseKind.PARAGRAPH,
}


_LIST_OPEN = frozenset(("bullet_list_open", "ordered_list_open"))
_LIST_CLOSE = frozenset(("bullet_list_close", "ordered_list_close"))


def _collect_blocks(tokens: list[Token], shifts: list[int]) -> list[_Block]:
    """Walk the block tokens once and return the would-be clauses in order.

    ``shifts[i]`` is added to ``tokens[i].map`` (tokens are parsed per chunk).
    """
    blocks: list[_Block] = []
    lists: list[_ListCtx] = []
    items: list[_Block] = []
    level = 0  # the token level of a block directly at clause level: len(lists) + len(items)
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        typ = t.type
        shift = shifts[i]
        if typ in _LIST_OPEN:
            if items and not items[-1].body_closed:
                items[-1].end = t.map[0] + shift if t.map else items[-1].end
                items[-1].body_closed = True
            ordered = typ == "ordered_list_open"
            start = int(t.attrs.get("start", 1)) if ordered else 1
            lists.append(_ListCtx(ordered=ordered, start=start))
            level += 1
        elif typ in _LIST_CLOSE:
            lists.pop()
            level -= 1
        elif typ == "list_item_open":
            ctx = lists[-1]
            if ctx.ordered:
                # The number as written: the one people see (a renderer would count on
                # from the list's first number whatever the later items say).
                number = int(t.info) if t.info.isdigit() else ctx.start + ctx.count
            else:
                number = ctx.count + 1
            ctx.count += 1
            assert t.map is not None
            item = _Block(
                ClauseKind.ITEM,
                t.map[0] + shift,
                t.map[1] + shift,
                depth=len(lists) - 1,
                parent=items[-1] if items else None,
                ordered=ctx.ordered,
                number=number,
                always_visible=True,
            )
            blocks.append(item)
            items.append(item)
            level += 1
        elif typ == "list_item_close":
            items.pop()
            level -= 1
        elif t.nesting >= 0 and t.map is not None and t.level == level:
            # A block at clause level: top level, or directly inside a list item.
            j, parts = _block_text(tokens, i)
            if items and not items[-1].body_closed:
                items[-1].parts.extend(parts)  # part of the item's own body
            else:
                kind = _kind(t)
                block = _Block(kind, t.map[0] + shift, t.map[1] + shift, parts=parts)
                if t.type == "heading_open":
                    block.level = int(t.tag[1:])
                if items:
                    owner = items[-1]
                    owner.after_count += 1
                    block.parent, block.depth = owner, owner.depth + 1
                    block.after_list = True
                    block.number = owner.after_count
                blocks.append(block)
            i = j
        i += 1
    return blocks


def _kind(t: Token) -> ClauseKind:
    if t.type == "heading_open":
        return ClauseKind.HEADING
    if t.type == "paragraph_open":
        return ClauseKind.PARAGRAPH
    return _ATOMIC.get(t.type) or _LEAF.get(t.type) or ClauseKind.PARAGRAPH


def _block_text(tokens: list[Token], i: int) -> tuple[int, list[TextPart]]:
    """Where the plain text of the block opened at ``tokens[i]`` comes from;
    returns the index of the block's last token too."""
    t = tokens[i]
    if t.nesting == 0:
        if t.type in ("fence", "code_block"):
            return i, [("literal", (t.content,))]
        if t.type == "html_block":
            return i, [("literal", (_TAG_RE.sub("", t.content),))]
        return i, []  # hr and other leaves without words
    close = t.type[: -len("_open")] + "_close"
    level = t.level
    following = tokens[i + 1]
    if following.type == "inline":  # a paragraph's or a heading's one inline, most often
        end = tokens[i + 2]
        if end.type == close and end.level == level:
            return i + 2, [("inline", (following.content,))]
    parts: list[TextPart] = []
    row: list[str] | None = None
    j = i + 1
    while True:
        tj = tokens[j]
        typ = tj.type
        if typ == "inline":
            if row is not None:
                row.append(tj.content)
            else:
                parts.append(("inline", (tj.content,)))
        elif typ == close and tj.level == level:
            return j, parts
        elif typ == "tr_open":
            row = []
        elif typ == "tr_close":
            if row is not None:
                parts.append(("row", tuple(row)))
                row = None
        elif typ == "fence" or typ == "code_block":
            parts.append(("literal", (tj.content,)))
        j += 1


def _labels(blocks: list[_Block]) -> tuple[list[str], list[str]]:
    """Labels and visible number paths, in the rules of the module docstring.

    Each block keeps its label and number path for its children to read
    (``label``/``path``): a parent always comes before its children.
    """
    labels: list[str] = []
    numbers: list[str] = []
    owner_label: str | None = None
    top_numbers: set[str] = set()
    paragraph_count = 0
    item = ClauseKind.ITEM
    for b in blocks:
        parent = b.parent
        if parent is not None:
            parent_label: str | None = parent.label
            parent_number = parent.path
        else:
            parent_label, parent_number = None, ""
        if b.kind is item:
            if b.ordered:
                number = f"{parent_number}.{b.number}" if parent_number else str(b.number)
            else:
                number = parent_number
            if parent_label is not None:
                label = f"{parent_label}.{b.number}"
            elif b.ordered:
                label = str(b.number)
                if label in top_numbers and owner_label is not None:
                    label = f"{owner_label}.{b.number}"
                top_numbers.add(str(b.number))
            elif owner_label is not None:
                label = f"{owner_label}.{b.number}"
            else:
                label = f"•{b.number}"
        else:
            number = parent_number
            if b.after_list and parent_label is not None:
                label = f"{parent_label}¶{b.number}"
            else:
                paragraph_count += 1
                label = f"¶{paragraph_count}"
                owner_label = label
        b.label = label
        b.path = number
        labels.append(label)
        numbers.append(number)
    # Anything still repeated (a list with no paragraph before it) gets "#2", "#3".
    if len(set(labels)) != len(labels):
        counts: dict[str, int] = {}
        for k, label in enumerate(labels):
            counts[label] = counts.get(label, 0) + 1
            if counts[label] > 1:
                labels[k] = f"{label}#{counts[label]}"
    return labels, numbers


def _numbers(blocks: list[_Block]) -> list[str]:
    """The visible number paths alone (what :func:`_labels` computes besides labels)."""
    numbers: list[str] = []
    for b in blocks:
        parent_number = b.parent.path if b.parent is not None else ""
        if b.kind is ClauseKind.ITEM and b.ordered:
            number = f"{parent_number}.{b.number}" if parent_number else str(b.number)
        else:
            number = parent_number
        b.path = number
        numbers.append(number)
    return numbers


def _make_clause(
    b: _Block,
    body: str,
    lead: str,
    gap: str,
    label: str,
    number: str,
    parent: int | None,
    refs: References | None,
) -> Clause:
    if body.endswith("\n"):
        raw, eol = body[:-1], "\n"
    else:
        raw, eol = body, ""
    if b.kind is ClauseKind.ITEM:
        m = _MARKER_RE.match(raw)
        prefix = m.group(0) if m else ""
        stripped = prefix.rstrip(" \t")
        if len(prefix) - len(stripped) > 4:  # content is indented code: marker + one space
            prefix = stripped + prefix[len(stripped)]
    else:
        prefix = raw[: len(raw) - len(raw.lstrip(" "))]
    content, indents = _content(raw, len(prefix))
    return _new_clause(
        {
            "id": "",
            "label": label,
            "kind": b.kind,
            "content": content,
            "lead": lead,
            "prefix": prefix,
            "indents": indents,
            "eol": eol,
            "gap": gap,
            "depth": b.depth,
            "parent": parent,
            "number": number,
            "level": b.level,
            "parts": sharing_content(tuple(b.parts), content),
            "refs": refs,
        }
    )


def _content(raw: str, col: int) -> tuple[str, tuple[int, ...]]:
    """:func:`_cut_indents`, at once where a clause is one line (most clauses) or has
    no indentation to take off its lines after the first (all but list items)."""
    if "\n" not in raw:
        return raw[col:], ()
    if not col:
        return raw, (0,) * raw.count("\n")
    return _cut_indents(raw, col)


def _cut_indents(raw: str, col: int) -> tuple[str, tuple[int, ...]]:
    """A clause's body without its first ``col`` characters (its prefix) and without
    up to ``col`` spaces at the start of each line after the first: its content, and
    how many spaces were taken off each of those lines."""
    lines = raw[col:].split("\n")
    cuts: list[int] = []
    for k in range(1, len(lines)):
        line = lines[k]
        cut = min(len(line) - len(line.lstrip(" ")), col)
        cuts.append(cut)
        lines[k] = line[cut:]
    return "\n".join(lines), tuple(cuts)


def _new_clause(fields: dict[str, Any]) -> Clause:
    """``Clause(**fields)`` (every field given), made without the constructor of a frozen
    dataclass, which sets each field through ``object.__setattr__``: a long document
    makes thousands of clauses."""
    clause = object.__new__(Clause)
    clause.__dict__.update(fields)
    return clause
