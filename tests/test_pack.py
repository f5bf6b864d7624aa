"""Packs built in memory: git reads back every version exactly, and a batch of
decisions on a long text writes its versions into one pack of deltas."""

from __future__ import annotations

import hashlib
import random
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.pack import MAX_DEPTH, PackBuilder, make_delta
from resolution_vcs.storage import Person, Store


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=True
    ).stdout


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read_back(root: Path, versions: list[bytes]) -> list[bytes]:
    """Each version as git reads it from the repository, by its id."""
    names = "".join(f"{blob_id(v)}\n" for v in versions).encode()
    out = git(root, "cat-file", "--batch", stdin=names)
    found = []
    for _ in versions:
        header, _, out = out.partition(b"\n")
        size = int(header.split()[2])
        found.append(out[:size])
        out = out[size + 1 :]
    return found


def edited(rnd: random.Random, text: bytes, edits: int) -> bytes:
    """``text`` with a few random spans replaced by random bytes."""
    for _ in range(edits):
        start = rnd.randrange(len(text) + 1)
        end = min(len(text), start + rnd.randrange(300))
        text = text[:start] + rnd.randbytes(rnd.randrange(300)) + text[end:]
    return text


def test_git_reads_every_version_of_a_chain(tmp_path: Path) -> None:
    """Versions of 300 KB with changes at the start, the end, on 64 KB boundaries
    (copies whose offset has zero bytes) and everywhere, a version made empty, and
    more versions than a run of deltas may hold."""
    git(tmp_path, "init", "-q", "--bare")
    rnd = random.Random(5)
    text = rnd.randbytes(300_000)
    versions = [text]
    for change in (
        lambda t: b"X" + t,
        lambda t: t + b"Y" * 500,
        lambda t: t[:0x10000] + b"at a boundary" + t[0x10000:],
        lambda t: t[:0x20000] + t[0x20001:],
        lambda t: edited(rnd, t, 20),
        lambda t: b"",
        lambda t: rnd.randbytes(1000),
    ):
        versions.append(change(versions[-1]))
    versions.append(rnd.randbytes(300_000))
    for _ in range(MAX_DEPTH + 5):
        versions.append(edited(rnd, versions[-1], 1))
    pack = PackBuilder()
    for version in versions:
        pack.add("blob", version, "drafts/text.md")
    git(tmp_path, "index-pack", "--stdin", stdin=pack.data())
    assert read_back(tmp_path, versions) == versions
    (index,) = (tmp_path / "objects" / "pack").glob("*.idx")
    listing = git(tmp_path, "verify-pack", "-v", str(index)).decode().splitlines()
    depths = [int(line.split()[5]) for line in listing if len(line.split()) == 7]
    assert depths and max(depths) == MAX_DEPTH
    assert git(tmp_path, "fsck", "--strict", "--no-dangling", "--no-progress") == b""


@settings(max_examples=20, deadline=None)
@given(
    st.binary(max_size=3000),
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 400), st.binary(max_size=400))),
)
def test_a_delta_makes_the_new_version_from_the_old(
    tmp_path_factory: object, base: bytes, edits: list[tuple[int, int, bytes]]
) -> None:
    target = base
    for at, length, new in edits:
        at = min(at, len(target))
        target = target[:at] + new + target[at + length :]
    root = tmp_path_factory.mktemp("repo")  # type: ignore[attr-defined]
    git(root, "init", "-q", "--bare")
    pack = PackBuilder()
    pack.add("blob", base, "a")
    pack.add("blob", target, "a")
    git(root, "index-pack", "--stdin", stdin=pack.data())
    assert read_back(root, [base, target]) == [base, target]


def test_a_delta_of_a_small_edit_is_small() -> None:
    text = random.Random(1).randbytes(1_000_000)
    new = text[:500_000] + b"one clause reworded" + text[500_010:]
    assert len(make_delta(text, new)) < 100


