"""The amendment workflow: propose, accept, reject, withdraw, resolve, adopt (the
chair's review of what is pending is :mod:`.review`).

Every step is one commit, taken under the repository lock: an acceptance
changes the draft, its ids and the amendment's record together, with trailers
naming the amendment, the decision and the chair; after it every pending
amendment is checked against the new text and marked conflicted (or proposed
again) in the same commit. Who may do what is the table in :mod:`records`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, Protocol

from .config import Config
from .errors import (
    AmbiguousError,
    InputError,
    NotFoundError,
    RepositoryError,
    ResolutionError,
    StaleError,
)
from .frozen import frozen
from .model import Document
from .operations import EPILOGUE, PREAMBLE, Operation, OpKind
from .records import (
    Amendment,
    Decision,
    RecordError,
    Role,
    Status,
    check_transition,
    dump_record,
    is_amendment_id,
    load_record,
    new_amendment_id,
    number_amendments,
    record_body,
)
from .storage import CommitInfo, Person, Store

if TYPE_CHECKING:
    from .amend import Applied
    from .cache import ObjectCache
    from .diff import DocumentDiff
    from .operations import Dangling, NumberingMode, ReferenceChange, Renumbered

PENDING = (Status.PROPOSED, Status.CONFLICTED)


class Drafts(Protocol):
    """What the workflow needs of a repository: its store and settings, its documents
    by version, and its lock. :class:`~resolution_vcs.repository.Repository` is one;
    the workflow takes it by these parts so that it never imports the facade."""

    store: Store
    config: Config
    #: Amendment records read (or written) so far, by (file name, blob id).
    record_cache: dict[tuple[str, str], Amendment]
    #: The documents whose records this process wrote (:func:`save_records`).
    records_written: set[str]
    #: The amendments last listed at the current commit, by (document, commit id)
    #: (:func:`load_all`).
    amendments_listed: dict[tuple[str, str], tuple[Numbered, ...]]
    #: Whether each state's review is kept in ``.git/resvcs/cache/review`` for the next
    #: command (a server keeps the reviews it made itself).
    keep_reviews: bool

    def document(self, slug: str, at: str | None = None) -> Document: ...

    def language(self, slug: str) -> str: ...

    def version_files(self, slug: str, doc: Document) -> dict[str, bytes]: ...

    def locked(self) -> AbstractContextManager[None]: ...

    def refuse_local_edits(self, slug: str, action: str) -> None: ...
    def keep(self, slug: str, commit: str, doc: Document) -> None: ...

    def refresh(self) -> None: ...


@frozen
class Numbered:
    """An amendment with the number people cite."""

    amendment: Amendment
    number: int

    @property
    def id(self) -> str:
        return self.amendment.id

    @property
    def name(self) -> str:
        return f"Amendment {self.number} ({self.amendment.id})"


@frozen
class Credit:
    """Who proposes one group of operations, when it was drafted, and why."""

    author: Person
    drafted: datetime | None = None
    rationale: str = ""
    cosponsors: tuple[Person, ...] = ()


@frozen
class Outcome:
    """What a decision did: its new status, and the commit that records it."""

    amendment: Numbered
    status: Status
    commit: str
    reason: str = ""
    #: Other pending amendments whose status the same commit changed (an acceptance
    #: makes some conflicted and lets others apply again), as they are after it.
    others: tuple[Numbered, ...] = ()
    #: For an acceptance: what it changed besides what the amendment says.
    consequences: Consequences | None = None
    #: Whether the commit made a new version of the text (an acceptance that changed it).
    new_version: bool = False


@frozen
class Consequences:
    """What accepting an amendment changes besides what it says: the numbered
    items renumbered to keep their lists sequential (old → new numbers, in the
    order of the text), the references to them rewritten, and the references
    left pointing at items it deletes."""

    renumbered: tuple[Renumbered, ...] = ()
    references: tuple[ReferenceChange, ...] = ()
    dangling: tuple[Dangling, ...] = ()

    @classmethod
    def of(cls, applied: Applied) -> Consequences:
        return cls(applied.renumbered, applied.references, applied.dangling)

    def __bool__(self) -> bool:
        return bool(self.renumbered or self.references or self.dangling)


def draft_path(slug: str) -> str:
    """Where a document's text is kept."""
    return f"drafts/{slug}.md"


def record_path(slug: str, amendment_id: str) -> str:
    return f"reviews/{slug}/{amendment_id}.md"


def record_at(store: Store, slug: str, commit: str, amendment_id: str) -> Amendment | None:
    """An amendment's record as it stood at a commit; None if there was none
    (RecordError if it does not read as one)."""
    found = store.read(commit, record_path(slug, amendment_id))
    if found is None:
        return None
    return load_record(found[1].decode("utf-8"), filename=f"{amendment_id}.md")


def load_all(repo: Drafts, slug: str, at: str | None = None) -> list[Numbered]:
    """Every amendment of a document, numbered, in number order. Those at the current
    commit are kept on ``repo`` for the last few (document, commit): a commit's records
    never change, and a decision lists them more than once (to find the amendment,
    then those its text changes)."""
    head = repo.store.head() if at is None else None
    listed = repo.amendments_listed
    if head is not None and (slug, head) in listed:
        return list(listed[slug, head])
    records = records_at(repo, slug, at or head)
    numbers = number_amendments(records)
    found = sorted((Numbered(a, numbers[a.id]) for a in records), key=lambda n: n.number)
    if head is not None:
        for stale in list(listed)[:-3]:  # (a copy: threads of a server may share repo)
            listed.pop(stale, None)
        listed[slug, head] = tuple(found)
    return found


