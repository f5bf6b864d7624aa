"""Benchmark of Word in and out, whole processes, against pandoc in the same run.

Two parts, each the median of several interleaved runs with peak resident memory:

1. reading the law ``ua-2939-17`` in its last version as a .docx (written by pandoc from
   the Markdown) into the Markdown resvcs stores, against ``pandoc FILE -t markdown`` of the
   same file; target: no slower than pandoc;
2. the tracked-change redline of v13 → v14 as a .docx, against ``pandoc`` converting that
   .docx to Markdown; target: no slower than pandoc.

Peak memory is what the document costs: the job's peak resident memory minus that of the
same job on a one-paragraph document (the interpreter, the modules and their caches), against
the .docx and its unpacked ``word/document.xml`` (the redline: against the Markdown of the two
versions it compares, what it reads); target: under 10× the file. The table goes to stdout
and into ``BENCHMARKS.md`` between ``<!-- bench:word:start -->`` and
``<!-- bench:word:end -->``.

Usage::

    python benchmarks/word.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import run
from run import CORPUS, OUT, Job, measure, median, write_section

START, END = "<!-- bench:word:start -->", "<!-- bench:word:end -->"
PY = sys.executable
WORKER = Path(__file__).with_name("word_job.py")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    versions = sorted(CORPUS.glob("v*.md"))
    last, before = versions[-1], versions[-2]
    law = OUT / "law.docx"
    subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "docx", str(last), "-o", str(law)], check=True
    )
    redline = OUT / "redline.docx"
    subprocess.run([PY, str(WORKER), "redline", str(before), str(last), str(redline)], check=True)
    tiny_md = OUT / "tiny.md"
    tiny_md.write_text("Одна строка.\n", encoding="utf-8")
    tiny_new = OUT / "tiny-new.md"
    tiny_new.write_text("Одна новая строка.\n", encoding="utf-8")
    tiny = OUT / "tiny.docx"
    subprocess.run(["pandoc", str(tiny_md), "-o", str(tiny)], check=True)
    jobs = [
        Job("read-floor", (PY, str(WORKER), "read", str(tiny))),
        Job("read", (PY, str(WORKER), "read", str(law))),
        Job("pandoc-read", ("pandoc", str(law), "-t", "markdown", "-o", "/dev/null")),
        Job(
            "redline-floor",
            (PY, str(WORKER), "redline", str(tiny_md), str(tiny_new), str(OUT / "t.docx")),
        ),
        Job("redline", (PY, str(WORKER), "redline", str(before), str(last), str(OUT / "r.docx"))),
        Job("pandoc-redline", ("pandoc", str(redline), "-t", "markdown", "-o", "/dev/null")),
    ]
    samples = measure(jobs, args.runs, "word")

    def row(label: str, ours: str, theirs: str, file: Path, *read: Path) -> str:
        t_ours = median(s.seconds for s in samples[ours])
        t_theirs = median(s.seconds for s in samples[theirs])
        peak = median(s.peak_kb for s in samples[ours])
        cost = max(0.0, peak - median(s.peak_kb for s in samples[f"{ours}-floor"]))
        size = file.stat().st_size
        with zipfile.ZipFile(io.BytesIO(file.read_bytes())) as z:
            xml = z.getinfo("word/document.xml").file_size
        unpacked = sum(p.stat().st_size for p in read) if read else xml
        verdict = "PASS" if t_ours <= t_theirs and cost * 1024 <= 10 * unpacked else "FAIL"
        return (
            f"| {label} | {t_ours:.3f} s | {t_theirs:.3f} s | {t_ours / t_theirs:.2f}× | "
            f"{peak / 1024:.1f} MB | {cost / 1024:.2f} MB | {size / 1024:.0f} KB / "
            f"{unpacked / 1024:.0f} KB | {cost * 1024 / size:.1f}× / "
            f"{cost * 1024 / unpacked:.1f}× | {verdict} |"
        )

    lines = [
        "## Word in and out",
        "",
        f"`python benchmarks/word.py --runs {args.runs}` (also in `make bench`): whole "
        "processes, medians, each against pandoc on the same .docx in the same run. "
        "Memory: the process's peak RSS, and what the document costs: that peak minus the "
        "same job's on a one-paragraph document (interpreter, modules, caches), against the "
        ".docx and the text unpacked (the read: `word/document.xml`; the redline: the "
        "Markdown of both versions).",
        "",
        *run.machine_lines(),
        "",
        "| What | resvcs | pandoc | ratio | peak RSS | the document's cost | .docx / unpacked "
        "| cost ÷ file | target (≤ pandoc, cost < 10× the unpacked text) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        row("read the law's last version (.docx → Markdown)", "read", "pandoc-read", law),
        row(
            "redline v13 → v14 as .docx (pandoc reads it back)",
            "redline",
            "pandoc-redline",
            redline,
            before,
            last,
        ),
    ]
    block = "\n".join(lines)
    print(block)
    write_section(block, START, END)


if __name__ == "__main__":
    main()
