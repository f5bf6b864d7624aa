"""Clause ids: short, stable, the same on every clone.

An id is 4 or more characters: a Latin letter, then letters and digits, with
look-alikes (i, l, o, 0, 1) left out, e.g. ``k3f9``. Labels start with a digit,
"¶" or "•", so an id never reads as a label.

A new clause's id is derived from its text (a hash, salted until it is free),
so two clones that add the same clause give it the same id. Free means that
no clause of the document has it now and none had it before: an id names one
clause for the whole history, so the ids of deleted clauses are **retired**
and never given again. A clause that continues into a new version keeps its
id; which clause continues which is decided by :func:`resolution_vcs.align.align`.

Each draft's ids are kept beside it in ``drafts/<slug>.ids`` (see
:func:`format_id_file`): one id per clause, in order, the git blob id of the
text they describe (so a hand edit committed with plain git is detected and
the ids are re-anchored by content), and the retired ids. The retired ids of
a version are those of the version before plus the ids it dropped: they
follow from the history alone, so every clone has the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .align import align
from .errors import InputError
from .frozen import frozen
from .model import Clause, Document
from .text import comparison_key

ID_LETTERS = "abcdefghjkmnpqrstuvwxyz"
ID_CHARS = ID_LETTERS + "23456789"
ID_RE = re.compile(r"[a-hjkmnp-z][a-hjkmnp-z2-9]{3,9}")


def is_id(value: str) -> bool:
    """Whether ``value`` has the shape of a clause id."""
    return ID_RE.fullmatch(value) is not None


def clause_key(clause: Clause) -> str:
    """What alignment compares: the clause's Markdown with white space folded."""
    return comparison_key(clause.content)


def id_length(total: int) -> int:
    """Shortest id length that keeps random collisions rare for ``total`` clauses."""
    length, space = 4, len(ID_LETTERS) * len(ID_CHARS) ** 3
    while space < total * 200:
        length += 1
        space *= len(ID_CHARS)
    return length


def new_id(key: str, taken: set[str], length: int) -> str:
    """A free id derived from ``key``: the same key and taken set give the same id."""
    from .digests import blake2b

    salt = 0
    while True:
        digest = blake2b(f"{salt}\x00{key}".encode(), digest_size=16).digest()
        n = int.from_bytes(digest, "big")
        chars = [ID_LETTERS[n % len(ID_LETTERS)]]
        n //= len(ID_LETTERS)
        for _ in range(length - 1):
            chars.append(ID_CHARS[n % len(ID_CHARS)])
            n //= len(ID_CHARS)
        candidate = "".join(chars)
        if candidate not in taken:
            return candidate
        salt += 1


class ClauseTexts(Sequence[str]):
    """The plain texts of a document's clauses, computed only for the clauses
    that alignment actually compares (most are paired by exact content)."""

    def __init__(self, document: Document) -> None:
        self._clauses = document.clauses

    def __len__(self) -> int:
        return len(self._clauses)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [c.text for c in self._clauses[i]]
        return self._clauses[i].text


def with_ids(
    document: Document,
    ids: Sequence[str],
    retired: Iterable[str] | None = None,
    earlier: tuple[Document, Document] | None = None,
    *,
    own: bool = False,
) -> Document:
    """The same document with these ids, one per clause in order (and, when
    given, these retired ids). ``earlier``: a document and what this function made
    of it; a clause of ``document`` that is one of the former's, given the same id,
    is taken from the latter (no new copy). ``own``: the clauses are held by no
    other document (a parse just read): they are given the ids themselves, and
    ``document`` is not to be used afterwards (a long draft's clauses are not all
    copied)."""
    if len(ids) != len(document.clauses):
        raise ValueError("one id per clause is needed")
    if own:
        for c, i in zip(document.clauses, ids, strict=True):
            if c.id != i:
                c.__dict__["id"] = i  # frozen for everyone else
        if retired is None:
            return replace(document, clauses=document.clauses)
        return replace(document, clauses=document.clauses, retired=frozenset(retired))
    made: dict[int, Clause] = {}
    if earlier is not None:
        made = {id(c): d for c, d in zip(earlier[0].clauses, earlier[1].clauses, strict=True)}
    clauses = []
    for c, i in zip(document.clauses, ids, strict=True):
        if c.id != i:
            found = made.get(id(c))
            c = found if found is not None and found.id == i else _with_id(c, i)
        clauses.append(c)
    if retired is None:
        return replace(document, clauses=tuple(clauses))
    return replace(document, clauses=tuple(clauses), retired=frozenset(retired))


def used_ids(document: Document) -> set[str]:
    """Every id a new clause of the document's next version may not take: its
    clauses' ids and its retired ids."""
    return {c.id for c in document.clauses} | document.retired


def retired_after(previous: Document, ids: Iterable[str]) -> frozenset[str]:
    """The retired ids of the version after ``previous`` whose clauses have ``ids``."""
    return frozenset(used_ids(previous).difference(ids))


def _with_id(clause: Clause, clause_id: str) -> Clause:
    """A copy of a clause with another id (cheaper than dataclasses.replace, which
    runs the constructor: this is done for every clause of every version read)."""
    new = object.__new__(Clause)
    fields = new.__dict__
    fields.update(clause.__dict__)
    fields.pop("text", None)  # the cached plain text goes with the copy's own parts
    fields["id"] = clause_id
    return new


