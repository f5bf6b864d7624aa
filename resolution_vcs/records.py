"""Amendment records: one file ``reviews/<slug>/<id>.md`` per amendment.

The file is YAML front matter, which is the authoritative data, and a Markdown
body written for people (:func:`record_body`), so that someone opening the
file on a git web page reads the proposal; :func:`load_record` ignores the body.

Sources in operations are kept byte for byte: multi-line strings are written
as literal blocks (``|``) where YAML can carry them exactly, and double-quoted
with escapes where it cannot (trailing spaces, tabs, CR, NEL, U+2028 ...).
Records are read with ``yaml.safe_load`` only, so a tag such as
``!!python/object`` in a tampered file is refused, never executed.

Who may move an amendment from one status to another lives in one table,
:data:`TRANSITIONS`. This module is pure: strings and dataclasses, no git.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set
from contextlib import suppress
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal, NoReturn, cast

from .errors import InputError, ResolutionError
from .frozen import frozen
from .ids import ID_CHARS, ID_LETTERS, is_id
from .operations import (
    EPILOGUE,
    NUMBERING_MODES,
    PREAMBLE,
    Dangling,
    Operation,
    OpKind,
    ReferenceChange,
    Renumbered,
    Where,
)
from .storage import Person

if TYPE_CHECKING:
    import yaml


class RecordError(ResolutionError):
    """An amendment record cannot be read, or a status change is not allowed."""


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CONFLICTED = "conflicted"
    LAPSED = "lapsed"


Role = Literal["author", "chair", "system"]

_S = Status
#: Who may move an amendment from one status to another; a pair not listed is
#: not allowed at all. "system" is resvcs itself: it marks an amendment
#: conflicted when the text it changes moved under it, and proposed again when
#: it applies cleanly once more.
TRANSITIONS: dict[tuple[Status, Status], frozenset[Role]] = {
    (_S.PROPOSED, _S.ACCEPTED): frozenset({"chair"}),
    (_S.PROPOSED, _S.REJECTED): frozenset({"chair"}),
    (_S.PROPOSED, _S.WITHDRAWN): frozenset({"author"}),
    (_S.PROPOSED, _S.CONFLICTED): frozenset({"system"}),
    (_S.PROPOSED, _S.LAPSED): frozenset({"chair"}),
    (_S.CONFLICTED, _S.PROPOSED): frozenset({"author", "chair", "system"}),
    (_S.CONFLICTED, _S.REJECTED): frozenset({"chair"}),
    (_S.CONFLICTED, _S.WITHDRAWN): frozenset({"author"}),
    (_S.CONFLICTED, _S.LAPSED): frozenset({"chair"}),
}
#: Statuses with no way out: a decision, which the record must carry.
FINAL: frozenset[Status] = frozenset(s for s in Status if not any(a is s for a, _ in TRANSITIONS))

_ACTIONS = {
    _S.ACCEPTED: "accept amendments",
    _S.REJECTED: "reject amendments",
    _S.WITHDRAWN: "withdraw an amendment",
    _S.LAPSED: "declare amendments lapsed",
    _S.CONFLICTED: "mark amendments conflicted",
    _S.PROPOSED: "resolve a conflicted amendment",
}

#: Amendment ids: a letter, then 7 letters or digits, without look-alikes (i, l, o, 0, 1).
ID_RE = re.compile(r"[a-hjkmnp-z][a-hjkmnp-z2-9]{7}")
_COMMIT_RE = re.compile(r"[0-9a-f]{40}")


@frozen
class Decision:
    """Who put an amendment into a final status, when, and why."""

    status: Status
    by: str  # "Name <email>"
    date: datetime  # UTC, aware
    reason: str = ""
    #: For an acceptance: how numbered lists were numbered ("renumber", "suffix";
    #: "" in records made before numbering followed acceptances), and what the
    #: acceptance changed as a consequence.
    numbering: str = ""
    renumbered: tuple[Renumbered, ...] = ()
    references: tuple[ReferenceChange, ...] = ()
    #: References it left pointing at items it deleted.
    dangling: tuple[Dangling, ...] = ()


@frozen
class Amendment:
    """One editor's proposal against one base version, with its status."""

    id: str
    document: str  # slug
    author: str  # "Name <email>"
    created: datetime  # UTC, aware, microseconds kept
    base: str  # commit id of the version the amendment was made against
    operations: tuple[Operation, ...]
    rationale: str = ""
    cosponsors: tuple[str, ...] = ()
    #: Position within one proposal (``propose --from`` makes several at once).
    order: int = 0
    status: Status = Status.PROPOSED
    #: Set when the status is final (accepted, rejected, withdrawn, lapsed).
    decision: Decision | None = None
    #: Why it is conflicted; empty otherwise.
    conflict: str = ""
    #: When its author drafted it, where that is known apart from the proposal (the date
    #: of the tracked change in a Word copy it came from).
    drafted: datetime | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        """Clause ids it touches: all targets, then all anchors; once each, in order."""
        ids = [op.target for op in self.operations] + [op.anchor for op in self.operations]
        return tuple(dict.fromkeys(i for i in ids if i and i not in (PREAMBLE, EPILOGUE)))


