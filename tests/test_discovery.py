"""The repository holding a folder, found without git where that is certain, is the one git
finds; where git could find another, git is asked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from resolution_vcs.discovery import work_tree
from resolution_vcs.storage import _locate


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def gits_answer(cwd: Path) -> tuple[Path, Path]:
    lines = git(cwd, "rev-parse", "--absolute-git-dir", "--show-toplevel").splitlines()
    return Path(lines[1]), Path(lines[0])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "real" / "council"
    (root / "drafts").mkdir(parents=True)
    git(root, "init", "-q")
    git(
        root,
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "S",
    )
    return root


def test_found_where_git_finds_it(repo: Path, tmp_path: Path) -> None:
    """From the top, from a folder inside, through a symbolic link (git names real
    paths) and in a linked worktree: the same folders as git's."""
    (tmp_path / "link").symlink_to(tmp_path / "real")
    git(repo, "worktree", "add", "-q", str(tmp_path / "other"))
    places = [repo, repo / "drafts", tmp_path / "link" / "council" / "drafts", tmp_path / "other"]
    for place in places:
        found = work_tree(place)
        assert found is not None, place
        assert found == gits_answer(place)
        assert _locate(place) == (*found, False)
    assert work_tree(tmp_path / "other") == (
        tmp_path / "other",
        repo / ".git" / "worktrees" / "other",
    )


def test_git_is_asked_where_it_could_find_another(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside ``.git``, with git's location in the environment, and with settings that
    move the working tree or make the repository bare, nothing is assumed: git's own
    answer is taken."""
    assert work_tree(repo / ".git") is None
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    assert work_tree(repo) is None
    monkeypatch.delenv("GIT_DIR")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    git(repo, "config", "core.worktree", str(elsewhere))
    assert work_tree(repo) is None
    assert _locate(repo) == (elsewhere, repo / ".git", False)
    git(repo, "config", "--unset", "core.worktree")
    assert work_tree(repo) == (repo, repo / ".git")
    git(repo, "config", "core.bare", "true")
    assert work_tree(repo) is None
    assert _locate(repo) == (repo / ".git", repo / ".git", True)
    git(repo, "config", "core.bare", "false")
    assert work_tree(repo) == (repo, repo / ".git")
    git(repo, "config", "include.path", str(tmp_path / "more"))
    assert work_tree(repo) is None


def test_a_path_is_followed_up_its_real_folders_as_git_does(repo: Path, tmp_path: Path) -> None:
    """Two dots and a link are the real folders they name: ``council/../plain`` is not
    inside the council's repository, and a link in another repository to the council's
    drafts is inside the council's."""
    (tmp_path / "real" / "plain").mkdir()
    assert work_tree(repo / ".." / "plain") != (repo, repo / ".git")
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    (outer / "link").symlink_to(repo / "drafts")
    assert work_tree(outer / "link") == gits_answer(outer / "link") == (repo, repo / ".git")


def test_a_git_folder_without_objects_or_refs_is_not_taken(repo: Path) -> None:
    """git passes by a ``.git`` folder that has only a HEAD (a broken copy) and looks
    further up: it is not taken for a repository here either."""
    inner = repo / "sub"
    (inner / ".git").mkdir(parents=True)
    (inner / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (inner / "x").mkdir()
    assert gits_answer(inner / "x") == (repo, repo / ".git")
    assert work_tree(inner / "x") in (None, (repo, repo / ".git"))
    assert _locate(inner / "x") == (repo, repo / ".git", False)
