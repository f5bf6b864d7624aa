"""``python -m resolution_vcs`` runs the ``resvcs`` command line."""

from .cli import main

main(prog_name="resvcs")
