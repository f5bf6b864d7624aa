"""Word redlines of a repository: each change credited to the amendment or version that
made it, and the chair's review with every pending amendment as revisions."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from resolution_vcs.amend import apply, replace_words
from resolution_vcs.cli import main
from resolution_vcs.parse import parse
from resolution_vcs.present.docx_redline import (
    Credit,
    _rendered,
    _Span,
    chain_blame,
    shown_clause,
)
from resolution_vcs.present.word_redlines import review_redline, version_redline
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.text import WORD_RE

from .conftest import CHAIR, CORPUS, DATE, SEED
from .libreoffice import LibreOffice
from .test_docx_redline import reference_words as reading_words
from .word_files import without_comments

OLGA = Person.parse("Olga Editor <olga@example.org>")
BORIS = Person.parse("Boris Petrov <boris@example.org>")
DMITRY = Person.parse("Dmitry Editor <dmitry@example.org>")
TEXT = (
    "# Решение\n\n1. Утвердить план работы совета на год.\n2. Создать рабочую группу.\n\n"
    "Контроль возложить на председателя.\n"
)


def parts(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        comments = (
            z.read("word/comments.xml").decode() if "word/comments.xml" in z.namelist() else ""
        )
        return z.read("word/document.xml").decode(), comments


def revisions(xml: str, tag: str) -> list[tuple[str, str]]:
    """(author, text) of each w:ins or w:del, in order."""
    found = []
    for m in re.finditer(
        rf'<w:{tag} w:id="\d+" w:author="([^"]*)" w:date="[^"]*">(.*?)</w:{tag}>', xml
    ):
        found.append(
            (m.group(1), "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", m.group(2))))
        )
    return found


def made(path: Path) -> Repository:
    repo = Repository.init(path, actor=Person.parse(CHAIR), date=DATE)
    repo.import_document(
        TEXT.encode(), source="r.md", slug="r", author=Person.parse(CHAIR), date=DATE
    )
    return repo


def propose_words(
    repo: Repository, ref: str, old: str, new: str, who: Person, days: int, why: str = ""
) -> int:
    doc = repo.document("r")
    (made_now,) = repo.propose(
        "r",
        [[replace_words(doc, ref, old, new)]],
        author=who,
        rationale=why,
        date=DATE + timedelta(days=days),
    )
    return made_now.number


# --- the pure parts ----------------------------------------------------------------------


def test_chain_blame_gives_each_word_to_the_step_that_changed_it() -> None:
    a = Credit("A", DATE)
    b = Credit("B", DATE)
    first = "one two three"
    deleted, inserted = chain_blame(first, [("one 2 three", a), ("one 2 three four", b)])
    last = "one 2 three four"
    gone = first.index("two")
    assert [i for i, c in enumerate(deleted) if c is not None] == list(range(gone, gone + 3))
    assert {c for c in deleted if c is not None} == {a}
    assert "".join(last[i] for i, c in enumerate(inserted) if c is a) == "2"
    assert "".join(last[i] for i, c in enumerate(inserted) if c is b) == " four"
    # Words one step inserts and a later one deletes are nobody's in the end.
    deleted, inserted = chain_blame(first, [("one two three extra", a), (first, b)])
    assert set(deleted) == {None} and set(inserted) == {None}


def test_plain_clauses_are_shown_as_the_markdown_renderer_shows_them() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS] + [SEED.read_text(encoding="utf-8")]
    checked = 0
    for text in texts:
        for clause in parse(text).clauses:
            quick = shown_clause(clause)
            assert quick.text == "".join(s.text for s in _rendered(clause.content)), clause.content
            checked += 1
    assert checked > 1000
    made_up = [
        "[]{#n3}\nПро доступ до публічної інформації",
        "[]{#n3}\n[]{#n4}\nСтаття 1. Текст\nдалі",
        "Текст []{#n3} далі\n[]{#n9}",
        "Текст []{#n3}\nдалі",
        "[]{#n3}\n1. Текст",
        "[]{#n3}\n- Текст",
        "[]{#n3}\nТекст\n===",
        "[]{#n3}\nТекст  \nдалі",
        "[]{#n3}\n*Текст*",
        "[]{#n3} Текст",
        "[]{#a b}\nТекст",
        "Текст\n\nдалі",
        "[]{#n6}\nРозділ I\\\nЗАГАЛЬНІ ПОЛОЖЕННЯ",
        "[]{#n9}\n2. Публічна інформація суб\\'єктів",
        "[]{#n9}\n1. Публічна",
        "[]{#n9}\n01) Публічна",
        "Текст \\\nдалі",
        "Текст\\\\\nдалі\\",
        "Текст\\\\\\\nдалі",
        "Текст \\* не курсив \\*\n: далі",
        "Текст \\a\n+ далі",
    ]
    for content in made_up:
        clause = parse("Начало.\n\n" + content + "\n").clauses[1]
        rendered = _rendered(clause.content)
        assert shown_clause(clause).text == "".join(s.text for s in rendered), content

        def styles(spans: list[_Span]) -> set[tuple[bool, ...]]:
            return {(s.bold, s.italic, s.strike, s.code) for s in spans if s.text.strip()}

        assert styles(shown_clause(clause).spans) == styles(rendered), content


# --- between versions ----------------------------------------------------------------------


def two_amendments_accepted(path: Path) -> Repository:
    repo = made(path)
    first = propose_words(repo, "1", "план", "программу", OLGA, 1, "Программа шире плана.")
    second = propose_words(repo, "1", "на год", "на два года", BORIS, 2)
    repo.accept("r", [str(first), str(second)], chair=Person.parse(CHAIR))
    return repo


def test_each_change_between_versions_is_its_amendments(tmp_path: Path) -> None:
    repo = two_amendments_accepted(tmp_path / "r")
    document, comments = parts(version_redline(repo, "r", "v1"))
    inserted = revisions(document, "ins")
    assert ("Olga Editor", "программу") in inserted
    assert any(who == "Boris Petrov" and "два года" in text for who, text in inserted)
    assert ("Olga Editor", "план") in revisions(document, "del")
    olga = re.search(r'w:author="Olga Editor" w:date="([^"]*)"', document)
    assert olga is not None and olga.group(1) == "2024-03-18T10:00:00Z"  # drafted, not accepted
    assert "Amendment 1" in comments or "Поправка 1" in comments
    assert "Программа шире плана." in comments
    assert "Anna Chair" in comments  # who accepted it


def test_diff_format_docx_writes_the_credited_redline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = two_amendments_accepted(tmp_path / "r")
    monkeypatch.chdir(repo.store.root)
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["diff", "v1", "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert parts(out.read_bytes())[0] == parts(version_redline(repo, "r", "v1"))[0]
    refused = CliRunner().invoke(main, ["diff", "v1", "--format", "docx"])
    assert refused.exit_code == 2 and "give it with -o FILE" in refused.output
    # --exit-code as git diff: 1 when the versions differ (the file still written), else 0.
    out.unlink()
    changed = CliRunner().invoke(
        main, ["diff", "v1", "--format", "docx", "-o", str(out), "--exit-code"]
    )
    assert changed.exit_code == 1 and out.read_bytes()[:2] == b"PK"
    same = CliRunner().invoke(
        main, ["diff", "v1", "v1", "--format", "docx", "-o", str(out), "--exit-code"]
    )
    assert same.exit_code == 0, same.output


# --- the review ----------------------------------------------------------------------------


def review_repo(path: Path) -> tuple[Repository, dict[str, int]]:
    """Pending: Olga's and Dmitry's amendments change the same words of item 1; Boris's
    changes item 2; Boris's second one changes other words of item 1."""
    repo = made(path)
    numbers = {
        "olga": propose_words(repo, "1", "план работы", "программу работы", OLGA, 1, "Шире."),
        "dmitry": propose_words(repo, "1", "план работы", "план действий", DMITRY, 2),
        "boris": propose_words(repo, "2", "рабочую", "постоянную рабочую", BORIS, 3),
        "boris2": propose_words(repo, "1", "совета", "совета и комиссий", BORIS, 4),
    }
    return repo, numbers


