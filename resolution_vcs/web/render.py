"""How pages are made: the templates, what every page is rendered with (the person,
the language, the CSRF token, messages), security headers, and errors as pages."""

from __future__ import annotations

import contextlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..present.markup import clause_html
from .auth import Forbidden, User, csrf_token, current_user
from .i18n import LANGUAGE_NAMES, UI_LANGUAGES, M, negotiate, t
from .site import Site

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates of the web app, and the package's (the redline's runs), autoescaped."""
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(HERE / "templates")),
                PackageLoader("resolution_vcs", "templates"),
            ]
        ),
        autoescape=True,
        # The templates are the package's: read once, not looked at again on each page.
        auto_reload=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A clause's Markdown rendered and made safe (headings, emphasis, safe links).
    env.filters["clause_html"] = rendered_clause
    return env


@lru_cache(maxsize=50_000)
def rendered_clause(text: str) -> Markup:
    """A clause's HTML, kept by its Markdown: a new version of a long text renders
    again only the clauses it changed."""
    return Markup(clause_html(text))


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def ui_lang(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.session.get("lang")
    if chosen in UI_LANGUAGES and request.query_params.get("lang"):
        request.session["lang"] = chosen
    return negotiate(chosen, request.headers.get("accept-language", ""))


#: The header app.js sends with a page's background refresh.
LIVE_HEADER = "x-resvcs-live"


def live_refresh(request: Request) -> bool:
    """Whether the request is a page refreshing itself in the background (app.js)."""
    return request.headers.get(LIVE_HEADER) == "1"


async def context(request: Request, user: User | None, **extra: Any) -> dict[str, Any]:
    """What every page is rendered with."""
    lang = ui_lang(request)
    site = site_of(request)
    # A page's background refresh (live_refresh) shows no messages: they are for the
    # page the person opens next.
    flashes = [] if live_refresh(request) else request.session.pop("flash", [])
    return {
        "lang": lang,
        "t": lambda key, **fields: t(key, lang, **fields),
        "user": user,
        "csrf": csrf_token(request),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in UI_LANGUAGES],
        "path": request.url.path,
        "flashes": flashes if isinstance(flashes, list) else [],
        "head": site.head or "",
        "public_read": site.settings.public_read,
        "sync_problem": site.sync_problem,
        "known_actions": {k for k in M if k.startswith("action.")},
        "error": "",
        **extra,
    }


class Values(dict[str, str]):
    """What a form was sent with, shown again after a refusal; a field not sent is ""."""

    def __missing__(self, key: str) -> str:
        return ""


def page(name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    ctx = {**ctx, "values": Values(ctx.get("values") or {})}
    html = environment().get_template(name).render(**ctx)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


#: Every page: no framing by other sites, no guessing of types, scripts only our own.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def flash(request: Request, message: str, kind: str = "ok") -> None:
    flashes = request.session.get("flash")
    if not isinstance(flashes, list):
        flashes = []
    flashes.append({"kind": kind, "text": message})
    request.session["flash"] = flashes[-5:]


async def error_page(request: Request, exc: Exception) -> Response:
    """404s and other HTTP errors, and refusals, as pages in the person's language."""
    user = None
    with contextlib.suppress(Exception):
        user = await current_user(request, site_of(request))
    if isinstance(exc, Forbidden):
        ctx = await context(request, user, title=t("forbidden", ui_lang(request)))
        ctx["message"] = ctx["t"](exc.reason, **exc.fields)
        return page("error.html.j2", ctx, 403)
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    lang = ui_lang(request)
    title = t("not_found", lang) if status == 404 else t("problem", lang)
    ctx = await context(request, user, title=title)
    ctx["message"] = t("not_found.text", lang) if status == 404 else str(getattr(exc, "detail", ""))
    return page("error.html.j2", ctx, status)
