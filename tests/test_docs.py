"""The README is tested: every command is in it, and its tour runs as written."""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import click
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from resolution_vcs.cli import COMMANDS, main

from .conftest import ROOT, SEED

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    first = [line.strip() for line in README.splitlines() if line.startswith("    make ")]
    assert first[:2] == ["make demo", "make test"]


def _command(name: str) -> click.Command:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    return command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme_and_has_an_example(name: str) -> None:
    assert f"resvcs {name}" in README
    command = _command(name)
    assert command.name == name
    assert command.help and "Example" in command.help


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_command_table_has_each_commands_own_short_help(name: str) -> None:
    """``resvcs --help`` lists the commands from the table without importing them:
    the table's line must be what the command itself would say."""
    assert COMMANDS[name][1] == _command(name).get_short_help_str(limit=1000)


def test_help_lists_every_command_without_importing_them() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from resolution_vcs.cli import main\n"
        "out = CliRunner().invoke(main, ['--help']).output\n"
        "loaded = [m for m in sys.modules if m.startswith('resolution_vcs.cli.')]\n"
        "print(sorted(loaded)); print(out)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded, _, out = result.stdout.partition("\n")
    assert loaded == "[]"
    for name in COMMANDS:
        assert f"  {name} " in out


def _tour() -> list[str]:
    block = re.search(r"```console\n(.*?)```", README, re.S)
    assert block is not None
    return [line[2:] for line in block.group(1).splitlines() if line.startswith("$ ")]


def test_readme_tour_runs(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "draft.txt")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    script = "set -e\n" + "\n".join(_tour()) + "\n"
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "changes.html").read_text(encoding="utf-8").count("<del>СФЗО</del>") == 4
    assert (tmp_path / "comparative.docx").read_bytes()[:2] == b"PK"
    assert "4 modified" in result.stdout


