"""What the web tests share: a repository with accounts, clients that sign in, and a
real server started as ``resvcs serve`` whose "running on" line says it is ready."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

from resolution_vcs.accounts import Accounts
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

from .conftest import CHAIR, DATE, SEED

SLUG = "bibliomodel-2022"
SECRETARY = "Maria Secretary <secretary@example.org>"
PAVEL = "Pavel Editor <pavel@example.org>"
OLGA = "Olga Editor <olga@example.org>"
READER = "Rita Reader <rita@example.org>"
#: Every account's password (long enough; never in a log, page or commit).
PASSWORDS = {
    CHAIR: "chair-pass-7Q",
    SECRETARY: "secretary-pass-3Z",
    PAVEL: "pavel-pass-9K",
    OLGA: "olga-pass-4M",
    READER: "rita-pass-8W",
}
ROLES = {CHAIR: "chair", SECRETARY: "editor", PAVEL: "editor", OLGA: "editor", READER: "reader"}
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def make_council(root: Path, *, seed: bool = True) -> Path:
    """A resolution repository (Anna is the chair), the seed imported, five accounts."""
    repo = Repository.init(
        root, actor=Person.parse(SECRETARY), chairs=[Person.parse(CHAIR)], date=DATE
    )
    try:
        if seed:
            repo.import_document(
                SEED.read_bytes(),
                source=SEED.name,
                slug=SLUG,
                author=Person.parse(SECRETARY),
                date=DATE,
            )
        accounts = Accounts(repo.store.git_dir)
        for who, password in PASSWORDS.items():
            accounts.add(Person.parse(who), ROLES[who], password)  # type: ignore[arg-type]
    finally:
        repo.close()
    return root


def login_of(who: str) -> str:
    return Person.parse(who).email


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found is not None, "the page has no form"
    return found.group(1)


def sign_in(client: httpx.Client, who: str) -> str:
    """Sign ``who`` in on ``client``; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"csrf": token, "login": login_of(who), "password": PASSWORDS[who]}
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)


def commits(root: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True
    )
    return int(out.stdout.strip() or 0)


class Server:
    """``resvcs serve`` in a process of its own, on a free port of 127.0.0.1."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        bin_dir = Path(sys.executable).parent
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "resolution_vcs", "serve", str(root), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.log: list[str] = []
        assert self.process.stdout is not None
        for line in self.process.stdout:  # until uvicorn says where it listens
            self.log.append(line)
            found = re.search(r"running on (http://[\d.]+:\d+)", line)
            if found:
                self.url = found.group(1)
                break
        else:
            raise AssertionError("the server did not start:\n" + "".join(self.log))
        # Keep reading what it prints, so that its pipe never fills.
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def stop(self) -> str:
        """Stop the server (as Ctrl+C does); everything it printed."""
        import signal

        self.process.send_signal(signal.SIGINT)
        self.process.wait()
        self._reader.join()
        return "".join(self.log)


@contextmanager
def serving(root: Path, *args: str) -> Iterator[Server]:
    server = Server(root, *args)
    try:
        yield server
    finally:
        server.stop()
