"""Chunked block parsing gives exactly the tokens of a whole-document parse."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs import markdown
from resolution_vcs.markdown import (
    _INLINE_MARKUP,
    _WORD_RE,
    SharedChunks,
    _layout_re,
    block_parser,
    block_tokens,
    may_have_words,
    shared_chunks,
)
from resolution_vcs.parse import _line_offsets, parse, parse_outline

from .conftest import CORPUS, generated_code
from .strategies import markdown_documents


def _signature(tokens, shifts):  # type: ignore[no-untyped-def]
    return [
        (t.type, t.map and [t.map[0] + s, t.map[1] + s], t.level, t.content, t.info, t.markup)
        for t, s in zip(tokens, shifts, strict=True)
    ]


@contextmanager
def _runs_of(chars: int) -> Iterator[None]:
    """Texts parsed at most ``chars`` characters in one go (1: each chunk alone)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "RUN_CHARS", chars)
        yield


def _check(text: str) -> None:
    """:func:`_check_runs`; and parsed a chunk at a time, with a cache and without, a
    text's tokens equal its whole parse."""
    _check_runs(text)
    whole = _whole(text)
    with _runs_of(1):
        for cache in (None, {}):
            assert _signature(*block_tokens(text, _line_offsets(text), cache)[:2]) == whole


def _check_runs(text: str) -> None:
    """A text's tokens equal its whole parse: parsed with nothing cached (and cut into
    chunks for the cache), then again from the cache; every chunk kept is the parse of
    that chunk alone; and a version without one of its blocks reads from the cache what
    it shares with the text and parses as a whole."""
    parsed = block_parser().parse(text, {})
    whole = _signature(parsed, [0] * len(parsed))
    cache: dict = {}  # type: ignore[type-arg]
    chunked, shifts, _ = block_tokens(text, _line_offsets(text), cache)
    assert _signature(chunked, shifts) == whole
    for chunk, (tokens, _env) in cache.items():
        alone = block_parser().parse(chunk, {})
        assert _signature(tokens, [0] * len(tokens)) == _signature(alone, [0] * len(alone))
    again, shifts, _ = block_tokens(text, _line_offsets(text), cache)
    assert _signature(again, shifts) == whole
    blocks = text.split("\n\n")
    for cut in {len(blocks) // 2, 1} & set(range(len(blocks))):
        version = "\n\n".join(blocks[:cut] + blocks[cut + 1 :])
        expected = block_parser().parse(version, {})
        found, shifts, _ = block_tokens(version, _line_offsets(version), cache)
        assert _signature(found, shifts) == _signature(expected, [0] * len(expected))


def _whole(text: str):  # type: ignore[no-untyped-def]
    parsed = block_parser().parse(text, {})
    return _signature(parsed, [0] * len(parsed))


@pytest.mark.parametrize("path", CORPUS[::4], ids=lambda p: p.name)
def test_corpus_chunks_equal_whole_parse(path: Path) -> None:
    _check(path.read_text(encoding="utf-8"))


def _same_parse(text: str, runs: tuple[int, ...] = (markdown.RUN_CHARS, 1, 200)) -> None:
    """A text parsed in runs of at most ``runs`` characters (1: a chunk at a time) gives
    what it gives parsed in one go: the same clauses (every field), outline and document."""
    with _runs_of(len(text) + 1):
        expected, outline = parse_outline(text)
    shape = [(b.kind, b.start, b.end, b.depth, b.number, b.label) for b in outline]
    for chars in runs:
        with _runs_of(chars):
            found, found_outline = parse_outline(text)
        assert found == expected
        assert [c.__dict__ for c in found.clauses] == [c.__dict__ for c in expected.clauses]
        assert [(b.kind, b.start, b.end, b.depth, b.number, b.label) for b in found_outline] == (
            shape
        )
        assert found.render() == text


@pytest.mark.parametrize("path", CORPUS[::3], ids=lambda p: p.name)
def test_corpus_parses_alike_in_runs(path: Path) -> None:
    _same_parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("block", "rule", "opens"),
    [
        ("> quoted\n", "blockquote", "blockquote_open"),
        ("```\ncode\n```\n", "fence", "fence"),
        ("~~~\ncode\n~~~\n", "fence", "fence"),
        ("<div>\nx\n</div>\n", "html_block", "html_block"),
        ("[law]: https://example.org\n\nSee [law].\n", "reference", "paragraph_open"),
        ("| a |\n|---|\n| b |\n", "table", "table_open"),
        ("***\n", "hr", "hr"),
        ("Text.\n\n- - -\n", "hr", "hr"),
        ("1. _ _\t_  \n", "hr", "hr"),
        ("> quoted\n> ***\n", "hr", "hr"),
        ("Title\n=\n", "lheading", "heading_open"),
        ("Title\n---  \n", "lheading", "heading_open"),
        ("- item\n  title\n  ===\n", "lheading", "heading_open"),
        ("> quoted\n>\t--\n", "lheading", "heading_open"),
        ("Title\n-\n", "lheading", "heading_open"),
    ],
)
def test_rules_are_left_out_only_where_their_marks_are_missing(
    block: str, rule: str, opens: str
) -> None:
    """A text is parsed without the block rules whose marks it lacks; a text that has
    one gets its rule, whatever was parsed before it, and the same tokens as with
    every rule."""
    plain = "Words.\n\n- item\n\n1. one\n"
    assert rule not in block_parser(plain).block.ruler.get_active_rules()
    for text in (plain, block + "\n" + plain, plain, plain + "\n" + block):
        expected = block_parser().parse(text, {})
        found, shifts, env = block_tokens(text, _line_offsets(text), {})
        assert _signature(found, shifts) == _signature(expected, [0] * len(expected))
        if block in text:
            assert rule in block_parser(text).block.ruler.get_active_rules()
            assert opens in [t.type for t in found]
            assert bool(env.env) == (rule == "reference")


