"""The ``resvcs`` command line: thin commands over :class:`Repository` and the pure modules.

Exit codes: 0 success, 1 an error (one line ``Error: ...`` saying what to do),
2 a usage error. Heavy modules (git, the Markdown parser, exporters) are
imported inside the commands that need them, so ``resvcs --help`` is instant.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import ConfigError, ResolutionError

if TYPE_CHECKING:
    from .diff import DocumentDiff
    from .model import Document
    from .repository import Repository
    from .storage import Person

F = TypeVar("F", bound=Callable[..., Any])

AUTHOR_HELP = 'Who acts, "Name <email>" (default: $RESVCS_AUTHOR, then git\'s user.name/email).'


class _Group(click.Group):
    """Turns every ResolutionError into ``Error: ...`` and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ResolutionError as exc:
            raise click.ClickException(str(exc).rstrip(".") + ".") from None
        except UnicodeDecodeError as exc:
            raise click.ClickException(
                f"A file in the repository is not UTF-8 ({exc.reason}). Fix it with git."
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="resolution_vcs", prog_name="resvcs")
def main() -> None:
    """Draft resolutions together: clauses, versions, amendments and decisions in git.

    \b
    Start:
      resvcs init council --chair "Anna Petrova <anna@example.org>"
      cd council && resvcs import draft.txt --slug council-2024
      resvcs clauses
    """


def doc_option(f: F) -> F:
    return click.option(
        "--doc",
        "slug",
        metavar="SLUG",
        help="The document (may be left out when the repository holds one).",
    )(f)


def at_option(f: F) -> F:
    return click.option(
        "--at", "at", metavar="REV", help="A version: v1, v2 …, a tag, a commit id or HEAD~N."
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")(f)


@contextmanager
def _repository() -> Iterator[Repository]:
    from .repository import Repository

    repo = Repository.open(Path.cwd())
    try:
        yield repo
    finally:
        repo.close()


def _acting_person(explicit: str | None, where: Path | None) -> Person:
    from .storage import Person, git_identity

    value = explicit or os.environ.get("RESVCS_AUTHOR")
    if value:
        return Person.parse(value)
    found = git_identity(where)
    if found is not None:
        return found
    raise ConfigError(
        'Cannot tell who you are. Pass --author "Name <email>", set RESVCS_AUTHOR, '
        "or set git config user.name and user.email"
    )


def _read_input(path: str) -> bytes:
    from .errors import InputError

    file = Path(path)
    if not file.exists():
        raise InputError(f"{path} does not exist. Check the file name")
    if file.is_dir():
        raise InputError(f"{path} is a folder. Give a text or Markdown file")
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path} ({exc.strerror}). Check its permissions") from None


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _short(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


# -- repository --------------------------------------------------------------------


@main.command()
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
    from .repository import Repository
    from .storage import Person

    actor = _acting_person(author, Path(path) if Path(path).exists() else None)
    repo = Repository.init(path, actor=actor, chairs=[Person.parse(c) for c in chairs])
    try:
        names = ", ".join(str(c) for c in repo.config.chairs)
        click.echo(f"Created a resolution repository in {repo.root} (chairs: {names}).")
    finally:
        repo.close()


@main.command("import")
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
    data = _read_input(file)
    with _repository() as repo:
        actor = _acting_person(author, repo.root)
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
            f"{_count(len(doc.clauses), 'clause')} (drafts/{version.document}.md)."
        )


