"""Amendments: what an editor proposes, and how it is applied to the current text.

An amendment is a list of operations on clauses, each naming its target by
clause id and carrying the clause's Markdown source as it stood in the base
version, so that it can be applied three-way to a text that has moved on:

    replace   the target's source becomes ``new`` (a reworded clause; also a
              word replacement, which is a replace of the words inside)
    insert    ``new`` (one or more whole clauses) goes after/before ``anchor``
    delete    the target goes
    move      the target goes after/before ``anchor``, reading as ``new`` there

Sources are whole clause sources (layout lines, marker, words, blank lines
after), so applying a proposal made from an edited copy reproduces that copy
byte for byte. Applying never guesses: where the base words of a replacement
were changed meanwhile in the same place, where an anchor or target is gone,
or where a clause to delete was changed, nothing is applied and the reason is
given (:class:`Conflict`).

This module is pure: strings and dataclasses, no git.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import field, replace
from typing import TYPE_CHECKING, NamedTuple

from .errors import AmbiguousError, InputError, NotFoundError
from .frozen import frozen
from .ids import carry_ids, clause_key, id_length, new_id, retired_after, used_ids, with_ids
from .model import Clause, ClauseKind, Document
from .numbering import (
    apply_numbers,
    enumerated_text,
    enumerator,
    follow_number,
    number_for_new_item,
    opens_with_number,
    renumbering,
    without_number,
)
from .operations import (
    EPILOGUE,
    PREAMBLE,
    Dangling,
    NumberingMode,
    Operation,
    OpKind,
    ReferenceChange,
    Renumbered,
    Where,
)
from .parse import group_after, group_before, parse, parse_outline
from .reparse import Parsed, parse_next, reworded_in_place
from .text import WORD_RE, tokenize

if TYPE_CHECKING:
    from .diff import DocumentDiff


@frozen
class Conflict:
    """Why an operation cannot be applied to the current text."""

    operation: Operation
    reason: str


@frozen
class Applied:
    """The outcome of applying operations: the new document, or the conflicts."""

    document: Document | None
    conflicts: tuple[Conflict, ...] = ()
    #: Ids given to the clauses the operations inserted.
    inserted: tuple[str, ...] = field(default=())
    #: Numbered items renumbered as a consequence (lists kept sequential).
    renumbered: tuple[Renumbered, ...] = field(default=())
    #: References to renumbered items, rewritten as a consequence.
    references: tuple[ReferenceChange, ...] = field(default=())
    #: References left pointing at items the operations delete.
    dangling: tuple[Dangling, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.document is not None


# -- building operations -----------------------------------------------------------------


def replace_clause(doc: Document, ref: str, text: str) -> Operation:
    """Replace the words of one clause (its marker and layout stay)."""
    clause = doc.find(ref)
    content = text.strip("\n")
    if not content.strip():
        raise InputError("The new wording is empty. To remove the clause use --delete")
    new = clause.lead + _with_content(clause, content).body + clause.gap
    if new == clause.source:
        raise InputError(f"The new wording of {clause.label} is the same as the current one")
    return Operation(OpKind.REPLACE, target=clause.id, base=clause.source, new=new)


def replace_words(
    doc: Document, ref: str, old: str, new: str, occurrence: int | None = None, every: bool = False
) -> Operation:
    """Replace words inside one clause: ``old`` must occur; if it occurs more
    than once, ``occurrence`` (1-based) says which, or ``every`` replaces all."""
    clause = doc.find(ref)
    if old == new:
        raise InputError(_same_words(old, f" in clause {clause.label}"))
    content = clause.content
    count = content.count(old) if old else 0
    if count == 0:
        raise NotFoundError(
            f"{old!r} does not occur in clause {clause.label}. Check the words with "
            f"'resvcs show --clause {clause.id}'"
        )
    if every:
        changed = content.replace(old, new)
    elif count > 1 and occurrence is None:
        raise AmbiguousError(
            f"{old!r} occurs {count} times in clause {clause.label}. Say which with "
            "--occurrence N, or replace all with --all"
        )
    else:
        k = occurrence or 1
        if not 1 <= k <= count:
            raise InputError(f"{old!r} occurs {count} times in clause {clause.label}; no {k}")
        pos = -1
        for _ in range(k):
            pos = content.find(old, pos + 1)
        changed = content[:pos] + new + content[pos + len(old) :]
    source = clause.lead + _with_content(clause, changed).body + clause.gap
    return Operation(OpKind.REPLACE, target=clause.id, base=clause.source, new=source)


def replace_throughout(doc: Document, old: str, new: str) -> list[Operation]:
    """Replace words everywhere they occur: one operation per clause containing them."""
    if old == new:
        raise InputError(_same_words(old, " anywhere"))
    ops = [replace_words(doc, c.id, old, new, every=True) for c in doc if old and old in c.content]
    if not ops:
        raise NotFoundError(f"{old!r} does not occur in the text. Check the spelling")
    return ops


def _same_words(old: str, where: str) -> str:
    return (
        f"Replacing {old!r} with the same words would change nothing{where}. "
        "Give the new words with --with"
    )


def insert_clause(
    doc: Document,
    ref: str,
    text: str,
    where: Where = "after",
    *,
    numbering: NumberingMode = "renumber",
    separator: str = "-",
) -> Operation:
    """A new clause next to ``ref``; in a list it becomes an item of the same list.

    Next to a numbered item it takes a number, unless ``text`` starts with one:
    with ``numbering="renumber"`` its place's number (the items after it are
    renumbered when it is accepted), with ``"suffix"`` the number of the item
    before it and a suffix ("5-1"; ``separator="."`` gives "5.1"), which is not
    a Markdown list item but a paragraph that starts with its number.
    """
    anchor = doc.find(ref)
    content = text.strip("\n")
    if not content.strip():
        raise InputError("The text of the new clause is empty. Give it with --text")
    own = opens_with_number(content)
    e = (
        None
        if own
        else number_for_new_item(doc, anchor.id, where, mode=numbering, separator=separator)
    )
    if numbering == "suffix" and not own and e is None and _numbered(anchor):
        raise InputError(
            f"With suffix numbering a new item takes the number of the item before it "
            f"(5-1 after 5), and nothing comes before {anchor.label}. Insert it after "
            f"{anchor.label}, or start --text with the number it should have"
        )
    if e is not None and not (e.marker and e.family == "decimal" and separator not in e.number):
        # A number written in the text: lettered items, section words, suffix numbers.
        like = anchor.content if not anchor.prefix.strip() else anchor.prefix.strip() + " x"
        body = enumerated_text(e, content, like) + "\n"
        return Operation(OpKind.INSERT, anchor=anchor.id, where=where, new=body + "\n")
    marker = _MARKER_TEXT_RE.match(content) if own else None
    if own and anchor.prefix.strip() and (marker is None or marker.group(2) not in anchor.prefix):
        # A number the proposer wrote that a Markdown list cannot carry ("2-1.",
        # "2.1.", "а)"): a paragraph that starts with it.
        return Operation(OpKind.INSERT, anchor=anchor.id, where=where, new=content + "\n\n")
    if anchor.prefix.strip():
        prefix = _next_marker(anchor.prefix) if where == "after" else anchor.prefix
        if marker is not None:  # the proposer's own number, as the list's marker
            prefix = (
                prefix[: len(prefix) - len(prefix.lstrip())]
                + marker.group(1)
                + marker.group(2)
                + " "
            )
            content = content[marker.end() :]
        indent = " " * len(prefix)
        body = prefix + content.replace("\n", "\n" + indent) + "\n"
        gap = anchor.gap if where == "after" else anchor.gap
    else:
        body, gap = content + "\n", "\n"
    return Operation(OpKind.INSERT, anchor=anchor.id, where=where, new=body + gap)


#: A number a Markdown list can carry, at the start of a new item's text.
_MARKER_TEXT_RE = re.compile(r"(\d{1,9})([.)])[ \t]+")


def _numbered(clause: Clause) -> bool:
    return enumerator(clause.kind, clause.prefix, clause.content) is not None


def delete_clause(doc: Document, ref: str) -> Operation:
    clause = doc.find(ref)
    return Operation(OpKind.DELETE, target=clause.id, base=clause.source)


def delete_clauses(doc: Document, refs: Sequence[str]) -> list[Operation]:
    """Delete several clauses in one amendment; each may be named once."""
    ops: list[Operation] = []
    for ref in refs:
        op = delete_clause(doc, ref)
        if any(done.target == op.target for done in ops):
            label = doc.find(ref).label
            raise InputError(f"Clause {label} is named twice. Name each clause to delete once")
        ops.append(op)
    return ops


def move_clause(doc: Document, ref: str, after: str) -> Operation:
    """Move a clause after another; into a list it takes that list's marker."""
    clause, anchor = doc.find(ref), doc.find(after)
    if clause.id == anchor.id:
        raise InputError("A clause cannot be moved after itself")
    if anchor.prefix.strip() or clause.prefix.strip():
        prefix = _next_marker(anchor.prefix) if anchor.prefix.strip() else ""
        moved = _with_content(clause, clause.content, prefix)
        new = clause.lead + moved.body + (anchor.gap if anchor.prefix.strip() else "\n")
    else:
        new = clause.source
    return Operation(
        OpKind.MOVE, target=clause.id, anchor=anchor.id, where="after", base=clause.source, new=new
    )


