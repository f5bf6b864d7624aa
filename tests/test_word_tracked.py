"""Amendments from a Word copy with tracked changes: one person's changes, one person's
amendments; the accepted text is Word's "accept all" of the copy."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import textwrap
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from resolution_vcs.amend import apply
from resolution_vcs.drafts import ConversionWarning, read_draft
from resolution_vcs.model import Document
from resolution_vcs.parse import parse
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.text import WORD_RE
from resolution_vcs.workflow import Numbered

from .conftest import CHAIR, DATE
from .libreoffice import LibreOffice
from .word_files import change, docx, para, run

TEXT = "# Решение\n\n1. Утвердить план работы.\n2. Создать рабочую группу.\n\nКонец текста.\n"


def made(repo_path: Path) -> Repository:
    repo = Repository.init(repo_path, actor=Person.parse(CHAIR), date=DATE)
    repo.import_document(
        TEXT.encode(), source="r.md", slug="r", author=Person.parse(CHAIR), date=DATE
    )
    return repo


def assert_amendments_give_the_accepted_copy(
    repo: Repository, slug: str, data: bytes, made_now: Sequence[Numbered]
) -> None:
    """Applying the amendments made from a copy gives Word's "accept all" of the copy,
    as the reader reads it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        accepted = read_draft(data, source="copy.docx").text
    result = apply(repo.document(slug), [op for n in made_now for op in n.amendment.operations])
    assert result.document is not None and result.document.render() == accepted


