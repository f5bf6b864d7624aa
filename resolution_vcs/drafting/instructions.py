"""Instructions: an amendment's operations as drafters state them, and back.

An :class:`Instruction` is one sentence of the drafting language without its
words: "in clause C replace these words with those", "C reads as follows",
"insert after C", "delete C", "move C after D", "throughout the text", the
text before the first clause, and the consequential renumbering.
:func:`resolve` turns instructions into the amendment operations they mean
against a document (the version the amendment is made against); it uses the
same builders as every other form of ``propose``, so the same instruction
gives the same operations.

:func:`candidates` goes the other way: for each operation, the ways a drafter
could state it, the most natural first (the changed words; the clause's new
wording; the clause's whole source as a last resort, which states any
operation exactly). The caller keeps the first one that, written out and read
back, resolves to the operation itself.

Pure: no git, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import field
from typing import Literal

from .. import amend
from ..amend import EPILOGUE, PREAMBLE, Operation, OpKind, Where
from ..errors import AmbiguousError, InputError, NotFoundError
from ..frozen import frozen
from ..model import Clause, ClauseKind, Document
from ..parse import parse
from ..text import TOKEN_RE, WORD_RE
from .places import Cite, cite_of, find

Occurrence = int | Literal["all"] | None


@frozen
class Change:
    """One change of words inside a clause."""

    action: Literal["replace", "delete", "insert"]
    #: The words replaced or deleted; for an insertion, the words it follows.
    old: str
    new: str = ""
    #: Which occurrence of ``old`` (from 1), "all", or None when it occurs once.
    occurrence: Occurrence = None
    #: How many times ``old`` occurs, when known (for "в обоих случаях").
    times: int = field(default=0, compare=False)


@frozen
class Words:
    """Changes of words inside one clause: В пункте 5 слова «X» заменить словами «Y»."""

    place: Cite
    changes: tuple[Change, ...]


@frozen
class Throughout:
    """A replacement everywhere: По всему тексту слова «X» заменить словами «Y»."""

    old: str
    new: str


@frozen
class Wording:
    """A clause's new wording: Пункт 5 изложить в следующей редакции: «…»."""

    place: Cite
    text: str
    #: ``text`` is the clause's whole Markdown source (layout lines and blank
    #: lines too), for what the words alone cannot say.
    source: bool = False


@frozen
class Delete:
    """Deletion: Пункт 4 исключить. Пункты 3–5 исключить."""

    places: tuple[Cite, ...]


@frozen
class Insert:
    """New text: Дополнить пунктом 9 следующего содержания: «…»."""

    #: The clause it goes next to; None: implied by ``number`` (after the item
    #: numbered one less, or before the first).
    anchor: Cite | None
    where: Where
    text: str
    #: What the new text is, for the words: "item" (with ``numbers``), "paragraph",
    #: "heading", "text" (several kinds).
    noun: str = "paragraph"
    numbers: tuple[str, ...] = ()
    count: int = 1
    #: ``text`` is the Markdown source to insert, as it is.
    source: bool = False


@frozen
class Move:
    """A move: Пункт 5 перенести после пункта 7."""

    place: Cite
    anchor: Cite
    where: Where
    #: Its Markdown source at the new place, when it is not the one the move
    #: gives by itself.
    text: str | None = None


@frozen
class Layout:
    """The text before the first clause or after the last one (layout lines)."""

    target: str  # PREAMBLE or EPILOGUE
    text: str


@frozen
class Renumber:
    """Renumbering, a consequence and no operation: Пункты 4–8 считать соответственно
    пунктами 5–9."""

    pairs: tuple[tuple[str, str], ...]
    #: The old numbers of the items whose sub-items follow them ("2" → "3" makes
    #: "2.1" "3.1"), said once for the item: "…, изменив соответственно нумерацию
    #: их подпунктов".
    subitems: tuple[str, ...] = ()


Instruction = Words | Throughout | Wording | Delete | Insert | Move | Layout | Renumber


class ResolveError(ValueError):
    """An instruction that names no single place, or words that are not there.
    The message says what (without the instruction, which the caller names)."""


