"""What the commands of the ``resvcs`` command line share: options, opening the
repository, who acts, reading input files and writing output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..diff import DocumentDiff
    from ..repository import Repository
    from ..storage import Person

F = TypeVar("F", bound=Callable[..., Any])

AUTHOR_HELP = 'Who acts, "Name <email>" (default: $RESVCS_AUTHOR, then git\'s user.name/email).'


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
def open_repository() -> Iterator[Repository]:
    """The resolution repository of the current folder, closed afterwards."""
    from ..repository import Repository

    repo = Repository.open(Path.cwd())
    try:
        yield repo
    finally:
        repo.close()


def acting_person(explicit: str | None, where: Path | Repository | None) -> Person:
    """Who runs the command: --author, then $RESVCS_AUTHOR, then git's identity (in an
    open repository, from the settings its writing reads too: git is asked once)."""
    from ..storage import Person, git_identity

    value = explicit or os.environ.get("RESVCS_AUTHOR")
    if value:
        return Person.parse(value)
    if where is None or isinstance(where, Path):
        found = git_identity(where)
    else:
        found = where.store.identity() or git_identity(None)
    if found is not None:
        return found
    raise ConfigError(
        'Cannot tell who you are. Pass --author "Name <email>", set RESVCS_AUTHOR, '
        "or set git config user.name and user.email"
    )


def repeated_option(command: click.Command, args: list[str]) -> str | None:
    """The first option that ``args`` give more than once although it takes one value
    (click would silently keep the last), as the user wrote it; None if there is none.

    Options that may be repeated (``multiple``, ``count``) are left alone; values
    are skipped as click reads them (``--text --delete`` gives --text the value
    "--delete"), and nothing after ``--`` is an option.
    """
    options: dict[str, click.Option] = {}
    for given in command.params:
        if isinstance(given, click.Option):
            for name in (*given.opts, *given.secondary_opts):
                options[name] = given
    seen: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            break
        if arg.startswith("--"):
            name, has_value, _ = arg.partition("=")
            uses = [(name, not has_value)]
        elif arg.startswith("-") and len(arg) > 1:
            # -o FILE, -oFILE, or several one-letter flags together (-hv).
            uses = []
            for j, letter in enumerate(arg[1:], start=2):
                short = options.get("-" + letter)
                uses.append(("-" + letter, j == len(arg)))
                if short is None or not (short.is_flag or short.count):
                    break
        else:
            continue
        for name, value_follows in uses:
            param = options.get(name)
            if param is None:
                continue  # click reports an unknown option itself
            if value_follows and not (param.is_flag or param.count):
                i += max(param.nargs, 1)
            if param.multiple or param.count or param.name is None:
                continue
            if param.name in seen:
                first = seen[param.name]
                return first if first == name else f"{first}/{name}"
            seen[param.name] = name
    return None


def warn_local_edits(repo: Repository, slug: str, source: str | None = None) -> None:
    """Say on stderr that the draft has uncommitted edits the command left aside."""
    warn(repo.local_edit_warning(slug, source))


def warn(warning: str | None) -> None:
    """Say a warning on stderr, if there is one (a command that leaves the draft as it is
    finds it before it writes, when git's index is listed anyway, and says it after)."""
    if warning:
        click.echo(f"Warning: {warning}.", err=True)


def read_input(path: str) -> bytes:
    """The bytes of a file given on the command line, or a one-line error."""
    from ..errors import InputError

    file = Path(path)
    if not file.exists():
        raise InputError(f"{path} does not exist. Check the file name")
    if file.is_dir():
        raise InputError(f"{path} is a folder. Give a text or Markdown file")
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path} ({exc.strerror}). Check its permissions") from None


def echo_lines(lines: Iterable[str], batch: int = 2000) -> None:
    """Print lines a few thousand at a time: few writes, and a long output is never
    whole in memory."""
    from itertools import islice

    found = iter(lines)
    while part := list(islice(found, batch)):
        click.echo("\n".join(part))


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def count(n: int, noun: str) -> str:
    """The count with its noun: 1 clause, 3 clauses."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def short(text: str, width: int) -> str:
    """The text on one line, cut to ``width`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def plain_table(
    rows: Sequence[Sequence[object]], headers: Sequence[str], *, right: Collection[int] = ()
) -> str:
    """Rows in columns under their headers: each column as wide as its widest cell
    and at least two wider than its header, two spaces between columns, text to the
    left and the columns numbered in ``right`` to the right, cells stripped and lines
    without trailing spaces (the layout of ``tabulate``'s "plain" format, without
    loading it: its import costs more than listing a draft's clauses)."""
    cells = [[str(value).strip() for value in row] for row in rows]
    widths = [max([len(h) + 2, *(len(r[k]) for r in cells)]) for k, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.rjust(width) if k in right else value.ljust(width)
            for k, (value, width) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), *(line(row) for row in cells)])


def terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def write_output(result: str | bytes | Iterable[str], output: str | None) -> None:
    """Write a result to the -o file (atomically), or print it. A result in parts (an
    iterable of text, such as a long diff's JSON) is written part by part."""
    from ..errors import InputError

    if output:
        target = Path(output)
        if not target.parent.is_dir():
            raise InputError(
                f"The folder {target.parent} does not exist. Create it or choose another -o file"
            )
        if target.is_dir():
            raise InputError(f"{output} is a folder. Give a file name with -o")
        if target.exists() and not target.is_file():
            _write_to_device(result, target, output)
            click.echo(f"Wrote {output}.", err=True)
            return
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            if isinstance(result, bytes | str):
                tmp.write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))
            else:
                with tmp.open("w", encoding="utf-8", newline="") as file:
                    file.writelines(result)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"Cannot write {output} ({exc.strerror}). Check the folder") from None
        click.echo(f"Wrote {output}.", err=True)
    elif isinstance(result, bytes):
        if sys.stdout.isatty():
            raise InputError("A Word file cannot be printed on the terminal. Add -o FILE.docx")
        sys.stdout.buffer.write(result)
    elif isinstance(result, str):
        click.echo(result, nl=not result.endswith("\n"))
    else:
        for part in result:
            click.echo(part, nl=False)


def _write_to_device(result: str | bytes | Iterable[str], target: Path, output: str) -> None:
    """Write a result into an -o target that is not a plain file (``/dev/null``,
    ``/dev/stdout``, a named pipe): in place, for a file put in its stead would take the
    device's name."""
    from ..errors import InputError

    try:
        with target.open("wb") as file:
            if isinstance(result, bytes | str):
                file.write(result if isinstance(result, bytes) else result.encode("utf-8"))
            else:
                for part in result:
                    file.write(part.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot write {output} ({exc.strerror}). Check the -o file") from None


def stat_line(delta: DocumentDiff) -> str:
    """The counts of a diff in one line, and what it ignored."""
    from ..present.ignored import ignored_counts

    order = ("modified", "added", "deleted", "moved", "renumbered", "layout", "unchanged")
    line = ", ".join(f"{delta.summary[k]} {k}" for k in order)
    ignored = ignored_counts(delta.ignored, "en")
    return f"{line}; ignored: {ignored}" if ignored else line
