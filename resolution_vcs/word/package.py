"""Opening a Word file without trusting it.

A .docx is a zip of XML parts. Before any part is read this module checks what
the zip says about itself, and it reads only the parts the text needs:

* **Not a zip, or a damaged one**: refused. An OLE compound file is either a
  password-protected .docx (its streams are named ``EncryptedPackage``) or a
  Word 97–2003 .doc; both are refused with what to do.
* **Zip bombs**: at most :data:`MAX_PARTS` parts, and the sizes the zip
  declares for them together at most :data:`UNPACKED_FACTOR` times the size
  limit of a document. Python's zip reader never returns more than a part's
  declared size (a part that lies about it fails its checksum), so nothing
  larger is ever unpacked.
* **Macros**: a macro-enabled document (``.docm``, a ``vbaProject`` part) is
  refused rather than read: it is not a draft but a program.
* **XML**: parsed by lxml with entities never resolved, no DTD loaded and no
  network; a part with a document type declaration (where entities would be
  declared) is refused, since Word never writes one.
* **Outside files**: relationships with ``TargetMode="External"`` are never
  fetched. Hyperlinks keep their address as text; a master document whose text
  lives in sub-documents elsewhere is refused, since its words are not in the
  file.
"""

from __future__ import annotations

import io
import posixpath
import re
from typing import TYPE_CHECKING

from ..errors import InputError
from ..frozen import frozen
from .magic import OLE_MAGIC

if TYPE_CHECKING:
    from lxml.etree import _Element

#: Most parts a Word file may have. Word writes a dozen or two; a document with
#: many pictures a few hundred.
MAX_PARTS = 2000
#: The declared unpacked size of all parts together, at most this many times the
#: document size limit: XML is wordy (a text's document.xml is 5–15 times the text).
UNPACKED_FACTOR = 10

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
MACRO_CONTENT_TYPES = ("macroEnabled",)
#: External relationships whose target holds words of the document.
_TEXT_ELSEWHERE = frozenset({"subDocument", "aFChunk"})

_DOCTYPE_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_ROOT_RE = re.compile(rb"<[A-Za-z_]")


@frozen
class Relationship:
    """One entry of a part's relationships: its type (the last part of the URI),
    target (a part name, or an address when external)."""

    id: str
    type: str
    target: str
    external: bool


