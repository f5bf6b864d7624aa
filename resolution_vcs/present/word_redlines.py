"""The Word redlines of a repository: between two versions, and the chair's review.

Both are :func:`~.docx_redline.render_docx` documents whose revisions say who made
each change:

- :func:`version_redline`: every change between two versions is credited to the
  version that made it (the amendment's author and the date it was drafted, with a
  comment naming the amendment, its rationale and the chair who accepted it; an
  import or revision to the person who committed it), word by word where several
  versions changed one clause.
- :func:`review_redline`: the current text with the pending amendments as revisions,
  each with its author and date and a comment carrying its number, its wording in
  drafting language, its rationale and the amendments it competes with.
  Amendments that change the same words cannot all be revisions of one text (a
  word can be replaced once): the first of them in the order of the text (by
  number where they start in the same clause) is shown as revisions, and each
  competitor as a comment on the clause, with its wording; amendments that
  change different words of one clause are each shown, one after another.
  "Accept all" therefore gives the text with every amendment shown accepted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..amend import apply, moved_by
from ..records import Amendment
from ..storage import Person
from ..typography import NOTHING, Ignore
from .docx_redline import Credit, Step, chain_credits, render_docx
from .i18n import Lang, resolve_lang, t

if TYPE_CHECKING:
    from ..diff import DocumentDiff
    from ..model import Document
    from ..repository import Repository
    from ..review import ReviewItem


def _name(person: str) -> str:
    """The name Word shows for a person ("Olga Editor", not the address)."""
    try:
        return Person.parse(person).name or person
    except Exception:  # noqa: BLE001 - a record written by hand may hold anything
        return person


def amendment_comment(
    number: int | None,
    amendment: Amendment,
    lang: Lang,
    *,
    wording: str = "",
    chair: str = "",
    extra: Sequence[str] = (),
) -> str:
    """What a comment on an amendment's revisions says, one line a fact."""
    lines = [
        t(
            "word.amendment",
            lang,
            number=str(number or "?"),
            id=amendment.id,
            author=_name(amendment.author),
        )
    ]
    if chair:
        lines.append(t("word.accepted", lang, chair=_name(chair)))
    if wording:
        lines.append(t("word.wording", lang, text=wording))
    if amendment.rationale:
        lines.append(t("word.rationale", lang, text=amendment.rationale))
    lines.extend(extra)
    return "\n".join(lines)


def _drafted(amendment: Amendment) -> datetime:
    return amendment.drafted or amendment.created


def version_redline(
    repo: Repository,
    slug: str,
    old: str | None = None,
    new: str | None = None,
    *,
    lang: str | None = None,
    ignore: Ignore = NOTHING,
    delta: DocumentDiff | None = None,
) -> bytes:
    """The redline of ``old`` → ``new`` (default: the previous version → the current
    one) as Word revisions, each change credited to the version that made it
    (``ignore``: differences left aside, as in :meth:`Repository.diff`; ``delta``:
    that diff, when the caller has it already)."""
    from ..history import attributions
    from ..workflow import record_at

    versions = repo.versions(slug)
    if old is None and new is None and len(versions) > 1:
        old, new = versions[-2].commit, versions[-1].commit
    old_commit, new_commit = repo.resolve(slug, old), repo.resolve(slug, new)
    if delta is None:
        delta = repo.diff(slug, old_commit, new_commit, ignore=ignore)
    start = repo.document(slug, old_commit)
    language = resolve_lang(lang or repo.language(slug) or None, start.opening(20000))
    index = {v.commit: i for i, v in enumerate(versions)}
    head = repo.resolve(slug, None)
    first = index.get(old_commit)
    last = index.get(new_commit, len(versions) - 1 if new_commit == head else None)
    newest = versions[last if last is not None else -1]
    fallback = Credit(_name(str(newest.author)), newest.date)
    if first is None or last is None or first >= last:
        return render_docx(delta, start, credit=fallback, title=repo.title(slug), lang=language)
    found = attributions(repo, slug, versions[last].commit)
    steps = []
    for version, attribution in zip(
        versions[first + 1 : last + 1], found[first + 1 : last + 1], strict=True
    ):
        record = (
            record_at(repo.store, slug, version.commit, attribution.amendment)
            if attribution.amendment
            else None
        )
        if record is not None:
            credit = Credit(
                _name(record.author),
                _drafted(record),
                amendment_comment(attribution.number, record, language, chair=attribution.chair),
            )
        else:
            credit = Credit(_name(attribution.person), attribution.date)
        steps.append(Step(repo.document(slug, version.commit), credit, attribution.moved))
    credit_of = chain_credits(start, steps, fallback)
    return render_docx(delta, start, credit=credit_of, title=repo.title(slug), lang=language)


