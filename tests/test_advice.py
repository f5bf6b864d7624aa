"""Every piece of advice an error gives is a command that works in that state.

A repository is brought into every state an amendment can be in (proposed,
conflicted in each way, accepted, rejected, withdrawn) and into the states of
the repository people stumble on (uncommitted edits of the draft, a version
committed with plain git, no remote, a name that does not exist). Every command
that can refuse is run there by a chair, the author and someone else; each
command its output advises ('resvcs resolve 2 --text …', 'git checkout HEAD --
drafts/…') is then run, its placeholders filled in, on a copy of that state,
and must succeed.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import CHAIR, EDITOR, SEED
from .test_cli import run

SLUG = "bibliomodel-2022"
OTHER = "Olga Other <olga@example.org>"
DRAFT = f"drafts/{SLUG}.md"

#: A command in an error or a hint: quoted ('resvcs …', 'git …'), or ending a line after ": ".
_QUOTED = re.compile(r"'((?:resvcs|git) [^']+)'")
_ENDING = re.compile(r"(?:^|: )((?:resvcs|git) [^']+?)\.?$", re.M)


def advice(text: str) -> list[str]:
    """The commands a message advises, in the order it gives them."""
    found = [(m.start(), m.group(1)) for m in _QUOTED.finditer(text)]
    quoted = {command for _, command in found}
    for m in _ENDING.finditer(text):
        if m.group(1) not in quoted and "'" not in m.group(1):
            found.append((m.start(1), m.group(1)))
    return [command for _, command in sorted(found)]


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Sec", "-c", "user.email=sec@example.org", *args],
        capture_output=True,
        text=True,
    )


def as_(who: str, *args: str) -> Result:
    return run(*args, env={"RESVCS_AUTHOR": who}, ok=False)


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A repository with amendments in every status, each conflicted one in its own way:

    1 accepted, which made 2 conflicted (one clause's words: new wording fits);
    3 proposed; 4 rejected; 5 withdrawn;
    6 accepted, which made 7 conflicted (a deletion of a clause since reworded);
    8 accepted (a deletion), which made 9 (words of the deleted clause) and
    10 (the same deletion) conflicted.
    """
    root = tmp_path_factory.mktemp("advice") / "council"
    with pytest.MonkeyPatch.context() as mp:
        run("init", str(root), "--chair", CHAIR)
        mp.chdir(root)
        run("import", str(SEED), "--slug", SLUG)
        for args in (
            ("--clause", "5", "--replace", "Опыт создания", "--with", "Опыт открытия"),
            ("--clause", "5", "--replace", "Опыт создания", "--with", "Практика создания"),
            ("--delete", "¶13.4"),
            ("--clause", "7", "--replace", "Развитие", "--with", "Рост"),
            ("--delete", "8"),
            ("--clause", "¶13.3", "--replace", "СФЗО", "--with", "СЗФО"),
            ("--delete", "¶13.3"),
            ("--delete", "¶12.1"),
            ("--clause", "¶12.1", "--replace", "детьми", "--with", "подростками"),
            ("--delete", "¶12.1"),
        ):
            run("propose", *args, "--author", EDITOR)
        run("accept", "1", "6", "8", ok=False)  # conflicted ones make the exit 1
        run("reject", "4", "--reason", "Не по теме")
        as_(EDITOR, "withdraw", "5")
        statuses = run("amendments").output
        assert statuses.count("conflicted") == 4 and statuses.count("accepted") == 3
    yield root


def _filled(command: str, root: Path, number: str | None) -> list[str]:
    """The advised command with its placeholders filled in, as a list of arguments."""
    words = shlex.split(command)
    filled: list[str] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        if word == "…" and before == "--text":
            filled.append("Новая редакция пункта.")
        elif word == "…" and before in ("--reason", "-m"):
            filled.append("Причина")
        elif word == "…" and before == "propose":
            filled += ["--insert-after", "1", "--text", "Новый пункт."]
        elif word == "FILE":
            filled.append(str(_edited_copy(root, number)))
        elif word == "URL":
            bare = root.parent / "hub.git"
            subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
            filled.append(str(bare))
        elif word == "N…":  # "resvcs accept N…": a pending amendment
            pending = run("amendments", "--status", "proposed", "--json").output
            filled.append(number or re.findall(r'"number": (\d+)', pending)[0])
        else:
            filled.append(word)
    return filled


def _edited_copy(root: Path, number: str | None) -> Path:
    """A copy of the current text with a change where amendment ``number`` acts."""
    text = (root / DRAFT).read_text(encoding="utf-8")
    shown = run("amendment", number).output if number else ""
    target = re.search(
        r"^Amendment \d+ \(\w+\) to [\w-]+: \w+ (?:clause )?(\S+?)[.;]?$", shown, re.M
    )
    label = target.group(1) if target else "1"
    listed = run("show", "--clause", label, ok=False)
    words = listed.output.split("\n", 1)[1].strip() if listed.exit_code == 0 else ""
    edited = text.replace(words, words + " (уточнено)", 1) if words else text + "\nНовый абзац.\n"
    path = root.parent / "edited.md"
    path.write_text(edited, encoding="utf-8")
    return path


