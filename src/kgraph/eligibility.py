"""Eligibility: match an enterprise's profile against every loan product of a graph.

A profile states facts about one enterprise, keyed by canonical metric ids or by any
Chinese surface form of the metric vocabulary (:mod:`kgraph.nlp.metrics`)::

    {"年销售收入": "150万元", "成立时间": "3年", "纳税信用等级": "B",
     "法定代表人年龄": 58, "has": ["营业执照"], "not_has": ["当前逾期贷款"],
     "industry": "制造业", "enterprise_type": "小微企业", "region": "昆明市",
     "loan_amount": "200万元"}

Values are numbers (in the metric's base unit) or Chinese quantities read by the number
grammar (万元, 亿元, 年, 个月, 周岁, %); ordinal grades by their order (A > B > M > C > D);
``has`` and ``not_has`` list the things the enterprise has or has not (营业执照, 当前逾期);
``industry``, ``enterprise_type`` and ``region`` place it; ``loan_amount`` is the amount
asked for. Nothing is guessed: an unknown key, an unreadable value or a wrong unit raises
:class:`~kgraph.errors.ProfileError` naming the key.

:func:`match_products` checks every condition a product requires (:class:`ConditionCheck`)
and gives the product's status: ``ineligible`` if a condition fails, ``eligible`` if all
that apply are met, else ``unknown``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("LoanProduct:经营贷", cls="LoanProduct", label="经营贷")
>>> G.add_node("LoanCondition:年销售收入 >= 1000000 CNY", cls="LoanCondition",
...            label="年销售收入 >= 1000000 CNY", metric="年销售收入", op=">=",
...            value=1000000.0, unit="CNY", canonical="annual_revenue", evidence=[])
>>> G.add_edge("LoanProduct:经营贷", "LoanCondition:年销售收入 >= 1000000 CNY", key="requires")
'requires'
>>> [(m.product, m.status, m.conditions[0].gap) for m in match_products(G, {"年营业收入": "50万元"})]
[('经营贷', 'ineligible', 'needs >= 1000000 CNY, has 500000 CNY')]
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kgraph.errors import ProfileError
from kgraph.nlp.lexicon import load_lexicon
from kgraph.nlp.metrics import Metric, canonical_metric, lookup_metric, metric_vocabulary
from kgraph.nlp.quantities import parse_number, parse_quantity
from kgraph.normalize import normalize_text
from kgraph.types import ConditionCheck, ProductMatch, format_number

__all__ = ["Profile", "match_frame", "match_products", "parse_profile", "read_profile"]

#: Profile keys that are not metrics.
PLACES = ("industry", "enterprise_type", "region")
FACT_LISTS = ("has", "not_has")
#: Regions that hold every region of the mainland gazetteer.
_MAINLAND = ("中国", "中国大陆", "中国境内", "境内", "全国", "中华人民共和国")


@dataclass(frozen=True)
class Profile:
    """An enterprise's facts, read and checked by :func:`parse_profile`."""

    values: Mapping[str, Any] = field(default_factory=dict)  # canonical id -> value
    has: frozenset[str] = frozenset()
    not_has: frozenset[str] = frozenset()
    industry: tuple[str, ...] = ()
    enterprise_type: tuple[str, ...] = ()
    region: str = ""


