"""Loan products side by side, by canonical metric (see :mod:`kgraph.nlp.metrics`).

:func:`compare_metric` gives one row per product and condition on one metric (its
threshold, unit, organization and the documents stating it); :func:`compare_products`
gives the table of products x canonical metrics, and :func:`write_compare_html` writes it
as an offline page.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("LoanProduct:经营贷", cls="LoanProduct", label="经营贷")
>>> G.add_node("c", cls="LoanCondition", label="年营业收入 >= 500000 CNY", metric="年营业收入",
...            op=">=", value=500000.0, unit="CNY", canonical="annual_revenue", evidence=[])
>>> G.add_edge("LoanProduct:经营贷", "c", key="requires")
'requires'
>>> [(r["product"], r["op"], r["value"]) for r in compare_metric(G, "annual_revenue")]
[('经营贷', '>=', 500000.0)]
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kgraph.eligibility import doc_titles, offered_by
from kgraph.errors import ProfileError
from kgraph.graph import atomic_write
from kgraph.nlp.metrics import lookup_metric, metric_vocabulary
from kgraph.types import format_number

__all__ = ["compare_frame", "compare_metric", "compare_products", "write_compare_html"]

#: The columns of :func:`compare_metric`'s rows.
METRIC_COLUMNS = [
    "product", "organization", "label", "op", "value", "value_max", "unit", "window",
    "scope", "documents",
]  # fmt: skip


def _requirements(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    """``(product label, organizations, condition attributes)`` of every requires edge."""
    out = []
    for u, v, k in sorted(G.edges(keys=True)):
        if k != "requires" or G.nodes[u].get("cls") != "LoanProduct":
            continue
        out.append((str(G.nodes[u].get("label", u)), offered_by(G, u), G.nodes[v]))
    return out


def compare_metric(G: nx.MultiDiGraph, metric: str) -> list[dict[str, Any]]:
    """Every product's conditions on ``metric`` (a canonical id or a surface form).

    Rows are sorted by product and label: ``product``, ``organization``, ``label``,
    ``op``, ``value``, ``value_max``, ``unit``, ``window``, ``scope``, ``documents``
    (the titles of the documents stating it, joined by " | ").

    Raises
    ------
    ProfileError
        If ``metric`` is not in the vocabulary.
    """
    found = lookup_metric(metric)
    if found is None:
        known = ", ".join(sorted(metric_vocabulary()))
        raise ProfileError(f"{metric}: not a metric of the vocabulary; known: {known}")
    titles = doc_titles(G)
    rows = []
    for product, orgs, c in _requirements(G):
        if c.get("canonical") != found.id:
            continue
        docs = sorted(
            {titles.get(str(e.get("doc")), str(e.get("doc"))) for e in c.get("evidence") or ()}
        )
        rows.append(
            {
                "product": product,
                "organization": orgs,
                "label": c.get("label", ""),
                "op": c.get("op", ""),
                "value": c.get("value"),
                "value_max": c.get("value_max"),
                "unit": c.get("unit", ""),
                "window": c.get("window", ""),
                "scope": c.get("scope", ""),
                "documents": " | ".join(docs),
            }
        )
    return rows


def compare_frame(G: nx.MultiDiGraph, metric: str | None = None) -> pd.DataFrame:
    """:func:`compare_metric` as a DataFrame (:data:`METRIC_COLUMNS`) with ``metric``,
    else :func:`compare_products`."""
    if metric is None:
        return compare_products(G)
    return pd.DataFrame(compare_metric(G, metric), columns=METRIC_COLUMNS)


def compare_products(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Products (rows, with their organization) x canonical metrics (columns, in vocabulary
    order): each cell the product's conditions on that metric, such as ``>= 1000000 CNY``.
    """
    vocab = list(metric_vocabulary())
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for product, orgs, c in _requirements(G):
        metric = c.get("canonical")
        if not metric:
            continue
        row = cells.setdefault((product, orgs), {})
        row.setdefault(metric, []).append(_cell(c))
    columns = [m for m in vocab if any(m in r for r in cells.values())]
    records = [
        {"product": p, "organization": o, **{m: "; ".join(sorted(r.get(m, []))) for m in columns}}
        for (p, o), r in sorted(cells.items())
    ]
    return pd.DataFrame(records, columns=["product", "organization", *columns])


def _cell(c: dict) -> str:
    op, unit = str(c.get("op", "")), str(c.get("unit") or "")
    if op in ("has", "not_has"):
        text = op
    elif op == "between":
        text = f"{format_number(c.get('value'))}..{format_number(c.get('value_max'))} {unit}"
    else:
        text = f"{op} {format_number(c.get('value'))} {unit}"
    if c.get("scope"):
        text += f" ({c['scope']})"
    return text.strip()


def write_compare_html(table: pd.DataFrame, path: str | Path, *, title: str = "kgraph") -> Path:
    """Write ``table`` (from :func:`compare_products`) as one offline HTML page, atomically.

    Column heads show each metric's Chinese label with its id; every text is escaped.
    """
    vocab = metric_vocabulary()
    heads = "".join(
        f'<th title="{html.escape(c)}">{html.escape(vocab[c].label if c in vocab else c)}'
        + (f"<br><code>{html.escape(c)}</code>" if c in vocab else "")
        + "</th>"
        for c in table.columns
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · 产品对比</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
       "PingFang SC", sans-serif; margin: 1.5em; color: #222; }}
table {{ border-collapse: collapse; font-size: 14px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f3f5f8; position: sticky; top: 0; }}
tr:nth-child(even) td {{ background: #fafafa; }}
code {{ color: #666; font-size: 12px; }}
</style>
</head>
<body>
<h1>{html.escape(title)} · 贷款产品对比 <small>products x canonical metrics</small></h1>
<p>{len(table)} 个产品, {max(len(table.columns) - 2, 0)} 个指标。空格表示该产品未提及此指标。</p>
<table>
<thead><tr>{heads}</tr></thead>
<tbody>{body}</tbody>
</table>
</body>
</html>
"""
    return atomic_write(path, lambda p: p.write_text(page, encoding="utf-8"))
