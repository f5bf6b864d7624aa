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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from .errors import ConfigError, ResolutionError

if TYPE_CHECKING:
    from .amend import Operation
    from .diff import DocumentDiff
    from .model import Document
    from .records import Amendment, Role, Status
    from .repository import Repository
    from .storage import Person
    from .workflow import Numbered

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


# -- amendments ----------------------------------------------------------------------

STATUSES = ("proposed", "conflicted", "accepted", "rejected", "withdrawn", "lapsed")

#: The forms of ``propose``: (name, options it needs, options it may have).
_FORMS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("from", ("from",), ("single", "encoding")),
    ("throughout", ("replace", "with", "throughout"), ()),
    ("words", ("clause", "replace", "with"), ("occurrence", "all")),
    ("wording", ("clause", "text"), ()),
    ("insert-after", ("insert-after", "text"), ()),
    ("insert-before", ("insert-before", "text"), ()),
    ("delete", ("delete",), ()),
    ("move", ("move", "after"), ()),
)


#: How the usage messages of ``propose`` show each option.
_SHOWN_OPTIONS = {
    "from": "--from FILE",
    "clause": "--clause C",
    "text": "--text T",
    "replace": "--replace OLD",
    "with": "--with NEW",
    "occurrence": "--occurrence N",
    "insert-after": "--insert-after C",
    "insert-before": "--insert-before C",
    "delete": "--delete C",
    "move": "--move C",
    "after": "--after D",
}


def _proposal_form(given: dict[str, bool]) -> str:
    """Which form of ``propose`` the options given make; a usage error (exit 2) if none."""
    used = {name for name, present in given.items() if present}
    for name, needs, may in _FORMS:
        if set(needs) <= used <= set(needs) | set(may):
            return name
    if not used:
        raise click.UsageError(
            'Say what to propose, e.g. --clause 5 --text "…", or --from edited.md. '
            "See 'resvcs propose --help' for every form."
        )

    def show(options: Iterable[str]) -> str:
        return " ".join(_SHOWN_OPTIONS.get(o, f"--{o}") for o in options)

    # The forms closest to what was given, and what each would need added or left out.
    best = max(len(used & {*needs, *may}) for _, needs, may in _FORMS)
    adds, drops = [], []
    for _, needs, may in _FORMS:
        if len(used & {*needs, *may}) == best:
            missing = [o for o in needs if o not in used]
            extra = sorted(used - set(needs) - set(may))
            if missing and not extra:
                adds.append(show(missing))
            elif extra and not missing:
                drops.append(show(extra))
    hints = []
    if adds:
        hints.append("Add " + " or ".join(dict.fromkeys(adds)))
    if drops:
        hints.append("Leave out " + " or ".join(dict.fromkeys(drops)))
    advice = f"{'; or '.join(hints)}. " if hints else ""
    names = [f"--{o}" for o in sorted(used)]
    what = (
        f"Option {names[0]} alone does not"
        if len(names) == 1
        else f"Options {', '.join(names)} do not"
    )
    raise click.UsageError(
        f"{what} make one proposal. {advice}See 'resvcs propose --help' for every form."
    )


def _current_labels(doc: Document) -> dict[str, str]:
    return {c.id: c.label for c in doc.clauses}


def _labels_for(
    repo: Repository, slug: str, a: Amendment, current: dict[str, str]
) -> dict[str, str]:
    """Labels of the clauses an amendment names: as they are now, or, for clauses
    that are gone, as they were in the text it was made against."""
    if all(t in current for t in a.targets):
        return current
    base = repo.document(slug, a.base)
    return {**_current_labels(base), **current}


def _version_at(repo: Repository, slug: str, commit: str) -> str:
    """The version of the document a commit holds: "v3"."""
    from .repository import DRAFTS

    return f"v{len(repo.store.history(f'{DRAFTS}/{slug}.md', commit))}"


def _use_color(color: str) -> bool:
    return color == "always" or (color == "auto" and sys.stdout.isatty())


def color_option(f: F) -> F:
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour in the redlines (auto: on a terminal).",
    )(f)


def _redline(delta: DocumentDiff, color: bool) -> str:
    from .present import redline

    return redline.render_text(delta, color=color, lang="en").rstrip("\n")


