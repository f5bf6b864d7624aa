"""History for archivists: log, clause history, blame and verify on real repositories."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from resolution_vcs.amend import apply, replace_throughout
from resolution_vcs.history import blame, clause_history, log
from resolution_vcs.records import Decision, Status, dump_record, record_body
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.verify import verify

from .conftest import CHAIR, CORPUS, DATE, EDITOR, SEED

SLUG = "bibliomodel-2022"
chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def story(repo: Repository) -> Repository:
    """The seed with a typo fix throughout and an edited copy (a bullet moved into the other
    list and reworded, item 5 reworded), all accepted; one more amendment rejected."""
    doc = repo.document(SLUG)
    repo.propose(SLUG, [replace_throughout(doc, "СФЗО", "СЗФО")], author=editor, date=DATE)
    repo.accept(SLUG, ["1"], chair=chair, reason="Опечатка")
    doc = repo.document(SLUG)
    bullet = doc.find("¶12.1")
    text = doc.render().replace(bullet.body, "")
    text = (
        text.rstrip("\n") + "\n" + bullet.body.replace("обратить особое", "обратить первоочередное")
    )
    text = text.replace("Опыт создания", "Опыт открытия")
    made = repo.propose_copy(
        SLUG, text.encode(), source="copy.md", author=Person.parse("Vera Editor <vera@example.org>")
    )
    repo.accept(SLUG, [str(n.number) for n in made], chair=chair)
    doc = repo.document(SLUG)
    repo.propose(SLUG, [replace_throughout(doc, "Форума", "форума")], author=editor)
    repo.reject(SLUG, [str(len(repo.amendments(SLUG)))], chair=chair, reason="Не нужно")
    return repo


def test_log_shows_versions_and_decisions(story: Repository) -> None:
    entries = log(story, SLUG)
    assert [e.action for e in entries] == [
        "import",
        "proposal",
        "acceptance",
        "proposal",
        "acceptance",
        "acceptance",
        "proposal",
        "rejection",
    ]
    assert [e.version for e in entries if e.version] == ["v1", "v2", "v3", "v4"]
    accepted = [e for e in entries if e.action == "acceptance"]
    assert all(e.chair == CHAIR and e.decision == "accepted" for e in accepted)
    assert entries[-1].decision == "rejected" and entries[-1].version == ""


def test_blame_attributes_accepted_changes(story: Repository) -> None:
    by_label = {b.label: b for b in blame(story, SLUG)}
    item5 = by_label["5"]
    changed = [s for s in item5.spans if s.attribution.version != "v1"]
    assert [s.text for s in changed] == ["открытия"]
    assert changed[0].attribution.author == "Vera Editor <vera@example.org>"
    assert changed[0].attribution.chair == CHAIR and changed[0].attribution.amendment
    typo = [
        s
        for b in by_label.values()
        for s in b.spans
        if "СЗФО" in s.text and s.attribution.version != "v1"
    ]
    assert len(typo) == 4
    assert {s.attribution.author for s in typo} == {EDITOR}
    assert {s.attribution.number for s in typo} == {1}
    untouched = by_label["3"]
    assert [s.attribution.action for s in untouched.spans] == ["import"]


def test_blame_at_an_earlier_version(story: Repository) -> None:
    by_label = {b.label: b for b in blame(story, SLUG, "v1")}
    assert {s.attribution.version for b in by_label.values() for s in b.spans} == {"v1"}


def test_history_follows_a_moved_and_reworded_clause(story: Repository) -> None:
    first = story.document(SLUG, "v1").find("¶12.1")
    wordings = clause_history(story, SLUG, first.id)
    assert [w.attribution.version for w in wordings] == ["v1", "v4"]  # item 5 was v3
    assert wordings[0].changes == ("added",) and wordings[0].label == "¶12.1"
    assert set(wordings[1].changes) == {"moved", "modified"}
    assert wordings[1].text.startswith("обратить первоочередное")
    assert wordings[1].label.startswith("¶13.")
    assert wordings[1].attribution.author == "Vera Editor <vera@example.org>"


def test_verify_passes_on_the_story(story: Repository) -> None:
    report = verify(story, SLUG)
    assert report.ok, [str(v) for v in report.violations]
    assert report.versions == 4 and report.decisions == 4


def test_verify_passes_on_the_corpus_replay(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "law", actor=chair, date=DATE)
    repo.import_document(CORPUS[0].read_bytes(), source="v01.md", slug="law", author=chair)
    for path in CORPUS[1:]:
        made = repo.propose_copy(
            "law", path.read_bytes(), source=path.name, author=editor, exact=True
        )
        outcomes = repo.accept("law", [n.id for n in made], chair=chair)
        assert {o.status for o in outcomes} == {Status.ACCEPTED}, path.name
        assert repo.text("law") == path.read_text(encoding="utf-8"), path.name
    report = verify(repo, "law")
    assert report.ok, [str(v) for v in report.violations]
    # Where a copy inserts an item and renumbers the items after it, the insertion's
    # acceptance renumbers them already: the copy's amendments that restate those
    # numbers change nothing, and make no version.
    accepted = [n.amendment for n in repo.amendments("law")]
    renumbered = sum(len(a.decision.renumbered) for a in accepted if a.decision)
    assert renumbered > 0
    acceptances = sum(1 for e in log(repo, "law") if e.action == "acceptance")
    assert report.versions == 1 + acceptances - renumbered
    repo.close()


def test_verify_reports_a_plain_git_edit(story: Repository) -> None:
    path = story.root / "drafts" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("ПРОЕКТ", "ПРОЕКТ!"), encoding="utf-8")
    _git(story.root, "-c", "user.name=Hand", "-c", "user.email=h@x", "commit", "-qam", "tweak")
    report = verify(Repository.open(story.root), SLUG)
    sha = _git(story.root, "rev-parse", "--short=12", "HEAD").strip()
    assert [v.what for v in report.violations] == [
        "v5 changed the text without resvcs (a plain git commit by Hand <h@x>: 'tweak'). "
        "If it is an editorial revision, record it as one: "
        f'resvcs revise --adopt-commit {sha} -m "why"'
    ]


def test_verify_reports_an_altered_decided_record(story: Repository) -> None:
    first = story.amendments(SLUG)[0]
    path = story.root / "reviews" / SLUG / f"{first.id}.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Опечатка", "Иная причина"), encoding="utf-8"
    )
    _git(story.root, "-c", "user.name=Hand", "-c", "user.email=h@x", "commit", "-qam", "fix")
    report = verify(Repository.open(story.root), SLUG)
    assert len(report.violations) == 1
    assert report.violations[0].what.startswith(
        f"the record of amendment {first.id} was changed after its decision"
    )


def test_verify_reports_an_acceptance_by_a_non_chair(story: Repository) -> None:
    mallory = Person.parse("Mallory <m@example.org>")
    doc = story.document(SLUG)
    (proposal,) = story.propose(
        SLUG, [replace_throughout(doc, "Псковской", "Новгородской")], author=editor
    )
    result = apply(doc, proposal.amendment.operations)
    decided = replace(
        proposal.amendment,
        status=Status.ACCEPTED,
        decision=Decision(Status.ACCEPTED, str(mallory), DATE, ""),
    )
    files = story.version_files(SLUG, result.document)  # type: ignore[arg-type]
    files[f"reviews/{SLUG}/{decided.id}.md"] = dump_record(
        decided, record_body(decided, {})
    ).encode()
    message = (
        f"Accept amendment\n\nResvcs-Action: acceptance\nResvcs-Document: {SLUG}\n"
        f"Amendment: {decided.id}\nDecision: accepted\nChair: {mallory}\n"
    )
    story.store.commit(files, message, mallory, DATE)
    report = verify(Repository.open(story.root), SLUG)
    whats = [v.what for v in report.violations]
    assert f"v5: amendment {decided.id} was accepted by {mallory}, who was not a chair" in whats
    assert f"amendment {decided.id} was accepted by {mallory}, who was not a chair" in whats


def test_verify_reports_a_moved_adoption_tag(story: Repository) -> None:
    story.adopt(SLUG, chair=chair, tag="forum-final")
    assert verify(story, SLUG).ok
    first = story.versions(SLUG)[0].commit
    _git(
        story.root,
        "-c",
        "user.name=Hand",
        "-c",
        "user.email=h@x",
        "tag",
        "-f",
        "-a",
        "forum-final",
        first,
        "-m",
        "moved",
    )
    report = verify(Repository.open(story.root), SLUG)
    assert [v.what for v in report.violations] == [
        f"the adoption tag 'forum-final' was moved to {first[:12]}"
    ]


def test_commits_are_signed_when_git_is_set_to_sign(tmp_path: Path) -> None:
    """With commit.gpgsign on, every commit resvcs makes is signed with the user's key
    (here an ssh key), and verify --require-signed passes; a key not in allowed_signers
    fails it."""
    key = tmp_path / "key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "chair", "-f", str(key)],
        check=True,
    )
    root = tmp_path / "council"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    for name, value in [
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("commit.gpgsign", "true"),
    ]:
        _git(root, "config", name, value)
    public = key.with_suffix(".pub").read_text(encoding="utf-8").split()
    (root / "allowed_signers").write_text(
        f"{chair.email} {public[0]} {public[1]}\n{editor.email} {public[0]} {public[1]}\n",
        encoding="utf-8",
    )
    repo = Repository.init(root, actor=chair, date=DATE)
    repo.import_document(SEED.read_bytes(), source=SEED.name, slug=SLUG, author=chair, date=DATE)
    doc = repo.document(SLUG)
    repo.propose(SLUG, [replace_throughout(doc, "СФЗО", "СЗФО")], author=editor, date=DATE)
    repo.accept(SLUG, ["1"], chair=chair, reason="Опечатка")
    assert "gpgsig" in _git(root, "cat-file", "-p", "HEAD")
    assert verify(repo, SLUG, require_signed=True).ok
    (root / "allowed_signers").write_text(f"{chair.email} {public[0]} AAAAother\n")
    report = verify(Repository.open(root), SLUG, require_signed=True)
    assert not report.ok
    assert all("is not signed by an allowed signer" in v.what for v in report.violations)


def test_verify_require_signed_reports_unsigned_commits(story: Repository) -> None:
    (story.root / "allowed_signers").write_text("", encoding="utf-8")
    report = verify(story, SLUG, require_signed=True)
    assert not report.ok
    assert all("is not signed by an allowed signer" in v.what for v in report.violations)
    assert len(report.violations) == len(log(story, SLUG))
