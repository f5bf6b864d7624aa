"""XSS: hostile text in drafts and amendment records never runs in a page resvcs writes.

About sixty payloads (script and event-handler markup, ``javascript:`` and ``data:`` links in
every Markdown link syntax, entity and encoding tricks, raw HTML blocks, ``<style>``,
``<meta http-equiv=refresh>``, ``<base>``, attribute and element breakouts, template syntax)
go (a) into the clauses of a draft and (b) into amendment records: rationale, reason,
author and co-sponsor names, proposed wording; and into the title and a commit message.
Every HTML output of the command line is written from that repository (``diff --format
html``, ``table --format html`` of both kinds, ``export --format html`` and every page of
``dossier``) and checked twice:

* statically: no ``<script``, no event-handler attribute, no ``javascript:``/``data:``
  address, no markup the templates do not write;
* in headless Chromium: each payload, if it ran, would set ``document.title`` to ``PWNED``
  and ``data-pwned`` on ``<html>``. All pages are loaded at once into frames of a harness
  page served over local HTTP (same origin, so the harness reads each frame's live DOM),
  and the command outputs also on their own with ``--dump-dom``. A canary page with a
  real script shows that the check would see a payload that ran. Each payload's text must
  still be visible in the pages that show it, so that it was really there.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from resolution_vcs.cli import main

from .browser import needs_chromium, run_chromium
from .conftest import CHAIR

#: What a payload does if it runs: a title and an attribute no page of resvcs has.
#: No quotes, spaces or Markdown markup, so it fits every context below unchanged.
JS = "document.title=/PWNED/.source;document.documentElement.dataset.pwned={n}"


@dataclass(frozen=True)
class Payload:
    """A hostile snippet; ``{js}`` is replaced by the marker script, ``{n}`` by its number.

    ``shown`` is the text a reader must still see where the tool renders it (by default
    the snippet itself); None where the snippet shows no text of its own.
    """

    source: str
    shown: str | None = ""
    block: bool = False

    def text(self, n: int) -> str:
        return self.source.replace("{js}", JS.replace("{n}", str(n))).replace("{n}", str(n))

    def visible(self, n: int) -> str | None:
        if self.shown is None:
            return None
        return Payload(self.shown or self.source).text(n)


PAYLOADS = [
    # script elements
    Payload("<script>{js}</script>"),
    Payload("<SCRIPT SRC=data:text/javascript,{js}></SCRIPT>"),
    Payload("<scr<script>ipt>{js}</scr</script>ipt>"),
    Payload("<svg><script>{js}</script></svg>"),
    # event handlers
    Payload("<img src=x onerror={js}>"),
    Payload('<img src="x" onerror="{js}">'),
    Payload("<svg onload={js}>"),
    Payload("<body onload={js}>"),
    Payload("<details open ontoggle={js}>d{n}</details>"),
    Payload("<input autofocus onfocus={js}>"),
    Payload("<video><source onerror={js}></video>"),
    Payload("<marquee onstart={js}>m{n}</marquee>"),
    # frames and embedded documents
    Payload('<iframe src="javascript:{js}"></iframe>'),
    Payload('<iframe srcdoc="<script>parent.{js}</script>"></iframe>'),
    Payload('<object data="javascript:{js}"></object>'),
    Payload('<embed src="javascript:{js}">'),
    Payload('<form action="javascript:{js}"><button>go{n}</button></form>'),
    # links in HTML
    Payload('<a href="javascript:{js}">a{n}</a>'),
    Payload('<a href="jav&#x09;ascript:{js}">tab{n}</a>', "tab{n}</a>"),
    Payload('<a href="&#106;avascript:{js}">ent{n}</a>', "ent{n}</a>"),
    Payload('<a href="data:text/html,<script>{js}</script>">data{n}</a>'),
    # links in Markdown: inline, autolink, reference, image, attributes
    Payload("[link{n}](javascript:{js})", "link{n}"),
    Payload("[caps{n}](JaVaScRiPt:{js})", "caps{n}"),
    Payload("[spaced{n}]( javascript:{js} )", "spaced{n}"),
    Payload("[entity{n}](jav&#x61;script:{js})", "entity{n}"),
    Payload("[tab{n}](java&#9;script:{js})", "tab{n}"),
    Payload(
        "[b64-{n}](data:text/html;base64,PHNjcmlwdD5kb2N1bWVudC50aXRsZT0vUFdORUQvLnNvdXJjZTwvc2NyaXB0Pg==)",
        "b64-{n}",
    ),
    Payload("[vb{n}](vbscript:{js})", "vb{n}"),
    Payload("<javascript:{js}>", "javascript:{js}"),
    Payload("<data:text/html,{js}>", "data:text/html,{js}"),
    Payload("[ref{n}][evil-ref]", "ref{n}"),
    Payload("![img{n}](javascript:{js})", "img{n}"),
    Payload('![alt{n}](x" onerror="{js})', "alt{n}"),
    Payload("![pic{n}](https://example.invalid/p.png){onerror={js}}", "pic{n}"),
    Payload("[span{n}]{.x onmouseover={js}}", "span{n}"),
    Payload("[]{#anchor{n} onclick={js}}", None),
    # style, meta, base, link
    Payload("<style>@import 'javascript:{js}';</style>"),
    Payload('<style>body{background:url("javascript:{js}")}</style>'),
    Payload('<meta http-equiv="refresh" content="0;url=javascript:{js}">'),
    Payload('<base href="javascript:{js}//">'),
    Payload('<link rel=stylesheet href="javascript:{js}">'),
    # breaking out of attributes and elements
    Payload('" onmouseover="{js}" x="'),
    Payload("' onmouseover='{js}' x='"),
    Payload('"><script>{js}</script>'),
    Payload("'><img src=x onerror={js}>"),
    Payload("</title><script>{js}</script>"),
    Payload("</textarea><script>{js}</script>"),
    Payload("</style><script>{js}</script>"),
    Payload("--><script>{js}</script><!--"),
    Payload('<!--<img src="--><img src=x onerror={js}>-->'),
    Payload('<noscript><p title="</noscript><img src=x onerror={js}>">'),
    Payload("<math><mtext><table><mglyph><style><img src=x onerror={js}>"),
    # entities and escapes that decode to markup
    Payload("&lt;script&gt;{js}&lt;/script&gt;", "{js}"),
    Payload("&#60;script&#62;{js}&#60;/script&#62;", "{js}"),
    Payload("\\<script>{js}\\</script>", "{js}"),
    Payload("`<script>{js}</script>`", "<script>{js}</script>"),
    # template syntax
    Payload("{{7*7}} {{ config }} {% if 1 %}tpl{n}{% endif %} ${7+7} #{7-7} <%= 7/7 %>"),
    # blocks of their own
    Payload("<div>\n<script>{js}</script>\n</div>", "<script>{js}</script>", block=True),
    Payload("<script>\n{js}\n</script>", "{js}", block=True),
    Payload('<iframe src="javascript:{js}">\nf{n}\n</iframe>', "f{n}", block=True),
    Payload("```html\n<script>{js}</script>\n```", "<script>{js}</script>", block=True),
    Payload("[evil-ref]: javascript:{js}", None, block=True),
    Payload(
        "| cell | link |\n|---|---|\n| <img src=x onerror={js}> | [cell{n}](javascript:{js}) |",
        "cell{n}",
        block=True,
    ),
    Payload("> <svg onload={js}> q{n}", "q{n}", block=True),
    Payload("## <script>{js}</script> h{n}", "h{n}", block=True),
]

#: Payloads that can be a person's name ("Name <email>" holds no angle brackets).
NAME_PAYLOADS = [p for p in PAYLOADS if "<" not in p.source and ">" not in p.source]

TITLE = "</title><script>" + JS.replace("{n}", "900") + '</script>" onmouseover="x'
SLUG = "xss"


def _inline(n: int) -> list[str]:
    """The inline payloads as texts, numbered from ``n``."""
    return [p.text(n + i) for i, p in enumerate(PAYLOADS) if not p.block]


def _inline_shown(n: int) -> list[str]:
    """What a reader sees of the inline payloads numbered from ``n`` where clause text
    is rendered (a redline or a table shows the clause's Markdown rendered)."""
    return [v for i, p in enumerate(PAYLOADS) if not p.block and (v := p.visible(n + i))]


def draft() -> str:
    """A draft with every payload in a clause of its own: list items, then blocks."""
    lines = ["# Резолюция о безопасности", "", "Преамбула без сюрпризов.", ""]
    lines += [f"{n}. Пункт {n}: {p.text(n)}" for n, p in enumerate(PAYLOADS, 1) if not p.block]
    for n, p in enumerate(PAYLOADS, 1):
        if p.block:
            lines += ["", p.text(n)]
    return "\n".join(lines) + "\n"


def _batch(offset: int) -> str:
    """All inline payloads as one text (a rationale, a reason), numbered from ``offset``."""
    return "\n".join(_inline(offset))


def _name(i: int) -> str:
    return NAME_PAYLOADS[i % len(NAME_PAYLOADS)].text(700 + i)


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"RESVCS_AUTHOR": CHAIR})
    assert result.exit_code == 0, (args[:3], result.output, result.exception)
    return result.output