@pytest.mark.parametrize(
    "text", ["Words.\n\n- item\n", "Words\0 here.\n\n- item\0 one\n", "A\r\nB\n\n- c\r\n"]
)
def test_core_rules_left_out_change_no_token(text: str) -> None:
    """Block parsing leaves out the core rules with nothing to do: the joining of inline
    text (there is no inline parsing), and the rewriting of line endings and NULs in a
    text without them; the tokens are those of a parse with every rule."""
    from markdown_it import MarkdownIt

    every = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("inline")
    expected = every.parse(text, {})
    found, shifts, _ = block_tokens(text, _line_offsets(text), {})
    assert _signature(found, shifts) == _signature(expected, [0] * len(expected))
    rewrites = "normalize" in block_parser(text).core.ruler.get_active_rules()
    assert rewrites == ("\0" in text or "\r" in text)


def _library_parser():  # type: ignore[no-untyped-def]
    """The block parser as markdown-it sets it up, its own table rule included."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("inline")


@pytest.mark.parametrize(
    "row",
    ["a|b", "|a|b|", "a\\|b|c", "\\\\|x", "", "|", "x\\", "ab\\\\\\|c|d", "| Ї | \\| |"],
)
def test_cells_are_split_as_markdown_it_splits_them(row: str) -> None:
    from markdown_it.rules_block.table import escapedSplit

    from resolution_vcs.markdown import split_cells

    assert split_cells(row) == escapedSplit(row)


@given(st.text(alphabet=st.sampled_from(list("|\\ a-:Ї")), max_size=30))
def test_any_row_is_split_as_markdown_it_splits_it(row: str) -> None:
    from markdown_it.rules_block.table import escapedSplit

    from resolution_vcs.markdown import split_cells

    assert split_cells(row) == escapedSplit(row)


@pytest.mark.parametrize("source", ["corpus", "code", "escaped"])
def test_tables_give_the_tokens_of_markdown_its_own_rule(source: str) -> None:
    """The table rule that splits rows at C speed gives markdown-it's tokens, in the
    same rule chains (a table interrupts a paragraph and a link definition)."""
    if source == "corpus":
        texts = [p.read_text(encoding="utf-8") for p in CORPUS[::4]]
    elif source == "code":
        texts = list(generated_code(200))
    else:
        texts = ["| a \\| b | c |\n|---|:-:|\n| x\\|y | z \\\\| w |\nnot a row\n\nText | here\n"]
    library = _library_parser()
    for text in texts:
        ours = block_parser(text)
        for chain in ("", "paragraph", "reference", "blockquote", "list"):
            names = [rule.__name__ for rule in ours.block.ruler.getRules(chain)]
            every = [rule.__name__ for rule in block_parser().block.ruler.getRules(chain)]
            assert every == [rule.__name__ for rule in library.block.ruler.getRules(chain)]
            assert set(names) <= set(every)
        expected = library.parse(text, {})
        assert "table_open" in [t.type for t in expected] or source == "corpus"
        found = ours.parse(text, {})
        assert _signature(found, [0] * len(found)) == _signature(expected, [0] * len(expected))
        assert [t.attrs for t in found] == [t.attrs for t in expected]


TRICKY = [
    "```\ncode\n\nmore code\n```\n\nAfter.\n",
    "```\ncode\n\nmore code\n```\nRight after the fence.\n\nAfter.\n",
    "```\nunclosed fence\n\nText that is code.\n\n# Also code\n",
    "<!-- a comment\n\nstill comment -->\n\nText.\n",
    "<pre>\nline\n\nline\n</pre>\n\nText.\n",
    "- loose item\n\n- second item\n\n  continued\n\nPara.\n",
    "1. one\n\n2. two\n\n10) ten\n\nPara\n",
    "> quote\n\nnot quote\n",
    "    code\n\n    more code\nText\n",
    "Title\n\n===\n\n---\n\n***\n\n+ x\n\n+y\n",
    "| a | b |\n|---|---|\n| c | d |\n\nText\n",
    "2022 год\n\n1986. год\n\n1.5 million\n",
    "<div>\n\n*html* text\n\n</div>\n",
    "a\r\n\r\nb\r\n\r\n```\r\nx\r\n\r\ny\r\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_chunks_equal_whole_parse(text: str) -> None:
    _check(text)


@given(markdown_documents())
@settings(max_examples=300, deadline=None)
def test_generated_chunks_equal_whole_parse(text: str) -> None:
    _check(text)


#: Blocks that go on past a blank line or hold blank lines, next to the places a
#: text may be cut into runs.
ACROSS_RUNS = [
    "Intro.\n\n" + "".join(f"{n}. item {n}\n\n   more of {n}\n\n" for n in range(1, 40)),
    "Text.\n\n- a\n\n  - nested\n\n    ```\n    code\n\n    code\n    ```\n\nAfter.\n",
    "Text.\n\n```\nfence\n\nTitle\n\n| a |\n|---|\n\n" + "line\n\n" * 50 + "```\n\nEnd.\n",
    "Text.\n\n```\nunclosed\n\n" + "Words.\n\n" * 60,
    "".join(f"| {n} | x |\n|---|---|\n| c | {n} |\n\nText {n}.\n\n" for n in range(30)),
    "See [the law][law].\n\n" + "Words.\n\n" * 80 + "[law]: https://example.org\n",
    "<div>\n\n" + "*html* text\n\n" * 40 + "</div>\n\nAfter.\n",
    "<!-- a comment\n\n" + "still\n\n" * 40 + "-->\n\nText.\n",
    "Para\n\n> quote\n>\n> more\n\nnot quote\n\n    code\n\n    code\nText\n",
]


@pytest.mark.parametrize("text", ACROSS_RUNS + TRICKY)
def test_blocks_across_runs_parse_alike(text: str) -> None:
    _check(text)
    _same_parse(text)


@given(markdown_documents())
@settings(max_examples=200, deadline=None)
def test_generated_documents_parse_alike_in_runs(text: str) -> None:
    _same_parse(text, (1,))


def _full(tokens, shifts):  # type: ignore[no-untyped-def]
    """Every field of each token, its lines counted from the text's start."""
    return [
        (dataclasses.replace(t, map=t.map and [t.map[0] + s, t.map[1] + s]))
        for t, s in zip(tokens, shifts, strict=True)
    ]


