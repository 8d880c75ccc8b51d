"""The Python API: build a knowledge graph, save it, load it, query it, view it.

The command line (:mod:`kgraph.cli`) is a thin layer over these functions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.corpus import parse_plain_text, read_documents
from kgraph.errors import InputError
from kgraph.extract import extract_documents, to_gold_format
from kgraph.graph import atomic_write, build_graph, read_json, write_graphml, write_json
from kgraph.types import ENTITY_CLASSES, Document, Extraction

DEFAULT_INPUT = Path("data/corpus")
DEFAULT_OUTPUT = Path("build")


@cache
def _nlp():
    from kgraph.nlp import load_pipeline

    return load_pipeline()


def extract(
    paths: Iterable[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[Document], None] | None = None,
) -> list[Extraction]:
    """Read files and folders and extract every document.

    Parameters
    ----------
    paths : iterable of str or Path
        Files (``.txt``, ``.md``, ``.html``, ``.jsonl``) and folders of them.
    on_error : callable, optional
        Called with an :class:`~kgraph.errors.InputError` for each input that cannot be
        read; the others are still processed. Without it the first error is raised.
    progress : callable, optional
        Called with each document once it is extracted.
    """
    docs = read_documents([Path(p) for p in paths], on_error=on_error)
    out = []
    for ex in extract_documents(docs, _nlp()):
        out.append(ex)
        if progress:
            progress(ex.doc)
    return out


def extract_text(text: str, *, title: str = "") -> Extraction:
    """Extract one document given as a string.

    Examples
    --------
    >>> ex = extract_text("申请企业年销售收入不低于100万元。", title="某银行经营贷款")
    >>> [c.label for c, _ in ex.conditions]
    ['年销售收入 >= 1000000 CNY']
    """
    body = f"{title}\n{text}" if title else text
    doc = parse_plain_text(body, source="<text>", title=title or None)
    return next(extract_documents([doc], _nlp()))


@dataclass
class KnowledgeGraph:
    """A built knowledge graph: the networkx graph and, when built here, the extractions.

    Examples
    --------
    >>> kg = build(["data/corpus"])
    >>> kg.counts()["Region"] > 5
    True
    >>> kg.entities("RiskCategory")[:2]
    ['合规风险', '声誉风险']
    """

    graph: nx.MultiDiGraph
    extractions: list[Extraction] = field(default_factory=list)
    _rdf: Any = None
    shacl: Any = None

    # -- structure -----------------------------------------------------------------
    def entities(self, cls: str | None = None) -> list[str]:
        """Canonical labels of the nodes of a class (all classes if None), sorted."""
        return sorted(d["label"] for _, d in self.graph.nodes(data=True) if cls in (None, d["cls"]))

    def counts(self) -> Counter:
        """Number of nodes per class."""
        return Counter(d["cls"] for _, d in self.graph.nodes(data=True))

    def node(self, label: str, cls: str | None = None) -> str:
        """The node id of a label or alias (``KeyError`` if there is none)."""
        for n, d in sorted(self.graph.nodes(data=True)):
            if cls in (None, d["cls"]) and (label == d["label"] or label in d.get("aliases", [])):
                return n
        raise KeyError(label)

    def evidence(self, label: str, relation: str | None = None, tail: str | None = None) -> list[dict]:
        """Evidence sentences of an entity, or of the edges ``label -relation-> tail``."""
        node = self.node(label)
        if relation is None and tail is None:
            return list(self.graph.nodes[node]["evidence"])
        out = []
        for _, v, k, d in self.graph.out_edges(node, keys=True, data=True):
            if relation in (None, k) and (tail is None or v == self.node(tail)):
                out.extend(d["evidence"])
        return out

    def relations(self) -> list[tuple[str, str, str]]:
        """Every edge as (head label, relation, tail label)."""
        lab = self.graph.nodes
        return [(lab[u]["label"], k, lab[v]["label"]) for u, v, k in self.graph.edges(keys=True)]

    # -- RDF and SPARQL --------------------------------------------------------------
    @property
    def rdf(self):
        """The graph as an rdflib Graph with the kgraph ontology (built on first use)."""
        if self._rdf is None:
            from kgraph.rdf import to_rdf

            self._rdf = to_rdf(self.graph)
        return self._rdf

    def query(self, sparql: str, **bindings: Any):
        """Run a SPARQL query; SELECT results come back as a pandas DataFrame."""
        import pandas as pd

        from kgraph.sparql import result_rows, run_query

        result = run_query(self.rdf, sparql, bindings=bindings or None)
        if result.type != "SELECT":
            return result
        names, rows = result_rows(result)
        return pd.DataFrame(rows, columns=names)

    # -- views and files ---------------------------------------------------------------
    def view(self, path: str | Path, **options: Any) -> Path:
        """Write an interactive HTML view (see :func:`kgraph.viz.write_html`)."""
        from kgraph.viz import write_html

        return write_html(self.graph, path, **options)

    def save(self, out: str | Path = DEFAULT_OUTPUT) -> dict[str, Path]:
        """Write every output into ``out``; each file is written atomically."""
        out = Path(out)
        written = {
            "graph.json": write_json(self.graph, out / "graph.json"),
            "graph.graphml": write_graphml(self.graph, out / "graph.graphml"),
        }
        if self.extractions:
            lines = [json.dumps(to_gold_format(ex), ensure_ascii=False, sort_keys=True) for ex in self.extractions]
            text = "\n".join(lines) + "\n"
            written["extractions.jsonl"] = atomic_write(
                out / "extractions.jsonl", lambda p: p.write_text(text, encoding="utf-8")
            )
        return written


def build(
    paths: Iterable[str | Path] = (DEFAULT_INPUT,),
    *,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[Document], None] | None = None,
) -> KnowledgeGraph:
    """Read, extract and build the graph of the given files and folders."""
    extractions = extract(paths, on_error=on_error, progress=progress)
    return KnowledgeGraph(build_graph(extractions), extractions)


def load(path: str | Path = DEFAULT_OUTPUT) -> KnowledgeGraph:
    """Load a graph saved by :meth:`KnowledgeGraph.save` (a folder or its ``graph.json``)."""
    path = Path(path)
    return KnowledgeGraph(read_json(path / "graph.json" if path.is_dir() else path))


__all__ = ["ENTITY_CLASSES", "KnowledgeGraph", "build", "extract", "extract_text", "load"]
