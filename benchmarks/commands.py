"""Benchmark of every ``resvcs`` command but ``diff-files`` (``run.py`` covers it), whole process.

Six parts, each timed as a user meets it (the whole process, stdout to /dev/null, several
interleaved runs in rotating order, median wall time and peak resident memory), each against a
baseline measured in the same run:

1. start-up: ``resvcs --help`` and one ``resvcs CMD --help`` per module of the command line,
   against ``python -c pass``; target: at most 2×;
2. every user command on a repository holding the seed (init, import, documents, clauses,
   show, diff, propose ``--replace`` and ``--from``, amendments, amendment, review, accept,
   reject, withdraw, resolve, revise, adopt, log, history, blame, verify, export, table,
   dossier, clone), against ``python -c pass``, with the git command closest to it beside;
   targets: at most 3× for the commands that only read, 5× for those that write;
3. ``propose --from FILE`` on a 10,000-clause draft made by ``benchmarks/generate.py`` where
   FILE has 100 changed clauses, ``accept`` and ``reject`` of one of the 100 amendments, and of
   all of them at once (``withdraw`` too); targets: all at once at most 10× one for
   ``accept``, 3× one ``reject`` for ``reject`` and ``withdraw``;
4. the replay of the 14 versions of the law ``ua-2939-17``: import v1, then for each later
   version ``propose --from --exact`` and ``accept`` of all its amendments (as
   ``tests/test_cli_amendments.py`` does), against ``cp`` + ``git add`` + ``git commit`` of
   the same versions; target: at most 20×;
5. ``dossier`` of the repository ``scripts/demo.sh`` makes, against ``git log -p`` of its
   drafts; target: at most 10×;
6. ``resvcs sync`` of 100 proposals between two clones of a bare remote (clone A proposes,
   untimed; timed: ``sync`` in A, then ``sync`` in B), against ``git push`` and ``git pull``
   of 100 commits in a plain git setup.

Everywhere, peak memory must stay within the interpreter with every module resvcs may load plus
10× the document's size.

A command that changes the repository gets a fresh copy of a prepared repository before each
run (``cp -a`` of a template and a refresh of git's index, outside the timed region); the
read-only ones run again and again on one copy whose parse cache was filled while it was
prepared. Every repository lives in ``benchmarks/out/commands/`` (not tracked; remade on each
run). Helpers (``run_once``, ``measure``, the machine description, the start-up floors) come
from ``benchmarks/run.py``. The table goes to stdout and into ``BENCHMARKS.md`` between
``<!-- bench:commands:start -->`` and ``<!-- bench:commands:end -->``, after the diff section;
``--profile`` adds a cProfile of every command that misses its target
(``benchmarks/out/commands-profile.md``). The script never fails on a missed target.

Usage::

    python benchmarks/commands.py [--runs N] [--quick] [--accept-all-limit S] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import run
from history import _PSTATS
from run import (
    CORPUS,
    OUT,
    REPORT,
    SEED,
    Job,
    Sample,
    _mb,
    _progress,
    _rel,
    code_version,
    floor_jobs,
    machine_lines,
    measure,
    median,
    reset_own_peak,
    resvcs_path,
    run_once,
)
from run import END as DIFF_END

START, END = "<!-- bench:commands:start -->", "<!-- bench:commands:end -->"

BASE = OUT / "commands"
TEMPLATES, WORK, FILES = BASE / "templates", BASE / "work", BASE / "files"
RESULTS = OUT / "commands-results.json"
PROFILES = OUT / "commands-profile.md"

SLUG = "forum-2022"
DRAFT = f"drafts/{SLUG}.md"
CHAIR = "Anna Chair <chair@example.org>"
BORIS = "Boris Editor <boris@example.org>"
OLGA = "Olga Editor <olga@example.org>"
DMITRY = "Dmitry Editor <dmitry@example.org>"
PAVEL = "Pavel Editor <pavel@example.org>"
#: The chair's new wording of the conflicted amendment 2 (clause 5).
RESOLVED = "Практика открытия, лучшие практики деятельности модельных библиотек после модернизации."

#: Everything the children inherit: the chair acts unless told otherwise, and neither resvcs
#: nor git reads the machine's git configuration (git commits get a fixed identity).
ENV = {
    "RESVCS_AUTHOR": CHAIR,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Bench Git",
    "GIT_AUTHOR_EMAIL": "git@example.org",
    "GIT_COMMITTER_NAME": "Bench Git",
    "GIT_COMMITTER_EMAIL": "git@example.org",
}

#: Targets, as ratios to a baseline measured in the same run: start-up and ``--help`` against
#: ``python -c pass``; each reading and each writing command on the seed against it; deciding
#: 100 amendments at once against deciding one; the corpus replay and the dossier against git.
HELP_RATIO = 2.0
READ_RATIO = 3.0
WRITE_RATIO = 5.0
ACCEPT_ALL_RATIO = 10.0
DECIDE_ALL_RATIO = 3.0
REPLAY_RATIO = 20.0
DOSSIER_RATIO = 10.0
#: Commands on the seed with a target: those that only read, those that write.
READING = {"clauses", "show", "show --clause 5", "log", "diff", "diff v1 --format html"}
READING |= {"amendments", "review", "history 5", "blame"}
WRITING = {"propose --replace", "propose --from", "accept 3", "reject 4", "revise --from"}
WRITING |= {"import"}
#: One ``--help`` per module of the command line (each imports its module).
HELP_COMMANDS = ("init", "diff", "accept", "verify")

LARGE_CLAUSES, LARGE_CHANGED, LARGE_SEED = 10_000, 100, 1
SYNC_PROPOSALS = 100

#: How long the one run of ``accept`` of all 100 amendments may take before it is stopped.
ACCEPT_ALL_LIMIT, QUICK_ACCEPT_ALL_LIMIT = 120.0, 30.0

# --- preparing repositories -----------------------------------------------------------------


def resvcs(resvcs_bin: str, cwd: Path, *args: str) -> str:
    """Run resvcs for the setup (untimed); its stdout, or exit with its error."""
    done = subprocess.run([resvcs_bin, *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"setup: resvcs {' '.join(args)} failed in {cwd}: {done.stderr.strip()}")
    return done.stdout


def git(cwd: Path, *args: str) -> str:
    """Run git for the setup (untimed); its stdout."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"setup: git {' '.join(args)} failed in {cwd}: {done.stderr.strip()}")
    return done.stdout.strip()


def snapshot(name: str) -> None:
    """Keep ``WORK/name`` as the template ``name``."""
    shutil.rmtree(TEMPLATES / name, ignore_errors=True)
    subprocess.run(["cp", "-a", str(WORK / name), str(TEMPLATES / name)], check=True)


