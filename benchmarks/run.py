"""Benchmark of the clause diff against git's word diff, whole process, on growing inputs.

For each pair of files (the seed resolution and a one-word edit of it, two versions of a
real law from the corpus, generated documents of 1,000, 10,000 and 50,000 clauses) this runs

* ``resvcs diff-files OLD NEW --format text --color never`` and ``--format json``,
* the baseline ``git diff --no-index --word-diff=plain OLD NEW`` (exit code 1 is normal),

several times, interleaved (machine noise hits both), and reports each command's median wall
time and peak resident memory, and the interpreter start-up floor for context. The results
table goes to stdout and into ``BENCHMARKS.md`` between ``<!-- bench:diff:start -->`` and
``<!-- bench:diff:end -->``, followed by the growth ratios and PASS/FAIL per target (the script
never fails on a missed target).

Peak memory is ``ru_maxrss`` from ``os.wait4`` on each child. On Linux a child's ``ru_maxrss``
starts at the spawning process's peak (the kernel carries the old address space's high-water
mark over ``exec``), so this script keeps itself small (generation and clause counting run in
child processes, its own peak is reset through ``/proc/self/clear_refs``) and marks peaks
that do not rise above that floor as "≤ floor".

Usage::

    python benchmarks/run.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
OUT = BENCH / "out"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_bbe0634253d43230.txt"
CORPUS = SHARED / "corpus" / "ua-2939-17"
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:diff:start -->", "<!-- bench:diff:end -->"

FULL_SIZES = (1_000, 10_000, 50_000)
QUICK_SIZES = (1_000, 10_000)
FORMATS = ("text", "json")

#: Targets: seed whole process; the ratio to git on a legal code's size and at 10k; growth of
#: per-clause time 50k vs 10k; peak memory.
SEED_SECONDS = 0.2
RATIO_GIT = 20.0
GROWTH_50K = 2.0
#: Peak memory: at most the interpreter with every module loaded plus this many times the
#: documents' size.
MEMORY_FACTOR = 10

#: The generated legal code: clauses, and the name of its pair.
CODE_CLAUSES = 3_400
CODE_PAIR = "legal code (generated)"

#: Every module a resvcs command may load: the floor of the memory target (the program's
#: code in memory, before any document).
MODULES = (
    "import click, git, yaml, tomlkit, jinja2, docx, markdown_it, diff_match_patch, "
    "mdit_py_plugins.attrs; import resolution_vcs.repository, resolution_vcs.verify, "
    "resolution_vcs.history, resolution_vcs.sync, resolution_vcs.present.dossier, "
    "resolution_vcs.cli.documents, resolution_vcs.cli.compare, resolution_vcs.cli.amendments, "
    "resolution_vcs.cli.archive"
)
MODULES_LABEL = "resvcs modules"

INTRO = """# Benchmarks

`make bench` runs seven benchmarks, each writing its section below: the clause diff
(`benchmarks/run.py`), every command (`benchmarks/commands.py`), history, blame and log over
200 versions (`benchmarks/history.py`), Word in and out (`benchmarks/word.py`), the web app
under load (`benchmarks/web.py`), the word diff against git's on the corpus law
(`benchmarks/word_diff.py`) and accept time and `.git` size over a replay of 250 amendments
(`benchmarks/replay.py`); about 55 minutes on a fresh clone. Times are of whole processes,
against the program doing the nearest job in the same run (git; pandoc for Word); the web app
is measured by its clients' latency under load, the word diff by its agreement with git's.

## The clause diff

`.venv/bin/python benchmarks/run.py` (`--quick` for 1,000 and 10,000 clauses only and 3 runs,
`--runs N` for more or fewer runs) measures the clause diff as a user meets it: the whole
`resvcs diff-files OLD NEW` process (start-up, reading, parsing both files into clauses,
aligning them, word diffs, rendering), in text and in JSON, against the baseline `git diff
--no-index --word-diff=plain OLD NEW` on the same files. The commands run in turn, interleaved,
so that the noise of a shared machine hits both alike; the table gives the median wall time and
the peak resident memory (`ru_maxrss` of each child process) over the runs, after one warm-up
run that is not counted. Each benchmark byte-compiles `resolution_vcs` first, as installing a
package does.