def moved_by(operations: Sequence[Operation]) -> frozenset[str]:
    """Ids of the clauses these operations move: the clauses a diff of the
    result should call moved (:func:`resolution_vcs.diff.diff`)."""
    return frozenset(op.target for op in operations if op.op is OpKind.MOVE)


def operations_from_copy(current: Document, edited_text: str) -> list[list[Operation]]:
    """Split an edited copy of the current text into amendments, one per change:
    each changed clause one, a moved clause one move, a run of new clauses one
    insertion. Returns the operations of each amendment, in reading order."""
    edited = parse(edited_text)
    return operations_from_document(current, with_ids(edited, carry_ids(edited, current)))


def operations_from_document(current: Document, edited: Document) -> list[list[Operation]]:
    """:func:`operations_from_copy` for a copy already parsed, its clauses carrying the
    ids of the current clauses they continue (:func:`resolution_vcs.ids.carry_ids`).
    The diff is loaded here: applying and checking amendments do not need it."""
    from .diff import ChangeKind, diff

    delta = diff(current, edited, words=False)  # the operations carry whole clauses
    groups: list[list[Operation]] = []
    if current.preamble != edited.preamble:
        groups.append(
            [Operation(OpKind.REPLACE, PREAMBLE, base=current.preamble, new=edited.preamble)]
        )
    previous: Clause | None = None  # the last clause of the edited copy that is not new
    pending_insert: list[Clause] = []
    changes = [c for c in delta.changes if c.new is not None or c.old is not None]

    def flush_insert(following: Clause | None) -> bool:
        """Propose the new clauses met so far; whether there were any."""
        if not pending_insert:
            return False
        source = "".join(c.source for c in pending_insert)
        if previous is not None:
            groups.append([Operation(OpKind.INSERT, anchor=previous.id, where="after", new=source)])
        elif following is not None:
            groups.append(
                [Operation(OpKind.INSERT, anchor=following.id, where="before", new=source)]
            )
        else:
            groups.append(
                [
                    Operation(
                        OpKind.REPLACE,
                        EPILOGUE,
                        base=current.epilogue,
                        new=source + edited.epilogue,
                    )
                ]
            )
        pending_insert.clear()
        return True

    for change in changes:
        if change.new is None:
            assert change.old is not None
            groups.append([Operation(OpKind.DELETE, target=change.old.id, base=change.old.source)])
            continue
        if change.old is None:
            pending_insert.append(change.new)
            continue
        inserted = flush_insert(change.new)
        old, new = change.old, change.new
        # A clause "moved" with no kept clause before or after it is the only one
        # kept: it stands where it stood once the others are gone.
        moved = ChangeKind.MOVED in change.kinds and (
            previous is not None or bool(_next_kept(delta, change))
        )
        if moved:
            if previous is not None:
                op = Operation(
                    OpKind.MOVE,
                    target=old.id,
                    anchor=previous.id,
                    where="after",
                    base=old.source,
                    new=_kept_gap(old, new, edited),
                )
            else:
                following = _next_kept(delta, change)
                op = Operation(
                    OpKind.MOVE,
                    target=old.id,
                    anchor=following,
                    where="before",
                    base=old.source,
                    new=_kept_gap(old, new, edited),
                )
            if inserted:
                # New text goes between the clause before and the one moved here:
                # one amendment, the move first, so the two cannot land the other
                # way round.
                groups[-1] = [op, *groups[-1]]
            else:
                groups.append([op])
        elif old.source != new.source:
            source = _kept_gap(old, new, edited)
            groups.append([Operation(OpKind.REPLACE, target=old.id, base=old.source, new=source)])
        previous = new
    flush_insert(None)
    if current.epilogue != edited.epilogue and not any(
        op.target == EPILOGUE for group in groups for op in group
    ):
        groups.append(
            [Operation(OpKind.REPLACE, EPILOGUE, base=current.epilogue, new=edited.epilogue)]
        )
    # Never propose what would not give the copy: together, the amendments must
    # turn the current text into the edited one (blank lines between clauses aside:
    # a deleted clause leaves its blank lines, so that its neighbours do not join).
    if not groups:
        return groups
    together = apply(current, [op for group in groups for op in group], numbering=None)
    if together.document is None or not reads_as(together.document, edited):
        why = together.conflicts[0].reason if together.conflicts else "the result differs"
        raise InputError(
            f"The edited copy changes the text in a way amendments cannot carry exactly ({why}). "
            "Record it as a revision with 'resvcs revise', or propose the changes one by one"
        )
    return groups


