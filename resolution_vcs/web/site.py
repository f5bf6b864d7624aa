"""The repository as the web app holds it: one :class:`Repository` per worker thread,
a watcher that notices new commits (made here, by the command line, or by a sync),
and the optional exchange with a git remote.

GitPython's objects are not shared between threads, so each worker thread opens its
own ``Repository``; writes from several threads wait for each other on the
repository lock as separate processes do. Every call first catches up with commits
made elsewhere (:meth:`Repository.reload`).

A write is answered only once the pages of the commit it made are ready (the review,
the document's facts, the text's pieces: :attr:`Site.prepare`), and until then
readers are answered for the commit before it: nobody who reads after a write waits
for those pages to be made, and nobody reads a commit whose pages are half made. A
commit made elsewhere (the command line, a sync) is read as soon as it is there; its
pages are made once, by the first reader who asks, the others waiting for them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar, cast

from ..accounts import Accounts
from ..errors import ResolutionError
from ..frozen import frozen
from ..repository import Repository, SharedDocuments

T = TypeVar("T")
log = logging.getLogger("resvcs.web")

#: Worker threads for library calls that read (writes have a thread of their own).
WORKERS = 8
_MISSING = object()
#: Page data kept per commit (the last few commits' pages), and how many big ones
#: (the chunks of long texts' pages: a few versions of a 10,000-clause text).
MEMO_SIZE = 256
BIG_SIZE = 256


@frozen
class Settings:
    """How the server was started."""

    root: Path
    public_read: bool = False
    #: The git remote to exchange with after each action and every ``sync_every`` seconds.
    remote: str | None = None
    sync_every: float = 30.0
    #: Mark the session cookie Secure (behind a TLS reverse proxy).
    secure_cookies: bool = False
    #: How often the watcher looks for new commits, in seconds.
    watch_every: float = 1.0


class Site:
    """The repository and its accounts, shared by every request."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        with Repository.open(settings.root) as repo:
            self.git_dir = repo.store.git_dir
            self.head = repo.store.head()
            #: The settings at ``head`` (who the chairs are), as the watcher last saw them.
            self.config = repo.config
        self.accounts = Accounts(self.git_dir)
        self._local = threading.local()
        self._opened: list[Repository] = []
        self._opened_lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="resvcs")
        #: Writes go one at a time through a thread of their own, in the order they came:
        #: none of them waits out the repository lock's timeout behind the others, and
        #: none keeps a reader's thread waiting for the lock.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="resvcs-write")
        #: One parse of a text for every thread's Repository.
        self.documents = SharedDocuments()
        #: Set when a new commit is seen; waiters (server-sent events) take a new one.
        self._changed: asyncio.Event | None = None
        self.sync_problem = ""
        self._memo: OrderedDict[tuple[str | None, Hashable], object] = OrderedDict()
        self._big: OrderedDict[tuple[str | None, Hashable], object] = OrderedDict()
        self._computing: dict[tuple[str | None, Hashable], threading.Event] = {}
        self._memo_lock = threading.Lock()
        #: What the writer makes ready for a new commit before it answers (the pages'
        #: data): ``prepare(site, repo, slug)``, slug None for every document.
        self.prepare: Callable[[Site, Repository, str | None], None] | None = None
        #: The last commit whose pages the writer made ready, and whether a write is
        #: under way (readers are then answered for that commit).
        self.published: str | None = None
        #: The languages of the interface, and (language, kind of reader) of the review
        #: page, that readers asked for: what the writer makes ready.
        self.languages: set[str] = set()
        self.review_views: set[tuple[str, str | None]] = set()
        self._writing = False

    # -- calling the library ----------------------------------------------------------

    def _repository(self) -> Repository:
        repo: Repository | None = getattr(self._local, "repo", None)
        if repo is None:
            repo = Repository.open(self.settings.root)
            repo.shared = self.documents
            repo.keep_reviews = False  # kept here, per commit (memo)
            self._local.repo = repo
            with self._opened_lock:
                self._opened.append(repo)
        repo.reload()
        return repo

    async def call(self, fn: Callable[[Repository], T], *, writing: bool = False) -> T:
        """``fn(repo)`` in a worker thread (the writer's, ``writing``), on a repository
        that has caught up."""
        loop = asyncio.get_running_loop()
        executor = self.writer if writing else self.executor
        return await loop.run_in_executor(executor, lambda: fn(self._repository()))

    async def memo(
        self,
        key: Hashable,
        fn: Callable[[Repository], T],
        *,
        big: bool = False,
        per_commit: bool = True,
    ) -> T:
        """``fn(repo)``, computed once per commit: what a page shows of the repository
        changes only with a new commit, so twenty people reading the review page at
        once cost one computation (those who ask while it is being computed wait for
        it rather than compute it again). ``big`` values (a long text's page) are kept
        for the last few commits only. A key that names what it depends on itself
        (a version of the text) is kept across commits with ``per_commit=False``.

        What is known already is answered here, without a worker thread: readers are
        not kept waiting behind a long computation for another page."""
        store = self._big if big else self._memo
        head = self.reading_head() if per_commit else None
        if head is not None or not per_commit:
            with self._memo_lock:
                known = store.get((head, key), _MISSING)
            if known is not _MISSING:
                return cast(T, known)
        return await self.call(
            lambda repo: self.kept(repo, key, fn, big=big, per_commit=per_commit)
        )

    def kept(
        self,
        repo: Repository,
        key: Hashable,
        fn: Callable[[Repository], T],
        *,
        big: bool = False,
        per_commit: bool = True,
    ) -> T:
        """:meth:`memo`'s value in the calling thread (a worker's or the writer's), for
        ``repo``'s current commit: computed once, however many ask at once."""
        store, limit = (self._big, BIG_SIZE) if big else (self._memo, MEMO_SIZE)
        slot = (repo.store.head() if per_commit else None, key)
        with self._memo_lock:
            if slot in store:
                store.move_to_end(slot)
                return cast(T, store[slot])
            pending = self._computing.get(slot)
            if pending is None:
                self._computing[slot] = threading.Event()
        if pending is not None:  # someone else computes it: wait, then read it
            pending.wait()
            with self._memo_lock:
                if slot in store:
                    return cast(T, store[slot])
            return fn(repo)  # their computation failed: try ourselves
        try:
            value = fn(repo)
            with self._memo_lock:
                store[slot] = value
                while len(store) > limit:
                    store.popitem(last=False)
            return value
        finally:
            with self._memo_lock:
                self._computing.pop(slot).set()

    def reading_head(self) -> str | None:
        """The commit readers are answered for: while a write is under way, the last
        one whose pages are ready (the write is not acknowledged yet, so that is what
        everyone has been told is current); else the branch's, as git has it, so that
        a commit made by the command line is read as soon as it is made."""
        if self._writing:
            return self.published
        return self.current_head()

    async def write(self, fn: Callable[[Repository], T], *, slug: str | None = None) -> T:
        """A writing call (on document ``slug``), answered once the pages of the commit
        it made are ready; afterwards the watchers hear of it and the remote gets it."""
        try:
            return await self.call(lambda repo: self._write(repo, fn, slug), writing=True)
        finally:
            await self.notice()
            if self.settings.remote:
                await self.sync()

    def _write(self, repo: Repository, fn: Callable[[Repository], T], slug: str | None) -> T:
        # A commit made elsewhere since the last write: made ready first, so that
        # readers are not answered for the state before it while this write runs.
        self.make_ready(repo, None)
        self._writing = True
        try:
            return fn(repo)
        finally:
            try:
                repo.reload()
                self.make_ready(repo, slug)
            finally:
                self._writing = False

    def make_ready(self, repo: Repository, slug: str | None) -> None:
        """In the writer's thread: the pages of ``repo``'s current commit made ready
        (of document ``slug``; of every document when None) if they are not yet, then
        that commit published to readers."""
        head = repo.store.head()
        if head == self.published:
            return
        if self.prepare is not None:
            try:
                self.prepare(self, repo, slug if head is not None else None)
            except ResolutionError as exc:  # a damaged document: its pages will say so
                log.warning("cannot prepare the pages: %s", exc)
        self.published = head

    def current_head(self) -> str | None:
        """The commit the branch points at, read from git's files (two small reads, no
        git process): lets a page known for that commit be answered at once. None when
        it cannot be told so simply (a detached HEAD, a damaged ref)."""
        try:
            symbolic = (self.git_dir / "HEAD").read_text(encoding="ascii").strip()
            if not symbolic.startswith("ref: refs/"):
                return None
            ref = symbolic[5:]
            loose = self.git_dir / ref
            if loose.is_file():
                sha = loose.read_text(encoding="ascii").strip()
            else:
                sha = ""
                packed = self.git_dir / "packed-refs"
                for line in packed.read_text(encoding="ascii").splitlines():
                    if line.endswith(" " + ref):
                        sha = line.split(" ", 1)[0]
                        break
        except (OSError, UnicodeDecodeError):
            return None
        return sha if len(sha) == 40 and all(c in "0123456789abcdef" for c in sha) else None

    # -- noticing changes ----------------------------------------------------------------

    def changed_event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    async def notice(self) -> bool:
        """Look at the current commit; wake the waiters if it moved. True if it did."""
        head, config = await self.call(lambda repo: (repo.store.head(), repo.config))
        if head == self.head:
            return False
        if head != self.published:  # made elsewhere: its pages made ready for readers
            await self.call(lambda repo: self.make_ready(repo, None), writing=True)
        self.head, self.config = head, config
        event = self.changed_event()
        self._changed = asyncio.Event()
        event.set()
        return True

    async def watch(self) -> None:
        """Until cancelled: notice commits made by others (the command line, git)."""
        while True:
            await asyncio.sleep(self.settings.watch_every)
            try:
                await self.notice()
            except ResolutionError as exc:  # a repository being rewritten by hand
                log.warning("cannot read the repository: %s", exc)

    # -- exchanging with a remote --------------------------------------------------------

    async def sync(self) -> None:
        """Exchange with the remote, as ``resvcs sync`` does; a failure is logged and
        shown on the pages, and the next attempt comes with the next action or tick."""
        from ..sync import sync

        remote = self.settings.remote
        assert remote is not None
        try:
            result = await self.call(lambda repo: sync(repo, remote), writing=True)
        except ResolutionError as exc:
            self.sync_problem = str(exc)
            log.warning("sync with %s failed: %s", remote, exc)
            return
        self.sync_problem = ""
        if result.fetched or result.sent:
            log.info("sync with %s: %s", remote, result.describe())
        await self.notice()

    async def sync_loop(self) -> None:
        while True:
            await self.sync()
            await asyncio.sleep(self.settings.sync_every)

    def close(self) -> None:
        self.writer.shutdown(wait=True, cancel_futures=True)
        self.executor.shutdown(wait=True, cancel_futures=True)
        with self._opened_lock:
            for repo in self._opened:
                repo.close()
            self._opened.clear()
