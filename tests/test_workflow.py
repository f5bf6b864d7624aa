"""The amendment workflow on a real repository: propose, review, decide, adopt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from resolution_vcs.amend import (
    Operation,
    OpKind,
    insert_clause,
    replace_clause,
    replace_throughout,
    replace_words,
)
from resolution_vcs.errors import InputError, RepositoryError, ResolutionError, StaleError
from resolution_vcs.lock import repository_lock
from resolution_vcs.records import RecordError, Status
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.workflow import check_decision, load_all

from .conftest import CHAIR, DATE, EDITOR

SLUG = "bibliomodel-2022"
chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)
other = Person.parse("Olga Other <olga@example.org>")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def _statuses(repo: Repository) -> dict[int, Status]:
    return {n.number: n.amendment.status for n in repo.amendments(SLUG)}


def test_throughout_is_one_acceptance_commit(repo: Repository) -> None:
    doc = repo.document(SLUG)
    (typo,) = repo.propose(
        SLUG,
        [replace_throughout(doc, "СФЗО", "СЗФО")],
        author=editor,
        rationale="Опечатка",
        date=DATE,
    )
    assert typo.number == 1 and len(typo.amendment.targets) == 4
    before = int(_git(repo.root, "rev-list", "--count", "HEAD"))
    (outcome,) = repo.accept(SLUG, ["1"], chair=chair, reason="Очевидная опечатка")
    assert outcome.status is Status.ACCEPTED
    assert int(_git(repo.root, "rev-list", "--count", "HEAD")) == before + 1
    changed = _git(repo.root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == sorted(
        [f"drafts/{SLUG}.ids", f"drafts/{SLUG}.md", f"reviews/{SLUG}/{typo.id}.md"]
    )
    trailers = _git(repo.root, "log", "-1", "--format=%(trailers)")
    assert f"Amendment: {typo.id}" in trailers and "Decision: accepted" in trailers
    assert f"Chair: {CHAIR}" in trailers
    assert "СФЗО" not in repo.text(SLUG)
    assert repo.versions(SLUG)[-1].action == "acceptance"
    assert [c.id for c in repo.document(SLUG)] == [c.id for c in doc]


def test_edited_copy_competing_wording_conflict_and_resolve(repo: Repository) -> None:
    doc = repo.document(SLUG)
    text = (
        doc.render()
        .replace("Опыт создания", "Опыт открытия")
        .replace("Обзор новых", "Обзор современных")
    )
    made = repo.propose_copy(SLUG, text.encode(), source="copy.md", author=editor)
    assert [n.number for n in made] == [1, 2]
    (rival,) = repo.propose(
        SLUG, [[replace_words(doc, "5", "Опыт создания", "Практика создания")]], author=other
    )
    items = {i.amendment.number: i for i in repo.review(SLUG)}
    assert [(o.number, still) for o, still in items[1].competing] == [(3, False)]
    assert [(o.number, still) for o, still in items[3].competing] == [(1, False)]
    assert items[2].competing == ()
    repo.accept(SLUG, ["1"], chair=chair)
    rival_now = repo.amendment(SLUG, "3").amendment
    assert rival_now.status is Status.CONFLICTED
    assert "were changed since the amendment was proposed" in rival_now.conflict
    # Accepting it now is refused with what to do; the text is untouched.
    text_before = repo.text(SLUG)
    with pytest.raises(RecordError, match="is conflicted and cannot become accepted. See how"):
        repo.accept(SLUG, ["3"], chair=chair)
    assert repo.text(SLUG) == text_before
    # Its author resolves it against the current text; then it can be accepted.
    current = repo.document(SLUG)
    resolved = repo.resolve_amendment(
        SLUG, "3", [replace_words(current, "5", "Опыт открытия", "Практика открытия")], person=other
    )
    assert resolved.amendment.status is Status.PROPOSED
    assert repo.accept(SLUG, ["3"], chair=chair)[0].status is Status.ACCEPTED
    assert repo.document(SLUG).find("5").text.startswith("Практика открытия")


def test_rejected_text_is_untouched_and_decisions_are_final(repo: Repository) -> None:
    doc = repo.document(SLUG)
    repo.propose(SLUG, [[insert_clause(doc, "¶12.3", "проводить ежегодный форум.")]], author=editor)
    text = repo.text(SLUG)
    with pytest.raises(InputError, match="A rejection needs a reason"):
        repo.reject(SLUG, ["1"], chair=chair, reason=" ")
    repo.reject(SLUG, ["1"], chair=chair, reason="Вне компетенции форума")
    assert repo.text(SLUG) == text
    with pytest.raises(
        RecordError,
        match=r"Amendment 1 \(\w+\) is already rejected; a decision "
        "cannot be changed",
    ):
        repo.accept(SLUG, ["1"], chair=chair)
    decision = repo.amendment(SLUG, "1").amendment.decision
    assert decision is not None and decision.reason == "Вне компетенции форума"


def test_who_may_do_what(repo: Repository) -> None:
    doc = repo.document(SLUG)
    repo.propose(SLUG, [[insert_clause(doc, "8", "Новый вопрос.")]], author=editor)
    head = repo.store.head()
    with pytest.raises(RecordError, match="Only a chair may accept amendments"):
        repo.accept(SLUG, ["1"], chair=editor)
    with pytest.raises(
        RecordError, match=f"Only the author may withdraw an amendment. Ask its author, {EDITOR}"
    ):
        repo.withdraw(SLUG, "1", author=other)
    with pytest.raises(ResolutionError, match="No amendment '9'"):
        repo.accept(SLUG, ["9"], chair=chair)
    assert repo.store.head() == head
    assert repo.withdraw(SLUG, "1", author=editor).status is Status.WITHDRAWN


def test_adopt_refuses_pending_then_tags(repo: Repository) -> None:
    doc = repo.document(SLUG)
    repo.propose(SLUG, [[insert_clause(doc, "8", "Новый вопрос.")]], author=editor)
    with pytest.raises(RepositoryError, match="Amendment 1 is still pending"):
        repo.adopt(SLUG, chair=chair)
    with pytest.raises(RecordError, match="Only a chair may adopt"):
        repo.adopt(SLUG, chair=editor, lapse_pending=True)
    tag = repo.adopt(SLUG, chair=chair, lapse_pending=True, final_status="", tag="forum-2022")
    assert tag == "forum-2022"
    assert _statuses(repo) == {1: Status.LAPSED}
    assert not repo.text(SLUG).startswith("ПРОЕКТ")
    assert _git(repo.root, "cat-file", "-t", "forum-2022").strip() == "tag"
    assert _git(repo.root, "rev-parse", "forum-2022^{commit}").strip() == repo.store.head()
    with pytest.raises(InputError, match="A tag 'forum-2022' exists already"):
        repo.adopt(SLUG, chair=chair, tag="forum-2022")


def test_two_processes_accept_at_once(repo: Repository) -> None:
    doc = repo.document(SLUG)
    repo.propose(
        SLUG,
        [
            [replace_words(doc, "1", "Вопросы", "Проблемы")],
            [replace_words(doc, "8", "Креативные", "Творческие")],
        ],
        author=editor,
    )
    code = (
        "import sys; from resolution_vcs import lock; lock.DEFAULT_TIMEOUT = float('inf'); "
        "from resolution_vcs.repository import Repository; "
        "from resolution_vcs.storage import Person; "
        "r = Repository.open(sys.argv[1]); "
        "out = r.accept('bibliomodel-2022', [sys.argv[2]], chair=Person.parse(sys.argv[3])); "
        "print(out[0].status)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(repo.root), n, CHAIR],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in ("1", "2")
    ]
    results = [p.communicate() for p in procs]
    assert [out.strip() for out, _ in results] == ["accepted", "accepted"], results
    text = repo.text(SLUG)
    assert "Проблемы реализации" in text and "Творческие индустрии" in text
    assert _statuses(repo) == {1: Status.ACCEPTED, 2: Status.ACCEPTED}
    assert _git(repo.root, "status", "--porcelain") == ""


def test_lock_of_a_dead_process_is_recovered_and_a_live_one_waits(tmp_path: Path) -> None:
    git_dir = tmp_path
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    import socket

    (git_dir / "resvcs.lock").write_text(f"{socket.gethostname()} {dead}\n", encoding="utf-8")
    with repository_lock(git_dir, timeout=0):  # a dead owner's lock is taken at once
        assert (git_dir / "resvcs.lock").read_text(encoding="utf-8").split()[-1] != dead
    assert not (git_dir / "resvcs.lock").exists()
    # A live owner: it waits until it is killed, however long the test takes.
    sleeper = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])
    try:
        (git_dir / "resvcs.lock").write_text(
            f"{socket.gethostname()} {sleeper.pid}\n", encoding="utf-8"
        )
        with pytest.raises(RepositoryError, match=f"process {sleeper.pid}"):
            with repository_lock(git_dir, timeout=0.3):
                pass
        assert (git_dir / "resvcs.lock").exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_change_made_against_an_older_text(repo: Repository) -> None:
    """A proposal built on the text as it was applies three-way where it still fits,
    and is refused, with nothing written, where the words it changes are gone."""
    old = repo.document(SLUG)
    seen = repo.store.head()
    assert seen is not None
    (typo,) = repo.propose(SLUG, [replace_throughout(old, "СФЗО", "СЗФО")], author=editor)
    repo.accept(SLUG, [typo.id], chair=chair)
    # Made against the first text, other words of another clause: still fits.
    (fits,) = repo.propose(
        SLUG,
        [[replace_words(old, "5", "Опыт создания", "Опыт открытия")]],
        author=editor,
        base=seen,
    )
    assert fits.amendment.base == seen
    (outcome,) = repo.accept(SLUG, [fits.id], chair=chair)
    assert outcome.status is Status.ACCEPTED and "Опыт открытия" in repo.text(SLUG)
    # Made against the first text, the same words another acceptance changed: refused.
    clause = next(c for c in old.clauses if "СФЗО" in c.text)
    head = repo.store.head()
    with pytest.raises(StaleError, match="The text changed after you opened it"):
        repo.propose(
            SLUG,
            [[replace_words(old, clause.id, "СФЗО", "Северо-Запад")]],
            author=editor,
            base=seen,
        )
    # Made against the first text, the change another acceptance made already: refused
    # as stale (the text came to read so), not as a change of nothing.
    with pytest.raises(StaleError, match="it already reads as the amendment would make it"):
        repo.propose(
            SLUG,
            [[replace_words(old, "5", "Опыт создания", "Опыт открытия")]],
            author=editor,
            base=seen,
        )
    # A change of nothing made against the older text is still just that.
    same = old.find("5")
    nothing = Operation(OpKind.REPLACE, target=same.id, base=same.source, new=same.source)
    with pytest.raises(InputError, match="it changes nothing") as refused:
        repo.propose(SLUG, [[nothing]], author=editor, base=seen)
    assert not isinstance(refused.value, StaleError)
    assert repo.store.head() == head


def test_a_change_that_the_renumbering_after_it_undoes_changes_nothing(tmp_path: Path) -> None:
    """An item deleted and written again under another number reads as it did once the
    list is renumbered: the amendment changes nothing (the text it is checked on is
    the text with what follows from it)."""
    repo = Repository.init(tmp_path / "r", actor=chair, date=DATE)
    text = "Вступ.\n\n1. Перше речення тут.\n2. Друге речення тут.\n3. Третє речення.\n"
    repo.import_document(text.encode(), source="d.md", slug="d", author=chair, date=DATE)
    doc = repo.document("d")
    first, second = doc.clauses[1], doc.clauses[2]
    again = [
        Operation(OpKind.DELETE, target=first.id, base=first.source),
        Operation(OpKind.INSERT, anchor=second.id, where="before", new="7. Перше речення тут.\n"),
    ]
    head = repo.store.head()
    with pytest.raises(InputError, match="it changes nothing"):
        repo.propose("d", [again], author=editor)
    assert repo.store.head() == head
    # Written again under its own number after the next item, it is a change.
    moved = [again[0], Operation(OpKind.INSERT, anchor=second.id, new="3. Перше речення тут.\n")]
    (made,) = repo.propose("d", [moved], author=editor)
    repo.accept("d", [made.id], chair=chair)
    assert repo.text("d") == text.replace("1. Перше речення тут.\n2. Друге", "1. Друге").replace(
        "\n3. Третє", "\n2. Перше речення тут.\n3. Третє"
    )
    repo.close()


def test_decisions_are_checked_before_any_is_written(repo: Repository) -> None:
    doc = repo.document(SLUG)
    made = repo.propose(
        SLUG,
        [[replace_words(doc, "5", "Опыт создания", "Опыт открытия")]],
        author=editor,
    )
    head = repo.store.head()
    with pytest.raises(RecordError, match="Only a chair may accept"):
        check_decision(repo, SLUG, [str(made[0].number)], Status.ACCEPTED, editor)
    with pytest.raises(ResolutionError, match="No amendment '9'"):
        check_decision(repo, SLUG, ["1", "9"], Status.ACCEPTED, chair)
    assert [
        n.id for n in check_decision(repo, SLUG, ["1", made[0].id], Status.ACCEPTED, chair)
    ] == [made[0].id]
    assert repo.store.head() == head


def test_an_acceptance_names_the_amendments_it_changed(repo: Repository) -> None:
    doc = repo.document(SLUG)
    first, second = (
        repo.propose(SLUG, [[replace_words(doc, "5", "Опыт создания", w)]], author=editor)[0]
        for w in ("Опыт открытия", "Практика создания")
    )
    (outcome,) = repo.accept(SLUG, [first.id], chair=chair)
    assert [(o.id, o.amendment.status) for o in outcome.others] == [(second.id, Status.CONFLICTED)]
    assert _statuses(repo)[second.number] is Status.CONFLICTED


def test_one_made_conflicted_by_an_acceptance_before_it_is_not_tried_again(
    repo: Repository,
) -> None:
    doc = repo.document(SLUG)
    first, second = (
        repo.propose(SLUG, [[replace_words(doc, "5", "Опыт создания", w)]], author=editor)[0]
        for w in ("Опыт открытия", "Практика создания")
    )
    before = int(_git(repo.root, "rev-list", "--count", "HEAD"))
    accepted, conflicted = repo.accept(SLUG, [first.id, second.id], chair=chair)
    assert (accepted.status, conflicted.status) == (Status.ACCEPTED, Status.CONFLICTED)
    assert conflicted.commit == "" and conflicted.reason
    assert conflicted.reason == conflicted.amendment.amendment.conflict
    assert int(_git(repo.root, "rev-list", "--count", "HEAD")) == before + 1
    assert _statuses(repo)[second.number] is Status.CONFLICTED


def test_the_lock_holds_between_threads_of_one_process(tmp_path: Path) -> None:
    """A web server writes from several threads: each waits for the others."""
    import threading

    order: list[str] = []
    held, release = threading.Event(), threading.Event()

    def first() -> None:
        with repository_lock(tmp_path):
            order.append("first in")
            held.set()
            release.wait()
            order.append("first out")

    def second() -> None:
        with repository_lock(tmp_path):
            order.append("second in")

    one = threading.Thread(target=first)
    one.start()
    held.wait()
    two = threading.Thread(target=second)
    two.start()
    two.join(timeout=0.2)
    assert two.is_alive()  # waiting, whatever the machine's speed
    release.set()
    one.join()
    two.join()
    assert order == ["first in", "first out", "second in"]
    assert not (tmp_path / "resvcs.lock").exists()


def test_an_amendment_that_leaves_the_text_as_it_is_is_refused(repo: Repository) -> None:
    doc = repo.document(SLUG)
    clause = doc.find("5")
    same = Operation(OpKind.REPLACE, target=clause.id, base=clause.source, new=clause.source)
    change = replace_words(doc, "5", "Опыт", "Практика")
    with pytest.raises(InputError, match="^Amendment 2 of this proposal would leave the text"):
        repo.propose(SLUG, [[change], [same]], author=editor)
    assert repo.amendments(SLUG) == []


def test_select_reads_numbers_ids_ranges_and_lists(repo: Repository) -> None:
    doc = repo.document(SLUG)
    made = repo.propose(
        SLUG,
        [
            [replace_words(doc, str(k), doc.find(str(k)).content.split()[0], "Ё")]
            for k in (1, 2, 3, 4, 5)
        ],
        author=editor,
    )
    ids = [n.id for n in made]
    assert [n.number for n in repo.select(SLUG, ["2-4"])] == [2, 3, 4]
    assert [n.number for n in repo.select(SLUG, ["5,1", f"#2 {ids[2]}", "1–2"])] == [5, 1, 2, 3]
    with pytest.raises(InputError, match="'4-2' is not a range of amendments"):
        repo.select(SLUG, ["4-2"])
    with pytest.raises(
        ResolutionError, match="No amendment 6 for bibliomodel-2022 \\(amendments 1 to 5\\)"
    ):
        repo.select(SLUG, ["3-9"])
    with pytest.raises(InputError, match="several amendments"):
        repo.withdraw(SLUG, "1-2", author=editor)
    assert [o.amendment.number for o in repo.withdraw_all(SLUG, ["1-2"], author=editor)] == [1, 2]


def test_competition_names_each_pair_and_which_way_it_goes(repo: Repository) -> None:
    from resolution_vcs.present.amendments import competition
    from resolution_vcs.review import CompetingGroup, Rivalry

    doc = repo.document(SLUG)
    made = repo.propose(
        SLUG,
        [[replace_words(doc, str(k), doc.find(str(k)).content.split()[0], "Ё")] for k in (1, 2, 3)],
        author=editor,
    )
    items = {i.amendment.number: i for i in repo.review(SLUG)}
    one, two, three = made
    group = CompetingGroup(
        (items[1], items[2], items[3]),
        (Rivalry(one, two, True, True, ()), Rivalry(one, three, False, True, ())),
        (),
    )
    assert competition(group) == (
        "Amendments 1 and 2 change the same words; accepting one makes the other conflicted. "
        "Accepting amendment 3 makes amendment 1 conflicted; accepting 1 leaves 3 applying. "
        "Amendments 2 and 3 do not compete with each other."
    )
    assert competition(group, "ru").startswith(
        "Поправки 1 и 2 меняют одни и те же слова: принятие одной делает другую конфликтной."
    )
    assert competition(CompetingGroup((items[1],), (), ())) == ""


def test_a_review_is_kept_per_commit_and_never_served_for_another(repo: Repository) -> None:
    """The review is kept under the commit it was made at: a commit by resvcs or by
    plain git names another entry, so what was kept is not served again."""
    from resolution_vcs import review
    from resolution_vcs.cache import ObjectCache

    from .conftest import commit_by_hand

    doc = repo.document(SLUG)
    held = next(c for c in doc if "прошел" in c.content)
    first, second = repo.propose(
        SLUG,
        [
            [replace_words(doc, held.id, "прошел", "состоялся")],
            [insert_clause(doc, "¶5", "Новый.")],
        ],
        author=editor,
        date=DATE,
    )
    folder = repo.store.git_dir / "resvcs" / "cache" / "review"
    made = repo.review(SLUG)
    assert [i.amendment.id for i in made] == [first.id, second.id]
    (entry,) = folder.glob("*/*.pickle.z")
    # What is kept is what is served for the same commit.
    ObjectCache(folder).put(entry.parent.name + entry.name.split(".")[0], [])
    assert repo.review(SLUG) == []
    # A plain git commit: the text changed under the first amendment.
    commit_by_hand(repo, SLUG, repo.text(SLUG).replace("прошел", "проходил", 1))
    after = repo.review(SLUG)
    assert after == review._review(repo, SLUG)
    assert [i.amendment.id for i in after] == [first.id, second.id]
    assert after[0].redline is None and after[0].conflicts
    # A decision by resvcs: the rejected amendment is no longer pending.
    repo.reject(SLUG, [second.id], chair=chair, reason="Не нужно", date=DATE)
    assert [i.amendment.id for i in repo.review(SLUG)] == [first.id]
    # Damaged entries are computed again.
    for kept in folder.glob("*/*.pickle.z"):
        kept.write_bytes(b"damaged")
    assert [i.amendment.id for i in repo.review(SLUG)] == [first.id]


def test_a_review_after_a_proposal_reuses_what_the_text_gave(repo: Repository) -> None:
    """A proposal leaves the text as it is: the next review computes the new amendment
    and the pairs it competes in, and is what a review made from nothing says; a new
    text computes everything again."""
    from resolution_vcs import review

    doc = repo.document(SLUG)
    held = next(c for c in doc if "прошел" in c.content)
    repo.propose(
        SLUG,
        [
            [replace_words(doc, held.id, "прошел", "состоялся")],
            [insert_clause(doc, "¶5", "Новый.")],
        ],
        author=editor,
        date=DATE,
    )
    before = repo.review(SLUG)
    parts = review._LAST_REVIEW[(str(repo.store.git_dir), SLUG)]
    (rival,) = repo.propose(
        SLUG, [[replace_words(doc, held.id, "прошел", "проходил")]], author=editor, date=DATE
    )
    after = repo.review(SLUG)
    assert review._LAST_REVIEW[(str(repo.store.git_dir), SLUG)] is parts
    by_id = {i.amendment.id: i for i in after}
    assert by_id[before[1].amendment.id].redline is before[1].redline
    assert (rival.id, False) in [
        (o.id, still) for o, still in by_id[before[0].amendment.id].competing
    ]
    review._LAST_REVIEW.clear()
    assert review._review(repo, SLUG) == after
    # The first one accepted: a new text, every part made again, the rival conflicted.
    repo.accept(SLUG, [before[0].amendment.id], chair=chair, date=DATE)
    again = repo.review(SLUG)
    assert review._LAST_REVIEW[(str(repo.store.git_dir), SLUG)] is not parts
    assert {i.amendment.id: i.redline is None for i in again}[rival.id]
    review._LAST_REVIEW.clear()
    assert review._review(repo, SLUG) == again


def test_a_batch_of_decisions_leaves_what_reading_back_gives(repo: Repository) -> None:
    """Accepting several amendments in one call carries each text to the next as made:
    the texts kept are those a fresh reading of each commit gives, and the pending
    amendments that no acceptance touched keep their status."""
    doc = repo.document(SLUG)
    clauses = [c for c in doc.clauses if len(c.content.split()) > 3][:6]
    groups = [[replace_clause(doc, c.id, c.content + " Дополнено.")] for c in clauses]
    groups.append([replace_clause(doc, clauses[0].id, clauses[0].content + " Иначе.")])
    made = repo.propose(SLUG, groups, author=editor, date=DATE)
    outcomes = repo.accept(SLUG, [n.id for n in made[:5]], chair=chair, date=DATE)
    assert [o.status for o in outcomes] == [Status.ACCEPTED] * 5
    fresh = Repository.open(repo.root)
    for outcome in outcomes:
        kept, read = repo.document(SLUG, outcome.commit), fresh.document(SLUG, outcome.commit)
        assert kept.clauses == read.clauses and kept.render() == read.render()
        assert [c.parts for c in kept] == [c.parts for c in read]
        assert kept.retired == read.retired
    statuses = {n.id: n.amendment.status for n in fresh.amendments(SLUG)}
    assert statuses[made[5].id] is Status.PROPOSED
    assert statuses[made[6].id] is Status.CONFLICTED  # the first acceptance changed its words
    fresh.close()


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def test_a_batch_of_decisions_moves_the_branch_once_to_a_commit_a_decision(
    repo: Repository,
) -> None:
    """Deciding several amendments in one call makes one commit per decision, each on
    the one before, and moves the branch, git's index and the files once, to the last."""
    doc = repo.document(SLUG)
    clauses = [c for c in doc.clauses if len(c.content.split()) > 3][:4]
    groups = [[replace_clause(doc, c.id, c.content + " Дополнено.")] for c in clauses]
    made = repo.propose(SLUG, groups, author=editor, date=DATE)
    moves = len(_git(repo.root, "reflog", "show", "--format=%H").split())
    accepted = repo.accept(SLUG, [n.id for n in made[:2]], chair=chair, date=DATE)
    rejected = repo.reject(SLUG, [n.id for n in made[2:]], chair=chair, reason="Нет", date=DATE)
    shas = [o.commit for o in accepted + rejected]
    assert _git(repo.root, "rev-list", "--max-count=4", "HEAD").split() == shas[::-1]
    assert len(_git(repo.root, "reflog", "show", "--format=%H").split()) == moves + 2
    assert _git(repo.root, "status", "--porcelain") == ""  # index and files are HEAD's
    assert [o.new_version for o in accepted] == [True, True]
    draft = (repo.root / "drafts" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert draft == repo.document(SLUG).render() and " Дополнено." in draft


def test_an_error_in_a_batch_keeps_the_commits_made_before_it(repo: Repository) -> None:
    """A batch that stops with an error leaves the branch and the files at its last
    commit; nothing after it is written, nothing before it is lost."""
    store = repo.store
    start = store.head()
    (repo.root / "notes.md").write_text("Edited, not committed.\n", encoding="utf-8")
    _git(repo.root, "add", "notes.md")
    with pytest.raises(RepositoryError, match="notes.md has changes"):
        with store.batch():
            first = store.commit({"one.md": b"One\n"}, "One", chair, DATE)
            assert store.head() == first and not (repo.root / "one.md").exists()
            store.commit({"notes.md": b"Two\n"}, "Two", chair, DATE)
    assert store.head() == first and store.first_parent(first) == start
    assert (repo.root / "one.md").read_text(encoding="utf-8") == "One\n"
    assert (repo.root / "notes.md").read_text(encoding="utf-8") == "Edited, not committed.\n"


def test_the_amendments_listed_at_a_commit_are_those_of_the_current_commit(
    repo: Repository,
) -> None:
    """The amendments listed once at a commit are listed again without reading them;
    after a decision (another commit), they are read as they now are."""
    doc = repo.document(SLUG)
    clause = next(c for c in doc.clauses if len(c.content.split()) > 3)
    (made,) = repo.propose(
        SLUG, [[replace_clause(doc, clause.id, clause.content + " Ещё.")]], author=editor
    )
    listed = load_all(repo, SLUG)
    again = load_all(repo, SLUG)
    assert again == listed and all(a is b for a, b in zip(again, listed, strict=True))
    assert {n.id: n.amendment.status for n in listed}[made.id] is Status.PROPOSED
    repo.reject(SLUG, [made.id], chair=chair, reason="Нет", date=DATE)
    after = {n.id: n.amendment.status for n in load_all(repo, SLUG)}
    assert after[made.id] is Status.REJECTED
    fresh = Repository.open(repo.root)
    assert {n.id: n.amendment.status for n in fresh.amendments(SLUG)}[made.id] is Status.REJECTED
    fresh.close()


def test_a_batch_checks_each_commits_files_against_the_folders_it_listed(
    repo: Repository,
) -> None:
    """A batch lists a folder of the commit it started from once, for all its commits:
    a committed file of that folder edited since is still refused by a later commit,
    and one left as committed is written."""
    store = repo.store
    store.commit({"notes/a.md": b"A\n", "notes/b.md": b"B\n"}, "Notes", chair, DATE)
    start = store.head()
    (repo.root / "notes" / "b.md").write_text("Edited, not committed.\n", encoding="utf-8")
    with pytest.raises(RepositoryError, match="notes/b.md has changes"):
        with store.batch():
            first = store.commit({"notes/c.md": b"C\n"}, "C", chair, DATE)
            second = store.commit({"notes/a.md": b"A2\n"}, "A", chair, DATE)
            store.commit({"notes/b.md": b"B2\n"}, "B", chair, DATE)
    assert store.head() == second and store.first_parent(second) == first
    assert store.first_parent(first) == start
    assert (repo.root / "notes" / "a.md").read_text(encoding="utf-8") == "A2\n"
    assert (repo.root / "notes" / "b.md").read_text(encoding="utf-8") == "Edited, not committed.\n"


def test_a_decision_on_a_detached_head_is_refused(repo: Repository) -> None:
    """With HEAD detached (no branch to move), a decision says how to get a branch back."""
    doc = repo.document(SLUG)
    clause = next(c for c in doc.clauses if len(c.content.split()) > 3)
    (made,) = repo.propose(
        SLUG, [[replace_clause(doc, clause.id, clause.content + " Ещё.")]], author=editor
    )
    _git(repo.root, "checkout", "-q", "--detach")
    with pytest.raises(RepositoryError, match="HEAD is detached"):
        repo.reject(SLUG, [made.id], chair=chair, reason="Нет", date=DATE)
    _git(repo.root, "checkout", "-q", "main")
    (outcome,) = repo.reject(SLUG, [made.id], chair=chair, reason="Нет", date=DATE)
    assert _git(repo.root, "rev-parse", "HEAD").strip() == outcome.commit
