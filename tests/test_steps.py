"""Reading a history step by step gives what whole-version diffs give.

The reference below parses every version whole and compares consecutive
versions with :func:`resolution_vcs.diff.diff`; :mod:`resolution_vcs.steps`
parses only what changed and keeps the result in a cache. Both must agree on
every clause, cold and warm, on a real law's 14 versions, on generated
histories (lists renumbered, groups merged, fences opened, hand edits committed
with plain git) and for blame.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import zlib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from resolution_vcs.amend import replace_throughout
from resolution_vcs.cache import JsonCache
from resolution_vcs.diff import diff, word_ops
from resolution_vcs.errors import InputError
from resolution_vcs.history import (
    Attribution,
    Span,
    _carry,
    attributions,
    blame,
    clause_history,
)
from resolution_vcs.reparse import block_offsets
from resolution_vcs.repository import Repository
from resolution_vcs.steps import Step, VersionSteps, _blocks, _Reader, version_steps
from resolution_vcs.storage import Person, Store
from resolution_vcs.text import tokenize, words

from .conftest import CHAIR, CORPUS, DATE, EDITOR, commit_by_hand
from .strategies import blocks, histories

SLUG = "law"

Row = tuple[object, ...]


def reference(repo: Repository, slug: str) -> list[list[Row]]:
    """Each version's changed clauses, from whole versions and diff()."""
    commits = [a.commit for a in attributions(repo, slug)]
    docs = [repo.document(slug, c) for c in commits]
    result = [sorted((c.id, c.content, c.label) for c in docs[0])]
    for old, new in zip(docs, docs[1:], strict=False):
        rows = [
            (
                c.id,
                tuple(c.kinds),
                None if c.old is None else c.old.content,
                None if c.new is None else c.new.content,
                "" if c.old is None else c.old.label,
                "" if c.new is None else c.new.label,
                c.ops,
            )
            for c in diff(old, new).changes
            if c.kinds
        ]
        result.append(sorted(rows, key=repr))
    return result


def stepped(repo: Repository, slug: str) -> list[list[Row]]:
    commits = [a.commit for a in attributions(repo, slug)]
    return stepped_rows(version_steps(repo, slug, commits))


def stepped_rows(steps: Iterable[Step]) -> list[list[Row]]:
    result: list[list[Row]] = []
    for step in steps:
        if step.initial is not None:
            result.append(sorted(step.initial))
        else:
            rows = [
                (c.id, c.kinds, c.old, c.new, c.old_label, c.label, c.ops) for c in step.changes
            ]
            result.append(sorted(rows, key=repr))
    return result


def reference_blame(repo: Repository, slug: str) -> list[tuple[str, str, tuple[Span, ...]]]:
    """Blame as whole versions give it: every version parsed, every pair diffed."""
    runs: dict[str, list[tuple[str, Attribution]]] = {}
    previous = None
    for attribution in attributions(repo, slug):
        doc = repo.document(slug, attribution.commit)
        if previous is None:
            runs = {c.id: [(t, attribution) for t in tokenize(c.content)] for c in doc}
        else:
            for change in diff(previous, doc).changes:
                if change.new is None:
                    runs.pop(change.id, None)
                elif change.old is None:
                    runs[change.id] = [(t, attribution) for t in tokenize(change.new.content)]
                elif change.ops:  # reworded, or renumbered in its text ("7." → "8.")
                    old = runs.get(change.id, [])
                    out: list[tuple[str, Attribution]] = []
                    i = 0
                    for op in change.ops:
                        if op.op == "insert":
                            out.extend((t, attribution) for t in tokenize(op.text))
                            continue
                        if op.op == "equal":
                            for k, t in enumerate(tokenize(op.text)):
                                source = old[i + k][1] if i + k < len(old) else attribution
                                out.append((t, source))
                        i += len(tokenize(op.old))
                    runs[change.id] = out
        previous = doc
    result = []
    for clause in repo.document(slug):
        spans: list[Span] = []
        for text, attribution in runs.get(clause.id, []):
            if spans and spans[-1].attribution == attribution:
                spans[-1] = Span(spans[-1].text + text, attribution)
            else:
                spans.append(Span(text, attribution))
        result.append((clause.id, clause.label, tuple(spans)))
    return result


def forget(repo: Repository) -> None:
    """Drop every cache: the next reading is cold."""
    shutil.rmtree(repo.store.git_dir / "resvcs" / "cache", ignore_errors=True)
    repo._documents.clear()


