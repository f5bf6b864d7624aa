"""The digests computed without OpenSSL are hashlib's, before and after the short budget."""

from __future__ import annotations

import hashlib
import sys

import pytest

from resolution_vcs import digests
from resolution_vcs.ids import git_blob_id


@pytest.mark.parametrize("spent", [0, digests.SHORT])
def test_sha1_is_hashlibs_before_and_after_the_budget(
    monkeypatch: pytest.MonkeyPatch, spent: int
) -> None:
    monkeypatch.setattr(digests, "_hashed", spent)
    for data in (b"", b"blob 3\x00abc", "Статья 1. Текст.".encode() * 5000):
        digest = digests.sha1(data[:7], len(data))
        digest.update(data[7:])
        assert digest.hexdigest() == hashlib.sha1(data).hexdigest()


def test_a_long_input_is_hashed_by_openssl(monkeypatch: pytest.MonkeyPatch) -> None:
    """The size given counts, not the bytes given first: a long file is hashed by
    OpenSSL however short its header; a short text by the interpreter's SHA-1."""
    monkeypatch.delitem(sys.modules, "_hashlib")  # as in a command that has not loaded it
    monkeypatch.setattr(digests, "_hashed", 0)
    openssl = type(hashlib.sha1())
    assert type(digests.sha1(b"blob 3\x00", 12)) is not openssl
    assert type(digests.sha1(b"blob 10\x00", digests.SHORT + 1)) is openssl


def test_blake2b_is_hashlibs() -> None:
    data = "Пункт 5".encode()
    assert (
        digests.blake2b(data, digest_size=16).digest()
        == hashlib.blake2b(data, digest_size=16).digest()
    )
    assert digests.blake2b().hexdigest() == hashlib.blake2b().hexdigest()


def test_git_blob_id_is_gits() -> None:
    """``git hash-object`` of a file holding ``hello\\n``."""
    assert git_blob_id("hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"