@main.command()
@doc_option
@click.option(
    "--clause",
    metavar="ID|LABEL",
    help="The clause to change (with --text, or --replace and --with).",
)
@click.option(
    "--text",
    help="The clause's new wording (with --clause), or a new clause (with --insert-after "
    "or --insert-before).",
)
@click.option(
    "--replace", "old", metavar="OLD", help="Words to replace: they must occur (with --with)."
)
@click.option("--with", "new", metavar="NEW", help="The words that take the place of OLD.")
@click.option(
    "--occurrence",
    type=click.IntRange(min=1),
    metavar="N",
    help="Which occurrence of OLD in the clause, when it occurs more than once.",
)
@click.option("--all", "every", is_flag=True, help="Replace every occurrence of OLD in the clause.")
@click.option(
    "--throughout",
    is_flag=True,
    help="Replace OLD with NEW everywhere in the text, as one amendment.",
)
@click.option(
    "--insert-after", metavar="ID|LABEL", help="Add --text as a new clause after this one."
)
@click.option(
    "--insert-before", metavar="ID|LABEL", help="Add --text as a new clause before this one."
)
@click.option("--delete", metavar="ID|LABEL", help="Delete this clause.")
@click.option("--move", metavar="ID|LABEL", help="Move this clause (with --after).")
@click.option("--after", metavar="ID|LABEL", help="The clause --move puts it after.")
@click.option(
    "--from",
    "file",
    type=click.Path(dir_okay=False),
    help="An edited copy of the current text: one amendment per changed clause.",
)
@click.option("--single", is_flag=True, help="With --from: one amendment for all the changes.")
@click.option("--encoding", help="FILE's encoding when it is not UTF-8.")
@click.option("--author", help=AUTHOR_HELP)
@click.option("--rationale", default="", help="Why: shown to the chair and in the amendment table.")
@click.option(
    "--cosponsor",
    "cosponsors",
    multiple=True,
    metavar='"NAME <EMAIL>"',
    help="A co-sponsor (repeatable).",
)
def propose(
    slug: str | None,
    clause: str | None,
    text: str | None,
    old: str | None,
    new: str | None,
    occurrence: int | None,
    every: bool,
    throughout: bool,
    insert_after: str | None,
    insert_before: str | None,
    delete: str | None,
    move: str | None,
    after: str | None,
    file: str | None,
    single: bool,
    encoding: str | None,
    author: str | None,
    rationale: str,
    cosponsors: tuple[str, ...],
) -> None:
    """Propose an amendment to the current text of a document.

    \b
    Forms:
      --clause C --text T                    new wording of clause C
      --clause C --replace OLD --with NEW    other words in C (if OLD occurs
                                             more than once: --occurrence N or --all)
      --replace OLD --with NEW --throughout  everywhere in the text, one amendment
      --insert-after C --text T              a new clause after C (--insert-before: before)
      --delete C                             delete clause C
      --move C --after D                     move clause C after clause D
      --from FILE                            an edited copy of the text: one amendment
                                             per changed clause (--single: one in all)

    \b
    Examples:
      resvcs propose --clause 5 --replace "Опыт" --with "Практика" --rationale "Точнее"
      resvcs propose --replace СФЗО --with СЗФО --throughout
      resvcs propose --from edited.md --author "Olga Editor <olga@example.org>"
    """
    from . import amend
    from .storage import Person

    form = _proposal_form(
        {
            "from": file is not None,
            "single": single,
            "encoding": encoding is not None,
            "clause": clause is not None,
            "text": text is not None,
            "replace": old is not None,
            "with": new is not None,
            "occurrence": occurrence is not None,
            "all": every,
            "throughout": throughout,
            "insert-after": insert_after is not None,
            "insert-before": insert_before is not None,
            "delete": delete is not None,
            "move": move is not None,
            "after": after is not None,
        }
    )
    data = _read_input(file) if file is not None else b""
    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        people = [Person.parse(c) for c in cosponsors]
        common: dict[str, Any] = {"author": actor, "rationale": rationale, "cosponsors": people}
        doc = repo.document(slug)
        if file is not None:
            made = repo.propose_copy(
                slug, data, source=file, single=single, encoding=encoding, **common
            )
            if not made:
                click.echo(
                    f"No changes: {file} is the same as the current text of {slug}. "
                    "Nothing was proposed."
                )
                return
        else:
            ops: list[amend.Operation]
            if form == "throughout":
                ops = amend.replace_throughout(doc, old or "", new or "")
            elif form == "words":
                ops = [
                    amend.replace_words(doc, clause or "", old or "", new or "", occurrence, every)
                ]
            elif form == "wording":
                ops = [amend.replace_clause(doc, clause or "", text or "")]
            elif form in ("insert-after", "insert-before"):
                anchor = insert_after or insert_before or ""
                where: Literal["after", "before"] = "after" if insert_after else "before"
                ops = [amend.insert_clause(doc, anchor, text or "", where)]
            elif form == "delete":
                ops = [amend.delete_clause(doc, delete or "")]
            else:
                ops = [amend.move_clause(doc, move or "", after or "")]
            made = repo.propose(slug, [ops], **common)
        from .present.amendments import describe

        labels = _current_labels(doc)
        if len(made) == 1:
            (n,) = made
            click.echo(f"Proposed amendment {n.number} ({n.id}): {describe(n.amendment, labels)}.")
            return
        click.echo(f"Proposed {len(made)} amendments from {file}:")
        for n in made:
            click.echo(f"  amendment {n.number} ({n.id}): {describe(n.amendment, labels)}")


