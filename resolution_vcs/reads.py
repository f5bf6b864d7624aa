"""What the reading commands printed, kept per state of the repository, in
``.git/resvcs/cache/reads``.

A command that only reads (``show``, ``log``, ``review`` …) prints what the state of the
repository, its arguments and its surroundings make of it, and nothing else: run again on
the same state it prints the same bytes. Its output (stdout, stderr, exit code 0) is kept
under a key that names everything it may have read, and the next run with the same key
prints it without starting git or importing the command's modules. The key is the digest of

- the command line and the current folder;
- the environment (every variable but those a shell keeps for itself, such as the folder
  before the last ``cd``), the Python interpreter, whether each standard stream
  is a terminal and its size (widths, colours);
- the code: every file of the package (size and time of change) and each folder of
  ``sys.path`` (installing or removing a package changes it);
- git's state, read from ``.git`` itself: ``HEAD``, every ref (loose files,
  ``packed-refs`` or ``reftable``: branches, tags, replacements), the names in capitals
  git reads from its folder (``FETCH_HEAD``, ``ORIG_HEAD`` …), the index, git's settings
  (the repository's, the worktree's, the user's and the system's), ``shallow``,
  ``info/grafts`` and a half-finished write's journal;
- the files of the working tree the commands read: ``resvcs.toml`` and each file in
  ``drafts/`` (their contents: an uncommitted edit changes the warning a command prints).

The help of the program and of each command (``resvcs --help``, ``resvcs accept --help``)
is kept the same way: it reads nothing of the repository, and its key names all it may
depend on (the code, the terminal's width, the environment).

``dossier`` is kept the same way with the folder it wrote (its files, as the command gave
them to :func:`wrote_folder`): run again, it writes them again where the command would,
after the same check of that place.

A plain ``git commit``, a checkout, a tag, an edit of a draft, a new version of resvcs: each
changes the key, so a kept output is never printed for a state it was not made for. Where
the state cannot be read for certain (git's location set by ``GIT_DIR`` and the like, a
worktree whose ``.git`` file cannot be read, settings that include other files, in a
file or in the environment), nothing is kept, nor for a command line that may name a
file to write (``-o``, also grouped as in ``-wo``, ``--output``, ``--out``). The output
is kept only when the state read after the command is the one read before (no commit
landed while it ran). Like the other caches in ``.git/resvcs`` the folder is bounded and
safe to delete at any time.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

from .cache import JsonCache, package_files
from .discovery import locate, located_by_environment

# Not imported from typing, whose loading takes longer than printing a kept output
# (resolution_vcs.reads); type checkers read this name as typing's.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import IO, Any

#: Bump when the key or the entry's format changes.
FORMAT = b"reads 3"
#: The commands whose output is kept: they read and print, nothing else.
COMMANDS = frozenset(
    {
        "amendment",
        "amendments",
        "blame",
        "check",
        "clauses",
        "diff",
        "documents",
        "history",
        "log",
        "references",
        "review",
        "show",
    }
)
#: Commands that write a folder (whole, replacing it) besides printing: their run is kept
#: with the folder's files, as the command gave them (:func:`wrote_folder`).
FOLDER_COMMANDS = frozenset({"dossier"})
#: The options that ask for help: given right after a command (or alone, for the program's
#: own help), the run prints the help and does nothing else.
HELP_OPTIONS = frozenset({"--help", "-h"})
#: Options that name a file to write: such a run writes besides printing.
_FILE_OPTIONS = ("--output", "--out")
#: The short option that names a file to write, alone (``-o FILE``, ``-oFILE``) or after
#: other short flags (``-wo FILE``).
_FILE_FLAG = "o"
#: Variables a shell changes as it goes that nothing here reads (the last command run,
#: the folder before the last ``cd``, how deep shells are nested).
_SHELL_ONLY = frozenset({"_", "OLDPWD", "SHLVL"})
#: Outputs larger than this are not kept.
_LARGEST = 64 * 1024 * 1024


class _Outputs(JsonCache):
    """Kept outputs by key, as bytes: a few per state (each command and its options)."""

    keep = 64
    SUFFIX = "out.z"

    def _dumps(self, value: bytes) -> bytes:
        return value

    def _loads(self, data: bytes) -> bytes:
        return data


class _Kept:
    """What a command made of one state of the repository, kept under its key: found,
    read back, and written when the state after the command is still the one before."""

    def __init__(self, what: list[str], key: str, state: tuple[Path, Path, Path], cwd: str) -> None:
        self._outputs = _Outputs(state[1] / "resvcs" / "cache" / "reads")
        self.key = key
        self._what = what
        self._state = state
        self._cwd = cwd

    @staticmethod
    def _find(
        what: list[str], cwd: str | None, *, by_folder: bool = True
    ) -> tuple[str, tuple[Path, Path, Path], str] | None:
        """(key, repository's folders, the folder in the key) of ``what`` run in ``cwd``
        (the current folder when None; part of the key unless ``by_folder`` is False),
        None when the state cannot be read for certain."""
        if located_by_environment():
            return None
        try:
            here = cwd or os.getcwd()
            found = locate(here)
            keyed = here if by_folder else ""
            key = None if found is None else _key(what, keyed, found)
        except (OSError, ValueError):
            return None
        return None if key is None or found is None else (key, found, keyed)

    def _load(self) -> bytes | None:
        data: bytes | None = self._outputs.get(self.key)
        return data

    def _store(self, *parts: bytes | bytearray) -> None:
        """Keep ``parts``, one after the other, if the state is still the one of the key."""
        try:
            after = _key(self._what, self._cwd, self._state)
        except (OSError, ValueError):
            return
        if after == self.key:
            self._outputs.put_parts(self.key, parts)


class KeptRead(_Kept):
    """One run of a reading command: the output kept for its key, and the copy of what
    it prints (:meth:`capture`) to keep for the next run (:meth:`keep`)."""

    def __init__(self, what: list[str], key: str, state: tuple[Path, Path, Path], cwd: str) -> None:
        super().__init__(what, key, state, cwd)
        self._copies: list[_Copying] = []
        #: Whether the run writes a folder (a dossier, not its help).
        self._folder_command = what[0] in FOLDER_COMMANDS and not asks_help(what)

    @classmethod
    def of(cls, args: list[str], cwd: str | None = None) -> KeptRead | None:
        """The kept read for this command line in ``cwd`` (default: the current folder),
        None for a command whose output is not kept or a state that cannot be read."""
        if not args:
            return None
        if not asks_help(args):
            if args[0] not in COMMANDS | FOLDER_COMMANDS:
                return None
            if args[0] not in FOLDER_COMMANDS and any(_writes_a_file(a) for a in args):
                return None
        found = cls._find(list(args), cwd)
        return None if found is None else cls(list(args), *found)

    def output(self) -> tuple[int, bytes, bytes, tuple[Path, dict[str, str]] | None] | None:
        """(exit code, stdout, stderr, the folder written and its files or None) kept for
        this key, None if there is none."""
        data = self._load()
        if data is None:
            return None
        head, _, rest = data.partition(b"\n")
        try:
            code, out, err, more = (int(n) for n in head.split())
        except ValueError:
            return None
        if len(rest) != out + err + more:
            return None
        folder = None
        if more:
            try:
                written = json.loads(rest[out + err :])
                folder = Path(written["folder"]), dict(written["files"])
            except (ValueError, KeyError, TypeError):
                return None
        elif self._folder_command:
            return None
        return code, rest[:out], rest[out : out + err], folder

    def capture(self) -> None:
        """Copy what is printed from now on (sys.stdout and sys.stderr, which go on
        printing as before)."""
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            buffer = getattr(stream, "buffer", None)
            if not isinstance(stream, io.TextIOWrapper) or buffer is None:
                self._copies.clear()
                return
            stream.flush()
            copy = _Copying(buffer)
            wrapped = io.TextIOWrapper(
                copy,
                encoding=stream.encoding,
                errors=stream.errors,
                line_buffering=stream.line_buffering,
                write_through=True,
            )
            setattr(sys, name, wrapped)
            self._copies.append(copy)

    def keep(self, code: int) -> None:
        """Keep what was printed, if the command succeeded and the state is still the one
        the key was made of."""
        if code != 0 or len(self._copies) != 2:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = (c.copy for c in self._copies)
        more = b""
        if self._folder_command:
            if not _WRITTEN:
                return
            folder, files = _WRITTEN[0]
            written = {"folder": str(folder.absolute()), "files": files}
            more = json.dumps(written, ensure_ascii=False).encode("utf-8")
        if len(out) + len(err) + len(more) > _LARGEST or any(c.overflow for c in self._copies):
            return
        head = b"%d %d %d %d\n" % (code, len(out), len(err), len(more))
        self._store(head, out, err, more)  # a long output not copied again


#: The folder the command wrote, with its files (:func:`wrote_folder`).
_WRITTEN: list[tuple[Path, dict[str, str]]] = []


def wrote_folder(folder: Path, files: dict[str, str]) -> None:
    """Say that the command wrote ``files`` (name → text) as the whole folder ``folder``:
    kept with its output, a later run on the same state writes them again."""
    _WRITTEN[:] = [(folder, files)]


class KeptPages(_Kept):
    """The pages of a dossier (file name → text) kept per state of the repository, the
    document asked for (``--doc``, or none) and the language (``--lang``, or none): the
    dossier of a state is the same pages whichever folder it is written to."""

    @classmethod
    def of(cls, slug: str | None, lang: str | None, cwd: str | None = None) -> KeptPages | None:
        what = ["dossier pages", slug or "", lang or ""]
        found = cls._find(what, cwd, by_folder=False)
        return None if found is None else cls(what, *found)

    def pages(self) -> dict[str, str] | None:
        """The pages kept for this key, None if there are none."""
        data = self._load()
        if data is None:
            return None
        try:
            pages = json.loads(data)
        except ValueError:
            return None
        if not isinstance(pages, dict) or not all(isinstance(v, str) for v in pages.values()):
            return None
        return pages

    def keep(self, pages: dict[str, str]) -> None:
        """Keep the pages, if the state is still the one the key was made of."""
        data = json.dumps(pages, ensure_ascii=False).encode("utf-8")
        if len(data) <= _LARGEST:
            self._store(data)


class _Copying(io.BufferedIOBase):
    """A binary stream that writes to another and keeps a copy of what it wrote."""

    def __init__(self, target: IO[bytes]) -> None:
        super().__init__()
        self._target = target
        self.copy = bytearray()
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes, /) -> int:  # type: ignore[override]
        self._target.write(data)
        self._target.flush()
        if len(self.copy) + len(data) > _LARGEST:
            self.overflow = True
        elif not self.overflow:
            self.copy += data
        return len(data)

    @property
    def name(self) -> object:
        return getattr(self._target, "name", "")

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()


def asks_help(args: list[str]) -> bool:
    """Whether the command line asks for help and nothing else: ``--help`` right after the
    command's name (where it cannot be the value of an option, and where the command
    prints its help before it reads anything), or alone."""
    if len(args) == 1:
        return args[0] in HELP_OPTIONS
    return not args[0].startswith("-") and args[1] in HELP_OPTIONS


def _writes_a_file(arg: str) -> bool:
    """Whether a word of the command line may name a file to write: a long option
    that does, or a group of short options holding one that does."""
    if arg in _FILE_OPTIONS or arg.startswith(tuple(f"{o}=" for o in _FILE_OPTIONS)):
        return True
    return arg.startswith("-") and not arg.startswith("--") and _FILE_FLAG in arg[1:]


def _key(args: list[str], cwd: str, found: tuple[Path, Path, Path]) -> str | None:
    """The digest of everything a reading command's output may depend on (see the module's
    description), None when part of it cannot be read for certain."""
    digest = _digest()

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
            digest.update(b"%d:" % len(data))
            digest.update(data)

    def add_file(path: Path) -> bool:
        """The file's contents (or that it is missing); False if it includes others."""
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            add(str(path), None)
            return True
        add(str(path), data)
        return b"[include" not in data.lower()

    worktree, git_dir, common = found
    environment = sorted(item for item in os.environ.items() if item[0] not in _SHELL_ONLY)
    add(FORMAT, args, cwd, sys.version, sys.executable, environment)
    for fd in (0, 1, 2):
        try:
            size: object = tuple(os.get_terminal_size(fd)) if os.isatty(fd) else None
        except OSError:
            size = "no terminal size"
        add(fd, size)
    add(*_code())
    add(*_tree(common / "refs"), *_tree(common / "reftable"), *_pseudo_refs(common))
    if git_dir != common:
        add(*_tree(git_dir / "refs"), *_pseudo_refs(git_dir))
    for path in (
        git_dir / "HEAD",
        git_dir / "index",
        git_dir / "resvcs-pending",
        common / "packed-refs",
        common / "shallow",
        common / "info" / "grafts",
        common / "objects" / "info" / "alternates",
    ):
        add_file(path)
    if not all(add_file(path) for path in git_settings(common, git_dir)):
        return None
    add_file(worktree / "resvcs.toml")
    add(*_tree(worktree / "drafts", depth=1))
    return digest.hexdigest()


