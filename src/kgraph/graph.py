"""The knowledge graph: a networkx MultiDiGraph built from extractions.

See ``docs/graph-model.md`` for the attributes of nodes, edges and the graph. Building is
deterministic: nodes and edges are added in sorted order and every list is sorted.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kgraph.errors import ExportError
from kgraph.extract.resolve import resolve_keys
from kgraph.nlp.lexicon import load_lexicon
from kgraph.nlp.metrics import condition_context, condition_fields
from kgraph.types import EntityKey, Extraction


def build_graph(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """Merge extractions into one graph with an evidence trail on every node and edge.

    The same as ``graph_from_parts(graph_parts(extractions))``; see :class:`GraphParts` to
    build from parts of a corpus.

    Examples
    --------
    >>> from kgraph.api import extract_text
    >>> G = build_graph([extract_text("宁波的小微企业集中在长三角。", title="示例")])
    >>> sorted(G.nodes)
    ['EnterpriseType:小微企业', 'Region:宁波市', 'Region:长三角']
    >>> sorted((u, k, v) for u, v, k in G.edges(keys=True))
    [('EnterpriseType:小微企业', 'concentratedIn', 'Region:长三角'), ('EnterpriseType:小微企业', 'locatedIn', 'Region:宁波市')]
    """
    return graph_from_parts(graph_parts(extractions))


def _node() -> dict:
    return {"aliases": set(), "count": 0, "docs": set(), "evidence": set(), "contexts": set()}


#: The sets of a node's parts that merge by union.
_NODE_SETS = ("aliases", "docs", "evidence", "contexts")


def _edge() -> dict:
    return {"sources": set(), "evidence": set()}


def _add_node(node: dict, data: dict) -> None:
    """Add a node's parts ``data`` into ``node``: counts add up, sets unite."""
    node["count"] += data["count"]
    for name in _NODE_SETS:
        node[name] |= data[name]


def _add_edge(edge: dict, data: dict) -> None:
    edge["sources"] |= data["sources"]
    edge["evidence"] |= data["evidence"]


@dataclass
class GraphParts:
    """What some documents' extractions add to the graph, before names are resolved.

    Parts of disjoint sets of documents merge (:meth:`merge`) into the parts of their
    union, however the corpus was split: counts add up and sets unite, and a condition's
    fields come from the first part holding it, as they would in input order. Names are
    resolved across the whole corpus only in :func:`graph_from_parts`, so merging parts of
    chunks, in input order, gives exactly :func:`build_graph` of all of them.
    """

    keys: set[EntityKey] = field(default_factory=set)
    nodes: dict[EntityKey, dict] = field(default_factory=lambda: defaultdict(_node))
    fields: dict[EntityKey, dict] = field(default_factory=dict)
    edges: dict[tuple[EntityKey, EntityKey, str], dict] = field(
        default_factory=lambda: defaultdict(_edge)
    )
    documents: dict[str, dict] = field(default_factory=dict)

    def merge(self, other: GraphParts) -> GraphParts:
        """Add ``other`` (later documents) into these parts; returns them."""
        self.keys |= other.keys
        for key, data in other.nodes.items():
            _add_node(self.nodes[key], data)
        for key, value in other.fields.items():
            self.fields.setdefault(key, value)
        for key, data in other.edges.items():
            _add_edge(self.edges[key], data)
        self.documents.update(other.documents)
        return self


def graph_parts(extractions: Iterable[Extraction]) -> GraphParts:
    """The :class:`GraphParts` of some extractions (keys as extracted, not yet resolved)."""
    parts = GraphParts()
    for ex in extractions:
        parts.documents[ex.doc.id] = {
            "title": ex.doc.title,
            "date": ex.doc.date,
            "source": ex.doc.source,
            "url": ex.doc.url,
            "views": ex.doc.views,
        }
        for m, ev in ex.mentions:
            parts.keys.add(m.key)
            node = parts.nodes[m.key]
            node["aliases"].add(m.text)
            node["count"] += 1
            node["docs"].add(ev.doc)
            node["evidence"].add((ev.doc, ev.start, ev.end, ev.sentence))
        for c, ev in ex.conditions:
            parts.keys.add(c.key)
            node = parts.nodes[c.key]
            node["count"] += 1
            node["docs"].add(ev.doc)
            node["evidence"].add((ev.doc, ev.start, ev.end, ev.sentence))
            node["contexts"].add(condition_context(ev.sentence, c.start - ev.start))
            parts.fields.setdefault(
                c.key,
                {
                    "metric": c.metric,
                    "op": c.op,
                    "value": c.value,
                    "value_max": c.value_max,
                    "unit": c.unit,
                    "window": c.window,
                },
            )
        for r in ex.relations:
            parts.keys.update((r.head, r.tail))
            if r.head == r.tail:
                continue
            edge = parts.edges[(r.head, r.tail, r.relation)]
            edge["sources"].add(r.source)
            if r.evidence is not None:
                ev = r.evidence
                edge["evidence"].add((ev.doc, ev.start, ev.end, ev.sentence))
    return parts