def _kept_gap(old: Clause, new: Clause, edited: Document) -> str:
    """The new source of a clause; when it is the copy's last clause (which ends
    in no blank line), with the blank lines it ended in before: an amendment
    applied alone must not run the clause into the next one."""
    if new.gap or new is not edited.clauses[-1]:
        return new.source
    return new.lead + new.body + old.gap


def reads_as(result: Document, wanted: Document) -> bool:
    """Whether two documents have the same clauses, word for word and in the same
    structure, and differ at most in blank lines."""

    def reading(doc: Document) -> tuple[object, ...]:
        return (
            doc.preamble.strip(),
            doc.epilogue.strip(),
            tuple(
                (c.kind, c.content, c.prefix, c.indents, c.lead.strip(), c.depth, c.number)
                for c in doc.clauses
            ),
        )

    return result.same_text(wanted) or reading(result) == reading(wanted)


def _next_kept(delta: DocumentDiff, change: object) -> str:
    seen = False
    for c in delta.changes:
        if c is change:
            seen = True
        elif seen and c.new is not None and c.old is not None:
            return c.old.id
    return ""


# -- applying ----------------------------------------------------------------------------


def apply(
    current: Document,
    operations: Sequence[Operation],
    *,
    numbering: NumberingMode | None = "renumber",
    subitems: bool = True,
) -> Applied:
    """Apply operations to the current text, three-way; all or nothing.

    The result keeps every clause's id (a replaced or moved clause too) and
    gives inserted clauses new ids. Unless ``numbering`` is None, what follows
    from the operations follows too (the consequential changes): with
    ``"renumber"`` the numbered lists that were sequential and that the
    operations changed (items inserted, deleted, moved) are renumbered to stay
    sequential (:mod:`numbering`), and references to renumbered items in the
    clauses the operations do not write are rewritten (:mod:`references`);
    references to items the operations delete are listed, never rewritten.
    With ``"suffix"`` numbers stay as the operations wrote them. Sub-items follow
    their renumbered items, and references to them too, unless ``subitems`` is
    False (the rules of acceptances recorded before they did, for ``verify``).
    """
    preamble, segments, epilogue, conflicts = _plan(current, operations)
    if conflicts:
        return Applied(None, tuple(conflicts))
    applied, placed = _assemble(current, preamble, segments, epilogue)
    result = applied.document
    if result is None or numbering is None:
        return applied
    made = result
    if all(op.op is OpKind.REPLACE for op in operations):
        return applied  # no item comes or goes: no list changes, nothing follows
    changes = renumbering(current, result, placed=placed, mode=numbering, subitems=subitems)
    if changes:
        made_parse = _parsed(result)
        renumbered = apply_numbers(
            result,
            {r.clause: r.written for r in changes},
            subitems=subitems,
            parse_text=lambda text: parse_next(made_parse, text).document,
        )
        if renumbered is None:
            changes = ()  # the numbers cannot change without changing the structure
        else:
            result = renumbered
    from .references import follow_renumbering  # here: most amendments only reword

    written = {op.target for op in operations if op.op in (OpKind.REPLACE, OpKind.MOVE)}
    result, references, dangling = follow_renumbering(
        current, result, changes, written=written | set(applied.inserted), subitems=subitems
    )
    if result is not made:
        _follows(made, result, instead=True)
    return Applied(
        result,
        inserted=applied.inserted,
        renumbered=changes,
        references=references,
        dangling=dangling,
    )


