"""Reference detection measured on the law in ../shared/corpus/ua-2939-17.

For each version: the references found, how many resolve to an item of the law,
point at none (dangling), are ambiguous or name another act's items (external);
and, for the references the law itself links to one of its anchors ("[статті
5](#n27)"), whether the item they resolve to is the clause that anchor marks.
The dangling ones of the last version are listed.

    .venv/bin/python scripts/references_corpus.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resolution_vcs.ids import assign_ids  # noqa: E402
from resolution_vcs.parse import parse  # noqa: E402
from resolution_vcs.references import find_references  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ua-2939-17"
STATUSES = ("resolved", "external", "dangling", "ambiguous")


def main() -> None:
    print(f"{'version':8} {'found':>5} " + " ".join(f"{s:>9}" for s in STATUSES) + "  linked agree")
    for path in sorted(CORPUS.glob("v*.md")):
        doc = assign_ids(parse(path.read_text(encoding="utf-8")))
        anchors = {a: c.id for c in doc for a in re.findall(r"\[\]\{#(n\d+)\}", c.lead + c.content)}
        refs = find_references(doc)
        counts = Counter(r.status for r in refs)
        linked = agree = 0
        for ref in refs:
            content = doc.get(ref.clause).content  # type: ignore[union-attr]
            link = re.match(r"[^\[\]]*\]\(#(n\d+)\)", content[ref.end :])
            if link is None or ref.status != "resolved":
                continue
            linked += 1
            agree += anchors.get(link.group(1)) in {c.target for c in (*ref.cited, *ref.within)}
        row = " ".join(f"{counts[s]:>9}" for s in STATUSES)
        print(f"{path.stem:8} {len(refs):>5} {row}  {linked:>6} {agree:>5}")
    labels = {c.id: c.label for c in doc}
    for ref in refs:
        if ref.status in ("dangling", "ambiguous"):
            print(f"{ref.status} in {labels[ref.clause]}: «{ref.text}»")


if __name__ == "__main__":
    main()
