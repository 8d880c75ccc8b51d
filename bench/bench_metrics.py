"""How much of the gold conditions the metric vocabulary covers, and what it does to agreement.

For each gold file: how many conditions it holds, the share whose metric (with its
operator) maps to a canonical metric of ``src/kgraph/data/metrics.toml`` (all, and those
compared with a number or a grade), and, for the sets annotated twice
(``data/gold/second/``), the two annotators' condition agreement as ``kgraph eval`` scores
it, with metrics compared as strings only (``--strict-metrics``) and with metrics that name
one canonical metric counted as the same (the default).

    python bench/bench_metrics.py [SET ...]

Only totals are printed: no metric of a blind set is shown.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kgraph.extract.evaluate import evaluate, summary  # noqa: E402
from kgraph.nlp.metrics import canonical_metric  # noqa: E402

GOLD = ROOT / "data" / "gold"
SETS = ["seed", "dev", "test", "laws-dev", "real-dev", "real-blind", "real-blind-2"]


def _records(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def agreement(gold: list[dict], other: list[dict], canonical: bool) -> float:
    """The conditions' F1 of ``other`` against ``gold``, as ``kgraph eval`` scores them."""
    return summary(evaluate(gold, other, canonical=canonical))["conditions"].f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=SETS)
    args = parser.parse_args()
    print(
        f"{'set':14} {'conditions':>10} {'mapped':>7} {'numeric':>8} {'mapped':>7}  agreement by metric -> by canonical"
    )
    for name in args.sets:
        gold = _records(GOLD / f"{name}.jsonl")
        conds = [c for rec in gold for c in rec.get("conditions", [])]
        mapped = [c for c in conds if canonical_metric(str(c["metric"]), str(c["op"]))]
        numeric = [c for c in conds if c["op"] not in ("has", "not_has", "=")]
        num_mapped = [c for c in numeric if c in mapped]
        line = (
            f"{name:14} {len(conds):10} {len(mapped) / max(len(conds), 1):7.0%} "
            f"{len(numeric):8} {len(num_mapped) / max(len(numeric), 1):7.0%}"
        )
        second = GOLD / "second" / f"{name}.jsonl"
        if second.is_file():
            other = _records(second)
            line += f"  {agreement(gold, other, False):.3f} -> {agreement(gold, other, True):.3f}"
        print(line)


if __name__ == "__main__":
    main()
