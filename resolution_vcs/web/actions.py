"""The actions (POST): each checks the session, the form's CSRF token and the person's
role, in that order, then makes one library call, the call the command line makes,
as the signed-in person. A refusal writes nothing.

When the library refuses (the text moved on, the amendment was decided meanwhile),
the page is shown again with the reason, the current state and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import amend
from ..errors import ResolutionError, StaleError
from ..records import RecordError, Status
from ..repository import CopyProposal, Repository
from ..storage import Person
from ..workflow import check_decision, wording_operations
from .auth import Forbidden, User, check_csrf, current_user, sign_in, sign_out
from .i18n import t
from .pages import (
    amendment_view,
    checked_slug,
    clause_page,
    login_context,
    review_response,
    safe_next,
)
from .render import flash, page, site_of, ui_lang

T = TypeVar("T")
#: The largest upload accepted, in bytes (an edited copy of a long code fits).
MAX_UPLOAD = 20_000_000


async def _form(request: Request) -> FormData:
    return await request.form(max_files=1, max_fields=50, max_part_size=MAX_UPLOAD)


async def writer(request: Request, *, chair: bool = False) -> tuple[User, FormData]:
    """The signed-in person allowed to write, and the form they sent; else Forbidden."""
    site = site_of(request)
    user = await current_user(request, site)
    if user is None:
        raise Forbidden("forbidden.session")
    form = await _form(request)
    check_csrf(request, form.get("csrf"))
    lang = ui_lang(request)
    if not user.may_write or (chair and not user.is_chair):
        raise Forbidden("forbidden.role", role=t(f"role.{user.role}", lang))
    return user, form


def fields(form: FormData) -> dict[str, str]:
    """The text fields of a form (what was typed, to show again after a refusal)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}