def new_amendment_id() -> str:
    """A random id: random rather than derived, so two clones never make the same one."""
    from random import SystemRandom  # what secrets.choice is, without loading OpenSSL

    choice = SystemRandom().choice
    return choice(ID_LETTERS) + "".join(choice(ID_CHARS) for _ in range(7))


def is_amendment_id(value: str) -> bool:
    return ID_RE.fullmatch(value) is not None


def number_amendments(amendments: Iterable[Amendment]) -> dict[str, int]:
    """The numbers people cite ("Amendment 7"): 1-based by (created, order, id).

    Computed, never stored: every clone with the same records gets the same numbers.
    """
    ordered = sorted(amendments, key=lambda a: (a.created, a.order, a.id))
    return {a.id: n for n, a in enumerate(ordered, 1)}


def _name(amendment: Amendment, number: int | None) -> str:
    return f"Amendment {number} ({amendment.id})" if number else f"Amendment {amendment.id}"


def check_transition(
    amendment: Amendment, to: Status, role_set: Set[Role], *, number: int | None = None
) -> None:
    """Refuse a status change the table does not allow to anyone in ``role_set``."""
    name, now = _name(amendment, number), amendment.status
    if now in FINAL:
        raise RecordError(f"{name} is already {now}; a decision cannot be changed")
    if now is to:
        raise RecordError(f"{name} is already {now}")
    allowed = TRANSITIONS.get((now, to))
    if allowed is None:
        ref = number if number else amendment.id
        hint = (
            f". See how to resolve or reject it: 'resvcs amendment {ref}'"
            if now is _S.CONFLICTED
            else ""
        )
        raise RecordError(f"{name} is {now} and cannot become {to}{hint}")
    if allowed & set(role_set):
        return
    people = [w for r, w in (("author", "the author"), ("chair", "a chair")) if r in allowed]
    message = f"Only {' or '.join(people) or 'resvcs itself'} may {_ACTIONS[to]}"
    if "chair" in allowed:
        message += ". Chairs are listed in resvcs.toml"
    elif allowed == {"author"}:
        message += f". Ask its author, {amendment.author}"
    raise RecordError(message)


# -- writing -----------------------------------------------------------------------------