@main.command()
@doc_option
@click.option(
    "--status",
    type=click.Choice([*STATUSES, "pending"]),
    help="Only amendments with this status (pending: proposed or conflicted).",
)
@click.option(
    "--author", metavar="TEXT", help="Only amendments whose author's name or email contains TEXT."
)
@json_option
def amendments(slug: str | None, status: str | None, author: str | None, as_json: bool) -> None:
    """List the amendments of a document: number, id, status, author, clauses, summary.

    \b
    Examples:
      resvcs amendments --status pending
      resvcs amendments --author olga --json
    """
    from .present.amendments import amendment_dict, gist

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        everything = repo.amendments(slug)
        wanted = ("proposed", "conflicted") if status == "pending" else (status,)
        chosen = [
            n
            for n in everything
            if (status is None or n.amendment.status in wanted)
            and (author is None or author.casefold() in n.amendment.author.casefold())
        ]
        current = _current_labels(repo.document(slug))
        labelled = [(n, _labels_for(repo, slug, n.amendment, current)) for n in chosen]
    if as_json:
        _print_json([amendment_dict(n, labels) for n, labels in labelled])
        return
    from .storage import Person

    if not chosen:
        if everything:
            click.echo("No amendments match.")
        else:
            click.echo(f"No amendments to {slug} yet. Propose one with 'resvcs propose'.")
        return
    from tabulate import tabulate

    rows = [
        [
            n.number,
            n.id,
            str(n.amendment.status),
            _short(Person.parse(n.amendment.author).name, 24),
            _short(", ".join(labels.get(t, t) for t in n.amendment.targets), 24),
            _short(gist(n.amendment, labels), 60),
        ]
        for n, labels in labelled
    ]
    click.echo(
        tabulate(
            rows,
            headers=["NUMBER", "ID", "STATUS", "AUTHOR", "CLAUSES", "SUMMARY"],
            tablefmt="plain",
            disable_numparse=True,
        )
    )