def _actor(command: list[str], who: str) -> str:
    """Who runs an advised command: its author withdraws, chairs decide and resolve."""
    if command[:2] == ["resvcs", "withdraw"]:
        return EDITOR
    if command[:2] in (["resvcs", c] for c in ("accept", "reject", "resolve", "adopt")):
        return CHAIR
    return who


def follow(state: Path, tmp: Path, who: str, args: tuple[str, ...], result: Result) -> list[str]:
    """Run every command the output of ``args`` advises, each on its own copy of
    ``state`` (they are alternatives: "resolve it, or reject it"); where the
    message says to run the command again, its commands in order on one copy, then
    the command itself. Returns what failed."""
    text = result.output
    commands = advice(text)
    again = "run the command again" in text
    failed = []
    for batch in [commands] if again else [[c] for c in commands]:
        copy = tmp / f"copy-{len(list(tmp.iterdir()))}" / "council"
        shutil.copytree(state, copy, symlinks=True)
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(copy)
            failed += _run_all(copy, who, args, batch)
            if again and not failed:
                rerun = as_(who, *args)
                if rerun.exit_code != 0:
                    failed.append(f"{' '.join(args)} again: {rerun.stderr.strip()}")
    return failed


def _run_all(copy: Path, who: str, args: tuple[str, ...], commands: list[str]) -> list[str]:
    number = next((a for a in args if a.isdigit()), None)
    failed = []
    for command in commands:
        words = _filled(command, copy, number)
        if words[0] == "git":
            done = git(copy, *words[1:])
            ok, out = done.returncode == 0, done.stdout + done.stderr
        else:
            done_cli = as_(_actor(words, who), *words[1:])
            ok, out = done_cli.exit_code == 0, done_cli.output
        if not ok:
            failed.append(f"{' '.join(args)} -> {command}: {out.strip()[-300:]}")
    return failed


def test_advice_is_found_in_messages() -> None:
    assert advice(
        "Error: Give it new wording with 'resvcs resolve 2 --text …' (its author or a chair), "
        "or reject it with 'resvcs reject 2 --reason …'."
    ) == ["resvcs resolve 2 --text …", "resvcs reject 2 --reason …"]
    assert advice(
        '  abc: v3 changed … record it as one: resvcs revise --adopt-commit abc -m "why"'
    ) == ['resvcs revise --adopt-commit abc -m "why"']
    assert advice("Warning: … To propose them: resvcs propose --from drafts/x.md.") == [
        "resvcs propose --from drafts/x.md"
    ]


def test_every_advice_about_amendments_works(states: Path, tmp_path: Path) -> None:
    failed: list[str] = []
    tried = 0
    with pytest.MonkeyPatch.context() as mp:
        outputs = [(CHAIR, ("review",)), (CHAIR, ("accept", "2")), (CHAIR, ("accept", "7"))]
        for n in map(str, range(1, 11)):
            for who in (CHAIR, EDITOR, OTHER):
                for args in (
                    ("accept", n),
                    ("reject", n, "--reason", "Причина"),
                    ("withdraw", n),
                    ("resolve", n, "--text", "Новая редакция."),
                    ("amendment", n),
                ):
                    outputs.append((who, args))
        seen: set[tuple[str, str]] = set()
        for k, (who, args) in enumerate(outputs):
            state = tmp_path / f"state-{k}" / "council"  # a command may succeed and change it
            shutil.copytree(states, state, symlinks=True)
            mp.chdir(state)
            result = as_(who, *args)
            text = result.output
            key = (args[0] + (args[1] if len(args) > 1 else ""), " ".join(advice(text)))
            if not advice(text) or key in seen:
                continue
            seen.add(key)
            tried += 1
            failed += follow(state, tmp_path / f"state-{k}", who, args, result)
    assert failed == []
    assert tried >= 15  # conflicted amendments of each kind, decided ones, wrong people


@pytest.mark.parametrize(
    ("setup", "args"),
    [
        ("draft edited", ("accept", "3")),
        ("draft edited", ("propose", "--delete", "¶13.2")),
        ("draft edited", ("adopt", "--lapse-pending", "--final-status", "")),
        ("committed with git", ("verify",)),
        ("", ("show", "--clause", "99")),
        ("", ("amendment", "99")),
        ("", ("diff", "v99")),
        ("", ("sync",)),
        ("", ("import", str(SEED), "--slug", SLUG)),
        ("", ("accept", "2-30")),
    ],
)
def test_every_advice_about_the_repository_works(
    states: Path, tmp_path: Path, setup: str, args: tuple[str, ...]
) -> None:
    state = tmp_path / "state" / "council"
    shutil.copytree(states, state, symlinks=True)
    draft = state / DRAFT
    if setup:
        draft.write_text(draft.read_text(encoding="utf-8").replace("Обзор", "Обзор!"), "utf-8")
    if setup == "committed with git":
        assert git(state, "commit", "-qam", "Fix by hand").returncode == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(state)
        result = as_(CHAIR, *args)
    assert advice(result.output), result.output
    runs = tmp_path / "runs"
    runs.mkdir()
    assert follow(state, runs, CHAIR, args, result) == []
