"""The pages (GET): each reads through the library and renders a template.

Names in addresses (documents, clauses, amendments, versions) are checked by the
library before anything is read; a name it does not know is a 404.
"""

from __future__ import annotations

import asyncio
import functools
import io
import tempfile
import zipfile
from collections.abc import AsyncIterator, Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from ..errors import ResolutionError
from ..frozen import frozen
from ..repository import DRAFTS, SLUG_RE, Repository
from .auth import Forbidden, User, current_user
from .i18n import t
from .render import (
    SECURITY_HEADERS,
    context,
    environment,
    page,
    site_of,
    ui_lang,
)
from .site import Site
from .views import (
    STATUSES,
    Kept,
    ReviewEntry,
    amendment_list,
    amendment_page,
    doc_lang,
    review_page,
)

T = TypeVar("T")
#: Clauses rendered per chunk of a streamed text page.
CHUNK = 400


async def reader(request: Request) -> User | None:
    """The signed-in person; without one, reading needs --public-read."""
    user = await current_user(request, site_of(request))
    if user is None and not site_of(request).settings.public_read:
        raise Forbidden("login.needed")
    return user


async def read(request: Request, fn: Callable[[Repository], T], key: Hashable = None) -> T:
    """A library call for a page (kept for the commit under ``key`` when given): a name
    it does not know is a 404."""
    site = site_of(request)
    try:
        return await (site.call(fn) if key is None else site.memo(key, fn))
    except ResolutionError as exc:
        raise HTTPException(404, str(exc)) from None


def checked_slug(request: Request) -> str:
    slug = request.path_params["slug"]
    if not SLUG_RE.fullmatch(slug):
        raise HTTPException(404)
    return str(slug)


def known(repo: Repository, slug: str) -> None:
    if slug not in repo.slugs():
        raise ResolutionError(f"No document {slug!r}")


def document_facts(repo: Repository, slug: str) -> dict[str, Any]:
    """What every page of a document shows of it: its title and versions."""
    known(repo, slug)
    versions = repo.versions(slug)
    return {
        "slug": slug,
        "title": repo.title(slug),
        "version": versions[-1].name,
        "versions": [v.name for v in versions],
        "base": versions[-1].commit if versions else "",
    }


async def doc_context(
    request: Request, user: User | None, slug: str, **extra: Any
) -> dict[str, Any]:
    facts = await read(request, functools.partial(document_facts, slug=slug), ("doc", slug))
    return await context(request, user, **facts, **extra)


# -- pages ----------------------------------------------------------------------------


async def login_form(request: Request) -> Response:
    ctx = await context(request, None, title=ui_text(request, "sign_in"))
    ctx.update(error="", login="", next=safe_next(request.query_params.get("next", "/")))
    return page("login.html.j2", ctx)


def ui_text(request: Request, key: str, **fields: Any) -> str:
    return t(key, ui_lang(request), **fields)


def safe_next(value: str) -> str:
    """Where to go after signing in: a path on this site only."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


async def documents(request: Request) -> Response:
    user = await current_user(request, site_of(request))
    if user is None and not site_of(request).settings.public_read:
        return page("login.html.j2", await login_context(request))
    docs = await read(request, lambda repo: repo.documents())
    ctx = await context(request, user, title=ui_text(request, "documents"), documents=docs)
    return page("documents.html.j2", ctx)


async def login_context(request: Request) -> dict[str, Any]:
    ctx = await context(request, None, title=ui_text(request, "sign_in"))
    ctx.update(error="", login="", next=safe_next(request.url.path))
    return ctx


async def text(request: Request) -> Response:
    """The current text, an anchor per clause; streamed: the page's head goes out at
    once (the browser fetches the style meanwhile), the clauses as they are ready. The
    clauses' HTML is made once per commit and language, for everyone who reads."""
    user = await reader(request)
    slug = checked_slug(request)
    site = site_of(request)
    if not (site.settings.root / DRAFTS / f"{slug}.md").is_file():
        await doc_context(request, user, slug)  # not a document: the 404 page
    lang = ui_lang(request)
    site.languages.add(lang)
    env = environment()

    async def body() -> AsyncIterator[str]:
        yield PRELUDE.format(lang=lang)
        ctx = await doc_context(request, user, slug, tab="text")
        head, tail = env.get_template("text.html.j2").render(**ctx).split("<!--clauses-->")
        prelude, title, rest = head.partition("<title>")
        assert prelude == PRELUDE.format(lang=lang), "base.html.j2 and PRELUDE differ"
        yield title + rest
        # Each chunk goes out when it is ready (the first clauses at once, not after
        # the last), and is kept per version of the text: proposals and decisions that
        # leave it alone (most commits) do not make it again.
        base = ctx["base"]
        total = await site.memo(*clause_count(slug, base), per_commit=False)
        for start in range(0, total, CHUNK):
            yield await site.memo(*text_chunk(slug, lang, base, start), big=True, per_commit=False)
        yield tail

    return StreamingResponse(
        body(), media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS
    )


