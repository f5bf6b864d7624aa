"""The drafting language: amendments worded as parliaments' drafting services word them.

    В пункте 5 слова «Опыт создания» заменить словами «Опыт открытия».
    Пункт 4 исключить. Пункты 5–8 считать соответственно пунктами 4–7.
    У пункті 5 слова «X» замінити словами «Y».
    In paragraph 5, replace “X” with “Y”.

:func:`wording` states an amendment's operations in Russian, Ukrainian or
English against the document they were made against (the version that names
the clauses as the meeting saw them); :func:`read_instructions` reads such
instructions, written by people or by :func:`wording`, into the operations
every other form of ``propose`` makes. A wording always reads back as the
operations it states: each sentence is checked by reading it back, and where
the words a drafter would use cannot carry an operation exactly (layout lines,
blank lines), the clause's whole new text is quoted instead.

How places are cited (``пункт 5``, ``абзац двенадцатый``, ``абзац второй
перечня после абзаца двенадцатого``): :mod:`.places`. The sentences:
:mod:`.sentences`. Instructions and their operations: :mod:`.instructions`.

Pure: strings, documents and operations in, strings and operations out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from ..amend import EPILOGUE, PREAMBLE, Operation, OpKind
from ..errors import InputError
from ..frozen import frozen
from ..model import Document
from ..numbering import outline, sub_numbers
from .instructions import (
    Delete,
    Instruction,
    Renumber,
    ResolveError,
    Throughout,
    candidates,
    resolve,
    word_changes,
)
from .places import Cite, cite_of
from .quotes import QuoteError, extract
from .sentences import ReadError, read, say, skeleton

__all__ = [
    "LANGUAGES",
    "Drafted",
    "Renumbering",
    "drafted",
    "read_instructions",
    "wording",
]

LANGUAGES = ("ru", "uk", "en")

#: What accepting an amendment renumbers: old visible number → new ("4" → "5").
Renumbering = Mapping[str, str]


@frozen
class Drafted:
    """An amendment in the drafting language."""

    #: The sentences, in the order of the operations.
    sentences: tuple[str, ...]
    #: Whether every sentence reads back as its operations (it does unless an
    #: operation names a clause the document does not have).
    exact: bool

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def wording(
    doc: Document,
    operations: Sequence[Operation],
    lang: str,
    renumbered: Renumbering | None = None,
) -> str:
    """The amendment ``operations`` in drafting language ``lang`` ("ru", "uk",
    "en"), against ``doc``, the version it was made against; with the
    consequential renumbering sentence when ``renumbered`` says what accepting
    it renumbers. One line: sentences separated by spaces."""
    return drafted(doc, operations, lang, renumbered).text


def drafted(
    doc: Document,
    operations: Sequence[Operation],
    lang: str,
    renumbered: Renumbering | None = None,
) -> Drafted:
    """:func:`wording`, sentence by sentence, and whether it reads back exactly."""
    if lang not in LANGUAGES:
        raise InputError(f"Unknown language {lang!r}. Use one of: {', '.join(LANGUAGES)}")
    instructions, exact = _instructions(doc, list(operations), lang)
    sentences = [say(ins, lang) for ins in instructions]
    if renumbered:
        sentences.append(say(_renumber(doc, renumbered), lang))
    return Drafted(tuple(sentences), exact)


def _renumber(doc: Document, renumbered: Renumbering) -> Renumber:
    """The renumbering sentence's contents: sub-items whose numbers follow their
    item's ("2.1" → "3.1" as "2" → "3") are not named one by one; the sentence says
    once that the item's sub-items follow, as it does for an item whose sub-items
    are written inside its own clause."""

    def follows(old: str, new: str) -> bool:
        head, _, own = old.rpartition(".")
        new_head, _, new_own = new.rpartition(".")
        return bool(head) and own == new_own and renumbered.get(head) == new_head

    implied = {old for old, new in renumbered.items() if follows(old, new)}
    pairs = tuple(
        sorted(
            ((old, new) for old, new in renumbered.items() if old not in implied),
            key=lambda p: _number_key(p[0]),
        )
    )
    holders = set()
    tree = outline(doc)
    for old, _new in pairs:
        if any(sub.startswith(old + ".") for sub in implied):
            holders.add(old)
            continue
        for item in tree.items.values():
            if item.cited() == old and sub_numbers(doc.clauses[item.index].content, old):
                holders.add(old)
                break
    return Renumber(pairs, tuple(sorted(holders, key=_number_key)))


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.-]", number))


def _instructions(doc: Document, ops: list[Operation], lang: str) -> tuple[list[Instruction], bool]:
    """The instructions that state ``ops``, each checked by reading it back."""
    throughout = _throughout(doc, ops, lang)
    if throughout is not None:
        return [throughout], True
    out: list[Instruction] = []
    exact = True
    i = 0
    while i < len(ops):
        run = _deleted_run(doc, ops, i)
        if len(run) > 1 and _reads_back(doc, Delete(run), ops[i : i + len(run)], lang):
            out.append(Delete(run))
            i += len(run)
            continue
        options = list(candidates(doc, ops[i]))
        chosen = next((c for c in options if _reads_back(doc, c, [ops[i]], lang)), None)
        if chosen is None:
            exact = False
            chosen = options[-1] if options else None
        if chosen is not None:
            out.append(chosen)
        i += 1
    return out, exact


def _throughout(doc: Document, ops: list[Operation], lang: str) -> Throughout | None:
    """A replacement throughout the text, when the operations are exactly that."""
    if len(ops) < 2 or any(
        op.op is not OpKind.REPLACE or op.target in (PREAMBLE, EPILOGUE) for op in ops
    ):
        return None
    clause = doc.get(ops[0].target)
    if clause is None:
        return None
    from .instructions import content_of

    content = content_of(clause, ops[0].new)
    if content is None:
        return None
    tried = set()
    for plain in (True, False):
        for change in word_changes(clause.content, content, plain):
            pair = (change.old, change.new)
            if change.action != "replace" or pair in tried:
                continue
            tried.add(pair)
            option = Throughout(*pair)
            if _reads_back(doc, option, ops, lang):
                return option
    return None


def _deleted_run(doc: Document, ops: list[Operation], i: int) -> tuple[Cite, ...]:
    """Deletions of consecutive numbered items from ``ops[i]`` on, as places."""
    run: list[Cite] = []
    for op in ops[i:]:
        clause = doc.get(op.target) if op.op is OpKind.DELETE else None
        if clause is None:
            break
        cite = cite_of(doc, clause)
        if cite.kind not in ("item", "subitem") or cite.owner is not None:
            break
        if run and (cite.kind != run[0].kind or not _follows(run[-1].number, cite.number)):
            break
        run.append(cite)
    return tuple(run)


def _follows(a: str, b: str) -> bool:
    head, _, last = a.rpartition(".")
    head2, _, last2 = b.rpartition(".")
    return head == head2 and last.isdigit() and last2.isdigit() and int(last2) == int(last) + 1


def _reads_back(doc: Document, ins: Instruction, ops: Sequence[Operation], lang: str) -> bool:
    """Whether the sentence stating ``ins`` reads back as exactly ``ops``."""
    try:
        body, quoted = extract(say(ins, lang))
        found: list[Operation] = []
        for sentence in _sentences(body):
            for read_back in read(skeleton(sentence, quoted), _limit(doc)):
                found += resolve(doc, read_back)
    except (QuoteError, ReadError, ResolveError):
        return False
    return found == list(ops)


def _limit(doc: Document) -> int:
    return len(doc.clauses) + 1


# -- reading instructions ----------------------------------------------------------------------

#: A line that starts an amendment: "1.", "2)" (when the first one is so), "Поправка 3".
_NUMBERED_RE = re.compile(
    r"^[ \t]*(?:(?:поправка|поправки|amendment)\s*(?:№\s*)?)?(\d+)[.)](?=\s|$)", re.IGNORECASE
)
_SUB_ITEM_RE = re.compile(r"^[ \t]*(?:\d+\)|[а-яa-z]\)|[-–—•])\s")


def read_instructions(text: str, doc: Document) -> list[list[Operation]]:
    """The amendments a text of instructions states, each as its operations
    against ``doc`` (the current text).

    Instructions are numbered ("1.", "2." …, each with its own lines) or not (one
    a line; a line ending in ":" goes on with the sub-items under it); several
    sentences in one instruction make one amendment. Anything that does not name
    exactly one place, or words that are not there, is refused with an
    :class:`InputError` naming the instruction: then nothing is read.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        body, quoted = extract(text)
    except QuoteError as e:
        line = text.count("\n", 0, e.args[0]) + 1
        raise InputError(
            f"The quote opened on line {line} of the instructions is never closed. "
            "Close it with the matching quote mark"
        ) from None
    parts = _amendments(body)
    if not parts:
        raise InputError(
            "There are no instructions to read. Write one per line, e.g. 'Пункт 4 исключить.'"
        )
    amendments: list[list[Operation]] = []
    for name, part in parts:
        ops: list[Operation] = []
        for sentence in _sentences(part):
            sk = skeleton(sentence, quoted)
            try:
                for ins in read(sk, _limit(doc)):
                    ops += resolve(doc, ins)
            except (ReadError, ResolveError) as e:
                raise InputError(
                    f"Instruction {name} ({_shown(sentence, quoted)}): {e}. "
                    "Correct it; nothing was proposed"
                ) from None
        if not ops:
            raise InputError(
                f"Instruction {name} ({_shown(part, quoted)}) changes nothing. "
                "Correct it; nothing was proposed"
            )
        amendments.append(ops)
    return amendments


