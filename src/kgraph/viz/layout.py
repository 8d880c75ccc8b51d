"""Where the view's nodes go, computed in Python, and which condition nodes start folded.

The page opens laid out: positions come from a seeded force-directed layout
(``networkx.spring_layout``) and are stored in the page, so the browser draws at once
instead of running a physics simulation behind a progress message. A loan product's
conditions are listed in its side panel; their nodes start hidden, and show when the
product is expanded.
"""

from __future__ import annotations

import math

import networkx as nx

#: Pixels per unit of a component's layout, times the square root of its number of nodes.
_SPREAD = 110.0
#: Pixels of margin around each component.
_GAP = 60.0


def positions(view: nx.MultiDiGraph, seed: int) -> dict[str, tuple[int, int]]:
    """Node -> (x, y) in pixels: the same view and seed give the same positions.

    Each connected component is laid out on its own (a seeded spring layout, scaled with
    the square root of its size), and the components are packed in rows, largest first,
    so that a few big clusters and many lone nodes all stay readable.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("d", "e")])
    >>> G.add_node("f")
    >>> positions(G, 7) == positions(G, 7), len(positions(G, 7))
    (True, 6)
    """
    if view.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(view.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in view.edges() if u != v))
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    boxes = [_component(simple.subgraph(c), seed) for c in parts]
    width = max(max(w for w, _, _ in boxes), math.sqrt(sum(w * h for w, h, _ in boxes)) * 1.3)
    out: dict[str, tuple[int, int]] = {}
    x = y = row = 0.0
    for w, h, pos in boxes:
        if x > 0 and x + w > width:  # next row
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in pos.items():
            out[node] = (round(x + px), round(y + py))
        x, row = x + w, max(row, h)
    return out


def _component(G: nx.Graph, seed: int) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """A component's layout, shifted to start at (gap, gap): its width, height, positions."""
    n = G.number_of_nodes()
    if n == 1:
        pos = {next(iter(G.nodes)): (0.0, 0.0)}
    else:
        # networkx's sparse layout (above 500 nodes) costs ~0.1 s an iteration at 1,600
        # nodes: big components get fewer iterations, so a view of thousands renders in ~2 s.
        raw = nx.spring_layout(G, seed=seed, iterations=100 if n <= 300 else max(15, 15_000 // n))
        scale = _SPREAD * math.sqrt(n)
        pos = {node: (x * scale, y * scale) for node, (x, y) in raw.items()}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    left, top = min(xs) - _GAP, min(ys) - _GAP
    shifted = {node: (x - left, y - top) for node, (x, y) in pos.items()}
    return max(xs) - left + _GAP, max(ys) - top + _GAP, shifted


def folded_conditions(view: nx.MultiDiGraph) -> set[str]:
    """Condition nodes reached only by products' ``requires`` edges: shown on expanding.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("P", cls="LoanProduct"); G.add_node("C", cls="LoanCondition")
    >>> _ = G.add_edge("P", "C", key="requires")
    >>> folded_conditions(G)
    {'C'}
    """
    folded = set()
    for node, data in view.nodes(data=True):
        if data.get("cls") != "LoanCondition":
            continue
        edges = list(view.in_edges(node, keys=True)) + list(view.out_edges(node, keys=True))
        if edges and all(
            k == "requires" and v == node and view.nodes[u].get("cls") == "LoanProduct"
            for u, v, k in edges
        ):
            folded.add(node)
    return folded