def clause_count(slug: str, base: str) -> tuple[Hashable, Callable[[Repository], int]]:
    """The key under which the number of clauses of a version is kept, and its reading."""

    def count(repo: Repository) -> int:
        return len(repo.document(slug, base).clauses)

    return ("clauses", slug, base), count


def text_chunk(
    slug: str, lang: str, base: str, start: int
) -> tuple[Hashable, Callable[[Repository], str]]:
    """The key under which one chunk of a text page is kept, and its making: the HTML
    of ``CHUNK`` clauses from ``start`` of the version at commit ``base``."""

    def chunk(repo: Repository) -> str:
        found = repo.document(slug, base).clauses[start : start + CHUNK]
        return (
            environment()
            .get_template("_clauses.html.j2")
            .render(clauses=found, slug=slug, t=functools.partial(t, lang=lang))
        )

    return ("text", slug, lang, base, start), chunk


def prepare(site: Site, repo: Repository, slug: str | None) -> None:
    """Made by the writer for a new commit before it answers (:meth:`Site.make_ready`):
    a document's facts, its review page (for the languages and kinds of reader that
    asked for it) and its text page's chunks (when the text is new)."""
    for name in [slug] if slug is not None else repo.slugs():
        facts = site.kept(repo, ("doc", name), functools.partial(document_facts, slug=name))
        site.kept(repo, ("review", name), functools.partial(review_page, slug=name))
        for lang, kind in sorted(site.review_views, key=str):
            site.kept(repo, *review_pieces(site, name, lang, kind))
        base = facts["base"]
        total = site.kept(repo, *clause_count(name, base), per_commit=False)
        for lang in sorted(site.languages):
            for start in range(0, total, CHUNK):
                site.kept(repo, *text_chunk(name, lang, base, start), big=True, per_commit=False)


async def warm(site: Site) -> None:
    """Make, when the server starts, what the first readers would otherwise wait for:
    each document's facts, review and text page (in Russian, until readers ask for
    another language)."""
    from .i18n import negotiate

    lang = negotiate(None, "")
    site.languages.add(lang)
    site.review_views.update((lang, kind) for kind in ("chair", "editor"))
    await site.call(lambda repo: site.make_ready(repo, None), writing=True)


#: The start of every page up to its title (as base.html.j2 writes it), sent before
#: anything is read: the browser fetches the style and the script meanwhile.
PRELUDE = (
    '<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<link rel="stylesheet" href="/static/app.css">\n'
    '<script src="/static/app.js" defer></script>\n'
)


async def clause(request: Request) -> Response:
    """One clause with the forms to amend it."""
    user = await reader(request)
    slug = checked_slug(request)
    ref = request.path_params["clause"]
    return await clause_page(request, user, slug, ref)


