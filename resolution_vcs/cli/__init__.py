"""The ``resvcs`` command line: thin commands over :class:`Repository` and the pure modules.

Exit codes: 0 success, 1 an error (one line ``Error: ...`` saying what to do),
2 a usage error.

Each command lives in a module of this package by what it is for (documents,
comparing, amendments, the archive) and is imported only when it runs: the
table :data:`COMMANDS` names every command with its function and its one-line
help, so that ``resvcs --help`` lists them without importing any (click's lazy
group pattern). ``tests/test_docs.py`` checks the table against the commands.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

import click

from ..errors import ResolutionError

#: Every command: ``module:function`` in this package, and its one-line help
#: (the first sentence of the command's docstring).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "documents:init",
        "Create a resolution repository (and a git repository if there is none).",
    ),
    "import": (
        "documents:import_",
        "Import a plain-text or Markdown draft as a new document (version v1).",
    ),
    "documents": ("documents:documents", "List the documents in this repository."),
    "clauses": ("documents:clauses", "List the clauses of a document: id, label, kind and text."),
    "show": ("documents:show", "Print a document's Markdown, or one clause of it."),
    "revise": (
        "documents:revise",
        "Record an editorial revision: a new version from an edited file.",
    ),
    "diff": (
        "compare:diff_cmd",
        "Show what changed between two versions, clause by clause and word by word.",
    ),
    "diff-files": (
        "compare:diff_files",
        "Compare any two Markdown, plain-text or Word files clause by clause "
        "(no repository needed).",
    ),
    "table": ("compare:table", "Write the comparative table or the amendment table."),
    "propose": ("amendments:propose", "Propose an amendment to the current text of a document."),
    "amendments": (
        "amendments:amendments",
        "List the amendments of a document: number, id, status, author, clauses, summary.",
    ),
    "amendment": (
        "amendments:amendment_cmd",
        "Show one amendment: who proposed what and why, its status, and its redline.",
    ),
    "review": (
        "amendments:review",
        "Show the pending amendments for the chair: redlines in the order of the text.",
    ),
    "accept": (
        "amendments:accept",
        "Accept amendments into the text, in the order given (chairs only).",
    ),
    "reject": ("amendments:reject", "Reject amendments, with the reason (chairs only)."),
    "withdraw": (
        "amendments:withdraw",
        "Withdraw amendments you proposed (only their author may).",
    ),
    "resolve": (
        "amendments:resolve_cmd",
        "Give a conflicted amendment new wording against the current text (its author or a chair).",
    ),
    "adopt": (
        "amendments:adopt",
        "Adopt the current text (chairs only): an annotated git tag marks the adopted version.",
    ),
    "references": (
        "references:references",
        "List the cross-references in the text: where, which item, resolved or dangling.",
    ),
    "check": (
        "references:check",
        "Check references and numbering: dangling references, now and after pending amendments.",
    ),
    "log": (
        "archive:log",
        "List the versions of a document (v1, v2 …) and the decisions between them: date, "
        "who, what (import, revision, acceptance, rejection …), amendment and chair.",
    ),
    "history": (
        "archive:history",
        "Every wording of one clause through all versions, following it through moves and "
        "renumbering, with the version, amendment, author and chair of each change.",
    ),
    "blame": (
        "archive:blame",
        "The text with, for every clause and every changed span in it, the version, "
        "amendment, author and chair that wrote it (clauses unchanged since the import are "
        "attributed to the import).",
    ),
    "verify": (
        "archive:verify",
        "Replay the history and prove the text is what was decided: every version an import, "
        "a recorded revision, an amendment accepted by a chair, or an adoption; decided "
        "records unaltered; adoption tags where they were made.",
    ),
    "export": (
        "archive:export",
        "The text itself, without review marks, as Markdown, a web page or a Word file.",
    ),
    "dossier": (
        "archive:dossier",
        "An offline archive in HTML: the final text, every version, the amendment table, the "
        "changes between versions, each clause's history and the verify result.",
    ),
    "sync": (
        "archive:sync",
        "Exchange proposals and decisions with a git remote: fetch, integrate, push.",
    ),
    "user": ("users:user", "Manage the accounts people sign in to 'resvcs serve' with."),
    "serve": (
        "web:serve",
        "Serve the repository as a web app for the meeting: text, amendments, review.",
    ),
    "clone": (
        "archive:clone",
        "Make your own copy of a resolution repository (a path, ssh, https or git URL).",
    ),
}


class LazyGroup(click.Group):
    """The command group: imports a command's module when the command is run or
    asked for, and turns every ResolutionError into ``Error: ...`` and exit code 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, name = entry[0].split(":")
        command = getattr(import_module(f"{__name__}.{module}"), name)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command, checked for an option given twice: click would keep the
        last silently (``propose --clause 5 --clause 6`` would change clause 6 alone)."""
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and not ctx.resilient_parsing:
            from .common import repeated_option

            twice = repeated_option(command, rest)
            if twice is not None:
                raise click.UsageError(
                    f"Option {twice} is given more than once; it takes one value. Give it once.",
                    ctx=click.Context(command, info_name=name, parent=ctx),
                )
        return name, command, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands in ``--help``, from the table (no command imported)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        # A bare command with the same help shortens it as click does for the real one.
        rows = [(n, click.Command(n, help=COMMANDS[n][1]).get_short_help_str(limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ResolutionError as exc:
            raise click.ClickException(str(exc).rstrip(".") + ".") from None
        except UnicodeDecodeError as exc:
            raise click.ClickException(
                f"A file in the repository is not UTF-8 ({exc.reason}). Fix it with git."
            ) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="resolution_vcs", prog_name="resvcs")
def main() -> None:
    """Draft resolutions together: clauses, versions, amendments and decisions in git.

    \b
    Start:
      resvcs init council --chair "Anna Petrova <anna@example.org>"
      cd council && resvcs import draft.txt --slug council-2024
      resvcs clauses
    """


def run(finish: Callable[[int], None] | None = None) -> None:
    """The ``resvcs`` program. A command is a short-lived process: the cyclic garbage
    collector is left off (it costs a fifth of the time of a large diff and frees
    nothing that matters before exit), and the interpreter's teardown of every
    object is skipped once the output is flushed. ``finish`` is given the exit code
    before the process ends."""
    gc.disable()
    code: int
    try:
        main(prog_name="resvcs")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
    if finish is not None:
        finish(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
