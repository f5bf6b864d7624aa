"""Working together through git remotes: real git, no mocks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from resolution_vcs.amend import insert_clause, replace_throughout, replace_words
from resolution_vcs.errors import InputError
from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.sync import SyncConflict, clone, sync
from resolution_vcs.verify import verify

from .conftest import CHAIR, DATE, EDITOR, SEED

SLUG = "bibliomodel-2022"
chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)
vera = Person.parse("Vera Editor <vera@example.org>")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare remote holding a resolution repository with the seed."""
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    first = Repository.init(tmp_path / "secretary", actor=chair, date=DATE)
    first.import_document(SEED.read_bytes(), source="seed.txt", slug=SLUG, author=chair, date=DATE)
    _git(first.root, "remote", "add", "origin", str(origin))
    assert sync(first).sent == 2
    first.close()
    return origin


def _clone(remote: Path, where: Path) -> Repository:
    return Repository.open(clone(str(remote), str(where)))


def _state(repo: Repository) -> tuple[str, dict[str, Status]]:
    return repo.text(SLUG), {n.id: n.amendment.status for n in repo.amendments(SLUG)}


def test_three_clones_end_identical(remote: Path, tmp_path: Path) -> None:
    a, b, c = (_clone(remote, tmp_path / n) for n in ("ed1", "ed2", "chair"))
    (typo,) = a.propose(SLUG, [replace_throughout(a.document(SLUG), "СФЗО", "СЗФО")], author=editor)
    (new,) = b.propose(
        SLUG, [[insert_clause(b.document(SLUG), "¶12.3", "проводить форум.")]], author=vera
    )
    sync(a)
    sync(b)  # b's proposal goes on top of a's
    sync(c)
    assert {n.id for n in c.amendments(SLUG)} == {typo.id, new.id}
    c.accept(SLUG, [typo.id], chair=chair)
    (late,) = a.propose(
        SLUG, [[replace_words(a.document(SLUG), "8", "Креативные", "Творческие")]], author=editor
    )
    sync(a)
    sync(c)  # c's acceptance is re-applied on top of a's new proposal
    c.accept(SLUG, [new.id, late.id], chair=chair)
    sync(c)
    for repo in (a, b):
        sync(repo)
    text, statuses = _state(c)
    assert statuses == {typo.id: Status.ACCEPTED, new.id: Status.ACCEPTED, late.id: Status.ACCEPTED}
    assert "СФЗО" not in text and "проводить форум." in text and "Творческие" in text
    assert all(_state(r) == (text, statuses) for r in (a, b))
    assert verify(c, SLUG).ok
    assert _git(a.root, "rev-parse", "HEAD") == _git(c.root, "rev-parse", "HEAD")


def test_two_clones_accept_different_amendments(remote: Path, tmp_path: Path) -> None:
    a, b = _clone(remote, tmp_path / "one"), _clone(remote, tmp_path / "two")
    doc = a.document(SLUG)
    a.propose(
        SLUG,
        [
            [replace_words(doc, "1", "Вопросы", "Проблемы")],
            [replace_words(doc, "8", "Креативные", "Творческие")],
        ],
        author=editor,
    )
    sync(a)
    sync(b)
    a.accept(SLUG, ["1"], chair=chair)
    b.accept(SLUG, ["2"], chair=chair)
    sync(a)
    result = sync(b)
    assert result.replayed == 1
    sync(a)
    for repo in (a, b):
        text = repo.text(SLUG)
        assert "Проблемы реализации" in text and "Творческие индустрии" in text
        assert {n.amendment.status for n in repo.amendments(SLUG)} == {Status.ACCEPTED}
    assert verify(b, SLUG).ok


def test_the_same_amendment_decided_differently_stops_the_sync(
    remote: Path, tmp_path: Path
) -> None:
    a, b = _clone(remote, tmp_path / "one"), _clone(remote, tmp_path / "two")
    a.propose(SLUG, [[replace_words(a.document(SLUG), "1", "Вопросы", "Проблемы")]], author=editor)
    sync(a)
    sync(b)
    a.accept(SLUG, ["1"], chair=chair)
    b.reject(SLUG, ["1"], chair=chair, reason="Не согласны")
    sync(a)
    head = _git(b.root, "rev-parse", "HEAD")
    with pytest.raises(
        SyncConflict,
        match=r"Amendment \w+ was rejected here \(by Anna Chair "
        r"<chair@example.org>\) and accepted on the other copy",
    ):
        sync(b)
    assert _git(b.root, "rev-parse", "HEAD") == head
    assert _git(b.root, "status", "--porcelain") == ""
    assert b.amendment(SLUG, "1").amendment.status is Status.REJECTED


def test_unsafe_addresses_and_names_are_refused(remote: Path, tmp_path: Path) -> None:
    for url in (
        "ext::sh -c touch% /tmp/pwned",
        "--upload-pack=touch /tmp/pwned",
        "-x",
        "fd::17",
        "a\nb",
    ):
        with pytest.raises(InputError, match="is not an address resvcs will use"):
            clone(url, str(tmp_path / "x"))
    repo = _clone(remote, tmp_path / "ok")
    for name in ("-x", "a..b", "x.lock", "", "a b"):
        with pytest.raises(InputError):
            sync(repo, name)
    with pytest.raises(InputError, match="No remote 'upstream' \\(remotes: origin\\)"):
        sync(repo, "upstream")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def daemon(remote: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            "git",
            "daemon",
            "--verbose",
            "--reuseaddr",
            "--listen=127.0.0.1",
            f"--port={port}",
            f"--base-path={remote.parent}",
            "--export-all",
            "--enable=receive-pack",
            str(remote.parent),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # `git daemon` runs git-daemon as a child: the whole group is stopped at the end.
        start_new_session=True,
    )
    try:
        # The daemon says when it listens; after that its log is only read away.
        assert proc.stderr is not None
        log = [proc.stderr.readline()]
        assert "Ready to rumble" in log[0], log[0] + proc.stderr.read()
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        yield f"git://127.0.0.1:{port}/{remote.name}"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_sync_over_a_network_remote(daemon: str, tmp_path: Path) -> None:
    a, b = _clone(daemon, tmp_path / "one"), _clone(daemon, tmp_path / "two")  # type: ignore[arg-type]
    (typo,) = a.propose(SLUG, [replace_throughout(a.document(SLUG), "СФЗО", "СЗФО")], author=editor)
    sync(a)
    sync(b)
    b.accept(SLUG, [typo.id], chair=chair)
    sync(b)
    sync(a)
    assert a.text(SLUG) == b.text(SLUG) and "СФЗО" not in a.text(SLUG)
    assert a.amendment(SLUG, typo.id).amendment.status is Status.ACCEPTED
