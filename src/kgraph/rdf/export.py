"""The knowledge graph as RDF: IRIs, conversion, files, SHACL validation.

:func:`to_rdf` turns the networkx graph of ``docs/graph-model.md`` into an rdflib graph
that uses the ontology in ``ontology/kgraph.ttl``; ``docs/rdf-model.md`` describes the
result. Files are written and read through pyoxigraph (the ``ox-*`` plugins of oxrdflib),
which is much faster than rdflib's own parsers and serializers; rdflib stays the API.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(documents={})
>>> G.add_node("Region:昆明市", cls="Region", label="昆明市")
>>> G.add_node("Region:云南省", cls="Region", label="云南省")
>>> G.add_edge("Region:昆明市", "Region:云南省", key="partOf", relation="partOf",
...            source="gazetteer", evidence=[])
'partOf'
>>> g = to_rdf(G)
>>> (entity_iri("Region", "昆明市"), KG.partOf, entity_iri("Region", "云南省")) in g
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.namespace import DCTERMS, PROV, SKOS

from kgraph.errors import ExportError
from kgraph.graph import atomic_write
from kgraph.rdf.conditions import condition_triples
from kgraph.rdf.iris import (
    DEFAULT_BASE,
    _check_base,
    assertion_iri,
    document_iri,
    entity_iri,
    iri_segment,
    sentence_iri,
)
from kgraph.rdf.literals import decimal_literal, string_literal
from kgraph.rdf.ontology import CLASSES, KG, PREFIXES, PROPERTIES
from kgraph.rdf.oxigraph import add_triples, to_ox
from kgraph.rdf.shacl import ValidationReport, validate

__all__ = [
    "DEFAULT_BASE",
    "FORMATS",
    "ValidationReport",
    "assertion_iri",
    "decimal_literal",
    "document_iri",
    "entity_iri",
    "format_for_path",
    "format_name",
    "iri_segment",
    "load_rdf",
    "new_graph",
    "sentence_iri",
    "serialize",
    "string_literal",
    "to_rdf",
    "validate",
    "write_rdf",
]

#: Format names (and aliases) -> (rdflib plugin name, file suffix).
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("ox-turtle", ".ttl"),
    "nt": ("ox-ntriples", ".nt"),
    "json-ld": ("ox-json-ld", ".jsonld"),
    "trig": ("ox-trig", ".trig"),
}
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}
#: Prefixes written in Turtle and TriG files.
_PREFIXES = {p: PREFIXES[p] for p in ("kg", "rdf", "rdfs", "xsd", "skos", "prov", "dcterms")}
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "json-ld",
    "json": "json-ld",
}
_SUFFIXES = {suffix: name for name, (_, suffix) in FORMATS.items()} | {".json": "json-ld"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_name(name: str) -> str:
    """The canonical name of an RDF format, from a name or an alias.

    >>> format_name("ttl"), format_name("JSON-LD"), format_name("nt")
    ('turtle', 'json-ld', 'nt')
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise ExportError(f"unknown RDF format {name!r}; choose one of {', '.join(FORMATS)}")
    return key


def format_for_path(path: str | os.PathLike[str], default: str = "turtle") -> str:
    """The format a file's suffix names, or ``default``.

    >>> format_for_path("out/graph.trig"), format_for_path("graph.rdf")
    ('trig', 'turtle')
    """
    return _SUFFIXES.get(Path(path).suffix.lower(), default)


def new_graph(base: str = DEFAULT_BASE, *, store: str = "default") -> Graph:
    """An empty graph with kgraph's prefixes bound; ``store="Oxigraph"`` for speed."""
    g = Graph(store=store, identifier=URIRef(f"{base}graph"), bind_namespaces="core")
    _bind(g)
    return g


def _bind(g: Graph) -> None:
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns, override=True)


def to_rdf(
    G: nx.MultiDiGraph,
    *,
    base: str = DEFAULT_BASE,
    store: str = "default",
    progress: Callable[[int], Any] | None = None,
) -> Graph:
    """Convert a kgraph networkx graph to an rdflib graph that uses the kgraph ontology.

    Parameters
    ----------
    G
        A graph as described in ``docs/graph-model.md``.
    base
        The base of every instance IRI; must end with ``/`` or ``#``.
    store
        The rdflib store: ``"default"`` (memory) or ``"Oxigraph"``.
    progress
        Called with 1 after each node and each edge is converted.

    Returns
    -------
    rdflib.Graph
        One graph (identifier ``{base}graph``): entities, documents, sentences and one
        ``kg:Assertion`` per edge linking the triple to its sentences with PROV-O.

    Raises
    ------
    ExportError
        On an unknown class or relation name, or a malformed condition value.
    """
    base = _check_base(base)
    g = new_graph(base, store=store)
    triples = _triples(G, base, progress or (lambda n: None))
    if not add_triples(g, triples):  # Oxigraph: each distinct term converted once
        g.addN((s, p, o, g) for s, p, o in triples)
    return g


