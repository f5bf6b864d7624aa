"""Load on the web app: 20 clients at once for 60 s, on 127.0.0.1 only.

Each phase serves one document with ``resvcs serve`` (a process of its own) and lets
20 clients work on it for ``--seconds``: 17 editors read the text, the review page and
clause pages and propose amendments (other words in a clause); 3 chairs read the review
page and accept or reject the first pending amendment (two chairs deciding the same one
is expected: the one who comes second is told so with 409, which is not an error).
Phases: the seed resolution, then a generated 10,000-clause document.

Afterwards: every acknowledged proposal is in the repository (found by its rationale),
every acknowledged decision is recorded, ``verify`` passes and ``git fsck`` is clean.
Reported: requests/s, p50/p95/p99 latency per kind of request, errors, and the time to
the first byte of the text page. The table goes into BENCHMARKS.md between
``<!-- bench:web:start -->`` and ``<!-- bench:web:end -->``.

    python benchmarks/web.py [--seconds 60] [--clients 20] [--clauses 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import generate
from run import OUT, REPORT, SEED, _progress, code_version, machine_lines, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START = "<!-- bench:web:start -->"
END = "<!-- bench:web:end -->"
#: The chairs among the clients; the others are editors.
CHAIRS = 3
CHAIR = "Anna Chair <chair@example.org>"
PASSWORD = "bench-password-1"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
ACCEPT_RE = re.compile(r'id="accept-(\d+)"')
ALERT_RE = re.compile(r'<p class="error" role="alert">(.*?)</p>', re.S)
REJECT_RE = re.compile(r'id="reject-(\d+)"')


@dataclass
class Tally:
    """What the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    first_byte: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outrun: int = 0
    proposed: list[str] = field(default_factory=list)  # rationales acknowledged
    decided: dict[int, str] = field(default_factory=dict)  # number -> status


def prepare(folder: Path, clauses: int) -> tuple[Path, str, list[str]]:
    """A repository with one document and the accounts; its slug and clause ids."""
    from resolution_vcs.accounts import Accounts
    from resolution_vcs.repository import Repository
    from resolution_vcs.storage import Person

    shutil.rmtree(folder, ignore_errors=True)
    chair = Person.parse(CHAIR)
    repo = Repository.init(folder, actor=chair)
    try:
        if clauses:
            source = folder.parent / f"generated-{clauses}.md"
            generate.write_pair(clauses, source, folder.parent / f"generated-{clauses}-v2.md")
            slug = "code"
        else:
            source, slug = SEED, "seed"
        repo.import_document(source.read_bytes(), source=source.name, slug=slug, author=chair)
        accounts = Accounts(repo.store.git_dir)
        accounts.add(chair, "chair", PASSWORD)
        for i in range(20):
            accounts.add(Person.parse(f"Editor {i} <editor{i}@example.org>"), "editor", PASSWORD)
        # Clauses with a word of four letters or more: what an editor would change.
        ids = [c.id for c in repo.document(slug).clauses if re.search(r"\w{4,}", c.content)]
    finally:
        repo.close()
    return folder, slug, ids