async def clause_page(
    request: Request,
    user: User | None,
    slug: str,
    ref: str,
    *,
    error: str = "",
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    def facts(repo: Repository) -> dict[str, Any]:
        known(repo, slug)
        doc = repo.document(slug)
        found = doc.find(ref)
        position = doc.clauses.index(found)
        listing = amendment_list(repo, slug, None, None, found.id)
        return {
            # The forms are made against the text shown here, which may be newer than
            # the document's facts read a moment before.
            "base": repo.versions(slug)[-1].commit,
            "clause": found,
            "previous": doc.clauses[position - 1] if position else None,
            "next": doc.clauses[position + 1] if position + 1 < len(doc.clauses) else None,
            "related": listing["amendments"],
        }

    ctx = await doc_context(request, user, slug, tab="text")
    ctx.update(await read(request, facts, ("clause", slug, ref)))
    ctx.update(error=error, values=values or {})
    return page("clause.html.j2", ctx, status)


async def amendments(request: Request) -> Response:
    user = await reader(request)
    slug = checked_slug(request)
    q = request.query_params
    status = q.get("status") or None
    if status not in (None, "pending", *STATUSES):
        status = None
    author, clause_ref = q.get("author") or None, q.get("clause") or None
    if wants_json(request):  # as ``resvcs amendments --json`` prints them

        def listing(repo: Repository) -> list[dict[str, Any]]:
            from ..present.amendments import amendment_dict

            known(repo, slug)
            wanted = {
                v.id for v in amendment_list(repo, slug, status, author, clause_ref)["amendments"]
            }
            return [
                amendment_dict(n, repo.labels(slug, n.amendment))
                for n in repo.amendments(slug)
                if n.id in wanted
            ]

        key = ("amendments.json", slug, status, author, clause_ref)
        return JSONResponse(await read(request, listing, key))
    ctx = await doc_context(request, user, slug, tab="amendments")
    ctx.update(
        await read(request, lambda repo: amendment_list(repo, slug, status, author, clause_ref))
    )
    ctx.update(
        status=status or "", author=author or "", clause_ref=clause_ref or "", statuses=STATUSES
    )
    return page("amendments.html.j2", ctx)


async def amendment(request: Request) -> Response:
    user = await reader(request)
    return await amendment_view(request, user, checked_slug(request), request.path_params["ref"])


async def amendment_view(
    request: Request,
    user: User | None,
    slug: str,
    ref: str,
    *,
    error: str = "",
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    lang = ui_lang(request)
    ctx = await doc_context(request, user, slug, tab="amendments")
    ctx.update(
        await read(
            request,
            lambda repo: amendment_page(repo, slug, ref, lang),
            ("amendment", slug, ref, lang),
        )
    )
    ctx.update(error=error, values=values or {})
    return page("amendment.html.j2", ctx, status)


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json"


async def review(request: Request) -> Response:
    user = await reader(request)
    slug = checked_slug(request)
    if wants_json(request):  # as ``resvcs review --json`` prints it

        def items(repo: Repository) -> list[dict[str, Any]]:
            from ..present.amendments import review_dict

            known(repo, slug)
            labels = repo.labels(slug)
            return [review_dict(item, labels) for item in repo.review(slug)]

        return JSONResponse(await read(request, items, ("review.json", slug)))
    return await review_response(request, user, slug)


async def review_response(
    request: Request,
    user: User | None,
    slug: str,
    *,
    error: str = "",
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The review page: its entries joined from pieces kept for the commit, the
    language and the kind of reader, each person's own buttons and CSRF token in."""
    site = site_of(request)
    lang = ui_lang(request)
    kind = None if user is None else "chair" if user.is_chair else "editor"
    site.review_views.add((lang, kind))
    ctx = await doc_context(request, user, slug, tab="review", error=error, values=values or {})
    key, make = review_pieces(site, slug, lang, kind)
    pieces = await read(request, make, key)
    # The page says which commit it shows (its live refresh asks for newer ones).
    ctx.update(
        head=pieces.head,
        pending=pieces.pending,
        review_html=pieces.html("" if user is None else user.person.email, ctx["csrf"]),
    )
    return page("review.html.j2", ctx, status)


@frozen
class ReviewPieces:
    """The review page's entries as HTML, for one commit, language and kind of reader:
    pieces the same for everyone, and for each entry whose buttons differ for its
    author, (its author, the piece for its author, the piece for others). The CSRF
    token goes in at its slots."""

    head: str | None
    pending: int
    pieces: tuple[str | tuple[str, str, str], ...]

    def html(self, email: str, csrf: str) -> Markup:
        """The entries for the person with ``email``, in one join."""
        email = email.lower()
        joined = "".join(
            p if isinstance(p, str) else p[1] if email in p[0] else p[2] for p in self.pieces
        )
        return Markup(joined.replace(_CSRF_SLOT, csrf))


#: Each review entry's HTML up to its buttons, by entry and language; the buttons, by
#: what they depend on (the amendment's state, the reader's role), with a slot for
#: the person's CSRF token.
_ENTRY_HTML = Kept(4096)
_BUTTONS = Kept(4096)
_CSRF_SLOT = "csrf-slot"
_ENTRY = "\x00"


@frozen
class _Role:
    """A kind of reader, as the buttons' template asks of the person."""

    is_chair: bool


def review_pieces(
    site: Site, slug: str, lang: str, kind: str | None
) -> tuple[Hashable, Callable[[Repository], ReviewPieces]]:
    """The key under which a review page's pieces are kept, and their making (from
    the review's data, kept for the same commit)."""
    tr = functools.partial(t, lang=lang)

    def make(repo: Repository) -> ReviewPieces:
        head = repo.store.head()
        data = site.kept(repo, ("review", slug), functools.partial(review_page, slug=slug))
        env = environment()
        entries: list[ReviewEntry] = []

        def placeholder(e: ReviewEntry) -> Markup:
            entries.append(e)
            return Markup(f"{_ENTRY}{len(entries) - 1}{_ENTRY}")

        outline = env.get_template("_review_groups.html.j2").render(
            **data, lang=lang, t=tr, review_entry=placeholder
        )
        pieces: list[str | tuple[str, str, str]] = []
        run: list[str] = []  # pieces the same for everyone, joined once
        for i, part in enumerate(outline.split(_ENTRY)):
            piece = part if i % 2 == 0 else entry(entries[int(part)], data["doc_lang"])
            if isinstance(piece, str):
                run.append(piece)
            else:
                pieces += ["".join(run), piece]
                run = []
        pieces.append("".join(run))
        return ReviewPieces(head, data["pending"], tuple(pieces))

    def entry(e: ReviewEntry, doc_lang: str) -> str | tuple[str, str, str]:
        env = environment()
        a = e.a
        kept: tuple[ReviewEntry, str] = _ENTRY_HTML.get(
            (id(e), lang),
            lambda: (
                e,
                env.get_template("_review_entry.html.j2").render(
                    e=e, slug=slug, t=tr, doc_lang=doc_lang
                ),
            ),
        )
        if kind is None:
            return kept[1] + "</article>"
        role = _Role(kind == "chair")

        def buttons(author: bool) -> str:
            return _BUTTONS.get(
                (lang, slug, a.number, a.id, a.status, a.pending, a.single_wording, kind, author),
                lambda: env.get_template("_decide.html.j2").render(
                    user=role,
                    author=author,
                    a=a,
                    csrf=_CSRF_SLOT,
                    slug=slug,
                    return_to=f"/d/{slug}/review",
                    t=tr,
                ),
            )

        theirs, others = buttons(True), buttons(False)
        if theirs == others:
            return kept[1] + others + "</article>"
        return (a.author.lower(), kept[1] + theirs + "</article>", kept[1] + others + "</article>")

    return ("review.html", slug, lang, kind), make


async def upload(request: Request) -> Response:
    user = await reader(request)
    slug = checked_slug(request)
    ctx = await doc_context(request, user, slug, tab="text", error="", values={})
    return page("upload.html.j2", ctx)


async def log(request: Request) -> Response:
    from ..history import log as read_log

    user = await reader(request)
    slug = checked_slug(request)
    ctx = await doc_context(request, user, slug, tab="log")
    entries = await read(request, lambda repo: read_log(repo, slug), ("log", slug))
    ctx["entries"] = list(reversed(entries))
    return page("log.html.j2", ctx)


async def history(request: Request) -> Response:
    from ..history import clause_history

    user = await reader(request)
    slug = checked_slug(request)
    ref = request.path_params["clause"]
    ctx = await doc_context(request, user, slug, tab="text")
    ctx["wordings"] = await read(
        request, lambda repo: clause_history(repo, slug, ref), ("history", slug, ref)
    )
    ctx["ref"] = ref
    return page("history.html.j2", ctx)


async def blame(request: Request) -> Response:
    from ..history import blame as read_blame

    user = await reader(request)
    slug = checked_slug(request)
    ctx = await doc_context(request, user, slug, tab="blame")
    ctx["clauses"] = await read(request, lambda repo: read_blame(repo, slug), ("blame", slug))
    return page("blame.html.j2", ctx)


async def compare(request: Request) -> Response:
    from .views import changed_clauses

    user = await reader(request)
    slug = checked_slug(request)
    ctx = await doc_context(request, user, slug, tab="compare")
    versions = ctx["versions"]
    old = request.query_params.get("from") or (versions[-2] if len(versions) > 1 else versions[-1])
    new = request.query_params.get("to") or versions[-1]

    def delta(repo: Repository) -> dict[str, Any]:
        d = repo.diff(slug, old, repo.resolve(slug, new))
        lang = doc_lang(repo, slug)
        return {"clauses": changed_clauses(d, lang), "summary": d.summary}

    ctx.update(await read(request, delta, ("diff", slug, old, new)))
    ctx.update(old=old, new=new)
    return page("diff.html.j2", ctx)


#: Downloads: name → (media type, file suffix).
DOWNLOADS = {
    "amendments.md": "text/markdown; charset=utf-8",
    "amendments.html": "text/html; charset=utf-8",
    "amendments.csv": "text/csv; charset=utf-8",
    "amendments.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "comparative.md": "text/markdown; charset=utf-8",
    "comparative.html": "text/html; charset=utf-8",
    "comparative.csv": "text/csv; charset=utf-8",
    "comparative.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text.md": "text/markdown; charset=utf-8",
    "text.html": "text/html; charset=utf-8",
    "text.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "dossier.zip": "application/zip",
}


async def download(request: Request) -> Response:
    """The tables, the text and the dossier, as the command line writes them."""
    await reader(request)
    slug = checked_slug(request)
    what = request.path_params["what"]
    media = DOWNLOADS.get(what)
    if media is None:
        raise HTTPException(404)
    kind, fmt = what.split(".")

    def make(repo: Repository) -> bytes:
        from ..present.amendments import render_amendments, table_entries
        from ..present.export import export_text
        from ..present.tables import render_comparative

        known(repo, slug)
        lang = repo.language(slug) or "en"
        result: str | bytes
        if kind == "amendments":
            entries = table_entries(repo, slug, repo.amendments(slug))
            result = render_amendments(entries, fmt, lang=lang, document_title=repo.title(slug))
        elif kind == "comparative":
            result = render_comparative(
                repo.diff(slug, "v1"), fmt, lang=lang, title=repo.title(slug)
            )
        elif kind == "text":
            result = export_text(repo.document(slug), fmt, title=repo.title(slug), lang=lang)
        else:
            return _dossier_zip(repo, slug)
        return result if isinstance(result, bytes) else result.encode("utf-8")

    data = await read(request, make)
    name = f"{slug}-{what}"
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"', **SECURITY_HEADERS},
    )


def _dossier_zip(repo: Repository, slug: str) -> bytes:
    from ..present.dossier import write_dossier

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dossier"
        written = write_dossier(repo, slug, out)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, f"{slug}-dossier/{path.relative_to(out)}")
    return buffer.getvalue()


async def events(request: Request) -> Response:
    """Server-sent events: "change" with the new commit whenever the repository moves."""
    site = site_of(request)
    user = await current_user(request, site)
    if user is None and not site.settings.public_read:
        raise Forbidden("login.needed")
    since = request.query_params.get("since", "")

    async def stream() -> AsyncIterator[str]:
        yield "retry: 3000\n\n"
        if since and site.head and since != site.head:
            yield f"event: change\ndata: {site.head}\n\n"
        while True:
            event = site.changed_event()
            try:
                await asyncio.wait_for(event.wait(), timeout=15)
            except TimeoutError:
                if await request.is_disconnected():
                    return
                yield ": keep-alive\n\n"
                continue
            yield f"event: change\ndata: {site.head}\n\n"

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def not_found() -> HTMLResponse:
    raise HTTPException(404)
