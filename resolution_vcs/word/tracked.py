"""Amendments from a Word copy with tracked changes: who proposed what, when and why.

The copy's text with every change accepted is what the editors propose, as for
any edited copy (:func:`~resolution_vcs.amend.operations_from_copy`). Each
person's share is found by reading the copy with only that person's changes
taken: its amendments (one per changed clause, as always) are that person's,
with the date of their latest change in those clauses and, as rationale, the
Word comments attached to those changes. Differences that no tracked change
explains (the copy was edited with tracking off) are credited to the person
handing the copy in. When the people's amendments, applied together, would not
give the accepted text (two people changed the same words), the copy is split
as a whole and each amendment goes to the first person who changed its clauses,
the others named as co-sponsors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..amend import Operation, OpKind, apply, operations_from_copy, reads_as
from ..frozen import frozen
from ..ids import carry_ids, with_ids
from ..model import Document
from ..parse import parse
from .reader import (
    Change,
    Reading,
    WordDocument,
    accept_all,
    read_word,
    reject_all,
    tracked_changes,
)


@frozen
class TrackedProposal:
    """One amendment a tracked copy carries: its operations, who and when, and why."""

    operations: tuple[Operation, ...]
    author: str  # as Word names the person; "" for the one handing the copy in
    date: datetime | None
    rationale: str
    cosponsors: tuple[str, ...] = ()


def has_tracked_changes(data: bytes, *, source: str, max_bytes: int) -> bool:
    return bool(tracked_changes(data, source=source, max_bytes=max_bytes))


def tracked_proposals(
    current: Document, data: bytes, *, source: str, max_bytes: int
) -> tuple[list[TrackedProposal], WordDocument]:
    """The amendments of a copy with tracked changes, in reading order per person."""
    changes = tracked_changes(data, source=source, max_bytes=max_bytes)
    authors = list(dict.fromkeys(c.author for c in sorted(changes, key=_when)))
    readings: dict[str, Reading] = {"accepted": accept_all, "rejected": reject_all}
    for i, author in enumerate(authors):
        readings[f"person{i}"] = _only(author)
    document = read_word(data, source=source, max_bytes=max_bytes, readings=readings)
    accepted = document.readings["accepted"].markdown
    untracked = operations_from_copy(current, document.readings["rejected"].markdown)
    proposals = [TrackedProposal(tuple(g), "", None, "") for g in untracked]
    seen = {tuple(g) for g in untracked}
    for i, author in enumerate(authors):
        reading = document.readings[f"person{i}"]
        groups = operations_from_copy(current, reading.markdown)
        mine = [c for c in document.changes.values() if c.author == author]
        edited = parse(reading.markdown)
        edited = with_ids(edited, carry_ids(edited, current))
        for group in groups:
            if tuple(group) in seen:
                continue
            keys = _keys_of(group, edited, reading.blocks) or {c.key for c in mine}
            here = [c for c in mine if c.key in keys] or mine
            proposals.append(
                TrackedProposal(
                    tuple(group),
                    author,
                    max((c.date for c in here if c.date), default=None),
                    _rationale(document, here),
                )
            )
    together = apply(current, [op for p in proposals for op in p.operations])
    if together.document is not None and reads_as(together.document, parse(accepted)):
        return proposals, document
    return _as_a_whole(current, accepted, proposals), document


def _only(author: str) -> Reading:
    def take(change: Change) -> bool:
        return change.author == author

    return take


def _when(change: Change) -> tuple[bool, str]:
    return (change.date is None, change.date.isoformat() if change.date else "")


def _keys_of(group: Sequence[Operation], edited: Document, blocks: Sequence[object]) -> set[str]:
    """Keys of the tracked changes in the paragraphs of the clauses a group changes."""
    starts: list[int] = []
    line = edited.preamble.count("\n")
    for clause in edited.clauses:
        line += clause.lead.count("\n")
        starts.append(line)
        line += (clause.body + clause.gap).count("\n")
    wanted = {op.target for op in group if op.op in (OpKind.REPLACE, OpKind.MOVE)}
    ranges = [
        (starts[i], starts[i + 1] if i + 1 < len(starts) else 10**9)
        for i, c in enumerate(edited.clauses)
        if c.id in wanted
    ]
    keys: set[str] = set()
    for block in blocks:
        where = getattr(block, "line", -1)
        if any(lo <= where < hi for lo, hi in ranges):
            keys |= set(getattr(block, "keys", ()))
    return keys


def _rationale(document: WordDocument, changes: Sequence[Change]) -> str:
    ids: list[str] = []
    for change in changes:
        ids.extend(document.change_comments.get(change.key, ()))
    texts = [document.comments[i].text for i in dict.fromkeys(ids) if i in document.comments]
    return "\n\n".join(t for t in texts if t)


def _as_a_whole(
    current: Document, accepted: str, proposals: Sequence[TrackedProposal]
) -> list[TrackedProposal]:
    out = []
    for group in operations_from_copy(current, accepted):
        targets = {op.target or op.anchor for op in group}
        people = [p for p in proposals if targets & {op.target or op.anchor for op in p.operations}]
        names = list(dict.fromkeys(p.author for p in people if p.author))
        out.append(
            TrackedProposal(
                tuple(group),
                names[0] if names else "",
                max((p.date for p in people if p.date), default=None),
                "\n\n".join(dict.fromkeys(p.rationale for p in people if p.rationale)),
                tuple(names[1:]),
            )
        )
    return out
