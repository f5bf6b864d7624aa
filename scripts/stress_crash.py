"""Crash stress: kill writing processes at random moments many times (default 1,000).

    .venv/bin/python scripts/stress_crash.py [RUNS]

Makes a resolution repository with the example resolution in a temporary folder,
starts tests/crash_worker.py (which proposes and accepts amendments) RUNS
times, SIGKILLs it after a random delay, and then checks that git fsck is
clean, verify passes, the working tree is clean, and every proposal and decision
the workers acknowledged is recorded. The same check as tests/test_crash.py,
with more runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from resolution_vcs.repository import Repository  # noqa: E402
from resolution_vcs.storage import Person  # noqa: E402
from tests.test_crash import SLUG, check, kill_runs  # noqa: E402


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = ROOT.parent / "shared" / "seeds" / "000_bbe0634253d43230.txt"
    with tempfile.TemporaryDirectory() as tmp:
        chair = Person.parse("Anna Chair <chair@example.org>")
        with Repository.init(Path(tmp) / "council", actor=chair) as repo:
            repo.import_document(seed.read_bytes(), source=seed.name, slug=SLUG, author=chair)
            path = repo.root
        started = time.monotonic()
        proposed, decided = kill_runs(path, runs, seed=int(started))
        check(path, proposed, decided)
        print(
            f"{runs} kills in {time.monotonic() - started:.0f} s: {len(proposed)} proposals "
            f"and {len(decided)} decisions acknowledged, all recorded; fsck clean, verify ok."
        )


if __name__ == "__main__":
    main()
