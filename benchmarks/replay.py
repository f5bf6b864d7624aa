"""Benchmark of a long replay: accept time per amendment and the size of ``.git``.

A resolution repository with one document of ``--clauses`` clauses (made by
``benchmarks/generate.py``, about 400 bytes each) takes ``--amendments`` amendments one after
the other: each rewords one clause (proposed with the library, not measured) and is accepted
with ``resvcs accept`` in a process of its own (measured: wall time, and CPU time of the
process and the git it runs). The whole replay runs twice in fresh repositories:

* **packed**: as resvcs runs by default, with ``git gc --auto`` after every writing
  command (loose objects packed, packs consolidated);
* **unpacked**: the same with that housekeeping switched off in the repository's git
  settings (``gc.auto = 0``): every object stays loose.

For each run of ``--every`` amendments the table gives the median accept time, and at its end
the loose objects, packs and size of ``.git`` (``git count-objects -v``) and of resvcs's
caches in it. Flat means the median CPU time of the last run of amendments is within 1.5
times that of the first (CPU time: on a shared machine, wall time follows the load of the
others as it changes during the run; both are shown). The table goes
to stdout and into ``BENCHMARKS.md`` between ``<!-- bench:replay:start -->`` and
``<!-- bench:replay:end -->``.

Usage::

    python benchmarks/replay.py [--clauses N] [--amendments N] [--every N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import generate
from run import OUT, machine_lines, median, resvcs_path, write_section

START, END = "<!-- bench:replay:start -->", "<!-- bench:replay:end -->"
SLUG = "code"
CHAIR = "Bench Chair <chair@example.org>"
EDITOR = "Bench Editor <editor@example.org>"
#: The last run of amendments may take at most this many times the first (median).
FLAT = 1.5


@dataclass
class Checkpoint:
    done: int  # amendments accepted so far
    accept: float  # median seconds per accept over the last run (wall time)
    cpu: float  # median CPU seconds per accept over the last run (the process and its git)
    loose: int
    packs: int
    objects_mb: float  # git's objects, loose and packed
    size_mb: float  # all of .git (resvcs's caches too)
    cache_mb: float  # resvcs's caches in .git/resvcs


@dataclass
class Replay:
    mode: str
    points: list[Checkpoint] = field(default_factory=list)
    verified: bool = False  # resvcs verify passed at the end
    fsck: bool = False  # git fsck found nothing wrong at the end


def git_stats(root: Path) -> tuple[int, int, float, float, float]:
    """(loose objects, packs, MB of objects, MB of all .git, MB of .git/resvcs) of a
    repository."""
    out = subprocess.run(
        ["git", "-C", str(root), "count-objects", "-v"], capture_output=True, text=True, check=True
    ).stdout
    stats = dict(line.split(": ", 1) for line in out.splitlines())
    objects = (int(stats["size"]) + int(stats["size-pack"])) * 1024
    size = sum(f.stat().st_size for f in (root / ".git").rglob("*") if f.is_file())
    cache = sum(f.stat().st_size for f in (root / ".git" / "resvcs").rglob("*") if f.is_file())
    return int(stats["count"]), int(stats["packs"]), objects / 1e6, size / 1e6, cache / 1e6


def replay(mode: str, clauses: int, amendments: int, every: int) -> Replay:
    from resolution_vcs.amend import replace_clause
    from resolution_vcs.repository import Repository
    from resolution_vcs.storage import Person

    root = OUT / f"replay-{mode}"
    shutil.rmtree(root, ignore_errors=True)
    chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)
    repo = Repository.init(root, actor=chair)
    if mode == "unpacked":
        subprocess.run(["git", "-C", str(root), "config", "gc.auto", "0"], check=True)
    text = generate.render(generate.generate(clauses, 1))
    repo.import_document(text.encode(), source="code.md", slug=SLUG, author=chair)
    repo.close()
    env = {**os.environ, "RESVCS_AUTHOR": CHAIR}
    resvcs = resvcs_path()
    pick = random.Random(7)
    result = Replay(mode)
    times: list[float] = []
    cpus: list[float] = []
    for k in range(1, amendments + 1):
        with Repository.open(root) as repo:
            doc = repo.document(SLUG)
            words = [c for c in doc.clauses if len(c.content.split()) > 3]
            clause = pick.choice(words)
            wording = clause.content.replace(" ", f" ред{k} ", 1)
            (made,) = repo.propose(SLUG, [[replace_clause(doc, clause.id, wording)]], author=editor)
        start = time.perf_counter()
        used = _children_cpu()
        subprocess.run(
            [resvcs, "accept", made.amendment.id],
            cwd=root,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - used)
        if k % every == 0:
            loose, packs, objects, size, cache = git_stats(root)
            point = Checkpoint(
                k, median(times[-every:]), median(cpus[-every:]), loose, packs, objects, size, cache
            )
            result.points.append(point)
            print(
                f"{mode}: {k} accepted, {point.accept:.3f} s per accept ({point.cpu:.3f} s CPU), "
                f"{loose} loose "
                f"objects, {packs} packs, objects {objects:.1f} MB, .git {size:.1f} MB "
                f"(.git/resvcs {cache:.1f} MB)",
                file=sys.stderr,
            )
    result.verified = subprocess.run([resvcs, "verify"], cwd=root, env=env).returncode == 0
    fsck = ["git", "-C", str(root), "fsck", "--no-progress"]
    result.fsck = subprocess.run(fsck, capture_output=True).returncode == 0
    return result


def _children_cpu() -> float:
    """CPU seconds (user and system) used so far by the processes this one waited for,
    and theirs (resvcs and the git it runs)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def report(runs: list[Replay], clauses: int, amendments: int, machine: list[str]) -> str:
    """The section of BENCHMARKS.md; ``machine``: :func:`machine_lines` taken at the start."""
    lines = [
        "## A long replay: accept time and repository size",
        "",
        f"One document of {clauses:,} clauses, {amendments} amendments proposed and accepted one",
        "by one (`python benchmarks/replay.py`): the median wall time and CPU time (`resvcs`",
        "and the git it runs) of `resvcs accept` (a process of its own) over each run of",
        "amendments, and `.git` after it: loose objects,",
        "packs, MB of git's objects (loose and packed), MB of all `.git` and, of it, MB of",
        "resvcs's own caches in `.git/resvcs` (parsed versions, steps, reviews, records; each",
        "keeps the entries used last). *packed*: resvcs as it is, running `git gc --auto`",
        "after each writing command; *unpacked*: the same with `gc.auto = 0` in the",
        "repository's git settings (nothing is ever packed).",
        "",
        *machine,
        "Load average at the end " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + ".",
        "",
        "| accepted | packed: s per accept | CPU s | loose | packs | objects MB | .git MB "
        "| cache MB | unpacked: s per accept | CPU s | loose | packs | objects MB | .git MB "
        "| cache MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    packed, unpacked = runs
    for a, b in zip(packed.points, unpacked.points, strict=True):
        lines.append(
            f"| {a.done} | {a.accept:.3f} | {a.cpu:.3f} | {a.loose} | {a.packs} "
            f"| {a.objects_mb:.1f} | {a.size_mb:.1f} | {a.cache_mb:.1f} | {b.accept:.3f} "
            f"| {b.cpu:.3f} | {b.loose} | {b.packs} | {b.objects_mb:.1f} | {b.size_mb:.1f} "
            f"| {b.cache_mb:.1f} |"
        )
    lines.append("")
    lines += verdicts(packed, unpacked)
    for run in runs:
        first, last = run.points[0], run.points[-1]
        verdict = "flat" if last.cpu <= FLAT * first.cpu else "NOT flat"
        lines.append(
            f"- {run.mode}: {first.cpu:.3f} s CPU per accept at first, {last.cpu:.3f} s at the "
            f"end ({last.cpu / first.cpu:.2f}×, {verdict}; wall {first.accept:.3f} s → "
            f"{last.accept:.3f} s); {run.points[-1].loose} loose objects, "
            f"{run.points[-1].packs} packs, {run.points[-1].objects_mb:.1f} MB of objects at "
            "the end; verify "
            f"{'passes' if run.verified else 'FAILS'}, git fsck {'clean' if run.fsck else 'FAILS'}."
        )
    return "\n".join(lines) + "\n"


def verdicts(packed: Replay, unpacked: Replay) -> list[str]:
    """PASS/FAIL per target (informative: the script does not fail on them)."""
    first, last = packed.points[0], packed.points[-1]
    middle = packed.points[len(packed.points) // 2]
    targets = [
        (
            last.cpu <= FLAT * first.cpu,
            f"accept time flat when packed: {first.cpu:.3f} s → {last.cpu:.3f} s CPU "
            f"per accept ({last.cpu / first.cpu:.2f}×, at most {FLAT}×)",
        ),
        (
            last.packs > 0 and last.loose < unpacked.points[-1].loose,
            f"`.git` packed: {last.loose} loose objects in {last.packs} packs "
            f"(unpacked: {unpacked.points[-1].loose} loose)",
        ),
        (
            last.cache_mb <= 1.25 * middle.cache_mb,
            f"resvcs's caches bounded: {middle.cache_mb:.1f} MB after {middle.done} accepts, "
            f"{last.cache_mb:.1f} MB after {last.done}",
        ),
        (
            packed.verified and packed.fsck and unpacked.verified and unpacked.fsck,
            "`resvcs verify` passes and `git fsck` is clean after both replays",
        ),
    ]
    return [f"- {'PASS' if ok else 'FAIL'}: {text}." for ok, text in targets]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clauses", type=int, default=1_000)
    parser.add_argument("--amendments", type=int, default=250)
    parser.add_argument("--every", type=int, default=25)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    machine = machine_lines()
    runs = [
        replay(mode, args.clauses, args.amendments, args.every) for mode in ("packed", "unpacked")
    ]
    block = report(runs, args.clauses, args.amendments, machine)
    print(block)
    write_section(block, START, END)


if __name__ == "__main__":
    main()
