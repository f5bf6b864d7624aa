"""Git storage: the only module that runs git.

Reading goes through one ``git cat-file --batch`` process per store (objects by
name, parsed here: commits, trees, blobs) and a few plain git commands
(``rev-list``, ``config``): a command that only reads starts no heavier
machinery than that, and GitPython, which costs more to import than most
commands take to run, is loaded only for what it is used for (fetch, push and
clone).

Commits are built in the object database first (blobs, trees, commit with an
explicit author, committer and date, written as loose objects the way git
writes them; in a batch of decisions, the versions of a long text go into one
pack, each a delta against the one before) and the branch is then moved with a
compare-and-swap ``update-ref``: a process killed half-way leaves the branch
where it was, never half a commit. The index and working tree follow with a ``git checkout`` of the
paths the commit changed.

Nothing here depends on the machine's git configuration except
:meth:`Store.identity` (user.name and user.email) and commit signing
(``commit.gpgsign``), read when asked.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import unicodedata
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import InputError, NotFoundError, RepositoryError
from .frozen import frozen

if TYPE_CHECKING:
    import git

    from .cache import JsonCache
    from .pack import PackBuilder

_PERSON_RE = re.compile(r"^\s*([^<>]*?)\s*<([^<>\s]+@[^<>\s]+|[^<>\s]*)>\s*$")
_ZERO = "0" * 40
_JOURNAL = "resvcs-pending"
#: The file in a repository listing who may sign commits (git's ssh allowed-signers format).
ALLOWED_SIGNERS = "allowed_signers"
_TAG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: Revisions people type: a name (version, tag, branch, commit id) and ~N / ^N steps.
#: Stricter than git: no ``@{}``, ``:path``, ranges or globs, nothing that starts with ``-``.
_REV_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}(?:[~^][0-9]{0,6})*")
#: An identity line of a commit: "Name <email> 1700000000 +0100".
_IDENT_RE = re.compile(rb"^(.*?) ?<([^<>]*)> (-?\d+) ([+-]\d{4})")
#: Tree entry modes of files (regular, executable, symbolic link) and of folders.
_FILE_MODES = (b"100644", b"100755", b"120000")
_TREE_MODE = b"40000"
_HEX40_RE = re.compile(r"[0-9a-f]{40}")
#: A folder of loose objects: the first two hex digits of their ids.
_FANOUT_RE = re.compile(r"[0-9a-f]{2}")


@frozen
class Person:
    """Someone who acts on a repository: "Name <email>"."""

    name: str
    email: str

    @classmethod
    def parse(cls, value: str) -> Person:
        """Read "Name <email>"; a bare name is accepted with an empty email."""
        m = _PERSON_RE.match(value)
        if m and m.group(1):
            return cls(m.group(1), m.group(2))
        if value.strip() and "<" not in value and ">" not in value and "\n" not in value:
            return cls(value.strip(), "")
        raise InputError(f'Cannot read {value!r} as a person. Write it as "Name <email>"')

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name

    def same_as(self, other: Person) -> bool:
        """Whether two entries name the same person: the same name (white space
        and Unicode forms aside) and the same email (letter case aside; both may be
        empty). Who acts is claimed, not proven: signed commits prove it."""
        return _folded_name(self.name) == _folded_name(other.name) and (
            self.email.casefold() == other.email.casefold()
        )


def _folded_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


@frozen
class CommitInfo:
    """What the history says about one commit."""

    sha: str
    author: Person
    date: datetime
    message: str

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def trailers(self) -> dict[str, str]:
        """``Key: value`` lines of the message's last paragraph."""
        paragraphs = self.message.strip().split("\n\n")
        result: dict[str, str] = {}
        for line in paragraphs[-1].splitlines() if len(paragraphs) > 1 else ():
            key, sep, value = line.partition(": ")
            if sep and key and " " not in key:
                result[key] = value.strip()
        return result


@frozen
class _Commit:
    """A commit object as read: its tree, parents and what the history says of it."""

    tree: str
    parents: tuple[str, ...]
    info: CommitInfo


@dataclass
class _Batch:
    """The commits of an open :meth:`Store.batch`: the branch and the commit it started
    from, the last commit made, and each path changed (True: written, False: removed)."""

    branch: str
    base: str | None
    tip: str | None = None
    present: dict[str, bool] = field(default_factory=dict)
    #: git's index when the batch began (path → blob id), read at the first commit.
    staged: dict[str, str] | None = None
    #: The folders of ``base`` listed so far (name → blob id, None for a folder).
    folders: dict[str, dict[str, str | None]] = field(default_factory=dict)
    what: str = ""

    def __post_init__(self) -> None:
        self.tip = self.base


class _Objects:
    """One ``git cat-file --batch`` process: the objects of a repository by name
    (a commit id, ``HEAD``, ``<commit>:<path>``), read as long as the store is open."""

    def __init__(self, cwd: Path, settle: Callable[[], bool]) -> None:
        self.cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        #: Called when an object is missing: finishes writes in progress, and says
        #: whether there were any (then the object is asked for again).
        self._settle = settle

    def get(self, name: str) -> tuple[str, str, bytes] | None:
        """(object id, type, contents) of the object ``name``, None if there is none."""
        if any(c in name for c in "\n\r\0"):
            raise InputError("A path or commit holds a line break. Name it without one")
        found = self._ask(name)
        if found is None and self._settle():
            found = self._ask(name)
        return found

    def _ask(self, name: str) -> tuple[str, str, bytes] | None:
        """The object ``name`` as git has it now, None if git has none."""
        with self._lock:
            stdin, stdout = self._pipes()
            stdin.write(name.encode("utf-8") + b"\n")
            stdin.flush()
            try:
                found = _answer(stdout)
            except RepositoryError:
                self.close()
                raise
        if found is None:
            return None
        sha, kind, data = found
        return sha.decode("ascii"), kind.decode("ascii"), data

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        if self._proc is None:
            self._proc = _cat_file(self.cwd)
        assert self._proc.stdin is not None and self._proc.stdout is not None
        return self._proc.stdin, self._proc.stdout

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
            proc.wait()


def _cat_file(cwd: Path) -> subprocess.Popen[bytes]:
    """A ``git cat-file --batch`` process: object names in, objects out."""
    return subprocess.Popen(
        # Git keeps up to 96 MB of delta bases by default: reading every
        # version of a long draft, that is more than resvcs itself needs.
        ["git", "-c", "core.deltaBaseCacheLimit=16m", "cat-file", "--batch"],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=git_environment(),
    )


def _answer(stdout: IO[bytes]) -> tuple[bytes, bytes, bytes] | None:
    """One answer of ``git cat-file --batch``: (object id, type, contents), None for an
    object git does not have."""
    header = stdout.readline()
    if not header:
        raise RepositoryError("git stopped while reading the repository. Check it with 'git fsck'")
    if header.endswith((b" missing\n", b" ambiguous\n")):
        return None
    sha, kind, size = header.split()
    data = stdout.read(int(size))
    stdout.read(1)  # the line break after it (read apart: a long text is not copied again)
    return sha, kind, data


def _send(pipe: IO[bytes], data: bytes) -> None:
    """Write ``data`` and close the pipe; a reader that went away stops it quietly."""
    try:
        with pipe:
            pipe.write(data)
    except (BrokenPipeError, ValueError):
        pass


#: Loose objects after which :meth:`Store.housekeep` packs them when git's settings do
#: not say (``gc.auto``). git's own default, 6,700, suits commits that store a few
#: changed lines; a resvcs commit stores each changed document whole.
PACK_AFTER = 512
#: Files from this size on go into the batch's pack as soon as they are written
#: (each version a delta against the one before: only the newest is kept whole in
#: memory); smaller objects are held as they are until the batch is written.
_PACK_BYTES = 16 * 1024
#: A batch that wrote this many objects or more puts them all into one pack (each
#: decision writes a record, a few trees and a commit: a hundred decisions would
#: leave 500 small loose objects, which git's housekeeping would soon pack again);
#: fewer, none of them a delta, are written as loose objects, without starting
#: ``git index-pack``.
_PACK_OBJECTS = 64

#: How many first parents :meth:`Store.last_change` compares before it asks git.
_WALK_PARENTS = 8


#: How many folders listed at commits :class:`Store` keeps.
_KEEP_FOLDERS = 16
#: How many first parents :meth:`Store.history_count` looks through for a count it kept
#: (a batch of decisions makes one commit each).
_WALK_COUNTS = 64