def back(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _people(text: str) -> list[Person]:
    return [Person.parse(line) for line in text.splitlines() if line.strip()]


# -- signing in and out -------------------------------------------------------------------


async def login(request: Request) -> Response:
    form = await _form(request)
    check_csrf(request, form.get("csrf"))
    site = site_of(request)
    limit = request.app.state.login_limit
    who = str(form.get("login", "")).strip()[:200]
    password = str(form.get("password", ""))[:1000]
    address = request.client.host if request.client else "?"
    keys = [f"addr:{address}", f"login:{who.casefold()}"]
    lang = ui_lang(request)
    ctx = await login_context(request)
    ctx.update(login=who, next=safe_next(str(form.get("next", "/"))))
    wait = limit.wait(keys)
    if wait:
        ctx["error"] = t("login.limited", lang, minutes=max(1, round(wait / 60)))
        return page("login.html.j2", ctx, 429)
    account = await site.call(lambda repo: site.accounts.check(who, password))
    if account is None:
        limit.failed(keys)
        ctx["error"] = t("login.wrong", lang)
        return page("login.html.j2", ctx, 401)
    limit.succeeded([keys[1]])
    sign_in(request, account)
    return back(request, ctx["next"])


async def logout(request: Request) -> Response:
    form = await _form(request)
    check_csrf(request, form.get("csrf"))
    sign_out(request)
    return back(request, "/")


# -- proposing ------------------------------------------------------------------------------


def operations(doc: Any, form: dict[str, str]) -> list[list[amend.Operation]]:
    """The amendment a form describes, built by the library's functions (as propose's forms)."""
    kind = form.get("kind", "")
    clause = form.get("clause", "")
    if kind == "wording":
        return [[amend.replace_clause(doc, clause, form.get("text", ""))]]
    if kind == "words":
        every = form.get("all") == "on"
        return [
            [
                amend.replace_words(
                    doc, clause, form.get("old", ""), form.get("new", ""), None, every
                )
            ]
        ]
    if kind == "throughout":
        return [amend.replace_throughout(doc, form.get("old", ""), form.get("new", ""))]
    if kind == "insert":
        return [[amend.insert_clause(doc, clause, form.get("text", ""), "after")]]
    if kind == "delete":
        return [[amend.delete_clause(doc, clause)]]
    if kind == "move":
        return [[amend.move_clause(doc, clause, form.get("after", ""))]]
    raise ResolutionError("Choose what to propose")


async def propose(request: Request) -> Response:
    user, form = await writer(request)
    slug = checked_slug(request)
    values = fields(form)
    base = values.get("base") or None
    site = site_of(request)

    def run(repo: Repository) -> list[Any]:
        # Built against the text the page showed, applied three-way to the current one.
        doc = repo.document(slug, base)
        return repo.propose(
            slug,
            operations(doc, values),
            author=user.person,
            rationale=values.get("rationale", ""),
            cosponsors=_people(values.get("cosponsors", "")),
            base=repo.resolve(slug, base) if base else None,
        )

    try:
        made = await site.write(run, slug=slug)
    except ResolutionError as exc:
        if not values.get("clause"):
            from .pages import doc_context

            ctx = await doc_context(request, user, slug, tab="text", values=values)
            ctx["error"] = str(exc)
            return page("upload.html.j2", ctx, 409 if isinstance(exc, StaleError) else 400)
        return await clause_page(
            request,
            user,
            slug,
            values["clause"],
            error=str(exc),
            values=values,
            status=409 if isinstance(exc, StaleError) else 400,
        )
    numbers = ", ".join(str(n.number) for n in made)
    flash(request, t("done.proposed", ui_lang(request), numbers=numbers))
    return back(request, f"/d/{slug}/a/{made[0].number}")


async def propose_copy(request: Request) -> Response:
    from .pages import doc_context

    user, form = await writer(request)
    slug = checked_slug(request)
    upload = form.get("file")
    values = fields(form)
    site = site_of(request)
    if not isinstance(upload, UploadFile) or not upload.filename:
        ctx = await doc_context(request, user, slug, tab="text", values=values)
        ctx["error"] = "Choose the file with the edited copy"
        return page("upload.html.j2", ctx, 400)
    data = await upload.read()
    name = upload.filename.replace("/", "_").replace("\\", "_")

    def run(repo: Repository) -> CopyProposal:
        return repo.propose_copy(
            slug,
            data,
            source=name,
            author=user.person,
            single=values.get("single") == "on",
            rationale=values.get("rationale", ""),
            cosponsors=_people(values.get("cosponsors", "")),
        )

    try:
        made = await site.write(run, slug=slug)
    except ResolutionError as exc:
        ctx = await doc_context(request, user, slug, tab="text", values=values)
        ctx["error"] = str(exc)
        return page("upload.html.j2", ctx, 400)
    lang = ui_lang(request)
    if not made:
        flash(request, t("done.nothing", lang), "warn")
        return back(request, f"/d/{slug}/upload")
    flash(request, t("done.proposed", lang, numbers=", ".join(str(n.number) for n in made)))
    return back(request, f"/d/{slug}/amendments?status=pending")


# -- deciding ---------------------------------------------------------------------------------


async def _decide(
    request: Request,
    *,
    chair: bool,
    act: Callable[[Repository, User, str, dict[str, str]], str],
) -> Response:
    """One decision on one amendment; refused or outrun, the amendment page shows why."""
    user, form = await writer(request, chair=chair)
    slug = checked_slug(request)
    ref = request.path_params["ref"]
    values = fields(form)
    site = site_of(request)
    try:
        message = await site.write(lambda repo: act(repo, user, ref, values), slug=slug)
    except RecordError as exc:
        if str(exc).startswith("Only "):  # the library's rule: who may do what
            raise Forbidden("forbidden.role", role=str(exc)) from None
        text = str(exc)
        if "already" in text:  # another chair was quicker: say so, show the state now
            text = t("decided_meanwhile", ui_lang(request)) + " " + text
        return await amendment_view(request, user, slug, ref, error=text, values=values, status=409)
    except ResolutionError as exc:
        return await amendment_view(
            request, user, slug, ref, error=str(exc), values=values, status=400
        )
    flash(request, message)
    target = values.get("return", "")
    return back(request, target if target.startswith(f"/d/{slug}/") else f"/d/{slug}/a/{ref}")


async def accept(request: Request) -> Response:
    lang = ui_lang(request)
    slug = checked_slug(request)

    def act(repo: Repository, user: User, ref: str, values: dict[str, str]) -> str:
        # One amendment per page: a range or a list in the address names none.
        n = repo.amendment(slug, ref)
        (outcome,) = repo.accept(slug, [n.id], chair=user.person, reason=values.get("reason", ""))
        labels = repo.labels(slug)
        if outcome.status is not Status.ACCEPTED:
            from ..present.amendments import readable

            return t("done.conflicted", lang, n=n.number, why=readable(outcome.reason, labels))
        parts = [t("done.accepted", lang, n=n.number, version=repo.versions(slug)[-1].name)]
        for other in outcome.others:
            key = (
                "done.became_conflicted"
                if other.amendment.status is Status.CONFLICTED
                else "done.applies_again"
            )
            parts.append(t(key, lang, n=other.number))
        return " ".join(parts)

    return await _decide(request, chair=True, act=act)


async def reject(request: Request) -> Response:
    lang = ui_lang(request)
    slug = checked_slug(request)

    def act(repo: Repository, user: User, ref: str, values: dict[str, str]) -> str:
        n = repo.amendment(slug, ref)
        # Checked before the reason is: one decided meanwhile is a 409, not "give a reason".
        check_decision(repo, slug, [n.id], Status.REJECTED, user.person)
        repo.reject(slug, [n.id], chair=user.person, reason=values.get("reason", ""))
        return t("done.rejected", lang, n=n.number)

    return await _decide(request, chair=True, act=act)


async def withdraw(request: Request) -> Response:
    lang = ui_lang(request)
    slug = checked_slug(request)

    def act(repo: Repository, user: User, ref: str, values: dict[str, str]) -> str:
        outcome = repo.withdraw(slug, ref, author=user.person, reason=values.get("reason", ""))
        return t("done.withdrawn", lang, n=outcome.amendment.number)

    return await _decide(request, chair=False, act=act)


async def resolve(request: Request) -> Response:
    lang = ui_lang(request)
    slug = checked_slug(request)

    def act(repo: Repository, user: User, ref: str, values: dict[str, str]) -> str:
        n = repo.amendment(slug, ref)
        ops = wording_operations(repo.document(slug), n, values.get("text", ""))
        resolved = repo.resolve_amendment(slug, ref, ops, person=user.person)
        return t("done.resolved", lang, n=resolved.number)

    return await _decide(request, chair=False, act=act)


async def adopt(request: Request) -> Response:
    user, form = await writer(request, chair=True)
    slug = checked_slug(request)
    values = fields(form)
    site = site_of(request)
    final_status = None if values.get("keep_status") == "on" else values.get("final_status", "")

    def run(repo: Repository) -> str:
        return repo.adopt(
            slug,
            chair=user.person,
            tag=values.get("tag") or None,
            lapse_pending=values.get("lapse") == "on",
            final_status=final_status,
        )

    try:
        name = await site.write(run, slug=slug)
    except ResolutionError as exc:
        return await review_response(request, user, slug, error=str(exc), values=values, status=400)
    flash(request, t("adopted", ui_lang(request), tag=name))
    return back(request, f"/d/{slug}")
