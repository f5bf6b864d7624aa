"""How far ``resvcs diff`` agrees with ``git diff --word-diff`` on the corpus pairs.

Both tools mark words of the old text as deleted and words of the new text as
inserted. Words here are git's: runs of non-space characters (git's default word
diff). A word counts as changed by resvcs when any character of it lies in a
deleted or inserted run of the clause diff (a whole deleted or added clause, a
changed list number, layout line or markup too). The figure is the share of changed
words on which both agree: words both mark, over words either marks, for the 13
pairs of consecutive versions of the law in ``../shared/corpus/ua-2939-17``.

The table goes to stdout and into ``BENCHMARKS.md`` between
``<!-- bench:words:start -->`` and ``<!-- bench:words:end -->``.

Usage::

    python benchmarks/word_diff.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from resolution_vcs.diff import ChangeKind, DocumentDiff, diff  # noqa: E402
from resolution_vcs.model import Clause, Document  # noqa: E402
from resolution_vcs.parse import parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ua-2939-17"
START, END = "<!-- bench:words:start -->", "<!-- bench:words:end -->"


def git_marks(old: Path, new: Path) -> tuple[list[bool], list[bool]]:
    """For each word of the old and the new text, whether git's word diff marks it."""
    out = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "--word-diff=porcelain", "-U1000000"]
        + [str(old), str(new)],
        capture_output=True,
        check=False,
    ).stdout.decode("utf-8")
    lines = out.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("@@")) + 1
    old_marks: list[bool] = []
    new_marks: list[bool] = []
    for line in lines[start:]:
        if not line or line.startswith("~"):
            continue
        words = line[1:].split()
        if line[0] in " -":
            old_marks.extend([line[0] == "-"] * len(words))
        if line[0] in " +":
            new_marks.extend([line[0] == "+"] * len(words))
    return old_marks, new_marks


def _offsets(doc: Document) -> list[int]:
    """Where each clause's source starts in the document's text."""
    at, found = len(doc.preamble), []
    for clause in doc.clauses:
        found.append(at)
        at += len(clause.source)
    return found


def _content_positions(clause: Clause, start: int) -> list[int]:
    """The position in the document's text of each character of a clause's content."""
    positions = []
    at = start + len(clause.lead) + len(clause.prefix)
    lines = clause.content.split("\n")
    for k, line in enumerate(lines):
        if k:
            at += clause.indents[k - 1]
        positions.extend(range(at, at + len(line) + 1))  # the line and its newline
        at += len(line) + 1
    return positions


def resvcs_marks(
    old: Document, new: Document, delta: DocumentDiff
) -> tuple[list[bool], list[bool]]:
    """For each word of the old and the new text, whether resvcs's diff marks it."""
    texts = {"old": old.render(), "new": new.render()}
    masks = {side: [False] * len(text) for side, text in texts.items()}
    docs = {"old": old, "new": new}
    where = {  # clause objects are the diff's own: find them by identity
        side: dict(zip(map(id, d.clauses), _offsets(d), strict=True)) for side, d in docs.items()
    }
    if old.preamble != new.preamble:
        masks["old"][: len(old.preamble)] = [True] * len(old.preamble)
        masks["new"][: len(new.preamble)] = [True] * len(new.preamble)
    for change in delta.changes:
        sides = (("old", change.old, change.new), ("new", change.new, change.old))
        for side, clause, other in sides:
            if clause is None:
                continue
            start = where[side][id(clause)]
            mask = masks[side]
            if other is None:  # the whole clause deleted or added
                mask[start : start + len(clause.source)] = [True] * len(clause.source)
                continue
            if clause.lead != other.lead:
                mask[start : start + len(clause.lead)] = [True] * len(clause.lead)
            if clause.prefix != other.prefix:
                begin = start + len(clause.lead)
                mask[begin : begin + len(clause.prefix)] = [True] * len(clause.prefix)
            if not {ChangeKind.MODIFIED, ChangeKind.LAYOUT, ChangeKind.RENUMBERED} & set(
                change.kinds
            ):
                continue
            positions = _content_positions(clause, start)
            k = 0
            for op in change.ops:
                part = op.old if side == "old" else op.new
                if op.op != "equal":
                    for p in positions[k : k + len(part)]:
                        mask[p] = True
                k += len(part)
    return _words(texts["old"], masks["old"]), _words(texts["new"], masks["new"])


def _words(text: str, mask: list[bool]) -> list[bool]:
    """Per non-space word of the text, whether any of its characters is marked."""
    marks, inside, hit = [], False, False
    for ch, m in zip(text, mask, strict=True):
        if ch.isspace():
            if inside:
                marks.append(hit)
            inside, hit = False, False
        else:
            inside, hit = True, hit or m
    if inside:
        marks.append(hit)
    return marks


def measure() -> list[tuple[str, int, int, int]]:
    """Per pair: (name, words both mark, words only resvcs marks, words only git marks)."""
    versions = sorted(CORPUS.glob("v*.md"))
    rows = []
    for a, b in zip(versions, versions[1:], strict=False):
        old, new = parse(a.read_text(encoding="utf-8")), parse(b.read_text(encoding="utf-8"))
        ours = resvcs_marks(old, new, diff(old, new))
        theirs = git_marks(a, b)
        both = only_ours = only_git = 0
        for mine, git in zip(ours, theirs, strict=True):
            if len(mine) != len(git):
                raise SystemExit(f"{a.name}-{b.name}: the two tools read different words")
            for x, y in zip(mine, git, strict=True):
                both += x and y
                only_ours += x and not y
                only_git += y and not x
        rows.append((f"{a.stem}→{b.stem}", both, only_ours, only_git))
    return rows


def report(rows: list[tuple[str, int, int, int]]) -> str:
    both = sum(r[1] for r in rows)
    ours = sum(r[2] for r in rows)
    git = sum(r[3] for r in rows)
    lines = [
        "## Word diff against git's",
        "",
        f"Words (runs of non-space characters) of the {len(rows)} pairs of consecutive versions",
        "of the corpus law that `resvcs diff` and `git diff --no-index --word-diff` mark as",
        "deleted or inserted (`python benchmarks/word_diff.py`). Agreement: words both mark",
        "over words either marks.",
        "",
        "| pair | both | only resvcs | only git | agreement |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, b, o, g in rows:
        lines.append(f"| {name} | {b} | {o} | {g} | {b / max(b + o + g, 1):.1%} |")
    total = both + ours + git
    lines.append(f"| **all** | {both} | {ours} | {git} | **{both / max(total, 1):.1%}** |")
    return "\n".join(lines) + "\n"


def main() -> None:
    from run import write_section

    block = report(measure())
    print(block)
    write_section(block, START, END)


if __name__ == "__main__":
    main()