def check(current: Document, operations: Sequence[Operation]) -> tuple[Conflict, ...]:
    """Why the operations cannot be applied to the current text: their targets and
    anchors, and the words they change. Cheap (no parse of the result), so it runs
    for every pending amendment after each decision; :func:`apply` may still refuse
    a result in which a clause the operations do not name would read differently."""
    return tuple(_plan(current, operations)[3])


def leaves_as_is(current: Document, operations: Sequence[Operation]) -> bool | None:
    """Whether replacements leave the text as it reads, told from what they would write
    into the clauses they name, without putting the new text together and reading it.
    True: :func:`apply` would give the current text itself; False: another text, or none
    (a conflict). None when only applying them tells: operations other than replacements,
    or rewritten clauses whose blank lines went to a neighbour (the same text, other
    clauses)."""
    if any(op.op is not OpKind.REPLACE for op in operations):
        return None
    preamble, segments, epilogue, conflicts = _plan(current, operations)
    if conflicts:
        return False
    # Replacements keep every clause in its place: the text after them differs from
    # the current one only in the pieces they name (-1: the opening matter, n: the
    # closing one).
    n = len(current.clauses)

    def old(k: int) -> str:
        return (
            current.preamble if k < 0 else current.epilogue if k == n else current.clauses[k].source
        )

    def new(k: int) -> str:
        return preamble if k < 0 else epilogue if k == n else segments[k].source

    ends = {PREAMBLE: -1, EPILOGUE: n}
    named = {
        ends[op.target] if op.target in ends else current.index_of(op.target) for op in operations
    }
    changed = sorted(k for k in named if old(k) != new(k))
    if not changed:
        return True
    span = range(changed[0], changed[-1] + 1)
    if "".join(map(old, span)) != "".join(map(new, span)):
        return False
    return None


