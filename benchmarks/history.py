"""Benchmark of history, blame and log over a long history, against ``git log -p``.

A resolution repository with one document of ``--clauses`` clauses (made by
``benchmarks/generate.py``) and ``--versions`` versions is built once with the library in
``benchmarks/out/history-<clauses>-<versions>/`` (kept and reused while the parameters are the
same; ``benchmarks/out/`` is not tracked): v1 is ``import_document``, each later version a
``revise`` of the previous text with about 0.5% of the clauses reworded (a few words replaced,
inserted or deleted), a paragraph or list item inserted every fifth version and one deleted
every seventh. One long paragraph (the "tracked" clause) is also reworded in about every tenth
version, so that ``resvcs history`` has a clause with several wordings to follow.

Then, whole process, stdout to /dev/null, interleaved over ``--runs`` rounds (median):

* ``resvcs history <tracked clause>``, ``resvcs blame``, ``resvcs log`` and ``resvcs verify``,
  each "cold" (the parse cache ``.git/resvcs/cache/`` removed before the run) and "warm"
  (after an unmeasured run that filled it),
* the baseline ``git log -p -- drafts/<slug>.md`` in the same repository, run in both halves
  of each round.

Peak memory is ``ru_maxrss`` from ``os.wait4`` (see ``benchmarks/run.py``, whose helpers this
script uses). The table goes to stdout and into ``BENCHMARKS.md`` between
``<!-- bench:history:start -->`` and ``<!-- bench:history:end -->``; ``--profile`` adds the top
functions (cumulative time) of one cold and one warm ``resvcs blame`` under cProfile.

Usage::

    python benchmarks/history.py [--versions N] [--clauses N] [--runs N] [--quick] [--profile]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import generate
import run
from run import (
    END as DIFF_END,
)
from run import (
    OUT,
    REPORT,
    Job,
    Sample,
    _mb,
    _progress,
    _rel,
    code_version,
    machine_lines,
    median,
    reset_own_peak,
    resvcs_path,
    run_once,
)

START, END = "<!-- bench:history:start -->", "<!-- bench:history:end -->"

DEFAULT_VERSIONS, DEFAULT_CLAUSES = 200, 10_000
QUICK_VERSIONS, QUICK_CLAUSES = 30, 2_000
SEED = 1
SLUG = "bench"
#: Share of the clauses reworded in each new version.
EDIT_SHARE = 0.005
#: Bump when the way the repository is built changes: an old one is then rebuilt.
SETUP_FORMAT = 1

#: Targets: cold at most this many times git's time; warm at most this fraction of it
#: (the issue says "a small fraction"; a quarter is the reading used here); ``verify`` cold at
#: most ``VERIFY_RATIO`` times git's time.
COLD_RATIO = 2.0
WARM_FRACTION = 0.25
VERIFY_RATIO = 3.0

COMMANDS = ("history", "blame", "log", "verify")
TARGETED = ("history", "blame")

# --- building the repository (in a child process: ``history.py --build``) ----------------


def folder_for(clauses: int, versions: int) -> Path:
    return OUT / f"history-{clauses}-{versions}"


def meta_for(clauses: int, versions: int) -> Path:
    return OUT / f"history-{clauses}-{versions}.json"


def wanted_meta(clauses: int, versions: int) -> dict[str, object]:
    """What must match for an existing repository to be reused."""
    return {
        "format": SETUP_FORMAT,
        "clauses": clauses,
        "versions": versions,
        "seed": SEED,
        "edit_share": EDIT_SHARE,
        "slug": SLUG,
    }


def load_meta(clauses: int, versions: int) -> dict[str, object] | None:
    """The description of a complete repository built with these parameters, else None."""
    try:
        meta = json.loads(meta_for(clauses, versions).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    wanted = wanted_meta(clauses, versions)
    if not isinstance(meta, dict) or any(meta.get(k) != v for k, v in wanted.items()):
        return None
    if not meta.get("complete") or not (folder_for(clauses, versions) / ".git").is_dir():
        return None
    return meta


def build(clauses: int, versions: int) -> dict[str, object]:
    """Make the repository with the library; returns its description (also saved as JSON)."""
    from resolution_vcs.repository import Repository
    from resolution_vcs.storage import Person

    folder, meta_path = folder_for(clauses, versions), meta_for(clauses, versions)
    meta_path.unlink(missing_ok=True)
    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    chair = Person("Bench Chair", "chair@example.org")
    editors = [Person(f"Editor {k}", f"editor{k}@example.org") for k in range(1, 4)]
    base = datetime(2024, 1, 1, 9, tzinfo=UTC)

    reviser = generate.Reviser(generate.generate(clauses, SEED), SEED + 7)
    tracked = _tracked_paragraph(reviser.blocks)
    text = generate.render(reviser.blocks)
    repo = Repository.init(folder, actor=chair, date=base)
    t0 = time.perf_counter()
    repo.import_document(
        text.encode(), source="v.md", author=chair, slug=SLUG, title="Benchmark", date=base
    )
    import_seconds = time.perf_counter() - t0
    tracked_id = _clause_id(repo.document(SLUG), tracked.text)
    size_first = len(text.encode())

    edits = max(1, round(clauses * EDIT_SHARE))
    every = max(2, versions // 10)
    tracked_changes, revise_seconds = 0, []
    for n in range(2, versions + 1):
        reviser.edit_clauses(edits)
        if n % 5 == 0:
            reviser.insert_one()
        if n % 7 == 0:
            while not reviser.delete_one():
                pass
        if n % every == every // 2:
            tracked.text = reviser.edit_words(tracked.text, 1)
            tracked_changes += 1
        text = generate.render(reviser.blocks)
        editor = editors[n % len(editors)]
        t0 = time.perf_counter()
        made = repo.revise(
            SLUG,
            text.encode(),
            source="v.md",
            author=editor,
            message=f"Revision {n}: {edits} clauses reworded",
            date=base + timedelta(hours=n),
        )
        revise_seconds.append(time.perf_counter() - t0)
        if made is None:
            raise RuntimeError(f"version {n} changed nothing")
        if n % 10 == 0 or n == versions:
            _progress(
                f"setup: v{n}/{versions} (last revise {revise_seconds[-1]:.2f} s, "
                f"{time.perf_counter() - start:.0f} s so far)"
            )
    last = repo.document(SLUG)
    clause = last.get(tracked_id)
    if clause is None or clause.content.strip() != tracked.text:
        raise RuntimeError(f"the tracked clause {tracked_id} lost its id along the way")
    meta = {
        **wanted_meta(clauses, versions),
        "tracked": tracked_id,
        "tracked_changes": tracked_changes,
        "clauses_last": len(last.clauses),
        "size_first": size_first,
        "size_last": len(text.encode()),
        "versions_made": len(repo.versions(SLUG)),
        "import_seconds": import_seconds,
        "revise_median_seconds": median(revise_seconds),
        "setup_seconds": time.perf_counter() - start,
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "complete": True,
    }
    repo.close()
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def _tracked_paragraph(blocks: list[generate.Block]) -> generate.Block:
    """The longest paragraph introducing a list in the middle third: the reviser never deletes
    such a paragraph (it only takes paragraphs that introduce nothing)."""
    third = len(blocks) // 3
    candidates = [
        b
        for i, b in enumerate(blocks[third : 2 * third], start=third)
        if b.kind == "paragraph" and i + 1 < len(blocks) and blocks[i + 1].kind == "list"
    ]
    return max(candidates, key=lambda b: len(b.text))


def _clause_id(doc: object, text: str) -> str:
    for clause in doc.clauses:  # type: ignore[attr-defined]
        if clause.content.strip() == text:
            return str(clause.id)
    raise RuntimeError("the tracked paragraph is not a clause of v1")


def ensure_repository(clauses: int, versions: int, rebuild: bool) -> tuple[dict, bool]:
    """The repository's description, building it in a child process when needed; and
    whether it was built by this run."""
    meta = None if rebuild else load_meta(clauses, versions)
    if meta is not None:
        return meta, False
    _progress(f"setup: building {versions} versions of {clauses:,} clauses")
    argv = [sys.executable, __file__, "--build", "--clauses", str(clauses)]
    subprocess.run([*argv, "--versions", str(versions)], check=True, stdout=subprocess.DEVNULL)
    meta = load_meta(clauses, versions)
    if meta is None:
        sys.exit("setup did not complete")
    return meta, True


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Results:
    """Samples by command and state ("cold", "warm"), and git's."""

    cold: dict[str, list[Sample]] = field(default_factory=lambda: {c: [] for c in COMMANDS})
    warm: dict[str, list[Sample]] = field(default_factory=lambda: {c: [] for c in COMMANDS})
    git: list[Sample] = field(default_factory=list)

    def median(self, state: str, command: str) -> float:
        samples = self.git if state == "git" else getattr(self, state)[command]
        return median(s.seconds for s in samples)

    def peak_mb(self, state: str, command: str) -> float:
        samples = self.git if state == "git" else getattr(self, state)[command]
        return max(s.peak_kb for s in samples) / 1024


