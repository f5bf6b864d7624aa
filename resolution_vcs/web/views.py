"""What the pages show, made from the library's objects: plain data for the templates.

Everything here is a call of the library the command line uses; nothing decides
anything of its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar, cast

from ..amend import OpKind
from ..diff import ChangeKind, DocumentDiff
from ..errors import ResolutionError
from ..frozen import frozen
from ..model import Document
from ..present.amendments import _place, amendment_wording, competition, gist, readable
from ..present.i18n import LANGUAGES, Lang, resolve_lang
from ..present.redline import ClauseView, clause_view
from ..records import Amendment, Status
from ..repository import Repository
from ..review import ReviewItem, competing_groups
from ..storage import Person
from ..workflow import PENDING, Numbered, as_proposed, redline

T = TypeVar("T")


def doc_lang(repo: Repository, slug: str) -> Lang:
    """The document's language (ru, uk, en): its setting in resvcs.toml, else the
    one its text is written in, as the command line finds it."""
    return resolve_lang(repo.language(slug) or None, repo.text(slug)[:20000])


def changed_clauses(delta: DocumentDiff | None, lang: Lang) -> list[ClauseView]:
    """The redline's changed clauses, as the templates show them."""
    if delta is None:
        return []
    return [clause_view(c, lang) for c in delta.changes if c.kind is not ChangeKind.UNCHANGED]


@frozen
class AmendmentView:
    number: int
    id: str
    status: str
    author: str
    author_name: str
    cosponsors: tuple[str, ...]
    created: str
    rationale: str
    place: str
    gist: str
    conflict: str
    clauses: tuple[tuple[str, str], ...]  # (id, label)
    decision: dict[str, str] | None
    pending: bool
    single_wording: bool  # one replacement or insertion: a new wording fits it


def amendment_view(n: Numbered, labels: Mapping[str, str], lang: Lang) -> AmendmentView:
    a = n.amendment
    d = a.decision
    ops = a.operations
    return AmendmentView(
        number=n.number,
        id=a.id,
        status=str(a.status),
        author=a.author,
        author_name=Person.parse(a.author).name,
        cosponsors=tuple(Person.parse(c).name for c in a.cosponsors),
        created=f"{a.created:%Y-%m-%d %H:%M}",
        rationale=a.rationale,
        place=_place(a, labels, lang),
        gist=gist(a, labels),
        conflict=readable(a.conflict, labels),
        clauses=tuple((t, labels.get(t, t)) for t in a.targets),
        decision=None
        if d is None
        else {
            "status": str(d.status),
            "by": Person.parse(d.by).name,
            "date": f"{d.date:%Y-%m-%d}",
            "reason": d.reason,
        },
        pending=a.status in PENDING,
        single_wording=len(ops) == 1 and ops[0].op in (OpKind.REPLACE, OpKind.INSERT),
    )


def amendment_page(repo: Repository, slug: str, ref: str, ui_lang: str) -> dict[str, Any]:
    """Everything the amendment page shows."""
    n = repo.amendment(slug, ref)
    a = n.amendment
    lang = doc_lang(repo, slug)
    labels = repo.labels(slug, a)
    if a.status in PENDING:
        delta, conflicts = redline(repo.document(slug), a)
        against = repo.versions(slug)[-1].name
    else:
        delta, conflicts = as_proposed(repo, slug, a), ()
        against = repo.version_name(slug, a.base)
    existing = next((op for op in a.operations if op.op is OpKind.REPLACE), None)
    return {
        "a": amendment_view(n, labels, lang),
        "redline": changed_clauses(delta, lang),
        "applies": delta is not None,
        "conflicts": [readable(c, labels) for c in conflicts],
        "against": against,
        "base_version": repo.version_name(slug, a.base),
        "formal": amendment_wording(repo, slug, a),
        "prefill": existing.new.strip("\n") if existing else "",
        "doc_lang": lang,
    }


@frozen
class ReviewEntry:
    a: AmendmentView
    redline: list[ClauseView]
    formal: str
    applies: bool
    conflicts: list[str]
    competing: list[tuple[int, bool]]  # (number, still applies after this one)
    #: What accepting it changes besides (the library's Consequences, by label):
    #: "2 → 3, 3 → 4"; (label, "«пунктом 2» → «пунктом 3»"); (label, reference, number).
    renumbers: str = ""
    references: tuple[tuple[str, str], ...] = ()
    dangling: tuple[tuple[str, str, str], ...] = ()