@dataclass(frozen=True)
class Site:
    """The pages written from the hostile repository, and what each must show."""

    root: Path
    pages: list[str]
    #: page -> texts a reader must see on it
    expected: dict[str, list[str]]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A repository full of payloads and every HTML page resvcs writes from it."""
    base = tmp_path_factory.mktemp("xss")
    home = base / "home"
    home.mkdir()
    saved = dict(os.environ)
    os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home), GIT_CONFIG_NOSYSTEM="1")
    os.environ.pop("RESVCS_AUTHOR", None)
    cwd = Path.cwd()
    out = base / "site"
    out.mkdir()
    try:
        (base / "v1.md").write_text(draft(), encoding="utf-8")
        (base / "v2.md").write_text(draft().replace("Пункт", "Положение"), encoding="utf-8")
        os.chdir(base)
        _invoke("init", "council")
        os.chdir(base / "council")
        _invoke("import", str(base / "v1.md"), "--slug", SLUG, "--title", TITLE)
        message = "Редакция <script>" + JS.replace("{n}", "901") + "</script> [m](javascript:x)"
        _invoke("revise", "--from", str(base / "v2.md"), "-m", message)
        # (b) payloads in records: people, rationale, reason, proposed wording
        _invoke(
            "propose",
            "--clause",
            "1",
            "--text",
            "Новая редакция " + _inline(100)[0],
            "--author",
            f"{_name(0)} <evil@example.org>",
            "--cosponsor",
            f"{_name(1)} <co@example.org>",
            "--rationale",
            _batch(200),
        )
        _invoke(
            "propose",
            "--insert-after",
            "1",
            "--text",
            " ".join(_inline(300)),
            "--author",
            f"{_name(2)} <second@example.org>",
            "--rationale",
            _batch(400),
        )
        _invoke(
            "propose",
            "--clause",
            "3",
            "--text",
            "Ещё одна редакция",
            "--author",
            f"{_name(3)} <third@example.org>",
            "--rationale",
            _batch(500),
        )
        _invoke("reject", "1", "--reason", _batch(600))
        _invoke("accept", "2", "--reason", _batch(800))
        _invoke("diff", "v1", "v2", "--format", "html", "-o", str(out / "diff.html"))
        _invoke(
            "table",
            "--kind",
            "comparative",
            "--format",
            "html",
            "-o",
            str(out / "comparative.html"),
        )
        _invoke(
            "table", "--kind", "amendments", "--format", "html", "-o", str(out / "amendments.html")
        )
        _invoke("export", "--format", "html", "-o", str(out / "export.html"))
        _invoke("dossier", "--out", str(out / "dossier"))
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    clause_texts = [v for n, p in enumerate(PAYLOADS, 1) if (v := p.visible(n))]
    records = _inline(200) + _inline(400) + _inline(600) + _inline(800)
    records += [_name(i) for i in range(4)]
    expected = {
        "export.html": clause_texts,
        "diff.html": clause_texts,
        "dossier/versions/v1.html": clause_texts,
        "comparative.html": _inline_shown(300),
        "amendments.html": records + _inline(500),
        "dossier/amendments.html": records,
    }
    yield Site(out, pages, expected)


# -- static checks -------------------------------------------------------------------

#: Elements none of the templates writes: each would run, load or redirect something.
FORBIDDEN_TAGS = frozenset(
    "script iframe frame frameset img svg math object embed base form input button textarea "
    "video audio source link marquee details noscript".split()
)
URL_ATTRIBUTES = frozenset("href src action formaction data srcdoc poster background".split())
_BAD_URL_RE = re.compile(r"(?:javascript|data|vbscript):", re.IGNORECASE)
_IGNORED_RE = re.compile(r"[\x00-\x20]")
_BAD_TAG_RE = re.compile(
    r"""\s(?:href|src|action|formaction|data)\s*=\s*["']?\s*(?:javascript|data|vbscript):"""
    r"|\son[a-z]+\s*=",
    re.IGNORECASE,
)


