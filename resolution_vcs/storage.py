"""Git storage: the only module that imports GitPython.

Commits are built in the object database first (blobs, tree, commit with an
explicit author, committer and date) and the branch is then moved with a
compare-and-swap ``update-ref``: a process killed half-way leaves the branch
where it was, never half a commit. The index and working tree follow with a
two-tree ``read-tree -m -u``, which refuses to overwrite local edits.

Nothing here depends on the machine's git configuration except
:meth:`Store.identity`, which reads user.name and user.email when asked.
"""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import git
from git.objects.fun import tree_entries_from_data, tree_to_stream
from gitdb import IStream, LooseObjectDB

from .errors import InputError, NotFoundError, RepositoryError

_PERSON_RE = re.compile(r"^\s*([^<>]*?)\s*<([^<>\s]+@[^<>\s]+|[^<>\s]*)>\s*$")
_ZERO = "0" * 40
_JOURNAL = "resvcs-pending"
#: The file in a repository listing who may sign commits (git's ssh allowed-signers format).
ALLOWED_SIGNERS = "allowed_signers"
_TAG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: Revisions people type: a name (version, tag, branch, commit id) and ~N / ^N steps.
#: Stricter than git: no ``@{}``, ``:path``, ranges or globs, nothing that starts with ``-``.
_REV_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}(?:[~^][0-9]{0,6})*")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