def git_settings(common: Path, git_dir: Path) -> list[Path]:
    """The files git reads its settings from here: the repository's (and the
    worktree's), the user's (or GIT_CONFIG_GLOBAL) and the system's (unless
    GIT_CONFIG_NOSYSTEM)."""
    env = os.environ
    files = [common / "config", git_dir / "config.worktree"]
    if "GIT_CONFIG_GLOBAL" in env:
        files.append(Path(env["GIT_CONFIG_GLOBAL"]))
    else:
        home = Path(env.get("HOME") or Path.home())
        xdg = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        files += [xdg / "git" / "config", home / ".gitconfig"]
    if not env.get("GIT_CONFIG_NOSYSTEM"):
        files.append(Path(env.get("GIT_CONFIG_SYSTEM", "/etc/gitconfig")))
    return files


#: The letters of the names git reads as revisions from the top of its folder
#: (FETCH_HEAD, ORIG_HEAD, MERGE_HEAD …): capitals, "_" and "-".
_PSEUDO_REF_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-"


def _pseudo_refs(folder: Path) -> list[object]:
    """The files at the top of a git folder that git reads as revision names
    (``resvcs diff HEAD FETCH_HEAD``), by path and contents, in order."""
    entries = _listing(folder)
    if entries is None:
        return [str(folder), None]
    found: list[object] = []
    for entry in entries:
        if not entry.name.strip(_PSEUDO_REF_LETTERS) and entry.is_file(follow_symlinks=False):
            found += [entry.path, _contents(entry.path)]
    return found


