"""Shared fixtures: the pipeline and the sample corpus's graph are built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
#: The files ``kgraph build`` writes (extractions.sqlite is a cache, not an output).
OUTPUTS = (
    "graph.json",
    "graph.graphml",
    "extractions.jsonl",
    "graph.ttl",
    "shacl-report.txt",
    "graph.html",
)


@pytest.fixture(scope="session")
def nlp():
    from kgraph.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_kg():
    from kgraph.api import build

    return build([CORPUS])


def require_system(name: str) -> None:
    """Skip when a system tool is missing, except in CI, where that is a failure."""
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI but is not installed")
        pytest.skip(f"{name} is not installed")
