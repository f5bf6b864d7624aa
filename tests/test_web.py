"""The web app in process (Starlette's test client): pages, actions as the signed-in
person, the rules of the command line, many people at once, and the security checks:
sessions, CSRF tokens, roles, hostile addresses, cookie flags, the login limit."""

from __future__ import annotations

import html
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from resolution_vcs.accounts import Accounts
from resolution_vcs.amend import delete_clause, replace_words
from resolution_vcs.present.amendments import amendment_wording
from resolution_vcs.records import Status
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.web.app import create_app
from resolution_vcs.web.site import Settings

from .conftest import CHAIR, DATE
from .web_support import (
    OLGA,
    PASSWORDS,
    PAVEL,
    READER,
    SECRETARY,
    SLUG,
    commits,
    csrf_of,
    make_council,
    sign_in,
)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_council(tmp_path_factory.mktemp("web") / "council")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return make_council(tmp_path / "council")


def client_for(root: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(root=root, **settings)), follow_redirects=False)  # type: ignore[arg-type]


@pytest.fixture
def app(fresh: Path) -> Iterator[TestClient]:
    with client_for(fresh) as client:
        yield client


def _clause_id(root: Path, label: str) -> str:
    with Repository.open(root) as repo:
        return repo.document(SLUG).find(label).id


def _base(root: Path) -> str:
    with Repository.open(root) as repo:
        head = repo.store.head()
        assert head is not None
        return head


def _statuses(root: Path) -> dict[int, Status]:
    with Repository.open(root) as repo:
        return {n.number: n.amendment.status for n in repo.amendments(SLUG)}


def propose_words(
    client: TestClient, csrf: str, root: Path, label: str, old: str, new: str, **extra: str
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/d/{SLUG}/propose",
        data={
            "csrf": csrf,
            "base": extra.pop("base", _base(root)),
            "clause": _clause_id(root, label),
            "kind": "words",
            "old": old,
            "new": new,
            **extra,
        },
    )


def propose_on_the_command_line(root: Path, who: str) -> None:
    """Amendment 1 (other words in clause 5), made outside the server."""
    with Repository.open(root) as repo:
        doc = repo.document(SLUG)
        repo.propose(
            SLUG,
            [[replace_words(doc, "5", "Опыт создания", "Опыт открытия")]],
            author=Person.parse(who),
        )


# -- reading ----------------------------------------------------------------------------------


def test_pages_need_a_session_unless_public_read(council: Path) -> None:
    with client_for(council) as client:
        response = client.get(f"/d/{SLUG}")
        assert response.status_code == 403 and "Войти" in response.text
        assert SLUG not in client.get("/").text  # the sign-in form, not the list
    with client_for(council, public_read=True) as client:
        page = client.get(f"/d/{SLUG}").text
        assert page.count('class="clause') == 29 and "Опыт создания" in page
        # Reading is open; writing is not.
        token = csrf_of(client.get("/login").text)
        refused = client.post(f"/d/{SLUG}/propose", data={"csrf": token, "kind": "delete"})
        assert refused.status_code == 403