def test_readme_word_round_trip_runs(tmp_path: Path) -> None:
    """The README's Word round trip, as written: a Word draft, an edited copy with two
    editors' tracked changes, the review and the redline as Word files."""
    import io
    import zipfile

    blocks = [b for b in re.findall(r"```console\n(.*?)```", README, re.S) if "edited.docx" in b]
    assert len(blocks) == 1
    lines = [line[2:] for line in blocks[0].splitlines() if line.startswith("$ ")]
    for name in ("draft.docx", "edited.docx"):
        shutil.copy(ROOT / "docs" / "examples" / name, tmp_path / name)
    (tmp_path / "work").mkdir()
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RESVCS_AUTHOR": "Maria Secretary <maria@example.org>",
    }
    result = subprocess.run(
        ["bash", "-c", "set -e\n" + "\n".join(lines) + "\n"],
        cwd=tmp_path / "work",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "Proposed 3 amendments from ../edited.docx:" in result.stdout
    listing = result.stdout[result.stdout.index("NUMBER") :]
    assert re.search(r"\n1 .*Olga Editor", listing) and re.search(r"\n3 .*Boris Petrov", listing)

    def part(name: str, member: str) -> str:
        with zipfile.ZipFile(io.BytesIO((tmp_path / name).read_bytes())) as z:
            return z.read(member).decode("utf-8")

    for name in ("review.docx", "redline.docx"):
        document = part(name, "word/document.xml")
        assert 'w:author="Olga Editor" w:date="2024-03-14T09:12:00Z"' in document, name
        assert 'w:author="Boris Petrov" w:date="2024-03-15T16:40:00Z"' in document, name
        assert "Программа шире плана" in part(name, "word/comments.xml"), name
    final = (tmp_path / "word-council" / "drafts" / "council-2024.md").read_text("utf-8")
    assert "1. Утвердить программу работы Совета на 2024 год.\n" in final
    assert "постоянную рабочую группу" in final and "Поручить" not in final


def test_readme_python_examples_run(tmp_path: Path) -> None:
    """The README's Python blocks, run as written: the pure diff on two versions of the
    law, then the repository examples on a council made as in the tour."""
    from .conftest import CORPUS

    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) == 3
    shutil.copy(CORPUS[12], tmp_path / "v1.md")
    shutil.copy(CORPUS[13], tmp_path / "v2.md")
    shutil.copy(SEED, tmp_path / "draft.txt")
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RESVCS_AUTHOR": "Anna Petrova <anna@example.org>",
    }
    setup = (
        'resvcs init council --chair "Anna Petrova <anna@example.org>" && cd council && '
        "resvcs import ../draft.txt --slug forum-2022"
    )
    subprocess.run(["bash", "-c", setup], cwd=tmp_path, env=env, check=True, capture_output=True)
    outputs = []
    for block in blocks:
        result = subprocess.run(
            [sys.executable, "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert "'modified': 4" in outputs[0] and "19.02" in outputs[0]
    assert "'modified': 4" in outputs[1]  # the four СФЗО of the revision
    assert outputs[2].splitlines()[-1].endswith("accepted")


def test_diff_json_docs_rebuild_both_texts_as_they_say(tmp_path: Path) -> None:
    """docs/diff-json.md's Python for applying the operations, run as written on
    ``diff-files --format json``: each modified clause's old and new text, also where the
    old text had other white space (``old_text``)."""
    docs = (ROOT / "docs" / "diff-json.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", docs, re.S)
    namespace: dict[str, object] = {}
    exec(block, namespace)
    sides = namespace["sides"]
    text = SEED.read_text(encoding="utf-8")
    edited = text.replace("СФЗО", "СЗФО").replace("Опыт создания", "Опыт\u00a0открытия")
    assert edited.count("\u00a0") > text.count("\u00a0")
    (tmp_path / "new.txt").write_text(edited, encoding="utf-8")
    command = ["diff-files", str(SEED), "new.txt", "--format", "json", "-w"]
    result = subprocess.run(
        [sys.executable, "-m", "resolution_vcs", *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    modified = [c for c in json.loads(result.stdout)["changes"] if "modified" in c["kinds"]]
    assert len(modified) >= 4
    assert any("old_text" in op for change in modified for op in change["ops"])
    for change in modified:
        assert sides(change["ops"]) == (change["old"]["text"], change["new"]["text"])  # type: ignore[operator]


def test_the_settings_the_docs_show_read_as_they_say() -> None:
    """The ``resvcs.toml`` examples of docs/config.md and docs/numbering.md, read by resvcs."""
    from resolution_vcs.config import Config

    def example(name: str) -> Config:
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        (block,) = re.findall(r"```toml\n(.*?)```", text, re.S)
        return Config.loads(block)

    config = example("config.md")
    assert [str(p) for p in config.chairs] == [
        "Anna Petrova <anna@example.org>",
        "Ivan Sidorov <ivan@example.org>",
    ]
    settings = config.documents["bibliomodel-2022"]
    assert settings.title.startswith("РЕЗОЛЮЦИЯ") and settings.language == "ru"
    assert config.max_document_bytes == 20_000_000
    assert config.numbering("bibliomodel-2022") == "renumber"
    assert example("numbering.md").numbering("law") == "suffix"


def _on_a_terminal(argv: list[str], cwd: Path, env: dict[str, str], answers: list[str]) -> str:
    """Run ``argv`` with a terminal of its own, as a person types it: each answer is typed
    after the next prompt ending in ": " appears. Everything the terminal showed."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal is the pty
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    shown = b""
    try:
        for answer in answers:
            while not shown.rstrip(b" ").endswith(b":"):
                shown += os.read(fd, 1024)
            os.write(fd, answer.encode() + b"\n")
            shown += os.read(fd, 1024)  # the line break echoed for the hidden answer
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, shown.decode()
    return shown.decode()


def test_readme_accounts_and_server_run(tmp_path: Path) -> None:
    """The README's accounts, made as written (the password asked on the terminal, twice),
    and the server they sign in to."""
    import httpx2 as httpx

    from .web_support import CSRF_RE, Server

    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    *adds, serve = [c for c in commands if c]
    assert len(adds) == 2 and serve == "resvcs serve --port 8000"
    chair = re.search(r'"(.*?)" --role chair', adds[0])
    assert chair is not None
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RESVCS_AUTHOR": "Maria Secretary <maria@example.org>",
    }
    council = tmp_path / "council"
    done = subprocess.run(
        ["resvcs", "init", str(council), "--chair", chair.group(1)], env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    password = "a long password 7Q"
    for command in adds:
        shown = _on_a_terminal(shlex.split(command), council, env, [password, password])
        assert "Password:" in shown and "Repeat for confirmation:" in shown
        assert password not in shown  # not echoed
    listed = subprocess.run(
        ["resvcs", "user", "list", "--json"], cwd=council, env=env, capture_output=True
    )
    roles = [(u["login"], u["role"]) for u in json.loads(listed.stdout)]
    assert roles == [("chair@example.org", "chair"), ("olga@example.org", "editor")]
    server = Server(council)  # the README's port may be taken here: a free one
    try:
        with httpx.Client(base_url=server.url) as client:
            for login in ("chair@example.org", "olga@example.org"):
                form = CSRF_RE.search(client.get("/login").text)
                assert form is not None
                data = {"csrf": form.group(1), "login": login, "password": password}
                assert client.post("/login", data=data).status_code == 303, login
                client.cookies.clear()
    finally:
        server.stop()


def test_make_bench_runs_every_benchmark_and_benchmarks_md_names_each() -> None:
    """A benchmark is a script that writes a section of BENCHMARKS.md: ``make bench`` runs
    each, and the opening of BENCHMARKS.md counts and names them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^bench:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe is not None
    run = re.findall(r"benchmarks/(\w+\.py)", recipe.group(1))
    report = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    opening = report.split("\n## ", 1)[0]
    benchmarks = []
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        marker = re.search(r"<!-- bench:\w+:start -->", script.read_text(encoding="utf-8"))
        if marker:
            benchmarks.append(script.name)
            assert marker.group(0) in report, script.name
            assert f"(`benchmarks/{script.name}`)" in opening, script.name
    assert sorted(run) == benchmarks
    count = "zero one two three four five six seven eight nine ten eleven twelve".split()
    assert f"`make bench` runs {count[len(benchmarks)]} benchmarks" in opening


def _requirements() -> dict[str, Requirement]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = config["options"]["install_requires"].strip().splitlines()
    found = [Requirement(line.strip()) for line in lines if line.strip()]
    return {canonicalize_name(r.name): r for r in found}


def _floors_in_docs() -> dict[str, str]:
    """The table of dependencies in docs/hostile-input.md: package → floor."""
    text = (ROOT / "docs" / "hostile-input.md").read_text(encoding="utf-8")
    section = text.split("## Dependencies", 1)[1]
    rows = re.findall(r"^\| ([A-Za-z][\w.-]*) \| ([\d.]+) \|", section, re.M)
    return {canonicalize_name(name): floor for name, floor in rows}


def test_dependency_floors_exclude_the_advisories_the_docs_list() -> None:
    requirements, documented = _requirements(), _floors_in_docs()
    assert set(requirements) == set(documented)
    for name, requirement in requirements.items():
        (spec,) = requirement.specifier
        assert spec.operator == ">=", requirement
        assert Version(spec.version) >= Version(documented[name]), (requirement, documented[name])
        assert requirement.specifier.contains(metadata.version(name)), name  # what is installed


def _third_party_imports(folder: Path) -> set[str]:
    """The distributions of the top-level modules the Python files under ``folder`` import
    (not the standard library's, not the folder's own)."""
    imported, own = set(), {"resolution_vcs", "tests"}
    for path in folder.rglob("*.py"):
        own.add(path.stem)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    distributions = metadata.packages_distributions()
    return {
        canonicalize_name(dist)
        for module in imported - set(sys.stdlib_module_names) - own
        for dist in distributions.get(module, [module])
    }


def _extras(*names: str) -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    extras = config["options.extras_require"]
    lines = [line.strip() for name in names for line in extras[name].splitlines()]
    return {canonicalize_name(Requirement(line).name) for line in lines if line}


def test_every_package_the_library_imports_is_declared() -> None:
    assert _third_party_imports(ROOT / "resolution_vcs") <= set(_requirements())


#: Imported outside the library but not installed by pip: LibreOffice's Python bridge
#: (python3-uno, installed by .ci/run), and the optional engine of scripts/fuzz.py.
NOT_FROM_PIP = {"uno", "com", "atheris"}


@pytest.mark.parametrize("folder", ["tests", "benchmarks", "scripts"])
def test_every_package_the_tests_and_tools_import_is_declared(folder: str) -> None:
    declared = set(_requirements()) | _extras("test", "dev")
    assert _third_party_imports(ROOT / folder) - NOT_FROM_PIP <= declared