def test_review_shows_every_pending_amendment_and_competitors_in_comments(tmp_path: Path) -> None:
    repo, numbers = review_repo(tmp_path / "r")
    document, comments = parts(review_redline(repo, "r", lang="en"))
    authors = {who for who, _ in revisions(document, "ins")}
    assert authors == {"Olga Editor", "Boris Petrov"}  # Dmitry's competes: a comment
    assert ("Boris Petrov", "и комиссий") in [(w, t.strip()) for w, t in revisions(document, "ins")]
    olga = re.search(r"<w:comment [^>]*w:author=\"Olga Editor\".*?</w:comment>", comments)
    assert olga is not None
    text = " ".join(re.findall(r"<w:t[^>]*>([^<]*)<", olga.group(0)))
    assert f"Amendment {numbers['olga']} (" in text
    from resolution_vcs.present.amendments import amendment_wording

    olga_wording = amendment_wording(
        repo, "r", repo.amendment("r", str(numbers["olga"])).amendment, "en"
    )
    assert olga_wording and f"Wording: {olga_wording}" in text
    assert "Rationale: Шире." in text
    assert f"Competes with amendment {numbers['dmitry']}" in text
    dmitry = re.search(r"<w:comment [^>]*w:author=\"Dmitry Editor\".*?</w:comment>", comments)
    assert dmitry is not None
    assert f"the same words as amendment {numbers['olga']}" in dmitry.group(0)
    assert "действий" in dmitry.group(0)  # its wording, so the chair can weigh it