def read_profile(path: str | Path) -> Profile:
    """Read a profile from a JSON, TOML or YAML file (by its suffix).

    Raises
    ------
    ProfileError
        On a missing or unreadable file, or a bad key or value (see :func:`parse_profile`).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        suffix = path.suffix.lower()
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read the profile ({exc})") from exc
    except Exception as exc:  # the parsers' own errors: JSON, TOML, YAML
        raise ProfileError(f"{path}: not a valid profile file ({exc})") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping of keys to values")
    try:
        return parse_profile(data)
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc}") from exc


def parse_profile(data: Mapping[str, Any]) -> Profile:
    """Check a profile's keys and read its values into base units.

    >>> p = parse_profile({"年销售收入": "150万元", "成立时间": "3年", "纳税信用等级": "B级"})
    >>> p.values
    {'annual_revenue': 1500000.0, 'business_age': 36.0, 'tax_credit_grade': 'B'}
    >>> parse_profile({"成立时间": "3万元"})
    Traceback (most recent call last):
    ...
    kgraph.errors.ProfileError: 成立时间: '3万元' is in CNY; business_age is in month
    """
    values: dict[str, Any] = {}
    lists: dict[str, frozenset[str]] = {name: frozenset() for name in FACT_LISTS}
    places: dict[str, tuple[str, ...]] = {name: () for name in PLACES}
    for key, value in data.items():
        if key in FACT_LISTS:
            lists[key] = frozenset(_facts(key, value))
        elif key in PLACES:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise ProfileError(f"{key}: give a name or a list of names, not {value!r}")
            places[key] = tuple(normalize_text(v.strip()) for v in items)
        else:
            metric = _metric(key)
            values[metric.id] = _value(key, metric, value)
    region = places["region"]
    if len(region) > 1:
        raise ProfileError(f"region: give one region, not {len(region)}")
    return Profile(
        values,
        lists["has"],
        lists["not_has"],
        places["industry"],
        places["enterprise_type"],
        region[0] if region else "",
    )


def _metric(key: str) -> Metric:
    metric = lookup_metric(str(key))
    if metric is None:
        names = sorted({n for m in metric_vocabulary().values() for n in (m.id, *m.surfaces)})
        close = difflib.get_close_matches(str(key), [*names, *PLACES, *FACT_LISTS], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ProfileError(f"{key}: not a metric of the vocabulary nor a profile key{hint}")
    return metric


def _facts(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{key}: give a list of names, not {value!r}")
    out = []
    for name in value:
        name = normalize_text(name.strip())
        metric = lookup_metric(name)
        out.append(name)
        if metric is not None:
            out.append(metric.id)
    return out


def _value(key: str, metric: Metric, value: Any) -> Any:
    if metric.type == "boolean":
        if not isinstance(value, bool):
            raise ProfileError(f"{key}: {metric.id} is true or false, not {value!r}")
        return value
    if metric.type == "category":
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{key}: {metric.id} is a name, not {value!r}")
        return normalize_text(value.strip())
    if metric.type == "ordinal":
        if not isinstance(value, str) or metric.rank(value) is None:
            order = " > ".join(metric.order)
            raise ProfileError(f"{key}: {value!r} is not a grade of {metric.id} ({order})")
        return value.strip().upper().removesuffix("级")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ProfileError(f"{key}: {metric.id} is a number or a quantity, not {value!r}")
    if isinstance(value, int | float):
        return float(value)
    text = normalize_text(value.strip())
    bare = parse_number(text)
    if bare is not None:
        return bare
    q = parse_quantity(text)
    if q is None or q.value_max is not None or isinstance(q.value, str):
        raise ProfileError(f"{key}: cannot read {value!r} as one quantity")
    if q.unit != metric.unit:
        raise ProfileError(
            f"{key}: {value!r} is in {q.unit or 'no unit'}; {metric.id} is in {metric.unit}"
        )
    return float(q.value)


def match_products(
    G: nx.MultiDiGraph, profile: Profile | Mapping[str, Any], *, product: str | None = None
) -> list[ProductMatch]:
    """Check ``profile`` against the conditions of every loan product of ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A kgraph graph: ``requires`` edges from products to condition nodes that carry
        ``canonical``, ``scope`` and ``phase`` (see ``docs/graph-model.md``).
    profile : Profile or mapping
        The enterprise (a mapping is read by :func:`parse_profile`).
    product : str, optional
        Only the product with this label.

    Returns
    -------
    list of ProductMatch
        One per product requiring at least one condition, by label.
    """
    if not isinstance(profile, Profile):
        profile = parse_profile(profile)
    titles = doc_titles(G)
    out = []
    for node in sorted(G.nodes):
        data = G.nodes[node]
        if data.get("cls") != "LoanProduct" or (product and data.get("label") != product):
            continue
        conditions = sorted(v for _, v, k in G.out_edges(node, keys=True) if k == "requires")
        if not conditions:
            continue
        checks = tuple(check_condition(G.nodes[c], profile, titles) for c in conditions)
        out.append(
            ProductMatch(str(data.get("label")), offered_by(G, node), _status(checks), checks)
        )
    return out


def doc_titles(G: nx.MultiDiGraph) -> dict[str, str]:
    """Document id -> its title (the id when it has none)."""
    return {d: str(m.get("title") or d) for d, m in (G.graph.get("documents") or {}).items()}


def offered_by(G: nx.MultiDiGraph, product: str) -> str:
    """The labels of the organizations that offer ``product``, sorted, joined by 、."""
    orgs = (
        G.nodes[u].get("label", u) for u, _, k in G.in_edges(product, keys=True) if k == "offers"
    )
    return "、".join(sorted(str(o) for o in orgs))


#: The columns of :func:`match_frame`.
MATCH_COLUMNS = [
    "product", "organization", "status", "condition", "metric", "result", "gap", "scope",
    "phase", "evidence", "doc",
]  # fmt: skip


def match_frame(
    G: nx.MultiDiGraph, profile: Mapping[str, Any] | str | Path, *, product: str | None = None
) -> pd.DataFrame:
    """:func:`match_products` as a DataFrame, one row per product and condition.

    ``profile`` is a mapping of facts or a file of them (:func:`read_profile`). Columns:
    :data:`MATCH_COLUMNS`; ``status`` is the product's, ``evidence`` the first sentence
    stating the condition and ``doc`` its document's title.
    """
    if isinstance(profile, str | Path):
        profile = read_profile(profile)
    rows = [
        [m.product, m.organization, m.status, c.label, c.canonical or c.metric, c.result]
        + [c.gap, c.scope, c.phase, *(c.evidence[0] if c.evidence else ("", ""))]
        for m in match_products(G, profile, product=product)
        for c in m.conditions
    ]
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def _status(checks: Iterable[ConditionCheck]) -> str:
    results = {c.result for c in checks}
    if "failed" in results:
        return "ineligible"
    return "unknown" if "unknown" in results else "eligible"


def check_condition(
    data: Mapping[str, Any], profile: Profile, titles: Mapping[str, str] | None = None
) -> ConditionCheck:
    """How ``profile`` fares against one condition node's attributes."""
    titles = titles or {}
    evidence = tuple(
        (str(e.get("sentence", "")), titles.get(str(e.get("doc")), str(e.get("doc"))))
        for e in data.get("evidence") or ()
    )
    canonical = str(data.get("canonical") or "")
    if "canonical" not in data and data.get("metric"):  # a graph built before round 6
        canonical = canonical_metric(str(data["metric"]), str(data.get("op", "")))
    scope, phase = str(data.get("scope") or ""), str(data.get("phase") or "application")
    result, gap = _applies(scope, phase, profile)
    if result is None:
        result, gap = _compare(data, canonical, profile)
    return ConditionCheck(
        str(data.get("label", "")),
        str(data.get("metric", "")),
        canonical,
        result,
        gap,
        scope,
        phase,
        str(data.get("subject") or "enterprise"),
        evidence,
    )