def fresh_ids(document: Document, taken: Iterable[str] = ()) -> list[str]:
    """Ids for a document seen for the first time."""
    return _fill([None] * len(document.clauses), document, set(taken))


def carry_ids(document: Document, previous: Document) -> list[str]:
    """Ids for a new version: each clause that continues one of ``previous``
    keeps its id (aligned by content), new clauses get new ids."""
    match = align(
        [clause_key(c) for c in previous.clauses],
        [clause_key(c) for c in document],
        ClauseTexts(previous),
        ClauseTexts(document),
    )
    ids: list[str | None] = [None if o is None else previous.clauses[o].id for o in match]
    return _fill(ids, document, used_ids(previous))


def assign_ids(document: Document, previous: Document | None = None) -> Document:
    """``document`` with ids: carried over from ``previous`` where clauses continue
    (with the retired ids that follow)."""
    if previous is None:
        return with_ids(document, fresh_ids(document))
    ids = carry_ids(document, previous)
    return with_ids(document, ids, retired_after(previous, ids))


def _fill(ids: list[str | None], document: Document, taken: set[str]) -> list[str]:
    missing = [n for n, i in enumerate(ids) if i is None]
    length = id_length(len(taken) + len(ids))
    taken.update(i for i in ids if i is not None)
    for n in missing:
        ids[n] = new_id(clause_key(document.clauses[n]), taken, length)
        taken.add(ids[n])  # type: ignore[arg-type]
    return [i for i in ids if i is not None]


def git_blob_id(text: str | bytes) -> str:
    """The id git gives a file with this text, or these bytes (SHA-1 of the blob object)."""
    from .digests import sha1

    data = text.encode("utf-8") if isinstance(text, str) else text
    header = b"blob %d\x00" % len(data)
    digest = sha1(header, len(header) + len(data))
    digest.update(data)  # not joined to the header first: a long text is not copied
    return digest.hexdigest()


_ID_FILE_HEADER = "# Clause ids of {name}, one per clause in order. Written by resvcs; do not edit."


def format_id_file(
    name: str, text: str | bytes, ids: Sequence[str], retired: Iterable[str] = ()
) -> str:
    """The ids file kept beside a draft: a header, the blob id of the draft
    text the ids belong to, the retired ids (sorted, on one line), then one id
    per line."""
    lines = [
        _ID_FILE_HEADER.format(name=name),
        f"source {git_blob_id(text)}",
        " ".join(["retired", *sorted(retired)]),
        *ids,
    ]
    return "\n".join(lines) + "\n"


@frozen
class IdFile:
    """What an ids file records."""

    source: str  # the git blob id of the text the ids belong to
    ids: list[str]
    #: The retired ids; None in files written before they were recorded.
    retired: frozenset[str] | None
    #: Whether an id is listed twice (no file resvcs writes does that).
    repeats: bool = False


#: An ids file as resvcs writes it: the header, the source line, the retired
#: ids (:data:`_ID_FILE_HEAD`), then one id per line (:data:`_ID_LINES`).
_ID_FILE_HEAD = re.compile(
    r"#[^\n]*\nsource ([0-9a-f]{40})\n(?:retired((?: " + ID_RE.pattern + r")*)\n)?"
)
_ID_LINES = re.compile(r"(?:" + ID_RE.pattern + r"\n)*")

#: The id lines read last and what they hold (ids, whether one repeats): the versions of
#: a draft are mostly read in order, and most keep the ids of the one before, so their
#: lines are checked and split once. Kept by the lines themselves: other lines are read.
_last_lines: tuple[str, list[str], bool] | None = None


def read_id_file(content: str) -> IdFile:
    """What an ids file records; InputError if it is not one."""
    global _last_lines
    m = _ID_FILE_HEAD.match(content)
    if m is not None:  # the usual case, read fast (long drafts have many ids)
        lines = content[m.end() :]
        last = _last_lines
        if last is None or last[0] != lines:
            last = None
            if _ID_LINES.fullmatch(lines) is not None:
                listed = lines.split("\n")[:-1]
                last = _last_lines = (lines, listed, len(set(listed)) != len(listed))
        if last is not None:
            retired = None if m.group(2) is None else frozenset(m.group(2).split())
            # A list of its own: a caller may change it.
            return IdFile(m.group(1), list(last[1]), retired, last[2])
    source = ""
    ids: list[str] = []
    found: set[str] | None = None
    for line in content.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("source "):
            source = line[len("source ") :].strip()
        elif is_id(line):
            ids.append(line)
        elif line.split()[0] == "retired" and all(map(is_id, line.split()[1:])):
            found = (found or set()) | set(line.split()[1:])
        else:
            raise InputError(f"Unexpected line {line!r} in an ids file. Restore it with git")
    retired = None if found is None else frozenset(found)
    return IdFile(source, ids, retired, len(set(ids)) != len(ids))


def parse_id_file(content: str) -> tuple[str, list[str]]:
    """The blob id and the ids recorded in an ids file."""
    found = read_id_file(content)
    return found.source, found.ids
