"""Sub-items follow their items: when an acceptance renumbers item 2, its sub-items
("2.1" as a nested list, as lines inside the item, or as clauses of their own) are
cited by the new number, and every reference to them is rewritten (ru, uk, en)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolution_vcs import amend
from resolution_vcs.amend import apply, delete_clause
from resolution_vcs.diff import ChangeKind
from resolution_vcs.drafting import drafted, read_instructions
from resolution_vcs.ids import assign_ids
from resolution_vcs.model import Document
from resolution_vcs.numbering import outline, stated_renumbering
from resolution_vcs.parse import parse
from resolution_vcs.present.amendments import amendment_wording
from resolution_vcs.references import find_references
from resolution_vcs.repository import Repository
from resolution_vcs.storage import Person
from resolution_vcs.verify import verify

from .conftest import CHAIR, DATE, EDITOR
from .test_cli import run

chair, editor = Person.parse(CHAIR), Person.parse(EDITOR)

#: A decision as a secretary types it: sub-items 2.1 and 2.2 of item 2, and item 3
#: citing sub-item 2.1. The plain-text import makes them a nested list.
DECISIONS = {
    "ru": (
        "РЕШЕНИЕ\n\n1. Утвердить план.\n2. Создать рабочую группу:\n2.1. из пяти членов;\n"
        "2.2. сроком на один год.\n"
        "3. Рабочей группе в составе, указанном в подпункте 2.1, подготовить доклад.\n",
        "подпункте",
        "изменив соответственно нумерацию их подпунктов",
    ),
    "uk": (
        "РІШЕННЯ\n\n1. Затвердити план.\n2. Створити робочу групу:\n2.1. у складі п'яти членів;\n"
        "2.2. строком на один рік.\n"
        "3. Робочій групі у складі, зазначеному в підпункті 2.1, підготувати доповідь.\n",
        "підпункті",
        "змінивши відповідно нумерацію їх підпунктів",
    ),
    "en": (
        "RESOLUTION\n\n1. Approve the plan.\n2. Set up a working group:\n2.1. of five members;\n"
        "2.2. for one year.\n3. The working group set up under subparagraph 2.1 shall report.\n",
        "subparagraph",
        "and their subparagraphs accordingly",
    ),
}


def _repo(tmp_path: Path, text: str, source: str = "d.txt") -> Repository:
    repo = Repository.init(tmp_path / "r", actor=chair, date=DATE)
    repo.import_document(text.encode(), source=source, slug="d", author=chair, date=DATE)
    return repo


def _lines(text: str) -> list[str]:
    """The numbered lines of a text: "3. …", "   1. …", "3.1. …", without their words."""
    return [m.group(0) for m in re.finditer(r"(?m)^[ \t]*\d+(?:\.\d+)*\\?[.)]", text)]


@pytest.mark.parametrize("lang", sorted(DECISIONS))
@pytest.mark.parametrize(
    ("how", "old", "new"), [("insert", "2", "3"), ("delete", "2", "1")], ids=["insert", "delete"]
)
def test_sub_items_follow_their_item_and_references_to_them_too(
    tmp_path: Path, lang: str, how: str, old: str, new: str
) -> None:
    text, noun, follow = DECISIONS[lang]
    repo = _repo(tmp_path, text)
    doc = repo.document("d")
    assert [c.label for c in doc][1:] == ["1", "2", "2.1", "2.2", "3"]
    op = repo.insertion("d", "1", "X.", "before") if how == "insert" else delete_clause(doc, "1")
    repo.propose("d", [[op]], author=editor)
    # Before the decision: review lists the sub-items and the rewritten reference,
    # and the amendment's wording says the sub-items follow.
    (item,) = repo.review("d")
    pairs = [(r.old, r.new) for r in item.consequences.renumbered]
    assert (f"{old}.1", f"{new}.1") in pairs and (f"{old}.2", f"{new}.2") in pairs
    assert [str(c) for c in item.consequences.references] == [
        f"«{noun} {old}.1» → «{noun} {new}.1»"
    ]
    wording = amendment_wording(repo, "d", repo.amendment("d", "1").amendment)
    assert follow in wording and f"{old}.1" not in wording
    assert read_instructions(wording, doc) == [[op]]
    repo.accept("d", ["1"], chair=chair)
    after = repo.document("d")
    # The nested items keep their markers and are cited by their item's new number.
    labels = [c.label for c in after]
    assert f"{new}.1" in labels and f"{new}.2" in labels and f"{old}.1" not in labels[1:3]
    assert f"{noun} {new}.1" in repo.text("d") and f"{noun} {old}.1" not in repo.text("d")
    kinds = {c.label: c.kind for c in repo.diff("d").changed}
    assert kinds[f"{new}.1"] is ChangeKind.RENUMBERED
    assert verify(repo, "d").ok
    repo.close()


@pytest.mark.parametrize("lang", sorted(DECISIONS))
def test_cli_review_accept_and_amendment_say_the_sub_items_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    text, noun, follow = DECISIONS[lang]
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    run("init", str(tmp_path / "r"), "--chair", CHAIR)
    monkeypatch.chdir(tmp_path / "r")
    run("import", str(tmp_path / "d.txt"), "--slug", "d")
    env = {"RESVCS_AUTHOR": CHAIR}
    run("propose", "--insert-before", "1", "--text", "X.", env=env)
    review = run("review", env=env).output
    assert "Renumbering: 1 → 2, 2 → 3, 2.1 → 3.1, 2.2 → 3.2, 3 → 4." in review
    assert f"«{noun} 2.1» → «{noun} 3.1»" in review and follow in review
    assert follow in run("amendment", "1", env=env).output
    accepted = run("accept", "1", env=env).output
    assert "2.1 → 3.1" in accepted
    assert f"{noun} 3.1" in run("show", env=env).output
    assert "Verified d" in run("verify", env=env).output


#: The same decision written in Markdown with the sub-items inside item 2's clause.
INSIDE = (
    "РЕШЕНИЕ\n\n1. Утвердить план.\n2. Создать рабочую группу:\n\n   2.1. из пяти членов;\n\n"
    "   2.2. сроком на один год.\n"
    "3. Рабочей группе в составе по подпункту 2.1 в срок по подпункту 2.2 подготовить доклад.\n"
)


def test_sub_items_written_inside_their_item_follow_it(tmp_path: Path) -> None:
    repo = _repo(tmp_path, INSIDE, "d.md")
    doc = repo.document("d")
    refs = [r for r in find_references(doc) if r.clause == doc.find("3").id]
    assert [(r.status, r.cited[0].target) for r in refs] == [("resolved", doc.find("2").id)] * 2
    repo.propose("d", [[repo.insertion("d", "1", "Выделить средства.", "before")]], author=editor)
    (item,) = repo.review("d")
    assert [str(c) for c in item.consequences.references] == [
        "«подпункту 2.1» → «подпункту 3.1»",
        "«подпункту 2.2» → «подпункту 3.2»",
    ]
    wording = amendment_wording(repo, "d", repo.amendment("d", "1").amendment)
    assert wording.endswith(
        "Пункты 1–3 считать соответственно пунктами 2–4, изменив соответственно нумерацию "
        "их подпунктов."
    )
    repo.accept("d", ["1"], chair=chair)
    text = repo.text("d")
    assert _lines(text) == ["1.", "2.", "3.", "   3.1.", "   3.2.", "4."]
    assert "по подпункту 3.1 в срок по подпункту 3.2 подготовить" in text
    # Only the numbers changed in item 3: a renumbering, not a rewording.
    kinds = {c.label: c.kind for c in repo.diff("d").changed}
    assert kinds["3"] is ChangeKind.RENUMBERED
    assert verify(repo, "d").ok
    repo.close()


def test_an_amount_at_the_start_of_a_line_is_not_a_sub_item() -> None:
    doc = assign_ids(
        parse("1. Первое.\n2. Выделить:\n\n   2.5. млн рублей;\n\n   2.7. млн рублей.\n")
    )
    result = apply(doc, [amend.insert_clause(doc, "1", "Новое.", "before")])
    assert result.document is not None
    assert _lines(result.document.render()) == ["1.", "2.", "3.", "   2.5.", "   2.7."]


def test_sub_items_of_their_own_follow_their_item() -> None:
    """ "2.1." paragraphs after item "2." (each a clause): their numbers carry the item's."""
    text = (
        "1\\. Первое.\n\n2\\. Создать группу:\n\n2.1. из пяти членов;\n\n2.2. на год.\n\n"
        "3\\. Группе согласно подпункту 2.2 отчитаться.\n"
    )
    doc = assign_ids(parse(text))
    ops = [amend.insert_clause(doc, doc.clauses[0].id, "Новое.", "before")]
    result = apply(doc, ops)
    assert result.document is not None
    assert _lines(result.document.render()) == ["1\\.", "2\\.", "3\\.", "3.1.", "3.2.", "4\\."]
    assert [(c.old, c.new) for c in result.references] == [("подпункту 2.2", "подпункту 3.2")]
    renumbered = stated_renumbering(doc, result.renumbered)
    stated = drafted(doc, ops, "ru", renumbered)
    assert "изменив соответственно нумерацию их подпунктов" in stated.text
    assert read_instructions(stated.text, doc) == [ops]


