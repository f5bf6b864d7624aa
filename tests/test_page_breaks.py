"""Page breaks: form feeds (U+000C) between the pages of a text, as the LGPL 2 and 2.1 have
them, are accepted by import, propose --from and diff-files, and kept byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from resolution_vcs.cli import main
from resolution_vcs.importers import import_text
from resolution_vcs.parse import parse
from resolution_vcs.text import decode, words

from .conftest import CHAIR, EDITOR

ENV = {"RESVCS_AUTHOR": CHAIR}
LICENCE = Path("/usr/share/common-licenses/LGPL-2.1")

#: Two pages of the LGPL 2.1 as the licence file has them: each form feed alone on a line.
LGPL_PAGES = """\
                  GNU LESSER GENERAL PUBLIC LICENSE
                       Version 2.1, February 1999

  To protect each distributor, we want to make it very clear that
there is no warranty for the free library.  Also, if the library is
modified by someone else and passed on, the recipients should know
that what they have is not the original version, so that the original
author's reputation will not be affected by problems that might be
introduced by others.
\f
  Finally, software patents pose a constant threat to the existence of
any free program.  We wish to make sure that a company cannot
effectively restrict the users of a free program by obtaining a
restrictive license from a patent holder.

  The precise terms and conditions for copying, distribution and
modification follow.  Pay close attention to the difference between a
"work based on the library" and a "work that uses the library".
\f
                  GNU LESSER GENERAL PUBLIC LICENSE
   TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION

  0. This License Agreement applies to any software library or other
program which contains a notice placed by the copyright holder or
other authorized party saying it may be distributed under the terms of
this Lesser General Public License (also called "this License").
"""


def run(*args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


def licences() -> list[str]:
    texts = [LGPL_PAGES]
    if LICENCE.is_file():  # Debian and derivatives: the whole licence, nine page breaks
        texts.append(LICENCE.read_text(encoding="utf-8"))
    return texts


def test_decode_accepts_a_form_feed_and_keeps_it() -> None:
    assert decode(b"page one\n\x0c\npage two\n", source="x.txt") == "page one\n\f\npage two\n"


@pytest.mark.parametrize("text", licences(), ids=["excerpt", "LGPL-2.1"][: len(licences())])
def test_plain_text_import_keeps_each_page_break_as_a_layout_line(text: str) -> None:
    markdown = import_text(text, filename="LGPL-2.1.txt").markdown
    assert markdown.count("\f") == text.count("\f") > 0
    doc = parse(markdown)
    assert doc.render() == markdown
    # A page break is a layout line of its own before the next clause, never in its words.
    assert sum(c.lead.count("\f") for c in doc) == text.count("\f")
    assert not any("\f" in c.content for c in doc)
    assert words(" ".join(f"{c.number} {c.text}" for c in doc)) == words(text)


def test_import_propose_and_diff_files_take_page_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The three commands that refused form feeds: a plain-text licence imported, a Markdown
    copy with a page break proposed and accepted byte for byte, two such files compared."""
    source = tmp_path / "lgpl.txt"
    source.write_text(LGPL_PAGES, encoding="utf-8")
    run("init", str(tmp_path / "r"), "--chair", CHAIR)
    monkeypatch.chdir(tmp_path / "r")
    run("import", str(source), "--slug", "lgpl")
    draft = tmp_path / "r" / "drafts" / "lgpl.md"
    current = draft.read_text(encoding="utf-8")
    assert current.count("\f") == 2

    # A Markdown copy: one word changed, and a third page break before clause 0.
    copy = current.replace("restrictive license", "restrictive licence").replace(
        "\n0. This License", "\n\f\n\n0. This License"
    )
    assert copy.count("\f") == 3 and copy != current
    (tmp_path / "copy.md").write_text(copy, encoding="utf-8")
    out = run("propose", "--from", str(tmp_path / "copy.md"), "--exact", "--author", EDITOR).output
    numbers = [line.split()[1] for line in out.splitlines() if line.startswith("  amendment ")]
    run("accept", *(numbers or ["1"]))
    assert draft.read_bytes() == copy.encode("utf-8")

    # Plain text with page breaks on both sides: the changed word is the difference.
    (tmp_path / "new.txt").write_text(
        LGPL_PAGES.replace("restrictive license", "restrictive licence"), encoding="utf-8"
    )
    compared = run("diff-files", str(source), str(tmp_path / "new.txt"), "--stat")
    assert compared.output.startswith("1 modified, 0 added, 0 deleted")
    text = run("diff-files", str(source), str(tmp_path / "new.txt")).output
    assert "[-license-]{+licence+}" in text


def test_markdown_import_keeps_form_feeds_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "# Licence\n\nPage one.\n\f\nStill page one, a form feed inside.\n\n\f\n\nPage two.\n"
    (tmp_path / "licence.md").write_bytes(text.encode("utf-8"))
    run("init", str(tmp_path / "r"), "--chair", CHAIR)
    monkeypatch.chdir(tmp_path / "r")
    run("import", str(tmp_path / "licence.md"), "--slug", "licence")
    assert (tmp_path / "r" / "drafts" / "licence.md").read_bytes() == text.encode("utf-8")
    assert os.path.getsize(tmp_path / "r" / "drafts" / "licence.md") == len(text.encode())
