"""The amendment commands: propose, amendments, amendment, withdraw, review, accept,
reject, resolve, adopt and the amendment table, through the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from resolution_vcs import Repository, amend
from resolution_vcs.cli import main
from resolution_vcs.drafting import read_instructions
from resolution_vcs.parse import parse

from .conftest import CHAIR, CORPUS, EDITOR, ROOT, SEED
from .test_cli import ENV, run
from .test_copies import reading
from .test_word_redlines import parts

SLUG = "bibliomodel-2022"
OLGA = "Olga Editor <olga@example.org>"
DMITRY = "Dmitry Editor <dmitry@example.org>"


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the seed imported; Anna is the chair."""
    root = tmp_path / "council"
    run("init", str(root), "--chair", CHAIR)
    monkeypatch.chdir(root)
    run("import", str(SEED), "--slug", SLUG)
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def draft(root: Path) -> str:
    return (root / "drafts" / f"{SLUG}.md").read_text(encoding="utf-8")


def as_editor(*args: str, who: str = EDITOR, ok: bool = True) -> Result:
    return run(*args, "--author", who, ok=ok)


def listing(*args: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(run("amendments", "--json", *args).output)
    return data


def clause_id(label: str) -> str:
    for c in json.loads(run("clauses", "--json").output):
        if c["label"] == label:
            return str(c["id"])
    raise AssertionError(label)


def fails(*args: str, message: str, who: str = CHAIR) -> None:
    """The command exits 1 with exactly ``message`` and changes nothing."""
    root = Path.cwd()
    before, text = commits(root), draft(root)
    result = run(*args, env={"RESVCS_AUTHOR": who}, ok=False)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [message]
    assert commits(root) == before
    assert draft(root) == text
    assert git(root, "status", "--porcelain") == ""


# -- proposing ---------------------------------------------------------------------------


def test_propose_every_form(council: Path, tmp_path: Path) -> None:
    out = as_editor("propose", "--clause", "5", "--text", "Опыт модельных библиотек.").output
    assert out.startswith("Proposed amendment 1 (") and out.endswith("): change clause 5.\n")
    out = as_editor(
        "propose",
        "--clause",
        "¶13.2",
        "--replace",
        "библиотек",
        "--with",
        "учреждений",
        "--occurrence",
        "2",
    ).output
    assert out.endswith("change ¶13.2.\n")
    as_editor("propose", "--clause", "¶13.2", "--replace", "библиотек", "--with", "книг", "--all")
    out = as_editor("propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout").output
    assert "change ¶12.2, ¶13, ¶13.3 and ¶13.5" in out
    assert as_editor("propose", "--insert-after", "¶12.1", "--text", "новая;").output.endswith(
        "insert a clause after ¶12.1.\n"
    )
    assert as_editor("propose", "--insert-before", "1", "--text", "Новый.").output.endswith(
        "insert a clause before clause 1.\n"
    )
    assert as_editor("propose", "--delete", "¶13.4").output.endswith("delete ¶13.4.\n")
    assert as_editor("propose", "--move", "8", "--after", "2").output.endswith(
        "move clause 8 after clause 2.\n"
    )
    data = listing()
    assert [a["number"] for a in data] == list(range(1, 9))
    assert {a["status"] for a in data} == {"proposed"}
    assert len(data[3]["targets"]) == 4  # type: ignore[arg-type]
    assert data[3]["labels"] == ["¶12.2", "¶13", "¶13.3", "¶13.5"]
    # Eight proposals, eight commits; the text is untouched.
    assert commits(council) == 2 + 8
    assert "СФЗО" in draft(council)


def test_propose_from_an_edited_copy(council: Path, tmp_path: Path) -> None:
    text = draft(council)
    copy = tmp_path / "copy.md"
    copy.write_text(
        text.replace("Опыт создания,", "Опыт создания и").replace(
            "размещать регулярно", "регулярно размещать"
        ),
        encoding="utf-8",
    )
    before = commits(council)
    out = as_editor(
        "propose",
        "--from",
        str(copy),
        "--rationale",
        "Стиль",
        "--cosponsor",
        OLGA,
        "--cosponsor",
        DMITRY,
    ).output
    assert out.splitlines()[0] == f"Proposed 2 amendments from {copy}:"
    assert out.splitlines()[1].endswith("change clause 5")
    assert out.splitlines()[2].endswith("change ¶13.2")
    assert commits(council) == before + 1
    data = listing()
    assert [a["labels"] for a in data] == [["5"], ["¶13.2"]]
    assert data[0]["cosponsors"] == [OLGA, DMITRY] and data[0]["rationale"] == "Стиль"
    assert data[0]["author"] == EDITOR
    # --single: everything in one amendment.
    out = as_editor("propose", "--from", str(copy), "--single").output
    assert out.startswith("Proposed amendment 3 (") and "change clause 5 and ¶13.2" in out
    # A copy with no change proposes nothing.
    same = tmp_path / "same.md"
    same.write_text(text, encoding="utf-8")
    before = commits(council)
    out = as_editor("propose", "--from", str(same)).output
    assert (
        out
        == f"No changes: {same} is the same as the current text of {SLUG}. Nothing was proposed.\n"
    )
    assert commits(council) == before


def test_propose_from_rewrapped_and_retyped_copies(council: Path, tmp_path: Path) -> None:
    """A Markdown copy re-wrapped at 72 columns, a plain-text copy re-wrapped, and a copy
    whose quotes a word processor turned into “”: no amendment unless words changed, one
    line saying what was left aside, and --exact for everything."""
    from resolution_vcs.parse import parse

    from .test_copies import retyped, rewrapped

    text = draft(council)
    wrapped, count = rewrapped(parse(text))
    (tmp_path / "wrapped.md").write_text(wrapped, encoding="utf-8")
    before = commits(council)
    out = as_editor("propose", "--from", str(tmp_path / "wrapped.md")).output
    assert out == (
        f"No changes of words: {tmp_path / 'wrapped.md'} differs from the current text of "
        f"{SLUG} only in line breaks in {count} clauses. Nothing was proposed; to propose "
        f"that too: resvcs propose --from {tmp_path / 'wrapped.md'} --exact\n"
    )
    assert count == 22 and commits(council) == before

    seed = SEED.read_text(encoding="utf-8")
    plain = "\n".join(textwrap.fill(line, 72, break_on_hyphens=False) for line in seed.split("\n"))
    (tmp_path / "wrapped.txt").write_text(plain, encoding="utf-8")
    out = as_editor("propose", "--from", str(tmp_path / "wrapped.txt")).output
    assert out.startswith("No changes of words:") and "Nothing was proposed" in out
    assert commits(council) == before  # ¶9 was not joined to ¶8

    copy = retyped(text).replace("Опыт создания", "Опыт открытия")
    (tmp_path / "retyped.md").write_text(copy, encoding="utf-8")
    out = as_editor("propose", "--from", str(tmp_path / "retyped.md")).output
    assert out.splitlines() == [
        out.splitlines()[0],
        "Ignored: quotes in 11 clauses (not proposed; --exact proposes them too).",
    ]
    assert out.startswith("Proposed amendment 1 (") and "change clause 5." in out

    out = as_editor("propose", "--from", str(tmp_path / "wrapped.md"), "--exact").output
    numbers = [line.split()[1] for line in out.splitlines() if line.startswith("  amendment ")]
    assert "change the layout of 21 clauses (the words stay the same)" in out
    run("accept", "1", *numbers)
    assert draft(council) == wrapped.replace("Опыт создания", "Опыт открытия")


@pytest.mark.parametrize(
    "args,hint",
    [
        ((), "Say what to propose"),
        (("--replace", "a", "--with", "b"), "Add --throughout or --clause C."),
        (("--clause", "5"), "Add --replace OLD --with NEW or --text T."),
        (("--clause", "5", "--text", "x", "--delete", "3"), "Leave out --delete C."),
        (("--move", "5"), "Add --after D."),
        (("--single",), "Add --from FILE."),
    ],
)
def test_propose_usage_errors_exit_2(council: Path, args: tuple[str, ...], hint: str) -> None:
    before = commits(council)
    result = run("propose", *args, ok=False)
    assert result.exit_code == 2
    assert hint in result.stderr
    assert commits(council) == before


def test_propose_word_errors(council: Path) -> None:
    fails(
        "propose",
        "--clause",
        "5",
        "--replace",
        "ZZZ",
        "--with",
        "Y",
        message=f"Error: 'ZZZ' does not occur in clause 5. Check the words with "
        f"'resvcs show --clause {clause_id('5')}'.",
    )
    fails(
        "propose",
        "--clause",
        "¶13.2",
        "--replace",
        "библиотек",
        "--with",
        "Y",
        message="Error: 'библиотек' occurs 2 times in clause ¶13.2. Say which with "
        "--occurrence N, or replace all with --all.",
    )
    fails(
        "propose",
        "--replace",
        "ZZZ",
        "--with",
        "Y",
        "--throughout",
        message="Error: 'ZZZ' does not occur in the text. Check the spelling.",
    )


def test_propose_delete_twice_is_one_amendment_deleting_both(council: Path) -> None:
    five, six = clause_id("5"), clause_id("6")
    out = as_editor("propose", "--delete", "5", "--delete", "6").output
    assert out.endswith("delete clause 5; delete clause 6.\n")
    (made,) = listing()
    assert made["targets"] == [five, six]
    run("accept", "1")
    ids = {c["id"] for c in json.loads(run("clauses", "--json").output)}
    assert five not in ids and six not in ids
    fails(
        "propose",
        *("--delete", "5", "--delete", clause_id("5")),
        message="Error: Clause 5 is named twice. Name each clause to delete once.",
    )


def test_an_amendment_that_changes_nothing_is_refused(council: Path) -> None:
    """Words replaced by themselves, in one clause or throughout, and a clause moved
    to where it stands: nothing recorded (not a blank redline "accepted" later)."""
    fails(
        "propose",
        *("--clause", "1", "--replace", "Вопросы", "--with", "Вопросы"),
        message="Error: Replacing 'Вопросы' with the same words would change nothing in "
        "clause 1. Give the new words with --with.",
    )
    fails(
        "propose",
        *("--replace", "Форума", "--with", "Форума", "--throughout"),
        message="Error: Replacing 'Форума' with the same words would change nothing "
        "anywhere. Give the new words with --with.",
    )
    fails(
        "propose",
        *("--move", "2", "--after", "1"),
        message="Error: The amendment would leave the text as it is: it changes nothing. "
        "Propose other words, another place or another clause.",
    )
    assert listing() == []


# -- looking ------------------------------------------------------------------------------


def test_amendments_listing_and_filters(council: Path) -> None:
    assert run("amendments").output.startswith("No amendments to bibliomodel-2022 yet.")
    as_editor("propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout")
    as_editor("propose", "--delete", "¶13.4", who=OLGA)
    lines = run("amendments").output.splitlines()
    assert lines[0].split() == ["NUMBER", "ID", "STATUS", "AUTHOR", "CLAUSES", "SUMMARY"]
    assert lines[1].split()[0] == "1" and "¶12.2, ¶13, ¶13.3, ¶13.5" in lines[1]
    assert '"СФЗО" → "СЗФО"' in lines[1]
    assert "Olga Editor" in lines[2] and 'delete: "распространить лучший' in lines[2]
    data = listing()
    assert set(data[0]) >= {"id", "number", "status", "author", "targets", "base"}
    assert data[0]["base"] == git(council, "rev-parse", "HEAD~2").strip()  # the import
    assert [a["number"] for a in listing("--author", "olga")] == [2]
    assert [a["number"] for a in listing("--status", "pending")] == [1, 2]
    assert listing("--status", "accepted") == []
    assert run("amendments", "--status", "accepted").output == "No amendments match.\n"


def test_statuses_offered_are_the_library_statuses() -> None:
    from resolution_vcs.cli.amendments import STATUSES
    from resolution_vcs.records import Status

    assert set(STATUSES) == {str(s) for s in Status}


def test_amendment_shows_record_and_redline(council: Path) -> None:
    as_editor(
        "propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout", "--rationale", "Опечатка"
    )
    amendment_id = str(listing()[0]["id"])
    out = run("amendment", "1").output
    assert out == run("amendment", amendment_id).output
    lines = out.splitlines()
    assert lines[0] == f"Amendment 1 ({amendment_id}) to {SLUG}: change ¶12.2, ¶13, ¶13.3 and ¶13.5"
    assert "  Status:    proposed" in lines
    assert f"  Author:    {EDITOR}" in lines
    assert "  Rationale: Опечатка" in lines
    assert "Against the current text (v1):" in lines
    assert out.count("[-СФЗО-]{+СЗФО+}") == 4
    fails(
        "amendment",
        "7",
        message="Error: No amendment '7' for bibliomodel-2022. List them with 'resvcs amendments'.",
    )


def test_withdraw_by_its_author_only(council: Path) -> None:
    as_editor("propose", "--delete", "¶13.4")
    fails(
        "withdraw",
        "1",
        who=OLGA,
        message=f"Error: Only the author may withdraw an amendment. Ask its author, {EDITOR}.",
    )
    out = as_editor("withdraw", "1", "--reason", "Передумал").output
    assert out.startswith("Withdrew amendment 1 (") and out.endswith("delete ¶13.4.\n")
    assert listing()[0]["status"] == "withdrawn"
    assert "распространить лучший опыт" in draft(council)


# -- deciding -----------------------------------------------------------------------------


def test_uncommitted_edits_of_the_draft_are_never_passed_over_in_silence(council: Path) -> None:
    """propose and reject go on and say the edits were left aside and how to propose
    them; accept refuses (it would write the file); the advice works as given."""
    path = f"drafts/{SLUG}.md"
    edited = draft(council).replace("Опыт создания", "Опыт открытия")
    (council / path).write_text(edited, encoding="utf-8")
    warning = (
        f"Warning: {path} has edits that are not committed; they are not part of the text and "
        f"were left as they are. To propose them: resvcs propose --from {path}.\n"
    )
    assert as_editor("propose", "--delete", "¶13.4").stderr == warning
    assert run("reject", "1", "--reason", "Нет").stderr == warning
    as_editor("propose", "--delete", "¶13.4")
    before = commits(council)
    result = run("accept", "2", ok=False)
    assert commits(council) == before and (council / path).read_text(encoding="utf-8") == edited
    assert result.exit_code == 1 and result.stderr == (
        f"Error: {path} has edits that are not committed, and accepting would write "
        f"that file. Propose them with 'resvcs propose --from {path}' and undo them with "
        f"'git checkout HEAD -- {path}', then run the command again.\n"
    )
    proposed = as_editor("propose", "--from", path)
    assert proposed.stderr == "" and proposed.output.endswith("change clause 5.\n")
    git(council, "checkout", "HEAD", "--", path)
    run("accept", "2", "3")
    assert "Опыт открытия" in draft(council) and "распространить лучший опыт" not in draft(council)
    # An editorial revision made in the draft itself is recorded from it.
    (council / path).write_text(draft(council).replace("Обзор", "Обзор!"), encoding="utf-8")
    run("revise", "--from", path, "-m", "Восклицательный знак")
    assert git(council, "status", "--porcelain") == "" and "Обзор!" in draft(council)


def test_a_chair_and_an_author_are_matched_by_name_and_email(council: Path) -> None:
    """Someone who gives a chair's (or an author's) email under another name is not
    that person; letter case in the email and spaces in the name do not matter."""
    as_editor("propose", "--delete", "¶13.4")
    as_editor("propose", "--delete", "¶13.3")
    fails(
        "reject",
        "1",
        "--reason",
        "x",
        who="Mallory <chair@example.org>",
        message="Error: Only a chair may reject amendments. Chairs are listed in resvcs.toml.",
    )
    fails(
        "withdraw",
        "1",
        who="Mallory <editor@example.org>",
        message=f"Error: Only the author may withdraw an amendment. Ask its author, {EDITOR}.",
    )
    run("reject", "1", "--reason", "x", env={"RESVCS_AUTHOR": "Anna  Chair <CHAIR@Example.org>"})
    run("withdraw", "2", env={"RESVCS_AUTHOR": "Boris Editor <Editor@example.org>"})
    assert [a["status"] for a in listing()] == ["rejected", "withdrawn"]
    run("verify")  # the decisions stand: made by the chair


def test_ranges_and_lists_of_amendments(council: Path) -> None:
    """A chair deciding many amendments at once: accept 3-5, reject 6-8,1, withdraw
    2,9 10-11; a range past the last amendment or over a decided one changes nothing."""
    for k in range(1, 13):
        as_editor("propose", "--insert-after", "1", "--text", f"Новое мероприятие {k}.")
    out = run("accept", "3-5").output
    assert [line.split(" (")[0] for line in out.splitlines() if line.startswith("Accepted")] == [
        "Accepted amendment 3",
        "Accepted amendment 4",
        "Accepted amendment 5",
    ]
    out = run("reject", "6-8,1", "--reason", "Не обсуждались").output
    assert [line.split(" (")[0] for line in out.splitlines()] == [
        "Rejected amendment 6",
        "Rejected amendment 7",
        "Rejected amendment 8",
        "Rejected amendment 1",
    ]
    assert as_editor("withdraw", "2,9", "10 - 11").output.count("Withdrew amendment") == 4
    fails(
        "accept",
        "11-54",
        message=f"Error: No amendment 13 for {SLUG} (amendments 1 to 12). "
        "List them with 'resvcs amendments'.",
    )
    fails(
        "reject",
        "12,3-5",
        "--reason",
        "x",
        message="Error: Amendment 3 ("
        + str(listing()[2]["id"])
        + ") is already accepted; a decision cannot be changed.",
    )
    fails(
        "accept",
        "7-3",
        message="Error: '7-3' is not a range of amendments: 7 comes after 3. Write it as 3-7.",
    )
    statuses = [a["status"] for a in listing()]
    assert statuses == ["rejected", "withdrawn", *["accepted"] * 3, *["rejected"] * 3] + [
        "withdrawn",
        "withdrawn",
        "withdrawn",
        "proposed",
    ]
    assert "Новое мероприятие 3." in draft(council) and "Новое мероприятие 6." not in draft(council)


def test_errors_change_nothing(council: Path) -> None:
    as_editor("propose", "--delete", "¶13.4")
    as_editor("propose", "--clause", "5", "--text", "Опыт.")
    amendment_id = str(listing()[0]["id"])
    fails(
        "accept",
        "1",
        who=EDITOR,
        message="Error: Only a chair may accept amendments. Chairs are listed in resvcs.toml.",
    )
    fails(
        "accept",
        "9",
        message="Error: No amendment '9' for bibliomodel-2022. List them with 'resvcs amendments'.",
    )
    # One bad id among good ones: nothing is accepted.
    fails(
        "accept",
        "1",
        "9",
        message="Error: No amendment '9' for bibliomodel-2022. List them with 'resvcs amendments'.",
    )
    fails("reject", "1", message="Error: A rejection needs a reason. Give it with --reason.")
    fails(
        "reject",
        "1",
        "--reason",
        "Нет",
        who=EDITOR,
        message="Error: Only a chair may reject amendments. Chairs are listed in resvcs.toml.",
    )
    run("accept", "1")
    fails(
        "accept",
        "1",
        message=f"Error: Amendment 1 ({amendment_id}) is already accepted; a decision cannot be "
        "changed.",
    )
    fails(
        "reject",
        "2",
        "1",
        "--reason",
        "Нет",
        message=f"Error: Amendment 1 ({amendment_id}) is already accepted; a decision cannot be "
        "changed.",
    )
    fails(
        "withdraw",
        "1",
        who=EDITOR,
        message=f"Error: Amendment 1 ({amendment_id}) is already accepted; a decision cannot be "
        "changed.",
    )


def test_reject_keeps_the_text(council: Path) -> None:
    as_editor(
        "propose",
        "--clause",
        "¶9",
        "--replace",
        "оффлайн и онлайн",
        "--with",
        "очно и дистанционно",
    )
    text = draft(council)
    out = run("reject", "1", "--reason", "Термины общеприняты").output
    assert out.startswith("Rejected amendment 1 (")
    assert out.endswith("change ¶9. Reason: Термины общеприняты\n")
    assert draft(council) == text
    decision = listing()[0]["decision"]
    assert isinstance(decision, dict)
    assert decision["status"] == "rejected" and decision["reason"] == "Термины общеприняты"
    assert decision["by"] == CHAIR
    out = run("amendment", "1").output
    assert "Decision: rejected by Anna Chair on " in " ".join(out.split())
    assert ": Термины общеприняты\n" in out
    assert "As proposed (against v1):" in out and "[-оффлайн-]{+очно+}" in out


def test_review_accept_conflict_resolve(council: Path, tmp_path: Path) -> None:
    as_editor("propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout")
    copy = tmp_path / "copy.md"
    copy.write_text(
        draft(council).replace("в сети Интернет", "в социальных сетях"), encoding="utf-8"
    )
    as_editor("propose", "--from", str(copy), who=OLGA)
    as_editor(
        "propose",
        "--clause",
        "¶13.2",
        "--replace",
        "в сети Интернет",
        "--with",
        "на порталах",
        who=DMITRY,
    )
    out = run("review").output
    assert out.startswith("3 amendments to bibliomodel-2022 await a decision (current text: v1)")
    assert "== ¶12.2 ==" in out
    assert "== ¶13.2: competing amendments ==" in out
    assert (
        "Amendments 2 and 3 change the same words; accepting one makes the other conflicted." in out
    )
    assert (
        out.count("If accepted: amendment 3 no longer applies (it would become conflicted).") == 1
    )
    assert (
        out.count("If accepted: amendment 2 no longer applies (it would become conflicted).") == 1
    )
    assert out.index("== ¶12.2") < out.index("== ¶13.2")
    review = json.loads(run("review", "--json").output)
    assert [(i["number"], i["competing"][0]["still_applies"]) for i in review[1:]] == [
        (2, False),
        (3, False),
    ]
    assert review[0]["redline"]["summary"]["modified"] == 4

    before = commits(council)
    out = run("accept", "1", "2").output.splitlines()
    assert out[0].startswith("Accepted amendment 1 (") and out[0].endswith("The text is now v2.")
    assert out[1].startswith("Accepted amendment 2 (") and out[1].endswith("The text is now v3.")
    assert out[2].startswith("  Amendment 3 (") and "no longer applies and is now conflicted: "
    assert "conflicted: the words of ¶13.2 that it changes were changed since" in out[2]
    assert "'resvcs resolve 3 --text …'" in out[2] and "'resvcs reject 3 --reason …'" in out[2]
    assert commits(council) == before + 2
    assert "СФЗО" not in draft(council)
    assert listing("--status", "conflicted")[0]["number"] == 3

    # A conflicted amendment is not accepted: a clear error, nothing changes.
    amendment_id = str(listing()[2]["id"])
    fails(
        "accept",
        "3",
        message=f"Error: Amendment 3 ({amendment_id}) is conflicted and cannot become accepted. "
        "See how to resolve or reject it: 'resvcs amendment 3'.",
    )
    out = run("amendment", "3").output
    assert "It does not apply to the current text (v3): the words of ¶13.2 that" in out
    # Resolved by its author against the current text, then accepted.
    wording = (
        "размещать регулярно информацию об инновационных проектах модельных библиотек на "
        "официальных сайтах муниципальных библиотек, в социальных сетях и на порталах;"
    )
    fails(
        "resolve",
        "3",
        "--text",
        wording,
        who=OLGA.replace("olga", "nobody"),
        message="Error: Only the author or a chair may resolve a conflicted amendment. "
        "Chairs are listed in resvcs.toml.",
    )
    out = as_editor("resolve", "3", "--text", wording, who=DMITRY).output
    assert out == (
        f"Resolved amendment 3 ({amendment_id}): it now proposes to change ¶13.2 of the current "
        "text (v3). A chair can accept it: resvcs accept 3\n"
    )
    assert "{+ и на порталах+}" in run("review").output
    run("accept", "3")
    assert wording in draft(council)


def test_accept_reports_a_conflict_with_exit_1(council: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_text(draft(council).replace("Опыт создания", "Опыт открытия"), encoding="utf-8")
    as_editor("propose", "--from", str(copy))
    as_editor(
        "propose",
        "--clause",
        "5",
        "--replace",
        "Опыт создания",
        "--with",
        "Практика создания",
        who=OLGA,
    )
    result = run("accept", "1", "2", ok=False)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("Accepted amendment 1 (")
    assert lines[1].startswith("  Amendment 2 (") and "is now conflicted" in lines[1]
    assert (
        lines[2].startswith("Amendment 2 (")
        and "was not accepted: it conflicts with the current text" in lines[2]
    )
    assert "resvcs resolve 2 --text …" in lines[2] and "resvcs reject 2 --reason …" in lines[2]
    assert result.stderr == (
        "Error: Amendment 2 was not accepted: it conflicts with the current text. "
        "Resolve it or reject it.\n"
    )
    assert "Опыт открытия" in draft(council)


def test_resolve_from_an_edited_copy(council: Path, tmp_path: Path) -> None:
    as_editor("propose", "--clause", "5", "--replace", "Опыт создания", "--with", "Опыт открытия")
    as_editor(
        "propose",
        "--clause",
        "5",
        "--replace",
        "Опыт создания",
        "--with",
        "Практика создания",
        who=OLGA,
    )
    run("accept", "1")
    copy = tmp_path / "copy.md"
    copy.write_text(draft(council).replace("Опыт открытия", "Практика открытия"), encoding="utf-8")
    as_editor("resolve", "2", "--from", str(copy), who=OLGA)
    run("accept", "2")
    assert "Практика открытия" in draft(council)
    result = run("resolve", "2", ok=False)
    assert result.exit_code == 2


def test_adopt(council: Path) -> None:
    as_editor("propose", "--delete", "¶13.4")
    fails(
        "adopt",
        message="Error: Amendment 1 is still pending. Decide it, or add --lapse-pending.",
    )
    fails(
        "adopt",
        "--lapse-pending",
        who=EDITOR,
        message="Error: Only a chair may adopt a text. Chairs are listed in resvcs.toml.",
    )
    out = run("adopt", "--lapse-pending", "--final-status", "", "--tag", "forum-2022").output
    assert out.splitlines() == [
        "Lapsed (not decided before adoption): amendment 1.",
        "The status line was dropped.",
        f"Adopted {SLUG} v2; the git tag forum-2022 marks the adopted text.",
    ]
    assert not draft(council).startswith("ПРОЕКТ")
    assert listing()[0]["status"] == "lapsed"
    assert git(council, "cat-file", "-t", "forum-2022").strip() == "tag"
    fails(
        "adopt",
        "--tag",
        "forum-2022",
        message="Error: A tag 'forum-2022' exists already. Choose another name with --tag.",
    )


# -- the amendment table ---------------------------------------------------------------------


@pytest.fixture
def decided(council: Path) -> Path:
    as_editor(
        "propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout", "--rationale", "Опечатка"
    )
    as_editor("propose", "--insert-after", "¶12.1", "--text", "обновлять фонды;", who=OLGA)
    as_editor("propose", "--clause", "¶9", "--replace", "оффлайн", "--with", "очно", who=DMITRY)
    as_editor("propose", "--delete", "¶13.4", "--cosponsor", OLGA)
    run("accept", "1", "2")
    run("reject", "3", "--reason", "Термин общепринят")
    return council


def test_amendment_table_markdown(decided: Path) -> None:
    out = run("table", "--kind", "amendments").output
    lines = out.splitlines()
    assert lines[0] == "# Таблица поправок"
    assert lines[2].startswith("Документ: РЕЗОЛЮЦИЯ Форума")
    assert lines[4] == (
        "| № | Пункт | Действующая редакция | Предлагаемая редакция | Текст поправки | Автор(ы) "
        "| Обоснование | Решение | Причина |"
    )
    rows = [line for line in lines if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 4
    # The places as the meeting cited them, and where a clause is now if it moved
    # since (amendment 2 put a new recommendation before it).
    assert rows[0].startswith("| 1 | ¶12.2 (ныне ¶12.3), ¶13, ¶13.3, ¶13.5 | _¶12.2:_ ")
    assert rows[0].count("~~СФЗО~~") == 4 and rows[0].count("**СЗФО**") == 4
    assert "| Boris Editor | Опечатка | принята | — |" in rows[0]
    assert rows[1].startswith(
        "| 2 | новый, после ¶12.1 | — | **обновлять фонды;** | После абзаца первого перечня "
        "после абзаца двенадцатого дополнить абзацем следующего содержания: «обновлять "
        "фонды;». | Olga Editor |"
    )
    assert "| По всему тексту слово «СФЗО» заменить словом «СЗФО». | Boris Editor |" in rows[0]
    assert rows[2].endswith("| Dmitry Editor | — | отклонена | Термин общепринят |")
    assert rows[3].startswith("| 4 | ¶13.4 | ~~распространить лучший опыт")
    assert (
        "| исключить | Абзац четвёртый перечня после абзаца тринадцатого исключить. | " in rows[3]
    )
    assert "| Boris Editor, Olga Editor | — | не рассмотрена | — |" in rows[3]
    english = run("table", "--kind", "amendments", "--lang", "en").output
    assert english.startswith("# Table of amendments")
    assert (
        "| No. | Clause | Current wording | Proposed wording | The amendment as worded "
        "| Author(s) | Rationale | Decision | Reason |" in english
    )
    assert "| Throughout the text, replace “СФЗО” with “СЗФО”. |" in english
    assert "| new, after ¶12.1 |" in english and "| rejected |" in english


def test_amendment_table_csv_and_html(decided: Path) -> None:
    rows = list(
        csv.reader(io.StringIO(run("table", "--kind", "amendments", "--format", "csv").output))
    )
    assert rows[0][0] == "№" and rows[0][-1] == "Причина" and len(rows) == 5
    assert rows[1][2].startswith("¶12.2: профессиональному") and "\n\n¶13: " in rows[1][2]
    assert rows[3][7:] == ["отклонена", "Термин общепринят"]
    # The drafting-language column reads back as the amendments themselves.
    with Repository.open(decided) as repo:
        for row, numbered in zip(rows[1:], repo.amendments(SLUG), strict=True):
            base = repo.document(SLUG, numbered.amendment.base)
            assert row[4] and read_instructions(row[4], base) == [
                list(numbered.amendment.operations)
            ]
    html = run("table", "--kind", "amendments", "--format", "html").output
    assert html.startswith("<!DOCTYPE html>") and '<html lang="ru">' in html
    assert html.count("<del>СФЗО</del>") == 4 and "<ins>обновлять фонды;</ins>" in html
    assert '<th scope="col">Предлагаемая редакция</th>' in html
    assert '<td class="wording">По всему тексту слово «СФЗО» заменить словом «СЗФО».</td>' in html
    assert 'class="rejected"' in html


def test_amendment_table_docx(decided: Path, tmp_path: Path) -> None:
    target = tmp_path / "amendments.docx"
    result = run("table", "--kind", "amendments", "--format", "docx", "-o", str(target))
    assert result.stderr == f"Wrote {target}.\n"
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "Таблица поправок"
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == [
        "№",
        "Пункт",
        "Действующая редакция",
        "Предлагаемая редакция",
        "Текст поправки",
        "Автор(ы)",
        "Обоснование",
        "Решение",
        "Причина",
    ]
    assert len(table.rows) == 5
    first = table.rows[1].cells
    assert len(first[2].paragraphs) == 4  # one paragraph per clause changed
    struck = [r.text for p in first[2].paragraphs for r in p.runs if r.font.strike]
    assert struck == ["СФЗО"] * 4
    inserted = [r.text for p in first[3].paragraphs for r in p.runs if r.font.bold]
    assert inserted == ["СЗФО"] * 4
    assert [c.text for c in table.rows[3].cells[7:]] == ["отклонена", "Термин общепринят"]
    assert table.rows[3].cells[4].text == (
        "В абзаце девятом слово «оффлайн» заменить словом «очно»."
    )
    assert table.rows[4].cells[3].text == "исключить"


def test_table_amendments_takes_no_versions(council: Path) -> None:
    result = run("table", "--kind", "amendments", "v1", ok=False)
    assert result.exit_code == 2
    assert "FROM and TO are for --kind comparative" in result.stderr
    assert "Поправок нет." in run("table", "--kind", "amendments").output


# -- the law with 14 real versions, replayed as amendments ------------------------------------


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "words"])
def test_corpus_replayed_through_amendments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exact: bool
) -> None:
    """Each later version handed in as an edited copy and every amendment from it
    accepted in number order gives that version, 13 times over: byte for byte with
    --exact (what an acceptance renumbers never alters a copy that states its own
    numbers); without it, the version's words, its layout left aside. verify passes
    on the history this makes."""
    root = tmp_path / "law"
    run("init", str(root))
    monkeypatch.chdir(root)
    run("import", str(CORPUS[0]), "--slug", "law")
    target = root / "drafts" / "law.md"
    proposed = 0
    for version in CORPUS[1:]:
        out = run("propose", "--from", str(version), *(["--exact"] if exact else [])).output
        numbers = [
            line.split()[1] if line.startswith("  amendment") else line.split()[2]
            for line in out.splitlines()
            if line.startswith(("  amendment ", "Proposed amendment "))
        ]
        assert numbers and numbers[0] == str(proposed + 1), out
        proposed += len(numbers)
        run("accept", *numbers)
        if exact:
            assert target.read_bytes() == version.read_bytes(), version.name
        else:
            now, copy = (parse(p.read_text(encoding="utf-8")) for p in (target, version))
            assert reading(now) == reading(copy), version.name
    assert os.path.getsize(target) > 70_000
    # Every acceptance is the amendments applied with exactly the consequences recorded.
    assert "Verified law" in run("verify").output


