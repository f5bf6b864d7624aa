#!/usr/bin/env python3
"""Fuzz resolution_vcs with Hypothesis, for minutes or hours, outside ``make test``.

    .venv/bin/python scripts/fuzz.py --target parse --minutes 10
    .venv/bin/python scripts/fuzz.py --all --minutes 10        # each target 10 minutes, in turn
    .venv/bin/python scripts/fuzz.py --list

Targets (each checks that the only exception escaping the library is a
:class:`~resolution_vcs.errors.ResolutionError`, plus its own properties):

``parse``
    Any text: ``parse(x).render() == x`` byte for byte; the same clauses with a
    cold and a warm chunk cache; ids unique, every clause found by its id and
    label; the ids file reads back. Bytes (invalid UTF-8, BOMs, control
    characters, other encodings) through ``decode`` and ``import_text``: the
    stored Markdown has LF line ends, one final newline and round-trips too.
``render``
    Diffs of arbitrary pairs and their texts through every presenter: redline
    and comparative table (HTML, Markdown, text, JSON, CSV, sometimes Word), the
    exported text (HTML, fragment) and the amendment table of hostile
    amendments. Every HTML page is scanned: only the templates' tags, no
    ``on…`` attribute, no ``src``, no ``javascript:``/``data:`` link, no style
    after ``<body>``; Markdown and CSV tables keep their rows and columns.
``diff``
    ``apply_diff(old, diff(old, new)) == new`` both ways, with and without
    clause ids; a text against itself has no changes; word operations add up
    to the clause texts; the JSON form loads.
``amend``
    Operations from the builders (``replace_clause``, ``replace_words`` …) with
    any clause reference and text, applied to the text they were made for or to
    a revision of it: a document or conflicts, never both, and ``check`` agrees.
    An edited copy (``operations_from_copy``) applied as one amendment or one
    amendment after another reproduces the copy byte for byte.
``word``
    Word files generated part by part (paragraphs, headings, automatic numbering of any
    format, level and start, tracked insertions and deletions by odd authors and dates,
    comments, footnotes, fields, content controls, links to anywhere), sometimes made
    hostile (damaged or cut zips, entities, macros, encrypted and old binary files,
    external parts, unpacked size and part counts over the caps): read or refused with a
    ResolutionError only; what is read keeps every word a reader of the accepted text
    sees, in order; ``import`` and ``propose --from`` of it commit whole or write
    nothing (head, documents and working tree as before); no network is touched.
``records``
    Amendment records: dumped and loaded back unchanged; valid records mutated
    (YAML tags, aliases, odd dates and scalars, broken lines, CRLF, BOM), YAML of
    random shape and arbitrary bytes loaded; what loads dumps and loads back
    unchanged, and shows in the record body and the amendment table.

Inputs mix generated Markdown (lists, headings, tables, quotes, fences, HTML,
pandoc anchors; Cyrillic and Latin words, NBSP, bidi and zero-width
characters, control characters, XSS snippets) with mutations of the shared
corpus (``../shared``) and this repository's own draft.

Each target runs Hypothesis in chunks until its time is up; the counts printed
are examples actually executed (counted inside the test function, shrinking
included). A failure is shrunk, printed with its minimal example and written
to ``--out``; fuzzing then goes on, skipping inputs that raise a failure
already found, so that the number of distinct failures is meaningful. The
exit code is 1 when anything failed.

With ``--engine atheris`` (if atheris is installed) one target runs under
libFuzzer's coverage guidance instead, fed through Hypothesis's
``fuzz_one_input``; it runs until ``--minutes`` have passed and exits.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import signal
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from html.parser import HTMLParser
from pathlib import Path
from types import FrameType
from typing import Any, Literal, TypeVar, cast

import hypothesis
import hypothesis.database
import hypothesis.errors
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from resolution_vcs.amend import (  # noqa: E402
    EPILOGUE,
    PREAMBLE,
    Applied,
    Operation,
    OpKind,
    apply,
    check,
    delete_clause,
    insert_clause,
    merge3,
    move_clause,
    operations_from_copy,
    reads_as,
    replace_clause,
    replace_throughout,
    replace_words,
)
from resolution_vcs.diff import apply_diff, diff, inline_diff  # noqa: E402
from resolution_vcs.errors import AmbiguousError, ResolutionError  # noqa: E402
from resolution_vcs.ids import assign_ids, format_id_file, parse_id_file  # noqa: E402
from resolution_vcs.importers import import_text, to_markdown  # noqa: E402
from resolution_vcs.model import Document  # noqa: E402
from resolution_vcs.parse import parse  # noqa: E402
from resolution_vcs.present.amendments import (  # noqa: E402
    TableEntry,
    describe,
    gist,
    render_amendments,
)
from resolution_vcs.present.export import export_text  # noqa: E402
from resolution_vcs.present.markup import text_html  # noqa: E402
from resolution_vcs.present.redline import (  # noqa: E402
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from resolution_vcs.present.tables import render_comparative  # noqa: E402
from resolution_vcs.records import (  # noqa: E402
    FINAL,
    Amendment,
    Decision,
    Role,
    Status,
    check_transition,
    dump_record,
    load_record,
    new_amendment_id,
    number_amendments,
    record_body,
)
from resolution_vcs.text import WORD_RE, decode, normalize  # noqa: E402

SHARED = ROOT.parent / "shared"
T = TypeVar("T")

# --- Vocabulary --------------------------------------------------------------------------

WORDS = (
    "резолюция форум библиотек СЗФО СФЗО Культура проект рекомендовать модельных «Гений места» "
    "Закон України інформації доступ публічної ґанок їжак є council library item shall the of "
    "and modern 2022 17 марта No. п. ¶ § №"
).split()
PUNCTUATION = list("«»–—,.;:()…!?\"'/") + ["--", "...", "№"]
#: Markdown and HTML syntax that changes how a line or a word is read.
MARKUP = [
    "*",
    "_",
    "**",
    "__",
    "`",
    "``",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "&",
    "\\",
    "#",
    "|",
    "!",
    "{",
    "}",
    ":",
    "[]{#n5}",
    "{#id .class}",
    "[x](http://example.org)",
    "[x][ref]",
    "<https://example.org>",
    "<mailto:a@b.c>",
    "![alt](x.png)",
    "<br>",
    "<!-- c -->",
    "&nbsp;",
    "&amp;",
    "&#x202e;",
    "&#0;",
    "\\*",
    "  \n",
    "\\\n",
]
#: Characters that look like nothing, reorder text, or break lines in some readers.
SPECIAL = [
    "\u00a0",
    "\u202f",
    "\u2007",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u2028",
    "\u2029",
    "\x85",
    "\t",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x01",
    "\x1b",
    "\x7f",
    "\x00",
    "e\u0301",
    "\u0438\u0306",
    "\U0001f600",
    "\U0001f1fa\U0001f1e6",
    "\u05d0\u05d1",
    "\u0627\u0644",
    "ﬁ",
    "Ⅻ",
    "١٢",
]
#: Snippets that would run script or load something if they reached a page as markup.
HOSTILE = [
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    '![a](x "onerror=alert(1)")',
    "![a](javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "{{7*7}}",
    "{% for x in range(3) %}x{% endfor %}",
    "${7*7}",
    "<div>\n<script>alert(1)</script>\n</div>",
    "[]{#x onclick=alert(1)}",
    "[x](#a){onclick=alert(1)}",
    "<details open ontoggle=alert(1)>",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "\\<script>",
]
#: Clause references as people type them, and ones that name nothing.
REFERENCES = ["", " ", "0", "1", "1.", "2.1", "¶0", "¶1", "¶1.1", "п. 1", "§ 2", "•1", "abcd"]


def _weighted(*pairs: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """one_of with weights (a strategy listed ``n`` times is drawn ``n`` times as often)."""
    return st.one_of(*[s for n, s in pairs for _ in range(n)])


TOKENS: st.SearchStrategy[str] = _weighted(
    (8, st.sampled_from(WORDS)),
    (2, st.sampled_from(PUNCTUATION)),
    (2, st.sampled_from(MARKUP)),
    (2, st.sampled_from(SPECIAL)),
    (1, st.sampled_from(HOSTILE)),
    (1, st.text(st.characters(codec="utf-8"), max_size=4)),
)
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\u00a0", "\n", "  ", "\t"])


@st.composite
def inline(draw: st.DrawFn, max_tokens: int = 12) -> str:
    """A line's worth of words, punctuation, markup and odd characters."""
    tokens = draw(st.lists(TOKENS, min_size=1, max_size=max_tokens))
    out = [tokens[0]]
    for token in tokens[1:]:
        out.append(draw(SEPARATORS))
        out.append(token)
    return "".join(out)