# -- instructions → operations ---------------------------------------------------------------


def resolve(doc: Document, instruction: Instruction) -> list[Operation]:
    """The operations ``instruction`` means against ``doc``; ResolveError if it
    does not name exactly one place, or the words it changes are not there."""
    try:
        return _resolve(doc, instruction)
    except (NotFoundError, AmbiguousError, InputError) as e:
        raise ResolveError(str(e)) from None


def _resolve(doc: Document, ins: Instruction) -> list[Operation]:
    if isinstance(ins, Throughout):
        return amend.replace_throughout(doc, ins.old, ins.new)
    if isinstance(ins, Words):
        clause = _find(doc, ins.place)
        content = clause.content
        for change in ins.changes:
            content = apply_change(content, change)
        return [amend.replace_clause(doc, clause.id, content)]
    if isinstance(ins, Wording):
        return [_reworded(doc, _find(doc, ins.place), ins.text, ins.source)]
    if isinstance(ins, Delete):
        return [amend.delete_clause(doc, _find(doc, place).id) for place in ins.places]
    if isinstance(ins, Insert):
        return [_inserted(doc, ins)]
    if isinstance(ins, Move):
        return [_moved(doc, ins)]
    if isinstance(ins, Layout):
        base = doc.preamble if ins.target == PREAMBLE else doc.epilogue
        return [Operation(OpKind.REPLACE, ins.target, base=base, new=ins.text)]
    for old, _new in ins.pairs:  # Renumber: the items it names must be there
        _find(doc, Cite("subitem" if "." in old else "item", number=old))
    return []


def _find(doc: Document, cite: Cite) -> Clause:
    try:
        return find(doc, cite)
    except NotFoundError:
        raise ResolveError(f"there is no {_describe(cite)} in the text") from None
    except AmbiguousError:
        raise ResolveError(f"{_describe(cite)} names several clauses") from None


def _describe(cite: Cite) -> str:
    """A place in plain English for an error message: "item 12", "the ninth paragraph"."""
    from .places import phrase

    if cite.kind in ("item", "subitem") and cite.owner is None:
        return f"item {cite.number}"
    return phrase(cite, "en", "nom", lambda text: f"“{text}”")


#: The marker of an ATX heading: "## ".
_HEADING_RE = re.compile(r"#{1,6}[ \t]+")

#: A list marker at the start of quoted text: "5. ", "2) ", "- ".
_MARKER_RE = re.compile(r"(?:\d{1,9}[.)]|[-+*])(?:[ \t]+|$)")


def _reworded(doc: Document, clause: Clause, text: str, source: bool) -> Operation:
    if source:  # the clause's whole source, as it is to read
        if text == clause.source:
            raise ResolveError(f"the new wording of {clause.label} is the same as the current one")
        return Operation(OpKind.REPLACE, clause.id, base=clause.source, new=text)
    heading = _HEADING_RE.match(clause.content) if clause.kind is ClauseKind.HEADING else None
    if heading and not text.startswith("#"):  # a heading's words: its marker stays
        text = heading.group() + text
    marker = _MARKER_RE.match(text)
    if marker and clause.kind is ClauseKind.ITEM:
        indent = clause.prefix[: len(clause.prefix) - len(clause.prefix.lstrip(" "))]
        new = amend.clause_source(clause, text[marker.end() :], indent + marker.group())
        if new == clause.source:
            raise ResolveError(f"the new wording of {clause.label} is the same as the current one")
        return Operation(OpKind.REPLACE, clause.id, base=clause.source, new=new)
    return amend.replace_clause(doc, clause.id, text)


