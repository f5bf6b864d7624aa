"""scripts/fuzz.py works: every target runs, counts its examples, and a failure is caught,
shrunk, counted once and reported. (The fuzzing itself runs outside ``make test``.)"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import strategies as st

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz.py"


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resvcs_fuzz_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("target", ["parse", "render", "diff", "amend", "records", "word"])
def test_each_target_runs_and_counts(fuzz: ModuleType, target: str) -> None:
    # Bounded by the count of examples only: no time limit, no per-example timeout.
    runner = fuzz.Runner(
        target, seconds=math.inf, max_examples=3, example_timeout=0, seed=1, shrink=False
    )
    result = runner.run()
    assert result.examples >= 3
    for failure in result.failures.values():  # a library bug found is reported, not raised
        assert failure.report


def test_a_failure_is_shrunk_counted_once_and_reported(
    fuzz: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    def broken(data: st.DataObject) -> None:
        """Fails on any text with a digit in it."""
        text = data.draw(st.text(), label="text")
        fuzz.expect(not any(c.isdigit() for c in text), "no digits")

    def refusing(data: st.DataObject) -> None:
        """Only refuses: the library's own error is not a failure."""
        from resolution_vcs.errors import InputError

        raise InputError("refused")

    monkeypatch.setitem(fuzz.TARGETS, "broken", broken)
    monkeypatch.setitem(fuzz.TARGETS, "refusing", refusing)
    args = ["--target", "broken", "--target", "refusing", "--max-examples", "300"]
    limits = ["--minutes", "inf", "--example-timeout", "0"]  # bounded by --max-examples alone
    code = fuzz.main([*args, *limits, "--seed", "3", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "[broken] NEW FAILURE: property: no digits" in out
    assert "Draw 1 (text): '0'" in out  # the minimal example
    assert "distinct failures: 1;" in out and "[refusing] examples: " in out
    assert re.search(r"\nrefusing +[\d,]+ +[\d.]+ +0 ", out)
    assert "  broken: property: no digits" in out
    (report,) = tmp_path.glob("broken-*.txt")
    assert "Draw 1 (text): '0'" in report.read_text(encoding="utf-8")