class Store:
    """A git repository seen as files at commits."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.root = Path(repo.working_tree_dir or repo.git_dir)
        self.git_dir = Path(repo.git_dir)
        #: While building on another commit (see :meth:`building_on`): the tip so far.
        self._building: str | None = None
        self._loose: LooseObjectDB | None = None
        self._sign: bool | None = None

    @classmethod
    def init(cls, path: Path) -> Store:
        """Open the git repository at ``path``, creating it (branch ``main``) if there is none."""
        path.mkdir(parents=True, exist_ok=True)
        try:
            repo = git.Repo(path)
            if Path(repo.working_tree_dir or "").resolve() != path.resolve():
                repo = _init(path)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            repo = _init(path)
        return cls(repo)

    @classmethod
    def discover(cls, path: Path) -> Store:
        """The git repository containing ``path``."""
        try:
            return cls(git.Repo(path, search_parent_directories=True))
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise RepositoryError(
                f"{path} is not inside a resolution repository. "
                "Create one with 'resvcs init' or change to its folder"
            ) from None

    def close(self) -> None:
        """Stop the git helper processes this store started."""
        self.repo.close()

    # -- reading -----------------------------------------------------------

    def head(self) -> str | None:
        """The commit the current branch points at, None before the first commit
        (while :meth:`building_on` another commit: the tip being built)."""
        if self._building is not None:
            return self._building
        try:
            return self.repo.head.commit.hexsha
        except ValueError:
            return None

    def resolve(self, rev: str) -> str:
        """The commit a revision name points at (a commit id, tag, branch, HEAD~2 ...)."""
        base = re.sub(r"(?:[~^][0-9]*)+$", "", rev)
        if not _REV_RE.fullmatch(rev) or not is_ref_name(base):
            raise InputError(
                f"{rev!r} is not a revision name. Use v1, v2 ..., a tag or a commit id"
            )
        try:
            return self.repo.commit(rev).hexsha
        except (git.BadName, git.BadObject, ValueError, IndexError):
            raise NotFoundError(
                f"No version or commit {rev!r}. List versions with 'resvcs log' or 'git log'"
            ) from None

    def read(self, commit: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, bytes) of ``path`` at ``commit``, None if it is not there."""
        try:
            blob = self.repo.commit(commit).tree / path
        except KeyError:
            return None
        return blob.hexsha, blob.data_stream.read()

    def blob_id(self, commit: str, path: str) -> str | None:
        """The blob id of ``path`` at ``commit`` (without reading it), None if it is not there."""
        try:
            return str((self.repo.commit(commit).tree / path).hexsha)
        except KeyError:
            return None

    def blob_ids_at(self, places: Sequence[tuple[str, str]]) -> list[str | None]:
        """The blob id of ``path`` at ``commit`` for many (commit, path) places,
        None where there is none; read in one git process, without the blobs."""
        if not places:
            return []
        names = "".join(f"{commit}:{path}\n" for commit, path in places)
        if any(c in commit + path for commit, path in places for c in "\n\r\0"):
            raise InputError("A path or commit holds a line break. Name it without one")
        output = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "cat-file", "--batch-check"],
            input=names.encode("utf-8"),
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        found: list[str | None] = []
        for line in output.splitlines():
            parts = line.split()
            found.append(parts[0] if len(parts) == 3 and parts[1] == "blob" else None)
        return found

    def list_dir(self, commit: str | None, folder: str) -> list[str]:
        """Names of the files directly in ``folder`` at ``commit``."""
        if commit is None:
            return []
        try:
            tree = self.repo.commit(commit).tree / folder
        except KeyError:
            return []
        return sorted(item.name for item in tree.blobs)

    def history(self, path: str, rev: str | None = None) -> list[CommitInfo]:
        """Commits that changed ``path`` on the first-parent line of ``rev``, oldest first."""
        head = rev or self.head()
        if head is None:
            return []
        commits = list(self.repo.iter_commits(head, paths=path, first_parent=True))
        commits.reverse()
        return [_info(c) for c in commits]

    def history_of(self, paths: Iterable[str], rev: str | None = None) -> list[CommitInfo]:
        """Commits that changed any of ``paths`` on the first-parent line, oldest first."""
        head = rev or self.head()
        if head is None:
            return []
        commits = list(self.repo.iter_commits(head, paths=list(paths), first_parent=True))
        commits.reverse()
        return [_info(c) for c in commits]

    def adoptions(self, slug: str) -> list[CommitInfo]:
        """Adoption commits of a document on the first-parent line, oldest first
        (found by their trailer: an adoption may change no file)."""
        head = self.head()
        if head is None:
            return []
        found = [
            _info(c)
            for c in self.repo.iter_commits(
                head, first_parent=True, grep="^Resvcs-Action: adoption$"
            )
        ]
        found.reverse()
        return [i for i in found if i.trailers.get("Resvcs-Document") == slug]

    def signature_problem(self, sha: str) -> str | None:
        """Why ``sha`` is not signed by a key in the repository's ``allowed_signers``
        file (git's own verification), or None if it is."""
        signers = self.root / ALLOWED_SIGNERS
        try:
            self.repo.git.execute(
                ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", sha]
            )
        except git.GitCommandError as exc:
            return _first_line(exc.stderr) or "no signature"
        return None

    def commit_info(self, sha: str) -> CommitInfo:
        return _info(self.repo.commit(sha))

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        return bool(self.repo.is_ancestor(self.repo.commit(ancestor), self.repo.commit(descendant)))

    def identity(self) -> Person | None:
        """user.name and user.email from git's configuration, if set."""
        reader = self.repo.config_reader()
        name = reader.get_value("user", "name", default="")
        email = reader.get_value("user", "email", default="")
        return Person(str(name), str(email)) if name else None

    def local_changes(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` whose working-tree file or staged entry differs from
        the last commit (edits nobody has committed yet)."""
        if self.repo.bare:
            return []
        head = self.head()
        try:
            staged = {path: entry.hexsha for (path, _), entry in self.repo.index.entries.items()}
        except (OSError, ValueError):
            staged = {}
        dirty = []
        for path in paths:
            committed = self.read(head, path) if head else None
            file = self.root / path
            if committed is None:
                if file.exists() or path in staged:
                    dirty.append(path)
                continue
            blob, data = committed
            if staged.get(path) != blob or not file.is_file() or file.read_bytes() != data:
                dirty.append(path)
        return dirty

    # -- writing -----------------------------------------------------------

    def commit(
        self,
        changes: Mapping[str, bytes | None],
        message: str,
        author: Person,
        date: datetime | None = None,
    ) -> str:
        """One commit that writes (bytes) or removes (None) these paths; returns its id.

        Raises RepositoryError, and changes nothing, if the branch moved meanwhile.
        """
        repo = self.repo
        if self._building is not None:
            self._building = self._make_commit(self._building, changes, message, author, date)
            return self._building
        if repo.head.is_detached:
            raise RepositoryError("HEAD is detached. Check out a branch first (git switch main)")
        dirty = self.local_changes(changes)
        if dirty:
            path = dirty[0]
            raise RepositoryError(
                f"{path} has changes that are not committed. Commit them with git "
                f"(git add {path} && git commit), or undo them (git checkout HEAD -- {path}), "
                "then run the command again"
            )
        branch = repo.head.ref.path
        parent = self.head()
        new_sha = self._make_commit(parent, changes, message, author, date)
        self._publish(branch, parent, new_sha, list(changes), message.splitlines()[0])
        return new_sha

    def _publish(self, branch: str, old: str | None, new: str, paths: list[str], what: str) -> None:
        """Move ``branch`` from ``old`` to ``new`` and bring ``paths`` up to date.

        A journal (.git/resvcs-pending) names the move while it happens, so that
        if the process is killed between moving the branch and updating the
        files, :meth:`recover` finishes the job; before the move, nothing changed.
        """
        journal = self.git_dir / _JOURNAL
        _write_atomically(journal, "\n".join([old or _ZERO, new, *paths]) + "\n")
        try:
            self.repo.git.update_ref("-m", f"resvcs: {what}", branch, new, old or _ZERO)
        except git.GitCommandError:
            journal.unlink(missing_ok=True)
            raise RepositoryError(
                "The repository changed while this command ran. Run the command again"
            ) from None
        self._sync_paths(new, paths)
        journal.unlink(missing_ok=True)

    def recover(self) -> None:
        """Finish a move that a killed command left half-done (see :meth:`_publish`).

        Called with the repository lock held, so no other resvcs command is writing.
        """
        journal = self.git_dir / _JOURNAL
        try:
            lines = journal.read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return
        if len(lines) < 2 or self.repo.head.is_detached:
            journal.unlink(missing_ok=True)
            return
        new, paths = lines[1], [p for p in lines[2:] if p]
        # git's own index lock, if the killed command left it, is stale too.
        (self.git_dir / "index.lock").unlink(missing_ok=True)
        if self.head() == new:
            self._sync_paths(new, paths)
        journal.unlink(missing_ok=True)

    def _sync_paths(self, new: str, paths: list[str]) -> None:
        present = set(self.paths(new)) if paths else set()
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
        repo = self.repo
        base_tree = repo.commit(parent).tree.binsha if parent else None
        nested: dict[tuple[str, ...], bytes | None] = {
            tuple(path.split("/")): data for path, data in changes.items()
        }
        tree = self._tree_with(base_tree, nested) or self._store("tree", b"")
        when = (date or datetime.now(UTC)).astimezone(UTC)
        # The commit object is written here, as git writes it, with an explicit
        # author, committer and date (nothing comes from the machine's settings).
        if self._signs():
            return self._signed_commit(tree.hex(), parent, message, author, when)
        person = f"{_clean(author.name)} <{_clean(author.email)}> {int(when.timestamp())} +0000"
        lines = [f"tree {tree.hex()}"]
        if parent:
            lines.append(f"parent {parent}")
        lines += [f"author {person}", f"committer {person}", "", message]
        return self._store("commit", "\n".join(lines).encode("utf-8")).hex()

    def _signs(self) -> bool:
        """Whether commits are to be signed: git's own ``commit.gpgsign`` setting."""
        if self._sign is None:
            reader = self.repo.config_reader()
            self._sign = bool(reader.get_value("commit", "gpgsign", default=False))
        return self._sign

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
            env={**os.environ, **env},
            capture_output=True,
        )
        if done.returncode != 0:
            reason = _first_line(done.stderr.decode("utf-8", "replace"))
            raise RepositoryError(
                f"git could not sign the commit ({reason}). Check user.signingkey and "
                "gpg.format in git's settings, or turn commit.gpgsign off"
            )
        return done.stdout.decode("ascii").strip()

    def _store(self, kind: str, data: bytes) -> bytes:
        """Write one object as a loose object (in process: no git child per object)."""
        if self._loose is None:
            self._loose = LooseObjectDB(str(self.git_dir / "objects"))
        return bytes(self._loose.store(IStream(kind, len(data), BytesIO(data))).binsha)

    def _tree_with(
        self, tree: bytes | None, changes: Mapping[tuple[str, ...], bytes | None]
    ) -> bytes | None:
        """A tree object: ``tree`` with the files in ``changes`` written or removed.

        Built object by object in the database (no index file is touched, so a
        process killed here leaves nothing behind). None for an empty tree.
        """
        entries: dict[str, tuple[bytes, int]] = {}
        if tree is not None:
            for binsha, mode, name in tree_entries_from_data(self.repo.odb.stream(tree).read()):
                entries[name] = (binsha, mode)
        subtrees: dict[str, dict[tuple[str, ...], bytes | None]] = {}
        for parts, data in changes.items():
            if len(parts) > 1:
                subtrees.setdefault(parts[0], {})[parts[1:]] = data
            elif data is None:
                entries.pop(parts[0], None)
            else:
                entries[parts[0]] = (self._store("blob", data), 0o100644)
        for name, sub in subtrees.items():
            old = entries.get(name)
            made = self._tree_with(old[0] if old and old[1] == 0o40000 else None, sub)
            if made is None:
                entries.pop(name, None)
            else:
                entries[name] = (made, 0o40000)
        if not entries:
            return None
        # git orders a tree's entries by name, a folder's name as if it ended in "/".
        ordered = sorted(
            entries.items(), key=lambda kv: kv[0] + ("/" if kv[1][1] == 0o40000 else "")
        )
        out = BytesIO()
        tree_to_stream([(sha, mode, name) for name, (sha, mode) in ordered], out.write)
        return self._store("tree", out.getvalue())

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
        repo = self.repo
        branch = repo.head.ref.path
        changed: list[str] = (
            str(repo.git.diff("--name-only", "--no-renames", expected, new)).splitlines()
            if expected
            else self.paths(new)
        )
        dirty = self.local_changes(changed)
        if dirty:
            raise RepositoryError(
                f"{dirty[0]} has changes that are not committed. Commit them with git, or undo "
                f"them (git checkout HEAD -- {dirty[0]}), then run the command again"
            )
        self._publish(branch, expected, new, changed, "sync")

    def paths(self, sha: str) -> list[str]:
        """Every file path in a commit."""
        out = str(self.repo.git.ls_tree("-r", "--name-only", "-z", sha))
        return [p for p in out.split("\x00") if p]

    def _sync_worktree(self, new: str, changes: Mapping[str, bytes | None]) -> None:
        """Bring the changed paths of the index and working tree to ``new``; nothing
        else is touched (other edits, staged or not, stay as they are)."""
        if self.repo.bare:
            return
        written = [p for p, data in changes.items() if data is not None]
        removed = [p for p, data in changes.items() if data is None]
        try:
            if written:
                self.repo.git.checkout(new, "--", *written)
            if removed:
                self.repo.git.rm("--cached", "-q", "--ignore-unmatch", "--", *removed)
                for path in removed:
                    (self.root / path).unlink(missing_ok=True)
        except (git.GitCommandError, OSError) as exc:
            detail = _first_line(getattr(exc, "stderr", None) or str(exc))
            raise RepositoryError(
                f"The change was committed, but the working files could not be updated ({detail})."
                " Bring them up to date with 'git checkout HEAD -- drafts reviews'"
            ) from None

    # -- remotes -----------------------------------------------------------

    def remote_names(self) -> list[str]:
        return [r.name for r in self.repo.remotes]

    def _branch(self) -> str:
        if self.repo.head.is_detached:
            raise RepositoryError("HEAD is detached. Check out a branch first (git switch main)")
        return str(self.repo.head.ref.name)

    def fetch(self, remote: str) -> str | None:
        """Fetch the current branch from ``remote``; its tip there, or None if it has none."""
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
        try:
            return self.repo.commit(f"refs/remotes/{remote}/{branch}").hexsha
        except (git.BadName, ValueError):
            return None

    def push(self, remote: str, sha: str) -> bool:
        """Push ``sha`` as the current branch (never forced); False if the remote moved."""
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
        try:
            self.repo.git.push("--quiet", remote, "--tags")
        except git.GitCommandError as exc:
            raise RepositoryError(
                f"Cannot send tags to {remote} ({_first_line(exc.stderr)}). A tag of that name "
                "may exist there already; check with 'git ls-remote --tags'"
            ) from None

    def merge_base(self, a: str, b: str) -> str | None:
        bases = self.repo.merge_base(a, b)
        return bases[0].hexsha if bases else None

    def first_parent(self, sha: str) -> str | None:
        parents = self.repo.commit(sha).parents
        return parents[0].hexsha if parents else None

    def first_parent_range(self, base: str | None, tip: str) -> list[CommitInfo]:
        """Commits after ``base`` up to ``tip`` on the first-parent line, oldest first."""
        rev = f"{base}..{tip}" if base else tip
        commits = list(self.repo.iter_commits(rev, first_parent=True))
        commits.reverse()
        return [_info(c) for c in commits]

    def changes(self, parent: str | None, sha: str) -> dict[str, bytes | None]:
        """The files a commit wrote (bytes) or removed (None) against ``parent``."""
        result: dict[str, bytes | None] = {}
        if parent is None:
            for path in self.paths(sha):
                found = self.read(sha, path)
                result[path] = found[1] if found else None
            return result
        for d in self.repo.commit(parent).diff(sha):
            if d.deleted_file:
                result[str(d.a_path)] = None
            else:
                if d.renamed_file and d.a_path:
                    result[str(d.a_path)] = None
                assert d.b_blob is not None
                result[str(d.b_path)] = d.b_blob.data_stream.read()
        return result

    @classmethod
    def clone(cls, url: str, directory: str | None) -> str:
        """Clone ``url`` into ``directory`` (default: from the URL); returns the folder."""
        check_url(url)
        target = directory or Path(url.rstrip("/")).name.removesuffix(".git") or "resolutions"
        if target.startswith("-"):
            raise InputError(f"{target!r} cannot be a folder name here. Choose another")
        if Path(target).exists() and any(Path(target).iterdir()):
            raise InputError(f"The folder {target} exists and is not empty. Choose another")
        try:
            git.Repo.clone_from(url, target, multi_options=["--origin=origin"])
        except git.GitCommandError as exc:
            raise RepositoryError(
                f"Cannot clone {url!r} ({_first_line(exc.stderr)}). "
                "Check the address and your access"
            ) from None
        return target

    def check_tag_name(self, name: str) -> None:
        """Refuse a tag name git would refuse, or that exists already."""
        if not _TAG_RE.fullmatch(name) or not is_ref_name(name):
            raise InputError(
                f"{name!r} cannot be a tag name. Use Latin letters, digits, '.', '-' and '_', "
                "e.g. council-2024-adopted"
            )
        if name in {t.name for t in self.repo.tags}:
            raise InputError(f"A tag {name!r} exists already. Choose another name with --tag")

    def tag(self, name: str, commit: str, message: str, tagger: Person, date: datetime) -> None:
        """An annotated tag with an explicit tagger and date."""
        self.check_tag_name(name)
        stamp = date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        with self.repo.git.custom_environment(
            GIT_COMMITTER_NAME=tagger.name,
            GIT_COMMITTER_EMAIL=tagger.email,
            GIT_COMMITTER_DATE=stamp,
        ):
            self.repo.git.tag("-a", "-m", message, name, commit)

    def iter_blobs(self, commit: str, folder: str) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of each file directly in ``folder`` at ``commit``."""
        try:
            tree = self.repo.commit(commit).tree / folder
        except KeyError:
            return
        for blob in tree.blobs:
            yield blob.name, blob.data_stream.read()

    def blob_ids(self, commit: str, folder: str) -> list[tuple[str, str]]:
        """(name, blob id) of each file directly in ``folder`` at ``commit``."""
        try:
            tree = self.repo.commit(commit).tree / folder
        except KeyError:
            return []
        return [(blob.name, blob.hexsha) for blob in tree.blobs]

    def blob(self, sha: str) -> bytes:
        return bytes(self.repo.odb.stream(bytes.fromhex(sha)).read())


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
    if path is not None:
        try:
            repo = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            repo = None
        if repo is not None:
            try:
                return Store(repo).identity()
            finally:
                repo.close()
    from git.config import get_config_path

    reader = git.GitConfigParser(
        [get_config_path("global"), get_config_path("user")], read_only=True
    )
    name = reader.get_value("user", "name", default="")
    email = reader.get_value("user", "email", default="")
    return Person(str(name), str(email)) if name else None


def _clean(value: str) -> str:
    """A name or address as git's ident line can hold it (no <, >, line breaks)."""
    return " ".join(value.replace("<", "").replace(">", "").split())


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _init(path: Path) -> git.Repo:
    repo = git.Repo.init(path)
    repo.git.symbolic_ref("HEAD", "refs/heads/main")
    return repo


def _info(commit: git.Commit) -> CommitInfo:
    message = commit.message if isinstance(commit.message, str) else commit.message.decode()
    return CommitInfo(
        sha=commit.hexsha,
        author=Person(str(commit.author.name), str(commit.author.email or "")),
        date=commit.authored_datetime,
        message=message,
    )


def _first_line(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0].removeprefix("stderr: ").strip("' ") if lines else "git failed"
