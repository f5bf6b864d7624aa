"""Shared fixtures: the real documents under ../shared and throwaway repositories."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

# Property tests never fail for the machine's speed: no per-example deadline, and no
# health check that times the generation of examples.
settings.register_profile("resvcs", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("resvcs")

if TYPE_CHECKING:
    from resolution_vcs.repository import Repository

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_bbe0634253d43230.txt"
CORPUS = sorted((SHARED / "corpus" / "ua-2939-17").glob("v*.md"))


def generated_code(clauses: int, seed: int = 1) -> tuple[str, str]:
    """Two versions of a generated code with nested lists and tables of 10 to 40 rows
    (``benchmarks/generate.py --code-tables``): about 5% of the clauses edited, 1%
    inserted, deleted and moved."""
    import importlib.util
    import sys

    module = sys.modules.get("benchmark_generate")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            "benchmark_generate", ROOT / "benchmarks" / "generate.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    blocks = module.generate(clauses, seed, module.CODE_TABLES)
    return module.render(blocks), module.render(module.revise(blocks, seed))


CHAIR = "Anna Chair <chair@example.org>"
EDITOR = "Boris Editor <editor@example.org>"
DATE = datetime(2024, 3, 17, 10, 0, tzinfo=UTC)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Byte-compile the package, as installing it does: with PYTHONDONTWRITEBYTECODE set,
    every test that starts resvcs in a child process would compile every module again."""
    import compileall

    compileall.compile_dir(ROOT / "resolution_vcs", quiet=1)


@pytest.fixture(autouse=True)
def _isolated_git(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test depends on (or writes to) the machine's git configuration."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("RESVCS_AUTHOR", raising=False)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[object]:
    """A resolution repository with the seed imported as bibliomodel-2022."""
    from resolution_vcs.repository import Repository
    from resolution_vcs.storage import Person

    r = Repository.init(tmp_path / "council", actor=Person.parse(CHAIR), date=DATE)
    r.import_document(
        SEED.read_bytes(),
        source=SEED.name,
        slug="bibliomodel-2022",
        author=Person.parse(CHAIR),
        date=DATE,
    )
    yield r
    r.close()


@pytest.fixture(scope="session")
def libreoffice() -> Iterator[object]:
    """One headless LibreOffice for the whole session (skipped only when it is not installed)."""
    from .libreoffice import LibreOffice, available

    if not available():
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")
    office = LibreOffice()
    yield office
    office.close()


def commit_by_hand(repo: Repository, slug: str, text: str) -> None:
    """A new text of a draft committed with plain git: its ids file no longer describes it."""
    root = repo.store.root
    (root / "drafts" / f"{slug}.md").write_text(text, encoding="utf-8")
    env = {
        "GIT_AUTHOR_NAME": "Boris",
        "GIT_AUTHOR_EMAIL": "b@example.org",
        "GIT_COMMITTER_NAME": "Boris",
        "GIT_COMMITTER_EMAIL": "b@example.org",
        "HOME": str(root),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "commit", "-qam", "By hand"], cwd=root, env=env, check=True)
    repo.refresh()
