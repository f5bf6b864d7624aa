"""What each version of a draft changed, read without parsing every version whole.

History and blame need, for each version, the clauses it added, reworded,
moved, renumbered or deleted. Parsing every version of a long draft whole
costs the document's size times the history's length; here each version is
derived from the one before:

1. The two texts are cut at blank lines and compared block by block (equal
   blocks paired in order, :func:`resolution_vcs.align.changed_spans`).
2. Words changed inside lines that keep their structure are taken without
   parsing. Each other difference is widened to whole top-level groups plus one
   unchanged group on either side, and only that region of the new text is
   parsed, trusted when its unchanged edges parse as they were
   (:mod:`resolution_vcs.reparse`); else the version is parsed whole.
3. Clause ids come from the version's ids file. When it does not describe
   the text (a hand edit committed with plain git), or the ids of untouched
   clauses changed, the version is read whole and diffed with
   :func:`resolution_vcs.diff.diff`.

The texts of the versions whose steps are not kept are read ahead, in order, by a
git process of their own (:meth:`Store.read_ahead`): git puts each text together
while the one before is being compared.

What a version changed is small and is kept in ``.git/resvcs/cache`` under
the blob ids of the two texts and ids files, so a second reading of the same
history reads neither the texts nor the parses; so are the clauses of the first
version (ids, Markdown and labels), under the blob ids of its text and ids file.
``tests/test_steps.py`` checks the results against whole-version diffs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Any

from .align import changed_spans, in_order
from .cache import JsonCache
from .diff import ChangeKind, InlineOp, compare_clauses, diff, word_ops
from .errors import ResolutionError
from .frozen import frozen
from .parse import (
    Outline,
    clause_parents,
    outline_labels,
    parse_outline,
)
from .reparse import (
    Piece,
    block_offsets,
    changed_ranges,
    line_edits,
    parse_region,
    parse_regions,
    regions_to_parse,
    splice,
)

if TYPE_CHECKING:
    from .model import Clause
    from .repository import Repository
    from .storage import Store

#: Bump when what is cached per step changes: old entries are then ignored.
FORMAT = "4"


@frozen
class ClauseStep:
    """One clause that a version changed."""

    id: str
    kinds: tuple[ChangeKind, ...]
    old: str | None  # the clause's Markdown before (None: added)
    new: str | None  # and after (None: deleted)
    old_label: str
    label: str
    #: Its word operations (:func:`compare_clauses`); None: not computed yet, made from
    #: ``old`` and ``new`` when :attr:`ops` is first read.
    known_ops: tuple[InlineOp, ...] | None = ()

    @property
    def ops(self) -> tuple[InlineOp, ...]:
        if self.known_ops is None:
            assert self.old is not None and self.new is not None
            object.__setattr__(self, "known_ops", word_ops(self.old, self.new))
        assert self.known_ops is not None
        return self.known_ops


@frozen
class Step:
    """One version: the clauses it changed; for the first version, every clause."""

    commit: str
    changes: tuple[ClauseStep, ...] = ()
    #: First version only: (id, Markdown, label) of every clause.
    initial: tuple[tuple[str, str, str], ...] | None = None


def version_steps(
    repo: Repository,
    slug: str,
    commits: Sequence[str],
    *,
    initial: bool = True,
    moved: Sequence[Collection[str]] | None = None,
    words: bool = True,
) -> VersionSteps:
    """The steps of a draft's versions at ``commits`` (consecutive versions, oldest
    first), to be read once, in order. With ``initial=False`` the first step does not
    list the first version's clauses (for readers that only need what changed).
    ``moved``, one per commit, names the clauses each version is known to have moved
    (see :func:`diff`). With ``words=False`` the word operations of reworded clauses
    are computed only when read (the kinds of change do not need them), and the cache
    keeps them only once computed; with ``words=True`` an entry without them gets them."""
    return VersionSteps(repo, slug, commits, initial, moved, words)


class VersionSteps(Iterator[Step]):
    """The steps :func:`version_steps` reads; once read, the last version's clauses
    too when the reading came to it version by version (:meth:`last_version`)."""

    def __init__(
        self,
        repo: Repository,
        slug: str,
        commits: Sequence[str],
        initial: bool,
        moved: Sequence[Collection[str]] | None,
        words: bool,
    ) -> None:
        self._reader = _Reader(repo, slug)
        self._commits = commits
        self._initial = initial
        self._moved = moved
        self._words = words
        self._steps: Iterator[Step] | None = None
        self._last: _State | None = None

    def last_version(self, at: str) -> list[tuple[str, str, str]] | None:
        """(id, label, Markdown) of each clause of the version at commit ``at``, from the
        state the reading ended in, if it read the last version (rather than its steps
        from the cache) and ``at`` holds the same text and ids file; else None."""
        last = self._last
        if last is None:
            return None
        if at != last.commit:
            reader = self._reader
            places = [(c, p) for c in (at, last.commit) for p in (reader.draft, reader.ids_path)]
            blobs = reader.repo.store.blob_ids_at(places)
            if blobs[:2] != blobs[2:]:
                return None
        return [
            (i, label, c.content)
            for i, label, c in zip(last.ids, last.labels, last.clauses, strict=True)
        ]

    def __iter__(self) -> VersionSteps:
        return self

    def __next__(self) -> Step:
        if self._steps is None:
            self._steps = self._read()
        return next(self._steps)

    def _read(self) -> Iterator[Step]:
        commits, moved, reader = self._commits, self._moved, self._reader
        hints = [frozenset(m) for m in moved] if moved is not None else [frozenset()] * len(commits)
        keys = reader.keys(commits, hints)
        # The versions whose steps are not kept are read with the versions before them:
        # their texts are read ahead, in order.
        missing = [n for n, key in enumerate(keys, 1) if key is None or key not in reader.cache]
        reader.read_ahead([commits[k] for k in sorted({k for n in missing for k in (n - 1, n)})])
        try:
            yield from self._steps_of(keys, hints)
        finally:
            reader.stop_reading_ahead()

    def _steps_of(self, keys: list[str | None], hints: list[frozenset[str]]) -> Iterator[Step]:
        repo, commits, initial = self._reader.repo, self._commits, self._initial
        words, slug, reader = self._words, self._reader.slug, self._reader
        ahead: dict[int, tuple[ClauseStep, ...] | None] = {}  # steps read before their turn

        def kept(n: int) -> tuple[ClauseStep, ...] | None:
            """What version ``n`` changed, from the cache (None: not there), read in its
            turn: the steps of a long history, read all at once, take far more memory."""
            if n in ahead:
                return ahead.pop(n)
            key = keys[n - 1]
            return _decode(reader.cache.get(key)) if key else None

        state: _State | None = None
        for n, commit in enumerate(commits):
            if n == 0:
                if not initial:
                    yield Step(commit)
                    continue
                first = reader.first_key(commit)
                clauses = _decode_initial(reader.cache.get(first)) if first else None
                if clauses is None:
                    if len(commits) > 1:
                        ahead[1] = kept(1)
                    if ahead.get(1, ()) is None:
                        state = reader.state(commit)
                        clauses = _initial(state)
                    else:
                        document = repo.document(slug, commit)
                        clauses = tuple((c.id, c.content, c.label) for c in document)
                        del document
                    if first:
                        reader.cache.put_rows(first, clauses)
                yield Step(commit, initial=clauses)
                continue
            changes, key = kept(n), keys[n - 1]
            if key and changes is not None and words and any(c.known_ops is None for c in changes):
                changes = tuple(replace(c, known_ops=c.ops) for c in changes)
                reader.cache.put(key, _encode(changes))
            if changes is None:
                previous = commits[n - 1]
                if state is None or state.commit != previous:
                    state = reader.state(previous)
                    if n == 1 and not initial:
                        # Read whole all the same: its clauses kept for a reading that lists them.
                        first = reader.first_key(previous)
                        if first and first not in reader.cache:
                            reader.cache.put_rows(first, _initial(state))
                state, changes = reader.advance(state, commit, hints[n], words)
                if key:
                    reader.cache.put(key, _encode(changes))
            yield Step(commit, changes=changes)
        if state is not None and commits and state.commit == commits[-1]:
            self._last = state


def _initial(state: _State) -> tuple[tuple[str, str, str], ...]:
    """(id, Markdown, label) of every clause of a version."""
    labels = state.labels
    return tuple(
        (i, c.content, labels[k])
        for k, (i, c) in enumerate(zip(state.ids, state.clauses, strict=True))
    )


@dataclass
class _State:
    """A version as the reader keeps it between steps."""

    commit: str
    size: int  # of the text, UTF-8 (offsets below count bytes: no decoding per version)
    blocks: list[bytes]  # the text cut at blank lines
    clauses: list[Clause]  # labels and parents of some may be stale: use ``outline``
    outline: Outline
    ids: list[str]
    parents: list[str | None]  # id of each clause's parent
    lengths: list[int]  # bytes of each clause's source
    preamble: str
    epilogue: str
    preamble_size: int
    _labels: list[str] | None = field(default=None, repr=False)
    _offsets: Callable[[int], int] | None = field(default=None, repr=False)

    @property
    def labels(self) -> list[str]:
        if self._labels is None:
            self._labels = outline_labels(self.outline)
        return self._labels

    @property
    def offsets(self) -> Callable[[int], int]:
        """:func:`block_offsets` of the blocks."""
        if self._offsets is None:
            self._offsets = block_offsets(self.blocks)
        return self._offsets


class _Reader:
    def __init__(self, repo: Repository, slug: str) -> None:
        self.repo = repo
        self.slug = slug
        self.draft = f"drafts/{slug}.md"
        self.ids_path = f"drafts/{slug}.ids"
        self.cache = JsonCache(repo.store.git_dir / "resvcs" / "cache" / f"steps{FORMAT}")
        #: The blob id of the text at each commit, as :meth:`keys` found them.
        self._texts: dict[str, str] = {}
        self._ahead: _Ahead | None = None

    def keys(self, commits: Sequence[str], hints: Sequence[frozenset[str]]) -> list[str | None]:
        """The cache key of each step: the blob ids of both texts and ids files,
        and the clauses the step is known to have moved."""
        from .digests import sha1

        blobs = self.repo.store.blob_ids_at(
            [(commit, path) for commit in commits for path in (self.draft, self.ids_path)]
        )
        pairs = list(zip(blobs[0::2], blobs[1::2], strict=True))
        self._texts = {c: text for c, (text, _) in zip(commits, pairs, strict=True) if text}
        keys: list[str | None] = []
        for ((old_text, old_ids), (new_text, new_ids)), hint in zip(
            pairwise(pairs), hints[1:], strict=True
        ):
            if old_text is None or new_text is None:
                keys.append(None)
                continue
            parts = (old_text, old_ids or "-", new_text, new_ids or "-", *sorted(hint))
            keys.append(sha1(":".join(parts).encode()).hexdigest())
        return keys

    def first_key(self, commit: str) -> str | None:
        """The cache key of the clauses of a first version: the blob ids of its text and
        ids file; None when the ids file does not describe the text (the ids are then
        found from other versions)."""
        from .digests import sha1

        text, ids = self.repo.store.blob_ids_at([(commit, self.draft), (commit, self.ids_path)])
        if text is None or ids is None or self.repo.recorded_ids(self.slug, commit, text) is None:
            return None
        return sha1(f"first:{text}:{ids}".encode()).hexdigest()

    def read_ahead(self, commits: Sequence[str]) -> None:
        """Read the texts at ``commits`` ahead, in this order: the order in which
        they will be asked for (one asked for out of turn is read on its own)."""
        self.stop_reading_ahead()
        planned = [(c, self._texts[c]) for c in commits if c in self._texts]
        # A few are read at once as well: a process of their own is not worth starting.
        if len(planned) > 2:
            self._ahead = _Ahead(self.repo.store, planned)

    def stop_reading_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None

    def _read(self, commit: str) -> tuple[bytes, str, list[str] | None]:
        """The text, its blob id, and the ids from the ids file if they describe it."""
        found = self._ahead.take(commit) if self._ahead is not None else None
        if found is None:
            found = self.repo.store.read(commit, self.draft)
        if found is None:
            raise ResolutionError(f"Document {self.slug!r} does not exist at {commit[:12]}")
        blob, data = found
        if len(data) > self.repo.config.max_document_bytes:
            self.repo.stored_text(self.slug, commit, data)  # says what is wrong
        record = self.repo.recorded_ids(self.slug, commit, blob)
        return data, blob, None if record is None else record.ids

    def state(self, commit: str) -> _State:
        """A version read whole."""
        data, blob, ids = self._read(commit)
        doc, outline = parse_outline(self.repo.stored_text(self.slug, commit, data))
        self.repo.note_clause_count(blob, len(doc.clauses))
        if ids is None or len(ids) != len(doc.clauses):
            ids = [c.id for c in self.repo.document(self.slug, commit)]
        clauses = list(doc.clauses)
        return _State(
            commit=commit,
            size=len(data),
            blocks=data.split(b"\n\n"),
            clauses=clauses,
            outline=outline,
            ids=ids,
            parents=[None if c.parent is None else ids[c.parent] for c in clauses],
            lengths=[c.source_size(utf8=True) for c in clauses],
            preamble=doc.preamble,
            epilogue=doc.epilogue,
            preamble_size=len(doc.preamble.encode("utf-8")),
        )

    def advance(
        self, state: _State, commit: str, moved: frozenset[str], words: bool
    ) -> tuple[_State, tuple[ClauseStep, ...]]:
        """The next version's state and what it changed (``moved``: the clauses
        it is known to have moved; ``words``: whether to compute word operations)."""
        data, blob, ids = self._read(commit)
        if ids is not None:
            try:
                done = _advance(state, commit, data, ids, moved, words)
            except UnicodeDecodeError:
                done = None
            if done is not None:
                self.repo.note_clause_count(blob, len(done[0].clauses))
                return done
        return self._whole(state, commit, moved)

    def _whole(
        self, state: _State, commit: str, moved: frozenset[str]
    ) -> tuple[_State, tuple[ClauseStep, ...]]:
        """The next version read whole and compared with :func:`diff`."""
        old = self.repo.document(self.slug, state.commit)
        new = self.repo.document(self.slug, commit)
        changes = tuple(
            ClauseStep(
                id=c.id,
                kinds=c.kinds,
                old=None if c.old is None else c.old.content,
                new=None if c.new is None else c.new.content,
                old_label="" if c.old is None else c.old.label,
                label="" if c.new is None else c.new.label,
                known_ops=c.ops,
            )
            for c in diff(old, new, moved).changes
            if c.kinds
        )
        return self.state(commit), changes


class _Ahead:
    """The texts of versions read ahead (:meth:`Store.read_ahead`), taken in order."""

    def __init__(self, store: Store, planned: list[tuple[str, str]]) -> None:
        self._planned = deque(planned)  # (commit, blob id of its text)
        self._waiting = {commit for commit, _ in planned}
        self._texts = store.read_ahead([blob for _, blob in planned])

    def take(self, commit: str) -> tuple[str, bytes] | None:
        """(blob id, bytes) of the text at ``commit`` if it was read ahead and not taken
        yet (the texts planned before it, not asked for after all, are passed over)."""
        if commit not in self._waiting:
            return None
        while self._planned:
            planned, blob = self._planned.popleft()
            self._waiting.discard(planned)
            data = next(self._texts)
            if planned == commit:
                return None if data is None else (blob, data)
        return None

    def close(self) -> None:
        self._texts.close()


def _advance(
    state: _State, commit: str, data: bytes, ids: list[str], moved: frozenset[str], words: bool
) -> tuple[_State, tuple[ClauseStep, ...]] | None:
    """The next version by parsing only what changed; None when that cannot be trusted."""
    blocks = _blocks(data, state.blocks)
    spans = changed_spans(state.blocks, blocks)
    n = len(state.clauses)
    if not spans:
        return (replace(state, commit=commit), ()) if ids == state.ids else None
    if n == 0:
        return None
    old_at, new_at = state.offsets, block_offsets(blocks)
    ranges, to_new = changed_ranges(spans, old_at, new_at, (state.blocks, blocks))
    starts = list(accumulate(state.lengths, initial=state.preamble_size))
    # Words changed inside lines that keep their structure need no parsing at all.
    edited, handled = line_edits(state.clauses, state.blocks, blocks, spans, old_at, starts)
    current = list(state.clauses)
    for k, clause in edited.items():
        current[k] = clause
    regions = regions_to_parse(
        [r for k, r in enumerate(ranges) if k not in handled], starts, state.outline
    )
    sizes = (state.size, len(data))
    merged = parse_regions(
        regions,
        lambda region: parse_region(
            state.outline,
            current,
            region,
            starts,
            to_new,
            sizes,
            lambda a, b: data[a:b].decode("utf-8"),
        ),
    )
    if merged is None:
        return None

    # new_ids_at: where each region's new clauses start in the new list.
    clauses, outline, new_ids_at, preamble, epilogue = splice(
        current, state.outline, merged, state.preamble, state.epilogue
    )
    if len(clauses) != len(ids):
        return None

    # The ids of the clauses outside the regions must not have changed, but for
    # clauses reworded in place that took a new id.
    renamed = _renamed(state, ids, merged, new_ids_at, edited)
    if renamed is None:
        return None

    # Parents: the same outside the regions, found through the outline inside them
    # (a region holds whole top-level groups, so every parent is in the same one).
    parents = list(state.parents)
    lengths = list(state.lengths)
    for k, clause in edited.items():
        lengths[k] = clause.source_size(utf8=True)
    for (region, inner, inner_outline, *_), at in reversed(
        list(zip(merged, new_ids_at, strict=True))
    ):
        parents[region.lo + 1 : region.hi] = [
            None if p is None else ids[at + p] for p in clause_parents(inner_outline)
        ]
        lengths[region.lo + 1 : region.hi] = [c.source_size(utf8=True) for c in inner]
    new = _State(
        commit=commit,
        size=len(data),
        blocks=blocks,
        clauses=clauses,
        outline=outline,
        ids=ids,
        parents=parents,
        lengths=lengths,
        preamble=preamble,
        epilogue=epilogue,
        preamble_size=len(preamble.encode("utf-8")),
        _offsets=new_at,
    )
    if all(
        _shape(state.outline[region.lo + 1 : region.hi]) == _shape(inner_outline)
        for region, _, inner_outline, *_ in merged
    ):
        new._labels = state._labels  # an outline of the same shape: the same labels
    # Clauses reworded outside the regions: (old index, new index) by id.
    outside: dict[str, tuple[int, int]] = {}
    for k in edited:
        if k in renamed:
            continue
        shift = 0
        for region, inner, *_ in merged:
            if region.hi <= k:
                shift += len(inner) - (region.hi - region.lo - 1)
            elif region.lo < k:
                break  # inside a region: parsed there
        else:
            outside[state.ids[k]] = (k, k + shift)
    return new, _changes(state, new, merged, new_ids_at, outside, renamed, moved, words)


#: How many blocks :func:`_blocks` looks for at once.
_RUN = 16


def _blocks(data: bytes, before: Sequence[bytes]) -> list[bytes]:
    """``data.split(b"\n\n")``, where each block found as it was in ``before`` (the blocks
    of the version before, as this function or ``split`` cut them) is that very object: a
    new version is mostly the blocks of the one before, and comparing or hashing a block
    with itself costs nothing (nor does making and freeing it again). The old text is not
    kept: a history holds one version's text at a time.

    Read in order, the old blocks at hand are taken when the text goes on with them
    (up to ``_RUN`` at once, then one by one) and a blank line: a block holds no blank
    line and, but the last one, ends in no line break, so ``split`` cuts the text there
    too. Else the next block is cut at the next blank line; the old block after the one
    at hand is taken for it if they are equal (the one at hand was deleted), and the
    one at hand is looked for after it again if it is there (the block was inserted)."""
    blocks: list[bytes] = []
    append = blocks.append
    startswith, find = data.startswith, data.find
    last = len(before) - 1  # the last old block may end in a line break: never taken
    pos = i = 0
    careful = 0  # the old blocks before this one are looked for one by one
    while i < last:
        if i >= careful:
            j = min(i + _RUN, last)
            run = b"\n\n".join(before[i:j])  # a copy of a few blocks, not of the old text
            end = pos + len(run)
            if startswith(run, pos) and startswith(b"\n\n", end):
                blocks += before[i:j]
                pos, i = end + 2, j
                continue
            careful = j
        block = before[i]
        end = pos + len(block)
        if startswith(block, pos) and startswith(b"\n\n", end):
            append(block)
            pos, i = end + 2, i + 1
            continue
        end = find(b"\n\n", pos)
        if end < 0:
            break
        new = data[pos:end]
        pos = end + 2
        if i + 1 < last and new == before[i + 1]:
            append(before[i + 1])
            i += 2
            continue
        append(new)
        if not (startswith(block, pos) and startswith(b"\n\n", pos + len(block))):
            i += 1
    blocks.extend(data[pos:].split(b"\n\n"))
    return blocks


def _renamed(
    state: _State,
    ids: list[str],
    merged: list[Piece],
    new_ids_at: list[int],
    edited: dict[int, Clause],
) -> dict[int, int] | None:
    """The clauses outside the regions whose id changed (old index: new index): only
    clauses reworded in place may, their old id gone and their new one new, and none
    the parent of another (whose parent then changed). None when others did."""
    renamed: dict[int, int] = {}
    old_pos = new_pos = 0
    outside = [
        (region.lo + 1, at, region.hi, at + len(inner))
        for (region, inner, *_), at in zip(merged, new_ids_at, strict=True)
    ]
    for upto, at, old_next, new_next in [*outside, (len(state.ids), len(ids), 0, 0)]:
        if state.ids[old_pos:upto] != ids[new_pos:at]:
            for k in range(old_pos, upto):
                if state.ids[k] != ids[new_pos + k - old_pos]:
                    if k not in edited:
                        return None
                    renamed[k] = new_pos + k - old_pos
        old_pos, new_pos = old_next, new_next
    if renamed:
        old_ids, new_ids = set(state.ids), set(ids)
        if any(
            state.ids[k] in new_ids or ids[n] in old_ids or state.ids[k] in state.parents
            for k, n in renamed.items()
        ):
            return None
    return renamed


def _shape(outline: Outline) -> list[tuple[object, ...]]:
    """What the labels of a part of an outline (whole top-level groups) are made of:
    two parts of the same shape in the same place give every clause the same label."""
    parents = clause_parents(outline)
    return [
        (
            b.kind,
            b.ordered,
            b.number,
            b.after_list,
            b.parent is None,
            object() if p is None and b.parent is not None else p,
        )
        for b, p in zip(outline, parents, strict=True)
    ]


def _changes(
    old: _State,
    new: _State,
    merged: list[Piece],
    new_ids_at: list[int],
    outside: dict[str, tuple[int, int]],
    renamed: dict[int, int],
    hint: frozenset[str],
    words: bool,
) -> tuple[ClauseStep, ...]:
    """The clauses a step changed, in the order :func:`diff` lists them (``renamed``:
    the clauses outside the regions that took a new id, deleted and added)."""
    before = {old.ids[k]: k for k in renamed}
    after = {new.ids[k]: k for k in renamed.values()}
    region_of: dict[str, int] = {}
    for r, ((region, inner, *_), at) in enumerate(zip(merged, new_ids_at, strict=True)):
        for k in range(region.lo + 1, region.hi):
            before[old.ids[k]] = k
            region_of[old.ids[k]] = r
        for k in range(at, at + len(inner)):
            after[new.ids[k]] = k
    # Clauses outside the regions keep their order; so do the others unless one
    # changed places inside its region or went to another region.
    common_before = [i for i in before if i in after]
    common_after = [i for i in after if i in before]
    moved: set[str] = set()
    if common_before != common_after or any(
        region_of[i] != r
        for r, ((_, inner, *_), at) in enumerate(zip(merged, new_ids_at, strict=True))
        for i in new.ids[at : at + len(inner)]
        if i in region_of
    ):
        position = {i: k for k, i in enumerate(old.ids)}
        match = [position.get(i) for i in new.ids]
        keep = in_order(match, [k for k, i in enumerate(new.ids) if i in hint] if hint else ())
        moved = {new.ids[k] for k, kept in enumerate(keep) if not kept and match[k] is not None}
    for i, k in after.items():
        o = before.get(i)
        if o is not None and old.parents[o] != new.parents[k]:
            moved.add(i)

    old_labels, new_labels = old.labels, new.labels
    steps: list[ClauseStep] = []
    for i in sorted(before.keys() - after.keys(), key=before.__getitem__):
        k = before[i]
        steps.append(
            ClauseStep(i, (ChangeKind.DELETED,), old.clauses[k].content, None, old_labels[k], "")
        )
    new_positions = dict(after)
    for i, (_, k) in outside.items():
        new_positions[i] = k
    for i in moved:
        if i not in new_positions:
            new_positions[i] = new.ids.index(i)
    old_positions = {i: outside[i][0] if i in outside else before.get(i) for i in new_positions}
    for i, k in sorted(new_positions.items(), key=lambda item: item[1]):
        o = old_positions[i]
        if o is None and i in moved:
            o = old.ids.index(i)
        clause = new.clauses[k]
        if o is None:
            steps.append(
                ClauseStep(i, (ChangeKind.ADDED,), None, clause.content, "", new_labels[k])
            )
            continue
        was = old.clauses[o]
        kinds, ops = compare_clauses(was, clause, moved=i in moved, words=words)
        if kinds:
            known = ops if words or was.content == clause.content else None
            steps.append(
                ClauseStep(
                    i, kinds, was.content, clause.content, old_labels[o], new_labels[k], known
                )
            )
    return tuple(steps)


def _encode(changes: tuple[ClauseStep, ...]) -> list[Any]:
    return [
        [
            c.id,
            [k.value for k in c.kinds],
            c.old,
            c.new,
            c.old_label,
            c.label,
            None if c.known_ops is None else _encode_ops(c.known_ops),
        ]
        for c in changes
    ]


#: How a word operation is kept: a code, the length of its text, and for an equal run
#: whose old characters differ (in white space), their length too.
_INSERT, _DELETE, _EQUAL, _EQUAL_APART = 1, -1, 0, 2


def _encode_ops(ops: tuple[InlineOp, ...]) -> list[int]:
    """Word operations as the lengths of their texts: each one's text is the next part
    of the old wording, the new one or both (:func:`_decode_ops` cuts them again),
    kept once instead of twice."""
    out: list[int] = []
    for op in ops:
        if op.op == "insert":
            out += (_INSERT, len(op.text))
        elif op.op == "delete":
            out += (_DELETE, len(op.text))
        elif op.old_text is None:
            out += (_EQUAL, len(op.text))
        else:
            out += (_EQUAL_APART, len(op.text), len(op.old_text))
    return out


def _decode_ops(codes: list[int], old: str | None, new: str | None) -> tuple[InlineOp, ...]:
    """The word operations :func:`_encode_ops` kept for a clause worded ``old``, then
    ``new``; ValueError when they do not cut both wordings whole."""
    if not codes:
        return ()
    if old is None or new is None:
        raise ValueError("word operations of a clause added or deleted")
    ops: list[InlineOp] = []
    i = j = k = 0  # in the old wording, the new one, the codes
    while k < len(codes):
        code, size = codes[k], codes[k + 1]
        k += 2
        if size < 0:
            raise ValueError("a word operation of a negative length")
        if code == _INSERT:
            ops.append(InlineOp("insert", new[j : j + size]))
            j += size
        elif code == _DELETE:
            ops.append(InlineOp("delete", old[i : i + size]))
            i += size
        elif code == _EQUAL:
            ops.append(InlineOp("equal", new[j : j + size]))
            i, j = i + size, j + size
        elif code == _EQUAL_APART:
            apart = codes[k]
            k += 1
            if apart < 0:
                raise ValueError("a word operation of a negative length")
            ops.append(InlineOp("equal", new[j : j + size], old[i : i + apart]))
            i, j = i + apart, j + size
        else:
            raise ValueError(f"no word operation {code!r}")
        if i > len(old) or j > len(new):
            raise ValueError("word operations past the wording")
    if i != len(old) or j != len(new):
        raise ValueError("word operations that do not cut the wordings whole")
    return tuple(ops)


def _decode_initial(data: Any) -> tuple[tuple[str, str, str], ...] | None:
    try:
        clauses = tuple((i, content, label) for i, content, label in data)
    except (TypeError, ValueError):
        return None
    if not all(isinstance(x, str) for clause in clauses for x in clause):
        return None
    return clauses


def _decode(data: Any) -> tuple[ClauseStep, ...] | None:
    try:
        return tuple(
            ClauseStep(
                id=row[0],
                kinds=tuple(ChangeKind(k) for k in row[1]),
                old=row[2],
                new=row[3],
                old_label=row[4],
                label=row[5],
                known_ops=None if row[6] is None else _decode_ops(row[6], row[2], row[3]),
            )
            for row in data
        )
    except (TypeError, ValueError, IndexError):
        return None


__all__ = ["ClauseStep", "Step", "VersionSteps", "version_steps"]
