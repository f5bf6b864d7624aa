"""Amendment records: YAML front matter round trips, validation, transitions, numbering, body."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_vcs import records
from resolution_vcs.amend import EPILOGUE, PREAMBLE, Operation, OpKind
from resolution_vcs.errors import ResolutionError
from resolution_vcs.ids import ID_RE as CLAUSE_ID_RE
from resolution_vcs.records import (
    FINAL,
    ID_RE,
    TRANSITIONS,
    Amendment,
    Decision,
    RecordError,
    Role,
    Status,
    check_transition,
    dump_record,
    is_amendment_id,
    load_record,
    new_amendment_id,
    number_amendments,
    record_body,
)

from .conftest import CHAIR, DATE, EDITOR

BASE = "3f786850e387550fdab836ed7e6dc881de23001b"
SOURCE = "5. Опыт создания\u00a0модельных библиотек «Гений места» —  лучшие практики;\n\n"
NEW = "5. Опыт создания\u00a0модельных библиотек «Гений места» — передовые практики;\n\n"

AMENDMENT = Amendment(
    id="q7k2mx4a",
    document="bibliomodel-2022",
    author=EDITOR,
    created=datetime(2024, 3, 17, 10, 0, 0, 123456, tzinfo=UTC),
    base=BASE,
    operations=(
        Operation(OpKind.REPLACE, target="kfte", base=SOURCE, new=NEW),
        Operation(OpKind.INSERT, anchor="kfte", where="after", new="6. Новый пункт.\n"),
    ),
    rationale="Точнее.\nВторая строка.",
)

EXPECTED_YAML = f"""\
---
id: q7k2mx4a
document: bibliomodel-2022
author: {EDITOR}
cosponsors: []
created: 2024-03-17T10:00:00.123456Z
order: 0
base: {BASE}
status: proposed
rationale: |-
  Точнее.
  Вторая строка.
operations:
- op: replace
  target: kfte
  base: |+
    5. Опыт создания\u00a0модельных библиотек «Гений места» —  лучшие практики;

  new: |+
    5. Опыт создания\u00a0модельных библиотек «Гений места» — передовые практики;

- op: insert
  anchor: kfte
  where: after
  new: |
    6. Новый пункт.
---