@main.command("amendment")
@click.argument("ref", metavar="ID")
@doc_option
@color_option
def amendment_cmd(ref: str, slug: str | None, color: str) -> None:
    """Show one amendment: who proposed what and why, its status, and its redline.

    ID is the amendment's number (3) or id (q7k2mx4a). A pending amendment is
    shown against the current text; a decided one as it was proposed.

    \b
    Example:
      resvcs amendment 3
    """
    from .present.amendments import describe, next_steps, readable
    from .records import Status
    from .storage import Person
    from .workflow import as_proposed, redline

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        n = repo.amendment(slug, ref)
        a = n.amendment
        doc = repo.document(slug)
        labels = _labels_for(repo, slug, a, _current_labels(doc))
        pending = a.status in (Status.PROPOSED, Status.CONFLICTED)
        version = repo.versions(slug)[-1].name
        if pending:
            delta, conflicts = redline(doc, a)
            where = f"Against the current text ({version}):"
        else:
            delta, conflicts = as_proposed(repo, slug, a), ()
            where = f"As proposed (against {_version_at(repo, slug, a.base)}):"
        facts = [
            ("Status", str(a.status)),
            ("Author", a.author),
            ("Co-sponsors", ", ".join(a.cosponsors)),
            (
                "Proposed",
                f"{a.created:%Y-%m-%d %H:%M} UTC, against {_version_at(repo, slug, a.base)}",
            ),
            ("Rationale", a.rationale),
            ("Conflict", readable(a.conflict, labels)),
        ]
        if a.decision is not None:
            d = a.decision
            by = Person.parse(d.by).name
            reason = f": {d.reason}" if d.reason else ""
            facts.append(("Decision", f"{d.status} by {by} on {d.date:%Y-%m-%d}{reason}"))
    click.echo(f"Amendment {n.number} ({a.id}) to {slug}: {describe(a, labels)}")
    width = max(len(k) for k, v in facts if v) + 1
    for key, value in facts:
        if value:
            click.echo(f"  {key + ':':<{width}} {value}")
    click.echo("")
    if delta is None:
        why = "; ".join(readable(c, labels) for c in conflicts) or "its base text is missing"
        click.echo(f"It does not apply to the current text ({version}): {why}.")
        if pending:
            click.echo(next_steps(n.number) + ".")
    else:
        click.echo(where)
        click.echo(_redline(delta, _use_color(color)))


@main.command()
@click.argument("ref", metavar="ID")
@doc_option
@click.option("--reason", default="", help="Why (optional).")
@click.option("--author", help=AUTHOR_HELP)
def withdraw(ref: str, slug: str | None, reason: str, author: str | None) -> None:
    """Withdraw an amendment you proposed (only its author may).

    \b
    Example:
      resvcs withdraw 3 --reason "Covered by amendment 5"
    """
    from .present.amendments import describe

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        outcome = repo.withdraw(slug, ref, author=actor, reason=reason)
        n = outcome.amendment
        labels = _labels_for(repo, slug, n.amendment, _current_labels(repo.document(slug)))
    click.echo(f"Withdrew amendment {n.number} ({n.id}): {describe(n.amendment, labels)}.")


@main.command()
@doc_option
@color_option
@json_option
def review(slug: str | None, color: str, as_json: bool) -> None:
    """Show the pending amendments for the chair: redlines in the order of the text.

    Each pending amendment is shown against the current text; amendments that
    change the same words are shown together as competing, with what accepting
    each would do to the others.

    \b
    Example:
      resvcs review
    """
    from .present.amendments import render_review, review_dict

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        items = repo.review(slug)
        labels = _current_labels(repo.document(slug))
        version = repo.versions(slug)[-1].name
    if as_json:
        _print_json([review_dict(item, labels) for item in items])
        return
    out = render_review(items, labels, slug=slug, version=version, color=_use_color(color))
    click.echo(out, nl=False)


def _check_decision(
    repo: Repository, slug: str, refs: Sequence[str], to: Status, actor: Person
) -> tuple[list[Numbered], list[Numbered]]:
    """The amendments named, each checked before anything is written: an unknown
    one, a decided one or a person who may not decide stops the command untouched.
    Returns them (once each, in the order given) and every amendment of the document."""
    from .records import check_transition

    everything = repo.amendments(slug)
    by_key = {str(n.number): n for n in everything} | {n.id: n for n in everything}
    roles: set[Role] = {"chair"} if repo.config.is_chair(actor) else set()
    chosen: dict[str, Numbered] = {}
    for ref in refs:
        n = by_key.get(ref.strip().lstrip("#")) or repo.amendment(slug, ref)
        check_transition(n.amendment, to, roles, number=n.number)
        chosen.setdefault(n.id, n)
    return list(chosen.values()), everything


