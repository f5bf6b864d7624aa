"""Turn a user's draft (plain text or Markdown) into the Markdown the repository stores.

Markdown is taken as it is. Plain text is converted by these rules, each chosen so that no
word is lost or moved:

- **Status line.** "ПРОЕКТ", "Проект", "PROJECT", "DRAFT" (or "ПРОЄКТ", "ЧЕРНОВИК") alone on
  the first non-empty line stays a paragraph of its own: it is part of the text people cite.
- **Title block.** The first run of non-empty lines after it is a title block when the text
  goes on after it, it has at most 8 lines of at most 120 characters, its first line has a
  letter, at most 100 characters and no final ``. , ; :``, no line ends with ``:`` or ``;`` or
  starts with a list marker or clause number, and the second line does not start lower-case
  unless the first is in capitals (else the first line is half of a sentence). Its first line
  becomes the ``#`` heading; each further line starts a paragraph, except that a line starting
  with a lower-case letter continues the one before. No title block, no heading.
- **Hard wrapping.** Take every line break inside a blank-separated block where the next line
  does not start an item or clause; the wrap width is the 90th percentile of the lengths of
  the lines before them. The text is hard-wrapped when there are at least 2 such breaks, the
  width is 40–100 columns, at least 75 % of the lines before a break are long (2/3 of the
  width or more), at least 75 % of the breaks are *forced* (the next line's first word would
  not have fitted: ``len(line) + 1 + len(word) > width``) or fall inside a sentence (that word
  is lower-case), fewer than half of those lines end a sentence (``. ! ? ; :``), and, with
  fewer than 8 breaks, at least half fall inside a sentence (a few lines of similar length,
  such as a list of names, are not evidence enough). Editors' and typists' wraps (licences,
  e-mails, minutes) pass; a text written one paragraph per line breaks after sentences, at
  any length, before capitals, and keeps one paragraph per line.
  Unwrapping joins the lines of a block with single spaces; a line that starts with a bullet,
  a number ("1.", "2)", "2.1"), a letter item ("a)", "б.", "(c)"), a Roman number ("IV.") or a
  section word whose number ends the line or has "." or ":" ("Section 3.", "Статья 5.")
  starts a new item or paragraph, but only when the line before it in the block lets it: that
  line ends a sentence or an introduction (``. : ; ! ?``, maybe followed by closing quotes or
  brackets: ``."`` ``;)`` ``.»``), or it is itself an item or heading line (it starts with such
  a marker, or it is in capitals) that was not cut by the wrap (the next line's first word
  would have fitted after it: "3.4. Intellectual Property Matters" / "(a) Third Party
  Claims."). Otherwise the marker is a word of the sentence that the wrap happened to put at
  the start of a line, and the line goes on with it: "...conditions added under section" /
  "7.  This requirement modifies..." stays one sentence of one item. A line after a blank
  line always may start an item. A hyphen at a line end is kept and followed by a space:
  "informa-"/"tion" and "Северо-"/"Западный" look alike, and joining without the space would
  change the words, so the importer is never sure enough to drop it. A copy of a text
  already held (:func:`to_markdown` with ``paragraphs``) also starts a paragraph where one of
  the held text's paragraphs ended and the next began at a line break: "...областей." /
  "Форум прошел..." stays two paragraphs, as it was, even though the wrap would join them.
- **Lists.** "1." / "1)" with one to three digits become ordered items with the number and
  delimiter as written (four digits are a year: "1986. год" stays a paragraph). Bullets
  ``· • - – — * ▪ ○ ● ◦ ■ □ ‣ ►`` and a space become "- " items. Items that follow one another
  (blank lines between do not matter) form one tight list.
- **Nested numbers.** A line numbered "2.1." (or "2.1") right after item "2." or after another
  item nested in it becomes a nested ordered item of "2.", indented by the width of the
  parent's marker and numbered "N." by its last component, so the clause labels read "2.1",
  "2.2" as the numbers people cite ("п. 2.1")::

      2. Поручить правлению:
         1. подготовить отчёт;
         2. провести собрание.
      3. Следующий пункт.

  Deeper levels ("2.1.1." under "2.1.") work the same way. A nested list starts at its first
  item's last component ("2.3." first gives a list starting at 3; one that does not start at
  1 needs a blank line before it, since only a list starting at 1 can interrupt the parent's
  text, which makes the outer list loose). A Markdown list can only count up by one, so the
  number must follow the nested item before it ("2.2" after "2.1"), and its prefix must be the
  number of an open item ("2.1" right under "3.", or after a paragraph, is not). A number that
  does not fit stays **flat**: a paragraph that begins with its literal number, because a
  list would show another number than the one people cite.
- **White space.** Spaces and tabs at line ends and starts are dropped (two trailing spaces are
  a hard break, four leading ones a code block); runs inside a line, non-breaking spaces, quotes
  and dashes are kept. Lines of white space only (also non-breaking) separate blocks.
- **Page breaks.** Form feeds at the start or end of a line (the LGPL puts one alone on a
  line between pages) become a line of their own between blocks, which the parser reads as
  a layout line of the clause after it; a form feed inside a line stays there as white space.
- **Escaping.** Every paragraph is one line, so only what can act inside one line is escaped:
  a backslash before punctuation, backticks, ``*`` ``_`` ``~~`` runs that could delimit
  emphasis, ``[`` with a ``]`` after it, ``<`` that could open a tag or autolink, ``&`` that
  starts an entity; at a block start ``#``, ``>``, ``+ - *`` bullets, "1." markers, rules,
  setext underlines, delimiter rows. No line can become a table: a table needs two lines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Literal

from .errors import InputError
from .frozen import frozen
from .text import FORM_FEED, lazy_pattern, normalize, words
from .typography import EVERYTHING, key

Format = Literal["markdown", "plain"]


@frozen
class Imported:
    """A draft ready to store.

    ``markdown`` is UTF-8 text with LF line ends and exactly one final newline; ``title`` is
    the document's title as plain, single-spaced text (None when there is no text to name it).
    """

    markdown: str
    title: str | None
    source_format: Format


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
PLAIN_SUFFIXES = (".txt", ".text")
STATUS_WORDS = frozenset({"проект", "project", "draft", "проєкт", "черновик"})

BULLET_RE = re.compile(r"[·•\-–—*▪○●◦■□‣►][ \t]+(?=\S)")
ORDERED_RE = re.compile(r"(\d{1,3})([.)])[ \t]+(?=\S)")
#: A nested number ("2.1.", "2.1.3", "2.1") and the space after it.
NESTED_RE = re.compile(r"(\d{1,3}(?:\.\d{1,3})+)\.?[ \t]+(?=\S)")
#: The end of a line that ends a sentence or an introduction, closing quotes and brackets
#: after the punctuation included.
_sentence_end_re = lazy_pattern(r"[.:;!?][\"'»“”’)\]]*$")
#: Lines that start a new item or paragraph inside a hard-wrapped block (besides BULLET_RE and
#: ORDERED_RE): nested numbers, letter items, Roman numbers, section words.
_clause_start_re = lazy_pattern(
    r"\d{1,3}(?:\.\d{1,3})+\.?(?=[ \t]|$)"
    r"|[a-zа-яё][.)](?=[ \t])|\([0-9a-zа-яё]{1,3}\)(?=[ \t])"
    r"|[IVXLC]{1,6}[.)](?=[ \t])"
    r"|(?:Section|Article|Chapter|Part|Статья|Раздел|Глава|Часть|Пункт|Стаття|Розділ)"
    r"[ \t]+(?:\d+|[IVXLC]+)(?:\.\d+)*(?:[.:](?=[ \t]|$)|$)"
)

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_SPACE = frozenset(" \t\u00a0")
_entity_re = lazy_pattern(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});")
#: Block starts that need a backslash in front: ATX heading, block quote, bullet, thematic
#: break, setext underline, table delimiter row.
_block_start_re = lazy_pattern(
    r"#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|([-*_])(?:[ \t]*\1){2,}[ \t]*$|(?:=+|-+)[ \t]*$"
)
_ordered_start_re = lazy_pattern(r"\d{1,9}(?=[.)](?:[ \t]|$))")
_closing_hashes_re = lazy_pattern(r"(?:^|[ \t])(#+)[ \t]*$")

_MD_SIGNALS = (
    lazy_pattern(r"^ {0,3}#{1,6}[ \t]+\S", re.M),
    lazy_pattern(r"^ {0,3}(?:```|~~~)", re.M),
    lazy_pattern(r"\[[^\]\n]+\]\([^)\s]+\)"),
    lazy_pattern(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.M),
    lazy_pattern(r"\*\*[^*\n]+\*\*"),
)
_md_bullet_re = lazy_pattern(r"^ {0,3}[-*+][ \t]+\S", re.M)


def detect_format(text: str, filename: str | None = None) -> Format:
    """Markdown or plain text, by the file's suffix, else by what the text contains.

    Headings, fences, links, tables and bold text are Markdown on one sighting; ``-``/``*``
    bullets need two lines, since plain-text drafts use a dash now and then.
    """
    if filename:
        lower = filename.lower()
        if lower.endswith(MARKDOWN_SUFFIXES):
            return "markdown"
        if lower.endswith(PLAIN_SUFFIXES):
            return "plain"
    if any(rx().search(text) for rx in _MD_SIGNALS):
        return "markdown"
    if len(_md_bullet_re().findall(text)) >= 2:
        return "markdown"
    return "plain"


def import_text(
    text: str,
    *,
    fmt: Literal["auto", "markdown", "plain"] = "auto",
    filename: str | None = None,
    paragraphs: Sequence[str] = (),
) -> Imported:
    """Import a draft: Markdown as it is, plain text converted by :func:`plain_to_markdown`.

    ``paragraphs``: when the text is a copy of a text already held, the plain text of
    that text's clauses, in order (see :func:`to_markdown`).
    """
    if fmt not in ("auto", "markdown", "plain"):
        raise ValueError(f"fmt must be 'auto', 'markdown' or 'plain', not {fmt!r}")
    text = normalize(text)
    if not text.strip():
        name = filename or "The text"
        raise InputError(f"{name} is empty. Give a plain-text or Markdown file with the draft")
    source: Format = detect_format(text, filename) if fmt == "auto" else fmt
    if source == "markdown":
        return Imported(text.rstrip("\n") + "\n", _markdown_title(text), "markdown")
    markdown, title = _convert(text, _boundaries(paragraphs))
    return Imported(markdown, title, "plain")


def to_markdown(
    text: str,
    *,
    fmt: Literal["auto", "markdown", "plain"] = "auto",
    filename: str | None = None,
    paragraphs: Sequence[str] = (),
    normalized: bool = False,
) -> str:
    """The Markdown :func:`import_text` would store, without working out a title
    (which costs a parse of the whole text). ``normalized``: the text is what
    :func:`normalize` gave (as :func:`resolution_vcs.text.decode` gives it), which it
    gives back as it is (a long text is not read through again), unless a second BOM
    opens it.

    ``paragraphs``: for a copy of a text already held (an edited copy, the newer of two
    versions compared), the plain text of the held text's clauses in order. Where the copy
    is hard-wrapped plain text and a line break falls where one of those clauses ends and
    the next begins (the last words of one and the first words of the other on either
    side of it), the break ends a paragraph, as it did in the held text: re-wrapping a
    copy does not join its paragraphs.
    """
    if not normalized or text.startswith("\ufeff"):
        text = normalize(text)
    if text and not text.isspace():  # text.strip(), without copying a long text
        source: Format = detect_format(text, filename) if fmt == "auto" else fmt
        if source == "markdown":
            if text.endswith("\n") and not text.endswith("\n\n"):
                return text  # as it is: a long text is not copied
            return text.rstrip("\n") + "\n"
    return import_text(text, fmt=fmt, filename=filename, paragraphs=paragraphs).markdown


def plain_to_markdown(text: str) -> str:
    """Markdown for a plain-text draft (see the module docstring); "" for blank text."""
    return _convert(normalize(text))[0]


# --- plain text -> blocks -------------------------------------------------------------------


@frozen
class _Unit:
    """One paragraph or list item of the body, before escaping."""

    kind: Literal["paragraph", "bullet", "ordered", "page"]
    text: str
    number: str = ""
    delimiter: str = ""
    depth: int = 0


#: How many words on either side of a line break identify a paragraph boundary.
_BOUNDARY_WORDS = 3

#: The last words of a paragraph → the first words of each paragraph that follows one
#: ending so, folded by :func:`_folded_words`.
Boundaries = dict[tuple[str, ...], set[tuple[str, ...]]]


def _folded_words(text: str) -> list[str]:
    """The words of a text, lower-cased, hyphens and apostrophes of any style alike."""
    return [key(word, EVERYTHING).lower() for word in words(text)]


def _boundaries(paragraphs: Sequence[str]) -> Boundaries:
    """Where one of ``paragraphs`` ends and the next begins."""
    found: Boundaries = {}
    previous: list[str] = []
    for paragraph in paragraphs:
        current = _folded_words(paragraph)
        if not current:
            continue
        if previous:
            end = tuple(previous[-_BOUNDARY_WORDS:])
            found.setdefault(end, set()).add(tuple(current[:_BOUNDARY_WORDS]))
        previous = current
    return found


def _is_boundary(before: str, line: str, boundaries: Boundaries) -> bool:
    """Whether a paragraph of the held text ends with ``before`` and the next starts as
    ``line`` does (with as many of its first words as the line has)."""
    if not boundaries:
        return False
    starts = boundaries.get(tuple(_folded_words(before)[-_BOUNDARY_WORDS:]))
    if not starts:
        return False
    first = tuple(_folded_words(line)[:_BOUNDARY_WORDS])
    return bool(first) and any(start[: len(first)] == first for start in starts)


def _convert(text: str, boundaries: Boundaries | None = None) -> tuple[str, str | None]:
    """The Markdown and the title of a normalised plain text."""
    lines = _lines(text)
    blocks: list[str] = []
    title: str | None = None
    i = _skip_blank(lines, 0)
    if i < len(lines) and lines[i].strip(" \t.").casefold() in STATUS_WORDS:
        blocks.append(_escape_block(lines[i].lstrip(" \t")))
        i = _skip_blank(lines, i + 1)
    end = i
    while end < len(lines) and lines[end] and not _is_page(lines[end]):
        end += 1
    block = [line.lstrip(" \t") for line in lines[i:end]]
    if _is_title_block(block) and _skip_blank(lines, end) < len(lines):
        paragraphs: list[str] = []
        for line in block[1:]:
            if paragraphs and line[0].islower():
                paragraphs[-1] += " " + line
            else:
                paragraphs.append(line)
        blocks.append("# " + _escape_heading(block[0]))
        blocks.extend(_escape_block(p) for p in paragraphs)
        title = _single_spaced(" ".join([block[0], *paragraphs]))
        i = end
    body = lines[i:]
    if title is None:
        first = next((line for line in body if line and not _is_page(line)), None)
        title = _single_spaced(first) if first else None
    width = _wrap_width(["" if _is_page(line) else line for line in body])
    if width is None:
        units = _line_units(body)
    else:
        units = _wrapped_units(body, width, boundaries or {})
    blocks.extend(_render_units(_nest(units)))
    return ("\n\n".join(blocks) + "\n" if blocks else ""), title


def _lines(text: str) -> list[str]:
    """The lines of a text, right-stripped; "" for a blank line. Form feeds at the start or
    the end of a line are a page break: a line of their own that holds only them."""
    lines: list[str] = []
    for line in text.split("\n"):
        if FORM_FEED not in line:
            lines.append(line.rstrip(" \t") if line.strip() else "")
            continue
        rest = line.lstrip(" \t" + FORM_FEED)
        start = len(line) - len(rest)
        body = rest.rstrip(" \t" + FORM_FEED)
        end = start + len(body)
        before, after = line[:start].count(FORM_FEED), line[end:].count(FORM_FEED)
        if before:
            lines.append(FORM_FEED * before)
        if body.strip():
            lines.append(line[:start].replace(FORM_FEED, "") + body)
        if after:
            lines.append(FORM_FEED * after)
    return lines


def _is_page(line: str) -> bool:
    """Whether a line of :func:`_lines` is a page break."""
    return line.startswith(FORM_FEED)


def _skip_blank(lines: Sequence[str], i: int) -> int:
    while i < len(lines) and not lines[i]:
        i += 1
    return i


def _single_spaced(text: str) -> str:
    return re.sub(r"[ \t\n]+", " ", text).strip(" ")


def _starts_clause(line: str) -> bool:
    """Does this (left-stripped) line begin a list item or a numbered clause?"""
    return bool(BULLET_RE.match(line) or ORDERED_RE.match(line) or _clause_start_re().match(line))


def _is_title_block(block: Sequence[str]) -> bool:
    """The title-block rule of the module docstring, on left-stripped non-empty lines."""
    if not block or len(block) > 8 or any(len(line) > 120 for line in block):
        return False
    first = block[0]
    if len(first) > 100 or first[-1] in ".,;:" or not any(c.isalpha() for c in first):
        return False
    if any(line.endswith((":", ";")) or _starts_clause(line) for line in block):
        return False
    return len(block) == 1 or not block[1][0].islower() or first == first.upper()


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """Whether lines (right-stripped, "" for blank) are prose wrapped at a fixed width."""
    return _wrap_width(lines) is not None


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The wrap width when lines (right-stripped, "" for blank) are prose wrapped at a fixed
    width, else None.

    The rule and its thresholds are in the module docstring.
    """
    breaks: list[tuple[str, str]] = []
    for line, nxt in zip(lines, lines[1:], strict=False):
        following = nxt.lstrip(" \t")
        if line and following and not _starts_clause(following):
            breaks.append((line, following.split()[0]))
    if len(breaks) < 2:
        return None
    lengths = sorted(len(line) for line, _ in breaks)
    width = lengths[math.ceil(0.9 * len(lengths)) - 1]
    if not 40 <= width <= 100:
        return None
    n = len(breaks)
    long_lines = sum(3 * len(line) >= 2 * width for line, _ in breaks)
    run_on = sum(word[0].islower() for _, word in breaks)
    wraps = sum(len(line) + 1 + len(word) > width or word[0].islower() for line, word in breaks)
    sentence_ends = sum(line[-1] in ".!?;:" for line, _ in breaks)
    if min(long_lines, wraps) < 0.75 * n or sentence_ends >= 0.5 * n:
        return None
    return width if n >= 8 or run_on >= 0.5 * n else None