The pairs are the seed resolution against a copy with "СФЗО" corrected to "СЗФО", two versions
of a real law (`ua-2939-17`, v13 → v14), and documents made by `benchmarks/generate.py`
(deterministic, seed 1): articles, paragraphs, numbered and bulleted lists with nested items and
tables, Cyrillic mixed with Latin, about 400 bytes a clause; the second version has about 5% of
the clauses edited, 1% inserted, 1% deleted and 1% moved. "legal code (generated)" stands for a
code of 3,400 clauses with tables of 10 to 40 rows (`generate.py --code-tables`; the corpus has
no code that large). Generated files go to `benchmarks/out/` (not tracked). The machine and the
date of the last run are given with the results.

Targets: within 20× of git on the code and on 10,000 clauses; peak memory at most the
interpreter with every module resvcs may load (`resvcs modules` below) plus 10× the size of
the two files.

"""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    seconds: float
    peak_kb: int


@dataclass(frozen=True)
class Job:
    """A command to time; ``ok`` lists its normal exit codes."""

    label: str
    argv: tuple[str, ...]
    ok: tuple[int, ...] = (0,)


@dataclass
class Pair:
    """Two files to compare, with their size and clause counts once known."""

    name: str
    old: Path
    new: Path
    size_kb: float = 0.0
    clauses: tuple[int, int] = (0, 0)
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def median(self, label: str) -> float:
        return median(s.seconds for s in self.samples[label])

    def peak_mb(self, label: str) -> float:
        return max(s.peak_kb for s in self.samples[label]) / 1024

    @property
    def both_mb(self) -> float:
        """The size of the two files, in MB."""
        return (self.old.stat().st_size + self.new.stat().st_size) / 1024 / 1024


# --- running and measuring ------------------------------------------------------------------


def run_once(job: Job) -> Sample:
    """Run ``job`` once with stdout to /dev/null; wall time and the child's own peak RSS."""
    with open(OUT / "last-stderr.txt", "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(job.argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in job.ok:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip()
            raise RuntimeError(f"{' '.join(job.argv)} exited with {code}: {message}")
    return Sample(seconds, usage.ru_maxrss)  # ru_maxrss is in KB on Linux


def median(values: Iterable[float]) -> float:
    """The median (statistics.median, without the memory its import costs)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def measure(
    jobs: Sequence[Job], runs: int, what: str, warmup: bool = True
) -> dict[str, list[Sample]]:
    """Run the jobs ``runs`` times each, interleaved and in rotating order."""
    if warmup:
        for job in jobs:
            run_once(job)
    samples: dict[str, list[Sample]] = {job.label: [] for job in jobs}
    for r in range(runs):
        shift = r % len(jobs)
        for job in [*jobs[shift:], *jobs[:shift]]:
            samples[job.label].append(run_once(job))
        _progress(f"{what}: run {r + 1}/{runs}")
    return samples


def reset_own_peak() -> None:
    """Lower this process's peak RSS to its current RSS (children inherit it at exec)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def compile_package() -> None:
    """Byte-compile resolution_vcs, as installing a package does: an editable install
    leaves it to the first run, and with PYTHONDONTWRITEBYTECODE set every run would
    compile the modules again, which no installed copy does."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "resolution_vcs")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def resvcs_path() -> str:
    """The ``resvcs`` script next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "resvcs"
    if beside.exists():
        return str(beside)
    found = shutil.which("resvcs")
    if found is None:
        sys.exit("resvcs is not installed: run `make bench` (or pip install -e .)")
    return found


def diff_jobs(pair: Pair, resvcs: str) -> list[Job]:
    """Ours in each format and git's word diff, for one pair."""
    old, new = _rel(pair.old), _rel(pair.new)
    jobs = [
        Job(f"ours-{fmt}", (resvcs, "diff-files", old, new, "--format", fmt, "--color", "never"))
        for fmt in FORMATS
    ]
    git = ("git", "diff", "--no-index", "--word-diff=plain", old, new)
    jobs.insert(1, Job("git", git, ok=(0, 1)))
    return jobs


def floor_jobs(resvcs: str) -> list[Job]:
    """Start-up floors: the bare interpreter, ``resvcs --help``, every module resvcs may load,
    git and a no-op process."""
    return [
        Job("python -c pass", (sys.executable, "-c", "pass")),
        Job("resvcs --help", (resvcs, "--help")),
        Job(MODULES_LABEL, (sys.executable, "-c", MODULES)),
        Job("git --version", ("git", "--version")),
        Job("true", (shutil.which("true") or "/bin/true",)),
    ]


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return os.path.relpath(path, ROOT)


# --- the inputs -----------------------------------------------------------------------------


def prepare_pairs(sizes: Sequence[int]) -> list[Pair]:
    """The seed, the corpus pair (when ../shared is there) and generated documents."""
    OUT.mkdir(parents=True, exist_ok=True)
    pairs: list[Pair] = []
    if SEED.exists():
        edited = OUT / "seed_edited.txt"
        edited.write_text(SEED.read_text(encoding="utf-8").replace("СФЗО", "СЗФО"), "utf-8")
        pairs.append(Pair("seed (СФЗО→СЗФО)", SEED, edited))
    else:
        _progress(f"skipped the seed: {SEED} is missing")
    if (CORPUS / "v13.md").exists():
        pairs.append(Pair("ua-2939-17 v13→v14", CORPUS / "v13.md", CORPUS / "v14.md"))
    else:
        _progress(f"skipped the corpus pair: {CORPUS} is missing")
    sized = [(n, f"gen_{n}", f"generated {_short(n)}", ()) for n in sizes]
    code = (CODE_CLAUSES, f"code_{CODE_CLAUSES}", CODE_PAIR, ("--code-tables",))
    for n, stem, name, extra in [code, *sized]:
        old, new = OUT / f"{stem}_old.md", OUT / f"{stem}_new.md"
        _progress(f"generating {name}: {n:,} clauses")
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(n), str(old), str(new), *extra],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pairs.append(Pair(name, old, new))
    count_clauses(pairs)
    return pairs


