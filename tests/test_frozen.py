"""resolution_vcs.frozen: a record made by :func:`frozen` behaves as the same class made
by ``dataclass(frozen=True)``, for every shape of class the package declares."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from resolution_vcs.frozen import frozen
from resolution_vcs.model import Clause, ClauseKind, Document


def _shapes(make):
    """The same classes, made by ``make``: plain fields, defaults, factories, fields
    outside the constructor or the comparison, ``__post_init__``, no fields, one field,
    a subclass."""

    @make
    class Plain:
        """Fields without defaults."""

        a: int
        b: str

    @make
    class Defaults:
        """Defaults, a factory and a field outside the comparison and the repr."""

        a: int
        b: str = "b"
        c: list[int] = field(default_factory=list)
        d: tuple[int, ...] = ()
        e: str = field(default="", compare=False)
        f: object = field(default=None, repr=False)

    @make
    class Derived:
        """A field made in the constructor (not a parameter), filled by ``__post_init__``."""

        items: tuple[str, ...]
        index: dict[str, int] = field(default_factory=dict, init=False, compare=False, repr=False)
        kept: str = field(default="class", init=False)

        def __post_init__(self) -> None:
            self.index.update({v: i for i, v in enumerate(self.items)})

    @make
    class Empty:
        """No fields."""

    @make
    class One:
        """One field."""

        value: int

    @make
    class Sub(One):
        """A record extending another."""

        more: str = "m"

    made = {"Plain": Plain, "Defaults": Defaults, "Derived": Derived, "Empty": Empty}
    made |= {"One": One, "Sub": Sub}
    for name, cls in made.items():
        cls.__qualname__ = name
    return made


OURS = _shapes(frozen)
THEIRS = _shapes(dataclass(frozen=True))
# Pickle finds a class by its module and name: ours are this module's.
globals().update(OURS)

#: Constructor calls, each given to both twins: (class, args, kwargs).
CALLS = [
    ("Plain", (1, "x"), {}),
    ("Plain", (), {"b": "y", "a": 2}),
    ("Defaults", (1,), {}),
    ("Defaults", (1, "q", [3], (4,), "e", "f"), {}),
    ("Defaults", (5,), {"e": "other", "f": [1]}),
    ("Derived", (("x", "y"),), {}),
    ("Empty", (), {}),
    ("One", (7,), {}),
    ("Sub", (7,), {}),
    ("Sub", (7, "n"), {}),
]


def _pair(name: str, args: tuple, kwargs: dict) -> tuple[object, object]:
    return OURS[name](*args, **kwargs), THEIRS[name](*args, **kwargs)


def _state(record: object) -> dict[str, object]:
    return dict(vars(record))


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_constructor_repr_and_fields_as_dataclass(name: str, args: tuple, kwargs: dict) -> None:
    ours, theirs = _pair(name, args, kwargs)
    assert _state(ours) == _state(theirs)
    assert repr(ours) == repr(theirs)
    assert dataclasses.is_dataclass(ours)
    assert [f.name for f in dataclasses.fields(ours)] == [
        f.name for f in dataclasses.fields(theirs)
    ]
    assert type(ours).__match_args__ == type(theirs).__match_args__
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_equality_and_hash_as_dataclass(name: str, args: tuple, kwargs: dict) -> None:
    ours, theirs = _pair(name, args, kwargs)
    again = OURS[name](*args, **kwargs)
    assert ours == again and not ours != again
    assert (ours == theirs) is False  # another class
    hashable = all(not isinstance(v, list | dict) for v in _compared(theirs))
    if hashable:
        assert hash(ours) == hash(theirs) == hash(again)
    else:
        with pytest.raises(TypeError):
            hash(theirs)
        with pytest.raises(TypeError):
            hash(ours)


def _compared(record: object) -> list[object]:
    return [getattr(record, f.name) for f in dataclasses.fields(record) if f.compare]


def test_fields_outside_the_comparison_are_not_compared() -> None:
    a, b = OURS["Defaults"](1, c=(), e="one"), OURS["Defaults"](1, c=(), e="two")
    assert a == b and hash(a) == hash(b) == hash(THEIRS["Defaults"](1, c=(), e="three"))
    assert OURS["Defaults"](1) != OURS["Defaults"](2)
    assert OURS["Plain"](1, "x") != OURS["Plain"](1, "y")
    assert OURS["Sub"](1, "m") != OURS["Sub"](1, "n")
    assert OURS["Sub"](1) != OURS["One"](1)
    assert OURS["One"](1) == OURS["One"](1) and OURS["One"](1) != 1


def test_factories_make_a_new_value_each_time() -> None:
    a, b = OURS["Defaults"](1), OURS["Defaults"](1)
    assert a.c == [] and a.c is not b.c
    given = [1]
    assert OURS["Defaults"](1, c=given).c is given


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_frozen_as_dataclass(name: str, args: tuple, kwargs: dict) -> None:
    for record in _pair(name, args, kwargs):
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'a'"):
            record.a = 1
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'new'"):
            record.new = 1
        with pytest.raises(FrozenInstanceError, match="cannot delete field 'a'"):
            del record.a


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_replace_pickle_and_copy(name: str, args: tuple, kwargs: dict) -> None:
    ours, _ = _pair(name, args, kwargs)
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.copy(ours) == ours and copy.deepcopy(ours) == ours
    assert dataclasses.replace(ours) == ours
    if name == "Plain":
        changed = dataclasses.replace(ours, b="z")
        assert changed.b == "z" and changed.a == ours.a


def test_constructor_refuses_what_dataclass_refuses() -> None:
    for made in (OURS, THEIRS):
        with pytest.raises(TypeError):
            made["Plain"](1)
        with pytest.raises(TypeError):
            made["Plain"](1, "x", 3)
        with pytest.raises(TypeError):
            made["Derived"](("x",), index={})


def test_derived_field_filled_after_the_constructor() -> None:
    record = OURS["Derived"](("x", "y"))
    assert record.index == {"x": 0, "y": 1}
    assert record.kept == "class"


def test_recursive_repr_does_not_loop() -> None:
    inner: list[object] = []
    record = OURS["Defaults"](1, c=inner)
    inner.append(record)
    assert repr(record) == "Defaults(a=1, b='b', c=[...], d=(), e='')"


def test_package_records_keep_their_behaviour() -> None:
    clause = Clause(id="a1", label="1", kind=ClauseKind.PARAGRAPH, content="Text.")
    doc = Document(clauses=(clause,))
    assert doc.get("a1") is clause and doc.index_of("a1") == 0
    assert dataclasses.replace(doc) == doc and hash(clause) == hash(dataclasses.replace(clause))
    assert repr(clause).startswith("Clause(id='a1', label='1', kind=<ClauseKind.PARAGRAPH")
    with pytest.raises(FrozenInstanceError):
        clause.content = "Other."


def test_constructor_is_compiled_when_the_first_record_is_made() -> None:
    @frozen
    class Late:
        """A record not made yet."""

        a: int
        b: str = "b"

    @dataclass(frozen=True)
    class Twin:
        """The same, as a dataclass."""

        a: int
        b: str = "b"

    first = Late.__init__
    assert vars(Late(1)) == vars(Twin(1))
    compiled = Late.__init__
    assert compiled is not first and compiled.__qualname__.endswith("Late.__init__")
    assert vars(Late(2, b="c")) == vars(Twin(2, b="c")) and Late.__init__ is compiled
    assert _parameters(Late) == _parameters(Twin) == [("a", inspect.Parameter.empty), ("b", "b")]
    with pytest.raises(TypeError):
        Late()


def _parameters(cls: type) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]