class Store:
    """A git repository seen as files at commits."""

    def __init__(self, root: Path, git_dir: Path, bare: bool = False) -> None:
        self.root = root
        self.git_dir = git_dir
        self._objects_dir = os.fspath(git_dir / "objects")
        self.bare = bare
        #: While building on another commit (see :meth:`building_on`): the tip so far.
        self._building: str | None = None
        self._objects = _Objects(git_dir if bare else root, self._settle_writes)
        #: While a batch goes on, its large files, not written yet (see :meth:`_store`),
        #: and their ids (each with the path whose version it is).
        self._pack: PackBuilder | None = None
        self._packed: dict[bytes, str] = {}
        #: While a batch goes on, the other objects it wrote (commits, trees, small
        #: files), by id: (kind, contents, chain), read from here until they are
        #: written (:meth:`_settle_writes`).
        self._held: dict[bytes, tuple[str, bytes, str | None]] = {}
        self._pack_lock = threading.Lock()
        self._commits: dict[str, _Commit] = {}
        #: (commit id, folder) → the folder's entries, for the last few folders listed
        #: at commits named by their id (whose trees never change): see :meth:`_entries`.
        self._folders: dict[tuple[str, str], list[tuple[bytes, str, str]]] = {}
        #: (commit, paths) → the commits that changed them, as :meth:`history_of` found.
        self._histories: dict[tuple[str, tuple[str, ...]], list[CommitInfo]] = {}
        self._config: dict[str, str] | None = None
        self._history_counts: JsonCache | None = None
        #: path → (the commit, :meth:`history_count` there): the last counted, carried on to
        #: the commits this store makes on it, and kept when the branch moves to one.
        self._counted: dict[str, tuple[str, int]] = {}
        #: git's index as last listed: (the index file's inode, size and time, path → blob).
        self._index: tuple[tuple[int, int, int], dict[str, str]] | None = None
        self._repo: git.Repo | None = None
        #: Whether objects were written since the last :meth:`housekeep`.
        self._wrote = False
        #: While a :meth:`batch` is open: its commits so far.
        self._batch: _Batch | None = None

    @property
    def repo(self) -> git.Repo:
        """GitPython's view of the repository, opened when first needed (fetch, push)."""
        if self._repo is None:
            import git

            self._repo = git.Repo(self.git_dir if self.bare else self.root)
        return self._repo

    @classmethod
    def init(cls, path: Path) -> Store:
        """Open the git repository at ``path``, creating it (branch ``main``) if there is none."""
        path.mkdir(parents=True, exist_ok=True)
        found = _locate(path)
        if found is None or found[0].resolve() != path.resolve():
            _git(path, "init", "-q")
            _git(path, "symbolic-ref", "HEAD", "refs/heads/main")
            found = _locate(path)
            assert found is not None
        return cls(*found)

    @classmethod
    def discover(cls, path: Path) -> Store:
        """The git repository containing ``path``."""
        found = _locate(path)
        if found is None:
            raise RepositoryError(
                f"{path} is not inside a resolution repository. "
                "Create one with 'resvcs init' or change to its folder"
            )
        return cls(*found)

    def close(self) -> None:
        """Write what is left to write; stop the git helper processes this store started."""
        self._settle_writes()
        self._objects.close()
        if self._repo is not None:
            self._repo.close()

    def _git(self, *args: str, stdin: bytes | None = None, ids_only: bool = False) -> bytes:
        """Run git in this repository; its output (RepositoryError if it fails).
        ``ids_only``: the command reads no file's contents (it compares the ids of
        trees and blobs), so it runs while a batch's pack of long files is still
        being built (the commits and trees a batch holds are written first)."""
        if not ids_only or self._held:
            self._settle_writes()
        return _git(self.git_dir if self.bare else self.root, *args, stdin=stdin)

    # -- reading -----------------------------------------------------------

    def head(self) -> str | None:
        """The commit the current branch points at, None before the first commit
        (while :meth:`building_on` another commit: the tip being built)."""
        if self._building is not None:
            return self._building
        if self._batch is not None:
            return self._batch.tip
        found = self._objects.get("HEAD")
        return found[0] if found is not None and found[1] == "commit" else None

    def _get(self, name: str) -> tuple[str, str, bytes] | None:
        """(object id, type, contents) of the object ``name`` (an object id or
        ``<commit>:<path>``), None if there is none; objects an open batch holds
        are read from memory, without writing them first."""
        if self._held:
            held, found = self._held_object(name)
            if held:
                return found
        return self._objects.get(name)

    def _held_object(self, name: str) -> tuple[bool, tuple[str, str, bytes] | None]:
        """Whether a batch holds the object ``name``, and the object (None: there is
        no such path at the commit it holds). A path at a commit the batch holds is
        looked up tree by tree, each tree from memory or from git."""
        commit, colon, path = name.partition(":")
        if not _HEX40_RE.fullmatch(commit):
            return False, None
        with self._pack_lock:
            held = self._held.get(bytes.fromhex(commit))
        if held is None:
            return False, None
        kind, data, _ = held
        if not colon:
            return True, (commit, kind, data)
        if kind != "commit":
            return False, None
        sha = _parse_commit(commit, data).tree
        for part in (p.encode("utf-8") for p in path.split("/") if p):
            found = self._get(sha)
            if found is None or found[1] != "tree":
                return True, None
            entry = next((e for e in _tree_entries(found[2]) if e[1] == part), None)
            if entry is None:
                return True, None
            sha = entry[2].hex()
        return True, self._get(sha)

    def resolve(self, rev: str) -> str:
        """The commit a revision name points at (a commit id, tag, branch, HEAD~2 ...)."""
        base = re.sub(r"(?:[~^][0-9]*)+$", "", rev)
        if not _REV_RE.fullmatch(rev) or not is_ref_name(base):
            raise InputError(
                f"{rev!r} is not a revision name. Use v1, v2 ..., a tag or a commit id"
            )
        found = self._objects.get(f"{rev}^{{commit}}")
        if found is None or found[1] != "commit":
            raise NotFoundError(
                f"No version or commit {rev!r}. List versions with 'resvcs log' or 'git log'"
            )
        return found[0]

    def read(self, commit: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, bytes) of ``path`` at ``commit``, None if it is not there."""
        found = self._get(f"{commit}:{path}")
        if found is None or found[1] != "blob":
            return None
        return found[0], found[2]

    def read_ahead(self, blobs: Sequence[str]) -> Generator[bytes | None, None, None]:
        """The contents of the blobs named by the ids ``blobs``, in order (None for one
        git does not have), from a git process of their own that puts each one together
        while the one before is being used: reading every version of a long draft, git's
        work then runs beside the reader's. Close the iterator to stop early."""
        if not blobs:
            return
        if any(not _HEX40_RE.fullmatch(blob) for blob in blobs):
            raise InputError("A blob id is not 40 hexadecimal digits. Name blobs by their ids")
        self._settle_writes()
        proc = _cat_file(self.git_dir if self.bare else self.root)
        assert proc.stdin is not None and proc.stdout is not None
        names = "".join(f"{blob}\n" for blob in blobs).encode("ascii")
        # Written from a thread: a long list fills the pipe while git waits for its
        # answers to be read.
        threading.Thread(target=_send, args=(proc.stdin, names), daemon=True).start()
        try:
            for _ in blobs:
                found = _answer(proc.stdout)
                yield found[2] if found is not None and found[1] == b"blob" else None
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.stdout.close()
            proc.wait()

    def blob_id(self, commit: str, path: str) -> str | None:
        """The blob id of ``path`` at ``commit`` (without reading it), None if it is not there."""
        folder, _, name = path.rpartition("/")
        # Read from the folder's tree (small), not the blob (a draft may be megabytes).
        for mode, entry, sha in self._entries(commit, folder):
            if entry == name:
                return sha if mode in _FILE_MODES else None
        return None

    def blob_ids_at(self, places: Sequence[tuple[str, str]]) -> list[str | None]:
        """The blob id of ``path`` at ``commit`` for many (commit, path) places,
        None where there is none; read in one git process, without the blobs."""
        if not places:
            return []
        names = "".join(f"{commit}:{path}\n" for commit, path in places)
        if any(c in commit + path for commit, path in places for c in "\n\r\0"):
            raise InputError("A path or commit holds a line break. Name it without one")
        output = self._git("cat-file", "--batch-check", stdin=names.encode("utf-8"))
        found: list[str | None] = []
        for line in output.decode("utf-8").splitlines():
            parts = line.split()
            found.append(parts[0] if len(parts) == 3 and parts[1] == "blob" else None)
        return found

    def _entries(self, commit: str, folder: str) -> list[tuple[bytes, str, str]]:
        """(mode, name, object id) of each entry of ``folder`` at ``commit`` (not to be
        changed: the last few listed at a commit named by its id are kept, as reading a
        history asks for the same folders of a commit and its parent again)."""
        key = (commit, folder)
        kept = self._folders.get(key)
        if kept is not None:
            return kept
        found = self._get(f"{commit}:{folder}")
        if found is None or found[1] != "tree":
            return []
        entries = [
            (mode, name.decode("utf-8", "surrogateescape"), sha.hex())
            for mode, name, sha in _tree_entries(found[2])
        ]
        if _HEX40_RE.fullmatch(commit):
            folders = self._folders
            folders[key] = entries
            if len(folders) > _KEEP_FOLDERS:
                del folders[next(iter(folders))]
        return entries

    def list_dir(self, commit: str | None, folder: str) -> list[str]:
        """Names of the files directly in ``folder`` at ``commit``."""
        if commit is None:
            return []
        return sorted(
            name for mode, name, _ in self._entries(commit, folder) if mode in _FILE_MODES
        )

    def blob_ids(self, commit: str, folder: str) -> list[tuple[str, str]]:
        """(name, blob id) of each file directly in ``folder`` at ``commit``."""
        return [
            (name, sha) for mode, name, sha in self._entries(commit, folder) if mode in _FILE_MODES
        ]

    def iter_blobs(self, commit: str, folder: str) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of each file directly in ``folder`` at ``commit``."""
        for name, sha in self.blob_ids(commit, folder):
            yield name, self.blob(sha)

    def blob(self, sha: str) -> bytes:
        found = self._get(sha)
        if found is None:
            raise RepositoryError(
                f"The object {sha[:12]} is missing. Check the repository with 'git fsck'"
            )
        return found[2]

    def folder_id(self, commit: str, folder: str) -> str | None:
        """The tree id of ``folder`` at ``commit`` (equal ids: equal contents), None if absent."""
        found = self._get(f"{commit}:{folder}")
        return found[0] if found is not None and found[1] == "tree" else None

    def _commit(self, sha: str) -> _Commit:
        known = self._commits.get(sha)
        if known is not None:
            return known
        found = self._get(sha)
        if found is None or found[1] != "commit":
            raise NotFoundError(f"No commit {sha[:12]}. List versions with 'resvcs log'")
        parsed = _parse_commit(found[0], found[2])
        self._commits[found[0]] = parsed
        return parsed

    def _rev_list(self, *args: str) -> list[CommitInfo]:
        """The commits ``git rev-list ARGS`` names, oldest first."""
        out = self._git("rev-list", *args, ids_only=True).decode("ascii").split()
        out.reverse()
        return [self._commit(sha).info for sha in out]

    def history(self, path: str, rev: str | None = None) -> list[CommitInfo]:
        """Commits that changed ``path`` on the first-parent line of ``rev``, oldest first."""
        return self.history_of([path], rev)

    def history_of(self, paths: Iterable[str], rev: str | None = None) -> list[CommitInfo]:
        """Commits that changed any of ``paths`` on the first-parent line, oldest first."""
        head = rev or self.head()
        if head is None:
            return []
        paths = tuple(paths)
        if not _HEX40_RE.fullmatch(head):
            return self._rev_list("--first-parent", head, "--", *paths)
        # A commit's history never changes: asked again (a command reads the versions
        # before and while it writes), it is not asked of git again.
        key = (head, paths)
        if key not in self._histories:
            found = self._history_from_known(head, paths)
            if found is None:
                found = self._rev_list("--first-parent", head, "--", *paths)
            if len(self._histories) >= 64:  # a long-lived store keeps the recent ones
                self._histories.clear()
            self._histories[key] = found
        return list(self._histories[key])

    def history_count(self, path: str, rev: str | None = None) -> int:
        """How many commits :meth:`history` gives for ``path`` and ``rev``: counted by git
        without reading them (a long history's commits are not read to count them), or
        from the history this store has found already."""
        head = rev or self.head()
        if head is None:
            return 0
        known = self._histories.get((head, (path,)))
        if known is not None:
            return len(known)
        table = self._counts()
        found = self._count_from_kept(table, path, head)
        if found is None:
            out = self._git(
                "rev-list", "--count", "--first-parent", head, "--", path, ids_only=True
            )
            found = int(out), True
        if found[1]:
            table.put(_count_key(path, head), found[0])
        self._counted[path] = head, found[0]
        return found[0]

    def _keep_counts(self, sha: str) -> None:
        """Keep the counts carried to ``sha`` (the branch's new commit): the next
        command counts on from there."""
        for path, (at, count) in self._counted.items():
            if at == sha:
                self._counts().put(_count_key(path, sha), count)

    def _count_on(self, parent: str | None, sha: str) -> None:
        """Carry the counts of :meth:`history_count` from ``parent`` to the commit ``sha``
        this store made on it (one parent: it counts if it changed the path)."""
        for path, (at, count) in list(self._counted.items()):
            if at == parent:
                changed = self._entry(sha, path) != self._entry(at, path)
                self._counted[path] = sha, count + changed

    def _counts(self) -> JsonCache:
        """How many commits :meth:`history` gives, by path and commit, in
        ``.git/resvcs/cache/history``: a commit's first-parent line never changes."""
        if self._history_counts is None:
            from .cache import JsonCache

            self._history_counts = JsonCache(self.git_dir / "resvcs" / "cache" / "history", 64)
        return self._history_counts

    def _count_from_kept(self, table: JsonCache, path: str, head: str) -> tuple[int, bool] | None:
        """:meth:`history_count` from the count kept for ``head`` or for a commit a few
        first parents before it (adding those after it that changed ``path``); and
        whether ``head``'s count is still to be kept. None when git is to count them:
        none kept on the way, a merge on the way (git tells whether it changed the path),
        or a history git reads otherwise (a shallow clone, grafts)."""
        if not _HEX40_RE.fullmatch(head) or any(c in path for c in "*?[\\:"):
            return None
        common = self._common_dir()
        if (common / "shallow").exists() or (common / "info" / "grafts").exists():
            return None
        changes, sha = 0, head
        for _ in range(_WALK_COUNTS):
            kept = table.get(_count_key(path, sha))
            if isinstance(kept, int) and not isinstance(kept, bool):
                return kept + changes, sha != head
            parents = self._commit(sha).parents
            if len(parents) > 1:
                return None
            entry = self._entry(sha, path)
            if not parents:
                return changes + (entry is not None), True
            changes += self._entry(parents[0], path) != entry
            sha = parents[0]
        return None

    def _common_dir(self) -> Path:
        """The git folder that linked worktrees share (the git folder itself if none)."""
        from .discovery import common_dir

        try:
            return common_dir(self.git_dir)
        except OSError:
            return self.git_dir

    def last_change(self, path: str, rev: str) -> str | None:
        """The last commit of :meth:`history` for ``path`` and ``rev`` (the newest on the
        first-parent line from ``rev`` that changed it), None if none did: found by
        comparing a few commits with their parents (a decision is usually right after
        the version it decides on), else asked of git, without reading the others."""
        known = self._histories.get((rev, (path,)))
        if known is not None:
            return known[-1].sha if known else None
        sha = rev
        if _HEX40_RE.fullmatch(rev) and not any(c in path for c in "*?[\\:"):
            for _ in range(_WALK_PARENTS):
                parents = self._commit(sha).parents
                if len(parents) > 1:
                    break  # a merge: git tells whether it changed the path
                entry = self._entry(sha, path)
                if not parents:
                    return sha if entry is not None else None
                if self._entry(parents[0], path) != entry:
                    return sha
                sha = parents[0]
        out = self._git("rev-list", "-1", "--first-parent", sha, "--", path, ids_only=True)
        return out.decode("ascii").strip() or None

    def _history_from_known(self, head: str, paths: tuple[str, ...]) -> list[CommitInfo] | None:
        """The history of ``paths`` up to commit ``head`` from one already asked of git,
        without asking again: a commit on that history's line has the history up to it
        (a first-parent line from it is the end of the line through it); a commit with
        one parent whose history is known has that history, and itself if it changes
        one of the paths (a command asks for the history before it writes a commit and
        again after). None when neither is known, or for paths git would read as
        patterns: git is asked."""
        if any(c in path for path in paths for c in "*?[\\:") or "" in paths:
            return None
        for (_, known_paths), known in list(self._histories.items()):
            if known_paths == paths:
                for i, info in enumerate(known):
                    if info.sha == head:
                        return known[: i + 1]
        commit = self._commit(head)
        if len(commit.parents) != 1:
            return None
        parent = commit.parents[0]
        before = self._histories.get((parent, paths))
        if before is None:
            return None
        changed = any(self._entry(head, p) != self._entry(parent, p) for p in paths)
        return [*before, commit.info] if changed else list(before)

    def _entry(self, commit: str, path: str) -> tuple[bytes, str] | None:
        """(mode, object id) of the file or folder ``path`` at ``commit``, None if absent."""
        folder, _, name = path.rstrip("/").rpartition("/")
        for mode, entry, sha in self._entries(commit, folder):
            if entry == name:
                return mode, sha
        return None

    def with_trailer(self, key: str) -> list[CommitInfo]:
        """Commits on the first-parent line whose message has a ``key: …`` line,
        oldest first (found by git's grep: such a commit may change no file)."""
        head = self.head()
        if head is None or not re.fullmatch(r"[A-Za-z][A-Za-z-]*", key):
            return []
        found = self._rev_list("--first-parent", f"--grep=^{key}: ", head)
        return [i for i in found if key in i.trailers]

    def adoptions(self, slug: str) -> list[CommitInfo]:
        """Adoption commits of a document on the first-parent line, oldest first
        (found by their trailer: an adoption may change no file)."""
        head = self.head()
        if head is None:
            return []
        found = self._rev_list("--first-parent", "--grep=^Resvcs-Action: adoption$", head)
        return [i for i in found if i.trailers.get("Resvcs-Document") == slug]

    def signature_problem(self, sha: str) -> str | None:
        """Why ``sha`` is not signed by a key in the repository's ``allowed_signers``
        file (git's own verification), or None if it is."""
        signers = self.root / ALLOWED_SIGNERS
        done = subprocess.run(
            ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", sha],
            cwd=self.root,
            capture_output=True,
            env=git_environment(),
        )
        if done.returncode != 0:
            return _first_line(done.stderr) or "no signature"
        return None

    def commit_info(self, sha: str) -> CommitInfo:
        return self._commit(sha).info

    def first_parent(self, sha: str) -> str | None:
        parents = self._commit(sha).parents
        return parents[0] if parents else None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        done = subprocess.run(
            ["git", "merge-base", "--is-ancestor", ancestor, descendant],
            cwd=self.git_dir if self.bare else self.root,
            capture_output=True,
            env=git_environment(),
        )
        return done.returncode == 0

    def housekeep(self) -> None:
        """Pack the objects that writing left loose, as git's own writing commands do.

        resvcs writes its objects itself, so git's automatic housekeeping never ran
        and every version of every document stayed a loose, whole object. After a
        command that wrote, ``git gc --auto`` runs here: once there are many loose
        objects it packs them (as deltas of each other), once there are many packs it
        makes one of them. In the foreground (not detached: nothing is left running)
        and under the repository lock (no other resvcs command writes meanwhile;
        readers go on, git packs before it deletes). ``gc.auto`` in git's settings
        says after how many loose objects (0: never); unset, ``PACK_AFTER``. A
        failure leaves what was written as it was, and is not an error of the command.
        """
        if not self._wrote:
            return
        self._wrote = False
        try:
            self._housekeep()
        finally:
            # The settings the write read served here too; the next write reads them
            # again (a long-lived store, the web app's, sees them change).
            self._config = None

    def _housekeep(self) -> None:
        try:
            limit = int(self.config("gc.auto") or PACK_AFTER)
            pack_limit = int(self.config("gc.autopacklimit") or 50)
        except ValueError:
            limit, pack_limit = PACK_AFTER, 50
        if limit <= 0:
            return  # git never collects then
        loose, packs = self._object_counts()
        if loose < limit and not (pack_limit > 0 and packs > pack_limit):
            return
        settings = ["-c", "gc.autoDetach=false"]
        if self.config("gc.auto") is None:
            settings += ["-c", f"gc.auto={PACK_AFTER}"]
        try:
            self._git(*settings, "gc", "--auto", "--quiet")
            # git gc --auto guesses the loose objects from the one folder objects/17,
            # and by chance may not see 1,300 of them: it packs them when it sees them
            # (and prunes, and makes one pack of many); what it left is packed here.
            if self._object_counts()[0] >= limit:
                self._git("repack", "-d", "-l", "-q")
        except RepositoryError:
            pass

    def _object_counts(self) -> tuple[int, int]:
        """(loose objects, packs), counted without starting git: the folders of loose
        objects there are (of the 256 ``00`` … ``ff``) listed, the packs in objects/pack."""
        objects = os.fspath(self.git_dir / "objects")
        loose = packs = 0
        try:
            folders = [name for name in os.listdir(objects) if _FANOUT_RE.fullmatch(name)]
        except OSError:
            folders = []
        for folder in folders:
            try:
                loose += sum(1 for name in os.listdir(f"{objects}/{folder}") if len(name) == 38)
            except OSError:
                continue
        try:
            packs = sum(1 for name in os.listdir(f"{objects}/pack") if name.endswith(".pack"))
        except OSError:
            pass
        return loose, packs

    def config(self, key: str) -> str | None:
        """A setting of git's configuration as git reads it here (``user.name``), the last
        one given when several are; None when it is not set."""
        if self._config is None:
            self._config = _kept_config(
                self.git_dir if self.bare else self.root, self.git_dir, self._common_dir()
            )
        return self._config.get(key)

    def identity(self) -> Person | None:
        """user.name and user.email from git's configuration, if set."""
        name = self.config("user.name") or ""
        return Person(name, self.config("user.email") or "") if name else None

    def tag_targets(self) -> dict[str, str]:
        """Every tag's name and the commit it points at."""
        out = self._git(
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(*objectname)%00%(objectname)",
            "refs/tags",
        )
        tags = {}
        for line in out.decode("utf-8", "surrogateescape").splitlines():
            name, peeled, target = line.split("\0")
            tags[name] = peeled or target
        return tags

    def local_changes(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` whose working-tree file or staged entry differs from
        the last commit (edits nobody has committed yet)."""
        if self.bare:
            return []
        paths = list(paths)
        return self._dirty(paths, self.head(), self._staged(paths))

    def _staged(self, paths: Sequence[str] | None) -> dict[str, str]:
        """Path → the blob id git's index holds for it, for ``paths`` (None: every path).

        The whole index is listed by one git process, and listed again only when the
        index file is another (git replaces it whole: another inode, size or time): a
        command that checks for edits before it writes and again as it writes asks
        git once."""
        try:
            info = (self.git_dir / "index").stat()
            key: tuple[int, int, int] | None = (info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            key = None
        if key is not None and self._index is not None and self._index[0] == key:
            listing = self._index[1]
        else:
            # git's own index file, unless the environment names another.
            found = None
            if key is not None and "GIT_INDEX_FILE" not in os.environ:
                found = _read_index(self.git_dir / "index")
            if found is None:
                out = self._git("--literal-pathspecs", "ls-files", "-s", "-z", ids_only=True)
                found = {}
                for entry in out.split(b"\0"):
                    if entry:
                        meta, _, name = entry.partition(b"\t")
                        found[name.decode("utf-8", "surrogateescape")] = meta.split()[1].decode()
            listing = found
            self._index = (key, listing) if key is not None else None
        if paths is None:
            return dict(listing)
        return {path: listing[path] for path in paths if path in listing}

    def _dirty(
        self,
        paths: Iterable[str],
        head: str | None,
        staged: Mapping[str, str],
        folders: dict[str, dict[str, str | None]] | None = None,
    ) -> list[str]:
        """Those of ``paths`` whose file or entry in ``staged`` differs from ``head``.
        ``folders`` keeps the folders of ``head`` listed (name → blob id) from one call
        to the next with the same ``head``: a batch's commits list each folder once."""
        folders = {} if folders is None else folders
        dirty = []
        for path in paths:
            # Compared by blob id: the committed text is not read, the file is hashed
            # a block at a time (a long draft is neither held twice nor sent by git).
            blob = None
            if head:
                folder, _, name = path.rpartition("/")
                if folder not in folders:
                    folders[folder] = {
                        entry: sha if mode in _FILE_MODES else None
                        for mode, entry, sha in self._entries(head, folder)
                    }
                blob = folders[folder].get(name)
            file = self.root / path
            if blob is None:
                if file.exists() or path in staged:
                    dirty.append(path)
                continue
            if staged.get(path) != blob or not file.is_file() or _file_blob_id(file) != blob:
                dirty.append(path)
        return dirty

    def _branch_ref(self) -> str | None:
        """The branch HEAD names ("refs/heads/main"), None when HEAD is detached.

        Read from the file HEAD (a line "ref: refs/heads/main", or a commit id when
        detached) without a git process; anything else is asked of git."""
        try:
            text = (self.git_dir / "HEAD").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        ref = text.removeprefix("ref: ").strip()
        if text.startswith("ref: ") and ref.startswith("refs/heads/") and is_ref_name(ref):
            return ref
        if re.fullmatch(r"[0-9a-f]{40}\n?", text):
            return None
        done = subprocess.run(
            ["git", "symbolic-ref", "-q", "HEAD"],
            cwd=self.git_dir if self.bare else self.root,
            capture_output=True,
            env=git_environment(),
        )
        return done.stdout.decode("utf-8").strip() or None if done.returncode == 0 else None

    # -- writing -----------------------------------------------------------

    def commit(
        self,
        changes: Mapping[str, bytes | None],
        message: str,
        author: Person,
        date: datetime | None = None,
        *,
        overwrite: Iterable[str] = (),
    ) -> str:
        """One commit that writes (bytes) or removes (None) these paths; returns its id.

        Raises RepositoryError, and changes nothing, if the branch moved meanwhile
        or a path has uncommitted edits, except the paths in ``overwrite``: files
        whose edits the commit itself was made from.
        """
        if self._counted:
            parent = self.head()
            sha = self._write_commit(changes, message, author, date, overwrite)
            self._count_on(parent, sha)
            if self._batch is None and self._building is None:
                self._keep_counts(sha)  # the branch moved to it
            return sha
        return self._write_commit(changes, message, author, date, overwrite)

    def _write_commit(
        self,
        changes: Mapping[str, bytes | None],
        message: str,
        author: Person,
        date: datetime | None,
        overwrite: Iterable[str],
    ) -> str:
        if self._building is not None:
            self._building = self._make_commit(self._building, changes, message, author, date)
            return self._building
        if self._batch is not None:
            return self._batch_commit(self._batch, changes, message, author, date, overwrite)
        branch = self._branch_ref()
        if branch is None:
            raise RepositoryError("HEAD is detached. Check out a branch first (git switch main)")
        dirty = [p for p in self.local_changes(changes) if p not in set(overwrite)]
        if dirty:
            path = dirty[0]
            raise RepositoryError(
                f"{path} has changes that are not committed. Commit them with git "
                f"(git add {path} && git commit), or undo them (git checkout HEAD -- {path}), "
                "then run the command again"
            )
        parent = self.head()
        new_sha = self._make_commit(parent, changes, message, author, date)
        present = {path: data is not None for path, data in changes.items()}
        self._publish(branch, parent, new_sha, list(changes), message.splitlines()[0], present)
        return new_sha

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Commits made inside the block are chained in the object database, each on
        the one before, and the branch, git's index and the files move once, to the
        last of them, when the block ends (also when it ends with an error: what was
        committed stays committed). The history is the same as of commits made one by
        one; a process killed inside the block leaves the branch where it was.

        For a series of commits under the repository lock (deciding many amendments):
        each commit's paths are checked for uncommitted edits as :meth:`commit` does,
        and git runs once for the batch, not for each commit. Inside a batch or
        :meth:`building_on`, a nested batch is part of the outer one."""
        if self._batch is not None or self._building is not None or self.bare:
            yield
            return
        branch = self._branch_ref()
        if branch is None:
            raise RepositoryError("HEAD is detached. Check out a branch first (git switch main)")
        batch = _Batch(branch, self.head())
        self._batch = batch
        try:
            yield
        finally:
            self._batch = None
            self._settle_writes()  # every object is in the repository before the branch moves
            if batch.tip != batch.base:
                assert batch.tip is not None
                paths = list(batch.present)
                self._publish(branch, batch.base, batch.tip, paths, batch.what, batch.present)

    def _batch_commit(
        self,
        batch: _Batch,
        changes: Mapping[str, bytes | None],
        message: str,
        author: Person,
        date: datetime | None,
        overwrite: Iterable[str],
    ) -> str:
        skip = set(overwrite)
        new_paths = [p for p in changes if p not in batch.present and p not in skip]
        if new_paths:
            if batch.staged is None:
                batch.staged = self._staged(None)
            dirty = self._dirty(new_paths, batch.base, batch.staged, batch.folders)
            if dirty:
                path = dirty[0]
                raise RepositoryError(
                    f"{path} has changes that are not committed. Commit them with git "
                    f"(git add {path} && git commit), or undo them (git checkout HEAD -- "
                    f"{path}), then run the command again"
                )
        batch.tip = self._make_commit(batch.tip, changes, message, author, date)
        for path, data in changes.items():
            batch.present.pop(path, None)  # keep the order of last change
            batch.present[path] = data is not None
        batch.what = message.splitlines()[0]
        return batch.tip

    def _publish(
        self,
        branch: str,
        old: str | None,
        new: str,
        paths: list[str],
        what: str,
        present: Mapping[str, bool] | None = None,
    ) -> None:
        """Move ``branch`` from ``old`` to ``new`` and bring ``paths`` up to date.

        A journal (.git/resvcs-pending) names the move while it happens, so that
        if the process is killed between moving the branch and updating the
        files, :meth:`recover` finishes the job; before the move, nothing changed.
        """
        journal = self.git_dir / _JOURNAL
        _write_atomically(journal, "\n".join([old or _ZERO, new, *paths]) + "\n")
        try:
            self._git("update-ref", "-m", f"resvcs: {what}", branch, new, old or _ZERO)
        except RepositoryError:
            journal.unlink(missing_ok=True)
            raise RepositoryError(
                "The repository changed while this command ran. Run the command again"
            ) from None
        if present is None:
            self._sync_paths(new, paths)
        else:
            self._sync_worktree(new, {p: (b"" if present[p] else None) for p in paths})
        journal.unlink(missing_ok=True)
        self._keep_counts(new)

    def recover(self) -> None:
        """Finish a move that a killed command left half-done (see :meth:`_publish`).

        Called with the repository lock held, so no other resvcs command is writing.
        """
        journal = self.git_dir / _JOURNAL
        try:
            lines = journal.read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return
        if len(lines) < 2 or self._branch_ref() is None:
            journal.unlink(missing_ok=True)
            return
        new, paths = lines[1], [p for p in lines[2:] if p]
        # git's own index lock, if the killed command left it, is stale too.
        (self.git_dir / "index.lock").unlink(missing_ok=True)
        if self.head() == new:
            self._sync_paths(new, paths)
        journal.unlink(missing_ok=True)

    def _sync_paths(self, new: str, paths: list[str]) -> None:
        present = set(self.paths(new, paths)) if paths else set()
        self._sync_worktree(new, {p: (b"" if p in present else None) for p in paths})

    def _make_commit(
        self,
        parent: str | None,
        changes: Mapping[str, bytes | None],
        message: str,
        author: Person,
        date: datetime | None,
    ) -> str:
        """A commit object on ``parent`` with these changes; no ref or file is touched."""
        base_tree = bytes.fromhex(self._commit(parent).tree) if parent else None
        nested: dict[tuple[bytes, ...], bytes | None] = {
            tuple(os.fsencode(part) for part in path.split("/")): data
            for path, data in changes.items()
        }
        tree = self._tree_with(base_tree, nested) or self._store("tree", b"")
        when = (date or datetime.now(UTC)).astimezone(UTC)
        # The commit object is written here, as git writes it, with an explicit
        # author, committer and date (nothing comes from the machine's settings).
        if self._signs():
            self._settle_writes()  # git signs it: the tree and the parent must be there
            return self._signed_commit(tree.hex(), parent, message, author, when)
        person = f"{_clean(author.name)} <{_clean(author.email)}> {int(when.timestamp())} +0000"
        lines = [f"tree {tree.hex()}"]
        if parent:
            lines.append(f"parent {parent}")
        lines += [f"author {person}", f"committer {person}", "", message]
        return self._store("commit", "\n".join(lines).encode("utf-8")).hex()

    def _signs(self) -> bool:
        """Whether commits are to be signed: git's own ``commit.gpgsign`` setting."""
        value = (self.config("commit.gpgsign") or "false").lower()
        return value in ("true", "yes", "on", "1")

    def _signed_commit(
        self, tree: str, parent: str | None, message: str, author: Person, when: datetime
    ) -> str:
        """The same commit object, signed by git (``commit-tree -S``) with the key and
        format git is set up with (``user.signingkey``, ``gpg.format``)."""
        stamp = f"{int(when.timestamp())} +0000"
        env = {
            "GIT_AUTHOR_NAME": _clean(author.name),
            "GIT_AUTHOR_EMAIL": _clean(author.email),
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": _clean(author.name),
            "GIT_COMMITTER_EMAIL": _clean(author.email),
            "GIT_COMMITTER_DATE": stamp,
        }
        args = ["git", "--git-dir", str(self.git_dir), "commit-tree", "-S", tree]
        if parent:
            args += ["-p", parent]
        done = subprocess.run(
            [*args, "-F", "-"],
            input=message.encode("utf-8"),
            env=git_environment(env),
            capture_output=True,
        )
        if done.returncode != 0:
            reason = _first_line(done.stderr.decode("utf-8", "replace"))
            raise RepositoryError(
                f"git could not sign the commit ({reason}). Check user.signingkey and "
                "gpg.format in git's settings, or turn commit.gpgsign off"
            )
        return done.stdout.decode("ascii").strip()

    def _store(self, kind: str, data: bytes, chain: str | None = None) -> bytes:
        """Write one object as a loose object, as git and GitPython's object database do
        (in process: no git child per object); its binary id.

        In a batch, a large file (``chain``: its path) goes into the batch's pack
        instead, a delta against its version before: it is in the repository once
        :meth:`_settle_writes` has run, which happens before the branch moves and
        before anything reads it."""
        from .digests import sha1

        # The header and the contents are hashed and compressed one after the other,
        # never joined: a long text is not copied once more for that.
        header = _object_header(kind, len(data))
        digest = sha1(header, len(header) + len(data))
        digest.update(data)
        binsha = digest.digest()
        if binsha in self._packed or binsha in self._held:
            return binsha
        path = self._loose_path(binsha)
        if os.path.exists(path):
            return binsha
        self._wrote = True
        if self._batch is None:
            _write_loose(Path(path), header, data)
        elif chain is not None and len(data) >= _PACK_BYTES:
            with self._pack_lock:
                if self._pack is None:
                    from .pack import PackBuilder

                    self._pack = PackBuilder()
                self._pack.add(kind, data, chain)
                self._packed[binsha] = chain
        else:
            with self._pack_lock:
                self._held[binsha] = (kind, data, chain)
        return binsha

    def _loose_path(self, binsha: bytes) -> str:
        """Where the object ``binsha`` is (or goes) as a loose object (a string: a
        command writes hundreds of objects, and pathlib's paths cost more to make)."""
        hexsha = binsha.hex()
        return f"{self._objects_dir}/{hexsha[:2]}/{hexsha[2:]}"

    def _settle_writes(self) -> bool:
        """Put what the batch wrote so far into the repository: its pack (``git
        index-pack``, which reads and checks it, then places it atomically), or, for
        a few objects and at most one version of a long file, loose objects as
        outside a batch; whether there was anything.

        Every object the pack was to hold is looked for in the index git wrote: a
        missing one is a RepositoryError, before any branch points at it."""
        with self._pack_lock:
            pack, packed, held = self._pack, self._packed, self._held
            if pack is None and not held:
                return False
            self._pack, self._packed, self._held = None, {}, {}
            if len(packed) + len(held) < _PACK_OBJECTS and (pack is None or pack.whole()):
                for binsha, chain in packed.items():
                    assert pack is not None
                    held[binsha] = (*pack.newest(chain), chain)
                for binsha, (kind, data, _) in held.items():
                    header = _object_header(kind, len(data))
                    _write_loose(Path(self._loose_path(binsha)), header, data)
                return True
            if pack is None:
                from .pack import PackBuilder

                pack = PackBuilder()
            for binsha, (kind, data, where) in held.items():
                # The trees of one folder are versions of each other, as a file's
                # are; any other object is a version of its own.
                pack.add(kind, data, where or binsha.hex())
            return self._index_pack(pack, set(packed) | set(held))

    def _index_pack(self, pack: PackBuilder, expected: set[bytes]) -> bool:
        try:
            # One thread and a small cache of resolved versions: index-pack's memory
            # stays a few versions of the text, not a hundred of them.
            out = _git(
                self.git_dir if self.bare else self.root,
                "-c",
                "core.deltaBaseCacheLimit=8m",
                "index-pack",
                "--threads=1",
                "--stdin",
                stdin=pack.data(),
            )
            name = out.decode("ascii").split()[-1]
            index = (self.git_dir / "objects" / "pack" / f"pack-{name}.idx").read_bytes()
        except (RepositoryError, OSError, UnicodeDecodeError, IndexError) as exc:
            raise RepositoryError(
                f"Cannot write to the repository ({_first_line(str(exc))}). "
                "Check the permissions of .git and the free disk space"
            ) from None
        if not expected <= _index_ids(index):
            raise RepositoryError(
                "git did not read back every object written. Check the repository with 'git fsck'"
            )
        return True

    def _tree_with(
        self,
        tree: bytes | None,
        changes: Mapping[tuple[bytes, ...], bytes | None],
        where: bytes = b"",
    ) -> bytes | None:
        """A tree object: ``tree`` with the files in ``changes`` written or removed.

        Built object by object in the database (no index file is touched, so a
        process killed here leaves nothing behind). None for an empty tree.
        """
        entries: dict[bytes, tuple[bytes, bytes]] = {}
        if tree is not None:
            for mode, name, binsha in _tree_entries(self.blob(tree.hex())):
                entries[name] = (binsha, mode)
        subtrees: dict[bytes, dict[tuple[bytes, ...], bytes | None]] = {}
        for parts, data in changes.items():
            if len(parts) > 1:
                subtrees.setdefault(parts[0], {})[parts[1:]] = data
            elif data is None:
                entries.pop(parts[0], None)
            else:
                chain = os.fsdecode(where + parts[0])
                entries[parts[0]] = (self._store("blob", data, chain), b"100644")
        for name, sub in subtrees.items():
            old = entries.get(name)
            base = old[0] if old and old[1] == _TREE_MODE else None
            made = self._tree_with(base, sub, where + name + b"/")
            if made is None:
                entries.pop(name, None)
            else:
                entries[name] = (made, _TREE_MODE)
        if not entries:
            return None
        # git orders a tree's entries by name, a folder's name as if it ended in "/".
        ordered = sorted(
            entries.items(), key=lambda kv: kv[0] + (b"/" if kv[1][1] == _TREE_MODE else b"")
        )
        data = b"".join(mode + b" " + name + b"\0" + binsha for name, (binsha, mode) in ordered)
        return self._store("tree", data, os.fsdecode(where) or "/")

    @contextmanager
    def building_on(self, start: str) -> Iterator[None]:
        """Inside the block, commits are built on ``start`` and on each other, and
        nothing else moves: no branch, no index, no file. Read the tip with head()."""
        previous = self._building
        self._building = start
        try:
            yield
        finally:
            self._building = previous

    def move_branch(self, expected: str | None, new: str) -> None:
        """Move the current branch from ``expected`` to ``new`` (refused if it moved
        meanwhile) and bring the files that differ up to date."""
        branch = self._branch_ref()
        if branch is None:
            raise RepositoryError("HEAD is detached. Check out a branch first (git switch main)")
        changed: list[str] = (
            self._git("diff", "--name-only", "-z", "--no-renames", expected, new, "--")
            .decode("utf-8", "surrogateescape")
            .split("\0")
            if expected
            else self.paths(new)
        )
        changed = [p for p in changed if p]
        dirty = self.local_changes(changed)
        if dirty:
            raise RepositoryError(
                f"{dirty[0]} has changes that are not committed. Commit them with git, or undo "
                f"them (git checkout HEAD -- {dirty[0]}), then run the command again"
            )
        self._publish(branch, expected, new, changed, "sync")

    def paths(self, sha: str, among: Sequence[str] = ()) -> list[str]:
        """Every file path in a commit (or those of ``among`` that are there)."""
        out = self._git(
            "--literal-pathspecs", "ls-tree", "-r", "--name-only", "-z", sha, "--", *among
        )
        return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]

    def _sync_worktree(self, new: str, changes: Mapping[str, bytes | None]) -> None:
        """Bring the changed paths of the index and working tree to ``new``; nothing
        else is touched (other edits, staged or not, stay as they are)."""
        if self.bare:
            return
        written = [p for p, data in changes.items() if data is not None]
        removed = [p for p, data in changes.items() if data is None]
        try:
            if written:
                self._git("--literal-pathspecs", "checkout", new, "--", *written)
            if removed:
                self._git(
                    "--literal-pathspecs",
                    "rm",
                    "--cached",
                    "-q",
                    "--ignore-unmatch",
                    "--",
                    *removed,
                )
                for path in removed:
                    (self.root / path).unlink(missing_ok=True)
        except (RepositoryError, OSError) as exc:
            raise RepositoryError(
                f"The change was committed, but the working files could not be updated "
                f"({_first_line(str(exc))}). Bring them up to date with "
                "'git checkout HEAD -- drafts reviews'"
            ) from None

    # -- remotes (through GitPython) --------------------------------------

    def remote_names(self) -> list[str]:
        return self._git("remote").decode("utf-8", "surrogateescape").split()

    def _branch(self) -> str:
        ref = self._branch_ref()
        if ref is None:
            raise RepositoryError("HEAD is detached. Check out a branch first (git switch main)")
        return ref.removeprefix("refs/heads/")

    def fetch(self, remote: str) -> str | None:
        """Fetch the current branch from ``remote``; its tip there, or None if it has none."""
        import git

        branch = self._branch()
        try:
            self.repo.git.fetch(
                "--quiet",
                "--no-tags",
                remote,
                "--",
                f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
            )
        except git.GitCommandError as exc:
            message = _first_line(exc.stderr)
            if "couldn't find remote ref" in message or "could not find remote ref" in message:
                return None
            raise RepositoryError(
                f"Cannot fetch from {remote} ({message}). Check the address and your access"
            ) from None
        found = self._objects.get(f"refs/remotes/{remote}/{branch}^{{commit}}")
        return found[0] if found is not None else None

    def push(self, remote: str, sha: str) -> bool:
        """Push ``sha`` as the current branch (never forced); False if the remote moved."""
        import git

        branch = self._branch()
        try:
            self.repo.git.push("--quiet", "--porcelain", remote, "--", f"{sha}:refs/heads/{branch}")
        except git.GitCommandError as exc:
            text = f"{exc.stdout or ''} {exc.stderr or ''}"
            if "rejected" in text or "non-fast-forward" in text or "fetch first" in text:
                return False
            raise RepositoryError(
                f"Cannot push to {remote} ({_first_line(exc.stderr)}). Check your access"
            ) from None
        return True

    def push_tags(self, remote: str) -> None:
        """Send annotated tags the remote does not have (existing ones are never moved)."""
        import git

        try:
            self.repo.git.push("--quiet", remote, "--tags")
        except git.GitCommandError as exc:
            raise RepositoryError(
                f"Cannot send tags to {remote} ({_first_line(exc.stderr)}). A tag of that name "
                "may exist there already; check with 'git ls-remote --tags'"
            ) from None

    def merge_base(self, a: str, b: str) -> str | None:
        done = subprocess.run(
            ["git", "merge-base", a, b],
            cwd=self.git_dir if self.bare else self.root,
            capture_output=True,
            env=git_environment(),
        )
        return done.stdout.decode("ascii").strip() or None if done.returncode == 0 else None

    def first_parent_range(self, base: str | None, tip: str) -> list[CommitInfo]:
        """Commits after ``base`` up to ``tip`` on the first-parent line, oldest first."""
        return self._rev_list("--first-parent", f"{base}..{tip}" if base else tip)

    def changes(self, parent: str | None, sha: str) -> dict[str, bytes | None]:
        """The files a commit wrote (bytes) or removed (None) against ``parent``."""
        result: dict[str, bytes | None] = {}
        if parent is None:
            for path in self.paths(sha):
                found = self.read(sha, path)
                result[path] = found[1] if found else None
            return result
        out = self._git("diff-tree", "-r", "-z", "--no-renames", parent, sha)
        fields = out.split(b"\0")
        for meta, raw in zip(fields[0::2], fields[1::2], strict=False):
            if not meta:
                continue
            _, _, _, blob, status = meta.lstrip(b":").split()
            path = raw.decode("utf-8", "surrogateescape")
            result[path] = None if status == b"D" else self.blob(blob.decode("ascii"))
        return result

    @classmethod
    def clone(cls, url: str, directory: str | None, needs: str = "") -> str:
        """Clone ``url`` into ``directory`` (default: from the URL); returns the folder.

        The branch checked out is the remote's HEAD if it names a branch there,
        else its only branch, else ``main``; a bare repository made with plain
        ``git init --bare`` names ``master`` in HEAD while the resolution is on
        ``main``. ``needs`` is a file that branch must hold. If there is no such
        branch, the folder is left as it was found and the error says why.
        """
        import git

        check_url(url)
        target = directory or Path(url.rstrip("/")).name.removesuffix(".git") or "resolutions"
        if target.startswith("-"):
            raise InputError(f"{target!r} cannot be a folder name here. Choose another")
        folder = Path(target)
        existed = folder.exists()
        if existed and any(folder.iterdir()):
            raise InputError(f"The folder {target} exists and is not empty. Choose another")
        try:
            repo = git.Repo.clone_from(url, target, multi_options=["--origin=origin"])
        except git.GitCommandError as exc:
            raise RepositoryError(
                f"Cannot clone {url!r} ({_first_line(exc.stderr)}). "
                "Check the address and your access"
            ) from None
        try:
            try:
                _check_out_resolution(repo, url, needs)
            finally:
                repo.close()
        except RepositoryError:
            _empty(folder, keep=existed)
            raise
        return target

    def check_tag_name(self, name: str) -> None:
        """Refuse a tag name git would refuse, or that exists already."""
        if not _TAG_RE.fullmatch(name) or not is_ref_name(name):
            raise InputError(
                f"{name!r} cannot be a tag name. Use Latin letters, digits, '.', '-' and '_', "
                "e.g. council-2024-adopted"
            )
        if name in self.tag_targets():
            raise InputError(f"A tag {name!r} exists already. Choose another name with --tag")

    def tag(self, name: str, commit: str, message: str, tagger: Person, date: datetime) -> None:
        """An annotated tag with an explicit tagger and date."""
        self.check_tag_name(name)
        stamp = date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        env = {
            "GIT_COMMITTER_NAME": tagger.name,
            "GIT_COMMITTER_EMAIL": tagger.email,
            "GIT_COMMITTER_DATE": stamp,
        }
        _git(self.root, "tag", "-a", "-m", message, name, commit, env=env)


def is_ref_name(name: str) -> bool:
    """git's rules for a ref name (git check-ref-format), checked without running git."""
    if not name or name.startswith(("-", "/", ".")) or name.endswith(("/", ".", ".lock")):
        return False
    if any(part in name for part in ("..", "//", "/.", ".lock/", "@{")) or name == "@":
        return False
    return not any(ord(ch) < 0x21 or ch in "\x7f~^:?*[\\" for ch in name)


#: Transports that run programs or read file descriptors: never from a URL someone typed.
_UNSAFE_URL = re.compile(r"^(ext|fd)::|^-|--upload-pack|--receive-pack|\s-", re.IGNORECASE)


def check_url(url: str) -> str:
    """Refuse URLs that could run a command or pass an option to git."""
    unprintable = any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in url)
    if not url or _UNSAFE_URL.search(url) or unprintable:
        raise InputError(
            f"{url!r} is not an address resvcs will use. Give a path, an ssh, https or git URL"
        )
    return url


def git_identity(path: Path | None = None) -> Person | None:
    """user.name and user.email as git would use them at ``path`` (its repository's
    configuration, else the user's global one), or None if they are not set."""
    config = _read_config(path) if path is not None and path.is_dir() else None
    if config is None or "user.name" not in config:
        config = _read_config(Path.home(), "--global")
    name = config.get("user.name") or ""
    return Person(name, config.get("user.email") or "") if name else None


#: Settings of the environment that change how git reads the paths it is given
#: (case-insensitive or glob matching): resvcs names exact paths, and git refuses its
#: own ``--literal-pathspecs`` together with any of them.
_PATHSPEC_SETTINGS = frozenset(
    {"GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS"}
)


def git_environment(extra: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """The environment git runs in: the process's own, without the settings that change
    how git matches paths, and with ``extra``; None (inherit it) when that is the same."""
    if not extra and _PATHSPEC_SETTINGS.isdisjoint(os.environ):
        return None
    env = {k: v for k, v in os.environ.items() if k not in _PATHSPEC_SETTINGS}
    env.update(extra or {})
    return env


def _git(
    cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> bytes:
    """Run git in ``cwd``; its output, or RepositoryError with its first line of errors."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=git_environment(env),
        )
    except OSError as exc:
        raise RepositoryError(f"Cannot run git ({exc.strerror}). Install git") from None
    if done.returncode != 0:
        raise RepositoryError(_first_line(done.stderr))
    return done.stdout


def _locate(path: Path) -> tuple[Path, Path, bool] | None:
    """(work tree, git folder, bare) of the repository holding ``path``, None if none:
    found without git where that is certain (:mod:`.discovery`), else asked of git."""
    if not path.is_dir():
        return None
    from .discovery import work_tree

    found = work_tree(path)
    if found is not None:
        return found[0], found[1], False
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--absolute-git-dir", "--is-bare-repository", "--show-toplevel"],
            cwd=path,
            capture_output=True,
            env=git_environment(),
        )
    except OSError as exc:
        raise RepositoryError(f"Cannot run git ({exc.strerror}). Install git") from None
    lines = [os.fsdecode(line) for line in done.stdout.split(b"\n")]
    if len(lines) >= 2 and lines[1] == "true":
        return Path(lines[0]), Path(lines[0]), True
    if done.returncode != 0 or len(lines) < 3 or not lines[2]:
        return None
    return Path(lines[2]), Path(lines[0]), False


def _read_config(cwd: Path, *scope: str) -> dict[str, str]:
    """git's configuration as git reads it in ``cwd`` (the last value of a key wins; a key
    given without a value is true)."""
    try:
        out = _git(cwd, "config", *scope, "--list", "-z")
    except RepositoryError:
        return {}  # no configuration file at all
    config: dict[str, str] = {}
    for item in out.decode("utf-8", "surrogateescape").split("\0"):
        if item:
            key, newline, value = item.partition("\n")
            config[key] = value if newline else "true"
    return config


#: Bump when what :func:`_kept_config` keeps changes.
_CONFIG_FORMAT = b"1"


def _kept_config(cwd: Path, git_dir: Path, common: Path) -> dict[str, str]:
    """git's configuration (:func:`_read_config`), kept in ``.git/resvcs/cache/config``
    under the contents of every file git reads it from and the environment that names
    them, so that a command that writes asks git once per change of the settings, not
    every time. Asked of git every time when a file includes another (whose contents
    would not be in the key) or cannot be read."""
    from .cache import JsonCache
    from .digests import sha1
    from .reads import git_settings

    digest = sha1(_CONFIG_FORMAT)
    for item in sorted(os.environ.items()):
        if item[0].startswith("GIT_") or item[0] in ("HOME", "XDG_CONFIG_HOME"):
            digest.update(repr(item).encode("utf-8", "surrogateescape"))
    for path in git_settings(common, git_dir):
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            data = b"\0missing"
        except OSError:
            return _read_config(cwd)
        if b"[include" in data.lower():
            return _read_config(cwd)
        digest.update(b"%d:%s%d:%s" % (len(str(path)), os.fsencode(path), len(data), data))
    table = JsonCache(git_dir / "resvcs" / "cache" / "config", keep=8)
    key = digest.hexdigest()
    kept = table.get(key)
    if isinstance(kept, dict) and all(isinstance(v, str) for v in kept.values()):
        return kept
    found = _read_config(cwd)
    table.put(key, found)
    return found


def _tree_entries(data: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(mode, name, binary id) of each entry of a tree object."""
    pos, end = 0, len(data)
    while pos < end:
        space = data.index(b" ", pos)
        nul = data.index(b"\0", space)
        yield data[pos:space], data[space + 1 : nul], data[nul + 1 : nul + 21]
        pos = nul + 21


def _parse_commit(sha: str, data: bytes) -> _Commit:
    """A commit object's tree, parents, author, date and message (as GitPython reads them:
    the message is everything after the headers, in the commit's encoding)."""
    head, _, message = data.partition(b"\n\n")
    tree, parents, author, encoding = "", [], b"", "utf-8"
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key == b"tree":
            tree = value.decode("ascii")
        elif key == b"parent":
            parents.append(value.decode("ascii"))
        elif key == b"author":
            author = value
        elif key == b"encoding":
            encoding = value.decode("ascii", "replace")
    m = _IDENT_RE.match(author)
    if m is None:
        person, date = Person("", ""), datetime.fromtimestamp(0, UTC)
    else:
        name, email, stamp, zone = m.groups()
        sign = -1 if zone.startswith(b"-") else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        person = Person(name.decode("utf-8", "replace"), email.decode("utf-8", "replace"))
        date = datetime.fromtimestamp(int(stamp), timezone(offset))
    try:
        text = message.decode(encoding, "replace")
    except LookupError:
        text = message.decode("utf-8", "replace")
    return _Commit(tree, tuple(parents), CommitInfo(sha, person, date, text))


def _clean(value: str) -> str:
    """A name or address as git's ident line can hold it (no <, >, line breaks)."""
    return " ".join(value.replace("<", "").replace(">", "").split())


def _count_key(path: str, commit: str) -> str:
    from .digests import sha1

    return sha1(f"{path}\0{commit}".encode("utf-8", "surrogateescape")).hexdigest()


def _read_index(path: Path) -> dict[str, str] | None:
    """Path → blob id of each entry of git's index file, as ``git ls-files -s`` lists
    them (the last stage of a conflicted path), read without running git; None when the
    file is not one this reads whole (version 4's compressed names, an index split in
    two or a sparse one whose folders git would expand, another hash): git lists it.

    The format is git's ``index-format.txt``: a header, the entries (their fixed fields,
    the 20-byte object id, flags, the name, padded to 8 bytes), extensions, a checksum."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < 32 or data[:4] != b"DIRC":
        return None
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3):
        return None
    end = len(data) - 20  # the checksum
    listing: dict[str, str] = {}
    pos = 12
    try:
        for _ in range(count):
            if int.from_bytes(data[pos + 24 : pos + 28], "big") >> 12 == 0o04:
                return None  # a folder of a sparse index
            flags = int.from_bytes(data[pos + 60 : pos + 62], "big")
            start = pos + (64 if flags & 0x4000 else 62)  # extended flags (version 3)
            stop = data.index(b"\0", start, end)
            listing[data[start:stop].decode("utf-8", "surrogateescape")] = data[
                pos + 40 : pos + 60
            ].hex()
            pos += (stop - pos + 8) // 8 * 8  # 1 to 8 NULs end the name
        while pos < end:  # the extensions: one naming a shared index holds more entries
            if data[pos : pos + 4] in (b"link", b"sdir"):
                return None
            pos += 8 + int.from_bytes(data[pos + 4 : pos + 8], "big")
    except ValueError:
        return None
    return listing if pos == end else None


def _index_ids(index: bytes) -> set[bytes]:
    """The object ids a pack index lists: version 2 (git's default), or version 1
    (``pack.indexVersion = 1`` in git's settings), which has no header and gives
    each id after its offset in the pack."""
    if index[:8] == b"\377tOc\0\0\0\2":
        count = int.from_bytes(index[8 + 255 * 4 : 8 + 256 * 4], "big")
        start = 8 + 256 * 4
        return {index[start + 20 * k : start + 20 * (k + 1)] for k in range(count)}
    if index[:4] == b"\377tOc":
        return set()  # a version git does not write for SHA-1 repositories
    count = int.from_bytes(index[255 * 4 : 256 * 4], "big")
    start = 256 * 4
    return {index[start + 24 * k + 4 : start + 24 * (k + 1)] for k in range(count)}


def _file_blob_id(file: Path) -> str | None:
    """The id git would give the file's bytes as a blob; None if it cannot be read."""
    from .digests import sha1

    try:
        with open(file, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            header = _object_header("blob", size)
            digest = sha1(header, len(header) + size)
            read = 0
            while block := f.read(1 << 20):
                digest.update(block)
                read += len(block)
    except OSError:
        return None
    return digest.hexdigest() if read == size else None


def _object_header(kind: str, size: int) -> bytes:
    """What git hashes and stores before an object's contents: its type and size."""
    return f"{kind} {size}".encode("ascii") + b"\0"


def _write_loose(path: Path, header: bytes, data: bytes) -> None:
    """Write an object (its header and contents) compressed into ``path``, atomically."""
    tmp = path.parent / f"tmp_obj_{os.getpid()}_{threading.get_ident()}"
    try:
        path.parent.mkdir(exist_ok=True)
        with open(tmp, "wb") as f:
            packer = zlib.compressobj(1)
            f.write(packer.compress(header))
            f.write(packer.compress(data))
            f.write(packer.flush())
        os.chmod(tmp, 0o444)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RepositoryError(
            f"Cannot write to the repository ({exc.strerror}). Check the permissions of .git"
        ) from None


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _check_out_resolution(repo: git.Repo, url: str, needs: str) -> None:
    """After a clone: be on the branch that holds the resolution (see :meth:`Store.clone`)."""
    if not repo.head.is_valid():  # HEAD names a branch the remote does not have
        branches = sorted(
            ref.remote_head for ref in repo.remotes.origin.refs if ref.remote_head != "HEAD"
        )
        if not branches:
            raise RepositoryError(
                f"{url} holds nothing yet (no branch). Send the resolution there first: "
                "'resvcs sync' in the copy that holds it"
            )
        if len(branches) == 1:
            branch = branches[0]
        elif "main" in branches:
            branch = "main"
        else:
            raise RepositoryError(
                f"{url} has several branches ({', '.join(branches)}) and names none in HEAD. "
                "Clone the one that holds the resolution with 'git clone -b BRANCH URL'"
            )
        repo.git.checkout("-q", "-b", branch, "--track", f"origin/{branch}", "--")
    if needs and not (Path(repo.working_tree_dir or "") / needs).exists():
        raise RepositoryError(
            f"{url} is not a resolution repository (no {needs} on branch "
            f"{repo.active_branch.name}). Check the address"
        )


def _empty(folder: Path, keep: bool) -> None:
    """Remove what a failed clone wrote: the folder, or its contents if it was there before."""
    import shutil

    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _first_line(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0].removeprefix("stderr: ").strip("' ") if lines else "git failed"
