"""A worker for the crash tests: proposes and accepts amendments until it is killed.

It prints "ready" once it has opened the repository, "P <id>" once a proposal
is committed and "A <id> <status>" once a decision is, flushing each line: what
it printed was acknowledged to the user.

Where it is killed is chosen by the test, not by the clock: the worker counts
the calls that write or hand work to git (opening, writing, renaming, removing
and syncing files, starting and reaping git processes) and, at the call the
test named, prints "stop <lock held: 0 or 1>" and waits there to be killed.
So the kills fall at every stage of a proposal and an acceptance, however
fast or slow the machine is. Odd-numbered runs write what an acceptance
commits into a pack, as a batch of decisions on a long text does.
"""

from __future__ import annotations

import random
import signal
import sys
from types import FrameType
from typing import Any

from resolution_vcs import lock, storage
from resolution_vcs.amend import replace_words
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

#: The os functions counted as steps: the moments a crash can leave something half-done.
STEPS = frozenset("open write close rename replace unlink mkdir chmod fsync pipe waitpid".split())


def stop_at(step: int) -> None:
    """Stop at the ``step``-th counted call and wait for the kill."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event != "c_call" or getattr(arg, "__module__", None) != "posix":
            return
        if getattr(arg, "__name__", "") not in STEPS:
            return
        count += 1
        if count >= step:
            sys.setprofile(None)
            print("stop", int(bool(lock._HELD)), flush=True)
            while True:
                signal.pause()

    sys.setprofile(profile)


def main() -> None:
    path, slug, seed, step = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    chair = Person.parse("Anna Chair <chair@example.org>")
    editor = Person.parse("Boris Editor <editor@example.org>")
    rnd = random.Random(seed)
    if seed % 2:
        # Every other run writes each decision's files the way a batch writes a long
        # text's versions: into a pack, placed by git index-pack before the branch moves.
        storage._PACK_BYTES = storage._PACK_OBJECTS = 0
    repo = Repository.open(path)
    print("ready", flush=True)
    stop_at(step)
    while True:
        doc = repo.document(slug)
        clause = rnd.choice([c for c in doc if len(c.content.split()) > 3])
        word = rnd.choice(clause.content.split())
        op = replace_words(doc, clause.id, word, word + "ё", occurrence=1)
        (made,) = repo.propose(slug, [[op]], author=editor)
        print("P", made.id, flush=True)
        (outcome,) = repo.accept(slug, [made.id], chair=chair)
        print("A", made.id, outcome.status, flush=True)


if __name__ == "__main__":
    main()