#: Chunks of one line: paragraphs and headings made without the parser, and lines
#: that look like them and are not.
ONE_LINE = [
    "Word",
    "Word  \u2003\t",
    "Слово і ще слово | не таблиця",
    "# Title",
    "#",
    "##",
    "#  ",
    "# Title #",
    "# Title ##   ",
    "# Title#",
    "# #",
    "#\tTitle\t#\t",
    "###### Six",
    "####### Seven",
    "#NoSpace",
    "## Trailing \u2003",
    "#\u2003Em space",
]


@pytest.mark.parametrize("line", ONE_LINE)
def test_one_line_chunks_give_the_librarys_tokens(line: str) -> None:
    """A chunk of one line, then blank lines, read without the parser where it can only
    be a paragraph or a heading: every field of every token is the library's own."""
    library = _library_parser()
    for text in (line, line + "\n", f"Intro.\n\n{line}\n\n  \n\nAfter.\n", f"- a\n\n{line}\n"):
        expected = library.parse(text, {})
        for cache in (None, {}):
            found, shifts, _ = block_tokens(text, _line_offsets(text), cache)
            assert _full(found, shifts) == expected


def _librarys_own(text: str) -> None:
    """Every field of every token (those made without the parser, and those the parser
    pushes without the constructor of ``Token``) is what markdown-it itself makes, the
    text parsed in one go and a chunk at a time."""
    expected = _library_parser().parse(text, {})
    assert block_parser(text).parse(text, {}) == expected
    for chars in (markdown.RUN_CHARS, 1):
        with _runs_of(chars):
            found, shifts, _ = block_tokens(text, _line_offsets(text))
        assert _full(found, shifts) == expected


