"""The blank Word document every written .docx starts from (scripts/word_template.py)."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import docx
from lxml import etree

from resolution_vcs.present.tables import blank_word_document, docx_bytes

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "word_template.py"
SHIPPED = ROOT / "resolution_vcs" / "templates" / "document.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Every style a writer of the program names (the export and the tables).
NAMED = ["Normal", "Title", "List Paragraph", "Table Grid"] + [f"Heading {n}" for n in range(1, 7)]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resvcs_word_template", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _styles(data: bytes) -> dict[str, str]:
    """Style id → type of the styles part of a .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        tree = etree.fromstring(package.read("word/styles.xml"))
    return {s.get(f"{W}styleId"): s.get(f"{W}type") for s in tree.findall(f"{W}style")}


def _parts(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return set(package.namelist())


def test_the_shipped_template_is_what_the_script_makes_of_python_docx_default() -> None:
    script = _script()
    default = script.default_document()
    made = script.template(default)
    shipped = SHIPPED.read_bytes()
    assert _parts(made) == _parts(shipped)
    assert _styles(made) == _styles(shipped)
    # It is the default less the decorative table styles and two unused parts, nothing else.
    left_out = {k for k, kind in _styles(default).items() if kind == "table"} - {
        "TableNormal",
        "TableGrid",
    }
    assert len(left_out) > 90
    assert _styles(shipped).keys() == _styles(default).keys() - left_out
    assert _parts(shipped) == _parts(default) - set(script.LEFT_OUT)


def test_the_template_has_every_style_the_writers_name_and_no_left_out_part() -> None:
    document = docx.Document(str(SHIPPED))
    for name in NAMED:
        assert document.styles[name].name == name
    with zipfile.ZipFile(SHIPPED) as package:
        for name in package.namelist():
            if name.endswith(".rels") or name == "[Content_Types].xml":
                text = package.read(name).decode("utf-8")
                assert "stylesWithEffects" not in text and "thumbnail" not in text


def test_a_written_document_opens_again_with_its_title_font_and_language() -> None:
    document = blank_word_document("Проект", "uk", points=11)
    document.add_table(rows=1, cols=2).style = "Table Grid"
    again = docx.Document(io.BytesIO(docx_bytes(document)))
    assert again.core_properties.title == "Проект"
    normal = again.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 11
    language = normal.element.rPr.find(f"{W}lang")
    assert language is not None and language.get(f"{W}val") == "uk-UA"
    style = again.tables[0].style
    assert style is not None and style.name == "Table Grid"