def _plan(
    current: Document, operations: Sequence[Operation]
) -> tuple[str, list[_Segment], str, list[Conflict]]:
    """The clause sources after the operations, and the conflicts met on the way."""
    segments = _segments(current)
    preamble, epilogue = current.preamble, current.epilogue
    conflicts: list[Conflict] = []
    index = current._index  # positions by id: right until an operation moves a clause
    moved_any = False
    for op in operations:
        if moved_any:
            index = {s.id: i for i, s in enumerate(segments) if s.id}
        moved_any = moved_any or op.op is not OpKind.REPLACE
        if op.target in (PREAMBLE, EPILOGUE):
            now = preamble if op.target == PREAMBLE else epilogue
            merged = merge3(op.base, now, op.new)
            if merged is None:
                conflicts.append(Conflict(op, _changed_since("the text's end matter", op)))
                continue
            if op.target == PREAMBLE:
                preamble = merged
            else:
                epilogue = merged
            continue
        if op.op is OpKind.INSERT:
            at = index.get(op.anchor)
            if at is None:
                conflicts.append(
                    Conflict(
                        op, f"clause {op.anchor} that it was to go {op.where} no longer exists"
                    )
                )
                continue
            new = op.new
            if op.where == "after" and _would_join(current.get(op.anchor), segments[at], new):
                new = "\n" + new  # a blank line, or the new text runs on into the clause
                if at + 1 == len(segments) and not epilogue:
                    new = new.rstrip("\n") + "\n"  # and no blank line at the end of the text
            segments.insert(
                at + 1 if op.where == "after" else at, _Segment("", new, (op.anchor, op.where))
            )
            continue
        at = index.get(op.target)
        if at is None:
            conflicts.append(Conflict(op, f"clause {op.target} no longer exists"))
            continue
        now = segments[at].source
        if op.op is OpKind.DELETE:
            if _words(without_number(now)) != _words(without_number(op.base)):
                conflicts.append(
                    Conflict(op, f"clause {op.target} was changed since the amendment was proposed")
                )
                continue
            _remove(segments, at)
            continue
        # A renumbering of the clause is not the amendment's words: it follows it.
        base, proposed = follow_number(op.base, now, op.new)
        merged = merge3(base, now, proposed)
        if merged is None:
            conflicts.append(
                Conflict(
                    op,
                    f"the words of clause {op.target} that it changes were "
                    "changed since the amendment was proposed",
                )
            )
            continue
        if op.op is OpKind.REPLACE:
            segments[at] = _Segment(op.target, merged, segments[at].placed)
            continue
        # move
        if op.anchor not in index:
            conflicts.append(
                Conflict(op, f"clause {op.anchor} that it was to go {op.where} no longer exists")
            )
            continue
        moved = _remove(segments, at)
        anchor_at = next(i for i, s in enumerate(segments) if s.id == op.anchor)
        segments.insert(
            anchor_at + 1 if op.where == "after" else anchor_at,
            _Segment(moved.id, merged, (op.anchor, op.where)),
        )
    return preamble, segments, epilogue, conflicts


def merge3(base: str, current: str, proposed: str) -> str | None:
    """Three-way merge of one text at word level; None where the changes meet.

    The changes from ``base`` to ``current`` and from ``base`` to ``proposed``
    are put together when they touch different words; the same change made on
    both sides counts once. A change of the white space between two words (a
    line break for a space) is a change too, and meets another only where both
    change the same white space.
    """
    if current == base or current == proposed:
        return proposed
    if proposed == base:
        return current
    base_tokens = tokenize(base)
    ours = _hunks(base_tokens, tokenize(current))
    theirs = _hunks(base_tokens, tokenize(proposed))
    for a in ours:
        for b in theirs:
            if a == b:
                continue
            if _overlap(a, b):
                return None
            spacing = _spacing(a, base_tokens) or _spacing(b, base_tokens)
            if not spacing and _adjacent(a, b, base_tokens):
                return None
    merged_hunks = sorted(set(ours) | set(theirs), key=lambda h: (h[0], h[1]))
    out: list[str] = []
    pos = 0
    for start, end, replacement in merged_hunks:
        out.extend(base_tokens[pos:start])
        out.append(replacement)
        pos = end
    out.extend(base_tokens[pos:])
    return "".join(out)


Hunk = tuple[int, int, str]


def _hunks(base: list[str], other: list[str]) -> list[Hunk]:
    """Changes from ``base`` to ``other`` as (start, end, replacement) over base tokens."""
    from .diff import token_diff

    hunks: list[Hunk] = []
    pos = 0
    start: int | None = None
    end, replacement = 0, ""
    for op, count, text in token_diff(base, other):
        if op == "equal":
            if start is not None:
                hunks.append((start, end, replacement))
                start = None
            # White space compares equal to white space: where it differs, a hunk of its own.
            if text != "".join(base[pos : pos + count]):
                for k, token in enumerate(tokenize(text)):
                    if token != base[pos + k]:
                        hunks.append((pos + k, pos + k + 1, token))
            pos += count
            continue
        if start is None:
            start, end, replacement = pos, pos, ""
        if op == "delete":
            pos += count
            end = pos
        else:
            replacement += text
    if start is not None:
        hunks.append((start, end, replacement))
    return hunks


