"""Amendments from a Word copy with tracked changes: one person's changes, one person's
amendments; the accepted text is Word's "accept all" of the copy."""

from __future__ import annotations

import warnings
from pathlib import Path

from resolution_vcs.amend import apply
from resolution_vcs.drafts import ConversionWarning, read_draft
from resolution_vcs.parse import parse
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.text import WORD_RE

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        accepted = read_draft(data, source="copy.docx").text
    result = apply(repo.document("r"), [op for n in made_now for op in n.amendment.operations])
    assert result.document is not None and result.document.render() == accepted


def test_a_copy_from_libreoffice_with_two_editors(tmp_path: Path, libreoffice: LibreOffice) -> None:
    repo = made(tmp_path / "r")
    plain = tmp_path / "r.html"
    from resolution_vcs.present.export import text_html

    plain.write_text(f"<html><body>{text_html(TEXT)}</body></html>", encoding="utf-8")
    original = libreoffice.convert(plain, tmp_path / "r.docx")
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
    from resolution_vcs.present.export import text_html

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