LINE = inline()
INDENT = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "     "])


@st.composite
def block(draw: st.DrawFn) -> str:
    """One Markdown block of a kind drawn from those resolutions use (and some they don't)."""
    kind = draw(
        st.sampled_from(
            [
                "para",
                "para",
                "heading",
                "setext",
                "bullets",
                "numbers",
                "nested",
                "quote",
                "table",
                "fence",
                "indented",
                "html",
                "anchor",
                "div",
                "rule",
                "reference",
                "lazy",
                "empty-item",
            ]
        )
    )
    lines = st.lists(LINE, min_size=1, max_size=4)
    if kind == "para":
        return "\n".join(draw(lines))
    if kind == "heading":
        closing = draw(st.sampled_from(["", " #", " ##"]))
        return (
            "#" * draw(st.integers(1, 7))
            + draw(st.sampled_from([" ", "\t", ""]))
            + draw(LINE)
            + closing
        )
    if kind == "setext":
        return draw(LINE) + "\n" + draw(st.sampled_from(["===", "---", "-", "= ="]))
    if kind in ("bullets", "numbers", "empty-item"):
        items = draw(lines)
        if kind == "bullets":
            markers = [draw(st.sampled_from(["-", "*", "+", "·", "•"]))] * len(items)
        else:
            start = draw(st.integers(0, 1_000_000_000))
            delim = draw(st.sampled_from([".", ")"]))
            markers = [f"{start + i}{delim}" for i in range(len(items))]
        if kind == "empty-item":
            items[draw(st.integers(0, len(items) - 1))] = ""
        gap = draw(st.sampled_from(["\n", "\n\n"]))
        return gap.join(
            f"{m} {t}".rstrip(" ") if t else m for m, t in zip(markers, items, strict=True)
        )
    if kind == "nested":
        out = []
        for depth in range(draw(st.integers(1, 6))):
            marker = draw(st.sampled_from(["-", "*", "1.", "2)", "10."]))
            out.append(" " * (depth * draw(st.sampled_from([2, 3, 4]))) + marker + " " + draw(LINE))
        return "\n".join(out)
    if kind == "quote":
        prefix = draw(st.sampled_from([">", "> ", ">> ", "> > ", ">\t"]))
        return "\n".join(prefix + line for line in draw(lines))
    if kind == "table":
        columns = draw(st.integers(1, 4))
        row = st.lists(LINE.map(lambda s: s.replace("\n", " ")), min_size=columns, max_size=columns)
        align = draw(st.lists(st.sampled_from(["---", ":--", "--:", ":-:"]), min_size=columns))
        head = "| " + " | ".join(draw(row)) + " |"
        rule = "|" + "|".join(align[:columns]) + "|"
        body = ["| " + " | ".join(draw(row)) + " |" for _ in range(draw(st.integers(0, 3)))]
        return "\n".join([head, rule, *body])
    if kind == "fence":
        fence = draw(st.sampled_from(["```", "~~~", "````", "```python"]))
        close = draw(st.sampled_from([fence[:3], fence[:4], ""]))
        return f"{fence}\n" + "\n".join(draw(lines)) + (f"\n{close}" if close else "")
    if kind == "indented":
        return "\n".join("    " + line for line in draw(lines))
    if kind == "html":
        tag = draw(st.sampled_from(["div", "pre", "script", "style", "table", "!--", "p"]))
        if tag == "!--":
            return "<!--\n" + draw(LINE) + "\n-->"
        return f"<{tag}>\n" + draw(LINE) + f"\n</{tag}>"
    if kind == "anchor":
        return "[]{#n" + str(draw(st.integers(0, 9999))) + "}\n" + draw(LINE)
    if kind == "div":
        return "::: {.section}\n" + draw(LINE) + "\n:::"
    if kind == "rule":
        return draw(st.sampled_from(["---", "***", "___", "- - -", "* * *"]))
    if kind == "reference":
        url = draw(st.sampled_from(["http://example.org", "javascript:alert(1)", "<>", "#top"]))
        return f"[{draw(st.sampled_from(['ref', 'evil', 'Ссылка']))}]: {url}"
    # lazy continuation: a quote or list item followed by unmarked lines
    return draw(st.sampled_from(["> ", "- ", "1. "])) + "\n".join(draw(lines))


