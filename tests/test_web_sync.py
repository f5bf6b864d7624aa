"""Two sites, two servers, one bare repository on this machine: ``resvcs serve --sync``
sends each action to the remote at once and fetches the other site's every few seconds,
so an editor at one site and the chair at the other work on the same text.

Waits are for events: a server-sent "change" when the other site's commit arrives.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx2 as httpx

from resolution_vcs.accounts import Accounts
from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.verify import verify

from .conftest import CHAIR
from .web_support import PASSWORDS, PAVEL, SLUG, make_council, serving, sign_in


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def _clone(bare: Path, target: Path, people: list[str]) -> Path:
    _git("clone", "-q", str(bare), str(target))
    with Repository.open(target) as repo:
        accounts = Accounts(repo.store.git_dir)
        for who in people:
            accounts.add(Person.parse(who), "editor", PASSWORDS[who])
    return target


def _wait_for_change(client: httpx.Client, since: str) -> str:
    """The next commit a server announces after ``since`` (blocks until it comes)."""
    with client.stream("GET", "/events", params={"since": since}, timeout=None) as events:
        for line in events.iter_lines():
            if line.startswith("data: ") and line[6:] != since:
                return line[6:]
    raise AssertionError("the event stream ended")


def _head(root: Path) -> str:
    return _git("-C", str(root), "rev-parse", "HEAD").strip()


def test_two_servers_stay_in_step_through_a_bare_repository(tmp_path: Path) -> None:
    origin = make_council(tmp_path / "origin")
    bare = tmp_path / "shared.git"
    _git("clone", "-q", "--bare", str(origin), str(bare))
    east = _clone(bare, tmp_path / "east", [PAVEL])
    west = _clone(bare, tmp_path / "west", [CHAIR])
    with (
        serving(east, "--sync", "origin", "--sync-every", "1") as east_server,
        serving(west, "--sync", "origin", "--sync-every", "1") as west_server,
        httpx.Client(base_url=east_server.url, follow_redirects=False) as pavel,
        httpx.Client(base_url=west_server.url, follow_redirects=False) as anna,
    ):
        token = sign_in(pavel, PAVEL)
        anna_token = sign_in(anna, CHAIR)
        west_head = _head(west)
        with Repository.open(east) as repo:
            clause = repo.document(SLUG).find("5").id
        made = pavel.post(
            f"/d/{SLUG}/propose",
            data={
                "csrf": token,
                "base": _head(east),
                "clause": clause,
                "kind": "words",
                "old": "Опыт создания",
                "new": "Опыт открытия",
            },
        )
        assert made.status_code == 303
        # The action was sent to the remote before the answer came back.
        assert _git("--git-dir", str(bare), "rev-parse", "main").strip() == _head(east)
        # The other site fetches it by itself and tells its pages.
        _wait_for_change(anna, west_head)
        assert 'id="accept-1"' in anna.get(f"/d/{SLUG}/review").text
        east_head = _head(east)
        decided = anna.post(f"/d/{SLUG}/a/1/accept", data={"csrf": anna_token})
        assert decided.status_code == 303
        _wait_for_change(pavel, east_head)
        assert "Опыт открытия" in pavel.get(f"/d/{SLUG}").text
    assert _head(east) == _head(west) == _git("--git-dir", str(bare), "rev-parse", "main").strip()
    with Repository.open(east) as repo:
        assert [n.amendment.status for n in repo.amendments(SLUG)] == [Status.ACCEPTED]
        assert verify(repo, SLUG).ok
    fsck = subprocess.run(["git", "--git-dir", str(bare), "fsck"], capture_output=True, text=True)
    assert fsck.returncode == 0