def _line_units(lines: Sequence[str]) -> list[_Unit]:
    """One unit per non-empty line: the text is not hard-wrapped."""
    return [_classify(line.lstrip(" \t")) for line in lines if line]


def _wrapped_units(lines: Sequence[str], width: int, boundaries: Boundaries) -> list[_Unit]:
    """Join the lines of each block; a line that starts a clause starts a new unit when the
    line before it lets it (:func:`_can_start_unit`), and so does a line that starts a
    paragraph of the held text right after the end of the one before (``boundaries``)."""
    units: list[_Unit] = []
    current: list[str] = []
    previous = ""
    for line in [*lines, ""]:
        stripped = line.lstrip(" \t")
        if current and (
            not stripped
            or _is_page(stripped)
            or (_starts_clause(stripped) and _can_start_unit(previous, stripped, width))
            or _is_boundary(" ".join(current[-_BOUNDARY_WORDS:]), stripped, boundaries)
        ):
            units.append(_classify(" ".join(current)))
            current = []
        if _is_page(stripped):
            units.append(_Unit("page", stripped))
        elif stripped:
            current.append(stripped)
        previous = line
    return units


def _can_start_unit(previous: str, line: str, width: int) -> bool:
    """May ``line``, which starts like a clause, begin a new unit after ``previous`` (the line
    before it in its block, as written)?

    Yes when ``previous`` ends a sentence or an introduction, or when it is an item or a
    heading line (it starts a clause, or it is in capitals) that was not cut by the wrap:
    the first word of ``line`` would have fitted after it. Otherwise ``line`` goes on with
    the sentence ("... added under section" / "7.  This requirement ...").
    """
    before = previous.lstrip(" \t")
    if _sentence_end_re().search(before):
        return True
    heading = any(c.isalpha() for c in before) and before == before.upper()
    if not (heading or _starts_clause(before)):
        return False
    return len(previous) + 1 + len(line.split()[0]) <= width