def test_every_page_renders(council: Path) -> None:
    clause = _clause_id(council, "5")
    with client_for(council) as client:
        sign_in(client, READER)
        for path in (
            "/",
            f"/d/{SLUG}",
            f"/d/{SLUG}/c/{clause}",
            f"/d/{SLUG}/c/5",
            f"/d/{SLUG}/amendments",
            f"/d/{SLUG}/amendments?status=pending&author=olga&clause=5",
            f"/d/{SLUG}/review",
            f"/d/{SLUG}/upload",
            f"/d/{SLUG}/log",
            f"/d/{SLUG}/history/{clause}",
            f"/d/{SLUG}/blame",
            f"/d/{SLUG}/diff?from=v1&to=v1",
            "/static/app.css",
            "/static/app.js",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
        # A reader sees no form that writes (only signing out and the filters).
        text = client.get(f"/d/{SLUG}/c/5").text
        assert 'action="/d/' not in text
        docx = client.get(f"/d/{SLUG}/download/amendments.docx")
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        md = client.get(f"/d/{SLUG}/download/text.md")
        with Repository.open(council) as repo:
            assert md.text == repo.text(SLUG)
        assert client.get(f"/d/{SLUG}/download/dossier.zip").content[:2] == b"PK"
        # The review and the amendment list also as JSON, as the command line prints them.
        assert client.get(f"/d/{SLUG}/review?format=json").json() == []
        assert client.get(f"/d/{SLUG}/amendments?format=json&status=pending").json() == []


def test_the_interface_speaks_the_persons_language(council: Path) -> None:
    with client_for(council, public_read=True) as client:
        assert "Поправки" in client.get(f"/d/{SLUG}").text
        english = client.get(f"/d/{SLUG}", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
        assert "Amendments" in english and '<html lang="en">' in english
        assert '<html lang="uk">' in client.get(f"/d/{SLUG}?lang=uk").text
        # The choice is kept for the next pages, whatever the browser says.
        later = client.get(f"/d/{SLUG}/review", headers={"Accept-Language": "en"}).text
        assert '<html lang="uk">' in later and "Розгляд" in later


@pytest.mark.parametrize(
    "path",
    [
        "/d/nonexistent",
        "/d/../../etc/passwd",
        "/d/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        f"/d/{SLUG}/c/..%2F..%2F.git%2Fconfig",
        f"/d/{SLUG}/c/zzzz",
        f"/d/{SLUG}/a/999",
        f"/d/{SLUG}/a/..%2f..%2fresvcs.toml",
        f"/d/{SLUG}/a/-1",
        f"/d/{SLUG}/history/%00",
        f"/d/{SLUG}/diff?from=--output=/tmp/x&to=HEAD",
        f"/d/{SLUG}/diff?from=v1&to=..%2F..%2Fetc",
        f"/d/{SLUG}/download/..%2F..%2F.git%2Fresvcs%2Faccounts.json",
        f"/d/{SLUG}/download/accounts.json",
        "/static/../../.git/resvcs/accounts.json",
        "/static/%2e%2e/%2e%2e/accounts.py",
        "/D/" + SLUG,
    ],
)
def test_hostile_addresses_are_404(council: Path, path: str) -> None:
    with client_for(council) as client:
        sign_in(client, READER)
        response = client.get(path)
        assert response.status_code == 404, response.text
        assert "argon2" not in response.text and "[core]" not in response.text


# -- writing ----------------------------------------------------------------------------------


def test_propose_and_decide_as_the_signed_in_person(app: TestClient, fresh: Path) -> None:
    token = sign_in(app, PAVEL)
    made = propose_words(
        app, token, fresh, "5", "Опыт создания", "Опыт открытия", rationale="Точнее"
    )
    assert made.status_code == 303 and made.headers["location"] == f"/d/{SLUG}/a/1"
    page = app.get("/d/bibliomodel-2022/a/1").text
    assert "Предложена поправка 1." in page and "Точнее" in page and "<ins>открытия</ins>" in page
    with Repository.open(fresh) as repo:  # the drafting language, as the library words it
        wording = amendment_wording(repo, SLUG, repo.amendment(SLUG, "1").amendment)
    assert wording.startswith("В пункте 5") and html.escape(wording, quote=False) in page
    (item,) = app.get(f"/d/{SLUG}/review?format=json").json()
    assert (item["number"], item["author"], item["applies"]) == (1, PAVEL, True)
    (listed,) = app.get(f"/d/{SLUG}/amendments?format=json&author=pavel").json()
    assert listed["rationale"] == "Точнее" and listed["labels"] == ["5"]
    author = subprocess.run(
        ["git", "-C", str(fresh), "log", "-1", "--format=%an <%ae>"], capture_output=True, text=True
    ).stdout.strip()
    assert author == PAVEL
    # An editor may not decide: 403, nothing written.
    before = commits(fresh)
    refused = app.post(f"/d/{SLUG}/a/1/accept", data={"csrf": token})
    assert refused.status_code == 403 and commits(fresh) == before
    # The chair may.
    app.cookies.clear()
    token = sign_in(app, CHAIR)
    review = app.get(f"/d/{SLUG}/review").text
    assert 'id="accept-1"' in review
    accepted = app.post(
        f"/d/{SLUG}/a/1/accept", data={"csrf": token, "return": f"/d/{SLUG}/review"}
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/d/{SLUG}/review"
    assert "Поправка 1 принята. Текст теперь v2." in app.get(f"/d/{SLUG}/review").text
    trailers = subprocess.run(
        ["git", "-C", str(fresh), "log", "-1", "--format=%an%n%(trailers)"],
        capture_output=True,
        text=True,
    ).stdout
    assert trailers.startswith("Anna Chair") and f"Chair: {CHAIR}" in trailers
    assert _statuses(fresh) == {1: Status.ACCEPTED}


def test_a_form_sent_against_an_older_text(app: TestClient, fresh: Path) -> None:
    """Applied three-way where it still fits; refused, with what was typed kept, where not."""
    token = sign_in(app, OLGA)
    seen = _base(fresh)
    with Repository.open(fresh) as repo:  # meanwhile, on the command line
        doc = repo.document(SLUG)
        (n,) = repo.propose(
            SLUG,
            [[replace_words(doc, "5", "Опыт создания", "Опыт открытия")]],
            author=Person.parse(PAVEL),
        )
        repo.accept(SLUG, [n.id], chair=Person.parse(CHAIR))
    fits = propose_words(app, token, fresh, "5", "лучшие практики", "лучшие примеры", base=seen)
    assert fits.status_code == 303
    stale = propose_words(
        app,
        token,
        fresh,
        "5",
        "Опыт создания",
        "Практика создания",
        base=seen,
        rationale="Моё обоснование",
    )
    assert stale.status_code == 409
    assert "The text changed after you opened it" in stale.text
    assert "Моё обоснование" in stale.text and "Практика создания" in stale.text
    assert "Опыт открытия" in stale.text  # the current wording is shown
    # The change the text came to have meanwhile: explained as such, not as a change of nothing.
    done = propose_words(app, token, fresh, "5", "Опыт создания", "Опыт открытия", base=seen)
    assert done.status_code == 409
    assert "it already reads as the amendment would make it" in html.unescape(done.text)
    assert sorted(_statuses(fresh)) == [1, 2]


def test_a_clause_pages_forms_are_made_against_the_text_it_shows(
    app: TestClient, fresh: Path
) -> None:
    """A commit that lands between reading the document's facts and the clause: the
    forms carry the commit of the wording shown, so words taken from it apply."""
    token = sign_in(app, OLGA)
    site = app.app.state.site  # type: ignore[attr-defined]
    read = site.memo
    landed: list[str] = []

    async def memo(key, fn, **options):  # type: ignore[no-untyped-def]
        value = await read(key, fn, **options)
        if key == ("doc", SLUG) and not landed:  # meanwhile, on the command line
            propose_on_the_command_line(fresh, PAVEL)
            with Repository.open(fresh) as repo:
                repo.accept(SLUG, ["1"], chair=Person.parse(CHAIR))
                landed.append(repo.versions(SLUG)[-1].commit)
        return value

    site.memo = memo
    page = app.get(f"/d/{SLUG}/c/{_clause_id(fresh, '5')}")
    assert landed and "Опыт открытия" in page.text
    base = re.search(r'name="base" value="([0-9a-f]{40})"', page.text)
    assert base is not None and base.group(1) == landed[0]
    site.memo = read
    made = propose_words(app, token, fresh, "5", "Опыт открытия", "Опыт работы", base=landed[0])
    assert made.status_code == 303


HEAD_RE = re.compile(r'<body data-head="([0-9a-f]*)"')


def _review_seen(client: TestClient) -> tuple[str, set[int]]:
    """The commit a review page says it shows, and the amendments it lists."""
    seen = client.get(f"/d/{SLUG}/review").text
    head = HEAD_RE.search(seen)
    assert head is not None
    return head.group(1), {int(n) for n in re.findall(r'<article[^>]* id="a-(\d+)"', seen)}


def test_a_reader_after_a_write_gets_the_new_states_review(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer makes the review of the commit it made before it answers: the
    reader who comes next finds it made (nobody reads makes it again), and it is that
    commit's, never the one kept for the commit before."""
    from resolution_vcs.web import pages

    made: list[str] = []
    review_page = pages.review_page

    def counted(repo: Repository, slug: str) -> object:
        made.append(threading.current_thread().name)
        return review_page(repo, slug)

    monkeypatch.setattr(pages, "review_page", counted)
    kept = fresh / ".git" / "resvcs" / "cache" / "review"
    on_disk = sorted(kept.rglob("*"))
    with client_for(fresh, watch_every=3600) as client:
        token = sign_in(client, OLGA)
        assert _review_seen(client) == (_base(fresh), set())  # the state before, kept
        done = propose_words(client, token, fresh, "5", "Опыт создания", "Опыт открытия")
        assert done.status_code == 303
        written = len(made)
        assert written and all(name.startswith("resvcs-write") for name in made)
        assert _review_seen(client) == (_base(fresh), {1})
        assert len(made) == written  # made by the writer before it answered
        token = sign_in(client, CHAIR)
        decided = client.post(f"/d/{SLUG}/a/1/accept", data={"csrf": token})
        assert decided.status_code == 303
        assert _review_seen(client) == (_base(fresh), set())
        assert "Опыт открытия" in client.get(f"/d/{SLUG}").text  # the text page's new chunks
        assert len(made) > written and all(name.startswith("resvcs-write") for name in made)
    assert sorted(kept.rglob("*")) == on_disk  # kept by the server, not written to .git


def test_a_commit_made_elsewhere_is_reviewed_once_for_all_its_readers(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit of the command line, not yet seen by the server's watcher: the readers
    who ask at once get its review, made once for all of them."""
    from resolution_vcs.web import pages

    made: list[str] = []
    review_page = pages.review_page

    def counted(repo: Repository, slug: str) -> object:
        made.append(slug)
        return review_page(repo, slug)

    monkeypatch.setattr(pages, "review_page", counted)
    readers = 4
    with client_for(fresh, watch_every=3600) as client:
        sign_in(client, CHAIR)
        assert _review_seen(client) == (_base(fresh), set())
        before = len(made)
        propose_on_the_command_line(fresh, PAVEL)
        start = threading.Barrier(readers)
        seen: list[tuple[str, set[int]]] = []

        def read() -> None:
            start.wait()
            seen.append(_review_seen(client))

        threads = [threading.Thread(target=read) for _ in range(readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen == [(_base(fresh), {1})] * readers
        assert len(made) == before + 1


def test_while_a_write_is_under_way_readers_get_the_state_before_it_labelled_so(
    fresh: Path,
) -> None:
    """Until a write is answered, readers are answered for the commit before it, and
    the review says it is that commit's; once answered, the new commit's."""
    import asyncio

    from resolution_vcs.web import pages
    from resolution_vcs.web.site import Site

    before = _base(fresh)
    committed, finish = threading.Event(), threading.Event()

    def write(repo: Repository) -> None:
        doc = repo.document(SLUG)
        repo.propose(
            SLUG,
            [[replace_words(doc, "5", "Опыт создания", "Опыт открытия")]],
            author=Person.parse(PAVEL),
        )
        committed.set()
        finish.wait()  # set by the scenario, also when it fails

    async def scenario() -> tuple[object, object, object, object]:
        site = Site(Settings(root=fresh, watch_every=3600))
        site.prepare = pages.prepare
        try:
            await pages.warm(site)
            loop = asyncio.get_running_loop()
            writing = asyncio.ensure_future(site.write(write, slug=SLUG))
            await loop.run_in_executor(None, committed.wait)
            # Russian was made ready when the server started; English was not: it is
            # made now, for whichever commit the branch is at, and says which.
            during = await site.memo(*pages.review_pieces(site, SLUG, "ru", "chair"))
            unready = await site.memo(*pages.review_pieces(site, SLUG, "en", "chair"))
            finish.set()
            await writing
            after = await site.memo(*pages.review_pieces(site, SLUG, "ru", "chair"))
            return during, unready, after, site.published
        finally:
            finish.set()
            site.close()

    during, unready, after, published = asyncio.run(scenario())
    assert isinstance(during, pages.ReviewPieces) and isinstance(after, pages.ReviewPieces)
    assert isinstance(unready, pages.ReviewPieces)
    assert during.head == before and 'id="a-1"' not in during.html("", "t")
    assert ('id="a-1"' in unready.html("", "t")) == (unready.head != before)
    assert after.head == _base(fresh) == published != before
    assert 'id="a-1"' in after.html("", "t")


def test_the_review_pages_buttons_are_each_persons_own(fresh: Path) -> None:
    """The review page is made of pieces kept for everyone; the buttons are the
    person's: a chair's carry their own CSRF token, an editor sees none."""
    propose_on_the_command_line(fresh, PAVEL)
    with client_for(fresh) as chair, client_for(fresh) as editor:
        chair_token, editor_token = sign_in(chair, CHAIR), sign_in(editor, OLGA)
        for _ in range(2):  # made, then served from what was kept
            seen = chair.get(f"/d/{SLUG}/review").text
            assert 'id="accept-1"' in seen and 'id="reject-1"' in seen
            assert set(re.findall(r'name="csrf" value="([^"]+)"', seen)) == {chair_token}
            other = editor.get(f"/d/{SLUG}/review").text
            assert "открытия" in other and 'id="accept-1"' not in other
            assert chair_token not in other and "csrf-slot" not in seen + other
        assert editor_token != chair_token


def test_two_chairs_decide_the_same_amendment_at_once(fresh: Path) -> None:
    propose_on_the_command_line(fresh, PAVEL)
    with client_for(fresh) as first, client_for(fresh) as second:
        tokens = [sign_in(first, CHAIR), sign_in(second, CHAIR)]
        start = threading.Barrier(2)
        results: list[object] = [None, None]

        def decide(i: int, client: TestClient, action: str) -> None:
            start.wait()
            data = {"csrf": tokens[i], "reason": "Так решили"}
            results[i] = client.post(f"/d/{SLUG}/a/1/{action}", data=data)

        threads = [
            threading.Thread(target=decide, args=(0, first, "accept")),
            threading.Thread(target=decide, args=(1, second, "reject")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    codes = sorted(r.status_code for r in results)  # type: ignore[attr-defined]
    assert codes == [303, 409]
    loser = next(r for r in results if r.status_code == 409)  # type: ignore[attr-defined]
    assert (
        "решение уже принято другим" in loser.text and "a decision cannot be changed" in loser.text
    )
    status = _statuses(fresh)[1]
    assert status in (Status.ACCEPTED, Status.REJECTED)
    assert f"status-{status}" in loser.text or f"s-{status}" in loser.text  # the state now
    decisions = subprocess.run(
        [
            "git",
            "-C",
            str(fresh),
            "log",
            "--format=%s",
            "--grep=Resvcs-Action: acceptance",
            "--grep=Resvcs-Action: rejection",
        ],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert len(decisions) == 1


def test_the_command_line_may_act_while_the_server_runs(app: TestClient, fresh: Path) -> None:
    token = sign_in(app, CHAIR)
    assert "Ни одна поправка не ждёт решения" in app.get(f"/d/{SLUG}/review").text
    propose_on_the_command_line(fresh, PAVEL)
    assert 'id="accept-1"' in app.get(f"/d/{SLUG}/review").text
    assert app.post(f"/d/{SLUG}/a/1/accept", data={"csrf": token}).status_code == 303
    assert _statuses(fresh) == {1: Status.ACCEPTED}


# -- security --------------------------------------------------------------------------------


#: Every writing route, with a form that would do something if it were allowed.
def _writes(root: Path) -> list[tuple[str, dict[str, str]]]:
    clause = _clause_id(root, "5")
    base = _base(root)
    words = {"base": base, "clause": clause, "kind": "words", "old": "Опыт", "new": "Практика"}
    return [
        (f"/d/{SLUG}/propose", words),
        (f"/d/{SLUG}/propose-copy", {}),
        (f"/d/{SLUG}/a/1/accept", {"reason": "x"}),
        (f"/d/{SLUG}/a/1/reject", {"reason": "x"}),
        (f"/d/{SLUG}/a/1/withdraw", {"reason": "x"}),
        (f"/d/{SLUG}/a/1/resolve", {"text": "x"}),
        (f"/d/{SLUG}/adopt", {"final_status": "", "lapse": "on"}),
    ]


def test_writing_routes_refuse_without_session_csrf_or_role(fresh: Path) -> None:
    propose_on_the_command_line(fresh, OLGA)
    before = commits(fresh)
    with client_for(fresh) as client:
        anonymous_token = csrf_of(client.get("/login").text)
        for path, data in _writes(fresh):
            # Without a session (with or without a token): refused.
            assert client.post(path, data=data).status_code == 403, path
            assert client.post(path, data={**data, "csrf": anonymous_token}).status_code == 403, (
                path
            )
        token = sign_in(client, PAVEL)
        for path, data in _writes(fresh):
            assert client.post(path, data=data).status_code == 403, path  # no token
            wrong = {**data, "csrf": token[:-2] + "xx"}
            assert client.post(path, data=wrong).status_code == 403, path
        chair_only = [w for w in _writes(fresh) if w[0].endswith(("/accept", "/reject", "/adopt"))]
        for path, data in chair_only:  # an editor lacks the right
            assert client.post(path, data={**data, "csrf": token}).status_code == 403, path
        # Pavel is not Olga: he may not withdraw or resolve her amendment.
        withdraw = client.post(f"/d/{SLUG}/a/1/withdraw", data={"csrf": token})
        assert withdraw.status_code == 403 and "Only the author" in withdraw.text
        client.cookies.clear()
        token = sign_in(client, READER)
        for path, data in _writes(fresh):  # a reader may write nothing
            assert client.post(path, data={**data, "csrf": token}).status_code == 403, path
        # A token from another session does not fit this one.
        with client_for(fresh) as other:
            other_token = sign_in(other, CHAIR)
        client.cookies.clear()
        sign_in(client, CHAIR)
        stolen = client.post(f"/d/{SLUG}/a/1/accept", data={"csrf": other_token})
        assert stolen.status_code == 403
    assert commits(fresh) == before
    assert _statuses(fresh) == {1: Status.PROPOSED}


def test_the_rules_of_the_command_line_hold_on_the_web(app: TestClient, fresh: Path) -> None:
    """An amendment that changes nothing is refused; an address naming a range or a
    list of amendments names none; a chair is a chair by name and email together."""
    propose_on_the_command_line(fresh, PAVEL)
    propose_on_the_command_line(fresh, OLGA)
    before = commits(fresh)
    token = sign_in(app, PAVEL)
    same = propose_words(app, token, fresh, "1", "план", "план")
    assert same.status_code == 400 and "change nothing" in html.unescape(same.text)
    throughout = app.post(
        f"/d/{SLUG}/propose",
        data={"csrf": token, "base": _base(fresh), "kind": "throughout"}
        | {"old": "Форума", "new": "Форума"},
    )
    assert throughout.status_code == 400 and "change nothing" in html.unescape(throughout.text)
    assert app.post(f"/d/{SLUG}/a/1-2/withdraw", data={"csrf": token}).status_code == 404
    app.cookies.clear()
    token = sign_in(app, CHAIR)
    for ref in ("1-2", "1,2"):
        for action in ("accept", "reject"):
            answer = app.post(f"/d/{SLUG}/a/{ref}/{action}", data={"csrf": token, "reason": "x"})
            assert answer.status_code == 404, (ref, action)
    # Mallory signs in with the chair's email as her login: she is no chair.
    app.cookies.clear()
    with Repository.open(fresh) as repo:
        accounts = Accounts(repo.store.git_dir)
        accounts.remove(Person.parse(CHAIR).email)
        accounts.add(Person("Mallory", Person.parse(CHAIR).email), "chair", "mallory-pass-5X")
    login = csrf_of(app.get("/login").text)
    app.post(
        "/login",
        data={"csrf": login, "login": Person.parse(CHAIR).email, "password": "mallory-pass-5X"},
    )
    token = csrf_of(app.get("/").text)
    assert app.post(f"/d/{SLUG}/a/1/accept", data={"csrf": token}).status_code == 403
    assert commits(fresh) == before
    assert _statuses(fresh) == {1: Status.PROPOSED, 2: Status.PROPOSED}


def test_a_background_refresh_leaves_the_message_to_the_next_page(
    app: TestClient, fresh: Path
) -> None:
    """A page refreshing itself while a form's answer is on its way neither takes the
    message meant for the next page nor writes back the session it was sent with."""
    propose_on_the_command_line(fresh, PAVEL)
    token = sign_in(app, CHAIR)
    stale = dict(app.cookies)  # the session as the open page's refresh carries it
    assert app.post(f"/d/{SLUG}/a/1/accept", data={"csrf": token}).status_code == 303
    refresh = app.get(f"/d/{SLUG}/review", headers={"X-Resvcs-Live": "1"})
    assert refresh.status_code == 200 and "Поправка 1 принята" not in refresh.text
    assert "set-cookie" not in refresh.headers
    current = dict(app.cookies)
    app.cookies = stale  # the late refresh is sent with the session as it was
    late = app.get(f"/d/{SLUG}/review", headers={"X-Resvcs-Live": "1"})
    assert late.status_code == 200 and "set-cookie" not in late.headers
    app.cookies = current
    assert "Поправка 1 принята. Текст теперь v2." in app.get(f"/d/{SLUG}/review").text


def test_cookie_flags_and_logout(council: Path) -> None:
    with client_for(council) as client:
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login",
            data={"csrf": token, "login": "rita@example.org", "password": PASSWORDS[READER]},
        )
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
        assert re.search(r"max-age=\d+", cookie) and "secure" not in cookie
        token = csrf_of(client.get("/").text)
        assert "Rita Reader" in client.get("/").text
        client.post("/logout", data={"csrf": token})
        assert client.get(f"/d/{SLUG}").status_code == 403
    with client_for(council, secure_cookies=True) as client:
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login",
            data={"csrf": token, "login": "rita@example.org", "password": PASSWORDS[READER]},
        )
        assert "secure" in response.headers["set-cookie"].lower()


def test_a_new_password_ends_the_sessions(fresh: Path) -> None:
    from resolution_vcs.accounts import Accounts

    with client_for(fresh) as client:
        sign_in(client, READER)
        assert client.get(f"/d/{SLUG}").status_code == 200
        with Repository.open(fresh) as repo:
            Accounts(repo.store.git_dir).set_password("rita@example.org", "a brand new password")
        assert client.get(f"/d/{SLUG}").status_code == 403


def test_login_attempts_are_limited(fresh: Path) -> None:
    with client_for(fresh) as client:
        token = csrf_of(client.get("/login").text)
        for _ in range(5):
            wrong = client.post(
                "/login",
                data={"csrf": token, "login": "rita@example.org", "password": "guess-guess"},
            )
            assert wrong.status_code == 401 and "Неверная почта или пароль" in wrong.text
        right = client.post(
            "/login",
            data={"csrf": token, "login": "rita@example.org", "password": PASSWORDS[READER]},
        )
        assert right.status_code == 429 and "Слишком много попыток" in right.text
        # Another account from the same address is limited too (the address is counted).
        other = client.post(
            "/login",
            data={"csrf": token, "login": "pavel@example.org", "password": PASSWORDS[PAVEL]},
        )
        assert other.status_code == 429


def test_passwords_are_in_no_page_commit_or_file_of_the_tree(fresh: Path) -> None:
    with client_for(fresh) as client:
        pages = []
        for who in (CHAIR, SECRETARY, PAVEL):
            client.cookies.clear()
            token = sign_in(client, who)
            pages += [client.get(p).text for p in ("/", f"/d/{SLUG}", f"/d/{SLUG}/review")]
            propose_words(client, token, fresh, "5", "Опыт", "Практика")
    history = subprocess.run(
        ["git", "-C", str(fresh), "log", "-p", "--all"], capture_output=True, text=True
    ).stdout
    tree = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in fresh.rglob("*")
        if p.is_file() and ".git" not in p.parts
    )
    for password in PASSWORDS.values():
        for text in (*pages, history, tree):
            assert password not in text


def test_serve_binds_loopback_and_logs_no_password(fresh: Path) -> None:
    from .web_support import serving

    with serving(fresh) as server:
        assert server.url.startswith("http://127.0.0.1:")
        import httpx2 as httpx

        with httpx.Client(base_url=server.url, follow_redirects=False) as client:
            token = sign_in(client, CHAIR)
            client.post(
                "/login",
                data={"csrf": token, "login": "chair@example.org", "password": "wrong-password!"},
            )
        log = server.stop()
    assert "GET /login" in log or "POST /login" in log
    for password in PASSWORDS.values():
        assert password not in log


def test_review_says_what_accepting_renumbers(tmp_path: Path) -> None:
    """Under each amendment the review page states what accepting it renumbers, the
    references it rewrites and those it leaves citing an item it deletes, as the
    library's review finds them, in the reader's language."""
    root = make_council(tmp_path / "council", seed=False)
    three = (
        "РЕШЕНИЕ\n\n1. Утвердить план.\n2. Создать рабочую группу.\n"
        "3. Рабочей группе в соответствии с пунктом 2 подготовить доклад.\n"
    )
    pavel = Person.parse(PAVEL)
    with Repository.open(root) as repo:
        repo.import_document(three.encode(), source="d.txt", slug="d", author=pavel, date=DATE)
        repo.propose(
            "d", [[repo.insertion("d", "2", "Выделить средства.", "before")]], author=pavel
        )
        repo.propose("d", [[delete_clause(repo.document("d"), "2")]], author=pavel)
        found = {i.amendment.number: i.consequences for i in repo.review("d")}
    inserting, deleting = found[1], found[2]
    assert inserting.renumbered and inserting.references and deleting.dangling
    with client_for(root, public_read=True) as client:
        pages = {lang: client.get(f"/d/d/review?lang={lang}").text for lang in ("ru", "en")}
    articles = {
        (lang, int(n)): html.unescape(body)
        for lang, page in pages.items()
        for n, body in re.findall(r'<article[^>]* id="a-(\d+)">(.*?)</article>', page, re.S)
    }
    pairs = ", ".join(str(r) for r in inserting.renumbered)
    (change,) = inserting.references
    assert f"Пункты перенумеровываются: {pairs}." in articles["ru", 1]
    assert f"Ссылка в пункте 3 изменится: {change}." in articles["ru", 1]
    assert f"Items are renumbered: {pairs}." in articles["en", 1]
    assert f"The reference in clause 3 is updated: {change}." in articles["en", 1]
    (dangling,) = deleting.dangling
    assert (
        f"В пункте 3 ссылка «{dangling.reference}» указывает на исключаемый пункт "
        f"{dangling.number}: она останется как есть." in articles["ru", 2]
    )
    assert "Ссылка в пункте" not in articles["ru", 2]


def test_a_ukrainian_documents_redlines_speak_ukrainian(tmp_path: Path) -> None:
    """The pages show a Ukrainian document's redlines in Ukrainian ("додано", not
    "добавлен"), as the command line and the Word files do."""
    from resolution_vcs.present.i18n import t

    root = make_council(tmp_path / "council", seed=False)
    pavel = Person.parse(PAVEL)
    text = "РІШЕННЯ\n\n1. Затвердити план.\n2. Створити робочу групу відповідно до пункту 1.\n"
    with Repository.open(root) as repo:
        repo.import_document(text.encode(), source="d.txt", slug="d", author=pavel, date=DATE)
        assert repo.language("d") == "uk"
        repo.propose("d", [[repo.insertion("d", "1", "Новий.", "before")]], author=pavel)
    with client_for(root, public_read=True) as client:
        review = client.get("/d/d/review").text
        amendment = client.get("/d/d/a/1").text
    for page in (review, amendment):
        assert '<div class="redline" lang="uk">' in page
        assert t("kind.added", "uk") in page and t("kind.renumbered", "uk") in page
