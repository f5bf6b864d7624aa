"""LibreOffice as the judge of Word files: the numbers it shows, and documents it and
pandoc write from our Markdown read back to the same clauses, words and numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from resolution_vcs.drafts import ConversionWarning, read_draft
from resolution_vcs.importers import import_text
from resolution_vcs.model import Document
from resolution_vcs.parse import parse
from resolution_vcs.present.markup import text_html
from resolution_vcs.text import WORD_RE

from .conftest import CORPUS, SEED
from .libreoffice import LibreOffice
from .word_files import docx, level, numbering_xml, para

_TAG_RE = re.compile(r"<[^>]*>")


def reading(doc: Document) -> list[tuple[str, list[str]]]:
    """Each clause's number and words (HTML tags aside: pandoc keeps no attributes)."""
    return [(c.number, WORD_RE.findall(_TAG_RE.sub(" ", c.text))) for c in doc.clauses]


def words(doc: Document) -> list[str]:
    return [w for number, ws in reading(doc) for w in [*number.split("."), *ws] if w]


def imported(path: Path) -> Document:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        return parse(read_draft(path.read_bytes(), source=path.name).text)


def seed_markdown() -> str:
    return import_text(SEED.read_text(encoding="utf-8")).markdown


def test_numbers_are_the_ones_libreoffice_shows(tmp_path: Path, libreoffice: LibreOffice) -> None:
    numbering = numbering_xml(
        '<w:abstractNum w:abstractNumId="0">'
        + level(0, "decimal", "%1.", start=3)
        + level(1, "decimal", "%1.%2.")
        + level(2, "russianLower", "%3)")
        + level(3, "upperRoman", "(%4)")
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1">'
        + level(0, "lowerLetter", "%1)")
        + level(1, "decimal", "%2.")
        + "</w:abstractNum>",
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>',
    )
    plan = [(1, 0)] * 2 + [(1, 1)] * 2 + [(1, 2)] * 29 + [(1, 3)] * 4 + [(1, 1), (1, 0)]
    plan += [(2, 0), (2, 1), (2, 1), (2, 0), (2, 1)] + [(3, 0), (3, 1), (1, 0)]
    body = "".join(para(f"Текст {i}", num=num) for i, num in enumerate(plan))
    path = tmp_path / "numbers.docx"
    path.write_bytes(docx(body, numbering=numbering))
    shown = [line.split("\t")[0] for line in libreoffice.text(path).splitlines()]
    ours = []
    for clause in imported(path).clauses:
        text = clause.text
        label = text[: text.index("Текст")].strip() if not clause.number else ""
        ours.append(label or clause.prefix.strip() and _word_label(clause))
    assert len(shown) == len(plan)
    assert [_digits_or_label(s) for s in shown] == [_digits_or_label(o) for o in ours]


def _word_label(clause: object) -> str:
    number: str = clause.number  # type: ignore[attr-defined]
    prefix: str = clause.prefix.strip()  # type: ignore[attr-defined]
    return number + prefix[-1] if "." in number and prefix.endswith(".") else prefix


def _digits_or_label(label: str) -> str:
    """A label as both sides can say it: decimal paths compared by their numbers."""
    return label.strip()


def _lo_docx(libreoffice: LibreOffice, tmp_path: Path, name: str, markdown: str) -> Path:
    """A .docx written by LibreOffice from the HTML of ``markdown`` (real Word lists)."""
    html = tmp_path / f"{name}.html"
    html.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        f"{text_html(markdown)}</body></html>",
        encoding="utf-8",
    )
    return libreoffice.convert(html, tmp_path / f"{name}.docx")


def test_seed_saved_by_libreoffice_reads_back(tmp_path: Path, libreoffice: LibreOffice) -> None:
    markdown = seed_markdown()
    expected = reading(parse(markdown))
    as_text = libreoffice.convert(SEED, tmp_path / "seed-from-text.docx")
    assert reading(imported(as_text)) == expected
    assert reading(imported(_lo_docx(libreoffice, tmp_path, "seed", markdown))) == expected


pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def _pandoc_docx(tmp_path: Path, name: str, markdown: str, fmt: str) -> Path:
    source = tmp_path / f"{name}.md"
    source.write_text(markdown, encoding="utf-8")
    out = tmp_path / f"{name}.docx"
    subprocess.run(
        ["pandoc", "-f", fmt, "-t", "docx", str(source), "-o", str(out)],
        check=True,
        timeout=1800,  # a hang guard only: far beyond a busy machine
    )
    return out


@pandoc
def test_seed_saved_by_pandoc_reads_back(tmp_path: Path) -> None:
    markdown = seed_markdown()
    path = _pandoc_docx(tmp_path, "seed", markdown, "commonmark")
    assert reading(imported(path)) == reading(parse(markdown))


@pandoc
def test_corpus_law_saved_by_pandoc_reads_back(tmp_path: Path) -> None:
    for version in (CORPUS[0], CORPUS[-1]):
        # Fenced-div lines ("::: {align=right}") are layout pandoc does not keep.
        markdown = re.sub(r"(?m)^:::.*$", "", version.read_text(encoding="utf-8"))
        path = _pandoc_docx(tmp_path, version.stem, markdown, "markdown-smart")
        assert words(imported(path)) == words(parse(markdown))


def test_corpus_law_saved_by_libreoffice_reads_back(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    markdown = CORPUS[-1].read_text(encoding="utf-8")
    path = _lo_docx(libreoffice, tmp_path, "law", markdown)
    assert words(imported(path)) == words(parse(markdown))
