"""The cyclic collector is held back inside :func:`paused` and comes back after it."""

from __future__ import annotations

import gc

import pytest

from resolution_vcs.collect import paused


def test_paused_and_back_also_after_an_error() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block leaves the outer one paused
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError("stop")
    assert gc.isenabled()


def test_left_off_if_it_was_off() -> None:
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