def _inserted(doc: Document, ins: Insert) -> Operation:
    if ins.anchor is not None:
        anchor, where = _find(doc, ins.anchor), ins.where
    else:
        anchor, where = _implied_anchor(doc, ins.numbers[0] if ins.numbers else "")
    text = ins.text
    if not text.strip():
        raise ResolveError("the text to insert is empty")
    if ins.source:
        return Operation(OpKind.INSERT, anchor=anchor.id, where=where, new=text)
    in_list = bool(anchor.prefix.strip())
    clauses = parse(text).clauses if "\n" in text or _MARKER_RE.match(text) else ()
    marker = _MARKER_RE.match(text)
    if marker and in_list and len(clauses) == 1:
        indent = anchor.prefix[: len(anchor.prefix) - len(anchor.prefix.lstrip(" "))]
        prefix = indent + marker.group()
        body = prefix + text[marker.end() :].replace("\n", "\n" + " " * len(prefix)) + "\n"
        return Operation(OpKind.INSERT, anchor=anchor.id, where=where, new=body + anchor.gap)
    if marker or len(clauses) > 1:
        gap = anchor.gap if in_list else "\n"
        return Operation(OpKind.INSERT, anchor=anchor.id, where=where, new=text + "\n" + gap)
    return amend.insert_clause(doc, anchor.id, text, where)


def _implied_anchor(doc: Document, number: str) -> tuple[Clause, Where]:
    """Where "Дополнить пунктом N" puts the new item: after item N−1, or before
    item N when it is the first."""
    if not number:
        raise ResolveError("say where the new text goes (after or before which clause)")
    head, _, last = number.rpartition(".")
    previous = f"{head}.{int(last) - 1}" if head else str(int(last) - 1)
    if int(last) > 1:
        kind: Literal["item", "subitem"] = "subitem" if head else "item"
        try:
            return find(doc, Cite(kind, number=previous)), "after"
        except NotFoundError:
            raise ResolveError(
                f"there is no item {previous} for the new item {number} to follow"
            ) from None
    try:
        return find(doc, Cite("subitem" if head else "item", number=number)), "before"
    except NotFoundError:
        raise ResolveError(f"there is no item {number} for the new item to go before") from None


def _moved(doc: Document, ins: Move) -> Operation:
    clause, anchor = _find(doc, ins.place), _find(doc, ins.anchor)
    if clause.id == anchor.id:
        raise ResolveError("a clause cannot be moved next to itself")
    if ins.text is not None:
        return Operation(
            OpKind.MOVE, clause.id, anchor.id, ins.where, base=clause.source, new=ins.text
        )
    if ins.where == "after":
        return amend.move_clause(doc, clause.id, anchor.id)
    return Operation(
        OpKind.MOVE, clause.id, anchor.id, "before", base=clause.source, new=clause.source
    )


# -- changes of words --------------------------------------------------------------------------


def apply_change(content: str, change: Change) -> str:
    """``content`` with one change of words made, as ``propose --replace`` makes it:
    ``old`` must occur, once, or the occurrence must be named."""
    old = change.old
    count = content.count(old) if old else 0
    if count == 0:
        raise ResolveError(f"the words “{old}” do not occur there")
    if change.occurrence == "all":
        positions = _positions(content, old)
    elif change.occurrence is None:
        if count > 1:
            raise ResolveError(
                f"the words “{old}” occur {count} times there; say which, e.g. "
                "«во втором случае», «в обоих случаях» or “(second occurrence)”"
            )
        positions = [content.find(old)]
    else:
        k = change.occurrence
        found = _positions(content, old, overlapping=True)
        if not 1 <= k <= count or k > len(found):
            raise ResolveError(f"the words “{old}” occur {count} times there, not {k}")
        positions = [found[k - 1]]
    for pos in reversed(positions):
        content = _change_at(content, pos, change)
    return content


def _positions(content: str, old: str, overlapping: bool = False) -> list[int]:
    found: list[int] = []
    pos = content.find(old)
    while pos != -1:
        found.append(pos)
        pos = content.find(old, pos + (1 if overlapping else len(old)))
    return found


#: What an inserted text may start with to be joined without a space.
_JOINS = ",.;:!?)]»”…"


def _change_at(content: str, pos: int, change: Change) -> str:
    end = pos + len(change.old)
    if change.action == "replace":
        return content[:pos] + change.new + content[end:]
    if change.action == "delete":
        if pos > 0 and content[pos - 1] == " ":
            pos -= 1
        elif end < len(content) and content[end] == " ":
            end += 1
        return content[:pos] + content[end:]
    joiner = "" if change.new[:1] in _JOINS else " "
    return content[:end] + joiner + change.new + content[end:]


