"""Writing commands pack what they leave loose (git's automatic housekeeping)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from resolution_vcs.amend import replace_clause
from resolution_vcs.cli import main
from resolution_vcs.repository import Repository
from resolution_vcs.storage import PACK_AFTER, Person
from resolution_vcs.verify import verify

from .conftest import CHAIR, EDITOR

SLUG = "bibliomodel-2022"
NAME, MAIL = "Earlier Editor", "earlier@example.org"


def git(root: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], input=stdin, capture_output=True, text=True, check=True
    ).stdout


def objects(root: Path) -> tuple[int, int]:
    """(loose objects, packs) as ``git count-objects -v`` counts them."""
    stats = dict(line.split(": ", 1) for line in git(root, "count-objects", "-v").splitlines())
    return int(stats["count"]), int(stats["packs"])


def grow_history(root: Path, blobs: int) -> None:
    """A long history's worth of loose objects, reachable from a branch, written by
    plain git commands that never pack."""
    folder = root.parent / "versions"
    folder.mkdir()
    paths = []
    for k in range(blobs):
        path = folder / f"v{k}.md"
        path.write_text(f"Version {k} of a clause that many amendments reworded.\n")
        paths.append(str(path))
    shas = git(root, "hash-object", "-w", "--stdin-paths", stdin="\n".join(paths)).split()
    tree = git(
        root,
        "mktree",
        stdin="".join(f"100644 blob {sha}\tv{k}.md\n" for k, sha in enumerate(shas)),
    ).strip()
    commit = git(
        root,
        "-c",
        f"user.name={NAME}",
        "-c",
        f"user.email={MAIL}",
        "commit-tree",
        tree,
        "-m",
        "Earlier",
    ).strip()
    git(root, "update-ref", "refs/heads/earlier", commit)
    # git gc --auto estimates the loose objects from one of the 256 folders (17/):
    # these contents put more than PACK_AFTER / 256 there.
    assert len(list((root / ".git" / "objects" / "17").iterdir())) > -(-PACK_AFTER // 256)


def propose_one(repo: Repository, k: int) -> str:
    """Propose rewording the first clause of a few words; the amendment's id."""
    doc = repo.document(SLUG)
    clause = next(c for c in doc.clauses if len(c.content.split()) > 3)
    wording = clause.content.replace(" ", f" ред{k} ", 1)
    (made,) = repo.propose(
        SLUG, [[replace_clause(doc, clause.id, wording)]], author=Person.parse(EDITOR)
    )
    return made.amendment.id


def test_a_writing_command_packs_a_long_history_left_loose(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo.root
    grow_history(root, 1_500)
    loose, packs = objects(root)
    assert loose > 1_500 and packs == 0
    repo.document(SLUG)
    assert objects(root) == (loose, 0)  # reading writes nothing and packs nothing
    made = propose_one(repo, 1)
    assert objects(root) == (0, 1)
    # The chair accepts in a command of its own; it wrote a few objects, too few to pack.
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["accept", made], env={"RESVCS_AUTHOR": CHAIR})
    assert result.exit_code == 0, result.output
    loose, packs = objects(root)
    assert 0 < loose < PACK_AFTER and packs == 1
    git(root, "fsck", "--no-progress")
    assert verify(repo, SLUG).ok


def test_git_settings_say_when_to_pack(repo: Repository) -> None:
    """gc.auto = 0 in git's settings turns the housekeeping off, as for git itself."""
    root = repo.root
    git(root, "config", "gc.auto", "0")
    grow_history(root, 1_500)
    loose, _ = objects(root)
    propose_one(repo, 1)
    after, packs = objects(root)
    assert after > loose and packs == 0


def test_loose_objects_are_counted_not_guessed(repo: Repository) -> None:
    """git gc --auto guesses the loose objects from their folder 17/ alone; a history
    whose loose objects all lie elsewhere is packed all the same."""
    root = repo.root
    contents, k = [], 0
    while len(contents) < PACK_AFTER + 100:
        text = f"Version {k} of a clause.\n"
        k += 1
        if not git(root, "hash-object", "--stdin", stdin=text).startswith("17"):
            contents.append(text)
    folder = root.parent / "versions"
    folder.mkdir()
    for n, text in enumerate(contents):
        (folder / f"v{n}.md").write_text(text)
    paths = "\n".join(str(folder / f"v{n}.md") for n in range(len(contents)))
    shas = git(root, "hash-object", "-w", "--stdin-paths", stdin=paths).split()
    listing = "".join(f"100644 blob {sha}\tv{n}.md\n" for n, sha in enumerate(shas))
    tree = git(root, "mktree", stdin=listing).strip()
    who = ["-c", f"user.name={NAME}", "-c", f"user.email={MAIL}"]
    commit = git(root, *who, "commit-tree", tree, "-m", "Earlier").strip()
    git(root, "update-ref", "refs/heads/earlier", commit)
    seventeen = root / ".git" / "objects" / "17"
    assert len(list(seventeen.iterdir()) if seventeen.exists() else []) <= PACK_AFTER // 256
    loose, packs = objects(root)
    assert loose > PACK_AFTER and packs == 0
    propose_one(repo, 1)
    assert objects(root) == (0, 1)
    git(root, "fsck", "--no-progress")
