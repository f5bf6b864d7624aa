"""Paragraphs read from a Word file, put together as the Markdown the repository stores.

The reader (:mod:`.reader`) turns each Word paragraph into a :class:`Block`: a
heading, a list item with the number Word shows, a table, or a plain paragraph,
its text already as inline Markdown. :func:`blocks_to_markdown` writes them
out with the rules the plain-text importer applies to a typed draft, so that
a draft typed without Word's automatic features (a .txt opened in Word and
saved) imports exactly as the .txt would:

* a status line ("ПРОЕКТ") stays a paragraph; when the document has no heading
  of Word's own, its first paragraphs before an empty one are a title block
  by the rule of :mod:`resolution_vcs.importers` (the first line the heading);
* a plain paragraph that starts with a typed number ("1.", "2)") or bullet is
  a list item; a typed "2.1." under an open item "2." is its nested item;
* Word's decimal numbers ("5.", "5)") are list items with that number; a
  level below ("%1.%2." showing "2.1.", or "%2." showing "1.") is nested
  under the open item above it when the numbers agree, as Markdown can only
  show them then; every other label ("а)", "IV.", "Статья 5.", a number that
  does not follow on) is written before the text as Word shows it;
* bullets at level N are nested N deep under the open item, when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..importers import (
    BULLET_RE,
    NESTED_RE,
    ORDERED_RE,
    STATUS_WORDS,
    escape_block_start,
    is_title_block,
)

BlockKind = Literal["heading", "paragraph", "item", "table", "blank"]


@dataclass
class Block:
    """One paragraph (or table) of a Word document as read.

    ``markdown`` is its inline Markdown, escaped, without block-start escaping;
    ``plain`` the text a reader sees (for the typed-number rules). For items,
    ``ordered``/``number``/``delimiter``/``depth`` say what Word shows; ``label``
    is Word's whole label for numbers Markdown cannot show.
    """

    kind: BlockKind
    markdown: str = ""
    plain: str = ""
    level: int = 0
    ordered: bool = False
    number: str = ""
    delimiter: str = "."
    depth: int = 0
    #: The number path Word shows ("2.1"), when the label is decimal numbers only.
    path: tuple[str, ...] = ()
    label: str = ""
    rows: list[list[str]] = field(default_factory=list)
    #: Keys of the tracked changes met in this paragraph (see :mod:`.reader`).
    keys: frozenset[str] = frozenset()
    #: The line of the Markdown where the block starts (set on writing).
    line: int = -1


_LABEL_RE = re.compile(r"(\d{1,9})([.)])")
_PATH_RE = re.compile(r"(\d{1,9}(?:\.\d{1,9})+)\.?")


def word_label(block: Block, label: str, values: Sequence[int]) -> None:
    """Set what an item numbered by Word shows: decimal number (with its path) or label."""
    block.label = label
    if match := _LABEL_RE.fullmatch(label):
        block.number, block.delimiter = match.group(1), match.group(2)
        block.path = (*[str(v) for v in values[:-1]], match.group(1))
    elif match := _PATH_RE.fullmatch(label):
        block.path = tuple(match.group(1).split("."))
        block.number, block.delimiter = block.path[-1], "."


@dataclass
class _Open:
    ordered: bool
    delimiter: str
    number: int  # last number in this list (ordered)
    path: tuple[str, ...]
    indent: int  # where the item's text starts


def blocks_to_markdown(blocks: Sequence[Block]) -> str:
    """The Markdown of the blocks (module docstring); sets each block's ``line``."""
    blocks = _title_block(list(blocks))
    lines: list[str] = []
    stack: list[_Open] = []  # open list items, outermost first
    for block in blocks:
        if block.kind == "blank":
            continue
        if block.kind == "paragraph":
            _typed(block, stack)
        text, joined = _render(block, stack)
        if not text:
            continue
        if lines and not joined:
            lines.append("")
        block.line = len(lines) + (1 if text.startswith("\n") else 0)
        lines.extend(text.split("\n"))
    return "\n".join(lines) + "\n" if lines else ""


def _title_block(blocks: list[Block]) -> list[Block]:
    """Apply the status-line and title-block rules when Word marked no heading."""
    if any(b.kind == "heading" for b in blocks):
        return blocks
    i = 0
    while i < len(blocks) and blocks[i].kind == "blank":
        i += 1
    if i < len(blocks) and blocks[i].kind == "paragraph":
        if blocks[i].plain.strip(" \t.").casefold() in STATUS_WORDS:
            i += 1
            while i < len(blocks) and blocks[i].kind == "blank":
                i += 1
    end = i
    while end < len(blocks) and blocks[end].kind == "paragraph" and "\n" not in blocks[end].plain:
        end += 1
    run = blocks[i:end]
    if not run or end >= len(blocks) or blocks[end].kind != "blank":
        return blocks
    if not any(b.kind != "blank" for b in blocks[end:]):
        return blocks
    if not is_title_block([b.plain.strip() for b in run]):
        return blocks
    first = run[0]
    heading = Block("heading", markdown=first.markdown, plain=first.plain, level=1, keys=first.keys)
    rest: list[Block] = []
    for b in run[1:]:  # a line starting lower-case continues the one before
        if rest and b.plain.lstrip()[:1].islower():
            rest[-1] = Block(
                "paragraph",
                markdown=rest[-1].markdown + " " + b.markdown,
                plain=rest[-1].plain + " " + b.plain,
                keys=rest[-1].keys | b.keys,
            )
        else:
            rest.append(b)
    return [*blocks[:i], heading, *rest, *blocks[end:]]