def graph_from_parts(parts: GraphParts) -> nx.MultiDiGraph:
    """The graph of a corpus from its merged parts: names resolved, then nodes and edges."""
    canon = resolve_keys(parts.keys)
    nodes: dict[EntityKey, dict] = defaultdict(_node)
    for key, data in parts.nodes.items():
        _add_node(nodes[canon[key]], data)
    fields = parts.fields
    edges: dict[tuple[EntityKey, EntityKey, str], dict] = {}
    for (h, t, rel), data in parts.edges.items():
        head, tail = canon[h], canon[t]
        if head == tail:
            continue
        _add_edge(edges.setdefault((head, tail, rel), _edge()), data)
        for end in (head, tail):
            nodes[end]  # an end known only from a relation still gets a node

    G = nx.MultiDiGraph()
    G.graph["documents"] = {doc: parts.documents[doc] for doc in sorted(parts.documents)}
    lexicon = load_lexicon()
    for key in sorted(nodes):
        data = nodes[key]
        attrs = {
            "cls": key.cls,
            "label": key.label,
            "aliases": sorted(data["aliases"] - {key.label}),
            "count": data["count"],
            "docs": sorted(data["docs"]),
            "evidence": _evidence(data["evidence"]),
        }
        attrs.update(fields.get(key, {}))
        if key.cls == "LoanCondition" and key in fields:
            attrs.update(condition_fields(attrs["metric"], attrs["op"], data["contexts"]))
        if key.cls == "Region" and key.label in lexicon.regions:
            info = lexicon.regions[key.label]
            attrs["level"] = info.level
            if info.adcode:
                attrs["adcode"] = info.adcode
        G.add_node(str(key), **attrs)
    for head, tail, rel in sorted(edges):
        data = edges[(head, tail, rel)]
        source = "text" if "text" in data["sources"] else sorted(data["sources"])[0]
        G.add_edge(
            str(head),
            str(tail),
            key=rel,
            relation=rel,
            source=source,
            evidence=_evidence(data["evidence"]),
        )
    return G


def _evidence(items: set[tuple[str, int, int, str]]) -> list[dict]:
    return [{"doc": d, "sentence": s, "start": a, "end": b} for d, a, b, s in sorted(items)]


def to_node_link(G: nx.MultiDiGraph) -> dict:
    """The graph as standard node-link JSON data, what ``networkx.node_link_graph`` reads.

    An edge's ends are ``source`` and ``target``; its provenance (the ``source`` edge
    attribute of the graph model: text, structure or gazetteer) is stored as ``provenance``.
    """
    data = nx.node_link_data(G, edges="edges", source="_u", target="_v")
    for edge in data["edges"]:
        if "source" in edge:
            edge["provenance"] = edge.pop("source")
        edge["source"], edge["target"] = edge.pop("_u"), edge.pop("_v")
    return data


def from_node_link(data: dict) -> nx.MultiDiGraph:
    """The inverse of :func:`to_node_link` (it also reads the ``head``/``tail`` files of
    kgraph before round 6)."""
    edges = []
    for edge in data.get("edges", data.get("links", [])):
        edge = dict(edge)
        if "head" in edge:  # the earlier layout: ends under head/tail, provenance as source
            edge["_u"], edge["_v"] = edge.pop("head"), edge.pop("tail")
        else:
            edge["_u"], edge["_v"] = edge.pop("source"), edge.pop("target")
            if "provenance" in edge:
                edge["source"] = edge.pop("provenance")
        edges.append(edge)
    return nx.node_link_graph(
        {**data, "edges": edges},
        directed=True,
        multigraph=True,
        edges="edges",
        source="_u",
        target="_v",
    )


def atomic_write(path: str | Path, write) -> Path:
    """Write a file through a temporary file in the same folder, then rename it into place.

    ``write`` receives the temporary path. An interrupted write leaves the old file intact.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph.json`` (node-link), byte-identical for the same graph."""
    text = json.dumps(to_node_link(G), ensure_ascii=False, indent=1, sort_keys=True)
    return atomic_write(path, lambda p: p.write_text(text + "\n", encoding="utf-8"))


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_json`: the file, or a build folder holding it."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    try:
        return from_node_link(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ExportError(f"{path}: not a kgraph graph.json ({exc})") from exc


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML; list and dict attributes are stored as JSON strings."""
    H = nx.MultiDiGraph()
    for n, data in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, k, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in data.items() if b is not None})
    return atomic_write(path, lambda p: nx.write_graphml(H, p, encoding="utf-8"))


def _scalar(value: object) -> object:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value