# -- operations → instructions -----------------------------------------------------------------


def content_of(clause: Clause, source: str) -> str | None:
    """The content that makes ``source`` from ``clause`` (its words changed, its
    marker and layout kept), or None if ``source`` changes more than the words."""
    head = clause.lead + clause.prefix
    tail = clause.eol + clause.gap
    if not source.startswith(head) or not source.endswith(tail) or len(source) < len(head + tail):
        return None
    middle = source[len(head) : len(source) - len(tail)]
    lines = middle.split("\n")
    width = " " * len(clause.prefix)
    rest = []
    for line in lines[1:]:
        if line and not line.startswith(width):
            return None
        rest.append(line[len(width) :] if line else line)
    content = "\n".join([lines[0], *rest])
    return content if amend.clause_source(clause, content) == source else None


def candidates(doc: Document, op: Operation) -> Iterator[Instruction]:
    """The ways to state ``op`` against ``doc``, the most natural first."""
    if op.target in (PREAMBLE, EPILOGUE):
        yield Layout(op.target, op.new)
        return
    if op.op is OpKind.REPLACE:
        clause = doc.get(op.target)
        if clause is None:
            return
        place = cite_of(doc, clause)
        content = content_of(clause, op.new)
        if content is not None:
            for plain in (False, True):
                changes = word_changes(clause.content, content, plain)
                if changes:
                    yield Words(place, tuple(changes))
            if _ordered_item(clause):
                yield Wording(place, clause.prefix.lstrip(" ") + content)
            marker = _HEADING_RE.match(content) if clause.kind is ClauseKind.HEADING else None
            if marker:
                yield Wording(place, content[marker.end() :])
            yield Wording(place, content)
        yield Wording(place, op.new, source=True)
        return
    if op.op is OpKind.DELETE:
        clause = doc.get(op.target)
        if clause is not None:
            yield Delete((cite_of(doc, clause),))
        return
    anchor = doc.get(op.anchor)
    if anchor is None:
        return
    anchor_cite = cite_of(doc, anchor)
    if op.op is OpKind.INSERT:
        yield from _insert_candidates(doc, op, anchor, anchor_cite)
        return
    clause = doc.get(op.target)
    if clause is None:
        return
    place = cite_of(doc, clause)
    yield Move(place, anchor_cite, op.where)
    yield Move(place, anchor_cite, op.where, op.new)


def _ordered_item(clause: Clause) -> bool:
    return clause.kind is ClauseKind.ITEM and clause.prefix.strip()[:1].isdigit()


def _insert_candidates(
    doc: Document, op: Operation, anchor: Clause, anchor_cite: Cite
) -> Iterator[Instruction]:
    new = parse(op.new).clauses
    body = op.new.rstrip("\n")
    if len(new) == 1:
        clause = new[0]
        numbered = clause.kind is ClauseKind.ITEM and clause.prefix.strip()[:1].isdigit()
        if numbered:
            number = _new_number(anchor, clause)
            marked = clause.prefix.lstrip(" ") + clause.content
            if number:
                yield Insert(None, op.where, marked, "item", (number,))
                yield Insert(anchor_cite, op.where, marked, "item", (number,))
            yield Insert(anchor_cite, op.where, marked, "item")
        else:
            noun = "heading" if clause.kind is ClauseKind.HEADING else "paragraph"
            yield Insert(anchor_cite, op.where, clause.content, noun)
            yield Insert(anchor_cite, op.where, body, noun)
    else:
        noun, numbers = _nouns_of(anchor, new)
        yield Insert(anchor_cite, op.where, body, noun, numbers, len(new))
    yield Insert(anchor_cite, op.where, op.new, "text", (), max(1, len(new)), source=True)