def tracked_copy() -> bytes:
    numbering = (
        '<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    a, b = "2024-03-01T09:00:00Z", "2024-03-02T15:30:00Z"
    body = (
        para("Решение", style="Heading1")
        + para(
            num=(1, 0),
            runs=run("Утвердить ")
            + change("del", "Olga Editor", a, run("план", deleted=True), 1)
            + change("ins", "Olga Editor", a, run("программу"), 2)
            + '<w:commentRangeStart w:id="7"/>'
            + run(" работы")
            + change("ins", "Olga Editor", a, run(" на год"), 3)
            + '<w:commentRangeEnd w:id="7"/>'
            + '<w:r><w:commentReference w:id="7"/></w:r>'
            + run("."),
        )
        + para(
            num=(1, 0),
            runs=run("Создать ")
            + change("ins", "Boris Petrov", b, run("постоянную "), 4)
            + run("рабочую группу."),
        )
        + para("Конец текста.")
    )
    comments = (
        '<w:comment w:id="7" w:author="Olga Editor" w:date="2024-03-01T09:01:00Z">'
        + para("Программа шире плана.")
        + "</w:comment>"
    )
    return docx(body, numbering=numbering, comments=comments)


def test_each_person_gets_their_own_amendments(tmp_path: Path) -> None:
    repo = made(tmp_path / "r")
    data = tracked_copy()
    handed_in = Person.parse("Maria Secretary <maria@example.org>")
    made_now = repo.propose_copy("r", data, source="copy.docx", author=handed_in)
    people = {n.amendment.author: n.amendment for n in made_now}
    assert set(people) == {"Olga Editor", "Boris Petrov"}
    olga, boris = people["Olga Editor"], people["Boris Petrov"]
    assert olga.rationale == "Программа шире плана."
    assert olga.drafted is not None and olga.drafted.isoformat() == "2024-03-01T09:00:00+00:00"
    assert boris.drafted is not None and boris.drafted.isoformat() == "2024-03-02T15:30:00+00:00"
    assert boris.rationale == ""
    import git

    assert git.Repo(tmp_path / "r").head.commit.author.name == handed_in.name
    assert_amendments_give_the_accepted_copy(repo, "r", data, made_now)


def saved_by_libreoffice(libreoffice: LibreOffice, folder: Path) -> Path:
    """TEXT as a .docx that LibreOffice wrote."""
    from resolution_vcs.present.markup import text_html

    plain = folder / "r.html"
    plain.write_text(f"<html><body>{text_html(TEXT)}</body></html>", encoding="utf-8")
    return libreoffice.convert(plain, folder / "r.docx")


def test_a_copy_from_libreoffice_with_two_editors(tmp_path: Path, libreoffice: LibreOffice) -> None:
    repo = made(tmp_path / "r")
    original = saved_by_libreoffice(libreoffice, tmp_path)
    edited = libreoffice.edit(
        original,
        tmp_path / "edited.docx",
        [("Olga Editor", "план", "программу"), ("Boris Petrov", "Конец", "Окончание")],
    )
    made_now = repo.propose_copy(
        "r", edited.read_bytes(), source="edited.docx", author=Person.parse(CHAIR)
    )
    assert sorted(n.amendment.author for n in made_now) == ["Boris Petrov", "Olga Editor"]
    accepted_by_lo = libreoffice.accepted(edited)
    result = apply(repo.document("r"), [op for n in made_now for op in n.amendment.operations])
    assert result.document is not None
    words = [w for c in result.document.clauses for w in WORD_RE.findall(c.number + " " + c.text)]
    assert words == WORD_RE.findall(accepted_by_lo)


def test_a_copy_made_by_libreoffice_comparison(tmp_path: Path, libreoffice: LibreOffice) -> None:
    repo = made(tmp_path / "r")
    from resolution_vcs.present.markup import text_html

    old_html, new_html = tmp_path / "old.html", tmp_path / "new.html"
    old_html.write_text(f"<html><body>{text_html(TEXT)}</body></html>", encoding="utf-8")
    new_text = TEXT.replace("Создать", "Образовать")
    new_html.write_text(f"<html><body>{text_html(new_text)}</body></html>", encoding="utf-8")
    old = libreoffice.convert(old_html, tmp_path / "old.docx")
    new = libreoffice.convert(new_html, tmp_path / "new.docx")
    compared = libreoffice.compare(old, new, tmp_path / "compared.docx")
    made_now = repo.propose_copy(
        "r", compared.read_bytes(), source="compared.docx", author=Person.parse(CHAIR)
    )
    result = apply(repo.document("r"), [op for n in made_now for op in n.amendment.operations])
    assert result.document is not None
    assert [c.text for c in result.document.clauses] == [c.text for c in parse(new_text).clauses]


EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def test_the_example_copy_written_as_word_writes_it(tmp_path: Path) -> None:
    """docs/examples/edited.docx: two editors' tracked changes and a comment, in the parts
    and markup Word writes (scripts/word_example.py)."""
    repo = Repository.init(tmp_path / "r", actor=Person.parse(CHAIR), date=DATE)
    draft = (EXAMPLES / "draft.docx").read_bytes()
    repo.import_document(
        draft, source="draft.docx", slug="c", author=Person.parse(CHAIR), date=DATE
    )
    edited = (EXAMPLES / "edited.docx").read_bytes()
    made_now = repo.propose_copy("c", edited, source="edited.docx", author=Person.parse(CHAIR))
    olga = [n.amendment for n in made_now if n.amendment.author == "Olga Editor"]
    boris = [n.amendment for n in made_now if n.amendment.author == "Boris Petrov"]
    assert len(olga) == 1 and len(boris) == 2 and len(made_now) == 3
    assert olga[0].rationale == "Программа шире плана: в ней есть сроки и исполнители."
    assert (
        olga[0].drafted is not None and olga[0].drafted.isoformat() == "2024-03-14T09:12:00+00:00"
    )
    assert_amendments_give_the_accepted_copy(repo, "c", edited, made_now)


def test_the_example_files_are_what_the_script_writes(tmp_path: Path) -> None:
    """docs/examples/draft.docx and edited.docx are what scripts/word_example.py writes,
    part for part (python scripts/word_example.py FOLDER, as its docstring says)."""
    script = EXAMPLES.parents[1] / "scripts" / "word_example.py"
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for name in ("draft.docx", "edited.docx"):
        with (
            zipfile.ZipFile(tmp_path / name) as written,
            zipfile.ZipFile(EXAMPLES / name) as kept,
        ):
            assert written.namelist() == kept.namelist(), name
            for part in kept.namelist():
                assert written.read(part) == kept.read(part), f"{name}: {part}"


def test_the_readme_python_example_on_the_example_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's Python example of a copy with tracked changes, run as written on the
    example copy: an amendment per person and clause, each with its author, date and
    the comment as rationale."""
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    at = next(i for i, line in enumerate(lines) if "repo.propose_copy(" in line)
    # The indented block around it: its lines, and blank lines between them.
    start, end = at, at
    while start > 0 and (lines[start - 1].startswith("    ") or not lines[start - 1]):
        start -= 1
    while end + 1 < len(lines) and (lines[end + 1].startswith("    ") or not lines[end + 1]):
        end += 1
    example = textwrap.dedent("\n".join(lines[start : end + 1])).strip("\n")
    assert example.startswith("from resolution_vcs import") and "print(" in example
    repo = Repository.init(tmp_path / "council", actor=Person.parse(CHAIR), date=DATE)
    draft = (EXAMPLES / "draft.docx").read_bytes()
    repo.import_document(
        draft, source="draft.docx", slug="forum-2022", author=Person.parse(CHAIR), date=DATE
    )
    shutil.copy(EXAMPLES / "edited.docx", tmp_path / "copy-with-changes.docx")
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # the example leaves its file open
        exec(compile(example, "README.md", "exec"), {})  # the README's own code, as written
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3
    assert printed[0] == (
        "1 Olga Editor 2024-03-14 09:12:00+00:00 "
        "Программа шире плана: в ней есть сроки и исполнители."
    )
    assert [line.split(" ", 1)[0] for line in printed] == ["1", "2", "3"]
    assert all(" Boris Petrov 2024-03-15 " in line for line in printed[1:])


def test_the_example_copy_as_libreoffice_reads_it(tmp_path: Path, libreoffice: LibreOffice) -> None:
    from .word_files import without_comments

    edited = EXAMPLES / "edited.docx"
    (comment,) = libreoffice.comments(edited)
    assert comment["author"] == "Olga Editor" and comment["text"].startswith("Программа шире")
    assert "программу" in comment["anchor"]
    bare = tmp_path / "bare.docx"
    bare.write_bytes(without_comments(edited.read_bytes()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        ours = parse(read_draft(edited.read_bytes(), source="edited.docx").text)
    words = [w for c in ours.clauses for w in WORD_RE.findall(c.number + " " + c.text)]
    assert words == WORD_RE.findall(libreoffice.accepted(bare))


def test_a_copy_libreoffice_made_with_tracked_changes_and_a_comment(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    """LibreOffice itself records the changes and the comment (no view: see bridge.py)."""
    from .word_files import without_comments

    repo = made(tmp_path / "r")
    original = saved_by_libreoffice(libreoffice, tmp_path)
    edited = libreoffice.commented_edit(
        original,
        tmp_path / "edited.docx",
        [
            ("Olga Editor", "план", "программу", "Программа шире плана."),
            ("Boris Petrov", "Конец", "Окончание", ""),
        ],
    )
    made_now = repo.propose_copy(
        "r", edited.read_bytes(), source="edited.docx", author=Person.parse(CHAIR)
    )
    by = {n.amendment.author: n.amendment for n in made_now}
    assert set(by) == {"Olga Editor", "Boris Petrov"}
    assert by["Olga Editor"].rationale == "Программа шире плана."
    assert by["Boris Petrov"].rationale == ""
    bare = tmp_path / "bare.docx"
    bare.write_bytes(without_comments(edited.read_bytes()))
    result = apply(repo.document("r"), [op for n in made_now for op in n.amendment.operations])
    assert result.document is not None
    words = [w for c in result.document.clauses for w in WORD_RE.findall(c.number + " " + c.text)]
    assert words == WORD_RE.findall(libreoffice.accepted(bare))


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "libreoffice"


def fixture_proposals(folder: Path) -> tuple[Repository, Sequence[Numbered]]:
    """The seed imported from the .docx LibreOffice saved, and the amendments proposed from
    the copy two editors changed in LibreOffice (tests/fixtures/libreoffice/README.md)."""
    repo = Repository.init(folder, actor=Person.parse(CHAIR), date=DATE)
    original = (FIXTURE / "original.docx").read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        repo.import_document(
            original, source="original.docx", slug="seed", author=Person.parse(CHAIR), date=DATE
        )
        edited = (FIXTURE / "edited.docx").read_bytes()
        made_now = repo.propose_copy(
            "seed", edited, source="edited.docx", author=Person.parse(CHAIR)
        )
    return repo, made_now


def test_a_copy_two_editors_changed_in_libreoffice(tmp_path: Path) -> None:
    """Each editor's changes in the file become their amendments, one per paragraph they
    changed, dated as the file dates them, a comment as rationale; applied, they give the
    accepted copy."""
    from lxml import etree

    repo, made_now = fixture_proposals(tmp_path / "r")
    edited = (FIXTURE / "edited.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(edited)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        comments = etree.fromstring(z.read("word/comments.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    changed: set[tuple[int, str]] = set()  # (paragraph, author) with a change of words
    dates: dict[str, set[str]] = {}
    for i, paragraph in enumerate(body.iter(f"{w}p")):
        for revision in paragraph.iter(f"{w}ins", f"{w}del"):
            if "".join(revision.itertext()).strip():
                changed.add((i, revision.get(f"{w}author")))
                dates.setdefault(revision.get(f"{w}author"), set()).add(revision.get(f"{w}date"))
    noted = {"".join(c.itertext()).strip() for c in comments.iter(f"{w}comment")}
    by_author = sorted(n.amendment.author for n in made_now)
    assert by_author == sorted(author for _, author in changed)
    assert set(by_author) == {"Olga Editor", "Boris Petrov"}
    for n in made_now:
        drafted = n.amendment.drafted
        assert drafted is not None
        assert drafted.strftime("%Y-%m-%dT%H:%M:%SZ") in dates[n.amendment.author]
    assert {n.amendment.rationale for n in made_now} - {""} == noted
    assert_amendments_give_the_accepted_copy(repo, "seed", edited, made_now)


def test_the_libreoffice_copy_accepted_and_rejected_by_libreoffice(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    """The amendments applied give LibreOffice's "accept all" of the copy, word for word
    and number for number; the text they were proposed to is its "reject all"."""
    from .word_files import without_comments

    repo, made_now = fixture_proposals(tmp_path / "r")
    bare = tmp_path / "bare.docx"
    bare.write_bytes(without_comments((FIXTURE / "edited.docx").read_bytes()))
    current = repo.document("seed")
    result = apply(current, [op for n in made_now for op in n.amendment.operations])
    assert result.document is not None

    def words(document: Document) -> list[str]:
        return [w for c in document.clauses for w in WORD_RE.findall(c.number + " " + c.text)]

    assert words(result.document) == WORD_RE.findall(libreoffice.accepted(bare))
    assert words(current) == WORD_RE.findall(libreoffice.rejected(bare))