def _spacing(hunk: Hunk, base: list[str]) -> bool:
    """Whether a hunk only changes the white space between two words."""
    start, end, replacement = hunk
    return end == start + 1 and base[start].isspace() and replacement.isspace()


def _adjacent(a: Hunk, b: Hunk, base: list[str]) -> bool:
    """Whether no word stands between two changes: changes to neighbouring words
    are one edit of a phrase ("Опыт создания" → "Практика создания" meeting
    "создания" → "открытия"), and putting them together would make a phrase
    nobody wrote."""
    first, second = (a, b) if a[1] <= b[0] else (b, a)
    if first[1] > second[0]:
        return False
    return not any(WORD_RE.search(token) for token in base[first[1] : second[0]])


def _overlap(a: Hunk, b: Hunk) -> bool:
    (s1, e1, _), (s2, e2, _) = a, b
    if s1 < e2 and s2 < e1:
        return True
    # Two insertions at one point, or an insertion at the edge of a replaced range.
    return s1 == s2 or (e1 == s1 and s2 < s1 < e2) or (e2 == s2 and s1 < s2 < e1)


class _Segment(NamedTuple):  # a tuple: made for every clause of every text planned on
    id: str  # "" for inserted text
    source: str
    #: For inserted and moved text: the clause it was put next to, and where.
    placed: tuple[str, Where] | None = None


#: The segments of the last document planned on (every pending amendment is
#: checked against the same new text after each decision).
_last_segments: tuple[Document | None, tuple[_Segment, ...]] = (None, ())

#: The texts of the last documents applied to or made by :func:`apply`, parsed: (the
#: document, its text parsed, or None and a parse of an earlier version to parse it
#: from when asked). The next text made from one of them is parsed from it
#: (:func:`parse_next`), only where it differs. Kept by the document object itself,
#: which is alive meanwhile and never changes: an entry is a parse of that very
#: document's text. Two of them: the text the amendments of a proposal are each
#: tried on, and the last text made. Each thread keeps its own: the web app applies
#: amendments in several threads at once, and a parse is read lazily (its document made
#: when first asked for), so a parse is never shared between threads.
_PARSED_KEPT = 2


class _KeptParses(threading.local):
    def __init__(self) -> None:
        self.entries: list[tuple[Document, Parsed | None, Parsed | None]] = []


_kept_parses = _KeptParses()


def _parsed(document: Document) -> Parsed:
    """``document``'s text parsed: kept, parsed from an earlier version, made from the
    document itself (:meth:`Parsed.of_document`), or whole."""
    for known, parsed, base in _kept_parses.entries:
        if known is document:
            if parsed is None:
                assert base is not None
                parsed = parse_next(base, document.render())
            break
    else:
        parsed = Parsed.of_document(document)
    _keep_parsed(document, parsed)
    return parsed


def _keep_parsed(document: Document, parsed: Parsed | None, base: Parsed | None = None) -> None:
    """Keep ``document``'s parse (or the parse to parse it from) as the newest."""
    kept = _kept_parses.entries
    others = [entry for entry in kept if entry[0] is not document]
    kept[:] = [(document, parsed, base), *others[: _PARSED_KEPT - 1]]


def _follows(before: Document, after: Document, *, instead: bool = False) -> None:
    """``after`` was made from ``before``: when ``before``'s parse is kept, ``after`` is
    parsed from it if it is asked for (not before: most texts made are not). Both are
    kept, or only ``after`` ``instead`` of ``before`` (a step on the way to it)."""
    kept = _kept_parses.entries
    for k, (known, parsed, base) in enumerate(kept):
        if known is before:
            entry = kept.pop(k)
            if not instead:
                kept.insert(0, entry)
            _keep_parsed(after, None, parsed or base)
            return


def _segments(document: Document) -> list[_Segment]:
    """The clauses of a document as segments, to be changed by a plan."""
    global _last_segments
    last, made = _last_segments
    if last is not document:
        # The text after a decision shares most of its clauses (the same objects) with
        # the one before: their segments are taken over, not made again. The text
        # before is alive meanwhile, so no object id is reused.
        known = {} if last is None else {id(c): s for c, s in zip(last.clauses, made, strict=True)}
        made = tuple(known.get(id(c)) or _Segment(c.id, c.source) for c in document.clauses)
        _last_segments = (document, made)
    return list(made)


def _remove(segments: list[_Segment], at: int) -> _Segment:
    """Take a clause out; the blank lines that ended it stay, so that what came
    next does not join the clause before (the end of a list, a paragraph)."""
    removed = segments.pop(at)
    blank = _trailing_blank(removed.source)
    if blank and at > 0 and not _trailing_blank(segments[at - 1].source):
        before = segments[at - 1]
        segments[at - 1] = _Segment(before.id, before.source + blank, before.placed)
    return removed


