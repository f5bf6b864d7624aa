"""Verify: replay a document's history and prove that the text is what was decided.

Every version must be an import (v1), a recorded editorial revision, the exact
application of an amendment accepted by someone who was a chair at the time,
or an adoption that changed at most the status line. Decided amendment records
must never change again, and adoption tags must still point at the commit
they were made on. Anything else is reported with its commit and what is wrong.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .amend import Applied, apply
from .collect import paused
from .config import CONFIG_FILE, Config
from .errors import ResolutionError
from .frozen import frozen
from .ids import IdFile, retired_after
from .numbering import numbering_mode
from .records import FINAL, Amendment, Decision, Status, load_record
from .storage import CommitInfo, Person
from .workflow import record_at, recorded_edits

if TYPE_CHECKING:
    from .model import Document
    from .repository import Repository


@frozen
class Violation:
    """Something in the history that the rules do not allow."""

    commit: str
    what: str

    def __str__(self) -> str:
        return f"{self.commit[:12]}: {self.what}"


@frozen
class RecordedEdit:
    """A version made with plain git, recorded afterwards as an editorial revision."""

    version: str  # "v3"
    edit: CommitInfo  # the commit that changed the text
    record: CommitInfo  # the commit that records it, by the person who answers for it

    @property
    def reason(self) -> str:
        """Why, as the person who recorded it wrote (the record's message body)."""
        paragraphs = self.record.message.strip().split("\n\n")
        return "\n\n".join(paragraphs[1:-1]).strip()

    def __str__(self) -> str:
        why = f": {' '.join(self.reason.split())}" if self.reason else ""
        return (
            f"{self.version} ({self.edit.sha[:12]}) was changed with git by {self.edit.author} "
            f"and recorded as an editorial revision by {self.record.author}{why}"
        )


@frozen
class Report:
    document: str
    versions: int
    decisions: int
    violations: tuple[Violation, ...]
    #: Versions made with plain git that someone recorded as editorial revisions.
    recorded: tuple[RecordedEdit, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.violations


def verify(repo: Repository, slug: str, *, require_signed: bool = False) -> Report:
    """Check the whole history of one document."""
    # Each version is parsed from the one before it (only what changed), without
    # sharing parsed chunks: those of a whole version take many times its size.
    violations: list[Violation] = []
    draft = f"drafts/{slug}.md"
    versions = repo.store.history(draft)
    recorded = recorded_edits(repo.store, slug)
    edits: list[RecordedEdit] = []
    previous: Document | _Ids | None = None
    for n, info in enumerate(versions, 1):
        action = info.trailers.get("Resvcs-Action", "")
        following = versions[n].trailers.get("Resvcs-Action", "") if n < len(versions) else ""
        with paused():  # tens of thousands of clauses a version, no cycles among them
            found: Document | _Ids | None = None
            if action not in _COMPARED and following not in _COMPARED:
                found = _ids_of(repo, slug, info.sha)
            doc = found if found is not None else repo.document(slug, info.sha, keep=False)
        name = f"v{n}"
        if n == 1:
            if action != "import":
                violations.append(Violation(info.sha, f"{name} was not made by 'resvcs import'"))
        elif action == "revision":
            pass  # a recorded editorial revision
        elif action == "acceptance":
            assert not isinstance(doc, _Ids) and not isinstance(previous, _Ids)
            violations.extend(_check_acceptance(repo, slug, name, info, previous, doc))
        elif action == "adoption":
            assert not isinstance(doc, _Ids) and not isinstance(previous, _Ids)
            violations.extend(_check_adoption(repo, name, info, previous, doc))
        elif info.sha in recorded:
            edits.append(RecordedEdit(name, info, recorded[info.sha]))
        else:
            violations.append(
                Violation(
                    info.sha,
                    f"{name} changed the text without resvcs (a plain git commit by "
                    f"{info.author}: {info.subject!r}). If it is an editorial revision, "
                    f'record it as one: resvcs revise --adopt-commit {info.sha[:12]} -m "why"',
                )
            )
        violations.extend(_check_retired(repo, slug, name, info, previous, doc))
        previous = doc
    records, decisions = _check_records(repo, slug)
    violations.extend(records)
    violations.extend(_check_tags(repo, slug))
    if require_signed:
        violations.extend(_check_signatures(repo, slug))
    return Report(slug, len(versions), decisions, tuple(violations), tuple(edits))


def _settings_at(repo: Repository, commit: str) -> Config:
    """The settings in force just before ``commit`` (its first parent's resvcs.toml)."""
    where = repo.store.first_parent(commit) or commit
    found = repo.store.read(where, CONFIG_FILE)
    return Config.loads(found[1].decode("utf-8")) if found else Config()


def _check_acceptance(
    repo: Repository,
    slug: str,
    name: str,
    info: CommitInfo,
    previous: Document | None,
    doc: Document,
) -> list[Violation]:
    t = info.trailers
    amendment_id = t.get("Amendment", "")
    chair = t.get("Chair", "")
    problems = []
    record = record_at(repo.store, slug, info.sha, amendment_id) if amendment_id else None
    if record is None:
        return [Violation(info.sha, f"{name} claims an acceptance but names no amendment record")]
    if record.status is not Status.ACCEPTED or record.decision is None:
        problems.append(
            Violation(info.sha, f"{name}: amendment {amendment_id} is not recorded as accepted")
        )
    elif record.decision.by != chair:
        problems.append(
            Violation(
                info.sha,
                f"{name}: the record says {record.decision.by} "
                f"accepted amendment {amendment_id}, the commit {chair}",
            )
        )
    settings = _settings_at(repo, info.sha)
    if not chair or not settings.is_chair(Person.parse(chair)):
        problems.append(
            Violation(
                info.sha,
                f"{name}: amendment {amendment_id} was accepted by "
                f"{chair or 'nobody named'}, who was not a chair",
            )
        )
    if previous is not None:
        # Records made before acceptances renumbered say no numbering: their text is
        # the operations alone. Others must follow the document's setting at the time.
        numbering = record.decision.numbering if record.decision is not None else ""
        setting = settings.numbering(slug)
        if numbering and numbering != setting:
            problems.append(
                Violation(
                    info.sha,
                    f"{name}: amendment {amendment_id} was numbered as {numbering!r}, "
                    f"the document's setting was {setting!r}",
                )
            )
        result = apply(previous, record.operations, numbering=numbering_mode(numbering))
        if not _as_recorded(result, doc, record.decision):
            # Acceptances recorded before sub-items followed their renumbered items.
            earlier = apply(
                previous, record.operations, numbering=numbering_mode(numbering), subitems=False
            )
            if _as_recorded(earlier, doc, record.decision):
                result = earlier
        if result.document is None:
            problems.append(
                Violation(
                    info.sha,
                    f"{name}: amendment {amendment_id} does not apply to the previous version",
                )
            )
        elif result.document.render() != doc.render():
            problems.append(
                Violation(
                    info.sha,
                    f"{name} is not exactly the previous version with "
                    f"amendment {amendment_id} applied",
                )
            )
        elif [c.id for c in result.document] != [c.id for c in doc] and not _ids_as_before(
            repo, slug, info, previous, record, doc
        ):
            problems.append(
                Violation(
                    info.sha, f"{name}: the clause ids do not follow the amendment {amendment_id}"
                )
            )
        elif record.decision is not None and (
            record.decision.renumbered,
            record.decision.references,
            record.decision.dangling,
        ) != (result.renumbered, result.references, result.dangling):
            problems.append(
                Violation(
                    info.sha,
                    f"{name}: the record of amendment {amendment_id} does not list the "
                    "consequential changes the acceptance made",
                )
            )
    return problems


def _as_recorded(result: Applied, doc: Document, decision: Decision | None) -> bool:
    """Whether applying an accepted amendment gives the version and the consequential
    changes its record states."""
    return (
        result.document is not None
        and result.document.render() == doc.render()
        and (
            decision is None
            or (decision.renumbered, decision.references, decision.dangling)
            == (result.renumbered, result.references, result.dangling)
        )
    )


def _ids_as_before(
    repo: Repository,
    slug: str,
    info: CommitInfo,
    previous: Document,
    record: Amendment,
    doc: Document,
) -> bool:
    """Whether a version whose ids file does not record retired ids (it was
    written before they were) has the ids that rule gave: new clauses took any
    id no clause had at the time."""
    written = repo.id_file(slug, info.sha)
    if written is None or written.retired is not None:
        return False
    result = apply(replace(previous, retired=frozenset()), record.operations).document
    return result is not None and [c.id for c in result] == [c.id for c in doc]


#: The actions whose versions are compared with the version before them, clause by clause.
_COMPARED = frozenset({"acceptance", "adoption"})


@frozen
class _Ids:
    """What the rules need of a version that is not compared clause by clause with
    another: its ids file as written, which is the version's ids and retired ids."""

    written: IdFile

    @property
    def ids(self) -> list[str]:
        return self.written.ids

    @property
    def used(self) -> frozenset[str]:
        """The ids of its clauses and its retired ids (:func:`used_ids`)."""
        assert self.written.retired is not None
        return self.written.retired.union(self.written.ids)


def _ids_of(repo: Repository, slug: str, commit: str) -> _Ids | None:
    """The version at ``commit`` as :class:`_Ids`, when its ids file describes its text
    (the clauses of its parse are as many as the ids) and records the retired ids: the
    ids and retired ids :meth:`Repository.document` gives it, without the document. None
    otherwise (the whole document is read then)."""
    blob = repo.store.blob_id(commit, f"drafts/{slug}.md")
    if blob is None:
        return None
    written = repo.recorded_ids(slug, commit, blob)
    if written is None or written.retired is None:
        return None
    count = repo.clause_count(slug, commit, blob)
    return _Ids(written) if count == len(written.ids) else None


def _check_retired(
    repo: Repository,
    slug: str,
    name: str,
    info: CommitInfo,
    previous: Document | _Ids | None,
    doc: Document | _Ids,
) -> list[Violation]:
    """The retired ids an ids file records are every id the versions before used
    and this one does not."""
    if isinstance(doc, _Ids):
        written: IdFile | None = doc.written  # its ids are the document's
    else:
        written = repo.id_file(slug, info.sha)
        if written is None or written.ids != [c.id for c in doc]:
            return []  # nothing recorded, or the ids file is not this version's
    if written is None or written.retired is None:
        return []
    if previous is None:
        expected: frozenset[str] = frozenset()
    elif isinstance(previous, _Ids):
        expected = previous.used.difference(written.ids)
    else:
        expected = retired_after(previous, written.ids)
    if written.retired == expected:
        return []
    return [
        Violation(
            info.sha,
            f"{name}: the retired ids in drafts/{slug}.ids are not the ids that "
            "earlier versions used and this one no longer has",
        )
    ]


def _check_adoption(
    repo: Repository, name: str, info: CommitInfo, previous: Document | None, doc: Document
) -> list[Violation]:
    chair = info.trailers.get("Chair", "")
    problems = []
    if not chair or not _settings_at(repo, info.sha).is_chair(Person.parse(chair)):
        problems.append(
            Violation(
                info.sha, f"{name} was adopted by {chair or 'nobody named'}, who was not a chair"
            )
        )
    if previous is not None:
        rest_before = [c.content for c in previous.clauses[1:]]
        rest_after = (
            [c.content for c in doc.clauses[1:]]
            if (len(doc.clauses) == len(previous.clauses))
            else [c.content for c in doc.clauses]
        )
        if rest_before != rest_after:
            problems.append(
                Violation(info.sha, f"{name}: the adoption changed more than the status line")
            )
    return problems


def _check_records(repo: Repository, slug: str) -> tuple[list[Violation], int]:
    """Decided records never change again; accepted ones were applied by an acceptance."""
    folder = f"reviews/{slug}"
    problems: list[Violation] = []
    decided_at: dict[str, str] = {}
    last: dict[str, bytes] = {}
    accepted_by_commit: set[str] = set()
    for info in repo.store.history_of([folder]):
        if info.trailers.get("Resvcs-Action") == "acceptance":
            accepted_by_commit.add(info.trailers.get("Amendment", ""))
        files = dict(repo.store.iter_blobs(info.sha, folder))
        for name in sorted(set(last) | set(files)):
            if name == "README.md" or not name.endswith(".md"):
                continue
            amendment_id = name[:-3]
            before, after = last.get(name), files.get(name)
            if before == after:
                continue
            if amendment_id in decided_at:
                what = "deleted" if after is None else "changed"
                problems.append(
                    Violation(
                        info.sha,
                        f"the record of amendment {amendment_id} was "
                        f"{what} after its decision "
                        f"({decided_at[amendment_id][:12]})",
                    )
                )
                continue
            if after is None:
                problems.append(
                    Violation(info.sha, f"the record of amendment {amendment_id} was deleted")
                )
                continue
            try:
                record = load_record(after.decode("utf-8"), filename=name)
            except ResolutionError as exc:
                problems.append(Violation(info.sha, str(exc)))
                continue
            except UnicodeDecodeError as exc:
                problems.append(
                    Violation(info.sha, f"{name}: not UTF-8 text (invalid byte at {exc.start})")
                )
                continue
            if record.status in FINAL:
                decided_at[amendment_id] = info.sha
                chair_needed = record.status in (Status.ACCEPTED, Status.REJECTED, Status.LAPSED)
                by = record.decision.by if record.decision else ""
                if chair_needed and not _settings_at(repo, info.sha).is_chair(Person.parse(by)):
                    problems.append(
                        Violation(
                            info.sha,
                            f"amendment {amendment_id} was "
                            f"{record.status} by {by}, who was not "
                            "a chair",
                        )
                    )
                if record.status is Status.ACCEPTED and amendment_id not in accepted_by_commit:
                    problems.append(
                        Violation(
                            info.sha,
                            f"amendment {amendment_id} is recorded "
                            "as accepted but was never applied",
                        )
                    )
        last = files
    return problems, len(decided_at)


def _check_tags(repo: Repository, slug: str) -> list[Violation]:
    problems = []
    adoptions = repo.store.adoptions(slug)
    tags = repo.store.tag_targets() if adoptions else {}
    for info in adoptions:
        name = info.trailers.get("Tag", "")
        target = tags.get(name)
        if target is None:
            problems.append(Violation(info.sha, f"the adoption tag {name!r} is missing"))
        elif target != info.sha:
            problems.append(
                Violation(info.sha, f"the adoption tag {name!r} was moved to {target[:12]}")
            )
    return problems


def _check_signatures(repo: Repository, slug: str) -> list[Violation]:
    problems = []
    for info in repo.store.history_of([f"drafts/{slug}.md", f"reviews/{slug}"]):
        reason = repo.store.signature_problem(info.sha)
        if reason:
            problems.append(
                Violation(info.sha, f"the commit is not signed by an allowed signer ({reason})")
            )
    return problems
