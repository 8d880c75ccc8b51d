"""Score every gold set whose texts are on this machine and print a Markdown table.

    python bench/quality.py                 # every set in data/gold/sets.toml but the blind ones
    python bench/quality.py laws-dev dev    # some of them (name a blind set to score it)
    KGRAPH_REAL_DEV=/path/to/texts python bench/quality.py real-dev

Condition and relation scores are given twice: with metrics that name one canonical metric
of the vocabulary counted as the same (what ``kgraph eval`` does), and with metrics compared
as strings only (``kgraph eval --strict-metrics``, the rule before round 6).

Sets of third-party pages (real-dev, real-blind) need their texts restored outside the
repository first (see data/real-dev/README.md) and the folder named by the variable.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kgraph.extract.evaluate import evaluate, summary
from kgraph.goldsets import HEADLINE, load_sets, predict_set

ROOT = Path(__file__).resolve().parent.parent


def main(names: list[str]) -> None:
    sets = load_sets(ROOT)
    print(
        "| set | entities | conditions | relations | conditions, relations (metrics as strings) | blind |"
    )
    print("|---|---|---|---|---|---|")
    for name, spec in sets.items():
        if (names and name not in names) or (not names and "blind" in name.split("-")):
            continue  # a blind set is scored only when asked for by name
        found = predict_set(spec, ROOT)
        if found is None:
            print(f"| {name} | texts not here | | | | {spec.get('blind', '')} |", flush=True)
            continue
        scores = summary(evaluate(*found))
        strict = summary(evaluate(*found, canonical=False))
        cells = " | ".join(f"{scores[k].f1:.3f}" for k in HEADLINE)
        old = f"{strict['conditions'].f1:.3f}, {strict['relations'].f1:.3f}"
        print(f"| {name} | {cells} | {old} | {spec.get('blind', '')} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
