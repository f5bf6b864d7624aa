"""The archivist's commands and sync/clone, through the command line."""

from __future__ import annotations

import json
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