def records_at(repo: Drafts, slug: str, commit: str | None) -> list[Amendment]:
    """The amendment records of a document at a commit, in the order of their files."""
    return _records(repo, slug, _listing(repo, slug, commit))


def _listing(repo: Drafts, slug: str, commit: str | None) -> list[tuple[str, str]]:
    """The record files of a document at a commit: (file name, blob id)."""
    return [
        (name, sha)
        for name, sha in (repo.store.blob_ids(commit, f"reviews/{slug}") if commit else ())
        if name.endswith(".md") and name != "README.md"
    ]


def _records(repo: Drafts, slug: str, listing: list[tuple[str, str]]) -> list[Amendment]:
    """The records of ``listing`` (file name, blob id): those read already in this
    process, else those kept in ``.git/resvcs/cache/records`` (one table per
    document, under the code that read them), else read now; the table is written
    again when records were read. A long history's hundreds of records are read
    once, not by every command."""
    cache = repo.record_cache
    if all(key in cache for key in listing):
        return [cache[key] for key in listing]
    table, key = _records_table(repo, slug)
    kept = table.get(key)
    if isinstance(kept, dict):
        for found, record in kept.items():
            if isinstance(record, Amendment):
                cache.setdefault(found, record)
    read = False
    for name, sha in listing:
        if (name, sha) not in cache:
            record = load_record(repo.store.blob(sha).decode("utf-8"), filename=name)
            cache[(name, sha)] = record
            read = True
    if read or not isinstance(kept, dict):
        table.put(key, {found: cache[found] for found in listing})
    return [cache[found] for found in listing]


#: Bump when what the records table keeps changes.
RECORDS_FORMAT = "1"


def _records_table(repo: Drafts, slug: str) -> tuple[ObjectCache, str]:
    """The table of a document's records in ``.git/resvcs/cache/records``, and its key."""
    from .cache import ObjectCache, code_stamp
    from .digests import sha1

    table = ObjectCache(repo.store.git_dir / "resvcs" / "cache" / "records", keep=64)
    return table, sha1(f"{RECORDS_FORMAT}\n{slug}\n{code_stamp()}".encode()).hexdigest()


def save_records(repo: Drafts, slug: str) -> None:
    """Keep the records of a document at the current commit in its table, when every
    one of them is known in this process (those it wrote itself are): the next
    command reads none of them again."""
    listing = _listing(repo, slug, repo.store.head())
    cache = repo.record_cache
    if all(key in cache for key in listing):
        table, key = _records_table(repo, slug)
        table.put(key, {found: cache[found] for found in listing})


def find(repo: Drafts, slug: str, ref: str) -> Numbered:
    """An amendment by id, or by number ("7", "#7")."""
    return _find(load_all(repo, slug), slug, ref)


#: A range of amendment numbers: "3-7", "#3-#7", "3–7" (an en dash, as word processors write it).
_RANGE_RE = re.compile(r"#?(\d+)\s*[-–]\s*#?(\d+)")


def select(repo: Drafts, slug: str, refs: Iterable[str]) -> list[Numbered]:
    """The amendments named, in the order given, each once: numbers ("7", "#7"),
    ids, ranges of numbers ("11-54") and lists ("1,3,5"), mixed as people write
    them ("1-3, 7 q7k2mx4a"). Everything named must exist."""
    everything = load_all(repo, slug)
    by_number = {n.number: n for n in everything}
    chosen: dict[str, Numbered] = {}
    spaced = (re.sub(r"\s*([-–])\s*", r"\1", ref) for ref in refs)  # "3 - 7" is "3-7"
    parts = [p for ref in spaced for p in re.split(r"[,\s]+", ref.strip()) if p]
    if not parts:
        raise InputError("Name the amendments by number or id, e.g. 3, 1,3,5 or 11-54")
    for part in parts:
        m = _RANGE_RE.fullmatch(part)
        if m is None:
            found = [_find(everything, slug, part)]
        else:
            low, high = int(m.group(1)), int(m.group(2))
            if low > high:
                raise InputError(
                    f"{part!r} is not a range of amendments: {low} comes after {high}. "
                    f"Write it as {high}-{low}"
                )
            missing = next((k for k in range(low, high + 1) if k not in by_number), None)
            if missing is not None:
                last = max(by_number, default=0)
                known = f"amendments 1 to {last}" if last else "no amendments yet"
                raise NotFoundError(
                    f"No amendment {missing} for {slug} ({known}). List them with "
                    "'resvcs amendments'"
                )
            found = [by_number[k] for k in range(low, high + 1)]
        for n in found:
            chosen.setdefault(n.id, n)
    return list(chosen.values())


def _find(everything: Sequence[Numbered], slug: str, ref: str) -> Numbered:
    key = ref.strip().lstrip("#")
    if key.isdigit():
        hits = [n for n in everything if n.number == int(key)]
    else:
        hits = [n for n in everything if n.id == key or (len(key) >= 4 and n.id.startswith(key))]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise AmbiguousError(f"{ref!r} names several amendments. Give more of the id")
    if not key.isdigit() and not is_amendment_id(key) and len(key) < 4:
        raise InputError(f"{ref!r} is not an amendment number or id. See 'resvcs amendments'")
    raise NotFoundError(f"No amendment {ref!r} for {slug}. List them with 'resvcs amendments'")


