"""Frozen records: :func:`frozen`, ``dataclass(frozen=True)`` made for less.

Python 3.11's ``dataclass(frozen=True)`` writes six methods of each class as source and
compiles each on its own (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``); a command loads a few dozen records, and those
compilations cost more than the rest of a small decision. :func:`frozen` compiles the
constructor alone and gives the class shared functions for the rest. What a record
guarantees is the same: immutability (:class:`~dataclasses.FrozenInstanceError`),
equality and hashing by the compared fields, the same ``repr``, and a dataclass to
:func:`dataclasses.fields`, :func:`dataclasses.replace`, :func:`dataclasses.asdict`,
pickle and copy. ``tests/test_frozen.py`` holds each of these against
``dataclass(frozen=True)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

#: The default of a parameter whose field has a default factory: none was given.
_FACTORY = object()


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)`` for ``cls``, whose fields are declared the same way
    (with :func:`dataclasses.field` where needed); no ``order``, ``slots`` or ``InitVar``."""
    record: Any = dataclass(init=False, repr=False, eq=False)(cls)
    key = _key([f.name for f in fields(record) if f.compare])
    shown = [f.name for f in fields(record) if f.repr]

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(key(self))

    def __repr__(self: Any) -> str:
        found = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({found})"

    made = {"__init__": _first_constructor(record), "__eq__": __eq__, "__hash__": __hash__}
    made["__repr__"] = recursive_repr()(__repr__)
    for name, method in made.items():
        method.__qualname__ = f"{record.__qualname__}.{name}"
        setattr(record, name, method)
    record.__setattr__ = _refuse_assignment
    record.__delattr__ = _refuse_deletion
    return cls


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of compared fields, which dataclass's own methods compare and hash
    (so that hashes, and the order of sets, stay the same)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


def _first_constructor(cls: Any) -> Callable[..., None]:
    """The constructor a record starts with: on the first call it compiles the record's
    own (:func:`_constructor`), puts it in its place and lets it make the record. Half
    the records a command loads are never made in it, and compiling costs more than
    the rest of declaring a record."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _constructor(cls)
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    return __init__


def _constructor(cls: Any) -> Callable[..., None]:
    """``__init__`` as dataclass writes it for a frozen class: each field set from its
    parameter, default or factory (a field outside the constructor with a plain default
    is left to the class attribute), then ``__post_init__``. The fields are written into
    the instance's ``__dict__`` (a record has no slots), which costs less than one
    ``object.__setattr__`` call each: a diff of a long document makes a record per clause."""
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    params, lines = ["self"], ["_d = self.__dict__"]
    for f in fields(cls):
        value = f.name
        if f.default_factory is not MISSING:
            names[f"_make_{f.name}"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=_FACTORY")
                value = f"_make_{f.name}() if {f.name} is _FACTORY else {f.name}"
            else:
                value = f"_make_{f.name}()"
        elif not f.init:
            continue
        elif f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        lines.append(f"_d[{f.name!r}] = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n " + "\n ".join(lines)
    exec(source, names)
    init: Callable[..., None] = names["__init__"]
    return init


def _refuse_assignment(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
