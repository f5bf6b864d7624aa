from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from resolution_vcs.errors import InputError, NotFoundError, RepositoryError
from resolution_vcs.model import ClauseKind, Document
from resolution_vcs.repository import Repository, slugify
from resolution_vcs.storage import Person
from resolution_vcs.text import words

from .conftest import CHAIR, DATE, EDITOR, SEED, commit_by_hand

SLUG = "bibliomodel-2022"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def test_init_writes_roles_and_one_commit(tmp_path: Path) -> None:
    repo = Repository.init(
        tmp_path / "r", actor=Person.parse(EDITOR), chairs=[Person.parse(CHAIR)], date=DATE
    )
    assert [str(c) for c in repo.config.chairs] == [CHAIR]
    assert (tmp_path / "r" / "drafts").is_dir() and (tmp_path / "r" / "reviews").is_dir()
    assert _git(tmp_path / "r", "log", "--format=%an|%cn|%aI").strip() == (
        "Boris Editor|Boris Editor|2024-03-17T10:00:00+00:00"
    )
    with pytest.raises(RepositoryError, match="already a resolution repository"):
        Repository.init(tmp_path / "r", actor=Person.parse(EDITOR))
    repo.close()


def test_init_without_chairs_makes_the_actor_chair(tmp_path: Path) -> None:
    with Repository.init(tmp_path / "r", actor=Person.parse(EDITOR)) as repo:
        assert repo.config.is_chair(Person.parse(EDITOR))
        assert not repo.config.is_chair(Person.parse(CHAIR))


def test_seed_import_structure(repo: Repository, seed_text: str) -> None:
    doc = repo.document(SLUG)
    items = [c for c in doc if c.kind is ClauseKind.ITEM]
    numbered = [c for c in items if c.number]
    assert [c.label for c in numbered] == [str(n) for n in range(1, 9)]
    proj = next(c for c in doc if c.text.startswith("Проектным офисам"))
    model = next(c for c in doc if c.text.startswith("Модельным библиотекам"))
    assert [c.label for c in items if c.label.startswith(proj.label + ".")] == [
        f"{proj.label}.{n}" for n in (1, 2, 3)
    ]
    assert [c.label for c in items if c.label.startswith(model.label + ".")] == [
        f"{model.label}.{n}" for n in (1, 2, 3, 4, 5)
    ]
    # Every other paragraph of the seed is its own clause: each body line (after the
    # title block) is exactly one clause's text.
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    body = lines[lines.index("17 марта 2022 года") + 1 :]
    paragraphs = [line for line in body if not re.match(r"\d+\. |· ", line)]
    others = [c for c in doc if c.kind is not ClauseKind.ITEM]
    assert [words(c.text) for c in others[-len(paragraphs) :]] == [words(p) for p in paragraphs]
    assert [c.text for c in others[:4]][0:2] == ["ПРОЕКТ", "РЕЗОЛЮЦИЯ"]
    assert len(others) == len(paragraphs) + 4  # status, heading, subtitle, date
    assert len(doc.clauses) == 29
    # Not one word lost or reordered (item numbers live in the list markers).
    rendered = " ".join(
        (c.prefix.strip().rstrip(".") + " " if c.number else "") + c.text for c in doc
    )
    assert words(rendered) == words(seed_text)


def test_seed_keeps_typo_nbsp_and_quotes(repo: Repository, seed_text: str) -> None:
    text = repo.text(SLUG)
    assert text.count("СФЗО") == 4
    assert text.count("\xa0") == seed_text.count("\xa0")
    assert text.count("«") == text.count("»") == 17


