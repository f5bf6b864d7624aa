"""``make demo`` tells the whole story on the seed; this test runs it once and checks the story.

One test rather than one per check: the demo takes a while, and a module fixture
would run it once per xdist worker.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from .conftest import ROOT, SEED

EXPECTED = ROOT / "tests" / "expected" / "demo-final.md"
SLUG = "bibliomodel-2022"


class Demo:
    def __init__(self, out: Path, log: str) -> None:
        self.out = out
        self.repo = out / "forum"
        self.log = log

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.repo), *args], capture_output=True, text=True, check=True
        ).stdout

    def output_of(self, command: str) -> str:
        """What the demo printed for the first command that starts with ``command``."""
        start = self.log.index(f"\n$ {command}")
        start = self.log.index("\n", start + 1) + 1
        end = self.log.find("\n$ ", start)
        return self.log[start : end if end >= 0 else len(self.log)]

    def commits(self, action: str) -> list[str]:
        out = self.git("log", "--format=%H", f"--grep=Resvcs-Action: {action}", "--reverse")
        return out.split()


def run_demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    assert SEED.exists(), "the seed must be in ../shared beside the project"
    out = tmp_path_factory.mktemp("demo") / "demo-output"
    home = tmp_path_factory.mktemp("home")
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("RESVCS_AUTHOR", None)
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "demo.sh"), str(out)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return Demo(out, result.stdout)


def check_final_text_is_the_expected_one(demo: Demo) -> None:
    final = (demo.repo / "drafts" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert final == EXPECTED.read_text(encoding="utf-8")
    assert "СФЗО" not in final
    assert "предусмотреть в региональных программах средства на обновление фондов" in final
    assert "Опыт создания и лучшие практики" in final
    assert "в социальных сетях и на региональных порталах культуры;" in final
    # The rejected amendment left ¶9 as it was.
    assert "Форум прошел в гибридном формате – оффлайн и онлайн." in final
    assert "очно и дистанционно" not in final
    assert not final.startswith("ПРОЕКТ")


def check_every_command_is_printed_before_its_output(demo: Demo) -> None:
    commands = re.findall(r"^\$ (\S+ \S+)", demo.log, re.M)
    for name in ("propose", "amendments", "amendment", "review", "accept", "reject"):
        assert f"resvcs {name}" in commands
    for name in ("resolve", "adopt", "table"):
        assert f"resvcs {name}" in commands


def check_one_acceptance_fixed_all_four(demo: Demo) -> None:
    acceptances = demo.commits("acceptance")
    assert len(acceptances) == 5
    fixing = []
    for sha in acceptances:
        before = demo.git("show", f"{sha}~1:drafts/{SLUG}.md").count("СФЗО")
        after = demo.git("show", f"{sha}:drafts/{SLUG}.md").count("СФЗО")
        if after != before:
            fixing.append((before, after))
    assert fixing == [(4, 0)]
    assert demo.output_of("resvcs accept 1 2 4 5").startswith("Accepted amendment 1 (")


def check_two_amendments_from_one_edited_copy(demo: Demo) -> None:
    out = demo.output_of("resvcs propose --from")
    assert out.splitlines()[0] == f"Proposed 2 amendments from {demo.out}/olga.md:"
    proposal = [
        sha
        for sha in demo.commits("proposal")
        if demo.git("log", "-1", "--format=%an", sha).strip() == "Olga Editor"
    ]
    assert len(proposal) == 1
    trailers = demo.git("log", "-1", "--format=%(trailers:key=Amendment,valueonly)", proposal[0])
    assert len(trailers.split()) == 2


def check_review_showed_the_competing_group(demo: Demo) -> None:
    review = demo.output_of("resvcs review")
    assert "== ¶13.2: competing amendments ==" in review
    assert "Amendments 5 and 6 change the same words" in review
    assert "If accepted: amendment 6 no longer applies (it would become conflicted)." in review
    assert "If accepted: amendment 5 no longer applies (it would become conflicted)." in review


def check_competing_amendment_conflicted_after_the_first_acceptance(demo: Demo) -> None:
    accepted = demo.output_of("resvcs accept 1 2 4 5").splitlines()
    assert accepted[3].startswith("Accepted amendment 5 (")
    assert accepted[4].startswith("  Amendment 6 (") and "is now conflicted" in accepted[4]
    # The acceptance of 5 wrote 6's record as conflicted in the same commit.
    fifth = demo.commits("acceptance")[3]
    changed = demo.git("show", "--name-only", "--format=", fifth).split()
    records = [
        demo.git("show", f"{fifth}:{path}") for path in changed if path.startswith("reviews/")
    ]
    assert sum("status: conflicted" in r for r in records) == 1
    assert "conflicted" in demo.output_of("resvcs amendments --status pending")
    assert demo.output_of("resvcs resolve 6").startswith("Resolved amendment 6 (")


def check_rejected_with_a_reason(demo: Demo) -> None:
    out = demo.output_of("resvcs reject 3")
    assert out.startswith("Rejected amendment 3 (") and "Reason: «Оффлайн»" in out
    assert len(demo.commits("rejection")) == 1


def check_adopted_and_tagged(demo: Demo) -> None:
    assert demo.git("cat-file", "-t", f"{SLUG}-adopted").strip() == "tag"
    tagged = demo.git("rev-parse", f"{SLUG}-adopted^{{commit}}").strip()
    assert tagged == demo.git("rev-parse", "HEAD").strip()


def check_documents_written(demo: Demo) -> None:
    table = (demo.out / "amendments.md").read_text(encoding="utf-8")
    assert table.startswith("# Таблица поправок")
    assert table.count("| принята |") == 5 and table.count("| отклонена |") == 1
    word = docx.Document(str(demo.out / "amendments.docx"))
    assert len(word.tables[0].rows) == 7
    comparative = docx.Document(str(demo.out / "comparative.docx"))
    assert len(comparative.tables[0].rows) > 1
    assert (demo.out / "changes.html").read_text(encoding="utf-8").count("<del>СФЗО</del>") == 4


def check_every_amendment_reads_back_from_its_wording(demo: Demo) -> None:
    """The formal wording of each amendment, in every language, proposed again with
    ``propose --instructions`` (its reading), gives the same operations; the wording
    is what ``amendment`` and the amendment table show."""
    from resolution_vcs import amend
    from resolution_vcs.drafting import LANGUAGES, read_instructions, wording
    from resolution_vcs.repository import Repository

    table = (demo.out / "amendments.md").read_text(encoding="utf-8")
    with Repository.open(demo.repo) as repo:
        amendments = repo.amendments(SLUG)
        assert len(amendments) == 6
        for n in amendments:
            base = repo.document(SLUG, n.amendment.base)
            ops = list(n.amendment.operations)
            for lang in LANGUAGES:
                said = wording(base, ops, lang)
                assert read_instructions(said, base) == [ops], said
            assert f"| {wording(base, ops, 'ru')} |" in table
        # Pavel's instruction is the amendment --clause/--replace/--with makes.
        pavel = amendments[2].amendment
        base = repo.document(SLUG, pavel.base)
        assert list(pavel.operations) == [
            amend.replace_words(base, "¶9", "оффлайн и онлайн", "очно и дистанционно")
        ]
    assert demo.output_of("resvcs propose --instructions").startswith("Proposed amendment 3 (")
    shown = demo.output_of("resvcs amendment 1")
    assert re.search(
        r"\n  Wording: +По всему тексту слово «СФЗО» заменить словом «СЗФО»\.\n", shown
    )


def check_word_redlines(demo: Demo, request: pytest.FixtureRequest) -> None:
    """review.docx: the six pending amendments, amendment 6 (competing with 5) as a
    comment; redline.docx: v1 → the adopted text, each change under its author. Where
    LibreOffice is installed, its accept-all and reject-all give the texts."""
    from resolution_vcs.amend import apply
    from resolution_vcs.parse import parse
    from resolution_vcs.repository import Repository
    from resolution_vcs.text import WORD_RE

    from .libreoffice import available
    from .test_word_redlines import parts, reading_words, revisions
    from .word_files import without_comments

    review, comments = parts((demo.out / "review.docx").read_bytes())
    authors = {who for who, _ in revisions(review, "ins") + revisions(review, "del")}
    assert authors == {"Irina Editor", "Pavel Editor", "Olga Editor"}
    assert "Поправка 6 (" in comments and "Dmitry Editor" in comments
    assert "что поправка 5, показанная" in comments
    redline, comments = parts((demo.out / "redline.docx").read_bytes())
    authors = {who for who, _ in revisions(redline, "ins") + revisions(redline, "del")}
    assert {"Irina Editor", "Pavel Editor", "Olga Editor", "Dmitry Editor"} <= authors
    assert "Принята председателем: Anna Chair" in comments
    if not available():
        return
    office = request.getfixturevalue("libreoffice")
    with Repository.open(demo.repo) as repo:
        v1 = repo.document(SLUG, "v1")
        shown = v1
        for n in range(1, 6):
            result = apply(shown, repo.amendment(SLUG, str(n)).amendment.operations)
            assert result.document is not None
            shown = result.document
        final = repo.document(SLUG)
    for name, new, old in (("review", shown, v1), ("redline", final, v1)):
        bare = demo.out / f"{name}-bare.docx"
        bare.write_bytes(without_comments((demo.out / f"{name}.docx").read_bytes()))
        assert WORD_RE.findall(office.accepted(bare)) == reading_words(new), name
        assert WORD_RE.findall(office.rejected(bare)) == reading_words(old), name
    assert reading_words(final) == reading_words(parse(EXPECTED.read_text(encoding="utf-8")))


def test_demo_tells_the_story(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> None:
    demo = run_demo(tmp_path_factory)
    check_final_text_is_the_expected_one(demo)
    check_every_command_is_printed_before_its_output(demo)
    check_one_acceptance_fixed_all_four(demo)
    check_two_amendments_from_one_edited_copy(demo)
    check_review_showed_the_competing_group(demo)
    check_competing_amendment_conflicted_after_the_first_acceptance(demo)
    check_rejected_with_a_reason(demo)
    check_adopted_and_tagged(demo)
    check_documents_written(demo)
    check_history_of_the_demo(demo)
    check_every_amendment_reads_back_from_its_wording(demo)
    check_it_ends_with_how_to_open_it_in_a_browser(demo)
    check_word_redlines(demo, request)


def check_it_ends_with_how_to_open_it_in_a_browser(demo: Demo) -> None:
    last = demo.log.rstrip("\n").splitlines()[-3:]
    assert last[0].strip() == f"cd {demo.repo}"
    assert (
        last[1].strip().startswith('resvcs user add "Anna Chair <chair@example.org>" --role chair')
    )
    assert last[2].strip().startswith("resvcs serve")


def check_history_of_the_demo(demo: Demo) -> None:
    """verify passes on the demo repository, and blame credits every accepted change."""
    from resolution_vcs.history import blame, log
    from resolution_vcs.repository import Repository
    from resolution_vcs.verify import verify

    with Repository.open(demo.repo) as repo:
        assert verify(repo, SLUG).ok
        accepted = {e.amendment: e.chair for e in log(repo, SLUG) if e.action == "acceptance"}
        numbers = {n.id: n for n in repo.amendments(SLUG)}
        credited = {
            s.attribution.amendment: s.attribution
            for c in blame(repo, SLUG)
            for s in c.spans
            if s.attribution.action == "acceptance"
        }
        assert set(credited) == set(accepted)
        for amendment, attribution in credited.items():
            assert attribution.chair == accepted[amendment]
            assert attribution.author == numbers[amendment].amendment.author
