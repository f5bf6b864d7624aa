"""History for archivists: the log, one clause's wordings, and blame.

Everything is read back from git: the commits on the first-parent line that
touched a document or its amendments, their ``Resvcs-*``, ``Amendment``,
``Decision`` and ``Chair`` trailers, the amendment records as they stood at
each commit, and each version's clauses with their ids.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from itertools import accumulate
from typing import TYPE_CHECKING

from .amend import moved_by
from .diff import InlineOp
from .errors import ResolutionError
from .frozen import frozen
from .ids import is_id
from .records import Amendment, number_amendments
from .steps import ClauseStep, Step, version_steps
from .storage import CommitInfo
from .text import tokenize
from .workflow import record_at, records_at

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .repository import Repository


@frozen
class Attribution:
    """Who stands behind a version: its commit, and for an acceptance the
    amendment, its author and the chair who accepted it."""

    version: str  # "v3"
    commit: str
    date: datetime
    action: str  # import, revision, acceptance, adoption, commit
    person: str  # who made the commit ("Name <email>")
    amendment: str = ""  # id
    number: int | None = None
    author: str = ""  # the amendment's author
    chair: str = ""
    #: Ids of the clauses the amendment moved.
    moved: frozenset[str] = frozenset()
    #: The commit of the text the amendment was made against (its labels are the
    #: ones the meeting used: :func:`label_when_proposed`).
    base: str = ""
    #: The clauses the amendment names (ids).
    targets: tuple[str, ...] = ()

    @property
    def by(self) -> str:
        """The person people should credit: the amendment's author, else the committer."""
        return self.author or self.person


@frozen
class LogEntry:
    """One commit in the life of a document: a version, or a decision that changed no text."""

    commit: str
    date: datetime
    person: str
    action: str
    subject: str
    version: str = ""  # "v3" when the text changed
    amendment: str = ""
    number: int | None = None
    decision: str = ""
    chair: str = ""


@frozen
class Wording:
    """One wording of a clause: the version that gave it, and what changed."""

    attribution: Attribution
    label: str
    text: str  # the clause's Markdown without its list marker; "" once deleted
    changes: tuple[str, ...]  # added, modified, moved, renumbered, deleted


@frozen
class Span:
    """A run of a clause's words and the version that wrote them."""

    text: str
    attribution: Attribution


@frozen
class BlamedClause:
    id: str
    label: str
    spans: tuple[Span, ...]


def log(repo: Repository, slug: str) -> list[LogEntry]:
    """Every commit that touched the document or its amendments, oldest first."""
    paths = [f"drafts/{slug}.md", f"reviews/{slug}"]
    versions = {v.commit: v.name for v in repo.versions(slug)}
    entries = []
    numbers = _numbers(repo, slug)
    for info in repo.store.history_of(paths):
        t = info.trailers
        amendment = t.get("Amendment", "")
        entries.append(
            LogEntry(
                commit=info.sha,
                date=info.date,
                person=str(info.author),
                action=t.get("Resvcs-Action", "commit"),
                subject=info.subject,
                version=versions.get(info.sha, ""),
                amendment=amendment,
                number=numbers.get(amendment),
                decision=t.get("Decision", ""),
                chair=t.get("Chair", ""),
            )
        )
    return entries


def attributions(repo: Repository, slug: str, upto: str | None = None) -> list[Attribution]:
    """Who stands behind each version, v1 first (up to the version at commit ``upto``)."""
    numbers = _numbers(repo, slug)
    history = repo.store.history(f"drafts/{slug}.md", upto)
    return [_attribution(repo, slug, f"v{n}", info, numbers) for n, info in enumerate(history, 1)]


def clause_id(repo: Repository, slug: str, ref: str) -> str:
    """The id of the clause ``ref`` names: an id as given (it names the clause in every
    version, so there is no need to look), else the id of the clause the current text
    numbers so."""
    return ref.strip() if is_id(ref.strip()) else repo.document(slug).find(ref).id