def test_a_batch_writes_the_versions_of_a_long_text_into_one_pack(tmp_path: Path) -> None:
    """Three commits of a 400 KB file in a batch: one pack holds the three versions
    (none is left loose), git reads each commit's file as it was written, and fsck
    finds nothing wrong."""
    store = Store.init(tmp_path / "repo")
    who = Person("Anna Chair", "chair@example.org")
    rnd = random.Random(3)
    text = "\n\n".join(f"{k}. " + rnd.randbytes(40).hex() for k in range(5000)).encode()
    store.commit({"drafts/long.md": text}, "Import", who)
    versions = [edited(rnd, text, 1)]
    for _ in range(2):
        versions.append(edited(rnd, versions[-1], 1))
    commits = []
    with store.batch():
        for version in versions:
            commits.append(store.commit({"drafts/long.md": version}, "Decision", who))
    store.close()
    root = tmp_path / "repo"
    packs = list((root / ".git" / "objects" / "pack").glob("*.pack"))
    assert len(packs) == 1
    assert packs[0].stat().st_size < len(text)  # the later versions as deltas
    # The newest version is whole (read without a delta), the older ones deltas.
    listing = git(root, "verify-pack", "-v", str(packs[0].with_suffix(".idx"))).decode()
    depth = {line.split()[0]: line.split()[5:6] for line in listing.splitlines()}
    assert depth[blob_id(versions[-1])] == []
    assert [depth[blob_id(v)] for v in versions[:-1]] == [["2"], ["1"]]
    loose = {p.parent.name + p.name for p in (root / ".git" / "objects").glob("??/*")}
    assert not loose & {blob_id(v) for v in versions}
    for commit, version in zip(commits, versions, strict=True):
        assert git(root, "show", f"{commit}:drafts/long.md") == version
    assert git(root, "rev-parse", "HEAD").decode().strip() == commits[-1]
    assert (root / "drafts" / "long.md").read_bytes() == versions[-1]
    assert git(root, "fsck", "--strict", "--no-dangling", "--no-progress") == b""


def test_a_batch_reads_back_an_index_of_the_first_version(tmp_path: Path) -> None:
    """With ``pack.indexVersion = 1`` in git's settings, git writes the pack's index
    in its first format: the batch finds its versions there and its branch moves."""
    root = tmp_path / "repo"
    store = Store.init(root)
    git(root, "config", "pack.indexVersion", "1")
    who = Person("Anna Chair", "chair@example.org")
    rnd = random.Random(4)
    text = "\n\n".join(f"{k}. " + rnd.randbytes(40).hex() for k in range(5000)).encode()
    store.commit({"drafts/long.md": text}, "Import", who)
    versions = [edited(rnd, text, 1), edited(rnd, text, 2)]
    with store.batch():
        commits = [store.commit({"drafts/long.md": v}, "Decision", who) for v in versions]
    store.close()
    (index,) = (root / ".git" / "objects" / "pack").glob("*.idx")
    assert index.read_bytes()[:4] != b"\377tOc"  # the first version has no header
    assert git(root, "rev-parse", "HEAD").decode().strip() == commits[-1]
    for commit, version in zip(commits, versions, strict=True):
        assert git(root, "show", f"{commit}:drafts/long.md") == version


def test_a_batch_of_one_version_writes_it_loose(tmp_path: Path) -> None:
    """A batch of one decision on a long text writes its version as any commit does:
    a loose object, no pack (and no git index-pack)."""
    store = Store.init(tmp_path / "repo")
    who = Person("Anna Chair", "chair@example.org")
    text = b"A long clause. " * 30_000
    store.commit({"drafts/long.md": b"Short.\n"}, "Import", who)
    with store.batch():
        commit = store.commit({"drafts/long.md": text}, "Decision", who)
    store.close()
    root = tmp_path / "repo"
    assert not list((root / ".git" / "objects" / "pack").glob("*.pack"))
    sha = blob_id(text)
    assert (root / ".git" / "objects" / sha[:2] / sha[2:]).is_file()
    assert git(root, "show", f"{commit}:drafts/long.md") == text
    assert git(root, "fsck", "--strict", "--no-progress") == b""


def test_a_batch_reads_a_version_it_has_not_written_yet(tmp_path: Path) -> None:
    """Inside a batch, a version still waiting in the pack is read back as written
    (the pack is put into the repository when git misses the object)."""
    store = Store.init(tmp_path / "repo")
    who = Person("Anna Chair", "chair@example.org")
    rnd = random.Random(6)
    text = "\n\n".join(f"{k}. " + rnd.randbytes(40).hex() for k in range(5000)).encode()
    store.commit({"drafts/long.md": text}, "Import", who)
    versions = [edited(rnd, text, 1), edited(rnd, text, 2)]
    with store.batch():
        commits = [store.commit({"drafts/long.md": v}, "Decision", who) for v in versions]
        found = [store.read(commit, "drafts/long.md") for commit in commits]
    store.close()
    assert found == [(blob_id(v), v) for v in versions]


