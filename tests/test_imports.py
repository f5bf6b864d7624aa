"""The import graph of the package runs one way: no module imports, directly or through
others, a module that imports it.

Every import counts: at module level, inside functions (imported when they run) and
under ``TYPE_CHECKING`` (a circle there is a circle in the design, even if Python never
meets it at run time).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "resolution_vcs"


def _modules(package: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    found = {}
    for file in package.rglob("*.py"):
        parts = list(file.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = file
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the modules of the package it imports."""
    modules = _modules(package)
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        here = name.split(".") if file.name == "__init__.py" else name.split(".")[:-1]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                submodules = [f"{target}.{a.name}" for a in node.names]
                edges.update(s for s in submodules if s in modules)
                # "from . import workflow" imports the submodule, not the package's names.
                if target in modules and not all(s in modules for s in submodules):
                    edges.add(target)
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_has_no_import_circle() -> None:
    graph = import_graph()
    # The graph sees relative imports, lazy ones included.
    assert "resolution_vcs.workflow" in graph["resolution_vcs.repository"]
    assert "resolution_vcs.present.amendments" in graph["resolution_vcs.cli.amendments"]
    assert cycles(graph) == []


def test_the_check_sees_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "resolution_vcs"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n"
    )
    (package / "b.py").write_text("def f():\n    from . import c\n")
    (package / "c.py").write_text("from .a import A\n")
    (package / "cli" / "__init__.py").write_text("from ..a import A\n")
    graph = import_graph(package)
    assert graph["resolution_vcs.cli"] == {"resolution_vcs.a"}
    assert cycles(graph) == [["resolution_vcs.a", "resolution_vcs.b", "resolution_vcs.c"]]


def test_the_faces_sit_on_top() -> None:
    """Nothing in the library imports a face (the command line or the web app)."""
    graph = import_graph()
    faces = ("resolution_vcs.cli", "resolution_vcs.web")
    for module, imported in graph.items():
        if module.startswith(faces) or module == "resolution_vcs.__main__":
            continue
        assert not [m for m in imported if m.startswith(faces)], module
