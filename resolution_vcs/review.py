"""The chair's review of the pending amendments: each one's redline against the current
text, what accepting it would renumber and rewrite, and which amendments compete.

A module of its own: proposing and deciding amendments (:mod:`.workflow`) never
review, and a command that only records or decides does not load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .frozen import frozen
from .model import Clause, ClauseKind, Document
from .workflow import PENDING, Consequences, Numbered, load_all

if TYPE_CHECKING:
    from .amend import Applied
    from .diff import DocumentDiff
    from .operations import Operation
    from .workflow import Drafts


@frozen
class ReviewItem:
    """A pending amendment as the chair sees it: its redline against the current text,
    and what accepting it would do to the amendments competing with it."""

    amendment: Numbered
    clauses: tuple[str, ...]  # clause ids it touches, in document order
    redline: DocumentDiff | None  # None when it does not apply to the current text
    conflicts: tuple[str, ...]  # why it does not apply
    competing: tuple[tuple[Numbered, bool], ...]  # (other, still applies after this one)
    #: What accepting it would renumber and rewrite besides (empty if it does not apply).
    consequences: Consequences = Consequences()


@frozen
class Rivalry:
    """Two pending amendments that change the same words: accepting one of them
    makes the other conflicted (``first_breaks``), or the other way round
    (``second_breaks``), or both."""

    first: Numbered
    second: Numbered
    first_breaks: bool  # accepting ``first`` makes ``second`` conflicted
    second_breaks: bool  # accepting ``second`` makes ``first`` conflicted
    clauses: tuple[str, ...]  # the clauses both change, in the order of the text


@frozen
class CompetingGroup:
    """Review items that hang together by rivalries (a group of one has none).

    Only the pairs in ``rivalries`` compete: in a group held together by one
    amendment (a correction throughout the text), the others may change
    different clauses and not compete with each other at all."""

    items: tuple[ReviewItem, ...]
    rivalries: tuple[Rivalry, ...]
    #: Where they compete: the clauses the rival pairs share, in the order of the text.
    clauses: tuple[str, ...]

    def apart(self) -> list[tuple[Numbered, Numbered]]:
        """Pairs of the group that do not compete with each other."""
        rivals = {frozenset((r.first.id, r.second.id)) for r in self.rivalries}
        members = [i.amendment for i in self.items]
        return [
            (a, b)
            for k, a in enumerate(members)
            for b in members[k + 1 :]
            if frozenset((a.id, b.id)) not in rivals
        ]


def competing_groups(items: Sequence[ReviewItem]) -> list[CompetingGroup]:
    """The review items in groups: those that cannot all be accepted as they stand
    (accepting one makes another conflicted) together, with exactly which pairs
    compete, every other one alone; in the order of the items (a group stands where
    its first member does)."""
    order = {item.amendment.id: k for k, item in enumerate(items)}
    breaks = {
        (item.amendment.id, other.id)
        for item in items
        for other, still in item.competing
        if not still and other.id in order
    }
    parent = {item.amendment.id: item.amendment.id for item in items}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for winner, loser in breaks:
        parent[root(loser)] = root(winner)
    members: dict[str, list[ReviewItem]] = {}
    for item in items:
        members.setdefault(root(item.amendment.id), []).append(item)
    groups = []
    for group in members.values():
        rivalries = []
        for k, x in enumerate(group):
            for y in group[k + 1 :]:
                a, b = x.amendment, y.amendment
                there = ((a.id, b.id) in breaks, (b.id, a.id) in breaks)
                if any(there):
                    both = tuple(c for c in x.clauses if c in set(y.clauses))
                    rivalries.append(Rivalry(a, b, there[0], there[1], both))
        shared = {c for r in rivalries for c in r.clauses}
        where = dict.fromkeys(c for item in group for c in item.clauses if c in shared)
        groups.append(CompetingGroup(tuple(group), tuple(rivalries), tuple(where)))
    return groups


REVIEW_FORMAT = "1"


def review(repo: Drafts, slug: str) -> list[ReviewItem]:
    """Pending amendments in document order of the first clause they touch, each
    with its redline against the current text and the amendments it competes with.

    Kept in ``.git/resvcs/cache/review`` under the current commit, the settings it
    depends on and the code that made it: any commit (by resvcs or plain git) names
    another entry, so an entry is never served for a state it was not made for."""
    from .cache import ObjectCache, code_stamp
    from .digests import sha1

    if not repo.keep_reviews:
        return _review(repo, slug)
    head = repo.store.head()
    state = "\n".join(
        [REVIEW_FORMAT, slug, head or "", repo.config.numbering(slug), repo.language(slug)]
    )
    key = sha1(f"{state}\n{code_stamp()}".encode()).hexdigest()
    cache = ObjectCache(repo.store.git_dir / "resvcs" / "cache" / "review")
    items = cache.get(key)
    if isinstance(items, list) and all(isinstance(i, ReviewItem) for i in items):
        return items
    items = _review(repo, slug)
    cache.put(key, items)
    return items


@dataclass
class _ReviewParts:
    """What the review found for one text: per amendment (by id and operations) the
    clauses it touches, its redline, conflicts and consequences; per pair of rivals
    whether the second still applies after the first. Neither depends on the other
    pending amendments or on their statuses, so a proposal, which leaves the text as
    it is, costs the next review the new amendment and its pairs only."""

    doc: Document
    numbering: str
    items: dict[tuple[str, tuple[Operation, ...]], tuple[Any, ...]]
    still: dict[tuple[tuple[str, tuple[Operation, ...]], tuple[str, tuple[Operation, ...]]], bool]


#: The parts of the last review of each document in this process, by (.git, slug).
_LAST_REVIEW: dict[tuple[str, str], _ReviewParts] = {}


def _review_parts(repo: Drafts, slug: str, doc: Document, numbering: str) -> _ReviewParts:
    where = (str(repo.store.git_dir), slug)
    last = _LAST_REVIEW.get(where)
    if last is not None and last.numbering == numbering and (last.doc is doc or last.doc == doc):
        return last
    parts = _ReviewParts(doc, numbering, {}, {})
    _LAST_REVIEW[where] = parts
    return parts


def _review(repo: Drafts, slug: str) -> list[ReviewItem]:
    from .amend import apply, check, moved_by

    doc = repo.document(slug)
    pending = [n for n in load_all(repo, slug) if n.amendment.status in PENDING]
    position = {c.id: i for i, c in enumerate(doc.clauses)}
    items = []
    numbering = repo.config.numbering(slug)
    parts = _review_parts(repo, slug, doc, numbering)
    results: dict[str, Applied] = {}

    def applied(n: Numbered) -> Applied:
        found = results.get(n.id)
        if found is None:
            found = results[n.id] = apply(doc, n.amendment.operations, numbering=numbering)
        return found

    def key(n: Numbered) -> tuple[str, tuple[Operation, ...]]:
        return (n.id, tuple(n.amendment.operations))

    # Who competes with whom: those that touch a clause in common, found by clause.
    targets = {n.id: frozenset(n.amendment.targets) for n in pending}
    order = {n.id: i for i, n in enumerate(pending)}
    by_clause: dict[str, list[Numbered]] = {}
    for n in pending:
        for t in targets[n.id]:
            by_clause.setdefault(t, []).append(n)
    for n in pending:
        part = parts.items.get(key(n))
        if part is None:
            result = applied(n)
            part = parts.items[key(n)] = (
                tuple(
                    sorted(
                        (t for t in n.amendment.targets if t in position),
                        key=position.__getitem__,
                    )
                ),
                changed_part(doc, result.document, moved_by(n.amendment.operations))
                if result.document is not None
                else None,
                tuple(c.reason for c in result.conflicts),
                Consequences.of(result),
            )
        touched, redline, conflicts, consequences = part
        competing = []
        rivals = {o.id: o for t in targets[n.id] for o in by_clause[t] if o.id != n.id}
        for other in sorted(rivals.values(), key=lambda o: order[o.id]):
            pair = (key(n), key(other))
            still = parts.still.get(pair)
            if still is None:
                after = applied(n).document
                still = parts.still[pair] = not check(
                    doc if after is None else after, other.amendment.operations
                )
            competing.append((other, still))
        items.append(ReviewItem(n, touched, redline, conflicts, tuple(competing), consequences))
    items.sort(
        key=lambda i: (
            position.get(i.clauses[0], len(position)) if i.clauses else len(position),
            i.amendment.number,
        )
    )
    return items


def changed_part(old: Document, new: Document, moved: frozenset[str] = frozenset()) -> DocumentDiff:
    """The diff of two versions of a text over the part of it that differs: from the
    top-level group before the first clause that differs to the one after the last
    (the clauses before and after read the same in both and are left out). What
    :func:`resolution_vcs.diff.diff` says of each clause of that part, at the cost of
    the part, not of the text (a redline of one amendment to a long code)."""
    from .diff import diff

    n_old, n_new = len(old.clauses), len(new.clauses)
    most = min(n_old, n_new)
    start = 0
    if old.preamble == new.preamble:
        while start < most and _same_clause(old.clauses[start], new.clauses[start], 0):
            start += 1
        start = max(start - 1, 0)
        while start > 0 and not _opens_group(old.clauses[start]):
            start -= 1
    tail = 0
    if old.epilogue == new.epilogue:
        shift = n_new - n_old
        while tail < most - start and _same_clause(
            old.clauses[n_old - 1 - tail], new.clauses[n_new - 1 - tail], shift
        ):
            tail += 1
        tail = max(tail - 1, 0)
        while tail > 0 and not _opens_group(old.clauses[n_old - tail]):
            tail -= 1
    if start == 0 and tail == 0:
        return diff(old, new, moved)
    part = diff(
        _part(old, start, n_old - tail, start == 0, tail == 0),
        _part(new, start, n_new - tail, start == 0, tail == 0),
        moved,
    )
    if not start:
        return part
    # The clauses as the documents have them (the part's count parents from its start).
    olds = {c.id: c for c in old.clauses[start : n_old - tail]}
    news = {c.id: c for c in new.clauses[start : n_new - tail]}
    changes = tuple(
        replace(
            c,
            old=None if c.old is None else olds[c.old.id],
            new=None if c.new is None else news[c.new.id],
        )
        for c in part.changes
    )
    return replace(part, changes=changes, summary={}, ignored={})


def _same_clause(a: Clause, b: Clause, shift: int) -> bool:
    """Whether two clauses read and stand the same (``shift``: how far the clauses
    after a change moved, for the parent's index)."""
    return a is b or (
        a.id == b.id
        and a.source == b.source
        and a.label == b.label
        and a.number == b.number
        and (a.parent is None) == (b.parent is None)
        and (a.parent is None or b.parent == a.parent + shift)
    )


def _opens_group(clause: Clause) -> bool:
    """A top-level clause that is not a list item: no clause before it is the parent
    of one after it."""
    return clause.parent is None and clause.depth == 0 and clause.kind is not ClauseKind.ITEM


def _part(doc: Document, start: int, end: int, first: bool, last: bool) -> Document:
    """Clauses ``start`` to ``end`` of a document as a document of their own (parents
    counted from ``start``), with its preamble or epilogue if it has them."""
    clauses = tuple(
        c if c.parent is None or not start else replace(c, parent=c.parent - start)
        for c in doc.clauses[start:end]
    )
    return Document(
        clauses=clauses,
        preamble=doc.preamble if first else "",
        epilogue=doc.epilogue if last else "",
        retired=doc.retired,
    )
