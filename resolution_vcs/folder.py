"""Folders written whole (the dossier): built beside their place and renamed into it,
so that a reader never sees half of one and a failed run leaves the old one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

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
    """Write ``pages`` into a new folder beside ``out``, then put it in ``out``'s place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}-", suffix=".tmp", dir=out.parent))
    old = building.with_name(building.name + "-old")
    try:
        for name, text in pages.items():
            path = building / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
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
    return sorted(out / name for name in pages)