@given(markdown_documents())
@settings(max_examples=200, deadline=None)
def test_generated_tokens_are_the_librarys_own(text: str) -> None:
    _librarys_own(text)


@pytest.mark.parametrize("text", ACROSS_RUNS + TRICKY)
def test_tokens_are_the_librarys_own(text: str) -> None:
    _librarys_own(text)


def test_tokens_of_another_shape_are_made_by_their_constructor() -> None:
    """Where markdown-it's ``Token`` has other fields than those the parser sets, the
    parser pushes tokens with markdown-it's own state (its constructor)."""
    markdown._block_state.cache_clear()
    markdown._block_parser.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(markdown, "_TOKEN_FIELDS", ("type", "tag"))
            assert markdown._block_state() is None
            text = "Words.\n\n| a |\n|---|\n| b |\n"
            assert "parse" not in vars(block_parser(text).block)
            assert block_parser(text).parse(text, {}) == _library_parser().parse(text, {})
    finally:
        markdown._block_state.cache_clear()
        markdown._block_parser.cache_clear()
    assert markdown._block_state() is not None


def test_references_defined_later_resolve_earlier() -> None:
    doc = parse("See [the law][law] now.\n\nMore text.\n\n[law]: https://example.org\n")
    assert doc.clauses[0].text == "See the law now."


def test_cache_shares_equal_chunks() -> None:
    cache: dict = {}  # type: ignore[type-arg]
    parse("# A\n\nOne.\n\nTwo.\n", cache)
    size = len(cache)
    parse("# A\n\nOne.\n\nThree.\n", cache)
    assert len(cache) == size + 1


def test_layout_detection() -> None:
    assert not may_have_words("[]{#n8}")
    assert not may_have_words("::: {#article}")
    assert not may_have_words("<div class='x'></div>")
    assert may_have_words("{Пункт 2 в редакції Закону}")
    assert may_have_words("<https://example.org>")
    assert may_have_words("[]{#n8}\n1. Текст")


