"""``python -m resolution_vcs`` runs the ``resvcs`` command line (with a normal
interpreter exit, so that ``python -m cProfile -m resolution_vcs`` can write its
profile; the installed ``resvcs`` uses the faster :func:`cli.run`)."""

from .cli import main

main(prog_name="resvcs")
