"""The ``resvcs`` program: :func:`run` (the installed ``resvcs``), and ``python -m
resolution_vcs``, which runs the command line with a normal interpreter exit and no kept
output, so that ``python -m cProfile -m resolution_vcs`` profiles the whole command."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path


def run() -> None:
    """The installed ``resvcs``: a reading command (or a help) run again on a state of the
    repository it has already printed prints the output kept for it
    (:mod:`resolution_vcs.reads`) without loading the command line; any other runs
    :func:`resolution_vcs.cli.run`. The cyclic garbage collector is left off from the
    start, as :func:`resolution_vcs.cli.run` leaves it: loading the command line
    frees nothing it would find."""
    gc.disable()
    args = sys.argv[1:]
    kept = None
    if args:
        from .reads import KeptRead

        kept = KeptRead.of(args)
    if kept is not None:
        found = kept.output()
        if found is not None and found[3] is not None and not _rewrite(*found[3]):
            found = None  # the folder cannot be written now: the command says why
        if found is not None:
            code, out, err, _ = found
            sys.stdout.buffer.write(out)
            sys.stderr.buffer.write(err)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        kept.capture()
    from .cli import run as run_command

    run_command(kept.keep if kept is not None else None)


def _rewrite(folder: Path, files: dict[str, str]) -> bool:
    """Write a kept folder again (a dossier), if its place may be written now."""
    from .errors import ResolutionError
    from .folder import check_target, write_atomically

    try:
        check_target(folder)
        write_atomically(folder, files)
    except (ResolutionError, OSError):
        return False
    return True


if __name__ == "__main__":
    from .cli import main

    main(prog_name="resvcs")
