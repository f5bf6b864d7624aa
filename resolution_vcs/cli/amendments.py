"""Commands for amendments: propose, amendments, amendment, withdraw, review,
accept, reject, resolve and adopt."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import click

from .common import (
    AUTHOR_HELP,
    F,
    acting_person,
    doc_option,
    json_option,
    open_repository,
    plain_table,
    print_json,
    read_input,
    short,
    warn,
    warn_local_edits,
    write_output,
)

if TYPE_CHECKING:
    from ..diff import DocumentDiff
    from ..model import Document
    from ..workflow import Numbered, Outcome


STATUSES = ("proposed", "conflicted", "accepted", "rejected", "withdrawn", "lapsed")

#: The forms of ``propose``: (name, options it needs, options it may have).
_FORMS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("from", ("from",), ("single", "encoding", "exact")),
    ("instructions", ("instructions",), ("encoding",)),
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
    "instructions": "--instructions FILE",
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
    from ..present import redline

    return redline.render_text(delta, color=color, lang="en").rstrip("\n")


@click.command()
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
@click.option(
    "--delete",
    "deletes",
    multiple=True,
    metavar="ID|LABEL",
    help="Delete this clause (repeatable: one amendment deleting them all).",
)
@click.option("--move", metavar="ID|LABEL", help="Move this clause (with --after).")
@click.option("--after", metavar="ID|LABEL", help="The clause --move puts it after.")
@click.option(
    "--from",
    "file",
    type=click.Path(dir_okay=False),
    help="An edited copy of the current text: one amendment per changed clause.",
)
@click.option("--single", is_flag=True, help="With --from: one amendment for all the changes.")
@click.option(
    "--exact",
    is_flag=True,
    help="With --from: propose everything the copy changed (line breaks, quotes, dashes, "
    "layout), so that the text becomes the copy byte for byte. Without it only changes "
    "of words are proposed.",
)
@click.option(
    "--instructions",
    "instructions",
    metavar="FILE",
    help="Amendments in drafting language (ru, uk, en), one per instruction; - reads "
    "standard input.",
)
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
    deletes: tuple[str, ...],
    move: str | None,
    after: str | None,
    file: str | None,
    single: bool,
    exact: bool,
    instructions: str | None,
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
      --delete C [--delete D …]              delete clause C (and D …, in one amendment)
      --move C --after D                     move clause C after clause D
      --from FILE                            an edited copy of the text: one amendment
                                             per clause whose words changed (--single:
                                             one in all; --exact: everything the copy
                                             changed, line breaks and quotes too)
      --instructions FILE                    amendments in drafting language, one per
                                             instruction (- : standard input)

    \b
    Examples:
      resvcs propose --clause 5 --replace "Опыт" --with "Практика" --rationale "Точнее"
      resvcs propose --replace СФЗО --with СЗФО --throughout
      resvcs propose --from edited.md --author "Olga Editor <olga@example.org>"
      echo "Пункт 4 исключить." | resvcs propose --instructions -
    """
    from .. import amend
    from ..storage import Person

    form = _proposal_form(
        {
            "from": file is not None,
            "instructions": instructions is not None,
            "single": single,
            "exact": exact,
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
            "delete": bool(deletes),
            "move": move is not None,
            "after": after is not None,
        }
    )
    data = read_input(file) if file is not None else b""
    if instructions == "-":
        data = sys.stdin.buffer.read()
    elif instructions is not None:
        data = read_input(instructions)
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        people = [Person.parse(c) for c in cosponsors]
        common: dict[str, Any] = {"author": actor, "rationale": rationale, "cosponsors": people}
        doc = repo.document(slug)
        warning = repo.local_edit_warning(slug, file)  # a proposal leaves the draft as it is
        ignored = ""
        made: Sequence[Numbered]
        if instructions is not None:
            source = "standard input" if instructions == "-" else instructions
            made = repo.propose_instructions(slug, data, source=source, encoding=encoding, **common)
        elif file is not None:
            from ..present.ignored import ignored_counts

            proposal = repo.propose_copy(
                slug, data, source=file, single=single, encoding=encoding, exact=exact, **common
            )
            made, ignored = proposal, ignored_counts(proposal.ignored, "en")
            if not made:
                click.echo(_nothing_proposed(file, slug, ignored))
                warn(warning)
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
                ops = [repo.insertion(slug, anchor, text or "", where)]
            elif form == "delete":
                ops = amend.delete_clauses(doc, deletes)
            else:
                ops = [amend.move_clause(doc, move or "", after or "")]
            made = repo.propose(slug, [ops], **common)
        warn(warning)
        from ..present.summary import describe

        labels = repo.labels(slug)
        if len(made) == 1:
            (n,) = made
            click.echo(f"Proposed amendment {n.number} ({n.id}): {describe(n.amendment, labels)}.")
        else:
            given = "standard input" if instructions == "-" else instructions or file
            click.echo(f"Proposed {len(made)} amendments from {given}:")
            for n in made:
                click.echo(f"  amendment {n.number} ({n.id}): {describe(n.amendment, labels)}")
        if ignored:
            click.echo(f"Ignored: {ignored} (not proposed; --exact proposes them too).")


