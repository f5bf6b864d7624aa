"""``resvcs.toml``: the repository's settings and roles.

The file (documented in docs/config.md)::

    # Settings of this resolution repository (resvcs).
    format = 1

    [roles]
    # People who may accept, reject and adopt: "Name <email>".
    chairs = ["Anna Petrova <anna@example.org>"]

    [documents.bibliomodel-2022]
    title = "РЕЗОЛЮЦИЯ Форума модельных библиотек Северо-Запада «БиблиоMODEL-2022»"
    language = "ru"

It is read with the standard library's tomllib (every command reads it) and
written with tomlkit, loaded only then, so that comments and layout that people
add by hand survive the tool's own edits. What tomllib made of a committed file is
kept in the repository (:meth:`Config.loads`): loading tomllib compiles regular
expressions that cost as much as starting Python.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .frozen import frozen
from .storage import Person
from .text import MAX_DOCUMENT_BYTES

if TYPE_CHECKING:
    from .cache import JsonCache
    from .numbering import NumberingMode

CONFIG_FILE = "resvcs.toml"
FORMAT = 1


@frozen
class DocumentSettings:
    """What the repository records about one document besides its text."""

    title: str = ""
    language: str = ""
    #: How an item inserted into a sequentially numbered list is numbered:
    #: "renumber" the items after it, or give it a "suffix" number ("5-1").
    numbering: NumberingMode = "renumber"


@dataclass
class Config:
    """The parsed settings; ``dump()`` writes them back keeping hand-made comments."""

    chairs: list[Person] = field(default_factory=list)
    documents: dict[str, DocumentSettings] = field(default_factory=dict)
    #: ``[limits] max_document_bytes``: the largest file import, revise and propose accept.
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    #: The file as tomlkit reads it (made when first written back), and its text.
    _doc: Any = None
    _text: str | None = None

    @classmethod
    def new(cls, chairs: list[Person]) -> Config:
        import tomlkit

        doc = tomlkit.document()
        doc.add(tomlkit.comment("Settings of this resolution repository (resvcs)."))
        doc.add(tomlkit.comment("Edit with care and commit with git; resvcs keeps your comments."))
        doc.add("format", FORMAT)
        doc.add(tomlkit.nl())
        roles = tomlkit.table()
        roles.add(tomlkit.comment('People who may accept, reject and adopt: "Name <email>".'))
        roles.add("chairs", tomlkit.array())
        doc.add("roles", roles)
        config = cls(chairs=list(chairs), _doc=doc)
        return config

    @classmethod
    def loads(cls, text: str, kept: JsonCache | None = None, blob: str | None = None) -> Config:
        """The settings in ``text``. ``kept``: what tomllib made of the files read before,
        by their git blob id ``blob`` (the id of ``text``, when it is committed)."""
        edited = None
        doc: Any = _kept_toml(kept, blob)
        if doc is None:
            import tomllib

            try:
                doc = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                doc = edited = _edited(text)  # tomlkit's reading: its verdict and its message
            else:
                _keep_toml(kept, blob, doc)
        config = cls._from(doc)
        config._doc, config._text = edited, text
        return config

    @classmethod
    def _from(cls, doc: Any) -> Config:
        if doc.get("format", FORMAT) != FORMAT:
            raise ConfigError(
                f"{CONFIG_FILE} has format {doc.get('format')}, this resvcs reads {FORMAT}. "
                "Upgrade resvcs"
            )
        roles = doc.get("roles", {})
        chairs_raw = roles.get("chairs", []) if isinstance(roles, dict) else []
        if not isinstance(chairs_raw, list) or not all(isinstance(c, str) for c in chairs_raw):
            raise ConfigError(
                f'[roles] chairs in {CONFIG_FILE} must be a list of "Name <email>" strings'
            )
        documents: dict[str, DocumentSettings] = {}
        for slug, table in (doc.get("documents") or {}).items():
            if isinstance(table, dict):
                value = str(table.get("numbering", "renumber"))
                numbering = _numbering_mode(value)
                if numbering is None:
                    raise ConfigError(
                        f"[documents.{slug}] numbering in {CONFIG_FILE} must be "
                        f'"renumber" or "suffix", not {value!r}. Fix it in {CONFIG_FILE}'
                    )
                documents[str(slug)] = DocumentSettings(
                    title=str(table.get("title", "")),
                    language=str(table.get("language", "")),
                    numbering=numbering,
                )
        limits = doc.get("limits") or {}
        max_bytes = limits.get("max_document_bytes", MAX_DOCUMENT_BYTES)
        if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes < 1:
            raise ConfigError(
                f"[limits] max_document_bytes in {CONFIG_FILE} must be a positive whole number "
                "of bytes, e.g. 20000000"
            )
        return cls(
            chairs=[Person.parse(str(c)) for c in chairs_raw],
            documents=documents,
            max_document_bytes=int(max_bytes),
        )

    def dumps(self) -> str:
        import tomlkit

        if self._doc is None:
            self._doc = _edited(self._text) if self._text is not None else Config.new([])._doc
        doc = self._doc
        roles = doc.setdefault("roles", tomlkit.table())
        chairs = tomlkit.array()
        chairs.extend(str(p) for p in self.chairs)
        roles["chairs"] = chairs.multiline(len(self.chairs) > 1)
        if self.documents:
            if "documents" not in doc:
                doc.add(tomlkit.nl())
                doc.add("documents", tomlkit.table(is_super_table=True))
            tables = doc["documents"]
            for slug, settings in self.documents.items():
                table = tables.get(slug) or tomlkit.table()
                if settings.title:
                    table["title"] = settings.title
                if settings.language:
                    table["language"] = settings.language
                if settings.numbering != "renumber" or "numbering" in table:
                    table["numbering"] = settings.numbering
                tables[slug] = table
        return tomlkit.dumps(doc)

    def numbering(self, slug: str) -> NumberingMode:
        """How insertions into the numbered lists of a document are numbered."""
        return self.documents.get(slug, DocumentSettings()).numbering

    def is_chair(self, person: Person) -> bool:
        """Whether ``person`` is a chair: name and email as an entry writes them
        (:meth:`Person.same_as`); an email alone, or a name alone, is not enough."""
        return any(chair.same_as(person) for chair in self.chairs)


def _kept_toml(kept: JsonCache | None, blob: str | None) -> dict[str, Any] | None:
    """What tomllib made of the blob, as kept by this Python (whose tomllib read it)."""
    found = kept.get(blob) if kept is not None and blob is not None else None
    if isinstance(found, dict) and found.get("python") == sys.version:
        toml = found.get("toml")
        return toml if isinstance(toml, dict) else None
    return None


def _keep_toml(kept: JsonCache | None, blob: str | None, doc: dict[str, Any]) -> None:
    """Keep what tomllib made of the blob, if JSON gives it back as it is (no dates)."""
    if kept is None or blob is None:
        return
    try:
        same = json.loads(json.dumps(doc, allow_nan=False)) == doc
    except (TypeError, ValueError):
        return
    if same:
        kept.put(blob, {"python": sys.version, "toml": doc})


def _edited(text: str) -> Any:
    """The file as tomlkit reads it, to be edited and written back."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(
            f"{CONFIG_FILE} is not valid TOML ({exc}). Fix it or restore it with git"
        ) from None


def _numbering_mode(value: str) -> NumberingMode | None:
    """The numbering setting written as ``value``, None if there is none of that name;
    the numbering rules are loaded only for a setting other than the default."""
    if value == "renumber":
        return "renumber"
    from .numbering import numbering_mode

    return numbering_mode(value)