def test_versions_and_revision_names(repo: Repository) -> None:
    edited = repo.text(SLUG).replace("СФЗО", "СЗФО")
    v2 = repo.revise(
        SLUG,
        edited.encode(),
        source="edited.md",
        author=Person.parse(EDITOR),
        message="Fix the region's abbreviation",
        date=DATE,
    )
    assert v2 is not None and v2.name == "v2" and v2.action == "revision"
    versions = repo.versions(SLUG)
    assert [v.name for v in versions] == ["v1", "v2"]
    assert [v.action for v in versions] == ["import", "revision"]
    assert repo.resolve(SLUG, "v1") == versions[0].commit
    assert repo.resolve(SLUG, "HEAD~1") == versions[0].commit
    with pytest.raises(NotFoundError, match="has versions v1 to v2; there is no v3"):
        repo.resolve(SLUG, "v3")
    # Counted without reading the versions, in a process that has not read them, and
    # after a commit made with plain git: the same as listing them.
    with Repository.open(repo.root) as fresh:
        assert fresh.version_count(SLUG) == 2
        assert fresh.version_name(SLUG, versions[0].commit) == "v1"
    commit_by_hand(repo, SLUG, edited + "\nA line added by hand.\n")
    with Repository.open(repo.root) as fresh:
        assert fresh.version_count(SLUG) == len(fresh.versions(SLUG)) == 3
        assert fresh.version_count(SLUG, versions[1].commit) == 2
    _git(repo.root, "reset", "-q", "--hard", "HEAD~1")
    repo.refresh()
    delta = repo.diff(SLUG)
    assert delta.summary["modified"] == 4  # СФЗО occurs in four clauses
    assert (
        repo.revise(
            SLUG, edited.encode(), source="same.md", author=Person.parse(EDITOR), message="again"
        )
        is None
    )


REVISED_TOP = "Новый вводный абзац.\n\n"


def test_revise_keeps_ids_through_insert_move_and_edit(repo: Repository) -> None:
    before = repo.document(SLUG)
    text = repo.text(SLUG)
    bullet = next(c for c in before if c.label.endswith(".2") and c.label.startswith("¶12"))
    # Move the second bullet of the first list to the end of the second list,
    # edit item 5, and insert a paragraph at the top.
    text = text.replace(bullet.body, "")
    text = text.rstrip("\n") + "\n" + bullet.body
    item5 = before.find("5")
    text = text.replace(item5.content, item5.content.replace("Опыт создания", "Опыт открытия"))
    text = REVISED_TOP + text
    repo.revise(
        SLUG,
        text.encode(),
        source="edited.md",
        author=Person.parse(EDITOR),
        message="Restructure",
        date=DATE,
    )
    after = repo.document(SLUG)
    assert {c.id for c in before} <= {c.id for c in after}
    assert len(after.clauses) == len(before.clauses) + 1
    moved = after.get(bullet.id)
    assert moved is not None and moved.label.startswith("¶14.")  # second list, new ¶ numbers
    assert after.get(item5.id).text.startswith("Опыт открытия")  # type: ignore[union-attr]
    assert after.clauses[0].text == "Новый вводный абзац." and after.clauses[0].id not in {
        c.id for c in before
    }
    assert after.get(before.find("¶1").id).label == "¶2"  # type: ignore[union-attr]


def _read_afresh(root: Path, slug: str) -> Document:
    """The current version as another command reads it with no cache: parsed whole."""
    shutil.rmtree(root / ".git" / "resvcs" / "cache", ignore_errors=True)
    with Repository.open(root) as fresh:
        return fresh.document(slug)


def _same_document(kept: Document, read: Document) -> None:
    assert kept == read and kept.retired == read.retired and kept.render() == read.render()
    assert [(c.parts, c.text, c.refs) for c in kept] == [(c.parts, c.text, c.refs) for c in read]


#: Revisions of the seed: words changed inside a line (not parsed at all), a heading's
#: words, a paragraph inserted (parsed where it is), a line break inside a paragraph, a
#: numbered item's number, a clause deleted (its id retired).
REVISIONS = [
    ("Опыт создания", "Опыт открытия"),
    ("Роль модельной библиотеки", "Роль модельных библиотек"),
    ("\n\n", "\n\nНовый абзац посреди текста.\n\n"),
    ("Опыт создания", "Опыт\nсоздания"),
    ("\n5. ", "\n7. "),
    ("17 марта 2022 года\n\n", ""),
]


