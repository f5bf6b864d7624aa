"""Accounts for the web app: argon2 hashes inside .git, never committed, mode 0600,
and ``resvcs user`` that never takes a password as an argument."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from resolution_vcs.accounts import Accounts, effective_role
from resolution_vcs.cli import main
from resolution_vcs.errors import InputError, NotFoundError
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

from .conftest import CHAIR

PASSWORD = "correct horse battery"


def test_accounts_keep_hashes_only_in_a_private_file(repo: Repository) -> None:
    accounts = Accounts(repo.store.git_dir)
    olga = accounts.add(Person.parse("Olga Editor <Olga@example.org>"), "editor", PASSWORD)
    assert olga.login == "olga@example.org"
    text = accounts.path.read_text(encoding="utf-8")
    assert PASSWORD not in text and json.loads(text)["accounts"][0]["hash"].startswith("$argon2id$")
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600
    assert accounts.path.is_relative_to(repo.store.git_dir)
    # Signing in: the right password, any case of the email; a wrong one or nobody: None.
    assert accounts.check("OLGA@example.org", PASSWORD) == olga
    assert accounts.check("olga@example.org", PASSWORD + "!") is None
    assert accounts.check("nobody@example.org", PASSWORD) is None
    # A new password changes the stamp sessions carry.
    renewed = accounts.set_password("olga@example.org", "another good password")
    assert renewed.stamp != olga.stamp
    assert accounts.check("olga@example.org", PASSWORD) is None
    with pytest.raises(InputError, match="too short"):
        accounts.set_password("olga@example.org", "short")
    with pytest.raises(InputError, match="already"):
        accounts.add(Person.parse("Olga Again <olga@example.org>"), "reader", PASSWORD)
    accounts.remove("olga@example.org")
    with pytest.raises(NotFoundError, match="No account"):
        accounts.get("olga@example.org")
    status = subprocess.run(
        ["git", "-C", str(repo.root), "status", "--porcelain"], capture_output=True, text=True
    ).stdout
    assert status == ""


def test_chairs_are_those_of_the_settings(repo: Repository) -> None:
    accounts = Accounts(repo.store.git_dir)
    anna = accounts.add(Person.parse(CHAIR), "editor", PASSWORD)
    assert effective_role(anna, repo.config.is_chair(anna.person)) == "chair"
    boris = accounts.add(Person.parse("Boris <boris@example.org>"), "chair", PASSWORD)
    assert effective_role(boris, repo.config.is_chair(boris.person)) == "editor"
    reader = accounts.add(Person.parse("Rita <rita@example.org>"), "reader", PASSWORD)
    assert effective_role(reader, False) == "reader"


def _run(council: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    import os

    old = os.getcwd()
    os.chdir(council)
    try:
        result = CliRunner().invoke(main, list(args), input=stdin)
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_user_commands(repo: Repository) -> None:
    root = repo.root
    code, out = _run(
        root, "user", "add", "Olga Editor <olga@example.org>", "--password-stdin", stdin=PASSWORD
    )
    assert code == 0 and "olga@example.org" in out and PASSWORD not in out
    code, out = _run(root, "user", "add", "Boris <boris@example.org>", "--role", "chair")
    assert code == 1 and "not a chair in resvcs.toml" in out
    code, out = _run(root, "user", "add", CHAIR, "--role", "chair", "--password-stdin", stdin="x\n")
    assert code == 1 and "too short" in out
    code, out = _run(
        root, "user", "add", CHAIR, "--role", "chair", "--password-stdin", stdin=PASSWORD
    )
    assert code == 0
    # Without a terminal and without --password-stdin, nothing is asked and nothing added.
    code, out = _run(root, "user", "add", "Rita <rita@example.org>", "--role", "reader")
    assert code == 1 and "--password-stdin" in out
    code, out = _run(root, "user", "list", "--json")
    assert code == 0
    assert [(u["login"], u["role"]) for u in json.loads(out)] == [
        ("olga@example.org", "editor"),
        ("chair@example.org", "chair"),
    ]
    code, out = _run(
        root, "user", "passwd", "olga@example.org", "--password-stdin", stdin="new password 2"
    )
    assert code == 0
    assert Accounts(repo.store.git_dir).check("olga@example.org", "new password 2") is not None
    code, out = _run(root, "user", "remove", "olga@example.org")
    assert code == 0 and "Removed" in out
    code, out = _run(root, "user", "remove", "olga@example.org")
    assert code == 1 and out.startswith("Error: No account")
    # There is no way to give the password as an argument.
    code, out = _run(root, "user", "add", "X <x@example.org>", "--password", PASSWORD)
    assert code == 2
