"""Default paths, relative to the working directory: the sample corpus and the build folder.

Kept apart from :mod:`kgraph.api` so that the command line can name them without loading
the pipeline (``kgraph --help`` imports no spaCy).
"""

from pathlib import Path

#: What ``kgraph build`` reads when given no paths (the sample corpus, from the repository root).
DEFAULT_INPUT = Path("data/corpus")
#: The gold file ``kgraph eval`` scores against when given none (relative to the repository).
DEFAULT_GOLD = Path("data/gold/seed.jsonl")
#: Where ``kgraph build`` writes when given no ``--out``.
DEFAULT_OUTPUT = Path("build")
