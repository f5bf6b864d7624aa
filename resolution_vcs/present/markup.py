"""Clause and document Markdown as HTML that is safe to show.

Rendered from markdown-it tokens (CommonMark with GFM tables and
strikethrough, pandoc bracketed spans for anchors such as ``[]{#n5}``), made
safe first (:func:`text_tokens`):

* raw HTML in the text is shown as text, never interpreted (``html: False``);
* links keep only ``http``, ``https``, ``mailto`` and in-page ``#`` targets;
  any other link (``javascript:``, ``data:``, relative paths) becomes its
  plain text; images become their alt text, so a page never loads anything;
* attributes from ``{...}`` blocks are dropped except ``id``;
* every numbered list item carries its number as the text writes it
  (``<li value="3">``): people read the numbers written, which a browser would
  otherwise count afresh from the list's first one;
* paragraphs that are only layout (pandoc anchors and fences, bare HTML tags
  such as ``<div>``) are not shown; their anchors stay as empty ``<span id>``.

With ``offline=True`` (the dossier) external links become their text followed
by the address. Pure: strings in, tokens and HTML out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from ..frozen import frozen

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin

    class _Parser(MarkdownIt):
        def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
            # Every link is parsed, so that a refused one can be shown as its text
            # rather than as "[text](javascript:...)"; _clean_inline decides.
            return True

    parser = _Parser("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return parser.use(attrs_plugin, spans=True)


_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SAFE_ID_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*")
_ALIGN_RE = re.compile(r"text-align:(?:left|right|center)")
#: Inline source that shows no text of its own: white space, backslashes, pandoc
#: anchors and attributes, fenced-div fences, HTML comments and bare HTML tags
#: (``<div>``, ``</div>``). A tag with attributes is shown as text: it may carry
#: something a reader should see (``<img src=… onerror=…>``).
_LAYOUT_ONLY_RE = re.compile(
    r"(?:\s+|\\|\[\]\{[^{}\n]*\}|\{[#.][^{}\n]*\}|<!--.*?-->"
    r"|</?[A-Za-z][A-Za-z0-9-]*\s*/?>"
    r"|:{3,}[ \t]*(?:\{[^{}\n]*\}|[\w-]+)?[ \t]*(?=\n|$))*",
    re.DOTALL,
)


def safe_href(href: str) -> str | None:
    """``href`` if it is an in-page ``#`` target or an http, https or mailto
    address; None for anything else (other schemes, relative paths)."""
    value = href.strip()
    if value.startswith("#"):
        return value
    match = _SCHEME_RE.match(value)
    if match and match.group(1).lower() in _LINK_SCHEMES:
        return value
    return None


def text_tokens(markdown: str, *, offline: bool = False, ignore: str = "") -> list[Token]:
    """markdown-it tokens of ``markdown``, made safe to show (module docstring).

    With ``offline`` only in-page links stay links; http, https and mailto
    links become their text followed by the address in brackets. Characters in
    ``ignore`` (marks a caller put into the text) are taken out of link
    addresses and titles before they are checked.
    """
    tokens = _parser().parse(markdown)
    ordered: list[bool] = []  # per open list: numbered or not
    for i, token in enumerate(tokens):
        if token.type == "inline":
            token.children = _clean_inline(token.children or [], offline, ignore)
            continue
        token.attrs = {k: v for k, v in token.attrs.items() if _block_attr_ok(token, k, v)}
        if token.type in ("ordered_list_open", "bullet_list_open"):
            ordered.append(token.type == "ordered_list_open")
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            ordered.pop()
        elif token.type == "list_item_open" and ordered and ordered[-1] and token.info.isdigit():
            # The number as the text writes it: a browser would count on from the
            # list's first number ("2. 2. 3." would read 2, 3, 4).
            token.attrs["value"] = str(int(token.info))
        if (
            token.type == "paragraph_open"
            and i + 2 < len(tokens)
            and _LAYOUT_ONLY_RE.fullmatch(tokens[i + 1].content)
        ):
            # Layout: keep the anchors, show nothing else, and no empty <p>.
            token.hidden = tokens[i + 2].hidden = True
            token.meta["layout"] = True
            inline = tokens[i + 1]
            inline.children = [
                c for c in inline.children or () if c.type in ("span_open", "span_close")
            ]
    return tokens


def _block_attr_ok(token: Token, key: str, value: str | int | float) -> bool:
    if key == "id":
        return bool(_SAFE_ID_RE.fullmatch(str(value)))
    if key == "start":
        return token.type == "ordered_list_open"
    if key == "style":
        return token.tag in ("th", "td") and bool(_ALIGN_RE.fullmatch(str(value)))
    return False


def _text_token(content: str) -> Token:
    from markdown_it.token import Token

    return Token("text", "", 0, content=content)


def _clean_inline(children: Sequence[Token], offline: bool, ignore: str = "") -> list[Token]:
    out: list[Token] = []
    # For each open link: kept as a link, or what to write after its text.
    links: list[tuple[bool, str]] = []
    drop = str.maketrans("", "", ignore)
    for child in children:
        if child.type == "link_open":
            href = safe_href(str(child.attrGet("href") or "").translate(drop))
            keep = href is not None and (not offline or href.startswith("#"))
            if keep:
                assert href is not None
                title = str(child.attrGet("title") or "").translate(drop)
                child.attrs = {"href": href, **({"title": title} if title else {})}
                out.append(child)
                links.append((True, ""))
            else:
                shown = href if href is not None and offline and child.markup != "autolink" else ""
                links.append((False, shown))
        elif child.type == "link_close":
            keep, shown = links.pop() if links else (False, "")
            if keep:
                out.append(child)
            elif shown:
                out.append(_text_token(f" ({shown})"))
        elif child.type == "image":
            if child.content:
                out.append(_text_token(child.content))
        else:
            child.attrs = {
                k: v for k, v in child.attrs.items() if k == "id" and _SAFE_ID_RE.fullmatch(str(v))
            }
            out.append(child)
    return out


def text_html(markdown: str, *, offline: bool = False) -> str:
    """The HTML of a text (a fragment, no page around it); see :func:`text_tokens`."""
    parser = _parser()
    return parser.renderer.render(text_tokens(markdown, offline=offline), parser.options, {})


# --- Invisible characters ---------------------------------------------------------------


@frozen
class Piece:
    """Part of a run as shown: text, or the name of an invisible character ("NBSP")."""

    text: str
    marker: bool = False


#: Control characters and bidirectional controls: shown wherever they occur,
#: since they overwrite or reorder the text around them on screen.
_ALWAYS = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\n\t"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c", "\ufffe", "\uffff"]
)
#: Characters with no width: shown in changed runs, where they may be the change.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e")
_NAMES = {"\u00a0": "NBSP", "\t": "TAB"}


def char_name(char: str) -> str:
    """How an invisible character is shown: "NBSP", "TAB" or "U+200B"."""
    return _NAMES.get(char) or f"U+{ord(char):04X}"


def visible_pieces(text: str, *, changed: bool, spacing: bool = False) -> tuple[Piece, ...]:
    """Split ``text`` into plain pieces and named invisible characters.

    ``changed``: the text was deleted or inserted (zero-width characters are
    named); ``spacing``: it is one side of a change in spacing only (every
    space but a plain one and a line break is named).
    """
    if _shown_re(changed, spacing).search(text) is None:  # most texts: none to name
        return (Piece(text),) if text else ()
    pieces: list[Piece] = []
    start = 0
    for i, char in enumerate(text):
        if (
            char in _ALWAYS
            or (changed and char in _ZERO_WIDTH)
            or (spacing and char.isspace() and char not in " \n")
        ):
            if start < i:
                pieces.append(Piece(text[start:i]))
            pieces.append(Piece(char_name(char), marker=True))
            start = i + 1
    if start < len(text):
        pieces.append(Piece(text[start:]))
    return tuple(pieces)


@cache
def _shown_re(changed: bool, spacing: bool) -> re.Pattern[str]:
    """Any of the characters :func:`visible_pieces` names (found at C speed): a space
    other than a plain one and a line break is ``[^\\S \\n]`` (``\\s`` is what
    ``str.isspace`` takes for white space)."""
    names = _ALWAYS | _ZERO_WIDTH if changed else _ALWAYS
    shown = "[" + "".join(re.escape(c) for c in sorted(names)) + "]"
    return re.compile(shown + "|[^\\S \\n]" if spacing else shown)


# --- Clause text with marks ---------------------------------------------------------------


#: What opens a line and makes its block: indentation, heading signs, quote signs, list markers.
_LINE_SYNTAX_RE = re.compile(r"[ \t]*(?:(?:#{1,6}|>|[-+*]|\d{1,9}[.)])(?:[ \t]+|$))*")


@frozen
class Mark:
    """How a stretch of clause text is marked: the element around it (``<del>``,
    ``<ins>``, a ``<span>`` naming its source in a blame), which invisible
    characters are named in it, and markup written once where the stretch ends."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    #: Name zero-width characters (they may be what changed).
    changed: bool = False
    #: Name every space but a plain one (a change of spacing only).
    spacing: bool = False
    #: Safe markup written after the stretch (a reference to its source).
    after: str = ""
    #: Leave the block syntax that opens a line (``# ``, ``> ``, a list marker)
    #: outside the mark, so that it still makes its block: for marks that say where
    #: text came from (a blame), not what changed (there a changed ``#`` is the change).
    around_syntax: bool = False

    def open(self) -> str:
        attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in self.attrs)
        return f"<{self.tag}{attrs}>"