#: Characters written only as escapes: YAML reads some as line breaks (CR, NEL,
#: U+2028/9) or refuses them raw (controls), and on a web page they are invisible.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@cache
def _yaml() -> tuple[Any, Any, type[yaml.SafeDumper]]:
    """PyYAML, loaded when a record is first read or written (its import costs more than
    a command that lists cached records takes): the module, libyaml's safe loader when
    PyYAML was built with it (ten times faster) else the pure-Python one (both refuse
    object tags), and the dumper records are written with."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """SafeDumper with literal blocks for multi-line text and UTC times ending in Z."""

    Dumper.add_representer(str, _represent_str)
    Dumper.add_representer(datetime, _represent_datetime)
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader), Dumper


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Literal style is only a request: PyYAML falls back to double quotes where
    # a literal block cannot hold the string (trailing spaces, for one).
    style = '"' if _UNSAFE.search(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", _format_time(value))


def _format_time(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _operation_data(op: Operation) -> dict[str, str]:
    data = {"op": str(op.op), "target": op.target, "anchor": op.anchor}
    # ``where`` only means something next to an anchor; kept when it is not the default.
    data["where"] = op.where if op.anchor or op.where != "after" else ""
    data |= {"base": op.base, "new": op.new}
    return {k: v for k, v in data.items() if v or k == "op"}


def _decision_data(d: Decision) -> dict[str, object]:
    data: dict[str, object] = {
        "status": str(d.status),
        "by": d.by,
        "date": d.date,
        "reason": d.reason,
    }
    if d.numbering:
        data["numbering"] = d.numbering
    if d.renumbered:
        data["renumbered"] = [
            {"clause": r.clause, "from": r.old, "to": r.new}
            | ({"written": r.written} if r.written and r.written != r.new else {})
            for r in d.renumbered
        ]
    if d.references:
        data["references"] = [
            {"clause": c.clause, "from": c.old, "to": c.new} for c in d.references
        ]
    if d.dangling:
        data["dangling"] = [
            {"clause": g.clause, "reference": g.reference, "item": g.number, "target": g.target}
            for g in d.dangling
        ]
    return data


def _record_data(a: Amendment) -> dict[str, object]:
    data: dict[str, object] = {
        "id": a.id,
        "document": a.document,
        "author": a.author,
        "cosponsors": list(a.cosponsors),
        "created": a.created,
        **({"drafted": a.drafted} if a.drafted is not None else {}),
        "order": a.order,
        "base": a.base,
        "status": str(a.status),
    }
    if a.conflict:
        data["conflict"] = a.conflict
    if a.decision is not None:
        data["decision"] = _decision_data(a.decision)
    data["rationale"] = a.rationale
    data["operations"] = [_operation_data(op) for op in a.operations]
    return data


# PyYAML's writer is generic and slow, and importing PyYAML costs more than writing a
# few records: the usual shape of a record's front matter (mappings, lists, numbers,
# aware times, and strings in the forms below) is written here, byte for byte as
# ``yaml.dump(data, Dumper=_yaml()[2], allow_unicode=True, sort_keys=False,
# width=10**6)`` writes it; anything else is left to PyYAML (None).


@cache
def _scalar_forms() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Strings written plain: they start with neither a YAML indicator nor a character
    PyYAML's resolver looks at (digits aside), hold no ": " or " #", and all their
    characters are printable to YAML; strings made of hexadecimal digits starting with
    a digit and holding a letter (commit ids); literal blocks: lines of printable
    characters with no space before a line break or at the end."""
    # Printable: U+0020-007E, U+00A0-D7FF, U+E000-FEFE, U+FF00-FFFD, U+10000-10FFFE.
    # Written as the characters outside those ranges, which compiles ten times faster
    # than the ranges themselves (spanning nearly all of Unicode).
    others = "\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff"
    unprintable = f"\x00-\x1f{others}"
    unprintable_but_newline = f"\x00-\x09\x0b-\x1f{others}"
    plain = re.compile(
        f"(?![-?:,\\[\\]{{}}#&*!|>'\"%@`+.<=~ 0-9])(?!.*(?:: |:$| #))[^{unprintable}]*(?<! )",
        re.DOTALL,
    )
    hexadecimal = re.compile("(?!0b[01]*$)[0-9](?=[0-9]*[a-f])[0-9a-f]*")
    lines = f"[^{unprintable_but_newline}]*"
    literal = re.compile(f"(?!.* \n){lines}\n{lines}(?<! )", re.DOTALL)
    return plain, hexadecimal, literal


#: Plain strings PyYAML reads as booleans or null.
_RESOLVED_WORDS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split()
    + "null Null NULL".split()
)
#: Strings of digits PyYAML reads as integers (written quoted).
_INTEGER = re.compile("0|[1-9][0-9]*|0[0-7]+")


def _front_matter(data: Mapping[str, object]) -> str | None:
    """The YAML of a record's data as PyYAML writes it, None if it is not of the usual shape."""
    out = _Front()
    try:
        if not data:
            raise _Unusual
        out.mapping(data, 0)
    except _Unusual:
        return None
    # A literal block that keeps its final line breaks, last, ends the document openly.
    return "".join(out.parts) + ("...\n" if out.open_ended else "")


