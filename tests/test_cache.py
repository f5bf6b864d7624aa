"""The caches in .git/resvcs: bounded (the entries used last are kept), safe to delete or
damage, and never serving an entry for another state."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from resolution_vcs import workflow
from resolution_vcs.amend import replace_words
from resolution_vcs.cache import DocumentCache, JsonCache, ObjectCache, prune
from resolution_vcs.parse import parse
from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

from .conftest import CHAIR, DATE, EDITOR

chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)


def _entries(folder: Path) -> set[str]:
    return {p.name.split(".")[0] for p in folder.rglob("*.z")}


def _age(cache: JsonCache, key: str, seconds: int) -> None:
    """Mark an entry as last used ``seconds`` after the epoch."""
    os.utime(cache._path(key), ns=(seconds * 10**9, seconds * 10**9))


def test_prune_keeps_the_entries_used_last(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path / "c", keep=1000)
    keys = [f"{n:02x}" * 20 for n in range(5)]
    for n, key in enumerate(keys):
        cache.put(key, {"n": n})
        _age(cache, key, 1000 + n)
    # Reading an entry makes it the one used last.
    assert cache.get(keys[0]) == {"n": 0}
    prune(tmp_path / "c", 2)
    assert _entries(tmp_path / "c") == {keys[0][2:], keys[4][2:]}
    assert cache.get(keys[1]) is None and cache.get(keys[4]) == {"n": 4}


def test_a_cache_stays_within_its_bound_as_it_is_written(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path / "cache", keep=4)
    doc = parse("# Title\n\nText.\n")
    for n in range(40):
        cache.put(f"{n:040x}", doc)
        assert len(list((tmp_path / "cache").rglob("*.pickle.z"))) <= 4 + 4 // 2
    assert cache.get(f"{39:040x}") is not None  # the last written is kept
    assert cache.get(f"{0:040x}") is None


def test_parses_of_another_format_are_removed(tmp_path: Path) -> None:
    old = tmp_path / "cache" / "v1" / "ab"
    old.mkdir(parents=True)
    (old / "cdef.json.z").write_bytes(b"x")
    steps = tmp_path / "cache" / "steps3" / "ab"
    steps.mkdir(parents=True)
    (steps / "cdef.json.z").write_bytes(b"x")
    DocumentCache(tmp_path / "cache").put("ab" * 20, parse("Text.\n"))
    assert not (tmp_path / "cache" / "v1").exists()
    assert (steps / "cdef.json.z").exists()  # another cache's folder stays


def test_a_parse_read_back_is_the_parse_kept_and_a_damaged_one_a_miss(tmp_path: Path) -> None:
    import pickle
    import zlib

    text = "# Заголовок — «кавычки»\n\n1. Первый пункт.\n2. Второй\n   пункт.\n"
    cache = DocumentCache(tmp_path / "cache")
    blob = "cd" * 20
    cache.put(blob, parse(text))
    kept = cache.get(blob)
    assert kept is not None and kept == parse(text) and kept.render() == text
    path = cache._path(blob)
    whole = zlib.decompress(path.read_bytes())
    damages = (
        zlib.compress(b'{"clauses": "\xff\xfe"}'),
        zlib.compress(b"\xff\xfe not UTF-8"),
        b"\xff\xfe not compressed",
        zlib.compress(whole[: len(whole) // 2]),  # cut short
        zlib.compress(whole + b"more"),
        zlib.compress(pickle.dumps({"preamble": ""}) + pickle.dumps(None)),  # no clauses
    )
    for damage in damages:
        path.write_bytes(damage)
        assert cache.get(blob) is None
        assert not path.exists()  # removed: the next parse writes it again
        cache.put(blob, parse(text))


class _Planted:
    """A value whose pickle calls ``call(*args)`` when it is loaded."""

    def __init__(self, call: object, *args: object) -> None:
        self.call, self.args = call, args

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return self.call, self.args


def test_a_kept_value_that_names_a_function_or_a_foreign_class_is_a_miss_and_runs_nothing(
    tmp_path: Path,
) -> None:
    import datetime
    import pickle
    import zlib

    from resolution_vcs.text import normalize

    marker = tmp_path / "ran"
    table = ObjectCache(tmp_path / "objects")
    kept = (Status.PROPOSED, datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))
    table.put("a" * 40, kept)
    assert table.get("a" * 40) == kept  # the package's classes and dates load
    for n, planted in enumerate(
        (
            _Planted(os.mkdir, str(marker)),  # the standard library's functions
            _Planted(normalize, "text"),  # the package's own functions
            _Planted(Path, str(marker)),  # classes of other modules
            [1, _Planted(os.mkdir, str(marker))],  # deep inside a value
        )
    ):
        table.put(f"{n}" * 40, planted)
        assert table.get(f"{n}" * 40) is None
    assert not marker.exists()

    # A parse is kept as plain values only: no class at all loads from it.
    cache = DocumentCache(tmp_path / "cache")
    blob = "ef" * 20
    cache.put(blob, parse("1. Пункт.\n"))
    path = cache._path(blob)
    for planted in (_Planted(os.mkdir, str(marker)), _Planted(Status, "proposed")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(zlib.compress(pickle.dumps(planted) + pickle.dumps(None)))
        assert cache.get(blob) is None and not path.exists()
    assert not marker.exists()


def _with_amendments(tmp_path: Path, count: int) -> Repository:
    repo = Repository.init(tmp_path / "r", actor=chair, date=DATE)
    text = "РЕШЕНИЕ\n\n" + "".join(f"{n}. Текст номер {n} о разном.\n" for n in range(1, 9))
    repo.import_document(text.encode(), source="d.txt", slug="d", author=chair, date=DATE)
    doc = repo.document("d")
    for n in range(1, count + 1):
        op = replace_words(doc, str(n), "о разном", f"о важном {n}")
        repo.propose("d", [[op]], author=editor)
    return repo


def test_records_are_read_once_and_kept_for_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _with_amendments(tmp_path, 3)
    expected = [(n.number, n.id, n.amendment.status) for n in workflow.load_all(repo, "d")]
    repo.close()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was read again")

    # Another command (a new Repository) reads them from the table, not from the records.
    with monkeypatch.context() as m:
        m.setattr(workflow, "load_record", refuse)
        with Repository.open(tmp_path / "r") as again:
            found = [(n.number, n.id, n.amendment.status) for n in workflow.load_all(again, "d")]
    assert found == expected


def test_the_records_table_never_serves_a_record_that_changed(tmp_path: Path) -> None:
    repo = _with_amendments(tmp_path, 3)
    assert [n.amendment.status for n in workflow.load_all(repo, "d")] == [Status.PROPOSED] * 3
    # Decided in another process: the record is another blob, read afresh.
    with Repository.open(tmp_path / "r") as other:
        other.accept("d", ["2"], chair=chair)
    with Repository.open(tmp_path / "r") as later:
        statuses = [n.amendment.status for n in workflow.load_all(later, "d")]
    assert statuses == [Status.PROPOSED, Status.ACCEPTED, Status.PROPOSED]
    # A damaged or deleted table is read through.
    records = tmp_path / "r" / ".git" / "resvcs" / "cache" / "records"
    for entry in records.rglob("*.z"):
        entry.write_bytes(b"damaged")
    with Repository.open(tmp_path / "r") as damaged:
        assert [n.amendment.status for n in workflow.load_all(damaged, "d")] == statuses
    shutil.rmtree(tmp_path / "r" / ".git" / "resvcs" / "cache")
    with Repository.open(tmp_path / "r") as deleted:
        assert [n.amendment.status for n in workflow.load_all(deleted, "d")] == statuses
        assert deleted.text("d") == repo.text("d")
    repo.close()


def test_records_a_command_writes_are_not_read_again_by_it_nor_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _with_amendments(tmp_path, 0)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was read again")

    doc = repo.document("d")
    with monkeypatch.context() as m:
        m.setattr(workflow, "load_record", refuse)
        op = replace_words(doc, "1", "о разном", "о главном")
        made = repo.propose("d", [[op]], author=editor)
        repo.accept("d", [made[0].id], chair=chair)
        assert [n.amendment.status for n in workflow.load_all(repo, "d")] == [Status.ACCEPTED]
    repo.close()
    with monkeypatch.context() as m:
        m.setattr(workflow, "load_record", refuse)
        with Repository.open(tmp_path / "r") as again:
            found = workflow.load_all(again, "d")
    assert [(n.id, n.amendment.status) for n in found] == [(made[0].id, Status.ACCEPTED)]


def test_a_record_written_and_then_changed_with_plain_git_is_read_as_changed(
    tmp_path: Path,
) -> None:
    repo = _with_amendments(tmp_path, 1)
    (made,) = workflow.load_all(repo, "d")
    root = tmp_path / "r"
    record = root / "reviews" / "d" / f"{made.id}.md"
    text = record.read_text(encoding="utf-8")
    assert "rationale: ''\n" in text
    record.write_text(text.replace("rationale: ''\n", "rationale: Changed by hand\n"), "utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=Git", "-c", "user.email=git@example.org"]
    subprocess.run([*git, "commit", "-qam", "By hand"], check=True)
    # Neither the process that wrote it nor the next one serves the record it wrote.
    assert workflow.load_all(repo, "d")[0].amendment.rationale == "Changed by hand"
    repo.close()
    with Repository.open(root) as again:
        assert workflow.load_all(again, "d")[0].amendment.rationale == "Changed by hand"


def test_the_settings_are_read_from_what_tomllib_made_of_that_very_file(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "r", actor=chair, date=DATE)
    root = repo.store.root
    repo.close()
    settings = root / ".git" / "resvcs" / "cache" / "settings"
    (entry,) = settings.rglob("*.z")
    kept = JsonCache(settings)
    blob = entry.parent.name + entry.name.split(".")[0]
    value = kept.get(blob)
    assert value["toml"]["roles"]["chairs"] == [CHAIR]
    # What is kept for the file is what is read (planted: another chair).
    kept.put(blob, {**value, "toml": {"roles": {"chairs": [EDITOR]}}})
    with Repository.open(root) as planted:
        assert planted.config.chairs == [editor]
    # Kept by another Python (whose tomllib may read otherwise): read again.
    kept.put(blob, {**value, "python": "another", "toml": {"roles": {"chairs": [EDITOR]}}})
    with Repository.open(root) as other:
        assert other.config.chairs == [chair]
    # Another text of the file is another blob, never served the entry of the old one.
    kept.put(blob, {**value, "toml": {"roles": {"chairs": [EDITOR]}}})
    toml = root / "resvcs.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# A note.\n", encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=Git", "-c", "user.email=git@example.org"]
    subprocess.run([*git, "commit", "-qam", "A note"], check=True)
    with Repository.open(root) as edited:
        assert edited.config.chairs == [chair]
    assert len(list(settings.rglob("*.z"))) == 2
    # A file JSON cannot give back as tomllib read it (a date) is read, not kept.
    toml.write_text(toml.read_text(encoding="utf-8") + "[limits]\nsince = 2024-01-01\n", "utf-8")
    subprocess.run([*git, "commit", "-qam", "A date"], check=True)
    with Repository.open(root) as dated:
        assert dated.config.chairs == [chair]
    assert len(list(settings.rglob("*.z"))) == 2


def test_a_clause_holds_its_words_once_when_parsed_and_when_read_from_the_cache(
    tmp_path: Path,
) -> None:
    text = "# Заголовок\n\n1. Первый пункт.\n2. Второй\n   пункт.\n\n> Цитата\n> в две строки.\n"
    cache = DocumentCache(tmp_path / "cache")
    parsed = parse(text)
    cache.put("ab" * 20, parsed)
    kept = cache.get("ab" * 20)
    assert kept is not None
    for doc in (parsed, kept):
        assert doc.render() == text
        assert [c.text for c in doc.clauses] == [c.text for c in parsed.clauses]
        heading, first, second, quote = doc.clauses
        for clause in (first, second):  # one text, the content itself
            assert clause.parts == (("inline", (clause.content,)),)
            assert clause.parts[0][1][0] is clause.content
        # A heading's or a quote's text is not its content (the markers): both kept.
        assert heading.parts == (("inline", ("Заголовок",)),)
        assert quote.content == "> Цитата\n> в две строки."
        assert quote.parts == (("inline", ("Цитата\nв две строки.",)),)


def test_clause_counts_are_kept_by_blob_and_never_served_for_another_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resolution_vcs.cache import FORMAT
    from resolution_vcs.verify import verify

    repo = Repository.init(tmp_path / "r", actor=chair, date=DATE)
    texts = ["РЕШЕНИЕ\n\n1. Один.\n2. Два.\n", "РЕШЕНИЕ\n\n1. Один.\n2. Два.\n\nИ ещё.\n"]
    repo.import_document(texts[0].encode(), source="d.md", slug="d", author=chair, date=DATE)
    repo.revise("d", texts[1].encode(), source="d.md", author=chair, message="One more")
    root = repo.store.root
    report = verify(repo, "d")
    assert report.ok
    repo.close()
    counts = root / ".git" / "resvcs" / "cache" / f"counts{FORMAT}"
    blobs = [e.parent.name + e.name.split(".")[0] for e in counts.rglob("*.z")]
    assert len(blobs) == 2
    with Repository.open(root) as again:
        commits = [info.sha for info in again.store.history("drafts/d.md")]
        places = [(c, again.store.blob_id(c, "drafts/d.md")) for c in commits]
    expected = [len(parse(text).clauses) for text in texts]

    def count_all() -> list[int]:
        with Repository.open(root) as fresh:
            return [fresh.clause_count("d", c, blob) for c, blob in places if blob]

    # Read back without reading or parsing a version again, by verify too.
    with monkeypatch.context() as m:
        m.setattr(Repository, "_parse_next", lambda *args: pytest.fail("parsed again"))
        assert count_all() == expected
        with Repository.open(root) as warm:
            assert verify(warm, "d") == report
    # Kept for one text, never served for another (an entry names its blob).
    kept = JsonCache(counts)
    for _, blob in places:
        kept.put(blob, 99)
    assert count_all() == [99, 99]
    edited = texts[1] + "\nКонец.\n"
    (root / "drafts" / "d.md").write_text(edited, encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=Git", "-c", "user.email=git@example.org"]
    subprocess.run([*git, "commit", "-qam", "By hand"], check=True)
    with Repository.open(root) as later:
        head = later.store.head()
        assert head is not None
        blob = later.store.blob_id(head, "drafts/d.md")
        assert blob is not None
        assert later.clause_count("d", head, blob) == len(parse(edited).clauses)
    # Counts of another parse format are never read; a damaged entry is counted again.
    shutil.rmtree(counts)
    other = JsonCache(counts.with_name(f"counts{FORMAT}0"))
    for _, blob in places:
        other.put(blob, 99)
    assert count_all() == expected
    for entry in counts.rglob("*.z"):
        entry.write_bytes(b"damaged")
    assert count_all() == expected


def test_the_code_stamp_is_made_again_for_other_files() -> None:
    """The stamp of the package's code is kept for the files it was made from: other
    files listed (the code changed) give another stamp, never the one kept."""
    from resolution_vcs import cache

    stamp = cache.code_stamp()
    assert cache.code_stamp() is stamp
    kept = cache._FILES
    try:
        cache._FILES = [*cache.package_files(), ("/elsewhere/new.py", 1, 2)]
        assert cache.code_stamp() == stamp + "\n/elsewhere/new.py:1:2"
    finally:
        cache._FILES = kept
    assert cache.code_stamp() == stamp
