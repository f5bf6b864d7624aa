from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from resolution_vcs.cli import main

from .conftest import CHAIR, CORPUS, EDITOR, SEED

ENV = {"RESVCS_AUTHOR": CHAIR}


def run(*args: str, env: dict[str, str] | None = None, ok: bool = True) -> Result:
    result = CliRunner().invoke(main, list(args), env=env or ENV, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "council"
    run("init", str(root), "--chair", CHAIR)
    monkeypatch.chdir(root)
    run("import", str(SEED), "--slug", "bibliomodel-2022")
    return root


def _commits(root: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out)


def test_init_import_clauses(council: Path) -> None:
    result = run("clauses")
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "LABEL", "KIND", "TEXT"]
    assert len(lines) == 30
    data = json.loads(run("clauses", "--json").output)
    assert len(data) == 29
    assert data[10]["label"] == "1" and data[10]["kind"] == "item"
    assert data[10]["text"].startswith("Вопросы реализации")
    assert set(data[0]) == {"id", "label", "kind", "text", "markdown", "number", "depth", "parent"}


def test_show_document_and_clause(council: Path) -> None:
    whole = run("show").output
    assert whole == (council / "drafts" / "bibliomodel-2022.md").read_text(encoding="utf-8")
    one = run("show", "--clause", "п. 8").output
    assert one.splitlines()[0].startswith("[8] ")
    assert "Гений места" in one
    clause_id = json.loads(run("clauses", "--json").output)[17]["id"]
    assert run("show", "--clause", clause_id).output == one


def test_documents_listing(council: Path) -> None:
    data = json.loads(run("documents", "--json").output)
    assert [(d["slug"], d["versions"], d["clauses"]) for d in data] == [("bibliomodel-2022", 1, 29)]
    assert "bibliomodel-2022" in run("documents").output