def _triples(
    G: nx.MultiDiGraph, base: str, progress: Callable[[int], Any]
) -> Iterable[tuple[Any, Any, Any]]:
    seen_sentences: set[URIRef] = set()
    documents: Mapping[str, Mapping[str, Any]] = G.graph.get("documents", {}) or {}
    seen_docs = set(documents)
    for doc_id in sorted(documents):
        yield from _document(doc_id, documents[doc_id], base)

    def evidence(items: Iterable[Mapping[str, Any]]) -> Iterable[tuple[URIRef, list]]:
        for ev in items:
            doc = str(ev["doc"])
            s = sentence_iri(doc, ev["start"], ev["end"], base)
            triples = []
            if doc not in seen_docs:
                seen_docs.add(doc)
                triples.extend(_document(doc, {}, base))
            if s not in seen_sentences:
                seen_sentences.add(s)
                triples += [
                    (s, RDF.type, KG.Sentence),
                    (s, KG.text, string_literal(str(ev.get("sentence", "")))),
                    (s, KG.start, Literal(int(ev["start"]))),
                    (s, KG.end, Literal(int(ev["end"]))),
                    (s, KG.inDocument, document_iri(doc, base)),
                ]
            yield s, triples

    iris: dict[str, URIRef] = {}
    for node in sorted(G.nodes):
        data = G.nodes[node]
        cls, label = _class_label(node, data)
        s = iris[node] = entity_iri(cls, label, base)
        yield from _entity(s, cls, label, data, base)
        for doc in data.get("docs") or ():
            if str(doc) not in seen_docs:
                seen_docs.add(str(doc))
                yield from _document(str(doc), {}, base)
        for sent, triples in evidence(data.get("evidence") or ()):
            yield from triples
            yield s, KG.mentionedIn, sent
        progress(1)

    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        relation = data.get("relation") or key
        if relation not in PROPERTIES:
            raise ExportError(f"edge {u} -> {v}: unknown relation {relation!r}")
        p = PROPERTIES[relation]
        a = assertion_iri(u, relation, v, base)
        yield iris[u], p, iris[v]
        yield a, RDF.type, KG.Assertion
        yield a, RDF.subject, iris[u]
        yield a, RDF.predicate, p
        yield a, RDF.object, iris[v]
        yield a, KG.provenance, string_literal(str(data.get("source") or "text"))
        for sent, triples in evidence(data.get("evidence") or ()):
            yield from triples
            yield a, PROV.wasDerivedFrom, sent
        progress(1)


def _class_label(node: str, data: Mapping[str, Any]) -> tuple[str, str]:
    cls, label = data.get("cls"), data.get("label")
    if cls is None or label is None:
        head, sep, tail = str(node).partition(":")
        cls, label = (cls or head), (label if label is not None else tail)
        if not sep and data.get("cls") is None:
            raise ExportError(f"node {node!r} has no 'cls' and its id is not 'cls:label'")
    if cls not in CLASSES:
        raise ExportError(f"node {node!r}: unknown class {cls!r}")
    return cls, str(label)


def _document(doc_id: str, meta: Mapping[str, Any], base: str) -> Iterable[tuple]:
    d = document_iri(doc_id, base)
    yield d, RDF.type, KG.Document
    yield d, DCTERMS.identifier, string_literal(doc_id)
    if meta.get("title") is not None:
        yield d, DCTERMS.title, string_literal(str(meta["title"]))
    date = meta.get("date")
    if date:
        date = str(date)
        yield (
            d,
            DCTERMS.date,
            Literal(date, datatype=XSD.date if _ISO_DATE.fullmatch(date) else XSD.string),
        )
    if meta.get("source"):
        yield d, DCTERMS.source, string_literal(str(meta["source"]))
    if meta.get("url"):
        yield d, KG.url, Literal(str(meta["url"]), datatype=XSD.anyURI)
    if meta.get("views") is not None:
        yield d, KG.views, Literal(int(meta["views"]))


def _entity(s: URIRef, cls: str, label: str, data: Mapping[str, Any], base: str) -> Iterable:
    yield s, RDF.type, CLASSES[cls]
    if cls == "Organization" and label.endswith("银行") and label != "银行":
        yield s, RDF.type, KG.Bank
    yield s, RDFS.label, Literal(label, lang="zh")
    for alias in data.get("aliases") or ():
        if alias != label:
            yield s, SKOS.altLabel, Literal(str(alias), lang="zh")
    if data.get("count") is not None:
        yield s, KG.mentionCount, Literal(int(data["count"]))
    for doc in data.get("docs") or ():
        yield s, KG.appearsIn, document_iri(str(doc), base)
    if cls == "LoanCondition":
        yield from condition_triples(s, data)
    if cls == "Region":
        if data.get("adcode"):
            yield s, KG.adcode, string_literal(str(data["adcode"]))
        if data.get("level"):
            yield s, KG.level, string_literal(str(data["level"]))


# ------------------------------------------------------------------ files


