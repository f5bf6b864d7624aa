"""Make ``resolution_vcs/templates/document.docx``, the blank Word document every .docx
the program writes starts from (the tables, the export; not the redlines, which are
written part by part).

It is python-docx's own default document without what a written file never uses but
every reader pays for: the hundred-odd decorative table styles ("Light Shading -
Accent 1" … "Colorful Grid - Accent 6", four fifths of its styles part), the copy of
the styles kept for Word 2010 (``stylesWithEffects.xml``) and the picture of an empty
page shown as the file's thumbnail. Opening it takes a sixth of the memory the default
takes, and a written table is a third of the size. Every other style stays, with the
default of each kind ("Table Normal") and "Table Grid", which the tables use.

Usage: .venv/bin/python scripts/word_template.py   (run again after upgrading python-docx)
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from lxml import etree

TARGET = Path(__file__).resolve().parent.parent / "resolution_vcs" / "templates" / "document.docx"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Table styles kept: the default of tables, and the one the tables use.
KEPT_TABLE_STYLES = frozenset({"TableNormal", "TableGrid"})
#: Parts left out, with every relationship and content type naming them.
LEFT_OUT = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def _xml(tree: etree._Element) -> bytes:
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True))


def _styles(data: bytes) -> bytes:
    tree = etree.fromstring(data)
    for style in tree.findall(f"{_W}style"):
        if style.get(f"{_W}type") == "table" and style.get(f"{_W}styleId") not in KEPT_TABLE_STYLES:
            tree.remove(style)
    return _xml(tree)


def _without_left_out(data: bytes) -> bytes:
    """A relationships part or the content types without the entries of left-out parts."""
    tree = etree.fromstring(data)
    for entry in list(tree):
        named = entry.get("Target", "") or entry.get("PartName", "")
        if any(named.lstrip("/").endswith(Path(part).name) for part in LEFT_OUT):
            tree.remove(entry)
    return _xml(tree)


def template(default: bytes) -> bytes:
    """The slim template made of python-docx's default document (its bytes)."""
    source = zipfile.ZipFile(io.BytesIO(default))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name = info.filename
            if name in LEFT_OUT:
                continue
            data = source.read(name)
            if name == "word/styles.xml":
                data = _styles(data)
            elif name.endswith(".rels") or name == "[Content_Types].xml":
                data = _without_left_out(data)
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def default_document() -> bytes:
    """python-docx's default document, as installed."""
    return (Path(docx.__file__).parent / "templates" / "default.docx").read_bytes()


if __name__ == "__main__":
    TARGET.write_bytes(template(default_document()))
    print(f"Wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