@main.command()
@json_option
def documents(as_json: bool) -> None:
    """List the documents in this repository.

    \b
    Example:
      resvcs documents --json
    """
    with _repository() as repo:
        infos = repo.documents()
        if as_json:
            _print_json(
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
        from tabulate import tabulate

        rows = [[d.slug, d.versions, d.clauses, _short(d.title, 60)] for d in infos]
        click.echo(
            tabulate(rows, headers=["DOCUMENT", "VERSIONS", "CLAUSES", "TITLE"], tablefmt="plain")
        )


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


@main.command()
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
    with _repository() as repo:
        doc = repo.document(repo.resolve_slug(slug), at)
        if as_json:
            _print_json([clause_dict(doc, i) for i in range(len(doc.clauses))])
            return
        from tabulate import tabulate

        width = max(30, _terminal_width() - 34)
        rows = [
            [c.id, c.label, c.kind.value, "  " * c.depth + _short(c.text, width)]
            for c in doc.clauses
        ]
        click.echo(
            tabulate(
                rows,
                headers=["ID", "LABEL", "KIND", "TEXT"],
                tablefmt="plain",
                disable_numparse=True,
            )
        )


@main.command()
@doc_option
@at_option
@click.option("--clause", "ref", metavar="ID|LABEL", help="Show one clause only.")
def show(slug: str | None, at: str | None, ref: str | None) -> None:
    """Print a document's Markdown, or one clause of it.

    \b
    Example:
      resvcs show --clause 5
    """
    with _repository() as repo:
        doc = repo.document(repo.resolve_slug(slug), at)
        if ref is None:
            click.echo(doc.render(), nl=False)
            return
        c = doc.find(ref)
        click.echo(f"[{c.label}] {c.id} ({c.kind.value})")
        click.echo(c.content)


@main.command()
@doc_option
@click.option(
    "--from",
    "file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The edited text (Markdown or plain text).",
)
@click.option("--author", help=AUTHOR_HELP)
@click.option("-m", "--message", required=True, help="Why the text was revised.")
@click.option("--encoding", help="FILE's encoding when it is not UTF-8.")
def revise(
    slug: str | None, file: str, author: str | None, message: str, encoding: str | None
) -> None:
    """Record an editorial revision: a new version from an edited file.

    Clauses keep their ids; only new clauses get new ones.

    \b
    Example:
      resvcs revise --from edited.md -m "Fix typos in the preamble"
    """
    data = _read_input(file)
    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        version = repo.revise(
            slug, data, source=file, author=actor, message=message, encoding=encoding
        )
        if version is None:
            click.echo(f"No changes: {file} is the same as the current text of {slug}.")
            return
        delta = repo.diff(slug)
        click.echo(f"Recorded {slug} {version.name}: {_stat_line(delta)}.")


# -- comparing -----------------------------------------------------------------------


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def _stat_line(delta: DocumentDiff) -> str:
    order = ("modified", "added", "deleted", "moved", "renumbered", "unchanged")
    return ", ".join(f"{delta.summary[k]} {k}" for k in order)


def diff_output_options(f: F) -> F:
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        help="Write to this file instead of printing.",
    )(f)
    f = click.option(
        "--exit-code",
        is_flag=True,
        help="Exit with 1 when there are differences, as git diff does.",
    )(f)
    f = click.option("--stat", is_flag=True, help="Print counts only.")(f)
    f = click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour in text output (auto: on a terminal).",
    )(f)
    f = click.option(
        "--lang",
        type=click.Choice(["ru", "en"]),
        help="Language of headings and notes (default: the document's for html and "
        "markdown, English on the terminal).",
    )(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "markdown", "html", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(f)
    return f


def _emit_diff(
    delta: DocumentDiff,
    fmt: str,
    stat: bool,
    exit_code: bool,
    color: str,
    lang: str | None,
    doc_lang: str,
    title: str,
    output: str | None,
) -> None:
    """Print or write a diff. Documents (html, markdown) speak the document's
    language unless --lang says otherwise; the terminal redline speaks English
    unless --lang says otherwise."""
    from .present import redline

    if stat and fmt == "json":
        out = json.dumps(
            {"summary": delta.summary, "layout_changed": delta.layout_changed},
            ensure_ascii=False,
            indent=2,
        )
    elif stat:
        out = _stat_line(delta)
    elif fmt == "json":
        out = redline.render_json(delta)
    elif fmt == "markdown":
        out = redline.render_markdown(delta, lang=lang or doc_lang)
    elif fmt == "html":
        out = redline.render_html(delta, title=title, lang=lang or doc_lang)
    else:
        use_color = output is None and (
            color == "always" or (color == "auto" and sys.stdout.isatty())
        )
        out = redline.render_text(delta, color=use_color, lang=lang or "en")
        if not delta.has_changes:
            out = "No changes."
    if out or output:
        _write_output(out, output)
    if exit_code and delta.has_changes:
        sys.exit(1)


@main.command("diff")
@click.argument("old", required=False, metavar="[FROM]")
@click.argument("new", required=False, metavar="[TO]")
@doc_option
@diff_output_options
def diff_cmd(
    old: str | None,
    new: str | None,
    slug: str | None,
    fmt: str,
    lang: str | None,
    color: str,
    stat: bool,
    exit_code: bool,
    output: str | None,
) -> None:
    """Show what changed between two versions, clause by clause and word by word.

    Without FROM and TO: the previous version against the current one. With
    FROM only: FROM against the current version.

    \b
    Examples:
      resvcs diff
      resvcs diff v1 v3 --format html -o changes.html
    """
    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        delta = repo.diff(slug, old, new)
        _emit_diff(
            delta,
            fmt,
            stat,
            exit_code,
            color,
            lang,
            repo.language(slug) or "en",
            repo.title(slug),
            output,
        )


def _load_file(path: str, encoding: str | None) -> Document:
    from .importers import to_markdown
    from .parse import parse
    from .text import decode

    text = decode(_read_input(path), source=path, encoding=encoding)
    return parse(to_markdown(text, filename=path)) if text.strip() else parse("")


@main.command("diff-files")
@click.argument("old_file", type=click.Path(dir_okay=False), metavar="OLD")
@click.argument("new_file", type=click.Path(dir_okay=False), metavar="NEW")
@click.option("--encoding", help="The files' encoding when it is not UTF-8.")
@diff_output_options
def diff_files(
    old_file: str,
    new_file: str,
    encoding: str | None,
    fmt: str,
    lang: str | None,
    color: str,
    stat: bool,
    exit_code: bool,
    output: str | None,
) -> None:
    """Compare any two Markdown or plain-text files clause by clause (no repository needed).

    \b
    Example:
      resvcs diff-files old.md new.md --format html -o changes.html
    """
    from .diff import diff
    from .text import detect_language

    old_doc, new_doc = _load_file(old_file, encoding), _load_file(new_file, encoding)
    delta = diff(old_doc, new_doc)
    language = detect_language(new_doc.render()[:20000])
    _emit_diff(
        delta, fmt, stat, exit_code, color, lang, language, f"{old_file} → {new_file}", output
    )


@main.command()
@click.argument("old", required=False, metavar="[FROM]")
@click.argument("new", required=False, metavar="[TO]")
@doc_option
@click.option(
    "--kind",
    type=click.Choice(["comparative", "amendments"]),
    default="comparative",
    show_default=True,
    help="Which table: the comparative table (wording before and after, FROM → TO) or "
    "the amendment table (every amendment with its decision).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv", "docx"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    help="Language of headings and notes (default: the document's).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file (needed for docx on a terminal).",
)
def table(
    old: str | None,
    new: str | None,
    slug: str | None,
    kind: str,
    fmt: str,
    lang: str | None,
    output: str | None,
) -> None:
    """Write the comparative table or the amendment table.

    The comparative table: old and new wording of each clause changed from FROM
    to TO. The amendment table: each amendment with its clause, current and
    proposed wording, authors, rationale, decision and reason.

    \b
    Examples:
      resvcs table --kind comparative v1 v2 --format docx -o table.docx
      resvcs table --format md --lang en
      resvcs table --kind amendments --format docx -o amendments.docx
    """
    from .present.amendments import render_amendments, table_entries
    from .present.tables import render_comparative

    if kind == "amendments" and (old or new):
        raise click.UsageError(
            "FROM and TO are for --kind comparative; the amendment table lists every amendment"
        )
    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        language = lang or repo.language(slug) or "en"
        result: str | bytes
        if kind == "amendments":
            entries = table_entries(repo, slug, repo.amendments(slug))
            result = render_amendments(entries, fmt, lang=language, document_title=repo.title(slug))
        else:
            delta = repo.diff(slug, old, new)
            result = render_comparative(delta, fmt, lang=language, title=repo.title(slug))
    _write_output(result, output)


def _write_output(result: str | bytes, output: str | None) -> None:
    from .errors import InputError

    if output:
        target = Path(output)
        if not target.parent.is_dir():
            raise InputError(
                f"The folder {target.parent} does not exist. Create it or choose another -o file"
            )
        if target.is_dir():
            raise InputError(f"{output} is a folder. Give a file name with -o")
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"Cannot write {output} ({exc.strerror}). Check the folder") from None
        click.echo(f"Wrote {output}.", err=True)
    elif isinstance(result, bytes):
        if sys.stdout.isatty():
            raise InputError("A Word file cannot be printed on the terminal. Add -o FILE.docx")
        sys.stdout.buffer.write(result)
    else:
        click.echo(result, nl=not result.endswith("\n"))


def run() -> None:
    """The ``resvcs`` program. A command is a short-lived process: the cyclic garbage
    collector is left off (it costs a fifth of the time of a large diff and frees
    nothing that matters before exit), and the interpreter's teardown of every
    object is skipped once the output is flushed."""
    gc.disable()
    code: int
    try:
        main(prog_name="resvcs")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# The amendment commands and the archivist's and sync commands live in their own
# modules; importing them registers them on ``main``.
from . import cli_amendments, cli_archive  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