def propose(
    repo: Drafts,
    slug: str,
    groups: Sequence[Sequence[Operation]],
    *,
    author: Person,
    rationale: str = "",
    cosponsors: Sequence[Person] = (),
    date: datetime | None = None,
    base: str | None = None,
    credits: Sequence[Credit] | None = None,
) -> list[Numbered]:
    """Record one amendment per group of operations, in one commit.

    ``base`` is the commit whose text the operations were made against (a page
    opened before others changed the text); by default the current one. Made
    against an older text, they must still apply to the current one (three-way),
    or nothing is proposed and the error says where the text moved.

    ``credits`` (one per group) names another author, date of drafting, rationale
    and co-sponsors for each group (a copy with tracked changes by several people);
    the commit stays ``author``'s, who hands the proposals in.
    """
    if credits is not None and len(credits) != len(groups):
        raise ValueError("credits must give one entry per group")
    pairs = [(list(g), credits[i] if credits else None) for i, g in enumerate(groups) if g]
    groups = [g for g, _ in pairs]
    if not groups:
        raise InputError("Nothing to propose: the text is the same as the current one")
    with repo.locked():
        head = repo.store.head()
        if head is None:
            raise RepositoryError("This repository has no commits yet")
        doc = repo.document(slug)
        if base is None or base == head:
            base = head
        else:
            stale_check(repo, slug, groups, doc)
        for i, ops in enumerate(groups):
            _refuse_no_change(repo, slug, base, doc, ops, i if len(groups) > 1 else None)
        when = _now(date)
        made = [
            Amendment(
                id=new_amendment_id(),
                document=slug,
                author=str(credit.author if credit else author),
                created=when,
                base=base,
                operations=tuple(ops),
                rationale=(credit.rationale if credit and credit.rationale else rationale).strip(),
                cosponsors=tuple(str(p) for p in (credit.cosponsors if credit else cosponsors)),
                order=i,
                drafted=credit.drafted.astimezone(UTC) if credit and credit.drafted else None,
            )
            for i, (ops, credit) in enumerate(pairs)
        ]
        everything = [n.amendment for n in load_all(repo, slug)] + made
        numbers = number_amendments(everything)
        labels = clause_labels(doc)
        files = {record_path(slug, a.id): _dump(repo, slug, a, labels, numbers[a.id]) for a in made}
        names = ", ".join(str(numbers[a.id]) for a in made)
        title = _summary(made[0], labels) if len(made) == 1 else f"{len(made)} amendments"
        subject = f"Propose amendment{'s' if len(made) > 1 else ''} {names} to {slug}: {title}"
        trailers = [("Amendment", a.id) for a in made]
        repo.store.commit(files, _message(subject, "proposal", slug, trailers), author, when)
    return [Numbered(a, numbers[a.id]) for a in made]


def stale_check(
    repo: Drafts, slug: str, groups: Sequence[Sequence[Operation]], doc: Document
) -> None:
    """Refuse operations made against an older text that no longer apply to ``doc``."""
    from .amend import check

    labels = {c.id: c.label for c in doc.clauses}
    for ops in groups:
        conflicts = check(doc, ops)
        if conflicts:
            why = "; ".join(readable_reason(c.reason, labels) for c in conflicts)
            raise StaleError(
                f"The text changed after you opened it, and the change no longer fits: {why}. "
                "Look at the current wording and make the change again"
            )


def check_decision(
    repo: Drafts, slug: str, refs: Iterable[str], to: Status, person: Person
) -> list[Numbered]:
    """The amendments named (numbers, ids, ranges and lists: :func:`select`), each
    checked before anything is written: an unknown one, a decided one or a person
    who may not decide stops everything untouched. Returns them once each, in the
    order given."""
    chosen = select(repo, slug, refs)
    for n in chosen:
        check_transition(n.amendment, to, _roles(repo, n.amendment, person), number=n.number)
    return chosen


def _refuse_no_change(
    repo: Drafts, slug: str, base: str, doc: Document, ops: Sequence[Operation], index: int | None
) -> None:
    """Refuse an amendment that, applied to the current text ``doc``, leaves it as it
    is: recorded, it would be reviewed as a blank redline and "accepted" without a new
    version. Made against an older text (``base``) that it did change, it is refused
    as stale: the text has come to read so meanwhile."""
    from .amend import apply, leaves_as_is

    # Replacements that change the text show it in the clauses they name: the new text
    # is put together and read only when those cannot tell.
    same = leaves_as_is(doc, ops)
    if same is False:
        return
    if same is None:
        result = apply(doc, ops, numbering=None)
        if result.document is None or len(result.document.clauses) != len(doc.clauses):
            return  # what follows from the operations (numbers, references) keeps the clauses
        if any(op.op is not OpKind.REPLACE for op in ops):
            result = apply(doc, ops)  # numbers that follow might make it read as it did
        if result.document is None or not result.document.same_text(doc):
            return
    which = "The amendment" if index is None else f"Amendment {index + 1} of this proposal"
    if base != repo.store.head():
        older = repo.document(slug, base)
        then = apply(older, ops).document
        if then is not None and not then.same_text(older):
            raise StaleError(
                "The text changed after you opened it, and it already reads as "
                f"{which[0].lower() + which[1:]} would make it. Look at the current wording"
            )
    raise InputError(
        f"{which} would leave the text as it is: it changes nothing. "
        "Propose other words, another place or another clause"
    )