body
"""


def test_exact_yaml_of_a_small_record() -> None:
    text = dump_record(AMENDMENT, "body\n")
    assert text == EXPECTED_YAML
    assert load_record(text, filename="q7k2mx4a.md") == AMENDMENT


def test_hand_made_round_trips() -> None:
    decided = replace(
        AMENDMENT,
        cosponsors=(CHAIR, "Вера Соавтор <vera@example.org>", "Без Почты"),
        order=3,
        status=Status.REJECTED,
        decision=Decision(Status.REJECTED, CHAIR, DATE, "Противоречит п. 3"),
    )
    conflicted = replace(AMENDMENT, status=Status.CONFLICTED, conflict="clause kfte was changed")
    tricky = replace(
        AMENDMENT,
        operations=(
            Operation(OpKind.REPLACE, PREAMBLE, base="", new="\n\nПРОЕКТ  \n\t«x»\r\n"),
            Operation(OpKind.DELETE, target="kfte", base="- пункт без перевода строки"),
            Operation(
                OpKind.MOVE, target="kfte", anchor="nwab", where="before", base="a\n", new="b"
            ),
            Operation(OpKind.REPLACE, EPILOGUE, base="x\x85y\u2028z\n", new="\x00\x1b\ufeff"),
        ),
        rationale="",
    )
    for a in (decided, conflicted, tricky):
        assert load_record(dump_record(a, ""), filename="q7k2mx4a.md") == a


def test_body_is_ignored_and_times_in_other_zones_are_read_as_utc() -> None:
    text = dump_record(AMENDMENT, "---\nid: zzzzzzzz\n---\n")
    assert load_record(text, filename="q7k2mx4a.md") == AMENDMENT
    moscow = text.replace("2024-03-17T10:00:00.123456Z", "2024-03-17T13:00:00.123456+03:00")
    created = load_record(moscow, filename="q7k2mx4a.md").created
    assert created == AMENDMENT.created and created.tzinfo is UTC
    quoted = text.replace("2024-03-17T10:00:00.123456Z", "'2024-03-17T10:00:00.123456Z'")
    assert load_record(quoted, filename="q7k2mx4a.md") == AMENDMENT
    crlf = text.replace("\n", "\r\n")
    assert load_record(crlf, filename="q7k2mx4a.md") == AMENDMENT


def test_a_path_names_the_file() -> None:
    text = dump_record(AMENDMENT, "")
    path = "reviews/bibliomodel-2022/q7k2mx4a.md"
    assert load_record(text, filename=path) == AMENDMENT
    with pytest.raises(RecordError, match=r"^reviews/bibliomodel-2022/q7k2mx4a\.md: "):
        load_record(text.replace("status: proposed", "status: maybe"), filename=path)


def test_dump_refuses_what_would_not_read_back() -> None:
    naive = replace(AMENDMENT, created=datetime(2024, 3, 17, 10, 0))
    with pytest.raises(RecordError) as e:
        dump_record(naive, "")
    assert str(e.value) == (
        "Cannot store amendment 'q7k2mx4a': it would not read back unchanged "
        "(its dates must be aware datetimes)"
    )
    with pytest.raises(RecordError) as e:
        dump_record(replace(AMENDMENT, status=Status.ACCEPTED), "")
    assert str(e.value) == (
        "Cannot store amendment 'q7k2mx4a': amendment q7k2mx4a is accepted but has no decision"
    )


# -- Hypothesis round trip ---------------------------------------------------------------

# Any text, with the characters YAML treats specially drawn more often.
TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),  # all but surrogates
        st.sampled_from(list("\n\n\r\x85\u2028\u2029\t \u00a0«»—ж#-:|>'\"\\\ufeff\x00")),
    ),
    max_size=40,
)
CLAUSE_IDS = st.from_regex(CLAUSE_ID_RE, fullmatch=True)
NAMES = st.text(st.sampled_from("AnaБорисЖ -.'"), min_size=1, max_size=12).map(str.strip)
PEOPLE = st.builds(
    lambda name, email: f"{name} <{email}>" if email else name,
    NAMES.filter(bool),
    st.sampled_from(["", "a@example.org", "борис@пример.рф"]),
)
TIMES = st.datetimes(timezones=st.just(UTC))


@st.composite
def operations(draw: st.DrawFn) -> Operation:
    op = draw(st.sampled_from(OpKind))
    target = draw(st.one_of(CLAUSE_IDS, st.sampled_from([PREAMBLE, EPILOGUE])))
    fields: dict[str, Any] = {
        "target": "" if op is OpKind.INSERT else target,
        "anchor": draw(CLAUSE_IDS) if op in (OpKind.INSERT, OpKind.MOVE) else "",
        "where": draw(st.sampled_from(["after", "before"])),
        "base": draw(TEXT),
        "new": draw(TEXT),
    }
    return Operation(op, **fields)


@st.composite
def amendments(draw: st.DrawFn) -> Amendment:
    status = draw(st.sampled_from(Status))
    decision = None
    if status in FINAL:
        decision = Decision(status, draw(PEOPLE), draw(TIMES), draw(TEXT))
    conflict = draw(TEXT.filter(bool) if status is Status.CONFLICTED else TEXT)
    return Amendment(
        id=draw(st.from_regex(ID_RE, fullmatch=True)),
        document=draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)),
        author=draw(PEOPLE),
        created=draw(TIMES),
        base=draw(st.from_regex(r"[0-9a-f]{40}", fullmatch=True)),
        operations=tuple(draw(st.lists(operations(), min_size=1, max_size=4))),
        rationale=draw(TEXT),
        cosponsors=tuple(draw(st.lists(PEOPLE, max_size=3))),
        order=draw(st.integers(0, 10_000)),
        status=status,
        decision=decision,
        conflict=conflict,
    )


@given(amendments(), TEXT)
@settings(max_examples=200, deadline=None)
def test_records_round_trip(amendment: Amendment, body: str) -> None:
    text = dump_record(amendment, body)
    assert load_record(text, filename=f"{amendment.id}.md") == amendment
    front = text.split("\n---\n", 1)[0]
    # Nothing YAML or a reader could take for a line break appears raw.
    assert not re.search("[\r\x85\u2028\u2029\ufeff\x00]", front)


# -- the front matter as PyYAML writes it ------------------------------------------------


def _pyyaml(data: dict[str, Any]) -> str:
    _, _, dumper = records._yaml()
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**6)


# Strings near the edges of the forms written without PyYAML: indicators, words and
# numbers YAML reads as other types, spaces and line breaks at either end.
EDGY = st.one_of(
    TEXT,
    st.text(
        st.sampled_from(list("0123456789abefx.-+:#_ \n~<=yYnNoOtTfF[]{},?!&*|>'\"%@`")), max_size=12
    ),
    st.sampled_from(
        "0 07 08 012 0b1 0b 0x1f 1e5 3. 1.2. 12:30 a:b a#b -a ?a :a yes No null ~ << = .5 .inf "
        "2024-01-02 а) 1) \ud7ff \ue000".split()
    ),
    st.sampled_from(["", "a: b", "a #b", "- a", "? a", "--- a", "... a", "a\u2028b", "\ufeffa"]),
    st.sampled_from(["a\tb", "\n", "a\n", "a\n\n", " a\n", "a \nb", "a\nb ", "\na"]),
)


@st.composite
def record_data(draw: st.DrawFn) -> dict[str, Any]:
    """Data of the shape of a record's, with any strings in it."""
    person = draw(st.one_of(PEOPLE, EDGY))
    renumbered = draw(st.lists(st.fixed_dictionaries({"clause": EDGY, "from": EDGY, "to": EDGY})))
    decision = {"status": draw(EDGY), "by": person, "date": draw(TIMES), "reason": draw(EDGY)}
    if renumbered:
        decision["renumbered"] = renumbered
    ops = draw(
        st.lists(
            st.dictionaries(st.sampled_from(["op", "target", "base", "new"]), EDGY, min_size=1),
            min_size=1,
            max_size=3,
        )
    )
    return {
        "id": draw(EDGY),
        "base": draw(st.one_of(st.from_regex(r"[0-9a-f]{40}", fullmatch=True), EDGY)),
        "order": draw(st.integers(-5, 10_000)),
        "cosponsors": draw(st.lists(EDGY, max_size=3)),
        "created": draw(
            st.datetimes(
                datetime(1900, 1, 1),
                timezones=st.sampled_from([UTC, timezone(timedelta(hours=3))]),
            )
        ),
        "decision": decision,
        "rationale": draw(EDGY),
        "operations": ops,
    }


