"""The project's gold sets (``data/gold/sets.toml``): where each one's texts are, and its scores.

Used by the quality report (``bench/quality.py``) and the regression floors checked in CI
(``tests/test_quality.py``). A set is a gold file plus the inputs it is scored on: folders in
the repository, the real regulations in ``../shared/corpus/laws``, or a folder of third-party
texts kept outside the repository and named by an environment variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from kgraph.api import extract
from kgraph.extract.document import to_gold_format
from kgraph.extract.evaluate import Score, evaluate, gold_inputs, read_gold, summary

HEADLINE = ("entities", "conditions", "relations")


def load_sets(root: str | Path = ".") -> dict[str, dict]:
    """The gold sets declared in ``ROOT/data/gold/sets.toml``, in file order."""
    path = Path(root) / "data" / "gold" / "sets.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def set_inputs(spec: Mapping, root: str | Path = ".") -> list[Path] | None:
    """The folders or files a set is scored on, or None when they are not on this machine."""
    if "texts_env" in spec:
        folder = os.environ.get(spec["texts_env"])
        return [Path(folder)] if folder and Path(folder).is_dir() else None
    paths = [Path(root) / p for p in spec.get("inputs", [])]
    return paths if paths and all(p.exists() for p in paths) else None


def score_set(
    spec: Mapping, root: str | Path = ".", *, canonical: bool = True
) -> dict[str, Score] | None:
    """Scores of one set (with the headline rows), or None when its texts are missing.

    ``canonical=False`` compares condition metrics as strings only (see
    :func:`kgraph.extract.evaluate.evaluate`).
    """
    found = predict_set(spec, root)
    if found is None:
        return None
    records, predicted = found
    return summary(evaluate(records, predicted, canonical=canonical))


def predict_set(spec: Mapping, root: str | Path = ".") -> tuple[list, list] | None:
    """A set's gold records and kgraph's records of its texts, or None when they are missing."""
    inputs = set_inputs(spec, root)
    if inputs is None:
        return None
    records = read_gold(Path(root) / spec["gold"])
    lexicons = [Path(root) / p for p in spec.get("lexicons", [])]
    exs = extract(gold_inputs(records, inputs), lexicons=lexicons)
    return records, [to_gold_format(ex) for ex in exs]