def accept(
    repo: Drafts,
    slug: str,
    refs: Iterable[str],
    *,
    chair: Person,
    reason: str = "",
    date: datetime | None = None,
    on_decided: Callable[[Outcome, Document, Document], None] | None = None,
) -> list[Outcome]:
    """Accept amendments in the order given (numbers, ids, ranges and lists: see
    :func:`select`); each acceptance is one commit.

    Every amendment named is checked first (it exists, it is pending, ``chair``
    is a chair): if one fails, nothing is written. An amendment that no longer
    applies is marked conflicted (with the reason) instead, and the next one is tried;
    one that an acceptance before it in the same call made conflicted is not tried
    again (its outcome has no commit of its own). The lock is taken once for all of
    them, and each text is carried to the next acceptance as made, not read back and
    parsed; the branch and the files move once, after the last (:meth:`Store.batch`).
    ``on_decided`` is told of each outcome as it is made, with the text before and
    after it.
    """
    chosen = check_decision(repo, slug, refs, Status.ACCEPTED, chair)
    outcomes: list[Outcome] = []
    conflicted: dict[str, Numbered] = {}
    with repo.locked():
        repo.refuse_local_edits(slug, "accepting")
        with repo.store.batch():
            for n in chosen:
                if n.id in conflicted:
                    made = conflicted[n.id]
                    outcomes.append(Outcome(made, Status.CONFLICTED, "", made.amendment.conflict))
                    if on_decided is not None:
                        text = repo.document(slug)
                        on_decided(outcomes[-1], text, text)
                    continue
                outcome, before, after = _accept_one(repo, slug, n.id, chair, reason, _now(date))
                outcomes.append(outcome)
                if on_decided is not None:
                    on_decided(outcome, before, after)
                for other in outcome.others:
                    if other.amendment.status is Status.CONFLICTED:
                        conflicted[other.id] = other
                    else:
                        conflicted.pop(other.id, None)
    return outcomes


def _accept_one(
    repo: Drafts, slug: str, ref: str, chair: Person, reason: str, when: datetime
) -> tuple[Outcome, Document, Document]:
    """The acceptance of one amendment, and the text before and after it."""
    from .amend import apply

    numbered = find(repo, slug, ref)
    amendment = numbered.amendment
    check_transition(
        amendment, Status.ACCEPTED, _roles(repo, amendment, chair), number=numbered.number
    )
    current = repo.document(slug)
    numbering = repo.config.numbering(slug)
    result = apply(current, amendment.operations, numbering=numbering)
    if not result.ok:
        why = "; ".join(c.reason for c in result.conflicts)
        conflicted = replace(amendment, status=Status.CONFLICTED, conflict=why)
        files = {
            record_path(slug, amendment.id): _dump(
                repo, slug, conflicted, clause_labels(current), numbered.number
            )
        }
        subject = f"Amendment {numbered.number} to {slug} is conflicted: {why}"
        sha = repo.store.commit(
            files,
            _message(subject, "conflict", slug, [("Amendment", amendment.id)]),
            chair,
            when,
        )
        repo.refresh()
        repo.keep(slug, sha, current)
        return Outcome(numbered, Status.CONFLICTED, sha, why), current, current
    assert result.document is not None
    new_doc = result.document
    decided = replace(
        amendment,
        status=Status.ACCEPTED,
        conflict="",
        decision=Decision(
            Status.ACCEPTED,
            str(chair),
            when,
            reason.strip(),
            numbering=numbering,
            renumbered=result.renumbered,
            references=result.references,
            dangling=result.dangling,
        ),
    )
    files = repo.version_files(slug, new_doc)
    before, after = clause_labels(current), clause_labels(new_doc)
    files[record_path(slug, amendment.id)] = _dump(repo, slug, decided, before, numbered.number)
    others = _reanchor(repo, slug, current, new_doc, skip=amendment.id)
    for other in others:
        files[record_path(slug, other.id)] = _dump(repo, slug, other.amendment, after, other.number)
    subject = f"Accept amendment {numbered.number} to {slug}: {_summary(amendment, before)}"
    trailers = [("Amendment", amendment.id), ("Decision", "accepted"), ("Chair", str(chair))]
    body = f"\n\n{reason.strip()}" if reason.strip() else ""
    # Where the rewritten references stand, as the accepted text numbers it.
    found = Consequences.of(result)
    lines = consequence_lines(found, after) if found else []
    body += "".join(f"\n\n{line}" for line in lines)
    parent = repo.store.head()
    sha = repo.store.commit(
        files, _message(subject + body, "acceptance", slug, trailers), chair, when
    )
    repo.refresh()
    repo.keep(slug, sha, new_doc)
    draft = draft_path(slug)
    changed = parent is None or repo.store.blob_id(parent, draft) != repo.store.blob_id(sha, draft)
    outcome = Outcome(numbered, Status.ACCEPTED, sha, reason.strip(), tuple(others), found, changed)
    return outcome, current, new_doc