@given(record_data())
@settings(max_examples=120, deadline=None)
def test_front_matter_is_written_as_pyyaml_writes_it(data: dict[str, Any]) -> None:
    front = records._front_matter(data)
    if front is not None:
        assert front == _pyyaml(data)
        assert yaml.load(front, Loader=yaml.SafeLoader) == records._as_read(data)


@given(EDGY, st.booleans())
@settings(max_examples=500, deadline=None)
def test_strings_are_written_as_pyyaml_writes_them(text: str, item: bool) -> None:
    data: dict[str, Any] = {"rationale": [text] if item else text, "order": 1}
    front = records._front_matter(data)
    if front is not None:
        assert front == _pyyaml(data)
        assert yaml.load(front, Loader=yaml.SafeLoader) == data


#: The characters at either edge of each range of characters YAML may write unescaped.
EDGES = [0x09, 0x0A, 0x0B, 0x1F, 0x20, 0x7E, 0x7F, 0x85, 0x9F, 0xA0, 0xD7FF, 0xD800, 0xDFFF]
EDGES += [0xE000, 0xFEFE, 0xFEFF, 0xFF00, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFE, 0x10FFFF]
#: The characters the records writer writes as they are (the rest PyYAML escapes).
PRINTABLE = [(0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFEFE), (0xFF00, 0xFFFD), (0x10000, 0x10FFFE)]