@st.composite
def markdown_text(draw: st.DrawFn) -> str:
    """A generated document: blocks with various blank lines and line ends between them."""
    parts = draw(st.lists(block(), min_size=0, max_size=10))
    out = [draw(st.sampled_from(["", "", "\n", "\ufeff", " \n", "ПРОЕКТ\n\n"]))]
    for part in parts:
        indent = draw(_weighted((6, st.just("")), (1, INDENT)))
        out.append(indent + part)
        out.append(draw(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n", "\n \n", "\r\n\r\n"])))
    text = "".join(out)
    ending = draw(st.sampled_from(["keep", "strip", "one", "many"]))
    if ending == "strip":
        text = text.rstrip("\n")
    elif ending == "one":
        text = text.rstrip("\n") + "\n"
    elif ending == "many":
        text += "\n\n\n"
    return text


@cache
def corpus() -> tuple[str, ...]:
    """The shared corpus, the seed and this repository's draft (what exists of them)."""
    paths = sorted((SHARED / "corpus" / "ua-2939-17").glob("v*.md"))
    seed = SHARED / "seeds" / "000_bbe0634253d43230.txt"
    paths += [seed, ROOT / "drafts" / "bibliomodel-2022.md"]
    texts = [p.read_text(encoding="utf-8") for p in paths if p.is_file()]
    if seed.is_file():
        texts.append(import_text(seed.read_text(encoding="utf-8")).markdown)
    return tuple(texts) or ("# Резолюция\n\n1. Пункт.\n",)


@st.composite
def corpus_window(draw: st.DrawFn) -> str:
    """Consecutive lines of a corpus file (now and then the whole file)."""
    text = draw(st.sampled_from(corpus()))
    if draw(st.integers(0, 19)) == 0:
        return text
    lines = text.splitlines(keepends=True)
    start = draw(st.integers(0, max(0, len(lines) - 1)))
    size = draw(st.integers(1, 80))
    return "".join(lines[start : start + size])


MUTATIONS = [
    "insert",
    "insert",
    "delete",
    "duplicate",
    "special",
    "swap-lines",
    "indent",
    "dedent",
    "marker",
    "blank",
    "truncate",
    "words",
]


@st.composite
def mutated(draw: st.DrawFn, text: str, max_mutations: int = 5) -> str:
    """``text`` changed in a few places: snippets in, ranges out, lines moved or re-indented."""
    for _ in range(draw(st.integers(1, max_mutations))):
        kind = draw(st.sampled_from(MUTATIONS))
        n = len(text)
        if kind == "insert":
            at = draw(st.integers(0, n))
            snippet = draw(_weighted((3, LINE), (2, block()), (1, st.sampled_from(HOSTILE))))
            if draw(st.booleans()):
                snippet = "\n" + snippet + "\n"
            text = text[:at] + snippet + text[at:]
        elif kind in ("delete", "duplicate") and n:
            a = draw(st.integers(0, n - 1))
            b = draw(st.integers(a, min(n, a + 200)))
            text = text[:a] + (text[a:b] * 2 if kind == "duplicate" else "") + text[b:]
        elif kind == "special":
            at = draw(st.integers(0, n))
            text = text[:at] + draw(st.sampled_from(SPECIAL)) + text[at + draw(st.integers(0, 1)) :]
        elif kind == "truncate":
            text = text[: draw(st.integers(0, n))]
        elif kind == "words":
            words = text.split(" ")
            i = draw(st.integers(0, len(words) - 1))
            words[i] = draw(TOKENS)
            text = " ".join(words)
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "swap-lines":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "indent":
                lines[i] = draw(INDENT.filter(bool)) + lines[i]
            elif kind == "dedent":
                lines[i] = lines[i].lstrip(" \t")
            elif kind == "marker":
                marker = draw(st.sampled_from(["- ", "* ", "1. ", "99) ", "> ", "# ", "| ", ""]))
                lines[i] = marker + re.sub(r"^\s*(?:[-*+>#|]|\d+[.)])\s*", "", lines[i])
            else:  # blank
                lines.insert(i, draw(st.sampled_from(["", " ", "\t", "   "])))
            text = "\n".join(lines)
    return text


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Any document text: generated, corpus, mutated, or arbitrary characters."""
    kind = draw(st.sampled_from(["generated", "generated", "mutated", "corpus", "corpus", "chars"]))
    if kind == "generated":
        return draw(markdown_text())
    if kind == "mutated":
        return draw(mutated(draw(markdown_text())))
    if kind == "corpus":
        return (
            draw(mutated(draw(corpus_window()))) if draw(st.booleans()) else draw(corpus_window())
        )
    alphabet = _weighted(
        (4, st.characters(codec="utf-8")), (3, st.sampled_from(list("\n \t#-*>|`[]1.")))
    )
    return draw(st.text(alphabet, max_size=300))


def _next_number(match: re.Match[str]) -> str:
    return f"{match[1]}{int(match[2]) + 1}{match[3]}"


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """An edited copy of ``text``: paragraphs reworded, inserted, deleted, moved, then chars."""
    parts = text.split("\n\n")
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["edit", "edit", "insert", "delete", "move", "renumber"]))
        if action == "insert" or not parts:
            parts.insert(draw(st.integers(0, len(parts))), draw(block()))
            continue
        i = draw(st.integers(0, len(parts) - 1))
        if action == "delete":
            parts.pop(i)
        elif action == "move":
            part = parts.pop(i)
            parts.insert(draw(st.integers(0, len(parts))), part)
        elif action == "renumber":
            parts[i] = re.sub(r"(?m)^(\s*)(\d+)([.)])", _next_number, parts[i])
        else:
            words = parts[i].split(" ")
            j = draw(st.integers(0, len(words) - 1))
            words[j] = draw(TOKENS)
            parts[i] = " ".join(words)
    new = "\n\n".join(parts)
    return draw(mutated(new, 2)) if draw(st.integers(0, 3)) == 0 else new


@st.composite
def text_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two versions of a text: an edit, consecutive corpus wordings, or two unrelated texts."""
    kind = draw(st.sampled_from(["edit", "edit", "edit", "versions", "unrelated"]))
    if kind == "versions":
        texts_ = corpus()
        i = draw(st.integers(0, len(texts_) - 2))
        old, new = texts_[i], texts_[i + 1]
        if draw(st.integers(0, 4)):  # usually the same window of both
            a = draw(st.integers(0, max(0, len(old) - 1)))
            size = draw(st.integers(1, 6000))
            old, new = old[a : a + size], new[a : a + size]
        return old, new
    if kind == "unrelated":
        return draw(texts()), draw(texts())
    old = draw(texts())
    return old, draw(edited(old))


# --- Bytes ------------------------------------------------------------------------------

BAD_BYTES = [
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xe2\x80",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\x1b",
    b"\x7f",
    b"\r",
    b"\x80",
]


@st.composite
def corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with invalid UTF-8, BOMs, control bytes or random bytes spliced in."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.one_of(st.sampled_from(BAD_BYTES), st.binary(max_size=4)))
        data = data[:at] + piece + data[at + draw(st.integers(0, 2)) :]
    return data


IMPORT_FORMATS: list[Literal["auto", "markdown", "plain"]] = ["auto", "markdown", "plain"]
ENCODINGS = st.sampled_from([None, None, None, "utf-8", "cp1251", "koi8-r", "utf-16", "latin-1"])


# --- Checks -----------------------------------------------------------------------------


class PropertyFailure(AssertionError):
    """A property of the library does not hold; the first line names the property."""


class Hang(Exception):
    """One example ran longer than ``--example-timeout`` seconds."""


def expect(condition: object, prop: str, detail: object = "") -> None:
    """Fail with the name of the property ``prop`` unless ``condition`` holds."""
    if not condition:
        raise PropertyFailure(f"{prop}\n{detail}" if detail != "" else prop)


def first_difference(a: str, b: str) -> str:
    """Where two strings part, for a failure message."""
    n = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"lengths {len(a)} and {len(b)}, first difference at {n}: " + repr(
        (a[n : n + 40], b[n : n + 40])
    )


def refused(call: Callable[..., T], *args: Any) -> T | None:
    """``call(*args)``, or None when the library refuses with a ResolutionError (the allowed
    error)."""
    try:
        return call(*args)
    except ResolutionError:
        return None


#: Tags the page templates and markdown-it write; anything else came from an input.
ALLOWED_TAGS = frozenset(
    "html head meta title style body main header footer nav article section h1 h2 h3 h4 h5 h6 "
    "p br hr ul ol li dl dt dd table caption colgroup col thead tbody tfoot tr th td a span div "
    "b i em strong code pre blockquote del ins s sup sub small".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "class id href title lang charset name content scope start style colspan rowspan role "
    "aria-level".split()
)
#: Attributes that hold an address, and the schemes a page of resvcs may link to.
URL_ATTRIBUTES = frozenset("href src action formaction data srcdoc poster background".split())
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.-]*):")
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff]")


class PageScan(HTMLParser):
    """Everything in an HTML page that did not come from the templates' own markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "body":
            self.in_body = True
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        if tag in ("style", "title", "meta", "html", "head") and self.in_body:
            self.problems.append(f"<{tag}> inside the body")
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.problems.append(f"event handler {name}= on <{tag}>")
        elif name not in ALLOWED_ATTRIBUTES:
            self.problems.append(f"attribute {name}= on <{tag}>")
        squeezed = _INVISIBLE_RE.sub("", value).lower()
        scheme = _SCHEME_RE.match(squeezed)
        # Only the scheme matters: "#x(javascript:y)" is an in-page link, harmless.
        if name in URL_ATTRIBUTES and scheme and scheme.group(1) not in SAFE_SCHEMES:
            self.problems.append(f"{name}={value!r} on <{tag}>")
        if name == "style" and re.search(r"url\(|expression\(|@import", squeezed):
            self.problems.append(f"style={value!r} on <{tag}>")
        if tag == "meta" and name == "content" and "url=" in squeezed:
            self.problems.append(f"<meta content={value!r}>")


def check_html(page: str, what: str) -> None:
    """The page holds only the templates' markup: input shows as text, never as markup."""
    lower = page.lower()
    expect("<script" not in lower, f"{what}: a <script> in the HTML", _around(page, "<script"))
    scan = PageScan()
    scan.feed(page)
    scan.close()
    expect(not scan.problems, f"{what}: markup from the input in the HTML", scan.problems[:5])
    expect(scan.tags["style"] <= 1 and scan.tags["title"] <= 1, f"{what}: extra <style>/<title>")


def _around(text: str, needle: str) -> str:
    at = text.lower().find(needle)
    return text[max(0, at - 80) : at + 120]


def _md_table_rows(markdown: str, delimiter: str) -> list[list[str]]:
    """The rows (header first) of the pipe table whose delimiter row is ``delimiter``,
    split into cells as markdown-it splits them."""
    from importlib import import_module

    split = import_module("markdown_it.rules_block.table").escapedSplit
    lines = re.split(r"\r\n|\r|\n", markdown)
    start = next((i for i, line in enumerate(lines) if line == delimiter), None)
    if start is None or start == 0:
        return []
    rows = []
    for line in [lines[start - 1], *lines[start + 1 :]]:
        text = line.strip()
        if not text or "|" not in text:
            break
        cells = split(text)
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        rows.append(cells)
    return rows


def check_md_table(markdown: str, n_rows: int, n_columns: int, what: str) -> None:
    """A Markdown table has its header and one line of ``n_columns`` cells per row."""
    if n_rows == 0:
        return
    rows = _md_table_rows(markdown, "|---:" + "|---" * (n_columns - 1) + "|")
    expect(len(rows) == n_rows + 1, f"{what}: a cell broke the table's rows", (len(rows), n_rows))
    widths = [len(r) for r in rows]
    expect(all(w == n_columns for w in widths), f"{what}: a cell broke the columns", widths)


def check_csv(text: str, n_rows: int, n_columns: int, what: str) -> None:
    """A CSV table reads back as a header and ``n_rows`` rows of ``n_columns`` fields."""
    rows = list(csv.reader(io.StringIO(text)))
    expect(len(rows) == n_rows + 1, f"{what}: CSV rows", (len(rows), n_rows + 1))
    expect(all(len(r) == n_columns for r in rows), f"{what}: CSV columns")


# --- Targets ----------------------------------------------------------------------------

#: A warm chunk cache shared between examples (as in a long-running process).
WARM_CACHE: dict[str, Any] = {}


def ids_of(text: str, previous: Document | None = None) -> Document:
    """The document of ``text`` with clause ids (carried from ``previous`` where it has them)."""
    return assign_ids(parse(text, cache={}), previous)


