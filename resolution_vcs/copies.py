"""Edited copies: what to propose when an editor hands in a copy of the text.

:func:`resolution_vcs.amend.operations_from_copy` splits a copy into amendments exactly: one
per changed clause, and accepting them all gives the copy byte for byte. A copy that went
through a word processor or was wrapped anew differs from the text in much that is not its
editor's proposal, and an exact split turns each such difference into an amendment.
:func:`plan_copy` chooses:

- **Words** (the default). Only changes of words are proposed; what else the copy changed
  is left aside and counted by clause: line breaks inside a paragraph and runs of spaces
  (wrapping), quotes, dashes, non-breaking spaces and ellipses (typography, see
  :mod:`resolution_vcs.typography`), markup and layout lines that leave a clause reading as
  it did (layout), and list numbers (numbering). The copy is first given back the current
  text's form, clause by clause: a clause whose words did not change is taken as the
  current text has it; in a clause whose words changed, the words that stay are written as
  the current text writes them, the new words as the copy writes them, except that a quote,
  dash or ellipsis the copy always writes for one character of the text becomes that
  character, and no line break is put into a paragraph that has none; the clause keeps its
  layout lines, marker and blank lines. A moved clause, and one that changed its kind or
  level, takes the copy's. The copy in that form is then split exactly.
- **Exact.** Everything is proposed, so that accepting every amendment gives the copy byte
  for byte; the changes that leave their clauses reading as they did (layout: anchors, markup,
  the opening and closing matter) are one amendment for the whole copy, not one per clause.

Pure: strings and documents, no git.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import field, replace

from .amend import EPILOGUE, PREAMBLE, Operation, OpKind, operations_from_document
from .diff import ChangeKind, ClauseChange, InlineOp, diff
from .frozen import frozen
from .ids import carry_ids, with_ids
from .model import Clause, Document
from .parse import parse
from .typography import EVERYTHING, LAYOUT, NUMBERING, Styles, folded, tokens

#: White space with a line break in it, within new words put into a one-line paragraph.
_LINE_BREAK_RE = re.compile(r"[ \t]*\n[ \t\n]*")


@frozen
class CopyPlan:
    """The amendments to propose for an edited copy, and what was left aside."""

    #: The operations of each amendment, in reading order.
    groups: list[list[Operation]]
    #: How many clauses differ in each category left aside ("line breaks", "quotes",
    #: "layout", "numbering" …); empty for an exact plan.
    ignored: dict[str, int] = field(default_factory=dict)


def plan_copy(current: Document, edited_text: str, *, exact: bool = False) -> CopyPlan:
    """The amendments that turn ``current`` into the copy's Markdown ``edited_text``: its
    changes of words only, or with ``exact`` everything (module docstring). The copy is
    parsed from ``current`` (:func:`resolution_vcs.reparse.parse_next`): only where it
    differs."""
    from .reparse import Parsed, parse_next

    edited = parse_next(Parsed.of_document(current), edited_text).document
    edited = with_ids(edited, carry_ids(edited, current))
    if exact:
        return CopyPlan(_layout_together(operations_from_document(current, edited)))
    words_only, ignored = _words_only(current, edited, edited_text)
    if words_only is None:
        return CopyPlan([], ignored)
    return CopyPlan(operations_from_document(current, words_only), ignored)


def is_layout(operation: Operation) -> bool:
    """Whether an operation only changes layout: the opening or closing matter, or a
    clause's markup or layout lines, the clause reading as it did."""
    if operation.op is not OpKind.REPLACE:
        return False
    if operation.target in (PREAMBLE, EPILOGUE):
        return True
    before, after = parse(operation.base).clauses, parse(operation.new).clauses
    return len(before) == len(after) and all(
        (a.kind, a.level, a.number, a.text) == (b.kind, b.level, b.number, b.text)
        for a, b in zip(before, after, strict=True)
    )


def _layout_together(groups: list[list[Operation]]) -> list[list[Operation]]:
    """The amendments of an exact split, with every layout-only one made one amendment
    (where the first of them stood)."""
    layout = [group for group in groups if len(group) == 1 and is_layout(group[0])]
    if len(layout) < 2:
        return groups
    merged = [op for group in layout for op in group]
    out: list[list[Operation]] = []
    for group in groups:
        if group is layout[0]:
            out.append(merged)
        elif not any(group is g for g in layout):
            out.append(group)
    return out