class _Scan(HTMLParser):
    """Markup in a page that no template writes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_body = self.in_body or tag == "body"
        if tag in FORBIDDEN_TAGS or (self.in_body and tag in ("style", "meta", "title")):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and _BAD_URL_RE.match(_IGNORED_RE.sub("", value or "")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def test_every_output_was_written(site: Site) -> None:
    top = ["amendments.html", "comparative.html", "diff.html", "export.html"]
    assert all(p in site.pages for p in top)
    assert "dossier/index.html" in site.pages and "dossier/blame.html" in site.pages
    assert len([p for p in site.pages if p.startswith("dossier/clauses/")]) >= len(PAYLOADS)
    assert len(PAYLOADS) >= 60


@pytest.mark.parametrize("check", ["script", "markup", "addresses"])
def test_pages_hold_no_markup_from_the_input(site: Site, check: str) -> None:
    problems = {}
    for page in site.pages:
        text = (site.root / page).read_text(encoding="utf-8")
        if check == "script":
            found = ["<script"] if "<script" in text.lower() else []
        elif check == "markup":
            scan = _Scan()
            scan.feed(text)
            scan.close()
            found = scan.problems
        else:  # every "<" in a page opens a tag: text has "&lt;"
            found = [tag for tag in re.findall(r"<[A-Za-z][^>]*>", text) if _BAD_TAG_RE.search(tag)]
        if found:
            problems[page] = found[:5]
    assert not problems


def _page_text(page: str) -> str:
    """What a reader sees of a page, roughly: tags out, entities decoded, spaces collapsed."""
    without = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S | re.I)
    return _squeeze(html.unescape(re.sub(r"<[^>]+>", "", without)))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def test_payloads_are_shown_as_text(site: Site) -> None:
    """The payloads were really there: each is visible, as text, where its text is shown."""
    missing = {}
    for page, texts in site.expected.items():
        shown = _page_text((site.root / page).read_text(encoding="utf-8"))
        lost = [t for t in texts if _squeeze(t) not in shown]
        if lost:
            missing[page] = lost[:5]
    assert not missing
    title = _page_text((site.root / "export.html").read_text(encoding="utf-8"))
    assert _squeeze(TITLE) in title


# -- in the browser ------------------------------------------------------------------

_HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<pre id="report"></pre>
<script>
const PAGES = %(pages)s;
const FORBIDDEN = %(forbidden)s;
const URLS = %(urls)s;
const frames = {};
let loaded = 0;
function inspect(page) {
  const frame = frames[page];
  try {
    const d = frame.contentDocument;
    const bad = [];
    for (const el of d.querySelectorAll("*")) {
      const tag = el.localName;
      const inBody = el.closest("body") !== null;
      if (FORBIDDEN.includes(tag) || (inBody && ["style", "meta", "title"].includes(tag))) {
        bad.push("<" + tag + ">");
      }
      for (const a of el.attributes) {
        const v = a.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (a.name.startsWith("on")) bad.push(tag + " " + a.name);
        if (URLS.includes(a.name) && /^(javascript|data|vbscript):/.test(v)) {
          bad.push(tag + " " + a.name + "=" + a.value);
        }
      }
    }
    return {
      title: d.title,
      pwned: d.documentElement.getAttribute("data-pwned"),
      location: frame.contentWindow.location.href,
      text: d.body ? d.body.innerText : "",
      dom: d.documentElement.outerHTML,
      bad: bad,
    };
  } catch (e) {
    return {error: String(e)};
  }
}
function report() {
  const out = {};
  for (const page of PAGES) out[page] = inspect(page);
  document.getElementById("report").textContent = JSON.stringify(out);
}
for (const page of PAGES) {
  const frame = document.createElement("iframe");
  frame.onload = () => { if (++loaded === PAGES.length) setTimeout(report, 500); };
  frame.src = page;
  frames[page] = frame;
  document.body.appendChild(frame);
}
</script>
</body></html>
"""

