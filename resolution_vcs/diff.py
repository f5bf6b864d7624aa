"""Clause-level diff of two versions, with word-level changes inside clauses.

``diff(old, new)`` lists every clause of both versions once: unchanged,
modified (with inline word operations), added, deleted, moved (its old and
new label), or renumbered (only the number people cite changed). A clause
that was moved and reworded is both (``kinds``).

Clauses are paired by id when the two versions share ids (versions of one
draft), else by content (:func:`resolution_vcs.align.align`).

Word level: texts are cut into tokens (words of any script, numbers,
punctuation, white space), each distinct token becomes one character, and
diff-match-patch compares the two character strings with no time limit
(``Diff_Timeout = 0``: the result never depends on the machine's speed), then
``diff_cleanupSemantic`` turns scattered matches into edits a person would
make, except that a shared run of ``KEEP_WORDS`` words or more always stays
unchanged (as in git's word diff: the clean-up alone would fold a long shared
run into long edits around it). White space compares equal to white space of
any kind (a non-breaking space equals a space) but each side keeps its own
characters.

A clause that reads the same as before but whose markup or layout lines changed
(an anchor line ``[]{#n3}`` gained, a link added to words that stay, another
list marker) is a **layout** change, reported apart from the modified ones.

``ignore`` leaves aside what :mod:`resolution_vcs.typography` names: with
``wrapping`` ignored, line breaks inside a paragraph and runs of spaces; with
``typography`` ignored, quotes, dashes, non-breaking spaces and ellipses. A
clause that differs only in those is unchanged (``ClauseChange.ignored`` says
in what), as ``git diff -w`` ignores white space.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import field, replace
from enum import StrEnum
from itertools import chain
from typing import Any, Literal

from .align import align, in_order
from .collect import paused
from .frozen import frozen
from .ids import ClauseTexts, clause_key
from .model import Clause, Document
from .numbering import same_but_number, same_but_sub_numbers
from .text import fold, tokenize
from .typography import NOTHING, Ignore, categories, differences, folded, key, tokens


class ChangeKind(StrEnum):
    """What happened to one clause between two versions."""

    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    ADDED = "added"
    DELETED = "deleted"
    MOVED = "moved"
    RENUMBERED = "renumbered"
    #: The clause reads the same; its markup or layout lines changed.
    LAYOUT = "layout"


#: The order in which a clause's kinds are named; the first one present is its ``kind``.
_PRIMARY = (
    ChangeKind.ADDED,
    ChangeKind.DELETED,
    ChangeKind.MOVED,
    ChangeKind.MODIFIED,
    ChangeKind.RENUMBERED,
    ChangeKind.LAYOUT,
)

OpName = Literal["equal", "delete", "insert"]
#: An unchanged run of this many words or more is never folded into the edits around it.
KEEP_WORDS = 3
_DIGITS_RE = re.compile(r"\d+")


@frozen
class InlineOp:
    """One run of a word-level diff.

    ``text`` is what the run reads in its own version (the new one for
    "equal"); for "equal" runs ``old_text`` is the old version's characters,
    which differ from ``text`` only in white space.
    """

    op: OpName
    text: str
    old_text: str | None = None

    @property
    def old(self) -> str:
        """This run's contribution to the old text."""
        if self.op == "insert":
            return ""
        if self.op == "equal" and self.old_text is not None:
            return self.old_text
        return self.text

    @property
    def new(self) -> str:
        """This run's contribution to the new text."""
        return "" if self.op == "delete" else self.text