def review_redline(repo: Repository, slug: str, *, lang: str | None = None) -> bytes:
    """The current text with every pending amendment as Word revisions (module docstring)."""
    from ..diff import diff
    from ..review import competing_groups
    from .amendments import amendment_wording

    current = repo.document(slug)
    items = repo.review(slug)
    language = resolve_lang(lang or repo.language(slug) or None, current.opening(20000))
    labels = repo.labels(slug)
    # Each amendment's rivals: those it changes the same words with (a group may hold
    # amendments that do not compete with each other).
    rivals_of: dict[str, list[int]] = {}
    for group in competing_groups(items):
        for r in group.rivalries:
            rivals_of.setdefault(r.first.id, []).append(r.second.number)
            rivals_of.setdefault(r.second.id, []).append(r.first.number)
    shown_by: dict[str, int] = {}  # clause id -> number of the amendment shown there
    steps: list[Step] = []
    notes: dict[str, list[Credit]] = {}
    text = current
    for item in items:
        numbered = item.amendment
        a = numbered.amendment
        wording = amendment_wording(repo, slug, a, language)
        rivals = sorted(set(rivals_of.get(a.id, [])))
        extra = []
        if rivals:
            key = "word.competing.one" if len(rivals) == 1 else "word.competing.many"
            extra.append(t(key, language, numbers=", ".join(str(n) for n in rivals)))
        result = apply(text, a.operations) if item.redline is not None else None
        if result is not None and result.document is not None:
            comment = amendment_comment(numbered.number, a, language, wording=wording, extra=extra)
            text = result.document
            steps.append(
                Step(text, Credit(_name(a.author), _drafted(a), comment), moved_by(a.operations))
            )
            for clause_id in a.targets:
                shown_by.setdefault(clause_id, numbered.number)
            continue
        if item.redline is None:
            why = "; ".join(_readable(c, labels) for c in item.conflicts)
            extra = [t("word.conflicted", language, why=why), *extra]
        else:
            rival = next((shown_by[c] for c in a.targets if c in shown_by), None)
            if rival is not None:
                extra = [t("word.not_shown", language, number=str(rival)), *extra]
        comment = amendment_comment(numbered.number, a, language, wording=wording, extra=extra)
        credit = Credit(_name(a.author), _drafted(a), comment)
        where = _anchor(item, current, text)
        notes.setdefault(where, []).append(credit)
    delta = diff(current, text, frozenset().union(*(s.moved for s in steps)))
    fallback = Credit("resvcs", repo.versions(slug)[-1].date)
    credit_of = chain_credits(current, steps, fallback)
    version = repo.versions(slug)[-1].name
    title = t("word.review", language, slug=repo.title(slug) or slug, version=version)
    return render_docx(delta, current, credit=credit_of, title=title, lang=language, notes=notes)


def _readable(reason: str, labels: Mapping[str, str]) -> str:
    from ..workflow import readable_reason

    return readable_reason(reason, labels)


def _anchor(item: ReviewItem, current: Document, text: Document) -> str:
    """The clause a comment on ``item`` hangs on: the first clause it touches that the
    redline shows (else the first clause of the text)."""
    ids = {c.id for c in current.clauses} | {c.id for c in text.clauses}
    for clause_id in item.clauses or item.amendment.amendment.targets:
        if clause_id in ids:
            return clause_id
    return text.clauses[0].id if text.clauses else ""