def clause_history(repo: Repository, slug: str, ref: str) -> list[Wording]:
    """Every wording of one clause, following it through moves and renumbering."""
    target = clause_id(repo, slug, ref)
    wordings: list[Wording] = []
    for attribution, step in _steps(repo, slug):
        if step.initial is not None:
            wordings.extend(
                Wording(attribution, label, content, ("added",))
                for clause_id, content, label in step.initial
                if clause_id == target
            )
        else:
            wordings.extend(_wording(attribution, c) for c in step.changes if c.id == target)
    if not wordings:
        repo.document(slug).find(ref)  # raises: no such clause, ever
    return wordings


def clause_histories(repo: Repository, slug: str) -> dict[str, list[Wording]]:
    """:func:`clause_history` of every clause that ever was, by id, in one reading."""
    result: dict[str, list[Wording]] = {}
    for attribution, step in _steps(repo, slug):
        if step.initial is not None:
            for clause_id, content, label in step.initial:
                result[clause_id] = [Wording(attribution, label, content, ("added",))]
        else:
            for change in step.changes:
                result.setdefault(change.id, []).append(_wording(attribution, change))
    return result


def _wording(attribution: Attribution, change: ClauseStep) -> Wording:
    if change.new is None:
        return Wording(attribution, change.old_label, "", ("deleted",))
    if change.old is None:
        return Wording(attribution, change.label, change.new, ("added",))
    return Wording(attribution, change.label, change.new, tuple(str(k) for k in change.kinds))


def blame(repo: Repository, slug: str, at: str | None = None) -> list[BlamedClause]:
    """For every clause of a version, each run of its words with the version that wrote it."""
    target = repo.resolve(slug, at)
    found = attributions(repo, slug, target)
    if not found:
        repo.document(slug, at)  # says what is missing
    first = found[0]
    # Who wrote which words, as runs of so many tokens, for the clauses changed
    # since the first version; the others read as that version wrote them.
    runs: dict[str, list[tuple[int, Attribution]]] = {}
    steps = version_steps(repo, slug, [a.commit for a in found], initial=False)
    for attribution, step in zip(found, steps, strict=True):
        for change in step.changes:
            if change.new is None:
                runs.pop(change.id, None)
            elif change.old is None:
                runs[change.id] = [(len(tokenize(change.new)), attribution)]
            elif change.ops:  # reworded, its markup or its written number changed
                runs[change.id] = _carry(runs.get(change.id), change.ops, attribution, first)
    # The last version as the steps read it; else read once the versions are, not both
    # at once.
    clauses = steps.last_version(target) or (
        (c.id, c.label, c.content) for c in repo.document(slug, at)
    )
    result = []
    for clause_id, label, content in clauses:
        segments = runs.get(clause_id)
        spans: tuple[Span, ...]
        if segments is None:
            spans = (Span(content, first),) if content else ()
        else:
            spans = _spans(content, segments)
        result.append(BlamedClause(clause_id, label, spans))
    return result


def _steps(
    repo: Repository, slug: str, upto: str | None = None
) -> Iterator[tuple[Attribution, Step]]:
    """Each version's attribution and what it changed, v1 first."""
    found = attributions(repo, slug, upto)
    steps = version_steps(
        repo, slug, [a.commit for a in found], moved=[a.moved for a in found], words=False
    )
    return zip(found, steps, strict=True)


def _carry(
    old: list[tuple[int, Attribution]] | None,
    ops: tuple[InlineOp, ...],
    attribution: Attribution,
    first: Attribution,
) -> list[tuple[int, Attribution]]:
    """Runs of the new wording: words kept keep who wrote them (``first``'s when the old
    wording has no runs: the first version's), words inserted are ``attribution``'s.
    Each operation holds whole tokens of its wordings, an equal one as many on each side."""
    starts = list(accumulate((n for n, _ in old), initial=0)) if old else []
    out: list[tuple[int, Attribution]] = []
    i = 0  # tokens of the old wording read so far
    for op in ops:
        count = len(tokenize(op.text))
        if op.op == "insert":
            out.append((count, attribution))
            continue
        if op.op == "equal":
            if old:
                out.extend(_slice(old, starts, i, count, attribution))
            elif count:
                out.append((count, first))
        i += count
    return out