def test_deleting_the_last_item_of_a_list_keeps_the_next_paragraph(council: Path) -> None:
    as_editor("propose", "--delete", "8")
    run("accept", "1")
    assert "библиотек.\n\nУчастниками Форума" in draft(council)


def test_readme_amendments_tour_runs(tmp_path: Path) -> None:
    """The README's tour and its "Amendments" part, run one after the other as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", readme, re.S)
    assert len(blocks) == 4
    # The Word round trip stands on its own (tests/test_docs.py runs it).
    blocks = [block for block in blocks if "edited.docx" not in block]
    assert len(blocks) == 3
    lines = [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]
    shutil.copy(SEED, tmp_path / "draft.txt")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "-c", "set -e\n" + "\n".join(lines) + "\n"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    out = result.stdout
    assert "Proposed 2 amendments from ../copy.md:" in out
    assert "== Clause 5: competing amendments ==" in out
    assert "Accepted amendment 1 (" in out and "Amendment 2 (" in out and "is now conflicted" in out
    assert "Accepted amendment 3 (" in out and "Rejected amendment 2 (" in out
    assert "Adopted forum-2022 v" in out
    assert (tmp_path / "amendments.docx").read_bytes()[:2] == b"PK"
    final = (tmp_path / "council" / "drafts" / "forum-2022.md").read_text(encoding="utf-8")
    assert "Опыт открытия" in final and "регулярно размещать" in final
    assert "Форум прошел в гибридном формате – очно и дистанционно." in final
    # The history part: the archive, a verified history and a second copy.
    assert "Verified forum-2022: " in out
    assert (tmp_path / "resolution.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "dossier" / "index.html").is_file()
    laptop = (tmp_path / "laptop" / "drafts" / "forum-2022.md").read_text(encoding="utf-8")
    assert laptop == final


def test_review_other_words_of_one_clause_are_not_competing(council: Path) -> None:
    as_editor(
        "propose",
        "--clause",
        "¶13.2",
        "--replace",
        "размещать регулярно",
        "--with",
        "чаще размещать",
    )
    as_editor(
        "propose",
        "--clause",
        "¶13.2",
        "--replace",
        "в сети Интернет",
        "--with",
        "в соцсетях",
        who=OLGA,
    )
    out = run("review").output
    assert out.count("== ¶13.2 ==") == 1 and "competing" not in out
    assert "Amendment 2 changes other words here too; accepting this one leaves it as it is." in out
    assert "Amendment 1 changes other words here too; accepting this one leaves it as it is." in out
    run("accept", "1", "2")
    assert "чаще размещать информацию" in draft(council) and "в соцсетях;" in draft(council)


# -- amendments written in drafting language ------------------------------------------------


def test_propose_instructions_makes_what_the_other_forms_make(council: Path) -> None:
    (council.parent / "amendments.txt").write_text(
        "1. В абзаце девятом слова «оффлайн и онлайн» заменить словами «очно и дистанционно».\n"
        "2. После абзаца первого перечня после абзаца двенадцатого дополнить абзацем "
        "следующего содержания:\n«обновлять фонды;»\n"
        "3. Throughout the text, replace “СФЗО” with “СЗФО”.\n",
        encoding="utf-8",
    )
    before = commits(council)
    out = as_editor("propose", "--instructions", "../amendments.txt").output
    assert out.splitlines()[0] == "Proposed 3 amendments from ../amendments.txt:"
    assert commits(council) == before + 1  # one proposal
    with Repository.open(council) as repo:
        doc = repo.document(SLUG)
        made = [list(n.amendment.operations) for n in repo.amendments(SLUG)]
    assert made == [
        [amend.replace_words(doc, "¶9", "оффлайн и онлайн", "очно и дистанционно")],
        [amend.insert_clause(doc, "¶12.1", "обновлять фонды;")],
        amend.replace_throughout(doc, "СФЗО", "СЗФО"),
    ]
    # Standard input, and the review shows every amendment's wording.
    result = CliRunner().invoke(
        main,
        ["propose", "--instructions", "-", "--author", EDITOR],
        input="Пункт 8 исключить.\n".encode(),
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Proposed amendment 4 \(\w+\): delete clause 8\.\n", result.output)
    review = json.loads(run("review", "--json").output)
    assert {r["number"]: r["wording"] for r in review}[4] == "Пункт 8 исключить."
    assert (
        "Wording: По всему тексту слово «СФЗО» заменить словом «СЗФО»."
        in run("review", "--color", "never").output
    )


def test_propose_instructions_refuses_the_whole_file_for_one_bad_instruction(
    council: Path,
) -> None:
    (council.parent / "bad.txt").write_text(
        "Пункт 8 исключить.\nВ абзаце девятом слово «онлайн» заменить словом «дистанционно».\n"
        "Пункт 12 исключить.\n",
        encoding="utf-8",
    )
    fails(
        "propose",
        "--instructions",
        "../bad.txt",
        message="Error: Instruction 3 (“Пункт 12 исключить.”): there is no item 12 in the "
        "text. Correct it; nothing was proposed.",
        who=EDITOR,
    )
    assert listing() == []
    result = run("propose", "--instructions", "../bad.txt", "--from", "../bad.txt", ok=False)
    assert result.exit_code == 2
    assert "Leave out" in result.stderr or "do not make one proposal" in result.stderr


def test_the_wording_says_what_accepting_it_renumbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renumbering sentence follows the amendment, from what accepting it renumbers;
    the whole wording reads back as the amendment."""
    (tmp_path / "d.txt").write_text(
        "РЕШЕНИЕ\n\n1. Утвердить план.\n2. Создать рабочую группу.\n"
        "3. Рабочей группе в соответствии с пунктом 2 подготовить доклад.\n",
        encoding="utf-8",
    )
    run("init", str(tmp_path / "r"), "--chair", CHAIR)
    monkeypatch.chdir(tmp_path / "r")
    run("import", "../d.txt", "--slug", "d")
    run("propose", "--insert-before", "2", "--text", "Выделить средства.")
    run("propose", "--delete", "1")
    assert (
        "  Wording:  Перед пунктом 2 дополнить пунктом 2 следующего содержания: «2. Выделить "
        "средства.». Пункты 2 и 3 считать соответственно пунктами 3 и 4.\n"
        in run("amendment", "1", "--color", "never").output
    )
    assert (
        "  Wording:  Пункт 1 исключить. Пункты 2 и 3 считать соответственно пунктами 1 и "
        "2.\n" in run("amendment", "2", "--color", "never").output
    )
    rows = list(
        csv.reader(
            io.StringIO(
                run("table", "--kind", "amendments", "--format", "csv", "--lang", "en").output
            )
        )
    )
    assert rows[2][4] == "Delete paragraph 1. Renumber paragraphs 2 and 3 as paragraphs 1 and 2."
    with Repository.open(tmp_path / "r") as repo:
        for row, n in zip(rows[1:], repo.amendments("d"), strict=True):
            base = repo.document("d", n.amendment.base)
            assert read_instructions(row[4], base) == [list(n.amendment.operations)]