@pytest.mark.parametrize("code", EDGES)
def test_characters_at_the_edges_of_printable_are_written_as_pyyaml_writes_them(
    code: int,
) -> None:
    char = chr(code)
    printable = any(lo <= code <= hi for lo, hi in PRINTABLE)
    for text in (f"a{char}b", f"a\n{char}b\n"):
        data: dict[str, Any] = {"rationale": text}
        front = records._front_matter(data)
        assert (front is not None) == (printable or char == "\n")
        if front is not None:
            assert front == _pyyaml(data)


@given(amendments())
@settings(max_examples=60, deadline=None)
def test_records_front_matter_is_pyyamls(amendment: Amendment) -> None:
    data = records._record_data(amendment)
    front = records._front_matter(data)
    assert front is None or front == _pyyaml(data)


def test_usual_records_are_written_without_pyyaml() -> None:
    decided = replace(
        AMENDMENT,
        status=Status.ACCEPTED,
        decision=Decision(Status.ACCEPTED, CHAIR, DATE, "", numbering="renumber"),
        operations=(*AMENDMENT.operations, Operation(OpKind.DELETE, target="kfte", base="7.\n")),
    )
    for amendment in (AMENDMENT, decided, replace(AMENDMENT, base="0b" + BASE[2:])):
        data = records._record_data(amendment)
        front = records._front_matter(data)
        assert front is not None and front == _pyyaml(data)
        assert load_record(dump_record(amendment, ""), filename="q7k2mx4a.md") == amendment
    # Past the usual shape, PyYAML writes it.
    assert records._front_matter({"rationale": "tab\there"}) is None
    assert records._front_matter({"created": datetime(2024, 3, 17, 10, 0)}) is None


# -- validation --------------------------------------------------------------------------