def _tree(folder: Path, depth: int = 64) -> list[object]:
    """Each file under ``folder`` (to ``depth`` levels), by path and contents, in order."""
    entries = _listing(folder)
    if entries is None:
        return [str(folder), None]
    found: list[object] = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            found += [entry.path, "folder"]
            if depth > 1:
                found += _tree(Path(entry.path), depth - 1)
        else:
            found += [entry.path, _contents(entry.path)]
    return found


def _listing(folder: Path) -> list[os.DirEntry[str]] | None:
    """The entries of a folder by name, None if there is no such folder."""
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _contents(path: str) -> bytes:
    """A digest of a file's contents, read a part at a time (a draft may be megabytes)."""
    digest = _digest()
    try:
        with open(path, "rb") as f:
            while part := f.read(1 << 20):
                digest.update(part)
    except OSError:
        return b"unreadable"
    return digest.digest()


def _digest() -> Any:
    """A new BLAKE2b digest of 20 bytes."""
    from .digests import blake2b

    return blake2b(digest_size=20)


_CODE: list[object] | None = None


def _code() -> list[object]:
    """What names the code that printed an output: each file of the package (size and
    time of change) and each folder of ``sys.path`` (its time of change)."""
    global _CODE
    if _CODE is None:
        parts: list[object] = [item for entry in package_files() for item in entry]
        for entry in sys.path:
            try:
                parts += [entry, os.stat(entry or ".").st_mtime_ns]
            except OSError:
                parts += [entry, None]
        _CODE = parts
    return _CODE
