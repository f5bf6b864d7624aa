"""The outputs of reading commands kept per state of the repository (resolution_vcs.reads):
printed again for the same state, never for another one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from resolution_vcs import cache, reads
from resolution_vcs.reads import KeptRead

if TYPE_CHECKING:
    from resolution_vcs.repository import Repository


DRAFT = "drafts/bibliomodel-2022.md"
#: What a planted entry prints: seen in the output only when the kept entry was served.
PLANTED = b"planted output\n"


def resvcs(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The installed program's entry point in a child process."""
    code = "import sys; from resolution_vcs.__main__ import run; sys.argv[0] = 'resvcs'; run()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def entries(cwd: Path) -> list[Path]:
    """The outputs kept in the repository of ``cwd``."""
    found = subprocess.run(
        ["git", "rev-parse", "--absolute-git-dir"], cwd=cwd, check=True, capture_output=True
    )
    git_dir = Path(found.stdout.decode().strip())
    return sorted((git_dir / "resvcs" / "cache" / "reads").glob("*/*.out.z"))


def plant(cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """Run ``args`` on a cleared cache and replace the one output it kept by PLANTED."""
    for entry in entries(cwd):
        entry.unlink()
    assert resvcs(cwd, *args, env=env).returncode == 0
    (path,) = entries(cwd)
    path.write_bytes(zlib.compress(b"0 %d 0 0\n" % len(PLANTED) + PLANTED))


@pytest.fixture
def council(repo: Repository) -> Path:
    """The seed's repository (see conftest), where plain git can commit too."""
    git(repo.root, "config", "user.name", "Git User")
    git(repo.root, "config", "user.email", "git@example.org")
    return repo.root


def test_a_second_run_on_the_same_state_prints_the_kept_output(council: Path) -> None:
    first = resvcs(council, "clauses")
    assert first.returncode == 0 and first.stdout
    again = resvcs(council, "clauses")
    assert again.stdout == first.stdout and again.returncode == 0
    plant(council, "clauses")
    assert resvcs(council, "clauses").stdout == PLANTED
    # Another command, or other options, is another entry.
    assert resvcs(council, "clauses", "--json").stdout != PLANTED


def test_a_plain_git_commit_is_a_new_state(council: Path) -> None:
    before = resvcs(council, "show").stdout
    plant(council, "show")
    draft = council / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8").replace("СФЗО", "СЗФО"), "utf-8")
    git(council, "commit", "-qam", "Fix the abbreviation with plain git")
    after = resvcs(council, "show")
    assert after.returncode == 0
    assert after.stdout != PLANTED and after.stdout != before
    assert after.stdout == draft.read_bytes()


def test_an_uncommitted_edit_staged_or_not_is_a_new_state(council: Path) -> None:
    plant(council, "log")
    draft = council / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8") + "\nA line nobody committed.\n", "utf-8")
    assert resvcs(council, "log").stdout != PLANTED
    plant(council, "log")
    git(council, "add", DRAFT)
    assert resvcs(council, "log").stdout != PLANTED


def test_a_tag_a_branch_and_a_checkout_are_new_states(council: Path) -> None:
    plant(council, "log")
    git(council, "tag", "-a", "adopted", "-m", "Adopted")
    assert resvcs(council, "log").stdout != PLANTED
    plant(council, "log")
    git(council, "checkout", "-q", "-b", "other")
    assert resvcs(council, "log").stdout != PLANTED


def test_the_environment_and_git_settings_are_part_of_the_state(council: Path) -> None:
    plant(council, "clauses")
    assert resvcs(council, "clauses", env={"COLUMNS": "60"}).stdout != PLANTED
    plant(council, "clauses")
    git(council, "config", "core.abbrev", "10")
    assert resvcs(council, "clauses").stdout != PLANTED


def test_a_commit_made_while_a_command_reads_keeps_nothing(council: Path) -> None:
    # The state is read before the command and after it: a commit in between (here made
    # by the "command" itself) keeps its output out of the cache.
    code = (
        "import subprocess, sys\n"
        "from resolution_vcs.reads import KeptRead\n"
        "kept = KeptRead.of(['show'])\n"
        "kept.capture()\n"
        "print('read from the state before')\n"
        "MEANWHILE\n"
        "kept.keep(0)\n"
    )
    commit = "subprocess.run(['git', 'commit', '-q', '--allow-empty', '-m', 'Meanwhile'])"
    done = subprocess.run(
        [sys.executable, "-c", code.replace("MEANWHILE", commit)], cwd=council, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"read from the state before\n"
    assert entries(council) == []
    # Without the commit, the same run keeps it.
    done = subprocess.run(
        [sys.executable, "-c", code.replace("MEANWHILE", "pass")], cwd=council, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert len(entries(council)) == 1


def test_what_is_never_kept(council: Path, tmp_path: Path) -> None:
    # Commands that write, options that write files, failures, git's location given by
    # the environment, folders that are no repository.
    assert KeptRead.of(["accept", "1"], str(council)) is None
    assert KeptRead.of(["review", "-o", "review.md"], str(council)) is None
    assert KeptRead.of(["diff", "--output=diff.html"], str(council)) is None
    assert KeptRead.of(["show"], str(tmp_path)) is None
    os.environ["GIT_DIR"] = str(council / ".git")
    try:
        assert KeptRead.of(["show"], str(council)) is None
    finally:
        del os.environ["GIT_DIR"]
    failed = resvcs(council, "show", "--clause", "999")
    assert failed.returncode == 1 and failed.stderr.startswith(b"Error: ")
    assert resvcs(council, "accept", "1").returncode != 0
    assert entries(council) == []


def test_a_linked_worktree_has_its_own_state(council: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(council, "worktree", "add", "-q", str(other), "-b", "other")
    first = resvcs(other, "show")
    assert first.returncode == 0 and first.stdout == (council / DRAFT).read_bytes()
    plant(other, "show")
    draft = other / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8").replace("СФЗО", "СЗФО"), "utf-8")
    git(other, "commit", "-qam", "An edit in the other worktree")
    assert resvcs(other, "show").stdout == draft.read_bytes()


def test_a_dossier_is_written_from_the_pages_kept_for_its_state(
    council: Path, tmp_path: Path
) -> None:
    def dossier(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        done = resvcs(council, "dossier", "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(b"Wrote ") and str(out).encode() in done.stdout
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def kept(data: bytes) -> bytes:
        return zlib.decompress(data)

    first = dossier("first")
    # Two entries: the pages of the state, and the run (its output and the folder).
    (pages,) = [e for e in entries(council) if kept(e.read_bytes()).startswith(b"{")]
    (run,) = [e for e in entries(council) if e != pages]
    assert dossier("first") == first  # the run again: no repository read
    assert dossier("again") == first  # another folder: from the kept pages
    planted = b'{"index.html": "planted", "resvcs-dossier.txt": ""}'
    pages.write_bytes(zlib.compress(planted))
    assert dossier("planted")["index.html"] == b"planted"
    folder = json.dumps({"folder": str(tmp_path / "first"), "files": json.loads(planted)})
    said = f"Wrote planted files to {tmp_path / 'first'}.\n".encode()
    head = b"0 %d 0 %d\n" % (len(said), len(folder.encode()))
    run.write_bytes(zlib.compress(head + said + folder.encode()))
    assert dossier("first")["index.html"] == b"planted"
    # A file that is not a dossier is never written over, kept run or not.
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = resvcs(council, "dossier", "--out", str(tmp_path / "taken"))
    assert refused.returncode == 1 and b"does not hold a dossier" in refused.stderr
    draft = council / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8").replace("СФЗО", "СЗФО"), "utf-8")
    git(council, "commit", "-qam", "Fix the abbreviation with plain git")
    after = dossier("first")
    assert after["index.html"] != b"planted" and "СЗФО" in after["index.html"].decode()


def test_a_dossier_run_again_into_its_own_folder_writes_nothing(
    council: Path, tmp_path: Path
) -> None:
    """Run again for the same state into the folder it wrote, the kept run finds the
    folder as it would write it: it writes no file, and loads neither what names a
    temporary folder nor what removes the old one (nor typing, as no kept run does)."""
    out = tmp_path / "dossier"
    # The program, saying on its last line of errors which modules it loaded.
    code = (
        "import os, sys; from resolution_vcs.__main__ import run; sys.argv[0] = 'resvcs'\n"
        "end = os._exit\n"
        "os._exit = lambda code: (print(*sorted(sys.modules), file=sys.stderr), end(code))\n"
        "run()"
    )

    def dossier() -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", code, "dossier", "--out", str(out)],
            cwd=council,
            capture_output=True,
            check=True,
        )
        assert done.stdout.startswith(b"Wrote ")
        return set(done.stderr.decode().splitlines()[-1].split())

    dossier()
    inodes = {p: p.stat().st_ino for p in out.rglob("*")}
    loaded = dossier()
    assert "resolution_vcs.folder" in loaded and not loaded & {"tempfile", "shutil", "typing"}
    assert "resolution_vcs.cli" not in loaded  # the kept run
    assert {p: p.stat().st_ino for p in out.rglob("*")} == inodes


def test_compiled_templates_are_kept_and_never_served_for_another_source(tmp_path: Path) -> None:
    from jinja2 import Environment, FileSystemLoader

    from resolution_vcs.present.redline import template_environment

    kept = template_environment().bytecode_cache
    assert kept is not None
    page = tmp_path / "page.html"

    def render() -> str:
        # A new environment each time: only the bytecode cache is shared, as between processes.
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=kept)
        return env.get_template("page.html").render(who="chair")

    page.write_text("Hello, {{ who }}.", encoding="utf-8")
    folder = Path(kept.directory)  # type: ignore[attr-defined]
    before = set(folder.iterdir()) if folder.is_dir() else set()
    assert render() == "Hello, chair."
    assert set(folder.iterdir()) - before  # the compiled template was kept
    assert render() == "Hello, chair."  # from the compiled copy
    page.write_text("Goodbye, {{ who }}!", encoding="utf-8")
    assert render() == "Goodbye, chair!"


def uncached(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The command line without the kept outputs (python -m resolution_vcs)."""
    return subprocess.run(
        [sys.executable, "-m", "resolution_vcs", *args], cwd=cwd, capture_output=True
    )


def test_grouped_short_options_that_name_a_file_write_it_each_time(
    council: Path, tmp_path: Path
) -> None:
    # -wo FILE is -w and -o FILE: the run writes a file, so its output is never kept
    # (printed again, it would say "Wrote" without writing).
    out = tmp_path / "changes.html"
    for _ in range(2):
        done = resvcs(council, "diff", "--format", "html", "-wo", str(out))
        assert done.returncode == 0, done.stderr
        assert out.is_file()
        out.unlink()
    assert entries(council) == []


def test_a_name_git_reads_from_its_folder_is_part_of_the_state(council: Path) -> None:
    # git fetch moves FETCH_HEAD, git reset ORIG_HEAD: files at the top of .git, no ref.
    draft = council / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8").replace("СФЗО", "СЗФО"), "utf-8")
    git(council, "commit", "-qam", "Fix the abbreviation with plain git")
    git(council, "update-ref", "ORIG_HEAD", "HEAD~1")
    args = ("diff", "ORIG_HEAD", "--stat")
    plant(council, *args)
    git(council, "update-ref", "ORIG_HEAD", "HEAD")
    after = resvcs(council, *args)
    assert after.returncode == 0, after.stderr
    assert after.stdout == uncached(council, *args).stdout != PLANTED


def test_settings_that_include_files_keep_nothing(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An included file's changes would not change the key: such settings are not read
    # for certain, in the environment or in the worktree's settings.
    assert KeptRead.of(["show"], str(council)) is not None
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "include.path")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(council / "more.gitconfig"))
    assert KeptRead.of(["show"], str(council)) is None
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.abbrev")
    assert KeptRead.of(["show"], str(council)) is not None
    (council / ".git" / "config.worktree").write_text("[include]\n\tpath = ../more.gitconfig\n")
    assert KeptRead.of(["show"], str(council)) is None


def test_a_cache_folder_that_cannot_be_made_leaves_the_command_as_it_is(council: Path) -> None:
    # A file where the kept outputs' folder should be: nothing is kept, the command
    # prints what it prints without the cache, and succeeds.
    reads = council / ".git" / "resvcs" / "cache" / "reads"
    reads.parent.mkdir(parents=True, exist_ok=True)
    reads.write_bytes(b"")
    done = resvcs(council, "log")
    assert done.returncode == 0, done.stderr
    assert done.stdout == uncached(council, "log").stdout and done.stderr == b""


def test_the_help_is_kept_for_what_it_depends_on(council: Path) -> None:
    first = resvcs(council, "accept", "--help")
    assert first.returncode == 0 and first.stdout.startswith(b"Usage: resvcs accept")
    assert len(entries(council)) == 1
    assert resvcs(council, "accept", "--help").stdout == first.stdout
    plant(council, "accept", "--help")
    assert resvcs(council, "accept", "--help").stdout == PLANTED
    assert resvcs(council, "accept", "-h").stdout.startswith(b"Usage: resvcs accept")
    assert resvcs(council, "reject", "--help").stdout.startswith(b"Usage: resvcs reject")
    # The terminal's width wraps the help another way.
    narrow = resvcs(council, "accept", "--help", env={"COLUMNS": "50"})
    assert narrow.stdout.startswith(b"Usage: resvcs accept") and narrow.stdout != first.stdout
    # Another version of the code (any file of the package changed) is another key.
    kept = KeptRead.of(["accept", "--help"], str(council))
    assert kept is not None
    stamp = cache.code_stamp()
    package = Path(reads.__file__).parent / "py.typed"
    before = package.stat()
    try:
        os.utime(package, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
        reads._CODE = cache._FILES = None
        changed = KeptRead.of(["accept", "--help"], str(council))
        assert changed is not None and changed.key != kept.key
        assert cache.code_stamp() != stamp
    finally:
        os.utime(package, ns=(before.st_atime_ns, before.st_mtime_ns))
        reads._CODE = cache._FILES = None
    # The program's own help; a dossier's help writes no folder.
    assert KeptRead.of(["--help"], str(council)) is not None
    assert resvcs(council, "dossier", "--help").stdout.startswith(b"Usage: resvcs dossier")
    assert resvcs(council, "dossier", "--help").stdout.startswith(b"Usage: resvcs dossier")
    # "--help" as the value of an option is no help: such a run is never kept.
    assert KeptRead.of(["propose", "--clause", "5", "--text", "--help"], str(council)) is None
    assert KeptRead.of(["--version"], str(council)) is None