class Bench:
    """The jobs on one repository and the cache folder they share."""

    def __init__(self, folder: Path, meta: dict, resvcs: str) -> None:
        self.folder = folder
        self.cache = folder / ".git" / "resvcs" / "cache"
        here = ("env", "-C", str(folder))
        self.jobs = {
            "history": Job("history", (*here, resvcs, "history", str(meta["tracked"]))),
            "blame": Job("blame", (*here, resvcs, "blame")),
            "log": Job("log", (*here, resvcs, "log")),
            "verify": Job("verify", (*here, resvcs, "verify")),
        }
        self.git = Job("git", (*here, "git", "log", "-p", "--", f"drafts/{SLUG}.md"))
        self.filled = False
        #: Files and MB in the cache after the first cold run of blame, if any.
        self.after_cold: tuple[int, float] | None = None

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)
        self.filled = False

    def cache_size(self) -> tuple[int, float]:
        """Files and MB in the cache folder."""
        files = [p for p in self.cache.rglob("*") if p.is_file()] if self.cache.exists() else []
        return len(files), sum(p.stat().st_size for p in files) / 1024 / 1024

    def fill(self) -> None:
        """One unmeasured run that parses every version (when the cache is not known full)."""
        if not self.filled:
            run_once(self.jobs["blame"])
            self.filled = True

    def timed(self, what: str, job: Job) -> Sample:
        sample = run_once(job)
        _progress(f"{what} {job.label}: {sample.seconds:.2f} s")
        return sample