#: A list marker at the start of a text.
_LIST_START_RE = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


def _would_join(anchor: Clause | None, segment: _Segment, new: str) -> bool:
    """Whether ``new`` put right after ``segment`` would read as part of it: the
    segment ends without a blank line (the last clause of a text) and the new
    text is not the next item of a list (the segment's, as it stands now)."""
    if _trailing_blank(segment.source) or not segment.source.endswith("\n"):
        return False
    in_list = (anchor is not None and anchor.kind is ClauseKind.ITEM) or any(
        _LIST_START_RE.match(line) for line in segment.source.split("\n")
    )
    return not (in_list and _LIST_START_RE.match(new))


def _trailing_blank(source: str) -> str:
    """The blank lines at the end of a source (after its last line's newline)."""
    stripped = source.rstrip(" \t\n")
    end = source.find("\n", len(stripped))
    return source[end + 1 :] if end != -1 else ""


def _assemble(
    current: Document, preamble: str, segments: list[_Segment], epilogue: str
) -> tuple[Applied, dict[str, tuple[str, Where]]]:
    """The document the segments make, with ids, checked; and the clauses that
    were put somewhere (inserted or moved), with where."""
    reworded = _reworded_in_place(current, preamble, segments, epilogue)
    if reworded is not None:
        _follows(current, reworded)
        return Applied(reworded), {}
    text = preamble + "".join(s.source for s in segments) + epilogue
    # Parsed from the text before where it differs: a decision inserts, deletes or
    # moves a few clauses of a long text.
    parsed = parse_next(_parsed(current), text)
    doc = parsed.document
    # Each clause of the result keeps the id of the segment it starts in (the
    # first clause of a segment only); everything else is new.
    starts: list[int] = []
    pos = len(preamble)
    for s in segments:
        starts.append(pos)
        pos += len(s.source)
    import bisect

    taken = used_ids(current)  # and the ids of deleted clauses: never given again
    length = id_length(len(taken) + len(doc.clauses))
    ids: list[str] = []
    used_segments: set[int] = set()
    inserted: list[str] = []
    placed: dict[str, tuple[str, Where]] = {}
    offset = len(doc.preamble)
    for clause in doc.clauses:
        body_start = offset + len(clause.lead)
        offset += len(clause.source)
        k = bisect.bisect_right(starts, body_start) - 1
        segment = segments[k] if 0 <= k < len(segments) else None
        if segment is not None and segment.id and k not in used_segments:
            used_segments.add(k)
            ids.append(segment.id)
            if segment.placed is not None:
                placed[segment.id] = segment.placed
            continue
        fresh = new_id(clause_key(clause), taken, length)
        taken.add(fresh)
        ids.append(fresh)
        inserted.append(fresh)
        if segment is not None and segment.placed is not None:
            placed[fresh] = segment.placed
    result = with_ids(doc, ids, retired_after(current, ids))
    # Validate before anyone writes it: every clause the operations did not touch
    # must read exactly as before (a change must never spill into a neighbour).
    touched = {s.id for s in segments if s.id and s.source != _source_of(current, s.id)}
    kept = {s.id for s in segments if s.id}
    for clause in current.clauses:
        if clause.id in touched or clause.id not in kept:
            continue
        after = result.get(clause.id)
        if after is None or after.content != clause.content:
            conflict = Conflict(
                Operation(OpKind.REPLACE, target=clause.id),
                f"applying it would change clause {clause.label} too, which it does not name",
            )
            return Applied(None, (conflict,)), placed
    _keep_parsed(result, parsed)
    return Applied(result, inserted=tuple(inserted)), placed


#: How many times a region grows before the whole text is parsed instead.
_WIDEN = 3


def _reworded_in_place(
    current: Document, preamble: str, segments: list[_Segment], epilogue: str
) -> Document | None:
    """The document the segments make when they are the current clauses in the same
    order, some reworded, by parsing only the reworded clauses' regions; None when
    that cannot be trusted to give what parsing the whole text gives (then it is).

    A region runs from the top-level group before a reworded clause to the one after
    it (whole lists at a time, as :mod:`resolution_vcs.steps` reads versions) and
    grows until its parse gives each clause of it back with the same structure
    (kind, depth, list marker, number, parent) and each unchanged one byte for byte:
    then the whole text parses the same outside it, and the labels stay. A clause
    whose words change only inside lines that keep their structure is not parsed at
    all (:func:`resolution_vcs.reparse.reworded_in_place`). A change that touches the
    text's end matter or link reference definitions is parsed whole.
    """
    clauses = current.clauses
    n = len(clauses)
    if (
        len(segments) != n
        or preamble != current.preamble
        or epilogue != current.epilogue
        or any(s.id != c.id for s, c in zip(segments, clauses, strict=True))
    ):
        return None
    changed = [k for k in range(n) if segments[k].source != clauses[k].source]
    if not changed:
        return current
    if any("]:" in segments[k].source or "]:" in clauses[k].source for k in changed):
        return None  # may define a link reference used elsewhere
    result = list(clauses)
    done = -1  # regions so far end before this index
    for k in changed:
        if k < done:
            continue
        # Words changed inside lines that keep their structure: no parse at all.
        reworded = reworded_in_place(clauses[k], segments[k].source)
        if reworded is not None:
            result[k] = reworded
            continue
        region = _reparse(current, segments, group_before(clauses, k), group_after(clauses, k))
        if region is None:
            return None
        lo, found = region
        result[lo : lo + len(found)] = found
        done = lo + len(found)
    return Document(
        clauses=tuple(result),
        preamble=current.preamble,
        epilogue=current.epilogue,
        retired=current.retired,
    )