def _applies(scope: str, phase: str, profile: Profile) -> tuple[str | None, str]:
    """``(None, "")`` when the condition applies to the profile, else its result and gap."""
    if phase == "post_loan":
        return "not_applicable", "applies after the loan is paid out"
    if not scope:
        return None, ""
    kind, _, what = scope.partition(":")
    if scope.startswith("loan_amount "):
        _, op, amount, _ = scope.split(" ")
        asked = profile.values.get("loan_amount")
        if asked is None:
            return "unknown", f"applies when {scope}; the profile gives no loan_amount"
        if _holds(asked, op, float(amount)):
            return None, ""
        return "not_applicable", f"applies when {scope}; asks {format_number(asked)} CNY"
    given = {"industry": profile.industry, "enterprise_type": profile.enterprise_type}
    if kind in given:
        if not given[kind]:
            return "unknown", f"applies to {kind} {what}; the profile gives no {kind}"
        if any(_same_group(name, what) for name in given[kind]):
            return None, ""
        return "not_applicable", f"applies to {kind} {what} only"
    groups = (*profile.industry, *profile.enterprise_type, *profile.has)
    if any(_same_group(name, what) for name in groups):
        return None, ""
    return "unknown", f"applies to {what}; the profile does not say whether it is one"


def _same_group(name: str, group: str) -> bool:
    return bool(name) and (name == group or name in group or group in name)