def _classify(text: str) -> _Unit:
    if _is_page(text):
        return _Unit("page", text)
    if match := ORDERED_RE.match(text):
        return _Unit("ordered", text[match.end() :], match.group(1), match.group(2))
    if match := BULLET_RE.match(text):
        return _Unit("bullet", text[match.end() :])
    return _Unit("paragraph", text)


def _nest(units: Sequence[_Unit]) -> list[_Unit]:
    """Paragraphs numbered "2.1." under an open item "2." become its nested items.

    A nested number is taken when its prefix is the number path of an open ordered item and
    its last component either opens that item's nested list or follows the item before it
    in that list by one (a list can only count up by one); else the paragraph stays flat.
    """
    out: list[_Unit] = []
    open_paths: list[tuple[str, ...]] = []  # the open ordered items, outermost first
    for unit in units:
        match = NESTED_RE.match(unit.text) if unit.kind == "paragraph" else None
        if unit.kind == "ordered":
            open_paths = [(unit.number,)]
        elif match:
            path = tuple(match.group(1).split("."))
            depth = len(path) - 1
            parent_open = depth <= len(open_paths) and open_paths[depth - 1] == path[:-1]
            if parent_open and (
                len(open_paths) == depth or int(path[-1]) == int(open_paths[depth][-1]) + 1
            ):
                open_paths = [*open_paths[:depth], path]
                out.append(_Unit("ordered", unit.text[match.end() :], path[-1], ".", depth))
                continue
            open_paths = []
        else:
            open_paths = []
        out.append(unit)
    return out