def _slice(
    runs: list[tuple[int, Attribution]],
    starts: list[int],
    start: int,
    count: int,
    fallback: Attribution,
) -> list[tuple[int, Attribution]]:
    """The runs covering tokens ``start`` to ``start + count``; tokens past
    the end are ``fallback``'s."""
    out = []
    k = bisect_right(starts, start) - 1
    end = start + count
    while count > 0 and k < len(runs):
        take = min(starts[k + 1], end) - max(starts[k], start)
        if take > 0:
            out.append((take, runs[k][1]))
            count -= take
        k += 1
    if count > 0:
        out.append((count, fallback))
    return out


def _spans(content: str, runs: list[tuple[int, Attribution]]) -> tuple[Span, ...]:
    """A clause's text cut into runs of tokens, neighbours by the same version joined."""
    tokens = tokenize(content)
    spans: list[Span] = []
    at = 0
    for count, attribution in runs:
        text = "".join(tokens[at : at + count])
        at += count
        if not text:
            continue
        if spans and spans[-1].attribution is attribution:
            spans[-1] = Span(spans[-1].text + text, attribution)
        else:
            spans.append(Span(text, attribution))
    if at < len(tokens) and spans:
        spans[-1] = Span(spans[-1].text + "".join(tokens[at:]), spans[-1].attribution)
    return tuple(spans)


def _attribution(
    repo: Repository, slug: str, version: str, info: CommitInfo, numbers: dict[str, int]
) -> Attribution:
    t = info.trailers
    amendment = t.get("Amendment", "")
    record = _record(repo, slug, info.sha, amendment) if amendment else None
    author = "" if record is None else record.author
    moved = frozenset() if record is None else moved_by(record.operations)
    base = "" if record is None else record.base
    targets: tuple[str, ...] = () if record is None else record.targets
    return Attribution(
        version=version,
        commit=info.sha,
        date=info.date,
        action=t.get("Resvcs-Action", "commit"),
        person=str(info.author),
        amendment=amendment,
        number=numbers.get(amendment),
        author=author,
        chair=t.get("Chair", ""),
        moved=moved,
        base=base,
        targets=targets,
    )


def _record(repo: Repository, slug: str, commit: str, amendment: str) -> Amendment | None:
    """An amendment's record as it stood at a commit (None if missing or broken:
    verify reports that)."""
    try:
        return record_at(repo.store, slug, commit, amendment)
    except (ResolutionError, UnicodeDecodeError):
        return None


def label_when_proposed(
    repo: Repository, slug: str, attribution: Attribution, clause_id: str
) -> str:
    """The label a clause had in the text the amendment behind ``attribution`` was
    made against: the place the meeting cited ("5"), whatever later versions call it.
    "" when the version is no acceptance, or the amendment does not name the clause
    (it was renumbered as a consequence), or the clause was not in that text."""
    if not attribution.base or clause_id not in attribution.targets:
        return ""
    try:
        clause = repo.document(slug, attribution.base).get(clause_id)
    except ResolutionError:
        return ""
    return clause.label if clause is not None else ""


def _numbers(repo: Repository, slug: str) -> dict[str, int]:
    try:
        records = records_at(repo, slug, repo.store.head())
    except (ResolutionError, UnicodeDecodeError):
        # History reads on without numbers: while a record is broken the
        # numbers are not sure (verify and the amendment commands say why).
        return {}
    return number_amendments(records)


__all__ = [
    "Attribution",
    "clause_id",
    "label_when_proposed",
    "BlamedClause",
    "LogEntry",
    "Span",
    "Wording",
    "attributions",
    "blame",
    "clause_histories",
    "clause_history",
    "log",
]
