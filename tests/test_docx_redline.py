"""Redlines as Word revisions: the XML, and LibreOffice's accept-all / reject-all."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from resolution_vcs.diff import diff
from resolution_vcs.importers import import_text
from resolution_vcs.model import ClauseKind, Document
from resolution_vcs.parse import parse
from resolution_vcs.present.docx_redline import Credit, render_docx
from resolution_vcs.text import WORD_RE

from .conftest import CORPUS, SEED
from .libreoffice import LibreOffice

WHEN = datetime(2024, 3, 17, 10, 0, tzinfo=UTC)
CREDIT = Credit("Olga Editor <olga@example.org>", WHEN)


def reference_words(doc: Document) -> list[str]:
    """The words of a text as a reader sees them: list numbers, then the clause's text."""
    out: list[str] = []
    for clause in doc.clauses:
        if clause.kind is ClauseKind.ITEM:
            out += WORD_RE.findall(clause.prefix)
        out += WORD_RE.findall(clause.text)
    return out


def seed_story() -> tuple[Document, Document]:
    old = import_text(SEED.read_text(encoding="utf-8")).markdown
    lines = old.split("\n")
    moved = next(i for i, line in enumerate(lines) if line.startswith("3. "))
    new_lines = [line for i, line in enumerate(lines) if i != moved]
    at = next(i for i, line in enumerate(new_lines) if line.startswith("7. "))
    new_lines.insert(at + 1, lines[moved])
    new = "\n".join(new_lines).replace("СФЗО", "СЗФО").replace("Опыт создания", "Практика")
    new = new.replace("\n\nФорум прошел в гибридном формате – оффлайн и онлайн.", "")
    new += "\nПредложение, добавленное поправкой.\n"
    return parse(old), parse(new)


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_changes_are_word_revisions_with_author_and_date() -> None:
    old, new = seed_story()
    data = render_docx(diff(old, new), old, credit=Credit(CREDIT.author, WHEN, "Поправка 1"))
    xml = document_xml(data)
    for tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"):
        assert f'<{tag} w:id="' in xml
    assert 'w:author="Olga Editor &lt;olga@example.org&gt;"' in xml
    assert 'w:date="2024-03-17T10:00:00Z"' in xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "Поправка 1" in z.read("word/comments.xml").decode("utf-8")


def test_seed_story_accept_and_reject(tmp_path: Path, libreoffice: LibreOffice) -> None:
    old, new = seed_story()
    path = tmp_path / "story.docx"
    path.write_bytes(render_docx(diff(old, new), old, credit=CREDIT))
    assert WORD_RE.findall(libreoffice.accepted(path)) == reference_words(new)
    assert WORD_RE.findall(libreoffice.rejected(path)) == reference_words(old)


def test_corpus_redlines_accept_and_reject(tmp_path: Path, libreoffice: LibreOffice) -> None:
    for before, after in zip(CORPUS, CORPUS[1:], strict=False):
        old = parse(before.read_text(encoding="utf-8"))
        new = parse(after.read_text(encoding="utf-8"))
        path = tmp_path / f"{before.stem}-{after.stem}.docx"
        path.write_bytes(render_docx(diff(old, new), old, credit=CREDIT))
        assert WORD_RE.findall(libreoffice.accepted(path)) == reference_words(new), path.name
        assert WORD_RE.findall(libreoffice.rejected(path)) == reference_words(old), path.name


def test_a_redline_with_comments_opens_in_libreoffice(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    old, new = seed_story()
    path = tmp_path / "commented.docx"
    path.write_bytes(render_docx(diff(old, new), old, credit=Credit(CREDIT.author, WHEN, "№ 1")))
    text = libreoffice.converted_text(path, tmp_path)
    # The text export shows deleted and inserted words side by side; every new word is there.
    assert [w for w in reference_words(new) if w not in text] == []


def test_diff_files_reads_word_and_writes_a_word_redline(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from resolution_vcs.cli import main

    from .word_files import docx, para

    old = tmp_path / "old.docx"
    old.write_bytes(docx(para("Решение", style="Heading1") + para("Утвердить план.")))
    new = tmp_path / "new.md"
    new.write_text("# Решение\n\nУтвердить программу.\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    runner = CliRunner()
    result = runner.invoke(
        main, ["diff-files", str(old), str(new), "--format", "docx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    xml = document_xml(out.read_bytes())
    assert '<w:delText xml:space="preserve">план</w:delText>' in xml
    assert 'w:author="new.md"' in xml
    refused = runner.invoke(main, ["diff-files", str(old), str(new), "--format", "docx"])
    assert refused.exit_code == 2
    assert "--format docx writes a Word file: give it with -o FILE" in refused.output
