"""Kill a writing process at random moments: nothing acknowledged is lost, the
repository stays valid, and the next command recovers the dead process's lock."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.verify import verify

SLUG = "bibliomodel-2022"
WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("RESVCS_CRASH_RUNS", "100"))


def kill_runs(path: Path, runs: int, seed: int) -> tuple[set[str], dict[str, str]]:
    """Start the worker ``runs`` times and SIGKILL it at a random moment of its work:
    a random delay after it acknowledged its first proposal (waiting for that line,
    not for a time, so that a slow machine still gets work done between kills)."""
    rnd = random.Random(seed)
    proposed: set[str] = set()
    decided: dict[str, str] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(runs):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), SLUG, str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # "" if the worker died before acknowledging anything
        time.sleep(rnd.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        out = first + out
        assert "Traceback" not in err, err
        for line in out.splitlines():
            kind, amendment, *rest = line.split()
            if kind == "P":
                proposed.add(amendment)
            else:
                decided[amendment] = rest[0]
    return proposed, decided


def check(path: Path, proposed: set[str], decided: dict[str, str]) -> None:
    fsck = subprocess.run(
        ["git", "-C", str(path), "fsck", "--no-progress"], capture_output=True, text=True
    )
    assert fsck.returncode == 0, fsck.stderr
    with Repository.open(path) as repo:
        with repo.locked():  # recovers what the last killed process left half-done
            pass
        status = subprocess.run(
            ["git", "-C", str(path), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert status == ""
        report = verify(repo, SLUG)
        assert report.ok, [str(v) for v in report.violations]
        records = {n.id: n.amendment.status for n in repo.amendments(SLUG)}
        assert proposed <= set(records)
        for amendment, status in decided.items():
            assert records[amendment] == Status(status)


def test_sigkill_during_propose_and_accept(repo: Repository) -> None:
    path = repo.root
    repo.close()
    proposed, decided = kill_runs(path, RUNS, seed=7)
    assert len(proposed) >= RUNS // 4  # the workers did get work done between kills
    check(path, proposed, decided)