CANARY = (
    "<!DOCTYPE html><html><head><title>canary</title></head><body>"
    f"<script>{JS.replace('{n}', '0')}</script>"
    '<img src="x" onerror="document.body.dataset.img=1"></body></html>'
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[str]:
    """The pages over HTTP on 127.0.0.1 (one origin: the harness reads every frame)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site.root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _executed(dom: str) -> bool:
    """Whether a dumped DOM shows a payload's effect (its text alone never matches)."""
    return "<title>PWNED</title>" in dom or re.search(r"<html[^>]*\sdata-pwned", dom) is not None


@pytest.fixture(scope="module")
def browsed(
    site: Site, server: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """Every page loaded in Chromium inside the harness; what each frame's DOM held."""
    pages = [*site.pages, "canary.html"]
    (site.root / "canary.html").write_text(CANARY, encoding="utf-8")
    harness = _HARNESS % {
        "pages": json.dumps(pages),
        "forbidden": json.dumps(sorted(FORBIDDEN_TAGS)),
        "urls": json.dumps(sorted(URL_ATTRIBUTES)),
    }
    (site.root / "harness.html").write_text(harness, encoding="utf-8")
    tmp = tmp_path_factory.mktemp("chromium")
    result = run_chromium(
        tmp, "--virtual-time-budget=20000", "--dump-dom", f"{server}/harness.html"
    )
    match = re.search(r'<pre id="report">(.*?)</pre>', result.stdout, re.S)
    assert match and match.group(1), result.stderr[-2000:]
    report: dict[str, dict[str, Any]] = json.loads(html.unescape(match.group(1)))
    return report


@needs_chromium
def test_the_browser_check_sees_a_script_that_runs(browsed: dict[str, dict[str, Any]]) -> None:
    canary = browsed["canary.html"]
    assert canary["title"] == "PWNED" and canary["pwned"] == "0"
    assert _executed(canary["dom"]) and "<script>" in ",".join(canary["bad"])


@needs_chromium
def test_no_payload_runs_in_any_page(site: Site, browsed: dict[str, dict[str, Any]]) -> None:
    problems = {}
    for page in site.pages:
        frame = browsed[page]
        assert "error" not in frame, (page, frame)
        found = []
        if frame["title"] == "PWNED" or frame["pwned"] is not None or _executed(frame["dom"]):
            found.append(f"payload {frame['pwned']} ran")
        if not frame["location"].endswith("/" + page):
            found.append(f"navigated to {frame['location']}")
        found += frame["bad"][:5]
        if found:
            problems[page] = found
    assert not problems


@needs_chromium
def test_the_browser_shows_the_payloads_as_text(
    site: Site, browsed: dict[str, dict[str, Any]]
) -> None:
    missing = {}
    for page, texts in site.expected.items():
        shown = _squeeze(browsed[page]["text"])
        lost = [t for t in texts if _squeeze(t) not in shown]
        if lost:
            missing[page] = lost[:5]
    assert not missing


@needs_chromium
@pytest.mark.parametrize(
    "page", ["diff.html", "comparative.html", "amendments.html", "export.html"]
)
def test_each_command_output_alone_in_the_browser(site: Site, page: str, tmp_path: Path) -> None:
    """The page opened on its own from disk, as a user opens it; the dumped DOM is clean."""
    result = run_chromium(tmp_path, "--dump-dom", (site.root / page).as_uri())
    dom = result.stdout
    assert "</html>" in dom, result.stderr[-2000:]
    assert not _executed(dom)
    scan = _Scan()
    scan.feed(dom)
    assert not scan.problems
