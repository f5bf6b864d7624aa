"""markdown-it-py, set up once, used block first and inline only on demand.

Reading a long document is dominated by markdown-it, so the work is cut in
two ways, neither of which changes the result:

* **Block structure first.** Clauses are cut from block tokens alone; the
  plain text of a clause (inline parsing) is computed only when someone asks
  for it (:func:`plain_text`).
* **Independent chunks.** A document is split before every line that opens a
  new top-level block for certain: a line after a blank line that starts at
  column 0 and is not a list marker (so no list, quote, paragraph or indented
  code can continue into it). Each chunk is parsed alone. A fence or HTML block
  that reaches the end of its chunk might span the blank line (an unclosed
  fence, a ``<pre>`` or a comment); such a chunk is joined with the next one and
  parsed again. Chunks are parsed a run of them at a time, and each run's tokens
  are read into clauses before the next run is parsed: the tokens of a long
  document (several times its size) never exist all at once.
* **Shared chunks, for a while.** Inside :func:`shared_chunks` (reading a
  history, verifying it, a decision, comparing two files) the parsed chunks are
  kept by their text, so versions of one document share the work of their equal
  parts. The tokens of a chunk take several times its text's memory: they are
  kept only while the outermost such block lasts, and within it at most about
  twice the longest text parsed there (the chunks used least recently go first).
  Outside, a parse keeps nothing once done.

``tests/test_markdown.py`` checks that chunked tokens equal a whole-document
parse, on the corpus and on generated Markdown.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from .frozen import frozen
from .text import lazy_pattern

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: A line that may open a chunk: not indented, not blank, not a list marker.
_CHUNK_START_RE = re.compile(r"[^\s\-+*0-9]|[-+*][^\s]|[0-9]+(?![0-9]*[.)](?:\s|$))")
#: Characters left after removing what never shows as words.
_layout_re = lazy_pattern(
    r"\{\s*[#.][^}]*\}"  # pandoc attributes: {#n5}, {.class}
    r"|(?<!\\)</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>"  # HTML tags (not autolinks, not \<)
    r"|<!--.*?-->"
    r"|[\[\]:\s\\]"
)
_WORD_RE = re.compile(r"\w")


@lru_cache(maxsize=1)
def full_parser() -> MarkdownIt:
    """CommonMark, GFM tables and strikethrough, pandoc bracketed spans (``[]{#n5}``)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(attrs_plugin, spans=True)


#: What opens a fence, and an HTML block.
_FENCE_MARKS = ("```", "~~~")
_HTML_MARKS = ("<",)

#: Block rules that only open a block where a text holds one of these marks (strings, or
#: patterns of lines): a text without any of them parses to the same tokens without the
#: rule. A fence needs three backticks or tildes, a quote ">", an HTML block "<", a link
#: reference definition "]:", a table's header row "|"; a rule ends its line with three
#: of "-", "*" or "_" (white space between); the underline of a heading is a line of "="
#: or "-" after a line it underlines (only white space and quote marks before it).
_RULE_MARKS: tuple[tuple[str, tuple[str | re.Pattern[str], ...]], ...] = (
    ("fence", _FENCE_MARKS),
    ("blockquote", (">",)),
    ("html_block", _HTML_MARKS),
    ("reference", ("]:",)),
    ("table", ("|",)),
    (
        "hr",
        tuple(re.compile(f"{m}[ \\t]*{m}[ \\t]*{m}[ \\t]*(?:\\n|\\Z)") for m in ("-", r"\*", "_")),
    ),
    ("lheading", (re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*(?:\n|\Z)"),)),
)


def block_parser(text: str | None = None) -> MarkdownIt:
    """The same rules without inline parsing: block tokens with their source lines.
    Given the text it is for, without the rules that cannot open a block anywhere in
    it (:data:`_RULE_MARKS`; lines end at "\\n" alone): each line is tried against
    fewer rules, for the same tokens; nor the pass that rewrites line endings and NULs
    over the whole text when it has none."""
    if text is None or "\r" in text:
        return _block_parser(())
    unused = tuple(rule for rule, marks in _RULE_MARKS if not any(_holds(text, m) for m in marks))
    if "\0" not in text:
        unused += ("normalize",)  # no line ending or NUL for it to rewrite
    return _block_parser(unused)


def _holds(text: str, mark: str | re.Pattern[str]) -> bool:
    return mark in text if isinstance(mark, str) else mark.search(text) is not None


#: The marks of the blocks that may go on past a blank line: fences and HTML blocks.
_OPEN_ENDED = (*_FENCE_MARKS, *_HTML_MARKS)


@cache
def _block_parser(unused: tuple[str, ...]) -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Inline parsing is left out, and so is the pass that joins the text tokens it makes.
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.disable(["inline", "text_join"])
    parser.block.ruler.at("table", table_rule(), {"alt": list(TABLE_ALT)})
    state = _block_state()
    if state is not None:
        parser.block.parse = MethodType(_parse_blocks(state), parser.block)  # type: ignore[method-assign]
    return parser.disable(list(unused)) if unused else parser


#: The fields of markdown-it's ``Token``, in order, that :func:`_block_state` sets.
_TOKEN_FIELDS = (
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
)


@cache
def _block_state() -> type | None:
    """markdown-it's ``StateBlock``, pushing each token made without the constructor of
    ``Token`` (a dataclass with slots, whose generated constructor and post-init cost
    more than most rules that push tokens): each field is set as the constructor sets
    it. A long code's tables make tens of thousands of tokens. None when ``Token`` has
    other fields than these (another version of markdown-it): its own state then."""
    import dataclasses

    from markdown_it.rules_block.state_block import StateBlock
    from markdown_it.token import Token

    if tuple(f.name for f in dataclasses.fields(Token)) != _TOKEN_FIELDS:
        return None
    new = Token.__new__

    class State(StateBlock):
        def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
            token = new(Token)
            token.type, token.tag, token.nesting = ttype, tag, nesting
            token.attrs, token.map, token.children = {}, None, None
            token.content = token.markup = token.info = ""
            token.meta, token.block, token.hidden = {}, True, False
            if nesting < 0:
                self.level -= 1  # closing tag
            token.level = self.level
            if nesting > 0:
                self.level += 1  # opening tag
            self.tokens.append(token)
            return token

    return State


def _parse_blocks(state: type) -> Callable[..., list[Token] | None]:
    """markdown-it's ``ParserBlock.parse`` with ``state`` for its state."""

    def parse(
        self: Any, src: str, md: MarkdownIt, env: Any, out: list[Token]
    ) -> list[Token] | None:
        if not src:
            return None
        found = state(src, md, env, out)
        self.tokenize(found, found.line, found.lineMax)
        return found.tokens

    return parse


#: The rule chains the table rule is in besides its own (as markdown-it sets it up): a
#: table may interrupt a paragraph and a link reference definition.
TABLE_ALT = ("paragraph", "reference")


@cache
def table_rule() -> Callable[..., bool]:
    """markdown-it's GFM table rule, the very function, reading the cells of a row with
    :func:`split_cells`: a long code's tables are split into cells at C speed (the rule
    walks each row a character at a time in Python, and that is most of its time)."""
    from markdown_it.rules_block import table as rule

    return FunctionType(
        rule.__code__,
        {**rule.__globals__, "escapedSplit": split_cells},
        rule.__name__,
        rule.__defaults__,
        rule.__closure__,
    )


def split_cells(row: str) -> list[str]:
    """markdown-it's ``escapedSplit``: a table row cut at each "|" that no backslash
    escapes, an escaped one kept without its backslash. A row without a backslash is
    cut at every "|", as ``str.split`` cuts it."""
    if "\\" in row:
        from markdown_it.rules_block.table import escapedSplit

        return escapedSplit(row)
    return row.split("|")


@frozen
class References:
    """Link reference definitions of a document, for inline parsing on demand."""

    env: dict[str, Any]


#: The least a shared cache keeps, in characters of chunk text.
_SHARED_FLOOR = 1_000_000


class SharedChunks:
    """Parsed chunks kept by their text, least recently used first, up to about twice
    the longest text parsed with them (module docstring)."""

    def __init__(self) -> None:
        self._chunks: OrderedDict[str, tuple[list[Token], dict[str, Any]]] = OrderedDict()
        self._size = 0  # characters of chunk text kept
        self._limit = _SHARED_FLOOR

    def __len__(self) -> int:
        return len(self._chunks)

    def fit(self, text: str) -> None:
        """Make room for the chunks of ``text`` and a version of it."""
        self._limit = max(self._limit, 2 * len(text))

    def __contains__(self, chunk: object) -> bool:
        return chunk in self._chunks

    def get(self, chunk: str) -> tuple[list[Token], dict[str, Any]] | None:
        found = self._chunks.get(chunk)
        if found is not None:
            self._chunks.move_to_end(chunk)
        return found

    def __setitem__(self, chunk: str, parsed: tuple[list[Token], dict[str, Any]]) -> None:
        if chunk in self._chunks:
            return
        self._chunks[chunk] = parsed
        self._size += len(chunk)
        while self._size > self._limit:
            self._size -= len(self._chunks.popitem(last=False)[0])


#: Parsed chunks by text: (tokens, env).
ChunkCache: TypeAlias = MutableMapping[str, tuple[list["Token"], dict[str, Any]]] | SharedChunks

_SHARED: ContextVar[SharedChunks | None] = ContextVar("resvcs_shared_chunks", default=None)


@contextmanager
def shared_chunks(chunks: SharedChunks | None = None) -> Iterator[SharedChunks]:
    """Parses inside the block share their parsed chunks (module docstring): those of
    an enclosing block, else ``chunks`` (kept from an earlier block, to go on with),
    else new ones, let go when the block ends."""
    current = _SHARED.get()
    if current is not None:
        yield current
        return
    chunks = SharedChunks() if chunks is None else chunks
    token = _SHARED.set(chunks)
    try:
        yield chunks
    finally:
        _SHARED.reset(token)


def block_tokens(
    text: str, offsets: list[int], cache: ChunkCache | None = None
) -> tuple[list[Token], list[int], References]:
    """Block tokens of ``text``, the line shift to add to each token's map (the
    line its chunk starts at), and the document's link references: the runs of
    :func:`token_runs` joined.

    Tokens may be shared with other documents through the cache: never modify them.
    """
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    shifts: list[int] = []
    for run, run_shifts in token_runs(text, offsets, env, cache):
        tokens.extend(run)
        shifts.extend(run_shifts)
    return tokens, shifts, References(env)


#: The most characters of text parsed in one go (more when a block runs on): the
#: tokens of a long text are made and read a part at a time, never all at once.
RUN_CHARS = 64 * 1024


def token_runs(
    text: str, offsets: list[int], env: dict[str, Any], cache: ChunkCache | None = None
) -> Iterator[tuple[list[Token], list[int]]]:
    """Block tokens of ``text`` a run of whole chunks at a time, in order, with the line
    shift to add to each token's map (the line its chunk starts at); the link reference
    definitions found go into ``env`` (the first definition of a label holds, as in one
    parse). Each run's tokens are those of whole top-level blocks: every block opened
    in a run is closed in it. ``cache`` keeps parsed chunks for later calls; by default,
    those of :func:`shared_chunks` when inside it.

    The chunks found in the cache are taken from it; each run of chunks that are not
    is parsed in one go, up to about :data:`RUN_CHARS` of text (a text parses as its
    chunks do, and one parse of many chunks costs less than one each), and cut into its
    chunks for the cache.

    Tokens may be shared with other documents through the cache: never modify them.
    """
    store = _SHARED.get() if cache is None else cache
    if isinstance(store, SharedChunks):
        store.fit(text)
    n_lines = len(offsets) - 1
    starts = [0] + [
        i
        for i in range(1, n_lines)
        if _blank(text, offsets, i - 1) and _CHUNK_START_RE.match(text, offsets[i])
    ]
    starts.append(n_lines)
    last = len(starts) - 1

    def chunk(k: int) -> str:
        return text[offsets[starts[k]] : offsets[starts[k + 1]]]

    parser: MarkdownIt | None = None  # for the text, when a part of it must be parsed
    # Only a fence or an HTML block can go on past a blank line, and only where its
    # marks are.
    open_ended = any(mark in text for mark in _OPEN_ENDED)
    # A chunk of one line that can only be a paragraph or a heading needs no parser
    # (:func:`_line_tokens`; not where the parser would rewrite line endings or NULs).
    lines = "\r" not in text and "\0" not in text
    k = 0
    while k < last:
        alone = _line_tokens(text, offsets[starts[k]], offsets[starts[k + 1]]) if lines else None
        if alone is not None:
            if store is not None:
                store[chunk(k)] = (alone, {})
            yield alone, [starts[k]] * len(alone)
            k += 1
            continue
        parsed = None if store is None else store.get(chunk(k))
        if parsed is not None and (
            k + 1 == last
            or not open_ended
            or not _runs_to_end(parsed[0], starts[k + 1] - starts[k])
        ):
            _add_references(env, parsed[1])
            yield parsed[0], [starts[k]] * len(parsed[0])
            k += 1
            continue
        # The run: up to the next chunk in the cache, or the most parsed in one go.
        end, limit = k + 1, offsets[starts[k]] + RUN_CHARS
        while (
            end < last
            and offsets[starts[end]] < limit
            and (store is None or chunk(end) not in store)
            and not (lines and _line_chunk(text, offsets[starts[end]], offsets[starts[end + 1]]))
        ):
            end += 1
        while True:
            lo, hi = starts[k], starts[end]
            run_env: dict[str, Any] = {}
            if parser is None:
                parser = block_parser(text)
            run = parser.parse(text[offsets[lo] : offsets[hi]], run_env)
            if end == last or not open_ended or not _runs_to_end(run, hi - lo):
                break
            end += 1  # a fence or HTML block may go on past the blank line
        _add_references(env, run_env, lo)
        if store is None:
            yield run, [lo] * len(run)
        else:
            tokens: list[Token] = []
            shifts: list[int] = []
            for first, pieces in _cut(run, starts, k):
                shifts.extend([starts[first]] * len(pieces))
                tokens.extend(pieces)
                if not run_env and _parse_of_chunk(pieces, starts, first):
                    store[chunk(first)] = (pieces, {})
            yield tokens, shifts
        k = end


def _line_chunk(text: str, begin: int, end: int) -> str | None:
    """The line of a chunk (``text[begin:end]``) that is one line, then blank lines
    only, and starts with a letter or "#" (a paragraph, or maybe a heading); else None."""
    cut = text.find("\n", begin, end)
    if cut == -1:
        cut = end
    elif text[cut:end].strip(" \t\n"):
        return None
    line = text[begin:cut]
    return line if line[:1] == "#" or line[:1].isalpha() else None


def _line_tokens(text: str, begin: int, end: int) -> list[Token] | None:
    """The block tokens of a chunk (``text[begin:end]``, without "\\r" or NUL) that is
    one line, then blank lines only, when that line can only be a paragraph (it starts
    with a letter: no block rule but the paragraph's starts with one, and the lines
    after it are blank: no table, no heading underline) or an ATX heading (one to six
    "#", then a space, a tab or the end of the line): the tokens markdown-it's own
    rules make of it, made at once. None for any other chunk (the parser tells)."""
    line = _line_chunk(text, begin, end)
    if line is None:
        return None
    from markdown_it.common.utils import mdTrim

    if line[0] != "#":
        return _leaf_tokens("paragraph", "p", "", mdTrim(line))
    level = len(line) - len(line.lstrip("#"))
    if level > 6 or line[level : level + 1] not in ("", " ", "\t"):
        return None
    # markdown-it's heading rule: trailing spaces and tabs off, then a closing run of
    # "#" that a space or a tab precedes.
    stop = len(line.rstrip(" \t"))
    if stop <= level:
        stop = level
    closing = len(line[:stop].rstrip("#"))
    if closing < level:
        closing = level
    if closing > level and line[closing - 1] in " \t":
        stop = closing
    return _leaf_tokens("heading", f"h{level}", "#" * level, mdTrim(line[level:stop]))


def _leaf_tokens(kind: str, tag: str, markup: str, content: str) -> list[Token]:
    """A paragraph's or a heading's three tokens on a chunk's first line, as the
    block parser pushes them."""
    from markdown_it.token import Token

    opening = Token(f"{kind}_open", tag, 1, map=[0, 1], markup=markup, block=True)
    inline = Token("inline", "", 0, map=[0, 1], level=1, children=[], content=content, block=True)
    return [opening, inline, Token(f"{kind}_close", tag, -1, markup=markup, block=True)]


def _add_references(env: dict[str, Any], found: dict[str, Any], shift: int = 0) -> None:
    """Add the link reference definitions of a later part of a text (the first
    definition of a label holds, as in one parse); ``shift``: the line the part
    starts at (added to the lines a definition names)."""
    for label, ref in found.get("references", {}).items():
        lines = ref.get("map")
        if shift and lines is not None:
            ref = {**ref, "map": [lines[0] + shift, lines[1] + shift]}
        env.setdefault("references", {}).setdefault(label, ref)


def _cut(run: list[Token], starts: list[int], first: int) -> Iterator[tuple[int, list[Token]]]:
    """The tokens of a parse of chunks from ``first`` on cut into its chunks: (chunk,
    its tokens, their lines counted from the chunk's start). A block that goes on into
    the next chunk takes that chunk's tokens along (its piece holds both)."""
    base = starts[first]
    k = first
    piece: list[Token] = []
    for t in run:
        if t.level == 0 and t.nesting >= 0 and t.map is not None:
            line = t.map[0] + base
            if line >= starts[k + 1]:
                if piece:
                    yield k, piece
                piece = []
                while line >= starts[k + 1]:
                    k += 1
        if t.map is not None and k != first:
            t.map = [t.map[0] + base - starts[k], t.map[1] + base - starts[k]]
        piece.append(t)
    if piece:
        yield k, piece


def _parse_of_chunk(pieces: list[Token], starts: list[int], k: int) -> bool:
    """Whether a piece cut at chunk ``k`` is what that chunk parses into alone: its
    first block starts on the chunk's first line (not after the end of a block that
    began earlier) and its blocks end within the chunk (not in the next one)."""
    size = starts[k + 1] - starts[k]
    head = pieces[0].map
    return (
        head is not None
        and head[0] == 0
        and all(t.map is None or t.map[1] <= size for t in pieces if t.level == 0)
    )


def _runs_to_end(tokens: list[Token], n_lines: int) -> bool:
    return any(
        t.type in ("fence", "html_block") and t.map is not None and t.map[1] >= n_lines
        for t in tokens
    )


def _blank(text: str, offsets: list[int], line: int) -> bool:
    return not text[offsets[line] : offsets[line + 1]].strip(" \t\r\n")


def may_have_words(source: str) -> bool:
    """False only when an inline source surely shows no words (anchors, tags, fences)."""
    if "{" not in source and "<" not in source:
        # Only single characters that are not word characters could be taken away.
        return bool(_WORD_RE.search(source))
    return bool(_WORD_RE.search(_layout_re().sub("", source)))


#: A piece of a clause's plain text: ("inline", (source,)), ("literal", (text,)),
#: or ("row", (cell sources ...)) for a table row.
TextPart = tuple[str, tuple[str, ...]]


def plain_text(parts: tuple[TextPart, ...], refs: References | None) -> str:
    """What a reader sees of these parts: markup removed, one line per part."""
    env = refs.env if refs is not None else {}
    out = []
    for kind, sources in parts:
        if kind == "literal":
            value = sources[0]
        elif kind == "row":
            value = " | ".join(inline_source_text(s, env) for s in sources)
        else:
            value = inline_source_text(sources[0], env)
        value = value.strip()
        if value:
            out.append(value)
    return "\n".join(out)


#: The characters with which CommonMark's inline rules (and strikethrough and bracketed
#: spans) can make anything but plain text, and the line breaks and NUL the parser
#: rewrites: a source without any of them reads as it is written.
_INLINE_MARKUP = frozenset("\\`*_[]!<&~{}\n\r\0")
#: One of them anywhere: a search at C speed (a set's ``isdisjoint`` makes a string of
#: each character of the source).
_INLINE_MARKUP_RE = re.compile("[" + re.escape("".join(sorted(_INLINE_MARKUP))) + "]")


def inline_source_text(source: str, env: dict[str, Any] | None = None) -> str:
    """The plain text of one inline source (a paragraph's or a cell's Markdown)."""
    if not source:
        return ""
    if _INLINE_MARKUP_RE.search(source) is None:
        return source  # no markup: the parser would give the text back (and is not loaded)
    tokens = full_parser().parseInline(source, dict(env or {}))
    return inline_text(tokens[0]) if tokens else ""


def inline_text(token: Token) -> str:
    """What a reader sees of an inline token: text without markup."""
    parts: list[str] = []
    for child in token.children or ():
        typ = child.type
        if typ in ("text", "code_inline"):
            parts.append(child.content)
        elif typ in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif typ == "image":
            parts.append(child.content)
    return "".join(parts)