#: What ``decode`` refuses in a file (C0 controls but tab, LF and CR; DEL).
_REFUSED_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def stored(text: str, name: str = "draft.md") -> str | None:
    """The Markdown resvcs would store for ``text`` once the characters it refuses are
    taken out (as ``import``, ``revise`` and ``propose --from`` store a file), or None
    when nothing is left to store."""
    return refused(partial(to_markdown, normalize(_REFUSED_RE.sub("", text)), filename=name))


def target_parse(data: st.DataObject) -> None:
    """parse/render round trip, cache independence, ids and labels, bytes through import."""
    text = data.draw(texts(), label="text")
    doc = parse(text, cache={})
    expect(doc.render() == text, "render(parse(x)) == x", first_difference(doc.render(), text))
    if len(WARM_CACHE) > 20_000:
        WARM_CACHE.clear()
    warm = parse(text, cache=WARM_CACHE)
    expect(warm == doc, "parse with a warm chunk cache gives the same clauses")
    for clause in doc:
        expect(isinstance(clause.text, str), "clause text")
    named = assign_ids(doc)
    expect(named.render() == text, "ids change no byte")
    ids = [c.id for c in named]
    expect(all(ids) and len(set(ids)) == len(ids), "clause ids are unique", ids)
    for clause in named:
        expect(named.find(clause.id) is clause, "a clause is found by its id", clause.id)
        with suppress(AmbiguousError):
            expect(named.find(clause.label).label == clause.label, "found by label", clause.label)
    source, read = parse_id_file(format_id_file("fuzz", text, ids))
    expect(read == ids and len(source) == 40, "the ids file reads back")
    if data.draw(st.booleans(), label="as bytes"):
        raw = text.encode("utf-8", errors="surrogatepass")
        raw = data.draw(corrupted(raw), label="bytes")
        encoding = data.draw(ENCODINGS, label="encoding")
        decoded = refused(partial(decode, raw, source="fuzz.md", encoding=encoding))
        if decoded is None:
            return
        fmt = data.draw(st.sampled_from(IMPORT_FORMATS), label="format")
        filename = data.draw(st.sampled_from([None, "draft.md", "draft.txt", "draft"]))
        imported = refused(partial(import_text, decoded, fmt=fmt, filename=filename))
        if imported is None:
            return
        markdown = imported.markdown
        expect("\r" not in markdown, "imported Markdown has LF line ends")
        expect(
            markdown.endswith("\n") and not markdown.endswith("\n\n"),
            "imported Markdown ends with exactly one newline",
            repr(markdown[-20:]),
        )
        expect(parse(markdown, cache={}).render() == markdown, "imported Markdown round-trips")
        expect(
            to_markdown(decoded, fmt=fmt, filename=filename) == markdown,
            "to_markdown gives what import_text stores",
        )


def target_diff(data: st.DataObject) -> None:
    """apply_diff rebuilds the new text, both ways, with and without ids."""
    old_text, new_text = data.draw(text_pairs(), label="pair")
    old = ids_of(old_text)
    new = ids_of(new_text, old)
    delta = diff(old, new)
    rebuilt = apply_diff(old, delta)
    expect(
        rebuilt == new_text,
        "apply_diff(old, diff(old, new)) == new",
        first_difference(rebuilt, new_text),
    )
    back = apply_diff(new, diff(new, old))
    expect(
        back == old_text, "apply_diff(new, diff(new, old)) == old", first_difference(back, old_text)
    )
    bare_old = parse(old_text, cache={})
    bare = apply_diff(bare_old, diff(bare_old, parse(new_text, cache={})))
    expect(bare == new_text, "apply_diff without clause ids", first_difference(bare, new_text))
    expect(not diff(old, old).has_changes, "a text against itself has no changes")
    if old_text != new_text:
        expect(delta.has_changes, "different texts have changes")
    expect(sum(delta.summary.values()) == len(delta.changes), "the summary counts every clause")
    for change in delta.changes:
        if change.ops:
            expect(
                "".join(op.old for op in change.ops) == (change.old.content if change.old else ""),
                "word operations add up to the old clause",
            )
            expect(
                "".join(op.new for op in change.ops) == (change.new.content if change.new else ""),
                "word operations add up to the new clause",
            )
    json.loads(render_json(delta))
    a = data.draw(st.text(max_size=60), label="inline a")
    b = data.draw(st.one_of(st.text(max_size=60), st.just(a + "x")), label="inline b")
    ops = inline_diff(a, b)
    expect("".join(o.old for o in ops) == a and "".join(o.new for o in ops) == b, "inline_diff")


#: Names that ``Person.parse`` reads, hostile ones included (no "<" or ">", which it refuses).
PEOPLE = st.builds(
    lambda name, email: f"{name} <{email}>" if email else name,
    st.sampled_from(
        [
            "Anna Petrova",
            "Борис Редактор",
            '" onmouseover="alert(1)',
            "' onerror='alert(1)",
            "{{7*7}} {% raw %}",
            "javascript:alert(1)",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "Eve\u202eevil",
            "[x](javascript:alert(1))",
        ]
    ),
    st.sampled_from(["", "a@example.org", "борис@пример.рф", 'x@y.z" onclick="alert(1)']),
)
HOSTILE_TEXT = _weighted((3, st.sampled_from(HOSTILE)), (2, LINE), (1, st.just("")))
TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@st.composite
def table_amendment(draw: st.DrawFn, old: Document, new_text: str) -> TableEntry:
    """An amendment turning ``old`` into (part of) ``new_text``, with hostile people and words."""
    groups = refused(operations_from_copy, old, new_text) or []
    if groups:
        ops = tuple(draw(st.sampled_from(groups)))
    else:
        ops = (Operation(OpKind.INSERT, anchor="kfte", new=draw(HOSTILE_TEXT) + "\n"),)
    status = draw(st.sampled_from(Status))
    decision = None
    if status in FINAL:
        decision = Decision(status, draw(PEOPLE), draw(TIMES), draw(HOSTILE_TEXT))
    amendment = Amendment(
        id=new_amendment_id(),
        document="fuzz",
        author=draw(PEOPLE),
        created=draw(TIMES),
        base="0" * 40,
        operations=ops,
        rationale=draw(HOSTILE_TEXT),
        cosponsors=tuple(draw(st.lists(PEOPLE, max_size=2))),
        status=status,
        decision=decision,
        conflict=draw(HOSTILE_TEXT) if status is Status.CONFLICTED else "",
    )
    applied = apply(old, ops)
    change = None
    if applied.document is not None and draw(st.booleans()):
        change = diff(old, applied.document)
    return TableEntry(draw(st.integers(1, 999)), amendment, change)


def target_render(data: st.DataObject) -> None:
    """Every presenter on arbitrary diffs and amendments; HTML holds no markup from the input."""
    pair = data.draw(text_pairs(), label="pair")
    # Stored texts, as resvcs reads them from a repository (titles, records: anything).
    old_text, new_text = (stored(text) or "" for text in pair)
    old = ids_of(old_text)
    new = ids_of(new_text, old)
    delta = diff(old, new)
    title = data.draw(HOSTILE_TEXT, label="title")
    lang = data.draw(st.sampled_from([None, "ru", "en", "auto"]), label="lang")
    context = data.draw(st.booleans(), label="context")
    check_html(render_html(delta, title=title, lang=lang, context=context), "diff --format html")
    comparative = render_comparative(delta, "html", lang=lang, title=title)
    assert isinstance(comparative, str)
    check_html(comparative, "table --kind comparative --format html")
    exported = export_text(new, "html", title=title, lang=lang)
    assert isinstance(exported, str)
    check_html(exported, "export --format html")
    offline = data.draw(st.booleans(), label="offline")
    check_html(text_html(new_text, offline=offline), "text_html")
    n_changed = len(delta.changed)
    md = render_comparative(delta, "md", lang=lang, title=title)
    assert isinstance(md, str)
    check_md_table(md, n_changed, 5, "comparative table (md)")
    csv_text = render_comparative(delta, "csv", lang=lang, title=title)
    assert isinstance(csv_text, str)
    check_csv(csv_text, n_changed, 5, "comparative table (csv)")
    render_text(delta, color=data.draw(st.booleans()), context=context, lang=lang)
    render_markdown(delta, lang=lang)
    json.loads(render_json(delta))
    entries = data.draw(st.lists(table_amendment(old, new_text), min_size=0, max_size=3))
    doc_title = data.draw(HOSTILE_TEXT, label="document title")
    page = render_amendments(entries, "html", lang=lang, title=title, document_title=doc_title)
    assert isinstance(page, str)
    check_html(page, "table --kind amendments --format html")
    md = render_amendments(entries, "md", lang=lang, title=title, document_title=doc_title)
    assert isinstance(md, str)
    check_md_table(md, len(entries), 8, "amendment table (md)")
    csv_text = render_amendments(entries, "csv", lang=lang)
    assert isinstance(csv_text, str)
    check_csv(csv_text, len(entries), 8, "amendment table (csv)")
    if data.draw(st.integers(0, 9), label="docx") == 0:  # Word is slow: one example in ten
        for output in (
            export_text(new, "docx", title=title, lang=lang),
            render_comparative(delta, "docx", lang=lang, title=title),
            render_amendments(entries, "docx", lang=lang),
        ):
            expect(isinstance(output, bytes) and output[:2] == b"PK", "Word output is a zip")


