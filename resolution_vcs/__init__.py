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

from typing import TYPE_CHECKING, Any

from .diff import ChangeKind, DocumentDiff, diff
from .errors import ResolutionError
from .model import Clause, ClauseKind, Document
from .parse import parse

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
    from .ids import assign_ids
    from .importers import import_text
    from .repository import Repository
    from .storage import Person

# ``parse`` and ``diff`` are imported above because they share their names with
# their modules; the rest (git, YAML) waits for first use so the CLI starts fast.
_LAZY = {
    "assign_ids": "ids",
    "import_text": "importers",
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