class Kept:
    """Values kept by what they depend on, the last ``size`` of them (shared by the
    server's threads)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return cast(T, self._values[key])
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value


#: Review entries, by the text (the document object, kept with the entry, so that its
#: identity names it), the settings, the amendment and its rivals; formal wordings, by
#: the amendment and the settings. A proposal makes the next review page new for the
#: new amendment and its rivals only.
_ENTRIES = Kept(4096)
_FORMAL = Kept(4096)


def review_page(repo: Repository, slug: str) -> dict[str, Any]:
    """The chair's review: pending amendments in text order, competing ones grouped."""
    items = repo.review(slug)
    doc = repo.document(slug)
    lang = doc_lang(repo, slug)
    labels = repo.labels(slug)
    settings = (str(repo.store.git_dir), slug, repo.language(slug), repo.config.numbering(slug))

    def formal(a: Amendment) -> str:
        return _FORMAL.get(
            (*settings, a.id, a.base, a.operations), lambda: amendment_wording(repo, slug, a)
        )

    def made(item: ReviewItem) -> ReviewEntry:
        follows = item.consequences
        return ReviewEntry(
            a=amendment_view(item.amendment, labels, lang),
            redline=changed_clauses(item.redline, lang),
            formal=formal(item.amendment.amendment),
            applies=item.redline is not None,
            conflicts=[readable(c, labels) for c in item.conflicts],
            competing=[(o.number, still) for o, still in item.competing],
            renumbers=", ".join(str(r) for r in follows.renumbered),
            references=tuple((labels.get(c.clause, c.clause), str(c)) for c in follows.references),
            dangling=tuple(
                (labels.get(g.clause, g.clause), g.reference, g.number) for g in follows.dangling
            ),
        )

    def entry(item: ReviewItem) -> ReviewEntry:
        n = item.amendment
        rivals = tuple((o.number, still) for o, still in item.competing)
        key = (*settings, id(doc), lang, n.amendment, n.number, rivals)
        kept: tuple[Document, ReviewEntry] = _ENTRIES.get(key, lambda: (doc, made(item)))
        return kept[1]

    groups = []
    for rivals in competing_groups(items):
        first = rivals.items[0]
        where = rivals.clauses or first.clauses[:1]
        groups.append(
            {
                "place": ", ".join(labels.get(c, c) for c in where),
                "entries": [entry(i) for i in rivals.items],
                # Exactly which pairs compete, in each language of the interface.
                "competition": {ui: competition(rivals, ui) for ui in LANGUAGES},
            }
        )
    pending = [n for n in repo.amendments(slug) if n.amendment.status in PENDING]
    return {"groups": groups, "count": len(items), "pending": len(pending), "doc_lang": lang}


def amendment_list(
    repo: Repository,
    slug: str,
    status: str | None,
    author: str | None,
    clause: str | None,
) -> dict[str, Any]:
    """The amendments, filtered as on the command line (``amendments --status --author``)
    and by the clause they touch."""
    everything = repo.amendments(slug)
    wanted: Sequence[str] = (
        [str(s) for s in PENDING] if status == "pending" else [status] if status else []
    )
    clause_id = None
    if clause:
        try:
            clause_id = repo.document(slug).find(clause).id
        except ResolutionError:
            clause_id = clause
    chosen = [
        n
        for n in everything
        if (not wanted or n.amendment.status in wanted)
        and (not author or author.casefold() in n.amendment.author.casefold())
        and (clause_id is None or clause_id in n.amendment.targets)
    ]
    lang = doc_lang(repo, slug)
    current = repo.labels(slug)
    views = [
        amendment_view(
            n,
            current
            if all(t in current for t in n.amendment.targets)
            else repo.labels(slug, n.amendment),
            lang,
        )
        for n in chosen
    ]
    authors = sorted({Person.parse(n.amendment.author).name for n in everything})
    return {"amendments": views, "total": len(everything), "authors": authors}


STATUSES = [str(s) for s in Status]