@pytest.mark.parametrize(("old", "new"), REVISIONS)
def test_a_revision_is_read_back_as_a_whole_parse_reads_it(
    repo: Repository, old: str, new: str
) -> None:
    """A revision parses the new text from the current one, only where they differ, and
    keeps that parse as the version it wrote: what it reads back is what a command
    that parses the version whole reads."""
    text = repo.text(SLUG)
    assert old in text
    edited = text.replace(old, new, 1)
    repo.revise(SLUG, edited.encode(), source="e.md", author=Person.parse(EDITOR), message="M")
    kept = repo.document(SLUG)
    assert kept.render() == edited
    _same_document(kept, _read_afresh(repo.root, SLUG))
    # The parse kept in .git for the next command is the version's too.
    with Repository.open(repo.root) as again:
        _same_document(again.document(SLUG), kept)


def test_an_import_is_read_back_as_a_whole_parse_reads_it(repo: Repository) -> None:
    data = SEED.read_bytes().replace("модельных".encode(), "муниципальных".encode(), 1)
    repo.import_document(data, source="second.txt", slug="second", author=Person.parse(CHAIR))
    _same_document(repo.document("second"), _read_afresh(repo.root, "second"))


@pytest.mark.parametrize("setting", ["GIT_ICASE_PATHSPECS", "GIT_GLOB_PATHSPECS"])
def test_git_path_matching_settings_in_the_environment_change_nothing(
    repo: Repository, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    # git refuses its literal path matching together with these settings: the
    # change was committed but the working files were left behind.
    monkeypatch.setenv(setting, "1")
    text = repo.text(SLUG).replace("Опыт создания", "Опыт открытия")
    repo.revise(
        SLUG, text.encode(), source="edited.md", author=Person.parse(EDITOR), message="M", date=DATE
    )
    assert (repo.store.root / "drafts" / f"{SLUG}.md").read_text(encoding="utf-8") == text
    assert _git(repo.store.root, "status", "--porcelain") == ""
    assert repo.text(SLUG) == text


def test_hand_edit_committed_with_git_is_reanchored(repo: Repository) -> None:
    before = repo.document(SLUG)
    path = repo.root / "drafts" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    item3 = before.find("3")
    path.write_text(
        REVISED_TOP + text.replace("Роль модельной", "Значение модельной"), encoding="utf-8"
    )
    _git(repo.root, "-c", "user.name=Hand", "-c", "user.email=h@x", "commit", "-qam", "hand edit")
    fresh = Repository.open(repo.root)
    after = fresh.document(SLUG)
    assert after.get(item3.id).text.startswith("Значение модельной")  # type: ignore[union-attr]
    assert {c.id for c in before} <= {c.id for c in after}
    # The same ids on another clone.
    clone = repo.root.parent / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True)
    with Repository.open(clone) as other:
        assert [c.id for c in other.document(SLUG)] == [c.id for c in after]
    # The next version written by resvcs records the re-anchored ids.
    fresh.revise(
        SLUG,
        (REVISED_TOP + text).encode(),
        source="x.md",
        author=Person.parse(EDITOR),
        message="undo",
        date=DATE,
    )
    assert fresh.document(SLUG).get(item3.id).text.startswith("Роль модельной")  # type: ignore[union-attr]
    fresh.close()


def test_import_refuses_existing_slug_and_empty_text(repo: Repository) -> None:
    head = repo.store.head()
    with pytest.raises(InputError, match="Document 'bibliomodel-2022' already exists"):
        repo.import_document(
            SEED.read_bytes(), source="x.txt", slug=SLUG, author=Person.parse(CHAIR)
        )
    with pytest.raises(InputError, match="x.txt is empty"):
        repo.import_document(b"  \n", source="x.txt", author=Person.parse(CHAIR))
    assert repo.store.head() == head


