"""The resolution repository: documents, their versions and clause ids, on git.

Layout::

    drafts/<slug>.md     the tracked text of each document
    drafts/<slug>.ids    its clause ids, one per clause (written by resvcs)
    reviews/<slug>/      one file per amendment
    resvcs.toml          settings and roles

A document's versions are the commits on the first-parent line that changed
``drafts/<slug>.md``: v1 is the import, each later commit the next version.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from .config import CONFIG_FILE, Config, DocumentSettings
from .errors import InputError, NotFoundError, RepositoryError, ResolutionError
from .frozen import frozen
from .storage import CommitInfo, Person, Store

if TYPE_CHECKING:
    from .amend import Operation
    from .cache import DocumentCache, JsonCache
    from .checks import Finding
    from .copies import CopyPlan
    from .diff import DocumentDiff
    from .drafts import Draft
    from .ids import IdFile
    from .model import Document
    from .records import Amendment
    from .references import Reference
    from .reparse import Parsed
    from .review import ReviewItem
    from .typography import Ignore
    from .workflow import Consequences, Numbered, Outcome

# The modules behind each method are imported in it: a command loads only what it
# uses (listing clauses needs neither the parser nor the amendment workflow).

DRAFTS = "drafts"
_KEEP_DOCUMENTS = 8
#: ... and no more clauses in all than this, but for the last one (long documents take
#: several times their text's size in memory).
_KEEP_CLAUSES = 25_000
REVIEWS = "reviews"
SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
_VERSION_RE = re.compile(r"[vV](\d+)")

#: Commit trailers that say what a commit did.
ACTION = "Resvcs-Action"
DOCUMENT = "Resvcs-Document"


@frozen
class Version:
    """One version of a document: the n-th commit that changed its text."""

    document: str
    number: int
    commit: str
    author: Person
    date: datetime
    message: str
    action: str

    @property
    def name(self) -> str:
        return f"v{self.number}"


@frozen
class DocumentInfo:
    """A document as listed by ``resvcs documents``."""

    slug: str
    title: str
    versions: int
    clauses: int
    path: str


@frozen
class CopyProposal(Sequence["Numbered"]):
    """The amendments proposed from an edited copy (a sequence of them, in number order)
    and how many clauses differed in what was left aside (``CopyPlan.ignored``)."""

    made: tuple[Numbered, ...]
    ignored: dict[str, int]

    @overload
    def __getitem__(self, index: int) -> Numbered: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Numbered, ...]: ...

    def __getitem__(self, index: int | slice) -> Numbered | tuple[Numbered, ...]:
        return self.made[index]

    def __len__(self) -> int:
        return len(self.made)


def slugify(name: str) -> str:
    """A slug from a file name or title: lower-case ASCII letters, digits and hyphens."""
    base = unicodedata.normalize("NFKD", name)
    base = _transliterate(base)
    base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    return base[:64].strip("-") or "document"


#: Names that would clash with the files the repository keeps beside the drafts.
_RESERVED_SLUGS = {"readme"}


def check_slug(slug: str) -> str:
    if slug in _RESERVED_SLUGS:
        raise InputError(f"{slug!r} is reserved. Choose another name with --slug")
    if not SLUG_RE.fullmatch(slug):
        raise InputError(
            f"{slug!r} is not a valid document name. Use lower-case Latin letters, digits and "
            "hyphens, e.g. --slug council-2024"
        )
    return slug


class Repository:
    """A resolution repository: the public API behind every CLI command."""

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self.root = store.root
        #: The last documents read, by (slug, commit): a few, so that walking a long
        #: history keeps memory flat (the parses themselves are cached in .git).
        self._documents: OrderedDict[tuple[str, str], Document] = OrderedDict()
        #: Documents shared with other Repository objects of the process (a server's).
        self.shared: SharedDocuments | None = None
        #: Whether each state's review is kept in .git for the next command (a server,
        #: which keeps the reviews it makes itself, writes none).
        self.keep_reviews = True
        self._parses: DocumentCache | None = None
        self._clause_counts: JsonCache | None = None
        #: Per document, the last version parsed here: the next one is parsed from it
        #: (only what differs, :func:`resolution_vcs.reparse.parse_next`).
        self._last_parse: dict[str, Parsed] = {}
        #: Per document, the last parse given ids and the document that made: the next
        #: version's clauses taken over from that parse keep their copies with ids.
        self._last_ids: dict[str, tuple[Document, Document]] = {}
        #: Per document, the last version :meth:`keep` was given and the parse cache
        #: does not hold yet.
        self._unsaved: dict[str, tuple[str, Document]] = {}
        #: Per document, the last commit whose ids file was read for the ids seen
        #: so far, and those ids (for ids files that do not record retired ids).
        self._seen_ids: dict[str, tuple[str, frozenset[str]]] = {}
        #: Amendment records read so far, by (file name, blob id): a blob never changes.
        self.record_cache: dict[tuple[str, str], Amendment] = {}
        #: The documents whose records were written since the lock was taken.
        self.records_written: set[str] = set()
        #: The amendments last listed at the current commit (:func:`workflow.load_all`).
        self.amendments_listed: dict[tuple[str, str], tuple[Numbered, ...]] = {}
        #: The commit :meth:`reload` last saw, and the blob its settings came from.
        self._seen_head: str | None = None
        #: How deep :meth:`locked` is entered (it is re-entrant).
        self._locked = 0
        self._config_blob: str | None = None

    # -- opening -------------------------------------------------------------

    @classmethod
    def init(
        cls,
        path: str | Path,
        *,
        actor: Person,
        chairs: Sequence[Person] = (),
        date: datetime | None = None,
    ) -> Repository:
        """Create a resolution repository at ``path`` (a git repository is made if needed).

        Without ``chairs`` the person running init is the first chair.
        """
        root = Path(path)
        if (root / CONFIG_FILE).exists():
            raise RepositoryError(
                f"{root} is already a resolution repository ({CONFIG_FILE} exists). "
                "Work in it, or choose another folder"
            )
        store = Store.init(root)
        config = Config.new(list(chairs) or [actor])
        keep = (
            b"This folder holds the tracked text of each resolution: <slug>.md, and its\n"
            b"clause ids <slug>.ids (written by resvcs; do not edit).\n"
        )
        reviews = b"One folder per document, one file per amendment.\n"
        files = {CONFIG_FILE: config.dumps().encode()}
        head = store.head()
        for path, text in ((f"{DRAFTS}/README.md", keep), (f"{REVIEWS}/README.md", reviews)):
            if not (head and store.read(head, path)) and not (root / path).exists():
                files[path] = text
        try:
            store.commit(files, _message("Create resolution repository", "init", None), actor, date)
        finally:
            store.close()
        return cls.open(root)

    @classmethod
    def open(cls, path: str | Path = ".") -> Repository:
        """The resolution repository containing ``path``."""
        store = Store.discover(Path(path))
        config_file = store.root / CONFIG_FILE
        head = store.head()
        committed = store.read(head, CONFIG_FILE) if head else None
        if committed is None:
            if config_file.exists():
                text = config_file.read_text(encoding="utf-8")
            else:
                store.close()
                raise RepositoryError(
                    f"{store.root} is a git repository but not a resolution repository "
                    f"(no {CONFIG_FILE}). Run 'resvcs init' there"
                )
        else:
            text = committed[1].decode("utf-8")
        blob = committed[0] if committed is not None else None
        return cls(store, Config.loads(text, _kept_settings(store), blob))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents -------------------------------------------------------------

    def slugs(self, at: str | None = None) -> list[str]:
        commit = at or self.store.head()
        names = self.store.list_dir(commit, DRAFTS)
        return [n[:-3] for n in names if n.endswith(".md") and n != "README.md"]

    def resolve_slug(self, slug: str | None) -> str:
        """The document meant: ``slug``, or the only document when it is left out."""
        slugs = self.slugs()
        if slug is not None:
            if slug not in slugs:
                known = ", ".join(slugs) or "none yet"
                raise NotFoundError(
                    f"No document {slug!r} (documents: {known}). Import one with 'resvcs import'"
                )
            return slug
        if len(slugs) == 1:
            return slugs[0]
        if not slugs:
            raise NotFoundError(
                "This repository has no documents yet. Import one with 'resvcs import FILE'"
            )
        raise InputError(
            f"This repository has several documents ({', '.join(slugs)}). Name one with --doc"
        )

    def documents(self) -> list[DocumentInfo]:
        result = []
        for slug in self.slugs():
            doc = self.document(slug)
            settings = self.config.documents.get(slug, DocumentSettings())
            result.append(
                DocumentInfo(
                    slug=slug,
                    title=settings.title,
                    versions=len(self.versions(slug)),
                    clauses=len(doc.clauses),
                    path=_draft_path(slug),
                )
            )
        return result

    def title(self, slug: str) -> str:
        return self.config.documents.get(slug, DocumentSettings()).title or slug

    def language(self, slug: str) -> str:
        return self.config.documents.get(slug, DocumentSettings()).language

    def versions(self, slug: str) -> list[Version]:
        """Every version of the document, v1 first."""
        history = self.store.history(_draft_path(slug))
        return [_version(slug, n, info) for n, info in enumerate(history, start=1)]

    def resolve(self, slug: str, rev: str | None = None) -> str:
        """The commit meant by ``rev`` for this document: v1, v2 …, a tag, a commit, HEAD~N."""
        if rev is None:
            head = self.store.head()
            if head is None:
                raise NotFoundError("This repository has no commits yet")
            return head
        m = _VERSION_RE.fullmatch(rev.strip())
        if m:
            versions = self.versions(slug)
            n = int(m.group(1))
            if not 1 <= n <= len(versions):
                raise NotFoundError(
                    f"{slug} has versions v1 to v{len(versions)}; there is no {rev}. "
                    "List them with 'resvcs log'"
                )
            return versions[n - 1].commit
        return self.store.resolve(rev)

    def text(self, slug: str, at: str | None = None) -> str:
        commit = self.resolve(slug, at)
        found = self.store.read(commit, _draft_path(slug))
        if found is None:
            raise NotFoundError(f"Document {slug!r} does not exist at {at or 'HEAD'}")
        return self.stored_text(slug, commit, found[1])

    def stored_text(self, slug: str, commit: str, data: bytes) -> str:
        """A draft's text as committed, checked like a file given to import (a text
        committed with plain git may be anything): the size limit and UTF-8."""
        where = f"{_draft_path(slug)} at {commit[:12]}"
        limit = self.config.max_document_bytes
        if len(data) > limit:
            raise InputError(
                f"{where} is {len(data):,} bytes, more than the limit of {limit:,}. "
                "Raise [limits] max_document_bytes in resvcs.toml, or restore a smaller text"
            )
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{where} is not UTF-8 text (invalid byte at offset {exc.start:,}); "
                "it was committed without resvcs. Restore the text with git"
            ) from None

    def document(self, slug: str, at: str | None = None, *, keep: bool = True) -> Document:
        """The document at a version (default: the current one), with its clause ids.
        ``keep=False``: a parse made for it is not kept in the cache in .git (a reading of
        every version, such as ``verify``, would fill it with versions read once)."""
        return self._document_at(slug, self.resolve(slug, at), keep)

    def _document_at(self, slug: str, commit: str, keep: bool = True) -> Document:
        from .ids import carry_ids, fresh_ids, retired_after, with_ids

        key = (slug, commit)
        cached = self._documents.get(key)
        if cached is not None:
            self._documents.move_to_end(key)
        if cached is None:
            cached = self._shared(key) or self._as_at_parent(slug, commit)
            if cached is not None:
                self._remember(key, cached)
        if cached is not None:
            return cached
        path = _draft_path(slug)
        found = self.store.read(commit, path)
        if found is None:
            raise NotFoundError(f"Document {slug!r} does not exist at {commit[:12]}")
        blob, data = found
        doc, read = self.parsed(slug, commit, blob, data, keep=keep)
        record = self.recorded_ids(slug, commit, blob)
        if record is not None and len(record.ids) == len(doc.clauses):
            ids = record.ids
            retired = record.retired
            if retired is None:  # written before retired ids were recorded
                retired = self._retired_from_history(slug, commit, ids)
        else:
            # The text was changed without resvcs (a hand edit committed with git):
            # re-anchor on the previous version, by content.
            previous = self._previous_version(path, commit)
            if previous is None:
                ids, retired = fresh_ids(doc), frozenset()
            else:
                before = self._document_at(slug, previous)
                ids = carry_ids(doc, before)
                retired = retired_after(before, ids)
        if read:  # clauses no other document holds: given their ids, not copied
            result = with_ids(doc, ids, retired, own=True)
        else:
            result = with_ids(doc, ids, retired, self._last_ids.get(slug))
            self._last_ids[slug] = (doc, result)
        self._remember(key, result)
        return result

    def _remember(self, key: tuple[str, str], doc: Document) -> None:
        self._documents[key] = doc
        self._documents.move_to_end(key)
        self._trim_documents()
        if self.shared is not None:
            self.shared.put(key, doc)

    def _shared(self, key: tuple[str, str]) -> Document | None:
        return None if self.shared is None else self.shared.get(key)

    def _as_at_parent(self, slug: str, commit: str) -> Document | None:
        """The document at ``commit``'s first parent, when it is at hand and the commit
        left the text and its ids file as they were (a proposal, a rejection): the
        same document, with nothing to read or parse again."""
        parent = self.store.first_parent(commit)
        if parent is None:
            return None
        before = self._documents.get((slug, parent)) or self._shared((slug, parent))
        if before is None:
            return None
        for path in (_draft_path(slug), _ids_path(slug)):
            if self.store.blob_id(commit, path) != self.store.blob_id(parent, path):
                return None
        return before

    def _trim_documents(self) -> None:
        """Forget the oldest documents read beyond the few kept (``_KEEP_DOCUMENTS``
        and ``_KEEP_CLAUSES``)."""
        documents = self._documents
        while len(documents) > _KEEP_DOCUMENTS or (
            len(documents) > 1 and sum(len(d.clauses) for d in documents.values()) > _KEEP_CLAUSES
        ):
            documents.popitem(last=False)

    def id_file(self, slug: str, commit: str) -> IdFile | None:
        """The ids file of a document at a commit, None if missing or unreadable."""
        from .ids import read_id_file

        found = self.store.read(commit, _ids_path(slug))
        if found is None:
            return None
        try:
            return read_id_file(found[1].decode("utf-8"))
        except (ResolutionError, UnicodeDecodeError):
            return None

    def recorded_ids(self, slug: str, commit: str, blob: str) -> IdFile | None:
        """The ids file of a document at a commit if resvcs wrote it for the text
        there (the draft's blob ``blob``); None after a hand edit committed with
        plain git, also one that brings back a text an ids file was once written for."""
        record = self.id_file(slug, commit)
        if record is None or record.source != blob or record.repeats:
            return None
        draft, ids = _draft_path(slug), _ids_path(slug)
        version = commit
        parent = self.store.first_parent(commit)
        if parent is not None and self.store.blob_id(parent, draft) == blob:
            # Not the commit that made this version (a decision after it): find that one.
            version = self.store.last_change(draft, commit) or commit
            parent = self.store.first_parent(version)
        if parent is not None and self.store.blob_id(parent, draft) != blob:
            written = self.store.blob_id(version, ids)
            if written is not None and self.store.blob_id(parent, ids) == written:
                return None  # the text changed and its ids file did not
        return record

    def _retired_from_history(self, slug: str, commit: str, ids: list[str]) -> frozenset[str]:
        """The retired ids of a version whose ids file does not record them: the
        ids that the ids files of the versions up to it name and it does not."""
        history = self.store.history(_ids_path(slug), commit)
        start, seen = 0, set()
        last = self._seen_ids.get(slug)  # versions are usually read in order: go on from there
        if last is not None:
            for k, info in enumerate(history):
                if info.sha == last[0]:
                    start, seen = k + 1, set(last[1])
                    break
        for info in history[start:]:
            record = self.id_file(slug, info.sha)
            if record is not None:
                seen.update(record.ids)
                seen.update(record.retired or ())
        if history:
            self._seen_ids[slug] = (history[-1].sha, frozenset(seen))
        return frozenset(seen.difference(ids))

    def keep(self, slug: str, commit: str, doc: Document) -> None:
        """Remember ``doc`` as the document at ``commit``, a version this process has just
        written (its text and ids files made from ``doc``): reading it back needs no
        parse. The last one kept goes into the parse cache in .git when the lock is
        given back (one write for a batch of decisions)."""
        self._remember((slug, commit), doc)
        self._unsaved[slug] = (commit, doc)

    def _save_kept(self) -> None:
        for slug, (commit, doc) in self._unsaved.items():
            # The draft's blob id at the commit made from ``doc``: read from its tree,
            # not computed again from the whole text.
            blob = self.store.blob_id(commit, _draft_path(slug))
            if blob is not None:
                self._cache.put(blob, doc)
                self.note_clause_count(blob, len(doc.clauses))
        self._unsaved.clear()

    def _save_records(self) -> None:
        if not self.records_written:
            return  # an import or a revision: the workflow is not loaded for nothing
        from .workflow import save_records

        for slug in sorted(self.records_written):
            save_records(self, slug)
        self.records_written.clear()

    @property
    def _cache(self) -> DocumentCache:
        """Parsed drafts by blob id, in .git/resvcs/cache."""
        if self._parses is None:
            from .cache import DocumentCache

            self._parses = DocumentCache(self.store.git_dir / "resvcs" / "cache")
        return self._parses

    def parsed(
        self, slug: str, commit: str, blob: str, data: bytes, *, keep: bool = True
    ) -> tuple[Document, bool]:
        """The parse of a draft blob (without ids), from the cache in .git when it is there,
        else from the version parsed before it (versions are mostly read in order); kept
        in that cache unless ``keep`` is False. And whether it was read from that cache
        (then its clauses are its own, shared with no other parse)."""
        doc = self._cache.get(blob)
        if doc is not None:
            return doc, True
        doc = self._parse_next(slug, commit, data).document
        if keep:
            self._cache.put(blob, doc)
        self.note_clause_count(blob, len(doc.clauses))
        return doc, False

    def clause_count(self, slug: str, commit: str, blob: str) -> int:
        """How many clauses the draft blob ``blob`` (of ``commit``) parses into: kept in
        .git/resvcs/cache by blob id once known, else :meth:`parsed` without labelling
        them, nor keeping the parse in that cache."""
        known = self._counts.get(blob)
        if isinstance(known, int) and not isinstance(known, bool):
            return known
        count = len(self._parse_next(slug, commit, self.store.blob(blob)).clauses)
        self.note_clause_count(blob, count)
        return count

    def note_clause_count(self, blob: str, count: int) -> None:
        """Keep how many clauses the draft blob ``blob`` parses into (a reader that
        parsed it says so): :meth:`clause_count` then reads neither blob nor parse."""
        self._counts.put(blob, count)

    @property
    def _counts(self) -> JsonCache:
        """The clause counts of parsed drafts by blob id, in .git/resvcs/cache (a parse
        of another format counts in another folder)."""
        if self._clause_counts is None:
            from .cache import FORMAT, JsonCache

            folder = self.store.git_dir / "resvcs" / "cache" / f"counts{FORMAT}"
            self._clause_counts = JsonCache(folder)
        return self._clause_counts

    def _parse_next(self, slug: str, commit: str, data: bytes) -> Parsed:
        """A draft's text parsed from the version parsed before it, if any."""
        from .reparse import Parsed, parse_next

        text = self.stored_text(slug, commit, data)
        last = self._last_parse.get(slug)
        parsed = Parsed.of(text) if last is None else parse_next(last, text)
        self._last_parse[slug] = parsed
        return parsed

    def _previous_version(self, path: str, commit: str) -> str | None:
        """The last commit before ``commit``'s version of ``path`` that changed it."""
        history = self.store.history(path, commit)
        if len(history) < 2:
            return None
        return history[-2].sha

    # -- writing ---------------------------------------------------------------

    def import_document(
        self,
        data: bytes,
        *,
        source: str,
        author: Person,
        slug: str | None = None,
        title: str | None = None,
        message: str | None = None,
        encoding: str | None = None,
        fmt: str = "auto",
        date: datetime | None = None,
    ) -> Version:
        """Import a plain-text, Markdown or Word file as a new document (one commit)."""
        from .drafts import read_draft
        from .ids import fresh_ids
        from .importers import import_text
        from .parse import parse
        from .text import detect_language

        draft = read_draft(
            data, source=source, encoding=encoding, max_bytes=self.config.max_document_bytes
        )
        text = draft.text
        if draft.word:
            fmt = draft.fmt
        if not text.strip():
            raise InputError(f"{source} is empty. Give the file with the text of the resolution")
        slug = check_slug(slugify(Path(source).stem) if slug is None else slug)
        if slug in self.slugs():
            raise InputError(
                f"Document {slug!r} already exists. Choose another --slug, or add a version "
                f"with 'resvcs revise --doc {slug} --from FILE -m …'"
            )
        imported = import_text(text, fmt=fmt, filename=source)  # type: ignore[arg-type]
        doc = parse(imported.markdown)
        if not doc.clauses:
            raise InputError(f"{source} has no text to import. Check that it is the right file")
        settings = DocumentSettings(
            title=(title or imported.title or slug).strip(),
            language=detect_language(imported.markdown),
        )
        self.config.documents[slug] = settings
        msg = message or f"Import {slug}: {settings.title}"
        self._write_version(
            slug,
            imported.markdown,
            doc,
            fresh_ids(doc),
            msg,
            "import",
            author,
            date,
            extra={CONFIG_FILE: self.config.dumps().encode()},
        )
        return self.versions(slug)[-1]

    def revise(
        self,
        slug: str,
        data: bytes,
        *,
        source: str,
        author: Person,
        message: str,
        encoding: str | None = None,
        date: datetime | None = None,
    ) -> Version | None:
        """A new version from an edited file (an editorial revision); None if nothing changed."""
        from .drafts import read_draft
        from .ids import carry_ids
        from .reparse import Parsed, parse_next

        if not message.strip():
            raise InputError("A revision needs a message saying why. Give one with -m")
        draft = read_draft(
            data, source=source, encoding=encoding, max_bytes=self.config.max_document_bytes
        )
        text = draft.text
        if not text.strip():
            raise InputError(f"{source} is empty. A revision cannot delete the whole text")
        # Under the lock from reading the current text to writing the new one: a version
        # another command writes meanwhile is neither written over nor taken for edits.
        with self.locked():
            current = self.document(slug)
            markdown = self._copy_markdown(current, draft, source)
            if markdown == current.render():
                return None
            # Parsed from the current text where they differ, as a whole parse gives it
            # (words changed inside lines are not parsed at all).
            parsed = parse_next(Parsed.of_document(current), markdown)
            path = _draft_path(slug)
            from_draft = Path(source).resolve() == (self.root / path).resolve()
            if not from_draft:
                self.refuse_local_edits(slug, "the revision")
            self._write_version(
                slug,
                markdown,
                parsed.document,
                carry_ids(parsed.document, current),
                message,
                "revision",
                author,
                date,
                overwrite=[path] if from_draft else [],
            )
            return self.versions(slug)[-1]

    def record_revision(
        self,
        slug: str,
        rev: str,
        *,
        author: Person,
        message: str,
        date: datetime | None = None,
    ) -> Version:
        """Record a version made with plain git (a commit of ``drafts/<slug>.md``) as an
        editorial revision by ``author``, saying why: a commit that names it in a
        ``Revision-Of`` trailer, after which verify accepts the version as a revision.
        The text does not change; the clause ids of the current text are written down
        if they were not. Returns the version recorded."""
        from . import workflow

        if not message.strip():
            raise InputError("A revision needs a message saying why. Give one with -m")
        sha = self.resolve(slug, rev)
        waiting = workflow.unrecorded_edits(self.store, slug)
        if sha not in waiting:
            versions = {v.commit: v for v in self.versions(slug)}
            version = versions.get(sha)
            if version is None:
                raise InputError(
                    f"{rev} is not a version of {slug}: it does not change {_draft_path(slug)}. "
                    "List the versions with 'resvcs log'"
                )
            record = workflow.recorded_edits(self.store, slug).get(sha)
            if record is not None:
                raise InputError(
                    f"{version.name} is recorded as an editorial revision already "
                    f"(by {record.author}, {record.sha[:12]})"
                )
            raise InputError(
                f"{version.name} was made by resvcs ({version.action}); only a version "
                "changed with git needs recording"
            )
        name = waiting[sha]
        with self.locked():
            head = self.store.head()
            assert head is not None
            ids_path = _ids_path(slug)
            written = self.store.read(head, ids_path)
            ids = self.version_files(slug, self.document(slug))[ids_path]
            files = {} if written is not None and written[1] == ids else {ids_path: ids}
            text = (
                f"Record {name} of {slug} ({sha[:12]}) as an editorial revision\n\n"
                f"{message.strip()}\n\n"
                f"{ACTION}: revision\n{DOCUMENT}: {slug}\n{workflow.REVISION_OF}: {sha}\n"
            )
            self.store.commit(files, text, author, date or datetime.now(UTC))
        return next(v for v in self.versions(slug) if v.commit == sha)

    def version_files(self, slug: str, doc: Document) -> dict[str, bytes]:
        """The files that hold a version of a document: its text and its ids."""
        from .ids import format_id_file

        path = _draft_path(slug)
        data = doc.encoded()
        ids = [c.id for c in doc.clauses]
        return {
            path: data,
            _ids_path(slug): format_id_file(path, data, ids, self._retired(slug, ids)).encode(),
        }

    def _retired(self, slug: str, ids: Sequence[str]) -> frozenset[str]:
        """The retired ids of a new version with clauses ``ids`` on the current one."""
        from .ids import retired_after

        try:
            current = self.document(slug)
        except NotFoundError:  # a new document
            return frozenset()
        return retired_after(current, ids)

    def local_edits(self, slug: str) -> str | None:
        """The draft's path if it has edits nobody committed (in the working tree or
        staged); None if the file is as the last commit has it."""
        path = _draft_path(slug)
        return path if self.store.local_changes([path]) else None

    def local_edit_warning(self, slug: str, source: str | None = None) -> str | None:
        """What to tell someone whose command leaves the draft's uncommitted edits
        aside (they are not part of the text); None when there are none, or when
        ``source`` (a file being proposed from) is that draft itself."""
        path = self.local_edits(slug)
        if path is None:
            return None
        if source is not None and Path(source).resolve() == (self.root / path).resolve():
            return None
        return (
            f"{path} has edits that are not committed; they are not part of the text and "
            f"were left as they are. To propose them: resvcs propose --from {path}"
        )

    def refuse_local_edits(self, slug: str, action: str) -> None:
        """Stop a command that would write the draft over edits nobody committed.

        Checked under the lock: another command writing a new version updates the
        commit and the file one after the other, and read between the two the
        file would look edited."""
        with self.locked():
            path = self.local_edits(slug)
        if path is not None:
            raise RepositoryError(
                f"{path} has edits that are not committed, and {action} would write that "
                f"file. Propose them with 'resvcs propose --from {path}' and undo them with "
                f"'git checkout HEAD -- {path}', then run the command again"
            )

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the repository lock; on taking it, finish what a killed command left
        half-done; before leaving it after writing, pack what the writing left loose
        (:meth:`Store.housekeep`)."""
        from .lock import repository_lock
        from .markdown import shared_chunks

        # The versions a decision reads and writes share the parses of their equal parts.
        with repository_lock(self.store.git_dir), shared_chunks():
            self.store.recover()
            self._locked += 1
            try:
                yield
            finally:
                self._locked -= 1
            if not self._locked:
                self._save_kept()
                self._save_records()
                self.store.housekeep()

    def refresh(self) -> None:
        """Forget what was read, after a write (parsed versions stay: they never change)."""

    def reload(self) -> str | None:
        """Catch up with commits made by others (another process, a sync) since this
        object last looked: the settings in resvcs.toml are read again when they
        changed. Returns the current commit."""
        head = self.store.head()
        if head is not None and head != self._seen_head:
            committed = self.store.read(head, CONFIG_FILE)
            if committed is not None and committed[0] != self._config_blob:
                text = committed[1].decode("utf-8")
                self.config = Config.loads(text, _kept_settings(self.store), committed[0])
                self._config_blob = committed[0]
            self._seen_head = head
        return head

    # -- amendments ----------------------------------------------------------------------------

    def amendments(self, slug: str) -> list[Numbered]:
        """Every amendment of the document with its number, in number order."""
        from . import workflow

        return workflow.load_all(self, slug)

    def amendment(self, slug: str, ref: str) -> Numbered:
        """One amendment, by id or number."""
        from . import workflow

        return workflow.find(self, slug, ref)

    def select(self, slug: str, refs: Sequence[str]) -> list[Numbered]:
        """The amendments named by numbers, ids, ranges ("11-54") and lists ("1,3,5")."""
        from . import workflow

        return workflow.select(self, slug, refs)

    def propose(
        self,
        slug: str,
        groups: Sequence[Sequence[Operation]],
        *,
        author: Person,
        rationale: str = "",
        cosponsors: Sequence[Person] = (),
        date: datetime | None = None,
        base: str | None = None,
    ) -> list[Numbered]:
        """Propose amendments: one per group of operations (see :mod:`amend`).

        ``base``: the commit whose text the operations were made against, when not
        the current one (see :func:`workflow.propose`)."""
        from . import workflow

        return workflow.propose(
            self,
            slug,
            groups,
            author=author,
            rationale=rationale,
            cosponsors=cosponsors,
            date=date,
            base=base,
        )

    def copy_operations(
        self,
        slug: str,
        data: bytes,
        *,
        source: str,
        encoding: str | None = None,
        at: str | None = None,
    ) -> list[list[Operation]]:
        """Every change an edited copy makes to the text (current, or at ``at``), one
        group per changed clause; [] when the copy is the same (an exact split:
        :func:`resolution_vcs.amend.operations_from_copy`)."""
        from .amend import operations_from_copy

        draft = self._copy_draft(data, source, encoding)
        document = self.document(slug, at)
        return operations_from_copy(document, self._copy_markdown(document, draft, source))

    def version_name(self, slug: str, commit: str) -> str:
        """The version of the document a commit holds: "v3"."""
        return f"v{self.version_count(slug, commit)}"

    def version_count(self, slug: str, commit: str | None = None) -> int:
        """How many versions of the document there are (up to ``commit``), without
        reading them: ``len(versions(slug))``."""
        return self.store.history_count(_draft_path(slug), commit)

    def labels(self, slug: str, amendment: Amendment | None = None) -> Mapping[str, str]:
        """Clause ids → labels of the current text (and of the clauses ``amendment``
        names that are gone, as they were)."""
        from . import workflow

        return workflow.labels_for(self, slug, amendment)

    def plan_copy(
        self,
        slug: str,
        data: bytes,
        *,
        source: str,
        encoding: str | None = None,
        exact: bool = False,
        at: str | None = None,
    ) -> CopyPlan:
        """What an edited copy of the text (current, or at ``at``) proposes: its changes of
        words, or with ``exact`` everything (:func:`resolution_vcs.copies.plan_copy`).
        Nothing is written."""
        from .copies import plan_copy

        draft = self._copy_draft(data, source, encoding)
        document = self.document(slug, at)
        return plan_copy(document, self._copy_markdown(document, draft, source), exact=exact)

    def _copy_draft(self, data: bytes, source: str, encoding: str | None) -> Draft:
        """An edited copy as read (:func:`resolution_vcs.drafts.read_draft`); refused
        when it is empty."""
        from .drafts import read_draft

        draft = read_draft(
            data, source=source, encoding=encoding, max_bytes=self.config.max_document_bytes
        )
        if not draft.text.strip():
            raise InputError(f"{source} is empty. Give the edited copy of the text")
        return draft

    def _copy_markdown(self, current: Document, draft: Draft, source: str) -> str:
        """The Markdown of a copy of ``current``; a plain-text copy keeps the paragraphs
        that a new wrapping would join (:func:`resolution_vcs.importers.to_markdown`)."""
        from .importers import detect_format, to_markdown

        if draft.fmt != "auto" or detect_format(draft.text, source) != "plain":
            return to_markdown(draft.text, fmt=draft.fmt, filename=source)
        paragraphs = [c.text for c in current]
        return to_markdown(draft.text, fmt=draft.fmt, filename=source, paragraphs=paragraphs)

    def propose_copy(
        self,
        slug: str,
        data: bytes,
        *,
        source: str,
        author: Person,
        single: bool = False,
        rationale: str = "",
        cosponsors: Sequence[Person] = (),
        encoding: str | None = None,
        exact: bool = False,
        date: datetime | None = None,
    ) -> CopyProposal:
        """Amendments from an edited copy of the current text: one per changed clause
        (or one for everything with ``single``); none when the copy is unchanged.

        Only changes of words are proposed; line breaks, typography, layout and numbers
        the copy changed are left aside and counted (``ignored``). With ``exact``
        everything is, so that accepting them all gives the copy byte for byte. A Word
        copy with tracked changes gives one amendment per tracked change."""
        from .drafts import is_word

        limit = self.config.max_document_bytes
        if not single and is_word(data) and _has_tracked_changes(data, source, limit):
            made = self._propose_tracked(slug, data, source=source, author=author, date=date)
            return CopyProposal(tuple(made), {})
        plan = self.plan_copy(slug, data, source=source, encoding=encoding, exact=exact)
        groups = plan.groups
        if not groups:
            return CopyProposal((), plan.ignored)
        if single:
            groups = [[op for group in groups for op in group]]
        made = self.propose(
            slug, groups, author=author, rationale=rationale, cosponsors=cosponsors, date=date
        )
        return CopyProposal(tuple(made), plan.ignored)

    def propose_instructions(
        self,
        slug: str,
        data: bytes,
        *,
        source: str,
        author: Person,
        rationale: str = "",
        cosponsors: Sequence[Person] = (),
        encoding: str | None = None,
        date: datetime | None = None,
    ) -> list[Numbered]:
        """Amendments written in drafting language ("Пункт 4 исключить.", "In paragraph 5,
        replace “X” with “Y”."): one per instruction, the same operations the other
        forms of ``propose`` make. An instruction that does not name exactly one place
        is refused (InputError naming it) and nothing is proposed."""
        from .drafting import read_instructions
        from .text import decode

        text = decode(
            data, source=source, encoding=encoding, max_bytes=self.config.max_document_bytes
        )
        groups = read_instructions(text, self.document(slug))
        return self.propose(
            slug, groups, author=author, rationale=rationale, cosponsors=cosponsors, date=date
        )

    def _propose_tracked(
        self, slug: str, data: bytes, *, source: str, author: Person, date: datetime | None
    ) -> list[Numbered]:
        """Amendments of a Word copy with tracked changes, each credited to the person
        who made it (:mod:`resolution_vcs.word.tracked`); ``author`` hands the copy in."""
        from . import workflow
        from .word.tracked import tracked_proposals

        proposals, _ = tracked_proposals(
            self.document(slug), data, source=source, max_bytes=self.config.max_document_bytes
        )
        if not proposals:
            return []

        def person(name: str) -> Person:
            return Person.parse(name) if name.strip() else author

        credits = [
            workflow.Credit(
                person(p.author),
                p.date,
                p.rationale,
                tuple(person(c) for c in p.cosponsors),
            )
            for p in proposals
        ]
        return workflow.propose(
            self,
            slug,
            [list(p.operations) for p in proposals],
            author=author,
            date=date,
            credits=credits,
        )

    def insertion(
        self, slug: str, ref: str, text: str, where: Literal["after", "before"] = "after"
    ) -> Operation:
        """The operation that puts ``text`` as a new clause after/before ``ref`` in the
        current text, numbered as the document's setting says (``numbering`` in
        resvcs.toml: the place's number, or a suffix number such as 5-1)."""
        from .amend import insert_clause
        from .numbering import suffix_separator

        doc = self.document(slug)
        return insert_clause(
            doc,
            ref,
            text,
            where,
            numbering=self.config.numbering(slug),
            separator=suffix_separator(doc, self.language(slug)),
        )

    def consequences(self, slug: str, ref: str) -> Consequences | None:
        """What accepting amendment ``ref`` changes besides what it says: the items
        it renumbers (old → new numbers), the references it rewrites, those it leaves
        pointing at items it deletes (see :func:`workflow.consequences`)."""
        from . import workflow

        return workflow.consequences(self, slug, ref)

    def references(self, slug: str, at: str | None = None) -> list[Reference]:
        """The cross-references in a version of the text ("пунктом 5", "paragraphs 3
        to 5"), each resolved to the items it cites (see :mod:`references`)."""
        from .references import find_references

        return find_references(self.document(slug, at))

    def check(self, slug: str) -> list[Finding]:
        """References to items the text does not have, references pending amendments
        would leave pointing at items they delete, and numbering that repeats or goes
        back (see :mod:`checks`)."""
        from .checks import check

        return check(self, slug)

    def proposal_labels(self, slug: str, amendment: Amendment) -> dict[str, str]:
        """The clause labels of the text an amendment was made against (clause id →
        label): the places as the meeting cited them."""
        from . import workflow

        return workflow.proposal_labels(self, slug, amendment)

    def accept(
        self,
        slug: str,
        refs: Sequence[str],
        *,
        chair: Person,
        reason: str = "",
        date: datetime | None = None,
        on_decided: Callable[[Outcome, Document, Document], None] | None = None,
    ) -> list[Outcome]:
        """Accept amendments in the order given (see :func:`workflow.accept`)."""
        from . import workflow

        return workflow.accept(
            self, slug, refs, chair=chair, reason=reason, date=date, on_decided=on_decided
        )

    def reject(
        self,
        slug: str,
        refs: Sequence[str],
        *,
        chair: Person,
        reason: str,
        date: datetime | None = None,
    ) -> list[Outcome]:
        from . import workflow
        from .records import Status

        return workflow.decide(
            self, slug, refs, Status.REJECTED, person=chair, reason=reason, date=date
        )

    def withdraw(
        self, slug: str, ref: str, *, author: Person, reason: str = "", date: datetime | None = None
    ) -> Outcome:
        """Withdraw one amendment (its author only)."""
        if len(self.select(slug, [ref])) != 1:
            raise InputError(f"{ref!r} names several amendments. Withdraw them with withdraw_all")
        return self.withdraw_all(slug, [ref], author=author, reason=reason, date=date)[0]

    def withdraw_all(
        self,
        slug: str,
        refs: Sequence[str],
        *,
        author: Person,
        reason: str = "",
        date: datetime | None = None,
    ) -> list[Outcome]:
        """Withdraw amendments (numbers, ids, ranges, lists); each must be the author's own."""
        from . import workflow
        from .records import Status

        return workflow.decide(
            self, slug, refs, Status.WITHDRAWN, person=author, reason=reason, date=date
        )

    def resolvable(self, slug: str, ref: str, person: Person) -> Numbered:
        """The conflicted amendment ``person`` may give new wording (or why not)."""
        from . import workflow

        return workflow.resolvable(self, slug, ref, person)

    def resolve_amendment(
        self,
        slug: str,
        ref: str,
        operations: Sequence[Operation],
        *,
        person: Person,
        date: datetime | None = None,
    ) -> Numbered:
        from . import workflow

        return workflow.resolve(self, slug, ref, operations, person=person, date=date)

    def review(self, slug: str) -> list[ReviewItem]:
        from .review import review

        return review(self, slug)

    def adopt(
        self,
        slug: str,
        *,
        chair: Person,
        tag: str | None = None,
        lapse_pending: bool = False,
        final_status: str | None = None,
        date: datetime | None = None,
    ) -> str:
        from . import workflow

        return workflow.adopt(
            self,
            slug,
            chair=chair,
            tag=tag,
            lapse_pending=lapse_pending,
            final_status=final_status,
            date=date,
        )

    def _write_version(
        self,
        slug: str,
        markdown: str,
        doc: Document,
        ids: Sequence[str],
        message: str,
        action: str,
        author: Person,
        date: datetime | None,
        extra: dict[str, bytes] | None = None,
        overwrite: Sequence[str] = (),
    ) -> str:
        """Commit ``markdown`` (whose parse is ``doc``) as the next version of a document,
        its clauses given ``ids``; the version, read back, is ``doc`` with the ids (and
        retired ids) its ids file records."""
        from .ids import format_id_file, read_id_file, with_ids

        path = _draft_path(slug)
        id_file = format_id_file(path, markdown, ids, self._retired(slug, ids))
        files = {
            path: markdown.encode("utf-8"),
            _ids_path(slug): id_file.encode("utf-8"),
            **(extra or {}),
        }
        with self.locked():
            sha = self.store.commit(
                files,
                _message(message, action, slug),
                author,
                date or datetime.now(UTC),
                overwrite=overwrite,
            )
            recorded = read_id_file(id_file)
            if recorded.retired is not None and recorded.ids == list(ids):
                self.keep(slug, sha, with_ids(doc, ids, recorded.retired))
            return sha

    # -- comparing -------------------------------------------------------------

    def diff(
        self,
        slug: str,
        old: str | None = None,
        new: str | None = None,
        *,
        ignore: Ignore = frozenset(),
    ) -> DocumentDiff:
        """Clause diff between two versions; by default the previous against the current.
        ``ignore``: leave aside wrapping or typography (:mod:`resolution_vcs.typography`)."""
        from .diff import diff
        from .markdown import shared_chunks

        if old is None and new is None:
            versions = self.versions(slug)
            if len(versions) < 2:
                base = self.document(slug)
                return diff(base, base)
            old, new = versions[-2].commit, versions[-1].commit
        old_commit, new_commit = self.resolve(slug, old), self.resolve(slug, new)
        with shared_chunks():
            before, after = self.document(slug, old_commit), self.document(slug, new_commit)
        return diff(before, after, self._moved_between(slug, old_commit, new_commit), ignore=ignore)

    def _moved_between(self, slug: str, old: str, new: str) -> frozenset[str]:
        """Ids of the clauses that the amendments accepted between the versions at
        commits ``old`` and ``new`` (in either order) moved: what a diff of the two
        should call moved (:func:`resolution_vcs.diff.diff`). Neither the records of
        amendments nor the code that applies them is loaded where no acceptance is
        between (a revision's diff)."""
        path = _draft_path(slug)
        early, late = self.store.history(path, old), self.store.history(path, new)
        if len(early) > len(late):
            early, late = late, early
        moved: set[str] = set()
        for info in late[len(early) :]:
            amendment_id = info.trailers.get("Amendment", "")
            if amendment_id and info.trailers.get(ACTION) == "acceptance":
                from .amend import moved_by
                from .workflow import record_at

                with suppress(ResolutionError, UnicodeDecodeError):  # verify reports it
                    record = record_at(self.store, slug, info.sha, amendment_id)
                    if record is not None:
                        moved.update(moved_by(record.operations))
        return frozenset(moved)


class SharedDocuments:
    """The last documents read by the Repository objects that share it (a server's
    threads, each with its own), by (slug, commit): a commit names its whole history,
    so the document at it is the same for each; a long text is parsed once for all."""

    def __init__(self, keep: int = _KEEP_DOCUMENTS) -> None:
        self._keep = keep
        self._documents: OrderedDict[tuple[str, str], Document] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Document | None:
        with self._lock:
            return self._documents.get(key)

    def put(self, key: tuple[str, str], doc: Document) -> None:
        with self._lock:
            self._documents[key] = doc
            self._documents.move_to_end(key)
            while len(self._documents) > self._keep:
                self._documents.popitem(last=False)


def _kept_settings(store: Store) -> JsonCache:
    """What tomllib made of each version of resvcs.toml read here (:meth:`Config.loads`)."""
    from .cache import JsonCache

    return JsonCache(store.git_dir / "resvcs" / "cache" / "settings", keep=16)


def _draft_path(slug: str) -> str:
    return f"{DRAFTS}/{slug}.md"


def _ids_path(slug: str) -> str:
    return f"{DRAFTS}/{slug}.ids"


def _message(text: str, action: str, slug: str | None) -> str:
    trailers = [f"{ACTION}: {action}"]
    if slug:
        trailers.append(f"{DOCUMENT}: {slug}")
    return text.strip() + "\n\n" + "\n".join(trailers) + "\n"


def _has_tracked_changes(data: bytes, source: str, limit: int) -> bool:
    """Whether a Word file holds tracked changes (the Word modules load only for one)."""
    from .word.tracked import has_tracked_changes

    return has_tracked_changes(data, source=source, max_bytes=limit)


def _version(slug: str, number: int, info: CommitInfo) -> Version:
    return Version(
        document=slug,
        number=number,
        commit=info.sha,
        author=info.author,
        date=info.date,
        message=info.subject,
        action=info.trailers.get(ACTION, "commit"),
    )


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya i yi ye g".split(
            " "
        ),
        strict=True,
    )
)


def _transliterate(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