def _render_units(units: Sequence[_Unit]) -> list[str]:
    """Markdown blocks: paragraphs alone, consecutive items of one kind as one tight list,
    nested items indented under their parent item."""
    blocks: list[str] = []
    top: _Unit | None = None  # the last unit at the top level
    depth = 0  # of the unit before
    indents: list[int] = []  # indents[d]: where the text of the open item at depth d starts
    for unit in units:
        if unit.kind == "page":  # a layout line of its own, between blocks
            blocks.append(unit.text)
            top, depth, indents = unit, 0, [0]
            continue
        if unit.kind == "bullet":
            marker = "- "
        elif unit.kind == "ordered":
            marker = f"{unit.number}{unit.delimiter} "
        else:
            marker = ""
        line = marker + _escape_block(unit.text)
        if unit.depth:
            indent = indents[unit.depth - 1]
            # Only a list that starts at 1 can interrupt the paragraph of its parent item.
            gap = "\n" if unit.depth > depth and int(unit.number) != 1 else ""
            blocks[-1] += "\n" + gap + " " * indent + line
            indents[unit.depth :] = [indent + len(marker)]
            depth = unit.depth
            continue
        same_list = (
            top is not None
            and unit.kind != "paragraph"
            and (top.kind, top.delimiter) == (unit.kind, unit.delimiter)
        )
        if same_list:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
        top, depth, indents = unit, 0, [len(marker)]
    return blocks


