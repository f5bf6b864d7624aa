"""Checks of a document's numbering and cross-references, now and after pending amendments.

:func:`check` reports what a secretary must look at before a text is adopted:

* references in the text to items it does not have ("¶12 refers to item 9,
  which the text does not have");
* references that accepting a pending amendment would leave pointing at an item
  it deletes ("¶12 refers to item 4, which amendment 3 deletes": accepting never
  rewrites those);
* numbered lists whose numbers repeat or go back (a hand edit that broke them).

Lists with gaps or suffix numbers are not problems: laws number that way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .amend import apply
from .frozen import frozen
from .numbering import Item, outline
from .references import find_references
from .workflow import PENDING, clause_name, load_all

if TYPE_CHECKING:
    from .model import Document
    from .workflow import Drafts


@frozen
class Finding:
    """One problem: the clause it is in (id), what it is, and the amendment behind it."""

    clause: str
    what: str
    #: The number of the pending amendment whose acceptance would cause it (0: none).
    amendment: int = 0
    kind: str = "dangling"  # "dangling", "deletes", "numbering"


def check(repo: Drafts, slug: str) -> list[Finding]:
    """Problems of the current text's references and numbering, and the references
    pending amendments would leave dangling, in reading order."""
    doc = repo.document(slug)
    labels = {c.id: c.label for c in doc.clauses}
    findings = [*_dangling(doc, labels), *_numbering(doc, labels)]
    numbering = repo.config.numbering(slug)
    for numbered in load_all(repo, slug):
        if numbered.amendment.status not in PENDING:
            continue
        result = apply(doc, numbered.amendment.operations, numbering=numbering)
        for g in result.dangling:
            findings.append(
                Finding(
                    g.clause,
                    f"{_where(labels, g.clause)} refers to item {g.number} («{g.reference}»), "
                    f"which amendment {numbered.number} deletes",
                    numbered.number,
                    "deletes",
                )
            )
    position = {c.id: i for i, c in enumerate(doc.clauses)}
    return sorted(findings, key=lambda f: (position.get(f.clause, len(position)), f.amendment))


def _dangling(doc: Document, labels: Mapping[str, str]) -> list[Finding]:
    out = []
    for ref in find_references(doc):
        if ref.status != "dangling":
            continue
        missing = [c.number for c in (*ref.cited, *ref.within) if c.status == "dangling"]
        items = "item " + missing[0] if len(missing) == 1 else "items " + ", ".join(missing)
        out.append(
            Finding(
                ref.clause,
                f"{_where(labels, ref.clause)} refers to {items} («{ref.text}»), "
                "which the text does not have",
            )
        )
    return out


def _numbering(doc: Document, labels: Mapping[str, str]) -> list[Finding]:
    out = []
    for lst in outline(doc).lists:
        ordinals = lst.ordinals()
        seen: set[int] = set()
        bad: Item | None = None
        for item, ordinal in zip(lst.items, ordinals, strict=True):
            if ordinal is None:
                continue
            if ordinal in seen or (seen and ordinal < max(seen)):
                bad = item
                break
            seen.add(ordinal)
        if bad is None:
            continue
        numbers = ", ".join(i.number for i in lst.items)
        first = lst.items[0].id
        out.append(
            Finding(
                bad.id,
                f"The list that starts at {_where(labels, first, capital=False)} is numbered "
                f"{numbers}: {_where(labels, bad.id, capital=False)} repeats or goes back. "
                "Correct the numbers in a copy and record it with 'resvcs revise --from FILE -m …'",
                kind="numbering",
            )
        )
    return out


def _where(labels: Mapping[str, str], clause: str, *, capital: bool = True) -> str:
    return clause_name(labels.get(clause, clause), capital=capital)