def _reparse(
    current: Document, segments: list[_Segment], lo: int, hi: int
) -> tuple[int, list[Clause]] | None:
    """The clauses ``lo`` to ``hi`` (inclusive, within the text) as the segments make
    them, from a parse of their text alone, growing the region until its parse holds;
    (the first index, the clauses) or None."""
    clauses = current.clauses
    n = len(clauses)
    for _ in range(_WIDEN):
        first, last = max(lo, 0), min(hi, n - 1)
        text = "".join(segments[k].source for k in range(first, last + 1))
        doc, _ = parse_outline(text, labels=False)
        found = doc.clauses
        if len(found) == last - first + 1 and doc.preamble == (
            current.preamble if lo < 0 else clauses[first].lead
        ):
            made = _same_structure(current, segments, first, found, at_end=hi >= n)
            if made is not None and doc.epilogue == (
                current.epilogue if hi >= n else clauses[last].gap
            ):
                return first, made
        if lo < 0 and hi >= n:
            return None
        lo = -1 if lo < 0 else group_before(clauses, lo)
        hi = n if hi >= n else group_after(clauses, hi)
    return None


def _same_structure(
    current: Document, segments: list[_Segment], first: int, found: Sequence[Clause], at_end: bool
) -> list[Clause] | None:
    """The clauses of a region's parse as they stand in the whole document (ids,
    labels, parents), if each has the structure it had and each unchanged one reads
    byte for byte as before; else None."""
    clauses = current.clauses
    made: list[Clause] = []
    last = first + len(found) - 1
    for j, new in enumerate(found):
        k = first + j
        old = clauses[k]
        parent = None if new.parent is None else new.parent + first
        if (
            new.kind is not old.kind
            or new.depth != old.depth
            or new.prefix != old.prefix
            or new.number != old.number
            or new.level != old.level
            or parent != old.parent
            or (new.lead != old.lead and j > 0)
            or (new.gap != old.gap and (k < last or at_end))
        ):
            return None
        if segments[k].source == old.source:
            if new.content != old.content or new.indents != old.indents or new.eol != old.eol:
                return None
            made.append(old)
            continue
        clause = replace(
            new,
            id=old.id,
            label=old.label,
            lead=old.lead,
            gap=old.gap,
            parent=old.parent,
            refs=old.refs,
        )
        if clause.source != segments[k].source:
            return None
        made.append(clause)
    return made


def _source_of(doc: Document, clause_id: str) -> str:
    clause = doc.get(clause_id)
    return clause.source if clause is not None else ""


def _words(source: str) -> str:
    return " ".join(source.split())


def _changed_since(what: str, op: Operation) -> str:
    return f"{what} was changed since the amendment was proposed"


def clause_source(clause: Clause, content: str, prefix: str | None = None) -> str:
    """The source of ``clause`` reading ``content`` instead (with another list marker
    if ``prefix`` is given): its layout lines and blank lines stay."""
    return clause.lead + _with_content(clause, content, prefix).body + clause.gap


def _with_content(clause: Clause, content: str, prefix: str | None = None) -> Clause:
    """The clause with other words (and optionally another marker), indented to match."""

    prefix = clause.prefix if prefix is None else prefix
    lines = content.split("\n")
    width = len(prefix) if prefix.strip() else len(clause.prefix)
    indents = tuple(width if line else 0 for line in lines[1:])
    return replace(clause, content=content, prefix=prefix, indents=indents)


def _next_marker(prefix: str) -> str:
    """The marker of the item after one with ``prefix``: "3. " → "4. ", "- " stays."""
    stripped = prefix.lstrip(" ")
    indent = prefix[: len(prefix) - len(stripped)]
    digits = ""
    for ch in stripped:
        if ch.isdigit():
            digits += ch
        else:
            break
    if digits:
        rest = stripped[len(digits) :]
        return indent + str(int(digits) + 1) + rest
    return prefix
