"""Bad Word files: each refused with its one-line error, nothing committed, nothing fetched."""

from __future__ import annotations

import io
import random
import socket
import zipfile
from pathlib import Path

import pytest

from resolution_vcs.errors import InputError
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

from .conftest import CHAIR, DATE
from .word_files import W_NS, docx, para

LIMIT = 400_000


def corrupt() -> bytes:
    good = docx(para("Текст."))
    return good[: len(good) // 2]


def encrypted() -> bytes:
    # An OLE compound file holding the streams of an encrypted OOXML package.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")


def old_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048 + "WordDocument".encode("utf-16-le")


def macros() -> bytes:
    return docx(
        para("Текст."),
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
        extra_parts={"word/vbaProject.bin": b"\x00macro"},
    )


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (10 * LIMIT + 1))
    return out.getvalue()


def many_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for i in range(2001):
            z.writestr(f"word/media/p{i}.bin", b"")
    return out.getvalue()


def entities() -> bytes:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx("", document=laughs)


def external_text() -> bytes:
    return docx(
        para("Главный документ."),
        extra_rels=(
            '<Relationship Id="rSub" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/subDocument" Target="http://203.0.113.9/part.docx" '
            'TargetMode="External"/>'
        ),
    )


def too_big() -> bytes:
    return docx(
        para("Текст."), extra_parts={"word/media/big.bin": random.Random(1).randbytes(LIMIT)}
    )


BAD = {
    "corrupt zip": (corrupt, "t.docx is not a readable Word file (damaged zip: "),
    "encrypted": (encrypted, "t.docx is protected by a password (an encrypted Word file). "),
    ".doc": (old_doc, "t.docx is a Word 97-2003 document (.doc), which resvcs does not read. "),
    "macros": (macros, "t.docx holds macros (a macro-enabled .docm document). "),
    "zip bomb": (
        zip_bomb,
        f"t.docx would unpack to {10 * LIMIT + 9:,} bytes, more than the limit of {10 * LIMIT:,}. ",
    ),
    "parts": (many_parts, "t.docx has 2,001 parts, more than the 2,000 a Word file may have. "),
    "entities": (entities, "t.docx has a document type declaration in word/document.xml, "),
    "external text": (external_text, "t.docx takes part of its text from an outside file "),
    "over the limit": (too_big, "t.docx is 40"),
}


@pytest.fixture
def empty_repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    repo = Repository.init(tmp_path / "r", actor=Person.parse(CHAIR), date=DATE)
    repo.config.max_document_bytes = LIMIT
    yield repo
    repo.close()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_word_files_are_refused(name: str, empty_repo: Repository) -> None:
    make, message = BAD[name]
    head = empty_repo.store.head()
    with pytest.raises(InputError) as caught:
        empty_repo.import_document(make(), source="t.docx", author=Person.parse(CHAIR))
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text and text.rstrip().endswith(tuple("abcdefghijklmnopqrstuvwxyz)"))
    assert empty_repo.store.head() == head
    assert empty_repo.slugs() == []


def test_links_are_never_fetched(empty_repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was touched")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    body = para(runs='<w:hyperlink r:id="rL"><w:r><w:t>Отчёт</w:t></w:r></w:hyperlink>')
    data = docx(
        body,
        links={"rL": "http://203.0.113.9/x"},
        extra_rels=(
            '<Relationship Id="rImg" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/image" Target="http://203.0.113.9/a.png" TargetMode="External"/>'
        ),
    )
    empty_repo.import_document(data, source="t.docx", slug="t", author=Person.parse(CHAIR))
    assert empty_repo.text("t") == "[Отчёт](<http://203.0.113.9/x>)\n"