def _reanchor(
    repo: Drafts, slug: str, old_doc: Document, new_doc: Document, skip: str
) -> list[Numbered]:
    """Pending amendments whose status changes against the new text, as they become.
    Only those that name a clause the new text changed (or its end matter) are
    checked again: whether an amendment applies depends on nothing else."""
    from .amend import check

    touched = _changed_clauses(old_doc, new_doc)
    changes: list[Numbered] = []
    for numbered in load_all(repo, slug):
        a = numbered.amendment
        if a.id == skip or a.status not in PENDING:
            continue
        named = {n for op in a.operations for n in (op.target, op.anchor) if n}
        if touched.isdisjoint(named):
            continue
        conflicts = check(new_doc, a.operations)
        if conflicts and a.status is Status.PROPOSED:
            why = "; ".join(c.reason for c in conflicts)
            changed = replace(a, status=Status.CONFLICTED, conflict=why)
        elif not conflicts and a.status is Status.CONFLICTED:
            changed = replace(a, status=Status.PROPOSED, conflict="")
        else:
            continue
        changes.append(Numbered(changed, numbered.number))
    return changes


def _changed_clauses(old: Document, new: Document) -> set[str]:
    """Ids of the clauses whose source differs between two texts, or that one of them
    lacks; :data:`PREAMBLE` and :data:`EPILOGUE` when the text's end matter differs."""
    changed: set[str] = set()
    if old.preamble != new.preamble:
        changed.add(PREAMBLE)
    if old.epilogue != new.epilogue:
        changed.add(EPILOGUE)
    if len(old.clauses) == len(new.clauses):
        # Usually the same clauses in the same order, most of them the same objects.
        pairs = [(a, b) for a, b in zip(old.clauses, new.clauses, strict=True) if a is not b]
        if all(a.id == b.id for a, b in pairs):
            changed.update(a.id for a, b in pairs if a.source != b.source)
            return changed
    before = {c.id: c.source for c in old.clauses}
    after = {c.id: c.source for c in new.clauses}
    changed.update(i for i in before.keys() | after.keys() if before.get(i) != after.get(i))
    return changed


#: The verb of a commit's subject and the action it records, by decision.
_DECISION_WORDS = {
    Status.REJECTED: ("Reject", "rejection"),
    Status.WITHDRAWN: ("Withdraw", "withdrawal"),
    Status.LAPSED: ("Lapse", "lapse"),
}


def decide(
    repo: Drafts,
    slug: str,
    refs: Iterable[str],
    status: Status,
    *,
    person: Person,
    reason: str = "",
    date: datetime | None = None,
) -> list[Outcome]:
    """Reject, withdraw or lapse amendments (no change to the text); one commit each.

    ``refs`` are numbers, ids, ranges and lists (:func:`select`); all are checked
    before anything is written. The branch and the files move once, after the last
    commit (:meth:`Store.batch`)."""
    if status is Status.REJECTED and not reason.strip():
        raise InputError("A rejection needs a reason. Give it with --reason")
    with repo.locked():  # once for all of them: the text does not change
        # Checked once, under the lock: deciding one of them changes no other's record.
        chosen = check_decision(repo, slug, refs, status, person)
        doc = repo.document(slug)
        labels = clause_labels(doc)
        with repo.store.batch():
            return [
                _decide_one(repo, slug, n, doc, labels, status, person, reason, date)
                for n in chosen
            ]


def _decide_one(
    repo: Drafts,
    slug: str,
    numbered: Numbered,
    doc: Document,
    labels: Mapping[str, str],
    status: Status,
    person: Person,
    reason: str,
    date: datetime | None,
) -> Outcome:
    verb, action = _DECISION_WORDS[status]
    a = numbered.amendment
    when = _now(date)
    decided = replace(
        a, status=status, conflict="", decision=Decision(status, str(person), when, reason.strip())
    )
    files = {record_path(slug, a.id): _dump(repo, slug, decided, labels, numbered.number)}
    subject = f"{verb} amendment {numbered.number} to {slug}: {_summary(a, labels)}"
    if reason.strip():
        subject += f"\n\n{reason.strip()}"
    trailers = [("Amendment", a.id), ("Decision", str(status))]
    if status is not Status.WITHDRAWN:
        trailers.append(("Chair", str(person)))
    sha = repo.store.commit(files, _message(subject, action, slug, trailers), person, when)
    repo.keep(slug, sha, doc)
    return Outcome(numbered, status, sha, reason.strip())


def resolvable(repo: Drafts, slug: str, ref: str, person: Person) -> Numbered:
    """The amendment named, if ``person`` may give it new wording: it is conflicted,
    and they are its author or a chair. Checked before new wording is read."""
    numbered = find(repo, slug, ref)
    a = numbered.amendment
    if a.status is Status.PROPOSED:
        raise InputError(
            f"{numbered.name} is proposed, not conflicted; only a conflicted amendment "
            f"is resolved. To change its wording, its author withdraws it ('resvcs withdraw "
            f"{numbered.number}') and proposes it anew ('resvcs propose …')"
        )
    if a.status is not Status.CONFLICTED:
        raise InputError(
            f"{numbered.name} is {a.status}, not conflicted; only a conflicted amendment "
            "is resolved, and a decision stays as it is. To change the text further, "
            "propose a new amendment ('resvcs propose …')"
        )
    check_transition(a, Status.PROPOSED, _roles(repo, a, person), number=numbered.number)
    return numbered