def _words_only(
    current: Document, edited: Document, edited_text: str
) -> tuple[Document | None, dict[str, int]]:
    """The copy (with ids) with what is not a change of words put back as the current
    text has it (None: that is the current text), and how many clauses differed in each
    category left aside."""
    delta = diff(current, edited, ignore=EVERYTHING)
    styles = _styles(delta.changes)
    ignored: Counter[str] = Counter()
    kept = [c for c in delta.changes if c.new is not None]
    pieces: list[str] = []
    for n, change in enumerate(kept):
        old, new = change.old, change.new
        assert new is not None
        last = n == len(kept) - 1
        if old is None:
            pieces.append(_reindented(new, styles.apply(new.content)).source)
            continue
        ignored.update(change.ignored)
        if ChangeKind.LAYOUT in change.kinds:
            ignored[LAYOUT] += 1
        if ChangeKind.MODIFIED in change.kinds:
            content = _merged(change.ops, styles, one_line="\n" not in old.content)
        else:
            content = old.content
        if ChangeKind.MOVED in change.kinds or (old.kind, old.depth, old.level) != (
            new.kind,
            new.depth,
            new.level,
        ):
            clause = _reindented(new, content)  # a new place: the copy's marker and layout
        else:
            if old.number != new.number:
                ignored[NUMBERING] += 1
            clause = _reindented(old, content)
            if not last and old is current.clauses[-1]:  # it ended the text; now it does not
                clause = replace(clause, eol="\n", gap=new.gap)
        pieces.append(clause.source)
    if (current.preamble, current.epilogue) != (edited.preamble, edited.epilogue):
        ignored[LAYOUT] += 1
    text = current.preamble + "".join(pieces) + current.epilogue
    if text == edited_text:
        return edited, dict(ignored)
    if len(text) == len(current_text := current.render()) and text == current_text:
        return None, dict(ignored)
    words_only = parse(text)
    if not _reads_like(words_only, edited):
        return edited, {}  # could not be given the text's form: propose it as it is
    return with_ids(words_only, [c.id for c in edited.clauses]), dict(ignored)


def _styles(changes: Sequence[ClauseChange]) -> Styles:
    """How the copy writes quotes, dashes and ellipses that the current text writes otherwise."""
    styles = Styles()
    for change in changes:
        if change.old is None or change.new is None:
            continue
        if change.old.content == change.new.content:
            styles.same(change.new.content)
            continue
        for op in change.ops:
            if op.op != "equal":
                continue
            if op.old_text is None:
                styles.same(op.text)
                continue
            for copy_token, text_token in zip(
                tokens(op.text, EVERYTHING), tokens(op.old_text, EVERYTHING), strict=True
            ):
                styles.learn(copy_token, text_token)
    return styles


def _merged(ops: Sequence[InlineOp], styles: Styles, *, one_line: bool) -> str:
    """A clause's new content: the current text's characters where the words stay, the
    copy's new words (written in the text's style) where they changed."""
    parts: list[str] = []
    for op in ops:
        if op.op == "equal":
            parts.append(op.old)
        elif op.op == "insert":
            new = styles.apply(op.text)
            parts.append(_LINE_BREAK_RE.sub(" ", new) if one_line else new)
    return "".join(parts)


def _reindented(clause: Clause, content: str) -> Clause:
    """``clause`` with ``content``: its continuation lines keep their indentation when there
    are as many as before, else are indented to the marker's width."""
    if content == clause.content:
        return clause
    lines = content.split("\n")[1:]
    if len(lines) == len(clause.indents):
        return replace(clause, content=content)
    width = len(clause.prefix)
    return replace(clause, content=content, indents=tuple(width if line else 0 for line in lines))


def _reads_like(result: Document, copy: Document) -> bool:
    """Whether the copy given the text's form has the copy's clauses and words."""

    def reading(c: Clause) -> tuple[object, ...]:
        return (c.kind, c.depth, folded(c.text, EVERYTHING))

    return len(result.clauses) == len(copy.clauses) and all(
        a.source == b.source or reading(a) == reading(b)
        for a, b in zip(result.clauses, copy.clauses, strict=True)
    )
