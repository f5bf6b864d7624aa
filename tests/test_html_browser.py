"""HTML pages: self-contained, escaped, and as a browser shows them (when Chromium is here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resolution_vcs.diff import DocumentDiff, diff
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse
from resolution_vcs.present.redline import render_html
from resolution_vcs.present.tables import render_comparative

from .browser import needs_chromium, print_to_pdf, run_chromium

OLD = """\
# Резолюция форума

1. Первый пункт о библиотеках.
2. Второй пункт о чтении книг.
3. Третий пункт удалить.

Рекомендации:

- первая рекомендация для всех
- вторая рекомендация для министерства

Примечание к тексту.
"""

INJECTED = (
    '<script>document.title="PWNED";document.body.setAttribute("data-pwned","1")</script>'
    "<img src=\"https://example.org/x.png\" onerror=\"document.body.setAttribute('data-img','1')\">"
)

NEW = f"""\
# Резолюция форума

1. Новый пункт в начале.
2. Первый пункт о библиотеках.
3. Второй пункт о чтении журналов.

Рекомендации:

- вторая рекомендация для министерства
- первая рекомендация для всех

Примечание к тексту {INJECTED}.
"""

TITLE = "Проект <резолюции> & «форума»"

#: An attribute or CSS import that would load something from the network.
EXTERNAL_RE = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|@import|url\(\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


@pytest.fixture
def delta() -> DocumentDiff:
    a = assign_ids(parse(OLD))
    return diff(a, assign_ids(parse(NEW), a))


@pytest.fixture(params=["diff", "comparative"])
def page(request: pytest.FixtureRequest, delta: DocumentDiff) -> str:
    if request.param == "diff":
        return render_html(delta, title=TITLE, lang="ru")
    html = render_comparative(delta, "html", lang="ru", title=TITLE)
    assert isinstance(html, str)
    return html


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert "<script" not in page.lower()
    assert EXTERNAL_RE.search(page) is None
    assert "<style>" in page and "<link" not in page.lower()
    assert "@media print" in page


def test_page_escapes_everything_from_the_document(page: str) -> None:
    assert "&lt;script&gt;" in page
    assert "&lt;img src=" in page
    assert "<img" not in page
    assert "<title>Проект &lt;резолюции&gt; &amp; «форума»</title>" in page


def test_page_marks_changes(page: str) -> None:
    assert "<del>книг</del>" in page
    assert "<ins>журналов</ins>" in page


def test_diff_page_blocks_badges_and_summary(delta: DocumentDiff) -> None:
    html = render_html(delta, title="T", lang="en")
    assert '<html lang="en">' in html
    assert '<ins class="text">Новый пункт в начале.</ins>' in html
    assert '<del class="text">Третий пункт удалить.</del>' in html
    assert "moved ¶2.2 → ¶2.1" in html
    assert "renumbered 1 → 2" in html
    assert "Added: <b>1</b>" in html and "Deleted: <b>1</b>" in html
    ru = render_html(delta, title="T", lang="ru")
    assert "перемещён ¶2.2 → ¶2.1" in ru and "Добавлено: <b>1</b>" in ru
    assert render_html(delta, title="T").count('<html lang="ru">') == 1  # detected


def test_comparative_page_is_a_real_table(delta: DocumentDiff) -> None:
    html = render_comparative(delta, "html", lang="en", title="T")
    assert isinstance(html, str)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers == ["No.", "Clause", "Wording before", "New wording", "Note"]
    assert html.count("<tr class=") == len(delta.changed)


@needs_chromium
def test_browser_shows_changes_and_runs_no_injected_script(tmp_path: Path, page: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = run_chromium(tmp_path, "--dump-dom", path.as_uri())
    dom = result.stdout
    assert "</html>" in dom, result.stderr[-2000:]
    assert re.search(r"<del[^>]*>книг</del>", dom)
    assert re.search(r"<ins[^>]*>журналов</ins>", dom)
    # the injected markup stayed text: no title change, no attributes set, no <img>
    assert "<title>Проект &lt;резолюции&gt; &amp; «форума»</title>" in dom
    assert "PWNED</title>" not in dom
    assert not re.search(r"<body[^>]*data-pwned", dom)
    assert not re.search(r"<body[^>]*data-img", dom)
    assert "<img" not in dom
    assert "&lt;script&gt;document.title=" in dom


@needs_chromium
def test_browser_prints_the_page_to_pdf(tmp_path: Path, page: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    data = print_to_pdf(tmp_path, path).read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 1000