@main.command()
@click.argument("refs", nargs=-1, required=True, metavar="ID...")
@doc_option
@click.option("--reason", default="", help="Why (optional).")
@click.option("--author", help=AUTHOR_HELP)
def accept(refs: tuple[str, ...], slug: str | None, reason: str, author: str | None) -> None:
    """Accept amendments into the text, in the order given (chairs only).

    Each acceptance is one commit. An amendment whose words have changed meanwhile
    is not applied: it becomes conflicted, and the command exits with 1.

    \b
    Example:
      resvcs accept 1 2 4 --reason "Supported by the working group"
    """
    from .present.amendments import describe, next_steps, readable
    from .records import Status

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        chosen, everything = _check_decision(repo, slug, refs, Status.ACCEPTED, actor)
        before = {x.id: x for x in everything}
        refused: list[int] = []
        for n in chosen:
            labels = _current_labels(repo.document(slug))
            now = before[n.id].amendment
            if now.status is Status.CONFLICTED:  # by an acceptance just before
                outcome_status, why = Status.CONFLICTED, now.conflict
            else:
                (outcome,) = repo.accept(slug, [n.id], chair=actor, reason=reason)
                outcome_status, why = outcome.status, outcome.reason
            if outcome_status is not Status.ACCEPTED:
                refused.append(n.number)
                click.echo(
                    f"Amendment {n.number} ({n.id}) was not accepted: it conflicts with the "
                    f"current text ({readable(why, labels)}). {next_steps(n.number)}."
                )
                continue
            version = repo.versions(slug)[-1].name
            summary = describe(n.amendment, labels)
            click.echo(
                f"Accepted amendment {n.number} ({n.id}): {summary}. The text is now {version}."
            )
            # What the acceptance did to the other pending amendments.
            after = {x.id: x for x in repo.amendments(slug)}
            new_labels = _current_labels(repo.document(slug))
            for other in after.values():
                was = before.get(other.id)
                if (
                    other.id == n.id
                    or was is None
                    or was.amendment.status is other.amendment.status
                ):
                    continue
                if other.amendment.status is Status.CONFLICTED:
                    click.echo(
                        f"  Amendment {other.number} ({other.id}) no longer applies and is now "
                        f"conflicted: {readable(other.amendment.conflict, new_labels)}. "
                        f"{next_steps(other.number)}."
                    )
                elif other.amendment.status is Status.PROPOSED:
                    click.echo(f"  Amendment {other.number} ({other.id}) applies again.")
            before = after
    if refused:
        names = ", ".join(map(str, refused))
        if len(refused) == 1:
            message = f"Amendment {names} was not accepted: it conflicts with the current text"
            todo = "Resolve it or reject it"
        else:
            message = f"Amendments {names} were not accepted: they conflict with the current text"
            todo = "Resolve or reject them"
        raise click.ClickException(f"{message}. {todo}.")


@main.command()
@click.argument("refs", nargs=-1, required=True, metavar="ID...")
@doc_option
@click.option("--reason", default="", help="Why (required): shown in the amendment table.")
@click.option("--author", help=AUTHOR_HELP)
def reject(refs: tuple[str, ...], slug: str | None, reason: str, author: str | None) -> None:
    """Reject amendments, with the reason (chairs only). The text does not change.

    \b
    Example:
      resvcs reject 3 --reason "Outside the forum's remit"
    """
    from .present.amendments import describe
    from .records import Status

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        chosen, _ = _check_decision(repo, slug, refs, Status.REJECTED, actor)
        labels = _current_labels(repo.document(slug))
        outcomes = repo.reject(slug, [n.id for n in chosen], chair=actor, reason=reason)
    for outcome in outcomes:
        n = outcome.amendment
        click.echo(
            f"Rejected amendment {n.number} ({n.id}): {describe(n.amendment, labels)}. "
            f"Reason: {outcome.reason}"
        )


@main.command("resolve")
@click.argument("ref", metavar="ID")
@doc_option
@click.option("--text", help="The new wording of the clause it changes (or of the clause it adds).")
@click.option(
    "--from",
    "file",
    type=click.Path(dir_okay=False),
    help="An edited copy of the current text making the change the amendment should make.",
)
@click.option("--encoding", help="FILE's encoding when it is not UTF-8.")
@click.option("--author", help=AUTHOR_HELP)
def resolve_cmd(
    ref: str,
    slug: str | None,
    text: str | None,
    file: str | None,
    encoding: str | None,
    author: str | None,
) -> None:
    """Give a conflicted amendment new wording against the current text (its author or a chair).

    \b
    Examples:
      resvcs resolve 5 --text "регулярно размещать информацию …"
      resvcs resolve 5 --from edited.md
    """
    from .present.amendments import describe

    if (text is None) == (file is None):
        raise click.UsageError(
            "Give the new wording with --text T or an edited copy with --from FILE (one of them)"
        )
    data = _read_input(file) if file is not None else b""
    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        doc = repo.document(slug)
        n = repo.amendment(slug, ref)
        if file is not None:
            ops = _operations_from_file(doc, data, file, encoding, repo.config.max_document_bytes)
        else:
            ops = _operations_for_text(doc, n, text or "")
        resolved = repo.resolve_amendment(slug, ref, ops, person=actor)
        version = repo.versions(slug)[-1].name
    summary = describe(resolved.amendment, _current_labels(doc))
    click.echo(
        f"Resolved amendment {resolved.number} ({resolved.id}): it now proposes to {summary} "
        f"of the current text ({version}). A chair can accept it: resvcs accept {resolved.number}"
    )