def start_server(root: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "resolution_vcs", "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"running on (http://127\.0\.0\.1:\d+)", line)
        if found:
            # Keep reading the log, so that the pipe never fills.
            threading.Thread(target=_drain, args=(process,), daemon=True).start()
            return process, found.group(1)
    raise SystemExit("the server did not start")


def _drain(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    for _ in process.stdout:
        pass


async def sign_in(client: object, login: str) -> str:
    import httpx2 as httpx

    assert isinstance(client, httpx.AsyncClient)
    token = CSRF_RE.search((await client.get("/login")).text)
    assert token
    response = await client.post(
        "/login", data={"csrf": token.group(1), "login": login, "password": PASSWORD}
    )
    assert response.status_code == 303, response.text[:300]
    found = CSRF_RE.search((await client.get("/")).text)
    assert found
    return found.group(1)


def said(response: object) -> str:
    """The status of an unexpected answer and the reason the page gives."""
    import httpx2 as httpx

    assert isinstance(response, httpx.Response)
    alert = ALERT_RE.search(response.text)
    reason = unescape(alert.group(1)).strip() if alert else response.text[:200]
    return f"{response.status_code} {reason}"


async def timed(tally: Tally, kind: str, call: object) -> object:
    started = time.perf_counter()
    try:
        response = await call  # type: ignore[misc]
    except Exception as exc:  # noqa: BLE001 - every failure is counted
        tally.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
        return None
    tally.latencies[kind].append(time.perf_counter() - started)
    return response


@dataclass
class Start:
    """Every client signs in first (argon2 takes its time); then the clock starts."""

    ready: asyncio.Barrier
    seconds: float
    until: float = 0.0

    async def wait(self) -> float:
        if await self.ready.wait() == 0:
            self.until = time.monotonic() + self.seconds
        await self.ready.wait()
        return self.until


async def editor(url: str, slug: str, ids: list[str], n: int, start: Start, tally: Tally) -> None:
    import httpx2 as httpx

    rnd = random.Random(n)
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=False) as client:
        token = await sign_in(client, f"editor{n}@example.org")
        until = await start.wait()
        i = 0
        while time.monotonic() < until:
            i += 1
            roll = rnd.random()
            if roll < 0.3:
                started = time.perf_counter()
                try:
                    async with client.stream("GET", f"/d/{slug}") as response:
                        first = True
                        async for _ in response.aiter_bytes():
                            if first:
                                tally.first_byte.append(time.perf_counter() - started)
                                first = False
                    tally.latencies["text page"].append(time.perf_counter() - started)
                    if response.status_code != 200:
                        tally.errors.append(f"text page: {response.status_code}")
                except Exception as exc:  # noqa: BLE001
                    tally.errors.append(f"text page: {type(exc).__name__}: {exc}")
            elif roll < 0.6:
                r = await timed(tally, "review page", client.get(f"/d/{slug}/review"))
                if r is not None and r.status_code != 200:  # type: ignore[attr-defined]
                    tally.errors.append(f"review page: {r.status_code}")  # type: ignore[attr-defined]
            else:
                clause = rnd.choice(ids)
                page = await timed(tally, "clause page", client.get(f"/d/{slug}/c/{clause}"))
                if page is None or page.status_code != 200:  # type: ignore[attr-defined]
                    tally.errors.append(f"clause page: {getattr(page, 'status_code', '-')}")
                    continue
                if roll < 0.8:
                    continue
                html = page.text  # type: ignore[attr-defined]
                base = re.search(r'name="base" value="([0-9a-f]{40})"', html)
                # The clause's words as the wording form holds them (the source, not the
                # rendered HTML, whose tags are no words of the clause).
                current = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', html, re.S)
                source = unescape(current.group(1)) if current else ""
                # Words of letters only (a number reads the same in capitals).
                words = re.findall(r"[^\W\d_]{4,}", source)
                if not base or not words:
                    continue
                rationale = f"bench-{n}-{i}"
                word = rnd.choice(words)
                data = {
                    "csrf": token,
                    "base": base.group(1),
                    "clause": clause,
                    "kind": "words",
                    "old": word,
                    "new": word.upper() if word != word.upper() else word.lower(),
                    "all": "on",
                    "rationale": rationale,
                }
                r = await timed(tally, "proposal", client.post(f"/d/{slug}/propose", data=data))
                if r is None:
                    continue
                if r.status_code == 303:  # type: ignore[attr-defined]
                    tally.proposed.append(rationale)
                elif r.status_code == 409:  # type: ignore[attr-defined]
                    tally.outrun += 1  # the clause changed since the page was read
                else:
                    tally.errors.append(f"proposal: {said(r)}")


async def chair(url: str, slug: str, n: int, start: Start, tally: Tally) -> None:
    import httpx2 as httpx

    rnd = random.Random(1000 + n)
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=False) as client:
        token = await sign_in(client, "chair@example.org")
        until = await start.wait()
        while time.monotonic() < until:
            page = await timed(tally, "review page", client.get(f"/d/{slug}/review"))
            if page is None or page.status_code != 200:  # type: ignore[attr-defined]
                tally.errors.append(f"review page: {getattr(page, 'status_code', '-')}")
                continue
            html = page.text  # type: ignore[attr-defined]
            accept = ACCEPT_RE.findall(html)
            reject = REJECT_RE.findall(html)
            if not reject:
                await asyncio.sleep(0.2)  # nothing to decide yet
                continue
            if accept and rnd.random() < 0.7:
                number, action, data = int(accept[0]), "accept", {"csrf": token}
            else:
                number, action = int(reject[0]), "reject"
                data = {"csrf": token, "reason": "bench"}
            r = await timed(
                tally, "decision", client.post(f"/d/{slug}/a/{number}/{action}", data=data)
            )
            if r is None:
                continue
            if r.status_code == 303:  # type: ignore[attr-defined]
                tally.decided[number] = action
            elif r.status_code == 409:  # type: ignore[attr-defined]
                tally.outrun += 1  # another chair decided it first
            else:
                tally.errors.append(f"decision: {said(r)}")


async def load(url: str, slug: str, ids: list[str], clients: int, seconds: float) -> Tally:
    tally = Tally()
    start = Start(asyncio.Barrier(clients), seconds)
    await asyncio.gather(
        *(editor(url, slug, ids, n, start, tally) for n in range(clients - CHAIRS)),
        *(chair(url, slug, n, start, tally) for n in range(CHAIRS)),
    )
    return tally


def check(root: Path, slug: str, tally: Tally) -> list[str]:
    """What the history says afterwards; problems found."""
    from resolution_vcs.records import Status
    from resolution_vcs.repository import Repository
    from resolution_vcs.verify import verify

    problems = []
    with Repository.open(root) as repo:
        amendments = repo.amendments(slug)
        rationales = {n.amendment.rationale for n in amendments}
        missing = [r for r in tally.proposed if r not in rationales]
        if missing:
            problems.append(f"{len(missing)} acknowledged proposals missing")
        by_number = {n.number: n.amendment.status for n in amendments}
        for number, action in tally.decided.items():
            status = by_number.get(number)
            wanted = Status.REJECTED if action == "reject" else Status.ACCEPTED
            # An acceptance that found the text moved records a conflict instead.
            if status is not wanted and not (action == "accept" and status is Status.CONFLICTED):
                problems.append(f"amendment {number}: {action} acknowledged, now {status}")
        report = verify(repo, slug)
        if not report.ok:
            problems.append(f"verify: {len(report.violations)} violations")
    fsck = subprocess.run(["git", "-C", str(root), "fsck", "--no-progress"], capture_output=True)
    if fsck.returncode != 0:
        problems.append("git fsck failed")
    return problems


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def ms(value: float) -> str:
    return f"{value * 1000:,.0f}"


def phase(
    name: str, clauses: int, clients: int, seconds: float
) -> tuple[list[str], dict[str, float]]:
    _progress(f"web: preparing {name}")
    root, slug, ids = prepare(OUT / "web" / name, clauses)
    process, url = start_server(root)
    try:
        _progress(f"web: {clients} clients for {seconds:.0f} s on {name}")
        tally = asyncio.run(load(url, slug, ids, clients, seconds))
        elapsed = seconds
    finally:
        process.terminate()
        process.wait()
    problems = check(root, slug, tally)
    total = sum(len(v) for v in tally.latencies.values())
    lines = [
        f"**{name}** ({len(ids):,} clauses to amend): {total:,} requests in {elapsed:.0f} s, "
        f"{total / elapsed:,.1f} requests/s; errors: {len(tally.errors)}; "
        f"acknowledged proposals {len(tally.proposed)}, decisions {len(tally.decided)}; "
        f"told they were outrun (409) {tally.outrun}; afterwards: "
        + (
            "every acknowledged action in the history, verify passes, git fsck clean."
            if not problems
            else "; ".join(problems) + "."
        ),
        "",
        "| request | count | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("text page", "review page", "clause page", "proposal", "decision"):
        values = tally.latencies.get(kind, [])
        lines.append(
            f"| {kind} | {len(values):,} | {ms(pct(values, 50))} | {ms(pct(values, 95))} | "
            f"{ms(pct(values, 99))} |"
        )
    lines.append(
        f"| text page, first byte | {len(tally.first_byte):,} | {ms(pct(tally.first_byte, 50))} | "
        f"{ms(pct(tally.first_byte, 95))} | {ms(pct(tally.first_byte, 99))} |"
    )
    if tally.errors:
        lines += ["", "Errors (first 5): " + "; ".join(tally.errors[:5])]
        for error in tally.errors:
            _progress(f"web: error: {error}")
    figures = {
        "errors": len(tally.errors),
        "problems": len(problems),
        "review_p95": pct(tally.latencies["review page"], 95),
        "first_byte_p95": pct(tally.first_byte, 95),
        "first_byte_max": max(tally.first_byte, default=float("nan")),
    }
    return lines, figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--clauses", type=int, default=10_000)
    parser.add_argument(
        "--only",
        choices=["seed", "long"],
        help="one document only, to try a change (the report is printed, not written)",
    )
    args = parser.parse_args(argv)
    if args.only:
        name, clauses = ("the seed", 0) if args.only == "seed" else ("long", args.clauses)
        lines, _ = phase(name, clauses, args.clients, args.seconds)
        print("\n".join(lines))
        return
    machine = machine_lines()  # the load average at the start, as the report says
    seed_lines, seed = phase("the seed", 0, args.clients, args.seconds)
    big_lines, big = phase(
        f"a {args.clauses:,}-clause document", args.clauses, args.clients, args.seconds
    )

    def verdict(ok: bool, text: str) -> str:
        return f"- {'met' if ok else 'NOT met'}: {text}"

    block = "\n".join(
        [
            "## The web app under load",
            "",
            f"`python benchmarks/web.py` (part of `make bench`): `resvcs serve` on 127.0.0.1, "
            f"{args.clients} clients at once for {args.seconds:.0f} s per document: "
            f"{args.clients - CHAIRS} editors read the text page (streamed), the review page and "
            f"clause pages and propose amendments; {CHAIRS} chairs read the review page and "
            "accept or reject the first pending amendment. Latency is to the last byte, "
            "measured by the clients (httpx2, in one process beside the server, on the same two "
            "cores). An error is an answer other "
            "than the expected one (a 5xx, a 400), a dropped connection, or no answer within "
            "60 s. The load average says how busy the machine was with other work.",
            "",
            *machine,
            f"Code: {code_version()}.",
            "",
            *seed_lines,
            "",
            *big_lines,
            "",
            "Targets:",
            verdict(seed["errors"] + big["errors"] == 0, "no errors"),
            verdict(
                seed["problems"] + big["problems"] == 0,
                "every acknowledged proposal and decision in the history, verify passes, "
                "git fsck clean",
            ),
            verdict(
                seed["review_p95"] <= 0.150,
                f"seed review page p95 ≤ 150 ms at {args.clients} clients "
                f"({ms(seed['review_p95'])} ms)",
            ),
            verdict(
                big["first_byte_p95"] <= 0.5,
                f"first byte of the {args.clauses:,}-clause text page ≤ 0.5 s "
                f"(p95 {ms(big['first_byte_p95'])} ms, max {ms(big['first_byte_max'])} ms)",
            ),
        ]
    )
    print(block)
    write_section(block, START, END)
    _progress(f"web: wrote {REPORT.name}")


if __name__ == "__main__":
    main()
