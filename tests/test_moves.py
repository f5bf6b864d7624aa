"""Which clause moved: the one the amendment names, in history, diff and the tables."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.align import _heaviest_rising, in_order
from resolution_vcs.diff import ChangeKind, diff
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse

from .conftest import CHAIR
from .test_cli import run
from .test_cli_amendments import SLUG, clause_id, council  # noqa: F401  (fixture)


def moved_in_history(clause: str) -> list[str]:
    """The versions in which ``history`` says the clause moved."""
    rows = json.loads(run("history", clause, "--json").output)
    return [row["version"] for row in rows if "moved" in row["changes"]]


def moved_in_diff(*versions: str) -> list[str]:
    rows = json.loads(run("diff", *versions, "--format", "json").output)["changes"]
    return [row["new"]["id"] for row in rows if "moved" in row["kinds"]]


@pytest.mark.parametrize("decided", ["one by one", "together"])
def test_the_clause_the_amendment_moves_is_the_one_reported_moved(
    council: Path,  # noqa: F811
    decided: str,
) -> None:
    """¶13.4 of the seed deleted first, then ¶13.3 moved after ¶13.5: two
    neighbours swap places, and only the amendment says which of them moved."""
    env = {"RESVCS_AUTHOR": CHAIR}
    moving, staying = clause_id("¶13.3"), clause_id("¶13.5")
    run("propose", "--delete", "¶13.4", env=env)
    if decided == "one by one":
        run("accept", "1", env=env)
        after = "¶13.4"  # the label ¶13.5 had before the deletion
    else:
        after = "¶13.5"
    run("propose", "--move", "¶13.3", "--after", after, env=env)
    if decided == "together":
        run("accept", "1", env=env)
    run("accept", "2", env=env)

    assert moved_in_history(moving) == ["v3"]
    assert moved_in_history(staying) == []
    assert moved_in_diff("v2", "v3") == [moving]
    assert moved_in_diff("v3", "v2") == [moving]
    assert moved_in_diff("v1", "v3") == [moving]
    table = run("table", "--kind", "comparative", "v2", "v3", "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(table.output)))
    moved_rows = [row for row in rows if any("moved" in cell for cell in row)]
    assert len(moved_rows) == 1
    assert moved_rows[0][1] == "¶13.4"  # the moved clause's new place
    assert "¶13.3" in moved_rows[0][-1]  # ... and where it came from


def test_a_clause_moved_down_past_its_neighbour_is_the_one_reported_moved(
    council: Path,  # noqa: F811
) -> None:
    """Read from the order alone, the neighbour brought up would be named; the
    amendment says otherwise, and its redline, the diff and history follow it."""
    env = {"RESVCS_AUTHOR": CHAIR}
    moving, staying = clause_id("¶13.4"), clause_id("¶13.5")
    run("propose", "--move", "¶13.4", "--after", "¶13.5", env=env)
    (item,) = json.loads(run("review", "--json").output)
    redline = [c["new"]["id"] for c in item["redline"]["changes"] if "moved" in c["kinds"]]
    assert redline == [moving]
    run("accept", "1", env=env)
    assert moved_in_history(moving) == ["v2"]
    assert moved_in_history(staying) == []
    assert moved_in_diff("v1", "v2") == [moving]


def test_without_a_hint_the_clause_brought_up_is_the_one_moved() -> None:
    old = assign_ids(parse("First paragraph here.\n\nSecond paragraph here.\n"))
    new = assign_ids(parse("Second paragraph here.\n\nFirst paragraph here.\n"), old)
    first, second = (c.id for c in old)
    assert [c.id for c in diff(old, new).changes if ChangeKind.MOVED in c.kinds] == [second]
    hinted = diff(old, new, moved={first})
    assert [c.id for c in hinted.changes if ChangeKind.MOVED in c.kinds] == [first]


def test_in_order_keeps_the_most_pairs_before_any_preference() -> None:
    # Old clause 0 went to the end: it moved, whatever the hint says.
    assert in_order([1, 2, 3, 0], moved=[1]) == [True, True, True, False]
    # Two neighbours swapped: the hint decides, else the one brought up moved.
    assert in_order([1, 0], moved=[0]) == [False, True]
    assert in_order([1, 0], moved=[1]) == [True, False]
    assert in_order([1, 0]) == [False, True]
    assert in_order([0, None, 2, 1]) == [True, False, False, True]
    assert in_order([0, None, 2, 1], moved=[3]) == [True, False, True, False]


def _most_then_latest(match: list[int | None]) -> list[bool]:
    """What :func:`in_order` keeps without hints, by trying every subset of the pairs:
    the most pairs in order, then the greatest sum of their new indices."""
    pairs = [(n, o) for n, o in enumerate(match) if o is not None]
    best: tuple[tuple[int, int], tuple[int, ...]] = ((0, -1), ())
    for size in range(len(pairs), -1, -1):
        for chosen in itertools.combinations(range(len(pairs)), size):
            if all(pairs[a][1] < pairs[b][1] for a, b in itertools.pairwise(chosen)):
                best = max(best, ((size, sum(pairs[a][0] for a in chosen)), chosen))
        if best[1] or not pairs:
            break
    kept = [False] * len(match)
    for a in best[1]:
        kept[pairs[a][0]] = True
    return kept


def _by_weights(match: list[int | None]) -> list[bool]:
    """What :func:`in_order` keeps without hints, by the weighed rising subsequence of
    every pair (no runs)."""
    pairs = [(n, o) for n, o in enumerate(match) if o is not None]
    late = len(match) * (len(match) + 1) // 2 + 1
    kept = [False] * len(match)
    if pairs:
        weights = [late * (len(pairs) + 1) + n for n, _ in pairs]
        for k in _heaviest_rising([o for _, o in pairs], weights):
            kept[pairs[k][0]] = True
    return kept


@st.composite
def _matches(draw: st.DrawFn, most: int) -> list[int | None]:
    """A pairing of new clauses to old ones: old indices in some order, some new clauses
    unpaired, most kept in order when ``most`` is large (runs broken by a few moves)."""
    olds = list(range(draw(st.integers(0, most))))
    for _ in range(draw(st.integers(0, 3))):  # old clauses deleted
        if olds:
            olds.pop(draw(st.integers(0, len(olds) - 1)))
    for _ in range(draw(st.integers(0, 6))):
        if olds:
            item = olds.pop(draw(st.integers(0, len(olds) - 1)))
            olds.insert(draw(st.integers(0, len(olds))), item)
    match: list[int | None] = list(olds)
    for _ in range(draw(st.integers(0, 3))):
        match.insert(draw(st.integers(0, len(match))), None)
    return match


@given(_matches(8))
@settings(max_examples=300)
def test_in_order_keeps_the_most_pairs_then_the_latest(match: list[int | None]) -> None:
    assert in_order(match) == _most_then_latest(match)


@given(_matches(300))
@settings(max_examples=200)
def test_in_order_by_runs_keeps_what_every_pair_weighed_keeps(match: list[int | None]) -> None:
    assert in_order(match) == _by_weights(match)
