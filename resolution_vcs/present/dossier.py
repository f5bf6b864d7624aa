"""The dossier: a folder of static HTML pages that tells a document's whole story offline.

For archivists: the final text, every version with who made it and how, the
comparative table of each version against the one before, the amendment table
with every decision, each clause's history, where each word of the final text
came from (blame), and the result of :func:`~resolution_vcs.verify.verify`.

Pages (``out/…``)::

    index.html            title, verification, contents, the final text
    versions/vN.html      each version's text and what made it
    changes/vN.html       comparative table v(N-1) → vN
    amendments.html       the amendment table with each decision
    clauses/index.html    every clause that ever existed, with a link to its history
    clauses/<id>.html     one clause's wordings, version by version
    blame.html            the final text, each run of words with its source
    resvcs-dossier.txt    marks the folder as a dossier (so it may be replaced)

Every page is self-contained (inline CSS, no script, nothing loaded from
anywhere) and links to the others by relative paths only, so the folder opens
from a disk, a USB stick or a zip in any browser. Everything is escaped by
Jinja2's autoescaping; the documents' texts go through :mod:`.export`'s
sanitised Markdown rendering.

The folder is built next to ``out`` and renamed into place at the end, so a
reader never sees half a dossier, and a failed run leaves the old one.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diff import DocumentDiff, diff, inline_diff
from ..errors import ResolutionError
from ..folder import MARKER, check_target, write_atomically
from ..frozen import frozen
from ..history import Attribution, attributions, blame, clause_histories, label_when_proposed
from ..model import ClauseKind
from ..parse import parse
from ..records import Amendment, Status
from ..storage import Person
from ..verify import Report, verify
from .amendments import AmendmentRow, amendment_rows, table_entries
from .amendments import headers as amendment_headers
from .i18n import Lang, cite, resolve_lang, t
from .markup import Mark, marked_html, text_html
from .redline import (
    SUMMARY_ORDER,
    Runs,
    RunView,
    expand_ops,
    run_views,
    summary_items,
    template_environment,
)
from .tables import comparative_rows
from .tables import headers as comparative_headers

if TYPE_CHECKING:
    from markupsafe import Markup

    from ..model import Document
    from ..repository import Repository, Version

_FILE_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def write_dossier(
    repo: Repository, slug: str | None, out: Path, *, lang: str | None = None
) -> list[Path]:
    """Write the dossier of document ``slug`` (None: the only one) into the folder
    ``out``; return the files written. ``lang`` ("ru", "uk", "en"; None: the
    document's language) is the language of the pages.

    ``out`` must be new, empty, or a dossier written before (it is replaced
    whole); anything else is refused with an :class:`InputError`.
    """
    out = Path(out)
    check_target(out)
    return write_atomically(out, dossier_pages(repo, slug, lang=lang))


def dossier_pages(repo: Repository, slug: str | None, *, lang: str | None = None) -> dict[str, str]:
    """The pages of the dossier of document ``slug`` (None: the only one): file name →
    text (see :func:`write_dossier`)."""
    slug = repo.resolve_slug(slug)
    language = resolve_lang(lang or repo.language(slug) or None, repo.text(slug))
    pages = _Dossier(repo, slug, language).pages()
    head = repo.store.head() or ""
    pages[MARKER] = (
        f"This folder is the dossier of the document {slug!r}, written by 'resvcs dossier'\n"
        f"from commit {head}. Open index.html in a browser. Writing the dossier again\n"
        "replaces the whole folder.\n"
    )
    return pages


# --- Gathering -------------------------------------------------------------------------


@frozen
class _Step:
    """One version: what made it, its text, and what it changed."""

    version: Version
    attribution: Attribution
    doc: Document
    delta: DocumentDiff | None  # against the previous version; None for v1


def _name(person: str) -> str:
    """The name in "Name <email>" (the string itself if it does not read as one)."""
    try:
        return Person.parse(person).name
    except ResolutionError:
        return person


def _when(date: datetime, lang: Lang) -> str:
    utc = date.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M UTC" if lang == "en" else "%d.%m.%Y %H:%M UTC")


def count(n: int, noun: str, lang: Lang) -> str:
    """The number with the noun in the right form: "3 версии", "5 рішень", "1 version"."""
    if lang in ("ru", "uk"):  # the same rule for both
        if n % 10 == 1 and n % 100 != 11:
            form = "one"
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            form = "few"
        else:
            form = "many"
    else:
        form = "one" if n == 1 else "many"
    return t(f"dossier.n.{noun}.{form}", lang, n=str(n))


def _markup(html: str) -> Markup:
    """Mark rendered document HTML as safe for the templates: :func:`text_html`
    escapes every text and attribute itself."""
    from markupsafe import Markup

    return Markup(html)


def _file_id(clause_id: str) -> str:
    """The file name of a clause page: the id itself (ids are letters and digits),
    or a hash of it should a hand-edited ids file hold anything else."""
    if _FILE_ID_RE.fullmatch(clause_id):
        return clause_id
    return "x" + hashlib.sha256(clause_id.encode()).hexdigest()[:20]


# --- Pages -----------------------------------------------------------------------------


class _Dossier:
    """Gathers a document's history once and renders every page from it."""

    def __init__(self, repo: Repository, slug: str, lang: Lang) -> None:
        self.repo = repo
        self.slug = slug
        self.lang = lang
        self.title = repo.title(slug)
        versions = repo.versions(slug)
        atts = attributions(repo, slug)
        self.steps: list[_Step] = []
        previous: Document | None = None
        for version, attribution in zip(versions, atts, strict=True):
            doc = repo.document(slug, version.commit)
            delta = diff(previous, doc, attribution.moved) if previous is not None else None
            self.steps.append(_Step(version, attribution, doc, delta))
            previous = doc
        self.final = self.steps[-1].doc
        self.histories = clause_histories(repo, slug)
        self.numbered = repo.amendments(slug)
        self.accepted_in = {
            s.attribution.amendment: s.version.name for s in self.steps if s.attribution.amendment
        }
        self.report: Report = verify(repo, slug)
        self.head = repo.store.head() or ""

    def t(self, key: str, **fields: str) -> str:
        return t(key, self.lang, **fields)

    def render(self, template: str, path: str, title: str, **context: Any) -> str:
        root = "../" * path.count("/")
        return (
            template_environment()
            .get_template(template)
            .render(
                lang=self.lang,
                title=title,
                document_title=self.title,
                root=root,
                here=path,
                t=self.t,
                **context,
            )
        )

    def pages(self) -> dict[str, str]:
        pages = {"index.html": self.index()}
        for i, step in enumerate(self.steps):
            pages[f"versions/{step.version.name}.html"] = self.version_page(i)
            if step.delta is not None:
                pages[f"changes/{step.version.name}.html"] = self.changes_page(i)
        pages["amendments.html"] = self.amendments_page()
        pages["clauses/index.html"] = self.clauses_index()
        for clause_id in self.histories:
            pages[f"clauses/{_file_id(clause_id)}.html"] = self.clause_page(clause_id)
        pages["blame.html"] = self.blame_page()
        return pages

    # -- pieces shared by pages --

    def made(self, attribution: Attribution, message: str) -> dict[str, str]:
        """What made a version, in words: the sentence, the amendment (for a link) and
        the commit message where it says more than the sentence."""
        a = attribution
        number = str(a.number) if a.number is not None else a.amendment
        link_name = self.t("dossier.amendment", number=number) if a.amendment else ""
        if a.action == "import":
            text, message = self.t("dossier.made.import", person=a.person), ""
        elif a.action == "revision":
            text = self.t("dossier.made.revision", person=a.person)
        elif a.action == "acceptance":
            who = {"author": _name(a.author or "?"), "chair": _name(a.chair or "?")}
            text, message = self.t("dossier.made.acceptance", amendment=link_name, **who), ""
        elif a.action == "adoption":
            text, message = self.t("dossier.made.adoption", chair=_name(a.chair or a.person)), ""
        else:
            text = self.t("dossier.made.other", person=a.person)
        # The sentence around the amendment's name, so that a page can make the name a link.
        linked = bool(link_name) and link_name in text
        before, _, after = text.partition(link_name) if linked else (text, "", "")
        return {
            "text": text,
            "before": before,
            "number": link_name,
            "after": after,
            "message": message,
            "amendment": a.amendment if linked else "",
            "date": _when(a.date, self.lang),
            "commit": a.commit,
        }

    def clause_link(self, clause_id: str) -> str:
        """The path of a clause's page from the dossier root, or "" if it has none."""
        return f"clauses/{_file_id(clause_id)}.html" if clause_id in self.histories else ""

    def verification(self) -> dict[str, Any]:
        r = self.report
        if r.ok:
            summary = self.t(
                "dossier.verify.ok",
                versions=count(r.versions, "version", self.lang),
                decisions=count(r.decisions, "decision", self.lang),
            )
        else:
            summary = self.t(
                "dossier.verify.failed", violations=count(len(r.violations), "violation", self.lang)
            )
        return {
            "ok": r.ok,
            "summary": summary,
            "violations": [{"commit": v.commit[:12], "what": v.what} for v in r.violations],
        }

    # -- index --

    def index(self) -> str:
        versions = []
        for step in self.steps:
            versions.append(
                {
                    "name": step.version.name,
                    "made": self.made(step.attribution, step.version.message),
                    "changes": step.delta is not None,
                    "summary": self.change_summary(step.delta),
                }
            )
        statuses = Counter(n.amendment.status for n in self.numbered)
        amendments = [(self.t(f"decision.{s}"), statuses[s]) for s in Status if statuses[s]]
        adoptions = [
            {
                "tag": info.trailers.get("Tag", ""),
                "chair": _name(info.trailers.get("Chair", str(info.author))),
                "date": _when(info.date, self.lang),
            }
            for info in self.repo.store.adoptions(self.slug)
        ]
        return self.render(
            "dossier_index.html.j2",
            "index.html",
            self.title,
            verification=self.verification(),
            versions=versions,
            amendment_count=count(len(self.numbered), "amendment", self.lang),
            amendment_statuses=amendments,
            clause_count=count(len(self.histories), "clause", self.lang),
            adoptions=adoptions,
            final=self.steps[-1].version.name,
            text=_markup(text_html(self.final.render(), offline=True)),
            head=self.head,
        )

    def change_summary(self, delta: DocumentDiff | None) -> str:
        if delta is None:
            return ""
        counts = zip(SUMMARY_ORDER, summary_items(delta, self.lang), strict=True)
        items = [f"{name.lower()}: {n}" for key, (name, n) in counts if n and key != "unchanged"]
        return ", ".join(items) or self.t("no_changes")

    # -- versions and changes --

    def version_page(self, i: int) -> str:
        step = self.steps[i]
        name = step.version.name
        return self.render(
            "dossier_version.html.j2",
            f"versions/{name}.html",
            self.t("dossier.version", name=name),
            name=name,
            made=self.made(step.attribution, step.version.message),
            previous=self.steps[i - 1].version.name if i else "",
            next=self.steps[i + 1].version.name if i + 1 < len(self.steps) else "",
            changes=step.delta is not None,
            final=i + 1 == len(self.steps),
            text=_markup(text_html(step.doc.render(), offline=True)),
        )

    def changes_page(self, i: int) -> str:
        step = self.steps[i]
        assert step.delta is not None
        old, new = self.steps[i - 1].version.name, step.version.name
        rows = []
        for n, row in enumerate(comparative_rows(step.delta, lang=self.lang), start=1):
            runs = row.runs()
            rows.append(
                {
                    "no": n,
                    "label": row.label,
                    "id": row.id,
                    "link": self.clause_link(row.id),
                    "kind": row.kinds[0].value if row.kinds else "unchanged",
                    "before": run_views(r for r in runs if r.op != "insert") if row.before else (),
                    "after": run_views(r for r in runs if r.op != "delete") if row.after else (),
                    "note": row.note,
                }
            )
        return self.render(
            "dossier_changes.html.j2",
            f"changes/{new}.html",
            self.t("dossier.changes", old=old, new=new),
            old=old,
            new=new,
            made=self.made(step.attribution, step.version.message),
            summary=summary_items(step.delta, self.lang),
            layout_changed=step.delta.layout_changed,
            headers=comparative_headers(self.lang),
            rows=rows,
            previous=(self.steps[i - 2].version.name, old) if i > 1 else None,
            next=(new, self.steps[i + 1].version.name) if i + 1 < len(self.steps) else None,
        )

    # -- amendments --

    def amendments_page(self) -> str:
        entries = table_entries(self.repo, self.slug, self.numbered)
        by_id = {n.id: n.amendment for n in self.numbered}
        rows = amendment_rows(entries, lang=self.lang)
        return self.render(
            "dossier_amendments.html.j2",
            "amendments.html",
            self.t("title.amendments"),
            headers=amendment_headers(self.lang),
            rows=[self.amendment_view(row, by_id[row.id]) for row in rows],
        )

    def amendment_view(self, row: AmendmentRow, amendment: Amendment) -> dict[str, Any]:
        parts = []
        for part in row.parts:
            runs = part.runs()
            parts.append(
                {
                    "label": cite(part.label, self.lang),
                    "link": self.clause_link(part.id),
                    "before": run_views(r for r in runs if r.op != "insert") if part.before else (),
                    "after": run_views(r for r in runs if r.op != "delete") if part.after else (),
                    "missing_after": self.t("proposed.delete" if part.before else "empty_cell"),
                }
            )
        decision = amendment.decision
        return {
            "no": row.number,
            "id": row.id,
            "status": str(row.status),
            "place": row.place,
            "parts": parts,
            "several": len(parts) > 1,
            "wording": row.wording,
            "authors": row.authors,
            "rationale": row.rationale,
            "decision": row.decision,
            "by": _name(decision.by) if decision is not None else "",
            "date": _when(decision.date, self.lang) if decision is not None else "",
            "version": self.accepted_in.get(row.id, ""),
            "reason": row.reason,
        }

    # -- clauses --

    def clauses_index(self) -> str:
        current, gone = [], []
        for clause in self.final:
            current.append(self.clause_summary(clause.id, clause.label, clause.text))
        final_ids = {c.id for c in self.final}
        for clause_id, wordings in self.histories.items():
            if clause_id not in final_ids:
                last = next((w for w in reversed(wordings) if w.text), wordings[-1])
                # The last wording is Markdown: listed as a reader saw it.
                shown = [c.text for c in parse(last.text).clauses] or [last.text]
                gone.append(self.clause_summary(clause_id, last.label, " ".join(shown)))
        return self.render(
            "dossier_clauses.html.j2",
            "clauses/index.html",
            self.t("dossier.clauses"),
            current=current,
            gone=gone,
        )

    def clause_summary(self, clause_id: str, label: str, text: str) -> dict[str, Any]:
        wordings = self.histories.get(clause_id, [])
        line = " ".join(text.split())
        return {
            "id": clause_id,
            "label": label,
            "link": self.clause_link(clause_id),
            "text": line if len(line) <= 140 else line[:139] + "…",
            "changes": len(wordings) - 1,
            "last": wordings[-1].attribution.version if wordings else "",
        }

    def clause_page(self, clause_id: str) -> str:
        wordings = self.histories[clause_id]
        in_final = self.final.get(clause_id)
        label = in_final.label if in_final is not None else wordings[-1].label
        messages = {s.version.commit: s.version.message for s in self.steps}
        rows = []
        previous = ""
        for w in wordings:
            if w.changes == ("deleted",):
                runs: Runs = run_views(expand_ops(inline_diff(previous, "")))
            elif previous:
                runs = run_views(expand_ops(inline_diff(previous, w.text)))
            else:
                runs = run_views(expand_ops(inline_diff("", w.text)))
                runs = Runs(RunView("equal", r.pieces, r.spacing, r.text) for r in runs)
            original = w.attribution.version == "v1"
            kinds = [self.t(f"kind.{k}") for k in w.changes]
            label = cite(w.label, self.lang)
            proposed = label_when_proposed(self.repo, self.slug, w.attribution, clause_id)
            if proposed and proposed != w.label:  # the place the meeting cited
                label += " " + self.t("dossier.proposed_for", label=cite(proposed, self.lang))
            rows.append(
                {
                    "version": w.attribution.version,
                    "label": label,
                    "changes": self.t("dossier.original") if original else ", ".join(kinds),
                    "made": self.made(w.attribution, messages.get(w.attribution.commit, "")),
                    "runs": runs,
                    "deleted": w.changes == ("deleted",),
                }
            )
            previous = w.text or previous
        path = f"clauses/{_file_id(clause_id)}.html"
        return self.render(
            "dossier_clause.html.j2",
            path,
            self.t("dossier.clause", label=label),
            clause_id=clause_id,
            in_final=in_final is not None,
            rows=rows,
        )

    # -- blame --

    def blame_page(self) -> str:
        blamed = blame(self.repo, self.slug)
        sources: dict[str, dict[str, Any]] = {}
        messages = {s.version.commit: s.version.message for s in self.steps}

        def source(a: Attribution) -> dict[str, Any]:
            if a.version not in sources:
                made = self.made(a, messages.get(a.commit, ""))
                number = int(a.version[1:]) if a.version[1:].isdigit() else 0
                sources[a.version] = {
                    "version": a.version,
                    "made": made,
                    "tint": 0 if number <= 1 else (number - 2) % 6 + 1,
                    "title": f"{a.version} · {made['text']} · {made['date']}",
                }
            return sources[a.version]

        def mark(a: Attribution) -> Mark:
            """A span tinted by its version, with a reference to it after it."""
            src = source(a)
            ref = (
                f'<sup class="ref"><a href="#src-{src["version"]}">{src["version"]}</a></sup>'
                if src["tint"]
                else ""
            )
            attrs = (("class", f"src-{src['tint']}"), ("title", src["title"]))
            return Mark("span", attrs, after=ref, around_syntax=True)

        clauses = []
        for clause in blamed:
            found = self.final.get(clause.id)
            segments = [(s.text, mark(s.attribution)) for s in clause.spans if s.text]
            clauses.append(
                {
                    "id": clause.id,
                    "label": clause.label,
                    "link": self.clause_link(clause.id),
                    "heading": found is not None and found.kind is ClauseKind.HEADING,
                    # The clause's Markdown rendered, each span in its version's tint.
                    "html": _markup(marked_html(segments, offline=True)),
                }
            )
        legend = sorted(sources.values(), key=lambda s: int(s["version"][1:] or 0))
        return self.render(
            "dossier_blame.html.j2",
            "blame.html",
            self.t("dossier.blame"),
            clauses=clauses,
            legend=legend,
        )
