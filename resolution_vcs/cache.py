"""Parsed documents cached by git blob, inside ``.git/resvcs/cache``.

A version's text is a blob, and a blob never changes, so its parse (the clauses
without ids, which come from the ids file) can be kept and read back instead
of parsing again: history and blame over hundreds of versions parse each
version once, ever. The cache is content-addressed, written atomically, checked
on reading, and safe to delete at any time (it is only ever a copy).
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from .markdown import References
from .model import Clause, ClauseKind, Document

#: Bump when the parse or this format changes: old entries are then ignored.
FORMAT = "2"
_FIELDS = (
    "label",
    "kind",
    "content",
    "lead",
    "prefix",
    "indents",
    "eol",
    "gap",
    "depth",
    "parent",
    "number",
    "level",
    "parts",
)


class DocumentCache:
    """Parsed documents by blob id, in a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, blob: str) -> Path:
        return self.folder / f"v{FORMAT}" / blob[:2] / f"{blob[2:]}.json.z"

    def get(self, blob: str) -> Document | None:
        """The cached parse of ``blob``, or None (missing, unreadable or damaged)."""
        try:
            data = json.loads(zlib.decompress(self._path(blob).read_bytes()))
            return _document(data)
        except (OSError, ValueError, KeyError, TypeError, IndexError, zlib.error):
            return None

    def put(self, blob: str, doc: Document) -> None:
        """Keep a parse; failures to write are ignored (the cache is only a copy)."""
        # Compressed: the JSON of a version is about twice its text, and a long
        # history would otherwise fill .git with copies.
        _write(self._path(blob), json.dumps(_data(doc), ensure_ascii=False).encode("utf-8"))


class JsonCache:
    """Small JSON values by key (a hex digest), compressed, in a folder; like
    :class:`DocumentCache`, only ever a copy."""

    #: How a value is kept: the file name's ending, and the value to bytes and back.
    SUFFIX = "json.z"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.{self.SUFFIX}"

    def _dumps(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def _loads(self, data: bytes) -> Any:
        return json.loads(data)

    def get(self, key: str) -> Any:
        """The value kept under ``key``, or None (missing, unreadable or damaged)."""
        try:
            return self._loads(zlib.decompress(self._path(key).read_bytes()))
        except Exception:  # any damage reads as a miss: the value is computed again
            return None

    def put(self, key: str, value: Any) -> None:
        """Keep a value; failures to write are ignored."""
        _write(self._path(key), self._dumps(value))


class ObjectCache(JsonCache):
    """Values computed from one state of a repository, by key (a hex digest that
    names that state: the commit and the code that computed them), pickled; like
    :class:`JsonCache`, only ever a copy. Only resvcs writes into ``.git/resvcs``,
    as git alone writes the rest of ``.git``."""

    SUFFIX = "pickle.z"

    def _dumps(self, value: Any) -> bytes:
        import pickle

        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def _loads(self, data: bytes) -> Any:
        import pickle

        return pickle.loads(data)


def code_stamp() -> str:
    """What names this version of the package's code: the size and time of change of
    each of its modules (a cached value computed by other code is never served)."""
    global _STAMP
    if _STAMP is None:
        package = Path(__file__).parent
        parts = []
        for path in sorted(package.rglob("*.py")):
            info = path.stat()
            parts.append(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
        _STAMP = "\n".join(parts)
    return _STAMP


_STAMP: str | None = None


def _write(path: Path, data: bytes) -> None:
    """Compress ``data`` into ``path`` atomically; give up quietly on errors."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(zlib.compress(data, 1))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _data(doc: Document) -> dict[str, Any]:
    refs = next((c.refs.env for c in doc.clauses if c.refs is not None), None)
    return {
        "preamble": doc.preamble,
        "epilogue": doc.epilogue,
        "refs": refs,
        "clauses": [[_value(getattr(c, f)) for f in _FIELDS] for c in doc.clauses],
    }


def _value(value: object) -> object:
    return value.value if isinstance(value, ClauseKind) else value


def _document(data: dict[str, Any]) -> Document:
    refs = References(data["refs"]) if data.get("refs") else None
    kinds = {k.value: k for k in ClauseKind}
    clauses = []
    for row in data["clauses"]:
        # Built like the dataclass would, without its per-field frozen checks:
        # a long draft has tens of thousands of clauses.
        clause = object.__new__(Clause)
        fields = dict(zip(_FIELDS, row, strict=True))
        fields["id"] = ""
        fields["kind"] = kinds[fields["kind"]]
        fields["indents"] = tuple(fields["indents"])
        fields["parts"] = tuple((kind, tuple(sources)) for kind, sources in fields["parts"])
        fields["refs"] = refs
        clause.__dict__.update(fields)
        clauses.append(clause)
    return Document(clauses=tuple(clauses), preamble=data["preamble"], epilogue=data["epilogue"])
