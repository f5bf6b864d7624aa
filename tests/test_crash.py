"""Kill a writing process at random moments: nothing acknowledged is lost, the
repository stays valid, and the next command recovers the dead process's lock.

The moments are chosen by what the worker has done, not by the clock: each run
names a random step (a file written, renamed or removed, a git process started
or reaped; see ``crash_worker.py``) at which the worker stops and is killed, so
the test kills at the same places on a fast machine and a busy one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.verify import verify

SLUG = "bibliomodel-2022"
WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("RESVCS_CRASH_RUNS", "100"))
#: The steps the kills are spread over: about two proposals and acceptances.
STEPS = 400


def kill_runs(path: Path, runs: int, seed: int) -> tuple[set[str], dict[str, str], int]:
    """Start the worker ``runs`` times, each time SIGKILL it at a random step.

    Returns what was acknowledged (proposals, decisions) and how many kills
    fell while the worker held the repository lock (in the middle of a write).
    """
    rnd = random.Random(seed)
    proposed: set[str] = set()
    decided: dict[str, str] = {}
    locked = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(runs):
        step = rnd.randint(1, STEPS)
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), SLUG, str(run), str(step)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:  # until the worker says where it stopped
            lines.append(line)
            if line.startswith("stop"):
                break
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        assert "Traceback" not in err, err
        assert lines and lines[0] == "ready\n", (lines, err)
        assert lines[-1].startswith("stop"), (lines, err)
        locked += int(lines[-1].split()[1])
        for line in lines[1:-1] + out.splitlines():
            kind, amendment, *rest = line.split()
            if kind == "P":
                proposed.add(amendment)
            else:
                decided[amendment] = rest[0]
    return proposed, decided, locked


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
    proposed, decided, locked = kill_runs(path, RUNS, seed=7)
    assert len(proposed) >= RUNS // 4  # the workers did get work done between kills
    assert locked >= RUNS // 4  # and many kills fell in the middle of a write
    check(path, proposed, decided)
