"""Redlines of a :class:`~resolution_vcs.diff.DocumentDiff`: terminal, CriticMarkup, JSON, HTML.

All four show the same thing, the clauses with their word-level changes, for
different readers:

* :func:`render_text` for a terminal, wdiff style (``[-old-]{+new+}``, as
  ``git diff --word-diff=plain``) or in red and green;
* :func:`render_markdown` as CriticMarkup of the new text, a faithful record:
  accepting every change gives back the new version;
* :func:`render_json` for programs (schema ``resvcs.diff/1``, below);
* :func:`render_html` as one self-contained, printable page.

Invisible characters cannot hide a change: in changed runs zero-width
characters are shown as ``<U+200B>``, and in a change of spacing only the
spaces themselves are shown (``<NBSP>``). Bidirectional controls and control
characters are shown everywhere, since they can reorder or overwrite what a
reader sees around them. CriticMarkup and JSON keep every character as it is.

JSON schema ``resvcs.diff/1`` (docs/diff-json.md has the full description)::

    {
      "schema": "resvcs.diff/1",
      "summary": {"added": 0, "deleted": 0, "modified": 1, "moved": 0,
                  "renumbered": 0, "layout": 0, "unchanged": 12},
      "layout_changed": false,
      "ignored": {"line breaks": 3},       # clauses per category ignored, if asked
      "changes": [                         # every clause, in reading order
        {"kind": "modified",               # main kind
         "kinds": ["modified"],            # all kinds; ["unchanged"] if none
         "old": {"id": "k3f9", "label": "5", "text": "..."} | null,
         "new": {"id": "k3f9", "label": "5", "text": "..."} | null,
         "ops": [{"op": "equal" | "delete" | "insert", "text": "...",
                  "old_text": "..."}],     # old_text only where spacing differs
         "ignored": ["line breaks"]}       # what the clause differs in, ignored
      ]
    }

``text`` is the clause's Markdown without its list marker
(:attr:`Clause.content`); ``ops`` are given for modified clauses and for
layout changes of a clause's Markdown only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from json.encoder import encode_basestring as _encode_string
from typing import TYPE_CHECKING, Any, Literal

from ..collect import paused
from ..diff import ChangeKind, ClauseChange, DocumentDiff, InlineOp, OpName
from ..frozen import frozen
from ..model import Clause, ClauseKind
from ..numbering import source_number
from ..text import tokenize
from ..typography import EVERYTHING, differences, tokens
from .i18n import Lang, cite, resolve_lang, t
from .ignored import ignored_counts
from .markup import Piece, runs_html, visible_pieces

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

SCHEMA = "resvcs.diff/1"

#: The order of the summary counts, in JSON and on pages.
SUMMARY_ORDER = ("added", "deleted", "modified", "moved", "renumbered", "layout", "unchanged")

# --- Runs: the ops of one clause, refined for display ----------------------------------


@frozen
class Run:
    """A stretch of a clause that is equal, deleted or inserted.

    Unlike :class:`InlineOp`, an equal run reads the same on both sides: a
    difference in spacing inside an equal op becomes a delete and an insert
    run with ``spacing=True``, so every renderer can show it.
    """

    op: OpName
    text: str
    spacing: bool = False

    def pieces(self) -> tuple[Piece, ...]:
        """The run's text with invisible characters named, as the run's kind requires."""
        return visible_pieces(self.text, changed=self.op != "equal", spacing=self.spacing)


def expand_ops(ops: Iterable[InlineOp], ignored: frozenset[str] = frozenset()) -> tuple[Run, ...]:
    """Runs for inline ops: equal ops whose sides differ in spacing are split
    into equal runs and delete/insert pairs for each differing space; a
    difference in the ``ignored`` categories (of :mod:`resolution_vcs.typography`)
    stays equal, as the new side reads."""
    runs: list[Run] = []

    def add(run: Run) -> None:
        if runs and run.op == "equal" and runs[-1].op == "equal":
            runs[-1] = Run("equal", runs[-1].text + run.text)
        elif run.text:
            runs.append(run)

    for op in ops:
        if op.op != "equal" or op.old_text is None or op.old_text == op.text:
            add(Run(op.op, op.text))
            continue
        if ignored:
            old_tokens, new_tokens = tokens(op.old_text, EVERYTHING), tokens(op.text, EVERYTHING)
        else:
            old_tokens, new_tokens = tokenize(op.old_text), tokenize(op.text)
        if len(old_tokens) != len(new_tokens):  # not a spacing change after all
            add(Run("delete", op.old_text))
            add(Run("insert", op.text))
            continue
        for old_token, new_token in zip(old_tokens, new_tokens, strict=True):
            if old_token == new_token or (ignored and differences(old_token, new_token) <= ignored):
                add(Run("equal", new_token))
            else:
                spacing = old_token[:1].isspace()
                add(Run("delete", old_token, spacing=spacing))
                add(Run("insert", new_token, spacing=spacing))
    return tuple(runs)


def change_ops(change: ClauseChange) -> tuple[InlineOp, ...]:
    """Ops that turn the clause's old content into its new one, for every kind of change.

    Added clauses are one insert, deleted ones one delete, clauses with the
    same words one equal op; modified clauses have their word-level ops.
    """
    if change.old is None:
        assert change.new is not None
        return (InlineOp("insert", change.new.content),)
    if change.new is None:
        return (InlineOp("delete", change.old.content),)
    if change.ops:
        return change.ops
    return (InlineOp("equal", change.new.content),)


def change_runs(change: ClauseChange) -> tuple[Run, ...]:
    """The runs of one clause (see :func:`change_ops`)."""
    return expand_ops(change_ops(change), change.ignored)


NoteStyle = Literal["note", "header", "badge"]


def change_notes(
    change: ClauseChange, lang: Lang | str, *, style: NoteStyle = "note"
) -> list[tuple[ChangeKind, str]]:
    """What happened to a clause, kind by kind, in words: [(MOVED, "moved from ¶3"), ...].

    ``style`` "note" (table notes): "moved from ¶3", "renumbered, was 3";
    "header" (terminal): "moved from ¶3", "renumbered 3 → 4"; "badge" (HTML):
    "moved ¶3 → ¶5", "renumbered 3 → 4". A moved clause is not also called
    renumbered: the label it moved from says it already.
    """
    kinds = change.kinds
    notes: list[tuple[ChangeKind, str]] = []
    if ChangeKind.ADDED in kinds:
        notes.append((ChangeKind.ADDED, t("kind.added", lang)))
    if ChangeKind.DELETED in kinds:
        notes.append((ChangeKind.DELETED, t("kind.deleted", lang)))
    old_label = change.old.label if change.old else ""
    new_label = change.new.label if change.new else ""
    if ChangeKind.MOVED in kinds:
        if style == "badge":
            text = t("note.moved_arrow", lang, old=old_label, new=new_label)
        else:
            text = t("note.moved", lang, old=cite(old_label, lang))
        notes.append((ChangeKind.MOVED, text))
    if ChangeKind.MODIFIED in kinds:
        key = "note.modified_spacing" if change.whitespace_only else "kind.modified"
        notes.append((ChangeKind.MODIFIED, t(key, lang)))
    if ChangeKind.LAYOUT in kinds:
        notes.append((ChangeKind.LAYOUT, t("kind.layout", lang)))
    if ChangeKind.RENUMBERED in kinds and ChangeKind.MOVED not in kinds:
        if old_label == new_label and change.old and change.new:
            # A number in a paragraph's text ("2. …", "а) …"): its label did not move.
            old_label = source_number(change.old.content) or old_label
            new_label = source_number(change.new.content) or new_label
        if style != "note":
            text = t("note.renumbered_arrow", lang, old=old_label, new=new_label)
        else:
            text = t("note.renumbered", lang, old=old_label)
        notes.append((ChangeKind.RENUMBERED, text))
    return notes or [(ChangeKind.UNCHANGED, t("kind.unchanged", lang))]


def describe(change: ClauseChange, lang: Lang | str, *, style: NoteStyle = "note") -> str:
    """:func:`change_notes` as one phrase: "moved from ¶3; modified"."""
    notes = change_notes(change, lang, style=style)
    return t("note.separator", lang).join(text for _, text in notes)


def summary_items(delta: DocumentDiff, lang: Lang | str) -> list[tuple[str, int]]:
    """The summary counts with their names, in :data:`SUMMARY_ORDER`."""
    return [(t(f"sum.{key}", lang), delta.summary.get(key, 0)) for key in SUMMARY_ORDER]


def sample_text(delta: DocumentDiff, limit: int = 200_000) -> str:
    """The text a document's language is guessed from: the new version's clauses
    (the old one's if none are left), up to about ``limit`` characters.

    Clause Markdown rather than plain text: it is at hand without rendering,
    and markup has too few letters to tip the balance.
    """
    for side in ("new", "old"):
        parts: list[str] = []
        size = 0
        for change in delta.changes:
            clause = change.new if side == "new" else change.old
            if clause is None:
                continue
            parts.append(clause.content)
            size += len(clause.content)
            if size >= limit:
                break
        if parts:
            return "\n".join(parts)
    return ""


# --- Terminal --------------------------------------------------------------------------

_RESET = "\x1b[0m"
_STYLES = {
    "delete": "\x1b[31m",
    "insert": "\x1b[32m",
    "delete-spacing": "\x1b[41m",  # background, so that a changed space shows
    "insert-spacing": "\x1b[42m",
    "header": "\x1b[1m",
}
_BRACKETS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}


def _paint(text: str, style: str) -> str:
    """Colour each line separately, so pagers and line-wise tools keep the colour."""
    return "\n".join(f"{_STYLES[style]}{line}{_RESET}" if line else "" for line in text.split("\n"))


def _plain(pieces: Sequence[Piece]) -> str:
    return "".join(f"<{p.text}>" if p.marker else p.text for p in pieces)


def render_text(
    delta: DocumentDiff, *, color: bool, context: bool = False, lang: str | None = "en"
) -> str:
    """A terminal redline: a header per changed clause, then its text with the changes.

    Headers read ``[5] k3f9  modified``; without ``color`` deletions are
    ``[-…-]`` and insertions ``{+…+}``, with it they are red and green.
    Unchanged clauses are left out unless ``context``. ``lang`` is the
    language of the headers (None: the document's).
    """
    language = resolve_lang(lang, sample_text(delta))
    blocks: list[str] = []
    for change in delta.changes:
        if change.kind is ChangeKind.UNCHANGED and not context:
            continue
        head = f"[{change.label}]" + (f" {change.id}" if change.id else "")
        header = f"{head}  {describe(change, language, style='header')}"
        if color:
            header = _paint(header, "header")
        body = []
        for run in change_runs(change):
            text = _plain(run.pieces())
            if run.op == "equal":
                body.append(text)
            elif color:
                body.append(_paint(text, run.op + ("-spacing" if run.spacing else "")))
            else:
                left, right = _BRACKETS[run.op]
                body.append(left + text + right)
        blocks.append(header + "\n" + "".join(body))
    if delta.layout_changed:
        blocks.append(t("layout_changed", language))
    if any(delta.ignored.values()):
        blocks.append(t("ignored", language, what=ignored_counts(delta.ignored, language)))
    return "\n\n".join(blocks) + "\n" if blocks else ""


# --- CriticMarkup ----------------------------------------------------------------------

#: Last lines after which a comment cannot be appended without breaking the block.
_NO_APPEND_RE = re.compile(r"^\s*(```|~~~|\||=+\s*$|-+\s*$)")


def _critic_body(runs: Sequence[Run], indents: Sequence[int], deleted_indent: int) -> str:
    """CriticMarkup of one clause's content, re-indented so that accepting it gives the body.

    Line breaks of the new text get the new clause's continuation indents;
    line breaks inside deleted text get ``deleted_indent`` (they vanish on accept).
    """
    line = 0

    def new_side(text: str) -> str:
        nonlocal line
        parts = text.split("\n")
        out = [parts[0]]
        for part in parts[1:]:
            indent = indents[line] if line < len(indents) else 0
            line += 1
            out.append("\n" + " " * indent + part)
        return "".join(out)

    def old_side(text: str) -> str:
        return text.replace("\n", "\n" + " " * deleted_indent)

    out: list[str] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if run.op == "equal":
            out.append(new_side(run.text))
        elif run.op == "delete" and i + 1 < len(runs) and runs[i + 1].op == "insert":
            out.append("{~~" + old_side(run.text) + "~>" + new_side(runs[i + 1].text) + "~~}")
            i += 1
        elif run.op == "delete":
            out.append("{--" + old_side(run.text) + "--}")
        else:
            out.append("{++" + new_side(run.text) + "++}")
        i += 1
    return "".join(out)


def _critic_comment(change: ClauseChange, lang: Lang | str) -> str:
    noted = (ChangeKind.MOVED, ChangeKind.RENUMBERED, ChangeKind.LAYOUT)
    if not any(kind in change.kinds for kind in noted):
        return ""
    notes = [text for kind, text in change_notes(change, lang) if kind in noted]
    return "{>>" + t("note.separator", lang).join(notes) + "<<}"


def _critic_clause(change: ClauseChange, lang: Lang | str) -> str:
    if change.new is None:
        old = change.old
        assert old is not None
        indent = old.prefix[: len(old.prefix) - len(old.prefix.lstrip())]
        marker = old.prefix[len(indent) :]
        body = _critic_body((Run("delete", marker + old.content),), (), len(old.prefix))
        return "\n" + indent + body + "\n\n"
    new: Clause = change.new
    runs = change_runs(change)
    body = new.prefix + _critic_body(runs, new.indents, len(new.prefix))
    comment = _critic_comment(change, lang)
    if comment:
        last_line = new.content.rsplit("\n", 1)[-1]
        appendable = new.kind in (
            ClauseKind.PARAGRAPH,
            ClauseKind.ITEM,
            ClauseKind.QUOTE,
            ClauseKind.HEADING,
        ) and not _NO_APPEND_RE.match(last_line)
        if appendable:
            body += comment
        else:
            body = comment + "\n" + body
    return new.lead + body + new.eol + new.gap


def render_markdown(delta: DocumentDiff, *, lang: str | None = "en") -> str:
    """CriticMarkup of the new version: its Markdown with every change marked.

    Word changes are ``{--deleted--}``, ``{++inserted++}`` and
    ``{~~old~>new~~}``; a deleted clause stands at its old place as
    ``{--whole clause--}``; moved and renumbered clauses carry a comment
    ``{>>moved from ¶11.3<<}``, and clauses whose layout alone changed
    ``{>>layout only<<}``. Accepting every change (and dropping the
    comments) gives the new clauses' Markdown; when no clause was deleted and
    no moved block needed its comment on a line of its own, it gives the new
    document byte for byte. Document text that itself contains CriticMarkup
    delimiters is not escaped (CriticMarkup has no escape). ``lang`` is the
    language of the comments.
    """
    language = resolve_lang(lang, sample_text(delta))
    parts = [delta.new_preamble]
    parts.extend(_critic_clause(change, language) for change in delta.changes)
    parts.append(delta.new_epilogue)
    return "".join(parts)


# --- JSON ------------------------------------------------------------------------------


def _clause_dict(clause: Clause | None) -> dict[str, str] | None:
    if clause is None:
        return None
    return {"id": clause.id, "label": clause.label, "text": clause.content}


def _op_dict(op: InlineOp) -> dict[str, str]:
    out = {"op": op.op, "text": op.text}
    if op.old_text is not None:
        out["old_text"] = op.old_text
    return out


def diff_to_dict(delta: DocumentDiff) -> dict[str, Any]:
    """The diff as plain data in schema ``resvcs.diff/1`` (module docstring)."""
    return {**_head_dict(delta), "changes": [_change_dict(change) for change in delta.changes]}


def _head_dict(delta: DocumentDiff) -> dict[str, Any]:
    """:func:`diff_to_dict` but the changes."""
    return {
        "schema": SCHEMA,
        "summary": {key: delta.summary.get(key, 0) for key in SUMMARY_ORDER},
        "layout_changed": delta.layout_changed,
        "ignored": {key: n for key, n in sorted(delta.ignored.items()) if n},
    }


def _change_dict(change: ClauseChange) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "kinds": [k.value for k in change.kinds] or [ChangeKind.UNCHANGED.value],
        "old": _clause_dict(change.old),
        "new": _clause_dict(change.new),
        "ops": [_op_dict(op) for op in change.ops]
        if ChangeKind.MODIFIED in change.kinds or ChangeKind.LAYOUT in change.kinds
        else [],
        "ignored": sorted(change.ignored),
    }


def render_json(delta: DocumentDiff) -> str:
    """The diff as JSON text (UTF-8 characters as they are, indented by 2): the text of
    ``json.dumps(diff_to_dict(delta), ensure_ascii=False, indent=2)``."""
    with paused():
        return "".join(json_parts(delta))


def json_parts(delta: DocumentDiff) -> Iterator[str]:
    """:func:`render_json` in parts, made one change at a time (the data of a whole
    long diff, and its whole text, take several times the documents' memory) and
    handed on some tens of kilobytes at a time."""
    head = json.dumps({**_head_dict(delta), "changes": []}, ensure_ascii=False, indent=2)
    if not delta.changes:
        yield head + "\n"
        return
    # Each change is a list item two levels deep: its own JSON, indented by 4.
    batch = [head[: -len("[]\n}")] + "[\n"]
    size = 0
    last = len(delta.changes) - 1
    for k, change in enumerate(delta.changes):
        text = _change_json(change)
        batch.append("    " + text + (",\n" if k < last else "\n"))
        size += len(text)
        if size > _JSON_BATCH:
            yield "".join(batch)
            batch, size = [], 0
    batch.append("  ]\n}\n")
    yield "".join(batch)


#: Characters of JSON text handed on at a time.
_JSON_BATCH = 1 << 16


def _change_json(change: ClauseChange) -> str:
    """``_indented_json(_change_dict(change), "    ")``: one change as an item of the
    list of changes, written straight from the change (most of a long diff's changes
    are unchanged clauses, written the same way each)."""
    old, new = change.old, change.new
    if not change.kinds and not change.ignored and old is not None and new is not None:
        # An unchanged clause: its words are written twice, encoded once.
        text = _encode_string(new.content)
        return (
            f"{_UNCHANGED_HEAD}{_clause_json(old, text if old.content == new.content else None)},"
            f'\n      "new": {_clause_json(new, text)},{_UNCHANGED_TAIL}'
        )
    kinds = ",\n        ".join(
        [_encode_string(k.value) for k in change.kinds]
        or [_encode_string(ChangeKind.UNCHANGED.value)]
    )
    if ChangeKind.MODIFIED in change.kinds or ChangeKind.LAYOUT in change.kinds:
        ops = _indented_json([_op_dict(op) for op in change.ops], "      ")
    else:
        ops = "[]"
    ignored = _indented_json(sorted(change.ignored), "      ")
    return (
        f'{{\n      "kind": {_encode_string(change.kind.value)},'
        f'\n      "kinds": [\n        {kinds}'
        f'\n      ],\n      "old": {_clause_json(old)},'
        f'\n      "new": {_clause_json(new)},'
        f'\n      "ops": {ops},\n      "ignored": {ignored}\n    }}'
    )


#: What :func:`_change_json` writes of an unchanged clause before its old clause, and
#: after its new one.
_UNCHANGED_HEAD = (
    f'{{\n      "kind": {_encode_string(ChangeKind.UNCHANGED.value)},'
    f'\n      "kinds": [\n        {_encode_string(ChangeKind.UNCHANGED.value)}'
    f'\n      ],\n      "old": '
)
_UNCHANGED_TAIL = '\n      "ops": [],\n      "ignored": []\n    }'


def _clause_json(clause: Clause | None, text: str | None = None) -> str:
    """``_clause_dict(clause)`` as :func:`_change_json` writes it (``text``: its words
    already encoded)."""
    if clause is None:
        return "null"
    return (
        f'{{\n        "id": {_encode_string(clause.id)},'
        f'\n        "label": {_encode_string(clause.label)},'
        f'\n        "text": {text or _encode_string(clause.content)}\n      }}'
    )


def _indented_json(value: Any, indent: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every line after the
    first indented by ``indent`` more: the same text, made without the standard
    library's pure-Python encoder, which ``indent`` selects (only strings, dicts,
    lists, integers, booleans and None, as the diff's data holds)."""
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        # Strings, most of the values, are encoded here rather than by a call each.
        items = [
            f"{_encode_string(key)}: "
            + (_encode_string(item) if type(item) is str else _indented_json(item, inner))
            for key, item in value.items()
        ]
        return "{\n" + inner + f",\n{inner}".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + "  "
        parts = [
            _encode_string(item) if type(item) is str else _indented_json(item, inner)
            for item in value
        ]
        return "[\n" + inner + f",\n{inner}".join(parts) + "\n" + indent + "]"
    if type(value) is int:
        return int.__repr__(value)
    raise TypeError(f"Not diff data: {type(value).__name__}")


# --- HTML ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def template_environment() -> Environment:
    """The Jinja2 environment for the page templates; autoescaping everything. The
    templates compiled once are kept by Jinja2's own bytecode cache (in the user's
    temporary folder, checked against each template's source, safe to delete): a
    command that renders a page does not compile its templates again."""
    from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

    try:
        compiled: FileSystemBytecodeCache | None = FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private temporary folder to keep them in
        compiled = None
    return Environment(
        loader=PackageLoader("resolution_vcs", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled,
    )


@frozen
class RunView:
    """A run as a template shows it."""

    op: OpName
    pieces: tuple[Piece, ...]
    spacing: bool
    #: The run's Markdown as it is (the pieces name its invisible characters).
    text: str = ""


class Runs(tuple[RunView, ...]):
    """The runs of one clause (or one side of it) as a template shows them."""

    __slots__ = ()

    def html(self, offline: bool = False) -> Markup:
        """The clause's Markdown rendered, with its marks (:func:`.markup.runs_html`)."""
        from markupsafe import Markup

        return Markup(runs_html(self, offline=offline))


def run_views(runs: Iterable[Run]) -> Runs:
    """Runs with their pieces worked out, for templates."""
    return Runs(RunView(r.op, r.pieces(), r.spacing, r.text) for r in runs)


@frozen
class ClauseView:
    """One clause of the HTML redline."""

    label: str
    id: str
    kind: str
    #: (css class, text) of each badge: "перемещён ¶3 → ¶4".
    badges: tuple[tuple[str, str], ...]
    runs: tuple[RunView, ...]
    #: The element holding the text: "ins" (added), "del" (deleted) or "div".
    element: str


def _badges(change: ClauseChange, lang: Lang) -> tuple[tuple[str, str], ...]:
    if change.kind is ChangeKind.UNCHANGED:
        return ()
    return tuple((kind.value, text) for kind, text in change_notes(change, lang, style="badge"))


def clause_view(change: ClauseChange, lang: Lang) -> ClauseView:
    """What the HTML page shows for one clause."""
    if change.old is None:
        element = "ins"
    elif change.new is None:
        element = "del"
    else:
        element = "div"
    runs = change_runs(change)
    if element == "div":
        views = run_views(runs)
    else:  # the whole block is <ins> or <del>: its text needs no inner marks
        views = Runs(
            RunView("equal", visible_pieces(r.text, changed=True), False, r.text) for r in runs
        )
    return ClauseView(
        label=change.label,
        id=change.id,
        kind=change.kind.value,
        badges=_badges(change, lang),
        runs=views,
        element=element,
    )


def render_html(
    delta: DocumentDiff,
    *,
    title: str | None = None,
    lang: str | None = None,
    context: bool = True,
) -> str:
    """One self-contained HTML page of the redline (inline CSS, no script, no external link).

    Word changes are ``<del>``/``<ins>``, added and deleted clauses whole
    ``<ins>``/``<del>`` blocks, moved and renumbered clauses carry a badge
    with their label before and after. ``lang`` ("ru", "uk", "en"; default: the
    document's language) sets ``<html lang>`` and the page's words; with
    ``context`` (the default) unchanged clauses are shown too, in grey.
    """
    language = resolve_lang(lang, sample_text(delta))
    clauses = [
        clause_view(change, language)
        for change in delta.changes
        if context or change.kind is not ChangeKind.UNCHANGED
    ]
    template = template_environment().get_template("diff.html.j2")
    return template.render(
        lang=language,
        title=title or t("title.diff", language),
        summary=summary_items(delta, language),
        layout_changed=delta.layout_changed,
        ignored=ignored_counts(delta.ignored, language),
        has_changes=bool(delta.changed),
        clauses=clauses,
        t=lambda key, **fields: t(key, language, **fields),
    )
