from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolution_vcs.align import align, in_order
from resolution_vcs.amend import delete_clause, insert_clause
from resolution_vcs.errors import InputError
from resolution_vcs.history import clause_history
from resolution_vcs.ids import (
    assign_ids,
    clause_key,
    format_id_file,
    git_blob_id,
    is_id,
    new_id,
    parse_id_file,
    read_id_file,
    with_ids,
)
from resolution_vcs.parse import parse
from resolution_vcs.reparse import Parsed, parse_next
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.verify import verify

from .conftest import CHAIR, CORPUS, DATE, commit_by_hand
from .strategies import recurring_histories

BEFORE = """\
The forum recommends:

- alpha clause about libraries and their modernisation work
- beta clause about children reading programmes in the region

Model libraries are advised:

- gamma clause about online forms of work with readers
- delta clause about innovation projects on official sites
"""

# A clause inserted at the top, beta moved into the second list, gamma edited.
AFTER = """\
A new opening paragraph.

The forum recommends:

- alpha clause about libraries and their modernisation work

Model libraries are advised:

- gamma clause about online and offline forms of work with readers
- beta clause about children reading programmes in the region
- delta clause about innovation projects on official sites
"""


def test_ids_survive_insert_move_and_edit() -> None:
    old = assign_ids(parse(BEFORE))
    new = assign_ids(parse(AFTER), old)
    old_by_text = {c.text.split()[0]: c for c in old}
    new_by_text = {c.text.split()[0]: c for c in new}
    for word in ("The", "alpha", "beta", "Model", "gamma", "delta"):
        assert new_by_text[word].id == old_by_text[word].id, word
    assert new_by_text["A"].id not in {c.id for c in old}
    # Labels follow the new positions.
    assert old_by_text["beta"].label == "¶1.2"
    assert new_by_text["beta"].label == "¶3.2"
    assert new_by_text["gamma"].label == "¶3.1"


def test_ids_are_deterministic_across_processes() -> None:
    code = (
        "import sys; from resolution_vcs.parse import parse; from resolution_vcs.ids import "
        "assign_ids; print(' '.join(c.id for c in assign_ids(parse(sys.stdin.read()))))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            input=BEFORE,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2)
    }
    assert len(runs) == 1
    assert runs.pop().split() == [c.id for c in assign_ids(parse(BEFORE))]


def test_ids_have_their_own_shape() -> None:
    doc = assign_ids(parse(CORPUS[-1].read_text(encoding="utf-8")))
    ids = [c.id for c in doc]
    assert len(set(ids)) == len(ids)
    assert all(is_id(i) for i in ids)
    assert not any(is_id(c.label) for c in doc)
    assert not is_id("12") and not is_id("¶3") and not is_id("kl01")


def test_identical_clauses_get_distinct_ids() -> None:
    doc = assign_ids(parse("- same\n- same\n- same\n"))
    assert len({c.id for c in doc}) == 3


def test_new_id_skips_taken_ids() -> None:
    first = new_id("text", set(), 4)
    second = new_id("text", {first}, 4)
    assert first != second and is_id(first) and is_id(second)


def test_id_file_round_trip() -> None:
    text = "# T\n\nBody.\n"
    content = format_id_file("drafts/x.md", text, ["kaaa", "kbbb"])
    assert parse_id_file(content) == (git_blob_id(text), ["kaaa", "kbbb"])


