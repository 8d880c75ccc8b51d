"""Which part of a graph a view shows: a neighbourhood, some classes, the best-connected nodes.

:func:`select_view` is re-exported by :mod:`kgraph.viz.html`; it reads the graph described in
``docs/graph-model.md`` and never changes it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kgraph.errors import KGraphError
from kgraph.types import ENTITY_CLASSES

__all__ = ["ViewError", "ViewInfo", "node_class", "node_label", "select_view"]


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


def node_class(node: str, attrs: dict[str, Any]) -> str:
    """The class of a node: its ``cls`` attribute, else the part of its id before ``:``."""
    return str(attrs.get("cls") or node.partition(":")[0])


def node_label(node: str, attrs: dict[str, Any]) -> str:
    """The label of a node: its ``label`` attribute, else the part of its id after ``:``."""
    return str(attrs.get("label") or node.partition(":")[2] or node)


def _parse_types(G: nx.MultiDiGraph, types: str | Iterable[str] | None) -> tuple[str, ...]:
    if types is None:
        return ()
    items = types.split(",") if isinstance(types, str) else list(types)
    wanted = tuple(dict.fromkeys(t.strip() for t in items if t and t.strip()))
    known = set(ENTITY_CLASSES) | {node_class(n, a) for n, a in G.nodes(data=True)}
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
        or key == _norm(node_label(n, a))
        or any(key == _norm(str(x)) for x in a.get("aliases") or ())
    ]
    if not hits:
        near = sorted(
            node_label(n, a) for n, a in G.nodes(data=True) if key in _norm(node_label(n, a))
        )
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
        keep = {n for n in keep if n in seeds or node_class(n, G.nodes[n]) in wanted}
    seed_set = set(seeds)
    if max_nodes is not None and len(keep) > max_nodes:
        sub = G.subgraph(keep)
        ranked = sorted(keep, key=lambda n: (n not in seed_set, -sub.degree(n), n))
        keep = set(ranked[:max_nodes])
    # Built by hand: networkx subgraph views iterate the (unordered) node set.
    view = G.__class__()
    view.graph.update(G.graph)
    view.add_nodes_from((n, dict(a)) for n, a in G.nodes(data=True) if n in keep)
    view.add_edges_from(
        (u, v, k, dict(a))
        for u, v, k, a in G.edges(keys=True, data=True)
        if u in keep and v in keep
    )
    left = [n for n in G.nodes if n not in keep]
    by_class = Counter(node_class(n, G.nodes[n]) for n in left)
    top = sorted(left, key=lambda n: (-G.degree(n), n))[:10]
    info = ViewInfo(
        total_nodes=G.number_of_nodes(),
        total_edges=G.number_of_edges(),
        shown_nodes=view.number_of_nodes(),
        shown_edges=view.number_of_edges(),
        omitted_by_class=dict(sorted(by_class.items())),
        omitted_top=tuple(node_label(n, G.nodes[n]) for n in top),
        focus=tuple(seeds),
        depth=depth,
        types=wanted,
        max_nodes=max_nodes,
    )
    return view, info
