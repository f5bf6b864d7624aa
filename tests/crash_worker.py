"""A worker for the crash tests: proposes and accepts amendments until it is killed.

It prints "P <id>" once a proposal is committed and "A <id> <status>" once a
decision is, flushing each line: what it printed was acknowledged to the user.
"""

from __future__ import annotations

import random
import sys

from resolution_vcs.amend import replace_words
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person


def main() -> None:
    path, slug, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    chair = Person.parse("Anna Chair <chair@example.org>")
    editor = Person.parse("Boris Editor <editor@example.org>")
    rnd = random.Random(seed)
    repo = Repository.open(path)
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
