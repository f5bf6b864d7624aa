"""Parsed documents cached by git blob, inside ``.git/resvcs/cache``.

A version's text is a blob, and a blob never changes, so its parse (the clauses
without ids, which come from the ids file) can be kept and read back instead
of parsing again: history and blame over hundreds of versions parse each
version once, ever. The cache is content-addressed, written atomically, checked
on reading, and safe to delete at any time (it is only ever a copy).

Every cache here is bounded: it keeps the entries used last (reading one marks
it used) and removes the others as it writes, so a long history does not fill
``.git`` with copies. What it removed is computed again when it is next wanted.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

# Not imported from typing, whose loading takes longer than printing a kept output
# (resolution_vcs.reads); type checkers read this name as typing's.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from .model import Document

#: Bump when the parse or this format changes: old entries are then ignored.
FORMAT = "3"
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


class _Bounded:
    """A folder of entries (``<2 hex digits>/<rest>.<suffix>``) that keeps at most
    about ``keep`` of them: every ``keep // 2`` writes (and at the first), those
    used least recently are removed (:func:`prune`)."""

    #: How many entries are kept.
    keep = 64

    def __init__(self, folder: Path, keep: int | None = None) -> None:
        self.folder = folder
        if keep is not None:
            self.keep = keep
        self._writes = 0

    def _entries(self) -> Path:
        """The folder the entries are in."""
        return self.folder

    def _written(self) -> None:
        if self._writes % max(1, self.keep // 2) == 0:
            prune(self._entries(), self.keep)
        self._writes += 1


class DocumentCache(_Bounded):
    """Parsed documents by blob id, in a folder: the versions read last (a draft's
    current text, the one before, what a history walks)."""

    #: Parses of a code of several MB are a few MB each, compressed.
    keep = 24

    def _entries(self) -> Path:
        return self.folder / f"v{FORMAT}"

    def _path(self, blob: str) -> Path:
        return self._entries() / blob[:2] / f"{blob[2:]}.pickle.z"

    def get(self, blob: str) -> Document | None:
        """The cached parse of ``blob``, or None (missing, unreadable or damaged)."""
        path = self._path(blob)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            found = _document(_unpickled(zlib.decompress(data)))
        except Exception:  # any damage reads as a miss: written again by the next parse
            _unlink(str(path))
            return None
        _touch(path)
        return found

    def put(self, blob: str, doc: Document) -> None:
        """Keep a parse (unless it is kept already: a blob's parse never changes);
        failures to write are ignored (the cache is only a copy)."""
        path = self._path(blob)
        if path.exists():
            _touch(path)
            return
        if self._writes == 0:
            _drop_other_formats(self.folder, f"v{FORMAT}")
        self._written()
        # Compressed, and written a few hundred clauses at a time, so that a long text's
        # copy is never whole in memory. Pickled: a command that decides writes the text
        # it made, and the next reads it, in a fraction of the time JSON takes.
        _write_chunks(path, _pickled_chunks(doc))


class JsonCache(_Bounded):
    """Small JSON values by key (a hex digest), compressed, in a folder; like
    :class:`DocumentCache`, only ever a copy, and bounded (``keep``: what the
    values are for decides how many are worth keeping)."""

    #: What a version of a draft changed (:mod:`steps`) is a few KB: a history of
    #: thousands of versions is kept whole.
    keep = 8192
    #: How a value is kept: the file name's ending, and the value to bytes and back.
    SUFFIX = "json.z"

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.{self.SUFFIX}"

    def _dumps(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def _loads(self, data: bytes) -> Any:
        return json.loads(data)

    def __contains__(self, key: str) -> bool:
        """Whether a value is kept under ``key`` (without reading it)."""
        return self._path(key).exists()

    def get(self, key: str) -> Any:
        """The value kept under ``key``, or None (missing, unreadable or damaged)."""
        path = self._path(key)
        try:
            found = self._loads(zlib.decompress(path.read_bytes()))
        except Exception:  # any damage reads as a miss: the value is computed again
            return None
        _touch(path)
        return found

    def put(self, key: str, value: Any) -> None:
        """Keep a value; failures to write are ignored."""
        self._written()
        _write(self._path(key), self._dumps(value))

    def put_parts(self, key: str, parts: Iterable[bytes | bytearray]) -> None:
        """Keep a value given as what :meth:`_dumps` makes of it, in parts to write one
        after the other (a long value is not joined first)."""
        self._written()
        _write_chunks(self._path(key), parts)

    def put_rows(self, key: str, rows: Iterable[Any]) -> None:
        """Keep a JSON list of ``rows`` (read back with :meth:`get`), written a few
        hundred rows at a time: a long list's JSON is never whole in memory."""
        self._written()
        _write_chunks(self._path(key), _json_list(rows))


class ObjectCache(JsonCache):
    """Values computed from one state of a repository, by key (a hex digest that
    names that state: the commit and the code that computed them), pickled; like
    :class:`JsonCache`, only ever a copy. Only resvcs writes into ``.git/resvcs``,
    as git alone writes the rest of ``.git``."""

    SUFFIX = "pickle.z"
    #: A state of a repository is wanted while it is the current one, and a little
    #: after (a page served a moment ago): the last few are kept.
    keep = 16

    def _dumps(self, value: Any) -> bytes:
        import pickle

        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def _loads(self, data: bytes) -> Any:
        return _restricted_load(data, _package_class)


def prune(folder: Path, keep: int) -> None:
    """Remove from a cache folder all but the ``keep`` entries used last (by their
    time of change, which reading an entry renews), and the temporary files that a
    killed writer left; failures are ignored (another process may be pruning too)."""
    entries: list[tuple[int, str]] = []
    try:
        with os.scandir(folder) as subfolders:
            for sub in subfolders:
                if not sub.is_dir(follow_symlinks=False):
                    continue
                with os.scandir(sub.path) as files:
                    for entry in files:
                        if entry.name.startswith("."):
                            if entry.name.endswith(".tmp") and _older_than_a_day(entry):
                                _unlink(entry.path)
                            continue
                        entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    except OSError:
        return
    if len(entries) <= keep:
        return
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        _unlink(path)


def _older_than_a_day(entry: os.DirEntry[str]) -> bool:
    import time

    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > 86400
    except OSError:
        return False


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _touch(path: Path) -> None:
    """Mark an entry as used now (what :func:`prune` keeps)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _drop_other_formats(folder: Path, current: str) -> None:
    """Remove the parses of other formats ("v1" beside "v2"): they are never read."""
    try:
        with os.scandir(folder) as found:
            old = [
                e.path
                for e in found
                if e.is_dir(follow_symlinks=False)
                and e.name != current
                and e.name[:1] == "v"
                and e.name[1:].isdigit()
            ]
    except OSError:
        return
    if old:
        import shutil  # (and the compression modules it loads) only when there is one

        for path in old:
            shutil.rmtree(path, ignore_errors=True)


def package_files() -> list[tuple[str, int, int]]:
    """Each file of the package's code (modules, templates, static files) with its size
    and time of change, in a fixed order: what names this version of the code."""
    global _FILES
    if _FILES is None:
        files = []
        for root, folders, names in os.walk(Path(__file__).parent):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(names):
                path = os.path.join(root, name)
                info = os.stat(path)
                files.append((path, info.st_size, info.st_mtime_ns))
        _FILES = files
    return _FILES


_FILES: list[tuple[str, int, int]] | None = None


def code_stamp() -> str:
    """What names this version of the package's code (:func:`package_files`): a cached
    value computed by other code is never served."""
    global _STAMP
    files = package_files()
    if _STAMP is None or _STAMP[0] is not files:
        _STAMP = files, "\n".join(f"{path}:{size}:{changed}" for path, size, changed in files)
    return _STAMP[1]


#: The stamp of the files listed last (made once from them).
_STAMP: tuple[list[tuple[str, int, int]], str] | None = None


def _write(path: Path, data: bytes) -> None:
    """Compress ``data`` into ``path`` atomically; give up quietly on errors."""
    _write_chunks(path, [data])


def _pickled_chunks(doc: Document, size: int = 500) -> Iterator[bytes]:
    """A parse as pickles of plain values, one after the other: the text's end matter
    and the references' settings, each clause's fields as a list (its kind by name), a
    few hundred clauses at a time, and None."""
    import pickle

    refs = next((c.refs.env for c in doc.clauses if c.refs is not None), None)
    yield pickle.dumps({"preamble": doc.preamble, "epilogue": doc.epilogue, "refs": refs})
    clauses = doc.clauses
    for start in range(0, len(clauses), size):
        rows = [[getattr(c, f) for f in _FIELDS] for c in clauses[start : start + size]]
        for row in rows:
            row[1] = row[1].value  # the kind
        yield pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
    yield pickle.dumps(None)


def _unpickled(data: bytes) -> dict[str, Any]:
    """What :func:`_pickled_chunks` wrote, as :func:`_document` reads it."""
    import io

    stream = io.BytesIO(data)
    found = _restricted_load(stream, None)
    rows: list[list[Any]] = []
    while (chunk := _restricted_load(stream, None)) is not None:
        rows.extend(chunk)
    if not isinstance(found, dict) or stream.read(1):
        raise ValueError("not a parse")
    found["clauses"] = rows
    return found


def _json_list(rows: Iterable[Any], size: int = 500) -> Iterator[bytes]:
    """A JSON list of ``rows``, ``size`` rows at a time."""
    from itertools import islice

    found = iter(rows)
    yield b"["
    glue = ""
    while batch := list(islice(found, size)):
        yield (glue + json.dumps(batch, ensure_ascii=False)[1:-1]).encode("utf-8")
        glue = ", "
    yield b"]"


def _write_chunks(path: Path, chunks: Iterable[bytes | bytearray]) -> None:
    """Compress ``chunks`` into ``path`` atomically; give up quietly on errors."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        packer = zlib.compressobj(1)
        with open(tmp, "wb") as f:
            for chunk in chunks:
                f.write(packer.compress(chunk))
            f.write(packer.flush())
        os.replace(tmp, path)
    except OSError:
        _unlink(str(tmp))  # may fail too: a file where a folder should be, no writing


def _document(data: dict[str, Any]) -> Document:
    # Imported here: the module's other caches serve commands that need no parse.
    from .markdown import References
    from .model import Clause, ClauseKind, Document, sharing_content

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
        parts = tuple((kind, tuple(sources)) for kind, sources in fields["parts"])
        fields["parts"] = sharing_content(parts, fields["content"])
        fields["refs"] = refs
        clause.__dict__.update(fields)
        clauses.append(clause)
    return Document(clauses=tuple(clauses), preamble=data["preamble"], epilogue=data["epilogue"])


#: The classes of the standard library a kept value may hold, by module.
_STANDARD_CLASSES = {"datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"})}


def _package_class(module: str, name: str) -> object | None:
    """A class a kept value may hold: one of this package's (its records) or a date or
    time; None for anything else."""
    import importlib

    ours = module.partition(".")[0] == __name__.partition(".")[0] and "__" not in name
    if not ours and name not in _STANDARD_CLASSES.get(module, ()):
        return None
    found = getattr(importlib.import_module(module), name, None)
    return found if isinstance(found, type) else None


def _restricted_load(source: bytes | Any, allowed: Any) -> Any:
    """One pickle from ``source`` (bytes, or a binary stream read on from where it is),
    naming no function and no class but those ``allowed(module, name)`` returns (None:
    plain values only). A cache file is only ever a copy, but a copied ``.git`` folder
    is not always one's own: a damaged or planted entry must fail to load (a miss),
    never run code."""
    import io
    import pickle

    class Loader(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            found = allowed(module, name) if allowed is not None else None
            if found is None:
                raise pickle.UnpicklingError(f"{module}.{name} is not kept here")
            return found

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    return Loader(stream).load()