# --- escaping -------------------------------------------------------------------------------


def _escape_block(text: str) -> str:
    """One line of text as a paragraph (or list-item content) that renders as ``text``."""
    return escape_block_start(_escape_inline(text))


def escape_block_start(escaped: str) -> str:
    """Escaped inline Markdown made safe to open a paragraph or list item: a backslash
    before what would start a heading, quote, list, rule or table row."""
    if _block_start_re().match(escaped):
        escaped = "\\" + escaped
    elif match := _ordered_start_re().match(escaped):
        escaped = escaped[: match.end()] + "\\" + escaped[match.end() :]
    if "|" in escaped and re.fullmatch(r"[|:\- \t]+", escaped):
        escaped = escaped.replace("|", "\\|")
    return escaped


def escape_inline(text: str) -> str:
    """Backslash what inline Markdown would read as syntax in ``text`` (one line)."""
    return _escape_inline(text)


def escape_heading(text: str) -> str:
    """``text`` as the content of an ATX heading."""
    return _escape_heading(text)


def is_title_block(lines: Sequence[str]) -> bool:
    """Whether these non-empty lines open the text as its title block (module docstring)."""
    return _is_title_block(lines)


def _escape_heading(text: str) -> str:
    """Heading text; a final run of ``#`` would be read as the closing sequence."""
    escaped = _escape_inline(text)
    if match := _closing_hashes_re().search(escaped):
        escaped = escaped[: match.start(1)] + "\\" + escaped[match.start(1) :]
    return escaped