def test_shared_chunks_last_only_as_long_as_the_block() -> None:
    text = "# A\n\nOne.\n\nTwo.\n"
    with shared_chunks() as chunks:
        parse(text)
        kept = len(chunks)
        assert kept == 3
        with shared_chunks() as inner:  # a block inside another shares its chunks
            assert inner is chunks
            parse(text.replace("Two", "Three"))
        assert len(chunks) == kept + 1
    with shared_chunks() as later:  # a new block starts empty
        assert len(later) == 0


def test_shared_chunks_keep_about_twice_the_longest_text() -> None:
    chunks = SharedChunks()
    paragraph = "слова " * 100 + "\n\n"  # 602 characters, "N " before it
    for n in range(3000):  # one chunk each, about 1.8 million characters in all
        text = f"{n} {paragraph}"
        block_tokens(text, _line_offsets(text), chunks)
    assert 1_000_000 // 610 <= len(chunks) <= 1_000_000 // 600 + 1  # the least kept
    long_text = "".join(f"{n} {paragraph}" for n in range(3000, 7000))  # 2.4 million
    block_tokens(long_text, _line_offsets(long_text), chunks)
    assert len(chunks) >= 4000 + 1000  # room for twice the longest: all of it and more


def test_a_parse_outside_a_block_keeps_nothing() -> None:
    parse("# A\n\nOne.\n")
    with shared_chunks() as chunks:
        assert len(chunks) == 0


def _parsed_text(source: str) -> str:
    """What the inline parser makes of ``source``, without the shortcut for plain text."""
    from resolution_vcs.markdown import full_parser, inline_text

    tokens = full_parser().parseInline(source, {})
    return inline_text(tokens[0]) if tokens else ""


@pytest.mark.parametrize("path", CORPUS[::4], ids=lambda p: p.name)
def test_plain_text_without_the_parser_is_what_the_parser_gives(path: Path) -> None:
    """Sources without markup characters are read without the parser: the text is the
    one the parser gives, for every clause part of the corpus."""
    from resolution_vcs.markdown import inline_source_text

    shortcut = 0
    for clause in parse(path.read_text(encoding="utf-8")).clauses:
        for _, sources in clause.parts:
            for source in sources:
                assert inline_source_text(source) == _parsed_text(source), source
                shortcut += _INLINE_MARKUP.isdisjoint(source)
    assert shortcut  # the shortcut was taken


def test_markup_search_finds_what_the_set_holds() -> None:
    """The pattern that looks for markup characters finds exactly the set's characters,
    wherever they stand (every character of the Basic Multilingual Plane tried)."""
    from resolution_vcs.markdown import _INLINE_MARKUP_RE

    for code in range(0x10000):
        source = f"ab{chr(code)}c"
        assert (_INLINE_MARKUP_RE.search(source) is None) == _INLINE_MARKUP.isdisjoint(source)


@given(
    st.text(
        alphabet=st.sampled_from(list(" \t-:#$%^+=|.,;'\"()/@?0123456789aZяЁ«»—\u00a0")),
        max_size=40,
    )
)
@settings(max_examples=300, deadline=None)
def test_generated_plain_sources_read_as_the_parser_reads_them(source: str) -> None:
    from resolution_vcs.markdown import inline_source_text

    assert inline_source_text(source) == (_parsed_text(source) if source else "")


def _layout_rule(source: str) -> bool:
    return bool(_WORD_RE.search(_layout_re().sub("", source)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='[]{}<>:\\ \t\n_a#.!-/="Ї5'))
def test_may_have_words_is_the_layout_rule(source: str) -> None:
    # Sources without "{" or "<" are read without removing their layout first.
    assert may_have_words(source) == _layout_rule(source)


def test_may_have_words_on_the_corpus() -> None:
    for path in CORPUS:
        for line in path.read_text(encoding="utf-8").split("\n"):
            assert may_have_words(line) == _layout_rule(line)
