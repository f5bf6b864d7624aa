"""Several processes on one repository, and a long-running process's resources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from resolution_vcs.amend import replace_words
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.verify import verify

from .conftest import CHAIR, EDITOR

SLUG = "bibliomodel-2022"
ROOT = Path(__file__).resolve().parents[1]

#: Each worker proposes 25 amendments and accepts every fifth. It waits for the
#: lock as long as it takes (the default wait gives up after 30 s, which a busy
#: machine may need), so every operation must succeed or fail for a reason of its own.
WORKER = """
import sys
from resolution_vcs import lock
from resolution_vcs.amend import replace_words
from resolution_vcs.errors import ResolutionError
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
lock.DEFAULT_TIMEOUT = float("inf")
path, n = sys.argv[1], int(sys.argv[2])
editor, chair = Person.parse(sys.argv[3]), Person.parse(sys.argv[4])
repo = Repository.open(path)
for k in range(25):
    try:
        doc = repo.document("bibliomodel-2022")
        target = doc.find(str(1 + (n * 25 + k) % 8))
        word = target.content.split()[0]
        op = replace_words(doc, target.id, word, word + str(n), occurrence=1)
        (made,) = repo.propose("bibliomodel-2022", [[op]], author=editor)
        print("P", made.id, flush=True)
        if k % 5 == 0:
            (out,) = repo.accept("bibliomodel-2022", [made.id], chair=chair)
            print("A", made.id, out.status, flush=True)
    except ResolutionError as exc:
        print("E", str(exc).replace(" ", "_"), flush=True)
"""


def test_four_processes_at_once(repo: Repository) -> None:
    path = repo.root
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), str(n), EDITOR, CHAIR],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(4)
    ]
    results = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    lines = [line.split() for out, _ in results for line in out.splitlines()]
    proposed = {line[1] for line in lines if line[0] == "P"}
    accepted = {line[1]: line[2] for line in lines if line[0] == "A"}
    errors = [line[1] for line in lines if line[0] == "E"]
    # Taking turns, no process is refused; an acceptance may only find its
    # amendment made conflicted by another process's acceptance just before.
    assert all("_is_conflicted_and_cannot_become_accepted" in e for e in errors), errors
    assert len(proposed) == 100  # every proposal made, none lost
    assert len(accepted) + len(errors) == 20  # every acceptance answered
    assert set(accepted.values()) <= {"accepted", "conflicted"}
    with Repository.open(path) as fresh:
        records = {n.id: str(n.amendment.status) for n in fresh.amendments(SLUG)}
        assert proposed <= set(records)
        assert all(records[a] == s for a, s in accepted.items())
        assert verify(fresh, SLUG).ok
    status = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == ""


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def _children() -> int:
    me = str(os.getpid())
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                count += 1
    return count


def test_resources_stay_constant_over_2000_operations(repo: Repository) -> None:
    editor, chair = Person.parse(EDITOR), Person.parse(CHAIR)

    def operation(k: int) -> None:
        doc = repo.document(SLUG)
        if k % 40 == 0:
            target = doc.find(str(1 + k % 8))
            word = target.content.split()[0]
            (made,) = repo.propose(
                SLUG,
                [[replace_words(doc, target.id, word, word + "ъ", occurrence=1)]],
                author=editor,
            )
            repo.accept(SLUG, [made.id], chair=chair)
        elif k % 3 == 0:
            repo.amendments(SLUG)
        elif k % 3 == 1:
            repo.diff(SLUG)
        else:
            repo.versions(SLUG)

    for k in range(200):
        operation(k)
    files, children = _open_files(), _children()
    for k in range(200, 2000):
        operation(k)
    assert _open_files() <= files
    assert _children() <= children
