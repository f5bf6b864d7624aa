"""The ASGI app: routes, sessions, and the tasks that run beside the requests.

``create_app(settings)`` gives a Starlette app; ``resvcs serve`` runs it with uvicorn.
Pages are in :mod:`.pages`, actions (forms that write) in :mod:`.actions`; both call
the library through :class:`~.site.Site`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..accounts import session_secret
from . import actions, pages
from .auth import SESSION_SECONDS, Forbidden, RateLimit
from .render import HERE, LIVE_HEADER, error_page
from .site import Settings, Site

COOKIE = "resvcs_session"


class LiveRefresh:
    """Outside the sessions: a page's background refresh (app.js's ``X-Resvcs-Live``)
    never sets the session cookie. Sent while a form's answer is on its way, with the
    cookie as it was before, it would otherwise write back a session without the
    message the form's answer put there."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (LIVE_HEADER.encode(), b"1") not in scope["headers"]:
            await self.app(scope, receive, send)
            return

        async def without_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"set-cookie"
                ]
            await send(message)

        await self.app(scope, receive, without_cookie)


def create_app(settings: Settings) -> Starlette:
    site = Site(settings)
    site.prepare = pages.prepare

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(site.watch()), asyncio.create_task(pages.warm(site))]
        if settings.remote:
            tasks.append(asyncio.create_task(site.sync_loop()))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            site.close()

    routes = [
        Route("/", pages.documents),
        Route("/login", pages.login_form, methods=["GET"]),
        Route("/login", actions.login, methods=["POST"]),
        Route("/logout", actions.logout, methods=["POST"]),
        Route("/events", pages.events),
        Route("/d/{slug}", pages.text),
        Route("/d/{slug}/c/{clause}", pages.clause),
        Route("/d/{slug}/amendments", pages.amendments),
        Route("/d/{slug}/a/{ref}", pages.amendment),
        Route("/d/{slug}/review", pages.review),
        Route("/d/{slug}/upload", pages.upload),
        Route("/d/{slug}/log", pages.log),
        Route("/d/{slug}/history/{clause}", pages.history),
        Route("/d/{slug}/blame", pages.blame),
        Route("/d/{slug}/diff", pages.compare),
        Route("/d/{slug}/download/{what}", pages.download),
        Route("/d/{slug}/propose", actions.propose, methods=["POST"]),
        Route("/d/{slug}/propose-copy", actions.propose_copy, methods=["POST"]),
        Route("/d/{slug}/a/{ref}/accept", actions.accept, methods=["POST"]),
        Route("/d/{slug}/a/{ref}/reject", actions.reject, methods=["POST"]),
        Route("/d/{slug}/a/{ref}/withdraw", actions.withdraw, methods=["POST"]),
        Route("/d/{slug}/a/{ref}/resolve", actions.resolve, methods=["POST"]),
        Route("/d/{slug}/adopt", actions.adopt, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(LiveRefresh),
            Middleware(
                SessionMiddleware,
                secret_key=session_secret(site.git_dir),
                session_cookie=COOKIE,
                max_age=SESSION_SECONDS,
                same_site="lax",
                https_only=settings.secure_cookies,
            ),
        ],
        exception_handlers={HTTPException: error_page, Forbidden: error_page},
        lifespan=lifespan,
    )
    app.state.site = site
    app.state.login_limit = RateLimit()
    return app
