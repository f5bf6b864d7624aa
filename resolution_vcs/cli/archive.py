"""Commands for archivists and for working across machines: log, history, blame,
verify, export, dossier, sync and clone."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .common import (
    at_option,
    count,
    doc_option,
    echo_lines,
    json_option,
    open_repository,
    plain_table,
    print_json,
    short,
    write_output,
)


@click.command()
@doc_option
@json_option
def log(slug: str | None, as_json: bool) -> None:
    """List the versions of a document (v1, v2 …) and the decisions between them:
    date, who, what (import, revision, acceptance, rejection …), amendment and chair.

    \b
    Example:
      resvcs log --json
    """
    from ..history import log as read_log

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        entries = read_log(repo, slug)
        if as_json:
            print_json(
                [
                    {
                        "version": e.version or None,
                        "commit": e.commit,
                        "date": e.date.isoformat(),
                        "author": e.person,
                        "action": e.action,
                        "amendment": e.amendment or None,
                        "number": e.number,
                        "decision": e.decision or None,
                        "chair": e.chair or None,
                        "message": e.subject,
                    }
                    for e in entries
                ]
            )
            return
        rows = [
            [
                e.version or "—",
                e.date.strftime("%Y-%m-%d %H:%M"),
                e.person.split(" <")[0],
                e.action,
                short(e.subject, 70),
            ]
            for e in reversed(entries)
        ]
        click.echo(plain_table(rows, ["VERSION", "DATE", "AUTHOR", "ACTION", "MESSAGE"]))


def _who(attribution: object, proposed: str = "") -> str:
    """Who stands behind a version; ``proposed``: the label the amendment's clause had
    when it was proposed, where it differs from the one shown."""
    from ..history import Attribution

    assert isinstance(attribution, Attribution)
    parts = [attribution.version, attribution.action]
    if attribution.number:
        cited = f"clause {proposed}" if proposed[:1].isdigit() else proposed
        place = f" (proposed for {cited})" if proposed else ""
        parts.append(f"amendment {attribution.number}{place}")
    parts.append(attribution.by.split(" <")[0])
    if attribution.chair:
        parts.append(f"chair {attribution.chair.split(' <')[0]}")
    return ", ".join(parts)


@click.command()
@click.argument("clause", metavar="CLAUSE")
@doc_option
@json_option
def history(clause: str, slug: str | None, as_json: bool) -> None:
    """Every wording of one clause through all versions, following it through moves
    and renumbering, with the version, amendment, author and chair of each change.

    \b
    Example:
      resvcs history 5
    """
    from ..history import clause_history, clause_id, label_when_proposed

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        wordings = clause_history(repo, slug, clause)
        target = clause_id(repo, slug, clause)
        proposed = [label_when_proposed(repo, slug, w.attribution, target) for w in wordings]
        if as_json:
            print_json(
                [
                    {
                        "version": w.attribution.version,
                        "commit": w.attribution.commit,
                        "date": w.attribution.date.isoformat(),
                        "label": w.label,
                        "proposed_label": p or None,
                        "changes": list(w.changes),
                        "text": w.text,
                        "action": w.attribution.action,
                        "amendment": w.attribution.amendment or None,
                        "number": w.attribution.number,
                        "author": w.attribution.by,
                        "chair": w.attribution.chair or None,
                    }
                    for w, p in zip(wordings, proposed, strict=True)
                ]
            )
            return
        for w, p in zip(wordings, proposed, strict=True):
            click.echo(
                f"[{w.label}] {', '.join(w.changes)} — "
                f"{_who(w.attribution, p if p != w.label else '')}, "
                f"{w.attribution.date:%Y-%m-%d}"
            )
            click.echo(("  " + w.text.replace("\n", "\n  ")) if w.text else "  (deleted)")
            click.echo()


@click.command()
@doc_option
@at_option
@json_option
def blame(slug: str | None, at: str | None, as_json: bool) -> None:
    """The text with, for every clause and every changed span in it, the version,
    amendment, author and chair that wrote it (clauses unchanged since the import
    are attributed to the import).

    \b
    Example:
      resvcs blame --json
    """
    from ..history import blame as read_blame
    from ..history import label_when_proposed

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        clauses = read_blame(repo, slug, at)

        def proposed(c: Any, s: Any) -> str:
            label = label_when_proposed(repo, slug, s.attribution, c.id)
            return label if label != c.label else ""

        if as_json:
            print_json(
                [
                    {
                        "id": c.id,
                        "label": c.label,
                        "spans": [
                            {
                                "text": s.text,
                                "version": s.attribution.version,
                                "action": s.attribution.action,
                                "amendment": s.attribution.amendment or None,
                                "number": s.attribution.number,
                                "proposed_label": proposed(c, s) or None,
                                "author": s.attribution.by,
                                "chair": s.attribution.chair or None,
                            }
                            for s in c.spans
                        ],
                    }
                    for c in clauses
                ]
            )
            return

        said: dict[tuple[int, str], str] = {}  # _who of each attribution, said once

        def who(c: Any, s: Any) -> str:
            key = (id(s.attribution), proposed(c, s))
            found = said.get(key)
            if found is None:
                found = said[key] = _who(s.attribution, key[1])
            return found

        def lines() -> Iterator[str]:
            for c in clauses:
                sources = {s.attribution.version: s for s in c.spans}
                if len(sources) <= 1:
                    span = next(iter(sources.values()), None)
                    yield f"[{c.label}] {c.id}  {who(c, span) if span else '—'}"
                    continue
                yield f"[{c.label}] {c.id}"
                for s in c.spans:
                    yield f"    {short(s.text, 60)!r:64}  {who(c, s)}"

        echo_lines(lines())  # a long draft has tens of thousands of lines


@click.command()
@doc_option
@click.option(
    "--require-signed",
    is_flag=True,
    help="Also require every commit to be signed by a key in allowed_signers.",
)
def verify(slug: str | None, require_signed: bool) -> None:
    """Replay the history and prove the text is what was decided: every version an
    import, a recorded revision, an amendment accepted by a chair, or an adoption;
    decided records unaltered; adoption tags where they were made. Exit 1 if not.

    \b
    Example:
      resvcs verify
    """
    from ..verify import verify as check

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        report = check(repo, slug, require_signed=require_signed)
    if report.ok:
        click.echo(
            f"Verified {slug}: {count(report.versions, 'version')} and "
            f"{count(report.decisions, 'decision')}, as recorded."
        )
        for edit in report.recorded:
            click.echo(f"  {edit}.")
        return
    click.echo(f"{slug}: {len(report.violations)} problem(s) in the history:", err=True)
    for v in report.violations:
        click.echo(f"  {v}", err=True)
    sys.exit(1)


@click.command()
@doc_option
@at_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "docx"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option("--lang", type=click.Choice(["ru", "uk", "en"]), help="Language of the page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def export(
    slug: str | None, at: str | None, fmt: str, lang: str | None, output: str | None
) -> None:
    """The text itself, without review marks, as Markdown, a web page or a Word file.

    \b
    Example:
      resvcs export --format docx -o resolution.docx
    """
    from ..present.export import export_text

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        doc = repo.document(slug, at)
        result = export_text(
            doc,
            fmt,
            title=repo.title(slug),
            lang=lang or repo.language(slug) or "en",
        )
    write_output(result, output)


@click.command()
@doc_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write (made or replaced).",
)
@click.option("--lang", type=click.Choice(["ru", "uk", "en"]), help="Language of the pages.")
def dossier(slug: str | None, out: str, lang: str | None) -> None:
    """An offline archive in HTML: the final text, every version, the amendment table,
    the changes between versions, each clause's history and the verify result.

    \b
    Example:
      resvcs dossier --out dossier
    """
    from ..folder import check_target, write_atomically
    from ..reads import KeptPages, wrote_folder

    target = Path(out)
    check_target(target)
    # The pages of a state of the repository are the same each time: kept, they are
    # written again without reading the history again.
    kept = KeptPages.of(slug, lang)
    pages = kept.pages() if kept is not None else None
    if pages is None:
        from ..present.dossier import dossier_pages

        with open_repository() as repo:
            pages = dossier_pages(repo, slug, lang=lang)
        if kept is not None:
            kept.keep(pages)
    written = write_atomically(target, pages)
    wrote_folder(target, pages)
    click.echo(f"Wrote {len(written)} files to {out}; open {target / 'index.html'}.")


@click.command()
@click.option("--remote", default="origin", show_default=True, help="The git remote to use.")
def sync(remote: str) -> None:
    """Exchange proposals and decisions with a git remote: fetch, integrate, push.

    Never forces a push; decisions made on two copies at once are re-applied on
    the merged text; the same amendment decided differently stops the sync.

    \b
    Example:
      resvcs sync --remote origin
    """
    from ..sync import sync as run_sync

    with open_repository() as repo:
        result = run_sync(repo, remote)
    click.echo(result.describe())


@click.command()
@click.argument("url")
@click.argument("directory", required=False)
def clone(url: str, directory: str | None) -> None:
    """Make your own copy of a resolution repository (a path, ssh, https or git URL).

    \b
    Example:
      resvcs clone https://example.org/council.git council
    """
    from ..sync import clone as run_clone

    folder = run_clone(url, directory)
    click.echo(f"Cloned {url} into {folder}. Work there, and run 'resvcs sync' to exchange.")