def _record(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\nbody\n"


def _valid() -> dict[str, Any]:
    return yaml.safe_load(dump_record(AMENDMENT, "").split("---\n")[1])


def _with(**changes: Any) -> str:
    data = _valid()
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return _record(data)


def _op(**changes: Any) -> str:
    data = _valid()
    data["operations"][0] = {k: v for k, v in (data["operations"][0] | changes).items() if v}
    return _record(data)


F = "q7k2mx4a.md: "
R = ". Restore the file with git"
ACCEPTED = {"status": "accepted", "by": CHAIR, "date": "2024-03-18T09:00:00.000000Z"}

CASES = [
    (
        "no front matter",
        "# Поправка\n",
        F + "no front matter (a '---' line, the fields in YAML, another '---' line)" + R,
    ),
    (
        "unclosed",
        "---\nid: q7k2mx4a\n",
        F + "no front matter (a '---' line, the fields in YAML, another '---' line)" + R,
    ),
    (
        "bad yaml",
        "---\nid: q7k2mx4a\ndocument: [x\n---\n",
        F + "invalid YAML at line 4: "
        "expected ',' or ']', but got '<stream end>'. Fix the front matter, or restore the file "
        "with git",
    ),
    (
        "bad yaml 2",
        "---\nid: q7k2mx4a\n  document: x: y\n---\n",
        F + "invalid YAML at line 3: "
        "mapping values are not allowed here. Fix the front matter, or restore the file with git",
    ),
    (
        "not a mapping",
        "---\n- a\n- b\n---\n",
        F + "the front matter is not a mapping of fields" + R,
    ),
    ("empty", "---\n---\n", F + "the front matter is not a mapping of fields" + R),
    (
        "unknown field",
        _with(number=7),
        F + "unknown field 'number' in the front matter. Remove it, or restore the file with git",
    ),
    ("missing id", _with(id=None), F + "the field 'id' is missing in the front matter" + R),
    (
        "id mismatch",
        _with(id="zzz"),
        "q7k2mx4a.md holds amendment 'zzz'; the file name and the "
        "id must match. Restore the file with git",
    ),
    (
        "empty document",
        _with(document=" "),
        F + "the field 'document' is empty" + R,
    ),
    (
        "missing author",
        _with(author=None),
        F + "the field 'author' is missing in the front matter" + R,
    ),
    (
        "author type",
        _with(author=17),
        F + "the field 'author' in the front matter must be a string, not int" + R,
    ),
    (
        "author shape",
        _with(author="<x@y>"),
        F + "the field 'author' in the front matter is not \"Name <email>\": '<x@y>'" + R,
    ),
    (
        "cosponsor type",
        _with(cosponsors=[1]),
        F + "the field 'cosponsors' must be a list of strings" + R,
    ),
    (
        "cosponsors type",
        _with(cosponsors="x"),
        F + "the field 'cosponsors' in the front matter must be a list, not str" + R,
    ),
    (
        "order type",
        _with(order="1"),
        F + "the field 'order' in the front matter must be an integer, not str" + R,
    ),
    (
        "order bool",
        _with(order=True),
        F + "the field 'order' in the front matter must be an integer, not bool" + R,
    ),
    (
        "bad base",
        _with(base="abc"),
        F + "the field 'base' must be a commit id (40 hex digits), not 'abc'" + R,
    ),
    (
        "bad date",
        _with(created="17.03.2024"),
        F + "the field 'created' in the front matter is "
        "not a date and time in UTC (like 2024-03-17T10:00:00.000000Z)" + R,
    ),
    (
        "naive date",
        _with(created=datetime(2024, 3, 17)),
        F + "the field 'created' in the front "
        "matter is not a date and time in UTC (like 2024-03-17T10:00:00.000000Z)" + R,
    ),
    (
        "only a day",
        _with(created=DATE.date()),
        F + "the field 'created' in the front matter is "
        "not a date and time in UTC (like 2024-03-17T10:00:00.000000Z)" + R,
    ),
    (
        "unknown status",
        _with(status="maybe"),
        F + "unknown status 'maybe' in the front matter. "
        "Use proposed, accepted, rejected, withdrawn, conflicted, lapsed, or restore the file with "
        "git",
    ),
    (
        "no decision",
        _with(status="accepted"),
        F + "amendment q7k2mx4a is accepted but has no decision" + R,
    ),
    (
        "decision not final",
        _with(decision=ACCEPTED),
        F + "amendment q7k2mx4a is proposed but has a decision" + R,
    ),
    (
        "decision differs",
        _with(status="rejected", decision=ACCEPTED),
        F + "the decision says accepted but the status is rejected" + R,
    ),
    (
        "decision by",
        _with(status="accepted", decision=ACCEPTED | {"by": None}),
        F + "the field 'by' in the decision must be a string, not NoneType" + R,
    ),
    (
        "decision no date",
        _with(status="accepted", decision={"status": "accepted", "by": CHAIR}),
        F + "the field 'date' is missing in the decision" + R,
    ),
    (
        "decision field",
        _with(status="accepted", decision=ACCEPTED | {"x": 1}),
        F + "unknown field 'x' in the decision. Remove it, or restore the file with git",
    ),
    (
        "decision mapping",
        _with(status="accepted", decision="yes"),
        F + "the decision is not a mapping of fields" + R,
    ),
    (
        "no conflict",
        _with(status="conflicted"),
        F + "amendment q7k2mx4a is conflicted but does not say why (field 'conflict')" + R,
    ),
    ("no operations", _with(operations=[]), F + "amendment q7k2mx4a has no operations" + R),
    (
        "operations type",
        _with(operations="x"),
        F + "the field 'operations' in the front matter must be a list, not str" + R,
    ),
    (
        "operation mapping",
        _with(operations=["x"]),
        F + "operation 1 is not a mapping of fields" + R,
    ),
    (
        "unknown op",
        _op(op="swap"),
        F + "unknown op 'swap' in operation 1. Use replace, insert, "
        "delete, move, or restore the file with git",
    ),
    ("missing op", _op(op=""), F + "the field 'op' is missing in operation 1" + R),
    (
        "op field",
        _op(label="5"),
        F + "unknown field 'label' in operation 1. Remove it, or restore the file with git",
    ),
    ("op type", _op(new=5), F + "the field 'new' in operation 1 must be a string, not int" + R),
    ("no target", _op(target=""), F + "operation 1 (replace) has no target" + R),
    ("no anchor", _op(op="move"), F + "operation 1 (move) has no anchor" + R),
    (
        "bad target",
        _op(target="5"),
        F + "the target of operation 1 (replace) is not a clause id: '5'" + R,
    ),
    (
        "bad anchor",
        _op(op="insert", target="", anchor="@preamble"),
        F + "the anchor of operation 1 (insert) is not a clause id: '@preamble'" + R,
    ),
    (
        "bad where",
        _op(where="inside"),
        F + "the field 'where' in operation 1 (replace) must be after or before, not 'inside'" + R,
    ),
]


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validation_messages(text: str, message: str) -> None:
    with pytest.raises(RecordError) as e:
        load_record(text, filename="q7k2mx4a.md")
    assert str(e.value) == message
    assert "\n" not in str(e.value)


def test_bad_id_shape() -> None:
    text = _with(id="Q7K2MX4A")
    with pytest.raises(RecordError) as e:
        load_record(text, filename="Q7K2MX4A.md")
    assert str(e.value) == (
        "Q7K2MX4A.md: 'Q7K2MX4A' is not an amendment id (8 letters and digits, like q7k2mx4a)" + R
    )


def test_object_tags_are_refused_not_run(tmp_path: Any) -> None:
    marker = tmp_path / "ran"
    payload = f"---\nid: q7k2mx4a\nauthor: !!python/object/apply:os.system\n- touch {marker}\n---\n"
    with pytest.raises(RecordError) as e:
        load_record(payload, filename="q7k2mx4a.md")
    assert str(e.value) == (
        "q7k2mx4a.md: invalid YAML at line 3: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'. Fix the front matter, or restore "
        "the file with git"
    )
    assert isinstance(e.value, ResolutionError)
    assert not marker.exists()


# -- transitions -------------------------------------------------------------------------

S = Status


def test_the_transition_table() -> None:
    assert TRANSITIONS == {
        (S.PROPOSED, S.ACCEPTED): {"chair"},
        (S.PROPOSED, S.REJECTED): {"chair"},
        (S.PROPOSED, S.WITHDRAWN): {"author"},
        (S.PROPOSED, S.CONFLICTED): {"system"},
        (S.PROPOSED, S.LAPSED): {"chair"},
        (S.CONFLICTED, S.PROPOSED): {"author", "chair", "system"},
        (S.CONFLICTED, S.REJECTED): {"chair"},
        (S.CONFLICTED, S.WITHDRAWN): {"author"},
        (S.CONFLICTED, S.LAPSED): {"chair"},
    }
    assert FINAL == {S.ACCEPTED, S.REJECTED, S.WITHDRAWN, S.LAPSED}


def test_allowed_transitions_pass() -> None:
    for (now, to), roles in TRANSITIONS.items():
        a = replace(AMENDMENT, status=now)
        for role in roles:
            check_transition(a, to, {role})
        check_transition(a, to, {"author", "chair", "system"})


def _refusal(now: Status, to: Status, roles: set[Role], number: int | None = 3) -> str:
    with pytest.raises(RecordError) as e:
        check_transition(replace(AMENDMENT, status=now), to, roles, number=number)
    return str(e.value)


def test_refused_transitions() -> None:
    everyone: set[Role] = {"author", "chair", "system"}
    for now in FINAL:
        for to in Status:
            assert _refusal(now, to, everyone) == (
                f"Amendment 3 (q7k2mx4a) is already {now}; a decision cannot be changed"
            )
    assert _refusal(S.PROPOSED, S.PROPOSED, everyone, None) == (
        "Amendment q7k2mx4a is already proposed"
    )
    assert _refusal(S.CONFLICTED, S.ACCEPTED, everyone) == (
        "Amendment 3 (q7k2mx4a) is conflicted and cannot become accepted. "
        "See how to resolve or reject it: 'resvcs amendment 3'"
    )
    chairs = ". Chairs are listed in resvcs.toml"
    assert _refusal(S.PROPOSED, S.ACCEPTED, {"author"}) == "Only a chair may accept amendments" + (
        chairs
    )
    assert _refusal(S.PROPOSED, S.REJECTED, set()) == "Only a chair may reject amendments" + chairs
    assert _refusal(S.PROPOSED, S.LAPSED, {"author", "system"}) == (
        "Only a chair may declare amendments lapsed" + chairs
    )
    assert _refusal(S.PROPOSED, S.WITHDRAWN, {"chair"}) == (
        f"Only the author may withdraw an amendment. Ask its author, {EDITOR}"
    )
    assert _refusal(S.PROPOSED, S.CONFLICTED, {"chair", "author"}) == (
        "Only resvcs itself may mark amendments conflicted"
    )
    assert _refusal(S.CONFLICTED, S.PROPOSED, set()) == (
        "Only the author or a chair may resolve a conflicted amendment" + chairs
    )


# -- ids and numbering -------------------------------------------------------------------


def test_new_amendment_ids() -> None:
    ids = [new_amendment_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    for i in ids:
        assert re.fullmatch(r"[a-hjkmnp-z][a-hjkmnp-z2-9]{7}", i)
        assert is_amendment_id(i)
    assert not set("ilo01").intersection("".join(ids))
    assert not is_amendment_id("q7k2mx4") and not is_amendment_id("27k2mx4a")


def test_numbering_by_created_order_id() -> None:
    t = AMENDMENT.created
    a = replace(AMENDMENT, id="zzzzzzzz", created=t)
    b = replace(AMENDMENT, id="bbbbbbbb", created=t + timedelta(microseconds=1))
    c = replace(AMENDMENT, id="cccccccc", created=t, order=1)
    d = replace(AMENDMENT, id="aaaaaaaa", created=t, order=1)
    e = replace(
        AMENDMENT,
        id="eeeeeeee",
        created=(t - timedelta(hours=1)).astimezone(timezone(timedelta(hours=3))),
    )
    expected = {"eeeeeeee": 1, "zzzzzzzz": 2, "aaaaaaaa": 3, "cccccccc": 4, "bbbbbbbb": 5}
    assert number_amendments([a, b, c, d, e]) == expected
    assert number_amendments([d, e, c, b, a]) == expected
    assert number_amendments([]) == {}


def test_targets() -> None:
    a = replace(
        AMENDMENT,
        operations=(
            Operation(OpKind.INSERT, anchor="nwab"),
            Operation(OpKind.REPLACE, PREAMBLE),
            Operation(OpKind.MOVE, target="kfte", anchor="paw8"),
            Operation(OpKind.DELETE, target="nwab"),
            Operation(OpKind.REPLACE, target="kfte"),
        ),
    )
    assert a.targets == ("kfte", "nwab", "paw8")


# -- the body for people -----------------------------------------------------------------


def _all_kinds() -> Amendment:
    return replace(
        AMENDMENT,
        operations=(
            *AMENDMENT.operations,
            Operation(OpKind.DELETE, target="nwab", base="1. Первый пункт;\n"),
            Operation(
                OpKind.MOVE,
                target="paw8",
                anchor="kfte",
                where="before",
                base="2. Второй\n",
                new="4. Второй\n",
            ),
            Operation(OpKind.REPLACE, PREAMBLE, base="", new="ПРОЕКТ\n"),
        ),
        cosponsors=(CHAIR,),
        status=Status.ACCEPTED,
        decision=Decision(Status.ACCEPTED, CHAIR, DATE, "Единогласно"),
    )


LABELS = {"kfte": "5", "nwab": "1", "gn7x": "¶11"}


def test_record_body_in_russian() -> None:
    body = record_body(_all_kinds(), LABELS, "ru", number=7)
    assert body.startswith("# Поправка 7 (q7k2mx4a)\n")
    for piece in [
        "- **Автор:** Boris Editor \\<editor@example.org\\>",
        "- **Соавторы:** Anna Chair \\<chair@example.org\\>",
        "- **Статус:** принята — Anna Chair \\<chair@example.org\\>, 2024-03-17: Единогласно",
        "## Обоснование\n\nТочнее.\nВторая строка.\n",
        "## 1. Изложить п. 5 в новой редакции\n\nТекущая редакция:\n\n> " + SOURCE.rstrip(),
        "Предлагаемая редакция:\n\n> " + NEW.rstrip(),
        "## 2. Вставить после п. 5\n\nПредлагаемая редакция:\n\n> 6. Новый пункт.\n",
        "## 3. Исключить п. 1\n\nТекущая редакция:\n\n> 1. Первый пункт;\n",
        "## 4. Переместить paw8 перед п. 5\n",
        "## 5. Изложить вводную часть в новой редакции\n\nТекущая редакция:\n\n> _(пусто)_",
    ]:
        assert piece in body


def test_record_body_in_english() -> None:
    body = record_body(_all_kinds(), LABELS, "en")
    assert body.startswith("# Amendment q7k2mx4a\n")
    for piece in [
        "- **Author:** Boris Editor \\<editor@example.org\\>",
        "- **Status:** accepted — Anna Chair \\<chair@example.org\\>, 2024-03-17: Единогласно",
        "## Rationale",
        "## 1. Reword clause 5\n\nCurrent wording:\n\n> " + SOURCE.rstrip(),
        "Proposed wording:\n\n> " + NEW.rstrip(),
        "## 2. Insert after clause 5\n",
        "## 3. Delete clause 1\n",
        "## 4. Move clause paw8 before clause 5\n\nCurrent wording:\n\n> 2. Второй\n\n"
        "Proposed wording:\n\n> 4. Второй\n",
        "## 5. Reword the opening text\n",
    ]:
        assert piece in body


def test_record_body_of_a_conflicted_proposal_and_its_record() -> None:
    a = replace(AMENDMENT, status=Status.CONFLICTED, conflict="clause kfte was changed")
    body = record_body(a, {}, "ru", number=2)
    assert "- **Статус:** в конфликте с текущим текстом\n" in body
    assert "- **Конфликт:** clause kfte was changed\n" in body
    assert "Изложить kfte в новой редакции" in body
    assert load_record(dump_record(a, body), filename="q7k2mx4a.md") == a


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("created", "!!float x", "invalid YAML: a value cannot be read"),
        ("created", "!!bool x", "invalid YAML: a value cannot be read"),
        ("created", "2000-01-01 00:00:00 -99:99", "invalid YAML"),
        ("created", "0001-01-01T00:00:00+05:00", "is not a date and time in UTC"),
    ],
)
def test_values_yaml_cannot_construct_are_reported(field: str, value: str, expected: str) -> None:
    """PyYAML fails on some tagged or out-of-range values with errors of its own:
    each becomes the record's own error (found by fuzzing)."""
    text = re.sub(
        rf"^{field}: .*$", f"{field}: {value}", dump_record(AMENDMENT, ""), flags=re.MULTILINE
    )
    with pytest.raises(ResolutionError) as info:
        load_record(text, filename="q7k2mx4a.md")
    assert expected in str(info.value)
    assert str(info.value).startswith("q7k2mx4a.md: ")