def check(repo: Repository, slug: str) -> None:
    expected = reference(repo, slug)
    forget(repo)
    assert stepped(repo, slug) == expected  # cold
    assert stepped(repo, slug) == expected  # warm: from the cache
    forget(repo)
    got = [(b.id, b.label, b.spans) for b in blame(repo, slug)]
    assert got == reference_blame(repo, slug)


def new_repo(path: Path, text: str) -> Repository:
    repo = Repository.init(path, actor=Person.parse(CHAIR), date=DATE)
    repo.import_document(
        text.encode("utf-8"), source="law.md", slug=SLUG, author=Person.parse(CHAIR), date=DATE
    )
    return repo


def revise(repo: Repository, text: str) -> None:
    repo.revise(
        SLUG, text.encode("utf-8"), source="law.md", author=Person.parse(EDITOR), message="Edit"
    )


def hand_edit(repo: Repository, text: str) -> None:
    """A new text committed with plain git: the ids file no longer describes it."""
    commit_by_hand(repo, SLUG, text)


def test_a_real_law_through_its_versions(tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    repo = new_repo(tmp_path / "r", texts[0])
    for text in texts[1:]:
        revise(repo, text)
    check(repo, SLUG)
    # A clause that changed along the way has the same history read either way.
    changed = next(row[0] for step in reference(repo, SLUG)[1:] for row in step)
    forget(repo)
    cold = clause_history(repo, SLUG, str(changed))
    assert cold == clause_history(repo, SLUG, str(changed))
    assert len(cold) >= 2


@settings(
    max_examples=int(os.environ.get("RESVCS_STEPS_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.lists(blocks(), min_size=1, max_size=8), later=histories())
def test_generated_histories(tmp_path_factory: pytest.TempPathFactory, start, later) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n".join(start) + "\n"
    try:
        repo = new_repo(tmp_path_factory.mktemp("h") / "r", text)
    except InputError:  # nothing to import (a rule alone): refused, rightly
        assume(False)
    try:
        for new, how in later:
            if how == "hand":
                if new != repo.text(SLUG):
                    hand_edit(repo, new)
            else:
                with suppress(InputError):  # a version with no words: refused
                    revise(repo, new)
        check(repo, SLUG)
    finally:
        repo.close()


def _corpus_history(folder: Path, versions: int) -> tuple[Repository, list[list[Row]]]:
    """A repository of the corpus law's first ``versions`` versions, its steps as whole
    diffs give them, and its cache emptied."""
    texts = [p.read_text(encoding="utf-8") for p in CORPUS[:versions]]
    repo = new_repo(folder, texts[0])
    for text in texts[1:]:
        revise(repo, text)
    expected = reference(repo, SLUG)
    forget(repo)
    return repo, expected


def test_a_damaged_cache_entry_is_read_again(tmp_path: Path) -> None:
    repo, expected = _corpus_history(tmp_path / "r", 3)
    stepped(repo, SLUG)
    entries = list((repo.store.git_dir / "resvcs" / "cache").glob("steps*/*/*"))
    assert len(entries) == 3  # two steps and the first version's clauses
    for entry in entries:
        entry.write_bytes(b"not zlib")
    assert stepped(repo, SLUG) == expected


def _reworded_beyond_recognition(words: str) -> str:
    """The same first letter, every other word new: a new clause to the ids."""
    return words[0] + "ertain quite unrelated wording replaces everything written here before."


def test_a_clause_reworded_in_place_into_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = "Members shall meet every month in the council hall and keep minutes."
    text = (
        "# Rules\n\nThe council shall sit in public.\n\n"
        f"{first}\n\n"
        "1. The chair opens the sitting.\n2. The clerk reads the agenda.\n"
    )
    repo = new_repo(tmp_path / "r", text)
    revise(repo, text.replace(first, _reworded_beyond_recognition(first)))
    before, after = (repo.document(SLUG, a.commit) for a in attributions(repo, SLUG))
    assert [c.id for c in before][:2] == [c.id for c in after][:2]
    assert before.clauses[2].id != after.clauses[2].id  # the reworded one took a new id
    # Read without parsing the versions whole: only the words changed in place.
    monkeypatch.setattr("resolution_vcs.steps._Reader._whole", lambda *_: pytest.fail("read whole"))
    check(repo, SLUG)


def test_a_parent_reworded_in_place_into_a_new_clause(tmp_path: Path) -> None:
    first = "Members shall meet every month in the council hall and keep minutes."
    text = f"1. {first}\n   - The chair opens the sitting.\n2. The clerk reads the agenda.\n"
    repo = new_repo(tmp_path / "r", text)
    revise(repo, text.replace(first, _reworded_beyond_recognition(first)))
    before, after = (repo.document(SLUG, a.commit) for a in attributions(repo, SLUG))
    assert before.clauses[0].id != after.clauses[0].id
    assert before.clauses[1].id == after.clauses[1].id  # its item now has a new parent
    check(repo, SLUG)


def _cached_steps(repo: Repository) -> list[list[list[object]]]:
    """The steps kept in the cache (not the first version's clauses, three fields a row)."""
    entries = sorted((repo.store.git_dir / "resvcs" / "cache").glob("steps*/*/*"))
    found = [json.loads(zlib.decompress(entry.read_bytes())) for entry in entries]
    return [rows for rows in found if not any(len(row) == 3 for row in rows)]


def test_word_operations_are_computed_when_first_needed(tmp_path: Path) -> None:
    repo, expected = _corpus_history(tmp_path / "r", 4)
    commits = [a.commit for a in attributions(repo, SLUG)]
    # Without word operations (as a clause's history reads): none computed, none kept...
    lazy = list(version_steps(repo, SLUG, commits, words=False))
    reworded = [c for step in lazy for c in step.changes if c.old and c.new and c.old != c.new]
    assert reworded and all(c.known_ops is None for c in reworded)
    kept = [row for entry in _cached_steps(repo) for row in entry]
    assert any(row[6] is None for row in kept)
    # ...yet read, they are the ones a whole diff gives, and so are the entries kept.
    assert stepped_rows(lazy) == expected
    assert stepped(repo, SLUG) == expected  # from entries without word operations
    # Read with them (as blame reads), the entries get them: none is missing afterwards.
    assert all(row[6] is not None for entry in _cached_steps(repo) for row in entry)
    assert stepped(repo, SLUG) == expected
    assert [(b.id, b.label, b.spans) for b in blame(repo, SLUG)] == reference_blame(repo, SLUG)


def test_the_first_version_is_kept_by_its_text_and_ids_file(tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS[:2]]
    repo = new_repo(tmp_path / "r", texts[0])
    revise(repo, texts[1])
    first, second = (a.commit for a in attributions(repo, SLUG))
    cold = clause_history(repo, SLUG, "1")
    reader = _Reader(repo, SLUG)
    key = reader.first_key(first)
    assert key is not None and reader.cache.get(key) is not None
    assert clause_history(repo, SLUG, "1") == cold  # warm: from the kept clauses
    # Another text, or another ids file, is another entry.
    assert reader.first_key(second) not in (None, key)
    # A text whose ids file does not describe it (its ids come from other versions)
    # is never kept: no entry can outlive what its ids were found from.
    hand_edit(repo, texts[0].replace("Стаття", "Статті", 1))
    assert reader.first_key(repo.store.head() or "") is None


def test_blame_keeps_the_first_version_for_a_history_read_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = _corpus_history(tmp_path / "r", 3)
    target = repo.document(SLUG, attributions(repo, SLUG)[0].commit).clauses[5].id
    expected = clause_history(repo, SLUG, target)
    forget(repo)
    blame(repo, SLUG)  # reads the first version whole: its clauses are kept
    repo._documents.clear()
    with monkeypatch.context() as m:
        m.setattr(_Reader, "state", lambda *_: pytest.fail("a version read whole"))
        m.setattr(Repository, "document", lambda *_, **__: pytest.fail("a document read"))
        assert clause_history(repo, SLUG, target) == expected


def test_kept_steps_are_read_one_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, expected = _corpus_history(tmp_path / "r", 4)
    assert stepped(repo, SLUG) == expected  # fills the cache
    commits = [a.commit for a in attributions(repo, SLUG)]
    keys = _Reader(repo, SLUG).keys(commits, [frozenset()] * len(commits))
    read: list[str] = []
    original = JsonCache.get

    def logged(self: JsonCache, key: str) -> object:
        read.append(key)
        return original(self, key)

    monkeypatch.setattr(JsonCache, "get", logged)
    steps = version_steps(repo, SLUG, commits)
    for n in range(len(commits)):
        next(steps)
        assert [k for k in keys[n:] if k in read] == []  # not before its turn
    assert stepped_rows(version_steps(repo, SLUG, commits)) == expected


def test_blame_takes_the_last_version_from_the_steps_that_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = _corpus_history(tmp_path / "r", 3)
    word = words(repo.document(SLUG).clauses[-1].content)[0]
    doc = repo.document(SLUG)
    # The current commit is a proposal's: the same text as the last version's.
    repo.propose(SLUG, [replace_throughout(doc, word, word + "x")], author=Person.parse(EDITOR))
    forget(repo)
    served: list[bool] = []
    original = VersionSteps.last_version

    def spy(self: VersionSteps, at: str) -> list[tuple[str, str, str]] | None:
        found = original(self, at)
        served.append(found is not None)
        return found

    monkeypatch.setattr(VersionSteps, "last_version", spy)
    cold = [(b.id, b.label, b.spans) for b in blame(repo, SLUG)]
    assert served == [True]
    assert cold == reference_blame(repo, SLUG)
    # Steps from the cache: the last version is read as a document.
    repo._documents.clear()
    assert [(b.id, b.label, b.spans) for b in blame(repo, SLUG)] == cold
    assert served == [True, False]


def test_texts_read_ahead_are_the_ones_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, expected = _corpus_history(tmp_path / "r", 6)
    commits = [a.commit for a in attributions(repo, SLUG)]
    keys = _Reader(repo, SLUG).keys(commits, [frozenset()] * len(commits))
    draft = f"drafts/{SLUG}.md"
    texts: list[str] = []  # the commits whose text was read on its own
    original = Store.read

    def logged(self: Store, commit: str, path: str) -> tuple[str, bytes] | None:
        if path == draft:
            texts.append(commit)
        return original(self, commit, path)

    monkeypatch.setattr(Store, "read", logged)
    assert stepped(repo, SLUG) == expected  # cold: every text read ahead
    assert texts == []
    # Some steps kept, others not: the texts read ahead are those of the others.
    cache = _Reader(repo, SLUG).cache
    for key in (keys[1], keys[3]):
        assert key is not None and key in cache
        cache._path(key).unlink()
    steps = version_steps(repo, SLUG, commits)
    first = next(steps)  # the plan is made: steps 2 and 4, from versions 2 to 5
    # One of them kept again by another reader before its turn: its texts are passed over.
    assert stepped(repo, SLUG) == expected
    assert stepped_rows([first, *steps]) == expected
    assert texts == []
    # A text asked for out of turn is read on its own.
    reader = _Reader(repo, SLUG)
    reader.keys(commits, [frozenset()] * len(commits))
    reader.read_ahead(commits[2:])

    def text(commit: str) -> tuple[bytes, str]:
        found = original(repo.store, commit, draft)
        assert found is not None
        return found[1], found[0]

    assert reader._read(commits[1])[:2] == text(commits[1])
    assert texts == [commits[1]]
    assert reader._read(commits[4])[:2] == text(commits[4])
    assert reader._read(commits[2])[:2] == text(commits[2])
    assert texts == [commits[1], commits[2]]  # passed over: no longer ahead
    reader.stop_reading_ahead()


def test_a_blob_git_does_not_have_is_read_ahead_as_none(tmp_path: Path) -> None:
    repo, _ = _corpus_history(tmp_path / "r", 2)
    blob = repo.store.read(repo.store.head() or "", f"drafts/{SLUG}.md")
    assert blob is not None
    texts = repo.store.read_ahead([blob[0], "0" * 40, blob[0]])
    assert next(texts) == blob[1]
    assert next(texts) is None
    texts.close()  # stopped early: its git process is stopped too
    with pytest.raises(InputError):
        next(repo.store.read_ahead(["HEAD:drafts/law.md"]))


_WORDINGS = st.lists(
    st.sampled_from(
        ["law", "Law", "art", "5", " ", "  ", "\u00a0", "\n", "-", "'", "’", ",", "«", "»", "§"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_WORDINGS, _WORDINGS)
def test_word_operations_count_tokens_as_the_wordings_do(old: str, new: str) -> None:
    first = Attribution("v1", "a" * 40, DATE, "import", CHAIR)
    later = replace(first, version="v2", commit="b" * 40)
    assume(old != new)  # a wording kept has no word operations
    ops = word_ops(old, new)
    # Each operation holds whole tokens of its wordings, an equal one as many on each side:
    # blame counts the tokens of the operations, not of the wordings.
    assert sum(len(tokenize(op.old)) for op in ops) == len(tokenize(old))
    assert sum(len(tokenize(op.new)) for op in ops) == len(tokenize(new))
    for op in ops:
        if op.op == "equal":
            assert len(tokenize(op.text)) == len(tokenize(op.old))
    # A wording without runs of its own reads as the first version's.
    carried = _carry(None, ops, later, first)
    assert carried == _carry([(len(tokenize(old)), first)], ops, later, first)
    assert sum(n for n, _ in carried) == len(tokenize(new))


def test_the_block_offsets_kept_are_those_of_the_blocks(tmp_path: Path) -> None:
    repo, _ = _corpus_history(tmp_path / "r", 4)
    commits = [a.commit for a in attributions(repo, SLUG)]
    reader = _Reader(repo, SLUG)
    state = reader.state(commits[0])
    for commit in commits[1:]:
        state, _ = reader.advance(state, commit, frozenset(), False)
        fresh = block_offsets(state.blocks)
        assert [state.offsets(i) for i in range(len(state.blocks) + 1)] == [
            fresh(i) for i in range(len(state.blocks) + 1)
        ]


def _cut(text: bytes, old: bytes) -> list[bytes]:
    """``text`` cut into blocks by :func:`_blocks`, read after ``old``."""
    return _blocks(text, old.split(b"\n\n"))


_PIECES = st.lists(st.sampled_from(["a", "b", " ", "\n", "\n\n", "\n\n\n"]), max_size=16)


@given(old=_PIECES, new=_PIECES)
@settings(max_examples=500, deadline=None)
def test_blocks_cut_a_text_as_split_does(old: list[str], new: list[str]) -> None:
    before = "".join(old).encode()
    after = "".join(new).encode()
    for text in (after, before + after, after + before, before[: len(before) // 2] + after):
        assert _cut(text, before) == text.split(b"\n\n")


def test_blocks_of_a_long_text_edited_here_and_there() -> None:
    rng = random.Random(7)
    pieces = [b"alpha", b"beta", b"\n", b" ", b"\n\n"]
    for _ in range(400):
        old = b"\n\n".join(
            b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(0, 90))
        )
        blocks = old.split(b"\n\n")
        for _ in range(rng.randint(0, 6)):
            k = rng.randrange(len(blocks) + 1)
            kind = rng.randrange(3)
            if kind == 0 and k < len(blocks):
                blocks[k] += rng.choice(pieces)
            elif kind == 1 and k < len(blocks):
                del blocks[k]
            else:
                blocks.insert(k, rng.choice(pieces))
        text = b"\n\n".join(blocks)
        assert _cut(text, old) == text.split(b"\n\n")


def test_blocks_kept_are_the_old_objects_and_only_equal_ones() -> None:
    text = b"alpha\n\nbeta\n\ngamma\n\ndelta\n\nend\n"
    old = text.split(b"\n\n")
    for changed in (
        b"alpha\n\nBETA\n\ngamma\n\ndelta\n\nend\n",  # replaced
        b"alpha\n\ngamma\n\ndelta\n\nend\n",  # deleted
        b"alpha\n\nnew\n\nbeta\n\ngamma\n\ndelta\n\nend\n",  # inserted
        b"alpha\n\nbeta\n\n\ngamma\n\ndelta\n\nend\n",  # a line break more
    ):
        found = _blocks(changed, old)
        assert found == changed.split(b"\n\n")
        kept = {id(b) for b in old}
        assert {b for b in found if id(b) in kept} == {b"alpha", b"delta"} | (
            {b"beta", b"gamma"} & set(found)
        )


def test_word_operations_kept_that_do_not_cut_the_wordings_are_computed_again(
    tmp_path: Path,
) -> None:
    repo, expected = _corpus_history(tmp_path / "r", 3)
    reference_spans = reference_blame(repo, SLUG)
    assert [(b.id, b.label, b.spans) for b in blame(repo, SLUG)] == reference_spans
    entries = [
        entry
        for entry in (repo.store.git_dir / "resvcs" / "cache").glob("steps*/*/*")
        if not any(len(row) == 3 for row in json.loads(zlib.decompress(entry.read_bytes())))
    ]
    assert entries
    for entry in entries:
        rows = json.loads(zlib.decompress(entry.read_bytes()))
        reworded = [row for row in rows if row[6]]
        assert reworded  # each step of the law rewords clauses
        for row in reworded:
            row[6][1] += 1  # the first operation one character longer
        entry.write_bytes(zlib.compress(json.dumps(rows).encode()))
    assert stepped(repo, SLUG) == expected
    assert [(b.id, b.label, b.spans) for b in blame(repo, SLUG)] == reference_spans