def _amendments(body: str) -> list[tuple[str, str]]:
    """The instructions of a text (quotes taken out): (name, text) each."""
    lines = [line for line in body.split("\n") if line.strip()]
    parts: list[tuple[str, str]] = []
    numbered = bool(lines) and _NUMBERED_RE.match(lines[0]) is not None
    for line in lines:
        m = _NUMBERED_RE.match(line)
        if numbered and m:
            parts.append((m.group(1), line[m.end() :].strip()))
            continue
        continues = parts and (
            numbered or parts[-1][1].rstrip().endswith((":", ";", ",")) or _SUB_ITEM_RE.match(line)
        )
        if continues:
            name, before = parts[-1]
            parts[-1] = (name, f"{before} {_SUB_ITEM_RE.sub('', line).strip()}")
        else:
            parts.append((str(len(parts) + 1), line.strip()))
    return [(name, part) for name, part in parts if part]


_SENTENCE_END_RE = re.compile(r"(?<=[.!])\s+(?=\S)")


def _sentences(text: str) -> list[str]:
    """The sentences of an instruction: a full stop and a space end one ("п. 5"
    abbreviations are read first, so that their stop does not)."""
    from .sentences import expand_abbreviations

    return [s for s in _SENTENCE_END_RE.split(expand_abbreviations(text).strip()) if s.strip()]


def _shown(text: str, quoted: list[str], width: int = 60) -> str:
    """An instruction as the user wrote it, shortened for an error message."""
    restored = re.sub("\ue000(\\d+)\ue001", lambda m: f"«{quoted[int(m.group(1))]}»", text)
    line = " ".join(restored.split())
    return f"“{line if len(line) <= width else line[: width - 1] + '…'}”"
