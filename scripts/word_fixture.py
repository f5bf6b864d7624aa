"""Write tests/fixtures/libreoffice/: the seed saved by LibreOffice, and a copy two editors
changed in LibreOffice with Track Changes on.

    .venv/bin/python scripts/word_fixture.py [FOLDER]   (default: tests/fixtures/libreoffice)

Needs soffice and python3-uno (Debian: libreoffice-writer-nogui, python3-uno). Both files
are written by LibreOffice itself, driven through its UNO bridge (tests/libreoffice):

``original.docx``
    The seed, imported as Markdown, rendered to HTML and opened in LibreOffice, which
    saves it as Word 2007–365 (.docx): its lists are Word's automatic numbering.
``edited.docx``
    ``original.docx`` opened in LibreOffice with "Record changes" on; under the user name
    of each editor in turn (Tools > Options > User Data), a change of words made through
    the text API, as typing makes it, and, for some, a comment on the changed words;
    then saved as .docx. LibreOffice stamps each change and comment with the time it
    was made.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from resolution_vcs.importers import import_text  # noqa: E402
from resolution_vcs.present.markup import text_html  # noqa: E402
from tests.conftest import SEED  # noqa: E402
from tests.libreoffice import LibreOffice, available  # noqa: E402

OLGA = "Olga Editor"
BORIS = "Boris Petrov"
#: (author, the words found, what they become, comment): a replacement, a deletion (""),
#: an insertion after the words (what they become starts with them).
EDITS = [
    (OLGA, "Вопросы реализации", "Итоги реализации", "Форум подвёл итоги, а не ставил вопросы."),
    (BORIS, "Креативные индустрии", "Креативные индустрии и творческие сообщества", ""),
    (OLGA, "размещать регулярно информацию", "размещать информацию", ""),
    (BORIS, "более тесное", "постоянное", "Тесное общение уже есть; нужно постоянное."),
]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/fixtures/libreoffice"
    if not available():
        sys.exit("Error: soffice or python3-uno is missing. Install libreoffice-writer-nogui.")
    folder.mkdir(parents=True, exist_ok=True)
    markdown = import_text(SEED.read_text(encoding="utf-8")).markdown
    office = LibreOffice()
    try:
        with tempfile.TemporaryDirectory() as work:
            html = Path(work) / "seed.html"
            html.write_text(
                "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                f"{text_html(markdown)}</body></html>",
                encoding="utf-8",
            )
            original = office.convert(html, folder / "original.docx")
        office.commented_edit(original, folder / "edited.docx", EDITS)
    finally:
        office.close()
    print(f"Wrote {folder / 'original.docx'} and {folder / 'edited.docx'}.")


if __name__ == "__main__":
    main()
