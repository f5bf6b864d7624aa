"""Who is signed in, what they may do, and the checks every form passes.

* Sessions are Starlette's signed cookies (HttpOnly, SameSite=Lax, expiring, Secure
  behind TLS); the session names the account's login and the stamp of its password
  hash, so a new password or a removed account ends the session.
* Every form carries a CSRF token bound to the session; a writing request without
  the right one is refused (403) before anything else is looked at.
* Sign-in attempts are limited per address and per login.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque

from starlette.requests import Request

from ..accounts import Account, Role, effective_role
from ..frozen import frozen
from ..storage import Person
from .site import Site

#: The session's life: a working day and a half, then sign in again.
SESSION_SECONDS = 12 * 60 * 60
#: Failed sign-ins allowed per address and per login within the window.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


class Forbidden(Exception):
    """A request the person may not make; ``reason`` is a message key."""

    def __init__(self, reason: str, **fields: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fields = fields


@frozen
class User:
    """The signed-in person and what they may do now."""

    account: Account
    role: Role

    @property
    def person(self) -> Person:
        return self.account.person

    @property
    def may_write(self) -> bool:
        return self.role != "reader"

    @property
    def is_chair(self) -> bool:
        return self.role == "chair"


async def current_user(request: Request, site: Site) -> User | None:
    """The signed-in account, or None (no session, or its password changed since).
    Its role follows resvcs.toml as it is now: chairs are those listed there."""
    login = request.session.get("login")
    if not isinstance(login, str):
        return None
    account = site.accounts.find(login)
    if account is None or not hmac.compare_digest(
        str(request.session.get("stamp", "")), account.stamp
    ):
        request.session.pop("login", None)
        return None
    return User(account, effective_role(account, site.config.is_chair(account.person)))


def sign_in(request: Request, account: Account) -> None:
    """Start a session for ``account`` (a fresh CSRF token with it)."""
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update(
        {"login": account.login, "stamp": account.stamp, "csrf": secrets.token_urlsafe(32)}
    )
    if lang:
        request.session["lang"] = lang


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    """The token forms carry (made with the session)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, sent: object) -> None:
    expected = request.session.get("csrf")
    if not (
        isinstance(expected, str)
        and isinstance(sent, str)
        and hmac.compare_digest(expected.encode(), sent.encode())
    ):
        raise Forbidden("forbidden.csrf")


class RateLimit:
    """Failed sign-ins per key (an address, a login) in a sliding window."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait(self, keys: list[str]) -> float:
        """Seconds until another attempt is allowed for all ``keys`` (0: allowed now)."""
        now = time.monotonic()
        longest = 0.0
        for key in keys:
            times = self._recent(key, now)
            if len(times) >= self.limit:
                longest = max(longest, times[0] + self.window - now)
        return longest

    def failed(self, keys: list[str]) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key, now).append(now)
        if len(self._failures) > 10_000:  # forget keys whose failures have all expired
            for key in [k for k, v in self._failures.items() if not self._recent(k, now)]:
                del self._failures[key]

    def succeeded(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.pop(key, None)
