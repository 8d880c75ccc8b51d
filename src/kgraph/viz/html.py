"""Interactive, self-contained HTML views of a kgraph graph.

The page embeds vis-network (read from the installed ``pyvis`` package), its CSS, the
page's own script and style, and the graph as JSON: it makes no request to any host and
works offline. Every label, alias and sentence travels as JSON data and is put into the
page with ``textContent``, never parsed as markup.

The graph read here is the ``networkx.MultiDiGraph`` described in ``docs/graph-model.md``;
which part of it a view shows is chosen by :func:`kgraph.viz.select.select_view`.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.errors import ExportError
from kgraph.types import ENTITY_CLASSES, RELATION_NAMES_ZH
from kgraph.viz.layout import folded_conditions, positions
from kgraph.viz.select import ViewError, ViewInfo, node_class, node_label, select_view

__all__ = [
    "CLASS_STYLES",
    "FONT_STACK",
    "ViewError",
    "ViewInfo",
    "render_html",
    "select_view",
    "write_html",
]

#: Colour and Chinese name of each entity class, set explicitly on every node.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Organization": ("#4e79a7", "机构"),
    "EnterpriseType": ("#f28e2b", "企业类型"),
    "Industry": ("#59a14f", "行业"),
    "RiskCategory": ("#e15759", "风险类别"),
    "LoanCondition": ("#b07aa1", "贷款条件"),
    "Region": ("#2f9e9a", "地区"),
    "LoanProduct": ("#d4a017", "贷款产品"),
}
_OTHER_COLOR = "#8a8f98"

#: Font stack of the page and of the canvas labels; names common CJK fonts first.
FONT_STACK = (
    '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", '
    '"Source Han Sans SC", sans-serif'
)

#: Fields shown for a node, in order, with their Chinese names.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("metric", "指标"),
    ("op", "运算符"),
    ("value", "数值"),
    ("value_max", "上限"),
    ("unit", "单位"),
    ("window", "时间窗口"),
    ("canonical", "规范指标"),
    ("subject", "条件主体"),
    ("scope", "适用范围"),
    ("phase", "阶段"),
    ("level", "行政级别"),
    ("adcode", "行政区划代码"),
)
_LABEL_MAX = 18  # longer labels are shortened on the canvas (full text in the panel)
_IMPROVED_LAYOUT_MAX = 150  # vis' improvedLayout is slow beyond this many nodes
_LARGE = 300  # above this many nodes: fewer iterations, straight edges, no edge labels
_EVIDENCE_MAX = 200  # sentences embedded per node or edge
_ASSETS = "data/viz"
_VIS_DIR = "lib/vis-9.1.2"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return str(int(value)) if value.is_integer() else repr(value)
    return "" if value is None else str(value)


class _Docs:
    """Document titles referenced by evidence, as a list indexed from the payload."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.index: dict[str, int] = {}
        self.rows: list[list[str]] = []

    def ref(self, doc_id: str) -> int:
        if doc_id not in self.index:
            meta = self.documents.get(doc_id) or {}
            title = str(meta.get("title") or doc_id)
            self.index[doc_id] = len(self.rows)
            self.rows.append([title, _fmt(meta.get("date")), _fmt(meta.get("url"))])
        return self.index[doc_id]

    def evidence(self, items: Iterable[dict[str, Any]]) -> list[list[Any]]:
        return [
            [self.ref(str(ev.get("doc", ""))), str(ev.get("sentence", ""))]
            for ev in list(items or ())[:_EVIDENCE_MAX]
        ]


def _class_order(classes: Iterable[str]) -> list[str]:
    present = set(classes)
    return [c for c in ENTITY_CLASSES if c in present] + sorted(present - set(ENTITY_CLASSES))


def _payload(
    view: nx.MultiDiGraph, info: ViewInfo, G: nx.MultiDiGraph, title: str, seed: int, physics: bool
):
    docs = _Docs(dict(G.graph.get("documents") or {}))
    nodes = []
    xy, folded = positions(view, seed), folded_conditions(view)
    for n, a in view.nodes(data=True):
        label = node_label(n, a)
        deg = view.degree(n)
        ev = a.get("evidence") or []
        fields = [[k, zh, _fmt(a[k])] for k, zh in _FIELDS if k in a and _fmt(a[k]) != ""]
        nodes.append(
            {
                "id": n,
                "cls": node_class(n, a),
                "label": label,
                "short": label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…",
                "aliases": [str(x) for x in a.get("aliases") or ()],
                "count": int(a.get("count") or 0),
                "docs": len(a.get("docs") or ()),
                "deg": deg,
                "size": round(min(44.0, 10.0 + 5.0 * math.sqrt(deg)), 1),
                "fields": fields,
                "ev": docs.evidence(ev),
                "evTotal": len(ev),
                "x": xy[n][0],
                "y": xy[n][1],
                "folded": n in folded,
                "conds": _conditions(view, n) if node_class(n, a) == "LoanProduct" else [],
            }
        )
    edges = []
    pairs: Counter[frozenset[str]] = Counter()
    for i, (u, v, k, a) in enumerate(view.edges(keys=True, data=True)):
        pair = frozenset((u, v))
        nth = pairs[pair]
        pairs[pair] += 1
        ev = a.get("evidence") or []
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "rel": str(a.get("relation") or k),
                "relZh": RELATION_NAMES_ZH.get(str(a.get("relation") or k), str(k)),
                "src": str(a.get("source") or ""),
                "curve": 0 if nth == 0 else round(0.2 * ((nth + 1) // 2), 2) * (-1) ** nth,
                "ev": docs.evidence(ev),
                "evTotal": len(ev),
            }
        )
    shown = Counter(x["cls"] for x in nodes)
    total = Counter(node_class(n, a) for n, a in G.nodes(data=True))
    classes = [
        {
            "name": c,
            "zh": CLASS_STYLES.get(c, (_OTHER_COLOR, c))[1],
            "color": CLASS_STYLES.get(c, (_OTHER_COLOR, c))[0],
            "count": shown[c],
            "total": total[c],
        }
        for c in _class_order(total)
    ]
    n_nodes = len(nodes)
    large = n_nodes > _LARGE
    return {
        "title": title,
        "font": FONT_STACK,
        "classes": classes,
        "docs": docs.rows,
        "nodes": nodes,
        "edges": edges,
        "view": {
            "seed": seed,
            "physics": physics,
            "improvedLayout": n_nodes <= _IMPROVED_LAYOUT_MAX,
            "large": large,
            "edgeLabels": len(edges) <= 150,
            "iterations": 150 if large else 500,
            "budgetMs": 1000 if large else 3000,
        },
        "info": {
            "summary": info.summary(),
            "shownNodes": info.shown_nodes,
            "totalNodes": info.total_nodes,
            "omittedByClass": [
                [c, CLASS_STYLES.get(c, ("", c))[1], k] for c, k in info.omitted_by_class.items()
            ],
            "omittedTop": list(info.omitted_top),
            "focus": [node_label(n, G.nodes[n]) for n in info.focus],
            "depth": info.depth,
            "types": list(info.types),
            "maxNodes": info.max_nodes,
        },
    }