def _strip_prefix(block: Block, size: int) -> bool:
    """Take the first ``size`` characters of the plain text off the Markdown too."""
    prefix = block.plain[:size]
    if not block.markdown.startswith(prefix):
        return False
    block.markdown = block.markdown[size:]
    block.plain = block.plain[size:]
    return True


def _typed(block: Block, stack: list[_Open]) -> None:
    """A plain paragraph that starts with a typed number or bullet becomes an item."""
    plain = block.plain
    if match := ORDERED_RE.match(plain):
        number, delimiter = match.group(1), match.group(2)
        if _strip_prefix(block, match.end()):
            block.kind, block.ordered = "item", True
            block.number, block.delimiter, block.path = number, delimiter, (number,)
            block.depth = 0
        return
    if match := NESTED_RE.match(plain):
        path = tuple(match.group(1).split("."))
        if _nests(path, stack) and _strip_prefix(block, match.end()):
            block.kind, block.ordered = "item", True
            block.number, block.delimiter, block.path = path[-1], ".", path
            block.depth = len(path) - 1
        return
    if match := BULLET_RE.match(plain):
        if _strip_prefix(block, match.end()):
            block.kind, block.ordered, block.depth = "item", False, 0


def _nests(path: tuple[str, ...], stack: Sequence[_Open]) -> bool:
    """Can an item numbered ``path`` be nested under the open items, with the number
    Markdown would show being the last component?"""
    depth = len(path) - 1
    if depth < 1 or depth > len(stack):
        return False
    parent = stack[depth - 1]
    if not parent.ordered or parent.path != path[:-1]:
        return False
    if len(stack) == depth:
        return True
    sibling = stack[depth]
    return sibling.ordered and sibling.delimiter == "." and int(path[-1]) == sibling.number + 1


def _render(block: Block, stack: list[_Open]) -> tuple[str, bool]:
    """A block's Markdown and whether it goes on the list before it (no blank line)."""
    if block.kind == "heading":
        stack.clear()
        text = escape_heading_md(block.markdown)
        return (f"{'#' * max(1, min(block.level, 6))} {text}" if text else ""), False
    if block.kind == "table":
        stack.clear()
        return _table(block.rows), False
    if block.kind == "item" and block.markdown.strip():
        depth = _place(block, stack)
        if depth is not None:
            marker = f"{block.number}{block.delimiter} " if block.ordered else "- "
            indent = stack[depth - 1].indent if depth else 0
            gap = depth > 0 and len(stack) == depth and block.ordered and block.number != "1"
            joined = bool(stack)
            body = _item_body(block.markdown, indent + len(marker))
            stack[depth:] = [
                _Open(
                    block.ordered,
                    block.delimiter,
                    int(block.number or 0),
                    block.path,
                    indent + len(marker),
                )
            ]
            # Only a list that starts at 1 can interrupt the text of its parent item.
            return ("\n" if gap else "") + " " * indent + marker + body, joined
        # A number Markdown cannot show: Word's label, then the text.
        stack.clear()
        label = block.label or (f"{block.number}{block.delimiter}" if block.ordered else "")
        return _paragraph((label + " " if label else "") + block.markdown), False
    stack.clear()
    return _paragraph(block.markdown), False


def escape_heading_md(markdown: str) -> str:
    """Heading content on one line, a final ``#`` run escaped."""
    one_line = re.sub(r"\\?\n", " ", markdown).strip()
    if match := re.search(r"(?:^|[ \t])(#+)[ \t]*$", one_line):
        return one_line[: match.start(1)] + "\\" + one_line[match.start(1) :]
    return one_line


def _paragraph(markdown: str) -> str:
    lines = markdown.strip().split("\n")
    return "\n".join(escape_block_start(line.lstrip(" \t")) for line in lines)


def _item_body(markdown: str, indent: int) -> str:
    lines = markdown.strip().split("\n")
    rest = [" " * indent + escape_block_start(line.lstrip(" \t")) for line in lines[1:]]
    return "\n".join([escape_block_start(lines[0]), *rest])


def _place(block: Block, stack: list[_Open]) -> int | None:
    """The depth an item goes to under the open items; None when Markdown cannot show
    its number there (the list would count otherwise, or its path names no open item)."""
    depth = min(block.depth, len(stack))
    if block.ordered and len(block.path) > 1:
        if depth != len(block.path) - 1 or depth == 0:
            return None
        parent = stack[depth - 1]
        if parent.ordered and parent.path != block.path[:-1]:
            return None
    if len(stack) > depth:
        sibling = stack[depth]
        same = sibling.ordered == block.ordered and sibling.delimiter == block.delimiter
        if block.ordered and same and int(block.number) != sibling.number + 1:
            return None
        if not same and depth == 0:
            stack.clear()
    return depth


def _table(rows: Sequence[Sequence[str]]) -> str:
    width = max((len(r) for r in rows), default=0)
    if not width:
        return ""

    def line(cells: Sequence[str]) -> str:
        padded = [*cells, *[""] * (width - len(cells))]
        return "| " + " | ".join(_cell(c) for c in padded) + " |"

    out = [line(rows[0]), "|" + "|".join(["---"] * width) + "|"]
    out.extend(line(r) for r in rows[1:])
    return "\n".join(out)


def _cell(markdown: str) -> str:
    text = re.sub(r"\\?\n", " ", markdown).strip()
    return text.replace("|", "\\|")
