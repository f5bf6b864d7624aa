"""Folders written whole (the dossier): built beside their place and renamed into it,
so that a reader never sees half of one and a failed run leaves the old one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from .errors import InputError

#: The file that marks a folder as a dossier resvcs wrote (and may replace).
MARKER = "resvcs-dossier.txt"


def check_target(out: Path) -> None:
    """Refuse a folder that is neither new, nor empty, nor a dossier written before."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file. Give a folder for the dossier with --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise InputError(
            f"{out} is not empty and does not hold a dossier. Give a new or empty folder "
            "with --out, or move its files elsewhere first"
        )


def write_atomically(out: Path, pages: Mapping[str, str]) -> list[Path]:
    """Write ``pages`` into a new folder beside ``out``, then put it in ``out``'s place.
    A folder that holds these pages already, and nothing else, is left as it is: written
    again, it would change in nothing but its times (a dossier written again for the
    same state)."""
    umask = os.umask(0)
    os.umask(umask)
    if not _holds(out, pages, umask):
        _replace(out, pages, umask)
    return sorted(out / name for name in pages)


def _replace(out: Path, pages: Mapping[str, str], umask: int) -> None:
    import shutil
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}-", suffix=".tmp", dir=out.parent))
    old = building.with_name(building.name + "-old")
    try:
        for name, text in pages.items():
            path = building / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        building.chmod(0o777 & ~umask)  # mkdtemp makes it private; a dossier is for reading
        if out.exists():
            os.rename(out, old)
            try:
                os.rename(building, out)
            except OSError:
                os.rename(old, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(building, out)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _holds(out: Path, pages: Mapping[str, str], umask: int) -> bool:
    """Whether ``out`` is a folder (not a link to one) of exactly ``pages``: each one a
    file of that text (UTF-8, as written here), the folders they are in, nothing else,
    each with the permissions :func:`_replace` gives it."""
    folders = {f"{parent}/" for name in pages for parent in PurePosixPath(name).parents[:-1]}
    try:
        if not _mode_is(os.lstat(out), stat.S_IFDIR, 0o777 & ~umask):
            return False
        found = 0
        for name, entry in _entries(os.fspath(out)):
            found += 1
            info = entry.stat(follow_symlinks=False)
            if name.endswith("/"):
                if name not in folders or not _mode_is(info, stat.S_IFDIR, 0o777 & ~umask):
                    return False
                continue
            text = pages.get(name)
            if text is None or not _mode_is(info, stat.S_IFREG, 0o666 & ~umask):
                return False
            with open(entry.path, "rb") as file:
                if file.read() != text.encode("utf-8"):
                    return False
    except OSError:
        return False
    return found == len(pages) + len(folders)


def _entries(folder: str, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file and folder under ``folder``, by its path from there ("a/b.html";
    folders end with "/"), without following links."""
    with os.scandir(folder) as found:
        for entry in found:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield f"{name}/", entry
                yield from _entries(entry.path, f"{name}/")
            else:
                yield name, entry


def _mode_is(info: os.stat_result, kind: int, permissions: int) -> bool:
    return stat.S_IFMT(info.st_mode) == kind and stat.S_IMODE(info.st_mode) == permissions
