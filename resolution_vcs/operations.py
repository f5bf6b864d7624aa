"""What an amendment does and what its acceptance changes besides, as plain records.

The operations an amendment is made of (:class:`Operation`), and the consequences an
acceptance records: items renumbered (:class:`Renumbered`), references rewritten
(:class:`ReferenceChange`) and references left dangling (:class:`Dangling`). Reading and
writing amendment records needs only these, not the code that applies operations
(:mod:`.amend`), numbers lists (:mod:`.numbering`) or finds references
(:mod:`.references`), which re-export them; so a command that only records a decision
does not load that code.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Literal

from .frozen import frozen

#: Pseudo-targets for what comes before the first clause and after the last.
PREAMBLE = "@preamble"
EPILOGUE = "@epilogue"


class OpKind(StrEnum):
    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"
    MOVE = "move"


Where = Literal["after", "before"]


@frozen
class Operation:
    """One change an amendment makes.

    ``target`` is the clause changed (replace, delete, move); ``anchor`` the
    clause an insertion or a move is placed next to (``where``: after or
    before it). ``base`` is the target's source in the base version, ``new``
    the source proposed (for insert and move: the clauses as they will read
    at their new place).
    """

    op: OpKind
    target: str = ""
    anchor: str = ""
    where: Where = "after"
    base: str = ""
    new: str = ""


NumberingMode = Literal["renumber", "suffix"]
#: How insertions into a sequentially numbered list are numbered (``resvcs.toml``,
#: ``[documents.<slug>] numbering``): ``renumber`` the items after, or give the new
#: item a ``suffix`` number (``5-1``) and leave the others as they are.
NUMBERING_MODES: tuple[NumberingMode, ...] = ("renumber", "suffix")


@frozen
class Renumbered:
    """A numbered item whose number an acceptance changes."""

    clause: str  # clause id
    old: str  # the number as cited before ("4", "2.1", "а")
    new: str  # and after
    #: The new number as the clause's enumerator writes it ("1" of a nested item
    #: cited "3.1"); the same as ``new`` for most.
    written: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


@frozen
class ReferenceChange:
    """A reference an acceptance rewrote because the items it cites were renumbered."""

    clause: str  # id of the clause the reference stands in
    old: str  # the reference as it read ("пунктом 2")
    new: str  # and as it reads now ("пунктом 3")

    def __str__(self) -> str:
        return f"«{self.old}» → «{self.new}»"


@frozen
class Dangling:
    """A reference to an item that an acceptance deletes (it is not rewritten)."""

    clause: str  # id of the clause the reference stands in
    reference: str  # its text ("пункта 4")
    number: str  # the number of the deleted item ("4")
    target: str  # the deleted item's clause id
