"""Accounts for the web app: who may sign in, with which role, and their password hashes.

The accounts live inside the repository's git folder, ``.git/resvcs/accounts.json``
(file mode 0600): they belong to this copy of the repository and are never
committed, so they never travel with a push or a clone. Passwords are stored as
argon2id hashes (argon2-cffi's defaults, a memory-hard KDF); the password itself
is never written anywhere.

Roles: a **reader** may only read; an **editor** may propose, withdraw and
resolve their own amendments; a **chair** account is an editor whose person is
also listed among the chairs in ``resvcs.toml``: that list, not this file,
decides who may accept, reject and adopt, exactly as on the command line.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from .errors import ConfigError, InputError, NotFoundError, ResolutionError
from .frozen import frozen
from .lock import repository_lock
from .storage import Person

if TYPE_CHECKING:
    from argon2 import PasswordHasher

Role = Literal["reader", "editor", "chair"]
ROLES: tuple[Role, ...] = ("editor", "chair", "reader")
FILE = "resvcs/accounts.json"
FORMAT = 1
#: The shortest password accepted.
MIN_PASSWORD = 8


@frozen
class Account:
    """A person who may sign in to the web app."""

    person: Person
    role: Role
    password_hash: str

    @property
    def login(self) -> str:
        """What the person types to sign in: their email (their name when they have none)."""
        return (self.person.email or self.person.name).casefold()

    @property
    def stamp(self) -> str:
        """A short fingerprint of the password hash: sessions carry it, so a new
        password ends every session signed in with the old one."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of a password, after checking it is long enough."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"The password is too short. Use at least {MIN_PASSWORD} characters")
    if "\n" in password or "\r" in password:
        raise InputError("The password holds a line break. Type it on one line")
    return str(_hasher().hash(password))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when a login names nobody, so that an unknown login takes as long as a
    known one (and nobody learns who has an account by timing the answer)."""
    return str(_hasher().hash("not a password of anyone"))


def effective_role(account: Account, is_chair: bool) -> Role:
    """What the account may do: chairs are those of resvcs.toml (a reader stays a reader)."""
    if account.role == "reader":
        return "reader"
    return "chair" if is_chair else "editor"


class Accounts:
    """The accounts of one repository (``.git/resvcs/accounts.json``)."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self.path = git_dir / FILE

    # -- reading ------------------------------------------------------------

    def all(self) -> list[Account]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"{self.path} cannot be read ({exc}). Restore it, or remove it and add the "
                "accounts again with 'resvcs user add'"
            ) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigError(f"{self.path} is not an accounts file this resvcs reads. Remove it")
        accounts = []
        for item in data.get("accounts", []):
            role = item.get("role")
            if role not in ROLES:
                raise ConfigError(f"{self.path} gives an unknown role {role!r}. Fix or remove it")
            accounts.append(
                Account(Person.parse(item["person"]), cast(Role, role), str(item["hash"]))
            )
        return accounts

    def find(self, login: str) -> Account | None:
        """The account with this login (email, or name), case-insensitive."""
        key = login.strip().casefold()
        return next((a for a in self.all() if a.login == key), None)

    def get(self, who: str) -> Account:
        """The account named by email, name or "Name <email>"; an error if there is none."""
        key = who.strip()
        try:
            person = Person.parse(key)
        except ResolutionError:
            person = None
        for account in self.all():
            if account.login == key.casefold() or (
                person is not None
                and (
                    (person.email and person.email.casefold() == account.person.email.casefold())
                    or (not person.email and person.name == account.person.name)
                )
            ):
                return account
        raise NotFoundError(f"No account {who!r}. List them with 'resvcs user list'")

    def check(self, login: str, password: str) -> Account | None:
        """The account if the password is right, else None (the same work either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        account = self.find(login)
        hasher = _hasher()
        try:
            hasher.verify(account.password_hash if account else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if hasher.check_needs_rehash(account.password_hash):
            account = self._replace(account, hash_password(password))
        return account

    # -- writing ------------------------------------------------------------

    def add(self, person: Person, role: Role, password: str) -> Account:
        if role not in ROLES:
            raise InputError(f"Unknown role {role!r}. Use one of: {', '.join(ROLES)}")
        if not person.email:
            raise InputError(
                f'{person.name!r} has no email; people sign in with it. Write "Name <email>"'
            )
        account = Account(person, role, hash_password(password))
        with repository_lock(self.git_dir):
            accounts = self.all()
            if any(a.login == account.login for a in accounts):
                raise InputError(
                    f"There is an account for {person.email} already. Change its password "
                    f"with 'resvcs user passwd {person.email}'"
                )
            self._write([*accounts, account])
        return account

    def set_password(self, who: str, password: str) -> Account:
        return self._replace(self.get(who), hash_password(password))

    def remove(self, who: str) -> Account:
        account = self.get(who)
        with repository_lock(self.git_dir):
            self._write([a for a in self.all() if a.login != account.login])
        return account

    def _replace(self, account: Account, password_hash: str) -> Account:
        new = Account(account.person, account.role, password_hash)
        with repository_lock(self.git_dir):
            self._write([new if a.login == account.login else a for a in self.all()])
        return new

    def _write(self, accounts: list[Account]) -> None:
        """Write the file atomically, readable by its owner only."""
        data = {
            "format": FORMAT,
            "accounts": [
                {"person": str(a.person), "role": a.role, "hash": a.password_hash} for a in accounts
            ],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)


def session_secret(git_dir: Path) -> str:
    """The key that signs the web app's session cookies: made once, kept beside the
    accounts (mode 0600), so that sessions outlive a restart of the server."""
    path = git_dir / "resvcs" / "web-secret"
    try:
        secret = path.read_text(encoding="ascii").strip()
        if len(secret) >= 32:
            return secret
    except (OSError, UnicodeDecodeError):
        pass
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    tmp = path.with_name(f".web-secret.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secret + "\n")
    os.replace(tmp, path)
    return secret