def resolve(
    repo: Drafts,
    slug: str,
    ref: str,
    operations: Sequence[Operation],
    *,
    person: Person,
    date: datetime | None = None,
) -> Numbered:
    """Give a conflicted amendment new operations against the current text."""
    from .amend import check

    with repo.locked():
        numbered = resolvable(repo, slug, ref, person)
        a = numbered.amendment
        doc = repo.document(slug)
        if check(doc, operations):
            raise InputError("The new wording does not apply to the current text. Try again")
        base = repo.store.head()
        assert base is not None
        resolved = replace(
            a, operations=tuple(operations), base=base, status=Status.PROPOSED, conflict=""
        )
        when = _now(date)
        labels = clause_labels(doc)
        files = {record_path(slug, a.id): _dump(repo, slug, resolved, labels, numbered.number)}
        subject = f"Resolve amendment {numbered.number} to {slug}: {_summary(resolved, labels)}"
        repo.store.commit(
            files, _message(subject, "resolution", slug, [("Amendment", a.id)]), person, when
        )
        return Numbered(resolved, numbered.number)


def wording_operations(doc: Document, numbered: Numbered, text: str) -> list[Operation]:
    """The amendment's one change made again with new wording, against ``doc``
    (to resolve a conflicted amendment with a new text)."""
    from .amend import insert_clause, replace_clause

    ops = numbered.amendment.operations
    copy_hint = (
        "Give an edited copy of the current text instead: "
        f"'resvcs resolve {numbered.number} --from FILE'"
    )
    if len(ops) != 1:
        raise InputError(
            f"{numbered.name} changes {len(ops)} places; one wording does not fit. {copy_hint}"
        )
    (op,) = ops
    if op.op is OpKind.REPLACE and doc.get(op.target) is not None:
        return [replace_clause(doc, op.target, text)]
    if op.op is OpKind.INSERT and doc.get(op.anchor) is not None:
        return [insert_clause(doc, op.anchor, text, op.where)]
    if op.op in (OpKind.REPLACE, OpKind.INSERT):
        raise InputError(
            f"The clause {numbered.name.lower()} refers to no longer exists. {copy_hint}"
        )
    steps = next_steps(numbered.number, numbered.amendment, {c.id for c in doc.clauses})
    raise InputError(
        f"{numbered.name} does not propose wording ({op.op}); a new wording does not fit. {steps}"
    )


