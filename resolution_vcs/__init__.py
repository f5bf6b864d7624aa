"""resolution_vcs: draft resolutions together, clause by clause, on git.

The pure parts work on strings and need no git::

    from resolution_vcs import parse, diff
    delta = diff(parse(old_markdown), parse(new_markdown))

A resolution repository::

    from resolution_vcs import Repository
    repo = Repository.open(".")
    doc = repo.document("bibliomodel-2022")
"""

from __future__ import annotations

import sys
from types import ModuleType

# Not imported from typing: a command run again on a state whose output is kept prints it
# having loaded only this package, resolution_vcs.reads and what they need, and loading
# typing would take longer than the rest (type checkers read this name as typing's).
TYPE_CHECKING = False

__all__ = [
    "ChangeKind",
    "Clause",
    "ClauseKind",
    "Document",
    "DocumentDiff",
    "Person",
    "Repository",
    "ResolutionError",
    "assign_ids",
    "diff",
    "import_text",
    "parse",
]

if TYPE_CHECKING:
    from typing import Any

    from .diff import ChangeKind, DocumentDiff, diff
    from .errors import ResolutionError
    from .ids import assign_ids
    from .importers import import_text
    from .model import Clause, ClauseKind, Document
    from .parse import parse
    from .repository import Repository
    from .storage import Person

#: Each public name and the module it comes from, imported on first use: a command
#: that needs neither the parser nor git starts without loading them.
_LAZY = {
    "ChangeKind": "diff",
    "DocumentDiff": "diff",
    "diff": "diff",
    "ResolutionError": "errors",
    "assign_ids": "ids",
    "import_text": "importers",
    "Clause": "model",
    "ClauseKind": "model",
    "Document": "model",
    "parse": "parse",
    "Repository": "repository",
    "Person": "storage",
}


def __getattr__(name: str) -> Any:
    """Import the public names on first use, so that the CLI starts fast."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)


class _Package(ModuleType):
    """The package, whose names ``parse`` and ``diff`` are the functions even once the
    modules of the same names are loaded (Python binds a loaded submodule to the
    package's attribute of its name; here that binding is left out, and the function
    comes from ``__getattr__``; the modules stay in ``sys.modules``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("parse", "diff") and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