@st.composite
def reference(draw: st.DrawFn, doc: Document) -> str:
    """How someone names a clause: its id, its label, a typed variant, or nothing that exists."""
    clauses = doc.clauses
    options: list[st.SearchStrategy[str]] = [st.sampled_from(REFERENCES), LINE]
    if clauses:
        options += [st.sampled_from([c.id for c in clauses])] * 3
        options += [st.sampled_from([c.label for c in clauses])] * 2
        options += [st.sampled_from([f"п. {c.label}" for c in clauses])]
    return draw(st.one_of(options))


@st.composite
def built_operations(draw: st.DrawFn, doc: Document) -> list[Operation]:
    """Operations from the builders the CLI uses, with drawn references and words."""
    ops: list[Operation] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["clause", "words", "throughout", "insert", "delete", "move"]))
        ref = draw(reference(doc))
        wording = draw(_weighted((3, LINE), (1, block()), (1, st.sampled_from(HOSTILE))))
        made: Operation | list[Operation] | None
        if kind == "clause":
            made = refused(replace_clause, doc, ref, wording)
        elif kind in ("words", "throughout"):
            clause = doc.get(ref) or (doc.clauses[0] if doc.clauses else None)
            content = clause.content if clause else ""
            a = draw(st.integers(0, len(content)))
            b = draw(st.integers(a, min(len(content), a + 30)))
            old = draw(st.one_of(st.just(content[a:b]), st.sampled_from(WORDS)))
            if kind == "throughout":
                made = refused(replace_throughout, doc, old, wording)
            else:
                occurrence = draw(st.one_of(st.none(), st.integers(-1, 3)))
                every = draw(st.booleans())
                made = refused(replace_words, doc, ref, old, wording, occurrence, every)
        elif kind == "insert":
            where = draw(st.sampled_from(["after", "before"]))
            made = refused(insert_clause, doc, ref, wording, where)
        elif kind == "delete":
            made = refused(delete_clause, doc, ref)
        else:
            after = draw(reference(doc))
            made = refused(move_clause, doc, ref, after)
        if isinstance(made, Operation):
            ops.append(made)
        elif made:
            ops += made
    return ops


def check_applied(current: Document, ops: Sequence[Operation], result: Applied) -> None:
    """A document or conflicts, never both; ids intact; ``check`` agrees with ``apply``."""
    expect(result.ok == (result.document is not None), "Applied.ok")
    expect((result.document is None) == bool(result.conflicts), "a document xor conflicts")
    # check() is the cheap test (targets, anchors, words): what it finds, apply finds too;
    # apply alone may also refuse a result that would change a clause it does not name.
    found = check(current, ops)
    expect(
        found == result.conflicts
        or (not found and all("which it does not name" in c.reason for c in result.conflicts)),
        "check() agrees with apply()",
        (found, result.conflicts),
    )
    if result.document is None:
        return
    doc = result.document
    ids = [c.id for c in doc]
    expect(all(ids) and len(set(ids)) == len(ids), "ids after applying are unique", ids)
    expect(set(result.inserted) <= set(ids), "inserted ids are in the result")
    rendered = doc.render()
    expect(parse(rendered, cache={}).render() == rendered, "the result round-trips")


def check_copy(doc: Document, text: str, copy: str, kind: str) -> None:
    """The amendments made from an edited copy reproduce it, as one or one after another."""
    groups = operations_from_copy(doc, copy)
    flat = [op for group in groups for op in group]
    if not flat:
        expect(copy == text, f"edited copy ({kind}): a changed copy gives amendments")
        return
    whole = apply(doc, flat)
    check_applied(doc, flat, whole)
    expect(
        whole.document is not None,
        f"edited copy ({kind}): its changes apply as one amendment",
        (groups, whole.conflicts),
    )
    assert whole.document is not None
    result = whole.document.render()
    expect(
        reads_same(result, copy),
        f"edited copy ({kind}): one amendment reproduces the copy",
        first_difference(result, copy),
    )
    current = doc
    for n, group in enumerate(groups, 1):
        step = apply(current, group)
        expect(
            step.document is not None,
            f"edited copy ({kind}): its amendments apply one after another",
            (f"amendment {n} of {len(groups)}", groups, step.conflicts),
        )
        assert step.document is not None
        current = step.document
    result = current.render()
    expect(
        reads_same(result, copy),
        f"edited copy ({kind}): its amendments one after another reproduce the copy",
        first_difference(result, copy),
    )


def reads_same(a: str, b: str) -> bool:
    """What ``propose --from`` promises: the same clauses, word for word and in the
    same structure, blank lines aside (a deleted clause leaves its blank lines)."""
    return reads_as(parse(a), parse(b))


def target_amend(data: st.DataObject) -> None:
    """Amendments built and applied, three-way onto revisions; edited copies reproduced."""
    text = data.draw(texts(), label="text")
    doc = ids_of(text)
    modes = ["builders", "copy", "stored copy", "stored copy", "three-way", "merge3"]
    mode = data.draw(st.sampled_from(modes), label="mode")
    if mode == "builders":
        ops = data.draw(built_operations(doc), label="operations")
        if ops:
            check_applied(doc, ops, apply(doc, ops))
    elif mode == "three-way":
        ops = data.draw(built_operations(doc), label="operations")
        revised = data.draw(edited(text), label="revised meanwhile")
        current = ids_of(revised, doc)
        if ops:
            check_applied(current, ops, apply(current, ops))
    elif mode == "copy":
        check_copy(doc, text, data.draw(edited(text), label="edited copy"), "any text")
    elif mode == "stored copy":  # as 'propose --from' and 'accept' do it
        current_text = stored(text)
        copy = stored(data.draw(edited(text), label="edited copy"), "copy.md")
        if current_text is not None and copy is not None:
            check_copy(ids_of(current_text), current_text, copy, "stored texts")
    else:
        base, mine, theirs = (data.draw(st.text(max_size=80)) for _ in range(3))
        merged = merge3(base, mine, theirs)
        expect(merged is None or isinstance(merged, str), "merge3 gives text or None")
        expect(merge3(base, base, theirs) == theirs, "merge3 with nothing changed on one side")


#: YAML that a hand edit, a bad merge or an attacker might leave as a field's value.
YAML_VALUES = [
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!timestamp 2024-01-01",
    "!!str 5",
    "!!int x",
    "!!float x",
    "!!bool x",
    "!!timestamp x",
    "!!null x",
    "!!float .nan",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "'0001-01-01T00:00:00+05:00'",
    "2024-02-30T00:00:00Z",
    "2024-03-17",
    "2024-03-17T10:00:00",
    "'2024-03-17T10:00:00+05:00'",
    "1e309",
    ".inf",
    "-0",
    "0x10",
    "0o17",
    "99999999999999999999999",
    "yes",
    "true",
    "&a [*a]",
    "*nowhere",
    "&x q7k2mx4a",
    '"\\x00"',
    '"\\ud800"',
    '"\\u202e"',
    "|\n  block\n",
    ">-\n  folded\n",
    '"unterminated',
    "'it''s'",
    "- a\n- b",
    "? [a]\n: b",
    "[" * 60 + "]" * 60,
    "{" * 60 + "}" * 60,
    "proposed",
    "accepted",
    "@preamble",
    "kfte",
    "q7k2mx4a",
    "0" * 40,
]
#: Lines that a mutation adds to a front matter.
YAML_LINES = [
    "<<: {status: accepted}",
    "extra: field",
    "id: q7k2mx4a",
    "status: accepted",
    "decision: {status: accepted, by: A <a@b.c>, date: 2024-03-17T10:00:00Z}",
    "operations: []",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:yaml.org,2002:python/",
    "- op: delete\n  target: kfte",
    "a: &anchor [1, 2]\nb: *anchor",
    "\t",
    "# comment",
]


