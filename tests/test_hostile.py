"""Hostile names: every command that takes a name refuses them cleanly.

Each value is tried against each command. It must be refused (exit 1 with one
``Error: …`` line, or a usage error, exit 2), leave the repository and the
folders around it as they were, and never reach git as an option: a fake
``git`` first on PATH logs every call, and a value may only appear after ``--``.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from resolution_vcs.cli import main

from .conftest import CHAIR, SEED

MARK = "pwned"

HOSTILE = [
    # paths
    "../x",
    "../../etc/passwd",
    "/etc/passwd",
    "/tmp/x",
    "a/b",
    "x/../../y",
    "a\\b",
    "..",
    ".",
    "~",
    "%2e%2e/x",
    "a//b",
    "x/",
    ".hidden",
    # options for git
    "-x",
    "-",
    "--",
    f"--upload-pack=touch {MARK}",
    f"--receive-pack=touch {MARK}",
    f"-c core.sshCommand=touch {MARK}",
    f"--output={MARK}",
    f"--exec=touch {MARK}",
    # unsafe transports and shell
    f"ext::sh -c touch% {MARK}",
    "fd::17",
    f"ssh://-oProxyCommand=touch {MARK}/x",
    f"$(touch {MARK})",
    f"`touch {MARK}`",
    f"a;touch {MARK}",
    "a|b",
    # ref-name rules
    "a..b",
    "x.lock",
    "@{",
    "a@{-1}",
    "x.",
    "a:b",
    "a*b",
    "a?b",
    "a[b",
    "x^{tree}",
    "refs/heads/../x",
    # white space and control characters
    "",
    " ",
    "a b",
    "a\tb",
    "a\nb",
    "a\rb",
    "a\x00b",
    "a\x1bb",
    "\x7f",
    # Unicode tricks
    "\u202eevil",
    "a\u200bb",
    "\ufeffa",
    "\u2028",
    "e\u0301",
    "\u0438\u0306",
    # long names
    "a" * 300,
    "x" * 5000,
    "\u00fc" * 200,
    # quotes and reserved names
    "'",
    '"',
    "<x>",
    "readme",
    "CON",
]

#: Every command that takes a name, with {} where the hostile value goes.
COMMANDS = [
    ["clauses", "--doc", "{}"],
    ["log", "--doc", "{}"],
    ["show", "--doc", "{}"],
    ["show", "--at", "{}"],
    ["show", "--clause", "{}"],
    ["clauses", "--at", "{}"],
    ["import", str(SEED), "--slug", "{}"],
    ["diff", "--", "{}"],
    ["diff", "--", "v1", "{}"],
    ["table", "--kind", "comparative", "--format", "md", "--", "{}"],
    ["amendment", "--", "{}"],
    ["withdraw", "--", "{}"],
    ["accept", "--", "{}"],
    ["reject", "--reason", "r", "--", "{}"],
    ["resolve", "--text", "t", "--", "{}"],
    ["propose", "--clause", "{}", "--text", "t"],
    ["propose", "--delete", "{}"],
    ["propose", "--insert-after", "{}", "--text", "t"],
    ["propose", "--insert-before", "{}", "--text", "t"],
    ["propose", "--move", "5", "--after", "{}"],
    ["revise", "--doc", "{}", "--from", str(SEED), "-m", "m"],
    ["review", "--doc", "{}"],
    ["export", "--doc", "{}", "--format", "md"],
    ["adopt", "--tag", "{}"],
    ["history", "--", "{}"],
    ["blame", "--at", "{}"],
    ["export", "--at", "{}", "--format", "md"],
    ["verify", "--doc", "{}"],
    ["sync", "--remote", "{}"],
    ["clone", "--", "{}", "copy"],
]

_FAKE_GIT = """#!/bin/sh
for arg in "$@"; do printf '%s\\0' "$arg" >> "$RESVCS_GIT_LOG"; done
printf '\\1' >> "$RESVCS_GIT_LOG"
exec "$REAL_GIT" "$@"
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A council with the seed imported and one proposal, built once per module."""
    from resolution_vcs.amend import replace_words
    from resolution_vcs.repository import Repository
    from resolution_vcs.storage import Person

    base = tmp_path_factory.mktemp("hostile-base")
    chair = Person.parse(CHAIR)
    with Repository.init(base / "council", actor=chair) as repo:
        repo.import_document(SEED.read_bytes(), source=SEED.name, slug="forum", author=chair)
        doc = repo.document("forum")
        repo.propose("forum", [[replace_words(doc, "5", "Опыт", "Практика")]], author=chair)
    return base / "council"


@pytest.fixture
def sandbox(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, Path]]:
    """A copy of the council in tmp_path/outer/council, the cwd, and the git call log."""
    outer = tmp_path / "outer"
    outer.mkdir()
    root = outer / "council"
    subprocess.run(["cp", "-a", str(pristine), str(root)], check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "git"
    fake.write_text(_FAKE_GIT)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True)
    log = tmp_path / "git.log"
    monkeypatch.setenv("REAL_GIT", real.stdout.strip())
    monkeypatch.setenv("RESVCS_GIT_LOG", str(log))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(root)
    yield root, log


@pytest.fixture
def sandbox_for(
    sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> tuple[Path, Path]:
    """``clone`` runs in an empty folder beside the council: there "." is no repository."""
    root, _ = sandbox
    if request.node.callspec.params["command"][0] == "clone":
        empty = root.parent / "empty"
        empty.mkdir()
        monkeypatch.chdir(empty)
    return sandbox


def _files(folder: Path) -> set[str]:
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if ".git" not in p.parts and p.name != "git.log"
    }


def _git_calls(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    calls = log.read_bytes().split(b"\x01")
    return [[a.decode(errors="replace") for a in c.split(b"\x00")[:-1]] for c in calls if c]


def _refs(root: Path) -> str:
    done = subprocess.run(["git", "-C", str(root), "for-each-ref"], capture_output=True, text=True)
    assert done.returncode == 0, f"git for-each-ref exited {done.returncode}: {done.stderr}"
    return done.stdout


def _reached_git(value: str, call: list[str]) -> bool:
    return any(a == value or (len(value) >= 4 and value in a) for a in call)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:3]).strip("-"))
def test_hostile_names_are_refused(command: list[str], sandbox_for: tuple[Path, Path]) -> None:
    root, log = sandbox_for
    top = root.parent.parent
    before = _files(top)
    refs = _refs(root)
    problems = []
    for value in HOSTILE:
        args = [value if a == "{}" else a for a in command]
        log.unlink(missing_ok=True)
        result = CliRunner().invoke(main, args, env={"RESVCS_AUTHOR": CHAIR})
        where = f"{value[:40]!r}"
        lines = result.output.strip().splitlines()
        if result.exit_code not in (1, 2) or not isinstance(result.exception, SystemExit | None):
            problems.append(f"{where}: exit {result.exit_code} {result.exception!r} {lines[-1:]}")
        elif result.exit_code == 1 and not (
            len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith(".")
        ):
            problems.append(f"{where}: {lines}")
        for call in _git_calls(log):
            if value != "--" and _reached_git(value, call):
                cut = call.index("--") if "--" in call else len(call)
                if command[0] != "clone" or _reached_git(value, call[:cut]):
                    problems.append(f"{where} reached git: {call}")
        if _files(top) != before or list(top.rglob(f"*{MARK}*")):
            problems.append(f"{where} made files: {_files(top) ^ before}")
        if _refs(root) != refs:
            problems.append(f"{where} moved refs")
    assert not problems, "\n".join(problems)


# -- documents ---------------------------------------------------------------------

#: Markdown that is hard on parsers. Each must be refused with an InputError or
#: parse and render back unchanged; the alarm only stops a hang, it measures nothing.
PATHOLOGICAL = {
    "nested-list-items": "".join("  " * i + "- x\n" for i in range(1000)),
    "nested-lists-one-line": "- " * 10_000 + "x\n",
    "nested-quotes": ">" * 10_000 + " x\n",
    "nested-quotes-spaced": "> " * 10_000 + "x\n",
    "one-megabyte-line": "слово " * 170_000 + "\n",
    "emphasis-runs": "*_" * 50_000 + "\n",
    "emphasis-words": "*a _b " * 30_000 + "\n",
    "open-brackets": "[" * 50_000 + "\n",
    "open-links": "[a](" * 20_000 + "\n",
    "backticks": "`" * 30_000 + "\n",
    "long-table": "| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000,
    "wide-table": "|" + "a|" * 2000 + "\n|" + "-|" * 2000 + "\n" + ("|" + "x|" * 2000 + "\n") * 20,
    "deep-indentation": "- x\n" + " " * 5000 + "- y\n",
}


@pytest.fixture
def hang_guard() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise RuntimeError("no answer after 120 s: the parser hangs on this input")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_is_parsed_or_refused(name: str, hang_guard: None) -> None:
    from resolution_vcs.errors import InputError
    from resolution_vcs.importers import to_markdown
    from resolution_vcs.parse import parse
    from resolution_vcs.text import decode

    data = PATHOLOGICAL[name].encode()
    try:
        text = to_markdown(decode(data, source="evil.md"), filename="evil.md")
    except InputError as exc:
        assert str(exc).startswith("evil.md ")
        return
    assert parse(text).render() == text


@pytest.mark.parametrize(
    "data,message",
    [
        (b"ok\nbad\x1bline\n", "evil.md holds the control character U+001B at line 2, column 4"),
        (b"\x7f", "evil.md holds the control character U+007F at line 1, column 1"),
        (b"a\x0bb", "evil.md holds the control character U+000B at line 1, column 2"),
        (b"one\ntwo\x00", "evil.md looks like a binary file (NUL byte at line 2, column 4"),
        (
            "да\nнет".encode() + b"\xff",
            "evil.md is not UTF-8 text (invalid byte at line 2, column 4",
        ),
        (b"- x\n" + b" " * 401 + b"- y", "evil.md has a line indented more than 400 columns"),
        (b"- x\n" + b" \t" * 201 + b"- y", "evil.md has a line indented more than 400 columns"),
    ],
)
def test_bad_characters_are_refused_with_their_position(data: bytes, message: str) -> None:
    from resolution_vcs.errors import InputError
    from resolution_vcs.text import decode

    with pytest.raises(InputError) as caught:
        decode(data, source="evil.md")
    assert str(caught.value).startswith(message)


def test_real_texts_hold_no_refused_characters() -> None:
    from resolution_vcs.text import decode

    text = decode("«Да»\u00a0— ок\tтаб\r\nи\u2011так".encode(), source="fine.md")
    assert text == "«Да»\u00a0— ок\tтаб\nи\u2011так"
    spaced = "a" + " " * 401 + "b\n" + "\t" * 400 + "c\f\n"  # not at a line's start; 400
    assert decode(spaced.encode(), source="fine.md") == spaced


def test_a_control_character_in_another_encoding_is_refused() -> None:
    from resolution_vcs.errors import InputError
    from resolution_vcs.text import decode

    with pytest.raises(InputError, match="control character U\\+001B at line 1, column 3"):
        decode("да\x1b".encode("cp1251"), source="evil.txt", encoding="cp1251")


def _commit(root: Path, message: str) -> None:
    subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "user.name=A",
            "-c",
            "user.email=a@example.org",
            "commit",
            "-qam",
            message,
        ],
        check=True,
    )


def test_document_size_limit_is_configurable(sandbox: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = sandbox
    big = tmp_path / "big.md"
    big.write_text("# Title\n\n" + "word " * 400 + "\n", encoding="utf-8")
    config = root / "resvcs.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[limits]\nmax_document_bytes = 1000\n",
        encoding="utf-8",
    )
    _commit(root, "Limit document size")
    env = {"RESVCS_AUTHOR": CHAIR}
    for args in (
        ["import", str(big), "--slug", "big"],
        ["revise", "--from", str(big), "-m", "x"],
        ["propose", "--from", str(big)],
    ):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 1, result.output
        assert result.output == (
            f"Error: {big} is 2,010 bytes, more than the limit of 1,000. Split the document, "
            "or raise [limits] max_document_bytes in resvcs.toml.\n"
        )
    config.write_text(
        config.read_text(encoding="utf-8").replace("= 1000", "= -5"), encoding="utf-8"
    )
    _commit(root, "Break the limit")
    result = CliRunner().invoke(main, ["clauses"], env=env)
    assert result.exit_code == 1
    assert "max_document_bytes in resvcs.toml must be a positive whole number" in result.output


def test_a_draft_committed_with_plain_git_is_checked_when_read(sandbox: tuple[Path, Path]) -> None:
    """Over the size limit, or not UTF-8: the commands that read it say so; nothing else breaks."""
    root, _ = sandbox
    config = root / "resvcs.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[limits]\nmax_document_bytes = 20000\n",
        encoding="utf-8",
    )
    draft = root / "drafts" / "forum.md"
    head = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    draft.write_text(draft.read_text(encoding="utf-8") + "\nслово " * 4000, encoding="utf-8")
    _commit(root, "A long text by hand")
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    size = draft.stat().st_size
    env = {"RESVCS_AUTHOR": CHAIR}
    for args in (["show"], ["clauses"], ["blame"], ["export", "--format", "md"]):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 1, (args, result.output)
        assert result.output == (
            f"Error: drafts/{draft.name} at {commit} is {size:,} bytes, more than the limit of "
            "20,000. Raise [limits] max_document_bytes in resvcs.toml, or restore a smaller "
            "text.\n"
        )
    assert CliRunner().invoke(main, ["show", "--at", head], env=env).exit_code == 0
    draft.write_bytes(b"# \xff\xfe broken\n")
    _commit(root, "Not UTF-8")
    result = CliRunner().invoke(main, ["clauses"], env=env)
    assert result.exit_code == 1
    assert "is not UTF-8 text (invalid byte at offset 2); it was committed without resvcs" in (
        result.output
    )
    assert CliRunner().invoke(main, ["log"], env=env).exit_code == 0


def test_bidi_and_zero_width_characters_show_in_diffs(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text("1. Pay 100 roubles.\n", encoding="utf-8")
    new.write_text("1. Pay \u202e001\u202c roubles\u200b.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff-files", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "U+202E" in result.output and "U+202C" in result.output
    assert "U+200B" in result.output
    assert "\u202e" not in result.output and "\u200b" not in result.output


# -- records -----------------------------------------------------------------------

BROKEN_RECORDS = {
    "invalid YAML": (
        lambda t: t.replace("status: proposed", "status: [proposed"),
        "invalid YAML at line 10: expected ',' or ']', but got ':'. "
        "Fix the front matter, or restore the file with git.",
    ),
    "object tag": (
        lambda t: t.replace("rationale: ''", "rationale: !!python/object/apply:os.system [x]"),
        "could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    "id and file name differ": (
        lambda t: t.replace(t.split("\n")[1], "id: zzzzzzzz", 1),
        "holds amendment 'zzzzzzzz'; the file name and the id must match. "
        "Restore the file with git.",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RECORDS))
def test_broken_records_are_reported_and_the_rest_works(
    case: str, sandbox: tuple[Path, Path]
) -> None:
    root, _ = sandbox
    edit, message = BROKEN_RECORDS[case]
    (record,) = (root / "reviews" / "forum").glob("*.md")
    record.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    _commit(root, "Edit a record by hand")
    env = {"RESVCS_AUTHOR": CHAIR}
    for args in (["amendments"], ["amendment", "1"], ["review"], ["accept", "1"], ["verify"]):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 1, (args, result.output)
        assert record.name in result.output, (args, result.output)
        assert message.rstrip(".") in result.output, (args, result.output)
        if args != ["verify"]:
            assert result.output.startswith(f"Error: {record.name}"), result.output
    for args in (["clauses"], ["show", "--clause", "5"], ["log"], ["history", "5"], ["blame"]):
        result = CliRunner().invoke(main, [*args], env=env)
        assert result.exit_code == 0, (args, result.output)
    assert not (root / "x").exists()


def test_record_for_a_missing_clause_says_so(sandbox: tuple[Path, Path]) -> None:
    root, _ = sandbox
    (record,) = (root / "reviews" / "forum").glob("*.md")
    text = record.read_text(encoding="utf-8")
    target = text.split("target: ", 1)[1].split("\n", 1)[0]
    record.write_text(text.replace(f"target: {target}", "target: qqqq"), encoding="utf-8")
    _commit(root, "Point a record at a clause that is not there")
    result = CliRunner().invoke(main, ["amendment", "1"], env={"RESVCS_AUTHOR": CHAIR})
    assert result.exit_code == 0, result.output
    assert "clause qqqq no longer exists" in result.output
    result = CliRunner().invoke(main, ["accept", "1"], env={"RESVCS_AUTHOR": CHAIR})
    assert result.exit_code == 1
    assert "it conflicts with the current text (clause qqqq no longer exists)" in result.output


def test_the_logging_git_sees_the_calls(sandbox: tuple[Path, Path]) -> None:
    """The check above is not vacuous: GitPython runs the ``git`` found on PATH."""
    _, log = sandbox
    result = CliRunner().invoke(main, ["amendments"], env={"RESVCS_AUTHOR": CHAIR})
    assert result.exit_code == 0, result.output
    assert any(call[-2:] == ["cat-file", "--batch"] for call in _git_calls(log))


# -- errors for people -------------------------------------------------------------

BORIS = "Boris Editor <editor@example.org>"

#: (arguments, exit code, the whole output): each error says what happened and what to do.
ERROR_PATHS = [
    (
        ["show", "--doc", "nosuch"],
        1,
        "Error: No document 'nosuch' (documents: forum). Import one with 'resvcs import'.",
    ),
    (
        ["show", "--clause", "99"],
        1,
        "Error: No clause '99' in this document. List ids and labels with 'resvcs clauses'.",
    ),
    (
        ["show", "--at", "v9"],
        1,
        "Error: forum has versions v1 to v1; there is no v9. List them with 'resvcs log'.",
    ),
    (
        ["show", "--at", "HEAD~50"],
        1,
        "Error: No version or commit 'HEAD~50'. List versions with 'resvcs log' or 'git log'.",
    ),
    (
        ["show", "--at", "@{"],
        1,
        "Error: '@{' is not a revision name. Use v1, v2 ..., a tag or a commit id.",
    ),
    (
        ["amendment", "7"],
        1,
        "Error: No amendment '7' for forum. List them with 'resvcs amendments'.",
    ),
    (
        ["accept", "1", "--author", BORIS],
        1,
        "Error: Only a chair may accept amendments. Chairs are listed in resvcs.toml.",
    ),
    (
        ["withdraw", "1", "--author", BORIS],
        1,
        f"Error: Only the author may withdraw an amendment. Ask its author, {CHAIR}.",
    ),
    (["reject", "1"], 1, "Error: A rejection needs a reason. Give it with --reason."),
    (["adopt"], 1, "Error: Amendment 1 is still pending. Decide it, or add --lapse-pending."),
    (
        ["adopt", "--lapse-pending", "--tag", "x.lock"],
        1,
        "Error: 'x.lock' cannot be a tag name. Use Latin letters, digits, '.', '-' and '_', "
        "e.g. council-2024-adopted.",
    ),
    (["import", "missing.txt"], 1, "Error: missing.txt does not exist. Check the file name."),
    (
        ["import", str(SEED), "--slug", "../x"],
        1,
        "Error: '../x' is not a valid document name. Use lower-case Latin letters, digits and "
        "hyphens, e.g. --slug council-2024.",
    ),
    (
        ["import", str(SEED), "--slug", "forum"],
        1,
        "Error: Document 'forum' already exists. Choose another --slug, or add a version with "
        "'resvcs revise --doc forum --from FILE -m …'.",
    ),
    (
        ["resolve", "1", "--text", "x"],
        1,
        "Error: Amendment 1 ({id}) is proposed, not conflicted; only a conflicted amendment is "
        "resolved. To change its wording, its author withdraws it ('resvcs withdraw 1') and "
        "proposes it anew ('resvcs propose …').",
    ),
    (
        ["sync"],
        1,
        "Error: No remote 'origin' (remotes: none). Add one with 'git remote add origin URL'.",
    ),
    (["sync", "--remote", "-x"], 1, "Error: '-x' is not a remote name. Use a name such as origin."),
    (
        ["clone", "ext::sh -c x"],
        1,
        "Error: 'ext::sh -c x' is not an address resvcs will use. Give a path, an ssh, https or "
        "git URL.",
    ),
    (["propose", "--clause", "5"], 2, None),
    (["export", "--format", "pdf"], 2, None),
]


@pytest.mark.parametrize(("args", "code", "message"), ERROR_PATHS, ids=lambda v: str(v)[:30])
def test_error_paths_say_what_to_do(
    args: list[str], code: int, message: str | None, sandbox: tuple[Path, Path]
) -> None:
    root, _ = sandbox
    (record,) = (root / "reviews" / "forum").glob("*.md")
    result = CliRunner().invoke(main, args, env={"RESVCS_AUTHOR": CHAIR})
    assert result.exit_code == code, result.output
    if message is None:
        assert "Usage: " in result.output and "Error: " in result.output
    else:
        assert result.output == message.replace("{id}", record.stem) + "\n"