def test_verify_accepts_acceptances_recorded_before_sub_items_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository made when references to nested items were left as they were still
    verifies: its acceptances are checked by the rules they were made under."""
    text, _noun, _follow = DECISIONS["ru"]
    repo = _repo(tmp_path, text)
    repo.propose("d", [[repo.insertion("d", "1", "X.", "before")]], author=editor)
    defaults = dict(amend.apply.__kwdefaults__ or {})
    monkeypatch.setattr(amend.apply, "__kwdefaults__", {**defaults, "subitems": False})
    repo.accept("d", ["1"], chair=chair)
    monkeypatch.setattr(amend.apply, "__kwdefaults__", defaults)
    assert "в подпункте 2.1," in repo.text("d")  # the old rules left it
    assert verify(repo, "d").ok
    repo.close()


# -- a property: references follow the items they cite ------------------------------------------


@st.composite
def hierarchical_decisions(draw: st.DrawFn) -> str:
    """A decision of items, some with sub-items (a nested list or lines inside the item),
    and items citing sub-items and items before them."""
    count = draw(st.integers(2, 6))
    inside = draw(st.booleans())
    lines = ["РЕШЕНИЕ", ""]
    cited: list[str] = []
    for n in range(1, count + 1):
        subs = draw(st.integers(0, 3))
        words = f"Пункт о предмете {n}"
        if cited and draw(st.booleans()):
            target = draw(st.sampled_from(cited))
            words += f" согласно {'подпункту' if '.' in target else 'пункту'} {target}"
        lines.append(f"{n}. {words}{':' if subs else '.'}")
        cited.append(str(n))
        for k in range(1, subs + 1):
            if inside:
                lines.extend(["", f"   {n}.{k}. условие;"])
            else:
                lines.append(f"   {k}. условие;")
            cited.append(f"{n}.{k}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hierarchical_decisions(), st.data())
def test_references_keep_naming_the_items_they_named(text: str, data: st.DataObject) -> None:
    doc = assign_ids(parse(text))
    items = [i for i in outline(doc).items.values() if i.parent is None]
    anchor = data.draw(st.sampled_from(items))
    if data.draw(st.booleans()):
        ops = [amend.insert_clause(doc, anchor.id, "Новый пункт.", "before")]
    else:  # the item with its sub-items
        tree = outline(doc)
        ops = amend.delete_clauses(
            doc, [i.id for i in tree.items.values() if i.path()[0] is anchor]
        )
    result = apply(doc, ops)
    assert result.document is not None
    after = result.document
    after_refs = {r.clause: r for r in find_references(after)}
    deleted = {c.id for c in doc} - {c.id for c in after}
    for ref in find_references(doc):
        if ref.clause in deleted or ref.cited[0].target in deleted:
            continue
        same = after_refs[ref.clause]
        # The same item (or the item holding the sub-item) is named, by its number now.
        assert same.status == "resolved" and same.cited[0].target == ref.cited[0].target
    # Sub-items carry their item's number, and every list counts from one.
    for item in outline(after).items.values():
        assert item.cited().startswith(item.parent.cited() + ".") if item.parent else True
    assert verify_numbers(after)


def verify_numbers(doc: Document) -> bool:
    """Whether every list of ``doc`` counts 1, 2, 3 … and sub-items written inside an
    item carry its number."""
    tree = outline(doc)
    for lst in tree.lists:
        if [i.number.rsplit(".", 1)[-1] for i in lst.items] != [
            str(k) for k in range(1, len(lst.items) + 1)
        ]:
            return False
    for item in tree.items.values():
        for m in re.finditer(r"(?m)^ +(\d+(?:\.\d+)+)\.", doc.clauses[item.index].content):
            if not m.group(1).startswith(item.cited() + "."):
                return False
    return True


def test_an_item_is_not_taken_for_a_sub_item_of_the_same_number() -> None:
    """ "пункту 1" in item 2, which has sub-items of its own, names item 1 (sub-item 1 of
    item 2 is "подпункт 2.1"), before and after a renumbering."""
    text = (
        "РЕШЕНИЕ\n\n1. Пункт о предмете 1.\n2. Пункт о предмете 2.\n"
        "3. Пункт о предмете 3 согласно пункту 2:\n   1. условие;\n"
    )
    doc = assign_ids(parse(text))
    (ref,) = find_references(doc)
    assert ref.cited[0].target == doc.find("2").id
    result = apply(doc, [delete_clause(doc, "1")])
    assert result.document is not None
    (after,) = find_references(result.document)
    assert after.text == "пункту 1" and after.cited[0].target == doc.find("2").id