_COUNT = """
import json, sys
from resolution_vcs.importers import import_text
from resolution_vcs.parse import parse
from resolution_vcs.text import decode
out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        text = decode(f.read(), source=path)
    out.append(len(parse(import_text(text, filename=path).markdown).clauses))
print(json.dumps(out))
"""


def count_clauses(pairs: Sequence[Pair]) -> None:
    """Fill in sizes and clause counts, read the way ``diff-files`` reads (in a child process)."""
    paths = [str(p) for pair in pairs for p in (pair.old, pair.new)]
    done = subprocess.run(
        [sys.executable, "-c", _COUNT, *paths], check=True, capture_output=True, text=True
    )
    counts = json.loads(done.stdout)
    for k, pair in enumerate(pairs):
        pair.clauses = (counts[2 * k], counts[2 * k + 1])
        pair.size_kb = pair.old.stat().st_size / 1024


def _short(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


# --- the report -----------------------------------------------------------------------------


def machine_lines() -> list[str]:
    """Cores, CPU model, RAM, Python, git, date and load."""
    model = "unknown"
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    ram = "unknown"
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"Machine: {os.cpu_count()} cores (nproc), {model}, {ram} RAM; "
        f"Python {platform.python_version()}; {git}; {platform.system()} {platform.release()}.",
        f"Run: {now}; load average at the start {load}.",
    ]