def test_review_format_docx_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = review_repo(tmp_path / "r")
    monkeypatch.chdir(repo.store.root)
    out = tmp_path / "review.docx"
    runner = CliRunner()
    result = runner.invoke(main, ["review", "--format", "docx", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert parts(out.read_bytes()) == parts(review_redline(repo, "r", lang="en"))
    refused = runner.invoke(main, ["review", "--format", "docx"])
    assert refused.exit_code == 2 and "give it with -o FILE" in refused.output


def test_review_accept_all_and_reject_all_in_libreoffice(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    repo, numbers = review_repo(tmp_path / "r")
    current = repo.document("r")
    path = tmp_path / "review.docx"
    path.write_bytes(review_redline(repo, "r"))
    # LibreOffice reads every comment, on the words it belongs to.
    comments = libreoffice.comments(path)
    assert sorted(c["author"] for c in comments) == sorted(
        ["Olga Editor", "Dmitry Editor", "Boris Petrov", "Boris Petrov"]
    )
    assert all(c["text"].startswith("Поправка ") for c in comments)
    # The revisions: accept all gives the text with every shown amendment accepted.
    shown = [n for key, n in numbers.items() if key != "dmitry"]
    expected = current
    for n in sorted(shown):
        result = apply(expected, repo.amendment("r", str(n)).amendment.operations)
        assert result.document is not None
        expected = result.document
    bare = tmp_path / "review-bare.docx"
    bare.write_bytes(without_comments(path.read_bytes()))
    assert WORD_RE.findall(libreoffice.accepted(bare)) == reading_words(expected)
    assert WORD_RE.findall(libreoffice.rejected(bare)) == reading_words(current)
    repo.accept("r", [str(n) for n in sorted(shown)], chair=Person.parse(CHAIR))
    assert reading_words(repo.document("r")) == reading_words(expected)


def test_a_redline_of_many_versions_accepts_and_rejects(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    repo = two_amendments_accepted(tmp_path / "r")
    third = propose_words(repo, "2", "рабочую", "постоянную", DMITRY, 5, "Надолго.")
    repo.accept("r", [str(third)], chair=Person.parse(CHAIR))
    path = tmp_path / "redline.docx"
    path.write_bytes(version_redline(repo, "r", "v1"))
    comments = libreoffice.comments(path)
    assert {c["author"] for c in comments} == {"Olga Editor", "Boris Petrov", "Dmitry Editor"}
    olga = next(c for c in comments if c["author"] == "Olga Editor")
    assert "Программа шире плана." in olga["text"] and olga["date"] == "2024-03-18T10:00:00"
    bare = tmp_path / "redline-bare.docx"
    bare.write_bytes(without_comments(path.read_bytes()))
    assert WORD_RE.findall(libreoffice.accepted(bare)) == reading_words(repo.document("r"))
    assert WORD_RE.findall(libreoffice.rejected(bare)) == reading_words(repo.document("r", "v1"))
