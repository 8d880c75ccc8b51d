"""``python -m kgraph.cli``: the ``kgraph`` command."""

from kgraph.cli import run

run()
