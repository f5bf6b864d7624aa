"""The drafting language: wording of amendments and reading it back (resolution_vcs.drafting)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from resolution_vcs import amend
from resolution_vcs.amend import Operation
from resolution_vcs.drafting import LANGUAGES, drafted, read_instructions
from resolution_vcs.drafting.ordinals import CASES, ordinal, ordinal_value
from resolution_vcs.errors import ResolutionError
from resolution_vcs.ids import assign_ids, carry_ids, with_ids
from resolution_vcs.model import Document
from resolution_vcs.numbering import stated_renumbering
from resolution_vcs.parse import parse

from .strategies import WORDS, edited_documents, markdown_documents


def document(text: str) -> Document:
    """A parsed document with ids, as the repository gives it."""
    doc = parse(text)
    return with_ids(doc, carry_ids(doc, parse("")))


@st.composite
def built_amendments(draw: st.DrawFn) -> tuple[Document, list[Operation]]:
    """A document and one amendment made with the builders the CLI forms use."""
    doc = document(draw(markdown_documents()))
    clauses = [c for c in doc.clauses if c.content.strip()]
    assume(clauses)
    clause = draw(st.sampled_from(clauses))
    form = draw(st.sampled_from(["words", "wording", "insert", "delete", "move", "throughout"]))
    try:
        if form == "words":
            tokens = clause.content.split(" ")
            i = draw(st.integers(0, len(tokens) - 1))
            j = draw(st.integers(i + 1, min(len(tokens), i + 3)))
            old = " ".join(tokens[i:j])
            new = " ".join(draw(st.lists(WORDS, min_size=0, max_size=3)))
            count = clause.content.count(old)
            k = draw(st.integers(1, max(1, count))) if count > 1 else None
            every = count > 1 and draw(st.booleans())
            ops = [amend.replace_words(doc, clause.id, old, new, None if every else k, every)]
        elif form == "wording":
            ops = [
                amend.replace_clause(
                    doc, clause.id, " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
                )
            ]
        elif form == "insert":
            where = draw(st.sampled_from(["after", "before"]))
            text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
            ops = [amend.insert_clause(doc, clause.id, text, where)]
        elif form == "delete":
            ops = [amend.delete_clause(doc, clause.id)]
        elif form == "move":
            other = draw(st.sampled_from(clauses))
            ops = [amend.move_clause(doc, clause.id, other.id)]
        else:
            word = draw(WORDS)
            ops = amend.replace_throughout(doc, word, draw(WORDS))
    except ResolutionError:
        assume(False)
    assume(all(op.base != op.new for op in ops))
    return doc, ops


#: Enough generated cases to meet every kind of clause and operation in every language.
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def check_round_trip(doc: Document, ops: list[Operation], lang: str) -> None:
    """The wording, with the renumbering sentence of what accepting it renumbers,
    reads back as the operations."""
    result = amend.apply(doc, ops)
    renumbered = stated_renumbering(doc, result.renumbered)
    stated = drafted(doc, ops, lang, renumbered)
    assert stated.exact, stated.text
    assert read_instructions(stated.text, doc) == [ops], stated.text


@PROPERTY
@given(built_amendments(), st.sampled_from(LANGUAGES))
def test_built_amendments_read_back_as_themselves(
    case: tuple[Document, list[Operation]], lang: str
) -> None:
    doc, ops = case
    check_round_trip(doc, ops, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_paragraph_made_an_item_is_no_renumbering(lang: str) -> None:
    """A copy that writes "2." over item 1 and "3." over the paragraph after it: the list
    is numbered 1. 2. again, and the wording renumbers nothing of the old text (there
    was no item 3 to renumber)."""
    doc = document("1. резолюция\n\nрезолюция\n")
    groups = amend.operations_from_copy(doc, "2. резолюция\n3. резолюция\n\nрезолюция\n")
    ops = [op for group in groups for op in group if op.base != op.new]
    assert stated_renumbering(doc, amend.apply(doc, ops).renumbered) == {}
    check_round_trip(doc, ops, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_at_the_start_of_the_new_wording_reads_back(lang: str) -> None:
    """Grown to a whole phrase, a change that begins the new wording cannot reach
    further left in it, though the old wording has words before it."""
    doc = assign_ids(parse("резолюция\n\nрезолюция резолюция – –\n"))
    ops = [amend.replace_clause(doc, doc.find("¶2").id, "– резолюция")]
    check_round_trip(doc, ops, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_at_the_end_of_the_new_wording_reads_back(lang: str) -> None:
    """Grown to a whole phrase, a change that ends the new wording cannot reach
    further right in it, though the old wording has words after it."""
    doc = assign_ids(parse("[]{#n1}\n> – резолюция\n\n# резолюция\n"))
    ops = [amend.replace_clause(doc, doc.find("¶1").id, "резолюция –\n")]
    check_round_trip(doc, ops, lang)


@PROPERTY
@given(edited_documents(), st.sampled_from(LANGUAGES))
def test_amendments_from_edited_copies_read_back_as_themselves(
    pair: tuple[str, str], lang: str
) -> None:
    old, new = pair
    doc = document(old)
    try:
        groups = amend.operations_from_copy(doc, new)
    except ResolutionError:
        assume(False)
    for ops in groups:
        if any(op.base == op.new for op in ops):
            continue  # a clause the copy leaves as it was: no instruction changes nothing
        check_round_trip(doc, ops, lang)


# -- reading what people write -------------------------------------------------------------

DECISION = document(
    "РЕШЕНИЕ\n\n"
    "1. Утвердить план.\n"
    "2. Создать рабочую группу.\n"
    "3. Поручить рабочей группе в соответствии с пунктом 2 подготовить доклад, рабочей группе "
    "его представить.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "В пункте 2 слова «рабочую группу» заменить словами «комиссию».",
        'в п. 2 слова "рабочую группу" заменить словами “комиссию”',
        "1. В пункте 2 слова „рабочую группу“ заменить словами «комиссию».",
        "У пункті 2 слова «рабочую группу» замінити словами «комиссию».",
        "In paragraph 2, replace “рабочую группу” with “комиссию”.",
        "In para. 2, replace «рабочую группу» by «комиссию»",
        "В  пункте  2  слова  «рабочую группу»  заменить  словами  «комиссию» .",
    ],
)
def test_a_replacement_of_words_reads_as_propose_makes_it(text: str) -> None:
    wanted = amend.replace_words(DECISION, "2", "рабочую группу", "комиссию")
    assert read_instructions(text, DECISION) == [[wanted]]


@pytest.mark.parametrize(
    ("text", "occurrence", "every"),
    [
        ("В пункте 3 слова «рабочей группе» во втором случае заменить словами «ей».", 2, False),
        ("В пункте 3 второе слово «рабочей группе» заменить словами «ей».", 2, False),
        ("В пункте 3 слова «рабочей группе» (второе вхождение) заменить словами «ей».", 2, False),
        ("У пункті 3 слова «рабочей группе» у другому випадку замінити словами «ей».", 2, False),
        ("In paragraph 3, replace “рабочей группе” (second occurrence) with “ей”.", 2, False),
        ("In paragraph 3, replace the first “рабочей группе” with “ей”.", 1, False),
        ("В пункте 3 слова «рабочей группе» в обоих случаях заменить словами «ей».", None, True),
        ("В пункте 3 слова «рабочей группе» во всех случаях заменить словами «ей».", None, True),
        ("У пункті 3 слова «рабочей группе» в обох випадках замінити словами «ей».", None, True),
        ("In paragraph 3, replace “рабочей группе” (both occurrences) with “ей”.", None, True),
    ],
)
def test_which_occurrence_is_read(text: str, occurrence: int | None, every: bool) -> None:
    wanted = amend.replace_words(DECISION, "3", "рабочей группе", "ей", occurrence, every)
    assert read_instructions(text, DECISION) == [[wanted]]


def test_numbered_and_unnumbered_instructions_are_separate_amendments() -> None:
    delete_1 = amend.delete_clause(DECISION, "1")
    insert = amend.insert_clause(DECISION, "3", "Контроль оставляю за собой.")
    numbered = (
        "1. Пункт 1 исключить. Пункты 2 и 3 считать соответственно пунктами 1 и 2.\n"
        "2. Дополнить пунктом 4 следующего содержания:\n«4. Контроль оставляю за собой.»\n"
    )
    assert read_instructions(numbered, DECISION) == [[delete_1], [insert]]
    unnumbered = (
        "Пункт 1 исключить.\n\nDelete paragraph 1.\nПункт 1 виключити.\n"
        "After paragraph 3, insert the following new paragraph: “Контроль оставляю за собой.”\n"
    )
    assert read_instructions(unnumbered, DECISION) == [[delete_1]] * 3 + [[insert]]


def test_a_range_of_items_is_one_amendment() -> None:
    wanted = [amend.delete_clause(DECISION, "1"), amend.delete_clause(DECISION, "2")]
    for text in ("Пункты 1–2 исключить.", "Пункты 1 и 2 исключить.", "Delete paragraphs 1 to 2."):
        assert read_instructions(text, DECISION) == [wanted]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Пункт 1 исключить.\nПункт 12 исключить.",
            "Instruction 2 (“Пункт 12 исключить.”): there is no item 12 in the text. "
            "Correct it; nothing was proposed",
        ),
        (
            "В пункте 3 слова «рабочей группе» заменить словами «ей».",
            "Instruction 1 (“В пункте 3 слова «рабочей группе» заменить словами «ей».”): "
            "the words “рабочей группе” occur 2 times there; say which, e.g. «во втором "
            "случае», «в обоих случаях» or “(second occurrence)”. Correct it; nothing was "
            "proposed",
        ),
        (
            "Пункты 2–5 исключить.",
            "Instruction 1 (“Пункты 2–5 исключить.”): there is no item 4 in the text. "
            "Correct it; nothing was proposed",
        ),
        (
            "Пункт 1 исключить. Пункты 2–8 считать соответственно пунктами 1–7.",
            "Instruction 1 (“Пункты 2–8 считать соответственно пунктами 1–7.”): there is no "
            "item 4 in the text. Correct it; nothing was proposed",
        ),
        (
            "В пункте 1 слово «бюджет» исключить.",
            "Instruction 1 (“В пункте 1 слово «бюджет» исключить.”): the words “бюджет” do "
            "not occur there. Correct it; nothing was proposed",
        ),
        (
            "Принять к сведению.",
            "Instruction 1 (“Принять к сведению.”): it is not an instruction this program "
            "reads. Correct it; nothing was proposed",
        ),
        (
            "Пункт 1 изложить в следующей редакции: «Утвердить план",
            "The quote opened on line 1 of the instructions is never closed. Close it with "
            "the matching quote mark",
        ),
    ],
)
def test_an_instruction_that_names_no_single_place_is_refused(text: str, message: str) -> None:
    with pytest.raises(ResolutionError) as refused:
        read_instructions(text, DECISION)
    assert str(refused.value) == message


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_renumbering_sentence_reads_back_and_names_existing_items(lang: str) -> None:
    ops = [amend.insert_clause(DECISION, "1", "Провести заседание.")]
    stated = drafted(DECISION, ops, lang, {"2": "3", "3": "4"})
    assert len(stated.sentences) == 2
    assert read_instructions(stated.text, DECISION) == [ops]
    wrong = drafted(DECISION, ops, lang, {"7": "8", "8": "9"})
    with pytest.raises(ResolutionError, match="there is no item 7 in the text"):
        read_instructions(wrong.text, DECISION)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_ordinal_written_is_read_back(lang: str) -> None:
    for n in range(1, 250):
        for case in CASES:
            assert ordinal_value(ordinal(n, lang, case), lang, limit=250) == n
    assert ordinal(12, "ru", "loc") == "двенадцатом" and ordinal(3, "uk", "gen") == "третього"
    assert ordinal_value("forty first", "en") == ordinal_value("41st", "en") == 41


@settings(PROPERTY, max_examples=100)
@given(edited_documents(), st.sampled_from(LANGUAGES))
def test_all_the_changes_of_a_copy_as_one_amendment_read_back(
    pair: tuple[str, str], lang: str
) -> None:
    """``propose --from --single``: several operations of every kind in one amendment."""
    old, new = pair
    doc = document(old)
    try:
        groups = amend.operations_from_copy(doc, new)
    except ResolutionError:
        assume(False)
    ops = [op for group in groups for op in group if op.base != op.new]
    assume(len(ops) > 1)
    check_round_trip(doc, ops, lang)