def code_version() -> str:
    """The commit measured and any uncommitted change in resolution_vcs/ (with a checksum of
    the change, so that an edit during the run shows)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    version = f"commit {git('rev-parse', '--short', 'HEAD') or 'unknown'}"
    changed = git("diff", "HEAD", "--", "resolution_vcs")
    if changed:
        crc = zlib.crc32(changed.encode())
        version += f" + uncommitted changes in resolution_vcs/ (crc {crc:08x})"
    untracked = git("ls-files", "--others", "--exclude-standard", "--", "resolution_vcs")
    if untracked:
        version += f" + {len(untracked.splitlines())} untracked file(s) in resolution_vcs/"
    return version


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _mb(kb_or_mb: float, floor_mb: float) -> str:
    """A peak in MB, or "≤ floor" when it did not rise above the inherited floor."""
    if kb_or_mb <= floor_mb * 1.05:
        return f"≤ {floor_mb:.0f}"
    return f"{kb_or_mb:.1f}"


def results_table(pairs: Sequence[Pair], floor_mb: float) -> list[str]:
    """The main Markdown table, one row per pair and format."""
    lines = [
        "| Pair | Size (old) | Format | Ours, median s | git, median s | Ours / git "
        "| Ours peak MB | git peak MB |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for pair in pairs:
        git_s, git_mb = pair.median("git"), pair.peak_mb("git")
        for fmt in FORMATS:
            ours = pair.median(f"ours-{fmt}")
            old_n, new_n = pair.clauses
            lines.append(
                f"| {pair.name} | {pair.size_kb:,.0f} KB, {old_n:,}→{new_n:,} clauses | {fmt} "
                f"| {ours:.3f} | {git_s:.3f} | {ours / git_s:.1f}× "
                f"| {_mb(pair.peak_mb(f'ours-{fmt}'), floor_mb)} | {_mb(git_mb, floor_mb)} |"
            )
    return lines


def floor_table(samples: dict[str, list[Sample]], floor_mb: float) -> list[str]:
    """Start-up floors, for context."""
    lines = ["| Start-up floor | Median s | Peak MB |", "|---|---:|---:|"]
    for label, runs in samples.items():
        seconds = median(s.seconds for s in runs)
        peak = max(s.peak_kb for s in runs) / 1024
        lines.append(f"| `{label}` | {seconds:.3f} | {_mb(peak, floor_mb)} |")
    return lines


def _generated(pairs: Sequence[Pair]) -> dict[int, Pair]:
    """Generated pairs by their old clause count."""
    return {p.clauses[0]: p for p in pairs if p.name.startswith("generated")}


def per_clause_ms(pair: Pair, fmt: str, fixed: float = 0.0) -> float:
    return (pair.median(f"ours-{fmt}") - fixed) * 1000 / pair.clauses[0]


def growth_lines(pairs: Sequence[Pair], startup: float) -> list[str]:
    """Per-clause time of the generated sizes and its ratios to the smallest one."""
    gen = _generated(pairs)
    if len(gen) < 2:
        return []
    sizes = sorted(gen)
    lines = []
    for fmt in FORMATS:
        parts = [f"{_short(n)} {per_clause_ms(gen[n], fmt):.3f}" for n in sizes]
        ratios = [_growth(gen[n], gen[sizes[0]], fmt, startup) for n in sizes[1:]]
        if 10_000 in gen and 50_000 in gen:
            ratios.append(_growth(gen[50_000], gen[10_000], fmt, startup))
        lines.append(
            f"Growth ({fmt}): ms per clause {', '.join(parts)}; per-clause ratio "
            f"{'; '.join(ratios)} (1.00 = linear; net = less the `resvcs --help` start-up)."
        )
    return lines


def _growth(big: Pair, small: Pair, fmt: str, startup: float) -> str:
    """``"50k/1k 1.23 (net 1.40)"``: per-clause time of ``big`` over that of ``small``."""
    raw = per_clause_ms(big, fmt) / per_clause_ms(small, fmt)
    small_net = per_clause_ms(small, fmt, startup)
    net = f"{per_clause_ms(big, fmt, startup) / small_net:.2f}" if small_net > 0 else "n/a"
    return f"{_short(big.clauses[0])}/{_short(small.clauses[0])} {raw:.2f} (net {net})"


def target_lines(pairs: Sequence[Pair], modules_mb: float) -> list[str]:
    """PASS/FAIL per target (informative: the script does not fail on them)."""
    lines: list[str] = []
    seed = next((p for p in pairs if p.name.startswith("seed")), None)
    if seed is None:
        lines.append(f"- n/a: seed under {SEED_SECONDS} s (seed file missing)")
    else:
        s = seed.median("ours-text")
        lines.append(_verdict(s < SEED_SECONDS, f"seed under {SEED_SECONDS} s: {s:.3f} s"))
    gen = _generated(pairs)
    code = next((p for p in pairs if p.name == CODE_PAIR), None)
    for what, pair in (
        (f"the code ({CODE_CLAUSES:,} clauses)", code),
        ("10,000 clauses", gen.get(10_000)),
    ):
        for fmt in FORMATS:
            if pair is None:
                lines.append(f"- n/a: {what} ({fmt}) not measured")
                continue
            ratio = pair.median(f"ours-{fmt}") / pair.median("git")
            lines.append(
                _verdict(
                    ratio <= RATIO_GIT,
                    f"{what} ({fmt}) within {RATIO_GIT:.0f}× of git: {ratio:.1f}×",
                )
            )
    ten, fifty = gen.get(10_000), gen.get(50_000)
    if ten is None or fifty is None:
        lines.append("- n/a: linear growth (50,000 clauses not measured; run without --quick)")
    else:
        r = per_clause_ms(fifty, "text") / per_clause_ms(ten, "text")
        what = f"linear growth, per-clause time at 50k within {GROWTH_50K:.0f}× of that at 10k"
        lines.append(_verdict(r <= GROWTH_50K, f"{what}: {r:.2f}"))
    over = []
    for pair in pairs:
        limit = memory_limit(modules_mb, pair.both_mb)
        for fmt in FORMATS:
            peak = pair.peak_mb(f"ours-{fmt}")
            if peak > limit:
                over.append(f"{pair.name} ({fmt}) {peak:.0f} MB > {limit:.0f}")
    lines.append(
        _verdict(
            not over,
            f"peak memory at most {modules_mb:.0f} MB (`{MODULES_LABEL}`) + {MEMORY_FACTOR}× the "
            "two files, every pair and format" + (f": {'; '.join(over)}" if over else ""),
        )
    )
    return lines


def memory_limit(modules_mb: float, document_mb: float) -> float:
    """The memory target: the interpreter with every module plus 10× the document."""
    return modules_mb + MEMORY_FACTOR * document_mb


def _verdict(ok: bool, text: str) -> str:
    return f"- {'PASS' if ok else 'FAIL'}: {text}"


@dataclass(frozen=True)
class RunInfo:
    """How the run went: runs per command, the inherited peak floor, the code measured."""

    runs: int
    floor_mb: float
    code_before: str
    code_after: str

    def lines(self) -> list[str]:
        code = f"Code: {self.code_before}."
        if self.code_after != self.code_before:
            code = f"Code: changed during the run, from {self.code_before} to {self.code_after}."
        runs = f"Runs: {self.runs} per command (median), interleaved, after one warm-up run."
        return [code, runs]


def report(pairs: Sequence[Pair], floors: dict[str, list[Sample]], info: RunInfo) -> str:
    """The Markdown block that goes between the markers."""
    startup = median(s.seconds for s in floors["resvcs --help"])
    floor_mb = info.floor_mb
    lines = [
        *machine_lines(),
        *info.lines(),
        "",
        *results_table(pairs, floor_mb),
        "",
        *growth_lines(pairs, startup),
        "",
        "Targets:",
        "",
        *target_lines(pairs, max(s.peak_kb for s in floors[MODULES_LABEL]) / 1024),
        "",
        *floor_table(floors, floor_mb),
        "",
        f'Peaks marked "≤ {floor_mb:.0f}" did not rise above the floor every child inherits '
        "from the benchmark process at exec (Linux `ru_maxrss`); the real peak is lower.",
    ]
    return "\n".join(lines)


def write_section(block: str, start: str, end: str, after: str | None = None) -> None:
    """Put ``block`` between the markers ``start`` and ``end`` of BENCHMARKS.md (created
    with the introduction if missing); a new section goes right after the marker
    ``after`` when given and present, else at the end."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else INTRO
    section = f"{start}\n{block}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    elif after is not None and after in text:
        head, tail = text.split(after, 1)
        text = head + after + "\n\n" + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