def _new_number(anchor: Clause, new: Clause) -> str:
    """The number a new numbered item is cited by: its marker's number, under the
    anchor's parent numbers ("2.3" for a "3." among the items of item 2)."""
    digits = new.prefix.strip().rstrip(".)")
    if not digits.isdigit() or not anchor.number or "." in anchor.label.lstrip("0123456789."):
        return ""
    if anchor.label != anchor.number:
        return ""
    head = anchor.number.rpartition(".")[0]
    return f"{head}.{digits}" if head else digits


def _nouns_of(anchor: Clause, new: Sequence[Clause]) -> tuple[str, tuple[str, ...]]:
    kinds = {c.kind for c in new}
    if kinds == {ClauseKind.ITEM} and all(c.prefix.strip()[:1].isdigit() for c in new):
        if all(c.depth == new[0].depth for c in new):
            return "item", tuple(n for c in new if (n := _new_number(anchor, c)))
    if kinds <= {ClauseKind.ITEM, ClauseKind.PARAGRAPH}:
        return "paragraph", ()
    return "text", ()


# -- the changed words ---------------------------------------------------------------------------

#: More changes than this in one clause, or more than this share of its words
#: changed, and drafters state the clause's new wording instead.
MAX_CHANGES = 4
MAX_CHANGED_SHARE = 0.6


