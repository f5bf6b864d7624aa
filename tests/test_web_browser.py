"""The meeting in a real browser: the story of ``make demo`` played through the pages of
``resvcs serve`` by four accounts (the secretary, two editors and the chair), ending with
the text of tests/expected/demo-final.md; the chair's review page used with the keyboard
only; pages updated while someone types without losing what they typed; the pages at
375 px wide; screenshots of the main pages for people to look at.

Playwright drives Debian's Chromium (its own browser download is not used). Every wait
is for something the page shows, never for a length of time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from resolution_vcs.repository import Repository

from .browser import chromium
from .conftest import CHAIR, ROOT
from .web_support import OLGA, PASSWORDS, PAVEL, SECRETARY, SLUG, Server, login_of, make_council

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")

EXPECTED = ROOT / "tests" / "expected" / "demo-final.md"
#: Where the screenshots go (RESVCS_SCREENSHOTS=docs/screenshots refreshes the README's).
SHOTS = Path(os.environ.get("RESVCS_SCREENSHOTS", ROOT / "build" / "screenshots"))
#: Waits are for events; this only bounds how long a broken page may hang the suite
#: (ten minutes: far beyond any event on a busy machine).
EVENT_TIMEOUT = 600_000
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = make_council(tmp_path_factory.mktemp("story") / "forum")
    server = Server(root)
    yield server
    server.stop()


class Person:
    """One account in a browser window of its own."""

    def __init__(self, browser: Any, server: Server, who: str, width: int = 1280) -> None:
        self.server = server
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="ru-RU", accept_downloads=True
        )
        self.context.set_default_timeout(EVENT_TIMEOUT)
        self.page = self.context.new_page()
        self.page.goto(f"{server.url}/login")
        self.page.fill("input[name=login]", login_of(who))
        self.page.fill("input[name=password]", PASSWORDS[who])
        self.page.click("form.card button[type=submit]")
        self.page.wait_for_selector(".who")

    def go(self, path: str) -> Any:
        self.page.goto(self.server.url + path)
        return self.page

    def flash(self) -> str:
        return str(self.page.inner_text(".flash"))

    def close(self) -> None:
        self.context.close()


def clause_page(person: Person, label: str) -> Any:
    """Open a clause's forms the way a reader does: from its pencil in the text."""
    page = person.go(f"/d/{SLUG}")
    page.click(f"section.clause:has(a.label:text-is('{label}')) a.amend")
    page.wait_for_selector("h1:has-text('Пункт')")
    return page


