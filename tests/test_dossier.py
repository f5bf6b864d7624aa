"""The dossier: every page written, every link resolves, nothing leaves the page offline."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from resolution_vcs.amend import delete_clause, replace_throughout
from resolution_vcs.errors import InputError
from resolution_vcs.history import clause_history
from resolution_vcs.present.dossier import MARKER, count, write_dossier
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

from .browser import needs_chromium, run_chromium
from .conftest import CHAIR, DATE, EDITOR

SLUG = "bibliomodel-2022"
HOSTILE_RATIONALE = "Пункт лишний <script>alert(1)</script> & «точка»"


@pytest.fixture
def story(repo: Repository) -> Repository:
    """The seed, a typo fix throughout accepted (v2), and a deletion rejected."""
    doc = repo.document(SLUG)
    chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)
    [fix] = repo.propose(
        SLUG,
        [replace_throughout(doc, "СФЗО", "СЗФО")],
        author=editor,
        rationale="Опечатка в сокращении",
        date=DATE + timedelta(hours=1),
    )
    [cut] = repo.propose(
        SLUG,
        [[delete_clause(doc, "5")]],
        author=editor,
        rationale=HOSTILE_RATIONALE,
        date=DATE + timedelta(hours=2),
    )
    repo.accept(SLUG, [fix.id], chair=chair, reason="Очевидно", date=DATE + timedelta(hours=3))
    repo.reject(SLUG, [cut.id], chair=chair, reason="Пункт нужен", date=DATE + timedelta(hours=4))
    return repo


@pytest.fixture
def dossier(story: Repository, tmp_path: Path) -> tuple[Path, list[Path]]:
    out = tmp_path / "archive" / "dossier"
    return out, write_dossier(story, SLUG, out, lang="ru")


class _Page(HTMLParser):
    """Tags, links and ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for key, value in attrs:
            if key in ("href", "src", "srcset", "action", "poster", "data"):
                self.links.append(value or "")
            elif key == "id" and value:
                self.ids.add(value)
            elif key == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _flat(path: Path) -> str:
    """A page's text as a reader sees it: no style, tags as spaces, white space folded."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_every_page_is_written(story: Repository, dossier: tuple[Path, list[Path]]) -> None:
    out, written = dossier
    clause_pages = {f"clauses/{c.id}.html" for c in story.document(SLUG)}
    expected = {
        "index.html",
        "versions/v1.html",
        "versions/v2.html",
        "changes/v2.html",
        "amendments.html",
        "blame.html",
        "clauses/index.html",
        MARKER,
        *clause_pages,
    }
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == expected
    assert sorted(written) == sorted(out / name for name in expected)
    # built beside the target and renamed: nothing else is left there
    assert [p.name for p in out.parent.iterdir()] == ["dossier"]


def test_every_link_resolves_and_nothing_is_external(dossier: tuple[Path, list[Path]]) -> None:
    out, written = dossier
    pages = {p.resolve(): _parse(p) for p in written if p.suffix == ".html"}
    checked = 0
    for path, page in pages.items():
        assert page.tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed"}), path
        for style in page.styles:
            assert "url(" not in style and "@import" not in style, path
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{path}: {link}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target in pages, f"{path}: {link} is broken"
            if parts.fragment:
                assert parts.fragment in pages[target].ids, f"{path}: {link} has no target"
            checked += 1
    assert checked > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*https?:""", text, re.IGNORECASE)


def test_index_says_the_verification_passed(dossier: tuple[Path, list[Path]]) -> None:
    out, _ = dossier
    index = _flat(out / "index.html")
    assert "Проверка пройдена: 2 версии, 2 решения." in index
    assert "Таблица поправок : 2 поправки (принята: 1, отклонена: 1)" in index
    assert "Итоговый текст (v2)" in index
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert '<li value="1">Вопросы реализации национального проекта «Культура» в СЗФО;</li>' in page
    assert "СФЗО" not in page.split('id="sec-text"')[1]  # the final text has the fix


def test_version_and_changes_pages_say_who_made_what(
    story: Repository, dossier: tuple[Path, list[Path]]
) -> None:
    out, _ = dossier
    [fix, cut] = story.amendments(SLUG)
    v1 = _flat(out / "versions" / "v1.html")
    assert "Импорт текста: Anna Chair <chair@example.org>" in v1
    v2 = _flat(out / "versions" / "v2.html")
    assert "Принята поправка № 1 (автор: Boris Editor); решение председателя: Anna Chair" in v2
    assert "Это итоговый текст." in v2
    assert f'href="../amendments.html#a-{fix.id}"' in (out / "versions" / "v2.html").read_text()
    changes = (out / "changes" / "v2.html").read_text(encoding="utf-8")
    assert changes.count("<del>СФЗО</del>") == 4 and changes.count("<ins>СЗФО</ins>") == 4