def test_revise_refuses_uncommitted_hand_edits(repo: Repository) -> None:
    path = repo.root / "drafts" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nДобавлено.\n", encoding="utf-8")
    with pytest.raises(RepositoryError, match="has edits that are not committed, and the revision"):
        repo.revise(SLUG, b"Other text\n", source="o.md", author=Person.parse(CHAIR), message="m")


def test_slugify() -> None:
    assert slugify("Резолюция форума 2022") == "rezolyutsiya-foruma-2022"
    assert slugify("000_bbe0634253d43230") == "000-bbe0634253d43230"


def test_init_keeps_staged_and_existing_files(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    _git(fresh, "init", "-q")
    (fresh / "staged.txt").write_text("keep me\n", encoding="utf-8")
    _git(fresh, "add", "staged.txt")
    Repository.init(fresh, actor=Person.parse(CHAIR)).close()
    assert (fresh / "staged.txt").read_text(encoding="utf-8") == "keep me\n"
    assert "A  staged.txt" in _git(fresh, "status", "--porcelain")
    old = tmp_path / "old"
    (old / "drafts").mkdir(parents=True)
    (old / "drafts" / "README.md").write_text("our own readme\n", encoding="utf-8")
    _git(old, "init", "-q")
    _git(old, "add", ".")
    _git(old, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "first")
    Repository.init(old, actor=Person.parse(CHAIR)).close()
    assert (old / "drafts" / "README.md").read_text(encoding="utf-8") == "our own readme\n"
    assert _git(old, "status", "--porcelain") == ""


def test_uncommitted_edits_of_a_file_to_write_stop_the_command(repo: Repository) -> None:
    config = repo.root / "resvcs.toml"
    config.write_text(config.read_text(encoding="utf-8") + "# Ivan joins\n", encoding="utf-8")
    head = repo.store.head()
    with pytest.raises(RepositoryError, match="resvcs.toml has changes that are not committed"):
        repo.import_document(b"# Other\n\nText.\n", source="other.md", author=Person.parse(CHAIR))
    assert repo.store.head() == head
    assert config.read_text(encoding="utf-8").endswith("# Ivan joins\n")
    assert not (repo.root / "drafts" / "other.md").exists()


def test_an_edit_staged_after_the_index_was_listed_is_seen(repo: Repository) -> None:
    """The index is listed once and kept while the file is the same: a plain git add
    afterwards (a new index file) is seen by the next check, not the kept listing."""
    path = "resvcs.toml"
    assert repo.store.local_changes([path]) == []
    config = repo.root / path
    config.write_text(config.read_text(encoding="utf-8") + "# staged\n", encoding="utf-8")
    _git(repo.root, "add", path)
    config.write_text(config.read_text(encoding="utf-8").replace("# staged\n", ""), "utf-8")
    # The file reads as committed again; only the staged entry differs.
    assert repo.store.local_changes([path]) == [path]
    _git(repo.root, "reset", "-q", "--", path)
    assert repo.store.local_changes([path]) == []


def test_parsed_versions_are_cached_in_git_and_safe_to_delete(repo: Repository) -> None:
    import shutil

    text = repo.text(SLUG)
    cache = repo.root / ".git" / "resvcs" / "cache"
    fresh = Repository.open(repo.root)
    first = fresh.document(SLUG)
    assert list(cache.glob("v*/*/*.pickle.z"))
    again = Repository.open(repo.root).document(SLUG)
    assert again.render() == text and [c.id for c in again] == [c.id for c in first]
    assert [(c.label, c.kind, c.text, c.number, c.parent) for c in again] == [
        (c.label, c.kind, c.text, c.number, c.parent) for c in first
    ]
    for entry in cache.rglob("*.z"):
        entry.write_bytes(b"{damaged")
    assert Repository.open(repo.root).document(SLUG).render() == text
    shutil.rmtree(cache)
    assert Repository.open(repo.root).document(SLUG).render() == text


def test_reload_reads_settings_another_process_changed(repo: object) -> None:
    """A long-lived Repository (the web server's) sees chairs added by a commit made elsewhere."""
    from resolution_vcs.config import CONFIG_FILE, Config
    from resolution_vcs.repository import Repository
    from resolution_vcs.storage import Person

    assert isinstance(repo, Repository)
    newcomer = Person.parse("Nina Chair <nina@example.org>")
    repo.reload()
    assert not repo.config.is_chair(newcomer)
    with Repository.open(repo.root) as elsewhere:
        config = Config.loads(elsewhere.config.dumps())
        config.chairs.append(newcomer)
        elsewhere.store.commit({CONFIG_FILE: config.dumps().encode()}, "Add a chair", newcomer)
    assert repo.reload() == repo.store.head()
    assert repo.config.is_chair(newcomer)


def test_a_history_known_is_followed_not_asked_of_git_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a commit, the history of a path up to it comes from the history up to its
    parent (a command reads the versions before it writes and after), and the history up
    to a commit on a known line from that line; each the same as git gives, for a file
    and a folder, whether the new commit changes them or not."""
    from resolution_vcs.storage import Store

    root = tmp_path / "r"
    store = Store.init(root)
    who = Person.parse(CHAIR)
    a = store.commit({"drafts/x.md": b"one\n", "reviews/x/a.md": b"a\n"}, "A", who)
    b = store.commit({"drafts/x.md": b"two\n"}, "B", who)
    paths = ["drafts/x.md", "reviews/x", "drafts/y.md"]
    for path in paths:
        store.history(path, b)
    asked: list[tuple[str, ...]] = []
    rev_list = store._rev_list

    def counted(*args: str) -> list[object]:
        asked.append(args)
        return rev_list(*args)  # type: ignore[return-value]

    monkeypatch.setattr(store, "_rev_list", counted)
    c = store.commit({"reviews/x/b.md": b"b\n"}, "C", who)
    d = store.commit({"drafts/x.md": b"three\n", "drafts/y.md": b"y\n"}, "D", who)
    found = {
        (path, rev): [i.sha for i in store.history(path, rev)]
        for path in paths
        for rev in (a, c, d)
    }
    # Up to a: on the line known up to b; up to c and d: from the parent's history. Only
    # the first commit, which has no parent and is on no known line of drafts/y.md, is
    # asked of git.
    assert asked == [("--first-parent", a, "--", "drafts/y.md")]
    fresh = Store.discover(root)
    for (path, rev), shas in found.items():
        assert shas == [i.sha for i in fresh._rev_list("--first-parent", rev, "--", path)]
    assert found[("drafts/x.md", d)] == [a, b, d] and found[("reviews/x", d)] == [a, c]
    assert found[("drafts/y.md", d)] == [d] and found[("drafts/x.md", a)] == [a]
    fresh.close()
    store.close()


def test_last_change_is_the_last_commit_of_the_history(tmp_path: Path) -> None:
    """The commit that made a file's version, found by walking first parents or by git,
    is the last one of the file's history, from every commit of a line with long runs
    of commits that leave it alone, a change of mode only, and merges."""
    from resolution_vcs.storage import Store

    root = tmp_path / "plain"
    root.mkdir()
    ident = ["-c", "user.name=Hand", "-c", "user.email=h@x"]

    def commit(message: str) -> None:
        _git(root, *ident, "commit", "-q", "--allow-empty", "-am", message)

    _git(root, "init", "-q", "-b", "main")
    (root / "b.md").write_text("other\n")
    _git(root, "add", "b.md")
    commit("b only: no a.md yet")
    (root / "a.md").write_text("one\n")
    _git(root, "add", "a.md")
    commit("a.md added")
    for k in range(11):
        (root / "b.md").write_text(f"other {k}\n")
        commit(f"b {k}")
    (root / "a.md").chmod(0o755)
    commit("a.md made executable")
    _git(root, "checkout", "-q", "-b", "side")
    (root / "a.md").write_text("two\n")
    commit("a.md on a side branch")
    _git(root, "checkout", "-q", "main")
    (root / "b.md").write_text("after\n")
    commit("b after")
    _git(root, *ident, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    for k in range(3):
        (root / "b.md").write_text(f"late {k}\n")
        commit(f"late {k}")
    line = _git(root, "rev-list", "--first-parent", "main").split()
    assert len(line) == 19
    listed = Store(root, root / ".git")
    for sha in line:
        history = listed.history("a.md", sha)
        expected = history[-1].sha if history else None
        assert Store(root, root / ".git").last_change("a.md", sha) == expected
        assert listed.last_change("a.md", sha) == expected  # from the history found
    assert Store(root, root / ".git").last_change("a.md", line[-1]) is None


def test_folders_listed_at_a_commit_are_those_git_lists(tmp_path: Path) -> None:
    from resolution_vcs.storage import Store

    store = Store.init(tmp_path / "r")
    who = Person.parse(CHAIR)
    a = store.commit({"drafts/x.md": b"one\n", "drafts/x.ids": b"i\n"}, "A", who)
    first = store.blob_id(a, "drafts/x.md")
    assert first == store.blob_id("HEAD", "drafts/x.md")
    b = store.commit({"drafts/x.md": b"two\n", "drafts/y.md": b"y\n"}, "B", who)
    # A name that moves (HEAD) is listed again; a commit's id names the same folders.
    assert store.blob_id("HEAD", "drafts/x.md") == store.blob_id(b, "drafts/x.md") != first
    assert store.blob_id(a, "drafts/x.md") == first
    assert store.blob_id(a, "drafts/y.md") is None
    assert store.list_dir("HEAD", "drafts") == ["x.ids", "x.md", "y.md"]
    for n in range(40):  # more folders than are kept: each still read right
        c = store.commit({f"drafts/n{n}.md": b"n\n"}, "N", who)
        assert store.blob_id(c, f"drafts/n{n}.md") is not None
    assert store.blob_id(a, "drafts/x.md") == first and store.blob_id(b, "drafts/y.md")


def _ls_files(root: Path) -> dict[str, str]:
    """Path → blob id of each index entry, as git lists them (the last stage wins)."""
    out = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-s", "-z"], capture_output=True, check=True
    ).stdout
    listing = {}
    for entry in out.split(b"\0"):
        if entry:
            meta, _, name = entry.partition(b"\t")
            listing[name.decode("utf-8", "surrogateescape")] = meta.split()[1].decode()
    return listing


def test_the_index_read_without_git_lists_what_git_lists(tmp_path: Path) -> None:
    """git's index file read directly gives the entries ``git ls-files -s`` gives: names
    of every length and alphabet, an entry staged after a commit, one only intended to
    be added (an index of version 3), the three stages of a conflict; an index this does
    not read whole (version 4, split in two) is left to git, and a check for local edits
    still sees the same."""
    from resolution_vcs.storage import Store, _read_index

    root = tmp_path / "r"
    root.mkdir()
    ident = ["-c", "user.name=Hand", "-c", "user.email=h@x"]
    _git(root, "init", "-q", "-b", "main")
    deep = root / "d" / ("m" * 200) / ("n" * 200)
    deep.mkdir(parents=True)
    (deep / ("o" * 200)).write_text("deep\n")
    for k in range(1, 10):
        (root / ("x" * k)).write_text(f"{k}\n")  # names padded by 1 to 8 NULs
    (root / "d" / "ü ß.md").write_text("y\n")
    (root / "f.md").write_text("a\n")
    _git(root, "add", ".")
    _git(root, *ident, "commit", "-qm", "a")
    (root / "x").write_text("staged\n")
    (root / "new.md").write_text("new\n")
    _git(root, "add", "x")
    _git(root, "add", "-N", "new.md")
    index = root / ".git" / "index"
    assert index.read_bytes()[4:8] == (3).to_bytes(4, "big")
    assert _read_index(index) == _ls_files(root) and len(_ls_files(root)) == 13
    _git(root, "rm", "-q", "--cached", "new.md")
    _git(root, "add", "x")
    _git(root, *ident, "commit", "-qm", "b")
    _git(root, "checkout", "-q", "-b", "side")
    (root / "f.md").write_text("side\n")
    _git(root, *ident, "commit", "-qam", "side")
    _git(root, "checkout", "-q", "main")
    (root / "f.md").write_text("main\n")
    _git(root, *ident, "commit", "-qam", "main")
    subprocess.run(["git", "-C", str(root), *ident, "merge", "-q", "side"], capture_output=True)
    assert "3\tf.md" in _git(root, "ls-files", "-s")
    assert _read_index(index) == _ls_files(root)
    _git(root, "checkout", "-q", "-f", "main")
    _git(root, "update-index", "--index-version", "4")
    assert _read_index(index) is None
    (root / "x").write_text("edited\n")
    assert Store(root, root / ".git").local_changes(["x", "f.md"]) == ["x"]
    _git(root, "update-index", "--index-version", "2")
    _git(root, "update-index", "--split-index")
    assert list((root / ".git").glob("sharedindex.*"))
    assert _read_index(index) is None
    _git(root, "add", "x")
    assert Store(root, root / ".git").local_changes(["x", "f.md"]) == ["x"]


def test_version_counts_kept_are_those_git_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How many commits change a file, kept by commit in .git and counted from the one
    kept a few first parents back, is what git counts: after commits by plain git that
    change the file or not (a change of mode too), after a reset and another line of
    commits (a count kept for a commit that left the line is never used for the new
    one), with kept counts damaged or deleted; a merge on the way is counted by git."""
    from resolution_vcs import storage
    from resolution_vcs.storage import Store

    root = tmp_path / "plain"
    root.mkdir()
    ident = ["-c", "user.name=Hand", "-c", "user.email=h@x"]

    def commit(message: str) -> str:
        _git(root, *ident, "commit", "-q", "--allow-empty", "-am", message)
        return _git(root, "rev-parse", "HEAD").strip()

    def git_count(rev: str = "HEAD") -> int:
        return int(_git(root, "rev-list", "--count", "--first-parent", rev, "--", "a.md"))

    asked: list[str] = []
    git_run = Store._git

    def counted(self: Store, *args: str, **kwargs: object) -> bytes:
        if args[:2] == ("rev-list", "--count"):
            asked.append(args[3])
        return git_run(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_git", counted)
    monkeypatch.setattr(storage, "_WALK_COUNTS", 3)

    def count(rev: str = "HEAD") -> int:
        store = Store(root, root / ".git")  # a new command: only what .git keeps
        sha = store.resolve(rev)
        return store.history_count("a.md", sha)

    _git(root, "init", "-q", "-b", "main")
    (root / "b.md").write_text("b\n")
    _git(root, "add", "b.md")
    commit("no a.md yet")
    assert count() == 0 == git_count()
    (root / "a.md").write_text("one\n")
    _git(root, "add", "a.md")
    commit("a.md")
    assert count() == 1 == git_count()
    for k in range(5):
        (root / "b.md").write_text(f"b {k}\n")
        commit(f"b {k}")
        assert count() == 1 == git_count()
    (root / "a.md").write_text("two\n")
    two = commit("a.md again")
    (root / "a.md").chmod(0o755)
    commit("a.md made executable")
    assert count() == 3 == git_count()
    assert not asked  # each went on from the count kept for the commit before
    _git(root, "reset", "-q", "--hard", two)
    (root / "a.md").write_text("three\n")
    commit("a.md on another line")
    (root / "b.md").write_text("b again\n")
    commit("b on it")
    assert count() == 3 == git_count()
    assert len(asked) == 1  # two was never counted, and is more first parents back
    for entry in (root / ".git" / "resvcs" / "cache" / "history").rglob("*.json.z"):
        entry.write_bytes(b"damaged")
    assert count() == git_count() == count(two) + 1
    shutil.rmtree(root / ".git" / "resvcs" / "cache" / "history")
    assert count() == git_count()
    _git(root, "checkout", "-q", "-b", "side")
    (root / "a.md").write_text("side\n")
    commit("a.md on a side branch")
    _git(root, "checkout", "-q", "main")
    _git(root, *ident, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    asked.clear()
    assert count() == git_count()
    assert asked  # the merge: counted by git


def test_git_settings_are_kept_until_a_file_they_come_from_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's settings, kept in .git under the contents of the files git reads them from,
    are read by git again when one of those files changes (the repository's, the user's
    named by GIT_CONFIG_GLOBAL), and every time while one includes another file."""
    from resolution_vcs import storage
    from resolution_vcs.storage import Store

    root = tmp_path / "r"
    store = Store.init(root)
    store.close()
    user = tmp_path / "user.gitconfig"
    user.write_text("[user]\n\tname = First\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(user))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    asked: list[Path] = []
    read_config = storage._read_config

    def counted(cwd: Path, *scope: str) -> dict[str, str]:
        asked.append(cwd)
        return read_config(cwd, *scope)

    monkeypatch.setattr(storage, "_read_config", counted)

    def name() -> str | None:
        return Store(root, root / ".git").config("user.name")

    assert name() == "First" and len(asked) == 1
    assert name() == "First" and len(asked) == 1  # kept
    user.write_text("[user]\n\tname = Second\n")
    assert name() == "Second" and len(asked) == 2
    _git(root, "config", "user.name", "Local")
    assert name() == "Local" and len(asked) == 3
    assert name() == "Local" and len(asked) == 3
    included = tmp_path / "included.gitconfig"
    included.write_text("[user]\n\tname = Included\n")
    _git(root, "config", "--unset", "user.name")
    _git(root, "config", "include.path", str(included))
    assert name() == "Included" and len(asked) == 4
    included.write_text("[user]\n\tname = Changed\n")
    assert name() == "Changed" and len(asked) == 5  # asked every time


def test_a_version_count_is_carried_to_the_commits_made_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count of a file's versions is carried by the store to the commits it makes
    after it (in a batch too; a commit that writes the same text again does not
    count) and kept for the branch's new commit: the next command counts nothing."""
    from resolution_vcs import storage
    from resolution_vcs.storage import Store

    root = tmp_path / "r"
    store = Store.init(root)
    who = Person.parse(CHAIR)
    store.commit({"drafts/x.md": b"one\n"}, "A", who)
    assert store.history_count("drafts/x.md") == 1
    with store.batch():
        store.commit({"drafts/x.md": b"two\n"}, "B", who)
        store.commit({"reviews/x/a.md": b"a\n"}, "C", who)
        store.commit({"drafts/x.md": b"two\n", "reviews/x/a.md": b"b\n"}, "D", who)
        store.commit({"drafts/x.md": b"three\n"}, "E", who)
    assert store.history_count("drafts/x.md") == 3
    head = store.commit({"drafts/x.md": b"four\n"}, "F", who)
    store.close()
    expected = int(_git(root, "rev-list", "--count", "--first-parent", head, "--", "drafts/x.md"))
    assert expected == 4
    asked: list[tuple[str, ...]] = []
    git_run = Store._git

    def counted(self: Store, *args: str, **kwargs: object) -> bytes:
        asked.append(args)
        return git_run(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_git", counted)
    monkeypatch.setattr(storage, "_WALK_COUNTS", 1)  # only the count kept for head itself
    fresh = Store(root, root / ".git")
    assert fresh.history_count("drafts/x.md", head) == expected
    assert not asked
    fresh.close()