def _compare(data: Mapping[str, Any], canonical: str, profile: Profile) -> tuple[str, str]:
    op, metric = str(data.get("op", "")), normalize_text(str(data.get("metric", "")))
    if op in ("has", "not_has"):
        names = {metric, canonical} - {""}
        has = bool(names & profile.has) or profile.values.get(canonical) is True
        lacks = bool(names & profile.not_has) or profile.values.get(canonical) is False
        if not has and not lacks:
            return "unknown", f"the profile does not say whether it has {metric}"
        if (op == "has") == has:
            return "met", ""
        return "failed", f"{'needs' if op == 'has' else 'must not have'} {metric}"
    value = profile.values.get(canonical) if canonical else None
    if value is None and canonical == "registered_region":
        value = profile.region or None
    if value is None and canonical == "industry" and profile.industry:
        entry = load_lexicon().entries.get(str(data.get("value")))
        if entry is None or entry.cls != "Industry":
            return "unknown", f"cannot tell from the profile whether it is {data.get('value')}"
        value = next(
            (i for i in profile.industry if _same_group(i, entry.label)), profile.industry[0]
        )
    if value is None:
        return "unknown", f"the profile gives no {canonical or metric}"
    spec = metric_vocabulary()[canonical]
    want = data.get("value")
    if spec.type == "category":
        return _category(canonical, str(want), str(value))
    unit = str(data.get("unit") or "")
    if want is None or spec.type == "number" and unit != spec.unit:
        return "unknown", f"cannot compare: the condition is in {unit or 'no unit'}"
    if spec.type == "ordinal":
        have_rank, want_rank = spec.rank(str(value)), spec.rank(str(want))
        if want_rank is None or have_rank is None:
            return "unknown", f"cannot compare grade {want!r}"
        ok = _holds(float(have_rank), op, float(want_rank))
        return ("met", "") if ok else ("failed", f"needs {op} {want}, has {value}")
    low, high = float(want), data.get("value_max")
    if op == "between":
        ok = high is not None and low <= value <= float(high)
        need = f"between {format_number(low)} and {format_number(high)} {unit}".rstrip()
    else:
        ok = _holds(value, op, low)
        need = f"{op} {format_number(low)} {unit}".rstrip()
    return (
        ("met", "")
        if ok
        else ("failed", f"needs {need}, has {format_number(value)} {unit}".rstrip())
    )


def _holds(value: float, op: str, threshold: float) -> bool:
    return {
        ">=": value >= threshold,
        ">": value > threshold,
        "<=": value <= threshold,
        "<": value < threshold,
        "=": value == threshold,
    }.get(op, False)


def _category(canonical: str, want: str, have: str) -> tuple[str, str]:
    if canonical == "registered_region":
        ok = want in region_ancestors(have)
    else:
        ok = _same_group(have, want)
    return ("met", "") if ok else ("failed", f"needs {want}, has {have}")


def region_ancestors(region: str) -> set[str]:
    """A region, the regions holding it in the gazetteer, and the mainland for a mainland one.

    >>> {"昆明市", "云南省", "中国大陆"} <= region_ancestors("昆明")
    True
    >>> "中国大陆" in region_ancestors("东京")
    False
    """
    lexicon = load_lexicon()
    entry = lexicon.entries.get(region)
    name = entry.label if entry and entry.cls == "Region" else region
    out = {region, name}
    while name in lexicon.regions:
        info = lexicon.regions[name]
        if info.adcode and not info.adcode.startswith(("71", "81", "82")):  # not HK, MO, TW
            out.update(_MAINLAND)
        if not info.parent or info.parent in out:
            break
        name = info.parent
        out.add(name)
    return out