def test_amendment_table_with_decisions_escaped(
    story: Repository, dossier: tuple[Path, list[Path]]
) -> None:
    out, _ = dossier
    page = (out / "amendments.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "Пункт лишний &lt;script&gt;alert(1)&lt;/script&gt; &amp; «точка»" in page
    text = _flat(out / "amendments.html")
    assert "принята Anna Chair, 17.03.2024 13:00 UTC результат: v2" in text
    assert "отклонена Anna Chair, 17.03.2024 14:00 UTC" in text
    assert "Пункт нужен" in text
    # Each amendment in drafting language, as the amendment table has it.
    assert '<th scope="col">Текст поправки</th>' in page
    assert "По всему тексту слово «СФЗО» заменить словом «СЗФО»." in text


def test_clause_pages_and_blame(story: Repository, dossier: tuple[Path, list[Path]]) -> None:
    out, _ = dossier
    clause = story.document(SLUG).find("¶13")
    text = _flat(out / "clauses" / f"{clause.id}.html")
    assert "История пункта ¶13" in text
    assert "v1 ¶13 17.03.2024 10:00 UTC исходная редакция Импорт текста" in text
    assert "v2 ¶13 17.03.2024 13:00 UTC изменён Принята поправка № 1" in text
    page = (out / "clauses" / f"{clause.id}.html").read_text(encoding="utf-8")
    assert "<del>СФЗО</del><ins>СЗФО</ins>" in page
    blame = (out / "blame.html").read_text(encoding="utf-8")
    assert blame.count('<sup class="ref"><a href="#src-v2">v2</a></sup>') == 4
    assert "РЕЗОЛЮЦИЯ</span>" in blame and "# РЕЗОЛЮЦИЯ" not in blame


def test_clause_pages_show_the_markdown_rendered(
    story: Repository, dossier: tuple[Path, list[Path]]
) -> None:
    """The heading's page shows a heading, not "# РЕЗОЛЮЦИЯ"; the changes pages and the
    amendment table render their clauses the same way, with the marks kept."""
    out, written = dossier
    heading = story.document(SLUG).find("¶2")
    page = (out / "clauses" / f"{heading.id}.html").read_text(encoding="utf-8")
    assert '<span class="heading h1" role="heading" aria-level="1">РЕЗОЛЮЦИЯ</span>' in page
    for path in written:
        if path.suffix == ".html":
            assert "# РЕЗОЛЮЦИЯ" not in _flat(path), path


def test_a_deleted_clause_keeps_its_page(repo: Repository, tmp_path: Path) -> None:
    chair = Person.parse(CHAIR)
    gone = repo.document(SLUG).find("5")
    [cut] = repo.propose(SLUG, [[delete_clause(repo.document(SLUG), "5")]], author=chair)
    repo.accept(SLUG, [cut.id], chair=chair, date=DATE + timedelta(hours=1))
    out = tmp_path / "dossier"
    written = write_dossier(repo, SLUG, out, lang="ru")
    assert out / "clauses" / f"{gone.id}.html" in written
    page = _flat(out / "clauses" / f"{gone.id}.html")
    assert "Пункта нет в итоговом тексте: он исключён." in page
    assert "v2 п. 5 17.03.2024 11:00 UTC исключён Принята поправка № 1" in page
    listing = _flat(out / "clauses" / "index.html")
    assert "Исключённые пункты Пункт Текст Изменений Последнее изменение 5" in listing
    assert "Опыт создания, лучшие практики" in listing.split("Исключённые пункты")[1]


def test_english_pages(story: Repository, tmp_path: Path) -> None:
    out = tmp_path / "en"
    write_dossier(story, SLUG, out, lang="en")
    index = _flat(out / "index.html")
    assert "Verification passed: 2 versions, 2 decisions." in index
    assert '<html lang="en">' in (out / "index.html").read_text(encoding="utf-8")
    assert "Accepted amendment 1 (author: Boris Editor)" in _flat(out / "versions" / "v2.html")


def test_a_failed_verification_lists_the_violations(repo: Repository, tmp_path: Path) -> None:
    text = repo.text(SLUG).replace("СФЗО", "СЗФО")
    repo.store.commit(
        {f"drafts/{SLUG}.md": text.encode("utf-8")},
        "Fix by hand",
        Person.parse(EDITOR),
        DATE + timedelta(hours=1),
    )
    out = tmp_path / "dossier"
    write_dossier(repo, SLUG, out, lang="ru")
    index = _flat(out / "index.html")
    assert "Проверка не пройдена: 1 нарушение." in index
    assert "v2 changed the text without resvcs (a plain git commit by Boris Editor" in index
    assert "Изменение не через resvcs: Boris Editor <editor@example.org>: «Fix by hand»" in index


def test_clause_histories_are_those_of_history(story: Repository) -> None:
    from resolution_vcs.history import clause_histories

    histories = clause_histories(story, SLUG)
    assert set(histories) == {c.id for c in story.document(SLUG)}
    for clause_id, wordings in histories.items():
        assert wordings == clause_history(story, SLUG, clause_id)


def test_a_folder_that_is_not_a_dossier_is_refused(story: Repository, tmp_path: Path) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as info:
        write_dossier(story, SLUG, out, lang="ru")
    assert str(info.value) == (
        f"{out} is not empty and does not hold a dossier. Give a new or empty folder with "
        "--out, or move its files elsewhere first"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council", "papers"]
    (tmp_path / "file.html").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is a file. Give a folder for the dossier with --out"):
        write_dossier(story, SLUG, tmp_path / "file.html", lang="ru")


def test_a_previous_dossier_or_an_empty_folder_is_replaced(
    story: Repository, tmp_path: Path
) -> None:
    out = tmp_path / "dossier"
    out.mkdir()
    write_dossier(story, SLUG, out, lang="ru")  # empty: fine
    (out / "stale.html").write_text("old", encoding="utf-8")
    first = (out / "index.html").read_bytes()
    write_dossier(story, SLUG, out, lang="ru")
    assert not (out / "stale.html").exists()
    assert (out / "index.html").read_bytes() == first  # the same history, the same pages
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council", "dossier"]


def test_counts_in_russian_and_english() -> None:
    words = {n: count(n, "version", "ru") for n in (1, 2, 5, 11, 12, 21, 22, 25, 111, 1004)}
    assert words == {
        1: "1 версия",
        2: "2 версии",
        5: "5 версий",
        11: "11 версий",
        12: "12 версий",
        21: "21 версия",
        22: "22 версии",
        25: "25 версий",
        111: "111 версий",
        1004: "1004 версии",
    }
    assert [count(n, "decision", "en") for n in (0, 1, 2)] == [
        "0 decisions",
        "1 decision",
        "2 decisions",
    ]


# --- In a browser ------------------------------------------------------------------------


def _open_offline(tmp_path: Path, page: Path) -> tuple[str, list[str]]:
    """The DOM of ``page`` as headless Chromium builds it, and every request the page
    made over the network (from Chromium's net log). Name resolution is disabled,
    so even a request that is made goes nowhere."""
    run = tmp_path / f"run-{len(list(tmp_path.glob('run-*')))}"
    run.mkdir()
    netlog = run / "net.json"
    result = run_chromium(
        run,
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}",
        "--dump-dom",
        page.as_uri(),
    )
    assert "</html>" in result.stdout, result.stderr[-2000:]
    return result.stdout, _page_requests(netlog)


def _page_requests(netlog: Path) -> list[str]:
    """URLs of network requests made on behalf of a page opened from a file.

    The browser's own background requests (update checks and the like) carry no
    page: their isolation key and initiator do not name a file:// page.
    """
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event.get("type") != start or "url" not in params:
            continue
        key = str(params.get("network_isolation_key", ""))
        if "file://" in key or params.get("initiator") == "null":
            urls.append(params["url"])
    return urls


@needs_chromium
def test_the_request_log_sees_a_page_that_loads_something(tmp_path: Path) -> None:
    """The check below would be empty if the log missed requests: here one is made."""
    page = tmp_path / "control.html"
    page.write_text(
        '<!DOCTYPE html><html><body><p>x</p><img src="http://resvcs.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    _, requests = _open_offline(tmp_path, page)
    assert requests == ["http://resvcs.invalid/x.png"]


@needs_chromium
def test_the_dossier_opens_offline_with_no_request(
    story: Repository, dossier: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    out, _ = dossier
    clause = story.document(SLUG).find("¶13")
    checks = {
        out / "index.html": ["Проверка пройдена: 2 версии, 2 решения.", "Досье составлено resvcs"],
        out / "versions" / "v1.html": ["Импорт текста", "организовать взаимный обмен"],
        out / "clauses" / f"{clause.id}.html": ["История пункта ¶13", "<del>СФЗО</del>"],
        out / "amendments.html": ["Пункт нужен"],
    }
    for page, expected in checks.items():
        dom, requests = _open_offline(tmp_path, page)
        assert requests == [], f"{page} made requests: {requests}"
        assert dom.rstrip().endswith("</html>")
        for text in expected:
            assert text in dom, f"{text!r} is not in {page}"
        assert "<script" not in dom