def measure(bench: Bench, runs: int) -> Results:
    """``runs`` rounds; each a cold half (cache removed before every resvcs run) and a warm
    half (after a fill), both with git, in an order that rotates from round to round."""
    results = Results()
    run_once(bench.git)  # warm-up of the page cache (with check_history before), not counted
    names = [*COMMANDS, "git"]
    for r in range(runs):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            if name == "git":
                results.git.append(bench.timed(f"round {r + 1}/{runs} cold half:", bench.git))
                continue
            bench.clear_cache()
            results.cold[name].append(bench.timed(f"round {r + 1}/{runs} cold", bench.jobs[name]))
            # blame parses every version and keeps every word operation; history keeps
            # none of those, so a warm blame after it would still compute them all.
            bench.filled = name == "blame"
            if bench.filled and bench.after_cold is None:
                bench.after_cold = bench.cache_size()
        bench.fill()
        for name in reversed(order):
            job = bench.git if name == "git" else bench.jobs[name]
            sample = bench.timed(f"round {r + 1}/{runs} warm", job)
            (results.git if name == "git" else results.warm[name]).append(sample)
    return results


def check_history(bench: Bench) -> int:
    """How many wordings ``resvcs history --json`` gives for the tracked clause."""
    job = bench.jobs["history"]
    done = subprocess.run([*job.argv, "--json"], capture_output=True, text=True, check=True)
    data = json.loads(done.stdout)
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return len(data)