def _nothing_proposed(file: str, slug: str, ignored: str) -> str:
    """What ``propose --from`` says when the copy changes no word."""
    if not ignored:
        return (
            f"No changes: {file} is the same as the current text of {slug}. Nothing was proposed."
        )
    return (
        f"No changes of words: {file} differs from the current text of {slug} only in "
        f"{ignored}. Nothing was proposed; to propose that too: "
        f"resvcs propose --from {shlex.quote(file)} --exact"
    )


@click.command()
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
    from ..present.amendments import amendment_dict, gist

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        everything = repo.amendments(slug)
        wanted = ("proposed", "conflicted") if status == "pending" else (status,)
        chosen = [
            n
            for n in everything
            if (status is None or n.amendment.status in wanted)
            and (author is None or author.casefold() in n.amendment.author.casefold())
        ]
        current = repo.labels(slug)
        labelled = [
            (
                n,
                current
                if all(t in current for t in n.amendment.targets)
                else repo.labels(slug, n.amendment),
            )
            for n in chosen
        ]
    if as_json:
        print_json([amendment_dict(n, labels) for n, labels in labelled])
        return
    from ..storage import Person

    if not chosen:
        if everything:
            click.echo("No amendments match.")
        else:
            click.echo(f"No amendments to {slug} yet. Propose one with 'resvcs propose'.")
        return
    rows = [
        [
            n.number,
            n.id,
            str(n.amendment.status),
            short(Person.parse(n.amendment.author).name, 24),
            short(", ".join(labels.get(t, t) for t in n.amendment.targets), 24),
            short(gist(n.amendment, labels), 60),
        ]
        for n, labels in labelled
    ]
    click.echo(plain_table(rows, ["NUMBER", "ID", "STATUS", "AUTHOR", "CLAUSES", "SUMMARY"]))


@click.command("amendment")
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
    from ..present.amendments import amendment_wording, describe, next_steps, readable
    from ..records import Status
    from ..storage import Person
    from ..workflow import as_proposed, consequence_lines, redline

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        n = repo.amendment(slug, ref)
        a = n.amendment
        doc = repo.document(slug)
        labels = repo.labels(slug, a)
        pending = a.status in (Status.PROPOSED, Status.CONFLICTED)
        version = repo.versions(slug)[-1].name
        if pending:
            delta, conflicts = redline(doc, a, repo.config.numbering(slug))
            where = f"Against the current text ({version}):"
        else:
            delta, conflicts = as_proposed(repo, slug, a), ()
            where = f"As proposed (against {repo.version_name(slug, a.base)}):"
        facts = [
            ("Status", str(a.status)),
            ("Author", a.author),
            ("Co-sponsors", ", ".join(a.cosponsors)),
            (
                "Proposed",
                f"{a.created:%Y-%m-%d %H:%M} UTC, against {repo.version_name(slug, a.base)}",
            ),
            ("Wording", amendment_wording(repo, slug, a)),
            ("Rationale", a.rationale),
            ("Conflict", readable(a.conflict, labels)),
        ]
        follows = repo.consequences(slug, a.id)
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
            click.echo(next_steps(n.number, a, {c.id for c in doc.clauses}) + ".")
    else:
        click.echo(where)
        click.echo(_redline(delta, _use_color(color)))
    if follows:
        intro = "Accepting it also changes" if pending else "Its acceptance also changed"
        click.echo(f"\n{intro} what follows from it:")
        for line in consequence_lines(follows, labels):
            click.echo(f"  {line}")


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="ID...")
@doc_option
@click.option("--reason", default="", help="Why (optional).")
@click.option("--author", help=AUTHOR_HELP)
def withdraw(refs: tuple[str, ...], slug: str | None, reason: str, author: str | None) -> None:
    """Withdraw amendments you proposed (only their author may).

    ID is a number (3), an id, a range (3-7) or a list (1,3,5).

    \b
    Example:
      resvcs withdraw 3 --reason "Covered by amendment 5"
    """
    from ..present.summary import describe

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        warning = repo.local_edit_warning(slug)  # a decision leaves the draft as it is
        outcomes = repo.withdraw_all(slug, refs, author=actor, reason=reason)
        warn(warning)
        done = [(o.amendment, repo.labels(slug, o.amendment.amendment)) for o in outcomes]
    for n, labels in done:
        click.echo(f"Withdrew amendment {n.number} ({n.id}): {describe(n.amendment, labels)}.")


