"""XSS through the web app: the payloads of test_xss_browser.py in a draft's clauses and in
amendment records (proposed wording, rationale, co-sponsors, reasons), every page of
``resvcs serve`` loaded in Chromium: no payload runs, and the payloads are shown as text.

A payload that ran would set ``document.title`` to PWNED or ``data-pwned`` on ``<html>``;
a canary page with a real script shows the check would see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from resolution_vcs.accounts import Accounts
from resolution_vcs.amend import insert_clause, replace_clause
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person

from .browser import chromium
from .conftest import CHAIR, DATE
from .test_web_browser import BROWSER_ARGS, EVENT_TIMEOUT
from .test_xss_browser import JS, PAYLOADS, _batch, _inline, draft
from .web_support import PASSWORDS, Server, login_of

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")

SLUG = "xss"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("webxss") / "council"
    chair = Person.parse(CHAIR)
    repo = Repository.init(root, actor=chair, date=DATE)
    try:
        repo.import_document(draft().encode(), source="v1.md", slug=SLUG, author=chair, date=DATE)
        repo.revise(
            SLUG,
            draft().replace("Пункт", "Положение").encode(),
            source="v2.md",
            author=chair,
            message="Редакция <script>" + JS.replace("{n}", "901") + "</script>",
        )
        doc = repo.document(SLUG)
        hostile = Person("Evil \" onmouseover=x '", "evil@example.org")
        co = Person(_inline(150)[5].replace("<", "").replace(">", ""), "co@example.org")
        (first,) = repo.propose(
            SLUG,
            [[replace_clause(doc, "1", "Новая редакция " + _inline(100)[0])]],
            author=hostile,
            rationale=_batch(200),
            cosponsors=[co],
        )
        (second,) = repo.propose(
            SLUG,
            [[insert_clause(doc, "1", " ".join(_inline(300)))]],
            author=hostile,
            rationale=_batch(400),
        )
        (third,) = repo.propose(
            SLUG,
            [[replace_clause(doc, "3", "Ещё одна редакция")]],
            author=hostile,
            rationale=_batch(500),
        )
        repo.reject(SLUG, [first.id], chair=chair, reason=_batch(600))
        repo.accept(SLUG, [second.id], chair=chair, reason=_batch(800))
        Accounts(repo.store.git_dir).add(chair, "chair", PASSWORDS[CHAIR])
    finally:
        repo.close()
    server = Server(root)
    yield server
    server.stop()


def _pages(server: Server) -> list[str]:
    with Repository.open(server.root) as repo:
        doc = repo.document(SLUG)
        clauses = [c.id for c in doc.clauses[:: max(1, len(doc.clauses) // 12)]]
    pages = [
        "/",
        f"/d/{SLUG}",
        f"/d/{SLUG}/amendments",
        f"/d/{SLUG}/amendments?status=rejected&author=%3Cscript%3E&clause=%22%3E%3Csvg%20onload%3Dx%3E",
        f"/d/{SLUG}/review",
        f"/d/{SLUG}/upload",
        f"/d/{SLUG}/log",
        f"/d/{SLUG}/blame",
        f"/d/{SLUG}/diff?from=v1&to=v2",
        f"/d/{SLUG}/diff?from=v2&to=v3",
        "/login?next=javascript:alert(1)",
        "/d/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]
    pages += [f"/d/{SLUG}/a/{n}" for n in (1, 2, 3)]
    pages += [f"/d/{SLUG}/c/{c}" for c in clauses]
    pages += [f"/d/{SLUG}/history/{c}" for c in clauses[:4]]
    return pages


def _ran(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.title.includes('PWNED') || 'pwned' in document.documentElement.dataset"
        )
    )


@pytest.fixture(scope="module")
def browsed(server: Server) -> Iterator[dict[str, Any]]:
    """Every page loaded in Chromium as the chair (who sees every form): what ran, what shows."""
    results: dict[str, Any] = {}
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=BROWSER_ARGS)
        context = browser.new_context(locale="ru-RU")
        context.set_default_timeout(EVENT_TIMEOUT)
        page = context.new_page()
        page.goto(f"{server.url}/login")
        page.fill("input[name=login]", login_of(CHAIR))
        page.fill("input[name=password]", PASSWORDS[CHAIR])
        page.click("form.card button[type=submit]")
        page.wait_for_selector(".who")
        for path in _pages(server):
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            # Hovering and focusing every element gives event handlers their chance.
            page.evaluate(
                "for (const el of document.querySelectorAll('body *')) {"
                " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                " el.dispatchEvent(new FocusEvent('focus')); }"
            )
            results[path] = {"ran": _ran(page), "text": page.inner_text("body")}
        canary = context.new_page()
        canary.set_content("<script>" + JS.replace("{n}", "1") + "</script>")
        results["canary"] = {"ran": _ran(canary), "text": ""}
        browser.close()
    yield results


def test_the_check_sees_a_script_that_runs(browsed: dict[str, Any]) -> None:
    assert browsed["canary"]["ran"]


def test_no_payload_runs_in_any_page(browsed: dict[str, Any]) -> None:
    ran = [path for path, result in browsed.items() if path != "canary" and result["ran"]]
    assert ran == []


def test_the_payloads_are_shown_as_text(browsed: dict[str, Any]) -> None:
    def squeeze(text: str) -> str:
        return " ".join(text.split())

    text_page = squeeze(browsed[f"/d/{SLUG}"]["text"])
    for n, payload in enumerate(PAYLOADS, 1):
        shown = payload.visible(n)
        if shown and not payload.block:
            assert squeeze(shown.replace("Пункт", "Положение")) in text_page, shown
    rejected = squeeze(browsed[f"/d/{SLUG}/a/1"]["text"])
    for snippet in _inline(200)[:10] + _inline(600)[:10]:
        assert squeeze(snippet) in rejected