class WordPackage:
    """The parts of a Word file, checked on opening (module docstring)."""

    def __init__(self, data: bytes, *, source: str, max_bytes: int) -> None:
        self.source = source
        if data.startswith(OLE_MAGIC):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise InputError(
                    f"{source} is protected by a password (an encrypted Word file). "
                    "Remove the password in Word (File > Info > Protect Document) and save it again"
                )
            raise InputError(
                f"{source} is a Word 97-2003 document (.doc), which resvcs does not read. "
                "Save it as a Word document (.docx) and give that file"
            )
        import zipfile  # here: telling a Word file from a text needs none of it

        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise InputError(
                f"{source} is not a readable Word file (damaged zip: {exc}). "
                "Open it in Word or LibreOffice and save it again"
            ) from None
        if len(infos) > MAX_PARTS:
            raise InputError(
                f"{source} has {len(infos):,} parts, more than the {MAX_PARTS:,} a Word file may "
                "have. Save the text again as a new document"
            )
        unpacked = sum(info.file_size for info in infos)
        limit = UNPACKED_FACTOR * max_bytes
        if unpacked > limit:
            raise InputError(
                f"{source} would unpack to {unpacked:,} bytes, more than the limit of {limit:,}. "
                "Split the document, or raise [limits] max_document_bytes in resvcs.toml"
            )
        self._names = {info.filename for info in infos}
        if any(info.flag_bits & 0x1 for info in infos):
            raise InputError(f"{source} has encrypted parts. Remove the password and save it again")
        if "[Content_Types].xml" not in self._names:
            raise InputError(
                f"{source} is a zip archive but not a Word document (no [Content_Types].xml). "
                "Give a .docx, Markdown or plain-text file"
            )
        self.main = self._main_part()
        types = self.xml("[Content_Types].xml")
        content_types = [
            str(el.get("ContentType", "")) for el in types.iter(f"{{{CT_NS}}}Override")
        ]
        if any(name.lower().endswith("vbaproject.bin") for name in self._names) or any(
            marker in ct for ct in content_types for marker in MACRO_CONTENT_TYPES
        ):
            raise InputError(
                f"{source} holds macros (a macro-enabled .docm document). Save it as a "
                "Word document without macros (.docx) and give that file"
            )
        for rel in self.relationships(self.main).values():
            if rel.external and rel.type in _TEXT_ELSEWHERE:
                raise InputError(
                    f"{source} takes part of its text from an outside file ({rel.target}), "
                    "which resvcs never fetches. Open it in Word, keep the text in the "
                    "document itself and save it again"
                )

    def _main_part(self) -> str:
        if "_rels/.rels" in self._names:
            for rel in self._rels_of("_rels/.rels", "").values():
                if rel.type == OFFICE_DOCUMENT.rsplit("/", 1)[-1] and not rel.external:
                    if rel.target in self._names:
                        return rel.target
        if "word/document.xml" in self._names:
            return "word/document.xml"
        raise InputError(
            f"{self.source} is a zip archive but not a Word document (no word/document.xml). "
            "Give a .docx, Markdown or plain-text file"
        )

    def has(self, name: str) -> bool:
        return name in self._names

    def read(self, name: str) -> bytes:
        """The bytes of one part (never more than its declared size)."""
        import zipfile

        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise InputError(
                f"{self.source} is damaged ({name}: {exc}). "
                "Open it in Word or LibreOffice and save it again"
            ) from None
        except Exception as exc:  # zlib.error and friends from a corrupt stream
            raise InputError(
                f"{self.source} is damaged ({name}: {exc}). "
                "Open it in Word or LibreOffice and save it again"
            ) from None

    def checked(self, name: str) -> bytes:
        """The bytes of an XML part, refused if it declares a document type."""
        data = self.read(name)
        head = data
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = data.decode("utf-16", errors="replace").encode("utf-8")
        root = _ROOT_RE.search(head)
        prolog = head[: root.start()] if root else head
        if _DOCTYPE_RE.search(prolog):
            raise InputError(
                f"{self.source} has a document type declaration in {name}, which Word never "
                "writes (it could declare entities). Save the document again from Word or "
                "LibreOffice"
            )
        return data

    def xml(self, name: str) -> _Element:
        """One XML part, parsed safely."""
        from lxml import etree

        data = self.checked(name)
        try:
            return etree.fromstring(data, parser=safe_parser())
        except etree.XMLSyntaxError as exc:
            raise InputError(
                f"{self.source} is damaged ({name} is not well-formed XML: {exc}). "
                "Open it in Word or LibreOffice and save it again"
            ) from None

    def relationships(self, part: str) -> dict[str, Relationship]:
        """The relationships of a part, by id; targets resolved to part names."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self._names:
            return {}
        return self._rels_of(rels, folder)

    def _rels_of(self, rels: str, folder: str) -> dict[str, Relationship]:
        out: dict[str, Relationship] = {}
        for el in self.xml(rels).iter(f"{{{REL_NS}}}Relationship"):
            external = el.get("TargetMode", "") == "External"
            target = str(el.get("Target", ""))
            if not external:
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
            rel_type = str(el.get("Type", "")).rsplit("/", 1)[-1]
            out[str(el.get("Id", ""))] = Relationship(
                str(el.get("Id", "")), rel_type, target, external
            )
        return out

    def part_of(self, part: str, rel_type: str) -> str | None:
        """The part that ``part`` relates to with ``rel_type`` ("styles", "numbering" ...)."""
        for rel in self.relationships(part).values():
            if rel.type == rel_type and not rel.external and rel.target in self._names:
                return rel.target
        return None


def safe_parser() -> object:
    """An lxml parser that never resolves entities, loads a DTD or touches the network."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