def write_report(block: str) -> None:
    """Put the diff section's ``block`` in BENCHMARKS.md."""
    write_section(block, START, END)


def save_raw(pairs: Sequence[Pair], floors: dict[str, list[Sample]]) -> None:
    """Every sample, for a closer look: benchmarks/out/results.json."""
    data = {
        "pairs": [
            {
                "name": p.name,
                "old": _rel(p.old),
                "new": _rel(p.new),
                "clauses": p.clauses,
                "samples": {k: [s.__dict__ for s in v] for k, v in p.samples.items()},
            }
            for p in pairs
        ],
        "floors": {k: [s.__dict__ for s in v] for k, v in floors.items()},
    }
    (OUT / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command line: ``run.py [--runs N] [--quick]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="runs per command (default 5; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 clauses only")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    resvcs = resvcs_path()
    compile_package()
    code_before = code_version()

    pairs = prepare_pairs(QUICK_SIZES if args.quick else FULL_SIZES)
    reset_own_peak()
    floors = measure(floor_jobs(resvcs), runs, "start-up floors")
    floor_mb = median(s.peak_kb for s in floors["true"]) / 1024
    for pair in pairs:
        pair.samples = measure(diff_jobs(pair, resvcs), runs, pair.name)

    info = RunInfo(runs, floor_mb, code_before, code_version())
    block = report(pairs, floors, info)
    print(block)
    write_report(block)
    save_raw(pairs, floors)
    print(f"\nWritten to {_rel(REPORT)} (raw samples: {_rel(OUT / 'results.json')}).")


if __name__ == "__main__":
    main()