def _conditions(view: nx.MultiDiGraph, product: str) -> list[list[str]]:
    """A product's conditions for its panel: id, label, canonical metric, scope, phase."""
    rows = []
    for _, c, k in sorted(view.out_edges(product, keys=True)):
        if k == "requires":
            a = view.nodes[c]
            phase = "" if a.get("phase") in (None, "", "application") else str(a["phase"])
            rows.append(
                [c, node_label(c, a), _fmt(a.get("canonical")), _fmt(a.get("scope")), phase]
            )
    return rows


def _json_for_script(data: Any) -> str:
    """Serialize ``data`` as JSON that cannot end or open anything inside ``<script>``.

    Examples
    --------
    >>> _json_for_script({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _inline(text: str, tag: str) -> str:
    """Make asset text safe to inline in a ``<script>`` or ``<style>`` element."""
    text = re.sub(f"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def _asset(name: str) -> str:
    return resources.files("kgraph").joinpath(_ASSETS, name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    return resources.files("pyvis").joinpath(_VIS_DIR, name).read_text(encoding="utf-8")


def render_html(
    G: nx.MultiDiGraph,
    *,
    title: str = "kgraph",
    focus: str | None = None,
    depth: int = 1,
    types: str | Iterable[str] | None = None,
    max_nodes: int | None = None,
    seed: int = 7,
    physics: bool = False,
) -> str:
    """Render a view of ``G`` as one self-contained HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph as described in ``docs/graph-model.md``.
    title : str, default "kgraph"
        Page title (shown as text).
    focus, depth, types, max_nodes
        The view, as in :func:`select_view`.
    seed : int, default 7
        Seed of the layout: the same graph and seed give the same picture.
    physics : bool, default False
        Let the nodes move by a physics simulation after loading (they start from the
        positions computed here either way).

    Returns
    -------
    str
        The page: vis-network, CSS, script and data inline; no reference to any host.

    Raises
    ------
    ViewError
        If the view cannot be selected (see :func:`select_view`).
    """
    view, info = select_view(G, focus=focus, depth=depth, types=types, max_nodes=max_nodes)
    parts = {
        "TITLE": html.escape(title),
        "VIS_CSS": _inline(_vis_asset("vis-network.css"), "style"),
        "APP_CSS": _inline(_asset("app.css"), "style"),
        "VIS_JS": _inline(_vis_asset("vis-network.min.js"), "script"),
        "APP_JS": _inline(_asset("app.js"), "script"),
        "DATA": _json_for_script(_payload(view, info, G, title, seed, physics)),
    }
    # One pass over the template: inserted text is never scanned for placeholders.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], _asset("page.html"))


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str = "kgraph",
    focus: str | None = None,
    depth: int = 1,
    types: str | Iterable[str] | None = None,
    max_nodes: int | None = None,
    seed: int = 7,
    physics: bool = False,
) -> Path:
    """Write a view of ``G`` to ``path`` atomically (a temporary file, then a rename).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph as described in ``docs/graph-model.md``.
    path : str or os.PathLike
        The HTML file to write; missing parent folders are created.
    title, focus, depth, types, max_nodes, seed, physics
        As in :func:`render_html`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ViewError
        If the view cannot be selected.
    ExportError
        If the file cannot be written.
    """
    page = render_html(
        G,
        title=title,
        focus=focus,
        depth=depth,
        types=types,
        max_nodes=max_nodes,
        seed=seed,
        physics=physics,
    )
    out = Path(path)
    tmp = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=out.parent,
            prefix=f".{out.name}.",
            suffix=".tmp",
            delete=False,
        ) as fh:
            tmp = fh.name
            fh.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise ExportError(f"{out}: cannot write the view: {exc.strerror or exc}") from exc
    return out
