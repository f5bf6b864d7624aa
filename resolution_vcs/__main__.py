"""The ``resvcs`` program: :func:`run` (the installed ``resvcs``), and ``python -m
resolution_vcs``, which runs the command line with a normal interpreter exit and no kept
output, so that ``python -m cProfile -m resolution_vcs`` profiles the whole command."""

from __future__ import annotations

import os
import sys


def run() -> None:
    """The installed ``resvcs``: a reading command run again on a state of the repository
    it has already printed prints the output kept for it (:mod:`resolution_vcs.reads`)
    without loading the command line; any other runs :func:`resolution_vcs.cli.run`."""
    from .reads import KeptRead

    kept = KeptRead.of(sys.argv[1:])
    if kept is not None:
        found = kept.output()
        if found is not None:
            code, out, err = found
            sys.stdout.buffer.write(out)
            sys.stderr.buffer.write(err)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        kept.capture()
    from .cli import run as run_command

    run_command(kept.keep if kept is not None else None)


if __name__ == "__main__":
    from .cli import main

    main(prog_name="resvcs")
