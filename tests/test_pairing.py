"""Which clause continues which: a move needs evidence, a split or merged clause
goes on from where it began, and a number alone pairs nothing.

The cases are made from the corpus law's last version, the way real codes
change: editorial notes of one shape about different provisions, section
headings whose two lines are merged, parts split in two or merged with their
notes, a part restated as another provision under the same number.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs.diff import ChangeKind, DocumentDiff, diff
from resolution_vcs.ids import assign_ids
from resolution_vcs.parse import parse

from .conftest import CORPUS, generated_code

LAW = CORPUS[-1].read_text(encoding="utf-8")


def changes(old: str, new: str) -> DocumentDiff:
    """The diff by content, and the same by ids carried over (as a revision gets them)."""
    by_content = diff(parse(old), parse(new))
    before = assign_ids(parse(old))
    by_ids = diff(before, assign_ids(parse(new), before))
    assert by_ids.summary == by_content.summary
    return by_content


def kinds(delta: DocumentDiff) -> dict[str, int]:
    return {k: v for k, v in delta.summary.items() if v and k != "unchanged"}


def rows(delta: DocumentDiff) -> list[tuple[str, str, str]]:
    """(kind, old text, new text) of each changed clause."""
    return [
        (c.kind.value, c.old.text if c.old else "", c.new.text if c.new else "")
        for c in delta.changed
    ]


def clause_of(text: str, opening: str) -> str:
    """The paragraph (its lines up to a blank line) of the law that holds ``opening``."""
    at = text.index(opening)
    start = text.rfind("\n", 0, at) + 1
    return text[start : text.index("\n\n", at)]


def block_of(text: str, opening: str) -> str:
    """The block of the law (up to blank lines: the clause with its anchor line) that
    holds ``opening``."""
    at = text.index(opening)
    return text[text.rfind("\n\n", 0, at) + 2 : text.index("\n\n", at)]


def test_a_note_of_the_same_shape_far_away_is_not_a_move() -> None:
    """One editorial note deleted, another of the same shape about another provision
    added in another article: alike in wording, but nothing around them agrees."""
    note = block_of(LAW, "{Пункт 5 частини першої статті 14")
    other = (
        "{Пункт 2 частини першої статті 21 із змінами, внесеними згідно із Законом "
        "[№ 2228-IX від 19.04.2022](/go/2228-20) }"
    )
    new = LAW.replace(note + "\n\n", "", 1)
    after = clause_of(new, "Стаття 22")
    new = new.replace(after + "\n\n", after + "\n\n" + other + "\n\n", 1)
    delta = changes(LAW, new)
    assert kinds(delta) == {"added": 1, "deleted": 1}
    assert [kind for kind, *_ in rows(delta)] == ["deleted", "added"]


def test_heading_lines_merged_or_split_are_no_moves() -> None:
    """Each section heading "Розділ I" + "ЗАГАЛЬНІ ПОЛОЖЕННЯ" as two clauses, then as
    one: the heading goes on as its title line, and the number line is deleted."""
    apart = re.sub(r"(Розділ [IVX]+)\\\n", r"\1\n\n", LAW)
    sections = len(re.findall(r"^Розділ [IVX]+$", apart, re.MULTILINE))
    assert sections == 6
    merged = changes(apart, LAW)
    assert kinds(merged) == {"modified": sections, "deleted": sections}
    for kind, old, new in rows(merged):
        if kind == "deleted":
            assert re.fullmatch(r"Розділ [IVX]+", old)
        else:
            assert new.endswith(old) and re.match(r"Розділ [IVX]+\s", new)
    split = changes(LAW, apart)
    assert kinds(split) == {"modified": sections, "added": sections}


def test_a_split_part_goes_on_as_its_first_half() -> None:
    """Part 2 split in two sentences, the first reworded: the part goes on as the
    first half (where its number went), the second half is added; merged back,
    the reverse."""
    part = clause_of(LAW, "2. Запит, що пройшов реєстрацію").split("\n")[-1]
    cut = part.index(", ", len(part) // 2)
    first = part[: cut + 1].replace("реєстрацію", "облік").replace("у встановленому", "в такому")
    second = part[cut + 2 :]
    halves = LAW.replace(part, first + "\n\n" + second[0].upper() + second[1:], 1)
    split = changes(LAW, halves)
    assert [(kind, new.startswith("2.")) for kind, _, new in rows(split)] == [
        ("modified", True),
        ("added", False),
    ]
    merged = changes(halves, LAW)
    assert [(kind, old.startswith("2.")) for kind, old, _ in rows(merged)] == [
        ("modified", True),
        ("deleted", False),
    ]


def test_a_part_merged_with_its_long_note_goes_on_as_the_merged_text() -> None:
    part = "5. Розпорядники інформації оприлюднюють її."
    note = (
        "{Частину п'яту статті 15 доповнено згідно із Законом № 1723-IX від 08.09.2021, "
        "із змінами, внесеними згідно із Законами № 720-IX від 17.06.2020, № 808-IX від "
        "17.07.2020, № 912-IX від 17.09.2020 }"
    )
    anchor = clause_of(LAW, "Стаття 16.")
    apart = LAW.replace(anchor, part + "\n\n" + note + "\n\n" + anchor, 1)
    together = LAW.replace(anchor, part + " " + note + "\n\n" + anchor, 1)
    delta = changes(apart, together)
    assert [(kind, old) for kind, old, _ in rows(delta)] == [
        ("modified", part),
        ("deleted", note),
    ]


def test_the_same_number_alone_pairs_nothing() -> None:
    """Part 2 of an article restated as another provision, with its neighbour reworded
    too: the old part 2 is deleted and the new one added, not one edited into the other."""
    old_part = clause_of(LAW, "2. Публічна інформація є відкритою").split("\n")[-1]
    first = clause_of(LAW, "1. Публічна інформація - це").split("\n")[-1]
    new = LAW.replace(
        old_part, "2. Кабінет Міністрів України затверджує порядок ведення реєстру.", 1
    ).replace(first, first.replace("будь-якими засобами", "будь-якими способами"), 1)
    delta = changes(LAW, new)
    assert kinds(delta) == {"modified": 1, "added": 1, "deleted": 1}
    assert ("deleted", old_part, "") in rows(delta)


FORMULA = (
    "{{Частина {part} статті {article} із змінами, внесеними згідно із Законом "
    "№ {law}-IX від {day:02d}.0{month}.2021 }}"
)
PART = "{n}. Розпорядник інформації {verb} запит протягом {days} робочих днів."


@st.composite
def formulaic_edits(draw: st.DrawFn) -> tuple[str, str]:
    """An article-like text of parts each followed by an editorial note of one shape,
    and a copy edited without moving anything: notes and parts deleted, reworded,
    added elsewhere with other numbers."""
    numbers = iter(range(10, 10_000, 7))
    verbs = st.sampled_from(["розглядає", "реєструє", "виконує", "передає"])

    def part() -> str:
        return PART.format(n=next(numbers) % 9 + 1, verb=draw(verbs), days=next(numbers))

    def note() -> str:
        return FORMULA.format(
            part=draw(st.sampled_from(["перша", "друга", "третя"])),
            article=next(numbers),
            law=next(numbers),
            day=draw(st.integers(1, 28)),
            month=draw(st.integers(1, 9)),
        )

    old = [text for _ in range(draw(st.integers(3, 8))) for text in (part(), note())]
    new = list(old)
    for _ in range(draw(st.integers(1, 5))):
        action = draw(st.sampled_from(["delete", "insert", "reword"]))
        i = draw(st.integers(0, len(new) - 1))
        if action == "delete" and len(new) > 1:
            new.pop(i)
        elif action == "insert":
            new.insert(i, draw(st.sampled_from([note(), part()])))
        else:
            new[i] = new[i].replace("від", "від дня", 1)
    return "\n\n".join(old) + "\n", "\n\n".join(new) + "\n"


@given(formulaic_edits())
@settings(max_examples=150, deadline=None)
def test_no_move_is_reported_where_nothing_moved(pair: tuple[str, str]) -> None:
    old, new = pair
    delta = changes(old, new)
    assert not [c for c in delta.changes if ChangeKind.MOVED in c.kinds]


def test_two_formulas_alike_only_to_each_other_are_no_move() -> None:
    """A note and a part deleted, and a note and a part of the same shapes about other
    provisions added further down: the two new ones vouch for each other's likeness to
    the old ones, but nothing around them was paired, so nothing moved (what the
    property test above once found)."""

    def note(article: int, law: int) -> str:
        return FORMULA.format(part="перша", article=article, law=law, day=1, month=1)

    def part(n: int, days: int) -> str:
        return PART.format(n=n, verb="розглядає", days=days)

    old = [part(2, 17), note(24, 31), part(3, 45), note(52, 59), part(4, 73), note(80, 87)]
    new = [part(2, 17), note(52, 59), part(4, 73), note(94, 101), part(2, 143), note(80, 87)]
    delta = changes("\n\n".join(old) + "\n", "\n\n".join(new) + "\n")
    kinds = sorted(k.value for c in delta.changes for k in c.kinds)
    assert kinds == ["added", "added", "deleted", "deleted"]


def test_a_long_part_moved_far_and_reworded_a_little_is_a_move() -> None:
    """Nearly the same text citing the same numbers is a move, also with nothing
    around it agreeing; once its numbers change, it is another provision."""
    part = block_of(LAW, "2. Запит, що пройшов реєстрацію")
    target = block_of(LAW, "Стаття 22")
    without = LAW.replace(part + "\n\n", "", 1)
    moved = without.replace(
        target, target + "\n\n" + part.replace("обробляється", "розглядається"), 1
    )
    delta = changes(LAW, moved)
    assert kinds(delta) == {"moved": 1}
    assert delta.changed[0].kinds == (ChangeKind.MOVED, ChangeKind.MODIFIED)
    renumbered = moved.replace("\n2. Запит, що пройшов", "\n7. Запит, що пройшов", 1)
    assert kinds(changes(LAW, renumbered)) == {"added": 1, "deleted": 1}


_words = st.lists(st.sampled_from(["закон", "статья", "law", "part", "1", "2", "a"]), max_size=30)


@given(_words, _words)
def test_similarity_of_clause_bags_is_the_documented_rule(old: list[str], new: list[str]) -> None:
    """Alignment measures similarity on word multisets kept as sets; it must give
    exactly :func:`resolution_vcs.text.similarity` of the texts (word bags, or bigram
    bags for short clauses), and the shared share of words exactly as counted."""
    from resolution_vcs.align import _Bags
    from resolution_vcs.text import similarity, word_bag

    a, b = "Text " + " ".join(old), "Text " + " ".join(new)
    bags = _Bags([a], [b])
    assert bags.sim(0, 0) == similarity(a, b)
    wa, wb = word_bag(a), word_bag(b)
    common = sum((wa & wb).values())
    within = not bags.is_short("o", 0) and not bags.is_short("n", 0)
    within = within and common >= 0.9 * min(sum(wa.values()), sum(wb.values()))
    assert bags._within(0, 0) == within


@given(
    st.lists(st.text(alphabet="абв ab1.-", max_size=60), min_size=1, max_size=6),
    st.lists(st.text(alphabet="абв ab1.-", max_size=300), min_size=1, max_size=6),
    st.sampled_from([0.3, 0.5, 0.6, 0.8]),
)
def test_a_likeness_ruled_out_by_size_is_below_the_floor(
    old: list[str], new: list[str], floor: float
) -> None:
    """Pairs with a short clause are ruled out by their sizes only where their bigram
    likeness is below the floor."""
    from resolution_vcs.align import _Bags

    bags = _Bags(old, new)
    for o in range(len(old)):
        for n in range(len(new)):
            if bags.surely_below(o, n, floor):
                assert bags.sim(o, n) < floor
                if floor <= 0.3:  # the in-place floor: not alike in place either
                    assert not bags.alike_in_place(o, n, bags.sim(o, n), True)


def test_pairs_ruled_out_by_size_change_no_pairing() -> None:
    """A generated code's clauses are paired as when every likeness is computed."""
    from resolution_vcs import align

    old, new = (parse(text) for text in generated_code(1000, seed=3))
    ruled_out = []
    surely_below = align._Bags.surely_below

    def counted(self: align._Bags, o: int, n: int, floor: float) -> bool:
        ruled_out.append(surely_below(self, o, n, floor))
        return ruled_out[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align._Bags, "surely_below", counted)
        found = diff(old, new)
        patch.setattr(align._Bags, "surely_below", lambda self, o, n, floor: False)
        every = diff(old, new)
    assert any(ruled_out)
    assert [(c.kinds, c.old, c.new) for c in found.changes] == [
        (c.kinds, c.old, c.new) for c in every.changes
    ]
    assert found.summary["moved"] and found.summary["added"]