def test_git_blob_id_matches_git() -> None:
    out = (
        subprocess.run(
            ["git", "hash-object", "--stdin"],
            input="Проект\n".encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    assert git_blob_id("Проект\n") == out


def test_align_pairs_exact_moves_and_edits() -> None:
    old = ["a b c d e f g", "one two three four five six", "x", "moved text here and there ok"]
    new = ["moved text here and there ok", "a b c d e f g", "one two three four five seven", "y"]
    match = align(old, new)
    assert match == [3, 0, 1, None]
    assert in_order(match) == [False, True, True, False]


def test_corpus_versions_keep_most_ids() -> None:
    prev = None
    for path in CORPUS:
        doc = assign_ids(parse(path.read_text(encoding="utf-8")), prev)
        if prev is not None:
            kept = {c.id for c in prev} & {c.id for c in doc}
            # Each official wording changes a handful of parts; the rest must keep ids.
            assert len(kept) >= 0.9 * len(prev.clauses), path.name
        prev = doc


# -- an id names one clause for the whole history ---------------------------------------


def test_a_deleted_clause_s_id_is_never_given_again(repo) -> None:  # type: ignore[no-untyped-def]
    """Delete a clause, later add one whose text hashes to the same id: the new
    clause gets another id, and the old id's history is one clause's life."""
    chair = Person.parse(CHAIR)
    slug = "bibliomodel-2022"
    gone = repo.document(slug).find("1")
    (first,) = repo.propose(
        slug, [[delete_clause(repo.document(slug), "1")]], author=chair, date=DATE
    )
    repo.accept(slug, [first.id], chair=chair, date=DATE)
    current = repo.document(slug)
    assert gone.id in current.retired
    # The same words again: their hash gives the deleted clause's id first.
    assert new_id(clause_key(gone), {c.id for c in current}, len(gone.id)) == gone.id
    (second,) = repo.propose(
        slug, [[insert_clause(current, "¶3", gone.content)]], author=chair, date=DATE
    )
    repo.accept(slug, [second.id], chair=chair, date=DATE)
    doc = repo.document(slug)
    (back,) = [c for c in doc if c.content == gone.content]
    assert back.id != gone.id
    assert gone.id in doc.retired
    assert [w.changes for w in clause_history(repo, slug, gone.id)] == [("added",), ("deleted",)]
    assert [w.changes for w in clause_history(repo, slug, back.id)] == [("added",)]
    assert verify(repo, slug).ok


def test_ids_files_record_the_retired_ids() -> None:
    text = "# T\n\nBody.\n"
    content = format_id_file("drafts/x.md", text, ["kaaa", "kbbb"], ["kccc", "kddd"])
    assert content.splitlines()[2] == "retired kccc kddd"
    found = read_id_file(content)
    assert (found.source, found.ids, found.retired) == (
        git_blob_id(text),
        ["kaaa", "kbbb"],
        frozenset({"kccc", "kddd"}),
    )
    assert read_id_file(format_id_file("drafts/x.md", text, ["kaaa"])).retired == frozenset()
    # A file written before retired ids were recorded says so.
    older = "\n".join(content.splitlines()[:2] + ["kaaa", "kbbb"]) + "\n"
    assert read_id_file(older).retired is None
    assert read_id_file(older.replace("source", "  source")).retired is None


@settings(
    max_examples=int(os.environ.get("RESVCS_STEPS_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(versions=recurring_histories(), hands=st.lists(st.booleans(), min_size=6, max_size=6))
def test_no_id_comes_back_in_generated_histories(
    tmp_path_factory: pytest.TempPathFactory, versions: list[str], hands: list[bool]
) -> None:
    """Paragraphs deleted and brought back word for word, by revisions and by hand
    edits committed with plain git: an id that left the text never returns."""
    chair = Person.parse(CHAIR)
    repo = Repository.init(tmp_path_factory.mktemp("h") / "r", actor=chair, date=DATE)
    try:
        repo.import_document(versions[0].encode(), source="t.md", slug="t", author=chair)
        for text, by_hand in zip(versions[1:], hands, strict=False):
            if text == repo.text("t"):
                continue
            if by_hand:
                commit_by_hand(repo, "t", text)
            else:
                repo.revise("t", text.encode(), source="t.md", author=chair, message="Edit")
        seen: set[str] = set()
        left: set[str] = set()  # ids that some version dropped
        for version in repo.versions("t"):
            doc = repo.document("t", version.commit)
            ids = {c.id for c in doc}
            assert not ids & left, "an id came back"
            assert doc.retired == frozenset(seen - ids)
            left |= seen - ids
            seen |= ids
    finally:
        repo.close()


def test_a_history_from_before_retired_ids_were_recorded(
    repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Ids files that do not record retired ids (as resvcs wrote them before) still
    verify with the rule of their time, and the ids they used are retired from then on."""
    import resolution_vcs.amend
    import resolution_vcs.ids

    chair = Person.parse(CHAIR)
    slug = "bibliomodel-2022"
    gone = repo.document(slug).find("1")

    def delete_and_bring_back() -> str:
        doc = repo.document(slug)
        ref = next(c.id for c in doc if c.content == gone.content)
        (first,) = repo.propose(slug, [[delete_clause(doc, ref)]], author=chair, date=DATE)
        repo.accept(slug, [first.id], chair=chair, date=DATE)
        doc = repo.document(slug)
        (second,) = repo.propose(
            slug, [[insert_clause(doc, "¶3", gone.content)]], author=chair, date=DATE
        )
        repo.accept(slug, [second.id], chair=chair, date=DATE)
        return next(c.id for c in repo.document(slug) if c.content == gone.content)

    with monkeypatch.context() as earlier:  # the rule before: only current ids are taken
        earlier.setattr(resolution_vcs.amend, "used_ids", lambda d: {c.id for c in d.clauses})
        earlier.setattr(
            resolution_vcs.ids,
            "format_id_file",
            lambda name, text, ids, retired=(): (
                format_id_file(name, text, ids)
                .replace("\nretired\n", "\n", 1)
                .replace("\nretired " + " ".join(sorted(retired)) + "\n", "\n", 1)
            ),
        )
        assert delete_and_bring_back() == gone.id  # the id came back
        assert read_id_file((repo.root / "drafts" / f"{slug}.ids").read_text()).retired is None
    repo.refresh()
    assert verify(repo, slug).ok
    assert gone.id not in repo.document(slug).retired  # it is in use again
    again = delete_and_bring_back()
    assert again != gone.id
    assert read_id_file((repo.root / "drafts" / f"{slug}.ids").read_text()).retired == {gone.id}
    assert verify(repo, slug).ok


def test_verify_reports_retired_ids_that_do_not_follow_the_history(
    repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import resolution_vcs.ids

    slug = "bibliomodel-2022"
    text = repo.text(slug)
    first = text.split("\n\n")[0]
    monkeypatch.setattr(
        resolution_vcs.ids,
        "format_id_file",
        lambda name, text, ids, retired=(): format_id_file(name, text, ids, ["zzzz"]),
    )
    repo.revise(
        slug,
        text.replace(first + "\n\n", "", 1).encode(),
        source="t.md",
        author=Person.parse(CHAIR),
        message="Without the status line",
    )
    repo.revise(
        slug,
        text.replace(first + "\n\n", "", 1).replace("\n\n", "\n\nNew paragraph.\n\n", 1).encode(),
        source="t.md",
        author=Person.parse(CHAIR),
        message="One more paragraph",
    )
    report = verify(repo, slug)
    # v3 keeps the retired id v2 recorded ("zzzz"): what v2 used and v3 no longer has.
    assert [v.what for v in report.violations] == [
        f"v2: the retired ids in drafts/{slug}.ids are not the ids that earlier versions "
        "used and this one no longer has"
    ]
    # Versions that are not compared clause by clause are read as their ids files: the
    # same report as reading every version whole.
    import resolution_vcs.verify

    monkeypatch.setattr(resolution_vcs.verify, "_ids_of", lambda *args: None)
    assert verify(repo, slug) == report


def test_a_hand_edit_undone_by_hand_does_not_bring_old_ids_back(repo) -> None:  # type: ignore[no-untyped-def]
    """The ids file that plain git commits leave untouched describes the text
    again once it is restored word for word; its ids are not taken back."""
    slug = "bibliomodel-2022"
    text = repo.text(slug)
    before = {c.id for c in repo.document(slug)}
    commit_by_hand(repo, slug, text.split("\n\n")[0] + "\n")
    kept = {c.id for c in repo.document(slug)}
    commit_by_hand(repo, slug, text)
    restored = repo.document(slug)
    assert {c.id for c in restored} & (before - kept) == set()
    assert restored.retired == frozenset(before - kept)


def test_with_ids_takes_over_the_copies_made_for_an_earlier_version() -> None:
    first = Parsed.of("# A\n\nOne.\n\nTwo.\n\nThree.\n")
    ided = with_ids(first.document, ["a1", "b2", "c3", "d4"])
    second = parse_next(first, "# A\n\nOne.\n\nTwo, changed.\n\nThree.\n")
    ids = ["a1", "b2", "c3", "e5"]  # the last clause is given another id
    found = with_ids(second.document, ids, earlier=(first.document, ided))
    assert found == with_ids(second.document, ids)
    assert [c.id for c in found] == ids
    assert found.clauses[1] is ided.clauses[1]  # same clause, same id: the same copy
    assert found.clauses[2] is not ided.clauses[2]  # reworded
    assert found.clauses[3] is not ided.clauses[3]  # another id


def test_with_ids_gives_clauses_no_other_document_holds_their_ids_without_copies() -> None:
    text = "# A\n\nOne.\n\nTwo.\n"
    ids = ["a1", "b2", "c3"]
    expected = with_ids(parse(text), ids, ["z9"])
    own = parse(text)
    clauses = own.clauses
    found = with_ids(own, ids, ["z9"], own=True)
    assert found == expected and found.retired == frozenset({"z9"})
    assert [c.id for c in found] == ids
    assert all(a is b for a, b in zip(found.clauses, clauses, strict=True))
    assert found.find("b2") is clauses[1]


def test_id_files_read_one_after_another_give_each_its_own_ids() -> None:
    first = format_id_file("drafts/x.md", "A.\n", ["kaaa", "kbbb"])
    same_ids = format_id_file("drafts/x.md", "B.\n", ["kaaa", "kbbb"], retired=["kccc"])
    other = format_id_file("drafts/x.md", "C.\n", ["kaaa", "kccc"])
    twice = format_id_file("drafts/x.md", "D.\n", ["kaaa", "kaaa"])
    read = read_id_file(first)
    read.ids.append("kzzz")  # a caller's change stays its own
    again = read_id_file(same_ids)
    assert again.source == git_blob_id("B.\n") and again.retired == {"kccc"}
    assert again.ids == ["kaaa", "kbbb"]
    assert not again.repeats
    assert read_id_file(other).ids == ["kaaa", "kccc"]
    assert read_id_file(twice).repeats and not read_id_file(first).repeats
    # Lines that are not ids are not taken for the ids read before.
    broken = first.replace("kbbb\n", "kbbb \n")
    assert read_id_file(broken).ids == ["kaaa", "kbbb"]
    with pytest.raises(InputError):
        read_id_file(first.replace("kbbb\n", "k!bb\n"))