@click.command()
@doc_option
@color_option
@json_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "docx"]),
    default="text",
    show_default=True,
    help="docx: the current text with every pending amendment as Word's tracked changes "
    "(needs -o).",
)
@click.option("--lang", type=click.Choice(["ru", "uk", "en"]), help="Language of the comments.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The file to write.")
def review(
    slug: str | None,
    color: str,
    as_json: bool,
    fmt: str,
    lang: str | None,
    output: str | None,
) -> None:
    """Show the pending amendments for the chair: redlines in the order of the text.

    Each pending amendment is shown against the current text; amendments that
    change the same words are shown together as competing, with what accepting
    each would do to the others.

    With --format docx: one Word file, the current text with the pending
    amendments as tracked changes, each with its author and date and a comment
    with its number, wording, rationale and competitors. Of amendments that
    change the same words the first is shown as changes and the others as
    comments.

    \b
    Examples:
      resvcs review
      resvcs review --format docx -o review.docx
    """
    from ..present.amendments import amendment_wording, render_review, review_dict

    if fmt == "docx":
        from ..present.word_redlines import review_redline

        if not output:
            raise click.UsageError("--format docx writes a Word file: give it with -o FILE")
        if as_json:
            raise click.UsageError("--json and --format docx do not go together")
        with open_repository() as repo:
            write_output(review_redline(repo, repo.resolve_slug(slug), lang=lang), output)
        return
    if output:
        raise click.UsageError("-o is for --format docx; the text review prints")
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        items = repo.review(slug)
        labels = repo.labels(slug)
        version = repo.versions(slug)[-1].name
        wordings = {
            item.amendment.id: amendment_wording(repo, slug, item.amendment.amendment)
            for item in items
        }
    if as_json:
        print_json([review_dict(item, labels, wordings[item.amendment.id]) for item in items])
        return
    out = render_review(
        items, labels, slug=slug, version=version, color=_use_color(color), wordings=wordings
    )
    click.echo(out, nl=False)


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="ID...")
@doc_option
@click.option("--reason", default="", help="Why (optional).")
@click.option("--author", help=AUTHOR_HELP)
def accept(refs: tuple[str, ...], slug: str | None, reason: str, author: str | None) -> None:
    """Accept amendments into the text, in the order given (chairs only).

    ID is a number (3), an id, a range (3-7) or a list (1,3,5). Each acceptance
    is one commit. An amendment whose words have changed meanwhile is not
    applied: it becomes conflicted, and the command exits with 1.

    \b
    Example:
      resvcs accept 1 2 4 --reason "Supported by the working group"
      resvcs accept 3-7,9
    """
    from ..present.summary import describe, next_steps, readable
    from ..records import Status
    from ..workflow import clause_labels, consequence_lines

    refused: list[int] = []
    lines: list[str] = []
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        count = repo.version_count(slug)
        name = f"v{count}" if count else ""

        def report(outcome: Outcome, before: Document, after: Document) -> None:
            """The lines that say what one acceptance did (printed once all are made)."""
            nonlocal count, name
            n, labels = outcome.amendment, clause_labels(before)
            if outcome.status is not Status.ACCEPTED:
                refused.append(n.number)
                lines.append(
                    f"Amendment {n.number} ({n.id}) was not accepted: it conflicts with the "
                    f"current text ({readable(outcome.reason, labels)}). "
                    f"{next_steps(n.number, n.amendment, labels)}."
                )
                return
            if outcome.new_version:
                count += 1
                name = f"v{count}"
                text_now = f"The text is now {name}."
            else:
                text_now = f"The text already read so: it stays {name}."
            summary = describe(n.amendment, labels)
            lines.append(f"Accepted amendment {n.number} ({n.id}): {summary}. {text_now}")
            new_labels = clause_labels(after)
            found = outcome.consequences
            if found:
                lines.extend(f"  {line}" for line in consequence_lines(found, new_labels))
            # What the acceptance did to the other pending amendments.
            for other in outcome.others:
                if other.amendment.status is Status.CONFLICTED:
                    lines.append(
                        f"  Amendment {other.number} ({other.id}) no longer applies and is now "
                        f"conflicted: {readable(other.amendment.conflict, new_labels)}. "
                        f"{next_steps(other.number, other.amendment, new_labels)}."
                    )
                else:
                    lines.append(f"  Amendment {other.number} ({other.id}) applies again.")

        repo.accept(slug, list(refs), chair=actor, reason=reason, on_decided=report)
    for line in lines:
        click.echo(line)
    if refused:
        names = ", ".join(map(str, refused))
        if len(refused) == 1:
            message = f"Amendment {names} was not accepted: it conflicts with the current text"
            todo = "Resolve it or reject it"
        else:
            message = f"Amendments {names} were not accepted: they conflict with the current text"
            todo = "Resolve or reject them"
        raise click.ClickException(f"{message}. {todo}.")


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="ID...")
@doc_option
@click.option("--reason", default="", help="Why (required): shown in the amendment table.")
@click.option("--author", help=AUTHOR_HELP)
def reject(refs: tuple[str, ...], slug: str | None, reason: str, author: str | None) -> None:
    """Reject amendments, with the reason (chairs only). The text does not change.

    ID is a number (3), an id, a range (11-54) or a list (1,3,5).

    \b
    Example:
      resvcs reject 3 --reason "Outside the forum's remit"
      resvcs reject 11-54 --reason "Not discussed in time"
    """
    from ..present.summary import describe
    from ..records import Status
    from ..workflow import check_decision

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        chosen = check_decision(repo, slug, refs, Status.REJECTED, actor)
        labels = repo.labels(slug)
        warning = repo.local_edit_warning(slug)  # a decision leaves the draft as it is
        outcomes = repo.reject(slug, [n.id for n in chosen], chair=actor, reason=reason)
        warn(warning)
    for outcome in outcomes:
        n = outcome.amendment
        click.echo(
            f"Rejected amendment {n.number} ({n.id}): {describe(n.amendment, labels)}. "
            f"Reason: {outcome.reason}"
        )


