"""Commands for documents: init, import, documents, clauses, show and revise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import (
    AUTHOR_HELP,
    acting_person,
    at_option,
    count,
    doc_option,
    json_option,
    open_repository,
    plain_table,
    print_json,
    read_input,
    short,
    stat_line,
    terminal_width,
)

if TYPE_CHECKING:
    from ..model import Document


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option(
    "--chair",
    "chairs",
    multiple=True,
    metavar='"NAME <EMAIL>"',
    help="A chair (repeatable). Default: you.",
)
@click.option("--author", help=AUTHOR_HELP)
def init(path: str, chairs: tuple[str, ...], author: str | None) -> None:
    """Create a resolution repository (and a git repository if there is none).

    \b
    Example:
      resvcs init council --chair "Anna Petrova <anna@example.org>"
    """
    from ..repository import Repository
    from ..storage import Person

    actor = acting_person(author, Path(path) if Path(path).exists() else None)
    repo = Repository.init(path, actor=actor, chairs=[Person.parse(c) for c in chairs])
    try:
        names = ", ".join(str(c) for c in repo.config.chairs)
        click.echo(f"Created a resolution repository in {repo.root} (chairs: {names}).")
    finally:
        repo.close()


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--slug", help="Name of the document in the repository (default: from FILE).")
@click.option("--title", help="The document's title (default: its first heading).")
@click.option("--author", help=AUTHOR_HELP)
@click.option("-m", "--message", help="The commit message.")
@click.option("--encoding", help="FILE's encoding when it is not UTF-8, e.g. cp1251.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "plain", "markdown"]),
    default="auto",
    show_default=True,
    help="How to read FILE.",
)
def import_(
    file: str,
    slug: str | None,
    title: str | None,
    author: str | None,
    message: str | None,
    encoding: str | None,
    fmt: str,
) -> None:
    """Import a plain-text or Markdown draft as a new document (version v1).

    \b
    Example:
      resvcs import draft.txt --slug bibliomodel-2022
    """
    data = read_input(file)
    with open_repository() as repo:
        actor = acting_person(author, repo)
        version = repo.import_document(
            data,
            source=file,
            slug=slug,
            title=title,
            author=actor,
            message=message,
            encoding=encoding,
            fmt=fmt,
        )
        doc = repo.document(version.document)
        click.echo(
            f"Imported {file} as {version.document} {version.name}: "
            f"{count(len(doc.clauses), 'clause')} (drafts/{version.document}.md)."
        )


@click.command()
@json_option
def documents(as_json: bool) -> None:
    """List the documents in this repository.

    \b
    Example:
      resvcs documents --json
    """
    with open_repository() as repo:
        infos = repo.documents()
        if as_json:
            print_json(
                [
                    {
                        "slug": d.slug,
                        "title": d.title,
                        "versions": d.versions,
                        "clauses": d.clauses,
                        "path": d.path,
                    }
                    for d in infos
                ]
            )
            return
        if not infos:
            click.echo("No documents yet. Import one with 'resvcs import FILE'.")
            return
        rows = [[d.slug, d.versions, d.clauses, short(d.title, 60)] for d in infos]
        click.echo(plain_table(rows, ["DOCUMENT", "VERSIONS", "CLAUSES", "TITLE"], right=(1, 2)))


def clause_dict(doc: Document, i: int) -> dict[str, Any]:
    c = doc.clauses[i]
    return {
        "id": c.id,
        "label": c.label,
        "kind": c.kind.value,
        "text": c.text,
        "markdown": c.content,
        "number": c.number or None,
        "depth": c.depth,
        "parent": doc.parent_id(c),
    }


@click.command()
@doc_option
@at_option
@json_option
def clauses(slug: str | None, at: str | None, as_json: bool) -> None:
    """List the clauses of a document: id, label, kind and text.

    Commands accept a clause's id (k3f9) or its label (5, 2.1, ¶12).

    \b
    Example:
      resvcs clauses --at v1
    """
    with open_repository() as repo:
        doc = repo.document(repo.resolve_slug(slug), at)
        if as_json:
            print_json([clause_dict(doc, i) for i in range(len(doc.clauses))])
            return
        width = max(30, terminal_width() - 34)
        rows = [
            [c.id, c.label, c.kind.value, "  " * c.depth + short(c.text, width)]
            for c in doc.clauses
        ]
        click.echo(plain_table(rows, ["ID", "LABEL", "KIND", "TEXT"]))


@click.command()
@doc_option
@at_option
@click.option("--clause", "ref", metavar="ID|LABEL", help="Show one clause only.")
def show(slug: str | None, at: str | None, ref: str | None) -> None:
    """Print a document's Markdown, or one clause of it.

    \b
    Example:
      resvcs show --clause 5
    """
    with open_repository() as repo:
        doc = repo.document(repo.resolve_slug(slug), at)
        if ref is None:
            click.echo(doc.render(), nl=False)
            return
        c = doc.find(ref)
        click.echo(f"[{c.label}] {c.id} ({c.kind.value})")
        click.echo(c.content)


@click.command()
@doc_option
@click.option(
    "--from",
    "file",
    type=click.Path(dir_okay=False),
    help="The edited text (Markdown or plain text).",
)
@click.option(
    "--adopt-commit",
    "commit",
    metavar="REV",
    help="A version made with plain git: record it as an editorial revision (as it is).",
)
@click.option("--author", help=AUTHOR_HELP)
@click.option("-m", "--message", required=True, help="Why the text was revised.")
@click.option("--encoding", help="FILE's encoding when it is not UTF-8.")
def revise(
    slug: str | None,
    file: str | None,
    commit: str | None,
    author: str | None,
    message: str,
    encoding: str | None,
) -> None:
    """Record an editorial revision: a new version from an edited file.

    Clauses keep their ids; only new clauses get new ones. With --adopt-commit, a
    version someone committed with plain git (which verify reports) is recorded
    as an editorial revision by the person acting, as it is.

    \b
    Examples:
      resvcs revise --from edited.md -m "Fix typos in the preamble"
      resvcs revise --adopt-commit v3 -m "Typos fixed by the secretary in git"
    """
    if (file is None) == (commit is None):
        raise click.UsageError("Give the edited text with --from FILE, or --adopt-commit REV")
    if commit is not None:
        if encoding is not None:
            raise click.UsageError("--encoding goes with --from FILE, not --adopt-commit")
        with open_repository() as repo:
            slug = repo.resolve_slug(slug)
            actor = acting_person(author, repo)
            v = repo.record_revision(slug, commit, author=actor, message=message)
        click.echo(
            f"Recorded {v.name} of {slug} ({v.commit[:12]}) as an editorial revision by {actor}."
        )
        return
    assert file is not None
    data = read_input(file)
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        version = repo.revise(
            slug, data, source=file, author=actor, message=message, encoding=encoding
        )
        if version is None:
            click.echo(f"No changes: {file} is the same as the current text of {slug}.")
            return
        delta = repo.diff(slug)
        click.echo(f"Recorded {slug} {version.name}: {stat_line(delta)}.")
