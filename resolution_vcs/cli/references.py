"""Commands for cross-references and numbering: references and check."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from .common import (
    at_option,
    count,
    doc_option,
    json_option,
    open_repository,
    plain_table,
    print_json,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..references import Cited, Reference

STATUSES = ("resolved", "dangling", "ambiguous", "external")


def _cited_dict(c: Cited, labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "number": c.number,
        "status": c.status,
        "clause": c.target,
        "label": labels.get(c.target) if c.target else None,
    }


def reference_dict(ref: Reference, labels: Mapping[str, str]) -> dict[str, Any]:
    """A reference as ``resvcs references --json`` prints it."""
    return {
        "clause": ref.clause,
        "label": labels.get(ref.clause, ref.clause),
        "text": ref.text,
        "kind": ref.kind,
        "status": ref.status,
        "range": ref.range,
        "cites": [_cited_dict(c, labels) for c in ref.cited],
        "within": [_cited_dict(c, labels) for c in ref.within],
    }


@click.command()
@doc_option
@at_option
@click.option("--status", type=click.Choice(STATUSES), help="Only references with this status.")
@json_option
def references(slug: str | None, at: str | None, status: str | None, as_json: bool) -> None:
    """List the cross-references in the text: where, which item, resolved or dangling.

    A reference is "пунктом 5", "пунктами 3–5", "підпункт 2.1", "статті 5-1",
    "paragraphs 3 to 5" …: resolved when it names an item of this text, dangling
    when it names none, external when it names another act's items.

    \b
    Example:
      resvcs references --status dangling
    """
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        doc = repo.document(slug, at)
        found = repo.references(slug, at)
    labels = {c.id: c.label for c in doc.clauses}
    if status:
        found = [r for r in found if r.status == status]
    if as_json:
        print_json([reference_dict(r, labels) for r in found])
        return
    if not found:
        click.echo("No references." if not status else f"No {status} references.")
        return
    rows = []
    for ref in found:
        items = ", ".join(labels.get(c.target, c.target) if c.target else "—" for c in ref.cited)
        rows.append([labels.get(ref.clause, ref.clause), ref.text, items, ref.status])
    click.echo(plain_table(rows, ["WHERE", "REFERENCE", "ITEM", "STATUS"]))
    counts = {s: sum(1 for r in found if r.status == s) for s in STATUSES}
    summary = ", ".join(f"{s} {n}" for s, n in counts.items() if n)
    click.echo(f"\n{count(len(found), 'reference')}: {summary}.")


@click.command()
@doc_option
@json_option
def check(slug: str | None, as_json: bool) -> None:
    """Check references and numbering: dangling references, now and after pending amendments.

    Reports references to items the text does not have, references that accepting
    a pending amendment would leave pointing at an item it deletes (accepting never
    rewrites those), and numbered lists whose numbers repeat or go back. Exit 1 if
    there is any.

    \b
    Example:
      resvcs check
    """
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        findings = repo.check(slug)
    if as_json:
        print_json(
            [
                {
                    "clause": f.clause,
                    "kind": f.kind,
                    "amendment": f.amendment or None,
                    "what": f.what,
                }
                for f in findings
            ]
        )
    elif not findings:
        click.echo(f"{slug}: every reference names an item of the text, and the numbers count.")
    else:
        click.echo(f"{slug}: {count(len(findings), 'problem')}:", err=True)
        for f in findings:
            click.echo(f"  {f.what}.", err=True)
    if findings:
        sys.exit(1)