def _run_is_safe(char: str, run: str, before: str, after: str) -> bool:
    """Can this run of ``*``, ``_`` or ``~`` not delimit emphasis or strikethrough?

    Surrounded by white space it can neither open nor close; ``_`` between two letters or
    digits cannot either (CommonMark's intraword rule); a single ``~`` is not strikethrough.
    """
    if char == "~":
        return len(run) < 2
    if before in _SPACE and after in _SPACE:
        return True
    return char == "_" and before.isalnum() and after.isalnum()


def _escape_inline(text: str) -> str:
    """Backslash what inline Markdown would read as syntax, and nothing else."""
    out: list[str] = []
    last_bracket = text.rfind("]")
    has_gt = ">" in text
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if char in "*_~":
            j = i
            while j < n and text[j] == char:
                j += 1
            run = text[i:j]
            before = text[i - 1] if i else " "
            after = text[j] if j < n else " "
            out.append(run if _run_is_safe(char, run, before, after) else "\\" + "\\".join(run))
            i = j
            continue
        if char == "\\":
            out.append("\\\\" if not nxt or nxt in _ASCII_PUNCT else "\\")
        elif char == "`" or (char == "[" and i < last_bracket):
            out.append("\\" + char)
        elif char == "<":
            tag = nxt.isascii() and (nxt.isalpha() or nxt in "/!?")
            out.append("\\<" if tag or (has_gt and nxt and not nxt.isspace()) else "<")
        elif char == "&":
            out.append("\\&" if _entity_re().match(text, i) else "&")
        else:
            out.append(char)
        i += 1
    return "".join(out)


# --- Markdown -------------------------------------------------------------------------------


def _markdown_title(text: str) -> str | None:
    """Plain text of the first heading, else of the first clause's first line."""
    from .model import ClauseKind
    from .parse import parse

    doc = parse(text)
    first = next((c for c in doc if c.kind is ClauseKind.HEADING), None)
    if first is None and doc.clauses:
        first = doc.clauses[0]
    if first is None:
        return None
    lines = first.text.split("\n")
    return _single_spaced(lines[0]) or None