def word_changes(old: str, new: str, plain: bool = False) -> list[Change]:
    """The fewest whole-word changes that turn ``old`` into ``new``, left to right,
    each naming words that occur once or saying which occurrence; [] when a new
    wording says it better (many changes, most words changed). Words put in next
    to a word are stated as an insertion after it, words taken out with their
    space as a deletion; ``plain``: every change a replacement."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    hunks = _token_hunks(old_tokens, new_tokens)
    if not hunks:
        return []
    offsets = [0]
    for token in old_tokens:
        offsets.append(offsets[-1] + len(token))
    # Every occurrence changed the same way: one change "в обоих случаях".
    alike = {
        ("".join(old_tokens[a:b]), "".join(new_tokens[c:d]))
        for a, b, c, d in _expanded(hunks, old_tokens, new_tokens, joined_by=0)
    }
    if len(hunks) > 1 and len(alike) == 1:
        ((first_old, first_new),) = alike
        if old.count(first_old) > 1 and old.replace(first_old, first_new) == new:
            return [Change("replace", first_old, first_new, "all", old.count(first_old))]
    pieces: list[tuple[int, str, str, str]] = []  # (position, action, old, new)
    generic: list[Hunk] = []
    for hunk in hunks:
        special = None if plain else _special(hunk, old_tokens, new_tokens, offsets)
        if special is None:
            generic.append(hunk)
        else:
            pieces.append(special)
    for a, b, c, d in _expanded(generic, old_tokens, new_tokens):
        pieces.append((offsets[a], "replace", "".join(old_tokens[a:b]), "".join(new_tokens[c:d])))
    pieces.sort()
    if len(pieces) > MAX_CHANGES:
        return []
    changed = sum(len(WORD_RE.findall(p[2])) for p in pieces if p[1] != "insert")
    if changed > MAX_CHANGED_SHARE * len(WORD_RE.findall(old)):
        return []
    changes: list[Change] = []
    content = old
    shift = 0
    for pos, action, old_text, new_text in pieces:
        at = pos + shift
        change = Change(action, old_text, new_text, _occurrence(content, old_text, at))  # type: ignore[arg-type]
        before = len(content)
        content = _change_at(content, at, change)
        shift += len(content) - before
        changes.append(change)
    return changes


def _special(
    hunk: Hunk, old: list[str], new: list[str], offsets: list[int]
) -> tuple[int, str, str, str] | None:
    """A pure insertion as "after the words A insert X", a pure deletion as
    "delete X": (position, action, old, new), or None if the hunk is no such."""
    a, b, c, d = hunk
    if a == b:
        inserted = new[c:d]
        if len(inserted) > 1 and inserted[-1].isspace() and a > 0 and old[a - 1] == inserted[-1]:
            inserted, a = [old[a - 1], *inserted[:-1]], a - 1  # the same text, space first
        if not inserted or a == 0 or old[a - 1].isspace():
            return None
        text = "".join(inserted)
        added = text[1:] if text.startswith(" ") else text
        joined = text.startswith(" ") != (added[:1] in _JOINS)
        if not joined or not added.strip() or added != added.strip():
            return None
        k = a - 1
        while k >= 0 and not _is_word(old[k]) and not old[k].isspace():
            k -= 1
        if k < 0 or not _is_word(old[k]):
            return None
        return offsets[k], "insert", "".join(old[k:a]), added
    if c == d:
        deleted = old[a:b]
        if len(deleted) < 2:
            return None
        if deleted[0] == " ":
            words, a = deleted[1:], a + 1
        elif deleted[-1] == " ":
            words = deleted[:-1]
        else:
            return None
        text = "".join(words)
        if text != text.strip() or not WORD_RE.search(text):
            return None
        return offsets[a], "delete", text, ""
    return None


def _occurrence(content: str, old: str, pos: int) -> Occurrence:
    if content.count(old) <= 1:
        return None
    found = _positions(content, old, overlapping=True)
    return found.index(pos) + 1 if pos in found else None


def _tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


Hunk = tuple[int, int, int, int]


def _token_hunks(old: list[str], new: list[str]) -> list[Hunk]:
    """Where two token lists differ, exactly (white space too): (a, b, c, d) for
    old[a:b] → new[c:d]."""
    from diff_match_patch import diff_match_patch

    codes: dict[str, str] = {}

    def encode(tokens: list[str]) -> str:
        return "".join(codes.setdefault(t, chr(0x100 + len(codes))) for t in tokens)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(encode(old), encode(new), False)
    dmp.diff_cleanupSemantic(diffs)
    hunks: list[Hunk] = []
    i = j = 0
    start: tuple[int, int] | None = None
    for code, chunk in diffs:
        if code == 0:
            if start is not None:
                hunks.append((start[0], i, start[1], j))
                start = None
            i += len(chunk)
            j += len(chunk)
            continue
        if start is None:
            start = (i, j)
        if code < 0:
            i += len(chunk)
        else:
            j += len(chunk)
    if start is not None:
        hunks.append((start[0], i, start[1], j))
    return hunks


def _is_word(token: str) -> bool:
    return bool(WORD_RE.fullmatch(token))


def _expanded(hunks: list[Hunk], old: list[str], new: list[str], joined_by: int = 1) -> list[Hunk]:
    """Hunks grown to whole phrases a drafter quotes: each old side holds a word,
    no side starts or ends with white space, and hunks with at most ``joined_by``
    words between them are one ("оффлайн и онлайн" → "очно и дистанционно")."""
    pending = list(hunks)
    out: list[Hunk] = []
    while pending:
        a, b, c, d = pending.pop(0)
        for _ in range(2 * len(old) + 2):
            left_bad = _bad_edge(old, a, b, "left") or _bad_edge(new, c, d, "left")
            right_bad = _bad_edge(old, a, b, "right") or _bad_edge(new, c, d, "right")
            needs_word = not any(_is_word(t) for t in old[a:b])
            if not (left_bad or right_bad or needs_word):
                break
            go_left = (
                a > 0 and c > 0 and (left_bad or (needs_word and not right_bad) or b == len(old))
            )
            if go_left:
                if out and out[-1][1] == a:  # it reaches the hunk before: one hunk
                    a, _, c, _ = out.pop()
                else:
                    a, c = a - 1, c - 1
            elif b < len(old) and d < len(new):
                if pending and pending[0][0] == b:  # it reaches the next hunk
                    _, b, _, d = pending.pop(0)
                else:
                    b, d = b + 1, d + 1
            else:
                break
        if out and sum(map(_is_word, old[out[-1][1] : a])) <= joined_by:
            a, _, c, _ = out.pop()
        out.append((a, b, c, d))
    return out


def _bad_edge(tokens: list[str], start: int, end: int, side: str) -> bool:
    if start == end:
        return False
    token = tokens[start] if side == "left" else tokens[end - 1]
    return token.isspace()