class MarkedRun(Protocol):
    """A stretch of clause Markdown and what happened to it (see ``redline.Run``)."""

    @property
    def op(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def spacing(self) -> bool: ...


def _run_mark(run: MarkedRun) -> Mark | None:
    if run.op == "equal":
        return None
    tag = "del" if run.op == "delete" else "ins"
    attrs = (("class", "space"),) if run.spacing else ()
    return Mark(tag, attrs, changed=True, spacing=run.spacing)


def runs_html(runs: Sequence[MarkedRun], *, offline: bool = False) -> str:
    """The Markdown of a clause's runs rendered (:func:`marked_html`), the deleted and
    inserted stretches as ``<del>`` and ``<ins>`` (``class="space"`` for a change
    of spacing only), invisible characters named as in the text redline."""
    return marked_html([(run.text, _run_mark(run)) for run in runs], offline=offline)


def clause_html(markdown: str, *, offline: bool = False) -> str:
    """A clause's Markdown rendered (:func:`marked_html`, without marks)."""
    return marked_html([(markdown, None)], offline=offline)


def marked_html(segments: Sequence[tuple[str, Mark | None]], *, offline: bool = False) -> str:
    """The Markdown the segments make together, rendered as HTML (headings,
    emphasis, lists, tables, code; links made safe as in :func:`text_tokens`),
    each marked segment in its element.

    The segments are put together into one Markdown text with a private-use
    character at each start and end of a marked one; markdown-it takes them for
    letters, so they come out in the text of the tokens, where they become the
    marks. A mark never crosses an element: it is closed before a tag and opened
    again after it, so the HTML stays well formed. A clause that is one paragraph
    comes out as its inline content, one heading as ``<span class="heading">``, so
    the result fits a table cell or a line as well as a page.
    """
    kinds = list(dict.fromkeys(mark for _, mark in segments if mark is not None))
    source = "".join(text for text, _ in segments)
    base = 0xE000
    while any(chr(base + k) in source for k in range(2 * len(kinds))):
        base += 2 * len(kinds)  # the text uses these characters itself: take others
    opens = {chr(base + 2 * k): mark for k, mark in enumerate(kinds)}
    closes = {chr(base + 2 * k + 1): mark for k, mark in enumerate(kinds)}
    start = {mark: chr(base + 2 * k) for k, mark in enumerate(kinds)}
    parts: list[str] = []
    for text, mark in segments:
        if mark is None or not text:
            parts.append(text)
            continue
        lead = ""
        if mark.around_syntax and (not parts or parts[-1].endswith("\n")):
            lead = _LINE_SYNTAX_RE.match(text).group(0)  # type: ignore[union-attr]
        parts.append(lead + start[mark] + text[len(lead) :] + chr(ord(start[mark]) + 1))
    ignore = "".join(opens) + "".join(closes)
    tokens = text_tokens("".join(parts), offline=offline, ignore=ignore)
    renderer = _renderer_class()(opens, closes)
    env: dict[str, Any] = {"mark": None}
    blocks = [t for t in tokens if t.level == 0 and not t.hidden]
    if len(blocks) == 2 and blocks[0].type in ("paragraph_open", "heading_open"):
        inline = next(t for t in tokens if t.type == "inline")
        body = renderer.renderInline(inline.children or [], _parser().options, env)
        if blocks[0].type == "paragraph_open":
            return str(body)
        level = blocks[0].tag[1:]
        return f'<span class="heading h{level}" role="heading" aria-level="{level}">{body}</span>'
    return str(renderer.render(tokens, _parser().options, env)).strip("\n")


@lru_cache(maxsize=1)
def _renderer_class() -> type[Any]:
    """markdown-it's HTML renderer, with text (and code) split at the marks (made
    when first needed: markdown-it is imported only by commands that render)."""
    from markdown_it.renderer import RendererHTML

    class MarkedRenderer(RendererHTML):
        #: The names of the rendering rules (markdown-it looks them up with inspect on
        #: each renderer made: found once here, a clause's renderer is made at once).
        rule_names: tuple[str, ...] = ()

        def __init__(self, opens: dict[str, Mark], closes: dict[str, Mark]) -> None:
            if not MarkedRenderer.rule_names:
                super().__init__()
                MarkedRenderer.rule_names = tuple(self.rules)
            self.rules = {name: getattr(self, name) for name in MarkedRenderer.rule_names}
            self.opens, self.closes = opens, closes
            chars = re.escape("".join([*opens, *closes]))
            self.split = re.compile(f"([{chars}])") if chars else None

        def marked(self, text: str, env: dict[str, Any]) -> str:
            """``text`` escaped, each marked stretch in its element; the mark open at
            its end stays open (in ``env``) for the next text."""
            out = []
            for piece in self.split.split(text) if self.split else [text]:
                if piece in self.opens:
                    env["mark"] = self.opens[piece]
                elif piece in self.closes:
                    out.append(self.closes[piece].after)
                    env["mark"] = None
                elif piece:
                    mark: Mark | None = env["mark"]
                    if mark is None:
                        out.append(_shown(piece, changed=False, spacing=False))
                    else:
                        shown = _shown(piece, changed=mark.changed, spacing=mark.spacing)
                        out.append(f"{mark.open()}{shown}</{mark.tag}>")
            return "".join(out)

        def text(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
            return self.marked(tokens[idx].content, env)

        def code_inline(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
            return f"<code>{self.marked(tokens[idx].content, env)}</code>"

        def code_block(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
            return f"<pre><code>{self.marked(tokens[idx].content, env)}</code></pre>\n"

        def fence(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
            return self.code_block(tokens, idx, options, env)

        def softbreak(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
            return "\n"

    return MarkedRenderer


def _shown(text: str, *, changed: bool, spacing: bool) -> str:
    """Text escaped for HTML, invisible characters as boxed names."""
    return "".join(
        f'<span class="mark">{html.escape(p.text)}</span>' if p.marker else html.escape(p.text)
        for p in visible_pieces(text, changed=changed, spacing=spacing)
    )