class _ClauseLabels(Mapping[str, str]):
    """Clause ids → labels of a text, looked up in it (no mapping of every clause is made)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc

    def __getitem__(self, clause_id: str) -> str:
        clause = self._doc.get(clause_id)
        if clause is None:
            raise KeyError(clause_id)
        return clause.label

    def __iter__(self) -> Iterator[str]:
        return (c.id for c in self._doc.clauses)

    def __len__(self) -> int:
        return len(self._doc.clauses)


def clause_labels(doc: Document) -> Mapping[str, str]:
    """Clause ids → labels of ``doc``, as a view of it."""
    return _ClauseLabels(doc)


def labels_for(repo: Drafts, slug: str, amendment: Amendment | None = None) -> Mapping[str, str]:
    """Clause ids → the labels people cite: of the current text (a view of it, not a
    copy: a command that names a hundred amendments asks a hundred times), and, for
    clauses ``amendment`` names that are gone, as they were in the text it was made
    against."""
    doc = repo.document(slug)
    current = clause_labels(doc)
    if amendment is None or all(t in current for t in amendment.targets):
        return current
    try:
        base = repo.document(slug, amendment.base)
    except ResolutionError:
        return current
    return {**{c.id: c.label for c in base.clauses}, **current}


_CLAUSE_ID_RE = re.compile(r"\bclause ([a-z][a-z0-9]{3,})\b")


def clause_name(label: str, *, capital: bool = False) -> str:
    """A label as an English sentence cites it: "clause 5" ("Clause 5" to open one),
    "¶12.2" (a "¶" says it already)."""
    if not label[:1].isdigit():
        return label
    return f"{'Clause' if capital else 'clause'} {label}"


def readable_reason(reason: str, labels: Mapping[str, str]) -> str:
    """A conflict reason with clause ids replaced by the labels people cite
    ("clause bdkc" → "clause ¶13.2"); ids not in ``labels`` stay."""
    return _CLAUSE_ID_RE.sub(
        lambda m: clause_name(labels[m.group(1)]) if m.group(1) in labels else m.group(0),
        reason,
    )


ResolveForm = Literal["text", "from", "none"]


def how_to_resolve(amendment: Amendment, present: Collection[str]) -> ResolveForm:
    """How a conflicted amendment can be given new wording, given the ids of the
    clauses in the current text: "text" (``resolve --text``: one clause reworded or
    one clause added, next to a clause still there), "from" (``resolve --from``: an
    edited copy of the current text), or "none" (it only deletes clauses that are
    gone already: nothing is left to resolve)."""
    ops = amendment.operations
    if len(ops) == 1:
        (op,) = ops
        if (op.op is OpKind.REPLACE and op.target in present) or (
            op.op is OpKind.INSERT and op.anchor in present
        ):
            return "text"
    if all(op.op is OpKind.DELETE and op.target not in present for op in ops):
        return "none"
    return "from"


def next_steps(
    number: int, amendment: Amendment | None = None, present: Collection[str] | None = None
) -> str:
    """What to do with a conflicted amendment, as commands that work for it: new
    wording with ``resolve --text`` where one wording fits, an edited copy with
    ``resolve --from`` where it does not, or only a decision where nothing is left
    to do. ``present`` holds the ids of the clauses in the current text (without
    the amendment and them, the advice is the one for a reworded clause)."""
    form = "text" if amendment is None or present is None else how_to_resolve(amendment, present)
    reject = f"reject it with 'resvcs reject {number} --reason …'"
    if form == "text":
        return (
            f"Give it new wording with 'resvcs resolve {number} --text …' (its author or a "
            f"chair), or {reject}"
        )
    if form == "from":
        return (
            "Make the change it should make in a copy of the current text and give it with "
            f"'resvcs resolve {number} --from FILE' (its author or a chair), or {reject}"
        )
    return (
        f"What it deletes is gone already: {reject} (a chair), or withdraw it with "
        f"'resvcs withdraw {number}' (its author)"
    )


def redline(
    doc: Document, amendment: Amendment, numbering: NumberingMode | None = "renumber"
) -> tuple[DocumentDiff | None, tuple[str, ...]]:
    """The amendment applied to ``doc`` (with its consequences under ``numbering``):
    its redline, or (None and) why it does not apply."""
    from .amend import apply, moved_by
    from .diff import diff

    result = apply(doc, amendment.operations, numbering=numbering)
    if result.document is None:
        return None, tuple(c.reason for c in result.conflicts)
    return diff(doc, result.document, moved_by(amendment.operations)), ()


def as_proposed(repo: Drafts, slug: str, amendment: Amendment) -> DocumentDiff | None:
    """The amendment's redline against the version it was made against (None if that
    version cannot be read or the amendment does not apply to it)."""
    try:
        base = repo.document(slug, amendment.base)
    except ResolutionError:
        return None
    return redline(base, amendment, repo.config.numbering(slug))[0]


def proposal_labels(repo: Drafts, slug: str, amendment: Amendment) -> dict[str, str]:
    """The labels the clauses had in the version the amendment was made against
    (clause id → label): the places the meeting cited ("5", "¶12.2"), which stay
    the same whatever later versions call them. Empty when that version cannot
    be read."""
    try:
        base = repo.document(slug, amendment.base)
    except ResolutionError:
        return {}
    return {c.id: c.label for c in base.clauses}


def consequences(repo: Drafts, slug: str, ref: str) -> Consequences | None:
    """What accepting an amendment changes besides what it says (see
    :class:`Consequences`): for an accepted one, what its acceptance changed (as
    recorded); for a pending one, what accepting it now would change; None when
    it does not apply to the current text, or was not accepted."""
    from .amend import apply

    numbered = find(repo, slug, ref)
    a = numbered.amendment
    if a.status is Status.ACCEPTED and a.decision is not None:
        d = a.decision
        return Consequences(d.renumbered, d.references, d.dangling)
    if a.status not in PENDING:
        return None
    result = apply(repo.document(slug), a.operations, numbering=repo.config.numbering(slug))
    return Consequences.of(result) if result.ok else None


def consequence_lines(found: Consequences, labels: Mapping[str, str]) -> list[str]:
    """The consequences of an acceptance in words, a line per kind of change
    (``labels``: clause id → label, for where the references stand)."""

    def where(clause_id: str, *, capital: bool = False) -> str:
        return clause_name(labels.get(clause_id, clause_id), capital=capital)

    out = []
    if found.renumbered:
        out.append("Renumbering: " + ", ".join(str(r) for r in found.renumbered) + ".")
    for c in found.references:
        out.append(f"Reference updated in {where(c.clause)}: {c}.")
    for g in found.dangling:
        out.append(
            f"{where(g.clause, capital=True)} refers to item {g.number} "
            f"(«{g.reference}»), which this amendment deletes: the reference is left as it is."
        )
    return out


#: Bump when what :func:`review` returns changes shape: old entries are then ignored.
def adopt(
    repo: Drafts,
    slug: str,
    *,
    chair: Person,
    tag: str | None = None,
    lapse_pending: bool = False,
    final_status: str | None = None,
    date: datetime | None = None,
) -> str:
    """Adopt the current text: an annotated tag on the commit that holds it."""
    if not repo.config.is_chair(chair):
        raise RecordError("Only a chair may adopt a text. Chairs are listed in resvcs.toml")
    pending = [n for n in load_all(repo, slug) if n.amendment.status in PENDING]
    if pending and not lapse_pending:
        names = ", ".join(str(n.number) for n in pending)
        which = f"Amendment {names} is" if len(pending) == 1 else f"Amendments {names} are"
        them = "it" if len(pending) == 1 else "them"
        raise RepositoryError(f"{which} still pending. Decide {them}, or add --lapse-pending")
    name = tag or f"{slug}-adopted"
    repo.store.check_tag_name(name)
    if final_status is not None:
        repo.refuse_local_edits(slug, "changing the status line")
    if lapse_pending and pending:
        decide(
            repo,
            slug,
            [n.id for n in pending],
            Status.LAPSED,
            person=chair,
            reason="Lapsed at adoption",
            date=date,
        )
    with repo.locked():
        when = _now(date)
        files: dict[str, bytes] = {}
        if final_status is not None:
            files = repo.version_files(slug, _with_status_line(repo.document(slug), final_status))
        # Always a commit of its own (empty when the text stays), so that verify can
        # tell the tag still points where the chair put it.
        trailers = [("Chair", str(chair)), ("Tag", name)]
        sha = repo.store.commit(
            files, _message(f"Adopt {slug} as {name}", "adoption", slug, trailers), chair, when
        )
        repo.refresh()
        repo.store.tag(name, sha, f"Adopted text of {slug}\n\nChair: {chair}\n", chair, when)
        return name


def _with_status_line(doc: Document, final_status: str) -> Document:
    """The text with its first paragraph (the status line, e.g. "ПРОЕКТ") replaced or dropped."""
    from .amend import apply

    if not doc.clauses:
        return doc
    first = doc.clauses[0]
    if len(first.content.split()) > 3:
        raise InputError(
            "The text does not open with a status line (such as ПРОЕКТ); leave out --final-status"
        )
    ops: list[Operation]
    if final_status.strip():
        new = first.lead + final_status.strip() + "\n" + first.gap
        ops = [Operation(OpKind.REPLACE, target=first.id, base=first.source, new=new)]
    else:
        ops = [Operation(OpKind.DELETE, target=first.id, base=first.source)]
    result = apply(doc, ops, numbering=None)
    assert result.document is not None
    return result.document


# -- versions made with plain git ----------------------------------------------------------

#: The trailer of a commit that records a version made with plain git as an
#: editorial revision (``resvcs revise --adopt-commit``): the version's commit id.
REVISION_OF = "Revision-Of"

#: The actions of commits resvcs makes that change a draft.
MADE_BY_RESVCS = ("import", "revision", "acceptance", "adoption")


def recorded_edits(store: Store, slug: str) -> dict[str, CommitInfo]:
    """Versions changed with plain git and recorded afterwards: their commit → the record."""
    found: dict[str, CommitInfo] = {}
    for info in store.with_trailer(REVISION_OF):
        t = info.trailers
        if t.get("Resvcs-Action") == "revision" and t.get("Resvcs-Document") == slug:
            found.setdefault(t[REVISION_OF], info)
    return found


def unrecorded_edits(store: Store, slug: str) -> dict[str, str]:
    """Versions after the first that resvcs did not make and nobody recorded as
    revisions: their commit → the version's name ("v3")."""
    recorded = recorded_edits(store, slug)
    return {
        info.sha: f"v{n}"
        for n, info in enumerate(store.history(draft_path(slug)), 1)
        if n > 1
        and info.trailers.get("Resvcs-Action", "") not in MADE_BY_RESVCS
        and info.sha not in recorded
    }