def test_a_batch_of_many_small_decisions_writes_one_pack(tmp_path: Path) -> None:
    """A hundred commits of small files in a batch (records, the trees above them,
    commits) leave no loose object: one pack holds them all. Inside the batch, what
    it wrote is read back from memory (no pack is written before the batch ends): a
    file at a commit of the batch, a folder, a path that is not there, a commit."""
    root = tmp_path / "repo"
    store = Store.init(root)
    who = Person("Anna Chair", "chair@example.org")
    store.commit({"reviews/d/first.md": b"first\n", "drafts/d.md": b"Text.\n"}, "Import", who)
    before = {p.parent.name + p.name for p in (root / ".git" / "objects").glob("??/*")}
    commits = []
    with store.batch():
        for k in range(100):
            commits.append(store.commit({f"reviews/d/{k:03}.md": b"record %d\n" % k}, "Do", who))
            assert store.read(commits[-1], f"reviews/d/{k:03}.md")[1] == b"record %d\n" % k
            assert store.read(commits[-1], "drafts/d.md")[1] == b"Text.\n"  # from git
            assert store.read(commits[-1], "reviews/d/none.md") is None
            assert store.read(commits[-1], "reviews/d/000.md/x") is None
            assert len(store.list_dir(commits[-1], "reviews/d")) == k + 2
            assert store.commit_info(commits[-1]).message == "Do"
        assert store.read(commits[0], "reviews/d/001.md") is None
        assert not list((root / ".git" / "objects" / "pack").glob("*.pack"))
    store.close()
    after = {p.parent.name + p.name for p in (root / ".git" / "objects").glob("??/*")}
    assert after == before
    (pack,) = (root / ".git" / "objects" / "pack").glob("*.pack")
    assert git(root, "rev-parse", "HEAD").decode().strip() == commits[-1]
    assert git(root, "rev-list", "--count", "HEAD") == b"101\n"
    assert git(root, "show", f"{commits[41]}:reviews/d/041.md") == b"record 41\n"
    assert (root / "reviews" / "d" / "099.md").read_bytes() == b"record 99\n"
    assert git(root, "fsck", "--strict", "--no-dangling", "--no-progress") == b""


def test_a_batch_of_a_few_small_decisions_writes_loose_objects(tmp_path: Path) -> None:
    """A few decisions write their objects loose, as commits outside a batch do:
    no pack, no git index-pack."""
    root = tmp_path / "repo"
    store = Store.init(root)
    who = Person("Anna Chair", "chair@example.org")
    store.commit({"drafts/d.md": b"Text.\n"}, "Import", who)
    with store.batch():
        commits = [store.commit({f"reviews/d/{k}.md": b"%d\n" % k}, "Do", who) for k in range(3)]
    store.close()
    assert not list((root / ".git" / "objects" / "pack").glob("*.pack"))
    for k, commit in enumerate(commits):
        sha = git(root, "rev-parse", f"{commit}:reviews/d/{k}.md").decode().strip()
        assert (root / ".git" / "objects" / sha[:2] / sha[2:]).is_file()
    assert git(root, "fsck", "--strict", "--no-dangling", "--no-progress") == b""


def test_loose_objects_and_packs_are_counted_as_git_counts_them(tmp_path: Path) -> None:
    """The count that decides whether to pack (only the folders of loose objects there
    are, listed without git) is git's own count, before and after a pack is made."""
    root = tmp_path / "repo"
    store = Store.init(root)
    who = Person("Anna Chair", "chair@example.org")
    for k in range(12):
        store.commit({f"drafts/d{k % 3}.md": f"text {k}\n".encode()}, f"Edit {k}", who)

    def gits() -> tuple[int, int]:
        counts = dict(
            line.split(": ") for line in git(root, "count-objects", "-v").decode().splitlines()
        )
        return int(counts["count"]), int(counts["packs"])

    assert store._object_counts() == gits() and gits()[0] > 12
    (root / ".git" / "objects" / "zz").mkdir()  # not a folder of objects
    git(root, "repack", "-q")
    assert store._object_counts() == gits() and gits()[1] == 1
    store.close()
