from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from resolution_vcs.folder import write_atomically

PAGES = {
    "index.html": "<p>Главная</p>\n",
    "resvcs-dossier.txt": "",
    "clauses/k3f9.html": "<p>Пункт</p>\n",
    "changes/v1/v2.html": "<p>v1 → v2</p>\n",
}


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in [out, *out.rglob("*")]}


def test_a_folder_is_written_with_the_pages_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "dossier"
    written = write_atomically(out, PAGES)
    assert written == sorted(out / name for name in PAGES)
    assert _files(out) == {name: text.encode() for name, text in PAGES.items()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier"]


def test_a_folder_that_holds_the_pages_already_is_left_as_it_is(tmp_path: Path) -> None:
    out = tmp_path / "dossier"
    write_atomically(out, PAGES)
    before = _inodes(out)
    assert write_atomically(out, PAGES) == sorted(out / name for name in PAGES)
    assert _inodes(out) == before  # not one file written again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier"]


def _changed_text(out: Path) -> None:
    (out / "clauses" / "k3f9.html").write_text("<p>Правка</p>\n", encoding="utf-8")


def _another_file(out: Path) -> None:
    (out / "changes" / "notes.txt").write_text("mine", encoding="utf-8")


def _another_folder(out: Path) -> None:
    (out / "clauses" / "old").mkdir()


def _a_page_removed(out: Path) -> None:
    (out / "index.html").unlink()


def _a_page_made_private(out: Path) -> None:
    (out / "index.html").chmod(0o600)


def _a_page_linked(out: Path) -> None:
    (out / "elsewhere.html").write_text(PAGES["index.html"], encoding="utf-8")
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(out / "elsewhere.html")


def _line_ends_changed(out: Path) -> None:
    (out / "index.html").write_bytes(PAGES["index.html"].replace("\n", "\r\n").encode())


@pytest.mark.parametrize(
    "change",
    [
        _changed_text,
        _another_file,
        _another_folder,
        _a_page_removed,
        _a_page_made_private,
        _a_page_linked,
        _line_ends_changed,
    ],
)
def test_a_folder_that_differs_in_anything_is_written_again(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    out = tmp_path / "dossier"
    write_atomically(out, PAGES)
    change(out)
    before = (out / "resvcs-dossier.txt").stat().st_ino
    write_atomically(out, PAGES)
    assert _files(out) == {name: text.encode() for name, text in PAGES.items()}
    assert not (out / "clauses" / "old").exists() and not (out / "index.html").is_symlink()
    assert (out / "index.html").stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert (out / "resvcs-dossier.txt").stat().st_ino != before  # a new folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier"]


def test_a_link_to_a_folder_of_the_pages_is_replaced_by_a_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_atomically(real, PAGES)
    out = tmp_path / "dossier"
    out.symlink_to(real)
    write_atomically(out, PAGES)
    assert not out.is_symlink() and _files(out) == _files(real)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