# -- helpers ---------------------------------------------------------------------------------


def _roles(repo: Drafts, amendment: Amendment, person: Person) -> set[Role]:
    roles: set[Role] = set()
    if repo.config.is_chair(person):
        roles.add("chair")
    if Person.parse(amendment.author).same_as(person):
        roles.add("author")
    return roles


def dump_plain(a: Amendment) -> bytes:
    """A record file without clause labels (when the text it refers to is not at hand)."""
    return dump_record(a, record_body(a, {}, "en")).encode("utf-8")


def _dump(repo: Drafts, slug: str, a: Amendment, labels: Mapping[str, str], number: int) -> bytes:
    """The record file of an amendment. It reads back as ``a`` (:func:`dump_record`
    checks): ``a`` is known as the record of that blob, which is not read again, and
    the table of records is kept when the lock is given back (:func:`save_records`)."""
    from .ids import git_blob_id

    lang = repo.language(slug) or "en"
    data = dump_record(a, record_body(a, labels, lang, number)).encode("utf-8")  # type: ignore[arg-type]
    repo.record_cache[(f"{a.id}.md", git_blob_id(data))] = a
    repo.records_written.add(slug)
    return data


def _summary(a: Amendment, labels: Mapping[str, str]) -> str:
    """A few words saying what an amendment does, for commit messages."""

    def label(clause_id: str) -> str:
        return "the opening" if clause_id == PREAMBLE else labels.get(clause_id, clause_id)

    ops = a.operations
    if len(ops) > 1 and all(op.op is OpKind.REPLACE for op in ops):
        return f"change {len(ops)} clauses"
    if len(ops) > 1 and all(op.op is OpKind.DELETE for op in ops):
        return "delete " + ", ".join(label(op.target) for op in ops)
    op = ops[0]
    if op.op is OpKind.REPLACE:
        return f"change {label(op.target)}"
    if op.op is OpKind.DELETE:
        return f"delete {label(op.target)}"
    if op.op is OpKind.INSERT:
        return f"insert {op.where} {label(op.anchor)}"
    return f"move {label(op.target)} {op.where} {label(op.anchor)}"


def _message(subject: str, action: str, slug: str, trailers: Sequence[tuple[str, str]]) -> str:
    lines = [f"Resvcs-Action: {action}", f"Resvcs-Document: {slug}"]
    lines += [f"{k}: {v}" for k, v in trailers]
    return subject.strip() + "\n\n" + "\n".join(lines) + "\n"


def _now(date: datetime | None) -> datetime:
    return (date or datetime.now(UTC)).astimezone(UTC)
