"""Regression floors: no gold set may lose more than 0.02 F1 on any headline row.

The floors live in data/gold/sets.toml (`floor`, entities / conditions / relations), each the
last measured F1 minus 0.02. Sets of third-party pages are scored only where their texts
have been restored (see their READMEs); the real regulations come from ../shared/corpus/laws,
which CI always has.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kgraph.goldsets import HEADLINE, load_sets, score_set, set_inputs

ROOT = Path(__file__).resolve().parent.parent
SETS = load_sets(ROOT)


@pytest.mark.parametrize("name", [n for n, s in SETS.items() if "floor" in s])
def test_scores_stay_above_their_floor(name):
    spec = SETS[name]
    if set_inputs(spec, ROOT) is None:
        if os.environ.get("CI") and "texts_env" not in spec:
            pytest.fail(f"{name}: inputs {spec.get('inputs')} are missing in CI")
        pytest.skip(f"{name}: texts not on this machine")
    scores = score_set(spec, ROOT)
    got = {key: round(scores[key].f1, 3) for key in HEADLINE}
    floors = dict(zip(HEADLINE, spec["floor"], strict=True))
    assert all(got[k] >= floors[k] for k in HEADLINE), f"{name}: {got} below {floors}"


def test_every_set_names_an_existing_gold_file():
    for name, spec in SETS.items():
        assert (ROOT / spec["gold"]).is_file(), name
