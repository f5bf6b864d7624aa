"""Benchmark of Word in and out, whole processes, against pandoc in the same run.

Two parts, each the median of several interleaved runs with peak resident memory:

1. reading the law ``ua-2939-17`` in its last version as a .docx (written by pandoc from
   the Markdown) into the Markdown resvcs stores, against ``pandoc FILE -t markdown`` of the
   same file; target: no slower than pandoc;
2. the tracked-change redline of v13 → v14 as a .docx, against ``pandoc`` converting that
   .docx to Markdown; target: no slower than pandoc.

Peak memory is reported above the interpreter's own (``python -c "import lxml.etree"``) and
compared with the .docx and its ``word/document.xml``; target: under 10× the file. The table
goes to stdout and into ``BENCHMARKS.md`` between ``<!-- bench:word:start -->`` and
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
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", str(last), "-o", str(law)],
                   check=True)
    redline = OUT / "redline.docx"
    subprocess.run([PY, str(WORKER), "redline", str(before), str(last), str(redline)],
                   check=True)
    floor = Job("python", (PY, "-c", "import lxml.etree"))
    jobs = [
        floor,
        Job("read", (PY, str(WORKER), "read", str(law))),
        Job("pandoc-read", ("pandoc", str(law), "-t", "markdown", "-o", "/dev/null")),
        Job("redline", (PY, str(WORKER), "redline", str(before), str(last), str(OUT / "r.docx"))),
        Job("pandoc-redline", ("pandoc", str(redline), "-t", "markdown", "-o", "/dev/null")),
    ]
    samples = measure(jobs, args.runs, "word")
    base_kb = median(s.peak_kb for s in samples["python"])

    def row(label: str, ours: str, theirs: str, file: Path) -> str:
        t_ours = median(s.seconds for s in samples[ours])
        t_theirs = median(s.seconds for s in samples[theirs])
        peak = median(s.peak_kb for s in samples[ours]) - base_kb
        size = file.stat().st_size
        with zipfile.ZipFile(io.BytesIO(file.read_bytes())) as z:
            xml = z.getinfo("word/document.xml").file_size
        verdict = "PASS" if t_ours <= t_theirs and peak * 1024 <= 10 * size else "FAIL"
        return (
            f"| {label} | {t_ours:.3f} s | {t_theirs:.3f} s | {t_ours / t_theirs:.2f}× | "
            f"{peak / 1024:.1f} MB | {size / 1024:.0f} KB / {xml / 1024:.0f} KB | "
            f"{peak * 1024 / size:.1f}× / {peak * 1024 / xml:.1f}× | {verdict} |"
        )

    lines = [
        "## Word in and out",
        "",
        f"`python benchmarks/word.py --runs {args.runs}` (also in `make bench`): whole "
        "processes, medians, each against pandoc on the same .docx in the same run. "
        "Memory: peak RSS above `python -c \"import lxml.etree\"`, against the .docx and "
        "its `word/document.xml`.",
        "",
        *run.machine_lines(),
        "",
        "| What | resvcs | pandoc | ratio | peak memory | .docx / document.xml | memory ÷ file "
        "| target (≤ pandoc, < 10× the .docx) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        row("read the law's last version (.docx → Markdown)", "read", "pandoc-read", law),
        row("redline v13 → v14 as .docx (pandoc reads it back)", "redline", "pandoc-redline",
            redline),
    ]
    block = "\n".join(lines)
    print(block)
    write_section(block, START, END)


if __name__ == "__main__":
    main()