def _operations_from_file(
    doc: Document, data: bytes, file: str, encoding: str | None, max_bytes: int
) -> list[Operation]:
    """All the changes an edited copy makes to ``doc``, as the operations of one amendment."""
    from .amend import operations_from_copy
    from .errors import InputError
    from .importers import to_markdown
    from .text import decode

    text = decode(data, source=file, encoding=encoding, max_bytes=max_bytes)
    if not text.strip():
        raise InputError(f"{file} is empty. Give the edited copy of the text")
    ops = [
        op for group in operations_from_copy(doc, to_markdown(text, filename=file)) for op in group
    ]
    if not ops:
        raise InputError(
            f"{file} is the same as the current text. Make the change the amendment should "
            "make in it"
        )
    return ops


def _operations_for_text(doc: Document, n: Numbered, text: str) -> list[Operation]:
    """The amendment's one change made again with new wording, against ``doc``."""
    from .amend import OpKind, insert_clause, replace_clause
    from .errors import InputError

    ops = n.amendment.operations
    copy_hint = "Give an edited copy of the current text with --from FILE instead"
    if len(ops) != 1:
        raise InputError(
            f"{n.name} changes {len(ops)} places; --text gives one wording. {copy_hint}"
        )
    (op,) = ops
    if op.op is OpKind.REPLACE and doc.get(op.target) is not None:
        return [replace_clause(doc, op.target, text)]
    if op.op is OpKind.INSERT and doc.get(op.anchor) is not None:
        return [insert_clause(doc, op.anchor, text, op.where)]
    if op.op in (OpKind.REPLACE, OpKind.INSERT):
        raise InputError(f"The clause {n.name.lower()} refers to no longer exists. {copy_hint}")
    raise InputError(
        f"{n.name} does not propose wording ({op.op}); --text does not fit. {copy_hint}"
    )


@main.command()
@doc_option
@click.option("--tag", metavar="NAME", help="The name of the tag (default: SLUG-adopted).")
@click.option(
    "--lapse-pending",
    is_flag=True,
    help="Mark amendments still pending as lapsed instead of refusing.",
)
@click.option(
    "--final-status",
    metavar="TEXT",
    help='Replace the status line (ПРОЕКТ) with TEXT; --final-status "" drops it.',
)
@click.option("--author", help=AUTHOR_HELP)
def adopt(
    slug: str | None,
    tag: str | None,
    lapse_pending: bool,
    final_status: str | None,
    author: str | None,
) -> None:
    """Adopt the current text (chairs only): an annotated git tag marks the adopted version.

    Refused while amendments are pending, unless --lapse-pending.

    \b
    Example:
      resvcs adopt --tag forum-2022-adopted --final-status ""
    """
    from .records import Status

    with _repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = _acting_person(author, repo.root)
        pending = [
            n
            for n in repo.amendments(slug)
            if n.amendment.status in (Status.PROPOSED, Status.CONFLICTED)
        ]
        name = repo.adopt(
            slug, chair=actor, tag=tag, lapse_pending=lapse_pending, final_status=final_status
        )
        version = repo.versions(slug)[-1].name
    if pending:
        numbers = ", ".join(str(n.number) for n in pending)
        noun = "amendment" if len(pending) == 1 else "amendments"
        click.echo(f"Lapsed (not decided before adoption): {noun} {numbers}.")
    if final_status is not None:
        click.echo(
            "The status line was dropped."
            if not final_status.strip()
            else f"The status line now reads: {final_status.strip()}."
        )
    click.echo(f"Adopted {slug} {version}; the git tag {name} marks the adopted text.")


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


# The archivist's and the sync commands live in their own module; importing it
# registers them on ``main``.
from . import cli_archive  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