@st.composite
def amendments(draw: st.DrawFn) -> Amendment:
    """A well-formed amendment with hostile texts and operations on a real document."""
    status = draw(st.sampled_from(Status))
    decision = None
    if status in FINAL:
        decision = Decision(status, draw(PEOPLE), draw(TIMES), draw(HOSTILE_TEXT))
    any_text = st.text(st.characters(codec="utf-8"), max_size=30)
    ops_text = draw(_weighted((3, HOSTILE_TEXT), (1, any_text)))
    target = draw(st.sampled_from(["kfte", "mq3a", PREAMBLE, EPILOGUE]))
    op = draw(st.sampled_from(OpKind))
    operation = Operation(
        op,
        target="" if op is OpKind.INSERT else target,
        anchor="qrst" if op in (OpKind.INSERT, OpKind.MOVE) else "",
        where=draw(st.sampled_from(["after", "before"])),
        base=draw(LINE) if op is not OpKind.INSERT else "",
        new=ops_text,
    )
    return Amendment(
        id=new_amendment_id(),
        document=draw(st.sampled_from(["forum-2022", "x", "a-b-c"])),
        author=draw(PEOPLE),
        created=draw(TIMES) + timedelta(microseconds=draw(st.integers(0, 999_999))),
        base="3f786850e387550fdab836ed7e6dc881de23001b",
        operations=(operation,),
        rationale=draw(HOSTILE_TEXT),
        cosponsors=tuple(draw(st.lists(PEOPLE, max_size=2))),
        order=draw(st.integers(0, 10)),
        status=status,
        decision=decision,
        conflict=draw(HOSTILE_TEXT.filter(bool)) if status is Status.CONFLICTED else "",
    )


RECORD_MUTATIONS = ["value", "value", "value", "line", "delete", "duplicate", "indent", "chars"]


@st.composite
def mutated_record(draw: st.DrawFn, text: str) -> str:
    """A valid record file with its front matter damaged the way hands and merges damage it."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(RECORD_MUTATIONS))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "value":
            key, sep, _ = lines[i].partition(": ")
            if sep:
                lines[i] = key + sep + draw(st.sampled_from(YAML_VALUES))
            else:
                lines[i] = lines[i] + " " + draw(st.sampled_from(YAML_VALUES))
        elif kind == "line":
            lines.insert(i, draw(st.sampled_from(YAML_LINES)))
        elif kind == "delete":
            lines.pop(i)
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = draw(INDENT.filter(bool)) + lines[i]
        else:
            lines[i] = draw(mutated(lines[i], 2))
        if not lines:
            lines = [""]
    out = "\n".join(lines)
    ending = draw(st.sampled_from(["lf", "lf", "crlf", "bom", "cr"]))
    if ending == "crlf":
        out = out.replace("\n", "\r\n")
    elif ending == "bom":
        out = "\ufeff" + out
    elif ending == "cr":
        out = out.replace("\n", "\r")
    return out


YAML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
    st.dates(),
    st.sampled_from(["q7k2mx4a", "proposed", "accepted", "replace", "kfte", "A <a@b.c>"]),
)
YAML_DATA = st.recursive(
    YAML_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    "id document author cosponsors created order base status conflict decision "
                    "rationale operations op target anchor where new by date reason".split()
                ),
                st.text(max_size=5),
                st.integers(),
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=20,
)


def _id_in(text: str) -> str:
    match = re.search(r"^\s*id:\s*(\S+)", text, re.MULTILINE)
    return match.group(1).strip("'\"") if match else "q7k2mx4a"


ROLES: list[Role] = ["author", "chair", "system"]


def _record_text(data: st.DataObject, kind: str, body: str) -> str | None:
    """A record file's text of the drawn kind (None: bytes that are not UTF-8)."""
    if kind == "yaml":
        import yaml

        raw = data.draw(YAML_DATA, label="front matter")
        front = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{body}"
    valid = dump_record(data.draw(amendments(), label="amendment"), body)
    if kind == "mutated":
        return data.draw(mutated_record(valid), label="record")
    blob = data.draw(st.one_of(st.binary(max_size=400), corrupted(valid.encode())), label="bytes")
    try:  # how the library reads a record out of git
        return blob.decode("utf-8")
    except UnicodeDecodeError:  # the CLI reports it as "not UTF-8"
        return None


def target_records(data: st.DataObject) -> None:
    """Records dumped, damaged, made up or random bytes: read or refused, and round-tripped."""
    kinds = ["valid", "mutated", "mutated", "yaml", "bytes"]
    kind = data.draw(st.sampled_from(kinds), label="kind")
    body = data.draw(HOSTILE_TEXT, label="body")
    loaded: Amendment | None
    if kind == "valid":
        amendment = data.draw(amendments(), label="amendment")
        text = dump_record(amendment, body)
        loaded = load_record(text, filename=f"{amendment.id}.md")
        expect(loaded == amendment, "load_record(dump_record(a)) == a")
    else:
        record = _record_text(data, kind, body)
        if record is None:
            return
        filename = data.draw(st.sampled_from([f"{_id_in(record)}.md", "q7k2mx4a.md", "x.md"]))
        loaded = refused(partial(load_record, record, filename=filename))
        if loaded is None:
            return
    again = load_record(dump_record(loaded, body), filename=f"{loaded.id}.md")
    expect(again == loaded, "a record that loads dumps and loads back unchanged")
    labels = {"kfte": "5", "mq3a": "¶2"}
    record_body(loaded, labels, data.draw(st.sampled_from(["ru", "en"])), number=1)
    describe(loaded, labels)
    gist(loaded, labels)
    number_amendments([loaded])
    target = data.draw(st.sampled_from(Status))
    roles = data.draw(st.sets(st.sampled_from(ROLES)))
    refused(partial(check_transition, loaded, target, roles, number=1))
    entries = [TableEntry(1, loaded, None)]
    page = render_amendments(entries, "html", lang=None, document_title=body)
    assert isinstance(page, str)
    check_html(page, "amendment table of a loaded record")
    md = render_amendments(entries, "md", lang="en")
    assert isinstance(md, str)
    check_md_table(md, 1, 8, "amendment table (md) of a loaded record")


# --- Word files ---------------------------------------------------------------------------

#: The size limit the Word target's repository sets: small, so that the caps on unpacked
#: size are met by files Hypothesis can build.
WORD_LIMIT = 200_000
WORD_AUTHORS = ["Olga Editor", "Борис Петров", "", " ", "<b>x</b>", "A" * 300, "\u202eevil", "x\ny"]
WORD_DATES = ["2024-03-01T09:00:00Z", "2024-03-01", "", "not a date", "9999-99-99T99:99:99Z"]
NUM_FORMATS = ["decimal", "lowerLetter", "upperRoman", "russianLower", "bullet", "none", "bogus"]
LINK_TARGETS = [
    "http://203.0.113.9/x",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "\\\\server\\share\\a.docx",
    "#top",
    "",
]