def restorer(name: str, *worktrees: str) -> Callable[[], None]:
    """A ``prepare`` step: ``WORK/name`` made again from its template, and git's index in each
    of ``worktrees`` (paths inside it, "" for itself) refreshed, so that the copy's new inodes
    do not make the timed command re-read every file."""

    def restore() -> None:
        target = WORK / name
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(["cp", "-a", str(TEMPLATES / name), str(target)], check=True)
        for tree in worktrees:
            subprocess.run(
                ["git", "-C", str(target / tree), "update-index", "-q", "--refresh"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    return restore


def at(folder: Path) -> tuple[str, ...]:
    """The start of a command run in ``folder`` (``run_once`` runs everything in the project)."""
    return ("env", "-C", str(folder))


def single(
    label: str,
    argv: Sequence[str],
    prepare: Callable[[], None] | None = None,
    check: Callable[[], None] | None = None,
    ok: tuple[int, ...] = (0,),
) -> Task:
    """A task of one command."""
    return Task(label, (Job(label, tuple(argv), ok),), prepare, check)


def remover(*paths: Path) -> Callable[[], None]:
    """A ``prepare`` step that removes ``paths`` (for commands that create them)."""

    def remove() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    return remove


def edited_copy(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with the first occurrence of each OLD replaced by NEW (each must occur)."""
    for old, new in changes:
        if old not in text:
            sys.exit(f"setup: {old!r} is not in the draft any more; update commands.py")
        text = text.replace(old, new, 1)
    return text


def statuses(resvcs_bin: str, cwd: Path) -> dict[int, str]:
    """Amendment number → status, from ``resvcs amendments --json``."""
    data = json.loads(resvcs(resvcs_bin, cwd, "amendments", "--json"))
    return {int(a["number"]): str(a["status"]) for a in data}


def proposed_numbers(output: str) -> list[str]:
    """The amendment numbers ``resvcs propose`` printed (the way the corpus test reads them)."""
    return [
        line.split()[1] if line.startswith("  amendment") else line.split()[2]
        for line in output.splitlines()
        if line.startswith(("  amendment ", "Proposed amendment "))
    ]


@dataclass
class Council:
    """The seed repository and what the commands on it need to know."""

    v1: str = ""
    amendment_file: str = ""
    notes: list[str] = field(default_factory=list)


#: The state of the seed repository every command of part 2 starts from.
COUNCIL_STATE = {
    1: "accepted",
    2: "conflicted",
    3: "proposed",
    4: "proposed",
    5: "proposed",
    6: "rejected",
}


def setup_council(bin_: str) -> Council:
    """Templates ``council-init`` (``resvcs init`` only), ``council`` (the seed imported, one
    revision, six amendments: 1 accepted, 2 conflicted by it, 3–5 pending, 6 rejected) and
    ``council.git`` (a bare clone of it); the read-only copy ``WORK/council-ro``."""
    _progress("setup: the seed repository")
    root = WORK / "council"
    resvcs(bin_, WORK, "init", str(WORK / "council-init"), "--chair", CHAIR)
    snapshot("council-init")
    subprocess.run(["cp", "-a", str(WORK / "council-init"), str(root)], check=True)
    resvcs(bin_, root, "import", str(SEED), "--slug", SLUG)
    text = (root / DRAFT).read_text(encoding="utf-8")
    revised = FILES / "revised.md"
    revised.write_text(text.replace("СФЗО", "СЗФО"), encoding="utf-8")
    resvcs(bin_, root, "revise", "--from", str(revised), "-m", "Fix the region's abbreviation")
    text = (root / DRAFT).read_text(encoding="utf-8")
    olga = FILES / "olga.md"
    olga.write_text(
        edited_copy(
            text,
            ("Опыт создания", "Практика создания"),
            ("размещать регулярно", "регулярно размещать"),
        ),
        encoding="utf-8",
    )

    def act(line: str, *more: str) -> None:
        resvcs(bin_, root, *shlex.split(line), *more)

    act("propose --clause 5 --replace 'Опыт создания' --with 'Опыт открытия' --author", BORIS)
    act(f"propose --from {olga} --author", OLGA)
    act(
        "propose --clause 4 --replace 'региональные программы' --with",
        "региональные и муниципальные программы",
        "--author",
        DMITRY,
    )
    act("propose --insert-after 8 --text 'Цифровые сервисы модельных библиотек.' --author", PAVEL)
    act("propose --clause 8 --replace Креативные --with Творческие --author", BORIS)
    act("accept 1")
    act("reject 6 --reason 'Термин общепринят'")
    found = statuses(bin_, root)
    if found != COUNCIL_STATE:
        sys.exit(f"setup: the seed repository's amendments are {found}, not {COUNCIL_STATE}")
    # Fill the parse cache the way a user's earlier commands would have.
    for warm in ("blame", "history 5", "verify"):
        act(warm)
    text = (root / DRAFT).read_text(encoding="utf-8")
    (FILES / "copy2.md").write_text(
        edited_copy(
            text,
            ("лучшие практики", "передовые практики"),
            ("Стратегия и перспективы", "Стратегия и задачи"),
        ),
        encoding="utf-8",
    )
    (FILES / "revised2.md").write_text(
        edited_copy(text, ("Роль модельной библиотеки", "Роль модельных библиотек")),
        encoding="utf-8",
    )
    snapshot("council")
    subprocess.run(["cp", "-a", str(root), str(WORK / "council-ro")], check=True)
    shutil.rmtree(TEMPLATES / "council.git", ignore_errors=True)
    git(WORK, "clone", "-q", "--bare", str(root), str(TEMPLATES / "council.git"))
    info = Council()
    info.v1 = git(root, "log", "--format=%H", "--diff-filter=A", "--", DRAFT).splitlines()[-1]
    first = json.loads(resvcs(bin_, root, "amendments", "--json"))[0]
    info.amendment_file = f"reviews/{SLUG}/{first['id']}.md"
    commits = git(root, "rev-list", "--count", "HEAD")
    info.notes.append(
        f"Seed repository: the seed imported, one revision (v2), six amendments (1 accepted "
        f"(v3), 2 conflicted by it, 3–5 pending, 6 rejected), {commits} commits."
    )
    return info


def council_tasks(bin_: str, info: Council) -> tuple[list[Job], list[Task]]:
    """Part 2: read-only jobs (with their git baselines) and tasks that change the repository."""
    ro = at(WORK / "council-ro")
    out = FILES / "out"
    out.mkdir(exist_ok=True)

    def ours(label: str, line: str = "", *more: str) -> Job:
        """Our command: ``line`` (``label`` when empty) split like a shell, then ``more``."""
        return Job(label, (*ro, bin_, *shlex.split(line or label), *more))

    def base(label: str, *args: str) -> Job:
        return Job(label, (*ro, "git", *args))

    show = ("show", f"HEAD:{DRAFT}")
    reading = [
        ours("documents"),
        ours("clauses"),
        ours("show"),
        ours("show --clause 5"),
        ours("diff"),
        ours("diff v1 --format html"),
        ours("amendments"),
        ours("amendment 1"),
        ours("review"),
        ours("log"),
        ours("history 5"),
        ours("blame"),
        ours("verify"),
        ours("export md", "export --format md -o", str(out / "export.md")),
        ours("export html", "export --format html -o", str(out / "export.html")),
        ours("export docx", "export --format docx -o", str(out / "export.docx")),
        ours("table comparative md", "table --kind comparative v1 --format md"),
        ours(
            "table comparative docx",
            "table --kind comparative v1 --format docx -o",
            str(out / "comparative.docx"),
        ),
        ours("table amendments md", "table --kind amendments --format md"),
        ours(
            "table amendments docx",
            "table --kind amendments --format docx -o",
            str(out / "amendments.docx"),
        ),
        ours("dossier", "dossier --out", str(out / "dossier")),
        base("git ls-tree drafts", "ls-tree", "--name-only", "HEAD", "drafts/"),
        base("git show draft", *show),
        base("git log -p -1 --word-diff", "log", "-p", "-1", "--word-diff=plain", "--", DRAFT),
        base("git ls-tree reviews", "ls-tree", "-r", "--name-only", "HEAD", "reviews/"),
        base("git show amendment", "show", f"HEAD:{info.amendment_file}"),
        base("git log -p reviews", "log", "-p", "--", "reviews/"),
        base("git log", "log"),
        base("git log -p draft", "log", "-p", "--", DRAFT),
        base("git blame", "blame", DRAFT),
        base("git fsck", "fsck", "--no-progress"),
        base("git diff --word-diff v1", "diff", "--word-diff=plain", info.v1, "HEAD", "--", DRAFT),
        base("git log -p", "log", "-p"),
    ]

    here = at(WORK / "council")
    council = restorer("council", "")
    commit = f"cp {FILES / 'revised2.md'} {DRAFT} && git add {DRAFT} && git commit -q -m Revision"
    new_council, new_git = WORK / "new-council", WORK / "new-git"
    clone_ours, clone_git = WORK / "clone-ours", WORK / "clone-git"
    source = str(TEMPLATES / "council.git")
    import_commit = f"mkdir -p drafts && cp {SEED} {DRAFT} && git add drafts && git commit -qm I"

    def change(label: str, line: str = "", *more: str) -> Task:
        """A command that changes the repository, on a fresh copy for each run."""
        return single(label, (*here, bin_, *shlex.split(line or label), *more), council)

    init, plain = restorer("council-init", ""), at(WORK / "council-init")
    changing = [
        single("init", (bin_, "init", str(new_council), "--chair", CHAIR), remover(new_council)),
        single("import", (*plain, bin_, "import", str(SEED), "--slug", SLUG), init),
        change(
            "propose --replace",
            "propose --clause 5 --replace 'лучшие практики' --with",
            "передовые практики",
            "--author",
            BORIS,
        ),
        change("propose --from", f"propose --from {FILES / 'copy2.md'} --author", OLGA),
        change("accept 3"),
        change("reject 4", "reject 4 --reason", "Не нужно"),
        change("withdraw 5", "withdraw 5 --author", PAVEL),
        change("resolve 2", "resolve 2 --text", RESOLVED),
        change("revise --from", f"revise --from {FILES / 'revised2.md'} -m Revision"),
        change("adopt --lapse-pending"),
        single("clone", (bin_, "clone", source, str(clone_ours)), remover(clone_ours)),
        single("git init", ("git", "init", "-q", "-b", "main", str(new_git)), remover(new_git)),
        single("git commit (import)", (*plain, "sh", "-c", import_commit), init),
        single("git commit", (*here, "sh", "-c", commit), council),
        single("git tag -a", (*here, "git", "tag", "-a", "adopted", "-m", "Adopt"), council),
        single("git clone", ("git", "clone", "-q", source, str(clone_git)), remover(clone_git)),
    ]
    return reading, changing


def kept_reads(repository: Path) -> Path:
    """The folder of the outputs resvcs keeps for the states of ``repository``."""
    return repository / ".git" / "resvcs" / "cache" / "reads"


def first_read_tasks(reading: Sequence[Job]) -> list[Task]:
    """The reading commands with a target, each run after the outputs kept for the read-only
    copy's state are removed: the first read of a state (after a decision, an edit)."""
    return [
        single(f"{job.label} (first read)", job.argv, remover(kept_reads(WORK / "council-ro")))
        for job in reading
        if job.label in READING
    ]


#: Part 2's rows: our job's label, the command as shown, its baseline's label, and the
#: baseline as shown.
COMMIT = "`cp` + `git add` + `git commit` of an edit"
COUNCIL_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("init", "init DIR --chair C", "git init", "`git init`"),
    ("import", "import SEED --slug S", "git commit (import)", "`cp` + `git add` + `git commit`"),
    ("documents", "documents", "git ls-tree drafts", "`git ls-tree --name-only HEAD drafts/`"),
    ("clauses", "clauses", "git show draft", "`git show HEAD:DRAFT`"),
    ("show", "show", "git show draft", "`git show HEAD:DRAFT`"),
    ("show --clause 5", "show --clause 5", "git show draft", "`git show HEAD:DRAFT`"),
    ("diff", "diff", "git log -p -1 --word-diff", "`git log -p -1 --word-diff=plain -- DRAFT`"),
    (
        "diff v1 --format html",
        "diff v1 --format html",
        "git diff --word-diff v1",
        "`git diff --word-diff=plain V1 HEAD`",
    ),
    ("propose --replace", "propose --clause 5 --replace OLD --with NEW", "git commit", COMMIT),
    ("propose --from", "propose --from FILE (2 clauses changed)", "git commit", COMMIT),
    ("amendments", "amendments", "git ls-tree reviews", "`git ls-tree -r HEAD reviews/`"),
    ("amendment 1", "amendment 1", "git show amendment", "`git show HEAD:AMENDMENT_FILE`"),
    ("review", "review (3 pending)", "git log -p reviews", "`git log -p -- reviews/`"),
    ("accept 3", "accept 3", "git commit", COMMIT),
    ("reject 4", "reject 4 --reason R", "git commit", COMMIT),
    ("withdraw 5", "withdraw 5", "git commit", COMMIT),
    ("resolve 2", "resolve 2 --text T", "git commit", COMMIT),
    ("revise --from", "revise --from FILE -m M", "git commit", COMMIT + " (the same edit)"),
    ("adopt --lapse-pending", "adopt --lapse-pending", "git tag -a", "`git tag -a`"),
    ("log", "log", "git log", "`git log`"),
    ("history 5", "history 5", "git log -p draft", "`git log -p -- DRAFT`"),
    ("blame", "blame", "git blame", "`git blame DRAFT`"),
    ("verify", "verify", "git fsck", "`git fsck`"),
    ("export md", "export --format md -o F", "git show draft", "`git show HEAD:DRAFT`"),
    ("export html", "export --format html -o F", "git show draft", "`git show HEAD:DRAFT`"),
    ("export docx", "export --format docx -o F", "git show draft", "`git show HEAD:DRAFT`"),
    (
        "table comparative md",
        "table --kind comparative v1 --format md",
        "git diff --word-diff v1",
        "`git diff --word-diff=plain V1 HEAD`",
    ),
    (
        "table comparative docx",
        "table --kind comparative v1 --format docx -o F",
        "git diff --word-diff v1",
        "`git diff --word-diff=plain V1 HEAD`",
    ),
    (
        "table amendments md",
        "table --kind amendments --format md",
        "git log -p reviews",
        "`git log -p -- reviews/`",
    ),
    (
        "table amendments docx",
        "table --kind amendments --format docx -o F",
        "git log -p reviews",
        "`git log -p -- reviews/`",
    ),
    ("dossier", "dossier --out DIR", "git log -p", "`git log -p`"),
    ("clone", "clone BARE DIR", "git clone", "`git clone` (local bare repository)"),
)


@dataclass
class Large:
    """The 10,000-clause repositories and what was learnt preparing them."""

    amendments: int = 0
    commits: int = 0
    #: Whether ``withdraw`` takes several amendments at once.
    withdraw_many: bool = False
    notes: list[str] = field(default_factory=list)


def generate_pair(n: int, changed: int, old: Path, new: Path) -> None:
    """Write a document of ``n`` clauses and a copy with ``changed`` clauses reworded (run in a
    child process: ``commands.py --generate``, so that this process stays small)."""
    import generate

    blocks = generate.generate(n, LARGE_SEED)
    old.write_text(generate.render(blocks), encoding="utf-8")
    reviser = generate.Reviser(blocks, LARGE_SEED + 7)
    reviser.edit_clauses(changed)
    new.write_text(generate.render(reviser.blocks), encoding="utf-8")


def setup_large(bin_: str) -> Large:
    """Templates ``big`` (the 10,000-clause draft imported), ``big-proposed`` (and the edited
    copy proposed: one amendment per changed clause) and ``big-git`` (a plain repository with
    the same draft committed)."""
    old, new = FILES / "big-old.md", FILES / "big-new.md"
    _progress(f"setup: generating {LARGE_CLAUSES:,} clauses, {LARGE_CHANGED} changed")
    argv = [sys.executable, __file__, "--generate", str(LARGE_CLAUSES), str(LARGE_CHANGED)]
    subprocess.run([*argv, str(old), str(new)], check=True)
    info = Large()
    root = WORK / "big"
    resvcs(bin_, WORK, "init", str(root), "--chair", CHAIR)
    t0 = time.perf_counter()
    resvcs(bin_, root, "import", str(old), "--slug", "big")
    imported = time.perf_counter() - t0
    snapshot("big")
    proposed = WORK / "big-proposed"
    shutil.rmtree(proposed, ignore_errors=True)
    subprocess.run(["cp", "-a", str(root), str(proposed)], check=True)
    t0 = time.perf_counter()
    numbers = proposed_numbers(resvcs(bin_, proposed, "propose", "--from", str(new)))
    took = time.perf_counter() - t0
    info.amendments = len(numbers)
    if numbers != [str(k) for k in range(1, LARGE_CHANGED + 1)]:
        _progress(f"setup: propose --from made {len(numbers)} amendments, not {LARGE_CHANGED}")
    info.commits = int(git(proposed, "rev-list", "--count", "HEAD"))
    info.withdraw_many = "ID..." in resvcs(bin_, proposed, "withdraw", "--help").splitlines()[0]
    snapshot("big-proposed")
    plain = WORK / "big-git"
    shutil.rmtree(plain, ignore_errors=True)
    git(WORK, "init", "-q", "-b", "main", str(plain))
    (plain / "drafts").mkdir()
    shutil.copy(old, plain / "drafts" / "big.md")
    git(plain, "add", "drafts")
    git(plain, "commit", "-q", "-m", "Import")
    snapshot("big-git")
    info.notes.append(
        f"10,000 clauses: `benchmarks/generate.py` (seed {LARGE_SEED}), "
        f"{old.stat().st_size / 1024 / 1024:.1f} MB; the edited copy rewords "
        f"{LARGE_CHANGED} clauses and `propose --from` makes {info.amendments} amendments of "
        f"them. Setup (untimed, single runs): import {imported:.1f} s, propose {took:.1f} s."
    )
    return info


def large_tasks(bin_: str, info: Large, limit: float) -> tuple[list[Task], list[Task]]:
    """Part 3: propose, accept and reject of one amendment and the git commit (several runs),
    and the ``accept``, ``reject`` and ``withdraw`` of all amendments at once (one run each,
    stopped after ``limit`` seconds unless 0; ``withdraw`` when it takes several)."""
    big, proposed, plain = WORK / "big", WORK / "big-proposed", WORK / "big-git"
    new = str(FILES / "big-new.md")
    commit = f"cp {new} drafts/big.md && git add drafts/big.md && git commit -q -m Change"
    fresh = restorer("big-proposed", "")
    reason = ("--reason", "Not now")
    tasks = [
        single(
            "big propose --from",
            (*at(big), bin_, "propose", "--from", new, "--author", OLGA),
            restorer("big", ""),
        ),
        single("big accept 1", (*at(proposed), bin_, "accept", "1"), fresh),
        single("big reject 1", (*at(proposed), bin_, "reject", "1", *reason), fresh),
        single("big git commit", (*at(plain), "sh", "-c", commit), restorer("big-git", "")),
    ]
    numbers = [str(k) for k in range(1, info.amendments + 1)]
    every: list[Task] = []
    todo = [("accept", ()), ("reject", reason)]
    if info.withdraw_many:
        todo.append(("withdraw", ()))
    for verb, extra in todo:
        argv: tuple[str, ...] = (*at(proposed), bin_, verb, *numbers, *extra)
        if limit > 0:
            argv = ("timeout", f"{limit:g}", *argv)
        every.append(single(f"big {verb} all", argv, fresh, ok=(0, 124)))
    return tasks, every


@dataclass
class Replay:
    """The corpus replay: its scripts and what its untimed first pass found."""

    ours: Path = Path()
    git: Path = Path()
    steps: list[tuple[str, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def setup_replay(bin_: str) -> Replay:
    """Templates ``replay`` (``resvcs init`` only) and ``replay-git`` (``git init`` only); one
    untimed pass that learns the amendment numbers of each version (and checks that the text
    is each version byte for byte); the two scripts the timed runs execute."""
    _progress("setup: the corpus replay (one untimed pass)")
    versions = sorted(CORPUS.glob("v*.md"))
    root, plain = WORK / "replay", WORK / "replay-git"
    resvcs(bin_, WORK, "init", str(root), "--chair", CHAIR)
    snapshot("replay")
    git(WORK, "init", "-q", "-b", "main", str(plain))
    (plain / "drafts").mkdir()
    snapshot("replay-git")
    info = Replay()
    resvcs(bin_, root, "import", str(versions[0]), "--slug", "law")
    propose_s = accept_s = 0.0
    biggest = (0, "")
    for version in versions[1:]:
        t0 = time.perf_counter()
        numbers = proposed_numbers(resvcs(bin_, root, "propose", "--from", str(version), "--exact"))
        t1 = time.perf_counter()
        resvcs(bin_, root, "accept", *numbers)
        propose_s, accept_s = propose_s + t1 - t0, accept_s + time.perf_counter() - t1
        if (root / "drafts" / "law.md").read_bytes() != version.read_bytes():
            sys.exit(f"setup: the replay does not give {version.name}")
        info.steps.append((str(version), numbers))
        biggest = max(biggest, (len(numbers), version.stem))
    total = sum(len(n) for _, n in info.steps)
    info.notes.append(
        f"Corpus replay: {len(versions)} versions, {total} amendments in all (at most "
        f"{biggest[0]}, for {biggest[1]}); in the untimed first pass `propose --from` took "
        f"{propose_s:.1f} s and `accept` {accept_s:.1f} s in all."
    )
    r = bin_
    ours = ["set -e", f"cd {root}", f"{r} import {versions[0]} --slug law"]
    for path, numbers in info.steps:
        ours += [f"{r} propose --from {path} --exact", f"{r} accept {' '.join(numbers)}"]
    theirs = ["set -e", f"cd {plain}"]
    for version in versions:
        add = "git add drafts/law.md"
        theirs.append(f"cp {version} drafts/law.md && {add} && git commit -q -m {version.stem}")
    info.ours, info.git = FILES / "replay-ours.sh", FILES / "replay-git.sh"
    info.ours.write_text("\n".join(ours) + "\n", encoding="utf-8")
    info.git.write_text("\n".join(theirs) + "\n", encoding="utf-8")
    return info


def replay_tasks(info: Replay) -> list[Task]:
    """Part 4: the two replays, each from its fresh template, each checked after its run."""
    last = sorted(CORPUS.glob("v*.md"))[-1]

    def check(path: Path) -> Callable[[], None]:
        def same() -> None:
            if path.read_bytes() != last.read_bytes():
                raise RuntimeError(f"{path} is not {last.name} after the replay")

        return same

    ours, theirs = WORK / "replay" / "drafts" / "law.md", WORK / "replay-git" / "drafts" / "law.md"
    return [
        single("replay", ("bash", str(info.ours)), restorer("replay", ""), check(ours)),
        single("replay git", ("bash", str(info.git)), restorer("replay-git", ""), check(theirs)),
    ]


def setup_sync(bin_: str) -> list[str]:
    """Templates ``sync`` (``remote.git``, clones ``A`` and ``B`` made with ``resvcs clone``,
    A with 100 proposals not yet sent) and ``sync-git`` (the same with plain git and 100
    commits, each adding an amendment-sized file)."""
    _progress(f"setup: {SYNC_PROPOSALS} proposals in clone A (about 0.5 s each)")
    top = WORK / "sync"
    shutil.rmtree(top, ignore_errors=True)
    top.mkdir()
    remote = top / "remote.git"
    git(top, "init", "-q", "--bare", "-b", "main", str(remote))
    resvcs(bin_, top, "init", str(top / "secretary"), "--chair", CHAIR)
    resvcs(bin_, top / "secretary", "import", str(SEED), "--slug", SLUG)
    git(top / "secretary", "remote", "add", "origin", str(remote))
    resvcs(bin_, top / "secretary", "sync")
    shutil.rmtree(top / "secretary")
    for name in ("A", "B"):
        resvcs(bin_, top, "clone", str(remote), str(top / name))
    t0 = time.perf_counter()
    for k in range(1, SYNC_PROPOSALS + 1):
        resvcs(
            bin_,
            top / "A",
            "propose",
            "--insert-after",
            str(1 + k % 8),
            "--text",
            f"Новый пункт номер {k} для синхронизации.",
            "--author",
            BORIS,
        )
    made = time.perf_counter() - t0
    snapshot("sync")

    top = WORK / "sync-git"
    shutil.rmtree(top, ignore_errors=True)
    top.mkdir()
    remote = top / "remote.git"
    git(top, "init", "-q", "--bare", "-b", "main", str(remote))
    git(top, "clone", "-q", str(remote), "A")
    git(top / "A", "symbolic-ref", "HEAD", "refs/heads/main")
    (top / "A" / "drafts").mkdir()
    shutil.copy(SEED, top / "A" / DRAFT)
    git(top / "A", "add", "drafts")
    git(top / "A", "commit", "-q", "-m", "Import")
    git(top / "A", "push", "-q", "origin", "main")
    git(top, "clone", "-q", str(remote), "B")
    body = SEED.read_text(encoding="utf-8")[:1500]
    reviews = top / "A" / "reviews"
    reviews.mkdir()
    for k in range(1, SYNC_PROPOSALS + 1):
        (reviews / f"a{k:03}.md").write_text(f"# {k}\n\n{body}\n", encoding="utf-8")
        git(top / "A", "add", "reviews")
        git(top / "A", "commit", "-q", "-m", f"Proposal {k}")
    snapshot("sync-git")
    return [
        f"Sync: clone A made its {SYNC_PROPOSALS} proposals with `resvcs propose` (untimed, "
        f"{made:.0f} s, {made / SYNC_PROPOSALS:.2f} s each); the git setup has "
        f"{SYNC_PROPOSALS} commits, each adding a 1.5 KB file."
    ]


def sync_tasks(bin_: str) -> list[Task]:
    """Part 5: ``sync`` in A then in B, against ``git push`` in A then ``git pull`` in B."""
    top, plain = WORK / "sync", WORK / "sync-git"

    def same_head(a: Path, b: Path) -> Callable[[], None]:
        def check() -> None:
            heads = [git(p, "rev-parse", "HEAD") for p in (a, b)]
            if heads[0] != heads[1]:
                raise RuntimeError(f"{a} and {b} differ after the sync")

        return check

    return [
        Task(
            "sync A+B",
            (
                Job("sync A", (*at(top / "A"), bin_, "sync")),
                Job("sync B", (*at(top / "B"), bin_, "sync")),
            ),
            restorer("sync", "A", "B"),
            same_head(top / "A", top / "B"),
        ),
        Task(
            "git push+pull",
            (
                Job("git push", ("git", "-C", str(plain / "A"), "push", "-q", "origin", "main")),
                Job("git pull", ("git", "-C", str(plain / "B"), "pull", "-q", "--ff-only")),
            ),
            restorer("sync-git", "A", "B"),
            same_head(plain / "A", plain / "B"),
        ),
    ]


#: The demo's document.
DEMO_SLUG = "bibliomodel-2022"


def setup_demo(bin_: str) -> None:
    """The demo's repository, ``WORK/demo/forum``, made by ``scripts/demo.sh`` (untimed)."""
    _progress("setup: the demo (scripts/demo.sh)")
    env = {**os.environ, "PATH": f"{Path(bin_).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(run.ROOT / "scripts" / "demo.sh"), str(WORK / "demo")],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"setup: scripts/demo.sh failed: {done.stderr.strip()}")


def demo_jobs(bin_: str) -> list[Job]:
    """Part 5: the dossier of the demo repository, against ``git log -p`` of its drafts."""
    forum = at(WORK / "demo" / "forum")
    out = str(FILES / "out" / "demo-dossier")
    return [
        Job("demo dossier", (*forum, bin_, "dossier", "--out", out)),
        Job("demo git log -p", (*forum, "git", "log", "-p", "--", "drafts/")),
    ]


# --- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """Commands timed one after the other on a state made by ``prepare`` (untimed); ``check``
    (untimed) runs after them. A task of several steps also gets a sample under its label: the
    sum of the times and the highest peak."""

    label: str
    steps: tuple[Job, ...]
    prepare: Callable[[], None] | None = None
    check: Callable[[], None] | None = None


def run_task(task: Task) -> dict[str, Sample]:
    """Prepare, run each step once with ``run_once``, check."""
    if task.prepare is not None:
        task.prepare()
    samples = {job.label: run_once(job) for job in task.steps}
    if len(task.steps) > 1:
        seconds = sum(s.seconds for s in samples.values())
        samples[task.label] = Sample(seconds, max(s.peak_kb for s in samples.values()))
    if task.check is not None:
        task.check()
    return samples


def measure_tasks(
    tasks: Sequence[Task], runs: int, what: str, warmup: bool = True
) -> dict[str, list[Sample]]:
    """Like ``run.measure``, with a fresh state before each run: ``runs`` runs of each task,
    interleaved and in rotating order, after one warm-up run each (unless ``warmup`` is off)."""
    if warmup:
        for task in tasks:
            run_task(task)
    samples: dict[str, list[Sample]] = {}
    for r in range(runs):
        shift = r % len(tasks)
        for task in [*tasks[shift:], *tasks[:shift]]:
            for label, sample in run_task(task).items():
                samples.setdefault(label, []).append(sample)
        _progress(f"{what}: run {r + 1}/{runs}")
    return samples


# --- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: our command, its baseline and its target."""

    command: str
    ours: str
    baseline: str | None
    baseline_text: str
    ratio: float | None = None
    #: The size of the document it works on, for the memory target (None: no target).
    doc_mb: float | None = None
    #: The nearest git command, shown beside the baseline: its label and how it is shown.
    git: str | None = None
    git_text: str = ""


@dataclass
class Report:
    """Every sample by label, the rows by part, and what the table needs besides."""

    samples: dict[str, list[Sample]] = field(default_factory=dict)
    parts: list[tuple[str, list[Row]]] = field(default_factory=list)
    floor_mb: float = 0.0
    #: The peak of the interpreter with every module resvcs may load: the memory target's floor.
    modules_mb: float = 0.0
    #: Labels of runs stopped at a time limit, with the limit.
    stopped: dict[str, float] = field(default_factory=dict)
    #: Targets that could not be measured (the command cannot do it yet): each a failure.
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, samples: dict[str, list[Sample]]) -> None:
        """Keep more samples (a baseline measured with two groups keeps both)."""
        for label, more in samples.items():
            self.samples.setdefault(label, []).extend(more)

    def median(self, label: str) -> float:
        return median(s.seconds for s in self.samples[label])

    def peak_mb(self, label: str) -> float:
        return max(s.peak_kb for s in self.samples[label]) / 1024

    def failed(self, row: Row) -> bool | None:
        """Whether ``row`` misses its target (None: it has none)."""
        if row.ratio is not None and row.baseline is not None:
            late = self.median(row.ours) / self.median(row.baseline) > row.ratio
            return row.ours in self.stopped or late
        return None

    def memory_limit(self, row: Row) -> float | None:
        """The most memory ``row``'s command may take: every module plus 10× the document."""
        if row.doc_mb is None:
            return None
        return self.modules_mb + run.MEMORY_FACTOR * row.doc_mb

    def line(self, row: Row) -> str:
        ours = self.median(row.ours)
        shown = f"> {self.stopped[row.ours]:g} (stopped)" if row.ours in self.stopped else _s(ours)
        base = self.median(row.baseline) if row.baseline else None
        ratio = _ratio(ours, base) if base else ""
        if row.ours in self.stopped and base:
            ratio = "> " + ratio
        target = f"≤ {row.ratio:g}×" if row.ratio is not None else "—"
        verdict = {None: "—", True: "**FAIL**", False: "PASS"}[self.failed(row)]
        limit = self.memory_limit(row)
        peak = _mb(self.peak_mb(row.ours), self.floor_mb)
        if limit is not None:
            peak += (
                f" (≤ {limit:.0f})" if self.peak_mb(row.ours) <= limit else f" (**> {limit:.0f}**)"
            )
        shown_base = row.baseline_text
        if row.git is not None:
            git = self.median(row.git)
            shown_base += f"; git: {row.git_text} {_s(git)} s, ours {_ratio(ours, git)}"
        return (
            f"| {row.command} | {shown} | {_s(base) if base else ''} | {ratio} "
            f"| {peak} | {target} | {verdict} | {shown_base} |"
        )

    def table(self) -> list[str]:
        lines = [
            "| Command | Median s | Baseline s | Ratio | Peak MB (limit) | Target | Result "
            "| Baseline |",
            "|---|---:|---:|---:|---:|---|---|---|",
        ]
        for title, rows in self.parts:
            lines.append(f"| **{title}** | | | | | | | |")
            lines += [self.line(row) for row in rows]
        return lines

    def verdicts(self) -> tuple[int, int, list[str]]:
        """Passed, failed, and what failed (the memory target counts once per command)."""
        passed, failed = 0, []
        for _, rows in self.parts:
            for row in rows:
                result = self.failed(row)
                if result:
                    failed.append(row.command)
                elif result is False:
                    passed += 1
                limit = self.memory_limit(row)
                if limit is not None:
                    if self.peak_mb(row.ours) > limit:
                        failed.append(f"{row.command} (memory)")
                    else:
                        passed += 1
        failed += self.missing
        return passed, len(failed), failed


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.1f}×" if ours / base < 10 else f"{ours / base:,.0f}×"


INTRO = """## Every command

`.venv/bin/python benchmarks/commands.py` (`--quick`: 3 runs, 1 of the long ones; `--runs N`;
`--accept-all-limit S`, 0 for none; `--profile` adds a cProfile of every command that misses
its target, in `benchmarks/out/commands-profile.md`) times every command but `diff-files` the
way a user meets it: the whole `resvcs` process, stdout to /dev/null, several runs interleaved
with a baseline measured in the same run, median wall time and the peak resident memory
(`ru_maxrss`) over the runs. A command that changes the repository gets a fresh copy of a
prepared one before each run (`cp -a` and a refresh of git's index, untimed); the read-only ones
run on one copy, its parse cache filled when it was prepared, and from their warm-up run on the
output each printed is kept for that state (`.git/resvcs/cache/reads`, see README): the times
of a command run again on a state it has read. The same commands as the first read of a state
(the kept outputs removed before each run, as after a decision or an edit) are timed in a part
of their own, without a target. The parts and their targets:

- start-up: `resvcs --help` and one `resvcs CMD --help` per module of the command line, at most
  2× `python -c pass`;
- each command on the seed resolution against `python -c pass` (the git command closest to it
  is shown beside): those that only read (`clauses`, `show`, `log`, `diff`, `amendments`,
  `review`, `history`, `blame`) at most 3×, those that write (`import`, `propose`, `accept`,
  `reject`, `revise`) at most 5×;
- a 10,000-clause draft with 100 amendments pending: `accept` of all 100 at once at most 10×
  `accept` of one, `reject` and `withdraw` of all 100 at most 3× `reject` of one;
- the replay of the 14 versions of the law `ua-2939-17` (import v1, then `propose --from --exact`
  and `accept` of all its amendments for each later version), at most 20× `cp` + `git add` + `git
  commit` of each version;
- `dossier` of the repository `scripts/demo.sh` makes, at most 10× `git log -p` of its drafts
  (again on a state whose dossier was written before, its pages kept; and as the first dossier
  of its state, without a target);
- `resvcs sync` of 100 proposals from one clone to another through a bare remote, against `git
  push` and `git pull` of 100 commits (no target);
- everywhere, peak memory at most the interpreter with every module resvcs may load
  (`resvcs modules`, see the diff section) plus 10× the document's size: the limit is in
  brackets after the peak."""


def build_report(
    report: Report,
    machine: list[str],
    runs: int,
    long_runs: int,
    code: str,
    elapsed: float,
) -> str:
    """The Markdown block that goes between the markers; ``machine`` is ``machine_lines()``
    taken at the start (its date and load average are those of the start)."""
    passed, failed, names = report.verdicts()
    floor = report.floor_mb
    lines = [
        INTRO,
        "",
        *machine,
        f"Code: {code}.",
        f"Runs: {runs} per command (median), interleaved, after one warm-up run; the 10,000-"
        f"clause `accept 1` and the replays {long_runs} run(s) without warm-up; `accept` of all "
        f"amendments one run. The whole benchmark took {elapsed / 60:.1f} min.",
        "",
        *report.table(),
        "",
        f"Targets: {passed} PASS, {failed} FAIL" + (f": {'; '.join(names)}." if names else "."),
        "",
        *report.notes,
        load_line(machine),
        f"Start-up floors, median s: `python -c pass` {report.median('python -c pass'):.3f}, "
        f"`git --version` {report.median('git --version'):.3f}, `true` "
        f"{report.median('true'):.3f}.",
        f'Peaks marked "≤ {floor:.0f}" did not rise above the floor every child inherits from '
        "the benchmark process at exec (Linux `ru_maxrss`); the real peak is lower. The peak of a "
        "replay or of a sync is the highest of its processes.",
    ]
    return "\n".join(lines)


def load_line(machine: list[str]) -> str:
    """The load average at the end, and a warning when the machine was busy at either end."""
    end = os.getloadavg()
    line = "Load average at the end: " + " ".join(f"{x:.2f}" for x in end) + "."
    start = machine[-1].split("load average at the start ", 1)[-1].split()
    try:
        busy = max(float(start[0]), end[0]) > 1.5
    except (IndexError, ValueError):
        busy = end[0] > 1.5
    if busy:
        line += (
            " Other processes were running: the absolute times are inflated (compare the "
            "start-up floors with a quiet run), the ratios to the same-run baselines less so."
        )
    return line


def write_section(block: str) -> None:
    """Put ``block`` between this benchmark's markers, placed after the diff section."""
    run.write_section(block, START, END, after=DIFF_END)


# --- profiles of the failures ---------------------------------------------------------------

#: ``python -m cProfile -m resolution_vcs`` writes nothing: the ``resvcs`` entry point ends
#: with ``os._exit``. This profiles the click group itself, its imports included.
_PROFILE = r"""
import cProfile, gc, sys
out, args = sys.argv[1], sys.argv[2:]
gc.disable()
prof = cProfile.Profile()
prof.enable()
from resolution_vcs.cli import main
try:
    main(args, prog_name="resvcs")
except SystemExit:
    pass
prof.disable()
prof.dump_stats(out)
"""


def profile_job(task: Task, job: Job, bin_: str, name: str, count: int) -> list[str]:
    """Prepare ``task``'s state, run ``job`` under cProfile; the top ``count`` functions by
    cumulative time."""
    if task.prepare is not None:
        task.prepare()
    argv = list(job.argv)
    if argv[0] == "timeout":
        argv = argv[2:]
    at = argv.index(bin_)
    prof = OUT / f"commands-{name}.prof"
    prof.unlink(missing_ok=True)
    run = [*argv[:at], sys.executable, "-c", _PROFILE, str(prof), *argv[at + 1 :]]
    subprocess.run(run, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shown = subprocess.run(
        [sys.executable, "-c", _PSTATS, str(prof), str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return ["```", *shown.strip("\n").splitlines(), "```", ""]


def profiles(
    report: Report, tasks: dict[str, Task], bin_: str, extra: dict[str, list[Task]], count: int
) -> list[str]:
    """A cProfile of each command that missed its target (for the replay: of its steps given in
    ``extra``)."""
    lines: list[str] = []
    done: set[str] = set()
    for _, rows in report.parts:
        for row in rows:
            if not report.failed(row):
                continue
            todo = extra.get(row.ours) or ([tasks[row.ours]] if row.ours in tasks else [])
            for task in todo:
                for job in task.steps:
                    if job.label in done or bin_ not in job.argv:
                        continue
                    done.add(job.label)
                    _progress(f"profiling {job.label}")
                    args = job.argv[job.argv.index(bin_) + 1 :]
                    shown = shlex.join(args).replace(f"{BASE}/", "").replace(f"{CORPUS}/", "")
                    if len(shown) > 120:
                        shown = shown[:117] + "…"
                    lines += [f"## {row.command}: `resvcs {shown}`", ""]
                    safe = "".join(c if c.isalnum() else "-" for c in job.label)
                    lines += profile_job(task, job, bin_, safe, count)
    return lines


def replay_profile_tasks(bin_: str, info: Replay) -> list[Task]:
    """The replay's heaviest version, ``propose --from`` and ``accept``, each on the state it
    meets in the replay (made here, untimed, by replaying the versions before it)."""
    index = max(range(len(info.steps)), key=lambda k: len(info.steps[k][1]))
    path, numbers = info.steps[index]
    root, proposed = WORK / "replay-before", WORK / "replay-proposed"
    for folder in (root, proposed):
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["cp", "-a", str(TEMPLATES / "replay"), str(root)], check=True)
    versions = sorted(CORPUS.glob("v*.md"))
    resvcs(bin_, root, "import", str(versions[0]), "--slug", "law")
    for before, nums in info.steps[:index]:
        resvcs(bin_, root, "propose", "--from", before, "--exact")
        resvcs(bin_, root, "accept", *nums)
    snapshot("replay-before")
    subprocess.run(["cp", "-a", str(root), str(proposed)], check=True)
    resvcs(bin_, proposed, "propose", "--from", path, "--exact")
    snapshot("replay-proposed")
    return [
        single(
            "replay propose",
            (*at(root), bin_, "propose", "--from", path, "--exact"),
            restorer("replay-before", ""),
        ),
        single(
            "replay accept",
            (*at(proposed), bin_, "accept", *numbers),
            restorer("replay-proposed", ""),
        ),
    ]


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Command line: ``commands.py [--runs N] [--quick] [--accept-all-limit S] [--profile]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="runs per command (default 5; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument(
        "--accept-all-limit",
        type=float,
        help=f"stop the accept of all 100 amendments after S seconds (default "
        f"{ACCEPT_ALL_LIMIT:g}; {QUICK_ACCEPT_ALL_LIMIT:g} with --quick; 0: no limit)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each failing command")
    parser.add_argument("--no-report", action="store_true", help="leave BENCHMARKS.md alone")
    parser.add_argument("--generate", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        n, changed, old, new = args.generate
        generate_pair(int(n), int(changed), Path(old), Path(new))
        return
    runs = args.runs or (3 if args.quick else 5)
    long_runs = args.runs or (1 if args.quick else 3)
    limit = args.accept_all_limit
    if limit is None:
        limit = QUICK_ACCEPT_ALL_LIMIT if args.quick else ACCEPT_ALL_LIMIT
    if runs < 1 or limit < 0:
        parser.error("need at least 1 run and a limit of 0 or more")
    for needed in (SEED, CORPUS / "v14.md"):
        if not needed.exists():
            sys.exit(f"{needed} is missing (the seed and the corpus are in ../shared)")
    os.environ.update(ENV)
    bin_ = resvcs_path()
    run.compile_package()
    code_before = code_version()
    machine = machine_lines()
    began = time.perf_counter()

    shutil.rmtree(BASE, ignore_errors=True)
    for folder in (TEMPLATES, WORK, FILES):
        folder.mkdir(parents=True)
    council = setup_council(bin_)
    large = setup_large(bin_)
    replay = setup_replay(bin_)
    sync_notes = setup_sync(bin_)
    setup_demo(bin_)
    reset_own_peak()

    report = Report()
    python, python_text = "python -c pass", "`python -c pass`"
    helps = [Job(f"resvcs {c} --help", (bin_, c, "--help")) for c in HELP_COMMANDS]
    report.add(measure([*floor_jobs(bin_), *helps], runs, "start-up"))
    report.floor_mb = median(s.peak_kb for s in report.samples["true"]) / 1024
    report.modules_mb = report.peak_mb(run.MODULES_LABEL)
    report.parts.append(
        (
            "Start-up",
            [
                Row(f"`{label}`", label, python, python_text, HELP_RATIO, 0.0)
                for label in ["resvcs --help", *(job.label for job in helps)]
            ],
        )
    )

    reading, changing = council_tasks(bin_, council)
    floor = Job(python, (sys.executable, "-c", "pass"))
    report.add(measure([*reading, floor], runs, "seed repository, reading"))
    report.add(
        measure_tasks([*changing, Task(python, (floor,))], runs, "seed repository, changing")
    )
    tasks = {t.label: t for t in changing}
    tasks |= {job.label: Task(job.label, (job,)) for job in reading}
    seed_mb = (WORK / "council" / DRAFT).stat().st_size / 1024 / 1024
    rows = [
        Row(
            f"`{cmd}`",
            ours,
            python,
            python_text,
            READ_RATIO if ours in READING else WRITE_RATIO if ours in WRITING else None,
            seed_mb,
            base,
            text,
        )
        for ours, cmd, base, text in COUNCIL_ROWS
    ]
    report.parts.append(("Each command on the seed repository (29 clauses)", rows))
    report.notes += council.notes

    first = first_read_tasks(reading)
    report.add(measure_tasks([*first, Task(python, (floor,))], runs, "seed repository, first read"))
    report.parts.append(
        (
            "The same, each the first read of its state (its kept output removed before each run)",
            [
                Row(f"`{cmd}`", f"{ours} (first read)", python, python_text, None, seed_mb)
                for ours, cmd, _, _ in COUNCIL_ROWS
                if ours in READING
            ],
        )
    )

    big, every = large_tasks(bin_, large, limit)
    report.add(measure_tasks([big[0], big[3]], runs, "10,000 clauses: propose"))
    report.add(measure_tasks(big[1:], long_runs, "10,000 clauses: decide one", warmup=False))
    n = large.amendments
    for task in every:
        _progress(f"10,000 clauses: {task.label} {n} (one run, limit {limit:g} s)")
        report.add({k: [v] for k, v in run_task(task).items()})
        if limit and report.median(task.label) >= limit - 0.5:
            report.stopped[task.label] = limit
            count = int(git(WORK / "big-proposed", "rev-list", "--count", "HEAD")) - large.commits
            report.notes.append(
                f"`{task.label.removeprefix('big ')}` of all {n} amendments on 10,000 clauses was "
                f"stopped after {limit:g} s, with {count} of them decided (one commit each); "
                "`--accept-all-limit 0` lets it finish."
            )
    tasks |= {t.label: t for t in [*big, *every]}
    big_mb = (FILES / "big-old.md").stat().st_size / 1024 / 1024
    commit_text = "`cp` + `git add` + `git commit` of the same change"
    one_accept, one_reject = "`accept 1` of the same draft", "`reject 1` of the same draft"
    large_rows = [
        Row("`propose --from FILE`", "big propose --from", "big git commit", commit_text),
        Row(f"`accept 1` (1 of {n} pending)", "big accept 1", "big git commit", commit_text),
        Row(
            f"`accept 1 … {n}` (all at once)",
            "big accept all",
            "big accept 1",
            one_accept,
            ACCEPT_ALL_RATIO,
        ),
        Row(f"`reject 1` (1 of {n} pending)", "big reject 1", "big git commit", commit_text),
        Row(
            f"`reject 1 … {n}` (all at once)",
            "big reject all",
            "big reject 1",
            one_reject,
            DECIDE_ALL_RATIO,
        ),
    ]
    if large.withdraw_many:
        large_rows.append(
            Row(
                f"`withdraw 1 … {n}` (all at once)",
                "big withdraw all",
                "big reject 1",
                one_reject,
                DECIDE_ALL_RATIO,
            )
        )
    else:
        report.missing.append(f"`withdraw 1 … {n}`: withdraw takes one amendment at a time")
    large_rows = [replace(row, doc_mb=big_mb) for row in large_rows]
    report.parts.append(
        (f"{LARGE_CLAUSES:,}-clause draft, {LARGE_CHANGED} clauses changed", large_rows)
    )
    report.notes += large.notes

    report.add(measure_tasks(replay_tasks(replay), long_runs, "corpus replay", warmup=False))
    law_mb = max(p.stat().st_size for p in CORPUS.glob("v*.md")) / 1024 / 1024
    report.parts.append(
        (
            "Replay of ua-2939-17 (14 versions)",
            [
                Row(
                    "import v1, then `propose --from --exact` + `accept` × 13",
                    "replay",
                    "replay git",
                    "`cp` + `git add` + `git commit` × 14",
                    REPLAY_RATIO,
                    law_mb,
                ),
            ],
        )
    )
    report.notes += replay.notes

    demo = demo_jobs(bin_)
    report.add(measure(demo, runs, "the demo's dossier"))
    # The first dossier of a state: its kept pages removed before each run.
    forum = WORK / "demo" / "forum"
    first_dossier = single("demo dossier (first)", demo[0].argv, remover(kept_reads(forum)))
    report.add(measure_tasks([first_dossier], runs, "the demo's first dossier"))
    demo_mb = (forum / "drafts" / f"{DEMO_SLUG}.md").stat().st_size / 1024 / 1024
    report.parts.append(
        (
            "Dossier of the demo repository (`scripts/demo.sh`)",
            [
                Row(
                    "`dossier --out DIR`",
                    "demo dossier",
                    "demo git log -p",
                    "`git log -p -- drafts/`",
                    DOSSIER_RATIO,
                    demo_mb,
                ),
                Row(
                    "`dossier --out DIR`, the first of its state (kept pages removed)",
                    "demo dossier (first)",
                    "demo git log -p",
                    "`git log -p -- drafts/`",
                    None,
                    demo_mb,
                ),
            ],
        )
    )

    report.add(measure_tasks(sync_tasks(bin_), runs, "sync"))
    report.parts.append(
        (
            f"Sync of {SYNC_PROPOSALS} proposals through a bare remote",
            [
                Row("`sync` in A (sends)", "sync A", "git push", "`git push`", doc_mb=seed_mb),
                Row(
                    "`sync` in B (receives)",
                    "sync B",
                    "git pull",
                    "`git pull --ff-only`",
                    doc_mb=seed_mb,
                ),
                Row("both", "sync A+B", "git push+pull", "`git push` + `git pull`"),
            ],
        )
    )
    report.notes += sync_notes

    code_after = code_version()
    code = code_before
    if code_after != code_before:
        code = f"changed during the run, from {code_before} to {code_after}"
    elapsed = time.perf_counter() - began
    block = build_report(report, machine, runs, long_runs, code, elapsed)
    print(block)
    RESULTS.write_text(
        json.dumps(
            {k: [s.__dict__ for s in v] for k, v in report.samples.items()},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    if args.profile and report.verdicts()[1]:
        for stale in OUT.glob("commands-*.prof"):
            stale.unlink()
        extra = {"replay": replay_profile_tasks(bin_, replay)}
        extra["demo dossier"] = [Task("demo dossier", (demo_jobs(bin_)[0],))]
        shown = "\n".join(profiles(report, tasks, bin_, extra, 25))
        PROFILES.write_text(
            "# cProfile of the commands that missed their target\n\n" + shown, encoding="utf-8"
        )
        print(f"\nProfiles (top 25 by cumulative time): {_rel(PROFILES)}")
    if not args.no_report:
        write_section(block)
        print(f"\nWritten to {_rel(REPORT)} between {START} and {END}.")


if __name__ == "__main__":
    main()
