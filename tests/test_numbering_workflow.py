"""Numbering through the workflow: review says what accepting renumbers, the acceptance
renumbers and rewrites references in the same commit, records and verify follow."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import docx
import pytest

from resolution_vcs.amend import delete_clause, replace_words
from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.verify import verify

from .conftest import CHAIR, DATE, EDITOR
from .test_cli import run

chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)
THREE = (
    "РЕШЕНИЕ\n\n1. Утвердить план.\n2. Создать рабочую группу.\n"
    "3. Рабочей группе в соответствии с пунктом 2 подготовить доклад.\n"
)
INSERTED = (
    "1. Утвердить план.\n2. Выделить средства.\n3. Создать рабочую группу.\n"
    "4. Рабочей группе в соответствии с пунктом 3 подготовить доклад.\n"
)
DELETED = (
    "1. Создать рабочую группу.\n2. Рабочей группе в соответствии с пунктом 1 подготовить доклад.\n"
)


def _repo(tmp_path: Path, text: str = THREE) -> Repository:
    repo = Repository.init(tmp_path / "r", actor=chair, date=DATE)
    repo.import_document(text.encode(), source="d.txt", slug="d", author=chair, date=DATE)
    return repo


def _git(root: Path, *args: str) -> str:
    who = ["-c", "user.name=Hand", "-c", "user.email=hand@example.org"]
    return subprocess.run(
        ["git", "-C", str(root), *who, *args], capture_output=True, text=True, check=True
    ).stdout


def test_library_insertion_renumbers_in_the_acceptance_commit(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    op = repo.insertion("d", "2", "Выделить средства.", "before")
    (made,) = repo.propose("d", [[op]], author=editor)
    (item,) = repo.review("d")
    assert [str(r) for r in item.consequences.renumbered] == ["2 → 3", "3 → 4"]
    assert [str(c) for c in item.consequences.references] == ["«пунктом 2» → «пунктом 3»"]
    assert repo.consequences("d", "1") == item.consequences
    (outcome,) = repo.accept("d", ["1"], chair=chair)
    assert outcome.status is Status.ACCEPTED
    assert repo.text("d").endswith(INSERTED)
    # One commit: the text, its ids and the record, which lists the consequences.
    changed = sorted(_git(repo.root, "show", "--name-only", "--format=", "HEAD").split())
    assert changed == ["drafts/d.ids", "drafts/d.md", f"reviews/d/{made.id}.md"]
    message = _git(repo.root, "log", "-1", "--format=%B")
    assert "Renumbering: 2 → 3, 3 → 4." in message
    assert "Reference updated in clause 4: «пунктом 2» → «пунктом 3»." in message
    decision = repo.amendment("d", "1").amendment.decision
    assert decision is not None and decision.numbering == "renumber"
    assert decision.renumbered == item.consequences.renumbered
    assert repo.consequences("d", "1") == item.consequences
    # The labels are the numbers in the text; the diff calls them renumbered.
    assert [c.label for c in repo.document("d")][1:] == ["1", "2", "3", "4"]
    kinds = {c.label: c.kind.value for c in repo.diff("d").changed}
    assert kinds == {"2": "added", "3": "renumbered", "4": "modified"}
    assert verify(repo, "d").ok
    repo.close()


def test_library_deleting_the_first_item(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.propose("d", [[delete_clause(repo.document("d"), "1")]], author=editor)
    (item,) = repo.review("d")
    assert [str(c) for c in item.consequences.references] == ["«пунктом 2» → «пунктом 1»"]
    repo.accept("d", ["1"], chair=chair)
    assert repo.text("d").endswith(DELETED)
    assert verify(repo, "d").ok
    repo.close()


def test_deleting_a_cited_item_is_flagged_not_rewritten(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.propose("d", [[delete_clause(repo.document("d"), "2")]], author=editor)
    (item,) = repo.review("d")
    (dangling,) = item.consequences.dangling
    assert dangling.reference == "пунктом 2" and dangling.number == "2"
    repo.accept("d", ["1"], chair=chair)
    assert "в соответствии с пунктом 2 подготовить" in repo.text("d")
    decision = repo.amendment("d", "1").amendment.decision
    assert decision is not None and decision.dangling == (dangling,)
    label = repo.document("d").get(dangling.clause).label  # type: ignore[union-attr]
    assert (
        f"Clause {label} refers to item 2 («пунктом 2»), which this amendment deletes: "
        "the reference is left as it is."
    ) in _git(repo.root, "log", "-1", "--format=%B")
    assert verify(repo, "d").ok
    repo.close()


def test_verify_refuses_a_record_that_hides_a_consequence(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.propose("d", [[repo.insertion("d", "1", "Новый.")]], author=editor)
    (made,) = repo.accept("d", ["1"], chair=chair)
    record = repo.root / "reviews" / "d" / f"{made.amendment.id}.md"
    text = record.read_text(encoding="utf-8")
    cut = text.index("  renumbered:")
    tampered = text[:cut] + text[text.index("rationale:") :]
    record.write_text(tampered, encoding="utf-8")
    _git(repo.root, "commit", "-qam", "hide")
    # The change of a decided record is reported; so is the acceptance it describes.
    whats = [v.what for v in verify(Repository.open(repo.root), "d").violations]
    assert any("changed after its decision" in w for w in whats)
    repo.close()


@pytest.mark.parametrize("how", ["acceptance", "revision", "plain git"])
def test_an_amendment_to_item_8_applies_after_renumbering(tmp_path: Path, how: str) -> None:
    text = "РЕШЕНИЕ\n\n" + "".join(f"{n}. Текст номер {n} о разном.\n" for n in range(1, 11))
    repo = _repo(tmp_path, text)
    doc = repo.document("d")
    repo.propose("d", [[replace_words(doc, "8", "о разном", "о главном")]], author=editor)
    renumbered = text.replace("\n1. Текст", "\n1. Новый.\n1. Текст")
    renumbered = "".join(
        line if not line[:1].isdigit() or line.startswith("1. Новый") else _bump(line)
        for line in renumbered.splitlines(keepends=True)
    )
    if how == "acceptance":
        repo.propose("d", [[repo.insertion("d", "1", "Новый.", "before")]], author=editor)
        repo.accept("d", ["2"], chair=chair)
    elif how == "revision":
        repo.revise("d", renumbered.encode(), source="r.md", author=chair, message="Новый пункт")
    else:
        (repo.root / "drafts" / "d.md").write_text(renumbered, encoding="utf-8")
        _git(repo.root, "commit", "-qam", "hand")
        repo = Repository.open(repo.root)
    assert "9. Текст номер 8 о разном." in repo.text("d")
    first = repo.amendment("d", "1").amendment
    assert first.status is Status.PROPOSED
    (outcome,) = repo.accept("d", ["1"], chair=chair)
    assert outcome.status is Status.ACCEPTED
    assert "9. Текст номер 8 о главном." in repo.text("d")
    repo.close()


def _bump(line: str) -> str:
    number, rest = line.split(".", 1)
    return f"{int(number) + 1}.{rest}"


def test_suffix_numbering_setting(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    config = repo.root / "resvcs.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'numbering = "suffix"\n', encoding="utf-8"
    )
    _git(repo.root, "commit", "-qam", "suffix numbering")
    repo = Repository.open(repo.root)
    assert repo.config.numbering("d") == "suffix"
    repo.propose("d", [[repo.insertion("d", "2", "Выделить средства.")]], author=editor)
    (item,) = repo.review("d")
    assert not item.consequences
    repo.accept("d", ["1"], chair=chair)
    assert "2. Создать рабочую группу.\n\n2.1. Выделить средства.\n\n3. Рабочей" in repo.text("d")
    assert verify(repo, "d").ok
    repo.close()


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "d.txt").write_text(THREE, encoding="utf-8")
    run("init", str(tmp_path / "r"), "--chair", CHAIR)
    monkeypatch.chdir(tmp_path / "r")
    run("import", str(tmp_path / "d.txt"), "--slug", "d")
    return tmp_path / "r"


def _cli(*args: str, ok: bool = True) -> str:
    return run(*args, env={"RESVCS_AUTHOR": CHAIR}, ok=ok).output


@pytest.mark.parametrize(
    ("form", "ending", "renumbered", "rewritten"),
    [
        (
            ("--insert-before", "2", "--text", "Выделить средства."),
            INSERTED,
            ("2 → 3", "3 → 4"),
            "«пунктом 2» → «пунктом 3»",
        ),
        (("--delete", "1"), DELETED, ("2 → 1", "3 → 2"), "«пунктом 2» → «пунктом 1»"),
    ],
)
def test_cli_the_three_item_decision(
    three: Path, form: tuple[str, ...], ending: str, renumbered: tuple[str, ...], rewritten: str
) -> None:
    _cli("propose", *form)
    review = _cli("review")
    assert f"renumbered {renumbered[-1]}" in review
    assert f"Renumbering: {', '.join(renumbered)}." in review and rewritten in review
    (item,) = json.loads(_cli("review", "--json"))
    last = item["redline"]["changes"][-1]["new"]
    assert item["consequences"]["references"][0]["clause"] == last["id"]
    assert "Accepting it also changes what follows from it:" in review
    assert "Accepting it also changes what follows from it:" in _cli("amendment", "1")
    accepted = _cli("accept", "1")
    assert "Its acceptance also changed what follows from it:" in _cli("amendment", "1")
    assert "Renumbering:" in accepted and "Reference updated in clause" in accepted
    assert (three / "drafts" / "d.md").read_text(encoding="utf-8").endswith(ending)
    assert _cli("show").endswith(ending)
    lines = ending.splitlines()
    numbers = [line.split(". ", 1)[0] for line in lines]
    cited = lines[-1].split(". ", 1)[1]  # the last item, with its reference rewritten
    listed = [line.split()[1] for line in _cli("clauses").splitlines()[2:]]
    assert listed == numbers
    assert "renumbered" in _cli("diff")
    assert "Verified d" in _cli("verify")
    _check_every_output(three.parent, numbers, lines, cited)


def _check_every_output(out: Path, numbers: list[str], lines: list[str], cited: str) -> None:
    """The exports, both tables in every format and the dossier show the numbers of the
    text and the rewritten reference."""
    assert _cli("export").endswith("\n".join(lines) + "\n")
    _cli("export", "--format", "html", "-o", "../d.html")
    page = (out / "d.html").read_text(encoding="utf-8")
    assert re.findall(r'<li value="(\d+)">', page) == numbers and cited in page
    _cli("export", "--format", "docx", "-o", "../d.docx")
    paragraphs = [p.text for p in docx.Document(str(out / "d.docx")).paragraphs]
    assert [p for p in paragraphs if "\t" in p] == [line.replace(". ", ".\t", 1) for line in lines]
    # The comparative table: the last row is the last item, its new wording the reference.
    _cli("table", "--kind", "comparative", "--format", "csv", "-o", "../c.csv")
    *_, row = csv.reader((out / "c.csv").read_text(encoding="utf-8").splitlines())
    assert row[1] == numbers[-1] and row[3] == cited
    _cli("table", "--kind", "comparative", "--format", "docx", "-o", "../c.docx")
    cells = [c.text for c in docx.Document(str(out / "c.docx")).tables[0].rows[-1].cells]
    assert cells[1] == numbers[-1] and cells[3] == cited
    for fmt in ("md", "html"):
        table = _cli("table", "--kind", "comparative", "--format", fmt)
        assert re.sub(r"</?(strong|ins)>|\*\*", "", table).count(cited) == 1
    # The amendment table: the proposed wording carries the rewritten reference.
    _cli("table", "--kind", "amendments", "--format", "csv", "-o", "../a.csv")
    header, row = csv.reader(io.StringIO((out / "a.csv").read_text(encoding="utf-8")))
    proposed = row[header.index("Предлагаемая редакция")]
    assert proposed.endswith(f"{numbers[-1]}: {cited}")
    assert "считать соответственно пунктами" in row[header.index("Текст поправки")]
    _cli("dossier", "--out", "../dossier")
    index = (out / "dossier" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<li value="(\d+)">', index) == numbers and cited in index


def test_cli_references_and_check(three: Path) -> None:
    listed = _cli("references")
    assert re.search(r"^3\s+пунктом 2\s+2\s+resolved$", listed, re.M)
    assert "1 reference: resolved 1." in listed
    (ref,) = json.loads(_cli("references", "--json"))
    assert ref["label"] == "3" and ref["cites"][0]["label"] == "2"
    assert ref["status"] == "resolved"
    assert "every reference names an item" in _cli("check")
    _cli("propose", "--delete", "2")
    result = run("check", env={"RESVCS_AUTHOR": CHAIR}, ok=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "  Clause 3 refers to item 2 («пунктом 2»), which amendment 1 deletes."
    ]
    (finding,) = json.loads(run("check", "--json", ok=False).output)
    assert finding["kind"] == "deletes" and finding["amendment"] == 1
    # A reference to an item the text does not have is dangling now.
    (three / "drafts" / "d.md").write_text(
        (three / "drafts" / "d.md").read_text(encoding="utf-8").replace("пунктом 2", "пунктом 7"),
        encoding="utf-8",
    )
    _git(three, "commit", "-qam", "hand")
    assert "dangling" in _cli("references", "--status", "dangling")
    whats = [f["what"] for f in json.loads(run("check", "--json", ok=False).output)]
    assert "Clause 3 refers to item 7 («пунктом 7»), which the text does not have" in whats


def test_the_labels_the_meeting_used_stay(tmp_path: Path) -> None:
    """The table, history, blame and the dossier name each amendment's clause as it was
    when proposed, and say where it is now; dropping ПРОЕКТ at adoption shifts nothing
    the meeting said."""
    from resolution_vcs.amend import replace_words
    from resolution_vcs.history import blame, clause_history, label_when_proposed
    from resolution_vcs.present.amendments import render_amendments, table_entries

    repo = _repo(tmp_path, "ПРОЕКТ\n\nРЕШЕНИЕ\n\nВступление к решению.\n\n" + THREE[9:])
    doc = repo.document("d")
    assert [c.label for c in doc][:3] == ["¶1", "¶2", "¶3"]
    words = [
        replace_words(doc, "¶3", "Вступление", "Преамбула"),
        replace_words(doc, "2", "рабочую", "временную"),
    ]
    repo.propose("d", [[op] for op in words], author=editor)
    repo.propose("d", [[repo.insertion("d", "1", "Новый.", "before")]], author=editor)
    repo.accept("d", ["3", "1", "2"], chair=chair)
    repo.adopt("d", chair=chair, final_status="")
    table = render_amendments(table_entries(repo, "d", repo.amendments("d")), "md", lang="ru")
    assert isinstance(table, str)
    assert "| 1 | ¶3 (ныне ¶2) |" in table and "| 2 | п. 2 (ныне п. 3) |" in table
    item = repo.document("d").find("3")
    (proposed,) = [
        label_when_proposed(repo, "d", w.attribution, item.id)
        for w in clause_history(repo, "d", item.id)
        if w.attribution.number == 2
    ]
    assert proposed == "2"
    spans = {c.id: c.spans for c in blame(repo, "d")}
    by_amendment = [s for s in spans[item.id] if s.attribution.number == 2]
    assert by_amendment and label_when_proposed(repo, "d", by_amendment[0].attribution, item.id)
    from resolution_vcs.present.dossier import write_dossier

    pages = write_dossier(repo, "d", tmp_path / "dossier", lang="ru")
    clause_page = next(p for p in pages if p.name.startswith(item.id))
    assert "п. 3 (поправка внесена к п. 2)" in clause_page.read_text(encoding="utf-8")
    tables = [p for p in pages if p.name == "amendments.html"]
    assert "п. 2 (ныне п. 3)" in tables[0].read_text(encoding="utf-8")
    repo.close()


def test_cli_history_and_blame_say_where_it_was_proposed(three: Path) -> None:
    _cli("propose", "--clause", "3", "--replace", "доклад", "--with", "отчёт")
    _cli("propose", "--insert-before", "1", "--text", "Новый.")
    _cli("accept", "2", "1")
    assert "amendment 1 (proposed for clause 3)" in _cli("history", "4")
    assert "amendment 1 (proposed for clause 3)" in _cli("blame")
    (changed,) = [w for w in json.loads(_cli("history", "4", "--json")) if w["number"] == 1]
    assert changed["label"] == "4" and changed["proposed_label"] == "3"