def test_review_says_exactly_which_pairs_compete(council: Path) -> None:
    """A correction throughout the text competes with two amendments to different
    clauses: the group shows all three, and says that those two do not compete."""
    as_editor("propose", "--replace", "СФЗО", "--with", "СЗФО", "--throughout")
    as_editor("propose", "--clause", "¶12.2", "--replace", "СФЗО", "--with", "округа", who=OLGA)
    as_editor("propose", "--clause", "¶13.3", "--replace", "СФЗО", "--with", "региона", who=DMITRY)
    as_editor("propose", "--clause", "¶12.2", "--replace", "разрушения", "--with", "распада")
    out = run("review").output
    assert "== ¶12.2 and ¶13.3: competing amendments ==" in out
    assert (
        "Amendments 1 and 2, 1 and 3 change the same words: accepting one of a pair makes the "
        "other conflicted. Amendments 2 and 3 do not compete with each other." in out
    )
    assert "accepting one makes the others conflicted" not in out
    # Amendment 4 changes other words of ¶12.2: it competes with none of them.
    group = out.split("competing amendments ==")[1].split("\n== ")[0]
    assert all(f"Amendment {n} (" in group for n in (1, 2, 3))
    assert "Amendment 4 (" not in group and "Amendment 4 (" in out
    # In Word too, each amendment's comment names only those it competes with.
    run("review", "--format", "docx", "-o", str(council / "review.docx"))
    _, comments = parts((council / "review.docx").read_bytes())
    assert "Конкурирует с поправками 2, 3:" in comments  # amendment 1
    assert comments.count("Конкурирует с поправкой 1:") == 2  # amendments 2 and 3
    assert "поправками 1, 3" not in comments and "поправками 1, 2" not in comments
    run("accept", "2", ok=True)
    statuses = {a["number"]: a["status"] for a in listing()}
    assert statuses == {1: "conflicted", 2: "accepted", 3: "proposed", 4: "proposed"}
