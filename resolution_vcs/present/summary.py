"""Amendments in a few words, as the terminal says them after a command that wrote.

Light on purpose: a command that proposes or decides prints these lines, and
loads nothing of the redlines and tables (:mod:`.amendments` has the rest).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..operations import EPILOGUE, PREAMBLE, Operation, OpKind
from ..records import Amendment
from ..workflow import next_steps, readable_reason

__all__ = ["clause_name", "describe", "joined", "next_steps", "place_name", "readable"]

#: A conflict's reason with clause ids as labels.
readable = readable_reason


def place_name(clause_id: str, labels: Mapping[str, str]) -> str:
    """How the terminal names a clause (by its label) or the text's end matter."""
    if clause_id == PREAMBLE:
        return "the opening text"
    if clause_id == EPILOGUE:
        return "the closing text"
    return clause_name(labels.get(clause_id, clause_id))


def clause_name(label: str) -> str:
    """A label as the terminal cites it: "clause 5", "¶12.2" (a "¶" says it already)."""
    return f"clause {label}" if label[:1].isdigit() else label


def joined(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(amendment: Amendment, labels: Mapping[str, str]) -> str:
    """What an amendment does, in a few words: "change ¶12.2 and clause 5",
    "insert a clause after ¶12.1", "delete clause 5", "move clause 5 after
    clause 7", "change the layout of 299 clauses" (an amendment of several
    changes that leave every clause reading as it did). ``labels`` maps clause ids to
    labels; an id without one is shown as it is."""
    ops = amendment.operations
    if len(ops) > 1 and _all_layout(ops):  # as propose --from --exact makes
        clauses = [op.target for op in ops if op.target not in (PREAMBLE, EPILOGUE)]
        if len(clauses) > 3:
            names = [f"{len(clauses)} clauses"]
        else:
            names = [place_name(c, labels) for c in clauses]
        names += [place_name(op.target, labels) for op in ops if op.target in (PREAMBLE, EPILOGUE)]
        return f"change the layout of {joined(names)} (the words stay the same)"
    phrases: list[str] = []
    changed = [place_name(op.target, labels) for op in ops if op.op is OpKind.REPLACE]
    if changed:
        phrases.append("change " + joined(list(dict.fromkeys(changed))))
    for op in ops:
        if op.op is OpKind.INSERT:
            from ..parse import parse

            count = max(1, len(parse(op.new).clauses))
            what = "a clause" if count == 1 else f"{count} clauses"
            phrases.append(f"insert {what} {op.where} {place_name(op.anchor, labels)}")
        elif op.op is OpKind.DELETE:
            phrases.append(f"delete {place_name(op.target, labels)}")
        elif op.op is OpKind.MOVE:
            target, anchor = place_name(op.target, labels), place_name(op.anchor, labels)
            phrases.append(f"move {target} {op.where} {anchor}")
    return "; ".join(phrases)


def _all_layout(ops: Sequence[Operation]) -> bool:
    """Whether every operation only changes layout (the parser is loaded only here)."""
    from ..copies import is_layout

    return all(is_layout(op) for op in ops)
