"""Tidying a sentence's parsed conditions: bounds joined, prices dropped, product bounds named.

Private to :mod:`kgraph.nlp.conditions`.
"""

from __future__ import annotations

import dataclasses

from kgraph.nlp.condition_cues import _Cues
from kgraph.types import Condition

_LOWER = (">=", ">")
_UPPER = ("<=", "<")


def _price_range(c: Condition, cues: _Cues) -> bool:
    """A rate quoted as a range (年化7%-12%): the product's price, not a requirement."""
    return c.op == "between" and any(w in c.metric for w in cues.of("rate"))


def _loan_term(c: Condition, cues: _Cues) -> Condition:
    """A bound on a product named as the metric (小微易贷最高300万元) is its amount or term."""
    if (
        c.op in ("<=", "<")
        and c.metric.endswith(("贷", "贷款"))
        and c.metric not in cues.of("drop")
    ):
        metric = {"CNY": "贷款额度", "month": "贷款期限", "year": "贷款期限"}.get(c.unit)
        if metric:
            return dataclasses.replace(c, metric=metric)
    return c


def _merge_bounds(conds: list[Condition], text: str) -> list[Condition]:
    """Join a lower and an upper bound of one metric, next to each other, into ``between``."""
    out: list[Condition] = []
    for c in conds:
        p = out[-1] if out else None
        if (
            p is not None
            and p.metric == c.metric
            and p.unit == c.unit
            and p.op in _LOWER
            and c.op in _UPPER
            and not isinstance(p.value, str)
            and not isinstance(c.value, str)
            and p.value <= c.value  # type: ignore[operator]
        ):
            out[-1] = dataclasses.replace(
                p,
                op="between",
                value_max=float(c.value),  # type: ignore[arg-type]
                text=text[p.start : c.end],
                end=c.end,
            )
        else:
            out.append(c)
    return out