def tab_to(page: Any, test: str, limit: int = 400) -> None:
    """Press Tab until the focused element passes ``test`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def keyboard_press(page: Any, element_id: str) -> None:
    """Reach a button with Tab alone and press Enter; wait for the next page."""
    tab_to(page, f"el.id === {element_id!r}")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def shoot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_the_demo_story_through_the_pages(browser: Any, server: Server, tmp_path: Path) -> None:
    # The secretary fixes the region's abbreviation everywhere (amendment 1).
    maria = Person(browser, server, SECRETARY)
    page = maria.go(f"/d/{SLUG}/upload")
    form = page.locator("form:has(input[value=throughout])")
    form.locator("input[name=old]").fill("СФЗО")
    form.locator("input[name=new]").fill("СЗФО")
    form.locator("textarea[name=rationale]").fill(
        "Опечатка: Северо-Западный федеральный округ — СЗФО."
    )
    form.locator("button").click()
    page.wait_for_selector("h1:has-text('Поправка 1')")
    maria.close()

    # Pavel proposes a new recommendation after ¶12.1 (2) and other words in ¶9 (3).
    pavel = Person(browser, server, PAVEL)
    page = clause_page(pavel, "¶12.1")
    page.click("summary:has-text('Новый пункт после этого')")
    form = page.locator("form:has(input[name=kind][value=insert])")
    form.locator("textarea[name=text]").fill(
        "предусмотреть в региональных программах средства на обновление фондов модельных библиотек;"
    )
    form.locator("textarea[name=rationale]").fill(
        "Без обновления фондов модернизация библиотек не завершена."
    )
    form.locator("button").click()
    page.wait_for_selector("h1:has-text('Поправка 2')")
    page = clause_page(pavel, "¶9")
    page.click("summary:has-text('Заменить слова')")
    form = page.locator("form:has(input[name=kind][value=words])")
    form.locator("input[name=old]").fill("оффлайн и онлайн")
    form.locator("input[name=new]").fill("очно и дистанционно")
    form.locator("textarea[name=rationale]").fill("Заменить заимствования русскими словами.")
    form.locator("button").click()
    page.wait_for_selector("h1:has-text('Поправка 3')")

    # Olga downloads the text, edits her copy and hands it in (4 and 5).
    olga = Person(browser, server, OLGA)
    page = olga.go(f"/d/{SLUG}/upload")
    text = page.request.get(f"{server.url}/d/{SLUG}/download/text.md").text()
    copy = tmp_path / "olga.md"
    copy.write_text(
        text.replace("Опыт создания, лучшие практики", "Опыт создания и лучшие практики")
        .replace("размещать регулярно информацию", "регулярно размещать информацию")
        .replace("библиотек, в сети Интернет;", "библиотек и в социальных сетях;"),
        encoding="utf-8",
    )
    form = page.locator("form[enctype='multipart/form-data']")
    form.locator("input[type=file]").set_input_files(str(copy))
    form.locator("textarea[name=rationale]").fill("Уточнение формулировок.")
    form.locator("button").click()
    page.wait_for_selector(".flash")
    assert "Предложена поправка 4, 5." in olga.flash()
    olga.close()

    # The chair has the pending list open, and begins a reason to reject amendment 3.
    anna = Person(browser, server, CHAIR)
    watching = anna.context.new_page()
    watching.goto(f"{server.url}/d/{SLUG}/amendments?status=pending")
    watching.wait_for_selector("body[data-live-open]")
    review = anna.go(f"/d/{SLUG}/review")
    review.wait_for_selector("body[data-live-open]")
    review.fill("form[action$='/a/3/reject'] input[name=reason]", "«Оффлайн» и «онлайн» — ")
    shoot(review, "review")

    # Meanwhile Pavel proposes other words for the same place in ¶13.2 (6).
    page = clause_page(pavel, "¶13.2")
    page.click("summary:has-text('Заменить слова')")
    form = page.locator("form:has(input[name=kind][value=words])")
    form.locator("input[name=old]").fill("в сети Интернет")
    form.locator("input[name=new]").fill("на региональных порталах культуры")
    form.locator("textarea[name=rationale]").fill(
        "Сайты и порталы культуры читают чаще, чем «сеть Интернет» вообще."
    )
    form.locator("button").click()
    page.wait_for_selector("h1:has-text('Поправка 6')")
    shoot(page, "amendment")
    pavel.close()

    # Both pages of the chair hear of it: the list shows amendment 6 by itself; the
    # review page keeps her half-typed reason and says the text changed.
    watching.wait_for_selector("a.num:has-text('Поправка 6')")
    review.wait_for_selector("#live-banner:not([hidden])")
    typed = review.input_value("form[action$='/a/3/reject'] input[name=reason]")
    assert typed == "«Оффлайн» и «онлайн» — "
    watching.close()

    # The chair decides with the keyboard alone: accept 1, 2, 4 and 5, reject 3.
    review = anna.go(f"/d/{SLUG}/review")
    for number in (1, 2, 4, 5):
        keyboard_press(review, f"accept-{number}")
        assert f"Поправка {number} принята" in anna.flash()
    assert "Поправка 6 теперь в конфликте" in anna.flash()
    tab_to(review, "el.name === 'reason' && el.form.action.endsWith('/a/3/reject')")
    review.keyboard.type("«Оффлайн» и «онлайн» — общепринятые термины; формат указан верно.")
    keyboard_press(review, "reject-3")
    assert "Поправка 3 отклонена" in anna.flash()

    # Amendment 6 is conflicted: she gives it a wording that joins both, and accepts it.
    assert "в конфликте" in review.inner_text("#a-6")
    tab_to(review, "el.name === 'text' && el.form.action.endsWith('/a/6/resolve')")
    review.keyboard.press("Control+A")
    review.keyboard.type(
        "регулярно размещать информацию об инновационных проектах модельных библиотек на "
        "официальных сайтах муниципальных библиотек, в социальных сетях и на региональных "
        "порталах культуры;"
    )
    keyboard_press(review, "resolve-6")
    assert "Поправка 6 получила новую редакцию" in anna.flash()
    tab_to(review, "el.name === 'reason' && el.form.action.endsWith('/a/6/accept')")
    review.keyboard.type("Объединяет обе поправки.")
    keyboard_press(review, "accept-6")
    assert "Поправка 6 принята" in anna.flash()

    # She adopts the text without its status line.
    tab_to(review, "el.name === 'tag'")
    review.keyboard.type("bibliomodel-2022-adopted")
    keyboard_press(review, "adopt")
    assert "Текст принят: bibliomodel-2022-adopted." in anna.flash()
    shoot(anna.page, "text")
    anna.close()

    with Repository.open(server.root) as repo:
        assert repo.text(SLUG) == EXPECTED.read_text(encoding="utf-8")
        decided = {n.number: str(n.amendment.status) for n in repo.amendments(SLUG)}
        authors = {n.number: n.amendment.author for n in repo.amendments(SLUG)}
    assert decided == {
        1: "accepted",
        2: "accepted",
        3: "rejected",
        4: "accepted",
        5: "accepted",
        6: "accepted",
    }
    assert authors == {1: SECRETARY, 2: PAVEL, 3: PAVEL, 4: OLGA, 5: OLGA, 6: PAVEL}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/d/{SLUG}",
        f"/d/{SLUG}/review",
        f"/d/{SLUG}/amendments",
        f"/d/{SLUG}/c/5",
        f"/d/{SLUG}/log",
        f"/d/{SLUG}/a/1",
    ],
)
def test_pages_fit_a_phone(browser: Any, server: Server, path: str) -> None:
    """At 375 px wide nothing needs sideways scrolling and the type stays large."""
    person = Person(browser, server, CHAIR, width=375)
    try:
        page = person.go(path)
        page.wait_for_selector("main")
        assert no_sideways_scroll(page), path
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
        )
        assert size >= 16
        name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").replace(SLUG, "doc")) or "documents"
        shoot(page, f"phone-{name}")
    finally:
        person.close()