def profile(bench: Bench, count: int = 25) -> list[str]:
    """Top functions by cumulative time of one cold and one warm ``resvcs blame``."""
    lines: list[str] = []
    for state in ("cold", "warm"):
        if state == "cold":
            bench.clear_cache()
        else:
            bench.fill()
        prof = OUT / f"history-blame-{state}.prof"
        argv = (*bench.jobs["blame"].argv[:3], sys.executable, "-m", "cProfile", "-o", str(prof))
        subprocess.run(
            [*argv, "-m", "resolution_vcs", "blame"], check=True, stdout=subprocess.DEVNULL
        )
        bench.filled = True
        shown = subprocess.run(
            [sys.executable, "-c", _PSTATS, str(prof), str(count)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        lines += [f"cProfile of one {state} `resvcs blame` (top {count} by cumulative time):", ""]
        lines += ["```", *shown.strip("\n").splitlines(), "```", ""]
    return lines


_PSTATS = r"""
import pstats, sys
stats = pstats.Stats(sys.argv[1])
# Leave out the frames every command has (runpy, click, the entry point).
skip = r"^(?!.*(runpy|click/|<string>|builtins.exec|__main__|cli/__init__.py:\d+\(invoke\)))"
stats.sort_stats("cumulative").print_stats(skip, int(sys.argv[2]))
"""


# --- the report -----------------------------------------------------------------------------

INTRO = """## History, blame and log over a long history

`.venv/bin/python benchmarks/history.py` (`--quick`: 30 versions of 2,000 clauses;
`--versions N`, `--clauses N`, `--runs N`; `--profile` adds a cProfile of `resvcs blame`)
builds once, with the library, a repository holding one document generated by
`benchmarks/generate.py` and its versions: v1 imported, each later one recorded with `revise`
with about 0.5% of the clauses reworded, a paragraph or list item inserted every fifth version
and one deleted every seventh; one long paragraph is reworded about every tenth version and is
the clause given to `resvcs history`. It then times, whole process and stdout to /dev/null,
`resvcs history CLAUSE`, `resvcs blame`, `resvcs log` and `resvcs verify`, "cold" (the cache
`.git/resvcs/cache/`, parses and per-version changes, removed before each run) and "warm"
(after an unmeasured run that filled it), against `git log -p -- drafts/<slug>.md` in the same
repository. Each round runs the cold commands and git, then the warm commands and git, in an
order that rotates from round to round; the table gives medians and the highest peak resident
memory (`ru_maxrss`) over the rounds. The operating system's file cache is warm in both states
(git's own run reads the same objects). Targets: history and blame cold at most 2× git's time,
warm at most a quarter of it ("a small fraction"); verify cold at most 3×; peak memory at most
the interpreter with every module resvcs may load plus 10× the last version.

How history and blame get there (`resolution_vcs/steps.py`): each version is read from the one
before. The two texts are compared block by block; words changed inside lines that keep their
structure are taken without parsing; other differences are parsed again only within their
top-level groups (checked at unchanged edges); clause ids come from the ids file. What each
version changed is kept in the cache by the blob ids of the texts and ids files compared, so
a warm run reads 200 small files instead of 200 versions."""


def report(
    meta: dict,
    results: Results,
    runs: int,
    floors: tuple[float, float],
    notes: list[str],
    code: str,
) -> str:
    """The section; ``floors`` are the inherited peak and that of every module loaded."""
    floor_mb, modules_mb = floors
    versions, clauses = int(meta["versions"]), int(meta["clauses"])
    size = f"{int(meta['size_last']) / 1024 / 1024:.1f} MB"
    git_s = results.median("git", "")
    lines = [
        INTRO,
        "",
        *machine_lines(),
        f"Code: {code}.",
        f"Runs: {runs} round(s) (median); git {len(results.git)} runs (both halves of each round).",
        "",
        "| Versions | Clauses | Size (last version) | Command | Cold, median s | Warm, median s "
        "| `git log -p`, median s | Cold / git | Warm / git | Peak MB cold / warm |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for command in COMMANDS:
        cold, warm = results.median("cold", command), results.median("warm", command)
        arg = " CLAUSE" if command == "history" else ""
        peaks = (
            f"{_mb(results.peak_mb('cold', command), floor_mb)} / "
            f"{_mb(results.peak_mb('warm', command), floor_mb)}"
        )
        lines.append(
            f"| {versions} | {clauses:,} | {size} | `resvcs {command}{arg}` | {cold:.2f} "
            f"| {warm:.2f} | {git_s:.2f} | {cold / git_s:.1f}× | {warm / git_s:.2f}× | {peaks} |"
        )
    lines.append(
        f"| {versions} | {clauses:,} | {size} | `git log -p -- drafts/{SLUG}.md` | | "
        f"| {git_s:.2f} | | | {_mb(results.peak_mb('git', ''), floor_mb)} |"
    )
    lines += ["", "Targets:", ""]
    for command in TARGETED:
        cold = results.median("cold", command) / git_s
        warm = results.median("warm", command) / git_s
        what = f"`resvcs {command}`"
        lines.append(
            _verdict(cold <= COLD_RATIO, f"{what} cold within {COLD_RATIO:g}× git: {cold:.1f}×")
        )
        lines.append(
            _verdict(
                warm <= WARM_FRACTION, f"{what} warm within {WARM_FRACTION:g}× git: {warm:.2f}×"
            )
        )
    cold = results.median("cold", "verify") / git_s
    lines.append(
        _verdict(
            cold <= VERIFY_RATIO, f"`resvcs verify` cold within {VERIFY_RATIO:g}× git: {cold:.1f}×"
        )
    )
    limit = run.memory_limit(modules_mb, int(meta["size_last"]) / 1024 / 1024)
    over = [
        f"`resvcs {command}` {state} {results.peak_mb(state, command):.0f} MB"
        for command in COMMANDS
        for state in ("cold", "warm")
        if results.peak_mb(state, command) > limit
    ]
    lines.append(
        _verdict(
            not over,
            f"peak memory at most {limit:.0f} MB ({modules_mb:.0f} MB with every module loaded + "
            f"{run.MEMORY_FACTOR}× the last version)" + (f": {'; '.join(over)}" if over else ""),
        )
    )
    lines += ["", *notes]
    lines.append(
        f'Peaks marked "≤ {floor_mb:.0f}" did not rise above the floor every child inherits '
        "from the benchmark process at exec (Linux `ru_maxrss`); the real peak is lower."
    )
    return "\n".join(lines)


def _verdict(ok: bool, text: str) -> str:
    return f"- {'PASS' if ok else 'FAIL'}: {text}"


def setup_note(meta: dict, built: bool, folder: Path) -> str:
    how = "built by this run" if built else f"reused (built {meta['built']})"
    return (
        f"Repository: `{_rel(folder)}`, {how}; setup took {float(meta['setup_seconds']):.0f} s "
        f"(import {float(meta['import_seconds']):.1f} s, `revise` "
        f"{float(meta['revise_median_seconds']):.2f} s a version, median), not timed. "
        f"{int(meta['versions_made'])} versions, {int(meta['clauses']):,} clauses at v1 and "
        f"{int(meta['clauses_last']):,} at the last, "
        f"{int(meta['size_first']) / 1024 / 1024:.1f} → {int(meta['size_last']) / 1024 / 1024:.1f}"
        f" MB; the tracked clause `{meta['tracked']}` was reworded in "
        f"{meta['tracked_changes']} versions."
    )


def write_section(block: str) -> None:
    """Put ``block`` between this benchmark's markers, placed after the diff section."""
    run.write_section(block, START, END, after=DIFF_END)


def save_raw(meta: dict, results: Results, path: Path) -> None:
    data = {
        "meta": meta,
        "cold": {k: [s.__dict__ for s in v] for k, v in results.cold.items()},
        "warm": {k: [s.__dict__ for s in v] for k, v in results.warm.items()},
        "git": [s.__dict__ for s in results.git],
    }
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, help=f"default {DEFAULT_VERSIONS}")
    parser.add_argument("--clauses", type=int, help=f"default {DEFAULT_CLAUSES:,}")
    parser.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--quick", action="store_true", help="30 versions of 2,000 clauses")
    parser.add_argument("--profile", action="store_true", help="cProfile one blame run")
    parser.add_argument("--rebuild", action="store_true", help="build the repository again")
    parser.add_argument("--no-report", action="store_true", help="leave BENCHMARKS.md alone")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    versions = args.versions or (QUICK_VERSIONS if args.quick else DEFAULT_VERSIONS)
    clauses = args.clauses or (QUICK_CLAUSES if args.quick else DEFAULT_CLAUSES)
    if versions < 2 or clauses < 10 or args.runs < 1:
        parser.error("need at least 2 versions, 10 clauses and 1 run")
    OUT.mkdir(parents=True, exist_ok=True)
    if args.build:
        build(clauses, versions)
        return

    resvcs = resvcs_path()
    run.compile_package()
    code_before = code_version()
    start = time.perf_counter()
    meta, built = ensure_repository(clauses, versions, args.rebuild)
    folder = folder_for(clauses, versions)
    print(
        f"Setup ({'built' if built else 'reused'}): {time.perf_counter() - start:.1f} s "
        f"(building took {float(meta['setup_seconds']):.1f} s)",
        flush=True,
    )

    reset_own_peak()
    floor_mb = median(run_once(Job("true", ("true",))).peak_kb for _ in range(3)) / 1024
    modules = Job(run.MODULES_LABEL, (sys.executable, "-c", run.MODULES))
    modules_mb = max(run_once(modules).peak_kb for _ in range(3)) / 1024
    bench = Bench(folder, meta, resvcs)
    existed = bench.cache.exists()
    wordings = check_history(bench)
    results = measure(bench, args.runs)
    files, mb = bench.after_cold or (0, 0.0)
    code_after = code_version()
    code = (
        code_before
        if code_after == code_before
        else (f"changed during the run, from {code_before} to {code_after}")
    )
    notes = [
        setup_note(meta, built, folder),
        f"`resvcs history {meta['tracked']}` lists {wordings} wordings. The cache folder "
        f"`.git/resvcs/cache/` {'existed' if existed else 'did not exist'} before the first "
        f"run (setup goes through the library); after the first cold history or blame run it "
        + (f"holds {files} files, {mb:.0f} MB." if files else "is empty or missing (no cache)."),
    ]
    block = report(meta, results, args.runs, (floor_mb, modules_mb), notes, code)
    print(block)
    if args.profile:
        shown = "\n".join(profile(bench))
        print(shown)
        (OUT / f"history-{clauses}-{versions}-profile.md").write_text(shown, encoding="utf-8")
    save_raw(meta, results, OUT / f"history-{clauses}-{versions}-results.json")
    if not args.no_report:
        write_section(block)
        print(f"\nWritten to {_rel(REPORT)} between {START} and {END}.")


if __name__ == "__main__":
    main()