@frozen
class ClauseChange:
    """One clause in a diff: its old and new state and what changed."""

    kinds: tuple[ChangeKind, ...]
    old: Clause | None
    new: Clause | None
    ops: tuple[InlineOp, ...] = ()
    #: What the two wordings differ in that the comparison was asked to ignore
    #: (categories of :mod:`resolution_vcs.typography`: "line breaks", "quotes" …).
    ignored: frozenset[str] = frozenset()

    @property
    def kind(self) -> ChangeKind:
        """The main kind: added, deleted, moved, modified, renumbered or unchanged."""
        if not self.kinds:
            return ChangeKind.UNCHANGED
        for k in _PRIMARY:
            if k in self.kinds:
                return k
        return ChangeKind.UNCHANGED

    @property
    def id(self) -> str:
        clause = self.new or self.old
        assert clause is not None
        return clause.id

    @property
    def label(self) -> str:
        """The label people find the clause under: the new one, or the old one if deleted."""
        clause = self.new or self.old
        assert clause is not None
        return clause.label

    @property
    def whitespace_only(self) -> bool:
        """Modified, but only in spacing (e.g. a non-breaking space for a space)."""
        return ChangeKind.MODIFIED in self.kinds and all(op.op == "equal" for op in self.ops)


@frozen
class DocumentDiff:
    """Every clause of two versions, in reading order, with what happened to it."""

    changes: tuple[ClauseChange, ...]
    old_preamble: str = ""
    new_preamble: str = ""
    old_epilogue: str = ""
    new_epilogue: str = ""
    #: True when the texts differ in something that belongs to no clause's
    #: words (layout lines such as anchors, blank lines, the preamble).
    layout_changed: bool = False
    summary: dict[str, int] = field(default_factory=dict, compare=False)
    #: How many clauses differ in each category that the comparison ignored.
    ignored: dict[str, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        counts = Counter(c.kind for c in self.changes)
        self.summary.update({k.value: counts.get(k, 0) for k in ChangeKind})
        self.ignored.update(Counter(category for c in self.changes for category in c.ignored))

    @property
    def changed(self) -> tuple[ClauseChange, ...]:
        """The changes other than unchanged clauses."""
        return tuple(c for c in self.changes if c.kind is not ChangeKind.UNCHANGED)

    @property
    def has_changes(self) -> bool:
        """Whether the two versions differ at all (also in layout only)."""
        return bool(self.changed) or self.layout_changed


def diff(
    old: Document,
    new: Document,
    moved: Collection[str] = (),
    *,
    ignore: Ignore = NOTHING,
    words: bool = True,
) -> DocumentDiff:
    """Compare two versions clause by clause, leaving aside what ``ignore`` names.

    ``moved`` names clauses (by id) known to have been moved between the two,
    such as the clause an accepted amendment moved: when the order alone does
    not say which of two clauses moved (two neighbours swapped), these are.
    With ``words=False`` and nothing ignored, the word operations of reworded
    clauses are not computed (their ``ops`` are empty; the kinds are the same).
    """
    with paused():
        return _diff(old, new, moved, ignore, words)


def _diff(
    old: Document, new: Document, moved: Collection[str], ignore: Ignore, words: bool
) -> DocumentDiff:
    match = _pair(old, new)
    keep = in_order(match, [n for n, c in enumerate(new.clauses) if c.id in moved] if moved else ())
    new_of_old: dict[int, int] = {o: n for n, o in enumerate(match) if o is not None}
    changes: list[ClauseChange] = []
    emitted_upto = 0  # old clauses before this index are accounted for
    matched_old = set(new_of_old)

    def flush_deleted(upto: int) -> None:
        nonlocal emitted_upto
        for o in range(emitted_upto, upto):
            if o not in matched_old:
                changes.append(ClauseChange((ChangeKind.DELETED,), old.clauses[o], None))
        emitted_upto = max(emitted_upto, upto)

    # The old clause that the next clause kept in order continues: deleted
    # clauses before it are listed before clauses added in the same place.
    next_kept = [len(old.clauses)] * (len(new.clauses) + 1)
    for n in range(len(new.clauses) - 1, -1, -1):
        o = match[n]
        next_kept[n] = o if o is not None and keep[n] else next_kept[n + 1]

    old_clauses = old.clauses
    for n, new_clause in enumerate(new.clauses):
        o = match[n]
        if o is None:
            flush_deleted(next_kept[n])
            changes.append(ClauseChange((ChangeKind.ADDED,), None, new_clause))
            continue
        kept = keep[n]
        if kept and o > emitted_upto:
            flush_deleted(o)
        old_clause = old_clauses[o]
        # Moved: out of order, or taken into another list (or out of one).
        parent = old_clause.parent
        elsewhere = (
            not kept
            or (None if parent is None else new_of_old.get(parent, -1)) != new_clause.parent
        )
        if old_clause is new_clause or _written_alike(old_clause, new_clause):
            # Most clauses of two versions.
            changes.append(ClauseChange(_MOVED if elsewhere else (), old_clause, new_clause))
            continue
        kinds, ops, ignored = compare(
            old_clause, new_clause, moved=elsewhere, ignore=ignore, words=words
        )
        changes.append(ClauseChange(kinds, old_clause, new_clause, ops, ignored))
    flush_deleted(len(old.clauses))

    layout = (
        old.preamble != new.preamble
        or old.epilogue != new.epilogue
        or any(
            c.old is not None
            and c.new is not None
            and c.old is not c.new  # the very clause on both sides: written alike
            and (ChangeKind.LAYOUT in c.kinds or _layout_changed(c.old, c.new))
            for c in changes
        )
    )
    return DocumentDiff(
        changes=tuple(changes),
        old_preamble=old.preamble,
        new_preamble=new.preamble,
        old_epilogue=old.epilogue,
        new_epilogue=new.epilogue,
        layout_changed=layout,
    )


_MOVED = (ChangeKind.MOVED,)


def _written_alike(old: Clause, new: Clause) -> bool:
    """Whether a clause is written as before, its number and the lines before it
    included: :func:`compare` would find no change in it but a move (whatever is
    ignored), so it is not asked."""
    return old is new or (
        old.content == new.content
        and old.number == new.number
        and old.lead == new.lead
        and old.prefix == new.prefix
        and old.indents == new.indents
    )


def _layout_changed(old: Clause, new: Clause) -> bool:
    """``_layout(old, new) != _layout(new, old)``, with the tuples made only for a clause
    renumbered (whose markers are compared without their digits)."""
    if old.number != new.number:
        return _layout(old, new) != _layout(new, old)
    return (
        old.lead != new.lead
        or old.gap != new.gap
        or old.prefix != new.prefix
        or old.indents != new.indents
    )


def _layout(clause: Clause, other: Clause) -> tuple[object, ...]:
    """What of a clause's source is not its words: a renumbered clause's marker
    counts without its digits (the renumbering is a change of its own)."""
    prefix = clause.prefix
    if clause.number != other.number:
        prefix = _DIGITS_RE.sub("0", prefix)
    return (clause.lead, clause.gap, prefix, clause.indents)


def _layout_differs(old: Clause, new: Clause) -> bool:
    """Whether a clause's layout changed: the lines before it, its marker (but a new
    number, which is a renumbering) or the indentation of its lines. Blank lines after
    it do not make a layout change of the clause, nor the indentation of lines that are
    not there on both sides (that is how its words are wrapped)."""
    old_layout, new_layout = _layout(old, new), _layout(new, old)
    if old_layout[0] != new_layout[0] or old_layout[2] != new_layout[2]:
        return True
    return len(old.indents) == len(new.indents) and old.indents != new.indents


def compare_clauses(
    old: Clause, new: Clause, *, moved: bool, words: bool = True
) -> tuple[tuple[ChangeKind, ...], tuple[InlineOp, ...]]:
    """What happened to a clause that continues into a new version (no kinds:
    unchanged), and its word operations when it was reworded (or its markup changed).
    With ``words=False`` the word operations are not computed (the kinds do not need
    them when nothing is ignored): :func:`word_ops` gives them."""
    kinds, ops, _ = compare(old, new, moved=moved, words=words)
    return kinds, ops


def word_ops(old: str, new: str) -> tuple[InlineOp, ...]:
    """The word operations :func:`compare_clauses` gives a clause worded ``old``, then ``new``."""
    return inline_diff(old, new) if old != new else ()


def compare(
    old: Clause, new: Clause, *, moved: bool, ignore: Ignore = NOTHING, words: bool = True
) -> tuple[tuple[ChangeKind, ...], tuple[InlineOp, ...], frozenset[str]]:
    """:func:`compare_clauses`, leaving aside what ``ignore`` names; also the categories
    in which the two wordings differ that were left aside.

    Modified: the clause reads otherwise (its words, or the spacing or typography that
    is not ignored). Layout: it reads the same (:attr:`Clause.text`, as a reader sees
    it), and its markup, the line breaks inside it or its layout lines (anchors before
    it, the list marker but its number, the indentation) changed.
    """
    kinds: list[ChangeKind] = []
    if moved:
        kinds.append(ChangeKind.MOVED)
    ops: tuple[InlineOp, ...] = ()
    ignored: frozenset[str] = frozenset()
    layout = False
    renumbered = old.number != new.number and bool(old.number and new.number)
    if old.content != new.content:
        kinds_only = not words and not ignore
        if not kinds_only:
            ops = inline_diff(old.content, new.content, ignore=ignore)
        # A number written at the start of a paragraph ("2.", "а)", "Стаття 5-1."):
        # when it is all that changed, the clause was renumbered, not reworded.
        if same_but_number(old.content, new.content) or (
            renumbered and same_but_sub_numbers(old.content, new.content, old.number, new.number)
        ):
            renumbered = True
        elif kinds_only:
            # Nothing ignored: two wordings that differ differ in an operation or in
            # the spacing of an equal run, which nothing allows (as below).
            if old.text == new.text:
                layout = True
            else:
                kinds.append(ChangeKind.MODIFIED)
        else:
            found = frozenset().union(
                *(differences(op.old, op.text, ignore) for op in ops if op.old_text is not None)
            )
            allowed = categories(ignore)
            ignored = found & allowed
            if any(op.op != "equal" for op in ops) or not found <= allowed:
                if folded(old.text, ignore) == folded(new.text, ignore):
                    layout = True
                else:
                    kinds.append(ChangeKind.MODIFIED)
    if layout or (ChangeKind.MODIFIED not in kinds and _layout_differs(old, new)):
        kinds.append(ChangeKind.LAYOUT)
    if renumbered:
        kinds.append(ChangeKind.RENUMBERED)
    return tuple(kinds), ops, ignored


def _pair(old: Document, new: Document) -> list[int | None]:
    """For each new clause, the old clause it continues: by id if the versions share ids."""
    old_ids = {c.id: i for i, c in enumerate(old.clauses) if c.id}
    if old_ids and any(c.id in old_ids for c in new.clauses):
        return [old_ids.get(c.id) if c.id else None for c in new.clauses]
    old_keys = [clause_key(c) for c in old.clauses]
    # Most clauses keep their Markdown: their keys are folded once.
    known = dict(zip([c.content for c in old.clauses], old_keys, strict=True))
    new_keys = [known.get(c.content) or clause_key(c) for c in new.clauses]
    return align(old_keys, new_keys, ClauseTexts(old), ClauseTexts(new))


def inline_diff(old: str, new: str, *, ignore: Ignore = NOTHING) -> tuple[InlineOp, ...]:
    """Word-level operations that turn ``old`` into ``new``; with typography ignored,
    quotes, dashes and ellipses of any style compare equal (an equal run then keeps
    each side's characters, as it does for white space)."""
    if "typography" in ignore:
        old_tokens, new_tokens = tokens(old, ignore), tokens(new, ignore)
        runs = _token_runs(
            [key(t, ignore) for t in old_tokens], [key(t, ignore) for t in new_tokens]
        )
    else:
        old_tokens, new_tokens = tokenize(old), tokenize(new)
        runs = _token_runs(old_tokens, new_tokens)
    ops: list[InlineOp] = []
    i = j = 0
    for op, size in runs:
        if op == "equal":
            old_part = "".join(old_tokens[i : i + size])
            new_part = "".join(new_tokens[j : j + size])
            ops.append(InlineOp("equal", new_part, None if old_part == new_part else old_part))
            i, j = i + size, j + size
        elif op == "delete":
            ops.append(InlineOp("delete", "".join(old_tokens[i : i + size])))
            i += size
        else:
            ops.append(InlineOp("insert", "".join(new_tokens[j : j + size])))
            j += size
    return tuple(ops)


def token_diff(old: Sequence[str], new: Sequence[str]) -> list[tuple[OpName, int, str]]:
    """Diff of two token lists: (operation, number of tokens, text of the tokens)
    runs, cleaned up semantically; white space of any kind compares equal."""
    runs: list[tuple[OpName, int, str]] = []
    i = j = 0
    for op, size in _token_runs(old, new):
        if op == "equal":
            runs.append(("equal", size, "".join(new[j : j + size])))
            i, j = i + size, j + size
        elif op == "delete":
            runs.append(("delete", size, "".join(old[i : i + size])))
            i += size
        else:
            runs.append(("insert", size, "".join(new[j : j + size])))
            j += size
    return runs


def _token_runs(old: Sequence[str], new: Sequence[str]) -> list[tuple[OpName, int]]:
    """:func:`token_diff` without the text of the runs: (operation, number of tokens)."""
    from diff_match_patch import diff_match_patch

    codes: dict[str, str] = {}  # by folded token
    chars: dict[str, str] = {}  # by token as written
    words: set[str] = set()  # the characters that stand for words
    # Each token as written once, in the order it first occurs (the old wording first).
    for token in dict.fromkeys(chain(old, new)):
        key = fold(token)
        char = codes.get(key)
        if char is None:
            char = codes[key] = _code_point(len(codes))
            if token[:1].isalnum():
                words.add(char)
        chars[token] = char
    encode = chars.__getitem__

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main("".join(map(encode, old)), "".join(map(encode, new)), False)
    diffs = _cleaned(dmp, diffs, words)
    names: dict[int, OpName] = {0: "equal", -1: "delete", 1: "insert"}
    return [(names[code], len(chunk)) for code, chunk in diffs]


def _cleaned(dmp: Any, diffs: list[tuple[int, str]], words: set[str]) -> list[tuple[int, str]]:
    """diff-match-patch's semantic clean-up, which turns scattered matches into
    the edits a person would make, between the unchanged runs of ``KEEP_WORDS``
    words or more: those stay unchanged, as in git's word diff, however long
    the edits around them."""
    out: list[tuple[int, str]] = []
    between: list[tuple[int, str]] = []
    for code, chunk in diffs:
        if code == 0 and _holds_words(chunk, words):
            dmp.diff_cleanupSemantic(between)
            out.extend(between)
            out.append((code, chunk))
            between = []
        else:
            between.append((code, chunk))
    dmp.diff_cleanupSemantic(between)
    out.extend(between)
    dmp.diff_cleanupMerge(out)
    return out


def _holds_words(chunk: str, words: set[str]) -> bool:
    """Whether ``chunk`` holds ``KEEP_WORDS`` characters that stand for words (looked for
    until found: an unchanged run of a long clause is long)."""
    found = 0
    for char in chunk:
        if char in words:
            found += 1
            if found >= KEEP_WORDS:
                return True
    return False


def _code_point(n: int) -> str:
    """The n-th character used to stand for a token, skipping surrogates."""
    n += 0x100
    if n >= 0xD800:
        n += 0x800
    return chr(n)


def apply_diff(old: Document, delta: DocumentDiff) -> str:
    """Rebuild the new text from the old document and the diff.

    Clause words come from the old clauses and the inline operations; layout
    (markers, anchors, blank lines) from the new side. Raises ValueError if the
    diff does not fit ``old``.
    """
    parts = [delta.new_preamble]
    by_id = {c.id: c for c in old.clauses}
    for change in delta.changes:
        if change.new is None:
            continue
        if change.old is None:
            parts.append(change.new.source)
            continue
        base = by_id.get(change.old.id, change.old) if change.old.id else change.old
        content = base.content
        if change.ops:
            if "".join(op.old for op in change.ops) != content:
                raise ValueError(f"the diff does not fit clause {base.label}")
            content = "".join(op.new for op in change.ops)
        parts.append(replace(change.new, content=content).source)
    parts.append(delta.new_epilogue)
    return "".join(parts)
