"""``resvcs user``: the accounts people sign in to the web app with."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .common import json_option, open_repository, print_json

if TYPE_CHECKING:
    from ..accounts import Accounts
    from ..repository import Repository

_STDIN_HELP = "Read the password from standard input (one line) instead of asking for it."


def _password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or asked twice on the terminal.
    Never an argument, so that it is in no shell history or process list."""
    from ..errors import InputError

    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputError("No password on standard input. Pipe it in, one line")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError(
            "No terminal to ask for the password on. Pipe it in and add --password-stdin"
        )
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _accounts(repo: Repository) -> Accounts:
    from ..accounts import Accounts

    return Accounts(repo.store.git_dir)


@click.group("user")
def user() -> None:
    """Manage the accounts people sign in to 'resvcs serve' with.

    Accounts are kept in this copy of the repository (inside .git, never
    committed); passwords are stored as argon2 hashes. Chairs are those listed in
    resvcs.toml.

    \b
    Example:
      resvcs user add "Olga Editor <olga@example.org>" --role editor
    """


@user.command("add")
@click.argument("person", metavar='"NAME <EMAIL>"')
@click.option(
    "--role",
    type=click.Choice(["editor", "chair", "reader"]),
    default="editor",
    show_default=True,
    help="reader: reads only; editor: proposes; chair: also decides (must be a chair in "
    "resvcs.toml).",
)
@click.option("--password-stdin", "from_stdin", is_flag=True, help=_STDIN_HELP)
def add(person: str, role: str, from_stdin: bool) -> None:
    """Add an account; the password is asked for (or read with --password-stdin).

    \b
    Example:
      echo "$PASSWORD" | resvcs user add "Olga Editor <olga@example.org>" --password-stdin
    """
    from ..errors import InputError
    from ..storage import Person

    who = Person.parse(person)
    with open_repository() as repo:
        if role == "chair" and not repo.config.is_chair(who):
            raise InputError(
                f"{who} is not a chair in resvcs.toml, and only chairs listed there decide. "
                "Add them to [roles] chairs (and commit it), or give --role editor"
            )
        accounts = _accounts(repo)
        if accounts.find(who.email or who.name) is not None:  # before asking for a password
            raise InputError(
                f"There is an account for {who.email} already. Change its password "
                f"with 'resvcs user passwd {who.email}'"
            )
        account = accounts.add(who, role, _password(from_stdin))  # type: ignore[arg-type]
    click.echo(f"Added {account.person} ({role}); they sign in as {account.login}.")


@user.command("passwd")
@click.argument("who", metavar="EMAIL")
@click.option("--password-stdin", "from_stdin", is_flag=True, help=_STDIN_HELP)
def passwd(who: str, from_stdin: bool) -> None:
    """Set a new password for an account; its sessions end.

    \b
    Example:
      resvcs user passwd olga@example.org
    """
    with open_repository() as repo:
        accounts = _accounts(repo)
        accounts.get(who)
        account = accounts.set_password(who, _password(from_stdin))
    click.echo(f"Changed the password of {account.person}.")


@user.command("list")
@json_option
def list_(as_json: bool) -> None:
    """List the accounts: person, role, and what they may do.

    \b
    Example:
      resvcs user list
    """
    from ..accounts import effective_role

    with open_repository() as repo:
        rows = [
            (a, effective_role(a, repo.config.is_chair(a.person))) for a in _accounts(repo).all()
        ]
    if as_json:
        print_json([{"person": str(a.person), "login": a.login, "role": r} for a, r in rows])
        return
    if not rows:
        click.echo("No accounts yet. Add one with 'resvcs user add \"Name <email>\"'.")
        return
    width = max(len(str(a.person)) for a, _ in rows)
    for account, role in rows:
        click.echo(f"{str(account.person):<{width}}  {role}")


@user.command("remove")
@click.argument("who", metavar="EMAIL")
def remove(who: str) -> None:
    """Remove an account (its history stays in git).

    \b
    Example:
      resvcs user remove olga@example.org
    """
    with open_repository() as repo:
        account = _accounts(repo).remove(who)
    click.echo(f"Removed the account of {account.person}.")
