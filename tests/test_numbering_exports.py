"""One numbering everywhere: the numbers written in the text are the ones every export
shows, read back as a reader gets them (Chromium for HTML, python-docx for Word)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.present.export import export_text

from .browser import chromium, print_to_pdf

#: Numbers a Markdown renderer would count afresh: a gap (item 2 repealed), a list
#: that starts at 3 after a suffix-numbered paragraph, lettered items.
TEXT = (
    "# РЕШЕНИЕ\n\n1. Утвердить план.\n3. Создать рабочую группу.\n\n"
    "3-1. Выделить средства.\n\n4. Рабочей группе подготовить доклад:\n\n"
    "а) о плане;\n\nб) о средствах.\n\n5. Контроль оставить за собой.\n"
)
SHOWN = ["1.", "3.", "3-1.", "4.", "а)", "б)", "5."]


def _doc():  # type: ignore[no-untyped-def]
    return assign_ids(parse(TEXT))


def test_labels_are_the_numbers_written() -> None:
    labels = [c.label for c in _doc()]
    assert labels[1:3] == ["1", "3"] and labels[4] == "4" and labels[-1] == "5"


def test_html_writes_each_number_as_the_text_has_it() -> None:
    page = export_text(_doc(), "html", title="Решение", lang="ru")
    assert isinstance(page, str)
    values = re.findall(r'<li value="(\d+)">', page)
    assert values == ["1", "3", "4", "5"]


def test_word_writes_each_number_as_the_text_has_it(tmp_path: Path) -> None:
    data = export_text(_doc(), "docx", title="Решение", lang="ru")
    assert isinstance(data, bytes)
    path = tmp_path / "d.docx"
    path.write_bytes(data)
    starts = [p.text.split(None, 1)[0] for p in docx.Document(str(path)).paragraphs if p.text]
    assert starts[1:] == SHOWN


@pytest.mark.skipif(
    chromium() is None or shutil.which("pdftotext") is None,
    reason="Chromium and pdftotext (poppler-utils) are not installed; the reading needs them",
)
def test_browser_shows_the_numbers_of_the_text(tmp_path: Path) -> None:
    page = export_text(_doc(), "html", title="Решение", lang="ru")
    assert isinstance(page, str)
    html = tmp_path / "d.html"
    html.write_text(page, encoding="utf-8")
    pdf = print_to_pdf(tmp_path, html)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    starts = [line.split()[0] for line in text.splitlines() if line.strip()]
    assert [s for s in starts if s in SHOWN or re.fullmatch(r"\d+\.", s)] == SHOWN