@click.command("resolve")
@click.argument("ref", metavar="ID")
@doc_option
@click.option("--text", help="The new wording of the clause it changes (or of the clause it adds).")
@click.option(
    "--from",
    "file",
    type=click.Path(dir_okay=False),
    help="An edited copy of the current text making the change the amendment should make.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="With --from: take everything the copy changed (line breaks, quotes, layout), "
    "not only its changes of words.",
)
@click.option("--encoding", help="FILE's encoding when it is not UTF-8.")
@click.option("--author", help=AUTHOR_HELP)
def resolve_cmd(
    ref: str,
    slug: str | None,
    text: str | None,
    file: str | None,
    exact: bool,
    encoding: str | None,
    author: str | None,
) -> None:
    """Give a conflicted amendment new wording against the current text (its author or a chair).

    \b
    Examples:
      resvcs resolve 5 --text "регулярно размещать информацию …"
      resvcs resolve 5 --from edited.md
    """
    from ..errors import InputError
    from ..present.ignored import ignored_counts
    from ..present.summary import describe
    from ..workflow import wording_operations

    if (text is None) == (file is None):
        raise click.UsageError(
            "Give the new wording with --text T or an edited copy with --from FILE (one of them)"
        )
    if exact and file is None:
        raise click.UsageError("--exact goes with --from FILE")
    data = read_input(file) if file is not None else b""
    ignored = ""
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        doc = repo.document(slug)
        n = repo.resolvable(slug, ref, actor)
        if file is not None:
            plan = repo.plan_copy(slug, data, source=file, encoding=encoding, exact=exact)
            ops = [op for group in plan.groups for op in group]
            ignored = ignored_counts(plan.ignored, "en")
            if not ops and not ignored:
                raise InputError(
                    f"{file} is the same as the current text. Make the change the amendment "
                    "should make in it"
                )
            if not ops:
                raise InputError(
                    f"{file} changes no word of the current text (only {ignored}). Make the "
                    "change the amendment should make in it, or take all it changes with --exact"
                )
        else:
            ops = wording_operations(doc, n, text or "")
        resolved = repo.resolve_amendment(slug, ref, ops, person=actor)
        warn_local_edits(repo, slug, file)
        version = repo.versions(slug)[-1].name
        labels = repo.labels(slug)
    summary = describe(resolved.amendment, labels)
    click.echo(
        f"Resolved amendment {resolved.number} ({resolved.id}): it now proposes to {summary} "
        f"of the current text ({version}). A chair can accept it: resvcs accept {resolved.number}"
    )
    if ignored:
        click.echo(f"Ignored: {ignored} (--exact takes them too).")


@click.command()
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
    from ..records import Status

    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        actor = acting_person(author, repo)
        pending = [
            n
            for n in repo.amendments(slug)
            if n.amendment.status in (Status.PROPOSED, Status.CONFLICTED)
        ]
        name = repo.adopt(
            slug, chair=actor, tag=tag, lapse_pending=lapse_pending, final_status=final_status
        )
        warn_local_edits(repo, slug)
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
