"""The archivist's commands and sync/clone, through the command line."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from resolution_vcs.cli import main

from .conftest import CHAIR, EDITOR, SEED

SLUG = "bibliomodel-2022"


def run(*args: str, ok: bool = True, author: str = CHAIR) -> Result:
    result = CliRunner().invoke(
        main, list(args), env={"RESVCS_AUTHOR": author}, catch_exceptions=False
    )
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "council"
    run("init", str(root))
    monkeypatch.chdir(root)
    run("import", str(SEED), "--slug", SLUG)
    run("propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout", author=EDITOR)
    run("accept", "1")
    return root


def test_log_history_blame(council: Path) -> None:
    log = json.loads(run("log", "--json").output)
    assert [(e["version"], e["action"]) for e in log] == [
        ("v1", "import"),
        (None, "proposal"),
        ("v2", "acceptance"),
    ]
    assert log[2]["chair"] == CHAIR and log[2]["number"] == 1
    wordings = json.loads(run("history", "¶13", "--json").output)
    assert [(w["version"], w["changes"]) for w in wordings] == [
        ("v1", ["added"]),
        ("v2", ["modified"]),
    ]
    assert wordings[1]["author"] == EDITOR and wordings[1]["chair"] == CHAIR
    blamed = {c["label"]: c for c in json.loads(run("blame", "--json").output)}
    spans = [s for s in blamed["¶13"]["spans"] if s["version"] == "v2"]
    assert [s["text"] for s in spans] == ["СЗФО"] and spans[0]["number"] == 1
    assert "amendment 1, Boris Editor, chair Anna Chair" in run("blame").output


def test_verify_passes_then_reports_a_hand_edit(council: Path) -> None:
    assert run("verify").output.startswith(f"Verified {SLUG}: 2 versions and 1 decision,")
    draft = council / "drafts" / f"{SLUG}.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nДобавлено тайно.\n", encoding="utf-8")
    subprocess.run(
        [
            "git",
            "-C",
            str(council),
            "-c",
            "user.name=X",
            "-c",
            "user.email=x@y",
            "commit",
            "-qam",
            "quiet",
        ],
        check=True,
    )
    result = run("verify", ok=False)
    assert result.exit_code == 1
    assert "v3 changed the text without resvcs (a plain git commit by X <x@y>: 'quiet')" in (
        result.stderr
    )


def test_export_and_dossier(council: Path, tmp_path: Path) -> None:
    out = run("export").output
    assert out == (council / "drafts" / f"{SLUG}.md").read_text(encoding="utf-8")
    run("export", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert "<script" not in (tmp_path / "r.html").read_text(encoding="utf-8")
    result = run("dossier", "--out", str(tmp_path / "dossier"))
    assert result.output.startswith("Wrote ")
    assert (tmp_path / "dossier" / "index.html").is_file()


def test_sync_and_clone(council: Path, tmp_path: Path) -> None:
    bare = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    subprocess.run(["git", "-C", str(council), "remote", "add", "origin", str(bare)], check=True)
    assert run("sync").output.startswith("Sent ")
    assert run("sync").output == "Already up to date.\n"
    result = run("clone", str(bare), str(tmp_path / "laptop"))
    assert result.output.startswith(f"Cloned {bare} into {tmp_path / 'laptop'}.")
    refused = run("clone", "ext::sh -c touch% /tmp/pwned", str(tmp_path / "x"), ok=False)
    assert refused.exit_code == 1 and "is not an address resvcs will use" in refused.stderr
    assert not Path("/tmp/pwned").exists()


def _bare(path: Path, head: str = "master") -> Path:
    """A bare repository as plain 'git init --bare' makes it: HEAD names ``head``."""
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    subprocess.run(
        ["git", "-C", str(path), "symbolic-ref", "HEAD", f"refs/heads/{head}"], check=True
    )
    return path


def test_clone_of_a_hub_whose_head_names_another_branch(
    council: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = _bare(tmp_path / "hub.git")
    subprocess.run(["git", "-C", str(council), "remote", "add", "origin", str(hub)], check=True)
    run("sync")  # the chair sends main; the hub's HEAD still names master
    editor = tmp_path / "e1"
    run("clone", str(hub), str(editor))
    branch = subprocess.run(
        ["git", "-C", str(editor), "branch", "--show-current"], capture_output=True, text=True
    ).stdout
    assert branch == "main\n"
    monkeypatch.chdir(editor)
    assert "¶12.2" in run("clauses").output
    run("propose", "--delete", "¶13.4", author=EDITOR)
    assert run("sync").output == "Sent 1 commit.\n"
    monkeypatch.chdir(council)
    assert run("sync").output.startswith("Received 1 commit")
    assert json.loads(run("amendments", "--json").output)[-1]["author"] == EDITOR


def test_clone_refuses_a_hub_without_the_resolution_and_leaves_nothing(tmp_path: Path) -> None:
    empty = _bare(tmp_path / "empty.git")
    result = run("clone", str(empty), str(tmp_path / "e2"), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {empty} holds nothing yet (no branch). Send the resolution there first: "
        "'resvcs sync' in the copy that holds it.\n"
    )
    assert not (tmp_path / "e2").exists()
    # Two branches, neither named in HEAD nor main: which one is meant is not guessed.
    other = tmp_path / "other"
    subprocess.run(["git", "init", "-q", "-b", "drafts", str(other)], check=True)
    (other / "notes.txt").write_text("x\n", encoding="utf-8")
    git = ["git", "-C", str(other), "-c", "user.name=A", "-c", "user.email=a@b"]
    subprocess.run([*git, "add", "notes.txt"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True)
    subprocess.run([*git, "push", "-q", str(empty), "drafts", "drafts:old"], check=True)
    (tmp_path / "e3").mkdir()
    result = run("clone", str(empty), str(tmp_path / "e3"), ok=False)
    assert "has several branches (drafts, old) and names none in HEAD" in result.stderr
    assert list((tmp_path / "e3").iterdir()) == []
    # One branch, but no resolution on it.
    lone = _bare(tmp_path / "lone.git")
    subprocess.run([*git, "push", "-q", str(lone), "drafts"], check=True)
    result = run("clone", str(lone), str(tmp_path / "e4"), ok=False)
    assert result.stderr == (
        f"Error: {lone} is not a resolution repository (no resvcs.toml on branch drafts). "
        "Check the address.\n"
    )
    assert not (tmp_path / "e4").exists()


def test_a_hand_edit_is_recorded_as_a_revision_with_the_command_verify_names(
    council: Path,
) -> None:
    """A plain-git commit of the draft (which docs/clauses.md allows) fails verify;
    the command the report names records it, after which verify passes and says so."""
    draft = council / "drafts" / f"{SLUG}.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("Обзор", "Обзор!"), "utf-8")
    git = ["git", "-C", str(council), "-c", "user.name=Sec", "-c", "user.email=sec@example.org"]
    subprocess.run([*git, "commit", "-q", "-am", "Fix by hand"], check=True)
    sha = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    failed = run("verify", ok=False)
    assert failed.exit_code == 1
    (line,) = [x for x in failed.stderr.splitlines() if x.startswith("  ")]
    advice = "resvcs revise --adopt-commit " + sha[:12] + ' -m "why"'
    assert line.endswith(
        "v3 changed the text without resvcs (a plain git commit by Sec <sec@example.org>: "
        f"'Fix by hand'). If it is an editorial revision, record it as one: {advice}"
    )
    command = shlex.split(line.split("record it as one: ")[1])
    assert command[0] == "resvcs"
    recorded = run(*command[1:-1], "Восклицательный знак, исправлен в git")
    assert recorded.output == (
        f"Recorded v3 of {SLUG} ({sha[:12]}) as an editorial revision by {CHAIR}.\n"
    )
    report = run("verify").output.splitlines()
    assert report == [
        f"Verified {SLUG}: 3 versions and 1 decision, as recorded.",
        f"  v3 ({sha[:12]}) was changed with git by Sec <sec@example.org> and recorded as an "
        f"editorial revision by {CHAIR}: Восклицательный знак, исправлен в git.",
    ]
    again = run(*command[1:], ok=False)
    assert again.exit_code == 1 and "v3 is recorded as an editorial revision already" in (
        again.stderr
    )
    refused = run("revise", "--adopt-commit", "v2", "-m", "x", ok=False)
    assert refused.stderr == (
        "Error: v2 was made by resvcs (acceptance); only a version changed with git needs "
        "recording.\n"
    )