def test_revise_and_diff(council: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited.md"
    text = (council / "drafts" / "bibliomodel-2022.md").read_text(encoding="utf-8")
    edited.write_text(text.replace("СФЗО", "СЗФО"), encoding="utf-8")
    out = run("revise", "--from", str(edited), "-m", "Typo", "--author", EDITOR).output
    assert out.startswith("Recorded bibliomodel-2022 v2: 4 modified, 0 added")
    assert run("diff", "--stat").output.strip() == (
        "4 modified, 0 added, 0 deleted, 0 moved, 0 renumbered, 0 layout, 25 unchanged"
    )
    assert run("diff", "--exit-code", "--stat", ok=False).exit_code == 1
    assert run("diff", "v1", "v1", "--exit-code", "--stat").exit_code == 0
    again = run("revise", "--from", str(edited), "-m", "Typo").output
    assert again.startswith("No changes:")
    log = subprocess.run(
        ["git", "-C", str(council), "log", "-1", "--format=%an <%ae>"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert log == EDITOR


def test_diff_files_needs_no_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    same = run("diff-files", str(CORPUS[0]), str(CORPUS[0]), "--exit-code")
    assert same.output == "No changes.\n"
    changed = run("diff-files", str(CORPUS[12]), str(CORPUS[13]), "--stat", "--exit-code", ok=False)
    assert changed.exit_code == 1
    assert changed.output.startswith("4 modified, 0 added, 0 deleted")
    data = json.loads(
        run("diff-files", str(CORPUS[12]), str(CORPUS[13]), "--format", "json").output
    )
    assert data["summary"]["modified"] == 4


def test_diff_files_ignore_wrapping_and_typography(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed re-wrapped at 72 columns and retyped with “” quotes: every difference is
    gone with -w and --ignore-typography, and the summary says what was ignored."""
    from .test_copies import retyped

    monkeypatch.chdir(tmp_path)
    seed = SEED.read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(
        retyped(
            "\n".join(textwrap.fill(line, 72, break_on_hyphens=False) for line in seed.split("\n"))
        ),
        encoding="utf-8",
    )
    plain = run("diff-files", str(SEED), str(copy), "--stat").output
    # The quotes of 11 clauses and a double space the wrap took out; ¶9 is not joined to ¶8.
    assert plain.startswith("12 modified, 0 added, 0 deleted")
    ignored = run("diff-files", str(SEED), str(copy), "-w", "--ignore-typography", "--exit-code")
    assert ignored.output == "No changes.\n\nIgnored: spaces in 1 clause, quotes in 11.\n"
    stat = run("diff-files", str(SEED), str(copy), "--ignore-wrapping", "--stat").output
    assert stat.strip() == (
        "11 modified, 0 added, 0 deleted, 0 moved, 0 renumbered, 0 layout, 18 unchanged; "
        "ignored: spaces in 1 clause"
    )
    data = json.loads(
        run("diff-files", str(SEED), str(copy), "--ignore-typography", "--format", "json").output
    )
    assert data["ignored"] == {"quotes": 11}
    assert [c["ignored"] for c in data["changes"] if c["ignored"]] == [["quotes"]] * 11


def test_diff_reports_anchors_gained_as_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version that only gained anchor lines: no clause is modified; --stat counts the
    layout changes apart, and JSON, text, Markdown and HTML say what they are."""
    from .test_copies import ANCHOR_RE, without_anchors

    monkeypatch.chdir(tmp_path)
    law = CORPUS[0].read_text(encoding="utf-8")
    gained = len(ANCHOR_RE.findall(law))
    (tmp_path / "bare.md").write_text(without_anchors(law), encoding="utf-8")
    args = ("diff-files", str(tmp_path / "bare.md"), str(CORPUS[0]))
    stat = run(*args, "--stat").output
    assert stat.startswith(
        f"0 modified, 0 added, 0 deleted, 0 moved, 0 renumbered, {gained} layout"
    )
    data = json.loads(run(*args, "--format", "json").output)
    assert data["summary"]["layout"] == gained and data["summary"]["modified"] == 0
    layout = [c for c in data["changes"] if c["kind"] == "layout"]
    assert len(layout) == gained
    changed = [op["text"] for c in layout for op in c["ops"] if op["op"] != "equal"]
    assert changed and not any(re.search(r"[^\W\dn_]", text) for text in changed)
    assert run(*args).output.count("  layout only\n") == gained
    assert (
        run(*args, "--format", "markdown", "--lang", "en").output.count("{>>layout only<<}")
        == gained
    )
    page = run(*args, "--format", "html", "--lang", "ru").output
    assert page.count("только разметка") >= gained


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "Error: missing.txt does not exist. Check the file name."),
        (b"", "Error: bad.txt is empty. Give the file with the text of the resolution."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "Error: bad.txt looks like a binary file (NUL byte at "
            "line 3, column 1, byte 8). Give a plain-text or Markdown file.",
        ),
        (
            "Проект".encode("cp1251"),
            "Error: bad.txt is not UTF-8 text (invalid byte at line 1, "
            "column 1, byte 0). Save it as UTF-8, or name its encoding with --encoding "
            "(e.g. --encoding cp1251).",
        ),
    ],
)
def test_import_errors_leave_nothing_behind(
    council: Path, content: bytes | None, message: str
) -> None:
    name = "missing.txt" if content is None else "bad.txt"
    if content is not None:
        (council.parent / name).write_bytes(content)
    before = _commits(council)
    result = run("import", str(council.parent / name), "--slug", "other", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        message.replace(name, str(council.parent / name), 1)
    ]
    assert _commits(council) == before
    assert not (council / "drafts" / "other.md").exists()
    assert (
        subprocess.run(
            ["git", "-C", str(council), "status", "--porcelain"], capture_output=True, text=True
        ).stdout
        == ""
    )


def test_import_existing_slug_is_refused(council: Path) -> None:
    before = _commits(council)
    result = run("import", str(SEED), "--slug", "bibliomodel-2022", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Document 'bibliomodel-2022' already exists.")
    assert _commits(council) == before


def test_import_with_encoding(council: Path) -> None:
    (council.parent / "cp.txt").write_bytes("ПРОЕКТ\n\nРешение принято.\n".encode("cp1251"))
    run("import", str(council.parent / "cp.txt"), "--slug", "cp", "--encoding", "cp1251")
    assert "Решение принято." in run("show", "--doc", "cp").output


def test_doc_is_required_with_several_documents(council: Path) -> None:
    (council.parent / "b.md").write_text("# B\n\nText.\n", encoding="utf-8")
    run("import", str(council.parent / "b.md"))
    result = run("clauses", ok=False)
    assert result.exit_code == 1
    assert "Name one with --doc" in result.stderr
    assert run("clauses", "--doc", "b").output.count("\n") == 3


def test_usage_error_exits_2(council: Path) -> None:
    assert run("diff", "--format", "pdf", ok=False).exit_code == 2
    assert run("no-such-command", ok=False).exit_code == 2


def test_unknown_author_is_a_clear_error(council: Path) -> None:
    result = CliRunner().invoke(main, ["revise", "--from", str(SEED), "-m", "x"], env={})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot tell who you are. Pass --author")


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("clauses", ok=False)
    assert result.exit_code == 1
    assert "not inside a resolution repository" in result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "resolution_vcs", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("Usage: resvcs")


def test_log_lists_versions(council: Path, tmp_path: Path) -> None:
    edited = tmp_path / "e.md"
    text = (council / "drafts" / "bibliomodel-2022.md").read_text(encoding="utf-8")
    edited.write_text(text.replace("СФЗО", "СЗФО"), encoding="utf-8")
    run("revise", "--from", str(edited), "-m", "Typo", "--author", EDITOR)
    data = json.loads(run("log", "--json").output)
    assert [(v["version"], v["action"], v["author"]) for v in data] == [
        ("v1", "import", CHAIR),
        ("v2", "revision", EDITOR),
    ]
    lines = run("log").output.splitlines()
    assert lines[0].split() == ["VERSION", "DATE", "AUTHOR", "ACTION", "MESSAGE"]
    assert lines[1].startswith("v2 ") and lines[2].startswith("v1 ")


def test_output_to_a_missing_folder_is_a_clear_error(council: Path) -> None:
    result = run("diff", "v1", "v1", "-o", "/nonexistent/dir/x.html", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The folder /nonexistent/dir does not exist. Create it or choose another -o file.\n"
    )


def _single_options() -> list[tuple[str, click.Option]]:
    """Every option of every command that takes one value (not repeatable)."""
    from resolution_vcs.cli import COMMANDS

    found = []
    for name in sorted(COMMANDS):
        command = main.get_command(click.Context(main), name)
        assert command is not None
        for param in command.params:
            if isinstance(param, click.Option) and not (param.multiple or param.count):
                found.append((name, param))
    return found


def test_an_option_given_twice_is_a_usage_error(council: Path) -> None:
    """click keeps the last of two values silently; every command refuses instead."""
    before = _commits(council)
    wrong = []
    for name, option in _single_options():
        flag = option.opts[0]
        given = [flag] if option.is_flag else [flag, "x"]
        result = run(name, *given, *given, ok=False)
        message = f"Error: Option {flag} is given more than once; it takes one value. Give it once."
        if (
            result.exit_code != 2
            or message not in result.stderr
            or " [OPTIONS]" not in result.stderr
        ):
            wrong.append((name, flag, result.exit_code, result.stderr[-200:]))
    assert wrong == []
    assert len(_single_options()) > 80  # every command's options were tried
    assert _commits(council) == before


def test_values_and_the_end_of_options_are_not_taken_for_options(council: Path) -> None:
    # "--clause" here is the value of --text, and after "--" nothing is an option.
    result = run("propose", "--text", "--clause", "--clause", "5", ok=False)
    assert "given more than once" not in result.stderr
    result = run("show", "--clause", "5", "--", "--clause", ok=False)
    assert "given more than once" not in result.stderr
    result = run("diff", "-ov1.html", "--output=v2.html", ok=False)
    assert "Option -o/--output is given more than once" in result.stderr


#: A child process that runs the command line on its arguments and prints the modules
#: loaded by then on a last line (as the command runs: not through click's test runner,
#: which loads modules of its own).
_LOADED = (
    "import sys\n"
    "from resolution_vcs.cli import main\n"
    "main(sys.argv[1:], prog_name='resvcs', standalone_mode=False)\n"
    "print('\\n' + ' '.join(sorted(sys.modules)))\n"
)


def loaded_modules(cwd: Path, *args: str) -> set[str]:
    """The modules ``resvcs ARGS`` loads, run in ``cwd`` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **ENV},
    )
    return set(done.stdout.splitlines()[-1].split())


def test_reading_commands_load_only_what_they_use(repo: object) -> None:
    """A command imports the modules it needs when it runs: showing the text needs
    neither the parser (its parse is cached) nor the numbering rules; listing
    amendments needs neither the drafting language (num2words) nor the random
    source of new ids (secrets, which loads OpenSSL)."""
    from resolution_vcs.repository import Repository

    assert isinstance(repo, Repository)
    # The import kept the parse of the text it wrote: no command parses it again.
    imported = loaded_modules(repo.root, "show")
    assert not imported & {"resolution_vcs.parse", "resolution_vcs.numbering", "markdown_it"}
    shutil.rmtree(repo.root / ".git" / "resvcs" / "cache")
    first = loaded_modules(repo.root, "show")  # parses the text once, and keeps the parse
    assert "resolution_vcs.parse" in first and "resolution_vcs.numbering" not in first
    shown = loaded_modules(repo.root, "show")
    assert "resolution_vcs.repository" in shown
    assert not shown & {"resolution_vcs.parse", "resolution_vcs.numbering", "markdown_it"}
    listed = loaded_modules(repo.root, "amendments")
    assert "resolution_vcs.records" in listed
    assert not listed & {"num2words", "resolution_vcs.drafting", "secrets"}


def test_a_decision_that_keeps_the_text_loads_no_amending(council: Path) -> None:
    """Rejecting or withdrawing an amendment records a decision and leaves the text as
    it is: the command loads neither the code that applies amendments (and numbers
    lists, follows references) nor the diff nor the Markdown parser; nor PyYAML (the
    records were kept read by the command before, and the one written has the usual
    shape)."""
    run("propose", "--clause", "5", "--text", "Опыт модельных библиотек.")
    run("propose", "--clause", "6", "--text", "Опыт.")
    heavy = {
        "resolution_vcs.amend",
        "resolution_vcs.diff",
        "resolution_vcs.numbering",
        "resolution_vcs.references",
        "resolution_vcs.parse",
        "markdown_it",
    }
    for args in (["reject", "1", "--reason", "Не нужно"], ["withdraw", "2"]):
        loaded = loaded_modules(council, *args)
        assert "resolution_vcs.records" in loaded and "yaml" not in loaded
        assert not loaded & heavy, args
    statuses = [a["status"] for a in json.loads(run("amendments", "--json").output)]
    assert statuses == ["rejected", "withdrawn"]


def test_accepting_a_rewording_loads_neither_the_diff_nor_the_references(
    council: Path,
) -> None:
    """An amendment that rewords clauses moves no numbered item: accepting it (and
    proposing it) needs neither the diff nor the code that follows references to
    renumbered items."""
    run("propose", "--clause", "5", "--text", "Опыт модельных библиотек.")
    accepted = loaded_modules(council, "accept", "1")
    assert "resolution_vcs.amend" in accepted
    assert not accepted & {"resolution_vcs.diff", "resolution_vcs.references"}
    # Keeping the new text's parse removes no parse of another format (there is none):
    # nor is the code that removes folders loaded, and the compression modules it loads.
    assert "resolution_vcs.cache" in accepted and "shutil" not in accepted
    assert json.loads(run("amendments", "--json").output)[0]["status"] == "accepted"
    proposed = loaded_modules(council, "propose", "--clause", "6", "--text", "Опыт.")
    assert not proposed & {"resolution_vcs.diff", "resolution_vcs.references"}


def test_proposing_and_accepting_load_no_openssl(council: Path) -> None:
    """The digests of a command's few kilobytes (git object ids, ids of new clauses and
    amendments, cache keys) are computed without loading OpenSSL, which hashlib and
    secrets load."""
    proposed = loaded_modules(council, "propose", "--clause", "5", "--text", "Опыт.")
    accepted = loaded_modules(council, "accept", "1")
    assert "resolution_vcs.digests" in proposed and "resolution_vcs.digests" in accepted
    assert not (proposed | accepted) & {"_hashlib", "hashlib", "secrets"}
    assert json.loads(run("amendments", "--json").output)[0]["status"] == "accepted"


def test_proposing_and_accepting_load_no_review(council: Path) -> None:
    """Proposing an exact copy and accepting what it made do not review the pending
    amendments (the redlines and rivalries a chair reads), nor word what an exact
    comparison left aside: neither loads the review nor the messages it is worded in."""
    copy = council.parent / "copy.md"
    text = (council / "drafts" / "bibliomodel-2022.md").read_text(encoding="utf-8")
    copy.write_text(text.replace("модельных библиотек", "модельных библиотек края", 1), "utf-8")
    proposed = loaded_modules(council, "propose", "--from", str(copy), "--exact")
    accepted = loaded_modules(council, "accept", "1")
    assert "resolution_vcs.workflow" in proposed and "resolution_vcs.workflow" in accepted
    assert not (proposed | accepted) & {"resolution_vcs.review", "resolution_vcs.present.i18n"}
    assert "модельных библиотек края" in run("show").output


def test_an_import_and_a_revision_load_no_amending(council: Path) -> None:
    """Importing a document and recording a revision write no amendment record: they
    load neither the workflow of amendments nor the code that applies amendments (a
    revision's diff has no acceptance to follow moves through). A revision that changes
    words inside lines does not load the Markdown parser either: it is read from the
    current text's parse."""
    imported = loaded_modules(council, "import", str(SEED), "--slug", "second")
    assert not imported & {"resolution_vcs.workflow", "resolution_vcs.records", "yaml"}
    draft = council / "drafts" / "bibliomodel-2022.md"
    copy = council.parent / "revised.md"
    copy.write_text(draft.read_text("utf-8").replace("модельных", "муниципальных", 1), "utf-8")
    revised = loaded_modules(
        council, "revise", "--doc", "bibliomodel-2022", "--from", str(copy), "-m", "Правка"
    )
    assert "resolution_vcs.diff" in revised and "resolution_vcs.amend" not in revised
    assert not revised & {"resolution_vcs.workflow", "resolution_vcs.records", "markdown_it"}
    assert "муниципальных" in draft.read_text("utf-8")
    assert "second" in run("documents").output


def test_a_text_file_is_read_without_the_zip_reader(council: Path) -> None:
    """A Markdown or plain-text file is told from a Word file by its first bytes: a
    proposal from an edited copy loads neither the Word reader nor the code that opens
    a Word file, nor Python's zip reader."""
    copy = council.parent / "copy.md"
    text = (council / "drafts" / "bibliomodel-2022.md").read_text(encoding="utf-8")
    copy.write_text(text.replace("модельных библиотек", "модельных библиотек края", 1), "utf-8")
    loaded = loaded_modules(council, "propose", "--from", str(copy))
    assert "resolution_vcs.word" in loaded
    assert not loaded & {"zipfile", "resolution_vcs.word.reader", "resolution_vcs.word.package"}
    assert len(json.loads(run("amendments", "--json").output)) == 1


def test_plain_tables_line_their_columns_up() -> None:
    """Each column starts at the same place on every line, two spaces after the widest
    cell before it (at least two wider than its header); numbers to the right when
    asked; cells stripped, no trailing spaces."""
    from resolution_vcs.cli.common import plain_table

    rows = [["a ", "Пункт 5", 7, ""], ["long cell", " b", 120, "x"]]
    out = plain_table(rows, ["ID", "TEXT", "N", "LAST"], right=(2,)).split("\n")
    assert len(out) == 3 and all(line == line.rstrip() for line in out)
    assert out[0].index("TEXT") == len("long cell") + 2
    starts = [out[0].index("TEXT"), out[0].index("LAST")]
    assert out[1][starts[0] :].startswith("Пункт 5") and out[2][starts[0] :].startswith("b ")
    assert out[2][starts[1] :] == "x" and out[1] == out[1].rstrip()
    # The numbers end where the header ends: right-aligned under it.
    end = out[0].index("N") + 1
    assert out[1][:end].endswith("  7") and out[2][:end].endswith("120")
    assert out[0][: len("ID")] == "ID" and "a  " in out[1]


def test_output_to_a_device_is_written_into_it(council: Path, tmp_path: Path) -> None:
    """An -o target that is not a plain file (/dev/null, a named pipe) is written in place:
    a file put in its stead would replace the device. Here through a link to /dev/null,
    which a wrong write replaces, not the device."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = run("diff", "v1", "v1", "--format", "html", "-o", str(link))
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert result.stderr == f"Wrote {link}.\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".null")] == []