def serialize(graph: Graph, format: str = "turtle") -> bytes:
    """Serialize an rdflib graph in a named format (see :data:`FORMATS`) with pyoxigraph.

    Triples are sorted (subject, then ``rdf:type`` first, predicate, object), so the same
    graph always gives the same bytes and Turtle groups each subject's triples. TriG puts
    the triples in the named graph ``graph.identifier``.

    Parameters
    ----------
    graph
        The graph; an Oxigraph-backed one is read natively, others term by term.
    format
        ``turtle``, ``nt``, ``json-ld`` or ``trig`` (or an alias).

    Returns
    -------
    bytes
        The document, UTF-8.

    Examples
    --------
    >>> g = new_graph()
    >>> _ = g.add((entity_iri("Region", "云南省"), RDFS.label, Literal("云南省", lang="zh")))
    >>> serialize(g, "nt").decode().split()[-2:]
    ['"云南省"@zh', '.']
    """
    name = format_name(format)
    try:
        data = _sorted_ntriples(graph)
        if name == "nt":
            return data
        triples: Iterable[Any] = (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        if name == "trig":
            gname = to_ox(graph.identifier) if isinstance(graph.identifier, URIRef) else None
            triples = (ox.Quad(t.subject, t.predicate, t.object, gname) for t in triples)
        return ox.serialize(triples, format=_OX_FORMATS[name], prefixes=_PREFIXES)
    except (SyntaxError, TypeError, ValueError, OSError) as exc:
        raise ExportError(f"cannot serialize the graph as {name}: {exc}") from exc


# Sorting N-Triples lines as bytes orders triples by subject, predicate, object (UTF-8
# keeps code point order, and a term's text is never a prefix of another term's text
# followed by something smaller than the space that ends it). To put rdf:type first, the
# predicate is swapped for a control byte while sorting: canonical N-Triples never writes
# one raw.
_TYPE_NT = f" <{RDF.type}> ".encode()
_TYPE_KEY = b" \x01 "


def ntriples(graph: Graph) -> bytes:
    """The graph's triples as N-Triples, in no particular order; a graph kept in Oxigraph is
    dumped by Oxigraph itself, any other converted term by term."""
    if isinstance(graph.store, OxigraphStore) and not isinstance(graph, ConjunctiveGraph):
        return graph.store._inner.dump(
            format=ox.RdfFormat.N_TRIPLES, from_graph=_ox_graph_name(graph.identifier)
        )
    return ox.serialize(_ox_triples(graph), format=ox.RdfFormat.N_TRIPLES)


def _sorted_ntriples(graph: Graph) -> bytes:
    lines = ntriples(graph).replace(_TYPE_NT, _TYPE_KEY).split(b"\n")
    lines.pop()  # the empty string after the last newline
    lines.sort()
    lines.append(b"")
    return b"\n".join(lines).replace(_TYPE_KEY, _TYPE_NT)


def _ox_graph_name(identifier: Any) -> Any:
    if identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return to_ox(identifier)


def _ox_triples(graph: Graph) -> Iterable[Any]:
    return (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)


def write_rdf(
    G: nx.MultiDiGraph | Graph,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    base: str = DEFAULT_BASE,
) -> Path:
    """Write a graph to ``path`` atomically (temporary file, then ``os.replace``).

    Parameters
    ----------
    G
        A kgraph networkx graph (converted with :func:`to_rdf`) or an rdflib graph.
    path
        The file to write; its folder is created.
    format
        ``turtle``, ``nt``, ``json-ld`` or ``trig`` (or an alias); by default the one the
        suffix names (``.ttl``, ``.nt``, ``.jsonld``, ``.trig``), else Turtle.
    base
        The base IRI, when ``G`` is a networkx graph.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    name = format_name(format) if format else format_for_path(path)
    graph = G if isinstance(G, Graph) else to_rdf(G, base=base)
    data = serialize(graph, name)
    try:  # with the mode every other output gets (mkstemp alone would leave 0600)
        return atomic_write(path, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def load_rdf(
    path: str | os.PathLike[str], *, format: str | None = None, store: str = "Oxigraph"
) -> Graph:
    """Read an RDF file written by :func:`write_rdf` (or any Turtle/N-Triples/JSON-LD/TriG).

    The graphs of a TriG file are merged into one. The default store is Oxigraph, whose
    SPARQL engine answers :func:`kgraph.rdf.sparql.run_query` much faster than rdflib's.

    Raises
    ------
    ExportError
        When the file is missing or does not parse.
    """
    path = Path(path)
    name = format_name(format) if format else format_for_path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such RDF file")
    graph = Graph(store=store, bind_namespaces="core")
    _bind(graph)
    try:
        if name == "trig":  # merge the named graphs: drop graph names, read as N-Triples
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TRIG)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            graph.parse(data=data, format="ox-ntriples")
        else:
            graph.parse(path, format=FORMATS[name][0])
    except Exception as exc:  # parsers raise SyntaxError, ValueError, ...
        raise ExportError(f"{path}: not valid {name}: {exc}") from exc
    return graph
