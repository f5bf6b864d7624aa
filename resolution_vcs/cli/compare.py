"""Commands that compare: diff, diff-files and table."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from .common import F, doc_option, open_repository, read_input, stat_line, write_output

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..diff import DocumentDiff
    from ..typography import Group, Ignore


def ignore_options(f: F) -> F:
    f = click.option(
        "--ignore-typography",
        is_flag=True,
        help="Ignore quotes, dashes, non-breaking spaces and ellipses written another way "
        "(«» for “”, – for -).",
    )(f)
    f = click.option(
        "-w",
        "--ignore-wrapping",
        is_flag=True,
        help="Ignore line breaks inside a paragraph and runs of spaces, as git diff -w does.",
    )(f)
    return f


def _ignore(wrapping: bool, typography: bool) -> Ignore:
    """The groups of differences the options ask to ignore."""
    groups: list[Group] = []
    if wrapping:
        groups.append("wrapping")
    if typography:
        groups.append("typography")
    return frozenset(groups)


def diff_output_options(f: F) -> F:
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        help="Write to this file instead of printing.",
    )(f)
    f = click.option(
        "--exit-code",
        is_flag=True,
        help="Exit with 1 when there are differences, as git diff does.",
    )(f)
    f = click.option("--stat", is_flag=True, help="Print counts only.")(f)
    f = click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour in text output (auto: on a terminal).",
    )(f)
    f = click.option(
        "--lang",
        type=click.Choice(["ru", "uk", "en"]),
        help="Language of headings and notes (default: the document's for html and "
        "markdown, English on the terminal).",
    )(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "markdown", "html", "json", "docx"]),
        default="text",
        show_default=True,
        help="Output format (docx: Word's own tracked changes; needs -o).",
    )(f)
    return f


def _emit_diff(
    delta: DocumentDiff,
    fmt: str,
    stat: bool,
    exit_code: bool,
    color: str,
    lang: str | None,
    doc_lang: str,
    title: str,
    output: str | None,
    word: Callable[[DocumentDiff], bytes] | None = None,
) -> None:
    """Print or write a diff (``word``: its Word redline, for docx).
    Documents (html, markdown) speak the document's
    language unless --lang says otherwise; the terminal redline speaks English
    unless --lang says otherwise."""
    from ..present import redline

    out: str | bytes | Iterable[str]
    if stat and fmt == "json":
        out = json.dumps(
            {
                "summary": delta.summary,
                "layout_changed": delta.layout_changed,
                "ignored": {k: n for k, n in sorted(delta.ignored.items()) if n},
            },
            ensure_ascii=False,
            indent=2,
        )
    elif stat:
        out = stat_line(delta)
    elif fmt == "docx":
        if not output:
            raise click.UsageError("--format docx writes a Word file: give it with -o FILE")
        assert word is not None
        out = word(delta)
    elif fmt == "json":
        out = redline.json_parts(delta)  # written as made: a long diff's text is large
    elif fmt == "markdown":
        out = redline.render_markdown(delta, lang=lang or doc_lang)
    elif fmt == "html":
        out = redline.render_html(delta, title=title, lang=lang or doc_lang)
    else:
        use_color = output is None and (
            color == "always" or (color == "auto" and sys.stdout.isatty())
        )
        out = redline.render_text(delta, color=use_color, lang=lang or "en")
        if not delta.has_changes:
            out = "No changes." + (f"\n\n{out}" if out else "")
    if out or output:
        write_output(out, output)
    if exit_code and delta.has_changes:
        sys.exit(1)


@click.command("diff")
@click.argument("old", required=False, metavar="[FROM]")
@click.argument("new", required=False, metavar="[TO]")
@doc_option
@ignore_options
@diff_output_options
def diff_cmd(
    old: str | None,
    new: str | None,
    slug: str | None,
    ignore_wrapping: bool,
    ignore_typography: bool,
    fmt: str,
    lang: str | None,
    color: str,
    stat: bool,
    exit_code: bool,
    output: str | None,
) -> None:
    """Show what changed between two versions, clause by clause and word by word.

    Without FROM and TO: the previous version against the current one. With
    FROM only: FROM against the current version. With --format docx: Word's own
    tracked changes, each credited to the amendment or revision that made it.

    \b
    Examples:
      resvcs diff
      resvcs diff v1 v3 --format html -o changes.html
      resvcs diff v1 --ignore-wrapping --ignore-typography --stat
      resvcs diff v1 --format docx -o redline.docx
    """
    ignore = _ignore(ignore_wrapping, ignore_typography)
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        delta = repo.diff(slug, old, new, ignore=ignore)

        def word(found: DocumentDiff) -> bytes:
            from ..present.word_redlines import version_redline

            return version_redline(repo, slug, old, new, lang=lang, ignore=ignore, delta=found)

        _emit_diff(
            delta,
            fmt,
            stat,
            exit_code,
            color,
            lang,
            repo.language(slug) or "en",
            repo.title(slug),
            output,
            word,
        )


@click.command("diff-files")
@click.argument("old_file", type=click.Path(dir_okay=False), metavar="OLD")
@click.argument("new_file", type=click.Path(dir_okay=False), metavar="NEW")
@click.option("--encoding", help="The files' encoding when it is not UTF-8.")
@ignore_options
@diff_output_options
def diff_files(
    old_file: str,
    new_file: str,
    encoding: str | None,
    ignore_wrapping: bool,
    ignore_typography: bool,
    fmt: str,
    lang: str | None,
    color: str,
    stat: bool,
    exit_code: bool,
    output: str | None,
) -> None:
    """Compare any two Markdown, plain-text or Word files clause by clause (no repository needed).

    \b
    Examples:
      resvcs diff-files old.md new.md --format html -o changes.html
      resvcs diff-files draft.txt copy.txt --ignore-wrapping --ignore-typography
    """
    from ..collect import paused

    # What the comparison builds has no cycles: the collector never walks it (each
    # walk of a long code's clauses and tokens costs as much as a part of the diff).
    with paused():
        _compare_files(
            old_file,
            new_file,
            encoding,
            _ignore(ignore_wrapping, ignore_typography),
            (fmt, stat, exit_code, color, lang, output),
        )


def _compare_files(
    old_file: str,
    new_file: str,
    encoding: str | None,
    ignore: Ignore,
    emit: tuple[str, bool, bool, str, str | None, str | None],
) -> None:
    """:func:`diff_files`, its output options in ``emit``."""
    from ..diff import diff
    from ..drafts import compared_drafts
    from ..text import detect_language

    fmt, stat, exit_code, color, lang, output = emit
    old_doc, new_doc = compared_drafts(
        (read_input(old_file), old_file), (read_input(new_file), new_file), encoding=encoding
    )
    delta = diff(old_doc, new_doc, ignore=ignore)

    language = detect_language(new_doc.opening(20000))
    title = f"{old_file} → {new_file}"

    def word(found: DocumentDiff) -> bytes:
        """The changes credited to the new file, as of when it was last written."""
        from datetime import UTC, datetime
        from pathlib import Path

        from ..present.docx_redline import Credit, render_docx

        changed = datetime.fromtimestamp(Path(new_file).stat().st_mtime, UTC)
        credit = Credit(Path(new_file).name, changed)
        return render_docx(found, old_doc, credit=credit, title=title, lang=lang or language)

    _emit_diff(delta, fmt, stat, exit_code, color, lang, language, title, output, word)


@click.command()
@click.argument("old", required=False, metavar="[FROM]")
@click.argument("new", required=False, metavar="[TO]")
@doc_option
@click.option(
    "--kind",
    type=click.Choice(["comparative", "amendments"]),
    default="comparative",
    show_default=True,
    help="Which table: the comparative table (wording before and after, FROM → TO) or "
    "the amendment table (every amendment with its decision).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv", "docx"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    type=click.Choice(["ru", "uk", "en"]),
    help="Language of headings and notes (default: the document's).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to this file (needed for docx on a terminal).",
)
def table(
    old: str | None,
    new: str | None,
    slug: str | None,
    kind: str,
    fmt: str,
    lang: str | None,
    output: str | None,
) -> None:
    """Write the comparative table or the amendment table.

    The comparative table: old and new wording of each clause changed from FROM
    to TO. The amendment table: each amendment with its clause, current and
    proposed wording, authors, rationale, decision and reason.

    \b
    Examples:
      resvcs table --kind comparative v1 v2 --format docx -o table.docx
      resvcs table --format md --lang en
      resvcs table --kind amendments --format docx -o amendments.docx
    """
    from ..present.amendments import render_amendments, table_entries
    from ..present.tables import render_comparative

    if kind == "amendments" and (old or new):
        raise click.UsageError(
            "FROM and TO are for --kind comparative; the amendment table lists every amendment"
        )
    with open_repository() as repo:
        slug = repo.resolve_slug(slug)
        language = lang or repo.language(slug) or "en"
        result: str | bytes
        if kind == "amendments":
            entries = table_entries(repo, slug, repo.amendments(slug))
            result = render_amendments(entries, fmt, lang=language, document_title=repo.title(slug))
        else:
            delta = repo.diff(slug, old, new)
            result = render_comparative(delta, fmt, lang=language, title=repo.title(slug))
    write_output(result, output)