class _Unusual(Exception):
    """A value outside the shapes :class:`_Front` writes."""


class _Front:
    """The parts of the front matter, as :func:`_front_matter` writes it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.open_ended = False

    def write(self, part: str) -> None:
        self.parts.append(part)
        self.open_ended = False

    def mapping(self, data: Mapping[str, object], indent: int, first: bool = False) -> None:
        for key, value in data.items():
            if type(key) is not str:
                raise _Unusual
            self.write(("" if first else " " * indent) + _plain(key) + ":")
            first = False
            self.value(value, indent)

    def value(self, value: object, indent: int) -> None:
        # By exact type, as PyYAML picks how to write a value.
        kind = type(value)
        if kind is str:
            self.string(cast(str, value), indent + 2, " ")
        elif kind is int:
            self.write(f" {value}\n")
        elif kind is datetime and cast(datetime, value).tzinfo is not None:
            # (A naive one PyYAML writes as local time, and the check refuses it.)
            self.write(f" {_format_time(cast(datetime, value))}\n")
        elif kind is dict and value:
            self.write("\n")
            self.mapping(cast(dict[str, object], value), indent + 2)
        elif kind is list:
            items = cast(list[object], value)
            self.write(" []\n" if not items else "\n")
            for item in items:
                self.write(" " * indent + "- ")
                if type(item) is dict and item:
                    self.mapping(item, indent + 2, first=True)
                elif type(item) is str and "\n" not in item:
                    self.string(item, indent + 2, "")
                else:
                    raise _Unusual
        else:
            raise _Unusual

    def string(self, text: str, indent: int, lead: str) -> None:
        """Plain; quoted when empty or an integer; a literal block when it has lines."""
        if _UNSAFE.search(text) or len(text) > 10**5:
            raise _Unusual  # double-quoted; or folded, past PyYAML's width
        if not text or _INTEGER.fullmatch(text):
            self.write(f"{lead}'{text}'\n")
        elif "\n" not in text:
            self.write(f"{lead}{_plain(text)}\n")
        elif _scalar_forms()[2].fullmatch(text):
            hints = "2" if text[0] in " \n" else ""
            if not text.endswith("\n"):
                hints += "-"
            elif len(text) == 1 or text[-2] == "\n":
                hints += "+"
            pad = " " * indent
            lines = "\n".join(pad + line if line else "" for line in text.split("\n"))
            self.write(f" |{hints}\n" + (lines if text.endswith("\n") else lines + "\n"))
            self.open_ended = hints.endswith("+")
        else:
            raise _Unusual


def _plain(text: str) -> str:
    plain, hexadecimal, _ = _scalar_forms()
    if text and (
        plain.fullmatch(text) and text not in _RESOLVED_WORDS or hexadecimal.fullmatch(text)
    ):
        return text
    raise _Unusual


def _as_read(data: object) -> object:
    """``data`` as PyYAML reads back what it wrote of it: times in UTC."""
    if isinstance(data, dict):
        return {k: _as_read(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_read(v) for v in data]
    if isinstance(data, datetime):
        return data.astimezone(UTC)
    return data


def dump_record(amendment: Amendment, body: str) -> str:
    """The record file: ``---``, the YAML front matter, ``---``, a blank line, ``body``.

    The front matter is read back before it is returned; an amendment that
    would not read back as itself is refused rather than stored half-right.
    """
    data = _record_data(amendment)
    front = _front_matter(data)
    reader = _Reader(repr(amendment.id), storing=True)
    if front is not None:
        # Written as PyYAML writes it, and read back as PyYAML reads that: the data.
        text = f"---\n{front}---\n\n{body}"
        back = _build(_as_read(data), reader)
    else:
        # A wide width: long lines are never folded, so one paragraph is one line in diffs.
        yaml, _, dumper = _yaml()
        front = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**6)
        text = f"---\n{front}---\n\n{body}"
        back = _read(text, reader)
    if back != amendment:
        raise RecordError(
            f"Cannot store amendment {amendment.id!r}: it would not read back unchanged "
            "(its dates must be aware datetimes)"
        )
    return text


# -- reading -----------------------------------------------------------------------------

_FRONT_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.DOTALL | re.MULTILINE)
_FIELDS = (
    "id document author cosponsors created drafted order base status conflict decision rationale "
    "operations"
).split()
_OP_FIELDS = ("op", "target", "anchor", "where", "base", "new")
_DECISION_FIELDS = (
    "status",
    "by",
    "date",
    "reason",
    "numbering",
    "renumbered",
    "references",
    "dangling",
)
_RESTORE = "Restore the file with git"


def _or_restore(todo: str) -> str:
    return f"{todo}, or restore the file with git"


class _Reader:
    """Checks the fields of one record, each failure a one-line message naming the file."""

    def __init__(self, filename: str, storing: bool = False) -> None:
        self.filename = filename
        self.storing = storing

    def fail(self, what: str, todo: str = _RESTORE) -> NoReturn:
        if self.storing:  # a caller's mistake, found before anything is written
            raise RecordError(f"Cannot store amendment {self.filename}: {what}")
        raise RecordError(f"{self.filename}: {what}. {todo}")

    def mapping(self, value: object, where: str, known: Iterable[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(f"{where} is not a mapping of fields")
        for key in value:
            if key not in known:
                self.fail(f"unknown field {key!r} in {where}", _or_restore("Remove it"))
        return cast(dict[str, Any], value)

    def get(self, data: Mapping[str, Any], key: str, where: str, kind: type, default: Any) -> Any:
        if key not in data:
            if default is None:
                self.fail(f"the field {key!r} is missing in {where}")
            return default
        value = data[key]
        if kind is datetime:
            return self.time(value, key, where)
        if isinstance(value, kind) and not isinstance(value, bool):
            return value
        noun = {str: "a string", int: "an integer", list: "a list"}[kind]
        self.fail(f"the field {key!r} in {where} must be {noun}, not {type(value).__name__}")

    def time(self, value: object, key: str, where: str) -> datetime:
        if isinstance(value, str):  # a quoted time, as a hand edit might leave it
            with suppress(ValueError):
                value = datetime.fromisoformat(value)
        if isinstance(value, datetime) and value.tzinfo is not None:
            with suppress(OverflowError, ValueError):  # out of range in UTC
                return value.astimezone(UTC)
        self.fail(
            f"the field {key!r} in {where} is not a date and time in UTC "
            "(like 2024-03-17T10:00:00.000000Z)"
        )

    def person(self, value: str, key: str, where: str) -> str:
        try:
            Person.parse(value)
        except InputError:
            self.fail(f'the field {key!r} in {where} is not "Name <email>": {value!r}')
        return value

    def status(self, value: str, where: str) -> Status:
        try:
            return Status(value)
        except ValueError:
            choices = ", ".join(Status)
            self.fail(f"unknown status {value!r} in {where}", _or_restore(f"Use {choices}"))


def load_record(text: str, *, filename: str) -> Amendment:
    """Read and check a record; ``filename`` ("q7k2mx4a.md", or a path) names it in errors."""
    return _read(text, _Reader(filename))


def _read(text: str, r: _Reader) -> Amendment:
    m = _FRONT_RE.match(text)
    if m is None:
        r.fail("no front matter (a '---' line, the fields in YAML, another '---' line)")
    yaml, safe_loader, _ = _yaml()
    try:
        try:
            raw = yaml.load(m.group(1), Loader=safe_loader)
        except yaml.YAMLError:
            # Read again with the pure-Python loader: its messages are the same on
            # every machine, whether PyYAML has libyaml or not.
            raw = yaml.load(m.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark is not None else ""
        problem = " ".join(str(getattr(e, "problem", None) or e).split())
        r.fail(f"invalid YAML{line}: {problem}", _or_restore("Fix the front matter"))
    except (ValueError, KeyError, AttributeError, OverflowError, TypeError, RecursionError):
        # PyYAML's constructors fail this way on values such as "!!float x" or a
        # timestamp out of range.
        r.fail("invalid YAML: a value cannot be read", _or_restore("Fix the front matter"))
    return _build(raw, r)


def _build(raw: object, r: _Reader) -> Amendment:
    """The amendment the front matter's data (as read from YAML) holds, checked."""
    top = "the front matter"
    data = r.mapping(raw, top, _FIELDS)
    ident = r.get(data, "id", top, str, None)
    if PurePath(r.filename).name != f"{ident}.md" and not r.storing:
        raise RecordError(
            f"{r.filename} holds amendment {ident!r}; the file name and the id must match. "
            + _RESTORE
        )
    if not is_amendment_id(ident):
        r.fail(f"{ident!r} is not an amendment id (8 letters and digits, like q7k2mx4a)")
    base = r.get(data, "base", top, str, None)
    if not _COMMIT_RE.fullmatch(base):
        r.fail(f"the field 'base' must be a commit id (40 hex digits), not {base!r}")
    cosponsors = r.get(data, "cosponsors", top, list, [])
    if not all(isinstance(c, str) for c in cosponsors):
        r.fail("the field 'cosponsors' must be a list of strings")
    status = r.status(r.get(data, "status", top, str, None), top)
    decision = _decision(r, data["decision"]) if "decision" in data else None
    conflict = r.get(data, "conflict", top, str, "")
    if status in FINAL and decision is None:
        r.fail(f"amendment {ident} is {status} but has no decision")
    if status not in FINAL and decision is not None:
        r.fail(f"amendment {ident} is {status} but has a decision")
    if decision is not None and decision.status is not status:
        r.fail(f"the decision says {decision.status} but the status is {status}")
    if status is _S.CONFLICTED and not conflict:
        r.fail(f"amendment {ident} is conflicted but does not say why (field 'conflict')")
    document = r.get(data, "document", top, str, None)
    if not document.strip():
        r.fail("the field 'document' is empty")
    ops = r.get(data, "operations", top, list, None)
    if not ops:
        r.fail(f"amendment {ident} has no operations")
    return Amendment(
        id=ident,
        document=document,
        author=r.person(r.get(data, "author", top, str, None), "author", top),
        created=r.get(data, "created", top, datetime, None),
        base=base,
        operations=tuple(_operation(r, op, n) for n, op in enumerate(ops, 1)),
        rationale=r.get(data, "rationale", top, str, ""),
        cosponsors=tuple(r.person(c, "cosponsors", top) for c in cosponsors),
        order=r.get(data, "order", top, int, 0),
        status=status,
        decision=decision,
        conflict=conflict,
        drafted=r.get(data, "drafted", top, datetime, None) if "drafted" in data else None,
    )


