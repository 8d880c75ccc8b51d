"""Interactive, self-contained HTML views of a kgraph graph.

The page embeds vis-network (read from the installed ``pyvis`` package), its CSS, the
page's own script and style, and the graph as JSON: it makes no request to any host and
works offline. Every label, alias and sentence travels as JSON data and is put into the
page with ``textContent``, never parsed as markup.

The graph read here is the ``networkx.MultiDiGraph`` described in ``docs/graph-model.md``.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.errors import ExportError, KGraphError
from kgraph.types import ENTITY_CLASSES

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
    ("level", "行政级别"),
    ("adcode", "行政区划代码"),
)
_LABEL_MAX = 18  # longer labels are shortened on the canvas (full text in the panel)
_IMPROVED_LAYOUT_MAX = 150  # vis' improvedLayout is slow beyond this many nodes
_LARGE = 300  # above this many nodes: fewer iterations, straight edges, no edge labels
_EVIDENCE_MAX = 200  # sentences embedded per node or edge
_ASSETS = "data/viz"
_VIS_DIR = "lib/vis-9.1.2"


class ViewError(KGraphError, ValueError):
    """A view cannot be selected: unknown class, no entity matches the focus, bad bound."""


@dataclass(frozen=True, slots=True)
class ViewInfo:
    """What a view shows of its graph and what it leaves out.

    Attributes
    ----------
    total_nodes, total_edges : int
        Size of the whole graph.
    shown_nodes, shown_edges : int
        Size of the view.
    omitted_by_class : dict of str to int
        Nodes left out, per class (classes with none left out are absent).
    omitted_top : tuple of str
        Labels of the best-connected nodes left out (at most ten).
    focus : tuple of str
        Ids of the nodes the view is centred on (empty without ``focus``).
    depth : int
        Neighbourhood depth used with ``focus``.
    types : tuple of str
        Classes kept (empty: all).
    max_nodes : int or None
        The node limit applied.
    """

    total_nodes: int
    total_edges: int
    shown_nodes: int
    shown_edges: int
    omitted_by_class: dict[str, int] = field(default_factory=dict)
    omitted_top: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    depth: int = 1
    types: tuple[str, ...] = ()
    max_nodes: int | None = None

    @property
    def omitted_nodes(self) -> int:
        """Number of nodes left out."""
        return self.total_nodes - self.shown_nodes

    def summary(self) -> str:
        """One line for people, e.g. ``显示 5 / 8 个节点，4 / 9 条关系``.

        Examples
        --------
        >>> ViewInfo(8, 9, 5, 4).summary()
        '显示 5 / 8 个节点，4 / 9 条关系'
        """
        return (
            f"显示 {self.shown_nodes} / {self.total_nodes} 个节点，"
            f"{self.shown_edges} / {self.total_edges} 条关系"
        )


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _cls(node: str, attrs: dict[str, Any]) -> str:
    return str(attrs.get("cls") or node.partition(":")[0])


def _label(node: str, attrs: dict[str, Any]) -> str:
    return str(attrs.get("label") or node.partition(":")[2] or node)


def _parse_types(G: nx.MultiDiGraph, types: str | Iterable[str] | None) -> tuple[str, ...]:
    if types is None:
        return ()
    items = types.split(",") if isinstance(types, str) else list(types)
    wanted = tuple(dict.fromkeys(t.strip() for t in items if t and t.strip()))
    known = set(ENTITY_CLASSES) | {_cls(n, a) for n, a in G.nodes(data=True)}
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise ViewError(
            f"unknown class {', '.join(unknown)}; known classes: {', '.join(sorted(known))}"
        )
    return wanted


def _match_focus(G: nx.MultiDiGraph, focus: str) -> list[str]:
    key = _norm(focus)
    hits = [
        n
        for n, a in G.nodes(data=True)
        if key == _norm(n)
        or key == _norm(_label(n, a))
        or any(key == _norm(str(x)) for x in a.get("aliases") or ())
    ]
    if not hits:
        near = sorted(_label(n, a) for n, a in G.nodes(data=True) if key in _norm(_label(n, a)))
        hint = f"; did you mean {', '.join(near[:5])}?" if near else ""
        raise ViewError(f"no entity has the label or alias {focus!r}{hint}")
    return hits


def _neighbourhood(G: nx.MultiDiGraph, seeds: list[str], depth: int) -> set[str]:
    seen = set(seeds)
    frontier = set(seeds)
    for _ in range(depth):
        nxt: set[str] = set()
        for n in frontier:
            nxt.update(G.successors(n))
            nxt.update(G.predecessors(n))
        frontier = nxt - seen
        seen |= frontier
        if not frontier:
            break
    return seen


def select_view(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: str | Iterable[str] | None = None,
    max_nodes: int | None = None,
) -> tuple[nx.MultiDiGraph, ViewInfo]:
    """Select the part of ``G`` a view shows.

    The steps run in this order: the neighbourhood of ``focus`` (edges followed in both
    directions, in the whole graph), then the classes of ``types`` (the focus nodes are
    always kept), then the ``max_nodes`` best-connected nodes (degree within the
    selection so far, ties by node id; focus nodes first).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph as described in ``docs/graph-model.md``.
    focus : str, optional
        A label, alias or node id (compared after NFKC and case folding). Every node it
        matches is a centre of the view.
    depth : int, default 1
        How many edges away from the focus nodes the view reaches.
    types : str or iterable of str, optional
        Classes to keep, as names or one comma-separated string.
    max_nodes : int, optional
        The most nodes the view shows.

    Returns
    -------
    subgraph : networkx.MultiDiGraph
        A copy of the selected part, with the graph attributes of ``G``; node and edge
        order follow ``G``.
    info : ViewInfo
        What was shown and what was left out.

    Raises
    ------
    ViewError
        If a class is unknown, no entity matches ``focus``, ``depth < 0`` or
        ``max_nodes < 1``.
    """
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise ViewError(f"max-nodes must be 1 or more, not {max_nodes}")
    wanted = _parse_types(G, types)
    seeds = _match_focus(G, focus) if focus is not None else []
    keep = _neighbourhood(G, seeds, depth) if seeds else set(G.nodes)
    if wanted:
        keep = {n for n in keep if n in seeds or _cls(n, G.nodes[n]) in wanted}
    seed_set = set(seeds)
    if max_nodes is not None and len(keep) > max_nodes:
        sub = G.subgraph(keep)
        ranked = sorted(keep, key=lambda n: (n not in seed_set, -sub.degree(n), n))
        keep = set(ranked[:max_nodes])
    view = G.subgraph(keep).copy()
    left = [n for n in G.nodes if n not in keep]
    by_class = Counter(_cls(n, G.nodes[n]) for n in left)
    top = sorted(left, key=lambda n: (-G.degree(n), n))[:10]
    info = ViewInfo(
        total_nodes=G.number_of_nodes(),
        total_edges=G.number_of_edges(),
        shown_nodes=view.number_of_nodes(),
        shown_edges=view.number_of_edges(),
        omitted_by_class=dict(sorted(by_class.items())),
        omitted_top=tuple(_label(n, G.nodes[n]) for n in top),
        focus=tuple(seeds),
        depth=depth,
        types=wanted,
        max_nodes=max_nodes,
    )
    return view, info


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


def _payload(view: nx.MultiDiGraph, info: ViewInfo, G: nx.MultiDiGraph, title: str, seed: int):
    docs = _Docs(dict(G.graph.get("documents") or {}))
    nodes = []
    for n, a in view.nodes(data=True):
        label = _label(n, a)
        deg = view.degree(n)
        ev = a.get("evidence") or []
        fields = [[k, zh, _fmt(a[k])] for k, zh in _FIELDS if k in a and _fmt(a[k]) != ""]
        nodes.append(
            {
                "id": n,
                "cls": _cls(n, a),
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
                "src": str(a.get("source") or ""),
                "curve": 0 if nth == 0 else round(0.2 * ((nth + 1) // 2), 2) * (-1) ** nth,
                "ev": docs.evidence(ev),
                "evTotal": len(ev),
            }
        )
    shown = Counter(x["cls"] for x in nodes)
    total = Counter(_cls(n, a) for n, a in G.nodes(data=True))
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
            "improvedLayout": n_nodes <= _IMPROVED_LAYOUT_MAX,
            "large": large,
            "edgeLabels": len(edges) <= 150,
            "iterations": 150 if large else 500,
            "budgetMs": 1500 if large else 3000,
        },
        "info": {
            "summary": info.summary(),
            "shownNodes": info.shown_nodes,
            "totalNodes": info.total_nodes,
            "omittedByClass": [
                [c, CLASS_STYLES.get(c, ("", c))[1], k] for c, k in info.omitted_by_class.items()
            ],
            "omittedTop": list(info.omitted_top),
            "focus": [_label(n, G.nodes[n]) for n in info.focus],
            "depth": info.depth,
            "types": list(info.types),
            "maxNodes": info.max_nodes,
        },
    }


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
        "DATA": _json_for_script(_payload(view, info, G, title, seed)),
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
) -> Path:
    """Write a view of ``G`` to ``path`` atomically (a temporary file, then a rename).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph as described in ``docs/graph-model.md``.
    path : str or os.PathLike
        The HTML file to write; missing parent folders are created.
    title, focus, depth, types, max_nodes, seed
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
        G, title=title, focus=focus, depth=depth, types=types, max_nodes=max_nodes, seed=seed
    )
    out = Path(path)
    tmp = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=out.parent, prefix=f".{out.name}.", suffix=".tmp",
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