def _xml_chars(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff" or c >= "\ue000")


def _escaped(text: str) -> str:
    """``text`` as XML character data (characters XML cannot hold dropped)."""
    text = _xml_chars(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


@st.composite
def word_run(draw: st.DrawFn, visible: list[str]) -> str:
    """A run, or a revision, field, link or control around one; the words a reader of the
    accepted text sees are added to ``visible``."""
    from tests.word_files import change, run

    raw = _xml_chars(draw(HOSTILE_TEXT))
    text = _escaped(raw)
    kind = draw(
        st.sampled_from(
            ["plain", "plain", "bold", "ins", "del", "field", "link", "control", "smart", "break"]
        )
    )
    author = _escaped(draw(st.sampled_from(WORD_AUTHORS)))
    date = draw(st.sampled_from(WORD_DATES))
    rid = draw(st.integers(1, 10**6))
    if kind == "del":
        return change("del", author, date, run(text, deleted=True), rid)
    visible.append(raw)
    if kind == "ins":
        return change("ins", author, date, run(text), rid)
    if kind == "break":
        visible.append("\n")
    if kind == "bold":
        return run(text, props="<w:b/>")
    if kind == "field":
        return f'<w:fldSimple w:instr=" PAGE ">{run(text)}</w:fldSimple>'
    if kind == "link":
        return f'<w:hyperlink r:id="rL{draw(st.integers(0, 2))}">{run(text)}</w:hyperlink>'
    if kind == "control":
        return f"<w:sdt><w:sdtPr/><w:sdtContent>{run(text)}</w:sdtContent></w:sdt>"
    if kind == "smart":
        return f'<w:smartTag w:uri="u" w:element="e">{run(text)}</w:smartTag>'
    return run(text) + "<w:r><w:br/></w:r>"


@st.composite
def word_file(draw: st.DrawFn) -> tuple[bytes, list[str], bool]:
    """A generated .docx: paragraphs, headings, numbered items (levels, formats and starts
    of any kind), revisions, comments, footnotes, links to anywhere; with the words a
    reader of the accepted text sees, and whether it has tracked changes."""
    from tests.word_files import docx, level, numbering_xml, para

    visible: list[str] = []
    paragraphs = []
    for _ in range(draw(st.integers(0, 8))):
        runs = "".join(draw(word_run(visible)) for _ in range(draw(st.integers(1, 4))))
        visible.append("\n")
        kinds = ["para", "para", "heading", "item", "item", "comment", "table"]
        kind = draw(st.sampled_from(kinds))
        if kind == "heading":
            paragraphs.append(para(runs=runs, style=draw(st.sampled_from(["Heading1", "Zag"]))))
        elif kind == "item":
            num = (draw(st.integers(1, 3)), draw(st.integers(0, 9)))
            paragraphs.append(para(runs=runs, num=num))
        elif kind == "comment":
            c = draw(st.integers(0, 3))
            paragraphs.append(
                para(
                    runs=f'<w:commentRangeStart w:id="{c}"/>{runs}<w:commentRangeEnd w:id="{c}"/>'
                    f'<w:r><w:commentReference w:id="{c}"/></w:r>'
                )
            )
        elif kind == "table":
            paragraphs.append(f"<w:tbl><w:tr><w:tc>{para(runs=runs)}</w:tc></w:tr></w:tbl>")
        else:
            paragraphs.append(para(runs=runs))
    levels = "".join(
        level(
            i,
            draw(st.sampled_from(NUM_FORMATS)),
            draw(st.sampled_from(["%1.", "%1.%2.", "%9)", "", "%1.%2.%3.%4."])),
            start=draw(st.integers(-3, 10**9)),
        )
        for i in range(draw(st.integers(0, 4)))
    )
    numbering = numbering_xml(
        f'<w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>',
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>',
    )
    comments = "".join(
        f'<w:comment w:id="{i}" w:author="{_escaped(draw(st.sampled_from(WORD_AUTHORS)))}">'
        f"{para(_escaped(draw(HOSTILE_TEXT)))}</w:comment>"
        for i in range(draw(st.integers(0, 3)))
    )
    links = {f"rL{i}": _escaped(draw(st.sampled_from(LINK_TARGETS))) for i in range(2)}
    data = docx(
        "".join(paragraphs),
        numbering=numbering if draw(st.booleans()) else None,
        comments=comments or None,
        links=links,
    )
    tracked = "<w:ins " in data.decode("utf-8", "replace") or "<w:del " in data.decode(
        "utf-8", "replace"
    )
    return data, visible, tracked


@st.composite
def hostile_word_file(draw: st.DrawFn, good: bytes) -> bytes:
    """A Word file made bad: damaged bytes, a cut zip, entities, macros, an encrypted or
    old binary file, external parts, unpacked size or part counts over the caps."""
    kind = draw(
        st.sampled_from(
            ["flip", "truncate", "entities", "macros", "ole", "external", "bomb", "parts", "junk"]
        )
    )
    if kind == "flip":
        data = bytearray(good)
        for _ in range(draw(st.integers(1, 20))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "truncate":
        return good[: draw(st.integers(0, len(good)))]
    if kind == "junk":
        return b"PK\x03\x04" + draw(st.binary(max_size=400))
    if kind == "ole":
        stream = draw(st.sampled_from(["EncryptedPackage", "WordDocument", "Other"]))
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le")
    from tests.word_files import W_NS, docx, para

    if kind == "entities":
        entities = ['"lol"', 'SYSTEM "file:///etc/passwd"', 'SYSTEM "http://203.0.113.9/x"']
        entity = draw(st.sampled_from(entities))
        document = (
            f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e {entity}>]><w:document '
            f'xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body>'
            "</w:document>"
        )
        return docx("", document=document)
    if kind == "macros":
        return docx(
            para("Текст."),
            main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
            extra_parts={"word/vbaProject.bin": b"\x00"},
        )
    if kind == "external":
        relation = draw(st.sampled_from(["subDocument", "aFChunk", "attachedTemplate", "image"]))
        return docx(
            para("Текст."),
            extra_rels=(
                '<Relationship Id="rX" Type="http://schemas.openxmlformats.org/officeDocument/'
                f'2006/relationships/{relation}" Target="http://203.0.113.9/p" '
                'TargetMode="External"/>'
            ),
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if kind == "bomb":
            z.writestr("word/document.xml", b" " * (10 * WORD_LIMIT + draw(st.integers(1, 9))))
        else:
            for i in range(2001):
                z.writestr(f"word/media/p{i}.bin", b"")
    return out.getvalue()


class _WordRepository:
    """One repository per process for the Word target, with a base document to propose to."""

    def __init__(self) -> None:
        import atexit
        import shutil
        import tempfile

        from resolution_vcs.repository import Repository
        from resolution_vcs.storage import Person

        self.folder = tempfile.mkdtemp(prefix="resvcs-fuzz-word-")
        atexit.register(shutil.rmtree, self.folder, True)
        self.person = Person.parse("Fuzz Secretary <fuzz@example.org>")
        self.repo = Repository.init(self.folder, actor=self.person)
        self.repo.config.max_document_bytes = WORD_LIMIT
        base = "# Решение\n\n1. Утвердить план.\n2. Создать группу.\n\nКонец.\n"
        self.repo.import_document(base.encode(), source="base.md", slug="base", author=self.person)
        atexit.register(self.repo.close)  # before the folder goes (atexit runs last first)
        self.count = 0

    def state(self) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
        """The head commit, the documents, and what git status shows (nothing, when clean)."""
        import subprocess

        status = subprocess.run(
            ["git", "-C", self.folder, "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return self.repo.store.head(), tuple(self.repo.slugs()), tuple(status.splitlines())


@cache
def _word_repository() -> _WordRepository:
    return _WordRepository()


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Record any attempt to open a connection or resolve a name (and refuse it)."""
    import socket

    touched: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        touched.append(repr(args)[:200])
        raise OSError("the network is not to be touched")

    saved = (socket.socket, socket.create_connection, socket.getaddrinfo)
    socket.socket = refuse  # type: ignore[assignment,misc]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    try:
        yield touched
    finally:
        socket.socket, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[misc]


def target_word(data: st.DataObject) -> None:
    """Word files, generated and made hostile: read or refused with a ResolutionError only;
    what is read keeps every word a reader of the accepted text sees; import and propose
    commit whole or write nothing; no network is touched."""
    import warnings

    from resolution_vcs.drafts import read_draft

    good, visible, tracked = data.draw(word_file(), label="docx")
    bad = data.draw(st.booleans(), label="hostile")
    payload = data.draw(hostile_word_file(good), label="hostile file") if bad else good
    place = _word_repository()
    with no_network() as touched, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        draft = refused(partial(read_draft, payload, source="t.docx", max_bytes=WORD_LIMIT))
        if draft is not None and not bad:
            words = WORD_RE.findall(normalize("".join(visible)))
            read = [w for c in parse(draft.text).clauses for w in WORD_RE.findall(c.text)]
            expect(
                _is_subsequence(words, read),
                "every word a reader sees reaches the Markdown, in order",
                (words, read),
            )
        place.count += 1
        for action in ("import", "propose"):
            before = place.state()
            try:
                if action == "import":
                    place.repo.import_document(
                        payload, source="t.docx", slug=f"w{place.count}", author=place.person
                    )
                else:
                    place.repo.propose_copy("base", payload, source="t.docx", author=place.person)
            except ResolutionError as exc:
                message = str(exc)
                expect("\n" not in message.strip(), "a refusal is one line", message)
                expect(place.state() == before, "a refused Word file writes nothing", action)
                continue
            after = place.state()
            expect(after[2] == (), "a Word file taken in leaves the repository clean", after[2])
    expect(not touched, "no network is touched by a Word file", touched)


def _is_subsequence(needle: Sequence[str], haystack: Sequence[str]) -> bool:
    it = iter(haystack)
    return all(any(x == y for y in it) for x in needle)


TARGETS: dict[str, Callable[[st.DataObject], None]] = {
    "parse": target_parse,
    "render": target_render,
    "diff": target_diff,
    "amend": target_amend,
    "records": target_records,
    "word": target_word,
}


# --- Running ----------------------------------------------------------------------------


@dataclass
class Failure:
    """One distinct failure: what was raised, the minimal example, how often it was met again."""

    signature: str
    report: str
    seen_again: int = 0


@dataclass
class TargetResult:
    """What one target's run did."""

    name: str
    examples: int = 0
    chunks: int = 0
    seconds: float = 0.0
    failures: dict[str, Failure] = field(default_factory=dict)


def signature(exc: BaseException) -> str:
    """What makes two failures the same: the exception type and where it was raised in the
    library (or, for a property, which property)."""
    if isinstance(exc, PropertyFailure):
        return "property: " + str(exc).split("\n", 1)[0]
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "resolution_vcs" in f.filename] or frames[-1:]
    where = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    return f"{type(exc).__name__} at {where}"


def describe_failure(exc: BaseException, limit: int = 20_000) -> str:
    """The traceback with Hypothesis's notes: the minimal example and how to reproduce it
    (its middle cut out when longer than ``limit`` characters: a whole corpus file)."""
    text = "".join(traceback.format_exception(exc))
    if len(text) <= limit:
        return text
    head, tail = text[: limit // 2], text[-limit // 2 :]
    return f"{head}\n[… {len(text) - limit:,} characters left out …]\n{tail}"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the code run inside when it takes longer than ``seconds``."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds:g} s")

    if seconds <= 0:
        yield
        return
    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


class Runner:
    """Runs one target's property in Hypothesis chunks until its time is up."""

    def __init__(
        self,
        name: str,
        *,
        seconds: float,
        max_examples: int | None = None,
        example_timeout: float = 60.0,
        database: Path | None = None,
        seed: int | None = None,
        out: Path | None = None,
        shrink: bool = True,
        log: Callable[[str], None] = print,
    ) -> None:
        self.result = TargetResult(name)
        self.prop = TARGETS[name]
        self.seconds = seconds
        self.max_examples = max_examples
        self.example_timeout = example_timeout
        self.database = database
        self.seed = seed
        self.out = out
        self.shrink = shrink
        self.log = log

    def _one(self, data: st.DataObject) -> None:
        """One example: run the property; a failure already found counts as a pass."""
        self.result.examples += 1
        try:
            with time_limit(self.example_timeout):
                self.prop(data)
        except ResolutionError:
            pass  # the one error the library may raise
        except hypothesis.errors.HypothesisException:
            raise  # Hypothesis's own control flow
        except Exception as exc:
            known = self.result.failures.get(signature(exc))
            if known is None:
                raise
            known.seen_again += 1

    def _chunk(self, size: int, number: int) -> None:
        test = given(st.data())(self._one)
        test = settings(
            max_examples=size,
            deadline=None,
            database=None
            if self.database is None
            else hypothesis.database.DirectoryBasedExampleDatabase(self.database),
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.reuse, Phase.generate]
            + ([Phase.shrink] if self.shrink else []),
            print_blob=True,
            report_multiple_bugs=True,
        )(test)
        if self.seed is not None:
            test = hypothesis.seed(self.seed * 100_003 + number)(test)
        test()

    def run(self) -> TargetResult:
        """Fuzz until the time (or ``max_examples``) is used up; failures are recorded."""
        started = time.monotonic()
        deadline = started + self.seconds
        size = 20
        while True:
            now = time.monotonic()
            left = deadline - now
            done = self.result.examples
            if left <= 0 or (self.max_examples is not None and done >= self.max_examples):
                break
            if self.max_examples is not None:
                size = min(size, self.max_examples - done)
            before = done
            try:
                self._chunk(size, self.result.chunks)
            except Exception as exc:
                for leaf in _leaves(exc):
                    self._record(leaf)
            self.result.chunks += 1
            spent = max(time.monotonic() - now, 1e-3)
            rate = (self.result.examples - before) / spent
            size = max(1, min(5000, int(rate * min(max(left - spent, 0), 30))))
        self.result.seconds = time.monotonic() - started
        return self.result

    def _record(self, exc: BaseException) -> None:
        key = signature(exc)
        if isinstance(exc, hypothesis.errors.Flaky) and not isinstance(exc, BaseExceptionGroup):
            key = "flaky: " + key
        if key in self.result.failures:
            self.result.failures[key].seen_again += 1
            return
        report = describe_failure(exc)
        self.result.failures[key] = Failure(key, report)
        self.log(f"\n[{self.result.name}] NEW FAILURE: {key}\n{report}")
        if self.out is not None:
            self.out.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            n = len(self.result.failures)
            path = self.out / f"{self.result.name}-{stamp}-{n}.txt"
            path.write_text(f"{key}\n\n{report}", encoding="utf-8")


def run_atheris(name: str, seconds: float) -> None:  # pragma: no cover - optional engine
    """Run one target under atheris (coverage-guided libFuzzer), until ``seconds`` pass."""
    import atheris

    prop = TARGETS[name]

    def one(data: st.DataObject) -> None:
        try:
            with time_limit(60):
                prop(data)
        except ResolutionError:
            pass

    test = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))(
        given(st.data())(one)
    )
    argv = [sys.argv[0], f"-max_total_time={int(seconds)}", "-max_len=8192", "-rss_limit_mb=4096"]
    atheris.instrument_all()
    atheris.Setup(argv, cast(Any, test).hypothesis.fuzz_one_input)
    atheris.Fuzz()


def _summary(results: Sequence[TargetResult]) -> str:
    lines = [f"{'target':<8} {'examples':>10} {'per s':>7} {'failures':>8} {'wall time':>10}"]
    for r in results:
        rate = r.examples / r.seconds if r.seconds else 0.0
        lines.append(
            f"{r.name:<8} {r.examples:>10,} {rate:>7.1f} {len(r.failures):>8} "
            f"{r.seconds / 60:>8.1f} m"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: run the targets named, print the figures, exit 1 on any failure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--target", action="append", choices=sorted(TARGETS), help="repeatable")
    which.add_argument("--all", action="store_true", help="every target, one after another")
    which.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument(
        "--minutes",
        type=float,
        default=1.0,
        help="per target (default 1; inf: --max-examples only)",
    )
    parser.add_argument("--max-examples", type=int, help="stop a target after this many")
    parser.add_argument("--seed", type=int, help="derive every chunk's seed from this")
    parser.add_argument(
        "--example-timeout",
        type=float,
        default=60.0,
        help="seconds before one example is a hang (0: never)",
    )
    parser.add_argument("--database", type=Path, help="Hypothesis example database directory")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "benchmarks" / "out" / "fuzz",
        help="where failure reports are written (default benchmarks/out/fuzz)",
    )
    parser.add_argument(
        "--no-shrink", action="store_true", help="report failures as found, unshrunk"
    )
    parser.add_argument("--engine", choices=["hypothesis", "atheris"], default="hypothesis")
    args = parser.parse_args(argv)
    if args.list:
        for name, function in TARGETS.items():
            print(f"{name:<8} {(function.__doc__ or '').strip()}")
        return 0
    names = list(TARGETS) if args.all else list(dict.fromkeys(args.target))
    if args.engine == "atheris":
        if len(names) != 1:
            parser.error("--engine atheris runs one --target")
        run_atheris(names[0], args.minutes * 60)
        return 0
    print(
        f"resolution_vcs fuzzing: {', '.join(names)}; {args.minutes:g} min each; "
        f"hypothesis {hypothesis.__version__}; {len(corpus())} corpus texts",
        flush=True,
    )
    results = []
    for name in names:
        print(f"\n== {name}: {(TARGETS[name].__doc__ or '').strip()}", flush=True)
        runner = Runner(
            name,
            seconds=args.minutes * 60,
            max_examples=args.max_examples,
            example_timeout=args.example_timeout,
            database=args.database,
            seed=args.seed,
            out=args.out,
            shrink=not args.no_shrink,
            log=lambda s: print(s, flush=True),
        )
        result = runner.run()
        results.append(result)
        print(
            f"[{name}] examples: {result.examples:,}; distinct failures: "
            f"{len(result.failures)}; wall time: {result.seconds:.1f} s",
            flush=True,
        )
    print("\n" + _summary(results))
    failed = [f for r in results for f in r.failures.values()]
    if failed:
        print("\nFailures (minimal examples above and in --out):")
        for r in results:
            for f in r.failures.values():
                print(f"  {r.name}: {f.signature} (met {f.seen_again} more times)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