def _decision(r: _Reader, raw: object) -> Decision:
    where = "the decision"
    data = r.mapping(raw, where, _DECISION_FIELDS)
    numbering = r.get(data, "numbering", where, str, "")
    if numbering and numbering not in NUMBERING_MODES:
        r.fail(
            f"unknown numbering {numbering!r} in {where}",
            _or_restore(f"Use {', '.join(NUMBERING_MODES)}"),
        )

    def rows(
        key: str, fields: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> list[dict[str, str]]:
        out = []
        for n, row in enumerate(r.get(data, key, where, list, []), 1):
            place = f"{key} {n} of {where}"
            row = r.mapping(row, place, fields + optional)
            out.append(
                {
                    f: r.get(row, f, place, str, "" if f in optional else None)
                    for f in fields + optional
                }
            )
            for f in ("clause", "target"):
                if f in row and not is_id(row[f]):
                    r.fail(f"the {f} of {place} is not a clause id: {row[f]!r}")
        return out

    return Decision(
        status=r.status(r.get(data, "status", where, str, None), where),
        by=r.person(r.get(data, "by", where, str, None), "by", where),
        date=r.get(data, "date", where, datetime, None),
        reason=r.get(data, "reason", where, str, ""),
        numbering=numbering,
        renumbered=tuple(
            Renumbered(x["clause"], x["from"], x["to"], x["written"] or x["to"])
            for x in rows("renumbered", ("clause", "from", "to"), ("written",))
        ),
        references=tuple(
            ReferenceChange(x["clause"], x["from"], x["to"])
            for x in rows("references", ("clause", "from", "to"))
        ),
        dangling=tuple(
            Dangling(x["clause"], x["reference"], x["item"], x["target"])
            for x in rows("dangling", ("clause", "reference", "item", "target"))
        ),
    )


def _operation(r: _Reader, raw: object, n: int) -> Operation:
    where = f"operation {n}"
    data = r.mapping(raw, where, _OP_FIELDS)
    fields = {k: r.get(data, k, where, str, "") for k in _OP_FIELDS}
    try:
        op = OpKind(r.get(data, "op", where, str, None))
    except ValueError:
        r.fail(f"unknown op {data['op']!r} in {where}", _or_restore(f"Use {', '.join(OpKind)}"))
    where = f"operation {n} ({op})"
    needs = {"target": op is not OpKind.INSERT, "anchor": op in (OpKind.INSERT, OpKind.MOVE)}
    for key, needed in needs.items():
        value = fields[key]
        if needed and not value:
            r.fail(f"{where} has no {key}")
        if value and not is_id(value) and not (key == "target" and value in (PREAMBLE, EPILOGUE)):
            r.fail(f"the {key} of {where} is not a clause id: {value!r}")
    where_ = fields["where"] or "after"
    if where_ not in ("after", "before"):
        r.fail(f"the field 'where' in {where} must be after or before, not {where_!r}")
    target, anchor, base, new = (fields[k] for k in ("target", "anchor", "base", "new"))
    return Operation(op, target, anchor, cast(Where, where_), base, new)


# -- the body for people -----------------------------------------------------------------

Lang = Literal["ru", "uk", "en"]

_WORDS: dict[str, tuple[str, str, str]] = {
    "amendment": ("Поправка", "Поправка", "Amendment"),
    "note": (
        "Данные поправки — в заголовке файла (YAML); этот текст лишь для чтения.",
        "Дані поправки — у заголовку файлу (YAML); цей текст лише для читання.",
        "The amendment's data is the YAML header of this file; this text is for reading only.",
    ),
    "document": ("Документ", "Документ", "Document"),
    "author": ("Автор", "Автор", "Author"),
    "cosponsors": ("Соавторы", "Співавтори", "Co-sponsors"),
    "created": ("Внесена", "Внесена", "Proposed on"),
    "drafted": ("Подготовлена", "Підготовлена", "Drafted on"),
    "base": ("Редакция", "Редакція", "Made against version"),
    "status": ("Статус", "Статус", "Status"),
    "conflict": ("Конфликт", "Конфлікт", "Conflict"),
    "rationale": ("Обоснование", "Обґрунтування", "Rationale"),
    "current": ("Текущая редакция", "Поточна редакція", "Current wording"),
    "proposed": ("Предлагаемая редакция", "Запропонована редакція", "Proposed wording"),
    "empty": ("(пусто)", "(порожньо)", "(empty)"),
    "replace": ("Изложить {t} в новой редакции", "Викласти {t} в новій редакції", "Reword {t}"),
    "insert.after": ("Вставить после {a}", "Вставити після {a}", "Insert after {a}"),
    "insert.before": ("Вставить перед {a}", "Вставити перед {a}", "Insert before {a}"),
    "delete": ("Исключить {t}", "Виключити {t}", "Delete {t}"),
    "move.after": ("Переместить {t} после {a}", "Перемістити {t} після {a}", "Move {t} after {a}"),
    "move.before": (
        "Переместить {t} перед {a}",
        "Перемістити {t} перед {a}",
        "Move {t} before {a}",
    ),
    # The clause as the object of the verb (accusative) and after a preposition (genitive).
    PREAMBLE: (
        "вводную часть|вводной части",
        "вступну частину|вступної частини",
        "the opening text|the opening text",
    ),
    EPILOGUE: (
        "заключительную часть|заключительной части",
        "заключну частину|заключної частини",
        "the closing text|the closing text",
    ),
    "status.proposed": ("внесена", "внесена", "proposed"),
    "status.accepted": ("принята", "прийнята", "accepted"),
    "status.rejected": ("отклонена", "відхилена", "rejected"),
    "status.withdrawn": ("отозвана", "відкликана", "withdrawn"),
    "status.conflicted": (
        "в конфликте с текущим текстом",
        "у конфлікті з поточним текстом",
        "conflicted with the current text",
    ),
    "status.lapsed": ("снята с рассмотрения", "знята з розгляду", "lapsed"),
    "consequences": (
        "Последствия принятия",
        "Наслідки прийняття",
        "What the acceptance changed besides",
    ),
    "renumbered": ("Перенумерованы", "Перенумеровано", "Renumbered"),
    "references": ("Изменены ссылки", "Змінено посилання", "References updated"),
    "dangling": (
        "{where}: ссылка «{ref}» указывает на исключённый пункт {n}",
        "{where}: посилання «{ref}» вказує на виключений пункт {n}",
        "{where}: «{ref}» refers to item {n}, which it deleted",
    ),
}


def record_body(
    amendment: Amendment, labels: Mapping[str, str], lang: Lang = "ru", number: int | None = None
) -> str:
    """The Markdown under the front matter: the proposal as people read it.

    ``labels`` maps clause ids to labels ("5", "¶3"); an id without one is shown as is.
    """
    a = amendment

    def w(key: str) -> str:
        return _WORDS[key][{"ru": 0, "uk": 1}.get(lang, 2)]

    def ref(clause: str, case: int) -> str:
        if clause in (PREAMBLE, EPILOGUE):
            return w(clause).split("|")[case]
        label = labels.get(clause, clause)
        if lang not in ("ru", "uk"):
            return f"clause {label}"
        return f"п. {label}" if label[:1].isdigit() else label

    title = f"{number} ({a.id})" if number else a.id
    facts = [
        (w("document"), a.document),
        (w("author"), a.author),
        (w("cosponsors"), ", ".join(a.cosponsors)),
        (w("created"), a.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        (
            w("drafted"),
            a.drafted.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if a.drafted else "",
        ),
        (w("base"), a.base[:12]),
        (w("status"), _status_line(a, w(f"status.{a.status}"))),
        (w("conflict"), a.conflict),
    ]
    out = [f"# {w('amendment')} {title}", "", f"<!-- {w('note')} -->", ""]
    out += [f"- **{k}:** {_inline(v)}" for k, v in facts if v]
    if a.rationale.strip():
        out += ["", f"## {w('rationale')}", "", a.rationale.strip("\n")]
    d = a.decision
    if d is not None and (d.renumbered or d.references or d.dangling):
        out += ["", f"## {w('consequences')}", ""]
        if d.renumbered:
            out.append(f"- {w('renumbered')}: " + _inline(", ".join(map(str, d.renumbered))))
        for change in d.references:
            out.append(
                f"- {w('references')}: {_inline(ref(change.clause, 0))}: {_inline(str(change))}"
            )
        for g in d.dangling:
            line = w("dangling").format(where=ref(g.clause, 0), ref=g.reference, n=g.number)
            out.append(f"- {_inline(line)}")
    for n, op in enumerate(a.operations, 1):
        key = f"{op.op}.{op.where}" if op.op in (OpKind.INSERT, OpKind.MOVE) else str(op.op)
        heading = w(key).format(t=ref(op.target, 0), a=ref(op.anchor, 1))
        out += ["", f"## {n}. {heading[0].upper()}{heading[1:]}"]
        if op.op is not OpKind.INSERT:
            out += ["", f"{w('current')}:", "", _quote(op.base, w("empty"))]
        if op.op is not OpKind.DELETE and not (op.op is OpKind.MOVE and op.new == op.base):
            out += ["", f"{w('proposed')}:", "", _quote(op.new, w("empty"))]
    return "\n".join(out) + "\n"


def _status_line(a: Amendment, word: str) -> str:
    d = a.decision
    if d is None:
        return word
    reason = f": {d.reason}" if d.reason else ""
    return f"{word} — {d.by}, {d.date.astimezone(UTC):%Y-%m-%d}{reason}"


def _inline(text: str) -> str:
    """One line of Markdown showing ``text`` as written (markup characters escaped)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


def _quote(source: str, empty: str) -> str:
    """A clause's Markdown as a block quote; an empty source as a note saying so."""
    lines = source.strip("\n").split("\n")
    if not source.strip():
        return f"> _{empty}_"
    return "\n".join(f"> {line}" if line else ">" for line in lines)
