"""``python -m resolution_vcs`` runs the ``resvcs`` command line."""

from .cli import run

run()
